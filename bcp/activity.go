package bcp

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// Activity is a business activity (process) with its owner, the model nodes (services or
// resources, by ID) it needs — all of them, redundancy lives in the model's groups —, its
// objectives and its impact over time. The zero value is invalid (no ID). Activities are plain
// values; the package never mutates one it is given.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Activity struct {
	ID         string     `json:"id"`
	Name       string     `json:"name,omitempty"`
	Owner      string     `json:"owner,omitempty"`
	Needs      []itsm.ID  `json:"needs,omitempty"`
	Objectives Objectives `json:"objectives"`
	Impact     Impact     `json:"impact"`
}

// Validate checks the ID, the needs (no empty ID, no duplicates), the objectives and the impact.
// An activity may need nothing from IT (a manual process): its recovery is then immediate.
// References to the model are checked by Analyze, which has the model.
func (a Activity) Validate() error {
	if strings.TrimSpace(a.ID) == "" {
		return errAt(ErrInvalid, "activity", "", "empty ID")
	}
	var seen map[itsm.ID]bool // only for long lists: most activities need a handful of nodes
	if len(a.Needs) > 16 {
		seen = make(map[itsm.ID]bool, len(a.Needs))
	}
	// Locations are spelled out only for an error: valid activities cost no string building.
	where := func() string { return "activity " + quote(a.ID) }
	for i, n := range a.Needs {
		if n == "" {
			return errAt(ErrInvalid, fmt.Sprintf("%s.needs[%d]", where(), i), a.ID, "empty node ID")
		}
		dup := false
		if seen != nil {
			dup, seen[n] = seen[n], true
		} else {
			dup = slices.Contains(a.Needs[:i], n)
		}
		if dup {
			return errAt(ErrDuplicateID, fmt.Sprintf("%s.needs[%d]", where(), i), string(n), "needed twice")
		}
	}
	if a.Objectives.Validate("") != nil {
		return a.Objectives.Validate(where() + ".objectives")
	}
	if len(a.Impact.Scale.Names) == 0 && len(a.Impact.Curves) == 0 && a.Impact.Loss.Kind == 0 && len(a.Impact.Loss.Steps) == 0 {
		return nil // no impact analysis stated: allowed, MTPD must then be stated
	}
	return a.Impact.Validate(where() + ".impact")
}

func (a Activity) clone() Activity {
	a.Needs = slices.Clone(a.Needs)
	a.Impact.Scale.Names = slices.Clone(a.Impact.Scale.Names)
	a.Impact.Curves = slices.Clone(a.Impact.Curves)
	for i := range a.Impact.Curves {
		a.Impact.Curves[i].Steps = slices.Clone(a.Impact.Curves[i].Steps)
	}
	a.Impact.Loss.Steps = slices.Clone(a.Impact.Loss.Steps)
	return a
}

// Source says where an effective MTPD comes from. The zero value means "none".
// It is a plain value, safe for concurrent use.
type Source int

const (
	// Stated: set explicitly in the objectives.
	Stated Source = iota + 1
	// Derived: the earliest time an impact curve reaches the unacceptable level (REFERENCE BC2).
	Derived
)

func (s Source) String() string {
	switch s {
	case Stated:
		return "stated"
	case Derived:
		return "derived"
	}
	return "none"
}

// MTPD returns the effective MTPD: the stated one, else the earliest time any dimension of the
// impact becomes unacceptable, with its source; unset when neither exists.
func (a Activity) MTPD() (Optional[time.Duration], Source) {
	if a.Objectives.MTPD.IsSet() {
		return a.Objectives.MTPD, Stated
	}
	if at, _, ok := a.Impact.Unacceptable(); ok {
		return Some(at), Derived
	}
	return Optional[time.Duration]{}, 0
}

// Assessment is the business impact analysis of one activity: its effective MTPD and where it
// comes from, the dimension that drives a derived MTPD, the largest RTO its WRT allows, its tier
// and the findings on its objectives.
// The zero value is the assessment of no activity.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Assessment struct {
	ID         string
	MTPD       Optional[time.Duration]
	MTPDSource Source
	Driver     Dimension // the dimension that first becomes unacceptable; 0 if none
	MaxRTO     Optional[time.Duration]
	Tier       int
	TierName   string
	Findings   []Finding
}

// Assess validates the activities (unique IDs) and returns one Assessment per activity, in input
// order. Broken invariants are findings, never errors.
func Assess(acts []Activity, tiers TierTable) ([]Assessment, error) {
	if err := tiers.Validate(); err != nil {
		return nil, err
	}
	if err := validateActivities(acts); err != nil {
		return nil, err
	}
	out := make([]Assessment, len(acts))
	for i, a := range acts {
		out[i] = assess(a, tiers)
	}
	return out, nil
}

func validateActivities(acts []Activity) error {
	// IDs in strictly increasing order are unique without a set of them (the common case of a
	// sorted register); otherwise a set finds the first repeat.
	var seen map[string]bool
	for i, a := range acts {
		if err := a.Validate(); err != nil {
			return err
		}
		if seen == nil && (i == 0 || acts[i-1].ID < a.ID) {
			continue
		}
		if seen == nil {
			seen = make(map[string]bool, len(acts))
			for _, b := range acts[:i] {
				seen[b.ID] = true
			}
		}
		if seen[a.ID] {
			return errAt(ErrDuplicateID, fmt.Sprintf("activities[%d]", i), a.ID, "")
		}
		seen[a.ID] = true
	}
	return nil
}

func assess(a Activity, tiers TierTable) Assessment {
	mtpd, src := a.MTPD()
	var unacc Optional[time.Duration]
	at, dim, ok := a.Impact.Unacceptable()
	if ok {
		unacc = Some(at)
	}
	as := Assessment{ID: a.ID, MTPD: mtpd, MTPDSource: src, Driver: dim}
	if m, ok := mtpd.Get(); ok {
		as.MaxRTO = maxRTO(m, a.Objectives.WRT.Or(0))
	}
	as.Tier, as.TierName = tiers.Classify(a.Objectives.RTO)
	as.Findings = a.Objectives.check(a.ID, mtpd, unacc)
	return as
}

// Plan is a continuity plan covering several activities: the most stringent objective of its
// activities wins (smallest MTPD, RTO, RPO and WRT; largest MBCO), and the money at risk adds up.
// An objective is unset only when no activity sets it. REFERENCE BC4. A plain value; the zero
// value is a plan of no activities.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Plan struct {
	Activities []string
	MTPD       Optional[time.Duration]
	RTO        Optional[time.Duration]
	RPO        Optional[time.Duration]
	WRT        Optional[time.Duration]
	MBCO       Optional[int]
	Tier       int
	TierName   string
	// ExposureAtMTPD is the money all activities together lose if the disruption lasts the
	// plan's MTPD (zero when the MTPD is unset).
	ExposureAtMTPD sla.Money
	Findings       []Finding
}

// Aggregate builds a Plan over the activities (sorted by ID in Plan.Activities). The MTPD of
// each activity is its effective one (stated or derived). Findings are every activity's findings,
// in activity ID order, plus the plan's own invariants: the plan does not depend on the order of
// its activities.
func Aggregate(acts []Activity, tiers TierTable) (Plan, error) {
	if err := tiers.Validate(); err != nil {
		return Plan{}, err
	}
	if err := validateActivities(acts); err != nil {
		return Plan{}, err
	}
	if err := oneCurrency(acts); err != nil {
		return Plan{}, err
	}
	var p Plan
	minD := func(o *Optional[time.Duration], v Optional[time.Duration]) {
		if d, ok := v.Get(); ok {
			if cur, ok := o.Get(); !ok || d < cur {
				*o = Some(d)
			}
		}
	}
	// In ID order, so the plan (findings included) is the same whatever order the activities
	// come in.
	order := make([]int, len(acts))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int { return strings.Compare(acts[x].ID, acts[y].ID) })
	for _, i := range order {
		a := acts[i]
		p.Activities = append(p.Activities, a.ID)
		m, _ := a.MTPD()
		minD(&p.MTPD, m)
		minD(&p.RTO, a.Objectives.RTO)
		minD(&p.RPO, a.Objectives.RPO)
		minD(&p.WRT, a.Objectives.WRT)
		if c, ok := a.Objectives.MBCO.Get(); ok && c > p.MBCO.Or(-1) {
			p.MBCO = Some(c)
		}
		p.Findings = append(p.Findings, assess(a, tiers).Findings...)
	}
	p.Tier, p.TierName = tiers.Classify(p.RTO)
	if m, ok := p.MTPD.Get(); ok {
		e, err := Exposure(acts, m)
		if err != nil {
			return Plan{}, err
		}
		p.ExposureAtMTPD = e
	}
	obj := Objectives{MTPD: p.MTPD, RTO: p.RTO, RPO: p.RPO, WRT: p.WRT}
	for _, f := range obj.check("plan", p.MTPD, Optional[time.Duration]{}) {
		if f.Severity == Critical { // the missing-* notes are already reported per activity
			p.Findings = append(p.Findings, f)
		}
	}
	return p, nil
}

// oneCurrency refuses activities whose loss curves are in different currencies: their money
// cannot add up, whatever the disruption's length.
func oneCurrency(acts []Activity) error {
	var cur sla.Currency
	for _, a := range acts {
		c := a.Impact.Loss.Currency()
		switch {
		case c.Code == "":
		case cur.Code == "":
			cur = c
		case c != cur:
			return errAt(ErrCurrency, "activity "+quote(a.ID)+".impact.loss", a.ID, c.Code+" beside "+cur.Code)
		}
	}
	return nil
}

// Exposure is the money the activities lose together when a disruption lasts d: the sum of their
// loss curves at d. Different currencies give ErrCurrency; an overflow ErrInvalid.
func Exposure(acts []Activity, d time.Duration) (sla.Money, error) {
	if d < 0 {
		return sla.Money{}, errAt(ErrNegativeDuration, "exposure", "", d.String())
	}
	var sum sla.Money
	for _, a := range acts {
		m, ok := a.Impact.Loss.At(d)
		where := "activity " + quote(a.ID) + ".impact.loss"
		switch {
		case !ok:
			return sla.Money{}, errAt(ErrInvalid, where, a.ID, "money overflow")
		case m.Currency.Code == "" && m.Minor == 0:
			continue // no money figure
		case sum.Currency.Code == "" && sum.Minor == 0:
			sum = m
			continue
		}
		s, err := sum.Add(m)
		if err != nil {
			kind := ErrInvalid
			if errors.Is(err, sla.ErrCurrencyMismatch) {
				kind = ErrCurrency
			}
			return sla.Money{}, errAt(kind, where, a.ID, err.Error())
		}
		sum = s
	}
	return sum, nil
}
