package sla

import (
	"slices"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
)

// Failure is one maximal span of Down time on a timeline, with its acknowledgement if one was
// given.
// The zero value is an empty failure.
// A plain value, safe for concurrent use.
type Failure struct {
	Interval
	Acknowledged time.Time // zero when no acknowledgement fell in the failure's span
	// Continued is true when the failure was already under way at the window's start (the
	// timeline shows Down just before it): it is cut there and listed, but did not start here.
	Continued bool
}

// Reliability is the failure statistics of a timeline over a window: a plain result value whose
// zero value has no failures and no time. Means are exact nanosecond values (Ratio); Duration
// rounds one down for display.
//
// # Definitions
//
//   - A failure is a maximal span of Down time; failures touching the window's edges are cut
//     there. Degraded time counts as up; NoData and Maintenance time count as neither.
//   - Failures lists every failure inside the window, so an outage across the boundary of two
//     adjacent windows is listed in both (each with its own part, so each window's MTTR, MTBF
//     and availability are exact). Started counts only the failures that began inside the
//     window (not Continued from before it): Started adds up over adjacent windows, and it is
//     the failure count to report per month. A timeline that begins Down gives no earlier
//     state, so its first failure started at the timeline's start.
//   - MTTR is the mean time to restore: the mean length of the failures, from the instant the
//     service went down to the instant it was back. Repair time (fixing the cause) and resolve
//     time (closing the incident) are incident measures, not visible on a status timeline.
//   - MTBF is the mean operating time between failures: Up / Failures, where Up is all the up
//     time in the window. With it, MTBF / (MTBF + MTTR) = Up / (Up + Down) exactly: the
//     availability of the window when NoData and Maintenance time are excluded (M1).
//   - MTTF is the mean of the up runs that end in a failure (from the window start or the
//     previous restoration to the next failure). The up run after the last failure is cut by the
//     window end and is left out, so MTTF differs from MTBF when that run is long.
//   - MTTA is the mean time from a failure's start to its acknowledgement, over the failures
//     that were acknowledged. An acknowledgement belongs to the failure whose span holds it.
//
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Reliability struct {
	Window   Interval
	Failures []Failure
	Started  int // failures that began inside the window (not Continued)
	Up, Down time.Duration
	Acked    int

	MTTR, MTBF, MTTF, MTTA                Ratio // nanoseconds, exact; zero when undefined
	MTTRDefined, MTBFDefined, MTTFDefined bool  // at least one failure (MTTF: one preceded by up time)
	MTTADefined                           bool  // at least one acknowledged failure
	Availability                          Ratio // percent, Up / (Up + Down); zero when both are zero
	AvailabilityDefined                   bool
}

// Duration rounds an exact nanosecond mean down to a Duration.
func (r Reliability) Duration(ns Ratio) time.Duration { return floorDuration(ns) }

// ReliabilityOf computes failure statistics of tl inside window w (clipped to the timeline's
// window). acks are acknowledgement instants in any order; each is matched to the failure whose
// span holds it (the first one for that failure counts), others are ignored.
func ReliabilityOf(tl Timeline, w Interval, acks []time.Time) Reliability {
	c := tl.Clip(w)
	r := Reliability{Window: c.Window()}
	r.Up = c.Total(Operational) + c.Total(Degraded)
	r.Down = c.Total(Down)
	downs := c.Intervals(Down)
	sortedAcks := slices.Clone(acks)
	slices.SortFunc(sortedAcks, func(a, b time.Time) int { return a.Compare(b) })
	up := interval.Union(c.Intervals(Operational), c.Intervals(Degraded))
	upIdx := newIndexedSet(up)
	var ackSum, ttfSum, ttfN int64
	k := 0
	prevEnd := r.Window.Start
	for _, d := range downs {
		f := Failure{Interval: d}
		// Only the first failure can start at the window's start; it continues an earlier one
		// when the timeline has time before it and is Down there.
		f.Continued = d.Start.Equal(r.Window.Start) && d.Start.After(tl.Window().Start) && tl.StatusAt(d.Start.Add(-1)) == Down
		if !f.Continued {
			r.Started++
		}
		for k < len(sortedAcks) && sortedAcks[k].Before(d.Start) {
			k++
		}
		if k < len(sortedAcks) && sortedAcks[k].Before(d.End) {
			f.Acknowledged = sortedAcks[k]
			ackSum += int64(f.Acknowledged.Sub(d.Start))
			r.Acked++
		}
		if run := upIdx.total(Interval{Start: prevEnd, End: d.Start}); run > 0 {
			ttfSum += run
			ttfN++
		}
		prevEnd = d.End
		r.Failures = append(r.Failures, f)
	}
	if n := int64(len(r.Failures)); n > 0 {
		r.MTTR, _ = RatioOf(int64(r.Down), n)
		r.MTBF, _ = RatioOf(int64(r.Up), n)
		r.MTTRDefined, r.MTBFDefined = true, true
	}
	if ttfN > 0 {
		r.MTTF, _ = RatioOf(ttfSum, ttfN)
		r.MTTFDefined = true
	}
	if r.Acked > 0 {
		r.MTTA, _ = RatioOf(ackSum, int64(r.Acked))
		r.MTTADefined = true
	}
	if r.Up+r.Down > 0 {
		a, _ := RatioOf(int64(r.Up), int64(r.Up+r.Down))
		r.Availability, r.AvailabilityDefined = a.MulInt(100), true
	}
	return r
}

// IdentityAvailability is MTBF / (MTBF + MTTR) in percent, exactly; it equals Availability
// whenever there was at least one failure (see the Reliability doc). ok is false without
// failures.
func (r Reliability) IdentityAvailability() (Ratio, bool) {
	if !r.MTBFDefined {
		return Ratio{}, false
	}
	den := r.MTBF.Add(r.MTTR)
	a, err := r.MTBF.Quo(den)
	if err != nil {
		return Ratio{}, false
	}
	return a.MulInt(100), true
}
