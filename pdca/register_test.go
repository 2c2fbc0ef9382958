package pdca

import (
	"encoding/json"
	"errors"
	"math"
	"testing"
	"time"
)

// A register item links to exactly one cycle, and a cycle realises one item. Approving a
// second item with a cycle ID already in use used to succeed, so two items claimed the same
// cycle and both could be completed by it: the register silently lost which work realised
// which improvement.
func TestRegisterCycleIDsUnique(t *testing.T) {
	r, err := Register{}.Add(item("I1", PriorityHigh, time.Time{}))
	noErr(t, err)
	r, err = r.Add(item("I2", PriorityLow, time.Time{}))
	noErr(t, err)
	r, c1, err := r.Approve("I1", "C1", "cab", h(1))
	noErr(t, err)
	_, _, err = r.Approve("I2", "C1", "cab", h(1))
	isErr(t, err, ErrItem)

	// A cycle opened for another item (or for none) does not complete I1 either.
	other, err := Open(h(1), Opening{ID: "C1", Subject: c1.Subject(), Item: "I2"})
	noErr(t, err)
	other, err = other.Apply(AbandonCycle(h(2), "test"))
	noErr(t, err)
	_, err = r.Complete("I1", other)
	isErr(t, err, ErrItem)

	// A stored register with two items on one cycle is refused too.
	a, b := item("A", PriorityLow, time.Time{}), item("B", PriorityLow, time.Time{})
	a.Status, a.Cycle = ItemApproved, "C9"
	b.Status, b.Cycle = ItemApproved, "C9"
	_, err = NewRegister(a, b)
	isErr(t, err, ErrItem)
}

// Approve refuses an instant before the item was raised; Reject used to accept any instant,
// even the zero time, leaving a decision dated before its item existed.
func TestRejectNotBeforeRaised(t *testing.T) {
	r, err := Register{}.Add(item("I1", PriorityLow, time.Time{}))
	noErr(t, err)
	_, err = r.Reject("I1", "cab", "no", t0.Add(-time.Hour))
	isErr(t, err, ErrItem)
	_, err = r.Reject("I1", "cab", "no", time.Time{})
	isErr(t, err, ErrItem)
	r2, err := r.Reject("I1", "cab", "no", t0)
	noErr(t, err)
	if it, _ := r2.Item("I1"); it.Status != ItemRejected || !it.Decided.Equal(t0) {
		t.Fatalf("rejected at raise time: %+v", it)
	}
}

// PhaseTimes summed stays with +=: two stays in Do of 200 and 1,800 years (a cycle replayed
// from badly dated events) wrapped round to a negative duration. Each stay saturates like
// time.Time.Sub, and so does the sum.
func TestPhaseTimesSaturate(t *testing.T) {
	y := func(n int) time.Time { return time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC) }
	ev := planEvents()
	for k := range ev {
		ev[k].At = y(2)
	}
	ev = append(ev, Advance(y(2)), CompleteAction(y(2), "A1"), CompleteAction(y(2), "A2"),
		Measure(Measurement{Metric: "availability", Value: MustParseValue("99.7"), Unit: "%", At: y(2)}),
		Measure(Measurement{Metric: "mttr", Value: MustParseValue("29"), Unit: "min", At: y(2)}),
		Advance(y(200)), ReturnToDo(y(200), "again"))
	c := mustRun(t, ev...)
	do := c.PhaseTimes(y(2026))[1]
	if do.Phase != Do || do.Duration != math.MaxInt64 {
		t.Fatalf("time in Do = %s, want the largest Duration", do.Duration)
	}
}

// DecodeRegister checks items "as NewRegister does", so it refuses two items on one cycle too,
// naming the second item's path.
func TestDecodeRegisterCycleIDsUnique(t *testing.T) {
	a, b := item("A", PriorityLow, time.Time{}), item("B", PriorityLow, time.Time{})
	a.Status, a.Cycle = ItemApproved, "C9"
	b.Status, b.Cycle = ItemApproved, "C9"
	doc, err := json.Marshal(Register{items: []Item{a, b}})
	noErr(t, err)
	_, err = DecodeRegister(doc)
	isErr(t, err, ErrItem)
	var de *DecodeError
	if !errors.As(err, &de) || de.Path != "items[1]" {
		t.Fatalf("want a *DecodeError at items[1], got %v", err)
	}
}

// A stored item decided before it was raised is refused on load, like Approve and Reject refuse
// to make one.
func TestStoredDecisionNotBeforeRaised(t *testing.T) {
	it := item("A", PriorityLow, time.Time{})
	it.Status, it.DecidedBy, it.Note, it.Decided = ItemRejected, "cab", "no", t0.Add(-time.Hour)
	_, err := NewRegister(it)
	isErr(t, err, ErrItem)
	it.Decided = t0
	_, err = NewRegister(it)
	noErr(t, err)
}
