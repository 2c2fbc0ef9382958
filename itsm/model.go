package itsm

import "slices"

// ID names one object of the model: a provider, service, resource, access point, customer, user or
// service desk. IDs are unique across all kinds in one model. The zero (empty) ID is invalid.
// It is a string value, safe for concurrent use.
type ID string

// Provider is an organisation that offers services and owns resources. The zero value is invalid
// (empty ID).
// A plain value, safe for concurrent use.
type Provider struct {
	ID   ID
	Name string
}

// Service is a set of functionalities a provider offers at a customer–provider interface. Usage
// lists the usage functionalities (what users do with it), Management the management
// functionalities (how the customer manages it: reporting, requests, configuration). Requires
// lists the dependency groups: the service needs every group to hold, and each group combines its
// members (resources and subservices) by its Rule. A service with no groups depends on nothing.
// Provider may be empty when the provider is not recorded.
//
// The zero value is invalid (empty ID). Values returned by a Model are copies the caller owns.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Service struct {
	ID         ID
	Name       string
	Provider   ID
	Usage      []string
	Management []string
	Requires   []Group
}

// ResourceKind classifies a resource. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type ResourceKind int

// Resource kinds, after the usual split of what realises a service.
const (
	Hardware ResourceKind = iota + 1
	Software
	Network
	Facility
	Staff
	Data
	Supplier
)

var resourceKindNames = [...]string{"", "hardware", "software", "network", "facility", "staff", "data", "supplier"}

// String returns the lower-case name ("hardware", "data", ...), or ResourceKind(n) when invalid.
func (k ResourceKind) String() string {
	str, _ := enumString(resourceKindNames[:], int(k), "ResourceKind")
	return str
}

// MarshalText returns the String form; an invalid kind is an *EnumError.
func (k ResourceKind) MarshalText() ([]byte, error) {
	str, ok := enumString(resourceKindNames[:], int(k), "ResourceKind")
	if !ok {
		return nil, &EnumError{Type: "ResourceKind", Text: str}
	}
	return []byte(str), nil
}

// UnmarshalText parses the String form; anything else is an *EnumError.
func (k *ResourceKind) UnmarshalText(text []byte) error {
	v, err := enumParse(resourceKindNames[:], text, "ResourceKind")
	if err != nil {
		return err
	}
	*k = ResourceKind(v)
	return nil
}

// Valid reports whether k is one of the declared kinds.
func (k ResourceKind) Valid() bool { return k >= Hardware && k <= Supplier }

// Resource realises services: hardware, software, network, facility, staff, data or a supplier.
// A resource may itself require other resources or services (software runs on hardware), through
// dependency groups as for services. The zero value is invalid.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Resource struct {
	ID       ID
	Name     string
	Kind     ResourceKind
	Provider ID
	Requires []Group
}

// Group is one dependency group of a service or resource: its members combined by Rule (see
// rule.go for the operators). A node needs all of its groups. Name is free text for explanations
// ("database", "replicas"). The zero value is invalid (no rule, no members).
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Group struct {
	Name    string
	Rule    Rule
	Members []Edge
}

// Edge is one member of a dependency group: the node it depends on, how the member's state is
// mapped before the group sees it, the member's weight for Weighted groups, and, when Target is a
// service of another provider, the named agreement under which it is used. A weight of zero counts
// as one; only Weighted groups read weights, so a weight set in any other group is ErrWeight (see
// the package doc, "Weights").
// A plain value, safe for concurrent use.
type Edge struct {
	Target    ID
	Map       Mapping
	Weight    int
	Agreement string
}

// AccessPoint is a service access point: where users reach the usage functionality of Service.
// The zero value is invalid.
// A plain value, safe for concurrent use.
type AccessPoint struct {
	ID       ID
	Name     string
	Service  ID
	Location string
}

// Customer subscribes to services and makes the agreements. The zero value is invalid.
// A plain value, safe for concurrent use.
type Customer struct {
	ID   ID
	Name string
}

// Subscription records that Customer subscribes to Service under the named Agreement (which may be
// empty when no agreement is recorded). The zero value is invalid.
// A plain value, safe for concurrent use.
type Subscription struct {
	Customer  ID
	Service   ID
	Agreement string
}

// User uses services day to day on behalf of Customer, at the listed access points. The zero value
// is invalid.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type User struct {
	ID           ID
	Name         string
	Customer     ID
	AccessPoints []ID
}

// Channel is a way to reach a service desk. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Channel int

// Service desk channels.
const (
	Phone Channel = iota + 1
	Email
	Portal
	Chat
	WalkIn
)

var channelNames = [...]string{"", "phone", "email", "portal", "chat", "walk-in"}

// String returns the name ("phone", "walk-in", ...), or Channel(n) when invalid.
func (c Channel) String() string {
	str, _ := enumString(channelNames[:], int(c), "Channel")
	return str
}

// MarshalText returns the String form; an invalid channel is an *EnumError.
func (c Channel) MarshalText() ([]byte, error) {
	str, ok := enumString(channelNames[:], int(c), "Channel")
	if !ok {
		return nil, &EnumError{Type: "Channel", Text: str}
	}
	return []byte(str), nil
}

// UnmarshalText parses the String form; anything else is an *EnumError.
func (c *Channel) UnmarshalText(text []byte) error {
	v, err := enumParse(channelNames[:], text, "Channel")
	if err != nil {
		return err
	}
	*c = Channel(v)
	return nil
}

// Valid reports whether c is one of the declared channels.
func (c Channel) Valid() bool { return c >= Phone && c <= WalkIn }

// ServiceDesk is the single contact point between customers and the provider for service
// management: the customers and services it serves and the channels through which it is reached.
// An empty Customers or Services list means every customer or every service (a company-wide desk).
// The zero value is invalid.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type ServiceDesk struct {
	ID        ID
	Name      string
	Customers []ID
	Services  []ID
	Channels  []Channel
}

func cloneGroups(gs []Group) []Group {
	if gs == nil {
		return nil
	}
	out := make([]Group, len(gs))
	for i, g := range gs {
		out[i] = Group{Name: g.Name, Rule: g.Rule, Members: slices.Clone(g.Members)}
	}
	return out
}

func (s Service) clone() Service {
	s.Usage = slices.Clone(s.Usage)
	s.Management = slices.Clone(s.Management)
	s.Requires = cloneGroups(s.Requires)
	return s
}

func (r Resource) clone() Resource {
	r.Requires = cloneGroups(r.Requires)
	return r
}

func (u User) clone() User {
	u.AccessPoints = slices.Clone(u.AccessPoints)
	return u
}

func (d ServiceDesk) clone() ServiceDesk {
	d.Customers = slices.Clone(d.Customers)
	d.Services = slices.Clone(d.Services)
	d.Channels = slices.Clone(d.Channels)
	return d
}
