package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// Cases taken from the test suites of public SLO generators, restated as our API's inputs and
// outputs. Each case names its source; the figures were rechecked by hand
// (factor = budget share × period / long window).

type burnRow struct {
	Name          string
	Severity      Severity
	Long, Short   time.Duration
	Factor        string // exact
	BudgetPercent string // exact
}

func burnRows(p BurnPolicy) []burnRow {
	var out []burnRow
	for _, a := range p.Alerts {
		out = append(out, burnRow{a.Name, a.Severity, a.Long, a.Short, a.Factor.String(), a.BudgetPercent.String()})
	}
	return out
}

func specsOf(rows []burnRow) []BurnAlertSpec {
	var out []BurnAlertSpec
	for _, r := range rows {
		out = append(out, BurnAlertSpec{Name: r.Name, Severity: r.Severity, Long: r.Long, Short: r.Short,
			BudgetPercent: mustRatio(r.BudgetPercent)})
	}
	return out
}

// slok/sloth internal/alert/alert_test.go (TestGenerateMWMBAlerts): the default Google windows
// for 30-day and 28-day SLOs, and a custom 7-day window catalogue (8 %, 12.5 %, 20 %, 42 % of
// the budget), page-quick, page-slow, ticket-quick, ticket-slow. Sloth prints the float products
// (5.6000000000000005, 1.4000000000000001); the exact values are these.
func TestSlothAlertWindows(t *testing.T) {
	tests := []struct {
		name   string
		period time.Duration
		want   []burnRow
	}{
		{"30d", 30 * day, []burnRow{
			{"page-quick", Page, time.Hour, 5 * time.Minute, "14.4", "2"},
			{"page-slow", Page, 6 * time.Hour, 30 * time.Minute, "6", "5"},
			{"ticket-quick", Ticket, day, 2 * time.Hour, "3", "10"},
			{"ticket-slow", Ticket, 3 * day, 6 * time.Hour, "1", "10"},
		}},
		{"28d", 28 * day, []burnRow{
			{"page-quick", Page, time.Hour, 5 * time.Minute, "13.44", "2"},
			{"page-slow", Page, 6 * time.Hour, 30 * time.Minute, "5.6", "5"},
			{"ticket-quick", Ticket, day, 2 * time.Hour, "2.8", "10"},
			{"ticket-slow", Ticket, 3 * day, 6 * time.Hour, "14/15", "10"},
		}},
		{"7d custom catalogue", 7 * day, []burnRow{
			{"page-quick", Page, time.Hour, 5 * time.Minute, "13.44", "8"},
			{"page-slow", Page, 6 * time.Hour, 30 * time.Minute, "3.5", "12.5"},
			{"ticket-quick", Ticket, day, 2 * time.Hour, "1.4", "20"},
			{"ticket-slow", Ticket, 3 * day, 6 * time.Hour, "0.98", "42"},
		}},
	}
	for _, tc := range tests {
		p, err := NewBurnPolicy(mustTarget(t, "99.9"), tc.period, specsOf(tc.want))
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if diff := cmp.Diff(tc.want, burnRows(p)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
		// Sloth's ErrorBudget field: 100 − 99.9 = 0.1 % of the period.
		b, err := NewTimeBudget(p.Objective, tc.period)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.Fraction().MulInt(100).String(); got != "0.1" {
			t.Errorf("%s: budget percent %s, want 0.1", tc.name, got)
		}
	}
}

// The Workbook presets are the Sloth default tables above (severities and windows included).
func TestWorkbookPresetsMatchSloth(t *testing.T) {
	for _, tc := range []struct {
		period time.Duration
		build  func(Target) (BurnPolicy, error)
		want   []string
	}{
		{30 * day, Workbook30Day, []string{"14.4", "6", "3", "1"}},
		{28 * day, Workbook28Day, []string{"13.44", "5.6", "2.8", "14/15"}},
	} {
		p, err := tc.build(mustTarget(t, "99.9"))
		if err != nil {
			t.Fatal(err)
		}
		var sev []Severity
		var win [][2]time.Duration
		for _, a := range p.Alerts {
			sev = append(sev, a.Severity)
			win = append(win, [2]time.Duration{a.Long, a.Short})
		}
		if diff := cmp.Diff([]Severity{Page, Page, Ticket, Ticket}, sev); diff != "" {
			t.Errorf("%s severities (-want +got):\n%s", tc.period, diff)
		}
		wantWin := [][2]time.Duration{{time.Hour, 5 * time.Minute}, {6 * time.Hour, 30 * time.Minute},
			{day, 2 * time.Hour}, {3 * day, 6 * time.Hour}}
		if diff := cmp.Diff(wantWin, win); diff != "" {
			t.Errorf("%s windows (-want +got):\n%s", tc.period, diff)
		}
		if diff := cmp.Diff(tc.want, factors(p)); diff != "" {
			t.Errorf("%s factors (-want +got):\n%s", tc.period, diff)
		}
	}
}

// pyrra-dev/pyrra slo/rules.go (Windows) and slo/rules_test.go: Pyrra keeps the factors 14, 7, 2
// and 1 fixed and scales the 28-day windows (1h/5m, 6h/30m, 1d/2h, 4d/6h) to the SLO window,
// rounded to the minute; a 30-day SLO gets 1h4m/5m, 6h26m/32m, 1d1h43m/2h9m, 4d6h51m/6h26m.
// Each alert's "exhaustion" label is period / factor. Our fixed-factor policy gives the budget
// share those factors stand for and the same exhaustion times.
func TestPyrraWindows(t *testing.T) {
	min := time.Minute
	tests := []struct {
		name       string
		period     time.Duration
		specs      []FixedFactorSpec
		shares     []string // percent of the budget, exact (nil: identity only)
		exhaustion []time.Duration
	}{
		{"28d", 28 * day, []FixedFactorSpec{
			{Name: "1h", Severity: Page, Factor: IntRatio(14), Long: time.Hour, Short: 5 * min},
			{Name: "6h", Severity: Page, Factor: IntRatio(7), Long: 6 * time.Hour, Short: 30 * min},
			{Name: "1d", Severity: Ticket, Factor: IntRatio(2), Long: day, Short: 2 * time.Hour},
			{Name: "4d", Severity: Ticket, Factor: IntRatio(1), Long: 4 * day, Short: 6 * time.Hour},
		}, []string{"25/12", "6.25", "50/7", "100/7"}, []time.Duration{2 * day, 4 * day, 14 * day, 28 * day}},
		{"30d", 30 * day, []FixedFactorSpec{
			{Name: "1h", Severity: Page, Factor: IntRatio(14), Long: 64 * min, Short: 5 * min},
			{Name: "6h", Severity: Page, Factor: IntRatio(7), Long: 386 * min, Short: 32 * min},
			{Name: "1d", Severity: Ticket, Factor: IntRatio(2), Long: 1543 * min, Short: 129 * min},
			{Name: "4d", Severity: Ticket, Factor: IntRatio(1), Long: 6171 * min, Short: 386 * min},
		}, nil, // shares checked against the identity only
			[]time.Duration{30 * day / 14, 30 * day / 7, 15 * day, 30 * day}},
	}
	for _, tc := range tests {
		p, err := NewFixedFactorPolicy(mustTarget(t, "99.9"), tc.period, tc.specs)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		b, err := NewTimeBudget(p.Objective, tc.period)
		if err != nil {
			t.Fatal(err)
		}
		full, err := b.Use(0, 0)
		if err != nil {
			t.Fatal(err)
		}
		for i, a := range p.Alerts {
			// factor × long / period = share.
			want := a.Factor.MulInt(int64(a.Long)).MulInt(100)
			want, _ = want.QuoInt(int64(tc.period))
			if !a.BudgetPercent.Equal(want) {
				t.Errorf("%s %s: share %s, want %s", tc.name, a.Name, a.BudgetPercent, want)
			}
			if tc.shares != nil && a.BudgetPercent.String() != tc.shares[i] {
				t.Errorf("%s %s: share %s, want %s", tc.name, a.Name, a.BudgetPercent, tc.shares[i])
			}
			got, ok := full.TimeToExhaustion(a.Factor)
			if !ok || got != tc.exhaustion[i] {
				t.Errorf("%s %s: exhaustion %s, %v; want %s", tc.name, a.Name, got, ok, tc.exhaustion[i])
			}
		}
	}
}

// slok/sloth pull request #800 and issue #749: an objective of 100 % has a zero budget, so burn
// rates divide by zero (+Inf burn, −Inf remaining budget); Sloth now refuses it, and a window with
// no events gives no figure rather than an infinite one. Ours: the policy is refused, the budget
// stays finite with its undefined figures flagged, and an empty window is no data and never fires.
func TestSlothZeroBudgetAndEmptyWindow(t *testing.T) {
	if _, err := Workbook30Day(mustTarget(t, "100")); !errors.Is(err, ErrBadBurnPolicy) {
		t.Errorf("100 %% objective: %v, want ErrBadBurnPolicy", err)
	}
	b, err := NewCountBudget(mustTarget(t, "100"), 1000, UnitEvents)
	if err != nil {
		t.Fatal(err)
	}
	s, err := b.Use(1, 10)
	if err != nil {
		t.Fatal(err)
	}
	if s.BurnRateDefined || s.ShareDefined || !s.Exhausted || s.Remaining.String() != "-1" {
		t.Errorf("100 %% budget after one bad event: %+v", s)
	}
	// A 0 % objective: the whole period is budget; burn rate is the bad share itself.
	b0, err := NewCountBudget(mustTarget(t, "0"), 1000, UnitEvents)
	if err != nil {
		t.Fatal(err)
	}
	s0, err := b0.Use(5, 10)
	if err != nil {
		t.Fatal(err)
	}
	if !s0.BurnRateDefined || s0.BurnRate.String() != "0.5" || s0.Allowed.String() != "1000" {
		t.Errorf("0 %% budget: burn %s (defined %v), allowed %s", s0.BurnRate, s0.BurnRateDefined, s0.Allowed)
	}

	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	n := 4 * 24 * 60
	good, total := make([]int64, n), make([]int64, n) // no traffic at all
	series, err := NewCountSeries(start, time.Minute, good, total)
	if err != nil {
		t.Fatal(err)
	}
	e := p.EvaluateCounts(series, start.Add(time.Duration(n)*time.Minute))
	for _, a := range e.Alerts {
		if a.Firing || !a.Long.NoData || !a.Short.NoData {
			t.Errorf("%s without traffic: %+v", a.Alert.Name, a)
		}
	}
}

// The window strings of Sloth's alert-window catalogues and Pyrra's windows ("5m", "30m", "1h",
// "6h", "1d", "3d", "4w", "28d", "30d"): the hour, day and week forms read the same here; the
// minute forms are refused as ambiguous (documented on ParseDuration) and read once written "min".
func TestSlothWindowStrings(t *testing.T) {
	for in, want := range map[string]time.Duration{
		"1h": time.Hour, "6h": 6 * time.Hour, "1d": day, "3d": 3 * day, "4w": 28 * day,
		"28d": 28 * day, "30d": 30 * day, "7d": 7 * day, "5min": 5 * time.Minute, "30min": 30 * time.Minute,
	} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %s, %v; want %s", in, got, err, want)
		}
	}
	for _, in := range []string{"5m", "30m", "1M"} {
		if _, err := ParseDuration(in); !errors.Is(err, ErrAmbiguousUnit) {
			t.Errorf("ParseDuration(%q): %v, want ErrAmbiguousUnit", in, err)
		}
	}
}

// Google SRE Workbook, chapter 5 ("Alerting on SLOs"): detection time of an alert is
// (1 − SLO) / error ratio × window × burn rate. A total outage against 99.9 % reaches the
// 1-hour, 14.4 page after 0.001 × 1 h × 14.4 = 51.84 s (its 5-minute short window already after
// 4.32 s), the 6-hour, 6 page after 0.001 × 6 h × 6 = 129.6 s, and both ticket alerts after
// 0.001 × 24 h × 3 = 0.001 × 72 h × 1 = 259.2 s. Firing is at burn rate ≥ factor, so each alert
// fires exactly at its detection time and not a nanosecond before.
func TestWorkbookDetectionTime(t *testing.T) {
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	outage := start.Add(10 * day)
	observed := IntervalSet{{Start: start, End: start.Add(30 * day)}}
	bad := IntervalSet{{Start: outage, End: start.Add(30 * day)}}
	for _, tc := range []struct {
		alert  string
		detect time.Duration
	}{
		{"page-1h", 51840 * time.Millisecond},
		{"page-6h", 129600 * time.Millisecond},
		{"ticket-1d", 259200 * time.Millisecond},
		{"ticket-3d", 259200 * time.Millisecond},
	} {
		idx := -1
		for i, a := range p.Alerts {
			if a.Name == tc.alert {
				idx = i
			}
		}
		if idx < 0 {
			t.Fatalf("no alert %s in %v", tc.alert, p.Alerts)
		}
		before := p.EvaluateIntervals(bad, observed, outage.Add(tc.detect-time.Nanosecond)).Alerts[idx]
		at := p.EvaluateIntervals(bad, observed, outage.Add(tc.detect)).Alerts[idx]
		if before.Firing || !at.Firing {
			t.Errorf("%s: firing just before %v (%s), at %v (%s)", tc.alert, before.Firing, before.Reason, at.Firing, at.Reason)
		}
	}
}
