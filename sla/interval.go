package sla

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
)

// Interval is a half-open span of time [Start, End): it holds Start and not End, so a month
// [1 March, 1 April) and the next one share no instant. Windows, periods, outages and
// maintenance windows are all Intervals. The zero value is the empty interval at the zero
// instant; any interval whose End is not after its Start is empty. An Interval is a plain
// comparable value, safe to copy and to share.
//
// Interval is the same type that calendars, periods and timelines return, so an interval
// literal (Interval{Start: s, End: e}) works wherever one is taken; NewInterval also checks
// the order of the ends.
type Interval = interval.Interval

// IntervalSet is a normalised list of intervals: sorted by start, pairwise disjoint, no two
// touching (adjacent intervals are merged) and none empty. Timelines, reports and burn-rate
// backtests return them. The nil set is empty. Build one with Normalize or the set operations
// below, which never modify their inputs; a set written by hand must already be normalised
// (IsNormalized checks). Read-only sets may be shared between goroutines.
type IntervalSet = interval.Set

// NewInterval returns [start, end). An end before the start is an error matching
// ErrBadInterval (and naming both instants); start == end is the empty interval, which is
// allowed (an empty window measures nothing).
func NewInterval(start, end time.Time) (Interval, error) {
	iv, err := interval.New(start, end)
	if err != nil {
		return Interval{}, fmt.Errorf("%w: %w", ErrBadInterval, quiet{err})
	}
	return iv, nil
}

// NewIntervalSet validates every interval (an end before its start is an error matching
// ErrBadInterval that names its index) and returns their union as a normalised set:
// overlapping and touching intervals merged, empty ones dropped. The input is not modified.
// Use it for outage or maintenance lists read from user data, where a reversed interval is a
// mistake to report rather than an empty span to ignore.
func NewIntervalSet(ivs ...Interval) (IntervalSet, error) {
	for k, iv := range ivs {
		if iv.End.Before(iv.Start) {
			_, err := interval.New(iv.Start, iv.End)
			return nil, fmt.Errorf("%w %d: %w", ErrBadInterval, k, quiet{err})
		}
	}
	return interval.Normalize(ivs), nil
}

// Normalize returns the union of ivs as a normalised set. Empty intervals, including reversed
// ones (End before Start), are dropped without error; use NewIntervalSet to reject reversed
// input instead. O(n log n); the input is not modified.
func Normalize(ivs []Interval) IntervalSet { return interval.Normalize(ivs) }

// IsNormalized reports whether s is already a normalised set (sorted, disjoint, not touching,
// no empty interval), as every function here that takes an IntervalSet expects.
func IsNormalized(s IntervalSet) bool { return interval.IsNormalized(s) }

// Union returns the time in a or in b. Linear in the two sets.
func Union(a, b IntervalSet) IntervalSet { return interval.Union(a, b) }

// Intersect returns the time in both a and b. Linear in the two sets.
func Intersect(a, b IntervalSet) IntervalSet { return interval.Intersect(a, b) }

// Difference returns the time in a and not in b, for example scheduled time minus maintenance.
// Linear in the two sets.
func Difference(a, b IntervalSet) IntervalSet { return interval.Difference(a, b) }

// Clip returns the part of s inside w. Linear in s.
func Clip(s IntervalSet, w Interval) IntervalSet { return interval.Clip(s, w) }

// Complement returns the part of w not in s, for example the up time of a window given its
// outages. Linear in s.
func Complement(s IntervalSet, w Interval) IntervalSet { return interval.Complement(s, w) }
