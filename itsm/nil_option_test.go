package itsm_test

import (
	"bytes"
	"testing"

	"github.com/itsmkit/itsmkit/itsm"
)

// A nil option is ignored by Build and DecodeJSON instead of panicking.
func TestNilOptionsIgnored(t *testing.T) {
	m, err := itsm.NewBuilder().AddResource(itsm.Resource{ID: "db", Kind: itsm.Data}).Build(nil)
	if err != nil {
		t.Fatal(err)
	}
	doc, err := m.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := itsm.DecodeJSON(bytes.NewReader(doc), nil, itsm.MaxNodes(10), nil); err != nil {
		t.Fatal(err)
	}
}
