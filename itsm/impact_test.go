package itsm_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

func depsOn(ids ...itsm.ID) []itsm.Edge {
	out := make([]itsm.Edge, len(ids))
	for i, id := range ids {
		out[i] = itsm.Edge{Target: id}
	}
	return out
}

// shop is a small hand-checked model: a web shop whose checkout needs the app, which needs two
// of three database replicas and, optionally, a cache.
func shop(t testing.TB) *itsm.Model {
	t.Helper()
	m, err := itsm.NewBuilder().
		AddProvider(itsm.Provider{ID: "acme"}).
		AddResource(
			itsm.Resource{ID: "db-1", Kind: itsm.Data, Provider: "acme"},
			itsm.Resource{ID: "db-2", Kind: itsm.Data, Provider: "acme"},
			itsm.Resource{ID: "db-3", Kind: itsm.Data, Provider: "acme"},
			itsm.Resource{ID: "cache", Kind: itsm.Software, Provider: "acme"},
			itsm.Resource{ID: "host", Kind: itsm.Hardware, Provider: "acme"},
		).
		AddService(
			itsm.Service{ID: "app", Provider: "acme", Requires: []itsm.Group{
				{Name: "host", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("host")},
				{Name: "replicas", Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}, DegradedBelow: itsm.Threshold{Count: 3}},
					Members: depsOn("db-1", "db-2", "db-3")},
				{Name: "cache", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "cache", Map: itsm.Mapping{Kind: itsm.Lower, Levels: 1}}}},
			}},
			itsm.Service{ID: "checkout", Provider: "acme", Requires: []itsm.Group{
				{Name: "app", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("app")},
			}},
			itsm.Service{ID: "catalogue", Provider: "acme", Requires: []itsm.Group{
				{Name: "host", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("host")},
			}},
		).
		AddAccessPoint(
			itsm.AccessPoint{ID: "shop-web", Service: "checkout"},
			itsm.AccessPoint{ID: "catalogue-web", Service: "catalogue"},
		).
		AddCustomer(itsm.Customer{ID: "alice-co"}, itsm.Customer{ID: "bob-co"}).
		AddSubscription(
			itsm.Subscription{Customer: "alice-co", Service: "checkout", Agreement: "sla-gold"},
			itsm.Subscription{Customer: "alice-co", Service: "catalogue", Agreement: "sla-gold"},
			itsm.Subscription{Customer: "bob-co", Service: "catalogue", Agreement: "sla-basic"},
		).
		AddUser(
			itsm.User{ID: "u-ann", Customer: "alice-co", AccessPoints: []itsm.ID{"shop-web"}},
			itsm.User{ID: "u-bea", Customer: "bob-co", AccessPoints: []itsm.ID{"catalogue-web"}},
		).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func mustAnalyzer(t testing.TB, m *itsm.Model, p itsm.Policy) *itsm.Analyzer {
	t.Helper()
	a, err := itsm.NewAnalyzer(m, p)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func mustEvaluate(t testing.TB, a *itsm.Analyzer, obs ...itsm.Observation) *itsm.Evaluation {
	t.Helper()
	ev, err := a.Evaluate(obs)
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

func TestEvaluateShop(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "db-2", State: D}, itsm.Observation{ID: "cache", State: D, Flags: itsm.Acknowledged})
	want := []itsm.NodeStatus{
		{ID: "app", Status: itsm.Status{State: G}},
		{ID: "cache", Status: itsm.Status{State: D, Flags: itsm.Acknowledged}},
		{ID: "checkout", Status: itsm.Status{State: G}},
		{ID: "db-2", Status: itsm.Status{State: D}},
	}
	if diff := cmp.Diff(want, ev.NotOperational()); diff != "" {
		t.Errorf("not operational (-want +got):\n%s", diff)
	}
	x, err := ev.Explain("app")
	if err != nil {
		t.Fatal(err)
	}
	// The cache group is degraded too (down lowered by one): both groups at the node's state are
	// named, in group order, and both deciding groups' flags merge: db-2 is not acknowledged.
	wantX := `app degraded: group "replicas" at-least (down below 2, degraded below 3): 2 operational, 1 down of 3 applicable; decided by db-2 down; ` +
		`and group "cache" all-of: 1 degraded of 1 applicable; decided by cache down[acknowledged] (lower 1 → degraded)`
	if got := x.String(); got != wantX {
		t.Errorf("explain app:\n got %s\nwant %s", got, wantX)
	}
	// The path is one chain (ties in group order: through the replicas); the causes are both.
	path, err := ev.Path("checkout")
	if err != nil {
		t.Fatal(err)
	}
	var ids []itsm.ID
	for _, p := range path {
		ids = append(ids, p.ID)
	}
	if diff := cmp.Diff([]itsm.ID{"checkout", "app", "db-2"}, ids); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
	causes, err := ev.Causes("checkout")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"cache", "db-2"}, causes); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}

	aff := ev.Affected()
	wantAff := itsm.Affected{
		Services:     []itsm.NodeStatus{{ID: "app", Status: itsm.Status{State: G}}, {ID: "checkout", Status: itsm.Status{State: G}}},
		Customers:    []itsm.CustomerImpact{{Customer: "alice-co", State: G, Services: []itsm.ID{"checkout"}}},
		Users:        []itsm.UserImpact{{User: "u-ann", State: G}},
		AccessPoints: []itsm.AccessPointImpact{{AccessPoint: "shop-web", Service: "checkout", Status: itsm.Status{State: G}}},
		Agreements:   []itsm.AgreementImpact{{Agreement: "sla-gold", Customer: "alice-co", Service: "checkout", Status: itsm.Status{State: G}}},
	}
	if diff := cmp.Diff(wantAff, aff); diff != "" {
		t.Errorf("affected (-want +got):\n%s", diff)
	}
}

func TestEvaluateHandledFlags(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "host", State: D, Flags: itsm.InMaintenance})
	for _, c := range []struct {
		id   itsm.ID
		want itsm.Status
	}{
		{"host", itsm.Status{State: D, Flags: itsm.InMaintenance}},
		{"app", itsm.Status{State: D, Flags: itsm.InMaintenance}},
		{"checkout", itsm.Status{State: D, Flags: itsm.InMaintenance}},
		{"catalogue", itsm.Status{State: D, Flags: itsm.InMaintenance}},
	} {
		got, _ := ev.Status(c.id)
		if got != c.want {
			t.Errorf("%s: got %v, want %v", c.id, got, c.want)
		}
	}
	// A second, unhandled failure at the same level takes the handled flag away.
	ev = mustEvaluate(t, a, itsm.Observation{ID: "host", State: D, Flags: itsm.InMaintenance},
		itsm.Observation{ID: "db-1", State: D}, itsm.Observation{ID: "db-3", State: D})
	if got, _ := ev.Status("checkout"); got != (itsm.Status{State: D}) {
		t.Errorf("checkout with unhandled replicas down: %v", got)
	}
	// Under the Icinga --downtime-is-ok reading, the host counts as operational.
	b := mustAnalyzer(t, shop(t), itsm.Policy{Maintenance: itsm.HandledAsOperational})
	ev = mustEvaluate(t, b, itsm.Observation{ID: "host", State: D, Flags: itsm.InMaintenance})
	if got := ev.NotOperational(); len(got) != 1 || got[0].ID != "host" {
		t.Errorf("downtime-is-ok: %v", got)
	}
}

func TestEvaluateUnobservedPolicy(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{Unobserved: itsm.Unknown})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "host", State: O}, itsm.Observation{ID: "db-1", State: O},
		itsm.Observation{ID: "db-2", State: O}, itsm.Observation{ID: "db-3", State: O})
	// Only the cache has no data: lowered by one, its worst case is degraded.
	for id, want := range map[itsm.ID]itsm.State{"cache": U, "app": G, "checkout": G, "catalogue": O} {
		if got, _ := ev.Status(id); got.State != want {
			t.Errorf("%s: got %v, want %v", id, got, want)
		}
	}
	x, _ := ev.Explain("cache")
	if x.Cause != itsm.CauseUnobserved {
		t.Errorf("cache cause %v", x.Cause)
	}
}

func TestEvaluateErrors(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	cases := []struct {
		name string
		obs  []itsm.Observation
		want error
	}{
		{"unknown ID", []itsm.Observation{{ID: "db-9", State: D}}, itsm.ErrUnknownID},
		{"customer is not a node", []itsm.Observation{{ID: "alice-co", State: D}}, itsm.ErrUnknownID},
		{"duplicate", []itsm.Observation{{ID: "db-1", State: D}, {ID: "db-1", State: O}}, itsm.ErrDuplicateObservation},
	}
	for _, c := range cases {
		_, err := a.Evaluate(c.obs)
		var oe *itsm.ObservationError
		if !errors.Is(err, c.want) || !errors.As(err, &oe) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	_, err := a.Evaluate([]itsm.Observation{{ID: "db-1", State: 42}})
	var ee *itsm.EnumError
	if !errors.As(err, &ee) {
		t.Errorf("bad state: got %v", err)
	}
	if got := fmt.Sprint(err); got != `itsm: observation[0] "db-1": invalid State "State(42)"` {
		t.Errorf("message %q", got)
	}
	if _, err := itsm.NewAnalyzer(shop(t), itsm.Policy{Unobserved: 17}); !errors.Is(err, itsm.ErrPolicy) {
		t.Errorf("bad policy: %v", err)
	}
	ev := mustEvaluate(t, a)
	if _, err := ev.Explain("nope"); !errors.Is(err, itsm.ErrUnknownID) {
		t.Errorf("explain unknown: %v", err)
	}
	// An empty model evaluates to nothing, without error.
	empty, err := itsm.NewBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	ev = mustEvaluate(t, mustAnalyzer(t, empty, itsm.Policy{}))
	if ev.Len() != 0 || len(ev.NotOperational()) != 0 || !cmp.Equal(ev.Affected(), itsm.Affected{}) {
		t.Errorf("empty model: %v", ev.Affected())
	}
	radii, err := mustAnalyzer(t, empty, itsm.Policy{}).BlastRadius(nil)
	if err != nil || len(radii) != 0 {
		t.Errorf("empty model radii %v, %v", radii, err)
	}
}

// ring builds a cycle a → b → c → a (all-of), with a also needing leaf x and c optionally y.
func ring(t testing.TB, op itsm.Operator) *itsm.Model {
	t.Helper()
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "x", Kind: itsm.Hardware}, itsm.Resource{ID: "y", Kind: itsm.Hardware}).
		AddService(
			itsm.Service{ID: "a", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("b", "x")}}},
			itsm.Service{ID: "b", Requires: []itsm.Group{{Rule: itsm.Rule{Op: op}, Members: depsOn("c")}}},
			itsm.Service{ID: "c", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AnyOf}, Members: depsOn("a", "y")}}},
			itsm.Service{ID: "top", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("a")}}},
		).Build()
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestEvaluateCycle(t *testing.T) {
	a := mustAnalyzer(t, ring(t, itsm.AllOf), itsm.Policy{})
	// x down: a down, b (all-of c) follows c; c is any-of(a, y) and y is up, so c stays up.
	ev := mustEvaluate(t, a, itsm.Observation{ID: "x", State: D})
	got := map[itsm.ID]itsm.State{}
	for _, ns := range ev.NotOperational() {
		got[ns.ID] = ns.Status.State
	}
	if diff := cmp.Diff(map[itsm.ID]itsm.State{"x": D, "a": D, "top": D}, got); diff != "" {
		t.Errorf("x down (-want +got):\n%s", diff)
	}
	// y down as well: c loses its last support and the whole cycle shares the fate.
	ev = mustEvaluate(t, a, itsm.Observation{ID: "x", State: D}, itsm.Observation{ID: "y", State: D})
	got = map[itsm.ID]itsm.State{}
	for _, ns := range ev.NotOperational() {
		got[ns.ID] = ns.Status.State
	}
	if diff := cmp.Diff(map[itsm.ID]itsm.State{"x": D, "y": D, "a": D, "b": D, "c": D, "top": D}, got); diff != "" {
		t.Errorf("x, y down (-want +got):\n%s", diff)
	}
	// Only y down: the cycle supports itself through x (least fixpoint), nothing else fails.
	ev = mustEvaluate(t, a, itsm.Observation{ID: "y", State: D})
	if got := ev.NotOperational(); len(got) != 1 {
		t.Errorf("y down: %v", got)
	}
	// Every explanation inside the cycle reaches an observed input.
	ev = mustEvaluate(t, a, itsm.Observation{ID: "x", State: D}, itsm.Observation{ID: "y", State: D})
	for _, id := range []itsm.ID{"a", "b", "c", "top"} {
		causes, err := ev.Causes(id)
		if err != nil {
			t.Fatal(err)
		}
		if len(causes) == 0 {
			t.Errorf("%s: no causes", id)
		}
		for _, c := range causes {
			if c != "x" && c != "y" {
				t.Errorf("%s: cause %s", id, c)
			}
		}
	}
}

func TestNonMonotoneCycle(t *testing.T) {
	_, err := itsm.NewAnalyzer(ring(t, itsm.Invert), itsm.Policy{})
	var ce *itsm.CycleError
	if !errors.Is(err, itsm.ErrNonMonotoneCycle) || !errors.As(err, &ce) {
		t.Fatalf("got %v", err)
	}
	if diff := cmp.Diff([]itsm.ID{"a", "b", "c"}, ce.Cycle); diff != "" || ce.Node != "b" {
		t.Errorf("cycle %v node %s", ce.Cycle, ce.Node)
	}
	if got := err.Error(); got != `itsm: non-monotone operator inside a cycle: node "b" in cycle [a b c]` {
		t.Errorf("message %q", got)
	}
}

func TestIncrementalShop(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	in := mustEvaluate(t, a).Incremental()
	changes, err := in.Apply(itsm.Observation{ID: "db-2", State: D})
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, c := range changes {
		lines = append(lines, c.String())
	}
	want := []string{
		`db-2 operational → down: observed`,
		`app operational → degraded: group "replicas" at-least (down below 2, degraded below 3): 2 operational, 1 down of 3 applicable; decided by db-2 down`,
		`checkout operational → degraded: group "app" all-of: 1 degraded of 1 applicable; decided by app degraded`,
	}
	if diff := cmp.Diff(want, lines); diff != "" {
		t.Errorf("changes (-want +got):\n%s", diff)
	}
	changes, err = in.Apply(itsm.Clear("db-2"))
	if err != nil || len(changes) != 3 {
		t.Fatalf("clear: %v %v", changes, err)
	}
	if _, err := in.Apply(itsm.Observation{ID: "nope", State: D}); !errors.Is(err, itsm.ErrUnknownID) {
		t.Errorf("unknown: %v", err)
	}
}

// genModel draws a random valid model: leaves r00.. (resources) and services s00.. with one or two
// groups each. In DAG mode members come from earlier nodes only and Invert is allowed; otherwise
// members come from any other node, so cycles appear, and Invert is left out.
func genModel(t *rapid.T, dag, invert bool) (*itsm.Builder, []itsm.ID, []itsm.ID) {
	nl := rapid.IntRange(1, 6).Draw(t, "leaves")
	ns := rapid.IntRange(1, 8).Draw(t, "services")
	var leaves, all []itsm.ID
	b := itsm.NewBuilder()
	for i := range nl {
		id := itsm.ID(fmt.Sprintf("r%02d", i))
		leaves = append(leaves, id)
		all = append(all, id)
		b.AddResource(itsm.Resource{ID: id, Kind: itsm.Hardware})
	}
	var svcIDs []itsm.ID
	for i := range ns {
		svcIDs = append(svcIDs, itsm.ID(fmt.Sprintf("s%02d", i)))
	}
	for i, id := range svcIDs {
		pool := slices.Clone(leaves)
		if dag {
			pool = append(pool, svcIDs[:i]...)
		} else {
			for _, o := range svcIDs {
				if o != id {
					pool = append(pool, o)
				}
			}
		}
		var groups []itsm.Group
		for g := range rapid.IntRange(1, 2).Draw(t, "groups") {
			k := rapid.IntRange(1, min(4, len(pool))).Draw(t, "size")
			perm := rand.New(rand.NewPCG(uint64(rapid.Uint32().Draw(t, "seed")), 1)).Perm(len(pool))[:k]
			var ms []itsm.Edge
			total := 0
			for _, p := range perm {
				e := itsm.Edge{Target: pool[p], Map: genMapping(t), Weight: rapid.IntRange(0, 3).Draw(t, "w")}
				ms = append(ms, e)
				total += max(e.Weight, 1)
			}
			r := genRule(t, k, total)
			if dag && invert && k == 1 && rapid.IntRange(0, 5).Draw(t, "invert") == 0 {
				r = itsm.Rule{Op: itsm.Invert}
			}
			unweighted(r, ms)
			groups = append(groups, itsm.Group{Name: fmt.Sprintf("g%d", g), Rule: r, Members: ms})
		}
		b.AddService(itsm.Service{ID: id, Requires: groups})
	}
	all = append(all, svcIDs...)
	return b, leaves, all
}

func genObservations(t *rapid.T, ids []itsm.ID, label string) []itsm.Observation {
	var obs []itsm.Observation
	for _, id := range ids {
		if rapid.IntRange(0, 2).Draw(t, label+"has") == 0 {
			continue
		}
		obs = append(obs, itsm.Observation{ID: id,
			State: rapid.SampledFrom([]itsm.State{O, G, U, D, NA}).Draw(t, label+"state"),
			Flags: itsm.Flags(rapid.IntRange(0, 7).Draw(t, label+"flags"))})
	}
	return obs
}

func statuses(ev *itsm.Evaluation, ids []itsm.ID) map[itsm.ID]itsm.Status {
	out := map[itsm.ID]itsm.Status{}
	for _, id := range ids {
		out[id], _ = ev.Status(id)
	}
	return out
}

func explanations(t *rapid.T, ev *itsm.Evaluation, ids []itsm.ID) map[itsm.ID]string {
	out := map[itsm.ID]string{}
	for _, id := range ids {
		x, err := ev.Explain(id)
		if err != nil {
			t.Fatal(err)
		}
		out[id] = x.String()
	}
	return out
}

func monotonePolicy(t *rapid.T) itsm.Policy {
	p := genPolicy(t)
	p.Unknown = rapid.SampledFrom([]itsm.UnknownPolicy{itsm.UnknownUncertain, itsm.UnknownAsDown}).Draw(t, "unknownMonotone")
	p.Maintenance = rapid.SampledFrom([]itsm.HandledPolicy{itsm.HandledKeepState, itsm.HandledAsOperational}).Draw(t, "maintMonotone")
	p.Acknowledged = rapid.SampledFrom([]itsm.HandledPolicy{itsm.HandledKeepState, itsm.HandledAsOperational}).Draw(t, "ackMonotone")
	p.Unobserved = 0 // an unobserved leaf is then the best case, and observing it can only worsen it
	return p
}

// testMoreFailureNeverHelps: with monotone operators and policies, worsening one observation
// never improves any node, in DAGs and in cycles alike.
func testMoreFailureNeverHelps(t *rapid.T) {
	b, _, all := genModel(t, rapid.Bool().Draw(t, "dag"), false)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	a, err := itsm.NewAnalyzer(m, monotonePolicy(t))
	if err != nil {
		t.Skip("non-monotone cycle")
	}
	obs := genObservations(t, all, "obs")
	for i := range obs {
		obs[i].Flags = 0 // flags change the handled reading; keep the order about states only
		if obs[i].State == NA {
			obs[i].State = O
		}
	}
	before, err := a.Evaluate(obs)
	if err != nil {
		t.Fatal(err)
	}
	id := rapid.SampledFrom(all).Draw(t, "worsen")
	worse := slices.Clone(obs)
	k := slices.IndexFunc(worse, func(o itsm.Observation) bool { return o.ID == id })
	if k < 0 {
		worse = append(worse, itsm.Observation{ID: id, State: O})
		k = len(worse) - 1
	}
	cur := worse[k].State
	worse[k].State = rapid.SampledFrom(knownStates).Filter(func(s itsm.State) bool { return s >= cur }).Draw(t, "to")
	after, err := a.Evaluate(worse)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range all {
		s0, _ := before.Status(n)
		s1, _ := after.Status(n)
		if s1.State < s0.State {
			t.Fatalf("%s %v→%v improved %s from %v to %v", id, cur, worse[k].State, n, s0, s1)
		}
	}
}

func TestMoreFailureNeverHelps(t *testing.T) { rapid.Check(t, testMoreFailureNeverHelps) }
func FuzzMoreFailureNeverHelps(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testMoreFailureNeverHelps)) }

// testInsertionOrder: the same model built with objects, groups, groups' members and observations
// in another order gives the same statuses.
func testInsertionOrder(t *rapid.T) {
	b, _, all := genModel(t, rapid.Bool().Draw(t, "dag"), true)
	m1, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	seed := rapid.Uint64().Draw(t, "shuffle")
	rng := rand.New(rand.NewPCG(seed, 2))
	b2 := itsm.NewBuilder()
	var svcs []itsm.Service
	for s := range m1.Services() {
		for gi := range s.Requires {
			ms := s.Requires[gi].Members
			rng.Shuffle(len(ms), func(i, j int) { ms[i], ms[j] = ms[j], ms[i] })
		}
		rng.Shuffle(len(s.Requires), func(i, j int) { s.Requires[i], s.Requires[j] = s.Requires[j], s.Requires[i] })
		svcs = append(svcs, s)
	}
	rng.Shuffle(len(svcs), func(i, j int) { svcs[i], svcs[j] = svcs[j], svcs[i] })
	var res []itsm.Resource
	for r := range m1.Resources() {
		res = append(res, r)
	}
	rng.Shuffle(len(res), func(i, j int) { res[i], res[j] = res[j], res[i] })
	for i := range max(len(svcs), len(res)) {
		if i < len(res) {
			b2.AddResource(res[i])
		}
		if i < len(svcs) {
			b2.AddService(svcs[i])
		}
	}
	m2, err := b2.Build()
	if err != nil {
		t.Fatal(err)
	}
	p := genPolicy(t)
	a1, err1 := itsm.NewAnalyzer(m1, p)
	a2, err2 := itsm.NewAnalyzer(m2, p)
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("analyzer errors differ: %v / %v", err1, err2)
	}
	if err1 != nil {
		return
	}
	obs := genObservations(t, all, "obs")
	obs2 := slices.Clone(obs)
	rng.Shuffle(len(obs2), func(i, j int) { obs2[i], obs2[j] = obs2[j], obs2[i] })
	e1, err1 := a1.Evaluate(obs)
	e2, err2 := a2.Evaluate(obs2)
	if (err1 == nil) != (err2 == nil) {
		t.Fatalf("evaluation errors differ: %v / %v", err1, err2)
	}
	if err1 != nil {
		return
	}
	if diff := cmp.Diff(statuses(e1, all), statuses(e2, all)); diff != "" {
		t.Fatalf("statuses differ (-first +shuffled):\n%s", diff)
	}
}

func TestInsertionOrder(t *testing.T) { rapid.Check(t, testInsertionOrder) }
func FuzzInsertionOrder(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testInsertionOrder)) }

// testIncrementalEqualsFull: after any sequence of changes, the incremental evaluation equals a
// full evaluation of the final observations, statuses and explanations alike; the reported changes
// are exactly the nodes whose status differs from before each step.
func testIncrementalEqualsFull(t *rapid.T) {
	b, _, all := genModel(t, rapid.Bool().Draw(t, "dag"), true)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	a, err := itsm.NewAnalyzer(m, genPolicy(t))
	if err != nil {
		t.Skip("non-monotone cycle")
	}
	obs := genObservations(t, all, "start")
	ev, err := a.Evaluate(obs)
	if err != nil {
		t.Skip("no fixpoint under a non-monotone policy")
	}
	in := ev.Incremental()
	current := map[itsm.ID]itsm.Observation{}
	for _, o := range obs {
		current[o.ID] = o
	}
	for step := range rapid.IntRange(1, 6).Draw(t, "steps") {
		prev := statuses(in.Evaluation(), all)
		batch := genObservations(t, all, fmt.Sprintf("step%d", step))
		for i := range batch {
			if rapid.IntRange(0, 4).Draw(t, "clear") == 0 {
				batch[i] = itsm.Clear(batch[i].ID)
			}
		}
		changes, err := in.Apply(batch...)
		if err != nil {
			t.Skip("no fixpoint under a non-monotone policy")
		}
		for _, o := range batch {
			if o.Clear {
				delete(current, o.ID)
			} else {
				current[o.ID] = o
			}
		}
		var final []itsm.Observation
		for _, id := range all {
			if o, ok := current[id]; ok {
				final = append(final, o)
			}
		}
		full, err := a.Evaluate(final)
		if err != nil {
			t.Skip("no fixpoint under a non-monotone policy")
		}
		got := in.Evaluation()
		if diff := cmp.Diff(statuses(full, all), statuses(got, all)); diff != "" {
			t.Fatalf("step %d statuses (-full +incremental):\n%s", step, diff)
		}
		if diff := cmp.Diff(explanations(t, full, all), explanations(t, got, all)); diff != "" {
			t.Fatalf("step %d explanations (-full +incremental):\n%s", step, diff)
		}
		now := statuses(got, all)
		var wantChanged, gotChanged []itsm.ID
		for _, id := range all {
			if prev[id] != now[id] {
				wantChanged = append(wantChanged, id)
			}
		}
		for _, c := range changes {
			gotChanged = append(gotChanged, c.ID)
			if c.Before != prev[c.ID] || c.After != now[c.ID] {
				t.Fatalf("change %v: before/after disagree with %v/%v", c, prev[c.ID], now[c.ID])
			}
		}
		slices.Sort(gotChanged)
		if diff := cmp.Diff(wantChanged, gotChanged); diff != "" {
			t.Fatalf("step %d changed nodes (-want +got):\n%s", step, diff)
		}
	}
}

func TestIncrementalEqualsFull(t *testing.T) { rapid.Check(t, testIncrementalEqualsFull) }
func FuzzIncrementalEqualsFull(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testIncrementalEqualsFull)) }

// testExplanationsReachInputs: every non-operational node's path ends at an observed input, an
// unobserved leaf, or a group that made the state on its own; its causes are such nodes; and
// neither the observations nor the model change.
func testExplanationsReachInputs(t *rapid.T) {
	dag := rapid.Bool().Draw(t, "dag")
	b, _, all := genModel(t, dag, true)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	before := modelFingerprint(m)
	// Inside cycles the ignoring policies are not monotone and a cycle can keep up a state its
	// first cause no longer supports; the guarantee holds for the monotone policies.
	p := genPolicy(t)
	if !dag {
		p = monotonePolicy(t)
	}
	if rapid.Bool().Draw(t, "unobservedUnknown") {
		p.Unobserved = U
	}
	a, err := itsm.NewAnalyzer(m, p)
	if err != nil {
		t.Skip("non-monotone cycle")
	}
	obs := genObservations(t, all, "obs")
	obsCopy := slices.Clone(obs)
	ev, err := a.Evaluate(obs)
	if err != nil {
		if !dag {
			t.Fatalf("a monotone policy must reach a fixpoint: %v", err)
		}
		t.Skip("no fixpoint under a non-monotone policy")
	}
	if diff := cmp.Diff(obsCopy, obs); diff != "" {
		t.Fatalf("observations mutated:\n%s", diff)
	}
	if after := modelFingerprint(m); after != before {
		t.Fatalf("model mutated")
	}
	for _, ns := range ev.NotOperational() {
		path, err := ev.Path(ns.ID)
		if err != nil {
			t.Fatal(err)
		}
		last := path[len(path)-1]
		if !endsExplanation(last) && (dag || !ruleSource(m, ev, last.ID)) {
			t.Fatalf("%s: path ends at %v", ns.ID, last)
		}
		for i := 1; i < len(path); i++ {
			if !slices.ContainsFunc(path[i-1].Deciders, func(d itsm.Decider) bool { return d.ID == path[i].ID }) && path[i-1].Cause == itsm.CauseGroup {
				// Inside a cycle the fallback walks any non-operational member.
				if !inSomeGroup(m, path[i-1].ID, path[i].ID) {
					t.Fatalf("%s: path step %s → %s is not a dependency", ns.ID, path[i-1].ID, path[i].ID)
				}
			}
		}
		causes, err := ev.Causes(ns.ID)
		if err != nil || len(causes) == 0 {
			t.Fatalf("%s: causes %v, %v", ns.ID, causes, err)
		}
		for _, c := range causes {
			x, _ := ev.Explain(c)
			if !endsExplanation(x) && (dag || !ruleSource(m, ev, c)) {
				t.Fatalf("%s: cause %v does not end an explanation", ns.ID, x)
			}
		}
	}
}

// endsExplanation: an observed or unobserved input, or a group with a decider whose contribution
// the rule made (a Fixed mapping, an inversion of an operational member), or nothing applicable.
func endsExplanation(x itsm.Explanation) bool {
	if x.Observed.State != 0 && x.Observed.State != O && x.Observed.State != NA {
		return true // an observed problem, possibly amplified by a cycle
	}
	switch x.Cause {
	case itsm.CauseObserved, itsm.CauseUnobserved:
		return true
	case itsm.CauseGroup:
		// Every group at the node's state decides it (Also after the first): the explanation
		// ends where one of them made the state on its own.
		groups := append([]itsm.GroupCause{{Deciders: x.Deciders}}, x.Also...)
		for _, g := range groups {
			if len(g.Deciders) == 0 {
				return true // nothing applicable
			}
			for _, d := range g.Deciders {
				if d.Status.State == O || d.Status.State == NA || d.Map.Kind == itsm.Fixed {
					return true // the rule made the state
				}
			}
		}
		return false
	}
	return false
}

// ruleSource: some group of id has a member mapped to a fixed non-operational state, or no
// applicable member. Inside a cycle the walk may end there even when another group decides the
// node: that rule-made state is what the cycle amplified.
func ruleSource(m *itsm.Model, ev *itsm.Evaluation, id itsm.ID) bool {
	svc, ok := m.Service(id)
	if !ok {
		return false
	}
	for _, g := range svc.Requires {
		applicable := false
		for _, e := range g.Members {
			if e.Map.Kind == itsm.Fixed && e.Map.Fixed != O && e.Map.Fixed != NA {
				return true
			}
			st, _ := ev.Status(e.Target)
			if e.Map.Apply(st.State) != NA {
				applicable = true
			}
		}
		if !applicable {
			return true
		}
	}
	return false
}

func inSomeGroup(m *itsm.Model, from, to itsm.ID) bool {
	for d := range m.Dependencies(from) {
		if d == to {
			return true
		}
	}
	return false
}

func modelFingerprint(m *itsm.Model) string {
	var s string
	for svc := range m.Services() {
		s += fmt.Sprintf("%+v\n", svc)
	}
	for r := range m.Resources() {
		s += fmt.Sprintf("%+v\n", r)
	}
	return s
}

func TestExplanationsReachInputs(t *testing.T) { rapid.Check(t, testExplanationsReachInputs) }
func FuzzExplanationsReachInputs(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testExplanationsReachInputs)) }

func ExampleAnalyzer_Evaluate() {
	m, err := itsm.NewBuilder().
		AddResource(
			itsm.Resource{ID: "db-1", Kind: itsm.Data}, itsm.Resource{ID: "db-2", Kind: itsm.Data},
			itsm.Resource{ID: "db-3", Kind: itsm.Data}).
		AddService(itsm.Service{ID: "checkout", Requires: []itsm.Group{{
			Name:    "replicas",
			Rule:    itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}, DegradedBelow: itsm.Threshold{Percent: 100}},
			Members: []itsm.Edge{{Target: "db-1"}, {Target: "db-2"}, {Target: "db-3"}},
		}}}).
		Build()
	if err != nil {
		panic(err)
	}
	a, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		panic(err)
	}
	ev, err := a.Evaluate([]itsm.Observation{{ID: "db-2", State: itsm.Down}})
	if err != nil {
		panic(err)
	}
	x, _ := ev.Explain("checkout")
	fmt.Println(x)
	// Output: checkout degraded: group "replicas" at-least (down below 2, degraded below 100%): 2 operational, 1 down of 3 applicable; decided by db-2 down
}

func ExampleIncremental_Apply() {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db-1", Kind: itsm.Data}, itsm.Resource{ID: "db-2", Kind: itsm.Data}).
		AddService(itsm.Service{ID: "checkout", Requires: []itsm.Group{{
			Name: "db", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: []itsm.Edge{{Target: "db-1"}, {Target: "db-2"}},
		}}}).
		Build()
	if err != nil {
		panic(err)
	}
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate(nil)
	in := ev.Incremental()
	in.Apply(itsm.Observation{ID: "db-1", State: itsm.Down})
	changes, _ := in.Apply(itsm.Observation{ID: "db-2", State: itsm.Down, Flags: itsm.Acknowledged})
	for _, c := range changes {
		fmt.Println(c)
	}
	// Output:
	// db-2 operational → down[acknowledged]: observed
	// checkout operational → down: group "db" any-of: 2 down of 2 applicable; decided by db-1 down, db-2 down[acknowledged]
}

func ExampleEvaluation_Path() {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "disk", Kind: itsm.Hardware}).
		AddService(
			itsm.Service{ID: "db", Requires: []itsm.Group{{Name: "storage", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "disk"}}}}},
			itsm.Service{ID: "shop", Requires: []itsm.Group{{Name: "data", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}},
		).Build()
	if err != nil {
		panic(err)
	}
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate([]itsm.Observation{{ID: "disk", State: itsm.Down, Flags: itsm.Acknowledged}})
	path, _ := ev.Path("shop")
	for _, x := range path {
		fmt.Println(x)
	}
	// Output:
	// shop down[acknowledged]: group "data" all-of: 1 down of 1 applicable; decided by db down[acknowledged]
	// db down[acknowledged]: group "storage" all-of: 1 down of 1 applicable; decided by disk down[acknowledged]
	// disk down[acknowledged]: observed
}

// TestImpactJSON: observations read from a scenario document, and results written back, use the
// text forms of states, flags and causes.
func TestImpactJSON(t *testing.T) {
	var obs []itsm.Observation
	doc := `[{"id": "db-2", "state": "down", "flags": "maintenance+acknowledged"}, {"id": "cache", "state": "degraded"}]`
	if err := json.Unmarshal([]byte(doc), &obs); err != nil {
		t.Fatal(err)
	}
	want := []itsm.Observation{{ID: "db-2", State: D, Flags: itsm.InMaintenance | itsm.Acknowledged}, {ID: "cache", State: G}}
	if diff := cmp.Diff(want, obs); diff != "" {
		t.Fatalf("observations (-want +got):\n%s", diff)
	}
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	ev := mustEvaluate(t, a, obs...)
	x, _ := ev.Explain("app")
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatal(err)
	}
	wantJSON := `{"id":"app","status":{"state":"degraded","flags":"maintenance+acknowledged"},"cause":"group","group":"replicas","groupAt":1,` +
		`"rule":{"op":"at-least","degradedBelow":{"count":3},"downBelow":{"count":2}},"counts":{"operational":2,"down":1},` +
		`"deciders":[{"id":"db-2","status":{"state":"down","flags":"maintenance+acknowledged"},"effective":"down"}]}`
	if diff := cmp.Diff(wantJSON, string(b)); diff != "" {
		t.Errorf("explanation JSON (-want +got):\n%s", diff)
	}
	for _, bad := range []string{`[{"id":"x","state":"broken"}]`, `[{"id":"x","state":"down","flags":"maintenance+oops"}]`} {
		var o []itsm.Observation
		var ee *itsm.EnumError
		if err := json.Unmarshal([]byte(bad), &o); !errors.As(err, &ee) {
			t.Errorf("%s: %v", bad, err)
		}
	}
}
