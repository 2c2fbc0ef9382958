package sla

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ErrSyntax is wrapped by every ParseError about malformed text.
var ErrSyntax = errors.New("sla: syntax error")

// ParseError locates a problem in a text form (calendar spec, target, duration). Line and
// Column count from 1; zero means "not known" (a one-line input has Line 0). Err is the cause,
// usable with errors.Is (ErrSyntax, ErrBadSlot, ErrUnknownZone, ...).
// Safe for concurrent use; it is not modified once returned.
type ParseError struct {
	What   string // what was being parsed: "calendar", "target", "duration", ...
	Input  string // the offending token
	Line   int
	Column int
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	b.WriteString("sla: ")
	msg := strings.TrimPrefix(e.Err.Error(), "sla: ")
	if e.Line == 0 && e.Input == "" && strings.Contains(msg, e.What) {
		// Nothing to locate and the cause already names what was read ("bad credit tiers: …"):
		// saying it twice adds nothing.
		return "sla: " + msg
	}
	b.WriteString(e.What)
	if e.Line > 0 {
		fmt.Fprintf(&b, " line %d", e.Line)
		if e.Column > 0 {
			fmt.Fprintf(&b, ", column %d", e.Column)
		}
	}
	if e.Input != "" {
		fmt.Fprintf(&b, " %q", e.Input)
	}
	b.WriteString(": ")
	b.WriteString(msg)
	return b.String()
}

func (e *ParseError) Unwrap() error { return e.Err }

// maxCalendarText bounds the text ParseCalendar accepts, so a hostile input cannot make it
// allocate without limit.
const maxCalendarText = 1 << 20

// maxSlotsPerDay bounds the slots one weekday may have in the text form (one a minute is
// already far more than any service-hours schedule).
const maxSlotsPerDay = 1440

var weekdayNames = map[string]time.Weekday{
	"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday, "wed": time.Wednesday,
	"thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday,
}

// ParseCalendar reads the text form of a calendar, one directive per line ('#' starts a
// comment):
//
//	zone Europe/Berlin                        (required, once; an IANA name)
//	24x7                                      (always working; no other directive allowed)
//	mon-fri 09:00-12:00 13:00-17:00           (weekly slots; days: sun..sat, ranges, commas)
//	sun 22:00-06:00                           (an overnight slot belongs to the day it starts)
//	holiday 12-25 Christmas Day               (yearly MM-DD, optional name)
//	closed 2024-05-10                         (one-off closed date)
//	exception 2024-12-24 09:00-12:00 Eve      (slots replacing that date's; "none" = closed)
//
// Times are HH:MM or HH:MM:SS, 24:00 ends a day. Lines for the same weekday add slots.
// Calendar.String writes this form back; parsing it gives an equal calendar.
func ParseCalendar(text string) (*Calendar, error) {
	perr := func(line, col int, input string, err error) error {
		return &ParseError{What: "calendar", Input: input, Line: line, Column: col, Err: err}
	}
	if len(text) > maxCalendarText {
		return nil, perr(0, 0, "", fmt.Errorf("%w: text longer than %d bytes", ErrSyntax, maxCalendarText))
	}
	var (
		spec    CalendarSpec
		loc     *time.Location
		always  bool
		content bool
	)
	for ln, line := range strings.Split(text, "\n") {
		lineNo := ln + 1
		if k := strings.IndexByte(line, '#'); k >= 0 {
			line = line[:k]
		}
		fields, cols := splitFields(line)
		if len(fields) == 0 {
			continue
		}
		word := strings.ToLower(fields[0])
		switch word {
		case "zone":
			if len(fields) != 2 {
				return nil, perr(lineNo, cols[0], line, fmt.Errorf("%w: want \"zone <IANA name>\"", ErrSyntax))
			}
			if loc != nil {
				return nil, perr(lineNo, cols[0], fields[1], fmt.Errorf("%w: second zone", ErrSyntax))
			}
			l, err := loadZone(fields[1])
			if err != nil {
				return nil, perr(lineNo, cols[1], fields[1], err)
			}
			loc = l
		case "24x7":
			if len(fields) != 1 {
				return nil, perr(lineNo, cols[1], fields[1], fmt.Errorf("%w: 24x7 takes no arguments", ErrSyntax))
			}
			always = true
		case "holiday":
			if len(fields) < 2 {
				return nil, perr(lineNo, cols[0], line, fmt.Errorf("%w: want \"holiday MM-DD [name]\"", ErrSyntax))
			}
			m, d, ok := parseMonthDay(fields[1])
			if !ok {
				hint := ""
				if _, err := time.Parse(time.DateOnly, fields[1]); err == nil {
					hint = " (a one-off date is \"closed YYYY-MM-DD\")"
				}
				return nil, perr(lineNo, cols[1], fields[1], fmt.Errorf("%w: want MM-DD%s", ErrBadDate, hint))
			}
			spec.Holidays = append(spec.Holidays, Holiday{Month: m, Day: d, Name: strings.Join(fields[2:], " ")})
			content = true
		case "closed":
			if len(fields) != 2 {
				return nil, perr(lineNo, cols[0], line, fmt.Errorf("%w: want \"closed YYYY-MM-DD\"", ErrSyntax))
			}
			d, err := ParseDate(fields[1])
			if err != nil {
				return nil, perr(lineNo, cols[1], fields[1], err)
			}
			spec.Closed = append(spec.Closed, d)
			content = true
		case "exception":
			if len(fields) < 3 {
				return nil, perr(lineNo, cols[0], line, fmt.Errorf("%w: want \"exception YYYY-MM-DD slots|none [name]\"", ErrSyntax))
			}
			d, err := ParseDate(fields[1])
			if err != nil {
				return nil, perr(lineNo, cols[1], fields[1], err)
			}
			e := Exception{Date: d}
			k := 2
			if strings.EqualFold(fields[2], "none") {
				k = 3
			} else {
				for ; k < len(fields) && looksLikeSlot(fields[k]); k++ {
					s, err := parseSlot(fields[k])
					if err != nil {
						return nil, perr(lineNo, cols[k], fields[k], err)
					}
					e.Slots = append(e.Slots, s)
				}
				if len(e.Slots) == 0 {
					return nil, perr(lineNo, cols[2], fields[2], fmt.Errorf("%w: want slots or \"none\"", ErrSyntax))
				}
			}
			e.Name = strings.Join(fields[k:], " ")
			spec.Exceptions = append(spec.Exceptions, e)
			content = true
		default:
			days, err := parseWeekdays(word)
			if err != nil {
				return nil, perr(lineNo, cols[0], fields[0], err)
			}
			if len(fields) < 2 {
				return nil, perr(lineNo, cols[0], line, fmt.Errorf("%w: weekday line without slots", ErrSyntax))
			}
			for k := 1; k < len(fields); k++ {
				s, err := parseSlot(fields[k])
				if err != nil {
					return nil, perr(lineNo, cols[k], fields[k], err)
				}
				for _, wd := range days {
					if len(spec.Week[wd]) >= maxSlotsPerDay {
						return nil, perr(lineNo, cols[k], fields[k], fmt.Errorf("%w: more than %d slots on %s", ErrBadSlot, maxSlotsPerDay, wd))
					}
					// Same-day overlaps are reported here, where the line is known.
					from, to := s.wall()
					for _, o := range spec.Week[wd] {
						if of, ot := o.wall(); from < ot && of < to {
							return nil, perr(lineNo, cols[k], fields[k], fmt.Errorf("%w: %s and %s on %s", ErrOverlappingSlots, o, s, wd))
						}
					}
					spec.Week[wd] = append(spec.Week[wd], s)
				}
			}
			content = true
		}
	}
	if loc == nil {
		return nil, perr(0, 0, "", fmt.Errorf("%w: no zone line", ErrSyntax))
	}
	if always {
		if content {
			return nil, perr(0, 0, "", fmt.Errorf("%w: 24x7 with other directives", ErrSyntax))
		}
		return AlwaysOn(loc), nil
	}
	c, err := NewCalendar(loc, spec)
	if err != nil {
		return nil, perr(0, 0, "", err)
	}
	return c, nil
}

// MarshalText writes the calendar's text form (String). A calendar whose zone cannot be loaded
// back by its name (a fixed zone, time.Local) is an error wrapping ErrUnknownZone, never text
// that would decode to another zone.
func (c *Calendar) MarshalText() ([]byte, error) {
	if _, err := zoneName(c.Location()); err != nil {
		return nil, err
	}
	return []byte(c.String()), nil
}

// UnmarshalText reads what ParseCalendar reads.
func (c *Calendar) UnmarshalText(b []byte) error {
	v, err := ParseCalendar(string(b))
	if err != nil {
		return err
	}
	*c = *v
	return nil
}

// String returns the calendar's text form (see ParseCalendar).
func (c *Calendar) String() string {
	var b strings.Builder
	b.WriteString("zone " + c.Location().String() + "\n")
	if c.builtAlways() {
		b.WriteString("24x7\n")
		return b.String()
	}
	names := []string{"sun", "mon", "tue", "wed", "thu", "fri", "sat"}
	for _, wd := range []int{1, 2, 3, 4, 5, 6, 0} {
		if len(c.spec.Week[wd]) == 0 {
			continue
		}
		b.WriteString(names[wd])
		for _, s := range c.spec.Week[wd] {
			b.WriteString(" " + s.String())
		}
		b.WriteByte('\n')
	}
	for _, h := range c.spec.Holidays {
		fmt.Fprintf(&b, "holiday %02d-%02d", int(h.Month), h.Day)
		writeName(&b, h.Name)
	}
	for _, d := range c.spec.Closed {
		b.WriteString("closed " + d.String() + "\n")
	}
	for _, e := range c.spec.Exceptions {
		b.WriteString("exception " + e.Date.String())
		if len(e.Slots) == 0 {
			b.WriteString(" none")
		}
		for _, s := range e.Slots {
			b.WriteString(" " + s.String())
		}
		writeName(&b, e.Name)
	}
	return b.String()
}

// writeName writes a name as the parser will read it back: fields split exactly as
// splitFields splits them, '#' (a comment) and line breaks blanked.
func writeName(b *strings.Builder, name string) {
	name = strings.NewReplacer("#", " ", "\n", " ").Replace(name)
	fields, _ := splitFields(name)
	if n := strings.Join(fields, " "); n != "" {
		b.WriteString(" " + n)
	}
	b.WriteByte('\n')
}

// LoadZone loads an IANA zone by name, failing with ErrUnknownZone. "Local" and the empty
// name are refused: nothing here depends on the machine's zone.
func LoadZone(name string) (*time.Location, error) { return loadZone(name) }

func loadZone(name string) (*time.Location, error) {
	if name == "" || strings.EqualFold(name, "local") {
		return nil, fmt.Errorf("%w: %q", ErrUnknownZone, name)
	}
	l, err := time.LoadLocation(name)
	if err != nil {
		return nil, fmt.Errorf("%w: %q", ErrUnknownZone, name)
	}
	return l, nil
}

// splitFields splits on blanks and returns each field's 1-based column.
func splitFields(line string) ([]string, []int) {
	var fields []string
	var cols []int
	start := -1
	for k := 0; k <= len(line); k++ {
		blank := k == len(line) || line[k] == ' ' || line[k] == '\t' || line[k] == '\r'
		if blank && start >= 0 {
			fields = append(fields, line[start:k])
			cols = append(cols, start+1)
			start = -1
		} else if !blank && start < 0 {
			start = k
		}
	}
	return fields, cols
}

func parseWeekdays(s string) ([]time.Weekday, error) {
	var out []time.Weekday
	for part := range strings.SplitSeq(s, ",") {
		a, b, isRange := strings.Cut(part, "-")
		wa, ok := weekdayNames[a]
		if !ok {
			return nil, fmt.Errorf("%w: unknown weekday or directive %q", ErrSyntax, a)
		}
		if !isRange {
			out = append(out, wa)
			continue
		}
		wb, ok := weekdayNames[b]
		if !ok {
			return nil, fmt.Errorf("%w: unknown weekday %q", ErrSyntax, b)
		}
		for wd := wa; ; wd = (wd + 1) % 7 {
			out = append(out, wd)
			if wd == wb {
				break
			}
		}
	}
	return out, nil
}

// looksLikeSlot: slots start with a digit and hold a colon; anything else after an
// exception's slots is its name.
func looksLikeSlot(s string) bool {
	return len(s) > 0 && s[0] >= '0' && s[0] <= '9' && strings.Contains(s, ":")
}

func parseSlot(s string) (Slot, error) {
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Slot{}, fmt.Errorf("%w: want HH:MM-HH:MM", ErrSyntax)
	}
	from, err := parseTimeOfDay(a)
	if err != nil {
		return Slot{}, err
	}
	to, err := parseTimeOfDay(b)
	if err != nil {
		return Slot{}, err
	}
	sl := Slot{from, to}
	return sl, sl.validate()
}

func parseTimeOfDay(s string) (TimeOfDay, error) {
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return 0, fmt.Errorf("%w: time %q: want HH:MM or HH:MM:SS", ErrSyntax, s)
	}
	var v [3]int
	for k, p := range parts {
		if len(p) != 2 || p[0] < '0' || p[0] > '9' || p[1] < '0' || p[1] > '9' {
			return 0, fmt.Errorf("%w: time %q: want two digits per field", ErrSyntax, s)
		}
		v[k] = int(p[0]-'0')*10 + int(p[1]-'0')
	}
	if v[1] > 59 || v[2] > 59 || v[0] > 24 || (v[0] == 24 && v[1]+v[2] != 0) {
		return 0, fmt.Errorf("%w: time %q out of range", ErrBadSlot, s)
	}
	return TimeOfDay(v[0]*3600 + v[1]*60 + v[2]), nil
}

func parseMonthDay(s string) (time.Month, int, bool) {
	a, b, ok := strings.Cut(s, "-")
	if !ok || len(a) != 2 || len(b) != 2 {
		return 0, 0, false
	}
	m, err1 := strconv.Atoi(a)
	d, err2 := strconv.Atoi(b)
	if err1 != nil || err2 != nil || !(Date{2000, time.Month(m), d}).Valid() {
		return 0, 0, false
	}
	return time.Month(m), d, true
}

// ParseDate parses YYYY-MM-DD and checks that the date exists.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("%w: %q: want YYYY-MM-DD", ErrBadDate, s)
	}
	y, m, d := t.Date()
	return Date{y, m, d}, nil
}
