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
