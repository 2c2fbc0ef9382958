package bcp

import (
	"cmp"
	"math/rand/v2"
	"slices"
	"testing"
	"time"
)

// sortByShortfall against a stable comparison sort, on both digit widths and on keys that share
// high digits, low digits or everything.
func TestSortByShortfall(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	for _, n := range []int{0, 1, 255, 256, 3000, 1 << 16, 70000} {
		for _, gen := range []func() time.Duration{
			func() time.Duration { return time.Duration(r.Int64N(1 << 62)) },
			func() time.Duration { return time.Duration(r.IntN(48)) * time.Hour },
			func() time.Duration { return time.Duration(1<<40 + r.IntN(3)) },
			func() time.Duration { return time.Minute },
		} {
			keys := make([]gapKey, n)
			for i := range keys {
				keys[i] = gapKey{short: gen(), node: int32(i)}
			}
			want := slices.Clone(keys)
			slices.SortStableFunc(want, func(x, y gapKey) int { return cmp.Compare(y.short, x.short) })
			got := sortByShortfall(keys)
			if !slices.Equal(want, got) {
				t.Fatalf("n=%d: radix order differs from a stable comparison sort", n)
			}
		}
	}
}
