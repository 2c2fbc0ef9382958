package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/interval"
)

func mustLoc(t testing.TB, name string) *time.Location {
	t.Helper()
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func weekdays(slots ...Slot) CalendarSpec {
	var s CalendarSpec
	for wd := time.Monday; wd <= time.Friday; wd++ {
		s.Week[wd] = slots
	}
	return s
}

func mustCalendar(t testing.TB, loc *time.Location, spec CalendarSpec) *Calendar {
	t.Helper()
	c, err := NewCalendar(loc, spec)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// S1: 24×7, start 2015-01-01 10:30, duration 10 h → breach 2015-01-01 20:30.
func TestDeadlineS1(t *testing.T) {
	c := AlwaysOn(time.UTC)
	start := time.Date(2015, 1, 1, 10, 30, 0, 0, time.UTC)
	got, err := c.Deadline(start, 10*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	if want := time.Date(2015, 1, 1, 20, 30, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("S1: got %s want %s", got, want)
	}
}

// S2: a "1 day" target on a calendar of 8-hour working days = 24 business hours = 3 working days.
func TestDeadlineS2(t *testing.T) {
	c := mustCalendar(t, time.UTC, weekdays(Slot{Clock(9, 0), Clock(17, 0)}))
	start := time.Date(2024, 3, 4, 9, 0, 0, 0, time.UTC) // Monday
	got, err := c.Deadline(start, 24*time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	// Mon, Tue, Wed: ends Wednesday 17:00.
	if want := time.Date(2024, 3, 6, 17, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Fatalf("S2: got %s want %s", got, want)
	}
	if bt := c.BusinessTime(start, got); bt != 24*time.Hour {
		t.Fatalf("S2: business time %s", bt)
	}
}

// S3: weekdays 09:00–17:00; start 14:00 on a weekday; now 09:00 next weekday → 3 h business, 19 h actual.
func TestBusinessTimeS3(t *testing.T) {
	c := mustCalendar(t, time.UTC, weekdays(Slot{Clock(9, 0), Clock(17, 0)}))
	from := time.Date(2024, 3, 5, 14, 0, 0, 0, time.UTC)
	to := time.Date(2024, 3, 6, 9, 0, 0, 0, time.UTC)
	if got := c.BusinessTime(from, to); got != 3*time.Hour {
		t.Fatalf("S3: business %s", got)
	}
	if got := to.Sub(from); got != 19*time.Hour {
		t.Fatalf("S3: actual %s", got)
	}
}

// S4: weekdays 08:00–17:00; opened Fri 2014-12-12 21:00; now Mon 09:30; target 8 h →
// business 1 h 30 min (18.75 %), actual 60 h 30 min (756.25 %).
func TestBusinessTimeS4(t *testing.T) {
	c := mustCalendar(t, time.UTC, weekdays(Slot{Clock(8, 0), Clock(17, 0)}))
	from := time.Date(2014, 12, 12, 21, 0, 0, 0, time.UTC)
	to := time.Date(2014, 12, 15, 9, 30, 0, 0, time.UTC)
	if got := c.BusinessTime(from, to); got != 90*time.Minute {
		t.Fatalf("S4: business %s", got)
	}
	if got := to.Sub(from); got != 60*time.Hour+30*time.Minute {
		t.Fatalf("S4: actual %s", got)
	}
	if pct := float64(90) / float64(8*60) * 100; pct != 18.75 {
		t.Fatalf("S4: %v %%", pct)
	}
}

func TestWorkingDST(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	saoPaulo := mustLoc(t, "America/Sao_Paulo")
	lordHowe := mustLoc(t, "Australia/Lord_Howe")
	allDay := func() CalendarSpec {
		var s CalendarSpec
		for wd := range 7 {
			s.Week[wd] = []Slot{{0, Clock(24, 0)}}
		}
		return s
	}
	night := func() CalendarSpec {
		var s CalendarSpec
		for wd := range 7 {
			s.Week[wd] = []Slot{{Clock(1, 0), Clock(4, 0)}}
		}
		return s
	}
	tests := []struct {
		name string
		loc  *time.Location
		spec CalendarSpec
		day  Date
		want time.Duration
	}{
		{"berlin spring day is 23 h", berlin, allDay(), Date{2024, 3, 31}, 23 * time.Hour},
		{"berlin autumn day is 25 h", berlin, allDay(), Date{2024, 10, 27}, 25 * time.Hour},
		{"berlin plain day", berlin, allDay(), Date{2024, 10, 28}, 24 * time.Hour},
		{"berlin 01-04 on spring day loses the skipped hour", berlin, night(), Date{2024, 3, 31}, 2 * time.Hour},
		{"berlin 01-04 on autumn day gains the repeated hour", berlin, night(), Date{2024, 10, 27}, 4 * time.Hour},
		// Sao Paulo 2015-10-18: clocks jumped from 00:00 to 01:00; midnight did not exist.
		{"sao paulo midnight jump", saoPaulo, allDay(), Date{2015, 10, 18}, 23 * time.Hour},
		{"sao paulo fall back", saoPaulo, allDay(), Date{2016, 2, 20}, 25 * time.Hour},
		// Lord Howe moves by 30 minutes at 02:00.
		{"lord howe half-hour spring", lordHowe, allDay(), Date{2024, 10, 6}, 23*time.Hour + 30*time.Minute},
		{"lord howe half-hour fall back", lordHowe, allDay(), Date{2024, 4, 7}, 24*time.Hour + 30*time.Minute},
		{"chatham 02:45 spring", mustLoc(t, "Pacific/Chatham"), allDay(), Date{2024, 9, 29}, 23 * time.Hour},
		{"chatham 01-04 spring loses the 02:45-03:45 hour", mustLoc(t, "Pacific/Chatham"), night(), Date{2024, 9, 29}, 2 * time.Hour},
		{"new york spring", mustLoc(t, "America/New_York"), allDay(), Date{2024, 3, 10}, 23 * time.Hour},
		{"kolkata has no DST", mustLoc(t, "Asia/Kolkata"), allDay(), Date{2024, 3, 31}, 24 * time.Hour},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := mustCalendar(t, tc.loc, tc.spec)
			n := tc.day.dayNumber()
			w := interval.Interval{Start: wallInstant(n, 0, tc.loc), End: wallInstant(n+1, 0, tc.loc)}
			if got := c.Working(w).Total(); got != tc.want {
				t.Fatalf("got %s want %s", got, tc.want)
			}
		})
	}
}

func TestWallInstant(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	sp := mustLoc(t, "America/Sao_Paulo")
	tests := []struct {
		name string
		loc  *time.Location
		day  Date
		tod  TimeOfDay
		want string
	}{
		{"skipped 02:30 maps to the jump", berlin, Date{2024, 3, 31}, Clock(2, 30), "2024-03-31T01:00:00Z"},
		{"repeated 02:30 maps to first occurrence", berlin, Date{2024, 10, 27}, Clock(2, 30), "2024-10-27T00:30:00Z"},
		{"plain", berlin, Date{2024, 7, 1}, Clock(9, 0), "2024-07-01T07:00:00Z"},
		{"missing midnight", sp, Date{2015, 10, 18}, 0, "2015-10-18T03:00:00Z"},
		{"repeated 23:30", sp, Date{2016, 2, 20}, Clock(23, 30), "2016-02-21T01:30:00Z"},
		{"24:00 is next midnight", berlin, Date{2024, 7, 1}, Clock(24, 0), "2024-07-01T22:00:00Z"},
	}
	for _, tc := range tests {
		got := wallInstant(tc.day.dayNumber(), int64(tc.tod), tc.loc).UTC().Format(time.RFC3339)
		if got != tc.want {
			t.Errorf("%s: got %s want %s", tc.name, got, tc.want)
		}
	}
}

func TestCalendarHolidaysAndExceptions(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	spec := weekdays(Slot{Clock(9, 0), Clock(12, 0)}, Slot{Clock(13, 0), Clock(17, 0)})
	spec.Holidays = []Holiday{{Month: 12, Day: 25, Name: "Christmas"}}
	spec.Closed = []Date{{2024, 12, 27}}
	spec.Exceptions = []Exception{{Date: Date{2024, 12, 24}, Slots: []Slot{{Clock(9, 0), Clock(12, 0)}}, Name: "Eve"}}
	c := mustCalendar(t, berlin, spec)
	w := interval.Interval{
		Start: time.Date(2024, 12, 23, 0, 0, 0, 0, berlin),
		End:   time.Date(2024, 12, 28, 0, 0, 0, 0, berlin),
	}
	var got []string
	for iv := range c.WorkingIntervals(w) {
		got = append(got, iv.Start.In(berlin).Format("Mon 02 15:04")+"-"+iv.End.In(berlin).Format("15:04"))
	}
	want := []string{
		"Mon 23 09:00-12:00", "Mon 23 13:00-17:00",
		"Tue 24 09:00-12:00",
		"Thu 26 09:00-12:00", "Thu 26 13:00-17:00",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
}

func TestCalendarOvernight(t *testing.T) {
	var spec CalendarSpec
	spec.Week[time.Friday] = []Slot{{Clock(22, 0), Clock(6, 0)}}
	spec.Week[time.Saturday] = []Slot{{Clock(6, 0), Clock(8, 0)}}
	c := mustCalendar(t, time.UTC, spec)
	w := interval.Interval{Start: time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC), End: time.Date(2024, 3, 3, 0, 0, 0, 0, time.UTC)}
	got := c.Working(w)
	want := interval.Set{{Start: time.Date(2024, 3, 1, 22, 0, 0, 0, time.UTC), End: time.Date(2024, 3, 2, 8, 0, 0, 0, time.UTC)}}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	// Sunday's slot overlapping Saturday night is rejected.
	spec.Week[time.Saturday] = []Slot{{Clock(23, 0), Clock(2, 0)}}
	spec.Week[time.Sunday] = []Slot{{Clock(1, 0), Clock(3, 0)}}
	if _, err := NewCalendar(time.UTC, spec); !errors.Is(err, ErrOverlappingSlots) {
		t.Fatalf("want ErrOverlappingSlots, got %v", err)
	}
}

func TestCalendarBadInput(t *testing.T) {
	tests := []struct {
		name string
		loc  *time.Location
		spec CalendarSpec
		want error
	}{
		{"no zone", nil, CalendarSpec{}, ErrNoLocation},
		{"overlap", time.UTC, weekdays(Slot{Clock(9, 0), Clock(12, 0)}, Slot{Clock(11, 0), Clock(13, 0)}), ErrOverlappingSlots},
		{"empty slot", time.UTC, weekdays(Slot{Clock(9, 0), Clock(9, 0)}), ErrBadSlot},
		{"past midnight", time.UTC, weekdays(Slot{Clock(9, 0), Clock(25, 0)}), ErrBadSlot},
		{"bad holiday", time.UTC, CalendarSpec{Holidays: []Holiday{{Month: 2, Day: 30}}}, ErrBadDate},
		{"bad exception", time.UTC, CalendarSpec{Exceptions: []Exception{{Date: Date{2023, 2, 29}}}}, ErrBadDate},
		{"double exception", time.UTC, CalendarSpec{Exceptions: []Exception{{Date: Date{2023, 2, 1}}, {Date: Date{2023, 2, 1}}}}, ErrBadDate},
	}
	for _, tc := range tests {
		if _, err := NewCalendar(tc.loc, tc.spec); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v want %v", tc.name, err, tc.want)
		}
	}
}

func TestDeadlineNoWorkingTime(t *testing.T) {
	c := mustCalendar(t, time.UTC, CalendarSpec{Exceptions: []Exception{{Date: Date{2024, 1, 2}, Slots: []Slot{{Clock(9, 0), Clock(10, 0)}}}}})
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	if got, err := c.Deadline(start, 30*time.Minute); err != nil || !got.Equal(time.Date(2024, 1, 2, 9, 30, 0, 0, time.UTC)) {
		t.Fatalf("got %s %v", got, err)
	}
	if _, err := c.Deadline(start, 2*time.Hour); !errors.Is(err, ErrNoWorkingTime) {
		t.Fatalf("want ErrNoWorkingTime, got %v", err)
	}
	if _, err := c.NextWorking(time.Date(2024, 1, 3, 0, 0, 0, 0, time.UTC)); !errors.Is(err, ErrNoWorkingTime) {
		t.Fatalf("next working after the last exception: %v", err)
	}
	if _, err := c.Deadline(start, -1); !errors.Is(err, ErrNegativeDuration) {
		t.Fatalf("want ErrNegativeDuration, got %v", err)
	}
}

func TestCalendarFiniteJumps(t *testing.T) {
	// Only far-apart exceptions: the search jumps between them instead of walking the days.
	c := mustCalendar(t, time.UTC, CalendarSpec{Exceptions: []Exception{
		{Date: Date{2024, 1, 2}, Slots: []Slot{{Clock(9, 0), Clock(10, 0)}}},
		{Date: Date{2300, 12, 31}, Slots: []Slot{{Clock(23, 0), Clock(24, 0)}}},
		{Date: Date{9999, 12, 31}, Slots: []Slot{{Clock(23, 0), Clock(24, 0)}}},
	}})
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	got, err := c.Deadline(start, 90*time.Minute)
	if err != nil || !got.Equal(time.Date(2300, 12, 31, 23, 30, 0, 0, time.UTC)) {
		t.Fatalf("got %s %v", got, err)
	}
	// 9999 lies beyond the horizon (CalendarHorizon, about 292 years after the start), where
	// BusinessTime stops measuring too, so a deadline there would not satisfy
	// BusinessTime(start, deadline) == d: it is ErrNoWorkingTime.
	if got, err := c.Deadline(start, 150*time.Minute); !errors.Is(err, ErrNoWorkingTime) {
		t.Fatalf("deadline in 9999: %s %v, want ErrNoWorkingTime", got, err)
	}
	if _, err := NewCalendar(time.UTC, CalendarSpec{Closed: []Date{{10000, 1, 1}}}); !errors.Is(err, ErrBadDate) {
		t.Fatalf("year 10000: %v", err)
	}
}

func TestCalendarSpecNotModified(t *testing.T) {
	spec := weekdays(Slot{Clock(13, 0), Clock(17, 0)}, Slot{Clock(9, 0), Clock(12, 0)})
	spec.Closed = []Date{{2024, 5, 2}, {2024, 5, 1}}
	before := cmp.Diff(CalendarSpec{}, spec)
	c := mustCalendar(t, time.UTC, spec)
	if after := cmp.Diff(CalendarSpec{}, spec); after != before {
		t.Fatal("spec modified")
	}
	got := c.Spec()
	got.Week[time.Monday][0] = Slot{0, 1}
	if c.Spec().Week[time.Monday][0] != (Slot{Clock(9, 0), Clock(12, 0)}) {
		t.Fatal("Spec shares memory with the calendar")
	}
}
