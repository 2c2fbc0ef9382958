package sla

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
)

const benchOutages = 1_000_000

// benchYear returns 2024 in Berlin, a business-hours calendar with holidays, weekly maintenance
// windows and a million outages of 1 s to 1 h spread over the year (fixed seed).
func benchYear(b *testing.B) (interval.Interval, *Calendar, []interval.Interval, []interval.Interval) {
	b.Helper()
	berlin := mustLoc(b, "Europe/Berlin")
	spec := weekdays(Slot{Clock(8, 0), Clock(12, 0)}, Slot{Clock(13, 0), Clock(18, 0)})
	spec.Holidays = []Holiday{{Month: 1, Day: 1}, {Month: 5, Day: 1}, {Month: 10, Day: 3}, {Month: 12, Day: 25}, {Month: 12, Day: 26}}
	spec.Closed = []Date{{2024, 3, 29}, {2024, 4, 1}, {2024, 5, 9}, {2024, 5, 20}}
	spec.Exceptions = []Exception{{Date: Date{2024, 12, 24}, Slots: []Slot{{Clock(8, 0), Clock(12, 0)}}}}
	cal := mustCalendar(b, berlin, spec)
	year := interval.Interval{Start: time.Date(2024, 1, 1, 0, 0, 0, 0, berlin), End: time.Date(2025, 1, 1, 0, 0, 0, 0, berlin)}
	var maint []interval.Interval
	for d := year.Start; d.Before(year.End); d = d.AddDate(0, 0, 7) {
		s := time.Date(d.Year(), d.Month(), d.Day(), 7, 0, 0, 0, berlin)
		maint = append(maint, interval.Interval{Start: s, End: s.Add(2 * time.Hour)})
	}
	rng := rand.New(rand.NewPCG(2024, 7))
	span := int64(year.Duration() / time.Second)
	outages := make([]interval.Interval, benchOutages)
	for k := range outages {
		s := year.Start.Add(time.Duration(rng.Int64N(span)) * time.Second)
		outages[k] = interval.Interval{Start: s, End: s.Add(time.Duration(1+rng.Int64N(3600)) * time.Second)}
	}
	return year, cal, maint, outages
}

// BenchmarkAvailabilityYear: a year's availability from a million outages under a
// business-hours calendar with holidays and maintenance, timeline build included.
func BenchmarkAvailabilityYear(b *testing.B) {
	year, cal, maint, outages := benchYear(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		tl, err := TimelineFromOutages(year, outages, WithMaintenance(maint...))
		if err != nil {
			b.Fatal(err)
		}
		r, err := Availability(tl, cal, year, Policy{})
		if err != nil || !r.Known {
			b.Fatal(err)
		}
	}
}

// BenchmarkAvailabilityYearFloor: the floor for the benchmark above: copy, sort and sweep the
// same million intervals to their merged total, with no calendar, statuses or exact figure.
func BenchmarkAvailabilityYearFloor(b *testing.B) {
	year, _, _, outages := benchYear(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		work := slices.Clone(outages)
		slices.SortFunc(work, func(x, y interval.Interval) int { return x.Start.Compare(y.Start) })
		var down time.Duration
		cur := work[0]
		for _, iv := range work[1:] {
			if !iv.Start.After(cur.End) {
				if iv.End.After(cur.End) {
					cur.End = iv.End
				}
				continue
			}
			down += cur.Intersect(year).Duration()
			cur = iv
		}
		down += cur.Intersect(year).Duration()
		if down <= 0 {
			b.Fatal("no downtime")
		}
	}
}

// benchSparse returns 2024 in Berlin with the business-hours calendar and maintenance of
// benchYear, and a one-minute outage every five minutes: 105,408 outages that do not merge.
func benchSparse(b *testing.B) (interval.Interval, *Calendar, []interval.Interval, []interval.Interval) {
	b.Helper()
	year, cal, maint, _ := benchYear(b)
	var outages []interval.Interval
	for x := year.Start; x.Before(year.End); x = x.Add(5 * time.Minute) {
		outages = append(outages, interval.Interval{Start: x, End: x.Add(time.Minute)})
	}
	return year, cal, maint, outages
}

// BenchmarkAvailabilityDaily: a report per local day of 2024 (366) from one timeline of 105,408
// outages. Each report looks only at its day's part of the timeline (binary search), so the
// year costs about one pass over the timeline, not one pass per day.
func BenchmarkAvailabilityDaily(b *testing.B) {
	year, cal, maint, outages := benchSparse(b)
	tl, err := TimelineFromOutages(year, outages, WithMaintenance(maint...))
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		reps, err := AvailabilityByPeriod(tl, cal, Daily(year.Start.Location()), year, Policy{})
		if err != nil || len(reps) != 366 {
			b.Fatal(err, len(reps))
		}
	}
}

// BenchmarkAvailabilityDailyFloor: the floor for the benchmark above: one sweep of the same
// (sorted, disjoint) outages summing their length per 24 hours from the year's start, with no
// calendar, statuses or exact figures.
func BenchmarkAvailabilityDailyFloor(b *testing.B) {
	year, _, _, outages := benchSparse(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		perDay := make([]time.Duration, 367)
		for _, iv := range outages {
			perDay[int(iv.Start.Sub(year.Start)/(24*time.Hour))] += iv.Duration()
		}
		if perDay[0] <= 0 {
			b.Fatal("no downtime")
		}
	}
}
