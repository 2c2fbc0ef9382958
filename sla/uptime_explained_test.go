package sla

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/internal/exact"
)

// The totals of TestUpptimeAgainstMonitor, summed over the 11 sites of both snapshots: under
// the monitor's 15-minute rule 7 all-time figures agree at 2 decimals with the published ones.
// Per UTC day, with every outage counted 58 of 142 site-days agree exactly; with outages under
// 15 minutes dropped, 115 site-days are compared, 92 agree exactly, 110 within ±2 minutes, and
// 5 differ by more (the four sites' corrections in TestUpptimeDisagreementsExplained account for
// all five).
func TestUpptimeAgreementTotals(t *testing.T) {
	got := append(compareUpptime(t, dataset.TabbyML), compareUpptime(t, dataset.BuildingPermitHub)...)
	type totals struct {
		Sites, AllTimeAgree       int
		RawDays, RawExact         int
		Days, Exact, Near, Beyond int
	}
	var sum totals
	for _, c := range got {
		sum.Sites++
		if c.LongOutages == c.Published {
			sum.AllTimeAgree++
		}
		sum.RawDays += c.RawDays
		sum.RawExact += c.RawExact
		sum.Days += c.Days
		sum.Exact += c.Exact
		sum.Near += c.Near
		sum.Beyond += len(c.Disagreements)
	}
	want := totals{Sites: 11, AllTimeAgree: 7, RawDays: 142, RawExact: 58, Days: 115, Exact: 92, Near: 110, Beyond: 5}
	if d := cmp.Diff(want, sum); d != "" {
		t.Error(d)
	}
}

// upptimeOutages returns the monitor's window of the site [startTime, lastUpdated), the span of
// its status changes (from the first change when that comes earlier), every outage in it as
// compareUpptime builds them, and the monitor's own record of the site.
func upptimeOutages(t *testing.T, u Upptime, slug string) (all, span Interval, outages IntervalSet, site UpptimeSite) {
	t.Helper()
	s, ok := u.Site(slug)
	if !ok {
		t.Fatalf("no site %q", slug)
	}
	ev := u.Events(slug)
	from := s.Start
	if len(ev) > 0 && ev[0].At.Before(from) {
		from = ev[0].At
	}
	full, err := TimelineFromEvents(Interval{Start: from, End: s.LastUpdated}, ev, WithInitial(Operational))
	if err != nil {
		t.Fatal(err)
	}
	return Interval{Start: s.Start, End: s.LastUpdated}, full.Window(), full.Intervals(Down), s
}

// upptimeFigure is the all-time availability of outages over w, rounded half up to 2 decimals
// as the monitor rounds (toFixed(2)).
func upptimeFigure(t *testing.T, w Interval, outages IntervalSet) string {
	t.Helper()
	tl, err := TimelineFromOutages(w, outages)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Availability(tl, nil, w, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	s, _ := r.Availability.RoundString(2, exact.HalfUp)
	return s
}

// upptimeDaysBeyond lists the UTC days on which outages and the monitor's dailyMinutesDown
// differ by more than 2 minutes, as "day ours/theirs".
func upptimeDaysBeyond(t *testing.T, span Interval, outages IntervalSet, s UpptimeSite) []string {
	t.Helper()
	tl, err := TimelineFromOutages(span, outages)
	if err != nil {
		t.Fatal(err)
	}
	ours := map[Date]int64{}
	for _, d := range DailyDown(tl, time.UTC) {
		ours[d.Day] = minutesHalfUp(d.Down)
	}
	theirs := map[Date]int64{}
	var days []Date
	for _, d := range s.DailyMinutesDown {
		theirs[d.Day] = d.Minutes
		days = append(days, d.Day)
	}
	for d := range ours {
		if _, ok := theirs[d]; !ok {
			days = append(days, d)
		}
	}
	sortDates(days)
	var out []string
	for _, d := range days {
		if diff := ours[d] - theirs[d]; diff < -2 || diff > 2 {
			out = append(out, fmt.Sprintf("%s %d/%d", d, ours[d], theirs[d]))
		}
	}
	return out
}

// TestUpptimeDisagreementsExplained pins, for each of the four sites whose all-time figure under
// the 15-minute rule differs from the published one (TestUpptimeAgainstMonitor), the correction
// that reproduces the published figure exactly, and checks that the same correction also
// removes that site's per-day disagreements beyond ±2 minutes. The outages named are those of
// our timeline (commit times); the monitor's own are its incident issues, opened and closed a
// little later or earlier, so an outage a few seconds under 15 minutes by commit time can
// last 15 minutes by issue time and be kept.
func TestUpptimeDisagreementsExplained(t *testing.T) {
	u, err := LoadUpptime(dataset.FS(), dataset.BuildingPermitHub)
	if err != nil {
		t.Fatal(err)
	}
	at := func(s string) time.Time {
		v, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	type outage struct{ start, end string }
	tests := []struct {
		slug string
		// add: outages under 15 minutes (dropped by the rule) that the monitor counted; remove:
		// outages of 15 minutes or more the monitor has no incident for.
		add, remove []outage
		before      string   // our figure under the 15-minute rule
		published   string   // the monitor's
		daysBefore  []string // per-day disagreements beyond ±2 minutes before the correction
	}{
		// 95.18 vs 95.11. The monitor counted three outages under 15 minutes by commit time:
		// 2026-07-18 20:22:42–20:37:41 (14 min 59 s) and 2026-08-21 13:43:18–13:58:16 (14 min
		// 58 s), a second or two short of the rule, so 15 minutes or more by issue time; and
		// 2026-08-22 14:07:44–14:17:56 (10 min 12 s), which recovers at the snapshot's last
		// check (lastUpdated 14:17:56.360): the figures were written before the recovery could
		// delete its issue. They are also the three days it disagrees on: 127 + 15 = 142
		// against 141 on 07-18, 15 on 08-21, 10 on 08-22.
		{
			slug: "building-permit-hub",
			add: []outage{
				{"2026-07-18T20:22:42Z", "2026-07-18T20:37:41Z"},
				{"2026-08-21T13:43:18Z", "2026-08-21T13:58:16Z"},
				{"2026-08-22T14:07:44Z", "2026-08-22T14:17:56Z"},
			},
			before: "95.18", published: "95.11",
			daysBefore: []string{"2026-07-18 127/141", "2026-08-21 0/15", "2026-08-22 0/10"},
		},
		// 96.10 vs 96.09: the outage 2026-08-22 14:12:38–14:17:59 (5 min 21 s), which likewise
		// recovers at the last check (lastUpdated 14:17:59.821), is the monitor's 5 minutes
		// that day.
		{
			slug:   "external-dependencies-bc-address-geocoder",
			add:    []outage{{"2026-08-22T14:12:38Z", "2026-08-22T14:17:59Z"}},
			before: "96.10", published: "96.09",
			daysBefore: []string{"2026-08-22 0/5"},
		},
		// 96.94 vs 97.15: the monitor has no incident (and no minute on 07-20) for the outage
		// 2026-07-20 01:09:01–03:05:02 (1 h 56 min 1 s, shared with the hub and two other
		// dependencies, for which it has one). Removing it alone gives 97.149 %, published as
		// 97.15; the monitor also counts the 31 s outage 14:17:31–14:18:02 on 08-22, which
		// recovers at the last check (lastUpdated 14:18:02.692): its 1 minute that day. With
		// it the figure is 97.148 %, still 97.15, and that day agrees to the minute.
		{
			slug:   "external-dependencies-ltsa-parcel-map-bc",
			add:    []outage{{"2026-08-22T14:17:31Z", "2026-08-22T14:18:02Z"}},
			remove: []outage{{"2026-07-20T01:09:01Z", "2026-07-20T03:05:02Z"}},
			before: "96.94", published: "97.15",
			daysBefore: []string{"2026-07-20 116/0"},
		},
	}
	for _, tc := range tests {
		all, span, outages, site := upptimeOutages(t, u, tc.slug)
		long := DropShorter(outages, upptimeDeleteBelow)
		if got := upptimeFigure(t, all, long); got != tc.before {
			t.Errorf("%s: 15-minute rule gives %s, want %s", tc.slug, got, tc.before)
		}
		if got := FormatPercent(site.Uptime, 2); got != tc.published {
			t.Errorf("%s: published %s, want %s", tc.slug, got, tc.published)
		}
		if got := upptimeDaysBeyond(t, span, long, site); !cmp.Equal(got, tc.daysBefore) {
			t.Errorf("%s: days beyond ±2 min %v, want %v", tc.slug, got, tc.daysBefore)
		}
		var add, remove []Interval
		for _, o := range tc.add {
			iv := Interval{Start: at(o.start), End: at(o.end)}
			// Each added outage is one of ours, dropped by the rule only.
			if !hasInterval(outages, iv) || len(Intersect(long, IntervalSet{iv})) > 0 || iv.Duration() >= upptimeDeleteBelow {
				t.Errorf("%s: %s is not an outage under 15 minutes of our timeline", tc.slug, iv)
			}
			add = append(add, iv)
		}
		for _, o := range tc.remove {
			iv := Interval{Start: at(o.start), End: at(o.end)}
			if !hasInterval(long, iv) {
				t.Errorf("%s: %s is not an outage of 15 minutes or more of our timeline", tc.slug, iv)
			}
			remove = append(remove, iv)
		}
		// correct applies every correction but the skip-th (none for skip < 0).
		correct := func(skip int) IntervalSet {
			fixed := long
			for k, iv := range add {
				if k != skip {
					fixed = Union(fixed, IntervalSet{iv})
				}
			}
			for k, iv := range remove {
				if len(add)+k != skip {
					fixed = Difference(fixed, IntervalSet{iv})
				}
			}
			return fixed
		}
		fixed := correct(-1)
		if got := upptimeFigure(t, all, fixed); got != tc.published {
			t.Errorf("%s: corrected figure %s, want the published %s", tc.slug, got, tc.published)
		}
		if got := upptimeDaysBeyond(t, span, fixed, site); got != nil {
			t.Errorf("%s: corrected, still beyond ±2 min on %v", tc.slug, got)
		}
		// Every correction is needed: without any one of them the figure is off, or the day it
		// falls on is further from the monitor's minutes.
		for k, iv := range append(slices.Clone(add), remove...) {
			part := correct(k)
			day := DateOf(iv.Start, time.UTC)
			if upptimeFigure(t, all, part) == tc.published &&
				upptimeDayGap(t, span, part, site, day) <= upptimeDayGap(t, span, fixed, site, day) {
				t.Errorf("%s: correction %s is not needed", tc.slug, iv)
			}
		}
	}

	// 99.11 vs 99.13 for bc-admin-boundaries: no outage explains it, the monitor disagrees with
	// itself. Its own dailyMinutesDown add up to 489 minutes, and 100 × (1 − 489 min / window)
	// is 99.11 %, our figure, not the 99.13 % it publishes.
	all, _, outages, site := upptimeOutages(t, u, "external-dependencies-bc-admin-boundaries")
	if got := upptimeFigure(t, all, DropShorter(outages, upptimeDeleteBelow)); got != "99.11" {
		t.Errorf("bc-admin-boundaries: 15-minute rule gives %s, want 99.11", got)
	}
	var minutes int64
	for _, d := range site.DailyMinutesDown {
		minutes += d.Minutes
	}
	lost, err := RatioOf(minutes*int64(time.Minute), int64(all.Duration()))
	if err != nil {
		t.Fatal(err)
	}
	own, _ := ratioHundred.Sub(lost.MulInt(100)).RoundString(2, exact.HalfUp)
	if minutes != 489 || own != "99.11" || FormatPercent(site.Uptime, 2) != "99.13" {
		t.Errorf("bc-admin-boundaries: Σ dailyMinutesDown %d min gives %s, published %s; want 489, 99.11, 99.13",
			minutes, own, FormatPercent(site.Uptime, 2))
	}
}

// upptimeDayGap is how many minutes outages and the monitor's dailyMinutesDown differ by on day.
func upptimeDayGap(t *testing.T, span Interval, outages IntervalSet, s UpptimeSite, day Date) int64 {
	t.Helper()
	tl, err := TimelineFromOutages(span, outages)
	if err != nil {
		t.Fatal(err)
	}
	var ours, theirs int64
	for _, d := range DailyDown(tl, time.UTC) {
		if d.Day == day {
			ours = minutesHalfUp(d.Down)
		}
	}
	for _, d := range s.DailyMinutesDown {
		if d.Day == day {
			theirs = d.Minutes
		}
	}
	return max(ours-theirs, theirs-ours)
}

// hasInterval reports whether iv is one of the intervals of s, exactly.
func hasInterval(s IntervalSet, iv Interval) bool {
	for _, x := range s {
		if x.Start.Equal(iv.Start) && x.End.Equal(iv.End) {
			return true
		}
	}
	return false
}
