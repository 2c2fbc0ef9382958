package itsm

import (
	"iter"
	"slices"

	"github.com/itsmkit/itsmkit/internal/graph"
)

// emptyModel is what a nil *Model reads as: the query methods of a nil model answer as those of
// an empty one (no objects, empty walks), never a panic; the entry points that need a model
// (NewAnalyzer, EncodeJSON, WriteDOT, MarshalJSON) report ErrZeroValue instead.
var emptyModel Model

// orEmpty is m, or the empty model for a nil m.
func (m *Model) orEmpty() *Model {
	if m == nil {
		return &emptyModel
	}
	return m
}

// Len is the number of nodes (services and resources together).
func (m *Model) Len() int { return len(m.orEmpty().nodeIDs) }

// Index returns the node index of a service or resource ID.
func (m *Model) Index(id ID) (int, bool) {
	r, ok := m.lookup(id)
	if !ok || (r.kind != kindService && r.kind != kindResource) {
		return 0, false
	}
	return int(r.pos), true
}

// IDAt returns the ID of node i (0 ≤ i < Len()). Nodes are numbered in ascending ID order.
func (m *Model) IDAt(i int) ID { return m.nodeIDs[i] }

// IsService reports whether node i is a service (otherwise it is a resource).
func (m *Model) IsService(i int) bool { return m.isSvc[i] }

// Groups returns the dependency groups of node i. The slice and its members are the model's own
// and must not be modified; Service and Resource return copies.
func (m *Model) Groups(i int) []Group {
	if m.isSvc[i] {
		return m.services[m.nodePos[i]].Requires
	}
	return m.resources[m.nodePos[i]].Requires
}

// Graph is the compact (CSR) dependency graph of a model over dense node indices 0..Len()-1:
// Out(i) lists what node i depends on, In(i) what depends on it, Reachable walks breadth first.
// It is read-only and safe for concurrent use.
type Graph = graph.Graph

// Components are the strongly connected components of a Graph: Of(i) is node i's component,
// Members(k) its nodes in ascending order, and components are numbered so that every edge between
// two components goes from a lower to a higher number.
type Components = graph.Components

// Graph returns the dependency graph: one edge from node i to the target of every member of
// Groups(i), in group order then member order, so Graph().Out(i) lines up with the flattened
// members. The graph is shared and read-only.
func (m *Model) Graph() *Graph {
	if m == nil || m.graph == nil {
		return &graph.Graph{}
	}
	return m.graph
}

// Components returns the strongly connected components of the dependency graph, numbered so that
// dependents come before their dependencies (see internal/graph). Evaluate in reverse component
// order to see every dependency before its dependents.
func (m *Model) Components() *Components {
	if m == nil || m.comps == nil {
		return m.Graph().SCC()
	}
	return m.comps
}

// Provider returns the provider with the given ID.
func (m *Model) Provider(id ID) (Provider, bool) {
	r, ok := m.lookup(id)
	if !ok || r.kind != kindProvider {
		return Provider{}, false
	}
	return m.providers[r.pos], true
}

// Service returns a copy of the service with the given ID.
func (m *Model) Service(id ID) (Service, bool) {
	r, ok := m.lookup(id)
	if !ok || r.kind != kindService {
		return Service{}, false
	}
	return m.services[m.nodePos[r.pos]].clone(), true
}

// Resource returns a copy of the resource with the given ID.
func (m *Model) Resource(id ID) (Resource, bool) {
	r, ok := m.lookup(id)
	if !ok || r.kind != kindResource {
		return Resource{}, false
	}
	return m.resources[m.nodePos[r.pos]].clone(), true
}

// AccessPoint returns the access point with the given ID.
func (m *Model) AccessPoint(id ID) (AccessPoint, bool) {
	r, ok := m.lookup(id)
	if !ok || r.kind != kindAccessPoint {
		return AccessPoint{}, false
	}
	return m.accessPoints[r.pos], true
}

// Customer returns the customer with the given ID.
func (m *Model) Customer(id ID) (Customer, bool) {
	r, ok := m.lookup(id)
	if !ok || r.kind != kindCustomer {
		return Customer{}, false
	}
	return m.customers[r.pos], true
}

// User returns a copy of the user with the given ID.
func (m *Model) User(id ID) (User, bool) {
	r, ok := m.lookup(id)
	if !ok || r.kind != kindUser {
		return User{}, false
	}
	return m.users[r.pos].clone(), true
}

// Desk returns a copy of the service desk with the given ID.
func (m *Model) Desk(id ID) (ServiceDesk, bool) {
	r, ok := m.lookup(id)
	if !ok || r.kind != kindDesk {
		return ServiceDesk{}, false
	}
	return m.desks[r.pos].clone(), true
}

func seqOf[T any](xs []T, clone func(T) T) iter.Seq[T] {
	return func(yield func(T) bool) {
		for _, x := range xs {
			if clone != nil {
				x = clone(x)
			}
			if !yield(x) {
				return
			}
		}
	}
}

// Providers yields the providers in ascending ID order.
func (m *Model) Providers() iter.Seq[Provider] { return seqOf(m.orEmpty().providers, nil) }

// Services yields copies of the services in ascending ID order.
func (m *Model) Services() iter.Seq[Service] { return seqOf(m.orEmpty().services, Service.clone) }

// Resources yields copies of the resources in ascending ID order.
func (m *Model) Resources() iter.Seq[Resource] { return seqOf(m.orEmpty().resources, Resource.clone) }

// AccessPoints yields the access points in ascending ID order.
func (m *Model) AccessPoints() iter.Seq[AccessPoint] { return seqOf(m.orEmpty().accessPoints, nil) }

// Customers yields the customers in ascending ID order.
func (m *Model) Customers() iter.Seq[Customer] { return seqOf(m.orEmpty().customers, nil) }

// Subscriptions yields the subscriptions ordered by customer, then service, then agreement.
func (m *Model) Subscriptions() iter.Seq[Subscription] { return seqOf(m.orEmpty().subscriptions, nil) }

// Users yields copies of the users in ascending ID order.
func (m *Model) Users() iter.Seq[User] { return seqOf(m.orEmpty().users, User.clone) }

// Desks yields copies of the service desks in ascending ID order.
func (m *Model) Desks() iter.Seq[ServiceDesk] { return seqOf(m.orEmpty().desks, ServiceDesk.clone) }

// nodeSeq maps a walk over node indices to IDs, skipping repeats of the same node (parallel edges
// from a node listed in two groups).
func (m *Model) ids(nodes iter.Seq[int32]) iter.Seq[ID] {
	return func(yield func(ID) bool) {
		for v := range nodes {
			if !yield(m.nodeIDs[v]) {
				return
			}
		}
	}
}

func (m *Model) distinct(list []int32) iter.Seq[int32] {
	return func(yield func(int32) bool) {
		var seen map[int32]bool
		if len(list) > 32 {
			seen = make(map[int32]bool, len(list))
		}
		for i, v := range list {
			if seen != nil {
				if seen[v] {
					continue
				}
				seen[v] = true
			} else if slices.Contains(list[:i], v) {
				continue
			}
			if !yield(v) {
				return
			}
		}
	}
}

// Dependencies yields the direct dependencies of a service or resource: the targets of its group
// members in group order, then member order, each once. Unknown IDs yield nothing.
func (m *Model) Dependencies(id ID) iter.Seq[ID] {
	i, ok := m.Index(id)
	if !ok {
		return func(func(ID) bool) {}
	}
	return m.ids(m.distinct(m.graph.Out(int32(i))))
}

// Dependents yields the services and resources that list id in one of their groups, each once,
// in ascending ID order.
func (m *Model) Dependents(id ID) iter.Seq[ID] {
	i, ok := m.Index(id)
	if !ok {
		return func(func(ID) bool) {}
	}
	// In-edges are stored in edge order, which is ascending source index, so ID order.
	in := m.graph.In(int32(i))
	return m.ids(func(yield func(int32) bool) {
		for k, v := range in {
			if k > 0 && in[k-1] == v {
				continue
			}
			if !yield(v) {
				return
			}
		}
	})
}

// TransitiveDependencies yields every node id depends on directly or indirectly, each once, breadth
// first: direct dependencies first (in Dependencies order), then theirs. id itself is not yielded,
// even when a cycle leads back to it.
func (m *Model) TransitiveDependencies(id ID) iter.Seq[ID] {
	i, ok := m.Index(id)
	if !ok {
		return func(func(ID) bool) {}
	}
	return m.ids(m.graph.Reachable(graph.Forward, int32(i)))
}

// TransitiveDependents yields every node that depends on id directly or indirectly, each once,
// breadth first: direct dependents first (in ascending ID order), then theirs. id itself is not
// yielded, even when a cycle leads back to it.
func (m *Model) TransitiveDependents(id ID) iter.Seq[ID] {
	i, ok := m.Index(id)
	if !ok {
		return func(func(ID) bool) {}
	}
	return m.ids(m.graph.Reachable(graph.Backward, int32(i)))
}

// Cycles returns the dependency cycles: every strongly connected component of more than one node,
// as its member IDs in ascending order, the list ordered by first member. A node depending on
// itself is rejected by Build, so there are no one-node cycles. Each call returns fresh slices the
// caller owns.
func (m *Model) Cycles() [][]ID {
	if m == nil || m.comps == nil {
		return nil
	}
	var out [][]ID
	for _, c := range m.comps.Cycles() {
		if len(c) < 2 {
			continue // a self-loop; Build reports it as ErrSelfDependency
		}
		ids := make([]ID, len(c))
		for k, v := range c {
			ids[k] = m.nodeIDs[v]
		}
		out = append(out, ids) // members ascend by index, which is ID order
	}
	slices.SortFunc(out, func(a, b []ID) int { return slices.Compare(a, b) })
	return out
}

// ServicesOf yields the services customer subscribes to, in ascending ID order, each once even when
// subscribed under several agreements.
func (m *Model) ServicesOf(customer ID) iter.Seq[ID] {
	m = m.orEmpty()
	subs := m.subsOfCustomer[customer]
	return func(yield func(ID) bool) {
		var last ID
		for _, i := range subs {
			s := m.subscriptions[i].Service
			if s == last {
				continue
			}
			last = s
			if !yield(s) {
				return
			}
		}
	}
}

// SubscribersOf yields the subscriptions to service, ordered by customer then agreement.
func (m *Model) SubscribersOf(service ID) iter.Seq[Subscription] {
	m = m.orEmpty()
	subs := m.subsOfService[service]
	return func(yield func(Subscription) bool) {
		for _, i := range subs {
			if !yield(m.subscriptions[i]) {
				return
			}
		}
	}
}

// UsersOf yields the users who reach service directly, at one of its access points, in ascending
// ID order, each once.
func (m *Model) UsersOf(service ID) iter.Seq[ID] {
	m = m.orEmpty()
	us := m.usersOfService[service]
	return func(yield func(ID) bool) {
		for _, i := range us {
			if !yield(m.users[i].ID) {
				return
			}
		}
	}
}

// AccessPointsOf yields the access points of service in ascending ID order.
func (m *Model) AccessPointsOf(service ID) iter.Seq[ID] {
	m = m.orEmpty()
	aps := m.apsOfService[service]
	return func(yield func(ID) bool) {
		for _, i := range aps {
			if !yield(m.accessPoints[i].ID) {
				return
			}
		}
	}
}

// DesksFor yields the service desks where customer can raise incidents and requests about
// service, in ascending ID order. A desk whose Customers list is empty serves every customer, and
// one whose Services list is empty serves every service: a single company-wide desk need not
// enumerate them.
func (m *Model) DesksFor(customer, service ID) iter.Seq[ID] {
	m = m.orEmpty()
	return func(yield func(ID) bool) {
		for _, d := range m.desks {
			if (len(d.Customers) == 0 || slices.Contains(d.Customers, customer)) &&
				(len(d.Services) == 0 || slices.Contains(d.Services, service)) {
				if !yield(d.ID) {
					return
				}
			}
		}
	}
}
