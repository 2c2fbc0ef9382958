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
			want, _ := exact.FromInt(int64(m.Business)).MulInt(100).QuoInt(int64(m.Target))
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
