package bcp

import (
	"fmt"
	"math"
	"math/bits"
	"strconv"
	"time"
)

// Money is an amount in integer minor units (cents for CAD) of an ISO 4217 currency. It exists
// because the sla package's money type had not landed when bcp was written; it follows the same
// rule (DESIGN §4.4): no floats, and every division states its rounding. The zero value is zero
// in no currency, which adds to any currency. Money values are immutable and safe to share.
type Money struct {
	Minor    int64  `json:"minor"`
	Currency string `json:"currency,omitempty"`
}

// validCurrency accepts three upper-case ASCII letters (the shape of an ISO 4217 alpha code).
func validCurrency(c string) bool {
	if len(c) != 3 {
		return false
	}
	for i := range 3 {
		if c[i] < 'A' || c[i] > 'Z' {
			return false
		}
	}
	return true
}

// Add returns m + n. Amounts in different currencies give ErrCurrency; an overflow gives
// ErrInvalid. A zero amount without currency takes the other's currency.
func (m Money) Add(n Money) (Money, error) {
	cur := m.Currency
	switch {
	case cur == "":
		cur = n.Currency
	case n.Currency != "" && n.Currency != cur:
		return Money{}, errAt(ErrCurrency, "", "", m.Currency+" + "+n.Currency)
	}
	if (n.Minor > 0 && m.Minor > math.MaxInt64-n.Minor) || (n.Minor < 0 && m.Minor < math.MinInt64-n.Minor) {
		return Money{}, errAt(ErrInvalid, "", "", "money overflow")
	}
	return Money{Minor: m.Minor + n.Minor, Currency: cur}, nil
}

// minorDigits is the ISO 4217 exponent of the few currencies that do not use two decimals.
func minorDigits(c string) int {
	switch c {
	case "JPY", "KRW", "ISK", "CLP", "VND", "XAF", "XOF", "UGX", "PYG":
		return 0
	case "BHD", "KWD", "OMR", "JOD", "TND", "IQD", "LYD":
		return 3
	}
	return 2
}

// String prints the amount with the currency's decimals, e.g. "150.00 CAD".
func (m Money) String() string {
	d := minorDigits(m.Currency)
	neg := m.Minor < 0
	u := uint64(m.Minor)
	if neg {
		u = -u
	}
	s := strconv.FormatUint(u, 10)
	if d > 0 {
		for len(s) <= d {
			s = "0" + s
		}
		s = s[:len(s)-d] + "." + s[len(s)-d:]
	}
	if neg {
		s = "-" + s
	}
	if m.Currency != "" {
		s += " " + m.Currency
	}
	return s
}

// prorate returns amount × num / den for amount ≥ 0, num ≥ 0, den > 0, rounded down (toward
// zero) to a whole minor unit, through a 128-bit product so no intermediate overflows. ok is
// false when the result does not fit an int64.
func prorate(amount int64, num, den time.Duration) (int64, bool) {
	hi, lo := bits.Mul64(uint64(amount), uint64(num))
	if hi >= uint64(den) {
		return 0, false
	}
	q, _ := bits.Div64(hi, lo, uint64(den))
	if q > math.MaxInt64 {
		return 0, false
	}
	return int64(q), true
}

func (m Money) validate(where string) error {
	if m.Currency != "" && !validCurrency(m.Currency) {
		return errAt(ErrCurrency, where, "", fmt.Sprintf("currency %q is not an ISO 4217 code", m.Currency))
	}
	if m.Minor < 0 {
		return errAt(ErrInvalid, where, "", "negative amount")
	}
	return nil
}
