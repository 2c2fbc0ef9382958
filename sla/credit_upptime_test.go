package sla

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/internal/interval"
)

// One customer holds an agreement for the Building Permit Hub and for each of its seven external
// services (99.5 % monthly, K1 tiers, EUR 1,000.00 a month prorated to the monitored time). Its
// statement per month sums the credits; a contract cap of 30 % of the month's fees then binds.
// Line figures are those of Example_upptimeCredits (checked by hand there: BPH July 94.356 % →
// 100 % of EUR 559.56; geocoder 95.049 % → 25 % = EUR 139.89; ...).
func TestStatementUpptimeBuildingPermitHub(t *testing.T) {
	u, err := LoadUpptime(dataset.FS(), dataset.BuildingPermitHub)
	if err != nil {
		t.Fatal(err)
	}
	tab, err := ParseCreditTable(k1Tiers)
	if err != nil {
		t.Fatal(err)
	}
	fee := eur(t, "1000.00")
	claims := map[string][]CreditClaim{}
	var months []string
	for _, s := range u.Sites {
		w := interval.Interval{Start: s.Start, End: s.LastUpdated}
		tl, err := TimelineFromEvents(w, u.Events(s.Slug), WithInitial(Operational))
		if err != nil {
			t.Fatal(err)
		}
		for m := range Monthly(time.UTC).Covering(w) {
			rep, err := Availability(tl, nil, m, Policy{})
			if err != nil {
				t.Fatal(err)
			}
			share, _ := RatioOf(int64(rep.Counted), int64(m.Duration()))
			prorated, err := fee.Share(share, RoundHalfUp)
			if err != nil {
				t.Fatal(err)
			}
			key := m.Start.Format("2006-01")
			if _, ok := claims[key]; !ok {
				months = append(months, key)
			}
			claims[key] = append(claims[key], CreditClaim{Agreement: s.Slug, Availability: rep.Availability, Known: rep.Known, Fee: prorated, Policy: CreditPolicy{Table: tab}})
		}
	}
	var got []string
	for _, m := range months {
		open, err := Statement(claims[m], IntRatio(0))
		if err != nil {
			t.Fatal(err)
		}
		capped, err := Statement(claims[m], IntRatio(30))
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, m+" "+open.Totals[0].String()+" capped "+capped.Totals[0].String())
	}
	// July: 559.56 + 3 × 139.89 + 55.93 = 1,035.16; fees 5 × 559.56 + 559.55 + 2 × 559.34 =
	// 4,476.03, 30 % = 1,342.809 → 1,342.80: the cap does not bind. August: 696.64 + 2 × 174.16 +
	// 2 × 67.62 = 1,180.20; fees 3 × 696.64 + 5 × 676.22 = 5,471.02, 30 % = 1,641.30.
	want := []string{"2026-07 EUR 1035.16 capped EUR 1035.16", "2026-08 EUR 1180.20 capped EUR 1180.20"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// A 20 % cap binds in both months: 895.206 → 895.20 and 1,094.204 → 1,094.20 (rounded down).
	var capped []string
	for _, m := range months {
		st, _ := Statement(claims[m], IntRatio(20))
		capped = append(capped, st.Totals[0].String()+" "+st.Capped[0])
	}
	if diff := cmp.Diff([]string{"EUR 895.20 EUR", "EUR 1094.20 EUR"}, capped); diff != "" {
		t.Errorf("20 %% cap (-want +got):\n%s", diff)
	}
}
