package itsm

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
)

// ErrForeignEvaluation: a DOT export was given an evaluation of another model.
var ErrForeignEvaluation = errors.New("itsm: evaluation belongs to another model")

// DOTOptions shape a Graphviz export. The zero value draws the bare model.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type DOTOptions struct {
	// Name is the graph's name; empty means "itsm".
	Name string
	// Evaluation, when set, colours every node by its derived state and labels it with state and
	// flags. It must be an evaluation of the exported model.
	Evaluation *Evaluation
	// Highlight lists nodes whose causes are drawn bold red: the whole cause subgraph back to
	// the inputs, as Evaluation.Causes walks it — every deciding member of every group at a
	// node's state, so both replicas of an any-of group that are both down, and both groups of a
	// node that two groups take down, are drawn, not just the one chain Evaluation.Path picks. It
	// needs Evaluation.
	Highlight []ID
}

// Fill colours of the states in DOT exports.
var dotColours = [...]string{
	Operational:   "#b6d7a8",
	Degraded:      "#ffe599",
	Unknown:       "#d9d2e9",
	Down:          "#ea9999",
	NotApplicable: "#ffffff",
}

// WriteDOT writes the model as a Graphviz digraph: services as boxes, resources as ellipses, one
// edge from each node to each member of its dependency groups, labelled with the group (name, or
// operator when unnamed) and any mapping. The output is stable: nodes in ID order, edges in node,
// group and member order, so two exports of the same input are byte for byte equal. With an
// evaluation, nodes are filled by state (operational green, degraded yellow, unknown lilac, down
// red, not applicable white), handled nodes are dashed, and the cause subgraphs of the
// highlighted nodes (see DOTOptions.Highlight) are drawn bold red, in time and memory linear in
// their size. A nil model or writer is ErrZeroValue.
func WriteDOT(w io.Writer, m *Model, opts DOTOptions) error {
	ev := opts.Evaluation
	switch {
	case m == nil:
		return fmt.Errorf("%w: nil model", ErrZeroValue)
	case w == nil:
		return fmt.Errorf("%w: nil writer", ErrZeroValue)
	case ev != nil && ev.zero():
		return errZeroEvaluation
	case ev != nil && ev.a.m != m:
		return ErrForeignEvaluation
	}
	if len(opts.Highlight) > 0 && ev == nil {
		return errors.New("itsm: DOT highlight needs an evaluation")
	}
	onPath := map[int32]bool{}
	pathEdge := map[int32]bool{} // absolute edge positions, as the analyzer numbers them
	for _, id := range opts.Highlight {
		v, ok := m.Index(id)
		if !ok {
			return fmt.Errorf("%w: highlight %q", ErrUnknownID, id)
		}
		onPath[int32(v)] = true // an operational node is highlighted alone
		nodes, edges, _ := ev.causeGraph(int32(v), true)
		for _, u := range nodes {
			onPath[u] = true
		}
		for _, e := range edges {
			pathEdge[e] = true
		}
	}
	name := opts.Name
	if name == "" {
		name = "itsm"
	}
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "digraph %s {\n", dotQuote(name))
	bw.WriteString("  node [style=filled, fillcolor=\"#ffffff\", fontname=\"Helvetica\"];\n  edge [fontname=\"Helvetica\", fontsize=10];\n")
	for v := range m.Len() {
		id := m.IDAt(v)
		shape := "ellipse"
		if m.IsService(v) {
			shape = "box"
		}
		attrs := []string{"shape=" + shape}
		label := string(id)
		if ev != nil {
			st := ev.StatusAt(v)
			label += "\n" + st.String()
			style := "filled"
			if st.Flags&handledFlags != 0 {
				style = "filled,dashed"
			}
			attrs = append(attrs, "style=\""+style+"\"", "fillcolor=\""+dotColours[st.State]+"\"")
		}
		if onPath[int32(v)] {
			attrs = append(attrs, "penwidth=3", "color=\"#cc0000\"")
		}
		attrs = append(attrs, "label="+dotQuote(label))
		fmt.Fprintf(bw, "  %s [%s];\n", dotQuote(string(id)), strings.Join(attrs, ", "))
	}
	g := m.Graph()
	for v := range m.Len() {
		out := g.Out(int32(v))
		k := 0
		for _, gr := range m.Groups(v) {
			glabel := gr.Name
			if glabel == "" {
				glabel = gr.Rule.Op.String()
			}
			for _, e := range gr.Members {
				t := out[k]
				k++
				label := glabel
				if e.Map.Kind != AsIs {
					label += " (" + mappingText(e.Map) + ")"
				}
				attrs := []string{"label=" + dotQuote(label)}
				if ev != nil && pathEdge[ev.a.edgeStart[v]+int32(k-1)] {
					attrs = append(attrs, "penwidth=3", "color=\"#cc0000\"")
				}
				fmt.Fprintf(bw, "  %s -> %s [%s];\n", dotQuote(string(m.IDAt(v))), dotQuote(string(m.IDAt(int(t)))), strings.Join(attrs, ", "))
			}
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}

// dotQuote makes a DOT double-quoted string: backslashes and quotes escaped, a line break (\n,
// \r\n or a lone \r) as the escape \n, other control characters as spaces, so the output keeps one
// statement per line and Graphviz never reads a raw control character. Model IDs hold no control
// characters, so distinct IDs stay distinct; only names and labels are touched.
func dotQuote(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for i, r := range s {
		switch {
		case r == '"':
			b.WriteString(`\"`)
		case r == '\\':
			b.WriteString(`\\`)
		case r == '\r' && i+1 < len(s) && s[i+1] == '\n':
			// the \n that follows writes the line break
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}
