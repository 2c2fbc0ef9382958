package bcp_test

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

func codes(fs []bcp.Finding) []bcp.Code {
	var out []bcp.Code
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return out
}

// A WRT longer than the MTD leaves no RTO that satisfies RTO + WRT ≤ MTD (NIST SP 800-34: the
// RTO and the WRT together must fit in the MTD; ISO 22317 likewise places the time to resume
// inside the MTPD). That is a finding even when no RTO is stated yet, and the largest acceptable
// RTO does not exist: reporting 0 would present an RTO that still breaks the invariant.
func TestWRTAloneAboveMTPD(t *testing.T) {
	as, err := bcp.Assess([]bcp.Activity{{ID: "a", Objectives: bcp.Objectives{MTPD: bcp.Some(48 * hour), WRT: bcp.Some(50 * hour), RPO: bcp.Some(hour)}}}, nil)
	noErr(t, err)
	eq(t, []bcp.Code{bcp.MissingRTO, bcp.RecoveryAboveMTPD}, codes(as[0].Findings))
	eq(t, bcp.Critical, as[0].Findings[1].Severity)
	eq(t, bcp.Optional[time.Duration]{}, as[0].MaxRTO, "no RTO fits: the largest acceptable RTO is unset")
	// WRT equal to the MTD leaves exactly RTO 0.
	as, err = bcp.Assess([]bcp.Activity{{ID: "a", Objectives: bcp.Objectives{MTPD: bcp.Some(48 * hour), WRT: bcp.Some(48 * hour), RPO: bcp.Some(hour)}}}, nil)
	noErr(t, err)
	eq(t, []bcp.Code{bcp.MissingRTO}, codes(as[0].Findings))
	eq(t, bcp.Some(time.Duration(0)), as[0].MaxRTO)
}

// Huge objectives must not wrap around: RTO + WRT above the largest duration is still above the
// MTPD (BC1's invariant), in the assessment and in the analysis.
func TestHugeObjectivesDoNotWrap(t *testing.T) {
	big := time.Duration(math.MaxInt64/2 + 1)
	obj := bcp.Objectives{MTPD: bcp.Some(48 * hour), RTO: bcp.Some(big), WRT: bcp.Some(big), RPO: bcp.Some(hour)}
	as, err := bcp.Assess([]bcp.Activity{{ID: "a", Objectives: obj}}, nil)
	noErr(t, err)
	eq(t, []bcp.Code{bcp.RTOAboveMTPD, bcp.RecoveryAboveMTPD}, codes(as[0].Findings))

	m := buildModel(t, node{id: "db"})
	obj = bcp.Objectives{MTPD: bcp.Some(big), RTO: bcp.Some(big), WRT: bcp.Some(big), RPO: bcp.Some(hour)}
	a, err := bcp.Analyze(m, []bcp.Activity{{ID: "a", Needs: []itsm.ID{"db"}, Objectives: obj}},
		map[itsm.ID]bcp.Capability{"db": est(big)}, bcp.Options{})
	noErr(t, err)
	r := a.Activities()[0]
	eq(t, []bcp.Code{bcp.RecoveryAboveMTPD}, codes(r.Findings), "achievable %s + WRT %s is far above the MTPD", big, big)
	res, ok := r.Resumed.Get()
	isTrue(t, ok && res >= big, "resumed %v saturates instead of wrapping", r.Resumed)
}

// The scale's mildest level is "no impact" (ISO 22317 rates impact from negligible upwards): a
// scale whose level 0 is already unacceptable would make every disruption intolerable before any
// step, which Unacceptable and At could not agree on. It is malformed.
func TestScaleMildestLevelUnacceptable(t *testing.T) {
	im := bcp.Impact{Scale: bcp.Scale{Names: []string{"none", "severe"}, Unacceptable: 0},
		Curves: []bcp.Curve{{Dimension: bcp.Financial, Steps: []bcp.Step{{After: hour, Level: 1}}}}}
	errIs(t, im.Validate("x"), bcp.ErrLevel)
}

// A money-only impact (a loss curve, no rated dimensions) needs no level scale; a scale is only
// checked when curves use it.
func TestLossOnlyImpact(t *testing.T) {
	a := bcp.Activity{ID: "a", Needs: []itsm.ID{"db"}, Objectives: bcp.Objectives{MTPD: bcp.Some(day)},
		Impact: bcp.Impact{Loss: bcp.Loss{Kind: bcp.LossRate, Per: hour, Steps: []bcp.LossStep{{After: 0, Amount: cad(5000)}}}}}
	noErr(t, a.Validate())
	e, err := bcp.Exposure([]bcp.Activity{a}, 2*hour)
	noErr(t, err)
	eq(t, cad(10000), e)
}

// Money is meaningless without a currency (ISO 4217): a positive amount without one is malformed,
// and a plan adding up money in two currencies is refused whether or not its MTPD is known.
func TestMoneyCurrencies(t *testing.T) {
	loss := func(m ...bcp.LossStep) bcp.Impact {
		return bcp.Impact{Loss: bcp.Loss{Kind: bcp.LossCumulative, Steps: m}}
	}
	noCur := bcp.Activity{ID: "a", Impact: loss(bcp.LossStep{After: hour, Amount: cad(100)}, bcp.LossStep{After: 2 * hour, Amount: cad(0)})}
	noCur.Impact.Loss.Steps[0].Amount.Currency = cad(0).Currency
	noCur.Impact.Loss.Steps[1].Amount = cad(200)
	noCur.Impact.Loss.Steps[1].Amount.Currency.Code = ""
	errIs(t, noCur.Validate(), bcp.ErrCurrency)
	bare := bcp.Activity{ID: "b", Impact: loss(bcp.LossStep{After: hour, Amount: cad(100)})}
	bare.Impact.Loss.Steps[0].Amount.Currency.Code = ""
	errIs(t, bare.Validate(), bcp.ErrCurrency)

	eur := cad(100)
	eur.Currency.Code = "EUR"
	acts := []bcp.Activity{
		{ID: "c", Impact: loss(bcp.LossStep{After: hour, Amount: cad(100)})},
		{ID: "e", Impact: loss(bcp.LossStep{After: hour, Amount: eur})},
	}
	_, err := bcp.Aggregate(acts, nil)
	errIs(t, err, bcp.ErrCurrency, "no MTPD: the plan still adds money of two currencies")
}

// A site unavailable for 48 h brings everything lost at it back 48 h after the start: an
// application and its database both at the site are not back after 96 h (the Scenario doc: "every
// lost node is back exactly Duration after the start").
func TestScenarioDurationNotAddedUp(t *testing.T) {
	m := buildModel(t, node{id: "app", groups: []grp{allOf("d", "db")}}, node{id: "db"}, node{id: "web", groups: []grp{allOf("d", "app")}})
	a, err := bcp.Analyze(m, []bcp.Activity{{ID: "p", Needs: []itsm.ID{"web"}, Objectives: bcp.Objectives{MTPD: bcp.Some(72 * hour), WRT: bcp.Some(hour)}}},
		map[itsm.ID]bcp.Capability{"web": est(hour), "app": est(hour), "db": est(hour)}, bcp.Options{})
	noErr(t, err)
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	r, err := a.Scenario(bcp.Scenario{Name: "site", Lost: []itsm.ID{"app", "db"}, Start: start, Duration: bcp.Some(48 * hour)}, nil)
	noErr(t, err)
	eq(t, 1, len(r.Activities))
	eq(t, bcp.Some(48*hour), r.Activities[0].Outage, "web needs no restore of its own; app and db are back at 48 h")
	eq(t, bcp.Some(49*hour), r.Activities[0].Resumed)
	eq(t, false, r.Activities[0].Breached)
	// A zero-length disruption: reached, back at once, resumed after the WRT.
	r, err = a.Scenario(bcp.Scenario{Name: "blip", Lost: []itsm.ID{"db"}, Start: start, Duration: bcp.Some(time.Duration(0))}, nil)
	noErr(t, err)
	eq(t, bcp.Some(time.Duration(0)), r.Activities[0].Outage)
	eq(t, bcp.Some(hour), r.Activities[0].Resumed)
}

// A review due at an instant is on time when held at that instant: it becomes overdue only after
// it (the package treats "equal" as meeting everywhere: an exercise equal to its objective
// passes, a recovery equal to the RTO is no gap).
func TestReviewDueInstantIsNotOverdue(t *testing.T) {
	last := time.Date(2026, 1, 1, 9, 0, 0, 0, time.UTC)
	r := bcp.Review{Subject: "plan", Last: last, Every: bcp.Every{Years: 1}}
	s, err := r.Status(last.AddDate(1, 0, 0), time.UTC)
	noErr(t, err)
	eq(t, false, s.Overdue, "at the due instant")
	s, err = r.Status(last.AddDate(1, 0, 0).Add(time.Nanosecond), time.UTC)
	noErr(t, err)
	eq(t, true, s.Overdue, "just after it")
}

// Two activities impose the same RTO on a shared node: which one the node reports must not
// depend on the order the activities are given in (house rule: deterministic output). The
// smallest activity ID wins, and Demand follows the same activity.
func TestRequiredByIndependentOfActivityOrder(t *testing.T) {
	m := buildModel(t, node{id: "S", groups: []grp{allOf("d", "C")}}, node{id: "C"},
		node{id: "X", groups: []grp{allOf("d", "Y")}}, node{id: "Y", groups: []grp{allOf("d", "X")}}, node{id: "Z"})
	mk := func(id string, needs ...itsm.ID) bcp.Activity {
		return bcp.Activity{ID: id, Needs: needs, Objectives: bcp.Objectives{RTO: bcp.Some(4 * hour), RPO: bcp.Some(hour)}}
	}
	orders := [][]bcp.Activity{
		{mk("B", "S", "Y", "Z"), mk("A", "C", "X", "Z")},
		{mk("A", "C", "X", "Z"), mk("B", "S", "Y", "Z")},
	}
	for _, acts := range orders {
		a, err := bcp.Analyze(m, acts, nil, bcp.Options{})
		noErr(t, err)
		for id, want := range map[itsm.ID]string{"S": "B", "C": "A", "X": "A", "Y": "A", "Z": "A"} {
			r, _ := a.Node(id)
			eq(t, want, r.RequiredBy, "node %s with %s first", id, acts[0].ID)
		}
		eq(t, []string{"A", "C"}, a.Demand("C"), "with %s first", acts[0].ID)
	}
}

// Capabilities resolved once give the same analysis as the map.
func TestResolvedCapabilities(t *testing.T) {
	m, acts, caps := bc3(t)
	want, err := bcp.Analyze(m, acts, caps, bcp.Options{Tiers: bcp.DefaultTiers()})
	noErr(t, err)
	cs, err := bcp.NewCapabilities(m, caps)
	noErr(t, err)
	eq(t, len(caps), cs.Len())
	c, ok := cs.Of("C2")
	eq(t, true, ok)
	eq(t, est(6*hour), c)
	got, err := cs.Analyze(acts, bcp.Options{Tiers: bcp.DefaultTiers()})
	noErr(t, err)
	eq(t, want.Gaps(), got.Gaps())
	eq(t, want.Activities(), got.Activities())
	eq(t, want.RecoveryOrder(), got.RecoveryOrder())
	_, err = bcp.NewCapabilities(m, map[itsm.ID]bcp.Capability{"nope": est(hour)})
	errIs(t, err, bcp.ErrUnknownReference)
	_, err = bcp.NewCapabilities(nil, nil)
	errIs(t, err, bcp.ErrInvalid)
}

// The resolved table hands every capability back exactly as given (Of, Node, Cause), whether or
// not it has a proven instant (in any location) or evidence, which the table keeps apart.
func TestResolvedCapabilitiesKeepEveryField(t *testing.T) {
	m := buildModel(t, node{id: "S", groups: []grp{allOf("components", "C1", "C2", "C3")}}, node{id: "C1"}, node{id: "C2"}, node{id: "C3"})
	zone := time.FixedZone("UTC+2", 2*60*60)
	caps := map[itsm.ID]bcp.Capability{
		"S":  est(hour),
		"C1": {Restore: 2 * hour, DataLoss: bcp.Some(time.Minute), Basis: bcp.Tested, Proven: time.Date(2026, 3, 1, 9, 0, 0, 0, zone), Evidence: "dr-1"},
		"C2": {Restore: 3 * hour, Basis: bcp.Estimated, Evidence: "vendor sheet"},
		"C3": {Restore: 0, DataLoss: bcp.Some(time.Duration(0)), Basis: bcp.Tested, Proven: time.Date(2026, 2, 1, 0, 0, 0, 0, time.UTC)},
	}
	cs, err := bcp.NewCapabilities(m, caps)
	noErr(t, err)
	a, err := cs.Analyze([]bcp.Activity{{ID: "P", Needs: []itsm.ID{"S"}, Objectives: bcp.Objectives{RTO: bcp.Some(hour)}}}, bcp.Options{})
	noErr(t, err)
	for id, want := range caps {
		got, ok := cs.Of(id)
		eq(t, true, ok, "Of(%s)", id)
		eq(t, want, got, "Of(%s)", id)
		isTrue(t, got.Proven == want.Proven, "Of(%s): same instant and location", id)
		r, ok := a.Node(id)
		eq(t, true, ok, "Node(%s)", id)
		eq(t, want, r.Capability, "Node(%s)", id)
	}
	want := []bcp.Link{
		{Node: "S", Restore: bcp.Some(hour), Achievable: bcp.Some(4 * hour), Basis: bcp.Estimated},
		{Node: "C2", Restore: bcp.Some(3 * hour), Achievable: bcp.Some(3 * hour), Basis: bcp.Estimated},
	}
	eq(t, want, a.Cause("S"))
	c1 := a.Cause("C1")
	eq(t, 1, len(c1))
	isTrue(t, c1[0].Proven == caps["C1"].Proven, "Cause(C1) keeps the proven instant and location")
}

// Many gaps (past the small-input path of the sort): largest shortfall first, RTO before RPO,
// then node ID, checked against a comparison sort.
func TestGapsOrderMany(t *testing.T) {
	var nodes []node
	caps := map[itsm.ID]bcp.Capability{}
	var acts []bcp.Activity
	for i := range 1500 {
		id := fmt.Sprintf("n%04d", i)
		nodes = append(nodes, node{id: id})
		// shortfalls repeat (i % 37) and some are huge, so equal keys and high bytes both occur
		restore := time.Duration(i%37)*time.Minute + time.Hour
		if i%101 == 0 {
			restore = time.Duration(1<<50) + time.Duration(i)
		}
		caps[itsm.ID(id)] = bcp.Capability{Restore: restore, DataLoss: bcp.Some(time.Duration(i%5) * time.Minute), Basis: bcp.Estimated}
		acts = append(acts, bcp.Activity{ID: "a" + id, Needs: []itsm.ID{itsm.ID(id)}, Objectives: bcp.Objectives{RTO: bcp.Some(30 * time.Minute), RPO: bcp.Some(time.Minute)}})
	}
	m := buildModel(t, nodes...)
	a, err := bcp.Analyze(m, acts, caps, bcp.Options{})
	noErr(t, err)
	got := a.Gaps()
	want := slices.Clone(got)
	slices.SortFunc(want, func(x, y bcp.Gap) int {
		return cmp.Or(cmp.Compare(y.Shortfall, x.Shortfall), cmp.Compare(x.Kind, y.Kind), cmp.Compare(x.Node, y.Node))
	})
	isTrue(t, len(got) == 1500+900, "%d gaps", len(got))
	eq(t, want, got)
}

// A capability cannot be tested by an exercise that, as of the analysis instant, has not taken
// place: with Options.AsOf set that is malformed input; one proven at the instant itself is fine.
func TestTestedCapabilityProvenAfterAsOf(t *testing.T) {
	m := buildModel(t, node{id: "db"})
	asOf := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	acts := []bcp.Activity{{ID: "p", Needs: []itsm.ID{"db"}, Objectives: bcp.Objectives{RTO: bcp.Some(hour)}}}
	tested := func(at time.Time) map[itsm.ID]bcp.Capability {
		return map[itsm.ID]bcp.Capability{"db": {Restore: hour, Basis: bcp.Tested, Proven: at, Evidence: "dr-test"}}
	}
	_, err := bcp.Analyze(m, acts, tested(asOf.Add(time.Second)), bcp.Options{AsOf: asOf})
	errIs(t, err, bcp.ErrInvalid)
	a, err := bcp.Analyze(m, acts, tested(asOf), bcp.Options{AsOf: asOf})
	noErr(t, err)
	r, _ := a.Node("db")
	eq(t, true, r.Tested)
	_, err = bcp.Analyze(m, acts, tested(asOf.AddDate(1, 0, 0)), bcp.Options{})
	noErr(t, err, "without an as-of instant there is nothing to compare with")
}

// Duplicate activity IDs are found whether or not the register is sorted.
func TestDuplicateActivityIDs(t *testing.T) {
	for _, ids := range [][]string{{"a", "a"}, {"a", "b", "b"}, {"b", "a", "b"}, {"c", "a", "b", "a"}} {
		var acts []bcp.Activity
		for _, id := range ids {
			acts = append(acts, bcp.Activity{ID: id})
		}
		_, err := bcp.Assess(acts, nil)
		errIs(t, err, bcp.ErrDuplicateID, "%v", ids)
	}
	_, err := bcp.Assess([]bcp.Activity{{ID: "a"}, {ID: "b"}, {ID: "c"}}, nil)
	noErr(t, err)
}

// A review interval so long that calendar arithmetic overflows landed the next review in the
// past and reported it overdue; it is refused instead (ErrInvalid), while long real intervals
// work.
func TestReviewHugeInterval(t *testing.T) {
	last := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, e := range []bcp.Every{{Years: 1 << 40}, {Days: 1 << 62}, {Months: 1 << 50}, {Years: 1001}} {
		_, err := bcp.Review{Subject: "s", Last: last, Every: e}.Status(last.Add(hour), time.UTC)
		errIs(t, err, bcp.ErrInvalid, "%+v", e)
	}
	s, err := bcp.Review{Subject: "s", Last: last, Every: bcp.Every{Years: 1000}}.Status(last.Add(hour), time.UTC)
	noErr(t, err)
	eq(t, false, s.Overdue)
	eq(t, 3026, s.Scheduled.Year())
}

// A plan over the same activities is the same plan whatever their order (findings included).
func TestPlanIndependentOfOrder(t *testing.T) {
	a := bcp.Activity{ID: "a", Objectives: bcp.Objectives{MTPD: bcp.Some(hour), RTO: bcp.Some(2 * hour)}}
	b := bcp.Activity{ID: "b", Objectives: bcp.Objectives{MTPD: bcp.Some(hour)}}
	p1, err := bcp.Aggregate([]bcp.Activity{a, b}, nil)
	noErr(t, err)
	p2, err := bcp.Aggregate([]bcp.Activity{b, a}, nil)
	noErr(t, err)
	eq(t, p1, p2)
	eq(t, "a", p1.Findings[0].Subject)
}

// An outage still open when the record ends has not been restored: its length so far is only a
// lower bound on the restore time, so it proves no tested capability. The closed outage does.
func TestHistoryOpenOutageProvesNothing(t *testing.T) {
	m := buildModel(t, node{id: "db"}, node{id: "cache"})
	day := time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)
	w := interval.Interval{Start: day, End: day.Add(24 * hour)}
	tl := func(outs ...interval.Interval) sla.Timeline {
		x, err := sla.TimelineFromOutages(w, outs)
		noErr(t, err)
		return x
	}
	caps, err := bcp.CapabilitiesFromHistory(m, map[itsm.ID]sla.Timeline{
		"db":    tl(interval.Interval{Start: day.Add(hour), End: day.Add(2 * hour)}, interval.Interval{Start: day.Add(20 * hour), End: w.End}),
		"cache": tl(interval.Interval{Start: day.Add(23 * hour), End: w.End}),
	})
	noErr(t, err)
	eq(t, 1, len(caps), "cache's only outage is still open")
	eq(t, hour, caps["db"].Restore, "not the open 4 h")
	eq(t, day.Add(2*hour), caps["db"].Proven)
}

// A review cannot have been held after the instant the status is asked for.
func TestReviewLastAfterAsOf(t *testing.T) {
	last := time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC)
	_, err := bcp.Review{Subject: "s", Last: last, Every: bcp.Every{Years: 1}}.Status(last.Add(-time.Second), time.UTC)
	errIs(t, err, bcp.ErrInvalid)
	_, err = bcp.Review{Subject: "s", Last: last, Every: bcp.Every{Years: 1}}.Status(last, time.UTC)
	noErr(t, err, "reviewed at the as-of instant itself")
}

// A nil or zero capability table is refused with a typed error, never a panic.
func TestZeroCapabilities(t *testing.T) {
	for _, cs := range []*bcp.Capabilities{nil, {}} {
		_, err := cs.Analyze(nil, bcp.Options{})
		errIs(t, err, bcp.ErrInvalid)
		_, ok := cs.Of("x")
		eq(t, false, ok)
		eq(t, 0, cs.Len())
	}
}
