package itsm_test

import (
	"bytes"
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

// modelParts is everything a generated model is built from, so a property can add it in any order.
type modelParts struct {
	providers     []itsm.Provider
	services      []itsm.Service
	resources     []itsm.Resource
	accessPoints  []itsm.AccessPoint
	customers     []itsm.Customer
	subscriptions []itsm.Subscription
	users         []itsm.User
	desks         []itsm.ServiceDesk
}

func genModelRule(t *rapid.T, members []itsm.Edge) itsm.Rule {
	switch op := rapid.SampledFrom([]itsm.Operator{itsm.AllOf, itsm.AnyOf, itsm.AtLeast, itsm.Weighted, itsm.Invert}).Draw(t, "op"); op {
	case itsm.AtLeast:
		return itsm.Rule{Op: op, DownBelow: itsm.Threshold{Count: rapid.IntRange(0, len(members)).Draw(t, "down")},
			DegradedBelow: itsm.Threshold{Percent: rapid.IntRange(0, 100).Draw(t, "degraded")}}
	case itsm.Weighted:
		total := 0
		for _, e := range members {
			total += max(e.Weight, 1)
		}
		return itsm.Rule{Op: op, DownBelow: itsm.Threshold{Count: rapid.IntRange(0, total).Draw(t, "down")}}
	case itsm.Invert:
		if len(members) != 1 {
			return itsm.Rule{Op: itsm.AllOf}
		}
		return itsm.Rule{Op: op}
	default:
		return itsm.Rule{Op: op}
	}
}

// genModelParts draws a valid model: nodes n0..nk, each service or resource, depending on any other
// nodes (cycles included), with customers, subscriptions, access points, users and a desk.
func genModelParts(t *rapid.T) modelParts {
	var p modelParts
	p.providers = []itsm.Provider{{ID: "prov", Name: "Provider"}}
	n := rapid.IntRange(1, 12).Draw(t, "nodes")
	isSvc := make([]bool, n)
	id := func(i int) itsm.ID { return itsm.ID(fmt.Sprintf("n%02d", i)) }
	for i := range n {
		isSvc[i] = rapid.Bool().Draw(t, "service")
	}
	for i := range n {
		var groups []itsm.Group
		for g := range rapid.IntRange(0, 2).Draw(t, "groups") {
			targets := rapid.SliceOfNDistinct(rapid.IntRange(0, n-1), 1, 4, func(x int) int { return x }).Draw(t, "targets")
			var members []itsm.Edge
			for _, k := range targets {
				if k == i {
					continue
				}
				e := itsm.Edge{Target: id(k), Weight: rapid.IntRange(0, 3).Draw(t, "weight")}
				switch rapid.IntRange(0, 3).Draw(t, "map") {
				case 1:
					e.Map = itsm.Mapping{Kind: itsm.Raise, Levels: 1}
				case 2:
					e.Map = itsm.Mapping{Kind: itsm.Fixed, Fixed: itsm.Degraded}
				}
				members = append(members, e)
			}
			if len(members) == 0 {
				continue
			}
			r := genModelRule(t, members)
			unweighted(r, members)
			groups = append(groups, itsm.Group{Name: fmt.Sprintf("g%d", g), Rule: r, Members: members})
		}
		if isSvc[i] {
			p.services = append(p.services, itsm.Service{ID: id(i), Name: "svc", Provider: "prov",
				Usage: []string{"use"}, Requires: groups})
		} else {
			p.resources = append(p.resources, itsm.Resource{ID: id(i), Kind: itsm.ResourceKind(rapid.IntRange(1, 7).Draw(t, "kind")),
				Provider: "prov", Requires: groups})
		}
	}
	for c := range rapid.IntRange(0, 3).Draw(t, "customers") {
		cid := itsm.ID(fmt.Sprintf("c%d", c))
		p.customers = append(p.customers, itsm.Customer{ID: cid})
		for _, s := range p.services {
			if rapid.Bool().Draw(t, "subscribe") {
				p.subscriptions = append(p.subscriptions, itsm.Subscription{Customer: cid, Service: s.ID, Agreement: "sla"})
				ap := itsm.ID(fmt.Sprintf("ap-%s-%s", cid, s.ID))
				p.accessPoints = append(p.accessPoints, itsm.AccessPoint{ID: ap, Service: s.ID})
				p.users = append(p.users, itsm.User{ID: itsm.ID(fmt.Sprintf("u-%s-%s", cid, s.ID)), Customer: cid, AccessPoints: []itsm.ID{ap}})
			}
		}
	}
	p.desks = []itsm.ServiceDesk{{ID: "desk", Channels: []itsm.Channel{itsm.Portal}}}
	return p
}

func (p modelParts) builder(t *rapid.T, shuffle bool) *itsm.Builder {
	order := func(n int, label string) []int {
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		if shuffle && n > 1 {
			idx = rapid.Permutation(idx).Draw(t, label)
		}
		return idx
	}
	b := itsm.NewBuilder()
	// Interleave kinds differently too: services before or after resources.
	addNodes := func() {
		for _, i := range order(len(p.services), "svc-order") {
			b.AddService(p.services[i])
		}
		for _, i := range order(len(p.resources), "res-order") {
			b.AddResource(p.resources[i])
		}
	}
	if shuffle && rapid.Bool().Draw(t, "users-first") {
		for _, i := range order(len(p.users), "user-order") {
			b.AddUser(p.users[i])
		}
		b.AddDesk(p.desks...)
		for _, i := range order(len(p.subscriptions), "sub-order") {
			b.AddSubscription(p.subscriptions[i])
		}
		b.AddAccessPoint(p.accessPoints...).AddCustomer(p.customers...)
		addNodes()
		b.AddProvider(p.providers...)
		return b
	}
	b.AddProvider(p.providers...)
	addNodes()
	b.AddAccessPoint(p.accessPoints...).AddCustomer(p.customers...).AddSubscription(p.subscriptions...).AddUser(p.users...).AddDesk(p.desks...)
	return b
}

func encodeModel(t rapid.TB, m *itsm.Model) []byte {
	var buf bytes.Buffer
	if err := itsm.EncodeJSON(&buf, m); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// walks collects every query result of a model, for comparisons.
func modelWalks(m *itsm.Model) map[string][]itsm.ID {
	out := map[string][]itsm.ID{}
	for i := range m.Len() {
		id := m.IDAt(i)
		out["deps "+string(id)] = slices.Collect(m.Dependencies(id))
		out["deps* "+string(id)] = slices.Collect(m.TransitiveDependencies(id))
		out["dependents "+string(id)] = slices.Collect(m.Dependents(id))
		out["dependents* "+string(id)] = slices.Collect(m.TransitiveDependents(id))
		out["users "+string(id)] = slices.Collect(m.UsersOf(id))
	}
	for c := range m.Customers() {
		out["services "+string(c.ID)] = slices.Collect(m.ServicesOf(c.ID))
	}
	for _, c := range m.Cycles() {
		out["cycle "+string(c[0])] = c
	}
	return out
}

func testModelInsertionOrder(t *rapid.T) {
	p := genModelParts(t)
	m1, err := p.builder(t, false).Build()
	if err != nil {
		t.Fatalf("generated model invalid: %v", err)
	}
	m2, err := p.builder(t, true).Build()
	if err != nil {
		t.Fatalf("shuffled model invalid: %v", err)
	}
	if !bytes.Equal(encodeModel(t, m1), encodeModel(t, m2)) {
		t.Fatal("encodings differ with insertion order")
	}
	if d := cmp.Diff(modelWalks(m1), modelWalks(m2)); d != "" {
		t.Fatalf("walks differ with insertion order (-first +shuffled):\n%s", d)
	}
}

func TestModelInsertionOrder(t *testing.T) { rapid.Check(t, testModelInsertionOrder) }
func FuzzModelInsertionOrder(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testModelInsertionOrder)) }

func testModelJSONRoundTrip(t *rapid.T) {
	m, err := genModelParts(t).builder(t, false).Build()
	if err != nil {
		t.Fatal(err)
	}
	first := encodeModel(t, m)
	m2, err := itsm.DecodeJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatalf("decode of own encoding: %v\n%s", err, first)
	}
	if second := encodeModel(t, m2); !bytes.Equal(first, second) {
		t.Fatalf("re-encoding differs:\n%s\n---\n%s", first, second)
	}
	if d := cmp.Diff(slices.Collect(m.Services()), slices.Collect(m2.Services()), equateEmpty); d != "" {
		t.Fatalf("services differ after round trip:\n%s", d)
	}
	if d := cmp.Diff(modelWalks(m), modelWalks(m2)); d != "" {
		t.Fatalf("walks differ after round trip:\n%s", d)
	}
}

func TestModelJSONRoundTrip(t *testing.T) { rapid.Check(t, testModelJSONRoundTrip) }
func FuzzModelJSONRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testModelJSONRoundTrip)) }

// copyModelParts copies modelParts through the model types' own structure, so later comparison catches any
// mutation by the builder.
func copyModelParts(p modelParts) modelParts {
	q := p
	q.services = nil
	for _, s := range p.services {
		s.Usage = slices.Clone(s.Usage)
		s.Requires = slices.Clone(s.Requires)
		for i := range s.Requires {
			s.Requires[i].Members = slices.Clone(s.Requires[i].Members)
		}
		q.services = append(q.services, s)
	}
	q.resources = nil
	for _, r := range p.resources {
		r.Requires = slices.Clone(r.Requires)
		for i := range r.Requires {
			r.Requires[i].Members = slices.Clone(r.Requires[i].Members)
		}
		q.resources = append(q.resources, r)
	}
	q.users = nil
	for _, u := range p.users {
		u.AccessPoints = slices.Clone(u.AccessPoints)
		q.users = append(q.users, u)
	}
	q.providers = slices.Clone(p.providers)
	q.accessPoints = slices.Clone(p.accessPoints)
	q.customers = slices.Clone(p.customers)
	q.subscriptions = slices.Clone(p.subscriptions)
	q.desks = slices.Clone(p.desks)
	return q
}

var cmpModelParts = cmp.AllowUnexported(modelParts{})

func testModelInputsNotMutated(t *rapid.T) {
	p := genModelParts(t)
	before := copyModelParts(p)
	m, err := p.builder(t, true).Build(itsm.Strict())
	if err == nil {
		_ = modelWalks(m)
	}
	if d := cmp.Diff(before, p, cmpModelParts); d != "" {
		t.Fatalf("Build mutated its inputs:\n%s", d)
	}
	// Changing the inputs after Build leaves the model alone.
	m, err = p.builder(t, false).Build()
	if err != nil {
		t.Fatal(err)
	}
	enc := encodeModel(t, m)
	for i := range p.services {
		p.services[i].Name = "changed"
		for g := range p.services[i].Requires {
			p.services[i].Requires[g].Members[0].Target = "gone"
		}
	}
	for i := range p.users {
		p.users[i].AccessPoints[0] = "gone"
	}
	if !bytes.Equal(enc, encodeModel(t, m)) {
		t.Fatal("changing the inputs changed the model")
	}
}

func TestModelInputsNotMutated(t *testing.T) { rapid.Check(t, testModelInputsNotMutated) }
func FuzzModelInputsNotMutated(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testModelInputsNotMutated)) }

// testModelWalkLaws: transitive dependents contain the direct ones and are exactly the nodes whose
// transitive dependencies contain the node; cycles are the nodes that reach themselves.
func testModelWalkLaws(t *rapid.T) {
	m, err := genModelParts(t).builder(t, false).Build()
	if err != nil {
		t.Fatal(err)
	}
	deps := map[itsm.ID]map[itsm.ID]bool{}
	for i := range m.Len() {
		id := m.IDAt(i)
		deps[id] = map[itsm.ID]bool{}
		for d := range m.TransitiveDependencies(id) {
			deps[id][d] = true
		}
		for d := range m.Dependencies(id) {
			if !deps[id][d] {
				t.Fatalf("%s: direct dependency %s not transitive", id, d)
			}
		}
	}
	inCycle := map[itsm.ID]bool{}
	for _, c := range m.Cycles() {
		if len(c) < 2 || !slices.IsSorted(c) {
			t.Fatalf("cycle %v", c)
		}
		for _, a := range c {
			inCycle[a] = true
			for _, b := range c {
				if a != b && !deps[a][b] {
					t.Fatalf("cycle %v: %s does not reach %s", c, a, b)
				}
			}
		}
	}
	for i := range m.Len() {
		id := m.IDAt(i)
		trans := map[itsm.ID]bool{}
		for d := range m.TransitiveDependents(id) {
			trans[d] = true
		}
		for d := range m.Dependents(id) {
			if !trans[d] {
				t.Fatalf("%s: direct dependent %s not transitive", id, d)
			}
		}
		for other := range deps {
			if other != id && deps[other][id] != trans[other] {
				t.Fatalf("%s reaches %s: %v, but transitive dependents say %v", other, id, deps[other][id], trans[other])
			}
		}
		// A node reaching itself through others is in a cycle (no self-loops are allowed).
		selfReach := false
		for d := range deps[id] {
			if deps[d][id] {
				selfReach = true
			}
		}
		if selfReach != inCycle[id] {
			t.Fatalf("%s: reaches itself %v, in a listed cycle %v", id, selfReach, inCycle[id])
		}
	}
}

func TestModelWalkLaws(t *testing.T) { rapid.Check(t, testModelWalkLaws) }
func FuzzModelWalkLaws(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testModelWalkLaws)) }

// genJunkParts draws a model that is usually invalid: IDs from a tiny alphabet (so they collide
// within and across kinds, and are sometimes empty), references to anything, random operators,
// thresholds, weights, mappings, kinds and channels.
func genJunkParts(t *rapid.T) modelParts {
	id := func(label string) itsm.ID {
		return itsm.ID(rapid.SampledFrom([]string{"", "a", "b", "c", "d", "p", "q"}).Draw(t, label))
	}
	ids := func(label string) []itsm.ID {
		return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) itsm.ID { return id(label) }), 0, 3).Draw(t, label)
	}
	threshold := func(label string) itsm.Threshold {
		return itsm.Threshold{Count: rapid.IntRange(-1, 4).Draw(t, label+"-count"), Percent: rapid.SampledFrom([]int{0, 0, 50, 101, -5}).Draw(t, label+"-percent")}
	}
	groups := func() []itsm.Group {
		return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) itsm.Group {
			g := itsm.Group{Name: rapid.SampledFrom([]string{"", "g"}).Draw(t, "name"), Rule: itsm.Rule{
				Op:            itsm.Operator(rapid.IntRange(0, 6).Draw(t, "op")),
				DegradedBelow: threshold("degraded"), DownBelow: threshold("down")}}
			for range rapid.IntRange(0, 3).Draw(t, "members") {
				g.Members = append(g.Members, itsm.Edge{Target: id("target"), Weight: rapid.IntRange(-1, 3).Draw(t, "weight"),
					Agreement: rapid.SampledFrom([]string{"", "uc"}).Draw(t, "agreement"),
					Map:       itsm.Mapping{Kind: itsm.MapKind(rapid.IntRange(0, 5).Draw(t, "map")), Levels: rapid.IntRange(0, 1).Draw(t, "levels")}})
			}
			return g
		}), 0, 2).Draw(t, "groups")
	}
	var p modelParts
	for range rapid.IntRange(0, 3).Draw(t, "providers") {
		p.providers = append(p.providers, itsm.Provider{ID: id("provider")})
	}
	for range rapid.IntRange(0, 5).Draw(t, "services") {
		p.services = append(p.services, itsm.Service{ID: id("service"), Provider: id("service-provider"), Requires: groups()})
	}
	for range rapid.IntRange(0, 4).Draw(t, "resources") {
		p.resources = append(p.resources, itsm.Resource{ID: id("resource"), Kind: itsm.ResourceKind(rapid.IntRange(0, 8).Draw(t, "kind")), Provider: id("resource-provider"), Requires: groups()})
	}
	for range rapid.IntRange(0, 3).Draw(t, "access points") {
		p.accessPoints = append(p.accessPoints, itsm.AccessPoint{ID: id("ap"), Service: id("ap-service")})
	}
	for range rapid.IntRange(0, 3).Draw(t, "customers") {
		p.customers = append(p.customers, itsm.Customer{ID: id("customer")})
	}
	for range rapid.IntRange(0, 4).Draw(t, "subscriptions") {
		p.subscriptions = append(p.subscriptions, itsm.Subscription{Customer: id("sub-customer"), Service: id("sub-service"), Agreement: rapid.SampledFrom([]string{"", "sla"}).Draw(t, "sla")})
	}
	for range rapid.IntRange(0, 3).Draw(t, "users") {
		p.users = append(p.users, itsm.User{ID: id("user"), Customer: id("user-customer"), AccessPoints: ids("user-aps")})
	}
	for range rapid.IntRange(0, 2).Draw(t, "desks") {
		p.desks = append(p.desks, itsm.ServiceDesk{ID: id("desk"), Customers: ids("desk-customers"), Services: ids("desk-services"),
			Channels: rapid.SliceOfN(rapid.Custom(func(t *rapid.T) itsm.Channel { return itsm.Channel(rapid.IntRange(0, 6).Draw(t, "channel")) }), 0, 3).Draw(t, "channels")})
	}
	return p
}

func shuffled[T any](t *rapid.T, xs []T, label string) []T {
	if len(xs) < 2 {
		return xs
	}
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	out := make([]T, len(xs))
	for i, k := range rapid.Permutation(idx).Draw(t, label) {
		out[i] = xs[k]
	}
	return out
}

// testModelProblemsInsertionOrder: whatever is wrong with a model, Build reports the same problems
// in the same order (the same error text) whatever order the objects were added in, never panics,
// and does not change what it was given.
func testModelProblemsInsertionOrder(t *rapid.T) {
	p := genJunkParts(t)
	orig := copyModelParts(p)
	strict := rapid.Bool().Draw(t, "strict")
	var opts []itsm.BuildOption
	if strict {
		opts = append(opts, itsm.Strict())
	}
	build := func(p modelParts) string {
		_, err := itsm.NewBuilder().AddDesk(p.desks...).AddUser(p.users...).AddSubscription(p.subscriptions...).
			AddCustomer(p.customers...).AddAccessPoint(p.accessPoints...).AddResource(p.resources...).
			AddService(p.services...).AddProvider(p.providers...).Build(opts...)
		return fmt.Sprint(err)
	}
	first := build(p)
	q := modelParts{
		providers: shuffled(t, p.providers, "providers"), services: shuffled(t, p.services, "services"),
		resources: shuffled(t, p.resources, "resources"), accessPoints: shuffled(t, p.accessPoints, "access points"),
		customers: shuffled(t, p.customers, "customers"), subscriptions: shuffled(t, p.subscriptions, "subscriptions"),
		users: shuffled(t, p.users, "users"), desks: shuffled(t, p.desks, "desks"),
	}
	if second := build(q); first != second {
		t.Fatalf("problems depend on insertion order:\n%s\n%s", first, second)
	}
	if d := cmp.Diff(orig, p, cmp.AllowUnexported(modelParts{})); d != "" {
		t.Fatalf("Build changed its input (-before +after):\n%s", d)
	}
}

func TestModelProblemsInsertionOrder(t *testing.T) { rapid.Check(t, testModelProblemsInsertionOrder) }
func FuzzModelProblemsInsertionOrder(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testModelProblemsInsertionOrder))
}
