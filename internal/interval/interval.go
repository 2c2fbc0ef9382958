// Package interval is an algebra over half-open time intervals [Start, End).
//
// A Set is a normalised list of intervals: sorted by Start, pairwise disjoint, with no two
// touching (adjacent intervals are merged) and no empty interval. Every operation takes its
// inputs by value, never mutates them, and returns a new normalised Set; the one exception,
// NormalizeInPlace, says so in its name and is for slices the caller built and owns.
// Normalising costs O(n log n) for the sort (O(n) when the input is already sorted); every
// binary operation on two Sets is a linear merge. Total saturates at the largest Duration.
package interval

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"
)

// ErrReversed is returned when an interval ends before it starts.
var ErrReversed = errors.New("interval: end before start")

// Interval is the half-open span [Start, End). The zero value is the empty interval at the zero
// instant. An interval with End <= Start is empty.
type Interval struct {
	Start time.Time
	End   time.Time
}

// New returns [start, end) or ErrReversed (wrapped with both instants) when end is before start.
func New(start, end time.Time) (Interval, error) {
	if end.Before(start) {
		return Interval{}, fmt.Errorf("%w: [%s, %s)", ErrReversed, start.Format(time.RFC3339Nano), end.Format(time.RFC3339Nano))
	}
	return Interval{Start: start, End: end}, nil
}

// Empty reports whether the interval contains no instant.
func (i Interval) Empty() bool { return !i.Start.Before(i.End) }

// Duration is the length of the interval, zero when empty.
func (i Interval) Duration() time.Duration {
	if i.Empty() {
		return 0
	}
	return i.End.Sub(i.Start)
}

// Contains reports whether t lies in [Start, End).
func (i Interval) Contains(t time.Time) bool { return !t.Before(i.Start) && t.Before(i.End) }

// Overlaps reports whether the two intervals share at least one instant.
func (i Interval) Overlaps(j Interval) bool {
	return !i.Empty() && !j.Empty() && i.Start.Before(j.End) && j.Start.Before(i.End)
}

// Intersect returns the common part of i and j (possibly empty).
func (i Interval) Intersect(j Interval) Interval {
	s, e := i.Start, i.End
	if j.Start.After(s) {
		s = j.Start
	}
	if j.End.Before(e) {
		e = j.End
	}
	if !s.Before(e) {
		return Interval{}
	}
	return Interval{Start: s, End: e}
}

// String formats the interval as [start, end) in RFC 3339.
func (i Interval) String() string {
	return "[" + i.Start.Format(time.RFC3339Nano) + ", " + i.End.Format(time.RFC3339Nano) + ")"
}

// Set is a normalised list of intervals (see the package doc). The nil Set is empty. Build one
// with Normalize or the operations below; a Set built by hand must already be normalised.
type Set []Interval

// Normalize returns the union of the given intervals as a Set: empty intervals dropped,
// overlapping and touching ones merged. The input slice is not modified. Input already in
// order (by start, then end: the usual case for data read from a log) is merged straight into
// a Set of exactly the merged size, without a sorted copy.
func Normalize(in []Interval) Set {
	if slices.IsSortedFunc(in, compare) {
		n := 0
		mergeSorted(in, func(Interval) { n++ })
		if n == 0 {
			return nil
		}
		out := make(Set, 0, n)
		mergeSorted(in, func(iv Interval) { out = append(out, iv) })
		return out
	}
	work := make([]Interval, 0, len(in))
	for _, iv := range in {
		if !iv.Empty() {
			work = append(work, iv)
		}
	}
	return NormalizeInPlace(work)
}

// NormalizeInPlace is Normalize for a slice the caller owns and will not use again: it sorts
// and merges work in place instead of copying it, so the result may share work's memory. When
// merging leaves at most half of work, the result is copied so the large array can be freed.
func NormalizeInPlace(work []Interval) Set {
	if !slices.IsSortedFunc(work, compare) {
		slices.SortFunc(work, compare)
	}
	n := 0
	mergeSorted(work, func(iv Interval) { // n never passes the element being read
		work[n] = iv
		n++
	})
	switch {
	case n == 0:
		return nil
	case n <= len(work)/2:
		return slices.Clone(Set(work[:n]))
	}
	return Set(work[:n:n])
}

func compare(a, b Interval) int {
	if c := a.Start.Compare(b.Start); c != 0 {
		return c
	}
	return a.End.Compare(b.End)
}

// mergeSorted emits the union of in, which is sorted by compare, as disjoint, non-touching,
// non-empty intervals in order. It emits an interval only after reading past it, so emit may
// write over the part of in already read.
func mergeSorted(in []Interval, emit func(Interval)) {
	var cur Interval
	have := false
	for _, iv := range in {
		if iv.Empty() {
			continue
		}
		if have && !iv.Start.After(cur.End) { // overlapping or touching
			if iv.End.After(cur.End) {
				cur.End = iv.End
			}
			continue
		}
		if have {
			emit(cur)
		}
		cur, have = iv, true
	}
	if have {
		emit(cur)
	}
}

// IsNormalized reports whether s satisfies the Set invariants.
func IsNormalized(s Set) bool {
	for k, iv := range s {
		if iv.Empty() {
			return false
		}
		if k > 0 && !s[k-1].End.Before(iv.Start) {
			return false
		}
	}
	return true
}

// Total is the summed length of the Set's intervals. Like time.Time.Sub it saturates at the
// largest Duration (about 292 years) instead of wrapping round to a negative length.
func (s Set) Total() time.Duration {
	var d time.Duration
	for _, iv := range s {
		d = SaturatingAdd(d, iv.End.Sub(iv.Start))
	}
	return d
}

// SaturatingAdd returns a + b for non-negative lengths, or the largest Duration when the sum
// does not fit.
func SaturatingAdd(a, b time.Duration) time.Duration {
	if a > math.MaxInt64-b {
		return math.MaxInt64
	}
	return a + b
}

// Contains reports whether t lies in one of the Set's intervals (binary search).
func (s Set) Contains(t time.Time) bool {
	k, _ := slices.BinarySearchFunc(s, t, func(iv Interval, t time.Time) int {
		if !iv.End.After(t) {
			return -1
		}
		if iv.Start.After(t) {
			return 1
		}
		return 0
	})
	return k < len(s) && s[k].Contains(t)
}

// Union returns every instant in a or b. Linear in len(a)+len(b).
func Union(a, b Set) Set {
	out := make(Set, 0, len(a)+len(b))
	push := func(iv Interval) {
		if n := len(out); n > 0 && !iv.Start.After(out[n-1].End) {
			if iv.End.After(out[n-1].End) {
				out[n-1].End = iv.End
			}
			return
		}
		out = append(out, iv)
	}
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j >= len(b) || (i < len(a) && !a[i].Start.After(b[j].Start)) {
			push(a[i])
			i++
		} else {
			push(b[j])
			j++
		}
	}
	if len(out) == 0 {
		return nil
	}
	return out
}

// Intersect returns every instant in both a and b. Linear in len(a)+len(b).
func Intersect(a, b Set) Set {
	var out Set
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		if x := a[i].Intersect(b[j]); !x.Empty() {
			out = append(out, x)
		}
		if a[i].End.Before(b[j].End) {
			i++
		} else {
			j++
		}
	}
	return out
}

// Difference returns every instant in a that is not in b. Linear in len(a)+len(b).
func Difference(a, b Set) Set {
	var out Set
	j := 0
	for _, iv := range a {
		cur := iv
		for j < len(b) && !b[j].End.After(cur.Start) {
			j++
		}
		k := j
		for k < len(b) && b[k].Start.Before(cur.End) {
			if b[k].Start.After(cur.Start) {
				out = append(out, Interval{Start: cur.Start, End: b[k].Start})
			}
			if !b[k].End.Before(cur.End) {
				cur.Start = cur.End
				break
			}
			cur.Start = b[k].End
			k++
		}
		if cur.Start.Before(cur.End) {
			out = append(out, cur)
		}
	}
	return out
}

// Overlapping returns the intervals of s that overlap w, found by binary search: a subslice of
// s sharing its memory (read only; its capacity ends with it, so appending copies), whose first
// and last intervals may reach outside w. It lets a caller that looks at one window of a long
// Set pay for that window only, not for the whole Set.
func (s Set) Overlapping(w Interval) Set {
	if w.Empty() {
		return nil
	}
	lo := sort.Search(len(s), func(k int) bool { return s[k].End.After(w.Start) })
	hi := lo + sort.Search(len(s)-lo, func(k int) bool { return !s[lo+k].Start.Before(w.End) })
	if lo >= hi {
		return nil
	}
	return s[lo:hi:hi]
}

// Clip returns the part of s inside w. It costs O(log n) plus the intervals inside w.
func Clip(s Set, w Interval) Set {
	if w.Empty() {
		return nil
	}
	return Intersect(s.Overlapping(w), Set{w})
}

// Complement returns the part of w not covered by s.
func Complement(s Set, w Interval) Set {
	if w.Empty() {
		return nil
	}
	return Difference(Set{w}, s)
}
