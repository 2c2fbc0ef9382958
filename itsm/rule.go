package itsm

// This file holds the data types of the status algebra that the model stores on its dependency
// groups. Their semantics (truth tables, evaluation) live in status.go and impact*.go.

// State is the observed or derived condition of a node, ordered from best to worst:
// Operational < Degraded < Unknown < Down. NotApplicable marks a dependency that does not count
// right now (outside its time window, planned, withdrawn); it is not part of the order and is
// skipped by every operator. The zero value is invalid on purpose, so a forgotten state is caught.
type State int

const (
	Operational State = iota + 1
	Degraded
	Unknown
	Down
	NotApplicable
)

// Operator is how a dependency group combines the states of its members.
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
// weight, for Weighted). Exactly one of Count and Percent is meaningful: Percent > 0 selects it.
type Threshold struct {
	Count   int `json:"count,omitempty"`
	Percent int `json:"percent,omitempty"`
}

// Rule is the operator of one dependency group with its thresholds. For AtLeast and Weighted the
// group is Down when fewer than DownBelow members are operational-or-degraded ("up"), and Degraded
// when fewer than DegradedBelow members are fully operational; the other operators ignore them.
type Rule struct {
	Op            Operator  `json:"op"`
	DegradedBelow Threshold `json:"degradedBelow,omitzero"`
	DownBelow     Threshold `json:"downBelow,omitzero"`
}

// MapKind is how one edge transforms its member's state before the group sees it.
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
type Mapping struct {
	Kind   MapKind `json:"kind,omitempty"`
	Levels int     `json:"levels,omitempty"`
	Fixed  State   `json:"fixed,omitempty"`
}
