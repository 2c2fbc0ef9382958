package sla_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// What a database outage costs under the contracts, and when each agreement breaches: an itsm
// evaluation priced by the customers' agreements (a 99.9 % month of 30 days, 12 days in, with the
// K1 credit tiers). Acme has lost nothing yet this month, Globex already 30 minutes.
func ExampleExposures() {
	m, _ := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "shop", Requires: []itsm.Group{{Name: "data", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}}).
		AddCustomer(itsm.Customer{ID: "acme"}, itsm.Customer{ID: "globex"}).
		AddSubscription(itsm.Subscription{Customer: "acme", Service: "shop", Agreement: "SLA-1"},
			itsm.Subscription{Customer: "globex", Service: "shop", Agreement: "SLA-2"}).
		Build()
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate([]itsm.Observation{{ID: "db", State: itsm.Down}})

	tiers, _ := sla.ParseCreditTable("[99, 99.9) 10%\n[95, 99) 25%\n[0, 95) 100%")
	eur, _ := sla.CurrencyOf("EUR")
	fee, _ := sla.ParseMoney("2000.00", eur)
	target, _ := sla.ParseTarget("99.9")
	month, _ := sla.NewTimeBudget(target, 30*24*time.Hour)
	exposure := func(customer itsm.ID, agreement string, lost time.Duration) sla.Exposure {
		st, _ := month.Use(int64(lost), int64(12*24*time.Hour))
		return sla.Exposure{Customer: customer, Agreement: agreement, Status: st,
			Credits: sla.CreditPolicy{Table: tiers}, Fee: fee}
	}
	x, _ := sla.NewExposures([]sla.Exposure{exposure("acme", "SLA-1", 0), exposure("globex", "SLA-2", 30*time.Minute)})

	for _, d := range []time.Duration{10 * time.Minute, 20 * time.Minute, time.Hour, 8 * time.Hour} {
		costs, _ := ev.OutageCost(d, x)
		fmt.Printf("an outage of %v costs:", d)
		for _, c := range costs {
			fmt.Printf(" %s %s;", c.Customer, c.Total)
		}
		fmt.Println()
	}
	breaches, _ := ev.TimeToBreach(x.Budgets())
	for _, b := range breaches {
		fmt.Printf("%s %s breaches in %v\n", b.Customer, b.Agreement, b.In)
	}
	// Output:
	// an outage of 10m0s costs:
	// an outage of 20m0s costs: globex EUR 200.00;
	// an outage of 1h0m0s costs: acme EUR 200.00; globex EUR 200.00;
	// an outage of 8h0m0s costs: acme EUR 500.00; globex EUR 500.00;
	// globex SLA-2 breaches in 13m12s
	// acme SLA-1 breaches in 43m12s
}

// Planned maintenance is priced by the objective's maintenance policy: the application server
// down for two hours of announced work costs nothing and breaches nothing under the default
// (maintenance excluded from the counted time), and is an outage like any other under
// MaintenanceDown. The month has 12 minutes of its budget left.
func ExampleExposure_maintenance() {
	m, _ := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "app-server", Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "shop", Requires: []itsm.Group{{Name: "app", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "app-server"}}}}}).
		AddCustomer(itsm.Customer{ID: "acme"}).
		AddSubscription(itsm.Subscription{Customer: "acme", Service: "shop", Agreement: "SLA-1"}).
		Build()
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate([]itsm.Observation{{ID: "app-server", State: itsm.Down, Flags: itsm.InMaintenance}})

	tiers, _ := sla.ParseCreditTable("[99, 99.9) 10%\n[95, 99) 25%\n[0, 95) 100%")
	eur, _ := sla.CurrencyOf("EUR")
	fee, _ := sla.ParseMoney("2000.00", eur)
	target, _ := sla.ParseTarget("99.9")
	month, _ := sla.NewTimeBudget(target, 30*24*time.Hour)
	st, _ := month.Use(int64(31*time.Minute+12*time.Second), int64(12*24*time.Hour))
	for _, p := range []sla.MaintenancePolicy{sla.MaintenanceExcluded, sla.MaintenanceDown} {
		x, _ := sla.NewExposures([]sla.Exposure{{Customer: "acme", Agreement: "SLA-1", Status: st,
			Maintenance: p, Credits: sla.CreditPolicy{Table: tiers}, Fee: fee}})
		costs, _ := ev.OutageCost(2*time.Hour, x)
		breaches, _ := ev.TimeToBreach(x.Budgets())
		fmt.Printf("%v: %d customers charged, %d agreements breaching", p, len(costs), len(breaches))
		for _, c := range costs {
			fmt.Printf("; %s %s", c.Customer, c.Total)
		}
		for _, b := range breaches {
			fmt.Printf("; %s breaches in %v", b.Agreement, b.In)
		}
		fmt.Println()
	}
	// Output:
	// maintenance excluded: 0 customers charged, 0 agreements breaching
	// maintenance counted down: 1 customers charged, 1 agreements breaching; acme EUR 200.00; SLA-1 breaches in 12m0s
}
