package sla

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/interval"
)

// M1: a 30-day window with three outages totalling 90 minutes.
func TestReliabilityM1(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	w := interval.Interval{Start: start, End: start.Add(30 * day)}
	outages := []interval.Interval{
		{Start: start.Add(2 * day), End: start.Add(2*day + 20*time.Minute)},
		{Start: start.Add(11 * day), End: start.Add(11*day + 30*time.Minute)},
		{Start: start.Add(25 * day), End: start.Add(25*day + 40*time.Minute)},
	}
	tl, err := TimelineFromOutages(w, outages)
	if err != nil {
		t.Fatal(err)
	}
	acks := []time.Time{start.Add(2*day + 5*time.Minute), start.Add(25*day + 15*time.Minute), start.Add(25*day + 16*time.Minute), start}
	r := ReliabilityOf(tl, w, acks)
	min := func(x Ratio) string { m, _ := x.QuoInt(int64(time.Minute)); return m.String() }
	ident, ok := r.IdentityAvailability()
	got := []string{itoa64(int64(len(r.Failures))), min(r.MTTR), min(r.MTBF), ident.FloorString(4), r.Availability.FloorString(4), min(r.MTTA), itoa64(int64(r.Acked))}
	want := []string{"3", "30", "14370", "99.7916", "99.7916", "10", "2"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("M1 (-want +got):\n%s", diff)
	}
	// MTBF/(MTBF+MTTR) = (43,200 − 90)/43,200 exactly.
	exp, _ := RatioOf(43200-90, 43200)
	if !ok || !ident.Equal(exp.MulInt(100)) || !ident.Equal(r.Availability) {
		t.Errorf("M1 identity %s vs %s", ident, exp.MulInt(100))
	}
	// MTTF: up runs before each failure: 2 d, 9 d − 20 min, 14 d − 30 min.
	wantTTF := (2*day + 9*day - 20*time.Minute + 14*day - 30*time.Minute) / 3
	if r.Duration(r.MTTF) != wantTTF || r.Duration(r.MTTR) != 30*time.Minute {
		t.Errorf("MTTF %s, want %s", r.Duration(r.MTTF), wantTTF)
	}
	if !r.Failures[0].Acknowledged.Equal(acks[0]) || !r.Failures[1].Acknowledged.IsZero() {
		t.Errorf("ack matching %+v", r.Failures)
	}
}

func TestReliabilityNoFailures(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	w := interval.Interval{Start: start, End: start.Add(day)}
	tl, _ := TimelineFromOutages(w, nil)
	r := ReliabilityOf(tl, w, nil)
	if r.MTTRDefined || r.MTBFDefined || r.MTTFDefined || r.MTTADefined || !r.AvailabilityDefined || r.Availability.String() != "100" {
		t.Errorf("%+v", r)
	}
	if _, ok := r.IdentityAvailability(); ok {
		t.Error("identity defined without failures")
	}
	empty := ReliabilityOf(tl, interval.Interval{Start: start.Add(2 * day), End: start.Add(3 * day)}, nil)
	if empty.AvailabilityDefined {
		t.Errorf("availability outside the timeline: %+v", empty)
	}
}

// MTBF/(MTBF+MTTR) equals Up/(Up+Down) whenever there is a failure, NoData and Maintenance
// time notwithstanding.
func testReliabilityIdentity(t *rapid.T) {
	win := interval.Interval{Start: c4Day, End: c4Day.Add(24 * time.Hour)}
	tl := genTimeline(t, "tl", win)
	r := ReliabilityOf(tl, win, nil)
	got, ok := r.IdentityAvailability()
	if ok != (len(r.Failures) > 0) {
		t.Fatalf("identity defined %v with %d failures", ok, len(r.Failures))
	}
	if ok && !got.Equal(r.Availability) {
		t.Fatalf("MTBF/(MTBF+MTTR) = %s, Up/(Up+Down) = %s", got, r.Availability)
	}
	if r.Down != tl.Total(Down) {
		t.Fatalf("down %s, timeline %s", r.Down, tl.Total(Down))
	}
}

func TestReliabilityIdentity(t *testing.T) { rapid.Check(t, testReliabilityIdentity) }
func FuzzReliabilityIdentity(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testReliabilityIdentity)) }

// An outage from 23:00 to 01:00 is listed in both days it touches (cut at midnight, so each
// day's MTTR and availability stay exact), but it started once: Started counts it on the first
// day only, so daily Started counts add up to the two-day window's, as failure counts must.
func TestReliabilityFailureAcrossWindows(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	two := Interval{Start: start, End: start.Add(2 * day)}
	tl, err := TimelineFromOutages(two, []Interval{
		{Start: start.Add(23 * time.Hour), End: start.Add(25 * time.Hour)},
		{Start: start.Add(30 * time.Hour), End: start.Add(31 * time.Hour)},
	})
	if err != nil {
		t.Fatal(err)
	}
	type counts struct{ Listed, Started, ContinuedFirst int }
	of := func(w Interval) counts {
		r := ReliabilityOf(tl, w, nil)
		c := counts{Listed: len(r.Failures), Started: r.Started}
		if len(r.Failures) > 0 && r.Failures[0].Continued {
			c.ContinuedFirst = 1
		}
		return c
	}
	day1 := Interval{Start: start, End: start.Add(day)}
	day2 := Interval{Start: start.Add(day), End: start.Add(2 * day)}
	got := []counts{of(day1), of(day2), of(two)}
	want := []counts{{1, 1, 0}, {2, 1, 1}, {2, 2, 0}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("day 1, day 2, both (-want +got):\n%s", diff)
	}
	// A timeline that starts down gives no earlier state: its first failure started there.
	tl2, err := TimelineFromOutages(day1, []Interval{{Start: start, End: start.Add(time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	if r := ReliabilityOf(tl2, day1, nil); r.Started != 1 || r.Failures[0].Continued {
		t.Errorf("down from the timeline's start: %+v", r)
	}
}

// Failure counts add up over adjacent windows: Started over [a, m) and [m, b) sum to Started
// over [a, b), wherever m falls (inside an outage, on its edge, in a gap).
func testReliabilityStartedAdditive(t *rapid.T) {
	win := Interval{Start: c4Day, End: c4Day.Add(24 * time.Hour)}
	tl := genTimeline(t, "tl", win)
	m := win.Start.Add(time.Duration(rapid.Int64Range(0, int64(24*time.Hour)).Draw(t, "split")))
	whole := ReliabilityOf(tl, win, nil)
	a := ReliabilityOf(tl, Interval{Start: win.Start, End: m}, nil)
	b := ReliabilityOf(tl, Interval{Start: m, End: win.End}, nil)
	if a.Started+b.Started != whole.Started {
		t.Fatalf("started %d + %d ≠ %d (split at %s)", a.Started, b.Started, whole.Started, m)
	}
	if whole.Started != len(whole.Failures) {
		t.Fatalf("whole timeline window: %d started of %d failures", whole.Started, len(whole.Failures))
	}
}

func TestReliabilityStartedAdditive(t *testing.T) { rapid.Check(t, testReliabilityStartedAdditive) }
func FuzzReliabilityStartedAdditive(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testReliabilityStartedAdditive))
}
