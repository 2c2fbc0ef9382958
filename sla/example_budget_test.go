package sla_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// The error budget of a 99.9 % objective over 30 days (B1), ten days in with 30 minutes lost.
func ExampleBudget_Use() {
	target, _ := sla.ParseTarget("99.9")
	b, _ := sla.NewTimeBudget(target, 30*24*time.Hour)
	s, _ := b.Use(int64(30*time.Minute), int64(10*24*time.Hour))
	secs := func(r sla.Ratio) string { x, _ := r.QuoInt(int64(time.Second)); return x.String() + " s" }
	fmt.Println("allowed", b.AllowedDuration(), "=", secs(s.Allowed))
	fmt.Println("remaining", secs(s.Remaining), "consumed", s.ConsumedShare.FloorString(3))
	fmt.Println("to date: allowed", secs(s.AllowedToDate), "remaining", secs(s.RemainingToDate))
	fmt.Println("burn rate", s.BurnRate.FloorString(3))
	d, _ := s.TimeToExhaustionAtCurrentRate()
	fmt.Println("exhausted in", d)
	// Output:
	// allowed 43m12s = 2592 s
	// remaining 792 s consumed 0.694
	// to date: allowed 864 s remaining -936 s
	// burn rate 2.083
	// exhausted in 105h36m0s
}

// Burn-rate factors derived from (budget share, window, period): R1 and R2.
func ExampleWorkbook30Day() {
	target, _ := sla.ParseTarget("99.9")
	p30, _ := sla.Workbook30Day(target)
	p28, _ := sla.Workbook28Day(target)
	for i, a := range p30.Alerts {
		fmt.Printf("%-9s %s%% in %-8s short %-6s factor %-4s (28 d: %s)\n", a.Name, a.BudgetPercent, a.Long, a.Short, a.Factor, p28.Alerts[i].Factor.FloorString(4))
	}
	// Output:
	// page-1h   2% in 1h0m0s   short 5m0s   factor 14.4 (28 d: 13.4400)
	// page-6h   5% in 6h0m0s   short 30m0s  factor 6    (28 d: 5.6000)
	// ticket-1d 10% in 24h0m0s  short 2h0m0s factor 3    (28 d: 2.8000)
	// ticket-3d 10% in 72h0m0s  short 6h0m0s factor 1    (28 d: 0.9333)
}

// Which alerts fire, and why, 90 minutes into an outage.
func ExampleBurnPolicy_EvaluateTimeline() {
	target, _ := sla.ParseTarget("99.9")
	p, _ := sla.Workbook30Day(target)
	start := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	at := start.Add(10*24*time.Hour + 90*time.Minute)
	tl, _ := sla.TimelineFromOutages(sla.Interval{Start: start, End: start.Add(30 * 24 * time.Hour)},
		[]sla.Interval{{Start: at.Add(-90 * time.Minute), End: at.Add(time.Hour)}})
	e := p.EvaluateTimeline(tl, at)
	fmt.Println(e.Firing())
	fmt.Println(e.Alerts[3].Reason)
	// Output:
	// [page-1h page-6h ticket-1d ticket-3d]
	// long window 72h0m0s: burn rate 20.833 ≥ 1; short window 6h0m0s: burn rate 250.000 ≥ 1
}

// Service credits under the K1 tiers for a monthly fee of EUR 2,000.00.
func ExampleCreditPolicy_Credit() {
	tiers, _ := sla.ParseCreditTable(`
		[99.0, 99.9)  10%
		[95.0, 99.0)  25%
		[0, 95.0)     100%`)
	eur, _ := sla.CurrencyOf("EUR")
	fee, _ := sla.ParseMoney("2000.00", eur)
	p := sla.CreditPolicy{Table: tiers, Rounding: sla.RoundHalfEven}
	for _, a := range []string{"99.95", "99.9", "99.0", "98.99", "94.99"} {
		avail, _ := sla.ParseRatio(a)
		c, _ := p.Credit(avail, fee)
		fmt.Println(c)
	}
	// Output:
	// availability 99.950%: no credit tier, EUR 0.00
	// availability 99.900%: no credit tier, EUR 0.00
	// availability 99.000% in [99, 99.9) → 10% of EUR 2000.00 = EUR 200.00: pays EUR 200.00
	// availability 98.990% in [95, 99) → 25% of EUR 2000.00 = EUR 500.00: pays EUR 500.00
	// availability 94.990% in [0, 95) → 100% of EUR 2000.00 = EUR 2000.00: pays EUR 2000.00
}

// Planning figures for independent components: C2 and C3.
func ExampleKOfN() {
	p995, _ := sla.ParseRatio("99.5")
	p99, _ := sla.ParseRatio("99")
	serial, _ := sla.Serial(p995, p995)
	parallel, _ := sla.Parallel(p995, p995)
	quorum, _ := sla.KOfN(2, p99, p99, p99)
	fmt.Println(serial, parallel, quorum)
	// Output:
	// 99.0025 99.9975 99.9702
}

// Composite timelines: C4.
func ExampleQuorum_Compose() {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	at := func(h, m int) time.Time { return day.Add(time.Duration(h)*time.Hour + time.Duration(m)*time.Minute) }
	w := sla.Interval{Start: day, End: day.Add(24 * time.Hour)}
	a, _ := sla.TimelineFromOutages(w, []sla.Interval{{Start: at(10, 0), End: at(11, 0)}})
	b, _ := sla.TimelineFromOutages(w, []sla.Interval{{Start: at(10, 30), End: at(12, 0)}})
	both, _ := sla.AllOf().Compose(a, b)
	either, _ := sla.AnyOf().Compose(a, b)
	fmt.Println("needs both:", both.Intervals(sla.Down), both.Total(sla.Down))
	fmt.Println("needs either:", either.Intervals(sla.Down), either.Total(sla.Down))
	// Output:
	// needs both: [[2026-03-02T10:00:00Z, 2026-03-02T12:00:00Z)] 2h0m0s
	// needs either: [[2026-03-02T10:30:00Z, 2026-03-02T11:00:00Z)] 30m0s
}

// Composite objective: O3.
func ExampleCompositeAttainment() {
	a, _ := sla.CompositeAttainment([]sla.WeightedAttainment{
		{Name: "search", Attainment: sla.IntRatio(95), Weight: sla.IntRatio(1)},
		{Name: "checkout", Attainment: sla.IntRatio(95), Weight: sla.IntRatio(1)},
	})
	fmt.Println(a)
	// Output:
	// 90
}

// A calendar week of one-minute slices (O1): the budget is fixed from the first slice.
func ExampleSLO_Evaluate() {
	objective, _ := sla.ParseTarget("99.95")
	sliceTarget, _ := sla.ParseTarget("99")
	o := sla.SLO{Method: sla.TimeSlices, Objective: objective, SliceTarget: sliceTarget}
	observed := make([]sla.SliceCount, 3*24*60) // three days so far
	for i := range observed {
		observed[i] = sla.SliceCount{Good: 1000, Total: 1000}
	}
	observed[100] = sla.SliceCount{Good: 950, Total: 1000}
	r, _ := o.Evaluate(sla.CalendarWindow, observed, 7*24*60)
	fmt.Println(r.Slices, "slices; budget", r.Budget.Allowed, "bad slices; used", r.BadSlices, "; left", r.Budget.Remaining)
	// Output:
	// 10080 slices; budget 5.04 bad slices; used 1 ; left 4.04
}

// MTTR, MTBF and the availability identity: M1.
func ExampleReliabilityOf() {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	w := sla.Interval{Start: start, End: start.Add(30 * 24 * time.Hour)}
	out := func(d, m int) sla.Interval {
		s := start.Add(time.Duration(d) * 24 * time.Hour)
		return sla.Interval{Start: s, End: s.Add(time.Duration(m) * time.Minute)}
	}
	tl, _ := sla.TimelineFromOutages(w, []sla.Interval{out(2, 20), out(11, 30), out(25, 40)})
	r := sla.ReliabilityOf(tl, w, nil)
	a, _ := r.IdentityAvailability()
	fmt.Println(len(r.Failures), "failures; MTTR", r.Duration(r.MTTR), "(restore); MTBF", r.Duration(r.MTBF))
	fmt.Println("MTBF/(MTBF+MTTR) =", a.FloorString(4), "% =", r.Availability.FloorString(4), "%")
	// Output:
	// 3 failures; MTTR 30m0s (restore); MTBF 239h30m0s
	// MTBF/(MTBF+MTTR) = 99.7916 % = 99.7916 %
}

// A customer's credits for March 2024 across two agreements evaluated per calendar month.
func ExampleStatement() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	at := func(d, h int) time.Time { return time.Date(2024, 3, d, h, 0, 0, 0, berlin) }
	march := sla.Interval{Start: at(1, 0), End: time.Date(2024, 4, 1, 0, 0, 0, 0, berlin)}
	target, _ := sla.ParseTarget("99.5")
	tiers, _ := sla.ParseCreditTable("[99.0, 99.9) 10%; [95.0, 99.0) 25%; [0, 95.0) 100%")
	policy := sla.CreditPolicy{Table: tiers}
	eur, _ := sla.CurrencyOf("EUR")
	portalFee, _ := sla.ParseMoney("1200.00", eur)
	apiFee, _ := sla.ParseMoney("800.00", eur)
	var claims []sla.CreditClaim
	for _, c := range []struct {
		id      string
		fee     sla.Money
		outages []sla.Interval
	}{
		{"SLA-portal", portalFee, []sla.Interval{{Start: at(4, 9), End: at(4, 14)}}},                                 // 5 h of 743 h
		{"SLA-api", apiFee, []sla.Interval{{Start: at(10, 0), End: at(11, 0)}, {Start: at(20, 6), End: at(20, 18)}}}, // 36 h
	} {
		a := sla.Agreement{ID: c.id, Customer: "City of Example", Objectives: []sla.Objective{{Name: "availability", Target: target}}, Period: sla.Monthly(berlin)}
		tl, _ := sla.TimelineFromOutages(march, c.outages)
		results, _ := a.Evaluate(tl, march, march.End)
		claims = append(claims, sla.ClaimFor(a, results[0].Results[0], c.fee, policy))
	}
	st, _ := sla.Statement(claims, sla.IntRatio(0))
	for _, l := range st.Lines {
		fmt.Println(l.Agreement+":", l.Credit)
	}
	fmt.Println("total:", st.Totals)
	// Output:
	// SLA-portal/availability: availability 99.327% in [99, 99.9) → 10% of EUR 1200.00 = EUR 120.00: pays EUR 120.00
	// SLA-api/availability: availability 95.154% in [95, 99) → 25% of EUR 800.00 = EUR 200.00: pays EUR 200.00
	// total: [EUR 320.00]
}

// Replaying a policy over per-minute request counts: one day of 1,000 requests a minute with a
// 20-minute incident failing 5 % of requests. The 1-hour page fires once 18 bad minutes burn
// 1.5 % of requests over the hour (burn 15 ≥ 14.4) and stops when the last 5 minutes hold
// only one bad minute (burn 10). The 3-day ticket fires too: near the start of the data its
// window holds only the 10 hours observed so far.
func ExampleBurnPolicy_Backtest() {
	target, _ := sla.ParseTarget("99.9")
	p, _ := sla.Workbook30Day(target)
	start := time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)
	counts := make([]sla.SliceCount, 24*60)
	for i := range counts {
		counts[i] = sla.SliceCount{Good: 1000, Total: 1000}
		if i >= 600 && i < 620 { // 10:00–10:20
			counts[i].Good = 950
		}
	}
	s, _ := sla.CountSeriesOf(start, time.Minute, counts)
	for i, fired := range p.Backtest(s) {
		fmt.Println(p.Alerts[i].Name, fired)
	}
	e := p.EvaluateCounts(s, start.Add(10*time.Hour+20*time.Minute))
	fmt.Println(e.Alerts[0].Reason)
	// Output:
	// page-1h [[2026-02-01T10:18:00Z, 2026-02-01T10:24:00Z)]
	// page-6h []
	// ticket-1d []
	// ticket-3d [[2026-02-01T10:13:00Z, 2026-02-01T16:13:00Z)]
	// long window 1h0m0s: burn rate 16.666 ≥ 14.4; short window 5m0s: burn rate 50.000 ≥ 14.4
}
