package itsm

import "slices"

// CustomerImpact is one customer reached by an evaluation: the worst state among the services it
// subscribes to, and those of its services that are not operational (ID order).
// The zero value names no customer.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type CustomerImpact struct {
	Customer ID    `json:"customer"`
	State    State `json:"state"`
	Services []ID  `json:"services,omitempty"`
}

// UserImpact is one user reached by an evaluation: the worst state among the services the user
// reaches at its access points.
// The zero value names no user.
// A plain value, safe for concurrent use.
type UserImpact struct {
	User  ID    `json:"user"`
	State State `json:"state"`
}

// AccessPointImpact is one access point whose service is not operational.
// The zero value names no access point.
// A plain value, safe for concurrent use.
type AccessPointImpact struct {
	AccessPoint ID     `json:"accessPoint"`
	Service     ID     `json:"service"`
	Status      Status `json:"status,omitzero"`
}

// AgreementImpact is one subscription whose service is not operational: the agreement it is made
// under (empty when none is recorded), the customer and the service.
// The zero value names no subscription.
// A plain value, safe for concurrent use.
type AgreementImpact struct {
	Agreement string `json:"agreement,omitempty"`
	Customer  ID     `json:"customer"`
	Service   ID     `json:"service"`
	Status    Status `json:"status,omitzero"`
}

// Affected is what an evaluation reaches beyond the dependency graph: the non-operational
// services, and through subscriptions and access points the customers, users, access points and
// agreements they touch. Every list is in ID order (agreements by customer, service, agreement).
// NotApplicable services reach nobody.
// The zero value reaches nothing.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Affected struct {
	Services     []NodeStatus        `json:"services,omitempty"`
	Customers    []CustomerImpact    `json:"customers,omitempty"`
	Users        []UserImpact        `json:"users,omitempty"`
	AccessPoints []AccessPointImpact `json:"accessPoints,omitempty"`
	Agreements   []AgreementImpact   `json:"agreements,omitempty"`
}

func bad(s State) bool { return s != Operational && s != NotApplicable }

// severity ranks a state for "worse than" comparisons: Operational and NotApplicable 0 (no
// problem: a dependency that does not count is not a failure), Degraded 1, Unknown 2, Down 3.
// Compare severities, never State values where NotApplicable can appear: NotApplicable is
// numerically above Down, outside the order.
func severity(s State) int {
	switch s {
	case Degraded:
		return 1
	case Unknown:
		return 2
	case Down:
		return 3
	}
	return 0
}

// Affected lists the services, customers, users, access points and agreements that are not fully
// operational. Linear in the model.
func (ev *Evaluation) Affected() Affected {
	if ev.zero() {
		return Affected{}
	}
	a := ev.a
	var out Affected
	custWorst := map[int32]State{}
	custSvcs := map[int32][]ID{}
	userWorst := map[int32]State{}
	for v := range int32(len(ev.st)) {
		s := State(ev.st[v])
		if !a.m.IsService(int(v)) || !bad(s) {
			continue
		}
		id := a.m.IDAt(int(v))
		st := ev.StatusAt(int(v))
		out.Services = append(out.Services, NodeStatus{ID: id, Status: st})
		for _, sub := range a.subs(v) {
			custWorst[sub.customer] = max(custWorst[sub.customer], s)
			if l := custSvcs[sub.customer]; len(l) == 0 || l[len(l)-1] != id {
				custSvcs[sub.customer] = append(l, id)
			}
			out.Agreements = append(out.Agreements, AgreementImpact{Agreement: sub.agreement, Customer: a.customers[sub.customer], Service: id, Status: st})
		}
		for _, u := range a.usersAt(v) {
			userWorst[u] = max(userWorst[u], s)
		}
		for _, ap := range a.aps(v) {
			out.AccessPoints = append(out.AccessPoints, AccessPointImpact{AccessPoint: ap, Service: id, Status: st})
		}
	}
	for c, s := range custWorst {
		out.Customers = append(out.Customers, CustomerImpact{Customer: a.customers[c], State: s, Services: custSvcs[c]})
	}
	slices.SortFunc(out.Customers, func(x, y CustomerImpact) int { return compareID(x.Customer, y.Customer) })
	for u, s := range userWorst {
		out.Users = append(out.Users, UserImpact{User: a.users[u], State: s})
	}
	slices.SortFunc(out.Users, func(x, y UserImpact) int { return compareID(x.User, y.User) })
	slices.SortFunc(out.AccessPoints, func(x, y AccessPointImpact) int { return compareID(x.AccessPoint, y.AccessPoint) })
	slices.SortFunc(out.Agreements, func(x, y AgreementImpact) int {
		if c := compareID(x.Customer, y.Customer); c != 0 {
			return c
		}
		if c := compareID(x.Service, y.Service); c != 0 {
			return c
		}
		return compareID(ID(x.Agreement), ID(y.Agreement))
	})
	return out
}

func compareID(x, y ID) int {
	switch {
	case x < y:
		return -1
	case x > y:
		return 1
	}
	return 0
}
