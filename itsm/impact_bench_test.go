package itsm_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/itsmkit/itsmkit/internal/graph"
	"github.com/itsmkit/itsmkit/itsm"
)

// The benchmark model: 1,000,000 nodes and 4,000,000 edges in 8,000 clusters of 125 nodes (5
// leaf resources, 120 services; 100 services with 4 members, 20 with 5, each member an earlier
// node of the same cluster). Services mix the operators: an all-of group and an at-least group.
// Clusters keep the reach of one leaf realistic: a leaf early in a cluster has about 100
// transitive dependents, which is what the incremental benchmark changes.
const (
	impactClusters    = 8000
	impactClusterSize = 125
	impactLeaves      = 5
)

func impactID(i int) itsm.ID { return itsm.ID(fmt.Sprintf("n%07d", i)) }

var impactBenchModel = sync.OnceValues(func() (*itsm.Model, error) {
	rng := rand.New(rand.NewPCG(1, 2))
	b := itsm.NewBuilder()
	for c := range impactClusters {
		base := c * impactClusterSize
		for j := range impactClusterSize {
			id := impactID(base + j)
			if j < impactLeaves {
				b.AddResource(itsm.Resource{ID: id, Kind: itsm.Hardware})
				continue
			}
			k := 4
			if j >= impactClusterSize-20 {
				k = 5
			}
			perm := rng.Perm(j)[:k]
			ms := make([]itsm.Edge, k)
			for x, p := range perm {
				ms[x] = itsm.Edge{Target: impactID(base + p)}
			}
			b.AddService(itsm.Service{ID: id, Requires: []itsm.Group{
				{Name: "core", Rule: itsm.Rule{Op: itsm.AllOf}, Members: ms[:2]},
				{Name: "pool", Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 1}, DegradedBelow: itsm.Threshold{Percent: 100}}, Members: ms[2:]},
			}})
		}
	}
	return b.Build()
})

func impactBenchAnalyzer(b *testing.B) (*itsm.Analyzer, []itsm.Observation) {
	b.Helper()
	m, err := impactBenchModel()
	if err != nil {
		b.Fatal(err)
	}
	a, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		b.Fatal(err)
	}
	// One leaf in a hundred observed down.
	var obs []itsm.Observation
	for c := 0; c < impactClusters; c += 20 {
		obs = append(obs, itsm.Observation{ID: impactID(c*impactClusterSize + c%impactLeaves), State: itsm.Down})
	}
	return a, obs
}

// impactBFSAll is the floor: a bare breadth-first walk over the same compact graph, from every node
// without dependents, reaching every node once.
func impactBFSAll(g *graph.Graph, seen []bool, queue []int32) int {
	clear(seen)
	queue = queue[:0]
	for v := range int32(g.Len()) {
		if g.InDegree(v) == 0 {
			seen[v] = true
			queue = append(queue, v)
		}
	}
	for head := 0; head < len(queue); head++ {
		for _, w := range g.Out(queue[head]) {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return len(queue)
}

// impactBFSFrom is the incremental floor: the ancestors of one node, breadth first.
func impactBFSFrom(g *graph.Graph, start int32, seen map[int32]bool, queue []int32) int {
	clear(seen)
	queue = append(queue[:0], start)
	seen[start] = true
	for head := 0; head < len(queue); head++ {
		for _, w := range g.In(queue[head]) {
			if !seen[w] {
				seen[w] = true
				queue = append(queue, w)
			}
		}
	}
	return len(queue)
}

func BenchmarkEvaluate1M(b *testing.B) {
	a, obs := impactBenchAnalyzer(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Evaluate(obs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluate1MFloorBFS(b *testing.B) {
	m, err := impactBenchModel()
	if err != nil {
		b.Fatal(err)
	}
	g := m.Graph()
	seen := make([]bool, g.Len())
	queue := make([]int32, 0, g.Len())
	b.ReportAllocs()
	for b.Loop() {
		if impactBFSAll(g, seen, queue) != g.Len() {
			b.Fatal("walk missed nodes")
		}
	}
}

func BenchmarkNewAnalyzer1M(b *testing.B) {
	m, err := impactBenchModel()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := itsm.NewAnalyzer(m, itsm.Policy{}); err != nil {
			b.Fatal(err)
		}
	}
}

// The incremental benchmarks fail and repair the first leaf of a cluster (about 100 transitive
// dependents), so one iteration is two Apply calls.
func BenchmarkIncrementalLeaf(b *testing.B) {
	a, obs := impactBenchAnalyzer(b)
	ev, err := a.Evaluate(obs)
	if err != nil {
		b.Fatal(err)
	}
	in := ev.Incremental()
	leaf := impactID(7 * impactClusterSize)
	m := a.Model()
	v, _ := m.Index(leaf)
	reach := impactBFSFrom(m.Graph(), int32(v), map[int32]bool{}, nil)
	changes, err := in.Apply(itsm.Observation{ID: leaf, State: itsm.Down})
	if err != nil {
		b.Fatal(err)
	}
	if _, err := in.Apply(itsm.Clear(leaf)); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := in.Apply(itsm.Observation{ID: leaf, State: itsm.Down}); err != nil {
			b.Fatal(err)
		}
		if _, err := in.Apply(itsm.Clear(leaf)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(reach), "ancestors")
	b.ReportMetric(float64(len(changes)), "changed")
}

func BenchmarkIncrementalLeafFloorBFS(b *testing.B) {
	m, err := impactBenchModel()
	if err != nil {
		b.Fatal(err)
	}
	v, _ := m.Index(impactID(7 * impactClusterSize))
	seen := map[int32]bool{}
	var queue []int32
	b.ReportAllocs()
	for b.Loop() {
		// Two walks, as the measured loop makes two changes.
		impactBFSFrom(m.Graph(), int32(v), seen, queue)
		impactBFSFrom(m.Graph(), int32(v), seen, queue)
	}
}

// chain builds n nodes, each depending on the next: n0000000 → n0000001 → ... → the leaf.
func impactChain(tb testing.TB, n int) *itsm.Model {
	tb.Helper()
	b := itsm.NewBuilder()
	for i := range n - 1 {
		b.AddService(itsm.Service{ID: impactID(i), Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: impactID(i + 1)}}}}})
	}
	b.AddResource(itsm.Resource{ID: impactID(n - 1), Kind: itsm.Hardware})
	m, err := b.Build()
	if err != nil {
		tb.Fatal(err)
	}
	return m
}

var impactChainModel = sync.OnceValue(func() *itsm.Model { return impactChain(&testing.B{}, 1_000_000) })

func BenchmarkEvaluateChain1M(b *testing.B) {
	m := impactChainModel()
	a, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		b.Fatal(err)
	}
	obs := []itsm.Observation{{ID: impactID(999_999), State: itsm.Down}}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := a.Evaluate(obs); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEvaluateChain1MFloorBFS(b *testing.B) {
	g := impactChainModel().Graph()
	seen := make([]bool, g.Len())
	queue := make([]int32, 0, g.Len())
	b.ReportAllocs()
	for b.Loop() {
		if impactBFSAll(g, seen, queue) != g.Len() {
			b.Fatal("walk missed nodes")
		}
	}
}

// TestChainNoStackOverflow evaluates, explains and walks a chain of 100,000 nodes: every step is
// iterative, so depth costs no stack (the benchmark above runs a million).
func TestChainNoStackOverflow(t *testing.T) {
	const n = 100_000
	m := impactChain(t, n)
	a := mustAnalyzer(t, m, itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: impactID(n - 1), State: itsm.Down})
	if got := len(ev.NotOperational()); got != n {
		t.Fatalf("%d nodes down, want %d", got, n)
	}
	causes, err := ev.Causes(impactID(0))
	if err != nil || len(causes) != 1 || causes[0] != impactID(n-1) {
		t.Fatalf("causes %v %v", causes, err)
	}
	in := ev.Incremental()
	changes, err := in.Apply(itsm.Clear(impactID(n - 1)))
	if err != nil || len(changes) != n {
		t.Fatalf("%d changes, %v", len(changes), err)
	}
}
