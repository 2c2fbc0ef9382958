// Package itsm models IT services the way the service management literature does — providers,
// services with their usage and management functionalities, subservices, resources, service access
// points, customers and their subscriptions, users and the service desk — as a validated,
// immutable dependency graph that impact analysis, SLA and continuity planning build on.
package itsm
