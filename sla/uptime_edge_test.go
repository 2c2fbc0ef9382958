package sla

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// DESIGN §4.9: the same input gives the same output, errors included. ReadUpptimeSummary walked
// dailyMinutesDown in Go's map order and reported whichever bad day it met first, so a document
// with several bad days gave a different error from run to run. It now reports the first bad day
// in text order.
func TestReadUpptimeSummaryDeterministicError(t *testing.T) {
	doc := `[{"name":"a","url":"u","slug":"a","uptime":"99.5%","dailyMinutesDown":{` +
		`"2024-01-05":10,"2024-01-03":-1,"2024-13-01":5,"2024-01-02":2000,"2024-01-01":3,"x":1}}]`
	for range 50 {
		_, err := ReadUpptimeSummary(strings.NewReader(doc))
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrUpptime) {
			t.Fatalf("want a *ParseError wrapping ErrUpptime, got %v", err)
		}
		if pe.Input != "2024-01-02" {
			t.Fatalf("reported %q, want the first bad day in order, 2024-01-02", pe.Input)
		}
	}
}

// Loader errors say the package, the file, the line and the column once, whether the CSV reader
// or the row checks found the fault.
func TestReadUpptimeChangesErrorText(t *testing.T) {
	head := "timestamp,site_name,slug,status,http_code,response_time_ms,commit\n"
	for name, tc := range map[string]struct{ in, want string }{
		"bare quote in header": {"time\"stamp,site_name\n",
			`sla: status_changes.csv line 1, column 5: bad Upptime data: bare " in non-quoted-field`},
		"bare quote in a row": {head + "2026-01-01T00:00:00Z,a\"b,a,up,200,1,c\n",
			`sla: status_changes.csv line 2, column 23: bad Upptime data: bare " in non-quoted-field`},
		"wrong field count": {head + "2026-01-01T00:00:00Z,a\n",
			`sla: status_changes.csv line 2, column 1: bad Upptime data: wrong number of fields`},
		"bad status": {head + "2026-01-01T00:00:00Z,a,a,sideways,200,1,c\n",
			`sla: status_changes.csv line 2, column 4 "sideways": bad Upptime data: want up, down or degraded`},
		"empty": {"", `sla: status_changes.csv line 1: bad Upptime data: empty file`},
	} {
		_, err := ReadUpptimeChanges(strings.NewReader(tc.in))
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrUpptime) {
			t.Fatalf("%s: want a *ParseError wrapping ErrUpptime, got %v", name, err)
		}
		if err.Error() != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", name, err, tc.want)
		}
		if n := strings.Count(err.Error(), "line "); n != 1 {
			t.Errorf("%s: %q says the line %d times", name, err, n)
		}
	}
}

// A site's timeline covers the monitor's window [Start, LastUpdated): it opens up, a change
// before Start sets the opening status, one after LastUpdated is cut off, and a site that never
// changed status is up throughout (not an error).
func TestUpptimeSiteTimeline(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 7, 14, h, 0, 0, 0, time.UTC) }
	u := Upptime{
		Sites: []UpptimeSite{
			{Slug: "never", Start: at(10), LastUpdated: at(20)},
			{Slug: "early", Start: at(10), LastUpdated: at(20)},
		},
		Changes: []UpptimeChange{
			{At: at(8), Slug: "early", Status: Down},
			{At: at(12), Slug: "early", Status: Operational},
			{At: at(19), Slug: "early", Status: Down},
			{At: at(22), Slug: "early", Status: Operational},
		},
	}
	never, err := u.Timeline("never")
	if err != nil {
		t.Fatal(err)
	}
	if got, want := never.Window(), (Interval{Start: at(10), End: at(20)}); got != want {
		t.Errorf("never: window %v, want %v", got, want)
	}
	if d := cmp.Diff(IntervalSet{{Start: at(10), End: at(20)}}, never.Intervals(Operational)); d != "" {
		t.Errorf("never: up (-want +got):\n%s", d)
	}
	early, err := u.Timeline("early")
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(IntervalSet{{Start: at(10), End: at(12)}, {Start: at(19), End: at(20)}}, early.Intervals(Down)); d != "" {
		t.Errorf("early: down (-want +got):\n%s", d)
	}
	if _, err := u.Timeline("nosuch"); !errors.Is(err, ErrUpptime) {
		t.Errorf("unknown slug: %v, want ErrUpptime", err)
	}
}

// B3: time.Parse reads "…00.0000000001Z" as a whole second, silently. The Upptime readers
// refuse a fraction finer than a nanosecond; nine digits, and zeros after them, still read.
func TestUpptimeTimesFinerThanNanosecond(t *testing.T) {
	for in, ok := range map[string]bool{
		"2026-07-14T15:41:25.147Z":             true,
		"2026-07-14T15:41:25.123456789Z":       true,
		"2026-07-14T15:41:25.1234567890Z":      true,
		"2026-07-14T15:41:25.0000000001Z":      false,
		"2026-07-14T15:41:25.1234567891+02:00": false,
	} {
		_, _, err := readUpptimeSiteFile(strings.NewReader("startTime: 2026-07-14T00:00:00Z\nlastUpdated: "+in+"\n"), "x.yml")
		if ok != (err == nil) || err != nil && !errors.Is(err, ErrUpptime) {
			t.Errorf("%s: %v", in, err)
		}
	}
}
