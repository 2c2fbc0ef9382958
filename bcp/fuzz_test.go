package bcp_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/itsmkit/itsmkit/bcp"
)

// FuzzActivityJSON: any JSON document decoded into an Activity is either rejected with a typed
// bcp error or assessed without panicking, and a valid activity survives a JSON round trip.
func FuzzActivityJSON(f *testing.F) {
	f.Add(`{"id":"a","needs":["s"],"objectives":{"mtpd":86400000000000,"rto":0,"rpo":0,"wrt":null,"mbco":50},
	"impact":{"scale":{"names":["N","L","C"],"unacceptable":2},"curves":[{"dimension":4,"steps":[{"after":3600000000000,"level":1},{"after":7200000000000,"level":2}]}],
	"loss":{"kind":1,"per":3600000000000,"steps":[{"after":0,"amount":{"Minor":100,"Currency":{"Code":"CAD","Exponent":2}}}]}}}`)
	f.Add(`{"id":"b","impact":{"scale":{"names":["N"],"unacceptable":0},"curves":[{"dimension":1,"steps":[{"after":5,"level":0},{"after":1,"level":0}]}]}}`)
	f.Add(`{"id":"","objectives":{"rto":-1}}`)
	f.Fuzz(func(t *testing.T, doc string) {
		var a bcp.Activity
		if json.Unmarshal([]byte(doc), &a) != nil {
			return
		}
		as, err := bcp.Assess([]bcp.Activity{a}, bcp.DefaultTiers())
		if err != nil {
			var e *bcp.Error
			if !errors.As(err, &e) {
				t.Fatalf("untyped error %v", err)
			}
			return
		}
		if len(as) != 1 {
			t.Fatalf("%d assessments", len(as))
		}
		b, err := json.Marshal(a)
		if err != nil {
			t.Fatal(err)
		}
		var back bcp.Activity
		if err := json.Unmarshal(b, &back); err != nil {
			t.Fatal(err)
		}
		if d := cmp.Diff(a, back, cmpopts.EquateEmpty()); d != "" {
			t.Fatalf("round trip (-before +after):\n%s", d)
		}
	})
}
