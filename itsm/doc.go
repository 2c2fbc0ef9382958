// Package itsm models IT services the way the service management literature does — providers,
// services with their usage and management functionalities, subservices, resources, service access
// points, customers and their subscriptions, users and the service desk — as a validated,
// immutable dependency graph that impact analysis, SLA and continuity planning build on.
//
// A model is assembled with a Builder (or decoded from a JSON document) and checked as a whole by
// Build, which returns an immutable *Model or a *ValidationError listing every problem found.
//
// # Vocabulary
//
// A Service is a set of functionalities a Provider offers at a customer–provider interface: its
// usage functionalities are what users do with it, its management functionalities how the customer
// manages it. A service is realised by Resources (hardware, software, network, facility, staff,
// data, supplier) and may use other services, its subservices, possibly from another provider under
// a named agreement. Users reach a service at an AccessPoint on behalf of a Customer; customers
// Subscribe to services under agreements. A ServiceDesk is the single contact point: the
// customers and services it serves (an empty list means all of them) and the channels it is
// reached through.
//
// # Dependencies
//
// Services and resources are the nodes of the dependency graph. Each node lists dependency groups
// (Requires); the node needs every one of its groups, and each group combines the states of its
// members by its Rule (all-of, any-of, at-least k or k %, weighted, invert; see rule.go and the
// status algebra). A member Edge names its target, an optional per-edge Mapping of the target's
// state, a Weight and, when the target belongs to another provider, the Agreement it is used
// under. A node with no groups depends on nothing; a group with no members is an error.
//
// The graph edges point from a node to each member target: Graph().Out(i) lists the targets of
// Groups(i) flattened in group order then member order, so an engine can walk groups and edges in
// step.
//
// # Weights
//
// Weights count only in Weighted groups. A weight of zero (unset) counts as one, so a Weighted
// group whose weights were never filled in behaves like AtLeast; a negative weight is an error
// (ErrNegativeWeight), and so is a weight set on an edge of a group of any other operator
// (ErrWeight: it would count for nothing, silently). Thresholds of a Weighted group are checked
// against the total weight.
//
// # Node indexing
//
// Services and resources together are indexed densely 0..Len()-1 in ascending ID order (byte-wise
// string order), whatever the order they were added in. Index, IDAt, IsService and Groups let
// linear-time engines keep per-node state in slices; Graph returns the compressed adjacency and
// Components the strongly connected components, numbered so that dependents come before their
// dependencies.
//
// # Validation
//
// Build checks the whole model and reports every problem at once as a *ValidationError whose
// Problems each carry a sentinel Code (usable with errors.Is on the returned error), the offending
// IDs (the object holding the fault first, then what it refers to) and a Detail saying where. When
// the model comes from DecodeJSON, each problem also carries the JSON Path of the offending value
// in the document ("$.services[3].requires[0].members[1].target", indices in document order), and
// its message starts with it; a cycle has no single place and no path. The checks are:
//
//   - ErrEmptyID, ErrDuplicateID: every object has an ID, unique across all kinds;
//   - ErrInvalidID: an ID is valid UTF-8 with no control characters and no white space at either
//     end, so that it survives the JSON encoding unchanged (invalid bytes would become U+FFFD and
//     distinct IDs could collide) and prints unambiguously. IDs are compared byte for byte: no
//     case folding and no Unicode normalisation, so "é" precomposed and "e" + combining accent
//     are two IDs;
//   - ErrUnknownReference, ErrWrongKind: every reference names an object of the right kind — edge
//     targets (a service or resource), providers, access points' services, subscriptions' customers
//     and services, users' customers and access points, desks' customers and services;
//   - ErrSelfDependency, ErrEmptyGroup, ErrDuplicateMember: groups are non-empty, list each target
//     once and never the node itself;
//   - ErrInvalidRule, ErrThreshold, ErrNegativeWeight, ErrWeight, ErrInvalidMapping: operators are
//     declared ones, Invert has one member, thresholds are non-negative, set a count or a percent
//     (not both), percents are at most 100 and counts at most the group size (total weight for
//     Weighted), whatever the operator; only at-least and weighted groups set thresholds and only
//     weighted groups set weights (a threshold or weight anywhere else would silently mean
//     nothing); the weights of a Weighted group add up to at most MaxWeight (2³¹−1), so no sum
//     overflows; mappings are well formed;
//   - ErrInvalidKind, ErrInvalidChannel: resource kinds and desk channels are declared values;
//   - ErrMissingAgreement: an edge from a node of one provider to a node of another provider names
//     the agreement it is used under (underpinning contracts are part of the model; nodes without a
//     recorded provider are exempt);
//   - ErrDuplicateSubscription: the same customer, service and agreement appear once (a customer
//     may hold several agreements for one service); ErrDuplicateEntry: a user's access points and a
//     desk's customers, services and channels each list an entry once. A repeated listing is
//     reported alone: what is wrong with the entry itself is reported once, at its first listing;
//   - ErrNotSubscribed: a user is only placed at access points of services its customer
//     subscribes to;
//   - ErrCycle, only with Strict: no strongly connected component of more than one node.
//
// When several objects claim one ID, the ErrDuplicateID problem says so, and references to that ID
// are checked only for its kind (the first kind in the order providers, services and resources,
// access points, customers, users, desks): checks that depend on which object is meant — the
// provider of an edge target, the service of a user's access point, cycles through it (edges to
// it are left out of the graph) — are skipped, so the problems reported never depend on the order
// the objects were added in.
//
// Problems are ordered by their first ID, then code, then detail, then all their IDs, so the same
// input gives the same error whatever order it was added in. The error message spells out the first 20 problems and counts the rest. Build keeps every
// problem by default; the MaxProblems option keeps the first n (in ID order within each kind of
// check) and counts the others in ValidationError.Omitted, which DecodeJSON does by default
// (DefaultMaxProblems, 10,000) so a hostile document cannot turn each byte into a problem report.
//
// # Cycles
//
// Real call graphs contain cycles, so Build allows them by default and Cycles lists every strongly
// connected component of more than one node: members in ascending ID order, components ordered by
// their first member. Strict rejects them with one ErrCycle problem per component naming its
// members (all of them in Problem.IDs; the detail names the first ten and counts the rest), for
// hierarchies that must be trees or DAGs.
//
// # Walk order
//
// Every walk returns an iter.Seq with a documented order and yields each ID once:
//
//   - Services, Resources, Providers, Customers, Users, AccessPoints, Desks: ascending ID;
//     Subscriptions: by customer, service, agreement;
//   - Dependencies: group order, then member order; Dependents: ascending ID;
//   - TransitiveDependencies and TransitiveDependents: breadth first, nearer nodes first, ties in
//     the order of the direct walk; the start node is never yielded, even through a cycle;
//   - ServicesOf, UsersOf, AccessPointsOf, DesksFor: ascending ID; SubscribersOf: by customer,
//     agreement.
//
// Unknown IDs give empty walks. Walks over users and subscriptions are direct: who reaches a
// service through the services that depend on it is the business of impact analysis.
//
// # Immutability
//
// A Model never changes after Build and is safe for concurrent use. The Builder copies what it is
// given; Service, Resource, User, Desk and the walks over them return copies the caller owns.
// Groups(i) and the graph slices are the model's own, returned without copying for speed, and must
// not be modified.
//
// # JSON document format
//
// A whole model is exchanged as one JSON object whose "format" field is "itsmkit.model/v1" and
// whose other fields are lists: "providers", "services", "resources", "accessPoints", "customers",
// "subscriptions", "users", "desks". Field names are lower camel case ("id", "name", "provider",
// "usage", "management", "requires", "kind", "service", "location", "customer", "agreement",
// "accessPoints", "customers", "services", "channels"); a group is {"name", "rule", "members"}
// with rule {"op", "degradedBelow", "downBelow"} and thresholds {"count"} or {"percent"}; a member
// is {"target", "map", "weight", "agreement"} with map {"kind", "levels", "fixed"}. Enumerations
// use their text forms: operators "all-of", "any-of", "at-least", "weighted", "invert"; mappings
// "as-is", "raise", "lower", "ignore", "fixed"; states "operational", "degraded", "unknown",
// "down", "not-applicable"; resource kinds "hardware", "software", "network", "facility", "staff",
// "data", "supplier"; channels "phone", "email", "portal", "chat", "walk-in". The file
// testdata/model.json is a complete example.
//
// DecodeJSON is stricter than encoding/json, because a model document is an import format and a
// silently repaired import is a wrong CMDB. It rejects, with a *DecodeError naming the full JSON
// path of the offending value ("$.services[3].requires[0].members[1].target"): unknown fields (names
// match exactly — encoding/json would take "ID" for "id"), fields repeated at any depth
// (encoding/json would keep the last), null except as an empty list, numbers that are not integers
// fitting an int ("1.5", "1e400", 2⁶⁴), values of the wrong type, input nested deeper than the
// document's shape (rejected at the first level that does not fit), bytes that are not UTF-8
// (encoding/json would turn them into U+FFFD and so change an ID; the error gives the byte
// offset), a missing or different format and trailing data. Escaped lone surrogates ("\ud800")
// are valid JSON and decode to U+FFFD, as RFC 8259 leaves them. A document that decodes but does not validate gives Build's
// *ValidationError. Model.UnmarshalJSON decodes through DecodeJSON with its default limits, so a
// *Model field of a larger document is as strict; it only fills the zero Model (a built one is
// immutable: ErrImmutable). The decoder reads token by token and enforces its limits as it goes — MaxBytes
// (default 64 MiB), MaxNodes (objects of all kinds, checked as each object starts, default
// 1,048,576) and MaxEdges (group members and other list entries, checked as each entry starts,
// default 4,194,304) — so a hostile document cannot make it allocate more than a small multiple of
// those limits, however its lists are arranged. EncodeJSON writes the model in its documented orders with two-space
// indentation, leaving out empty fields, so decode → encode → decode is a fixed point and equal
// models give equal bytes.
//
// # ISO/IEC 20000 process catalogue
//
// The catalogue is fixed data: the process names and clause numbers of ISO/IEC 20000-1, never the
// standard's text. It holds the 2005 edition's processes in its five groups (service delivery,
// relationship, resolution, control and release processes, plus clause 5 on new or changed
// services) and the 2018 edition's clause 8 operational processes (plus service reporting, which
// 2018 moved to clause 9.4). A ProcessID is "<year>/<clause>" — "2005/8.2" and "2018/8.6.1" are
// both incident management — because one clause number names different processes in the two
// editions (2018 clause 8.2 is the service portfolio); LookupProcess and ParseProcessID reject
// anything else with an *UnknownProcessError (ErrUnknownProcess). Every walk is in clause order,
// 2005 before 2018, comparing clause numbers part by part as integers (9.2 before 10.1).
//
// Correspondences maps the editions as edges from a 2005 process to a 2018 process, each of a
// kind: Equivalent (same process, perhaps reworded or extended), Split (the 2005 process was
// divided and this 2018 process holds one part), Partial (they overlap only in part) or
// Introduced (a 2018 process with no 2005 predecessor: From is empty). Every process of both
// editions appears in at least one edge; Successors and Predecessors list the edges of one
// process.
//
// # Microservice dependency graphs
//
// LoadMicroserviceGraphs turns the shipped dataset of six public microservice systems into one
// model per system. Each system becomes a Provider of the same name. Components of kind
// "frontend" and "service" become Services; "database" becomes a Data resource; "cache", "queue"
// and "registry" become Software resources (middleware: a lost cache or broker degrades or stops
// its callers, but it is not the system of record). A component's non-optional calls form one
// all-of group named "calls", members in file order. The dataset's single optional edge (Online
// Boutique frontend → shoppingassistantservice, an optional kustomize component) is kept in the
// graph — so walks, fan-in counts and cycles see it — in a second group named "optional" with rule
// at-least, degradedBelow = the number of optional members and no down threshold: losing an
// optional component can degrade its caller but never take it down. Anything that would make a
// system's model invalid is reported as a *DatasetError at its own file and line instead: names
// that are not valid IDs, a node named like its system (the system is the provider, and IDs are
// unique across kinds), a component calling itself, and an edge listed twice (with either
// optional flag).
package itsm
