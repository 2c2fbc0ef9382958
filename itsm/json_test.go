package itsm_test

import (
	"bytes"
	"errors"
	"flag"
	"os"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

func TestJSONExampleRoundTrip(t *testing.T) {
	m := loadExampleModel(t)
	first, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	m2, err := itsm.DecodeJSON(bytes.NewReader(first))
	if err != nil {
		t.Fatal(err)
	}
	second, _ := m2.MarshalJSON()
	if !bytes.Equal(first, second) {
		t.Errorf("encode → decode → encode differs:\n%s\n---\n%s", first, second)
	}
	// Spot-check the wire form: text enums, and unset fields left out.
	for _, want := range []string{`"format": "itsmkit.model/v1"`, `"op": "at-least"`, `"kind": "lower"`, `"kind": "facility"`, `"channels": [`} {
		if !bytes.Contains(first, []byte(want)) {
			t.Errorf("encoding lacks %s", want)
		}
	}
	for _, unwanted := range []string{`"weight"`, `"agreement": ""`, `"kind": "as-is"`, `"requires": null`} {
		if bytes.Contains(first, []byte(unwanted)) {
			t.Errorf("encoding has %s", unwanted)
		}
	}
}

const okDoc = `{"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "b"}]}]}, {"id": "b"}]}`

func TestDecodeJSONErrors(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		opts []itsm.DecodeOption
		code error
		path string
	}{
		{"not JSON", `xx`, nil, itsm.ErrSyntax, "$"},
		{"empty input", ``, nil, itsm.ErrSyntax, "$"},
		{"array document", `[]`, nil, itsm.ErrSyntax, "$"},
		{"missing format", `{}`, nil, itsm.ErrFormat, "$.format"},
		{"other format", `{"format": "itsmkit.model/v2"}`, nil, itsm.ErrFormat, "$.format"},
		{"format not a string", `{"format": 1}`, nil, itsm.ErrSyntax, "$.format"},
		{"unknown top-level field", `{"format": "itsmkit.model/v1", "colour": 1}`, nil, itsm.ErrSyntax, "$.colour"},
		{"repeated field", `{"format": "itsmkit.model/v1", "customers": [], "customers": []}`, nil, itsm.ErrSyntax, "$.customers"},
		{"list is an object", `{"format": "itsmkit.model/v1", "services": {}}`, nil, itsm.ErrSyntax, "$.services"},
		{"unknown element field", `{"format": "itsmkit.model/v1", "customers": [{"id": "c"}, {"id": "d", "colour": 1}]}`, nil, itsm.ErrSyntax, "$.customers[1].colour"},
		{"wrong type deep", `{"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "b", "weight": "x"}]}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].members[0].weight"},
		{"unknown nested field", `{"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "all-of", "k": 2}, "members": []}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].rule.k"},
		{"unknown operator", `{"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "most-of"}, "members": []}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].rule.op"},
		{"unknown resource kind", `{"format": "itsmkit.model/v1", "resources": [{"id": "r", "kind": "cloud"}]}`, nil, itsm.ErrSyntax, "$.resources[0].kind"},
		{"truncated", okDoc[:60], nil, itsm.ErrSyntax, "$.services[0].id"},
		{"trailing data", okDoc + ` {}`, nil, itsm.ErrSyntax, "$"},
		{"too many bytes", okDoc, []itsm.DecodeOption{itsm.MaxBytes(50)}, itsm.ErrLimit, "$.services[0].id"},
		{"too many objects", `{"format": "itsmkit.model/v1", "customers": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}`,
			[]itsm.DecodeOption{itsm.MaxNodes(2)}, itsm.ErrLimit, "$.customers[2]"},
		{"too many edges", okDoc, []itsm.DecodeOption{itsm.MaxEdges(0)}, itsm.ErrLimit, "$.services[0].requires[0].members[0]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := itsm.DecodeJSON(strings.NewReader(tc.doc), tc.opts...)
			var de *itsm.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *DecodeError", err)
			}
			if !errors.Is(err, tc.code) || de.Path != tc.path || !strings.HasPrefix(err.Error(), "itsm: decode "+tc.path) {
				t.Errorf("got %v (path %q), want %v at %q", err, de.Path, tc.code, tc.path)
			}
		})
	}
	// The enum error is reachable through the chain.
	_, err := itsm.DecodeJSON(strings.NewReader(`{"format": "itsmkit.model/v1", "desks": [{"id": "d", "channels": ["fax"]}]}`))
	var ee *itsm.EnumError
	if !errors.As(err, &ee) || ee.Text != "fax" {
		t.Errorf("channel fax: %v", err)
	}
}

func TestDecodeJSONLimitsAtTheEdge(t *testing.T) {
	if _, err := itsm.DecodeJSON(strings.NewReader(okDoc), itsm.MaxBytes(int64(len(okDoc))), itsm.MaxNodes(2), itsm.MaxEdges(1)); err != nil {
		t.Errorf("document exactly at every limit: %v", err)
	}
	if _, err := itsm.DecodeJSON(strings.NewReader(`{"format": "itsmkit.model/v1", "services": null}`)); err != nil {
		t.Errorf("null list: %v", err)
	}
}

func TestDecodeJSONValidation(t *testing.T) {
	doc := `{"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "ghost"}]}]}]}`
	_, err := itsm.DecodeJSON(strings.NewReader(doc))
	var ve *itsm.ValidationError
	if !errors.As(err, &ve) || !errors.Is(err, itsm.ErrUnknownReference) {
		t.Fatalf("got %v, want a ValidationError", err)
	}
	if d := cmp.Diff([]itsm.ID{"a", "ghost"}, ve.Problems[0].IDs); d != "" {
		t.Errorf("IDs (-want +got):\n%s", d)
	}
	cyc := `{"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "b"}]}]},
	  {"id": "b", "requires": [{"rule": {"op": "any-of"}, "members": [{"target": "a"}]}]}]}`
	if _, err := itsm.DecodeJSON(strings.NewReader(cyc)); err != nil {
		t.Errorf("cycle rejected by default: %v", err)
	}
	if _, err := itsm.DecodeJSON(strings.NewReader(cyc), itsm.WithBuildOptions(itsm.Strict())); !errors.Is(err, itsm.ErrCycle) {
		t.Errorf("strict: %v", err)
	}
}

// FuzzDecodeJSON: the decoder never panics, and whatever it accepts re-encodes to a fixed point.
func FuzzDecodeJSON(f *testing.F) {
	example, err := os.ReadFile("testdata/model.json")
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{string(example), okDoc, `{}`, `{"format": "itsmkit.model/v1"}`, `[`, `{"format": "itsmkit.model/v1", "users": [null]}`} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, doc []byte) {
		m, err := itsm.DecodeJSON(bytes.NewReader(doc), itsm.MaxBytes(1<<16), itsm.MaxNodes(200), itsm.MaxEdges(1000))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "itsm: ") {
				t.Errorf("unprefixed error %v", err)
			}
			return
		}
		first, err := m.MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		m2, err := itsm.DecodeJSON(bytes.NewReader(first))
		if err != nil {
			t.Fatalf("own encoding rejected: %v\n%s", err, first)
		}
		second, _ := m2.MarshalJSON()
		if !bytes.Equal(first, second) {
			t.Fatalf("not a fixed point:\n%s\n---\n%s", first, second)
		}
	})
}

var updateModelGolden = flag.Bool("update-model-golden", false, "rewrite testdata/model.golden.json from testdata/model.json")

// TestJSONGolden pins the encoder's output for the example document: canonical order, text
// enumerations, two-space indentation. Refresh with -update-model-golden after a deliberate change.
func TestJSONGolden(t *testing.T) {
	got, err := loadExampleModel(t).MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	const golden = "testdata/model.golden.json"
	if *updateModelGolden {
		if err := os.WriteFile(golden, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(string(want), string(got)); d != "" {
		t.Errorf("encoding differs from %s (-want +got):\n%s", golden, d)
	}
}
