package sla

import (
	"fmt"
	"strings"
)

// maxCreditText bounds the text ParseCreditTable reads.
const maxCreditText = 64 << 10

// ParseCreditTable reads a tier table, one tier per line or separated by ';' ('#' starts a
// comment). A tier is a range in interval notation, a square bracket for an inclusive bound and
// a round one for an exclusive bound, then the credit: a share of the fee or an amount with an
// ISO 4217 code. A code from the built-in table fixes the number of decimals (CurrencyOf); any
// other three-letter code takes its minor-unit exponent (0–4) from the decimals written
// ("XAU 5" has none, "XTS 5.00" two), which is how String writes them.
//
//	[99, 99.9)  10%      # K1: below 99.9 % and at least 99.0 %
//	[95, 99)    25%
//	[0, 95)     100%
//	[0, 99.5)   EUR 50.00
//
// Errors are *ParseError values with the line and column, wrapping ErrSyntax or ErrCreditTiers.
func ParseCreditTable(text string) (CreditTable, error) {
	if len(text) > maxCreditText {
		return CreditTable{}, &ParseError{What: "credit tiers", Err: fmt.Errorf("%w: longer than %d bytes", ErrSyntax, maxCreditText)}
	}
	var tiers []CreditTier
	for i, line := range strings.Split(text, "\n") {
		if c := strings.IndexByte(line, '#'); c >= 0 {
			line = line[:c]
		}
		off := 0
		for _, part := range strings.Split(line, ";") {
			if t := strings.TrimSpace(part); t != "" {
				tier, err := parseTier(t)
				if err != nil {
					err.Line, err.Column = i+1, off+strings.Index(part, t)+err.Column
					return CreditTable{}, err
				}
				tiers = append(tiers, tier)
			}
			off += len(part) + 1
		}
	}
	tab, err := NewCreditTable(tiers)
	if err != nil {
		return CreditTable{}, &ParseError{What: "credit tiers", Err: err}
	}
	return tab, nil
}

// parseTier reads "[99, 99.9) 10%"; the error's Column is relative to t.
func parseTier(t string) (CreditTier, *ParseError) {
	fail := func(col int, in string, format string, args ...any) (CreditTier, *ParseError) {
		return CreditTier{}, &ParseError{What: "credit tier", Input: in, Column: col, Err: fmt.Errorf("%w: "+format, append([]any{ErrSyntax}, args...)...)}
	}
	var r PercentRange
	switch t[0] {
	case '[':
		r.LowInclusive = true
	case '(':
	default:
		return fail(1, t[:1], "want '[' or '(' to open the range")
	}
	end := strings.IndexAny(t, ")]")
	if end < 0 {
		return fail(1, t, "want ')' or ']' to close the range")
	}
	r.HighInclusive = t[end] == ']'
	lo, hi, ok := strings.Cut(t[1:end], ",")
	if !ok {
		return fail(2, t[:end+1], "want two bounds separated by a comma")
	}
	var err error
	if r.Low, err = ParseRatio(strings.TrimSpace(lo)); err != nil {
		return fail(2, strings.TrimSpace(lo), "bad lower bound")
	}
	if r.High, err = ParseRatio(strings.TrimSpace(hi)); err != nil {
		return fail(3+len(lo), strings.TrimSpace(hi), "bad upper bound")
	}
	rest := strings.TrimSpace(t[end+1:])
	restCol := end + 2 + (len(t[end+1:]) - len(strings.TrimLeft(t[end+1:], " \t")))
	if rest == "" {
		return fail(end+2, "", "want a credit after the range: 10%% or EUR 50.00")
	}
	tier := CreditTier{Range: r}
	if pct, ok := strings.CutSuffix(rest, "%"); ok {
		if tier.Percent, err = ParseRatio(strings.TrimSpace(pct)); err != nil {
			return fail(restCol, rest, "bad share of the fee")
		}
		return tier, nil
	}
	code, amount, ok := strings.Cut(rest, " ")
	if !ok {
		return fail(restCol, rest, "want a share (10%%) or an amount (EUR 50.00)")
	}
	amount = strings.TrimSpace(amount)
	cur, cerr := CurrencyOf(code)
	if cerr != nil {
		// A code outside the built-in table takes its exponent from the decimals written, as
		// String writes them, so every table round-trips.
		exp := 0
		if _, frac, ok := strings.Cut(amount, "."); ok {
			exp = len(frac)
		}
		if cur, cerr = NewCurrency(code, exp); cerr != nil {
			return CreditTier{}, &ParseError{What: "credit tier", Input: code, Column: restCol, Err: cerr}
		}
	}
	m, merr := ParseMoney(amount, cur)
	if merr != nil {
		return CreditTier{}, &ParseError{What: "credit tier", Input: amount, Column: restCol + len(code) + 1, Err: merr}
	}
	tier.Fixed = m
	return tier, nil
}

// MarshalText writes the table in ParseCreditTable's form.
func (t CreditTable) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads what ParseCreditTable reads.
func (t *CreditTable) UnmarshalText(b []byte) error {
	v, err := ParseCreditTable(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}
