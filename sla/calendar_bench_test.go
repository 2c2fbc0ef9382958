package sla

import (
	"testing"
	"time"
)

func benchCalendar(b *testing.B) *Calendar {
	b.Helper()
	cal, err := ParseCalendar("zone Europe/Berlin\nmon-fri 09:00-17:00\nholiday 12-25\nholiday 01-01")
	if err != nil {
		b.Fatal(err)
	}
	return cal
}

// A deadline a few working days away, the common case of an incident timer.
func BenchmarkDeadlineDays(b *testing.B) {
	cal := benchCalendar(b)
	start := time.Date(2024, 3, 28, 15, 0, 0, 0, time.UTC)
	for b.Loop() {
		if _, err := cal.Deadline(start, 20*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

// A deadline a year of working time away.
func BenchmarkDeadlineYear(b *testing.B) {
	cal := benchCalendar(b)
	start := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		if _, err := cal.Deadline(start, 2000*time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}

// The working time of a month.
func BenchmarkBusinessTimeMonth(b *testing.B) {
	cal := benchCalendar(b)
	from := time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)
	to := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)
	for b.Loop() {
		cal.BusinessTime(from, to)
	}
}
