package sla

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/interval"
)

// America/St_Johns fell back at 00:01 local until 2011: 2010-11-07 00:00:59 NDT was followed
// by 2010-11-06 23:01 NST, so after midnight of the 7th (02:30Z) the clock read the 6th again
// for an hour. A period starts at the first occurrence of its midnight (package doc), so the
// instants 02:31Z–03:30Z belong to the 7th although their reading says the 6th. Containing
// used the reading's date and returned the 6th, a period that ends before the instant.
func TestContainingRepeatedMidnight(t *testing.T) {
	sj := mustLoc(t, "America/St_Johns")
	x := time.Date(2010, 11, 7, 2, 45, 0, 0, time.UTC) // reads 2010-11-06 23:15 NST
	midnight7 := time.Date(2010, 11, 7, 2, 30, 0, 0, time.UTC)
	midnight8 := time.Date(2010, 11, 8, 3, 30, 0, 0, time.UTC)
	for _, tc := range []struct {
		per  Period
		want interval.Interval
	}{
		{Daily(sj), iv(midnight7, midnight8)},
		{Weekly(sj, time.Sunday), iv(midnight7, time.Date(2010, 11, 14, 3, 30, 0, 0, time.UTC))},
		{Weekly(sj, time.Monday), iv(time.Date(2010, 11, 1, 2, 30, 0, 0, time.UTC), time.Date(2010, 11, 8, 3, 30, 0, 0, time.UTC))},
		{Monthly(sj), iv(time.Date(2010, 11, 1, 2, 30, 0, 0, time.UTC), time.Date(2010, 12, 1, 3, 30, 0, 0, time.UTC))},
	} {
		got := tc.per.Containing(x)
		if !got.Start.Equal(tc.want.Start) || !got.End.Equal(tc.want.End) {
			t.Errorf("%s: Containing(%s) = %s, want %s", tc.per.Kind, x, got, tc.want)
		}
		// Covering starts with the period containing the range's start, never one before it.
		for p := range tc.per.Covering(iv(x, x.Add(time.Minute))) {
			if !p.Start.Equal(tc.want.Start) {
				t.Errorf("%s: Covering starts with %s, want %s", tc.per.Kind, p, tc.want)
			}
			break
		}
	}
}

// Every instant lies in the period Containing returns, and Covering yields only periods that
// overlap the range, contiguous, in every zone with a transition near midnight.
func TestContainingContains(t *testing.T) {
	for _, name := range []string{"America/St_Johns", "America/Sao_Paulo", "America/Santiago", "Asia/Beirut", "Europe/Berlin", "Australia/Lord_Howe", "Pacific/Chatham", "Pacific/Apia"} {
		loc := mustLoc(t, name)
		for _, year := range []int{2009, 2010, 2011, 2015, 2016} {
			from := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC)
			for x := from; x.Year() == year; {
				_, next := x.In(loc).ZoneBounds()
				if next.IsZero() || next.Year() != year {
					break
				}
				x = next
				for y := next.Add(-2 * time.Hour); y.Before(next.Add(2 * time.Hour)); y = y.Add(time.Minute) {
					for _, per := range []Period{Daily(loc), Weekly(loc, time.Monday), Monthly(loc), Quarterly(loc), Yearly(loc)} {
						if got := per.Containing(y); !got.Contains(y) {
							t.Fatalf("%s %s: Containing(%s) = %s", name, per.Kind, y.In(loc), got)
						}
					}
					r := iv(y, y.Add(26*time.Hour))
					var prev interval.Interval
					for p := range Daily(loc).Covering(r) {
						if !p.Overlaps(r) || (!prev.Empty() && !prev.End.Equal(p.Start)) {
							t.Fatalf("%s: Covering(%s) yields %s after %s", name, r, p, prev)
						}
						prev = p
					}
				}
			}
		}
	}
}

// A Month containing an instant exactly at local midnight of the 1st is the month that starts
// there, in a zone whose midnight is skipped (Sao Paulo 2015-10-18 is not a month start, but
// 2018-11-04 is a first Sunday: check both) and in Berlin.
func TestContainingAtMidnight(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	mar := time.Date(2024, 3, 1, 0, 0, 0, 0, berlin)
	got := Monthly(berlin).Containing(mar)
	want := iv(mar, time.Date(2024, 4, 1, 0, 0, 0, 0, berlin))
	if diff := cmp.Diff(want.String(), got.String()); diff != "" {
		t.Fatal(diff)
	}
	if got.Duration() != 743*time.Hour { // B6: a Berlin March has 743 hours
		t.Fatalf("B6 March 2024: %s", got.Duration())
	}
	// The instant just before is still February.
	if feb := Monthly(berlin).Containing(mar.Add(-1)); !feb.End.Equal(mar) {
		t.Fatalf("February: %s", feb)
	}
	sp := mustLoc(t, "America/Sao_Paulo")
	// 2015-10-18 00:00 does not exist in Sao Paulo: the day starts at 01:00 -02 (03:00Z) and
	// has 23 hours.
	d := Daily(sp).Containing(time.Date(2015, 10, 18, 3, 0, 0, 0, time.UTC))
	if !d.Start.Equal(time.Date(2015, 10, 18, 3, 0, 0, 0, time.UTC)) || d.Duration() != 23*time.Hour {
		t.Fatalf("Sao Paulo spring-forward day: %s (%s)", d, d.Duration())
	}
	// 2016-02-21: the clock fell back from 00:00 -02 to 23:00 -03, so the 20th has 25 hours.
	d = Daily(sp).Containing(time.Date(2016, 2, 21, 2, 30, 0, 0, time.UTC))
	if d.Duration() != 25*time.Hour || DateOf(d.Start, sp) != (Date{2016, 2, 20}) {
		t.Fatalf("Sao Paulo fall-back day: %s (%s)", d, d.Duration())
	}
}

// DateOf(t, nil) panicked in time.Time.In; a nil zone means UTC, as for Period and RollingDays.
func TestDateOfNilLocation(t *testing.T) {
	x := time.Date(2026, 1, 1, 23, 30, 0, 0, time.FixedZone("x", -3600))
	if got := DateOf(x, nil); got != (Date{2026, 1, 2}) {
		t.Fatalf("DateOf(nil) = %s, want the UTC date 2026-01-02", got)
	}
}

// RollingDays located "the day that contains asOf" by asOf's reading, with the same fault as
// Containing: at St. John's 2010-11-07 02:45Z (reading 6 November 23:15, after the 7th had
// begun at 02:30Z) the window ended at 02:30Z, before asOf. It must end at the midnight after
// the period holding asOf.
func TestRollingDaysRepeatedMidnight(t *testing.T) {
	sj := mustLoc(t, "America/St_Johns")
	asOf := time.Date(2010, 11, 7, 2, 45, 0, 0, time.UTC)
	got, err := RollingDays(2, sj, asOf)
	if err != nil {
		t.Fatal(err)
	}
	want := iv(time.Date(2010, 11, 6, 2, 30, 0, 0, time.UTC), time.Date(2010, 11, 8, 3, 30, 0, 0, time.UTC))
	if !got.Start.Equal(want.Start) || !got.End.Equal(want.End) || !got.Contains(asOf) {
		t.Fatalf("RollingDays(2) = %s, want %s", got, want)
	}
}

// B4: RollingDays(-3, UTC, t) returned the reversed [t+4d, t+1d), and Rolling{Length: -1h}
// .Ending(t) was reversed too. A length that is not positive is ErrBadPeriod, as is a number of
// days no Duration can measure; the zero Rolling is refused, not an empty window.
func TestRollingRefusesNonPositiveLengths(t *testing.T) {
	asOf := time.Date(2024, 4, 2, 15, 0, 0, 0, time.UTC)
	for _, n := range []int{-3, 0, maxRollingDays + 1, math.MaxInt} {
		if got, err := RollingDays(n, time.UTC, asOf); !errors.Is(err, ErrBadPeriod) {
			t.Errorf("RollingDays(%d) = %s, %v; want ErrBadPeriod", n, got, err)
		}
	}
	for _, l := range []time.Duration{-time.Hour, 0, math.MinInt64} {
		r := Rolling{Length: l}
		if got, err := r.Ending(asOf); !errors.Is(err, ErrBadPeriod) || !errors.Is(r.Validate(), ErrBadPeriod) {
			t.Errorf("Rolling{%s}.Ending = %s, %v; want ErrBadPeriod", l, got, err)
		}
	}
	// The longest allowed RollingDays still fits a Duration; one day is the day of asOf.
	if got, err := RollingDays(maxRollingDays, time.UTC, asOf); err != nil || got.Duration() != maxRollingDays*24*time.Hour {
		t.Errorf("RollingDays(max) = %s, %v", got, err)
	}
	if got, err := RollingDays(1, time.UTC, asOf); err != nil || !got.Start.Equal(time.Date(2024, 4, 2, 0, 0, 0, 0, time.UTC)) || got.Duration() != 24*time.Hour {
		t.Errorf("RollingDays(1) = %s, %v", got, err)
	}
	if got, err := (Rolling{Length: time.Nanosecond}).Ending(asOf); err != nil || got.Duration() != time.Nanosecond {
		t.Errorf("Rolling{1ns} = %s, %v", got, err)
	}
}
