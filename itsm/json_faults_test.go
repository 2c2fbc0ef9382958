package itsm_test

import (
	"errors"
	"fmt"
	"runtime"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// TestDecodeJSONPaths: every decoding fault names the full JSON path of the offending value, list
// indices included at every level, and repeated or unknown fields are rejected at any depth (they
// used to be caught only at the top level, and keys matched case-insensitively).
func TestDecodeJSONPaths(t *testing.T) {
	const head = `{"format": "itsmkit.model/v1", `
	for _, tc := range []struct {
		name string
		doc  string
		opts []itsm.DecodeOption
		code error
		path string
	}{
		{"target a number", head + `"services": [{"id": "x"}, {"id": "y"}, {"id": "z"}, {"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "b"}, {"target": 5}]}]}]}`,
			nil, itsm.ErrSyntax, "$.services[3].requires[0].members[1].target"},
		{"repeated id", head + `"services": [{"id": "a", "id": "b"}]}`, nil, itsm.ErrSyntax, "$.services[0].id"},
		{"repeated deep", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "all-of", "op": "any-of"}, "members": []}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].rule.op"},
		{"repeated member field", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "b", "target": "c"}]}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].members[0].target"},
		{"key in another case", head + `"services": [{"ID": "a"}]}`, nil, itsm.ErrSyntax, "$.services[0].ID"},
		{"id and ID", head + `"customers": [{"id": "a", "Id": "b"}]}`, nil, itsm.ErrSyntax, "$.customers[0].Id"},
		{"unknown member field", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [{"target": "b", "colour": 1}]}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].members[0].colour"},
		{"unknown rule field", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "all-of", "k": 2}, "members": []}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].rule.k"},
		{"unknown operator", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "most-of"}, "members": []}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].rule.op"},
		{"unknown channel", head + `"desks": [{"id": "d"}, {"id": "e", "channels": ["phone", "fax"]}]}`, nil, itsm.ErrSyntax, "$.desks[1].channels[1]"},
		{"unknown resource kind", head + `"resources": [{"id": "r", "kind": "cloud"}]}`, nil, itsm.ErrSyntax, "$.resources[0].kind"},
		{"huge weight", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "weighted"}, "members": [{"target": "b", "weight": 99999999999999999999999}]}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].members[0].weight"},
		{"weight 1e400", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "weighted"}, "members": [{"target": "b", "weight": 1e400}]}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].members[0].weight"},
		{"fractional count", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "at-least", "downBelow": {"count": 1.5}}, "members": []}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].rule.downBelow.count"},
		{"null service", head + `"services": [{"id": "a"}, null]}`, nil, itsm.ErrSyntax, "$.services[1]"},
		{"null member", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "all-of"}, "members": [null]}]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].requires[0].members[0]"},
		{"null id", head + `"customers": [{"id": null}]}`, nil, itsm.ErrSyntax, "$.customers[0].id"},
		{"nested arrays", head + `"services": [{"id": "a", "usage": [` + strings.Repeat("[", 100_000) + strings.Repeat("]", 100_000) + `]}]}`,
			nil, itsm.ErrSyntax, "$.services[0].usage[0]"},
		{"object for a list", head + `"users": [{"id": "u", "customer": "c", "accessPoints": {"ap": 1}}]}`, nil, itsm.ErrSyntax, "$.users[0].accessPoints"},
		{"too many entries inside one object", head + `"services": [{"id": "a", "requires": [{"rule": {"op": "any-of"}, "members": [{"target": "a"}, {"target": "b"}, {"target": "c"}]}]}]}`,
			[]itsm.DecodeOption{itsm.MaxEdges(2)}, itsm.ErrLimit, "$.services[0].requires[0].members[2]"},
		{"too many entries across objects", head + `"desks": [{"id": "d", "channels": ["phone"]}, {"id": "e", "channels": ["email", "chat"]}]}`,
			[]itsm.DecodeOption{itsm.MaxEdges(2)}, itsm.ErrLimit, "$.desks[1].channels[1]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := itsm.DecodeJSON(strings.NewReader(tc.doc), tc.opts...)
			var de *itsm.DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("got %v, want a *DecodeError", err)
			}
			if !errors.Is(err, tc.code) || de.Path != tc.path || !strings.HasPrefix(err.Error(), "itsm: decode "+tc.path+" ") {
				t.Errorf("got %v (path %q), want %v at %q", err, de.Path, tc.code, tc.path)
			}
		})
	}
	// The cause of an enumeration fault stays reachable.
	_, err := itsm.DecodeJSON(strings.NewReader(head + `"desks": [{"id": "d", "channels": ["fax"]}]}`))
	var ee *itsm.EnumError
	if !errors.As(err, &ee) || ee.Text != "fax" {
		t.Errorf("channel fax: %v", err)
	}
}

// TestDecodeJSONAllocationBound: one object holding a huge list is refused when the list passes
// MaxEdges, before the decoder allocates the decoded list (it used to decode the whole object
// first: 3-byte members became 128 bytes of decoded structures each).
func TestDecodeJSONAllocationBound(t *testing.T) {
	const members = 300_000
	var doc strings.Builder
	doc.WriteString(`{"format": "itsmkit.model/v1", "services": [{"id": "a", "requires": [{"rule": {"op": "any-of"}, "members": [`)
	for i := range members {
		if i > 0 {
			doc.WriteByte(',')
		}
		doc.WriteString(`{}`)
	}
	doc.WriteString(`]}]}]}`)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := itsm.DecodeJSON(strings.NewReader(doc.String()), itsm.MaxEdges(1000))
	runtime.ReadMemStats(&after)
	if !errors.Is(err, itsm.ErrLimit) {
		t.Fatalf("got %v, want ErrLimit", err)
	}
	allocated := after.TotalAlloc - before.TotalAlloc
	if limit := uint64(8 * doc.Len()); allocated > limit {
		t.Errorf("decoding a %d-byte document allocated %d bytes, want at most %d", doc.Len(), allocated, limit)
	}
	t.Logf("%d bytes allocated for a %d-byte document", allocated, doc.Len())
	_ = fmt.Sprint()
}

// TestDecodeJSONProblemPaths: the validation problems of a decoded document name the JSON path of
// the offending value, so an importer can point at the line to fix.
func TestDecodeJSONProblemPaths(t *testing.T) {
	doc := `{"format": "itsmkit.model/v1",
	"providers": [{"id": "p"}],
	"services": [
		{"id": "z"},
		{"id": "b", "provider": "nobody"},
		{"id": "a", "requires": [
			{"rule": {"op": "all-of"}, "members": [{"target": "b"}, {"target": "ghost"}]},
			{"rule": {"op": "at-least", "downBelow": {"percent": 150}}, "members": [{"target": "z", "weight": -1}]}]},
		{"id": "a"}],
	"resources": [{"id": "r", "kind": "data", "requires": [{"rule": {"op": "invert"}, "members": []}]}],
	"accessPoints": [{"id": "ap", "service": "r"}],
	"customers": [{"id": "c"}],
	"subscriptions": [{"customer": "c", "service": "a"}, {"customer": "c", "service": "nope"}, {"customer": "c", "service": "a"}],
	"users": [{"id": "u", "customer": "c", "accessPoints": ["ap", "none"]}],
	"desks": [{"id": "d", "channels": ["phone", "phone"]}]}`
	_, err := itsm.DecodeJSON(strings.NewReader(doc))
	var ve *itsm.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	got := map[string]string{}
	for _, p := range ve.Problems {
		got[p.Path] += p.Code.Error() + ";"
	}
	want := map[string]string{
		"$.services[3].id":                            itsm.ErrDuplicateID.Error() + ";",
		"$.services[1].provider":                      itsm.ErrUnknownReference.Error() + ";",
		"$.services[2].requires[0].members[1].target": itsm.ErrUnknownReference.Error() + ";",
		"$.services[2].requires[1].rule.downBelow":    itsm.ErrThreshold.Error() + ";",
		"$.services[2].requires[1].members[0].weight": itsm.ErrNegativeWeight.Error() + ";",
		"$.resources[0].requires[0].members":          itsm.ErrEmptyGroup.Error() + ";",
		"$.resources[0].requires[0].rule.op":          itsm.ErrInvalidRule.Error() + ";",
		"$.accessPoints[0].service":                   itsm.ErrWrongKind.Error() + ";",
		"$.subscriptions[1].service":                  itsm.ErrUnknownReference.Error() + ";",
		"$.subscriptions[2]":                          itsm.ErrDuplicateSubscription.Error() + ";",
		"$.users[0].accessPoints[1]":                  itsm.ErrUnknownReference.Error() + ";",
		"$.desks[0].channels[1]":                      itsm.ErrDuplicateEntry.Error() + ";",
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("problem paths (-want +got):\n%s\nerror: %v", d, err)
	}
	// The path leads the problem's message.
	for _, p := range ve.Problems {
		if !strings.HasPrefix(p.Error(), "itsm: "+p.Path+": ") {
			t.Errorf("problem message %q does not start with its path", p.Error())
		}
	}
	// A model built in code has no document, so no paths.
	_, err = itsm.NewBuilder().AddService(itsm.Service{ID: "a", Requires: []itsm.Group{allOfGroup("ghost")}}).Build()
	if !errors.As(err, &ve) || ve.Problems[0].Path != "" {
		t.Errorf("builder problem path: %v", err)
	}
}

// TestDecodeJSONInvalidUTF8: JSON text is UTF-8; encoding/json would silently turn invalid bytes
// into U+FFFD, changing an ID behind the importer's back, so the decoder rejects them and says
// where. Valid multi-byte characters split across reads are fine.
func TestDecodeJSONInvalidUTF8(t *testing.T) {
	doc := "{\"format\": \"itsmkit.model/v1\", \"customers\": [{\"id\": \"caf\xe9\"}]}"
	_, err := itsm.DecodeJSON(strings.NewReader(doc))
	if !errors.Is(err, itsm.ErrSyntax) || !strings.Contains(err.Error(), "not valid UTF-8 at byte 56") {
		t.Errorf("got %v, want ErrSyntax for invalid UTF-8 at byte 56", err)
	}
	_, err = itsm.DecodeJSON(iotest.OneByteReader(strings.NewReader(doc)))
	if !errors.Is(err, itsm.ErrSyntax) || !strings.Contains(err.Error(), "not valid UTF-8 at byte 56") {
		t.Errorf("read a byte at a time: got %v, want ErrSyntax for invalid UTF-8 at byte 56", err)
	}
	split := "{\"format\": \"itsmkit.model/v1\", \"customers\": [{\"id\": \"\xf0\x9f\x9a\"}]}" // a 4-byte character cut short
	_, err = itsm.DecodeJSON(iotest.OneByteReader(strings.NewReader(split)))
	if !errors.Is(err, itsm.ErrSyntax) || !strings.Contains(err.Error(), "not valid UTF-8 at byte 53") {
		t.Errorf("character cut short: got %v, want ErrSyntax for invalid UTF-8 at byte 53", err)
	}
	truncated := "{\"format\": \"itsmkit.model/v1\", \"customers\": [{\"id\": \"caf\xc3"
	if _, err := itsm.DecodeJSON(strings.NewReader(truncated)); !errors.Is(err, itsm.ErrSyntax) {
		t.Errorf("truncated in a character: %v", err)
	}
	good := `{"format": "itsmkit.model/v1", "customers": [{"id": "café-服务-🚀"}]}`
	m, err := itsm.DecodeJSON(iotest.OneByteReader(strings.NewReader(good)))
	if err != nil {
		t.Fatalf("valid UTF-8 read a byte at a time: %v", err)
	}
	if _, ok := m.Customer("café-服务-🚀"); !ok {
		t.Error("customer not found")
	}
}

// TestDecodeJSONUnusedThreshold: a threshold on an operator that reads none, or a weight outside
// a weighted group, is a problem at its JSON path, naming the node and the group.
func TestDecodeJSONUnusedThreshold(t *testing.T) {
	doc := `{"format": "itsmkit.model/v1",
	"services": [
		{"id": "web", "requires": [
			{"name": "db", "rule": {"op": "all-of", "downBelow": {"percent": 900}}, "members": [{"target": "db"}]},
			{"name": "cache", "rule": {"op": "any-of", "degradedBelow": {"count": 1}}, "members": [{"target": "db", "weight": 2}]}]}],
	"resources": [{"id": "db", "kind": "data"}]}`
	_, err := itsm.DecodeJSON(strings.NewReader(doc))
	var ve *itsm.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("got %v, want a *ValidationError", err)
	}
	var got []string
	for _, p := range ve.Problems {
		got = append(got, p.Error())
	}
	want := []string{
		`itsm: $.services[0].requires[0].rule.downBelow: service "web" requires[0] "db": downBelow threshold 900% is over 100%`,
		`itsm: $.services[0].requires[1].rule.degradedBelow: service "web" requires[1] "cache": degradedBelow threshold 1 is set, but any-of groups use no thresholds`,
		`itsm: $.services[0].requires[1].members[0].weight: service "web" requires[1] "cache" members[0]: weight 2 is set, but any-of groups use no weights`,
	}
	if d := cmp.Diff(want, got); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	if !errors.Is(err, itsm.ErrThreshold) || !errors.Is(err, itsm.ErrWeight) {
		t.Errorf("error %v: want ErrThreshold and ErrWeight", err)
	}
}
