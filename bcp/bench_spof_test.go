package bcp_test

import (
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/internal/graph"
	"github.com/itsmkit/itsmkit/itsm"
)

// layeredFixture is a CMDB-shaped model of about 200,000 nodes: 10 sites, 1,000 racks (one site
// each), 20,000 hosts (one rack each), 100,000 VMs (one host each), 50,000 applications each on an
// any-of pair or a 2-of-3 set of VMs, 20,000 services each needing three applications, and 10,000
// activities needing two services each.
type layered struct {
	model *itsm.Model
	acts  []bcp.Activity
	start []int32
}

var (
	layeredOnce sync.Once
	layeredFix  layered
)

func layeredFixture() layered {
	layeredOnce.Do(func() {
		r := rand.New(rand.NewPCG(3, 4))
		b := itsm.NewBuilder()
		one := func(name string, target string) []itsm.Group {
			return []itsm.Group{{Name: name, Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: itsm.ID(target)}}}}
		}
		for i := range 10 {
			b.AddResource(itsm.Resource{ID: itsm.ID(fmt.Sprintf("site%02d", i)), Kind: itsm.Facility})
		}
		for i := range 1000 {
			b.AddResource(itsm.Resource{ID: itsm.ID(fmt.Sprintf("rack%04d", i)), Kind: itsm.Facility, Requires: one("site", fmt.Sprintf("site%02d", r.IntN(10)))})
		}
		for i := range 20000 {
			b.AddResource(itsm.Resource{ID: itsm.ID(fmt.Sprintf("host%05d", i)), Kind: itsm.Hardware, Requires: one("rack", fmt.Sprintf("rack%04d", r.IntN(1000)))})
		}
		for i := range 100000 {
			b.AddResource(itsm.Resource{ID: itsm.ID(fmt.Sprintf("vm%06d", i)), Kind: itsm.Software, Requires: one("host", fmt.Sprintf("host%05d", r.IntN(20000)))})
		}
		for i := range 50000 {
			g := itsm.Group{Name: "replicas", Rule: itsm.Rule{Op: itsm.AnyOf}}
			k := 2
			if i%2 == 0 {
				k, g.Rule = 3, itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 2}}
			}
			seen := map[int]bool{}
			for len(g.Members) < k {
				v := r.IntN(100000)
				if !seen[v] {
					seen[v] = true
					g.Members = append(g.Members, itsm.Edge{Target: itsm.ID(fmt.Sprintf("vm%06d", v))})
				}
			}
			b.AddResource(itsm.Resource{ID: itsm.ID(fmt.Sprintf("app%05d", i)), Kind: itsm.Software, Requires: []itsm.Group{g}})
		}
		for i := range 20000 {
			g := itsm.Group{Name: "apps", Rule: itsm.Rule{Op: itsm.AllOf}}
			seen := map[int]bool{}
			for len(g.Members) < 3 {
				v := r.IntN(50000)
				if !seen[v] {
					seen[v] = true
					g.Members = append(g.Members, itsm.Edge{Target: itsm.ID(fmt.Sprintf("app%05d", v))})
				}
			}
			b.AddService(itsm.Service{ID: itsm.ID(fmt.Sprintf("svc%05d", i)), Requires: []itsm.Group{g}})
		}
		m, err := b.Build()
		if err != nil {
			panic(err)
		}
		var f layered
		f.model = m
		for k := range 10000 {
			a := bcp.Activity{ID: fmt.Sprintf("act%05d", k)}
			s1, s2 := r.IntN(20000), r.IntN(20000)
			if s2 == s1 {
				s2 = (s1 + 1) % 20000
			}
			for _, s := range []int{s1, s2} {
				id := itsm.ID(fmt.Sprintf("svc%05d", s))
				a.Needs = append(a.Needs, id)
				i, _ := m.Index(id)
				f.start = append(f.start, int32(i))
			}
			f.acts = append(f.acts, a)
		}
		layeredFix = f
	})
	return layeredFix
}

// BenchmarkSinglePoints: single points of failure of 10,000 activities over the layered model.
func BenchmarkSinglePoints(b *testing.B) {
	f := layeredFixture()
	a, err := bcp.Analyze(f.model, f.acts, nil, bcp.Options{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	var points int
	for b.Loop() {
		points = 0
		for _, ap := range a.SinglePoints() {
			points += len(ap.Points)
		}
	}
	b.ReportMetric(float64(points), "points")
}

// BenchmarkSinglePointsFloor: a bare breadth-first walk over the same CSR graph from the same
// needed nodes, once per activity (the SPOF walk is per activity too).
func BenchmarkSinglePointsFloor(b *testing.B) {
	f := layeredFixture()
	g := f.model.Graph()
	b.ReportAllocs()
	b.ResetTimer()
	var reached int
	for b.Loop() {
		reached = 0
		for k := 0; k < len(f.start); k += 2 {
			for range g.Reachable(graph.Forward, f.start[k], f.start[k+1]) {
				reached++
			}
		}
	}
	b.ReportMetric(float64(reached), "reached")
}
