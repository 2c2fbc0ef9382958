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
