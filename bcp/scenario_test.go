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

// supplierModel: the web shop (agreement SLA-WEB-1) needs a payments supplier, whose restore time
// nobody knows, and an app server; the mail service (agreement SLA-MAIL-1) needs a mail host that
// restores in 6 h. Both are subscribed by acme.
func supplierModel(t testing.TB) *itsm.Model {
	t.Helper()
	one := func(name string, id itsm.ID) itsm.Group {
		return itsm.Group{Name: name, Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: id}}}
	}
	b := itsm.NewBuilder()
	b.AddService(
		itsm.Service{ID: "web", Requires: []itsm.Group{one("supplier", "payments"), one("app", "app")}},
		itsm.Service{ID: "payments"},
		itsm.Service{ID: "mail", Requires: []itsm.Group{one("host", "mx")}},
	)
	b.AddResource(itsm.Resource{ID: "app", Kind: itsm.Software}, itsm.Resource{ID: "mx", Kind: itsm.Hardware})
	b.AddCustomer(itsm.Customer{ID: "acme"})
	b.AddSubscription(
		itsm.Subscription{Customer: "acme", Service: "web", Agreement: "SLA-WEB-1"},
		itsm.Subscription{Customer: "acme", Service: "mail", Agreement: "SLA-MAIL-1"},
	)
	m, err := b.Build()
	noErr(t, err)
	return m
}

// TestScenarioCreditUnknownEnd: a lost supplier with no known restore time is the normal case.
// With credit terms for the agreement above it the scenario still returns its result: the
// activity's outage is unset and breached (as without terms), the agreement's credit is a row
// marked Unknown that names the supplier, and the other agreement's credit is computed as usual
// (6 h of March's 744 h: 99.19 %, 10 % of 1,000.00).
func TestScenarioCreditUnknownEnd(t *testing.T) {
	m := supplierModel(t)
	act := bcp.Activity{ID: "take-orders", Needs: []itsm.ID{"web"}, Objectives: bcp.Objectives{MTPD: bcp.Some(24 * hour), RTO: bcp.Some(4 * hour)}}
	a, err := bcp.Analyze(m, []bcp.Activity{act}, map[itsm.ID]bcp.Capability{"web": est(0), "app": est(hour), "mx": est(6 * hour)}, bcp.Options{})
	noErr(t, err)
	start := time.Date(2026, 3, 10, 0, 0, 0, 0, time.UTC)
	table, err := sla.ParseCreditTable("[99, 99.9) 10%; [95, 99) 25%; [0, 95) 100%")
	noErr(t, err)
	terms := []bcp.Terms{
		{Agreement: "SLA-WEB-1", Period: sla.Monthly(time.UTC), Fee: cad(100000), Credit: sla.CreditPolicy{Table: table}},
		{Agreement: "SLA-MAIL-1", Period: sla.Monthly(time.UTC), Fee: cad(100000), Credit: sla.CreditPolicy{Table: table}},
	}
	sc := bcp.Scenario{Name: "suppliers", Lost: []itsm.ID{"payments", "mx"}, Start: start}
	r, err := a.Scenario(sc, terms)
	noErr(t, err, "an unknown restore time is not an error")
	eq(t, 1, len(r.Activities))
	ai := r.Activities[0]
	eq(t, false, ai.Outage.IsSet())
	eq(t, true, ai.Breached, "as without terms")
	march := sla.Interval{Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)}
	eq(t, 2, len(r.Credits))
	mail := r.Credits[0]
	eq(t, "SLA-MAIL-1", mail.Agreement)
	eq(t, false, mail.Unknown)
	eq(t, "", mail.Reason)
	eq(t, true, mail.Credit.Known)
	eq(t, cad(10000), mail.Credit.Amount)
	eq(t, 6*hour, mail.Outage.Duration())
	web := r.Credits[1]
	eq(t, bcp.CreditOwed{Agreement: "SLA-WEB-1", Customer: "acme", Service: "web", Period: march,
		Outage:  sla.Interval{Start: start, End: start},
		Credit:  sla.Credit{Fee: cad(100000), Raw: cad(0), Amount: cad(0)},
		Unknown: true,
		Reason:  `outage of "web" has no known end: it waits for "payments", which has no known restore time (set the scenario's Duration or a capability)`,
	}, web)
	eq(t, false, web.Credit.Known)

	// Without terms the activity reads the same.
	r2, err := a.Scenario(sc, nil)
	noErr(t, err)
	eq(t, r.Activities, r2.Activities)
	eq(t, 0, len(r2.Credits))

	// With the scenario's duration the end is known and the credit is computed.
	sc.Duration = bcp.Some(8 * hour)
	r, err = a.Scenario(sc, terms)
	noErr(t, err)
	eq(t, false, r.Credits[1].Unknown)
	eq(t, cad(25000), r.Credits[1].Credit.Amount, "8 h of March's 744 h: 98.92 %%, the 25 %% tier")

	// Malformed terms are still an error, whether or not the outage has a known end.
	bad := []bcp.Terms{{Agreement: "SLA-WEB-1", Period: sla.Monthly(time.UTC), Fee: cad(100000),
		Credit: sla.CreditPolicy{Table: table, Cap: sla.Money{Minor: 1, Currency: sla.Currency{Code: "USD", Exponent: 2}}}}}
	sc.Duration = bcp.Optional[time.Duration]{}
	_, err = a.Scenario(sc, bad)
	errIs(t, err, bcp.ErrInvalid)
}

// rackModel: an app server on rack A (a facility), and a database on rack B. Racks restore in
// 4 h; the app server needs 30 min of its own (a restart) once its rack is back.
func rackModel(t testing.TB) *itsm.Model {
	t.Helper()
	one := func(name string, id itsm.ID) []itsm.Group {
		return []itsm.Group{{Name: name, Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: id}}}}
	}
	b := itsm.NewBuilder()
	b.AddResource(
		itsm.Resource{ID: "rack-a", Kind: itsm.Facility},
		itsm.Resource{ID: "rack-b", Kind: itsm.Facility},
		itsm.Resource{ID: "app-server", Kind: itsm.Software, Requires: one("rack", "rack-a")},
		itsm.Resource{ID: "db", Kind: itsm.Data, Requires: one("rack", "rack-b")},
	)
	m, err := b.Build()
	noErr(t, err)
	return m
}

// TestScenarioTwoReadings: the same loss read two ways. Analyze restores every node in turn, so
// the app server is back at 4 h (rack) + 30 min (its own restart) = 4 h 30 min. A scenario that
// loses the rack by default restores only the rack (the app server resumes by itself: 4 h);
// with RestartDependents the app server restarts after it, as in Analyze (4 h 30 min). The
// result says which reading it used. The database, on the other rack, restarts nothing.
func TestScenarioTwoReadings(t *testing.T) {
	m := rackModel(t)
	caps := map[itsm.ID]bcp.Capability{"rack-a": est(4 * hour), "rack-b": est(4 * hour), "app-server": est(30 * time.Minute), "db": est(hour)}
	act := bcp.Activity{ID: "serve", Needs: []itsm.ID{"app-server", "db"}, Objectives: bcp.Objectives{MTPD: bcp.Some(24 * hour)}}
	a, err := bcp.Analyze(m, []bcp.Activity{act}, caps, bcp.Options{})
	noErr(t, err)
	app, _ := a.Node("app-server")
	eq(t, bcp.Some(4*hour+30*time.Minute), app.Achievable, "Analyze: every node restored in turn")

	start := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	sc := bcp.Scenario{Name: "rack A power", Lost: []itsm.ID{"rack-a"}, Start: start}
	r, err := a.Scenario(sc, nil)
	noErr(t, err)
	eq(t, false, r.RestartDependents)
	eq(t, bcp.Some(4*hour), r.Activities[0].Outage, "only the lost rack needs restoring")
	eq(t, itsm.ID("rack-a"), r.Activities[0].Bottleneck)

	sc.RestartDependents = true
	r, err = a.Scenario(sc, nil)
	noErr(t, err)
	eq(t, true, r.RestartDependents)
	eq(t, bcp.Some(4*hour+30*time.Minute), r.Activities[0].Outage, "the app server restarts after its rack: Analyze's figure")
	eq(t, itsm.ID("rack-a"), r.Activities[0].Bottleneck)

	// A site back at a set time: the restart follows it.
	sc.Duration = bcp.Some(12 * hour)
	r, err = a.Scenario(sc, nil)
	noErr(t, err)
	eq(t, bcp.Some(12*hour+30*time.Minute), r.Activities[0].Outage)

	// A dependent with no restore time of its own: unknown when it must restart, not by default.
	delete(caps, "app-server")
	a, err = bcp.Analyze(m, []bcp.Activity{act}, caps, bcp.Options{})
	noErr(t, err)
	sc.Duration = bcp.Optional[time.Duration]{}
	r, err = a.Scenario(sc, nil)
	noErr(t, err)
	eq(t, false, r.Activities[0].Outage.IsSet())
	eq(t, true, r.Activities[0].Breached)
	sc.RestartDependents = false
	r, err = a.Scenario(sc, nil)
	noErr(t, err)
	eq(t, bcp.Some(4*hour), r.Activities[0].Outage)
}
