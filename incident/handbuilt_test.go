package incident

import (
	"testing"
	"time"
)

// Exported fields let callers build values by hand that no constructor would make. Every function
// must still answer (never panic) with a documented value.
func TestHandBuiltValues(t *testing.T) {
	at, ok := Incident{Fields: Fields{Status: Status{State: Closed}}}.ClosedAt()
	equal(t, [2]any{time.Time{}, false}, [2]any{at, ok}, "ClosedAt without history")

	equal(t, []Reassignment{{Key: "all", Incidents: 1, Histogram: []int{1}}},
		Reassignments([]Incident{{Reassignments: -1}}, Overall), "a negative count counts as 0")

	inf := InferMatrix(func(yield func(Observation) bool) {
		_ = yield(Observation{Impact: 1 << 40, Urgency: 1 << 40, Priority: 1}) && yield(Observation{Impact: 0, Urgency: 1, Priority: 1}) &&
			yield(Observation{Impact: 2, Urgency: 1, Priority: 2})
	})
	equal(t, [3]any{"- / 2", 1, 2}, [3]any{inf.Matrix.String(), inf.Rows, inf.Skipped}, "levels above MaxLevel and below 1 are skipped and counted")

	held := []Incident{{History: []Event{
		{At: t0, Fields: Fields{Status: Status{State: OnHold, Reason: 99}}},
		{At: t0.Add(time.Hour), Fields: Fields{Status: Status{State: OnHold, Reason: AwaitingVendor}}},
	}}}
	equal(t, []HoldTime{{Reason: AwaitingVendor, Incidents: 1, Total: time.Hour, Business: time.Hour}},
		HoldTimes(held, t0.Add(2*time.Hour), nil), "an invalid reason is not counted")

	equal(t, false, InState(New).Match(nil, nil), "nil fields match nothing")
}

// Flow over a window longer than a time.Duration holds (year 1 to 2026 in steps of 200 years):
// the periods are laid out by addition, not by dividing a saturated duration.
func TestFlowLongWindow(t *testing.T) {
	from := time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)
	step := 200 * 365 * 24 * time.Hour // about 199.9 calendar years
	inc := openAt(t, t0)
	inc, _ = inc.Resolve(t0.Add(time.Hour), "a", "x")
	to := t0.Add(30 * time.Minute)
	got, err := Flow([]Incident{inc}, from, to, step)
	noErr(t, err)
	equal(t, 11, len(got), "2025 years in periods of 199.9")
	last := got[len(got)-1]
	truth(t, !last.From.After(t0) && to.Before(last.From.Add(step)), "the last period holds 2026")
	equal(t, [2]int{1, 0}, [2]int{last.Opened, last.Resolved}, "resolved after to: not counted")
	got, err = Flow([]Incident{inc}, t0, t0.Add(2*time.Hour), time.Hour)
	noErr(t, err)
	equal(t, []Bucket{{From: t0, Opened: 1}, {From: t0.Add(time.Hour), Resolved: 1}}, got)
}

// Metrics over nothing are "no data", not 0 % and not 100 % (DESIGN §4.5): Known says which.
func TestMetricsNoData(t *testing.T) {
	equal(t, false, Attainment(nil).Known(), "no timers")
	equal(t, false, Attainment([]Measurement{{Stage: Running}, {Stage: Cancelled}, {}}).Known(), "nothing decided yet")
	equal(t, false, ReopenRate(nil).Known(), "no incidents")
	equal(t, true, Attainment([]Measurement{{Stage: Completed, Breached: true}}).Known(), "one breach: 0 % is data")
	equal(t, []Group{}, MTTR(nil, ByPriority), "no groups at all")
	open := openAt(t, t0)
	g := MTTR([]Incident{open}, Overall)
	equal(t, []Group{{Key: "all", Excluded: 1}}, g, "a group with no resolved incident")
	equal(t, false, g[0].Stats.Known())
	equal(t, true, Summarize([]time.Duration{0}).Known(), "one zero duration is data")
	// Nearest rank on tiny samples: n = 1 gives the value for every p; n = 2 gives the lower
	// value up to P50 and the upper one above it.
	one, two := []time.Duration{7}, []time.Duration{1, 9}
	for _, p := range []int{0, 1, 50, 99, 100} {
		equal(t, time.Duration(7), Percentile(one, p), "n=1 p=", p)
	}
	equal(t, [5]time.Duration{1, 1, 1, 9, 9}, [5]time.Duration{Percentile(two, 0), Percentile(two, 1), Percentile(two, 50), Percentile(two, 51), Percentile(two, 100)}, "n=2")
}
