package sla

import (
	"errors"
	"strings"
	"testing"
	"time"
)

// Errors that wrap a cause from a lower layer name sla once and no internal package, and still
// match the cause's sentinels.
func TestErrorTextNamesSLAOnce(t *testing.T) {
	_, ratioErr := ParseRatio("9x")
	_, quoErr := RatioOf(1, 0)
	_, ivErr := NewInterval(time.Unix(10, 0).UTC(), time.Unix(0, 0).UTC())
	_, setErr := NewIntervalSet(Interval{Start: time.Unix(10, 0).UTC(), End: time.Unix(0, 0).UTC()})
	agErr := Agreement{ID: "a"}.Validate()
	_, tiersErr := ParseCreditTable("[99, 99.5) 10%")
	_, holidayErr := ParseCalendar("zone Europe/Berlin\nholiday 2024-03-29 Good Friday")
	_, monthDayErr := ParseCalendar("zone Europe/Berlin\nholiday 13-29")
	for _, tc := range []struct {
		err      error
		sentinel error
		want     string
	}{
		{ratioErr, ErrSyntax, `sla: number "9x": syntax error: column 2: unexpected 'x'`},
		{quoErr, ErrDivisionByZero, `sla: undefined: division by zero: 1/0`},
		{ivErr, ErrBadInterval, `sla: bad interval: end before start: [1970-01-01T00:00:10Z, 1970-01-01T00:00:00Z)`},
		{setErr, ErrBadInterval, `sla: bad interval 0: end before start: [1970-01-01T00:00:10Z, 1970-01-01T00:00:00Z)`},
		{agErr, ErrBadPeriod, `sla: bad agreement "a": bad period: kind 0`},
		// Said once, not "credit tiers: bad credit tiers".
		{tiersErr, ErrCreditTiers, `sla: bad credit tiers: the lowest tier [99, 99.5) must start at [0: availability below it would earn nothing`},
		// A full date on a yearly holiday line is most likely meant as a one-off closure.
		{holidayErr, ErrBadDate, `sla: calendar line 2, column 9 "2024-03-29": bad date: want MM-DD (a one-off date is "closed YYYY-MM-DD")`},
		{monthDayErr, ErrBadDate, `sla: calendar line 2, column 9 "13-29": bad date: want MM-DD`},
	} {
		if !errors.Is(tc.err, tc.sentinel) {
			t.Errorf("%v does not match %v", tc.err, tc.sentinel)
		}
		if got := tc.err.Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
		if msg := tc.err.Error(); strings.Count(msg, "sla:") != 1 || strings.Contains(msg, "exact") {
			t.Errorf("%q names a package twice or leaks an internal one", msg)
		}
	}
}

// An outage outside the window is clipped away (documented), and a reversed one names its index
// without an internal package name.
func TestTimelineFromOutagesClipsAndNamesIndex(t *testing.T) {
	w := Interval{Start: time.Unix(0, 0).UTC(), End: time.Unix(100, 0).UTC()}
	tl, err := TimelineFromOutages(w, []Interval{{Start: time.Unix(200, 0).UTC(), End: time.Unix(300, 0).UTC()}, {Start: time.Unix(90, 0).UTC(), End: time.Unix(120, 0).UTC()}})
	if err != nil {
		t.Fatal(err)
	}
	if got := tl.Intervals(Down).Total(); got != 10*time.Second {
		t.Errorf("down %s, want 10s (only the part inside the window)", got)
	}
	_, err = TimelineFromOutages(w, []Interval{{Start: time.Unix(10, 0).UTC(), End: time.Unix(5, 0).UTC()}})
	if want := "sla: bad interval: outage 0: end before start: [1970-01-01T00:00:10Z, 1970-01-01T00:00:05Z)"; err == nil || err.Error() != want {
		t.Errorf("got %v, want %s", err, want)
	}
}

// B2: Target.String already ends in "%", and a format that added "%%" after it said "objective
// 100%% must be in [0, 100)". Every message that shows a percentage shows one sign, whether the
// value is a Target (which prints its own) or a Ratio (which the format follows with "%").
func TestErrorTextPercentSignOnce(t *testing.T) {
	hundred := mustTarget(t, "100")
	_, w30 := Workbook30Day(hundred)
	_, w28 := Workbook28Day(hundred)
	_, fixed := NewFixedFactorPolicy(hundred, 30*24*time.Hour, nil)
	_, share := NewBurnPolicy(mustTarget(t, "99.9"), 30*24*time.Hour, []BurnAlertSpec{{Name: "page", BudgetPercent: IntRatio(150), Long: time.Hour, Short: 5 * time.Minute}})
	_, burns := NewFixedFactorPolicy(mustTarget(t, "99.9"), 30*24*time.Hour, []FixedFactorSpec{{Name: "page", Factor: IntRatio(1000), Long: 24 * time.Hour, Short: time.Hour}})
	_, target := NewTarget(IntRatio(101), 0)
	_, parsed := ParseTarget("100.5")
	_, parallel := Parallel(IntRatio(101))
	_, attain := CompositeAttainment([]WeightedAttainment{{Name: "a", Attainment: IntRatio(101), Weight: IntRatio(1)}})
	_, tiers := NewCreditTable([]CreditTier{{Range: PercentRange{Low: IntRatio(0), High: IntRatio(100), LowInclusive: true, HighInclusive: true}, Percent: IntRatio(150)}})
	_, statement := Statement(nil, IntRatio(-1))
	for _, tc := range []struct {
		err  error
		want string // "" checks only the signs
	}{
		{w30, "sla: bad burn-rate policy: objective 100% must be below 100% to have a budget to burn"},
		{w28, "sla: bad burn-rate policy: objective 100% must be below 100% to have a budget to burn"},
		{fixed, "sla: bad burn-rate policy: objective 100% must be below 100% to have a budget to burn"},
		{share, ""}, {burns, ""}, {target, ""}, {parsed, ""}, {parallel, ""}, {attain, ""},
		{tiers, ""}, {statement, ""},
	} {
		if tc.err == nil {
			t.Errorf("no error (want %q)", tc.want)
			continue
		}
		msg := tc.err.Error()
		if tc.want != "" && msg != tc.want {
			t.Errorf("got  %s\nwant %s", msg, tc.want)
		}
		if strings.Contains(msg, "%%") || strings.Contains(msg, "%!") || strings.Contains(msg, "% %") {
			t.Errorf("%q: a doubled or stray percent sign", msg)
		}
	}
}
