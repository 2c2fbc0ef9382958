package sla

import (
	"errors"
	"testing"
	"time"
)

// Business-time cases from rickar/cal v2/cal_business_test.go (TestAddWorkHours,
// TestWorkHoursInRange, TestNextWorkdayStart, TestIsWorkTime, TestWorkdaysInRange), on its default
// calendar: Monday to Friday, 09:00–17:00, UTC. 2020-04-01 is a Wednesday.

func rickarCalendar(t *testing.T, extra string) *Calendar {
	t.Helper()
	c, err := ParseCalendar("zone UTC\nmon-fri 09:00-17:00\n" + extra)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestRickarAddWorkHours(t *testing.T) {
	c := rickarCalendar(t, "")
	dt := func(d, h, m int) time.Time { return time.Date(2020, 4, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		start time.Time
		d     time.Duration
		want  time.Time
	}{
		{"before opening, a whole day: ends at closing, not next morning", dt(1, 6, 0), 8 * time.Hour, dt(1, 17, 0)},
		{"after closing: starts next morning", dt(1, 18, 0), 3 * time.Hour, dt(2, 12, 0)},
		{"inside the day", dt(1, 12, 0), 3*time.Hour + 20*time.Minute, dt(1, 15, 20)},
		{"across the night", dt(1, 9, 15), 10*time.Hour + 45*time.Minute, dt(2, 12, 0)},
		{"zero on a Saturday: the start itself", dt(4, 9, 0), 0, dt(4, 9, 0)},
		{"three days from a Saturday: Wednesday's closing", dt(4, 9, 0), 24 * time.Hour, dt(8, 17, 0)},
	}
	for _, tc := range tests {
		got, err := c.Deadline(tc.start, tc.d)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("%s: Deadline(%s, %s) = %s, %v; want %s", tc.name, tc.start, tc.d, got, err, tc.want)
		}
	}
}

// rickar/cal returns the same working time for reversed arguments (TestWorkHoursInRange checks
// the flipped order); ours is a duration over [from, to) and is zero when to is not after from.
// That difference is deliberate (Calendar.BusinessTime's doc).
func TestRickarWorkHoursInRange(t *testing.T) {
	c := rickarCalendar(t, "")
	dt := func(d, h, m int) time.Time { return time.Date(2020, 4, d, h, m, 0, 0, time.UTC) }
	tests := []struct {
		from, to time.Time
		want     time.Duration
	}{
		{dt(1, 6, 0), dt(1, 23, 0), 8 * time.Hour},
		{dt(1, 18, 0), dt(2, 12, 0), 3 * time.Hour},
		{dt(1, 14, 0), dt(1, 18, 0), 3 * time.Hour},
		{dt(1, 9, 15), dt(2, 12, 0), 10*time.Hour + 45*time.Minute},
		{dt(4, 9, 0), dt(6, 8, 0), 0},
	}
	for _, tc := range tests {
		if got := c.BusinessTime(tc.from, tc.to); got != tc.want {
			t.Errorf("BusinessTime(%s, %s) = %s, want %s", tc.from, tc.to, got, tc.want)
		}
		if got := c.BusinessTime(tc.to, tc.from); got != 0 {
			t.Errorf("reversed BusinessTime(%s, %s) = %s, want 0", tc.to, tc.from, got)
		}
	}
}

func TestRickarNextWorkdayStartAndBoundaries(t *testing.T) {
	c := rickarCalendar(t, "")
	dt := func(d, h, m, s int) time.Time { return time.Date(2020, 4, d, h, m, s, 0, time.UTC) }
	for _, tc := range []struct{ at, want time.Time }{
		{dt(1, 6, 0, 0), dt(1, 9, 0, 0)},
		{dt(1, 20, 0, 0), dt(2, 9, 0, 0)},
		{dt(4, 12, 0, 0), dt(6, 9, 0, 0)},
		{dt(5, 12, 0, 0), dt(6, 9, 0, 0)},
		{dt(1, 17, 0, 0), dt(2, 9, 0, 0)}, // closing instant is not working time
	} {
		got, err := c.NextWorking(tc.at)
		if err != nil || !got.Equal(tc.want) {
			t.Errorf("NextWorking(%s) = %s, %v; want %s", tc.at, got, err, tc.want)
		}
	}
	// rickar/cal's IsWorkTime counts both the opening and the closing instant as work time; ours
	// is half-open [09:00, 17:00): 17:00 itself is closed, so adjacent slots never share an
	// instant and a day's working time is exactly its length. Deliberate (package doc, Intervals).
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{dt(1, 8, 59, 59), false}, {dt(1, 9, 0, 0), true}, {dt(1, 12, 0, 0), true},
		{dt(1, 16, 59, 59), true}, {dt(1, 17, 0, 0), false}, {dt(1, 0, 0, 0), false},
		{dt(1, 18, 0, 0), false}, {dt(5, 12, 0, 0), false},
	} {
		if got := c.IsWorking(tc.at); got != tc.want {
			t.Errorf("IsWorking(%s) = %v, want %v", tc.at, got, tc.want)
		}
	}
}

// TestWorkdaysInRange counts whole working days between two dates, both included, with the 4 July
// holiday observed on the Friday when it falls on a Saturday (2015). Our holidays are not moved,
// so the observed date is a closed date; days are counted as working time / 8 h.
func TestRickarWorkdaysInRange(t *testing.T) {
	c := rickarCalendar(t, "holiday 07-04 Independence Day\nclosed 2015-07-03\n")
	d := func(m, dd int) time.Time { return time.Date(2015, time.Month(m), dd, 0, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		from, to time.Time // inclusive dates
		want     int64
	}{
		{d(4, 1), d(4, 10), 8},
		{d(4, 1), d(4, 30), 22},
		{d(4, 1), d(5, 16), 33},
		{d(4, 1), d(4, 1), 1},
		{d(4, 4), d(4, 5), 0},
		{d(7, 1), d(7, 6), 3},
	} {
		got := int64(c.BusinessTime(tc.from, tc.to.AddDate(0, 0, 1)) / (8 * time.Hour))
		if got != tc.want {
			t.Errorf("working days %s..%s = %d, want %d", tc.from.Format(time.DateOnly), tc.to.Format(time.DateOnly), got, tc.want)
		}
	}
}

// Negative durations: rickar/cal's AddWorkHours walks backwards; ours refuses them, because a
// ticket timer never runs back (ErrNegativeDuration).
func TestDeadlineNegative(t *testing.T) {
	c := rickarCalendar(t, "")
	if _, err := c.Deadline(time.Date(2020, 4, 1, 12, 0, 0, 0, time.UTC), -time.Hour); !errors.Is(err, ErrNegativeDuration) {
		t.Errorf("negative duration: %v", err)
	}
}

// Deadlines across DST: working time is real elapsed time inside the slots. 24×7 in
// Europe/Berlin: 10 h from 2024-03-30 20:00 end at 07:00 local, the clock having skipped
// 02:00–03:00; an 08:00–18:00 slot lasts 10 h on both DST days and its deadline is 18:00 local.
func TestDeadlineAcrossDST(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	c, err := ParseCalendar("zone Europe/Berlin\n24x7\n")
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2024, 3, 30, 20, 0, 0, 0, berlin)
	got, err := c.Deadline(start, 10*time.Hour)
	if want := time.Date(2024, 3, 31, 7, 0, 0, 0, berlin); err != nil || !got.Equal(want) {
		t.Errorf("24x7 across spring forward: %s, %v; want %s", got, err, want)
	}
	d, err := ParseCalendar("zone Europe/Berlin\nsat-sun 08:00-18:00\n")
	if err != nil {
		t.Fatal(err)
	}
	for _, day := range []time.Time{time.Date(2024, 3, 31, 0, 0, 0, 0, berlin), time.Date(2024, 10, 27, 0, 0, 0, 0, berlin)} {
		if got := d.BusinessTime(day, day.AddDate(0, 0, 1)); got != 10*time.Hour {
			t.Errorf("%s: %s of working time, want 10h", day.Format(time.DateOnly), got)
		}
		end, err := d.Deadline(day, 10*time.Hour)
		if want := time.Date(day.Year(), day.Month(), day.Day(), 18, 0, 0, 0, berlin); err != nil || !end.Equal(want) {
			t.Errorf("%s: deadline %s, %v; want %s", day.Format(time.DateOnly), end, err, want)
		}
	}
}

// rickar/cal issue #49: a 22:00–06:00 working day that starts on Friday runs into Saturday
// morning, and Monday 02:00 is not working time (it would belong to a Sunday shift); the
// maintainer agreed with that reading. Ours: a slot belongs to the day it starts.
func TestOvernightShiftRickar49(t *testing.T) {
	c, err := ParseCalendar("zone UTC\nmon-fri 22:00-06:00\n")
	if err != nil {
		t.Fatal(err)
	}
	dt := func(d, h int) time.Time { return time.Date(2020, 4, d, h, 0, 0, 0, time.UTC) }
	for _, tc := range []struct {
		at   time.Time
		want bool
	}{
		{dt(5, 21), false}, // Sunday
		{dt(5, 23), false}, // Sunday: no shift starts on Sunday
		{dt(6, 2), false},  // Monday 02:00 would be Sunday's shift
		{dt(6, 23), true},  // Monday's shift
		{dt(10, 21), false},
		{dt(10, 23), true}, // Friday's shift
		{dt(11, 2), true},  // …still Friday's shift on Saturday morning
		{dt(11, 6), false},
	} {
		if got := c.IsWorking(tc.at); got != tc.want {
			t.Errorf("IsWorking(%s %s) = %v, want %v", tc.at.Weekday(), tc.at.Format("15:04"), got, tc.want)
		}
	}
}

// odoo/odoo pull request #14464: the working hours of Monday 00:00–23:59 on a two-slot day
// (09:00–13:00, 14:00–18:00) are 8 h, not 16 h (the next day leaked in).
func TestBusinessTimeOneDayOdoo14464(t *testing.T) {
	c, err := ParseCalendar("zone UTC\nmon-fri 09:00-13:00 14:00-18:00\n")
	if err != nil {
		t.Fatal(err)
	}
	mon := time.Date(2016, 11, 21, 0, 0, 0, 0, time.UTC)
	if got := c.BusinessTime(mon, mon.Add(23*time.Hour+59*time.Minute)); got != 8*time.Hour {
		t.Errorf("Monday 00:00–23:59: %s, want 8h", got)
	}
}

// zendesk/biz issue #108: zero business hours after an instant inside business hours is that
// instant, and after one outside them the next opening. Ours splits the two: Deadline(t, 0) is t
// itself wherever t is (as rickar/cal's AddWorkHours), NextWorking(t) is the next opening.
func TestZeroDurationBiz108(t *testing.T) {
	c, err := ParseCalendar("zone UTC\nmon-fri 08:00-16:00\n")
	if err != nil {
		t.Fatal(err)
	}
	in := time.Date(2016, 1, 8, 14, 0, 0, 0, time.UTC)  // Friday 14:00
	out := time.Date(2016, 1, 8, 20, 0, 0, 0, time.UTC) // Friday 20:00
	monday := time.Date(2016, 1, 11, 8, 0, 0, 0, time.UTC)
	if got, err := c.NextWorking(in); err != nil || !got.Equal(in) {
		t.Errorf("NextWorking inside hours: %s", got)
	}
	if got, err := c.NextWorking(out); err != nil || !got.Equal(monday) {
		t.Errorf("NextWorking outside hours: %s, want %s", got, monday)
	}
	if got, err := c.Deadline(out, 0); err != nil || !got.Equal(out) {
		t.Errorf("Deadline(out, 0) = %s, %v", got, err)
	}
	// A 1-minute deadline from outside hours runs from the next opening.
	if got, err := c.Deadline(out, time.Minute); err != nil || !got.Equal(monday.Add(time.Minute)) {
		t.Errorf("Deadline(out, 1min) = %s, %v", got, err)
	}
}
