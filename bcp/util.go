package bcp

import (
	"cmp"
	"slices"
)

func sortedUnique[T cmp.Ordered](s []T) []T {
	slices.Sort(s)
	return slices.Compact(s)
}
