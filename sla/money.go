package sla

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/itsmkit/itsmkit/internal/exact"
)

// Errors about money.
var (
	// ErrUnknownCurrency: a currency code that is not three upper-case letters, or that is not in
	// the built-in table when its minor-unit exponent is not given.
	ErrUnknownCurrency = errors.New("sla: unknown currency")
	// ErrCurrencyMismatch: an operation on amounts in two different currencies.
	ErrCurrencyMismatch = errors.New("sla: currency mismatch")
	// ErrMoneyOverflow: a result outside the int64 range of minor units.
	ErrMoneyOverflow = errors.New("sla: money overflow")
	// ErrBadAmount: amount text that is not a plain decimal or has more decimal places than the
	// currency's minor unit.
	ErrBadAmount = errors.New("sla: bad money amount")
)

// minorUnits is the ISO 4217 minor-unit exponent of common currencies. Read-only.
var minorUnits = map[string]int{
	"AED": 2, "ARS": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2,
	"COP": 2, "CZK": 2, "DKK": 2, "EGP": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2,
	"ILS": 2, "INR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "MXN": 2, "MYR": 2,
	"NOK": 2, "NZD": 2, "OMR": 3, "PHP": 2, "PLN": 2, "RON": 2, "SAR": 2, "SEK": 2, "SGD": 2,
	"THB": 2, "TND": 3, "TRY": 2, "TWD": 2, "UAH": 2, "USD": 2, "VND": 0, "ZAR": 2,
}

// Currency is an ISO 4217 currency: its alphabetic code and its minor-unit exponent (2 for EUR:
// one euro is 100 cents; 0 for JPY; 3 for KWD). The zero value is no currency; amounts in it can
// be added to each other but not formatted with a code. Currency is a comparable value type.
type Currency struct {
	Code     string
	Exponent int
}

// CurrencyOf returns the currency with the given code from the built-in table of common ISO 4217
// currencies, or ErrUnknownCurrency. Use NewCurrency for a code the table does not hold.
func CurrencyOf(code string) (Currency, error) {
	e, ok := minorUnits[code]
	if !ok {
		return Currency{}, fmt.Errorf("%w: %q (not in the built-in table; use NewCurrency)", ErrUnknownCurrency, code)
	}
	return Currency{Code: code, Exponent: e}, nil
}

// NewCurrency returns a currency with an explicit minor-unit exponent (0–4). The code must be
// three upper-case ASCII letters; when it is in the built-in table, the exponent must agree.
func NewCurrency(code string, exponent int) (Currency, error) {
	if len(code) != 3 || strings.IndexFunc(code, func(r rune) bool { return r < 'A' || r > 'Z' }) >= 0 {
		return Currency{}, fmt.Errorf("%w: %q is not three upper-case letters", ErrUnknownCurrency, code)
	}
	if exponent < 0 || exponent > 4 {
		return Currency{}, fmt.Errorf("%w: %s exponent %d outside 0–4", ErrUnknownCurrency, code, exponent)
	}
	if e, ok := minorUnits[code]; ok && e != exponent {
		return Currency{}, fmt.Errorf("%w: %s has exponent %d, not %d", ErrUnknownCurrency, code, e, exponent)
	}
	return Currency{Code: code, Exponent: exponent}, nil
}

// String returns the code.
func (c Currency) String() string { return c.Code }

// Money is an amount as an integer number of minor units (cents for EUR) of a currency. The zero
// value is zero in no currency, and Add, Sub and Cmp treat it as zero in the other operand's
// currency, so a sum can start from it (like itsm.Money's zero value). Money is a comparable
// value type.
type Money struct {
	Minor    int64
	Currency Currency
}

// ParseMoney parses a plain decimal amount ("1250.00", "-3.5") in the given currency exactly. It
// rejects more decimal places than the currency has rather than rounding them away.
func ParseMoney(amount string, c Currency) (Money, error) {
	r, err := exact.ParseDecimal(amount)
	if err != nil {
		return Money{}, fmt.Errorf("%w: %w", ErrBadAmount, err)
	}
	scaled := r.Mul(pow10Rat(c.Exponent))
	if !scaled.IsInt() {
		return Money{}, fmt.Errorf("%w: %q has more than %d decimal places for %s", ErrBadAmount, amount, c.Exponent, c.Code)
	}
	n, err := scaled.Int64(exact.Floor)
	if err != nil {
		return Money{}, fmt.Errorf("%w: %q in %s", ErrMoneyOverflow, amount, c.Code)
	}
	return Money{Minor: n, Currency: c}, nil
}

func pow10Rat(e int) Ratio {
	r := exact.FromInt(1)
	for range e {
		r = r.MulInt(10)
	}
	return r
}

// Amount returns m in major units, exactly.
func (m Money) Amount() Ratio {
	r, _ := exact.FromInt(m.Minor).Quo(pow10Rat(m.Currency.Exponent)) // 10^e is never zero
	return r
}

// String formats m as "EUR 1250.00": the code, a space and the amount with exactly the
// currency's number of decimal places.
func (m Money) String() string {
	s := m.Amount().FloorString(m.Currency.Exponent) // exact: Minor is an integer
	if m.Currency.Code == "" {
		return s
	}
	return m.Currency.Code + " " + s
}

// IsZero reports whether the amount is zero.
func (m Money) IsZero() bool { return m.Minor == 0 }

// unify gives the zero Money the other operand's currency, then checks that the currencies agree.
func unify(m, o Money) (Money, Money, error) {
	switch {
	case m == Money{}:
		m.Currency = o.Currency
	case o == Money{}:
		o.Currency = m.Currency
	}
	if m.Currency != o.Currency {
		return m, o, fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m, o)
	}
	return m, o, nil
}

// Add returns m + o; both must be in the same currency (or be the zero Money).
func (m Money) Add(o Money) (Money, error) {
	m, o, err := unify(m, o)
	if err != nil {
		return Money{}, err
	}
	s := m.Minor + o.Minor
	if (s > m.Minor) != (o.Minor > 0) {
		return Money{}, fmt.Errorf("%w: %s + %s", ErrMoneyOverflow, m, o)
	}
	return Money{Minor: s, Currency: m.Currency}, nil
}

// Sub returns m − o; both must be in the same currency (or be the zero Money).
func (m Money) Sub(o Money) (Money, error) {
	m, o, err := unify(m, o)
	if err != nil {
		return Money{}, err
	}
	if o.Minor == math.MinInt64 {
		return Money{}, fmt.Errorf("%w: %s − %s", ErrMoneyOverflow, m, o)
	}
	return m.Add(Money{Minor: -o.Minor, Currency: o.Currency})
}

// Cmp compares two amounts in the same currency (or the zero Money): −1, 0 or +1.
func (m Money) Cmp(o Money) (int, error) {
	m, o, err := unify(m, o)
	if err != nil {
		return 0, err
	}
	switch {
	case m.Minor < o.Minor:
		return -1, nil
	case m.Minor > o.Minor:
		return 1, nil
	}
	return 0, nil
}

// Share returns m × share, rounded to a whole minor unit by mode. Every division of money in
// this package goes through Share, so the rounding rule is always the caller's explicit choice.
func (m Money) Share(share Ratio, mode RoundingMode) (Money, error) {
	n, err := exact.FromInt(m.Minor).Mul(share).Int64(mode)
	if err != nil {
		if errors.Is(err, exact.ErrRange) {
			return Money{}, fmt.Errorf("%w: %s × %s", ErrMoneyOverflow, m, share)
		}
		return Money{}, fmt.Errorf("sla: rounding mode %d: %w", int(mode), err)
	}
	return Money{Minor: n, Currency: m.Currency}, nil
}

// Percent returns pct % of m (25 for a quarter), rounded to a whole minor unit by mode.
func (m Money) Percent(pct Ratio, mode RoundingMode) (Money, error) {
	f, _ := pct.QuoInt(100) // 100 ≠ 0
	return m.Share(f, mode)
}

// RoundingMode says how an exact share is brought to whole minor units or shown digits.
type RoundingMode = exact.RoundingMode

// Rounding modes (see exact.RoundingMode): toward −∞, toward +∞, toward zero, away from zero,
// to nearest with ties away from zero, to nearest with ties to even.
const (
	RoundFloor    = exact.Floor
	RoundCeil     = exact.Ceil
	RoundDown     = exact.Down
	RoundUp       = exact.Up
	RoundHalfUp   = exact.HalfUp
	RoundHalfEven = exact.HalfEven
)
