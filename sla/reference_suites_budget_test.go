package sla

import (
	"testing"
	"time"
)

// Error-budget cases from Pyrra and Sloth threads.

// pyrra-dev/pyrra issue #1576 (and its UI's formula): the remaining budget share of a ratio
// objective is ((1 − target) − errors/total) / (1 − target). Ours is 1 − ConsumedShare of an
// occurrences budget.
func TestPyrraRemainingBudgetShare(t *testing.T) {
	for _, tc := range []struct {
		target        string
		bad, total    int64
		wantRemaining string // share of the budget, exact
	}{
		{"99", 5, 1000, "0.5"},   // 0.5 % errors: half the budget left
		{"99", 0, 1000, "1"},     // no errors: all of it
		{"99", 20, 1000, "-1"},   // 2 %: overspent by a whole budget
		{"99.9", 1, 1000, "0"},   // exactly spent
		{"95", 7, 118, "-11/59"}, // Nobl9's scenario: 118.64 % burnt
		{"99.5", 3, 400, "-0.5"}, // 0.75 % errors
		{"90", 1, 1000000, "0.99999"},
	} {
		b, err := NewCountBudget(mustTarget(t, tc.target), tc.total, UnitEvents)
		if err != nil {
			t.Fatal(err)
		}
		s, err := b.Use(tc.bad, tc.total)
		if err != nil {
			t.Fatal(err)
		}
		if got := IntRatio(1).Sub(s.ConsumedShare).String(); got != tc.wantRemaining {
			t.Errorf("target %s, %d/%d bad: remaining %s, want %s", tc.target, tc.bad, tc.total, got, tc.wantRemaining)
		}
	}
}

// slok/sloth issue #348: "current burning budget" is the burn rate (1 − SLI)/(1 − objective):
// an SLI of 91.38 % against 99 % burns at 8.62, i.e. 862 % of the sustainable pace.
func TestSlothCurrentBurning(t *testing.T) {
	b, err := NewCountBudget(mustTarget(t, "99"), 10000, UnitEvents)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.Use(862, 10000)
	if err != nil {
		t.Fatal(err)
	}
	if !s.BurnRateDefined || s.BurnRate.String() != "8.62" || s.AttainmentToDate.String() != "91.38" {
		t.Errorf("burn %s, attainment %s", s.BurnRate, s.AttainmentToDate)
	}
}

// slok/sloth issue #231 and rhobs/configuration pull request #144: five-minute windows without
// traffic turned every budget figure into NaN, and a missing error series turned 100 % into 0 %.
// Ours: no events is no data (Known false, not 0 % or 100 %), and traffic without errors is
// 100 %.
func TestNoTrafficIsNoData(t *testing.T) {
	o := SLO{Method: Occurrences, Objective: mustTarget(t, "99.9")}
	r, err := o.Evaluate(RollingWindow, make([]SliceCount, 12), 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Known || r.Budget.Known {
		t.Errorf("no traffic: %+v", r)
	}
	r, err = o.Evaluate(RollingWindow, []SliceCount{{}, {Good: 40, Total: 40}, {}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Known || r.Attainment.String() != "100" || r.Budget.Consumed.Sign() != 0 {
		t.Errorf("traffic without errors: %+v", r)
	}
}

// pyrra-dev/pyrra issue #1576: a 4-week rolling budget counted an outage from before the window
// (the counter increase reached back past it). Ours: a rolling window holds only what lies inside
// it, so an outage 29 days ago leaves a 28-day budget whole, and one that straddles the window's
// start counts only its part inside.
func TestRollingWindowForgetsOldOutagesPyrra1576(t *testing.T) {
	asOf := time.Date(2025, 9, 9, 0, 0, 0, 0, time.UTC)
	w, err := Rolling{Length: 28 * day}.Ending(asOf)
	if err != nil {
		t.Fatal(err)
	}
	full := Interval{Start: asOf.Add(-60 * day), End: asOf}
	tl, err := TimelineFromOutages(full, []Interval{
		{Start: asOf.Add(-29 * day), End: asOf.Add(-29*day + time.Hour)},            // before the window
		{Start: w.Start.Add(-30 * time.Minute), End: w.Start.Add(30 * time.Minute)}, // straddles its start
	})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Availability(tl, nil, w, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Down != 30*time.Minute {
		t.Errorf("down in the window %s, want 30m", r.Down)
	}
	b, err := NewTimeBudget(mustTarget(t, "99"), 28*day)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.UseReport(r)
	if err != nil {
		t.Fatal(err)
	}
	// 1 % of 28 days is 6 h 43 min 12 s; 30 min of it spent.
	if got := s.Remaining.String(); got != IntRatio(int64(6*time.Hour+13*time.Minute+12*time.Second)).String() {
		t.Errorf("remaining %s ns", got)
	}
}
