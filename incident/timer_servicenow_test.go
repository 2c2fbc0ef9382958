package incident

import (
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/sla"
)

// The condition rules below follow ServiceNow's SLA engine ("Service Level Agreement (SLA)
// processing" and "SLA transitions" in the ServiceNow documentation): a timer attaches when Start
// matches and neither Stop nor Cancel does; an active timer checks Stop, then Reset with Start
// (reattach), then Cancel, then Pause and Resume.

// feed runs a timer of d over events (the first one opens the incident) and measures it.
func feed(t *testing.T, d Definition, asOf time.Time, evs ...Event) (Timer, Measurement) {
	t.Helper()
	tm := NewTimer(d, evs[0].At)
	for _, e := range evs {
		var err error
		tm, err = tm.Observe(e)
		noErr(t, err, e.At)
	}
	m, err := tm.Measure(asOf)
	noErr(t, err, "measure")
	return tm, m
}

func at(st Status, when time.Time, p Level, group string) Event {
	return Event{At: when, Fields: Fields{Status: st, Priority: p, Group: group}}
}

var (
	sNew        = Status{State: New}
	sInProgress = Status{State: InProgress}
	sHold       = Status{State: OnHold, Reason: AwaitingCaller}
	sResolved   = Status{State: Resolved}
)

// A stop that arrives before the start leaves the timer unattached; a start while the stop still
// holds does not attach either ("the Stop condition overrides the Start condition"). The timer
// attaches at the first event where the start holds and the stop does not.
func TestTimerStopOverridesStart(t *testing.T) {
	d := Definition{Name: "work", Start: InState(InProgress), Stop: InState(Resolved), Targets: []Target{{0, 4 * time.Hour}}}
	_, m := feed(t, d, t0.Add(3*time.Hour), at(sNew, t0, 3, ""), at(sResolved, t0.Add(time.Hour), 3, ""))
	equal(t, NotStarted, m.Stage, "stop before start")

	both := d
	both.Start = Always()
	_, m = feed(t, both, t0.Add(3*time.Hour), at(sResolved, t0, 3, ""), at(sResolved, t0.Add(time.Hour), 3, ""))
	equal(t, NotStarted, m.Stage, "start and stop at the same event")

	_, m = feed(t, d, t0.Add(5*time.Hour),
		at(sNew, t0, 3, ""), at(sResolved, t0.Add(time.Hour), 3, ""), at(sInProgress, t0.Add(2*time.Hour), 3, ""), at(sResolved, t0.Add(4*time.Hour), 3, ""))
	equal(t, [3]any{Completed, t0.Add(2 * time.Hour), 2 * time.Hour}, [3]any{m.Stage, m.Start, m.Actual}, "attached at the reopen")
}

// Stop is checked before Cancel: with ServiceNow's default "cancel when the start conditions are
// no longer met", resolving an incident completes the timer instead of cancelling it.
func TestTimerStopBeforeCancel(t *testing.T) {
	open := InState(New, InProgress, OnHold)
	d := Definition{Name: "resolution", Start: open, Cancel: Not(open), Stop: InState(Resolved), Targets: []Target{{0, 4 * time.Hour}}}
	_, m := feed(t, d, t0.Add(3*time.Hour), at(sNew, t0, 3, ""), at(sResolved, t0.Add(2*time.Hour), 3, ""))
	equal(t, [3]any{Completed, t0.Add(2 * time.Hour), false}, [3]any{m.Stage, m.End, m.Breached})

	_, m = feed(t, d, t0.Add(3*time.Hour), at(sNew, t0, 3, ""), at(Status{State: Canceled}, t0.Add(2*time.Hour), 3, ""))
	equal(t, Cancelled, m.Stage, "canceled incident")
}

// Reset reattaches only when the start condition matches too ("Reattach if both reset and start
// conditions match"); otherwise the running timer carries on.
func TestTimerResetNeedsStart(t *testing.T) {
	d := Definition{Name: "p1", Start: PriorityIn(1), Reset: Changed(FieldGroup), Stop: InState(Resolved), Targets: []Target{{0, 4 * time.Hour}}}
	tm, m := feed(t, d, t0.Add(3*time.Hour),
		at(sNew, t0, 1, "A"), at(sInProgress, t0.Add(time.Hour), 1, "B"), at(sInProgress, t0.Add(2*time.Hour), 2, "C"))
	equal(t, [3]any{Running, t0.Add(time.Hour), 2 * time.Hour}, [3]any{m.Stage, m.Start, m.Actual}, "reset at +1 h; not at +2 h, where the start no longer holds")
	equal(t, 1, tm.Resets())

	// Reset and Start match but so does Cancel: the timer is cancelled, not reattached.
	c := d
	c.Cancel = InState(OnHold)
	_, m = feed(t, c, t0.Add(3*time.Hour), at(sNew, t0, 1, "A"), at(sHold, t0.Add(time.Hour), 1, "B"))
	equal(t, [2]any{Cancelled, t0.Add(time.Hour)}, [2]any{m.Stage, m.End})
}

// A reattached timer with retroactive start and pause counts the pauses since the opening again,
// including those before the reset (ServiceNow recomputes retroactive pause time from the
// task's history whenever a task SLA is attached).
func TestTimerRetroactivePauseAfterReset(t *testing.T) {
	cal := weekdays9to17(t)
	d := Definition{
		Name: "p1", Start: PriorityIn(1), Pause: OnHoldFor(), Stop: InState(Resolved), Reset: Changed(FieldGroup),
		Targets: []Target{{0, 16 * time.Hour}}, Calendar: cal, RetroactiveStart: true, RetroactivePause: true,
	}
	fri := time.Date(2026, 3, 6, 16, 0, 0, 0, time.UTC)
	mon := fri.Add(65 * time.Hour) // Monday 09:00
	tm, m := feed(t, d, mon.Add(7*time.Hour),
		at(sNew, fri, 1, "A"), at(sHold, fri.Add(30*time.Minute), 1, "A"), at(sInProgress, mon, 1, "A"), at(sInProgress, mon.Add(2*time.Hour), 1, "B"))
	equal(t, 1, tm.Resets())
	equal(t, fri, m.Start, "dated back to the opening")
	equal(t, [4]time.Duration{7*time.Hour + 30*time.Minute, 30 * time.Minute, 7*time.Hour + 30*time.Minute, 64*time.Hour + 30*time.Minute},
		[4]time.Duration{m.Business, m.BusinessPaused, m.Actual, m.Paused}, "Friday 16:00–16:30 and Monday 09:00–16:00 run; the weekend hold is paused")
}

// The usual ServiceNow set-up for priority changes: one definition per priority, started by the
// priority, cancelled when the start no longer holds ("When to cancel: start conditions are not
// met"), with retroactive start and pause so the new priority's timer counts from the opening
// and skips the holds before it attached.
func TestTimerPerPriorityDefinitions(t *testing.T) {
	def := func(p Level, target time.Duration) Definition {
		return Definition{
			Name: "P" + p.String(), Start: PriorityIn(p), Cancel: Not(PriorityIn(p)), Pause: OnHoldFor(), Stop: InState(Resolved, Closed),
			Targets: []Target{{p, target}}, RetroactiveStart: true, RetroactivePause: true,
		}
	}
	evs := []Event{
		at(sNew, t0, 3, ""), at(sHold, t0.Add(time.Hour), 3, ""), at(sInProgress, t0.Add(2*time.Hour), 3, ""),
		at(sInProgress, t0.Add(3*time.Hour), 1, ""), at(sResolved, t0.Add(5*time.Hour), 1, ""),
	}
	_, p3 := feed(t, def(3, 40*time.Hour), t0.Add(6*time.Hour), evs...)
	equal(t, [3]any{Cancelled, t0.Add(3 * time.Hour), 2 * time.Hour}, [3]any{p3.Stage, p3.End, p3.Actual}, "P3 timer cancelled by the priority change")
	equal(t, [2]any{Level(3), 40 * time.Hour}, [2]any{p3.Priority, p3.Target}, "a cancelled timer keeps the priority it ran under (P1 has no target here)")
	_, p1 := feed(t, def(1, 4*time.Hour), t0.Add(6*time.Hour), evs...)
	equal(t, [5]any{Completed, t0, 4 * time.Hour, time.Hour, false}, [5]any{p1.Stage, p1.Start, p1.Actual, p1.Paused, p1.Breached},
		"P1 timer dated back to the opening, the hour on hold not counted, met at exactly 4 h")
}

// A calendar that runs out of working time (here one working day, 09:00–17:00 on 2 March) leaves
// a timer without a breach instant; its elapsed figures and reached milestones are still
// reported instead of the whole measurement failing.
func TestTimerCalendarRunsOut(t *testing.T) {
	var spec sla.CalendarSpec
	spec.Exceptions = []sla.Exception{{Date: sla.Date{Year: 2026, Month: 3, Day: 2}, Slots: []sla.Slot{{Start: sla.Clock(9, 0), End: sla.Clock(17, 0)}}}}
	cal, err := sla.NewCalendar(time.UTC, spec)
	noErr(t, err)
	m, err := Evaluate(resolution(cal, 10*time.Hour), openAt(t, t0), t0.Add(30*time.Hour))
	noErr(t, err)
	equal(t, [4]any{Running, 8 * time.Hour, false, time.Time{}}, [4]any{m.Stage, m.Business, m.Breached, m.BreachAt})
	equal(t, []Milestone{{50, t0.Add(5 * time.Hour)}, {75, t0.Add(450 * time.Minute)}}, m.Milestones)
}

// The timeline lists every stage change with the rule behind it, reattachments included; timers
// are values, so an older copy's timeline is not disturbed by later observations.
func TestTimerTimeline(t *testing.T) {
	d := resolution(nil, 8*time.Hour)
	d.Reset = Changed(FieldGroup)
	evs := []Event{
		at(sNew, t0, 3, "A"), at(sHold, t0.Add(time.Hour), 3, "A"), at(sInProgress, t0.Add(2*time.Hour), 3, "A"),
		at(sInProgress, t0.Add(3*time.Hour), 3, "B"), at(sResolved, t0.Add(4*time.Hour), 3, "B"),
	}
	tm := NewTimer(d, t0)
	var mid Timer
	for i, e := range evs {
		var err error
		tm, err = tm.Observe(e)
		noErr(t, err)
		if i == 1 {
			mid = tm
		}
	}
	var got []string
	for _, tr := range tm.Timeline() {
		got = append(got, tr.String())
	}
	equal(t, []string{
		"2026-03-02T09:00:00Z not started → in progress (start: always)",
		"2026-03-02T10:00:00Z in progress → paused (pause: on hold)",
		"2026-03-02T11:00:00Z paused → in progress (resume: pause no longer holds (on hold))",
		"2026-03-02T12:00:00Z in progress → in progress (reset: group changed)",
		"2026-03-02T13:00:00Z in progress → completed (stop: state in (Resolved, Closed))",
	}, got)
	equal(t, 2, len(mid.Timeline()), "an earlier copy keeps its own timeline")
}

// Timers count business time day by day in the calendar's zone: across the Berlin DST changes a
// 24-hour target on a 24×7 calendar is 24 real hours (wall clock 25 or 23 hours later), and a
// business-hours timer skips the weekend whatever the offset.
func TestTimerDSTCalendars(t *testing.T) {
	ber, err := time.LoadLocation("Europe/Berlin")
	noErr(t, err)
	var allDays sla.CalendarSpec
	for wd := range allDays.Week {
		allDays.Week[wd] = []sla.Slot{{Start: sla.Clock(0, 0), End: sla.Clock(24, 0)}}
	}
	always, err := sla.NewCalendar(ber, allDays)
	noErr(t, err)
	for _, c := range []struct {
		start, breach time.Time
	}{
		{time.Date(2026, 3, 28, 12, 0, 0, 0, ber), time.Date(2026, 3, 29, 13, 0, 0, 0, ber)},   // spring forward
		{time.Date(2026, 10, 24, 12, 0, 0, 0, ber), time.Date(2026, 10, 25, 11, 0, 0, 0, ber)}, // fall back
	} {
		m, err := Evaluate(resolution(always, 24*time.Hour), openAt(t, c.start), c.start)
		noErr(t, err)
		equal(t, c.breach, m.BreachAt, c.start)
		equal(t, 24*time.Hour, m.BreachAt.Sub(c.start), "24 real hours")
	}
	office := weekdayCalendar(t, 8, 18, ber)
	fri := time.Date(2026, 3, 27, 17, 0, 0, 0, ber)
	inc := openAt(t, fri)
	m, err := Evaluate(resolution(office, 4*time.Hour), inc, time.Date(2026, 3, 30, 10, 0, 0, 0, ber))
	noErr(t, err)
	equal(t, [3]any{time.Date(2026, 3, 30, 11, 0, 0, 0, ber), 3 * time.Hour, 64 * time.Hour}, [3]any{m.BreachAt, m.Business, m.Actual},
		"1 h on Friday, 3 h on Monday; Friday 17:00 CET to Monday 10:00 CEST is 64 real hours (65 on the wall clock)")
}

// testTimerRules checks the condition rules on random definitions and histories through the
// timeline: every attachment happens at an event where Start holds and neither Stop nor Cancel
// does; every completion where Stop holds; every cancellation where Cancel holds and Stop does
// not; every reattachment where Reset and Start hold; pauses only where Pause holds.
func testTimerRules(t *rapid.T) {
	statuses := []Status{sNew, sInProgress, sHold, {OnHold, AwaitingVendor}, sResolved, {State: Closed}, {State: Canceled}}
	conds := []Condition{{}, Always(), InState(New), InState(InProgress), InState(Resolved, Closed), InState(Canceled), OnHoldFor(), PriorityIn(1), Changed(FieldPriority), Not(InState(Resolved))}
	pick := func(name string) Condition { return rapid.SampledFrom(conds).Draw(t, name) }
	d := Definition{
		Name: "r", Start: pick("start"), Pause: pick("pause"), Resume: pick("resume"), Stop: pick("stop"),
		Cancel: pick("cancel"), Reset: pick("reset"), Targets: []Target{{0, time.Hour}},
	}
	if d.Start.IsZero() {
		d.Start = Always()
	}
	d.RetroactiveStart = rapid.Bool().Draw(t, "retro start")
	d.RetroactivePause = d.RetroactiveStart && rapid.Bool().Draw(t, "retro pause")
	tm := NewTimer(d, t0)
	type point struct{ prev, cur *Fields }
	byTime := map[time.Time]point{}
	var prev *Fields
	now := t0
	for i := range rapid.IntRange(1, 15).Draw(t, "events") {
		if i > 0 {
			now = now.Add(time.Duration(rapid.IntRange(1, 600).Draw(t, "minutes")) * time.Minute)
		}
		f := Fields{Status: rapid.SampledFrom(statuses).Draw(t, "status"), Priority: Level(rapid.IntRange(1, 2).Draw(t, "priority"))}
		var err error
		if tm, err = tm.Observe(Event{At: now, Fields: f}); err != nil {
			t.Fatal(err)
		}
		byTime[now] = point{prev, &f}
		prev = &f
	}
	for _, tr := range tm.Timeline() {
		p := byTime[tr.At]
		m := func(c Condition) bool { return c.Match(p.prev, p.cur) }
		ok := true
		switch {
		case strings.HasPrefix(tr.Why, "reset: "):
			ok = m(d.Reset) && m(d.Start) && !m(d.Cancel) && !m(d.Stop)
		case tr.From == NotStarted:
			ok = m(d.Start) && !m(d.Stop) && !m(d.Cancel)
		case tr.To == Completed:
			ok = m(d.Stop)
		case tr.To == Cancelled:
			ok = m(d.Cancel) && !m(d.Stop)
		case tr.To == Paused:
			ok = m(d.Pause) && !m(d.Stop) && !m(d.Cancel)
		}
		if !ok {
			t.Fatalf("%v breaks the rules", tr)
		}
	}
}

func TestTimerRules(t *testing.T) { rapid.Check(t, testTimerRules) }

func FuzzTimerRules(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testTimerRules)) }

// Exactly at target: met by default (DESIGN §4.3), breached with BreachAtTarget (ServiceNow's
// reading: breached once the business elapsed percentage reaches 100).
func TestTimerBreachAtTarget(t *testing.T) {
	inc, _ := openAt(t, t0).Resolve(t0.Add(4*time.Hour), "a", "x")
	d := resolution(nil, 4*time.Hour)
	m, err := Evaluate(d, inc, t0.Add(5*time.Hour))
	noErr(t, err)
	equal(t, false, m.Breached, "default")
	d.BreachAtTarget = true
	m, err = Evaluate(d, inc, t0.Add(5*time.Hour))
	noErr(t, err)
	equal(t, true, m.Breached, "BreachAtTarget")
	early, _ := openAt(t, t0).Resolve(t0.Add(4*time.Hour-time.Second), "a", "x")
	m, err = Evaluate(d, early, t0.Add(5*time.Hour))
	noErr(t, err)
	equal(t, false, m.Breached, "a second early is met either way")

	// A fixed deadline reached exactly.
	timer := NewTimer(d, t0).WithDeadline(t0.Add(4 * time.Hour))
	for _, ev := range inc.History {
		timer, _ = timer.Observe(ev)
	}
	m, err = timer.Measure(t0.Add(5 * time.Hour))
	noErr(t, err)
	equal(t, true, m.Breached, "deadline reached with BreachAtTarget")
	m, err = timer.Replace(resolution(nil, 4*time.Hour)).Measure(t0.Add(5 * time.Hour))
	noErr(t, err)
	equal(t, false, m.Breached, "deadline reached, default")
}

// ServiceNow's retroactive pause: a P1 timer attached at 10:30 by a priority change while the
// incident has been pending since 10:10 starts at the opening (10:00), is paused from 10:10, and
// stays paused until the hold ends at 11:00 ("the new task SLA record gets any pause time that
// would have been accumulated between the retroactive start time and now").
func TestTimerRetroactivePauseWhilePending(t *testing.T) {
	ten := time.Date(2026, 3, 2, 10, 0, 0, 0, time.UTC)
	d := Definition{Name: "P1", Start: PriorityIn(1), Pause: OnHoldFor(), Stop: InState(Resolved), Targets: []Target{{1, 4 * time.Hour}},
		RetroactiveStart: true, RetroactivePause: true}
	tm, m := feed(t, d, ten.Add(2*time.Hour),
		at(sNew, ten, 3, ""), at(sHold, ten.Add(10*time.Minute), 3, ""), at(sHold, ten.Add(30*time.Minute), 1, ""), at(sInProgress, ten.Add(time.Hour), 1, ""))
	equal(t, [4]any{Running, ten, 70 * time.Minute, 50 * time.Minute}, [4]any{m.Stage, m.Start, m.Actual, m.Paused})
	equal(t, ten.Add(4*time.Hour+50*time.Minute), m.BreachAt, "4 h target plus the 50 min pause")
	equal(t, Paused, tm.Timeline()[0].To, "attached paused")
}
