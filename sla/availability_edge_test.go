package sla

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
)

// A window longer than a time.Duration holds (about 292 years, for example "all time" from the
// zero time.Time) used to overflow every total: scheduled, up and counted time saturated or
// wrapped negative (Up came out as −2,556,935 h), and a timeline built from events gave "no
// data" although it had data. The figure cannot be stated in Durations, so it is an error.
func TestAvailabilityWindowTooLong(t *testing.T) {
	asOf := utc(2026, 1, 1, 0, 0)
	all := iv(time.Time{}, asOf)
	out := []interval.Interval{iv(utc(2025, 6, 1, 0, 0), utc(2025, 6, 2, 0, 0))}
	tl, err := TimelineFromOutages(all, out)
	if err != nil {
		t.Fatalf("a long timeline window is fine (only figures over it overflow): %v", err)
	}
	if _, err := Availability(tl, nil, all, Policy{}); !errors.Is(err, ErrBadInterval) {
		t.Fatalf("all-time window: want ErrBadInterval, got %v", err)
	}
	if _, err := AvailabilityToDate(tl, nil, all, asOf, Policy{}); !errors.Is(err, ErrBadInterval) {
		t.Fatalf("all-time period to date: want ErrBadInterval, got %v", err)
	}
	// The same timeline still answers for any window a Duration can hold: 2025 has one day
	// down in 365.
	year := iv(utc(2025, 1, 1, 0, 0), asOf)
	r, err := Availability(tl, nil, year, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Down != 24*time.Hour || r.Up != 364*24*time.Hour || !r.Availability.Equal(ratio(t, 36400, 365)) {
		t.Fatalf("2025: down %s up %s availability %s", r.Down, r.Up, r.Availability)
	}
	// The longest window a Duration holds is measured.
	longest := iv(time.Time{}, time.Time{}.Add(math.MaxInt64))
	tl2, _ := TimelineFromOutages(longest, nil)
	if r, err := Availability(tl2, nil, longest, Policy{}); err != nil || r.Up != math.MaxInt64 || r.Format(2) != "100.00%" {
		t.Fatalf("longest window: %v %s %s", err, r.Up, r.Format(2))
	}
	// Totals over a long timeline saturate like time.Time.Sub instead of wrapping negative.
	if got := tl.Total(Operational); got != math.MaxInt64 {
		t.Fatalf("Total over 2025 years: %s, want the largest Duration", got)
	}
	if got := AlwaysOn(nil).BusinessTime(all.Start, all.End); got != math.MaxInt64 {
		t.Fatalf("BusinessTime over 2025 years: %s", got)
	}
}
