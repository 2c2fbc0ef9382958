package pdca

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
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

// ErrUnusedField is wrapped when a decoded event carries a field its kind does not use (an
// "opening" on an "advanced" event, a "status" on a planned action): Apply drops such fields,
// so decoding would lose them silently; a document written by MarshalJSON never has them. A
// field given with its zero value ("text": "") carries nothing to lose and is accepted.
var ErrUnusedField = errors.New("field not used by this kind of event")

// unusedField returns the JSON path, within the event, of the first field set (not zero) that
// e's kind does not use, or "". Actor is used by every kind. An event of no known kind is left
// to apply, which refuses it.
func unusedField(e Event) string {
	if e.Kind <= 0 || int(e.Kind) >= len(eventKindNames) {
		return ""
	}
	r := e.relevant()
	set := func(v any) bool { return !reflect.ValueOf(v).IsZero() }
	fields := []struct {
		name      string
		got, kept any
	}{
		{"opening", e.Opening, r.Opening},
		{"objective", e.Objective, r.Objective},
		{"metric", e.Metric, r.Metric},
		{"action", e.Action, r.Action},
		{"actionID", e.ActionID, r.ActionID},
		{"measurement", e.Measurement, r.Measurement},
		{"decision", e.Decision, r.Decision},
		{"text", e.Text, r.Text},
	}
	for _, f := range fields {
		if set(f.got) && !set(f.kept) {
			return f.name
		}
	}
	if e.Kind == ActionPlanned { // the cycle sets these; a planned action carries only ID, description, owner, due
		a := e.Action
		for _, f := range []struct {
			name string
			v    any
		}{{"status", a.Status}, {"phase", a.Phase}, {"reason", a.Reason}, {"closed", a.Closed}} {
			if set(f.v) {
				return "action." + f.name
			}
		}
	}
	return ""
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
// event wraps the *RuleError. "format" must come first; unknown fields, fields an event's kind
// does not use (ErrUnusedField, with the field's path: "events[3].opening"), trailing data,
// documents over MaxDocumentBytes and more than MaxEvents events are refused. Events are decoded and
// applied one at a time, so memory stays proportional to the cycle, not to the document.
func DecodeCycle(data []byte) (Cycle, error) {
	var c Cycle
	n, err := decodeDoc(data, CycleFormat, "events", MaxEvents, func(dec *json.Decoder, path string, i int) error {
		var e Event
		if err := dec.Decode(&e); err != nil {
			return err
		}
		if f := unusedField(e); f != "" {
			return &DecodeError{Path: f, Err: fmt.Errorf("%w (%s)", ErrUnusedField, e.Kind)}
		}
		if err := c.apply(e); err != nil {
			err.Index = i
			return err
		}
		return nil
	})
	if err != nil {
		return Cycle{}, err
	}
	if n == 0 {
		return Cycle{}, &DecodeError{Path: "events", Err: fmt.Errorf("%w: no events", ErrFirstEvent)}
	}
	return c, nil
}

// decodeDoc streams {"format": format, key: [...]}: it checks the format, then calls each for
// every element of the array with the decoder positioned on it, and returns how many there were.
func decodeDoc(data []byte, format, key string, limit int, each func(dec *json.Decoder, path string, i int) error) (int, error) {
	if len(data) > MaxDocumentBytes {
		return 0, &DecodeError{Err: fmt.Errorf("%w: %d bytes, at most %d", ErrLimit, len(data), MaxDocumentBytes)}
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := expectDelim(dec, '{'); err != nil {
		return 0, &DecodeError{Err: err}
	}
	n, sawFormat, sawArray := 0, false, false
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, &DecodeError{Err: err}
		}
		switch name, _ := tok.(string); {
		case name == "format" && !sawFormat && !sawArray:
			var f string
			if err := dec.Decode(&f); err != nil || f != format {
				return 0, &DecodeError{Path: "format", Err: fmt.Errorf("want %q, got %q", format, clip(f))}
			}
			sawFormat = true
		case name == key && sawFormat && !sawArray:
			sawArray = true
			if err := expectDelim(dec, '['); err != nil {
				return 0, &DecodeError{Path: key, Err: err}
			}
			for ; dec.More(); n++ {
				path := key + "[" + strconv.Itoa(n) + "]"
				if n == limit {
					return 0, &DecodeError{Path: key, Err: fmt.Errorf("%w: more than %d elements", ErrLimit, limit)}
				}
				if err := each(dec, path, n); err != nil {
					var de *DecodeError
					if errors.As(err, &de) {
						de.Path = joinPath(path, de.Path)
						return 0, de
					}
					var te *json.UnmarshalTypeError
					if errors.As(err, &te) && te.Field != "" {
						return 0, &DecodeError{Path: path + "." + te.Field, Err: err}
					}
					return 0, &DecodeError{Path: path, Err: err}
				}
			}
			if err := expectDelim(dec, ']'); err != nil {
				return 0, &DecodeError{Path: key, Err: err}
			}
		default:
			return 0, &DecodeError{Path: clip(fmt.Sprint(tok)), Err: fmt.Errorf("unexpected field (want %q first, then %q, once each)", "format", key)}
		}
	}
	if err := expectDelim(dec, '}'); err != nil {
		return 0, &DecodeError{Err: err}
	}
	if !sawArray {
		return 0, &DecodeError{Path: key, Err: errors.New("missing")}
	}
	if _, err := dec.Token(); err != io.EOF {
		return 0, &DecodeError{Err: errors.New("data after the document")}
	}
	return n, nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("want %q, got %v", string(want), tok)
	}
	return nil
}

func joinPath(a, b string) string {
	if b == "" {
		return a
	}
	return a + "." + b
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
// *DecodeError values naming the JSON path ("items[2]"). The limits are those of DecodeCycle,
// with MaxItems items.
func DecodeRegister(data []byte) (Register, error) {
	var items []Item
	seen := make(map[string]bool)
	cycles := make(map[string]string)
	_, err := decodeDoc(data, RegisterFormat, "items", MaxItems, func(dec *json.Decoder, path string, i int) error {
		var it Item
		if err := dec.Decode(&it); err != nil {
			return err
		}
		if err := it.validate(); err != nil {
			return err
		}
		if seen[it.ID] {
			return &ItemError{Item: it.ID, Detail: "duplicate ID"}
		}
		seen[it.ID] = true
		if it.Cycle != "" {
			if other, dup := cycles[it.Cycle]; dup {
				return &ItemError{Item: it.ID, Detail: fmt.Sprintf("cycle %q is item %q's cycle", it.Cycle, other)}
			}
			cycles[it.Cycle] = it.ID
		}
		items = append(items, it)
		return nil
	})
	if err != nil {
		return Register{}, err
	}
	return Register{items: items}, nil
}
