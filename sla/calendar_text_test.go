package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/interval"
)

const officeText = `# Berlin office hours
zone Europe/Berlin
mon-fri 09:00-12:00 13:00-17:00
sat 10:00-14:00
holiday 12-25 Christmas Day
holiday 01-01 New Year
closed 2024-05-10
exception 2024-12-24 09:00-12:00 Christmas Eve
exception 2024-12-31 none Year end
exception 2025-12-24 09:00-12:00 24th December
`

func TestParseCalendar(t *testing.T) {
	c, err := ParseCalendar(officeText)
	if err != nil {
		t.Fatal(err)
	}
	want := `zone Europe/Berlin
mon 09:00-12:00 13:00-17:00
tue 09:00-12:00 13:00-17:00
wed 09:00-12:00 13:00-17:00
thu 09:00-12:00 13:00-17:00
fri 09:00-12:00 13:00-17:00
sat 10:00-14:00
holiday 01-01 New Year
holiday 12-25 Christmas Day
closed 2024-05-10
exception 2024-12-24 09:00-12:00 Christmas Eve
exception 2024-12-31 none Year end
exception 2025-12-24 09:00-12:00 24th December
`
	if d := cmp.Diff(want, c.String()); d != "" {
		t.Fatal(d)
	}
	berlin := c.Location()
	week := interval.Interval{Start: time.Date(2024, 12, 23, 0, 0, 0, 0, berlin), End: time.Date(2025, 1, 2, 0, 0, 0, 0, berlin)}
	// Mon 23: 7 h, Tue 24: 3 h, Wed 25: holiday, Thu 26, Fri 27: 7 h each, Sat 28: 4 h,
	// Mon 30: 7 h, Tue 31: closed, Wed 1: holiday.
	if got := c.BusinessTime(week.Start, week.End); got != 35*time.Hour {
		t.Fatalf("business time %s", got)
	}
	always, err := ParseCalendar("zone Asia/Kolkata\n24x7\n")
	if err != nil || !always.AlwaysWorking() || always.Location().String() != "Asia/Kolkata" {
		t.Fatalf("24x7: %v %v", always, err)
	}
}

func TestParseCalendarErrors(t *testing.T) {
	tests := []struct {
		text     string
		want     error
		line, co int
	}{
		{"mon 09:00-17:00", ErrSyntax, 0, 0},
		{"zone Nowhere/Land\n", ErrUnknownZone, 1, 6},
		{"zone Local\n", ErrUnknownZone, 1, 6},
		{"zone UTC\nmonday 09:00-17:00", ErrSyntax, 2, 1},
		{"zone UTC\nmon 09:00-17:60", ErrBadSlot, 2, 5},
		{"zone UTC\nmon  9:00-17:00", ErrSyntax, 2, 6},
		{"zone UTC\nmon 09:00-09:00", ErrBadSlot, 2, 5},
		{"zone UTC\nmon 09:00-12:00\nmon-tue 11:00-13:00", ErrOverlappingSlots, 3, 9},
		{"zone UTC\nmon 22:00-06:00\ntue 05:00-07:00", ErrOverlappingSlots, 0, 0},
		{"zone UTC\nholiday 02-30", ErrBadDate, 2, 9},
		{"zone UTC\nclosed 2023-02-29", ErrBadDate, 2, 8},
		{"zone UTC\nexception 2024-01-01", ErrSyntax, 2, 1},
		{"zone UTC\nexception 2024-01-01 x", ErrSyntax, 2, 22},
		{"zone UTC\n24x7\nmon 09:00-10:00", ErrSyntax, 0, 0},
		{"zone UTC\nzone UTC", ErrSyntax, 2, 1},
	}
	for _, tc := range tests {
		_, err := ParseCalendar(tc.text)
		var pe *ParseError
		if !errors.Is(err, tc.want) || !errors.As(err, &pe) {
			t.Errorf("%q: got %v, want %v", tc.text, err, tc.want)
			continue
		}
		if pe.Line != tc.line || pe.Column != tc.co {
			t.Errorf("%q: at %d:%d, want %d:%d (%v)", tc.text, pe.Line, pe.Column, tc.line, tc.co, err)
		}
	}
}

// FuzzParseCalendar: no input panics; whatever parses prints to text that parses back to the
// same calendar.
func FuzzParseCalendar(f *testing.F) {
	f.Add(officeText)
	f.Add("zone UTC\n24x7")
	f.Add("zone America/Sao_Paulo\nsun,tue-thu 22:00-06:00 # night\nexception 2015-10-18 00:00-24:00")
	f.Fuzz(func(t *testing.T, text string) {
		c, err := ParseCalendar(text)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error is not a *ParseError: %v", err)
			}
			return
		}
		again, err := ParseCalendar(c.String())
		if err != nil {
			t.Fatalf("printed form does not parse: %v\n%s", err, c.String())
		}
		if c.String() != again.String() {
			t.Fatalf("round trip differs:\n%s\n%s", c.String(), again.String())
		}
		if d := cmp.Diff(c.Spec(), again.Spec()); d != "" {
			t.Fatal(d)
		}
	})
}
