package sla

import (
	"slices"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/interval"
	"pgregory.net/rapid"
)

// propZones are the zones every property runs over: whole-hour DST (Berlin, New York), DST at
// midnight (Sao Paulo 2015–2019), half-hour DST (Lord Howe), no DST with a half-hour offset
// (Kolkata), and a 12:45 offset with DST (Chatham); St. John's fell back across midnight until
// 2011, Apia skipped 2011-12-30, Troll shifts by two hours and Casablanca has negative DST.
var propZones = []string{
	"Europe/Berlin", "America/Sao_Paulo", "Australia/Lord_Howe",
	"America/New_York", "Asia/Kolkata", "Pacific/Chatham", "UTC",
	"America/St_Johns", "Pacific/Apia", "Antarctica/Troll", "Africa/Casablanca",
}

func genZone(t *rapid.T) *time.Location {
	name := rapid.SampledFrom(propZones).Draw(t, "zone")
	l, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// genSpec draws a valid weekly schedule with holidays and exceptions; overnight slots and
// exceptions are dropped again if they happen to collide with a neighbour's slots.
func genSpec(t *rapid.T, firstDay Date) CalendarSpec {
	var spec CalendarSpec
	const q = 15 * 60 // quarter hours, so slots often start or end inside DST gaps
	for wd := range 7 {
		n := rapid.IntRange(0, 3).Draw(t, "slots")
		pts := rapid.SliceOfNDistinct(rapid.IntRange(0, 96), 2*n, 2*n, func(x int) int { return x }).Draw(t, "points")
		slices.Sort(pts)
		for k := 0; k+1 < len(pts); k += 2 {
			spec.Week[wd] = append(spec.Week[wd], Slot{TimeOfDay(pts[k] * q), TimeOfDay(pts[k+1] * q)})
		}
	}
	for wd := range 7 {
		day := spec.Week[wd]
		if len(day) == 0 || !rapid.Bool().Draw(t, "overnight") {
			continue
		}
		last := &day[len(day)-1]
		if last.End == secondsPerDay {
			continue
		}
		limit := TimeOfDay(secondsPerDay)
		if next := spec.Week[(wd+1)%7]; len(next) > 0 {
			limit = next[0].Start
			if (wd+1)%7 == wd {
				limit = day[0].Start
			}
		}
		end := TimeOfDay(rapid.IntRange(0, 95).Draw(t, "overnightEnd") * q)
		if end < last.Start && end <= limit && end < secondsPerDay {
			last.End = end
		}
	}
	for range rapid.IntRange(0, 3).Draw(t, "holidays") {
		spec.Holidays = append(spec.Holidays, Holiday{Month: time.Month(rapid.IntRange(1, 12).Draw(t, "hm")), Day: rapid.IntRange(1, 28).Draw(t, "hd")})
	}
	base := firstDay.dayNumber()
	for range rapid.IntRange(0, 3).Draw(t, "exceptions") {
		d := dateOfDay(base + int64(rapid.IntRange(0, 40).Draw(t, "exDay")))
		var slots []Slot
		if rapid.Bool().Draw(t, "exOpen") {
			a := rapid.IntRange(0, 94).Draw(t, "exStart")
			b := rapid.IntRange(a+1, 96).Draw(t, "exEnd")
			slots = []Slot{{TimeOfDay(a * q), TimeOfDay(b * q)}}
		}
		spec.Exceptions = append(spec.Exceptions, Exception{Date: d, Slots: slots})
	}
	return spec
}

func genCalendar(t *rapid.T, loc *time.Location, firstDay Date) *Calendar {
	if rapid.IntRange(0, 9).Draw(t, "always") == 0 {
		return AlwaysOn(loc)
	}
	spec := genSpec(t, firstDay)
	c, err := NewCalendar(loc, spec)
	if err != nil {
		// Exceptions may collide with a neighbour's overnight slot: retry without them.
		spec.Exceptions = nil
		if c, err = NewCalendar(loc, spec); err != nil {
			t.Fatalf("generated spec rejected: %v", err)
		}
	}
	return c
}

// transitions lists the zone's offset changes in 2014–2027 (plus New Year instants for zones
// without DST), so generated instants cluster where calendars go wrong.
func transitions(loc *time.Location) []time.Time {
	var out []time.Time
	t := time.Date(2009, 1, 1, 0, 0, 0, 0, loc)
	stop := time.Date(2027, 1, 1, 0, 0, 0, 0, loc)
	for t.Before(stop) {
		_, end := t.ZoneBounds()
		if end.IsZero() || !end.Before(stop) {
			break
		}
		out = append(out, end)
		t = end
	}
	for y := 2015; y <= 2026; y++ {
		out = append(out, time.Date(y, 1, 1, 0, 0, 0, 0, loc), time.Date(y, 2, 28, 12, 0, 0, 0, loc))
	}
	return out
}

// genInstant draws an instant within a few days of a DST change (or a year start) of loc, at
// second resolution.
func genInstant(t *rapid.T, loc *time.Location, label string) time.Time {
	ts := transitions(loc)
	anchor := ts[rapid.IntRange(0, len(ts)-1).Draw(t, label+"Anchor")]
	off := rapid.Int64Range(-4*86400, 4*86400).Draw(t, label+"Offset")
	return anchor.Add(time.Duration(off) * time.Second).UTC()
}

// genSpan draws a duration of up to limit, in units of a second, a minute, an hour or a day.
func genSpan(t *rapid.T, limit time.Duration, label string) time.Duration {
	unit := rapid.SampledFrom([]time.Duration{time.Hour, time.Second, time.Minute, 24 * time.Hour}).Draw(t, label+"Unit")
	return time.Duration(rapid.Int64Range(0, int64(limit/unit)).Draw(t, label)) * unit
}

func testBusinessTimeAdditive(t *rapid.T) {
	loc := genZone(t)
	a := genInstant(t, loc, "a")
	b := a.Add(genSpan(t, 20*24*time.Hour, "ab"))
	c := b.Add(genSpan(t, 20*24*time.Hour, "bc"))
	cal := genCalendar(t, loc, DateOf(a, loc))
	ab, bc, ac := cal.BusinessTime(a, b), cal.BusinessTime(b, c), cal.BusinessTime(a, c)
	if ab+bc != ac {
		t.Fatalf("%s + %s != %s\n%s", ab, bc, ac, cal)
	}
	if ac > c.Sub(a) || ac < 0 {
		t.Fatalf("business time %s outside 0..%s", ac, c.Sub(a))
	}
	if got := cal.BusinessTime(c, a); c.After(a) && got != 0 {
		t.Fatalf("reversed business time %s", got)
	}
	set := cal.Working(interval.Interval{Start: a, End: c})
	if !interval.IsNormalized(set) || set.Total() != ac {
		t.Fatalf("Working not normalised or total differs: %v", set)
	}
}

func TestBusinessTimeAdditive(t *testing.T) { rapid.Check(t, testBusinessTimeAdditive) }
func FuzzBusinessTimeAdditive(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testBusinessTimeAdditive)) }

func testDeadline(t *rapid.T) {
	loc := genZone(t)
	start := genInstant(t, loc, "start")
	cal := genCalendar(t, loc, DateOf(start, loc))
	d := genSpan(t, 80*time.Hour, "d")
	end, err := cal.Deadline(start, d)
	if err != nil {
		// Only a calendar whose working time runs out may fail.
		if _, nerr := cal.NextWorking(start.Add(400 * 24 * time.Hour)); nerr == nil {
			t.Fatalf("deadline failed on a calendar with working time: %v", err)
		}
		return
	}
	if got := cal.BusinessTime(start, end); got != d {
		t.Fatalf("business time to the deadline %s != %s", got, d)
	}
	if d > 0 && cal.BusinessTime(start, end.Add(-time.Nanosecond)) >= d {
		t.Fatalf("deadline %s is not the earliest", end)
	}
	if next, err := cal.NextWorking(start); err == nil {
		if next.Before(start) || (!cal.IsWorking(next)) {
			t.Fatalf("next working %s from %s is not working", next, start)
		}
		if cal.BusinessTime(start, next) != 0 {
			t.Fatalf("working time before the next working instant %s", next)
		}
	}
}

func TestDeadline(t *testing.T) { rapid.Check(t, testDeadline) }
func FuzzDeadline(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testDeadline)) }

// testZoneIndependent: results depend neither on the zone the inputs are expressed in nor on
// the machine's zone (time.Local is changed for the test).
func testZoneIndependent(t *rapid.T) {
	loc := genZone(t)
	other := genZone(t)
	a := genInstant(t, loc, "a")
	c := a.Add(genSpan(t, 40*24*time.Hour, "ac"))
	cal := genCalendar(t, loc, DateOf(a, loc))
	want := cal.Working(interval.Interval{Start: a, End: c})
	saved := time.Local
	time.Local = other
	defer func() { time.Local = saved }()
	got := cal.Working(interval.Interval{Start: a.In(other), End: c.In(time.Local)})
	if !slices.EqualFunc(want, got, func(x, y interval.Interval) bool { return x.Start.Equal(y.Start) && x.End.Equal(y.End) }) {
		t.Fatalf("working time depends on the input's zone: %v vs %v", want, got)
	}
	p := Period{Kind: PeriodKind(rapid.IntRange(1, 5).Draw(t, "kind")), Location: loc, FirstWeekday: time.Monday}
	if x, y := p.Containing(a), p.Containing(a.In(other)); !x.Start.Equal(y.Start) || !x.End.Equal(y.End) {
		t.Fatalf("period depends on the input's zone: %v vs %v", x, y)
	}
}

func TestZoneIndependent(t *testing.T) { rapid.Check(t, testZoneIndependent) }
func FuzzZoneIndependent(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testZoneIndependent)) }

// testPeriods: periods tile time: Covering yields adjacent periods, each containing its own
// instants, starting at local midnight (or the first instant of a day without one).
func testPeriods(t *rapid.T) {
	loc := genZone(t)
	p := Period{Kind: PeriodKind(rapid.IntRange(1, 5).Draw(t, "kind")), Location: loc,
		FirstWeekday: time.Weekday(rapid.IntRange(0, 6).Draw(t, "first"))}
	a := genInstant(t, loc, "a")
	r := interval.Interval{Start: a, End: a.Add(time.Second + genSpan(t, 400*24*time.Hour, "len"))}
	var prev interval.Interval
	n := 0
	for per := range p.Covering(r) {
		if n == 0 && !per.Contains(r.Start) {
			t.Fatalf("first period %v does not contain %s", per, r.Start)
		}
		if n > 0 && !prev.End.Equal(per.Start) {
			t.Fatalf("gap or overlap between %v and %v", prev, per)
		}
		if c := p.Containing(per.Start); !c.Start.Equal(per.Start) || !c.End.Equal(per.End) {
			t.Fatalf("Containing(%s) = %v, not %v", per.Start, c, per)
		}
		if mid := per.Start.Add(per.Duration() / 2); !p.Containing(mid).Start.Equal(per.Start) {
			t.Fatalf("midpoint of %v is in another period", per)
		}
		if p.Kind == Week {
			// The week starts at the first instant of its first weekday; when the zone skipped
			// that date (Apia, Friday 2011-12-30) the first instant is the next day's.
			d := dayOf(per.Start, loc)
			for weekdayOfDay(d) != p.FirstWeekday {
				d--
			}
			if !wallInstant(d, 0, loc).Equal(per.Start) {
				t.Fatalf("week %v starts on %s", per, per.Start.In(loc).Weekday())
			}
		}
		prev = per
		n++
	}
	if n == 0 || prev.End.Before(r.End) {
		t.Fatalf("periods do not cover %v", r)
	}
}

func TestPeriods(t *testing.T) { rapid.Check(t, testPeriods) }
func FuzzPeriods(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testPeriods)) }

// testWorkingOracle checks IsWorking against a direct reading of the spec at the local wall
// clock, in zones without DST (where every reading exists once): an instant works when a slot
// of its own date covers its time of day, or the overnight slot of the day before runs past it,
// each date's slots chosen by the exception > holiday/closed > weekly precedence.
func testWorkingOracle(t *rapid.T) {
	name := rapid.SampledFrom([]string{"UTC", "Asia/Kolkata", "Asia/Tokyo"}).Draw(t, "zone")
	loc, err := time.LoadLocation(name)
	if err != nil {
		t.Fatal(err)
	}
	start := genInstant(t, loc, "start")
	spec := genSpec(t, DateOf(start, loc))
	cal, err := NewCalendar(loc, spec)
	if err != nil {
		spec.Exceptions = nil
		if cal, err = NewCalendar(loc, spec); err != nil {
			t.Fatal(err)
		}
	}
	slotsOf := func(d Date) []Slot {
		for _, e := range spec.Exceptions {
			if e.Date == d {
				return e.Slots
			}
		}
		for _, c := range spec.Closed {
			if c == d {
				return nil
			}
		}
		for _, h := range spec.Holidays {
			if h.Month == d.Month && h.Day == d.Day {
				return nil
			}
		}
		return spec.Week[time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Weekday()]
	}
	for range 50 {
		x := start.Add(genSpan(t, 9*24*time.Hour, "x")).Truncate(time.Minute)
		lt := x.In(loc)
		tod := TimeOfDay(lt.Hour()*3600 + lt.Minute()*60 + lt.Second())
		today := DateOf(x, loc)
		y := lt.AddDate(0, 0, -1)
		yesterday := Date{y.Year(), y.Month(), y.Day()}
		want := false
		for _, s := range slotsOf(today) {
			if tod >= s.Start && (s.Overnight() || tod < s.End) {
				want = true
			}
		}
		for _, s := range slotsOf(yesterday) {
			if s.Overnight() && tod < s.End {
				want = true
			}
		}
		if got := cal.IsWorking(x); got != want {
			t.Fatalf("IsWorking(%s) = %v, spec says %v\n%s", lt, got, want, cal)
		}
	}
}

func TestWorkingOracle(t *testing.T) { rapid.Check(t, testWorkingOracle) }
func FuzzWorkingOracle(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testWorkingOracle)) }

// testCalendarTextRoundTrip: any valid calendar prints to text that parses back to the same
// specification and the same working time.
func testCalendarTextRoundTrip(t *rapid.T) {
	loc := genZone(t)
	start := genInstant(t, loc, "start")
	cal := genCalendar(t, loc, DateOf(start, loc))
	back, err := ParseCalendar(cal.String())
	if err != nil {
		t.Fatalf("%v\n%s", err, cal)
	}
	if d := cmp.Diff(cal.Spec(), back.Spec()); d != "" || back.Location().String() != loc.String() {
		t.Fatalf("round trip differs: %s", d)
	}
	w := interval.Interval{Start: start, End: start.Add(genSpan(t, 20*24*time.Hour, "len"))}
	if cal.BusinessTime(w.Start, w.End) != back.BusinessTime(w.Start, w.End) {
		t.Fatal("round trip changes business time")
	}
}

func TestCalendarTextRoundTrip(t *testing.T) { rapid.Check(t, testCalendarTextRoundTrip) }
func FuzzCalendarTextRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCalendarTextRoundTrip)) }
