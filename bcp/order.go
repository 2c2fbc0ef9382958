package bcp

import (
	"container/heap"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
)

// Row is one line of a recovery plan table.
// The zero value is an empty row.
// A plain value, safe for concurrent use.
type Row struct {
	// Priority is the 1-based position of the row's restore step. The members of a cycle are
	// restored together and share one priority.
	Priority    int
	Node        itsm.ID
	RequiredRTO Optional[time.Duration]
	Achievable  Optional[time.Duration]
	Tier        int
	TierName    string
	RequiredBy  string
}

// RecoveryOrder returns the recovery plan table over every node an activity needs: each node
// after everything it depends on (every dependency edge counts, not only those recovery waits
// for), cycles restored together as one step. Among the steps whose dependencies are done, the
// most urgent goes first, then the lower tier of that urgency, then the smallest node ID. A
// step's urgency is the most demanding required RTO of its nodes and of every node in scope that
// depends on them (unset last): a dependency that carries no RTO of its own, such as a spare the
// group does not come back with, still blocks what waits for it in the order, so it is restored
// as urgently as that. O((n + m) log n).
func (a *Analysis) RecoveryOrder() []Row {
	if !a.built() {
		return nil
	}
	nc := a.comps.Count()
	left := make([]int32, nc)
	g := a.model.Graph()
	urg := make([]time.Duration, nc)
	for c := range urg {
		urg[c] = never
	}
	for c := range int32(nc) { // topological order, dependents first
		mem := a.comps.Members(c)
		if !a.inScope[mem[0]] {
			continue
		}
		for _, i := range mem {
			if r := a.reqRTO[i]; r != unset && r < urg[c] {
				urg[c] = r
			}
		}
		for _, i := range mem {
			for _, t := range g.Out(i) {
				if ct := a.comps.Of(t); ct != c && urg[c] < urg[ct] {
					urg[ct] = urg[c]
				}
			}
		}
	}
	h := &compHeap{a: a, urg: urg}
	for c := range int32(nc) {
		mem := a.comps.Members(c)
		if !a.inScope[mem[0]] {
			continue
		}
		for _, i := range mem {
			for _, t := range g.Out(i) {
				if a.comps.Of(t) != c {
					left[c]++
				}
			}
		}
		if left[c] == 0 {
			h.items = append(h.items, c)
		}
	}
	heap.Init(h)
	var rows []Row
	prio := 0
	for h.Len() > 0 {
		c := heap.Pop(h).(int32)
		prio++
		for _, i := range a.comps.Members(c) {
			r := a.node(i)
			rows = append(rows, Row{Priority: prio, Node: r.ID, RequiredRTO: r.RequiredRTO, Achievable: r.Achievable,
				Tier: r.Tier, TierName: r.TierName, RequiredBy: r.RequiredBy})
		}
		for _, i := range a.comps.Members(c) {
			for _, u := range g.In(i) {
				cu := a.comps.Of(u)
				if cu == c || !a.inScope[u] {
					continue
				}
				left[cu]--
				if left[cu] == 0 {
					heap.Push(h, cu)
				}
			}
		}
	}
	return rows
}

// compHeap orders ready components by required RTO (unset last), tier, then smallest member.
type compHeap struct {
	a     *Analysis
	urg   []time.Duration // per component; never when unset
	items []int32
}

func (h *compHeap) key(c int32) (time.Duration, int, int32) {
	first := h.a.comps.Members(c)[0]
	r := h.urg[c]
	u := Optional[time.Duration]{}
	if r != never {
		u = Some(r)
	}
	tier, _ := h.a.opts.Tiers.Classify(u)
	if tier == 0 {
		tier = int(^uint(0) >> 1)
	}
	return r, tier, first
}

func (h *compHeap) Len() int { return len(h.items) }
func (h *compHeap) Less(i, j int) bool {
	ri, ti, fi := h.key(h.items[i])
	rj, tj, fj := h.key(h.items[j])
	if ri != rj {
		return ri < rj
	}
	if ti != tj {
		return ti < tj
	}
	return fi < fj
}
func (h *compHeap) Swap(i, j int) { h.items[i], h.items[j] = h.items[j], h.items[i] }
func (h *compHeap) Push(x any)    { h.items = append(h.items, x.(int32)) }
func (h *compHeap) Pop() any {
	x := h.items[len(h.items)-1]
	h.items = h.items[:len(h.items)-1]
	return x
}
