package pdca

import (
	"encoding/json"
	"errors"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

// The model below is an independent statement of the rules in doc.go: it predicts whether an
// event is legal from a handful of facts about the cycle, and the property checks that Apply
// agrees on every event, legal or not.

type modelObjective struct {
	unit     string
	dir      Direction
	baseline *big.Rat
	target   *big.Rat
}

type modelMeasurement struct {
	metric string
	value  *big.Rat
	at     time.Time
}

type modelAction struct {
	phase  Phase
	status ActionStatus
}

type model struct {
	phase        Phase
	objectives   map[string]modelObjective
	plan         bool
	approved     bool
	actions      map[string]modelAction
	measurements []modelMeasurement
	decision     Decision
	followUps    int
	doStarted    time.Time
	lastAt       time.Time
}

func (m *model) latest(metric string) (modelMeasurement, bool) {
	var best modelMeasurement
	found := false
	for _, x := range m.measurements {
		if x.metric == metric && (!found || !x.at.Before(best.at)) {
			best, found = x, true
		}
	}
	return best, found
}

func meetsRat(dir Direction, measured, target *big.Rat) bool {
	if dir == HigherIsBetter {
		return measured.Cmp(target) >= 0
	}
	return measured.Cmp(target) <= 0
}

func (m *model) anyMissed() bool {
	for metric, o := range m.objectives {
		x, ok := m.latest(metric)
		if !ok || !meetsRat(o.dir, x.value, o.target) {
			return true
		}
	}
	return false
}

// legal predicts Apply's verdict and, when legal, updates the model.
func (m *model) step(e Event) bool {
	if e.Kind == Opened || m.phase.Terminal() || e.At.Before(m.lastAt) {
		return false
	}
	inPlan := m.phase == Plan
	ok := false
	switch e.Kind {
	case ObjectiveSet:
		o := e.Objective
		if inPlan && o.Metric != "" && o.Unit != "" && (o.Direction == HigherIsBetter || o.Direction == LowerIsBetter) &&
			!o.Deadline.IsZero() {
			c := o.Target.Big().Cmp(o.Baseline.Big())
			if (o.Direction == HigherIsBetter && c > 0) || (o.Direction == LowerIsBetter && c < 0) {
				m.objectives[o.Metric] = modelObjective{o.Unit, o.Direction, o.Baseline.Big(), o.Target.Big()}
				m.approved, ok = false, true
			}
		}
	case ObjectiveRemoved:
		if _, has := m.objectives[e.Metric]; inPlan && has {
			delete(m.objectives, e.Metric)
			m.approved, ok = false, true
		}
	case MeasurementPlanSet:
		if inPlan && e.Text != "" {
			m.plan, m.approved, ok = true, false, true
		}
	case ActionPlanned:
		_, dup := m.actions[e.Action.ID]
		if (inPlan || m.phase == Act) && e.Action.ID != "" && e.Action.Description != "" && !dup {
			m.actions[e.Action.ID] = modelAction{m.phase, Pending}
			if inPlan {
				m.approved = false
			} else {
				m.followUps++
			}
			ok = true
		}
	case Approved:
		if inPlan && e.Actor != "" {
			m.approved, ok = true, true
		}
	case ActionCompleted, ActionDeferred:
		a, has := m.actions[e.ActionID]
		if m.phase == Do && has && a.phase == Plan && a.status == Pending && (e.Kind == ActionCompleted || e.Text != "") {
			a.status = Done
			if e.Kind == ActionDeferred {
				a.status = Deferred
			}
			m.actions[e.ActionID], ok = a, true
		}
	case Measured:
		x := e.Measurement
		o, has := m.objectives[x.Metric]
		if (m.phase == Do || m.phase == Check) && has && o.unit == x.Unit && !x.At.IsZero() && !x.At.Before(m.doStarted) && !x.At.After(e.At) {
			m.measurements = append(m.measurements, modelMeasurement{x.Metric, x.Value.Big(), x.At})
			ok = true
		}
	case ReturnedToDo:
		if m.phase == Check {
			m.phase, ok = Do, true
		}
	case Decided:
		if m.phase == Act && e.Decision >= Adopt && e.Decision <= Abandon {
			m.decision, ok = e.Decision, true
		}
	case CycleAbandoned:
		if e.Text != "" {
			m.phase, ok = Abandoned, true
		}
	case Advanced:
		switch m.phase {
		case Plan:
			if len(m.objectives) > 0 && m.plan && m.approved {
				m.phase, m.doStarted, ok = Do, e.At, true
			}
		case Do:
			ok = true
			for _, a := range m.actions {
				if a.phase == Plan && a.status == Pending {
					ok = false
				}
			}
			if ok {
				m.phase = Check
			}
		case Check:
			ok = true
			for metric := range m.objectives {
				if _, has := m.latest(metric); !has {
					ok = false
				}
			}
			if ok {
				m.phase = Act
			}
		case Act:
			if m.decision != 0 && (!m.anyMissed() || m.followUps > 0) {
				ok = true
				m.phase = Closed
				if m.decision == Abandon {
					m.phase = Abandoned
				}
			}
		}
	}
	if ok {
		m.lastAt = e.At
	}
	return ok
}

var (
	genMetric   = rapid.SampledFrom([]string{"availability", "mttr", ""})
	genUnit     = rapid.SampledFrom([]string{"%", "min", ""})
	genActionID = rapid.SampledFrom([]string{"A1", "A2", "A3", ""})
	genText     = rapid.SampledFrom([]string{"because", "because", ""})
)

func genValue(t *rapid.T, label string) Value {
	return ValueFromBig(big.NewRat(int64(rapid.IntRange(-5, 200).Draw(t, label)), 10))
}

// reached counts the final phases of the walks while TestCycleMachineReachesEveryPhase runs.
var reached map[Phase]int

// progress returns an event that moves the cycle forward: the next thing a diligent team does.
func progress(t *rapid.T, m *model, at time.Time) Event {
	switch m.phase {
	case Plan:
		switch {
		case len(m.objectives) == 0:
			metric := rapid.SampledFrom([]string{"availability", "mttr"}).Draw(t, "metric")
			if metric == "availability" {
				return SetObjective(at, Objective{Metric: metric, Unit: "%", Direction: HigherIsBetter,
					Baseline: MustParseValue("9.5"), Target: MustParseValue("9.9"), Deadline: at.Add(720 * time.Hour)})
			}
			return SetObjective(at, Objective{Metric: metric, Unit: "min", Direction: LowerIsBetter,
				Baseline: MustParseValue("4.5"), Target: MustParseValue("3"), Deadline: at.Add(720 * time.Hour)})
		case !m.plan:
			return SetMeasurementPlan(at, "weekly")
		case !m.approved:
			return Approve(at, "cab")
		}
	case Do:
		for id, a := range m.actions {
			if a.phase == Plan && a.status == Pending {
				return CompleteAction(at, id)
			}
		}
		for metric, o := range m.objectives {
			if _, ok := m.latest(metric); !ok {
				return Measure(Measurement{Metric: metric, Unit: o.unit, Value: genValue(t, "value"), At: at})
			}
		}
	case Act:
		if m.decision == 0 {
			return Decide(at, Decision(rapid.IntRange(1, 3).Draw(t, "decision")), "why")
		}
		if m.anyMissed() && m.followUps == 0 {
			return PlanAction(at, Action{ID: "F", Description: "follow up"})
		}
	}
	return Advance(at)
}

func testCycleMachine(t *rapid.T) {
	start := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	subject := rapid.SampledFrom([]Subject{
		{Kind: SubjectProcess, Process: itsm.IncidentManagement2018},
		{Kind: SubjectService, Service: "checkout"},
		{Kind: SubjectSystem},
	}).Draw(t, "subject")
	c, err := Open(start, Opening{ID: "C", Subject: subject})
	if err != nil {
		t.Fatal(err)
	}
	m := &model{phase: Plan, objectives: map[string]modelObjective{}, actions: map[string]modelAction{}, lastAt: start}
	// Events lean forward in time but sometimes go back, to exercise ErrTimeReversed.
	nextAt := func(t *rapid.T) time.Time {
		return m.lastAt.Add(time.Duration(rapid.IntRange(-30, 3000).Draw(t, "minutes")) * time.Minute)
	}
	try := func(t *rapid.T, e Event) {
		wasTerminal := m.phase.Terminal()
		before := len(c.events)
		want := m.step(e)
		got, err := c.Apply(e)
		if want != (err == nil) {
			t.Fatalf("%v from %v: model says legal=%v, Apply says %v", e.Kind, c.Phase(), want, err)
		}
		if err != nil {
			var re *RuleError
			if !errors.As(err, &re) {
				t.Fatalf("error is not a *RuleError: %v", err)
			}
			if wasTerminal && !errors.Is(err, ErrTerminal) {
				t.Fatalf("terminal cycle refused with %v, want ErrTerminal", err)
			}
			if len(c.events) != before || len(got.events) != before {
				t.Fatalf("refused event changed the cycle")
			}
			return
		}
		c = got
		if c.Phase() != m.phase {
			t.Fatalf("after %v: phase %v, model %v", e.Kind, c.Phase(), m.phase)
		}
	}
	t.Repeat(map[string]func(*rapid.T){
		"objective": func(t *rapid.T) {
			at := nextAt(t)
			try(t, SetObjective(at, Objective{
				Metric: genMetric.Draw(t, "metric"), Unit: genUnit.Draw(t, "unit"),
				Direction: Direction(rapid.IntRange(0, 2).Draw(t, "dir")),
				Baseline:  genValue(t, "baseline"), Target: genValue(t, "target"),
				Deadline: at.Add(30 * 24 * time.Hour),
			}))
		},
		"remove": func(t *rapid.T) { try(t, RemoveObjective(nextAt(t), genMetric.Draw(t, "metric"))) },
		"plan":   func(t *rapid.T) { try(t, SetMeasurementPlan(nextAt(t), genText.Draw(t, "text"))) },
		"action": func(t *rapid.T) {
			at := nextAt(t)
			try(t, PlanAction(at, Action{ID: genActionID.Draw(t, "id"), Description: genText.Draw(t, "desc"),
				Due: at.Add(time.Duration(rapid.IntRange(1, 100).Draw(t, "due")) * time.Hour)}))
		},
		"approve": func(t *rapid.T) {
			try(t, Approve(nextAt(t), rapid.SampledFrom([]string{"cab", ""}).Draw(t, "by")))
		},
		"advance":  func(t *rapid.T) { try(t, Advance(nextAt(t))) },
		"advance2": func(t *rapid.T) { try(t, Advance(nextAt(t))) }, // twice the weight
		"complete": func(t *rapid.T) { try(t, CompleteAction(nextAt(t), genActionID.Draw(t, "id"))) },
		"defer": func(t *rapid.T) {
			try(t, DeferAction(nextAt(t), genActionID.Draw(t, "id"), genText.Draw(t, "reason")))
		},
		"measure": func(t *rapid.T) {
			at := nextAt(t)
			try(t, MeasureAt(at, Measurement{Metric: genMetric.Draw(t, "metric"), Unit: genUnit.Draw(t, "unit"),
				Value: genValue(t, "value"),
				At:    at.Add(-time.Duration(rapid.IntRange(-60, 3000).Draw(t, "ago")) * time.Minute)})) // some dated after their recording
		},
		"measure2": func(t *rapid.T) {
			at := nextAt(t)
			metric := rapid.SampledFrom([]string{"availability", "mttr"}).Draw(t, "metric")
			unit := "%"
			if metric == "mttr" {
				unit = "min"
			}
			try(t, Measure(Measurement{Metric: metric, Unit: unit, Value: genValue(t, "value"), At: at}))
		},
		// A run of forward steps, so that walks of rapid's default length reach Act and beyond.
		"progress": func(t *rapid.T) {
			for range rapid.IntRange(1, 12).Draw(t, "run") {
				try(t, progress(t, m, nextAt(t)))
			}
		},
		"return": func(t *rapid.T) { try(t, ReturnToDo(nextAt(t), "re-measure")) },
		"decide": func(t *rapid.T) {
			try(t, Decide(nextAt(t), Decision(rapid.IntRange(0, 3).Draw(t, "decision")), "why"))
		},
		"abandon": func(t *rapid.T) {
			if rapid.IntRange(0, 9).Draw(t, "rarely") == 0 {
				try(t, AbandonCycle(nextAt(t), genText.Draw(t, "reason")))
			}
		},
		"reopen": func(t *rapid.T) {
			try(t, Event{Kind: Opened, At: nextAt(t), Opening: Opening{ID: "D", Subject: SystemSubject()}})
		},
		"": func(t *rapid.T) {
			checkVerdicts(t, c)
			if m.phase.Terminal() {
				for _, e := range []Event{Advance(m.lastAt), AbandonCycle(m.lastAt, "x"), Decide(m.lastAt, Adopt, "")} {
					if _, err := c.Apply(e); !errors.Is(err, ErrTerminal) {
						t.Fatalf("terminal cycle accepted %v: %v", e.Kind, err)
					}
				}
			}
		},
	})
	if reached != nil {
		reached[c.Phase()]++
	}
	// Replaying the events, and decoding the JSON, rebuild the same value.
	r, err := Replay(c.Events())
	if err != nil {
		t.Fatalf("replay: %v", err)
	}
	if diff := cmp.Diff(c, r, cmp.AllowUnexported(Cycle{}, Value{})); diff != "" {
		t.Fatalf("replay differs (-want +got):\n%s", diff)
	}
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatalf("marshal: %v", err)
	}
	d, err := DecodeCycle(b)
	if err != nil {
		t.Fatalf("decode: %v\n%s", err, b)
	}
	if diff := cmp.Diff(c, d, cmp.AllowUnexported(Cycle{}, Value{})); diff != "" {
		t.Fatalf("JSON round trip differs (-want +got):\n%s", diff)
	}
	b2, _ := json.Marshal(d)
	if string(b) != string(b2) {
		t.Fatalf("re-encoding differs:\n%s\n%s", b, b2)
	}
}

// checkVerdicts recomputes every verdict with big.Rat, independently of Results.
func checkVerdicts(t *rapid.T, c Cycle) {
	for _, r := range c.Results() {
		o := r.Objective
		var latest *Measurement
		for _, x := range c.Measurements() {
			if x.Metric == o.Metric && (latest == nil || !x.At.Before(latest.At)) {
				x := x
				latest = &x
			}
		}
		if (latest != nil) != r.Measured {
			t.Fatalf("%s: Measured=%v, have measurement %v", o.Metric, r.Measured, latest != nil)
		}
		if latest == nil {
			continue
		}
		want := meetsRat(o.Direction, latest.Value.Big(), o.Target.Big())
		if r.Achieved != want {
			t.Fatalf("%s (%s): measured %s target %s: Achieved=%v", o.Metric, o.Direction, latest.Value, o.Target, r.Achieved)
		}
		// Progress ≥ 1 exactly when achieved.
		if (r.Progress.Cmp(IntValue(1)) >= 0) != want {
			t.Fatalf("%s: progress %s disagrees with achieved=%v", o.Metric, r.Progress, want)
		}
	}
}

func TestCycleMachine(t *testing.T) { rapid.Check(t, testCycleMachine) }
func FuzzCycleMachine(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCycleMachine)) }

// TestCycleMachineReachesEveryPhase guards against a vacuous machine test: the random walks must
// end in every phase, Closed and Abandoned included, often enough.
func TestCycleMachineReachesEveryPhase(t *testing.T) {
	reached = map[Phase]int{}
	defer func() { reached = nil }()
	rapid.Check(t, testCycleMachine)
	for p := Plan; p <= Abandoned; p++ {
		if reached[p] == 0 {
			t.Errorf("no walk ended in %v: %v", p, reached)
		}
	}
}
