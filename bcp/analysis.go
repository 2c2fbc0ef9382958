package bcp

import (
	"cmp"
	"fmt"
	"iter"
	"math"
	"slices"
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
type Options struct {
	// Tiers classifies required RTOs into recovery tiers (see TierTable).
	Tiers TierTable
	// Manual lists the dependency groups whose redundancy needs a manual switchover (a cold
	// standby, a paper fallback procedure): single points of failure covered only by them are
	// reported as ManualCover rather than dropped.
	Manual []GroupRef
}

// GroupRef names one dependency group of a model node by the group's Name. The zero value names
// nothing (and is rejected by Analyze).
type GroupRef struct {
	Node  itsm.ID `json:"node"`
	Group string  `json:"group"`
}

// Analysis is the continuity analysis of a set of activities over a model: requirements pushed
// down, recovery capability rolled up, gaps, single points of failure and recovery order. It is
// immutable once returned and safe for concurrent use. Per-node state is kept in flat arrays
// indexed like the model; explanations (chains) are derived on request.
type Analysis struct {
	model *itsm.Model
	comps *graph.Components
	acts  []Activity
	needs [][]int32
	opts  Options

	manual map[groupKey]bool

	inScope []bool
	reqRTO  []time.Duration // unset when no activity in scope states an RTO
	rtoFrom []int32         // parent node the requirement came through; -1 when an activity
	rtoAct  []int32         // the activity that imposes it
	reqRPO  []time.Duration
	rpoFrom []int32
	rpoAct  []int32

	caps      []int32 // index into capList, -1 when the node has no capability
	capList   []Capability
	own       []time.Duration // own restore time per node, never when unknown (hot path copy)
	ownTested []bool
	achv      []time.Duration // achievable recovery, never when unknown
	crit      []int32         // the dependency that was last to be back (critical path), -1 if none
	tested    []bool          // every capability on the critical path is tested

	actAchv []time.Duration
	actCrit []int32
}

type groupKey struct {
	node  int32
	group int
}

// Analyze validates the activities against the model and the capabilities (keyed by node ID),
// then computes requirements and capabilities for every node an activity needs, directly or
// through dependencies. It costs O((n + m) + m log d) time for n nodes, m dependency edges and
// group size d, and O(n) memory.
//
// Errors: an invalid activity or capability, an activity needing (or a capability or manual
// group naming) a node that is not a service or resource of the model (ErrUnknownReference).
func Analyze(m *itsm.Model, acts []Activity, caps map[itsm.ID]Capability, opts Options) (*Analysis, error) {
	if m == nil {
		return nil, errAt(ErrInvalid, "model", "", "nil model")
	}
	if err := opts.Tiers.Validate(); err != nil {
		return nil, err
	}
	if err := validateActivities(acts); err != nil {
		return nil, err
	}
	n := m.Len()
	a := &Analysis{model: m, comps: m.Components(), acts: make([]Activity, len(acts)), opts: opts}
	for k, act := range acts {
		a.acts[k] = act.clone() // the analysis must not change when the caller reuses its slices
	}
	a.opts.Tiers = slices.Clone(opts.Tiers)
	a.opts.Manual = slices.Clone(opts.Manual)
	a.needs = make([][]int32, len(acts))
	for k, act := range acts {
		ix := make([]int32, len(act.Needs))
		for j, id := range act.Needs {
			i, ok := m.Index(id)
			if !ok {
				return nil, errAt(ErrUnknownReference, fmt.Sprintf("activity %s.needs[%d]", quote(act.ID), j), string(id), "no such service or resource")
			}
			ix[j] = int32(i)
		}
		a.needs[k] = ix
	}
	a.caps = make([]int32, n)
	a.own = make([]time.Duration, n)
	a.ownTested = make([]bool, n)
	for i := range a.caps {
		a.caps[i], a.own[i] = -1, never
	}
	// Look every node up in the capability map (in node order, so the result and any error do
	// not depend on map order); only when some entry matched no node, look for the smallest
	// such ID to report.
	a.capList = make([]Capability, 0, len(caps))
	if len(caps) > 0 {
		for i := range n {
			id := m.IDAt(i)
			c, ok := caps[id]
			if !ok {
				continue
			}
			if err := c.validate(string(id)); err != nil {
				return nil, err
			}
			a.caps[i] = int32(len(a.capList))
			a.capList = append(a.capList, c)
			a.own[i], a.ownTested[i] = c.Restore, c.Basis == Tested
		}
		if len(a.capList) < len(caps) {
			var bad itsm.ID
			for id := range caps {
				if _, ok := m.Index(id); !ok && (bad == "" || id < bad) {
					bad = id
				}
			}
			return nil, errAt(ErrUnknownReference, "capabilities", string(bad), "no such service or resource")
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
	a.scope()
	a.reqRTO, a.rtoFrom, a.rtoAct = a.pushDown(func(o Objectives) Optional[time.Duration] { return o.RTO })
	a.reqRPO, a.rpoFrom, a.rpoAct = a.pushDown(func(o Objectives) Optional[time.Duration] { return o.RPO })
	a.rollUp()
	return a, nil
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

// scope marks every node an activity needs, directly or through any dependency edge.
func (a *Analysis) scope() {
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
		any := false
		for _, i := range mem {
			any = any || a.inScope[i]
		}
		if !any {
			continue
		}
		for _, i := range mem {
			a.inScope[i] = true
			for _, t := range g.Out(i) {
				a.inScope[t] = true
			}
		}
	}
}

// pushDown carries an objective from the activities to every node they need: a node's
// requirement is the most demanding (smallest) of its activities' and of every dependent that
// waits for it; the members of a cycle share the smallest of theirs. Components are visited in
// their topological order (dependents first), so every node is final before it pushes on.
func (a *Analysis) pushDown(get func(Objectives) Optional[time.Duration]) (val []time.Duration, from, act []int32) {
	n := a.model.Len()
	val = make([]time.Duration, n)
	from = make([]int32, n)
	act = make([]int32, n)
	for i := range val {
		val[i], from[i], act[i] = unset, -1, -1
	}
	set := func(t int32, v time.Duration, f, ac int32) {
		if val[t] == unset || v < val[t] {
			val[t], from[t], act[t] = v, f, ac
		}
	}
	for k, ix := range a.needs {
		if v, ok := get(a.acts[k].Objectives).Get(); ok {
			for _, i := range ix {
				set(i, v, -1, int32(k))
			}
		}
	}
	g := a.model.Graph()
	for k := range int32(a.comps.Count()) {
		mem := a.comps.Members(k)
		if len(mem) > 1 {
			best := int32(-1)
			for _, i := range mem {
				if val[i] != unset && (best < 0 || val[i] < val[best]) {
					best = i
				}
			}
			if best >= 0 {
				for _, i := range mem {
					if i != best {
						set(i, val[best], best, act[best])
					}
				}
			}
		}
		for _, i := range mem {
			if val[i] == unset {
				continue
			}
			out := g.Out(i)
			e := 0
			for _, grp := range a.model.Groups(int(i)) {
				for _, mb := range grp.Members {
					t := out[e]
					e++
					if kindOf(mb) == waitsForTarget && a.comps.Of(t) != k {
						set(t, val[i], i, act[i])
					}
				}
			}
		}
	}
	return val, from, act
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
	a.achv, a.crit, a.tested = a.rollUpWith(false, func(i int32) (time.Duration, bool, bool) { return a.own[i], a.ownTested[i], false })
	a.actAchv = make([]time.Duration, len(a.acts))
	a.actCrit = make([]int32, len(a.acts))
	for k := range a.acts {
		a.actAchv[k], a.actCrit[k] = a.worstNeed(k, a.achv)
	}
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
// everywhere) from each node's own restore time (never when unknown) and whether that is tested.
// When own says at, the time is not a restore that starts once the dependencies are back but the
// instant the node is back (a scenario's duration): the later of that and its dependencies.
func (a *Analysis) rollUpWith(everywhere bool, own func(int32) (d time.Duration, tested, at bool)) (achv []time.Duration, crit []int32, tested []bool) {
	n := a.model.Len()
	achv = make([]time.Duration, n)
	crit = make([]int32, n)
	tested = make([]bool, n)
	g := a.model.Graph()
	var buf []timed
	for k := int32(a.comps.Count()) - 1; k >= 0; k-- {
		mem := a.comps.Members(k)
		if !everywhere && !a.inScope[mem[0]] {
			continue
		}
		for _, i := range mem {
			ready, cr := time.Duration(0), int32(-1)
			out := g.Out(i)
			e := 0
			for _, grp := range a.model.Groups(int(i)) {
				buf = buf[:0]
				for _, mb := range grp.Members {
					t := out[e]
					e++
					var at time.Duration
					switch kindOf(mb) {
					case notApplicable:
						continue
					case alwaysUp:
						at = 0
					case neverUp:
						at = never
					default:
						if a.comps.Of(t) != k {
							at = achv[t]
						}
					}
					buf = append(buf, timed{at: at, node: t, weight: weightOf(mb)})
				}
				at, c := groupReady(grp, buf)
				if at > ready || (cr < 0 && c >= 0 && at == ready && at > 0) {
					ready, cr = at, c
				}
			}
			o, ok, at := own(i)
			switch {
			case !at:
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
		if len(mem) > 1 {
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

// groupReady is the earliest time at which enough members are up for the group not to be down,
// and the member whose return completes it (-1 when the group needs nothing). A group that can
// never be satisfied gives never.
func groupReady(grp itsm.Group, ms []timed) (time.Duration, int32) {
	need, _, byWeight := need(grp)
	if need == 0 {
		return 0, -1
	}
	switch {
	case grp.Rule.Op == itsm.AllOf:
		best := -1
		for j := range ms {
			if best < 0 || ms[j].at > ms[best].at {
				best = j
			}
		}
		return ms[best].at, ms[best].node
	case !byWeight && need == 1:
		best := -1
		for j := range ms {
			if best < 0 || ms[j].at < ms[best].at {
				best = j
			}
		}
		return ms[best].at, ms[best].node
	}
	slices.SortStableFunc(ms, func(x, y timed) int { return cmp.Compare(x.at, y.at) })
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
type NodeResult struct {
	ID itsm.ID
	// RequiredRTO and RequiredRPO are the most demanding objectives of the activities that need
	// the node, directly or through dependents; unset when none states one.
	RequiredRTO Optional[time.Duration]
	RequiredRPO Optional[time.Duration]
	// RequiredBy is the activity whose RTO is RequiredRTO ("" when unset).
	RequiredBy string
	// Tier is the recovery tier of RequiredRTO (0 when unclassified).
	Tier     int
	TierName string
	// Capability is the node's own capability, unset (zero Basis) when none was given.
	Capability Capability
	// Achievable is the rolled-up recovery time; unset when a capability on the way is unknown.
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
	r := NodeResult{ID: a.model.IDAt(int(i)), RequiredRTO: opt(a.reqRTO[i]), RequiredRPO: opt(a.reqRPO[i]),
		Achievable: opt(a.achv[i]), Tested: a.achv[i] != never && a.tested[i]}
	if k := a.rtoAct[i]; k >= 0 {
		r.RequiredBy = a.acts[k].ID
	}
	r.Tier, r.TierName = a.opts.Tiers.Classify(r.RequiredRTO)
	if c := a.caps[i]; c >= 0 {
		r.Capability = a.capList[c]
	}
	return r
}

// Node returns the result for one node; ok is false when the node is unknown or no activity
// needs it.
func (a *Analysis) Node(id itsm.ID) (NodeResult, bool) {
	i, ok := a.model.Index(id)
	if !ok || !a.inScope[i] {
		return NodeResult{}, false
	}
	return a.node(int32(i)), true
}

// Nodes yields the result of every node some activity needs, in ascending ID order.
func (a *Analysis) Nodes() iter.Seq[NodeResult] {
	return func(yield func(NodeResult) bool) {
		for i, in := range a.inScope {
			if in && !yield(a.node(int32(i))) {
				return
			}
		}
	}
}

// ActivityResult is one activity's objectives against the recovery its needs can achieve. A
// plain value; the zero value describes no activity.
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
	Resumed  Optional[time.Duration]
	Findings []Finding
}

// Activities returns every activity's result, in input order.
func (a *Analysis) Activities() []ActivityResult {
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
// the rolled-up achievable recovery exceeds the required RTO; for an RPO gap the data loss its
// backups allow exceeds the required RPO. Cause and Demand explain it. A plain value.
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
// unknown capability are not gaps; Activities reports them.
func (a *Analysis) Gaps() []Gap {
	// Sort small keys (node index order is ID order), then build the rows.
	type key struct {
		short time.Duration
		node  int32
		kind  GapKind
	}
	var keys []key
	for i, in := range a.inScope {
		if !in {
			continue
		}
		if r, ach := a.reqRTO[i], a.achv[i]; r != unset && ach != never && ach > r {
			keys = append(keys, key{ach - r, int32(i), RTOGap})
		}
		if c := a.caps[i]; c >= 0 && a.reqRPO[i] != unset {
			if dl, ok := a.capList[c].DataLoss.Get(); ok && dl > a.reqRPO[i] {
				keys = append(keys, key{dl - a.reqRPO[i], int32(i), RPOGap})
			}
		}
	}
	slices.SortFunc(keys, func(x, y key) int {
		return cmp.Or(cmp.Compare(y.short, x.short), cmp.Compare(x.kind, y.kind), cmp.Compare(x.node, y.node))
	})
	out := make([]Gap, len(keys))
	for j, k := range keys {
		i := k.node
		g := Gap{Kind: k.kind, Node: a.model.IDAt(int(i)), Shortfall: k.short}
		if k.kind == RTOGap {
			g.Required, g.Achievable, g.RequiredBy, g.Tested = a.reqRTO[i], a.achv[i], a.acts[a.rtoAct[i]].ID, a.tested[i]
		} else {
			c := a.capList[a.caps[i]]
			g.Required, g.Achievable, g.RequiredBy, g.Tested = a.reqRPO[i], c.DataLoss.Or(0), a.acts[a.rpoAct[i]].ID, c.Basis == Tested
		}
		out[j] = g
	}
	return out
}

// Link is one node on a critical path. A plain value.
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
	i, ok := a.model.Index(id)
	if !ok || !a.inScope[i] {
		return nil
	}
	var out []Link
	for v := int32(i); v >= 0; v = a.crit[v] {
		l := Link{Node: a.model.IDAt(int(v)), Achievable: opt(a.achv[v])}
		if c := a.caps[v]; c >= 0 {
			l.Restore, l.Basis, l.Proven = Some(a.capList[c].Restore), a.capList[c].Basis, a.capList[c].Proven
		}
		out = append(out, l)
	}
	return out
}

// Demand is the chain above a node through which its required RTO arrives: the activity first,
// then each dependent down to the node. Nil when the node has no required RTO.
func (a *Analysis) Demand(id itsm.ID) []string {
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
