package sla

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/internal/exact"
)

func TestParseTarget(t *testing.T) {
	tests := []struct {
		in, str, loss string
		places        int
	}{
		{"99.95", "99.95%", "0.0005", 2},
		{" 99.9 % ", "99.9%", "0.001", 1},
		{"100", "100%", "0", 0},
		{"0", "0%", "1", 0},
		{"99.999", "99.999%", "0.00001", 3},
		{"99.50", "99.50%", "0.005", 2},
	}
	for _, tc := range tests {
		tg, err := ParseTarget(tc.in)
		if err != nil {
			t.Fatalf("%q: %v", tc.in, err)
		}
		if tg.String() != tc.str || tg.Places() != tc.places || !tg.AllowedLoss().Equal(rat(t, tc.loss)) {
			t.Errorf("%q: %s places %d loss %s", tc.in, tg, tg.Places(), tg.AllowedLoss())
		}
	}
	for _, bad := range []string{"100.5", "-1", "1e2", "99,9", "", "%", "NaN", "99.9999999999999", "abc", "+-1"} {
		_, err := ParseTarget(bad)
		var pe *ParseError
		if !errors.Is(err, ErrBadTarget) || !errors.As(err, &pe) {
			t.Errorf("%q: got %v", bad, err)
		}
	}
}

// Exactly at target is met; a hair below is not. 1 − 0.999 is exactly 0.001 here.
func TestTargetMet(t *testing.T) {
	tg, _ := ParseTarget("99.9")
	if !tg.Met(rat(t, "99.9")) || tg.Met(rat(t, "99.8999999999")) || !tg.Met(exact.FromInt(100)) {
		t.Fatal("met")
	}
	if !tg.AllowedLoss().Equal(rat(t, "0.001")) {
		t.Fatal(tg.AllowedLoss())
	}
	if m := tg.Margin(rat(t, "99.85")); !m.Equal(rat(t, "-0.05")) {
		t.Fatal(m)
	}
}

// B1–B5 (the allowed loss part; the budgets themselves are tested in budget_test.go): 99.9 % of 30 days allows
// 2,592 s; of 28/31/7/1 days 2,419.2/2,678.4/604.8/86.4 s; 99.99 % of 7 days 60.48 s; 99.99 and
// 99.95 % of 30 days 259.2 and 1,296 s; 99.999 % of 365 and 366 days 315.36 and 316.224 s.
func TestAllowedLossB1toB5(t *testing.T) {
	tests := []struct {
		id, target string
		days       int64
		want       string
	}{
		{"B1", "99.9", 30, "2592"},
		{"B2", "99.9", 28, "2419.2"}, {"B2", "99.9", 31, "2678.4"}, {"B2", "99.9", 7, "604.8"}, {"B2", "99.9", 1, "86.4"},
		{"B3", "99.99", 7, "60.48"},
		{"B4", "99.99", 30, "259.2"}, {"B4", "99.95", 30, "1296"},
		{"B5", "99.999", 365, "315.36"}, {"B5", "99.999", 366, "316.224"},
	}
	for _, tc := range tests {
		tg, err := ParseTarget(tc.target)
		if err != nil {
			t.Fatal(err)
		}
		if got := tg.AllowedLoss().MulInt(tc.days * 86400); !got.Equal(rat(t, tc.want)) {
			t.Errorf("%s %s over %d d: %s s, want %s", tc.id, tc.target, tc.days, got, tc.want)
		}
	}
}

func TestFormatPercent(t *testing.T) {
	tests := []struct{ in, want string }{
		{"99.996", "99.99"}, {"100", "100.00"}, {"99.9999999", "99.99"}, {"0", "0.00"}, {"87.5", "87.50"},
	}
	for _, tc := range tests {
		if got := FormatPercent(rat(t, tc.in), 2); got != tc.want {
			t.Errorf("%s: %s", tc.in, got)
		}
	}
}

func FuzzParseTarget(f *testing.F) {
	for _, s := range []string{"99.95", "100", "100.5", "1e2", "99.9 %", "0.000000000001"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		tg, err := ParseTarget(s)
		if err != nil {
			if !errors.Is(err, ErrBadTarget) {
				t.Fatalf("%q: untyped error %v", s, err)
			}
			return
		}
		if tg.Percent().Sign() < 0 || tg.Percent().Cmp(hundred) > 0 {
			t.Fatalf("%q: %s outside 0–100", s, tg.Percent())
		}
		back, err := ParseTarget(tg.String())
		if err != nil || !back.Percent().Equal(tg.Percent()) || back.String() != tg.String() {
			t.Fatalf("%q: round trip %s → %v %v", s, tg, back, err)
		}
		if !tg.Met(tg.Percent()) {
			t.Fatal("exactly at target is not met")
		}
		if !tg.Ratio().Add(tg.AllowedLoss()).Equal(exact.FromInt(1)) {
			t.Fatal("ratio + allowed loss != 1")
		}
	})
}

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in   string
		want time.Duration
	}{
		{"30d", 30 * 24 * time.Hour}, {"4w", 28 * 24 * time.Hour}, {"1h30min", 90 * time.Minute},
		{"2.5h", 150 * time.Minute}, {"28 days", 28 * 24 * time.Hour}, {"90s", 90 * time.Second},
		{"0.001s", time.Millisecond}, {"1d 2h", 26 * time.Hour}, {"250ms", 250 * time.Millisecond},
	}
	for _, tc := range tests {
		got, err := ParseDuration(tc.in)
		if err != nil || got != tc.want {
			t.Errorf("%q: %s %v", tc.in, got, err)
		}
	}
	bad := map[string]error{
		"1m": ErrAmbiguousUnit, "1mo": ErrAmbiguousUnit, "1 month": ErrAmbiguousUnit, "1y": ErrAmbiguousUnit,
		"": ErrSyntax, "30": ErrSyntax, "d": ErrSyntax, "1.2.3h": ErrSyntax, "5 parsecs": ErrSyntax,
		"999999999999999999w": ErrSyntax, ".h": ErrSyntax, "-1h": ErrSyntax,
	}
	for in, want := range bad {
		if _, err := ParseDuration(in); !errors.Is(err, want) {
			t.Errorf("%q: got %v want %v", in, err, want)
		}
	}
}

// B3: a fractional count was rounded down to the nanosecond, so "0.0000000001s" (non-zero
// text) silently became 0s. A count that is not a whole number of nanoseconds is a syntax error
// naming the input and the column of the digit that is too fine; exact ones still read.
func TestParseDurationSubNanosecond(t *testing.T) {
	for _, tc := range []struct {
		in   string
		col  int
		want string
	}{
		{"0.0000000001s", 12, `sla: duration "0.0000000001s": syntax error: column 12: 0.0000000001s is not a whole number of nanoseconds`},
		{"0.0000000015s", 12, `sla: duration "0.0000000015s": syntax error: column 12: 0.0000000015s is not a whole number of nanoseconds`},
		{"1h 0.0000005ms", 12, `sla: duration "1h 0.0000005ms": syntax error: column 12: 0.0000005ms is not a whole number of nanoseconds`},
		{" .00000000001 min", 13, `sla: duration " .00000000001 min": syntax error: column 13: .00000000001min is not a whole number of nanoseconds`},
	} {
		d, err := ParseDuration(tc.in)
		var pe *ParseError
		if !errors.Is(err, ErrSyntax) || !errors.As(err, &pe) || pe.Column != tc.col || err.Error() != tc.want {
			t.Errorf("%q: %s, %v (column %d)\nwant %s", tc.in, d, err, tc.col, tc.want)
		}
	}
	for in, want := range map[string]time.Duration{
		"0.000000001s": time.Nanosecond, "0.0000000010s": time.Nanosecond, "0.000001ms": time.Nanosecond,
		"0.0000000000s": 0, "0s": 0, "0.1min": 6 * time.Second, "1.5 Hours": 90 * time.Minute,
	} {
		if got, err := ParseDuration(in); err != nil || got != want {
			t.Errorf("%q: %s, %v; want %s", in, got, err, want)
		}
	}
	// 10⁻¹⁶ of a week is 60.48 ns: refused, not rounded.
	if _, err := ParseDuration("1.0000000000000001w"); !errors.Is(err, ErrSyntax) {
		t.Errorf("1.0000000000000001w: %v", err)
	}
	// Other syntax errors name the column too.
	for in, col := range map[string]int{"1h 5 parsecs": 6, "1h x": 4, "1.2.3h": 1, "30": 1, "5 m": 3} {
		var pe *ParseError
		if _, err := ParseDuration(in); !errors.As(err, &pe) || pe.Column != col {
			t.Errorf("%q: %v, want column %d", in, err, col)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"30d", "1m", "1.5h", "2w3d", "28 days"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("%q: untyped error %v", s, err)
			}
			return
		}
		if d < 0 {
			t.Fatalf("%q: negative %s", s, d)
		}
	})
}

func TestParsePeriodKind(t *testing.T) {
	for in, want := range map[string]PeriodKind{"month": Month, "Calendar Month": Month, "weekly": Week, "quarter": Quarter, "year": Year, "day": Day} {
		if got, err := ParsePeriodKind(in); err != nil || got != want {
			t.Errorf("%q: %s %v", in, got, err)
		}
	}
	if _, err := ParsePeriodKind("1m"); !errors.Is(err, ErrBadPeriod) {
		t.Errorf("1m: %v", err)
	}
}

func FuzzParsePeriodKind(f *testing.F) {
	f.Add("month")
	f.Fuzz(func(t *testing.T, s string) {
		k, err := ParsePeriodKind(s)
		if err != nil {
			if !errors.Is(err, ErrBadPeriod) {
				t.Fatal(err)
			}
			return
		}
		if back, err := ParsePeriodKind(k.String()); err != nil || back != k {
			t.Fatalf("%q: round trip %s", s, k)
		}
	})
}

func TestNewTarget(t *testing.T) {
	tg, err := NewTarget(rat(t, "99.95"), 1)
	if err != nil || tg.String() != "99.95%" {
		t.Fatalf("%v %v", tg, err)
	}
	if tg, err = NewTarget(exact.FromInt(99), 2); err != nil || tg.String() != "99.00%" {
		t.Fatalf("%v %v", tg, err)
	}
	third, _ := exact.FromRatio(1, 3)
	for _, bad := range []exact.Rat{third, exact.FromInt(101), exact.FromInt(-1)} {
		if _, err := NewTarget(bad, 2); !errors.Is(err, ErrBadTarget) {
			t.Errorf("%s: %v", bad, err)
		}
	}
	// Asking for more than 12 places used to blame the value ("99 % has more than 12
	// decimals"); the value is fine, the requested places are what ParseTarget would refuse.
	_, err = NewTarget(exact.FromInt(99), 13)
	if !errors.Is(err, ErrBadTarget) || !strings.Contains(err.Error(), "13 places") {
		t.Errorf("13 places: %v", err)
	}
	if tg, err = NewTarget(exact.FromInt(99), 12); err != nil || tg.String() != "99.000000000000%" {
		t.Errorf("12 places: %v %v", tg, err)
	}
}

// Places are bounded: a billion decimals show MaxPlaces (30) of them, promptly.
func TestFormatMaxPlaces(t *testing.T) {
	third, err := RatioOf(100, 3)
	if err != nil {
		t.Fatal(err)
	}
	want := "33." + strings.Repeat("3", 30)
	rep := Report{Known: true, Availability: third}
	got := []string{FormatPercent(third, 1e9), rep.Format(1 << 40), third.FloorString(1 << 50)}
	if diff := cmp.Diff([]string{want, want + "%", want}, got); diff != "" || MaxPlaces != 30 {
		t.Errorf("MaxPlaces %d (-want +got):\n%s", MaxPlaces, diff)
	}
}
