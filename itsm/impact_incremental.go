package itsm

import (
	"fmt"
	"slices"
)

// Incremental keeps an evaluation up to date as observations change, recomputing only the nodes a
// change reaches (in dependency order; a cycle it reaches is recomputed as a whole). It owns a
// private copy of the evaluation it started from. It is not safe for concurrent use; Evaluation
// returns an immutable snapshot. The zero value is not usable (Evaluation.Incremental makes
// one): its Apply, and that of a nil *Incremental, reports ErrZeroValue, Evaluation returns the
// zero Evaluation and Status nothing.
type Incremental struct {
	ev     *Evaluation
	w      *worker
	queued []bool // per component
	heap   compHeap
	before map[int32]Status
	scc    []Status
}

// Change is one node whose status an Apply changed, with the explanation of its new status. A plain
// value.
// The zero value names no node.
// Safe for concurrent use.
type Change struct {
	ID          ID          `json:"id"`
	Before      Status      `json:"before,omitzero"`
	After       Status      `json:"after,omitzero"`
	Explanation Explanation `json:"explanation"`
}

// String reads like `checkout operational → degraded: group "db" ...` (see Explanation.Reason).
func (c Change) String() string {
	return string(c.ID) + " " + c.Before.String() + " → " + c.After.String() + ": " + c.Explanation.Reason()
}

// Incremental starts incremental evaluation from ev (which is copied, not modified).
func (ev *Evaluation) Incremental() *Incremental {
	if ev.zero() {
		return &Incremental{} // its Apply reports ErrZeroValue
	}
	cp := ev.clone()
	return &Incremental{ev: cp, w: newWorker(ev.a), queued: make([]bool, ev.a.comps.Count())}
}

func (ev *Evaluation) clone() *Evaluation {
	return &Evaluation{a: ev.a, st: slices.Clone(ev.st), fl: slices.Clone(ev.fl), cause: slices.Clone(ev.cause),
		obsS: slices.Clone(ev.obsS), obsF: slices.Clone(ev.obsF)}
}

// Evaluation returns a snapshot of the current evaluation (a copy: later Apply calls do not change
// it).
func (in *Incremental) Evaluation() *Evaluation {
	if in == nil || in.ev.zero() {
		return &Evaluation{}
	}
	return in.ev.clone()
}

// Status returns the current derived status of a node.
func (in *Incremental) Status(id ID) (Status, bool) {
	if in == nil {
		return Status{}, false
	}
	return in.ev.Status(id)
}

// Clear is the observation that removes a node's observation (it goes back to the policy's
// Unobserved state if it is a leaf, to its groups' result otherwise): Apply(Clear("db")). It is
// Observation{ID: id, Clear: true}, {"id": "db", "clear": true} in JSON.
func Clear(id ID) Observation { return Observation{ID: id, Clear: true} }

// Apply sets the given observations (replacing earlier ones of the same nodes; an observation
// with Clear set removes the node's observation, see Clear) and re-evaluates what they reach.
// Observations are checked as Evaluate checks them: the zero State is invalid here too, never a
// silent clear. It returns every node whose status changed, dependencies before dependents (ties
// in ID order), each with the explanation of its new status. Bad observations are an
// *ObservationError and change nothing.
// Cost: proportional to the nodes and edges the change reaches (times log of their count).
func (in *Incremental) Apply(obs ...Observation) ([]Change, error) {
	if in == nil || in.ev.zero() || in.queued == nil {
		return nil, fmt.Errorf("%w: Incremental not made by Evaluation.Incremental", ErrZeroValue)
	}
	ev := in.ev
	a := ev.a
	idx := make([]int32, len(obs))
	for i, o := range obs {
		v, err := a.observation(i, o)
		if err != nil {
			return nil, err
		}
		if slices.Contains(idx[:i], v) {
			return nil, &ObservationError{Index: i, ID: o.ID, Err: ErrDuplicateObservation}
		}
		idx[i] = v
	}
	if in.before == nil {
		in.before = map[int32]Status{}
	}
	clear(in.before)
	for i, o := range obs {
		v := idx[i]
		ev.obsS[v], ev.obsF[v] = state8(o.State), o.Flags
		in.push(a.comps.Of(v))
		// Dependents read the node's own observed flags (the handled policies), so they are
		// re-evaluated even when its status does not change.
		for _, u := range a.g.In(v) {
			in.push(a.comps.Of(u))
		}
	}
	for len(in.heap) > 0 {
		k := in.heap.pop()
		in.queued[k] = false
		if err := in.recompute(k); err != nil {
			return nil, err
		}
	}
	var changed []int32
	for v, b := range in.before {
		if b != ev.StatusAt(int(v)) {
			changed = append(changed, v)
		}
	}
	slices.SortFunc(changed, func(x, y int32) int {
		kx, ky := a.comps.Of(x), a.comps.Of(y)
		if kx != ky {
			return int(ky - kx) // higher component index = dependency = first
		}
		return int(x - y)
	})
	out := make([]Change, len(changed))
	for i, v := range changed {
		out[i] = Change{ID: a.m.IDAt(int(v)), Before: in.before[v], After: ev.StatusAt(int(v)), Explanation: ev.explain(v)}
	}
	return out, nil
}

func (in *Incremental) push(k int32) {
	if !in.queued[k] {
		in.queued[k] = true
		in.heap.push(k)
	}
}

func (in *Incremental) touch(v int32) {
	if _, ok := in.before[v]; !ok {
		in.before[v] = in.ev.StatusAt(int(v))
	}
}

func (in *Incremental) recompute(k int32) error {
	ev := in.ev
	a := ev.a
	if !a.cyclic[k] {
		v := a.comps.Members(k)[0]
		s, f, c := ev.evalNode(v)
		ev.cause[v] = c
		if state8(s) == ev.st[v] && f == ev.fl[v] {
			return nil
		}
		in.touch(v)
		ev.st[v], ev.fl[v] = state8(s), f
		for _, u := range a.g.In(v) {
			in.push(a.comps.Of(u))
		}
		return nil
	}
	members := a.comps.Members(k)
	in.scc = in.scc[:0]
	for _, v := range members {
		in.scc = append(in.scc, ev.StatusAt(int(v)))
	}
	if err := in.w.evalComponent(ev, k); err != nil {
		return err
	}
	for i, v := range members {
		if ev.StatusAt(int(v)) == in.scc[i] {
			continue
		}
		if _, ok := in.before[v]; !ok {
			in.before[v] = in.scc[i]
		}
		for _, u := range a.g.In(v) {
			if ku := a.comps.Of(u); ku != k {
				in.push(ku)
			}
		}
	}
	return nil
}

// compHeap pops the highest component index first: components are numbered dependents first, so
// that is the dependency-most pending component. A plain binary max-heap (container/heap would box
// every index).
type compHeap []int32

func (h *compHeap) push(k int32) {
	*h = append(*h, k)
	a := *h
	for i := len(a) - 1; i > 0; {
		p := (i - 1) / 2
		if a[p] >= a[i] {
			break
		}
		a[p], a[i] = a[i], a[p]
		i = p
	}
}

func (h *compHeap) pop() int32 {
	a := *h
	top := a[0]
	last := len(a) - 1
	a[0] = a[last]
	a = a[:last]
	for i := 0; ; {
		l, r, m := 2*i+1, 2*i+2, i
		if l < len(a) && a[l] > a[m] {
			m = l
		}
		if r < len(a) && a[r] > a[m] {
			m = r
		}
		if m == i {
			break
		}
		a[i], a[m] = a[m], a[i]
		i = m
	}
	*h = a
	return top
}
