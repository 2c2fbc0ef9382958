package sla

import (
	"fmt"
	"strings"
)

// String shows the report in one line for logs and %v: the availability rounded down at three
// places (or "no data"), the window, and the counted, down and excluded time as durations, e.g.
// "99.865% in [2026-03-01T00:00:00Z, 2026-04-01T00:00:00Z): counted 742h50m0s, down 1h0m0s,
// excluded 1h10m0s". Degraded time, and the loss when it differs from the down time (a degraded
// loss share, or maintenance or no data counted as down), are added when present.
func (r Report) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s in %s: counted %v, down %v", r.Format(3), r.Window, r.Counted, r.Down)
	if r.Degraded > 0 {
		fmt.Fprintf(&b, ", degraded %v", r.Degraded)
	}
	if lost := r.LostDuration(); lost != r.Down {
		fmt.Fprintf(&b, ", lost %v", lost)
	}
	fmt.Fprintf(&b, ", excluded %v", r.Excluded)
	return b.String()
}

// explainShown is how many intervals of one kind String lists before summarising the rest.
const explainShown = 3

// String lists the scheduled time by how it counted, one kind after another and only the kinds
// present: "scheduled 743h0m0s in 1 interval; up 741h50m0s in 2 intervals; down 1h0m0s: [a, b);
// maintenance 1h10m0s: [c, d)". Up and scheduled time show only totals and counts (they are
// usually many intervals); the other kinds list up to three intervals and count the rest. An
// empty explanation reads "nothing scheduled".
func (e Explanation) String() string {
	if len(e.Scheduled) == 0 {
		return "nothing scheduled"
	}
	var parts []string
	count := func(name string, s IntervalSet) {
		plural := "s"
		if len(s) == 1 {
			plural = ""
		}
		parts = append(parts, fmt.Sprintf("%s %v in %d interval%s", name, s.Total(), len(s), plural))
	}
	list := func(name string, s IntervalSet) {
		if len(s) == 0 {
			return
		}
		ivs := make([]string, 0, min(len(s), explainShown))
		for _, iv := range s[:min(len(s), explainShown)] {
			ivs = append(ivs, iv.String())
		}
		more := ""
		if n := len(s) - explainShown; n > 0 {
			more = fmt.Sprintf(" and %d more", n)
		}
		parts = append(parts, fmt.Sprintf("%s %v: %s%s", name, s.Total(), strings.Join(ivs, ", "), more))
	}
	count("scheduled", e.Scheduled)
	if len(e.Up) > 0 {
		count("up", e.Up)
	}
	list("down", e.Down)
	list("degraded", e.Degraded)
	list("maintenance", e.Maintenance)
	list("no data", e.NoData)
	list("before effective date", e.BeforeEffective)
	return strings.Join(parts, "; ")
}
