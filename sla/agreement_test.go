package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/internal/interval"
)

func TestAgreementEvaluate(t *testing.T) {
	target, _ := ParseTarget("99.5")
	cal := mustCalendar(t, time.UTC, weekdays(Slot{Clock(9, 0), Clock(17, 0)}))
	a := Agreement{
		ID: "A1", Customer: "c", Service: "s",
		Objectives: []Objective{{Name: "business hours", Target: target}, {Name: "strict", Target: target, Policy: Policy{NoData: NoDataDown}}},
		Calendar:   cal,
		Period:     Weekly(time.UTC, time.Monday),
		Effective:  utc(2024, 3, 6, 0, 0), // a Wednesday
	}
	// Week of 4 March: effective from Wednesday: 3 days × 8 h = 24 h counted; 12 min down
	// inside hours and 2 h outside them. Week of 11 March: no data from Thursday on.
	w := iv(utc(2024, 3, 4, 0, 0), utc(2024, 3, 14, 0, 0))
	tl, err := TimelineFromOutages(w, []interval.Interval{
		iv(utc(2024, 3, 4, 10, 0), utc(2024, 3, 4, 12, 0)), // before the effective date
		iv(utc(2024, 3, 7, 9, 0), utc(2024, 3, 7, 9, 12)),
		iv(utc(2024, 3, 7, 18, 0), utc(2024, 3, 7, 20, 0)),
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Evaluate(tl, iv(utc(2024, 2, 26, 0, 0), utc(2024, 3, 25, 0, 0)), utc(2024, 3, 18, 0, 0))
	if err != nil {
		t.Fatal(err)
	}
	type row struct {
		Start              string
		Complete           bool
		Outcomes           [2]Outcome
		Counted, Overrun   string
		StrictAvailability string
	}
	var got []row
	for _, p := range res {
		r := row{Start: p.Period.Start.Format(time.DateOnly), Complete: p.Complete}
		for k, o := range p.Results {
			r.Outcomes[k] = o.Outcome
		}
		r.Counted = p.Results[0].Report.Counted.String()
		r.Overrun = p.Results[0].Overrun.String()
		r.StrictAvailability = p.Results[1].Report.Format(2)
		got = append(got, r)
	}
	// Week 1: allowed 0.5 % of 24 h = 7.2 min, lost 12 min: overrun 4.8 min = 288e9 ns.
	// Week 2: 3 days of data (Mon–Wed) = 24 h up, Thu–Fri no data: strict counts them down.
	want := []row{
		{"2024-03-04", true, [2]Outcome{Breached, Breached}, "24h0m0s", "288000000000", "99.16%"},
		{"2024-03-11", true, [2]Outcome{Attained, Breached}, "24h0m0s", "-432000000000", "60.00%"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatal(d)
	}
	if res[0].Attained() || res[0].Results[0].Margin.Sign() >= 0 {
		t.Fatal("week 1 attained")
	}
}

func TestAgreementNotMeasured(t *testing.T) {
	target, _ := ParseTarget("99.9")
	a := Agreement{ID: "A2", Objectives: []Objective{{Target: target}}, Period: Daily(time.UTC)}
	tl, _ := TimelineFromEvents(iv(utc(2024, 1, 1, 0, 0), utc(2024, 1, 2, 0, 0)), nil)
	res, err := a.Evaluate(tl, iv(utc(2024, 1, 1, 0, 0), utc(2024, 1, 2, 0, 0)), utc(2024, 1, 2, 0, 0))
	// DESIGN §4.5: no data is "no data", never shown as success. A period with nothing measured
	// used to report Attained() true, which a report counting attained periods shows as met.
	if err != nil || len(res) != 1 || res[0].Results[0].Outcome != NotMeasured || res[0].Attained() || res[0].Outcome() != NotMeasured {
		t.Fatalf("no data must be not measured: %+v %v", res, err)
	}
}

// A period's outcome: breached when any objective is breached, else over pace when any is,
// else not measured when any objective has no data, else on track when any is, else attained.
func TestPeriodOutcome(t *testing.T) {
	for _, tc := range []struct {
		in   []Outcome
		want Outcome
	}{
		{[]Outcome{Attained, Attained}, Attained},
		{[]Outcome{Attained, NotMeasured}, NotMeasured},
		{[]Outcome{NotMeasured, Breached}, Breached},
		{[]Outcome{Attained, Breached}, Breached},
		{[]Outcome{NotMeasured}, NotMeasured},
		{nil, NotMeasured},
		// A running period: breached, then over pace, then no data, then on track.
		{[]Outcome{OnTrack, OnTrack}, OnTrack},
		{[]Outcome{OnTrack, OverPace}, OverPace},
		{[]Outcome{OverPace, NotMeasured}, OverPace},
		{[]Outcome{OnTrack, NotMeasured}, NotMeasured},
		{[]Outcome{OverPace, Breached}, Breached},
		{[]Outcome{Attained, OnTrack}, OnTrack},
		{[]Outcome{Outcome(0), OnTrack}, NotMeasured},
	} {
		var p PeriodResult
		for _, o := range tc.in {
			p.Results = append(p.Results, ObjectiveResult{Outcome: o})
		}
		if got := p.Outcome(); got != tc.want || p.Attained() != (tc.want == Attained) {
			t.Errorf("%v: Outcome %v Attained %v, want %v", tc.in, got, p.Attained(), tc.want)
		}
	}
}

func TestAgreementBadInput(t *testing.T) {
	target, _ := ParseTarget("99.9")
	tests := []struct {
		name string
		a    Agreement
	}{
		{"no objectives", Agreement{ID: "x", Period: Daily(time.UTC)}},
		{"no period", Agreement{ID: "x", Objectives: []Objective{{Target: target}}}},
		{"bad policy", Agreement{ID: "x", Period: Daily(time.UTC), Objectives: []Objective{{Target: target, Policy: Policy{NoData: 7}}}}},
	}
	for _, tc := range tests {
		if _, err := tc.a.Evaluate(Timeline{}, iv(utc(2024, 1, 1, 0, 0), utc(2024, 1, 2, 0, 0)), utc(2024, 1, 2, 0, 0)); !errors.Is(err, ErrBadAgreement) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}
