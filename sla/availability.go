package sla

import (
	"errors"
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/internal/interval"
)

// ErrBadPolicy: a policy value outside its enumeration, or a degraded loss outside 0–1.
var ErrBadPolicy = errors.New("sla: bad availability policy")

// MaintenancePolicy says how planned maintenance inside service hours counts. The zero value
// means MaintenanceExcluded.
// It is a plain value, safe for concurrent use.
type MaintenancePolicy int

// Maintenance policies.
const (
	// MaintenanceExcluded removes maintenance from the denominator (the usual contract term).
	MaintenanceExcluded MaintenancePolicy = iota + 1
	// MaintenanceUp counts maintenance as available time.
	MaintenanceUp
	// MaintenanceDown counts maintenance as lost time (an SLO that ignores announcements).
	MaintenanceDown
)

func (m MaintenancePolicy) String() string {
	switch m {
	case 0, MaintenanceExcluded:
		return "maintenance excluded"
	case MaintenanceUp:
		return "maintenance counted up"
	case MaintenanceDown:
		return "maintenance counted down"
	}
	return "unknown maintenance policy"
}

// NoDataPolicy says how time without data inside service hours counts. The zero value means
// NoDataExcluded.
// It is a plain value, safe for concurrent use.
type NoDataPolicy int

// No-data policies.
const (
	// NoDataExcluded removes unknown time from the denominator.
	NoDataExcluded NoDataPolicy = iota + 1
	// NoDataUp counts unknown time as available (optimistic).
	NoDataUp
	// NoDataDown counts unknown time as lost (pessimistic).
	NoDataDown
)

func (n NoDataPolicy) String() string {
	switch n {
	case 0, NoDataExcluded:
		return "no data excluded"
	case NoDataUp:
		return "no data counted up"
	case NoDataDown:
		return "no data counted down"
	}
	return "unknown no-data policy"
}

// Policy holds every choice that changes an availability figure. The zero Policy is the
// documented default: maintenance and no-data time excluded, degraded time fully available, no
// effective date. A Policy is a plain value, safe for concurrent use.
type Policy struct {
	Maintenance MaintenancePolicy
	NoData      NoDataPolicy
	// DegradedLoss is the share of degraded time counted as lost, in [0, 1]: 0 (the zero value)
	// counts degraded time as available, 1 as down, 1/2 as half lost.
	DegradedLoss Ratio
	// Effective is when the service (or agreement) starts; earlier time is excluded. The zero
	// time means "always".
	Effective time.Time
}

// Validate reports ErrBadPolicy for out-of-range fields.
func (p Policy) Validate() error {
	if p.Maintenance < 0 || p.Maintenance > MaintenanceDown {
		return fmt.Errorf("%w: maintenance policy %d", ErrBadPolicy, int(p.Maintenance))
	}
	if p.NoData < 0 || p.NoData > NoDataDown {
		return fmt.Errorf("%w: no-data policy %d", ErrBadPolicy, int(p.NoData))
	}
	if p.DegradedLoss.Sign() < 0 || p.DegradedLoss.Cmp(exact.FromInt(1)) > 0 {
		return fmt.Errorf("%w: degraded loss %s outside 0–1", ErrBadPolicy, p.DegradedLoss)
	}
	return nil
}

// Explanation lists which scheduled intervals counted how. Each set is inside Report.Window and
// inside service hours; Scheduled is the union of the others, which are pairwise disjoint. The
// zero value explains an empty window. The sets may share memory with the timeline: read only.
// Safe for concurrent use as long as nobody modifies the sets.
type Explanation struct {
	Scheduled       IntervalSet // service hours in the window
	BeforeEffective IntervalSet // scheduled but before the effective date: excluded
	Up              IntervalSet // operational
	Degraded        IntervalSet
	Down            IntervalSet
	NoData          IntervalSet // including window time outside the timeline's window
	Maintenance     IntervalSet
}

// Report is an availability figure with everything it was made from. All durations are
// scheduled time (inside service hours) within Window.
//
//	Scheduled = BeforeEffective + Up + Degraded + Down + NoData + Maintenance
//	Counted   = Scheduled − Excluded
//	Availability = 100 × (Counted − Lost) / Counted  (percent, exact)
//
// Known is false when Counted is zero ("no data"): Availability is then zero and must not be
// shown as a percentage. The zero Report is an unknown figure over an empty window.
// Safe for concurrent use as long as nobody modifies its Explanation's sets (shared with the
// timeline).
type Report struct {
	Window          Interval
	Policy          Policy
	Scheduled       time.Duration
	BeforeEffective time.Duration
	Up              time.Duration
	Degraded        time.Duration
	Down            time.Duration
	NoData          time.Duration
	Maintenance     time.Duration
	// Excluded is the scheduled time left out of the denominator: before the effective date,
	// plus maintenance and no-data time when the policy excludes them.
	Excluded time.Duration
	// Counted is the denominator.
	Counted time.Duration
	// Lost is the counted time lost, in nanoseconds, exact (a degraded loss share can make it
	// fractional): Down + DegradedLoss × Degraded, plus maintenance or no-data time counted down.
	Lost         Ratio
	Availability Ratio
	Known        bool
	Explanation  Explanation
}

// Good is the counted time not lost, in nanoseconds, exact.
func (r Report) Good() Ratio { return exact.FromInt(int64(r.Counted)).Sub(r.Lost) }

// LostDuration is Lost rounded up to a whole nanosecond, so loss is never understated.
func (r Report) LostDuration() time.Duration {
	n, _ := r.Lost.Int64(exact.Ceil) // Lost <= Counted fits an int64
	return time.Duration(n)
}

// Format shows the availability rounded down at places decimals (0 to MaxPlaces) with a percent
// sign, or "no data" when it is unknown.
func (r Report) Format(places int) string {
	if !r.Known {
		return "no data"
	}
	return FormatPercent(r.Availability, places) + "%"
}

// Availability measures tl over window w during cal's service hours (nil: 24×7) under policy
// p. Parts of w outside the timeline's window count as NoData. See the package doc for the
// arithmetic and every default. A window longer than a Duration holds (about 292 years) is
// refused with ErrBadInterval: its totals could not be stated.
func Availability(tl Timeline, cal *Calendar, w Interval, p Policy) (Report, error) {
	if err := checkMeasured(w); err != nil {
		return Report{}, err
	}
	if err := p.Validate(); err != nil {
		return Report{}, err
	}
	r := Report{Window: w, Policy: p}
	var sched IntervalSet
	if cal.AlwaysWorking() {
		if !w.Empty() {
			sched = IntervalSet{w}
		}
	} else {
		sched = cal.Working(w)
	}
	ex := &r.Explanation
	ex.Scheduled = sched
	if !p.Effective.IsZero() && p.Effective.After(w.Start) {
		cut := Interval{Start: w.Start, End: p.Effective}
		ex.BeforeEffective = interval.Clip(sched, cut)
		if len(ex.BeforeEffective) > 0 {
			sched = interval.Difference(sched, ex.BeforeEffective)
		}
	}
	clip := func(s Status) IntervalSet {
		// Only the intervals overlapping w (binary search), so one window of a long timeline
		// costs that window, and reports per period stay linear overall.
		set := tl.Intervals(s).Overlapping(w)
		if len(set) == 0 || len(sched) == 0 {
			return nil
		}
		return interval.Intersect(set, sched)
	}
	ex.Up = clip(Operational)
	ex.Degraded = clip(Degraded)
	ex.Down = clip(Down)
	ex.Maintenance = clip(Maintenance)
	ex.NoData = clip(NoData)
	if outside := interval.Difference(sched, nonEmpty(tl.window)); len(outside) > 0 {
		ex.NoData = interval.Union(ex.NoData, outside)
	}
	r.Scheduled = ex.Scheduled.Total()
	r.BeforeEffective = ex.BeforeEffective.Total()
	r.Up = ex.Up.Total()
	r.Degraded = ex.Degraded.Total()
	r.Down = ex.Down.Total()
	r.Maintenance = ex.Maintenance.Total()
	r.NoData = ex.NoData.Total()

	r.Excluded = r.BeforeEffective
	lost := exact.FromInt(int64(r.Down))
	if r.Degraded > 0 && p.DegradedLoss.Sign() > 0 {
		lost = lost.Add(p.DegradedLoss.MulInt(int64(r.Degraded)))
	}
	switch p.Maintenance {
	case 0, MaintenanceExcluded:
		r.Excluded += r.Maintenance
	case MaintenanceDown:
		lost = lost.Add(exact.FromInt(int64(r.Maintenance)))
	}
	switch p.NoData {
	case 0, NoDataExcluded:
		r.Excluded += r.NoData
	case NoDataDown:
		lost = lost.Add(exact.FromInt(int64(r.NoData)))
	}
	r.Counted = r.Scheduled - r.Excluded
	r.Lost = lost
	if r.Counted > 0 {
		r.Known = true
		good := exact.FromInt(int64(r.Counted)).Sub(lost)
		a, _ := good.MulInt(100).QuoInt(int64(r.Counted)) // Counted > 0
		r.Availability = a
	}
	return r, nil
}

func nonEmpty(w Interval) IntervalSet {
	if w.Empty() {
		return nil
	}
	return IntervalSet{w}
}

// AvailabilityToDate is the figure for the part of period up to asOf: the window
// [period.Start, min(asOf, period.End)). Before the period starts it is unknown.
func AvailabilityToDate(tl Timeline, cal *Calendar, period Interval, asOf time.Time, p Policy) (Report, error) {
	if err := checkWindow(period); err != nil {
		return Report{}, err
	}
	end := period.End
	if asOf.Before(end) {
		end = asOf
	}
	if end.Before(period.Start) {
		end = period.Start
	}
	return Availability(tl, cal, Interval{Start: period.Start, End: end}, p)
}

// AvailabilityByPeriod measures every period of per that overlaps r, in order, each over the
// whole period (not clipped to r: time outside the timeline's window is no data, which the
// default policy excludes). Use per Daily(time.UTC) for UTC days, Monthly(loc) for months.
func AvailabilityByPeriod(tl Timeline, cal *Calendar, per Period, r Interval, p Policy) ([]Report, error) {
	if err := per.Validate(); err != nil {
		return nil, err
	}
	if err := checkWindow(r); err != nil {
		return nil, err
	}
	var out []Report
	for w := range per.Covering(r) {
		rep, err := Availability(tl, cal, w, p)
		if err != nil {
			return nil, err
		}
		out = append(out, rep)
	}
	return out, nil
}
