package itsm_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// An operational node whose any-of or at-least group has lost members but still holds says that
// its redundancy is reduced, without repeating its state ("shop operational: operational").
func TestExplainReducedRedundancy(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(
			itsm.Resource{ID: "db-1", Kind: itsm.Data}, itsm.Resource{ID: "db-2", Kind: itsm.Data},
			itsm.Resource{ID: "w-1", Kind: itsm.Hardware}, itsm.Resource{ID: "w-2", Kind: itsm.Hardware}, itsm.Resource{ID: "w-3", Kind: itsm.Hardware},
		).
		AddService(itsm.Service{ID: "shop", Requires: []itsm.Group{
			{Name: "db", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: depsOn("db-1", "db-2")},
			{Name: "web", Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}}, Members: depsOn("w-1", "w-2", "w-3")},
		}}).Build()
	if err != nil {
		t.Fatal(err)
	}
	a := mustAnalyzer(t, m, itsm.Policy{})
	for _, tc := range []struct {
		name string
		obs  []itsm.Observation
		want string
	}{
		{"healthy", nil, "shop operational"},
		{"one db down", []itsm.Observation{{ID: "db-1", State: itsm.Down}},
			`shop operational (redundancy reduced: group "db" any-of: 1 of 2 members down)`},
		{"one db and one web down", []itsm.Observation{{ID: "db-2", State: itsm.Down}, {ID: "w-3", State: itsm.Unknown}},
			`shop operational (redundancy reduced: group "db" any-of: 1 of 2 members down; group "web" at-least: 1 of 3 members unknown)`},
	} {
		ev := mustEvaluate(t, a, tc.obs...)
		x, err := ev.Explain("shop")
		if err != nil {
			t.Fatal(err)
		}
		if got := x.String(); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

// A parent whose operational member has reduced redundancy says so (one level down), and a rule's
// unset threshold is not shown: it never triggers.
func TestExplainReducedBelowAndThresholds(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "r-1", Kind: itsm.Software}, itsm.Resource{ID: "r-2", Kind: itsm.Software}, itsm.Resource{ID: "r-3", Kind: itsm.Software}).
		AddService(
			itsm.Service{ID: "catalog", Requires: []itsm.Group{
				{Name: "replicas", Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}}, Members: depsOn("r-1", "r-2", "r-3")},
			}},
			itsm.Service{ID: "webshop", Requires: []itsm.Group{{Name: "backend", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("catalog")}}},
		).Build()
	if err != nil {
		t.Fatal(err)
	}
	a := mustAnalyzer(t, m, itsm.Policy{})
	for _, tc := range []struct {
		name   string
		obs    []itsm.Observation
		id     itsm.ID
		want   string
		reason string
	}{
		{"healthy parent", nil, "webshop", "webshop operational", "no failing dependency"},
		{"direct node", []itsm.Observation{{ID: "r-1", State: itsm.Down}}, "catalog",
			`catalog operational (redundancy reduced: group "replicas" at-least: 1 of 3 members down)`,
			`redundancy reduced: group "replicas" at-least: 1 of 3 members down`},
		{"parent", []itsm.Observation{{ID: "r-1", State: itsm.Down}}, "webshop",
			`webshop operational (redundancy reduced below: catalog group "replicas" at-least: 1 of 3 members down)`,
			`redundancy reduced below: catalog group "replicas" at-least: 1 of 3 members down`},
		// DegradedBelow is unset: only the down threshold is shown, never "degraded below unset".
		{"threshold", []itsm.Observation{{ID: "r-1", State: itsm.Down}, {ID: "r-3", State: itsm.Down}}, "catalog",
			`catalog down: group "replicas" at-least (down below 2): 1 operational, 2 down of 3 applicable; decided by r-1 down, r-3 down`,
			`group "replicas" at-least (down below 2): 1 operational, 2 down of 3 applicable; decided by r-1 down, r-3 down`},
	} {
		ev := mustEvaluate(t, a, tc.obs...)
		x, err := ev.Explain(tc.id)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff([2]string{tc.want, tc.reason}, [2]string{x.String(), x.Reason()}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
