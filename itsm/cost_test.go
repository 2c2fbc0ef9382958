package itsm_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

var (
	euro = itsm.Currency{Code: "EUR", Exponent: 2}
	usd  = itsm.Currency{Code: "USD", Exponent: 2}
	yen  = itsm.Currency{Code: "JPY"}
)

var shopRates = itsm.RateTable{
	{Customer: "alice-co", Agreement: "sla-gold", Down: itsm.Money{Minor: 100000, Currency: euro}, Degraded: itsm.Money{Minor: 20000, Currency: euro}},
	{Customer: "bob-co", Agreement: "sla-basic", Down: itsm.Money{Minor: 10000, Currency: euro}},
}

func TestOutageCost(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "host", State: D})
	got, err := ev.OutageCost(90*time.Minute, shopRates)
	if err != nil {
		t.Fatal(err)
	}
	eur := func(n int64) itsm.Money { return itsm.Money{Minor: n, Currency: euro} }
	want := []itsm.CustomerCost{
		{Customer: "alice-co", Total: eur(300000), Lines: []itsm.CostLine{
			{Agreement: "sla-gold", Service: "catalogue", State: D, Cost: eur(150000)},
			{Agreement: "sla-gold", Service: "checkout", State: D, Cost: eur(150000)},
		}},
		{Customer: "bob-co", Total: eur(15000), Lines: []itsm.CostLine{{Agreement: "sla-basic", Service: "catalogue", State: D, Cost: eur(15000)}}},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("cost (-want +got):\n%s", diff)
	}
	// Degraded: only checkout, at alice's degraded rate.
	ev = mustEvaluate(t, a, itsm.Observation{ID: "db-1", State: D})
	got, err = ev.OutageCost(time.Hour, shopRates)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Total != eur(20000) {
		t.Errorf("degraded cost %v", got)
	}
	mixed := append(itsm.RateTable{{Customer: "alice-co", Agreement: "sla-gold", Down: itsm.Money{Minor: 1, Currency: usd}}}, shopRates...)
	ev = mustEvaluate(t, a, itsm.Observation{ID: "host", State: D})
	if _, err := ev.OutageCost(time.Hour, append(itsm.RateTable{}, mixed[0], itsm.Rate{Customer: "alice-co", Agreement: "sla-gold"})); err != nil {
		t.Errorf("same currency per customer: %v", err)
	}
	inUSD := itsm.PricerFunc(func(s itsm.Subscription, st itsm.Status, d time.Duration) (itsm.Money, error) {
		if s.Service == "checkout" {
			return itsm.Money{Minor: 1, Currency: usd}, nil
		}
		return itsm.Money{Minor: 1, Currency: euro}, nil
	})
	if _, err := ev.OutageCost(time.Hour, inUSD); !errors.Is(err, itsm.ErrCurrencyMismatch) {
		t.Errorf("mixed currencies: %v", err)
	}
}

func TestRateTableProrate(t *testing.T) {
	cases := []struct {
		per  int64
		d    time.Duration
		want int64
		err  error
	}{
		{7, 20 * time.Minute, 2, nil}, // 2.33 rounds down
		{1, 30 * time.Minute, 0, nil},
		{3600, time.Second, 1, nil},
		{1 << 62, 2 * time.Hour, 0, itsm.ErrMoneyOverflow},
		{-1, time.Hour, 0, itsm.ErrNegative},
		{1, -time.Hour, 0, itsm.ErrNegative},
	}
	for _, c := range cases {
		tbl := itsm.RateTable{{Customer: "c", Down: itsm.Money{Minor: c.per, Currency: yen}}}
		got, err := tbl.Price(itsm.Subscription{Customer: "c"}, itsm.Status{State: D}, c.d)
		if !errors.Is(err, c.err) || (c.err == nil && got != itsm.Money{Minor: c.want, Currency: yen}) {
			t.Errorf("%d/h for %v: got %v, %v; want %d, %v", c.per, c.d, got, err, c.want, c.err)
		}
	}
}

func TestTimeToBreach(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	budgets := []itsm.Budget{
		{Customer: "alice-co", Agreement: "sla-gold", Remaining: 2 * time.Hour, DegradedBurn: 500},
		{Customer: "bob-co", Agreement: "sla-basic", Remaining: 30 * time.Minute},
	}
	// Checkout degraded: alice's budget burns at half speed; bob is not affected.
	ev := mustEvaluate(t, a, itsm.Observation{ID: "db-1", State: D})
	got, err := ev.TimeToBreach(budgets)
	if err != nil {
		t.Fatal(err)
	}
	want := []itsm.Breach{{Customer: "alice-co", Agreement: "sla-gold", Service: "checkout", State: G, In: 4 * time.Hour}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("degraded (-want +got):\n%s", diff)
	}
	ev = mustEvaluate(t, a, itsm.Observation{ID: "host", State: D})
	got, err = ev.TimeToBreach(budgets)
	if err != nil {
		t.Fatal(err)
	}
	want = []itsm.Breach{
		{Customer: "bob-co", Agreement: "sla-basic", Service: "catalogue", State: D, In: 30 * time.Minute},
		{Customer: "alice-co", Agreement: "sla-gold", Service: "catalogue", State: D, In: 2 * time.Hour},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("down (-want +got):\n%s", diff)
	}
	if _, err := ev.TimeToBreach([]itsm.Budget{{DegradedBurn: 1001}}); !errors.Is(err, itsm.ErrNegative) {
		t.Errorf("bad burn: %v", err)
	}
}

func TestRecoveryOrderAndLiftSet(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "host", State: D}, itsm.Observation{ID: "db-1", State: D},
		itsm.Observation{ID: "db-2", State: D}, itsm.Observation{ID: "db-3", State: D})
	got, err := ev.RecoveryOrder(shopRates)
	if err != nil {
		t.Fatal(err)
	}
	want := []itsm.Repair{
		// The host brings the catalogue back for both customers; the app still lacks replicas.
		{Node: "host", Services: []itsm.ID{"catalogue"}, CustomersRestored: 2, Saves: itsm.Money{Minor: 110000, Currency: euro}},
		{Node: "db-1"}, {Node: "db-2"}, {Node: "db-3"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("recovery order (-want +got):\n%s", diff)
	}
	// Two of the three replicas lift the replica group from down to degraded.
	lift, err := ev.LiftSet("app")
	if err != nil {
		t.Fatal(err)
	}
	// Both of the app's groups are down: the host, and two of the three replicas.
	if diff := cmp.Diff([]itsm.ID{"db-1", "db-2", "host"}, lift); diff != "" {
		t.Errorf("lift app (-want +got):\n%s", diff)
	}
	ev = mustEvaluate(t, a, itsm.Observation{ID: "db-1", State: D}, itsm.Observation{ID: "db-2", State: D}, itsm.Observation{ID: "db-3", State: D})
	lift, err = ev.LiftSet("checkout")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"db-1", "db-2"}, lift); diff != "" {
		t.Errorf("lift checkout (-want +got):\n%s", diff)
	}
	if lift, _ := ev.LiftSet("catalogue"); lift != nil {
		t.Errorf("operational node needs %v", lift)
	}
	if lift, _ := ev.LiftSet("db-3"); !cmp.Equal(lift, []itsm.ID{"db-3"}) {
		t.Errorf("observed node needs %v", lift)
	}
	if _, err := ev.LiftSet("nope"); !errors.Is(err, itsm.ErrUnknownID) {
		t.Errorf("unknown: %v", err)
	}
}

// ExampleEvaluation_OutageCost wires agreement credit terms in through a PricerFunc, the way a
// caller holding sla agreements would: here a flat 10 % of a 5,000.00 EUR monthly fee per started
// hour of downtime, with the rounding stated.
func ExampleEvaluation_OutageCost() {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}).
		AddService(itsm.Service{ID: "crm", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}}).
		AddCustomer(itsm.Customer{ID: "acme"}).
		AddSubscription(itsm.Subscription{Customer: "acme", Service: "crm", Agreement: "crm-gold"}).
		Build()
	if err != nil {
		panic(err)
	}
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate([]itsm.Observation{{ID: "db", State: itsm.Down}})
	eur, _ := itsm.CurrencyOf("EUR")
	fee, _ := itsm.ParseMoney("5000.00", eur)
	credits := itsm.PricerFunc(func(sub itsm.Subscription, st itsm.Status, d time.Duration) (itsm.Money, error) {
		if st.State != itsm.Down || st.Flags&itsm.InMaintenance != 0 { // planned work earns no credit
			return itsm.Money{}, nil
		}
		hours := int64((d + time.Hour - 1) / time.Hour)
		return fee.Percent(itsm.IntRatio(10*hours), itsm.RoundDown)
	})
	costs, _ := ev.OutageCost(150*time.Minute, credits)
	fmt.Println(costs[0].Customer, costs[0].Total)
	// Output: acme EUR 1500.00
}

// testLiftSetLifts: repairing a node's lift set (observing each input operational) makes the node
// better, unless only a rule (a fixed mapping, nothing applicable) holds it, so that nothing is
// left to repair.
func testLiftSetLifts(t *rapid.T) {
	b, _, all := genModel(t, true, false)
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	a, err := itsm.NewAnalyzer(m, monotonePolicy(t))
	if err != nil {
		t.Fatal(err)
	}
	obs := genObservations(t, all, "obs")
	for i := range obs {
		obs[i].Flags = 0
	}
	ev, err := a.Evaluate(obs)
	if err != nil {
		t.Fatal(err)
	}
	for _, ns := range ev.NotOperational() {
		x, _ := ev.Explain(ns.ID)
		if x.Cause != itsm.CauseGroup {
			continue
		}
		lift, err := ev.LiftSet(ns.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(lift) == 0 {
			continue // a rule made the state (nothing applicable, a fixed mapping): no repair lifts it
		}
		in := ev.Incremental()
		for _, id := range lift {
			if _, err := in.Apply(itsm.Observation{ID: id, State: O}); err != nil {
				t.Fatal(err)
			}
		}
		after, _ := in.Evaluation().Status(ns.ID)
		if after.State >= ns.Status.State {
			// Only a rule can hold it now: nothing left to repair.
			if more, _ := in.Evaluation().LiftSet(ns.ID); len(more) > 0 {
				t.Fatalf("%s %v: repairing %v leaves it %v, and %v could still be repaired", ns.ID, ns.Status, lift, after, more)
			}
		}
	}
}

func TestLiftSetLifts(t *testing.T) { rapid.Check(t, testLiftSetLifts) }
func FuzzLiftSetLifts(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testLiftSetLifts)) }

func ExampleEvaluation_LiftSet() {
	// Four replicas, the service is down below three up; three replicas have failed.
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "r1", Kind: itsm.Hardware}, itsm.Resource{ID: "r2", Kind: itsm.Hardware},
			itsm.Resource{ID: "r3", Kind: itsm.Hardware}, itsm.Resource{ID: "r4", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "search", Requires: []itsm.Group{{
			Name:    "replicas",
			Rule:    itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 3}},
			Members: []itsm.Edge{{Target: "r1"}, {Target: "r2"}, {Target: "r3"}, {Target: "r4"}},
		}}}).Build()
	if err != nil {
		panic(err)
	}
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate([]itsm.Observation{{ID: "r1", State: itsm.Down}, {ID: "r2", State: itsm.Down}, {ID: "r3", State: itsm.Down}})
	lift, _ := ev.LiftSet("search")
	fmt.Println("repair", lift)
	order, _ := ev.RecoveryOrder(nil)
	for _, r := range order {
		fmt.Println(r.Node, "alone restores", r.Services)
	}
	// Output:
	// repair [r1 r2]
	// r1 alone restores []
	// r2 alone restores []
	// r3 alone restores []
}

func ExampleEvaluation_TimeToBreach() {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}).
		AddService(itsm.Service{ID: "crm", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}}).
		AddCustomer(itsm.Customer{ID: "acme"}).
		AddSubscription(itsm.Subscription{Customer: "acme", Service: "crm", Agreement: "crm-gold"}).
		Build()
	if err != nil {
		panic(err)
	}
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate([]itsm.Observation{{ID: "db", State: itsm.Down}})
	breaches, _ := ev.TimeToBreach([]itsm.Budget{{Customer: "acme", Agreement: "crm-gold", Remaining: 43 * time.Minute}})
	for _, b := range breaches {
		fmt.Println(b.Customer, b.Agreement, "breaches in", b.In, "because", b.Service, "is", b.State)
	}
	aff := ev.Affected()
	fmt.Println(aff.Customers)
	// Output:
	// acme crm-gold breaches in 43m0s because crm is down
	// [{acme down [crm]}]
}
