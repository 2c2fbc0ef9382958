package main

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// scenarioLength is how long the scenario's loss lasts.
const scenarioLength = 24 * time.Hour

// geocoder is the dependency the scenario loses when the data has it.
const geocoder = itsm.ID("external-dependencies-bc-address-geocoder")

// ContinuitySection is the business continuity part of the review.
type ContinuitySection struct {
	// Study says whose activities, model and capabilities the section shows.
	Study      string         `json:"study"`
	Activities []ActivityView `json:"activities"`
	Nodes      []NodeView     `json:"nodes"`
	Gaps       []GapView      `json:"gaps"`
	SPOFs      []SPOFView     `json:"spofs"`
	Order      []OrderRow     `json:"recoveryOrder"`
	Findings   []string       `json:"findings"`
	Scenario   Scenario       `json:"scenario"`
	// Replay is the study's own scenario, when it has one.
	Replay *Scenario `json:"replay,omitempty"`
}

// ActivityView is one business activity: objectives, the recovery its needs can achieve, gap.
type ActivityView struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	Needs      string `json:"needs"`
	MTPD       string `json:"mtpd"`
	MTPDSource string `json:"mtpdSource"`
	RTO        string `json:"rto"`
	RPO        string `json:"rpo"`
	WRT        string `json:"wrt"`
	Tier       string `json:"tier"`
	Achievable string `json:"achievable"`
	Bottleneck string `json:"bottleneck"`
	Gap        string `json:"gap"`
	Resumed    string `json:"resumed"`
}

// NodeView is one service's required recovery against its capability.
type NodeView struct {
	ID          string `json:"id"`
	RequiredRTO string `json:"requiredRTO"`
	RequiredBy  string `json:"requiredBy"`
	Restore     string `json:"restore"`
	Basis       string `json:"basis"`
	Achievable  string `json:"achievable"`
}

// GapView is one node whose recovery is slower than required.
type GapView struct {
	Kind       string `json:"kind"`
	Node       string `json:"node"`
	Required   string `json:"required"`
	Achievable string `json:"achievable"`
	Shortfall  string `json:"shortfall"`
	RequiredBy string `json:"requiredBy"`
	Chain      string `json:"chain"`
}

// SPOFView is one activity's single points of failure.
type SPOFView struct {
	Activity string   `json:"activity"`
	Points   []string `json:"points"`
}

// OrderRow is one line of the recovery plan.
type OrderRow struct {
	Priority    int    `json:"priority"`
	Node        string `json:"node"`
	RequiredRTO string `json:"requiredRTO"`
	Achievable  string `json:"achievable"`
	Tier        string `json:"tier"`
}

// Scenario is the loss of one dependency for scenarioLength.
type Scenario struct {
	Title      string           `json:"title"`
	Activities []ScenarioEffect `json:"activities"`
	Exposure   string           `json:"exposure"`
	// Availability and credits of the month, had this loss been its only one.
	Month          string `json:"month"`
	Availability   string `json:"availability"`
	CreditCustomer string `json:"creditToCustomer"`
	CreditSupplier string `json:"creditFromSupplier"`
	// Note says how the scenario's figures relate to what really happened.
	Note string `json:"note,omitempty"`
}

// ScenarioEffect is what the scenario does to one activity it reaches.
type ScenarioEffect struct {
	Activity  string `json:"activity"`
	State     string `json:"state"`
	Out       string `json:"outage"`
	Resumed   string `json:"resumed"`
	MTPD      string `json:"mtpd"`
	Margin    string `json:"margin"`
	Breaching bool   `json:"breachesMTPD"`
	Worst     string `json:"worstImpact"`
	Loss      string `json:"loss"`
}

// hubActivities are the example business activities of the Hub, stated here: their
// objectives and impact over time are the review's assumptions, not data.
func hubActivities(h hubData) ([]bcp.Activity, error) {
	cur, err := sla.CurrencyOf(currency)
	if err != nil {
		return nil, err
	}
	money := func(s string) sla.Money {
		m, _ := sla.ParseMoney(s, cur)
		return m
	}
	scale := bcp.Scale{Names: []string{"none", "low", "medium", "high", "critical"}, Unacceptable: 4}
	steps := func(pairs ...any) []bcp.Step {
		var out []bcp.Step
		for i := 0; i+1 < len(pairs); i += 2 {
			out = append(out, bcp.Step{After: pairs[i].(time.Duration), Level: bcp.Level(pairs[i+1].(int))})
		}
		return out
	}
	const hr, day = time.Hour, 24 * time.Hour
	main := h.main().ID
	acts := []bcp.Activity{
		{
			ID: "permit-intake", Name: "accept building permit applications", Owner: "Hub service owner",
			Needs:      []itsm.ID{main},
			Objectives: bcp.Objectives{RTO: bcp.Some(4 * hr), WRT: bcp.Some(4 * hr), RPO: bcp.Some(time.Hour), MBCO: bcp.Some(50)},
			Impact: bcp.Impact{Scale: scale, Curves: []bcp.Curve{
				{Dimension: bcp.Customer, Steps: steps(time.Duration(0), 1, 8*hr, 2, day, 3, 3*day, 4)},
				{Dimension: bcp.Reputational, Steps: steps(day, 2, 3*day, 3, 7*day, 4)},
				{Dimension: bcp.Regulatory, Steps: steps(3*day, 2, 14*day, 3)},
			}, Loss: bcp.Loss{Kind: bcp.LossRate, Per: day, Steps: []bcp.LossStep{{After: 0, Amount: money("1500.00")}, {After: 2 * day, Amount: money("4000.00")}}}},
		},
		{
			ID: "plan-review", Name: "review plans against the building code", Owner: "local government plan reviewers",
			Needs:      planReviewNeeds(h),
			Objectives: bcp.Objectives{RTO: bcp.Some(24 * hr), WRT: bcp.Some(8 * hr), RPO: bcp.Some(4 * hr)},
			Impact: bcp.Impact{Scale: scale, Curves: []bcp.Curve{
				{Dimension: bcp.Operational, Steps: steps(4*hr, 1, day, 2, 3*day, 3, 5*day, 4)},
				{Dimension: bcp.Financial, Steps: steps(day, 1, 5*day, 3)},
			}, Loss: bcp.Loss{Kind: bcp.LossRate, Per: day, Steps: []bcp.LossStep{{After: day, Amount: money("800.00")}}}},
		},
		{
			ID: "status-enquiry", Name: "answer applicants' status enquiries", Owner: "service desk",
			Needs:      []itsm.ID{main},
			Objectives: bcp.Objectives{RTO: bcp.Some(72 * hr), MTPD: bcp.Some(7 * day)},
			Impact: bcp.Impact{Scale: scale, Curves: []bcp.Curve{
				{Dimension: bcp.Customer, Steps: steps(day, 1, 3*day, 2, 7*day, 3)},
			}},
		},
	}
	return acts, nil
}

func planReviewNeeds(h hubData) []itsm.ID {
	needs := []itsm.ID{h.main().ID}
	for _, s := range h.sites[1:] {
		if s.ID == "external-service-archistar-platform-canada" {
			needs = append(needs, s.ID)
		}
	}
	return needs
}

// observedCapabilities takes each service's longest real outage in the review range as its
// tested restore time (proven when that outage ended). A service never seen down has no
// observed figure; it gets an estimated hour, marked as an estimate.
func observedCapabilities(h hubData, rng interval.Interval) map[itsm.ID]bcp.Capability {
	caps := map[itsm.ID]bcp.Capability{}
	for _, s := range h.sites {
		var longest interval.Interval
		for _, iv := range interval.Clip(s.TL.Intervals(sla.Down), rng) {
			if iv.Duration() > longest.Duration() {
				longest = iv
			}
		}
		if longest.Duration() == 0 {
			caps[s.ID] = bcp.Capability{Restore: time.Hour, Basis: bcp.Estimated, Evidence: "never seen down: provider's estimate"}
			continue
		}
		caps[s.ID] = bcp.Capability{Restore: longest.Duration(), Basis: bcp.Tested, Proven: longest.End, Evidence: "longest outage in the monitor's history"}
	}
	return caps
}

// continuityReport uses the Building Permit Hub study of package bcp (bcp.StudyPermitHub: its
// model, activities, objectives and capabilities from the real history) when the data holds
// the Hub's sites, and otherwise a generic study over the review's own model: the activities of
// hubActivities with capabilities observed in the history.
func continuityReport(h hubData, m *itsm.Model, asOf time.Time, zone, show *time.Location) (ContinuitySection, error) {
	var out ContinuitySection
	rng, err := reviewRange(h, asOf)
	if err != nil {
		return out, err
	}
	var acts []bcp.Activity
	var a *bcp.Analysis
	var study *bcp.PermitHub
	model := m
	tiers := bcp.DefaultTiers()
	if p, err := bcp.StudyPermitHub(h.u); err == nil {
		study, acts, a, tiers, model = &p, p.Activities, p.Analysis, p.Options.Tiers, p.Model
		out.Study = "bcp.StudyPermitHub: the continuity study of the Building Permit Hub in package bcp (its own model: sign-in and the geocoder under the Hub; map layers, a service of ParcelMap BC, the admin boundaries and the EPSG registry or a local copy of it, used by site review); capabilities are each site's longest real outage over the monitor's whole window of that site (summary startTime to lastUpdated, whatever the as-of instant), a planning estimate"
	} else if errors.Is(err, bcp.ErrUnknownReference) {
		if acts, err = hubActivities(h); err != nil {
			return out, err
		}
		caps := observedCapabilities(h, rng)
		if a, err = bcp.Analyze(m, acts, caps, bcp.Options{Tiers: tiers}); err != nil {
			return out, err
		}
		out.Study = "generic study over the review's model (the data lacks the Hub's sites): example activities; capabilities are each service's longest real outage from the start of the data to the as-of instant, a planning estimate"
	} else {
		return out, err
	}
	assess, err := bcp.Assess(acts, tiers)
	if err != nil {
		return out, err
	}
	for k, r := range a.Activities() {
		act := acts[k]
		v := ActivityView{
			ID: r.ID, Name: act.Name, Needs: joinIDs(act.Needs), MTPD: optDur(r.MTPD), MTPDSource: assess[k].MTPDSource.String(),
			RTO: optDur(act.Objectives.RTO), RPO: optDur(act.Objectives.RPO), WRT: optDur(act.Objectives.WRT),
			Tier: assess[k].TierName, Achievable: optDur(r.Achievable), Bottleneck: string(r.Bottleneck),
			Gap: optDur(r.Gap), Resumed: optDur(r.Resumed),
		}
		out.Activities = append(out.Activities, v)
		for _, f := range r.Findings {
			out.Findings = append(out.Findings, tidyWith(f.String(), fmtDurSec))
		}
	}
	for n := range a.Nodes() {
		out.Nodes = append(out.Nodes, NodeView{
			ID: string(n.ID), RequiredRTO: optDur(n.RequiredRTO), RequiredBy: n.RequiredBy,
			Restore: restore(n.Capability), Basis: basis(n.Capability), Achievable: optDur(n.Achievable),
		})
	}
	for _, g := range a.Gaps() {
		var chain []string
		for _, l := range a.Cause(g.Node) {
			chain = append(chain, fmt.Sprintf("%s (%s)", l.Node, optDur(l.Restore)))
		}
		out.Gaps = append(out.Gaps, GapView{
			Kind: g.Kind.String(), Node: string(g.Node), Required: fmtDurSec(g.Required), Achievable: fmtDurSec(g.Achievable),
			Shortfall: fmtDurSec(g.Shortfall), RequiredBy: g.RequiredBy, Chain: joinArrow(chain),
		})
	}
	for _, ap := range a.SinglePoints() {
		v := SPOFView{Activity: ap.Activity}
		for _, p := range ap.Points {
			s := string(p.Node)
			if p.Cover != bcp.Uncovered {
				s += " (" + p.Cover.String() + ")"
			}
			v.Points = append(v.Points, s)
		}
		out.SPOFs = append(out.SPOFs, v)
	}
	for _, r := range a.RecoveryOrder() {
		out.Order = append(out.Order, OrderRow{Priority: r.Priority, Node: string(r.Node), RequiredRTO: optDur(r.RequiredRTO), Achievable: optDur(r.Achievable), Tier: r.TierName})
	}
	if out.Scenario, err = scenario(h, model, a, acts, rng.End, zone, show); err != nil {
		return out, err
	}
	if study != nil {
		res, err := a.Scenario(study.Replay(), nil)
		if err != nil {
			return out, err
		}
		rp := Scenario{Title: res.Name + ", from " + res.Start.In(show).Format("2006-01-02 15:04")}
		rp.Note = "The replay is a planning estimate, not the real timing: each lost service takes its own restore capability (its longest outage in the history), rolled up in dependency order, so systems are back after the slowest chain."
		for _, iv := range h.main().TL.Intervals(sla.Down) {
			if !iv.Start.After(res.Start) && iv.End.After(res.Start) {
				rp.Note += fmt.Sprintf(" The real outage of %s lasted %s (%s – %s).", h.main().Name, fmtDurSec(iv.Duration()),
					iv.Start.In(show).Format("2006-01-02 15:04"), iv.End.In(show).Format("15:04"))
			}
		}
		if rp.Activities, _, err = effects(res, acts); err != nil {
			return out, err
		}
		out.Replay = &rp
	}
	return out, nil
}

// scenarioSite is the dependency the scenario loses: the geocoder, or else the dependency with
// the most down time.
func scenarioSite(h hubData) itsm.ID {
	var best itsm.ID
	var most time.Duration = -1
	for _, s := range h.sites[1:] {
		if s.ID == geocoder {
			return s.ID
		}
		if d := s.TL.Total(sla.Down); d > most {
			best, most = s.ID, d
		}
	}
	return best
}

// scenario plays the loss of one dependency for scenarioLength from the start of the review
// month through bcp: what the itsm model says it takes down, how long each activity is out and
// what its impact curves cost, and the credits the customer's agreement earns. The supplier's
// credit (its underpinning contract has the same terms) comes from sla over the same month.
func scenario(h hubData, model *itsm.Model, a *bcp.Analysis, acts []bcp.Activity, asOf time.Time, zone, show *time.Location) (Scenario, error) {
	lost := scenarioSite(h)
	var out Scenario
	if lost == "" {
		out.Title = "no dependency to lose"
		return out, nil
	}
	name := string(lost)
	for _, s := range h.sites {
		if s.ID == lost {
			name = s.Name
		}
	}
	t, err := parseTerms()
	if err != nil {
		return out, err
	}
	month := sla.Monthly(zone).Containing(asOf.Add(-time.Nanosecond))
	out.Title = fmt.Sprintf("loss of %s for %s from %s", name, fmtDur(scenarioLength), month.Start.In(show).Format("2006-01-02 15:04"))
	out.Month = month.Start.In(zone).Format("2006-01")
	res, err := a.Scenario(bcp.Scenario{Name: "loss of " + name, Lost: []itsm.ID{lost}, Start: month.Start, Duration: bcp.Some(scenarioLength)},
		[]bcp.Terms{{Agreement: hubAgreement, Period: sla.Monthly(zone), Fee: t.mainFee, Credit: t.policy}})
	if err != nil {
		return out, err
	}
	var total sla.Money
	if out.Activities, total, err = effects(res, acts); err != nil {
		return out, err
	}
	if total.Currency.Code == "" {
		total.Currency = t.mainFee.Currency
	}
	out.Exposure = total.String()
	tl, err := sla.TimelineFromOutages(month, []interval.Interval{{Start: month.Start, End: month.Start.Add(scenarioLength)}})
	if err != nil {
		return out, err
	}
	rep, err := sla.Availability(tl, nil, month, sla.Policy{})
	if err != nil {
		return out, err
	}
	out.Availability = rep.Format(t.target.ShownPlaces())
	// The customer's agreement is on the service: it earns a credit when the loss takes the
	// service down.
	out.CreditCustomer = "none (" + h.main().Name + " stays up)"
	if down, err := takesDown(model, lost, h.main().ID); err != nil {
		return out, err
	} else if down {
		cc, _, err := t.policy.CreditForReport(rep, t.mainFee)
		if err != nil {
			return out, err
		}
		out.CreditCustomer = cc.Amount.String()
	}
	cs, _, err := t.policy.CreditForReport(rep, t.depFee)
	if err != nil {
		return out, err
	}
	out.CreditSupplier = cs.Amount.String()
	return out, nil
}

// effects lists what a scenario does to the activities it reaches, and the money they lose.
func effects(res bcp.ScenarioResult, acts []bcp.Activity) ([]ScenarioEffect, sla.Money, error) {
	var out []ScenarioEffect
	var total sla.Money
	var err error
	for _, ai := range res.Activities {
		eff := ScenarioEffect{Activity: ai.Activity, State: ai.State.String(), Out: optDur(ai.Outage), Resumed: optDur(ai.Resumed), MTPD: optDur(ai.MTPD), Margin: optDur(ai.Margin), Breaching: ai.Breached}
		if n := len(ai.Timeline); n > 0 {
			eff.Worst = scaleName(acts, ai.Activity, ai.Timeline[n-1].Worst)
		}
		if ai.Loss.Currency.Code != "" {
			eff.Loss = ai.Loss.String()
			if total.Currency.Code == "" {
				total.Currency = ai.Loss.Currency
			}
			if total, err = total.Add(ai.Loss); err != nil {
				return nil, total, err
			}
		}
		out = append(out, eff)
	}
	return out, total, nil
}

// takesDown reports whether the loss of one node takes another down in the analysis's model.
func takesDown(m *itsm.Model, lost, id itsm.ID) (bool, error) {
	an, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		return false, err
	}
	ev, err := an.Evaluate([]itsm.Observation{{ID: lost, State: itsm.Down}})
	if err != nil {
		return false, err
	}
	st, _ := ev.Status(id)
	return st.State == itsm.Down, nil
}

// scaleName names an impact level on the scale of the activity's curves.
func scaleName(acts []bcp.Activity, activity string, l bcp.Level) string {
	for _, a := range acts {
		if a.ID == activity {
			return a.Impact.Scale.Name(l)
		}
	}
	return ""
}

// notSet is an objective or a figure the study does not state.
const notSet = "not set"

// optDur shows a continuity figure to the second (fmtDurSec): achievable recovery is a sum of
// restore times and a gap or margin a difference, so the parts must add up as shown.
func optDur(o bcp.Optional[time.Duration]) string {
	d, ok := o.Get()
	if !ok {
		return notSet
	}
	return fmtDurSec(d)
}

func restore(c bcp.Capability) string {
	if c.Basis == 0 {
		return notSet
	}
	return fmtDurSec(c.Restore)
}

func basis(c bcp.Capability) string {
	switch c.Basis {
	case bcp.Tested:
		return "tested " + c.Proven.UTC().Format("2006-01-02")
	case bcp.Estimated:
		return "estimated"
	}
	return notSet
}

func joinIDs(ids []itsm.ID) string {
	s := make([]string, len(ids))
	for i, id := range ids {
		s[i] = string(id)
	}
	return joinComma(s)
}

func joinArrow(s []string) string { return strings.Join(s, " → ") }
