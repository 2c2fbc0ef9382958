package itsm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"unicode/utf8"
)

// Format is the value of the "format" field of a model document; see the package doc, "JSON
// document format".
const Format = "itsmkit.model/v1"

// Default decoding limits; see MaxBytes, MaxNodes and MaxEdges.
const (
	DefaultMaxBytes = 64 << 20 // 64 MiB
	DefaultMaxNodes = 1 << 20  // 1,048,576 objects
	DefaultMaxEdges = 1 << 22  // 4,194,304 list entries
	// DefaultMaxProblems is the MaxProblems DecodeJSON passes to Build.
	DefaultMaxProblems = 10_000
)

var (
	// ErrFormat: the document's "format" field is missing or names another format.
	ErrFormat = errors.New("itsm: not an " + Format + " document")
	// ErrLimit: the document exceeds MaxBytes, MaxNodes or MaxEdges.
	ErrLimit = errors.New("itsm: document exceeds a decoding limit")
	// ErrSyntax: the document is not well-formed JSON, has the wrong shape, an unknown or repeated
	// field, or a value of the wrong type.
	ErrSyntax = errors.New("itsm: malformed model document")
)

// DecodeError locates a decoding failure: Path is a JSONPath-like location of the offending value,
// with the index of every list element on the way ("$.services[3].requires[0].members[1].target",
// "$.desks[0].channels[2]"), Offset the input byte offset just before the failing top-level list
// element (outside list elements: where the decoder stood),
// Err the cause (ErrFormat, ErrLimit or ErrSyntax, wrapping the encoding/json error when there is
// one). It is safe for concurrent use.
// The zero value locates nothing.
type DecodeError struct {
	Path   string
	Offset int64
	Err    error
}

// Error says where and why, prefixed with the package name.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("itsm: decode %s (byte %d): %v", e.Path, e.Offset, trimPrefix(e.Err))
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// trimPrefix drops the repeated package prefix of a wrapped sentinel for a readable message.
func trimPrefix(err error) string {
	s := err.Error()
	if len(s) > 6 && s[:6] == "itsm: " {
		return s[6:]
	}
	return s
}

// DecodeOption sets a limit or a build option for DecodeJSON.
// The zero (nil) option is ignored. Options are values, safe for concurrent use.
type DecodeOption func(*decodeConfig)

type decodeConfig struct {
	maxBytes int64
	maxNodes int
	maxEdges int
	build    []BuildOption
}

// MaxBytes bounds the document size in bytes (default DefaultMaxBytes).
func MaxBytes(n int64) DecodeOption { return func(c *decodeConfig) { c.maxBytes = n } }

// MaxNodes bounds the number of objects in the document: providers, services, resources, access
// points, customers, subscriptions, users and desks together (default DefaultMaxNodes).
func MaxNodes(n int) DecodeOption { return func(c *decodeConfig) { c.maxNodes = n } }

// MaxEdges bounds the number of list entries below the objects: dependency group members, and
// the entries of usage, management, access point, customer, service and channel lists (default
// DefaultMaxEdges).
func MaxEdges(n int) DecodeOption { return func(c *decodeConfig) { c.maxEdges = n } }

// WithBuildOptions passes options (such as Strict, or MaxProblems to change the default of
// DefaultMaxProblems) to the Build that ends DecodeJSON.
func WithBuildOptions(opts ...BuildOption) DecodeOption {
	return func(c *decodeConfig) { c.build = append(c.build, opts...) }
}

// Wire shapes of the document. Field names are lower camel case; enumerations use their text forms.
type (
	jsonDocument struct {
		Format        string             `json:"format"`
		Providers     []jsonProvider     `json:"providers,omitempty"`
		Services      []jsonService      `json:"services,omitempty"`
		Resources     []jsonResource     `json:"resources,omitempty"`
		AccessPoints  []jsonAccessPoint  `json:"accessPoints,omitempty"`
		Customers     []jsonCustomer     `json:"customers,omitempty"`
		Subscriptions []jsonSubscription `json:"subscriptions,omitempty"`
		Users         []jsonUser         `json:"users,omitempty"`
		Desks         []jsonDesk         `json:"desks,omitempty"`
	}
	jsonProvider struct {
		ID   ID     `json:"id"`
		Name string `json:"name,omitempty"`
	}
	jsonService struct {
		ID         ID          `json:"id"`
		Name       string      `json:"name,omitempty"`
		Provider   ID          `json:"provider,omitempty"`
		Usage      []string    `json:"usage,omitempty"`
		Management []string    `json:"management,omitempty"`
		Requires   []jsonGroup `json:"requires,omitempty"`
	}
	jsonResource struct {
		ID       ID           `json:"id"`
		Name     string       `json:"name,omitempty"`
		Kind     ResourceKind `json:"kind"`
		Provider ID           `json:"provider,omitempty"`
		Requires []jsonGroup  `json:"requires,omitempty"`
	}
	jsonGroup struct {
		Name    string     `json:"name,omitempty"`
		Rule    Rule       `json:"rule"`
		Members []jsonEdge `json:"members"`
	}
	jsonEdge struct {
		Target    ID      `json:"target"`
		Map       Mapping `json:"map,omitzero"`
		Weight    int     `json:"weight,omitempty"`
		Agreement string  `json:"agreement,omitempty"`
	}
	jsonAccessPoint struct {
		ID       ID     `json:"id"`
		Name     string `json:"name,omitempty"`
		Service  ID     `json:"service"`
		Location string `json:"location,omitempty"`
	}
	jsonCustomer struct {
		ID   ID     `json:"id"`
		Name string `json:"name,omitempty"`
	}
	jsonSubscription struct {
		Customer  ID     `json:"customer"`
		Service   ID     `json:"service"`
		Agreement string `json:"agreement,omitempty"`
	}
	jsonUser struct {
		ID           ID     `json:"id"`
		Name         string `json:"name,omitempty"`
		Customer     ID     `json:"customer"`
		AccessPoints []ID   `json:"accessPoints,omitempty"`
	}
	jsonDesk struct {
		ID        ID        `json:"id"`
		Name      string    `json:"name,omitempty"`
		Customers []ID      `json:"customers,omitempty"`
		Services  []ID      `json:"services,omitempty"`
		Channels  []Channel `json:"channels,omitempty"`
	}
)

func groupsToJSON(gs []Group) []jsonGroup {
	if len(gs) == 0 {
		return nil
	}
	out := make([]jsonGroup, len(gs))
	for i, g := range gs {
		ms := make([]jsonEdge, len(g.Members))
		for k, e := range g.Members {
			ms[k] = jsonEdge(e)
		}
		out[i] = jsonGroup{Name: g.Name, Rule: g.Rule, Members: ms}
	}
	return out
}

func groupsFromJSON(gs []jsonGroup) []Group {
	if len(gs) == 0 {
		return nil
	}
	out := make([]Group, len(gs))
	for i, g := range gs {
		ms := make([]Edge, len(g.Members))
		for k, e := range g.Members {
			ms[k] = Edge(e)
		}
		out[i] = Group{Name: g.Name, Rule: g.Rule, Members: ms}
	}
	return out
}

func (m *Model) document() jsonDocument {
	d := jsonDocument{Format: Format}
	for _, p := range m.providers {
		d.Providers = append(d.Providers, jsonProvider(p))
	}
	for _, s := range m.services {
		d.Services = append(d.Services, jsonService{ID: s.ID, Name: s.Name, Provider: s.Provider,
			Usage: s.Usage, Management: s.Management, Requires: groupsToJSON(s.Requires)})
	}
	for _, r := range m.resources {
		d.Resources = append(d.Resources, jsonResource{ID: r.ID, Name: r.Name, Kind: r.Kind,
			Provider: r.Provider, Requires: groupsToJSON(r.Requires)})
	}
	for _, a := range m.accessPoints {
		d.AccessPoints = append(d.AccessPoints, jsonAccessPoint(a))
	}
	for _, c := range m.customers {
		d.Customers = append(d.Customers, jsonCustomer(c))
	}
	for _, s := range m.subscriptions {
		d.Subscriptions = append(d.Subscriptions, jsonSubscription(s))
	}
	for _, u := range m.users {
		d.Users = append(d.Users, jsonUser(u))
	}
	for _, k := range m.desks {
		d.Desks = append(d.Desks, jsonDesk(k))
	}
	return d
}

// MarshalJSON encodes the model as an indented itsmkit.model/v1 document (see EncodeJSON); a nil
// model is ErrZeroValue (encoding/json writes a nil *Model field as null without calling it).
func (m *Model) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	if err := EncodeJSON(&b, m); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// EncodeJSON writes the model as an itsmkit.model/v1 document, indented by two spaces, objects in
// the model's documented orders, so equal models give equal bytes. Empty lists and fields are
// left out. A nil model or writer is ErrZeroValue.
func EncodeJSON(w io.Writer, m *Model) error {
	switch {
	case m == nil:
		return fmt.Errorf("%w: nil model", ErrZeroValue)
	case w == nil:
		return fmt.Errorf("%w: nil writer", ErrZeroValue)
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m.document()); err != nil {
		return fmt.Errorf("itsm: encode: %w", err)
	}
	return nil
}

// ErrImmutable: UnmarshalJSON was asked to decode into a model that is already built. Models
// never change once built; decode into a new one (a nil *Model field, or new(Model)).
var ErrImmutable = errors.New("itsm: a built model is immutable")

// UnmarshalJSON decodes an itsmkit.model/v1 document into m through DecodeJSON, with its default
// limits and checks (use DecodeJSON itself to set other limits or build options), so a model
// decoded by encoding/json — a *Model field of a larger document — is exactly as strict as
// DecodeJSON: the same *DecodeError (its Path and Offset are relative to the model's own JSON
// value) or *ValidationError, and null is refused like any document that is not an object (a
// null *Model field never reaches this method: encoding/json leaves the pointer nil). m must be
// the zero Model, such as encoding/json allocates for a nil *Model field: a model already built
// (by Build, DecodeJSON or an earlier UnmarshalJSON) is refused with ErrImmutable and left
// unchanged, since other goroutines may be reading it — so is decoding into a struct whose *Model
// field already points at a model, as encoding/json decodes into the value pointed at (clear the
// field first). A nil m is ErrZeroValue. On any error m is left unchanged.
func (m *Model) UnmarshalJSON(data []byte) error {
	switch {
	case m == nil:
		return fmt.Errorf("%w: nil model", ErrZeroValue)
	case m.graph != nil: // Build always sets the graph; the zero Model has none
		return fmt.Errorf("%w: decode into a new Model", ErrImmutable)
	}
	got, err := DecodeJSON(bytes.NewReader(data))
	if err != nil {
		return err
	}
	*m = *got
	return nil
}

// limitReader fails once more than max bytes have been read, and when the bytes are not UTF-8.
type limitReader struct {
	r       io.Reader
	left    int64
	offset  int64             // bytes read so far
	pending [utf8.UTFMax]byte // the start of a character split across reads
	npend   int
}

var errTooBig = errors.New("too many bytes")

// invalidUTF8 reports bytes that are not UTF-8 (RFC 8259 requires it; encoding/json would turn
// them into U+FFFD silently).
type invalidUTF8 struct{ offset int64 }

func (e invalidUTF8) Error() string { return fmt.Sprintf("not valid UTF-8 at byte %d", e.offset) }

// checkUTF8 validates p, which follows the bytes validated so far, keeping an incomplete
// character at its end for the next call; at EOF nothing may be left over.
func (l *limitReader) checkUTF8(p []byte, eof bool) error {
	base := l.offset // input offset of p[0]
	if l.npend > 0 {
		// Finish the character split across reads from the first bytes of p.
		var tmp [utf8.UTFMax]byte
		n := copy(tmp[:], l.pending[:l.npend])
		n += copy(tmp[n:], p)
		if !utf8.FullRune(tmp[:n]) {
			if eof || n == utf8.UTFMax {
				return invalidUTF8{base - int64(l.npend)}
			}
			l.npend = copy(l.pending[:], tmp[:n])
			return nil
		}
		r, size := utf8.DecodeRune(tmp[:n])
		if r == utf8.RuneError && size == 1 {
			return invalidUTF8{base - int64(l.npend)}
		}
		p = p[size-l.npend:]
		base += int64(size - l.npend)
		l.npend = 0
	}
	if utf8.Valid(p) {
		return nil
	}
	for i := 0; i < len(p); {
		if p[i] < utf8.RuneSelf {
			i++
			continue
		}
		if !utf8.FullRune(p[i:]) {
			if eof {
				return invalidUTF8{base + int64(i)}
			}
			l.npend = copy(l.pending[:], p[i:])
			return nil
		}
		r, size := utf8.DecodeRune(p[i:])
		if r == utf8.RuneError && size == 1 {
			return invalidUTF8{base + int64(i)}
		}
		i += size
	}
	return nil
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		// One byte more tells a document of exactly max bytes from a longer one.
		var one [1]byte
		n, err := l.r.Read(one[:])
		if n > 0 {
			return 0, errTooBig
		}
		if err == io.EOF && l.npend > 0 {
			return 0, l.checkUTF8(nil, true)
		}
		return 0, err
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	if uerr := l.checkUTF8(p[:n], err == io.EOF); uerr != nil {
		return 0, uerr
	}
	l.left -= int64(n)
	l.offset += int64(n)
	return n, err
}

type decoder struct {
	dec          *json.Decoder
	cfg          decodeConfig
	nodes, edges int
	b            Builder
	elemStart    int64 // input offset before the list element being decoded, or -1
	vd           valueDecoder
}

func (d *decoder) fail(path string, cause error, err error) error {
	off := d.dec.InputOffset()
	if d.elemStart >= 0 {
		off = d.elemStart
	}
	if errors.Is(err, errTooBig) {
		return &DecodeError{Path: path, Offset: off, Err: fmt.Errorf("%w: more than %d bytes", ErrLimit, d.cfg.maxBytes)}
	}
	var bad invalidUTF8
	if errors.As(err, &bad) {
		return &DecodeError{Path: path, Offset: off, Err: fmt.Errorf("%w: %w", ErrSyntax, bad)}
	}
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) && te.Field != "" {
		path += "." + te.Field
	}
	if err == nil {
		return &DecodeError{Path: path, Offset: off, Err: cause}
	}
	return &DecodeError{Path: path, Offset: off, Err: fmt.Errorf("%w: %w", cause, err)}
}

// DecodeJSON reads one itsmkit.model/v1 document and builds the model. Bytes that are not UTF-8,
// unknown fields (names match exactly, case included), fields repeated at any depth, null anywhere
// but for a list, numbers that are not integers fitting an int, values of the wrong type, trailing
// data and documents over the limits are errors (a *DecodeError naming the JSON path); a document that decodes but does not
// validate returns the *ValidationError of Build, listing at most DefaultMaxProblems problems (see
// MaxProblems). The decoder reads the document token by token and checks MaxNodes and MaxEdges as
// each object and list entry is read, so what it allocates stays within a small multiple of the
// limits.
//
// A nil reader is ErrZeroValue.
func DecodeJSON(r io.Reader, opts ...DecodeOption) (*Model, error) {
	if r == nil {
		return nil, fmt.Errorf("%w: nil reader", ErrZeroValue)
	}
	cfg := decodeConfig{maxBytes: DefaultMaxBytes, maxNodes: DefaultMaxNodes, maxEdges: DefaultMaxEdges,
		build: []BuildOption{MaxProblems(DefaultMaxProblems)}}
	for _, o := range opts {
		if o != nil { // a nil option is ignored, not a panic
			o(&cfg)
		}
	}
	d := &decoder{cfg: cfg, elemStart: -1, dec: json.NewDecoder(&limitReader{r: r, left: cfg.maxBytes})}
	d.dec.UseNumber()
	if err := d.document(); err != nil {
		return nil, err
	}
	return d.b.Build(append(cfg.build, func(c *buildConfig) { c.paths = true })...)
}

func (d *decoder) document() error {
	tok, err := d.dec.Token()
	if err != nil {
		return d.fail("$", ErrSyntax, err)
	}
	if tok != json.Delim('{') {
		return d.fail("$", ErrSyntax, fmt.Errorf("document is %s, not an object", describe(tok)))
	}
	seen := map[string]bool{}
	format := ""
	for d.dec.More() {
		tok, err := d.dec.Token()
		if err != nil {
			return d.fail("$", ErrSyntax, err)
		}
		key, _ := tok.(string)
		path := "$." + key
		if seen[key] {
			return d.fail(path, ErrSyntax, errors.New("field repeated"))
		}
		seen[key] = true
		switch key {
		case "format":
			if err := d.dec.Decode(&format); err != nil {
				return d.fail(path, ErrSyntax, err)
			}
			if format != Format {
				return d.fail(path, ErrFormat, fmt.Errorf("format %q", format))
			}
		case "providers":
			err = list(d, path, func(v jsonProvider) { d.b.providers = append(d.b.providers, Provider(v)) })
		case "services":
			err = list(d, path, func(v jsonService) {
				d.b.services = append(d.b.services, Service{ID: v.ID, Name: v.Name, Provider: v.Provider,
					Usage: v.Usage, Management: v.Management, Requires: groupsFromJSON(v.Requires)})
			})
		case "resources":
			err = list(d, path, func(v jsonResource) {
				d.b.resources = append(d.b.resources, Resource{ID: v.ID, Name: v.Name, Kind: v.Kind,
					Provider: v.Provider, Requires: groupsFromJSON(v.Requires)})
			})
		case "accessPoints":
			err = list(d, path, func(v jsonAccessPoint) { d.b.accessPoints = append(d.b.accessPoints, AccessPoint(v)) })
		case "customers":
			err = list(d, path, func(v jsonCustomer) { d.b.customers = append(d.b.customers, Customer(v)) })
		case "subscriptions":
			err = list(d, path, func(v jsonSubscription) { d.b.subscriptions = append(d.b.subscriptions, Subscription(v)) })
		case "users":
			err = list(d, path, func(v jsonUser) { d.b.users = append(d.b.users, User(v)) })
		case "desks":
			err = list(d, path, func(v jsonDesk) { d.b.desks = append(d.b.desks, ServiceDesk(v)) })
		default:
			return d.fail(path, ErrSyntax, fmt.Errorf("unknown field %q", key))
		}
		if err != nil {
			return err
		}
	}
	if _, err := d.dec.Token(); err != nil { // the closing brace
		return d.fail("$", ErrSyntax, err)
	}
	if _, err := d.dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the document")
		}
		return d.fail("$", ErrSyntax, err)
	}
	if !seen["format"] {
		return d.fail("$.format", ErrFormat, errors.New("missing"))
	}
	return nil
}

// list decodes a JSON array (or null) one element at a time, each through decoder.element, and
// hands each to add.
func list[T any](d *decoder, path string, add func(T)) error {
	tok, err := d.dec.Token()
	if err != nil {
		return d.fail(path, ErrSyntax, err)
	}
	if tok == nil {
		return nil
	}
	if tok != json.Delim('[') {
		return d.fail(path, ErrSyntax, fmt.Errorf("%s is not a list", describe(tok)))
	}
	for i := 0; d.dec.More(); i++ {
		at := path + "[" + strconv.Itoa(i) + "]"
		d.nodes++
		if d.nodes > d.cfg.maxNodes {
			return d.fail(at, ErrLimit, fmt.Errorf("more than %d objects", d.cfg.maxNodes))
		}
		var v T
		d.elemStart = d.dec.InputOffset()
		if err := d.element(reflect.ValueOf(&v).Elem(), at); err != nil {
			return err
		}
		add(v)
		d.elemStart = -1
	}
	if _, err := d.dec.Token(); err != nil {
		return d.fail(path, ErrSyntax, err)
	}
	return nil
}
