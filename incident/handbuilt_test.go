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
	got := Flow([]Incident{inc}, from, to, step)
	equal(t, 11, len(got), "2025 years in periods of 199.9")
	last := got[len(got)-1]
	truth(t, !last.From.After(t0) && to.Before(last.From.Add(step)), "the last period holds 2026")
	equal(t, [2]int{1, 0}, [2]int{last.Opened, last.Resolved}, "resolved after to: not counted")
	got = Flow([]Incident{inc}, t0, t0.Add(2*time.Hour), time.Hour)
	equal(t, []Bucket{{From: t0, Opened: 1}, {From: t0.Add(time.Hour), Resolved: 1}}, got)
}
