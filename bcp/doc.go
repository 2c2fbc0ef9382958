// Package bcp is for business continuity planning over an itsm model: business impact analysis
// of business activities, recovery objectives against recovery capabilities through the
// dependency graph, single points of failure, recovery order, disruption scenarios, plans,
// exercises and reviews.
//
// # Objectives and capabilities
//
// What the business requires (Objectives: MTPD, RTO, RPO, WRT, MBCO) and what recovery has been
// shown or is estimated to achieve (Capability) are separate values. Every objective is an
// Optional: set or unset, and zero is a valid value (an RPO of zero means no data may be lost).
// A tested capability carries the date of the exercise (or real outage) that proved it; with
// Options.AsOf set, one proven after that instant is refused, since an exercise that has not
// happened proves nothing.
//
// # Impact over time
//
// An activity's Impact holds one step curve per Dimension (financial, operational, reputational,
// legal/regulatory, customer) on an ordered level Scale with a marked first unacceptable level.
// A step holds from its time (inclusive) until the next; before the first step the impact is
// level 0, so level 0 is "no impact" and cannot be the unacceptable level (ErrLevel). Times must
// strictly increase (ErrDecreasingTime otherwise); a scale is needed only when there are curves.
// Financial loss in money is a separate Loss curve: a stepped rate (amount per Per) or stepped
// cumulative totals. Rates are integrated exactly and rounded down to a whole minor unit once, at
// the end.
//
// # Derived MTPD
//
// When no MTPD is stated, the effective MTPD is the earliest elapsed time at which any dimension
// reaches the unacceptable level (REFERENCE BC2: 24 h). A stated MTPD later than that is kept
// (never silently changed) and reported as an MTPDAboveImpact finding.
//
// # Invariants are findings
//
// RTO ≤ MTPD and RTO + WRT ≤ MTPD (REFERENCE BC1: MTD 48 h, WRT 12 h → largest RTO 36 h) are
// reported as Critical findings, never as errors and never "fixed". A WRT above the MTPD breaks
// the second for every RTO, so it is reported even before an RTO is stated, and the largest
// acceptable RTO is then unset rather than zero. Sums saturate: huge objectives never wrap
// around below the MTPD. The RPO is not compared with the MTPD: it measures data loss backwards
// from the event and is independent of it. Errors are kept for malformed input: negative
// durations, decreasing curve times, unknown references, duplicate IDs, levels off the scale,
// mixed currencies.
//
// # Recovery tiers
//
// A TierTable maps an RTO to the first row whose MaxRTO is at or above it (limits inclusive).
// An RTO above the last row, or an unset RTO, is unclassified (tier 0).
//
// # Required objectives pushed down
//
// Analyze carries each activity's RTO and RPO to the nodes it needs, directly or through
// dependencies, as far as the redundancy requires: a node's required RTO is the smallest RTO of
// any activity that needs it or of any dependent whose recovery it can delay (the most
// demanding consumer wins), and RequiredBy names that activity. A member can delay its group
// when it is one the group comes back with, given the achievable times (see Achievable
// recovery): every member of an all-of group; for any-of the fastest member; for at-least k the
// k fastest; for weighted groups the fastest members reaching the weight. Members tied with the
// last of those count too (speeding any of them speeds the group); members of a group that can
// never be down through them, and members the group does not wait for, carry nothing. When the
// group's own time is unknown every member carries the requirement (which one decides is
// unknown). So a spare slower than the member the group comes back with is no gap: its lateness
// delays no one. It is still in scope (a single point of failure analysis and the recovery order
// still count it). The RPO follows the same members (the group's data comes back with the
// members it comes back with).
//
// The consequence, checked by a property test: every RTO gap lies on a chain that delays an
// activity past its RTO. Achievable times only grow towards the activity along such a chain, so
// the activity named by RequiredBy misses its RTO, and each step of Demand's chain passes through
// a member that can delay its group. An activity that meets its RTO has no gap under it.
//
// An edge whose mapping means the dependent does not wait for the target (Ignore, Fixed, or a
// Lower that leaves a down member up) carries nothing. Demand derives the chain from the
// activity down to a node on request. When activities impose equal requirements, the one with
// the smallest ID is named (and Demand follows it), so results never depend on the order the
// activities are given in.
//
// An RPO gap is a node's own data-loss figure (Capability.DataLoss) above its required RPO;
// restore times and the critical path play no part in it. A node that must meet an RPO but has
// no data-loss figure is neither a gap nor silently fine: Findings reports it once, as an Info
// UnknownCapability finding about the node (not once per activity).
//
// # Nodes that hold no data
//
// The RPO reaches every node the activity's data may come back through, so by default every
// needed node must meet it, racks and stateless servers included: bcp does not know which nodes
// hold data, and guessing from the resource kind would be wrong both ways (a Software node may
// be a database, a Hardware node a storage array), silently dropping the data-loss findings of
// data holders. Say it instead: Capability.NoData marks a node that holds no data of its own. No
// RPO applies to it (RequiredRPO unset, never an RPO gap nor an unknown data-loss finding), and
// it still passes the RPO on to what it depends on, so a database under a stateless app server
// is still held to it. NoData contradicts a DataLoss figure (ErrInvalid). A node whose restore
// time is unknown is marked with a Capability holding NoData alone (zero Basis): its restore
// time stays unknown. The RTO is not affected.
//
// # Resolved capabilities
//
// Capabilities arrive keyed by node ID. NewCapabilities validates them and looks every node up
// once, into flat arrays indexed like the model; Capabilities.Analyze runs an analysis over that
// table without hashing IDs again, so what-if analyses of one model (other activities, other
// objectives) pay the lookup once. Analyze with a map is exactly NewCapabilities followed by
// Capabilities.Analyze. The table also keeps the model's groups classified once (each edge's
// mapping, each group's need), and every pass runs on node indices over the model's CSR graph;
// Gaps sorts compact keys (a linear radix sort on the shortfall) and builds the rows last.
//
// # Achievable recovery
//
// A node's achievable recovery time is its own restore time (its Capability; unknown when none
// is given) plus the time by which every one of its groups has enough members back: all members
// for all-of (parallel restores: the slowest, not the sum), the fastest for any-of, the k-th
// fastest for at-least k (k from DownBelow; a percentage is rounded up), the fastest members
// reaching the weight threshold for weighted groups. A group that can never be down through its
// members (invert; at-least without a down threshold) does not delay; a member whose mapping
// keeps it up while its target is down is back at once; one that can never be up never comes
// back. Unknown propagates as "unknown" wherever it is decisive (an unknown spare behind a known
// one is not). Cause derives the critical path: the node, the dependency it waited for last, and
// so on. A node is Tested only when every capability on that path is tested. This assumes every
// node on the way needs its own restore; a Scenario by default restores only what it lost (see
// Two readings of recovery time).
//
// # Cycles
//
// The members of a strongly connected component are restored together: inside the cycle they do
// not wait for each other (a member counts as back at once for the groups of the others), and all
// of them come back when the slowest one does, which is also the time every member reports. They
// share the most demanding requirement of any of them, and they form one step of the recovery
// order.
//
// # Single points of failure
//
// SinglePoints lists, per activity, every node whose loss alone stops it. Losing a node takes
// down every dependent whose group can no longer hold: any member of an all-of group, all members
// of an any-of group, more members (or weight) than a k-of-n group can spare. It is computed in
// bcp over the model's groups, not through the itsm what-if (which answers per service and does
// not know manual switchovers): kill sets of redundant groups are computed once, dependencies
// first, and each activity's set is a walk through its non-redundant dependencies. Property tests
// check the result against brute force and against itsm's SinglePointsOfFailure on acyclic
// models. Groups named in Options.Manual fail over only by hand:
// a node covered only by them is reported ManualCover (the activity stops until someone switches),
// not dropped. Inside a cycle, a redundant group whose set is still being computed adds nothing.
//
// # Cost of single points of failure
//
// SinglePoints costs one walk per activity (through its non-redundant dependencies) plus, once
// per redundant group, one walk from each member, with the redundant groups' sets kept in memory.
// That is output-sensitive but quadratic in the worst case, in time and memory: n redundant
// groups whose replicas all sit on one shared all-of chain of n nodes each walk the chain and
// each keep it as their set, Θ(n·(n + m)) time and Θ(n²) memory, even when one activity needing
// the top of them has an answer of size O(n). The answer itself can be Θ(activities × nodes)
// (activities sharing a long all-of chain), so no method lists it in less; a compact answer is
// another matter. For any-of groups alone it exists: a node stays up while some path of
// surviving nodes reaches a node that needs nothing, so the nodes whose loss alone stops v are
// exactly v's post-dominators towards a virtual sink behind those nodes, and one
// Lengauer–Tarjan dominator tree (O(m α(m, n))) gives every activity's set as a tree path. For
// all-of alone the set is the reachable set. Mixed all-of, any-of and k-of-n groups make a
// group's set an intersection (for k-of-n a counting threshold) of reachability sets, for which
// no near-linear method is known; bcp keeps the output-sensitive walk and documents the bound
// rather than special-casing the pure any-of model.
//
// # Recovery order
//
// RecoveryOrder lists every node an activity needs, each after everything it depends on (every
// edge counts), a cycle as one step. Among the steps whose dependencies are done, the most urgent
// goes first (unset last), then the lower tier, then the smallest ID. A step's urgency is the
// most demanding required RTO of it and of everything in scope that depends on it, so a spare
// that carries no RTO of its own is not left behind the nodes waiting for it. It is a
// topological sort with a priority queue, O((n + m) log n).
//
// # Scenarios
//
// A Scenario observes its lost nodes Down and lets the itsm impact evaluation (itsm.Analyzer)
// derive every node's state, so redundancy and cycles mean exactly what they mean there. An
// activity is reached when a node it needs is not operational; degraded counts as disrupted
// (conservative). Its outage comes from a roll-up in which only lost nodes need restoring: each
// is back at the scenario's Duration when set (a site unavailable for 48 h: everything lost at it
// is back at 48 h, not 48 h after its lost dependencies), else after its own restore capability
// once its dependencies are back. With Scenario.RestartDependents, the nodes that went down
// with them (derived Down or Unknown) take their own restore time too (see Two readings of
// recovery time). The activity resumes after its WRT; the MTPD runs out at Start + MTPD; the
// impact is shown at every breakpoint of its curves before it resumes and at the resumption.
// SLA credits are owed by subscriptions whose service ends Down and whose agreement has Terms:
// the outage is measured with sla availability over each billing period it touches and priced by
// the sla credit policy (service hours from the terms' calendar, 24×7 when nil).
//
// An unknown restore time is the normal case for a supplier, and never an error: the activity's
// Outage and Resumed are unset and it counts as breached (it may never resume), and an agreement
// with terms whose service's outage has no known end gets one CreditOwed row marked Unknown,
// whose Reason names the node with the missing restore time, whose Credit is not Known (nothing
// computed, which is not "nothing owed") and whose Period is the billing period the outage starts
// in. Credits of the other agreements are computed as usual. The terms themselves are still
// checked: malformed terms are an error whether or not the outage has a known end.
//
// # Two readings of recovery time
//
// Analyze and Scenario answer different questions, so the same loss can give two figures. A
// node's Achievable in Analyze is a planning figure for recovering everything the node needs:
// every node on the way is restored in turn, its own restore time after its dependencies, as
// after a site loss where everything has to be brought back. A Scenario names what was lost;
// by default only the lost nodes need restoring, and what went down with them is back as soon as
// its dependencies are (a service that reconnects by itself). With a rack restoring in 4 h and an
// app server on it needing 30 min, Analyze says the app server is back at 4 h 30 min, and a
// scenario losing the rack says 4 h. When the dependents need their own restart (a server whose
// rack lost power must be booted, checked and brought back into service), set
// Scenario.RestartDependents: each node the evaluation derives Down or Unknown without being lost
// then takes its own restore time after its dependencies (unknown when it has no capability),
// and the scenario gives Analyze's 4 h 30 min. Nodes kept up by redundancy, or only degraded,
// restart nothing. ScenarioResult.RestartDependents records the reading used.
//
// # Capabilities from history
//
// CapabilitiesFromHistory reads real status timelines: a node's restore time is its longest
// outage during which none of its direct dependencies was down (an outage it did not merely wait
// out), proven at the end of that outage. An outage still open when the timeline ends is not a
// restore (its length is only a lower bound) and proves nothing. A node that was never down on
// its own gets no capability: no evidence. StudyPermitHub applies this to the shipped Building
// Permit Hub history.
//
// # Plans
//
// Aggregate combines activities: the most stringent objective wins (smallest MTPD, RTO, RPO and
// WRT, largest MBCO) and money at risk adds up (REFERENCE BC4: RTO 4 h, MTPD 12 h, 150/day).
//
// # Money
//
// Money is sla.Money: integer minor units of an ISO 4217 currency. A non-zero amount without a
// currency is malformed (ErrCurrency), and so are activities whose losses are in different
// currencies when a plan adds them up (checked whether or not the plan's MTPD is known). A loss
// rate is integrated exactly (128-bit products) and rounded down to a whole minor unit once;
// exposures add exactly.
//
// # Exercises and reviews
//
// An Exercise passes when every stated RTO/RPO objective was met by a measured actual (equal
// meets), fails when one was exceeded, and is inconclusive otherwise. Its findings and every
// missed objective come out as Improvement values, plain data a continual-improvement register
// can take over (bcp does not import pdca). Only exercises that actually restore systems
// (simulation, parallel, full interruption) turn into tested capabilities. A Review is due at the
// last review plus its calendar interval in the caller's zone, or earlier at the first
// significant change after the last review plus a grace period. It is overdue only after that
// instant: a review held at the due instant is on time (equal meets, as for exercises). A last
// review after the as-of instant, or an interval longer than 1,000 years (which would overflow
// the calendar arithmetic), is refused with ErrInvalid. A Plan is built in activity ID order, so
// it does not depend on the order its activities are given in.
//
// # Zero values
//
// Every exported method of every type answers its zero value (and a nil pointer, for pointer
// receivers) without panicking; a test calls every method, found by reflection, on the zero
// value of every type the package source declares methods on. The zero Analysis and the zero
// Capabilities hold nothing: listings and look-ups answer empty (nil, ok false), and what must
// compute from a model (Analysis.Scenario, Capabilities.Analyze, PermitHub.WriteReport of the
// zero study) returns ErrZeroValue, which errors.Is also matches as ErrInvalid.
//
// # Concurrency
//
// Every type is a plain value or immutable once built; functions never mutate their inputs and
// are safe for concurrent use.
package bcp
