package incident

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/sla"
)

// Clock is the business calendar a timer counts in: how much working time lies in [from, to),
// and when a given amount of working time from start has passed. *sla.Calendar satisfies it.
// Deadline may fail with an error wrapping sla.ErrNoWorkingTime when the calendar runs out of
// working time: a timer then reports no breach instant instead of failing.
// The zero (nil) Clock in a Definition means 24×7. Timers may be measured from several
// goroutines, so an implementation must be safe for concurrent use, as *sla.Calendar is.
type Clock interface {
	BusinessTime(from, to time.Time) time.Duration
	Deadline(start time.Time, d time.Duration) (time.Time, error)
}

// allDay is the 24×7 calendar used when a Definition names none.
type allDay struct{}

func (allDay) BusinessTime(from, to time.Time) time.Duration { return max(0, to.Sub(from)) }
func (allDay) Deadline(start time.Time, d time.Duration) (time.Time, error) {
	return start.Add(d), nil
}

// Target is the time allowed by a timer for incidents of one priority. Priority 0 is the
// fallback for priorities without a target of their own.
// The zero value is a fallback target of no time, which Validate refuses.
// A plain value, safe for concurrent use.
type Target struct {
	Priority Level
	Duration time.Duration
}

// Definition describes a ticket SLA timer, e.g. "respond to P1 within 15 business minutes":
// conditions over the incident's history that start, pause, resume, stop, reset and cancel it,
// targets by priority, and the business calendar it counts in. The zero value is not valid (it
// has no start condition and no targets); see Validate. A Definition is immutable once built and
// safe for concurrent use.
type Definition struct {
	Name string
	// Start attaches the timer at the first event it matches while Stop and Cancel do not.
	Start Condition
	// Pause stops the clock while it matches. Resume, when set, is what ends a pause; when zero,
	// the pause ends at the first event at which Pause no longer matches.
	Pause, Resume Condition
	// Stop completes the timer; Cancel abandons it (neither met nor breached matters any more).
	Stop, Cancel Condition
	// Reset discards the running or completed timer and attaches it afresh at the same event,
	// when Start matches there too and Cancel (and, for a completed timer, Stop) does not.
	Reset Condition
	// Targets by priority: the target in force is that of the incident's latest priority.
	Targets []Target
	// Calendar counts business time; nil means 24×7.
	Calendar Clock
	// RetroactiveStart dates the start back to when the incident was opened instead of the
	// event that matched Start.
	RetroactiveStart bool
	// RetroactivePause (with RetroactiveStart) also counts as paused the periods before the
	// start event in which Pause held, as if the timer had been attached from the opening.
	RetroactivePause bool
	// Milestones are the percentages of the target at which events are reported; nil means
	// 50, 75 and 100.
	Milestones []int
	// BreachAtTarget makes reaching the target exactly a breach, as ServiceNow reads it (breached
	// once the business elapsed percentage reaches 100, or a fixed deadline is reached). The
	// default, false, is the project's rule: exactly at target is met.
	BreachAtTarget bool
}

// ResponseTimer is the usual response definition: it starts when the incident is opened, stops
// when it first leaves New (taken into work, put on hold or resolved at once) and is cancelled
// if the incident is canceled first. It never pauses. An incident first seen already out of New
// (opened straight into work, or imported mid-life) gets no response timer: the stop holds
// whenever the start does, so the timer never attaches.
func ResponseTimer(name string, targets []Target, cal Clock) Definition {
	return Definition{
		Name:     name,
		Start:    Always(),
		Stop:     InState(InProgress, OnHold, Resolved, Closed),
		Cancel:   InState(Canceled),
		Targets:  slices.Clone(targets),
		Calendar: cal,
	}
}

// ResolutionTimer is the usual resolution definition: it starts when the incident is opened,
// pauses while it is On Hold for any of the reasons (all reasons when none are given), stops at
// the first resolution and is cancelled if the incident is canceled.
func ResolutionTimer(name string, targets []Target, cal Clock, pauseFor ...HoldReason) Definition {
	return Definition{
		Name:     name,
		Start:    Always(),
		Pause:    OnHoldFor(pauseFor...),
		Stop:     InState(Resolved, Closed),
		Cancel:   InState(Canceled),
		Targets:  slices.Clone(targets),
		Calendar: cal,
	}
}

// Errors about timer definitions and measurements.
var (
	ErrDefinition = errors.New("invalid definition") // the message names the timer already
	ErrNoTarget   = errors.New("no target for priority")
	ErrAsOf       = errors.New("as-of instant before the last observed event")
)

// Validate checks that d has a start condition, at least one positive target, no priority twice,
// milestones in (0, 100] and no retroactive pause without a retroactive start.
func (d Definition) Validate() error {
	bad := func(format string, a ...any) error {
		return fmt.Errorf("incident: timer %q: %w: %s", d.Name, ErrDefinition, fmt.Sprintf(format, a...))
	}
	if d.Start.IsZero() {
		return bad("no start condition")
	}
	if len(d.Targets) == 0 {
		return bad("no targets")
	}
	for i, t := range d.Targets {
		if t.Duration <= 0 {
			return bad("target for priority %v is %v", t.Priority, t.Duration)
		}
		if slices.ContainsFunc(d.Targets[:i], func(u Target) bool { return u.Priority == t.Priority }) {
			return bad("two targets for priority %v", t.Priority)
		}
	}
	for _, m := range d.Milestones {
		if m <= 0 || m > 100 {
			return bad("milestone %d%% outside (0, 100]", m)
		}
	}
	if d.RetroactivePause && !d.RetroactiveStart {
		return bad("retroactive pause needs retroactive start")
	}
	return nil
}

// Target returns the target for a priority, falling back to the priority-0 target.
func (d Definition) Target(p Level) (time.Duration, bool) {
	var fallback time.Duration
	found := false
	for _, t := range d.Targets {
		if t.Priority == p {
			return t.Duration, true
		}
		if t.Priority == 0 {
			fallback, found = t.Duration, true
		}
	}
	return fallback, found
}

func (d Definition) clock() Clock {
	if d.Calendar == nil {
		return allDay{}
	}
	return d.Calendar
}

func (d Definition) milestones() []int {
	if d.Milestones == nil {
		return []int{50, 75, 100}
	}
	m := slices.Clone(d.Milestones)
	slices.Sort(m)
	return slices.Compact(m)
}

// Stage is where a timer is in its life. The zero value NotStarted means its start condition has
// not matched yet. Whether the target was missed is a separate flag (Measurement.Breached), so a
// completed timer can be breached or not.
// It is a plain value, safe for concurrent use.
type Stage int

// Timer stages.
const (
	NotStarted Stage = iota
	Running
	Paused
	Completed
	Cancelled
)

var stageNames = [...]string{"not started", "in progress", "paused", "completed", "cancelled"}

// String returns the stage in words, e.g. "in progress".
func (s Stage) String() string {
	if s < 0 || int(s) >= len(stageNames) {
		return fmt.Sprintf("Stage(%d)", int(s))
	}
	return stageNames[s]
}

// Timer is one timer of a Definition attached to one incident, fed event by event. It is a value:
// Observe, Replace and WithDeadline return a new Timer and leave the receiver unchanged, so a
// Timer is safe for concurrent reads. The zero value is a timer of the zero Definition, which
// never starts; make timers with NewTimer.
type Timer struct {
	def      Definition
	opened   time.Time
	stage    Stage
	start    time.Time
	end      time.Time
	pauses   []interval.Interval // closed pauses in time order, possibly before start (retroactive)
	pausing  bool                // a pause is open since pausedAt
	pausedAt time.Time
	// retro is the pause history since the opening under the definition's Pause and Resume,
	// kept whatever the stage, so a retroactive pause can be applied to a timer attached (or
	// reattached after a reset) later. Replace re-derives it from hist.
	retro pauseTrack
	// hist holds the fields of every event observed, newest first, shared between copies: the
	// history a replaced definition's retroactive rules are evaluated on.
	hist     *observed
	noHist   bool // Evaluate's private timer, never replaced, keeps no hist
	priority Level
	last     time.Time
	seen     bool
	prev     Fields
	deadline time.Time // fixed deadline set by hand; zero when none
	why      [2]string // the conditions that started and ended the timer
	resets   int
	timeline []Transition
}

// Transition is one change of a timer's stage, for an SLA timeline: the event instant, the
// stages before and after, and the rule that caused it. A reattachment by Reset is a transition
// even when the stage stays the same. The zero value describes no change.
// A plain value, safe for concurrent use.
type Transition struct {
	At       time.Time
	From, To Stage
	// Why names the rule and its condition, e.g. "pause: on hold" or "stop: state in (Resolved)".
	Why string
}

// String renders the transition, e.g. "2026-03-02T10:00:00Z in progress → paused (pause: on hold)".
func (tr Transition) String() string {
	return fmt.Sprintf("%s %s → %s (%s)", tr.At.Format(time.RFC3339), tr.From, tr.To, tr.Why)
}

// Timeline returns the stage changes so far in event order, like ServiceNow's SLA timeline: the
// attachment, every pause and resume, reattachments, and the completion or cancellation. The
// slice is a copy.
func (t Timer) Timeline() []Transition { return slices.Clone(t.timeline) }

// NewTimer returns a timer of d for an incident opened at the given time (the retroactive start
// instant). d should be valid (see Validate); Measure reports an invalid one.
func NewTimer(d Definition, opened time.Time) Timer { return Timer{def: d, opened: opened} }

// Stage returns the timer's stage after the events observed so far.
func (t Timer) Stage() Stage { return t.stage }

// Resets returns how many times the Reset condition restarted the timer.
func (t Timer) Resets() int { return t.resets }

// Definition returns the definition the timer currently follows.
func (t Timer) Definition() Definition { return t.def }

// Replace returns the timer following another definition (for example after a priority change
// selects a different SLA). It does not rewrite what the timer did: an attached timer keeps its
// start, stage, the pauses it accumulated and a pause in progress; d's targets and calendar
// measure it from now on and d's conditions apply from the next observed event. A timer not yet
// attached attaches at the next event where d's Start holds. d's retroactive rules see the
// incident's whole history: whenever the timer attaches or reattaches under d with
// RetroactiveStart and RetroactivePause, the pauses before the start are those d's Pause and
// Resume give over every event observed since the opening, as if d had been followed from the
// opening. See doc.go, "Ticket SLA timers".
func (t Timer) Replace(d Definition) Timer {
	t.def = d
	t.pauses = slices.Clip(t.pauses)
	t.retro = pauseTrack{}
	var evs []*observed
	for o := t.hist; o != nil; o = o.prev {
		evs = append(evs, o)
	}
	var prev *Fields
	for i := len(evs) - 1; i >= 0; i-- {
		o := evs[i]
		t.retro.step(&t.def, prev, &o.fields, o.at)
		prev = &o.fields
	}
	return t
}

// observed is one event a timer has seen: an immutable list, newest first, so copies of a Timer
// share it and Observe adds to it in constant time.
type observed struct {
	prev   *observed
	at     time.Time
	fields Fields
}

// WithDeadline returns the timer with a fixed deadline set by hand. A fixed deadline does not
// move when the timer pauses (a duration target does), and progress toward it is counted on the
// wall clock, pauses included, so that the percentages and milestones agree with the breach; see
// doc.go, "Ticket SLA timers".
func (t Timer) WithDeadline(at time.Time) Timer {
	t.deadline = at
	return t
}

// Observe returns the timer after one history event. Events must come in time order.
func (t Timer) Observe(ev Event) (Timer, error) {
	if t.seen && ev.At.Before(t.last) {
		return t, fmt.Errorf("incident: timer %q: %w: %s before %s", t.def.Name, ErrOutOfOrder, ev.At.Format(time.RFC3339), t.last.Format(time.RFC3339))
	}
	var prev *Fields
	if t.seen {
		p := t.prev
		prev = &p
	}
	cur := &ev.Fields
	t.pauses = slices.Clip(t.pauses)
	d := &t.def
	t.retro.step(d, prev, cur, ev.At) // kept for every definition, so Replace can switch to a retroactive pause
	before := t.priority
	if t.stage != Completed && t.stage != Cancelled {
		t.priority = cur.Priority // a finished timer keeps the target it finished under
	}
	// The order is ServiceNow's for an active task SLA: stop, then reset (which needs the start
	// condition too, and only reattaches a timer that could attach), then cancel, then pause.
	from, reattached := t.stage, false
	switch t.stage {
	case NotStarted:
		t.attach(prev, cur, ev.At)
	case Running, Paused:
		switch {
		case d.Stop.Match(prev, cur):
			t.finish(Completed, ev.At, "stop: "+d.Stop.String())
		case t.canReattach(prev, cur):
			t.reset()
			t.attach(prev, cur, ev.At)
			reattached = true
		case d.Cancel.Match(prev, cur):
			// Cancelled by this event (often a priority change): the timer no longer applies to
			// the incident as it now is, so it keeps the priority it ran under.
			t.priority = before
			t.finish(Cancelled, ev.At, "cancel: "+d.Cancel.String())
		default:
			t.trackPause(prev, cur, ev.At)
		}
	case Completed:
		if t.canReattach(prev, cur) && !d.Stop.Match(prev, cur) {
			t.reset()
			t.priority = cur.Priority
			t.attach(prev, cur, ev.At)
			reattached = true
		}
	}
	if t.stage != from || reattached {
		t.timeline = append(slices.Clip(t.timeline), Transition{At: ev.At, From: from, To: t.stage, Why: t.cause(from, reattached)})
	}
	t.prev, t.last, t.seen = *cur, ev.At, true
	if !t.noHist {
		t.hist = &observed{prev: t.hist, at: ev.At, fields: *cur}
	}
	return t, nil
}

// cause names the rule behind the stage change just made.
func (t *Timer) cause(from Stage, reattached bool) string {
	d := &t.def
	switch {
	case reattached:
		return "reset: " + d.Reset.String()
	case from == NotStarted:
		return t.why[0]
	case t.stage == Completed || t.stage == Cancelled:
		return t.why[1]
	case t.stage == Paused:
		return "pause: " + d.Pause.String()
	case d.Resume.IsZero():
		return "resume: pause no longer holds (" + d.Pause.String() + ")"
	}
	return "resume: " + d.Resume.String()
}

// canReattach reports whether a reset applies at an event: Reset and Start match and Cancel does
// not, so the new timer attaches at once.
func (t *Timer) canReattach(prev, cur *Fields) bool {
	d := &t.def
	return d.Reset.Match(prev, cur) && d.Start.Match(prev, cur) && !d.Cancel.Match(prev, cur)
}

func (t *Timer) reset() {
	*t = Timer{def: t.def, opened: t.opened, deadline: t.deadline, resets: t.resets + 1, priority: t.priority, retro: t.retro, hist: t.hist, noHist: t.noHist, timeline: t.timeline}
}

func (t *Timer) finish(s Stage, at time.Time, why string) {
	t.why[1] = why
	if t.pausing {
		t.pauses = append(t.pauses, interval.Interval{Start: t.pausedAt, End: at})
		t.pausing = false
	}
	t.stage, t.end = s, at
}

// trackPause opens or closes a pause at an event.
func (t *Timer) trackPause(prev, cur *Fields, at time.Time) {
	d := &t.def
	if !t.pausing {
		if d.Pause.Match(prev, cur) {
			t.pausing, t.pausedAt = true, at
		}
	} else if (d.Resume.IsZero() && !d.Pause.Match(prev, cur)) || d.Resume.Match(prev, cur) {
		t.pauses = append(t.pauses, interval.Interval{Start: t.pausedAt, End: at})
		t.pausing = false
	}
	if t.stage == Running || t.stage == Paused {
		t.stage = Running
		if t.pausing {
			t.stage = Paused
		}
	}
}

// attach starts the timer at an event where Start matches and neither Stop nor Cancel does
// (ServiceNow: "the Stop condition overrides the Start condition"; no timer is attached then).
func (t *Timer) attach(prev, cur *Fields, at time.Time) {
	d := &t.def
	if !d.Start.Match(prev, cur) || d.Stop.Match(prev, cur) || d.Cancel.Match(prev, cur) {
		return
	}
	t.stage, t.start = Running, at
	t.why[0] = "start: " + d.Start.String()
	if d.RetroactiveStart && t.opened.Before(at) {
		t.why[0] += " at " + at.Format(time.RFC3339) + ", dated back to the opening"
		t.start = t.opened
	}
	if d.RetroactiveStart && d.RetroactivePause {
		// The pauses since the opening, this event included, as if attached from the start.
		t.pauses = slices.Clone(t.retro.closed)
		t.pausing, t.pausedAt = t.retro.open, t.retro.since
		if t.pausing {
			t.stage = Paused
		}
		return
	}
	t.pauses, t.pausing = nil, false
	t.trackPause(prev, cur, at)
}

// pauseTrack follows the Pause and Resume conditions over a history, whatever the timer's stage.
type pauseTrack struct {
	closed []interval.Interval
	open   bool
	since  time.Time
}

func (p *pauseTrack) step(d *Definition, prev, cur *Fields, at time.Time) {
	p.closed = slices.Clip(p.closed)
	if !p.open {
		if d.Pause.Match(prev, cur) {
			p.open, p.since = true, at
		}
	} else if (d.Resume.IsZero() && !d.Pause.Match(prev, cur)) || d.Resume.Match(prev, cur) {
		p.closed = append(p.closed, interval.Interval{Start: p.since, End: at})
		p.open = false
	}
}

// Milestone is the instant a timer's elapsed business time reached a percentage of its target.
// The zero value is no milestone.
// A plain value, safe for concurrent use.
type Milestone struct {
	Percent int
	At      time.Time
}

// Measurement is a timer's figures as of an instant. Durations exclude paused time; "business"
// figures count only calendar working time. The zero value is a timer that has not started.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Measurement struct {
	Definition string
	Stage      Stage
	// Breached is true when business elapsed time exceeds the target (reaching it exactly is
	// met unless Definition.BreachAtTarget), or, with a fixed deadline, when the timer ran past
	// it. Either way it agrees with the percentages: breached exactly when BusinessPercent
	// exceeds 100 (reaches 100 with BreachAtTarget), whenever Target is not 0.
	Breached bool
	Start    time.Time
	End      time.Time // when it completed or was cancelled; zero otherwise
	Priority Level     // the priority whose target is in force (see doc.go for finished timers)
	// Target is the time allowed: the duration target in force, in business time; with a fixed
	// deadline, the wall-clock time from Start to Deadline (0 when the deadline is not after the
	// start).
	Target time.Duration
	// Deadline is the fixed deadline set by hand (Timer.WithDeadline); zero for a duration
	// target.
	Deadline time.Time `json:",omitzero"`
	// Actual is wall-clock time while running; Business the calendar's working time of it.
	Actual, Business time.Duration
	// Paused and BusinessPaused are the pause time not counted.
	Paused, BusinessPaused time.Duration
	// ActualPercent and BusinessPercent are Actual and Business as exact percentages of Target.
	// With a fixed deadline both are the progress toward it on the wall clock the deadline is set
	// on: the time from Start to the end of the measurement, pauses included (a pause does not
	// move a deadline), as a share of Target. They have no value when Target is 0 (a fixed
	// deadline at or before the start): they read 0 then, Explain says "no target time" and
	// JSON has null.
	ActualPercent, BusinessPercent sla.Ratio
	// BreachAt is when business elapsed time reaches (or reached) the target: the planned end.
	// While the timer runs or is paused it is a projection that assumes no further pause; it is
	// zero when the calendar has no working time left to reach the target (sla.ErrNoWorkingTime).
	// With a fixed deadline it is the deadline.
	BreachAt time.Time
	// Milestones reached by the end of the measurement, in order. With a fixed deadline they
	// fall at their share of the wall-clock time from Start to Deadline, the 100 % one on the
	// deadline.
	Milestones []Milestone
	// StartedBy and EndedBy name the conditions that started and ended the timer.
	StartedBy, EndedBy string
}

// MarshalJSON writes the measurement's fields, with ActualPercent and BusinessPercent null when
// Target is 0 (a percentage of nothing) and Deadline left out when there is none.
func (m Measurement) MarshalJSON() ([]byte, error) {
	type plain Measurement
	return json.Marshal(struct {
		plain
		ActualPercent, BusinessPercent *sla.Ratio
	}{plain(m), orNull(m.ActualPercent, m.Target > 0), orNull(m.BusinessPercent, m.Target > 0)})
}

// Explain says in one line why the timer stands where it does, e.g.
// "resolution: completed, breached: 45h0m0s business of 40h0m0s target (112.5%); start: always; stop: state in (Resolved)",
// or, with a fixed deadline,
// "resolution: completed, breached: 125.00% of the 4h0m0s to the deadline 2026-03-02T13:00:00Z, 3h0m0s business elapsed; start: always; ...".
func (m Measurement) Explain() string {
	if m.Stage == NotStarted {
		return m.Definition + ": not started"
	}
	verdict := "within target"
	if m.Breached {
		verdict = "breached"
	}
	pct := "no target time"
	if m.Target > 0 {
		pct = m.BusinessPercent.FloorString(2) + "%"
	}
	var s string
	if m.Deadline.IsZero() {
		s = fmt.Sprintf("%s: %s, %s: %v business of %v target (%s); %s", m.Definition, m.Stage, verdict,
			m.Business, m.Target, pct, m.StartedBy)
	} else {
		s = fmt.Sprintf("%s: %s, %s: %s of the %v to the deadline %s, %v business elapsed; %s", m.Definition, m.Stage, verdict,
			pct, m.Target, m.Deadline.Format(time.RFC3339), m.Business, m.StartedBy)
	}
	if m.Paused > 0 {
		s += fmt.Sprintf("; paused %v (%v business)", m.Paused, m.BusinessPaused)
	}
	if m.EndedBy != "" {
		s += "; " + m.EndedBy
	}
	return s
}

// Measure returns the timer's figures as of asOf, which may not precede the last observed event:
// a Timer holds only the state after the events it has seen, so it cannot look back. To measure
// at several instants, earlier ones included, keep the incident's history and call Evaluate for
// each instant: it replays the events up to that instant. Measure on an earlier instant fails
// with an error wrapping ErrAsOf. A completed or cancelled timer measures up to its end.
func (t Timer) Measure(asOf time.Time) (Measurement, error) {
	if err := t.def.Validate(); err != nil {
		return Measurement{}, err
	}
	m := Measurement{Definition: t.def.Name, Stage: t.stage, Priority: t.priority}
	if t.stage == NotStarted {
		return m, nil
	}
	if asOf.Before(t.last) {
		return m, fmt.Errorf("incident: timer %q: %w: asked for %s, last event at %s (Evaluate measures the history at any instant)",
			t.def.Name, ErrAsOf, asOf.Format(time.RFC3339), t.last.Format(time.RFC3339))
	}
	end := asOf
	if t.stage == Completed || t.stage == Cancelled {
		end, m.End = t.end, t.end
	}
	end = maxTime(end, t.start)
	m.Start = t.start
	m.StartedBy, m.EndedBy = t.why[0], t.why[1]
	cal := t.def.clock()
	pauses := slices.Clone(t.pauses)
	if t.pausing {
		pauses = append(pauses, interval.Interval{Start: t.pausedAt, End: end})
	}
	window := interval.Interval{Start: t.start, End: end}
	paused := interval.Clip(interval.Normalize(pauses), window)
	running := interval.Difference(interval.Normalize([]interval.Interval{window}), paused)
	m.Actual, m.Paused = running.Total(), paused.Total()
	for _, iv := range paused {
		m.BusinessPaused += cal.BusinessTime(iv.Start, iv.End)
	}
	runBT := make([]time.Duration, len(running))
	for i, iv := range running {
		runBT[i] = cal.BusinessTime(iv.Start, iv.End)
		m.Business += runBT[i]
	}

	if !t.deadline.IsZero() {
		return t.measureDeadline(m, end), nil
	}
	target, ok := t.def.Target(t.priority)
	if !ok {
		return m, fmt.Errorf("incident: timer %q: %w %v", t.def.Name, ErrNoTarget, t.priority)
	}
	m.Target = target
	m.Breached = m.Business > target || t.def.BreachAtTarget && m.Business == target
	m.ActualPercent, _ = sla.IntRatio(int64(m.Actual)).MulInt(100).QuoInt(int64(m.Target))
	m.BusinessPercent, _ = sla.IntRatio(int64(m.Business)).MulInt(100).QuoInt(int64(m.Target))

	// Milestone instants: a duration target runs only while the timer runs, so a pause moves
	// them.
	w := walker{cal: cal, segments: running, bts: runBT, from: end}
	if len(running) > 0 {
		w.cursor = running[0].Start
	}
	for _, pct := range t.def.milestones() {
		at, reached, err := w.reach(share(m.Target, pct))
		if err != nil {
			return m, fmt.Errorf("incident: timer %q: %w", t.def.Name, quiet{err})
		}
		if reached {
			m.Milestones = append(m.Milestones, Milestone{Percent: pct, At: at})
		}
		if pct == 100 {
			m.BreachAt = at
		}
	}
	if m.BreachAt.IsZero() {
		w := walker{cal: cal, segments: running, bts: runBT, from: end}
		if len(running) > 0 {
			w.cursor = running[0].Start
		}
		at, _, err := w.reach(m.Target)
		if err != nil {
			return m, fmt.Errorf("incident: timer %q: %w", t.def.Name, quiet{err})
		}
		m.BreachAt = at
	}
	return m, nil
}

// measureDeadline completes m for a fixed deadline. The deadline is an instant, so progress
// toward it is counted on the wall clock it is set on, pauses included (a pause does not move
// it): Target is the time from the start to the deadline, both percentages are the time from the
// start to end as a share of it, and the milestones fall at those shares of the way, the 100 %
// one on the deadline. Breached, the percentages and the 100 % milestone then agree exactly.
func (t Timer) measureDeadline(m Measurement, end time.Time) Measurement {
	m.Deadline, m.BreachAt = t.deadline, t.deadline
	m.Breached = end.After(t.deadline) || t.def.BreachAtTarget && end.Equal(t.deadline)
	m.Target = max(0, t.deadline.Sub(t.start))
	if m.Target > 0 {
		m.ActualPercent, _ = sla.IntRatio(int64(end.Sub(t.start))).MulInt(100).QuoInt(int64(m.Target))
		m.BusinessPercent = m.ActualPercent
	}
	for _, pct := range t.def.milestones() {
		if at := t.start.Add(share(m.Target, pct)); !at.After(end) {
			m.Milestones = append(m.Milestones, Milestone{Percent: pct, At: at})
		}
	}
	return m
}

// share is pct % of d, rounded down, without overflowing for long durations.
func share(d time.Duration, pct int) time.Duration {
	return d/100*time.Duration(pct) + d%100*time.Duration(pct)/100
}

// walker finds the instants at which running business time reaches increasing amounts, in one
// pass over the running segments (bts holds their business time).
type walker struct {
	cal      Clock
	segments interval.Set
	bts      []time.Duration
	from     time.Time // where a projection starts when the segments do not suffice
	i        int       // current segment
	acc      time.Duration
	cursor   time.Time     // instant within segment i up to which acc is counted
	accSeg   time.Duration // business time before segment i
}

// reach returns the instant at which need business time has run, and true when that lies
// inside the segments; otherwise the projection from w.from (as if the timer ran on from then)
// and false. Successive calls must ask for non-decreasing amounts.
func (w *walker) reach(need time.Duration) (time.Time, bool, error) {
	for w.i < len(w.segments) && need-w.accSeg > w.bts[w.i] {
		w.accSeg += w.bts[w.i]
		w.i++
		w.acc = w.accSeg
		if w.i < len(w.segments) {
			w.cursor = w.segments[w.i].Start
		}
	}
	if w.i == len(w.segments) {
		at, err := w.cal.Deadline(w.from, need-w.accSeg)
		if errors.Is(err, sla.ErrNoWorkingTime) {
			return time.Time{}, false, nil // the calendar ends first: never reached by running on
		}
		return at, false, err
	}
	at, err := w.cal.Deadline(w.cursor, need-w.acc)
	if err != nil {
		return time.Time{}, false, err
	}
	if end := w.segments[w.i].End; at.After(end) {
		at = end
	}
	w.cursor, w.acc = at, need
	return at, true, nil
}

func maxTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return b
	}
	return a
}

// Evaluate runs a timer of d over an incident's history up to asOf (events after it are ignored)
// and measures it as of asOf. asOf may be any instant, before or after the last event, so one
// history can be measured at as many instants as needed (Timer.Measure cannot look back). An incident with no history (the zero Incident) is an error
// wrapping ErrNotOpened, not a timer that never started.
func Evaluate(d Definition, inc Incident, asOf time.Time) (Measurement, error) {
	if err := d.Validate(); err != nil {
		return Measurement{}, err
	}
	if err := inc.notOpened("evaluate " + d.Name); err != nil {
		return Measurement{}, err
	}
	t := NewTimer(d, inc.Opened)
	t.noHist = true // this timer is never replaced
	for _, ev := range inc.History {
		if ev.At.After(asOf) {
			break
		}
		var err error
		if t, err = t.Observe(ev); err != nil {
			return Measurement{}, err
		}
	}
	return t.Measure(asOf)
}
