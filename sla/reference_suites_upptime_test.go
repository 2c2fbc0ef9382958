package sla

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// upptime/uptime-monitor src/helpers/calculate-uptime.spec.ts ("counts overlapping downtime
// incidents only once"): clock at 2026-03-27T00:00Z, two incidents 2026-03-26 00:00–02:00 and
// 01:00–03:00 give a day uptime of "87.50%" and 180 minutes down on 2026-03-26 (REFERENCE U1).
func TestUpptimeSpecOverlapCountedOnce(t *testing.T) {
	w := iv(utc(2026, 3, 26, 0, 0), utc(2026, 3, 27, 0, 0))
	tl, err := TimelineFromOutages(w, []Interval{
		iv(utc(2026, 3, 26, 0, 0), utc(2026, 3, 26, 2, 0)),
		iv(utc(2026, 3, 26, 1, 0), utc(2026, 3, 26, 3, 0)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]DayDown{{Date{2026, 3, 26}, 3 * time.Hour}}, DailyDown(tl, time.UTC)); diff != "" {
		t.Errorf("daily down (-want +got):\n%s", diff)
	}
	r, err := Availability(tl, nil, w, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if got := r.Format(2); got != "87.50%" {
		t.Errorf("day uptime %s, want 87.50%%", got)
	}
}

// The monitor's percentages are 100 − down/total × 100 shown with toFixed(2) (nearest), ours
// rounded down: they agree except where rounding to nearest goes up. Deliberate (package doc,
// "Upptime histories"; DESIGN §4.3).
func TestUpptimeRoundingDiffers(t *testing.T) {
	w := iv(utc(2026, 3, 26, 0, 0), utc(2026, 3, 27, 0, 0))
	tests := []struct {
		down        time.Duration
		ours, their string
	}{
		{time.Minute, "99.93%", "99.93"},      // 99.930555…
		{3 * time.Second, "99.99%", "100.00"}, // 99.996527…
		{6 * time.Minute, "99.58%", "99.58"},  // 99.583333…
		{9 * time.Minute, "99.37%", "99.38"},  // 99.375 exactly
		{0, "100.00%", "100.00"},
	}
	for _, tc := range tests {
		var outages []Interval
		if tc.down > 0 {
			outages = []Interval{{Start: w.Start, End: w.Start.Add(tc.down)}}
		}
		tl, err := TimelineFromOutages(w, outages)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Availability(tl, nil, w, Policy{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Format(2); got != tc.ours {
			t.Errorf("%s down: ours %s, want %s", tc.down, got, tc.ours)
		}
		if got, _ := r.Availability.RoundString(2, RoundHalfUp); got != tc.their {
			t.Errorf("%s down: nearest %s, want %s", tc.down, got, tc.their)
		}
	}
}
