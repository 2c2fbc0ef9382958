package pdca

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

var t0 = time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)

func h(n int) time.Time { return t0.Add(time.Duration(n) * time.Hour) }

func availability(baseline, target string) Objective {
	return Objective{Metric: "availability", Unit: "%", Direction: HigherIsBetter,
		Baseline: MustParseValue(baseline), Target: MustParseValue(target), Deadline: h(24 * 30)}
}

func mttr(baseline, target string) Objective {
	return Objective{Metric: "mttr", Unit: "min", Direction: LowerIsBetter,
		Baseline: MustParseValue(baseline), Target: MustParseValue(target), Deadline: h(24 * 30)}
}

func opened(id string) Event {
	return Event{Kind: Opened, At: t0, Opening: Opening{ID: id, Subject: Subject{Kind: SubjectProcess, Process: itsm.IncidentManagement2018}}}
}

// planEvents brings a cycle to the point where Plan may be left.
func planEvents() []Event {
	return []Event{
		opened("C1"),
		SetObjective(h(1), availability("99.5", "99.9")),
		SetObjective(h(1), mttr("45", "30")),
		SetMeasurementPlan(h(1), "weekly from the SLA report and the incident log"),
		PlanAction(h(1), Action{ID: "A1", Description: "runbooks", Owner: "ops", Due: h(48)}),
		PlanAction(h(1), Action{ID: "A2", Description: "on-call rota", Owner: "ops", Due: h(72)}),
		Approve(h(2), "cab"),
	}
}

// fullCycleEvents runs a cycle to Closed: availability achieved, MTTR missed, decision adapt.
func fullCycleEvents() []Event {
	return append(planEvents(),
		Advance(h(3)), // Do
		CompleteAction(h(40), "A1"),
		DeferAction(h(41), "A2", "rota needs HR approval"),
		Measure(Measurement{Metric: "availability", Value: MustParseValue("99.93"), Unit: "%", At: h(100)}),
		Measure(Measurement{Metric: "mttr", Value: MustParseValue("32.5"), Unit: "min", At: h(100)}),
		Advance(h(101)), // Check
		Advance(h(102)), // Act
		Decide(h(103), Adapt, "runbooks help; triage still slow"),
		PlanAction(h(103), Action{ID: "F1", Description: "triage rota", Owner: "desk", Due: h(300)}),
		Advance(h(104)), // Closed
	)
}

func mustRun(t testing.TB, events ...Event) Cycle {
	t.Helper()
	c, err := Replay(events)
	noErr(t, err)
	return c
}

func TestFullCycle(t *testing.T) {
	c := mustRun(t, fullCycleEvents()...)
	eq(t, Closed, c.Phase())
	eq(t, h(104), c.EndedAt())
	eq(t, h(3), c.DoStarted())
	type verdict struct {
		Metric   string
		Achieved bool
		Progress string
	}
	var got []verdict
	for _, r := range c.Results() {
		got = append(got, verdict{r.Objective.Metric, r.Achieved, r.Progress.String()})
	}
	// availability: (99.93 − 99.5) / (99.9 − 99.5) = 0.43 / 0.4 = 1.075;
	// MTTR: (32.5 − 45) / (30 − 45) = 12.5 / 15 = 5/6.
	want := []verdict{{"availability", true, "1.075"}, {"mttr", false, "5/6"}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	wantTimes := []PhaseTime{{Plan, 3 * time.Hour}, {Do, 98 * time.Hour}, {Check, time.Hour}, {Act, 2 * time.Hour}}
	if diff := cmp.Diff(wantTimes, c.PhaseTimes(h(1000))); diff != "" {
		t.Errorf("PhaseTimes (-want +got):\n%s", diff)
	}
	// As of an instant inside Do, later phases count nothing and Do counts up to it.
	wantTimes = []PhaseTime{{Plan, 3 * time.Hour}, {Do, 7 * time.Hour}, {Check, 0}, {Act, 0}}
	if diff := cmp.Diff(wantTimes, c.PhaseTimes(h(10))); diff != "" {
		t.Errorf("PhaseTimes as of h(10) (-want +got):\n%s", diff)
	}
	s := Achievement(c)
	eq(t, Share{Achieved: 1, Missed: 1}, s)
	ratio, ok := s.Ratio()
	truth(t, ok)
	eq(t, "0.5", ratio.String())
	_, ok = Share{Unmeasured: 2}.Ratio()
	truth(t, !ok)
}

// Exactly at target is achieved, in both directions; one step worse is missed.
func TestVerdictAtTarget(t *testing.T) {
	cases := []struct {
		obj      Objective
		measured string
		achieved bool
	}{
		{availability("99.5", "99.9"), "99.9", true},
		{availability("99.5", "99.9"), "99.8999999999", false},
		{availability("99.5", "99.9"), "100", true},
		{mttr("45", "30"), "30", true},
		{mttr("45", "30"), "30.0000001", false},
		{mttr("45", "30"), "0", true},
	}
	for _, tc := range cases {
		c := mustRun(t,
			opened("V"), SetObjective(h(1), tc.obj), SetMeasurementPlan(h(1), "p"), Approve(h(1), "cab"), Advance(h(2)),
			Measure(Measurement{Metric: tc.obj.Metric, Unit: tc.obj.Unit, Value: MustParseValue(tc.measured), At: h(3)}))
		if got := c.Results()[0].Achieved; got != tc.achieved {
			t.Errorf("%s %s measured %s: achieved %v, want %v", tc.obj.Metric, tc.obj.Direction, tc.measured, got, tc.achieved)
		}
	}
}

// Each rule, broken once, gives a *RuleError wrapping its sentinel.
func TestRulesBroken(t *testing.T) {
	plan := planEvents()
	do := append(planEvents(), Advance(h(3)))
	check := append(append([]Event{}, do...), CompleteAction(h(4), "A1"), CompleteAction(h(4), "A2"),
		Measure(Measurement{Metric: "availability", Value: MustParseValue("99.1"), Unit: "%", At: h(5)}))
	full := fullCycleEvents()
	cases := []struct {
		name  string
		prior []Event
		event Event
		rule  error
	}{
		{"wrong direction, higher is better", plan, SetObjective(h(2), availability("99.9", "99.5")), ErrWrongDirection},
		{"wrong direction, lower is better", plan, SetObjective(h(2), mttr("30", "45")), ErrWrongDirection},
		{"target equal to baseline", plan, SetObjective(h(2), mttr("30", "30")), ErrWrongDirection},
		{"objective without deadline", plan, SetObjective(h(2), Objective{Metric: "x", Unit: "u", Direction: HigherIsBetter, Target: IntValue(1)}), ErrInvalidEvent},
		{"objective without direction", plan, SetObjective(h(2), Objective{Metric: "x", Unit: "u", Target: IntValue(1), Deadline: h(9)}), ErrInvalidEvent},
		{"remove unknown objective", plan, RemoveObjective(h(2), "nope"), ErrUnknownMetric},
		{"empty measurement plan", plan, SetMeasurementPlan(h(2), ""), ErrInvalidEvent},
		{"duplicate action", plan, PlanAction(h(2), Action{ID: "A1", Description: "again"}), ErrDuplicateAction},
		{"approval without approver", plan, Approve(h(2), ""), ErrInvalidEvent},
		{"time reversed", plan, Approve(h(0), "cab"), ErrTimeReversed},
		{"second opened", plan, opened("C2"), ErrFirstEvent},
		{"unknown kind", plan, Event{Kind: 99, At: h(2)}, ErrInvalidEvent},
		{"event without time", plan, Advance(time.Time{}), ErrInvalidEvent},
		{"measure in plan", plan, Measure(Measurement{Metric: "mttr", Unit: "min", At: h(2)}), ErrPhase},
		{"complete in plan", plan, CompleteAction(h(2), "A1"), ErrPhase},
		{"decide in plan", plan, Decide(h(2), Adopt, ""), ErrPhase},
		{"return to do from plan", plan, ReturnToDo(h(2), ""), ErrPhase},
		{"plan unapproved after change", append(append([]Event{}, plan...), SetObjective(h(2), mttr("45", "25"))), Advance(h(2)), ErrPlanIncomplete},
		{"plan without objective", []Event{opened("C"), SetMeasurementPlan(h(1), "p"), Approve(h(1), "cab")}, Advance(h(2)), ErrPlanIncomplete},
		{"plan without measurement plan", []Event{opened("C"), SetObjective(h(1), mttr("45", "30")), Approve(h(1), "cab")}, Advance(h(2)), ErrPlanIncomplete},
		{"objective set in do", do, SetObjective(h(4), mttr("45", "20")), ErrPhase},
		{"action planned in do", do, PlanAction(h(4), Action{ID: "A9", Description: "late"}), ErrPhase},
		{"measurement before Do began", do, MeasureAt(h(4), Measurement{Metric: "mttr", Value: IntValue(31), Unit: "min", At: h(2)}), ErrMeasurementBeforeDo},
		{"measurement dated after its recording", do, MeasureAt(h(4), Measurement{Metric: "mttr", Value: IntValue(31), Unit: "min", At: h(5)}), ErrMeasurementInFuture},
		{"measurement of unknown metric", do, Measure(Measurement{Metric: "backlog", Value: IntValue(3), Unit: "tickets", At: h(4)}), ErrUnknownMetric},
		{"measurement in wrong unit", do, Measure(Measurement{Metric: "mttr", Value: IntValue(3), Unit: "h", At: h(4)}), ErrUnitMismatch},
		{"complete unknown action", do, CompleteAction(h(4), "A9"), ErrUnknownAction},
		{"defer without reason", do, DeferAction(h(4), "A1", ""), ErrInvalidEvent},
		{"complete twice", append(append([]Event{}, do...), CompleteAction(h(4), "A1")), CompleteAction(h(5), "A1"), ErrActionClosed},
		{"leave do with open actions", append(append([]Event{}, do...), CompleteAction(h(4), "A1")), Advance(h(5)), ErrActionsOpen},
		{"leave check with an objective unmeasured", append(append([]Event{}, check...), Advance(h(6))), Advance(h(7)), ErrMeasurementMissing},
		{"leave act without decision", full[:len(full)-3], Advance(h(103)), ErrDecisionMissing},
		{"leave act missed without follow-up", full[:len(full)-2], Advance(h(103)), ErrFollowUpMissing},
		{"bad decision", full[:len(full)-3], Decide(h(103), Decision(7), ""), ErrInvalidEvent},
		{"abandon without reason", plan, AbandonCycle(h(2), ""), ErrInvalidEvent},
		{"anything after closed", full, AbandonCycle(h(200), "late"), ErrTerminal},
		{"opened after closed", full, opened("C9"), ErrTerminal},
	}
	for _, tc := range cases {
		c, err := Replay(tc.prior)
		if err != nil {
			t.Fatalf("%s: prior events: %v", tc.name, err)
		}
		got, err := c.Apply(tc.event)
		var re *RuleError
		if !errors.Is(err, tc.rule) || !errors.As(err, &re) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.rule)
			continue
		}
		if re.Cycle != c.ID() || re.Kind != tc.event.Kind || re.Phase != c.Phase() || !strings.HasPrefix(err.Error(), "pdca: ") {
			t.Errorf("%s: error does not say where: %+v", tc.name, re)
		}
		if len(got.Events()) != len(c.Events()) {
			t.Errorf("%s: refused event changed the cycle", tc.name)
		}
	}
}

// A measurement dated after the event that records it is refused: the verdict takes the latest
// measurement by its own date, so MeasureAt(day 30, {At: day 30 + 1 year}) used to override
// every real measurement recorded later in the year. One dated at or before its recording is
// accepted.
func TestMeasurementInFuture(t *testing.T) {
	do := append(planEvents(), Advance(h(3)))
	c := mustRun(t, do...)
	day30 := h(24 * 30)
	future := Measurement{Metric: "mttr", Value: IntValue(10), Unit: "min", At: day30.AddDate(1, 0, 0)}
	_, err := c.Apply(MeasureAt(day30, future))
	var re *RuleError
	if !errors.As(err, &re) || !errors.Is(err, ErrMeasurementInFuture) {
		t.Fatalf("got %v, want a *RuleError wrapping ErrMeasurementInFuture", err)
	}
	eq(t, [3]any{Measured, Do, day30}, [3]any{re.Kind, re.Phase, re.At})
	eq(t, `pdca: cycle "C1" (measured in phase do): measurement dated after the event recording it: metric "mttr" measured at 2027-02-04T08:00:00Z, recorded at 2026-02-04T08:00:00Z`, err.Error())

	// At its recording instant, or before it (recorded late), it counts; the real later figure
	// then decides the verdict.
	c = mustRun(t, append(do,
		MeasureAt(day30, Measurement{Metric: "mttr", Value: IntValue(50), Unit: "min", At: day30}),
		MeasureAt(h(24*40), Measurement{Metric: "mttr", Value: IntValue(31), Unit: "min", At: h(24 * 39)}))...)
	for _, r := range c.Results() {
		if r.Objective.Metric == "mttr" {
			eq(t, "31", r.Measurement.Value.String())
		}
	}
}

func TestOpenErrors(t *testing.T) {
	cases := []struct {
		name string
		o    Opening
		rule error
	}{
		{"unknown process", Opening{ID: "C", Subject: Subject{Kind: SubjectProcess, Process: "2018/8.8.8"}}, ErrUnknownProcess},
		{"no ID", Opening{Subject: SystemSubject()}, ErrInvalidEvent},
		{"no subject", Opening{ID: "C"}, ErrInvalidEvent},
		{"service without ID", Opening{ID: "C", Subject: Subject{Kind: SubjectService}}, ErrInvalidEvent},
		{"system naming a service", Opening{ID: "C", Subject: Subject{Kind: SubjectSystem, Service: "x"}}, ErrInvalidEvent},
		{"baselines without predecessor", Opening{ID: "C", Subject: SystemSubject(), Baselines: []Baseline{{Metric: "m", Unit: "u", Direction: LowerIsBetter}}}, ErrInvalidEvent},
		{"own predecessor", Opening{ID: "C", Subject: SystemSubject(), Predecessor: "C"}, ErrInvalidEvent},
	}
	for _, tc := range cases {
		_, err := Open(t0, tc.o)
		if !errors.Is(err, tc.rule) {
			t.Errorf("%s: got %v, want %v", tc.name, err, tc.rule)
		}
	}
	_, err := Open(t0, Opening{ID: "C", Subject: Subject{Kind: SubjectProcess, Process: "2011/4"}})
	isErr(t, err, itsm.ErrUnknownProcess)
	_, err = ProcessSubject("2005/8.1")
	isErr(t, err, ErrUnknownProcess)
	isErr(t, err, itsm.ErrUnknownProcess)
	_, err = Replay(nil)
	isErr(t, err, ErrFirstEvent)
	_, err = Replay([]Event{Advance(t0)})
	isErr(t, err, ErrFirstEvent)
}

// Approval covers the plan as it stands: each kind of plan change withdraws it.
func TestApprovalWithdrawnByPlanChanges(t *testing.T) {
	for _, change := range []Event{
		SetObjective(h(3), mttr("45", "25")),
		RemoveObjective(h(3), "mttr"),
		SetMeasurementPlan(h(3), "daily"),
		PlanAction(h(3), Action{ID: "A3", Description: "more"}),
	} {
		c := mustRun(t, append(planEvents(), change)...)
		if _, _, ok := c.Approval(); ok {
			t.Errorf("%v left the approval standing", change.Kind)
		}
		_, err := c.Apply(Advance(h(4)))
		isErr(t, err, ErrPlanIncomplete)
	}
}

// Check → Do → Check: the earlier measurement stays, the verdict uses the latest.
func TestReturnToDoRemeasures(t *testing.T) {
	c := mustRun(t, append(planEvents(),
		Advance(h(3)), CompleteAction(h(4), "A1"), CompleteAction(h(4), "A2"),
		Measure(Measurement{Metric: "availability", Value: MustParseValue("99.7"), Unit: "%", At: h(10)}),
		Measure(Measurement{Metric: "mttr", Value: MustParseValue("29"), Unit: "min", At: h(10)}),
		Advance(h(11)),
		ReturnToDo(h(12), "availability short; one more week"),
		Measure(Measurement{Metric: "availability", Value: MustParseValue("99.95"), Unit: "%", At: h(200)}),
		Advance(h(201)),
	)...)
	eq(t, Check, c.Phase())
	for _, r := range c.Results() {
		truth(t, r.Achieved)
	}
	periods := c.Periods()
	var phases []Phase
	for _, p := range periods {
		phases = append(phases, p.Phase)
	}
	if diff := cmp.Diff([]Phase{Plan, Do, Check, Do, Check}, phases); diff != "" {
		t.Errorf("periods (-want +got):\n%s", diff)
	}
	// Time in Do sums both stays: 3→11 and 12→201.
	eq(t, (8+189)*time.Hour, c.PhaseTimes(h(300))[1].Duration)
}

func TestAbandon(t *testing.T) {
	c := mustRun(t, append(planEvents(), AbandonCycle(h(5), "budget withdrawn"))...)
	eq(t, Abandoned, c.Phase())
	eq(t, "budget withdrawn", c.EndReason())
	eq(t, h(5), c.EndedAt())
	_, err := Next(c, h(6), Opening{ID: "C2"})
	isErr(t, err, ErrNotSeedable)

	// An abandon decision in Act ends as Abandoned too, even with every objective met.
	c = mustRun(t, append(planEvents(),
		Advance(h(3)), CompleteAction(h(4), "A1"), CompleteAction(h(4), "A2"),
		Measure(Measurement{Metric: "availability", Value: MustParseValue("99.95"), Unit: "%", At: h(10)}),
		Measure(Measurement{Metric: "mttr", Value: MustParseValue("20"), Unit: "min", At: h(10)}),
		Advance(h(11)), Advance(h(12)), Decide(h(13), Abandon, "cost too high to keep"), Advance(h(14)),
	)...)
	eq(t, Abandoned, c.Phase())
}

func TestNextSeedsBaselinesAndFollowUps(t *testing.T) {
	prev := mustRun(t, fullCycleEvents()...)
	_, err := Next(prev, h(103), Opening{ID: "C2"})
	isErr(t, err, ErrTimeReversed)
	_, err = Next(prev, h(200), Opening{ID: "C2", Subject: SystemSubject()})
	isErr(t, err, ErrInvalidEvent)
	_, err = Next(mustRun(t, planEvents()...), h(200), Opening{ID: "C2"})
	isErr(t, err, ErrNotSeedable)

	next, err := Next(prev, h(200), Opening{ID: "C2", Title: "round two"})
	noErr(t, err)
	want := []Baseline{
		{Metric: "availability", Unit: "%", Direction: HigherIsBetter, Value: MustParseValue("99.93"), At: h(100)},
		{Metric: "mttr", Unit: "min", Direction: LowerIsBetter, Value: MustParseValue("32.5"), At: h(100)},
	}
	if diff := cmp.Diff(want, next.Baselines()); diff != "" {
		t.Errorf("baselines (-want +got):\n%s", diff)
	}
	eq(t, "C1", next.Predecessor())
	eq(t, prev.Subject(), next.Subject())
	acts := next.Actions()
	eq(t, 1, len(acts))
	eq(t, Action{ID: "F1", Description: "triage rota", Owner: "desk", Due: h(300), Status: Pending, Phase: Plan}, acts[0])

	// The next baseline is the last measured value: an objective must start there.
	_, err = next.Apply(SetObjective(h(201), mttr("45", "25")))
	isErr(t, err, ErrSeedMismatch)
	_, err = next.Apply(SetObjective(h(201), Objective{Metric: "mttr", Unit: "h", Direction: LowerIsBetter,
		Baseline: MustParseValue("32.5"), Target: IntValue(25), Deadline: h(900)}))
	isErr(t, err, ErrSeedMismatch)
	next, err = next.ApplyAll(
		SetObjective(h(201), next.Baselines()[1].Objective(MustParseValue("25"), h(900))),
		SetMeasurementPlan(h(201), "weekly"), Approve(h(202), "cab"), Advance(h(203)),
		CompleteAction(h(210), "F1"),
		Measure(Measurement{Metric: "mttr", Value: MustParseValue("24"), Unit: "min", At: h(400)}),
		Advance(h(401)), Advance(h(402)), Decide(h(403), Adopt, "triage works"), Advance(h(404)),
	)
	noErr(t, err)

	chain, err := Chain([]Cycle{next, prev}, "C2")
	noErr(t, err)
	eq(t, []string{"C1", "C2"}, []string{chain[0].ID(), chain[1].ID()})
	tr, err := TrendOf(chain, "mttr")
	noErr(t, err)
	// MTTR from baseline 45 to last measured 24, lower is better: +21 is an improvement.
	eq(t, "21", tr.Change.String())
	truth(t, tr.Improving())
	eq(t, 2, len(tr.Points))
	truth(t, !tr.Points[0].Achieved)
	truth(t, tr.Points[1].Achieved)
	eq(t, "32.5", tr.Points[1].Baseline.String())

	tr, err = TrendOf(chain, "availability")
	noErr(t, err)
	eq(t, "0.43", tr.Change.String())
	_, err = TrendOf(chain, "backlog")
	isErr(t, err, ErrUnknownMetric)
	_, err = TrendOf([]Cycle{next, prev}, "mttr")
	isErr(t, err, ErrBrokenChain)

	_, err = Chain([]Cycle{next}, "C2")
	isErr(t, err, ErrBrokenChain)
	_, err = Chain([]Cycle{next, prev, prev}, "C2")
	isErr(t, err, ErrBrokenChain)
	_, err = Chain([]Cycle{prev}, "nope")
	isErr(t, err, ErrBrokenChain)
	// Predecessor links that loop are reported, not followed forever.
	a := mustRun(t, Event{Kind: Opened, At: t0, Opening: Opening{ID: "A", Subject: SystemSubject(), Predecessor: "B"}})
	b := mustRun(t, Event{Kind: Opened, At: t0, Opening: Opening{ID: "B", Subject: SystemSubject(), Predecessor: "A"}})
	_, err = Chain([]Cycle{a, b}, "A")
	isErr(t, err, ErrBrokenChain)

	// Overdue: C1's follow-up F1 was carried into C2 (done there), so nothing is overdue; without
	// C2 in view, F1 (due h(300)) is overdue as of h(310) in C1.
	eq(t, 0, len(OverdueActions([]Cycle{prev, next}, h(310))))
	od := OverdueActions([]Cycle{prev}, h(310))
	eq(t, 1, len(od))
	eq(t, "F1", od[0].Action.ID)
	eq(t, 10*time.Hour, od[0].Overdue)

	counts := CyclesPerSubject([]Cycle{prev, next, mustRun(t, opened("C3")), a})
	wantCounts := []SubjectCount{
		{Subject: Subject{Kind: SubjectProcess, Process: itsm.IncidentManagement2018}, Running: 1, Closed: 2},
		{Subject: SystemSubject(), Running: 1},
	}
	if diff := cmp.Diff(wantCounts, counts); diff != "" {
		t.Errorf("CyclesPerSubject (-want +got):\n%s", diff)
	}
	eq(t, 3, counts[0].Total())
}

func TestOverdueActionsOrderAndBoundary(t *testing.T) {
	c := mustRun(t, planEvents()...) // A1 due h(48), A2 due h(72), both pending
	d := mustRun(t, opened("C0"), PlanAction(h(1), Action{ID: "Z", Description: "z", Due: h(48)}),
		PlanAction(h(1), Action{ID: "N", Description: "no due date"}))
	// Due exactly at asOf is not overdue.
	eq(t, 0, len(OverdueActions([]Cycle{c, d}, h(48))))
	got := OverdueActions([]Cycle{c, d}, h(100))
	var ids []string
	for _, o := range got {
		ids = append(ids, o.Cycle+"/"+o.Action.ID)
	}
	if diff := cmp.Diff([]string{"C0/Z", "C1/A1", "C1/A2"}, ids); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Done and deferred actions are not overdue; abandoned cycles have none.
	c2 := mustRun(t, append(planEvents(), Advance(h(3)), CompleteAction(h(4), "A1"), DeferAction(h(4), "A2", "later"))...)
	eq(t, 0, len(OverdueActions([]Cycle{c2}, h(100))))
	c3 := mustRun(t, append(planEvents(), AbandonCycle(h(3), "stop"))...)
	eq(t, 0, len(OverdueActions([]Cycle{c3}, h(100))))
}

// Apply never changes its receiver, and values handed out are copies.
func TestImmutability(t *testing.T) {
	base := mustRun(t, planEvents()...)
	events := base.Events()
	a, err := base.Apply(Advance(h(3)))
	noErr(t, err)
	b, err := base.Apply(SetObjective(h(3), mttr("45", "20")))
	noErr(t, err)
	eq(t, Plan, base.Phase())
	eq(t, Do, a.Phase())
	eq(t, len(events), len(base.Events()))
	eq(t, len(events)+1, len(b.Events()))
	if diff := cmp.Diff(events, base.Events()); diff != "" {
		t.Errorf("receiver changed (-want +got):\n%s", diff)
	}
	objs := base.Objectives()
	objs[0].Metric = "changed"
	eq(t, "availability", base.Objectives()[0].Metric)

	seeded := []Baseline{{Metric: "m", Unit: "u", Direction: LowerIsBetter, Value: IntValue(5)}}
	c := mustRun(t, Event{Kind: Opened, At: t0, Opening: Opening{ID: "S", Subject: SystemSubject(), Predecessor: "P", Baselines: seeded}})
	seeded[0].Metric = "changed"
	eq(t, "m", c.Baselines()[0].Metric)
	eq(t, "m", c.Events()[0].Opening.Baselines[0].Metric)
}

func TestStoredEventsKeepOnlyTheirFields(t *testing.T) {
	e := Advance(h(3))
	e.Text = "ignored"
	e.Objective = Objective{Metric: "junk"}
	c := mustRun(t, append(planEvents(), e)...)
	last := c.Events()[len(c.Events())-1]
	eq(t, Event{Kind: Advanced, At: h(3)}, last)
	b, err := json.Marshal(c)
	noErr(t, err)
	truth(t, !strings.Contains(string(b), "junk"))
}

func TestValueParse(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"99.95", "99.95"}, {"-3", "-3"}, {"42.0", "42"}, {"1/3", "1/3"}, {"-2/4", "-0.5"}, {"10/4", "2.5"},
	} {
		v, err := ParseValue(tc.in)
		noErr(t, err)
		eq(t, tc.want, v.String(), tc.in)
	}
	for _, in := range []string{"", "1e3", "NaN", "Inf", "1/0", "1/-2", "1.5/2", "1/2.5", "/", "1/", " 1", strings.Repeat("9", 1001)} {
		_, err := ParseValue(in)
		isErr(t, err, ErrValue)
	}
	d, err := DurationValue(90*time.Second, time.Minute)
	noErr(t, err)
	eq(t, "1.5", d.String())
	_, err = DurationValue(time.Second, 0)
	isErr(t, err, ErrValue)
}

func TestEnumText(t *testing.T) {
	check := func(name string, n int, marshal func(int) ([]byte, error), unmarshal func([]byte) (int, error)) {
		for i := 1; i <= n; i++ {
			b, err := marshal(i)
			noErr(t, err)
			got, err := unmarshal(b)
			noErr(t, err)
			eq(t, i, got, name)
		}
		_, err := marshal(0)
		var ee *EnumError
		asErr(t, err, &ee)
		_, err = unmarshal([]byte("nope"))
		asErr(t, err, &ee)
	}
	check("Phase", 6, func(i int) ([]byte, error) { return Phase(i).MarshalText() },
		func(b []byte) (int, error) { var v Phase; err := v.UnmarshalText(b); return int(v), err })
	check("Direction", 2, func(i int) ([]byte, error) { return Direction(i).MarshalText() },
		func(b []byte) (int, error) { var v Direction; err := v.UnmarshalText(b); return int(v), err })
	check("Decision", 3, func(i int) ([]byte, error) { return Decision(i).MarshalText() },
		func(b []byte) (int, error) { var v Decision; err := v.UnmarshalText(b); return int(v), err })
	check("ActionStatus", 3, func(i int) ([]byte, error) { return ActionStatus(i).MarshalText() },
		func(b []byte) (int, error) { var v ActionStatus; err := v.UnmarshalText(b); return int(v), err })
	check("EventKind", 13, func(i int) ([]byte, error) { return EventKind(i).MarshalText() },
		func(b []byte) (int, error) { var v EventKind; err := v.UnmarshalText(b); return int(v), err })
	check("SubjectKind", 3, func(i int) ([]byte, error) { return SubjectKind(i).MarshalText() },
		func(b []byte) (int, error) { var v SubjectKind; err := v.UnmarshalText(b); return int(v), err })
	check("Source", 6, func(i int) ([]byte, error) { return Source(i).MarshalText() },
		func(b []byte) (int, error) { var v Source; err := v.UnmarshalText(b); return int(v), err })
	check("Size", 3, func(i int) ([]byte, error) { return Size(i).MarshalText() },
		func(b []byte) (int, error) { var v Size; err := v.UnmarshalText(b); return int(v), err })
	check("Priority", 4, func(i int) ([]byte, error) { return Priority(i).MarshalText() },
		func(b []byte) (int, error) { var v Priority; err := v.UnmarshalText(b); return int(v), err })
	check("ItemStatus", 4, func(i int) ([]byte, error) { return ItemStatus(i).MarshalText() },
		func(b []byte) (int, error) { var v ItemStatus; err := v.UnmarshalText(b); return int(v), err })
	eq(t, "Phase(0)", Phase(0).String())
	eq(t, "lower-is-better", LowerIsBetter.String())
}

func noErr(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func isErr(t testing.TB, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("got %v, want %v", err, target)
	}
}

func asErr[E error](t testing.TB, err error, target *E) {
	t.Helper()
	if !errors.As(err, target) {
		t.Fatalf("got %v, want %T", err, *target)
	}
}

func truth(t testing.TB, ok bool) {
	t.Helper()
	if !ok {
		t.Fatal("condition false")
	}
}

func eq[T any](t testing.TB, want, got T, msg ...string) {
	t.Helper()
	if diff := cmp.Diff(want, got, cmp.AllowUnexported(Value{})); diff != "" {
		t.Fatalf("%v (-want +got):\n%s", msg, diff)
	}
}
