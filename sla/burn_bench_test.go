package sla

import (
	"sort"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
)

const yearMinutes = 365 * 24 * 60

// yearOfMinutes is one year of one-minute slices of 1,000 requests, with bursts of errors: a
// fixed pseudo-random sequence so every run measures the same data.
func yearOfMinutes() (good, total []int64) {
	good, total = make([]int64, yearMinutes), make([]int64, yearMinutes)
	x := uint64(0x9E3779B97F4A7C15)
	burst := 0
	for i := range good {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
		total[i] = 1000
		good[i] = 1000 - int64(x%2) // background: a failure every other minute
		if x%5000 == 0 {
			burst = int(x % 240) // an incident of up to 4 hours
		}
		if burst > 0 {
			good[i] -= int64(x % 200)
			burst--
		}
	}
	return good, total
}

// BenchmarkBurnBacktestYear replays the 30-day Workbook policy (4 alerts, 8 windows) at the end
// of every one-minute slice of a year: indexing the counts, then 525,600 evaluations per alert
// with exact thresholds.
func BenchmarkBurnBacktestYear(b *testing.B) {
	good, total := yearOfMinutes()
	p, err := Workbook30Day(mustTarget(b, "99.9"))
	if err != nil {
		b.Fatal(err)
	}
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	b.ReportAllocs()
	fired := 0
	for b.Loop() {
		s, err := NewCountSeries(start, time.Minute, good, total)
		if err != nil {
			b.Fatal(err)
		}
		fires := p.Backtest(s)
		fired = len(fires[0])
	}
	b.ReportMetric(float64(fired), "page-1h-runs")
}

// BenchmarkBurnBacktestYearFloor is the bare work underneath: prefix sums of the same counts and,
// for the same 4 alerts at every minute, two window differences compared against an integer
// threshold — no validation, no exact arithmetic, no result sets.
func BenchmarkBurnBacktestYearFloor(b *testing.B) {
	good, total := yearOfMinutes()
	b.ReportAllocs()
	fired := 0
	for b.Loop() {
		fired = floorFiringMinutes(good, total)
	}
	b.ReportMetric(float64(fired), "firing-minutes")
}

// floorFiringMinutes counts, for the Workbook 30-day alerts at 99.9 %, the minutes at whose end
// each alert fires, summed over the alerts, with plain integer arithmetic.
func floorFiringMinutes(good, total []int64) int {
	windows := [4][2]int{{60, 5}, {360, 30}, {1440, 120}, {4320, 360}}
	// burn ≥ factor ⟺ bad/total ≥ factor × 0.001 ⟺ bad·1e6 ≥ (factor·1e3)·total.
	nums := [4]int64{14400, 6000, 3000, 1000}
	pg := make([]int64, len(good)+1)
	pt := make([]int64, len(good)+1)
	for i := range good {
		pg[i+1] = pg[i] + good[i]
		pt[i+1] = pt[i] + total[i]
	}
	fired := 0
	for a, w := range windows {
		for k := 1; k <= len(good); k++ {
			li, si := max(0, k-w[0]), max(0, k-w[1])
			lt, st := pt[k]-pt[li], pt[k]-pt[si]
			lb, sb := lt-(pg[k]-pg[li]), st-(pg[k]-pg[si])
			if lt > 0 && st > 0 && lb*1_000_000 >= nums[a]*lt && sb*1_000_000 >= nums[a]*st {
				fired++
			}
		}
	}
	return fired
}

// The backtest over a year agrees minute for minute in total with the plain integer floor.
func TestBacktestYearAgreesWithFloor(t *testing.T) {
	good, total := yearOfMinutes()
	p, err := Workbook30Day(mustTarget(t, "99.9"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := NewCountSeries(time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), time.Minute, good, total)
	if err != nil {
		t.Fatal(err)
	}
	var sum time.Duration
	for _, f := range p.Backtest(s) {
		sum += f.Total()
	}
	if got, want := int(sum/time.Minute), floorFiringMinutes(good, total); got != want || want != 81478 {
		t.Errorf("backtest fires %d minutes, floor %d (pinned 81478)", got, want)
	}
}

// BenchmarkBurnEvaluateTimeline evaluates the policy once at one instant, with exact burn rates
// and explanations, over a year-long timeline of 20,000 outages.
func BenchmarkBurnEvaluateTimeline(b *testing.B) {
	p, err := Workbook30Day(mustTarget(b, "99.9"))
	if err != nil {
		b.Fatal(err)
	}
	tl, at := yearTimeline(b)
	b.ReportAllocs()
	for b.Loop() {
		_ = p.EvaluateTimeline(tl, at)
	}
}

// BenchmarkBurnEvaluateTimelineFloor is the bare search underneath: for the same eight windows,
// a binary search into the down intervals and a sum of their overlap, no exact arithmetic and no
// explanations.
func BenchmarkBurnEvaluateTimelineFloor(b *testing.B) {
	tl, at := yearTimeline(b)
	down := tl.Intervals(Down)
	windows := []time.Duration{time.Hour, 5 * time.Minute, 6 * time.Hour, 30 * time.Minute, day, 2 * time.Hour, 3 * day, 6 * time.Hour}
	b.ReportAllocs()
	var sum time.Duration
	for b.Loop() {
		sum = 0
		for _, w := range windows {
			from := at.Add(-w)
			i := sort.Search(len(down), func(k int) bool { return down[k].End.After(from) })
			for ; i < len(down) && down[i].Start.Before(at); i++ {
				s, e := down[i].Start, down[i].End
				if s.Before(from) {
					s = from
				}
				if e.After(at) {
					e = at
				}
				sum += e.Sub(s)
			}
		}
	}
	_ = sum
}

func yearTimeline(b *testing.B) (Timeline, time.Time) {
	b.Helper()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	w := yearWindow(start)
	var outages []StatusInterval
	x := uint64(42)
	for range 20000 {
		x = x*6364136223846793005 + 1442695040888963407
		s := start.Add(time.Duration(x>>20%uint64(yearMinutes)) * time.Minute)
		outages = append(outages, StatusInterval{intervalOf(s, s.Add(time.Duration(1+x>>50%30)*time.Minute)), Down})
	}
	tl, err := TimelineFromIntervals(w, outages, WithFill(Operational))
	if err != nil {
		b.Fatal(err)
	}
	return tl, start.Add(200 * day)
}

func yearWindow(start time.Time) interval.Interval { return intervalOf(start, start.Add(365*day)) }

func intervalOf(s, e time.Time) interval.Interval { return interval.Interval{Start: s, End: e} }
