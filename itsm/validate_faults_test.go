package itsm_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// TestValidateWeightOverflow: weights whose total does not fit are reported as such, not as a
// threshold above a negative total weight (the sum used to wrap around).
func TestValidateWeightOverflow(t *testing.T) {
	weighted := func(below int, weights ...int) itsm.Group {
		g := itsm.Group{Rule: itsm.Rule{Op: itsm.Weighted, DegradedBelow: itsm.Threshold{Count: below}}}
		for i, w := range weights {
			g.Members = append(g.Members, itsm.Edge{Target: []itsm.ID{"db", "app"}[i], Weight: w})
		}
		return g
	}
	for _, tc := range []struct {
		name  string
		group itsm.Group
		want  []modelFinding
	}{
		{"two huge weights", weighted(3, math.MaxInt, math.MaxInt), []modelFinding{{itsm.ErrWeight.Error(), []itsm.ID{"web"}}}},
		{"total just over the limit", weighted(1, itsm.MaxWeight, 1), []modelFinding{{itsm.ErrWeight.Error(), []itsm.ID{"web"}}}},
		{"total at the limit", weighted(itsm.MaxWeight, itsm.MaxWeight-1, 1), nil},
		{"one weight over the limit", weighted(1, math.MaxInt, 1), []modelFinding{{itsm.ErrWeight.Error(), []itsm.ID{"web"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := itsm.NewBuilder().
				AddService(itsm.Service{ID: "web", Requires: []itsm.Group{tc.group}}, itsm.Service{ID: "app"}).
				AddResource(itsm.Resource{ID: "db", Kind: itsm.Data})
			_, err := b.Build()
			if d := cmp.Diff(tc.want, modelFindings(t, err)); d != "" {
				t.Errorf("problems (-want +got):\n%s\nerror: %v", d, err)
			}
		})
	}
}

// TestValidateOddIDs: IDs must be valid UTF-8 without control characters or surrounding white
// space — otherwise the JSON encoding changes them (invalid bytes become U+FFFD, so distinct IDs
// collide) or two IDs that print alike differ.
func TestValidateOddIDs(t *testing.T) {
	b := itsm.NewBuilder().AddService(
		itsm.Service{ID: "bad\xff"},
		itsm.Service{ID: "nul\x00"},
		itsm.Service{ID: "line\nbreak"},
		itsm.Service{ID: " padded"},
		itsm.Service{ID: "padded\u00a0"},
		itsm.Service{ID: "ünïcødé-服务-🚀"}, // fine: any printable Unicode
		itsm.Service{ID: "in side"},      // fine: inner spaces
	).AddCustomer(itsm.Customer{ID: "del\x7f"})
	_, err := b.Build()
	want := []modelFinding{
		{itsm.ErrInvalidID.Error(), []itsm.ID{" padded"}},
		{itsm.ErrInvalidID.Error(), []itsm.ID{"bad\xff"}},
		{itsm.ErrInvalidID.Error(), []itsm.ID{"del\x7f"}},
		{itsm.ErrInvalidID.Error(), []itsm.ID{"line\nbreak"}},
		{itsm.ErrInvalidID.Error(), []itsm.ID{"nul\x00"}},
		{itsm.ErrInvalidID.Error(), []itsm.ID{"padded\u00a0"}},
	}
	if d := cmp.Diff(want, modelFindings(t, err)); d != "" {
		t.Errorf("problems (-want +got):\n%s\nerror: %v", d, err)
	}
	if !strings.Contains(err.Error(), `service "bad\xff": ID is not valid UTF-8`) {
		t.Errorf("message %q", err)
	}
}

// TestValidateStrictCycleMessage: a cycle problem lists every member in IDs but names only the
// first few in its detail, so a cycle of a million nodes does not make a message of megabytes.
func TestValidateStrictCycleMessage(t *testing.T) {
	const n = 1000
	id := func(i int) itsm.ID { return itsm.ID(fmt.Sprintf("s%04d", i)) }
	b := itsm.NewBuilder()
	for i := range n {
		b.AddService(itsm.Service{ID: id(i), Requires: []itsm.Group{allOfGroup(id((i + 1) % n))}})
	}
	_, err := b.Build(itsm.Strict())
	var ve *itsm.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 1 || !errors.Is(err, itsm.ErrCycle) {
		t.Fatalf("got %v", err)
	}
	p := ve.Problems[0]
	if len(p.IDs) != n || p.IDs[0] != id(0) || p.IDs[n-1] != id(n-1) {
		t.Errorf("cycle IDs: %d, %v … %v", len(p.IDs), p.IDs[0], p.IDs[len(p.IDs)-1])
	}
	want := `cycle among 1000 nodes: ["s0000" "s0001" "s0002" "s0003" "s0004" "s0005" "s0006" "s0007" "s0008" "s0009"] and 990 more`
	if p.Detail != want {
		t.Errorf("detail:\n got %s\nwant %s", p.Detail, want)
	}
}

// TestValidateDuplicateIDsInsertionOrder: when two objects share an ID, references to it are
// ambiguous; the problems reported must not depend on which of them was added first.
func TestValidateDuplicateIDsInsertionOrder(t *testing.T) {
	x1 := itsm.Service{ID: "x", Provider: "p1", Name: "one"}
	x2 := itsm.Service{ID: "x", Provider: "p2", Name: "two", Requires: []itsm.Group{allOfGroup("ghost")}}
	a := itsm.Service{ID: "a", Provider: "p1", Requires: []itsm.Group{allOfGroup("x")}}
	ap1 := itsm.AccessPoint{ID: "ap", Service: "a"}
	ap2 := itsm.AccessPoint{ID: "ap", Service: "x"}
	build := func(ss []itsm.Service, aps ...itsm.AccessPoint) error {
		_, err := itsm.NewBuilder().AddProvider(itsm.Provider{ID: "p1"}, itsm.Provider{ID: "p2"}).AddService(ss...).
			AddCustomer(itsm.Customer{ID: "c"}).AddSubscription(itsm.Subscription{Customer: "c", Service: "a"}).
			AddAccessPoint(aps...).AddUser(itsm.User{ID: "u", Customer: "c", AccessPoints: []itsm.ID{"ap"}}).Build()
		return err
	}
	first := build([]itsm.Service{a, x1, x2}, ap1, ap2)
	second := build([]itsm.Service{x2, a, x1}, ap2, ap1)
	if d := cmp.Diff(first.Error(), second.Error()); d != "" {
		t.Errorf("problems depend on insertion order (-first +second):\n%s", d)
	}
	want := []modelFinding{
		{itsm.ErrDuplicateID.Error(), []itsm.ID{"ap"}},
		{itsm.ErrDuplicateID.Error(), []itsm.ID{"x"}},
		{itsm.ErrUnknownReference.Error(), []itsm.ID{"x", "ghost"}},
	}
	if d := cmp.Diff(want, modelFindings(t, first)); d != "" {
		t.Errorf("problems (-want +got):\n%s\nerror: %v", d, first)
	}
}

// TestValidateRepeatedEntries: an entry listed twice is reported once as repeated, and the
// problems of the entry itself are reported once, not once per repetition.
func TestValidateRepeatedEntries(t *testing.T) {
	_, err := itsm.NewBuilder().
		AddService(itsm.Service{ID: "s"}).
		AddAccessPoint(itsm.AccessPoint{ID: "ap", Service: "s"}).
		AddCustomer(itsm.Customer{ID: "c"}).
		AddSubscription(itsm.Subscription{Customer: "c", Service: "nope"}, itsm.Subscription{Customer: "c", Service: "nope"}).
		AddUser(itsm.User{ID: "u", Customer: "c", AccessPoints: []itsm.ID{"ap", "ap"}}).
		AddDesk(itsm.ServiceDesk{ID: "d", Customers: []itsm.ID{"who", "who"}, Services: []itsm.ID{"s", "s"}, Channels: []itsm.Channel{itsm.Phone, itsm.Phone}}).
		Build()
	want := []modelFinding{
		{itsm.ErrDuplicateSubscription.Error(), []itsm.ID{"c", "nope"}},
		{itsm.ErrUnknownReference.Error(), []itsm.ID{"c", "nope"}},
		{itsm.ErrDuplicateEntry.Error(), []itsm.ID{"d"}},        // channels[1]
		{itsm.ErrDuplicateEntry.Error(), []itsm.ID{"d", "who"}}, // customers[1]
		{itsm.ErrDuplicateEntry.Error(), []itsm.ID{"d", "s"}},   // services[1]
		{itsm.ErrUnknownReference.Error(), []itsm.ID{"d", "who"}},
		{itsm.ErrDuplicateEntry.Error(), []itsm.ID{"u", "ap"}},
		{itsm.ErrNotSubscribed.Error(), []itsm.ID{"u", "c", "s"}},
	}
	if d := cmp.Diff(want, modelFindings(t, err)); d != "" {
		t.Errorf("problems (-want +got):\n%s\nerror: %v", d, err)
	}
}

// TestValidateDuplicateIDsStrictCycles: with Strict, a cycle through an ID that two nodes claim
// exists or not depending on which of them edges were taken to lead to, so edges to such an ID
// are left out of the graph; the error is then the same in every insertion order.
func TestValidateDuplicateIDsStrictCycles(t *testing.T) {
	a1 := itsm.Service{ID: "a", Requires: []itsm.Group{allOfGroup("q")}}
	a2 := itsm.Service{ID: "a"}
	q := itsm.Resource{ID: "q", Kind: itsm.Data, Requires: []itsm.Group{allOfGroup("a")}}
	build := func(ss ...itsm.Service) error {
		_, err := itsm.NewBuilder().AddService(ss...).AddResource(q).Build(itsm.Strict())
		return err
	}
	first, second := build(a1, a2), build(a2, a1)
	if d := cmp.Diff(first.Error(), second.Error()); d != "" {
		t.Errorf("problems depend on insertion order (-first +second):\n%s", d)
	}
	if d := cmp.Diff([]modelFinding{{itsm.ErrDuplicateID.Error(), []itsm.ID{"a"}}}, modelFindings(t, first)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
}

// Thresholds on all-of, any-of and invert used to build silently (they mean nothing there) and
// round-trip through JSON, even out of range ({Percent: 900}); weights on edges of groups that are
// not weighted did the same. Every operator now rejects out-of-range thresholds, an operator that
// reads no thresholds (or weights) rejects any, and the problem names the node, the group and the
// value. Combine rejects the same rules.
func TestValidateUnusedThresholdsAndWeights(t *testing.T) {
	edges := func(w int) []itsm.Edge { return []itsm.Edge{{Target: "db", Weight: w}} }
	cases := []struct {
		name   string
		rule   itsm.Rule
		weight int
		code   error
		detail string // "" when the group is fine
	}{
		{"all-of with an out-of-range percent", itsm.Rule{Op: itsm.AllOf, DownBelow: itsm.Threshold{Percent: 900}}, 0, itsm.ErrThreshold,
			`service "web" requires[0] "g": downBelow threshold 900% is over 100%`},
		{"all-of with a threshold", itsm.Rule{Op: itsm.AllOf, DownBelow: itsm.Threshold{Percent: 90}}, 0, itsm.ErrThreshold,
			`service "web" requires[0] "g": downBelow threshold 90% is set, but all-of groups use no thresholds`},
		{"any-of with a threshold", itsm.Rule{Op: itsm.AnyOf, DegradedBelow: itsm.Threshold{Count: 1}}, 0, itsm.ErrThreshold,
			`service "web" requires[0] "g": degradedBelow threshold 1 is set, but any-of groups use no thresholds`},
		{"invert with a threshold", itsm.Rule{Op: itsm.Invert, DegradedBelow: itsm.Threshold{Count: 1}}, 0, itsm.ErrThreshold,
			`service "web" requires[0] "g": degradedBelow threshold 1 is set, but invert groups use no thresholds`},
		{"any-of with a negative threshold", itsm.Rule{Op: itsm.AnyOf, DownBelow: itsm.Threshold{Count: -1}}, 0, itsm.ErrThreshold,
			`service "web" requires[0] "g": downBelow threshold -1 is negative`},
		{"at-least with a negative percent", itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Percent: -5}}, 0, itsm.ErrThreshold,
			`service "web" requires[0] "g": downBelow threshold -5% is negative`},
		{"all-of with a weight", itsm.Rule{Op: itsm.AllOf}, 2, itsm.ErrWeight,
			`service "web" requires[0] "g" members[0]: weight 2 is set, but all-of groups use no weights`},
		{"at-least with a weight", itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 1}}, 2, itsm.ErrWeight,
			`service "web" requires[0] "g" members[0]: weight 2 is set, but at-least groups use no weights`},
		{"weighted with a weight", itsm.Rule{Op: itsm.Weighted, DownBelow: itsm.Threshold{Count: 2}}, 2, nil, ""},
		{"at-least with thresholds", itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 1}, DegradedBelow: itsm.Threshold{Percent: 100}}, 0, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := itsm.NewBuilder().AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}).
				AddService(itsm.Service{ID: "web", Requires: []itsm.Group{{Name: "g", Rule: c.rule, Members: edges(c.weight)}}}).Build()
			var got []string
			var ve *itsm.ValidationError
			if errors.As(err, &ve) {
				for _, p := range ve.Problems {
					if !errors.Is(err, p.Code) || p.Code != c.code {
						t.Errorf("problem %v: code %v, want %v", p, p.Code, c.code)
					}
					got = append(got, p.Detail)
				}
			} else if err != nil {
				t.Fatalf("got %v, want a *ValidationError", err)
			}
			var want []string
			if c.detail != "" {
				want = []string{c.detail}
			}
			if d := cmp.Diff(want, got); d != "" {
				t.Errorf("problems (-want +got):\n%s", d)
			}
			// Combine, the same rule without a model, agrees.
			_, err = itsm.Combine(c.rule, []itsm.Member{{Status: itsm.Status{State: itsm.Operational}, Weight: c.weight}}, itsm.Policy{})
			if c.code == nil && err != nil || c.code != nil && !errors.Is(err, c.code) {
				t.Errorf("Combine: got %v, want %v", err, c.code)
			}
		})
	}
}

// TestThresholdString: an invalid threshold prints what it holds, so an error about a negative
// one no longer reads "threshold unset is negative".
func TestThresholdString(t *testing.T) {
	for _, c := range []struct {
		t    itsm.Threshold
		want string
	}{
		{itsm.Threshold{}, "unset"},
		{itsm.Threshold{Count: 2}, "2"},
		{itsm.Threshold{Percent: 50}, "50%"},
		{itsm.Threshold{Count: -1}, "-1"},
		{itsm.Threshold{Percent: -5}, "-5%"},
		{itsm.Threshold{Count: 2, Percent: 50}, "2 and 50%"},
	} {
		if got := c.t.String(); got != c.want {
			t.Errorf("%#v: got %q, want %q", c.t, got, c.want)
		}
	}
	_, err := itsm.Combine(itsm.Rule{Op: itsm.AtLeast, DegradedBelow: itsm.Threshold{Percent: -5}}, []itsm.Member{{Status: itsm.Status{State: itsm.Operational}}}, itsm.Policy{})
	if want := "itsm: invalid threshold: degradedBelow threshold -5% is negative"; err == nil || err.Error() != want {
		t.Errorf("Combine: got %v, want %q", err, want)
	}
}
