package itsm

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/itsmkit/itsmkit/internal/graph"
)

// Model is a validated, immutable model of providers, services, resources, access points,
// customers, subscriptions, users and service desks, with the dependency graph of its services
// and resources. Build one with a Builder or DecodeJSON (or encoding/json, through UnmarshalJSON).
// The zero value is an empty model, and a nil *Model reads as one in the query methods (Len,
// Index, the lookups and walks, Graph, Components, Cycles); the entry points that need a built
// model (NewAnalyzer, EncodeJSON, MarshalJSON, WriteDOT) report ErrZeroValue for nil. IDAt,
// IsService and Groups need 0 ≤ i < Len(), like slice indexing.
// A Model is safe for concurrent reads; nothing changes it after Build.
//
// Services and resources together are the model's nodes, indexed densely 0..Len()-1 in ascending
// ID order, so linear-time engines can keep per-node state in slices.
type Model struct {
	providers     []Provider     // by ID
	services      []Service      // by ID
	resources     []Resource     // by ID
	accessPoints  []AccessPoint  // by ID
	customers     []Customer     // by ID
	subscriptions []Subscription // by customer, service, agreement
	users         []User         // by ID
	desks         []ServiceDesk  // by ID

	idTab   idTable         // ID → object
	src     *source         // only during Build
	dupIDs  map[ID]struct{} // IDs claimed by more than one object; only while Build reports them
	nodeIDs []ID            // node index → ID
	nodePos []int32         // node index → position in services or resources
	isSvc   []bool          // node index → is a service

	graph *graph.Graph
	comps *graph.Components

	subsOfService  map[ID][]int32 // service → subscription positions
	subsOfCustomer map[ID][]int32 // customer → subscription positions
	usersOfService map[ID][]int32 // service → user positions, ascending
	apsOfService   map[ID][]int32 // service → access point positions, ascending
}

type objectKind uint8

const (
	kindProvider objectKind = iota + 1
	kindService
	kindResource
	kindAccessPoint
	kindCustomer
	kindUser
	kindDesk
	kindSubscription // not an object with an ID; only for locating problems
	kindCount
)

var objectKindNames = [...]string{"", "provider", "service", "resource", "access point", "customer", "user", "service desk", "subscription"}

// listNames are the document's lists of each kind, for problem paths.
var listNames = [...]string{"", "providers", "services", "resources", "accessPoints", "customers", "users", "desks", "subscriptions"}

// source remembers, during Build, where each object was in the builder's lists — the order it was
// added, which for DecodeJSON is the document's order — so problems can name their JSON path.
type source struct {
	perm [kindCount][]int // per kind: sorted position → given position; nil when the same
}

// joinPath appends field to the path base, unless there is no path.
func joinPath(base, field string) string {
	if base == "" {
		return ""
	}
	return base + field
}

// pathOf returns the JSON path of the object of kind k at sorted position pos (the position in its
// kind's slice, not the node index) as the builder was given it: "$.services[3]".
func (m *Model) pathOf(k objectKind, pos int) string {
	if m.src == nil {
		return ""
	}
	if perm := m.src.perm[k]; perm != nil {
		pos = perm[pos]
	}
	return "$." + listNames[k] + "[" + strconv.Itoa(pos) + "]"
}

func (k objectKind) String() string { return objectKindNames[k] }

func (k objectKind) withArticle() string {
	if k == kindAccessPoint {
		return "an " + k.String()
	}
	return "a " + k.String()
}

// ref locates an object: for services and resources pos is the node index, for the other kinds
// the position in their slice.
type ref struct {
	kind objectKind
	pos  int32
}

func (m *Model) providerOf(r ref) ID {
	switch r.kind {
	case kindService:
		return m.services[m.nodePos[r.pos]].Provider
	case kindResource:
		return m.resources[m.nodePos[r.pos]].Provider
	}
	return ""
}

// sortedByID returns xs in ascending ID order, ties in their given order, and the permutation
// from sorted to given positions (nil when they are the same). Already sorted input (the usual
// case for generated or exported models) is shared, capped so that the builder's later appends
// never reach it; otherwise a permutation is sorted and the elements are moved once, which beats
// swapping large structs O(n log n) times.
func sortedByID[T any](xs []T, id func(*T) ID) ([]T, []int) {
	return sortedBy(xs, func(a, b *T) int { return cmp.Compare(id(a), id(b)) })
}

func sortedBy[T any](xs []T, compare func(a, b *T) int) ([]T, []int) {
	if len(xs) == 0 {
		return nil, nil
	}
	sorted := true
	for i := 1; i < len(xs); i++ {
		if compare(&xs[i], &xs[i-1]) < 0 {
			sorted = false
			break
		}
	}
	if sorted {
		return xs[:len(xs):len(xs)], nil
	}
	perm := make([]int, len(xs))
	for i := range perm {
		perm[i] = i
	}
	slices.SortFunc(perm, func(a, b int) int { return cmp.Or(compare(&xs[a], &xs[b]), cmp.Compare(a, b)) })
	out := make([]T, len(xs))
	for i, p := range perm {
		out[i] = xs[p]
	}
	return out, perm
}

func compareSubscriptions(a, b *Subscription) int {
	return cmp.Or(cmp.Compare(a.Customer, b.Customer), cmp.Compare(a.Service, b.Service), cmp.Compare(a.Agreement, b.Agreement))
}

// build validates the builder's objects, which it never modifies: it shares sorted input and
// copies the rest.
func build(in *Builder, cfg buildConfig) (*Model, error) {
	src := &source{}
	m := &Model{src: src}
	m.providers, src.perm[kindProvider] = sortedByID(in.providers, func(p *Provider) ID { return p.ID })
	m.services, src.perm[kindService] = sortedByID(in.services, func(s *Service) ID { return s.ID })
	m.resources, src.perm[kindResource] = sortedByID(in.resources, func(r *Resource) ID { return r.ID })
	m.accessPoints, src.perm[kindAccessPoint] = sortedByID(in.accessPoints, func(a *AccessPoint) ID { return a.ID })
	m.customers, src.perm[kindCustomer] = sortedByID(in.customers, func(c *Customer) ID { return c.ID })
	m.subscriptions, src.perm[kindSubscription] = sortedBy(in.subscriptions, compareSubscriptions)
	m.users, src.perm[kindUser] = sortedByID(in.users, func(u *User) ID { return u.ID })
	m.desks, src.perm[kindDesk] = sortedByID(in.desks, func(d *ServiceDesk) ID { return d.ID })
	if !cfg.paths {
		m.src = nil // problems get no paths: there is no document
	}
	defer func() { m.src = nil }() // only Build's problems need the given positions
	ps := problems{max: cfg.maxProblems}
	m.indexNodes()
	m.registerIDs(&ps)

	// Dependency edges in CSR form, node by node in index order, group by group, member by member.
	nEdges := 0
	for _, s := range m.services {
		for _, g := range s.Requires {
			nEdges += len(g.Members)
		}
	}
	for _, r := range m.resources {
		for _, g := range r.Requires {
			nEdges += len(g.Members)
		}
	}
	if nEdges >= math.MaxInt32 || len(m.nodeIDs) >= math.MaxInt32 {
		return nil, fmt.Errorf("itsm: %w: %d nodes, %d edges", graph.ErrTooLarge, len(m.nodeIDs), nEdges)
	}
	start := make([]int32, len(m.nodeIDs)+1)
	adj := make([]int32, 0, nEdges)
	// Targets are resolved a block of nodes at a time, then the block is checked while its targets
	// are still in cache.
	var targets []ID
	var resolvedBuf []int32
	for i := 0; i < len(m.nodeIDs); {
		end := i
		targets = targets[:0]
		for end < len(m.nodeIDs) && len(targets) < 256 {
			for _, g := range m.Groups(end) {
				for k := range g.Members {
					targets = append(targets, g.Members[k].Target)
				}
			}
			end++
		}
		resolvedBuf = slices.Grow(resolvedBuf[:0], len(targets))[:len(targets)]
		m.resolveNodes(targets, resolvedBuf)
		resolved := resolvedBuf
		for ; i < end; i++ {
			if m.isSvc[i] {
				s := &m.services[m.nodePos[i]]
				if s.Provider != "" {
					if r, ok := m.lookup(s.Provider); !ok || r.kind != kindProvider {
						m.checkRef(&ps, joinPath(m.pathOf(kindService, int(m.nodePos[i])), ".provider"), s.ID, fmt.Sprintf("service %q provider", s.ID), s.Provider, kindProvider)
					}
				}
				adj, resolved = m.checkGroups(&ps, kindService, int(m.nodePos[i]), s.ID, s.Provider, s.Requires, resolved, adj)
			} else {
				r := &m.resources[m.nodePos[i]]
				if !r.Kind.Valid() {
					ps.add(joinPath(m.pathOf(kindResource, int(m.nodePos[i])), ".kind"), ErrInvalidKind, []ID{r.ID}, "resource %q: kind %d is not a resource kind", r.ID, int(r.Kind))
				}
				if r.Provider != "" {
					if pr, ok := m.lookup(r.Provider); !ok || pr.kind != kindProvider {
						m.checkRef(&ps, joinPath(m.pathOf(kindResource, int(m.nodePos[i])), ".provider"), r.ID, fmt.Sprintf("resource %q provider", r.ID), r.Provider, kindProvider)
					}
				}
				adj, resolved = m.checkGroups(&ps, kindResource, int(m.nodePos[i]), r.ID, r.Provider, r.Requires, resolved, adj)
			}
			start[i+1] = int32(len(adj))
		}
	}
	g, err := graph.FromOut(start, adj)
	if err != nil {
		return nil, fmt.Errorf("itsm: %w", err)
	}
	m.graph = g
	m.comps = g.SCC()
	m.checkOthers(&ps)
	if cfg.strict {
		for _, c := range m.Cycles() {
			ps.add("", ErrCycle, c, "cycle among %d nodes: %s", len(c), quoteSome(c, maxNamed))
		}
	}
	if len(ps.list) > 0 {
		return nil, &ValidationError{Problems: ps.sorted(), Omitted: ps.omitted}
	}
	return m, nil
}

// indexNodes merges the sorted services and resources into one dense index.
func (m *Model) indexNodes() {
	n := len(m.services) + len(m.resources)
	m.nodeIDs = make([]ID, 0, n)
	m.nodePos = make([]int32, 0, n)
	m.isSvc = make([]bool, 0, n)
	i, j := 0, 0
	for i < len(m.services) || j < len(m.resources) {
		if j == len(m.resources) || (i < len(m.services) && m.services[i].ID <= m.resources[j].ID) {
			m.nodeIDs = append(m.nodeIDs, m.services[i].ID)
			m.nodePos = append(m.nodePos, int32(i))
			m.isSvc = append(m.isSvc, true)
			i++
		} else {
			m.nodeIDs = append(m.nodeIDs, m.resources[j].ID)
			m.nodePos = append(m.nodePos, int32(j))
			m.isSvc = append(m.isSvc, false)
			j++
		}
	}
}

// registerIDs fills byID and reports empty and duplicate IDs. The first object of an ID in kind
// order (providers, nodes, access points, customers, users, desks) keeps it.
func (m *Model) registerIDs(ps *problems) {
	m.idTab.init(len(m.providers) + len(m.nodeIDs) + len(m.accessPoints) + len(m.customers) + len(m.users) + len(m.desks))
	path := func(k objectKind, pos int) string {
		if k == kindService || k == kindResource {
			pos = int(m.nodePos[pos]) // pos is the node index
		}
		return joinPath(m.pathOf(k, pos), ".id")
	}
	put := func(id ID, h uint64, k objectKind, pos int, name string) {
		if id == "" {
			ps.add(path(k, pos), ErrEmptyID, nil, "a %s named %q has an empty ID", k, name)
			return
		}
		if why := invalidID(id); why != "" {
			ps.add(path(k, pos), ErrInvalidID, []ID{id}, "%s %q: ID %s", k, id, why)
		}
		if prev, ok := m.insert(id, h, ref{kind: k, pos: int32(pos)}); !ok {
			ps.add(path(k, pos), ErrDuplicateID, []ID{id}, "ID %q is used by %s and %s", id, prev.kind.withArticle(), k.withArticle())
			if m.dupIDs == nil {
				m.dupIDs = make(map[ID]struct{})
			}
			m.dupIDs[id] = struct{}{}
		}
	}
	for i, p := range m.providers {
		put(p.ID, m.hash(p.ID), kindProvider, i, p.Name)
	}
	// Nodes are the bulk: hash a batch and read its slots before inserting it (see hashAhead).
	var hs [resolveBatch]uint64
	for base := 0; base < len(m.nodeIDs); base += resolveBatch {
		batch := m.nodeIDs[base:min(base+resolveBatch, len(m.nodeIDs))]
		m.hashAhead(batch, hs[:len(batch)])
		for k, id := range batch {
			i := base + k
			if m.isSvc[i] {
				put(id, hs[k], kindService, i, m.services[m.nodePos[i]].Name)
			} else {
				put(id, hs[k], kindResource, i, m.resources[m.nodePos[i]].Name)
			}
		}
	}
	for i, a := range m.accessPoints {
		put(a.ID, m.hash(a.ID), kindAccessPoint, i, a.Name)
	}
	for i, c := range m.customers {
		put(c.ID, m.hash(c.ID), kindCustomer, i, c.Name)
	}
	for i, u := range m.users {
		put(u.ID, m.hash(u.ID), kindUser, i, u.Name)
	}
	for i, d := range m.desks {
		put(d.ID, m.hash(d.ID), kindDesk, i, d.Name)
	}
}

// checkRef reports a missing or wrongly kinded reference; it returns the referenced object when
// it is fine.
func (m *Model) checkRef(ps *problems, path string, owner ID, where string, target ID, want objectKind) (ref, bool) {
	var ids []ID
	if owner != "" {
		ids = []ID{owner, target}
	}
	return m.checkRefIDs(ps, path, ids, where, target, want)
}

// checkRefIDs is checkRef reporting the given IDs.
func (m *Model) checkRefIDs(ps *problems, path string, ids []ID, where string, target ID, want objectKind) (ref, bool) {
	if target == "" {
		ps.add(path, ErrEmptyID, ids, "%s: empty %s reference", where, want)
		return ref{}, false
	}
	r, ok := m.lookup(target)
	if !ok {
		ps.add(path, ErrUnknownReference, ids, "%s: %s %q names nothing", where, want, target)
		return ref{}, false
	}
	if r.kind != want {
		ps.add(path, ErrWrongKind, ids, "%s: %q is a %s, not a %s", where, target, r.kind, want)
		return ref{}, false
	}
	return r, true
}

// checkOthers validates access points, subscriptions, users and desks and builds their indexes.
func (m *Model) checkOthers(ps *problems) {
	m.apsOfService = make(map[ID][]int32)
	for i, a := range m.accessPoints {
		if _, ok := m.checkRef(ps, joinPath(m.pathOf(kindAccessPoint, i), ".service"), a.ID, fmt.Sprintf("access point %q service", a.ID), a.Service, kindService); ok {
			m.apsOfService[a.Service] = append(m.apsOfService[a.Service], int32(i))
		}
	}
	m.subsOfService = make(map[ID][]int32)
	m.subsOfCustomer = make(map[ID][]int32)
	for i, s := range m.subscriptions {
		where := fmt.Sprintf("subscription of %q to %q", s.Customer, s.Service)
		ids := []ID{s.Customer, s.Service}
		if i > 0 && m.subscriptions[i-1] == s {
			// The first listing was checked; report the repetition alone.
			ps.add(m.pathOf(kindSubscription, i), ErrDuplicateSubscription, []ID{s.Customer, s.Service}, "%s under agreement %q is listed twice", where, s.Agreement)
			continue
		}
		at := m.pathOf(kindSubscription, i)
		_, okC := m.checkRefIDs(ps, joinPath(at, ".customer"), ids, where+" customer", s.Customer, kindCustomer)
		_, okS := m.checkRefIDs(ps, joinPath(at, ".service"), ids, where+" service", s.Service, kindService)
		if okC && okS {
			m.subsOfService[s.Service] = append(m.subsOfService[s.Service], int32(i))
			m.subsOfCustomer[s.Customer] = append(m.subsOfCustomer[s.Customer], int32(i))
		}
	}
	subscribed := make(map[[2]ID]bool, len(m.subscriptions))
	for _, s := range m.subscriptions {
		subscribed[[2]ID{s.Customer, s.Service}] = true
	}
	m.usersOfService = make(map[ID][]int32)
	for ui, u := range m.users {
		where := fmt.Sprintf("user %q", u.ID)
		at := m.pathOf(kindUser, ui)
		_, okC := m.checkRef(ps, joinPath(at, ".customer"), u.ID, where+" customer", u.Customer, kindCustomer)
		firsts := firstOccurrences(u.AccessPoints)
		for k, ap := range u.AccessPoints {
			if f := firsts[k]; f >= 0 {
				ps.add(joinPath(at, fmt.Sprintf(".accessPoints[%d]", k)), ErrDuplicateEntry, []ID{u.ID, ap}, "%s accessPoints[%d]: access point %q already listed as accessPoints[%d]", where, k, ap, f)
				continue
			}
			r, ok := m.checkRef(ps, joinPath(at, fmt.Sprintf(".accessPoints[%d]", k)), u.ID, fmt.Sprintf("%s accessPoints[%d]", where, k), ap, kindAccessPoint)
			if !ok || m.duplicated(ap) {
				continue // which of the access points sharing the ID is meant is unknowable
			}
			svc := m.accessPoints[r.pos].Service
			if sr, ok := m.lookup(svc); !ok || sr.kind != kindService {
				continue // reported at the access point
			}
			if okC && !subscribed[[2]ID{u.Customer, svc}] {
				ps.add(joinPath(at, fmt.Sprintf(".accessPoints[%d]", k)), ErrNotSubscribed, []ID{u.ID, u.Customer, svc}, "%s at access point %q of service %q: customer %q does not subscribe to it", where, ap, svc, u.Customer)
			}
			list := m.usersOfService[svc]
			if len(list) == 0 || list[len(list)-1] != int32(ui) {
				m.usersOfService[svc] = append(list, int32(ui))
			}
		}
	}
	for di, d := range m.desks {
		where := fmt.Sprintf("service desk %q", d.ID)
		at := m.pathOf(kindDesk, di)
		firsts := firstOccurrences(d.Customers)
		for k, c := range d.Customers {
			if f := firsts[k]; f >= 0 {
				ps.add(joinPath(at, fmt.Sprintf(".customers[%d]", k)), ErrDuplicateEntry, []ID{d.ID, c}, "%s customers[%d]: customer %q already listed as customers[%d]", where, k, c, f)
				continue
			}
			m.checkRef(ps, joinPath(at, fmt.Sprintf(".customers[%d]", k)), d.ID, fmt.Sprintf("%s customers[%d]", where, k), c, kindCustomer)
		}
		firsts = firstOccurrences(d.Services)
		for k, s := range d.Services {
			if f := firsts[k]; f >= 0 {
				ps.add(joinPath(at, fmt.Sprintf(".services[%d]", k)), ErrDuplicateEntry, []ID{d.ID, s}, "%s services[%d]: service %q already listed as services[%d]", where, k, s, f)
				continue
			}
			m.checkRef(ps, joinPath(at, fmt.Sprintf(".services[%d]", k)), d.ID, fmt.Sprintf("%s services[%d]", where, k), s, kindService)
		}
		firsts = firstOccurrences(d.Channels)
		for k, c := range d.Channels {
			if f := firsts[k]; f >= 0 {
				ps.add(joinPath(at, fmt.Sprintf(".channels[%d]", k)), ErrDuplicateEntry, []ID{d.ID}, "%s channels[%d]: channel %v already listed as channels[%d]", where, k, c, f)
				continue
			}
			if !c.Valid() {
				ps.add(joinPath(at, fmt.Sprintf(".channels[%d]", k)), ErrInvalidChannel, []ID{d.ID}, "%s channels[%d]: %d is not a channel", where, k, int(c))
			}
		}
	}
}

// firstOccurrences returns, for each entry of list, the index of an earlier equal entry, or -1:
// by scanning for short lists, with a map for long ones, so a list of n entries costs O(n).
func firstOccurrences[T comparable](list []T) []int {
	out := make([]int, len(list))
	var seen map[T]int
	if len(list) > 16 {
		seen = make(map[T]int, len(list))
	}
	for i, x := range list {
		out[i] = -1
		if seen != nil {
			if f, ok := seen[x]; ok {
				out[i] = f
			} else {
				seen[x] = i
			}
			continue
		}
		for f := range i {
			if list[f] == x {
				out[i] = f
				break
			}
		}
	}
	return out
}

// duplicated reports whether more than one object claimed id (see registerIDs).
func (m *Model) duplicated(id ID) bool {
	if m.dupIDs == nil {
		return false // the usual case, without a map lookup per edge
	}
	_, dup := m.dupIDs[id]
	return dup
}

// maxNamed bounds how many IDs a problem's detail spells out; the problem's IDs list them all.
const maxNamed = 10

// quoteSome quotes the first n IDs in brackets, separated by spaces, and counts the rest.
func quoteSome(ids []ID, n int) string {
	var b strings.Builder
	b.WriteByte('[')
	for i, id := range ids[:min(n, len(ids))] {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(strconv.Quote(string(id)))
	}
	b.WriteByte(']')
	if len(ids) > n {
		fmt.Fprintf(&b, " and %d more", len(ids)-n)
	}
	return b.String()
}

// invalidID says what is wrong with a non-empty ID, or returns "". IDs are compared byte for byte
// and must survive a JSON round trip unchanged and print unambiguously: valid UTF-8 (the encoder
// would turn other bytes into U+FFFD, so distinct IDs could collide), no control characters, no
// white space at either end. Any other Unicode is fine; no normalisation is applied.
func invalidID(id ID) string {
	s := string(id)
	// Fast path for the usual printable ASCII ID: no control character, and only ' ' could be
	// white space at an end. Anything else takes the general checks below.
	ascii := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			ascii = false
			break
		}
	}
	if ascii && len(s) > 0 {
		if s[0] == ' ' || s[len(s)-1] == ' ' {
			return "starts or ends with white space"
		}
		return ""
	}
	if !utf8.ValidString(s) {
		return "is not valid UTF-8"
	}
	for _, r := range s {
		if unicode.IsControl(r) {
			return fmt.Sprintf("holds the control character %U", r)
		}
	}
	first, _ := utf8.DecodeRuneInString(s)
	last, _ := utf8.DecodeLastRuneInString(s)
	if unicode.IsSpace(first) || unicode.IsSpace(last) {
		return "starts or ends with white space"
	}
	return ""
}
