package incident

import (
	"slices"
	"strings"
)

// Condition is a test on one point of an incident's history: the fields after an event, and the
// fields before it (prev is nil at the opening event). Timer definitions are built from
// conditions. The zero value never matches, so an unset condition in a Definition is "never".
// A Condition is immutable and safe for concurrent use.
type Condition struct {
	name string
	f    func(prev *Fields, cur *Fields) bool
}

// Match reports whether the condition holds for an event with fields cur, preceded by prev (nil
// at the opening event). A nil cur matches nothing.
func (c Condition) Match(prev, cur *Fields) bool { return c.f != nil && cur != nil && c.f(prev, cur) }

// IsZero reports whether c is the zero Condition, which never matches.
func (c Condition) IsZero() bool { return c.f == nil }

// String describes the condition, e.g. `state in (Resolved, Closed)`; "never" for the zero value.
func (c Condition) String() string {
	if c.f == nil {
		return "never"
	}
	return c.name
}

// Func wraps an arbitrary predicate as a condition, with a description for explanations.
func Func(name string, f func(prev, cur *Fields) bool) Condition {
	if f == nil {
		return Condition{}
	}
	return Condition{name: name, f: f}
}

// Always matches every event.
func Always() Condition {
	return Condition{name: "always", f: func(*Fields, *Fields) bool { return true }}
}

// InState matches events after which the incident is in one of the states.
func InState(states ...State) Condition {
	states = slices.Clone(states)
	names := make([]string, len(states))
	for i, s := range states {
		names[i] = s.String()
	}
	return Condition{
		name: "state in (" + strings.Join(names, ", ") + ")",
		f:    func(_, cur *Fields) bool { return slices.Contains(states, cur.State) },
	}
}

// OnHoldFor matches events after which the incident is On Hold for one of the reasons; with no
// reasons it matches On Hold for any reason.
func OnHoldFor(reasons ...HoldReason) Condition {
	reasons = slices.Clone(reasons)
	names := make([]string, len(reasons))
	for i, r := range reasons {
		names[i] = r.String()
	}
	name := "on hold"
	if len(reasons) > 0 {
		name += " for (" + strings.Join(names, ", ") + ")"
	}
	return Condition{name: name, f: func(_, cur *Fields) bool {
		return cur.State == OnHold && (len(reasons) == 0 || slices.Contains(reasons, cur.Reason))
	}}
}

// PriorityIn matches events after which the incident's priority is one of the levels.
func PriorityIn(levels ...Level) Condition {
	levels = slices.Clone(levels)
	names := make([]string, len(levels))
	for i, l := range levels {
		names[i] = l.String()
	}
	return Condition{
		name: "priority in (" + strings.Join(names, ", ") + ")",
		f:    func(_, cur *Fields) bool { return slices.Contains(levels, cur.Priority) },
	}
}

// Field names a field of an incident for Changed.
// The zero Field is invalid.
// It is a plain value, safe for concurrent use.
type Field int

// Fields that Changed can watch.
const (
	FieldState Field = iota + 1
	FieldPriority
	FieldImpact
	FieldUrgency
	FieldGroup
	FieldAssignee
	FieldCategory
)

var fieldNames = [...]string{"", "state", "priority", "impact", "urgency", "group", "assignee", "category"}

// String returns the field's name in lower case.
func (f Field) String() string {
	if f <= 0 || int(f) >= len(fieldNames) {
		return "field?"
	}
	return fieldNames[f]
}

func (f Field) differs(a, b *Fields) bool {
	switch f {
	case FieldState:
		return a.Status != b.Status
	case FieldPriority:
		return a.Priority != b.Priority
	case FieldImpact:
		return a.Impact != b.Impact
	case FieldUrgency:
		return a.Urgency != b.Urgency
	case FieldGroup:
		return a.Group != b.Group
	case FieldAssignee:
		return a.Assignee != b.Assignee
	case FieldCategory:
		return a.Category != b.Category
	}
	return false
}

// Changed matches events that changed the field (never the opening event).
func Changed(f Field) Condition {
	return Condition{name: f.String() + " changed", f: func(prev, cur *Fields) bool {
		return prev != nil && f.differs(prev, cur)
	}}
}

// All matches when every condition matches (and when there are none).
func All(cs ...Condition) Condition {
	cs = slices.Clone(cs)
	return Condition{name: join("all of", cs), f: func(p, c *Fields) bool {
		for _, x := range cs {
			if !x.Match(p, c) {
				return false
			}
		}
		return true
	}}
}

// Any matches when at least one condition matches (never when there are none).
func Any(cs ...Condition) Condition {
	cs = slices.Clone(cs)
	return Condition{name: join("any of", cs), f: func(p, c *Fields) bool {
		for _, x := range cs {
			if x.Match(p, c) {
				return true
			}
		}
		return false
	}}
}

// Not matches when c does not; Not of the zero Condition matches always.
func Not(c Condition) Condition {
	return Condition{name: "not " + c.String(), f: func(p, cur *Fields) bool { return !c.Match(p, cur) }}
}

func join(op string, cs []Condition) string {
	names := make([]string, len(cs))
	for i, c := range cs {
		names[i] = c.String()
	}
	return op + " (" + strings.Join(names, "; ") + ")"
}
