package sla_test

// These tests import only the public packages, as code outside the module must: every type and
// error a user needs has to be nameable from here.

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/sla"
)

func TestNewInterval(t *testing.T) {
	a := time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)
	b := a.Add(time.Hour)
	iv, err := sla.NewInterval(a, b)
	if err != nil || iv != (sla.Interval{Start: a, End: b}) {
		t.Errorf("NewInterval(a, b) = %v, %v", iv, err)
	}
	if iv, err := sla.NewInterval(a, a); err != nil || !iv.Empty() {
		t.Errorf("NewInterval(a, a) = %v, %v; want the empty interval", iv, err)
	}
	if _, err := sla.NewInterval(b, a); !errors.Is(err, sla.ErrBadInterval) {
		t.Errorf("NewInterval(b, a) error %v, want ErrBadInterval", err)
	}
}

func TestNewIntervalSet(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 3, 1, h, 0, 0, 0, time.UTC) }
	got, err := sla.NewIntervalSet(
		sla.Interval{Start: at(10), End: at(12)},
		sla.Interval{Start: at(1), End: at(2)},
		sla.Interval{Start: at(11), End: at(13)},
		sla.Interval{Start: at(2), End: at(3)},
		sla.Interval{Start: at(5), End: at(5)},
	)
	want := sla.IntervalSet{{Start: at(1), End: at(3)}, {Start: at(10), End: at(13)}}
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	_, err = sla.NewIntervalSet(sla.Interval{Start: at(1), End: at(2)}, sla.Interval{Start: at(4), End: at(3)})
	if !errors.Is(err, sla.ErrBadInterval) {
		t.Errorf("reversed: %v, want ErrBadInterval", err)
	}
	// Normalize, by contrast, treats a reversed interval as empty.
	if got := sla.Normalize([]sla.Interval{{Start: at(4), End: at(3)}}); len(got) != 0 {
		t.Errorf("Normalize(reversed) = %v, want empty", got)
	}
}

func TestIntervalSetOperations(t *testing.T) {
	at := func(h int) time.Time { return time.Date(2026, 3, 1, h, 0, 0, 0, time.UTC) }
	iv := func(s, e int) sla.Interval { return sla.Interval{Start: at(s), End: at(e)} }
	a := sla.IntervalSet{iv(1, 4), iv(6, 9)}
	b := sla.IntervalSet{iv(3, 7)}
	w := iv(0, 10)
	for _, c := range []struct {
		name      string
		got, want sla.IntervalSet
	}{
		{"union", sla.Union(a, b), sla.IntervalSet{iv(1, 9)}},
		{"intersect", sla.Intersect(a, b), sla.IntervalSet{iv(3, 4), iv(6, 7)}},
		{"difference", sla.Difference(a, b), sla.IntervalSet{iv(1, 3), iv(7, 9)}},
		{"clip", sla.Clip(a, iv(2, 7)), sla.IntervalSet{iv(2, 4), iv(6, 7)}},
		{"complement", sla.Complement(a, w), sla.IntervalSet{iv(0, 1), iv(4, 6), iv(9, 10)}},
	} {
		if diff := cmp.Diff(c.want, c.got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
		if !sla.IsNormalized(c.got) {
			t.Errorf("%s: result not normalised", c.name)
		}
	}
	if sla.IsNormalized(sla.IntervalSet{iv(1, 3), iv(3, 4)}) {
		t.Error("touching intervals reported as normalised")
	}
}

// An outage list read from a monitoring export becomes a month's availability and budget
// without touching anything internal.
func ExampleNewIntervalSet() {
	berlin, _ := sla.LoadZone("Europe/Berlin")
	at := func(d, h, m int) time.Time { return time.Date(2026, 3, d, h, m, 0, 0, berlin) }
	march := sla.Monthly(berlin).Containing(at(15, 0, 0))
	outages, err := sla.NewIntervalSet(
		sla.Interval{Start: at(3, 9, 0), End: at(3, 10, 30)},
		sla.Interval{Start: at(3, 10, 0), End: at(3, 11, 0)}, // overlaps the first: merged
	)
	if err != nil {
		fmt.Println(err)
		return
	}
	tl, _ := sla.TimelineFromOutages(march, outages)
	r, _ := sla.Availability(tl, nil, march, sla.Policy{})
	fmt.Println(march.Duration(), outages.Total(), r.Format(3))

	_, err = sla.NewInterval(at(2, 0, 0), at(1, 0, 0))
	fmt.Println(errors.Is(err, sla.ErrBadInterval))
	// Output:
	// 743h0m0s 2h0m0s 99.730%
	// true
}

// Every error the package returns is matchable with a sentinel an outside caller can name
// (errors from internal packages are wrapped in one of ours) and says "sla:" ("itsm:" from the
// methods of Money, which is itsm.Money).
func TestErrorsNameablePublicly(t *testing.T) {
	eur, _ := sla.CurrencyOf("EUR")
	fee := sla.Money{Minor: 125000, Currency: eur}
	_, ratioErr := sla.RatioOf(1, 0)
	_, parseErr := sla.ParseRatio("abc")
	_, shareErr := fee.Share(sla.IntRatio(1), sla.RoundingMode(99))
	table, _ := sla.ParseCreditTable("[0, 99) 10%")
	_, creditErr := sla.CreditPolicy{Table: table, Rounding: sla.RoundingMode(99)}.Credit(sla.IntRatio(50), fee)
	_, quoErr := sla.IntRatio(1).Quo(sla.Ratio{})
	_, rangeErr := sla.IntRatio(1 << 62).MulInt(4).Int64(sla.RoundFloor)
	_, roundErr := sla.IntRatio(1).Round(2, sla.RoundingMode(99))
	for _, c := range []struct {
		name string
		err  error
		want error
	}{
		{"Ratio.Quo by zero", quoErr, sla.ErrDivisionByZero},
		{"Ratio.Int64 out of range", rangeErr, sla.ErrRange},
		{"Ratio.Round with mode 99", roundErr, sla.ErrRoundingMode},
		{"RatioOf(1, 0) by zero", ratioErr, sla.ErrDivisionByZero},
		{"RatioOf(1, 0)", ratioErr, sla.ErrUndefined},
		{`ParseRatio("abc")`, parseErr, sla.ErrSyntax},
		{"Money.Share with mode 99", shareErr, sla.ErrRoundingMode},
		{"Credit with mode 99", creditErr, sla.ErrRoundingMode},
	} {
		if !errors.Is(c.err, c.want) {
			t.Errorf("%s: error %v, want %v", c.name, c.err, c.want)
		}
		prefix := "sla: "
		if strings.HasPrefix(c.name, "Money.") {
			prefix = "itsm: " // sla.Money is itsm.Money: its methods' errors are itsm's
		}
		if c.err != nil && !strings.HasPrefix(c.err.Error(), prefix) && !strings.HasPrefix(c.name, "Ratio.") {
			t.Errorf("%s: %q lacks the package prefix", c.name, c.err)
		}
	}
}
