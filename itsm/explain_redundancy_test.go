package itsm_test

import (
	"testing"

	"github.com/itsmkit/itsmkit/itsm"
)

// An operational node whose any-of or at-least group has lost members but still holds says that
// its redundancy is reduced, instead of "shop operational: operational".
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
		{"healthy", nil, "shop operational: operational"},
		{"one db down", []itsm.Observation{{ID: "db-1", State: itsm.Down}},
			`shop operational: operational (redundancy reduced: group "db" any-of: 1 of 2 members down)`},
		{"one db and one web down", []itsm.Observation{{ID: "db-2", State: itsm.Down}, {ID: "w-3", State: itsm.Unknown}},
			`shop operational: operational (redundancy reduced: group "db" any-of: 1 of 2 members down; group "web" at-least: 1 of 3 members unknown)`},
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
