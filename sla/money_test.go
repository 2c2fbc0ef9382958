package sla

import (
	"errors"
	"math"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func TestCurrencies(t *testing.T) {
	var got []string
	for _, code := range []string{"EUR", "JPY", "KWD", "USD", "CLP"} {
		c, err := CurrencyOf(code)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, c.String()+"/"+itoa64(int64(c.Exponent)))
	}
	if diff := cmp.Diff([]string{"EUR/2", "JPY/0", "KWD/3", "USD/2", "CLP/0"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if _, err := CurrencyOf("XYZ"); !errors.Is(err, ErrUnknownCurrency) {
		t.Errorf("XYZ: %v", err)
	}
	if c, err := NewCurrency("XAU", 0); err != nil || c.Code != "XAU" {
		t.Errorf("NewCurrency XAU: %v %v", c, err)
	}
	for _, bad := range []struct {
		code string
		exp  int
	}{{"eur", 2}, {"EURO", 2}, {"E1R", 2}, {"XAU", 5}, {"XAU", -1}, {"EUR", 3}} {
		if _, err := NewCurrency(bad.code, bad.exp); !errors.Is(err, ErrUnknownCurrency) {
			t.Errorf("NewCurrency(%q, %d): %v", bad.code, bad.exp, err)
		}
	}
}

func TestParseMoney(t *testing.T) {
	jpy, _ := CurrencyOf("JPY")
	kwd, _ := CurrencyOf("KWD")
	cases := []struct {
		in   string
		c    Currency
		want string
		n    int64
	}{
		{"1250", jpy, "JPY 1250", 1250},
		{"1.5", kwd, "KWD 1.500", 1500},
		{"-3.25", Currency{Code: "EUR", Exponent: 2}, "EUR -3.25", -325},
		{"0.001", kwd, "KWD 0.001", 1},
		{"7", Currency{}, "7", 7},
	}
	for _, c := range cases {
		m, err := ParseMoney(c.in, c.c)
		if err != nil {
			t.Fatalf("%s: %v", c.in, err)
		}
		if diff := cmp.Diff([]any{c.want, c.n}, []any{m.String(), m.Minor}); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.in, diff)
		}
	}
	for _, bad := range []string{"1.5", "1e3", "", "12,00", "99999999999999999999"} {
		if _, err := ParseMoney(bad, jpy); err == nil {
			t.Errorf("ParseMoney(%q, JPY) accepted", bad)
		}
	}
	if _, err := ParseMoney("99999999999999999999", jpy); !errors.Is(err, ErrMoneyOverflow) {
		t.Errorf("overflow: %v", err)
	}
	if _, err := ParseMoney("0.5", jpy); !errors.Is(err, ErrBadAmount) {
		t.Errorf("places: %v", err)
	}
}

func TestMoneyArithmetic(t *testing.T) {
	a, b := eur(t, "10.50"), eur(t, "0.75")
	s, err := a.Add(b)
	if err != nil || s.String() != "EUR 11.25" {
		t.Errorf("Add: %v %v", s, err)
	}
	d, err := b.Sub(a)
	if err != nil || d.String() != "EUR -9.75" {
		t.Errorf("Sub: %v %v", d, err)
	}
	if c, err := a.Cmp(b); err != nil || c != 1 {
		t.Errorf("Cmp: %d %v", c, err)
	}
	if c, _ := b.Cmp(a); c != -1 {
		t.Error("Cmp reversed")
	}
	if c, _ := a.Cmp(a); c != 0 {
		t.Error("Cmp equal")
	}
	usd, _ := CurrencyOf("USD")
	other := Money{Minor: 1, Currency: usd}
	if _, err := a.Add(other); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("mismatch: %v", err)
	}
	if _, err := a.Cmp(other); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("Cmp mismatch: %v", err)
	}
	big := Money{Minor: math.MaxInt64, Currency: a.Currency}
	if _, err := big.Add(eur(t, "0.01")); !errors.Is(err, ErrMoneyOverflow) {
		t.Errorf("overflow: %v", err)
	}
	if _, err := a.Sub(Money{Minor: math.MinInt64, Currency: a.Currency}); !errors.Is(err, ErrMoneyOverflow) {
		t.Errorf("Sub overflow: %v", err)
	}
	if _, err := big.Share(IntRatio(2), RoundFloor); !errors.Is(err, ErrMoneyOverflow) {
		t.Errorf("Share overflow: %v", err)
	}
	if _, err := a.Share(IntRatio(1), RoundingMode(0)); err == nil {
		t.Error("Share with no rounding mode accepted")
	}
	third, _ := RatioOf(1, 3)
	var got []string
	for _, m := range []RoundingMode{RoundFloor, RoundCeil, RoundHalfEven} {
		x, err := eur(t, "100.00").Share(third, m)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, x.String())
	}
	if diff := cmp.Diff([]string{"EUR 33.33", "EUR 33.34", "EUR 33.33"}, got); diff != "" {
		t.Errorf("thirds (-want +got):\n%s", diff)
	}
	if !(Money{}).IsZero() || a.IsZero() || a.Amount().String() != "10.5" {
		t.Error("IsZero / Amount")
	}
}

// A share rounded down never exceeds the exact share, rounded up never falls below it, and both
// are within one minor unit.
func testMoneyShare(t *rapid.T) {
	m := Money{Minor: rapid.Int64Range(-1e12, 1e12).Draw(t, "minor"), Currency: Currency{Code: "EUR", Exponent: 2}}
	share, _ := RatioOf(rapid.Int64Range(0, 1e6).Draw(t, "num"), rapid.Int64Range(1, 1e6).Draw(t, "den"))
	exactShare := IntRatio(m.Minor).Mul(share)
	lo, err := m.Share(share, RoundFloor)
	if err != nil {
		t.Fatal(err)
	}
	hi, err := m.Share(share, RoundCeil)
	if err != nil {
		t.Fatal(err)
	}
	if IntRatio(lo.Minor).Cmp(exactShare) > 0 || IntRatio(hi.Minor).Cmp(exactShare) < 0 || hi.Minor-lo.Minor > 1 {
		t.Fatalf("%s × %s: floor %d, ceil %d, exact %s", m, share, lo.Minor, hi.Minor, exactShare)
	}
}

func TestMoneyShare(t *testing.T) { rapid.Check(t, testMoneyShare) }
func FuzzMoneyShare(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testMoneyShare)) }

// FuzzParseMoney: never panics; accepted amounts print back to the same value.
func FuzzParseMoney(f *testing.F) {
	for _, s := range []string{"1250.00", "-3.5", "0.001", "1e3", "", "99999999999999999999"} {
		f.Add(s, 2)
	}
	f.Fuzz(func(t *testing.T, s string, exp int) {
		c := Currency{Code: "XTS", Exponent: ((exp % 5) + 5) % 5}
		m, err := ParseMoney(s, c)
		if err != nil {
			if !errors.Is(err, ErrBadAmount) && !errors.Is(err, ErrMoneyOverflow) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		back, err := ParseMoney(m.String()[4:], c)
		if err != nil || back != m {
			t.Fatalf("%q -> %s -> %v (%v)", s, m, back, err)
		}
	})
}

// The zero Money is zero in every currency, so a total can start from it (var total Money) the
// way itsm.Money's zero value does; a non-zero amount without a currency still mismatches.
func TestZeroMoneyAddsToAnyCurrency(t *testing.T) {
	a := eur(t, "10.50")
	var total Money
	total, err := total.Add(a)
	if err != nil || total != a {
		t.Errorf("zero + EUR 10.50 = %v, %v", total, err)
	}
	if s, err := a.Add(Money{}); err != nil || s != a {
		t.Errorf("EUR 10.50 + zero = %v, %v", s, err)
	}
	if d, err := (Money{}).Sub(a); err != nil || d.String() != "EUR -10.50" {
		t.Errorf("zero − EUR 10.50 = %v, %v", d, err)
	}
	if c, err := (Money{}).Cmp(a); err != nil || c != -1 {
		t.Errorf("Cmp(zero, EUR 10.50) = %d, %v", c, err)
	}
	if _, err := (Money{Minor: 3}).Add(a); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("3 minor units of no currency + EUR: %v, want ErrCurrencyMismatch", err)
	}
}
