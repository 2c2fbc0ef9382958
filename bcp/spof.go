package bcp

import (
	"fmt"
	"slices"

	"github.com/itsmkit/itsmkit/itsm"
)

// Cover says what, if anything, stands in for a single point of failure. The zero value is
// invalid.
// It is a plain value, safe for concurrent use.
type Cover int

const (
	// Uncovered: the node's loss alone stops the activity; no alternative exists.
	Uncovered Cover = iota + 1
	// ManualCover: an alternative exists only through a manual switchover (a group listed in
	// Options.Manual): the activity stops until someone switches.
	ManualCover
)

func (c Cover) String() string {
	switch c {
	case Uncovered:
		return "uncovered"
	case ManualCover:
		return "manual"
	}
	return fmt.Sprintf("Cover(%d)", int(c))
}

// SinglePoint is a node whose loss alone stops an activity, and what covers it.
// The zero value names no node.
// A plain value, safe for concurrent use.
type SinglePoint struct {
	Node  itsm.ID
	Cover Cover
}

// ActivityPoints are the single points of failure of one activity, in ascending node ID order.
// The zero value lists no single point.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type ActivityPoints struct {
	Activity string
	Points   []SinglePoint
}

// SinglePoints returns, per activity in input order, every node whose loss alone stops it
// (see the package doc, "Single points of failure"): the activity needs all of its nodes; a node
// is lost with everything that needs it under its groups' rules, so a k-of-n group is lost only
// when one failure takes out more members than its slack, and an any-of group only when one
// failure takes out every member (a shared host under two replicas).
func (a *Analysis) SinglePoints() []ActivityPoints {
	if !a.built() {
		return nil
	}
	strict := newKiller(a, false)
	auto := strict
	if len(a.manual) > 0 {
		auto = newKiller(a, true)
	}
	out := make([]ActivityPoints, len(a.acts))
	for k, act := range a.acts {
		ap := ActivityPoints{Activity: act.ID}
		hard := strict.closure(a.needs[k])
		soft := hard
		if auto != strict {
			soft = auto.closure(a.needs[k])
		}
		j := 0
		for _, v := range soft {
			for j < len(hard) && hard[j] < v {
				j++
			}
			c := ManualCover
			if j < len(hard) && hard[j] == v {
				c = Uncovered
			}
			ap.Points = append(ap.Points, SinglePoint{Node: a.model.IDAt(int(v)), Cover: c})
		}
		out[k] = ap
	}
	return out
}

// killer computes kill sets: F(v), the nodes whose loss alone brings v down. For a node, F is
// itself plus F of each of its groups; for a group whose members all have to be up (all-of, or a
// k-of-n with no slack) the union of its members' F; for a group with slack s the nodes that
// appear in the F of members worth more than s. Redundant groups' sets are computed once,
// dependencies first, and reused.
type killer struct {
	a        *Analysis
	noManual bool // manual groups count as no redundancy
	groupF   map[groupKey][]int32
	stamp    []uint32
	gen      uint32
	count    []int
	queue    []int32
}

// groupShape returns a group's slack (how much member weight can be lost before it is down) and
// whether it is relevant at all (a group that is never down, or already down, is not).
func (k *killer) slack(u int32, gi int, g itsm.Group) (slack int, relevant bool) {
	need, total, _ := need(g)
	if need == 0 {
		return 0, false
	}
	down := 0
	for _, e := range g.Members {
		if kindOf(e) == neverUp {
			down += k.unit(g, e)
		}
	}
	s := total - down - need
	if s < 0 {
		return 0, false
	}
	if k.noManual && k.a.manual[groupKey{u, gi}] {
		s = 0
	}
	return s, true
}

func (k *killer) unit(g itsm.Group, e itsm.Edge) int {
	if g.Rule.Op == itsm.Weighted {
		return weightOf(e)
	}
	return 1
}

func newKiller(a *Analysis, noManual bool) *killer {
	n := a.model.Len()
	k := &killer{a: a, noManual: noManual, groupF: map[groupKey][]int32{}, stamp: make([]uint32, n), count: make([]int, n)}
	g := a.model.Graph()
	for c := int32(a.comps.Count()) - 1; c >= 0; c-- {
		mem := a.comps.Members(c)
		if !a.inScope[mem[0]] {
			continue
		}
		for _, u := range mem {
			out := g.Out(u)
			e := 0
			for gi, grp := range a.model.Groups(int(u)) {
				first := e
				e += len(grp.Members)
				s, rel := k.slack(u, gi, grp)
				if !rel || s == 0 {
					continue
				}
				var touched []int32
				for j, mb := range grp.Members {
					if kindOf(mb) != waitsForTarget {
						continue
					}
					for _, x := range k.closure([]int32{out[first+j]}) {
						if k.count[x] == 0 {
							touched = append(touched, x)
						}
						k.count[x] += k.unit(grp, mb)
					}
				}
				var f []int32
				for _, x := range touched {
					if k.count[x] > s {
						f = append(f, x)
					}
					k.count[x] = 0
				}
				slices.Sort(f)
				k.groupF[groupKey{u, gi}] = f
			}
		}
	}
	return k
}

// closure returns F of a set of nodes that are all needed, sorted: a breadth-first walk along the
// members of groups without slack, adding the stored F of groups with slack (closed already, so
// not walked again). A group whose F is not stored yet (inside a cycle) adds nothing.
func (k *killer) closure(starts []int32) []int32 {
	k.gen++
	if k.gen == 0 { // wrapped: clear the stamps once every 2^32 walks
		clear(k.stamp)
		k.gen = 1
	}
	var out []int32
	q := k.queue[:0]
	visit := func(v int32, walk bool) {
		if k.stamp[v] == k.gen {
			return
		}
		k.stamp[v] = k.gen
		out = append(out, v)
		if walk {
			q = append(q, v)
		}
	}
	for _, s := range starts {
		visit(s, true)
	}
	g := k.a.model.Graph()
	for h := 0; h < len(q); h++ {
		u := q[h]
		out2 := g.Out(u)
		e := 0
		for gi, grp := range k.a.model.Groups(int(u)) {
			first := e
			e += len(grp.Members)
			s, rel := k.slack(u, gi, grp)
			if !rel {
				continue
			}
			if s > 0 {
				for _, x := range k.groupF[groupKey{u, gi}] {
					visit(x, false)
				}
				continue
			}
			for j, mb := range grp.Members {
				if kindOf(mb) == waitsForTarget {
					visit(out2[first+j], true)
				}
			}
		}
	}
	k.queue = q
	slices.Sort(out)
	return out
}
