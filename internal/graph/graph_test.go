package graph_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/itsmkit/itsmkit/internal/graph"
)

func mustNew(t testing.TB, n int, edges []graph.Edge) *graph.Graph {
	t.Helper()
	g, err := graph.New(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestNewAdjacency(t *testing.T) {
	g := mustNew(t, 4, []graph.Edge{{0, 2}, {0, 1}, {2, 1}, {0, 2}, {3, 3}})
	got := map[string][][]int32{"out": {}, "in": {}}
	for v := range int32(4) {
		got["out"] = append(got["out"], slices.Clone(g.Out(v)))
		got["in"] = append(got["in"], slices.Clone(g.In(v)))
	}
	want := map[string][][]int32{
		"out": {{2, 1, 2}, {}, {1}, {3}},
		"in":  {{}, {0, 2}, {0, 0}, {3}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("adjacency (-want +got):\n%s", d)
	}
	if g.Len() != 4 || g.EdgeCount() != 5 || g.OutDegree(0) != 3 || g.InDegree(1) != 2 {
		t.Errorf("counts: len %d edges %d", g.Len(), g.EdgeCount())
	}
}

func TestNewErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		n     int
		edges []graph.Edge
		want  error
	}{
		"head out of range": {2, []graph.Edge{{0, 2}}, graph.ErrNodeRange},
		"negative tail":     {2, []graph.Edge{{-1, 0}}, graph.ErrNodeRange},
		"negative n":        {-1, nil, graph.ErrTooLarge},
	} {
		if _, err := graph.New(tc.n, tc.edges); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
	var zero graph.Graph
	if zero.Len() != 0 || zero.SCC().Count() != 0 {
		t.Error("zero graph not empty")
	}
}

func TestSCCTable(t *testing.T) {
	// 0→1→2→0 is a cycle; 2→3; 3→4→3 a cycle; 5 alone with a self-loop; 6 isolated.
	g := mustNew(t, 7, []graph.Edge{{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 4}, {4, 3}, {5, 5}})
	c := g.SCC()
	var comps [][]int32
	for k := range int32(c.Count()) {
		comps = append(comps, c.Members(k))
	}
	want := [][]int32{{6}, {5}, {0, 1, 2}, {3, 4}}
	if d := cmp.Diff(want, comps); d != "" {
		t.Errorf("components (-want +got):\n%s", d)
	}
	if d := cmp.Diff([][]int32{{5}, {0, 1, 2}, {3, 4}}, c.Cycles()); d != "" {
		t.Errorf("cycles (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]int32{6, 5, 0, 1, 2, 3, 4}, c.Order()); d != "" {
		t.Errorf("order (-want +got):\n%s", d)
	}
}

func TestReachableTable(t *testing.T) {
	g := mustNew(t, 6, []graph.Edge{{0, 2}, {0, 1}, {1, 3}, {2, 3}, {3, 0}, {4, 5}})
	if d := cmp.Diff([]int32{2, 1, 3}, slices.Collect(g.Reachable(graph.Forward, 0))); d != "" {
		t.Errorf("forward from 0 (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]int32{1, 2, 0}, slices.Collect(g.Reachable(graph.Backward, 3))); d != "" {
		t.Errorf("backward from 3 (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]int32{5}, slices.Collect(g.Reachable(graph.Forward, 4, 99, -1))); d != "" {
		t.Errorf("forward from 4 with junk starts (-want +got):\n%s", d)
	}
	// Stopping early must not panic or yield more.
	for v := range g.Reachable(graph.Forward, 0) {
		if v != 2 {
			t.Errorf("first forward node %d", v)
		}
		break
	}
}

// TestChainMillion checks that a chain a million long, in both edge directions, goes through SCC
// and walks without overflowing the stack.
func TestChainMillion(t *testing.T) {
	const n = 1_000_000
	for _, reversed := range []bool{false, true} {
		edges := make([]graph.Edge, n-1)
		for i := range int32(n - 1) {
			edges[i] = graph.Edge{From: i, To: i + 1}
			if reversed {
				edges[i] = graph.Edge{From: i + 1, To: i}
			}
		}
		g := mustNew(t, n, edges)
		c := g.SCC()
		if c.Count() != n || len(c.Cycles()) != 0 {
			t.Fatalf("reversed=%v: %d components, %d cycles", reversed, c.Count(), len(c.Cycles()))
		}
		first := int32(0)
		if reversed {
			first = n - 1
		}
		if c.Order()[0] != first {
			t.Errorf("reversed=%v: order starts at %d", reversed, c.Order()[0])
		}
		count := 0
		for range g.Reachable(graph.Forward, first) {
			count++
		}
		if count != n-1 {
			t.Errorf("reversed=%v: reached %d", reversed, count)
		}
	}
	// One big cycle of a million nodes.
	edges := make([]graph.Edge, n)
	for i := range int32(n) {
		edges[i] = graph.Edge{From: i, To: (i + 1) % n}
	}
	if c := mustNew(t, n, edges).SCC(); c.Count() != 1 || c.Size(0) != n {
		t.Errorf("ring: %d components", c.Count())
	}
}

func genGraph(t *rapid.T) (int, []graph.Edge) {
	n := rapid.IntRange(0, 30).Draw(t, "n")
	if n == 0 {
		return 0, nil
	}
	edges := rapid.SliceOfN(rapid.Custom(func(t *rapid.T) graph.Edge {
		return graph.Edge{From: int32(rapid.IntRange(0, n-1).Draw(t, "from")), To: int32(rapid.IntRange(0, n-1).Draw(t, "to"))}
	}), 0, 4*n).Draw(t, "edges")
	return n, edges
}

// reach is a brute-force reachability matrix (by at least one edge).
func reach(n int, edges []graph.Edge) [][]bool {
	r := make([][]bool, n)
	for i := range r {
		r[i] = make([]bool, n)
	}
	for _, e := range edges {
		r[e.From][e.To] = true
	}
	for k := range n {
		for i := range n {
			if r[i][k] {
				for j := range n {
					if r[k][j] {
						r[i][j] = true
					}
				}
			}
		}
	}
	return r
}

func testSCCLaws(t *rapid.T) {
	n, edges := genGraph(t)
	orig := slices.Clone(edges)
	g, err := graph.New(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(orig, edges) {
		t.Fatal("New mutated its input")
	}
	c := g.SCC()
	r := reach(n, edges)
	// The components partition the nodes, and Of agrees with Members.
	seen := make([]int, n)
	for k := range int32(c.Count()) {
		ms := c.Members(k)
		if len(ms) == 0 || !slices.IsSorted(ms) {
			t.Fatalf("component %d members %v", k, ms)
		}
		for _, v := range ms {
			seen[v]++
			if c.Of(v) != k {
				t.Fatalf("Of(%d) = %d, member of %d", v, c.Of(v), k)
			}
		}
	}
	for v, s := range seen {
		if s != 1 {
			t.Fatalf("node %d in %d components", v, s)
		}
	}
	// Same component iff mutually reachable.
	for u := range n {
		for v := range n {
			same := c.Of(int32(u)) == c.Of(int32(v))
			mutual := u == v || (r[u][v] && r[v][u])
			if same != mutual {
				t.Fatalf("nodes %d,%d: same component %v, mutually reachable %v", u, v, same, mutual)
			}
		}
	}
	// Every edge respects the topological order outside cycles.
	pos := make([]int, n)
	for i, v := range c.Order() {
		pos[v] = i
	}
	for _, e := range edges {
		if c.Of(e.From) != c.Of(e.To) && (c.Of(e.From) >= c.Of(e.To) || pos[e.From] >= pos[e.To]) {
			t.Fatalf("edge %v goes against the order", e)
		}
	}
	// Cyclic iff some node of the component reaches itself.
	for k := range int32(c.Count()) {
		v := c.Members(k)[0]
		if c.Cyclic(k) != r[v][v] {
			t.Fatalf("component %d cyclic %v, node %d reaches itself %v", k, c.Cyclic(k), v, r[v][v])
		}
	}
}

func TestSCCLaws(t *testing.T) { rapid.Check(t, testSCCLaws) }
func FuzzSCCLaws(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testSCCLaws)) }

func testReachableLaws(t *rapid.T) {
	n, edges := genGraph(t)
	if n == 0 {
		return
	}
	g, _ := graph.New(n, edges)
	r := reach(n, edges)
	s := int32(rapid.IntRange(0, n-1).Draw(t, "start"))
	for _, dir := range []graph.Direction{graph.Forward, graph.Backward} {
		got := make([]bool, n)
		for v := range g.Reachable(dir, s) {
			if got[v] || v == s {
				t.Fatalf("%v: %d yielded twice or is the start", dir, v)
			}
			got[v] = true
		}
		for v := range n {
			want := r[s][v]
			if dir == graph.Backward {
				want = r[v][s]
			}
			if int32(v) == s {
				want = false
			}
			if got[v] != want {
				t.Fatalf("%v from %d: node %d reached %v, want %v", dir, s, v, got[v], want)
			}
		}
	}
	// Direct neighbours are a subset of the walk.
	all := slices.Collect(g.Reachable(graph.Backward, s))
	for _, v := range g.In(s) {
		if v != s && !slices.Contains(all, v) {
			t.Fatalf("direct predecessor %d missing from the backward walk", v)
		}
	}
}

func TestReachableLaws(t *testing.T) { rapid.Check(t, testReachableLaws) }
func FuzzReachableLaws(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testReachableLaws)) }

func TestTopo(t *testing.T) {
	dag := mustNew(t, 5, []graph.Edge{{3, 1}, {1, 0}, {3, 0}, {4, 2}})
	order, err := dag.Topo()
	if err != nil {
		t.Fatal(err)
	}
	pos := make([]int, 5)
	for i, v := range order {
		pos[v] = i
	}
	for _, e := range [][2]int32{{3, 1}, {1, 0}, {3, 0}, {4, 2}} {
		if pos[e[0]] >= pos[e[1]] {
			t.Errorf("edge %v against order %v", e, order)
		}
	}
	cyclic := mustNew(t, 4, []graph.Edge{{0, 1}, {1, 0}, {2, 2}, {3, 0}})
	_, err = cyclic.Topo()
	var ce *graph.CycleError
	if !errors.As(err, &ce) {
		t.Fatalf("got %v, want a CycleError", err)
	}
	// Component order: {3} before {0 1} (edge 3 → 0); {2} is unrelated and Tarjan finishes it
	// after {0 1}, so it comes first after the reversal.
	if d := cmp.Diff([][]int32{{2}, {0, 1}}, ce.Cycles); d != "" {
		t.Errorf("cycles (-want +got):\n%s", d)
	}
	if err.Error() != "graph: 2 cycle(s), the first among nodes [2]" {
		t.Errorf("message %q", err)
	}
}

// testFromOutMatchesNew: FromOut over the CSR rows of an edge list sorted by tail gives the same
// graph as New over that list.
func testFromOutMatchesNew(t *rapid.T) {
	n, edges := genGraph(t)
	slices.SortStableFunc(edges, func(a, b graph.Edge) int { return int(a.From - b.From) })
	start := make([]int32, n+1)
	adj := make([]int32, 0, len(edges))
	for _, e := range edges {
		start[e.From+1]++
		adj = append(adj, e.To)
	}
	for v := range n {
		start[v+1] += start[v]
	}
	got, err := graph.FromOut(start, adj)
	if err != nil {
		t.Fatal(err)
	}
	want, err := graph.New(n, edges)
	if err != nil {
		t.Fatal(err)
	}
	for v := range int32(n) {
		if !slices.Equal(want.Out(v), got.Out(v)) || !slices.Equal(want.In(v), got.In(v)) {
			t.Fatalf("node %d: New out %v in %v, FromOut out %v in %v", v, want.Out(v), want.In(v), got.Out(v), got.In(v))
		}
	}
	if got.Len() != n || got.EdgeCount() != len(edges) {
		t.Fatalf("FromOut: %d nodes, %d edges; want %d, %d", got.Len(), got.EdgeCount(), n, len(edges))
	}
}

func TestFromOutMatchesNew(t *testing.T) { rapid.Check(t, testFromOutMatchesNew) }
func FuzzFromOutMatchesNew(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testFromOutMatchesNew)) }

func TestFromOutErrors(t *testing.T) {
	for name, tc := range map[string]struct {
		start, adj []int32
		want       error
	}{
		"no row starts":      {nil, nil, graph.ErrTooLarge},
		"head out of range":  {[]int32{0, 1}, []int32{1}, graph.ErrNodeRange},
		"negative head":      {[]int32{0, 1}, []int32{-1}, graph.ErrNodeRange},
		"first row not at 0": {[]int32{1, 1}, []int32{0}, graph.ErrNodeRange},
		"rows end early":     {[]int32{0, 0}, []int32{0}, graph.ErrNodeRange},
		"rows decrease":      {[]int32{0, 2, 1, 2}, []int32{0, 1}, graph.ErrNodeRange},
	} {
		if _, err := graph.FromOut(tc.start, tc.adj); !errors.Is(err, tc.want) {
			t.Errorf("%s: got %v, want %v", name, err, tc.want)
		}
	}
	g, err := graph.FromOut([]int32{0}, nil)
	if err != nil || g.Len() != 0 {
		t.Errorf("empty: %v, %d nodes", err, g.Len())
	}
}
