package sla

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"time"
)

// Errors returned when a calendar cannot be built or used.
var (
	// ErrBadSlot: a slot whose bounds are outside 00:00–24:00 or whose start equals its end.
	ErrBadSlot = errors.New("sla: bad service-hours slot")
	// ErrOverlappingSlots: two slots of the same calendar cover the same wall-clock time.
	ErrOverlappingSlots = errors.New("sla: overlapping service-hours slots")
	// ErrBadDate: a date that does not exist (2023-02-29) or a repeated exception date.
	ErrBadDate = errors.New("sla: bad date")
	// ErrNoLocation: a nil *time.Location where a zone is required.
	ErrNoLocation = errors.New("sla: no time zone")
	// ErrUnknownZone: a zone name the IANA database does not know.
	ErrUnknownZone = errors.New("sla: unknown time zone")
	// ErrNoWorkingTime: the calendar has no (more) working time to reach a deadline or next
	// working instant within the horizon (the longest Duration, about 292 years, after the
	// start; see Deadline).
	ErrNoWorkingTime = errors.New("sla: calendar has no working time left")
	// ErrNegativeDuration: a business duration below zero.
	ErrNegativeDuration = errors.New("sla: negative duration")
)

const secondsPerDay = 24 * 60 * 60

// TimeOfDay is a local wall-clock reading in seconds after midnight, from 0 (00:00) to 86400
// (24:00, the end of the day). The zero value is midnight.
// It is a plain value, safe for concurrent use.
type TimeOfDay int32

// Clock returns the time of day hour:minute. Clock(24, 0) is the end of the day.
func Clock(hour, minute int) TimeOfDay { return TimeOfDay(hour*3600 + minute*60) }

// Valid reports whether t lies in 00:00–24:00.
func (t TimeOfDay) Valid() bool { return t >= 0 && t <= secondsPerDay }

// String formats t as HH:MM, or HH:MM:SS when it has seconds.
func (t TimeOfDay) String() string {
	h, m, s := int(t)/3600, int(t)%3600/60, int(t)%60
	if s != 0 {
		return fmt.Sprintf("%02d:%02d:%02d", h, m, s)
	}
	return fmt.Sprintf("%02d:%02d", h, m)
}

// Slot is a span of service hours on one day, [Start, End) in local wall-clock time, Start in
// 00:00..23:59:59 and End in 00:00..24:00. A slot whose End is before its Start crosses
// midnight: 22:00–06:00 runs to 06:00 on the next day (an overnight slot cannot end at 24:00).
// End equal to Start is invalid, never a 24-hour slot: write a whole day as 00:00–24:00. A slot
// belongs to the day on which it starts: a holiday or exception on that day removes or replaces
// all of it, including the part after midnight. The zero value is invalid (Start equals End).
// A plain value, safe for concurrent use.
type Slot struct {
	Start TimeOfDay
	End   TimeOfDay
}

// String formats the slot as HH:MM-HH:MM.
func (s Slot) String() string { return s.Start.String() + "-" + s.End.String() }

// Overnight reports whether the slot crosses midnight: End before Start. An invalid slot with
// End equal to Start is not overnight.
func (s Slot) Overnight() bool { return s.End < s.Start }

// wall returns the slot as seconds after the start of its day: [from, to), to up to 48h.
func (s Slot) wall() (from, to int64) {
	if s.Overnight() {
		return int64(s.Start), int64(s.End) + secondsPerDay
	}
	return int64(s.Start), int64(s.End)
}

func (s Slot) validate() error {
	if s.Start < 0 || s.Start >= secondsPerDay || !s.End.Valid() || s.Start == s.End ||
		(s.Overnight() && s.End == secondsPerDay) {
		return fmt.Errorf("%w: %s", ErrBadSlot, s)
	}
	return nil
}

// Date is a civil date (no zone). The zero value is not a valid date.
// A plain value, safe for concurrent use.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the civil date of t in loc (UTC when loc is nil).
func DateOf(t time.Time, loc *time.Location) Date {
	if loc == nil {
		loc = time.UTC
	}
	y, m, d := t.In(loc).Date()
	return Date{y, m, d}
}

// Valid reports whether the date exists in the proleptic Gregorian calendar, in years 1–9999.
func (d Date) Valid() bool {
	if d.Year < 1 || d.Year > 9999 || d.Month < time.January || d.Month > time.December || d.Day < 1 {
		return false
	}
	y, m, dd := time.Date(d.Year, d.Month, d.Day, 12, 0, 0, 0, time.UTC).Date()
	return y == d.Year && m == d.Month && dd == d.Day
}

// String formats the date as YYYY-MM-DD.
func (d Date) String() string { return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day) }

// dayNumber counts civil days since 1970-01-01.
func (d Date) dayNumber() int64 {
	return floorDiv(time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
}

func dateOfDay(n int64) Date {
	y, m, d := time.Unix(n*secondsPerDay, 0).UTC().Date()
	return Date{y, m, d}
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// weekdayOfDay: 1970-01-01 was a Thursday.
func weekdayOfDay(n int64) time.Weekday { return time.Weekday((n%7 + 7 + 4) % 7) }

// Holiday is a date closed every year (month and day). A 29 February holiday applies in leap
// years only. Holidays are not moved when they fall on a weekend; list observed dates as Closed.
// The zero Holiday (month 0) is invalid. Plain value, safe to copy.
// Safe for concurrent use.
type Holiday struct {
	Month time.Month
	Day   int
	Name  string
}

// Exception replaces the weekly slots of one date, for example a short day before a holiday.
// An exception with no slots closes the whole date. The zero Exception has an invalid date.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Exception struct {
	Date  Date
	Slots []Slot
	Name  string
}

// CalendarSpec describes service hours. Week is indexed by time.Weekday (Sunday = 0). Precedence
// per date: an Exception, else a Holiday or Closed date (no service), else the weekly slots.
// The zero CalendarSpec has no service hours at all.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type CalendarSpec struct {
	Week       [7][]Slot
	Holidays   []Holiday
	Closed     []Date
	Exceptions []Exception
}

// Calendar is a set of service hours bound to an IANA time zone. It is immutable and safe for
// concurrent use. The zero Calendar is always working (24×7) in UTC, like AlwaysOn(time.UTC);
// a nil *Calendar behaves the same.
type Calendar struct {
	loc     *time.Location
	limited bool // false: built as 24×7 (AlwaysOn, the zero Calendar, "24x7")
	// allWeek is true for a limited calendar whose weekly slots cover the whole week with no
	// holiday, closed date or exception: 24×7 spelt out ("mon-sun 00:00-24:00").
	allWeek bool
	week    [7][]Slot
	holiday [13][32]bool
	closed  map[int64]bool
	except  map[int64][]Slot
	names   map[int64]string
	spec    CalendarSpec // sorted copy, for String
	// endless reports whether weekly working time recurs forever. exceptDays lists the
	// exception days in order: when the calendar is not endless, only they hold working time.
	endless    bool
	exceptDays []int64
	weekSecs   [7]int64 // wall-clock seconds of each weekday's slots
}

// AlwaysOn returns the 24×7 calendar in loc (UTC when loc is nil).
func AlwaysOn(loc *time.Location) *Calendar {
	if loc == nil {
		loc = time.UTC
	}
	return &Calendar{loc: loc}
}

// NewCalendar validates spec and returns the calendar of its service hours in loc. Slots of
// one day, and an overnight slot with the next day's slots, must not overlap; touching slots
// are fine and merge. spec is copied, never modified.
func NewCalendar(loc *time.Location, spec CalendarSpec) (*Calendar, error) {
	if loc == nil {
		return nil, ErrNoLocation
	}
	c := &Calendar{loc: loc, limited: true, closed: map[int64]bool{}, except: map[int64][]Slot{}, names: map[int64]string{}}
	for wd := range 7 {
		slots, err := sortedSlots(spec.Week[wd])
		if err != nil {
			return nil, fmt.Errorf("%w (%s)", err, time.Weekday(wd))
		}
		c.week[wd] = slots
		c.spec.Week[wd] = slots
		c.weekSecs[wd] = slotSeconds(slots)
	}
	if err := c.checkWeek(); err != nil {
		return nil, err
	}
	for _, h := range spec.Holidays {
		if !(Date{2000, h.Month, h.Day}).Valid() {
			return nil, fmt.Errorf("%w: holiday %02d-%02d", ErrBadDate, int(h.Month), h.Day)
		}
		c.holiday[h.Month][h.Day] = true
	}
	c.spec.Holidays = slices.Clone(spec.Holidays)
	slices.SortStableFunc(c.spec.Holidays, func(a, b Holiday) int {
		return cmp.Or(cmp.Compare(a.Month, b.Month), cmp.Compare(a.Day, b.Day))
	})
	for _, d := range spec.Closed {
		if !d.Valid() {
			return nil, fmt.Errorf("%w: closed date %s", ErrBadDate, d)
		}
		n := d.dayNumber()
		c.closed[n] = true
	}
	c.spec.Closed = slices.Clone(spec.Closed)
	slices.SortFunc(c.spec.Closed, func(a, b Date) int { return cmp.Compare(a.dayNumber(), b.dayNumber()) })
	c.spec.Closed = slices.Compact(c.spec.Closed)
	for _, e := range spec.Exceptions {
		if !e.Date.Valid() {
			return nil, fmt.Errorf("%w: exception date %s", ErrBadDate, e.Date)
		}
		n := e.Date.dayNumber()
		if _, dup := c.except[n]; dup {
			return nil, fmt.Errorf("%w: two exceptions on %s", ErrBadDate, e.Date)
		}
		slots, err := sortedSlots(e.Slots)
		if err != nil {
			return nil, fmt.Errorf("%w (exception %s)", err, e.Date)
		}
		if slots == nil {
			slots = []Slot{}
		}
		c.except[n] = slots
		c.names[n] = e.Name
		c.spec.Exceptions = append(c.spec.Exceptions, Exception{Date: e.Date, Slots: slots, Name: e.Name})
	}
	slices.SortFunc(c.spec.Exceptions, func(a, b Exception) int { return cmp.Compare(a.Date.dayNumber(), b.Date.dayNumber()) })
	for _, e := range c.spec.Exceptions {
		n := e.Date.dayNumber()
		c.exceptDays = append(c.exceptDays, n)
		if err := c.checkAdjacent(n-1, n); err != nil {
			return nil, err
		}
		if err := c.checkAdjacent(n, n+1); err != nil {
			return nil, err
		}
	}
	c.allWeek = len(spec.Holidays) == 0 && len(spec.Closed) == 0 && len(spec.Exceptions) == 0 && coversWeek(c.week)
	// Working time recurs forever when some weekday with slots meets some month-day that is not
	// a yearly holiday (every weekday meets every month-day within 28 years).
	for wd := range 7 {
		if len(c.week[wd]) == 0 {
			continue
		}
		for m := time.January; m <= time.December && !c.endless; m++ {
			for d := 1; d <= 31; d++ {
				if (Date{2000, m, d}).Valid() && !c.holiday[m][d] {
					c.endless = true
					break
				}
			}
		}
	}
	return c, nil
}

// coversWeek reports whether the weekly slots, taken together, leave no wall-clock reading of
// the week uncovered: each weekday's slots as seconds after the week's start (an overnight slot
// runs into the next day; Saturday's into Sunday), merged cyclically. Touching readings map to
// the same instant on every day, DST days included (wallInstant), so such a week is working at
// every instant.
func coversWeek(week [7][]Slot) bool {
	const weekSecs = 7 * secondsPerDay
	type span struct{ from, to int64 }
	var spans []span
	for wd, slots := range week {
		for _, s := range slots {
			from, to := s.wall()
			from, to = from+int64(wd)*secondsPerDay, to+int64(wd)*secondsPerDay
			if to > weekSecs {
				spans = append(spans, span{0, to - weekSecs})
				to = weekSecs
			}
			spans = append(spans, span{from, to})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.from, b.from) })
	var reach int64 // [0, reach) is covered
	for _, s := range spans {
		if s.from > reach {
			return false
		}
		reach = max(reach, s.to)
	}
	return reach >= weekSecs
}

// slotSeconds is the wall-clock length of slots in seconds (each overnight slot included whole).
func slotSeconds(slots []Slot) int64 {
	var n int64
	for _, sl := range slots {
		from, to := sl.wall()
		n += to - from
	}
	return n
}

// sortedSlots validates and sorts a copy of one day's slots and checks they do not overlap.
func sortedSlots(in []Slot) ([]Slot, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := slices.Clone(in)
	for _, s := range out {
		if err := s.validate(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(a, b Slot) int { return cmp.Compare(a.Start, b.Start) })
	for k := 1; k < len(out); k++ {
		_, prevEnd := out[k-1].wall()
		if int64(out[k].Start) < prevEnd {
			return nil, fmt.Errorf("%w: %s and %s", ErrOverlappingSlots, out[k-1], out[k])
		}
	}
	return out, nil
}

// checkWeek rejects an overnight slot that runs into the next weekday's first slot.
func (c *Calendar) checkWeek() error {
	for wd := range 7 {
		day := c.week[wd]
		next := c.week[(wd+1)%7]
		if len(day) == 0 || len(next) == 0 {
			continue
		}
		if last := day[len(day)-1]; last.Overnight() && last.End > next[0].Start {
			return fmt.Errorf("%w: %s %s and %s %s", ErrOverlappingSlots,
				time.Weekday(wd), last, time.Weekday((wd+1)%7), next[0])
		}
	}
	return nil
}

func (c *Calendar) checkAdjacent(a, b int64) error {
	day, next := c.slotsOn(a), c.slotsOn(b)
	if len(day) == 0 || len(next) == 0 {
		return nil
	}
	if last := day[len(day)-1]; last.Overnight() && last.End > next[0].Start {
		return fmt.Errorf("%w: %s %s and %s %s", ErrOverlappingSlots, dateOfDay(a), last, dateOfDay(b), next[0])
	}
	return nil
}

// slotsOn returns the effective slots of civil day n.
func (c *Calendar) slotsOn(n int64) []Slot {
	if s, ok := c.except[n]; ok {
		return s
	}
	if c.closed[n] {
		return nil
	}
	d := dateOfDay(n)
	if c.holiday[d.Month][d.Day] {
		return nil
	}
	return c.week[weekdayOfDay(n)]
}

// Location returns the calendar's zone.
func (c *Calendar) Location() *time.Location {
	if c == nil || c.loc == nil {
		return time.UTC
	}
	return c.loc
}

// AlwaysWorking reports whether the calendar is 24×7: built so (AlwaysOn, "24x7", the zero
// Calendar, a nil *Calendar), or with weekly slots that together cover every wall-clock reading
// of the week, however they are spelt ("mon-sun 00:00-24:00", "mon-fri 00:00-24:00" with "sat-sun
// 00:00-24:00", "mon-sun 00:00-12:00 12:00-24:00", "mon-sun 06:00-18:00 18:00-06:00"), and no
// holiday, closed date or exception. Such a calendar works at every instant, DST days
// included, and keeps its spelling in Spec and String.
func (c *Calendar) AlwaysWorking() bool { return c.builtAlways() || c.allWeek }

// builtAlways reports whether the calendar was built as 24×7 rather than spelt out in slots.
func (c *Calendar) builtAlways() bool { return c == nil || !c.limited }

// Spec returns a copy of the calendar's specification (slots sorted, dates in order). A
// calendar built as 24×7 (AlwaysOn, "24x7") returns every weekday as 00:00–24:00.
func (c *Calendar) Spec() CalendarSpec {
	if c.builtAlways() {
		var s CalendarSpec
		for wd := range 7 {
			s.Week[wd] = []Slot{{0, secondsPerDay}}
		}
		return s
	}
	s := CalendarSpec{Holidays: slices.Clone(c.spec.Holidays), Closed: slices.Clone(c.spec.Closed)}
	for wd := range 7 {
		s.Week[wd] = slices.Clone(c.spec.Week[wd])
	}
	for _, e := range c.spec.Exceptions {
		s.Exceptions = append(s.Exceptions, Exception{Date: e.Date, Slots: slices.Clone(e.Slots), Name: e.Name})
	}
	return s
}

// wallInstant maps local wall-clock time of day tod on civil day n to an instant. A reading the
// clock skips (spring forward) maps to the instant of the jump; a reading it shows twice (fall
// back) maps to its first occurrence. Both are "the earliest instant whose wall clock reads tod or
// later", so slot bounds never run backwards.
func wallInstant(n int64, tod int64, loc *time.Location) time.Time {
	n += tod / secondsPerDay
	tod %= secondsPerDay
	d := dateOfDay(n)
	h, m, s := int(tod/3600), int(tod%3600/60), int(tod%60)
	t := time.Date(d.Year, d.Month, d.Day, h, m, s, 0, loc)
	want := n*secondsPerDay + tod
	_, off := t.Zone()
	got := t.Unix() + int64(off)
	switch {
	case got > want: // in a gap; Go moved forward
		start, _ := t.ZoneBounds()
		return start
	case got < want: // in a gap; Go moved backward
		_, end := t.ZoneBounds()
		return end
	}
	start, _ := t.ZoneBounds()
	if !start.IsZero() {
		_, poff := start.Add(-time.Second).Zone()
		if poff > off {
			if alt := t.Add(-time.Duration(poff-off) * time.Second); alt.Before(start) {
				return alt
			}
		}
	}
	return t
}

// dayOf returns the civil day number of t in loc.
func dayOf(t time.Time, loc *time.Location) int64 {
	return DateOf(t, loc).dayNumber()
}

// spansFrom yields the raw working spans of each civil day from day n up to day last, in
// order, unmerged, until yield returns false or (when the calendar is not endless) the
// exception days run out. A calendar that is not endless has working time only on exception
// days, so it jumps between them instead of walking every day.
func (c *Calendar) spansFrom(n, last int64, yield func(Interval) bool) {
	day := func(n int64) bool {
		for _, s := range c.slotsOn(n) {
			from, to := s.wall()
			iv := Interval{Start: wallInstant(n, from, c.loc), End: wallInstant(n, to, c.loc)}
			if !iv.Empty() && !yield(iv) {
				return false
			}
		}
		return true
	}
	if !c.endless {
		k, _ := slices.BinarySearch(c.exceptDays, n)
		for ; k < len(c.exceptDays) && c.exceptDays[k] <= last; k++ {
			if !day(c.exceptDays[k]) {
				return
			}
		}
		return
	}
	for ; n <= last; n++ {
		if !day(n) {
			return
		}
	}
}

// lastDayBefore returns a civil day number after which no day in loc starts before t: a day's
// first instant reads that day or (after a fall-back across midnight) the day before.
func lastDayBefore(t time.Time, loc *time.Location) int64 { return dayOf(t, loc) + 1 }

// WorkingIntervals yields the working time inside w as disjoint, non-touching intervals in
// increasing order (a normalised set, produced lazily). Expansion is day by day in the
// calendar's zone.
func (c *Calendar) WorkingIntervals(w Interval) iter.Seq[Interval] {
	return func(yield func(Interval) bool) {
		if w.Empty() {
			return
		}
		if c.AlwaysWorking() {
			yield(w)
			return
		}
		var cur Interval
		stopped := false
		c.spansFrom(dayOf(w.Start, c.loc)-1, lastDayBefore(w.End, c.loc), func(iv Interval) bool {
			if !iv.Start.Before(w.End) {
				return false
			}
			iv = iv.Intersect(w)
			if iv.Empty() {
				return true
			}
			if !cur.Empty() && !iv.Start.After(cur.End) {
				if iv.End.After(cur.End) {
					cur.End = iv.End
				}
				return true
			}
			if !cur.Empty() && !yield(cur) {
				stopped = true
				return false
			}
			cur = iv
			return true
		})
		if !stopped && !cur.Empty() {
			yield(cur)
		}
	}
}

// Working returns the working time inside w as a normalised set.
func (c *Calendar) Working(w Interval) IntervalSet {
	var out IntervalSet
	for iv := range c.WorkingIntervals(w) {
		out = append(out, iv)
	}
	return out
}

// IsWorking reports whether t is inside service hours. Slots are half-open: a slot's opening
// instant is working time and its closing instant is not (09:00–17:00 is closed at 17:00:00),
// unlike business-calendar libraries that count both ends, so that touching slots share no
// instant.
func (c *Calendar) IsWorking(t time.Time) bool {
	for range c.WorkingIntervals(Interval{Start: t, End: t.Add(1)}) {
		return true
	}
	return false
}

// CalendarHorizon is how far Deadline and NextWorking look ahead of their start, and the
// longest range BusinessTime measures: the longest Duration, about 292 years, so that a
// deadline minus its start is always a Duration. It bounds their work: a calendar with one
// second of service a week would otherwise walk day by day for ever toward a deadline of a
// thousand hours.
const CalendarHorizon = time.Duration(math.MaxInt64)

// maxInstant is the latest instant time.Time holds.
var maxInstant = time.Unix(math.MaxInt64-62135596800, 999999999).UTC()

// horizonEnd is t + CalendarHorizon, or the latest instant when that does not exist.
func horizonEnd(t time.Time) time.Time {
	if e := t.Add(CalendarHorizon); e.After(t) {
		return e
	}
	return maxInstant
}

// dayClock maps the wall-clock readings of a civil day (and of the next, for overnight slots)
// to instants by arithmetic instead of time.Date, as wallInstant does: a reading maps at the
// offset of the stretch its day's midnight lies in, or, past that stretch's end, at the offset
// of the next one, and a reading the change skips maps to the instant of the change. It caches
// the stretch, so a walk over many days asks the zone only about once per offset change.
// Offset changes fall on whole seconds, so instants are Unix seconds.
type dayClock struct {
	loc    *time.Location
	ok     bool
	off    int64 // seconds east of UTC in [from, until)
	from   int64 // the midnight the stretch was found from: every reading after it is new
	until  int64 // the next offset change, when there is one (next)
	off2   int64 // the offset from until on
	until2 int64 // the change after that, when there is one (next2)
	next   bool
	next2  bool
}

// day prepares civil day n and returns its first instant (wallInstant(n, 0)) and whether its
// readings map by arithmetic: false on a day whose midnight a change skipped or repeated, whose
// slots then go through wallInstant.
func (z *dayClock) day(n int64) (time.Time, bool) {
	if z.ok {
		if m := n*secondsPerDay - z.off; m >= z.from && (!z.next || m < z.until) {
			return time.Unix(m, 0).In(z.loc), true
		}
	}
	// wallInstant gives the first instant reading 00:00 of day n, so every reading after it is
	// shown there for the first time: a fall-back before it repeats only earlier readings.
	m := wallInstant(n, 0, z.loc)
	_, off := m.Zone()
	until := offsetEnd(m, off)
	*z = dayClock{loc: z.loc, ok: true, off: int64(off), from: m.Unix()}
	if !until.IsZero() {
		_, off2 := until.Zone()
		until2 := offsetEnd(until, off2)
		z.next, z.until, z.off2 = true, until.Unix(), int64(off2)
		z.next2, z.until2 = !until2.IsZero(), until2.Unix()
	}
	return m, n*secondsPerDay-int64(off) == m.Unix() && m.Nanosecond() == 0
}

// offsetEnd returns the end of the stretch at offset off that t lies in (zero: it never
// ends). Beyond its last listed change a zone follows a yearly rule, and Go then cuts its zone
// periods at year ends without changing the offset; such cuts are skipped (a few at most). On
// 31 December of a leap year there Go reports a period end at or before the instant
// (golang/go#81583); that end is kept, and readings past it go through wallInstant, which does
// not depend on it.
func offsetEnd(t time.Time, off int) time.Time {
	_, end := t.ZoneBounds()
	for range 4 {
		if end.IsZero() {
			break
		}
		if _, o := end.Zone(); o != off {
			break
		}
		_, end = end.ZoneBounds()
	}
	return end
}

// sec returns the instant, in Unix seconds, of reading x (seconds, below 48 h) of the day
// prepared by day.
func (z *dayClock) sec(n, x int64) int64 {
	r := n*secondsPerDay + x
	if c := r - z.off; !z.next || c < z.until {
		return c
	}
	c := r - z.off2
	switch {
	case c < z.until: // skipped by a spring-forward: the instant of the jump
		return z.until
	case !z.next2 || c < z.until2:
		return c
	}
	return wallInstant(n, x, z.loc).Unix() // two changes within the day
}

// at is sec as an instant in the calendar's zone.
func (z *dayClock) at(n, x int64) time.Time { return time.Unix(z.sec(n, x), 0).In(z.loc) }

// seconds returns the working time of slots on the day prepared by day, whose first instant
// is m, in seconds: their wall-clock length when every reading of the day maps at one offset.
func (z *dayClock) seconds(n int64, m time.Time, slots []Slot, wall int64) int64 {
	if !z.next || m.Unix()+2*secondsPerDay <= z.until {
		return wall
	}
	var total int64
	for _, s := range slots {
		a, b := s.wall()
		total += z.sec(n, b) - z.sec(n, a)
	}
	return total
}

// dayWork returns the effective slots of civil day n and their wall-clock length in seconds
// (slotsOn, with the weekly lengths precomputed).
func (c *Calendar) dayWork(n int64) ([]Slot, int64) {
	if s, ok := c.except[n]; ok {
		return s, slotSeconds(s)
	}
	wd := weekdayOfDay(n)
	if len(c.week[wd]) == 0 || c.closed[n] {
		return nil, 0
	}
	if d := dateOfDay(n); c.holiday[d.Month][d.Day] {
		return nil, 0
	}
	return c.week[wd], c.weekSecs[wd]
}

// walk goes through the working time in [from, to) in order until need of it has passed. It
// returns the instant need was reached (found), or what was left of need when it reached to
// or (exhausted) the calendar's last working day. With need 0 it finds the first working
// instant. Days whose slots lie wholly inside [from, to) count by arithmetic on seconds
// (dayClock): their wall-clock length, or on the days of an offset change the sum over their
// slots; only the first and last days and the day need is reached on build instants. So the
// cost is a few operations per day, and per slot on the days of an offset change, up to to.
func (c *Calendar) walk(from, to time.Time, need time.Duration) (at time.Time, left time.Duration, found, exhausted bool) {
	loc := c.loc
	left = need
	last := lastDayBefore(to, loc)
	z := dayClock{loc: loc}
	for n := dayOf(from, loc) - 1; n <= last; n++ {
		if !c.endless {
			k, _ := slices.BinarySearch(c.exceptDays, n)
			if k == len(c.exceptDays) {
				return time.Time{}, left, false, true
			}
			if n = c.exceptDays[k]; n > last {
				break
			}
		}
		slots, secs := c.dayWork(n)
		if len(slots) == 0 {
			continue
		}
		m, mapped := z.day(n)
		if !m.Before(to) {
			break // the day's first instant: no slot of it or of a later day starts before to
		}
		if mapped && !m.Before(from) && !m.Add(48*time.Hour).After(to) {
			if d := time.Duration(z.seconds(n, m, slots, secs)) * time.Second; d < left {
				left -= d
				continue
			}
		}
		for _, s := range slots {
			a, b := s.wall()
			var iv Interval
			if mapped {
				iv = Interval{Start: z.at(n, a), End: z.at(n, b)}
			} else {
				iv = Interval{Start: wallInstant(n, a, loc), End: wallInstant(n, b, loc)}
			}
			if !iv.End.After(from) || !iv.Start.Before(to) {
				continue
			}
			if iv.Start.Before(from) {
				iv.Start = from
			}
			if iv.End.After(to) {
				iv.End = to
			}
			if iv.Empty() {
				continue
			}
			if l := iv.Duration(); l < left {
				left -= l
				continue
			}
			return iv.Start.Add(left), 0, true, false
		}
	}
	return time.Time{}, left, false, false
}

// BusinessTime is the working time in [from, to); zero when to is not after from (it is not
// symmetric in its arguments, as some business-calendar libraries are: a reversed range is
// empty, never measured backwards). Like time.Time.Sub it saturates at the largest Duration
// (about 292 years), and it measures at most the first CalendarHorizon (the same 292 years)
// of the range, so that its cost stays bounded: a few operations per day of the range.
func (c *Calendar) BusinessTime(from, to time.Time) time.Duration {
	if !to.After(from) {
		return 0
	}
	if c.AlwaysWorking() {
		return to.Sub(from)
	}
	if e := horizonEnd(from); to.After(e) {
		to = e
	}
	_, left, found, _ := c.walk(from, to, math.MaxInt64)
	if found {
		return math.MaxInt64
	}
	return math.MaxInt64 - left
}

// Deadline returns the earliest instant t with exactly d of working time in [start, t). For
// d == 0 that is start itself, even outside service hours. A deadline that falls exactly at the
// end of a working span is that end, not the start of the next span (8 working hours from 06:00
// on a 09:00–17:00 weekday end at 17:00 that day). A start outside service hours counts from the
// next opening. It fails with ErrNegativeDuration for d < 0 (a timer never runs backwards; there
// is no "subtract working hours") and with ErrNoWorkingTime when the calendar runs out of
// working time first, or when the deadline would lie more than CalendarHorizon (about 292
// years, so that t.Sub(start) never saturates) after start: a calendar with one second of
// service a week reaches 1000 h only after some 69,000 years. The walk is bounded by the
// horizon, a few operations per day, so even a d of the largest Duration returns in
// milliseconds.
func (c *Calendar) Deadline(start time.Time, d time.Duration) (time.Time, error) {
	if d < 0 {
		return time.Time{}, fmt.Errorf("%w: %s", ErrNegativeDuration, d)
	}
	if d == 0 {
		return start, nil
	}
	if c.AlwaysWorking() {
		return start.Add(d), nil
	}
	at, _, found, exhausted := c.walk(start, horizonEnd(start), d)
	switch {
	case found:
		return at, nil
	case exhausted:
		return time.Time{}, fmt.Errorf("%w: %s after %s", ErrNoWorkingTime, d, start.Format(time.RFC3339))
	}
	return time.Time{}, fmt.Errorf("%w: %s of working time after %s would end more than %s (the horizon) later",
		ErrNoWorkingTime, d, start.Format(time.RFC3339), CalendarHorizon)
}

// NextWorking returns the earliest working instant at or after t. It fails with
// ErrNoWorkingTime when there is none within CalendarHorizon (about 292 years) of t: a
// calendar whose working time has ended (only one-off exceptions, all past) never works again.
func (c *Calendar) NextWorking(t time.Time) (time.Time, error) {
	if c.AlwaysWorking() {
		return t, nil
	}
	at, _, found, _ := c.walk(t, horizonEnd(t), 0)
	if !found {
		return time.Time{}, fmt.Errorf("%w: no working instant at or after %s", ErrNoWorkingTime, t.Format(time.RFC3339))
	}
	return at, nil
}
