package graph

import (
	"errors"
	"fmt"
	"iter"
	"math"
)

// ErrNodeRange is returned by New when an edge names a node outside 0..n-1.
var ErrNodeRange = errors.New("graph: node index out of range")

// ErrTooLarge is returned by New when the node or edge count does not fit the int32 indices.
var ErrTooLarge = errors.New("graph: too many nodes or edges")

// Edge is a directed edge From → To between node indices.
type Edge struct {
	From, To int32
}

// Graph is an immutable directed graph in compressed sparse row form. The zero value is the empty
// graph with no nodes. A Graph is safe for concurrent use.
type Graph struct {
	outStart []int32 // len n+1; out-neighbours of v are outAdj[outStart[v]:outStart[v+1]]
	outAdj   []int32
	inStart  []int32
	inAdj    []int32
}

// New builds the graph with n nodes and the given edges. The edges slice is not retained or
// modified. It costs O(n + len(edges)) time and two int32 arrays of each size.
func New(n int, edges []Edge) (*Graph, error) {
	if n < 0 || n >= math.MaxInt32 || len(edges) >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d nodes, %d edges", ErrTooLarge, n, len(edges))
	}
	for i, e := range edges {
		if e.From < 0 || int(e.From) >= n || e.To < 0 || int(e.To) >= n {
			return nil, fmt.Errorf("%w: edge %d is %d → %d with %d nodes", ErrNodeRange, i, e.From, e.To, n)
		}
	}
	g := &Graph{
		outStart: make([]int32, n+1),
		outAdj:   make([]int32, len(edges)),
		inStart:  make([]int32, n+1),
		inAdj:    make([]int32, len(edges)),
	}
	for _, e := range edges {
		g.outStart[e.From+1]++
		g.inStart[e.To+1]++
	}
	for v := range n {
		g.outStart[v+1] += g.outStart[v]
		g.inStart[v+1] += g.inStart[v]
	}
	// Fill with cursors that start at each row's beginning; a counting sort keeps edge order.
	outPos := make([]int32, n)
	copy(outPos, g.outStart[:n])
	inPos := make([]int32, n)
	copy(inPos, g.inStart[:n])
	for _, e := range edges {
		g.outAdj[outPos[e.From]] = e.To
		outPos[e.From]++
		g.inAdj[inPos[e.To]] = e.From
		inPos[e.To]++
	}
	return g, nil
}

// FromOut builds the graph whose out-edges are already in CSR form: the out-neighbours of node v
// are adj[start[v]:start[v+1]], so start has n+1 entries, starts at 0, never decreases and ends at
// len(adj). It is New for callers that produce edges node by node in ascending tail order, and
// saves the edge list. The graph takes ownership of start and adj: the caller must not use them
// afterwards. In-edges are listed in ascending tail order, as New lists them for such input. It
// costs O(n + len(adj)).
func FromOut(start, adj []int32) (*Graph, error) {
	n := len(start) - 1
	if n < 0 || n >= math.MaxInt32 || len(adj) >= math.MaxInt32 {
		return nil, fmt.Errorf("%w: %d row starts, %d edges", ErrTooLarge, len(start), len(adj))
	}
	if start[0] != 0 || int(start[n]) != len(adj) {
		return nil, fmt.Errorf("%w: rows span %d..%d of %d edges", ErrNodeRange, start[0], start[n], len(adj))
	}
	inStart := make([]int32, n+1)
	for v := range n {
		if start[v+1] < start[v] {
			return nil, fmt.Errorf("%w: row %d starts at %d after row %d at %d", ErrNodeRange, v+1, start[v+1], v, start[v])
		}
	}
	for i, w := range adj {
		if w < 0 || int(w) >= n {
			return nil, fmt.Errorf("%w: edge %d points to %d with %d nodes", ErrNodeRange, i, w, n)
		}
		inStart[w+1]++
	}
	for v := range n {
		inStart[v+1] += inStart[v]
	}
	inAdj := make([]int32, len(adj))
	inPos := make([]int32, n)
	copy(inPos, inStart[:n])
	for v := range int32(n) {
		for _, w := range adj[start[v]:start[v+1]] {
			inAdj[inPos[w]] = v
			inPos[w]++
		}
	}
	return &Graph{outStart: start, outAdj: adj, inStart: inStart, inAdj: inAdj}, nil
}

// Len is the number of nodes.
func (g *Graph) Len() int {
	if len(g.outStart) == 0 {
		return 0
	}
	return len(g.outStart) - 1
}

// EdgeCount is the number of edges, parallel edges and self-loops included.
func (g *Graph) EdgeCount() int { return len(g.outAdj) }

// Out returns the heads of v's out-edges in input order. The slice is read-only.
func (g *Graph) Out(v int32) []int32 { return g.outAdj[g.outStart[v]:g.outStart[v+1]:g.outStart[v+1]] }

// In returns the tails of v's in-edges in input order. The slice is read-only.
func (g *Graph) In(v int32) []int32 { return g.inAdj[g.inStart[v]:g.inStart[v+1]:g.inStart[v+1]] }

// OutDegree is len(Out(v)).
func (g *Graph) OutDegree(v int32) int { return int(g.outStart[v+1] - g.outStart[v]) }

// InDegree is len(In(v)).
func (g *Graph) InDegree(v int32) int { return int(g.inStart[v+1] - g.inStart[v]) }

// Direction selects which edges a walk follows.
type Direction int

const (
	// Forward follows edges from tail to head (Out).
	Forward Direction = iota + 1
	// Backward follows edges from head to tail (In).
	Backward
)

// String returns "forward" or "backward".
func (d Direction) String() string {
	switch d {
	case Forward:
		return "forward"
	case Backward:
		return "backward"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// Reachable walks breadth first from the start nodes in direction dir and yields every node it
// reaches by at least one edge, except the start nodes themselves, once each: nearer nodes first,
// ties in adjacency order. Start nodes outside 0..Len()-1 are ignored. The walk reads the graph
// when iterated, not when Reachable is called, and may be iterated many times.
func (g *Graph) Reachable(dir Direction, starts ...int32) iter.Seq[int32] {
	starts = append([]int32(nil), starts...)
	return func(yield func(int32) bool) {
		n := g.Len()
		seen := newBitset(n)
		queue := make([]int32, 0, len(starts))
		for _, s := range starts {
			if s >= 0 && int(s) < n && !seen.has(s) {
				seen.set(s)
				queue = append(queue, s)
			}
		}
		for head := 0; head < len(queue); head++ {
			v := queue[head]
			next := g.Out(v)
			if dir == Backward {
				next = g.In(v)
			}
			for _, w := range next {
				if seen.has(w) {
					continue
				}
				seen.set(w)
				queue = append(queue, w)
				if !yield(w) {
					return
				}
			}
		}
	}
}

type bitset []uint64

func newBitset(n int) bitset      { return make(bitset, (n+63)/64) }
func (b bitset) has(v int32) bool { return b[v>>6]&(1<<(uint(v)&63)) != 0 }
func (b bitset) set(v int32)      { b[v>>6] |= 1 << (uint(v) & 63) }
