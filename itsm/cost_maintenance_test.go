package itsm_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// A pricer sees the status with its flags, so planned maintenance is not priced as an outage: a
// rate table charges a status in maintenance its Maintenance rate (zero, free, unless set), an
// acknowledged outage its state's rate.
func TestRateTableMaintenance(t *testing.T) {
	eur := func(n int64) itsm.Money { return itsm.Money{Minor: n, Currency: euro} }
	tbl := itsm.RateTable{
		{Customer: "free", Down: eur(6000), Degraded: eur(600)},
		{Customer: "paid", Down: eur(6000), Degraded: eur(600), Maintenance: eur(60)},
	}
	for _, tc := range []struct {
		customer itsm.ID
		st       itsm.Status
		want     int64
	}{
		{"free", itsm.Status{State: D}, 1000},
		{"free", itsm.Status{State: D, Flags: itsm.InMaintenance}, 0},
		{"free", itsm.Status{State: G, Flags: itsm.InMaintenance}, 0},
		{"free", itsm.Status{State: D, Flags: itsm.Acknowledged}, 1000},
		{"free", itsm.Status{State: U, Flags: itsm.Acknowledged | itsm.Missing}, 100},
		{"paid", itsm.Status{State: D, Flags: itsm.InMaintenance}, 10},
		{"paid", itsm.Status{State: U, Flags: itsm.InMaintenance | itsm.Acknowledged}, 10},
		{"paid", itsm.Status{State: O, Flags: itsm.InMaintenance}, 0},
		{"paid", itsm.Status{State: NA, Flags: itsm.InMaintenance}, 0},
	} {
		got, err := tbl.Price(itsm.Subscription{Customer: tc.customer}, tc.st, 10*time.Minute)
		if err != nil || got.Minor != tc.want {
			t.Errorf("%s %v for 10m: %v, %v; want %d", tc.customer, tc.st, got, err, tc.want)
		}
	}
}

// The host down for planned maintenance takes checkout and catalogue down[maintenance]: the
// default rates charge nothing for it, a maintenance rate is charged and shown with its flags,
// and RecoveryOrder prices the statuses (with flags) before and after each repair.
func TestOutageCostMaintenance(t *testing.T) {
	a := mustAnalyzer(t, shop(t), itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "host", State: D, Flags: itsm.InMaintenance})
	if st, _ := ev.Status("checkout"); st != (itsm.Status{State: D, Flags: itsm.InMaintenance}) {
		t.Fatalf("checkout %v, want down[maintenance]", st)
	}
	got, err := ev.OutageCost(90*time.Minute, shopRates)
	if err != nil || len(got) != 0 {
		t.Errorf("planned maintenance at the default rates costs %v, %v; want nothing", got, err)
	}
	eur := func(n int64) itsm.Money { return itsm.Money{Minor: n, Currency: euro} }
	rates := append(itsm.RateTable{{Customer: "alice-co", Agreement: "sla-gold", Down: eur(100000), Maintenance: eur(5000)}}, shopRates...)
	got, err = ev.OutageCost(90*time.Minute, rates)
	if err != nil {
		t.Fatal(err)
	}
	want := []itsm.CustomerCost{{Customer: "alice-co", Total: eur(15000), Lines: []itsm.CostLine{
		{Agreement: "sla-gold", Service: "catalogue", State: D, Flags: itsm.InMaintenance, Cost: eur(7500)},
		{Agreement: "sla-gold", Service: "checkout", State: D, Flags: itsm.InMaintenance, Cost: eur(7500)},
	}}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("maintenance rate (-want +got):\n%s", diff)
	}
	for _, tc := range []struct {
		p    itsm.Pricer
		want int64
	}{{shopRates, 0}, {rates, 10000}} {
		order, err := ev.RecoveryOrder(tc.p)
		if err != nil {
			t.Fatal(err)
		}
		if len(order) != 1 || order[0].Node != "host" || order[0].Saves.Minor != tc.want {
			t.Errorf("recovery order %+v, want host saving %d", order, tc.want)
		}
	}
	var seen []itsm.Status
	spy := itsm.PricerFunc(func(_ itsm.Subscription, st itsm.Status, _ time.Duration) (itsm.Money, error) {
		seen = append(seen, st)
		return itsm.Money{}, nil
	})
	if _, err := ev.OutageCost(time.Hour, spy); err != nil {
		t.Fatal(err)
	}
	for _, st := range seen {
		if st.Flags&itsm.InMaintenance == 0 {
			t.Errorf("pricer saw %v without its maintenance flag", st)
		}
	}
}

// A budget is burnt by its fastest-burning service: a service in planned maintenance burns
// nothing unless MaintenanceBurns (then at full speed, as down), so an agreement with one service
// in maintenance and one degraded breaches at the degraded rate.
func TestTimeToBreachMaintenance(t *testing.T) {
	m, err := itsm.NewBuilder().AddResource(itsm.Resource{ID: "r1", Kind: itsm.Hardware}, itsm.Resource{ID: "r2", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "s1", Requires: []itsm.Group{allOfGroup("r1")}}, itsm.Service{ID: "s2", Requires: []itsm.Group{allOfGroup("r2")}}).
		AddCustomer(itsm.Customer{ID: "c"}).
		AddSubscription(itsm.Subscription{Customer: "c", Service: "s1", Agreement: "A"}, itsm.Subscription{Customer: "c", Service: "s2", Agreement: "A"}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	a := mustAnalyzer(t, m, itsm.Policy{})
	planned := itsm.Observation{ID: "r1", State: D, Flags: itsm.InMaintenance}
	for _, tc := range []struct {
		name   string
		obs    []itsm.Observation
		budget itsm.Budget
		want   []itsm.Breach
	}{
		{"maintenance alone", []itsm.Observation{planned},
			itsm.Budget{Customer: "c", Agreement: "A", Remaining: time.Hour, DegradedBurn: 500}, nil},
		{"maintenance burns", []itsm.Observation{planned},
			itsm.Budget{Customer: "c", Agreement: "A", Remaining: time.Hour, DegradedBurn: 500, MaintenanceBurns: true},
			[]itsm.Breach{{Customer: "c", Agreement: "A", Service: "s1", State: D, Flags: itsm.InMaintenance, In: time.Hour}}},
		{"maintenance and degraded", []itsm.Observation{planned, {ID: "r2", State: G}},
			itsm.Budget{Customer: "c", Agreement: "A", Remaining: time.Hour, DegradedBurn: 500},
			[]itsm.Breach{{Customer: "c", Agreement: "A", Service: "s2", State: G, In: 2 * time.Hour}}},
		{"maintenance burning beats degraded", []itsm.Observation{planned, {ID: "r2", State: G}},
			itsm.Budget{Customer: "c", Agreement: "A", Remaining: time.Hour, DegradedBurn: 500, MaintenanceBurns: true},
			[]itsm.Breach{{Customer: "c", Agreement: "A", Service: "s1", State: D, Flags: itsm.InMaintenance, In: time.Hour}}},
		{"acknowledged is an outage", []itsm.Observation{{ID: "r1", State: D, Flags: itsm.Acknowledged}},
			itsm.Budget{Customer: "c", Agreement: "A", Remaining: time.Hour},
			[]itsm.Breach{{Customer: "c", Agreement: "A", Service: "s1", State: D, Flags: itsm.Acknowledged, In: time.Hour}}},
		{"degraded in maintenance", []itsm.Observation{{ID: "r2", State: G, Flags: itsm.InMaintenance}},
			itsm.Budget{Customer: "c", Agreement: "A", Remaining: time.Hour, DegradedBurn: 500, MaintenanceBurns: true},
			[]itsm.Breach{{Customer: "c", Agreement: "A", Service: "s2", State: G, Flags: itsm.InMaintenance, In: time.Hour}}},
	} {
		got, err := mustEvaluate(t, a, tc.obs...).TimeToBreach([]itsm.Budget{tc.budget})
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(tc.want, got); diff != "" {
			t.Errorf("%s (-want +got):\n%s", tc.name, diff)
		}
	}
}
