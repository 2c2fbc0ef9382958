package incident

import (
	"testing"
	"time"
)

// The zero (nil) Key groups like Overall instead of panicking.
func TestNilKeyIsOverall(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	a, err := Open("INC1", at, "desk", Fields{Priority: 1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := Open("INC2", at, "desk", Fields{Priority: 2})
	if err != nil {
		t.Fatal(err)
	}
	if b, err = b.Resolve(at.Add(time.Hour), "ana", "fixed"); err != nil {
		t.Fatal(err)
	}
	incs := []Incident{a, b}
	equal(t, Volumes(incs, Overall), Volumes(incs, nil), "volumes")
	equal(t, MTTR(incs, Overall), MTTR(incs, nil), "MTTR")
	equal(t, Reassignments(incs, Overall), Reassignments(incs, nil), "reassignments")
	equal(t, []Count{{Key: "all", N: 2}}, Volumes(incs, nil), "volumes")
}
