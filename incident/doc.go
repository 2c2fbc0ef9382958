// Package incident models incident management as ITIL and ISO/IEC 20000 describe it: incident
// records with their full history, a pure lifecycle state machine, priority matrices as data,
// ticket SLA timers in business time, metrics, and a streaming importer for ServiceNow-style
// audit exports such as the UCI incident event log.
//
// Everything is a value: Incident, Timer, Matrix and Definition methods return new values and
// never read the clock; every calculation takes its as-of instant, and the importer takes the time
// zone of the export. Every type except Reader is safe for concurrent reads; plain data types
// (Event, Observation, Cell, Inference, Disagreement, Target, Milestone, Group, Count,
// Reassignment, HoldTime, BacklogPoint, Row, Anomaly, Report, Transition) have an empty zero value
// and carry no behaviour beyond String. Incident IDs, callers, groups and assignees are plain
// strings, not itsm.ID, so imported logs keep their identifiers verbatim and the package needs no
// model.
//
// # Lifecycle
//
// States: New, In Progress, On Hold (always with a HoldReason), Resolved, Closed, Canceled.
// Closed and Canceled are terminal: no action and no event is accepted after them. Allowed
// changes of state (CanMove):
//
//	New         → In Progress, On Hold, Resolved, Canceled
//	In Progress → On Hold, Resolved, Canceled
//	On Hold     → In Progress, On Hold (another reason), Resolved, Canceled
//	Resolved    → In Progress (a reopen), Closed
//
// An event that keeps the state is a field update (assignment, reprioritisation, a comment) and
// is allowed in every non-terminal state. Resolved → In Progress counts as a reopen. A caller's
// reply (Incident.Reply) returns an incident On Hold awaiting the caller to In Progress and
// changes nothing in other states. Illegal moves return *TransitionError naming the incident,
// the action and both statuses; it matches ErrTerminal or ErrIllegalMove.
//
// # Construction is strict, import is lenient
//
// Open and every action take caller values, and refuse bad ones with a *FieldError naming the
// field (wrapping ErrInvalidField): an empty or blank ID or actor, the zero time, an impact,
// urgency or priority outside 0..MaxLevel (0 means "not given"), an opening status other than
// New. A zero Incident (not made with Open or the importer) is not an incident: Evaluate and
// every action return an error wrapping ErrNotOpened rather than "not started" or an
// Unknown → In Progress move. The importer is different on purpose: there the data is the
// record, so it keeps what the log says and lists anomalies (see Import) instead of refusing.
//
// # State vocabularies
//
// Other tools' state names map onto the lifecycle through a Vocabulary, which is data.
// ServiceNowStates maps the names of the UCI log: New → New; Active → In Progress; Awaiting User
// Info → On Hold (awaiting caller); Awaiting Vendor, Awaiting Problem, Awaiting Evidence → On
// Hold for that reason; Resolved; Closed; plus Canceled and a few common aliases. "-100", a
// corrupt value in that log, is not mapped, so its rows are reported as unusable.
//
// # Priority
//
// Levels count from 1, the highest, up to MaxLevel (1000). A Matrix maps impact (rows) × urgency
// (columns) to a priority; it may be any N×M and may leave cells undefined (0): an impact or
// urgency outside the matrix, or an undefined cell, is an error wrapping ErrOutsideMatrix.
// DefaultMatrix is the common 3×3 one, priority = impact + urgency − 1 (reference case P1).
// InferMatrix reads the matrix a log used: each cell takes the priority most rows gave it, ties
// going to the higher priority, and cells seen with more than one priority are listed; levels
// below 1 or above MaxLevel are skipped and counted. Matrix.Disagreements lists the rows a given
// matrix would have prioritised differently.
//
// # Ticket SLA timers
//
// A Definition holds conditions over the history (start, pause, resume, stop, reset, cancel),
// targets by priority and a business calendar (any Clock; *sla.Calendar is one, which counts
// working time day by day in its IANA zone, so DST days of 23 and 25 hours come out right; nil is
// 24×7). Every target must be positive (a zero target is rejected by Validate); a Target with
// priority 0 is the fallback for priorities without their own.
//
// A Timer is fed the history event by event and follows the condition rules of ServiceNow's SLA
// engine. Before the start, the timer attaches at the first event where Start matches and neither
// Stop nor Cancel does: a stop that holds at the same event overrides the start, so a timer is
// never attached and completed at once, and one whose stop holds whenever its start does never
// starts (it is not counted by Attainment). It attaches at that event, or at the incident's
// opening with RetroactiveStart. Once running or paused, the first matching rule applies, in this
// order: Stop (stage completed), Reset together with Start and without Cancel (the timer is
// discarded and attaches afresh at the same event), Cancel (stage cancelled), then Pause/Resume: a
// pause begins when Pause matches and ends when Resume matches, or, with no Resume condition, when
// Pause stops matching. A completed timer only reacts to a reset under which it could attach
// again; a cancelled one to nothing. Events at the same instant are applied in order, so a pause
// and a resume at one instant pause nothing. One Timer follows one attachment: unlike ServiceNow,
// which attaches a new task SLA when the start matches again after a completion (say, on a
// reopen), a completed Timer stays completed unless Reset says otherwise.
//
// Elapsed times exclude paused time: Actual counts wall-clock time, Business counts the calendar's
// working time. The target in force is that of the incident's latest priority while the timer runs
// (a completed timer keeps the one it completed under; a cancelled one the one it ran under before
// the cancelling event, which may carry a priority with no target), so a priority change mid-timer
// re-measures the whole timer, from its start, against the new target; use Reset or Replace for
// other policies. Percentages are exact shares of the target (values of type sla.Ratio, as callers
// outside the module name them). A timer is breached when business elapsed time exceeds the
// target: reaching it exactly is met ("resolve within 4 h" is kept by a resolution at 4 h, the
// project's rule that exactly at target is met). ServiceNow flags a breach once the business
// percentage, rounded to two places, reaches 100, and documents the rounding as a source of false
// breaches; the exact comparison here has neither problem. Definition.BreachAtTarget selects
// ServiceNow's reading (reaching the target is a breach) as a typed option. Stage (not started, in
// progress, paused, completed, cancelled) and Breached are separate, so a completed timer may be
// breached.
//
// Pauses extend duration targets: BreachAt is the instant at which running business time reaches
// the target, and while the timer runs or is paused it is projected as if the timer ran on from
// the as-of instant; it is zero when the calendar runs out of working time before the target (a
// calendar of exception days only), and the measurement is still made. A fixed deadline set by
// hand (Timer.WithDeadline) does not move: BreachAt (and Measurement.Deadline) is the deadline,
// Breached means the timer ran past it (paused or not), and the deadline survives a reset. A
// deadline is an instant, so progress toward it is counted on the wall clock it is set on, pauses
// included: the target is the wall-clock time from start to deadline, both percentages are the
// time from start to the end of the measurement as a share of it, and the milestones fall at
// those shares of the way, the 100 % one on the deadline. A business-time share would disagree
// with the breach (a 2 h pause and a resolution an hour past a 4 h deadline would read 75 %; past
// a deadline outside working hours it would read at most 100 %, met). So, for duration
// targets and fixed deadlines alike, a timer is breached exactly when its percentage exceeds 100
// (reaches 100 with BreachAtTarget) and has reached its 100 % milestone exactly when the
// percentage reaches 100; a deadline at or before the start has no percentage (target 0).
// Milestones (default 50, 75 and 100 %) are reported once reached. ResponseTimer and
// ResolutionTimer build the usual two definitions: response stops when the incident leaves New;
// resolution pauses On Hold and stops at the first resolution.
//
// RetroactivePause (with RetroactiveStart) counts as paused the periods before the start event in
// which Pause held, as if the timer had been attached at the opening; the pause history is kept
// from the opening whatever the stage, so a timer reattached by a reset gets it too.
//
// Timer.Replace swaps the definition (say, after a priority change selects another SLA). It never
// rewrites what the timer has done: an attached timer (running, paused, completed or cancelled)
// keeps its start, its stage, the pauses it accumulated and a pause in progress; the new targets
// and calendar measure it from then on (the whole timer, as a priority change does), and the new
// conditions are evaluated from the next observed event. A timer not attached yet attaches at the
// next event where the new Start holds (an earlier event where it would have held is not looked
// for again). A Timer keeps the fields of every event it has observed, so the new definition's
// retroactive rules see the incident's whole history: whenever the timer attaches, or reattaches
// after a reset, under a definition with RetroactiveStart and RetroactivePause, the pauses before
// the start are those that definition's Pause and Resume give over every event since the opening
// — not those of the definition in force when the events were observed. Replacing before the
// start, at a point where the new definition would not have attached either, therefore gives
// exactly what the new definition gives when followed throughout; replacing a definition by
// itself changes nothing. Timer.Timeline is the SLA timeline: every stage change (attach,
// pause, resume, reattach, complete, cancel) with its instant and the rule that caused it;
// Measurement.Explain sums it up in one line.
//
// # Metrics
//
// MTTA runs from Opened to the first event out of New; MTTR from Opened to the last move into
// Resolved, for incidents resolved or closed now (reopened-and-open and canceled incidents are
// excluded and counted as Excluded, like negative durations from bad timestamps). Both are
// wall-clock times. Percentiles use the nearest-rank definition: the p-th percentile of n sorted
// values is the value at rank ⌈p·n/100⌉ (at least 1), always an observed value: with n = 1 every
// percentile is the value, with n = 2 P50 is the lower one. Means are truncated to the nanosecond.
// Groups are keyed by a Key function (ByPriority, ByGroup, ByCategory, Overall) on the incident's
// current values and sorted by key.
//
// Figures over nothing are "no data", not 0: Share.Known and Stats.Known are false when there was
// nothing to count, and the zero figures must then not be shown as 0 % or 0 s. In JSON they are
// null (Share.Percent, every figure of an empty Stats, a Measurement's percentages of a zero
// target), never 0.
//
// Attainment counts completed timers that met their target out of completed timers plus running or
// paused ones already breached; cancelled and not-started timers and those still within target are
// not counted. ReopenRate is incidents reopened at least once out of incidents ever resolved.
// Backlog counts incidents in New, In Progress or On Hold at sample instants, spans being
// half-open (an incident opened at the instant counts, one resolved at it does not; a reopen makes
// an incident count again). A reassignment is any change of assignment group after the opening
// event, a first assignment included: that is the rule of ServiceNow's reassignment_count, which
// the UCI log follows for 24,827 of 24,918 incidents. HoldTimes sums On Hold time by reason, in
// wall-clock and business time. Volumes counts incidents by group; Flow counts incidents opened
// and resolved per period. Backlog and Flow allocate one slot per sample or period, so they refuse
// more than MaxPeriods (2^20) with an error wrapping ErrTooManyPeriods.
//
// # Import
//
// NewReader streams an audit export (gzip recognised by its magic number, or plain CSV) row by
// row; Import reads and replays it whole. Columns are found by name (number, incident_state,
// sys_updated_at, opened_at, impact, urgency and priority are required; sys_mod_count,
// sys_updated_by, assignment_group, assigned_to, category, subcategory, caller_id, contact_type,
// location, cmdb_ci, closed_code, made_sla, reopen_count, reassignment_count, active, resolved_at
// and closed_at are used when present). "?" means missing. Times are D/M/YYYY HH:MM wall times in
// the zone the caller names (four-digit years; 24:00, 31/2 and the like are unparseable). A
// reading the clock skips at a DST jump is read with the offset in force before the jump (00:30 in
// a one-hour gap at midnight is 01:30), and one it shows twice is its first occurrence: the rule
// of java.time and of Temporal's "compatible" mode, as time.Date leaves the choice open. The row's
// sys_updated_at is the event time; location becomes the access point and cmdb_ci the service.
//
// A header of another format, missing required columns, malformed CSV and over-long records
// (MaxLineBytes, 64 KiB by default, bounds a record even when a quoted field spans many lines) end
// the import with a *ParseError; the incidents read so far are returned with it. An empty input is
// ErrHeader; a header with no rows is an empty Log; a byte-order mark and CRLF line ends are
// accepted; a gzip stream cut short (or any failing input) is ErrSyntax, located on the line where
// the unfinished record begins (line 1 inside the header), after the rows before the cut. A row with more or
// fewer fields than the header (ErrFieldCount), an unknown state, an unparseable time, a bad
// number or an impact or urgency outside the matrix is unusable: it is listed in the Report with
// its line and column and the import goes on (with Strict it stops there instead, keeping what was
// read).
//
// Replay groups rows by incident and follows the file, which is the audit's order. The Report
// lists every anomaly by line: an event dated before the latest event seen for its incident
// (replayed at that time so histories stay ordered), an update counter lower than the previous
// row's, a move the lifecycle forbids, any event after Closed or Canceled, and any event dated
// before the incident's opened_at (kept as dated; MTTA and MTTR exclude the negative durations it
// can cause). Impossible moves
// are applied anyway, since the log records what happened; a return from Resolved or Closed to
// work counts as a reopen, which matches the log's reopen_count for every incident of the UCI log.
//
// # Memory
//
// A Timer fed with Observe keeps the fields of every event it has seen (for Replace), in a list
// its copies share; Evaluate's timer keeps none. The reader holds one record at a time and interns repeated strings (up to 2^20 distinct
// values). Replay keeps every usable event, in chunks of 4,096 that become the histories of
// incidents whose rows are contiguous: the replayed UCI log (141,707 events) holds about 32 MB.
package incident
