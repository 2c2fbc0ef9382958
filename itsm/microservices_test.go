package itsm_test

import (
	"bytes"
	"errors"
	"io/fs"
	"maps"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/itsm"
)

func loadMicroservices(t testing.TB) map[string]*itsm.Model {
	t.Helper()
	sub, err := fs.Sub(dataset.FS(), dataset.MicroserviceGraphs)
	if err != nil {
		t.Fatal(err)
	}
	ms, err := itsm.LoadMicroserviceGraphs(sub)
	if err != nil {
		t.Fatal(err)
	}
	return ms
}

// TestMicroserviceCounts pins the node and edge counts per system against the dataset README's
// table (nodes.csv and edges.csv rows per system).
func TestMicroserviceCounts(t *testing.T) {
	ms := loadMicroservices(t)
	type counts struct{ Nodes, Edges, Services, Resources int }
	got := map[string]counts{}
	for sys, m := range ms {
		c := counts{Nodes: m.Len(), Edges: m.Graph().EdgeCount()}
		for range m.Services() {
			c.Services++
		}
		for range m.Resources() {
			c.Resources++
		}
		got[sys] = c
	}
	want := map[string]counts{
		"online-boutique":                   {Nodes: 12, Edges: 16, Services: 11, Resources: 1},
		"deathstarbench-socialnetwork":      {Nodes: 26, Edges: 33, Services: 13, Resources: 13},
		"deathstarbench-mediamicroservices": {Nodes: 31, Edges: 36, Services: 13, Resources: 18},
		"deathstarbench-hotelreservation":   {Nodes: 23, Edges: 31, Services: 10, Resources: 13},
		"trainticket":                       {Nodes: 68, Edges: 154, Services: 42, Resources: 26},
		"sockshop":                          {Nodes: 13, Edges: 14, Services: 8, Resources: 5},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("counts (-want +got):\n%s", d)
	}
}

// TestMicroserviceCycles: the cycles are exactly those the dataset README names.
// social-graph-service ⇄ user-service is one component; ts-travel-service ⇄ ts-seat-service and
// ts-travel2-service ⇄ ts-seat-service share ts-seat-service, so they form one strongly connected
// component of three, made of exactly those two two-node cycles.
func TestMicroserviceCycles(t *testing.T) {
	ms := loadMicroservices(t)
	got := map[string][][]itsm.ID{}
	for sys, m := range ms {
		if c := m.Cycles(); c != nil {
			got[sys] = c
		}
	}
	want := map[string][][]itsm.ID{
		"deathstarbench-socialnetwork": {{"social-graph-service", "user-service"}},
		"trainticket":                  {{"ts-seat-service", "ts-travel-service", "ts-travel2-service"}},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("cycles (-want +got):\n%s", d)
	}
	// Edges inside the TrainTicket component: exactly the two named two-node cycles.
	m := ms["trainticket"]
	inside := map[itsm.ID]bool{"ts-seat-service": true, "ts-travel-service": true, "ts-travel2-service": true}
	var edges [][2]itsm.ID
	for from := range inside {
		for to := range m.Dependencies(from) {
			if inside[to] {
				edges = append(edges, [2]itsm.ID{from, to})
			}
		}
	}
	slices.SortFunc(edges, func(a, b [2]itsm.ID) int { return slices.Compare(a[:], b[:]) })
	wantEdges := [][2]itsm.ID{
		{"ts-seat-service", "ts-travel-service"}, {"ts-seat-service", "ts-travel2-service"},
		{"ts-travel-service", "ts-seat-service"}, {"ts-travel2-service", "ts-seat-service"},
	}
	if d := cmp.Diff(wantEdges, edges); d != "" {
		t.Errorf("edges inside the TrainTicket cycle (-want +got):\n%s", d)
	}
	// Strict mode rejects exactly these systems, naming the component.
	for _, sys := range slices.Sorted(maps.Keys(ms)) {
		doc, err := ms[sys].MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		_, err = itsm.DecodeJSON(bytes.NewReader(doc), itsm.WithBuildOptions(itsm.Strict()))
		var ve *itsm.ValidationError
		switch {
		case want[sys] == nil && err != nil:
			t.Errorf("%s: strict: %v", sys, err)
		case want[sys] != nil && (!errors.As(err, &ve) || !errors.Is(err, itsm.ErrCycle)):
			t.Errorf("%s: strict: %v, want ErrCycle", sys, err)
		case want[sys] != nil:
			if d := cmp.Diff(want[sys][0], ve.Problems[0].IDs); d != "" {
				t.Errorf("%s: strict problem IDs (-want +got):\n%s", sys, d)
			}
		}
	}
}

// TestMicroserviceHubs: fan-in counts the dataset README states.
func TestMicroserviceHubs(t *testing.T) {
	ms := loadMicroservices(t)
	tt := ms["trainticket"]
	for _, hub := range []itsm.ID{"ts-station-service", "ts-order-service", "ts-order-other-service"} {
		deps := slices.Collect(tt.Dependents(hub))
		if len(deps) != 11 || !slices.Contains(deps, "ts-ui-dashboard") {
			t.Errorf("%s: %d dependents %v, want 11 including ts-ui-dashboard", hub, len(deps), deps)
		}
	}
	ob := ms["online-boutique"]
	got := map[itsm.ID][]itsm.ID{}
	for _, hub := range []itsm.ID{"productcatalogservice", "currencyservice"} {
		got[hub] = slices.Collect(ob.Dependents(hub))
	}
	want := map[itsm.ID][]itsm.ID{
		"currencyservice":       {"checkoutservice", "frontend"},
		"productcatalogservice": {"checkoutservice", "frontend", "recommendationservice"},
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("Online Boutique shared services (-want +got):\n%s", d)
	}
	// Deployed but unused components have no edges at all.
	unused := map[string][]itsm.ID{
		"deathstarbench-socialnetwork": {"media-memcached"},
		"trainticket":                  {"redis", "ts-account-mongo", "ts-rebook-mongo", "ts-news-mongo"},
	}
	for sys, ids := range unused {
		for _, id := range ids {
			i, ok := ms[sys].Index(id)
			if !ok || ms[sys].Graph().InDegree(int32(i))+ms[sys].Graph().OutDegree(int32(i)) != 0 {
				t.Errorf("%s %s: want an unused node", sys, id)
			}
		}
	}
}

// TestMicroserviceOptionalEdge: Online Boutique frontend → shoppingassistantservice is the only
// optional edge; it sits in its own group that can degrade the frontend but never take it down.
func TestMicroserviceOptionalEdge(t *testing.T) {
	ms := loadMicroservices(t)
	var optional []string
	for _, sys := range slices.Sorted(maps.Keys(ms)) {
		for s := range ms[sys].Services() {
			for _, g := range s.Requires {
				if g.Name == itsm.MicroserviceOptional {
					for _, e := range g.Members {
						optional = append(optional, sys+": "+string(s.ID)+" → "+string(e.Target))
					}
				}
			}
		}
	}
	if d := cmp.Diff([]string{"online-boutique: frontend → shoppingassistantservice"}, optional); d != "" {
		t.Errorf("optional edges (-want +got):\n%s", d)
	}
	fe, _ := ms["online-boutique"].Service("frontend")
	want := []itsm.Group{
		{Name: itsm.MicroserviceRequired, Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{
			{Target: "productcatalogservice"}, {Target: "currencyservice"}, {Target: "cartservice"},
			{Target: "recommendationservice"}, {Target: "shippingservice"}, {Target: "checkoutservice"}, {Target: "adservice"}}},
		{Name: itsm.MicroserviceOptional, Rule: itsm.Rule{Op: itsm.AtLeast, DegradedBelow: itsm.Threshold{Count: 1}},
			Members: []itsm.Edge{{Target: "shoppingassistantservice"}}},
	}
	if d := cmp.Diff(want, fe.Requires); d != "" {
		t.Errorf("frontend groups (-want +got):\n%s", d)
	}
}

func TestMicroserviceResourceKinds(t *testing.T) {
	ms := loadMicroservices(t)
	got := map[string]itsm.ResourceKind{}
	for _, c := range []struct {
		sys string
		id  itsm.ID
	}{{"online-boutique", "redis-cart"}, {"deathstarbench-hotelreservation", "consul"}, {"sockshop", "rabbitmq"}, {"trainticket", "ts-order-mongo"}} {
		r, ok := ms[c.sys].Resource(c.id)
		if !ok {
			t.Fatalf("%s: no resource %s", c.sys, c.id)
		}
		got[string(c.id)] = r.Kind
	}
	want := map[string]itsm.ResourceKind{"redis-cart": itsm.Software, "consul": itsm.Software, "rabbitmq": itsm.Software, "ts-order-mongo": itsm.Data}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("kinds (-want +got):\n%s", d)
	}
}

func TestMicroserviceBadFiles(t *testing.T) {
	good := "system,node,kind\ns,a,service\ns,b,database\n"
	goodEdges := "system,source,target,target_kind,protocol,optional,evidence\ns,a,b,database,mysql,false,x\n"
	for name, tc := range map[string]struct {
		nodes, edges string
		line         int
	}{
		"bad header":        {"system,node\ns,a\n", goodEdges, 1},
		"unknown kind":      {"system,node,kind\ns,a,lambda\n", goodEdges, 2},
		"duplicate node":    {good + "s,a,service\n", goodEdges, 4},
		"missing target":    {good, goodEdges + "s,a,zz,service,http,false,x\n", 3},
		"kind mismatch":     {good, goodEdges + "s,b,a,service,http,false,x\n", 3},
		"target kind":       {good, "system,source,target,target_kind,protocol,optional,evidence\ns,a,b,cache,redis,false,x\n", 2},
		"optional not bool": {good, "system,source,target,target_kind,protocol,optional,evidence\ns,a,b,database,mysql,maybe,x\n", 2},
		"wrong field count": {good, goodEdges + "s,a\n", 3},
		"unknown system":    {good, goodEdges + "t,a,b,database,mysql,false,x\n", 3},
		// Faults Build would only find later, reported at their own line of their own file.
		"self-loop":             {good, goodEdges + "s,a,a,service,http,false,x\n", 3},
		"edge listed twice":     {good, goodEdges + "s,a,b,database,mysql,false,y\n", 3},
		"node named its system": {good + "s,s,service\n", goodEdges, 4},
		"node name padded":      {good + "s, c,service\n", goodEdges, 4},
		"system name control":   {good + "t\x01,c,service\n", goodEdges, 4},
	} {
		fsys := fstest.MapFS{"nodes.csv": {Data: []byte(tc.nodes)}, "edges.csv": {Data: []byte(tc.edges)}}
		_, err := itsm.LoadMicroserviceGraphs(fsys)
		var de *itsm.DatasetError
		if !errors.As(err, &de) || !errors.Is(err, itsm.ErrDataset) || de.Line != tc.line {
			t.Errorf("%s: got %v, want a DatasetError at line %d", name, err, tc.line)
		}
	}
	if _, err := itsm.LoadMicroserviceGraphs(fstest.MapFS{}); err == nil {
		t.Error("empty file system: no error")
	}
}

// FuzzLoadMicroserviceGraphs: whatever the two files hold, the loader returns models or a
// *DatasetError wrapping ErrDataset, never panics, and every model it returns is valid.
func FuzzLoadMicroserviceGraphs(f *testing.F) {
	f.Add("system,node,kind\ns,a,service\ns,b,database\n", "system,source,target,target_kind,protocol,optional,evidence\ns,a,b,database,mysql,false,x\n")
	f.Add("system,node,kind\ns,a,frontend\ns,b,service\n", "system,source,target,target_kind,protocol,optional,evidence\ns,a,b,service,http,true,x\ns,b,a,service,http,false,x\n")
	f.Fuzz(func(t *testing.T, nodes, edges string) {
		fsys := fstest.MapFS{"nodes.csv": {Data: []byte(nodes)}, "edges.csv": {Data: []byte(edges)}}
		ms, err := itsm.LoadMicroserviceGraphs(fsys)
		if err != nil {
			var de *itsm.DatasetError
			if !errors.As(err, &de) || !errors.Is(err, itsm.ErrDataset) {
				t.Fatalf("error %v is not a DatasetError wrapping ErrDataset", err)
			}
			return
		}
		for sys, m := range ms {
			if m == nil || m.Len() == 0 {
				t.Fatalf("system %q: empty model", sys)
			}
		}
	})
}

// Every loader error names the package, the file, the line and (for CSV syntax) the column
// once, whatever layer found it.
func TestMicroserviceErrorText(t *testing.T) {
	goodEdges := "system,source,target,target_kind,protocol,optional,evidence\ns,a,b,database,mysql,false,x\n"
	for name, tc := range map[string]struct {
		nodes, edges string
		want         string
		line, col    int
	}{
		"bad header": {"system,node\ns,a\n", goodEdges,
			`itsm: nodes.csv:1: malformed microservice dataset: header ["system" "node"], want ["system" "node" "kind"]`, 1, 0},
		"bare quote": {"system,node,kind\ns,a\"b,service\n", goodEdges,
			`itsm: nodes.csv:2:4: malformed microservice dataset: bare " in non-quoted-field`, 2, 4},
		"wrong field count": {"system,node,kind\ns,a,service\ns,b\n", goodEdges,
			`itsm: nodes.csv:3: malformed microservice dataset: 2 fields, want 3`, 3, 0},
		"unknown kind": {"system,node,kind\ns,a,lambda\n", goodEdges,
			`itsm: nodes.csv:2: malformed microservice dataset: unknown kind "lambda"`, 2, 0},
	} {
		fsys := fstest.MapFS{"nodes.csv": {Data: []byte(tc.nodes)}, "edges.csv": {Data: []byte(tc.edges)}}
		_, err := itsm.LoadMicroserviceGraphs(fsys)
		var de *itsm.DatasetError
		if !errors.As(err, &de) || !errors.Is(err, itsm.ErrDataset) {
			t.Fatalf("%s: got %v, want a DatasetError", name, err)
		}
		if d := cmp.Diff(tc.want, err.Error()); d != "" {
			t.Errorf("%s: message (-want +got):\n%s", name, d)
		}
		if de.Line != tc.line || de.Column != tc.col {
			t.Errorf("%s: at %d:%d, want %d:%d", name, de.Line, de.Column, tc.line, tc.col)
		}
		if strings.Contains(de.Err.Error(), "nodes.csv") || strings.Contains(de.Err.Error(), "itsm:") {
			t.Errorf("%s: cause %q repeats the location or the prefix", name, de.Err)
		}
	}
}
