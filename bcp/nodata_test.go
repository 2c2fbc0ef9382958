package bcp_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
)

// ordersModel: the orders service runs on an app server, which needs a rack and the orders
// database. Only the database holds data.
func ordersModel(t testing.TB) *itsm.Model {
	t.Helper()
	all := func(name string, ids ...itsm.ID) itsm.Group {
		g := itsm.Group{Name: name, Rule: itsm.Rule{Op: itsm.AllOf}}
		for _, id := range ids {
			g.Members = append(g.Members, itsm.Edge{Target: id})
		}
		return g
	}
	b := itsm.NewBuilder()
	b.AddService(itsm.Service{ID: "orders", Requires: []itsm.Group{all("runs on", "app-server")}})
	b.AddResource(
		itsm.Resource{ID: "app-server", Kind: itsm.Software, Requires: []itsm.Group{all("rack", "rack"), all("data", "orders-db")}},
		itsm.Resource{ID: "rack", Kind: itsm.Facility},
		itsm.Resource{ID: "orders-db", Kind: itsm.Data},
	)
	m, err := b.Build()
	noErr(t, err)
	return m
}

// TestNoData: a node whose capability says it holds no data carries no RPO of its own (no gap,
// no "data loss unknown" finding, RequiredRPO unset) but passes the RPO on: the database under
// the stateless app server still misses its 1 h RPO by 1 h. A rack whose restore time is unknown
// is marked with NoData alone. A node not marked (the orders service) is still reported, as
// before: nothing is guessed from its kind.
func TestNoData(t *testing.T) {
	m := ordersModel(t)
	act := bcp.Activity{ID: "take-orders", Needs: []itsm.ID{"orders"}, Objectives: bcp.Objectives{RTO: bcp.Some(8 * hour), RPO: bcp.Some(hour)}}
	caps := map[itsm.ID]bcp.Capability{
		"orders":     est(0),
		"app-server": {Restore: 30 * time.Minute, Basis: bcp.Estimated, NoData: true, Evidence: "stateless"},
		"rack":       {NoData: true},
		"orders-db":  {Restore: 2 * hour, DataLoss: bcp.Some(2 * hour), Basis: bcp.Estimated},
	}
	a, err := bcp.Analyze(m, []bcp.Activity{act}, caps, bcp.Options{})
	noErr(t, err)
	var findings []string
	for _, f := range a.Findings() {
		findings = append(findings, f.String())
	}
	eq(t, []string{"info unknown-capability orders: data loss unknown: RPO 1h0m0s required by take-orders, and no data-loss figure"}, findings)
	eq(t, []bcp.Gap{{Kind: bcp.RPOGap, Node: "orders-db", Required: hour, Achievable: 2 * hour, Shortfall: hour, RequiredBy: "take-orders"}}, a.Gaps(),
		"the RPO reaches the database through the app server that holds no data")
	rack, _ := a.Node("rack")
	eq(t, false, rack.RequiredRPO.IsSet())
	eq(t, bcp.Some(8*hour), rack.RequiredRTO, "the RTO still applies")
	eq(t, bcp.Capability{NoData: true}, rack.Capability)
	eq(t, false, rack.Achievable.IsSet(), "NoData alone states no restore time")
	app, _ := a.Node("app-server")
	eq(t, false, app.RequiredRPO.IsSet())
	db, _ := a.Node("orders-db")
	eq(t, bcp.Some(hour), db.RequiredRPO)
	cs, err := bcp.NewCapabilities(m, caps)
	noErr(t, err)
	c, ok := cs.Of("rack")
	eq(t, true, ok)
	eq(t, bcp.Capability{NoData: true}, c)
	eq(t, 4, cs.Len())

	// Without the flag every node under the activity must meet the RPO: the rack and the app
	// server are reported as unknown too (the previous reading, still the default).
	delete(caps, "rack")
	caps["app-server"] = est(30 * time.Minute)
	a, err = bcp.Analyze(m, []bcp.Activity{act}, caps, bcp.Options{})
	noErr(t, err)
	var subjects []string
	for _, f := range a.Findings() {
		subjects = append(subjects, f.Subject)
	}
	eq(t, []string{"app-server", "orders", "rack"}, subjects)
}

// A capability that holds no data has no data-loss figure, and one without a basis states no
// restore time.
func TestNoDataInvalid(t *testing.T) {
	m := ordersModel(t)
	for name, c := range map[string]bcp.Capability{
		"no data with a data-loss figure":  {Restore: hour, Basis: bcp.Estimated, NoData: true, DataLoss: bcp.Some(time.Duration(0))},
		"no data with a restore, no basis": {Restore: hour, NoData: true},
		"no data, proven, no basis":        {NoData: true, Proven: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		"nothing":                          {},
	} {
		_, err := bcp.NewCapabilities(m, map[itsm.ID]bcp.Capability{"rack": c})
		errIs(t, err, bcp.ErrInvalid, name)
	}
	var c bcp.Capability
	noErr(t, json.Unmarshal([]byte(`{"restore":0,"dataLoss":null,"basis":0,"noData":true}`), &c))
	eq(t, bcp.Capability{NoData: true}, c)
}
