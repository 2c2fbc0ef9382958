package incident

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/sla"
)

var t0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC) // a Monday

func mustOpen(t tb) Incident {
	t.Helper()
	inc, err := Open("INC1", t0, "desk", Fields{Impact: 2, Urgency: 2, Priority: 3, Group: "Service Desk"})
	noErr(t, err)
	return inc
}

// T1: the lifecycle of reference case T1, move by move.
func TestLifecycleT1(t *testing.T) {
	at := func(h int) time.Time { return t0.Add(time.Duration(h) * time.Hour) }
	inc := mustOpen(t)
	steps := []struct {
		name string
		do   func(Incident) (Incident, error)
		want Status
	}{
		{"start", func(i Incident) (Incident, error) { return i.Start(at(1), "ana") }, Status{State: InProgress}},
		{"hold for caller", func(i Incident) (Incident, error) { return i.Hold(at(2), "ana", AwaitingCaller) }, Status{OnHold, AwaitingCaller}},
		{"caller replies", func(i Incident) (Incident, error) { return i.Reply(at(3), "caller") }, Status{State: InProgress}},
		{"resolve", func(i Incident) (Incident, error) { return i.Resolve(at(4), "ana", "fixed") }, Status{State: Resolved}},
		{"reopen", func(i Incident) (Incident, error) { return i.Reopen(at(5), "caller") }, Status{State: InProgress}},
		{"hold for vendor", func(i Incident) (Incident, error) { return i.Hold(at(6), "ana", AwaitingVendor) }, Status{OnHold, AwaitingVendor}},
		{"caller reply keeps vendor hold", func(i Incident) (Incident, error) { return i.Reply(at(7), "caller") }, Status{OnHold, AwaitingVendor}},
		{"resume", func(i Incident) (Incident, error) { return i.Resume(at(8), "ana") }, Status{State: InProgress}},
		{"resolve again", func(i Incident) (Incident, error) { return i.Resolve(at(9), "ana", "fixed") }, Status{State: Resolved}},
		{"close", func(i Incident) (Incident, error) { return i.Close(at(10), "system") }, Status{State: Closed}},
	}
	for _, s := range steps {
		next, err := s.do(inc)
		noErr(t, err, s.name)
		equal(t, s.want, next.Status, s.name)
		inc = next
	}
	equal(t, 1, inc.Reopens, "one reopen")
	equal(t, len(steps)+1, len(inc.History))
	resolved, ok := inc.ResolvedAt()
	truth(t, ok)
	equal(t, at(9), resolved)
	closed, _ := inc.ClosedAt()
	equal(t, at(10), closed)
}

func TestMarkMajorAndReprioritise(t *testing.T) {
	inc := mustOpen(t)
	inc, err := inc.MarkMajor(t0.Add(time.Minute), "manager", true)
	noErr(t, err)
	inc, err = inc.Reprioritise(t0.Add(2*time.Minute), "manager", 1, 1, DefaultMatrix())
	noErr(t, err)
	equal(t, [4]any{true, Level(1), Level(1), Level(1)}, [4]any{inc.Major, inc.Impact, inc.Urgency, inc.Priority})
	_, err = inc.Reprioritise(t0.Add(3*time.Minute), "manager", 4, 1, DefaultMatrix())
	isErr(t, err, ErrOutsideMatrix)
	equal(t, 3, len(inc.History))
	equal(t, false, inc.History[0].Major, "history keeps the earlier value")
}

func TestLifecycleReopenCount(t *testing.T) {
	inc := mustOpen(t)
	inc, _ = inc.Resolve(t0.Add(time.Hour), "a", "x")
	inc, _ = inc.Reopen(t0.Add(2*time.Hour), "a")
	equal(t, 1, inc.Reopens)
}

// T1: terminal states, reasons and typed errors naming the move.
func TestLifecycleIllegalMoves(t *testing.T) {
	inc := mustOpen(t)
	closed, err := inc.Resolve(t0.Add(time.Hour), "a", "x")
	noErr(t, err)
	closed, err = closed.Close(t0.Add(2*time.Hour), "a")
	noErr(t, err)
	canceled, err := inc.Cancel(t0.Add(time.Hour), "a")
	noErr(t, err)

	later := t0.Add(3 * time.Hour)
	for _, term := range []Incident{closed, canceled} {
		for name, do := range map[string]func() (Incident, error){
			"start":  func() (Incident, error) { return term.Start(later, "a") },
			"hold":   func() (Incident, error) { return term.Hold(later, "a", AwaitingCaller) },
			"resume": func() (Incident, error) { return term.Resume(later, "a") },
			"reply":  func() (Incident, error) { return term.Reply(later, "a") },
			"reopen": func() (Incident, error) { return term.Reopen(later, "a") },
			"close":  func() (Incident, error) { return term.Close(later, "a") },
			"cancel": func() (Incident, error) { return term.Cancel(later, "a") },
			"assign": func() (Incident, error) { return term.Assign(later, "a", "G", "x") },
		} {
			got, err := do()
			if name == "start" || name == "resume" || name == "reopen" {
				asErr[*TransitionError](t, err, name)
			} else {
				isErr(t, err, ErrTerminal, name+" from "+term.State.String())
			}
			equal(t, term.Status, got.Status, "unchanged after "+name)
		}
	}

	_, err = inc.Close(t0.Add(time.Hour), "a")
	asErr[*TransitionError](t, err)
	isErr(t, err, ErrIllegalMove)
	equal(t, "incident: INC1: close: New → Closed is not allowed", err.Error())

	_, err = closed.Reply(later, "caller")
	equal(t, "incident: INC1: caller reply: Closed → Closed is not allowed (Closed is terminal)", err.Error())

	_, err = inc.Hold(t0.Add(time.Hour), "a", NoReason)
	isErr(t, err, ErrInvalidStatus, "On Hold needs a reason")

	_, err = inc.Start(t0.Add(-time.Hour), "a")
	isErr(t, err, ErrOutOfOrder)
}

func TestCanMoveTable(t *testing.T) {
	st := []Status{{State: New}, {State: InProgress}, {OnHold, AwaitingCaller}, {OnHold, AwaitingVendor}, {State: Resolved}, {State: Closed}, {State: Canceled}}
	got := map[string]bool{}
	for _, a := range st {
		for _, b := range st {
			if CanMove(a, b) {
				got[a.String()+" → "+b.String()] = true
			}
		}
	}
	want := map[string]bool{}
	for _, m := range []string{
		"New → New", "New → In Progress", "New → On Hold (Awaiting Caller)", "New → On Hold (Awaiting Vendor)", "New → Resolved", "New → Canceled",
		"In Progress → In Progress", "In Progress → On Hold (Awaiting Caller)", "In Progress → On Hold (Awaiting Vendor)", "In Progress → Resolved", "In Progress → Canceled",
		"On Hold (Awaiting Caller) → In Progress", "On Hold (Awaiting Caller) → On Hold (Awaiting Caller)", "On Hold (Awaiting Caller) → On Hold (Awaiting Vendor)", "On Hold (Awaiting Caller) → Resolved", "On Hold (Awaiting Caller) → Canceled",
		"On Hold (Awaiting Vendor) → In Progress", "On Hold (Awaiting Vendor) → On Hold (Awaiting Caller)", "On Hold (Awaiting Vendor) → On Hold (Awaiting Vendor)", "On Hold (Awaiting Vendor) → Resolved", "On Hold (Awaiting Vendor) → Canceled",
		"Resolved → Resolved", "Resolved → In Progress", "Resolved → Closed",
	} {
		want[m] = true
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("CanMove (-want +got):\n%s", d)
	}
}

func TestVocabularyUCI(t *testing.T) {
	v := ServiceNowStates()
	got := map[string]Status{}
	for _, name := range []string{"New", "Active", "Awaiting User Info", "Awaiting Vendor", "Awaiting Problem", "Awaiting Evidence", "Resolved", "Closed"} {
		s, ok := v.Lookup(name)
		truth(t, ok, name)
		got[name] = s
	}
	want := map[string]Status{
		"New": {State: New}, "Active": {State: InProgress}, "Awaiting User Info": {OnHold, AwaitingCaller},
		"Awaiting Vendor": {OnHold, AwaitingVendor}, "Awaiting Problem": {OnHold, AwaitingProblem},
		"Awaiting Evidence": {OnHold, AwaitingEvidence}, "Resolved": {State: Resolved}, "Closed": {State: Closed},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Error(d)
	}
	_, ok := v.Lookup("-100")
	truth(t, !ok, "the corrupt state of the UCI log is not mapped")
}

// weekdays9to17 is a business calendar of weekdays 09:00–17:00 in UTC.
func weekdays9to17(t tb) *sla.Calendar {
	return weekdayCalendar(t, 9, 17, time.UTC)
}

func weekdayCalendar(t tb, from, to int, loc *time.Location) *sla.Calendar {
	t.Helper()
	var spec sla.CalendarSpec
	for wd := time.Monday; wd <= time.Friday; wd++ {
		spec.Week[wd] = []sla.Slot{{Start: sla.Clock(from, 0), End: sla.Clock(to, 0)}}
	}
	c, err := sla.NewCalendar(loc, spec)
	noErr(t, err)
	return c
}

// lifecycleMachine is the model of the rapid state-machine test: an incident driven by random
// actions at random later times, a business-hours timer fed with its history, and what the
// model expects.
type lifecycleMachine struct {
	cal          *sla.Calendar
	inc          Incident
	timer        Timer
	now          time.Time
	reopens      int // Resolved → In Progress moves that succeeded
	lastBusiness time.Duration
}

var holdReasons = []HoldReason{AwaitingCaller, AwaitingChange, AwaitingProblem, AwaitingVendor, AwaitingEvidence, OtherReason}

// act advances the clock and tries one action; it checks the lifecycle rules on the outcome.
func (m *lifecycleMachine) act(t *rapid.T, name string, do func(Incident, time.Time) (Incident, error)) {
	m.now = m.now.Add(time.Duration(rapid.IntRange(0, 60*72).Draw(t, "minutes")) * time.Minute)
	before := m.inc
	next, err := do(before, m.now)
	if before.State.Terminal() {
		if err == nil {
			t.Fatalf("%s succeeded from terminal %v", name, before.State)
		}
		return
	}
	if err != nil {
		var te *TransitionError
		if !errors.As(err, &te) {
			t.Fatalf("%s from %v: untyped error %v", name, before.Status, err)
		}
		if next.Status != before.Status || len(next.History) != len(before.History) {
			t.Fatalf("failed %s changed the incident", name)
		}
		return
	}
	if before.State == Resolved && next.State == InProgress {
		m.reopens++
	}
	if len(before.History) != len(next.History)-1 {
		t.Fatalf("%s: history did not grow by one", name)
	}
	m.inc = next
	if m.timer, err = m.timer.Observe(next.History[len(next.History)-1]); err != nil {
		t.Fatal(err)
	}
}

// check holds after every action: reopens counted right; business elapsed never decreases;
// time On Hold (and Resolved) never counted, by an independent sum over the history.
func (m *lifecycleMachine) check(t *rapid.T) {
	if m.inc.Reopens != m.reopens {
		t.Fatalf("reopens %d, want %d", m.inc.Reopens, m.reopens)
	}
	meas, err := m.timer.Measure(m.now)
	if err != nil {
		t.Fatal(err)
	}
	if meas.Business < m.lastBusiness {
		t.Fatalf("business elapsed went down: %v → %v", m.lastBusiness, meas.Business)
	}
	m.lastBusiness = meas.Business
	end := m.now
	if meas.Stage == Completed || meas.Stage == Cancelled {
		end = meas.End
	}
	var want time.Duration
	for i, ev := range m.inc.History {
		segEnd := end
		if i+1 < len(m.inc.History) {
			segEnd = minTime(m.inc.History[i+1].At, end)
		}
		if ev.State == OnHold || ev.State == Resolved || ev.State.Terminal() || !ev.At.Before(segEnd) {
			continue
		}
		want += m.cal.BusinessTime(ev.At, segEnd)
	}
	if meas.Business != want {
		t.Fatalf("business elapsed %v, want %v (paused time counted?)", meas.Business, want)
	}
}

func testLifecycle(t *rapid.T) {
	m := &lifecycleMachine{cal: weekdays9to17(t), now: t0}
	def := Definition{
		Name:     "resolution",
		Start:    Always(),
		Pause:    Any(OnHoldFor(), InState(Resolved)),
		Stop:     InState(Closed),
		Cancel:   InState(Canceled),
		Targets:  []Target{{Duration: 16 * time.Hour}},
		Calendar: m.cal,
	}
	var err error
	if m.inc, err = Open("INC1", t0, "desk", Fields{Priority: 3}); err != nil {
		t.Fatal(err)
	}
	if m.timer, err = NewTimer(def, t0).Observe(m.inc.History[0]); err != nil {
		t.Fatal(err)
	}
	t.Repeat(map[string]func(*rapid.T){
		"start": func(t *rapid.T) {
			m.act(t, "start", func(i Incident, at time.Time) (Incident, error) { return i.Start(at, "a") })
		},
		"hold": func(t *rapid.T) {
			r := rapid.SampledFrom(holdReasons).Draw(t, "reason")
			m.act(t, "hold", func(i Incident, at time.Time) (Incident, error) { return i.Hold(at, "a", r) })
		},
		"resume": func(t *rapid.T) {
			m.act(t, "resume", func(i Incident, at time.Time) (Incident, error) { return i.Resume(at, "a") })
		},
		"reply": func(t *rapid.T) {
			m.act(t, "reply", func(i Incident, at time.Time) (Incident, error) { return i.Reply(at, "caller") })
		},
		"resolve": func(t *rapid.T) {
			m.act(t, "resolve", func(i Incident, at time.Time) (Incident, error) { return i.Resolve(at, "a", "done") })
		},
		"reopen": func(t *rapid.T) {
			m.act(t, "reopen", func(i Incident, at time.Time) (Incident, error) { return i.Reopen(at, "caller") })
		},
		"close": func(t *rapid.T) {
			m.act(t, "close", func(i Incident, at time.Time) (Incident, error) { return i.Close(at, "a") })
		},
		"cancel": func(t *rapid.T) {
			m.act(t, "cancel", func(i Incident, at time.Time) (Incident, error) { return i.Cancel(at, "a") })
		},
		"assign": func(t *rapid.T) {
			g := rapid.SampledFrom([]string{"G1", "G2"}).Draw(t, "group")
			m.act(t, "assign", func(i Incident, at time.Time) (Incident, error) { return i.Assign(at, "a", g, "x") })
		},
		"": m.check,
	})
}

func TestLifecycleProperties(t *testing.T) { rapid.Check(t, testLifecycle) }

func FuzzLifecycleProperties(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testLifecycle)) }

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}
