package bcp_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
)

// TestLongChain: a dependency chain 100,000 long goes through every analysis without recursion.
func TestLongChain(t *testing.T) {
	const n = 100_000
	id := func(i int) itsm.ID { return itsm.ID(fmt.Sprintf("c%06d", i)) }
	b := itsm.NewBuilder()
	caps := make(map[itsm.ID]bcp.Capability, n)
	for i := range n {
		r := itsm.Resource{ID: id(i), Kind: itsm.Software}
		if i+1 < n {
			r.Requires = []itsm.Group{{Name: "next", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: id(i + 1)}}}}
		}
		b.AddResource(r)
		caps[id(i)] = bcp.Capability{Restore: time.Second, Basis: bcp.Estimated}
	}
	m, err := b.Build()
	noErr(t, err)
	a, err := bcp.Analyze(m, []bcp.Activity{{ID: "top", Needs: []itsm.ID{id(0)}, Objectives: bcp.Objectives{RTO: bcp.Some(time.Hour)}}}, caps, bcp.Options{})
	noErr(t, err)
	top, _ := a.Node(id(0))
	eq(t, bcp.Some(n*time.Second), top.Achievable, "one second per link, one after the other")
	eq(t, n, len(a.Cause(id(0))))
	eq(t, n+1, len(a.Demand(id(n-1))))
	eq(t, n, len(a.SinglePoints()[0].Points))
	order := a.RecoveryOrder()
	eq(t, id(n-1), order[0].Node)
	eq(t, id(0), order[n-1].Node)
	r, err := a.Scenario(bcp.Scenario{Name: "bottom", Lost: []itsm.ID{id(n - 1)}, Start: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}, nil)
	noErr(t, err)
	eq(t, bcp.Some(time.Second), r.Activities[0].Outage, "only the lost node needs restoring")
}
