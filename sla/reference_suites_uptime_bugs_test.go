package sla

import (
	"testing"
	"time"
)

// Availability cases from public bug reports of uptime monitors, restated on our API.

// kuvasz-uptime/kuvasz issue #219: an outage that overlaps the reporting period was counted in
// full (more than 7 days of downtime in a 7-day period). Ours clips it to the window; and
// sozialhelden/brokenlift issue #3: down for the whole period is 0 % available, not 50 %.
func TestOutageClippedToPeriodKuvasz219(t *testing.T) {
	end := time.Date(2025, 8, 22, 0, 0, 0, 0, time.UTC)
	week := Interval{Start: end.Add(-7 * day), End: end}
	wide := Interval{Start: end.Add(-30 * day), End: end}
	tl, err := TimelineFromOutages(wide, []Interval{{Start: end.Add(-10 * day), End: end}})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Availability(tl, nil, week, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Down != 7*day || r.Format(2) != "0.00%" || !r.Known {
		t.Errorf("down %s, %s", r.Down, r.Format(2))
	}
}

// fzaninotto/uptime issue #367: down 11:30, up 12:30 was shown as 12 h down (an AM/PM mix-up).
// Instants are time.Time values here, so it is 1 h.
func TestNoonOutageFzaninotto367(t *testing.T) {
	d := Interval{Start: time.Date(2018, 6, 13, 0, 0, 0, 0, time.UTC), End: time.Date(2018, 6, 14, 0, 0, 0, 0, time.UTC)}
	tl, err := TimelineFromEvents(d, []StatusEvent{
		{d.Start, Operational},
		{time.Date(2018, 6, 13, 11, 30, 0, 0, time.UTC), Down},
		{time.Date(2018, 6, 13, 12, 30, 0, 0, time.UTC), Operational},
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Availability(tl, nil, d, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Down != time.Hour || r.Format(2) != "95.83%" {
		t.Errorf("down %s, %s", r.Down, r.Format(2))
	}
}

// etalab/transport-site issue #2484: an outage still under way (no end yet) that began today
// was counted to the end of the day (54.2 % at 15:30 for an outage since 15:00). Ours: the
// timeline ends at the evaluation instant, so today to date and the whole day (the rest of it
// is no data, excluded by default) both count the 30 minutes so far.
func TestOngoingOutageTransportSite2484(t *testing.T) {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2022, 6, 30, 15, 30, 0, 0, paris)
	today := Daily(paris).Containing(now)
	tl, err := TimelineFromEvents(Interval{Start: today.Start, End: now}, []StatusEvent{
		{today.Start, Operational},
		{time.Date(2022, 6, 30, 15, 0, 57, 0, paris), Down},
	})
	if err != nil {
		t.Fatal(err)
	}
	toDate, err := AvailabilityToDate(tl, nil, today, now, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	whole, err := Availability(tl, nil, today, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	down := 29*time.Minute + 3*time.Second
	want, _ := RatioOf(int64(15*time.Hour+30*time.Minute-down)*100, int64(15*time.Hour+30*time.Minute))
	for name, r := range map[string]Report{"to date": toDate, "whole day": whole} {
		if r.Down != down || !r.Availability.Equal(want) || r.Format(2) != "96.87%" {
			t.Errorf("%s: down %s, %s", name, r.Down, r.Format(2))
		}
	}
	// Pessimistically (the rest of the day counted as lost) it is what the report showed.
	pess, err := Availability(tl, nil, today, Policy{NoData: NoDataDown})
	if err != nil {
		t.Fatal(err)
	}
	if pess.Format(1) != "62.5%" {
		t.Errorf("no data counted down: %s", pess.Format(1))
	}
}

// louislam/uptime-kuma issue #2401: while the monitor itself was down, its missing heartbeats
// counted as downtime; the reporter wanted them left out (success, no data, failure, success:
// not 50 %). Ours is a policy: no data excluded (the default) 2/3, counted up 3/4, counted down
// 1/2.
func TestMonitorGapUptimeKuma2401(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2022, 12, 13, h, 0, 0, 0, time.UTC) }
	w := Interval{Start: at(0), End: at(4)}
	tl, err := TimelineFromEvents(w, []StatusEvent{{at(0), Operational}, {at(1), NoData}, {at(2), Down}, {at(3), Operational}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		p    NoDataPolicy
		want string
	}{
		{NoDataExcluded, "66.66%"}, {NoDataUp, "75.00%"}, {NoDataDown, "50.00%"},
	} {
		r, err := Availability(tl, nil, w, Policy{NoData: tc.p})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Format(2); got != tc.want {
			t.Errorf("%s: %s, want %s", tc.p, got, tc.want)
		}
	}
}

// iloire/watchmen issue #107: after a 24-hour outage ended, the last-24-hours figure jumped from
// 0 % to 100 % at once. A rolling window ending at the evaluation instant still holds the outage
// until it slides past it.
func TestRollingWindowAfterRecoveryWatchmen107(t *testing.T) {
	start := time.Date(2018, 8, 1, 0, 0, 0, 0, time.UTC)
	tl, err := TimelineFromOutages(Interval{Start: start, End: start.Add(7 * day)},
		[]Interval{{Start: start.Add(2 * day), End: start.Add(3*day + 2*time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	last24 := Rolling{Length: day}
	for _, tc := range []struct {
		asOf time.Time
		want string
	}{
		{start.Add(3*day + 2*time.Hour), "0.00%"},  // just recovered: 26 h outage fills the window
		{start.Add(3*day + 8*time.Hour), "25.00%"}, // 6 h after recovery: 18 h of it still inside
		{start.Add(4*day + 2*time.Hour), "100.00%"},
	} {
		w, err := last24.Ending(tc.asOf)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Availability(tl, nil, w, Policy{})
		if err != nil {
			t.Fatal(err)
		}
		if got := r.Format(2); got != tc.want {
			t.Errorf("as of %s: %s, want %s", tc.asOf, got, tc.want)
		}
	}
}
