package itsm

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestEnumTextRoundTrip(t *testing.T) {
	for s := Operational; s <= NotApplicable; s++ {
		b, err := s.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", s, err)
		}
		var got State
		if err := got.UnmarshalText(b); err != nil || got != s {
			t.Errorf("State %q: got %v, %v", b, got, err)
		}
	}
	for o := AllOf; o <= Invert; o++ {
		b, err := o.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", o, err)
		}
		var got Operator
		if err := got.UnmarshalText(b); err != nil || got != o {
			t.Errorf("Operator %q: got %v, %v", b, got, err)
		}
	}
	for k := AsIs; k <= Fixed; k++ {
		b, err := k.MarshalText()
		if err != nil {
			t.Fatalf("%d: %v", k, err)
		}
		var got MapKind
		if err := got.UnmarshalText(b); err != nil || got != k {
			t.Errorf("MapKind %q: got %v, %v", b, got, err)
		}
	}
}

func TestEnumTextInvalid(t *testing.T) {
	if got := State(0).String(); got != "State(0)" {
		t.Errorf("State(0).String() = %q", got)
	}
	if got := Operator(9).String(); got != "Operator(9)" {
		t.Errorf("Operator(9).String() = %q", got)
	}
	if _, err := State(0).MarshalText(); err == nil {
		t.Error("State(0) marshalled")
	}
	s := Down
	err := s.UnmarshalText([]byte("Down"))
	var ee *EnumError
	if !errors.As(err, &ee) || ee.Type != "State" || ee.Text != "Down" || s != Down {
		t.Errorf("UnmarshalText(Down): err %v, s %v", err, s)
	}
	if err.Error() != `itsm: invalid State "Down"` {
		t.Errorf("message %q", err.Error())
	}
}

func TestRuleJSON(t *testing.T) {
	r := Rule{Op: AtLeast, DegradedBelow: Threshold{Count: 3}, DownBelow: Threshold{Percent: 50}}
	m := Mapping{Kind: Fixed, Fixed: Degraded}
	b, err := json.Marshal(struct {
		R Rule
		M Mapping
		Z Mapping
	}{r, m, Mapping{}})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"R":{"op":"at-least","degradedBelow":{"count":3},"downBelow":{"percent":50}},"M":{"kind":"fixed","fixed":"degraded"},"Z":{}}`
	if diff := cmp.Diff(want, string(b)); diff != "" {
		t.Errorf("json (-want +got):\n%s", diff)
	}
}
