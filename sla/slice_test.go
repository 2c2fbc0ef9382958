package sla

import (
	"errors"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/interval"
)

func uniformSlices(n int, good, total int64) []SliceCount {
	out := make([]SliceCount, n)
	for i := range out {
		out[i] = SliceCount{Good: good, Total: total}
	}
	return out
}

// O1: a calendar week of one-minute slices at 99.95 % has 10,080 slices and a budget of 5.04
// bad slices, fixed from the first slice on.
func TestTimeSlicesO1(t *testing.T) {
	o := SLO{Method: TimeSlices, Objective: mustTarget(t, "99.95"), SliceTarget: mustTarget(t, "99")}
	obs := uniformSlices(60, 100, 100)
	obs[10] = SliceCount{Good: 98, Total: 100} // below the 99 % slice target
	obs[11] = SliceCount{Good: 99, Total: 100} // exactly at it: good
	obs[12] = SliceCount{}                     // no events: good
	r, err := o.Evaluate(CalendarWindow, obs, 7*24*60)
	if err != nil {
		t.Fatal(err)
	}
	got := []string{itoa64(int64(r.Slices)), r.Budget.Allowed.String(), itoa64(r.BadSlices), r.Budget.Remaining.String(), r.Attainment.FloorString(4)}
	if diff := cmp.Diff([]string{"10080", "5.04", "1", "4.04", "99.9900"}, got); diff != "" {
		t.Errorf("O1 (-want +got):\n%s", diff)
	}
}

// O2: two weeks rolling, one-minute slices, 95 %: 20,160 slices; 1,008 bad slices exhaust the
// budget.
func TestTimeSlicesO2(t *testing.T) {
	o := SLO{Method: TimeSlices, Objective: mustTarget(t, "95"), SliceTarget: mustTarget(t, "90")}
	obs := uniformSlices(14*24*60, 10, 10)
	for i := range 1008 {
		obs[i*20] = SliceCount{Good: 8, Total: 10}
	}
	r, err := o.Evaluate(RollingWindow, obs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if r.Slices != 20160 || r.BadSlices != 1008 || !r.Budget.Exhausted || !r.Budget.Remaining.IsZero() || r.Attainment.String() != "95" {
		t.Errorf("O2: %d slices, %d bad, exhausted %v, remaining %s, attainment %s", r.Slices, r.BadSlices, r.Budget.Exhausted, r.Budget.Remaining, r.Attainment)
	}
}

// The three methods disagree on the same data, each by its written rule.
func TestBudgetingMethods(t *testing.T) {
	obs := []SliceCount{{Good: 2, Total: 4}, {Good: 10, Total: 10}, {Good: 99, Total: 100}, {Good: 0, Total: 0}}
	tg := mustTarget(t, "95")
	occ, err := SLO{Method: Occurrences, Objective: tg}.Evaluate(RollingWindow, obs, 0)
	if err != nil {
		t.Fatal(err)
	}
	ts, err := SLO{Method: TimeSlices, Objective: tg, SliceTarget: mustTarget(t, "95")}.Evaluate(RollingWindow, obs, 4)
	if err != nil {
		t.Fatal(err)
	}
	rts, err := SLO{Method: RatioTimeSlices, Objective: tg}.Evaluate(RollingWindow, obs, 0)
	if err != nil {
		t.Fatal(err)
	}
	// occurrences 111/114; slices 3/4 good; ratio slices mean(0.5, 1, 0.99, 1) = 0.8725.
	got := []string{occ.Attainment.FloorString(4), ts.Attainment.String(), rts.Attainment.String(), rts.Shortfall.String()}
	if diff := cmp.Diff([]string{"97.3684", "75", "87.25", "0.51"}, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// Occurrences budget: 5 % of 114 events = 5.7; 3 bad.
	if occ.Budget.Allowed.String() != "5.7" || occ.Budget.Consumed.String() != "3" {
		t.Errorf("occurrences budget %s / %s", occ.Budget.Allowed, occ.Budget.Consumed)
	}
	// Calendar window of 10 slices: the ratio method's future slices count as whole.
	cal, err := SLO{Method: RatioTimeSlices, Objective: tg}.Evaluate(CalendarWindow, obs, 10)
	if err != nil {
		t.Fatal(err)
	}
	if cal.Attainment.String() != "94.9" {
		t.Errorf("calendar ratio slices %s", cal.Attainment)
	}
	none, err := SLO{Method: Occurrences, Objective: tg}.Evaluate(CalendarWindow, []SliceCount{{}}, 5)
	if err != nil || none.Known {
		t.Errorf("no events: %+v %v", none, err)
	}
}

func TestSLOBadInput(t *testing.T) {
	tg := mustTarget(t, "95")
	cases := map[string]func() error{
		"method":      func() error { _, err := SLO{Objective: tg}.Evaluate(RollingWindow, nil, 0); return err },
		"window kind": func() error { _, err := SLO{Method: TimeSlices}.Evaluate(WindowKind(0), nil, 0); return err },
		"period short": func() error {
			_, err := SLO{Method: TimeSlices}.Evaluate(CalendarWindow, uniformSlices(3, 1, 1), 2)
			return err
		},
		"rolling size": func() error {
			_, err := SLO{Method: TimeSlices}.Evaluate(RollingWindow, uniformSlices(3, 1, 1), 2)
			return err
		},
		"good > total": func() error {
			_, err := SLO{Method: TimeSlices}.Evaluate(RollingWindow, []SliceCount{{Good: 2, Total: 1}}, 0)
			return err
		},
		"negative good": func() error {
			_, err := SLO{Method: Occurrences}.Evaluate(RollingWindow, []SliceCount{{Good: -1}}, 0)
			return err
		},
		"overflow": func() error {
			_, err := SLO{Method: Occurrences}.Evaluate(RollingWindow, []SliceCount{{Total: 1 << 62}, {Total: 1 << 62}}, 0)
			return err
		},
	}
	for name, f := range cases {
		if err := f(); !errors.Is(err, ErrBadObjective) {
			t.Errorf("%s: %v", name, err)
		}
	}
	var names []string
	for _, m := range []Method{0, Occurrences, TimeSlices, RatioTimeSlices} {
		names = append(names, m.String())
	}
	for _, k := range []WindowKind{0, CalendarWindow, RollingWindow} {
		names = append(names, k.String())
	}
	if diff := cmp.Diff([]string{"unknown", "occurrences", "timeslices", "ratio timeslices", "unknown", "calendar", "rolling"}, names); diff != "" {
		t.Error(diff)
	}
}

// More bad events never raise attainment or lower consumption, for every method; consumed +
// remaining = allowed.
func testSLOMonotone(t *rapid.T) {
	n := rapid.IntRange(1, 40).Draw(t, "n")
	obs := make([]SliceCount, n)
	for i := range obs {
		tot := rapid.Int64Range(0, 50).Draw(t, "total")
		obs[i] = SliceCount{Good: tot - rapid.Int64Range(0, tot).Draw(t, "bad"), Total: tot}
	}
	worse := append([]SliceCount(nil), obs...)
	i := rapid.IntRange(0, n-1).Draw(t, "i")
	if worse[i].Good == 0 {
		t.Skip("nothing to make worse")
	}
	worse[i].Good--
	kind := rapid.SampledFrom([]WindowKind{CalendarWindow, RollingWindow}).Draw(t, "kind")
	period := 0
	if kind == CalendarWindow {
		period = n + rapid.IntRange(0, 40).Draw(t, "future")
	}
	o := SLO{Method: rapid.SampledFrom([]Method{Occurrences, TimeSlices, RatioTimeSlices}).Draw(t, "method"),
		Objective: genTarget(t), SliceTarget: genTarget(t)}
	if o.Method == TimeSlices && o.SliceTarget.Ratio().IsZero() {
		t.Skip("a zero slice target is refused")
	}
	a, err := o.Evaluate(kind, obs, period)
	if err != nil {
		t.Fatal(err)
	}
	b, err := o.Evaluate(kind, worse, period)
	if err != nil {
		t.Fatal(err)
	}
	if b.Attainment.Cmp(a.Attainment) > 0 {
		t.Fatalf("%s: one more bad event raised attainment %s → %s", o.Method, a.Attainment, b.Attainment)
	}
	if o.Method != Occurrences && b.Budget.Consumed.Cmp(a.Budget.Consumed) < 0 {
		t.Fatalf("%s: one more bad event lowered consumption", o.Method)
	}
	if !a.Budget.Consumed.Add(a.Budget.Remaining).Equal(a.Budget.Allowed) {
		t.Fatalf("consumed + remaining != allowed")
	}
	if a.Attainment.Sign() < 0 || a.Attainment.Cmp(IntRatio(100)) > 0 {
		t.Fatalf("attainment %s outside [0, 100]", a.Attainment)
	}
}

func TestSLOMonotone(t *testing.T) { rapid.Check(t, testSLOMonotone) }
func FuzzSLOMonotone(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSLOMonotone)) }

// Time slices from a status timeline: one-minute slices over an hour with a 90-second outage
// and a 2-minute monitoring gap.
func TestTimelineSlices(t *testing.T) {
	start := time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)
	w := interval.Interval{Start: start, End: start.Add(time.Hour)}
	tl, err := TimelineFromIntervals(w, []StatusInterval{
		{interval.Interval{Start: start.Add(10*time.Minute + 30*time.Second), End: start.Add(12 * time.Minute)}, Down},
		{interval.Interval{Start: start.Add(30 * time.Minute), End: start.Add(32 * time.Minute)}, NoData},
	}, WithFill(Operational))
	if err != nil {
		t.Fatal(err)
	}
	sl, err := TimelineSlices(tl, w, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	min := int64(time.Minute)
	want := []SliceCount{{min, min}, {min / 2, min}, {0, min}, {0, 0}, {0, 0}}
	if diff := cmp.Diff(want, []SliceCount{sl[9], sl[10], sl[11], sl[30], sl[31]}); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// O1-style: at a 99.9 % slice target two slices are bad; 58 observed of 60.
	o := SLO{Method: TimeSlices, Objective: mustTarget(t, "99.95"), SliceTarget: mustTarget(t, "99.9")}
	r, err := o.Evaluate(RollingWindow, sl, 0)
	if err != nil || r.BadSlices != 2 {
		t.Errorf("bad slices %d, %v", r.BadSlices, err)
	}
	for _, bad := range []time.Duration{0, 7 * time.Minute, -time.Minute} {
		if _, err := TimelineSlices(tl, w, bad); !errors.Is(err, ErrBadObjective) {
			t.Errorf("slice %s: %v", bad, err)
		}
	}
	if _, err := TimelineSlices(tl, interval.Interval{Start: start, End: start.Add(400 * day)}, time.Second); !errors.Is(err, ErrBadObjective) {
		t.Errorf("too many slices: %v", err)
	}
}

// OpenSLO requires a time-slice target in (0, 1] for the Timeslices method: a zero slice target
// (left unset) would make every slice good whatever its counts, so it is refused.
func TestTimeSlicesNeedSliceTarget(t *testing.T) {
	o := SLO{Method: TimeSlices, Objective: mustTarget(t, "99")}
	r, err := o.Evaluate(RollingWindow, []SliceCount{{Good: 0, Total: 10}, {Good: 1, Total: 10}}, 0)
	if !errors.Is(err, ErrBadObjective) {
		t.Errorf("zero slice target: %+v, %v; want ErrBadObjective", r, err)
	}
	// The other methods ignore SliceTarget.
	for _, m := range []Method{Occurrences, RatioTimeSlices} {
		if _, err := (SLO{Method: m, Objective: mustTarget(t, "99")}).Evaluate(RollingWindow, []SliceCount{{Good: 1, Total: 10}}, 0); err != nil {
			t.Errorf("%s: %v", m, err)
		}
	}
}
