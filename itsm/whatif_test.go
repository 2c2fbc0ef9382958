package itsm_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

func TestBlastRadiusShop(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	radii, err := a.BlastRadius(nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []itsm.Radius{
		{Node: "host", Down: []itsm.ID{"app", "catalogue", "checkout"}, CustomersDown: 2, UsersDown: 2, AgreementsReached: 3},
		{Node: "app", Down: []itsm.ID{"app", "checkout"}, CustomersDown: 1, UsersDown: 1, AgreementsReached: 1},
		{Node: "catalogue", Down: []itsm.ID{"catalogue"}, CustomersDown: 2, UsersDown: 1, AgreementsReached: 2},
		{Node: "checkout", Down: []itsm.ID{"checkout"}, CustomersDown: 1, UsersDown: 1, AgreementsReached: 1},
		// The cache is lowered by one level: losing it only degrades the app.
		{Node: "cache", Worse: []itsm.ID{"app", "checkout"}, CustomersWorse: 1, UsersWorse: 1, AgreementsReached: 1},
		// Two of three replicas keep the app up, degraded.
		{Node: "db-1", Worse: []itsm.ID{"app", "checkout"}, CustomersWorse: 1, UsersWorse: 1, AgreementsReached: 1},
		{Node: "db-2", Worse: []itsm.ID{"app", "checkout"}, CustomersWorse: 1, UsersWorse: 1, AgreementsReached: 1},
		{Node: "db-3", Worse: []itsm.ID{"app", "checkout"}, CustomersWorse: 1, UsersWorse: 1, AgreementsReached: 1},
	}
	if diff := cmp.Diff(want, radii); diff != "" {
		t.Errorf("radii (-want +got):\n%s", diff)
	}
	spofs, err := a.SinglePointsOfFailure(nil)
	if err != nil {
		t.Fatal(err)
	}
	wantS := []itsm.SPOF{
		{Service: "app", Nodes: []itsm.ID{"host"}},
		{Service: "catalogue", Nodes: []itsm.ID{"host"}},
		{Service: "checkout", Nodes: []itsm.ID{"app", "host"}},
	}
	if diff := cmp.Diff(wantS, spofs); diff != "" {
		t.Errorf("SPOFs (-want +got):\n%s", diff)
	}
	// With one replica already down, each of the other two becomes a single point of failure.
	spofs, err = a.SinglePointsOfFailure([]itsm.Observation{{ID: "db-1", State: D}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"db-2", "db-3", "host"}, spofs[0].Nodes); diff != "" || spofs[0].Service != "app" {
		t.Errorf("SPOFs of app with db-1 down (-want +got):\n%s", diff)
	}
	if _, err := a.BlastRadius([]itsm.Observation{{ID: "zz", State: D}}); err == nil {
		t.Error("bad baseline accepted")
	}
}

func ExampleAnalyzer_BlastRadius() {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}, itsm.Resource{ID: "cdn-a", Kind: itsm.Network},
			itsm.Resource{ID: "cdn-b", Kind: itsm.Network}).
		AddService(
			itsm.Service{ID: "api", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}},
			itsm.Service{ID: "web", Requires: []itsm.Group{
				{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "api"}}},
				{Rule: itsm.Rule{Op: itsm.AnyOf}, Members: []itsm.Edge{{Target: "cdn-a"}, {Target: "cdn-b"}}},
			}}).
		Build()
	if err != nil {
		panic(err)
	}
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	radii, _ := a.BlastRadius(nil)
	for _, r := range radii {
		fmt.Println(r.Node, "takes down", r.Down)
	}
	spofs, _ := a.SinglePointsOfFailure(nil)
	fmt.Println(spofs)
	// Output:
	// api takes down [api web]
	// db takes down [api web]
	// web takes down [web]
	// cdn-a takes down []
	// cdn-b takes down []
	// [{api [db]} {web [api db]}]
}

// BlastRadius compared State values to tell whether a node was made worse, and NotApplicable is
// numerically above Down: a service not applicable in the baseline that fails (not applicable →
// down) was not counted in its own radius, nor were its subscribers. Worse means more severe, and
// NotApplicable ranks with Operational.
func TestBlastRadiusNotApplicableBaseline(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddService(itsm.Service{ID: "leaf"}, itsm.Service{ID: "top", Requires: []itsm.Group{allOfGroup("leaf")}}).
		AddCustomer(itsm.Customer{ID: "c"}).
		AddSubscription(itsm.Subscription{Customer: "c", Service: "leaf", Agreement: "A"}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	a := mustAnalyzer(t, m, itsm.Policy{})
	radii, err := a.BlastRadius([]itsm.Observation{{ID: "leaf", State: itsm.NotApplicable}})
	if err != nil {
		t.Fatal(err)
	}
	want := []itsm.Radius{
		// leaf: not applicable → down, so top (unknown: nothing applicable) → down too.
		{Node: "leaf", Down: []itsm.ID{"leaf", "top"}, CustomersDown: 1, AgreementsReached: 1},
		{Node: "top", Down: []itsm.ID{"top"}},
	}
	if diff := cmp.Diff(want, radii); diff != "" {
		t.Errorf("radii (-want +got):\n%s", diff)
	}
	spofs, err := a.SinglePointsOfFailure([]itsm.Observation{{ID: "leaf", State: itsm.NotApplicable}})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.SPOF{{Service: "top", Nodes: []itsm.ID{"leaf"}}}, spofs); diff != "" {
		t.Errorf("single points of failure (-want +got):\n%s", diff)
	}
}
