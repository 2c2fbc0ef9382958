package itsm

import "strconv"

// This file holds the data types of the status algebra that the model stores on its dependency
// groups. Their semantics (truth tables, evaluation) live in status.go and impact*.go.

// State is the observed or derived condition of a node, ordered from best to worst:
// Operational < Degraded < Unknown < Down. NotApplicable marks a dependency that does not count
// right now (outside its time window, planned, withdrawn); it is not part of the order and is
// skipped by every operator. The zero value is invalid on purpose, so a forgotten state is caught.
// It is a plain value, safe for concurrent use.
type State int

const (
	Operational State = iota + 1
	Degraded
	Unknown
	Down
	NotApplicable
)

// Operator is how a dependency group combines the states of its members.
// The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Operator int

const (
	// AllOf: the group is as bad as its worst member (serial dependency).
	AllOf Operator = iota + 1
	// AnyOf: the group is as good as its best member (full redundancy).
	AnyOf
	// AtLeast: thresholds on how many (or what percent / weight) of the members are healthy.
	AtLeast
	// Weighted: like AtLeast but each member counts with its edge weight.
	Weighted
	// Invert: operational when the single member is down and the other way round; not monotone.
	Invert
)

// Threshold is a count or a whole percentage of the applicable members (or of their total
// weight, for Weighted). At most one of Count and Percent is set (both is ErrThreshold); neither
// is negative and Percent is at most 100. The zero value is unset: it never triggers.
// A plain value, safe for concurrent use.
type Threshold struct {
	Count   int `json:"count,omitempty"`
	Percent int `json:"percent,omitempty"`
}

// Rule is the operator of one dependency group with its thresholds. For AtLeast and Weighted the
// group is Down when fewer than DownBelow members are operational-or-degraded ("up"), and Degraded
// when fewer than DegradedBelow members are fully operational; the other operators use no
// thresholds, and one set on them is ErrThreshold (it would silently mean nothing). An unset
// threshold never triggers; counts are capped at the applicable members (see the package doc,
// "Truth tables"). A negative threshold, one setting both a count and a percent, or a percent over
// 100 is ErrThreshold under every operator.
// The zero value has no operator and is invalid.
// A plain value, safe for concurrent use.
type Rule struct {
	Op            Operator  `json:"op"`
	DegradedBelow Threshold `json:"degradedBelow,omitzero"`
	DownBelow     Threshold `json:"downBelow,omitzero"`
}

// MapKind is how one edge transforms its member's state before the group sees it.
// The zero value is AsIs.
// It is a plain value, safe for concurrent use.
type MapKind int

const (
	// AsIs passes the state unchanged (the zero value, so an unset mapping means "as is").
	AsIs MapKind = iota
	// Raise makes the state worse by Levels steps, capped at Down.
	Raise
	// Lower makes the state better by Levels steps, floored at Operational.
	Lower
	// Ignore turns the member into NotApplicable.
	Ignore
	// Fixed replaces the state with Fixed.
	Fixed
)

// Mapping is the per-edge transformation. The zero value is AsIs.
// A plain value, safe for concurrent use.
type Mapping struct {
	Kind   MapKind `json:"kind,omitempty"`
	Levels int     `json:"levels,omitempty"`
	Fixed  State   `json:"fixed,omitempty"`
}

// The text forms below are what the JSON document format and error messages use. They are
// lower-case, hyphenated and stable; the zero or out-of-range values have a Go-syntax String form
// and refuse to marshal, so an invalid value never reaches a document silently.

var stateNames = [...]string{
	Operational:   "operational",
	Degraded:      "degraded",
	Unknown:       "unknown",
	Down:          "down",
	NotApplicable: "not-applicable",
}

var operatorNames = [...]string{
	AllOf:    "all-of",
	AnyOf:    "any-of",
	AtLeast:  "at-least",
	Weighted: "weighted",
	Invert:   "invert",
}

var mapKindNames = [...]string{
	AsIs:   "as-is",
	Raise:  "raise",
	Lower:  "lower",
	Ignore: "ignore",
	Fixed:  "fixed",
}

// EnumError reports a text that names no value of an enumeration (State, Operator, MapKind), or
// an out-of-range value asked to marshal itself.
// The zero value names no enumeration.
// Safe for concurrent use; it is not modified once returned.
type EnumError struct {
	Type string // "State", "Operator" or "MapKind"
	Text string // the offending text, or the Go form of the offending value
}

func (e *EnumError) Error() string {
	return "itsm: invalid " + e.Type + " " + strconv.Quote(e.Text)
}

func enumString(names []string, v int, typ string) (string, bool) {
	if v >= 0 && v < len(names) && names[v] != "" {
		return names[v], true
	}
	return typ + "(" + strconv.Itoa(v) + ")", false
}

func enumParse(names []string, text []byte, typ string) (int, error) {
	for i, n := range names {
		if n != "" && n == string(text) {
			return i, nil
		}
	}
	return 0, &EnumError{Type: typ, Text: string(text)}
}

// Valid reports whether s is one of the five named states.
func (s State) Valid() bool { _, ok := enumString(stateNames[:], int(s), "State"); return ok }

// String returns the text form ("operational", "degraded", "unknown", "down", "not-applicable"),
// or "State(n)" for an invalid value.
func (s State) String() string { str, _ := enumString(stateNames[:], int(s), "State"); return str }

// MarshalText returns the text form; an invalid state is an *EnumError.
func (s State) MarshalText() ([]byte, error) {
	str, ok := enumString(stateNames[:], int(s), "State")
	if !ok {
		return nil, &EnumError{Type: "State", Text: str}
	}
	return []byte(str), nil
}

// UnmarshalText parses the text form; anything else is an *EnumError and leaves s unchanged.
func (s *State) UnmarshalText(text []byte) error {
	v, err := enumParse(stateNames[:], text, "State")
	if err != nil {
		return err
	}
	*s = State(v)
	return nil
}

// Valid reports whether o is one of the five operators.
func (o Operator) Valid() bool { _, ok := enumString(operatorNames[:], int(o), "Operator"); return ok }

// Monotone reports whether a worse member state can never give a better group state. Only Invert
// is not monotone; it is rejected inside a cycle.
func (o Operator) Monotone() bool { return o != Invert }

// String returns the text form ("all-of", "any-of", "at-least", "weighted", "invert"), or
// "Operator(n)" for an invalid value.
func (o Operator) String() string {
	str, _ := enumString(operatorNames[:], int(o), "Operator")
	return str
}

// MarshalText returns the text form; an invalid operator is an *EnumError.
func (o Operator) MarshalText() ([]byte, error) {
	str, ok := enumString(operatorNames[:], int(o), "Operator")
	if !ok {
		return nil, &EnumError{Type: "Operator", Text: str}
	}
	return []byte(str), nil
}

// UnmarshalText parses the text form; anything else is an *EnumError and leaves o unchanged.
func (o *Operator) UnmarshalText(text []byte) error {
	v, err := enumParse(operatorNames[:], text, "Operator")
	if err != nil {
		return err
	}
	*o = Operator(v)
	return nil
}

// Valid reports whether k is one of the five mapping kinds.
func (k MapKind) Valid() bool { _, ok := enumString(mapKindNames[:], int(k), "MapKind"); return ok }

// String returns the text form ("as-is", "raise", "lower", "ignore", "fixed"), or "MapKind(n)"
// for an invalid value.
func (k MapKind) String() string {
	str, _ := enumString(mapKindNames[:], int(k), "MapKind")
	return str
}

// MarshalText returns the text form; an invalid kind is an *EnumError.
func (k MapKind) MarshalText() ([]byte, error) {
	str, ok := enumString(mapKindNames[:], int(k), "MapKind")
	if !ok {
		return nil, &EnumError{Type: "MapKind", Text: str}
	}
	return []byte(str), nil
}

// UnmarshalText parses the text form; anything else is an *EnumError and leaves k unchanged.
func (k *MapKind) UnmarshalText(text []byte) error {
	v, err := enumParse(mapKindNames[:], text, "MapKind")
	if err != nil {
		return err
	}
	*k = MapKind(v)
	return nil
}
