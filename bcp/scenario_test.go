package bcp_test

import (
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// permitModel: the portal service runs on web, which runs on a host in data centre 1; the
// document store can fail over to a replica in data centre 2. The city subscribes to the portal
// under agreement "sla-portal".
func permitModel(t testing.TB) *itsm.Model {
	t.Helper()
	b := itsm.NewBuilder()
	b.AddService(itsm.Service{ID: "portal", Requires: []itsm.Group{
		{Name: "web", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "web"}}},
		{Name: "docs", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: []itsm.Edge{{Target: "docs-dc1"}, {Target: "docs-dc2"}}},
	}})
	b.AddResource(
		itsm.Resource{ID: "web", Kind: itsm.Software, Requires: []itsm.Group{{Name: "host", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "dc1-host"}}}}},
		itsm.Resource{ID: "dc1-host", Kind: itsm.Hardware},
		itsm.Resource{ID: "docs-dc1", Kind: itsm.Data},
		itsm.Resource{ID: "docs-dc2", Kind: itsm.Data},
	)
	b.AddCustomer(itsm.Customer{ID: "city"})
	b.AddSubscription(itsm.Subscription{Customer: "city", Service: "portal", Agreement: "sla-portal"})
	m, err := b.Build()
	noErr(t, err)
	return m
}

func permitActivity() bcp.Activity {
	return bcp.Activity{ID: "issue-permits", Owner: "permits office", Needs: []itsm.ID{"portal"},
		Objectives: bcp.Objectives{MTPD: bcp.Some(24 * hour), RTO: bcp.Some(8 * hour), WRT: bcp.Some(2 * hour), RPO: bcp.Some(time.Duration(0))},
		Impact: bcp.Impact{Scale: bc2Scale,
			Curves: []bcp.Curve{bc2Curve(bcp.Customer, "L", "H", "C", "C", "C")},
			Loss:   bcp.Loss{Kind: bcp.LossRate, Per: hour, Steps: []bcp.LossStep{{After: 0, Amount: cad(5000)}}}}}
}

func k1Terms(t testing.TB) []bcp.Terms {
	table, err := sla.ParseCreditTable("[99, 99.9) 10%; [95, 99) 25%; [0, 95) 100%")
	noErr(t, err, "K1 table")
	return []bcp.Terms{{Agreement: "sla-portal", Period: sla.Monthly(time.UTC), Fee: cad(100000), Credit: sla.CreditPolicy{Table: table}}}
}

func TestScenarioSiteLoss(t *testing.T) {
	m := permitModel(t)
	caps := map[itsm.ID]bcp.Capability{"portal": est(0), "web": est(time.Hour), "dc1-host": est(30 * hour), "docs-dc1": est(hour), "docs-dc2": est(hour)}
	a, err := bcp.Analyze(m, []bcp.Activity{permitActivity()}, caps, bcp.Options{})
	noErr(t, err)
	start := time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC)
	// Data centre 1 is lost for 12 h: the host and its copy of the documents. The replica in
	// data centre 2 carries the documents; web needs the host.
	r, err := a.Scenario(bcp.Scenario{Name: "dc1 down", Lost: []itsm.ID{"dc1-host", "docs-dc1"}, Start: start, Duration: bcp.Some(12 * hour)}, k1Terms(t))
	noErr(t, err)
	eq(t, 1, len(r.Activities))
	ai := r.Activities[0]
	eq(t, itsm.Down, ai.State)
	eq(t, bcp.Some(12*hour), ai.Outage, "host back after 12 h, web and portal need no restore of their own")
	eq(t, itsm.ID("dc1-host"), ai.Bottleneck)
	eq(t, bcp.Some(14*hour), ai.Resumed, "plus 2 h WRT")
	eq(t, false, ai.Breached)
	eq(t, bcp.Some(10*hour), ai.Margin)
	eq(t, start.Add(24*hour), ai.BreachAt)
	eq(t, cad(70000), ai.Loss, "14 h at 50.00/h")
	var levels []string
	for _, p := range ai.Timeline {
		levels = append(levels, p.Elapsed.String()+"="+bc2Scale.Name(p.Worst))
	}
	eq(t, []string{"0s=N", "1h0m0s=L", "4h0m0s=H", "14h0m0s=H"}, levels)
	// The outage spans two billing months: 6 h of 744 in March (99.19 %) and 6 h of 720 in
	// April (99.17 %): 10 % of the 1,000.00 fee each under the K1 tiers.
	eq(t, 2, len(r.Credits))
	for j, month := range []time.Month{time.March, time.April} {
		c := r.Credits[j]
		eq(t, month, c.Period.Start.Month())
		eq(t, 6*hour, c.Outage.Duration())
		eq(t, cad(10000), c.Credit.Amount, "%s credit", month)
		eq(t, itsm.ID("city"), c.Customer)
	}

	// Without a set duration the host takes its own 30 h restore: the MTPD is breached.
	r, err = a.Scenario(bcp.Scenario{Name: "dc1 lost", Lost: []itsm.ID{"dc1-host"}, Start: start}, nil)
	noErr(t, err)
	ai = r.Activities[0]
	eq(t, bcp.Some(32*hour), ai.Resumed)
	eq(t, true, ai.Breached)
	eq(t, bcp.Some(-8*hour), ai.Margin)
	eq(t, 0, len(r.Credits))

	// Losing only one copy of the documents reaches nothing.
	r, err = a.Scenario(bcp.Scenario{Name: "docs", Lost: []itsm.ID{"docs-dc2"}, Start: start}, nil)
	noErr(t, err)
	eq(t, 0, len(r.Activities))
}

func TestScenarioErrors(t *testing.T) {
	m := permitModel(t)
	a, err := bcp.Analyze(m, []bcp.Activity{permitActivity()}, nil, bcp.Options{})
	noErr(t, err)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	_, err = a.Scenario(bcp.Scenario{Name: "x", Lost: []itsm.ID{"atlantis"}, Start: start}, nil)
	errIs(t, err, bcp.ErrUnknownReference)
	_, err = a.Scenario(bcp.Scenario{Name: "x", Lost: []itsm.ID{"web"}, Start: start, Duration: bcp.Some(-hour)}, nil)
	errIs(t, err, bcp.ErrNegativeDuration)
	_, err = a.Scenario(bcp.Scenario{Name: "x", Lost: []itsm.ID{"web"}}, nil)
	errIs(t, err, bcp.ErrInvalid)
	// Unknown restore times and credit terms: the outage has no end to bill.
	_, err = a.Scenario(bcp.Scenario{Name: "x", Lost: []itsm.ID{"web"}, Start: start}, k1Terms(t))
	errIs(t, err, bcp.ErrInvalid)
	r, err := a.Scenario(bcp.Scenario{Name: "x", Lost: []itsm.ID{"web"}, Start: start}, nil)
	noErr(t, err)
	eq(t, true, r.Activities[0].Breached, "a disruption with no known end breaches the MTPD")
	eq(t, false, r.Activities[0].Resumed.IsSet())
	_ = interval.Interval{}
}

// TestAnalysisKeepsItsOwnCopy: changing the activities after Analyze changes nothing in the
// analysis.
func TestAnalysisKeepsItsOwnCopy(t *testing.T) {
	m := permitModel(t)
	acts := []bcp.Activity{permitActivity()}
	a, err := bcp.Analyze(m, acts, map[itsm.ID]bcp.Capability{"dc1-host": est(hour), "web": est(0), "portal": est(0)}, bcp.Options{})
	noErr(t, err)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	before, err := a.Scenario(bcp.Scenario{Name: "x", Lost: []itsm.ID{"dc1-host"}, Start: start}, nil)
	noErr(t, err)
	acts[0].Impact.Curves[0].Steps[0].Level = 4
	acts[0].Impact.Loss.Steps[0].Amount = cad(1)
	acts[0].Needs[0] = "docs-dc1"
	after, err := a.Scenario(bcp.Scenario{Name: "x", Lost: []itsm.ID{"dc1-host"}, Start: start}, nil)
	noErr(t, err)
	eq(t, before, after)
}

// TestScenarioCreditsWithoutActivities: a service no activity needs still owes its credits.
func TestScenarioCreditsWithoutActivities(t *testing.T) {
	m := permitModel(t)
	a, err := bcp.Analyze(m, nil, map[itsm.ID]bcp.Capability{"dc1-host": est(8 * hour)}, bcp.Options{})
	noErr(t, err)
	// 8 h of the 720 h of June: 98.89 %, the 25 % tier of K1.
	r, err := a.Scenario(bcp.Scenario{Name: "host", Lost: []itsm.ID{"dc1-host"}, Start: time.Date(2026, 6, 10, 0, 0, 0, 0, time.UTC)}, k1Terms(t))
	noErr(t, err)
	eq(t, 0, len(r.Activities))
	eq(t, 1, len(r.Credits))
	eq(t, cad(25000), r.Credits[0].Credit.Amount)
	eq(t, 8*hour, r.Credits[0].Outage.Duration())
}

// TestScenarioSiteAsFacility: a site modelled as a Facility resource that everything at it
// requires is lost by naming the facility alone; the same 12 h outage reaches the activity as
// listing the nodes at the site does, and the facility is what recovery waits for.
func TestScenarioSiteAsFacility(t *testing.T) {
	b := itsm.NewBuilder()
	at := func(site itsm.ID) []itsm.Group {
		return []itsm.Group{{Name: "site", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: site}}}}
	}
	b.AddService(itsm.Service{ID: "portal", Requires: []itsm.Group{
		{Name: "web", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "web"}}},
		{Name: "docs", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: []itsm.Edge{{Target: "docs-dc1"}, {Target: "docs-dc2"}}},
	}})
	b.AddResource(
		itsm.Resource{ID: "dc1", Kind: itsm.Facility},
		itsm.Resource{ID: "dc2", Kind: itsm.Facility},
		itsm.Resource{ID: "web", Kind: itsm.Software, Requires: []itsm.Group{{Name: "host", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "dc1-host"}}}}},
		itsm.Resource{ID: "dc1-host", Kind: itsm.Hardware, Requires: at("dc1")},
		itsm.Resource{ID: "docs-dc1", Kind: itsm.Data, Requires: at("dc1")},
		itsm.Resource{ID: "docs-dc2", Kind: itsm.Data, Requires: at("dc2")},
	)
	b.AddCustomer(itsm.Customer{ID: "city"})
	b.AddSubscription(itsm.Subscription{Customer: "city", Service: "portal", Agreement: "sla-portal"})
	m, err := b.Build()
	noErr(t, err)
	caps := map[itsm.ID]bcp.Capability{"portal": est(0), "web": est(time.Hour), "dc1-host": est(30 * hour),
		"docs-dc1": est(hour), "docs-dc2": est(hour), "dc1": est(48 * hour), "dc2": est(48 * hour)}
	a, err := bcp.Analyze(m, []bcp.Activity{permitActivity()}, caps, bcp.Options{})
	noErr(t, err)
	start := time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC)
	r, err := a.Scenario(bcp.Scenario{Name: "dc1 lost", Lost: []itsm.ID{"dc1"}, Start: start, Duration: bcp.Some(12 * hour)}, k1Terms(t))
	noErr(t, err)
	eq(t, 1, len(r.Activities))
	ai := r.Activities[0]
	eq(t, itsm.Down, ai.State)
	eq(t, bcp.Some(12*hour), ai.Outage, "the site is back after 12 h; what went down with it needs no restore of its own")
	eq(t, itsm.ID("dc1"), ai.Bottleneck)
	eq(t, bcp.Some(14*hour), ai.Resumed)
	eq(t, 2, len(r.Credits), "the same credits as listing the nodes at the site")
	// Losing the other site takes nothing down: docs-dc1 still carries the documents.
	r, err = a.Scenario(bcp.Scenario{Name: "dc2 lost", Lost: []itsm.ID{"dc2"}, Start: start, Duration: bcp.Some(12 * hour)}, k1Terms(t))
	noErr(t, err)
	eq(t, 0, len(r.Activities))
}
