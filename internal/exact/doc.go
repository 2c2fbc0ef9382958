// Package exact is exact rational arithmetic for figures that must not drift: targets written as
// decimal text ("99.95"), ratios of durations, shares of an amount of money.
//
// A Rat is an immutable value: every operation returns a new Rat and never changes its operands,
// so a copy is independent and a Rat is safe for concurrent use. The zero value is 0.
//
// # Parsing
//
// ParseDecimal accepts plain decimal text only: an optional sign, one or more digits, and
// optionally a point followed by one or more digits ("99.95", "-0.5", "+7", "007.10"). It rejects
// empty text, exponents ("1e3"), "NaN", "Inf", spaces, underscores, a bare point (".5", "5."),
// and anything after the number, with a *SyntaxError that wraps ErrSyntax and names the byte
// offset. Text longer than MaxDecimalLen bytes is rejected before any arithmetic, so untrusted
// input cannot force a large allocation. Parse also reads a fraction "num/den", the form String
// writes for values without a finite decimal expansion, so String, MarshalText, Parse and
// UnmarshalText round-trip every value.
//
// # Rounding
//
// Nothing is rounded implicitly. Formatting and conversion to integers take an explicit
// RoundingMode; FloorString rounds toward negative infinity, which is how figures are shown
// (99.996 at two places prints "99.99", never "100.00"). Float64 exists for display and plotting
// only; no result of this package passes through a float.
//
// # Errors
//
// Division by zero returns ErrDivisionByZero; an unknown rounding mode returns ErrRoundingMode.
// No function panics on any input.
package exact
