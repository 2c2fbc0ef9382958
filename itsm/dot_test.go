package itsm_test

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

func TestWriteDOTModel(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}, itsm.Resource{ID: `odd"name`, Kind: itsm.Hardware}).
		AddService(itsm.Service{ID: "web", Requires: []itsm.Group{
			{Name: "data", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}},
			{Rule: itsm.Rule{Op: itsm.AnyOf}, Members: []itsm.Edge{{Target: `odd"name`, Map: itsm.Mapping{Kind: itsm.Lower, Levels: 1}}}},
		}}).Build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{}); err != nil {
		t.Fatal(err)
	}
	want := `digraph "itsm" {
  node [style=filled, fillcolor="#ffffff", fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  "db" [shape=ellipse, label="db"];
  "odd\"name" [shape=ellipse, label="odd\"name"];
  "web" [shape=box, label="web"];
  "web" -> "db" [label="data"];
  "web" -> "odd\"name" [label="any-of (lower 1)"];
}
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("DOT (-want +got):\n%s", diff)
	}
}

// TestWriteDOTEvaluation draws the shop under a failed replica and a cache in maintenance, with
// checkout's cause subgraph highlighted: checkout → app, and from app both of its groups at its
// state, the replica db-2 and the cache (lowered to degraded), but not the operational replicas.
func TestWriteDOTEvaluation(t *testing.T) {
	m := shop(t)
	a := mustAnalyzer(t, m, itsm.Policy{})
	ev := mustEvaluate(t, a, itsm.Observation{ID: "db-2", State: D}, itsm.Observation{ID: "cache", State: D, Flags: itsm.InMaintenance})
	var buf bytes.Buffer
	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{Name: "shop", Evaluation: ev, Highlight: []itsm.ID{"checkout"}}); err != nil {
		t.Fatal(err)
	}
	got := buf.String()
	for _, line := range []string{
		`  "checkout" [shape=box, style="filled", fillcolor="#ffe599", penwidth=3, color="#cc0000", label="checkout\ndegraded"];`,
		`  "cache" [shape=ellipse, style="filled,dashed", fillcolor="#ea9999", penwidth=3, color="#cc0000", label="cache\ndown[maintenance]"];`,
		`  "app" -> "db-2" [label="replicas", penwidth=3, color="#cc0000"];`,
		`  "app" -> "db-1" [label="replicas"];`,
		`  "app" -> "host" [label="host"];`,
		`  "app" -> "cache" [label="cache (lower 1)", penwidth=3, color="#cc0000"];`,
		`  "checkout" -> "app" [label="app", penwidth=3, color="#cc0000"];`,
		`  "db-1" [shape=ellipse, style="filled", fillcolor="#b6d7a8", label="db-1\noperational"];`,
	} {
		if !strings.Contains(got, line+"\n") {
			t.Errorf("missing line %s in\n%s", line, got)
		}
	}
	var again bytes.Buffer
	itsm.WriteDOT(&again, m, itsm.DOTOptions{Name: "shop", Evaluation: ev, Highlight: []itsm.ID{"checkout"}})
	if again.String() != got {
		t.Error("two exports differ")
	}

	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{Evaluation: ev, Highlight: []itsm.ID{"nope"}}); !errors.Is(err, itsm.ErrUnknownID) {
		t.Errorf("unknown highlight: %v", err)
	}
	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{Highlight: []itsm.ID{"app"}}); err == nil {
		t.Error("highlight without evaluation accepted")
	}
	if err := itsm.WriteDOT(&buf, shop(t), itsm.DOTOptions{Evaluation: ev}); !errors.Is(err, itsm.ErrForeignEvaluation) {
		t.Errorf("foreign evaluation: %v", err)
	}
}

func ExampleWriteDOT() {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}).
		AddService(itsm.Service{ID: "api", Requires: []itsm.Group{{Name: "store", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "db"}}}}}).
		Build()
	if err != nil {
		panic(err)
	}
	a, _ := itsm.NewAnalyzer(m, itsm.Policy{})
	ev, _ := a.Evaluate([]itsm.Observation{{ID: "db", State: itsm.Down}})
	itsm.WriteDOT(os.Stdout, m, itsm.DOTOptions{Evaluation: ev, Highlight: []itsm.ID{"api"}})
	// Output:
	// digraph "itsm" {
	//   node [style=filled, fillcolor="#ffffff", fontname="Helvetica"];
	//   edge [fontname="Helvetica", fontsize=10];
	//   "api" [shape=box, style="filled", fillcolor="#ea9999", penwidth=3, color="#cc0000", label="api\ndown"];
	//   "db" [shape=ellipse, style="filled", fillcolor="#ea9999", penwidth=3, color="#cc0000", label="db\ndown"];
	//   "api" -> "db" [label="store", penwidth=3, color="#cc0000"];
	// }
}

// Odd text stays inside its quotes: an ID ending in a backslash (Graphviz's scanner reads "\\" as a
// pair, so the closing quote is not escaped), quotes, non-ASCII letters, and names with line
// breaks (\n, \r\n, a lone \r: each one escaped line break, never raw, so a line-oriented reader of
// the output sees one statement per line; a raw CR used to pass through) and another control
// character (a space).
func TestWriteDOTEscaping(t *testing.T) {
	m, err := itsm.NewBuilder().
		AddResource(itsm.Resource{ID: `db "main"\`, Kind: itsm.Data}, itsm.Resource{ID: "κόμβος-ü", Kind: itsm.Data}).
		AddService(itsm.Service{ID: `svc\`, Requires: []itsm.Group{{Name: "a\nb\r\"c\"\x01", Rule: itsm.Rule{Op: itsm.AllOf},
			Members: depsOn(`db "main"\`, "κόμβος-ü")}}}).
		Build()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := itsm.WriteDOT(&buf, m, itsm.DOTOptions{Name: "x\r\ny"}); err != nil {
		t.Fatal(err)
	}
	want := `digraph "x\ny" {
  node [style=filled, fillcolor="#ffffff", fontname="Helvetica"];
  edge [fontname="Helvetica", fontsize=10];
  "db \"main\"\\" [shape=ellipse, label="db \"main\"\\"];
  "svc\\" [shape=box, label="svc\\"];
  "κόμβος-ü" [shape=ellipse, label="κόμβος-ü"];
  "svc\\" -> "db \"main\"\\" [label="a\nb\n\"c\" "];
  "svc\\" -> "κόμβος-ü" [label="a\nb\n\"c\" "];
}
`
	if diff := cmp.Diff(want, buf.String()); diff != "" {
		t.Errorf("DOT (-want +got):\n%s", diff)
	}
}
