package itsm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// ErrMalformedObservation: the JSON of an observation is not an object of the fields "id",
// "state", "flags" and "clear", or lacks what it needs (see Observation.UnmarshalJSON).
var ErrMalformedObservation = errors.New("itsm: malformed observation")

// UnmarshalJSON decodes {"id": "db-2", "state": "down", "flags": "acknowledged"} ("flags"
// optional) or {"id": "db-2", "clear": true}, strictly, because a scenario is input and a typo
// must not change what it says: an unknown field (names match exactly: encoding/json would take
// "ID" for "id" and drop "stat"), a field given twice, a missing or empty "id", a missing "state"
// without "clear": true, a state or flags with "clear": true, a value of the wrong type, an
// unknown state or flag name, and null in place of the observation are errors wrapping
// ErrMalformedObservation (and the *EnumError of a bad name), naming the observation's ID when it
// was read. On error o is left unchanged.
func (o *Observation) UnmarshalJSON(data []byte) error {
	var out Observation
	fail := func(format string, args ...any) error {
		who := ""
		if out.ID != "" {
			who = fmt.Sprintf(" %q", out.ID)
		}
		return fmt.Errorf("%w%s: "+format, append([]any{ErrMalformedObservation, who}, args...)...)
	}
	if o == nil {
		return fmt.Errorf("%w: nil *Observation", ErrZeroValue)
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // so a number is named as written
	tok, err := dec.Token()
	if err != nil {
		return fail("%w", err)
	}
	if tok != json.Delim('{') {
		return fail("%s, not an object", describe(tok))
	}
	var seen [4]bool // id, state, flags, clear
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return fail("%w", err)
		}
		key, _ := tok.(string)
		k := -1
		switch key {
		case "id":
			k = 0
		case "state":
			k = 1
		case "flags":
			k = 2
		case "clear":
			k = 3
		}
		if k < 0 {
			return fail("unknown field %q", key)
		}
		if seen[k] {
			return fail("field %q repeated", key)
		}
		seen[k] = true
		val, err := dec.Token()
		if err != nil {
			return fail("%w", err)
		}
		if k == 3 {
			b, ok := val.(bool)
			if !ok {
				return fail("%q is %s, not a boolean", key, describe(val))
			}
			out.Clear = b
			continue
		}
		s, ok := val.(string)
		if !ok {
			return fail("%q is %s, not a string", key, describe(val))
		}
		switch k {
		case 0:
			if s == "" {
				return fail(`"id" is empty`)
			}
			out.ID = ID(s)
		case 1:
			if err := out.State.UnmarshalText([]byte(s)); err != nil {
				return fail("state: %w", err)
			}
		case 2:
			if err := out.Flags.UnmarshalText([]byte(s)); err != nil {
				return fail("flags: %w", err)
			}
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return fail("%w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return fail("data after the observation")
	}
	switch {
	case !seen[0]:
		return fail(`missing "id"`)
	case out.Clear && (seen[1] || seen[2]):
		return fail(`"clear": true with a state or flags`)
	case !out.Clear && !seen[1]:
		return fail(`missing "state" (write "clear": true to remove an observation)`)
	}
	*o = out
	return nil
}
