package pdca

import (
	"errors"
	"strings"
	"testing"

	"github.com/itsmkit/itsmkit/itsm"
)

// ParseValue's errors speak for pdca alone: no internal package name leaks into the text, the
// offending text and its column are given once.
func TestParseValueErrorText(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"abc", `pdca: invalid value "abc": column 1: `},
		{"99.9x", `pdca: invalid value "99.9x": column 5: `},
		{"1e5", `pdca: invalid value "1e5": column 2: `},
		{"1/0", `pdca: invalid value "1/0": fraction denominator must be a positive integer`},
		{"", `pdca: invalid value "": `},
	} {
		_, err := ParseValue(tc.in)
		if !errors.Is(err, ErrValue) {
			t.Fatalf("%q: error %v does not wrap ErrValue", tc.in, err)
		}
		msg := err.Error()
		if !strings.HasPrefix(msg, tc.want) {
			t.Errorf("%q: got %q, want it to start with %q", tc.in, msg, tc.want)
		}
		if strings.Contains(msg, "exact") || strings.Count(msg, "pdca:") != 1 || strings.Count(msg, "invalid") != 1 {
			t.Errorf("%q: %q leaks an internal name or repeats itself", tc.in, msg)
		}
	}
}

// An unknown process is named once, by pdca, and still matches both packages' sentinels.
func TestUnknownProcessErrorText(t *testing.T) {
	_, err := ProcessSubject("nope")
	if !errors.Is(err, ErrUnknownProcess) || !errors.Is(err, itsm.ErrUnknownProcess) {
		t.Fatalf("%v does not match both sentinels", err)
	}
	want := `pdca: unknown ISO/IEC 20000 process "nope" (want "2005/<clause>" or "2018/<clause>" of a catalogued process)`
	if err.Error() != want {
		t.Errorf("got  %s\nwant %s", err, want)
	}
}
