package itsm_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"testing"

	"github.com/itsmkit/itsmkit/itsm"
)

// encoding/json decodes a *Model field through UnmarshalJSON, which is DecodeJSON: the model
// round-trips inside a larger document instead of decoding silently to an empty model, and every
// DecodeJSON check applies.
func TestModelUnmarshalJSON(t *testing.T) {
	type envelope struct {
		Name  string      `json:"name"`
		Model *itsm.Model `json:"model"`
	}
	m := loadExampleModel(t)
	doc, err := json.Marshal(envelope{Name: "example", Model: m})
	if err != nil {
		t.Fatal(err)
	}
	var got envelope
	if err := json.Unmarshal(doc, &got); err != nil {
		t.Fatal(err)
	}
	if got.Model == nil || got.Model.Len() != m.Len() || got.Model.Len() == 0 {
		t.Fatalf("decoded model has %d nodes, want %d", got.Model.Len(), m.Len())
	}
	want, _ := m.MarshalJSON()
	again, _ := got.Model.MarshalJSON()
	if !bytes.Equal(want, again) {
		t.Errorf("round trip differs:\n%s\n---\n%s", want, again)
	}
	if _, err := itsm.NewAnalyzer(got.Model, itsm.Policy{}); err != nil {
		t.Errorf("decoded model does not analyse: %v", err)
	}

	// A null field stays nil (encoding/json's reading of null for a pointer).
	var none envelope
	if err := json.Unmarshal([]byte(`{"name": "x", "model": null}`), &none); err != nil || none.Model != nil {
		t.Errorf("null model: %v, %v", none.Model, err)
	}
	// The model inside is as strict as DecodeJSON: a typo is a *DecodeError with its path, an
	// invalid model the *ValidationError, a value that is not a document an ErrSyntax.
	for _, tc := range []struct {
		doc  string
		want error
	}{
		{`{"model": {"format": "itsmkit.model/v1", "services": [{"id": "a", "provider": "p", "nmae": "x"}]}}`, itsm.ErrSyntax},
		{`{"model": {"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "b"}]}]}]}}`, itsm.ErrUnknownReference},
		{`{"model": {}}`, itsm.ErrFormat},
		{`{"model": []}`, itsm.ErrSyntax},
		{`{"model": "itsmkit.model/v1"}`, itsm.ErrSyntax},
	} {
		var e envelope
		err := json.Unmarshal([]byte(tc.doc), &e)
		if !errors.Is(err, tc.want) {
			t.Errorf("%s: %v, want %v", tc.doc, err, tc.want)
		}
	}
	var de *itsm.DecodeError
	var fresh envelope
	err = json.Unmarshal([]byte(`{"model": {"format": "itsmkit.model/v1", "services": [{"id": "a", "nmae": "x"}]}}`), &fresh)
	if !errors.As(err, &de) || de.Path != "$.services[0].nmae" {
		t.Errorf("typo: %v, want a *DecodeError at $.services[0].nmae", err)
	}
	// encoding/json decodes into the model a field already points at: that one is built, so it
	// is refused rather than overwritten under its other readers.
	if err := json.Unmarshal(doc, &got); !errors.Is(err, itsm.ErrImmutable) {
		t.Errorf("decoding over a field holding a model: %v, want ErrImmutable", err)
	}
	// A non-pointer Model field gets null too, and refuses it like DecodeJSON.
	var direct struct{ Model itsm.Model }
	if err := json.Unmarshal([]byte(`{"Model": null}`), &direct); !errors.Is(err, itsm.ErrSyntax) {
		t.Errorf("null into a Model value: %v, want ErrSyntax", err)
	}
}

// Models are immutable: UnmarshalJSON into a built model is ErrImmutable and changes nothing,
// whoever built it; the zero Model (what encoding/json allocates) is the only target.
func TestModelUnmarshalJSONImmutable(t *testing.T) {
	built := shop(t)
	empty, err := itsm.NewBuilder().Build()
	if err != nil {
		t.Fatal(err)
	}
	doc, _ := loadExampleModel(t).MarshalJSON()
	before, _ := built.MarshalJSON()
	for name, m := range map[string]*itsm.Model{"built": built, "empty but built": empty} {
		if err := m.UnmarshalJSON(doc); !errors.Is(err, itsm.ErrImmutable) {
			t.Errorf("%s: %v, want ErrImmutable", name, err)
		}
	}
	if after, _ := built.MarshalJSON(); !bytes.Equal(before, after) {
		t.Error("the built model changed")
	}
	var fresh itsm.Model
	if err := json.Unmarshal(doc, &fresh); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(doc, &fresh); !errors.Is(err, itsm.ErrImmutable) {
		t.Errorf("second decode into the same model: %v, want ErrImmutable", err)
	}
	// A failed decode leaves the zero model as it was, ready for another try.
	var retry itsm.Model
	if err := retry.UnmarshalJSON([]byte(`{"format": "nope"}`)); !errors.Is(err, itsm.ErrFormat) {
		t.Fatalf("bad format: %v", err)
	}
	if err := retry.UnmarshalJSON(doc); err != nil || retry.Len() == 0 {
		t.Errorf("decode after a failed one: %v, %d nodes", err, retry.Len())
	}
}
