package main

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/pdca"
)

// Objectives of the improvement cycle, stated here: the agreement's availability objective for
// the service under review, and a time to resolve priority 1 incidents.
const (
	mttrTarget    = "72" // hours, mean time to resolve priority 1 incidents
	restoreTarget = "15" // minutes, mean time to restore the service after a failure
	reviewer      = "service review board"
)

// ImprovementSection is the continual improvement part of the review: one PDCA cycle over the
// review period, checked against the figures above, and the improvement register it feeds.
type ImprovementSection struct {
	Cycle     string `json:"cycle"`
	Subject   string `json:"subject"`
	Phase     string `json:"phase"`
	Decision  string `json:"decision"`
	Rationale string `json:"rationale"`
	// Closes says when a cycle left open in Act will close, and why not before ("" once closed).
	Closes     string          `json:"closes,omitempty"`
	Objectives []ObjectiveView `json:"objectives"`
	Skipped    []string        `json:"skipped,omitempty"`
	Actions    []ActionView    `json:"actions"`
	Register   []ItemView      `json:"register"`
	Achieved   string          `json:"achieved"`
	// Phases is the time the cycle spent in each phase.
	Phases []string `json:"phases"`
}

// ObjectiveView is one objective of the cycle with Check's verdict.
type ObjectiveView struct {
	Metric    string `json:"metric"`
	Unit      string `json:"unit"`
	Direction string `json:"direction"`
	Baseline  string `json:"baseline"`
	Target    string `json:"target"`
	Measured  string `json:"measured"`
	Source    string `json:"source"`
	Achieved  bool   `json:"achieved"`
	Progress  string `json:"progress"`
}

// ActionView is one action of the cycle.
type ActionView struct {
	ID          string `json:"id"`
	Phase       string `json:"phase"`
	Status      string `json:"status"`
	Description string `json:"description"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
}

// ItemView is one entry of the improvement register.
type ItemView struct {
	ID          string `json:"id"`
	Source      string `json:"source"`
	Priority    string `json:"priority"`
	Status      string `json:"status"`
	Description string `json:"description"`
	KPI         string `json:"kpi"`
	Owner       string `json:"owner"`
	Due         string `json:"due"`
}

// plannedObjective is an objective with where its figures come from.
type plannedObjective struct {
	obj      pdca.Objective
	measured pdca.Value
	source   string
	// followUp is the action Act proposes when the objective is missed.
	followUp pdca.Action
	itemSrc  pdca.Source
}

// improvementReport runs one PDCA cycle over the review month: Plan at its start with the
// previous period's figures as baselines, Do through the month, Check at the as-of instant with
// the figures this review computed (sla for availability, incident for the time to resolve),
// and Act, at the same instant, proposing one follow-up per missed objective, each taken into
// the improvement register. The cycle closes only when the month has ended; before, it stays in
// Act on the figures to date.
func improvementReport(r *Report, asOf time.Time, zone *time.Location) (ImprovementSection, error) {
	var out ImprovementSection
	svc := r.Service
	var cur, prev *MonthFigure
	for k := range svc.Months {
		m := &svc.Months[k]
		if m.Service != svc.Services[0].ID {
			continue
		}
		prev, cur = cur, m
	}
	if cur == nil {
		return out, fmt.Errorf("no month to review")
	}
	start := cur.end.AddDate(0, -1, 0)
	if p := prevMonthStart(cur, zone); !p.IsZero() {
		start = p
	}
	id := "PDCA-" + cur.Month
	deadline := cur.end
	toDate := ""
	if asOf.Before(cur.end) {
		toDate = " to date"
	}
	due := deadline.AddDate(0, 1, 0)
	var objs []plannedObjective

	// Availability of the service under review, this month to date against the last one.
	target := pdca.MustParseValue(agreementTarget)
	switch {
	case prev == nil || prev.AvailabilityPPM < 0 || cur.AvailabilityPPM < 0:
		out.Skipped = append(out.Skipped, "availability: no figure for the previous or the current month")
	case pdca.ValueFromExact(prev.avail).Cmp(target) >= 0:
		out.Skipped = append(out.Skipped, "availability: already at target in "+prev.Month+" (nothing to improve; kept under monitoring)")
	default:
		worst := worstCoinciding(r.Impact)
		objs = append(objs, plannedObjective{
			obj: pdca.Objective{
				Metric: "availability " + cur.Name, Unit: "%", Direction: pdca.HigherIsBetter,
				Baseline: pdca.ValueFromExact(prev.avail), Target: target, Deadline: deadline,
			},
			measured: pdca.ValueFromExact(cur.avail),
			source:   "sla: " + cur.Month + toDate + " (baseline " + prev.Month + ")",
			followUp: pdca.Action{
				ID: "A-avail", Owner: "service owner", Due: due,
				Description: "agree an underpinning contract and an outage escalation path with the provider of " + worst + ", and let applications be saved while it is down",
			},
			itemSrc: pdca.SourceSLABreach,
		})
	}

	// Mean time to restore the service, this month to date against the last one.
	var relCur, relPrev *ReliabilityRow
	for k := range svc.Reliability {
		relPrev, relCur = relCur, &svc.Reliability[k]
	}
	rt := pdca.MustParseValue(restoreTarget)
	switch {
	case relPrev == nil || relCur == nil || relPrev.Failures == 0 || relCur.Failures == 0:
		out.Skipped = append(out.Skipped, "time to restore: no failures in the previous or the current month")
	default:
		bv, err := pdca.DurationValue(relPrev.MTTRNs, time.Minute)
		if err != nil {
			return out, err
		}
		mv, err := pdca.DurationValue(relCur.MTTRNs, time.Minute)
		if err != nil {
			return out, err
		}
		if bv.Cmp(rt) <= 0 {
			out.Skipped = append(out.Skipped, "time to restore: already at target in "+relPrev.Month)
			break
		}
		objs = append(objs, plannedObjective{
			obj: pdca.Objective{
				Metric: "MTTR restore " + cur.Name, Unit: "min", Direction: pdca.LowerIsBetter,
				Baseline: bv, Target: rt, Deadline: deadline,
			},
			measured: mv,
			source:   fmt.Sprintf("sla: %d failures in %s%s (baseline %s, %d)", relCur.Failures, relCur.Month, toDate, relPrev.Month, relPrev.Failures),
			followUp: pdca.Action{
				ID: "A-restore", Owner: "operations lead", Due: due,
				Description: fmt.Sprintf("cut the time to restore over the %s in %s%s: page the on-call engineer at the first failed check of %s and keep a runbook for bringing it back once its dependencies recover", plural(relCur.Failures, "failure", "failures"), relCur.Month, toDate, cur.Name),
			},
			itemSrc: pdca.SourceManagementReview,
		})
	}

	// Mean time to resolve priority 1 incidents: the log's last full month against the one
	// before.
	var p1 []TrendRow
	for _, t := range r.Incidents.Trend {
		if t.Priority == "1" {
			p1 = append(p1, t)
		}
	}
	mt := pdca.MustParseValue(mttrTarget)
	if len(p1) < 2 {
		out.Skipped = append(out.Skipped, "MTTR: fewer than two full months of priority 1 incidents in the log")
	} else {
		b, m := p1[len(p1)-2], p1[len(p1)-1]
		bv, err := pdca.DurationValue(b.MeanNs, time.Hour)
		if err != nil {
			return out, err
		}
		mv, err := pdca.DurationValue(m.MeanNs, time.Hour)
		if err != nil {
			return out, err
		}
		if bv.Cmp(mt) <= 0 {
			out.Skipped = append(out.Skipped, "MTTR: already at target in "+b.Month)
		} else {
			objs = append(objs, plannedObjective{
				obj: pdca.Objective{
					Metric: "MTTR priority 1 (incident log)", Unit: "h", Direction: pdca.LowerIsBetter,
					Baseline: bv, Target: mt, Deadline: deadline,
				},
				measured: mv,
				source:   fmt.Sprintf("incident, separate dataset (UCI log, another organisation): its last full month, opened %s, %d incidents (baseline %s, %d)", m.Month, m.N, b.Month, b.N),
				followUp: pdca.Action{
					ID: "A-mttr", Owner: "incident manager", Due: due,
					Description: fmt.Sprintf("escalate priority 1 incidents to the major-incident procedure after 4 business hours, and review each priority 1 incident opened in %s (%d, mean time to resolve %s) that took longer than %s h", m.Month, m.N, m.Mean, mttrTarget),
				},
				itemSrc: pdca.SourceIncidentReview,
			})
		}
	}
	if len(objs) == 0 {
		out.Phase = "not opened"
		return out, nil
	}

	// The register item that authorises the cycle.
	reg := pdca.Register{}
	item := pdca.Item{
		ID: "IMP-" + cur.Month, Source: pdca.SourceManagementReview, Subject: pdca.SystemSubject(),
		Description:   "monthly service review " + cur.Month + ": meet the availability, restore and resolution objectives",
		Justification: "objectives missed in the previous period", Size: pdca.SizeMedium, Priority: pdca.PriorityHigh,
		KPI: "availability, MTTR", Owner: reviewer, Raised: start, Due: deadline,
	}
	reg, err := reg.Add(item)
	if err != nil {
		return out, err
	}
	reg, c, err := reg.Approve(item.ID, id, reviewer, start)
	if err != nil {
		return out, err
	}
	var evs []pdca.Event
	for _, o := range objs {
		evs = append(evs, pdca.SetObjective(start, o.obj))
	}
	evs = append(evs,
		pdca.SetMeasurementPlan(start, "availability and time to restore by sla over the calendar month to date; time to resolve by incident over the incident log's last full month"),
		pdca.PlanAction(start, pdca.Action{ID: "P-1", Description: "report the month's figures to every supplier whose outages coincided with ours", Owner: "service owner", Due: deadline}),
		pdca.Approve(start, reviewer),
		pdca.Advance(start), // Do
		pdca.CompleteAction(asOf, "P-1"),
		pdca.Advance(asOf), // Check
	)
	for _, o := range objs {
		evs = append(evs, pdca.Measure(pdca.Measurement{Metric: o.obj.Metric, Value: o.measured, Unit: o.obj.Unit, At: asOf}))
	}
	if c, err = c.ApplyAll(evs...); err != nil {
		return out, err
	}
	// The review meeting is the Act moment for the figures it has: Act decides and proposes one
	// follow-up per missed objective, each taken into the register. While the month is still
	// running the decision says it rests on figures to date and the cycle stays in Act: closing
	// it needs the complete month's figures.
	running := asOf.Before(cur.end)
	if c, err = c.Apply(pdca.Advance(asOf)); err != nil { // Act
		return out, err
	}
	missed := map[string]bool{}
	for _, res := range c.Results() {
		if !res.Achieved {
			missed[res.Objective.Metric] = true
		}
	}
	basis, soFar := "", ""
	if running {
		basis, soFar = "on figures to date: ", " so far"
	}
	decision, why := pdca.Adopt, basis+"every objective achieved"
	if len(missed) > 0 {
		decision, why = pdca.Adapt, basis+fmt.Sprintf("%d of %d objectives missed%s: keep the change and act on each miss", len(missed), len(objs), soFar)
	}
	evs = []pdca.Event{pdca.Decide(asOf, decision, why)}
	for _, o := range objs {
		if missed[o.obj.Metric] {
			evs = append(evs, pdca.PlanAction(asOf, o.followUp))
		}
	}
	if !running {
		evs = append(evs, pdca.Advance(asOf)) // Closed
	}
	if c, err = c.ApplyAll(evs...); err != nil {
		return out, err
	}
	// Act's follow-ups become proposed items of the register.
	for _, o := range objs {
		if !missed[o.obj.Metric] {
			continue
		}
		just := o.obj.Metric + " missed in " + id
		if running {
			just += " on figures to date"
		}
		reg, err = reg.Add(pdca.Item{
			ID: "IMP-" + cur.Month + "-" + o.followUp.ID, Source: o.itemSrc, Subject: pdca.SystemSubject(),
			Description: o.followUp.Description, Justification: just,
			Size: pdca.SizeMedium, Priority: pdca.PriorityHigh, KPI: o.obj.Metric, Owner: o.followUp.Owner,
			Raised: asOf, Due: o.followUp.Due,
		})
		if err != nil {
			return out, err
		}
	}
	if running {
		out.Closes = "closes when the month has ended (" + cur.end.In(zone).Format("2006-01-02 15:04 MST") + "): closing needs the complete month's figures"
	} else if reg, err = reg.Complete(item.ID, c); err != nil {
		return out, err
	}

	out.Cycle, out.Subject, out.Phase = c.ID(), c.Subject().String(), c.Phase().String()
	if running {
		out.Phase += " (figures to date)"
	}
	d, rationale := c.Decision()
	out.Decision, out.Rationale = d.String(), rationale
	for it := range reg.Items() {
		out.Register = append(out.Register, itemView(it, zone))
	}
	fillResults(&out, c, objs, asOf, zone)
	share := pdca.Achievement(c)
	out.Achieved = fmt.Sprintf("%d of %d on target", share.Achieved, share.Achieved+share.Missed)
	return out, nil
}

func itemView(it pdca.Item, zone *time.Location) ItemView {
	return ItemView{
		ID: it.ID, Source: it.Source.String(), Priority: it.Priority.String(), Status: it.Status.String(),
		Description: it.Description, KPI: it.KPI, Owner: it.Owner, Due: it.Due.In(zone).Format("2006-01-02"),
	}
}

// fillResults shows the cycle's objectives, actions and phase times.
func fillResults(out *ImprovementSection, c pdca.Cycle, objs []plannedObjective, asOf time.Time, zone *time.Location) {
	for k, res := range c.Results() {
		o := res.Objective
		show, unit := func(v pdca.Value) string { return v.FloorString(2) + o.Unit }, o.Unit
		// Durations read as everywhere else in the review ("33m", "11d 5h").
		if per, ok := durationUnits[o.Unit]; ok {
			unit = "duration"
			show = func(v pdca.Value) string {
				ns, _ := v.Exact().MulInt(int64(per)).Int64(exact.Down)
				return fmtDur(time.Duration(ns))
			}
		}
		out.Objectives = append(out.Objectives, ObjectiveView{
			Metric: o.Metric, Unit: unit, Direction: o.Direction.String(),
			Baseline: show(o.Baseline), Target: show(o.Target),
			Measured: show(res.Measurement.Value), Source: objs[k].source, Achieved: res.Achieved,
			Progress: res.Progress.FloorString(2),
		})
	}
	for _, a := range c.Actions() {
		out.Actions = append(out.Actions, ActionView{
			ID: a.ID, Phase: a.Phase.String(), Status: a.Status.String(), Description: a.Description,
			Owner: a.Owner, Due: a.Due.In(zone).Format("2006-01-02"),
		})
	}
	for _, pt := range c.PhaseTimes(asOf) {
		out.Phases = append(out.Phases, pt.Phase.String()+" "+fmtDur(pt.Duration))
	}
}

// durationUnits are the objective units that are durations.
var durationUnits = map[string]time.Duration{"min": time.Minute, "h": time.Hour}

// prevMonthStart is the start of the month under review (the instant its previous month ends).
func prevMonthStart(m *MonthFigure, zone *time.Location) time.Time {
	t, err := time.ParseInLocation("2006-01", m.Month, zone)
	if err != nil {
		return time.Time{}
	}
	return t
}

// worstCoinciding names the dependency whose outages overlapped the service's the longest, with
// the figures that make it the worst.
func worstCoinciding(imp ImpactSection) string {
	if len(imp.Dependencies) == 0 || imp.Dependencies[0].TogetherSeconds == 0 {
		return "the service's own platform"
	}
	d := imp.Dependencies[0]
	return fmt.Sprintf("%s (down with the service for %s, during %s over the review range)", d.Name, d.Together, plural(d.Hit, "of the service's outages", "of the service's outages"))
}
