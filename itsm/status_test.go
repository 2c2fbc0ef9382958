package itsm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

const (
	O  = itsm.Operational
	G  = itsm.Degraded // deGraded
	U  = itsm.Unknown
	D  = itsm.Down
	NA = itsm.NotApplicable
)

func memberStates(states ...itsm.State) []itsm.Member {
	out := make([]itsm.Member, len(states))
	for i, s := range states {
		out[i] = itsm.Member{Status: itsm.Status{State: s}}
	}
	return out
}

func combineState(t *testing.T, r itsm.Rule, p itsm.Policy, states ...itsm.State) itsm.State {
	t.Helper()
	out, err := itsm.Combine(r, memberStates(states...), p)
	if err != nil {
		t.Fatalf("Combine(%v, %v): %v", r, states, err)
	}
	return out.Status.State
}

// truthCase is one row of an operator's truth table: the member states in, the group state out.
type truthCase struct {
	in   []itsm.State
	want itsm.State
}

func runTruthTable(t *testing.T, r itsm.Rule, p itsm.Policy, rows []truthCase) {
	t.Helper()
	for _, row := range rows {
		t.Run(fmt.Sprint(row.in), func(t *testing.T) {
			if got := combineState(t, r, p, row.in...); got != row.want {
				t.Errorf("%v of %v = %v, want %v", r.Op, row.in, got, row.want)
			}
		})
	}
}

// The truth tables below are the ones written in doc_impact.go. Rows marked "disagree" are cases
// where Icinga Business Process, Shinken/Alignak and Zabbix give different answers.
func TestTruthTableAllOf(t *testing.T) {
	runTruthTable(t, itsm.Rule{Op: itsm.AllOf}, itsm.Policy{}, []truthCase{
		{[]itsm.State{O}, O},
		{[]itsm.State{O, O}, O},
		{[]itsm.State{O, G}, G},
		{[]itsm.State{O, U}, U},
		{[]itsm.State{G, U}, U},
		{[]itsm.State{U, D}, D}, // disagree: Shinken/Alignak also let critical beat unknown here
		{[]itsm.State{O, D}, D},
		{[]itsm.State{O, NA}, O},
		{[]itsm.State{D, NA}, D},
		{[]itsm.State{NA}, U},     // nothing applicable: never silently operational
		{[]itsm.State{NA, NA}, U}, // disagree: Zabbix calls a service without problem children OK
	})
}

func TestTruthTableAnyOf(t *testing.T) {
	runTruthTable(t, itsm.Rule{Op: itsm.AnyOf}, itsm.Policy{}, []truthCase{
		{[]itsm.State{O, D}, O},
		{[]itsm.State{G, D}, G},
		{[]itsm.State{D, D}, D},
		{[]itsm.State{U, O}, O},
		{[]itsm.State{U, G}, G}, // worst case degraded: degraded
		{[]itsm.State{U, D}, U}, // disagree: Shinken/Alignak's OR takes the numeric minimum, critical
		{[]itsm.State{U}, U},
		{[]itsm.State{D, NA}, D},
		{[]itsm.State{NA}, U},
	})
}

func TestTruthTableAtLeast(t *testing.T) {
	// "2 of 3": down when fewer than 2 are up, degraded when fewer than 3 are fully operational.
	twoOfThree := itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}, DegradedBelow: itsm.Threshold{Count: 3}}
	runTruthTable(t, twoOfThree, itsm.Policy{}, []truthCase{
		{[]itsm.State{O, O, O}, O},
		{[]itsm.State{O, O, D}, G}, // disagree: Icinga's "2 of" is OK with two OK members
		{[]itsm.State{O, G, D}, G},
		{[]itsm.State{O, D, D}, D},
		{[]itsm.State{O, O, U}, G},   // worst case 2 up: degraded either way
		{[]itsm.State{O, U, U}, U},   // could be 3 up or 1 up
		{[]itsm.State{O, D, U}, U},   // could be 2 up or 1 up
		{[]itsm.State{O, O, NA}, O},  // 2 of 2 applicable
		{[]itsm.State{O, NA, NA}, O}, // count capped at the 1 applicable member
		{[]itsm.State{D, NA, NA}, D},
		{[]itsm.State{NA, NA, NA}, U},
	})
	// The nearest reading of Icinga's "2 of 3" is DegradedBelow 2 as well; where it still differs
	// from Icinga ({O, G, D}: Icinga CRITICAL) see TestIcingaBusinessProcessCases.
	icinga := itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}, DegradedBelow: itsm.Threshold{Count: 2}}
	runTruthTable(t, icinga, itsm.Policy{}, []truthCase{
		{[]itsm.State{O, O, D}, O},
		{[]itsm.State{O, G, D}, G},
		{[]itsm.State{G, G, O}, G},
		{[]itsm.State{O, D, D}, D},
	})
	// Percent thresholds round the needed count up: fewer than 50 % of 3 means fewer than 2.
	half := itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Percent: 50}, DegradedBelow: itsm.Threshold{Percent: 100}}
	runTruthTable(t, half, itsm.Policy{}, []truthCase{
		{[]itsm.State{O, O, D}, G},
		{[]itsm.State{O, D, D}, D},
		{[]itsm.State{O, D}, G},
		{[]itsm.State{O, D, D, NA}, D},
	})
	// An unset threshold never triggers: an optional dependency is degraded below all, never down.
	optional := itsm.Rule{Op: itsm.AtLeast, DegradedBelow: itsm.Threshold{Percent: 100}}
	runTruthTable(t, optional, itsm.Policy{}, []truthCase{
		{[]itsm.State{O, D}, G},
		{[]itsm.State{D, D}, G},
		{[]itsm.State{O, O}, O},
		{[]itsm.State{U, U}, G}, // worst case degraded
		{[]itsm.State{NA, NA}, U},
	})
}

func TestTruthTableWeighted(t *testing.T) {
	r := itsm.Rule{Op: itsm.Weighted, DownBelow: itsm.Threshold{Count: 5}, DegradedBelow: itsm.Threshold{Percent: 80}}
	w := func(ws []int, states ...itsm.State) []itsm.Member {
		m := memberStates(states...)
		for i := range m {
			m[i].Weight = ws[i]
		}
		return m
	}
	cases := []struct {
		ms   []itsm.Member
		want itsm.State
	}{
		{w([]int{6, 2, 2}, O, O, O), O},
		{w([]int{6, 2, 2}, O, O, D), O}, // 8 of 10 operational
		{w([]int{6, 2, 2}, O, D, D), G}, // 6 up ≥ 5, 6 < 8 operational
		{w([]int{6, 2, 2}, D, O, O), D}, // 4 up < 5
		{w([]int{6, 2, 2}, U, O, O), U}, // 4 or 10 up
		{w([]int{0, 0, 5}, D, D, O), G}, // zero weight counts as one: 5 up of 7
	}
	for i, c := range cases {
		out, err := itsm.Combine(r, c.ms, itsm.Policy{})
		if err != nil {
			t.Fatal(err)
		}
		if out.Status.State != c.want {
			t.Errorf("case %d: got %v (%v), want %v", i, out.Status.State, out.Weights, c.want)
		}
	}
}

func TestTruthTableInvert(t *testing.T) {
	runTruthTable(t, itsm.Rule{Op: itsm.Invert}, itsm.Policy{}, []truthCase{
		{[]itsm.State{O}, D},
		{[]itsm.State{G}, G}, // as in Shinken/Alignak's NOT, a warning stays a warning
		{[]itsm.State{U}, U},
		{[]itsm.State{D}, O},
		{[]itsm.State{NA}, U},
	})
}

func TestMappingApply(t *testing.T) {
	all := []itsm.State{O, G, U, D, NA}
	cases := []struct {
		mp   itsm.Mapping
		want []itsm.State
	}{
		{itsm.Mapping{}, []itsm.State{O, G, U, D, NA}},
		{itsm.Mapping{Kind: itsm.Raise, Levels: 1}, []itsm.State{O, D, D, D, NA}},
		{itsm.Mapping{Kind: itsm.Raise, Levels: 2}, []itsm.State{O, D, D, D, NA}},
		{itsm.Mapping{Kind: itsm.Lower, Levels: 1}, []itsm.State{O, O, G, G, NA}},
		{itsm.Mapping{Kind: itsm.Lower, Levels: 5}, []itsm.State{O, O, O, O, NA}},
		{itsm.Mapping{Kind: itsm.Ignore}, []itsm.State{NA, NA, NA, NA, NA}},
		{itsm.Mapping{Kind: itsm.Fixed, Fixed: G}, []itsm.State{G, G, G, G, G}},
	}
	for _, c := range cases {
		var got []itsm.State
		for _, s := range all {
			got = append(got, c.mp.Apply(s))
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%+v (-want +got):\n%s", c.mp, diff)
		}
	}
}

func TestPolicies(t *testing.T) {
	allOf := itsm.Rule{Op: itsm.AllOf}
	anyOf := itsm.Rule{Op: itsm.AnyOf}
	cases := []struct {
		name string
		r    itsm.Rule
		p    itsm.Policy
		in   []itsm.State
		want itsm.State
	}{
		{"unknown as down", allOf, itsm.Policy{Unknown: itsm.UnknownAsDown}, []itsm.State{O, U}, D},
		{"unknown as operational", allOf, itsm.Policy{Unknown: itsm.UnknownAsOperational}, []itsm.State{G, U}, G},
		{"unknown ignored", anyOf, itsm.Policy{Unknown: itsm.UnknownIgnored}, []itsm.State{U, D}, D},
		{"unknown ignored, nothing left", anyOf, itsm.Policy{Unknown: itsm.UnknownIgnored}, []itsm.State{U, NA}, U},
	}
	for _, c := range cases {
		if got := combineState(t, c.r, c.p, c.in...); got != c.want {
			t.Errorf("%s: got %v, want %v", c.name, got, c.want)
		}
	}

	// Handled members: the state is kept by default and the flag travels; the other policies
	// read the member as operational or drop it.
	ms := []itsm.Member{
		{Status: itsm.Status{State: D, Flags: itsm.InMaintenance}},
		{Status: itsm.Status{State: O}},
	}
	for _, c := range []struct {
		p    itsm.Policy
		want itsm.Status
	}{
		{itsm.Policy{}, itsm.Status{State: D, Flags: itsm.InMaintenance}},
		{itsm.Policy{Maintenance: itsm.HandledAsOperational}, itsm.Status{State: O}},
		{itsm.Policy{Maintenance: itsm.HandledIgnored}, itsm.Status{State: O}},
		{itsm.Policy{Acknowledged: itsm.HandledAsOperational}, itsm.Status{State: D, Flags: itsm.InMaintenance}},
	} {
		out, err := itsm.Combine(allOf, ms, c.p)
		if err != nil {
			t.Fatal(err)
		}
		if out.Status != c.want {
			t.Errorf("%+v: got %v, want %v", c.p, out.Status, c.want)
		}
	}
}

func TestCombineFlags(t *testing.T) {
	st := func(s itsm.State, f itsm.Flags) itsm.Member {
		return itsm.Member{Status: itsm.Status{State: s, Flags: f}}
	}
	cases := []struct {
		name string
		ms   []itsm.Member
		want itsm.Status
		dec  []int
	}{
		{"every decider in maintenance", []itsm.Member{st(D, itsm.InMaintenance), st(D, itsm.InMaintenance|itsm.Acknowledged), st(O, 0)},
			itsm.Status{State: D, Flags: itsm.InMaintenance}, []int{0, 1}},
		{"one decider unhandled", []itsm.Member{st(D, itsm.InMaintenance), st(D, 0)}, itsm.Status{State: D}, []int{0, 1}},
		{"missing spreads", []itsm.Member{st(D, itsm.Missing), st(D, 0), st(G, itsm.Missing)}, itsm.Status{State: D, Flags: itsm.Missing}, []int{0, 1}},
		{"non-deciders do not count", []itsm.Member{st(G, 0), st(D, itsm.Acknowledged)}, itsm.Status{State: D, Flags: itsm.Acknowledged}, []int{1}},
		{"operational has no deciders", []itsm.Member{st(O, itsm.Acknowledged)}, itsm.Status{State: O}, nil},
	}
	for _, c := range cases {
		out, err := itsm.Combine(itsm.Rule{Op: itsm.AllOf}, c.ms, itsm.Policy{})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.want, out.Status); diff != "" {
			t.Errorf("%s status (-want +got):\n%s", c.name, diff)
		}
		if diff := cmp.Diff(c.dec, out.Deciders); diff != "" {
			t.Errorf("%s deciders (-want +got):\n%s", c.name, diff)
		}
	}
}

func TestCombineErrors(t *testing.T) {
	three := memberStates(O, O, O)
	cases := []struct {
		name string
		r    itsm.Rule
		ms   []itsm.Member
		p    itsm.Policy
		want error
	}{
		{"count above size", itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 4}}, three, itsm.Policy{}, itsm.ErrThreshold},
		{"percent over 100", itsm.Rule{Op: itsm.AtLeast, DegradedBelow: itsm.Threshold{Percent: 101}}, three, itsm.Policy{}, itsm.ErrThreshold},
		{"negative", itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: -1}}, three, itsm.Policy{}, itsm.ErrThreshold},
		{"both count and percent", itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 1, Percent: 1}}, three, itsm.Policy{}, itsm.ErrThreshold},
		{"weight above total", itsm.Rule{Op: itsm.Weighted, DownBelow: itsm.Threshold{Count: 4}}, three, itsm.Policy{}, itsm.ErrThreshold},
		{"invert of two", itsm.Rule{Op: itsm.Invert}, memberStates(O, O), itsm.Policy{}, itsm.ErrInvalidRule},
		{"no operator", itsm.Rule{}, three, itsm.Policy{}, itsm.ErrInvalidRule},
		{"bad mapping", itsm.Rule{Op: itsm.AllOf}, []itsm.Member{{Status: itsm.Status{State: O}, Map: itsm.Mapping{Kind: itsm.Raise}}}, itsm.Policy{}, itsm.ErrInvalidMapping},
		{"negative weight", itsm.Rule{Op: itsm.Weighted}, []itsm.Member{{Status: itsm.Status{State: O}, Weight: -2}}, itsm.Policy{}, itsm.ErrNegativeWeight},
		{"bad policy", itsm.Rule{Op: itsm.AllOf}, three, itsm.Policy{Unknown: 9}, itsm.ErrPolicy},
	}
	for _, c := range cases {
		_, err := itsm.Combine(c.r, c.ms, c.p)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		} else if !strings.HasPrefix(err.Error(), "itsm: ") {
			t.Errorf("%s: message %q lacks the package prefix", c.name, err)
		}
	}
	_, err := itsm.Combine(itsm.Rule{Op: itsm.AllOf}, memberStates(0), itsm.Policy{})
	var ee *itsm.EnumError
	if !errors.As(err, &ee) {
		t.Errorf("zero state: got %v, want *EnumError", err)
	}
}

// Generators shared by the property tests.

// unweighted clears the weights of edges in a group that does not use them (any operator but
// Weighted), where a weight is an error; generators draw weights before the rule.
func unweighted(r itsm.Rule, es []itsm.Edge) {
	if r.Op != itsm.Weighted {
		for i := range es {
			es[i].Weight = 0
		}
	}
}

// unweightedMembers is unweighted for Combine's members.
func unweightedMembers(r itsm.Rule, ms []itsm.Member) {
	if r.Op != itsm.Weighted {
		for i := range ms {
			ms[i].Weight = 0
		}
	}
}

var knownStates = []itsm.State{O, G, U, D}

func genRule(t *rapid.T, size, totalWeight int) itsm.Rule {
	op := rapid.SampledFrom([]itsm.Operator{itsm.AllOf, itsm.AnyOf, itsm.AtLeast, itsm.Weighted}).Draw(t, "op")
	r := itsm.Rule{Op: op}
	if op == itsm.AtLeast || op == itsm.Weighted {
		limit := size
		if op == itsm.Weighted {
			limit = totalWeight
		}
		thr := func(label string) itsm.Threshold {
			switch rapid.IntRange(0, 2).Draw(t, label+"kind") {
			case 1:
				return itsm.Threshold{Count: rapid.IntRange(1, max(limit, 1)).Draw(t, label+"count")}
			case 2:
				return itsm.Threshold{Percent: rapid.IntRange(1, 100).Draw(t, label+"percent")}
			}
			return itsm.Threshold{}
		}
		r.DownBelow = thr("down")
		r.DegradedBelow = thr("degraded")
	}
	return r
}

func genMapping(t *rapid.T) itsm.Mapping {
	switch rapid.IntRange(0, 6).Draw(t, "mapkind") {
	case 1:
		return itsm.Mapping{Kind: itsm.Raise, Levels: rapid.IntRange(1, 3).Draw(t, "levels")}
	case 2:
		return itsm.Mapping{Kind: itsm.Lower, Levels: rapid.IntRange(1, 3).Draw(t, "levels")}
	case 3:
		return itsm.Mapping{Kind: itsm.Ignore}
	case 4:
		return itsm.Mapping{Kind: itsm.Fixed, Fixed: rapid.SampledFrom(knownStates).Draw(t, "fixed")}
	}
	return itsm.Mapping{}
}

func genPolicy(t *rapid.T) itsm.Policy {
	return itsm.Policy{
		Unknown:      itsm.UnknownPolicy(rapid.IntRange(0, 3).Draw(t, "unknownPolicy")),
		Maintenance:  itsm.HandledPolicy(rapid.IntRange(0, 2).Draw(t, "maintPolicy")),
		Acknowledged: itsm.HandledPolicy(rapid.IntRange(0, 2).Draw(t, "ackPolicy")),
		Unobserved:   rapid.SampledFrom([]itsm.State{0, 0, O, G, U, D, NA}).Draw(t, "unobserved"),
	}
}

// testCombineMonotone: for every monotone operator and mapping, making one member worse never
// makes the group better.
func testCombineMonotone(t *rapid.T) {
	n := rapid.IntRange(1, 6).Draw(t, "n")
	ms := make([]itsm.Member, n)
	total := 0
	for i := range ms {
		ms[i] = itsm.Member{
			Status: itsm.Status{State: rapid.SampledFrom(knownStates).Draw(t, "state"), Flags: itsm.Flags(rapid.IntRange(0, 7).Draw(t, "flags"))},
			Map:    genMapping(t),
			Weight: rapid.IntRange(0, 5).Draw(t, "weight"),
		}
		total += max(ms[i].Weight, 1)
	}
	r := genRule(t, n, total)
	unweightedMembers(r, ms)
	p := genPolicy(t)
	// UnknownAsOperational and UnknownIgnored declare unknown better than degraded (or absent), so
	// they are monotone only in their own order; the engine's monotone policies are these two.
	p.Unknown = rapid.SampledFrom([]itsm.UnknownPolicy{itsm.UnknownUncertain, itsm.UnknownAsDown}).Draw(t, "unknownMonotone")
	before, err := itsm.Combine(r, ms, p)
	if err != nil {
		t.Fatal(err)
	}
	k := rapid.IntRange(0, n-1).Draw(t, "worsen")
	worse := rapid.SampledFrom(knownStates).Filter(func(s itsm.State) bool { return s >= ms[k].Status.State }).Draw(t, "to")
	ms2 := append([]itsm.Member(nil), ms...)
	ms2[k].Status.State = worse
	after, err := itsm.Combine(r, ms2, p)
	if err != nil {
		t.Fatal(err)
	}
	if after.Status.State < before.Status.State {
		t.Fatalf("%v with %+v: member %d %v→%v improved the group %v→%v", r, ms, k, ms[k].Status.State, worse, before.Status.State, after.Status.State)
	}
	// Every non-operational result names at least one decider, unless nothing applied.
	if after.Status.State != O && after.Counts.Applicable() > 0 && len(after.Deciders) == 0 {
		t.Fatalf("%v with %+v: %v without deciders", r, ms2, after.Status.State)
	}
}

func TestCombineMonotone(t *testing.T) { rapid.Check(t, testCombineMonotone) }
func FuzzCombineMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCombineMonotone)) }

func ExampleCombine() {
	// Three replicas, the group is down below two up and degraded below three operational.
	rule := itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}, DegradedBelow: itsm.Threshold{Percent: 100}}
	out, err := itsm.Combine(rule, []itsm.Member{
		{Status: itsm.Status{State: itsm.Operational}},
		{Status: itsm.Status{State: itsm.Down, Flags: itsm.Acknowledged}},
		{Status: itsm.Status{State: itsm.Operational}},
	}, itsm.Policy{})
	if err != nil {
		panic(err)
	}
	fmt.Println(out.Status, "-", out.Counts, "- deciders", out.Deciders)
	// Output: degraded[acknowledged] - 2 operational, 1 down of 3 applicable - deciders [1]
}
