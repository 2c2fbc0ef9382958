package bcp_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

func cad(minor int64) sla.Money {
	return sla.Money{Minor: minor, Currency: sla.Currency{Code: "CAD", Exponent: 2}}
}

const (
	hour = time.Hour
	day  = 24 * time.Hour
	week = 7 * day
)

// bc2Scale is the scale of REFERENCE BC2: none, low, medium, high, critical; critical is
// unacceptable.
var bc2Scale = bcp.Scale{Names: []string{"N", "L", "M", "H", "C"}, Unacceptable: 4}

// bc2Curve builds a curve from level names at 1 h, 4 h, 24 h, 72 h and 1 week.
func bc2Curve(d bcp.Dimension, levels ...string) bcp.Curve {
	times := []time.Duration{hour, 4 * hour, day, 72 * hour, week}
	c := bcp.Curve{Dimension: d}
	for i, name := range levels {
		l, ok := bc2Scale.LevelOf(name)
		if !ok {
			panic(name)
		}
		c.Steps = append(c.Steps, bcp.Step{After: times[i], Level: l})
	}
	return c
}

func bc2Impact() bcp.Impact {
	return bcp.Impact{Scale: bc2Scale, Curves: []bcp.Curve{
		bc2Curve(bcp.Financial, "L", "M", "H", "C", "C"),
		bc2Curve(bcp.Regulatory, "N", "N", "M", "H", "C"),
		bc2Curve(bcp.Reputational, "L", "M", "H", "C", "C"),
		bc2Curve(bcp.Customer, "L", "H", "C", "C", "C"),
		bc2Curve(bcp.Operational, "M", "H", "H", "C", "C"),
	}}
}

// TestDerivedMTPD_BC2 checks REFERENCE BC2: the customer dimension reaches "C" first, at 24 h.
func TestDerivedMTPD_BC2(t *testing.T) {
	a := bcp.Activity{ID: "claims", Impact: bc2Impact(), Objectives: bcp.Objectives{RTO: bcp.Some(8 * hour), RPO: bcp.Some(time.Duration(0))}}
	m, src := a.MTPD()
	eq(t, bcp.Some(24*hour), m)
	eq(t, bcp.Derived, src)
	as, err := bcp.Assess([]bcp.Activity{a}, bcp.DefaultTiers())
	noErr(t, err)
	want := bcp.Assessment{ID: "claims", MTPD: bcp.Some(24 * hour), MTPDSource: bcp.Derived, Driver: bcp.Customer,
		MaxRTO: bcp.Some(24 * hour), Tier: 2, TierName: "tier 2"}
	if d := cmp.Diff([]bcp.Assessment{want}, as); d != "" {
		t.Errorf("BC2 assessment (-want +got):\n%s", d)
	}
}

// TestInvariants_BC1 checks REFERENCE BC1 (MTD 48 h, WRT 12 h: largest RTO 36 h, an RTO of 40 h
// breaks RTO + WRT ≤ MTD) and that broken invariants are findings, not errors.
func TestInvariants_BC1(t *testing.T) {
	eq(t, 36*hour, bcp.MaxRTO(48*hour, 12*hour))
	tests := []struct {
		name string
		obj  bcp.Objectives
		want []bcp.Code
	}{
		{"BC1 RTO 36h fits", bcp.Objectives{MTPD: bcp.Some(48 * hour), WRT: bcp.Some(12 * hour), RTO: bcp.Some(36 * hour), RPO: bcp.Some(time.Duration(0))}, nil},
		{"BC1 RTO 40h breaks RTO+WRT", bcp.Objectives{MTPD: bcp.Some(48 * hour), WRT: bcp.Some(12 * hour), RTO: bcp.Some(40 * hour), RPO: bcp.Some(hour)}, []bcp.Code{bcp.RecoveryAboveMTPD}},
		{"RTO above MTPD", bcp.Objectives{MTPD: bcp.Some(4 * hour), RTO: bcp.Some(6 * hour), RPO: bcp.Some(hour)}, []bcp.Code{bcp.RTOAboveMTPD}},
		{"RPO longer than MTPD is fine", bcp.Objectives{MTPD: bcp.Some(4 * hour), RTO: bcp.Some(2 * hour), RPO: bcp.Some(week)}, nil},
		{"nothing set", bcp.Objectives{}, []bcp.Code{bcp.MissingMTPD, bcp.MissingRTO, bcp.MissingRPO}},
	}
	for _, tt := range tests {
		as, err := bcp.Assess([]bcp.Activity{{ID: "a", Objectives: tt.obj}}, bcp.DefaultTiers())
		noErr(t, err, tt.name)
		var got []bcp.Code
		for _, f := range as[0].Findings {
			got = append(got, f.Code)
		}
		if d := cmp.Diff(tt.want, got); d != "" {
			t.Errorf("%s (-want +got):\n%s", tt.name, d)
		}
	}
}

func TestStatedMTPDLaterThanImpact(t *testing.T) {
	a := bcp.Activity{ID: "a", Impact: bc2Impact(), Objectives: bcp.Objectives{MTPD: bcp.Some(72 * hour), RTO: bcp.Some(hour), RPO: bcp.Some(hour)}}
	as, err := bcp.Assess([]bcp.Activity{a}, nil)
	noErr(t, err)
	eq(t, bcp.Some(72*hour), as[0].MTPD, "the stated MTPD is kept")
	eq(t, 1, len(as[0].Findings))
	eq(t, bcp.MTPDAboveImpact, as[0].Findings[0].Code)
	eq(t, bcp.Warning, as[0].Findings[0].Severity)
}

func TestZeroRPOIsSet(t *testing.T) {
	zero := bcp.Some(time.Duration(0))
	isTrue(t, zero.IsSet())
	isTrue(t, !(bcp.Optional[time.Duration]{}.IsSet()))
	isTrue(t, !(zero.Equal(bcp.Optional[time.Duration]{})))
	b, err := zero.MarshalJSON()
	noErr(t, err)
	eq(t, "0", string(b))
	var back bcp.Optional[time.Duration]
	noErr(t, back.UnmarshalJSON([]byte("null")))
	isTrue(t, !(back.IsSet()))
	noErr(t, back.UnmarshalJSON(b))
	eq(t, zero, back)
}

func TestTiers(t *testing.T) {
	tiers := bcp.DefaultTiers()
	for _, tt := range []struct {
		rto  bcp.Optional[time.Duration]
		want int
	}{
		{bcp.Some(time.Duration(0)), 1}, {bcp.Some(4 * hour), 1}, {bcp.Some(4*hour + 1), 2},
		{bcp.Some(day), 2}, {bcp.Some(72 * hour), 3}, {bcp.Some(week), 4}, {bcp.Some(31 * day), 0}, {bcp.Optional[time.Duration]{}, 0},
	} {
		got, _ := tiers.Classify(tt.rto)
		eq(t, tt.want, got, "RTO %v", tt.rto)
	}
	custom := bcp.TierTable{{Name: "gold", MaxRTO: time.Hour}, {Name: "bronze", MaxRTO: time.Hour}}
	errIs(t, custom.Validate(), bcp.ErrInvalid)
}

// TestPlan_BC4 checks REFERENCE BC4: the most stringent objectives win and exposure adds up.
func TestPlan_BC4(t *testing.T) {
	perDay := func(amount int64) bcp.Loss {
		return bcp.Loss{Kind: bcp.LossRate, Per: day, Steps: []bcp.LossStep{{After: 0, Amount: cad(amount)}}}
	}
	acts := []bcp.Activity{
		{ID: "billing", Objectives: bcp.Objectives{RTO: bcp.Some(4 * hour), MTPD: bcp.Some(24 * hour)}, Impact: bcp.Impact{Scale: bc2Scale, Loss: perDay(10000)}},
		{ID: "archive", Objectives: bcp.Objectives{RTO: bcp.Some(8 * hour), MTPD: bcp.Some(12 * hour)}, Impact: bcp.Impact{Scale: bc2Scale, Loss: perDay(5000)}},
	}
	p, err := bcp.Aggregate(acts, bcp.DefaultTiers())
	noErr(t, err)
	eq(t, bcp.Some(4*hour), p.RTO)
	eq(t, bcp.Some(12*hour), p.MTPD)
	isTrue(t, !(p.RPO.IsSet()))
	eq(t, []string{"archive", "billing"}, p.Activities)
	eq(t, 1, p.Tier)
	exp, err := bcp.Exposure(acts, day)
	noErr(t, err)
	eq(t, cad(15000), exp, "150.00 per day")
	eq(t, "CAD 150.00", exp.String())
	eq(t, cad(7500), p.ExposureAtMTPD, "75.00 over the plan's 12 h MTPD")
}

func TestLossCurves(t *testing.T) {
	rate := bcp.Loss{Kind: bcp.LossRate, Per: hour, Steps: []bcp.LossStep{{After: hour, Amount: cad(100)}, {After: 3 * hour, Amount: cad(1000)}}}
	cum := bcp.Loss{Kind: bcp.LossCumulative, Steps: []bcp.LossStep{{After: hour, Amount: cad(500)}, {After: day, Amount: cad(9000)}}}
	for _, tt := range []struct {
		l    bcp.Loss
		d    time.Duration
		want int64
	}{
		{rate, 0, 0}, {rate, hour, 0}, {rate, 2 * hour, 100}, {rate, 3 * hour, 200}, {rate, 4 * hour, 1200},
		{rate, 90 * time.Minute, 50}, {rate, hour + time.Second, 0}, // 100/3600 rounded down
		{cum, 0, 0}, {cum, hour, 500}, {cum, 23 * hour, 500}, {cum, day, 9000},
	} {
		got, ok := tt.l.At(tt.d)
		isTrue(t, ok)
		eq(t, cad(tt.want), got, "%s at %s", tt.l.Kind, tt.d)
	}
}

func TestBadInputIsTypedError(t *testing.T) {
	good := bc2Impact()
	decreasing := bc2Impact()
	decreasing.Curves = append([]bcp.Curve(nil), decreasing.Curves...)
	decreasing.Curves[0] = bcp.Curve{Dimension: bcp.Financial, Steps: []bcp.Step{{After: 4 * hour, Level: 1}, {After: hour, Level: 2}}}
	tests := []struct {
		name string
		a    bcp.Activity
		want error
	}{
		{"decreasing curve", bcp.Activity{ID: "a", Impact: decreasing}, bcp.ErrDecreasingTime},
		{"negative RTO", bcp.Activity{ID: "a", Impact: good, Objectives: bcp.Objectives{RTO: bcp.Some(-time.Minute)}}, bcp.ErrNegativeDuration},
		{"negative step", bcp.Activity{ID: "a", Impact: bcp.Impact{Scale: bc2Scale, Curves: []bcp.Curve{{Dimension: bcp.Customer, Steps: []bcp.Step{{After: -1, Level: 1}}}}}}, bcp.ErrNegativeDuration},
		{"level off scale", bcp.Activity{ID: "a", Impact: bcp.Impact{Scale: bc2Scale, Curves: []bcp.Curve{{Dimension: bcp.Customer, Steps: []bcp.Step{{After: 1, Level: 5}}}}}}, bcp.ErrLevel},
		{"MBCO over 100", bcp.Activity{ID: "a", Objectives: bcp.Objectives{MBCO: bcp.Some(101)}}, bcp.ErrInvalid},
		{"empty ID", bcp.Activity{}, bcp.ErrInvalid},
		{"mixed currency", bcp.Activity{ID: "a", Impact: bcp.Impact{Scale: bc2Scale, Loss: bcp.Loss{Kind: bcp.LossCumulative, Steps: []bcp.LossStep{
			{After: 1, Amount: cad(1)}, {After: 2, Amount: sla.Money{Minor: 2, Currency: sla.Currency{Code: "EUR", Exponent: 2}}}}}}}, bcp.ErrCurrency},
	}
	for _, tt := range tests {
		_, err := bcp.Assess([]bcp.Activity{tt.a}, nil)
		errIs(t, err, tt.want, tt.name)
		var e *bcp.Error
		isTrue(t, errors.As(err, &e), tt.name)
		contains(t, err.Error(), "bcp: ", tt.name)
	}
	_, err := bcp.Assess([]bcp.Activity{{ID: "a"}, {ID: "a"}}, nil)
	errIs(t, err, bcp.ErrDuplicateID)
	_, err = bcp.Assess([]bcp.Activity{{ID: "a", Impact: decreasing}}, nil)
	contains(t, fmt.Sprint(err), `activity "a".impact.curves[0].steps[1].after`)
}

func TestExercise(t *testing.T) {
	date := time.Date(2026, 5, 4, 9, 0, 0, 0, time.UTC)
	e := bcp.Exercise{ID: "dr-2026-05", Kind: bcp.ParallelTest, Date: date, Scope: []string{"db"},
		Objectives: bcp.Objectives{RTO: bcp.Some(4 * hour), RPO: bcp.Some(time.Duration(0))},
		ActualRTO:  bcp.Some(5 * hour), ActualRPO: bcp.Some(time.Duration(0)),
		Findings: []bcp.Improvement{{Title: "runbook lacks DNS step", Severity: bcp.Warning}}}
	eq(t, bcp.Failed, e.Result())
	want := []bcp.Improvement{
		{Title: "runbook lacks DNS step", Severity: bcp.Warning, Source: "dr-2026-05", Raised: date},
		{Title: "RTO missed in exercise dr-2026-05", Detail: "achieved 5h0m0s against an objective of 4h0m0s (1h0m0s over) for db", Severity: bcp.Critical, Source: "dr-2026-05", Raised: date},
	}
	if d := cmp.Diff(want, e.Improvements()); d != "" {
		t.Errorf("improvements (-want +got):\n%s", d)
	}
	eq(t, "runbook lacks DNS step", e.Findings[0].Title)
	eq(t, "", e.Findings[0].Source, "input not mutated")

	pass := e
	pass.ActualRTO = bcp.Some(4 * hour) // exactly at the objective meets it
	eq(t, bcp.Passed, pass.Result())
	unmeasured := e
	unmeasured.ActualRPO = bcp.Optional[time.Duration]{}
	unmeasured.ActualRTO = bcp.Some(hour)
	eq(t, bcp.Inconclusive, unmeasured.Result())

	table := bcp.Exercise{ID: "tt", Kind: bcp.Tabletop, Date: date.AddDate(0, 1, 0), Scope: []string{"db"}, ActualRTO: bcp.Some(hour)}
	caps, err := bcp.CapabilitiesFrom([]bcp.Exercise{table, e})
	noErr(t, err)
	if d := cmp.Diff(map[itsm.ID]bcp.Capability{"db": {Restore: 5 * hour, DataLoss: bcp.Some(time.Duration(0)), Basis: bcp.Tested, Proven: date, Evidence: "dr-2026-05"}}, caps); d != "" {
		t.Errorf("a tabletop proves nothing (-want +got):\n%s", d)
	}
	bad := e
	bad.ActualRTO = bcp.Some(-hour)
	errIs(t, bad.Validate(), bcp.ErrNegativeDuration)
}

func TestReview(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	noErr(t, err)
	last := time.Date(2025, 10, 1, 10, 0, 0, 0, berlin) // CEST
	r := bcp.Review{Subject: "plan", Last: last, Every: bcp.Every{Months: 6}, Grace: 30 * day}
	s, err := r.Status(time.Date(2026, 3, 31, 12, 0, 0, 0, berlin), berlin)
	noErr(t, err)
	eq(t, time.Date(2026, 4, 1, 10, 0, 0, 0, berlin), s.NextDue, "same local time across the DST change")
	isTrue(t, !(s.Overdue))
	s, err = r.Status(time.Date(2026, 4, 1, 10, 0, 0, 0, berlin), berlin)
	noErr(t, err)
	isTrue(t, !s.Overdue, "held at the due instant is on time")
	s, err = r.Status(time.Date(2026, 4, 1, 10, 0, 1, 0, berlin), berlin)
	noErr(t, err)
	isTrue(t, s.Overdue, "a second after the due instant is overdue")

	change := time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC)
	r.Changes = []time.Time{time.Date(2025, 9, 1, 0, 0, 0, 0, time.UTC), change}
	s, err = r.Status(time.Date(2025, 12, 5, 0, 0, 0, 0, time.UTC), berlin)
	noErr(t, err)
	eq(t, change, s.ForcedBy)
	isTrue(t, s.NextDue.Equal(change.Add(30*day)))
	isTrue(t, s.Overdue)
	s, err = r.Status(time.Date(2025, 10, 15, 0, 0, 0, 0, time.UTC), berlin)
	noErr(t, err)
	isTrue(t, s.ForcedBy.IsZero(), "a change not yet happened as of the instant forces nothing")

	_, err = bcp.Review{Subject: "x", Last: last}.Status(last, berlin)
	errIs(t, err, bcp.ErrInvalid)
	_, err = bcp.Review{Subject: "x", Last: last, Every: bcp.Every{Days: -1}}.Status(last, berlin)
	errIs(t, err, bcp.ErrNegativeDuration)
}
