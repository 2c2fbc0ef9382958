package itsm_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// TestLookupsAtScale finds every object of a model of thousands of objects of every kind, added in
// a shuffled order, by its ID, and finds nothing for IDs that are not there (the ID table probes
// past collisions and never confuses kinds).
func TestLookupsAtScale(t *testing.T) {
	const n = 5000
	rng := rand.New(rand.NewPCG(3, 4))
	var services []itsm.Service
	var resources []itsm.Resource
	for i := range n {
		id := itsm.ID(fmt.Sprintf("node-%d", i))
		var g []itsm.Group
		if i > 0 {
			g = []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: itsm.ID(fmt.Sprintf("node-%d", rng.IntN(i)))}}}}
		}
		if i%3 == 0 {
			resources = append(resources, itsm.Resource{ID: id, Kind: itsm.Hardware, Requires: g})
		} else {
			services = append(services, itsm.Service{ID: id, Requires: g})
		}
	}
	rng.Shuffle(len(services), func(i, j int) { services[i], services[j] = services[j], services[i] })
	b := itsm.NewBuilder().AddService(services...).AddResource(resources...)
	for i := range n / 10 {
		b.AddCustomer(itsm.Customer{ID: itsm.ID(fmt.Sprintf("customer-%d", i))})
		b.AddProvider(itsm.Provider{ID: itsm.ID(fmt.Sprintf("provider-%d", i))})
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if m.Len() != n {
		t.Fatalf("Len = %d, want %d", m.Len(), n)
	}
	for i := range m.Len() {
		if j, ok := m.Index(m.IDAt(i)); !ok || j != i {
			t.Fatalf("Index(IDAt(%d)) = %d, %v", i, j, ok)
		}
	}
	for i := range m.Len() {
		// Every edge resolves to the node its target names, however the table's probes ran.
		want := []int32{}
		for _, g := range m.Groups(i) {
			for _, e := range g.Members {
				j, ok := m.Index(e.Target)
				if !ok {
					t.Fatalf("target %q of %q not found", e.Target, m.IDAt(i))
				}
				want = append(want, int32(j))
			}
		}
		if diff := cmp.Diff(want, m.Graph().Out(int32(i))); diff != "" {
			t.Fatalf("edges of %q (-want +got):\n%s", m.IDAt(i), diff)
		}
	}
	if !slices.IsSortedFunc(slices.Collect(m.Services()), func(a, b itsm.Service) int { return strings.Compare(string(a.ID), string(b.ID)) }) {
		t.Error("services not in ID order")
	}
	for i := range n / 10 {
		if _, ok := m.Customer(itsm.ID(fmt.Sprintf("customer-%d", i))); !ok {
			t.Fatalf("customer-%d not found", i)
		}
		if _, ok := m.Provider(itsm.ID(fmt.Sprintf("provider-%d", i))); !ok {
			t.Fatalf("provider-%d not found", i)
		}
		if _, ok := m.Service(itsm.ID(fmt.Sprintf("customer-%d", i))); ok {
			t.Fatalf("customer-%d found as a service", i)
		}
	}
	for _, id := range []itsm.ID{"", "node-", "node-5000", "node-01", "Node-1", "customer-500"} {
		if _, ok := m.Index(id); ok {
			t.Errorf("Index(%q) found a node", id)
		}
		if _, ok := m.Customer(id); ok {
			t.Errorf("Customer(%q) found", id)
		}
	}
}

// TestBuilderReuseAfterBuild: a model built from input already in ID order shares the builder's
// storage, so adding to the builder afterwards (in and out of order) must not reach the model.
func TestBuilderReuseAfterBuild(t *testing.T) {
	b := itsm.NewBuilder()
	for i := range 4 {
		b.AddService(itsm.Service{ID: itsm.ID(fmt.Sprintf("s%d", i)), Name: "first"})
	}
	b.AddCustomer(itsm.Customer{ID: "c1"}).AddSubscription(itsm.Subscription{Customer: "c1", Service: "s1"})
	m1, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	before := encodeModel(t, m1)
	b.AddService(itsm.Service{ID: "s9", Name: "later"}, itsm.Service{ID: "a0", Name: "later"})
	b.AddCustomer(itsm.Customer{ID: "c0"}).AddSubscription(itsm.Subscription{Customer: "c0", Service: "s9"})
	m2, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(before), string(encodeModel(t, m1))); d != "" {
		t.Errorf("first model changed after the builder grew (-before +after):\n%s", d)
	}
	var ids []itsm.ID
	for s := range m2.Services() {
		ids = append(ids, s.ID)
	}
	if d := cmp.Diff([]itsm.ID{"a0", "s0", "s1", "s2", "s3", "s9"}, ids); d != "" {
		t.Errorf("second model services (-want +got):\n%s", d)
	}
	if _, ok := m1.Service("s9"); ok {
		t.Error("first model sees a service added after it was built")
	}
}
