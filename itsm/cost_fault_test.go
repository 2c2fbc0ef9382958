package itsm_test

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// LiftSet promises a set of repairs that lifts the node whenever repairs can. Here db is observed
// down and also held degraded by a Fixed mapping, so repairing db lifts it only to degraded; the
// pool (down below 3 up, degraded below 1 operational) is then operational, but its own
// degraded observation, raised by one on the front's edge, still keeps front down. The greedy
// choice asked db to become fully operational for the pool, found that no repair does that, and
// dropped the pool (and with it the pool's own observation) from front's set, answering [db];
// found by TestLiftSetLifts with -rapid.checks=3000.
func TestLiftSetRuleHeldMember(t *testing.T) {
	allOf := itsm.Rule{Op: itsm.AllOf}
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "cfg", Kind: itsm.Software}, itsm.Resource{ID: "disk", Kind: itsm.Hardware}).
		AddService(
			itsm.Service{ID: "db", Requires: []itsm.Group{{Rule: allOf, Members: []itsm.Edge{{Target: "disk"},
				{Target: "cfg", Map: itsm.Mapping{Kind: itsm.Fixed, Fixed: G}}}}}},
			itsm.Service{ID: "pool", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AtLeast,
				DegradedBelow: itsm.Threshold{Count: 1}, DownBelow: itsm.Threshold{Count: 3}}, Members: depsOn("cfg", "db", "disk")}}},
			itsm.Service{ID: "front", Requires: []itsm.Group{
				{Name: "db", Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 1}}, Members: depsOn("db")},
				{Name: "pool", Rule: allOf, Members: []itsm.Edge{{Target: "pool", Map: itsm.Mapping{Kind: itsm.Raise, Levels: 1}}}},
			}},
		).Build()
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "db", State: D}, itsm.Observation{ID: "pool", State: G})
	got, err := ev.LiftSet("front")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"db", "pool"}, got); diff != "" {
		t.Errorf("LiftSet(front) (-want +got):\n%s", diff)
	}
	in := ev.Incremental()
	for _, id := range got {
		if _, err := in.Apply(itsm.Observation{ID: id, State: O}); err != nil {
			t.Fatal(err)
		}
	}
	if after, _ := in.Status("front"); after.State >= D {
		t.Errorf("front after repairing %v: %v, want better than down", got, after)
	}
}

// The same fault with nothing else to repair: db, held degraded by a rule, is all the pool needs
// to be back up, but the greedy choice found no repair that makes db operational and answered
// that no repair lifts front.
func TestLiftSetRuleHeldOnlyCause(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "cfg", Kind: itsm.Software}, itsm.Resource{ID: "disk", Kind: itsm.Hardware}).
		AddService(
			itsm.Service{ID: "db", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf},
				Members: []itsm.Edge{{Target: "cfg", Map: itsm.Mapping{Kind: itsm.Fixed, Fixed: G}}}}}},
			itsm.Service{ID: "pool", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AtLeast,
				DegradedBelow: itsm.Threshold{Count: 1}, DownBelow: itsm.Threshold{Count: 2}}, Members: depsOn("db", "disk")}}},
			itsm.Service{ID: "front", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf},
				Members: []itsm.Edge{{Target: "pool", Map: itsm.Mapping{Kind: itsm.Raise, Levels: 1}}}}}},
		).Build()
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "db", State: D})
	if st, _ := ev.Status("front"); st.State != D {
		t.Fatalf("front %v, want down", st)
	}
	got, err := ev.LiftSet("front")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"db"}, got); diff != "" {
		t.Errorf("LiftSet(front) (-want +got):\n%s", diff)
	}
}
