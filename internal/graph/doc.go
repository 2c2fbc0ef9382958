// Package graph holds compact directed-graph machinery for dense int32 node indices: adjacency in
// compressed sparse row (CSR) form, strongly connected components, the topological order of their
// condensation, cycle reporting and breadth-first reachability walks.
//
// Nothing here knows what a node means; callers map their own IDs to the indices 0..n-1.
//
// # Representation
//
// A Graph stores, for every node, its out-neighbours and its in-neighbours as sub-slices of two flat
// int32 arrays. Out(v) lists the heads of v's edges in the order the edges were given to New; In(v)
// lists the tails of v's in-edges in ascending order of the edge's position in that list. Parallel
// edges and self-loops are kept as given. A Graph is immutable once built and safe for concurrent
// use; the slices it returns are views into its arrays and must not be modified. FromOut builds the
// same graph from out-adjacency already in CSR form, for callers that produce edges node by node,
// and takes ownership of the arrays it is given.
//
// # Strongly connected components
//
// Components are found by an iterative Tarjan algorithm (an explicit stack, no recursion), so a
// chain of millions of nodes cannot overflow the goroutine stack. The result is deterministic:
// components are numbered in a topological order of the condensation — every edge between two
// different components goes from a lower to a higher component number — and the members of each
// component are listed in ascending node order. Among the many topological orders, the one chosen
// is the reverse of Tarjan's completion order when roots are tried in ascending node order and
// neighbours in Out order. On graphs too large for the cache (over 2¹⁷ nodes) the walk reads the
// state of a node's neighbours as soon as it reaches the node, so that their cache misses overlap:
// there the algorithm is bound by memory latency, not by work.
//
// # Cycles
//
// A cycle is a component with more than one node, or a single node with a self-loop.
// Components.Cycles lists them in component order. Topo returns a topological order of an acyclic
// graph, or a *CycleError carrying every cycle, for callers that require a DAG.
//
// # Walks
//
// Reachable walks breadth first from a set of start nodes, forward along out-edges or backward
// along in-edges, and yields every other node it reaches exactly once, nearer nodes first and ties
// in adjacency order. Start nodes are never yielded, even when a cycle leads back to them. The walk
// allocates one bit per node.
package graph
