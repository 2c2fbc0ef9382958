package sla

import (
	"errors"
	"fmt"
	"math/big"
	"math/bits"
	"sort"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/internal/interval"
)

// ErrBadBurnPolicy: a burn-rate alert whose windows, share or factor make no sense (a long window
// not longer than the short one, a window longer than the period, a share outside (0, 100] %,
// a repeated name), or bad counts in a CountSeries.
var ErrBadBurnPolicy = errors.New("sla: bad burn-rate policy")

// BurnFactor is the burn rate at which budgetPercent % of a period's error budget is spent in
// window: budgetPercent/100 × period / window. R1: 2 % of a 30-day budget in 1 h is 14.4.
func BurnFactor(budgetPercent Ratio, window, period time.Duration) (Ratio, error) {
	if window <= 0 || period <= 0 {
		return Ratio{}, fmt.Errorf("%w: window %s and period %s must be positive", ErrBadBurnPolicy, window, period)
	}
	// Divide in two steps: 100 × window overflows int64 for windows over about 2.9 years.
	f, _ := budgetPercent.MulInt(int64(period)).QuoInt(int64(window)) // window > 0
	f, _ = f.QuoInt(100)
	return f, nil
}

// Severity ranks burn-rate alerts. The zero value is Unknown.
// It is a plain value, safe for concurrent use.
type Severity int

// Severities.
const (
	Ticket Severity = iota + 1 // look at it during working hours
	Page                       // wake someone up
)

func (s Severity) String() string {
	switch s {
	case Ticket:
		return "ticket"
	case Page:
		return "page"
	}
	return "unknown"
}

// BurnAlert is one multi-window burn-rate alert: it fires at an instant when the burn rate over
// both the Long and the Short window ending there is at least Factor. The short window makes
// the alert stop soon after the burning stops. BudgetPercent is the share of the whole period's
// budget that burning at exactly Factor for Long consumes; Factor × Long / Period =
// BudgetPercent/100 always holds. Built by NewBurnPolicy or NewFixedFactorPolicy; a plain
// immutable value.
// The zero value is no alert.
// Safe for concurrent use.
type BurnAlert struct {
	Name          string
	Severity      Severity
	Long, Short   time.Duration
	BudgetPercent Ratio
	Factor        Ratio
}

// BurnAlertSpec describes an alert by the share of budget it catches (the Workbook way);
// NewBurnPolicy derives its factor. A plain input value; the zero value is rejected.
// Safe for concurrent use.
type BurnAlertSpec struct {
	Name          string
	Severity      Severity
	BudgetPercent Ratio
	Long, Short   time.Duration
}

// FixedFactorSpec describes an alert by its burn-rate factor (the way tools that hard-code 14.4,
// 6, 3, 1 do); NewFixedFactorPolicy derives the budget share it stands for. A plain input value;
// the zero value is rejected.
// Safe for concurrent use.
type FixedFactorSpec struct {
	Name        string
	Severity    Severity
	Factor      Ratio
	Long, Short time.Duration
}

// BurnPolicy is a set of multi-window burn-rate alerts for one objective over one period length.
// The zero value has no alerts. Immutable after construction; safe for concurrent use.
//
// A policy built by hand rather than by NewBurnPolicy or NewFixedFactorPolicy may hold what they
// refuse (see Validate). An alert whose objective, windows or factor make its burn rate
// meaningless (a 100 % objective has no budget, so every burn rate is undefined) never fires:
// its AlertResult.Reason says "not evaluated" and why, and Backtest gives it no firing time.
type BurnPolicy struct {
	Objective Target
	Period    time.Duration
	Alerts    []BurnAlert // in the order given
}

func checkPolicyHead(objective Target, period time.Duration) error {
	if objective.AllowedLoss().Sign() <= 0 {
		return fmt.Errorf("%w: objective %s must be below 100%% to have a budget to burn", ErrBadBurnPolicy, objective)
	}
	if period <= 0 {
		return fmt.Errorf("%w: period %s is not positive", ErrBadBurnPolicy, period)
	}
	return nil
}

func checkWindows(name string, long, short, period time.Duration, seen map[string]bool) error {
	if name == "" {
		return fmt.Errorf("%w: alert without a name", ErrBadBurnPolicy)
	}
	if seen[name] {
		return fmt.Errorf("%w: alert %q named twice", ErrBadBurnPolicy, name)
	}
	seen[name] = true
	if short <= 0 || long <= short {
		return fmt.Errorf("%w: alert %q: long window %s must be longer than the short window %s > 0", ErrBadBurnPolicy, name, long, short)
	}
	if long > period {
		return fmt.Errorf("%w: alert %q: long window %s exceeds the period %s", ErrBadBurnPolicy, name, long, period)
	}
	return nil
}

// Validate reports what NewBurnPolicy and NewFixedFactorPolicy would refuse in a policy built
// by hand (its fields are exported): an objective of 100 % (no budget, so every burn rate is
// undefined), a non-positive period, and per alert a missing or repeated name, windows with
// short ≤ 0, long ≤ short or long > period, or a factor that is not positive.
func (p BurnPolicy) Validate() error {
	if err := checkPolicyHead(p.Objective, p.Period); err != nil {
		return err
	}
	seen := map[string]bool{}
	for _, a := range p.Alerts {
		if err := checkWindows(a.Name, a.Long, a.Short, p.Period, seen); err != nil {
			return err
		}
		if err := checkFactor(a); err != nil {
			return err
		}
	}
	return nil
}

func checkFactor(a BurnAlert) error {
	if a.Factor.Sign() <= 0 {
		return fmt.Errorf("%w: alert %q: factor %s is not positive", ErrBadBurnPolicy, a.Name, a.Factor)
	}
	return nil
}

// alertErrors returns, per alert, why it cannot be evaluated (nil when it can). Only a policy
// built by hand has any: the constructors refuse what these checks find. Names are not checked
// here; a repeated name does not change what an alert computes.
func (p BurnPolicy) alertErrors() []error {
	errs := make([]error, len(p.Alerts))
	head := checkPolicyHead(p.Objective, p.Period)
	for i, a := range p.Alerts {
		switch {
		case head != nil:
			errs[i] = head
		case a.Short <= 0 || a.Long <= a.Short:
			errs[i] = checkWindows(a.Name, a.Long, a.Short, p.Period, map[string]bool{})
		default:
			errs[i] = checkFactor(a)
		}
	}
	return errs
}

// NewBurnPolicy derives each alert's factor from (budget share, long window, period).
func NewBurnPolicy(objective Target, period time.Duration, specs []BurnAlertSpec) (BurnPolicy, error) {
	if err := checkPolicyHead(objective, period); err != nil {
		return BurnPolicy{}, err
	}
	seen := map[string]bool{}
	p := BurnPolicy{Objective: objective, Period: period, Alerts: make([]BurnAlert, 0, len(specs))}
	for _, s := range specs {
		if err := checkWindows(s.Name, s.Long, s.Short, period, seen); err != nil {
			return BurnPolicy{}, err
		}
		if s.BudgetPercent.Sign() <= 0 || s.BudgetPercent.Cmp(ratioHundred) > 0 {
			return BurnPolicy{}, fmt.Errorf("%w: alert %q: budget share %s%% outside (0, 100]", ErrBadBurnPolicy, s.Name, s.BudgetPercent)
		}
		f, err := BurnFactor(s.BudgetPercent, s.Long, period)
		if err != nil {
			return BurnPolicy{}, err
		}
		p.Alerts = append(p.Alerts, BurnAlert{Name: s.Name, Severity: s.Severity, Long: s.Long, Short: s.Short, BudgetPercent: s.BudgetPercent, Factor: f})
	}
	return p, nil
}

// NewFixedFactorPolicy takes each alert's factor as given and derives the budget share:
// factor × long / period × 100 %. A factor whose long window would burn more than the whole
// budget is refused.
func NewFixedFactorPolicy(objective Target, period time.Duration, specs []FixedFactorSpec) (BurnPolicy, error) {
	if err := checkPolicyHead(objective, period); err != nil {
		return BurnPolicy{}, err
	}
	seen := map[string]bool{}
	p := BurnPolicy{Objective: objective, Period: period, Alerts: make([]BurnAlert, 0, len(specs))}
	for _, s := range specs {
		if err := checkWindows(s.Name, s.Long, s.Short, period, seen); err != nil {
			return BurnPolicy{}, err
		}
		if s.Factor.Sign() <= 0 {
			return BurnPolicy{}, fmt.Errorf("%w: alert %q: factor %s is not positive", ErrBadBurnPolicy, s.Name, s.Factor)
		}
		share, _ := s.Factor.MulInt(int64(s.Long)).MulInt(100).QuoInt(int64(period)) // period > 0
		if share.Cmp(ratioHundred) > 0 {
			return BurnPolicy{}, fmt.Errorf("%w: alert %q: factor %s over %s burns %s%% of the budget", ErrBadBurnPolicy, s.Name, s.Factor, s.Long, share)
		}
		p.Alerts = append(p.Alerts, BurnAlert{Name: s.Name, Severity: s.Severity, Long: s.Long, Short: s.Short, BudgetPercent: share, Factor: s.Factor})
	}
	return p, nil
}

func mustRatio(s string) Ratio {
	r, err := exact.ParseDecimal(s)
	if err != nil { // only called on the constant literals below
		return Ratio{}
	}
	return r
}

// WorkbookAlerts are the multi-window, multi-burn-rate alerts of the Google SRE Workbook
// (chapter 5, table 5-8: 2 % of the budget in 1 h with a 5 min short window and 5 % in 6 h
// (30 min) page, 10 % in 3 d (6 h) opens a ticket) plus the 10 % in 1 d (2 h) ticket alert that
// SLO generators such as Sloth add between them by default. Short windows are 1/12 of the long.
// An alert fires when both burn rates reach the factor (≥); Prometheus rules generated by those
// tools compare with >, which differs only at exact equality.
func WorkbookAlerts() []BurnAlertSpec {
	return []BurnAlertSpec{
		{Name: "page-1h", Severity: Page, BudgetPercent: mustRatio("2"), Long: time.Hour, Short: 5 * time.Minute},
		{Name: "page-6h", Severity: Page, BudgetPercent: mustRatio("5"), Long: 6 * time.Hour, Short: 30 * time.Minute},
		{Name: "ticket-1d", Severity: Ticket, BudgetPercent: mustRatio("10"), Long: 24 * time.Hour, Short: 2 * time.Hour},
		{Name: "ticket-3d", Severity: Ticket, BudgetPercent: mustRatio("10"), Long: 72 * time.Hour, Short: 6 * time.Hour},
	}
}

// Workbook30Day is the Workbook table over a 30-day period: factors 14.4, 6, 3 and 1 (R1).
func Workbook30Day(objective Target) (BurnPolicy, error) {
	return NewBurnPolicy(objective, 30*24*time.Hour, WorkbookAlerts())
}

// Workbook28Day is the same budget shares over a 28-day period: factors 13.44, 5.6, 2.8 and
// 14/15 (R2).
func Workbook28Day(objective Target) (BurnPolicy, error) {
	return NewBurnPolicy(objective, 28*24*time.Hour, WorkbookAlerts())
}

// FixedFactorAlerts are the factors 14.4, 6, 3 and 1 over the Workbook's windows, kept fixed
// whatever the period (the way several SLO generators ship them). Over 30 days they equal the
// Workbook table; over 28 days they stand for about 2.143 %, 5.357 %, 10.714 % and 10.714 % of
// the budget.
func FixedFactorAlerts() []FixedFactorSpec {
	return []FixedFactorSpec{
		{Name: "page-1h", Severity: Page, Factor: mustRatio("14.4"), Long: time.Hour, Short: 5 * time.Minute},
		{Name: "page-6h", Severity: Page, Factor: mustRatio("6"), Long: 6 * time.Hour, Short: 30 * time.Minute},
		{Name: "ticket-1d", Severity: Ticket, Factor: mustRatio("3"), Long: 24 * time.Hour, Short: 2 * time.Hour},
		{Name: "ticket-3d", Severity: Ticket, Factor: mustRatio("1"), Long: 72 * time.Hour, Short: 6 * time.Hour},
	}
}

// WindowBurn is the burn rate measured over one window.
// The zero value is no burn over an empty window.
// A plain value, safe for concurrent use.
type WindowBurn struct {
	Window   Interval
	Bad      int64 // bad ns or bad events in the window
	Observed int64 // observed ns or valid events in the window; 0 means no data
	Rate     Ratio // (Bad/Observed) / budget fraction; zero when there is no data
	NoData   bool
}

// AlertResult says whether one alert fires at an instant, and why.
// The zero value is an alert that does not fire.
// A plain value, safe for concurrent use.
type AlertResult struct {
	Alert  BurnAlert
	Long   WindowBurn
	Short  WindowBurn
	Firing bool
	Reason string
}

// BurnEvaluation is the state of every alert of a policy at one instant, in the policy's order.
// A plain result value; the zero value has no alerts.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type BurnEvaluation struct {
	At     time.Time
	Alerts []AlertResult
}

// Firing returns the names of the alerts that fire, in the policy's order.
func (e BurnEvaluation) Firing() []string {
	var out []string
	for _, a := range e.Alerts {
		if a.Firing {
			out = append(out, a.Alert.Name)
		}
	}
	return out
}

// windowSource sums bad and observed amounts over a window ending at an instant.
type windowSource interface {
	sums(w Interval) (bad, observed int64)
}

// threshold is factor × fraction as num/den: a window fires when bad/observed ≥ num/den. n and d
// repeat num and den when both fit in 64 bits (small), for the fast comparison.
type threshold struct {
	num, den *big.Int
	n, d     uint64
	small    bool
}

func (p BurnPolicy) thresholds() []threshold {
	f := p.Objective.AllowedLoss()
	out := make([]threshold, len(p.Alerts))
	for i, a := range p.Alerts {
		b := a.Factor.Mul(f).Big()
		t := threshold{num: b.Num(), den: b.Denom()}
		if t.num.IsUint64() && t.den.IsUint64() {
			t.n, t.d, t.small = t.num.Uint64(), t.den.Uint64(), true
		}
		out[i] = t
	}
	return out
}

// reaches reports bad × den ≥ num × observed, with 128-bit products when the operands are small.
func (t threshold) reaches(bad, observed int64) bool {
	if observed <= 0 {
		return false
	}
	if t.small {
		h1, l1 := bits.Mul64(uint64(bad), t.d)
		h2, l2 := bits.Mul64(t.n, uint64(observed))
		return h1 > h2 || h1 == h2 && l1 >= l2
	}
	l := new(big.Int).Mul(big.NewInt(bad), t.den)
	r := new(big.Int).Mul(t.num, big.NewInt(observed))
	return l.Cmp(r) >= 0
}

func (p BurnPolicy) evaluate(src windowSource, at time.Time) BurnEvaluation {
	f := p.Objective.AllowedLoss()
	ths := p.thresholds()
	e := BurnEvaluation{At: at, Alerts: make([]AlertResult, len(p.Alerts))}
	burn := func(d time.Duration) WindowBurn {
		w := Interval{Start: at.Add(-d), End: at}
		bad, obs := src.sums(w)
		wb := WindowBurn{Window: w, Bad: bad, Observed: obs, NoData: obs == 0}
		if obs > 0 {
			r, _ := exact.FromRatio(bad, obs)
			wb.Rate, _ = r.Quo(f) // f > 0: objective < 100
		}
		return wb
	}
	errs := p.alertErrors()
	for i, a := range p.Alerts {
		if errs[i] != nil {
			e.Alerts[i] = AlertResult{Alert: a, Reason: "not evaluated: " + errs[i].Error()}
			continue
		}
		r := AlertResult{Alert: a, Long: burn(a.Long), Short: burn(a.Short)}
		longHit := ths[i].reaches(r.Long.Bad, r.Long.Observed)
		shortHit := ths[i].reaches(r.Short.Bad, r.Short.Observed)
		r.Firing = longHit && shortHit
		r.Reason = explainBurn(a, r.Long, longHit, "long") + "; " + explainBurn(a, r.Short, shortHit, "short")
		e.Alerts[i] = r
	}
	return e
}

func explainBurn(a BurnAlert, w WindowBurn, hit bool, which string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s window %s: ", which, w.Window.End.Sub(w.Window.Start))
	if w.NoData {
		b.WriteString("no data")
		return b.String()
	}
	op := "<"
	if hit {
		op = "≥"
	}
	fmt.Fprintf(&b, "burn rate %s %s %s", w.Rate.FloorString(3), op, a.Factor.String())
	return b.String()
}

// EvaluateIntervals evaluates the policy at instant at over a timeline given as two interval
// sets: observed (time that counts: scheduled and with data) and bad (down time). Only bad time
// inside observed time counts. A window with no observed time has no data and never fires. Sets
// that are not normalised (out of order, overlapping, touching) are normalised first, in
// O(n log n); normalised sets cost one linear check.
func (p BurnPolicy) EvaluateIntervals(bad, observed IntervalSet, at time.Time) BurnEvaluation {
	bad, observed = normalised(bad), normalised(observed)
	return p.evaluate(newIntervalSource(interval.Intersect(bad, observed), observed), at)
}

// normalised returns s itself when it is normalised and its normalised copy otherwise.
func normalised(s IntervalSet) IntervalSet {
	if interval.IsNormalized(s) {
		return s
	}
	return interval.Normalize(s)
}

// EvaluateTimeline evaluates the policy at instant at over a status timeline: Down time is bad;
// Operational, Degraded and Down time is observed; NoData and Maintenance time is left out of
// both, so a monitoring gap neither fires nor silences an alert by itself. For other choices
// (degraded counted bad, maintenance counted) build the sets and use EvaluateIntervals. Every
// instant of a window counts, as for a 24×7 agreement; for an agreement over service hours use
// EvaluateTimelineIn, or intersect both sets with Calendar.Working for EvaluateIntervals.
func (p BurnPolicy) EvaluateTimeline(tl Timeline, at time.Time) BurnEvaluation {
	return p.evaluate(timelineSource{tl}, at)
}

// EvaluateTimelineIn is EvaluateTimeline during cal's service hours: each window is the same
// wall-clock span ending at at, but only its scheduled time (cal's service hours inside it)
// counts:
//
//	burn rate = (Down ∩ scheduled) / ((Operational ∪ Degraded ∪ Down) ∩ scheduled) / budget fraction
//
// An outage outside service hours burns nothing, as it costs the agreement nothing, and a
// window that holds no scheduled time (a night, a weekend), or no data inside it, has no data
// and never fires. A nil or 24×7 calendar gives exactly EvaluateTimeline.
//
// Factors stay rates. The share of the budget that burning at Factor over a long window spends
// is Factor × S_w / S_p, with S_w the scheduled time in the window and S_p the period's (a
// 200-hour business month): BudgetPercent only when the window holds its wall-clock share of
// the period's service hours. Workbook30Day assumes a 30-day wall clock; with business hours a
// long window inside them holds more than that share (1 h is 1/200 of a 200-hour month, not
// 1/720), so its page-1h would fire only once 7.2 % of the budget, not 2 %, has burnt. For a
// budget over service hours build the policy over the period's scheduled time,
// NewBurnPolicy(objective, S_p, WorkbookAlerts()): a factor is then BudgetPercent/100 × S_p /
// Long (4 for page-1h over 200 h), and an alert fires by the time its share has burnt over a
// window wholly inside service hours, sooner over one that holds less service time (a long
// window longer than S_p is refused). The cost is that of expanding the calendar over each
// window, a few operations per day.
func (p BurnPolicy) EvaluateTimelineIn(tl Timeline, cal *Calendar, at time.Time) BurnEvaluation {
	if cal.AlwaysWorking() {
		return p.evaluate(timelineSource{tl}, at)
	}
	return p.evaluate(scheduledSource{tl: tl, cal: cal}, at)
}

// scheduledSource sums a timeline's sets inside the service hours of a window.
type scheduledSource struct {
	tl  Timeline
	cal *Calendar
}

func (s scheduledSource) sums(w Interval) (bad, obs int64) {
	in := s.tl.Window().Intersect(w)
	if in.Empty() {
		return 0, 0
	}
	for iv := range s.cal.WorkingIntervals(in) {
		bad += setTotalIn(s.tl.Intervals(Down), iv)
		obs += int64(iv.Duration()) - setTotalIn(s.tl.Intervals(NoData), iv) - setTotalIn(s.tl.Intervals(Maintenance), iv)
	}
	return bad, obs
}

// timelineSource sums a timeline's sets inside a window directly: O(log n + k) per window for k
// intervals inside it, with no allocation.
type timelineSource struct{ tl Timeline }

func (s timelineSource) sums(w Interval) (int64, int64) {
	in := s.tl.Window().Intersect(w)
	if in.Empty() {
		return 0, 0
	}
	bad := setTotalIn(s.tl.Intervals(Down), in)
	obs := int64(in.Duration()) - setTotalIn(s.tl.Intervals(NoData), in) - setTotalIn(s.tl.Intervals(Maintenance), in)
	return bad, obs
}

// setTotalIn is the length of the normalised set s inside w.
func setTotalIn(s IntervalSet, w Interval) int64 {
	i := sort.Search(len(s), func(k int) bool { return s[k].End.After(w.Start) })
	var sum int64
	for ; i < len(s) && s[i].Start.Before(w.End); i++ {
		sum += int64(s[i].Intersect(w).Duration())
	}
	return sum
}

// intervalSource answers window sums over normalised sets in O(log n) with prefix sums.
type intervalSource struct {
	bad, obs indexedSet
}

func newIntervalSource(bad, obs IntervalSet) intervalSource {
	return intervalSource{bad: newIndexedSet(bad), obs: newIndexedSet(obs)}
}

func (s intervalSource) sums(w Interval) (int64, int64) {
	return s.bad.total(w), s.obs.total(w)
}

type indexedSet struct {
	set    IntervalSet
	prefix []int64 // prefix[i] = total duration of set[:i]
}

func newIndexedSet(s IntervalSet) indexedSet {
	p := make([]int64, len(s)+1)
	for i, iv := range s {
		p[i+1] = p[i] + int64(iv.Duration())
	}
	return indexedSet{set: s, prefix: p}
}

// total is the length of the set inside w.
func (x indexedSet) total(w Interval) int64 {
	if w.Empty() {
		return 0
	}
	s := x.set
	i := sort.Search(len(s), func(k int) bool { return s[k].End.After(w.Start) })   // first ending after start
	j := sort.Search(len(s), func(k int) bool { return !s[k].Start.Before(w.End) }) // first starting at/after end
	if i >= j {
		return 0
	}
	sum := x.prefix[j] - x.prefix[i]
	if s[i].Start.Before(w.Start) {
		sum -= int64(w.Start.Sub(s[i].Start))
	}
	if s[j-1].End.After(w.End) {
		sum -= int64(s[j-1].End.Sub(w.End))
	}
	return sum
}

// CountSeries is a run of equal time slices with good and valid (total) event counts, for
// request-based objectives. A window counts the slices that lie wholly inside it, so evaluate at
// slice boundaries; near the start of the series a window holds only the slices observed so far,
// so its burn rate is the rate over that shorter span. A window shorter than one slice holds
// none and has no data, so an alert whose short window is shorter than the step never fires:
// hourly counts cannot drive the Workbook's 5-minute page; use a step that divides every window
// (one minute for WorkbookAlerts). Build one with NewCountSeries; immutable afterwards and safe for concurrent
// use. The zero value has no slices (every window has no data).
type CountSeries struct {
	start time.Time
	step  time.Duration
	good  []int64 // prefix sums, len n+1
	total []int64
}

// NewCountSeries validates the counts (0 ≤ good ≤ total for every slice; equal lengths; step
// > 0; the series plus one step no longer than a Duration holds) and indexes them. The slices
// are not retained.
func NewCountSeries(start time.Time, step time.Duration, good, total []int64) (CountSeries, error) {
	if step <= 0 {
		return CountSeries{}, fmt.Errorf("%w: slice length %s is not positive", ErrBadBurnPolicy, step)
	}
	if len(good) != len(total) {
		return CountSeries{}, fmt.Errorf("%w: %d good counts for %d total counts", ErrBadBurnPolicy, len(good), len(total))
	}
	// Backtest places a firing slot up to one step past the last slice.
	if n := int64(len(good)); int64(step) > (1<<63-1)/(n+1) {
		return CountSeries{}, fmt.Errorf("%w: %d slices of %s (and one more step) span more than a Duration holds", ErrBadBurnPolicy, n, step)
	}
	s := CountSeries{start: start, step: step, good: make([]int64, len(good)+1), total: make([]int64, len(good)+1)}
	for i := range good {
		if good[i] < 0 || total[i] < good[i] {
			return CountSeries{}, fmt.Errorf("%w: slice %d: need 0 ≤ good (%d) ≤ total (%d)", ErrBadBurnPolicy, i, good[i], total[i])
		}
		if s.total[i] > (1<<62)-total[i] {
			return CountSeries{}, fmt.Errorf("%w: slice %d: counts overflow", ErrBadBurnPolicy, i)
		}
		s.good[i+1] = s.good[i] + good[i]
		s.total[i+1] = s.total[i] + total[i]
	}
	return s, nil
}

// CountSeriesOf indexes slices as counted by TimelineSlices or collected per slice, starting at
// start, each step long.
func CountSeriesOf(start time.Time, step time.Duration, slices []SliceCount) (CountSeries, error) {
	good, total := make([]int64, len(slices)), make([]int64, len(slices))
	for i, c := range slices {
		good[i], total[i] = c.Good, c.Total
	}
	return NewCountSeries(start, step, good, total)
}

// Len is the number of slices.
func (s CountSeries) Len() int { return max(0, len(s.good)-1) }

// span returns the slice indexes [i, j) wholly inside w.
func (s CountSeries) span(w Interval) (int, int) {
	n := int64(s.Len())
	ceilDiv := func(d time.Duration) int64 {
		q := int64(d) / int64(s.step)
		if int64(d)%int64(s.step) > 0 {
			q++
		}
		return q
	}
	i := max(0, min(n, ceilDiv(w.Start.Sub(s.start))))
	j := max(0, min(n, floorDiv(int64(w.End.Sub(s.start)), int64(s.step))))
	if j < i {
		j = i
	}
	return int(i), int(j)
}

func (s CountSeries) sums(w Interval) (int64, int64) {
	if s.Len() == 0 || s.step <= 0 {
		return 0, 0
	}
	i, j := s.span(w)
	tot := s.total[j] - s.total[i]
	return tot - (s.good[j] - s.good[i]), tot
}

// EvaluateCounts evaluates the policy at instant at over good/valid event counts.
func (p BurnPolicy) EvaluateCounts(s CountSeries, at time.Time) BurnEvaluation {
	return p.evaluate(s, at)
}

// Backtest replays the policy at the end of every slice of s and returns, per alert in the
// policy's order, the time it would have been firing: the union of [end, end+step) for every
// slice end at which it fired. It is linear in the number of slices times alerts.
func (p BurnPolicy) Backtest(s CountSeries) []IntervalSet {
	ths := p.thresholds()
	out := make([]IntervalSet, len(p.Alerts))
	n := s.Len()
	if n == 0 {
		return out
	}
	errs := p.alertErrors()
	for a, al := range p.Alerts {
		if errs[a] != nil {
			continue // never fires; EvaluateCounts says why
		}
		lw := int(int64(al.Long) / int64(s.step)) // slices wholly inside a window ending on a boundary
		sw := int(int64(al.Short) / int64(s.step))
		th := ths[a]
		var fires []Interval
		runStart := -1
		for k := 1; k <= n; k++ { // evaluate at the end of slice k−1
			li, si := max(0, k-lw), max(0, k-sw)
			lt := s.total[k] - s.total[li]
			st := s.total[k] - s.total[si]
			hit := th.reaches(lt-(s.good[k]-s.good[li]), lt) && th.reaches(st-(s.good[k]-s.good[si]), st)
			switch {
			case hit && runStart < 0:
				runStart = k
			case !hit && runStart >= 0:
				fires = append(fires, s.slot(runStart, k))
				runStart = -1
			}
		}
		if runStart >= 0 {
			fires = append(fires, s.slot(runStart, n+1))
		}
		out[a] = IntervalSet(fires) // built in order, disjoint, non-touching: normalised
	}
	return out
}

func (s CountSeries) slot(from, to int) Interval {
	return Interval{Start: s.start.Add(time.Duration(from) * s.step), End: s.start.Add(time.Duration(to) * s.step)}
}
