package sla

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/interval"
)

func mustTarget(t interface {
	Helper()
	Fatalf(string, ...any)
}, s string) Target {
	t.Helper()
	tg, err := ParseTarget(s)
	if err != nil {
		t.Fatalf("ParseTarget(%q): %v", s, err)
	}
	return tg
}

func mustRat(t interface {
	Helper()
	Fatalf(string, ...any)
}, s string) Ratio {
	t.Helper()
	r, err := ParseRatio(s)
	if err != nil {
		t.Fatalf("ParseRatio(%q): %v", s, err)
	}
	return r
}

const day = 24 * time.Hour

// B1–B5: whole-period time budgets, exact to the nanosecond.
func TestTimeBudgetB1toB5(t *testing.T) {
	cases := []struct {
		id, target string
		period     time.Duration
		want       string // seconds, exact
	}{
		{"B1", "99.9", 30 * day, "2592"},
		{"B2 28d", "99.9", 28 * day, "2419.2"},
		{"B2 31d", "99.9", 31 * day, "2678.4"},
		{"B2 7d", "99.9", 7 * day, "604.8"},
		{"B2 1d", "99.9", 1 * day, "86.4"},
		{"B3", "99.99", 7 * day, "60.48"},
		{"B4 99.99", "99.99", 30 * day, "259.2"},
		{"B4 99.95", "99.95", 30 * day, "1296"},
		{"B5 365d", "99.999", 365 * day, "315.36"},
		{"B5 366d", "99.999", 366 * day, "316.224"},
	}
	for _, c := range cases {
		b, err := NewTimeBudget(mustTarget(t, c.target), c.period)
		if err != nil {
			t.Fatalf("%s: %v", c.id, err)
		}
		secs, _ := b.Allowed().QuoInt(int64(time.Second))
		if diff := cmp.Diff(c.want, secs.String()); diff != "" {
			t.Errorf("%s: allowed seconds (-want +got):\n%s", c.id, diff)
		}
		want, _ := time.ParseDuration(c.want + "s")
		if diff := cmp.Diff(want, b.AllowedDuration()); diff != "" {
			t.Errorf("%s: AllowedDuration (-want +got):\n%s", c.id, diff)
		}
	}
}

// B6: calendar-month budgets in Europe/Berlin follow the month's real length (DST months).
func TestPeriodBudgetB6(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Skip("no tzdata:", err)
	}
	months := []struct {
		y     int
		m     time.Month
		hours int
		want  time.Duration
	}{
		{2023, time.February, 672, 2419200 * time.Millisecond},
		{2024, time.February, 696, 2505600 * time.Millisecond},
		{2024, time.March, 743, 2674800 * time.Millisecond},
		{2024, time.April, 720, 2592 * time.Second},
		{2024, time.October, 745, 2682 * time.Second},
	}
	for _, m := range months {
		w := Monthly(berlin).Containing(time.Date(m.y, m.m, 10, 12, 0, 0, 0, berlin))
		if got := w.Duration(); got != time.Duration(m.hours)*time.Hour {
			t.Errorf("B6 %d-%02d: month of %s, want %dh", m.y, m.m, got, m.hours)
		}
		b, err := NewPeriodBudget(mustTarget(t, "99.9"), nil, w)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(m.want, b.AllowedDuration()); diff != "" {
			t.Errorf("B6 %d-%02d (-want +got):\n%s", m.y, m.m, diff)
		}
	}
}

// O1, O2: budgets counted in time slices.
func TestSliceBudgetO1O2(t *testing.T) {
	o1, err := NewCountBudget(mustTarget(t, "99.95"), 7*24*60, UnitSlices)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("10080 slices, 5.04 bad", itoa64(o1.Total)+" slices, "+o1.Allowed().String()+" bad"); diff != "" {
		t.Errorf("O1 (-want +got):\n%s", diff)
	}
	o2, err := NewCountBudget(mustTarget(t, "95"), 14*24*60, UnitSlices)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("1008", o2.Allowed().String()); diff != "" {
		t.Errorf("O2 allowed (-want +got):\n%s", diff)
	}
	s, err := o2.Use(1008, 20160)
	if err != nil {
		t.Fatal(err)
	}
	if !s.Exhausted || !s.Remaining.IsZero() || s.ConsumedShare.Cmp(ratioOne) != 0 {
		t.Errorf("O2: 1008 bad slices should exhaust the budget: %+v", s)
	}
	if diff := cmp.Diff("consumed 1008.000 of 1008.000 (100.0%), remaining 0.000; to date 1008.000 allowed, burn rate 1.000, exhausted", s.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	s, _ = o2.Use(1007, 20160)
	if s.Exhausted {
		t.Errorf("O2: 1007 bad slices exhaust the budget")
	}
}

func itoa64(n int64) string { return IntRatio(n).String() }

// R3: time to exhaustion of a full 30-day budget at several burn rates.
func TestTimeToExhaustionR3(t *testing.T) {
	b, err := NewTimeBudget(mustTarget(t, "99.9"), 30*day)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.Use(0, 0)
	if err != nil {
		t.Fatal(err)
	}
	cases := []struct {
		rate string
		want time.Duration
	}{
		{"1", 720 * time.Hour}, {"2", 360 * time.Hour}, {"6", 120 * time.Hour},
		{"10", 72 * time.Hour}, {"14.4", 50 * time.Hour}, {"1000", 43*time.Minute + 12*time.Second},
	}
	for _, c := range cases {
		got, ok := s.TimeToExhaustion(mustRat(t, c.rate))
		if !ok || got != c.want {
			t.Errorf("R3 rate %s: %s %v, want %s", c.rate, got, ok, c.want)
		}
	}
	if _, ok := s.TimeToExhaustion(IntRatio(0)); ok {
		t.Error("rate 0 exhausts the budget")
	}
	if _, ok := s.TimeToExhaustionAtCurrentRate(); ok {
		t.Error("a rate is defined with nothing elapsed")
	}
}

func TestBudgetStatus(t *testing.T) {
	b, err := NewTimeBudget(mustTarget(t, "99.9"), 30*day)
	if err != nil {
		t.Fatal(err)
	}
	// 10 days in, 30 min down: 1800 s of 2592 s consumed; to date 864 s allowed.
	s, err := b.Use(int64(30*time.Minute), int64(10*day))
	if err != nil {
		t.Fatal(err)
	}
	sec := func(r Ratio) string { x, _ := r.QuoInt(int64(time.Second)); return x.String() }
	got := []string{sec(s.Allowed), sec(s.Remaining), sec(s.AllowedToDate), sec(s.RemainingToDate),
		s.ConsumedShare.FloorString(4), s.BurnRate.String(), s.AttainmentToDate.FloorString(4)}
	want := []string{"2592", "792", "864", "-936", "0.6944", "25/12", "99.7916"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("consumed 30m0s of 43m12s (69.4%), remaining 13m12s; to date 14m24s allowed, burn rate 2.083", s.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	// At the current pace (30 min per 10 days) the 792 s left last 792/1800 × 10 d = 4.4 d.
	d, ok := s.TimeToExhaustionAtCurrentRate()
	if !ok || d != 4*day+9*time.Hour+36*time.Minute {
		t.Errorf("exhaustion at current rate: %s %v", d, ok)
	}
	// Overspent: remaining is negative, exhausted, time to exhaustion 0.
	s, _ = b.Use(int64(time.Hour), int64(10*day))
	if !s.Exhausted || sec(s.Remaining) != "-1008" {
		t.Errorf("overspent: %+v", s)
	}
	if diff := cmp.Diff("consumed 1h0m0s of 43m12s (138.8%), remaining -16m48s; to date 14m24s allowed, burn rate 4.166, exhausted", s.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
	if d, ok := s.TimeToExhaustion(ratioOne); !ok || d != 0 {
		t.Errorf("overspent exhaustion: %s %v", d, ok)
	}
}

func TestBudgetBadInput(t *testing.T) {
	tg := mustTarget(t, "99.9")
	if _, err := NewTimeBudget(tg, 0); !errors.Is(err, ErrBadObjective) {
		t.Errorf("zero period: %v", err)
	}
	if _, err := NewCountBudget(tg, 10, BudgetUnit(9)); !errors.Is(err, ErrBadObjective) {
		t.Errorf("bad unit: %v", err)
	}
	b, _ := NewCountBudget(tg, 100, UnitEvents)
	for _, c := range [][2]int64{{-1, 5}, {6, 5}, {1, 101}} {
		if _, err := b.Use(c[0], c[1]); !errors.Is(err, ErrBadObjective) {
			t.Errorf("Use(%d, %d): %v", c[0], c[1], err)
		}
	}
	if _, err := (Budget{}).Use(0, 0); !errors.Is(err, ErrBadObjective) {
		t.Errorf("zero Budget: %v", err)
	}
	// A 100 % objective has no budget: any loss has no defined share.
	z, _ := NewCountBudget(mustTarget(t, "100"), 100, UnitEvents)
	s, _ := z.Use(1, 10)
	if s.ShareDefined || s.BurnRateDefined || !s.Exhausted {
		t.Errorf("100%% objective: %+v", s)
	}
	if UnitTime.String() != "time" || UnitEvents.String() != "events" || UnitSlices.String() != "slices" || BudgetUnit(0).String() != "unknown" {
		t.Error("BudgetUnit.String")
	}
}

// Properties: consumed + remaining = allowed; more downtime never lowers consumption.
func testBudgetArithmetic(t *rapid.T) {
	tg := genTarget(t)
	total := rapid.Int64Range(1, 1<<40).Draw(t, "total")
	elapsed := rapid.Int64Range(0, total).Draw(t, "elapsed")
	c1 := rapid.Int64Range(0, elapsed).Draw(t, "consumed")
	c2 := rapid.Int64Range(c1, elapsed).Draw(t, "more")
	b, err := NewCountBudget(tg, total, UnitTime)
	if err != nil {
		t.Fatal(err)
	}
	s1, err := b.Use(c1, elapsed)
	if err != nil {
		t.Fatal(err)
	}
	s2, err := b.Use(c2, elapsed)
	if err != nil {
		t.Fatal(err)
	}
	if !s1.Consumed.Add(s1.Remaining).Equal(s1.Allowed) {
		t.Fatalf("consumed %s + remaining %s != allowed %s", s1.Consumed, s1.Remaining, s1.Allowed)
	}
	if !s1.Consumed.Add(s1.RemainingToDate).Equal(s1.AllowedToDate) {
		t.Fatalf("to-date identity broken")
	}
	if s2.Consumed.Cmp(s1.Consumed) < 0 || s2.Remaining.Cmp(s1.Remaining) > 0 || s2.ConsumedShare.Cmp(s1.ConsumedShare) < 0 {
		t.Fatalf("more downtime lowered consumption: %+v then %+v", s1, s2)
	}
	if s1.BurnRateDefined && s2.BurnRate.Cmp(s1.BurnRate) < 0 {
		t.Fatalf("more downtime lowered the burn rate")
	}
}

func genTarget(t *rapid.T) Target {
	s := rapid.SampledFrom([]string{"0", "50", "90", "95", "99", "99.5", "99.9", "99.95", "99.99", "99.999", "100"}).Draw(t, "target")
	tg, err := ParseTarget(s)
	if err != nil {
		t.Fatal(err)
	}
	return tg
}

func TestBudgetArithmetic(t *testing.T) { rapid.Check(t, testBudgetArithmetic) }
func FuzzBudgetArithmetic(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testBudgetArithmetic)) }

// W1: 09:00–10:00 operational 10 min, degraded 30 min, down 20 min. The budget consumed follows
// the degraded policy: 20 min when degraded counts as available (66.67 %), 50 min when it
// counts as down (16.67 %). The reference rounds to nearest; figures here are shown rounded
// down (exactly 200/3 % and 50/3 %).
func TestUseReportW1(t *testing.T) {
	nine := time.Date(2026, 6, 1, 9, 0, 0, 0, time.UTC)
	w := interval.Interval{Start: nine, End: nine.Add(time.Hour)}
	tl, err := TimelineFromIntervals(w, []StatusInterval{
		{interval.Interval{Start: nine, End: nine.Add(10 * time.Minute)}, Operational},
		{interval.Interval{Start: nine.Add(10 * time.Minute), End: nine.Add(40 * time.Minute)}, Degraded},
		{interval.Interval{Start: nine.Add(40 * time.Minute), End: nine.Add(time.Hour)}, Down},
	})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewTimeBudget(mustTarget(t, "99.9"), 30*day)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, loss := range []string{"0", "1"} {
		rep, err := Availability(tl, nil, w, Policy{DegradedLoss: mustRat(t, loss)})
		if err != nil {
			t.Fatal(err)
		}
		s, err := b.UseReport(rep)
		if err != nil {
			t.Fatal(err)
		}
		min, _ := s.Consumed.QuoInt(int64(time.Minute))
		got = append(got, rep.Format(2)+" consumed "+min.String()+" min, to date "+s.AttainmentToDate.FloorString(2))
	}
	want := []string{"66.66% consumed 20 min, to date 66.66", "16.66% consumed 50 min, to date 16.66"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("W1 (-want +got):\n%s", diff)
	}
	ev, _ := NewCountBudget(mustTarget(t, "99.9"), 100, UnitEvents)
	if _, err := ev.UseReport(Report{}); !errors.Is(err, ErrBadObjective) {
		t.Errorf("event budget from a report: %v", err)
	}
}

// A budget over service hours: 99.9 % of the weekday 09:00–17:00 hours of April 2024 in
// Berlin (22 working days, 176 h) is 633.6 s; calendar time outside service hours does not count.
func TestPeriodBudgetBusinessHours(t *testing.T) {
	cal, err := ParseCalendar("zone Europe/Berlin\nmon-fri 09:00-17:00\n")
	if err != nil {
		t.Fatal(err)
	}
	berlin := cal.Location()
	april := Monthly(berlin).Containing(time.Date(2024, 4, 15, 12, 0, 0, 0, berlin))
	b, err := NewPeriodBudget(mustTarget(t, "99.9"), cal, april)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(633600*time.Millisecond, b.AllowedDuration()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// To-date and whole-period views together: a 30-day period (April 2026, UTC) as of 11 April,
// with one hour down: the whole-period budget is 43.2 min and already overspent; the budget of
// the ten days so far is 14.4 min.
func TestBudgetToDateFromReport(t *testing.T) {
	april := Monthly(time.UTC).Containing(time.Date(2026, 4, 15, 0, 0, 0, 0, time.UTC))
	asOf := april.Start.Add(10 * day)
	tl, err := TimelineFromOutages(april, []interval.Interval{{Start: april.Start.Add(3 * day), End: april.Start.Add(3*day + time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := AvailabilityToDate(tl, nil, april, asOf, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewPeriodBudget(mustTarget(t, "99.9"), nil, april)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.UseReport(rep)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("consumed 1h0m0s of 43m12s (138.8%), remaining -16m48s; to date 14m24s allowed, burn rate 4.166, exhausted", s.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

func TestParseRatio(t *testing.T) {
	r, err := ParseRatio("14/15")
	if err != nil || r.FloorString(4) != "0.9333" {
		t.Errorf("14/15: %s %v", r, err)
	}
	var pe *ParseError
	if _, err := ParseRatio("1e3"); !errors.As(err, &pe) || !strings.HasPrefix(err.Error(), "sla: number") {
		t.Errorf("1e3: %v", err)
	}
}

// With 10 h of maintenance excluded from a 720-hour period, 99.9 % allows 42.6 min of loss on
// the 710 counted hours; 43 min down breaches the agreement. The budget stands on the same 710
// hours: 24 s overspent, the agreement's overrun, both for the whole period and to date.
func TestUseReportWithExclusions(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	month := Interval{Start: start, End: start.Add(30 * day)}
	tl, err := TimelineFromOutages(month, []Interval{{Start: start.Add(day), End: start.Add(day + 43*time.Minute)}},
		WithMaintenance(Interval{Start: start.Add(2 * day), End: start.Add(2*day + 10*time.Hour)}))
	if err != nil {
		t.Fatal(err)
	}
	tg := mustTarget(t, "99.9")
	ag := Agreement{ID: "A", Objectives: []Objective{{Target: tg}}, Period: Monthly(time.UTC)}
	prs, err := ag.Evaluate(tl, month, month.End)
	if err != nil {
		t.Fatal(err)
	}
	res := prs[0].Results[0]
	b, err := NewPeriodBudget(tg, nil, month)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.UseReport(res.Report)
	if err != nil {
		t.Fatal(err)
	}
	sec := func(r Ratio) string { q, _ := r.QuoInt(int64(time.Second)); return q.String() }
	got := []string{res.Outcome.String(), sec(res.Overrun), sec(s.Remaining), sec(s.RemainingToDate),
		time.Duration(s.Budget.Total).String(), s.Budget.AllowedDuration().String(), fmt.Sprint(s.Exhausted)}
	want := []string{"breached", "24", "-24", "-24", "710h0m0s", "42m36s", "true"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("outcome, overrun, remaining, remaining to date, budget total, allowed, exhausted (-want +got):\n%s", diff)
	}
	// A budget already reduced by the excluded time, used with the report, would exclude it
	// twice: refused.
	small, err := NewTimeBudget(tg, res.Report.Counted)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := small.UseReport(res.Report); !errors.Is(err, ErrBadObjective) {
		t.Errorf("report larger than the budget's total: %v", err)
	}
}

// To date, the whole-period budget leaves out only the exclusions known so far: 10 days into a
// 30-day month with 10 h of maintenance behind, 99.9 % of 710 h is allowed for the period and
// 99.9 % of the 230 counted hours to date.
func TestUseReportToDateWithExclusions(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	month := Interval{Start: start, End: start.Add(30 * day)}
	tl, err := TimelineFromOutages(month, []Interval{{Start: start.Add(day), End: start.Add(day + 20*time.Minute)}},
		WithMaintenance(Interval{Start: start.Add(2 * day), End: start.Add(2*day + 10*time.Hour)}))
	if err != nil {
		t.Fatal(err)
	}
	rep, err := AvailabilityToDate(tl, nil, month, start.Add(10*day), Policy{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewPeriodBudget(mustTarget(t, "99.9"), nil, month)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.UseReport(rep)
	if err != nil {
		t.Fatal(err)
	}
	// 0.1 % of 720 h − 10 h excluded = 42 m 36 s; String names that basis.
	if s.Excluded != int64(10*time.Hour) || s.Budget.Total != int64(710*time.Hour) {
		t.Errorf("excluded %v of total %v, want 10h of 710h", time.Duration(s.Excluded), time.Duration(s.Budget.Total))
	}
	if diff := cmp.Diff("consumed 20m0s of 42m36s (46.9%) over 720h0m0s minus 10h0m0s excluded, remaining 22m36s; to date 13m48s allowed, burn rate 1.449", s.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}

// No data is not an empty or a full budget: a report with nothing counted gives Known false,
// and String says so.
func TestUseReportNoData(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	month := Interval{Start: start, End: start.Add(30 * day)}
	tl, err := TimelineFromIntervals(month, nil) // all no data
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Availability(tl, nil, month, Policy{})
	if err != nil {
		t.Fatal(err)
	}
	b, err := NewPeriodBudget(mustTarget(t, "99.9"), nil, month)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.UseReport(rep)
	if err != nil {
		t.Fatal(err)
	}
	if s.Known || s.BurnRateDefined || s.Exhausted {
		t.Errorf("no data: known %v, burn rate defined %v, exhausted %v", s.Known, s.BurnRateDefined, s.Exhausted)
	}
	if diff := cmp.Diff("no data; budget 0s over 720h0m0s minus 720h0m0s excluded", s.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	s, err = b.Use(0, 0)
	if err != nil || s.Known || s.String() != "no data; budget 43m12s" {
		t.Errorf("Use(0, 0): %q known %v, %v", s, s.Known, err)
	}
}

// testBudgetAgreesWithTarget: for a report of a whole period and the budget over that period,
// the budget is overspent (Remaining < 0) exactly when the availability is below the target,
// and then −Remaining is the loss beyond what the target allows; for any window so far,
// RemainingToDate < 0 exactly when the figure to date is below the target. No data is Known
// false either way.
func testBudgetAgreesWithTarget(t *rapid.T) {
	c := genAvailabilityCase(t)
	tl := c.timeline(t, c.outages)
	tg := genTarget(t)
	b, err := NewPeriodBudget(tg, c.cal, c.window)
	if err != nil {
		t.Skip("no service hours in the window")
	}
	cut := c.window.Start.Add(genSpan(t, c.window.Duration(), "asOf"))
	for _, w := range []Interval{c.window, {Start: c.window.Start, End: cut}} {
		if w.End.After(c.window.End) {
			w.End = c.window.End
		}
		r := c.report(t, tl, w)
		s, err := b.UseReport(r)
		if err != nil {
			t.Fatalf("%v: %v", w, err)
		}
		if s.Known != r.Known {
			t.Fatalf("known %v, report known %v", s.Known, r.Known)
		}
		if !r.Known {
			continue
		}
		if below := !tg.Met(r.Availability); below != (s.RemainingToDate.Sign() < 0) {
			t.Fatalf("%v: availability %s, target %s, remaining to date %s", w, r.Availability, tg, s.RemainingToDate)
		}
		if w == c.window {
			below := !tg.Met(r.Availability)
			if below != (s.Remaining.Sign() < 0) || !s.Remaining.Equal(s.RemainingToDate) {
				t.Fatalf("whole period: availability %s, target %s, remaining %s (to date %s)", r.Availability, tg, s.Remaining, s.RemainingToDate)
			}
		} else if s.Remaining.Cmp(s.RemainingToDate) < 0 {
			t.Fatalf("whole-period remaining %s below remaining to date %s", s.Remaining, s.RemainingToDate)
		}
	}
}

func TestBudgetAgreesWithTarget(t *testing.T) { rapid.Check(t, testBudgetAgreesWithTarget) }
func FuzzBudgetAgreesWithTarget(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testBudgetAgreesWithTarget)) }

// A period longer than a Duration holds is refused, as Availability refuses such a window,
// instead of a budget over a saturated total; so is a reversed period. 292 years still fits.
func TestNewPeriodBudgetBadPeriod(t *testing.T) {
	tg := mustTarget(t, "99.9")
	start := time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, c := range []struct {
		name   string
		period Interval
		ok     bool
	}{
		{"292 years", Interval{Start: start, End: start.AddDate(292, 0, 0)}, true},
		{"293 years", Interval{Start: start, End: start.AddDate(293, 0, 0)}, false},
		{"1000 years", Interval{Start: start, End: start.AddDate(1000, 0, 0)}, false},
		{"reversed", Interval{Start: start.Add(time.Hour), End: start}, false},
	} {
		b, err := NewPeriodBudget(tg, nil, c.period)
		if c.ok != (err == nil) || !c.ok && !errors.Is(err, ErrBadInterval) {
			t.Errorf("%s: %v", c.name, err)
		}
		if c.ok && b.Total != int64(c.period.Duration()) {
			t.Errorf("%s: total %d", c.name, b.Total)
		}
		if _, aerr := Availability(Timeline{}, nil, c.period, Policy{}); (aerr == nil) != (err == nil) {
			t.Errorf("%s: budget %v, availability %v", c.name, err, aerr)
		}
	}
}
