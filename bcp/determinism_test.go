package bcp_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/bcp"
)

// testShuffledActivities: the same activities in another order give the same node results
// (requirements and who imposes them), gaps, recovery order and demand chains, and each
// activity's own result, single points and the plan are unchanged (house rule: deterministic
// output whatever the input order).
func testShuffledActivities(t *rapid.T) {
	eq := func(want, got any, what string, args ...any) {
		t.Helper()
		if d := cmp.Diff(want, got); d != "" {
			t.Fatalf("%s (-in order +shuffled):\n%s", fmt.Sprintf(what, args...), d)
		}
	}
	s := genSpec(t, rapid.Bool().Draw(t, "cycles"))
	m, acts, caps := s.build(t)
	perm := rapid.Permutation(acts).Draw(t, "order")
	a1, err := bcp.Analyze(m, acts, caps, bcp.Options{Tiers: bcp.DefaultTiers()})
	if err != nil {
		t.Fatalf("analyze: %v", err)
	}
	a2, err := bcp.Analyze(m, perm, caps, bcp.Options{Tiers: bcp.DefaultTiers()})
	if err != nil {
		t.Fatalf("analyze shuffled: %v", err)
	}
	n1, n2 := slices.Collect(a1.Nodes()), slices.Collect(a2.Nodes())
	eq(n1, n2, "nodes")
	eq(a1.Gaps(), a2.Gaps(), "gaps")
	eq(a1.RecoveryOrder(), a2.RecoveryOrder(), "recovery order")
	for _, r := range n1 {
		eq(a1.Demand(r.ID), a2.Demand(r.ID), "demand %s", r.ID)
	}
	byID := func(a *bcp.Analysis) map[string]bcp.ActivityResult {
		out := map[string]bcp.ActivityResult{}
		for _, r := range a.Activities() {
			out[r.ID] = r
		}
		return out
	}
	eq(byID(a1), byID(a2), "activities")
	spof := func(a *bcp.Analysis) map[string][]bcp.SinglePoint {
		out := map[string][]bcp.SinglePoint{}
		for _, p := range a.SinglePoints() {
			out[p.Activity] = p.Points
		}
		return out
	}
	eq(spof(a1), spof(a2), "single points")
	p1, err := bcp.Aggregate(acts, nil)
	if err != nil {
		t.Fatalf("aggregate: %v", err)
	}
	p2, err := bcp.Aggregate(perm, nil)
	if err != nil {
		t.Fatalf("aggregate shuffled: %v", err)
	}
	eq(p1, p2, "plan")
}

func TestShuffledActivities(t *testing.T) { rapid.Check(t, testShuffledActivities) }
func FuzzShuffledActivities(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testShuffledActivities)) }
