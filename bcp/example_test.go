package bcp_test

import (
	"fmt"
	"os"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// A business impact analysis: the MTPD follows from the impact curves (REFERENCE BC2), and a WRT
// that does not fit beside the RTO is a finding, not an error.
func ExampleAssess() {
	scale := bcp.Scale{Names: []string{"N", "L", "M", "H", "C"}, Unacceptable: 4}
	at := func(levels ...bcp.Level) []bcp.Step {
		times := []time.Duration{time.Hour, 4 * time.Hour, 24 * time.Hour, 72 * time.Hour, 168 * time.Hour}
		var s []bcp.Step
		for i, l := range levels {
			s = append(s, bcp.Step{After: times[i], Level: l})
		}
		return s
	}
	claims := bcp.Activity{
		ID: "claims", Owner: "claims office",
		Objectives: bcp.Objectives{RTO: bcp.Some(20 * time.Hour), WRT: bcp.Some(8 * time.Hour), RPO: bcp.Some(time.Duration(0))},
		Impact: bcp.Impact{Scale: scale, Curves: []bcp.Curve{
			{Dimension: bcp.Financial, Steps: at(1, 2, 3, 4, 4)},
			{Dimension: bcp.Regulatory, Steps: at(0, 0, 2, 3, 4)},
			{Dimension: bcp.Reputational, Steps: at(1, 2, 3, 4, 4)},
			{Dimension: bcp.Customer, Steps: at(1, 3, 4, 4, 4)},
			{Dimension: bcp.Operational, Steps: at(2, 3, 3, 4, 4)},
		}},
	}
	as, err := bcp.Assess([]bcp.Activity{claims}, bcp.DefaultTiers())
	if err != nil {
		fmt.Println(err)
		return
	}
	a := as[0]
	fmt.Printf("MTPD %s (%s from the %s curve), largest RTO %s, %s\n", a.MTPD, a.MTPDSource, a.Driver, a.MaxRTO, a.TierName)
	for _, f := range a.Findings {
		fmt.Println(f)
	}
	// Output:
	// MTPD 24h0m0s (derived from the customer curve), largest RTO 16h0m0s, tier 2
	// critical recovery-above-mtpd claims: RTO 20h0m0s + WRT 8h0m0s = 28h0m0s exceeds MTPD 24h0m0s (largest acceptable RTO 16h0m0s)
}

// A gap analysis over a model (REFERENCE BC3): the most demanding consumer's RTO is pushed down,
// recovery time rolls up (parallel restores take the slowest), and each gap explains itself.
func ExampleAnalyze() {
	m, err := itsm.NewBuilder().AddResource(
		itsm.Resource{ID: "S", Kind: itsm.Software, Requires: []itsm.Group{{Name: "components", Rule: itsm.Rule{Op: itsm.AllOf},
			Members: []itsm.Edge{{Target: "C1"}, {Target: "C2"}}}}},
		itsm.Resource{ID: "C1", Kind: itsm.Hardware},
		itsm.Resource{ID: "C2", Kind: itsm.Data},
	).Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	acts := []bcp.Activity{
		{ID: "P1", Needs: []itsm.ID{"S"}, Objectives: bcp.Objectives{RTO: bcp.Some(4 * time.Hour)}},
		{ID: "P2", Needs: []itsm.ID{"S"}, Objectives: bcp.Objectives{RTO: bcp.Some(8 * time.Hour)}},
	}
	caps := map[itsm.ID]bcp.Capability{
		"S":  {Restore: 0, Basis: bcp.Estimated},
		"C1": {Restore: 2 * time.Hour, Basis: bcp.Tested, Proven: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)},
		"C2": {Restore: 6 * time.Hour, Basis: bcp.Estimated},
	}
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{Tiers: bcp.DefaultTiers()})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, g := range a.Gaps() {
		fmt.Printf("%s: required %s (by %s), achievable %s, gap %s\n", g.Node, g.Required, g.RequiredBy, g.Achievable, g.Shortfall)
	}
	for _, l := range a.Cause("S") {
		fmt.Printf("  %s restores in %s (%s), back at %s\n", l.Node, l.Restore, l.Basis, l.Achievable)
	}
	for _, r := range a.RecoveryOrder() {
		fmt.Printf("%d. %s (%s)\n", r.Priority, r.Node, r.TierName)
	}
	// Output:
	// C2: required 4h0m0s (by P1), achievable 6h0m0s, gap 2h0m0s
	// S: required 4h0m0s (by P1), achievable 6h0m0s, gap 2h0m0s
	//   S restores in 0s (estimated), back at 6h0m0s
	//   C2 restores in 6h0m0s (estimated), back at 6h0m0s
	// 1. C1 (tier 1)
	// 2. C2 (tier 1)
	// 3. S (tier 1)
}

// A scenario: a data centre lost for 12 hours reaches the permit desk through the model, leaves
// it inside its MTPD, and earns the customer a service credit in each of the two months the
// outage touches (REFERENCE K1 tiers).
func ExampleAnalysis_Scenario() {
	m, err := itsm.NewBuilder().
		AddService(itsm.Service{ID: "portal", Requires: []itsm.Group{{Name: "host", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "dc1-host"}}}}}).
		AddResource(itsm.Resource{ID: "dc1-host", Kind: itsm.Hardware}).
		AddCustomer(itsm.Customer{ID: "city"}).
		AddSubscription(itsm.Subscription{Customer: "city", Service: "portal", Agreement: "sla-portal"}).
		Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	desk := bcp.Activity{ID: "permit-desk", Needs: []itsm.ID{"portal"},
		Objectives: bcp.Objectives{MTPD: bcp.Some(24 * time.Hour), RTO: bcp.Some(8 * time.Hour), WRT: bcp.Some(2 * time.Hour)}}
	a, err := bcp.Analyze(m, []bcp.Activity{desk}, nil, bcp.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, err := sla.ParseCreditTable("[99, 99.9) 10%; [95, 99) 25%; [0, 95) 100%")
	if err != nil {
		fmt.Println(err)
		return
	}
	cad := sla.Currency{Code: "CAD", Exponent: 2}
	terms := []bcp.Terms{{Agreement: "sla-portal", Period: sla.Monthly(time.UTC), Fee: sla.Money{Minor: 100000, Currency: cad}, Credit: sla.CreditPolicy{Table: table}}}
	r, err := a.Scenario(bcp.Scenario{Name: "dc1 lost", Lost: []itsm.ID{"dc1-host"},
		Start: time.Date(2026, 3, 31, 18, 0, 0, 0, time.UTC), Duration: bcp.Some(12 * time.Hour)}, terms)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, ai := range r.Activities {
		fmt.Printf("%s %s for %s, resumes at %s, MTPD runs out %s, breached %v\n", ai.Activity, ai.State, ai.Outage, ai.Resumed, ai.BreachAt.Format(time.RFC3339), ai.Breached)
	}
	for _, c := range r.Credits {
		fmt.Printf("%s owes %s for %s (%s down)\n", c.Agreement, c.Credit.Amount, c.Period.Start.Format("January"), c.Outage.Duration())
	}
	// Output:
	// permit-desk down for 12h0m0s, resumes at 14h0m0s, MTPD runs out 2026-04-01T18:00:00Z, breached false
	// sla-portal owes CAD 100.00 for March (6h0m0s down)
	// sla-portal owes CAD 100.00 for April (6h0m0s down)
}

// The continuity study of the BC Building Permit Hub over its real outage history.
func ExampleStudyPermitHub() {
	u, err := sla.LoadUpptime(dataset.FS(), dataset.BuildingPermitHub)
	if err != nil {
		fmt.Println(err)
		return
	}
	study, err := bcp.StudyPermitHub(u)
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := study.WriteReport(os.Stdout); err != nil {
		fmt.Println(err)
	}
	// Output:
	// History: each site over the monitor's own window of it, startTime to lastUpdated
	// (2026-07-14 15:41:25 to 2026-08-22 14:18:02 UTC), the window its published uptime covers.
	//
	// Capabilities (own restore time)
	// node                                           restore   basis      evidence
	// building-permit-hub                            29m55s    tested     longest own outage 2026-07-28 12:51:52 – 2026-07-28 13:21:47 UTC
	// epsg-local-copy                                2h0m0s    estimated  switch the projection source to the bundled copy
	// external-dependencies-authentication-service   22m22s    tested     longest own outage 2026-07-25 14:56:32 – 2026-07-25 15:18:54 UTC
	// external-dependencies-bc-address-geocoder      2h45m53s  tested     longest own outage 2026-08-03 13:52:49 – 2026-08-03 16:38:42 UTC
	// external-dependencies-bc-admin-boundaries      1h51m8s   tested     longest own outage 2026-07-20 01:13:54 – 2026-07-20 03:05:02 UTC
	// external-dependencies-epsg-registry            unknown   -          no outage of its own in the history
	// external-dependencies-keycloak-authentication  17m24s    tested     longest own outage 2026-07-25 15:01:35 – 2026-07-25 15:18:59 UTC
	// external-dependencies-ltsa-parcel-map-bc       2h41m3s   tested     longest own outage 2026-08-03 13:57:42 – 2026-08-03 16:38:45 UTC
	// external-service-archistar-platform-canada     42m29s    tested     longest own outage 2026-08-09 02:26:34 – 2026-08-09 03:09:03 UTC
	// map-layers                                     0s        estimated  a composition: nothing of its own to restore
	//
	// Activities
	// activity               MTPD      RTO     achievable  gap       resumed   findings
	// apply-online           72h0m0s   4h0m0s  3h15m48s    0s        5h15m48s  -
	// review-site            24h0m0s   2h0m0s  3h15m48s    1h15m48s  4h15m48s  capability-gap
	// automated-plan-review  168h0m0s  8h0m0s  3h15m48s    0s        3h15m48s  -
	//
	// Gaps
	// node                                       kind  required  achievable  shortfall  required by  cause
	// building-permit-hub                        RTO   2h0m0s    3h15m48s    1h15m48s   review-site  building-permit-hub (29m55s) ← external-dependencies-bc-address-geocoder (2h45m53s)
	// external-dependencies-bc-address-geocoder  RTO   2h0m0s    2h45m53s    45m53s     review-site  external-dependencies-bc-address-geocoder (2h45m53s)
	// external-dependencies-ltsa-parcel-map-bc   RTO   2h0m0s    2h41m3s     41m3s      review-site  external-dependencies-ltsa-parcel-map-bc (2h41m3s)
	// map-layers                                 RTO   2h0m0s    2h41m3s     41m3s      review-site  map-layers (0s) ← external-dependencies-ltsa-parcel-map-bc (2h41m3s)
	//
	// Node findings
	// node                                           severity  finding
	// building-permit-hub                            info      unknown-capability: data loss unknown: RPO 15m0s required by apply-online, and no data-loss figure
	// epsg-local-copy                                info      unknown-capability: data loss unknown: RPO 1h0m0s required by review-site, and no data-loss figure
	// external-dependencies-authentication-service   info      unknown-capability: data loss unknown: RPO 15m0s required by apply-online, and no data-loss figure
	// external-dependencies-bc-address-geocoder      info      unknown-capability: data loss unknown: RPO 15m0s required by apply-online, and no data-loss figure
	// external-dependencies-bc-admin-boundaries      info      unknown-capability: data loss unknown: RPO 1h0m0s required by review-site, and no data-loss figure
	// external-dependencies-keycloak-authentication  info      unknown-capability: data loss unknown: RPO 15m0s required by apply-online, and no data-loss figure
	// external-dependencies-ltsa-parcel-map-bc       info      unknown-capability: data loss unknown: RPO 1h0m0s required by review-site, and no data-loss figure
	// external-service-archistar-platform-canada     info      unknown-capability: data loss unknown: RPO 24h0m0s required by automated-plan-review, and no data-loss figure
	//
	// Single points of failure
	// activity               node                                           cover
	// apply-online           building-permit-hub                            uncovered
	// apply-online           external-dependencies-authentication-service   uncovered
	// apply-online           external-dependencies-bc-address-geocoder      uncovered
	// apply-online           external-dependencies-keycloak-authentication  uncovered
	// review-site            building-permit-hub                            uncovered
	// review-site            epsg-local-copy                                manual
	// review-site            external-dependencies-authentication-service   uncovered
	// review-site            external-dependencies-bc-address-geocoder      uncovered
	// review-site            external-dependencies-bc-admin-boundaries      uncovered
	// review-site            external-dependencies-epsg-registry            manual
	// review-site            external-dependencies-keycloak-authentication  uncovered
	// review-site            external-dependencies-ltsa-parcel-map-bc       uncovered
	// review-site            map-layers                                     uncovered
	// automated-plan-review  building-permit-hub                            uncovered
	// automated-plan-review  external-dependencies-authentication-service   uncovered
	// automated-plan-review  external-dependencies-bc-address-geocoder      uncovered
	// automated-plan-review  external-dependencies-keycloak-authentication  uncovered
	// automated-plan-review  external-service-archistar-platform-canada     uncovered
	//
	// Recovery order
	// priority  node                                           required RTO  achievable  tier    required by
	// 1         epsg-local-copy                                2h0m0s        2h0m0s      tier 1  review-site
	// 2         external-dependencies-authentication-service   2h0m0s        22m22s      tier 1  review-site
	// 3         external-dependencies-bc-address-geocoder      2h0m0s        2h45m53s    tier 1  review-site
	// 4         external-dependencies-bc-admin-boundaries      2h0m0s        1h51m8s     tier 1  review-site
	// 5         external-dependencies-epsg-registry            unset         unknown     -       -
	// 6         external-dependencies-keycloak-authentication  2h0m0s        17m24s      tier 1  review-site
	// 7         building-permit-hub                            2h0m0s        3h15m48s    tier 1  review-site
	// 8         external-dependencies-ltsa-parcel-map-bc       2h0m0s        2h41m3s     tier 1  review-site
	// 9         map-layers                                     2h0m0s        2h41m3s     tier 1  review-site
	// 10        external-service-archistar-platform-canada     8h0m0s        42m29s      tier 2  automated-plan-review
	//
	// Scenario: 2026-08-03 common-cause outage, from 2026-08-03T13:47:55Z
	// activity               state  outage    bottleneck                                 resumed   MTPD      margin      breached  loss
	// apply-online           down   3h15m48s  external-dependencies-bc-address-geocoder  5h15m48s  72h0m0s   66h44m12s   false     CAD 2105.33
	// review-site            down   3h15m48s  external-dependencies-bc-address-geocoder  4h15m48s  24h0m0s   19h44m12s   false     0
	// automated-plan-review  down   3h15m48s  external-dependencies-bc-address-geocoder  3h15m48s  168h0m0s  164h44m12s  false     0
}
