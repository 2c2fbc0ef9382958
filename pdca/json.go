package pdca

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
)

// Document formats and the limits the decoders enforce on untrusted input.
const (
	CycleFormat    = "itsmkit.pdca.cycle/v1"
	RegisterFormat = "itsmkit.pdca.register/v1"
	// MaxDocumentBytes bounds the size of a document DecodeCycle or DecodeRegister reads.
	MaxDocumentBytes = 4 << 20
	// MaxEvents bounds the events of one decoded cycle.
	MaxEvents = 10_000
	// MaxItems bounds the items of one decoded register.
	MaxItems = 100_000
)

// ErrLimit is wrapped when a document exceeds MaxDocumentBytes, MaxEvents or MaxItems.
var ErrLimit = errors.New("document exceeds a decoder limit")

type cycleDoc struct {
	Format string            `json:"format"`
	Events []json.RawMessage `json:"events"`
}

// MarshalJSON encodes the cycle as its events: {"format": CycleFormat, "events": [...]}.
func (c Cycle) MarshalJSON() ([]byte, error) {
	if len(c.events) == 0 {
		return nil, fmt.Errorf("pdca: encode: %w: the zero Cycle has no events", ErrFirstEvent)
	}
	events, err := json.Marshal(c.events)
	if err != nil {
		return nil, fmt.Errorf("pdca: encode cycle %q: %w", c.ID(), err)
	}
	var b bytes.Buffer
	b.WriteString(`{"format":"` + CycleFormat + `","events":`)
	b.Write(events)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON decodes what MarshalJSON wrote, as DecodeCycle does.
func (c *Cycle) UnmarshalJSON(data []byte) error {
	d, err := DecodeCycle(data)
	if err != nil {
		return err
	}
	*c = d
	return nil
}

// DecodeCycle reads a cycle document and rebuilds the cycle by replaying its events, so every
// rule is checked. Errors are *DecodeError values naming the JSON path ("events[3]"); a refused
// event wraps the *RuleError. Unknown fields, trailing data, documents over MaxDocumentBytes and
// more than MaxEvents events are refused.
func DecodeCycle(data []byte) (Cycle, error) {
	var doc cycleDoc
	if err := decodeStrict(data, &doc); err != nil {
		return Cycle{}, err
	}
	if doc.Format != CycleFormat {
		return Cycle{}, &DecodeError{Path: "format", Err: fmt.Errorf("want %q, got %q", CycleFormat, clip(doc.Format))}
	}
	if len(doc.Events) > MaxEvents {
		return Cycle{}, &DecodeError{Path: "events", Err: fmt.Errorf("%w: %d events, at most %d", ErrLimit, len(doc.Events), MaxEvents)}
	}
	if len(doc.Events) == 0 {
		return Cycle{}, &DecodeError{Path: "events", Err: fmt.Errorf("%w: no events", ErrFirstEvent)}
	}
	var c Cycle
	for i, raw := range doc.Events {
		path := "events[" + strconv.Itoa(i) + "]"
		var e Event
		if err := decodeStrict(raw, &e); err != nil {
			var de *DecodeError
			if errors.As(err, &de) {
				de.Path = joinPath(path, de.Path)
				return Cycle{}, de
			}
			return Cycle{}, &DecodeError{Path: path, Err: err}
		}
		if err := c.apply(e); err != nil {
			err.Index = i
			return Cycle{}, &DecodeError{Path: path, Err: err}
		}
	}
	return c, nil
}

func joinPath(a, b string) string {
	if b == "" {
		return a
	}
	return a + "." + b
}

// decodeStrict decodes exactly one JSON value with no unknown fields and nothing after it.
func decodeStrict(data []byte, v any) error {
	if len(data) > MaxDocumentBytes {
		return &DecodeError{Err: fmt.Errorf("%w: %d bytes, at most %d", ErrLimit, len(data), MaxDocumentBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &DecodeError{Path: te.Field, Err: err}
		}
		return &DecodeError{Err: err}
	}
	if _, err := dec.Token(); err != io.EOF {
		return &DecodeError{Err: errors.New("data after the document")}
	}
	return nil
}

type registerDoc struct {
	Format string            `json:"format"`
	Items  []json.RawMessage `json:"items"`
}

// MarshalJSON encodes the register: {"format": RegisterFormat, "items": [...]}.
func (r Register) MarshalJSON() ([]byte, error) {
	items, err := json.Marshal(r.items)
	if err != nil {
		return nil, fmt.Errorf("pdca: encode register: %w", err)
	}
	if r.items == nil {
		items = []byte("[]")
	}
	var b bytes.Buffer
	b.WriteString(`{"format":"` + RegisterFormat + `","items":`)
	b.Write(items)
	b.WriteByte('}')
	return b.Bytes(), nil
}

// UnmarshalJSON decodes what MarshalJSON wrote, as DecodeRegister does.
func (r *Register) UnmarshalJSON(data []byte) error {
	d, err := DecodeRegister(data)
	if err != nil {
		return err
	}
	*r = d
	return nil
}

// DecodeRegister reads a register document, checking every item as NewRegister does. Errors are
// *DecodeError values naming the JSON path ("items[2]").
func DecodeRegister(data []byte) (Register, error) {
	var doc registerDoc
	if err := decodeStrict(data, &doc); err != nil {
		return Register{}, err
	}
	if doc.Format != RegisterFormat {
		return Register{}, &DecodeError{Path: "format", Err: fmt.Errorf("want %q, got %q", RegisterFormat, clip(doc.Format))}
	}
	if len(doc.Items) > MaxItems {
		return Register{}, &DecodeError{Path: "items", Err: fmt.Errorf("%w: %d items, at most %d", ErrLimit, len(doc.Items), MaxItems)}
	}
	items := make([]Item, len(doc.Items))
	seen := make(map[string]bool, len(doc.Items))
	for i, raw := range doc.Items {
		path := "items[" + strconv.Itoa(i) + "]"
		if err := decodeStrict(raw, &items[i]); err != nil {
			var de *DecodeError
			if errors.As(err, &de) {
				de.Path = joinPath(path, de.Path)
				return Register{}, de
			}
			return Register{}, &DecodeError{Path: path, Err: err}
		}
		if err := items[i].validate(); err != nil {
			return Register{}, &DecodeError{Path: path, Err: err}
		}
		if seen[items[i].ID] {
			return Register{}, &DecodeError{Path: path, Err: &ItemError{Item: items[i].ID, Detail: "duplicate ID"}}
		}
		seen[items[i].ID] = true
	}
	return Register{items: items}, nil
}
