package sla

import (
	"errors"
	"fmt"
	"iter"
	"math/big"
	"strings"
	"time"
)

// ErrAmbiguousUnit: a duration unit that could mean two things ("1m": a minute or a month?).
var ErrAmbiguousUnit = errors.New("sla: ambiguous unit")

// ErrBadPeriod: an unknown or unusable period kind, or a non-positive rolling length.
var ErrBadPeriod = errors.New("sla: bad period")

// PeriodKind is the length of a calendar-aligned reporting period. The zero value is Unknown.
// It is a plain value, safe for concurrent use.
type PeriodKind int

// Period kinds.
const (
	Day PeriodKind = iota + 1
	Week
	Month
	Quarter
	Year
)

func (k PeriodKind) String() string {
	switch k {
	case Day:
		return "day"
	case Week:
		return "week"
	case Month:
		return "month"
	case Quarter:
		return "quarter"
	case Year:
		return "year"
	}
	return "unknown"
}

// MarshalText writes String's form.
func (k PeriodKind) MarshalText() ([]byte, error) {
	if k < Day || k > Year {
		return nil, fmt.Errorf("%w: kind %d", ErrBadPeriod, int(k))
	}
	return []byte(k.String()), nil
}

// UnmarshalText reads what ParsePeriodKind reads.
func (k *PeriodKind) UnmarshalText(b []byte) error {
	v, err := ParsePeriodKind(string(b))
	if err != nil {
		return err
	}
	*k = v
	return nil
}

// ParsePeriodKind accepts day, week, month, quarter, year, their -ly forms ("monthly") and
// "calendar month" style prefixes, in any case.
func ParsePeriodKind(s string) (PeriodKind, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimPrefix(t, "calendar ")
	switch t {
	case "day", "daily":
		return Day, nil
	case "week", "weekly":
		return Week, nil
	case "month", "monthly":
		return Month, nil
	case "quarter", "quarterly":
		return Quarter, nil
	case "year", "yearly", "annual", "annually":
		return Year, nil
	}
	return 0, &ParseError{What: "period", Input: s, Err: fmt.Errorf("%w: want day, week, month, quarter or year", ErrBadPeriod)}
}

// Period is a calendar-aligned reporting period: days, weeks starting on FirstWeekday, months,
// quarters or years, bounded by local midnight in Location. It is a small value, safe for
// concurrent use. The zero Period (Kind Unknown) is unusable: Containing returns the empty
// interval at t and Covering yields nothing. A nil Location means UTC.
type Period struct {
	Kind         PeriodKind
	Location     *time.Location
	FirstWeekday time.Weekday // weeks only; Sunday is the zero value, use Monday for ISO weeks
}

// ParsePeriod reads a period's text form: a kind (as ParsePeriodKind reads it, one word), an
// IANA zone, and for weeks an optional first weekday ("month Europe/Berlin", "week UTC
// monday"; the weekday defaults to Sunday, the zero value). Errors are *ParseError values.
func ParsePeriod(s string) (Period, error) {
	perr := func(err error) error { return &ParseError{What: "period", Input: s, Err: err} }
	fields := strings.Fields(s)
	if len(fields) < 2 || len(fields) > 3 {
		return Period{}, perr(fmt.Errorf("%w: want \"<kind> <zone> [first weekday]\"", ErrSyntax))
	}
	k, err := ParsePeriodKind(fields[0])
	if err != nil {
		return Period{}, perr(err)
	}
	loc, err := loadZone(fields[1])
	if err != nil {
		return Period{}, perr(err)
	}
	p := Period{Kind: k, Location: loc}
	if len(fields) == 3 {
		if k != Week {
			return Period{}, perr(fmt.Errorf("%w: only weeks take a first weekday", ErrBadPeriod))
		}
		wd, ok := weekdayNames[strings.ToLower(fields[2])]
		if !ok {
			for d := time.Sunday; d <= time.Saturday; d++ {
				if strings.EqualFold(fields[2], d.String()) {
					wd, ok = d, true
				}
			}
		}
		if !ok {
			return Period{}, perr(fmt.Errorf("%w: unknown weekday %q", ErrBadPeriod, fields[2]))
		}
		p.FirstWeekday = wd
	}
	return p, nil
}

// MarshalText writes the form ParsePeriod reads: "month Europe/Berlin", "week UTC monday". A
// zone that cannot be loaded back by its name (a fixed zone, time.Local) is an error wrapping
// ErrUnknownZone rather than text that would decode to another zone.
func (p Period) MarshalText() ([]byte, error) {
	if err := p.Validate(); err != nil {
		return nil, err
	}
	name, err := zoneName(p.loc())
	if err != nil {
		return nil, err
	}
	text := p.Kind.String() + " " + name
	if p.Kind == Week {
		text += " " + strings.ToLower(p.FirstWeekday.String())
	}
	return []byte(text), nil
}

// UnmarshalText reads what ParsePeriod reads.
func (p *Period) UnmarshalText(b []byte) error {
	v, err := ParsePeriod(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// zoneName returns loc's IANA name, checking that the name loads a zone again.
func zoneName(loc *time.Location) (string, error) {
	name := loc.String()
	if _, err := loadZone(name); err != nil {
		return "", fmt.Errorf("%w (a zone is written by its IANA name)", err)
	}
	return name, nil
}

// Monthly returns calendar months in loc (nil means UTC), from local midnight on the 1st: a
// month with a daylight-saving change is an hour shorter or longer than its days times 24 h.
func Monthly(loc *time.Location) Period { return Period{Kind: Month, Location: loc} }

// Daily returns calendar days in loc (nil means UTC), from local midnight to local midnight: a
// day with a daylight-saving change lasts 23 or 25 hours.
func Daily(loc *time.Location) Period { return Period{Kind: Day, Location: loc} }

// Quarterly returns calendar quarters in loc (nil means UTC), starting at local midnight on
// 1 January, 1 April, 1 July and 1 October.
func Quarterly(loc *time.Location) Period { return Period{Kind: Quarter, Location: loc} }

// Yearly returns calendar years in loc (nil means UTC), from local midnight on 1 January.
func Yearly(loc *time.Location) Period { return Period{Kind: Year, Location: loc} }

// Weekly returns weeks in loc (nil means UTC) starting at local midnight on first; pass
// time.Monday for ISO 8601 weeks.
func Weekly(loc *time.Location, first time.Weekday) Period {
	return Period{Kind: Week, Location: loc, FirstWeekday: first}
}

func (p Period) loc() *time.Location {
	if p.Location == nil {
		return time.UTC
	}
	return p.Location
}

// Validate reports ErrBadPeriod for an unknown kind or weekday.
func (p Period) Validate() error {
	if p.Kind < Day || p.Kind > Year {
		return fmt.Errorf("%w: kind %d", ErrBadPeriod, int(p.Kind))
	}
	if p.FirstWeekday < time.Sunday || p.FirstWeekday > time.Saturday {
		return fmt.Errorf("%w: first weekday %d", ErrBadPeriod, int(p.FirstWeekday))
	}
	return nil
}

// startDay returns the civil day number starting the period that contains civil day n.
func (p Period) startDay(n int64) int64 {
	d := dateOfDay(n)
	switch p.Kind {
	case Day:
		return n
	case Week:
		back := (int64(weekdayOfDay(n)) - int64(p.FirstWeekday) + 7) % 7
		return n - back
	case Month:
		return Date{d.Year, d.Month, 1}.dayNumber()
	case Quarter:
		return Date{d.Year, d.Month - (d.Month-1)%3, 1}.dayNumber()
	default:
		return Date{d.Year, time.January, 1}.dayNumber()
	}
}

// nextStartDay returns the first civil day of the period after the one starting on day s.
func (p Period) nextStartDay(s int64) int64 {
	d := dateOfDay(s)
	switch p.Kind {
	case Day:
		return s + 1
	case Week:
		return s + 7
	case Month:
		return dateNumber(d.Year, d.Month+1, 1)
	case Quarter:
		return dateNumber(d.Year, d.Month+3, 1)
	default:
		return dateNumber(d.Year+1, time.January, 1)
	}
}

func dateNumber(y int, m time.Month, d int) int64 {
	return floorDiv(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix(), secondsPerDay)
}

// Containing returns the period containing t: from local midnight of its first day to local
// midnight after its last day (where midnight does not exist, the first instant of the day).
func (p Period) Containing(t time.Time) Interval {
	if p.Validate() != nil {
		return Interval{Start: t, End: t}
	}
	_, iv := p.containing(t)
	return iv
}

// containing returns the first civil day of the period containing t and the period. The
// period of t's local date is right except after a fall-back across midnight (St. John's until
// 2011 went from 00:00:59 back to 23:01): a period starts at the first occurrence of its
// midnight, so an instant whose reading repeats the previous day belongs to the next period.
// Every instant reading day n is at or after that day's first instant, so stepping forward is
// enough.
func (p Period) containing(t time.Time) (int64, Interval) {
	loc := p.loc()
	s := p.startDay(dayOf(t, loc))
	for {
		next := p.nextStartDay(s)
		iv := Interval{Start: wallInstant(s, 0, loc), End: wallInstant(next, 0, loc)}
		if t.Before(iv.End) {
			return s, iv
		}
		s = next
	}
}

// Covering yields, in order, every period that overlaps r, unclipped (the first may start
// before r, the last may end after it). The first is the period containing r.Start; a day
// the zone skipped entirely (Pacific/Apia 2011-12-30) is not yielded.
func (p Period) Covering(r Interval) iter.Seq[Interval] {
	return func(yield func(Interval) bool) {
		if r.Empty() || p.Validate() != nil {
			return
		}
		loc := p.loc()
		s, iv := p.containing(r.Start)
		for iv.Start.Before(r.End) {
			// A date the zone skipped (Pacific/Apia 2011-12-30) is an empty period: no instant
			// lies in it, so it is not yielded.
			if !iv.Empty() && !yield(iv) {
				return
			}
			s = p.nextStartDay(s)
			iv = Interval{Start: iv.End, End: wallInstant(p.nextStartDay(s), 0, loc)}
		}
	}
}

// Rolling is a window of fixed length ending at the evaluation instant, for example the last
// 30 days. The zero Rolling is unusable (length zero): Validate and Ending refuse it.
// A plain value, safe for concurrent use.
type Rolling struct {
	Length time.Duration
}

// Validate reports ErrBadPeriod for a length that is not positive.
func (r Rolling) Validate() error {
	if r.Length <= 0 {
		return fmt.Errorf("%w: rolling length %s is not positive", ErrBadPeriod, r.Length)
	}
	return nil
}

// Ending returns [asOf − Length, asOf). A length that is not positive is refused with
// ErrBadPeriod, never turned into a reversed or empty window.
func (r Rolling) Ending(asOf time.Time) (Interval, error) {
	if err := r.Validate(); err != nil {
		return Interval{}, err
	}
	return Interval{Start: asOf.Add(-r.Length), End: asOf}, nil
}

// maxRollingDays is the most whole days RollingDays spans: the longest window a Duration
// measures (about 292 years), as Availability requires.
const maxRollingDays = 106751

// RollingDays returns the n local days ending with the day that contains asOf: from local
// midnight n−1 days before that day to the midnight after it. Lengths follow DST. n must lie in
// 1..106751 (the whole days a Duration holds, about 292 years): anything else is refused with
// ErrBadPeriod, never a reversed window.
func RollingDays(n int, loc *time.Location, asOf time.Time) (Interval, error) {
	if n < 1 || n > maxRollingDays {
		return Interval{}, fmt.Errorf("%w: %d rolling days, want 1..%d", ErrBadPeriod, n, maxRollingDays)
	}
	if loc == nil {
		loc = time.UTC
	}
	d, _ := Daily(loc).containing(asOf) // not asOf's reading: see Period.Containing
	iv := Interval{Start: wallInstant(d-int64(n)+1, 0, loc), End: wallInstant(d+1, 0, loc)}
	if err := checkMeasured(iv); err != nil {
		return Interval{}, fmt.Errorf("%w: %d rolling days to %s: %w", ErrBadPeriod, n, asOf.Format(time.RFC3339), quiet{err})
	}
	return iv, nil
}

// ParseDuration reads a fixed-length duration such as "30d", "4w", "1h30min", "90s", "2.5h"
// or "28 days". Units: w, d, h, min, s, ms (and their long English names), in any case. "m" and
// "mo" are refused with ErrAmbiguousUnit: months have no fixed length (use a calendar Period)
// and a bare "m" is too easily read as one. Prometheus-style windows from SLO tools ("5m",
// "30m") must be written "5min", "30min"; their "h", "d" and "w" read the same here. A
// fractional count must come to a whole number of nanoseconds: "0.0000000001s" is refused
// (ErrSyntax, naming the column of the digit that is too fine), never rounded to 0s. Errors
// are *ParseError values whose Column is the 1-based byte offset in s of what is wrong.
func ParseDuration(s string) (time.Duration, error) {
	fail := func(col int, format string, args ...any) error {
		if col > 0 {
			format, args = "column %d: "+format, append([]any{col}, args...)
		}
		return &ParseError{What: "duration", Input: s, Column: col, Err: fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, args...)...)}
	}
	if len(s) > 64 || strings.TrimSpace(s) == "" {
		return 0, fail(0, "want e.g. 30d or 1h30min")
	}
	isSpace := func(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f' }
	i := 0 // byte offset in s
	skip := func() {
		for i < len(s) && isSpace(s[i]) {
			i++
		}
	}
	skip()
	var whole time.Duration
	for i < len(s) {
		numAt := i
		for i < len(s) && (s[i] >= '0' && s[i] <= '9' || s[i] == '.') {
			i++
		}
		if i == numAt {
			return 0, fail(numAt+1, "want a number at %q", s[numAt:])
		}
		num := s[numAt:i]
		skip()
		unitAt := i
		for i < len(s) && (s[i] >= 'a' && s[i] <= 'z' || s[i] >= 'A' && s[i] <= 'Z') {
			i++
		}
		unit := strings.ToLower(s[unitAt:i])
		skip()
		var size time.Duration
		switch unit {
		case "w", "wk", "week", "weeks":
			size = 7 * 24 * time.Hour
		case "d", "day", "days":
			size = 24 * time.Hour
		case "h", "hr", "hour", "hours":
			size = time.Hour
		case "min", "mins", "minute", "minutes":
			size = time.Minute
		case "s", "sec", "second", "seconds":
			size = time.Second
		case "ms":
			size = time.Millisecond
		case "m", "mo", "mon", "month", "months", "y", "year", "years":
			return 0, &ParseError{What: "duration", Input: s, Column: unitAt + 1, Err: fmt.Errorf("%w: %q (minutes are \"min\"; months and years have no fixed length: use a calendar period)", ErrAmbiguousUnit, unit)}
		case "":
			if unitAt < len(s) && s[unitAt] != '.' && (s[unitAt] < '0' || s[unitAt] > '9') {
				return 0, fail(unitAt+1, "unknown unit at %q", s[unitAt:])
			}
			return 0, fail(numAt+1, "number %s without a unit", num)
		default:
			return 0, fail(unitAt+1, "unknown unit %q", s[unitAt:unitAt+len(unit)])
		}
		ip, fp, _ := strings.Cut(num, ".")
		if ip == "" && fp == "" || strings.Contains(fp, ".") || len(ip) > 18 || len(fp) > 18 {
			return 0, fail(numAt+1, "bad number %q", num)
		}
		n := new(big.Int)
		n.SetString("0"+ip+fp, 10)
		n.Mul(n, big.NewInt(int64(size)))
		var rem big.Int
		n.QuoRem(n, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(fp))), nil), &rem)
		if rem.Sign() != 0 {
			// Not a whole number of nanoseconds: name the last non-zero digit, the one that is
			// too fine (for a power-of-ten unit, every digit past the nanosecond is).
			last := strings.LastIndexFunc(fp, func(r rune) bool { return r != '0' })
			return 0, fail(numAt+len(ip)+2+last, "%s%s is not a whole number of nanoseconds", num, unit)
		}
		n.Add(n, big.NewInt(int64(whole)))
		if !n.IsInt64() || n.Int64() > 1<<62 {
			return 0, fail(numAt+1, "too long")
		}
		whole = time.Duration(n.Int64())
	}
	return whole, nil
}
