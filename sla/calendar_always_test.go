package sla

import (
	"testing"
	"time"
)

// Every spelling of 24×7 is 24×7: weekly slots that together cover the whole week, with no
// holiday, closed date or exception. The calendar keeps its spelling in String.
func TestAlwaysWorkingSpellings(t *testing.T) {
	for _, tc := range []struct {
		text string
		want bool
	}{
		{"24x7", true},
		{"mon-sun 00:00-24:00", true},
		{"sun-sat 00:00-24:00", true},
		{"mon-fri 00:00-24:00\nsat,sun 00:00-24:00", true},
		{"mon-sun 00:00-12:00 12:00-24:00", true},
		{"mon-sun 00:00-09:00\nmon-sun 09:00-24:00", true},
		{"mon-sun 06:00-18:00 18:00-06:00", true},                  // overnight slots chain the days
		{"mon-sun 22:00-06:00\nmon-sun 06:00-22:00", true},         // Saturday's night runs into Sunday
		{"sun 00:00-24:00\nmon-sat 00:00-23:00 23:00-24:00", true}, // touching slots merge
		{"mon-sat 00:00-24:00", false},                             // no Sunday
		{"mon-sun 00:00-12:00 12:00:01-24:00", false},              // a one-second gap each day
		{"mon-sun 00:00-23:59", false},                             // the last minute of each day
		{"mon-sun 06:00-18:00\nmon-sat 18:00-06:00", false},        // Sunday night to Monday 06:00
		{"mon-sun 00:00-24:00\nholiday 12-25", false},              // a yearly holiday
		{"mon-sun 00:00-24:00\nclosed 2024-05-10", false},          // a closed date
		{"mon-sun 00:00-24:00\nexception 2024-12-24 00:00-12:00", false},
	} {
		c, err := ParseCalendar("zone Europe/Berlin\n" + tc.text + "\n")
		if err != nil {
			t.Fatalf("%q: %v", tc.text, err)
		}
		if got := c.AlwaysWorking(); got != tc.want {
			t.Errorf("%q: AlwaysWorking %v, want %v", tc.text, got, tc.want)
		}
		back, err := ParseCalendar(c.String())
		if err != nil || back.AlwaysWorking() != tc.want || (tc.text != "24x7") != (c.String() != "zone Europe/Berlin\n24x7\n") {
			t.Errorf("%q: written as %q (%v), read back AlwaysWorking %v", tc.text, c.String(), err, back.AlwaysWorking())
		}
	}
	var spec CalendarSpec
	for wd := range 7 {
		spec.Week[wd] = []Slot{{Clock(0, 0), Clock(24, 0)}}
	}
	if c, err := NewCalendar(time.UTC, spec); err != nil || !c.AlwaysWorking() {
		t.Errorf("NewCalendar with 00:00–24:00 every day: %v, %v", c, err)
	}
}

// A spelt-out 24×7 calendar works at every instant, DST days included: the same working time
// as the same slots in a calendar that is not recognised as 24×7 (an exception far in the
// future keeps it off the fast path without changing these months).
func TestAlwaysWorkingSpeltMatchesSlots(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	for _, slots := range []string{"00:00-24:00", "06:00-18:00 18:00-06:00", "00:00-02:30 02:30-24:00"} {
		text := "mon-sun " + slots
		fast, err := ParseCalendar("zone Europe/Berlin\n" + text + "\n")
		if err != nil {
			t.Fatal(err)
		}
		slow, err := ParseCalendar("zone Europe/Berlin\n" + text + "\nexception 2199-01-01 " + slots + "\n")
		if err != nil || slow.AlwaysWorking() {
			t.Fatalf("%q with an exception: %v, AlwaysWorking %v", text, err, slow.AlwaysWorking())
		}
		for _, m := range []time.Month{time.March, time.October} {
			w := Interval{Start: time.Date(2024, m, 25, 1, 0, 0, 0, berlin), End: time.Date(2024, m+1, 1, 0, 0, 0, 0, berlin)}
			fs, ss := fast.Working(w), slow.Working(w)
			if len(fs) != 1 || fs[0] != w || len(ss) != 1 || !ss[0].Start.Equal(w.Start) || !ss[0].End.Equal(w.End) {
				t.Errorf("%q in %v: fast %v, slots %v; want %v", text, m, fs, ss, w)
			}
			if fast.BusinessTime(w.Start, w.End) != w.Duration() || slow.BusinessTime(w.Start, w.End) != w.Duration() {
				t.Errorf("%q in %v: business time %v / %v, want %v", text, m, fast.BusinessTime(w.Start, w.End), slow.BusinessTime(w.Start, w.End), w.Duration())
			}
		}
	}
}
