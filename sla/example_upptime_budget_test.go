package sla_test

import (
	"fmt"
	"os"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// upptimeMonthlyCredits applies an example agreement to every site of a shipped Upptime history:
// 99.5 % availability per UTC calendar month, the K1 credit tiers, a fee of EUR 1,000.00 per
// month. The monitor watched each site from its startTime to its lastUpdated, so the first and
// last months are partial: the budget is 0.5 % of the time observed in the month, and the fee
// is prorated to that time (rounded half up to the cent) before the tier's share is taken.
func upptimeMonthlyCredits(dir string) []string {
	target, _ := sla.ParseTarget("99.5")
	tiers, _ := sla.ParseCreditTable("[99.0, 99.9) 10%; [95.0, 99.0) 25%; [0, 95.0) 100%")
	policy := sla.CreditPolicy{Table: tiers, Rounding: sla.RoundHalfUp}
	eur, _ := sla.CurrencyOf("EUR")
	fee, _ := sla.ParseMoney("1000.00", eur)
	u, err := sla.LoadUpptime(os.DirFS("../internal/dataset"), dir)
	if err != nil {
		return []string{err.Error()}
	}
	var lines []string
	for _, s := range u.Sites {
		w := sla.Interval{Start: s.Start, End: s.LastUpdated}
		tl, err := sla.TimelineFromEvents(w, u.Events(s.Slug), sla.WithInitial(sla.Operational))
		if err != nil {
			return []string{err.Error()}
		}
		for month := range sla.Monthly(time.UTC).Covering(w) {
			rep, err := sla.Availability(tl, nil, month, sla.Policy{})
			if err != nil || !rep.Known {
				lines = append(lines, fmt.Sprintf("%s %s: no data", s.Slug, month.Start.Format("2006-01")))
				continue
			}
			budget, _ := sla.NewPeriodBudget(target, nil, month)
			status, _ := budget.UseReport(rep) // the time not observed is excluded from the budget too
			share, _ := sla.RatioOf(int64(rep.Counted), int64(month.Duration()))
			prorated, _ := fee.Share(share, sla.RoundHalfUp)
			credit, _ := policy.Credit(rep.Availability, prorated)
			lines = append(lines, fmt.Sprintf("%s %s: %s of %s, budget %s, down %s, used %s%%, credit %s of %s",
				s.Slug, month.Start.Format("2006-01"), rep.Format(3), rep.Counted.Round(time.Minute),
				status.Budget.AllowedDuration().Round(time.Second), rep.LostDuration().Round(time.Second),
				status.ConsumedShare.MulInt(100).FloorString(1), credit.Amount, prorated))
		}
	}
	return lines
}

// Monthly budget, burn and credits for TabbyML's monitored sites and for the BC Building Permit
// Hub with its external dependencies (real Upptime histories shipped with the module; any
// Upptime repository checked out on disk reads the same way).
func Example_upptimeCredits() {
	for _, dir := range []string{"upptime-tabbyml", "upptime-bcgov-building-permit-hub"} {
		for _, l := range upptimeMonthlyCredits(dir) {
			fmt.Println(l)
		}
	}
	// Output:
	// hugging-face 2024-02: 92.931% of 24h14m0s, budget 7m16s, down 1h42m45s, used 1413.7%, credit EUR 34.81 of EUR 34.81
	// hugging-face 2024-03: 100.000% of 744h0m0s, budget 3h43m12s, down 0s, used 0.0%, credit EUR 0.00 of EUR 1000.00
	// hugging-face 2024-04: 99.734% of 720h0m0s, budget 3h36m0s, down 1h54m37s, used 53.0%, credit EUR 100.00 of EUR 1000.00
	// hugging-face 2024-05: 100.000% of 744h0m0s, budget 3h43m12s, down 0s, used 0.0%, credit EUR 0.00 of EUR 1000.00
	// hugging-face 2024-06: 100.000% of 119h4m0s, budget 35m43s, down 0s, used 0.0%, credit EUR 0.00 of EUR 165.36
	// git-hub 2024-02: 100.000% of 24h14m0s, budget 7m16s, down 0s, used 0.0%, credit EUR 0.00 of EUR 34.81
	// git-hub 2024-03: 100.000% of 744h0m0s, budget 3h43m12s, down 0s, used 0.0%, credit EUR 0.00 of EUR 1000.00
	// git-hub 2024-04: 100.000% of 720h0m0s, budget 3h36m0s, down 0s, used 0.0%, credit EUR 0.00 of EUR 1000.00
	// git-hub 2024-05: 100.000% of 744h0m0s, budget 3h43m12s, down 0s, used 0.0%, credit EUR 0.00 of EUR 1000.00
	// git-hub 2024-06: 100.000% of 119h4m0s, budget 35m43s, down 0s, used 0.0%, credit EUR 0.00 of EUR 165.36
	// tabby-demo 2024-05: 100.000% of 676h19m0s, budget 3h22m54s, down 0s, used 0.0%, credit EUR 0.00 of EUR 909.03
	// tabby-demo 2024-06: 99.355% of 119h4m0s, budget 35m43s, down 46m3s, used 128.9%, credit EUR 16.54 of EUR 165.36
	// building-permit-hub 2026-07: 94.356% of 416h19m0s, budget 2h4m54s, down 23h29m37s, used 1128.6%, credit EUR 559.56 of EUR 559.56
	// building-permit-hub 2026-08: 93.849% of 518h18m0s, budget 2h35m29s, down 31h52m35s, used 1230.0%, credit EUR 696.64 of EUR 696.64
	// external-dependencies-authentication-service 2026-07: 99.910% of 416h19m0s, budget 2h4m54s, down 22m22s, used 17.9%, credit EUR 0.00 of EUR 559.56
	// external-dependencies-authentication-service 2026-08: 100.000% of 503h7m0s, budget 2h30m56s, down 0s, used 0.0%, credit EUR 0.00 of EUR 676.22
	// external-dependencies-bc-address-geocoder 2026-07: 95.049% of 416h19m0s, budget 2h4m54s, down 20h36m40s, used 990.1%, credit EUR 139.89 of EUR 559.56
	// external-dependencies-bc-address-geocoder 2026-08: 95.307% of 518h18m0s, budget 2h35m29s, down 24h19m18s, used 938.5%, credit EUR 174.16 of EUR 696.64
	// external-dependencies-ltsa-parcel-map-bc 2026-07: 95.832% of 416h19m0s, budget 2h4m54s, down 17h21m6s, used 833.5%, credit EUR 139.89 of EUR 559.56
	// external-dependencies-ltsa-parcel-map-bc 2026-08: 96.591% of 518h18m0s, budget 2h35m29s, down 17h39m56s, used 681.6%, credit EUR 174.16 of EUR 696.64
	// external-dependencies-bc-admin-boundaries 2026-07: 98.063% of 416h19m0s, budget 2h4m54s, down 8h3m50s, used 387.3%, credit EUR 139.89 of EUR 559.56
	// external-dependencies-bc-admin-boundaries 2026-08: 99.744% of 503h7m0s, budget 2h30m56s, down 1h17m0s, used 51.0%, credit EUR 67.62 of EUR 676.22
	// external-dependencies-epsg-registry 2026-07: 100.000% of 416h19m0s, budget 2h4m54s, down 0s, used 0.0%, credit EUR 0.00 of EUR 559.55
	// external-dependencies-epsg-registry 2026-08: 100.000% of 503h7m0s, budget 2h30m56s, down 0s, used 0.0%, credit EUR 0.00 of EUR 676.22
	// external-service-archistar-platform-canada 2026-07: 99.788% of 416h9m0s, budget 2h4m51s, down 52m55s, used 42.3%, credit EUR 55.93 of EUR 559.34
	// external-service-archistar-platform-canada 2026-08: 99.622% of 503h7m0s, budget 2h30m56s, down 1h53m55s, used 75.4%, credit EUR 67.62 of EUR 676.22
	// external-dependencies-keycloak-authentication 2026-07: 99.930% of 416h9m0s, budget 2h4m51s, down 17m24s, used 13.9%, credit EUR 0.00 of EUR 559.34
	// external-dependencies-keycloak-authentication 2026-08: 100.000% of 503h7m0s, budget 2h30m56s, down 0s, used 0.0%, credit EUR 0.00 of EUR 676.22
}
