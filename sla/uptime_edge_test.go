package sla

import (
	"errors"
	"strings"
	"testing"
)

// DESIGN §4.9: the same input gives the same output, errors included. ReadUpptimeSummary walked
// dailyMinutesDown in Go's map order and reported whichever bad day it met first, so a document
// with several bad days gave a different error from run to run. It now reports the first bad day
// in text order.
func TestReadUpptimeSummaryDeterministicError(t *testing.T) {
	doc := `[{"name":"a","url":"u","slug":"a","uptime":"99.5%","dailyMinutesDown":{` +
		`"2024-01-05":10,"2024-01-03":-1,"2024-13-01":5,"2024-01-02":2000,"2024-01-01":3,"x":1}}]`
	for range 50 {
		_, err := ReadUpptimeSummary(strings.NewReader(doc))
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrUpptime) {
			t.Fatalf("want a *ParseError wrapping ErrUpptime, got %v", err)
		}
		if pe.Input != "2024-01-02" {
			t.Fatalf("reported %q, want the first bad day in order, 2024-01-02", pe.Input)
		}
	}
}
