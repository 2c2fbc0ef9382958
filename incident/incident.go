package incident

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Fields are the values of an incident that change during its life. Every history Event holds
// the Fields as they were right after it, so conditions can be evaluated on any point of the
// history. The zero value has state Unknown and is not a valid snapshot.
// A plain value, safe for concurrent use.
type Fields struct {
	Status
	Impact   Level
	Urgency  Level
	Priority Level
	Group    string // assignment group; "" when unassigned
	Assignee string // "" when no one is assigned
	Category string
	// Subcategory refines Category.
	Subcategory    string
	Major          bool   // major-incident flag
	ResolutionCode string // set when resolved; kept after a reopen as the last code given
}

// Event is one entry of an incident's history: who changed what, when, and the Fields after the
// change. An event whose Fields keep the state is a field update (reassignment, reprioritisation,
// a caller's comment), not a lifecycle move. The zero value is not a valid event.
// A plain value, safe for concurrent use.
type Event struct {
	At   time.Time
	By   string
	Seq  int // the source's update counter (ServiceNow sys_mod_count); 0 when not known
	Line int // line of the source file the event was read from; 0 when not imported
	Fields
}

// Incident is the record of one incident with its full history. It is a value: every action
// returns a new Incident and leaves the receiver unchanged, so an Incident may be read by many
// goroutines at once. The zero value is an empty record with no history, not a valid incident;
// start one with Open.
//
// IDs are plain strings here (not itsm.ID) so the importer can keep the source's identifiers
// verbatim; see doc.go.
type Incident struct {
	ID            string
	Service       string // the affected service, or a configuration item standing for it
	AccessPoint   string // where the caller reached the service (a location, a URL, …)
	Customer      string
	Caller        string // the user reporting the incident
	Channel       string // contact channel: phone, email, self service, …
	Opened        time.Time
	Fields                // current values: those of the last history event
	Reopens       int     // Resolved → In Progress moves (see IsReopen for replayed logs)
	Reassignments int     // changes of assignment group after the opening event
	History       []Event // in time order; History[0] is the opening event
}

// ErrOutOfOrder is returned when an event is dated before the last one in the history.
var ErrOutOfOrder = errors.New("event before the last history event")

// ErrNotOpened is returned by Evaluate and by every action on an incident that has no history
// (the zero Incident, or one not made with Open or the importer).
var ErrNotOpened = errors.New("incident not opened (no history; start one with Open)")

// ErrInvalidField is wrapped by every *FieldError.
var ErrInvalidField = errors.New("invalid field")

// FieldError reports a caller value refused by Open or by an action: an empty ID or actor, a
// zero instant, a level outside 0..MaxLevel, an opening status other than New. Field names the
// parameter or Fields member ("id", "by", "opened", "at", "impact", "urgency", "priority",
// "status"). It wraps ErrInvalidField. The zero value describes no field.
//
// Only construction from caller values is this strict: the importer keeps what the record says
// and reports anomalies instead (see doc.go).
// Safe for concurrent use; it is not modified once returned.
type FieldError struct {
	ID     string // the incident, "" when the ID itself is the problem
	Action string // "open", "start", "apply event", …
	Field  string
	Reason string // e.g. "is empty", "priority 5000 outside 0..1000 (0 = not given)"
}

func (e *FieldError) Error() string {
	var b strings.Builder
	b.WriteString("incident: ")
	if e.ID != "" {
		b.WriteString(e.ID + ": ")
	}
	b.WriteString(e.Action + ": " + ErrInvalidField.Error() + ": ")
	if !strings.HasPrefix(e.Reason, e.Field+" ") {
		b.WriteString(e.Field + " ")
	}
	b.WriteString(e.Reason)
	return b.String()
}

// Unwrap returns ErrInvalidField.
func (e *FieldError) Unwrap() error { return ErrInvalidField }

// checkEvent validates the caller values of one event: a real instant, a named actor and levels
// within 0..MaxLevel. timeField names the instant in the error ("opened" for Open, "at" after).
func checkEvent(id, action, timeField string, at time.Time, by string, f Fields) error {
	bad := func(field, reason string) error {
		return &FieldError{ID: id, Action: action, Field: field, Reason: reason}
	}
	if at.IsZero() {
		return bad(timeField, "is the zero time")
	}
	if strings.TrimSpace(by) == "" {
		return bad("by", "is empty (who made the change)")
	}
	for _, l := range []struct {
		name string
		v    Level
	}{{"impact", f.Impact}, {"urgency", f.Urgency}, {"priority", f.Priority}} {
		if l.v < 0 || l.v > MaxLevel {
			return bad(l.name, fmt.Sprintf("%s %d outside 0..%d (0 = not given)", l.name, int(l.v), MaxLevel))
		}
	}
	return nil
}

// Open starts an incident in state New at the given time. f gives the initial classification
// as recorded, priority included (OpenPrioritised derives the priority from a matrix);
// its Status must be New or zero (zero means New). id and by must not be empty (nor blank), at
// must not be the zero time, and impact, urgency and priority must lie in 0..MaxLevel (0 = not
// given); anything else is a *FieldError wrapping ErrInvalidField.
func Open(id string, at time.Time, by string, f Fields) (Incident, error) {
	if strings.TrimSpace(id) == "" {
		return Incident{}, &FieldError{Action: "open", Field: "id", Reason: "is empty"}
	}
	if f.Status == (Status{}) {
		f.Status = Status{State: New}
	}
	if f.Status != (Status{State: New}) {
		return Incident{}, &FieldError{ID: id, Action: "open", Field: "status", Reason: fmt.Sprintf("is %v; an incident opens New", f.Status)}
	}
	if err := checkEvent(id, "open", "opened", at, by, f); err != nil {
		return Incident{}, err
	}
	return Incident{ID: id, Opened: at, Fields: f, History: []Event{{At: at, By: by, Fields: f}}}, nil
}

// OpenPrioritised is Open with the priority derived from f's impact and urgency through m, as a
// service desk records a new incident: both must name a cell of m (else an error wrapping
// ErrOutsideMatrix), and a priority given in f that disagrees with the matrix is a *FieldError
// (a priority set by hand is Open's, or Reprioritise's after opening).
func OpenPrioritised(id string, at time.Time, by string, f Fields, m Matrix) (Incident, error) {
	p, err := m.Priority(f.Impact, f.Urgency)
	if err != nil {
		return Incident{}, fmt.Errorf("incident: %s: open: %w", id, quiet{err})
	}
	if f.Priority != 0 && f.Priority != p {
		return Incident{}, &FieldError{ID: id, Action: "open", Field: "priority",
			Reason: fmt.Sprintf("is %v; the matrix gives %v for impact %v, urgency %v", f.Priority, p, f.Impact, f.Urgency)}
	}
	f.Priority = p
	return Open(id, at, by, f)
}

// notOpened returns the ErrNotOpened error of action on inc, or nil when inc has a history.
func (inc Incident) notOpened(action string) error {
	if len(inc.History) > 0 {
		return nil
	}
	if inc.ID == "" {
		return fmt.Errorf("incident: %s: %w", action, ErrNotOpened)
	}
	return fmt.Errorf("incident: %s: %s: %w", inc.ID, action, ErrNotOpened)
}

// Apply returns the incident after ev: ev.Fields become the current fields and ev is appended to
// the history. A change of state must be a legal lifecycle move (CanMove); no event at all is
// accepted on a Closed or Canceled incident; ev may not be dated before the last event.
func (inc Incident) Apply(ev Event) (Incident, error) { return inc.apply(ev, "apply event") }

func (inc Incident) apply(ev Event, action string) (Incident, error) {
	if err := inc.notOpened(action); err != nil {
		return inc, err
	}
	if err := checkEvent(inc.ID, action, "at", ev.At, ev.By, ev.Fields); err != nil {
		return inc, err
	}
	if err := ev.Status.Validate(); err != nil {
		return inc, fmt.Errorf("incident: %s: %s: %w", inc.ID, action, quiet{err})
	}
	if !CanMove(inc.Status, ev.Status) {
		return inc, &TransitionError{ID: inc.ID, Action: action, From: inc.Status, To: ev.Status}
	}
	if last := inc.History[len(inc.History)-1].At; ev.At.Before(last) {
		return inc, fmt.Errorf("incident: %s: %s at %s: %w (%s)", inc.ID, action, ev.At.Format(time.RFC3339), ErrOutOfOrder, last.Format(time.RFC3339))
	}
	out := inc
	out.History = append(inc.History[:len(inc.History):len(inc.History)], ev)
	out.record(ev)
	return out, nil
}

// record updates the current fields and counters for ev, already appended to History.
func (inc *Incident) record(ev Event) {
	if IsReopen(inc.State, ev.State) {
		inc.Reopens++
	}
	if ev.Group != inc.Group {
		inc.Reassignments++
	}
	inc.Fields = ev.Fields
}

// next builds an event from the current fields with a new status.
func (inc Incident) next(at time.Time, by string, s Status) Event {
	f := inc.Fields
	f.Status = s
	return Event{At: at, By: by, Fields: f}
}

// Start moves a New incident to In Progress (work begins).
func (inc Incident) Start(at time.Time, by string) (Incident, error) {
	if err := inc.notOpened("start"); err != nil {
		return inc, err
	}
	if inc.State != New {
		return inc, &TransitionError{ID: inc.ID, Action: "start", From: inc.Status, To: Status{State: InProgress}}
	}
	return inc.apply(inc.next(at, by, Status{State: InProgress}), "start")
}

// Hold puts an open incident On Hold for a reason; reason must not be NoReason. Holding an
// incident already on hold changes its reason.
func (inc Incident) Hold(at time.Time, by string, reason HoldReason) (Incident, error) {
	return inc.apply(inc.next(at, by, Status{State: OnHold, Reason: reason}), "hold")
}

// Resume returns an On Hold incident to In Progress.
func (inc Incident) Resume(at time.Time, by string) (Incident, error) {
	if err := inc.notOpened("resume"); err != nil {
		return inc, err
	}
	if inc.State != OnHold {
		return inc, &TransitionError{ID: inc.ID, Action: "resume", From: inc.Status, To: Status{State: InProgress}}
	}
	return inc.apply(inc.next(at, by, Status{State: InProgress}), "resume")
}

// Reply records a reply from the caller. An incident On Hold awaiting the caller returns to In
// Progress; in any other open or resolved state the reply is recorded without changing the
// state. A Closed or Canceled incident takes no reply.
func (inc Incident) Reply(at time.Time, by string) (Incident, error) {
	s := inc.Status
	if s == (Status{State: OnHold, Reason: AwaitingCaller}) {
		s = Status{State: InProgress}
	}
	return inc.apply(inc.next(at, by, s), "caller reply")
}

// Resolve marks an open incident Resolved with a resolution code.
func (inc Incident) Resolve(at time.Time, by, code string) (Incident, error) {
	if err := inc.notOpened("resolve"); err != nil {
		return inc, err
	}
	if inc.State == Resolved {
		return inc, &TransitionError{ID: inc.ID, Action: "resolve", From: inc.Status, To: Status{State: Resolved}}
	}
	ev := inc.next(at, by, Status{State: Resolved})
	ev.ResolutionCode = code
	return inc.apply(ev, "resolve")
}

// Reopen returns a Resolved incident to In Progress and counts a reopen.
func (inc Incident) Reopen(at time.Time, by string) (Incident, error) {
	if err := inc.notOpened("reopen"); err != nil {
		return inc, err
	}
	if inc.State != Resolved {
		return inc, &TransitionError{ID: inc.ID, Action: "reopen", From: inc.Status, To: Status{State: InProgress}}
	}
	return inc.apply(inc.next(at, by, Status{State: InProgress}), "reopen")
}

// Close closes a Resolved incident; Closed is terminal.
func (inc Incident) Close(at time.Time, by string) (Incident, error) {
	return inc.apply(inc.next(at, by, Status{State: Closed}), "close")
}

// Cancel cancels an open incident; Canceled is terminal.
func (inc Incident) Cancel(at time.Time, by string) (Incident, error) {
	return inc.apply(inc.next(at, by, Status{State: Canceled}), "cancel")
}

// Assign sets the assignment group and assignee. Any change of group after the opening event
// counts as a reassignment, a first assignment too (the ServiceNow reassignment_count rule, which
// the UCI log bears out for 24,827 of 24,918 incidents).
func (inc Incident) Assign(at time.Time, by, group, assignee string) (Incident, error) {
	ev := inc.next(at, by, inc.Status)
	ev.Group, ev.Assignee = group, assignee
	return inc.apply(ev, "assign")
}

// MarkMajor sets or clears the major-incident flag (escalation to the major-incident
// procedure).
func (inc Incident) MarkMajor(at time.Time, by string, major bool) (Incident, error) {
	ev := inc.next(at, by, inc.Status)
	ev.Major = major
	return inc.apply(ev, "mark major")
}

// Reprioritise sets impact and urgency and derives the priority through m.
func (inc Incident) Reprioritise(at time.Time, by string, impact, urgency Level, m Matrix) (Incident, error) {
	if err := inc.notOpened("reprioritise"); err != nil {
		return inc, err
	}
	p, err := m.Priority(impact, urgency)
	if err != nil {
		return inc, fmt.Errorf("incident: %s: reprioritise: %w", inc.ID, quiet{err})
	}
	ev := inc.next(at, by, inc.Status)
	ev.Impact, ev.Urgency, ev.Priority = impact, urgency, p
	return inc.apply(ev, "reprioritise")
}

// Acknowledged returns when the incident first left New (work started, put on hold or resolved
// straight away), and false if it never did.
func (inc Incident) Acknowledged() (time.Time, bool) {
	for _, ev := range inc.History {
		if ev.State != New {
			return ev.At, true
		}
	}
	return time.Time{}, false
}

// ResolvedAt returns when the incident last moved into Resolved, and false if it is not
// resolved now (still open, reopened, or canceled). A Closed incident reports the resolution
// that preceded its closure.
func (inc Incident) ResolvedAt() (time.Time, bool) {
	if inc.State != Resolved && inc.State != Closed {
		return time.Time{}, false
	}
	var at time.Time
	ok := false
	prev := Unknown
	for _, ev := range inc.History {
		if ev.State == Resolved && prev != Resolved {
			at, ok = ev.At, true
		}
		prev = ev.State
	}
	return at, ok
}

// ClosedAt returns when the incident reached its terminal state (Closed or Canceled), and false
// if it is not in one or has no history.
func (inc Incident) ClosedAt() (time.Time, bool) {
	if !inc.State.Terminal() || len(inc.History) == 0 {
		return time.Time{}, false
	}
	for i := len(inc.History) - 1; i > 0; i-- {
		if !inc.History[i-1].State.Terminal() {
			return inc.History[i].At, true
		}
	}
	return inc.History[0].At, true
}
