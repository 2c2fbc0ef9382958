package sla

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/interval"
)

func rats(t interface {
	Helper()
	Fatalf(string, ...any)
}, ss ...string) []Ratio {
	t.Helper()
	out := make([]Ratio, len(ss))
	for i, s := range ss {
		out[i] = mustRat(t, s)
	}
	return out
}

// C1: a serial chain of eight components.
func TestSerialC1(t *testing.T) {
	got, err := Serial(rats(t, "99.99", "99.99", "99.95", "99.9", "99.995", "99.9", "99.99", "99.9")...)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("99.615", got.FloorString(3)); diff != "" {
		t.Errorf("C1 shown (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff("99.61557", got.FloorString(5)); diff != "" {
		t.Errorf("C1 (-want +got):\n%s", diff)
	}
}

// C2: two independent 99.5 % components, serial vs parallel; C3: 2-of-3 at 99 %.
func TestCompositeC2C3(t *testing.T) {
	s, err := Serial(rats(t, "99.5", "99.5")...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parallel(rats(t, "99.5", "99.5")...)
	if err != nil {
		t.Fatal(err)
	}
	k, err := KOfN(2, rats(t, "99", "99", "99")...)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"99.0025", "99.9975", "99.9702"}, []string{s.String(), p.String(), k.String()}); diff != "" {
		t.Errorf("C2/C3 (-want +got):\n%s", diff)
	}
}

func TestCompositeBadInput(t *testing.T) {
	if _, err := Serial(); !errors.Is(err, ErrBadComposite) {
		t.Errorf("empty serial: %v", err)
	}
	if _, err := Parallel(rats(t, "100.5")...); !errors.Is(err, ErrBadComposite) {
		t.Errorf("above 100: %v", err)
	}
	if _, err := KOfN(0, rats(t, "99")...); !errors.Is(err, ErrBadComposite) {
		t.Errorf("k = 0: %v", err)
	}
	if _, err := KOfN(2, rats(t, "99")...); !errors.Is(err, ErrBadComposite) {
		t.Errorf("k > n: %v", err)
	}
	if _, err := CompositeAttainment(nil); !errors.Is(err, ErrBadComposite) {
		t.Errorf("empty composite: %v", err)
	}
	if _, err := CompositeAttainment([]WeightedAttainment{{Name: "a", Attainment: IntRatio(95)}}); !errors.Is(err, ErrBadComposite) {
		t.Errorf("zero weight: %v", err)
	}
	if _, err := CompositeAttainment([]WeightedAttainment{{Name: "a", Attainment: IntRatio(101), Weight: IntRatio(1)}}); !errors.Is(err, ErrBadComposite) {
		t.Errorf("attainment above 100: %v", err)
	}
	tl := outageTimeline(t, "10:00-11:00")
	if _, err := AllOf().Compose(); !errors.Is(err, ErrBadComposite) {
		t.Errorf("no timelines: %v", err)
	}
	if _, err := (Quorum{Threshold: 1, Weights: []int64{0}}).Compose(tl); !errors.Is(err, ErrBadComposite) {
		t.Errorf("zero weight: %v", err)
	}
	if _, err := (Quorum{Threshold: 1, Weights: []int64{1, 1}}).Compose(tl); !errors.Is(err, ErrBadComposite) {
		t.Errorf("weights/components mismatch: %v", err)
	}
	if _, err := KOfNTimeline(3).Compose(tl, tl); !errors.Is(err, ErrBadComposite) {
		t.Errorf("unreachable quorum: %v", err)
	}
	other, _ := TimelineFromOutages(interval.Interval{Start: c4Day, End: c4Day.Add(time.Hour)}, nil)
	if _, err := AllOf().Compose(tl, other); !errors.Is(err, ErrBadComposite) {
		t.Errorf("different windows: %v", err)
	}
}

var c4Day = time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)

// outageTimeline builds a one-day timeline with outages given as "HH:MM-HH:MM".
func outageTimeline(t interface {
	Helper()
	Fatalf(string, ...any)
}, outages ...string) Timeline {
	t.Helper()
	var ivs []interval.Interval
	for _, o := range outages {
		var h1, m1, h2, m2 int
		if _, err := fmtSscanf(o, &h1, &m1, &h2, &m2); err != nil {
			t.Fatalf("outage %q: %v", o, err)
		}
		ivs = append(ivs, interval.Interval{Start: c4Day.Add(time.Duration(h1)*time.Hour + time.Duration(m1)*time.Minute), End: c4Day.Add(time.Duration(h2)*time.Hour + time.Duration(m2)*time.Minute)})
	}
	tl, err := TimelineFromOutages(interval.Interval{Start: c4Day, End: c4Day.Add(24 * time.Hour)}, ivs)
	if err != nil {
		t.Fatalf("timeline: %v", err)
	}
	return tl
}

func downString(tl Timeline) []string {
	var out []string
	for _, iv := range tl.Intervals(Down) {
		out = append(out, iv.Start.Format("15:04")+"-"+iv.End.Format("15:04"))
	}
	return out
}

// C4: parent needing both children, and parent needing either.
func TestTimelineCompositeC4(t *testing.T) {
	a := outageTimeline(t, "10:00-11:00")
	b := outageTimeline(t, "10:30-12:00")
	all, err := AllOf().Compose(a, b)
	if err != nil {
		t.Fatal(err)
	}
	anyOf, err := AnyOf().Compose(a, b)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]string{"10:00-12:00"}, downString(all)); diff != "" {
		t.Errorf("C4 all-of (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff([]string{"10:30-11:00"}, downString(anyOf)); diff != "" {
		t.Errorf("C4 any-of (-want +got):\n%s", diff)
	}
	if all.Total(Down) != 2*time.Hour || anyOf.Total(Down) != 30*time.Minute {
		t.Errorf("C4 totals %s %s", all.Total(Down), anyOf.Total(Down))
	}
}

// Weighted quorum: A weighs 3, B and C 1 each, threshold 3: A alone suffices, B and C together
// do not. With a degraded A and healthy B, C the parent is degraded.
func TestWeightedQuorum(t *testing.T) {
	win := interval.Interval{Start: c4Day, End: c4Day.Add(24 * time.Hour)}
	at := func(h int) time.Time { return c4Day.Add(time.Duration(h) * time.Hour) }
	a, _ := TimelineFromIntervals(win, []StatusInterval{
		{interval.Interval{Start: at(1), End: at(2)}, Down},
		{interval.Interval{Start: at(5), End: at(6)}, Degraded},
		{interval.Interval{Start: at(8), End: at(9)}, NoData},
		{interval.Interval{Start: at(12), End: at(13)}, Maintenance},
	}, WithFill(Operational))
	b := outageTimeline(t, "03:00-04:00", "12:00-14:00")
	c := outageTimeline(t, "03:00-04:00")
	p, err := (Quorum{Weights: []int64{3, 1, 1}, Threshold: 3}).Compose(a, b, c)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for seg := range p.Segments() {
		got = append(got, seg.Start.Format("15")+"-"+seg.End.Format("15")+" "+seg.Status.String())
	}
	want := []string{"00-01 operational", "01-02 down", "02-05 operational", "05-06 degraded", "06-08 operational",
		"08-09 no data", "09-12 operational", "12-13 maintenance", "13-00 operational"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("weighted quorum (-want +got):\n%s", diff)
	}
}

// serial ≤ every component ≤ parallel; k-of-n between; KOfN(n) = Serial, KOfN(1) = Parallel;
// KOfN falls as k rises.
func testProbabilityComposites(t *rapid.T) {
	n := rapid.IntRange(1, 6).Draw(t, "n")
	avail := make([]Ratio, n)
	for i := range avail {
		avail[i], _ = RatioOf(rapid.Int64Range(0, 100000).Draw(t, "a"), 1000)
	}
	s, err := Serial(avail...)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parallel(avail...)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range avail {
		if s.Cmp(a) > 0 || p.Cmp(a) < 0 {
			t.Fatalf("serial %s, parallel %s, component %s", s, p, a)
		}
	}
	prev := p
	for k := 1; k <= n; k++ {
		x, err := KOfN(k, avail...)
		if err != nil {
			t.Fatal(err)
		}
		if x.Cmp(s) < 0 || x.Cmp(p) > 0 || x.Cmp(prev) > 0 {
			t.Fatalf("%d-of-%d %s outside [%s, %s] or above %d-of-n %s", k, n, x, s, p, k-1, prev)
		}
		if k == 1 && !x.Equal(p) || k == n && !x.Equal(s) {
			t.Fatalf("%d-of-%d %s is not serial %s / parallel %s", k, n, x, s, p)
		}
		prev = x
	}
}

func TestProbabilityComposites(t *testing.T) { rapid.Check(t, testProbabilityComposites) }
func FuzzProbabilityComposites(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testProbabilityComposites)) }

var genStatus = rapid.SampledFrom([]Status{Operational, Degraded, Down, NoData, Maintenance})

func genTimeline(t *rapid.T, label string, win interval.Interval) Timeline {
	n := rapid.IntRange(0, 8).Draw(t, label+".n")
	var ivs []StatusInterval
	for range n {
		s := rapid.IntRange(0, 47).Draw(t, label+".start")
		l := rapid.IntRange(1, 10).Draw(t, label+".len")
		ivs = append(ivs, StatusInterval{interval.Interval{Start: win.Start.Add(time.Duration(s) * 30 * time.Minute), End: win.Start.Add(time.Duration(s+l) * 30 * time.Minute)}, genStatus.Draw(t, label+".status")})
	}
	tl, err := TimelineFromIntervals(win, ivs, WithFill(Operational))
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

var statusRank = map[Status]int{Operational: 0, Degraded: 1, NoData: 2, Maintenance: 3, Down: 4}

// Quorum is monotone: making one component worse anywhere never makes the parent better.
// All-of's down time covers every component's; any-of's down time is inside every component's.
func testQuorumMonotone(t *rapid.T) {
	win := interval.Interval{Start: c4Day, End: c4Day.Add(24 * time.Hour)}
	n := rapid.IntRange(1, 4).Draw(t, "n")
	comps := make([]Timeline, n)
	for i := range comps {
		comps[i] = genTimeline(t, "c", win)
	}
	weights := make([]int64, n)
	var total int64
	for i := range weights {
		weights[i] = rapid.Int64Range(1, 5).Draw(t, "w")
		total += weights[i]
	}
	q := Quorum{Weights: weights, Threshold: rapid.Int64Range(1, total).Draw(t, "threshold")}
	base, err := q.Compose(comps...)
	if err != nil {
		t.Fatal(err)
	}
	// Worsen component 0 to Down over a random span.
	s := rapid.IntRange(0, 47).Draw(t, "ws")
	worse := interval.Interval{Start: win.Start.Add(time.Duration(s) * 30 * time.Minute), End: win.Start.Add(time.Duration(s+4) * 30 * time.Minute)}
	var ivs []StatusInterval
	for seg := range comps[0].Segments() {
		ivs = append(ivs, seg)
	}
	ivs = append(ivs, StatusInterval{worse, Down})
	w0, err := TimelineFromIntervals(win, ivs)
	if err != nil {
		t.Fatal(err)
	}
	comps2 := append([]Timeline{w0}, comps[1:]...)
	after, err := q.Compose(comps2...)
	if err != nil {
		t.Fatal(err)
	}
	for m := 0; m < 48; m++ {
		x := win.Start.Add(time.Duration(m)*30*time.Minute + time.Minute)
		b, a := base.StatusAt(x), after.StatusAt(x)
		if statusRank[a] < statusRank[b] {
			t.Fatalf("at %s parent went from %s to %s when a component got worse", x.Format("15:04"), b, a)
		}
	}
	all, _ := AllOf().Compose(comps...)
	anyOf, _ := AnyOf().Compose(comps...)
	for _, c := range comps {
		if len(interval.Difference(c.Intervals(Down), all.Intervals(Down))) != 0 {
			t.Fatalf("all-of misses a component's down time")
		}
		if len(interval.Difference(anyOf.Intervals(Down), c.Intervals(Down))) != 0 {
			t.Fatalf("any-of is down while a component is not")
		}
	}
}

func TestQuorumMonotone(t *testing.T) { rapid.Check(t, testQuorumMonotone) }
func FuzzQuorumMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testQuorumMonotone)) }

// O3: two ratio-timeslice objectives each averaging 95 %, equal weights: 90 %.
func TestCompositeAttainmentO3(t *testing.T) {
	got, err := CompositeAttainment([]WeightedAttainment{
		{Name: "search", Attainment: IntRatio(95), Weight: IntRatio(1)},
		{Name: "checkout", Attainment: IntRatio(95), Weight: IntRatio(1)},
	})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("90", got.String()); diff != "" {
		t.Errorf("O3 (-want +got):\n%s", diff)
	}
	// Weights 2 : 1 count the lighter component's miss half: 100 − 5 − 2.5.
	got, _ = CompositeAttainment([]WeightedAttainment{
		{Name: "search", Attainment: IntRatio(95), Weight: IntRatio(2)},
		{Name: "checkout", Attainment: IntRatio(95), Weight: IntRatio(1)},
	})
	if diff := cmp.Diff("92.5", got.String()); diff != "" {
		t.Errorf("weighted (-want +got):\n%s", diff)
	}
	got, _ = CompositeAttainment([]WeightedAttainment{
		{Name: "a", Attainment: IntRatio(40), Weight: IntRatio(1)},
		{Name: "b", Attainment: IntRatio(30), Weight: IntRatio(1)},
	})
	if !got.IsZero() {
		t.Errorf("misses above 100 %% give %s, want 0", got)
	}
}

func fmtSscanf(s string, h1, m1, h2, m2 *int) (int, error) {
	return fmt.Sscanf(s, "%d:%d-%d:%d", h1, m1, h2, m2)
}

func TestQuorumNegativeThreshold(t *testing.T) {
	tl := outageTimeline(t, "10:00-11:00")
	if _, err := (Quorum{Threshold: -1}).Compose(tl); !errors.Is(err, ErrBadComposite) {
		t.Errorf("negative threshold: %v", err)
	}
}

// B1: a threshold of 0 was the zero Quorum, which Compose read as the total weight, so
// KOfNTimeline(0) silently meant all-of: A down 00:00–01:00 and B down 02:00–03:00 gave a parent
// down 2 h with no error. Every path to a threshold of 0 (or below) is now refused, as KOfN(0, …)
// is; all-of is said only with AllOf, weighted or not.
func TestQuorumZeroThresholdIsNotAllOf(t *testing.T) {
	a := outageTimeline(t, "00:00-01:00")
	b := outageTimeline(t, "02:00-03:00")
	for name, q := range map[string]Quorum{
		"KOfNTimeline(0)":        KOfNTimeline(0),
		"KOfNTimeline(-1)":       KOfNTimeline(-1),
		"zero Quorum":            {},
		"weights, no threshold":  {Weights: []int64{2, 1}},
		"AllOf with a threshold": func() Quorum { q := AllOf(); q.Threshold = 1; return q }(),
	} {
		if p, err := q.Compose(a, b); !errors.Is(err, ErrBadComposite) {
			t.Errorf("%s: %v down, err %v; want ErrBadComposite", name, p.Total(Down), err)
		}
	}
	if _, err := KOfN(0, rats(t, "99", "99")...); !errors.Is(err, ErrBadComposite) {
		t.Errorf("KOfN(0): %v", err)
	}
	// All-of, plain and weighted, is 2 h down; 1 of 2 is never down.
	weighted := AllOf()
	weighted.Weights = []int64{2, 1}
	for name, tc := range map[string]struct {
		q    Quorum
		down time.Duration
	}{
		"AllOf":           {AllOf(), 2 * time.Hour},
		"weighted AllOf":  {weighted, 2 * time.Hour},
		"KOfNTimeline(2)": {KOfNTimeline(2), 2 * time.Hour},
		"KOfNTimeline(1)": {KOfNTimeline(1), 0},
	} {
		p, err := tc.q.Compose(a, b)
		if err != nil || p.Total(Down) != tc.down {
			t.Errorf("%s: %v down, err %v; want %v", name, p.Total(Down), err, tc.down)
		}
	}
	// Weights whose total would overflow are refused, not wrapped around.
	many := make([]int64, 1<<22+1)
	for i := range many {
		many[i] = maxQuorumWeight
	}
	if _, _, err := (Quorum{Weights: many, Threshold: 1}).weights(len(many)); !errors.Is(err, ErrBadComposite) {
		t.Errorf("total weight above 2^62: %v", err)
	}
}
