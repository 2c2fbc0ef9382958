// Package bcp is for business continuity planning over an itsm model: business impact analysis
// of business activities, recovery objectives against recovery capabilities through the
// dependency graph, single points of failure, recovery order, disruption scenarios, plans,
// exercises and reviews.
//
// # Objectives and capabilities
//
// What the business requires (Objectives: MTPD, RTO, RPO, WRT, MBCO) and what recovery has been
// shown or is estimated to achieve (Capability) are separate values. Every objective is an
// Optional: set or unset, and zero is a valid value (an RPO of zero means no data may be lost).
//
// # Impact over time
//
// An activity's Impact holds one step curve per Dimension (financial, operational, reputational,
// legal/regulatory, customer) on an ordered level Scale with a marked first unacceptable level.
// A step holds from its time (inclusive) until the next; before the first step the impact is
// level 0. Times must strictly increase (ErrDecreasingTime otherwise). Financial loss in money is
// a separate Loss curve: a stepped rate (amount per Per) or stepped cumulative totals. Rates are
// integrated exactly and rounded down to a whole minor unit once, at the end.
//
// # Derived MTPD
//
// When no MTPD is stated, the effective MTPD is the earliest elapsed time at which any dimension
// reaches the unacceptable level (REFERENCE BC2: 24 h). A stated MTPD later than that is kept
// (never silently changed) and reported as an MTPDAboveImpact finding.
//
// # Invariants are findings
//
// RTO ≤ MTPD and RTO + WRT ≤ MTPD (REFERENCE BC1: MTD 48 h, WRT 12 h → largest RTO 36 h) are
// reported as Critical findings, never as errors and never "fixed". The RPO is not compared with
// the MTPD: it measures data loss backwards from the event and is independent of it. Errors are
// kept for malformed input: negative durations, decreasing curve times, unknown references,
// duplicate IDs, levels off the scale, mixed currencies.
//
// # Recovery tiers
//
// A TierTable maps an RTO to the first row whose MaxRTO is at or above it (limits inclusive).
// An RTO above the last row, or an unset RTO, is unclassified (tier 0).
//
// # Plans
//
// Aggregate combines activities: the most stringent objective wins (smallest MTPD, RTO, RPO and
// WRT, largest MBCO) and money at risk adds up (REFERENCE BC4: RTO 4 h, MTPD 12 h, 150/day).
//
// # Money
//
// Money is sla.Money: integer minor units of an ISO 4217 currency. A loss rate is integrated
// exactly (128-bit products) and rounded down to a whole minor unit once; exposures add exactly.
//
// # Exercises and reviews
//
// An Exercise passes when every stated RTO/RPO objective was met by a measured actual (equal
// meets), fails when one was exceeded, and is inconclusive otherwise. Its findings and every
// missed objective come out as Improvement values, plain data a continual-improvement register
// can take over (bcp does not import pdca). Only exercises that actually restore systems
// (simulation, parallel, full interruption) turn into tested capabilities. A Review is due at the
// last review plus its calendar interval in the caller's zone, or earlier at the first
// significant change after the last review plus a grace period.
//
// # Concurrency
//
// Every type is a plain value or immutable once built; functions never mutate their inputs and
// are safe for concurrent use.
package bcp
