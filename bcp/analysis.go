package bcp

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/graph"
	"github.com/itsmkit/itsmkit/itsm"
)

// Internal sentinels for per-node durations: objectives and capabilities are validated
// non-negative, so -1 can mean "unset" and the largest duration "never / unknown".
const (
	unset = time.Duration(-1)
	never = time.Duration(math.MaxInt64)
)

// Options tune Analyze. The zero value uses no tier table (every tier 0) and treats every
// redundancy group as switching over automatically.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Options struct {
	// Tiers classifies required RTOs into recovery tiers (see TierTable).
	Tiers TierTable
	// Manual lists the dependency groups whose redundancy needs a manual switchover (a cold
	// standby, a paper fallback procedure): single points of failure covered only by them are
	// reported as ManualCover rather than dropped.
	Manual []GroupRef
	// AsOf is the instant the analysis describes. When set, a tested capability proven after it
	// (an exercise that has not happened yet) is refused with ErrInvalid; the zero value checks
	// nothing.
	AsOf time.Time
}

// GroupRef names one dependency group of a model node by the group's Name. The zero value names
// nothing (and is rejected by Analyze).
// A plain value, safe for concurrent use.
type GroupRef struct {
	Node  itsm.ID `json:"node"`
	Group string  `json:"group"`
}

// Analysis is the continuity analysis of a set of activities over a model: requirements pushed
// down, recovery capability rolled up, gaps, single points of failure and recovery order. It is
// immutable once returned and safe for concurrent use. Per-node state is kept in flat arrays
// indexed like the model; explanations (chains) are derived on request.
// The zero Analysis (and a nil *Analysis) holds no analysis; get one from Analyze. Every method
// answers it without panicking: those that list or look up something answer as for an analysis
// of nothing (nil, an empty sequence, ok false), and Scenario, which computes from the model,
// returns ErrZeroValue.
type Analysis struct {
	model *itsm.Model
	comps *graph.Components
	acts  []Activity
	needs [][]int32
	opts  Options
	fl    *flat // the capabilities' (shared, read-only)

	manual map[groupKey]bool

	inScope []bool
	reqRTO  []time.Duration // unset when no activity in scope states an RTO
	rtoFrom []int32         // parent node the requirement came through; -1 when an activity
	rtoAct  []int32         // the activity that imposes it
	reqRPO  []time.Duration // nil when no activity states an RPO
	rpoAct  []int32

	cs    *Capabilities   // shared, read-only
	own   []time.Duration // cs.own: own restore time per node, never when unknown
	achv  []time.Duration // achievable recovery, never when unknown
	ready []time.Duration // per group (flat index): when it has enough members back
	crit  []int32         // the dependency that was last to be back (critical path), -1 if none
	// tested: every capability on the critical path is tested
	tested []bool

	actAchv []time.Duration
	actCrit []int32
}

// built reports whether a is an analysis Analyze made: neither nil nor the zero Analysis.
func (a *Analysis) built() bool { return a != nil && a.model != nil }

type groupKey struct {
	node  int32
	group int
}

// Analyze validates the activities against the model and the capabilities (keyed by node ID),
// then computes requirements and capabilities for every node an activity needs, directly or
// through dependencies. It costs O((n + m) + m log d) time for n nodes, m dependency edges and
// group size d, and O(n) memory. To analyse several sets of activities over the same
// capabilities, resolve them once with NewCapabilities and call Capabilities.Analyze.
//
// Errors: an invalid activity or capability, an activity needing (or a capability or manual
// group naming) a node that is not a service or resource of the model (ErrUnknownReference).
func Analyze(m *itsm.Model, acts []Activity, caps map[itsm.ID]Capability, opts Options) (*Analysis, error) {
	return analyze(m, acts, func() (*Capabilities, error) { return NewCapabilities(m, caps) }, opts)
}

// analyze validates in a fixed order (model, tiers, activities, their needs, capabilities,
// manual groups), so the error for bad input does not depend on which entry point is used.
func analyze(m *itsm.Model, acts []Activity, resolve func() (*Capabilities, error), opts Options) (*Analysis, error) {
	if m == nil {
		return nil, errAt(ErrInvalid, "model", "", "nil model")
	}
	if err := opts.Tiers.Validate(); err != nil {
		return nil, err
	}
	if err := validateActivities(acts); err != nil {
		return nil, err
	}
	a := &Analysis{model: m, comps: m.Components(), opts: opts}
	a.acts = cloneActivities(acts) // the analysis must not change when the caller reuses its slices
	a.opts.Tiers = slices.Clone(opts.Tiers)
	a.opts.Manual = slices.Clone(opts.Manual)
	total := 0
	for _, act := range acts {
		total += len(act.Needs)
	}
	flatNeeds := make([]int32, total) // one backing array for every activity's needs
	a.needs = make([][]int32, len(acts))
	for k, act := range acts {
		ix := flatNeeds[:len(act.Needs):len(act.Needs)]
		flatNeeds = flatNeeds[len(act.Needs):]
		for j, id := range act.Needs {
			i, ok := m.Index(id)
			if !ok {
				return nil, errAt(ErrUnknownReference, fmt.Sprintf("activity %s.needs[%d]", quote(act.ID), j), string(id), "no such service or resource")
			}
			ix[j] = int32(i)
		}
		a.needs[k] = ix
	}
	cs, err := resolve()
	if err != nil {
		return nil, err
	}
	a.cs, a.own = cs, cs.own
	if !opts.AsOf.IsZero() && cs.count > 0 {
		for i := range cs.basis {
			if !cs.tested(i) {
				continue
			}
			if p := cs.at(i).Proven; p.After(opts.AsOf) {
				id := string(m.IDAt(i))
				return nil, errAt(ErrInvalid, "capability "+quote(id)+".proven", id,
					fmt.Sprintf("proven %s, after the as-of instant %s", p.Format(time.RFC3339), opts.AsOf.Format(time.RFC3339)))
			}
		}
	}
	if len(opts.Manual) > 0 {
		a.manual = make(map[groupKey]bool, len(opts.Manual))
		for j, r := range opts.Manual {
			i, ok := m.Index(r.Node)
			gi := -1
			if ok {
				gi = slices.IndexFunc(m.Groups(i), func(g itsm.Group) bool { return g.Name == r.Group })
			}
			if gi < 0 {
				return nil, errAt(ErrUnknownReference, fmt.Sprintf("options.manual[%d]", j), string(r.Node), "no group "+quote(r.Group))
			}
			a.manual[groupKey{int32(i), gi}] = true
		}
	}
	a.fl = &cs.fl
	a.markScope()
	a.rollUp()
	a.pushDown() // after the roll-up: redundant groups pass requirements to the members they come back with
	return a, nil
}

// cloneActivities deep-copies activities with one backing array for all their needs.
func cloneActivities(acts []Activity) []Activity {
	out := make([]Activity, len(acts))
	total := 0
	for _, act := range acts {
		total += len(act.Needs)
	}
	ids := make([]itsm.ID, 0, total)
	for k, act := range acts {
		needs := act.Needs
		act.Needs = nil
		c := act.clone()
		if needs != nil {
			start := len(ids)
			ids = append(ids, needs...)
			c.Needs = ids[start:len(ids):len(ids)]
		}
		out[k] = c
	}
	return out
}

// memberKind classifies a group member by its edge mapping: whether the group sees it up while
// its target is down (it never waits for the target), only once the target is back, never, or
// not at all (Ignore: not applicable).
type memberKind uint8

const (
	waitsForTarget memberKind = iota
	alwaysUp
	neverUp
	notApplicable
)

func isUp(s itsm.State) bool { return s == itsm.Operational || s == itsm.Degraded }

func mapState(mp itsm.Mapping, s itsm.State) itsm.State {
	switch mp.Kind {
	case itsm.Raise:
		return min(s+itsm.State(mp.Levels), itsm.Down)
	case itsm.Lower:
		return max(s-itsm.State(mp.Levels), itsm.Operational)
	case itsm.Ignore:
		return itsm.NotApplicable
	case itsm.Fixed:
		return mp.Fixed
	}
	return s
}

func kindOf(e itsm.Edge) memberKind {
	if e.Map.Kind == itsm.AsIs { // the common case: the member's state as it is
		return waitsForTarget
	}
	down, back := mapState(e.Map, itsm.Down), mapState(e.Map, itsm.Operational)
	switch {
	case down == itsm.NotApplicable:
		return notApplicable
	case isUp(down):
		return alwaysUp
	case isUp(back):
		return waitsForTarget
	}
	return neverUp
}

func weightOf(e itsm.Edge) int {
	if e.Weight == 0 {
		return 1
	}
	return max(e.Weight, 0)
}

// need is how many applicable members (or how much of their weight, for Weighted) must be up for
// the group not to be down; total is how many (how much weight) there are. An Invert group, or an
// AtLeast/Weighted group without a down threshold, is never down through its members: need 0.
func need(g itsm.Group) (need, total int, byWeight bool) {
	for _, e := range g.Members {
		if kindOf(e) == notApplicable {
			continue
		}
		if g.Rule.Op == itsm.Weighted {
			total += weightOf(e)
		} else {
			total++
		}
	}
	threshold := func(t itsm.Threshold) int {
		if t.Percent > 0 {
			return (t.Percent*total + 99) / 100
		}
		return min(t.Count, total)
	}
	switch g.Rule.Op {
	case itsm.AllOf:
		return total, total, false
	case itsm.AnyOf:
		return min(1, total), total, false
	case itsm.AtLeast:
		return threshold(g.Rule.DownBelow), total, false
	case itsm.Weighted:
		return threshold(g.Rule.DownBelow), total, true
	}
	return 0, total, false
}

// markScope marks every node an activity needs, directly or through any dependency edge (the
// members of a cycle that is in scope all are). Components are visited in their topological
// order (dependents first), so a node is marked before it passes the mark on.
func (a *Analysis) markScope() {
	n := a.model.Len()
	a.inScope = make([]bool, n)
	for _, ix := range a.needs {
		for _, i := range ix {
			a.inScope[i] = true
		}
	}
	g := a.model.Graph()
	for k := range int32(a.comps.Count()) {
		mem := a.comps.Members(k)
		if len(mem) > 1 {
			if !slices.ContainsFunc(mem, func(i int32) bool { return a.inScope[i] }) {
				continue
			}
			for _, i := range mem {
				a.inScope[i] = true
			}
		} else if !a.inScope[mem[0]] {
			continue
		}
		for _, i := range mem {
			for _, t := range g.Out(i) {
				a.inScope[t] = true
			}
		}
	}
}

// pushDown carries the RTO and the RPO from the activities to the nodes they need, in one pass
// after the roll-up: a node's requirement is the most demanding (smallest) of its activities' and
// of every dependent that waits for it through a critical member (see critical); the members of
// a cycle share the smallest of theirs. Components are visited in their topological order
// (dependents first), so every node is final before it pushes on. Equal requirements from
// different activities go to the smallest activity ID, so the result does not depend on the
// order of the activities.
func (a *Analysis) pushDown() {
	n := a.model.Len()
	a.reqRTO, a.rtoFrom, a.rtoAct = make([]time.Duration, n), make([]int32, n), make([]int32, n)
	for i := range n {
		a.reqRTO[i], a.rtoFrom[i], a.rtoAct[i] = unset, -1, -1
	}
	// The RPO arrays exist only when some activity states an RPO; no chain is kept for it.
	if slices.ContainsFunc(a.acts, func(act Activity) bool { return act.Objectives.RPO.IsSet() }) {
		a.reqRPO, a.rpoAct = make([]time.Duration, n), make([]int32, n)
		for i := range n {
			a.reqRPO[i], a.rpoAct[i] = unset, -1
		}
	}
	rank := activityRanks(a.acts)
	rto := demand{a.reqRTO, a.rtoFrom, a.rtoAct, rank}
	rpo := demand{a.reqRPO, nil, a.rpoAct, rank}
	for k, ix := range a.needs {
		o := a.acts[k].Objectives
		if v, ok := o.RTO.Get(); ok {
			for _, i := range ix {
				rto.set(i, v, -1, int32(k))
			}
		}
		if v, ok := o.RPO.Get(); ok {
			for _, i := range ix {
				rpo.set(i, v, -1, int32(k))
			}
		}
	}
	g := a.model.Graph()
	fl := a.fl
	for k := range int32(a.comps.Count()) {
		mem := a.comps.Members(k)
		if !a.inScope[mem[0]] {
			continue // nothing in scope depends on it: no requirement either
		}
		if len(mem) > 1 {
			rto.share(mem)
			if rpo.val != nil {
				rpo.share(mem)
			}
		}
		for _, i := range mem {
			r, p := a.reqRTO[i], a.rpoAt(i)
			if r == unset && p == unset {
				continue
			}
			out := g.Out(i)
			e0 := fl.eoff[i]
			for gi := fl.goff[i]; gi < fl.goff[i+1]; gi++ {
				end := fl.gend[gi]
				for e := e0; e < end; e++ {
					t := out[e-fl.eoff[i]]
					if fl.kind[e] != waitsForTarget || (len(mem) > 1 && a.comps.Of(t) == k) || !a.critical(gi, t) {
						continue
					}
					if r != unset {
						rto.set(t, r, i, a.rtoAct[i])
					}
					if p != unset {
						rpo.set(t, p, i, a.rpoAct[i])
					}
				}
				e0 = end
			}
		}
	}
}

// critical reports whether member t of group gi (flat index) can delay the group, so that a
// requirement on the group's owner is one on t too: every member of an all-of group; for any-of,
// at-least k and weighted groups the members the group comes back with, those back no later
// than the group (the fastest, the k fastest, the fastest reaching the weight; members tied with
// the last of them included, as speeding any one of them speeds the group); no member of a group
// that is never down through its members. When the group's time is unknown every member is
// critical: which one decides is unknown too.
func (a *Analysis) critical(gi int32, t int32) bool {
	switch a.fl.gop[gi] {
	case opAll:
		return true
	case opNone:
		return false
	}
	return a.achv[t] <= a.ready[gi]
}

// demand is one pushed-down objective: per node its value, the dependent it came through (when
// kept) and the activity that imposes it.
type demand struct {
	val       []time.Duration
	from, act []int32
	rank      []int32 // activity index → position in ID order; nil when that is the index
}

func (d demand) before(x, y int32) bool {
	if d.rank == nil {
		return x < y
	}
	return d.rank[x] < d.rank[y]
}

// set lowers node t's requirement to v (from dependent f, activity ac) when that is more
// demanding, or equal and imposed by an activity with a smaller ID.
func (d demand) set(t int32, v time.Duration, f, ac int32) {
	cur := d.val[t]
	if cur == unset || v < cur || (v == cur && d.before(ac, d.act[t])) {
		d.val[t], d.act[t] = v, ac
		if d.from != nil {
			d.from[t] = f
		}
	}
}

// activityRanks numbers the activities in ID order (IDs are unique), for tie-breaks by ID
// without comparing strings in the hot loop; nil when they are given in ID order already.
func activityRanks(acts []Activity) []int32 {
	if slices.IsSortedFunc(acts, func(x, y Activity) int { return strings.Compare(x.ID, y.ID) }) {
		return nil
	}
	order := make([]int32, len(acts))
	for k := range order {
		order[k] = int32(k)
	}
	slices.SortFunc(order, func(x, y int32) int { return strings.Compare(acts[x].ID, acts[y].ID) })
	rank := make([]int32, len(acts))
	for r, k := range order {
		rank[k] = int32(r)
	}
	return rank
}

// share gives every member of a cycle the most demanding requirement of any of them.
func (d demand) share(mem []int32) {
	best := int32(-1)
	for _, i := range mem {
		if d.val[i] == unset {
			continue
		}
		if best < 0 || d.val[i] < d.val[best] || (d.val[i] == d.val[best] && d.before(d.act[i], d.act[best])) {
			best = i
		}
	}
	if best < 0 {
		return
	}
	for _, i := range mem {
		if i != best {
			d.set(i, d.val[best], best, d.act[best])
		}
	}
}

type timed struct {
	at     time.Duration
	node   int32
	weight int
}

// rollUp computes every node's achievable recovery time, dependencies first: its own restore
// time plus the time by which each of its groups has enough members back (see the package doc,
// "Achievable recovery"). Members of a cycle are restored together: inside the cycle they do not
// wait for each other, and all get the time of the slowest.
func (a *Analysis) rollUp() {
	a.ready = make([]time.Duration, len(a.fl.gop))
	a.achv, a.crit, a.tested = a.rollUpWith(false, nil, a.ready)
	a.actAchv = make([]time.Duration, len(a.acts))
	a.actCrit = make([]int32, len(a.acts))
	for k := range a.acts {
		a.actAchv[k], a.actCrit[k] = a.worstNeed(k, a.achv)
	}
}

// rpoAt is node i's required RPO as pushed down (what it passes on to its dependencies), unset
// when none.
func (a *Analysis) rpoAt(i int32) time.Duration {
	if a.reqRPO == nil {
		return unset
	}
	return a.reqRPO[i]
}

// ownRPO is the RPO node i itself must meet: the pushed-down one, unset when none or when its
// capability says it holds no data.
func (a *Analysis) ownRPO(i int32) time.Duration {
	if a.reqRPO == nil || a.cs.noData(int(i)) {
		return unset
	}
	return a.reqRPO[i]
}

// worstNeed is the latest time among activity k's needs, and that need (-1 when it has none).
func (a *Analysis) worstNeed(k int, achv []time.Duration) (time.Duration, int32) {
	at, crit := time.Duration(0), int32(-1)
	for _, i := range a.needs[k] {
		if crit < 0 || achv[i] > at {
			at, crit = achv[i], i
		}
	}
	return at, crit
}

// rollUpWith computes the achievable time of every node in scope (of every node, when
// everywhere) from each node's own restore time (never when unknown) and whether that is tested:
// the analysis' capabilities when own is nil. When own says at, the time is not a restore that
// starts once the dependencies are back but the instant the node is back (a scenario's
// duration): the later of that and its dependencies.
//
// When gready is not nil it receives, per group (flat index), the time by which the group has
// enough members back.
func (a *Analysis) rollUpWith(everywhere bool, own func(int32) (d time.Duration, tested, at bool), gready []time.Duration) (achv []time.Duration, crit []int32, tested []bool) {
	n := a.model.Len()
	achv = make([]time.Duration, n)
	crit = make([]int32, n)
	tested = make([]bool, n)
	fl := a.fl
	g := a.model.Graph()
	var buf []timed
	for k := int32(a.comps.Count()) - 1; k >= 0; k-- {
		mem := a.comps.Members(k)
		if !everywhere && !a.inScope[mem[0]] {
			continue
		}
		cyclic := len(mem) > 1
		for _, i := range mem {
			ready, cr := time.Duration(0), int32(-1)
			out := g.Out(i)
			e0 := fl.eoff[i]
			for gi := fl.goff[i]; gi < fl.goff[i+1]; gi++ {
				end := fl.gend[gi]
				var at time.Duration
				c := int32(-1)
				switch fl.gop[gi] {
				case opNone:
					e0 = end
					continue
				case opAll, opAny:
					all := fl.gop[gi] == opAll
					first := true
					for e := e0; e < end; e++ {
						var t time.Duration
						switch fl.kind[e] {
						case notApplicable:
							continue
						case alwaysUp:
							t = 0
						case neverUp:
							t = never
						default:
							if x := out[e-fl.eoff[i]]; !cyclic || a.comps.Of(x) != k {
								t = achv[x]
							}
						}
						if first || (all && t > at) || (!all && t < at) {
							at, c, first = t, out[e-fl.eoff[i]], false
						}
					}
				default:
					buf = buf[:0]
					var members []itsm.Edge // weights are read from the model only for weighted groups
					if fl.gop[gi] == opWeighted {
						members = a.model.Groups(int(i))[gi-fl.goff[i]].Members
					}
					for e := e0; e < end; e++ {
						x := out[e-fl.eoff[i]]
						var t time.Duration
						switch fl.kind[e] {
						case notApplicable:
							continue
						case alwaysUp:
							t = 0
						case neverUp:
							t = never
						default:
							if !cyclic || a.comps.Of(x) != k {
								t = achv[x]
							}
						}
						w := 1
						if members != nil {
							w = weightOf(members[e-e0])
						}
						buf = append(buf, timed{at: t, node: x, weight: w})
					}
					at, c = kthReady(buf, int(fl.gneed[gi]), fl.gop[gi] == opWeighted)
				}
				e0 = end
				if gready != nil {
					gready[gi] = at
				}
				if at > ready || (cr < 0 && c >= 0 && at == ready && at > 0) {
					ready, cr = at, c
				}
			}
			var o time.Duration
			var ok, fixed bool
			if own == nil {
				o, ok = a.own[i], a.cs.tested(int(i))
			} else {
				o, ok, fixed = own(i)
			}
			switch {
			case !fixed:
				achv[i] = addSat(o, ready)
			case o >= ready: // back at a fixed time, not before its dependencies
				achv[i], ready = o, 0
			default:
				achv[i] = ready
			}
			if ready == 0 {
				cr = -1
			}
			crit[i] = cr
			tested[i] = ok && (cr < 0 || tested[cr])
		}
		if cyclic {
			slow := mem[0]
			for _, i := range mem[1:] {
				if achv[i] > achv[slow] {
					slow = i
				}
			}
			for _, i := range mem {
				if i != slow {
					achv[i], crit[i], tested[i] = achv[slow], slow, tested[slow]
				}
			}
		}
	}
	return achv, crit, tested
}

func addSat(a, b time.Duration) time.Duration {
	if a == never || b == never || a > never-b {
		return never
	}
	return a + b
}

// kthReady is the earliest time at which members worth need (in count, or in weight) are up,
// and the member whose return completes it; never when they never are.
func kthReady(ms []timed, need int, byWeight bool) (time.Duration, int32) {
	if len(ms) > 32 {
		slices.SortStableFunc(ms, func(x, y timed) int { return cmp.Compare(x.at, y.at) })
	} else {
		for j := 1; j < len(ms); j++ { // stable insertion sort: most groups have a few members
			for h := j; h > 0 && ms[h].at < ms[h-1].at; h-- {
				ms[h], ms[h-1] = ms[h-1], ms[h]
			}
		}
	}
	got := 0
	for _, m := range ms {
		if byWeight {
			got += m.weight
		} else {
			got++
		}
		if got >= need {
			return m.at, m.node
		}
	}
	return never, -1
}

// NodeResult is one node of an analysis: what the activities require of it, where the most
// demanding requirement comes from, and what its recovery can achieve. A plain value; the zero
// value describes no node.
// Safe for concurrent use.
type NodeResult struct {
	ID itsm.ID
	// RequiredRTO and RequiredRPO are the most demanding objectives of the activities that need
	// the node, directly or through dependents; unset when none states one. RequiredRPO is also
	// unset for a node whose capability says it holds no data (Capability.NoData), though it
	// still passes the RPO on to what it depends on.
	RequiredRTO Optional[time.Duration]
	RequiredRPO Optional[time.Duration]
	// RequiredBy is the activity whose RTO is RequiredRTO ("" when unset).
	RequiredBy string
	// Tier is the recovery tier of RequiredRTO (0 when unclassified).
	Tier     int
	TierName string
	// Capability is the node's own capability as given: the zero Capability when none was, a
	// zero Basis (restore time unknown) when none or only NoData was.
	Capability Capability
	// Achievable is the rolled-up recovery time, the node's own restore time included (every
	// node on the way restored in turn; a Scenario may read it otherwise, see the package doc,
	// "Two readings of recovery time"); unset when a capability on the way is unknown.
	Achievable Optional[time.Duration]
	// Tested is true when every capability on the critical path is tested.
	Tested bool
}

func opt(d time.Duration) Optional[time.Duration] {
	if d == unset || d == never {
		return Optional[time.Duration]{}
	}
	return Some(d)
}

func (a *Analysis) node(i int32) NodeResult {
	r := NodeResult{ID: a.model.IDAt(int(i)), RequiredRTO: opt(a.reqRTO[i]), RequiredRPO: opt(a.ownRPO(i)),
		Achievable: opt(a.achv[i]), Tested: a.achv[i] != never && a.tested[i]}
	if k := a.rtoAct[i]; k >= 0 {
		r.RequiredBy = a.acts[k].ID
	}
	r.Tier, r.TierName = a.opts.Tiers.Classify(r.RequiredRTO)
	r.Capability = a.cs.at(int(i))
	return r
}

// Node returns the result for one node; ok is false when the node is unknown or no activity
// needs it.
func (a *Analysis) Node(id itsm.ID) (NodeResult, bool) {
	if !a.built() {
		return NodeResult{}, false
	}
	i, ok := a.model.Index(id)
	if !ok || !a.inScope[i] {
		return NodeResult{}, false
	}
	return a.node(int32(i)), true
}

// Nodes yields the result of every node some activity needs, in ascending ID order.
func (a *Analysis) Nodes() iter.Seq[NodeResult] {
	return func(yield func(NodeResult) bool) {
		if !a.built() {
			return
		}
		for i, in := range a.inScope {
			if in && !yield(a.node(int32(i))) {
				return
			}
		}
	}
}

// ActivityResult is one activity's objectives against the recovery its needs can achieve. A
// plain value; the zero value describes no activity.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type ActivityResult struct {
	ID   string
	RTO  Optional[time.Duration]
	MTPD Optional[time.Duration]
	// Achievable is when the last needed node is back (unset when unknown); Bottleneck is the
	// node at the end of that need's critical path, whose own restore decides it (Cause of the
	// need gives the whole chain).
	Achievable Optional[time.Duration]
	Bottleneck itsm.ID
	// Gap is Achievable − RTO when positive, else zero; unset when either is unset.
	Gap Optional[time.Duration]
	// Resumed is Achievable + WRT: when the activity is working again.
	Resumed Optional[time.Duration]
	// Findings are what the analysis found about the activity's recovery: a capability gap,
	// recovery past the MTPD, an unknown recovery time. The objectives' own consistency (RTO
	// above MTPD, RTO + WRT above MTPD, a missing MTPD) is Assess's, which needs no model.
	Findings []Finding
}

// Activities returns every activity's result, in input order.
func (a *Analysis) Activities() []ActivityResult {
	if !a.built() {
		return nil
	}
	out := make([]ActivityResult, len(a.acts))
	for k, act := range a.acts {
		mtpd, _ := act.MTPD()
		r := ActivityResult{ID: act.ID, RTO: act.Objectives.RTO, MTPD: mtpd, Achievable: opt(a.actAchv[k])}
		if c := a.actCrit[k]; c >= 0 {
			for a.crit[c] >= 0 {
				c = a.crit[c]
			}
			r.Bottleneck = a.model.IDAt(int(c))
		}
		ach, okA := r.Achievable.Get()
		if len(a.needs[k]) == 0 {
			ach, okA, r.Achievable = 0, true, Some(time.Duration(0))
		}
		resumed := addSat(ach, act.Objectives.WRT.Or(0)) // saturates: huge inputs never wrap
		if okA {
			r.Resumed = Some(resumed)
		}
		if rto, ok := r.RTO.Get(); ok && okA {
			r.Gap = Some(max(ach-rto, 0))
			if ach > rto {
				r.Findings = append(r.Findings, Finding{Severity: Critical, Code: CapabilityGap, Subject: act.ID,
					Message: fmt.Sprintf("achievable recovery %s exceeds RTO %s by %s (bottleneck %s)", ach, rto, ach-rto, r.Bottleneck)})
			}
		}
		if m, ok := mtpd.Get(); ok && okA && resumed > m {
			r.Findings = append(r.Findings, Finding{Severity: Critical, Code: RecoveryAboveMTPD, Subject: act.ID,
				Message: fmt.Sprintf("achievable recovery %s + WRT %s exceeds MTPD %s", ach, act.Objectives.WRT.Or(0), m)})
		}
		if !okA {
			r.Findings = append(r.Findings, Finding{Severity: Warning, Code: UnknownCapability, Subject: act.ID,
				Message: fmt.Sprintf("recovery time unknown: no capability for %s or something it needs", r.Bottleneck)})
		}
		out[k] = r
	}
	return out
}

// GapKind says which objective a gap is about. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type GapKind int

const (
	RTOGap GapKind = iota + 1
	RPOGap
)

func (k GapKind) String() string {
	switch k {
	case RTOGap:
		return "RTO"
	case RPOGap:
		return "RPO"
	}
	return fmt.Sprintf("GapKind(%d)", int(k))
}

// Gap is a node whose capability falls short of what the activities need of it: for an RTO gap
// the rolled-up achievable recovery exceeds the required RTO (Cause gives the critical path of
// restore times, Demand the chain the requirement came through); for an RPO gap the data loss
// its own backups allow (its Capability's DataLoss, in Achievable) exceeds the required RPO:
// restore times play no part in it.
// The zero value describes no gap.
// A plain value, safe for concurrent use.
type Gap struct {
	Kind       GapKind
	Node       itsm.ID
	Required   time.Duration
	Achievable time.Duration
	Shortfall  time.Duration
	RequiredBy string // the activity imposing the requirement
	Tested     bool
}

// Gaps lists every gap, largest shortfall first, then RTO before RPO, then by node ID. Nodes with
// unknown capability are not gaps; Activities (restore times) and Findings (data loss) report
// them.
func (a *Analysis) Gaps() []Gap {
	if !a.built() {
		return nil
	}
	// Collect small keys, RTO gaps then RPO gaps, each in node index order (which is ID order);
	// a stable sort by shortfall alone then gives the full order. The rows are built last.
	rto := func(i int) (time.Duration, bool) {
		r, ach := a.reqRTO[i], a.achv[i]
		return ach - r, a.inScope[i] && r != unset && ach != never && ach > r
	}
	rpo := func(i int) (time.Duration, bool) {
		if !a.inScope[i] || a.ownRPO(int32(i)) == unset {
			return 0, false
		}
		dl := a.cs.loss[i] // unset when no capability or no data-loss figure
		return dl - a.reqRPO[i], dl != unset && dl > a.reqRPO[i]
	}
	count := 0 // count first: a million keys appended would be copied over and over
	for i := range a.inScope {
		if _, ok := rto(i); ok {
			count++
		}
		if _, ok := rpo(i); ok {
			count++
		}
	}
	keys := make([]gapKey, 0, count)
	for i := range a.inScope {
		if d, ok := rto(i); ok {
			keys = append(keys, gapKey{d, int32(i)})
		}
	}
	for i := range a.inScope {
		if d, ok := rpo(i); ok {
			keys = append(keys, gapKey{d, int32(i) | rpoBit})
		}
	}
	keys = sortByShortfall(keys)
	out := make([]Gap, len(keys))
	for j, k := range keys {
		i := k.node &^ rpoBit
		g := Gap{Node: a.model.IDAt(int(i)), Shortfall: k.short}
		if k.node&rpoBit == 0 {
			g.Kind, g.Required, g.Achievable, g.RequiredBy, g.Tested = RTOGap, a.reqRTO[i], a.achv[i], a.acts[a.rtoAct[i]].ID, a.tested[i]
		} else {
			g.Kind, g.Required, g.Achievable, g.RequiredBy, g.Tested = RPOGap, a.reqRPO[i], a.cs.loss[i], a.acts[a.rpoAct[i]].ID, a.cs.tested(int(i))
		}
		out[j] = g
	}
	return out
}

// Findings reports what the analysis cannot judge about nodes, one finding per node, in node ID
// order: an Info UnknownCapability for every node that must meet a required RPO but has no
// data-loss figure (no capability, or one without DataLoss), so its RPO can be neither met nor
// missed. Activities reports the activity-level findings.
func (a *Analysis) Findings() []Finding {
	if !a.built() || a.reqRPO == nil {
		return nil
	}
	var out []Finding
	for i, in := range a.inScope {
		if !in || a.ownRPO(int32(i)) == unset {
			continue
		}
		if a.cs.loss[i] != unset {
			continue
		}
		out = append(out, Finding{Severity: Info, Code: UnknownCapability, Subject: string(a.model.IDAt(i)),
			Message: fmt.Sprintf("data loss unknown: RPO %s required by %s, and no data-loss figure", a.reqRPO[i], a.acts[a.rpoAct[i]].ID)})
	}
	return out
}

// rpoBit marks an RPO gap in gapKey.node (node indices fit in 31 bits).
const rpoBit = int32(-1 << 31)

type gapKey struct {
	short time.Duration // positive
	node  int32
}

// sortByShortfall sorts keys by descending shortfall, keeping the order of equal ones: a stable
// least-significant-digit radix sort on the shortfall, skipping digits every key shares. Linear in
// the number of gaps, where a comparison sort of a million rows dominated the cost. Digits are
// 16 bits wide for large inputs (fewer passes), 8 bits otherwise (smaller count tables).
func sortByShortfall(keys []gapKey) []gapKey {
	if len(keys) < 256 {
		slices.SortStableFunc(keys, func(x, y gapKey) int { return cmp.Compare(y.short, x.short) })
		return keys
	}
	width := uint(8)
	if len(keys) >= 1<<16 {
		width = 16
	}
	mask := uint64(1)<<width - 1
	var or, and uint64 = 0, ^uint64(0)
	for _, k := range keys {
		or |= uint64(k.short)
		and &= uint64(k.short)
	}
	buf := make([]gapKey, len(keys))
	count := make([]int, mask+2)
	src, dst := keys, buf
	for shift := uint(0); shift < 64; shift += width {
		if (or^and)>>shift&mask == 0 {
			continue // every key has the same digit here
		}
		clear(count)
		for _, k := range src {
			count[mask-(uint64(k.short)>>shift&mask)+1]++ // descending
		}
		for b := 1; b < len(count); b++ {
			count[b] += count[b-1]
		}
		for _, k := range src {
			d := mask - (uint64(k.short) >> shift & mask)
			dst[count[d]] = k
			count[d]++
		}
		src, dst = dst, src
	}
	return src
}

// Link is one node on a critical path.
// The zero value is an empty link.
// A plain value, safe for concurrent use.
type Link struct {
	Node       itsm.ID
	Restore    Optional[time.Duration] // its own restore time, unset when unknown
	Achievable Optional[time.Duration] // when it is back, dependencies included
	Basis      Basis                   // of its own capability; 0 when unknown
	Proven     time.Time               // when a tested capability was proven
}

// Cause is the critical path below a node: the node, then the dependency it waited for last,
// and so on down to a node that waits for nothing. It explains why the node's achievable time is
// what it is. Nil for a node outside the analysis.
func (a *Analysis) Cause(id itsm.ID) []Link {
	if !a.built() {
		return nil
	}
	i, ok := a.model.Index(id)
	if !ok || !a.inScope[i] {
		return nil
	}
	var out []Link
	for v := int32(i); v >= 0; v = a.crit[v] {
		l := Link{Node: a.model.IDAt(int(v)), Achievable: opt(a.achv[v])}
		if a.cs.has(int(v)) {
			x := a.cs.at(int(v))
			l.Restore, l.Basis, l.Proven = Some(x.Restore), x.Basis, x.Proven
		}
		out = append(out, l)
	}
	return out
}

// Demand is the chain above a node through which its required RTO arrives: the activity first,
// then each dependent down to the node. Nil when the node has no required RTO.
func (a *Analysis) Demand(id itsm.ID) []string {
	if !a.built() {
		return nil
	}
	i, ok := a.model.Index(id)
	if !ok || a.reqRTO[i] == unset {
		return nil
	}
	var out []string
	for v := int32(i); v >= 0; v = a.rtoFrom[v] {
		out = append(out, string(a.model.IDAt(int(v))))
	}
	out = append(out, a.acts[a.rtoAct[i]].ID)
	slices.Reverse(out)
	return out
}
