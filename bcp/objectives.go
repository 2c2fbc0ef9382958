package bcp

import (
	"fmt"
	"time"
)

// Objectives are what the business requires of an activity's recovery. Every field is either
// explicitly set or unset; zero is a valid value (an RPO of zero: no data may be lost). MTPD
// (NIST: MTD) is the longest disruption the activity survives; RTO the time by which the systems
// it needs must be back; WRT the work recovery time after that (catching up, checking data); RPO
// the data-loss window measured backwards from the event, not part of the MTPD; MBCO the minimum
// capacity, in percent of normal, the activity must keep while disrupted. The zero value has
// nothing set. Objectives are plain values, safe to copy and share.
// Safe for concurrent use.
type Objectives struct {
	MTPD Optional[time.Duration] `json:"mtpd"`
	RTO  Optional[time.Duration] `json:"rto"`
	RPO  Optional[time.Duration] `json:"rpo"`
	WRT  Optional[time.Duration] `json:"wrt"`
	MBCO Optional[int]           `json:"mbco"`
}

// Validate rejects negative durations and an MBCO outside 0–100 %. Broken invariants between
// objectives (an RTO above the MTPD) are findings, not errors: see Check.
func (o Objectives) Validate(where string) error {
	for _, f := range []struct {
		name string
		v    Optional[time.Duration]
	}{{"mtpd", o.MTPD}, {"rto", o.RTO}, {"rpo", o.RPO}, {"wrt", o.WRT}} {
		if d, ok := f.v.Get(); ok && d < 0 {
			return errAt(ErrNegativeDuration, where+"."+f.name, "", d.String())
		}
	}
	if p, ok := o.MBCO.Get(); ok && (p < 0 || p > 100) {
		return errAt(ErrInvalid, where+".mbco", "", fmt.Sprintf("%d %% outside 0–100", p))
	}
	return nil
}

// MaxRTO is the largest RTO that still leaves the work recovery time inside the MTD:
// MTD − WRT. When the WRT alone exceeds the MTD no RTO fits; MaxRTO then returns zero, and
// Assess reports the largest acceptable RTO as unset with a RecoveryAboveMTPD finding.
// REFERENCE BC1: MTD 48 h, WRT 12 h → 36 h.
func MaxRTO(mtd, wrt time.Duration) time.Duration {
	return max(mtd-wrt, 0)
}

// maxRTO is MaxRTO, unset when no RTO fits (the WRT alone exceeds the MTD).
func maxRTO(mtd, wrt time.Duration) Optional[time.Duration] {
	if wrt > mtd {
		return Optional[time.Duration]{}
	}
	return Some(mtd - wrt)
}

// Severity grades a finding. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Severity int

const (
	Info Severity = iota + 1
	Warning
	Critical
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Critical:
		return "critical"
	}
	return fmt.Sprintf("Severity(%d)", int(s))
}

// Code names what a finding is about. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Code int

const (
	// RTOAboveMTPD: the RTO is longer than the MTPD (critical).
	RTOAboveMTPD Code = iota + 1
	// RecoveryAboveMTPD: RTO + WRT is longer than the MTPD (critical; REFERENCE BC1).
	RecoveryAboveMTPD
	// MTPDAboveImpact: a stated MTPD is later than the time the impact curves become
	// unacceptable, so the stated objective tolerates an unacceptable impact (warning).
	MTPDAboveImpact
	// MissingMTPD: no MTPD stated and none derivable from the impact curves (warning).
	MissingMTPD
	// MissingRTO: no RTO stated (warning).
	MissingRTO
	// MissingRPO: no RPO stated (info; an activity may hold no data of its own).
	MissingRPO
	// CapabilityGap: the achievable recovery time exceeds the required RTO (critical).
	CapabilityGap
	// UnknownCapability: no restore time is known for a node that must be recovered (warning).
	UnknownCapability
	// SPOF: a node whose loss alone stops an activity (warning).
	SPOF
	// ExerciseFailed: an exercise did not meet its objectives (warning).
	ExerciseFailed
)

var codeNames = [...]string{"", "rto-above-mtpd", "recovery-above-mtpd", "mtpd-above-impact",
	"missing-mtpd", "missing-rto", "missing-rpo", "capability-gap", "unknown-capability",
	"single-point-of-failure", "exercise-failed"}

func (c Code) String() string {
	if c < RTOAboveMTPD || int(c) >= len(codeNames) {
		return fmt.Sprintf("Code(%d)", int(c))
	}
	return codeNames[c]
}

// Finding is a broken invariant or a risk, reported rather than silently fixed. Subject is the
// activity or node ID it is about. The zero value is invalid.
// A plain value, safe for concurrent use.
type Finding struct {
	Severity Severity `json:"severity"`
	Code     Code     `json:"code"`
	Subject  string   `json:"subject"`
	Message  string   `json:"message"`
}

func (f Finding) String() string {
	return fmt.Sprintf("%s %s %s: %s", f.Severity, f.Code, f.Subject, f.Message)
}

// check reports the invariants of one activity's objectives, given its effective MTPD (stated or
// derived) and the time its impact becomes unacceptable (if any). The RPO is deliberately not
// compared with the MTPD: it is a data-loss window measured backwards from the event.
func (o Objectives) check(subject string, mtpd Optional[time.Duration], unacceptable Optional[time.Duration]) []Finding {
	var out []Finding
	add := func(s Severity, c Code, format string, args ...any) {
		out = append(out, Finding{Severity: s, Code: c, Subject: subject, Message: fmt.Sprintf(format, args...)})
	}
	m, hasM := mtpd.Get()
	if !hasM {
		add(Warning, MissingMTPD, "no MTPD stated and the impact curves never become unacceptable")
	}
	if s, ok := o.MTPD.Get(); ok {
		if u, ok := unacceptable.Get(); ok && s > u {
			add(Warning, MTPDAboveImpact, "stated MTPD %s is later than the %s at which impact becomes unacceptable", s, u)
		}
	}
	rto, hasRTO := o.RTO.Get()
	if !hasRTO {
		add(Warning, MissingRTO, "no RTO stated")
	}
	if hasRTO && hasM && rto > m {
		add(Critical, RTOAboveMTPD, "RTO %s exceeds MTPD %s", rto, m)
	}
	// Saturating sums: huge objectives must not wrap around below the MTPD. A WRT above the
	// MTPD breaks RTO + WRT ≤ MTPD for every RTO, so it is reported even with no RTO stated.
	if w, ok := o.WRT.Get(); ok && hasM {
		switch {
		case w > m:
			add(Critical, RecoveryAboveMTPD, "WRT %s alone exceeds MTPD %s: no RTO fits", w, m)
		case hasRTO && addSat(rto, w) > m:
			add(Critical, RecoveryAboveMTPD, "RTO %s + WRT %s = %s exceeds MTPD %s (largest acceptable RTO %s)", rto, w, sumString(rto, w), m, m-w)
		}
	}
	if !o.RPO.IsSet() {
		add(Info, MissingRPO, "no RPO stated")
	}
	return out
}

// Tier is one row of a recovery tier table: every RTO up to and including MaxRTO (and above the
// previous row's) belongs to it. The zero value (no name) is invalid in a table.
// A plain value, safe for concurrent use.
type Tier struct {
	Name   string        `json:"name"`
	MaxRTO time.Duration `json:"maxRTO"`
}

// TierTable classifies RTOs into recovery tiers. Rows are in strictly increasing MaxRTO order;
// tier numbers are 1-based positions. An RTO above the last row is unclassified (tier 0): add a
// catch-all row if every RTO must land somewhere. The zero value classifies nothing.
// Safe for concurrent use as long as nobody modifies it.
type TierTable []Tier

// DefaultTiers is a common five-tier table: ≤ 4 h, ≤ 24 h, ≤ 72 h, ≤ 1 week, ≤ 30 days.
func DefaultTiers() TierTable {
	return TierTable{
		{Name: "tier 1", MaxRTO: 4 * time.Hour},
		{Name: "tier 2", MaxRTO: 24 * time.Hour},
		{Name: "tier 3", MaxRTO: 72 * time.Hour},
		{Name: "tier 4", MaxRTO: 7 * 24 * time.Hour},
		{Name: "tier 5", MaxRTO: 30 * 24 * time.Hour},
	}
}

// Validate checks names are present and unique and limits strictly increasing and non-negative.
func (t TierTable) Validate() error {
	seen := make(map[string]bool, len(t))
	for i, r := range t {
		w := fmt.Sprintf("tiers[%d]", i)
		if r.Name == "" {
			return errAt(ErrInvalid, w+".name", "", "empty tier name")
		}
		if seen[r.Name] {
			return errAt(ErrDuplicateID, w+".name", r.Name, "")
		}
		seen[r.Name] = true
		if r.MaxRTO < 0 {
			return errAt(ErrNegativeDuration, w+".maxRTO", r.Name, r.MaxRTO.String())
		}
		if i > 0 && r.MaxRTO <= t[i-1].MaxRTO {
			return errAt(ErrInvalid, w+".maxRTO", r.Name, "tier limits must strictly increase")
		}
	}
	return nil
}

// Classify returns the 1-based tier of an RTO and its name; 0 and "" for an unset RTO or one
// above the last row. Binary search: O(log tiers).
func (t TierTable) Classify(rto Optional[time.Duration]) (int, string) {
	d, ok := rto.Get()
	if !ok {
		return 0, ""
	}
	lo, hi := 0, len(t)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if t[mid].MaxRTO < d {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo == len(t) {
		return 0, ""
	}
	return lo + 1, t[lo].Name
}

// sumString prints a + b, or "more than the largest duration" when the sum overflows.
func sumString(a, b time.Duration) string {
	if s := addSat(a, b); s != never {
		return s.String()
	}
	return "more than " + never.String()
}
