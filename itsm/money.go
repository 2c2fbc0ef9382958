package itsm

import (
	"errors"
	"fmt"
	"strings"

	"github.com/itsmkit/itsmkit/internal/exact"
)

// Errors about money.
var (
	// ErrUnknownCurrency: a currency code that is not three upper-case letters, or that is not in
	// the built-in table when its minor-unit exponent is not given.
	ErrUnknownCurrency = errors.New("itsm: unknown currency")
	// ErrCurrencyMismatch: an operation on amounts in two different currencies.
	ErrCurrencyMismatch = errors.New("itsm: currency mismatch")
	// ErrMoneyOverflow: a result outside the int64 range of minor units.
	ErrMoneyOverflow = errors.New("itsm: money overflow")
	// ErrBadAmount: amount text that is not a plain decimal or has more decimal places than the
	// currency's minor unit.
	ErrBadAmount = errors.New("itsm: bad money amount")
	// ErrRoundingMode: a RoundingMode that is none of the Round* constants (Money.Share,
	// Money.Percent, Ratio.Int64). It is the very value Ratio's methods return.
	ErrRoundingMode = exact.ErrRoundingMode
	// ErrDivisionByZero: RatioOf with a zero denominator; Ratio.Quo, QuoInt or Inv by zero. It is
	// the very value Ratio's methods return.
	ErrDivisionByZero = exact.ErrDivisionByZero
)

// minorUnits is the ISO 4217 minor-unit exponent of common currencies. Read-only.
var minorUnits = map[string]int{
	"AED": 2, "ARS": 2, "AUD": 2, "BHD": 3, "BRL": 2, "CAD": 2, "CHF": 2, "CLP": 0, "CNY": 2,
	"COP": 2, "CZK": 2, "DKK": 2, "EGP": 2, "EUR": 2, "GBP": 2, "HKD": 2, "HUF": 2, "IDR": 2,
	"ILS": 2, "INR": 2, "ISK": 0, "JOD": 3, "JPY": 0, "KRW": 0, "KWD": 3, "MXN": 2, "MYR": 2,
	"NOK": 2, "NZD": 2, "OMR": 3, "PHP": 2, "PLN": 2, "RON": 2, "SAR": 2, "SEK": 2, "SGD": 2,
	"THB": 2, "TND": 3, "TRY": 2, "TWD": 2, "UAH": 2, "USD": 2, "VND": 0, "ZAR": 2,
}

// Ratio is an exact rational number: the share of an amount Money.Share takes, the percentage
// Money.Percent takes. It is immutable and safe for concurrent use; the zero value is 0. Build one
// with RatioOf or IntRatio (sla.ParseRatio reads decimal text); compare with Cmp or Equal.
type Ratio = exact.Rat

// RatioOf returns num/den exactly, or an error matching ErrDivisionByZero when den is 0.
func RatioOf(num, den int64) (Ratio, error) {
	r, err := exact.FromRatio(num, den)
	if err != nil {
		return Ratio{}, fmt.Errorf("itsm: ratio %d/%d: %w", num, den, err)
	}
	return r, nil
}

// IntRatio returns n as a Ratio.
func IntRatio(n int64) Ratio { return exact.FromInt(n) }

// RoundingMode says how an exact share is brought to whole minor units or shown digits. The zero
// value is no mode: operations given it fail with ErrRoundingMode rather than pick one.
type RoundingMode = exact.RoundingMode

// Rounding modes: toward −∞, toward +∞, toward zero, away from zero, to nearest with ties away
// from zero, to nearest with ties to even.
const (
	RoundFloor    = exact.Floor
	RoundCeil     = exact.Ceil
	RoundDown     = exact.Down
	RoundUp       = exact.Up
	RoundHalfUp   = exact.HalfUp
	RoundHalfEven = exact.HalfEven
)

// Currency is an ISO 4217 currency: its alphabetic code and its minor-unit exponent (2 for EUR:
// one euro is 100 cents; 0 for JPY; 3 for KWD). The zero value is no currency (see Money for how
// amounts in it combine). Currency is a comparable value type, safe for concurrent use.
type Currency struct {
	Code     string `json:"code"`
	Exponent int    `json:"exponent"`
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

// Money is an amount as an integer number of minor units (cents for EUR) of a currency, so sums
// are exact. It is a comparable value type, safe for concurrent use.
//
// The zero value, Money{}, is zero in no currency, and zero is zero in every currency: Add, Sub
// and Cmp treat Money{} as zero of the other operand's currency, so a total can start from
// "var total Money" and an empty total adds to anything. Only the exact zero value is special: a
// non-zero amount without a currency, or zero in one currency against another, is
// ErrCurrencyMismatch.
type Money struct {
	Minor    int64    `json:"minor"`
	Currency Currency `json:"currency"`
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
// currency's number of decimal places; without a currency, the amount alone.
func (m Money) String() string {
	s := m.Amount().FloorString(m.Currency.Exponent) // exact: Minor is an integer
	if m.Currency.Code == "" {
		return s
	}
	return m.Currency.Code + " " + s
}

// IsZero reports whether the amount is zero (in whatever currency).
func (m Money) IsZero() bool { return m.Minor == 0 }

// common returns the currency m and o share: the other's when one of them is the zero Money.
func (m Money) common(o Money) (Currency, error) {
	switch {
	case m == Money{}:
		return o.Currency, nil
	case o == Money{} || m.Currency == o.Currency:
		return m.Currency, nil
	}
	return Currency{}, fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, m, o)
}

// Add returns m + o; both must be in the same currency (or one be the zero Money).
func (m Money) Add(o Money) (Money, error) {
	c, err := m.common(o)
	if err != nil {
		return Money{}, err
	}
	s := m.Minor + o.Minor
	if (s > m.Minor) != (o.Minor > 0) {
		return Money{}, fmt.Errorf("%w: %s + %s", ErrMoneyOverflow, m, o)
	}
	return Money{Minor: s, Currency: c}, nil
}

// Sub returns m − o; both must be in the same currency (or one be the zero Money).
func (m Money) Sub(o Money) (Money, error) {
	c, err := m.common(o)
	if err != nil {
		return Money{}, err
	}
	d := m.Minor - o.Minor // computed directly: −o would overflow for o = math.MinInt64
	if (d < m.Minor) != (o.Minor > 0) {
		return Money{}, fmt.Errorf("%w: %s − %s", ErrMoneyOverflow, m, o)
	}
	return Money{Minor: d, Currency: c}, nil
}

// Cmp compares two amounts in the same currency (or one the zero Money): −1, 0 or +1.
func (m Money) Cmp(o Money) (int, error) {
	if _, err := m.common(o); err != nil {
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

// Share returns m × share, rounded to a whole minor unit by mode: this is how money is divided,
// so the rounding rule is always the caller's explicit choice. A mode that is none of the Round*
// constants is ErrRoundingMode.
func (m Money) Share(share Ratio, mode RoundingMode) (Money, error) {
	n, err := exact.FromInt(m.Minor).Mul(share).Int64(mode)
	if err != nil {
		if errors.Is(err, exact.ErrRange) {
			return Money{}, fmt.Errorf("%w: %s × %s", ErrMoneyOverflow, m, share)
		}
		return Money{}, fmt.Errorf("itsm: rounding mode %d: %w", int(mode), err)
	}
	return Money{Minor: n, Currency: m.Currency}, nil
}

// Percent returns pct % of m (25 for a quarter), rounded to a whole minor unit by mode.
func (m Money) Percent(pct Ratio, mode RoundingMode) (Money, error) {
	f, _ := pct.QuoInt(100) // 100 ≠ 0
	return m.Share(f, mode)
}
