package sla

import "fmt"

// UseReport reports a time budget's status from an availability report of the period so far
// (AvailabilityToDate) or of the whole period: its lost time is consumed, its counted time has
// elapsed, and the time it excludes (maintenance, no data, time before the effective date, as
// its policy says) is taken out of the budget's Total first. So the budget stands on the same
// denominator as the report's availability:
//
//   - for a report of the whole period (its Scheduled equal to the budget's Total), Remaining is
//     negative exactly when the report's availability is below the objective (the agreement's
//     breach), and −Remaining is ObjectiveResult.Overrun;
//   - for a report to date, Allowed is Fraction × (Total − time excluded so far): exclusions still
//     to come are not known yet, so the whole-period budget can only shrink as the period runs.
//     RemainingToDate, the budget of the counted time alone, is negative exactly when the
//     figure to date is below the objective.
//
// The status's Budget is that reduced budget (its Total may be 0 when everything so far was
// excluded). A report with nothing counted (Known false) gives a status with Known false: no
// data, not a full or an empty budget. The report's Scheduled may not exceed the budget's Total.
func (b Budget) UseReport(r Report) (BudgetStatus, error) {
	if b.Unit != UnitTime {
		return BudgetStatus{}, fmt.Errorf("%w: a %s budget cannot use an availability report", ErrBadObjective, b.Unit)
	}
	if b.Total <= 0 {
		return BudgetStatus{}, fmt.Errorf("%w: zero Budget", ErrBadObjective)
	}
	if r.Excluded < 0 || r.Counted < 0 || int64(r.Excluded) > b.Total-int64(r.Counted) {
		return BudgetStatus{}, fmt.Errorf("%w: report of %v counted and %v excluded does not fit a budget over %v",
			ErrBadObjective, r.Counted, r.Excluded, floorDuration(IntRatio(b.Total)))
	}
	b.Total -= int64(r.Excluded)
	s, err := b.use(r.Lost, int64(r.Counted))
	if err != nil {
		return BudgetStatus{}, err
	}
	s.Excluded = int64(r.Excluded)
	return s, nil
}
