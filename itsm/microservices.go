package itsm

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"slices"
	"strings"
)

// ErrDataset is wrapped by every error of LoadMicroserviceGraphs about the content of the files.
// Its text carries no package prefix: it is always reported inside a *DatasetError, which gives
// the prefix and the location once.
var ErrDataset = errors.New("malformed microservice dataset")

// DatasetError locates a problem in a dataset file: File is the path inside the file system, Line
// the 1-based line number and Column the 1-based column of a CSV syntax error (each 0 when not
// known). Err is the cause without location or package prefix. The zero value locates nothing.
// It is safe for concurrent use.
type DatasetError struct {
	File   string
	Line   int
	Column int
	Err    error
}

// Error gives "itsm: file:line:column: cause", each part once.
func (e *DatasetError) Error() string {
	switch {
	case e.Line > 0 && e.Column > 0:
		return fmt.Sprintf("itsm: %s:%d:%d: %v", e.File, e.Line, e.Column, e.Err)
	case e.Line > 0:
		return fmt.Sprintf("itsm: %s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("itsm: %s: %v", e.File, e.Err)
}

// unprefixed shows a wrapped error of this package without its leading "itsm: ", so that a
// cause reported inside a *DatasetError names the package once; errors.Is/As still reach it.
type unprefixed struct{ err error }

func (u unprefixed) Error() string { return strings.TrimPrefix(u.err.Error(), "itsm: ") }
func (u unprefixed) Unwrap() error { return u.err }

// Unwrap returns the cause.
func (e *DatasetError) Unwrap() error { return e.Err }

// Group names used by LoadMicroserviceGraphs.
const (
	// MicroserviceRequired names the all-of group of a component's non-optional dependencies.
	MicroserviceRequired = "calls"
	// MicroserviceOptional names the group of a component's optional dependencies.
	MicroserviceOptional = "optional"
)

// LoadMicroserviceGraphs reads the microservice dependency graphs dataset (nodes.csv and
// edges.csv at the root of fsys, for example fs.Sub(dataset.FS(), dataset.MicroserviceGraphs))
// and returns one validated model per system, keyed by the system name. See the package doc,
// "Microservice dependency graphs", for how components become services and resources. Cycles are
// allowed (three systems' call graphs have them). A nil fsys is ErrZeroValue.
func LoadMicroserviceGraphs(fsys fs.FS) (map[string]*Model, error) {
	if fsys == nil {
		return nil, fmt.Errorf("%w: nil file system", ErrZeroValue)
	}
	nodes, err := readCSV(fsys, "nodes.csv", []string{"system", "node", "kind"})
	if err != nil {
		return nil, err
	}
	edges, err := readCSV(fsys, "edges.csv", []string{"system", "source", "target", "target_kind", "protocol", "optional", "evidence"})
	if err != nil {
		return nil, err
	}
	type node struct {
		kind     string
		required []Edge
		optional []Edge
	}
	systems := map[string]map[string]*node{}
	type edgeKey struct{ sys, src, dst string }
	edgeLine := map[edgeKey]int{} // first line of each edge, to report repeats
	var order []string            // systems in file order, for deterministic error reporting
	for _, row := range nodes {
		sys, name, kind := row.f[0], row.f[1], row.f[2]
		bad := func(format string, args ...any) error {
			return &DatasetError{File: "nodes.csv", Line: row.line, Err: fmt.Errorf("%w: "+format, append([]any{ErrDataset}, args...)...)}
		}
		if sys == "" || name == "" {
			return nil, bad("empty system or node")
		}
		// The system becomes a provider and the node a service or resource of the same model, so
		// both must be valid IDs and distinct.
		if why := invalidID(ID(sys)); why != "" {
			return nil, bad("system %q: name %s", sys, why)
		}
		if why := invalidID(ID(name)); why != "" {
			return nil, bad("node %q: name %s", name, why)
		}
		if name == sys {
			return nil, bad("node %q has the name of its system", name)
		}
		switch kind {
		case "frontend", "service", "database", "cache", "queue", "registry":
		default:
			return nil, bad("unknown kind %q", kind)
		}
		if systems[sys] == nil {
			systems[sys] = map[string]*node{}
			order = append(order, sys)
		}
		if systems[sys][name] != nil {
			return nil, bad("node %q listed twice in %q", name, sys)
		}
		systems[sys][name] = &node{kind: kind}
	}
	for _, row := range edges {
		sys, src, dst, kind, optional := row.f[0], row.f[1], row.f[2], row.f[3], row.f[5]
		bad := func(format string, args ...any) error {
			return &DatasetError{File: "edges.csv", Line: row.line, Err: fmt.Errorf("%w: "+format, append([]any{ErrDataset}, args...)...)}
		}
		ns := systems[sys]
		if ns == nil {
			return nil, bad("system %q has no nodes", sys)
		}
		from, to := ns[src], ns[dst]
		if from == nil || to == nil {
			return nil, bad("edge %q → %q names a node missing from nodes.csv", src, dst)
		}
		if from.kind != "frontend" && from.kind != "service" {
			return nil, bad("source %q is a %s, not a service", src, from.kind)
		}
		if kind != to.kind && !(kind == "service" && to.kind == "frontend") {
			return nil, bad("target %q is a %s in nodes.csv, %s here", dst, to.kind, kind)
		}
		if src == dst {
			return nil, bad("%q calls itself", src)
		}
		if first, ok := edgeLine[edgeKey{sys, src, dst}]; ok {
			return nil, bad("edge %q → %q already listed on line %d", src, dst, first)
		}
		edgeLine[edgeKey{sys, src, dst}] = row.line
		e := Edge{Target: ID(dst)}
		switch optional {
		case "false":
			from.required = append(from.required, e)
		case "true":
			from.optional = append(from.optional, e)
		default:
			return nil, bad("optional is %q, not true or false", optional)
		}
	}
	out := make(map[string]*Model, len(systems))
	for _, sys := range order {
		b := NewBuilder().AddProvider(Provider{ID: ID(sys), Name: sys})
		names := make([]string, 0, len(systems[sys]))
		for name := range systems[sys] {
			names = append(names, name)
		}
		slices.Sort(names)
		for _, name := range names {
			n := systems[sys][name]
			var groups []Group
			if len(n.required) > 0 {
				groups = append(groups, Group{Name: MicroserviceRequired, Rule: Rule{Op: AllOf}, Members: n.required})
			}
			if len(n.optional) > 0 {
				groups = append(groups, Group{Name: MicroserviceOptional,
					Rule: Rule{Op: AtLeast, DegradedBelow: Threshold{Count: len(n.optional)}}, Members: n.optional})
			}
			switch n.kind {
			case "frontend", "service":
				b.AddService(Service{ID: ID(name), Name: name, Provider: ID(sys), Requires: groups})
			case "database":
				b.AddResource(Resource{ID: ID(name), Name: name, Kind: Data, Provider: ID(sys)})
			default: // cache, queue, registry: middleware
				b.AddResource(Resource{ID: ID(name), Name: name, Kind: Software, Provider: ID(sys)})
			}
		}
		m, err := b.Build()
		if err != nil {
			return nil, &DatasetError{File: "nodes.csv", Err: fmt.Errorf("%w: system %q: %w", ErrDataset, sys, unprefixed{err})}
		}
		out[sys] = m
	}
	return out, nil
}

type csvRow struct {
	line int
	f    []string
}

// readCSV reads a whole CSV file with the given header; the shipped files are small.
func readCSV(fsys fs.FS, name string, header []string) ([]csvRow, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, fmt.Errorf("itsm: %w", err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1 // checked below, so a short header is reported as a wrong header
	r.ReuseRecord = false
	var rows []csvRow
	for first := true; ; first = false {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			// FieldPos is only valid after a successful Read: it panics on some failed ones.
			// csv.ParseError's own text repeats the line; keep its position and its cause.
			de := &DatasetError{File: name, Err: fmt.Errorf("%w: %w", ErrDataset, err)}
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				de.Line, de.Column = pe.Line, pe.Column
				de.Err = fmt.Errorf("%w: %w", ErrDataset, pe.Err)
			}
			return nil, de
		}
		line, _ := r.FieldPos(0)
		if first {
			if !slices.Equal(rec, header) {
				return nil, &DatasetError{File: name, Line: line, Err: fmt.Errorf("%w: header %q, want %q", ErrDataset, rec, header)}
			}
			continue
		}
		if len(rec) != len(header) {
			return nil, &DatasetError{File: name, Line: line, Err: fmt.Errorf("%w: %d fields, want %d", ErrDataset, len(rec), len(header))}
		}
		rows = append(rows, csvRow{line: line, f: rec})
	}
	if len(rows) == 0 {
		return nil, &DatasetError{File: name, Err: fmt.Errorf("%w: no rows", ErrDataset)}
	}
	return rows, nil
}
