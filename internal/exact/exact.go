package exact

import (
	"errors"
	"fmt"
	"math/big"
	"strings"
)

// MaxDecimalLen bounds the length in bytes of the text ParseDecimal accepts.
const MaxDecimalLen = 1000

var (
	// ErrSyntax is wrapped by every *SyntaxError.
	ErrSyntax = errors.New("exact: invalid decimal syntax")
	// ErrDivisionByZero is returned by divisions whose divisor is zero.
	ErrDivisionByZero = errors.New("exact: division by zero")
	// ErrRoundingMode is returned when a RoundingMode is not one of the defined modes.
	ErrRoundingMode = errors.New("exact: unknown rounding mode")
	// ErrRange is returned when an integer result does not fit the requested type.
	ErrRange = errors.New("exact: value out of range")
)

// SyntaxError describes text that ParseDecimal rejected. It wraps ErrSyntax.
type SyntaxError struct {
	Input  string // the rejected text, cut to 64 bytes
	Offset int    // byte offset of the first offending byte
	Reason string
}

func (e *SyntaxError) Error() string {
	return fmt.Sprintf("exact: invalid decimal %q at offset %d: %s", e.Input, e.Offset, e.Reason)
}

// Unwrap returns ErrSyntax.
func (e *SyntaxError) Unwrap() error { return ErrSyntax }

// Rat is an exact rational number. The zero value is 0. A Rat is immutable and safe for
// concurrent use; compare Rats with Cmp or Equal, never with ==.
type Rat struct {
	r *big.Rat // nil means 0; never mutated after construction
}

var (
	bigOne  = big.NewInt(1)
	ratZero = new(big.Rat) // read-only: every operation writes to a fresh big.Rat
)

func (x Rat) big() *big.Rat {
	if x.r == nil {
		return ratZero
	}
	return x.r
}

func wrap(r *big.Rat) Rat {
	if r.Sign() == 0 {
		return Rat{}
	}
	return Rat{r: r}
}

// FromInt returns n as a Rat.
func FromInt(n int64) Rat { return wrap(new(big.Rat).SetInt64(n)) }

// FromRatio returns num/den, or ErrDivisionByZero when den is 0.
func FromRatio(num, den int64) (Rat, error) {
	if den == 0 {
		return Rat{}, fmt.Errorf("%w: %d/0", ErrDivisionByZero, num)
	}
	return wrap(new(big.Rat).SetFrac(big.NewInt(num), big.NewInt(den))), nil
}

// FromBig returns a Rat equal to r; r is copied and may be changed afterwards. A nil r is 0.
func FromBig(r *big.Rat) Rat {
	if r == nil {
		return Rat{}
	}
	return wrap(new(big.Rat).Set(r))
}

// Big returns a fresh *big.Rat equal to x; changing it does not change x.
func (x Rat) Big() *big.Rat { return new(big.Rat).Set(x.big()) }

// ParseDecimal parses plain decimal text exactly (see the package doc for the accepted form).
func ParseDecimal(s string) (Rat, error) {
	fail := func(off int, reason string) (Rat, error) {
		in := s
		if len(in) > 64 {
			in = in[:64]
		}
		return Rat{}, &SyntaxError{Input: in, Offset: off, Reason: reason}
	}
	if s == "" {
		return fail(0, "empty")
	}
	if len(s) > MaxDecimalLen {
		return fail(MaxDecimalLen, fmt.Sprintf("longer than %d bytes", MaxDecimalLen))
	}
	i := 0
	neg := false
	if s[0] == '+' || s[0] == '-' {
		neg = s[0] == '-'
		i++
	}
	intStart := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == intStart {
		if i < len(s) {
			return fail(i, fmt.Sprintf("unexpected %q, want a digit", s[i]))
		}
		return fail(i, "missing digits")
	}
	intPart := s[intStart:i]
	fracPart := ""
	if i < len(s) && s[i] == '.' {
		i++
		fracStart := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == fracStart {
			if i < len(s) {
				return fail(i, fmt.Sprintf("unexpected %q after the point, want a digit", s[i]))
			}
			return fail(i, "missing digits after the point")
		}
		fracPart = s[fracStart:i]
	}
	if i < len(s) {
		return fail(i, fmt.Sprintf("unexpected %q", s[i]))
	}
	num, ok := new(big.Int).SetString(intPart+fracPart, 10)
	if !ok { // unreachable: only digits remain
		return fail(intStart, "not a number")
	}
	if neg {
		num.Neg(num)
	}
	den := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(len(fracPart))), nil)
	return wrap(new(big.Rat).SetFrac(num, den)), nil
}

// Add returns x + y.
func (x Rat) Add(y Rat) Rat { return wrap(new(big.Rat).Add(x.big(), y.big())) }

// Sub returns x − y.
func (x Rat) Sub(y Rat) Rat { return wrap(new(big.Rat).Sub(x.big(), y.big())) }

// Mul returns x × y.
func (x Rat) Mul(y Rat) Rat { return wrap(new(big.Rat).Mul(x.big(), y.big())) }

// MulInt returns x × n.
func (x Rat) MulInt(n int64) Rat { return x.Mul(FromInt(n)) }

// Quo returns x / y, or ErrDivisionByZero when y is 0.
func (x Rat) Quo(y Rat) (Rat, error) {
	if y.IsZero() {
		return Rat{}, fmt.Errorf("%w: %s / 0", ErrDivisionByZero, x)
	}
	return wrap(new(big.Rat).Quo(x.big(), y.big())), nil
}

// QuoInt returns x / n, or ErrDivisionByZero when n is 0.
func (x Rat) QuoInt(n int64) (Rat, error) { return x.Quo(FromInt(n)) }

// Inv returns 1 / x, or ErrDivisionByZero when x is 0.
func (x Rat) Inv() (Rat, error) { return FromInt(1).Quo(x) }

// Neg returns −x.
func (x Rat) Neg() Rat { return wrap(new(big.Rat).Neg(x.big())) }

// Abs returns |x|.
func (x Rat) Abs() Rat {
	if x.Sign() >= 0 {
		return x
	}
	return x.Neg()
}

// Cmp returns −1, 0 or +1 as x is less than, equal to or greater than y.
func (x Rat) Cmp(y Rat) int { return x.big().Cmp(y.big()) }

// Equal reports whether x and y are the same number (go-cmp uses it).
func (x Rat) Equal(y Rat) bool { return x.Cmp(y) == 0 }

// Less reports whether x < y.
func (x Rat) Less(y Rat) bool { return x.Cmp(y) < 0 }

// Sign returns −1, 0 or +1 as x is negative, zero or positive.
func (x Rat) Sign() int { return x.big().Sign() }

// IsZero reports whether x is 0.
func (x Rat) IsZero() bool { return x.Sign() == 0 }

// IsInt reports whether x is an integer.
func (x Rat) IsInt() bool { return x.big().IsInt() }

// Min returns the smaller of x and y.
func Min(x, y Rat) Rat {
	if y.Cmp(x) < 0 {
		return y
	}
	return x
}

// Max returns the larger of x and y.
func Max(x, y Rat) Rat {
	if y.Cmp(x) > 0 {
		return y
	}
	return x
}

// Float64 returns the nearest float64, for display and plotting only.
func (x Rat) Float64() float64 {
	f, _ := x.big().Float64()
	return f
}

// String returns x exactly: as a decimal with no trailing zeros when it has a finite decimal
// expansion ("0.001", "-12", "2419.2"), otherwise as "num/den" in lowest terms ("1/3").
func (x Rat) String() string {
	r := x.big()
	if r.IsInt() {
		return r.Num().String()
	}
	// The expansion is finite exactly when the denominator is 2^a·5^b; then it has max(a, b)
	// places.
	d := new(big.Int).Set(r.Denom())
	two, five := big.NewInt(2), big.NewInt(5)
	m := new(big.Int)
	a, b := 0, 0
	for {
		q, rem := new(big.Int).QuoRem(d, two, m)
		if rem.Sign() != 0 {
			break
		}
		d, a = q, a+1
	}
	for {
		q, rem := new(big.Int).QuoRem(d, five, m)
		if rem.Sign() != 0 {
			break
		}
		d, b = q, b+1
	}
	if d.Cmp(bigOne) != 0 {
		return r.String()
	}
	s, _ := x.roundString(max(a, b), Floor) // exact at this many places
	return s
}

// RoundingMode says how a value is brought to a given number of decimal places.
type RoundingMode int

// Rounding modes. Half modes differ only on exact ties.
const (
	Floor    RoundingMode = iota + 1 // toward −∞
	Ceil                             // toward +∞
	Down                             // toward zero (truncate)
	Up                               // away from zero
	HalfUp                           // to nearest; ties away from zero
	HalfEven                         // to nearest; ties to the even neighbour (banker's rounding)
)

func (m RoundingMode) String() string {
	switch m {
	case Floor:
		return "floor"
	case Ceil:
		return "ceil"
	case Down:
		return "down"
	case Up:
		return "up"
	case HalfUp:
		return "half-up"
	case HalfEven:
		return "half-even"
	}
	return fmt.Sprintf("RoundingMode(%d)", int(m))
}

// scaledInt returns x·10^places rounded to an integer by mode.
func (x Rat) scaledInt(places int, mode RoundingMode) (*big.Int, error) {
	r := x.big()
	num := new(big.Int).Set(r.Num())
	den := new(big.Int).Set(r.Denom())
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(places))), nil)
	if places >= 0 {
		num.Mul(num, p)
	} else {
		den.Mul(den, p)
	}
	q, m := new(big.Int).DivMod(num, den, new(big.Int)) // Euclidean: den > 0, so q = floor
	if m.Sign() == 0 {
		if mode < Floor || mode > HalfEven {
			return nil, fmt.Errorf("%w: %d", ErrRoundingMode, int(mode))
		}
		return q, nil
	}
	neg := r.Sign() < 0
	up := false // whether to take q+1
	switch mode {
	case Floor:
	case Ceil:
		up = true
	case Down:
		up = neg
	case Up:
		up = !neg
	case HalfUp, HalfEven:
		c := new(big.Int).Lsh(m, 1).Cmp(den)
		switch {
		case c > 0:
			up = true
		case c == 0 && mode == HalfUp:
			up = !neg
		case c == 0:
			up = q.Bit(0) == 1 // q odd: q+1 is even
		}
	default:
		return nil, fmt.Errorf("%w: %d", ErrRoundingMode, int(mode))
	}
	if up {
		q.Add(q, bigOne)
	}
	return q, nil
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// MaxPlaces bounds the places of Round, RoundString and FloorString: a request for more (or, for
// Round, fewer than −MaxPlaces) is taken as MaxPlaces (−MaxPlaces), so a caller's places cannot
// make 10^places exhaust memory. Thirty decimals are far finer than any figure is shown; String
// is not bounded (it writes every digit of a finite expansion, or a fraction).
const MaxPlaces = 30

func clampPlaces(places int) int { return min(max(places, -MaxPlaces), MaxPlaces) }

// Round returns x rounded to places decimal places by mode. Negative places round to tens,
// hundreds, ... (−2 rounds to a multiple of 100). Places are clamped to ±MaxPlaces.
func (x Rat) Round(places int, mode RoundingMode) (Rat, error) {
	places = clampPlaces(places)
	q, err := x.scaledInt(places, mode)
	if err != nil {
		return Rat{}, err
	}
	p := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(abs(places))), nil)
	if places >= 0 {
		return wrap(new(big.Rat).SetFrac(q, p)), nil
	}
	return wrap(new(big.Rat).SetInt(q.Mul(q, p))), nil
}

// RoundString formats x with exactly places digits after the point (none when places <= 0; at
// most MaxPlaces), rounded by mode. A result that rounds to zero prints without a sign ("0.00",
// not "-0.00").
func (x Rat) RoundString(places int, mode RoundingMode) (string, error) {
	return x.roundString(clampPlaces(places), mode)
}

// roundString is RoundString without the bound on places, for String's exact expansions.
func (x Rat) roundString(places int, mode RoundingMode) (string, error) {
	if places < 0 {
		places = 0
	}
	q, err := x.scaledInt(places, mode)
	if err != nil {
		return "", err
	}
	neg := q.Sign() < 0
	digits := new(big.Int).Abs(q).String()
	if places > 0 {
		if len(digits) <= places {
			digits = strings.Repeat("0", places-len(digits)+1) + digits
		}
		digits = digits[:len(digits)-places] + "." + digits[len(digits)-places:]
	}
	if neg {
		return "-" + digits, nil
	}
	return digits, nil
}

// FloorString formats x with exactly places digits after the point, rounded toward −∞: the
// printed figure is never above x and is less than 10^−places below it. Negative places are
// treated as 0, and places above MaxPlaces as MaxPlaces.
func (x Rat) FloorString(places int) string {
	s, _ := x.RoundString(places, Floor) // Floor is a valid mode: no error
	return s
}

// Int64 returns x rounded to an integer by mode, or ErrRange when it does not fit in an int64.
func (x Rat) Int64(mode RoundingMode) (int64, error) {
	q, err := x.scaledInt(0, mode)
	if err != nil {
		return 0, err
	}
	if !q.IsInt64() {
		return 0, fmt.Errorf("%w: %s does not fit in int64", ErrRange, q)
	}
	return q.Int64(), nil
}

// FloorInt64 returns ⌊x⌋ and whether it fits in an int64.
func (x Rat) FloorInt64() (int64, bool) {
	n, err := x.Int64(Floor)
	return n, err == nil
}

// Parse reads what String writes: plain decimal text (see ParseDecimal) or a fraction
// "num/den" of two decimal integers with an optional sign on num ("-1/3"); den must not be 0.
func Parse(s string) (Rat, error) {
	num, den, ok := strings.Cut(s, "/")
	if !ok {
		return ParseDecimal(s)
	}
	n, err := parseInteger(num, 0, s)
	if err != nil {
		return Rat{}, err
	}
	if den != "" && (den[0] == '+' || den[0] == '-') {
		return Rat{}, &SyntaxError{Input: cut64(s), Offset: len(num) + 1, Reason: "sign in the denominator"}
	}
	d, err := parseInteger(den, len(num)+1, s)
	if err != nil {
		return Rat{}, err
	}
	if d.IsZero() {
		return Rat{}, fmt.Errorf("%w: %q", ErrDivisionByZero, cut64(s))
	}
	return n.Quo(d)
}

func cut64(s string) string {
	if len(s) > 64 {
		return s[:64]
	}
	return s
}

// parseInteger parses an optionally signed decimal integer found at offset off of whole.
func parseInteger(part string, off int, whole string) (Rat, error) {
	r, err := ParseDecimal(part)
	if err != nil {
		var se *SyntaxError
		if errors.As(err, &se) {
			return Rat{}, &SyntaxError{Input: cut64(whole), Offset: off + se.Offset, Reason: se.Reason}
		}
		return Rat{}, err
	}
	if i := strings.IndexByte(part, '.'); i >= 0 {
		return Rat{}, &SyntaxError{Input: cut64(whole), Offset: off + i, Reason: "a fraction's parts must be integers"}
	}
	return r, nil
}

// MarshalText writes String's form.
func (x Rat) MarshalText() ([]byte, error) { return []byte(x.String()), nil }

// UnmarshalText reads what Parse reads.
func (x *Rat) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*x = v
	return nil
}
