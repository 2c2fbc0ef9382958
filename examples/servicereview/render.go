package main

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// The text, Markdown and HTML renderers share one document: sections of paragraphs, tables
// and chart placeholders built from the Report. Only the layout differs between formats.

type block interface{ isBlock() }

type para string

type table struct {
	head []string
	rows [][]string
}

// chart marks where the HTML page draws a chart; text and Markdown leave it out.
type chart string

func (para) isBlock()  {}
func (table) isBlock() {}
func (chart) isBlock() {}

type section struct {
	title  string
	blocks []block
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// plural counts n things: "1 action", "3 actions", "0 actions".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return itoa(n) + " " + many
}

func orDash(s string) string {
	if s == "" {
		return "–"
	}
	return s
}

// itoa writes a count with thousands separators: 141712 is "141,712".
func itoa(n int) string { return num(int64(n)) }

func num(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

// document lays the report out as sections.
func document(r *Report) []section {
	var doc []section
	s := r.Service
	main := s.Services[0]
	head := section{title: r.Title}
	head.blocks = append(head.blocks, para(fmt.Sprintf("As of %s (instants shown in %s; the agreement's months and days are those of %s). Data: %s. Every figure below is computed by itsmkit from the data; availability is shown rounded down. Sections 1, 2 and 4 use the Building Permit Hub's monitoring history; section 3 uses a separate dataset from another organisation and period.",
		r.AsOf.Format("2006-01-02 15:04 MST"), r.Zone, r.CalendarZone, r.Source)))
	if r.Skipped > 0 {
		head.blocks = append(head.blocks, para(fmt.Sprintf("The availability data ends %s; the %s after it hold no data and are left out.",
			r.DataEnd.Format("2006-01-02 15:04 MST"), plural(r.Skipped, "calendar month", "calendar months"))))
	}
	doc = append(doc, head, summary(r))

	// 1. Service reporting.
	sec := section{title: "1. Service reporting: " + main.Name + " and its dependencies"}
	a := s.Agreement
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("Example agreement %s: %s per %s (%s). Service credits, in the tiers public cloud agreements commonly publish (a month below the objective earns a credit, one that attains it earns none): %s. Fees: %s for the service; %s for each dependency.",
		a.ID, a.Objective, a.Period, a.Policy, strings.Join(a.CreditTiers, ", "), a.MainFee, a.DependencyFee)))
	t := table{head: []string{"service", "role", "monitored", "outages", "down", "MTTR", "MTBF", "availability", "monitor's figure"}}
	for _, x := range s.Services {
		outages := itoa(x.Outages)
		if x.Availability == noData {
			outages = noFigure
		}
		t.rows = append(t.rows, []string{x.Name, x.Role, x.Monitored, outages, x.Down, x.MTTR, x.MTBF, x.Availability, x.Published})
	}
	sec.blocks = append(sec.blocks, para("Each site over its monitored window up to the as-of instant, every recorded outage counted, beside the monitor's published uptime (the monitor counts from its incident issues and drops outages shorter than 15 minutes, so it reads higher; its figure covers the window up to its last update, so it is shown as – when the review ends before that):"), t)
	t = table{head: []string{"service", "month", "complete", "monitored", "down", "availability", "objective", "budget", "consumed", "remaining", "burn rate", "credit"}}
	for _, m := range s.Months {
		t.rows = append(t.rows, []string{m.Name, m.Month, yesNo(m.Complete), m.Monitored, m.Down, m.Availability, m.Outcome, orDash(m.Budget), orDash(m.Consumed), orDash(m.Remaining), orDash(m.BurnRate), orDash(m.Credit)})
	}
	sec.blocks = append(sec.blocks, para("Per calendar month against the agreement. Complete means the calendar month has ended; monitored is the time with monitoring data out of the month's length, and only that time counts. The error budget is the objective's share of the counted time (for a running month, of the time counted so far plus the time still to come), so a month that ends with days without data has a smaller budget than it showed while running. Burn rate 1 spends the budget exactly by the month's end. An incomplete month is to date and reads breached only once its whole budget is spent, else over pace or on track; its credit is provisional until it is breached and earns nothing before; once breached it earns at least the tier of the best the month can still reach, were the rest of it up:"), t, chart("availability"))
	t = table{head: []string{"month", "failures", "MTTR (restore)", "MTBF"}}
	for _, x := range s.Reliability {
		t.rows = append(t.rows, []string{x.Month, itoa(x.Failures), x.MTTR, x.MTBF})
	}
	sec.blocks = append(sec.blocks, para("Failures of "+main.Name+" per month (a failure is a span of down time; MTTR is the mean time to restore, MTBF the mean up time between failures):"), t)
	t = table{head: []string{"month", "complete", "credits owed to the customer", "credits owed by suppliers"}}
	for _, c := range s.Credits {
		t.rows = append(t.rows, []string{c.Month, yesNo(c.Complete), withProvisional(c.ToClient, c.ProvisionalToClient), withProvisional(c.FromSupp, c.ProvisionalFromSupp)})
	}
	sec.blocks = append(sec.blocks, para("Service credits owed (a running month's credit counts only once the month is breached, its whole budget spent, and then only the part already certain; a provisional credit is shown beside the total and not counted in it):"), t)
	t = table{head: []string{"service", "month", "down", "availability"}}
	for _, m := range s.WorstMonths {
		t.rows = append(t.rows, []string{m.Name, m.Month, m.Down, m.Availability})
	}
	sec.blocks = append(sec.blocks, para("Months that hurt most:"), t)
	t = table{head: []string{"service", "day", "down"}}
	for _, d := range append(append([]DayFigure{}, s.WorstDays...), s.WorstDependencyDays...) {
		t.rows = append(t.rows, []string{d.Name, d.Day, d.Down})
	}
	sec.blocks = append(sec.blocks, para("Days that hurt most ("+main.Name+", then its dependencies; days of the agreement's zone, "+r.CalendarZone+"):"), t)
	bd := s.BurnDown
	switch {
	case !bd.Known:
		sec.blocks = append(sec.blocks, para(fmt.Sprintf("Error budget of %s in %s: no monitoring data, so no budget.", bd.Service, bd.Month)))
	default:
		left := bd.Remaining + " left"
		if strings.HasPrefix(bd.Remaining, "-") {
			left = "overspent by " + strings.TrimPrefix(bd.Remaining, "-")
		}
		sec.blocks = append(sec.blocks, para(fmt.Sprintf("Error budget of %s in %s (the month table's budget: the objective's share of the month's time with data and the time still to come; days before monitoring began carry none): %s allowed; %s consumed, %s by %s (at an even pace %s would be left).",
			bd.Service, bd.Month, bd.Budget, bd.Consumed, left, bd.Until, bd.EvenPace)), chart("burndown"))
	}
	t = table{head: []string{"alert", "severity", "burn factor", "windows", "firing", "why"}}
	for _, al := range s.Alerts {
		t.rows = append(t.rows, []string{al.Name, al.Severity, al.Factor, al.Long + " / " + al.Short, yesNo(al.Firing), al.Reason})
	}
	sec.blocks = append(sec.blocks, para("Multi-window burn-rate alerts for "+main.Name+" at the as-of instant (SRE Workbook table over 30 days):"), t)
	doc = append(doc, sec)

	// 2. Dependency impact.
	im := r.Impact
	sec = section{title: "2. Dependency impact"}
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("%s had %d outages (%s down). %d of them overlapped an outage of a dependency; some dependency was down during %s of its down time.",
		im.Service, im.Outages, im.Down, im.Coinciding, orDash(im.Overlap))))
	t = table{head: []string{"dependency", "outages", "down", "down together", "service outages overlapped"}}
	for _, d := range im.Dependencies {
		t.rows = append(t.rows, []string{d.Name, itoa(d.Outages), d.Down, d.Together, itoa(d.Hit)})
	}
	sec.blocks = append(sec.blocks, t, chart("strips"))
	t = table{head: []string{"if this fails", "group", im.Service, "customers", "users", "agreements", "why (itsm impact analysis)"}}
	for _, f := range im.Failures {
		t.rows = append(t.rows, []string{f.Name, f.Group, f.State, orDash(strings.Join(f.Customers, ", ")), itoa(f.Users), orDash(strings.Join(f.Agreements, ", ")), f.Reason})
	}
	sec.blocks = append(sec.blocks, para("What the model says each dependency's failure takes down:"), t, chart("graph"))
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("%d of the %d outages of %s overlapped an outage of a dependency whose failure the model says takes it down.", im.Explained, im.Outages, im.Service)))
	t = table{head: []string{"outage began", "down", "dependencies down during it"}}
	for _, o := range im.Longest {
		t.rows = append(t.rows, []string{o.Start, o.Down, orDash(strings.Join(o.With, ", "))})
	}
	sec.blocks = append(sec.blocks, para("Its longest outages:"), t)
	mi := im.Micro
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("Blast radius in the %s microservice system (%d components, each failing alone; services down include the failed one when it is a service):", mi.System, mi.Nodes)))
	t = table{head: []string{"failed component", "services down", "services worse", "down", "worse"}}
	for _, b := range mi.Blast {
		t.rows = append(t.rows, []string{b.Node, itoa(b.Down), itoa(b.Worse), orDash(strings.Join(b.TakesOut, ", ")), orDash(strings.Join(b.Degrades, ", "))})
	}
	sec.blocks = append(sec.blocks, t)
	t = table{head: []string{"service", "entry point", "single points of failure"}}
	for _, sp := range mi.SPOFs {
		t.rows = append(t.rows, []string{sp.Service, yesNo(sp.Entry), fmt.Sprintf("%d: %s", len(sp.Points), strings.Join(sp.Points, ", "))})
	}
	sec.blocks = append(sec.blocks, para("Single points of failure (nodes whose loss alone takes the service down):"), t)
	if len(mi.Cycles) > 0 {
		sec.blocks = append(sec.blocks, para("Cycles: "+strings.Join(mi.Cycles, "; ")+"."))
	}
	doc = append(doc, sec)

	// 3. Incident management.
	in := r.Incidents
	sec = section{title: "3. Incident management (separate dataset: " + in.Period + ")"}
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("This section is not about the Building Permit Hub: it replays a published ServiceNow incident log of another organisation over its own period, to show the incident figures a review carries. %s: %s rows, %s events replayed into %s incidents, opened %s to last event %s.",
		in.File, itoa(in.Rows), itoa(in.Events), itoa(in.Incidents), in.From, in.To)))
	t = table{head: []string{"priority", "incidents"}}
	for _, c := range in.ByPrio {
		t.rows = append(t.rows, []string{c.Key, itoa(c.N)})
	}
	t2 := table{head: []string{"channel", "incidents"}}
	for _, c := range in.ByChannel {
		t2.rows = append(t2.rows, []string{c.Key, itoa(c.N)})
	}
	t3 := table{head: []string{"opened in", "incidents"}}
	for _, c := range in.ByMonth {
		t3.rows = append(t3.rows, []string{c.Key, itoa(c.N)})
	}
	sec.blocks = append(sec.blocks, para("Volumes:"), t, t2, t3)
	mx := in.Matrix
	t = table{head: []string{"impact", "urgency", "priority in the log", "common default matrix", "rows"}}
	for _, c := range mx.Cells {
		p := "never used"
		if c.Priority > 0 {
			p = itoa(c.Priority)
		}
		t.rows = append(t.rows, []string{itoa(c.Impact), itoa(c.Urgency), p, itoa(c.Default), itoa(c.Rows)})
	}
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("Priority matrix in use (inferred from %s events): %s; the common default: %s. Cells seen with two priorities: %s. Events the default would prioritise differently: %s; %s.",
		itoa(mx.Observations), mx.Inferred, mx.Default, itoa(mx.Conflicts), itoa(mx.Disagreements), mx.Note)), t, chart("matrix"))
	t = table{head: []string{"measure", "priority", "incidents", "mean", "median", "P90", "max", "excluded"}}
	for _, x := range in.MTTA {
		t.rows = append(t.rows, []string{"MTTA", x.Priority, itoa(x.N), x.Mean, x.P50, x.P90, x.Max, itoa(x.Excluded)})
	}
	for _, x := range in.MTTR {
		t.rows = append(t.rows, []string{"MTTR", x.Priority, itoa(x.N), x.Mean, x.P50, x.P90, x.Max, itoa(x.Excluded)})
	}
	sec.blocks = append(sec.blocks, para("Time to acknowledge (opened → first move out of New) and to resolve (opened → last resolution), wall-clock:"), t)
	t = table{head: []string{"opened in", "priority", "incidents", "MTTR"}}
	for _, x := range in.Trend {
		t.rows = append(t.rows, []string{x.Month, x.Priority, itoa(x.N), x.Mean})
	}
	sec.blocks = append(sec.blocks, para("MTTR of priorities 1 and 2 by month opened (months with at least a tenth of the busiest month's volume):"), t)
	sl := in.SLA
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("SLA attainment: the log's own made_sla %s. Example timer (%s): %s of the timers that attached (%s incidents were never open in the log, so no timer attaches); paused while on hold: %s. Where both judged: %s.",
		sl.MadeSLA, sl.Definition, sl.Timer, itoa(sl.NotAttached), sl.Paused, strings.Join(sl.Agreement, ", "))))
	t = table{head: []string{"priority", "incidents", "made_sla", "timers attached", "timer met", "made_sla of those"}}
	for _, x := range sl.ByPriority {
		t.rows = append(t.rows, []string{x.Priority, itoa(x.Incidents), itoa(x.MadeSLA), itoa(x.Attached), itoa(x.TimerMet), itoa(x.MadeSLAAttached)})
	}
	sec.blocks = append(sec.blocks, t)
	sec.blocks = append(sec.blocks, para("Reopen rate: "+in.Reopens+"."))
	t = table{head: []string{"on hold for", "incidents", "total", "mean per incident"}}
	for _, h := range in.Holds {
		t.rows = append(t.rows, []string{h.Reason, itoa(h.Incidents), h.Total, h.Mean})
	}
	sec.blocks = append(sec.blocks, t)
	q := in.Quality
	var an []string
	for _, c := range q.Anomalies {
		an = append(an, c.Key+" "+itoa(c.N))
	}
	var mv []string
	for _, c := range q.Moves {
		mv = append(mv, c.Key+" "+itoa(c.N))
	}
	lines := make([]string, len(q.UnusableLines))
	for i, l := range q.UnusableLines {
		lines[i] = strconv.Itoa(l)
	}
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("Data quality: %s rows unusable (lines %s; e.g. %s); %s incidents start mid-life (first event not New). Lifecycle anomalies: %s. Impossible moves: %s.",
		itoa(q.Unusable), orDash(strings.Join(lines, ", ")), orDash(q.UnusableWhy), itoa(q.MidLife), strings.Join(an, ", "), orDash(strings.Join(mv, ", ")))))
	doc = append(doc, sec)

	// 4. Continuity.
	c := r.Continuity
	sec = section{title: "4. Continuity"}
	t = table{head: []string{"activity", "needs", "MTPD", "RTO", "RPO", "WRT", "tier", "achievable", "bottleneck", "gap", "working again"}}
	for _, x := range c.Activities {
		t.rows = append(t.rows, []string{x.ID + " (" + x.Name + ")", x.Needs, x.MTPD + " " + x.MTPDSource, x.RTO, x.RPO, x.WRT, orDash(x.Tier), x.Achievable, x.Bottleneck, x.Gap, x.Resumed})
	}
	sec.blocks = append(sec.blocks, para("Study: "+c.Study+". Section 1 measures the same sites from the start of the data to the as-of instant. Durations in this section are shown to the second (rounded down), so a critical path's parts add up to its total and a margin to its terms."), para("Business activities, their objectives and the recovery their needs can achieve:"), t)
	t = table{head: []string{"service", "required RTO", "required by", "own restore", "basis", "achievable"}}
	for _, n := range c.Nodes {
		t.rows = append(t.rows, []string{n.ID, n.RequiredRTO, orDash(n.RequiredBy), n.Restore, n.Basis, n.Achievable})
	}
	sec.blocks = append(sec.blocks, para("Required against achievable recovery:"), t)
	if len(c.Gaps) == 0 {
		sec.blocks = append(sec.blocks, para("Gaps: none."))
	} else {
		t = table{head: []string{"gap", "node", "required", "achievable", "short by", "required by", "critical path"}}
		for _, g := range c.Gaps {
			t.rows = append(t.rows, []string{g.Kind, g.Node, g.Required, g.Achievable, g.Shortfall, g.RequiredBy, g.Chain})
		}
		sec.blocks = append(sec.blocks, para("Gaps:"), t)
	}
	t = table{head: []string{"activity", "single points of failure (manual: only a manual switchover covers it)"}}
	for _, sp := range c.SPOFs {
		t.rows = append(t.rows, []string{sp.Activity, orDash(strings.Join(sp.Points, ", "))})
	}
	sec.blocks = append(sec.blocks, para("Single points of failure:"), t)
	t = table{head: []string{"step", "restore", "required RTO", "achievable", "tier"}}
	for _, o := range c.Order {
		t.rows = append(t.rows, []string{itoa(o.Priority), o.Node, o.RequiredRTO, o.Achievable, orDash(o.Tier)})
	}
	sec.blocks = append(sec.blocks, para("Recovery order:"), t)
	if len(c.Findings) > 0 {
		sec.blocks = append(sec.blocks, para("Findings: "+strings.Join(c.Findings, "; ")+"."))
	}
	sc := c.Scenario
	t = table{head: []string{"activity", "state", "systems back after", "working again after", "MTPD", "margin", "MTPD breached", "impact then", "loss"}}
	for _, e := range sc.Activities {
		t.rows = append(t.rows, []string{e.Activity, e.State, e.Out, e.Resumed, e.MTPD, e.Margin, yesNo(e.Breaching), orDash(e.Worst), orDash(e.Loss)})
	}
	if sc.Month == "" {
		sec.blocks = append(sec.blocks, para("Scenario: "+sc.Title+"."))
	} else {
		sec.blocks = append(sec.blocks, para("Scenario (bcp): "+sc.Title+"."), t,
			para(fmt.Sprintf("Money lost by the activities: %s. Had this been the only loss of %s: availability %s; credit owed to the customer %s; credit owed by the supplier %s.",
				sc.Exposure, sc.Month, sc.Availability, sc.CreditCustomer, sc.CreditSupplier)))
	}
	if rp := c.Replay; rp != nil {
		t = table{head: []string{"activity", "state", "systems back after", "working again after", "MTPD", "margin", "MTPD breached", "impact then", "loss"}}
		for _, e := range rp.Activities {
			t.rows = append(t.rows, []string{e.Activity, e.State, e.Out, e.Resumed, e.MTPD, e.Margin, yesNo(e.Breaching), orDash(e.Worst), orDash(e.Loss)})
		}
		sec.blocks = append(sec.blocks, para("The study's replay of the worst real common-cause outage: "+rp.Title+"."), t, para(rp.Note))
	}
	doc = append(doc, sec)

	// 5. Improvement.
	p := r.Improvement
	sec = section{title: "5. Improvement"}
	decision := "no decision"
	if p.Decision != "" {
		decision = "decision " + p.Decision + " (" + orDash(p.Rationale) + ")"
	}
	closes := ""
	if p.Closes != "" {
		closes = "; " + p.Closes
	}
	sec.blocks = append(sec.blocks, para(fmt.Sprintf("Plan–Do–Check–Act (PDCA) cycle %s on %s: %s; %s; %s%s. Time in each phase: %s.",
		p.Cycle, p.Subject, p.Phase, decision, orDash(p.Achieved), closes, orDash(strings.Join(p.Phases, ", ")))))
	t = table{head: []string{"objective", "unit", "direction", "baseline", "target", "measured", "achieved", "progress", "source"}}
	for _, o := range p.Objectives {
		t.rows = append(t.rows, []string{o.Metric, o.Unit, o.Direction, o.Baseline, o.Target, o.Measured, yesNo(o.Achieved), o.Progress, o.Source})
	}
	sec.blocks = append(sec.blocks, t)
	for _, sk := range p.Skipped {
		sec.blocks = append(sec.blocks, para("No objective: "+sk+"."))
	}
	t = table{head: []string{"action", "phase", "status", "owner", "due", "description"}}
	for _, x := range p.Actions {
		t.rows = append(t.rows, []string{x.ID, x.Phase, x.Status, x.Owner, x.Due, x.Description})
	}
	sec.blocks = append(sec.blocks, t)
	t = table{head: []string{"item", "source", "priority", "status", "kpi", "owner", "due", "description"}}
	for _, x := range p.Register {
		t.rows = append(t.rows, []string{x.ID, x.Source, x.Priority, x.Status, x.KPI, x.Owner, x.Due, x.Description})
	}
	sec.blocks = append(sec.blocks, para("Improvement register:"), t)
	doc = append(doc, sec)

	if r.Source == "embedded" {
		doc = append(doc, section{title: "Data credits", blocks: []block{
			para("Incident management process enriched event log: Amaral, C., Fantinato, M., & Peres, S. (2018), UCI Machine Learning Repository, https://doi.org/10.24432/C57S4H (CC BY 4.0)."),
			para("Contains information from bcgov/hous-permit-uptime (https://github.com/bcgov/hous-permit-uptime), which is made available under the Open Database License (ODbL)."),
			para("Microservice dependency graphs: facts read from Google, Online Boutique (microservices-demo), https://github.com/GoogleCloudPlatform/microservices-demo (Apache-2.0)."),
		}})
	}
	return doc
}

// withProvisional shows an owed total beside the provisional credits it leaves out.
func withProvisional(total, provisional string) string {
	if provisional == "" {
		return total
	}
	return total + " (+ provisional " + provisional + ", not owed)"
}

// summary is the review at a glance: one line per section, from the figures below.
func summary(r *Report) section {
	s := r.Service
	main := s.Services[0]
	var lines []string
	var months []string
	for _, m := range s.Months {
		if m.Service == main.ID {
			month := m.Month
			if !m.Complete {
				month += " to date"
			}
			months = append(months, fmt.Sprintf("%s %s, %s, credit %s", month, m.Availability, m.Outcome, orDash(m.Credit)))
		}
	}
	lines = append(lines, fmt.Sprintf("Service: %s against %s: %s.", main.Name, s.Agreement.Objective, strings.Join(months, "; ")))
	im := r.Impact
	cause := "no dependency outage"
	if len(im.Dependencies) > 0 && im.Dependencies[0].TogetherSeconds > 0 {
		d := im.Dependencies[0]
		cause = fmt.Sprintf("%s was down during %s of them (%s)", d.Name, itoa(d.Hit), d.Together)
	}
	lines = append(lines, fmt.Sprintf("Impact: %s of %s outages overlapped a dependency outage; %s.", itoa(im.Coinciding), itoa(im.Outages), cause))
	in := r.Incidents
	p1 := "–"
	for _, x := range in.MTTR {
		if x.Priority == "1" {
			p1 = x.Mean
		}
	}
	lines = append(lines, fmt.Sprintf("Incidents (separate dataset, %s): %s in the log; mean time to resolve priority 1 %s; example resolution timer met %s.", in.Period, itoa(in.Incidents), p1, in.SLA.Timer))
	c := r.Continuity
	var gaps []string
	for _, g := range c.Gaps {
		gaps = append(gaps, g.Node+" short by "+g.Shortfall)
	}
	lines = append(lines, fmt.Sprintf("Continuity: %s (%s).", plural(len(c.Gaps), "recovery gap", "recovery gaps"), orDash(strings.Join(gaps, ", "))))
	p := r.Improvement
	proposed := 0
	for _, it := range p.Register {
		if it.Status == "proposed" {
			proposed++
		}
	}
	state := p.Phase
	if !strings.HasPrefix(state, "closed") && !strings.HasPrefix(state, "abandoned") && !strings.HasPrefix(state, "not ") {
		state = "in " + state
	}
	lines = append(lines, fmt.Sprintf("Improvement: cycle %s %s: %s; %s proposed to the register.", orDash(p.Cycle), state, orDash(p.Achieved), plural(proposed, "action", "actions")))
	sec := section{title: "Summary"}
	for _, l := range lines {
		sec.blocks = append(sec.blocks, para(l))
	}
	return sec
}

// writeText renders the document as plain text with aligned columns.
func writeText(w io.Writer, r *Report) error {
	var b strings.Builder
	for k, s := range document(r) {
		if k > 0 && !strings.HasSuffix(b.String(), "\n\n") {
			b.WriteString("\n")
		}
		b.WriteString(s.title + "\n" + strings.Repeat("=", utf8.RuneCountInString(s.title)) + "\n")
		for _, bl := range s.blocks {
			switch x := bl.(type) {
			case para:
				b.WriteString(wrap(string(x), textWidth) + "\n")
			case table:
				textTable(&b, x)
				b.WriteString("\n")
			}
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

// textWidth is where the text rendering wraps paragraphs; tables keep their width.
const textWidth = 100

// wrap breaks text at spaces so no line is longer than width runes (a longer word stays whole).
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, w := range strings.Fields(text) {
		l := utf8.RuneCountInString(w)
		switch {
		case i == 0:
		case n+1+l > width:
			b.WriteByte('\n')
			n = 0
		default:
			b.WriteByte(' ')
			n++
		}
		b.WriteString(w)
		n += l
	}
	return b.String()
}

func textTable(b *strings.Builder, t table) {
	width := make([]int, len(t.head))
	for i, h := range t.head {
		width[i] = utf8.RuneCountInString(h)
	}
	for _, r := range t.rows {
		for i, c := range r {
			width[i] = max(width[i], utf8.RuneCountInString(c))
		}
	}
	line := func(cells []string) {
		var l strings.Builder
		for i, c := range cells {
			if i > 0 {
				l.WriteString("  ")
			}
			l.WriteString(c)
			if i < len(cells)-1 {
				l.WriteString(strings.Repeat(" ", width[i]-utf8.RuneCountInString(c)))
			}
		}
		b.WriteString("  " + strings.TrimRight(l.String(), " ") + "\n")
	}
	line(t.head)
	seps := make([]string, len(width))
	for i, w := range width {
		seps[i] = strings.Repeat("-", w)
	}
	line(seps)
	for _, r := range t.rows {
		line(r)
	}
}

// writeMarkdown renders the document as GitHub-flavoured Markdown.
func writeMarkdown(w io.Writer, r *Report) error {
	var b strings.Builder
	for k, s := range document(r) {
		level := "## "
		if k == 0 {
			level = "# "
		}
		b.WriteString(level + s.title + "\n\n")
		for _, bl := range s.blocks {
			switch x := bl.(type) {
			case para:
				b.WriteString(mdEscape(string(x)) + "\n\n")
			case table:
				b.WriteString("| " + strings.Join(mdCells(x.head), " | ") + " |\n")
				b.WriteString("|" + strings.Repeat(" --- |", len(x.head)) + "\n")
				for _, row := range x.rows {
					b.WriteString("| " + strings.Join(mdCells(row), " | ") + " |\n")
				}
				b.WriteString("\n")
			}
		}
	}
	_, err := io.WriteString(w, strings.TrimRight(b.String(), "\n")+"\n")
	return err
}

func mdCells(cs []string) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = strings.ReplaceAll(mdEscape(c), "|", `\|`)
	}
	return out
}

// mdEscape escapes the characters Markdown would read as markup.
func mdEscape(s string) string {
	return strings.NewReplacer(`*`, `\*`, `_`, `\_`, "`", "\\`", `<`, `&lt;`, `[`, `\[`).Replace(s)
}

// writeJSON renders the report itself, indented.
func writeJSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(r)
}
