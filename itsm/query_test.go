package itsm_test

import (
	"fmt"
	"os"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

func loadExampleModel(t testing.TB) *itsm.Model {
	t.Helper()
	f, err := os.Open("testdata/model.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	m, err := itsm.DecodeJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestQueries(t *testing.T) {
	m := loadExampleModel(t)
	got := map[string][]itsm.ID{
		"deps email":        slices.Collect(m.Dependencies("email")),
		"deps* email":       slices.Collect(m.TransitiveDependencies("email")),
		"dependents dc":     slices.Collect(m.Dependents("dc-north")),
		"dependents* dc":    slices.Collect(m.TransitiveDependents("dc-north")),
		"dependents* ops":   slices.Collect(m.TransitiveDependents("ops-team")),
		"deps unknown":      slices.Collect(m.Dependencies("nope")),
		"dependents* cust":  slices.Collect(m.TransitiveDependents("sales")),
		"services of sales": slices.Collect(m.ServicesOf("sales")),
		"users of email":    slices.Collect(m.UsersOf("email")),
		"users of identity": slices.Collect(m.UsersOf("identity")),
		"aps of email":      slices.Collect(m.AccessPointsOf("email")),
	}
	want := map[string][]itsm.ID{
		"deps email":        {"mx-1", "mx-2", "mail-store", "identity", "internet"},
		"deps* email":       {"mx-1", "mx-2", "mail-store", "identity", "internet", "dc-north", "dc-south", "ldap-a", "ldap-b", "ops-team"},
		"dependents dc":     {"mx-1"},
		"dependents* dc":    {"mx-1", "email"},
		"dependents* ops":   {"identity", "email"},
		"services of sales": {"email", "identity"},
		"users of email":    {"alice", "bob"},
		"users of identity": {"alice"},
		"aps of email":      {"owa"},
		"deps unknown":      nil,
		"dependents* cust":  nil,
	}
	if d := cmp.Diff(want, got, equateEmpty); d != "" {
		t.Errorf("walks (-want +got):\n%s", d)
	}
	var subs []itsm.Subscription
	for s := range m.SubscribersOf("email") {
		subs = append(subs, s)
	}
	wantSubs := []itsm.Subscription{{Customer: "finance", Service: "email", Agreement: "SLA-2026-FIN"}, {Customer: "sales", Service: "email", Agreement: "SLA-2026-SALES"}}
	if d := cmp.Diff(wantSubs, subs); d != "" {
		t.Errorf("subscribers (-want +got):\n%s", d)
	}
}

func TestIndexing(t *testing.T) {
	m := loadExampleModel(t)
	var ids []itsm.ID
	var services []bool
	for i := range m.Len() {
		ids = append(ids, m.IDAt(i))
		services = append(services, m.IsService(i))
		if j, ok := m.Index(m.IDAt(i)); !ok || j != i {
			t.Errorf("Index(IDAt(%d)) = %d, %v", i, j, ok)
		}
	}
	wantIDs := []itsm.ID{"dc-north", "dc-south", "email", "identity", "internet", "ldap-a", "ldap-b", "mail-store", "mx-1", "mx-2", "ops-team"}
	if d := cmp.Diff(wantIDs, ids); d != "" {
		t.Errorf("IDs by index (-want +got):\n%s", d)
	}
	if d := cmp.Diff([]bool{false, false, true, true, true, false, false, false, false, false, false}, services); d != "" {
		t.Errorf("IsService (-want +got):\n%s", d)
	}
	if _, ok := m.Index("sales"); ok {
		t.Error("a customer has a node index")
	}
	// Graph().Out lines up with the flattened group members.
	for i := range m.Len() {
		var flat []int32
		for _, g := range m.Groups(i) {
			for _, e := range g.Members {
				j, _ := m.Index(e.Target)
				flat = append(flat, int32(j))
			}
		}
		if d := cmp.Diff(flat, m.Graph().Out(int32(i)), equateEmpty); d != "" {
			t.Errorf("node %s out-edges (-groups +graph):\n%s", m.IDAt(i), d)
		}
	}
}

func TestLookups(t *testing.T) {
	m := loadExampleModel(t)
	s, ok := m.Service("identity")
	if !ok || s.Name != "Single sign-on" || len(s.Requires) != 2 {
		t.Errorf("Service(identity) = %+v, %v", s, ok)
	}
	// The returned value is a copy: changing it leaves the model alone.
	s.Requires[0].Members[0].Target = "changed"
	s.Usage[0] = "changed"
	again, _ := m.Service("identity")
	if again.Requires[0].Members[0].Target != "ldap-a" || again.Usage[0] != "log in" {
		t.Error("Service returned the model's own slices")
	}
	if _, ok := m.Service("mx-1"); ok {
		t.Error("Service(resource) found")
	}
	if r, ok := m.Resource("mx-1"); !ok || r.Kind != itsm.Hardware {
		t.Errorf("Resource(mx-1) = %+v", r)
	}
	if p, ok := m.Provider("netco"); !ok || p.Name != "NetCo carrier" {
		t.Errorf("Provider = %+v", p)
	}
	if c, ok := m.Customer("sales"); !ok || c.Name != "Sales department" {
		t.Errorf("Customer = %+v", c)
	}
	if u, ok := m.User("bob"); !ok || u.Customer != "finance" {
		t.Errorf("User = %+v", u)
	}
	if a, ok := m.AccessPoint("owa"); !ok || a.Service != "email" {
		t.Errorf("AccessPoint = %+v", a)
	}
	if d, ok := m.Desk("desk"); !ok || !slices.Equal(d.Channels, []itsm.Channel{itsm.Phone, itsm.Email, itsm.Portal}) {
		t.Errorf("Desk = %+v", d)
	}
	var n [8]int
	for range m.Providers() {
		n[0]++
	}
	for range m.Services() {
		n[1]++
	}
	for range m.Resources() {
		n[2]++
	}
	for range m.AccessPoints() {
		n[3]++
	}
	for range m.Customers() {
		n[4]++
	}
	for range m.Subscriptions() {
		n[5]++
	}
	for range m.Users() {
		n[6]++
	}
	for range m.Desks() {
		n[7]++
	}
	if d := cmp.Diff([8]int{2, 3, 8, 2, 2, 3, 2, 1}, n); d != "" {
		t.Errorf("counts (-want +got):\n%s", d)
	}
	if m.Cycles() != nil {
		t.Errorf("cycles %v", m.Cycles())
	}
}

func TestZeroModel(t *testing.T) {
	var m itsm.Model
	if m.Len() != 0 || m.Graph().Len() != 0 || m.Cycles() != nil || m.Components().Count() != 0 {
		t.Error("zero model not empty")
	}
	for range m.Services() {
		t.Error("zero model has services")
	}
	for range m.TransitiveDependents("x") {
		t.Error("zero model has dependents")
	}
	for range m.UsersOf("x") {
		t.Error("zero model has users")
	}
}

func TestStringers(t *testing.T) {
	got := []string{itsm.Hardware.String(), itsm.Supplier.String(), itsm.ResourceKind(0).String(),
		itsm.Phone.String(), itsm.WalkIn.String(), itsm.Channel(9).String()}
	want := []string{"hardware", "supplier", "ResourceKind(0)", "phone", "walk-in", "Channel(9)"}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
	var k itsm.ResourceKind
	if err := k.UnmarshalText([]byte("facility")); err != nil || k != itsm.Facility {
		t.Errorf("UnmarshalText facility: %v %v", k, err)
	}
	if err := k.UnmarshalText([]byte("Facility")); err == nil {
		t.Error("UnmarshalText is case-insensitive")
	}
	if _, err := itsm.ResourceKind(0).MarshalText(); err == nil {
		t.Error("marshalled an invalid kind")
	}
	var c itsm.Channel
	if err := c.UnmarshalText([]byte("chat")); err != nil || c != itsm.Chat {
		t.Errorf("UnmarshalText chat: %v %v", c, err)
	}
	if _, err := itsm.Channel(0).MarshalText(); err == nil {
		t.Error("marshalled an invalid channel")
	}
}

// TestLongChain: a dependency chain of 100,000 services builds, and walks from either end reach
// every other node, without recursion limits (internal/graph tests a chain of a million).
func TestLongChain(t *testing.T) {
	const n = 100_000
	b := itsm.NewBuilder()
	id := func(i int) itsm.ID { return itsm.ID(fmt.Sprintf("s%06d", i)) }
	svcs := make([]itsm.Service, n)
	for i := range n {
		svcs[i] = itsm.Service{ID: id(i)}
		if i+1 < n {
			svcs[i].Requires = []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: id(i + 1)}}}}
		}
	}
	m, err := b.AddService(svcs...).Build(itsm.Strict())
	if err != nil {
		t.Fatal(err)
	}
	count := func(seq func(func(itsm.ID) bool)) int {
		c := 0
		for range seq {
			c++
		}
		return c
	}
	if got := count(m.TransitiveDependencies(id(0))); got != n-1 {
		t.Errorf("dependencies of the head: %d", got)
	}
	if got := count(m.TransitiveDependents(id(n - 1))); got != n-1 {
		t.Errorf("dependents of the tail: %d", got)
	}
	if c := m.Components(); c.Count() != n || m.IDAt(int(c.Order()[0])) != id(0) {
		t.Errorf("components: %d, first %s", c.Count(), m.IDAt(int(c.Order()[0])))
	}
}

func TestDesksFor(t *testing.T) {
	m, err := modelBase().
		AddDesk(itsm.ServiceDesk{ID: "global", Channels: []itsm.Channel{itsm.Email}},
			itsm.ServiceDesk{ID: "app-desk", Services: []itsm.ID{"app"}, Channels: []itsm.Channel{itsm.Chat}}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]itsm.ID{
		"c web":     slices.Collect(m.DesksFor("c", "web")),
		"c app":     slices.Collect(m.DesksFor("c", "app")),
		"other web": slices.Collect(m.DesksFor("other", "web")),
	}
	want := map[string][]itsm.ID{
		"c web":     {"desk", "global"},
		"c app":     {"app-desk", "global"},
		"other web": {"global"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("(-want +got):\n%s", d)
	}
}

// TestMillionCycle: a dependency chain of a million services closed into one cycle builds, is
// reported as one cycle (and rejected by Strict with a short message), and every walk reaches
// every other node: nothing recurses per node. Skipped with -short and under the race detector.
func TestMillionCycle(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("a million nodes: skipped with -short and -race")
	}
	const n = 1_000_000
	id := func(i int) itsm.ID { return itsm.ID(fmt.Sprintf("s%07d", i)) }
	svcs := make([]itsm.Service, n)
	for i := range n {
		svcs[i] = itsm.Service{ID: id(i), Requires: []itsm.Group{allOfGroup(id((i + 1) % n))}}
	}
	m, err := itsm.NewBuilder().AddService(svcs...).Build()
	if err != nil {
		t.Fatal(err)
	}
	count := func(seq func(func(itsm.ID) bool)) int {
		c := 0
		for range seq {
			c++
		}
		return c
	}
	if got := count(m.TransitiveDependencies(id(0))); got != n-1 {
		t.Errorf("dependencies of s0000000: %d, want %d", got, n-1)
	}
	if got := count(m.TransitiveDependents(id(0))); got != n-1 {
		t.Errorf("dependents of s0000000: %d, want %d", got, n-1)
	}
	if cs := m.Cycles(); len(cs) != 1 || len(cs[0]) != n || cs[0][0] != id(0) || cs[0][n-1] != id(n-1) {
		t.Errorf("cycles: %d", len(cs))
	}
	_, err = itsm.NewBuilder().AddService(svcs...).Build(itsm.Strict())
	want := `itsm: invalid model: 1 problem; cycle among 1000000 nodes: ["s0000000" "s0000001" "s0000002" "s0000003" "s0000004" "s0000005" "s0000006" "s0000007" "s0000008" "s0000009"] and 999990 more`
	if err == nil || err.Error() != want {
		t.Errorf("strict:\n got %v\nwant %s", err, want)
	}
}
