package incident

import (
	"fmt"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/sla"
)

func pct(t tb, s string) exact.Rat {
	t.Helper()
	r, err := exact.ParseDecimal(s)
	noErr(t, err, s)
	return r
}

// resolution is the example timer: starts at opening, pauses On Hold, stops when resolved.
func resolution(cal Clock, target time.Duration) Definition {
	return Definition{
		Name:     "resolution",
		Start:    Always(),
		Pause:    OnHoldFor(),
		Stop:     InState(Resolved, Closed),
		Cancel:   InState(Canceled),
		Targets:  []Target{{Duration: target}},
		Calendar: cal,
	}
}

func openAt(t tb, at time.Time) Incident {
	t.Helper()
	inc, err := Open("INC1", at, "desk", Fields{Priority: 3})
	noErr(t, err)
	return inc
}

// S1: 24×7, start 2015-01-01 10:30, 10 h → breach 20:30; with no calendar and with sla.AlwaysOn.
func TestTimerS1(t *testing.T) {
	start := time.Date(2015, 1, 1, 10, 30, 0, 0, time.UTC)
	for name, cal := range map[string]Clock{"nil": nil, "AlwaysOn": sla.AlwaysOn(time.UTC)} {
		m, err := Evaluate(resolution(cal, 10*time.Hour), openAt(t, start), start)
		noErr(t, err, name)
		equal(t, time.Date(2015, 1, 1, 20, 30, 0, 0, time.UTC), m.BreachAt, name)
		equal(t, Running, m.Stage, name)
	}
}

// S2: a "1 day" target on a calendar of 8-hour working days is 24 business hours, 3 working days.
func TestTimerS2(t *testing.T) {
	cal := weekdayCalendar(t, 8, 16, time.UTC)
	start := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC) // Monday 08:00
	m, err := Evaluate(resolution(cal, 24*time.Hour), openAt(t, start), start)
	noErr(t, err)
	equal(t, time.Date(2026, 3, 4, 16, 0, 0, 0, time.UTC), m.BreachAt, "Wednesday 16:00")
}

// S3: weekdays 09:00–17:00; start 14:00 on a weekday; now 09:00 the next weekday.
func TestTimerS3(t *testing.T) {
	start := time.Date(2026, 3, 3, 14, 0, 0, 0, time.UTC) // Tuesday
	now := time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)
	m, err := Evaluate(resolution(weekdays9to17(t), 8*time.Hour), openAt(t, start), now)
	noErr(t, err)
	equal(t, 3*time.Hour, m.Business)
	equal(t, 19*time.Hour, m.Actual)
}

// S4: weekdays 08:00–17:00; opened Fri 2014-12-12 21:00; now Mon 09:30; target 8 h.
func TestTimerS4(t *testing.T) {
	start := time.Date(2014, 12, 12, 21, 0, 0, 0, time.UTC)
	now := time.Date(2014, 12, 15, 9, 30, 0, 0, time.UTC)
	m, err := Evaluate(resolution(weekdayCalendar(t, 8, 17, time.UTC), 8*time.Hour), openAt(t, start), now)
	noErr(t, err)
	equal(t, 90*time.Minute, m.Business)
	equal(t, 60*time.Hour+30*time.Minute, m.Actual)
	equal(t, pct(t, "18.75"), m.BusinessPercent)
	equal(t, pct(t, "756.25"), m.ActualPercent)
	equal(t, false, m.Breached)
}

// A pause moves the breach time of a duration target; paused time counts neither as actual nor
// as business elapsed; milestones come at 50, 75 and 100 % of running time.
func TestTimerPauseExtendsDurationTarget(t *testing.T) {
	inc := openAt(t, t0) // Monday 09:00, 24×7 timer of 4 h
	inc, _ = inc.Start(t0.Add(30*time.Minute), "a")
	inc, _ = inc.Hold(t0.Add(time.Hour), "a", AwaitingCaller)
	inc, _ = inc.Reply(t0.Add(3*time.Hour), "caller")
	m, err := Evaluate(resolution(nil, 4*time.Hour), inc, t0.Add(4*time.Hour))
	noErr(t, err)
	equal(t, Running, m.Stage)
	equal(t, 2*time.Hour, m.Actual)
	equal(t, 2*time.Hour, m.Paused)
	equal(t, t0.Add(6*time.Hour), m.BreachAt, "4 h target + 2 h pause")
	equal(t, []Milestone{{50, t0.Add(4 * time.Hour)}}, m.Milestones, "1 h before the pause, 1 h after it")

	// While paused, the breach time is projected as if the timer resumed at the as-of instant.
	m, err = Evaluate(resolution(nil, 4*time.Hour), inc, t0.Add(2*time.Hour))
	noErr(t, err)
	equal(t, Paused, m.Stage)
	equal(t, t0.Add(5*time.Hour), m.BreachAt)

	// Later: completed past the target → breached; all three milestones reached.
	done, _ := inc.Resolve(t0.Add(7*time.Hour), "a", "fixed")
	m, err = Evaluate(resolution(nil, 4*time.Hour), done, t0.Add(9*time.Hour))
	noErr(t, err)
	equal(t, Completed, m.Stage)
	equal(t, true, m.Breached)
	equal(t, []Milestone{{50, t0.Add(4 * time.Hour)}, {75, t0.Add(5 * time.Hour)}, {100, t0.Add(6 * time.Hour)}}, m.Milestones)
	equal(t, "resolution: completed, breached: 5h0m0s business of 4h0m0s target (125.00%); start: always; paused 2h0m0s (2h0m0s business); stop: state in (Resolved, Closed)", m.Explain())
}

// Reaching the target exactly is met, not breached.
func TestTimerExactlyAtTargetIsMet(t *testing.T) {
	inc, _ := openAt(t, t0).Resolve(t0.Add(4*time.Hour), "a", "x")
	m, err := Evaluate(resolution(nil, 4*time.Hour), inc, t0.Add(5*time.Hour))
	noErr(t, err)
	equal(t, false, m.Breached)
	equal(t, pct(t, "100"), m.BusinessPercent)
	equal(t, t0.Add(4*time.Hour), m.End)
}

// A fixed deadline set by hand does not move when the timer pauses.
func TestTimerFixedDeadlineIgnoresPause(t *testing.T) {
	inc := openAt(t, t0)
	inc, _ = inc.Hold(t0.Add(time.Hour), "a", AwaitingVendor)
	inc, _ = inc.Resume(t0.Add(3*time.Hour), "a")
	inc, _ = inc.Resolve(t0.Add(5*time.Hour), "a", "x")
	timer := NewTimer(resolution(nil, 4*time.Hour), t0).WithDeadline(t0.Add(4 * time.Hour))
	for _, ev := range inc.History {
		var err error
		timer, err = timer.Observe(ev)
		noErr(t, err)
	}
	m, err := timer.Measure(t0.Add(6 * time.Hour))
	noErr(t, err)
	equal(t, t0.Add(4*time.Hour), m.BreachAt, "the deadline stays put")
	equal(t, true, m.Breached, "resolved at +5 h, after the fixed deadline")
	equal(t, 3*time.Hour, m.Actual, "elapsed still excludes the pause")
}

// A fixed deadline's percentage and milestones count progress toward the deadline on the wall
// clock it is set on, pauses included, so they agree with the breach: resolved at +5 h against a
// deadline at +4 h is 125 %, not the 75 % that the 3 h of business time outside the pause would
// give, and the 100 % milestone is the deadline. On business hours the same holds when the
// deadline lies outside working time, where a business-time share reads at most 100 % (met) for
// a timer that ran past its deadline.
func TestTimerFixedDeadlinePercentAgreesWithBreach(t *testing.T) {
	inc := openAt(t, t0)
	inc, _ = inc.Hold(t0.Add(time.Hour), "a", AwaitingVendor)
	inc, _ = inc.Resume(t0.Add(3*time.Hour), "a")
	inc, _ = inc.Resolve(t0.Add(5*time.Hour), "a", "x")
	measure := func(d Definition, deadline, asOf time.Time) Measurement {
		timer := NewTimer(d, t0).WithDeadline(deadline)
		for _, ev := range inc.History {
			var err error
			timer, err = timer.Observe(ev)
			noErr(t, err)
		}
		m, err := timer.Measure(asOf)
		noErr(t, err)
		return m
	}
	m := measure(resolution(nil, 4*time.Hour), t0.Add(4*time.Hour), t0.Add(6*time.Hour))
	equal(t, [4]any{true, 4 * time.Hour, t0.Add(4 * time.Hour), 3 * time.Hour}, [4]any{m.Breached, m.Target, m.Deadline, m.Business})
	equal(t, pct(t, "125"), m.BusinessPercent)
	equal(t, pct(t, "125"), m.ActualPercent)
	equal(t, []Milestone{{50, t0.Add(2 * time.Hour)}, {75, t0.Add(3 * time.Hour)}, {100, t0.Add(4 * time.Hour)}}, m.Milestones,
		"the pause does not move them")
	equal(t, "resolution: completed, breached: 125.00% of the 4h0m0s to the deadline 2026-03-02T13:00:00Z, 3h0m0s business elapsed; start: always; paused 2h0m0s (2h0m0s business); stop: state in (Resolved, Closed)", m.Explain())

	// Exactly at the deadline: 100 %, met (breached with BreachAtTarget), 100 % milestone reached.
	m = measure(resolution(nil, 4*time.Hour), t0.Add(5*time.Hour), t0.Add(6*time.Hour))
	equal(t, [3]any{false, 3, t0.Add(5 * time.Hour)}, [3]any{m.Breached, len(m.Milestones), m.Milestones[2].At})
	equal(t, pct(t, "100"), m.BusinessPercent)

	// Weekdays 09:00–17:00, deadline Monday 20:00 (after hours), resolved at 14:00 Monday: 5 of
	// the 11 hours to the deadline. Measured against a deadline at 16:00 instead: breached.
	cal := weekdays9to17(t)
	m = measure(resolution(cal, 4*time.Hour), t0.Add(11*time.Hour), t0.Add(6*time.Hour))
	equal(t, [3]any{false, 11 * time.Hour, 3 * time.Hour}, [3]any{m.Breached, m.Target, m.Business})
	equal(t, "45.45", m.BusinessPercent.FloorString(2))
	late := resolvedAt(t, inc, t0.Add(23*time.Hour)) // resolved Tuesday 08:00, before hours
	timer := NewTimer(resolution(cal, 4*time.Hour), t0).WithDeadline(t0.Add(11 * time.Hour))
	for _, ev := range late.History {
		var err error
		timer, err = timer.Observe(ev)
		noErr(t, err)
	}
	m, err := timer.Measure(t0.Add(24 * time.Hour))
	noErr(t, err)
	equal(t, [2]any{true, 6 * time.Hour}, [2]any{m.Breached, m.Business}, "8 working hours less the 2 h hold; ran 12 h past the deadline")
	equal(t, "209.09", m.BusinessPercent.FloorString(2), "23 of 11 hours; the business-time share shown before read 75 % (6 of 8 h), 100 % without the hold")
	equal(t, 100, m.Milestones[len(m.Milestones)-1].Percent)
	equal(t, t0.Add(11*time.Hour), m.Milestones[len(m.Milestones)-1].At)
}

// resolvedAt is inc (whose last event is its resolution) resolved at another instant instead.
func resolvedAt(t tb, inc Incident, at time.Time) Incident {
	t.Helper()
	open := inc
	open.History = inc.History[: len(inc.History)-1 : len(inc.History)-1]
	open.Fields = open.History[len(open.History)-1].Fields
	done, err := open.Resolve(at, "a", "x")
	noErr(t, err)
	return done
}

// Replacing the definition (a priority change selecting another SLA) keeps the pause already
// accumulated and the start.
func TestTimerReplaceKeepsPause(t *testing.T) {
	inc := openAt(t, t0)
	inc, _ = inc.Hold(t0.Add(time.Hour), "a", AwaitingCaller)
	inc, _ = inc.Reply(t0.Add(3*time.Hour), "caller")
	timer := NewTimer(resolution(nil, 8*time.Hour), t0)
	for _, ev := range inc.History {
		timer, _ = timer.Observe(ev)
	}
	timer = timer.Replace(resolution(nil, 2*time.Hour))
	m, err := timer.Measure(t0.Add(4 * time.Hour))
	noErr(t, err)
	equal(t, 2*time.Hour, m.Paused)
	equal(t, 2*time.Hour, m.Actual)
	equal(t, 2*time.Hour, m.Target)
	equal(t, t0.Add(4*time.Hour), m.BreachAt, "2 h target from the old start, plus the 2 h pause")
	equal(t, false, m.Breached)
}

// Replace before the start into a definition with another Pause condition and retroactive
// start and pause: the retroactive pause is that of the new definition over the whole history
// since the opening, exactly as if the new definition had been followed from the opening (the
// pause history used to be tracked with the old definition's Pause, which here never holds).
func TestTimerReplaceRetroactivePause(t *testing.T) {
	inc := openAt(t, t0)                                                       // 09:00, P3
	inc, _ = inc.Hold(t0.Add(time.Hour), "a", AwaitingCaller)                  // 10:00
	inc, _ = inc.Reply(t0.Add(2*time.Hour), "caller")                          // 11:00
	inc, _ = inc.Reprioritise(t0.Add(3*time.Hour), "a", 1, 1, DefaultMatrix()) // 12:00, P1
	old := Definition{Name: "P1", Start: PriorityIn(1), Stop: InState(Resolved), Targets: []Target{{1, 4 * time.Hour}}}
	repl := Definition{Name: "P1", Start: PriorityIn(1), Pause: OnHoldFor(), Stop: InState(Resolved), Targets: []Target{{1, 4 * time.Hour}},
		RetroactiveStart: true, RetroactivePause: true}
	asOf := t0.Add(4 * time.Hour)

	timer := NewTimer(old, t0)
	for i, ev := range inc.History {
		if i == 3 {
			equal(t, NotStarted, timer.Stage())
			timer = timer.Replace(repl)
		}
		var err error
		timer, err = timer.Observe(ev)
		noErr(t, err)
	}
	m, err := timer.Measure(asOf)
	noErr(t, err)
	equal(t, [3]any{t0, time.Hour, 3 * time.Hour}, [3]any{m.Start, m.Paused, m.Actual}, "dated back to 09:00, the 10:00–11:00 hold paused")
	throughout, err := Evaluate(repl, inc, asOf)
	noErr(t, err)
	equal(t, throughout, m, "the same as the new definition used throughout")

	// An attached timer is not rewritten: replaced while running, it keeps the pause it had
	// (none); a reattachment under the new definition then takes the new definition's pauses
	// since the opening.
	running := NewTimer(Definition{Name: "any", Start: Always(), Stop: InState(Resolved), Targets: []Target{{0, 8 * time.Hour}}}, t0)
	for _, ev := range inc.History[:3] {
		running, _ = running.Observe(ev)
	}
	reset := repl
	reset.Start, reset.Reset, reset.Targets = Always(), Changed(FieldPriority), []Target{{0, 8 * time.Hour}}
	running = running.Replace(reset)
	m, err = running.Measure(t0.Add(2 * time.Hour))
	noErr(t, err)
	equal(t, [2]any{Running, time.Duration(0)}, [2]any{m.Stage, m.Paused}, "the hold before the replacement stays unpaused")
	running, err = running.Observe(inc.History[3]) // the priority change resets it
	noErr(t, err)
	m, err = running.Measure(asOf)
	noErr(t, err)
	equal(t, [4]any{1, t0, time.Hour, 3 * time.Hour}, [4]any{running.Resets(), m.Start, m.Paused, m.Actual})
}

// testTimerReplaceBeforeStart: replacing a timer that has not attached, at a point where the new
// definition followed from the opening would not have attached either, gives exactly what the new
// definition gives when used throughout, whatever both definitions' conditions and retroactive
// rules.
func testTimerReplaceBeforeStart(t *rapid.T) {
	statuses := []Status{sNew, sInProgress, sHold, {OnHold, AwaitingVendor}, sResolved, {State: Closed}, {State: Canceled}}
	conds := []Condition{{}, Always(), InState(New), InState(InProgress), InState(Resolved, Closed), OnHoldFor(), OnHoldFor(AwaitingVendor), PriorityIn(1), Changed(FieldPriority), Not(InState(New))}
	def := func(name string) Definition {
		pick := func(what string) Condition { return rapid.SampledFrom(conds).Draw(t, name+" "+what) }
		d := Definition{Name: "d", Start: pick("start"), Pause: pick("pause"), Resume: pick("resume"), Stop: pick("stop"),
			Cancel: pick("cancel"), Reset: pick("reset"), Targets: []Target{{0, time.Duration(rapid.IntRange(1, 40).Draw(t, name+" hours")) * time.Hour}}}
		if d.Start.IsZero() {
			d.Start = Always()
		}
		d.RetroactiveStart = rapid.Bool().Draw(t, name+" retro start")
		d.RetroactivePause = d.RetroactiveStart && rapid.Bool().Draw(t, name+" retro pause")
		return d
	}
	d1, d2 := def("old"), def("new")
	var evs []Event
	now := t0
	for i := range rapid.IntRange(1, 12).Draw(t, "events") {
		if i > 0 {
			now = now.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "minutes")) * time.Minute)
		}
		evs = append(evs, Event{At: now, Fields: Fields{Status: rapid.SampledFrom(statuses).Draw(t, "status"), Priority: Level(rapid.IntRange(1, 2).Draw(t, "priority"))}})
	}
	k := rapid.IntRange(0, len(evs)).Draw(t, "replace before event")
	replaced, throughout := NewTimer(d1, t0), NewTimer(d2, t0)
	for i, ev := range evs {
		if i == k {
			if replaced.Stage() != NotStarted || throughout.Stage() != NotStarted {
				t.Skip("attached before the replacement")
			}
			replaced = replaced.Replace(d2)
		}
		var err error
		if replaced, err = replaced.Observe(ev); err != nil {
			t.Fatal(err)
		}
		if throughout, err = throughout.Observe(ev); err != nil {
			t.Fatal(err)
		}
	}
	if k == len(evs) {
		if replaced.Stage() != NotStarted || throughout.Stage() != NotStarted {
			t.Skip("attached before the replacement")
		}
		replaced = replaced.Replace(d2)
	}
	asOf := now.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "as-of minutes")) * time.Minute)
	a, errA := replaced.Measure(asOf)
	b, errB := throughout.Measure(asOf)
	if (errA == nil) != (errB == nil) {
		t.Fatalf("errors differ: %v / %v", errA, errB)
	}
	equal(t, b, a, "replaced before the start vs the new definition throughout")
	equal(t, throughout.Timeline(), replaced.Timeline())
}

func TestTimerReplaceBeforeStart(t *testing.T) { rapid.Check(t, testTimerReplaceBeforeStart) }

// testTimerBreachAgreesWithPercent: at every instant, for any definition and history, with a
// duration target or a fixed deadline (anywhere, before the start or outside working hours
// included), Breached holds exactly when the percentage shown exceeds 100 (reaches 100 with
// BreachAtTarget), whenever there is a percentage (Target > 0); and the 100 % milestone is
// reached exactly when the percentage reaches 100.
func testTimerBreachAgreesWithPercent(t *rapid.T) {
	var cal Clock
	if rapid.Bool().Draw(t, "business hours") {
		cal = weekdays9to17(t)
	}
	statuses := []Status{sNew, sInProgress, sHold, {OnHold, AwaitingVendor}, sResolved, {State: Closed}, {State: Canceled}}
	conds := []Condition{{}, Always(), InState(New), InState(InProgress), InState(Resolved, Closed), InState(Canceled), OnHoldFor(), PriorityIn(1), Changed(FieldPriority), Not(InState(Resolved))}
	pick := func(name string) Condition { return rapid.SampledFrom(conds).Draw(t, name) }
	d := Definition{
		Name: "b", Start: pick("start"), Pause: pick("pause"), Resume: pick("resume"), Stop: pick("stop"),
		Cancel: pick("cancel"), Reset: pick("reset"), Calendar: cal,
		Targets:        []Target{{0, time.Duration(rapid.IntRange(1, 48*4).Draw(t, "quarter hours")) * 15 * time.Minute}},
		BreachAtTarget: rapid.Bool().Draw(t, "breach at target"),
	}
	if d.Start.IsZero() {
		d.Start = Always()
	}
	if rapid.Bool().Draw(t, "own milestones") {
		d.Milestones = []int{rapid.IntRange(1, 100).Draw(t, "milestone"), 100}
	}
	d.RetroactiveStart = rapid.Bool().Draw(t, "retro start")
	d.RetroactivePause = d.RetroactiveStart && rapid.Bool().Draw(t, "retro pause")
	tm := NewTimer(d, t0)
	fixed := rapid.Bool().Draw(t, "fixed deadline")
	if fixed {
		tm = tm.WithDeadline(t0.Add(time.Duration(rapid.IntRange(-120, 60*72).Draw(t, "deadline minutes")) * time.Minute))
	}
	now := t0
	for i := range rapid.IntRange(1, 12).Draw(t, "events") {
		if i > 0 {
			now = now.Add(time.Duration(rapid.IntRange(0, 600).Draw(t, "minutes")) * time.Minute)
		}
		f := Fields{Status: rapid.SampledFrom(statuses).Draw(t, "status"), Priority: Level(rapid.IntRange(1, 2).Draw(t, "priority"))}
		var err error
		if tm, err = tm.Observe(Event{At: now, Fields: f}); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			asOf := now.Add(time.Duration(rapid.IntRange(0, 60*24).Draw(t, "as-of minutes")) * time.Minute)
			m, err := tm.Measure(asOf)
			if err != nil {
				t.Fatal(err)
			}
			if m.Stage == NotStarted || m.Target == 0 {
				continue
			}
			c := m.BusinessPercent.Cmp(exact.FromInt(100))
			if want := c > 0 || d.BreachAtTarget && c == 0; m.Breached != want {
				t.Fatalf("breached %v at %s%% (BreachAtTarget %v, fixed %v): %s", m.Breached, m.BusinessPercent, d.BreachAtTarget, fixed, m.Explain())
			}
			reached := len(m.Milestones) > 0 && m.Milestones[len(m.Milestones)-1].Percent == 100
			if reached != (c >= 0) {
				t.Fatalf("100 %% milestone reached %v at %s%%: %+v", reached, m.BusinessPercent, m.Milestones)
			}
			if fixed && !m.ActualPercent.Equal(m.BusinessPercent) {
				t.Fatalf("fixed deadline: actual %s%% vs business %s%%", m.ActualPercent, m.BusinessPercent)
			}
		}
	}
}

func TestTimerBreachAgreesWithPercent(t *testing.T) { rapid.Check(t, testTimerBreachAgreesWithPercent) }

func FuzzTimerBreachAgreesWithPercent(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testTimerBreachAgreesWithPercent))
}

// Retroactive start dates the timer back to the opening; retroactive pause also discounts the
// holds before the start event.
func TestTimerRetroactive(t *testing.T) {
	inc := openAt(t, t0)
	inc, _ = inc.Hold(t0.Add(time.Hour), "a", AwaitingCaller)
	inc, _ = inc.Reply(t0.Add(2*time.Hour), "caller")
	inc, _ = inc.Reprioritise(t0.Add(3*time.Hour), "a", 1, 1, DefaultMatrix()) // becomes P1
	asOf := t0.Add(5 * time.Hour)
	p1 := Definition{Name: "P1 resolution", Start: PriorityIn(1), Pause: OnHoldFor(), Stop: InState(Resolved), Targets: []Target{{Priority: 1, Duration: 4 * time.Hour}}}

	cases := []struct {
		name        string
		start       bool
		pause       bool
		wantStart   time.Time
		wantElapsed time.Duration
	}{
		{"attached when priority became 1", false, false, t0.Add(3 * time.Hour), 2 * time.Hour},
		{"retroactive start", true, false, t0, 5 * time.Hour},
		{"retroactive start and pause", true, true, t0, 4 * time.Hour},
	}
	for _, c := range cases {
		d := p1
		d.RetroactiveStart, d.RetroactivePause = c.start, c.pause
		m, err := Evaluate(d, inc, asOf)
		noErr(t, err, c.name)
		equal(t, c.wantStart, m.Start, c.name)
		if c.start {
			equal(t, "start: priority in (1) at 2026-03-02T12:00:00Z, dated back to the opening", m.StartedBy, c.name)
		}
		equal(t, c.wantElapsed, m.Actual, c.name)
		equal(t, Level(1), m.Priority, c.name)
	}
}

// Reset restarts the clock; cancel abandons it; a timer whose start and stop match at once is
// not attached at all (ServiceNow, "SLA processing": the stop condition overrides the start
// condition and no task SLA is created).
func TestTimerResetCancelStop(t *testing.T) {
	d := resolution(nil, 4*time.Hour)
	d.Reset = Changed(FieldPriority)
	inc := openAt(t, t0)
	inc, _ = inc.Reprioritise(t0.Add(2*time.Hour), "a", 1, 2, DefaultMatrix())
	m, err := Evaluate(d, inc, t0.Add(3*time.Hour))
	noErr(t, err)
	equal(t, t0.Add(2*time.Hour), m.Start, "restarted at the priority change")
	equal(t, time.Hour, m.Actual)

	canceled, _ := inc.Cancel(t0.Add(3*time.Hour), "a")
	m, err = Evaluate(d, canceled, t0.Add(9*time.Hour))
	noErr(t, err)
	equal(t, Cancelled, m.Stage)
	equal(t, time.Hour, m.Actual)
	equal(t, Share{}, Attainment([]Measurement{m}), "cancelled timers do not count")

	resolved := Incident{ID: "X", Opened: t0, Fields: Fields{Status: Status{State: Resolved}}, History: []Event{{At: t0, Fields: Fields{Status: Status{State: Resolved}}}}}
	m, err = Evaluate(d, resolved, t0.Add(time.Hour))
	noErr(t, err)
	equal(t, NotStarted, m.Stage)
	equal(t, Share{}, Attainment([]Measurement{m}), "a timer never attached does not count as met")
}

func TestTimerErrors(t *testing.T) {
	inc := openAt(t, t0)
	_, err := Evaluate(Definition{Name: "x"}, inc, t0)
	isErr(t, err, ErrDefinition)
	_, err = Evaluate(Definition{Name: "x", Start: Always(), Targets: []Target{{Priority: 1, Duration: time.Hour}}}, inc, t0)
	isErr(t, err, ErrNoTarget)
	d := resolution(nil, time.Hour)
	timer, _ := NewTimer(d, t0).Observe(Event{At: t0.Add(time.Hour), Fields: inc.Fields})
	_, err = timer.Measure(t0)
	isErr(t, err, ErrAsOf)
	// Each message names the timer once and the instants involved, and points to Evaluate.
	equal(t, fmt.Sprintf(`incident: timer %q: as-of instant before the last observed event: asked for %s, last event at %s (Evaluate measures the history at any instant)`,
		d.Name, t0.Format(time.RFC3339), t0.Add(time.Hour).Format(time.RFC3339)), err.Error())
	_, err = timer.Observe(Event{At: t0, Fields: inc.Fields})
	isErr(t, err, ErrOutOfOrder)
	equal(t, fmt.Sprintf(`incident: timer %q: event before the last history event: %s before %s`,
		d.Name, t0.Format(time.RFC3339), t0.Add(time.Hour).Format(time.RFC3339)), err.Error())
	d.RetroactivePause = true
	isErr(t, d.Validate(), ErrDefinition)
	for name, bad := range map[string]Definition{
		"two targets for P1": {Name: "x", Start: Always(), Targets: []Target{{1, time.Hour}, {2, time.Hour}, {1, 2 * time.Hour}}},
		"zero target":        {Name: "x", Start: Always(), Targets: []Target{{0, 0}}},
		"milestone 120 %":    {Name: "x", Start: Always(), Targets: []Target{{0, time.Hour}}, Milestones: []int{50, 120}},
		"no targets":         {Name: "x", Start: Always()},
	} {
		isErr(t, bad.Validate(), ErrDefinition, name)
	}
	equal(t, `incident: timer "x": invalid definition: two targets for priority 1`,
		Definition{Name: "x", Start: Always(), Targets: []Target{{1, time.Hour}, {1, time.Hour}}}.Validate().Error())
}

func TestAttainment(t *testing.T) {
	ms := []Measurement{
		{Stage: Completed}, {Stage: Completed}, {Stage: Completed, Breached: true},
		{Stage: Running, Breached: true}, {Stage: Running}, {Stage: Cancelled, Breached: true}, {},
	}
	equal(t, Share{Hits: 2, Total: 4, Percent: pct(t, "50")}, Attainment(ms))
}

// testTimerInvariants runs random definitions over random histories (not necessarily legal
// lifecycles: timers take any sequence of fields) and checks what every measurement must satisfy.
func testTimerInvariants(t *rapid.T) {
	var cal Clock
	var bt func(a, b time.Time) time.Duration
	if rapid.Bool().Draw(t, "business hours") {
		c := weekdays9to17(t)
		cal, bt = c, c.BusinessTime
	} else {
		bt = func(a, b time.Time) time.Duration { return max(0, b.Sub(a)) }
	}
	statuses := []Status{{State: New}, {State: InProgress}, {OnHold, AwaitingCaller}, {OnHold, AwaitingVendor}, {State: Resolved}, {State: Closed}, {State: Canceled}}
	d := Definition{
		Name:     "t",
		Start:    rapid.SampledFrom([]Condition{Always(), Not(InState(New)), PriorityIn(1)}).Draw(t, "start"),
		Pause:    rapid.SampledFrom([]Condition{{}, OnHoldFor(), OnHoldFor(AwaitingVendor)}).Draw(t, "pause"),
		Stop:     rapid.SampledFrom([]Condition{{}, InState(Resolved), InState(Closed)}).Draw(t, "stop"),
		Cancel:   rapid.SampledFrom([]Condition{{}, InState(Canceled)}).Draw(t, "cancel"),
		Reset:    rapid.SampledFrom([]Condition{{}, Changed(FieldPriority)}).Draw(t, "reset"),
		Targets:  []Target{{Duration: time.Duration(rapid.IntRange(1, 48*4).Draw(t, "quarter hours")) * 15 * time.Minute}},
		Calendar: cal,
	}
	d.RetroactiveStart = rapid.Bool().Draw(t, "retroactive start")
	d.RetroactivePause = d.RetroactiveStart && rapid.Bool().Draw(t, "retroactive pause")
	timer := NewTimer(d, t0)
	fixed := rapid.Bool().Draw(t, "fixed deadline")
	if fixed {
		timer = timer.WithDeadline(t0.Add(time.Duration(rapid.IntRange(1, 200).Draw(t, "deadline hours")) * time.Hour))
	}
	now, lastAsOf := t0, t0
	var last time.Duration
	n := rapid.IntRange(1, 12).Draw(t, "events")
	for i := range n {
		if i > 0 {
			// Events come after every earlier measurement: measuring is what happens "now".
			now = lastAsOf.Add(time.Duration(rapid.IntRange(0, 60*30).Draw(t, "minutes")) * time.Minute)
		}
		ev := Event{At: now, Fields: Fields{Status: rapid.SampledFrom(statuses).Draw(t, "status"), Priority: Level(rapid.IntRange(1, 2).Draw(t, "priority"))}}
		var err error
		if timer, err = timer.Observe(ev); err != nil {
			t.Fatal(err)
		}
		asOf := now.Add(time.Duration(rapid.IntRange(0, 60*10).Draw(t, "as-of minutes")) * time.Minute)
		lastAsOf = asOf
		m, err := timer.Measure(asOf)
		if err != nil {
			t.Fatal(err)
		}
		same, _ := timer.Replace(d).Measure(asOf)
		if m.Explain() != same.Explain() {
			t.Fatalf("Replace with the same definition changed the measurement")
		}
		if m.Stage == NotStarted {
			continue
		}
		end := asOf
		if m.Stage == Completed || m.Stage == Cancelled {
			end = m.End
		}
		if end.Before(m.Start) {
			end = m.Start
		}
		if m.Actual+m.Paused != end.Sub(m.Start) {
			t.Fatalf("actual %v + paused %v != %v", m.Actual, m.Paused, end.Sub(m.Start))
		}
		if m.Business+m.BusinessPaused != bt(m.Start, end) || m.Business > m.Actual {
			t.Fatalf("business %v + paused %v vs calendar %v (actual %v)", m.Business, m.BusinessPaused, bt(m.Start, end), m.Actual)
		}
		if m.Target > 0 {
			// A duration target's percentage is business elapsed time; a fixed deadline's is the
			// wall-clock time from the start, pauses included, as the deadline is an instant.
			done := m.Business
			if fixed {
				done = end.Sub(m.Start)
			}
			want, _ := exact.FromInt(int64(done)).MulInt(100).QuoInt(int64(m.Target))
			if !want.Equal(m.BusinessPercent) {
				t.Fatalf("percent %v, want %v", m.BusinessPercent, want)
			}
		}
		if !fixed && m.Breached != (m.Business > m.Target) {
			t.Fatalf("breached %v with business %v and target %v", m.Breached, m.Business, m.Target)
		}
		if !fixed && m.Breached && (len(m.Milestones) == 0 || m.Milestones[len(m.Milestones)-1].Percent != 100 || !m.BreachAt.Before(end)) {
			t.Fatalf("breached without reaching 100 %% before the end: %+v", m)
		}
		for j, ms := range m.Milestones {
			if ms.At.After(end) || ms.At.Before(m.Start) || j > 0 && (ms.At.Before(m.Milestones[j-1].At) || ms.Percent <= m.Milestones[j-1].Percent) {
				t.Fatalf("milestones out of order or range: %+v", m.Milestones)
			}
		}
		if m.Stage == Running || m.Stage == Paused {
			if m.Business < last && timer.Resets() == 0 {
				t.Fatalf("business elapsed went down: %v → %v", last, m.Business)
			}
			last = m.Business
		}
	}
}

func TestTimerInvariants(t *testing.T) { rapid.Check(t, testTimerInvariants) }

func FuzzTimerInvariants(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testTimerInvariants)) }

func TestTimerCustomMilestones(t *testing.T) {
	d := resolution(nil, 4*time.Hour)
	d.Milestones = []int{90, 25, 90}
	m, err := Evaluate(d, openAt(t, t0), t0.Add(5*time.Hour))
	noErr(t, err)
	equal(t, []Milestone{{25, t0.Add(time.Hour)}, {90, t0.Add(216 * time.Minute)}}, m.Milestones, "sorted, deduplicated")
	equal(t, t0.Add(4*time.Hour), m.BreachAt, "breach time without a 100 % milestone")
	equal(t, true, m.Breached)
}

func TestResponseAndResolutionTimers(t *testing.T) {
	targets := []Target{{1, 15 * time.Minute}, {2, time.Hour}, {0, 4 * time.Hour}}
	inc, _ := Open("INC1", t0, "desk", Fields{Priority: 2})
	inc, _ = inc.Hold(t0.Add(30*time.Minute), "ana", AwaitingCaller)
	inc, _ = inc.Reply(t0.Add(90*time.Minute), "caller")
	inc, _ = inc.Resolve(t0.Add(2*time.Hour), "ana", "ok")

	resp, err := Evaluate(ResponseTimer("response", targets, nil), inc, t0.Add(3*time.Hour))
	noErr(t, err)
	equal(t, [3]any{Completed, 30 * time.Minute, false}, [3]any{resp.Stage, resp.Actual, resp.Breached}, "responded by going on hold")

	res, err := Evaluate(ResolutionTimer("resolution", targets, nil), inc, t0.Add(3*time.Hour))
	noErr(t, err)
	equal(t, [3]any{Completed, time.Hour, false}, [3]any{res.Stage, res.Actual, res.Breached}, "the hour awaiting the caller is paused")

	vendorOnly, err := Evaluate(ResolutionTimer("resolution", targets, nil, AwaitingVendor), inc, t0.Add(3*time.Hour))
	noErr(t, err)
	equal(t, [3]any{Completed, 2 * time.Hour, true}, [3]any{vendorOnly.Stage, vendorOnly.Actual, vendorOnly.Breached}, "caller hold not paused")
}
