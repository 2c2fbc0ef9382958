package sla_test

import (
	"fmt"
	"os"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// The Upptime history of the BC Building Permit Hub (a repository snapshot shipped with the
// module; any Upptime repository checked out on disk reads the same way): a timeline from its
// status changes, its all-time availability beside the monitor's own figure, and its worst UTC day.
func ExampleLoadUpptime() {
	u, err := sla.LoadUpptime(os.DirFS("../internal/dataset"), "upptime-bcgov-building-permit-hub")
	if err != nil {
		fmt.Println(err)
		return
	}
	site, _ := u.Site("building-permit-hub")
	all := sla.Interval{Start: site.Start, End: site.LastUpdated}
	tl, _ := sla.TimelineFromEvents(all, u.Events(site.Slug), sla.WithInitial(sla.Operational))
	r, _ := sla.Availability(tl, nil, all, sla.Policy{})
	fmt.Println("every outage counted:", r.Format(2), "down", r.Down.Round(time.Minute))
	// The monitor counts only outages it kept an issue for (15 minutes or longer).
	long, _ := sla.TimelineFromOutages(all, sla.DropShorter(tl.Intervals(sla.Down), 15*time.Minute))
	r, _ = sla.Availability(long, nil, all, sla.Policy{})
	fmt.Println("outages of 15 min or more:", r.Format(2), "monitor says", sla.FormatPercent(site.Uptime, 2)+"%")
	var worst sla.DayDown
	for _, d := range sla.DailyDown(tl, time.UTC) {
		if d.Down > worst.Down {
			worst = d
		}
	}
	fmt.Println("worst day:", worst.Day, worst.Down.Round(time.Minute))
	// Output:
	// every outage counted: 94.07% down 55h22m0s
	// outages of 15 min or more: 95.18% monitor says 95.11%
	// worst day: 2026-08-03 5h23m0s
}
