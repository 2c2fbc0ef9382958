package itsm_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// A scenario's observations decode strictly: the reproducer's typo ("stat") used to decode to the
// zero State without an error, which Incremental.Apply then read as a clear, reporting db-1
// down → operational.
func TestObservationJSONStrict(t *testing.T) {
	var obs []itsm.Observation
	err := json.Unmarshal([]byte(`[{"id": "db-1", "state": "down"}, {"id": "db-1", "stat": "down"}]`), &obs)
	if !errors.Is(err, itsm.ErrMalformedObservation) || !strings.Contains(err.Error(), `"db-1": unknown field "stat"`) {
		t.Fatalf("typo: %v, want ErrMalformedObservation naming db-1 and the field", err)
	}
	for _, tc := range []struct {
		doc  string
		want string // in the message
	}{
		{`{"ID": "db-1", "state": "down"}`, `unknown field "ID"`},
		{`{"id": "db-1", "State": "down"}`, `unknown field "State"`},
		{`{"id": "db-1"}`, `missing "state"`},
		{`{"id": "db-1", "flags": "acknowledged"}`, `missing "state"`},
		{`{"state": "down"}`, `missing "id"`},
		{`{"id": "", "state": "down"}`, `"id" is empty`},
		{`{"id": "db-1", "state": "down", "state": "degraded"}`, `field "state" repeated`},
		{`{"id": "db-1", "state": "broken"}`, `state: `},
		{`{"id": "db-1", "state": "down", "flags": "planned"}`, `flags: `},
		{`{"id": "db-1", "state": 4}`, `"state" is the number 4, not a string`},
		{`{"id": "db-1", "state": null}`, `"state" is null, not a string`},
		{`{"id": "db-1", "state": {"x": 1}}`, `"state" is an object, not a string`},
		{`{"id": ["db-1"], "state": "down"}`, `"id" is a list, not a string`},
		{`{"id": "db-1", "clear": true, "state": "down"}`, `"clear": true with a state or flags`},
		{`{"id": "db-1", "clear": true, "flags": "none"}`, `"clear": true with a state or flags`},
		{`{"id": "db-1", "clear": "yes"}`, `"clear" is a string, not a boolean`},
		{`{"id": "db-1", "clear": false}`, `missing "state"`},
		{`null`, `null, not an object`},
		{`["db-1", "down"]`, `a list, not an object`},
	} {
		var o itsm.Observation
		err := json.Unmarshal([]byte(tc.doc), &o)
		if !errors.Is(err, itsm.ErrMalformedObservation) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrMalformedObservation with %q", tc.doc, err, tc.want)
		}
		if o != (itsm.Observation{}) {
			t.Errorf("%s: observation changed to %+v", tc.doc, o)
		}
	}
	var enum *itsm.EnumError
	if err := json.Unmarshal([]byte(`[{"id": "db-1", "state": "dwon"}]`), &obs); !errors.As(err, &enum) {
		t.Errorf("misspelt state: %v, want an *EnumError inside", err)
	}
	// null in a list is not an observation either (it would be the invalid zero value).
	if err := json.Unmarshal([]byte(`[null]`), &obs); !errors.Is(err, itsm.ErrMalformedObservation) {
		t.Errorf("null observation: %v", err)
	}
	// A direct call sees the whole input: trailing data is refused.
	var o itsm.Observation
	if err := o.UnmarshalJSON([]byte(`{"id": "a", "state": "down"} {}`)); !errors.Is(err, itsm.ErrMalformedObservation) {
		t.Errorf("trailing data: %v", err)
	}
}

// The JSON forms round-trip, a clear included, and decode to what the Go values say.
func TestObservationJSONRoundTrip(t *testing.T) {
	want := []itsm.Observation{
		{ID: "db-1", State: itsm.Down},
		{ID: "db-2", State: itsm.Degraded, Flags: itsm.InMaintenance | itsm.Acknowledged},
		itsm.Clear("cache"),
	}
	doc, err := json.Marshal(want)
	if err != nil {
		t.Fatal(err)
	}
	const wire = `[{"id":"db-1","state":"down"},{"id":"db-2","state":"degraded","flags":"maintenance+acknowledged"},{"id":"cache","clear":true}]`
	if string(doc) != wire {
		t.Errorf("encoding\n got %s\nwant %s", doc, wire)
	}
	var got []itsm.Observation
	if err := json.Unmarshal(doc, &got); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	var explicit itsm.Observation
	if err := json.Unmarshal([]byte(`{"clear": false, "state": "unknown", "id": "x", "flags": "none"}`), &explicit); err != nil ||
		explicit != (itsm.Observation{ID: "x", State: itsm.Unknown}) {
		t.Errorf("explicit fields: %+v, %v", explicit, err)
	}
}

// The zero State means the same in Evaluate and Apply — invalid — and only Clear clears; Clear
// means "no observation" in both, and a Clear that also sets a state or flags is refused by both.
func TestClearIsExplicit(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "db-1", State: D})
	typo := itsm.Observation{ID: "db-1"} // what a misspelt "state" used to decode to
	var enum *itsm.EnumError
	if _, err := a.Evaluate([]itsm.Observation{typo}); !errors.As(err, &enum) {
		t.Errorf("Evaluate with the zero State: %v, want an *EnumError", err)
	}
	in := ev.Incremental()
	changes, err := in.Apply(typo)
	var oe *itsm.ObservationError
	if !errors.As(err, &oe) || !errors.As(err, &enum) || oe.ID != "db-1" || changes != nil {
		t.Errorf("Apply with the zero State: %v, %v; want an *ObservationError wrapping an *EnumError", changes, err)
	}
	if st, _ := in.Status("db-1"); st.State != D {
		t.Errorf("the refused Apply changed db-1 to %v", st)
	}
	changes, err = in.Apply(itsm.Clear("db-1"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range changes {
		got = append(got, string(c.ID)+" "+c.Before.String()+" → "+c.After.String())
	}
	if diff := cmp.Diff([]string{"db-1 down → operational", "app degraded → operational", "checkout degraded → operational"}, got); diff != "" {
		t.Errorf("clear (-want +got):\n%s", diff)
	}
	// In Evaluate a Clear is the node's (empty) entry: the same as leaving it out, and the node
	// is still named once.
	cleared, err := a.Evaluate([]itsm.Observation{itsm.Clear("db-1"), {ID: "db-2", State: D}})
	if err != nil {
		t.Fatal(err)
	}
	plain := mustEvaluate(t, a, itsm.Observation{ID: "db-2", State: D})
	if diff := cmp.Diff(plain.NotOperational(), cleared.NotOperational()); diff != "" {
		t.Errorf("Evaluate with a clear (-plain +cleared):\n%s", diff)
	}
	if diff := cmp.Diff(plain.Observations(), cleared.Observations()); diff != "" {
		t.Errorf("observations (-plain +cleared):\n%s", diff)
	}
	for _, obs := range [][]itsm.Observation{
		{itsm.Clear("db-1"), {ID: "db-1", State: D}},
		{{ID: "db-1", State: D}, itsm.Clear("db-1")},
		{itsm.Clear("db-1"), itsm.Clear("db-1")},
	} {
		if _, err := a.Evaluate(obs); !errors.Is(err, itsm.ErrDuplicateObservation) {
			t.Errorf("Evaluate %v: %v, want ErrDuplicateObservation", obs, err)
		}
		if _, err := ev.Incremental().Apply(obs...); !errors.Is(err, itsm.ErrDuplicateObservation) {
			t.Errorf("Apply %v: %v, want ErrDuplicateObservation", obs, err)
		}
	}
	for _, bad := range []itsm.Observation{{ID: "db-1", Clear: true, State: D}, {ID: "db-1", Clear: true, Flags: itsm.Acknowledged}} {
		if _, err := a.Evaluate([]itsm.Observation{bad}); !errors.Is(err, itsm.ErrClearConflict) {
			t.Errorf("Evaluate %+v: %v, want ErrClearConflict", bad, err)
		}
		if _, err := ev.Incremental().Apply(bad); !errors.Is(err, itsm.ErrClearConflict) {
			t.Errorf("Apply %+v: %v, want ErrClearConflict", bad, err)
		}
	}
	if _, err := ev.Incremental().Apply(itsm.Clear("nope")); !errors.Is(err, itsm.ErrUnknownID) {
		t.Errorf("clear of an unknown ID: %v", err)
	}
}
