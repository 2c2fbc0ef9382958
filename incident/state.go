package incident

import (
	"errors"
	"fmt"
	"strings"
)

// State is the lifecycle state of an incident. The zero value is Unknown, which no valid
// incident has: it catches a forgotten assignment.
// It is a plain value, safe for concurrent use.
type State int

// Lifecycle states, in the order an incident normally moves through them.
const (
	Unknown State = iota
	New
	InProgress
	OnHold
	Resolved
	Closed
	Canceled
)

var stateNames = [...]string{"Unknown", "New", "In Progress", "On Hold", "Resolved", "Closed", "Canceled"}

// String returns the state's display name, e.g. "In Progress".
func (s State) String() string {
	if s < 0 || int(s) >= len(stateNames) {
		return fmt.Sprintf("State(%d)", int(s))
	}
	return stateNames[s]
}

// Terminal reports whether no lifecycle move leaves s (Closed and Canceled).
func (s State) Terminal() bool { return s == Closed || s == Canceled }

// Open reports whether work on an incident in state s is still owed: New, In Progress or On Hold.
func (s State) Open() bool { return s == New || s == InProgress || s == OnHold }

// HoldReason says what an incident in On Hold is waiting for. The zero value NoReason is the
// reason of every state other than On Hold.
// It is a plain value, safe for concurrent use.
type HoldReason int

// Hold reasons. AwaitingCaller is the one a caller's reply ends (see Incident.Reply).
const (
	NoReason HoldReason = iota
	AwaitingCaller
	AwaitingChange
	AwaitingProblem
	AwaitingVendor
	AwaitingEvidence
	OtherReason
)

var reasonNames = [...]string{"", "Awaiting Caller", "Awaiting Change", "Awaiting Problem", "Awaiting Vendor", "Awaiting Evidence", "Other"}

// String returns the reason's display name; NoReason prints as the empty string.
func (r HoldReason) String() string {
	if r < 0 || int(r) >= len(reasonNames) {
		return fmt.Sprintf("HoldReason(%d)", int(r))
	}
	return reasonNames[r]
}

// Status is a lifecycle state together with its on-hold reason. The zero value is invalid.
// A Status is a small comparable value, safe to copy and share.
// A plain value, safe for concurrent use.
type Status struct {
	State  State
	Reason HoldReason
}

// String returns e.g. "On Hold (Awaiting Vendor)" or "Resolved".
func (s Status) String() string {
	if s.Reason == NoReason {
		return s.State.String()
	}
	return s.State.String() + " (" + s.Reason.String() + ")"
}

// Validate reports whether s is a well-formed status: a known state; On Hold with a reason; any
// other state without one.
func (s Status) Validate() error {
	switch {
	case s.State <= Unknown || s.State > Canceled:
		return fmt.Errorf("incident: %w: %v", ErrInvalidStatus, s.State)
	case s.Reason < NoReason || s.Reason > OtherReason:
		return fmt.Errorf("incident: %w: %v", ErrInvalidStatus, s.Reason)
	case s.State == OnHold && s.Reason == NoReason:
		return fmt.Errorf("incident: %w: On Hold needs a reason", ErrInvalidStatus)
	case s.State != OnHold && s.Reason != NoReason:
		return fmt.Errorf("incident: %w: %v with hold reason %v", ErrInvalidStatus, s.State, s.Reason)
	}
	return nil
}

// Errors of the lifecycle. TransitionError wraps ErrIllegalMove or ErrTerminal.
var (
	ErrInvalidStatus = errors.New("invalid status")
	ErrIllegalMove   = errors.New("illegal move")
	ErrTerminal      = errors.New("incident is in a terminal state")
)

// TransitionError is an illegal lifecycle move: it names the incident, the action tried and the
// two states. It matches ErrTerminal when the incident was already Closed or Canceled, and
// ErrIllegalMove otherwise. The zero value describes no real move.
// Safe for concurrent use; it is not modified once returned.
type TransitionError struct {
	ID     string
	Action string // e.g. "reopen", "hold", "apply event"
	From   Status
	To     Status
}

func (e *TransitionError) Error() string {
	var b strings.Builder
	b.WriteString("incident: ")
	if e.ID != "" {
		b.WriteString(e.ID + ": ")
	}
	fmt.Fprintf(&b, "%s: %s → %s is not allowed", e.Action, e.From, e.To)
	if e.From.State.Terminal() {
		b.WriteString(" (" + e.From.State.String() + " is terminal)")
	}
	return b.String()
}

// Unwrap returns ErrTerminal or ErrIllegalMove.
func (e *TransitionError) Unwrap() error {
	if e.From.State.Terminal() {
		return ErrTerminal
	}
	return ErrIllegalMove
}

// allowed[from][to] lists the state changes the lifecycle permits. Staying in the same state is
// not a move and is handled separately (On Hold → On Hold with another reason is allowed).
var allowed = [...][7]bool{
	New:        {InProgress: true, OnHold: true, Resolved: true, Canceled: true},
	InProgress: {OnHold: true, Resolved: true, Canceled: true},
	OnHold:     {InProgress: true, OnHold: true, Resolved: true, Canceled: true},
	Resolved:   {InProgress: true, Closed: true},
	Closed:     {},
	Canceled:   {},
}

// CanMove reports whether the lifecycle permits going from one status to another. Both must be
// valid. Staying in the same non-terminal status is allowed (a field update, not a move); nothing
// at all is allowed from a terminal state.
func CanMove(from, to Status) bool {
	if from.Validate() != nil || to.Validate() != nil || from.State.Terminal() {
		return false
	}
	if from.State == to.State && from.State != OnHold {
		return true
	}
	return allowed[from.State][to.State]
}

// IsReopen reports whether moving from one state to another reopens a resolved incident: a
// return from Resolved to In Progress. Replay of a log also counts the (reported, impossible)
// return from Closed to work.
func IsReopen(from, to State) bool {
	return (from == Resolved || from == Closed) && (to == InProgress || to == OnHold || to == New)
}

// Vocabulary maps another tool's state names onto the lifecycle, as data. Keys are matched
// exactly after trimming spaces. The zero value maps nothing. A Vocabulary is a plain map: do not
// mutate one that other goroutines read.
type Vocabulary map[string]Status

// Lookup returns the status a foreign state name stands for.
func (v Vocabulary) Lookup(name string) (Status, bool) {
	s, ok := v[strings.TrimSpace(name)]
	return s, ok
}

// ServiceNowStates returns the vocabulary of the ServiceNow incident table as exported by the
// UCI event log (see doc.go, "State vocabularies"). "-100", a corrupt value in that log, is
// deliberately absent, so rows carrying it are reported as unusable. A new map is returned on
// every call.
func ServiceNowStates() Vocabulary {
	return Vocabulary{
		"New":                {State: New},
		"Active":             {State: InProgress},
		"In Progress":        {State: InProgress},
		"Awaiting User Info": {State: OnHold, Reason: AwaitingCaller},
		"Awaiting Caller":    {State: OnHold, Reason: AwaitingCaller},
		"Awaiting Change":    {State: OnHold, Reason: AwaitingChange},
		"Awaiting Problem":   {State: OnHold, Reason: AwaitingProblem},
		"Awaiting Vendor":    {State: OnHold, Reason: AwaitingVendor},
		"Awaiting Evidence":  {State: OnHold, Reason: AwaitingEvidence},
		"Resolved":           {State: Resolved},
		"Closed":             {State: Closed},
		"Canceled":           {State: Canceled},
		"Cancelled":          {State: Canceled},
	}
}
