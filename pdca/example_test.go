package pdca_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/pdca"
	"github.com/itsmkit/itsmkit/sla"
)

func day(d int) time.Time { return time.Date(2026, time.March, d, 9, 0, 0, 0, time.UTC) }

// runCycle opens and runs one cycle on incident management with an availability and an MTTR
// objective. The measured figures are given values (99.93 % availability, MTTR 32.5 minutes).
func runCycle() (pdca.Cycle, error) {
	subject, err := pdca.ProcessSubject(itsm.IncidentManagement2018)
	if err != nil {
		return pdca.Cycle{}, err
	}
	c, err := pdca.Open(day(2), pdca.Opening{ID: "CSI-7", Subject: subject, Title: "Faster incident restoration"})
	if err != nil {
		return pdca.Cycle{}, err
	}
	return c.ApplyAll(
		pdca.SetObjective(day(2), pdca.Objective{Metric: "availability", Unit: "%", Direction: pdca.HigherIsBetter,
			Baseline: pdca.MustParseValue("99.5"), Target: pdca.MustParseValue("99.9"), Deadline: day(31)}),
		pdca.SetObjective(day(2), pdca.Objective{Metric: "mttr", Unit: "min", Direction: pdca.LowerIsBetter,
			Baseline: pdca.MustParseValue("45"), Target: pdca.MustParseValue("30"), Deadline: day(31)}),
		pdca.SetMeasurementPlan(day(2), "availability from the SLA report, MTTR from resolved incidents, weekly"),
		pdca.PlanAction(day(2), pdca.Action{ID: "A1", Description: "runbooks for the top 5 incident categories", Owner: "ops", Due: day(9)}),
		pdca.Approve(day(3), "service owner"),
		pdca.Advance(day(3)), // → Do
		pdca.CompleteAction(day(8), "A1"),
		pdca.Measure(pdca.Measurement{Metric: "availability", Value: pdca.MustParseValue("99.93"), Unit: "%", At: day(30)}),
		pdca.Measure(pdca.Measurement{Metric: "mttr", Value: pdca.MustParseValue("32.5"), Unit: "min", At: day(30)}),
		pdca.Advance(day(30)), // → Check
	)
}

func Example() {
	c, err := runCycle()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(c.ID(), c.Subject(), c.Phase())
	for _, r := range c.Results() {
		fmt.Printf("%s: measured %s %s, target %s, achieved %v, progress %s\n", r.Objective.Metric,
			r.Measurement.Value, r.Objective.Unit, r.Objective.Target, r.Achieved, r.Progress.FloorString(3))
	}
	// MTTR was missed, so Act needs a follow-up action before the cycle can close.
	c, err = c.ApplyAll(pdca.Advance(day(31)), pdca.Decide(day(31), pdca.Adapt, "keep runbooks, add triage"))
	if err != nil {
		fmt.Println(err)
		return
	}
	_, err = c.Apply(pdca.Advance(day(31)))
	fmt.Println(errors.Is(err, pdca.ErrFollowUpMissing))
	c, err = c.ApplyAll(
		pdca.PlanAction(day(31), pdca.Action{ID: "F1", Description: "triage rota for P2 incidents", Owner: "desk", Due: time.Date(2026, time.April, 15, 0, 0, 0, 0, time.UTC)}),
		pdca.Advance(day(31)),
	)
	fmt.Println(c.Phase(), err)
	// Output:
	// CSI-7 process:2018/8.6.1 check
	// availability: measured 99.93 %, target 99.9, achieved true, progress 1.075
	// mttr: measured 32.5 min, target 30, achieved false, progress 0.833
	// true
	// closed <nil>
}

func ExampleOpen() {
	_, err := pdca.Open(day(1), pdca.Opening{ID: "CSI-1", Subject: pdca.Subject{Kind: pdca.SubjectProcess, Process: "2018/8.9"}})
	fmt.Println(errors.Is(err, pdca.ErrUnknownProcess))
	fmt.Println(err)

	c, _ := pdca.Open(day(1), pdca.Opening{ID: "CSI-1", Subject: pdca.SystemSubject()})
	_, err = c.Apply(pdca.SetObjective(day(1), pdca.Objective{Metric: "mttr", Unit: "min", Direction: pdca.LowerIsBetter,
		Baseline: pdca.MustParseValue("30"), Target: pdca.MustParseValue("45"), Deadline: day(30)}))
	fmt.Println(err)
	// Output:
	// true
	// pdca: cycle "CSI-1", event 0 (opened): unknown ISO/IEC 20000 process: "2018/8.9" (want "2005/<clause>" or "2018/<clause>" of a catalogued process)
	// pdca: cycle "CSI-1" (objective-set in phase plan): target not better than baseline in the metric's direction: objective "mttr": target 45 vs baseline 30 (lower-is-better)
}

func ExampleNext() {
	c, err := runCycle()
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err = c.ApplyAll(pdca.Advance(day(31)), pdca.Decide(day(31), pdca.Adapt, "add triage"),
		pdca.PlanAction(day(31), pdca.Action{ID: "F1", Description: "triage rota", Owner: "desk"}),
		pdca.Advance(day(31)))
	if err != nil {
		fmt.Println(err)
		return
	}
	next, err := pdca.Next(c, time.Date(2026, time.April, 1, 9, 0, 0, 0, time.UTC), pdca.Opening{ID: "CSI-8", Title: "MTTR, second round"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(next.ID(), "follows", next.Predecessor(), "in", next.Phase())
	for _, b := range next.Baselines() {
		fmt.Println("baseline", b.Metric, b.Value, b.Unit)
	}
	for _, a := range next.Actions() {
		fmt.Println("planned", a.ID, a.Status)
	}
	// Output:
	// CSI-8 follows CSI-7 in plan
	// baseline availability 99.93 %
	// baseline mttr 32.5 min
	// planned F1 pending
}

func ExampleRegister_Approve() {
	subject, _ := pdca.ServiceSubject("checkout")
	var reg pdca.Register
	reg, err := reg.Add(pdca.Item{ID: "IMP-12", Source: pdca.SourceSLABreach, Subject: subject,
		Description: "cut checkout MTTR", Justification: "two SLA breaches in February",
		Size: pdca.SizeMedium, Priority: pdca.PriorityHigh, KPI: "MTTR (min)", Owner: "ops lead",
		Raised: day(1), Due: day(31)})
	if err != nil {
		fmt.Println(err)
		return
	}
	reg, c, err := reg.Approve("IMP-12", "CSI-9", "change board", day(2))
	if err != nil {
		fmt.Println(err)
		return
	}
	it, _ := reg.Item("IMP-12")
	fmt.Println(it.Status, it.Cycle, c.Subject(), c.Phase(), c.Item())
	// Output:
	// approved CSI-9 service:checkout plan IMP-12
}

func ExampleTrendOf() {
	// Two cycles on MTTR: 45 → 32.5 min (target 30, missed), then 32.5 → 24 min (target 25, met).
	first, err := runCycle()
	if err != nil {
		fmt.Println(err)
		return
	}
	first, _ = first.ApplyAll(pdca.Advance(day(31)), pdca.Decide(day(31), pdca.Adapt, ""),
		pdca.PlanAction(day(31), pdca.Action{ID: "F1", Description: "triage rota"}), pdca.Advance(day(31)))
	april := func(d int) time.Time { return time.Date(2026, time.April, d, 9, 0, 0, 0, time.UTC) }
	second, err := pdca.Next(first, april(1), pdca.Opening{ID: "CSI-8"})
	if err != nil {
		fmt.Println(err)
		return
	}
	mttr := second.Baselines()[1]
	second, err = second.ApplyAll(
		pdca.SetObjective(april(1), mttr.Objective(pdca.MustParseValue("25"), april(30))),
		pdca.SetMeasurementPlan(april(1), "weekly"), pdca.Approve(april(1), "service owner"), pdca.Advance(april(2)),
		pdca.CompleteAction(april(9), "F1"),
		pdca.Measure(pdca.Measurement{Metric: "mttr", Value: pdca.MustParseValue("24"), Unit: "min", At: april(29)}),
		pdca.Advance(april(29)), pdca.Advance(april(30)), pdca.Decide(april(30), pdca.Adopt, ""), pdca.Advance(april(30)))
	if err != nil {
		fmt.Println(err)
		return
	}
	chain, err := pdca.Chain([]pdca.Cycle{second, first}, "CSI-8")
	if err != nil {
		fmt.Println(err)
		return
	}
	tr, err := pdca.TrendOf(chain, "mttr")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range tr.Points {
		fmt.Printf("%s: %s → %s %s (target %s, achieved %v)\n", p.Cycle, p.Baseline, p.Measurement.Value, tr.Unit, p.Target, p.Achieved)
	}
	fmt.Println("improved by", tr.Change, tr.Unit, tr.Improving())
	// Output:
	// CSI-7: 45 → 32.5 min (target 30, achieved false)
	// CSI-8: 32.5 → 24 min (target 25, achieved true)
	// improved by 21 min true
}

func ExampleOverdueActions() {
	c, err := runCycle() // action A1 was done on day 8
	if err != nil {
		fmt.Println(err)
		return
	}
	c, _ = c.ApplyAll(pdca.Advance(day(31)), pdca.Decide(day(31), pdca.Adapt, ""),
		pdca.PlanAction(day(31), pdca.Action{ID: "F1", Description: "triage rota", Owner: "desk", Due: time.Date(2026, time.April, 15, 0, 0, 0, 0, time.UTC)}))
	for _, o := range pdca.OverdueActions([]pdca.Cycle{c}, time.Date(2026, time.April, 20, 0, 0, 0, 0, time.UTC)) {
		fmt.Println(o.Cycle, o.Action.ID, o.Action.Owner, "overdue by", o.Overdue)
	}
	for _, t := range c.PhaseTimes(day(31)) {
		fmt.Println(t.Phase, t.Duration)
	}
	// Output:
	// CSI-7 F1 desk overdue by 120h0m0s
	// plan 24h0m0s
	// do 648h0m0s
	// check 24h0m0s
	// act 0s
}

func ExampleCoverage() {
	c, err := runCycle()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, pc := range pdca.Coverage([]pdca.Cycle{c}, itsm.Edition2018)[15:18] {
		fmt.Println(pc.Process.Clause, pc.Process.Name, pc.Running, pc.Closed)
	}
	// Output:
	// 8.6.1 Incident management 1 0
	// 8.6.2 Service request management 0 0
	// 8.6.3 Problem management 0 0
}

// An exact figure computed elsewhere, such as an availability from sla (an sla.Ratio, the same
// type as itsm.Ratio), becomes a measured Value without rounding, and goes back the same way.
func ExampleValueFromExact() {
	availability, _ := sla.RatioOf(9993, 100) // 99.93 %
	v := pdca.ValueFromExact(availability)
	fmt.Println(v, v.Cmp(pdca.MustParseValue("99.9")) > 0)
	var back sla.Ratio = v.Exact()
	fmt.Println(back.FloorString(1))
	// Output:
	// 99.93 true
	// 99.9
}
