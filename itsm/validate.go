package itsm

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// Problem codes. Each Problem of a ValidationError wraps exactly one of them, so errors.Is works on
// the error Build returns.
var (
	// ErrEmptyID: an object has no ID, or a reference is empty where one is required.
	ErrEmptyID = errors.New("itsm: empty ID")
	// ErrDuplicateID: two objects (of any kinds) share an ID.
	ErrDuplicateID = errors.New("itsm: duplicate ID")
	// ErrUnknownReference: a reference names no object of the model.
	ErrUnknownReference = errors.New("itsm: reference to nothing")
	// ErrWrongKind: a reference names an object of the wrong kind (a subscription to a resource,
	// a user at something that is not an access point, ...).
	ErrWrongKind = errors.New("itsm: reference to the wrong kind of object")
	// ErrSelfDependency: a service or resource lists itself in a dependency group.
	ErrSelfDependency = errors.New("itsm: node depends on itself")
	// ErrEmptyGroup: a dependency group has no members.
	ErrEmptyGroup = errors.New("itsm: empty dependency group")
	// ErrDuplicateMember: a dependency group lists the same target twice.
	ErrDuplicateMember = errors.New("itsm: duplicate member in dependency group")
	// ErrInvalidRule: a group's operator is not one of the declared operators, or an Invert group
	// does not have exactly one member.
	ErrInvalidRule = errors.New("itsm: invalid rule")
	// ErrThreshold: a threshold is negative, sets both a count and a percent, has a percent over
	// 100 or a count above the group size (total weight for Weighted groups), whatever the
	// operator; or a threshold is set on an operator that uses none (all-of, any-of, invert).
	ErrThreshold = errors.New("itsm: invalid threshold")
	// ErrNegativeWeight: an edge has a weight below zero.
	ErrNegativeWeight = errors.New("itsm: negative weight")
	// ErrWeight: an edge of a group whose operator does not use weights (any but Weighted) sets a
	// weight, or the weights of a Weighted group add up to more than MaxWeight.
	ErrWeight = errors.New("itsm: invalid weight")
	// ErrInvalidID: an ID is not valid UTF-8, holds a control character, or starts or ends with
	// white space.
	ErrInvalidID = errors.New("itsm: invalid ID")
	// ErrInvalidMapping: an edge mapping has an unknown kind, a Raise/Lower without a positive level
	// count, a Fixed without a valid state, or fields its kind does not use.
	ErrInvalidMapping = errors.New("itsm: invalid mapping")
	// ErrInvalidKind: a resource has no valid ResourceKind.
	ErrInvalidKind = errors.New("itsm: invalid resource kind")
	// ErrInvalidChannel: a service desk lists an invalid Channel.
	ErrInvalidChannel = errors.New("itsm: invalid channel")
	// ErrMissingAgreement: an edge crosses from one provider to another without naming the
	// agreement it is used under.
	ErrMissingAgreement = errors.New("itsm: dependency on another provider without an agreement")
	// ErrDuplicateEntry: a user lists the same access point twice, or a service desk the same
	// customer, service or channel.
	ErrDuplicateEntry = errors.New("itsm: entry listed twice")
	// ErrDuplicateSubscription: the same customer, service and agreement are subscribed twice.
	ErrDuplicateSubscription = errors.New("itsm: duplicate subscription")
	// ErrNotSubscribed: a user is placed at an access point of a service its customer does not
	// subscribe to.
	ErrNotSubscribed = errors.New("itsm: user's customer does not subscribe to the service")
	// ErrCycle: with Strict, a strongly connected component of more than one node.
	ErrCycle = errors.New("itsm: dependency cycle")
)

// MaxWeight bounds the total weight of a Weighted group (each weight, an unset one counting as
// one, summed), so that sums of weights and thresholds never overflow an int on any platform.
const MaxWeight = 1<<31 - 1

// Problem is one validation finding. Code is one of the Err* sentinels above; IDs are the offending
// objects, the object holding the fault first, then the IDs it refers to; Detail says where, in
// words (for example `service "web" requires[0] "db" members[1]: target "pg" names nothing`).
// The zero value is not a meaningful problem. Problem is a value safe for concurrent use.
type Problem struct {
	Code   error
	IDs    []ID
	Detail string
	// Path is where the fault sits in the JSON document the model was decoded from, for example
	// "$.services[3].requires[0].members[1].target" (list indices count in document order); it is
	// empty for models built with a Builder and for faults of no single place (cycles).
	Path string
}

// Error returns the path (when there is one) and the detail, prefixed with the package name.
func (p Problem) Error() string { return "itsm: " + p.String() }

// String is Error without the package prefix: "$.services[3].requires[0].members[1].target: ..."
// or the bare detail when there is no path.
func (p Problem) String() string {
	if p.Path == "" {
		return p.Detail
	}
	return p.Path + ": " + p.Detail
}

// Unwrap returns the problem's code, for errors.Is.
func (p Problem) Unwrap() error { return p.Code }

// ValidationError lists every problem Build found, in a deterministic order (by first ID, then
// code, then detail). Omitted counts the problems found beyond the MaxProblems limit, which are
// not listed; it is zero unless that option is set (DecodeJSON sets it by default). The zero value
// has no problems. It is safe for concurrent use.
type ValidationError struct {
	Problems []Problem
	Omitted  int
}

// maxListed bounds how many problems Error spells out, so a broken million-node model does not
// produce a message of hundreds of megabytes; all of them stay in Problems.
const maxListed = 20

// Error lists up to 20 problems and counts the rest.
func (e *ValidationError) Error() string {
	var b strings.Builder
	b.WriteString("itsm: invalid model: ")
	total := len(e.Problems) + e.Omitted
	b.WriteString(strconv.Itoa(total))
	if total == 1 {
		b.WriteString(" problem")
	} else {
		b.WriteString(" problems")
	}
	for i, p := range e.Problems {
		if i == maxListed {
			break
		}
		b.WriteString("; ")
		b.WriteString(p.String())
	}
	if rest := total - min(len(e.Problems), maxListed); rest > 0 {
		fmt.Fprintf(&b, "; and %d more", rest)
	}
	return b.String()
}

// Unwrap returns the problems, so errors.Is(err, ErrDuplicateID) and errors.As(err, &Problem{})
// see each of them.
func (e *ValidationError) Unwrap() []error {
	out := make([]error, len(e.Problems))
	for i, p := range e.Problems {
		out[i] = p
	}
	return out
}

// problems accumulates findings during Build, keeping at most max (0: no limit) and counting the
// rest.
type problems struct {
	list    []Problem
	max     int
	omitted int
}

// add records a problem at the JSON path path ("" for none).
func (ps *problems) add(path string, code error, ids []ID, format string, args ...any) {
	if ps.max > 0 && len(ps.list) >= ps.max {
		ps.omitted++
		return
	}
	ps.list = append(ps.list, Problem{Code: code, IDs: ids, Detail: fmt.Sprintf(format, args...), Path: path})
}

func (ps *problems) sorted() []Problem {
	out := slices.Clone(ps.list)
	slices.SortStableFunc(out, func(a, b Problem) int {
		var ia, ib ID
		if len(a.IDs) > 0 {
			ia = a.IDs[0]
		}
		if len(b.IDs) > 0 {
			ib = b.IDs[0]
		}
		return cmp.Or(cmp.Compare(ia, ib), cmp.Compare(a.Code.Error(), b.Code.Error()), cmp.Compare(a.Detail, b.Detail), slices.Compare(a.IDs, b.IDs))
	})
	return out
}

// groupLoc says where in a node a group or member sits; it is formatted only when a problem is
// reported, so a valid model of millions of edges builds no location strings.
type groupLoc struct {
	m      *Model
	kind   objectKind // kindService or kindResource
	pos    int        // position in services or resources
	owner  ID
	group  int
	name   string
	member int // -1 for the group itself
}

// path is the JSON path of field (".rule.op", ".target", "" for the whole) of the group or member.
func (l groupLoc) path(field string) string {
	s := l.m.pathOf(l.kind, l.pos)
	if s == "" {
		return ""
	}
	s += ".requires[" + strconv.Itoa(l.group) + "]"
	if l.member >= 0 {
		s += ".members[" + strconv.Itoa(l.member) + "]"
	}
	return s + field
}

func (l groupLoc) String() string {
	s := fmt.Sprintf("%s %q requires[%d]", l.kind, l.owner, l.group)
	if l.name != "" {
		s += fmt.Sprintf(" %q", l.name)
	}
	if l.member >= 0 {
		s += fmt.Sprintf(" members[%d]", l.member)
	}
	return s
}

// checkGroups validates the dependency groups of node owner (a service or resource with provider
// ownerProvider) and appends to adj the node index of every member whose target is a node.
// resolved starts with the node index of each member's target in order (-1 for none, as
// resolveNodes gives them); checkGroups consumes one entry per member and returns the rest.
func (m *Model) checkGroups(ps *problems, kind objectKind, pos int, owner ID, ownerProvider ID, groups []Group, resolved, adj []int32) ([]int32, []int32) {
	var seen map[ID]int // for large groups only; small ones are scanned
	for gi := range groups {
		g := &groups[gi] // pointers, not copies: this loop runs once per edge of the model
		where := groupLoc{m: m, kind: kind, pos: pos, owner: owner, group: gi, name: g.Name, member: -1}
		if len(g.Members) == 0 {
			ps.add(where.path(".members"), ErrEmptyGroup, []ID{owner}, "%s: group has no members", where)
		}
		checkRule(ps, owner, where, g)
		if len(g.Members) > 16 {
			seen = make(map[ID]int, len(g.Members))
		} else {
			seen = nil
		}
		res := resolved[:len(g.Members)]
		resolved = resolved[len(g.Members):]
		for mi := range g.Members {
			e := &g.Members[mi]
			at := where
			at.member = mi
			if e.Target == "" {
				ps.add(at.path(".target"), ErrEmptyID, []ID{owner}, "%s: empty target", at)
				continue
			}
			first := -1
			if seen != nil {
				if k, dup := seen[e.Target]; dup {
					first = k
				} else {
					seen[e.Target] = mi
				}
			} else {
				for k := range mi {
					// Resolved targets are equal exactly when their indices are.
					if (res[k] >= 0 && res[k] == res[mi]) || (res[k] < 0 && res[mi] < 0 && g.Members[k].Target == e.Target) {
						first = k
						break
					}
				}
			}
			if first >= 0 {
				ps.add(at.path(".target"), ErrDuplicateMember, []ID{owner, e.Target}, "%s: target %q already listed as members[%d]", at, e.Target, first)
			}
			if e.Target == owner {
				ps.add(at.path(".target"), ErrSelfDependency, []ID{owner}, "%s: %q depends on itself", at, owner)
			}
			if e.Weight < 0 {
				ps.add(at.path(".weight"), ErrNegativeWeight, []ID{owner, e.Target}, "%s: weight %d is negative", at, e.Weight)
			} else if e.Weight != 0 && g.Rule.Op.Valid() && !g.Rule.Op.usesWeights() {
				ps.add(at.path(".weight"), ErrWeight, []ID{owner, e.Target}, "%s: weight %d is set, but %v groups use no weights", at, e.Weight, g.Rule.Op)
			}
			if e.Map != (Mapping{}) {
				checkMapping(ps, owner, at, *e)
			}
			if res[mi] < 0 {
				if r, ok := m.lookup(e.Target); !ok {
					ps.add(at.path(".target"), ErrUnknownReference, []ID{owner, e.Target}, "%s: target %q names nothing", at, e.Target)
				} else {
					ps.add(at.path(".target"), ErrWrongKind, []ID{owner, e.Target}, "%s: target %q is a %s, not a service or resource", at, e.Target, r.kind)
				}
				continue
			}
			// A target whose ID several objects claim is ambiguous: which node is meant, and so its
			// provider and the cycles through it, depend on the order they were added in. Build
			// fails on the duplicate anyway; leave the edge out so that nothing else it reports
			// depends on that order.
			if m.duplicated(e.Target) {
				continue
			}
			if e.Agreement == "" && ownerProvider != "" {
				// The target's kind is looked up only here: it is a random read per edge.
				r := ref{kind: kindResource, pos: res[mi]}
				if m.isSvc[r.pos] {
					r.kind = kindService
				}
				if tp := m.providerOf(r); tp != "" && tp != ownerProvider {
					ps.add(at.path(".agreement"), ErrMissingAgreement, []ID{owner, e.Target}, "%s: target %q belongs to provider %q, not %q, and no agreement is named", at, e.Target, tp, ownerProvider)
				}
			}
			adj = append(adj, res[mi])
		}
	}
	return adj, resolved
}

// checkThreshold checks threshold name of the group at where (see thresholdFault).
func checkThreshold(ps *problems, owner ID, where groupLoc, op Operator, name string, t Threshold, size int, unit string) {
	if why := thresholdFault(op, t, size, unit); why != "" {
		ps.add(where.path(".rule."+name), ErrThreshold, []ID{owner}, "%s: %s threshold %s", where, name, why)
	}
}

// thresholdFault says what is wrong with threshold t of a group with operator op whose counts
// are of size members (or total weight, in unit), or "" when nothing is; size < 0 means the size
// is unknown (the weights overflowed, reported on their own), so the count is not compared with
// it. Out-of-range values are faults under every operator; a threshold set on an operator that
// uses none is one too, since it would silently mean nothing. Build and Combine share it, so both
// report the same faults in the same words.
func thresholdFault(op Operator, t Threshold, size int, unit string) string {
	switch {
	case t.Count < 0 || t.Percent < 0:
		return t.String() + " is negative"
	case t.Count != 0 && t.Percent != 0:
		return fmt.Sprintf("sets both count %d and percent %d", t.Count, t.Percent)
	case t.Percent > 100:
		return fmt.Sprintf("%d%% is over 100%%", t.Percent)
	case t != (Threshold{}) && !op.usesThresholds():
		return fmt.Sprintf("%v is set, but %v groups use no thresholds", t, op)
	case size >= 0 && t.Count > size:
		return fmt.Sprintf("%d exceeds the group's %d %s", t.Count, size, unit)
	}
	return ""
}

// usesThresholds reports whether groups with operator o read DegradedBelow and DownBelow.
func (o Operator) usesThresholds() bool { return o == AtLeast || o == Weighted }

// usesWeights reports whether groups with operator o read their edges' weights.
func (o Operator) usesWeights() bool { return o == Weighted }

func checkRule(ps *problems, owner ID, where groupLoc, g *Group) {
	switch g.Rule.Op {
	case AllOf, AnyOf, Invert:
		checkThreshold(ps, owner, where, g.Rule.Op, "degradedBelow", g.Rule.DegradedBelow, -1, "")
		checkThreshold(ps, owner, where, g.Rule.Op, "downBelow", g.Rule.DownBelow, -1, "")
		if g.Rule.Op == Invert && len(g.Members) != 1 {
			ps.add(where.path(".rule.op"), ErrInvalidRule, []ID{owner}, "%s: invert needs exactly one member, has %d", where, len(g.Members))
		}
	case AtLeast:
		checkThreshold(ps, owner, where, g.Rule.Op, "degradedBelow", g.Rule.DegradedBelow, len(g.Members), "members")
		checkThreshold(ps, owner, where, g.Rule.Op, "downBelow", g.Rule.DownBelow, len(g.Members), "members")
	case Weighted:
		total := 0
		for k := range g.Members {
			// Add without overflow: total stays at most MaxWeight until it is known to exceed it.
			if w := effectiveWeight(g.Members[k].Weight); w > MaxWeight-total {
				ps.add(where.path(".members"), ErrWeight, []ID{owner}, "%s: weights add up to more than %d", where, MaxWeight)
				total = -1
				break
			} else {
				total += w
			}
		}
		checkThreshold(ps, owner, where, g.Rule.Op, "degradedBelow", g.Rule.DegradedBelow, total, "weight")
		checkThreshold(ps, owner, where, g.Rule.Op, "downBelow", g.Rule.DownBelow, total, "weight")
	default:
		ps.add(where.path(".rule.op"), ErrInvalidRule, []ID{owner}, "%s: unknown operator %d", where, int(g.Rule.Op))
	}
}

// effectiveWeight is the weight an edge counts with in a Weighted group: an unset (zero) weight
// counts as one, so a group whose weights were never filled in behaves like AtLeast.
func effectiveWeight(w int) int {
	if w == 0 {
		return 1
	}
	return max(w, 0)
}

func checkMapping(ps *problems, owner ID, at groupLoc, e Edge) {
	mp := e.Map
	bad := func(why string) {
		ps.add(at.path(".map"), ErrInvalidMapping, []ID{owner, e.Target}, "%s: mapping %+v: %s", at, mp, why)
	}
	switch mp.Kind {
	case AsIs, Ignore:
		if mp.Levels != 0 || mp.Fixed != 0 {
			bad("levels and fixed are only for raise/lower and fixed")
		}
	case Raise, Lower:
		if mp.Levels < 1 {
			bad("raise and lower need levels ≥ 1")
		}
		if mp.Fixed != 0 {
			bad("fixed is only for the fixed kind")
		}
	case Fixed:
		if mp.Fixed < Operational || mp.Fixed > NotApplicable {
			bad("fixed needs a valid state")
		}
		if mp.Levels != 0 {
			bad("levels are only for raise and lower")
		}
	default:
		bad("unknown kind")
	}
}
