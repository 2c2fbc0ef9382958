package pdca

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
)

// Subject is what a cycle improves: an ISO/IEC 20000 process of the itsm catalogue, a service
// (by the caller's service ID), or the service management system as a whole. The zero value is
// invalid. Build one with ProcessSubject, ServiceSubject or SystemSubject. Like every struct of
// this package it is a plain value, safe to copy and to read concurrently.
type Subject struct {
	Kind    SubjectKind    `json:"kind"`
	Process itsm.ProcessID `json:"process,omitempty"`
	Service string         `json:"service,omitempty"`
}

// ProcessSubject returns the subject for a catalogued process, or an error wrapping both
// ErrUnknownProcess and itsm.ErrUnknownProcess.
func ProcessSubject(id itsm.ProcessID) (Subject, error) {
	if _, err := itsm.LookupProcess(id); err != nil {
		return Subject{}, fmt.Errorf("pdca: %w%w", ErrUnknownProcess, processCause{err})
	}
	return Subject{Kind: SubjectProcess, Process: id}, nil
}

// ServiceSubject returns the subject for a service ID (any non-empty text).
func ServiceSubject(id string) (Subject, error) {
	if id == "" {
		return Subject{}, fmt.Errorf("pdca: %w: empty service ID", ErrInvalidEvent)
	}
	return Subject{Kind: SubjectService, Service: id}, nil
}

// SystemSubject returns the subject for the service management system as a whole.
func SystemSubject() Subject { return Subject{Kind: SubjectSystem} }

// Key returns a stable text key: "process:2018/8.6.1", "service:<id>" or "system".
func (s Subject) Key() string {
	switch s.Kind {
	case SubjectProcess:
		return "process:" + string(s.Process)
	case SubjectService:
		return "service:" + s.Service
	case SubjectSystem:
		return "system"
	}
	return "invalid"
}

// String returns Key().
func (s Subject) String() string { return s.Key() }

func (s Subject) validate() error {
	switch s.Kind {
	case SubjectProcess:
		if s.Service != "" {
			return fmt.Errorf("%w: process subject with a service ID", ErrInvalidEvent)
		}
		if _, err := itsm.LookupProcess(s.Process); err != nil {
			return fmt.Errorf("%w%w", ErrUnknownProcess, processCause{err})
		}
	case SubjectService:
		if s.Service == "" || s.Process != "" {
			return fmt.Errorf("%w: service subject needs a service ID and no process", ErrInvalidEvent)
		}
	case SubjectSystem:
		if s.Service != "" || s.Process != "" {
			return fmt.Errorf("%w: system subject names no process or service", ErrInvalidEvent)
		}
	default:
		return fmt.Errorf("%w: subject kind %v", ErrInvalidEvent, s.Kind)
	}
	return nil
}

// Objective is one measurable aim of a cycle: move Metric from Baseline to Target (strictly
// better in Direction) by Deadline. Metric names the objective within its cycle. The zero value
// is not a valid objective.
// A plain value, safe for concurrent use.
type Objective struct {
	Metric    string    `json:"metric"`
	Unit      string    `json:"unit"`
	Direction Direction `json:"direction"`
	Baseline  Value     `json:"baseline"`
	Target    Value     `json:"target"`
	Deadline  time.Time `json:"deadline"`
}

func (o Objective) validate() error {
	switch {
	case o.Metric == "":
		return fmt.Errorf("%w: objective without metric", ErrInvalidEvent)
	case o.Unit == "":
		return fmt.Errorf("%w: objective %q without unit", ErrInvalidEvent, o.Metric)
	case o.Direction != HigherIsBetter && o.Direction != LowerIsBetter:
		return fmt.Errorf("%w: objective %q: direction %v", ErrInvalidEvent, o.Metric, o.Direction)
	case o.Deadline.IsZero():
		return fmt.Errorf("%w: objective %q without deadline", ErrInvalidEvent, o.Metric)
	case !o.Direction.better(o.Target, o.Baseline):
		return fmt.Errorf("%w: objective %q: target %s vs baseline %s (%s)", ErrWrongDirection,
			o.Metric, o.Target, o.Baseline, o.Direction)
	}
	return nil
}

// Measurement is one measured figure, given as a plain value: the metric it measures, the exact
// value, its unit, and the instant it was taken (for a figure over a window, the window's end).
// The zero value is not a valid measurement.
// Safe for concurrent use.
type Measurement struct {
	Metric string    `json:"metric"`
	Value  Value     `json:"value"`
	Unit   string    `json:"unit"`
	At     time.Time `json:"at"`
}

// Baseline is a starting point seeded from a predecessor cycle: the last value measured for
// Metric there, and when it was taken. The zero value is no baseline.
// A plain value, safe for concurrent use.
type Baseline struct {
	Metric    string    `json:"metric"`
	Unit      string    `json:"unit"`
	Direction Direction `json:"direction"`
	Value     Value     `json:"value"`
	At        time.Time `json:"at"`
}

// Objective returns the objective that starts from this baseline.
func (b Baseline) Objective(target Value, deadline time.Time) Objective {
	return Objective{Metric: b.Metric, Unit: b.Unit, Direction: b.Direction, Baseline: b.Value,
		Target: target, Deadline: deadline}
}

// Action is a unit of work: planned in Plan (to be done or deferred in Do) or a follow-up
// recorded in Act. Status and Phase are set by the cycle; values given with ActionPlanned are
// ignored by Apply (and, like Reason and Closed, refused by DecodeCycle). The zero value is
// not a valid action.
// A plain value, safe for concurrent use.
type Action struct {
	ID          string       `json:"id"`
	Description string       `json:"description"`
	Owner       string       `json:"owner,omitempty"`
	Due         time.Time    `json:"due,omitzero"`
	Status      ActionStatus `json:"status,omitempty"`
	Phase       Phase        `json:"phase,omitempty"`  // Plan for planned actions, Act for follow-ups
	Reason      string       `json:"reason,omitempty"` // why it was deferred
	Closed      time.Time    `json:"closed,omitzero"`  // when it was done or deferred
}

// Opening is the content of the Opened event: the cycle's ID, subject and title, the register
// item it realises (optional), and for a seeded cycle its predecessor and baselines.
// The zero value names no cycle: opening it is refused (a cycle needs an ID).
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Opening struct {
	ID          string     `json:"id"`
	Subject     Subject    `json:"subject"`
	Title       string     `json:"title,omitempty"`
	Item        string     `json:"item,omitempty"`
	Predecessor string     `json:"predecessor,omitempty"`
	Baselines   []Baseline `json:"baselines,omitempty"`
}

// Event is one change to a cycle. Kind says which fields matter; the constructors below (Open,
// SetObjective, Measure, Advance, ...) fill them. At is when the event happened; events of a
// cycle are in non-decreasing At. The zero value is not a valid event.
// A plain value, safe for concurrent use.
type Event struct {
	Kind        EventKind   `json:"kind"`
	At          time.Time   `json:"at"`
	Actor       string      `json:"actor,omitempty"` // who; required for Approved
	Opening     Opening     `json:"opening,omitzero"`
	Objective   Objective   `json:"objective,omitzero"`
	Metric      string      `json:"metric,omitempty"` // ObjectiveRemoved
	Action      Action      `json:"action,omitzero"`
	ActionID    string      `json:"actionID,omitempty"` // ActionCompleted, ActionDeferred
	Measurement Measurement `json:"measurement,omitzero"`
	Decision    Decision    `json:"decision,omitempty"`
	// Text is the measurement plan, a deferral or abandonment reason, a return-to-Do reason or
	// a decision's rationale.
	Text string `json:"text,omitempty"`
}

// SetObjective returns an ObjectiveSet event; it adds the objective or replaces the one with the
// same metric.
func SetObjective(at time.Time, o Objective) Event {
	return Event{Kind: ObjectiveSet, At: at, Objective: o}
}

// RemoveObjective returns an ObjectiveRemoved event.
func RemoveObjective(at time.Time, metric string) Event {
	return Event{Kind: ObjectiveRemoved, At: at, Metric: metric}
}

// SetMeasurementPlan returns a MeasurementPlanSet event: how, from which source and when each
// objective will be measured.
func SetMeasurementPlan(at time.Time, plan string) Event {
	return Event{Kind: MeasurementPlanSet, At: at, Text: plan}
}

// PlanAction returns an ActionPlanned event (a planned action in Plan, a follow-up in Act).
func PlanAction(at time.Time, a Action) Event { return Event{Kind: ActionPlanned, At: at, Action: a} }

// Approve returns an Approved event by the named approver.
func Approve(at time.Time, by string) Event { return Event{Kind: Approved, At: at, Actor: by} }

// Advance returns an Advanced event: to the next phase, if the current phase's exit criteria
// hold.
func Advance(at time.Time) Event { return Event{Kind: Advanced, At: at} }

// CompleteAction returns an ActionCompleted event.
func CompleteAction(at time.Time, id string) Event {
	return Event{Kind: ActionCompleted, At: at, ActionID: id}
}

// DeferAction returns an ActionDeferred event; the reason is required.
func DeferAction(at time.Time, id, reason string) Event {
	return Event{Kind: ActionDeferred, At: at, ActionID: id, Text: reason}
}

// Measure returns a Measured event recorded at the measurement's own instant.
func Measure(m Measurement) Event { return Event{Kind: Measured, At: m.At, Measurement: m} }

// MeasureAt returns a Measured event recorded at at: a figure may be recorded after it was taken,
// never before (a measurement dated after at is refused with ErrMeasurementInFuture).
func MeasureAt(at time.Time, m Measurement) Event {
	return Event{Kind: Measured, At: at, Measurement: m}
}

// ReturnToDo returns a ReturnedToDo event: from Check back to Do, to act again and re-measure.
func ReturnToDo(at time.Time, reason string) Event {
	return Event{Kind: ReturnedToDo, At: at, Text: reason}
}

// Decide returns a Decided event; a later Decided replaces an earlier one while in Act.
func Decide(at time.Time, d Decision, rationale string) Event {
	return Event{Kind: Decided, At: at, Decision: d, Text: rationale}
}

// AbandonCycle returns a CycleAbandoned event; the reason is required.
func AbandonCycle(at time.Time, reason string) Event {
	return Event{Kind: CycleAbandoned, At: at, Text: reason}
}

// PhasePeriod is one stay in a phase: [Start, End), End zero while the cycle is still there.
// The zero value is no stay.
// A plain value, safe for concurrent use.
type PhasePeriod struct {
	Phase Phase
	Start time.Time
	End   time.Time
}

// Cycle is one Plan–Do–Check–Act cycle: a value built by replaying its events. Apply returns a
// new Cycle and never changes the receiver, so a Cycle is safe for concurrent reads and cheap to
// keep as history. The zero value is not a cycle (ID is empty); build one with Open, Next or
// Replay.
type Cycle struct {
	opening      Opening
	phase        Phase
	objectives   []Objective
	plan         string
	approvedBy   string
	approvedAt   time.Time
	actions      []Action
	measurements []Measurement
	decision     Decision
	rationale    string
	endReason    string
	doStarted    time.Time
	periods      []PhasePeriod
	events       []Event
	// Indexes keep every event's work independent of the cycle's size, so Replay and decoding
	// are linear in the events. Cloned with the slices they index.
	objectiveAt map[string]int // metric → index in objectives
	actionAt    map[string]int // action ID → index in actions
	latestAt    map[string]int // metric → index in measurements of its latest measurement
}

// Open starts a cycle in Plan. The opening needs an ID and a valid subject (an unknown process
// is an error wrapping ErrUnknownProcess). A predecessor and baselines are normally set by Next.
func Open(at time.Time, o Opening) (Cycle, error) {
	return Replay([]Event{{Kind: Opened, At: at, Opening: o}})
}

// Replay rebuilds a cycle from its events, checking every rule on the way. The first event must
// be Opened. It costs time linear in the events (plus objectives and actions looked up per
// event).
func Replay(events []Event) (Cycle, error) {
	if len(events) == 0 {
		return Cycle{}, &RuleError{Index: -1, Err: ErrFirstEvent, Detail: "no events"}
	}
	var c Cycle
	for i, e := range events {
		if err := c.apply(e); err != nil {
			err.Index = i
			return Cycle{}, err
		}
	}
	return c, nil
}

// Apply returns the cycle after e, or a *RuleError naming the rule e breaks; c is unchanged
// either way. Apply copies the cycle (time linear in its size); to add many events at once use
// ApplyAll, which copies once.
func (c Cycle) Apply(e Event) (Cycle, error) {
	n := c.clone()
	if err := n.apply(e); err != nil {
		err.Index = -1
		return c, err
	}
	return n, nil
}

// ApplyAll applies events in order and stops at the first refused one.
func (c Cycle) ApplyAll(events ...Event) (Cycle, error) {
	n := c.clone()
	for _, e := range events {
		if err := n.apply(e); err != nil {
			err.Index = -1
			return c, err
		}
	}
	return n, nil
}

func (c Cycle) clone() Cycle {
	n := c
	n.opening.Baselines = slices.Clone(c.opening.Baselines)
	n.objectives = slices.Clone(c.objectives)
	n.actions = slices.Clone(c.actions)
	n.measurements = slices.Clone(c.measurements)
	n.periods = slices.Clone(c.periods)
	n.events = slices.Clone(c.events)
	n.objectiveAt = maps.Clone(c.objectiveAt)
	n.actionAt = maps.Clone(c.actionAt)
	n.latestAt = maps.Clone(c.latestAt)
	return n
}

func (c *Cycle) fail(e Event, rule error, format string, args ...any) *RuleError {
	return &RuleError{Cycle: c.opening.ID, Kind: e.Kind, Phase: c.phase, At: e.At, Err: rule,
		Detail: fmt.Sprintf(format, args...)}
}

func (c *Cycle) failErr(e Event, err error) *RuleError {
	// err wraps one sentinel; keep its message as the detail.
	for _, s := range []error{ErrInvalidEvent, ErrUnknownProcess, ErrWrongDirection} {
		if errors.Is(err, s) {
			var cause error
			if errors.Is(err, itsm.ErrUnknownProcess) {
				cause = itsm.ErrUnknownProcess
			}
			return &RuleError{Cycle: c.opening.ID, Kind: e.Kind, Phase: c.phase, At: e.At, Err: s,
				Detail: strings.TrimLeft(strings.TrimPrefix(err.Error(), s.Error()), ": "), cause: cause}
		}
	}
	return &RuleError{Cycle: c.opening.ID, Kind: e.Kind, Phase: c.phase, At: e.At, Err: ErrInvalidEvent, Detail: err.Error()}
}

// allowed lists, per kind, the phases the event may be applied in.
func allowed(k EventKind, p Phase) bool {
	switch k {
	case ObjectiveSet, ObjectiveRemoved, MeasurementPlanSet, Approved:
		return p == Plan
	case ActionPlanned:
		return p == Plan || p == Act
	case Advanced, CycleAbandoned:
		return true
	case ActionCompleted, ActionDeferred:
		return p == Do
	case Measured:
		return p == Do || p == Check
	case ReturnedToDo:
		return p == Check
	case Decided:
		return p == Act
	}
	return false
}

// relevant keeps only the fields e's kind uses, so a stored event encodes and decodes to itself.
func (e Event) relevant() Event {
	n := Event{Kind: e.Kind, At: e.At, Actor: e.Actor}
	switch e.Kind {
	case Opened:
		n.Opening = e.Opening
	case ObjectiveSet:
		n.Objective = e.Objective
	case ObjectiveRemoved:
		n.Metric = e.Metric
	case ActionPlanned:
		n.Action = Action{ID: e.Action.ID, Description: e.Action.Description, Owner: e.Action.Owner, Due: e.Action.Due}
	case ActionCompleted:
		n.ActionID = e.ActionID
	case ActionDeferred:
		n.ActionID, n.Text = e.ActionID, e.Text
	case Measured:
		n.Measurement = e.Measurement
	case Decided:
		n.Decision, n.Text = e.Decision, e.Text
	case MeasurementPlanSet, ReturnedToDo, CycleAbandoned:
		n.Text = e.Text
	}
	return n
}

func (c *Cycle) apply(e Event) *RuleError {
	e = e.relevant()
	if e.At.IsZero() {
		return c.fail(e, ErrInvalidEvent, "event without time")
	}
	if c.phase.Terminal() {
		return c.fail(e, ErrTerminal, "")
	}
	if e.Kind == Opened || c.phase == 0 {
		if e.Kind != Opened || c.phase != 0 {
			return c.fail(e, ErrFirstEvent, "")
		}
		return c.open(e)
	}
	if e.Kind <= 0 || int(e.Kind) >= len(eventKindNames) {
		return c.fail(e, ErrInvalidEvent, "kind %d", int(e.Kind))
	}
	if last := c.events[len(c.events)-1].At; e.At.Before(last) {
		return c.fail(e, ErrTimeReversed, "%s is before %s", e.At.Format(time.RFC3339), last.Format(time.RFC3339))
	}
	if !allowed(e.Kind, c.phase) {
		return c.fail(e, ErrPhase, "")
	}
	var err *RuleError
	switch e.Kind {
	case ObjectiveSet:
		err = c.setObjective(e)
	case ObjectiveRemoved:
		i := c.objectiveIndex(e.Metric)
		if i < 0 {
			return c.fail(e, ErrUnknownMetric, "metric %q", e.Metric)
		}
		c.objectives = slices.Delete(c.objectives, i, i+1)
		delete(c.objectiveAt, e.Metric)
		for j := i; j < len(c.objectives); j++ { // removal is rare; keep the index exact
			c.objectiveAt[c.objectives[j].Metric] = j
		}
		c.revokeApproval()
	case MeasurementPlanSet:
		if e.Text == "" {
			return c.fail(e, ErrInvalidEvent, "empty measurement plan")
		}
		c.plan = e.Text
		c.revokeApproval()
	case ActionPlanned:
		err = c.planAction(e)
	case Approved:
		if e.Actor == "" {
			return c.fail(e, ErrInvalidEvent, "approval without approver")
		}
		c.approvedBy, c.approvedAt = e.Actor, e.At
	case Advanced:
		err = c.advance(e)
	case ActionCompleted, ActionDeferred:
		err = c.closeAction(e)
	case Measured:
		err = c.measure(e)
	case ReturnedToDo:
		c.enter(Do, e.At)
	case Decided:
		if e.Decision < Adopt || e.Decision > Abandon {
			return c.fail(e, ErrInvalidEvent, "decision %d", int(e.Decision))
		}
		c.decision, c.rationale = e.Decision, e.Text
	case CycleAbandoned:
		if e.Text == "" {
			return c.fail(e, ErrInvalidEvent, "abandoning needs a reason")
		}
		c.endReason = e.Text
		c.enter(Abandoned, e.At)
	}
	if err != nil {
		return err
	}
	c.events = append(c.events, e)
	return nil
}

func (c *Cycle) open(e Event) *RuleError {
	o := e.Opening
	c.opening.ID = o.ID // so errors name the cycle
	if o.ID == "" {
		return c.fail(e, ErrInvalidEvent, "cycle without ID")
	}
	if err := o.Subject.validate(); err != nil {
		return c.failErr(e, err)
	}
	seen := make(map[string]bool, len(o.Baselines))
	for _, b := range o.Baselines {
		if b.Metric == "" || b.Unit == "" || (b.Direction != HigherIsBetter && b.Direction != LowerIsBetter) || seen[b.Metric] {
			return c.fail(e, ErrInvalidEvent, "baseline %q: needs metric, unit, direction, once each", b.Metric)
		}
		seen[b.Metric] = true
	}
	if len(o.Baselines) > 0 && o.Predecessor == "" {
		return c.fail(e, ErrInvalidEvent, "baselines without predecessor")
	}
	if o.Predecessor == o.ID {
		return c.fail(e, ErrInvalidEvent, "cycle is its own predecessor")
	}
	c.opening = o
	c.opening.Baselines = slices.Clone(o.Baselines) // the caller's slice may change later
	e.Opening = c.opening
	c.enter(Plan, e.At)
	c.events = append(c.events, e)
	return nil
}

func (c *Cycle) enter(p Phase, at time.Time) {
	if n := len(c.periods); n > 0 {
		c.periods[n-1].End = at
	}
	c.phase = p
	if !p.Terminal() {
		c.periods = append(c.periods, PhasePeriod{Phase: p, Start: at})
	}
}

func (c *Cycle) revokeApproval() { c.approvedBy, c.approvedAt = "", time.Time{} }

func (c *Cycle) objectiveIndex(metric string) int {
	if i, ok := c.objectiveAt[metric]; ok {
		return i
	}
	return -1
}

func (c *Cycle) actionIndex(id string) int {
	if i, ok := c.actionAt[id]; ok {
		return i
	}
	return -1
}

func (c *Cycle) setObjective(e Event) *RuleError {
	o := e.Objective
	if err := o.validate(); err != nil {
		return c.failErr(e, err)
	}
	for _, b := range c.opening.Baselines {
		if b.Metric == o.Metric && (b.Unit != o.Unit || b.Direction != o.Direction || !b.Value.Equal(o.Baseline)) {
			return c.fail(e, ErrSeedMismatch, "metric %q: seeded baseline %s %s (%s), objective %s %s (%s)",
				o.Metric, b.Value, b.Unit, b.Direction, o.Baseline, o.Unit, o.Direction)
		}
	}
	if i := c.objectiveIndex(o.Metric); i >= 0 {
		c.objectives[i] = o
	} else {
		if c.objectiveAt == nil {
			c.objectiveAt = make(map[string]int)
		}
		c.objectiveAt[o.Metric] = len(c.objectives)
		c.objectives = append(c.objectives, o)
	}
	c.revokeApproval()
	return nil
}

func (c *Cycle) planAction(e Event) *RuleError {
	a := e.Action
	if a.ID == "" || a.Description == "" {
		return c.fail(e, ErrInvalidEvent, "action needs an ID and a description")
	}
	if c.actionIndex(a.ID) >= 0 {
		return c.fail(e, ErrDuplicateAction, "action %q", a.ID)
	}
	a.Status, a.Phase, a.Reason, a.Closed = Pending, c.phase, "", time.Time{}
	if c.actionAt == nil {
		c.actionAt = make(map[string]int)
	}
	c.actionAt[a.ID] = len(c.actions)
	c.actions = append(c.actions, a)
	if c.phase == Plan {
		c.revokeApproval()
	}
	return nil
}

func (c *Cycle) closeAction(e Event) *RuleError {
	i := c.actionIndex(e.ActionID)
	if i < 0 {
		return c.fail(e, ErrUnknownAction, "action %q", e.ActionID)
	}
	a := &c.actions[i]
	if a.Status != Pending || a.Phase != Plan {
		return c.fail(e, ErrActionClosed, "action %q is %s (planned in %s)", a.ID, a.Status, a.Phase)
	}
	if e.Kind == ActionDeferred {
		if e.Text == "" {
			return c.fail(e, ErrInvalidEvent, "deferring action %q needs a reason", a.ID)
		}
		a.Status, a.Reason = Deferred, e.Text
	} else {
		a.Status = Done
	}
	a.Closed = e.At
	return nil
}

func (c *Cycle) measure(e Event) *RuleError {
	m := e.Measurement
	if m.Metric == "" || m.At.IsZero() {
		return c.fail(e, ErrInvalidEvent, "measurement needs a metric and an instant")
	}
	i := c.objectiveIndex(m.Metric)
	if i < 0 {
		return c.fail(e, ErrUnknownMetric, "metric %q", m.Metric)
	}
	if o := c.objectives[i]; o.Unit != m.Unit {
		return c.fail(e, ErrUnitMismatch, "metric %q: measured in %q, objective in %q", m.Metric, m.Unit, o.Unit)
	}
	if m.At.After(e.At) {
		return c.fail(e, ErrMeasurementInFuture, "metric %q measured at %s, recorded at %s", m.Metric,
			m.At.Format(time.RFC3339), e.At.Format(time.RFC3339))
	}
	if m.At.Before(c.doStarted) {
		return c.fail(e, ErrMeasurementBeforeDo, "metric %q measured at %s, Do began %s", m.Metric,
			m.At.Format(time.RFC3339), c.doStarted.Format(time.RFC3339))
	}
	if j, ok := c.latestAt[m.Metric]; !ok || !m.At.Before(c.measurements[j].At) {
		if c.latestAt == nil {
			c.latestAt = make(map[string]int)
		}
		c.latestAt[m.Metric] = len(c.measurements)
	}
	c.measurements = append(c.measurements, m)
	return nil
}

func (c *Cycle) advance(e Event) *RuleError {
	switch c.phase {
	case Plan:
		switch {
		case len(c.objectives) == 0:
			return c.fail(e, ErrPlanIncomplete, "no objective")
		case c.plan == "":
			return c.fail(e, ErrPlanIncomplete, "no measurement plan")
		case c.approvedBy == "":
			return c.fail(e, ErrPlanIncomplete, "plan not approved as it stands")
		}
		c.doStarted = e.At
		c.enter(Do, e.At)
	case Do:
		for _, a := range c.actions {
			if a.Phase == Plan && a.Status == Pending {
				return c.fail(e, ErrActionsOpen, "action %q", a.ID)
			}
		}
		c.enter(Check, e.At)
	case Check:
		for _, o := range c.objectives {
			if _, ok := c.latest(o.Metric); !ok {
				return c.fail(e, ErrMeasurementMissing, "metric %q", o.Metric)
			}
		}
		c.enter(Act, e.At)
	case Act:
		if c.decision == 0 {
			return c.fail(e, ErrDecisionMissing, "")
		}
		if c.anyMissed() && !slices.ContainsFunc(c.actions, func(a Action) bool { return a.Phase == Act }) {
			return c.fail(e, ErrFollowUpMissing, "")
		}
		if c.decision == Abandon {
			c.endReason = c.rationale
			c.enter(Abandoned, e.At)
		} else {
			c.enter(Closed, e.At)
		}
	}
	return nil
}

// latest returns the measurement of metric with the latest instant (the later recorded one on a
// tie).
func (c *Cycle) latest(metric string) (Measurement, bool) {
	if j, ok := c.latestAt[metric]; ok {
		return c.measurements[j], true
	}
	return Measurement{}, false
}

func (c *Cycle) anyMissed() bool {
	for _, r := range c.Results() {
		if !r.Achieved {
			return true
		}
	}
	return false
}

// Result is Check's verdict on one objective (the zero value is no verdict): the latest measurement and whether it meets the
// target in the metric's direction (exactly at target is met). Progress is the share of the
// planned improvement realised, (measured − baseline) / (target − baseline), exact: 1 at target,
// 0 at baseline, negative when the metric got worse.
// A plain value, safe for concurrent use.
type Result struct {
	Objective   Objective
	Measured    bool // false when the objective has no measurement yet
	Measurement Measurement
	Achieved    bool
	Progress    Value
}

// Results returns a verdict per objective, in the order the objectives were first set.
func (c Cycle) Results() []Result {
	out := make([]Result, 0, len(c.objectives))
	for _, o := range c.objectives {
		r := Result{Objective: o}
		if m, ok := c.latest(o.Metric); ok {
			r.Measured, r.Measurement = true, m
			r.Achieved = o.Direction.meets(m.Value, o.Target)
			// target ≠ baseline is guaranteed by the direction rule.
			p, _ := m.Value.r.Sub(o.Baseline.r).Quo(o.Target.r.Sub(o.Baseline.r))
			r.Progress = Value{r: p}
		}
		out = append(out, r)
	}
	return out
}

// ID returns the cycle's ID.
func (c Cycle) ID() string { return c.opening.ID }

// Subject returns what the cycle improves.
func (c Cycle) Subject() Subject { return c.opening.Subject }

// Title returns the cycle's title.
func (c Cycle) Title() string { return c.opening.Title }

// Item returns the ID of the register item the cycle realises, or "".
func (c Cycle) Item() string { return c.opening.Item }

// Predecessor returns the ID of the cycle this one was seeded from, or "".
func (c Cycle) Predecessor() string { return c.opening.Predecessor }

// Baselines returns the baselines seeded from the predecessor.
func (c Cycle) Baselines() []Baseline { return slices.Clone(c.opening.Baselines) }

// Phase returns the current phase.
func (c Cycle) Phase() Phase { return c.phase }

// Objectives returns the objectives in the order they were first set.
func (c Cycle) Objectives() []Objective { return slices.Clone(c.objectives) }

// MeasurementPlan returns the measurement plan, or "".
func (c Cycle) MeasurementPlan() string { return c.plan }

// Approval returns who approved the plan as it stands and when; ok is false when it is not
// approved (or was changed since).
func (c Cycle) Approval() (by string, at time.Time, ok bool) {
	return c.approvedBy, c.approvedAt, c.approvedBy != ""
}

// Actions returns planned actions and follow-ups in the order they were planned.
func (c Cycle) Actions() []Action { return slices.Clone(c.actions) }

// Measurements returns every measurement in the order recorded.
func (c Cycle) Measurements() []Measurement { return slices.Clone(c.measurements) }

// Decision returns Act's decision and its rationale (zero before Act decides).
func (c Cycle) Decision() (Decision, string) { return c.decision, c.rationale }

// EndReason returns why the cycle was abandoned, or "".
func (c Cycle) EndReason() string { return c.endReason }

// DoStarted returns when Do first began (zero before).
func (c Cycle) DoStarted() time.Time { return c.doStarted }

// OpenedAt returns the instant of the Opened event.
func (c Cycle) OpenedAt() time.Time {
	if len(c.events) == 0 {
		return time.Time{}
	}
	return c.events[0].At
}

// EndedAt returns when the cycle became Closed or Abandoned (zero while it runs).
func (c Cycle) EndedAt() time.Time {
	if !c.phase.Terminal() {
		return time.Time{}
	}
	return c.events[len(c.events)-1].At
}

// Periods returns every stay in a phase, in order; Check → Do adds a second Do period.
func (c Cycle) Periods() []PhasePeriod { return slices.Clone(c.periods) }

// Events returns the events that built the cycle, in order; Replay(c.Events()) rebuilds c.
func (c Cycle) Events() []Event {
	out := slices.Clone(c.events)
	for i := range out {
		out[i].Opening.Baselines = slices.Clone(out[i].Opening.Baselines)
	}
	return out
}
