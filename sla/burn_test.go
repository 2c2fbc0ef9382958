package sla

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/interval"
)

func factors(p BurnPolicy) []string {
	var out []string
	for _, a := range p.Alerts {
		out = append(out, a.Factor.String())
	}
	return out
}

// R1: Workbook table over 30 days gives factors 14.4, 6, 3, 1.
func TestWorkbook30DayR1(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"14.4", "6", "3", "1"}, factors(p)); diff != "" {
		t.Errorf("R1 (-want +got):\n%s", diff)
	}
}

// R2: the same shares over 28 days give 13.44, 5.6, 2.8, 0.9333….
func TestWorkbook28DayR2(t *testing.T) {
	p, err := Workbook28Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"13.44", "5.6", "2.8", "14/15"}, factors(p)); diff != "" {
		t.Errorf("R2 (-want +got):\n%s", diff)
	}
	if got := p.Alerts[3].Factor.FloorString(4); got != "0.9333" {
		t.Errorf("R2 last factor shown %s", got)
	}
}

func TestFixedFactorPolicy(t *testing.T) {
	p, err := NewFixedFactorPolicy(mustTarget(t, "99.9"), 28*day, FixedFactorAlerts())
	if err != nil {
		t.Fatal(err)
	}
	var shares []string
	for _, a := range p.Alerts {
		shares = append(shares, a.BudgetPercent.FloorString(3))
	}
	if diff := cmp.Diff([]string{"2.142", "5.357", "10.714", "10.714"}, shares); diff != "" {
		t.Errorf("28-day fixed-factor shares (-want +got):\n%s", diff)
	}
	p30, err := NewFixedFactorPolicy(mustTarget(t, "99.9"), 30*day, FixedFactorAlerts())
	if err != nil {
		t.Fatal(err)
	}
	w30, _ := Workbook30Day(mustTarget(t, "99.9"))
	if diff := cmp.Diff(w30.Alerts, p30.Alerts); diff != "" {
		t.Errorf("fixed factors over 30 days differ from the Workbook table (-want +got):\n%s", diff)
	}
}

func TestBurnPolicyBadInput(t *testing.T) {
	tg := mustTarget(t, "99.9")
	two := mustRat(t, "2")
	cases := map[string][]BurnAlertSpec{
		"long shorter than short": {{Name: "a", BudgetPercent: two, Long: time.Minute, Short: time.Hour}},
		"equal windows":           {{Name: "a", BudgetPercent: two, Long: time.Hour, Short: time.Hour}},
		"zero short":              {{Name: "a", BudgetPercent: two, Long: time.Hour}},
		"long over period":        {{Name: "a", BudgetPercent: two, Long: 31 * day, Short: time.Hour}},
		"zero share":              {{Name: "a", Long: time.Hour, Short: time.Minute}},
		"share over 100":          {{Name: "a", BudgetPercent: mustRat(t, "100.5"), Long: time.Hour, Short: time.Minute}},
		"no name":                 {{BudgetPercent: two, Long: time.Hour, Short: time.Minute}},
		"duplicate name": {{Name: "a", BudgetPercent: two, Long: time.Hour, Short: time.Minute},
			{Name: "a", BudgetPercent: two, Long: 2 * time.Hour, Short: time.Minute}},
	}
	for name, specs := range cases {
		if _, err := NewBurnPolicy(tg, 30*day, specs); !errors.Is(err, ErrBadBurnPolicy) {
			t.Errorf("%s: %v", name, err)
		}
	}
	if _, err := NewBurnPolicy(mustTarget(t, "100"), 30*day, nil); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("100%% objective: %v", err)
	}
	if _, err := NewBurnPolicy(tg, 0, nil); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("zero period: %v", err)
	}
	if _, err := NewFixedFactorPolicy(tg, 30*day, []FixedFactorSpec{{Name: "a", Factor: IntRatio(1000), Long: day, Short: time.Hour}}); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("factor burning more than the budget: %v", err)
	}
	if _, err := NewFixedFactorPolicy(tg, 30*day, []FixedFactorSpec{{Name: "a", Long: day, Short: time.Hour}}); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("zero factor: %v", err)
	}
	if _, err := BurnFactor(two, 0, day); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("zero window: %v", err)
	}
	if _, err := NewCountSeries(time.Time{}, time.Minute, []int64{2}, []int64{1}); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("good above total: %v", err)
	}
	if _, err := NewCountSeries(time.Time{}, time.Minute, []int64{1}, nil); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("length mismatch: %v", err)
	}
	if _, err := NewCountSeries(time.Time{}, 0, nil, nil); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("zero step: %v", err)
	}
}

// An outage of 90 minutes ending at the evaluation instant: both page alerts' long windows burn
// far above their factors; the 1-hour alert's short window too.
func TestEvaluateIntervals(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 3, 10, 12, 0, 0, 0, time.UTC)
	observed := interval.Set{{Start: at.Add(-10 * day), End: at.Add(day)}}
	bad := interval.Set{{Start: at.Add(-90 * time.Minute), End: at}}
	e := p.EvaluateIntervals(bad, observed, at)
	if diff := cmp.Diff([]string{"page-1h", "page-6h", "ticket-1d", "ticket-3d"}, e.Firing()); diff != "" {
		t.Errorf("firing (-want +got):\n%s", diff)
	}
	r := e.Alerts[0]
	if diff := cmp.Diff("long window 1h0m0s: burn rate 1000.000 ≥ 14.4; short window 5m0s: burn rate 1000.000 ≥ 14.4", r.Reason); diff != "" {
		t.Errorf("reason (-want +got):\n%s", diff)
	}
	// 3 d window: 90 min of 72 h = 1/48 → burn 20.83 ≥ 1.
	if got := e.Alerts[3].Long.Rate.FloorString(2); got != "20.83" {
		t.Errorf("3d burn %s", got)
	}
	// Once the outage is 10 minutes over, the short windows of the page alerts recover.
	e = p.EvaluateIntervals(bad, observed, at.Add(10*time.Minute))
	if diff := cmp.Diff([]string{"page-6h", "ticket-1d", "ticket-3d"}, e.Firing()); diff != "" {
		t.Errorf("after recovery (-want +got):\n%s", diff)
	}
	// Bad time outside observed time does not count; no observed time is no data.
	e = p.EvaluateIntervals(bad, nil, at)
	if len(e.Firing()) != 0 || !e.Alerts[0].Long.NoData || e.Alerts[0].Reason != "long window 1h0m0s: no data; short window 5m0s: no data" {
		t.Errorf("no data: %+v", e.Alerts[0])
	}
}

func TestEvaluateCounts(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 3 * 24 * 60
	good, total := make([]int64, n), make([]int64, n)
	for i := range n {
		total[i] = 1000
		good[i] = 1000
	}
	// The last 30 minutes lose 2 % of requests: burn 20 over those minutes.
	for i := n - 30; i < n; i++ {
		good[i] = 980
	}
	s, err := NewCountSeries(start, time.Minute, good, total)
	if err != nil {
		t.Fatal(err)
	}
	at := start.Add(time.Duration(n) * time.Minute)
	e := p.EvaluateCounts(s, at)
	// 1 h window: 30 × 20 bad of 60 000 → 1 % → burn 10 < 14.4; 6 h: 600/360000 → 1.67 < 6.
	if len(e.Firing()) != 0 {
		t.Errorf("firing %v: %+v", e.Firing(), e.Alerts[0])
	}
	if got := e.Alerts[0].Long.Rate.String(); got != "10" {
		t.Errorf("1h burn %s", got)
	}
	if got := e.Alerts[0].Short.Rate.String(); got != "20" {
		t.Errorf("5m burn %s", got)
	}
	fires := p.Backtest(s)
	if len(fires) != 4 || len(fires[0]) != 0 {
		t.Errorf("backtest page-1h %v", fires[0])
	}
}

// Backtest agrees with EvaluateCounts at every slice boundary.
func testBacktestMatchesEvaluate(t *rapid.T) {
	n := rapid.IntRange(1, 300).Draw(t, "n")
	good, total := make([]int64, n), make([]int64, n)
	for i := range n {
		total[i] = rapid.Int64Range(0, 20).Draw(t, "total")
		good[i] = total[i] - rapid.Int64Range(0, total[i]).Draw(t, "bad")
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	s, err := NewCountSeries(start, time.Minute, good, total)
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewBurnPolicy(mustTarget(t, "90"), 10*time.Hour, []BurnAlertSpec{
		{Name: "fast", BudgetPercent: IntRatio(5), Long: 30 * time.Minute, Short: 3 * time.Minute},
		{Name: "slow", BudgetPercent: IntRatio(20), Long: 2 * time.Hour, Short: 10 * time.Minute},
	})
	if err != nil {
		t.Fatal(err)
	}
	fires := p.Backtest(s)
	for k := 1; k <= n; k++ {
		at := start.Add(time.Duration(k) * time.Minute)
		e := p.EvaluateCounts(s, at)
		for a := range p.Alerts {
			if got := fires[a].Contains(at); got != e.Alerts[a].Firing {
				t.Fatalf("alert %s at slice %d: backtest %v, evaluate %v (%s)", p.Alerts[a].Name, k, got, e.Alerts[a].Firing, e.Alerts[a].Reason)
			}
		}
	}
}

func TestBacktestMatchesEvaluate(t *testing.T) { rapid.Check(t, testBacktestMatchesEvaluate) }
func FuzzBacktestMatchesEvaluate(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testBacktestMatchesEvaluate)) }

// factor × window / period = budget fraction, for derived and fixed-factor alerts alike.
func testFactorIdentity(t *rapid.T) {
	period := time.Duration(rapid.Int64Range(2, 400).Draw(t, "periodH")) * time.Hour
	long := time.Duration(rapid.Int64Range(2, int64(period/time.Minute)).Draw(t, "longMin")) * time.Minute
	short := time.Duration(rapid.Int64Range(1, int64(long/time.Minute)-1).Draw(t, "shortMin")) * time.Minute
	share, _ := RatioOf(rapid.Int64Range(1, 10000).Draw(t, "shareBP"), 100) // 0.01 .. 100 %
	tg := mustTarget(t, "99.9")
	p, err := NewBurnPolicy(tg, period, []BurnAlertSpec{{Name: "a", BudgetPercent: share, Long: long, Short: short}})
	if err != nil {
		t.Fatal(err)
	}
	a := p.Alerts[0]
	lhs, _ := a.Factor.MulInt(int64(long)).MulInt(100).QuoInt(int64(period))
	if !lhs.Equal(share) {
		t.Fatalf("factor %s × %s / %s = %s%%, want %s%%", a.Factor, long, period, lhs, share)
	}
	q, err := NewFixedFactorPolicy(tg, period, []FixedFactorSpec{{Name: "a", Factor: a.Factor, Long: long, Short: short}})
	if err != nil {
		t.Fatal(err)
	}
	if !q.Alerts[0].BudgetPercent.Equal(share) {
		t.Fatalf("fixed factor %s gives share %s, want %s", a.Factor, q.Alerts[0].BudgetPercent, share)
	}
}

func TestFactorIdentity(t *testing.T) { rapid.Check(t, testFactorIdentity) }
func FuzzFactorIdentity(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testFactorIdentity)) }

func TestSeverityString(t *testing.T) {
	if diff := cmp.Diff([]string{"unknown", "ticket", "page"}, []string{Severity(0).String(), Ticket.String(), Page.String()}); diff != "" {
		t.Error(diff)
	}
}

func TestEvaluateTimeline(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	w := interval.Interval{Start: start, End: start.Add(2 * day)}
	at := start.Add(36 * time.Hour)
	// Down 35:00–35:30 and no data 35:30–36:00: the 1-hour window sees 30 min down out of 30
	// observed minutes; the 5-minute and 30-minute short windows have no data, so neither page
	// fires.
	tl, err := TimelineFromIntervals(w, []StatusInterval{
		{interval.Interval{Start: at.Add(-time.Hour), End: at.Add(-30 * time.Minute)}, Down},
		{interval.Interval{Start: at.Add(-30 * time.Minute), End: at}, NoData},
	}, WithFill(Operational))
	if err != nil {
		t.Fatal(err)
	}
	e := p.EvaluateTimeline(tl, at)
	if diff := cmp.Diff([]string{"ticket-1d", "ticket-3d"}, e.Firing()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if !e.Alerts[1].Short.NoData || !e.Alerts[0].Short.NoData || e.Alerts[0].Long.Rate.String() != "1000" {
		t.Errorf("page-1h: %+v", e.Alerts[0])
	}
	// 3-day window reaches before the timeline: only observed time counts (36 h).
	if e.Alerts[3].Long.Observed != int64(35*time.Hour+30*time.Minute) {
		t.Errorf("3d observed %s", time.Duration(e.Alerts[3].Long.Observed))
	}
}

func TestZeroCountSeries(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	var s CountSeries
	e := p.EvaluateCounts(s, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	if s.Len() != 0 || len(e.Firing()) != 0 || !e.Alerts[0].Long.NoData {
		t.Errorf("zero series: %+v", e.Alerts[0])
	}
	for _, f := range p.Backtest(s) {
		if len(f) != 0 {
			t.Errorf("zero series fires %v", f)
		}
	}
}

// BurnFactor and NewFixedFactorPolicy hold for every period a Duration can express: the factor
// is share/100 × period / window, and 100 × window once overflowed int64 for windows over about
// 2.9 years (2 % of a 5-year budget in 3 years came out negative; it is 1/30).
func TestBurnFactorLongPeriods(t *testing.T) {
	year := 365 * day
	f, err := BurnFactor(IntRatio(2), 3*year, 5*year)
	if err != nil || !f.Equal(mustRat(t, "1/30")) {
		t.Errorf("BurnFactor(2%%, 3y, 5y) = %s, %v; want 1/30", f, err)
	}
	tg := mustTarget(t, "99")
	p, err := NewFixedFactorPolicy(tg, 5*year, []FixedFactorSpec{{Name: "a", Factor: IntRatio(1), Long: 3 * year, Short: day}})
	if err != nil || !p.Alerts[0].BudgetPercent.Equal(IntRatio(60)) {
		t.Errorf("fixed factor 1 over 3y of 5y: %v, %v; want a 60%% share", p.Alerts, err)
	}
	// The whole Duration range: the identity holds exactly.
	maxD := time.Duration(1<<63 - 1)
	f, err = BurnFactor(IntRatio(100), maxD, maxD)
	if err != nil || !f.Equal(IntRatio(1)) {
		t.Errorf("BurnFactor(100%%, max, max) = %s, %v; want 1", f, err)
	}
}

func testFactorIdentityAnyLength(t *rapid.T) {
	// Every magnitude equally likely: seconds, days and centuries alike.
	bitsN := rapid.IntRange(2, 63).Draw(t, "bits")
	period := time.Duration(rapid.Int64Range(1<<(bitsN-1)+1, 1<<(bitsN-1)+(1<<(bitsN-1)-1)).Draw(t, "period"))
	long := time.Duration(rapid.Int64Range(max(2, int64(period)/2), int64(period)).Draw(t, "long"))
	short := time.Duration(rapid.Int64Range(1, int64(long)-1).Draw(t, "short"))
	share, _ := RatioOf(rapid.Int64Range(1, 10000).Draw(t, "shareBP"), 100)
	p, err := NewBurnPolicy(mustTarget(t, "99.9"), period, []BurnAlertSpec{{Name: "a", BudgetPercent: share, Long: long, Short: short}})
	if err != nil {
		t.Fatal(err)
	}
	a := p.Alerts[0]
	if a.Factor.Sign() <= 0 {
		t.Fatalf("factor %s is not positive", a.Factor)
	}
	lhs, _ := a.Factor.MulInt(int64(long)).MulInt(100).QuoInt(int64(period))
	if !lhs.Equal(share) {
		t.Fatalf("factor %s × %s / %s = %s%%, want %s%%", a.Factor, long, period, lhs, share)
	}
	q, err := NewFixedFactorPolicy(mustTarget(t, "99.9"), period, []FixedFactorSpec{{Name: "a", Factor: a.Factor, Long: long, Short: short}})
	if err != nil || !q.Alerts[0].BudgetPercent.Equal(share) {
		t.Fatalf("fixed factor %s: %v, %v; want share %s", a.Factor, q.Alerts, err, share)
	}
}

func TestFactorIdentityAnyLength(t *testing.T) { rapid.Check(t, testFactorIdentityAnyLength) }
func FuzzFactorIdentityAnyLength(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testFactorIdentityAnyLength))
}

// Sets that are not normalised (out of order, overlapping) are normalised first: the answer is
// the one for their union, not "no data".
func TestEvaluateIntervalsUnnormalised(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99"))
	if err != nil {
		t.Fatal(err)
	}
	at := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	observed := IntervalSet{{Start: at.Add(-6 * time.Hour), End: at.Add(day)}, {Start: at.Add(-2 * day), End: at.Add(-5 * time.Hour)}}
	bad := IntervalSet{{Start: at.Add(-30 * time.Minute), End: at}, {Start: at.Add(-time.Hour), End: at.Add(-20 * time.Minute)}}
	want := p.EvaluateIntervals(Normalize(bad), Normalize(observed), at)
	got := p.EvaluateIntervals(bad, observed, at)
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-normalised +as given):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"page-1h", "page-6h", "ticket-1d", "ticket-3d"}, got.Firing()); diff != "" {
		t.Errorf("firing (-want +got):\n%s", diff)
	}
}

// A policy built by hand (its fields are exported) can hold what the constructors refuse: a
// 100 % objective (no budget: every burn rate is undefined) or a zero factor. Such an alert
// never fires, and its reason says why, instead of firing with "burn rate 0.000 ≥ 14".
func TestHandBuiltPolicyInvalid(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	tl, err := TimelineFromOutages(Interval{Start: start, End: start.Add(day)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	cs, err := NewCountSeries(start, time.Minute, []int64{10, 10, 10}, []int64{10, 10, 10})
	if err != nil {
		t.Fatal(err)
	}
	alert := BurnAlert{Name: "a", Long: time.Hour, Short: 5 * time.Minute, Factor: IntRatio(14)}
	for name, p := range map[string]BurnPolicy{
		"100% objective": {Objective: mustTarget(t, "100"), Period: 30 * day, Alerts: []BurnAlert{alert}},
		"zero factor":    {Objective: mustTarget(t, "99"), Period: 30 * day, Alerts: []BurnAlert{{Name: "a", Long: time.Hour, Short: 5 * time.Minute}}},
		"negative factor": {Objective: mustTarget(t, "99"), Period: 30 * day,
			Alerts: []BurnAlert{{Name: "a", Long: time.Hour, Short: 5 * time.Minute, Factor: IntRatio(-1)}}},
		"short not shorter": {Objective: mustTarget(t, "99"), Period: 30 * day,
			Alerts: []BurnAlert{{Name: "a", Long: time.Hour, Short: time.Hour, Factor: IntRatio(14)}}},
	} {
		if err := p.Validate(); !errors.Is(err, ErrBadBurnPolicy) {
			t.Errorf("%s: Validate() = %v, want ErrBadBurnPolicy", name, err)
		}
		for how, e := range map[string]BurnEvaluation{
			"timeline": p.EvaluateTimeline(tl, start.Add(12*time.Hour)),
			"counts":   p.EvaluateCounts(cs, start.Add(3*time.Minute)),
		} {
			if len(e.Firing()) != 0 || !strings.Contains(e.Alerts[0].Reason, "sla: bad burn-rate policy") {
				t.Errorf("%s over %s: firing %v, reason %q", name, how, e.Firing(), e.Alerts[0].Reason)
			}
		}
		if got := p.Backtest(cs); len(got) != 1 || len(got[0]) != 0 {
			t.Errorf("%s: backtest %v, want nothing firing", name, got)
		}
	}
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil || p.Validate() != nil {
		t.Errorf("Workbook30Day: %v, Validate %v", err, p.Validate())
	}
}

// A series whose span (slices × step) does not fit in a Duration cannot place its slices in
// time: it is refused rather than wrapping around.
func TestCountSeriesSpanOverflow(t *testing.T) {
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	century := 100 * 365 * day
	if _, err := NewCountSeries(start, century, []int64{0, 0}, []int64{1, 1}); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("2 centuries and one more: %v, want ErrBadBurnPolicy", err)
	}
	if _, err := NewCountSeries(start, century, []int64{0}, []int64{1}); err != nil {
		t.Fatalf("1 century and one more: %v", err)
	}
	cs, err := NewCountSeries(start, century/2, []int64{0, 0}, []int64{1, 1}) // 150 years with the slot after
	if err != nil {
		t.Fatal(err)
	}
	p, err := NewBurnPolicy(mustTarget(t, "99"), 1<<62, []BurnAlertSpec{{Name: "a", BudgetPercent: IntRatio(100), Long: century, Short: century / 2}})
	if err != nil {
		t.Fatal(err)
	}
	want := []IntervalSet{{{Start: start.Add(century / 2), End: start.Add(century + century/2)}}}
	if diff := cmp.Diff(want, p.Backtest(cs)); diff != "" {
		t.Errorf("backtest (-want +got):\n%s", diff)
	}
}
