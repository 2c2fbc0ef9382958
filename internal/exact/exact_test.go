package exact

import (
	"errors"
	"math/big"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"
)

func mustParse(t interface {
	Helper()
	Fatalf(string, ...any)
}, s string) Rat {
	t.Helper()
	r, err := ParseDecimal(s)
	if err != nil {
		t.Fatalf("ParseDecimal(%q): %v", s, err)
	}
	return r
}

func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in   string
		want string // String() of the result
	}{
		{"99.95", "99.95"},
		{"0", "0"},
		{"-0", "0"},
		{"+7", "7"},
		{"007.10", "7.1"},
		{"-0.5", "-0.5"},
		{"100", "100"},
		{"0.001", "0.001"},
		{"123456789012345678901234567890.000000000000000000001", "123456789012345678901234567890.000000000000000000001"},
	}
	for _, c := range cases {
		got, err := ParseDecimal(c.in)
		if err != nil {
			t.Errorf("ParseDecimal(%q): %v", c.in, err)
			continue
		}
		if diff := cmp.Diff(c.want, got.String()); diff != "" {
			t.Errorf("ParseDecimal(%q) (-want +got):\n%s", c.in, diff)
		}
	}
}

func TestParseDecimalRejects(t *testing.T) {
	cases := []struct {
		in     string
		offset int
	}{
		{"", 0},
		{"1e3", 1},
		{"NaN", 0},
		{"Inf", 0},
		{"-", 1},
		{"+", 1},
		{".5", 0},
		{"5.", 2},
		{"5.x", 2},
		{"99.95%", 5},
		{" 1", 0},
		{"1 ", 1},
		{"1_000", 1},
		{"1.2.3", 3},
		{"--1", 1},
		{"0x10", 1},
		{strings.Repeat("9", MaxDecimalLen+1), MaxDecimalLen},
	}
	for _, c := range cases {
		_, err := ParseDecimal(c.in)
		var se *SyntaxError
		if !errors.As(err, &se) || !errors.Is(err, ErrSyntax) {
			t.Errorf("ParseDecimal(%q) = %v, want *SyntaxError wrapping ErrSyntax", c.in, err)
			continue
		}
		if se.Offset != c.offset {
			t.Errorf("ParseDecimal(%q) offset %d, want %d (%v)", c.in, se.Offset, c.offset, err)
		}
		if !strings.HasPrefix(err.Error(), "exact: ") {
			t.Errorf("error %q lacks package prefix", err)
		}
	}
}

// 1 − 0.999 is exactly 0.001: no float anywhere.
func TestNoFloatLeak(t *testing.T) {
	got := FromInt(1).Sub(mustParse(t, "0.999"))
	if diff := cmp.Diff("0.001", got.String()); diff != "" {
		t.Error(diff)
	}
	if !got.Equal(mustParse(t, "0.001")) {
		t.Errorf("1 - 0.999 = %s", got)
	}
	third, err := FromRatio(1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff("1/3", third.String()); diff != "" {
		t.Error(diff)
	}
	if diff := cmp.Diff(FromInt(1), third.MulInt(3)); diff != "" {
		t.Error(diff)
	}
}

func TestDivisionByZero(t *testing.T) {
	if _, err := FromRatio(1, 0); !errors.Is(err, ErrDivisionByZero) {
		t.Errorf("FromRatio(1, 0) = %v", err)
	}
	if _, err := FromInt(1).Quo(Rat{}); !errors.Is(err, ErrDivisionByZero) {
		t.Errorf("Quo(0) = %v", err)
	}
	if _, err := (Rat{}).Inv(); !errors.Is(err, ErrDivisionByZero) {
		t.Errorf("Inv(0) = %v", err)
	}
	if _, err := FromInt(5).QuoInt(0); !errors.Is(err, ErrDivisionByZero) {
		t.Errorf("QuoInt(0) = %v", err)
	}
}

func TestRoundString(t *testing.T) {
	cases := []struct {
		in     string
		places int
		mode   RoundingMode
		want   string
	}{
		{"99.996", 2, Floor, "99.99"},
		{"99.999999", 2, Floor, "99.99"},
		{"100", 2, Floor, "100.00"},
		{"99.9", 3, Floor, "99.900"},
		{"-0.001", 2, Floor, "-0.01"},
		{"-0.001", 2, Down, "0.00"},
		{"-0.001", 2, Ceil, "0.00"},
		{"0.001", 2, Ceil, "0.01"},
		{"0.001", 2, Up, "0.01"},
		{"-0.001", 2, Up, "-0.01"},
		{"2.5", 0, HalfUp, "3"},
		{"-2.5", 0, HalfUp, "-3"},
		{"2.5", 0, HalfEven, "2"},
		{"3.5", 0, HalfEven, "4"},
		{"-2.5", 0, HalfEven, "-2"},
		{"-3.5", 0, HalfEven, "-4"},
		{"2.51", 0, HalfEven, "3"},
		{"2.49", 0, HalfUp, "2"},
		{"0.125", 2, HalfEven, "0.12"},
		{"0.135", 2, HalfEven, "0.14"},
		{"12.5", -1, Floor, "12"}, // negative places format as 0 places
		{"0", 3, HalfEven, "0.000"},
	}
	for _, c := range cases {
		got, err := mustParse(t, c.in).RoundString(c.places, c.mode)
		if err != nil {
			t.Errorf("%s.RoundString(%d, %s): %v", c.in, c.places, c.mode, err)
			continue
		}
		if diff := cmp.Diff(c.want, got); diff != "" {
			t.Errorf("%s.RoundString(%d, %s) (-want +got):\n%s", c.in, c.places, c.mode, diff)
		}
	}
	if _, err := FromInt(1).RoundString(2, RoundingMode(0)); !errors.Is(err, ErrRoundingMode) {
		t.Errorf("mode 0: %v", err)
	}
	if _, err := mustParse(t, "1.5").Round(0, RoundingMode(99)); !errors.Is(err, ErrRoundingMode) {
		t.Errorf("mode 99: %v", err)
	}
}

func TestRoundNegativePlaces(t *testing.T) {
	got, err := mustParse(t, "1250").Round(-2, HalfEven)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(FromInt(1200), got); diff != "" {
		t.Error(diff)
	}
}

func TestInt64(t *testing.T) {
	n, err := mustParse(t, "2419.5").Int64(HalfEven)
	if err != nil || n != 2420 {
		t.Errorf("2419.5 half-even = %d, %v", n, err)
	}
	n, ok := mustParse(t, "-0.5").FloorInt64()
	if !ok || n != -1 {
		t.Errorf("floor(-0.5) = %d, %v", n, ok)
	}
	if _, ok := mustParse(t, "99999999999999999999").FloorInt64(); ok {
		t.Error("1e20 fits in int64?")
	}
	if _, err := mustParse(t, "99999999999999999999").Int64(Floor); !errors.Is(err, ErrRange) {
		t.Errorf("want ErrRange, got %v", err)
	}
}

func TestValueSemantics(t *testing.T) {
	b := big.NewRat(1, 2)
	x := FromBig(b)
	b.SetInt64(7)
	if x.String() != "0.5" {
		t.Errorf("FromBig aliased its argument: %s", x)
	}
	x.Big().SetInt64(9)
	if x.String() != "0.5" {
		t.Errorf("Big() aliased the value: %s", x)
	}
	y := x
	_ = y.Add(FromInt(1))
	if x.String() != "0.5" || y.String() != "0.5" {
		t.Errorf("Add changed an operand: %s %s", x, y)
	}
	if !FromBig(nil).IsZero() || !(Rat{}).IsZero() {
		t.Error("nil / zero value is not 0")
	}
	if Min(FromInt(1), FromInt(2)).Cmp(FromInt(1)) != 0 || Max(FromInt(1), FromInt(2)).Cmp(FromInt(2)) != 0 {
		t.Error("Min/Max")
	}
	if !FromInt(-3).Abs().Equal(FromInt(3)) || !FromInt(1).Less(FromInt(2)) || !FromInt(4).IsInt() {
		t.Error("Abs/Less/IsInt")
	}
	if f := mustParse(t, "0.25").Float64(); f != 0.25 {
		t.Errorf("Float64 = %v", f)
	}
}

func TestRoundingModeString(t *testing.T) {
	var got []string
	for m := RoundingMode(0); m <= HalfEven+1; m++ {
		got = append(got, m.String())
	}
	want := []string{"RoundingMode(0)", "floor", "ceil", "down", "up", "half-up", "half-even", "RoundingMode(7)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Error(diff)
	}
}

// --- properties ---

func genRat(t *rapid.T, label string) Rat {
	num := rapid.Int64Range(-1_000_000, 1_000_000).Draw(t, label+".num")
	den := rapid.Int64Range(1, 10_000).Draw(t, label+".den")
	r, err := FromRatio(num, den)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func testFieldLaws(t *rapid.T) {
	a, b, c := genRat(t, "a"), genRat(t, "b"), genRat(t, "c")
	eq := func(name string, x, y Rat) {
		if !x.Equal(y) {
			t.Fatalf("%s: %s != %s", name, x, y)
		}
	}
	eq("a+b=b+a", a.Add(b), b.Add(a))
	eq("ab=ba", a.Mul(b), b.Mul(a))
	eq("(a+b)+c=a+(b+c)", a.Add(b).Add(c), a.Add(b.Add(c)))
	eq("(ab)c=a(bc)", a.Mul(b).Mul(c), a.Mul(b.Mul(c)))
	eq("a(b+c)=ab+ac", a.Mul(b.Add(c)), a.Mul(b).Add(a.Mul(c)))
	eq("a-a=0", a.Sub(a), Rat{})
	eq("a+(-a)=0", a.Add(a.Neg()), Rat{})
	eq("a-b=a+(-b)", a.Sub(b), a.Add(b.Neg()))
	eq("a*1=a", a.Mul(FromInt(1)), a)
	if !b.IsZero() {
		q, err := a.Quo(b)
		if err != nil {
			t.Fatal(err)
		}
		eq("(a/b)b=a", q.Mul(b), a)
		inv, err := b.Inv()
		if err != nil {
			t.Fatal(err)
		}
		eq("b·(1/b)=1", b.Mul(inv), FromInt(1))
	}
	if a.Cmp(b) != -b.Cmp(a) {
		t.Fatalf("Cmp not antisymmetric")
	}
	if a.Cmp(b) <= 0 && a.Add(c).Cmp(b.Add(c)) > 0 {
		t.Fatalf("order not preserved by addition")
	}
}

func TestFieldLaws(t *testing.T) { rapid.Check(t, testFieldLaws) }
func FuzzFieldLaws(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testFieldLaws)) }

// genDecimal draws canonical decimal text with exactly `places` fraction digits.
func genDecimal(t *rapid.T) (string, int) {
	neg := rapid.Bool().Draw(t, "neg")
	intPart := rapid.StringMatching(`[1-9][0-9]{0,20}|0`).Draw(t, "int")
	places := rapid.IntRange(0, 12).Draw(t, "places")
	frac := rapid.StringMatching(`[0-9]{`+itoa(places)+`}`).Draw(t, "frac")
	s := intPart
	if places > 0 {
		s += "." + frac
	}
	if neg && strings.Trim(s, "0.") != "" {
		s = "-" + s
	}
	return s, places
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

func testParseFormatRoundTrip(t *rapid.T) {
	s, places := genDecimal(t)
	r, err := ParseDecimal(s)
	if err != nil {
		t.Fatalf("ParseDecimal(%q): %v", s, err)
	}
	if got := r.FloorString(places); got != s {
		t.Fatalf("FloorString(%d) of %q = %q", places, s, got)
	}
	back, err := ParseDecimal(r.String())
	if err == nil && !back.Equal(r) {
		t.Fatalf("String round trip: %q -> %q", s, r.String())
	}
	if err != nil {
		t.Fatalf("String() of a decimal is not decimal: %q", r.String())
	}
}

func TestParseFormatRoundTrip(t *testing.T) { rapid.Check(t, testParseFormatRoundTrip) }
func FuzzParseFormatRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testParseFormatRoundTrip)) }

// FloorString is never above the value and less than 10^-places below it; every mode lands on a
// neighbour of the value, and half modes within half a unit.
func testRoundingBounds(t *rapid.T) {
	x := genRat(t, "x")
	places := rapid.IntRange(0, 8).Draw(t, "places")
	unit, err := FromRatio(1, pow10(places))
	if err != nil {
		t.Fatal(err)
	}
	f := mustParse(t, x.FloorString(places))
	if f.Cmp(x) > 0 {
		t.Fatalf("floor %s above %s", f, x)
	}
	if x.Sub(f).Cmp(unit) >= 0 {
		t.Fatalf("floor %s more than a unit below %s", f, x)
	}
	half, _ := unit.QuoInt(2)
	for m := Floor; m <= HalfEven; m++ {
		s, err := x.RoundString(places, m)
		if err != nil {
			t.Fatal(err)
		}
		r := mustParse(t, s)
		rr, err := x.Round(places, m)
		if err != nil || !rr.Equal(r) {
			t.Fatalf("Round and RoundString disagree: %s vs %s (%v)", rr, r, err)
		}
		d := r.Sub(x).Abs()
		if d.Cmp(unit) >= 0 {
			t.Fatalf("%s: %s rounds to %s, a unit away", m, x, r)
		}
		if (m == HalfUp || m == HalfEven) && d.Cmp(half) > 0 {
			t.Fatalf("%s: %s rounds to %s, more than half a unit away", m, x, r)
		}
		if m == Ceil && r.Cmp(x) < 0 || m == Down && r.Abs().Cmp(x.Abs()) > 0 || m == Up && r.Abs().Cmp(x.Abs()) < 0 {
			t.Fatalf("%s: %s rounds to %s, wrong direction", m, x, r)
		}
	}
}

func pow10(n int) int64 {
	p := int64(1)
	for range n {
		p *= 10
	}
	return p
}

func TestRoundingBounds(t *testing.T) { rapid.Check(t, testRoundingBounds) }
func FuzzRoundingBounds(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testRoundingBounds)) }

// String is exact: parsing a decimal String or splitting a fraction String gives x back.
func testStringExact(t *rapid.T) {
	x := genRat(t, "x")
	s := x.String()
	if num, den, ok := strings.Cut(s, "/"); ok {
		r, ok := new(big.Rat).SetString(num + "/" + den)
		if !ok || FromBig(r).Cmp(x) != 0 {
			t.Fatalf("String %q is not %v", s, x.Big())
		}
		return
	}
	if r := mustParse(t, s); !r.Equal(x) {
		t.Fatalf("String %q is not %v", s, x.Big())
	}
}

func TestStringExact(t *testing.T) { rapid.Check(t, testStringExact) }
func FuzzStringExact(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testStringExact)) }

// FuzzParseDecimal: no panic; accepted text re-prints exactly at its own number of places.
func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"99.95", "-0.001", "1e3", "", ".5", "NaN", "+007.10", "1.2.3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := ParseDecimal(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) {
				t.Fatalf("error %v does not wrap ErrSyntax", err)
			}
			return
		}
		places := 0
		if _, frac, ok := strings.Cut(s, "."); ok {
			places = len(frac)
		}
		back, err := ParseDecimal(r.FloorString(places))
		if err != nil || !back.Equal(r) {
			t.Fatalf("%q -> %q (%v)", s, r.FloorString(places), err)
		}
	})
}

func TestParseFraction(t *testing.T) {
	for in, want := range map[string]string{"1/3": "1/3", "-2/4": "-0.5", "+6/3": "2", "0/7": "0", "99.95": "99.95"} {
		r, err := Parse(in)
		if err != nil {
			t.Errorf("Parse(%q): %v", in, err)
			continue
		}
		if r.String() != want {
			t.Errorf("Parse(%q) = %s, want %s", in, r, want)
		}
	}
	for in, off := range map[string]int{"1/": 2, "/3": 0, "1/-3": 2, "1.5/3": 1, "1/3.0": 3, "1/3/4": 3, "a/3": 0} {
		_, err := Parse(in)
		var se *SyntaxError
		if !errors.As(err, &se) || se.Offset != off {
			t.Errorf("Parse(%q) = %v, want a syntax error at %d", in, err, off)
		}
	}
	if _, err := Parse("1/0"); !errors.Is(err, ErrDivisionByZero) {
		t.Errorf("1/0: %v", err)
	}
}

func testTextRoundTrip(t *rapid.T) {
	x := genRat(t, "x")
	b, err := x.MarshalText()
	if err != nil {
		t.Fatal(err)
	}
	var y Rat
	if err := y.UnmarshalText(b); err != nil || !y.Equal(x) {
		t.Fatalf("%s -> %q -> %s (%v)", x, b, y, err)
	}
}

func TestTextRoundTrip(t *testing.T) { rapid.Check(t, testTextRoundTrip) }
func FuzzTextRoundTrip(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testTextRoundTrip)) }

// FuzzParse: never panics; accepted text prints to text that parses back equal.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"1/3", "-2/4", "1/0", "99.95", "/", "1/-3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		r, err := Parse(s)
		if err != nil {
			if !errors.Is(err, ErrSyntax) && !errors.Is(err, ErrDivisionByZero) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		back, err := Parse(r.String())
		if err != nil || !back.Equal(r) {
			t.Fatalf("%q -> %q (%v)", s, r.String(), err)
		}
	})
}

// Places are bounded: a request for a billion decimals prints MaxPlaces of them instead of
// building 10^1e9, and Round clamps both ways. String stays exact past the bound: 2^−40 has 40
// decimals.
func TestMaxPlaces(t *testing.T) {
	third, err := FromRatio(1, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got := third.FloorString(1 << 30); got != "0."+strings.Repeat("3", MaxPlaces) {
		t.Errorf("FloorString(2^30) = %q", got)
	}
	if got, err := third.RoundString(MaxPlaces+1, HalfUp); err != nil || got != third.FloorString(MaxPlaces) {
		t.Errorf("RoundString(MaxPlaces+1) = %q, %v", got, err)
	}
	r, err := third.Round(1<<40, Floor)
	if want, _ := third.Round(MaxPlaces, Floor); err != nil || !r.Equal(want) {
		t.Errorf("Round(2^40) = %s, %v", r, err)
	}
	big := FromInt(7).Mul(mustPow10(t, 40))
	r, err = big.Round(-(1 << 40), Floor)
	if want := FromInt(7).Mul(mustPow10(t, 40)); err != nil || !r.Equal(want) {
		t.Errorf("Round(-2^40) of 7e40 = %s, %v; want a multiple of 10^30: %s", r, err, want)
	}
	tiny, err := FromRatio(1, 1<<40)
	if err != nil {
		t.Fatal(err)
	}
	s := tiny.String()
	if back, err := Parse(s); err != nil || !back.Equal(tiny) || len(s) != len("0.")+40 {
		t.Errorf("String of 2^-40 = %q (%v): not exact", s, err)
	}
}

func mustPow10(t *testing.T, n int) Rat {
	t.Helper()
	p := FromInt(1)
	for range n {
		p = p.MulInt(10)
	}
	return p
}
