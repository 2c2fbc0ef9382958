package sla

import (
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
	"pgregory.net/rapid"
)

// testAvailabilityPointwise checks the report instant by instant against the definitions in
// the package doc, computed straight from the raw inputs: an instant of the window is
// scheduled when the calendar says it is working; before the effective date it is excluded;
// otherwise its status is the first of maintenance, down, degraded, no data, operational whose
// input covers it (operational when none does, as TimelineFromOutages fills). The instants
// probed are every input bound, a nanosecond either side, and random ones, so off-by-one
// errors at half-open ends show up.
func testAvailabilityPointwise(t *rapid.T) {
	c := genAvailabilityCase(t)
	tl := c.timeline(t, c.outages)
	// Measure over a window that may reach outside the timeline's (no data there).
	w := c.window
	if rapid.Bool().Draw(t, "widen") {
		w = interval.Interval{Start: w.Start.Add(-genSpan(t, 3*24*time.Hour, "before")), End: w.End.Add(genSpan(t, 3*24*time.Hour, "after"))}
	}
	r := c.report(t, tl, w)
	ex := r.Explanation

	covers := func(ivs []interval.Interval, x time.Time) bool {
		for _, iv := range ivs {
			if iv.Contains(x) {
				return true
			}
		}
		return false
	}
	overlay := func(s Status, x time.Time) bool {
		for _, o := range c.overlays {
			if o.Status == s && o.Contains(x) {
				return true
			}
		}
		return false
	}
	want := func(x time.Time) string {
		switch {
		case !w.Contains(x) || !c.cal.IsWorking(x):
			return "unscheduled"
		case !c.policy.Effective.IsZero() && x.Before(c.policy.Effective):
			return "before effective"
		case !c.window.Contains(x):
			return "no data"
		case covers(c.maintenance, x):
			return "maintenance"
		case covers(c.outages, x):
			return "down"
		case overlay(Degraded, x):
			return "degraded"
		case overlay(NoData, x):
			return "no data"
		}
		return "up"
	}
	got := func(x time.Time) string {
		if !ex.Scheduled.Contains(x) {
			return "unscheduled"
		}
		for _, p := range []struct {
			name string
			set  interval.Set
		}{{"before effective", ex.BeforeEffective}, {"maintenance", ex.Maintenance}, {"down", ex.Down},
			{"degraded", ex.Degraded}, {"no data", ex.NoData}, {"up", ex.Up}} {
			if p.set.Contains(x) {
				return p.name
			}
		}
		return "scheduled but unexplained"
	}
	var probes []time.Time
	bounds := func(ivs ...interval.Interval) {
		for _, iv := range ivs {
			for _, x := range []time.Time{iv.Start, iv.End} {
				probes = append(probes, x.Add(-1), x, x.Add(1))
			}
		}
	}
	bounds(w, c.window)
	bounds(c.outages...)
	bounds(c.maintenance...)
	for _, o := range c.overlays {
		bounds(o.Interval)
	}
	bounds(ex.Scheduled...)
	if !c.policy.Effective.IsZero() {
		bounds(interval.Interval{Start: c.policy.Effective, End: c.policy.Effective})
	}
	span := int64(w.Duration())
	for range 40 {
		probes = append(probes, w.Start.Add(time.Duration(rapid.Int64Range(0, span).Draw(t, "probe"))))
	}
	for _, x := range probes {
		if g, wa := got(x), want(x); g != wa {
			t.Fatalf("at %s (%s): report says %s, the definitions say %s", x.UTC(), x.In(c.loc), g, wa)
		}
	}
}

func TestAvailabilityPointwise(t *testing.T) { rapid.Check(t, testAvailabilityPointwise) }
func FuzzAvailabilityPointwise(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testAvailabilityPointwise))
}
