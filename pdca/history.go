package pdca

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
)

// Next opens the cycle that follows prev: a Plan on the same subject, linked to prev, with one
// baseline per measured objective of prev (the last value measured there) and prev's Act
// follow-up actions as its planned actions (open again, same IDs, owners and due dates). Only a
// Closed cycle seeds (an Abandoned one does not: ErrNotSeedable). o supplies the new ID and
// title; its Subject may be left zero (inherited) but must otherwise equal prev's, and its
// Predecessor and Baselines must be left empty: Next fills them.
func Next(prev Cycle, at time.Time, o Opening) (Cycle, error) {
	fail := func(rule error, format string, args ...any) (Cycle, error) {
		return Cycle{}, &RuleError{Cycle: o.ID, Index: -1, Kind: Opened, At: at, Err: rule,
			Detail: fmt.Sprintf(format, args...)}
	}
	if prev.phase != Closed {
		return fail(ErrNotSeedable, "predecessor %q is %s", prev.ID(), prev.phase)
	}
	if o.Predecessor != "" || len(o.Baselines) > 0 {
		return fail(ErrInvalidEvent, "predecessor and baselines are set by Next")
	}
	if o.Subject == (Subject{}) {
		o.Subject = prev.Subject()
	} else if o.Subject != prev.Subject() {
		return fail(ErrInvalidEvent, "subject %s differs from predecessor's %s", o.Subject, prev.Subject())
	}
	if at.Before(prev.EndedAt()) {
		return fail(ErrTimeReversed, "opened before predecessor %q ended", prev.ID())
	}
	o.Predecessor = prev.ID()
	for _, r := range prev.Results() {
		if r.Measured {
			o.Baselines = append(o.Baselines, Baseline{Metric: r.Objective.Metric, Unit: r.Objective.Unit,
				Direction: r.Objective.Direction, Value: r.Measurement.Value, At: r.Measurement.At})
		}
	}
	events := []Event{{Kind: Opened, At: at, Opening: o}}
	for _, a := range prev.actions {
		if a.Phase == Act {
			events = append(events, PlanAction(at, Action{ID: a.ID, Description: a.Description, Owner: a.Owner, Due: a.Due}))
		}
	}
	return Replay(events)
}

// Chain returns the chain of cycles that ends with the cycle last, oldest first, following
// predecessor links through cycles. It is an error wrapping ErrBrokenChain when last or a
// predecessor is missing from cycles, when two cycles share an ID, or when the links loop.
// Linear in len(cycles).
func Chain(cycles []Cycle, last string) ([]Cycle, error) {
	byID := make(map[string]int, len(cycles))
	for i, c := range cycles {
		if _, dup := byID[c.ID()]; dup {
			return nil, fmt.Errorf("pdca: %w: two cycles with ID %q", ErrBrokenChain, c.ID())
		}
		byID[c.ID()] = i
	}
	var out []Cycle
	for id := last; id != ""; {
		i, ok := byID[id]
		if !ok {
			return nil, fmt.Errorf("pdca: %w: cycle %q not given", ErrBrokenChain, id)
		}
		if len(out) == len(cycles) {
			return nil, fmt.Errorf("pdca: %w: predecessor links loop through %q", ErrBrokenChain, id)
		}
		out = append(out, cycles[i])
		id = cycles[i].Predecessor()
	}
	slices.Reverse(out)
	return out, nil
}

// TrendPoint is one cycle's figures for a metric. The zero value is no point.
// A plain value, safe for concurrent use.
type TrendPoint struct {
	Cycle       string
	Baseline    Value
	Target      Value
	Measured    bool
	Measurement Measurement
	Achieved    bool
}

// Trend is a metric followed across a chain of cycles. Change is the last measured value minus
// the first baseline, signed so that a positive change is an improvement in Direction; HasChange
// is false when the metric was never measured. The zero value is an empty trend.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Trend struct {
	Metric    string
	Unit      string
	Direction Direction
	Points    []TrendPoint
	Change    Value
	HasChange bool
}

// Improving reports whether the metric ended better than it started.
func (t Trend) Improving() bool { return t.HasChange && t.Change.Sign() > 0 }

// TrendOf follows metric through chain (oldest first, each cycle the predecessor of the next, as
// Chain returns it), with one point per cycle that has an objective on the metric. It is an
// error wrapping ErrBrokenChain when the links do not hold, ErrUnitMismatch when the metric
// changes unit or direction along the chain, and ErrUnknownMetric when no cycle has it.
func TrendOf(chain []Cycle, metric string) (Trend, error) {
	t := Trend{Metric: metric}
	for i, c := range chain {
		if i > 0 && c.Predecessor() != chain[i-1].ID() {
			return Trend{}, fmt.Errorf("pdca: %w: %q does not follow %q", ErrBrokenChain, c.ID(), chain[i-1].ID())
		}
		for _, r := range c.Results() {
			o := r.Objective
			if o.Metric != metric {
				continue
			}
			if len(t.Points) == 0 {
				t.Unit, t.Direction = o.Unit, o.Direction
			} else if o.Unit != t.Unit || o.Direction != t.Direction {
				return Trend{}, fmt.Errorf("pdca: %w: metric %q is %s %s in cycle %q, %s %s before",
					ErrUnitMismatch, metric, o.Unit, o.Direction, c.ID(), t.Unit, t.Direction)
			}
			t.Points = append(t.Points, TrendPoint{Cycle: c.ID(), Baseline: o.Baseline, Target: o.Target,
				Measured: r.Measured, Measurement: r.Measurement, Achieved: r.Achieved})
		}
	}
	if len(t.Points) == 0 {
		return Trend{}, fmt.Errorf("pdca: %w: %q in no cycle of the chain", ErrUnknownMetric, metric)
	}
	for i := len(t.Points) - 1; i >= 0; i-- {
		if p := t.Points[i]; p.Measured {
			t.Change = p.Measurement.Value.Sub(t.Points[0].Baseline)
			if t.Direction == LowerIsBetter {
				t.Change = Value{r: t.Change.r.Neg()}
			}
			t.HasChange = true
			break
		}
	}
	return t, nil
}

// PhaseTime is the total time a cycle spent in one phase (all its stays summed). The zero value
// is no phase.
// A plain value, safe for concurrent use.
type PhaseTime struct {
	Phase    Phase
	Duration time.Duration
}

// PhaseTimes returns the time spent in Plan, Do, Check and Act, in that order, as of asOf: a
// phase the cycle is still in counts up to asOf, and nothing after asOf counts. Like
// time.Time.Sub, a total saturates at the largest Duration.
func (c Cycle) PhaseTimes(asOf time.Time) []PhaseTime {
	out := []PhaseTime{{Phase: Plan}, {Phase: Do}, {Phase: Check}, {Phase: Act}}
	for _, p := range c.periods {
		end := p.End
		if end.IsZero() || end.After(asOf) {
			end = asOf
		}
		if end.After(p.Start) {
			// Saturate like time.Time.Sub rather than wrap round on absurdly long stays.
			d := &out[p.Phase-Plan].Duration
			*d = min(*d, math.MaxInt64-end.Sub(p.Start)) + end.Sub(p.Start)
		}
	}
	return out
}

// Share counts objectives by verdict. The zero value counts nothing (its Ratio is no data).
// A plain value, safe for concurrent use.
type Share struct {
	Achieved   int
	Missed     int
	Unmeasured int
}

// Ratio is Achieved / (Achieved + Missed), exactly; ok is false when nothing was measured (no
// data is not 0 %).
func (s Share) Ratio() (v Value, ok bool) {
	n := s.Achieved + s.Missed
	if n == 0 {
		return Value{}, false
	}
	q, _ := IntValue(int64(s.Achieved)).r.QuoInt(int64(n))
	return Value{r: q}, true
}

// Achievement counts the objectives of the given cycles by their current verdict.
func Achievement(cycles ...Cycle) Share {
	var s Share
	for _, c := range cycles {
		for _, r := range c.Results() {
			switch {
			case !r.Measured:
				s.Unmeasured++
			case r.Achieved:
				s.Achieved++
			default:
				s.Missed++
			}
		}
	}
	return s
}

// OverdueAction is a pending action whose due date passed. The zero value is no action.
// A plain value, safe for concurrent use.
type OverdueAction struct {
	Cycle   string
	Subject Subject
	Action  Action
	Overdue time.Duration // asOf − Due
}

// OverdueActions lists open actions due strictly before asOf, ordered by due date, then cycle
// ID, then action ID. Actions without a due date are never overdue. Abandoned cycles have no
// overdue actions. A Closed cycle's follow-up actions count unless one of cycles names it as
// predecessor: Next carries them into the successor, where they count instead.
func OverdueActions(cycles []Cycle, asOf time.Time) []OverdueAction {
	succeeded := make(map[string]bool)
	for _, c := range cycles {
		if p := c.Predecessor(); p != "" {
			succeeded[p] = true
		}
	}
	var out []OverdueAction
	for _, c := range cycles {
		if c.phase == Abandoned || (c.phase == Closed && succeeded[c.ID()]) {
			continue
		}
		for _, a := range c.actions {
			if a.Status == Pending && !a.Due.IsZero() && a.Due.Before(asOf) {
				out = append(out, OverdueAction{Cycle: c.ID(), Subject: c.Subject(), Action: a, Overdue: asOf.Sub(a.Due)})
			}
		}
	}
	slices.SortFunc(out, func(x, y OverdueAction) int {
		return cmp.Or(x.Action.Due.Compare(y.Action.Due), cmp.Compare(x.Cycle, y.Cycle), cmp.Compare(x.Action.ID, y.Action.ID))
	})
	return out
}

// SubjectCount counts the cycles of one subject by outcome. The zero value counts nothing.
// A plain value, safe for concurrent use.
type SubjectCount struct {
	Subject   Subject
	Running   int // in Plan, Do, Check or Act
	Closed    int
	Abandoned int
}

// Total returns the number of cycles counted.
func (s SubjectCount) Total() int { return s.Running + s.Closed + s.Abandoned }

// CyclesPerSubject counts cycles per subject, ordered by Subject.Key.
func CyclesPerSubject(cycles []Cycle) []SubjectCount {
	idx := make(map[Subject]int)
	var out []SubjectCount
	for _, c := range cycles {
		i, ok := idx[c.Subject()]
		if !ok {
			i = len(out)
			idx[c.Subject()] = i
			out = append(out, SubjectCount{Subject: c.Subject()})
		}
		switch c.phase {
		case Closed:
			out[i].Closed++
		case Abandoned:
			out[i].Abandoned++
		default:
			out[i].Running++
		}
	}
	slices.SortFunc(out, func(x, y SubjectCount) int { return cmp.Compare(x.Subject.Key(), y.Subject.Key()) })
	return out
}

// ProcessCoverage is how often one catalogued process has been the subject of a cycle. The zero
// value is no process.
// A plain value, safe for concurrent use.
type ProcessCoverage struct {
	Process   itsm.Process
	Running   int
	Closed    int
	Abandoned int
	// LastClosed is when the latest Closed cycle on the process ended (zero if none).
	LastClosed time.Time
}

// Coverage reports, for every process of edition e in clause order, the cycles run on it:
// ISO/IEC 20000 asks for Plan–Do–Check–Act on every process, and a process with no closed cycle
// is a gap. Cycles on services, on the whole system or on processes of the other edition are
// ignored. Linear in len(cycles) plus the catalogue.
func Coverage(cycles []Cycle, e itsm.Edition) []ProcessCoverage {
	var out []ProcessCoverage
	idx := make(map[itsm.ProcessID]int)
	for p := range itsm.Processes(e) {
		idx[p.ID] = len(out)
		out = append(out, ProcessCoverage{Process: p})
	}
	for _, c := range cycles {
		s := c.Subject()
		i, ok := idx[s.Process]
		if s.Kind != SubjectProcess || !ok {
			continue
		}
		switch c.phase {
		case Closed:
			out[i].Closed++
			if end := c.EndedAt(); end.After(out[i].LastClosed) {
				out[i].LastClosed = end
			}
		case Abandoned:
			out[i].Abandoned++
		default:
			out[i].Running++
		}
	}
	return out
}
