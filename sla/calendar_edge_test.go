package sla

import (
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
)

// wallInstant against its definition, by brute force: the earliest instant (on a quarter-hour
// grid) whose local reading is at or after the wanted date and time of day, for every quarter
// hour of the three days around every transition of zones with odd rules: DST at midnight
// (Sao Paulo), half-hour DST (Lord Howe), a 12:45 offset (Chatham), a fall-back across
// midnight (St. John's 2010), a two-hour DST (Troll), negative DST (Dublin, Casablanca), a
// skipped date (Apia 2011).
func TestWallInstantBruteForce(t *testing.T) {
	cases := []struct {
		zone  string
		years []int
		step  time.Duration // a grid the zone's transitions lie on
	}{
		{"Europe/Berlin", []int{2024}, 15 * time.Minute},
		{"America/Sao_Paulo", []int{2015, 2016}, 15 * time.Minute},
		{"Australia/Lord_Howe", []int{2024}, 15 * time.Minute},
		{"Pacific/Chatham", []int{2024}, 15 * time.Minute},
		{"America/St_Johns", []int{2010}, time.Minute}, // transitions at 00:01
		{"Antarctica/Troll", []int{2024}, 15 * time.Minute},
		{"Europe/Dublin", []int{2024}, 15 * time.Minute},
		{"Africa/Casablanca", []int{2024}, 15 * time.Minute},
		{"Pacific/Apia", []int{2011}, 15 * time.Minute},
	}
	for _, tc := range cases {
		step := tc.step
		loc := mustLoc(t, tc.zone)
		reading := func(x time.Time) int64 {
			l := x.In(loc)
			return dayOf(x, loc)*secondsPerDay + int64(l.Hour()*3600+l.Minute()*60+l.Second())
		}
		for _, year := range tc.years {
			for x := time.Date(year, 1, 1, 0, 0, 0, 0, time.UTC); x.Year() == year; {
				_, next := x.In(loc).ZoneBounds()
				if next.IsZero() || next.Year() != year {
					break
				}
				x = next
				n := dayOf(next, loc)
				for day := n - 1; day <= n+1; day++ {
					for tod := int64(0); tod <= secondsPerDay; tod += 900 {
						want := day*secondsPerDay + tod
						// Offsets lie within ±15 h: start the scan before any candidate.
						y := time.Unix(want-15*3600, 0).UTC()
						for reading(y) < want {
							y = y.Add(step)
						}
						if got := wallInstant(day, tod, loc); !got.Equal(y) {
							t.Fatalf("%s %s %s: wallInstant = %s, want %s", tc.zone, dateOfDay(day), TimeOfDay(tod), got.UTC(), y.UTC())
						}
					}
				}
			}
		}
	}
}

// Exceptions on DST days follow the same wall-clock rule as weekly slots: in Berlin, an
// exception 02:00–03:00 on the fall-back day runs from the first 02:00 to 03:00 after the
// repeat (2 h); on the spring-forward day the hour does not exist (0 h), so a window holding
// only that exception has no scheduled time ("no data", never 0 % or 100 %), and a deadline
// passes over it to the next working time.
func TestExceptionsOnDSTDays(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	spec := weekdays(Slot{Clock(9, 0), Clock(17, 0)})
	spec.Exceptions = []Exception{
		{Date: Date{2024, 3, 31}, Slots: []Slot{{Clock(2, 0), Clock(3, 0)}}, Name: "spring"},
		{Date: Date{2024, 10, 27}, Slots: []Slot{{Clock(2, 0), Clock(3, 0)}}, Name: "autumn"},
	}
	cal := mustCalendar(t, berlin, spec)
	day := func(m time.Month, d int) interval.Interval {
		return iv(time.Date(2024, m, d, 0, 0, 0, 0, berlin), time.Date(2024, m, d+1, 0, 0, 0, 0, berlin))
	}
	if got := cal.Working(day(10, 27)).Total(); got != 2*time.Hour {
		t.Fatalf("autumn exception: %s, want 2h", got)
	}
	w := day(3, 31)
	if got := cal.Working(w).Total(); got != 0 {
		t.Fatalf("spring exception: %s, want 0", got)
	}
	tl, _ := TimelineFromOutages(w, nil)
	r, err := Availability(tl, cal, w, Policy{})
	if err != nil || r.Known || r.Format(2) != "no data" {
		t.Fatalf("spring day: %v %s", err, r.Format(2))
	}
	// From Saturday 30 March 16:00, 2 h of working time: Saturday has none, the Sunday
	// exception is empty, so Monday 1 April 09:00–11:00 (CEST).
	got, err := cal.Deadline(time.Date(2024, 3, 30, 16, 0, 0, 0, berlin), 2*time.Hour)
	if want := time.Date(2024, 4, 1, 11, 0, 0, 0, berlin); err != nil || !got.Equal(want) {
		t.Fatalf("deadline %s %v, want %s", got, err, want)
	}
}

// The Slot doc, exactly: End before Start crosses midnight; End equal to Start is invalid (not a
// 24-hour overnight slot), and so is an overnight slot ending at 24:00.
func TestSlotOvernightExact(t *testing.T) {
	h := func(n int) TimeOfDay { return TimeOfDay(n * 3600) }
	for _, tc := range []struct {
		s                Slot
		overnight, valid bool
	}{
		{Slot{h(22), h(6)}, true, true},
		{Slot{h(9), h(17)}, false, true},
		{Slot{h(0), h(24)}, false, true},
		{Slot{h(9), h(9)}, false, false},
		{Slot{}, false, false},
	} {
		if got := tc.s.Overnight(); got != tc.overnight {
			t.Errorf("%s: Overnight %v, want %v", tc.s, got, tc.overnight)
		}
		if got := tc.s.validate() == nil; got != tc.valid {
			t.Errorf("%s: valid %v, want %v", tc.s, got, tc.valid)
		}
	}
}
