package sla

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"strings"
)

// Errors about service credits.
var (
	// ErrCreditTiers: a tier table whose ranges overlap, leave a gap, do not start at 0 %, mix
	// shares with fixed amounts, or pay more for better availability.
	ErrCreditTiers = errors.New("sla: bad credit tiers")
	// ErrBadFee: a negative fee or cap, or a fee in another currency than the table's amounts.
	ErrBadFee = errors.New("sla: bad fee")
	// ErrBadAvailability: an availability outside [0, 100] % given for a credit.
	ErrBadAvailability = errors.New("sla: availability outside 0–100 %")
)

// PercentRange is a span of availability percentages; each bound is inclusive or exclusive.
// [99, 99.9) is 99 ≤ a < 99.9. The zero value is (0, 0), an empty range.
// A plain value, safe for concurrent use.
type PercentRange struct {
	Low, High                   Ratio
	LowInclusive, HighInclusive bool
}

// Contains reports whether availability a lies in the range.
func (r PercentRange) Contains(a Ratio) bool {
	lo, hi := a.Cmp(r.Low), a.Cmp(r.High)
	return (lo > 0 || lo == 0 && r.LowInclusive) && (hi < 0 || hi == 0 && r.HighInclusive)
}

// Empty reports whether no availability lies in the range.
func (r PercentRange) Empty() bool {
	c := r.Low.Cmp(r.High)
	return c > 0 || c == 0 && !(r.LowInclusive && r.HighInclusive)
}

// String writes the range in interval notation: "[99, 99.9)".
func (r PercentRange) String() string {
	open, close := "(", ")"
	if r.LowInclusive {
		open = "["
	}
	if r.HighInclusive {
		close = "]"
	}
	return open + r.Low.String() + ", " + r.High.String() + close
}

// CreditTier pays a credit when the period's availability lies in Range: Percent % of the fee,
// or the Fixed amount when Fixed has a currency. A table uses one kind throughout. A plain value;
// the zero value has an empty range and is rejected by NewCreditTable.
// Safe for concurrent use.
type CreditTier struct {
	Range   PercentRange
	Percent Ratio // share of the period's fee, in percent (10 for 10 %)
	Fixed   Money // a fixed amount instead of a share
}

func (t CreditTier) fixed() bool { return t.Fixed.Currency.Code != "" }

func (t CreditTier) creditString() string {
	if t.fixed() {
		return t.Fixed.String()
	}
	return t.Percent.String() + "%"
}

// CreditTable is a validated list of credit tiers, ordered from the highest availability range
// to the lowest. Its ranges are contiguous from 0 % up to the top of the first tier;
// availability above that earns no credit. Credits never rise with availability. The zero value
// pays no credit at any availability. Immutable; safe for concurrent use.
type CreditTable struct {
	tiers []CreditTier
}

// NewCreditTable validates tiers given in any order: every range non-empty inside [0, 100];
// together they cover [0, top) or [0, top] with no gap and no overlap (where two tiers meet,
// exactly one of them includes the meeting point); all tiers pay shares (0–100 %) or all pay
// fixed non-negative amounts in one currency; and a tier never pays more than a tier below it.
func NewCreditTable(tiers []CreditTier) (CreditTable, error) {
	if len(tiers) == 0 {
		return CreditTable{}, nil
	}
	ts := slices.Clone(tiers)
	for i, t := range ts {
		if t.Range.Empty() || t.Range.Low.Sign() < 0 || t.Range.High.Cmp(ratioHundred) > 0 {
			return CreditTable{}, fmt.Errorf("%w: tier %d %s is empty or outside [0, 100]", ErrCreditTiers, i+1, t.Range)
		}
		if !t.fixed() && t.Fixed.Minor != 0 {
			return CreditTable{}, fmt.Errorf("%w: tier %d pays a fixed %d minor units in no currency", ErrCreditTiers, i+1, t.Fixed.Minor)
		}
		if t.fixed() != ts[0].fixed() {
			return CreditTable{}, fmt.Errorf("%w: tier %d mixes fixed amounts with shares of the fee", ErrCreditTiers, i+1)
		}
		if t.fixed() {
			if t.Fixed.Currency != ts[0].Fixed.Currency || t.Fixed.Minor < 0 || !t.Percent.IsZero() {
				return CreditTable{}, fmt.Errorf("%w: tier %d pays %s: fixed amounts must be non-negative, in one currency, without a share", ErrCreditTiers, i+1, t.Fixed)
			}
		} else if t.Percent.Sign() < 0 || t.Percent.Cmp(ratioHundred) > 0 {
			return CreditTable{}, fmt.Errorf("%w: tier %d pays %s%% of the fee, outside 0–100", ErrCreditTiers, i+1, t.Percent)
		}
	}
	// Highest range first. Of two tiers starting at the same bound, the one that excludes it
	// starts higher: (0, 95) lies above [0, 0].
	slices.SortStableFunc(ts, func(a, b CreditTier) int {
		if c := b.Range.Low.Cmp(a.Range.Low); c != 0 {
			return c
		}
		switch {
		case a.Range.LowInclusive == b.Range.LowInclusive:
			return 0
		case a.Range.LowInclusive:
			return 1
		}
		return -1
	})
	last := ts[len(ts)-1].Range
	if !last.Low.IsZero() || !last.LowInclusive {
		return CreditTable{}, fmt.Errorf("%w: the lowest tier %s must start at [0: availability below it would earn nothing", ErrCreditTiers, last)
	}
	for i := 0; i+1 < len(ts); i++ {
		hi, lo := ts[i], ts[i+1] // hi covers the higher availabilities
		c := lo.Range.High.Cmp(hi.Range.Low)
		switch {
		case c > 0 || c == 0 && lo.Range.HighInclusive && hi.Range.LowInclusive:
			return CreditTable{}, fmt.Errorf("%w: tiers %s and %s overlap", ErrCreditTiers, lo.Range, hi.Range)
		case c < 0 || c == 0 && !lo.Range.HighInclusive && !hi.Range.LowInclusive:
			return CreditTable{}, fmt.Errorf("%w: gap between tiers %s and %s", ErrCreditTiers, lo.Range, hi.Range)
		}
		if hi.fixed() && hi.Fixed.Minor > lo.Fixed.Minor || !hi.fixed() && hi.Percent.Cmp(lo.Percent) > 0 {
			return CreditTable{}, fmt.Errorf("%w: tier %s pays %s, more than the worse tier %s (%s)", ErrCreditTiers, hi.Range, hi.creditString(), lo.Range, lo.creditString())
		}
	}
	return CreditTable{tiers: ts}, nil
}

// Tiers returns a copy of the tiers, highest range first.
func (t CreditTable) Tiers() []CreditTier { return slices.Clone(t.tiers) }

// Tier returns the tier whose range holds availability a, and false when a earns no credit.
func (t CreditTable) Tier(a Ratio) (CreditTier, bool) {
	for _, tr := range t.tiers {
		if tr.Range.Contains(a) {
			return tr, true
		}
	}
	return CreditTier{}, false
}

// String writes the table in the form ParseCreditTable reads, one tier per line.
func (t CreditTable) String() string {
	var b strings.Builder
	for _, tr := range t.tiers {
		b.WriteString(tr.Range.String())
		b.WriteString(" ")
		b.WriteString(tr.creditString())
		b.WriteString("\n")
	}
	return b.String()
}

// CreditPolicy turns a period's availability into a credit: the table's tier, then the caps,
// then the minimum payout. The zero value pays nothing. A plain value, safe for concurrent use.
//
// Order of rules: the tier gives a share of the fee (rounded to a whole minor unit by Rounding)
// or a fixed amount; the credit is then limited by CapPercent of the fee and by Cap; finally a
// credit below Minimum is not paid at all (it is not raised to the minimum).
type CreditPolicy struct {
	Table CreditTable
	// CapPercent limits a credit to this share of the fee, in percent; zero means no share cap.
	CapPercent Ratio
	// Cap limits a credit to this amount; the zero Money means no amount cap.
	Cap Money
	// Minimum is the smallest credit paid; smaller credits are dropped. Zero: every credit is paid.
	Minimum Money
	// Rounding brings a share of the fee to whole minor units; the zero value means RoundHalfUp
	// (to the nearest cent, half a cent up), the usual rule on invoices.
	Rounding RoundingMode
}

// Credit is the credit for one period, with how it was reached.
// The zero value is no credit for a period without data (Known false).
// A plain value, safe for concurrent use.
type Credit struct {
	// Known is false for a period without data (CreditForReport of an unknown report, or the
	// zero Credit): Availability is then not a figure, and nothing is owed.
	Known        bool
	Availability Ratio
	Fee          Money
	Tier         CreditTier // the matching tier; zero when none matched
	InTier       bool
	Raw          Money // the tier's credit before caps and the minimum
	Amount       Money // what is paid
	Capped       bool  // a cap lowered the credit
	BelowMinimum bool  // the credit was dropped as smaller than the minimum
	// Provisional is true for a period still running that is not certainly breached (a
	// provisional CreditClaim): Availability is the figure to date, nothing is paid (Amount is
	// zero), and Pending is what that figure would earn were the period to end now. The rest of
	// the period may still attain the target and earn nothing.
	Provisional bool
	Pending     Money
	// LowerBound is true for a period still running that is already certainly breached:
	// Availability is the best the whole period can still reach (ObjectiveResult.BestCase) and
	// Amount the credit already certain. The final availability can only be lower, so the final
	// credit is at least Amount (credits never fall as availability falls).
	LowerBound bool
}

// String explains the credit in one line; a period without data says "no data: no credit", with
// no availability and no amount (nothing was computed), as its JSON form has none.
func (c Credit) String() string {
	if !c.Known {
		return "no data: no credit"
	}
	what, pays := "availability", "pays "+c.Amount.String()
	switch {
	case c.Provisional:
		what, pays = "provisional: availability to date", "would pay "+c.Pending.String()+" were the period to end now; pays "+c.Amount.String()
	case c.LowerBound:
		what, pays = "period running, availability at most", "pays "+c.Amount.String()+" (at least; the final credit can only be higher)"
	}
	if !c.InTier {
		return fmt.Sprintf("%s %s%%: no credit tier, %s", what, c.Availability.FloorString(3), c.Amount)
	}
	s := fmt.Sprintf("%s %s%% in %s → %s of %s = %s", what, c.Availability.FloorString(3), c.Tier.Range, c.Tier.creditString(), c.Fee, c.Raw)
	if c.Capped {
		s += ", capped"
	}
	if c.BelowMinimum {
		s += ", below the minimum payout"
	}
	return s + ": " + pays
}

func (p CreditPolicy) validate(fee Money) error {
	if fee.Minor < 0 {
		return fmt.Errorf("%w: negative fee %s", ErrBadFee, fee)
	}
	if p.CapPercent.Sign() < 0 || p.Cap.Minor < 0 || p.Minimum.Minor < 0 {
		return fmt.Errorf("%w: negative cap or minimum", ErrBadFee)
	}
	for _, m := range []Money{p.Cap, p.Minimum} {
		if m.Minor != 0 && m.Currency != fee.Currency {
			return fmt.Errorf("%w: cap or minimum %s in another currency than the fee %s", ErrBadFee, m, fee)
		}
	}
	if len(p.Table.tiers) > 0 && p.Table.tiers[0].fixed() && p.Table.tiers[0].Fixed.Currency != fee.Currency {
		return fmt.Errorf("%w: fee %s in another currency than the tiers' %s", ErrBadFee, fee, p.Table.tiers[0].Fixed)
	}
	return nil
}

// Credit computes the credit for a period with availability a (percent) and fee. An
// availability outside [0, 100] is refused with ErrBadAvailability (a fraction such as 0.995
// passed for 99.5 % is in range and earns the 0.995 % tier: pass percentages).
func (p CreditPolicy) Credit(a Ratio, fee Money) (Credit, error) {
	if err := p.validate(fee); err != nil {
		return Credit{}, err
	}
	if a.Sign() < 0 || a.Cmp(ratioHundred) > 0 {
		return Credit{}, fmt.Errorf("%w: %s%%", ErrBadAvailability, a)
	}
	mode := p.Rounding
	if mode == 0 {
		mode = RoundHalfUp
	}
	c := Credit{Known: true, Availability: a, Fee: fee, Raw: Money{Currency: fee.Currency}, Amount: Money{Currency: fee.Currency}}
	tier, ok := p.Table.Tier(a)
	if !ok {
		return c, nil
	}
	c.Tier, c.InTier = tier, true
	if tier.fixed() {
		c.Raw = tier.Fixed
	} else {
		raw, err := fee.Percent(tier.Percent, mode)
		if err != nil {
			return Credit{}, fmt.Errorf("sla: credit of %s%% of %s: %w", tier.Percent, fee, quiet{err})
		}
		c.Raw = raw
	}
	c.Amount = c.Raw
	if !p.CapPercent.IsZero() {
		capAmt, err := fee.Percent(p.CapPercent, RoundFloor) // a cap is never exceeded by rounding
		if err != nil {
			return Credit{}, fmt.Errorf("sla: credit cap of %s%% of %s: %w", p.CapPercent, fee, quiet{err})
		}
		if c.Amount.Minor > capAmt.Minor {
			c.Amount, c.Capped = capAmt, true
		}
	}
	if p.Cap.Minor != 0 && c.Amount.Minor > p.Cap.Minor {
		c.Amount, c.Capped = p.Cap, true
	}
	if c.Amount.Minor > 0 && c.Amount.Minor < p.Minimum.Minor { // a zero credit drops nothing
		c.Amount, c.BelowMinimum = Money{Currency: fee.Currency}, true
	}
	return c, nil
}

// CreditForReport is Credit for an availability report. A report with no data earns no credit
// and says so: ok is false, because "no data" is neither 0 % nor 100 %. It prices the report's
// figure as final: for a period still running use ClaimFor and Statement, which pay only the
// credit already certain.
func (p CreditPolicy) CreditForReport(r Report, fee Money) (c Credit, ok bool, err error) {
	if !r.Known {
		if err := p.validate(fee); err != nil {
			return Credit{}, false, err
		}
		return Credit{Fee: fee, Raw: Money{Currency: fee.Currency}, Amount: Money{Currency: fee.Currency}}, false, nil
	}
	c, err = p.Credit(r.Availability, fee)
	return c, err == nil, err
}

// CreditClaim is one agreement's period for a customer's credit statement.
// The zero value claims nothing.
// A plain value, safe for concurrent use.
type CreditClaim struct {
	Agreement    string // the agreement's ID, for the statement
	Availability Ratio  // percent: the figure the credit is computed on
	Known        bool   // false: no data for the period, no credit
	Fee          Money
	Policy       CreditPolicy
	// Provisional marks a period still running that is not certainly breached: Statement pays
	// nothing for it, and its line shows as Credit.Pending what Availability (the figure to
	// date) would earn were the period to end now.
	Provisional bool
	// LowerBound marks a period still running that is already certainly breached:
	// Availability is the best the whole period can still reach, so its credit is the part of
	// the final credit already certain.
	LowerBound bool
}

// CreditLine is one agreement's credit on a statement.
// The zero value is no credit.
// A plain value, safe for concurrent use.
type CreditLine struct {
	Agreement string
	Credit    Credit
	NoData    bool
}

// CreditStatement is a customer's credits for one period across its agreements. A plain result
// value; the zero value is an empty statement.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type CreditStatement struct {
	Lines []CreditLine // in the claims' order
	// Totals holds one amount per currency, sorted by currency code: the sum of the lines,
	// limited by the statement cap.
	Totals []Money
	// Capped lists the currencies whose total the statement cap lowered, sorted.
	Capped []string
	// Pending holds, per currency with provisional lines, sorted by code, the sum of what those
	// lines would earn were their periods to end now: not owed, not in Totals, not capped.
	Pending []Money
}

// Statement computes every claim's credit and the totals per currency. capPercent, when not
// zero, limits each currency's total credit to that share (percent) of the customer's total fees
// in that currency for the period, rounded down to the minor unit (a contract's "credits in a
// month never exceed N % of the month's fees"); the lines keep their uncapped credits. A
// provisional claim (a period still running, not certainly breached) pays nothing: its line's
// Credit is Provisional, with Amount zero and what the figure to date would earn as Pending,
// summed in Pending; its fee still counts toward the cap. A LowerBound claim pays the credit
// already certain.
func Statement(claims []CreditClaim, capPercent Ratio) (CreditStatement, error) {
	if capPercent.Sign() < 0 {
		return CreditStatement{}, fmt.Errorf("%w: negative statement cap %s%%", ErrBadFee, capPercent)
	}
	var st CreditStatement
	type acc struct {
		credit, fee, pending Money
		provisional          bool // some line of the currency is provisional
	}
	sums := map[Currency]*acc{}
	for i, cl := range claims {
		var line CreditLine
		line.Agreement = cl.Agreement
		if cl.Known {
			c, err := cl.Policy.Credit(cl.Availability, cl.Fee)
			if err != nil {
				return CreditStatement{}, fmt.Errorf("sla: claim %d (%s): %w", i+1, cl.Agreement, quiet{err})
			}
			switch {
			case cl.Provisional:
				c.Provisional, c.Pending, c.Amount = true, c.Amount, Money{Currency: cl.Fee.Currency}
			case cl.LowerBound:
				c.LowerBound = true
			}
			line.Credit = c
		} else {
			c, _, err := cl.Policy.CreditForReport(Report{}, cl.Fee)
			if err != nil {
				return CreditStatement{}, fmt.Errorf("sla: claim %d (%s): %w", i+1, cl.Agreement, quiet{err})
			}
			line.Credit, line.NoData = c, true
		}
		st.Lines = append(st.Lines, line)
		a := sums[cl.Fee.Currency]
		if a == nil {
			a = &acc{credit: Money{Currency: cl.Fee.Currency}, fee: Money{Currency: cl.Fee.Currency}, pending: Money{Currency: cl.Fee.Currency}}
			sums[cl.Fee.Currency] = a
		}
		var err error
		if a.credit, err = a.credit.Add(line.Credit.Amount); err != nil {
			return CreditStatement{}, err
		}
		if a.fee, err = a.fee.Add(cl.Fee); err != nil {
			return CreditStatement{}, err
		}
		if line.Credit.Provisional {
			a.provisional = true
			if a.pending, err = a.pending.Add(line.Credit.Pending); err != nil {
				return CreditStatement{}, err
			}
		}
	}
	for _, a := range sums {
		total := a.credit
		if !capPercent.IsZero() {
			capAmt, err := a.fee.Percent(capPercent, RoundFloor)
			if err != nil {
				return CreditStatement{}, err
			}
			if total.Minor > capAmt.Minor {
				total = capAmt
				st.Capped = append(st.Capped, total.Currency.Code)
			}
		}
		st.Totals = append(st.Totals, total)
		if a.provisional {
			st.Pending = append(st.Pending, a.pending)
		}
	}
	slices.SortFunc(st.Totals, func(a, b Money) int { return cmp.Compare(a.Currency.Code, b.Currency.Code) })
	slices.SortFunc(st.Pending, func(a, b Money) int { return cmp.Compare(a.Currency.Code, b.Currency.Code) })
	slices.Sort(st.Capped)
	return st, nil
}

// ClaimFor turns one objective's result of an agreement's period into a claim for the
// customer's statement, named by the agreement's ID and the objective's name. A complete period
// is claimed on its availability. A period still running pays only what is certain already:
//
//   - on track or over pace (Outcome OnTrack, OverPace): not certainly breached, so the claim
//     is Provisional, on the figure to date, and pays nothing;
//   - certainly breached with service time still to come (Outcome Breached, ToCome > 0): the
//     claim is on BestCase, the best the whole period can still reach, and is a LowerBound:
//     the final availability can only be lower, so the final credit at least this tier's;
//   - certainly breached with no service time to come (ToCome 0): its figure to date is final
//     and is claimed as it is.
func ClaimFor(a Agreement, r ObjectiveResult, fee Money, p CreditPolicy) CreditClaim {
	name := a.ID
	if r.Objective.Name != "" {
		name += "/" + r.Objective.Name
	}
	c := CreditClaim{Agreement: name, Availability: r.Report.Availability, Known: r.Report.Known, Fee: fee, Policy: p}
	switch {
	case !c.Known:
	case r.Outcome == OnTrack || r.Outcome == OverPace:
		c.Provisional = true
	case r.Outcome == Breached && r.ToCome > 0:
		c.Availability, c.LowerBound = r.BestCase, true
	}
	return c
}
