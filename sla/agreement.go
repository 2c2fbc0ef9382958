package sla

import (
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
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
//
// A complete period is Attained, Breached or NotMeasured. A period still running (Complete
// false) is judged on the whole period, not on its figure to date: Breached only once it can no
// longer attain whatever the rest of it brings, else OverPace (at risk: the figure to date is
// below the target) or OnTrack (the figure to date meets it), or NotMeasured while nothing has
// been counted yet. Attained is given to complete periods only.
type Outcome int

// Outcomes.
const (
	Attained Outcome = iota + 1
	// Breached: a complete period below its target, or a running period that can no longer
	// reach it (ObjectiveResult.PeriodOverrun > 0).
	Breached
	NotMeasured // no counted time: neither attained nor breached
	// OverPace: a running period whose figure to date is below the target but that can still
	// attain it (at risk): the whole period's budget is not yet spent.
	OverPace
	// OnTrack: a running period whose figure to date meets the target.
	OnTrack
)

func (o Outcome) String() string {
	switch o {
	case Attained:
		return "attained"
	case Breached:
		return "breached"
	case NotMeasured:
		return "no data"
	case OverPace:
		return "over pace"
	case OnTrack:
		return "on track"
	}
	return "unknown"
}

// ObjectiveResult is one objective's figure for one period. The zero value has Outcome Unknown.
// A plain value, safe for concurrent use.
//
// Report, Margin, Allowed and Overrun are to date for a period still running (and for the whole
// period once it is complete). ToCome, BestCase, PeriodAllowed and PeriodOverrun judge the whole
// period: the time still to come is counted as potentially good, the best it can be (see the
// package doc, "Agreements"). For a complete period they equal 0, Report.Availability, Allowed and
// Overrun.
type ObjectiveResult struct {
	Objective Objective
	Report    Report
	Outcome   Outcome
	// Margin is availability − target in percentage points, negative when the figure is below
	// the target; zero when not measured.
	Margin Ratio
	// Allowed is the lost time the target allows on the counted time, in nanoseconds, exact.
	Allowed Ratio
	// Overrun is Lost − Allowed (nanoseconds, exact): positive by how much the figure misses the
	// target, negative for the loss still allowed.
	Overrun Ratio
	// ToCome is the period's scheduled time after the evaluation instant (and from the
	// effective date on): time not yet observed that may still count as good. Zero for a
	// complete period.
	ToCome time.Duration
	// BestCase is the highest availability (percent) the whole period can still reach, every
	// instant to come up: 100 × (Counted + ToCome − Lost) / (Counted + ToCome). Meaningful only
	// when Report.Known.
	BestCase Ratio
	// PeriodAllowed is the most lost time the target can allow over the whole period,
	// AllowedLoss × (Counted + ToCome), in nanoseconds, exact: as the period runs it can only
	// shrink (time to come excluded as maintenance or no data leaves the denominator).
	PeriodAllowed Ratio
	// PeriodOverrun is Lost − PeriodAllowed: positive exactly when the period is breached
	// whatever the rest of it brings; −PeriodOverrun is the loss the period can still absorb.
	PeriodOverrun Ratio
}

// PeriodResult is an agreement's evaluation over one period. The zero value has no results.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type PeriodResult struct {
	Period Interval
	// Complete is false for the period containing asOf: its figures are to date, and its
	// outcome judges the whole period (Breached, OverPace, OnTrack or NotMeasured).
	Complete bool
	Results  []ObjectiveResult
}

// worstFirst orders a period's verdicts from the worst: a period takes its worst objective's.
// An outcome not listed (Unknown) counts as NotMeasured.
var worstFirst = [...]Outcome{Breached, OverPace, NotMeasured, OnTrack, Attained}

// outcomeRank is o's place in worstFirst (0 is the worst).
func outcomeRank(o Outcome) int {
	if k := slices.Index(worstFirst[:], o); k >= 0 {
		return k
	}
	return slices.Index(worstFirst[:], NotMeasured)
}

// Outcome is the period's verdict, its worst objective's: Breached when any objective was
// breached, else OverPace when any is over pace, else NotMeasured when any objective had no
// counted time (or there are no results), else OnTrack when any is on track (a running
// period), else Attained. No data is never reported as attained, nor is a running period.
func (p PeriodResult) Outcome() Outcome {
	if len(p.Results) == 0 {
		return NotMeasured
	}
	worst := outcomeRank(Attained)
	for _, r := range p.Results {
		worst = min(worst, outcomeRank(r.Outcome))
	}
	return worstFirst[worst]
}

// Attained reports whether every objective was measured and attained over a complete period. A
// running period is not attained yet, on track at best.
func (p PeriodResult) Attained() bool { return p.Outcome() == Attained }

// Evaluate measures the agreement over every period that overlaps r and starts before asOf,
// from the effective date on, in order. The period containing asOf is evaluated to date
// (Complete false) and judged on the whole period: its scheduled time after asOf counts as
// potentially good (ObjectiveResult.ToCome), so it reads Breached only once no rest of the
// period can make it attain. Each objective's policy gets the later of its own and the
// agreement's effective date.
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
			var toCome time.Duration
			if !pr.Complete {
				from := asOf
				if p.Effective.After(from) {
					from = p.Effective
				}
				if from.Before(per.End) {
					toCome = cal.Working(Interval{Start: from, End: per.End}).Total()
				}
			}
			pr.Results = append(pr.Results, judge(o, rep, pr.Complete, toCome))
		}
		out = append(out, pr)
	}
	return out, nil
}

// judge compares a report with an objective's target: a complete period on its figure, a
// running one on the best the whole period can still reach (toCome all good).
func judge(o Objective, rep Report, complete bool, toCome time.Duration) ObjectiveResult {
	res := ObjectiveResult{Objective: o, Report: rep, Outcome: NotMeasured, ToCome: toCome}
	if !rep.Known {
		return res
	}
	loss := o.Target.AllowedLoss()
	res.Allowed = loss.MulInt(int64(rep.Counted))
	res.Overrun = rep.Lost.Sub(res.Allowed)
	res.Margin = o.Target.Margin(rep.Availability)
	met := o.Target.Met(rep.Availability)
	// Counted + toCome is at most the period's length, which a Duration holds.
	whole := int64(rep.Counted) + int64(toCome)
	res.PeriodAllowed = loss.MulInt(whole)
	res.PeriodOverrun = rep.Lost.Sub(res.PeriodAllowed)
	res.BestCase, _ = exact.FromInt(whole).Sub(rep.Lost).MulInt(100).QuoInt(whole) // whole ≥ Counted > 0
	switch {
	case complete && met:
		res.Outcome = Attained
	case complete, !o.Target.Met(res.BestCase):
		res.Outcome = Breached
	case !met:
		res.Outcome = OverPace
	default:
		res.Outcome = OnTrack
	}
	return res
}
