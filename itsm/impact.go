package itsm

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/itsmkit/itsmkit/internal/graph"
)

// Errors of impact evaluation.
var (
	// ErrUnknownID: an observation or a query names no service or resource of the model.
	ErrUnknownID = errors.New("itsm: unknown ID")
	// ErrDuplicateObservation: two observations in one call name the same node.
	ErrDuplicateObservation = errors.New("itsm: duplicate observation")
	// ErrNonMonotoneCycle: an Invert group inside a dependency cycle depends on a member of the
	// same cycle, so the cycle has no well-defined fixpoint.
	ErrNonMonotoneCycle = errors.New("itsm: non-monotone operator inside a cycle")
	// ErrNoFixpoint: a cycle did not settle within its iteration bound. Only policies that are not
	// monotone (UnknownIgnored, HandledIgnored) can cause it.
	ErrNoFixpoint = errors.New("itsm: cycle evaluation did not reach a fixpoint")
	// ErrZeroValue: a nil model, or the zero value of a type that only its constructor makes
	// (Analyzer, Evaluation), was passed to an entry point.
	ErrZeroValue = errors.New("itsm: nil or zero value where a constructed one is needed")
	// ErrClearConflict: an observation that clears its node (Clear set) also sets a state or
	// flags.
	ErrClearConflict = errors.New("itsm: a clearing observation sets no state or flags")
)

// ObservationError reports a bad observation: which one (its position in the call) and why
// (wrapping ErrUnknownID, ErrDuplicateObservation, ErrClearConflict or an *EnumError: an invalid
// state, the zero State included, or invalid flags).
// The zero value names no observation.
// Safe for concurrent use; it is not modified once returned.
type ObservationError struct {
	Index int
	ID    ID
	Err   error
}

func (e *ObservationError) Error() string {
	return fmt.Sprintf("itsm: observation[%d] %q: %s", e.Index, e.ID, strings.TrimPrefix(e.Err.Error(), "itsm: "))
}

// Unwrap returns the cause.
func (e *ObservationError) Unwrap() error { return e.Err }

// CycleError names a dependency cycle (its member IDs, ascending) that evaluation cannot give a
// meaning to, and the node and group at fault; it wraps ErrNonMonotoneCycle or ErrNoFixpoint.
// The zero value names no cycle.
// Safe for concurrent use; it is not modified once returned.
type CycleError struct {
	Cycle []ID
	Node  ID
	Group string
	Err   error
}

func (e *CycleError) Error() string {
	ids := make([]string, len(e.Cycle))
	for i, id := range e.Cycle {
		ids[i] = string(id)
	}
	group := ""
	if e.Group != "" {
		group = fmt.Sprintf(" group %q", e.Group)
	}
	return fmt.Sprintf("itsm: %s: node %q%s in cycle [%s]", strings.TrimPrefix(e.Err.Error(), "itsm: "), e.Node, group, strings.Join(ids, " "))
}

// Unwrap returns the cause.
func (e *CycleError) Unwrap() error { return e.Err }

// Observation is an observed input: the state and flags of one service or resource. On a leaf (a
// node with no dependency groups) it is the node's state; on a node with groups it is the node's
// own condition, and the node is as bad as the worse of it and its groups. NotApplicable on a
// node with groups means "no own observation".
//
// Clear, with no state and no flags (the Clear function makes one), says in so many words that
// the node has no observation: Incremental.Apply removes the one it had, and Evaluate, which
// starts from none, takes it as the node's one entry (a second observation of the node is still
// ErrDuplicateObservation). Only Clear clears: the zero State is invalid in Evaluate and Apply
// alike (an *ObservationError wrapping an *EnumError), so an observation whose state was left
// out — a misspelt field of a scenario, a literal that forgot it — is refused instead of quietly
// removing what was observed. The zero value is invalid (no ID, no state).
//
// In JSON an observation is {"id": "db-2", "state": "down", "flags": "acknowledged"} ("flags"
// optional) or {"id": "db-2", "clear": true}; UnmarshalJSON is strict (see there).
// A plain value, safe for concurrent use.
type Observation struct {
	ID    ID    `json:"id"`
	State State `json:"state,omitzero"`
	Flags Flags `json:"flags,omitempty"`
	Clear bool  `json:"clear,omitempty"`
}

// Node causes, stored per node in an Evaluation (a group index when ≥ 0).
const (
	causeNone       = -1 // operational from its groups, nothing to explain
	causeObserved   = -2 // its own observation decided it
	causeUnobserved = -3 // a leaf without observation: the policy's Unobserved state
)

// Analyzer is a model compiled for impact analysis under one Policy: the dependency groups
// flattened into arrays, the evaluation order over strongly connected components, and the
// subscriptions and users of every service. Build one with NewAnalyzer (the zero value is not
// usable: for it, and for a nil *Analyzer, Evaluate, BlastRadius and SinglePointsOfFailure
// report ErrZeroValue, and Model and Policy answer nil and the zero Policy); it is immutable and
// safe for concurrent use, and every Evaluate call shares it.
type Analyzer struct {
	m     *Model
	p     Policy
	g     *graph.Graph
	comps *graph.Components

	edgeStart  []int32 // per node, len n+1: edges of v are edgeStart[v]:edgeStart[v+1], in graph order
	groupStart []int32 // per node, len n+1
	rules      []Rule  // per group
	groupEnd   []int32 // per group: its members end at this edge position
	mapCode    []uint8 // per edge, nil when every mapping is as-is
	mapTable   [][NotApplicable + 1]State
	mapFixed   []bool      // per mapTable row: the mapping ignores the member's state
	effTab     [][64]State // per mapTable row: effective state by effIndex(state, flags)
	weight     []int32     // per edge, nil when no group is Weighted
	cyclic     []bool      // per component
	order      []int32     // components, dependencies first

	customers []ID               // ascending
	users     []ID               // ascending
	subsOf    [][]subscriptionAt // per node (services only)
	usersOf   [][]int32          // per node: users reaching the service at one of its access points
	apsOf     [][]ID             // per node: access points of the service
}

type subscriptionAt struct {
	customer  int32
	agreement string
}

// NewAnalyzer compiles m for evaluation under policy p. It fails with ErrPolicy for an invalid
// policy and with a *CycleError (ErrNonMonotoneCycle) when an Invert group depends on a member of
// its own cycle. Time and memory are linear in the model.
func NewAnalyzer(m *Model, p Policy) (*Analyzer, error) {
	if m == nil {
		return nil, fmt.Errorf("%w: nil model", ErrZeroValue)
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	g := m.Graph()
	n := m.Len()
	a := &Analyzer{m: m, p: p, g: g, comps: m.Components()}
	a.edgeStart = make([]int32, n+1)
	a.groupStart = make([]int32, n+1)
	groups := 0
	for v := range n {
		groups += len(m.Groups(v))
	}
	a.rules = make([]Rule, 0, groups)
	a.groupEnd = make([]int32, 0, groups)
	codes := map[Mapping]uint8{{}: 0}
	a.mapTable = [][NotApplicable + 1]State{mapRow(Mapping{})}
	a.mapFixed = []bool{false}
	var anyMap, anyWeight bool
	for v := range n {
		gs := m.Groups(v)
		a.groupStart[v+1] = a.groupStart[v] + int32(len(gs))
		e := a.edgeStart[v]
		for _, gr := range gs {
			a.rules = append(a.rules, gr.Rule)
			e += int32(len(gr.Members))
			a.groupEnd = append(a.groupEnd, e)
			for _, mem := range gr.Members {
				if mem.Map.Kind != AsIs {
					anyMap = true
				}
			}
			if gr.Rule.Op == Weighted {
				anyWeight = true
			}
		}
		a.edgeStart[v+1] = e
		if int(e-a.edgeStart[v]) != g.OutDegree(int32(v)) {
			return nil, fmt.Errorf("itsm: model graph and groups of %q disagree", m.IDAt(v))
		}
	}
	edges := int(a.edgeStart[n])
	if anyMap {
		a.mapCode = make([]uint8, edges)
	}
	if anyWeight {
		a.weight = make([]int32, edges)
	}
	if anyMap || anyWeight {
		for v := range n {
			e := a.edgeStart[v]
			for _, gr := range m.Groups(v) {
				for _, mem := range gr.Members {
					if anyMap {
						key := normalMapping(mem.Map)
						c, ok := codes[key]
						if !ok {
							c = uint8(len(a.mapTable))
							codes[key] = c
							a.mapTable = append(a.mapTable, mapRow(key))
							a.mapFixed = append(a.mapFixed, key.Kind == Fixed)
						}
						a.mapCode[e] = c
					}
					if anyWeight {
						a.weight[e] = int32(effectiveWeight(mem.Weight))
					}
					e++
				}
			}
		}
	}
	nc := a.comps.Count()
	a.cyclic = make([]bool, nc)
	a.order = make([]int32, nc)
	for k := range int32(nc) {
		a.order[nc-1-int(k)] = k
		a.cyclic[k] = a.comps.Cyclic(k)
		if !a.cyclic[k] {
			continue
		}
		for _, v := range a.comps.Members(k) {
			for gi := a.groupStart[v]; gi < a.groupStart[v+1]; gi++ {
				if a.rules[gi].Op != Invert {
					continue
				}
				for _, t := range a.members(v, gi) {
					if a.comps.Of(t) == k {
						return nil, &CycleError{Cycle: a.idsOf(a.comps.Members(k)), Node: m.IDAt(int(v)),
							Group: m.Groups(int(v))[gi-a.groupStart[v]].Name, Err: ErrNonMonotoneCycle}
					}
				}
			}
		}
	}
	a.buildEffTab()
	a.indexSubscribers()
	return a, nil
}

// normalMapping folds mappings that act the same (Raise/Lower saturate after two steps).
func normalMapping(mp Mapping) Mapping {
	if mp.Kind == Raise || mp.Kind == Lower {
		mp.Levels = min(mp.Levels, 2)
	}
	return mp
}

func mapRow(mp Mapping) [NotApplicable + 1]State {
	var row [NotApplicable + 1]State
	for s := Operational; s <= NotApplicable; s++ {
		row[s] = mp.Apply(s)
	}
	return row
}

func (a *Analyzer) indexSubscribers() {
	m := a.m
	n := m.Len()
	// Most large models are graphs without customers; then the per-node lists stay nil.
	hasSubs, hasAPs := false, false
	for range m.Subscriptions() {
		hasSubs = true
		break
	}
	for range m.AccessPoints() {
		hasAPs = true
		break
	}
	a.subsOf = make([][]subscriptionAt, n)
	a.usersOf = make([][]int32, n)
	a.apsOf = make([][]ID, n)
	if !hasSubs {
		a.subsOf = nil
	}
	if !hasAPs {
		a.usersOf, a.apsOf = nil, nil
	}
	custIndex := map[ID]int32{}
	for c := range m.Customers() {
		custIndex[c.ID] = int32(len(a.customers))
		a.customers = append(a.customers, c.ID)
	}
	for s := range m.Subscriptions() {
		if i, ok := m.Index(s.Service); ok {
			a.subsOf[i] = append(a.subsOf[i], subscriptionAt{customer: custIndex[s.Customer], agreement: s.Agreement})
		}
	}
	for ap := range m.AccessPoints() {
		if i, ok := m.Index(ap.Service); ok {
			a.apsOf[i] = append(a.apsOf[i], ap.ID)
		}
	}
	for u := range m.Users() {
		ui := int32(len(a.users))
		a.users = append(a.users, u.ID)
		for _, apID := range u.AccessPoints {
			ap, ok := m.AccessPoint(apID)
			if !ok {
				continue
			}
			if i, ok := m.Index(ap.Service); ok {
				if l := a.usersOf[i]; len(l) == 0 || l[len(l)-1] != ui {
					a.usersOf[i] = append(l, ui)
				}
			}
		}
	}
}

// Model returns the model the analyzer was compiled from (nil for a nil or zero Analyzer).
func (a *Analyzer) Model() *Model {
	if a == nil {
		return nil
	}
	return a.m
}

// Policy returns the policy the analyzer evaluates under (the zero Policy for a nil Analyzer).
func (a *Analyzer) Policy() Policy {
	if a == nil {
		return Policy{}
	}
	return a.p
}

func (a *Analyzer) idsOf(vs []int32) []ID {
	out := make([]ID, len(vs))
	for i, v := range vs {
		out[i] = a.m.IDAt(int(v))
	}
	return out
}

// members returns the targets of group gi of node v.
func (a *Analyzer) members(v, gi int32) []int32 {
	out := a.g.Out(v)
	start := a.edgeStart[v]
	if gi > a.groupStart[v] {
		start = a.groupEnd[gi-1]
	}
	return out[start-a.edgeStart[v] : a.groupEnd[gi]-a.edgeStart[v]]
}

// groupRange returns the absolute edge positions of group gi of node v.
func (a *Analyzer) groupRange(v, gi int32) (int32, int32) {
	start := a.edgeStart[v]
	if gi > a.groupStart[v] {
		start = a.groupEnd[gi-1]
	}
	return start, a.groupEnd[gi]
}

// Evaluation is the derived state of every node for one set of observations, with what each
// non-operational node's explanation needs (the deciding group; the rest is derived on request).
// It is immutable and safe for concurrent use. Memory is about 8 bytes per node. The zero value is
// not usable (Analyzer.Evaluate makes one): its methods, and those of a nil *Evaluation, answer
// nothing or ErrZeroValue (StatusAt, like slice indexing, needs 0 ≤ i < Len(), and Len is 0).
type Evaluation struct {
	a     *Analyzer
	st    []state8
	fl    []Flags
	cause []int32
	obsS  []state8
	obsF  []Flags
}

// state8 is a State stored in one byte inside an Evaluation.
type state8 = uint8

// Evaluate derives the state and flags of every node from the observations: one pass over the
// components in dependency order, each acyclic node evaluated once, each cycle iterated to its
// least fixpoint (see the package doc, "Cycles"). Time and memory are linear in the model. The
// observations are not modified; bad ones are an *ObservationError. An observation with Clear set
// leaves its node unobserved.
func (a *Analyzer) Evaluate(obs []Observation) (*Evaluation, error) {
	if a == nil || a.m == nil {
		return nil, fmt.Errorf("%w: Analyzer not made by NewAnalyzer", ErrZeroValue)
	}
	n := a.m.Len()
	ev := &Evaluation{a: a, st: make([]state8, n), fl: make([]Flags, n), cause: make([]int32, n),
		obsS: make([]state8, n), obsF: make([]Flags, n)}
	var cleared map[int32]bool // nodes a Clear observation named: no observation, but named once
	for i, o := range obs {
		v, err := a.observation(i, o)
		if err != nil {
			return nil, err
		}
		if ev.obsS[v] != 0 || cleared[v] {
			return nil, &ObservationError{Index: i, ID: o.ID, Err: ErrDuplicateObservation}
		}
		if o.Clear {
			if cleared == nil {
				cleared = map[int32]bool{}
			}
			cleared[v] = true
			continue
		}
		ev.obsS[v], ev.obsF[v] = state8(o.State), o.Flags
	}
	w := newWorker(a)
	for _, k := range a.order {
		if err := w.evalComponent(ev, k); err != nil {
			return nil, err
		}
	}
	return ev, nil
}

// observation checks one observation of Evaluate or Apply (the same checks for both) and returns
// its node.
func (a *Analyzer) observation(i int, o Observation) (int32, error) {
	v, ok := a.m.Index(o.ID)
	if !ok {
		return 0, &ObservationError{Index: i, ID: o.ID, Err: ErrUnknownID}
	}
	if o.Clear {
		if o.State != 0 || o.Flags != 0 {
			return 0, &ObservationError{Index: i, ID: o.ID, Err: fmt.Errorf("%w: %v", ErrClearConflict, Status{State: o.State, Flags: o.Flags})}
		}
		return int32(v), nil
	}
	if !o.State.Valid() {
		return 0, &ObservationError{Index: i, ID: o.ID, Err: &EnumError{Type: "State", Text: o.State.String()}}
	}
	if err := o.Flags.validate(); err != nil {
		return 0, &ObservationError{Index: i, ID: o.ID, Err: err}
	}
	return int32(v), nil
}

// worker holds the scratch space of fixpoint iteration, reused across components.
type worker struct {
	a      *Analyzer
	queued []bool
	queue  []int32
}

func newWorker(a *Analyzer) *worker { return &worker{a: a} }

func (w *worker) evalComponent(ev *Evaluation, k int32) error {
	a := w.a
	if !a.cyclic[k] {
		v := a.comps.Members(k)[0]
		s, f, c := ev.evalNode(v)
		ev.st[v], ev.fl[v], ev.cause[v] = state8(s), f, c
		return nil
	}
	members := a.comps.Members(k)
	if w.queued == nil {
		w.queued = make([]bool, a.m.Len())
	}
	for _, v := range members {
		ev.st[v], ev.fl[v], ev.cause[v] = state8(Operational), 0, causeNone
	}
	// States first: the least fixpoint from every member operational. Then flags, with the states
	// fixed: handled flags as a greatest fixpoint (start set, clear where an unhandled cause
	// reaches), Missing as a least one; each flag changes at most once per node. States never
	// depend on derived flags (the handled policies read a member's own observed flags), so the
	// second phase cannot move a state.
	if err := w.iterate(ev, k, members, false); err != nil {
		return err
	}
	for _, v := range members {
		ev.fl[v] = handledFlags
	}
	return w.iterate(ev, k, members, true)
}

// iterate re-evaluates the members of cyclic component k until nothing changes: states only
// (flagsOnly false: a node is re-queued when its state changes), or flags only with states held.
func (w *worker) iterate(ev *Evaluation, k int32, members []int32, flagsOnly bool) error {
	a := w.a
	budget := 16
	for _, v := range members {
		w.queued[v] = true
		budget += 8 * (1 + a.g.OutDegree(v))
	}
	w.queue = append(w.queue[:0], members...)
	for head := 0; head < len(w.queue); head++ {
		v := w.queue[head]
		w.queued[v] = false
		s, f, c := ev.evalNode(v)
		changed := false
		if flagsOnly {
			changed = f != ev.fl[v]
			ev.fl[v] = f
		} else {
			changed = state8(s) != ev.st[v]
			ev.st[v], ev.fl[v], ev.cause[v] = state8(s), f, c
		}
		if !changed {
			continue
		}
		if budget--; budget < 0 {
			for _, u := range w.queue[head:] {
				w.queued[u] = false
			}
			return &CycleError{Cycle: a.idsOf(members), Node: a.m.IDAt(int(v)), Err: ErrNoFixpoint}
		}
		for _, u := range a.g.In(v) {
			if a.comps.Of(u) == k && !w.queued[u] {
				w.queued[u] = true
				w.queue = append(w.queue, u)
			}
		}
	}
	return nil
}

// effective is the state group members see of target t over edge e.
func (ev *Evaluation) effective(t, e int32) State {
	a := ev.a
	code := 0
	if a.mapCode != nil {
		code = int(a.mapCode[e])
	}
	return a.effTab[code][effIndex(ev.st[t], ev.obsF[t])]
}

// effIndex packs a member's state and its own observed flags into an index of an effTab row. The
// handled policies read observed flags only: a derived node's flags describe its causes (they
// travel for the reader) but never change how its dependents count it, which keeps cycles' states
// independent of their flags.
func effIndex(s state8, f Flags) int { return int(f&7)<<3 | int(s&7) }

// buildEffTab precomputes, per mapping, the effective state of every (state, flags) pair: the
// handled policies, the mapping, then the unknown policy, as one table lookup per edge.
func (a *Analyzer) buildEffTab() {
	a.effTab = make([][64]State, len(a.mapTable))
	for code, row := range a.mapTable {
		for f := Flags(0); f < 8; f++ {
			for st := Operational; st <= NotApplicable; st++ {
				s := st
				if f&InMaintenance != 0 {
					s = handled(s, a.p.Maintenance)
				}
				if f&Acknowledged != 0 {
					s = handled(s, a.p.Acknowledged)
				}
				a.effTab[code][effIndex(state8(st), f)] = effectiveRow(Status{State: s}, row, &a.p)
			}
		}
	}
}

// evalGroup returns the state of group gi of node v and, when it is not operational, the flags
// of its deciders.
func (ev *Evaluation) evalGroup(v, gi int32) (State, Flags, Counts) {
	a := ev.a
	r := a.rules[gi]
	lo, hi := a.groupRange(v, gi)
	targets := a.g.Out(v)[lo-a.edgeStart[v] : hi-a.edgeStart[v]]
	var cnt [8]int
	code := 0
	for j, t := range targets {
		if a.mapCode != nil {
			code = int(a.mapCode[lo+int32(j)])
		}
		st := a.effTab[code][effIndex(ev.st[t], ev.obsF[t])]
		if r.Op == Weighted {
			cnt[st] += int(a.weight[lo+int32(j)])
		} else {
			cnt[st]++
		}
	}
	c := Counts{Operational: cnt[Operational], Degraded: cnt[Degraded], Unknown: cnt[Unknown], Down: cnt[Down], NotApplicable: cnt[NotApplicable]}
	s := decide(r, c)
	if s == Operational {
		return s, 0, c
	}
	var f Flags
	first := true
	for j, t := range targets {
		if decides(r.Op, s, ev.effective(t, lo+int32(j))) {
			f = mergeFlags(f, ev.fl[t], first)
			first = false
		}
	}
	return s, f, c
}

// evalNode derives node v from its own observation and its groups.
func (ev *Evaluation) evalNode(v int32) (State, Flags, int32) {
	a := ev.a
	o := State(ev.obsS[v])
	g0, g1 := a.groupStart[v], a.groupStart[v+1]
	if g0 == g1 {
		if o != 0 {
			return o, ev.obsF[v], causeObserved
		}
		u := a.p.unobserved()
		if u == Operational {
			return u, 0, causeNone
		}
		return u, 0, causeUnobserved
	}
	var best State
	var flags Flags
	cause := int32(causeNone)
	if o != 0 && o != NotApplicable {
		best, flags, cause = o, ev.obsF[v], causeObserved
	}
	for gi := g0; gi < g1; gi++ {
		s, f, _ := ev.evalGroup(v, gi)
		switch {
		case s > best:
			best, flags, cause = s, f, gi-g0
		case s == best && s != Operational:
			flags = mergeFlags(flags, f, false)
		}
	}
	if best == Operational {
		if cause == causeObserved {
			return best, flags, causeNone
		}
		return best, 0, causeNone
	}
	return best, flags, cause
}

// zero reports an Evaluation not made by Analyzer.Evaluate (nil or the zero value): its methods
// answer "nothing" or errZeroEvaluation instead of dereferencing the missing analyzer.
func (ev *Evaluation) zero() bool { return ev == nil || ev.a == nil }

var errZeroEvaluation = fmt.Errorf("%w: Evaluation not made by Analyzer.Evaluate", ErrZeroValue)

// Len is the number of nodes evaluated (0 for a nil or zero Evaluation).
func (ev *Evaluation) Len() int {
	if ev.zero() {
		return 0
	}
	return len(ev.st)
}

// Analyzer returns the analyzer that produced the evaluation (nil for a nil or zero Evaluation).
func (ev *Evaluation) Analyzer() *Analyzer {
	if ev.zero() {
		return nil
	}
	return ev.a
}

// Status returns the derived status of a service or resource.
func (ev *Evaluation) Status(id ID) (Status, bool) {
	if ev.zero() {
		return Status{}, false
	}
	v, ok := ev.a.m.Index(id)
	if !ok {
		return Status{}, false
	}
	return Status{State: State(ev.st[v]), Flags: ev.fl[v]}, true
}

// StatusAt returns the derived status of node i (0 ≤ i < Len(), the model's node index).
func (ev *Evaluation) StatusAt(i int) Status { return Status{State: State(ev.st[i]), Flags: ev.fl[i]} }

// Observations returns the observations the evaluation holds, in node index (ID) order.
func (ev *Evaluation) Observations() []Observation {
	if ev.zero() {
		return nil
	}
	var out []Observation
	for v, s := range ev.obsS {
		if s != 0 {
			out = append(out, Observation{ID: ev.a.m.IDAt(v), State: State(s), Flags: ev.obsF[v]})
		}
	}
	return out
}

// NodeStatus is one node with its derived status.
// The zero value names no node.
// A plain value, safe for concurrent use.
type NodeStatus struct {
	ID     ID     `json:"id"`
	Status Status `json:"status"`
}

// NotOperational returns every node whose derived state is not Operational (nor NotApplicable), in
// ID order.
func (ev *Evaluation) NotOperational() []NodeStatus {
	if ev.zero() {
		return nil
	}
	var out []NodeStatus
	for v, s := range ev.st {
		if State(s) != Operational && State(s) != NotApplicable {
			out = append(out, NodeStatus{ID: ev.a.m.IDAt(v), Status: ev.StatusAt(v)})
		}
	}
	return out
}

// Cause says what decided a node's state. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Cause int

const (
	// CauseNone: the node is operational; nothing to explain.
	CauseNone Cause = iota + 1
	// CauseObserved: the node's own observation decided it.
	CauseObserved
	// CauseUnobserved: a leaf without observation took the policy's Unobserved state.
	CauseUnobserved
	// CauseGroup: one of its dependency groups decided it.
	CauseGroup
)

var causeNames = [...]string{"", "none", "observed", "unobserved", "group"}

// String returns "none", "observed", "unobserved" or "group".
func (c Cause) String() string {
	if c >= CauseNone && c <= CauseGroup {
		return causeNames[c]
	}
	return "Cause(" + strconv.Itoa(int(c)) + ")"
}

// MarshalText returns the String form; an invalid cause is an *EnumError.
func (c Cause) MarshalText() ([]byte, error) {
	if c < CauseNone || c > CauseGroup {
		return nil, &EnumError{Type: "Cause", Text: c.String()}
	}
	return []byte(c.String()), nil
}

// UnmarshalText parses the String form; anything else is an *EnumError.
func (c *Cause) UnmarshalText(text []byte) error {
	v, err := enumParse(causeNames[:], text, "Cause")
	if err != nil {
		return err
	}
	*c = Cause(v)
	return nil
}

// Decider is one member that decided a group's result: its ID, its own status, the edge mapping,
// and the state the group saw after mapping and policies.
// The zero value names no member.
// A plain value, safe for concurrent use.
type Decider struct {
	ID        ID      `json:"id"`
	Status    Status  `json:"status"`
	Map       Mapping `json:"map,omitzero"`
	Effective State   `json:"effective"`
}

// Explanation says why one node has its state: its own observation, or the dependency groups at
// the node's state, each with its rule, the tally of its members (Weights for Weighted groups)
// and the members that decided it. The first such group (in group order) fills Group, GroupAt,
// Rule, Counts, Weights and Deciders; every further group at the same state is in Also, in group
// order, so a node that two groups take down names both. A node whose own observation decided it
// is an input and is explained by that observation alone, even when some group is as bad. It is
// small on purpose; Path follows deciders back to the observed inputs, Causes lists them all.
// The zero value explains nothing.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Explanation struct {
	ID       ID     `json:"id"`
	Status   Status `json:"status"`
	Cause    Cause  `json:"cause"`
	Observed Status `json:"observed,omitzero"` // the node's own observation, when it has one
	// GroupCause is the first deciding group (CauseGroup); its GroupAt is -1 without one.
	GroupCause
	// Also lists the node's other groups at its state (CauseGroup), after Group, in group order.
	Also []GroupCause `json:"also,omitempty"`
	// Reduced lists, for an operational node, its redundant groups (any-of, at-least, weighted)
	// that still hold although some applicable members are not operational, in group order.
	Reduced []Reduced `json:"reduced,omitempty"`
	// ReducedBelow lists, for an operational node, its operational direct members whose own
	// redundancy is reduced (one level down; Explain a member to look further), in group and
	// member order, each member once.
	ReducedBelow []ReducedMember `json:"reducedBelow,omitempty"`
}

// GroupCause is one dependency group at its node's state, as an Explanation shows it: the group,
// its index among the node's groups, its rule, the tally of its members' effective states
// (Weights by weight, for Weighted groups only) and the members that decided it.
// The zero value names no group.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type GroupCause struct {
	Group    string    `json:"group,omitempty"`
	GroupAt  int       `json:"groupAt"`
	Rule     Rule      `json:"rule,omitzero"`
	Counts   Counts    `json:"counts,omitzero"`
	Weights  Counts    `json:"weights,omitzero"`
	Deciders []Decider `json:"deciders,omitempty"`
}

// ReducedMember is an operational member whose own redundant groups hold with fewer members
// than they have.
// The zero value names no member.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type ReducedMember struct {
	ID      ID        `json:"id"`
	Reduced []Reduced `json:"reduced"`
}

// Reduced is a redundant group that holds with fewer members than it has: the node is still
// operational, but its redundancy is reduced. Counts tallies the members' effective states. A
// plain value.
// The zero value names no group.
// Safe for concurrent use.
type Reduced struct {
	Group  string   `json:"group"`
	Op     Operator `json:"op"`
	Counts Counts   `json:"counts"`
}

// String reads like `group "db" any-of: 1 of 2 members down`.
func (r Reduced) String() string {
	c := r.Counts
	var parts []string
	one := ""
	for _, p := range []struct {
		n    int
		name string
	}{{c.Degraded, "degraded"}, {c.Unknown, "unknown"}, {c.Down, "down"}} {
		if p.n != 0 {
			parts = append(parts, fmt.Sprintf("%d %s", p.n, p.name))
			one = fmt.Sprintf("%d of %d members %s", p.n, c.Applicable(), p.name)
		}
	}
	if len(parts) > 1 {
		one = fmt.Sprintf("%s of %d members", strings.Join(parts, ", "), c.Applicable())
	}
	return fmt.Sprintf("group %q %v: %s", r.Group, r.Op, one)
}

// String reads like `checkout degraded: group "db" at-least (down below 2, degraded below 3):
// 2 operational, 1 down of 3 applicable; decided by db-2 down`. An operational node reads
// `shop operational`, followed by its reduced redundancy in parentheses when it has some:
// `webshop operational (redundancy reduced below: catalog group "replicas" any-of: 1 of 3
// members down)`.
func (x Explanation) String() string {
	if x.Cause == CauseNone {
		s := fmt.Sprintf("%s %v", x.ID, x.Status)
		if r := x.reducedText(); r != "" {
			s += " (" + r + ")"
		}
		return s
	}
	return fmt.Sprintf("%s %v: %s", x.ID, x.Status, x.Reason())
}

// reducedText lists the reduced redundancy of an operational node, its own groups first, then
// its members'; "" when there is none.
func (x Explanation) reducedText() string {
	var parts []string
	if len(x.Reduced) > 0 {
		own := make([]string, len(x.Reduced))
		for i, r := range x.Reduced {
			own[i] = r.String()
		}
		parts = append(parts, "redundancy reduced: "+strings.Join(own, "; "))
	}
	if len(x.ReducedBelow) > 0 {
		var below []string
		for _, m := range x.ReducedBelow {
			for _, r := range m.Reduced {
				below = append(below, string(m.ID)+" "+r.String())
			}
		}
		parts = append(parts, "redundancy reduced below: "+strings.Join(below, "; "))
	}
	return strings.Join(parts, "; ")
}

// Reason is the explanation without the node and its status: "observed", or the deciding groups
// with their rules, tallies and deciders, joined by "; and " (`group "db" all-of: 1 down of 1
// applicable; decided by db down; and group "app" all-of: …`). For an operational node it is its
// reduced redundancy ("redundancy reduced: …"), or "no failing dependency".
func (x Explanation) Reason() string {
	var b strings.Builder
	switch x.Cause {
	case CauseNone:
		if r := x.reducedText(); r != "" {
			b.WriteString(r)
		} else {
			b.WriteString("no failing dependency")
		}
	case CauseObserved:
		b.WriteString("observed")
	case CauseUnobserved:
		b.WriteString("not observed (policy)")
	case CauseGroup:
		writeGroupCause(&b, x.GroupCause)
		for _, g := range x.Also {
			b.WriteString("; and ")
			writeGroupCause(&b, g)
		}
	default:
		b.WriteString("nothing")
	}
	return b.String()
}

// writeGroupCause writes one deciding group: `group "db" all-of: 1 down of 1 applicable; decided
// by db down`.
func writeGroupCause(b *strings.Builder, g GroupCause) {
	fmt.Fprintf(b, "group %q %v", g.Group, g.Rule.Op)
	if g.Rule.Op == AtLeast || g.Rule.Op == Weighted {
		b.WriteString(thresholdText(g.Rule))
	}
	c := g.Counts
	if g.Rule.Op == Weighted {
		c = g.Weights
		b.WriteString(": weight ")
	} else {
		b.WriteString(": ")
	}
	b.WriteString(c.String())
	if len(g.Deciders) > 0 {
		b.WriteString("; decided by")
		for i, d := range g.Deciders {
			if i > 0 {
				b.WriteString(",")
			}
			fmt.Fprintf(b, " %s %v", d.ID, d.Status)
			if d.Map.Kind != AsIs {
				fmt.Fprintf(b, " (%s → %v)", mappingText(d.Map), d.Effective)
			}
		}
	}
}

// thresholdText shows the thresholds an at-least or weighted rule sets, e.g. " (down below 2,
// degraded below 3)"; an unset threshold never triggers, so it is left out rather than shown.
func thresholdText(r Rule) string {
	var set []string
	if r.DownBelow != (Threshold{}) {
		set = append(set, "down below "+r.DownBelow.String())
	}
	if r.DegradedBelow != (Threshold{}) {
		set = append(set, "degraded below "+r.DegradedBelow.String())
	}
	if len(set) == 0 {
		return " (no thresholds)"
	}
	return " (" + strings.Join(set, ", ") + ")"
}

// String reads "2", "50%" or "unset" (the zero value). An invalid threshold shows what it holds,
// so an error about it names the offending value: "-1", "-5%", "2 and 50%" (both set).
func (t Threshold) String() string {
	switch {
	case t.Count != 0 && t.Percent != 0:
		return strconv.Itoa(t.Count) + " and " + strconv.Itoa(t.Percent) + "%"
	case t.Percent != 0:
		return strconv.Itoa(t.Percent) + "%"
	case t.Count != 0:
		return strconv.Itoa(t.Count)
	}
	return "unset"
}

func mappingText(mp Mapping) string {
	switch mp.Kind {
	case Raise, Lower:
		return mp.Kind.String() + " " + strconv.Itoa(mp.Levels)
	case Fixed:
		return "fixed " + mp.Fixed.String()
	}
	return mp.Kind.String()
}

// Explain returns why node id has its derived state. Unknown IDs are ErrUnknownID.
func (ev *Evaluation) Explain(id ID) (Explanation, error) {
	if ev.zero() {
		return Explanation{}, errZeroEvaluation
	}
	v, ok := ev.a.m.Index(id)
	if !ok {
		return Explanation{}, fmt.Errorf("%w: %q", ErrUnknownID, id)
	}
	return ev.explain(int32(v)), nil
}

func (ev *Evaluation) explain(v int32) Explanation {
	a := ev.a
	x := Explanation{ID: a.m.IDAt(int(v)), Status: ev.StatusAt(int(v)), GroupCause: GroupCause{GroupAt: -1}}
	if ev.obsS[v] != 0 {
		x.Observed = Status{State: State(ev.obsS[v]), Flags: ev.obsF[v]}
	}
	switch c := ev.cause[v]; {
	case c == causeNone:
		x.Cause = CauseNone
		if x.Status.State == Operational {
			x.Reduced = ev.reduced(v)
			x.ReducedBelow = ev.reducedBelow(v)
		}
	case c == causeObserved:
		x.Cause = CauseObserved
	case c == causeUnobserved:
		x.Cause = CauseUnobserved
	default:
		gi := a.groupStart[v] + c
		x.Cause, x.GroupCause = CauseGroup, ev.groupCause(v, gi)
		// The deciding group is the first at the node's state; name every later one at it too.
		for gj := gi + 1; gj < a.groupStart[v+1]; gj++ {
			if gs, _, _ := ev.evalGroup(v, gj); gs == x.Status.State {
				x.Also = append(x.Also, ev.groupCause(v, gj))
			}
		}
	}
	return x
}

// groupCause is group gi of node v as its explanation shows it.
func (ev *Evaluation) groupCause(v, gi int32) GroupCause {
	a := ev.a
	k := gi - a.groupStart[v]
	gr := a.m.Groups(int(v))[k]
	g := GroupCause{Group: gr.Name, GroupAt: int(k), Rule: a.rules[gi]}
	gs, _, _ := ev.evalGroup(v, gi)
	lo, _ := a.groupRange(v, gi)
	for j, t := range a.members(v, gi) {
		e := ev.effective(t, lo+int32(j))
		g.Counts.add(e, 1)
		if g.Rule.Op == Weighted {
			g.Weights.add(e, int(a.weight[lo+int32(j)]))
		}
		if decides(g.Rule.Op, gs, e) {
			g.Deciders = append(g.Deciders, Decider{ID: a.m.IDAt(int(t)), Status: ev.StatusAt(int(t)), Map: gr.Members[j].Map, Effective: e})
		}
	}
	return g
}

// reduced lists the redundant groups of v that hold although some applicable member is not
// operational.
func (ev *Evaluation) reduced(v int32) []Reduced {
	a := ev.a
	var out []Reduced
	for gi := a.groupStart[v]; gi < a.groupStart[v+1]; gi++ {
		switch a.rules[gi].Op {
		case AnyOf, AtLeast, Weighted:
		default:
			continue
		}
		lo, _ := a.groupRange(v, gi)
		var c Counts
		for j, t := range a.members(v, gi) {
			c.add(ev.effective(t, lo+int32(j)), 1)
		}
		if c.Degraded+c.Unknown+c.Down > 0 {
			out = append(out, Reduced{Group: a.m.Groups(int(v))[gi-a.groupStart[v]].Name, Op: a.rules[gi].Op, Counts: c})
		}
	}
	return out
}

// reducedBelow lists v's operational direct members whose own redundancy is reduced, each once,
// in group and member order.
func (ev *Evaluation) reducedBelow(v int32) []ReducedMember {
	a := ev.a
	var out []ReducedMember
	seen := map[int32]bool{}
	for gi := a.groupStart[v]; gi < a.groupStart[v+1]; gi++ {
		for _, t := range a.members(v, gi) {
			if seen[t] || t == v || State(ev.st[t]) != Operational {
				continue
			}
			seen[t] = true
			if r := ev.reduced(t); len(r) > 0 {
				out = append(out, ReducedMember{ID: a.m.IDAt(int(t)), Reduced: r})
			}
		}
	}
	return out
}

// terminal reports whether the explanation of node v ends there: it is an observed or unobserved
// input, or its deciding group produced the state on its own (an empty group, an inversion, or a
// mapping that made an operational member look bad).
//
// In the broad walk (inside cycles) a node's own non-operational observation also ends it even
// when a worse group overshadows it: a cycle can amplify an observed degradation (through Raise
// mappings) into a worse state of the very node that was observed.
func (ev *Evaluation) terminal(v int32, broad bool) bool {
	c := ev.cause[v]
	if c == causeObserved || c == causeUnobserved {
		return true
	}
	o := State(ev.obsS[v])
	return broad && o != 0 && o != Operational && o != NotApplicable
}

// deciders appends the edges (absolute edge positions; edgeTarget names the member) to the nodes
// that decided v's state: the non-operational members that decided each of v's groups at v's
// state (every such group, not only the first), or, when broad, every member of any group whose
// effective state is not operational. ruleMade reports a deciding member that is not followed
// because the rule made its contribution: a Fixed mapping, or an operational member (inversion),
// or a group with nothing applicable — the node is then an end of its explanation. The cost is
// v's out-degree.
func (ev *Evaluation) deciders(v int32, broad bool, out []int32) (_ []int32, ruleMade bool) {
	a := ev.a
	if ev.cause[v] < 0 {
		return out, false
	}
	s := State(ev.st[v])
	for gi := a.groupStart[v]; gi < a.groupStart[v+1]; gi++ {
		gs, _, counts := ev.evalGroup(v, gi)
		if !broad && gs != s {
			continue // not a deciding group
		}
		if gs != Operational && counts.Applicable() == 0 {
			ruleMade = true // nothing applicable: the group is unknown on its own
			continue
		}
		lo, _ := a.groupRange(v, gi)
		for j, t := range a.members(v, gi) {
			e := ev.effective(t, lo+int32(j))
			own := State(ev.st[t])
			follow := own != Operational && own != NotApplicable &&
				(a.mapCode == nil || !a.mapFixed[a.mapCode[lo+int32(j)]])
			relevant := decides(a.rules[gi].Op, gs, e)
			if broad {
				relevant = e != Operational && e != NotApplicable
			}
			switch {
			case relevant && follow:
				out = append(out, lo+int32(j))
			case relevant:
				ruleMade = true
			}
		}
	}
	return out, ruleMade
}

// edgeTarget is the member at absolute edge position e of node v.
func (ev *Evaluation) edgeTarget(v, e int32) int32 { return ev.a.g.Out(v)[e-ev.a.edgeStart[v]] }

// Path returns one chain of explanations from node id back to an input that caused its state: the
// node first, then a decider, then its decider, ..., ending at an observed node (or an unobserved
// leaf, or a group that produced the state on its own: an empty group, an inversion, a Fixed
// mapping).
// It is one representative chain, the shortest through deciding members (those of every group at
// a node's state), found breadth first, ties in group and member order; when several inputs
// caused the state — two replicas of an any-of group both down, two groups both down — it shows
// one of them: Causes lists them all, and WriteDOT's Highlight draws the whole cause subgraph.
// Inside a cycle, where the deciders of the final state can point at each other, it falls back to
// every non-operational member. An operational node's path is just its own explanation.
func (ev *Evaluation) Path(id ID) ([]Explanation, error) {
	if ev.zero() {
		return nil, errZeroEvaluation
	}
	v, ok := ev.a.m.Index(id)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownID, id)
	}
	var out []Explanation
	for _, u := range ev.path(int32(v)) {
		out = append(out, ev.explain(u))
	}
	return out, nil
}

func (ev *Evaluation) path(v int32) []int32 {
	if !bad(State(ev.st[v])) {
		return []int32{v}
	}
	var buf []int32
	for _, broad := range []bool{false, true} {
		parent := map[int32]int32{v: -1}
		queue := []int32{v}
		for head := 0; head < len(queue); head++ {
			u := queue[head]
			var ruleMade bool
			buf, ruleMade = ev.deciders(u, broad, buf[:0])
			if ev.terminal(u, broad) || ruleMade || len(buf) == 0 {
				var chain []int32
				for x := u; x != -1; x = parent[x] {
					chain = append(chain, x)
				}
				slices.Reverse(chain)
				return chain
			}
			for _, e := range buf {
				t := ev.edgeTarget(u, e)
				if _, seen := parent[t]; !seen {
					parent[t] = u
					queue = append(queue, t)
				}
			}
		}
	}
	return []int32{v}
}

// Causes returns the inputs behind node id's state, in ID order: every observed (or unobserved,
// policy-defaulted) non-operational node reached through deciding members (those of every group
// at a node's state), and every node whose deciding group produced its state on its own. Linear
// in the part of the model it walks.
func (ev *Evaluation) Causes(id ID) ([]ID, error) {
	if ev.zero() {
		return nil, errZeroEvaluation
	}
	v, ok := ev.a.m.Index(id)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownID, id)
	}
	return ev.a.idsOf(ev.causes(int32(v))), nil
}

func (ev *Evaluation) causes(v int32) []int32 {
	_, _, ends := ev.causeGraph(v, false)
	slices.Sort(ends)
	return ends
}

// causeGraph is the cause subgraph of v, which Causes and WriteDOT's Highlight show: walking
// breadth first from v through deciders, the nodes reached (v first), the edges followed
// (absolute edge positions, only when withEdges) and the ends (the inputs Causes lists). The
// narrow walk follows the deciding members; when it reaches no end (inside a cycle, deciders can
// point at each other) the broad walk, through every non-operational member, is taken instead.
// Each node is expanded once, so the cost is linear in the nodes and edges of the subgraph.
func (ev *Evaluation) causeGraph(v int32, withEdges bool) (nodes, edges, ends []int32) {
	if !bad(State(ev.st[v])) {
		return nil, nil, nil
	}
	var buf []int32
	for _, broad := range []bool{false, true} {
		nodes, edges, ends = append(nodes[:0], v), edges[:0], ends[:0]
		seen := map[int32]bool{v: true}
		for head := 0; head < len(nodes); head++ {
			u := nodes[head]
			var ruleMade bool
			buf, ruleMade = ev.deciders(u, broad, buf[:0])
			if ev.terminal(u, broad) || ruleMade || len(buf) == 0 {
				ends = append(ends, u)
			}
			for _, e := range buf {
				if withEdges {
					edges = append(edges, e)
				}
				if t := ev.edgeTarget(u, e); !seen[t] {
					seen[t] = true
					nodes = append(nodes, t)
				}
			}
		}
		if len(ends) > 0 {
			break
		}
	}
	return nodes, edges, ends
}

func (a *Analyzer) subs(v int32) []subscriptionAt {
	if a.subsOf == nil {
		return nil
	}
	return a.subsOf[v]
}

func (a *Analyzer) usersAt(v int32) []int32 {
	if a.usersOf == nil {
		return nil
	}
	return a.usersOf[v]
}

func (a *Analyzer) aps(v int32) []ID {
	if a.apsOf == nil {
		return nil
	}
	return a.apsOf[v]
}
