package pdca

import (
	"errors"
	"fmt"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/itsm"
)

// ErrValue is wrapped by every error about the text of a Value.
var ErrValue = errors.New("pdca: invalid value")

// Value is an exact number: a baseline, a target or a measured figure. It is never a float, so
// "exactly at target" compares equal. The zero value is 0. A Value is immutable and safe for
// concurrent use; compare Values with Cmp or Equal, never with ==.
type Value struct {
	r itsm.Ratio
}

// ParseValue reads plain decimal text ("99.95", "-3", "42.0"), or an exact fraction
// "<integer>/<integer>" (the form String uses for values without a finite decimal expansion).
// Exponents, NaN, infinities, spaces and text longer than 1000 bytes are rejected with an error
// wrapping ErrValue.
func ParseValue(s string) (Value, error) {
	num, den, isFrac := strings.Cut(s, "/")
	if !isFrac {
		r, err := exact.ParseDecimal(s)
		if err != nil {
			return Value{}, valueError(s, err)
		}
		return Value{r: r}, nil
	}
	n, err := exact.ParseDecimal(num)
	if err != nil || !n.IsInt() || strings.Contains(num, ".") {
		return Value{}, fmt.Errorf("%w %q: fraction numerator must be an integer", ErrValue, clip(s))
	}
	d, err := exact.ParseDecimal(den)
	if err != nil || !d.IsInt() || strings.ContainsAny(den, ".+-") || d.IsZero() {
		return Value{}, fmt.Errorf("%w %q: fraction denominator must be a positive integer", ErrValue, clip(s))
	}
	q, err := n.Quo(d)
	if err != nil {
		return Value{}, valueError(s, err)
	}
	return Value{r: q}, nil
}

// valueError words an error of the internal decimal parser as pdca's own: the text once, the
// 1-based column of the first offending byte, the reason, and no internal package name.
func valueError(s string, err error) error {
	var se *exact.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("%w %q: column %d: %s", ErrValue, clip(s), se.Offset+1, se.Reason)
	}
	return fmt.Errorf("%w %q: %s", ErrValue, clip(s), strings.TrimPrefix(err.Error(), "exact: "))
}

func clip(s string) string {
	if len(s) > 64 {
		return s[:64] + "…"
	}
	return s
}

// MustParseValue is ParseValue for constants in programs and tests; it panics on bad text.
func MustParseValue(s string) Value {
	v, err := ParseValue(s)
	if err != nil {
		panic(err)
	}
	return v
}

// IntValue returns n as a Value.
func IntValue(n int64) Value { return Value{r: exact.FromInt(n)} }

// ValueFromBig returns a Value equal to r (copied; nil is 0).
func ValueFromBig(r *big.Rat) Value { return Value{r: exact.FromBig(r)} }

// ValueFromExact returns a Value equal to r: an exact figure computed by sla or incident (an
// availability, a share's percentage) or itsm. itsm.Ratio and sla.Ratio name the same type.
func ValueFromExact(r itsm.Ratio) Value { return Value{r: r} }

// DurationValue returns d measured in unit, exactly: DurationValue(90*time.Second, time.Minute)
// is 1.5. A unit of zero or less is an error wrapping ErrValue.
func DurationValue(d, unit time.Duration) (Value, error) {
	if unit <= 0 {
		return Value{}, fmt.Errorf("%w: duration unit %v must be positive", ErrValue, unit)
	}
	q, err := exact.FromRatio(int64(d), int64(unit))
	if err != nil {
		return Value{}, fmt.Errorf("%w: duration %v in %v: %s", ErrValue, d, unit, strings.TrimPrefix(err.Error(), "exact: "))
	}
	return Value{r: q}, nil
}

// Big returns a fresh *big.Rat equal to v.
func (v Value) Big() *big.Rat { return v.r.Big() }

// Exact returns v as an exact ratio (itsm.Ratio, the same type as sla.Ratio), to compute with
// it or show it rounded (FloorString).
func (v Value) Exact() itsm.Ratio { return v.r }

// Cmp returns -1, 0 or +1 as v is less than, equal to or greater than w.
func (v Value) Cmp(w Value) int { return v.r.Cmp(w.r) }

// Equal reports whether v and w are the same number.
func (v Value) Equal(w Value) bool { return v.r.Equal(w.r) }

// Sub returns v − w.
func (v Value) Sub(w Value) Value { return Value{r: v.r.Sub(w.r)} }

// Sign returns -1, 0 or +1.
func (v Value) Sign() int { return v.r.Sign() }

// IsZero reports whether v is 0.
func (v Value) IsZero() bool { return v.r.IsZero() }

// String returns v exactly: a decimal when it has a finite expansion ("99.95"), otherwise
// "num/den" in lowest terms ("1/3").
func (v Value) String() string { return v.r.String() }

// FloorString returns v rounded down (toward −∞) to places decimals, the way figures are shown.
// Places are bounded: more than 30 is taken as 30 (the bound of itsm.Ratio's FloorString), and
// fewer than 0 as 0.
func (v Value) FloorString(places int) string { return v.r.FloorString(places) }

// MarshalText returns String().
func (v Value) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText accepts what ParseValue accepts.
func (v *Value) UnmarshalText(b []byte) error {
	w, err := ParseValue(string(b))
	if err != nil {
		return err
	}
	*v = w
	return nil
}

// EnumError reports text that names no value of one of the package's enumerations.
// The zero value names no enumeration.
// Safe for concurrent use; it is not modified once returned.
type EnumError struct {
	Type string // "Phase", "Direction", ...
	Text string
}

func (e *EnumError) Error() string {
	return fmt.Sprintf("pdca: %q is not a %s", clip(e.Text), e.Type)
}

func enumString(names []string, v int, typ string) string {
	if v > 0 && v < len(names) {
		return names[v]
	}
	return typ + "(" + strconv.Itoa(v) + ")"
}

func enumMarshal(names []string, v int, typ string) ([]byte, error) {
	if v > 0 && v < len(names) {
		return []byte(names[v]), nil
	}
	return nil, &EnumError{Type: typ, Text: strconv.Itoa(v)}
}

func enumParse(names []string, b []byte, typ string) (int, error) {
	for i := 1; i < len(names); i++ {
		if names[i] == string(b) {
			return i, nil
		}
	}
	return 0, &EnumError{Type: typ, Text: string(b)}
}
