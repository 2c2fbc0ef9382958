package sla

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/itsm"
)

// ErrBadExposure: an Exposure that cannot price an outage (a budget that does not count time, a
// bad credit policy or fee, an agreement listed twice, a missing customer or agreement ID).
var ErrBadExposure = errors.New("sla: bad exposure")

// Exposure is where one agreement stands in its current period, as dependency impact analysis
// needs it: the customer and agreement ID (as itsm.Subscription names them), the availability
// objective's budget status so far (from Budget.UseReport or Budget.Use over the whole period's
// denominator), the share of degraded time the objective counts as lost, how it counts planned
// maintenance, and the credit terms with the period's fee. Exposures turns a set of them into an
// itsm.Pricer and itsm.Budgets, so an evaluation can say what an outage costs under the contracts
// and when each one breaches.
// The zero value is invalid. A plain value, safe for concurrent use.
type Exposure struct {
	Customer  itsm.ID
	Agreement string
	// Status is the period so far; its Budget's Total is the whole period's counted time and
	// Consumed the time already lost.
	Status BudgetStatus
	// DegradedLoss is the share of degraded (or unknown) time counted as lost, in [0, 1], as
	// Policy.DegradedLoss of the objective: 0 means degraded time costs nothing.
	DegradedLoss Ratio
	// Maintenance is how the objective counts time its service spends in planned maintenance
	// (the service's status carries itsm.InMaintenance), as Policy.Maintenance does: the zero
	// value and MaintenanceExcluded leave it out of the counted time and MaintenanceUp counts it
	// as available, so under either an outage in maintenance costs nothing and burns no budget;
	// MaintenanceDown counts it as lost, in full, whatever the state worse than operational.
	Maintenance MaintenancePolicy
	Credits     CreditPolicy
	Fee         Money
}

// Exposures is a validated set of agreement exposures; build it with NewExposures. It implements
// itsm.Pricer: the price of a subscription's service having a status for d is the service credit
// that outage adds to the period's credit, on top of what the period has already lost.
//
// The reading, stated because the products that price outages disagree: the period is judged on
// its whole counted time (Status.Budget.Total); the outage starts now and the rest of the period
// after it loses nothing more; d is counted time (pass business time for an agreement with service
// hours, from Calendar.BusinessTime of the expected outage) and is cut at the period's end, as an
// outage cannot lose more of this period than is left of it. So the price is
// Credit(availability with the outage) − Credit(availability without it), both at the period's
// end: zero while the outage still fits in the budget and the tier does not change, a step when
// it crosses a tier bound. Down time counts in full, degraded and unknown time by DegradedLoss,
// operational and not-applicable time not at all, and time in planned maintenance (a status
// carrying itsm.InMaintenance: every cause of the outage is planned work) by the exposure's
// Maintenance policy: not at all by default (excluded) or under MaintenanceUp, in full under
// MaintenanceDown. Under MaintenanceExcluded the maintenance is taken as already left out of
// Status.Budget.Total, as Budget.UseReport leaves out the maintenance of its report: announced
// windows belong outside the period's counted time, so one running now neither adds loss nor
// moves the denominator. (A window that Total still counts would shrink it by d at the period's
// end, making the time already lost weigh slightly more; Availability over the period's
// timeline gives that exact figure.) An acknowledged outage is still an outage. A subscription
// without an exposure costs nothing. The zero (nil) Exposures prices nothing and has no budgets.
// Safe for concurrent use.
type Exposures struct {
	list []Exposure // sorted by customer, then agreement
}

// NewExposures validates the exposures: each needs a customer and an agreement ID, a time budget
// with a positive total, a DegradedLoss in [0, 1], a declared maintenance policy (or the zero
// value) and a credit policy valid for its fee; a customer's agreement may appear once. Every
// problem is reported, joined, each wrapping ErrBadExposure. The input slice is not kept or
// changed.
func NewExposures(list []Exposure) (Exposures, error) {
	out := slices.Clone(list)
	var errs []error
	bad := func(k int, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%w: exposures[%d] (%s/%s): %s", ErrBadExposure, k, list[k].Customer, list[k].Agreement, fmt.Sprintf(format, a...)))
	}
	for k, e := range list {
		if e.Customer == "" || e.Agreement == "" {
			bad(k, "customer and agreement ID required")
		}
		if e.Status.Budget.Unit != UnitTime || e.Status.Budget.Total <= 0 {
			bad(k, "the budget must count time over a positive total (%s, %d)", e.Status.Budget.Unit, e.Status.Budget.Total)
		}
		if e.DegradedLoss.Sign() < 0 || e.DegradedLoss.Cmp(ratioOne) > 0 {
			bad(k, "degraded loss %s outside 0–1", e.DegradedLoss)
		}
		if e.Maintenance < 0 || e.Maintenance > MaintenanceDown {
			bad(k, "maintenance policy %d is not one of the declared ones", int(e.Maintenance))
		}
		if e.Status.Consumed.Sign() < 0 || e.Status.Consumed.Cmp(exact.FromInt(e.Status.Budget.Total)) > 0 {
			bad(k, "consumed %s ns outside the period's %d ns", e.Status.Consumed, e.Status.Budget.Total)
		}
		if err := e.Credits.validate(e.Fee); err != nil {
			bad(k, "%v", quiet{err})
		}
	}
	slices.SortStableFunc(out, func(x, y Exposure) int {
		return cmp.Or(cmp.Compare(x.Customer, y.Customer), cmp.Compare(x.Agreement, y.Agreement))
	})
	same := func(a, b Exposure) bool { return a.Customer == b.Customer && a.Agreement == b.Agreement }
	for k := 0; k < len(out); {
		n := 1
		for k+n < len(out) && same(out[k], out[k+n]) {
			n++
		}
		if n > 1 {
			errs = append(errs, fmt.Errorf("%w: agreement %s of customer %s listed %d times", ErrBadExposure, out[k].Agreement, out[k].Customer, n))
		}
		k += n
	}
	if err := errors.Join(errs...); err != nil {
		return Exposures{}, err
	}
	return Exposures{list: out}, nil
}

// List returns the exposures, by customer then agreement.
func (x Exposures) List() []Exposure { return slices.Clone(x.list) }

func (x Exposures) find(c itsm.ID, agreement string) (Exposure, bool) {
	k, ok := slices.BinarySearchFunc(x.list, [2]string{string(c), agreement}, func(e Exposure, key [2]string) int {
		return cmp.Or(cmp.Compare(string(e.Customer), key[0]), cmp.Compare(e.Agreement, key[1]))
	})
	if !ok {
		return Exposure{}, false
	}
	return x.list[k], true
}

// Price implements itsm.Pricer (see Exposures for the reading): st is the subscribed service's
// derived status, whose InMaintenance flag the exposure's Maintenance policy reads. A negative d
// is refused.
func (x Exposures) Price(sub itsm.Subscription, st itsm.Status, d time.Duration) (Money, error) {
	if d < 0 {
		return Money{}, fmt.Errorf("%w: negative outage %v", ErrBadExposure, d)
	}
	e, ok := x.find(sub.Customer, sub.Agreement)
	if !ok {
		return Money{}, nil
	}
	c, err := e.Credit(st, d)
	if err != nil {
		return Money{}, err
	}
	return c.Added, nil
}

// OutageCredit is what an outage does to one agreement's period: the credit without it and with
// it (both at the period's end), and the difference.
// A plain value, safe for concurrent use.
type OutageCredit struct {
	Lost   Ratio // counted time the outage adds to the period's loss, in ns
	Before Credit
	After  Credit
	Added  Money // After.Amount − Before.Amount; never negative
}

// Credit is the credit the period earns without and with an outage of d at status st starting now
// (see Exposures for the reading: the state says how much of d is lost, and a status in planned
// maintenance counts as the exposure's Maintenance policy says).
func (e Exposure) Credit(st itsm.Status, d time.Duration) (OutageCredit, error) {
	if d < 0 {
		return OutageCredit{}, fmt.Errorf("%w: negative outage %v", ErrBadExposure, d)
	}
	total := exact.FromInt(e.Status.Budget.Total)
	left := exact.FromInt(max(e.Status.Budget.Total-e.Status.Elapsed, 0))
	span := exact.Min(exact.FromInt(int64(d)), left) // the part of d inside this period
	lost := exact.FromInt(0)
	switch {
	case st.State != itsm.Down && st.State != itsm.Degraded && st.State != itsm.Unknown:
		// operational or not applicable (or not a state): nothing lost, whatever the flags
	case st.Flags&itsm.InMaintenance != 0:
		if e.Maintenance == MaintenanceDown {
			lost = span
		}
	case st.State == itsm.Down:
		lost = span
	default:
		lost = span.Mul(e.DegradedLoss)
	}
	avail := func(loss Ratio) (Ratio, error) {
		share, err := loss.Quo(total)
		if err != nil {
			return Ratio{}, fmt.Errorf("%w: %w", ErrBadExposure, quiet{err})
		}
		return exact.Max(ratioOne.Sub(share), exact.FromInt(0)).MulInt(100), nil
	}
	var out OutageCredit
	out.Lost = lost
	before, err := avail(e.Status.Consumed)
	if err != nil {
		return OutageCredit{}, err
	}
	after, err := avail(e.Status.Consumed.Add(lost))
	if err != nil {
		return OutageCredit{}, err
	}
	if out.Before, err = e.Credits.Credit(before, e.Fee); err != nil {
		return OutageCredit{}, err
	}
	if out.After, err = e.Credits.Credit(after, e.Fee); err != nil {
		return OutageCredit{}, err
	}
	added, err := out.After.Amount.Sub(out.Before.Amount)
	if err != nil {
		return OutageCredit{}, err
	}
	if added.Minor < 0 { // a table that pays less for worse availability is the caller's own; never a refund
		added.Minor = 0
	}
	out.Added = added
	return out, nil
}

// Budget is the exposure as itsm.Evaluation.TimeToBreach takes it: the whole-period budget still
// left (rounded down to the nanosecond, zero when spent), the degraded burn in per mille of real
// time, DegradedLoss × 1000 rounded up so the time to breach is never overstated, and whether
// planned maintenance burns it (MaintenanceBurns: only under MaintenanceDown).
func (e Exposure) Budget() itsm.Budget {
	burn, _ := e.DegradedLoss.MulInt(1000).Int64(exact.Ceil)
	return itsm.Budget{
		Customer:         e.Customer,
		Agreement:        e.Agreement,
		Remaining:        max(floorDuration(e.Status.Remaining), 0),
		DegradedBurn:     int(min(max(burn, 0), 1000)),
		MaintenanceBurns: e.Maintenance == MaintenanceDown,
	}
}

// Budgets returns every exposure's Budget, by customer then agreement.
func (x Exposures) Budgets() []itsm.Budget {
	out := make([]itsm.Budget, len(x.list))
	for k, e := range x.list {
		out[k] = e.Budget()
	}
	return out
}
