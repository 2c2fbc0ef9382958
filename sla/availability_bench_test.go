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
