// Package pdca tracks continual improvement the way ISO/IEC 20000 asks for it: an improvement
// register whose approved items open Plan–Do–Check–Act cycles with measurable objectives, checked
// against measured figures with exact arithmetic.
//
// pdca stands alone: it imports only the itsm process catalogue (to name a process as a cycle's
// subject) and takes measurements as plain values — a metric name, an exact Value, a unit and an
// instant — so figures computed by sla, incident or any other tool feed it without coupling.
//
// # Cycles are values built from events
//
// A Cycle is an immutable value. Open (or Next, or Register.Approve) creates it from an Opened
// event; Apply returns a new Cycle after one more Event, or a *RuleError naming the rule the
// event breaks (errors.Is against ErrPhase, ErrPlanIncomplete, ErrWrongDirection, ...). The
// receiver never changes. Replay(c.Events()) rebuilds c exactly; the JSON form of a cycle is
// a document {"format": CycleFormat, "events": [...]} holding its event list, and decoding
// checks the format and replays the events, so a stored cycle is checked like a live one.
//
// Events are dated and must come in non-decreasing time (ErrTimeReversed). A stored event keeps
// only the fields its kind uses: Apply drops the others, and decoding refuses them (see
// Decoding).
//
// # Phases and their criteria
//
// Plan → Do → Check → Act → Closed, strictly in that order, by Advanced events; the only
// backward move is Check → Do (ReturnedToDo), to act again and re-measure. A CycleAbandoned
// event (with a reason) ends a cycle from any running phase. Closed and Abandoned are terminal:
// every event is refused with ErrTerminal.
//
//   - Leaving Plan needs at least one objective (metric, unit, direction, baseline, target,
//     deadline, with the target strictly better than the baseline in the metric's direction), a
//     measurement plan, and an approval. Approval covers the plan as it stands: setting or
//     removing an objective, changing the measurement plan or planning an action after approval
//     withdraws it.
//   - Leaving Do needs every action planned in Plan done or explicitly deferred with a reason.
//   - Leaving Check needs a measurement of every objective. Measurements are accepted in Do and
//     Check only, and one dated before Do first began is refused (ErrMeasurementBeforeDo): it
//     cannot show the change's effect; so is one dated after the event recording it
//     (ErrMeasurementInFuture). After Check → Do the earlier measurements stay; the
//     verdict always uses the latest.
//   - Leaving Act needs a decision (adopt, adapt or abandon) and, when any objective was missed,
//     at least one follow-up action planned in Act. Closing after an abandon decision ends the
//     cycle as Abandoned; otherwise it is Closed.
//
// # Verdicts
//
// Check's verdict per objective (Results) uses the objective's latest measurement by instant
// (the later recorded one on a tie). An objective is achieved when the measured value is at the
// target or better in the metric's direction; exactly at target is achieved. All comparisons are
// exact (Values are rationals parsed from decimal text); no float decides a verdict. Progress is
// (measured − baseline) / (target − baseline): 1 at target, 0 at baseline, negative when worse.
// A measurement's unit must equal its objective's unit exactly ("%" is not "percent"); pdca does
// not convert units. A measurement may be recorded after its own instant (MeasureAt), never
// before it: one dated after the instant of the event recording it is refused
// (ErrMeasurementInFuture), since, the verdict using the latest measurement by its own date, a
// future-dated figure would override every real one recorded after it. An objective's deadline is recorded
// for the people running the cycle; it does not change a verdict.
//
// # Seeding and history
//
// Next opens the successor of a Closed cycle on the same subject, linked by Predecessor, with a
// Baseline per measured objective: the last value measured in the predecessor. An objective the
// successor sets on a seeded metric must start from that baseline, in the same unit and direction
// (ErrSeedMismatch). The predecessor's Act follow-ups become the successor's planned actions.
// Chain follows predecessor links; TrendOf follows one metric along a chain.
//
// # Metrics
//
// PhaseTimes sums the stays in each phase as of an instant. Achievement counts objectives
// achieved, missed and not yet measured; its Ratio is "no data" when nothing was measured.
// OverdueActions lists pending actions due strictly before an instant (a due date equal to the
// instant is not overdue; actions with no due date never are); a Closed cycle's follow-ups count
// until a successor carries them. CyclesPerSubject counts running, closed and abandoned cycles.
//
// # Register
//
// A Register is an immutable list of improvement items (source, subject, description,
// justification, size, priority, KPI, owner, due date, status). Items enter Proposed; Approve
// opens the item's cycle; Reject records who and why; Complete records the outcome once the
// cycle is terminal. An item and its cycle are one to one: no two items name the same cycle,
// and only the cycle opened for an item completes it. Approving or rejecting is dated no
// earlier than the item was raised. Prioritised orders proposed items by priority, then due
// date.
//
// # Decoding
//
// DecodeCycle and DecodeRegister refuse documents over MaxDocumentBytes, cycles of more than
// MaxEvents events, registers of more than MaxItems items, unknown fields and trailing data, and
// Values longer than 1000 bytes, so hostile input cannot make them allocate without bound.
// DecodeCycle also refuses an event that sets a field its kind does not use (an "opening" on an
// "advanced" event, a "status" on a planned action: ErrUnusedField), which Apply would drop
// silently; a field given with its zero value carries nothing and is accepted. Errors are
// *DecodeError values with the JSON path of the offending value ("events[7].opening").
package pdca
