package bcp_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/internal/graph"
	"github.com/itsmkit/itsmkit/itsm"
)

// benchFixture is a model of resources (1,000,000 at full size), each depending on up to three
// earlier ones (all-of, any-of or 2-of-3 groups), a tenth as many activities needing one to three
// nodes each, and an estimated capability for every node. Built once per size and test binary.
type benchFixture struct {
	model *itsm.Model
	acts  []bcp.Activity
	caps  map[itsm.ID]bcp.Capability
	start []int32
}

// benchSizes: the size, and a tenth of it for quick iterations.
var benchSizes = []struct {
	name  string
	nodes int
}{{"nodes=1e6", 1_000_000}, {"nodes=1e5", 100_000}}

var (
	fixtureMu sync.Mutex
	fixtures  = map[int]benchFixture{}
)

func sizedFixture(nodes int) benchFixture {
	fixtureMu.Lock()
	defer fixtureMu.Unlock()
	if f, ok := fixtures[nodes]; ok {
		return f
	}
	activities := nodes / 10
	{
		r := rand.New(rand.NewPCG(1, 2))
		id := func(i int) itsm.ID { return itsm.ID(fmt.Sprintf("n%07d", i)) }
		bld := itsm.NewBuilder()
		caps := make(map[itsm.ID]bcp.Capability, nodes)
		for i := range nodes {
			res := itsm.Resource{ID: id(i), Kind: itsm.Software}
			if i >= 3 {
				k := 1 + r.IntN(3)
				seen := map[int]bool{}
				var g itsm.Group
				for len(g.Members) < k {
					// mostly near neighbours, sometimes far: long chains and shared hubs.
					t := i - 1 - r.IntN(min(i, 50))
					if r.IntN(10) == 0 {
						t = r.IntN(i)
					}
					if !seen[t] {
						seen[t] = true
						g.Members = append(g.Members, itsm.Edge{Target: id(t)})
					}
				}
				switch {
				case k == 3 && r.IntN(2) == 0:
					g.Rule = itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}}
				case k >= 2 && r.IntN(3) == 0:
					g.Rule = itsm.Rule{Op: itsm.AnyOf}
				default:
					g.Rule = itsm.Rule{Op: itsm.AllOf}
				}
				g.Name = "deps"
				res.Requires = []itsm.Group{g}
			}
			bld.AddResource(res)
			caps[id(i)] = bcp.Capability{Restore: time.Duration(r.IntN(240)) * time.Minute, Basis: bcp.Estimated}
		}
		m, err := bld.Build()
		if err != nil {
			panic(err)
		}
		acts := make([]bcp.Activity, activities)
		var start []int32
		for k := range acts {
			a := bcp.Activity{ID: fmt.Sprintf("act%06d", k), Objectives: bcp.Objectives{RTO: bcp.Some(time.Duration(1+r.IntN(48)) * time.Hour)}}
			for range 1 + r.IntN(3) {
				i := r.IntN(nodes)
				if !containsID(a.Needs, id(i)) {
					a.Needs = append(a.Needs, id(i))
					start = append(start, int32(i))
				}
			}
			acts[k] = a
		}
		fixtures[nodes] = benchFixture{model: m, acts: acts, caps: caps, start: start}
	}
	return fixtures[nodes]
}

func containsID(ids []itsm.ID, id itsm.ID) bool {
	for _, x := range ids {
		if x == id {
			return true
		}
	}
	return false
}

// BenchmarkGapAnalysis: Analyze (validation, capability intake from the map, push-down,
// roll-up) and the gap list for 100,000 activities over 1,000,000 nodes (and a tenth of that).
func BenchmarkGapAnalysis(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			f := sizedFixture(sz.nodes)
			b.ReportAllocs()
			b.ResetTimer()
			var gaps int
			cpu := processCPU()
			for b.Loop() {
				a, err := bcp.Analyze(f.model, f.acts, f.caps, bcp.Options{Tiers: bcp.DefaultTiers()})
				if err != nil {
					b.Fatal(err)
				}
				gaps = len(a.Gaps())
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(gaps), "gaps")
		})
	}
}

// BenchmarkGapAnalysisResolved is the same analysis over capabilities resolved once
// (NewCapabilities outside the loop): what repeated analyses of one model cost.
func BenchmarkGapAnalysisResolved(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			f := sizedFixture(sz.nodes)
			cs, err := bcp.NewCapabilities(f.model, f.caps)
			if err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			var gaps int
			cpu := processCPU()
			for b.Loop() {
				a, err := cs.Analyze(f.acts, bcp.Options{Tiers: bcp.DefaultTiers()})
				if err != nil {
					b.Fatal(err)
				}
				gaps = len(a.Gaps())
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(gaps), "gaps")
		})
	}
}

// BenchmarkGapAnalysisFloor is the floor: a bare breadth-first walk over the same CSR graph from
// the same needed nodes.
func BenchmarkGapAnalysisFloor(b *testing.B) {
	for _, sz := range benchSizes {
		b.Run(sz.name, func(b *testing.B) {
			f := sizedFixture(sz.nodes)
			g := f.model.Graph()
			b.ReportAllocs()
			b.ResetTimer()
			var reached int
			cpu := processCPU()
			for b.Loop() {
				reached = len(f.start)
				for range g.Reachable(graph.Forward, f.start...) {
					reached++
				}
			}
			b.ReportMetric(float64(processCPU()-cpu)/float64(b.N), "cpu-ns/op")
			b.ReportMetric(float64(reached), "reached")
		})
	}
}
