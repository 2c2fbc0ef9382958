package sla

import "fmt"

// UseReport reports a time budget's status from an availability report of the period so far
// (AvailabilityToDate) or of the whole period: its lost time is consumed, its counted time has
// elapsed.
//
// The budget's Total is not reduced by time the report excludes (maintenance, no data, time
// before the effective date under the default policy). So when a period had exclusions, the
// whole-period Remaining is larger than the loss the agreement still allows on its counted time
// (ObjectiveResult.Overrun), and a period can be breached with budget left. RemainingToDate, the
// budget of the counted time alone, is the agreement's figure (−Overrun). For a budget that
// follows the contract exactly, build it over the time that can still count:
// NewTimeBudget(objective, time.Duration(budget.Total)−report.Excluded).
func (b Budget) UseReport(r Report) (BudgetStatus, error) {
	if b.Unit != UnitTime {
		return BudgetStatus{}, fmt.Errorf("%w: a %s budget cannot use an availability report", ErrBadObjective, b.Unit)
	}
	return b.UseExact(r.Lost, int64(r.Counted))
}
