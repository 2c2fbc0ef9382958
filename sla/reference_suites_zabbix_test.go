package sla

import (
	"testing"
	"time"
)

// Zabbix SLA reports (sla.getsli, documented at zabbix.com/documentation/…/api/reference/sla/getsli
// and sla/object): per period, uptime and downtime are the OK and not-OK time inside the SLA's
// weekly schedule less the excluded downtimes, SLI = uptime / (uptime + downtime) in percent,
// the error budget (seconds) follows from SLI and SLO, and the SLA is in problem only when the
// SLI drops below the SLO. Our reading: the schedule is a Calendar, excluded downtimes are
// maintenance under MaintenanceExcluded, and the error budget is BudgetStatus.Remaining of the
// period's budget: SLO share of uptime + downtime, less the downtime (negative when overspent).
//
// Worked week (figures by hand): schedule Mon–Fri 09:00–17:00 Europe/Riga = 40 h; an excluded
// downtime Tue 10:00–11:00 during which the service is down; down Wed 12:00–12:30 (counted) and
// Sat 10:00–12:00 (outside the schedule, ignored). Uptime 138,600 s, downtime 1,800 s,
// SLI 98.7179… %, error budget 140.4 − 1,800 = −1,659.6 s at SLO 99.9 %.
func TestZabbixStyleSLAReport(t *testing.T) {
	riga, err := time.LoadLocation("Europe/Riga")
	if err != nil {
		t.Fatal(err)
	}
	cal, err := ParseCalendar("zone Europe/Riga\nmon-fri 09:00-17:00\n")
	if err != nil {
		t.Fatal(err)
	}
	at := func(d, h, m int) time.Time { return time.Date(2024, 6, d, h, m, 0, 0, riga) } // Mon 3 June
	week := Weekly(riga, time.Monday).Containing(at(5, 12, 0))
	if !week.Start.Equal(at(3, 0, 0)) {
		t.Fatalf("week starts %s", week.Start)
	}
	tl, err := TimelineFromOutages(week, []Interval{
		{Start: at(4, 10, 0), End: at(4, 11, 0)},
		{Start: at(5, 12, 0), End: at(5, 12, 30)},
		{Start: at(8, 10, 0), End: at(8, 12, 0)},
	}, WithMaintenance(Interval{Start: at(4, 10, 0), End: at(4, 11, 0)}))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Availability(tl, cal, week, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	uptime := r.Counted - r.LostDuration()
	if r.Scheduled != 40*time.Hour || r.Excluded != time.Hour || uptime != 138600*time.Second || r.Down != 1800*time.Second {
		t.Errorf("scheduled %s, excluded %s, uptime %s, down %s", r.Scheduled, r.Excluded, uptime, r.Down)
	}
	want, _ := RatioOf(138600*100, 140400)
	if !r.Availability.Equal(want) || r.Format(4) != "98.7179%" {
		t.Errorf("SLI %s (%s), want %s", r.Availability, r.Format(4), want)
	}
	b, err := NewPeriodBudget(mustTarget(t, "99.9"), cal, week)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.UseReport(r)
	if err != nil {
		t.Fatal(err)
	}
	// Remaining is in nanoseconds: −1,659.6 s.
	if got := s.Remaining.String(); got != "-1659600000000" {
		t.Errorf("error budget %s ns, want −1,659.6 s", got)
	}
	// The SLA is in problem only below the SLO: an SLI exactly at it is fulfilled.
	slo := mustTarget(t, "98.7179")
	if !slo.Met(mustRatio("98.7179")) || slo.Met(mustRatio("98.71789999")) {
		t.Error("an SLI exactly at the SLO is met, just below it is not")
	}
}

// Status-page weighting (Harness's published SLI rules, developer.harness.io "Harness SEI SLIs";
// Atlassian-Statuspage-style pages report major and partial outage seconds): a major outage
// counts in full, a partial outage as 30 % of its time, degraded performance not at all. With a
// partial outage recorded as Degraded and DegradedLoss 3/10, REFERENCE W1's hour (operational
// 10 min, partial 30 min, major 20 min) loses 20 + 9 = 29 min: 31/60 = 51.66… %.
func TestStatusPagePartialOutageWeight(t *testing.T) {
	at := func(m int) time.Time { return time.Date(2024, 5, 6, 9, m, 0, 0, time.UTC) }
	w := Interval{Start: at(0), End: at(60)}
	tl, err := TimelineFromEvents(w, []StatusEvent{{at(0), Operational}, {at(10), Degraded}, {at(40), Down}})
	if err != nil {
		t.Fatal(err)
	}
	loss, _ := RatioOf(3, 10)
	r, err := Availability(tl, nil, w, Policy{DegradedLoss: loss})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := RatioOf(3100, 60)
	if !r.Availability.Equal(want) || r.LostDuration() != 29*time.Minute || r.Format(2) != "51.66%" {
		t.Errorf("availability %s (%s), lost %s", r.Availability, r.Format(2), r.LostDuration())
	}
}

// Zabbix sla.getsli: periods never precede the first period of the SLA's effective date, and
// the SLO is met unless the SLI drops below it. Ours: Agreement.Evaluate skips the periods that
// end before the effective date, and the time before it in the first period is excluded, so an
// outage on 10 March does not count against an agreement effective from 15 March.
func TestZabbixEffectiveDate(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	at := func(m time.Month, d, h int) time.Time { return time.Date(2024, m, d, h, 0, 0, 0, berlin) }
	span := Interval{Start: at(2, 1, 0), End: at(5, 1, 0)}
	tl, err := TimelineFromOutages(span, []Interval{
		{Start: at(3, 10, 8), End: at(3, 10, 20)}, // before the effective date
		{Start: at(4, 2, 8), End: at(4, 2, 9)},
	})
	if err != nil {
		t.Fatal(err)
	}
	a := Agreement{
		ID:         "zbx",
		Objectives: []Objective{{Name: "availability", Target: mustTarget(t, "99.9")}},
		Period:     Monthly(berlin),
		Effective:  at(3, 15, 0),
	}
	res, err := a.Evaluate(tl, span, span.End)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 2 || !res[0].Period.Start.Equal(at(3, 1, 0)) {
		t.Fatalf("periods %+v", res)
	}
	march, april := res[0].Results[0], res[1].Results[0]
	if march.Report.Down != 0 || march.Outcome != Attained || march.Report.Counted != at(4, 1, 0).Sub(at(3, 15, 0)) {
		t.Errorf("March: down %s, counted %s, %s", march.Report.Down, march.Report.Counted, march.Outcome)
	}
	// April: 1 h of 720 h down is 99.86 %, below 99.9 %.
	if april.Report.Down != time.Hour || april.Outcome != Breached || april.Report.Format(2) != "99.86%" {
		t.Errorf("April: down %s, %s, %s", april.Report.Down, april.Report.Format(2), april.Outcome)
	}
}
