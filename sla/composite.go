package sla

import (
	"errors"
	"fmt"
	"slices"
	"time"
)

// ErrBadComposite: a composite with no components, a k or quorum threshold outside 1..n (0
// included: it never means all-of), a probability outside [0, 100] %, a weight that is not
// positive, or component timelines over different windows.
var ErrBadComposite = errors.New("sla: bad composite")

func checkPercents(avail []Ratio) error {
	if len(avail) == 0 {
		return fmt.Errorf("%w: no components", ErrBadComposite)
	}
	for i, a := range avail {
		if a.Sign() < 0 || a.Cmp(ratioHundred) > 0 {
			return fmt.Errorf("%w: component %d availability %s%% outside [0, 100]", ErrBadComposite, i+1, a)
		}
	}
	return nil
}

// Serial is the availability (percent) of a chain that needs every component, each independent
// and available avail[i] percent of the time: the product. C1: eight components from 99.9 % to
// 99.995 % give 99.61557… %.
func Serial(avail ...Ratio) (Ratio, error) {
	if err := checkPercents(avail); err != nil {
		return Ratio{}, err
	}
	p := ratioOne
	for _, a := range avail {
		p = p.Mul(a)
		p, _ = p.QuoInt(100)
	}
	return p.MulInt(100), nil
}

// Parallel is the availability (percent) of redundant independent components of which any one
// suffices: 100 × (1 − Π(1 − a_i)). C2: two 99.5 % components give 99.9975 %.
func Parallel(avail ...Ratio) (Ratio, error) {
	if err := checkPercents(avail); err != nil {
		return Ratio{}, err
	}
	q := ratioOne
	for _, a := range avail {
		miss, _ := ratioHundred.Sub(a).QuoInt(100)
		q = q.Mul(miss)
	}
	return ratioOne.Sub(q).MulInt(100), nil
}

// KOfN is the availability (percent) of a group that works while at least k of its independent
// components work (a quorum). C3: 2 of 3 at 99 % give 99.9702 %. KOfN(n, …) is Serial and
// KOfN(1, …) is Parallel. The sum runs over the distribution of the number of working
// components, O(n·k) exact products.
func KOfN(k int, avail ...Ratio) (Ratio, error) {
	if err := checkPercents(avail); err != nil {
		return Ratio{}, err
	}
	if k < 1 || k > len(avail) {
		return Ratio{}, fmt.Errorf("%w: k = %d outside 1..%d", ErrBadComposite, k, len(avail))
	}
	// dist[j] = P(exactly j up) for j < k; dist[k] = P(at least k up).
	dist := make([]Ratio, k+1)
	dist[0] = ratioOne
	for _, a := range avail {
		p, _ := a.QuoInt(100)
		q := ratioOne.Sub(p)
		dist[k] = dist[k].Add(dist[k-1].Mul(p)) // at least k stays at least k either way
		for j := k - 1; j >= 1; j-- {
			dist[j] = dist[j].Mul(q).Add(dist[j-1].Mul(p))
		}
		dist[0] = dist[0].Mul(q)
	}
	return dist[k].MulInt(100), nil
}

// Quorum composes component timelines into the timeline of a parent that works while the
// components working carry at least Threshold of weight. Weights are positive integers (nil:
// every component weighs 1). Threshold must lie in 1..total weight: a threshold of 0 or below
// is refused (ErrBadComposite), never read as "all of them", so a k computed as 0 cannot
// silently turn into all-of. Build quorums with AllOf (the total weight, whatever the weights
// are), AnyOf and KOfNTimeline; the zero Quorum has threshold 0 and is refused. A plain value,
// safe for concurrent use.
//
// # Composite status
//
// At each instant let Up be the weight of components Operational or Degraded, Healthy the weight
// of those Operational, Unknown the weight with NoData and Planned the weight in Maintenance.
// The parent is
//
//   - Operational when Healthy ≥ Threshold;
//   - Degraded when Up ≥ Threshold but Healthy < Threshold (it needs a degraded component);
//   - NoData when Up < Threshold ≤ Up + Unknown (missing data could decide either way);
//   - Maintenance when Up + Unknown < Threshold ≤ Up + Unknown + Planned (only planned work
//     stops it);
//   - Down otherwise.
//
// The rule is monotone: a component getting worse never makes the parent better. C4: A down
// 10:00–11:00 and B down 10:30–12:00 make a parent needing both down 10:00–12:00, and a parent
// needing either down 10:30–11:00.
type Quorum struct {
	Weights   []int64
	Threshold int64
	all       bool // AllOf: the threshold is the total weight (Threshold must stay 0)
}

// AllOf needs every component: its threshold is the total weight, so it stays all-of when
// Weights are set on it (q := AllOf(); q.Weights = w).
func AllOf() Quorum { return Quorum{all: true} }

// AnyOf needs any one component.
func AnyOf() Quorum { return Quorum{Threshold: 1} }

// KOfNTimeline needs at least k components (k of weight, with Weights). As for KOfN, k must lie
// in 1..n: Compose refuses KOfNTimeline(0) and a negative k with ErrBadComposite, like a k above
// the number of components; it never reads 0 as all-of.
func KOfNTimeline(k int) Quorum { return Quorum{Threshold: int64(k)} }

// maxQuorumWeight bounds one component's weight, and maxQuorumTotal the total, so that sums
// of weights never overflow.
const (
	maxQuorumWeight = 1 << 40
	maxQuorumTotal  = 1 << 62
)

// Compose applies the quorum to component timelines that share one window. It runs in
// O(s log s) for s status segments in all.
func (q Quorum) Compose(components ...Timeline) (Timeline, error) {
	if len(components) == 0 {
		return Timeline{}, fmt.Errorf("%w: no components (an empty group is never silently operational)", ErrBadComposite)
	}
	w, threshold, err := q.weights(len(components))
	if err != nil {
		return Timeline{}, err
	}
	q.Threshold = threshold
	win := components[0].Window()
	for i, c := range components {
		cw := c.Window()
		if !cw.Start.Equal(win.Start) || !cw.End.Equal(win.End) {
			return Timeline{}, fmt.Errorf("%w: component %d window %s differs from %s", ErrBadComposite, i+1, cw, win)
		}
	}
	type change struct {
		at     time.Time
		weight int64
		from   Status // 0 at the first segment
		to     Status
	}
	var changes []change
	for i, c := range components {
		prev := Status(0)
		for seg := range c.Segments() {
			changes = append(changes, change{at: seg.Start, weight: w[i], from: prev, to: seg.Status})
			prev = seg.Status
		}
	}
	slices.SortStableFunc(changes, func(a, b change) int { return a.at.Compare(b.at) })
	var by [numStatus]int64 // weight per component status
	var out []StatusInterval
	emit := func(from, to time.Time) {
		if !from.Before(to) {
			return
		}
		s := q.status(by)
		if n := len(out); n > 0 && out[n-1].Status == s && out[n-1].End.Equal(from) {
			out[n-1].End = to
			return
		}
		out = append(out, StatusInterval{Interval: Interval{Start: from, End: to}, Status: s})
	}
	cur := win.Start
	for i := 0; i < len(changes); {
		at := changes[i].at
		emit(cur, at)
		for ; i < len(changes) && changes[i].at.Equal(at); i++ {
			ch := changes[i]
			if ch.from != 0 {
				by[ch.from] -= ch.weight
			}
			by[ch.to] += ch.weight
		}
		cur = at
	}
	emit(cur, win.End)
	return TimelineFromIntervals(win, out)
}

// weights returns the weight of each of n components and the threshold, checked.
func (q Quorum) weights(n int) ([]int64, int64, error) {
	w := q.Weights
	if w == nil {
		w = make([]int64, n)
		for i := range w {
			w[i] = 1
		}
	}
	if len(w) != n {
		return nil, 0, fmt.Errorf("%w: %d weights for %d components", ErrBadComposite, len(w), n)
	}
	var total int64
	for i, x := range w {
		if x <= 0 || x > maxQuorumWeight {
			return nil, 0, fmt.Errorf("%w: component %d weight %d must be in 1..2^40", ErrBadComposite, i+1, x)
		}
		if total += x; total > maxQuorumTotal {
			return nil, 0, fmt.Errorf("%w: total weight of %d components above 2^62", ErrBadComposite, n)
		}
	}
	threshold := q.Threshold
	if q.all {
		if threshold != 0 {
			return nil, 0, fmt.Errorf("%w: AllOf with threshold %d (all-of has none of its own)", ErrBadComposite, threshold)
		}
		threshold = total
	}
	if threshold < 1 || threshold > total {
		return nil, 0, fmt.Errorf("%w: threshold %d outside 1..%d (the total weight; use AllOf for all of them)", ErrBadComposite, threshold, total)
	}
	return w, threshold, nil
}

func (q Quorum) status(by [numStatus]int64) Status {
	up := by[Operational] + by[Degraded]
	switch {
	case by[Operational] >= q.Threshold:
		return Operational
	case up >= q.Threshold:
		return Degraded
	case up+by[NoData] >= q.Threshold:
		return NoData
	case up+by[NoData]+by[Maintenance] >= q.Threshold:
		return Maintenance
	}
	return Down
}

// WeightedAttainment is one part of a composite objective: a component's attainment (percent)
// and its weight. A plain input value; a zero weight is rejected.
// Safe for concurrent use.
type WeightedAttainment struct {
	Name       string
	Attainment Ratio // percent
	Weight     Ratio // positive
}

// CompositeAttainment combines component attainments into one (percent), by adding up what
// each component misses: 100 − Σ (w_i / w_max) × (100 − a_i), and never below 0. The heaviest
// component counts in full and lighter ones in proportion to their weight. O3: two ratio-
// timeslice objectives each averaging 95 % with equal weights give 90 %, not 90.25 % (the
// product would assume independent failures; adding the misses assumes they never coincide,
// the cautious reading for a user journey that needs every part).
//
// It is deliberately not the weighted mean of the attainments that some dashboards show
// (GitLab's weighted availability score, Elastic's composite SLO): web, git and API at 99.76,
// 99.74 and 99.62 % with weight 5 and a registry at 99.97 % with weight 1 average 99.72 %, but
// here give 99.114 %, because a journey through all four loses what each of them loses. A mean
// lets a healthy component hide a failing one; compute it directly if that is what is wanted.
//
// Per budgeting method this reads: for occurrences, each component's share of bad events adds
// up; for time slices, each component's share of bad slices adds up (an upper bound on the share
// of slices in which some component was bad); for ratio time slices, each component's mean
// per-slice shortfall adds up. Components should share the window and slice length.
func CompositeAttainment(parts []WeightedAttainment) (Ratio, error) {
	if len(parts) == 0 {
		return Ratio{}, fmt.Errorf("%w: no components", ErrBadComposite)
	}
	wmax := Ratio{}
	for i, p := range parts {
		if p.Weight.Sign() <= 0 {
			return Ratio{}, fmt.Errorf("%w: component %d (%s) weight %s is not positive", ErrBadComposite, i+1, p.Name, p.Weight)
		}
		if p.Attainment.Sign() < 0 || p.Attainment.Cmp(ratioHundred) > 0 {
			return Ratio{}, fmt.Errorf("%w: component %d (%s) attainment %s%% outside [0, 100]", ErrBadComposite, i+1, p.Name, p.Attainment)
		}
		if p.Weight.Cmp(wmax) > 0 {
			wmax = p.Weight
		}
	}
	miss := Ratio{}
	for _, p := range parts {
		share, _ := p.Weight.Quo(wmax) // wmax > 0
		miss = miss.Add(share.Mul(ratioHundred.Sub(p.Attainment)))
	}
	res := ratioHundred.Sub(miss)
	if res.Sign() < 0 {
		return Ratio{}, nil
	}
	return res, nil
}
