package sla

import (
	"math/rand"
	"os"
	"strings"
	"testing"
	"time"
)

// TestBusinessTimeAllZones checks the arithmetic day walk of BusinessTime and Deadline against
// the day-by-day expansion of WorkingIntervals in every zone of the machine's tz database, over
// random ranges from 1963 to 2036 with a calendar that has a slot across midnight, one near
// 01:00 (where many zones change) and a holiday: BusinessTime equals the sum of the working
// intervals, and a deadline d after a start has exactly d of business time before it.
func TestBusinessTimeAllZones(t *testing.T) {
	b, err := os.ReadFile("/usr/share/zoneinfo/tzdata.zi")
	if err != nil {
		t.Skip("no tz database source on this machine:", err)
	}
	var zones []string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(l, "Z ") {
			zones = append(zones, strings.Fields(l)[1])
		}
	}
	r := rand.New(rand.NewSource(1))
	failures := 0
	for _, z := range zones {
		if _, err := time.LoadLocation(z); err != nil {
			continue
		}
		cal, err := ParseCalendar("zone " + z + "\nmon-fri 00:30-02:30 08:00-12:00 13:00-18:00\nsat 22:00-03:00\nholiday 12-25\n")
		if err != nil {
			t.Fatal(err)
		}
		for range 30 {
			from := time.Unix(r.Int63n(2_300_000_000)-200_000_000, 0).In(cal.Location())
			to := from.Add(time.Duration(r.Int63n(int64(90 * day))))
			var want time.Duration
			for iv := range cal.WorkingIntervals(Interval{Start: from, End: to}) {
				want += iv.Duration()
			}
			if got := cal.BusinessTime(from, to); got != want {
				failures++
				t.Errorf("%s [%v, %v): BusinessTime %v, working intervals %v", z, from, to, got, want)
			}
			d := time.Duration(r.Int63n(int64(200 * time.Hour)))
			if dl, err := cal.Deadline(from, d); err != nil {
				t.Errorf("%s Deadline(%v, %v): %v", z, from, d, err)
			} else if bt := cal.BusinessTime(from, dl); bt != d {
				failures++
				t.Errorf("%s Deadline(%v, %v) = %v holds %v of business time", z, from, d, dl, bt)
			}
			if failures > 10 {
				t.FailNow()
			}
		}
	}
}
