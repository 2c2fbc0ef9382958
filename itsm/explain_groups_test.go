package itsm_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// twoReplicas is the reproducer: webshop needs any of db-1 and db-2, both down.
func twoReplicas(t *testing.T) (*itsm.Model, *itsm.Evaluation) {
	t.Helper()
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db-1", Kind: itsm.Data}, itsm.Resource{ID: "db-2", Kind: itsm.Data}).
		AddService(itsm.Service{ID: "webshop", Requires: []itsm.Group{{Name: "db", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: depsOn("db-1", "db-2")}}}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	return m, mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "db-1", State: D}, itsm.Observation{ID: "db-2", State: D})
}

func pathIDs(t *testing.T, ev *itsm.Evaluation, id itsm.ID) []itsm.ID {
	t.Helper()
	path, err := ev.Path(id)
	if err != nil {
		t.Fatal(err)
	}
	var ids []itsm.ID
	for _, x := range path {
		ids = append(ids, x.ID)
	}
	return ids
}

// Both replicas down: Explain and Causes name both, Path is one representative chain, and the
// DOT highlight draws every cause — both edges — not just that chain.
func TestHighlightEveryReplica(t *testing.T) {
	m, ev := twoReplicas(t)
	x, _ := ev.Explain("webshop")
	if want := `webshop down: group "db" any-of: 2 down of 2 applicable; decided by db-1 down, db-2 down`; x.String() != want {
		t.Errorf("explain\n got %s\nwant %s", x, want)
	}
	if diff := cmp.Diff([]itsm.ID{"webshop", "db-1"}, pathIDs(t, ev, "webshop")); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
	causes, _ := ev.Causes("webshop")
	if diff := cmp.Diff([]itsm.ID{"db-1", "db-2"}, causes); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{Evaluation: ev, Highlight: []itsm.ID{"webshop"}}); err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		`  "webshop" -> "db-1" [label="db", penwidth=3, color="#cc0000"];`,
		`  "webshop" -> "db-2" [label="db", penwidth=3, color="#cc0000"];`,
		`  "db-1" [shape=ellipse, style="filled", fillcolor="#ea9999", penwidth=3, color="#cc0000", label="db-1\ndown"];`,
		`  "db-2" [shape=ellipse, style="filled", fillcolor="#ea9999", penwidth=3, color="#cc0000", label="db-2\ndown"];`,
	} {
		if !strings.Contains(buf.String(), line+"\n") {
			t.Errorf("missing %s in\n%s", line, buf.String())
		}
	}
}

// The highlight is the whole cause subgraph back to the observed inputs, through every level,
// and nothing else: webshop → app → both replicas, and db-1 → host-1 behind the first; app's
// operational cache is not drawn.
func TestHighlightCauseSubgraph(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "host-1", Kind: itsm.Hardware}, itsm.Resource{ID: "db-2", Kind: itsm.Data},
			itsm.Resource{ID: "cache", Kind: itsm.Software},
			itsm.Resource{ID: "db-1", Kind: itsm.Data, Requires: []itsm.Group{{Name: "host", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("host-1")}}}).
		AddService(itsm.Service{ID: "app", Requires: []itsm.Group{
			{Name: "db", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: depsOn("db-1", "db-2")},
			{Name: "cache", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("cache")}}},
			itsm.Service{ID: "webshop", Requires: []itsm.Group{{Name: "app", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("app")}}}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: "host-1", State: D}, itsm.Observation{ID: "db-2", State: D})
	if diff := cmp.Diff([]itsm.ID{"webshop", "app", "db-2"}, pathIDs(t, ev, "webshop")); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
	causes, _ := ev.Causes("webshop")
	if diff := cmp.Diff([]itsm.ID{"db-2", "host-1"}, causes); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}
	var buf bytes.Buffer
	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{Evaluation: ev, Highlight: []itsm.ID{"webshop"}}); err != nil {
		t.Fatal(err)
	}
	var bold []string
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.Contains(line, "penwidth=3") {
			bold = append(bold, strings.Fields(line)[0]+strings.Join(strings.Fields(line)[1:2], ""))
		}
	}
	want := []string{`"app"[shape=box,`, `"db-1"[shape=ellipse,`, `"db-2"[shape=ellipse,`, `"host-1"[shape=ellipse,`, `"webshop"[shape=box,`,
		`"app"->`, `"app"->`, `"db-1"->`, `"webshop"->`}
	if diff := cmp.Diff(want, bold); diff != "" {
		t.Errorf("bold lines (-want +got):\n%s\n%s", diff, buf.String())
	}
	for _, line := range []string{
		`  "app" -> "db-1" [label="db", penwidth=3, color="#cc0000"];`,
		`  "app" -> "db-2" [label="db", penwidth=3, color="#cc0000"];`,
		`  "app" -> "cache" [label="cache"];`,
		`  "db-1" -> "host-1" [label="host", penwidth=3, color="#cc0000"];`,
	} {
		if !strings.Contains(buf.String(), line+"\n") {
			t.Errorf("missing %s in\n%s", line, buf.String())
		}
	}
}

// The highlight is linear in the cause subgraph, however many chains run through it: a ladder
// of any-of pairs, each rung needing either node of the next, has 2^depth paths from the top but
// 4·depth edges, all of them causes.
func TestHighlightLinear(t *testing.T) {
	const depth = 3000
	b := itsm.NewBuilder()
	id := func(level, k int) itsm.ID { return itsm.ID(fmt.Sprintf("n%04d-%d", level, k)) }
	b.AddResource(itsm.Resource{ID: id(depth, 0), Kind: itsm.Hardware}, itsm.Resource{ID: id(depth, 1), Kind: itsm.Hardware})
	for l := depth - 1; l >= 0; l-- {
		for k := range 2 {
			b.AddService(itsm.Service{ID: id(l, k), Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AnyOf}, Members: depsOn(id(l+1, 0), id(l+1, 1))}}})
		}
	}
	m, err := b.Build()
	if err != nil {
		t.Fatal(err)
	}
	ev := mustEvaluate(t, mustAnalyzer(t, m, itsm.Policy{}), itsm.Observation{ID: id(depth, 0), State: D}, itsm.Observation{ID: id(depth, 1), State: D})
	var buf bytes.Buffer
	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{Evaluation: ev, Highlight: []itsm.ID{id(0, 0)}}); err != nil {
		t.Fatal(err)
	}
	edges := strings.Count(buf.String(), `-> `)
	boldEdges := 0
	for _, line := range strings.Split(buf.String(), "\n") {
		if strings.Contains(line, "->") && strings.Contains(line, "penwidth=3") {
			boldEdges++
		}
	}
	// Every edge below the top rung's partner n0000-1 is a cause edge; n0000-1's own two are not.
	if edges != 4*depth || boldEdges != 4*depth-2 {
		t.Errorf("%d edges, %d bold; want %d, %d", edges, boldEdges, 4*depth, 4*depth-2)
	}
	causes, _ := ev.Causes(id(0, 0))
	if len(causes) != 2 {
		t.Errorf("causes %v", causes)
	}
}

// Every group at the node's state is named, in group order; a group at a lower state is not,
// and an observed node is explained by its observation (it is an input).
func TestExplainEveryDecidingGroup(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}, itsm.Resource{ID: "app", Kind: itsm.Software}, itsm.Resource{ID: "log", Kind: itsm.Software}).
		AddService(itsm.Service{ID: "node", Requires: []itsm.Group{
			{Name: "db", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("db")},
			{Name: "logs", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("log")},
			{Name: "app", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("app")}}},
			itsm.Service{ID: "top", Requires: []itsm.Group{{Name: "node", Rule: itsm.Rule{Op: itsm.AllOf}, Members: depsOn("node")}}}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	a := mustAnalyzer(t, m, itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "db", State: D}, itsm.Observation{ID: "app", State: D, Flags: itsm.Acknowledged},
		itsm.Observation{ID: "log", State: G})
	x, _ := ev.Explain("node")
	want := `node down: group "db" all-of: 1 down of 1 applicable; decided by db down; ` +
		`and group "app" all-of: 1 down of 1 applicable; decided by app down[acknowledged]`
	if x.String() != want {
		t.Errorf("explain\n got %s\nwant %s", x, want)
	}
	if x.Group != "db" || x.GroupAt != 0 || len(x.Also) != 1 || x.Also[0].Group != "app" || x.Also[0].GroupAt != 2 {
		t.Errorf("groups: %q@%d, also %+v", x.Group, x.GroupAt, x.Also)
	}
	doc, _ := json.Marshal(x)
	if !strings.Contains(string(doc), `"also":[{"group":"app","groupAt":2,`) {
		t.Errorf("JSON lacks the second group: %s", doc)
	}
	causes, _ := ev.Causes("top")
	if diff := cmp.Diff([]itsm.ID{"app", "db"}, causes); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}
	// The handled flag is the deciders' common one: db is not acknowledged, so node is not.
	if st, _ := ev.Status("node"); st.Flags != 0 {
		t.Errorf("node flags %v", st.Flags)
	}
	// Incremental changes explain with every group too.
	in := mustEvaluate(t, a).Incremental()
	changes, err := in.Apply(itsm.Observation{ID: "db", State: D}, itsm.Observation{ID: "app", State: D})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range changes {
		if c.ID == "node" && !strings.Contains(c.String(), `; and group "app" all-of`) {
			t.Errorf("change %s names one group", c)
		}
	}
	// Observed down as well: the observation explains it, the node is an input.
	obs := mustEvaluate(t, a, itsm.Observation{ID: "db", State: D}, itsm.Observation{ID: "node", State: D})
	if x, _ := obs.Explain("node"); x.String() != "node down: observed" || x.Also != nil {
		t.Errorf("observed node: %s, also %+v", x, x.Also)
	}
}
