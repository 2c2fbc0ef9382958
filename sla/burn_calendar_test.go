package sla

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// verdictRow is one alert's verdict with its two burn rates (rounded down to 3 decimals; "no data"
// for a window with none).
type verdictRow struct {
	Name        string
	Firing      bool
	Long, Short string
}

func verdictRows(e BurnEvaluation) []verdictRow {
	rate := func(w WindowBurn) string {
		if w.NoData {
			return "no data"
		}
		return w.Rate.FloorString(3)
	}
	var out []verdictRow
	for _, a := range e.Alerts {
		out = append(out, verdictRow{a.Alert.Name, a.Firing, rate(a.Long), rate(a.Short)})
	}
	return out
}

func businessMay(t *testing.T) *Calendar {
	t.Helper()
	cal, err := ParseCalendar("zone Europe/Berlin\nmon-fri 08:00-18:00\nholiday 05-01\n")
	if err != nil {
		t.Fatal(err)
	}
	return cal
}

// The reported fault: a 12-minute outage at 02:00 on Monday 4 May, outside the 08:00–18:00
// service hours, fired ticket-3d at burn rate 28.571 (12 min of the 7 h observed since the data
// began at midnight). Over service hours it costs the agreement nothing: at 07:00 every window
// holds no scheduled time (Friday 1 May is a holiday), so each has no data and nothing fires.
func TestBurnOutsideServiceHoursDoesNotFire(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	cal := businessMay(t)
	at := may(t, 4, 7, 0)
	out := []Interval{{Start: may(t, 4, 2, 0), End: may(t, 4, 2, 12)}}
	tl, err := TimelineFromOutages(Interval{Start: may(t, 4, 0, 0), End: at}, out)
	if err != nil {
		t.Fatal(err)
	}
	wall := verdictRows(p.EvaluateTimeline(tl, at))
	if wall[3] != (verdictRow{"ticket-3d", true, "28.571", "33.333"}) {
		t.Errorf("wall clock: %+v", wall)
	}
	e := p.EvaluateTimelineIn(tl, cal, at)
	want := []verdictRow{
		{"page-1h", false, "no data", "no data"},
		{"page-6h", false, "no data", "no data"},
		{"ticket-1d", false, "no data", "no data"},
		{"ticket-3d", false, "no data", "no data"},
	}
	if d := cmp.Diff(want, verdictRows(e)); d != "" || len(e.Firing()) != 0 {
		t.Errorf("service hours (-want +got):\n%s", d)
	}
	if r := e.Alerts[3].Reason; r != "long window 72h0m0s: no data; short window 6h0m0s: no data" {
		t.Errorf("reason %q", r)
	}
	// The same outage a day later, on Tuesday 5 May, with data since 27 April: the day and
	// 3-day windows hold Monday's 10 service hours, all good (burn 0); the shorter ones none.
	at = may(t, 5, 7, 0)
	out = []Interval{{Start: may(t, 5, 2, 0), End: may(t, 5, 2, 12)}}
	tl, err = TimelineFromOutages(Interval{Start: time.Date(2026, 4, 27, 0, 0, 0, 0, berlinZone(t)), End: at}, out)
	if err != nil {
		t.Fatal(err)
	}
	e = p.EvaluateTimelineIn(tl, cal, at)
	want = []verdictRow{
		{"page-1h", false, "no data", "no data"},
		{"page-6h", false, "no data", "no data"},
		{"ticket-1d", false, "0.000", "no data"},
		{"ticket-3d", false, "0.000", "no data"},
	}
	if d := cmp.Diff(want, verdictRows(e)); d != "" || e.Alerts[3].Long.Observed != int64(10*time.Hour) {
		t.Errorf("Tuesday (-want +got):\n%s\nticket-3d long %+v", d, e.Alerts[3].Long)
	}
}

// An outage during service hours burns the budget as before, over the scheduled time only: 12
// min down from 10:00 on 4 May, evaluated at 10:12, is 12 of the 60 scheduled minutes of the last
// hour (burn 200) and of the 132 since 08:00 in the longer windows (90.909): every alert fires.
func TestBurnDuringServiceHoursFires(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	at := may(t, 4, 10, 12)
	tl, err := TimelineFromOutages(Interval{Start: may(t, 4, 0, 0), End: at}, []Interval{{Start: may(t, 4, 10, 0), End: at}})
	if err != nil {
		t.Fatal(err)
	}
	want := []verdictRow{
		{"page-1h", true, "200.000", "1000.000"},
		{"page-6h", true, "90.909", "400.000"},
		{"ticket-1d", true, "90.909", "100.000"},
		{"ticket-3d", true, "90.909", "90.909"},
	}
	if d := cmp.Diff(want, verdictRows(p.EvaluateTimelineIn(tl, businessMay(t), at))); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// A nil or 24×7 calendar (however spelt) gives exactly EvaluateTimeline.
func TestBurnNilCalendarUnchanged(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	at := may(t, 4, 7, 0)
	tl, err := TimelineFromOutages(Interval{Start: may(t, 4, 0, 0), End: at}, []Interval{{Start: may(t, 4, 2, 0), End: may(t, 4, 2, 12)}},
		WithMaintenance(Interval{Start: may(t, 4, 5, 0), End: may(t, 4, 5, 30)}))
	if err != nil {
		t.Fatal(err)
	}
	spelt, err := ParseCalendar("zone Europe/Berlin\nmon-sun 00:00-24:00\n")
	if err != nil {
		t.Fatal(err)
	}
	want := p.EvaluateTimeline(tl, at)
	for _, cal := range []*Calendar{nil, AlwaysOn(time.UTC), spelt} {
		if d := cmp.Diff(want, p.EvaluateTimelineIn(tl, cal, at)); d != "" {
			t.Errorf("%v (-EvaluateTimeline +EvaluateTimelineIn):\n%s", cal, d)
		}
	}
}

// Factors over service hours: Workbook30Day's page-1h (14.4) needs 51.84 s down in a working hour
// to fire, 7.2 % of the 12-minute budget of a 200-hour month; the policy built over the month's
// 200 scheduled hours has factor 4 and fires at 14.4 s, its 2 %.
func TestBurnFactorsOverServiceHours(t *testing.T) {
	tg := mustTarget(t, "99.9")
	cal := businessMay(t)
	b, err := NewPeriodBudget(tg, cal, Interval{Start: may(t, 1, 0, 0), End: may(t, 32, 0, 0)})
	if err != nil {
		t.Fatal(err)
	}
	hours, err := NewBurnPolicy(tg, time.Duration(b.Total), WorkbookAlerts())
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff([]string{"4", "5/3", "5/6", "5/18"}, factors(hours)); d != "" {
		t.Errorf("factors over 200 h (-want +got):\n%s", d)
	}
	wall, err := Workbook30Day(tg)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		down       time.Duration
		hours, day bool // page-1h fires under the 200-hour policy, under Workbook30Day
	}{
		{14399 * time.Millisecond, false, false},
		{14400 * time.Millisecond, true, false},
		{51839 * time.Millisecond, true, false},
		{51840 * time.Millisecond, true, true},
	} {
		at := may(t, 4, 11, 0)
		tl, err := TimelineFromOutages(Interval{Start: may(t, 4, 0, 0), End: at}, []Interval{{Start: at.Add(-tc.down), End: at}})
		if err != nil {
			t.Fatal(err)
		}
		h, d := hours.EvaluateTimelineIn(tl, cal, at).Alerts[0].Firing, wall.EvaluateTimelineIn(tl, cal, at).Alerts[0].Firing
		if h != tc.hours || d != tc.day {
			t.Errorf("%v down in the hour: page-1h fires %v over 200 h, %v over 30 days; want %v, %v", tc.down, h, d, tc.hours, tc.day)
		}
	}
}
