package sla

import (
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/internal/interval"
	"pgregory.net/rapid"
)

// genIntervals draws up to n intervals around window w, some reaching outside it.
func genIntervals(t *rapid.T, w interval.Interval, n int, label string) []interval.Interval {
	span := int64(w.Duration()/time.Second) + 1
	k := rapid.IntRange(0, n).Draw(t, label+"Count")
	out := make([]interval.Interval, 0, k)
	for range k {
		s := rapid.Int64Range(-span/10, span).Draw(t, label+"Start")
		l := int64(genSpan(t, 30*time.Hour, label+"Len") / time.Second)
		start := w.Start.Add(time.Duration(s) * time.Second)
		out = append(out, interval.Interval{Start: start, End: start.Add(time.Duration(l) * time.Second)})
	}
	return out
}

func genPolicy(t *rapid.T) Policy {
	loss := []exact.Rat{exact.FromInt(0), exact.FromInt(1)}
	if h, err := exact.FromRatio(1, 2); err == nil {
		loss = append(loss, h)
	}
	return Policy{
		Maintenance:  MaintenancePolicy(rapid.IntRange(0, 3).Draw(t, "maintenance")),
		NoData:       NoDataPolicy(rapid.IntRange(0, 3).Draw(t, "nodata")),
		DegradedLoss: rapid.SampledFrom(loss).Draw(t, "loss"),
	}
}

type availabilityCase struct {
	loc         *time.Location
	cal         *Calendar
	window      interval.Interval
	outages     []interval.Interval
	maintenance []interval.Interval
	overlays    []StatusInterval
	policy      Policy
}

func genAvailabilityCase(t *rapid.T) availabilityCase {
	loc := genZone(t)
	start := genInstant(t, loc, "start")
	w := interval.Interval{Start: start, End: start.Add(time.Hour + genSpan(t, 40*24*time.Hour, "window"))}
	c := availabilityCase{loc: loc, cal: genCalendar(t, loc, DateOf(start, loc)), window: w, policy: genPolicy(t)}
	if rapid.Bool().Draw(t, "effective") {
		c.policy.Effective = start.Add(genSpan(t, 10*24*time.Hour, "effectiveAfter"))
	}
	c.outages = genIntervals(t, w, 12, "outage")
	c.maintenance = genIntervals(t, w, 2, "maint")
	for _, iv := range genIntervals(t, w, 4, "overlay") {
		c.overlays = append(c.overlays, StatusInterval{iv, rapid.SampledFrom([]Status{Degraded, NoData, Operational}).Draw(t, "overlayStatus")})
	}
	return c
}

func (c availabilityCase) timeline(t *rapid.T, outages []interval.Interval) Timeline {
	tl, err := TimelineFromOutages(c.window, outages, WithMaintenance(c.maintenance...), WithIntervals(c.overlays...))
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

func (c availabilityCase) report(t *rapid.T, tl Timeline, w interval.Interval) Report {
	r, err := Availability(tl, c.cal, w, c.policy)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// testAvailabilityBounds: results lie in [0, 100]; the parts add up to the scheduled time;
// the timeline partitions its window.
func testAvailabilityBounds(t *rapid.T) {
	c := genAvailabilityCase(t)
	tl := c.timeline(t, c.outages)
	var total time.Duration
	var all []interval.Interval
	for _, s := range statuses {
		if !interval.IsNormalized(tl.Intervals(s)) {
			t.Fatalf("%s set not normalised", s)
		}
		total += tl.Total(s)
		all = append(all, tl.Intervals(s)...)
	}
	if total != c.window.Duration() || interval.Normalize(all).Total() != total {
		t.Fatalf("timeline does not partition its window: %s of %s", total, c.window.Duration())
	}
	r := c.report(t, tl, c.window)
	if r.Known && (r.Availability.Sign() < 0 || r.Availability.Cmp(hundred) > 0) {
		t.Fatalf("availability %s outside [0, 100]", r.Availability)
	}
	if r.Known != (r.Counted > 0) {
		t.Fatalf("known %v with counted %s", r.Known, r.Counted)
	}
	if sum := r.BeforeEffective + r.Up + r.Degraded + r.Down + r.NoData + r.Maintenance; sum != r.Scheduled {
		t.Fatalf("parts %s != scheduled %s", sum, r.Scheduled)
	}
	if r.Known && r.Availability.Equal(hundred) != r.Lost.IsZero() {
		t.Fatalf("100 %% with loss %s", r.Lost)
	}
	if r.Known && r.Format(2) == "100.00%" && !r.Lost.IsZero() {
		t.Fatalf("shown as 100 %% with loss %s", r.Lost)
	}
}

func TestAvailabilityBounds(t *testing.T) { rapid.Check(t, testAvailabilityBounds) }
func FuzzAvailabilityBounds(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testAvailabilityBounds)) }

// testOutageNeverRaises: one more outage never raises availability.
func testOutageNeverRaises(t *rapid.T) {
	c := genAvailabilityCase(t)
	before := c.report(t, c.timeline(t, c.outages), c.window)
	extra := genIntervals(t, c.window, 1, "extra")
	after := c.report(t, c.timeline(t, append(append([]interval.Interval(nil), c.outages...), extra...)), c.window)
	if before.Known && after.Known && after.Availability.Cmp(before.Availability) > 0 {
		t.Fatalf("outage raised availability %s → %s", before.Availability, after.Availability)
	}
	if after.Down < before.Down {
		t.Fatalf("outage lowered downtime %s → %s", before.Down, after.Down)
	}
}

func TestOutageNeverRaises(t *testing.T) { rapid.Check(t, testOutageNeverRaises) }
func FuzzOutageNeverRaises(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testOutageNeverRaises)) }

// testMergeIdempotent: giving the outages twice, or rebuilding from the merged set, changes
// nothing; the input slice is not modified.
func testMergeIdempotent(t *rapid.T) {
	c := genAvailabilityCase(t)
	orig := append([]interval.Interval(nil), c.outages...)
	tl := c.timeline(t, c.outages)
	for k := range orig {
		if orig[k] != c.outages[k] {
			t.Fatal("input outages modified")
		}
	}
	twice := c.timeline(t, append(append([]interval.Interval(nil), c.outages...), c.outages...))
	if !tl.Equal(twice) {
		t.Fatal("outages given twice give another timeline")
	}
	plain, _ := TimelineFromOutages(c.window, c.outages)
	again, err := TimelineFromOutages(c.window, plain.Intervals(Down))
	if err != nil || !plain.Equal(again) {
		t.Fatal("rebuilding from the merged outages changes the timeline")
	}
	var segs []StatusInterval
	for s := range tl.Segments() {
		if len(segs) > 0 && (!segs[len(segs)-1].End.Equal(s.Start) || segs[len(segs)-1].Status == s.Status) {
			t.Fatalf("segments not consecutive or not maximal at %s", s.Start)
		}
		if tl.StatusAt(s.Start) != s.Status {
			t.Fatalf("StatusAt(%s) = %s, segment says %s", s.Start, tl.StatusAt(s.Start), s.Status)
		}
		segs = append(segs, s)
	}
	back, err := TimelineFromIntervals(c.window, segs)
	if err != nil || !back.Equal(tl) {
		t.Fatal("segments do not rebuild the timeline")
	}
}

func TestMergeIdempotent(t *testing.T) { rapid.Check(t, testMergeIdempotent) }
func FuzzMergeIdempotent(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testMergeIdempotent)) }

// testSplitWindow: splitting the window at any instant and recombining the parts by counted
// time gives exactly the whole window's figure.
func testSplitWindow(t *rapid.T) {
	c := genAvailabilityCase(t)
	tl := c.timeline(t, c.outages)
	cut := c.window.Start.Add(time.Duration(rapid.Int64Range(0, int64(c.window.Duration()/time.Second)).Draw(t, "cut")) * time.Second)
	whole := c.report(t, tl, c.window)
	a := c.report(t, tl, interval.Interval{Start: c.window.Start, End: cut})
	b := c.report(t, tl, interval.Interval{Start: cut, End: c.window.End})
	if a.Scheduled+b.Scheduled != whole.Scheduled || a.Counted+b.Counted != whole.Counted {
		t.Fatalf("scheduled %s+%s != %s or counted %s+%s != %s", a.Scheduled, b.Scheduled, whole.Scheduled, a.Counted, b.Counted, whole.Counted)
	}
	if !a.Lost.Add(b.Lost).Equal(whole.Lost) {
		t.Fatalf("lost %s + %s != %s", a.Lost, b.Lost, whole.Lost)
	}
	if whole.Known {
		good := a.Good().Add(b.Good()).MulInt(100)
		combined, err := good.QuoInt(int64(a.Counted + b.Counted))
		if err != nil || !combined.Equal(whole.Availability) {
			t.Fatalf("recombined %s != whole %s", combined, whole.Availability)
		}
	}
}

func TestSplitWindow(t *testing.T) { rapid.Check(t, testSplitWindow) }
func FuzzSplitWindow(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSplitWindow)) }

// testAvailabilityZoneIndependent: the figure depends neither on the zone the inputs are
// written in nor on the machine's zone.
func testAvailabilityZoneIndependent(t *rapid.T) {
	c := genAvailabilityCase(t)
	want := c.report(t, c.timeline(t, c.outages), c.window)
	other := genZone(t)
	saved := time.Local
	time.Local = other
	defer func() { time.Local = saved }()
	moved := make([]interval.Interval, len(c.outages))
	for k, o := range c.outages {
		moved[k] = interval.Interval{Start: o.Start.In(other), End: o.End.In(time.Local)}
	}
	w := interval.Interval{Start: c.window.Start.In(other), End: c.window.End.In(other)}
	tl, err := TimelineFromOutages(w, moved, WithMaintenance(c.maintenance...), WithIntervals(c.overlays...))
	if err != nil {
		t.Fatal(err)
	}
	got := c.report(t, tl, w)
	if got.Known != want.Known || !got.Availability.Equal(want.Availability) || got.Counted != want.Counted || !got.Lost.Equal(want.Lost) {
		t.Fatalf("figure depends on zones: %s vs %s", got.Availability, want.Availability)
	}
}

func TestAvailabilityZoneIndependent(t *testing.T) { rapid.Check(t, testAvailabilityZoneIndependent) }
func FuzzAvailabilityZoneIndependent(f *testing.F) {
	f.Fuzz(rapid.MakeFuzz(testAvailabilityZoneIndependent))
}
