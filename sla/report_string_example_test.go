package sla_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// March 2026 in Berlin has 743 hours (the clocks go forward on the 29th). One hour down, half an
// hour degraded (counted half lost) and 1 h 10 min of maintenance (excluded by default).
func ExampleReport_String() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	day := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, berlin) }
	month := sla.Interval{Start: day(1, 0, 0), End: time.Date(2026, 4, 1, 0, 0, 0, 0, berlin)}
	tl, _ := sla.TimelineFromIntervals(month, []sla.StatusInterval{
		{Interval: sla.Interval{Start: day(10, 14, 0), End: day(10, 15, 0)}, Status: sla.Down},
		{Interval: sla.Interval{Start: day(10, 15, 0), End: day(10, 15, 30)}, Status: sla.Degraded},
		{Interval: sla.Interval{Start: day(21, 2, 0), End: day(21, 3, 10)}, Status: sla.Maintenance},
	}, sla.WithFill(sla.Operational))
	half, _ := sla.RatioOf(1, 2)
	rep, _ := sla.Availability(tl, nil, month, sla.Policy{DegradedLoss: half})
	fmt.Println(rep)
	fmt.Println(rep.Explanation)

	objective, _ := sla.ParseTarget("99.9")
	budget, _ := sla.NewPeriodBudget(objective, nil, month)
	status, _ := budget.UseReport(rep)
	fmt.Println(status)
	// Output:
	// 99.831% in [2026-03-01T00:00:00+01:00, 2026-04-01T00:00:00+02:00): counted 741h50m0s, down 1h0m0s, degraded 30m0s, lost 1h15m0s, excluded 1h10m0s
	// scheduled 743h0m0s in 1 interval; up 740h20m0s in 3 intervals; down 1h0m0s: [2026-03-10T14:00:00+01:00, 2026-03-10T15:00:00+01:00); degraded 30m0s: [2026-03-10T15:00:00+01:00, 2026-03-10T15:30:00+01:00); maintenance 1h10m0s: [2026-03-21T02:00:00+01:00, 2026-03-21T03:10:00+01:00)
	// consumed 1h15m0s of 44m30.6s (168.5%) over 743h0m0s minus 1h10m0s excluded, remaining -30m29.4s; to date 44m30.6s allowed, burn rate 1.685, exhausted
}
