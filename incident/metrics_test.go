package incident

import (
	"testing"
	"time"

	"pgregory.net/rapid"
)

func TestPercentileNearestRank(t *testing.T) {
	h := time.Hour
	s := []time.Duration{1 * h, 2 * h, 3 * h, 4 * h, 5 * h, 6 * h, 7 * h, 8 * h, 9 * h, 10 * h}
	cases := map[int]time.Duration{0: 1 * h, 1: 1 * h, 10: 1 * h, 11: 2 * h, 50: 5 * h, 51: 6 * h, 90: 9 * h, 95: 10 * h, 100: 10 * h, 150: 10 * h, -5: 1 * h}
	got := map[int]time.Duration{}
	for p := range cases {
		got[p] = Percentile(s, p)
	}
	equal(t, cases, got)
	equal(t, time.Duration(0), Percentile(nil, 50))
	equal(t, Stats{}, Summarize(nil))
	equal(t, Stats{N: 3, Mean: 2 * h, Min: h, P50: 2 * h, P90: 3 * h, P95: 3 * h, Max: 3 * h}, Summarize([]time.Duration{3 * h, h, 2 * h}))
}

// The mean does not overflow for long samples of long durations, and every percentile is one of
// the sample's values, in order.
func testSummarize(t *rapid.T) {
	ds := rapid.SliceOfN(rapid.Int64Range(0, 1<<62), 1, 50).Draw(t, "ds")
	in := make([]time.Duration, len(ds))
	var lo, hi time.Duration = 1<<63 - 1, 0
	for i, d := range ds {
		in[i] = time.Duration(d)
		lo, hi = min(lo, in[i]), max(hi, in[i])
	}
	s := Summarize(in)
	if s.Mean < lo || s.Mean > hi {
		t.Fatalf("mean %v outside [%v, %v]", s.Mean, lo, hi)
	}
	if !(s.Min <= s.P50 && s.P50 <= s.P90 && s.P90 <= s.P95 && s.P95 <= s.Max) || s.Min != lo || s.Max != hi {
		t.Fatalf("percentiles out of order: %+v", s)
	}
}

func TestSummarize(t *testing.T) { rapid.Check(t, testSummarize) }

func FuzzSummarize(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSummarize)) }

func TestMetricsSmall(t *testing.T) {
	h := time.Hour
	a := mustOpen(t)
	a, _ = a.Assign(t0.Add(h/2), "x", "G2", "bob")
	a, _ = a.Start(t0.Add(h), "bob")
	a, _ = a.Hold(t0.Add(2*h), "bob", AwaitingVendor)
	a, _ = a.Resume(t0.Add(5*h), "bob")
	a, _ = a.Resolve(t0.Add(6*h), "bob", "ok")
	a, _ = a.Reopen(t0.Add(30*h), "caller")
	a, _ = a.Hold(t0.Add(31*h), "bob", AwaitingCaller) // still on hold at as-of
	b := mustOpen(t)
	b.ID = "INC2"
	b, _ = b.Cancel(t0.Add(h), "x")
	incs := []Incident{a, b}

	equal(t, []Group{{Key: "3", Stats: Stats{N: 2, Mean: h, Min: h, P50: h, P90: h, P95: h, Max: h}}}, MTTA(incs, ByPriority))
	equal(t, []Group{{Key: "all", Excluded: 2}}, MTTR(incs, Overall), "reopened and canceled: no resolution")
	equal(t, []Count{{"G2", 1}, {"Service Desk", 1}}, Volumes(incs, ByGroup))
	equal(t, []Reassignment{{Key: "all", Incidents: 2, Total: 1, Max: 1, Histogram: []int{1, 1}}}, Reassignments(incs, Overall))
	rr := ReopenRate(incs)
	equal(t, Share{Hits: 1, Total: 1, Percent: pct(t, "100")}, rr)

	asOf := t0.Add(35 * h)
	equal(t, []HoldTime{
		{Reason: AwaitingCaller, Incidents: 1, Total: 4 * h, Business: 4 * h},
		{Reason: AwaitingVendor, Incidents: 1, Total: 3 * h, Business: 3 * h},
	}, HoldTimes(incs, asOf, nil))
	biz := HoldTimes(incs, asOf, weekdays9to17(t))
	equal(t, 3*h, biz[1].Business, "vendor hold 11:00–14:00 Monday")
	equal(t, 1*h, biz[0].Business, "caller hold 16:00–20:00 Tuesday: 1 h in hours")

	got, err := Backlog(incs, t0, t0.Add(36*h), 6*h)
	noErr(t, err)
	var open []int
	for _, p := range got {
		open = append(open, p.Open)
	}
	// t0: both open; +6 h a resolved, b canceled at +1 h; +30 h a reopened.
	equal(t, []int{2, 0, 0, 0, 0, 1}, open)
	none, err := Backlog(incs, t0, t0, h)
	equal(t, []BacklogPoint(nil), none)
	noErr(t, err)

	flow, err := Flow(incs, t0, t0.Add(36*h), 24*h)
	noErr(t, err)
	equal(t, []Bucket{{From: t0, Opened: 2}, {From: t0.Add(24 * h)}}, flow, "a was reopened: no resolution now")
	done, _ := a.Resume(t0.Add(32*h), "bob")
	done, _ = done.Resolve(t0.Add(33*h), "bob", "ok")
	flow, err = Flow([]Incident{done, b}, t0, t0.Add(36*h), 24*h)
	noErr(t, err)
	equal(t, []Bucket{{From: t0, Opened: 2}, {From: t0.Add(24 * h), Resolved: 1}}, flow)
	flow, err = Flow(incs, t0, t0, h)
	equal(t, []Bucket(nil), flow)
	noErr(t, err)
}

// Backlog and Flow allocate one slot per sample or period, so the number is bounded: exactly
// MaxPeriods is accepted, one more is ErrTooManyPeriods before anything is allocated (a
// nanosecond step over a year would be 3.15e16 slots).
func TestPeriodsBounded(t *testing.T) {
	incs := []Incident{openAt(t, t0)}
	year := t0.AddDate(1, 0, 0)
	_, err := Backlog(incs, t0, year, time.Nanosecond)
	isErr(t, err, ErrTooManyPeriods)
	equal(t, `incident: backlog: too many periods: step 1ns from 2026-03-02T09:00:00Z to 2027-03-02T09:00:00Z gives more than 1048576 (MaxPeriods)`, err.Error())
	_, err = Flow(incs, t0, year, time.Nanosecond)
	isErr(t, err, ErrTooManyPeriods)

	edge := t0.Add(MaxPeriods * time.Second)
	b, err := Backlog(incs, t0, edge, time.Second)
	noErr(t, err, "exactly MaxPeriods samples")
	equal(t, MaxPeriods, len(b))
	f, err := Flow(incs, t0, edge, time.Second)
	noErr(t, err, "exactly MaxPeriods periods")
	equal(t, [2]int{MaxPeriods, 1}, [2]int{len(f), f[0].Opened})
	_, err = Backlog(incs, t0, edge.Add(1), time.Second)
	isErr(t, err, ErrTooManyPeriods, "one more")
	_, err = Flow(incs, t0, edge.Add(1), time.Second)
	isErr(t, err, ErrTooManyPeriods, "one more")
}
