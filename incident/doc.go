// Package incident models incident management as ITIL and ISO/IEC 20000 describe it: incident
// records with their full history, a pure lifecycle state machine, priority matrices as data,
// ticket SLA timers in business time, metrics, and a streaming importer for ServiceNow-style
// audit exports such as the UCI incident event log.
package incident
