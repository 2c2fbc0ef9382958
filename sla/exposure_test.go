package sla

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/itsm"
)

// k1Exposure is a 30-day, 99.9 % month with the K1 tiers and a EUR 2,000.00 fee, consumed lost
// so far after elapsed of the month.
func k1Exposure(t interface {
	Helper()
	Fatalf(string, ...any)
}, consumed, elapsed time.Duration) Exposure {
	t.Helper()
	tab, err := ParseCreditTable(k1Tiers)
	if err != nil {
		t.Fatalf("tiers: %v", err)
	}
	b, err := NewTimeBudget(mustTarget(t, "99.9"), 30*day)
	if err != nil {
		t.Fatalf("budget: %v", err)
	}
	st, err := b.Use(int64(consumed), int64(elapsed))
	if err != nil {
		t.Fatalf("use: %v", err)
	}
	return Exposure{Customer: "acme", Agreement: "SLA-1", Status: st, DegradedLoss: mustRat(t, "0.5"),
		Credits: CreditPolicy{Table: tab}, Fee: eur(t, "2000.00")}
}

// The price of an outage is the credit it adds at the month's end: nothing while it fits in the
// 43m12s budget (exactly at 99.9 % is attained), 10 % once it crosses it, 25 % past 7h12m
// (99.0 % exactly is still the 10 % tier), and degraded time at half weight.
func TestExposurePriceK1(t *testing.T) {
	x, err := NewExposures([]Exposure{k1Exposure(t, 0, 10*day)})
	if err != nil {
		t.Fatal(err)
	}
	sub := itsm.Subscription{Customer: "acme", Service: "shop", Agreement: "SLA-1"}
	for _, tc := range []struct {
		s    itsm.State
		d    time.Duration
		want string
	}{
		{itsm.Down, 43*time.Minute + 12*time.Second, "EUR 0.00"},
		{itsm.Down, 43*time.Minute + 12*time.Second + time.Nanosecond, "EUR 200.00"},
		{itsm.Down, 7*time.Hour + 12*time.Minute, "EUR 200.00"},
		{itsm.Down, 7*time.Hour + 12*time.Minute + time.Second, "EUR 500.00"},
		{itsm.Degraded, 86*time.Minute + 24*time.Second, "EUR 0.00"},
		{itsm.Degraded, 86*time.Minute + 25*time.Second, "EUR 200.00"},
		{itsm.Unknown, 2 * time.Hour, "EUR 200.00"},
		{itsm.Operational, 100 * time.Hour, "EUR 0.00"},
		{itsm.NotApplicable, 100 * time.Hour, "EUR 0.00"},
		// The outage cannot outlast the 20 days left of the month: 2/3 of it lost is 100 %.
		{itsm.Down, 1000 * day, "EUR 2000.00"},
	} {
		got, err := x.Price(sub, itsm.Status{State: tc.s}, tc.d)
		if err != nil {
			t.Fatal(err)
		}
		if got.String() != tc.want {
			t.Errorf("%v for %v: %s, want %s", tc.s, tc.d, got, tc.want)
		}
	}
	if got, _ := x.Price(itsm.Subscription{Customer: "other", Agreement: "SLA-1"}, itsm.Status{State: itsm.Down}, day); !got.IsZero() {
		t.Errorf("a subscription without an exposure costs %s, want nothing", got)
	}
	if _, err := x.Price(sub, itsm.Status{State: itsm.Down}, -time.Second); !errors.Is(err, ErrBadExposure) {
		t.Errorf("negative outage: %v, want ErrBadExposure", err)
	}
}

// A month that has already lost 40 minutes has 3m12s of budget left: a 4-minute outage now
// moves it into the 10 % tier, and its time to breach through itsm is the remaining budget.
func TestExposureAfterLoss(t *testing.T) {
	e := k1Exposure(t, 40*time.Minute, 10*day)
	c, err := e.Credit(itsm.Status{State: itsm.Down}, 4*time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	if c.Before.Amount.String() != "EUR 0.00" || c.After.Amount.String() != "EUR 200.00" || c.Added.String() != "EUR 200.00" {
		t.Errorf("credit %s → %s (+%s), want EUR 0.00 → EUR 200.00", c.Before.Amount, c.After.Amount, c.Added)
	}
	want := itsm.Budget{Customer: "acme", Agreement: "SLA-1", Remaining: 3*time.Minute + 12*time.Second, DegradedBurn: 500}
	if diff := cmp.Diff(want, e.Budget()); diff != "" {
		t.Errorf("budget (-want +got):\n%s", diff)
	}
	spent := k1Exposure(t, 2*time.Hour, 10*day)
	if got := spent.Budget().Remaining; got != 0 {
		t.Errorf("overspent budget remaining %v, want 0", got)
	}
}

// Exposures plug into itsm: an evaluation with the database down prices the outage of its
// customers by their contracts and says when each agreement breaches.
func TestExposureWithEvaluation(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "shop", Requires: []itsm.Group{{Name: "data", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}}).
		AddCustomer(itsm.Customer{ID: "acme"}, itsm.Customer{ID: "globex"}).
		AddSubscription(itsm.Subscription{Customer: "acme", Service: "shop", Agreement: "SLA-1"},
			itsm.Subscription{Customer: "globex", Service: "shop", Agreement: "SLA-2"}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	a, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := a.Evaluate([]itsm.Observation{{ID: "db", State: itsm.Down}})
	if err != nil {
		t.Fatal(err)
	}
	acme := k1Exposure(t, 0, 10*day)
	globex := k1Exposure(t, 30*time.Minute, 10*day)
	globex.Customer, globex.Agreement = "globex", "SLA-2"
	x, err := NewExposures([]Exposure{globex, acme})
	if err != nil {
		t.Fatal(err)
	}
	costs, err := ev.OutageCost(time.Hour, x)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, c := range costs {
		got = append(got, string(c.Customer)+" "+c.Total.String())
	}
	if diff := cmp.Diff([]string{"acme EUR 200.00", "globex EUR 200.00"}, got); diff != "" {
		t.Errorf("cost of one hour (-want +got):\n%s", diff)
	}
	breaches, err := ev.TimeToBreach(x.Budgets())
	if err != nil {
		t.Fatal(err)
	}
	var in []string
	for _, b := range breaches {
		in = append(in, string(b.Customer)+" "+b.In.String())
	}
	if diff := cmp.Diff([]string{"globex 13m12s", "acme 43m12s"}, in); diff != "" {
		t.Errorf("time to breach (-want +got):\n%s", diff)
	}
}

func TestNewExposuresErrors(t *testing.T) {
	good := k1Exposure(t, 0, day)
	count, _ := NewCountBudget(mustTarget(t, "99"), 100, UnitEvents)
	events := good
	events.Status.Budget = count
	events.Agreement = "SLA-events"
	noID := good
	noID.Agreement = ""
	badLoss := good
	badLoss.DegradedLoss = mustRat(t, "1.5")
	badLoss.Agreement = "SLA-loss"
	negFee := good
	negFee.Fee = eur(t, "-1.00")
	negFee.Agreement = "SLA-fee"
	_, err := NewExposures([]Exposure{good, good, events, noID, badLoss, negFee})
	if !errors.Is(err, ErrBadExposure) {
		t.Fatalf("err %v, want ErrBadExposure", err)
	}
	var n int
	for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
		if errors.Is(e, ErrBadExposure) {
			n++
		}
	}
	if n != 5 {
		t.Errorf("%d problems reported, want 5 (events budget, no ID, loss, fee, duplicate): %v", n, err)
	}
}

// More outage never costs less, down never costs less than degraded, and the added credit is
// never negative nor more than the fee.
func TestExposurePriceMonotone(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		consumed := time.Duration(rapid.Int64Range(0, int64(10*day)).Draw(rt, "consumed"))
		e := k1Exposure(rt, consumed, 10*day)
		d1 := time.Duration(rapid.Int64Range(0, int64(40*day)).Draw(rt, "d1"))
		d2 := d1 + time.Duration(rapid.Int64Range(0, int64(40*day)).Draw(rt, "extra"))
		price := func(s itsm.State, d time.Duration) int64 {
			c, err := e.Credit(itsm.Status{State: s}, d)
			if err != nil {
				rt.Fatal(err)
			}
			if c.Added.Minor < 0 || c.Added.Minor > e.Fee.Minor {
				rt.Fatalf("added credit %s outside [0, fee]", c.Added)
			}
			return c.Added.Minor
		}
		if price(itsm.Down, d1) > price(itsm.Down, d2) {
			rt.Fatalf("longer outage costs less")
		}
		if price(itsm.Degraded, d2) > price(itsm.Down, d2) {
			rt.Fatalf("degraded costs more than down")
		}
	})
}

// maintenanceShop is the reproducer's model: the shop needs the app server, which is down for
// planned maintenance; acme subscribes under SLA-1.
func maintenanceShop(t *testing.T) *itsm.Evaluation {
	t.Helper()
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "app-server", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "shop", Requires: []itsm.Group{{Name: "app", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "app-server"}}}}}).
		AddCustomer(itsm.Customer{ID: "acme"}).
		AddSubscription(itsm.Subscription{Customer: "acme", Service: "shop", Agreement: "SLA-1"}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	a, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		t.Fatal(err)
	}
	ev, err := a.Evaluate([]itsm.Observation{{ID: "app-server", State: itsm.Down, Flags: itsm.InMaintenance}})
	if err != nil {
		t.Fatal(err)
	}
	return ev
}

// Planned maintenance is not an outage unless the objective says so: with 12 minutes of the
// month's 43m12s budget left, the app server down for two hours of planned work costs nothing
// and breaches nothing under the default (maintenance excluded) and under MaintenanceUp; under
// MaintenanceDown it is the 10 % credit and a breach in 12 minutes, as the same outage unplanned
// is under every policy.
func TestExposureMaintenance(t *testing.T) {
	ev := maintenanceShop(t)
	if st, _ := ev.Status("shop"); st != (itsm.Status{State: itsm.Down, Flags: itsm.InMaintenance}) {
		t.Fatalf("shop is %v, want down[maintenance]", st)
	}
	for _, tc := range []struct {
		policy MaintenancePolicy
		cost   string // "" for none
		breach string // "" for none
	}{
		{0, "", ""},
		{MaintenanceExcluded, "", ""},
		{MaintenanceUp, "", ""},
		{MaintenanceDown, "EUR 200.00", "shop down[maintenance] in 12m0s"},
	} {
		e := k1Exposure(t, 31*time.Minute+12*time.Second, 10*day)
		e.Maintenance = tc.policy
		x, err := NewExposures([]Exposure{e})
		if err != nil {
			t.Fatal(err)
		}
		costs, err := ev.OutageCost(2*time.Hour, x)
		if err != nil {
			t.Fatal(err)
		}
		cost := ""
		for _, c := range costs {
			cost = c.Total.String()
		}
		breaches, err := ev.TimeToBreach(x.Budgets())
		if err != nil {
			t.Fatal(err)
		}
		breach := ""
		for _, b := range breaches {
			breach = fmt.Sprintf("%s %v in %v", b.Service, itsm.Status{State: b.State, Flags: b.Flags}, b.In)
		}
		if cost != tc.cost || breach != tc.breach {
			t.Errorf("%v: cost %q, breach %q; want %q, %q", tc.policy, cost, breach, tc.cost, tc.breach)
		}
		// The same outage unplanned costs the credit and breaches in 12 minutes whatever the
		// maintenance policy.
		unplanned := itsm.Status{State: itsm.Down}
		if got, err := x.Price(itsm.Subscription{Customer: "acme", Service: "shop", Agreement: "SLA-1"}, unplanned, 2*time.Hour); err != nil || got.String() != "EUR 200.00" {
			t.Errorf("%v: unplanned outage costs %s, %v; want EUR 200.00", tc.policy, got, err)
		}
	}
}

// The maintenance policy reads the flag, the state how bad: degraded time in maintenance counts
// in full under MaintenanceDown (maintenance is lost time), not by DegradedLoss; an operational
// service in maintenance loses nothing; an acknowledged outage is still an outage.
func TestExposureMaintenanceStates(t *testing.T) {
	e := k1Exposure(t, 31*time.Minute+12*time.Second, 10*day) // 12m of budget left
	sub := itsm.Subscription{Customer: "acme", Service: "shop", Agreement: "SLA-1"}
	for _, tc := range []struct {
		policy MaintenancePolicy
		st     itsm.Status
		d      time.Duration
		want   string
	}{
		// 20 minutes degraded at half weight is 10 lost: within the budget.
		{MaintenanceDown, itsm.Status{State: itsm.Degraded}, 20 * time.Minute, "EUR 0.00"},
		// In maintenance under MaintenanceDown the same 20 minutes are lost in full.
		{MaintenanceDown, itsm.Status{State: itsm.Degraded, Flags: itsm.InMaintenance}, 20 * time.Minute, "EUR 200.00"},
		{MaintenanceDown, itsm.Status{State: itsm.Unknown, Flags: itsm.InMaintenance}, 20 * time.Minute, "EUR 200.00"},
		{MaintenanceDown, itsm.Status{State: itsm.Operational, Flags: itsm.InMaintenance}, 20 * time.Hour, "EUR 0.00"},
		{MaintenanceExcluded, itsm.Status{State: itsm.Degraded, Flags: itsm.InMaintenance}, 20 * time.Hour, "EUR 0.00"},
		{MaintenanceUp, itsm.Status{State: itsm.Down, Flags: itsm.InMaintenance | itsm.Acknowledged}, 20 * time.Hour, "EUR 0.00"},
		{0, itsm.Status{State: itsm.Down, Flags: itsm.Acknowledged}, 20 * time.Minute, "EUR 200.00"},
	} {
		e.Maintenance = tc.policy
		x, err := NewExposures([]Exposure{e})
		if err != nil {
			t.Fatal(err)
		}
		got, err := x.Price(sub, tc.st, tc.d)
		if err != nil || got.String() != tc.want {
			t.Errorf("%v, %v for %v: %s, %v; want %s", tc.policy, tc.st, tc.d, got, err, tc.want)
		}
	}
	for _, tc := range []struct {
		policy MaintenancePolicy
		burns  bool
	}{{0, false}, {MaintenanceExcluded, false}, {MaintenanceUp, false}, {MaintenanceDown, true}} {
		e.Maintenance = tc.policy
		if got := e.Budget().MaintenanceBurns; got != tc.burns {
			t.Errorf("%v: budget MaintenanceBurns %v, want %v", tc.policy, got, tc.burns)
		}
	}
	e.Maintenance = MaintenanceDown + 1
	if _, err := NewExposures([]Exposure{e}); !errors.Is(err, ErrBadExposure) {
		t.Errorf("undeclared maintenance policy: %v, want ErrBadExposure", err)
	}
}
