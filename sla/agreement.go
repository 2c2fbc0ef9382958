package sla

import (
	"errors"
	"fmt"
	"time"
)

// ErrBadAgreement: an agreement without objectives, with an unusable period, or with a bad
// objective.
var ErrBadAgreement = errors.New("sla: bad agreement")

// Objective is one availability parameter of an agreement: a target under a policy. The zero
// Objective is a 0 % target under the default policy.
// A plain value, safe for concurrent use.
type Objective struct {
	Name   string
	Target Target
	Policy Policy
}

// Agreement is a service level agreement between a customer and a provider for one service:
// availability objectives measured per Period during Calendar's service hours from Effective
// on. It is a plain value; a nil Calendar means 24×7 in the period's zone. The zero Agreement
// is invalid (no objectives, no period).
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Agreement struct {
	ID         string
	Customer   string
	Service    string
	Objectives []Objective
	Calendar   *Calendar
	Period     Period
	Effective  time.Time
}

// Validate checks the agreement's period and objectives.
func (a Agreement) Validate() error {
	if err := a.Period.Validate(); err != nil {
		return fmt.Errorf("%w %q: %w", ErrBadAgreement, a.ID, quiet{err})
	}
	if len(a.Objectives) == 0 {
		return fmt.Errorf("%w %q: no objectives", ErrBadAgreement, a.ID)
	}
	for k, o := range a.Objectives {
		if err := o.Policy.Validate(); err != nil {
			return fmt.Errorf("%w %q: objective %d (%s): %w", ErrBadAgreement, a.ID, k, o.Name, quiet{err})
		}
	}
	return nil
}

// Outcome is the verdict of one objective over one period. The zero value is Unknown.
// It is a plain value, safe for concurrent use.
type Outcome int

// Outcomes.
const (
	Attained Outcome = iota + 1
	Breached
	NotMeasured // no counted time: neither attained nor breached
)

func (o Outcome) String() string {
	switch o {
	case Attained:
		return "attained"
	case Breached:
		return "breached"
	case NotMeasured:
		return "no data"
	}
	return "unknown"
}

// ObjectiveResult is one objective's figure for one period. The zero value has Outcome Unknown.
// A plain value, safe for concurrent use.
type ObjectiveResult struct {
	Objective Objective
	Report    Report
	Outcome   Outcome
	// Margin is availability − target in percentage points, negative when breached; zero when
	// not measured.
	Margin Ratio
	// Allowed is the lost time the target allows on the counted time, in nanoseconds, exact.
	Allowed Ratio
	// Overrun is Lost − Allowed (nanoseconds, exact): positive by how much the period was
	// breached, negative for the loss still allowed.
	Overrun Ratio
}

// PeriodResult is an agreement's evaluation over one period. The zero value has no results.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type PeriodResult struct {
	Period Interval
	// Complete is false for the period containing asOf: its figures are to date.
	Complete bool
	Results  []ObjectiveResult
}

// Outcome is the period's verdict: Breached when any objective was breached, else NotMeasured
// when any objective had no counted time (or there are no results), else Attained. No data is
// never reported as attained.
func (p PeriodResult) Outcome() Outcome {
	out := Attained
	if len(p.Results) == 0 {
		out = NotMeasured
	}
	for _, r := range p.Results {
		switch r.Outcome {
		case Breached:
			return Breached
		case Attained:
		default:
			out = NotMeasured
		}
	}
	return out
}

// Attained reports whether every objective was measured and attained in the period.
func (p PeriodResult) Attained() bool { return p.Outcome() == Attained }

// Evaluate measures the agreement over every period that overlaps r and starts before asOf,
// from the effective date on, in order. The period containing asOf is evaluated to date
// (Complete false). Each objective's policy gets the later of its own and the agreement's
// effective date.
func (a Agreement) Evaluate(tl Timeline, r Interval, asOf time.Time) ([]PeriodResult, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := checkWindow(r); err != nil {
		return nil, err
	}
	cal := a.Calendar
	if cal == nil {
		cal = AlwaysOn(a.Period.loc())
	}
	var out []PeriodResult
	for per := range a.Period.Covering(r) {
		if !per.Start.Before(asOf) {
			break
		}
		if !a.Effective.IsZero() && !per.End.After(a.Effective) {
			continue
		}
		pr := PeriodResult{Period: per, Complete: !asOf.Before(per.End)}
		for _, o := range a.Objectives {
			p := o.Policy
			if a.Effective.After(p.Effective) {
				p.Effective = a.Effective
			}
			rep, err := AvailabilityToDate(tl, cal, per, asOf, p)
			if err != nil {
				return nil, err
			}
			pr.Results = append(pr.Results, judge(o, rep))
		}
		out = append(out, pr)
	}
	return out, nil
}

// judge compares a report with an objective's target.
func judge(o Objective, rep Report) ObjectiveResult {
	res := ObjectiveResult{Objective: o, Report: rep, Outcome: NotMeasured}
	if !rep.Known {
		return res
	}
	res.Allowed = o.Target.AllowedLoss().MulInt(int64(rep.Counted))
	res.Overrun = rep.Lost.Sub(res.Allowed)
	res.Margin = o.Target.Margin(rep.Availability)
	if o.Target.Met(rep.Availability) {
		res.Outcome = Attained
	} else {
		res.Outcome = Breached
	}
	return res
}
