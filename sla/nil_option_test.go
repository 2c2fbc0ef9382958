package sla

import (
	"testing"
	"time"
)

// A nil TimelineOption is ignored, as the other options of the module are, instead of panicking.
func TestNilTimelineOptionIgnored(t *testing.T) {
	w := Interval{Start: time.Unix(0, 0).UTC(), End: time.Unix(100, 0).UTC()}
	tl, err := TimelineFromIntervals(w, nil, nil, WithFill(Operational), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := tl.Intervals(Operational).Total(); got != 100*time.Second {
		t.Errorf("operational %v, want 100s (the fill option still applies)", got)
	}
	if _, err := TimelineFromOutages(w, nil, nil); err != nil {
		t.Fatal(err)
	}
}
