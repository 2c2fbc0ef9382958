package bcp

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// Node IDs of the Building Permit Hub study: the monitor's site slugs, plus two nodes the study
// states (the map-layer composition and a local copy of the EPSG definitions).
const (
	HubID         itsm.ID = "building-permit-hub"
	AuthID        itsm.ID = "external-dependencies-authentication-service"
	KeycloakID    itsm.ID = "external-dependencies-keycloak-authentication"
	GeocoderID    itsm.ID = "external-dependencies-bc-address-geocoder"
	ParcelMapID   itsm.ID = "external-dependencies-ltsa-parcel-map-bc"
	BoundariesID  itsm.ID = "external-dependencies-bc-admin-boundaries"
	EPSGID        itsm.ID = "external-dependencies-epsg-registry"
	ArchistarID   itsm.ID = "external-service-archistar-platform-canada"
	MapLayersID   itsm.ID = "map-layers"
	EPSGCopyID    itsm.ID = "epsg-local-copy"
	permitHubSite         = "building-permit-hub"
)

// PermitHub is a continuity study of the BC Building Permit Hub and the external services it
// depends on, over the shipped Upptime history (internal/dataset BuildingPermitHub). The
// dependency structure, activities and objectives are stated by the study (the monitor records
// only which sites exist and when they were down); capabilities come from the real history.
// The zero value is an empty study; StudyPermitHub builds the real one.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type PermitHub struct {
	Model        *itsm.Model
	Activities   []Activity
	Capabilities map[itsm.ID]Capability
	Options      Options
	Analysis     *Analysis
	// Timelines are the sites' status timelines, each over the monitor's own window of that
	// site [startTime, lastUpdated) (sla.Upptime.Timeline): the window its published uptime is
	// computed over, so the continuity figures and the service figures come from one history.
	Timelines map[itsm.ID]sla.Timeline
}

// StudyPermitHub builds the study from a loaded Upptime history (sla.LoadUpptime over
// dataset.FS() and dataset.BuildingPermitHub):
//
//   - Model: the hub needs sign-in (the authentication service and Keycloak, both) and the
//     address geocoder; a map-layers service needs ParcelMap BC, the admin boundaries and the
//     EPSG registry or, by manual switchover, a local copy of the EPSG definitions.
//   - History: each site's timeline covers the monitor's own window of that site,
//     [startTime, lastUpdated) from history/<slug>.yml (sla.Upptime.Timeline), the window its
//     published uptime is computed over, so the continuity figures and the service figures come
//     from one history. Status rows before a site's startTime only set the status it opens
//     with; a site with no status change at all was up for its whole window.
//   - Capabilities: each site's longest own outage in the history (CapabilitiesFromHistory);
//     map-layers restores in 0 and holds no data of its own (a composition of the layers it
//     needs: Capability.NoData, so no RPO applies to it, while the RPO still reaches what it
//     needs) and the local EPSG copy in 2 h (estimates); the EPSG registry was never down, so
//     its restore time is unknown.
//   - Activities: apply-online (needs the hub; MTPD derived from its impact curves, 72 h; RTO
//     4 h), review-site (hub and map layers; MTPD 24 h, RTO 2 h) and automated-plan-review (hub
//     and Archistar; MTPD 1 week, RTO 8 h).
func StudyPermitHub(u sla.Upptime) (PermitHub, error) {
	sites := []itsm.ID{HubID, AuthID, KeycloakID, GeocoderID, ParcelMapID, BoundariesID, EPSGID, ArchistarID}
	p := PermitHub{Timelines: map[itsm.ID]sla.Timeline{}}
	for _, id := range sites {
		site, ok := u.Site(string(id))
		if !ok {
			return PermitHub{}, errAt(ErrUnknownReference, "upptime sites", string(id), "site missing from the history")
		}
		tl, err := u.Timeline(site.Slug)
		if err != nil {
			return PermitHub{}, errAt(ErrInvalid, "upptime events", string(id), err.Error())
		}
		p.Timelines[id] = tl
	}
	all := func(name string, ids ...itsm.ID) itsm.Group {
		g := itsm.Group{Name: name, Rule: itsm.Rule{Op: itsm.AllOf}}
		for _, id := range ids {
			g.Members = append(g.Members, itsm.Edge{Target: id})
		}
		return g
	}
	b := itsm.NewBuilder()
	b.AddService(
		itsm.Service{ID: HubID, Name: "Building Permit Hub", Requires: []itsm.Group{all("sign-in", AuthID, KeycloakID), all("address", GeocoderID)}},
		itsm.Service{ID: MapLayersID, Name: "Map layers for site review", Requires: []itsm.Group{
			all("parcels", ParcelMapID), all("boundaries", BoundariesID),
			{Name: "projections", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: []itsm.Edge{{Target: EPSGID}, {Target: EPSGCopyID}}}}},
		itsm.Service{ID: AuthID, Name: "Authentication Service"},
		itsm.Service{ID: KeycloakID, Name: "Keycloak Authentication"},
		itsm.Service{ID: GeocoderID, Name: "BC Address Geocoder"},
		itsm.Service{ID: ParcelMapID, Name: "LTSA ParcelMap BC"},
		itsm.Service{ID: BoundariesID, Name: "BC Admin Boundaries"},
		itsm.Service{ID: EPSGID, Name: "EPSG Registry"},
		itsm.Service{ID: ArchistarID, Name: "Archistar Platform (Canada)"},
	)
	b.AddResource(itsm.Resource{ID: EPSGCopyID, Name: "Local copy of the EPSG definitions", Kind: itsm.Data})
	m, err := b.Build()
	if err != nil {
		return PermitHub{}, errAt(ErrInvalid, "permit hub model", "", err.Error())
	}
	p.Model = m
	caps, err := CapabilitiesFromHistory(m, p.Timelines)
	if err != nil {
		return PermitHub{}, err
	}
	caps[MapLayersID] = Capability{Restore: 0, Basis: Estimated, NoData: true, Evidence: "a composition: nothing of its own to restore"}
	caps[EPSGCopyID] = Capability{Restore: 2 * time.Hour, Basis: Estimated, Evidence: "switch the projection source to the bundled copy"}
	p.Capabilities = caps

	scale := Scale{Names: []string{"none", "low", "medium", "high", "critical"}, Unacceptable: 4}
	curve := func(d Dimension, steps ...Step) Curve { return Curve{Dimension: d, Steps: steps} }
	cad := func(dollars int64) sla.Money {
		return sla.Money{Minor: dollars * 100, Currency: sla.Currency{Code: "CAD", Exponent: 2}}
	}
	const h = time.Hour
	p.Activities = []Activity{
		{ID: "apply-online", Name: "Applicants submit building permit applications", Owner: "Permit intake",
			Needs:      []itsm.ID{HubID},
			Objectives: Objectives{RTO: Some(4 * h), RPO: Some(15 * time.Minute), WRT: Some(2 * h), MBCO: Some(50)},
			Impact: Impact{Scale: scale, Curves: []Curve{
				curve(Customer, Step{h, 1}, Step{4 * h, 2}, Step{24 * h, 3}, Step{72 * h, 4}),
				curve(Reputational, Step{4 * h, 1}, Step{24 * h, 2}, Step{72 * h, 3}, Step{168 * h, 4}),
				curve(Regulatory, Step{72 * h, 2}, Step{168 * h, 4}),
				curve(Operational, Step{h, 1}, Step{24 * h, 2}, Step{72 * h, 3}),
			}, Loss: Loss{Kind: LossRate, Per: h, Steps: []LossStep{{After: 0, Amount: cad(400)}}}}},
		{ID: "review-site", Name: "Staff review parcels, zoning and boundaries", Owner: "Plan review",
			Needs:      []itsm.ID{HubID, MapLayersID},
			Objectives: Objectives{MTPD: Some(24 * h), RTO: Some(2 * h), RPO: Some(h), WRT: Some(time.Hour)},
			Impact: Impact{Scale: scale, Curves: []Curve{
				curve(Operational, Step{2 * h, 1}, Step{8 * h, 2}, Step{24 * h, 4}),
			}}},
		{ID: "automated-plan-review", Name: "Automated code compliance review of plans", Owner: "Plan review",
			Needs:      []itsm.ID{HubID, ArchistarID},
			Objectives: Objectives{MTPD: Some(168 * h), RTO: Some(8 * h), RPO: Some(24 * h)},
			Impact: Impact{Scale: scale, Curves: []Curve{
				curve(Operational, Step{24 * h, 1}, Step{72 * h, 2}, Step{168 * h, 4}),
			}}},
	}
	p.Options = Options{Tiers: DefaultTiers(), Manual: []GroupRef{{Node: MapLayersID, Group: "projections"}}}
	p.Analysis, err = Analyze(m, p.Activities, p.Capabilities, p.Options)
	if err != nil {
		return PermitHub{}, err
	}
	return p, nil
}

// WriteReport writes the study as plain-text tables: capabilities, activities against their
// objectives, gaps with their causes, single points of failure and the recovery order. The zero
// PermitHub has no analysis to report: ErrZeroValue, and nothing is written.
func (p PermitHub) WriteReport(w io.Writer) error {
	if !p.Analysis.built() {
		return errAt(ErrZeroValue, "permit hub study", "", "no analysis: build the study with StudyPermitHub")
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	pr := func(format string, args ...any) { fmt.Fprintf(tw, format, args...) }
	a := p.Analysis
	var from, to time.Time
	for _, tl := range p.Timelines {
		w := tl.Window()
		if from.IsZero() || w.Start.Before(from) {
			from = w.Start
		}
		if w.End.After(to) {
			to = w.End
		}
	}
	const stamp = "2006-01-02 15:04:05"
	fmt.Fprintf(w, "History: each site over the monitor's own window of it, startTime to lastUpdated\n(%s to %s UTC), the window its published uptime covers.\n\n",
		from.UTC().Format(stamp), to.UTC().Format(stamp))
	pr("Capabilities (own restore time)\nnode\trestore\tbasis\tevidence\n")
	for r := range a.Nodes() {
		c := r.Capability
		if c.Basis == 0 {
			pr("%s\tunknown\t-\tno outage of its own in the history\n", r.ID)
			continue
		}
		pr("%s\t%s\t%s\t%s\n", r.ID, c.Restore, c.Basis, c.Evidence)
	}
	unknown := func(o Optional[time.Duration]) string {
		if d, ok := o.Get(); ok {
			return d.String()
		}
		return "unknown"
	}
	pr("\nActivities\nactivity\tMTPD\tRTO\tachievable\tgap\tresumed\tfindings\n")
	for _, r := range a.Activities() {
		var codes []string
		for _, f := range r.Findings {
			codes = append(codes, f.Code.String())
		}
		if len(codes) == 0 {
			codes = []string{"-"}
		}
		pr("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.MTPD, r.RTO, unknown(r.Achievable), unknown(r.Gap), unknown(r.Resumed), strings.Join(codes, ", "))
	}
	pr("\nGaps\nnode\tkind\trequired\tachievable\tshortfall\trequired by\tcause\n")
	for _, g := range a.Gaps() {
		var cause string
		if g.Kind == RPOGap { // its own backups, not the restore path
			r, _ := a.Node(g.Node)
			cause = fmt.Sprintf("data loss %s (%s)", g.Achievable, r.Capability.Basis)
		} else {
			var chain []string
			for _, l := range a.Cause(g.Node) {
				chain = append(chain, fmt.Sprintf("%s (%s)", l.Node, l.Restore))
			}
			cause = strings.Join(chain, " ← ")
		}
		pr("%s\t%s\t%s\t%s\t%s\t%s\t%s\n", g.Node, g.Kind, g.Required, g.Achievable, g.Shortfall, g.RequiredBy, cause)
	}
	if fs := a.Findings(); len(fs) > 0 {
		pr("\nNode findings\nnode\tseverity\tfinding\n")
		for _, f := range fs {
			pr("%s\t%s\t%s: %s\n", f.Subject, f.Severity, f.Code, f.Message)
		}
	}
	pr("\nSingle points of failure\nactivity\tnode\tcover\n")
	for _, ap := range a.SinglePoints() {
		for _, sp := range ap.Points {
			pr("%s\t%s\t%s\n", ap.Activity, sp.Node, sp.Cover)
		}
	}
	pr("\nRecovery order\npriority\tnode\trequired RTO\tachievable\ttier\trequired by\n")
	for _, r := range a.RecoveryOrder() {
		tier, by := r.TierName, r.RequiredBy
		if by == "" { // a dependency no activity's RTO reaches (a spare off the critical path)
			tier, by = "-", "-"
		}
		pr("%d\t%s\t%s\t%s\t%s\t%s\n", r.Priority, r.Node, r.RequiredRTO, unknown(r.Achievable), tier, by)
	}
	sc, err := a.Scenario(p.Replay(), nil)
	if err != nil {
		return err
	}
	pr("\nScenario: %s, from %s\nactivity\tstate\toutage\tbottleneck\tresumed\tMTPD\tmargin\tbreached\tloss\n", sc.Name, sc.Start.Format(time.RFC3339))
	for _, ai := range sc.Activities {
		pr("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%v\t%s\n", ai.Activity, ai.State, unknown(ai.Outage), ai.Bottleneck, unknown(ai.Resumed), ai.MTPD, unknown(ai.Margin), ai.Breached, ai.Loss)
	}
	return tw.Flush()
}

// Replay is the scenario of the history's worst common-cause event: on 2026-08-03 the hub
// (from 13:47:55 UTC), the address geocoder and ParcelMap BC were down together for up to
// 2 h 51 min. Each lost node takes its own restore capability, so the replay shows what the
// capabilities predict for that loss (restores in dependency order: the hub after the
// geocoder), not what happened.
func (p PermitHub) Replay() Scenario {
	return Scenario{Name: "2026-08-03 common-cause outage", Lost: []itsm.ID{HubID, GeocoderID, ParcelMapID},
		Start: time.Date(2026, 8, 3, 13, 47, 55, 0, time.UTC)}
}
