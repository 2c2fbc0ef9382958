package bcp_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
)

// redundantModel: an activity needs app; app requires one of db1 and db2 (any-of), or k of
// db1..db3 (at-least k).
func redundantModel(t testing.TB, op itsm.Operator, k int, dbs ...itsm.ID) *itsm.Model {
	t.Helper()
	g := itsm.Group{Name: "db", Rule: itsm.Rule{Op: op}}
	if op == itsm.AtLeast {
		g.Rule.DownBelow = itsm.Threshold{Count: k}
	}
	b := itsm.NewBuilder()
	for _, id := range dbs {
		g.Members = append(g.Members, itsm.Edge{Target: id})
		b.AddResource(itsm.Resource{ID: id, Kind: itsm.Data})
	}
	b.AddService(itsm.Service{ID: "app", Requires: []itsm.Group{g}})
	m, err := b.Build()
	noErr(t, err)
	return m
}

func gapRows(a *bcp.Analysis) []string {
	var out []string
	for _, g := range a.Gaps() {
		out = append(out, fmt.Sprintf("%s %s required %s achievable %s", g.Node, g.Kind, g.Required, g.Achievable))
	}
	return out
}

// The any-of group is back when db2 is (2 h); the activity's RTO of 4 h is met, so db1's 5 h
// restore delays nothing and is no gap. db1 is needed (in scope) but carries no required RTO.
func TestRedundantMemberIsNoGap(t *testing.T) {
	const h = time.Hour
	m := redundantModel(t, itsm.AnyOf, 0, "db1", "db2")
	caps := map[itsm.ID]bcp.Capability{
		"app": {Restore: 0, Basis: bcp.Estimated},
		"db1": {Restore: 5 * h, Basis: bcp.Estimated},
		"db2": {Restore: 2 * h, Basis: bcp.Estimated},
	}
	acts := []bcp.Activity{{ID: "sell", Needs: []itsm.ID{"app"}, Objectives: bcp.Objectives{RTO: bcp.Some(4 * h)}}}
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	noErr(t, err)
	eq(t, []string(nil), gapRows(a), "no gap")
	eq(t, bcp.Some(2*h), a.Activities()[0].Achievable)
	db1, _ := a.Node("db1")
	eq(t, false, db1.RequiredRTO.IsSet(), "db1 off the critical path carries no RTO")
	db2, _ := a.Node("db2")
	eq(t, bcp.Some(4*h), db2.RequiredRTO, "db2 carries the RTO")

	// With the RTO at 1 h the group is late: the member it comes back with (db2) is the gap.
	acts[0].Objectives.RTO = bcp.Some(h)
	a, err = bcp.Analyze(m, acts, caps, bcp.Options{})
	noErr(t, err)
	eq(t, []string{"app RTO required 1h0m0s achievable 2h0m0s", "db2 RTO required 1h0m0s achievable 2h0m0s"}, gapRows(a))
}

// At least 2 of 3: the group is back with the two fastest (1 h and 3 h); the third (5 h) is
// no gap, and with an RTO of 2 h the 3 h member is.
func TestKOfNOnlyTheKFastestCarryTheRTO(t *testing.T) {
	const h = time.Hour
	m := redundantModel(t, itsm.AtLeast, 2, "db1", "db2", "db3")
	caps := map[itsm.ID]bcp.Capability{
		"app": {Restore: 0, Basis: bcp.Estimated},
		"db1": {Restore: 5 * h, Basis: bcp.Estimated},
		"db2": {Restore: 3 * h, Basis: bcp.Estimated},
		"db3": {Restore: 1 * h, Basis: bcp.Estimated},
	}
	acts := []bcp.Activity{{ID: "sell", Needs: []itsm.ID{"app"}, Objectives: bcp.Objectives{RTO: bcp.Some(2 * h)}}}
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	noErr(t, err)
	eq(t, []string{"app RTO required 2h0m0s achievable 3h0m0s", "db2 RTO required 2h0m0s achievable 3h0m0s"}, gapRows(a))
	db1, _ := a.Node("db1")
	eq(t, false, db1.RequiredRTO.IsSet())
	db3, _ := a.Node("db3")
	eq(t, bcp.Some(2*h), db3.RequiredRTO)
}

// A node needed for an RPO without a data-loss figure is one Info finding, however many
// activities need it; a node with a figure above the RPO is an RPO gap whose achievable value is
// that data loss, not a restore time.
func TestRPOUnknownDataLossOncePerNode(t *testing.T) {
	const h = time.Hour
	m := redundantModel(t, itsm.AllOf, 0, "db1", "db2")
	caps := map[itsm.ID]bcp.Capability{
		"app": {Restore: 0, Basis: bcp.Estimated},
		"db1": {Restore: 5 * h, DataLoss: bcp.Some(4 * h), Basis: bcp.Estimated},
		"db2": {Restore: 2 * h, Basis: bcp.Estimated},
	}
	acts := []bcp.Activity{
		{ID: "buy", Needs: []itsm.ID{"app"}, Objectives: bcp.Objectives{RPO: bcp.Some(h)}},
		{ID: "sell", Needs: []itsm.ID{"app"}, Objectives: bcp.Objectives{RPO: bcp.Some(30 * time.Minute)}},
	}
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	noErr(t, err)
	var fs []string
	for _, f := range a.Findings() {
		fs = append(fs, f.String())
	}
	eq(t, []string{
		"info unknown-capability app: data loss unknown: RPO 30m0s required by sell, and no data-loss figure",
		"info unknown-capability db2: data loss unknown: RPO 30m0s required by sell, and no data-loss figure",
	}, fs)
	eq(t, []string{"db1 RPO required 30m0s achievable 4h0m0s"}, gapRows(a))
}
