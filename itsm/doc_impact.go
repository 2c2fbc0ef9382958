// # Impact analysis: states and flags
//
// Impact analysis answers: given what is observed of some services and resources, which services,
// customers, users, access points and agreements are affected, how badly, why, and at what cost.
// Every answer follows the status algebra below, and every non-operational node explains itself.
//
// States are ordered Operational < Degraded < Unknown < Down. Unknown sits between degraded and
// down because it means "could be down": a group with a member it sees as unknown (after the
// member's edge mapping) is as bad as unknown unless the answer is the same whatever the member's
// state. The one exception is a Raise edge, which reads an unknown member at its worst case (see
// "Edge mappings" for why). NotApplicable is outside the order: a member that does not count right
// now (outside its time window, planned, withdrawn) drops out of its group, and where states are
// compared (what got worse, the worst of several) it ranks with Operational, since a dependency
// that does not count is not a failure. Flags travel beside a state without changing it:
// InMaintenance and Acknowledged mark a handled problem, Missing a node missing from the
// inventory. A derived node's handled flags are those every deciding input carries (one unhandled
// cause makes it unhandled); Missing is set when any deciding input is missing (the answer rests
// on doubtful data).
//
// # Truth tables
//
// Each operator reads the effective states of its members (after the edge mapping and the
// policies below; O operational, G degraded, U unknown, D down, NA not applicable). A group with
// no applicable member is Unknown, never silently operational.
//
//	all-of     worst member              {O,G}→G  {O,U}→U  {G,U}→U  {U,D}→D  {D,NA}→D  {NA}→U
//	any-of     best member               {O,D}→O  {G,D}→G  {U,O}→O  {U,G}→G  {U,D}→U  {NA}→U
//	at-least   down below k up, degraded below j operational ("up" = operational or degraded);
//	           "2 of 3", degraded below 3:
//	                                     {O,O,D}→G  {O,D,D}→D  {O,O,U}→G  {O,D,U}→U  {O,U,U}→U
//	                                     {O,O,NA}→O  {O,NA,NA}→O  {NA,NA,NA}→U
//	weighted   as at-least, counting edge weights instead of members
//	invert     one member, inverted      O→D  G→G  U→U  D→O  NA→U   (not monotone)
//
// Thresholds: a count is capped at the number of applicable members, so a withdrawn replica never
// counts against its group ("2 of 3" with one not applicable is "2 of 2"); a percent is of the
// applicable members (or weight) and rounds the needed number up (fewer than 50 % of 3 means
// fewer than 2); an unset threshold never triggers, so an optional dependency is written
// "degraded below 100 %" with no down threshold. Counts above the group size, percents over 100,
// negative values, a count and a percent together, and any threshold on all-of, any-of or invert
// (which read none) are ErrThreshold; an edge weight outside a weighted group is ErrWeight.
// Combine applies one group's rule without a model, for tests and tools, and rejects the same
// faults.
//
// Unknown members under the default policy: the group is decided twice, with the unknown members
// read as operational (best case) and as down (worst case). Equal answers stand; a worst case of
// at most degraded is the answer (it is certain to be no worse); otherwise the group is Unknown.
// This reproduces "worst member" for all-of and "best member" for any-of in the order above, and
// keeps every operator monotone.
//
// # Edge mappings
//
// A member's state passes its edge Mapping before the group sees it: as is; Raise n and Lower n
// step along Operational – Degraded – Down (Raise only worsens a problem: an operational member
// stays operational, as in Zabbix's propagation rules); Ignore makes it NotApplicable; Fixed
// replaces it, whatever it is (a constant: Fixed Operational says the member never counts against
// the group, Fixed Down that the group never gets it back). All mappings are monotone.
//
// Raise and Lower step an Unknown member from its worst case, Down. For Lower that is what the
// unknown rule answers anyway: Lower 1 takes the real states O, G, D to O, O, G, at worst
// degraded, so Lower 1 of Unknown is Degraded ("this dependency can at worst degrade us"), and
// Lower 2 of Unknown is Operational. Raise n of Unknown is Down, an exception to the rule: the
// member might be operational, which Raise leaves alone, so the rule would say Unknown. The order
// forces the exception. Raise takes Degraded to Down and Unknown ranks above Degraded, so reading
// Raise of Unknown as Unknown would let a degraded member that turns unknown lift its group from
// down to unknown, and through other groups an operational one too (with y degraded,
// all-of{all-of{x, y} raised by 1} is down; with x unknown it would be unknown, although it is
// down whatever x is). Cycles need monotonicity: with that reading, a = all-of{x, b},
// b = all-of{c} observed unknown, c = all-of{a raised by 1} and x degraded has no fixpoint, and
// evaluating it fails. So read Raise as "any problem of this member, even a possible one, is an
// outage here", and map an edge AsIs (or Lower) where an unknown member should stay uncertain.
//
// Zabbix's propagation rules differ in two places: "decrease by" never takes a problem
// below its lowest problem severity, where Lower n takes Degraded (and Down, given n ≥ 2) to
// Operational; and "fixed status" applies only to a child with a problem (an OK child stays OK),
// where Fixed is a constant. Zabbix's fixed reading is Fixed on a member whose problem is already
// the state wanted, or Raise n for "at least down". The handled and unknown policies
// read the member before its mapping steps it, so a mapping never overrides a policy: under
// UnknownAsOperational an unknown member behind "raise 1" is operational, under UnknownIgnored it
// drops out (the unknown policy also reads a Fixed mapping to Unknown).
//
// # Policies and defaults
//
// Policy holds every reading choice as a typed option; its zero value is the default.
//
//   - Unknown: UnknownUncertain (default, above), UnknownAsDown, UnknownAsOperational,
//     UnknownIgnored. The last two declare unknown better than degraded (or absent) and so are not
//     monotone across the degraded–unknown step.
//   - Maintenance and Acknowledged (separately), applied to a member's own observed flags:
//     HandledKeepState (default: a handled member counts with its state and the flag travels, so
//     a handled outage is visible and distinguishable),
//     HandledAsOperational (Icinga Business Process's --downtime-is-ok / --ack-is-ok; what
//     Shinken/Alignak business rules always do), HandledIgnored (the member drops out; not
//     monotone).
//   - Unobserved: the state of a leaf without an observation. Default Operational, because
//     observations are usually the departures from normal (an event stream, a what-if); set Unknown
//     to read "no data" as no data.
//
// A node's state is the worst of its own observation (if any) and all of its groups; a leaf's is
// its observation, or the Unobserved state. An observation of NotApplicable on a node with groups
// means "no own observation". Observations are taken as given: there are no soft states or
// retries here, so a caller following Icinga Business Process's default passes hard states only
// (a soft problem still being rechecked is not yet an observation).
//
// # Where the reference systems disagree
//
// Shinken and Alignak rank states numerically (OK 0, WARNING 1, CRITICAL 2, UNKNOWN 3) with a
// special case in AND, so AND{UNKNOWN, CRITICAL} is CRITICAL but OR{UNKNOWN, CRITICAL} is the
// numeric minimum, CRITICAL. We read any-of{U, D} as Unknown: the unknown member might be the one
// that is up, and claiming down would be a guess. Icinga Business Process's "n of" is OK when at
// least n children are OK and otherwise the worst child (UNKNOWN with fewer than n children), so
// 2 of {O, O, D} is OK but 2 of {O, G, D} is CRITICAL; our at-least separates the down threshold
// from the degraded one, and its nearest reading, DownBelow n and DegradedBelow n, says 2 of
// {O, G, D} is degraded (two are still up), 2 of {U, G, G} degraded where Icinga says UNKNOWN (two
// are up whatever the unknown one is) and 2 of {D, G, U} Unknown where Icinga says CRITICAL.
// Icinga's DEG operator (the worst child, critical read as warning) is at-least with DegradedBelow
// 100 % and no down threshold, except that Icinga calls DEG{O, G, U} UNKNOWN and we call it
// degraded, its worst case. Icinga's NOT inverts the worst of several children and reads UNKNOWN
// as CRITICAL, so NOT{UNKNOWN} is OK; Invert takes one member (put an all-of node under it for
// several) and keeps Unknown, since the member might be up. Shinken's and Alignak's simple
// "n of:" reads like Icinga's (OK with n OK members, otherwise the worst); their "o,w,c of:" is
// CRITICAL with c critical members, WARNING with w at warning or worse, and OK otherwise, with
// unknown members counted nowhere; ours count the members still up and still operational:
// "c critical of m" is DownBelow m−c+1 and "w at warning of m" DegradedBelow m−w+1, and an unknown
// member stays uncertain ("2,1,1 of" {O, O, U}: OK there, Unknown here). The table tests pin
// Icinga's and Alignak's operator cases with both answers.
// Zabbix's status rules look for the most critical problem among the children (all of them, or
// only when all have problems: there {G, D} is the most critical, D, where any-of says G), so
// children that report nothing, or whose status is not propagated ("ignore"), leave the parent OK;
// here a group whose members are all not applicable is Unknown. A Zabbix child weight of 0 adds
// nothing to a weighted rule; here the zero Weight means "unset" and counts as one (an Edge's zero
// value must stay usable), so a member that should not count is mapped Ignore. NOT in Shinken
// leaves a warning untouched, and so does Invert. Handled states: Icinga keeps the state unless
// asked; Alignak turns acknowledged and downtimed nodes into OK; we keep the state by default and
// carry the flag. Icinga ranks a handled child below an unhandled one of the same state, so its OR
// of a downtimed CRITICAL and a plain CRITICAL is a downtimed CRITICAL; here any-of{D[maintenance],
// D} is unhandled D, since the unhandled member's failure is as much a cause as the handled one.
//
// # Evaluation and cycles
//
// NewAnalyzer compiles a Model under a Policy (flat arrays of groups, mappings and weights; the
// subscriptions and users of every service). Analyzer.Evaluate derives every node in one pass
// over the strongly connected components in dependency order: a node outside a cycle is evaluated
// once, after all its members, so shared dependencies are evaluated once and the pass is linear in
// nodes plus edges. Nothing recurses, so a chain a million long is fine.
//
// The members of a cycle share fate: the cycle's states are evaluated to their least fixpoint,
// starting from every member operational and re-evaluating members whose inputs changed until
// nothing changes. With monotone operators states only rise, so this ends after at most three
// rises per node; the result is the best state the cycle can justify from outside (a failure
// anywhere in the cycle reaches every member through all-of edges; two services cannot keep each
// other down without a cause). The other side of that choice: an alternative that depends back
// on its own node keeps the cycle up — with a = any-of{b, x} and b = all-of{a}, a stays
// operational when x fails, and x is no single point of failure of a — so model a fallback that
// needs the primary as what it is (an all-of, or no edge back). The flags follow with the states held: the handled flags as a
// greatest fixpoint (a cycle whose only cause is a handled one stays handled), Missing as a least
// one. An Invert group depending on a member of its own cycle has no such fixpoint and is
// rejected by NewAnalyzer with a *CycleError naming the cycle; iteration is bounded, and a cycle
// that does not settle under a non-monotone policy is a *CycleError wrapping ErrNoFixpoint.
//
// Observations for IDs that are not services or resources (ErrUnknownID), twice for one node
// (ErrDuplicateObservation) or with an invalid state or flags are an *ObservationError naming the
// position and the ID; the zero State is invalid (only an observation with Clear set says "no
// observation", see Observation). A nil model, a nil or zero Analyzer, Evaluation or Incremental,
// or a nil reader or writer handed to an entry point is ErrZeroValue, not a panic; the methods
// that return no error answer nothing (a nil *Model reads as an empty model). Inputs are never
// modified.
//
// # Explanations
//
// An Evaluation stores, per node, its state, flags and which of its groups (or its own
// observation) decided it first: a few bytes, so a million-node evaluation stays small. Explain
// derives the readable reason on request: every group at the node's state, in group order (two
// groups both down are both named: the first in the Explanation's own fields, the others in
// Also), each with its rule, the tally of member states (and weights) and the members that
// decided it (for the monotone operators, the applicable members at least as bad as the result,
// so both replicas of an any-of group that are both down). A node decided by its own observation
// is an input and is explained by it. The deciding members of a node are those of every group at
// its state, and the walks below follow them all. Path follows them breadth first back to an
// input — an observed node, an unobserved leaf under the Unobserved policy, or a group that made
// the state itself (nothing applicable, a Fixed mapping, an inversion) — and returns one
// representative chain, the shortest; Causes lists every input reached, and WriteDOT's Highlight
// draws the whole cause subgraph, each in time linear in that subgraph. Inside a cycle the
// deciders of the final state may point at each other; the walk then follows every
// non-operational member, and also stops at a node whose own observation is a problem (a cycle
// with Raise mappings can amplify an observed degradation into a worse state of the observed node
// itself).
//
// Affected lists the non-operational services and, through subscriptions and access points, the
// customers (with the worst state among their services), users, access points and agreements.
//
// # Incremental evaluation
//
// Evaluation.Incremental copies an evaluation into an Incremental, whose Apply sets observations
// (Clear(id), an observation with Clear set, removes one: never the zero State, which Apply
// refuses as Evaluate does) and re-evaluates only what they reach, in dependency order (a priority queue over components; a
// cycle it reaches is recomputed as a whole), and returns each changed node with its old and new
// status and its explanation. The result always equals a full evaluation of the same observations
// (a property test checks it after random sequences of changes).
//
// # What-if
//
// Analyzer.BlastRadius fails every service and resource alone on top of a baseline and ranks the
// radii: services taken down, customers and users taken down, then those made worse (degraded or
// unknown). The failed node counts among the services when it is one, whatever its baseline state
// (one not applicable in the baseline is made worse by failing, like any other).
// SinglePointsOfFailure lists per service the nodes whose loss alone takes it down; redundancy is
// respected because the groups' rules decide. Both reuse one incremental evaluation, so their cost
// is the size of the answer.
//
// # Money
//
// Money is an integer number of minor units of an ISO 4217 currency (Currency: code and
// minor-unit exponent, from CurrencyOf's built-in table or NewCurrency), so sums are exact. It is
// the module's one money type: sla.Money and bcp's losses are this type. Add, Sub and Cmp refuse
// two currencies (ErrCurrencyMismatch) and int64 overflow (ErrMoneyOverflow) rather than convert
// or wrap. The zero value Money{} is zero in every currency: it adds to, subtracts from and
// compares with an amount in any currency, so a total starts from "var total Money"; a non-zero
// amount without a currency is not so lenient. Money is divided only by Share and Percent, which
// take the RoundingMode as an argument: no rounding rule is implied. ParseMoney reads decimal text
// exactly and refuses more places than the currency has instead of rounding them away.
//
// # Cost, time to breach and recovery
//
// itsm cannot import sla (sla imports itsm), so prices come through the Pricer interface, which
// is given each subscribed service's derived status with its flags, so that planned maintenance
// (InMaintenance: every cause of the outage is planned work) is not priced as an outage unless
// the pricer says so: RateTable charges a per-hour rate per customer and agreement, pro rata,
// rounded down, with a maintenance rate that is zero (free) unless set; sla.Exposures prices an
// agreement's service credits under its objective's maintenance policy; PricerFunc adapts
// anything else. OutageCost prices the evaluated situation lasting a given duration per customer;
// TimeToBreach turns each agreement's remaining error budget into the time left (down burns at
// full speed, degraded at the budget's per-mille rate, maintenance not at all unless the budget's
// MaintenanceBurns says it counts as down). RecoveryOrder ranks the failed
// inputs by the hourly cost their repair alone saves, then customers and services restored.
// LiftSet gives a small set of repairs that lifts a node out of its state: members are lifted only
// as far as their group needs, chosen greedily by the size of their own lift sets; it is minimal
// when the members' causes are disjoint (the usual k-of-n replicas), greedy otherwise (the exact
// problem is a set cover). When the greedy choice cannot vouch for its set (a member held by a
// rule that its repairs lift only part of the way, a member leading back into a cycle), LiftSet
// repairs the set on a copy and adds what is still needed, so the set lifts the node whenever
// repairs can.
//
// # Scripting scenarios
//
// Observations and every result type have JSON forms that use the text names of states, flags
// ("maintenance+acknowledged") and causes, so a scenario is a list such as
// [{"id": "db-2", "state": "down", "flags": "acknowledged"}, {"id": "cache", "clear": true}]
// decoded into []Observation. Observations decode strictly (Observation.UnmarshalJSON): an unknown
// or misspelt field, a missing "id" or "state" (without "clear": true) is an error wrapping
// ErrMalformedObservation, so a typo such as "stat" never turns into a silent clear.
//
// # Pictures
//
// WriteDOT exports the model, or an evaluation over it, as Graphviz DOT in a stable order (nodes in
// ID order, edges in group and member order): states as fill colours, handled nodes dashed, and
// the cause subgraphs of chosen nodes (every cause, as Causes walks them, not one Path) in bold
// red.
package itsm
