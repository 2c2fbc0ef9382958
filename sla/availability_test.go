package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/internal/interval"
)

func iv(a, b time.Time) interval.Interval { return interval.Interval{Start: a, End: b} }

func utc(y int, m time.Month, d, h, mi int) time.Time {
	return time.Date(y, m, d, h, mi, 0, 0, time.UTC)
}

func rat(t testing.TB, s string) exact.Rat {
	t.Helper()
	r, err := exact.ParseDecimal(s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func ratio(t testing.TB, a, b int64) exact.Rat {
	t.Helper()
	r, err := exact.FromRatio(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// U1: 24-hour window ending 2026-03-27T00:00Z; outages 2026-03-26 00:00–02:00 and 01:00–03:00
// UTC → 3 h down, 87.50 % (overlap counted once).
func TestAvailabilityU1(t *testing.T) {
	w := iv(utc(2026, 3, 26, 0, 0), utc(2026, 3, 27, 0, 0))
	tl, err := TimelineFromOutages(w, []interval.Interval{
		iv(utc(2026, 3, 26, 0, 0), utc(2026, 3, 26, 2, 0)),
		iv(utc(2026, 3, 26, 1, 0), utc(2026, 3, 26, 3, 0)),
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Availability(tl, nil, w, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Down != 3*time.Hour {
		t.Fatalf("U1: down %s", r.Down)
	}
	if !r.Availability.Equal(rat(t, "87.5")) || r.Format(2) != "87.50%" {
		t.Fatalf("U1: %s", r.Availability)
	}
}

// W1: 09:00–10:00: operational 10 min, degraded 30 min, down 20 min → 66.67 % when degraded
// counts as available; 16.67 % when it counts as down.
func TestAvailabilityW1(t *testing.T) {
	at := func(m int) time.Time { return utc(2024, 5, 6, 9, m) }
	w := iv(at(0), at(60))
	tl, err := TimelineFromEvents(w, []StatusEvent{{at(0), Operational}, {at(10), Degraded}, {at(40), Down}})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		loss  exact.Rat
		exact exact.Rat
		shown string
	}{
		{exact.FromInt(0), ratio(t, 200, 3), "66.66%"},
		{exact.FromInt(1), ratio(t, 50, 3), "16.66%"},
		{ratio(t, 1, 2), ratio(t, 125, 3), "41.66%"},
	}
	for _, tc := range tests {
		r, err := Availability(tl, nil, w, Policy{DegradedLoss: tc.loss})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Availability.Equal(tc.exact) {
			t.Errorf("W1 loss %s: %s", tc.loss, r.Availability)
		}
		// Rounded half-up the published figures are 66.67 and 16.67; we show rounded down.
		if half, _ := r.Availability.RoundString(2, exact.HalfUp); half != map[string]string{"66.66%": "66.67", "16.66%": "16.67", "41.66%": "41.67"}[tc.shown] {
			t.Errorf("W1 half-up %s", half)
		}
		if r.Format(2) != tc.shown {
			t.Errorf("W1 shown %s want %s", r.Format(2), tc.shown)
		}
	}
}

// C4: child A down 10:00–11:00, child B down 10:30–12:00: a parent needing both is down
// 10:00–12:00 (2 h); needing either, down 10:30–11:00 (30 min).
func TestTimelineC4(t *testing.T) {
	at := func(h, m int) time.Time { return utc(2024, 5, 6, h, m) }
	w := iv(at(0, 0), at(24, 0))
	a, _ := TimelineFromOutages(w, []interval.Interval{iv(at(10, 0), at(11, 0))})
	b, _ := TimelineFromOutages(w, []interval.Interval{iv(at(10, 30), at(12, 0))})
	both, err := TimelineFromOutages(w, append(a.Intervals(Down), b.Intervals(Down)...))
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(interval.Set{iv(at(10, 0), at(12, 0))}, both.Intervals(Down)); d != "" {
		t.Fatal("C4 all-of:", d)
	}
	either, err := TimelineFromOutages(w, interval.Intersect(a.Intervals(Down), b.Intervals(Down)))
	if err != nil {
		t.Fatal(err)
	}
	if got := either.Total(Down); got != 30*time.Minute {
		t.Fatal("C4 any-of:", got)
	}
}

// B6: calendar months in Europe/Berlin: Feb 2023, Feb 2024, Mar 2024, Apr 2024, Oct 2024 last
// 672 h, 696 h, 743 h, 720 h, 745 h; at 99.9 % the allowed loss is 2,419.2 s, 2,505.6 s,
// 2,674.8 s, 2,592 s, 2,682 s.
func TestMonthsB6(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	p := Monthly(berlin)
	target, err := ParseTarget("99.9")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		y      int
		m      time.Month
		hours  int64
		budget string
	}{
		{2023, 2, 672, "2419.2"}, {2024, 2, 696, "2505.6"}, {2024, 3, 743, "2674.8"},
		{2024, 4, 720, "2592"}, {2024, 10, 745, "2682"},
	}
	for _, tc := range tests {
		m := p.Containing(time.Date(tc.y, tc.m, 15, 12, 0, 0, 0, berlin))
		if h := int64(m.Duration() / time.Hour); h != tc.hours || m.Duration()%time.Hour != 0 {
			t.Errorf("B6 %d-%02d: %s", tc.y, tc.m, m.Duration())
		}
		secs := target.AllowedLoss().MulInt(int64(m.Duration() / time.Second))
		if !secs.Equal(rat(t, tc.budget)) {
			t.Errorf("B6 %d-%02d budget %s s", tc.y, tc.m, secs)
		}
	}
}

func TestAvailabilityPolicies(t *testing.T) {
	at := func(h int) time.Time { return utc(2024, 5, 6, h, 0) }
	w := iv(at(0), at(10))
	// 0-1 no data, 1-6 up, 6-7 down, 7-8 maintenance (and down underneath), 8-10 up.
	tl, err := TimelineFromEvents(w, []StatusEvent{{at(1), Operational}, {at(6), Down}, {at(7), Down}, {at(8), Operational}},
		WithMaintenance(iv(at(7), at(8))))
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name    string
		p       Policy
		counted time.Duration
		avail   exact.Rat
	}{
		{"defaults exclude maintenance and no data", Policy{}, 8 * time.Hour, ratio(t, 700, 8)},
		{"maintenance up", Policy{Maintenance: MaintenanceUp}, 9 * time.Hour, ratio(t, 800, 9)},
		{"maintenance down", Policy{Maintenance: MaintenanceDown}, 9 * time.Hour, ratio(t, 700, 9)},
		{"no data up", Policy{NoData: NoDataUp}, 9 * time.Hour, ratio(t, 800, 9)},
		{"no data down", Policy{NoData: NoDataDown}, 9 * time.Hour, ratio(t, 700, 9)},
		{"effective at 05:00", Policy{Effective: at(5)}, 4 * time.Hour, ratio(t, 300, 4)},
	}
	for _, tc := range tests {
		r, err := Availability(tl, nil, w, tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if r.Counted != tc.counted || !r.Availability.Equal(tc.avail) {
			t.Errorf("%s: counted %s availability %s", tc.name, r.Counted, r.Availability)
		}
		if sum := r.BeforeEffective + r.Up + r.Degraded + r.Down + r.NoData + r.Maintenance; sum != r.Scheduled {
			t.Errorf("%s: parts %s != scheduled %s", tc.name, sum, r.Scheduled)
		}
	}
}

func TestAvailabilityNoData(t *testing.T) {
	w := iv(utc(2024, 1, 1, 0, 0), utc(2024, 1, 2, 0, 0))
	tl, err := TimelineFromEvents(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Availability(tl, nil, w, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Known || r.Format(2) != "no data" || r.NoData != 24*time.Hour {
		t.Fatalf("no data reported as %s (known %v)", r.Format(2), r.Known)
	}
	// A window outside the timeline is no data too.
	r, _ = Availability(tl, nil, iv(utc(2025, 1, 1, 0, 0), utc(2025, 1, 2, 0, 0)), Policy{})
	if r.Known {
		t.Fatal("outside the timeline is known")
	}
}

func TestShownRoundedDown(t *testing.T) {
	// 99.996 % shows as 99.99 %; 100 % only when nothing was lost.
	w := iv(utc(2024, 1, 1, 0, 0), utc(2024, 1, 1, 0, 0).Add(100000*time.Second))
	tl, _ := TimelineFromOutages(w, []interval.Interval{iv(w.Start, w.Start.Add(4*time.Second))})
	r, _ := Availability(tl, nil, w, Policy{})
	if r.Format(2) != "99.99%" || !r.Availability.Equal(rat(t, "99.996")) {
		t.Fatalf("got %s (%s)", r.Format(2), r.Availability)
	}
	tl, _ = TimelineFromOutages(w, []interval.Interval{iv(w.Start, w.Start.Add(time.Nanosecond))})
	r, _ = Availability(tl, nil, w, Policy{})
	if r.Format(6) != "99.999999%" {
		t.Fatalf("one nanosecond lost shows %s", r.Format(6))
	}
}

func TestBadInput(t *testing.T) {
	a, b := utc(2024, 1, 2, 0, 0), utc(2024, 1, 1, 0, 0)
	w := iv(b, a)
	if _, err := TimelineFromOutages(iv(a, b), nil); !errors.Is(err, ErrBadInterval) || !errors.Is(err, interval.ErrReversed) {
		t.Errorf("reversed window: %v", err)
	}
	if _, err := TimelineFromOutages(w, []interval.Interval{iv(a, b)}); !errors.Is(err, ErrBadInterval) {
		t.Errorf("reversed outage: %v", err)
	}
	if _, err := TimelineFromEvents(w, []StatusEvent{{a, Status(9)}}); !errors.Is(err, ErrBadStatus) {
		t.Errorf("bad status: %v", err)
	}
	tl, _ := TimelineFromOutages(w, nil)
	if _, err := Availability(tl, nil, w, Policy{DegradedLoss: exact.FromInt(2)}); !errors.Is(err, ErrBadPolicy) {
		t.Errorf("bad loss: %v", err)
	}
	if _, err := Availability(tl, nil, iv(a, b), Policy{}); !errors.Is(err, ErrBadInterval) {
		t.Errorf("reversed availability window: %v", err)
	}
	if _, err := ParseCalendar("zone Mars/Olympus\nmon 09:00-17:00"); !errors.Is(err, ErrUnknownZone) {
		t.Errorf("unknown zone: %v", err)
	}
	if _, err := ParseCalendar("zone UTC\nmon 09:00-12:00 11:00-13:00"); !errors.Is(err, ErrOverlappingSlots) {
		t.Errorf("overlapping slots: %v", err)
	}
	if _, err := ParseTarget("100.5"); !errors.Is(err, ErrBadTarget) {
		t.Errorf("100.5: %v", err)
	}
	if _, err := ParseDuration("1m"); !errors.Is(err, ErrAmbiguousUnit) {
		t.Errorf("1m: %v", err)
	}
}

func TestAvailabilityToDate(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	month := Monthly(berlin).Containing(time.Date(2024, 3, 10, 0, 0, 0, 0, berlin))
	down := iv(time.Date(2024, 3, 5, 10, 0, 0, 0, berlin), time.Date(2024, 3, 5, 11, 0, 0, 0, berlin))
	asOf := time.Date(2024, 3, 11, 0, 0, 0, 0, berlin)
	tl, _ := TimelineFromOutages(iv(month.Start, asOf), []interval.Interval{down})
	toDate, _ := AvailabilityToDate(tl, nil, month, asOf, Policy{})
	if toDate.Counted != 240*time.Hour || !toDate.Availability.Equal(ratio(t, 23900, 240)) {
		t.Fatalf("to date: %s %s", toDate.Counted, toDate.Availability)
	}
	// The whole period counts the rest of the month as no data: excluded by default, so the
	// figure equals the to-date one, and counted down it is pessimistic.
	whole, _ := Availability(tl, nil, month, Policy{})
	if !whole.Availability.Equal(toDate.Availability) || whole.Scheduled != 743*time.Hour {
		t.Fatalf("whole: %s", whole.Availability)
	}
	pess, _ := Availability(tl, nil, month, Policy{NoData: NoDataDown})
	if !pess.Availability.Equal(ratio(t, 23900, 743)) {
		t.Fatalf("pessimistic: %s", pess.Availability)
	}
}
