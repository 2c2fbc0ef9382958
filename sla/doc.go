// Package sla computes service availability and SLA attainment: service-hour calendars in IANA
// time zones, calendar-aligned and rolling periods, status timelines, exact availability
// figures under explicit policies, targets and agreements.
//
// Error budgets, burn rates, composites, service credits and reliability metrics are built on
// these types in the same package.
package sla
