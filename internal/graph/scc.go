package graph

import (
	"fmt"
	"math"
	"slices"
)

// Components is the strongly connected component decomposition of a Graph: a partition of its
// nodes, numbered in a topological order of the condensation (see the package doc). The zero
// value has no components. It is immutable and safe for concurrent use.
type Components struct {
	of      []int32 // node → component
	start   []int32 // len Count()+1; members of c are members[start[c]:start[c+1]]
	members []int32
	loop    []bool // component is a single node with a self-loop
	touched int32  // what SCC's read-ahead loads summed to; stored so the compiler keeps the loads
}

// SCC computes the strongly connected components of g in O(n + m) time without recursion.
func (g *Graph) SCC() *Components {
	n := g.Len()
	// st holds each node's discovery index and low-link side by side, so the inner loop touches one
	// cache line per node. A node assigned to a component gets index done, which is never below a
	// low-link: that replaces the on-stack test of the textbook algorithm.
	const unvisited, done = -1, math.MaxInt32
	type state struct{ index, low int32 }
	st := make([]state, n)
	for i := range st {
		st[i].index = unvisited
	}
	// Both stacks hold at most n entries. Reserving that up front costs nothing until touched and
	// saves regrowing (and copying) them while a deep walk, common in large call graphs, descends.
	stack := make([]int32, 0, n) // Tarjan's component stack
	type frame struct{ v, edge int32 }
	call := make([]frame, 0, n) // explicit DFS stack replacing recursion
	of := make([]int32, n)      // component in completion order for now
	var next, comps, sink int32
	// Below a few hundred thousand nodes the arrays stay in cache and reading ahead is only work.
	readAhead := n > 1<<17

	for root := range int32(n) {
		if st[root].index != unvisited {
			continue
		}
		st[root] = state{next, next}
		next++
		stack = append(stack, root)
		call = append(call, frame{v: root, edge: g.outStart[root]})
		for len(call) > 0 {
			f := &call[len(call)-1]
			v := f.v
			if f.edge < g.outStart[v+1] {
				w := g.outAdj[f.edge]
				f.edge++
				if iw := st[w].index; iw == unvisited {
					st[w] = state{next, next}
					next++
					stack = append(stack, w)
					from, to := g.outStart[w], g.outStart[w+1]
					if readAhead {
						// Read the state of w's neighbours now: the loads are independent, so the
						// processor overlaps their cache misses instead of taking them one by one
						// as the walk reaches each neighbour.
						var touch int32
						for _, x := range g.outAdj[from:to] {
							touch |= st[x].low ^ g.outStart[x]
						}
						sink += touch
					}
					call = append(call, frame{v: w, edge: from})
				} else if iw < st[v].low {
					st[v].low = iw
				}
				continue
			}
			// v is finished: pop the frame, report a component if v is its root.
			call = call[:len(call)-1]
			lv := st[v].low
			if len(call) > 0 {
				u := call[len(call)-1].v
				if lv < st[u].low {
					st[u].low = lv
				}
			}
			if lv == st[v].index {
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					st[w].index = done
					of[w] = comps
					if w == v {
						break
					}
				}
				comps++
			}
		}
	}

	// Tarjan completes sinks first; renumber so that edges go from lower to higher components.
	c := &Components{of: of, start: make([]int32, comps+1), members: make([]int32, n), loop: make([]bool, comps), touched: sink}
	for v := range of {
		of[v] = comps - 1 - of[v]
		c.start[of[v]+1]++
	}
	for i := range comps {
		c.start[i+1] += c.start[i]
	}
	pos := slices.Clone(c.start[:comps])
	for v := range int32(n) { // ascending v keeps members sorted
		k := of[v]
		c.members[pos[k]] = v
		pos[k]++
	}
	for v := range int32(n) {
		if c.Size(of[v]) == 1 && slices.Contains(g.Out(v), v) {
			c.loop[of[v]] = true
		}
	}
	return c
}

// Count is the number of components.
func (c *Components) Count() int { return len(c.loop) }

// Of returns the component of node v.
func (c *Components) Of(v int32) int32 { return c.of[v] }

// Members returns the nodes of component k in ascending order. The slice is read-only.
func (c *Components) Members(k int32) []int32 {
	return c.members[c.start[k]:c.start[k+1]:c.start[k+1]]
}

// Size is len(Members(k)).
func (c *Components) Size(k int32) int { return int(c.start[k+1] - c.start[k]) }

// Cyclic reports whether component k contains a cycle: it has more than one node, or its single
// node has a self-loop.
func (c *Components) Cyclic(k int32) bool { return c.Size(k) > 1 || c.loop[k] }

// Order returns all nodes in a topological order of the condensation: components in ascending
// number, members of a component in ascending node order. Every edge u → v between different
// components has u before v. The slice is read-only.
func (c *Components) Order() []int32 { return c.members[:len(c.members):len(c.members)] }

// Cycles returns the members of every cyclic component, in component order. The inner slices are
// read-only.
func (c *Components) Cycles() [][]int32 {
	var out [][]int32
	for k := range int32(c.Count()) {
		if c.Cyclic(k) {
			out = append(out, c.Members(k))
		}
	}
	return out
}

// CycleError reports that a graph required to be acyclic is not. Cycles holds the members of every
// cyclic component, as Components.Cycles lists them.
type CycleError struct {
	Cycles [][]int32
}

// Error names how many cycles there are and the members of the first.
func (e *CycleError) Error() string {
	if len(e.Cycles) == 0 {
		return "graph: cycle"
	}
	return fmt.Sprintf("graph: %d cycle(s), the first among nodes %v", len(e.Cycles), e.Cycles[0])
}

// Topo returns the nodes in a topological order — every edge u → v has u before v — or a
// *CycleError listing every cycle when there is one (a self-loop counts). The order is
// Components.Order, so it is deterministic. The returned slice belongs to the caller.
func (g *Graph) Topo() ([]int32, error) {
	c := g.SCC()
	if cycles := c.Cycles(); len(cycles) > 0 {
		return nil, &CycleError{Cycles: cycles}
	}
	return slices.Clone(c.Order()), nil
}
