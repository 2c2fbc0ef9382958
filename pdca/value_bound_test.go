package pdca

import (
	"strings"
	"testing"
)

// FloorString's places are bounded: a billion decimals show 30, promptly.
func TestFloorStringMaxPlaces(t *testing.T) {
	v := MustParseValue("1/3")
	if got, want := v.FloorString(1e9), "0."+strings.Repeat("3", 30); got != want {
		t.Errorf("FloorString(1e9) = %q, want %q", got, want)
	}
}
