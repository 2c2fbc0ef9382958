package itsm

import (
	"cmp"
	"slices"
)

// Radius is the blast radius of one node failing alone (observed Down, everything else as in the
// baseline): the services that end Down, the services made worse without going down (degraded or
// unknown), and how many customers and users end down or worse. The failed node itself is listed
// when it is a service. Lists are in ID order.
// The zero value is a failure that reaches nothing.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Radius struct {
	Node              ID   `json:"node"`
	Down              []ID `json:"down,omitempty"`
	Worse             []ID `json:"worse,omitempty"`
	CustomersDown     int  `json:"customersDown,omitempty"`
	CustomersWorse    int  `json:"customersWorse,omitempty"`
	UsersDown         int  `json:"usersDown,omitempty"`
	UsersWorse        int  `json:"usersWorse,omitempty"`
	AgreementsReached int  `json:"agreementsReached,omitempty"` // subscriptions whose service ends down or worse
}

// SPOF lists, for one service, the nodes whose failure alone brings it down (redundancy
// respected: a member of an any-of or at-least group that can be lost alone is not one), in ID
// order.
// The zero value names no service.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type SPOF struct {
	Service ID   `json:"service"`
	Nodes   []ID `json:"nodes,omitempty"`
}

// BlastRadius fails every service and resource alone, on top of the baseline observations, and
// returns the radii ranked worst first: by services down, customers down, users down, then
// services, customers and users made worse, then ID. It reuses one incremental evaluation, so the
// cost is the sum over nodes of what each failure reaches (the size of the answer), not the model
// size times the node count.
func (a *Analyzer) BlastRadius(baseline []Observation) ([]Radius, error) {
	radii, _, err := a.whatIf(baseline)
	return radii, err
}

// SinglePointsOfFailure returns, for every service that some single failure brings down (and that
// is not already down in the baseline), the nodes whose failure alone does, in service ID order.
func (a *Analyzer) SinglePointsOfFailure(baseline []Observation) ([]SPOF, error) {
	_, spofs, err := a.whatIf(baseline)
	return spofs, err
}

func (a *Analyzer) whatIf(baseline []Observation) ([]Radius, []SPOF, error) {
	base, err := a.Evaluate(baseline)
	if err != nil {
		return nil, nil, err
	}
	in := base.Incremental()
	n := a.m.Len()
	svcsOfCust := make([][]int32, len(a.customers))
	svcsOfUser := make([][]int32, len(a.users))
	for v := range n {
		for _, s := range a.subs(int32(v)) {
			if l := svcsOfCust[s.customer]; len(l) == 0 || l[len(l)-1] != int32(v) {
				svcsOfCust[s.customer] = append(l, int32(v))
			}
		}
		for _, u := range a.usersAt(int32(v)) {
			svcsOfUser[u] = append(svcsOfUser[u], int32(v))
		}
	}
	worst := func(ev *Evaluation, svcs []int32) State {
		w := Operational
		for _, s := range svcs {
			if st := State(ev.st[s]); st != NotApplicable {
				w = max(w, st)
			}
		}
		return w
	}
	spof := map[int32][]ID{}
	radii := make([]Radius, 0, n)
	seenCust := map[int32]bool{}
	seenUser := map[int32]bool{}
	for v := range n {
		id := a.m.IDAt(v)
		prev := Observation{ID: id, State: State(base.obsS[v]), Flags: base.obsF[v]}
		changes, err := in.Apply(Observation{ID: id, State: Down})
		if err != nil {
			return nil, nil, err
		}
		r := Radius{Node: id}
		clear(seenCust)
		clear(seenUser)
		cur := in.ev
		for _, c := range changes {
			u, _ := a.m.Index(c.ID)
			// Severities, not State values: NotApplicable is numerically above Down, so a node
			// not applicable in the baseline that fails must still count as made worse.
			if !a.m.IsService(u) || severity(c.After.State) <= severity(c.Before.State) {
				continue
			}
			if c.After.State == Down {
				r.Down = append(r.Down, c.ID)
				if int(u) != v {
					spof[int32(u)] = append(spof[int32(u)], id)
				}
			} else {
				r.Worse = append(r.Worse, c.ID)
			}
			r.AgreementsReached += len(a.subs(int32(u)))
			for _, s := range a.subs(int32(u)) {
				seenCust[s.customer] = true
			}
			for _, us := range a.usersAt(int32(u)) {
				seenUser[us] = true
			}
		}
		for c := range seenCust {
			before, after := worst(base, svcsOfCust[c]), worst(cur, svcsOfCust[c])
			switch {
			case after == Down && before != Down:
				r.CustomersDown++
			case after > before:
				r.CustomersWorse++
			}
		}
		for u := range seenUser {
			before, after := worst(base, svcsOfUser[u]), worst(cur, svcsOfUser[u])
			switch {
			case after == Down && before != Down:
				r.UsersDown++
			case after > before:
				r.UsersWorse++
			}
		}
		slices.Sort(r.Down)
		slices.Sort(r.Worse)
		radii = append(radii, r)
		if prev.State == 0 {
			prev = Clear(id)
		}
		if _, err := in.Apply(prev); err != nil {
			return nil, nil, err
		}
	}
	slices.SortFunc(radii, func(x, y Radius) int {
		return cmp.Or(
			cmp.Compare(len(y.Down), len(x.Down)),
			cmp.Compare(y.CustomersDown, x.CustomersDown),
			cmp.Compare(y.UsersDown, x.UsersDown),
			cmp.Compare(len(y.Worse), len(x.Worse)),
			cmp.Compare(y.CustomersWorse, x.CustomersWorse),
			cmp.Compare(y.UsersWorse, x.UsersWorse),
			cmp.Compare(x.Node, y.Node))
	})
	var spofs []SPOF
	for s, nodes := range spof {
		slices.Sort(nodes)
		spofs = append(spofs, SPOF{Service: a.m.IDAt(int(s)), Nodes: nodes})
	}
	slices.SortFunc(spofs, func(x, y SPOF) int { return cmp.Compare(x.Service, y.Service) })
	return radii, spofs, nil
}
