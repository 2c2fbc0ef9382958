// Command servicereview prints the monthly service review an IT service manager brings to the
// meeting with the business, computed by itsmkit from the real datasets embedded in the module:
// service reporting against an example agreement, dependency impact, incident management,
// continuity and a Plan–Do–Check–Act improvement cycle.
//
//	go run ./examples/servicereview                       # text, embedded data
//	go run ./examples/servicereview -format markdown      # or json
//	go run ./examples/servicereview -html review.html     # also one page with SVG charts
//	go run ./examples/servicereview -data DIR             # your own files, same layout
//	go run ./examples/servicereview -asof 2026-08-01T07:00:00Z -zone America/Vancouver
//
// The review is computed by Review (data and options in, a Report out) and rendered separately
// (writeText, writeMarkdown, writeJSON, writeHTML), so tests can check either part.
//
// # Data and its layout
//
// Review reads a file system laid out as internal/dataset: the Upptime history of a service and
// its dependencies (upptime-bcgov-building-permit-hub: history/summary.json, history/<slug>.yml,
// status_changes.csv), a ServiceNow audit log (uci-incident-event-log/incident_event_log.csv.gz,
// gzip or plain CSV) and the microservice graphs (microservice-dependency-graphs: nodes.csv,
// edges.csv). With -data the same names are read from a directory. The first site of
// summary.json is the service under review; every other site is one of its dependencies. Each
// site's timeline covers the monitor's own window [startTime, lastUpdated): it starts up, and the
// status changes recorded under its slug move it down and up (rows under former names, which have
// no slug, are not used, as the monitor does not count them either). Time outside the window is
// "no data" and is left out of every denominator.
//
// # The review instant and zones
//
// Without -asof the review is as of the end of the availability data (the latest lastUpdated of
// any site), never the machine's clock, so every run prints the same bytes. An -asof after the
// data is warned about on standard error; the review covers the data up to its end and leaves out
// (and counts) the calendar months after it, which hold no data; one more than
// MaxYearsAfterData (100) years after it is refused (ErrAsOf). The agreement's calendar months
// and days are those of its own zone, America/Vancouver (agreementZone): the zone is part of the
// contract, so -zone changes only how instants are shown (default America/Vancouver). The month
// holding the last instant reviewed is the month under review, to date. The incident log is a
// separate dataset of another organisation with its own period (2016–2017 for the shipped log):
// its figures cover the whole log, and its timers and hold times are measured as of its last
// event. Its wall-clock times are read in -logzone (default America/Sao_Paulo, where the log was
// published).
//
// # Budgets, no data and display
//
// One error budget is used for the month table, the burn-down line and its chart: sla's
// Budget.UseReport over each report to date, the objective's share of the month's time less the
// time without data, so days before monitoring began carry none. The verdicts and credits are
// sla's (Agreement.Evaluate, ClaimFor, Statement): a month still running reads "breached" only
// once that budget is overspent (it can only shrink), else "over pace" (the figure to date is
// below the objective) or "on track". A running month earns a credit only once it reads
// "breached", and then "at least" the tier of the best it can still reach; before, the credit
// its figure to date would earn reads "provisional: …" and is left out of the owed totals (shown
// beside them). "Complete" means the
// calendar month has ended; the "monitored" column says how much of it had data ("21d 7h of
// 31d"), the time the budget is a share of, so a month that ends with days without data has a
// smaller budget than it showed while running. No data reads "no data" (JSON null),
// never 0, 100 % or a full budget; "–" marks a figure that is undefined or not shown, "not set"
// an objective the study does not state. Durations read "45s", "2h50m" below 72 hours and
// "38d 7h" from there on ("51,267d 8h": days grouped as counts are), rounded down; the
// continuity section shows them to the second ("29m55s", "3h15m48s") because its figures are
// sums and differences of each other. Percentages carry no space before the sign.
//
// # Stated assumptions
//
// The example agreement (99.9 % per calendar month, the credit tiers of the sla tests' reference
// case K1, which start at the objective, so an attained month earns no credit; fees of
// CAD 10,000.00 for the service and CAD 2,500.00 for each dependency, credits rounded down to the
// cent), the dependency model of the Hub (sign-in and the address geocoder stop it; map services
// and the Archistar design check only degrade it), its customers and users, the example
// resolution timer, and the improvement objectives (the agreement's target; a mean time to
// restore the service of 15 min; a mean time to resolve priority 1 incidents of 72 h) are stated
// in this program, not read from the data. The
// continuity section uses the Building Permit Hub study of package bcp (bcp.StudyPermitHub),
// which states its own activities, objectives and model; on data without the Hub's sites it falls
// back to example activities over this program's model.
//
// # Improvement cycle
//
// The cycle covers the month under review: Plan at its start with the previous month's
// availability and time to restore, and the log's previous full month's priority 1 time to
// resolve, as baselines; Do through the month; Check at the review instant with this review's
// figures; Act at the same instant, because the review meeting is where the figures are acted
// on. Act records a decision (adopt when every objective is met, else adapt) and one follow-up
// per missed objective, derived from the figures (for availability, the dependency whose outages
// coincided longest with the service's; for the time to restore, the month's failures; for the
// time to resolve, the priority and month of the incidents to review). Each follow-up enters the
// improvement register as a proposed item with the objective's metric as its KPI (availability:
// SLA breach; time to restore, a target of this review: management review; time to resolve:
// incident review).
//
// While the month is still running at the review instant, the decision's rationale says it rests
// on figures to date and the cycle stays in Act, saying it closes when the month has ended:
// closing is a verdict on the month, which needs its complete figures, so the cycle's own register
// item stays approved. Once the month has ended the cycle closes and completes that item. The
// resolution objective is measured on the separate incident log (its last full month), and says
// so. An objective whose baseline already meets its target, or that has no figures, is not set
// (pdca requires a target better than the baseline) and the report says why.
//
// # Bad input
//
// A missing file, a wrong header, a bad row of the availability history or the dependency
// graphs, or an empty log (an incident log or a status-change log with no rows) stops the review: the message names the file
// (under the -data directory) and the line once, a truncated gzip stream is reported as such
// (a plain CSV under the .gz name is read as CSV), the exit status is 1, nothing is printed on standard
// output and no HTML page is written (the page goes to a temporary file in the same directory and
// is renamed into place only when complete). Bad flags exit with status 2. Rows of the incident
// log the importer cannot use do not stop the review: they are counted and located in the data
// quality figures. Progress goes to standard error only when it is a terminal.
package main
