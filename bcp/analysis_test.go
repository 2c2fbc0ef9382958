package bcp_test

import (
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
)

// node describes one resource of a test model: its groups, each an operator and member IDs.
type node struct {
	id     string
	groups []grp
}

type grp struct {
	name    string
	rule    itsm.Rule
	members []string
}

func allOf(name string, ms ...string) grp {
	return grp{name: name, rule: itsm.Rule{Op: itsm.AllOf}, members: ms}
}
func anyOf(name string, ms ...string) grp {
	return grp{name: name, rule: itsm.Rule{Op: itsm.AnyOf}, members: ms}
}
func atLeast(name string, k int, ms ...string) grp {
	return grp{name: name, rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: k}}, members: ms}
}

func buildModel(t testing.TB, nodes ...node) *itsm.Model {
	t.Helper()
	b := itsm.NewBuilder()
	for _, n := range nodes {
		r := itsm.Resource{ID: itsm.ID(n.id), Kind: itsm.Software}
		for _, g := range n.groups {
			ig := itsm.Group{Name: g.name, Rule: g.rule}
			for _, m := range g.members {
				ig.Members = append(ig.Members, itsm.Edge{Target: itsm.ID(m)})
			}
			r.Requires = append(r.Requires, ig)
		}
		b.AddResource(r)
	}
	m, err := b.Build()
	noErr(t, err, "build model")
	return m
}

func est(d time.Duration) bcp.Capability { return bcp.Capability{Restore: d, Basis: bcp.Estimated} }

// bc3 is REFERENCE BC3: P1 (RTO 4 h) and P2 (RTO 8 h) need S; S needs C1 (2 h) and C2 (6 h),
// restored in parallel.
func bc3(t testing.TB) (*itsm.Model, []bcp.Activity, map[itsm.ID]bcp.Capability) {
	m := buildModel(t, node{id: "S", groups: []grp{allOf("components", "C1", "C2")}}, node{id: "C1"}, node{id: "C2"})
	acts := []bcp.Activity{
		{ID: "P1", Needs: []itsm.ID{"S"}, Objectives: bcp.Objectives{RTO: bcp.Some(4 * hour)}},
		{ID: "P2", Needs: []itsm.ID{"S"}, Objectives: bcp.Objectives{RTO: bcp.Some(8 * hour)}},
	}
	proven := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	caps := map[itsm.ID]bcp.Capability{"S": est(0), "C1": {Restore: 2 * hour, Basis: bcp.Tested, Proven: proven, Evidence: "dr-1"}, "C2": est(6 * hour)}
	return m, acts, caps
}

// TestGap_BC3 checks REFERENCE BC3: required RTO of S is 4 h, its capability 6 h, gap 2 h, with
// the chain that causes it.
func TestGap_BC3(t *testing.T) {
	m, acts, caps := bc3(t)
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{Tiers: bcp.DefaultTiers()})
	noErr(t, err)
	s, found := a.Node("S")
	isTrue(t, found)
	eq(t, bcp.Some(4*hour), s.RequiredRTO, "required RTO of S")
	eq(t, "P1", s.RequiredBy)
	eq(t, bcp.Some(6*hour), s.Achievable, "capability of S")
	c2, _ := a.Node("C2")
	eq(t, bcp.Some(4*hour), c2.RequiredRTO, "pushed down to C2")
	want := []bcp.Gap{
		{Kind: bcp.RTOGap, Node: "C2", Required: 4 * hour, Achievable: 6 * hour, Shortfall: 2 * hour, RequiredBy: "P1"},
		{Kind: bcp.RTOGap, Node: "S", Required: 4 * hour, Achievable: 6 * hour, Shortfall: 2 * hour, RequiredBy: "P1"},
	}
	eq(t, want, a.Gaps(), "BC3 gaps")
	eq(t, []bcp.Link{
		{Node: "S", Restore: bcp.Some(time.Duration(0)), Achievable: bcp.Some(6 * hour), Basis: bcp.Estimated},
		{Node: "C2", Restore: bcp.Some(6 * hour), Achievable: bcp.Some(6 * hour), Basis: bcp.Estimated},
	}, a.Cause("S"), "the chain that causes the gap")
	eq(t, []string{"P1", "S", "C2"}, a.Demand("C2"))
	res := a.Activities()
	eq(t, bcp.Some(2*hour), res[0].Gap, "P1 misses its RTO by 2 h")
	eq(t, bcp.Some(time.Duration(0)), res[1].Gap, "P2 is fine")
	eq(t, itsm.ID("C2"), res[0].Bottleneck)
	eq(t, bcp.CapabilityGap, res[0].Findings[0].Code)
}

func TestAchievableThroughRedundancy(t *testing.T) {
	m := buildModel(t,
		node{id: "app", groups: []grp{anyOf("db", "db1", "db2"), atLeast("web", 2, "w1", "w2", "w3")}},
		node{id: "db1"}, node{id: "db2"}, node{id: "w1"}, node{id: "w2"}, node{id: "w3"})
	caps := map[itsm.ID]bcp.Capability{"app": est(hour), "db1": est(5 * hour), "db2": est(3 * hour),
		"w1": est(4 * hour), "w2": est(2 * hour), "w3": est(7 * hour)}
	a, err := bcp.Analyze(m, []bcp.Activity{{ID: "sell", Needs: []itsm.ID{"app"}, Objectives: bcp.Objectives{RTO: bcp.Some(2 * hour)}}}, caps, bcp.Options{})
	noErr(t, err)
	app, _ := a.Node("app")
	// any-of db: the faster (3 h); 2-of-3 web: the second fastest (4 h); app itself 1 h → 5 h.
	eq(t, bcp.Some(5*hour), app.Achievable)
	var path []itsm.ID
	for _, l := range a.Cause("app") {
		path = append(path, l.Node)
	}
	eq(t, []itsm.ID{"app", "w1"}, path)
	// The 2-of-3 group is back with w2 (2 h) and w1 (4 h): w3 (7 h) cannot delay it and carries
	// no requirement; any-of db comes back with db2 (3 h), so db1 (5 h) carries none either.
	w3, _ := a.Node("w3")
	eq(t, false, w3.RequiredRTO.IsSet(), "a member the group does not come back with carries no requirement")
	w1, _ := a.Node("w1")
	eq(t, bcp.Some(2*hour), w1.RequiredRTO)
	db1, _ := a.Node("db1")
	eq(t, false, db1.RequiredRTO.IsSet())
}

// TestCycleRestoredTogether: members of a strongly connected component share fate: they do not
// wait for each other and all come back when the slowest does.
func TestCycleRestoredTogether(t *testing.T) {
	m := buildModel(t,
		node{id: "a", groups: []grp{allOf("peer", "b")}},
		node{id: "b", groups: []grp{allOf("peer", "a"), allOf("store", "d")}},
		node{id: "d"}, node{id: "top", groups: []grp{allOf("x", "a")}})
	caps := map[itsm.ID]bcp.Capability{"a": est(hour), "b": est(2 * hour), "d": est(3 * hour), "top": est(0)}
	a, err := bcp.Analyze(m, []bcp.Activity{
		{ID: "x", Needs: []itsm.ID{"top"}, Objectives: bcp.Objectives{RTO: bcp.Some(4 * hour)}},
		{ID: "y", Needs: []itsm.ID{"b"}, Objectives: bcp.Objectives{RTO: bcp.Some(3 * hour)}},
	}, caps, bcp.Options{})
	noErr(t, err)
	for _, id := range []itsm.ID{"a", "b", "top"} {
		r, _ := a.Node(id)
		eq(t, bcp.Some(5*hour), r.Achievable, "%s: d (3 h) then b (2 h)", id)
	}
	ra, _ := a.Node("a")
	eq(t, bcp.Some(3*hour), ra.RequiredRTO, "a shares b's requirement")
	eq(t, "y", ra.RequiredBy)
}

func TestAnalyzeErrors(t *testing.T) {
	m, acts, caps := bc3(t)
	bad := append([]bcp.Activity(nil), acts...)
	bad[0].Needs = []itsm.ID{"nope"}
	_, err := bcp.Analyze(m, bad, caps, bcp.Options{})
	errIs(t, err, bcp.ErrUnknownReference)
	contains(t, err.Error(), `"nope"`)
	_, err = bcp.Analyze(m, acts, map[itsm.ID]bcp.Capability{"ghost": est(hour)}, bcp.Options{})
	errIs(t, err, bcp.ErrUnknownReference)
	_, err = bcp.Analyze(m, acts, map[itsm.ID]bcp.Capability{"S": est(-hour)}, bcp.Options{})
	errIs(t, err, bcp.ErrNegativeDuration)
	_, err = bcp.Analyze(m, acts, map[itsm.ID]bcp.Capability{"S": {Restore: hour, Basis: bcp.Tested}}, bcp.Options{})
	errIs(t, err, bcp.ErrInvalid, "tested without a date")
	_, err = bcp.Analyze(m, acts, caps, bcp.Options{Manual: []bcp.GroupRef{{Node: "S", Group: "nope"}}})
	errIs(t, err, bcp.ErrUnknownReference)
	// An RTO longer than the MTPD is a finding, not an error.
	long := append([]bcp.Activity(nil), acts...)
	long[0].Objectives.MTPD = bcp.Some(hour)
	_, err = bcp.Analyze(m, long, caps, bcp.Options{})
	noErr(t, err)
}

func TestActivityFindings(t *testing.T) {
	m, _, caps := bc3(t)
	acts := []bcp.Activity{
		// systems back at 6 h, plus 4 h of work recovery, against an MTPD of 8 h.
		{ID: "late", Needs: []itsm.ID{"S"}, Objectives: bcp.Objectives{MTPD: bcp.Some(8 * hour), RTO: bcp.Some(6 * hour), WRT: bcp.Some(4 * hour)}},
		{ID: "blind", Needs: []itsm.ID{"S"}, Objectives: bcp.Objectives{RTO: bcp.Some(6 * hour)}},
	}
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	noErr(t, err)
	res := a.Activities()
	eq(t, 1, len(res[0].Findings))
	eq(t, bcp.RecoveryAboveMTPD, res[0].Findings[0].Code)
	eq(t, bcp.Some(10*hour), res[0].Resumed)

	noC2 := map[itsm.ID]bcp.Capability{"S": caps["S"], "C1": caps["C1"]}
	a, err = bcp.Analyze(m, acts[1:], noC2, bcp.Options{})
	noErr(t, err)
	res = a.Activities()
	eq(t, bcp.UnknownCapability, res[0].Findings[0].Code)
	isTrue(t, !res[0].Achievable.IsSet() && !res[0].Gap.IsSet(), "unknown, not zero")
	eq(t, 0, len(a.Gaps()), "unknown capability is not a gap")
}
