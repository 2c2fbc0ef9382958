package sla

import (
	"fmt"
	"time"
)

// Method is how an objective counts its budget. The zero value is Unknown.
// It is a plain value, safe for concurrent use.
type Method int

// Budgeting methods.
const (
	// Occurrences counts events: attainment is good events / valid events.
	Occurrences Method = iota + 1
	// TimeSlices counts slices: a slice is good when its good/valid ratio meets the slice target;
	// attainment is good slices / slices.
	TimeSlices
	// RatioTimeSlices averages the per-slice ratios: attainment is the mean of good/valid over
	// the slices.
	RatioTimeSlices
)

func (m Method) String() string {
	switch m {
	case Occurrences:
		return "occurrences"
	case TimeSlices:
		return "timeslices"
	case RatioTimeSlices:
		return "ratio timeslices"
	}
	return "unknown"
}

// WindowKind says whether an objective's window is calendar-aligned or rolling. The zero value
// is unknown (rejected).
// It is a plain value, safe for concurrent use.
type WindowKind int

// Window kinds.
const (
	// CalendarWindow: a fixed period (this week, this month). For the slice methods the
	// denominator is every slice of the whole period, so the budget is fixed from the start and
	// slices still to come count as good until they happen.
	CalendarWindow WindowKind = iota + 1
	// RollingWindow: the slices ending at the evaluation instant; all of them are in the past.
	RollingWindow
)

func (k WindowKind) String() string {
	switch k {
	case CalendarWindow:
		return "calendar"
	case RollingWindow:
		return "rolling"
	}
	return "unknown"
}

// SliceCount is the good and valid event counts of one time slice (the zero value: no events).
// A slice with no valid events has nothing that failed: it is good for TimeSlices and has ratio 1 for RatioTimeSlices.
// A plain value, safe for concurrent use.
type SliceCount struct {
	Good, Total int64
}

// SLO is an objective with a budgeting method, in the OpenSLO sense. The zero value is
// unusable (Method Unknown). A plain value, safe for concurrent use.
//
// Unlike OpenSLO, whose target lies in [0, 1), an Objective of 100 % is accepted, as it is for
// an agreement's target: its budget is zero, so a single bad event or slice exhausts it, and the
// burn rate and consumed share are undefined (flagged in the BudgetStatus, never infinite).
// A slice whose ratio equals SliceTarget is good (met at target), where some tools compare with
// "greater than".
type SLO struct {
	Method    Method
	Objective Target
	// SliceTarget is the ratio (percent) a slice must meet to be good; TimeSlices only, where
	// it must be above 0 % (OpenSLO's timeSliceTarget lies in (0, 1]).
	SliceTarget Target
}

// SLOReport is an objective's attainment and budget over a window.
// The zero value is a report without data.
// A plain value, safe for concurrent use.
type SLOReport struct {
	SLO    SLO
	Window WindowKind
	// Slices is the denominator for the slice methods: every slice of the calendar period, or the
	// observed slices of a rolling window. Observed is how many slices had happened.
	Slices, Observed int
	Good, Total      int64 // events over the observed slices
	BadSlices        int64 // TimeSlices: slices that missed the slice target
	// Shortfall is, for RatioTimeSlices, Σ(1 − ratio) over the observed slices: the bad slices
	// in slice units, exact.
	Shortfall  Ratio
	Attainment Ratio // percent
	Known      bool  // false when no observed slice had any event
	Budget     BudgetStatus
}

// Evaluate measures the objective over observed, the counts of the window's first len(observed)
// slices. periodSlices is the number of slices in the whole calendar period (CalendarWindow);
// for a RollingWindow it must be 0 or len(observed).
//
// Occurrences have no whole-period event count before the period ends, so in both kinds of
// window their budget is the share of the events seen so far.
func (o SLO) Evaluate(kind WindowKind, observed []SliceCount, periodSlices int) (SLOReport, error) {
	if o.Method < Occurrences || o.Method > RatioTimeSlices {
		return SLOReport{}, fmt.Errorf("%w: budgeting method %d", ErrBadObjective, int(o.Method))
	}
	switch kind {
	case CalendarWindow:
		if periodSlices < len(observed) {
			return SLOReport{}, fmt.Errorf("%w: %d observed slices in a period of %d", ErrBadObjective, len(observed), periodSlices)
		}
	case RollingWindow:
		if periodSlices != 0 && periodSlices != len(observed) {
			return SLOReport{}, fmt.Errorf("%w: a rolling window of %d slices with %d observed", ErrBadObjective, periodSlices, len(observed))
		}
		periodSlices = len(observed)
	default:
		return SLOReport{}, fmt.Errorf("%w: window kind %d", ErrBadObjective, int(kind))
	}
	if o.Method == TimeSlices && o.SliceTarget.Ratio().Sign() <= 0 {
		// OpenSLO's timeSliceTarget lies in (0, 1]: with 0 every slice would be good.
		return SLOReport{}, fmt.Errorf("%w: the time-slices method needs a slice target above 0 %%", ErrBadObjective)
	}
	r := SLOReport{SLO: o, Window: kind, Slices: periodSlices, Observed: len(observed)}
	sliceTarget := o.SliceTarget.Ratio()
	for i, s := range observed {
		if s.Good < 0 || s.Total < s.Good {
			return SLOReport{}, fmt.Errorf("%w: slice %d: need 0 ≤ good (%d) ≤ total (%d)", ErrBadObjective, i, s.Good, s.Total)
		}
		if r.Total > (1<<62)-s.Total {
			return SLOReport{}, fmt.Errorf("%w: slice %d: event counts overflow", ErrBadObjective, i)
		}
		r.Good += s.Good
		r.Total += s.Total
		if s.Total == 0 {
			continue
		}
		r.Known = true
		switch o.Method {
		case TimeSlices:
			// good/total < target ⟺ good < target × total.
			if IntRatio(s.Good).Cmp(sliceTarget.MulInt(s.Total)) < 0 {
				r.BadSlices++
			}
		case RatioTimeSlices:
			miss, _ := RatioOf(s.Total-s.Good, s.Total)
			r.Shortfall = r.Shortfall.Add(miss)
		}
	}
	var err error
	switch o.Method {
	case Occurrences:
		if r.Total == 0 {
			return r, nil
		}
		r.Attainment, _ = RatioOf(r.Good, r.Total)
		r.Attainment = r.Attainment.MulInt(100)
		b, berr := NewCountBudget(o.Objective, r.Total, UnitEvents)
		if berr != nil {
			return SLOReport{}, berr
		}
		r.Budget, err = b.Use(r.Total-r.Good, r.Total)
	case TimeSlices, RatioTimeSlices:
		if periodSlices == 0 {
			return r, nil
		}
		bad := IntRatio(r.BadSlices)
		if o.Method == RatioTimeSlices {
			bad = r.Shortfall
		}
		good, _ := IntRatio(int64(periodSlices)).Sub(bad).QuoInt(int64(periodSlices))
		r.Attainment = good.MulInt(100)
		b, berr := NewCountBudget(o.Objective, int64(periodSlices), UnitSlices)
		if berr != nil {
			return SLOReport{}, berr
		}
		r.Budget, err = b.UseExact(bad, int64(len(observed)))
	}
	return r, err
}

// maxSlices bounds the slices TimelineSlices allocates.
const maxSlices = 1 << 24

// TimelineSlices cuts w into consecutive slices of length d and measures each on tl in
// nanoseconds: Total is the observed time (Operational, Degraded or Down) and Good the part not
// Down. NoData and Maintenance time is in neither, so a slice without observations has Total 0.
// The length of w must be a positive multiple of d, at most 2^24 slices. Linear in slices plus
// segments.
func TimelineSlices(tl Timeline, w Interval, d time.Duration) ([]SliceCount, error) {
	if w.End.Before(w.Start) {
		return nil, fmt.Errorf("%w: window %w", ErrBadInterval, reversed(w))
	}
	if d <= 0 || w.Empty() || w.Duration()%d != 0 {
		return nil, fmt.Errorf("%w: window %s is not a positive multiple of the slice %s", ErrBadObjective, w, d)
	}
	n := int64(w.Duration() / d)
	if n > maxSlices {
		return nil, fmt.Errorf("%w: %d slices (at most %d)", ErrBadObjective, n, maxSlices)
	}
	out := make([]SliceCount, n)
	for seg := range tl.Clip(w).Segments() {
		if seg.Status == NoData || seg.Status == Maintenance {
			continue
		}
		for s := seg.Start; s.Before(seg.End); {
			k := int64(s.Sub(w.Start) / d)
			end := w.Start.Add(time.Duration(k+1) * d)
			if seg.End.Before(end) {
				end = seg.End
			}
			ns := int64(end.Sub(s))
			out[k].Total += ns
			if seg.Status != Down {
				out[k].Good += ns
			}
			s = end
		}
	}
	return out, nil
}
