package bcp_test

import (
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

func TestCapabilitiesFromHistory(t *testing.T) {
	m := buildModel(t, node{id: "app", groups: []grp{allOf("db", "db")}}, node{id: "db"}, node{id: "quiet"})
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	at := func(h, min int) time.Time {
		return day.Add(time.Duration(h)*time.Hour + time.Duration(min)*time.Minute)
	}
	w := interval.Interval{Start: day, End: day.Add(24 * time.Hour)}
	tl := func(outs ...interval.Interval) sla.Timeline {
		x, err := sla.TimelineFromOutages(w, outs)
		noErr(t, err)
		return x
	}
	caps, err := bcp.CapabilitiesFromHistory(m, map[itsm.ID]sla.Timeline{
		// app's 3 h outage overlaps db's and was waited out; its own longest is 40 min.
		"app":   tl(interval.Interval{Start: at(1, 0), End: at(4, 0)}, interval.Interval{Start: at(10, 0), End: at(10, 40)}, interval.Interval{Start: at(12, 0), End: at(12, 10)}),
		"db":    tl(interval.Interval{Start: at(3, 0), End: at(3, 30)}),
		"quiet": tl(),
	})
	noErr(t, err)
	eq(t, map[itsm.ID]bcp.Capability{
		"app": {Restore: 40 * time.Minute, Basis: bcp.Tested, Proven: at(10, 40), Evidence: "longest own outage 2026-05-01 10:00:00 – 2026-05-01 10:40:00 UTC"},
		"db":  {Restore: 30 * time.Minute, Basis: bcp.Tested, Proven: at(3, 30), Evidence: "longest own outage 2026-05-01 03:00:00 – 2026-05-01 03:30:00 UTC"},
	}, caps, "a node never down gets no capability")
	_, err = bcp.CapabilitiesFromHistory(m, map[itsm.ID]sla.Timeline{"ghost": tl()})
	errIs(t, err, bcp.ErrUnknownReference)
}

// TestMappingsAndThresholds: how edge mappings and group thresholds gate recovery.
func TestMappingsAndThresholds(t *testing.T) {
	edge := func(id string, mp itsm.Mapping) itsm.Edge { return itsm.Edge{Target: itsm.ID(id), Map: mp} }
	tests := []struct {
		name  string
		group itsm.Group
		want  bcp.Optional[time.Duration]
	}{
		{"all-of waits for the slowest", itsm.Group{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{})}}, bcp.Some(5 * hour)},
		{"ignored member does not gate", itsm.Group{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{Kind: itsm.Ignore})}}, bcp.Some(2 * hour)},
		{"lowered by 2 stays up", itsm.Group{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{Kind: itsm.Lower, Levels: 2})}}, bcp.Some(2 * hour)},
		{"lowered by 1 is unknown, still waits", itsm.Group{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{Kind: itsm.Lower, Levels: 1})}}, bcp.Some(5 * hour)},
		{"fixed operational never waits", itsm.Group{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{Kind: itsm.Fixed, Fixed: itsm.Operational})}}, bcp.Some(2 * hour)},
		{"fixed down never comes back", itsm.Group{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{Kind: itsm.Fixed, Fixed: itsm.Down})}}, bcp.Optional[time.Duration]{}},
		{"50 % of two is one", itsm.Group{Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Percent: 50}}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{})}}, bcp.Some(2 * hour)},
		{"51 % of two is two", itsm.Group{Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Percent: 51}}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{})}}, bcp.Some(5 * hour)},
		{"no down threshold never gates", itsm.Group{Rule: itsm.Rule{Op: itsm.AtLeast, DegradedBelow: itsm.Threshold{Count: 2}}, Members: []itsm.Edge{edge("a", itsm.Mapping{}), edge("b", itsm.Mapping{})}}, bcp.Some(0 * hour)},
		{"weight 3 of b alone suffices", itsm.Group{Rule: itsm.Rule{Op: itsm.Weighted, DownBelow: itsm.Threshold{Count: 3}}, Members: []itsm.Edge{{Target: "a", Weight: 1}, {Target: "b", Weight: 3}}}, bcp.Some(5 * hour)},
		{"weight 1 of a suffices", itsm.Group{Rule: itsm.Rule{Op: itsm.Weighted, DownBelow: itsm.Threshold{Count: 1}}, Members: []itsm.Edge{{Target: "a", Weight: 1}, {Target: "b", Weight: 3}}}, bcp.Some(2 * hour)},
	}
	for _, tt := range tests {
		g := tt.group
		g.Name = "g"
		m, err := itsm.NewBuilder().AddResource(
			itsm.Resource{ID: "top", Kind: itsm.Software, Requires: []itsm.Group{g}},
			itsm.Resource{ID: "a", Kind: itsm.Hardware}, itsm.Resource{ID: "b", Kind: itsm.Hardware}).Build()
		noErr(t, err, tt.name)
		a, err := bcp.Analyze(m, []bcp.Activity{{ID: "x", Needs: []itsm.ID{"top"}}},
			map[itsm.ID]bcp.Capability{"top": est(0), "a": est(2 * hour), "b": est(5 * hour)}, bcp.Options{})
		noErr(t, err, tt.name)
		r, _ := a.Node("top")
		eq(t, tt.want, r.Achievable, tt.name)
	}
}
