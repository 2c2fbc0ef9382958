package itsm_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

// Hand-built values reach the entry points as errors, never panics (DESIGN §4.10): a nil model,
// the zero Analyzer and Evaluation (documented as not usable), a nil Pricer.
func TestZeroValuesAreErrors(t *testing.T) {
	m := shop(t)
	a := mustAnalyzer(t, m, itsm.Policy{})
	down := mustEvaluate(t, a, itsm.Observation{ID: "db-1", State: D}, itsm.Observation{ID: "db-2", State: D})
	cases := []struct {
		name string
		f    func() error
		want error
	}{
		{"NewAnalyzer(nil)", func() error { _, err := itsm.NewAnalyzer(nil, itsm.Policy{}); return err }, itsm.ErrZeroValue},
		{"zero Analyzer", func() error { _, err := (&itsm.Analyzer{}).Evaluate(nil); return err }, itsm.ErrZeroValue},
		{"zero Analyzer blast radius", func() error { _, err := (&itsm.Analyzer{}).BlastRadius(nil); return err }, itsm.ErrZeroValue},
		{"WriteDOT nil model", func() error { return itsm.WriteDOT(&bytes.Buffer{}, nil, itsm.DOTOptions{}) }, itsm.ErrZeroValue},
		{"WriteDOT zero evaluation", func() error {
			return itsm.WriteDOT(&bytes.Buffer{}, m, itsm.DOTOptions{Evaluation: &itsm.Evaluation{}})
		}, itsm.ErrZeroValue},
		{"OutageCost negative duration", func() error { _, err := down.OutageCost(-time.Hour, nil); return err }, itsm.ErrNegative},
	}
	for _, c := range cases {
		err := c.f()
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	// Every method of the zero Evaluation (and of an Incremental made from it) answers nothing or
	// ErrZeroValue.
	zero := &itsm.Evaluation{}
	for name, f := range map[string]func() error{
		"Explain":       func() error { _, err := zero.Explain("db-1"); return err },
		"Path":          func() error { _, err := zero.Path("db-1"); return err },
		"Causes":        func() error { _, err := zero.Causes("db-1"); return err },
		"LiftSet":       func() error { _, err := zero.LiftSet("db-1"); return err },
		"OutageCost":    func() error { _, err := zero.OutageCost(time.Hour, itsm.RateTable{}); return err },
		"TimeToBreach":  func() error { _, err := zero.TimeToBreach(nil); return err },
		"RecoveryOrder": func() error { _, err := zero.RecoveryOrder(nil); return err },
		"Incremental":   func() error { _, err := zero.Incremental().Apply(itsm.Clear("db-1")); return err },
	} {
		if err := f(); !errors.Is(err, itsm.ErrZeroValue) {
			t.Errorf("zero Evaluation %s: got %v, want ErrZeroValue", name, err)
		}
	}
	if st, ok := zero.Status("db-1"); ok || st != (itsm.Status{}) {
		t.Errorf("zero Evaluation Status: %v, %v", st, ok)
	}
	if zero.NotOperational() != nil || zero.Observations() != nil || !cmp.Equal(zero.Affected(), itsm.Affected{}) ||
		zero.Incremental().Evaluation().Len() != 0 {
		t.Errorf("zero Evaluation lists something")
	}
	// A nil Pricer (or a nil PricerFunc) charges nothing, as RecoveryOrder already reads it.
	for _, p := range []itsm.Pricer{nil, itsm.PricerFunc(nil)} {
		got, err := down.OutageCost(time.Hour, p)
		if err != nil || len(got) != 0 {
			t.Errorf("OutageCost with %T(nil): %v, %v; want no cost", p, got, err)
		}
	}
}

// testEvaluateMatchesReference: on a DAG, Evaluate agrees with a plain reference that derives
// every node in dependency order with Combine: the worst of the node's own observation and its
// groups, flags merged over the deciding parts as the doc says. The handled policies keep states
// here, since Combine reads one set of flags where the model reads observed flags for the policy
// and derived flags for the merge.
func testEvaluateMatchesReference(t *rapid.T) {
	b, leaves, all := genModel(t, true, true)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	p := genPolicy(t)
	p.Maintenance, p.Acknowledged = itsm.HandledKeepState, itsm.HandledKeepState
	a, err := itsm.NewAnalyzer(m, p)
	if err != nil {
		t.Fatal(err)
	}
	obs := genObservations(t, all, "obs")
	ev, err := a.Evaluate(obs)
	if err != nil {
		t.Fatal(err)
	}
	observed := map[itsm.ID]itsm.Observation{}
	for _, o := range obs {
		observed[o.ID] = o
	}
	want := map[itsm.ID]itsm.Status{}
	unobserved := p.Unobserved
	if unobserved == 0 {
		unobserved = O
	}
	for _, id := range leaves {
		if o, ok := observed[id]; ok {
			want[id] = itsm.Status{State: o.State, Flags: o.Flags}
		} else {
			want[id] = itsm.Status{State: unobserved}
		}
	}
	// genModel lists services so that each depends only on leaves and earlier services.
	for _, id := range all[len(leaves):] {
		svc, _ := m.Service(id)
		var best itsm.Status
		if o, ok := observed[id]; ok && o.State != NA {
			best = itsm.Status{State: o.State, Flags: o.Flags}
		}
		for _, g := range svc.Requires {
			ms := make([]itsm.Member, len(g.Members))
			for i, e := range g.Members {
				ms[i] = itsm.Member{Status: want[e.Target], Map: e.Map, Weight: e.Weight}
			}
			out, err := itsm.Combine(g.Rule, ms, p)
			if err != nil {
				t.Fatal(err)
			}
			switch s := out.Status; {
			case s.State > best.State:
				best = s
			case s.State == best.State && s.State != O:
				best.Flags = (best.Flags & s.Flags &^ itsm.Missing) | ((best.Flags | s.Flags) & itsm.Missing)
			}
		}
		if best.State == O {
			if o, ok := observed[id]; !ok || o.State != O {
				best.Flags = 0 // an operational node carries only its own operational observation's flags
			}
		}
		want[id] = best
	}
	if diff := cmp.Diff(want, statuses(ev, all)); diff != "" {
		t.Fatalf("(-reference +Evaluate):\n%s", diff)
	}
}

func TestEvaluateMatchesReference(t *testing.T) { rapid.Check(t, testEvaluateMatchesReference) }
func FuzzEvaluateMatchesReference(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testEvaluateMatchesReference)) }

// The least fixpoint keeps a cycle up when its only outside support fails but its members still
// vouch for each other (doc: "Evaluation and cycles"): a = any-of{b, x}, b = all-of{a, y}. The
// cycle's members still share fate, and a failure that reaches them through all-of edges brings
// both down.
func TestCycleCircularFallback(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "x", Kind: itsm.Software}, itsm.Resource{ID: "y", Kind: itsm.Software}).
		AddService(
			itsm.Service{ID: "a", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AnyOf}, Members: depsOn("b", "x")}}},
			itsm.Service{ID: "b", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("a", "y")}}},
		).Build()
	if err != nil {
		t.Fatal(err)
	}
	a := mustAnalyzer(t, m, itsm.Policy{})
	for _, c := range []struct {
		obs  []itsm.Observation
		want []itsm.NodeStatus
	}{
		{[]itsm.Observation{{ID: "x", State: D}}, []itsm.NodeStatus{{ID: "x", Status: itsm.Status{State: D}}}},
		{[]itsm.Observation{{ID: "y", State: D}}, []itsm.NodeStatus{{ID: "b", Status: itsm.Status{State: D}}, {ID: "y", Status: itsm.Status{State: D}}}},
		{[]itsm.Observation{{ID: "x", State: D}, {ID: "y", State: D, Flags: itsm.Acknowledged}}, []itsm.NodeStatus{
			{ID: "a", Status: itsm.Status{State: D}}, {ID: "b", Status: itsm.Status{State: D}},
			{ID: "x", Status: itsm.Status{State: D}}, {ID: "y", Status: itsm.Status{State: D, Flags: itsm.Acknowledged}}}},
	} {
		ev := mustEvaluate(t, a, c.obs...)
		if diff := cmp.Diff(c.want, ev.NotOperational()); diff != "" {
			t.Errorf("%v (-want +got):\n%s", c.obs, diff)
		}
	}
	spofs, err := a.SinglePointsOfFailure(nil)
	if err != nil {
		t.Fatal(err)
	}
	// a keeps x when b fails, and b when x fails: neither is its single point of failure.
	want := []itsm.SPOF{{Service: "b", Nodes: []itsm.ID{"a", "y"}}}
	if diff := cmp.Diff(want, spofs); diff != "" {
		t.Errorf("SPOFs (-want +got):\n%s", diff)
	}
}

// Flags outside the three defined ones are bad input like an invalid state: an *ObservationError
// (Evaluate, Incremental.Apply) or an error from Combine, wrapping an *EnumError. They used to be
// carried into derived statuses, which then refused to marshal.
func TestInvalidFlagsRefused(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	bad := itsm.Observation{ID: "db-1", State: D, Flags: itsm.Flags(0x80)}
	_, err := a.Evaluate([]itsm.Observation{bad})
	var oe *itsm.ObservationError
	var ee *itsm.EnumError
	if !errors.As(err, &oe) || !errors.As(err, &ee) || oe.ID != "db-1" {
		t.Errorf("Evaluate: got %v, want *ObservationError wrapping *EnumError", err)
	}
	in := mustEvaluate(t, a).Incremental()
	if _, err := in.Apply(bad); !errors.As(err, &oe) || !errors.As(err, &ee) {
		t.Errorf("Apply: got %v, want *ObservationError wrapping *EnumError", err)
	}
	_, err = itsm.Combine(itsm.Rule{Op: itsm.AllOf}, []itsm.Member{{Status: itsm.Status{State: D, Flags: itsm.Flags(0x10)}}}, itsm.Policy{})
	if !errors.As(err, &ee) {
		t.Errorf("Combine: got %v, want *EnumError", err)
	}
}
