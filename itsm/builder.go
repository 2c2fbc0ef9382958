package itsm

import "slices"

// Builder collects the objects of a model and builds a validated, immutable Model. The zero value
// is an empty builder ready to use; NewBuilder returns the same. Every Add method copies what it is
// given, so the caller may reuse or change its values afterwards. A Builder is not safe for
// concurrent use; a Model built from it is.
type Builder struct {
	providers     []Provider
	services      []Service
	resources     []Resource
	accessPoints  []AccessPoint
	customers     []Customer
	subscriptions []Subscription
	users         []User
	desks         []ServiceDesk
}

// NewBuilder returns an empty Builder.
func NewBuilder() *Builder { return &Builder{} }

// AddProvider adds providers and returns b for chaining.
func (b *Builder) AddProvider(ps ...Provider) *Builder {
	b.providers = append(b.providers, ps...)
	return b
}

// AddService adds services (deep copies) and returns b for chaining.
func (b *Builder) AddService(ss ...Service) *Builder {
	b.services = slices.Grow(b.services, len(ss))
	var a arena
	for _, s := range ss {
		a.reserve(s.Requires)
	}
	for _, s := range ss {
		s.Usage = slices.Clone(s.Usage)
		s.Management = slices.Clone(s.Management)
		s.Requires = a.clone(s.Requires)
		b.services = append(b.services, s)
	}
	return b
}

// AddResource adds resources (deep copies) and returns b for chaining.
func (b *Builder) AddResource(rs ...Resource) *Builder {
	b.resources = slices.Grow(b.resources, len(rs))
	var a arena
	for _, r := range rs {
		a.reserve(r.Requires)
	}
	for _, r := range rs {
		r.Requires = a.clone(r.Requires)
		b.resources = append(b.resources, r)
	}
	return b
}

// AddAccessPoint adds service access points and returns b for chaining.
func (b *Builder) AddAccessPoint(as ...AccessPoint) *Builder {
	b.accessPoints = append(b.accessPoints, as...)
	return b
}

// AddCustomer adds customers and returns b for chaining.
func (b *Builder) AddCustomer(cs ...Customer) *Builder {
	b.customers = append(b.customers, cs...)
	return b
}

// AddSubscription adds subscriptions and returns b for chaining.
func (b *Builder) AddSubscription(ss ...Subscription) *Builder {
	b.subscriptions = append(b.subscriptions, ss...)
	return b
}

// AddUser adds users (deep copies) and returns b for chaining.
func (b *Builder) AddUser(us ...User) *Builder {
	for _, u := range us {
		b.users = append(b.users, u.clone())
	}
	return b
}

// AddDesk adds service desks (deep copies) and returns b for chaining.
func (b *Builder) AddDesk(ds ...ServiceDesk) *Builder {
	for _, d := range ds {
		b.desks = append(b.desks, d.clone())
	}
	return b
}

// BuildOption changes how Build validates.
// The zero (nil) option is ignored. Options are values, safe for concurrent use.
type BuildOption func(*buildConfig)

type buildConfig struct {
	strict      bool
	maxProblems int
	paths       bool // problems name JSON paths: the builder holds a decoded document
}

// MaxProblems keeps at most n problems in the ValidationError and counts the others in Omitted,
// bounding what a badly broken (or hostile) input makes Build allocate. n ≤ 0 means no limit, the
// default of Build; DecodeJSON uses DefaultMaxProblems unless told otherwise.
func MaxProblems(n int) BuildOption {
	return func(c *buildConfig) { c.maxProblems = max(n, 0) }
}

// Strict rejects dependency cycles: every strongly connected component of more than one node is
// reported as an ErrCycle problem naming its members. Use it for hierarchies that must be trees or
// DAGs. Without it, cycles are allowed and listed by Model.Cycles.
func Strict() BuildOption { return func(c *buildConfig) { c.strict = true } }

// Build validates everything added so far and returns the immutable Model, or a *ValidationError
// listing every problem found (see the package doc, "Validation"). The builder is left unchanged
// and can be extended and built again. Build costs O(n log n + m) for n objects and m edges
// (sorting the objects by ID, then expected constant time per reference through a hash table);
// input already in ID order is not copied but shared, and costs O(n + m).
func (b *Builder) Build(opts ...BuildOption) (*Model, error) {
	var cfg buildConfig
	for _, o := range opts {
		if o != nil { // a nil option is ignored, not a panic
			o(&cfg)
		}
	}
	// Inner slices were copied on Add and are never changed by the builder, so the model may share
	// them; build shares or copies the outer slices without modifying them.
	return build(b, cfg)
}

// arena copies many nodes' groups into two shared backing arrays, so adding a million nodes costs
// two allocations instead of two million. Each copy is capped (full slice expression), so an
// append to one node's slice can never overwrite its neighbour.
type arena struct {
	groups            []Group
	members           []Edge
	nGroups, nMembers int
}

// reserve counts gs in; call it for everything to be cloned before the first clone.
func (a *arena) reserve(gs []Group) {
	a.nGroups += len(gs)
	for _, g := range gs {
		a.nMembers += len(g.Members)
	}
}

// clone copies gs into the arena, allocating the backing arrays on first use.
func (a *arena) clone(gs []Group) []Group {
	if gs == nil {
		return nil
	}
	if a.groups == nil {
		a.groups = make([]Group, 0, a.nGroups)
		a.members = make([]Edge, 0, a.nMembers)
	}
	start := len(a.groups)
	for _, g := range gs {
		ms := g.Members
		if ms != nil {
			from := len(a.members)
			a.members = append(a.members, ms...)
			ms = a.members[from:len(a.members):len(a.members)]
		}
		a.groups = append(a.groups, Group{Name: g.Name, Rule: g.Rule, Members: ms})
	}
	return a.groups[start:len(a.groups):len(a.groups)]
}
