package incident

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/sla"
)

// Key groups incidents for metrics: it returns the group an incident falls in. The zero (nil) Key is
// Overall (one group, "all"). The metrics call a Key from one goroutine only; a Key shared by
// metrics running concurrently must itself be safe for concurrent use, as the ones here are.
type Key func(Incident) string

// orOverall is k, or Overall for the nil Key.
func (k Key) orOverall() Key {
	if k == nil {
		return Overall
	}
	return k
}

// ByPriority groups by current priority ("1", "2", …; "-" when none).
func ByPriority(inc Incident) string { return inc.Priority.String() }

// ByGroup groups by the current (for closed incidents: the last) assignment group; "" when none.
func ByGroup(inc Incident) string { return inc.Group }

// ByCategory groups by the current category; "" when none.
func ByCategory(inc Incident) string { return inc.Category }

// Overall puts every incident in one group named "all".
func Overall(Incident) string { return "all" }

// Stats summarises a sample of durations. Percentiles use the nearest-rank definition: the p-th
// percentile of n sorted values is the value at rank ⌈p·n/100⌉ (1-based), so it is always one of
// the observed values, and P100 is the maximum. Mean is truncated to the nanosecond. The zero
// value is an empty sample (N = 0; every figure is zero and means "no data").
// A plain value, safe for concurrent use.
type Stats struct {
	N                  int
	Mean               time.Duration
	Min, P50, P90, P95 time.Duration
	Max                time.Duration
}

// Known reports whether the sample holds any value (N > 0); the figures of an empty sample read
// 0 but mean "no data".
func (s Stats) Known() bool { return s.N > 0 }

// MarshalJSON writes N and the figures, with every figure null for an empty sample (no data,
// not 0 s).
func (s Stats) MarshalJSON() ([]byte, error) {
	type plain Stats
	if s.Known() {
		return json.Marshal(plain(s))
	}
	return json.Marshal(struct {
		N                             int
		Mean, Min, P50, P90, P95, Max *time.Duration
	}{N: s.N})
}

// Percentile returns the nearest-rank p-th percentile (0 ≤ p ≤ 100) of values sorted in
// ascending order; P0 is the minimum. It returns 0 for an empty slice.
func Percentile(sorted []time.Duration, p int) time.Duration {
	n := len(sorted)
	if n == 0 {
		return 0
	}
	p = min(max(p, 0), 100)
	rank := (p*n + 99) / 100
	return sorted[max(rank, 1)-1]
}

// Summarize computes Stats of a sample. The input is not modified.
func Summarize(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	// Sum in two parts so a long sample of long durations cannot overflow.
	var q, r int64
	n := int64(len(s))
	for _, d := range s {
		q += int64(d) / n
		r += int64(d) % n
	}
	return Stats{
		N: len(s), Mean: time.Duration(q + r/n),
		Min: s[0], P50: Percentile(s, 50), P90: Percentile(s, 90), P95: Percentile(s, 95), Max: s[len(s)-1],
	}
}

// Group is the figures of one group of incidents.
// The zero value is a group without incidents.
// A plain value, safe for concurrent use.
type Group struct {
	Key   string
	Stats Stats
	// Excluded counts incidents of the group without the measured duration (never acknowledged,
	// not resolved) or with a negative one (a timestamp before the opening, a data error).
	Excluded int
}

func grouped(incs []Incident, key Key, measure func(Incident) (time.Duration, bool)) []Group {
	key = key.orOverall()
	samples := map[string][]time.Duration{}
	excluded := map[string]int{}
	for _, inc := range incs {
		k := key(inc)
		d, ok := measure(inc)
		if !ok || d < 0 {
			excluded[k]++
			if _, seen := samples[k]; !seen {
				samples[k] = nil
			}
			continue
		}
		samples[k] = append(samples[k], d)
	}
	out := make([]Group, 0, len(samples))
	for k, ds := range samples {
		out = append(out, Group{Key: k, Stats: Summarize(ds), Excluded: excluded[k]})
	}
	slices.SortFunc(out, func(a, b Group) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// MTTA is the time to acknowledge (Opened to the first event out of New) by group, sorted by key.
func MTTA(incs []Incident, key Key) []Group {
	return grouped(incs, key, func(inc Incident) (time.Duration, bool) {
		at, ok := inc.Acknowledged()
		return at.Sub(inc.Opened), ok
	})
}

// MTTR is the time to resolve (Opened to the last move into Resolved, for incidents resolved or
// closed) by group, sorted by key. Canceled and open incidents are excluded.
func MTTR(incs []Incident, key Key) []Group {
	return grouped(incs, key, func(inc Incident) (time.Duration, bool) {
		at, ok := inc.ResolvedAt()
		return at.Sub(inc.Opened), ok
	})
}

// Count is a number of incidents in one group.
// The zero value counts nothing.
// A plain value, safe for concurrent use.
type Count struct {
	Key string
	N   int
}

// Volumes counts incidents by group, sorted by key.
func Volumes(incs []Incident, key Key) []Count {
	key = key.orOverall()
	n := map[string]int{}
	for _, inc := range incs {
		n[key(inc)]++
	}
	out := make([]Count, 0, len(n))
	for k, c := range n {
		out = append(out, Count{k, c})
	}
	slices.SortFunc(out, func(a, b Count) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// Share is a count of successes out of a total with its exact percentage. The zero value is
// "no data" (Total 0, Percent 0): check Known before reading Percent. In JSON, Percent is null
// when the share is not known. A plain value, safe for concurrent use.
type Share struct {
	Hits, Total int
	Percent     sla.Ratio
}

// Known reports whether there is anything to take a share of (Total > 0). A Share that is not
// known is "no data": its Percent reads 0 but means neither 0 % nor 100 %.
func (r Share) Known() bool { return r.Total > 0 }

// MarshalJSON writes Hits, Total and Percent, with Percent null when the share is not known.
func (r Share) MarshalJSON() ([]byte, error) {
	type plain Share
	return json.Marshal(struct {
		plain
		Percent *sla.Ratio
	}{plain(r), orNull(r.Percent, r.Known())})
}

// orNull is r when ok, else nil (JSON null).
func orNull(r sla.Ratio, ok bool) *sla.Ratio {
	if !ok {
		return nil
	}
	return &r
}

func ratio(hits, total int) Share {
	r := Share{Hits: hits, Total: total}
	if total > 0 {
		r.Percent, _ = sla.IntRatio(int64(hits)).MulInt(100).QuoInt(int64(total))
	}
	return r
}

// Attainment is the share of timers that met their target: Hits are completed timers not
// breached, Total the completed timers plus running or paused ones already breached (they can no
// longer meet it). Timers not started, cancelled, or still within target are not counted.
func Attainment(ms []Measurement) Share {
	met, total := 0, 0
	for _, m := range ms {
		switch {
		case m.Stage == Completed:
			total++
			if !m.Breached {
				met++
			}
		case (m.Stage == Running || m.Stage == Paused) && m.Breached:
			total++
		}
	}
	return ratio(met, total)
}

// ReopenRate is the share of incidents ever resolved that were reopened at least once.
func ReopenRate(incs []Incident) Share {
	reopened, resolved := 0, 0
	for _, inc := range incs {
		ever := false
		for _, ev := range inc.History {
			if ev.State == Resolved {
				ever = true
				break
			}
		}
		if ever {
			resolved++
			if inc.Reopens > 0 {
				reopened++
			}
		}
	}
	return ratio(reopened, resolved)
}

// openSpans returns the intervals in which an incident was open (New, In Progress, On Hold),
// from its opening; a reopen starts a new span. A span still open ends at end.
func openSpans(inc Incident, end time.Time) []interval.Interval {
	var out []interval.Interval
	from, open := inc.Opened, false
	if len(inc.History) > 0 && inc.History[0].State.Open() {
		open = true
	}
	for _, ev := range inc.History[min(1, len(inc.History)):] {
		switch {
		case open && !ev.State.Open():
			out = append(out, interval.Interval{Start: from, End: maxTime(from, ev.At)})
			open = false
		case !open && ev.State.Open():
			from, open = ev.At, true
		}
	}
	if open {
		out = append(out, interval.Interval{Start: from, End: maxTime(from, end)})
	}
	return out
}

// BacklogPoint is the number of incidents open at an instant.
// The zero value is no open incident at the zero time.
// A plain value, safe for concurrent use.
type BacklogPoint struct {
	At   time.Time
	Open int
}

// MaxPeriods bounds the samples of Backlog and the periods of Flow: one slot each is allocated
// up front, so a tiny step over a long window would otherwise exhaust memory. 2^20 is, for
// example, hourly samples over more than a century.
const MaxPeriods = 1 << 20

// ErrTooManyPeriods is wrapped when a window and step give more than MaxPeriods slots.
var ErrTooManyPeriods = errors.New("too many periods")

// periods returns how many slots from, from+step, … before to holds (laid out by repeated
// addition, as the callers lay them out), or an error wrapping ErrTooManyPeriods beyond
// MaxPeriods. It stops counting there, so it costs at most MaxPeriods additions.
func periods(what string, from, to time.Time, step time.Duration) (int, error) {
	n := 0
	for at := from; at.Before(to); at = at.Add(step) {
		if n == MaxPeriods {
			return 0, fmt.Errorf("incident: %s: %w: step %v from %s to %s gives more than %d (MaxPeriods)",
				what, ErrTooManyPeriods, step, from.Format(time.RFC3339), to.Format(time.RFC3339), MaxPeriods)
		}
		n++
	}
	return n, nil
}

// Backlog samples the number of open incidents (New, In Progress or On Hold) at from, from+step,
// … up to but excluding to. An incident counts from its opening until it is resolved, closed or
// canceled, and again while reopened. It runs in O((n + samples) log n). A step ≤ 0 or an empty
// window gives nil; more than MaxPeriods samples is an error wrapping ErrTooManyPeriods.
func Backlog(incs []Incident, from, to time.Time, step time.Duration) ([]BacklogPoint, error) {
	if step <= 0 || !from.Before(to) {
		return nil, nil
	}
	samples, err := periods("backlog", from, to, step)
	if err != nil {
		return nil, err
	}
	type delta struct {
		at time.Time
		d  int
	}
	var ds []delta
	for _, inc := range incs {
		for _, sp := range openSpans(inc, to) {
			if sp.Empty() {
				continue
			}
			ds = append(ds, delta{sp.Start, +1}, delta{sp.End, -1})
		}
	}
	slices.SortFunc(ds, func(a, b delta) int { return a.at.Compare(b.at) })
	out := make([]BacklogPoint, 0, samples)
	open, i := 0, 0
	for at := from; at.Before(to); at = at.Add(step) {
		for i < len(ds) && !ds[i].at.After(at) {
			open += ds[i].d
			i++
		}
		out = append(out, BacklogPoint{At: at, Open: open})
	}
	return out, nil
}

// Bucket is the flow of incidents in one period [From, From+step): how many were opened and how
// many were resolved (their last resolution) in it.
// The zero value is an empty period.
// A plain value, safe for concurrent use.
type Bucket struct {
	From             time.Time
	Opened, Resolved int
}

// Flow counts incidents opened and resolved per period of length step from from up to to (the
// last period may end after to). Periods are fixed durations; for calendar months call it once
// per month. A step ≤ 0 or an empty window gives nil; more than MaxPeriods periods is an error
// wrapping ErrTooManyPeriods. It runs in O(periods + n log periods), for windows of any length
// (even longer than a time.Duration can hold).
func Flow(incs []Incident, from, to time.Time, step time.Duration) ([]Bucket, error) {
	if step <= 0 || !from.Before(to) {
		return nil, nil
	}
	n, err := periods("flow", from, to, step)
	if err != nil {
		return nil, err
	}
	// Periods are laid out by repeated addition and found by binary search, so windows longer
	// than time.Duration can hold (about 292 years) come out right instead of overflowing.
	out := make([]Bucket, 0, n)
	for at := from; at.Before(to); at = at.Add(step) {
		out = append(out, Bucket{From: at})
	}
	slot := func(at time.Time) int {
		if at.Before(from) || !at.Before(to) {
			return -1
		}
		i, _ := slices.BinarySearchFunc(out, at, func(b Bucket, t time.Time) int { return b.From.Compare(t) })
		if i == len(out) || out[i].From.After(at) {
			i-- // at lies inside the period before
		}
		return i
	}
	for _, inc := range incs {
		if i := slot(inc.Opened); i >= 0 {
			out[i].Opened++
		}
		if at, ok := inc.ResolvedAt(); ok {
			if i := slot(at); i >= 0 {
				out[i].Resolved++
			}
		}
	}
	return out, nil
}

// Reassignment is how often incidents of one group changed assignment group.
// The zero value is a group without incidents.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Reassignment struct {
	Key       string
	Incidents int
	Total     int // reassignments summed over the group's incidents
	Max       int
	// Histogram[k] is the number of incidents reassigned exactly k times.
	Histogram []int
}

// Reassignments aggregates Incident.Reassignments by group, sorted by key. A negative count (only
// a hand-built Incident can hold one) counts as 0.
func Reassignments(incs []Incident, key Key) []Reassignment {
	key = key.orOverall()
	by := map[string]*Reassignment{}
	for _, inc := range incs {
		k := key(inc)
		r := by[k]
		if r == nil {
			r = &Reassignment{Key: k}
			by[k] = r
		}
		n := max(inc.Reassignments, 0)
		r.Incidents++
		r.Total += n
		r.Max = max(r.Max, n)
		for len(r.Histogram) <= n {
			r.Histogram = append(r.Histogram, 0)
		}
		r.Histogram[n]++
	}
	out := make([]Reassignment, 0, len(by))
	for _, r := range by {
		out = append(out, *r)
	}
	slices.SortFunc(out, func(a, b Reassignment) int { return cmp.Compare(a.Key, b.Key) })
	return out
}

// HoldTime is the time incidents spent On Hold for one reason.
// The zero value is no hold time.
// A plain value, safe for concurrent use.
type HoldTime struct {
	Reason    HoldReason
	Incidents int           // incidents held at least once for the reason
	Total     time.Duration // wall-clock time
	Business  time.Duration // working time of cal
}

// HoldTimes sums the time spent On Hold by reason, in order of HoldReason, over the incidents'
// histories; a hold still in force counts up to asOf. cal counts business time; nil means 24×7.
// Events On Hold without a valid reason (only hand-built histories hold them) are not counted.
func HoldTimes(incs []Incident, asOf time.Time, cal Clock) []HoldTime {
	if cal == nil {
		cal = allDay{}
	}
	var by [OtherReason + 1]HoldTime
	for _, inc := range incs {
		var held [OtherReason + 1]bool
		for i, ev := range inc.History {
			if ev.State != OnHold || ev.Reason <= NoReason || ev.Reason > OtherReason || ev.At.After(asOf) {
				continue
			}
			end := asOf
			if i+1 < len(inc.History) && inc.History[i+1].At.Before(asOf) {
				end = inc.History[i+1].At
			}
			if end.Before(ev.At) {
				continue
			}
			h := &by[ev.Reason]
			h.Total += end.Sub(ev.At)
			h.Business += cal.BusinessTime(ev.At, end)
			held[ev.Reason] = true
		}
		for r, ok := range held {
			if ok {
				by[r].Incidents++
			}
		}
	}
	var out []HoldTime
	for r := AwaitingCaller; r <= OtherReason; r++ {
		if by[r].Incidents > 0 {
			h := by[r]
			h.Reason = r
			out = append(out, h)
		}
	}
	return out
}
