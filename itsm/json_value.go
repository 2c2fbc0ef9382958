package itsm

import (
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// The decoder reads every list element token by token into the wire types, instead of handing
// the element to encoding/json, so that:
//
//   - every fault names its full path, list indices included at every depth
//     ("$.services[3].requires[0].members[1].target");
//   - field names match exactly and a field repeated at any depth is an error (encoding/json
//     matches case-insensitively and lets the last of repeated keys win);
//   - null is accepted only for a list (meaning an empty one), never for an object or a value;
//   - numbers must be integers that fit an int (no fractions, exponents or overflow);
//   - MaxEdges is checked as each list entry is read, so one object cannot make the decoder
//     allocate an unbounded list before the limit is seen;
//   - input nested deeper than the document's shape fails at the first level that does not fit.
//
// The recursion follows the wire types, whose nesting is fixed and shallow; input cannot deepen
// it.

var textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()

// pathSeg is one step of the path to the value being decoded: a field name, or a list index.
type pathSeg struct {
	key     string
	index   int
	isIndex bool
}

// valueDecoder holds the state of decoding one document's list elements.
type valueDecoder struct {
	fields map[reflect.Type]map[string]int // wire struct → JSON field name → field index
	path   []pathSeg                       // below the list element being decoded
}

// fieldsOf returns the JSON field names of a wire struct, from their tags.
func (vd *valueDecoder) fieldsOf(t reflect.Type) map[string]int {
	if fs, ok := vd.fields[t]; ok {
		return fs
	}
	fs := make(map[string]int, t.NumField())
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		switch name {
		case "-":
			continue
		case "":
			name = f.Name
		}
		fs[name] = i
	}
	if vd.fields == nil {
		vd.fields = make(map[reflect.Type]map[string]int)
	}
	vd.fields[t] = fs
	return fs
}

// where renders the path of the value being decoded below the element at base.
func (vd *valueDecoder) where(base string) string {
	var b strings.Builder
	b.WriteString(base)
	for _, s := range vd.path {
		if !s.isIndex {
			b.WriteByte('.')
			b.WriteString(s.key)
		} else {
			b.WriteByte('[')
			b.WriteString(strconv.Itoa(s.index))
			b.WriteByte(']')
		}
	}
	return b.String()
}

// describe names a JSON token for an error message.
func describe(tok json.Token) string {
	switch tok := tok.(type) {
	case nil:
		return "null"
	case json.Delim:
		switch tok {
		case '{':
			return "an object"
		case '[':
			return "a list"
		}
		return "'" + tok.String() + "'"
	case string:
		return "a string"
	case json.Number:
		return "the number " + string(tok)
	case bool:
		return "a boolean"
	}
	return fmt.Sprintf("%v", tok)
}

var groupType = reflect.TypeFor[jsonGroup]()

// element decodes one list element at path base into v.
func (d *decoder) element(v reflect.Value, base string) error {
	d.vd.path = d.vd.path[:0]
	return d.value(v, base)
}

// value decodes the next JSON value into v, an addressable value of a wire type.
func (d *decoder) value(v reflect.Value, base string) error {
	fail := func(cause, err error) error { return d.fail(d.vd.where(base), cause, err) }
	tok, err := d.dec.Token()
	if err != nil {
		return fail(ErrSyntax, err)
	}
	t := v.Type()
	if reflect.PointerTo(t).Implements(textUnmarshalerType) {
		s, ok := tok.(string)
		if !ok {
			return fail(ErrSyntax, fmt.Errorf("%s where a %s name belongs", describe(tok), t.Name()))
		}
		if err := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText([]byte(s)); err != nil {
			return fail(ErrSyntax, err)
		}
		return nil
	}
	switch t.Kind() {
	case reflect.String:
		s, ok := tok.(string)
		if !ok {
			return fail(ErrSyntax, fmt.Errorf("%s where a string belongs", describe(tok)))
		}
		v.SetString(s)
	case reflect.Int:
		n, ok := tok.(json.Number)
		if !ok {
			return fail(ErrSyntax, fmt.Errorf("%s where an integer belongs", describe(tok)))
		}
		i, err := strconv.ParseInt(string(n), 10, strconv.IntSize)
		if err != nil {
			return fail(ErrSyntax, fmt.Errorf("%s is not an integer of at most %d bits", describe(tok), strconv.IntSize))
		}
		v.SetInt(i)
	case reflect.Slice:
		if tok == nil {
			return nil // null is an empty list
		}
		if tok != json.Delim('[') {
			return fail(ErrSyntax, fmt.Errorf("%s where a list belongs", describe(tok)))
		}
		counted := t.Elem() != groupType
		d.vd.path = append(d.vd.path, pathSeg{isIndex: true})
		for i := 0; d.dec.More(); i++ {
			d.vd.path[len(d.vd.path)-1].index = i
			if counted {
				d.edges++
				if d.edges > d.cfg.maxEdges {
					return fail(ErrLimit, fmt.Errorf("more than %d list entries", d.cfg.maxEdges))
				}
			}
			v.Grow(1)
			v.SetLen(i + 1)
			if err := d.value(v.Index(i), base); err != nil {
				return err
			}
		}
		d.vd.path = d.vd.path[:len(d.vd.path)-1]
		if _, err := d.dec.Token(); err != nil { // ']'
			return fail(ErrSyntax, err)
		}
	case reflect.Struct:
		if tok != json.Delim('{') {
			return fail(ErrSyntax, fmt.Errorf("%s where an object belongs", describe(tok)))
		}
		fields := d.vd.fieldsOf(t)
		var seen uint64 // field i seen; wire structs have far fewer than 64 fields
		d.vd.path = append(d.vd.path, pathSeg{})
		for d.dec.More() {
			tok, err := d.dec.Token()
			if err != nil {
				return fail(ErrSyntax, err)
			}
			key, _ := tok.(string)
			d.vd.path[len(d.vd.path)-1].key = key
			i, ok := fields[key]
			if !ok {
				return fail(ErrSyntax, fmt.Errorf("unknown field %q", key))
			}
			if seen&(1<<i) != 0 {
				return fail(ErrSyntax, errors.New("field repeated"))
			}
			seen |= 1 << i
			if err := d.value(v.Field(i), base); err != nil {
				return err
			}
		}
		d.vd.path = d.vd.path[:len(d.vd.path)-1]
		if _, err := d.dec.Token(); err != nil { // '}'
			return fail(ErrSyntax, err)
		}
	default:
		return fail(ErrSyntax, fmt.Errorf("cannot decode into %v", t))
	}
	return nil
}
