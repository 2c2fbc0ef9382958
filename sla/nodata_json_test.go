package sla

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// jsonFields decodes v's JSON into raw fields, for checking which are null.
func jsonFields(t *testing.T, v any) map[string]json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// No data is written as null, never as "0": each unknown figure, then the same type known.
func TestNoDataJSONIsNull(t *testing.T) {
	start := time.Date(2026, 4, 1, 0, 0, 0, 0, time.UTC)
	w := Interval{Start: start, End: start.Add(day)}
	empty, err := TimelineFromIntervals(w, nil)
	if err != nil {
		t.Fatal(err)
	}
	down, err := TimelineFromOutages(w, []Interval{{Start: start, End: start.Add(time.Hour)}})
	if err != nil {
		t.Fatal(err)
	}
	report := func(tl Timeline) Report {
		r, err := Availability(tl, nil, w, Policy{})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	unknown, known := report(empty), report(down)
	tg := mustTarget(t, "99.9")
	result := func(r Report) ObjectiveResult {
		ag := Agreement{ID: "A", Objectives: []Objective{{Target: tg}}, Period: Daily(time.UTC)}
		tl := empty
		if r.Known {
			tl = down
		}
		prs, err := ag.Evaluate(tl, w, w.End)
		if err != nil {
			t.Fatal(err)
		}
		return prs[0].Results[0]
	}
	b, err := NewPeriodBudget(tg, nil, w)
	if err != nil {
		t.Fatal(err)
	}
	status := func(r Report) BudgetStatus {
		s, err := b.UseReport(r)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	eur, _ := CurrencyOf("EUR")
	fee, _ := ParseMoney("100.00", eur)
	tiers, _ := ParseCreditTable("[0, 99.9) 10%")
	credit := func(r Report) Credit {
		c, _, err := CreditPolicy{Table: tiers}.CreditForReport(r, fee)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	cases := []struct {
		name           string
		unknown, known any
		fields         []string
	}{
		{"Report", unknown, known, []string{"Availability"}},
		{"ObjectiveResult", result(unknown), result(known), []string{"Margin", "Allowed", "Overrun"}},
		{"BudgetStatus", status(unknown), status(known), []string{"BurnRate", "AttainmentToDate"}},
		{"Credit", credit(unknown), credit(known), []string{"Availability"}},
		{"Reliability", Reliability{}, Reliability{MTTRDefined: true, MTBFDefined: true, MTTFDefined: true, MTTADefined: true, AvailabilityDefined: true},
			[]string{"MTTR", "MTBF", "MTTF", "MTTA", "Availability"}},
		{"SLOReport", SLOReport{}, SLOReport{Known: true}, []string{"Attainment"}},
		{"WindowBurn", WindowBurn{NoData: true}, WindowBurn{}, []string{"Rate"}},
	}
	for _, c := range cases {
		u, k := jsonFields(t, c.unknown), jsonFields(t, c.known)
		for _, f := range c.fields {
			if got := string(u[f]); got != "null" {
				t.Errorf("%s.%s without data: %s, want null", c.name, f, got)
			}
			if got := string(k[f]); got == "null" || !strings.HasPrefix(got, `"`) {
				t.Errorf("%s.%s with data: %s, want a number as text", c.name, f, got)
			}
		}
	}
	if got := string(jsonFields(t, status(unknown))["Known"]); got != "false" {
		t.Errorf("BudgetStatus.Known without data: %s", got)
	}
}

// A credit for a period without data says so, instead of "availability 0.000%".
func TestCreditStringNoData(t *testing.T) {
	eur, _ := CurrencyOf("EUR")
	fee, _ := ParseMoney("100.00", eur)
	tiers, _ := ParseCreditTable("[0, 99.9) 10%")
	c, ok, err := CreditPolicy{Table: tiers}.CreditForReport(Report{}, fee)
	if err != nil || ok || c.Known {
		t.Fatalf("ok %v, known %v, %v", ok, c.Known, err)
	}
	if diff := cmp.Diff("no data: no credit", c.String()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	c, err = CreditPolicy{Table: tiers}.Credit(IntRatio(0), fee)
	if err != nil || !c.Known || !strings.HasPrefix(c.String(), "availability 0.000% in ") {
		t.Errorf("a real 0 %%: %q known %v, %v", c, c.Known, err)
	}
}

// A no-data credit has no amount: Availability, Raw and Amount are null in JSON (as Report's
// Availability is), while a known credit of zero writes its zero amount.
func TestCreditNoDataJSONHasNoAmount(t *testing.T) {
	eur, _ := CurrencyOf("EUR")
	fee, _ := ParseMoney("100.00", eur)
	tiers, _ := ParseCreditTable("[0, 99.9) 10%")
	c, _, err := CreditPolicy{Table: tiers}.CreditForReport(Report{}, fee)
	if err != nil {
		t.Fatal(err)
	}
	u := jsonFields(t, c)
	for _, f := range []string{"Availability", "Raw", "Amount"} {
		if got := string(u[f]); got != "null" {
			t.Errorf("no-data credit %s: %s, want null", f, got)
		}
	}
	if got := string(u["Known"]); got != "false" {
		t.Errorf("Known: %s", got)
	}
	k, err := CreditPolicy{Table: tiers}.Credit(IntRatio(100), fee)
	if err != nil {
		t.Fatal(err)
	}
	kf := jsonFields(t, k)
	for _, f := range []string{"Raw", "Amount"} {
		if got := string(kf[f]); got == "null" {
			t.Errorf("known credit %s is null", f)
		}
	}
}
