// Package sla computes service availability and SLA attainment: service-hour calendars in IANA
// time zones, calendar-aligned and rolling periods, status timelines, exact availability
// figures under explicit policies, targets and agreements, and (in the same package) error
// budgets, burn rates, composites, service credits and reliability metrics built on them.
//
// Everything is a pure function of its arguments: windows, evaluation instants ("as of") and
// zones are passed in; nothing reads the clock or the machine's zone (time.Local). Calendars,
// timelines, targets and agreements are immutable values, safe for concurrent use.
//
// # Intervals
//
// Every interval is half-open, [Start, End): an Interval, and a normalised IntervalSet for many
// (NewInterval, NewIntervalSet, Union, Intersect, Difference, Clip, Complement). Interval,
// IntervalSet and Ratio are aliases of the module's own interval and exact-number types, so the
// values calendars, timelines and reports return are these types, nameable from any package. A
// reversed interval or window is an error (ErrBadInterval), never silently swapped or dropped.
//
// # Calendars and DST
//
// A Calendar holds weekly slots per weekday (several a day; a slot whose end is not after its
// start runs past midnight), yearly holidays (month and day; 29 February only in leap years;
// not moved off weekends), one-off closed dates, and per-date exceptions that replace a day's
// slots (a short day before a holiday; no slots closes the day). Per date the precedence is:
// exception, else holiday or closed date, else the weekly slots. A slot belongs to the date on
// which it starts: a holiday on that date removes all of it, including the hours after
// midnight. Slots of one day, and an overnight slot with the next day's, must not overlap
// (ErrOverlappingSlots); touching slots merge.
//
// Slots are expanded day by day in local wall-clock time, never as "week start plus N
// seconds", so days of 23 and 25 hours, zones whose DST change happens at midnight
// (America/Sao_Paulo until 2019) and half-hour changes (Australia/Lord_Howe) come out right.
// A wall-clock bound maps to the earliest instant whose local reading is at or after it: a
// reading the clock skips (02:30 on a spring-forward night) maps to the instant of the jump,
// and a reading the clock shows twice maps to its first occurrence. So a 01:00–04:00 slot
// lasts 2 h on the spring-forward day and 4 h on the fall-back day, and a day whose midnight
// does not exist starts at the first instant it has. The zero Calendar (and a nil *Calendar)
// is 24×7 in UTC, and so is every calendar whose weekly slots together cover every wall-clock
// reading of the week, however spelt ("mon-sun 00:00-24:00", "mon-sun 06:00-18:00
// 18:00-06:00"), with no holiday, closed date or exception: AlwaysWorking is true for it, and
// its text form keeps its spelling.
//
// Deadline(start, d) is the earliest instant with exactly d of working time since start: a
// deadline that lands at the end of a working span is that end, not the next morning.
// Calendars whose working time ends (only one-off exceptions, or holidays on every working
// day) give ErrNoWorkingTime instead of searching forever, and so does a deadline more than
// CalendarHorizon (the longest Duration, about 292 years) after its start: with one second of
// service a week, 1000 h of working time would take some 69,000 years. NextWorking looks as
// far, and BusinessTime measures at most that much of its range, so BusinessTime(start,
// Deadline(start, d)) is d whenever the deadline exists. Each costs a few operations per day
// walked (days without an offset change count by their wall-clock length), so the horizon
// bounds them at milliseconds.
//
// # Periods
//
// Periods (day, week from a chosen first weekday, month, quarter, year) run from local
// midnight to local midnight in their zone, so a Berlin March lasts 743 hours and an October
// 745. A period starts at the first occurrence of its local midnight: an instant whose reading
// repeats the previous date after a fall-back across midnight (St. John's until 2011) lies in
// the later period, and a date a zone skipped (Samoa, 2011-12-30) is an empty period that
// Covering leaves out. Rolling windows are fixed lengths ending at the evaluation instant
// (Rolling) or whole local days (RollingDays); a length that is not positive is refused
// (ErrBadPeriod), never a reversed window. ParseDuration refuses "1m" and "1mo"
// (ErrAmbiguousUnit): minutes are written "min", and months have no fixed length, so use a
// calendar Period. A fraction finer than a nanosecond ("0.0000000001s") is a syntax error,
// never rounded to zero. This differs on purpose from Prometheus-style durations (Sloth, Pyrra and
// OpenSLO's "5m" windows read "m" as minutes, and OpenSLO's "1M" is a month): write "5min".
//
// # Building timelines
//
// A Timeline gives every instant of its window exactly one Status. Inputs that overlap are
// resolved once, when the timeline is built, by precedence: Maintenance, then Down, then
// Degraded, then NoData, then Operational. So overlapping outages merge and are never counted
// twice, and planned maintenance covers an outage inside it. Time no input covers gets the
// fill status: Operational for TimelineFromOutages, NoData for TimelineFromIntervals and,
// before the first event, for TimelineFromEvents (WithFill, WithInitial change it). Events
// need not be sorted; of events at the same instant the last one given wins. A timeline's
// status outside its window is NoData. A Timeline encodes to JSON as its window and its
// segments in time order, and decodes only when the segments tile the window.
//
// # Availability arithmetic
//
// Availability(tl, cal, w, p) looks only at scheduled time: cal's service hours inside w.
// Scheduled time splits into before-effective, up, degraded, down, no-data and maintenance
// time (Report.Explanation holds each as an interval set). Then
//
//	Excluded     = before-effective + maintenance (MaintenanceExcluded) + no data (NoDataExcluded)
//	Counted      = Scheduled − Excluded
//	Lost         = Down + DegradedLoss × Degraded
//	               + maintenance (MaintenanceDown) + no data (NoDataDown)
//	Availability = 100 × (Counted − Lost) / Counted, in percent, exact (Ratio)
//
// The defaults (the zero Policy) are: maintenance excluded from the denominator, no-data time
// excluded, degraded time fully available (DegradedLoss 0; 1 counts it down, 1/2 half), no
// effective date. Lost can be fractional (a share of degraded time), so it is kept exact in
// nanoseconds. With nothing counted the figure is unknown (Known false, shown as "no data"),
// never 0 % or 100 %; so is everything derived from it (a credit, a budget status, a margin).
// In JSON a figure without a value (an unknown availability, an undefined burn rate or mean) is
// null, never 0. Every figure lies in [0, 100], and figures over adjacent windows
// recombine exactly by counted time. A window longer than a Duration holds (about 292 years)
// is refused with ErrBadInterval; timelines may be longer, and their totals saturate.
//
// To date vs whole period: AvailabilityToDate measures [period start, as of). Availability over
// the whole period treats the part after the timeline's window as no data, which the default
// policy excludes (so the two agree) and NoDataDown counts as lost (the pessimistic projection).
//
// # Error budgets and excluded time
//
// A Budget is 1 − objective of a period's denominator: scheduled time (NewPeriodBudget over a
// calendar's service hours, NewTimeBudget over a length), events or slices. Budget.UseReport
// takes the budget on the same denominator as the report's availability: the time the report
// excludes under its policy (maintenance, no data, before the effective date) is removed from
// the budget's total before anything is computed. So for the whole period the budget is
// overspent (Remaining < 0) exactly when the agreement is breached, and the overspend is the
// agreement's overrun. For a period still running, the whole-period budget is 1 − objective of
// the period's scheduled time less the time excluded so far (exclusions still to come are not
// known, so the budget can only shrink as they arrive), and the to-date budget is 1 − objective
// of the time counted so far. With nothing counted the status is unknown (BudgetStatus.Known
// false, shown as "no data"), not a full budget.
//
// Burn-rate alerts (BurnPolicy) compare the rate at which a window spends the budget with a
// factor. EvaluateTimeline counts every instant of a window, as for a 24×7 agreement. For an
// agreement over service hours use EvaluateTimelineIn with its calendar: a window is the same
// wall-clock span, but only its scheduled time counts, so the burn rate is bad scheduled time
// over scheduled time with data, divided by the budget fraction; an outage outside service
// hours burns nothing, and a window with no scheduled time has no data and never fires. The
// factors of Workbook30Day stand for their budget shares over a 30-day wall clock; over service
// hours build the policy over the period's scheduled time (NewBurnPolicy(objective, 200 h,
// WorkbookAlerts()) for a 200-hour month: page-1h's factor is then 4, not 14.4), so that an
// alert fires by the time its share of that budget has burnt in a window inside service hours.
//
// # Targets and display
//
// A Target is parsed from text exactly ("99.95" is 9995/100, never a float); 0–100 %, at most
// 12 decimals. Met is true exactly at the target. Figures are shown rounded down at the shown
// precision (FormatPercent, Report.Format): 99.996 % prints as 99.99 %, and 100 % only when
// nothing was lost. Target.AllowedLoss is 1 − target as an exact fraction. Display functions
// show at most MaxPlaces (30) decimals: a larger places is taken as 30, never allocated.
//
// # Agreements
//
// Agreement.Evaluate measures each objective per period that overlaps the range and starts
// before the evaluation instant, skipping periods that end before the effective date. Each
// result has the figure, the margin in percentage points and the overrun: lost time beyond what
// the target allows on the counted time. A complete period is attained, breached or not
// measured (no counted time).
//
// The period containing the instant is still running (Complete false). Its figures (Report,
// Margin, Allowed, Overrun) are to date, but its verdict is on the whole period, which the rest
// of it can still change. Its time to come (ObjectiveResult.ToCome) is the period's service
// hours after the instant and from the effective date on, and it counts as potentially good
// under every policy: up time is counted good under each, and nothing else does better for the
// period. Maintenance and no-data time are excluded (MaintenanceExcluded, NoDataExcluded: the
// denominator and its allowance shrink), counted good (MaintenanceUp, NoDataUp: as up) or lost
// (MaintenanceDown, NoDataDown); degraded time is good at best, down time lost. What is already
// counted follows the policy as ever (NoDataDown counts a gap before the instant as lost), and
// the timeline after the instant is not looked at. So the best the whole period can reach is
//
//	BestCase      = 100 × (Counted + ToCome − Lost) / (Counted + ToCome)
//	PeriodAllowed = (1 − target) × (Counted + ToCome)   (it can only shrink as the period runs)
//	PeriodOverrun = Lost − PeriodAllowed
//
// and a running period is Breached when PeriodOverrun > 0 (it cannot attain, whatever follows:
// Lost only grows and the denominator at most reaches Counted + ToCome), else OverPace (at risk:
// the figure to date is below the target) or OnTrack (it meets the target), or NotMeasured
// while nothing has been counted. Exactly at PeriodAllowed is not breached, as a target is met
// exactly at target. A running period is never Attained: Attained() is false until it is
// complete. With the effective date behind, PeriodOverrun is −Remaining of Budget.UseReport on
// the period's budget (NewPeriodBudget). The verdict of a period is its worst objective's, in
// the order breached, over pace, not measured, on track, attained (PeriodResult.Outcome): no
// data is never reported as attained.
//
// Credits of a running period pay only what is certain (ClaimFor, Statement). One on track or
// over pace pays nothing: its claim is provisional, and its line shows as Credit.Pending what
// the figure to date would earn were the period to end now. One already breached pays the credit
// of its BestCase: the final availability can only be lower and credits never fall as
// availability falls, so the final credit is at least that one (Credit.LowerBound). It is not
// the credit of the figure to date: the rest of the period may still raise the availability and
// lower the credit. Once the period is complete its availability is final and pays its credit.
// With 99.9 % over a month of 200 business hours, 5 min down in its first 11 h reads 99.24 % to
// date, over pace (5 of the month's 12 allowed minutes), and pays nothing; 20 min down reads
// breached and pays the tier of 99.83 %, the best the month can still reach.
//
// An Agreement round-trips through encoding/json: calendars marshal as their text form
// (ParseCalendar), periods as "<kind> <zone> [first weekday]" (ParsePeriod), targets as "99.5%";
// a zone that cannot be written by its IANA name (a fixed zone, time.Local) is an error, never
// dropped.
//
// # Pricing outages in impact analysis
//
// Exposures (NewExposures) connects agreements to itsm's impact analysis: each Exposure is one
// customer's agreement in its current period (the budget status so far, the credit policy, the
// fee, the weight of degraded time). It is an itsm.Pricer, so Evaluation.OutageCost says what an
// outage of a given length would add to each customer's service credit, and its Budgets feed
// Evaluation.TimeToBreach. The price is the step in credit at the period's end with and without
// the outage, the rest of the period assumed clean: nothing while the outage fits in the budget,
// the tier's share once it crosses a bound; the outage is counted time, cut at the period's end.
// Time in planned maintenance counts by the exposure's Maintenance policy (free by default).
//
// # Upptime histories
//
// LoadUpptime reads an Upptime repository snapshot (summary.json, history/<slug>.yml,
// status_changes.csv) such as the two shipped in internal/dataset. Timelines built from its
// status changes (a site starts up; each down holds until the next up) reproduce the monitor's
// dailyMinutesDown once outages shorter than 15 minutes are dropped: Upptime computes its
// figures from incident issues and deletes the issue of an outage that recovers within 15
// minutes. Our own figures count every outage. The monitor also rounds differently: it shows
// its uptime to the nearest hundredth (JavaScript toFixed(2): three seconds down in a day
// publish as "100.00%") and each day's downtime to the nearest minute, where we show figures
// rounded down ("99.99%"; 100 % only when nothing was lost) and keep downtime exact. Compare
// a monitor's dailyMinutesDown with DailyDown rounded to the nearest minute.
//
// # Where we differ from other tools on purpose
//
// The figures agree with those of Sloth, Pyrra, OpenSLO, rickar/cal, Upptime and Zabbix on
// their own published cases, except where these choices differ on purpose:
//
//   - Working time is half-open: a 09:00–17:00 slot is closed at 17:00:00 (some business
//     calendars count the closing instant as working). A deadline that lands at a closing time
//     is that closing time, never the next opening (as rickar/cal's AddWorkHours).
//   - BusinessTime of a reversed range is zero, not the range measured backwards; Deadline
//     refuses negative durations; Deadline(t, 0) is t even outside service hours (NextWorking
//     gives the next opening).
//   - Burn-rate alerts fire at burn rate ≥ factor (rules generated by Sloth and Pyrra use >);
//     an objective of 100 % has no budget, so a burn-rate policy refuses it and a budget flags
//     its burn rate as undefined instead of infinite.
//   - An SLO of 100 % is accepted (OpenSLO's target lies in [0, 1)); a slice exactly at its
//     slice target is good.
//   - CompositeAttainment adds up weighted misses; it is not the weighted mean of attainments.
//   - Figures are shown rounded down (Upptime and status pages round to nearest).
//   - ParseDuration refuses "m" (Prometheus-style tools read it as minutes): write "min".
package sla
