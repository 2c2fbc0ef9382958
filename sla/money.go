package sla

import "github.com/itsmkit/itsmkit/itsm"

// Money lives in itsm (sla imports itsm, not the other way round), so that impact costs,
// service credits and business-impact losses are one type. These names keep sla's own spelling
// of it: every one is the itsm value itself, not a copy.

// Errors about money: the itsm sentinels themselves, so errors.Is matches either name.
var (
	// ErrUnknownCurrency: a currency code that is not three upper-case letters, or that is not in
	// the built-in table when its minor-unit exponent is not given (itsm.ErrUnknownCurrency).
	ErrUnknownCurrency = itsm.ErrUnknownCurrency
	// ErrCurrencyMismatch: an operation on amounts in two different currencies
	// (itsm.ErrCurrencyMismatch).
	ErrCurrencyMismatch = itsm.ErrCurrencyMismatch
	// ErrMoneyOverflow: a result outside the int64 range of minor units (itsm.ErrMoneyOverflow).
	ErrMoneyOverflow = itsm.ErrMoneyOverflow
	// ErrBadAmount: amount text that is not a plain decimal or has more decimal places than the
	// currency's minor unit (itsm.ErrBadAmount).
	ErrBadAmount = itsm.ErrBadAmount
)

// Currency is an ISO 4217 currency: its code and minor-unit exponent. It is itsm.Currency; the
// zero value is no currency.
type Currency = itsm.Currency

// Money is an amount as an integer number of minor units of a currency. It is itsm.Money: see
// there for arithmetic, rounding and the zero value (zero in every currency, so a sum can start
// from it).
type Money = itsm.Money

// CurrencyOf returns the currency with the given code from the built-in table of common ISO 4217
// currencies, or ErrUnknownCurrency; it is itsm.CurrencyOf.
func CurrencyOf(code string) (Currency, error) { return itsm.CurrencyOf(code) }

// NewCurrency returns a currency with an explicit minor-unit exponent (0–4); it is
// itsm.NewCurrency.
func NewCurrency(code string, exponent int) (Currency, error) {
	return itsm.NewCurrency(code, exponent)
}

// ParseMoney parses a plain decimal amount ("1250.00", "-3.5") in the given currency exactly,
// rejecting more decimal places than the currency has; it is itsm.ParseMoney.
func ParseMoney(amount string, c Currency) (Money, error) { return itsm.ParseMoney(amount, c) }

// RoundingMode says how an exact share is brought to whole minor units or shown digits. It is
// itsm.RoundingMode; the zero value is no mode and is refused (ErrRoundingMode).
type RoundingMode = itsm.RoundingMode

// Rounding modes (itsm's): toward −∞, toward +∞, toward zero, away from zero, to nearest with
// ties away from zero, to nearest with ties to even.
const (
	RoundFloor    = itsm.RoundFloor
	RoundCeil     = itsm.RoundCeil
	RoundDown     = itsm.RoundDown
	RoundUp       = itsm.RoundUp
	RoundHalfUp   = itsm.RoundHalfUp
	RoundHalfEven = itsm.RoundHalfEven
)
