package interval_test

import (
	"cmp"
	"errors"
	"math"
	"slices"
	"testing"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/interval"
)

var epoch = time.Date(2026, 3, 29, 0, 0, 0, 0, time.UTC)

func at(min int) time.Time { return epoch.Add(time.Duration(min) * time.Minute) }

func iv(a, b int) interval.Interval { return interval.Interval{Start: at(a), End: at(b)} }

func TestNormalizeTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		in   []interval.Interval
		want interval.Set
	}{
		{"empty", nil, nil},
		{"only empty intervals", []interval.Interval{iv(3, 3), iv(5, 1)}, nil},
		{"sorted and merged", []interval.Interval{iv(5, 8), iv(0, 2), iv(1, 3)}, interval.Set{iv(0, 3), iv(5, 8)}},
		{"touching merge", []interval.Interval{iv(0, 2), iv(2, 4)}, interval.Set{iv(0, 4)}},
		{"contained", []interval.Interval{iv(0, 10), iv(2, 4)}, interval.Set{iv(0, 10)}},
	} {
		if d := gocmp.Diff(tc.want, interval.Normalize(tc.in)); d != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, d)
		}
	}
}

func TestOperationsTable(t *testing.T) {
	a := interval.Set{iv(0, 10), iv(20, 30)}
	b := interval.Set{iv(5, 25)}
	got := map[string]interval.Set{
		"union":      interval.Union(a, b),
		"intersect":  interval.Intersect(a, b),
		"a minus b":  interval.Difference(a, b),
		"b minus a":  interval.Difference(b, a),
		"clip":       interval.Clip(a, iv(8, 22)),
		"complement": interval.Complement(a, iv(-5, 35)),
	}
	want := map[string]interval.Set{
		"union":      {iv(0, 30)},
		"intersect":  {iv(5, 10), iv(20, 25)},
		"a minus b":  {iv(0, 5), iv(25, 30)},
		"b minus a":  {iv(10, 20)},
		"clip":       {iv(8, 10), iv(20, 22)},
		"complement": {iv(-5, 0), iv(10, 20), iv(30, 35)},
	}
	if d := gocmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	if a.Total() != 20*time.Minute || !a.Contains(at(0)) || a.Contains(at(10)) || a.Contains(at(15)) || !a.Contains(at(29)) {
		t.Error("Total/Contains at the edges")
	}
	if _, err := interval.New(at(2), at(1)); !errors.Is(err, interval.ErrReversed) {
		t.Errorf("New reversed: %v", err)
	}
}

// genSet draws a few intervals on a small minute grid, so overlaps and touching ends are common.
func genIntervals(t *rapid.T, label string) []interval.Interval {
	return rapid.SliceOfN(rapid.Custom(func(t *rapid.T) interval.Interval {
		s := rapid.IntRange(0, 60).Draw(t, "start")
		return iv(s, s+rapid.IntRange(-2, 15).Draw(t, "len"))
	}), 0, 8).Draw(t, label)
}

func genSet(t *rapid.T, label string) interval.Set { return interval.Normalize(genIntervals(t, label)) }

func testIntervalLaws(t *rapid.T) {
	raw := genIntervals(t, "raw")
	rawCopy := slices.Clone(raw)
	a := interval.Normalize(raw)
	if !slices.Equal(raw, rawCopy) {
		t.Fatal("Normalize mutated its input")
	}
	// The sorted fast path and the in-place form give the same Set; the sorted input is not
	// modified either.
	sorted := slices.Clone(raw)
	slices.SortFunc(sorted, func(x, y interval.Interval) int {
		return cmp.Or(x.Start.Compare(y.Start), x.End.Compare(y.End))
	})
	sortedCopy := slices.Clone(sorted)
	if d := gocmp.Diff(a, interval.Normalize(sorted)); d != "" || !slices.Equal(sorted, sortedCopy) {
		t.Fatalf("Normalize of sorted input differs or mutated it:\n%s", d)
	}
	if d := gocmp.Diff(a, interval.NormalizeInPlace(slices.Clone(raw))); d != "" {
		t.Fatalf("NormalizeInPlace differs:\n%s", d)
	}
	b, c := genSet(t, "b"), genSet(t, "c")
	aCopy, bCopy := slices.Clone(a), slices.Clone(b)
	eq := func(name string, x, y interval.Set) {
		t.Helper()
		if d := gocmp.Diff(x, y); d != "" {
			t.Fatalf("%s (-left +right):\n%s", name, d)
		}
		if !interval.IsNormalized(x) || !interval.IsNormalized(y) {
			t.Fatalf("%s: result not normalised", name)
		}
	}
	eq("Normalize idempotent", a, interval.Normalize(a))
	eq("union commutative", interval.Union(a, b), interval.Union(b, a))
	eq("union associative", interval.Union(interval.Union(a, b), c), interval.Union(a, interval.Union(b, c)))
	eq("union idempotent", interval.Union(a, a), a)
	eq("intersect commutative", interval.Intersect(a, b), interval.Intersect(b, a))
	eq("intersect associative", interval.Intersect(interval.Intersect(a, b), c), interval.Intersect(a, interval.Intersect(b, c)))
	eq("intersect idempotent", interval.Intersect(a, a), a)
	eq("union of lists", interval.Union(a, b), interval.Normalize(append(slices.Clone(a), b...)))

	u, x, d := interval.Union(a, b), interval.Intersect(a, b), interval.Difference(a, b)
	if u.Total() > a.Total()+b.Total() {
		t.Fatalf("union length %v above the sum %v + %v", u.Total(), a.Total(), b.Total())
	}
	if u.Total() != a.Total()+b.Total()-x.Total() {
		t.Fatal("inclusion–exclusion fails")
	}
	// Difference and intersection partition a.
	eq("a∖b ∪ a∩b = a", interval.Union(d, x), a)
	eq("a∖b ∩ a∩b = ∅", interval.Intersect(d, x), nil)
	eq("a∖b ∩ b = ∅", interval.Intersect(d, b), nil)

	w := iv(rapid.IntRange(0, 40).Draw(t, "w0"), rapid.IntRange(41, 80).Draw(t, "w1"))
	// Overlapping is exactly the intervals of a that share an instant with w, in order.
	var naive interval.Set
	for _, x := range a {
		if x.Overlaps(w) {
			naive = append(naive, x)
		}
	}
	if d := gocmp.Diff(naive, a.Overlapping(w)); d != "" {
		t.Fatalf("Overlapping(%s) (-naive +got):\n%s", w, d)
	}
	eq("clip = intersect with the window", interval.Clip(a, w), interval.Intersect(a, interval.Set{w}))
	eq("clip ∪ complement = window", interval.Union(interval.Clip(a, w), interval.Complement(a, w)), interval.Set{w})
	eq("clip ∩ complement = ∅", interval.Intersect(interval.Clip(a, w), interval.Complement(a, w)), nil)

	// Contains agrees with the raw intervals at every minute and half minute.
	for m := -5; m < 90; m++ {
		for _, p := range []time.Time{at(m), at(m).Add(30 * time.Second)} {
			want := false
			for _, r := range raw {
				want = want || r.Contains(p)
			}
			if a.Contains(p) != want {
				t.Fatalf("Contains(%v) = %v, want %v", p, a.Contains(p), want)
			}
		}
	}
	if !slices.Equal(a, aCopy) || !slices.Equal(b, bCopy) {
		t.Fatal("an operation mutated its input")
	}
}

func TestIntervalLaws(t *testing.T) { rapid.Check(t, testIntervalLaws) }
func FuzzIntervalLaws(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testIntervalLaws)) }

// Two 200-year intervals sum past the largest Duration: Total used to wrap round to a negative
// length; it saturates like time.Time.Sub does for one long interval.
func TestTotalSaturates(t *testing.T) {
	y := func(n int) time.Time { return time.Date(n, 1, 1, 0, 0, 0, 0, time.UTC) }
	s := interval.Set{{Start: y(1000), End: y(1200)}, {Start: y(1300), End: y(1500)}}
	if got := s.Total(); got != math.MaxInt64 {
		t.Fatalf("Total = %s, want %s", got, time.Duration(math.MaxInt64))
	}
	if got := (interval.Set{iv(0, 2), iv(3, 4)}).Total(); got != 3*time.Minute {
		t.Fatalf("Total = %s", got)
	}
	if got := interval.SaturatingAdd(math.MaxInt64-1, 2); got != math.MaxInt64 {
		t.Fatalf("SaturatingAdd = %d", got)
	}
}

// Normalize used to copy and sort every input. Sorted input (the common case) now allocates
// only the result, and NormalizeInPlace allocates nothing when little merges away.
func TestNormalizeAllocations(t *testing.T) {
	in := make([]interval.Interval, 1000)
	for k := range in {
		in[k] = iv(2*k, 2*k+1) // sorted, disjoint
	}
	want := interval.Set(slices.Clone(in))
	if n := testing.AllocsPerRun(10, func() { _ = interval.Normalize(in) }); n != 1 {
		t.Errorf("Normalize(sorted): %v allocations, want 1 (the result)", n)
	}
	if d := gocmp.Diff(want, interval.Normalize(in)); d != "" {
		t.Fatal(d)
	}
	work := slices.Clone(in)
	if n := testing.AllocsPerRun(10, func() { copy(work, in); _ = interval.NormalizeInPlace(work) }); n != 0 {
		t.Errorf("NormalizeInPlace: %v allocations, want 0", n)
	}
	// Most of the input merges away: the small result does not pin the large array.
	over := []interval.Interval{iv(0, 10), iv(1, 2), iv(2, 3), iv(3, 4)}
	got := interval.NormalizeInPlace(over)
	if d := gocmp.Diff(interval.Set{iv(0, 10)}, got); d != "" || cap(got) != 1 || &got[0] == &over[0] {
		t.Fatalf("NormalizeInPlace kept the big array: cap %d\n%s", cap(got), d)
	}
}

func TestOverlapping(t *testing.T) {
	s := interval.Set{iv(0, 2), iv(4, 6), iv(8, 10)}
	for _, tc := range []struct {
		name string
		w    interval.Interval
		want interval.Set
	}{
		{"before all", iv(-5, -1), nil},
		{"touching the first start only", iv(-2, 0), nil},
		{"touching an end only", iv(2, 4), nil},
		{"inside one", iv(5, 5+1), interval.Set{iv(4, 6)}},
		{"across two, ends outside", iv(1, 5), interval.Set{iv(0, 2), iv(4, 6)}},
		{"everything", iv(-10, 20), s},
		{"after all", iv(10, 12), nil},
		{"empty window", iv(5, 5), nil},
	} {
		got := s.Overlapping(tc.w)
		if d := gocmp.Diff(tc.want, got); d != "" {
			t.Errorf("%s: (-want +got)\n%s", tc.name, d)
		}
		if len(got) > 0 && cap(got) != len(got) {
			t.Errorf("%s: capacity %d reaches past the subslice", tc.name, cap(got))
		}
	}
}
