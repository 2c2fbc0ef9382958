package sla_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// A business-hours calendar: weekdays 09:00–12:00 and 13:00–17:00 in Berlin, Christmas Day
// every year and a short Christmas Eve. Business time, deadlines and the next working instant.
func ExampleParseCalendar() {
	cal, err := sla.ParseCalendar(`
zone Europe/Berlin
mon-fri 09:00-12:00 13:00-17:00
holiday 12-25 Christmas Day
holiday 12-26 Boxing Day
exception 2024-12-24 09:00-12:00 Christmas Eve
`)
	if err != nil {
		fmt.Println(err)
		return
	}
	berlin := cal.Location()
	opened := time.Date(2024, 12, 23, 15, 30, 0, 0, berlin) // Monday afternoon
	deadline, _ := cal.Deadline(opened, 8*time.Hour)
	fmt.Println("8 business hours after", opened.Format("Mon 02 Jan 15:04"), "→", deadline.Format("Mon 02 Jan 15:04"))
	fmt.Println("business time to then:", cal.BusinessTime(opened, deadline))
	next, _ := cal.NextWorking(time.Date(2024, 12, 24, 12, 0, 0, 0, berlin))
	fmt.Println("next working after Christmas Eve noon:", next.Format("Mon 02 Jan 15:04"))
	week := sla.Interval{Start: time.Date(2024, 12, 23, 0, 0, 0, 0, berlin), End: time.Date(2024, 12, 30, 0, 0, 0, 0, berlin)}
	for iv := range cal.WorkingIntervals(week) {
		fmt.Println(" ", iv.Start.In(berlin).Format("Mon 02 15:04"), "-", iv.End.In(berlin).Format("15:04"))
	}
	// Output:
	// 8 business hours after Mon 23 Dec 15:30 → Fri 27 Dec 13:30
	// business time to then: 8h0m0s
	// next working after Christmas Eve noon: Fri 27 Dec 09:00
	//   Mon 23 09:00 - 12:00
	//   Mon 23 13:00 - 17:00
	//   Tue 24 09:00 - 12:00
	//   Fri 27 09:00 - 12:00
	//   Fri 27 13:00 - 17:00
}

// A DST month: March 2024 in Berlin has 743 hours, and a 24×7 service that was down from 01:30
// to 03:30 local on the 31st, across the skipped hour, lost one hour, not two.
func ExampleAvailability_dstMonth() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	month := sla.Monthly(berlin).Containing(time.Date(2024, 3, 15, 0, 0, 0, 0, berlin))
	fmt.Println("March 2024 in Berlin:", month.Duration())
	outage := sla.Interval{
		Start: time.Date(2024, 3, 31, 1, 30, 0, 0, berlin),
		End:   time.Date(2024, 3, 31, 3, 30, 0, 0, berlin),
	}
	tl, _ := sla.TimelineFromOutages(month, []sla.Interval{outage})
	r, _ := sla.Availability(tl, sla.AlwaysOn(berlin), month, sla.Policy{})
	fmt.Println("down:", r.Down, "availability:", r.Format(4))
	// Output:
	// March 2024 in Berlin: 743h0m0s
	// down: 1h0m0s availability: 99.8654%
}
