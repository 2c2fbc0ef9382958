package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

const k1Tiers = `
[99.0, 99.9)  10%   # K1: below 99.9 % and at least 99.0 %
[95.0, 99.0)  25%
[0, 95.0)     100%
`

func eur(t interface {
	Helper()
	Fatalf(string, ...any)
}, s string) Money {
	t.Helper()
	c, err := CurrencyOf("EUR")
	if err != nil {
		t.Fatalf("EUR: %v", err)
	}
	m, err := ParseMoney(s, c)
	if err != nil {
		t.Fatalf("ParseMoney(%q): %v", s, err)
	}
	return m
}

// K1: credits of 0 / 0 / 10 / 25 / 100 % of the monthly fee.
func TestCreditK1(t *testing.T) {
	tab, err := ParseCreditTable(k1Tiers)
	if err != nil {
		t.Fatal(err)
	}
	p := CreditPolicy{Table: tab}
	fee := eur(t, "2000.00")
	var got []string
	for _, a := range []string{"99.95", "99.9", "99.0", "98.99", "94.99"} {
		c, err := p.Credit(mustRat(t, a), fee)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.Amount.String())
	}
	want := []string{"EUR 0.00", "EUR 0.00", "EUR 200.00", "EUR 500.00", "EUR 2000.00"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("K1 (-want +got):\n%s", diff)
	}
	c, _ := p.Credit(mustRat(t, "98.99"), fee)
	if diff := cmp.Diff("availability 98.990% in [95, 99) → 25% of EUR 2000.00 = EUR 500.00: pays EUR 500.00", c.String()); diff != "" {
		t.Errorf("explanation (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("[99, 99.9) 10%\n[95, 99) 25%\n[0, 95) 100%\n", tab.String()); diff != "" {
		t.Errorf("String (-want +got):\n%s", diff)
	}
}

func TestCreditCapsMinimumRounding(t *testing.T) {
	tab, err := ParseCreditTable(k1Tiers)
	if err != nil {
		t.Fatal(err)
	}
	fee := eur(t, "99.99")
	cases := []struct {
		name  string
		p     CreditPolicy
		avail string
		want  string
		flags [2]bool // capped, below minimum
	}{
		{"10 % of 99.99 rounds half up", CreditPolicy{Table: tab}, "99.5", "EUR 10.00", [2]bool{}},
		{"floor rounding", CreditPolicy{Table: tab, Rounding: RoundFloor}, "99.5", "EUR 9.99", [2]bool{}},
		{"25 % of 99.99 = 24.9975 half-even", CreditPolicy{Table: tab, Rounding: RoundHalfEven}, "97", "EUR 25.00", [2]bool{}},
		{"share cap 30 %", CreditPolicy{Table: tab, CapPercent: mustRat(t, "30")}, "50", "EUR 29.99", [2]bool{true, false}},
		{"amount cap", CreditPolicy{Table: tab, Cap: eur(t, "20.00")}, "97", "EUR 20.00", [2]bool{true, false}},
		{"below minimum", CreditPolicy{Table: tab, Minimum: eur(t, "15.00")}, "99.5", "EUR 0.00", [2]bool{false, true}},
		{"at minimum", CreditPolicy{Table: tab, Minimum: eur(t, "10.00")}, "99.5", "EUR 10.00", [2]bool{}},
		{"no tier", CreditPolicy{Table: tab}, "100", "EUR 0.00", [2]bool{}},
		{"zero policy", CreditPolicy{}, "10", "EUR 0.00", [2]bool{}},
	}
	for _, c := range cases {
		cr, err := c.p.Credit(mustRat(t, c.avail), fee)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if diff := cmp.Diff(c.want, cr.Amount.String()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
		if got := [2]bool{cr.Capped, cr.BelowMinimum}; got != c.flags {
			t.Errorf("%s: capped/below minimum %v, want %v", c.name, got, c.flags)
		}
	}
}

func TestCreditFixedAmounts(t *testing.T) {
	tab, err := ParseCreditTable("[99, 99.5) EUR 50.00; [0, 99) EUR 200.00")
	if err != nil {
		t.Fatal(err)
	}
	p := CreditPolicy{Table: tab}
	c, err := p.Credit(mustRat(t, "99.2"), eur(t, "1000.00"))
	if err != nil || c.Amount.String() != "EUR 50.00" {
		t.Errorf("fixed credit %v %v", c, err)
	}
	usd, _ := CurrencyOf("USD")
	if _, err := p.Credit(mustRat(t, "99.2"), Money{Minor: 100, Currency: usd}); !errors.Is(err, ErrBadFee) {
		t.Errorf("fee in another currency: %v", err)
	}
}

func TestCreditTableErrors(t *testing.T) {
	cases := map[string]string{
		"overlap":                "[99, 99.9) 10%; [95, 99] 25%; [0, 95) 100%",
		"gap":                    "[99, 99.9) 10%; [95, 98) 25%; [0, 95) 100%",
		"gap at a shared bound":  "[99, 99.9) 10%; [95, 99) 25%; [0, 95) 100%; (98, 98.5) 1%",
		"open meeting point":     "(99, 99.9) 10%; [0, 99) 25%",
		"not from zero":          "[99, 99.9) 10%; [95, 99) 25%",
		"zero open":              "[99, 99.9) 10%; (0, 99) 25%",
		"rising credit":          "[99, 99.9) 30%; [0, 99) 25%",
		"share above 100":        "[0, 99.9) 101%",
		"mixed kinds":            "[99, 99.9) 10%; [0, 99) EUR 5.00",
		"above 100 %":            "[0, 100.5) 10%",
		"empty range":            "[0, 99) 10%; [99, 99) 5%",
		"negative fixed":         "[0, 99) EUR -5.00",
		"fixed rising":           "[99, 99.9) EUR 50.00; [0, 99) EUR 20.00",
		"fixed currencies":       "[99, 99.9) USD 5.00; [0, 99) EUR 20.00",
		"overlap both inclusive": "[99, 99.9) 10%; [0, 99] 25%",
	}
	for name, text := range cases {
		_, err := ParseCreditTable(text)
		var pe *ParseError
		if !errors.Is(err, ErrCreditTiers) || !errors.As(err, &pe) {
			t.Errorf("%s: %v", name, err)
		}
	}
	syntax := map[string]string{
		"no bracket":    "99, 99.9) 10%",
		"no close":      "[99, 99.9 10%",
		"no comma":      "[99 99.9) 10%",
		"bad bound":     "[x, 99.9) 10%",
		"bad upper":     "[0, y) 10%",
		"no credit":     "[0, 99)",
		"bad share":     "[0, 99) ten%",
		"bad amount":    "[0, 99) EUR 1.005",
		"unknown code":  "[0, 99) EURO 1.00",
		"five decimals": "[0, 99) XYZ 1.00000",
		"bare number":   "[0, 99) 10",
		"too long text": strings.Repeat("#", maxCreditText+1),
	}
	for name, text := range syntax {
		_, err := ParseCreditTable(text)
		var pe *ParseError
		if err == nil || !errors.As(err, &pe) {
			t.Errorf("%s: %v", name, err)
		}
	}
	_, err := ParseCreditTable("[0, 95) 100%\n  [95, 99) 25%; [99, 99.9 10%")
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != 2 || pe.Column != 17 {
		t.Errorf("position: %v", err)
	}
	if !strings.HasPrefix(err.Error(), "sla: credit tier line 2, column 17") {
		t.Errorf("message %q", err)
	}
}

func TestCreditBadFee(t *testing.T) {
	tab, _ := ParseCreditTable(k1Tiers)
	p := CreditPolicy{Table: tab}
	if _, err := p.Credit(mustRat(t, "90"), eur(t, "-1.00")); !errors.Is(err, ErrBadFee) {
		t.Errorf("negative fee: %v", err)
	}
	if _, err := (CreditPolicy{Table: tab, CapPercent: mustRat(t, "-1")}).Credit(mustRat(t, "90"), eur(t, "1.00")); !errors.Is(err, ErrBadFee) {
		t.Errorf("negative cap: %v", err)
	}
	usd, _ := CurrencyOf("USD")
	if _, err := (CreditPolicy{Table: tab, Cap: Money{Minor: 5, Currency: usd}}).Credit(mustRat(t, "90"), eur(t, "1.00")); !errors.Is(err, ErrBadFee) {
		t.Errorf("cap in another currency: %v", err)
	}
	if _, _, err := p.CreditForReport(Report{}, eur(t, "-1.00")); !errors.Is(err, ErrBadFee) {
		t.Errorf("negative fee, no data: %v", err)
	}
	c, ok, err := p.CreditForReport(Report{}, eur(t, "10.00"))
	if err != nil || ok || !c.Amount.IsZero() {
		t.Errorf("no data: %v %v %v", c, ok, err)
	}
	c, ok, err = p.CreditForReport(Report{Known: true, Availability: mustRat(t, "97")}, eur(t, "10.00"))
	if err != nil || !ok || c.Amount.String() != "EUR 2.50" {
		t.Errorf("report: %v %v %v", c, ok, err)
	}
}

func TestStatement(t *testing.T) {
	tab, _ := ParseCreditTable(k1Tiers)
	p := CreditPolicy{Table: tab}
	usd, _ := CurrencyOf("USD")
	claims := []CreditClaim{
		{Agreement: "web", Availability: mustRat(t, "98"), Known: true, Fee: eur(t, "1000.00"), Policy: p},
		{Agreement: "db", Availability: mustRat(t, "90"), Known: true, Fee: eur(t, "500.00"), Policy: p},
		{Agreement: "cdn", Known: false, Fee: eur(t, "300.00"), Policy: p},
		{Agreement: "us", Availability: mustRat(t, "99.5"), Known: true, Fee: Money{Minor: 12345, Currency: usd}, Policy: p},
	}
	st, err := Statement(claims, IntRatio(0))
	if err != nil {
		t.Fatal(err)
	}
	var totals []string
	for _, m := range st.Totals {
		totals = append(totals, m.String())
	}
	if diff := cmp.Diff([]string{"EUR 750.00", "USD 12.35"}, totals); diff != "" {
		t.Errorf("totals (-want +got):\n%s", diff)
	}
	if !st.Lines[2].NoData || st.Lines[2].Credit.Amount.Minor != 0 || st.Lines[1].Agreement != "db" {
		t.Errorf("lines %+v", st.Lines)
	}
	// Statement cap of 30 % of EUR 1800 fees = EUR 540.
	st, err = Statement(claims, IntRatio(30))
	if err != nil {
		t.Fatal(err)
	}
	if st.Totals[0].String() != "EUR 540.00" || st.Totals[1].String() != "USD 12.35" || !cmp.Equal([]string{"EUR"}, st.Capped) {
		t.Errorf("capped statement %+v", st)
	}
	if _, err := Statement(claims, IntRatio(-1)); !errors.Is(err, ErrBadFee) {
		t.Errorf("negative cap: %v", err)
	}
	claims[0].Fee = eur(t, "-1.00")
	if _, err := Statement(claims, IntRatio(0)); !errors.Is(err, ErrBadFee) {
		t.Errorf("negative fee: %v", err)
	}
}

// genTable draws a valid share table: cut points descending from ≤ 100 to 0, shares rising as
// availability falls, bounds alternating inclusive/exclusive consistently.
func genTable(t *rapid.T) CreditTable {
	n := rapid.IntRange(1, 5).Draw(t, "tiers")
	cuts := []int64{rapid.Int64Range(1, 10000).Draw(t, "top")}
	for i := 1; i < n; i++ {
		if cuts[i-1] <= 1 {
			break
		}
		cuts = append(cuts, rapid.Int64Range(1, cuts[i-1]-1).Draw(t, "cut"))
	}
	cuts = append(cuts, 0)
	lowIncl := rapid.Bool().Draw(t, "lowInclusive")
	share := int64(0)
	var tiers []CreditTier
	for i := 0; i+1 < len(cuts); i++ {
		share += rapid.Int64Range(0, 30).Draw(t, "step")
		hi, _ := RatioOf(cuts[i], 100)
		lo, _ := RatioOf(cuts[i+1], 100)
		r := PercentRange{Low: lo, High: hi, LowInclusive: lowIncl || cuts[i+1] == 0, HighInclusive: !lowIncl && i > 0}
		tiers = append(tiers, CreditTier{Range: r, Percent: IntRatio(min(share, 100))})
	}
	tab, err := NewCreditTable(tiers)
	if err != nil {
		t.Fatalf("generated table rejected: %v", err)
	}
	return tab
}

// Credits are monotone: better availability never earns more; the text form round-trips.
func testCreditMonotone(t *rapid.T) {
	tab := genTable(t)
	p := CreditPolicy{Table: tab, Rounding: RoundingMode(rapid.IntRange(1, 6).Draw(t, "mode"))}
	fee := Money{Minor: rapid.Int64Range(0, 1e9).Draw(t, "fee"), Currency: Currency{Code: "EUR", Exponent: 2}}
	a1, _ := RatioOf(rapid.Int64Range(0, 10000).Draw(t, "a1"), 100)
	a2, _ := RatioOf(rapid.Int64Range(0, 10000).Draw(t, "a2"), 100)
	if a2.Less(a1) {
		a1, a2 = a2, a1
	}
	c1, err := p.Credit(a1, fee)
	if err != nil {
		t.Fatal(err)
	}
	c2, err := p.Credit(a2, fee)
	if err != nil {
		t.Fatal(err)
	}
	if c2.Amount.Minor > c1.Amount.Minor {
		t.Fatalf("availability %s earns %s, more than %s at %s", a2, c2.Amount, c1.Amount, a1)
	}
	if c1.Amount.Minor > fee.Minor {
		t.Fatalf("credit %s above the fee %s", c1.Amount, fee)
	}
	back, err := ParseCreditTable(tab.String())
	if err != nil {
		t.Fatalf("round trip of %q: %v", tab.String(), err)
	}
	if diff := cmp.Diff(tab.Tiers(), back.Tiers()); diff != "" {
		t.Fatalf("round trip (-want +got):\n%s", diff)
	}
}

func TestCreditMonotone(t *testing.T) { rapid.Check(t, testCreditMonotone) }
func FuzzCreditMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCreditMonotone)) }

// More downtime never lowers the credit: downtime d1 ≤ d2 over the same period.
func testCreditMoreDowntime(t *rapid.T) {
	tab := genTable(t)
	p := CreditPolicy{Table: tab}
	period := rapid.Int64Range(1, 1<<40).Draw(t, "period")
	d1 := rapid.Int64Range(0, period).Draw(t, "d1")
	d2 := rapid.Int64Range(d1, period).Draw(t, "d2")
	avail := func(d int64) Ratio { r, _ := RatioOf(period-d, period); return r.MulInt(100) }
	fee := Money{Minor: 100000, Currency: Currency{Code: "EUR", Exponent: 2}}
	c1, _ := p.Credit(avail(d1), fee)
	c2, _ := p.Credit(avail(d2), fee)
	if c2.Amount.Minor < c1.Amount.Minor {
		t.Fatalf("more downtime lowered the credit: %s then %s", c1, c2)
	}
}

func TestCreditMoreDowntime(t *testing.T) { rapid.Check(t, testCreditMoreDowntime) }
func FuzzCreditMoreDowntime(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testCreditMoreDowntime)) }

// FuzzParseCreditTable: never panics; an accepted table prints to text that parses back equal.
func FuzzParseCreditTable(f *testing.F) {
	for _, s := range []string{k1Tiers, "[0, 99) EUR 5.00", "(0,1] 1%", "[0, 99.5) JPY 500; [99.5, 100) 0%", "[", "[0,", "#"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tab, err := ParseCreditTable(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			return
		}
		back, err := ParseCreditTable(tab.String())
		if err != nil {
			t.Fatalf("%q -> %q: %v", s, tab.String(), err)
		}
		if diff := cmp.Diff(tab.Tiers(), back.Tiers()); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

func TestCreditBadRounding(t *testing.T) {
	tab, _ := ParseCreditTable(k1Tiers)
	if _, err := (CreditPolicy{Table: tab, Rounding: RoundingMode(42)}).Credit(mustRat(t, "97"), eur(t, "10.00")); err == nil {
		t.Error("unknown rounding mode accepted")
	}
}

func TestCreditTableJSON(t *testing.T) {
	type contract struct {
		Tiers CreditTable `json:"tiers"`
		Cap   Ratio       `json:"cap"`
	}
	in := `{"tiers": "[99, 99.9) 10%; [95, 99) 25%; [0, 95) 100%", "cap": "50"}`
	var c contract
	if err := json.Unmarshal([]byte(in), &c); err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"tiers":"[99, 99.9) 10%\n[95, 99) 25%\n[0, 95) 100%\n","cap":"50"}`, string(out)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if err := json.Unmarshal([]byte(`{"tiers": "[0, 99) 10%; [98, 99.9) 5%"}`), &c); !errors.Is(err, ErrCreditTiers) {
		t.Errorf("overlapping tiers in JSON: %v", err)
	}
}

// An availability outside [0, 100] % is a caller's mistake (a fraction passed for a percentage
// is the usual one), not "no credit": it is refused, on a statement too.
func TestCreditAvailabilityOutOfRange(t *testing.T) {
	tab, err := ParseCreditTable(k1Tiers)
	if err != nil {
		t.Fatal(err)
	}
	p := CreditPolicy{Table: tab}
	fee := eur(t, "2000.00")
	for _, a := range []string{"-5", "-0.001", "100.001", "150"} {
		if c, err := p.Credit(mustRat(t, a), fee); !errors.Is(err, ErrBadAvailability) {
			t.Errorf("Credit(%s%%) = %v, %v; want ErrBadAvailability", a, c, err)
		}
	}
	for _, a := range []string{"0", "100"} { // the bounds themselves are fine
		if _, err := p.Credit(mustRat(t, a), fee); err != nil {
			t.Errorf("Credit(%s%%): %v", a, err)
		}
	}
	_, err = Statement([]CreditClaim{{Agreement: "SLA-1", Availability: mustRat(t, "150"), Known: true, Fee: fee, Policy: p}}, Ratio{})
	if !errors.Is(err, ErrBadAvailability) || !strings.HasPrefix(err.Error(), "sla: claim 1 (SLA-1): ") {
		t.Errorf("statement: %v", err)
	}
}

// A tier that pays nothing has nothing to drop under a minimum payout: the credit is not
// "below the minimum", it is zero.
func TestCreditZeroTierNotBelowMinimum(t *testing.T) {
	tab, err := ParseCreditTable("[99, 100] 0%\n[0, 99) 10%")
	if err != nil {
		t.Fatal(err)
	}
	p := CreditPolicy{Table: tab, Minimum: eur(t, "150.00")}
	c, err := p.Credit(IntRatio(100), eur(t, "1000.00"))
	if err != nil {
		t.Fatal(err)
	}
	if c.BelowMinimum || c.String() != "availability 100.000% in [99, 100] → 0% of EUR 1000.00 = EUR 0.00: pays EUR 0.00" {
		t.Errorf("zero tier: %+v, %q", c, c)
	}
	c, err = p.Credit(IntRatio(98), eur(t, "1000.00")) // 10 % = 100.00 < 150.00
	if err != nil || !c.BelowMinimum || !c.Amount.IsZero() {
		t.Errorf("below minimum: %+v, %v", c, err)
	}
}

// Tiers may be given in any order, including two that start at the same bound: a single-point
// tier [0, 0] beside (0, 95) is a valid table whichever comes first.
func TestCreditTableOrderOfTiedTiers(t *testing.T) {
	for _, text := range []string{"[0, 0] 100%\n(0, 95) 50%", "(0, 95) 50%\n[0, 0] 100%"} {
		tab, err := ParseCreditTable(text)
		if err != nil {
			t.Errorf("%q: %v", text, err)
			continue
		}
		if diff := cmp.Diff("(0, 95) 50%\n[0, 0] 100%\n", tab.String()); diff != "" {
			t.Errorf("%q (-want +got):\n%s", text, diff)
		}
	}
	if _, err := ParseCreditTable("[0, 50) 100%\n[0, 95) 50%"); !errors.Is(err, ErrCreditTiers) {
		t.Errorf("same low bound, both inclusive: %v, want an overlap", err)
	}
}

// Every valid table survives MarshalText and UnmarshalText, including fixed amounts in a
// currency outside the built-in table (NewCurrency): its exponent is read back from the
// decimals String writes.
func TestCreditTableTextRoundTripAnyCurrency(t *testing.T) {
	for _, c := range []struct {
		code string
		exp  int
	}{{"XAU", 0}, {"XTS", 2}, {"XBT", 4}, {"EUR", 2}, {"KWD", 3}} {
		cur, err := NewCurrency(c.code, c.exp)
		if err != nil {
			t.Fatal(err)
		}
		tiers := []CreditTier{
			{Range: PercentRange{Low: IntRatio(95), High: IntRatio(99), LowInclusive: true}, Fixed: Money{Minor: 500, Currency: cur}},
			{Range: PercentRange{Low: IntRatio(0), High: IntRatio(95), LowInclusive: true}, Fixed: Money{Minor: 2500, Currency: cur}},
		}
		tab, err := NewCreditTable(tiers)
		if err != nil {
			t.Fatal(err)
		}
		text, _ := tab.MarshalText()
		var back CreditTable
		if err := back.UnmarshalText(text); err != nil {
			t.Errorf("%s: %q does not parse back: %v", c.code, text, err)
			continue
		}
		if diff := cmp.Diff(tab.Tiers(), back.Tiers()); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.code, diff)
		}
	}
	// Text written by hand for an unknown code with no decimals is read as exponent 0; a code
	// that is not three upper-case letters is still refused.
	if _, err := ParseCreditTable("[0, 99) eur 5"); !errors.Is(err, ErrUnknownCurrency) {
		t.Errorf("lower-case code: %v", err)
	}
}

// A tier with a fixed amount but no currency is a mistake, not a 0 % share: NewCreditTable
// refuses it instead of silently paying nothing.
func TestCreditTierFixedWithoutCurrency(t *testing.T) {
	tiers := []CreditTier{{Range: PercentRange{Low: IntRatio(0), High: IntRatio(99), LowInclusive: true}, Fixed: Money{Minor: 5000}}}
	if _, err := NewCreditTable(tiers); !errors.Is(err, ErrCreditTiers) {
		t.Errorf("fixed 5000 minor units in no currency: %v, want ErrCreditTiers", err)
	}
	// A share tier with the zero Fixed is the normal case.
	tiers[0].Fixed, tiers[0].Percent = Money{}, IntRatio(10)
	if _, err := NewCreditTable(tiers); err != nil {
		t.Errorf("share tier: %v", err)
	}
}
