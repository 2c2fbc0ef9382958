package sla

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
)

// Ratio is an exact rational number: budget fractions, burn rates, probabilities, percentages.
// It is immutable and safe for concurrent use; the zero value is 0. Build one with ParseRatio,
// RatioOf or IntRatio; compare with Cmp or Equal; show it with FloorString (rounded down) or
// String (exact). Nothing in this package turns a Ratio into a float except Float64, which is for
// display only.
type Ratio = exact.Rat

// Errors of Ratio's own methods. They are the very values those methods return (Ratio shares its
// methods with the module's exact arithmetic), so errors.Is matches them directly.
var (
	// ErrDivisionByZero: Ratio.Quo, QuoInt or Inv by zero; RatioOf with a zero denominator.
	ErrDivisionByZero = exact.ErrDivisionByZero
	// ErrRange: Ratio.Int64 of a value outside the int64 range.
	ErrRange = exact.ErrRange
	// ErrRoundingMode: a RoundingMode that is none of the Round* constants (Ratio.Int64, Round,
	// RoundString, Money.Share, CreditPolicy.Rounding).
	ErrRoundingMode = exact.ErrRoundingMode
)

// ParseRatio parses plain decimal text ("99.95", "0.02") or a fraction ("14/15", the form String
// writes for values without a finite decimal expansion) exactly.
func ParseRatio(s string) (Ratio, error) {
	r, err := exact.Parse(s)
	if err != nil {
		return Ratio{}, &ParseError{What: "number", Input: s, Err: fmt.Errorf("%w: %w", ErrSyntax, numberCause(err))}
	}
	return r, nil
}

// RatioOf returns num/den exactly, or an error matching ErrUndefined and ErrDivisionByZero when
// den is 0.
func RatioOf(num, den int64) (Ratio, error) {
	r, err := exact.FromRatio(num, den)
	if err != nil {
		return Ratio{}, fmt.Errorf("%w: %w", ErrUndefined, quiet{err}) // the cause names num/den
	}
	return r, nil
}

// IntRatio returns n as a Ratio.
func IntRatio(n int64) Ratio { return exact.FromInt(n) }

var (
	ratioOne     = exact.FromInt(1)
	ratioHundred = exact.FromInt(100)
)

// Errors about budgets.
var (
	// ErrBadObjective: a non-positive period or total, or consumption that does not fit in it.
	ErrBadObjective = errors.New("sla: bad objective")
	// ErrUndefined: a figure that has no value for these inputs, such as the consumed share of
	// a zero budget.
	ErrUndefined = errors.New("sla: undefined")
)

// BudgetUnit says what a Budget counts. The zero value is unknown (rejected by the constructors).
// It is a plain value, safe for concurrent use.
type BudgetUnit int

// Budget units.
const (
	UnitTime   BudgetUnit = iota + 1 // nanoseconds of scheduled time
	UnitEvents                       // events (requests), for the occurrences method
	UnitSlices                       // time slices, for the time-slice method
)

func (u BudgetUnit) String() string {
	switch u {
	case UnitTime:
		return "time"
	case UnitEvents:
		return "events"
	case UnitSlices:
		return "slices"
	}
	return "unknown"
}

// Budget is the error budget of an objective over one whole period: the amount of bad time,
// bad events or bad slices the objective tolerates. The zero value is unusable; build one with
// NewTimeBudget or NewCountBudget. It is a small immutable value, safe for concurrent use.
type Budget struct {
	Objective Target     // required share of good (99.9 %)
	Unit      BudgetUnit // what Total counts
	Total     int64      // the whole period's denominator: ns of scheduled time, events or slices
}

// NewTimeBudget returns the time budget of objective over a period of the given
// scheduled length. For a calendar month pass the month's real length in its zone (B6: a
// 99.9 % budget is 2,419.2 s in a 672-hour February and 2,682 s in a 745-hour October).
func NewTimeBudget(objective Target, period time.Duration) (Budget, error) {
	return NewCountBudget(objective, int64(period), UnitTime)
}

// NewPeriodBudget returns the time budget of objective over the service hours of cal inside the
// period (a calendar month in its zone, say): the whole period's scheduled time is the
// denominator, so the budget is known from the period's first instant. UseReport then takes out
// the time a report excludes (maintenance, no data), as the availability does. A reversed period, or one
// longer than a Duration holds (about 292 years), is refused with ErrBadInterval, as Availability
// refuses such a window: its scheduled time could not be stated.
func NewPeriodBudget(objective Target, cal *Calendar, period Interval) (Budget, error) {
	if err := checkMeasured(period); err != nil {
		return Budget{}, err
	}
	return NewTimeBudget(objective, cal.Working(period).Total())
}

// NewCountBudget returns the budget of objective over total events or slices.
func NewCountBudget(objective Target, total int64, unit BudgetUnit) (Budget, error) {
	if total <= 0 {
		return Budget{}, fmt.Errorf("%w: total %d %s is not positive", ErrBadObjective, total, unit)
	}
	if unit < UnitTime || unit > UnitSlices {
		return Budget{}, fmt.Errorf("%w: unit %d", ErrBadObjective, int(unit))
	}
	return Budget{Objective: objective, Unit: unit, Total: total}, nil
}

// Fraction is the share of the period that may be bad: (100 − objective) / 100. For 99.9 it is
// exactly 0.001.
func (b Budget) Fraction() Ratio { return b.Objective.AllowedLoss() }

// Allowed is the whole-period budget in the budget's unit (ns, events or slices), exactly:
// 5.04 bad slices for 99.95 % of a week of one-minute slices (O1).
func (b Budget) Allowed() Ratio { return b.Fraction().MulInt(b.Total) }

// AllowedDuration is the whole-period time budget rounded down to the nanosecond (a budget is
// never overstated). It is 0 for budgets that do not count time.
func (b Budget) AllowedDuration() time.Duration {
	if b.Unit != UnitTime {
		return 0
	}
	return floorDuration(b.Allowed())
}

// floorDuration converts ns to a Duration, rounding down and saturating.
func floorDuration(ns Ratio) time.Duration {
	n, err := ns.Int64(exact.Floor)
	if err != nil {
		if ns.Sign() < 0 {
			return time.Duration(-1 << 63)
		}
		return time.Duration(1<<63 - 1)
	}
	return time.Duration(n)
}

// BudgetStatus is how much of a budget has been used, both to date (as of an instant inside the
// period) and for the whole period. All figures are exact and in the budget's unit. A plain
// result value; build it with Budget.Use, UseExact or UseReport (whose Budget is the given one
// less the time the report excludes). In JSON an undefined figure (BurnRate, ConsumedShare,
// AttainmentToDate without data) is null.
// The zero value is a status with no data (Known false).
// Safe for concurrent use.
type BudgetStatus struct {
	Budget Budget
	// Elapsed is the part of the period's denominator already observed (ns of scheduled time so
	// far, events so far, slices so far); Consumed is the bad part of it.
	Elapsed  int64
	Consumed Ratio // exact: a degraded-loss share can make lost time fractional

	Allowed          Ratio // whole-period budget
	Remaining        Ratio // Allowed − Consumed; negative when overspent
	AllowedToDate    Ratio // the budget of the elapsed part alone: Fraction × Elapsed
	RemainingToDate  Ratio // AllowedToDate − Consumed; negative when the pace is too fast
	ConsumedShare    Ratio // Consumed / Allowed (1 = exhausted); 0 when Allowed is 0 and nothing was consumed
	BurnRate         Ratio // (Consumed / Elapsed) / Fraction; 1 spends the budget exactly by the period's end
	BurnRateDefined  bool  // false when nothing has elapsed or the budget fraction is 0
	ShareDefined     bool  // false when Allowed is 0 and something was consumed
	Exhausted        bool  // Remaining ≤ 0 and something was consumed
	AttainmentToDate Ratio // percent good of the elapsed part; meaningful only when Known
	// Known is false when nothing has been observed (Elapsed 0; for UseReport, a report with
	// nothing counted): there is no data, so AttainmentToDate is not a figure and String says
	// "no data" instead of showing it or a burn rate.
	Known bool
	// Excluded is what UseReport took out of the period's denominator (time, in ns, that the
	// report excludes) before Budget was formed: Budget.Total + Excluded is the plain period.
	// It is 0 from Use and UseExact.
	Excluded int64
}

// Use reports a budget's status after consumed bad units out of elapsed observed units. Elapsed
// may not exceed Total, and consumed may not exceed elapsed.
func (b Budget) Use(consumed, elapsed int64) (BudgetStatus, error) {
	return b.UseExact(exact.FromInt(consumed), elapsed)
}

// UseExact is Use with an exact (possibly fractional) consumed amount.
func (b Budget) UseExact(consumed Ratio, elapsed int64) (BudgetStatus, error) {
	if b.Total <= 0 {
		return BudgetStatus{}, fmt.Errorf("%w: zero Budget", ErrBadObjective)
	}
	return b.use(consumed, elapsed)
}

// use is UseExact for a budget whose Total may be 0 (UseReport, when everything so far was
// excluded).
func (b Budget) use(consumed Ratio, elapsed int64) (BudgetStatus, error) {
	if consumed.Sign() < 0 || consumed.Cmp(exact.FromInt(elapsed)) > 0 || elapsed > b.Total {
		return BudgetStatus{}, fmt.Errorf("%w: need 0 ≤ consumed (%s) ≤ elapsed (%d) ≤ total (%d)", ErrBadObjective, consumed, elapsed, b.Total)
	}
	f := b.Fraction()
	s := BudgetStatus{Budget: b, Elapsed: elapsed, Consumed: consumed, Allowed: b.Allowed(), Known: elapsed > 0}
	c := consumed
	s.Remaining = s.Allowed.Sub(c)
	s.AllowedToDate = f.MulInt(elapsed)
	s.RemainingToDate = s.AllowedToDate.Sub(c)
	s.Exhausted = c.Sign() > 0 && s.Remaining.Sign() <= 0
	if !s.Allowed.IsZero() {
		s.ConsumedShare, _ = c.Quo(s.Allowed)
		s.ShareDefined = true
	} else if c.IsZero() {
		s.ShareDefined = true
	}
	if elapsed > 0 {
		errRate, _ := c.QuoInt(elapsed)
		s.AttainmentToDate = ratioOne.Sub(errRate).MulInt(100)
		if !f.IsZero() {
			s.BurnRate, _ = errRate.Quo(f)
			s.BurnRateDefined = true
		}
	}
	return s, nil
}

// TimeToExhaustion is how long the remaining whole-period budget lasts when bad time accrues at
// the given burn rate (1 = exactly the sustainable pace), rounded down to the nanosecond. It is 0
// when the budget is already spent, and ok is false when it never runs out (rate ≤ 0) or the
// budget does not count time. R3: a full 30-day budget burned at 14.4 lasts 50 h.
func (s BudgetStatus) TimeToExhaustion(rate Ratio) (d time.Duration, ok bool) {
	if s.Budget.Unit != UnitTime {
		return 0, false
	}
	if s.Remaining.Sign() <= 0 {
		return 0, true
	}
	perNs := rate.Mul(s.Budget.Fraction()) // bad ns per elapsed ns
	if perNs.Sign() <= 0 {
		return 0, false
	}
	t, _ := s.Remaining.Quo(perNs)
	return floorDuration(t), true
}

// TimeToExhaustionAtCurrentRate is TimeToExhaustion at the burn rate observed so far.
func (s BudgetStatus) TimeToExhaustionAtCurrentRate() (time.Duration, bool) {
	if !s.BurnRateDefined {
		return 0, false
	}
	return s.TimeToExhaustion(s.BurnRate)
}

// String explains the status in one line: consumed against the whole-period budget, what is
// left, the to-date budget and the burn rate; "no data; budget …" when nothing was observed. Time budgets are shown as durations (rounded
// down to the millisecond), counts with up to three decimals (rounded down). A budget from
// UseReport that excludes time names its basis, e.g. "of 44.5s over 743h0m0s minus 1h10m0s
// excluded".
func (s BudgetStatus) String() string {
	show := func(r Ratio) string {
		if s.Budget.Unit == UnitTime {
			return floorDuration(r).Truncate(time.Millisecond).String()
		}
		return r.FloorString(3)
	}
	// basis says what the budget is of when it is not the plain period, so a reader comparing it
	// with Fraction × period sees why it is smaller.
	basis := ""
	if s.Excluded > 0 {
		basis = fmt.Sprintf(" over %v minus %v excluded", time.Duration(s.Budget.Total+s.Excluded), time.Duration(s.Excluded))
	}
	if !s.Known {
		return "no data; budget " + show(s.Allowed) + basis
	}
	var b strings.Builder
	fmt.Fprintf(&b, "consumed %s of %s", show(s.Consumed), show(s.Allowed))
	if s.ShareDefined {
		fmt.Fprintf(&b, " (%s%%)", s.ConsumedShare.MulInt(100).FloorString(1))
	}
	b.WriteString(basis)
	fmt.Fprintf(&b, ", remaining %s; to date %s allowed", show(s.Remaining), show(s.AllowedToDate))
	if s.BurnRateDefined {
		fmt.Fprintf(&b, ", burn rate %s", s.BurnRate.FloorString(3))
	}
	if s.Exhausted {
		b.WriteString(", exhausted")
	}
	return b.String()
}
