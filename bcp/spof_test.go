package bcp_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
)

func TestSinglePoints(t *testing.T) {
	m := buildModel(t,
		node{id: "app", groups: []grp{anyOf("db", "db1", "db2"), allOf("net", "lan"), atLeast("web", 2, "w1", "w2", "w3")}},
		node{id: "db1", groups: []grp{allOf("host", "h")}},
		node{id: "db2", groups: []grp{allOf("host", "h")}},
		node{id: "h"}, node{id: "lan"},
		node{id: "w1", groups: []grp{allOf("rack", "r1")}},
		node{id: "w2", groups: []grp{allOf("rack", "r1")}},
		node{id: "w3", groups: []grp{allOf("rack", "r2")}},
		node{id: "r1"}, node{id: "r2"}, node{id: "files"})
	acts := []bcp.Activity{{ID: "sell", Needs: []itsm.ID{"app"}}, {ID: "archive", Needs: []itsm.ID{"files", "lan"}}}
	a, err := bcp.Analyze(m, acts, nil, bcp.Options{})
	noErr(t, err)
	u := func(ids ...itsm.ID) []bcp.SinglePoint {
		var out []bcp.SinglePoint
		for _, id := range ids {
			out = append(out, bcp.SinglePoint{Node: id, Cover: bcp.Uncovered})
		}
		return out
	}
	// The shared host h takes out both database replicas; rack r1 takes out two of three web
	// servers, more than the one the 2-of-3 group can spare; r2 only one.
	eq(t, []bcp.ActivityPoints{
		{Activity: "sell", Points: u("app", "h", "lan", "r1")},
		{Activity: "archive", Points: u("files", "lan")},
	}, a.SinglePoints())

	// The database group fails over by hand: its replicas are covered only manually.
	a, err = bcp.Analyze(m, acts[:1], nil, bcp.Options{Manual: []bcp.GroupRef{{Node: "app", Group: "db"}, {Node: "app", Group: "web"}}})
	noErr(t, err)
	eq(t, []bcp.ActivityPoints{{Activity: "sell", Points: []bcp.SinglePoint{
		{Node: "app", Cover: bcp.Uncovered}, {Node: "db1", Cover: bcp.ManualCover}, {Node: "db2", Cover: bcp.ManualCover},
		{Node: "h", Cover: bcp.Uncovered}, {Node: "lan", Cover: bcp.Uncovered}, {Node: "r1", Cover: bcp.Uncovered},
		{Node: "r2", Cover: bcp.ManualCover}, {Node: "w1", Cover: bcp.ManualCover}, {Node: "w2", Cover: bcp.ManualCover},
		{Node: "w3", Cover: bcp.ManualCover},
	}}}, a.SinglePoints())
}

func TestRecoveryOrder(t *testing.T) {
	m, acts, caps := bc3(t)
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{Tiers: bcp.DefaultTiers()})
	noErr(t, err)
	row := func(p int, id itsm.ID, ach bcp.Optional[time.Duration]) bcp.Row {
		return bcp.Row{Priority: p, Node: id, RequiredRTO: bcp.Some(4 * hour), Achievable: ach, Tier: 1, TierName: "tier 1", RequiredBy: "P1"}
	}
	eq(t, []bcp.Row{row(1, "C1", bcp.Some(2*hour)), row(2, "C2", bcp.Some(6*hour)), row(3, "S", bcp.Some(6*hour))}, a.RecoveryOrder())

	// Ties between ready steps go to the more demanding RTO, then the ID; a cycle is one step.
	m = buildModel(t,
		node{id: "a", groups: []grp{allOf("p", "b")}},
		node{id: "b", groups: []grp{allOf("p", "a"), allOf("s", "z")}},
		node{id: "y"}, node{id: "z"})
	a, err = bcp.Analyze(m, []bcp.Activity{
		{ID: "slow", Needs: []itsm.ID{"y"}, Objectives: bcp.Objectives{RTO: bcp.Some(8 * hour)}},
		{ID: "fast", Needs: []itsm.ID{"a"}, Objectives: bcp.Objectives{RTO: bcp.Some(2 * hour)}},
	}, nil, bcp.Options{})
	noErr(t, err)
	var got []string
	for _, r := range a.RecoveryOrder() {
		got = append(got, fmt.Sprintf("%d %s %s", r.Priority, r.Node, r.RequiredRTO))
	}
	eq(t, []string{"1 z 2h0m0s", "2 a 2h0m0s", "2 b 2h0m0s", "3 y 8h0m0s"}, got)
}
