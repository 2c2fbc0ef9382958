package itsm_test

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/itsmkit/itsmkit/internal/graph"
	"github.com/itsmkit/itsmkit/itsm"
)

// benchModel is a model of n nodes with deg dependencies each (n·deg edges): a quarter of the nodes
// are resources, the rest services; each node needs one all-of group of deg distinct targets drawn
// at random from all other nodes, so the graph has cycles as real call graphs do.
type benchModel struct {
	services  []itsm.Service
	resources []itsm.Resource
	edges     []graph.Edge
	n         int
}

func newBenchModel(n, deg int) *benchModel {
	rng := rand.New(rand.NewPCG(1, 2))
	bm := &benchModel{n: n, edges: make([]graph.Edge, 0, n*deg)}
	ids := make([]itsm.ID, n)
	for i := range ids {
		ids[i] = itsm.ID(fmt.Sprintf("n%07d", i))
	}
	for i := range n {
		members := make([]itsm.Edge, 0, deg)
		for len(members) < deg {
			k := rng.IntN(n)
			dup := k == i
			for _, e := range members {
				dup = dup || e.Target == ids[k]
			}
			if dup {
				continue
			}
			members = append(members, itsm.Edge{Target: ids[k]})
			bm.edges = append(bm.edges, graph.Edge{From: int32(i), To: int32(k)})
		}
		groups := []itsm.Group{{Name: "needs", Rule: itsm.Rule{Op: itsm.AllOf}, Members: members}}
		if i%4 == 3 {
			bm.resources = append(bm.resources, itsm.Resource{ID: ids[i], Kind: itsm.Software, Requires: groups})
		} else {
			bm.services = append(bm.services, itsm.Service{ID: ids[i], Requires: groups})
		}
	}
	return bm
}

var benchSink any

// loop runs op in b.Loop and reports the process CPU time per operation as cpu-ns/op.
func loop(b *testing.B, op func() error) {
	b.ReportAllocs()
	start := processCPU()
	n := 0
	for b.Loop() {
		if err := op(); err != nil {
			b.Fatal(err)
		}
		n++
	}
	if n > 0 {
		b.ReportMetric(float64(processCPU()-start)/float64(n), "cpu-ns/op")
	}
}

// BenchmarkBuild builds and validates a model of 1,000,000 nodes and 4,000,000 edges (adding every
// object to a fresh Builder, then Build), beside the floor: building the bare CSR adjacency of the
// same edge list with internal/graph. Run once: -run '^$' -bench Build -benchtime=1x.
func BenchmarkBuild(b *testing.B) {
	const n, deg = 1_000_000, 4
	bm := newBenchModel(n, deg)
	b.Run("floor-csr", func(b *testing.B) {
		loop(b, func() error {
			g, err := graph.New(bm.n, bm.edges)
			benchSink = g
			return err
		})
	})
	b.Run("model", func(b *testing.B) {
		loop(b, func() error {
			m, err := itsm.NewBuilder().AddService(bm.services...).AddResource(bm.resources...).Build()
			if err == nil && m.Graph().EdgeCount() != n*deg {
				err = fmt.Errorf("%d edges", m.Graph().EdgeCount())
			}
			benchSink = m
			return err
		})
	})
}

// BenchmarkBuildSmall is the same at 10,000 nodes and 40,000 edges, quick enough for routine runs.
func BenchmarkBuildSmall(b *testing.B) {
	bm := newBenchModel(10_000, 4)
	b.Run("floor-csr", func(b *testing.B) {
		loop(b, func() error {
			g, err := graph.New(bm.n, bm.edges)
			benchSink = g
			return err
		})
	})
	b.Run("model", func(b *testing.B) {
		loop(b, func() error {
			m, err := itsm.NewBuilder().AddService(bm.services...).AddResource(bm.resources...).Build()
			benchSink = m
			return err
		})
	})
}
