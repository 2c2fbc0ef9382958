package sla

import (
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// Money's implementation and its tests live in itsm (itsm/money_test.go). These check that sla's
// spelling of it is itsm's: the same types, the same sentinels, forwards that change nothing.
func TestMoneyIsItsmMoney(t *testing.T) {
	var m Money = itsm.Money{Minor: 1050, Currency: itsm.Currency{Code: "EUR", Exponent: 2}}
	if m.String() != "EUR 10.50" {
		t.Errorf("sla.Money %v", m)
	}
	for _, c := range []struct {
		name      string
		sla, itsm error
	}{
		{"ErrUnknownCurrency", ErrUnknownCurrency, itsm.ErrUnknownCurrency},
		{"ErrCurrencyMismatch", ErrCurrencyMismatch, itsm.ErrCurrencyMismatch},
		{"ErrMoneyOverflow", ErrMoneyOverflow, itsm.ErrMoneyOverflow},
		{"ErrBadAmount", ErrBadAmount, itsm.ErrBadAmount},
		{"ErrRoundingMode", ErrRoundingMode, itsm.ErrRoundingMode},
		{"ErrDivisionByZero", ErrDivisionByZero, itsm.ErrDivisionByZero},
	} {
		if c.sla != c.itsm {
			t.Errorf("sla.%s is not itsm.%[1]s", c.name)
		}
	}
	if diff := cmp.Diff(
		[]RoundingMode{itsm.RoundFloor, itsm.RoundCeil, itsm.RoundDown, itsm.RoundUp, itsm.RoundHalfUp, itsm.RoundHalfEven},
		[]RoundingMode{RoundFloor, RoundCeil, RoundDown, RoundUp, RoundHalfUp, RoundHalfEven}); diff != "" {
		t.Errorf("rounding modes (-itsm +sla):\n%s", diff)
	}
}

func TestMoneyForwards(t *testing.T) {
	type result struct {
		Money Money
		Err   string
	}
	res := func(m Money, err error) result {
		if err != nil {
			return result{m, err.Error()}
		}
		return result{m, ""}
	}
	kwd, _ := itsm.CurrencyOf("KWD")
	cur := func(c Currency, err error) result { return res(Money{Currency: c}, err) }
	for _, c := range []struct {
		name      string
		sla, itsm result
	}{
		{"CurrencyOf EUR", cur(CurrencyOf("EUR")), cur(itsm.CurrencyOf("EUR"))},
		{"CurrencyOf XYZ", cur(CurrencyOf("XYZ")), cur(itsm.CurrencyOf("XYZ"))},
		{"NewCurrency XAU 0", cur(NewCurrency("XAU", 0)), cur(itsm.NewCurrency("XAU", 0))},
		{"NewCurrency EUR 3", cur(NewCurrency("EUR", 3)), cur(itsm.NewCurrency("EUR", 3))},
		{"ParseMoney 1.5 KWD", res(ParseMoney("1.5", kwd)), res(itsm.ParseMoney("1.5", kwd))},
		{"ParseMoney 0.0005 KWD", res(ParseMoney("0.0005", kwd)), res(itsm.ParseMoney("0.0005", kwd))},
	} {
		if diff := cmp.Diff(c.itsm, c.sla); diff != "" {
			t.Errorf("%s (-itsm +sla):\n%s", c.name, diff)
		}
	}
	// The sentinels match under either package's name.
	if _, err := CurrencyOf("XYZ"); !errors.Is(err, ErrUnknownCurrency) || !errors.Is(err, itsm.ErrUnknownCurrency) {
		t.Errorf("CurrencyOf XYZ: %v", err)
	}
	if _, err := ParseMoney("0.0005", kwd); !errors.Is(err, ErrBadAmount) {
		t.Errorf("ParseMoney 0.0005 KWD: %v", err)
	}
	usd, _ := CurrencyOf("USD")
	if _, err := (Money{Minor: 1, Currency: kwd}).Add(Money{Minor: 1, Currency: usd}); !errors.Is(err, ErrCurrencyMismatch) {
		t.Errorf("KWD + USD: %v", err)
	}
}
