package bcp

import "github.com/itsmkit/itsmkit/itsm"

// Group operators as the roll-up evaluates them.
const (
	opNone     uint8 = iota // never down through its members: does not delay
	opAll                   // every applicable member: the slowest
	opAny                   // one member: the fastest
	opKth                   // the need-th fastest
	opWeighted              // the fastest members reaching the needed weight
)

// flat is the model's groups in flat arrays aligned with the CSR graph (Graph().Out(i) lists the
// members of Groups(i) in group then member order): per edge its member kind, per group its end
// edge, operator and need. Built once per capability table (NewCapabilities), so analyses and
// scenarios over it do not re-read the model's group values or re-derive each edge's mapping.
type flat struct {
	eoff  []int32 // per node, n+1: first edge (CSR offset)
	kind  []memberKind
	goff  []int32 // per node, n+1: first group
	gend  []int32 // per group: its end edge (exclusive)
	gneed []int32
	gop   []uint8
}

// newFlat describes every node of m.
func newFlat(m *itsm.Model) flat {
	n := m.Len()
	g := m.Graph()
	fl := flat{eoff: make([]int32, n+1), goff: make([]int32, n+1)}
	groups := 0
	for i := range n {
		fl.eoff[i+1] = fl.eoff[i] + int32(len(g.Out(int32(i))))
		groups += len(m.Groups(i))
	}
	fl.kind = make([]memberKind, fl.eoff[n])
	fl.gend = make([]int32, 0, groups)
	fl.gneed = make([]int32, 0, groups)
	fl.gop = make([]uint8, 0, groups)
	for i := range n {
		fl.goff[i+1] = fl.goff[i]
		e := fl.eoff[i]
		for _, grp := range m.Groups(i) {
			total := 0
			for _, mb := range grp.Members {
				k := kindOf(mb)
				fl.kind[e] = k
				e++
				if k == notApplicable {
					continue
				}
				if grp.Rule.Op == itsm.Weighted {
					total += weightOf(mb)
				} else {
					total++
				}
			}
			nd, op := groupNeed(grp.Rule, total)
			fl.gend = append(fl.gend, e)
			fl.gneed = append(fl.gneed, int32(nd))
			fl.gop = append(fl.gop, op)
			fl.goff[i+1]++
		}
	}
	return fl
}

// groupNeed is how many applicable members (how much of their weight, for Weighted) out of total
// must be up for a group with rule r not to be down, and how the roll-up evaluates it (as need
// does for a whole group).
func groupNeed(r itsm.Rule, total int) (int, uint8) {
	threshold := func(t itsm.Threshold) int {
		if t.Percent > 0 {
			return (t.Percent*total + 99) / 100
		}
		return min(t.Count, total)
	}
	var nd int
	switch r.Op {
	case itsm.AllOf:
		nd = total
	case itsm.AnyOf:
		nd = min(1, total)
	case itsm.AtLeast, itsm.Weighted:
		nd = threshold(r.DownBelow)
	}
	switch {
	case nd <= 0:
		return 0, opNone
	case r.Op == itsm.AllOf:
		return nd, opAll
	case r.Op == itsm.Weighted:
		return nd, opWeighted
	case nd == 1:
		return nd, opAny
	}
	return nd, opKth
}
