package itsm_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

// money parses amount in the currency with the given code from the built-in table.
func money(t interface {
	Helper()
	Fatal(...any)
}, code, amount string) itsm.Money {
	t.Helper()
	c, err := itsm.CurrencyOf(code)
	if err != nil {
		t.Fatal(err)
	}
	m, err := itsm.ParseMoney(amount, c)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestCurrencies(t *testing.T) {
	var got []string
	for _, code := range []string{"EUR", "JPY", "KWD", "USD", "CLP"} {
		c, err := itsm.CurrencyOf(code)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%s/%d", c, c.Exponent))
	}
	if diff := cmp.Diff([]string{"EUR/2", "JPY/0", "KWD/3", "USD/2", "CLP/0"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := itsm.CurrencyOf("XYZ"); !errors.Is(err, itsm.ErrUnknownCurrency) {
		t.Errorf("XYZ: %v", err)
	}
	if c, err := itsm.NewCurrency("XAU", 0); err != nil || c != (itsm.Currency{Code: "XAU"}) {
		t.Errorf("NewCurrency XAU: %v %v", c, err)
	}
	if c, err := itsm.NewCurrency("EUR", 2); err != nil || c != (itsm.Currency{Code: "EUR", Exponent: 2}) {
		t.Errorf("NewCurrency EUR: %v %v", c, err)
	}
	for _, bad := range []struct {
		code string
		exp  int
	}{{"eur", 2}, {"EURO", 2}, {"E1R", 2}, {"", 2}, {"XAU", 5}, {"XAU", -1}, {"EUR", 3}} {
		if _, err := itsm.NewCurrency(bad.code, bad.exp); !errors.Is(err, itsm.ErrUnknownCurrency) {
			t.Errorf("NewCurrency(%q, %d): %v", bad.code, bad.exp, err)
		}
	}
}

func TestParseMoney(t *testing.T) {
	jpy, _ := itsm.CurrencyOf("JPY")
	kwd, _ := itsm.CurrencyOf("KWD")
	cases := []struct {
		in   string
		c    itsm.Currency
		want string
		n    int64
	}{
		{"1250", jpy, "JPY 1250", 1250},
		{"1.5", kwd, "KWD 1.500", 1500},
		{"-3.25", itsm.Currency{Code: "EUR", Exponent: 2}, "EUR -3.25", -325},
		{"0.001", kwd, "KWD 0.001", 1},
		{"7", itsm.Currency{}, "7", 7},
	}
	for _, c := range cases {
		m, err := itsm.ParseMoney(c.in, c.c)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if diff := cmp.Diff([]any{c.want, c.n}, []any{m.String(), m.Minor}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.in, diff)
		}
	}
	for _, bad := range []struct {
		in   string
		want error
	}{
		{"1.5", itsm.ErrBadAmount}, // JPY has no minor unit: nothing is rounded away
		{"1e3", itsm.ErrBadAmount},
		{"", itsm.ErrBadAmount},
		{"12,00", itsm.ErrBadAmount},
		{"99999999999999999999", itsm.ErrMoneyOverflow},
	} {
		if _, err := itsm.ParseMoney(bad.in, jpy); !errors.Is(err, bad.want) {
			t.Errorf("ParseMoney(%q, JPY) = %v, want %v", bad.in, err, bad.want)
		}
	}
}

func TestMoneyArithmetic(t *testing.T) {
	a, b := money(t, "EUR", "10.50"), money(t, "EUR", "0.75")
	s, err := a.Add(b)
	if err != nil || s.String() != "EUR 11.25" {
		t.Errorf("Add: %v %v", s, err)
	}
	d, err := b.Sub(a)
	if err != nil || d.String() != "EUR -9.75" {
		t.Errorf("Sub: %v %v", d, err)
	}
	for _, c := range []struct {
		x, y itsm.Money
		want int
	}{{a, b, 1}, {b, a, -1}, {a, a, 0}} {
		if got, err := c.x.Cmp(c.y); err != nil || got != c.want {
			t.Errorf("Cmp(%v, %v) = %d, %v; want %d", c.x, c.y, got, err, c.want)
		}
	}
	other := money(t, "USD", "0.01")
	if _, err := a.Add(other); !errors.Is(err, itsm.ErrCurrencyMismatch) {
		t.Errorf("Add mismatch: %v", err)
	}
	if _, err := a.Sub(other); !errors.Is(err, itsm.ErrCurrencyMismatch) {
		t.Errorf("Sub mismatch: %v", err)
	}
	if _, err := a.Cmp(other); !errors.Is(err, itsm.ErrCurrencyMismatch) {
		t.Errorf("Cmp mismatch: %v", err)
	}
	big := itsm.Money{Minor: math.MaxInt64, Currency: a.Currency}
	if _, err := big.Add(money(t, "EUR", "0.01")); !errors.Is(err, itsm.ErrMoneyOverflow) {
		t.Errorf("Add overflow: %v", err)
	}
	small := itsm.Money{Minor: math.MinInt64, Currency: a.Currency}
	if _, err := small.Add(money(t, "EUR", "-0.01")); !errors.Is(err, itsm.ErrMoneyOverflow) {
		t.Errorf("Add negative overflow: %v", err)
	}
	if _, err := a.Sub(small); !errors.Is(err, itsm.ErrMoneyOverflow) {
		t.Errorf("Sub overflow: %v", err)
	}
	if _, err := big.Share(itsm.IntRatio(2), itsm.RoundFloor); !errors.Is(err, itsm.ErrMoneyOverflow) {
		t.Errorf("Share overflow: %v", err)
	}
	if _, err := a.Share(itsm.IntRatio(1), itsm.RoundingMode(0)); !errors.Is(err, itsm.ErrRoundingMode) {
		t.Errorf("Share with no rounding mode: %v", err)
	}
	if !(itsm.Money{}).IsZero() || a.IsZero() || a.Amount().String() != "10.5" {
		t.Error("IsZero / Amount")
	}
}

// Every division of money states its rounding: a third of EUR 100.00 under each mode, and
// Percent as a share of one hundredth.
func TestMoneyShareRounding(t *testing.T) {
	third, err := itsm.RatioOf(1, 3)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range []itsm.RoundingMode{itsm.RoundFloor, itsm.RoundCeil, itsm.RoundDown, itsm.RoundUp, itsm.RoundHalfUp, itsm.RoundHalfEven} {
		x, err := money(t, "EUR", "100.00").Share(third, m)
		if err != nil {
			t.Fatal(err)
		}
		y, err := money(t, "EUR", "-100.00").Share(third, m)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, x.String()+" "+y.String())
	}
	want := []string{
		"EUR 33.33 EUR -33.34", // floor
		"EUR 33.34 EUR -33.33", // ceil
		"EUR 33.33 EUR -33.33", // down
		"EUR 33.34 EUR -33.34", // up
		"EUR 33.33 EUR -33.33", // half-up
		"EUR 33.33 EUR -33.33", // half-even
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("thirds (-want +got):\n%s", diff)
	}
	// A tie: half a cent.
	half, _ := itsm.RatioOf(1, 2)
	var ties []string
	for _, m := range []itsm.RoundingMode{itsm.RoundHalfUp, itsm.RoundHalfEven} {
		x, err := money(t, "EUR", "0.05").Share(half, m)
		if err != nil {
			t.Fatal(err)
		}
		ties = append(ties, x.String())
	}
	if diff := cmp.Diff([]string{"EUR 0.03", "EUR 0.02"}, ties); diff != "" {
		t.Errorf("ties (-want +got):\n%s", diff)
	}
	p, err := money(t, "EUR", "5000.00").Percent(itsm.IntRatio(10), itsm.RoundFloor)
	if err != nil || p != money(t, "EUR", "500.00") {
		t.Errorf("10 %% of EUR 5000.00 = %v, %v", p, err)
	}
	if _, err := itsm.RatioOf(1, 0); !errors.Is(err, itsm.ErrDivisionByZero) {
		t.Errorf("RatioOf(1, 0): %v", err)
	}
}

// The zero Money is zero in every currency, so a total can start from it; a non-zero amount
// without a currency, or zero in another currency, still mismatches.
func TestZeroMoneyAddsToAnyCurrency(t *testing.T) {
	a := money(t, "EUR", "10.50")
	var total itsm.Money
	total, err := total.Add(a)
	if err != nil || total != a {
		t.Errorf("zero + EUR 10.50 = %v, %v", total, err)
	}
	if s, err := a.Add(itsm.Money{}); err != nil || s != a {
		t.Errorf("EUR 10.50 + zero = %v, %v", s, err)
	}
	if d, err := (itsm.Money{}).Sub(a); err != nil || d.String() != "EUR -10.50" {
		t.Errorf("zero − EUR 10.50 = %v, %v", d, err)
	}
	if d, err := a.Sub(itsm.Money{}); err != nil || d != a {
		t.Errorf("EUR 10.50 − zero = %v, %v", d, err)
	}
	if c, err := (itsm.Money{}).Cmp(a); err != nil || c != -1 {
		t.Errorf("Cmp(zero, EUR 10.50) = %d, %v", c, err)
	}
	if s, err := (itsm.Money{}).Add(itsm.Money{}); err != nil || s != (itsm.Money{}) {
		t.Errorf("zero + zero = %v, %v", s, err)
	}
	if _, err := (itsm.Money{Minor: 3}).Add(a); !errors.Is(err, itsm.ErrCurrencyMismatch) {
		t.Errorf("3 minor units of no currency + EUR: %v, want ErrCurrencyMismatch", err)
	}
	if _, err := money(t, "USD", "0").Add(a); !errors.Is(err, itsm.ErrCurrencyMismatch) {
		t.Errorf("USD 0.00 + EUR: %v, want ErrCurrencyMismatch", err)
	}
}

func TestMoneyJSON(t *testing.T) {
	m := money(t, "KWD", "1.5")
	b, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(`{"minor":1500,"currency":{"code":"KWD","exponent":3}}`, string(b)); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Documents written before the fields had JSON names still read (names match case-insensitively).
	var back itsm.Money
	if err := json.Unmarshal([]byte(`{"Minor":1500,"Currency":{"Code":"KWD","Exponent":3}}`), &back); err != nil || back != m {
		t.Errorf("old spelling: %v, %v", back, err)
	}
}

// A share rounded down never exceeds the exact share, rounded up never falls below it, and both
// are within one minor unit.
func testMoneyShare(t *rapid.T) {
	m := itsm.Money{Minor: rapid.Int64Range(-1e12, 1e12).Draw(t, "minor"), Currency: itsm.Currency{Code: "EUR", Exponent: 2}}
	share, _ := itsm.RatioOf(rapid.Int64Range(0, 1e6).Draw(t, "num"), rapid.Int64Range(1, 1e6).Draw(t, "den"))
	exactShare := itsm.IntRatio(m.Minor).Mul(share)
	lo, err := m.Share(share, itsm.RoundFloor)
	if err != nil {
		t.Fatal(err)
	}
	hi, err := m.Share(share, itsm.RoundCeil)
	if err != nil {
		t.Fatal(err)
	}
	if itsm.IntRatio(lo.Minor).Cmp(exactShare) > 0 || itsm.IntRatio(hi.Minor).Cmp(exactShare) < 0 || hi.Minor-lo.Minor > 1 {
		t.Fatalf("%s × %s: floor %d, ceil %d, exact %s", m, share, lo.Minor, hi.Minor, exactShare)
	}
}

func TestMoneyShare(t *testing.T) { rapid.Check(t, testMoneyShare) }
func FuzzMoneyShare(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testMoneyShare)) }

// Add and Sub are inverse, commutative where they should be, and either exact or an error: never
// a wrapped-around sum.
func testMoneyAddSub(t *rapid.T) {
	c := itsm.Currency{Code: "JPY"}
	gen := rapid.OneOf(rapid.Int64(), rapid.Int64Range(-1e6, 1e6), rapid.SampledFrom([]int64{math.MinInt64, math.MaxInt64, 0}))
	x := itsm.Money{Minor: gen.Draw(t, "x"), Currency: c}
	y := itsm.Money{Minor: gen.Draw(t, "y"), Currency: c}
	s, err := x.Add(y)
	fits := !(y.Minor > 0 && x.Minor > math.MaxInt64-y.Minor) && !(y.Minor < 0 && x.Minor < math.MinInt64-y.Minor)
	if fits != (err == nil) {
		t.Fatalf("%v + %v: %v, %v", x, y, s, err)
	}
	if err != nil {
		if !errors.Is(err, itsm.ErrMoneyOverflow) {
			t.Fatalf("%v + %v: %v", x, y, err)
		}
		return
	}
	if r, err := y.Add(x); err != nil || r != s {
		t.Fatalf("not commutative: %v + %v = %v, reversed %v (%v)", x, y, s, r, err)
	}
	if back, err := s.Sub(y); err != nil || back != x {
		t.Fatalf("(%v + %v) − %v = %v (%v)", x, y, y, back, err)
	}
}

func TestMoneyAddSub(t *testing.T) { rapid.Check(t, testMoneyAddSub) }
func FuzzMoneyAddSub(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testMoneyAddSub)) }

// FuzzParseMoney: never panics; accepted amounts print back to the same value.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1250.00", "-3.5", "0.001", "1e3", "", "99999999999999999999"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, exp int) {
		c := itsm.Currency{Code: "XTS", Exponent: ((exp % 5) + 5) % 5}
		m, err := itsm.ParseMoney(s, c)
		if err != nil {
			if !errors.Is(err, itsm.ErrBadAmount) && !errors.Is(err, itsm.ErrMoneyOverflow) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		back, err := itsm.ParseMoney(m.String()[4:], c)
		if err != nil || back != m {
			t.Fatalf("%q -> %s -> %v (%v)", s, m, back, err)
		}
	})
}

func ExampleParseMoney() {
	eur, _ := itsm.CurrencyOf("EUR")
	fee, err := itsm.ParseMoney("1250.00", eur)
	if err != nil {
		panic(err)
	}
	_, err = itsm.ParseMoney("0.005", eur)
	fmt.Println(fee, fee.Minor)
	fmt.Println(err)
	// Output:
	// EUR 1250.00 125000
	// itsm: bad money amount: "0.005" has more than 2 decimal places for EUR
}

// ExampleMoney_Share splits a fee three ways: the rounding is always the caller's choice, and the
// remainder is what rounding left over.
func ExampleMoney_Share() {
	eur, _ := itsm.CurrencyOf("EUR")
	fee, _ := itsm.ParseMoney("100.00", eur)
	third, _ := itsm.RatioOf(1, 3)
	part, _ := fee.Share(third, itsm.RoundFloor)
	var total itsm.Money // the zero Money adds to any currency
	for range 3 {
		total, _ = total.Add(part)
	}
	rest, _ := fee.Sub(total)
	fmt.Println(part, total, rest)
	// Output: EUR 33.33 EUR 99.99 EUR 0.01
}
