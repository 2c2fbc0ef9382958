package sla_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// A monthly 99.5 % availability agreement evaluated over a quarter, as of mid-March: two
// complete months and March to date, on track (a running month is not attained before it
// ends). Planned maintenance is excluded from the denominator.
func ExampleAgreement_Evaluate() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(m time.Month, d, h, mi int) time.Time { return time.Date(2024, m, d, h, mi, 0, 0, berlin) }
	target, _ := sla.ParseTarget("99.5")
	a := sla.Agreement{
		ID: "SLA-7", Customer: "City of Example", Service: "Permit portal",
		Objectives: []sla.Objective{{Name: "availability", Target: target}},
		Period:     sla.Monthly(berlin),
	}
	quarter := sla.Interval{Start: at(1, 1, 0, 0), End: at(4, 1, 0, 0)}
	asOf := at(3, 16, 0, 0)
	tl, _ := sla.TimelineFromOutages(sla.Interval{Start: quarter.Start, End: asOf},
		[]sla.Interval{
			{Start: at(1, 10, 9, 0), End: at(1, 10, 12, 0)},   // 3 h
			{Start: at(2, 5, 22, 0), End: at(2, 6, 2, 0)},     // 4 h
			{Start: at(2, 20, 10, 0), End: at(2, 20, 10, 30)}, // 30 min
			{Start: at(3, 2, 1, 0), End: at(3, 2, 3, 0)},      // inside maintenance
		},
		sla.WithMaintenance(sla.Interval{Start: at(3, 2, 0, 0), End: at(3, 2, 4, 0)}))
	results, _ := a.Evaluate(tl, quarter, asOf)
	for _, p := range results {
		r := p.Results[0]
		fmt.Printf("%s complete=%v %s %s (margin %s points)\n",
			p.Period.Start.Format("2006-01"), p.Complete, r.Report.Format(target.ShownPlaces()), r.Outcome,
			r.Margin.FloorString(3))
	}
	// Output:
	// 2024-01 complete=true 99.59% attained (margin 0.096 points)
	// 2024-02 complete=true 99.35% breached (margin -0.147 points)
	// 2024-03 complete=false 100.00% on track (margin 0.500 points)
}
