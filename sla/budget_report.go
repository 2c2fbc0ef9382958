package sla

import "fmt"

// UseReport reports a time budget's status from an availability report of the period so far
// (AvailabilityToDate) or of the whole period: its lost time is consumed, its counted time has
// elapsed.
func (b Budget) UseReport(r Report) (BudgetStatus, error) {
	if b.Unit != UnitTime {
		return BudgetStatus{}, fmt.Errorf("%w: a %s budget cannot use an availability report", ErrBadObjective, b.Unit)
	}
	return b.UseExact(r.Lost, int64(r.Counted))
}
