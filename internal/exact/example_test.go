package exact_test

import (
	"fmt"

	"github.com/itsmkit/itsmkit/internal/exact"
)

func Example() {
	target, err := exact.ParseDecimal("99.9")
	if err != nil {
		fmt.Println(err)
		return
	}
	// Unavailability allowed by a 99.9 % target over 30 days, in seconds.
	hundred := exact.FromInt(100)
	share, _ := hundred.Sub(target).Quo(hundred)
	fmt.Println(share)
	fmt.Println(share.MulInt(30 * 24 * 3600))

	measured, _ := exact.FromRatio(2_591_999_896, 2_592_000_000) // 104 µs lost
	pct := measured.MulInt(100)
	fmt.Println(pct.FloorString(2), pct.Cmp(hundred) < 0)
	// Output:
	// 0.001
	// 2592
	// 99.99 true
}

func ExampleRat_RoundString() {
	x, _ := exact.ParseDecimal("2.5")
	for _, m := range []exact.RoundingMode{exact.Floor, exact.HalfUp, exact.HalfEven} {
		s, _ := x.RoundString(0, m)
		fmt.Println(m, s)
	}
	// Output:
	// floor 2
	// half-up 3
	// half-even 2
}

func ExampleParseDecimal_error() {
	_, err := exact.ParseDecimal("1e3")
	fmt.Println(err)
	// Output:
	// exact: invalid decimal "1e3" at offset 1: unexpected 'e'
}
