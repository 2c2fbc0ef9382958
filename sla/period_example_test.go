package sla_test

import (
	"fmt"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// A period read from configuration text, and the local days it yields around the 2024
// spring-forward night in Berlin: 31 March has 23 hours.
func ExampleParsePeriod() {
	p, err := sla.ParsePeriod("day Europe/Berlin")
	if err != nil {
		fmt.Println(err)
		return
	}
	from := time.Date(2024, 3, 30, 12, 0, 0, 0, p.Location)
	for d := range p.Covering(sla.Interval{Start: from, End: from.Add(48 * time.Hour)}) {
		fmt.Println(d.Start.Format("2006-01-02 MST"), d.Duration())
	}
	text, _ := p.MarshalText()
	fmt.Println(string(text))
	// Output:
	// 2024-03-30 CET 24h0m0s
	// 2024-03-31 CET 23h0m0s
	// 2024-04-01 CEST 24h0m0s
	// day Europe/Berlin
}
