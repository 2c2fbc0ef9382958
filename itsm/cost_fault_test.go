package itsm_test

import (
	"errors"
	"math"
	"math/big"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

// LiftSet promises a set of repairs that lifts the node whenever repairs can. Here db is observed
// down and also held degraded by a Fixed mapping, so repairing db lifts it only to degraded; the
// pool (down below 3 up, degraded below 1 operational) is then operational, but its own
// degraded observation, raised by one on the front's edge, still keeps front down. The greedy
// choice asked db to become fully operational for the pool, found that no repair does that, and
// dropped the pool (and with it the pool's own observation) from front's set, answering [db];
// found by TestLiftSetLifts with -rapid.checks=3000.
func TestLiftSetRuleHeldMember(t *testing.T) {
	allOf := itsm.Rule{Op: itsm.AllOf}
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "cfg", Kind: itsm.Software}, itsm.Resource{ID: "disk", Kind: itsm.Hardware}).
		AddService(
			itsm.Service{ID: "db", Requires: []itsm.Group{{Rule: allOf, Members: []itsm.Edge{{Target: "disk"},
				{Target: "cfg", Map: itsm.Mapping{Kind: itsm.Fixed, Fixed: G}}}}}},
			itsm.Service{ID: "pool", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AtLeast,
				DegradedBelow: itsm.Threshold{Count: 1}, DownBelow: itsm.Threshold{Count: 3}}, Members: depsOn("cfg", "db", "disk")}}},
			itsm.Service{ID: "front", Requires: []itsm.Group{
				{Name: "db", Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 1}}, Members: depsOn("db")},
				{Name: "pool", Rule: allOf, Members: []itsm.Edge{{Target: "pool", Map: itsm.Mapping{Kind: itsm.Raise, Levels: 1}}}},
			}},
		).Build()
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "db", State: D}, itsm.Observation{ID: "pool", State: G})
	got, err := ev.LiftSet("front")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"db", "pool"}, got); diff != "" {
		t.Errorf("LiftSet(front) (-want +got):\n%s", diff)
	}
	in := ev.Incremental()
	for _, id := range got {
		if _, err := in.Apply(itsm.Observation{ID: id, State: O}); err != nil {
			t.Fatal(err)
		}
	}
	if after, _ := in.Status("front"); after.State >= D {
		t.Errorf("front after repairing %v: %v, want better than down", got, after)
	}
}

// The same fault with nothing else to repair: db, held degraded by a rule, is all the pool needs
// to be back up, but the greedy choice found no repair that makes db operational and answered
// that no repair lifts front.
func TestLiftSetRuleHeldOnlyCause(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "cfg", Kind: itsm.Software}, itsm.Resource{ID: "disk", Kind: itsm.Hardware}).
		AddService(
			itsm.Service{ID: "db", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf},
				Members: []itsm.Edge{{Target: "cfg", Map: itsm.Mapping{Kind: itsm.Fixed, Fixed: G}}}}}},
			itsm.Service{ID: "pool", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AtLeast,
				DegradedBelow: itsm.Threshold{Count: 1}, DownBelow: itsm.Threshold{Count: 2}}, Members: depsOn("db", "disk")}}},
			itsm.Service{ID: "front", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf},
				Members: []itsm.Edge{{Target: "pool", Map: itsm.Mapping{Kind: itsm.Raise, Levels: 1}}}}}},
		).Build()
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "db", State: D})
	if st, _ := ev.Status("front"); st.State != D {
		t.Fatalf("front %v, want down", st)
	}
	got, err := ev.LiftSet("front")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"db"}, got); diff != "" {
		t.Errorf("LiftSet(front) (-want +got):\n%s", diff)
	}
}

// degradedAgreement evaluates one service s over db, with customer c subscribed under agreement
// "A", with db (and so s) in state st.
func degradedAgreement(t testing.TB, st itsm.State) *itsm.Evaluation {
	m, err := itsm.NewBuilder().AddResource(itsm.Resource{ID: "db", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "s", Requires: []itsm.Group{{Name: "g", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}}).
		AddCustomer(itsm.Customer{ID: "c"}).AddSubscription(itsm.Subscription{Customer: "c", Service: "s", Agreement: "A"}).Build()
	if err != nil {
		t.Fatal(err)
	}
	return mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "db", State: st})
}

// TimeToBreach divided remaining × 1000 by the degraded burn with bits.Div64, which panics when
// the quotient does not fit in 64 bits: 300 days of budget burnt at 1 ‰ (821 years) crashed the
// caller. The time now saturates at the largest Duration, as documented.
func TestTimeToBreachSaturates(t *testing.T) {
	ev := degradedAgreement(t, G)
	got, err := ev.TimeToBreach([]itsm.Budget{{Customer: "c", Agreement: "A", Remaining: 300 * 24 * time.Hour, DegradedBurn: 1}})
	if err != nil {
		t.Fatal(err)
	}
	want := []itsm.Breach{{Customer: "c", Agreement: "A", Service: "s", State: G, In: math.MaxInt64}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("breach (-want +got):\n%s", diff)
	}
	for _, c := range []struct {
		rem  time.Duration
		burn int
		want time.Duration
	}{
		{math.MaxInt64, 1000, math.MaxInt64},        // counts as down time: exact, no saturation
		{math.MaxInt64, 999, math.MaxInt64},         // just too long
		{math.MaxInt64 / 2, 500, math.MaxInt64 - 1}, // fits exactly (rem × 2, rem odd)
		{18446744073709551, 1, math.MaxInt64},       // rem × 1000 just below 2⁶⁴, over MaxInt64
		{18446744073709552, 1, math.MaxInt64},       // rem × 1000 just over 2⁶⁴: Div64 panicked
		{9223372036854775, 1, 9223372036854775000},  // rem × 1000 fits
		{7, 3, 2333}, // rounded down to the nanosecond
	} {
		got, err := ev.TimeToBreach([]itsm.Budget{{Customer: "c", Agreement: "A", Remaining: c.rem, DegradedBurn: c.burn}})
		if err != nil || len(got) != 1 || got[0].In != c.want {
			t.Errorf("%d ns at %d‰: got %v, %v; want %d ns", c.rem, c.burn, got, err, c.want)
		}
	}
}

// testTimeToBreachExact: whatever the remaining budget and the burn, the time to breach is
// remaining × 1000 / burn rounded down (the remaining budget when down), saturated at the largest
// Duration; never a panic.
func testTimeToBreachExact(t *rapid.T, ev *itsm.Evaluation, st itsm.State) {
	rem := time.Duration(rapid.OneOf(rapid.Int64Range(-5, 1<<20), rapid.Int64Range(0, math.MaxInt64),
		rapid.Int64Range(math.MaxInt64/1000-5, math.MaxInt64/1000+5), rapid.Int64Range(math.MaxInt64-5, math.MaxInt64)).Draw(t, "remaining"))
	burn := rapid.IntRange(1, 1000).Draw(t, "burn")
	got, err := ev.TimeToBreach([]itsm.Budget{{Customer: "c", Agreement: "A", Remaining: rem, DegradedBurn: burn}})
	if err != nil || len(got) != 1 {
		t.Fatalf("got %v, %v", got, err)
	}
	want := new(big.Int).SetInt64(int64(max(rem, 0)))
	if st != D {
		want.Mul(want, big.NewInt(1000))
		want.Quo(want, big.NewInt(int64(burn)))
	}
	if !want.IsInt64() {
		want.SetInt64(math.MaxInt64)
	}
	if got[0].In != time.Duration(want.Int64()) {
		t.Fatalf("%d ns at %d‰ (%v): got %d, want %s", rem, burn, st, got[0].In, want)
	}
}

func TestTimeToBreachExact(t *testing.T) {
	for _, st := range []itsm.State{G, U, D} {
		ev := degradedAgreement(t, st)
		t.Run(st.String(), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) { testTimeToBreachExact(t, ev, st) })
		})
	}
}

// testProrateExact: a rate table charges rate × d / 1 h rounded down, exactly, or
// ErrMoneyOverflow when that does not fit in int64 minor units; never a panic or a wrap.
func testProrateExact(t *rapid.T) {
	per := rapid.OneOf(rapid.Int64Range(0, 1<<20), rapid.Int64Range(0, math.MaxInt64)).Draw(t, "per")
	d := time.Duration(rapid.OneOf(rapid.Int64Range(0, int64(48*time.Hour)), rapid.Int64Range(0, math.MaxInt64)).Draw(t, "d"))
	tbl := itsm.RateTable{{Customer: "c", Down: itsm.Money{Minor: per, Currency: yen}}}
	got, err := tbl.Price(itsm.Subscription{Customer: "c"}, itsm.Status{State: D}, d)
	want := new(big.Int).Mul(big.NewInt(per), big.NewInt(int64(d)))
	want.Quo(want, big.NewInt(int64(time.Hour)))
	if !want.IsInt64() {
		if !errors.Is(err, itsm.ErrMoneyOverflow) {
			t.Fatalf("%d/h for %v: got %v, %v; want ErrMoneyOverflow", per, d, got, err)
		}
		return
	}
	if err != nil || got != (itsm.Money{Minor: want.Int64(), Currency: yen}) {
		t.Fatalf("%d/h for %v: got %v, %v; want %s", per, d, got, err, want)
	}
}

func TestProrateExact(t *testing.T) { rapid.Check(t, testProrateExact) }

// Sums of money in OutageCost and RecoveryOrder overflow into ErrMoneyOverflow, never a panic or
// a wrapped amount: two subscriptions each costing the largest amount per hour.
func TestCostSumsOverflow(t *testing.T) {
	m, err := itsm.NewBuilder().AddResource(itsm.Resource{ID: "db", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "s1", Requires: []itsm.Group{allOfGroup("db")}}, itsm.Service{ID: "s2", Requires: []itsm.Group{allOfGroup("db")}}).
		AddCustomer(itsm.Customer{ID: "c"}).
		AddSubscription(itsm.Subscription{Customer: "c", Service: "s1", Agreement: "A"}, itsm.Subscription{Customer: "c", Service: "s2", Agreement: "A"}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "db", State: D})
	huge := itsm.RateTable{{Customer: "c", Agreement: "A", Down: itsm.Money{Minor: math.MaxInt64, Currency: euro}}}
	if got, err := ev.OutageCost(time.Hour, huge); !errors.Is(err, itsm.ErrMoneyOverflow) {
		t.Errorf("OutageCost: got %v, %v; want ErrMoneyOverflow", got, err)
	}
	if got, err := ev.RecoveryOrder(huge); !errors.Is(err, itsm.ErrMoneyOverflow) {
		t.Errorf("RecoveryOrder: got %v, %v; want ErrMoneyOverflow", got, err)
	}
	// A saving is before minus after: a pricer charging the most negative amount after the repair
	// makes that difference overflow too.
	odd := itsm.PricerFunc(func(_ itsm.Subscription, st itsm.Status, _ time.Duration) (itsm.Money, error) {
		if st.State == D {
			return itsm.Money{Minor: 1, Currency: euro}, nil
		}
		return itsm.Money{Minor: math.MinInt64, Currency: euro}, nil
	})
	if got, err := ev.RecoveryOrder(odd); !errors.Is(err, itsm.ErrMoneyOverflow) {
		t.Errorf("RecoveryOrder, overflowing difference: got %v, %v; want ErrMoneyOverflow", got, err)
	}
}
