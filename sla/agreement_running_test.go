package sla

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

// The running-period cases below share one agreement: 99.9 % per calendar month over Berlin
// business hours, Monday to Friday 08:00–18:00 with 1 May a holiday. May 2026 has 20 working
// days, 200 h, so the whole month allows 12 min of loss. Credits follow K1 (10 % of the fee in
// [99, 99.9), 25 % in [95, 99), 100 % below) on a fee of EUR 2500.00.

func berlinZone(t *testing.T) *time.Location {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	return loc
}

func may(t *testing.T, d, h, m int) time.Time {
	return time.Date(2026, 5, d, h, m, 0, 0, berlinZone(t))
}

func mayAgreement(t *testing.T, p Policy) Agreement {
	t.Helper()
	cal, err := ParseCalendar("zone Europe/Berlin\nmon-fri 08:00-18:00\nholiday 05-01 Labour Day\n")
	if err != nil {
		t.Fatal(err)
	}
	if got := cal.BusinessTime(may(t, 1, 0, 0), may(t, 32, 0, 0)); got != 200*time.Hour {
		t.Fatalf("May 2026 has %v of service hours, want 200h", got)
	}
	return Agreement{ID: "SLA-9", Objectives: []Objective{{Name: "availability", Target: mustTarget(t, "99.9"), Policy: p}},
		Calendar: cal, Period: Monthly(berlinZone(t))}
}

// evalMay evaluates May with the given outages and data from 1 May up to dataEnd, as of asOf.
func evalMay(t *testing.T, a Agreement, dataEnd, asOf time.Time, outages ...Interval) PeriodResult {
	t.Helper()
	tl, err := TimelineFromOutages(Interval{Start: may(t, 1, 0, 0), End: dataEnd}, outages)
	if err != nil {
		t.Fatal(err)
	}
	res, err := a.Evaluate(tl, Interval{Start: may(t, 1, 0, 0), End: may(t, 32, 0, 0)}, asOf)
	if err != nil || len(res) != 1 {
		t.Fatalf("Evaluate: %v, %d periods", err, len(res))
	}
	return res[0]
}

// claim prices one period's first objective through ClaimFor and Statement.
func claim(t *testing.T, a Agreement, pr PeriodResult) (CreditClaim, CreditStatement) {
	t.Helper()
	tab, err := ParseCreditTable(k1Tiers)
	if err != nil {
		t.Fatal(err)
	}
	c := ClaimFor(a, pr.Results[0], eur(t, "2500.00"), CreditPolicy{Table: tab})
	st, err := Statement([]CreditClaim{c}, Ratio{})
	if err != nil {
		t.Fatal(err)
	}
	return c, st
}

func minutes(t *testing.T, r Ratio) string {
	t.Helper()
	m, err := r.QuoInt(int64(time.Minute))
	if err != nil {
		t.Fatal(err)
	}
	return m.String()
}

// The reported fault: a 5-minute outage on 4 May, as of 5 May 09:00, is 99.24 % to date (5 min
// of 11 h counted) but 5 of the month's 12 allowed minutes: over pace, not breached, and no
// credit is paid for the running month (EUR 250.00 was paid, the 10 % tier of the figure to
// date). The credit the figure to date would earn is shown as pending.
func TestRunningPeriodOverPaceIsNotBreached(t *testing.T) {
	a := mayAgreement(t, Policy{})
	asOf := may(t, 5, 9, 0)
	pr := evalMay(t, a, asOf, asOf, Interval{Start: may(t, 4, 10, 0), End: may(t, 4, 10, 5)})
	r := pr.Results[0]
	type row struct {
		ToDate                 string
		Outcome, Period        Outcome
		Complete, Attained     bool
		Counted, ToCome        time.Duration
		BestCase               string
		PeriodAllowed, Overrun string
	}
	got := row{r.Report.Format(2), r.Outcome, pr.Outcome(), pr.Complete, pr.Attained(), r.Report.Counted, r.ToCome,
		r.BestCase.FloorString(4), minutes(t, r.PeriodAllowed), minutes(t, r.PeriodOverrun)}
	want := row{"99.24%", OverPace, OverPace, false, false, 11 * time.Hour, 189 * time.Hour, "99.9583", "12", "-7"}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("(-want +got):\n%s", d)
	}
	if r.Margin.Sign() >= 0 || minutes(t, r.Overrun) != "4.34" { // to date: 5 min against 0.66 min allowed
		t.Errorf("to-date margin %s, overrun %s min", r.Margin, minutes(t, r.Overrun))
	}
	// The same reading as the month's error budget: −PeriodOverrun is what it has left.
	b, err := NewPeriodBudget(a.Objectives[0].Target, a.Calendar, pr.Period)
	if err != nil {
		t.Fatal(err)
	}
	if bs, err := b.UseReport(r.Report); err != nil || !bs.Remaining.Equal(r.PeriodOverrun.Neg()) {
		t.Errorf("budget remaining %s, period overrun %s (%v)", bs.Remaining, r.PeriodOverrun, err)
	}
	c, st := claim(t, a, pr)
	if !c.Provisional || c.LowerBound {
		t.Errorf("claim %+v: want provisional", c)
	}
	l := st.Lines[0].Credit
	if l.Amount.Minor != 0 || !l.Provisional || l.Pending != eur(t, "250.00") ||
		!cmp.Equal(st.Totals, []Money{eur(t, "0.00")}) || !cmp.Equal(st.Pending, []Money{eur(t, "250.00")}) {
		t.Errorf("statement pays for a running month that can still attain: %+v", st)
	}
	wantLine := "provisional: availability to date 99.242% in [99, 99.9) → 10% of EUR 2500.00 = EUR 250.00: " +
		"would pay EUR 250.00 were the period to end now; pays EUR 0.00"
	if l.String() != wantLine {
		t.Errorf("line %q\nwant %q", l.String(), wantLine)
	}
}

// A running month already past its whole budget is breached, and pays only the credit that is
// certain: the tier of the best the month can still reach, a lower bound on the final credit.
// 20 min down on 4 May, as of 5 May 09:00: 96.96 % to date (the 25 % tier, EUR 625.00), but at
// best 1 − 20 min / 200 h = 99.8333 % for May: the 10 % tier, EUR 250.00. The month then ends
// with that credit if nothing else fails, and with more if it does.
func TestRunningPeriodCertainlyBreached(t *testing.T) {
	a := mayAgreement(t, Policy{})
	asOf := may(t, 5, 9, 0)
	out := Interval{Start: may(t, 4, 10, 0), End: may(t, 4, 10, 20)}
	pr := evalMay(t, a, asOf, asOf, out)
	r := pr.Results[0]
	if r.Outcome != Breached || pr.Complete || r.Report.Format(2) != "96.96%" || r.BestCase.FloorString(4) != "99.8333" ||
		minutes(t, r.PeriodOverrun) != "8" {
		t.Fatalf("%v complete=%v to date %s, best case %s, period overrun %s min", r.Outcome, pr.Complete,
			r.Report.Format(2), r.BestCase.FloorString(4), minutes(t, r.PeriodOverrun))
	}
	c, st := claim(t, a, pr)
	l := st.Lines[0].Credit
	if !c.LowerBound || c.Provisional || !l.LowerBound || l.Amount != eur(t, "250.00") || len(st.Pending) != 0 {
		t.Errorf("claim %+v, line %v: want the certain EUR 250.00", c, l)
	}
	if want := "period running, availability at most 99.833% in [99, 99.9) → 10% of EUR 2500.00 = EUR 250.00: " +
		"pays EUR 250.00 (at least; the final credit can only be higher)"; l.String() != want {
		t.Errorf("line %q\nwant %q", l.String(), want)
	}
	// The month ends: nothing else failed, so the certain credit is the final one; another
	// 101 min down on 20 May (121 min in all, below 99 %) takes it to the 25 % tier.
	end := may(t, 32, 0, 0)
	for _, tc := range []struct {
		more []Interval
		want string
	}{
		{nil, "250.00"},
		{[]Interval{{Start: may(t, 20, 9, 0), End: may(t, 20, 10, 41)}}, "625.00"},
	} {
		pr := evalMay(t, a, end, end, append([]Interval{out}, tc.more...)...)
		_, st := claim(t, a, pr)
		if !pr.Complete || pr.Outcome() != Breached || st.Lines[0].Credit.Amount != eur(t, tc.want) || st.Lines[0].Credit.LowerBound {
			t.Errorf("complete May with %d more outages: %v, %v; want EUR %s", len(tc.more), pr.Outcome(), st.Lines[0].Credit, tc.want)
		}
	}
}

// Exactly at the whole-period allowance is not breached (a target is met exactly at target);
// one nanosecond more is.
func TestRunningPeriodBreachBoundary(t *testing.T) {
	a := mayAgreement(t, Policy{})
	asOf := may(t, 5, 9, 0)
	for _, tc := range []struct {
		down time.Duration
		want Outcome
	}{
		{12 * time.Minute, OverPace},
		{12*time.Minute + 1, Breached},
	} {
		pr := evalMay(t, a, asOf, asOf, Interval{Start: may(t, 4, 10, 0), End: may(t, 4, 10, 0).Add(tc.down)})
		if got := pr.Results[0].Outcome; got != tc.want {
			t.Errorf("%v down: %v, want %v (period overrun %s ns)", tc.down, got, tc.want, pr.Results[0].PeriodOverrun)
		}
	}
}

// A month with a bad first working day that ends attained: 10 min down on Monday 4 May is
// 98.33 % at the day's end (over pace; the 25 % tier would pay EUR 625.00, provisional), back
// on track by 28 May (99.907 % over 180 h), and attained when May ends (99.9166 % over 200 h),
// with no credit. Before, the first evening read "breached" and paid EUR 625.00.
func TestRunningMonthEndsAttainedAfterBadFirstDay(t *testing.T) {
	a := mayAgreement(t, Policy{})
	out := Interval{Start: may(t, 4, 8, 0), End: may(t, 4, 8, 10)}
	type row struct {
		ToDate   string
		Outcome  Outcome
		Attained bool
		Paid     string
		Pending  string
	}
	var got []row
	for _, asOf := range []time.Time{may(t, 4, 18, 0), may(t, 28, 0, 0), may(t, 32, 0, 0)} {
		pr := evalMay(t, a, asOf, asOf, out)
		_, st := claim(t, a, pr)
		pending := ""
		if len(st.Pending) > 0 {
			pending = st.Pending[0].String()
		}
		got = append(got, row{pr.Results[0].Report.Format(3), pr.Outcome(), pr.Attained(), st.Totals[0].String(), pending})
	}
	want := []row{
		{"98.333%", OverPace, false, "EUR 0.00", "EUR 625.00"},
		{"99.907%", OnTrack, false, "EUR 0.00", "EUR 0.00"},
		{"99.916%", Attained, true, "EUR 0.00", ""},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// What counts as potentially good is the same under every policy: the period's service hours
// after the evaluation instant and from the effective date on. What is already counted follows
// the policy: with data only up to 5 May 00:00, the hour 08:00–09:00 of 5 May is no data, which
// NoDataDown counts as lost (65 min > 12 min: breached) and the default excludes (5 min of 10 h:
// over pace). An objective effective from 6 May has nothing counted yet and 180 h to come.
func TestRunningPeriodTimeToCome(t *testing.T) {
	asOf := may(t, 5, 9, 0)
	out := Interval{Start: may(t, 4, 10, 0), End: may(t, 4, 10, 5)}
	for _, tc := range []struct {
		name    string
		p       Policy
		outcome Outcome
		toCome  time.Duration
		counted time.Duration
	}{
		{"no data excluded", Policy{}, OverPace, 189 * time.Hour, 10 * time.Hour},
		{"no data down", Policy{NoData: NoDataDown}, Breached, 189 * time.Hour, 11 * time.Hour},
		{"no data up", Policy{NoData: NoDataUp}, OverPace, 189 * time.Hour, 11 * time.Hour},
		{"maintenance down", Policy{Maintenance: MaintenanceDown}, OverPace, 189 * time.Hour, 10 * time.Hour},
		{"effective 6 May", Policy{Effective: may(t, 6, 0, 0)}, NotMeasured, 180 * time.Hour, 0},
	} {
		pr := evalMay(t, mayAgreement(t, tc.p), may(t, 5, 0, 0), asOf, out)
		r := pr.Results[0]
		if r.Outcome != tc.outcome || r.ToCome != tc.toCome || r.Report.Counted != tc.counted {
			t.Errorf("%s: %v, %v to come, %v counted; want %v, %v, %v", tc.name, r.Outcome, r.ToCome, r.Report.Counted,
				tc.outcome, tc.toCome, tc.counted)
		}
	}
}

// A running month with no service hours left (as of Saturday 30 May, after the last working
// day) keeps its figure to date: breached, claimed on that figure, not as a lower bound.
func TestRunningPeriodNothingToCome(t *testing.T) {
	a := mayAgreement(t, Policy{})
	asOf := may(t, 30, 0, 0)
	pr := evalMay(t, a, asOf, asOf, Interval{Start: may(t, 4, 10, 0), End: may(t, 4, 10, 20)})
	r := pr.Results[0]
	c, _ := claim(t, a, pr)
	if pr.Complete || r.ToCome != 0 || r.Outcome != Breached || !r.BestCase.Equal(r.Report.Availability) ||
		c.LowerBound || c.Provisional || !c.Availability.Equal(r.Report.Availability) {
		t.Errorf("%v, %v to come, best case %s, claim %+v", r.Outcome, r.ToCome, r.BestCase, c)
	}
}

// A complete period's whole-period fields repeat its figures; an unknown result writes them as
// JSON null.
func TestObjectiveResultWholePeriodFields(t *testing.T) {
	a := mayAgreement(t, Policy{})
	end := may(t, 32, 0, 0)
	r := evalMay(t, a, end, end, Interval{Start: may(t, 4, 10, 0), End: may(t, 4, 10, 20)}).Results[0]
	if r.ToCome != 0 || !r.BestCase.Equal(r.Report.Availability) || !r.PeriodAllowed.Equal(r.Allowed) || !r.PeriodOverrun.Equal(r.Overrun) {
		t.Errorf("complete period: %+v", r)
	}
	b, err := json.Marshal(ObjectiveResult{Outcome: NotMeasured, ToCome: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{`"BestCase":null`, `"PeriodAllowed":null`, `"PeriodOverrun":null`, `"ToCome":3600000000000`} {
		if !strings.Contains(string(b), k) {
			t.Errorf("JSON %s lacks %s", b, k)
		}
	}
}

// Statement pays complete and certain lines, and sums the provisional ones apart, per currency.
func TestStatementProvisionalLines(t *testing.T) {
	tab, err := ParseCreditTable(k1Tiers)
	if err != nil {
		t.Fatal(err)
	}
	p := CreditPolicy{Table: tab}
	fee := eur(t, "1000.00")
	st, err := Statement([]CreditClaim{
		{Agreement: "done", Availability: mustRat(t, "98"), Known: true, Fee: fee, Policy: p},
		{Agreement: "running", Availability: mustRat(t, "90"), Known: true, Fee: fee, Policy: p, Provisional: true},
		{Agreement: "running-breached", Availability: mustRat(t, "99.5"), Known: true, Fee: fee, Policy: p, LowerBound: true},
		{Agreement: "running-clean", Availability: mustRat(t, "100"), Known: true, Fee: fee, Policy: p, Provisional: true},
	}, Ratio{})
	if err != nil {
		t.Fatal(err)
	}
	var amounts []string
	for _, l := range st.Lines {
		amounts = append(amounts, l.Credit.Amount.String()+"/"+l.Credit.Pending.String())
	}
	want := []string{"EUR 250.00/0", "EUR 0.00/EUR 1000.00", "EUR 100.00/0", "EUR 0.00/EUR 0.00"}
	if d := cmp.Diff(want, amounts); d != "" {
		t.Errorf("amounts/pending (-want +got):\n%s", d)
	}
	if !cmp.Equal(st.Totals, []Money{eur(t, "350.00")}) || !cmp.Equal(st.Pending, []Money{eur(t, "1000.00")}) {
		t.Errorf("totals %v, pending %v", st.Totals, st.Pending)
	}
}

// testRunningVerdictSound: whatever the rest of the period brings, a running period's verdict
// holds at its end. A running Breached period ends breached, with at least the credit claimed
// while running; the period's final availability never exceeds the running BestCase; and when
// the rest of the period is all up (data to the end, no outage, maintenance or gap after the
// instant) the final figure is exactly BestCase, so a running period not breached ends
// attained.
func testRunningVerdictSound(t *rapid.T) {
	loc := genZone(t)
	start := genInstant(t, loc, "start")
	cal := genCalendar(t, loc, DateOf(start, loc))
	period := Monthly(loc).Containing(start)
	asOf := period.Start.Add(time.Duration(rapid.Int64Range(1, int64(period.Duration()/time.Minute)-1).Draw(t, "asOfMinute")) * time.Minute)
	target := rapid.SampledFrom([]string{"90", "99", "99.9", "100"}).Draw(t, "target")
	p := genPolicy(t)
	if rapid.Bool().Draw(t, "effective") {
		p.Effective = period.Start.Add(genSpan(t, 20*24*time.Hour, "effectiveAfter"))
	}
	a := Agreement{ID: "P", Objectives: []Objective{{Target: mustTarget(t, target), Policy: p}}, Calendar: cal, Period: Monthly(loc)}
	outages := genIntervals(t, period, 8, "outage")
	maint := genIntervals(t, period, 2, "maint")
	var overlays []StatusInterval
	for _, x := range genIntervals(t, period, 3, "overlay") {
		overlays = append(overlays, StatusInterval{x, rapid.SampledFrom([]Status{Degraded, NoData}).Draw(t, "overlayStatus")})
	}
	// before cuts every input at asOf: the rest of the period all up.
	before := func(ivs []Interval) []Interval {
		var out []Interval
		for _, x := range ivs {
			if x = x.Intersect(Interval{Start: period.Start, End: asOf}); !x.Empty() {
				out = append(out, x)
			}
		}
		return out
	}
	var pastOverlays []StatusInterval
	for _, o := range overlays {
		if c := before([]Interval{o.Interval}); len(c) > 0 {
			pastOverlays = append(pastOverlays, StatusInterval{c[0], o.Status})
		}
	}
	eval := func(out, mt []Interval, ov []StatusInterval, at time.Time) (PeriodResult, bool) {
		tl, err := TimelineFromOutages(period, out, WithMaintenance(mt...), WithIntervals(ov...))
		if err != nil {
			t.Fatal(err)
		}
		res, err := a.Evaluate(tl, period, at)
		if err != nil {
			t.Fatal(err)
		}
		if len(res) == 0 {
			return PeriodResult{}, false // the period ends before the effective date
		}
		return res[0], true
	}
	running, ok := eval(outages, maint, overlays, asOf)
	if !ok {
		return
	}
	final, _ := eval(outages, maint, overlays, period.End)
	clean, _ := eval(before(outages), before(maint), pastOverlays, period.End)
	r, f, c := running.Results[0], final.Results[0], clean.Results[0]
	if running.Complete || !final.Complete {
		t.Fatalf("complete: running %v, final %v", running.Complete, final.Complete)
	}
	if r.Outcome == Attained {
		t.Fatalf("a running period reads attained")
	}
	if !r.Report.Known {
		return
	}
	if f.Report.Known && f.Report.Availability.Cmp(r.BestCase) > 0 {
		t.Fatalf("final %s above the running best case %s", f.Report.Availability, r.BestCase)
	}
	if !c.Report.Availability.Equal(r.BestCase) {
		t.Fatalf("rest all up: final %s, running best case %s (to come %v)", c.Report.Availability, r.BestCase, r.ToCome)
	}
	if (r.Outcome == Breached) != (c.Outcome == Breached) {
		t.Fatalf("running %v, ends %v with the rest all up", r.Outcome, c.Outcome)
	}
	if r.Outcome == Breached {
		if f.Outcome != Breached {
			t.Fatalf("running breached, final %v", f.Outcome)
		}
		tab, err := ParseCreditTable(k1Tiers)
		if err != nil {
			t.Fatal(err)
		}
		fee, _ := ParseMoney("1000.00", Currency{Code: "EUR", Exponent: 2})
		pol := CreditPolicy{Table: tab}
		st, err := Statement([]CreditClaim{ClaimFor(a, r, fee, pol), ClaimFor(a, f, fee, pol)}, Ratio{})
		if err != nil {
			t.Fatal(err)
		}
		if certain, got := st.Lines[0].Credit.Amount, st.Lines[1].Credit.Amount; certain.Minor > got.Minor {
			t.Fatalf("certain credit %s above the final %s", certain, got)
		}
	}
}

func TestRunningVerdictSound(t *testing.T) { rapid.Check(t, testRunningVerdictSound) }
