package sla

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// The edge cases of the one-line renderings: no data, an empty explanation, and more intervals
// of one kind than are listed.
func TestReportStringEdges(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	month := Interval{Start: start, End: start.Add(30 * day)}
	noData, err := TimelineFromIntervals(month, nil)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Availability(noData, nil, month, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	var outages []StatusInterval
	for i := range 5 {
		at := start.Add(time.Duration(i) * day)
		outages = append(outages, StatusInterval{Interval: Interval{Start: at, End: at.Add(time.Minute)}, Status: Down})
	}
	flappy, err := TimelineFromIntervals(month, outages, WithFill(Operational))
	if err != nil {
		t.Fatal(err)
	}
	rep5, err := Availability(flappy, nil, month, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ name, want, got string }{
		{"no data", "no data in [2026-04-01T00:00:00Z, 2026-05-01T00:00:00Z): counted 0s, down 0s, excluded 720h0m0s", rep.String()},
		{"no data explained", "scheduled 720h0m0s in 1 interval; no data 720h0m0s: [2026-04-01T00:00:00Z, 2026-05-01T00:00:00Z)", rep.Explanation.String()},
		{"zero report", "no data in [0001-01-01T00:00:00Z, 0001-01-01T00:00:00Z): counted 0s, down 0s, excluded 0s", Report{}.String()},
		{"zero explanation", "nothing scheduled", Explanation{}.String()},
		// 5 min lost of 43,200: 99.98842…%, shown rounded down.
		{"five outages", "99.988% in [2026-04-01T00:00:00Z, 2026-05-01T00:00:00Z): counted 720h0m0s, down 5m0s, excluded 0s", rep5.String()},
		{"five outages explained", "scheduled 720h0m0s in 1 interval; up 719h55m0s in 5 intervals; down 5m0s: " +
			"[2026-04-01T00:00:00Z, 2026-04-01T00:01:00Z), [2026-04-02T00:00:00Z, 2026-04-02T00:01:00Z), " +
			"[2026-04-03T00:00:00Z, 2026-04-03T00:01:00Z) and 2 more", rep5.Explanation.String()},
	} {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
}
