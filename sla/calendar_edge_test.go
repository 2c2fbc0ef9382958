package sla

import (
	"errors"
	"math"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
	"pgregory.net/rapid"
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

// B5: Deadline walked day by day until d was used up, so its cost grew with d / (working time
// per week): with one second of service a week, 1000 h took 1.6 s and the largest Duration
// never returned. The walk now stops at CalendarHorizon (about 292 years, so that a deadline
// minus its start is always a Duration) with ErrNoWorkingTime, and days are counted by their
// wall-clock length where no offset change touches them, so even the whole horizon takes
// milliseconds. BusinessTime measures at most the horizon, and NextWorking on a calendar that
// never works again fails with ErrNoWorkingTime.
func TestCalendarWalksAreBounded(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	var spec CalendarSpec
	spec.Week[time.Wednesday] = []Slot{{Clock(10, 0), Clock(10, 0) + 1}}
	oneSecond := mustCalendar(t, berlin, spec)
	start := time.Date(2024, 3, 1, 0, 0, 0, 0, berlin)

	began := time.Now()
	for _, d := range []time.Duration{1000 * time.Hour, math.MaxInt64} {
		if got, err := oneSecond.Deadline(start, d); !errors.Is(err, ErrNoWorkingTime) {
			t.Errorf("Deadline(%s) = %s, %v; want ErrNoWorkingTime", d, got, err)
		}
	}
	// About 15,200 Wednesdays, each one second, lie within the horizon.
	whole := oneSecond.BusinessTime(start, maxInstant)
	if whole != oneSecond.BusinessTime(start, horizonEnd(start)) || whole < 15200*time.Second || whole > 15300*time.Second {
		t.Errorf("BusinessTime over the horizon: %s", whole)
	}
	// Within the horizon the deadline is found, and the business time to it is exactly d.
	at, err := oneSecond.Deadline(start, whole)
	if err != nil || oneSecond.BusinessTime(start, at) != whole || !at.Before(horizonEnd(start)) {
		t.Errorf("Deadline(%s) = %s, %v", whole, at, err)
	}
	if _, err := oneSecond.Deadline(start, whole+time.Second); !errors.Is(err, ErrNoWorkingTime) {
		t.Errorf("one second past the horizon: %v", err)
	}
	if elapsed := time.Since(began); elapsed > time.Second {
		t.Errorf("bounded walks took %s, want well under 1 s", elapsed)
	}

	// A calendar whose working time has ended: NextWorking and Deadline fail, typed.
	ended := mustCalendar(t, berlin, CalendarSpec{Exceptions: []Exception{{Date: Date{2024, 1, 2}, Slots: []Slot{{Clock(9, 0), Clock(17, 0)}}}}})
	if got, err := ended.NextWorking(start); !errors.Is(err, ErrNoWorkingTime) {
		t.Errorf("NextWorking after the last working day = %s, %v", got, err)
	}
	if got, err := ended.Deadline(start, time.Second); !errors.Is(err, ErrNoWorkingTime) {
		t.Errorf("Deadline after the last working day = %s, %v", got, err)
	}
	// Holidays on every date a weekday works: no working time at all, found without a walk.
	var closedSpec CalendarSpec
	closedSpec.Week[time.Monday] = []Slot{{Clock(9, 0), Clock(17, 0)}}
	for m := time.January; m <= time.December; m++ {
		for d := 1; d <= 31; d++ {
			if (Date{2000, m, d}).Valid() {
				closedSpec.Holidays = append(closedSpec.Holidays, Holiday{Month: m, Day: d})
			}
		}
	}
	never := mustCalendar(t, berlin, closedSpec)
	if got, err := never.NextWorking(start); !errors.Is(err, ErrNoWorkingTime) {
		t.Errorf("NextWorking on a calendar that never works = %s, %v", got, err)
	}
	// NextWorking on the one-second calendar finds the next Wednesday at 10:00.
	if got, err := oneSecond.NextWorking(start); err != nil || !got.Equal(time.Date(2024, 3, 6, 10, 0, 0, 0, berlin)) {
		t.Errorf("NextWorking = %s, %v", got, err)
	}
}

// The counting by wall-clock length agrees with expanding every slot into instants (Working)
// over ranges of years, across every offset change of zones with odd rules.
func testBusinessTimeLongRange(t *rapid.T) {
	loc := genZone(t)
	a := genInstant(t, loc, "a")
	c := a.Add(genSpan(t, 3*366*24*time.Hour, "ac"))
	cal := genCalendar(t, loc, DateOf(a, loc))
	got := cal.BusinessTime(a, c)
	if want := cal.Working(Interval{Start: a, End: c}).Total(); got != want {
		t.Fatalf("BusinessTime %s, Working total %s\n%s", got, want, cal)
	}
	if got == 0 {
		return
	}
	d := time.Duration(rapid.Int64Range(1, int64(got)).Draw(t, "d"))
	at, err := cal.Deadline(a, d)
	if err != nil || at.After(c) || cal.BusinessTime(a, at) != d || cal.BusinessTime(a, at.Add(-1)) >= d {
		t.Fatalf("Deadline(%s) = %s, %v\n%s", d, at, err, cal)
	}
}

func TestBusinessTimeLongRange(t *testing.T) { rapid.Check(t, testBusinessTimeLongRange) }

// tzif builds a TZif (version 1) zone that starts at offset offs[0] and changes to offs[k] at
// at[k-1], so tests can have zones no tz database holds: several changes within one day,
// large jumps either way.
func tzif(t interface{ Fatal(...any) }, at []int64, offs []int32) *time.Location {
	var b []byte
	be32 := func(v uint32) { b = append(b, byte(v>>24), byte(v>>16), byte(v>>8), byte(v)) }
	b = append(b, "TZif"...)
	b = append(b, make([]byte, 16)...) // version 1, reserved
	for _, n := range []int{0, 0, 0, len(at), len(offs), 2 * len(offs)} {
		be32(uint32(n))
	}
	for _, x := range at {
		be32(uint32(int32(x)))
	}
	for k := range at {
		b = append(b, byte(k+1))
	}
	for k, off := range offs {
		be32(uint32(off))
		b = append(b, 0, byte(2*k))
	}
	for k := range offs {
		b = append(b, byte('A'+k%26), 0)
	}
	loc, err := time.LoadLocationFromTZData("Test/Zone", b)
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

// The arithmetic day clock of Deadline and BusinessTime agrees with wallInstant (through
// Working) in zones with changes of any size in either direction, several of them within a
// day or two.
func testBusinessTimeOddZones(t *rapid.T) {
	base := int64(1_700_000_000)
	var at []int64
	offs := []int32{int32(rapid.IntRange(-3*4, 3*4).Draw(t, "off0Quarters")) * 900}
	x := base
	for range rapid.IntRange(1, 6).Draw(t, "changes") {
		x += int64(rapid.IntRange(7*4, 72*4).Draw(t, "gapQuarters")) * 900
		at = append(at, x)
		offs = append(offs, int32(rapid.IntRange(-3*4, 3*4).Draw(t, "offQuarters"))*900)
	}
	loc := tzif(t, at, offs)
	a := time.Unix(base-int64(rapid.IntRange(0, 4*86400).Draw(t, "before")), 0)
	c := a.Add(genSpan(t, 20*24*time.Hour, "ac"))
	cal := genCalendar(t, loc, DateOf(a, loc))
	got := cal.BusinessTime(a, c)
	if want := cal.Working(Interval{Start: a, End: c}).Total(); got != want {
		t.Fatalf("BusinessTime %s, Working total %s\n%v %v\n%s", got, want, at, offs, cal)
	}
	if got == 0 {
		return
	}
	d := time.Duration(rapid.Int64Range(1, int64(got)).Draw(t, "d"))
	end, err := cal.Deadline(a, d)
	if err != nil || end.After(c) || cal.Working(Interval{Start: a, End: end}).Total() != d {
		t.Fatalf("Deadline(%s) = %s, %v\n%v %v\n%s", d, end, err, at, offs, cal)
	}
}

func TestBusinessTimeOddZones(t *testing.T) { rapid.Check(t, testBusinessTimeOddZones) }
