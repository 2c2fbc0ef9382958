package itsm

import (
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Flags travel beside a State: they say how a problem is being handled or how trustworthy the
// answer is, without changing the order of states. The zero value is "no flags". Flags is a plain
// value, safe for concurrent use.
type Flags uint8

const (
	// InMaintenance: the node is in planned maintenance (a downtime).
	InMaintenance Flags = 1 << iota
	// Acknowledged: someone has acknowledged the node's problem.
	Acknowledged
	// Missing: the node is missing from the inventory (discovered but not recorded, or recorded
	// but no longer found), so its state is less trustworthy.
	Missing
)

// handledFlags are the flags that mark a problem as handled by someone.
const handledFlags = InMaintenance | Acknowledged

// String lists the flags joined by "+" ("maintenance+acknowledged"), or "none".
func (f Flags) String() string {
	if f == 0 {
		return "none"
	}
	var parts []string
	for _, p := range flagNames {
		if f&p.f != 0 {
			parts = append(parts, p.name)
		}
	}
	if rest := f &^ (InMaintenance | Acknowledged | Missing); rest != 0 {
		parts = append(parts, fmt.Sprintf("Flags(%#x)", uint8(rest)))
	}
	return strings.Join(parts, "+")
}

var flagNames = []struct {
	f    Flags
	name string
}{{InMaintenance, "maintenance"}, {Acknowledged, "acknowledged"}, {Missing, "missing"}}

// MarshalText returns the String form; flags outside the three defined ones are an *EnumError.
func (f Flags) MarshalText() ([]byte, error) {
	if err := f.validate(); err != nil {
		return nil, err
	}
	return []byte(f.String()), nil
}

// validate reports flags outside the three defined ones as an *EnumError.
func (f Flags) validate() error {
	if f&^(InMaintenance|Acknowledged|Missing) != 0 {
		return &EnumError{Type: "Flags", Text: f.String()}
	}
	return nil
}

// UnmarshalText parses "none" or names joined by "+" ("maintenance+acknowledged"); anything else
// is an *EnumError and leaves f unchanged.
func (f *Flags) UnmarshalText(text []byte) error {
	if string(text) == "none" || len(text) == 0 {
		*f = 0
		return nil
	}
	var out Flags
	for _, part := range strings.Split(string(text), "+") {
		i := slices.IndexFunc(flagNames, func(n struct {
			f    Flags
			name string
		}) bool {
			return n.name == part
		})
		if i < 0 {
			return &EnumError{Type: "Flags", Text: string(text)}
		}
		out |= flagNames[i].f
	}
	*f = out
	return nil
}

// Status is a state with its flags: what an observation reports and what evaluation derives.
// The zero value has an invalid State and is rejected where a status is read.
// A plain value, safe for concurrent use.
type Status struct {
	State State `json:"state"`
	Flags Flags `json:"flags,omitempty"`
}

// String is the state, followed by the flags in brackets when there are any ("down[maintenance]").
func (s Status) String() string {
	if s.Flags == 0 {
		return s.State.String()
	}
	return s.State.String() + "[" + s.Flags.String() + "]"
}

// UnknownPolicy says how a group reads a member whose state is Unknown. The zero value is the
// default, UnknownUncertain.
// It is a plain value, safe for concurrent use.
type UnknownPolicy int

const (
	// UnknownUncertain (default): an unknown member could be anything from operational to down.
	// The group is evaluated twice, once with unknown members read as operational and once as
	// down; if both agree, that is the answer; if the worst case is at most degraded, the worst
	// case is the answer; otherwise the group is Unknown. Unknown therefore only spreads when it
	// could change the answer.
	UnknownUncertain UnknownPolicy = iota
	// UnknownAsDown reads an unknown member as down (pessimistic).
	UnknownAsDown
	// UnknownAsOperational reads an unknown member as operational (optimistic).
	UnknownAsOperational
	// UnknownIgnored reads an unknown member as not applicable (it drops out of the group).
	UnknownIgnored
)

var unknownPolicyNames = [...]string{"uncertain", "as-down", "as-operational", "ignored"}

// String returns the policy's name ("uncertain", "as-down", ...).
func (p UnknownPolicy) String() string {
	if p >= 0 && int(p) < len(unknownPolicyNames) {
		return unknownPolicyNames[p]
	}
	return fmt.Sprintf("UnknownPolicy(%d)", int(p))
}

// HandledPolicy says how a group reads a member that carries a handled flag (in maintenance, or
// acknowledged). In a model evaluation the flag is the member's own observed one; a flag a node
// only derived from its causes never changes how it is counted (its causes were already counted
// under the same policy). The zero value is the default, HandledKeepState.
// It is a plain value, safe for concurrent use.
type HandledPolicy int

const (
	// HandledKeepState (default): the member counts with its state; the flag travels up to
	// every node whose state it decides, so consumers can tell a handled outage from an unhandled
	// one without the algebra hiding either.
	HandledKeepState HandledPolicy = iota
	// HandledAsOperational reads a handled member as operational (Icinga Business Process's
	// --downtime-is-ok / --ack-is-ok; Alignak's business rules always do this).
	HandledAsOperational
	// HandledIgnored reads a handled member as not applicable (it drops out of the group).
	HandledIgnored
)

var handledPolicyNames = [...]string{"keep-state", "as-operational", "ignored"}

// String returns the policy's name ("keep-state", "as-operational", "ignored").
func (p HandledPolicy) String() string {
	if p >= 0 && int(p) < len(handledPolicyNames) {
		return handledPolicyNames[p]
	}
	return fmt.Sprintf("HandledPolicy(%d)", int(p))
}

// Policy gathers the explicit reading choices of the status algebra. The zero value is the
// documented default: unknown is uncertain, handled states keep their state, and a leaf without an
// observation is Operational. Policy is a plain value, safe for concurrent use.
type Policy struct {
	Unknown      UnknownPolicy
	Maintenance  HandledPolicy
	Acknowledged HandledPolicy
	// Unobserved is the state of a leaf (a node with no dependency groups) that has no
	// observation. The zero value means Operational: observations are the changes from normal.
	// Set Unknown to treat "no data" as no data.
	Unobserved State
}

// ErrPolicy: a Policy field holds a value outside its enumeration.
var ErrPolicy = errors.New("itsm: invalid policy")

// Validate reports an invalid policy (wrapping ErrPolicy).
func (p Policy) Validate() error {
	switch {
	case p.Unknown < UnknownUncertain || p.Unknown > UnknownIgnored:
		return fmt.Errorf("%w: unknown policy %v", ErrPolicy, p.Unknown)
	case p.Maintenance < HandledKeepState || p.Maintenance > HandledIgnored:
		return fmt.Errorf("%w: maintenance policy %v", ErrPolicy, p.Maintenance)
	case p.Acknowledged < HandledKeepState || p.Acknowledged > HandledIgnored:
		return fmt.Errorf("%w: acknowledged policy %v", ErrPolicy, p.Acknowledged)
	case p.Unobserved != 0 && !p.Unobserved.Valid():
		return fmt.Errorf("%w: unobserved state %v", ErrPolicy, p.Unobserved)
	}
	return nil
}

func (p Policy) unobserved() State {
	if p.Unobserved == 0 {
		return Operational
	}
	return p.Unobserved
}

// severity steps of Raise and Lower: Unknown is not a step (see Apply). Raise leaves operational
// alone, and from any problem state, Unknown included (its worst case), one step already reaches
// Down.
func stepUp(s State, n int) State {
	if s == Operational || n <= 0 {
		return s
	}
	return Down
}

func stepDown(s State, n int) State {
	if s == Unknown {
		s = Down
	}
	for ; n > 0 && s != Operational; n-- {
		if s == Down {
			s = Degraded
		} else {
			s = Operational
		}
	}
	return s
}

// Apply transforms a member's state as the edge mapping says. Raise and Lower step along the
// severities Operational – Degraded – Down. Raise only worsens a problem: an operational member
// stays operational (as Zabbix's "increase by n" propagation rule does), so a mapping never makes
// a healthy member look bad. An Unknown member is stepped from its worst case, Down, so both stay
// monotone: Lower 1 of Unknown is Degraded ("this dependency can at worst degrade us", as the
// unknown rule says); Raise n of Unknown is Down, where the unknown rule alone would say Unknown
// (the member might be operational), because Raise of Degraded is Down and Unknown ranks above
// Degraded (see the package doc, "Edge mappings"). NotApplicable passes through every kind except
// Fixed.
func (mp Mapping) Apply(s State) State {
	if s == NotApplicable && mp.Kind != Fixed {
		return s
	}
	switch mp.Kind {
	case Raise:
		return stepUp(s, mp.Levels)
	case Lower:
		return stepDown(s, mp.Levels)
	case Ignore:
		return NotApplicable
	case Fixed:
		return mp.Fixed
	}
	return s
}

// effective is the state a group sees for a member: the handled policies, the unknown policy,
// the edge mapping, and the unknown policy again (for a Fixed mapping to Unknown). The unknown
// policy reads the member before the mapping steps it, so a Raise or Lower edge never overrides
// the policy's reading (an unknown member read as operational stays operational behind "raise 1").
func effective(st Status, mp Mapping, p *Policy) State {
	s := st.State
	if st.Flags&InMaintenance != 0 {
		s = handled(s, p.Maintenance)
	}
	if st.Flags&Acknowledged != 0 {
		s = handled(s, p.Acknowledged)
	}
	s = p.readUnknown(s)
	if mp.Kind != AsIs {
		s = p.readUnknown(mp.Apply(s))
	}
	return s
}

// readUnknown is the unknown policy's reading of a state (only Unknown changes; under the default
// UnknownUncertain it stays Unknown, for the group to decide twice).
func (p *Policy) readUnknown(s State) State {
	if s == Unknown {
		switch p.Unknown {
		case UnknownAsDown:
			return Down
		case UnknownAsOperational:
			return Operational
		case UnknownIgnored:
			return NotApplicable
		}
	}
	return s
}

func handled(s State, hp HandledPolicy) State {
	if s == NotApplicable {
		return s
	}
	switch hp {
	case HandledAsOperational:
		return Operational
	case HandledIgnored:
		return NotApplicable
	}
	return s
}

// Counts are how many members (or how much member weight) a group saw in each effective state.
// The zero value is an empty tally.
// A plain value, safe for concurrent use.
type Counts struct {
	Operational   int `json:"operational,omitempty"`
	Degraded      int `json:"degraded,omitempty"`
	Unknown       int `json:"unknown,omitempty"`
	Down          int `json:"down,omitempty"`
	NotApplicable int `json:"notApplicable,omitempty"`
}

func (c *Counts) add(s State, w int) {
	switch s {
	case Operational:
		c.Operational += w
	case Degraded:
		c.Degraded += w
	case Unknown:
		c.Unknown += w
	case Down:
		c.Down += w
	default:
		c.NotApplicable += w
	}
}

// Applicable is the number (or weight) of members that count: all but the not-applicable ones.
func (c Counts) Applicable() int { return c.Operational + c.Degraded + c.Unknown + c.Down }

// Up is the number (or weight) of members that are operational or degraded.
func (c Counts) Up() int { return c.Operational + c.Degraded }

// String reads like "2 operational, 1 down of 3 applicable".
func (c Counts) String() string {
	var parts []string
	for _, p := range []struct {
		n    int
		name string
	}{{c.Operational, "operational"}, {c.Degraded, "degraded"}, {c.Unknown, "unknown"}, {c.Down, "down"}} {
		if p.n != 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.name))
		}
	}
	s := strings.Join(parts, ", ")
	if s == "" {
		s = "none"
	}
	s += fmt.Sprintf(" of %d applicable", c.Applicable())
	if c.NotApplicable != 0 {
		s += fmt.Sprintf(" (%d not applicable)", c.NotApplicable)
	}
	return s
}

// need turns a threshold into a number of members (or weight) out of n applicable: a percent
// rounds up (fewer than 50 % of 3 means fewer than 2), a count is capped at n so that members that
// do not apply right now never count against the group. The unset threshold is zero: "fewer than
// zero" never holds, so that state is never reached through this threshold.
func need(t Threshold, n int) int {
	if t.Percent > 0 {
		// In int64: n can be a total weight up to MaxWeight, and 100 × MaxWeight overflows a
		// 32-bit int. The result is at most n, so it fits back.
		return int((int64(t.Percent)*int64(n) + 99) / 100)
	}
	return min(t.Count, n)
}

// decideKnown is the operator on a tally without unknown members.
func decideKnown(r Rule, c Counts) State {
	switch r.Op {
	case AllOf, Invert:
		switch {
		case c.Down > 0:
			return Down
		case c.Degraded > 0:
			return Degraded
		}
		return Operational
	case AnyOf:
		switch {
		case c.Operational > 0:
			return Operational
		case c.Degraded > 0:
			return Degraded
		}
		return Down
	default: // AtLeast, Weighted
		n := c.Applicable()
		switch {
		case c.Up() < need(r.DownBelow, n):
			return Down
		case c.Operational < need(r.DegradedBelow, n):
			return Degraded
		}
		return Operational
	}
}

// decide is the operator on a tally (of counts, or of weights for Weighted), with unknown members
// read as uncertain. An empty tally is Unknown: a group with nothing that counts is never
// silently operational.
func decide(r Rule, c Counts) State {
	if c.Applicable() == 0 {
		return Unknown
	}
	var s State
	if c.Unknown == 0 {
		s = decideKnown(r, c)
	} else {
		best, worst := c, c
		best.Operational += c.Unknown
		best.Unknown = 0
		worst.Down += c.Unknown
		worst.Unknown = 0
		sb, sw := decideKnown(r, best), decideKnown(r, worst)
		s = min(sw, max(sb, Unknown))
	}
	if r.Op == Invert {
		switch s {
		case Operational:
			return Down
		case Down:
			return Operational
		}
	}
	return s
}

// decides reports whether a member whose effective state is e is one of the members that decided
// a group result s: nobody decides an operational result; otherwise, for the monotone operators
// the members at least as bad as the result, for Invert every applicable member.
func decides(op Operator, s, e State) bool {
	if e == NotApplicable || s == Operational {
		return false
	}
	return op == Invert || e >= s
}

// Member is one input of Combine: the member's status, the edge mapping and the edge weight (zero
// counts as one). The zero value has an invalid state.
// A plain value, safe for concurrent use.
type Member struct {
	Status Status
	Map    Mapping
	Weight int
}

// Outcome is what Combine derives for one group: the group's status, the tally of effective member
// states (Weights holds the same tally by weight, for Weighted groups only), and the indices of the
// members that decided the result, ascending (empty when the group is operational or has nothing
// applicable).
// The zero value is no outcome: the zero Status, nothing tallied.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Outcome struct {
	Status   Status
	Counts   Counts
	Weights  Counts
	Deciders []int
}

// Combine applies a group's rule to its members under policy p: the status algebra of one
// dependency group, without a model. Flags of the result come from the deciding members: the
// handled flags (InMaintenance, Acknowledged) when every decider carries them, Missing when any
// does. Errors: an invalid operator (ErrInvalidRule), threshold (ErrThreshold: out of range, or
// set on an operator that uses none), mapping (ErrInvalidMapping), weight (ErrNegativeWeight; a
// weight on a member of a group that is not Weighted, or a Weighted group's weights adding up
// past MaxWeight, ErrWeight), member state or flags (*EnumError) or policy (ErrPolicy), the same
// faults Build reports for a model's groups; the members are not modified.
func Combine(r Rule, members []Member, p Policy) (Outcome, error) {
	if err := p.Validate(); err != nil {
		return Outcome{}, err
	}
	total := 0
	for i, m := range members {
		if !m.Status.State.Valid() {
			return Outcome{}, fmt.Errorf("itsm: member %d: %w", i, &EnumError{Type: "State", Text: m.Status.State.String()})
		}
		if err := m.Status.Flags.validate(); err != nil {
			return Outcome{}, fmt.Errorf("itsm: member %d: %w", i, err)
		}
		if err := m.Map.validate(); err != nil {
			return Outcome{}, fmt.Errorf("itsm: member %d: %w", i, err)
		}
		if m.Weight < 0 {
			return Outcome{}, fmt.Errorf("%w: member %d has weight %d", ErrNegativeWeight, i, m.Weight)
		}
		if r.Op.Valid() && !r.Op.usesWeights() {
			if m.Weight != 0 {
				return Outcome{}, fmt.Errorf("%w: member %d has weight %d, but %v groups use no weights", ErrWeight, i, m.Weight, r.Op)
			}
			continue
		}
		// As the model does, a Weighted group's weights are bounded, so no sum or percent of them
		// overflows; the sum is compared before it is taken, so it never passes the bound either.
		if w := effectiveWeight(m.Weight); w > MaxWeight-total {
			if r.Op == Weighted {
				return Outcome{}, fmt.Errorf("%w: weights add up past %d at member %d", ErrWeight, MaxWeight, i)
			}
		} else {
			total += w
		}
	}
	if err := r.validate(len(members), total); err != nil {
		return Outcome{}, err
	}
	var out Outcome
	eff := make([]State, len(members))
	for i, m := range members {
		eff[i] = effective(m.Status, m.Map, &p)
		out.Counts.add(eff[i], 1)
		out.Weights.add(eff[i], effectiveWeight(m.Weight))
	}
	tally := out.Counts
	if r.Op == Weighted {
		tally = out.Weights
	} else {
		out.Weights = Counts{}
	}
	out.Status.State = decide(r, tally)
	first := true
	for i, e := range eff {
		if decides(r.Op, out.Status.State, e) {
			out.Deciders = append(out.Deciders, i)
			out.Status.Flags = mergeFlags(out.Status.Flags, members[i].Status.Flags, first)
			first = false
		}
	}
	return out, nil
}

// mergeFlags folds one decider's flags into the result: handled flags survive only if every
// decider has them, Missing if any has it.
func mergeFlags(acc, f Flags, first bool) Flags {
	if first {
		return f
	}
	return (acc & f & handledFlags) | ((acc | f) & Missing)
}

// validate checks a mapping on its own (the model's validation reports the same faults with
// their place in the model).
func (mp Mapping) validate() error {
	switch mp.Kind {
	case AsIs, Ignore:
		if mp.Levels == 0 && mp.Fixed == 0 {
			return nil
		}
	case Raise, Lower:
		if mp.Levels >= 1 && mp.Fixed == 0 {
			return nil
		}
	case Fixed:
		if mp.Fixed.Valid() && mp.Levels == 0 {
			return nil
		}
	}
	return fmt.Errorf("%w: %+v", ErrInvalidMapping, mp)
}

// validate checks a rule for a group of size members with the given total weight, as Build
// checks a model's groups (see thresholdFault).
func (r Rule) validate(size, totalWeight int) error {
	limit, unit := size, "members"
	switch r.Op {
	case AllOf, AnyOf, AtLeast:
	case Weighted:
		limit, unit = totalWeight, "weight"
	case Invert:
		if size != 1 {
			return fmt.Errorf("%w: invert needs exactly one member, has %d", ErrInvalidRule, size)
		}
	default:
		return fmt.Errorf("%w: operator %v", ErrInvalidRule, r.Op)
	}
	if !r.Op.usesThresholds() {
		limit = -1
	}
	for _, t := range []struct {
		name string
		t    Threshold
	}{{"degradedBelow", r.DegradedBelow}, {"downBelow", r.DownBelow}} {
		if why := thresholdFault(r.Op, t.t, limit, unit); why != "" {
			return fmt.Errorf("%w: %s threshold %s", ErrThreshold, t.name, why)
		}
	}
	return nil
}
