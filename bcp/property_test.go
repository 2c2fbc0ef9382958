package bcp_test

import (
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
)

// spec is a generated model: node i depends only on nodes before it (so the graph is acyclic)
// unless back edges are added.
type spec struct {
	groups  [][]sgroup
	restore []time.Duration
	acts    []sact
}

type sgroup struct {
	op      itsm.Operator
	k       int
	members []int
}

type sact struct {
	needs []int
	rto   bcp.Optional[time.Duration]
}

func sid(i int) itsm.ID { return itsm.ID(fmt.Sprintf("n%02d", i)) }

func genSpec(t *rapid.T, cycles bool) spec {
	n := rapid.IntRange(1, 18).Draw(t, "nodes")
	s := spec{groups: make([][]sgroup, n), restore: make([]time.Duration, n)}
	for i := range n {
		s.restore[i] = time.Duration(rapid.IntRange(0, 12).Draw(t, "restore")) * time.Hour
		if i == 0 {
			continue
		}
		ng := rapid.IntRange(0, 2).Draw(t, "groups")
		for range ng {
			lo := 0
			hi := i - 1
			if cycles && rapid.IntRange(0, 4).Draw(t, "back") == 0 {
				hi = n - 1
			}
			ms := rapid.SliceOfNDistinct(rapid.IntRange(lo, hi), 1, 4, rapid.ID[int]).Draw(t, "members")
			ms = slices.DeleteFunc(ms, func(m int) bool { return m == i })
			if len(ms) == 0 {
				continue
			}
			g := sgroup{op: rapid.SampledFrom([]itsm.Operator{itsm.AllOf, itsm.AnyOf, itsm.AtLeast}).Draw(t, "op"), members: ms}
			if g.op == itsm.AtLeast {
				g.k = rapid.IntRange(1, len(ms)).Draw(t, "k")
			}
			s.groups[i] = append(s.groups[i], g)
		}
	}
	na := rapid.IntRange(1, 4).Draw(t, "activities")
	for range na {
		a := sact{needs: rapid.SliceOfNDistinct(rapid.IntRange(0, n-1), 1, 3, rapid.ID[int]).Draw(t, "needs")}
		if rapid.Bool().Draw(t, "hasRTO") {
			a.rto = bcp.Some(time.Duration(rapid.IntRange(0, 48).Draw(t, "rto")) * time.Hour)
		}
		s.acts = append(s.acts, a)
	}
	return s
}

func (s spec) build(t interface{ Fatalf(string, ...any) }) (*itsm.Model, []bcp.Activity, map[itsm.ID]bcp.Capability) {
	b := itsm.NewBuilder()
	caps := map[itsm.ID]bcp.Capability{}
	for i, gs := range s.groups {
		r := itsm.Resource{ID: sid(i), Kind: itsm.Hardware}
		for j, g := range gs {
			ig := itsm.Group{Name: fmt.Sprintf("g%d", j), Rule: itsm.Rule{Op: g.op}}
			if g.op == itsm.AtLeast {
				ig.Rule.DownBelow = itsm.Threshold{Count: g.k}
			}
			for _, m := range g.members {
				ig.Members = append(ig.Members, itsm.Edge{Target: sid(m)})
			}
			r.Requires = append(r.Requires, ig)
		}
		b.AddResource(r)
		caps[sid(i)] = bcp.Capability{Restore: s.restore[i], Basis: bcp.Estimated}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatalf("build: %v", err)
	}
	var acts []bcp.Activity
	for k, a := range s.acts {
		act := bcp.Activity{ID: fmt.Sprintf("a%d", k), Objectives: bcp.Objectives{RTO: a.rto}}
		for _, i := range a.needs {
			act.Needs = append(act.Needs, sid(i))
		}
		acts = append(acts, act)
	}
	return m, acts, caps
}

func uncovered(a *bcp.Analysis) []map[itsm.ID]bool {
	var out []map[itsm.ID]bool
	for _, ap := range a.SinglePoints() {
		set := map[itsm.ID]bool{}
		for _, p := range ap.Points {
			set[p.Node] = true
		}
		out = append(out, set)
	}
	return out
}

// testRedundancyNeverAddsSPOF: adding a member to a group, or relaxing all-of to any-of, never
// makes a node a single point of failure that was not one before.
func testRedundancyNeverAddsSPOF(t *rapid.T) {
	s := genSpec(t, false)
	m, acts, caps := s.build(t)
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	before := uncovered(a)
	var cand [][2]int
	for i, gs := range s.groups {
		for j := range gs {
			cand = append(cand, [2]int{i, j})
		}
	}
	if len(cand) == 0 {
		t.Skip("no group to add redundancy to")
	}
	c := rapid.SampledFrom(cand).Draw(t, "group")
	g := &s.groups[c[0]][c[1]]
	g.members = slices.Clone(g.members)
	if g.op == itsm.AllOf && rapid.Bool().Draw(t, "relax") {
		g.op = itsm.AnyOf
	} else {
		// a fresh node with no dependencies joins the group; the threshold stays.
		s.groups = append(s.groups, nil)
		s.restore = append(s.restore, time.Hour)
		g = &s.groups[c[0]][c[1]]
		g.members = append(g.members, len(s.groups)-1)
		if g.op == itsm.AllOf {
			g.op, g.k = itsm.AtLeast, len(g.members)-1
		}
	}
	m2, acts2, caps2 := s.build(t)
	a2, err := bcp.Analyze(m2, acts2, caps2, bcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for k, after := range uncovered(a2) {
		for id := range after {
			if !before[k][id] {
				t.Fatalf("activity %d: %s became a single point of failure", k, id)
			}
		}
	}
}

func TestRedundancyNeverAddsSPOF(t *testing.T) { rapid.Check(t, testRedundancyNeverAddsSPOF) }
func FuzzRedundancyNeverAddsSPOF(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testRedundancyNeverAddsSPOF)) }

// testSlowerNeverFaster: a slower restore of any one node never shortens any achievable time.
func testSlowerNeverFaster(t *rapid.T) {
	s := genSpec(t, rapid.Bool().Draw(t, "cycles"))
	m, acts, caps := s.build(t)
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	i := rapid.IntRange(0, len(s.restore)-1).Draw(t, "slower")
	c := caps[sid(i)]
	c.Restore += time.Duration(rapid.IntRange(1, 10).Draw(t, "by")) * time.Hour
	caps2 := map[itsm.ID]bcp.Capability{}
	for k, v := range caps {
		caps2[k] = v
	}
	caps2[sid(i)] = c
	a2, err := bcp.Analyze(m, acts, caps2, bcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	for r := range a.Nodes() {
		r2, _ := a2.Node(r.ID)
		x, _ := r.Achievable.Get()
		y, _ := r2.Achievable.Get()
		if y < x {
			t.Fatalf("%s: achievable went from %s to %s when %s got slower", r.ID, x, y, sid(i))
		}
	}
	for k, r := range a.Activities() {
		x, _ := r.Achievable.Get()
		y, _ := a2.Activities()[k].Achievable.Get()
		if y < x {
			t.Fatalf("activity %s: achievable went from %s to %s", r.ID, x, y)
		}
	}
}

func TestSlowerNeverFaster(t *testing.T) { rapid.Check(t, testSlowerNeverFaster) }
func FuzzSlowerNeverFaster(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSlowerNeverFaster)) }

// testRequirementsAndOrder: every node's required RTO is at least as demanding as each activity
// that needs it and each dependent that waits for it through a critical member (criticalMember); the recovery order puts every dependency first
// (or in the same step, for a cycle); and nothing given to Analyze is changed.
func testRequirementsAndOrder(t *rapid.T) {
	s := genSpec(t, rapid.Bool().Draw(t, "cycles"))
	m, acts, caps := s.build(t)
	actsCopy := cloneActivities(acts)
	capsCopy := map[itsm.ID]bcp.Capability{}
	for k, v := range caps {
		capsCopy[k] = v
	}
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{Tiers: bcp.DefaultTiers()})
	if err != nil {
		t.Fatal(err)
	}
	_ = a.SinglePoints()
	_ = a.Gaps()
	req := func(id itsm.ID) (time.Duration, bool) {
		r, ok := a.Node(id)
		if !ok {
			t.Fatalf("%s not in the analysis", id)
		}
		return r.RequiredRTO.Get()
	}
	looser := func(child itsm.ID, want time.Duration) {
		got, ok := req(child)
		if !ok || got > want {
			t.Fatalf("%s: required RTO %v (set %v) looser than a consumer's %s", child, got, ok, want)
		}
	}
	for _, act := range acts {
		if rto, ok := act.Objectives.RTO.Get(); ok {
			for _, id := range act.Needs {
				looser(id, rto)
			}
		}
	}
	prio := map[itsm.ID]int{}
	for _, r := range a.RecoveryOrder() {
		if _, dup := prio[r.Node]; dup {
			t.Fatalf("%s listed twice", r.Node)
		}
		prio[r.Node] = r.Priority
	}
	for r := range a.Nodes() {
		i, _ := m.Index(r.ID)
		p, ok := prio[r.ID]
		if !ok {
			t.Fatalf("%s missing from the recovery order", r.ID)
		}
		comp := m.Components().Of(int32(i))
		for _, g := range m.Groups(i) {
			for _, e := range g.Members {
				j, _ := m.Index(e.Target)
				sameCycle := m.Components().Of(int32(j)) == comp
				if rto, ok := r.RequiredRTO.Get(); ok && (sameCycle || criticalMember(a, m, r.ID, g, e.Target)) {
					looser(e.Target, rto)
				}
				same := sameCycle
				if q := prio[e.Target]; q > p || (q == p && !same) {
					t.Fatalf("%s (step %d) before its dependency %s (step %d)", r.ID, p, e.Target, q)
				}
			}
		}
	}
	if d := cmp.Diff(actsCopy, acts); d != "" {
		t.Fatalf("activities mutated:\n%s", d)
	}
	if d := cmp.Diff(capsCopy, caps); d != "" {
		t.Fatalf("capabilities mutated:\n%s", d)
	}
}

func TestRequirementsAndOrder(t *testing.T) { rapid.Check(t, testRequirementsAndOrder) }
func FuzzRequirementsAndOrder(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testRequirementsAndOrder)) }

func cloneActivities(acts []bcp.Activity) []bcp.Activity {
	out := make([]bcp.Activity, len(acts))
	for i, a := range acts {
		a.Needs = slices.Clone(a.Needs)
		out[i] = a
	}
	return out
}

// testSinglePointsMatchBruteForce: on acyclic models the single points of failure are exactly
// the nodes whose loss alone, propagated through every group's rule, brings an activity down.
func testSinglePointsMatchBruteForce(t *rapid.T) {
	s := genSpec(t, false)
	m, acts, caps := s.build(t)
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	n := len(s.groups)
	got := uncovered(a)
	for k, act := range s.acts {
		want := map[itsm.ID]bool{}
		for x := range n {
			down := make([]bool, n)
			for i := range n { // node i depends only on earlier nodes
				down[i] = i == x
				for _, g := range s.groups[i] {
					up := 0
					for _, mb := range g.members {
						if !down[mb] {
							up++
						}
					}
					need := len(g.members)
					switch g.op {
					case itsm.AnyOf:
						need = 1
					case itsm.AtLeast:
						need = g.k
					}
					if up < need {
						down[i] = true
					}
				}
			}
			for _, i := range act.needs {
				if down[i] {
					want[sid(x)] = true
				}
			}
		}
		if d := cmp.Diff(want, got[k]); d != "" {
			t.Fatalf("activity %d (-brute force +SinglePoints):\n%s", k, d)
		}
	}
}

func TestSinglePointsMatchBruteForce(t *testing.T) { rapid.Check(t, testSinglePointsMatchBruteForce) }
func FuzzSinglePointsMatchBruteForce(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testSinglePointsMatchBruteForce))
}

// testSinglePointsMatchItsm: for every service, the single points of failure of an activity that
// needs only that service are the service itself plus exactly the nodes the itsm what-if
// analysis (itsm's SinglePointsOfFailure) names for it.
func testSinglePointsMatchItsm(t *rapid.T) {
	s := genSpec(t, rapid.Bool().Draw(t, "cycles"))
	b := itsm.NewBuilder()
	for i, gs := range s.groups {
		svc := itsm.Service{ID: sid(i)}
		for j, g := range gs {
			ig := itsm.Group{Name: fmt.Sprintf("g%d", j), Rule: itsm.Rule{Op: g.op}}
			if g.op == itsm.AtLeast {
				ig.Rule.DownBelow = itsm.Threshold{Count: g.k}
			}
			for _, m := range g.members {
				ig.Members = append(ig.Members, itsm.Edge{Target: sid(m)})
			}
			svc.Requires = append(svc.Requires, ig)
		}
		b.AddService(svc)
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Components().Cycles()) > 0 {
		t.Skip("cycles: itsm evaluates them to a fixpoint, bcp restores them together")
	}
	var acts []bcp.Activity
	for i := range s.groups {
		acts = append(acts, bcp.Activity{ID: string(sid(i)), Needs: []itsm.ID{sid(i)}})
	}
	a, err := bcp.Analyze(m, acts, nil, bcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	an, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	theirs, err := an.SinglePointsOfFailure(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]itsm.ID{}
	for _, sp := range theirs {
		want[string(sp.Service)] = sp.Nodes
	}
	for _, ap := range a.SinglePoints() {
		var got []itsm.ID
		for _, p := range ap.Points {
			if string(p.Node) != ap.Activity {
				got = append(got, p.Node)
			}
		}
		if d := cmp.Diff(want[ap.Activity], got); d != "" {
			t.Fatalf("service %s (-itsm +bcp):\n%s", ap.Activity, d)
		}
	}
}

func TestSinglePointsMatchItsm(t *testing.T) { rapid.Check(t, testSinglePointsMatchItsm) }
func FuzzSinglePointsMatchItsm(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSinglePointsMatchItsm)) }

// achievableOr is a node's achievable time, math.MaxInt64 when unknown.
func achievableOr(a *bcp.Analysis, id itsm.ID) time.Duration {
	r, _ := a.Node(id)
	return r.Achievable.Or(time.Duration(math.MaxInt64))
}

// criticalMember is the oracle of which members of owner's group g carry owner's requirement:
// every member of an all-of group; for any-of and at-least k the members back no later than the
// k-th fastest (ties included), a member in owner's own cycle counting as back at once. Written
// from the package doc, without the analysis' flat arrays.
func criticalMember(a *bcp.Analysis, m *itsm.Model, owner itsm.ID, g itsm.Group, target itsm.ID) bool {
	need := len(g.Members)
	switch g.Rule.Op {
	case itsm.AnyOf:
		need = 1
	case itsm.AtLeast:
		need = min(g.Rule.DownBelow.Count, len(g.Members))
		if need <= 0 {
			return false
		}
	}
	if g.Rule.Op == itsm.AllOf {
		return true
	}
	oi, _ := m.Index(owner)
	at := func(id itsm.ID) time.Duration {
		if i, _ := m.Index(id); m.Components().Of(int32(i)) == m.Components().Of(int32(oi)) {
			return 0
		}
		return achievableOr(a, id)
	}
	var ts []time.Duration
	for _, e := range g.Members {
		ts = append(ts, at(e.Target))
	}
	slices.Sort(ts)
	return at(target) <= ts[need-1]
}

// testGapsOnlyWhereRedundancyRequires: every RTO gap lies on a chain that delays an activity past
// its RTO. The activity it names (RequiredBy) misses its RTO (or its recovery is unknown), and
// each step of the demand chain from that activity down to the node goes through a member that
// can delay its group (criticalMember). In particular an activity whose achievable time meets
// its RTO has no gap under it, whatever its redundant members' restore times are.
func testGapsOnlyWhereRedundancyRequires(t *rapid.T) {
	s := genSpec(t, rapid.Bool().Draw(t, "cycles"))
	m, acts, caps := s.build(t)
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	if err != nil {
		t.Fatal(err)
	}
	res := map[string]bcp.ActivityResult{}
	for _, r := range a.Activities() {
		res[r.ID] = r
	}
	for _, g := range a.Gaps() {
		if g.Kind != bcp.RTOGap {
			continue
		}
		r := res[g.RequiredBy]
		rto, _ := r.RTO.Get()
		if ach, ok := r.Achievable.Get(); ok && ach <= rto {
			t.Fatalf("gap on %s for %s, which meets its RTO %s (achievable %s)", g.Node, g.RequiredBy, rto, ach)
		}
		chain := a.Demand(g.Node)
		for k := 1; k+1 < len(chain); k++ {
			parent, child := itsm.ID(chain[k]), itsm.ID(chain[k+1])
			pi, _ := m.Index(parent)
			ci, _ := m.Index(child)
			if m.Components().Of(int32(pi)) == m.Components().Of(int32(ci)) {
				continue // a cycle shares its requirement
			}
			ok := false
			for _, grp := range m.Groups(pi) {
				if slices.ContainsFunc(grp.Members, func(e itsm.Edge) bool { return e.Target == child }) && criticalMember(a, m, parent, grp, child) {
					ok = true
				}
			}
			if !ok {
				t.Fatalf("gap on %s: demand chain %v passes %s → %s, a member that cannot delay its group", g.Node, chain, parent, child)
			}
		}
	}
}

func TestGapsOnlyWhereRedundancyRequires(t *testing.T) {
	rapid.Check(t, testGapsOnlyWhereRedundancyRequires)
}
func FuzzGapsOnlyWhereRedundancyRequires(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testGapsOnlyWhereRedundancyRequires))
}
