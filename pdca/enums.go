package pdca

// Phase is where a cycle stands. Plan, Do, Check and Act are passed in that order; Closed and
// Abandoned are terminal. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Phase int

// Phases of a cycle, in order.
const (
	Plan Phase = iota + 1
	Do
	Check
	Act
	Closed
	Abandoned
)

var phaseNames = []string{"", "plan", "do", "check", "act", "closed", "abandoned"}

// String returns "plan", "do", "check", "act", "closed" or "abandoned".
func (p Phase) String() string { return enumString(phaseNames, int(p), "Phase") }

// Terminal reports whether no event can change a cycle in this phase.
func (p Phase) Terminal() bool { return p == Closed || p == Abandoned }

// MarshalText returns String(); an invalid phase is an *EnumError.
func (p Phase) MarshalText() ([]byte, error) { return enumMarshal(phaseNames, int(p), "Phase") }

// UnmarshalText accepts the text String returns.
func (p *Phase) UnmarshalText(b []byte) error {
	v, err := enumParse(phaseNames, b, "Phase")
	*p = Phase(v)
	return err
}

// Direction says which way a metric improves. The zero value is invalid, so a forgotten
// direction is caught when the objective is set.
// It is a plain value, safe for concurrent use.
type Direction int

// Directions of a metric.
const (
	HigherIsBetter Direction = iota + 1 // availability, first-contact resolution rate
	LowerIsBetter                       // MTTR, backlog, number of breaches
)

var directionNames = []string{"", "higher-is-better", "lower-is-better"}

// String returns "higher-is-better" or "lower-is-better".
func (d Direction) String() string { return enumString(directionNames, int(d), "Direction") }

// MarshalText returns String(); an invalid direction is an *EnumError.
func (d Direction) MarshalText() ([]byte, error) {
	return enumMarshal(directionNames, int(d), "Direction")
}

// UnmarshalText accepts the text String returns.
func (d *Direction) UnmarshalText(b []byte) error {
	v, err := enumParse(directionNames, b, "Direction")
	*d = Direction(v)
	return err
}

// better reports whether a is strictly better than b in direction d.
func (d Direction) better(a, b Value) bool {
	if d == HigherIsBetter {
		return a.Cmp(b) > 0
	}
	return a.Cmp(b) < 0
}

// meets reports whether measured is at target or better: exactly at target is met.
func (d Direction) meets(measured, target Value) bool {
	if d == HigherIsBetter {
		return measured.Cmp(target) >= 0
	}
	return measured.Cmp(target) <= 0
}

// Decision is what Act decides about the change that was tried. The zero value is "not decided".
// It is a plain value, safe for concurrent use.
type Decision int

// Decisions of the Act phase.
const (
	Adopt   Decision = iota + 1 // make the change the standard way of working
	Adapt                       // keep it with modifications; usually seeds a next cycle
	Abandon                     // roll it back; closing ends the cycle as Abandoned
)

var decisionNames = []string{"", "adopt", "adapt", "abandon"}

// String returns "adopt", "adapt" or "abandon".
func (d Decision) String() string { return enumString(decisionNames, int(d), "Decision") }

// MarshalText returns String(); an invalid decision is an *EnumError.
func (d Decision) MarshalText() ([]byte, error) {
	return enumMarshal(decisionNames, int(d), "Decision")
}

// UnmarshalText accepts the text String returns.
func (d *Decision) UnmarshalText(b []byte) error {
	v, err := enumParse(decisionNames, b, "Decision")
	*d = Decision(v)
	return err
}

// ActionStatus is the state of one action. The zero value is invalid; planned actions start Pending.
// It is a plain value, safe for concurrent use.
type ActionStatus int

// Action states.
const (
	Pending  ActionStatus = iota + 1
	Done                  // done in Do
	Deferred              // explicitly deferred in Do, with a reason
)

var actionStatusNames = []string{"", "pending", "done", "deferred"}

// String returns "pending", "done" or "deferred".
func (s ActionStatus) String() string {
	return enumString(actionStatusNames, int(s), "ActionStatus")
}

// MarshalText returns String(); an invalid status is an *EnumError.
func (s ActionStatus) MarshalText() ([]byte, error) {
	return enumMarshal(actionStatusNames, int(s), "ActionStatus")
}

// UnmarshalText accepts the text String returns.
func (s *ActionStatus) UnmarshalText(b []byte) error {
	v, err := enumParse(actionStatusNames, b, "ActionStatus")
	*s = ActionStatus(v)
	return err
}

// EventKind names what an Event does. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type EventKind int

// Event kinds. The comment says in which phases each is allowed.
const (
	Opened             EventKind = iota + 1 // first event only
	ObjectiveSet                            // Plan
	ObjectiveRemoved                        // Plan
	MeasurementPlanSet                      // Plan
	ActionPlanned                           // Plan (planned action) and Act (follow-up action)
	Approved                                // Plan
	Advanced                                // Plan→Do, Do→Check, Check→Act, Act→Closed or Abandoned
	ActionCompleted                         // Do
	ActionDeferred                          // Do
	Measured                                // Do, Check
	ReturnedToDo                            // Check → Do, to act again and re-measure
	Decided                                 // Act
	CycleAbandoned                          // any non-terminal phase
)

var eventKindNames = []string{"", "opened", "objective-set", "objective-removed", "measurement-plan-set",
	"action-planned", "approved", "advanced", "action-completed", "action-deferred", "measured",
	"returned-to-do", "decided", "abandoned"}

// String returns the kind's name in kebab case, e.g. "objective-set".
func (k EventKind) String() string { return enumString(eventKindNames, int(k), "EventKind") }

// MarshalText returns String(); an invalid kind is an *EnumError.
func (k EventKind) MarshalText() ([]byte, error) {
	return enumMarshal(eventKindNames, int(k), "EventKind")
}

// UnmarshalText accepts the text String returns.
func (k *EventKind) UnmarshalText(b []byte) error {
	v, err := enumParse(eventKindNames, b, "EventKind")
	*k = EventKind(v)
	return err
}

// SubjectKind is what a cycle improves. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type SubjectKind int

// Subject kinds.
const (
	SubjectProcess SubjectKind = iota + 1 // an ISO/IEC 20000 process of the itsm catalogue
	SubjectService                        // a service, by its ID in the caller's model
	SubjectSystem                         // the service management system as a whole
)

var subjectKindNames = []string{"", "process", "service", "system"}

// String returns "process", "service" or "system".
func (k SubjectKind) String() string { return enumString(subjectKindNames, int(k), "SubjectKind") }

// MarshalText returns String(); an invalid kind is an *EnumError.
func (k SubjectKind) MarshalText() ([]byte, error) {
	return enumMarshal(subjectKindNames, int(k), "SubjectKind")
}

// UnmarshalText accepts the text String returns.
func (k *SubjectKind) UnmarshalText(b []byte) error {
	v, err := enumParse(subjectKindNames, b, "SubjectKind")
	*k = SubjectKind(v)
	return err
}

// Source is where an improvement item came from. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Source int

// Sources of improvement items.
const (
	SourceIncidentReview Source = iota + 1
	SourceSLABreach
	SourceExerciseFinding
	SourceAudit
	SourceManagementReview
	SourceCustomer
)

var sourceNames = []string{"", "incident-review", "sla-breach", "exercise-finding", "audit",
	"management-review", "customer"}

// String returns the source's name in kebab case, e.g. "sla-breach".
func (s Source) String() string { return enumString(sourceNames, int(s), "Source") }

// MarshalText returns String(); an invalid source is an *EnumError.
func (s Source) MarshalText() ([]byte, error) { return enumMarshal(sourceNames, int(s), "Source") }

// UnmarshalText accepts the text String returns.
func (s *Source) UnmarshalText(b []byte) error {
	v, err := enumParse(sourceNames, b, "Source")
	*s = Source(v)
	return err
}

// Size is the estimated effort of an improvement item. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Size int

// Sizes, smallest first.
const (
	SizeSmall Size = iota + 1
	SizeMedium
	SizeLarge
)

var sizeNames = []string{"", "small", "medium", "large"}

// String returns "small", "medium" or "large".
func (s Size) String() string { return enumString(sizeNames, int(s), "Size") }

// MarshalText returns String(); an invalid size is an *EnumError.
func (s Size) MarshalText() ([]byte, error) { return enumMarshal(sizeNames, int(s), "Size") }

// UnmarshalText accepts the text String returns.
func (s *Size) UnmarshalText(b []byte) error {
	v, err := enumParse(sizeNames, b, "Size")
	*s = Size(v)
	return err
}

// Priority orders improvement items; higher values are more urgent. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Priority int

// Priorities, least urgent first.
const (
	PriorityLow Priority = iota + 1
	PriorityMedium
	PriorityHigh
	PriorityCritical
)

var priorityNames = []string{"", "low", "medium", "high", "critical"}

// String returns "low", "medium", "high" or "critical".
func (p Priority) String() string { return enumString(priorityNames, int(p), "Priority") }

// MarshalText returns String(); an invalid priority is an *EnumError.
func (p Priority) MarshalText() ([]byte, error) {
	return enumMarshal(priorityNames, int(p), "Priority")
}

// UnmarshalText accepts the text String returns.
func (p *Priority) UnmarshalText(b []byte) error {
	v, err := enumParse(priorityNames, b, "Priority")
	*p = Priority(v)
	return err
}

// ItemStatus is where an improvement item stands in the register. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type ItemStatus int

// Item states: Proposed → Approved (a cycle is open) → Completed; Proposed → Rejected.
const (
	ItemProposed ItemStatus = iota + 1
	ItemApproved
	ItemRejected
	ItemCompleted
)

var itemStatusNames = []string{"", "proposed", "approved", "rejected", "completed"}

// String returns "proposed", "approved", "rejected" or "completed".
func (s ItemStatus) String() string { return enumString(itemStatusNames, int(s), "ItemStatus") }

// MarshalText returns String(); an invalid status is an *EnumError.
func (s ItemStatus) MarshalText() ([]byte, error) {
	return enumMarshal(itemStatusNames, int(s), "ItemStatus")
}

// UnmarshalText accepts the text String returns.
func (s *ItemStatus) UnmarshalText(b []byte) error {
	v, err := enumParse(itemStatusNames, b, "ItemStatus")
	*s = ItemStatus(v)
	return err
}
