package itsm_test

import (
	"fmt"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// The unknown policies say how a group reads an unknown member ("UnknownAsOperational reads an
// unknown member as operational", status.go); an edge mapping must not bypass that reading. A
// Raise or Lower edge used to step an unknown member from Down before the policy was consulted,
// so under UnknownAsOperational an unknown member behind "raise 1" took its group down, and under
// UnknownIgnored it still counted. The policy now reads the member first, then the mapping steps
// the result (and the policy reads a Fixed unknown too).
func TestUnknownPolicyThroughMappings(t *testing.T) {
	raise := itsm.Mapping{Kind: itsm.Raise, Levels: 1}
	lower := itsm.Mapping{Kind: itsm.Lower, Levels: 1}
	fixedU := itsm.Mapping{Kind: itsm.Fixed, Fixed: U}
	cases := []struct {
		p    itsm.UnknownPolicy
		mp   itsm.Mapping
		want itsm.State // the group state of all-of{unknown member over mp, operational member}
	}{
		{itsm.UnknownUncertain, raise, D}, // documented: Raise 1 of Unknown is Down (monotone)
		{itsm.UnknownUncertain, lower, G}, // documented: Lower 1 of Unknown is Degraded
		{itsm.UnknownUncertain, fixedU, U},
		{itsm.UnknownAsDown, raise, D},
		{itsm.UnknownAsDown, lower, G}, // down, lowered by one
		{itsm.UnknownAsDown, fixedU, D},
		{itsm.UnknownAsOperational, raise, O}, // was Down
		{itsm.UnknownAsOperational, lower, O}, // was Degraded
		{itsm.UnknownAsOperational, fixedU, O},
		{itsm.UnknownIgnored, raise, O}, // the member drops out; was Down
		{itsm.UnknownIgnored, lower, O}, // was Degraded
		{itsm.UnknownIgnored, fixedU, O},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%v/%s", c.p, c.mp.Kind), func(t *testing.T) {
			p := itsm.Policy{Unknown: c.p}
			ms := []itsm.Member{{Status: itsm.Status{State: U}, Map: c.mp}, {Status: itsm.Status{State: O}}}
			out, err := itsm.Combine(itsm.Rule{Op: itsm.AllOf}, ms, p)
			if err != nil {
				t.Fatal(err)
			}
			if out.Status.State != c.want {
				t.Errorf("Combine: got %v, want %v", out.Status.State, c.want)
			}
			// The model evaluation reads members through precomputed tables: same answer.
			m, err := itsm.NewBuilder().
				AddResource(itsm.Resource{ID: "r", Kind: itsm.Software}, itsm.Resource{ID: "ok", Kind: itsm.Software}).
				AddService(itsm.Service{ID: "s", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf},
					Members: []itsm.Edge{{Target: "r", Map: c.mp}, {Target: "ok"}}}}}).
				Build()
			if err != nil {
				t.Fatal(err)
			}
			ev := mustEvaluate(t, mustAnalyzer(t, m, p), itsm.Observation{ID: "r", State: U})
			got, _ := ev.Status("s")
			if diff := cmp.Diff(c.want, got.State); diff != "" {
				t.Errorf("Evaluate (-want +got):\n%s", diff)
			}
		})
	}
}
