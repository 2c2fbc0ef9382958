package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/interval"
)

// An ITSM tool stores its agreements. json.Marshal of an Agreement used to succeed while
// writing the calendar as {} and the period's zone as {}: decoding gave a 24×7 calendar in a
// zone named "" — the service hours, holidays and zone silently lost. Calendars now marshal as
// their text form and periods as "<kind> <zone> [first weekday]", so an agreement round-trips
// and evaluates to the same figures.
func TestAgreementJSONRoundTrip(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	spec := weekdays(Slot{Clock(8, 0), Clock(18, 0)})
	spec.Holidays = []Holiday{{Month: 12, Day: 25, Name: "Christmas Day"}}
	target, _ := ParseTarget("99.5")
	half, _ := ParseRatio("0.5")
	a := Agreement{
		ID: "A1", Customer: "c", Service: "s",
		Objectives: []Objective{{Name: "hours", Target: target, Policy: Policy{NoData: NoDataDown, DegradedLoss: half}}},
		Calendar:   mustCalendar(t, berlin, spec),
		Period:     Weekly(berlin, time.Monday),
		Effective:  time.Date(2024, 3, 1, 0, 0, 0, 0, berlin),
	}
	b, err := json.Marshal(a)
	if err != nil {
		t.Fatal(err)
	}
	var back Agreement
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatalf("%v\n%s", err, b)
	}
	if back.Calendar.String() != a.Calendar.String() || back.Period.Location.String() != "Europe/Berlin" ||
		back.Period.Kind != Week || back.Period.FirstWeekday != time.Monday {
		t.Fatalf("lost in JSON:\n%s\ncalendar:\n%s", b, back.Calendar)
	}
	w := iv(time.Date(2024, 3, 1, 0, 0, 0, 0, berlin), time.Date(2024, 4, 1, 0, 0, 0, 0, berlin))
	tl, _ := TimelineFromOutages(w, []interval.Interval{iv(time.Date(2024, 3, 12, 9, 0, 0, 0, berlin), time.Date(2024, 3, 12, 11, 0, 0, 0, berlin))})
	asOf := time.Date(2024, 3, 20, 0, 0, 0, 0, berlin)
	want, err := a.Evaluate(tl, w, asOf)
	if err != nil {
		t.Fatal(err)
	}
	got, err := back.Evaluate(tl, w, asOf)
	if err != nil {
		t.Fatal(err)
	}
	summary := func(rs []PeriodResult) []string {
		var out []string
		for _, p := range rs {
			out = append(out, p.Period.String()+" "+p.Results[0].Outcome.String()+" "+p.Results[0].Report.Format(3))
		}
		return out
	}
	if d := cmp.Diff(summary(want), summary(got)); d != "" {
		t.Fatalf("decoded agreement evaluates differently (-want +got):\n%s", d)
	}

	// A zone that cannot be written by name is an error, not a silent {}.
	fixed := mustCalendar(t, time.FixedZone("UTC+3", 3*3600), spec)
	if _, err := json.Marshal(fixed); !errors.Is(err, ErrUnknownZone) {
		t.Fatalf("calendar in a fixed zone: want ErrUnknownZone, got %v", err)
	}
	if _, err := json.Marshal(Monthly(time.FixedZone("x", 60))); !errors.Is(err, ErrUnknownZone) {
		t.Fatalf("period in a fixed zone: want ErrUnknownZone, got %v", err)
	}
}

func TestPeriodText(t *testing.T) {
	berlin := mustLoc(t, "Europe/Berlin")
	for _, tc := range []struct {
		p    Period
		text string
	}{
		{Monthly(berlin), "month Europe/Berlin"},
		{Daily(nil), "day UTC"},
		{Weekly(time.UTC, time.Monday), "week UTC monday"},
		{Weekly(time.UTC, time.Sunday), "week UTC sunday"},
		{Yearly(mustLoc(t, "Pacific/Chatham")), "year Pacific/Chatham"},
	} {
		b, err := tc.p.MarshalText()
		if err != nil || string(b) != tc.text {
			t.Errorf("%v: %q %v, want %q", tc.p, b, err, tc.text)
		}
		back, err := ParsePeriod(tc.text)
		if err != nil || back.Kind != tc.p.Kind || back.loc().String() != tc.p.loc().String() || back.FirstWeekday != tc.p.FirstWeekday {
			t.Errorf("ParsePeriod(%q) = %+v %v", tc.text, back, err)
		}
	}
	for _, bad := range []string{"", "month", "month Mars/Olympus", "month Local", "fortnight UTC", "month UTC monday", "week UTC someday", "week UTC monday extra"} {
		var p Period
		err := p.UnmarshalText([]byte(bad))
		var pe *ParseError
		if !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "sla: period") {
			t.Errorf("%q: want a *ParseError, got %v", bad, err)
		}
	}
	if _, err := (Period{}).MarshalText(); !errors.Is(err, ErrBadPeriod) {
		t.Errorf("zero period: %v", err)
	}
}

// FuzzParsePeriod: ParsePeriod never panics; what it accepts writes back to text that parses to
// the same period.
func FuzzParsePeriod(f *testing.F) {
	for _, s := range []string{"month Europe/Berlin", "week UTC monday", "Weekly America/Sao_Paulo Sat", "year", "day Local", "quarter UTC x"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		p, err := ParsePeriod(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%q: error %v is not a *ParseError", s, err)
			}
			return
		}
		b, err := p.MarshalText()
		if err != nil {
			t.Fatalf("%q parsed but does not marshal: %v", s, err)
		}
		q, err := ParsePeriod(string(b))
		if err != nil || q.Kind != p.Kind || q.FirstWeekday != p.FirstWeekday || q.loc().String() != p.loc().String() {
			t.Fatalf("%q → %q → %+v %v", s, b, q, err)
		}
	})
}
