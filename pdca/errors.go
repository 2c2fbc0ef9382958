package pdca

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// Sentinel errors, one per rule a cycle enforces. Every error from Apply, Replay, Open and Next
// is a *RuleError that wraps exactly one of them, so callers branch with errors.Is.
var (
	// ErrInvalidEvent: a field the event needs is missing or out of range (empty metric, no
	// deadline, unknown enumeration value, empty reason).
	ErrInvalidEvent = errors.New("invalid event")
	// ErrFirstEvent: the first event is not Opened, or Opened comes later.
	ErrFirstEvent = errors.New("opened must be the first event and only the first")
	// ErrTerminal: the cycle is closed or abandoned; nothing changes it any more.
	ErrTerminal = errors.New("cycle is terminal")
	// ErrPhase: the event is not allowed in the cycle's current phase.
	ErrPhase = errors.New("event not allowed in this phase")
	// ErrTimeReversed: the event is dated before the previous event.
	ErrTimeReversed = errors.New("event dated before the previous event")
	// ErrUnknownProcess: the subject names no process of the ISO/IEC 20000 catalogue.
	ErrUnknownProcess = errors.New("unknown ISO/IEC 20000 process")
	// ErrWrongDirection: the target is not strictly better than the baseline in the metric's
	// direction.
	ErrWrongDirection = errors.New("target not better than baseline in the metric's direction")
	// ErrSeedMismatch: an objective disagrees with the baseline seeded from the predecessor
	// (value, unit or direction).
	ErrSeedMismatch = errors.New("objective disagrees with the seeded baseline")
	// ErrUnknownMetric: no objective has this metric.
	ErrUnknownMetric = errors.New("no objective for this metric")
	// ErrUnitMismatch: a measurement's unit differs from its objective's unit.
	ErrUnitMismatch = errors.New("measurement unit differs from the objective's unit")
	// ErrMeasurementBeforeDo: a measurement is dated before Do began, so it cannot show the
	// effect of the change.
	ErrMeasurementBeforeDo = errors.New("measurement taken before Do began")
	// ErrMeasurementInFuture: a measurement is dated after the event that records it: a figure
	// cannot be recorded before it was taken, and as the verdict uses the latest measurement by
	// its own date, a future-dated one would override every real later one.
	ErrMeasurementInFuture = errors.New("measurement dated after the event recording it")
	// ErrDuplicateAction: an action with this ID exists already.
	ErrDuplicateAction = errors.New("duplicate action ID")
	// ErrUnknownAction: no action has this ID.
	ErrUnknownAction = errors.New("unknown action ID")
	// ErrActionClosed: the action is done or deferred already, or was planned in Act.
	ErrActionClosed = errors.New("action not open in Do")
	// ErrPlanIncomplete: leaving Plan needs at least one objective, a measurement plan and an
	// approval of the plan as it stands.
	ErrPlanIncomplete = errors.New("plan incomplete")
	// ErrActionsOpen: leaving Do needs every planned action done or explicitly deferred.
	ErrActionsOpen = errors.New("planned actions still open")
	// ErrMeasurementMissing: leaving Check needs a measurement, taken after Do began, for every
	// objective.
	ErrMeasurementMissing = errors.New("objective not measured")
	// ErrDecisionMissing: leaving Act needs a decision.
	ErrDecisionMissing = errors.New("no decision recorded")
	// ErrFollowUpMissing: leaving Act needs at least one follow-up action when an objective was
	// missed.
	ErrFollowUpMissing = errors.New("objective missed but no follow-up action")
	// ErrBrokenChain: predecessor links between cycles do not hold.
	ErrBrokenChain = errors.New("broken chain of cycles")
	// ErrNotSeedable: only a closed (not abandoned) cycle seeds the next one.
	ErrNotSeedable = errors.New("cycle cannot seed a successor")
)

// RuleError reports an event a cycle refused, naming the rule broken (Err, one of the sentinels
// above) and where: the cycle, the event's index in the replayed sequence (-1 for a single
// Apply), its kind and the phase the cycle was in. The zero value is not a meaningful error.
// Safe for concurrent use; it is not modified once returned.
type RuleError struct {
	Cycle  string
	Index  int
	Kind   EventKind
	Phase  Phase
	At     time.Time
	Err    error
	Detail string
	cause  error // an error from another package that the rule reports (itsm.ErrUnknownProcess)
}

func (e *RuleError) Error() string {
	where := fmt.Sprintf("pdca: cycle %q", e.Cycle)
	if e.Index >= 0 {
		where += fmt.Sprintf(", event %d", e.Index)
	}
	s := fmt.Sprintf("%s (%s in phase %s): %v", where, e.Kind, e.Phase, e.Err)
	if e.Phase == 0 { // refused before the cycle existed
		s = fmt.Sprintf("%s (%s): %v", where, e.Kind, e.Err)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	return s
}

// Unwrap returns the rule's sentinel, and the underlying error from another package when there
// is one (an unknown process also matches itsm.ErrUnknownProcess).
func (e *RuleError) Unwrap() []error {
	if e.cause != nil {
		return []error{e.Err, e.cause}
	}
	return []error{e.Err}
}

// DecodeError reports a JSON document DecodeCycle or a Register decoder refused, with the JSON
// path of the offending value ("events[3]"). The zero value is not a meaningful error.
// Safe for concurrent use; it is not modified once returned.
type DecodeError struct {
	Path string
	Err  error
}

func (e *DecodeError) Error() string {
	if e.Path == "" {
		return fmt.Sprintf("pdca: decode: %v", e.Err)
	}
	return fmt.Sprintf("pdca: decode %s: %v", e.Path, e.Err)
}

// Unwrap returns the underlying error.
func (e *DecodeError) Unwrap() error { return e.Err }

// processCause shows itsm's unknown-process error as the rest of pdca's own sentence: without
// itsm's prefix and without repeating "unknown ISO/IEC 20000 process", so the message reads
// `pdca: unknown ISO/IEC 20000 process "x" (want …)`. errors.Is still reaches itsm's sentinel.
type processCause struct{ err error }

func (p processCause) Error() string {
	s := strings.TrimPrefix(p.err.Error(), "itsm: ")
	return strings.TrimPrefix(s, ErrUnknownProcess.Error())
}

func (p processCause) Unwrap() error { return p.err }
