package bcp

import (
	"time"

	"github.com/itsmkit/itsmkit/itsm"
)

// Capabilities is a capability table resolved against one model: every capability validated and
// its node ID looked up once, kept in flat arrays indexed like the model, beside the model's
// dependency groups classified once (each edge's mapping, each group's need). Build it once with
// NewCapabilities and run any number of analyses over it (different activities, objectives or
// options) without hashing the node IDs again. It is immutable and safe for concurrent use; a nil
// or zero table has no model: Analyze refuses it (ErrInvalid) and Of finds nothing.
type Capabilities struct {
	model  *itsm.Model
	idx    []int32         // per node: index into list, -1 when the node has no capability
	list   []capRec        // in node order
	extra  []capExtra      // the Proven and Evidence of the records that have either
	own    []time.Duration // per node: own restore time, never when unknown
	tested []bool          // per node: the capability is tested
	fl     flat            // the model's groups in flat arrays, for every analysis over the table
}

// NewCapabilities validates caps (keyed by node ID) against m and resolves them. Errors: a nil
// model (ErrInvalid), an invalid capability (the first in node order), a key that names no
// service or resource of m (ErrUnknownReference, the smallest such key). The map is only read.
func NewCapabilities(m *itsm.Model, caps map[itsm.ID]Capability) (*Capabilities, error) {
	if m == nil {
		return nil, errAt(ErrInvalid, "model", "", "nil model")
	}
	n := m.Len()
	cs := &Capabilities{model: m, idx: make([]int32, n), own: make([]time.Duration, n), tested: make([]bool, n)}
	for i := range n {
		cs.idx[i], cs.own[i] = -1, never
	}
	cs.fl = newFlat(m)
	if len(caps) == 0 {
		return cs, nil
	}
	// Look every node up in the map (in node order, so the result and any error do not depend on
	// map order); only when some entry matched no node, look for the smallest such ID to report.
	cs.list = make([]capRec, 0, len(caps))
	for i := range n {
		id := m.IDAt(i)
		c, ok := caps[id]
		if !ok {
			continue
		}
		if err := c.validate(string(id)); err != nil {
			return nil, err
		}
		cs.idx[i] = int32(len(cs.list))
		r := capRec{restore: c.Restore, dataLoss: c.DataLoss, basis: c.Basis, extra: -1}
		if c.Proven != (time.Time{}) || c.Evidence != "" {
			r.extra = int32(len(cs.extra))
			cs.extra = append(cs.extra, capExtra{c.Proven, c.Evidence})
		}
		cs.list = append(cs.list, r)
		cs.own[i], cs.tested[i] = c.Restore, c.Basis == Tested
	}
	if len(cs.list) < len(caps) {
		var bad itsm.ID
		for id := range caps {
			if _, ok := m.Index(id); !ok && (bad == "" || id < bad) {
				bad = id
			}
		}
		return nil, errAt(ErrUnknownReference, "capabilities", string(bad), "no such service or resource")
	}
	return cs, nil
}

// Model returns the model the table was resolved against (nil for a nil or zero table).
func (cs *Capabilities) Model() *itsm.Model {
	if cs == nil {
		return nil
	}
	return cs.model
}

// Len is the number of nodes with a capability.
func (cs *Capabilities) Len() int {
	if cs == nil {
		return 0
	}
	return len(cs.list)
}

// Of returns the capability of a node; ok is false when the node is unknown or has none.
func (cs *Capabilities) Of(id itsm.ID) (Capability, bool) {
	if cs == nil || cs.model == nil {
		return Capability{}, false
	}
	i, ok := cs.model.Index(id)
	if !ok || cs.idx[i] < 0 {
		return Capability{}, false
	}
	return cs.at(cs.idx[i]), true
}

// capRec is a capability without its pointer fields, which most capabilities leave empty: the
// table stays small and the garbage collector need not scan it.
type capRec struct {
	restore  time.Duration
	dataLoss Optional[time.Duration]
	basis    Basis
	extra    int32 // index into Capabilities.extra, -1 when Proven and Evidence are zero
}

type capExtra struct {
	proven   time.Time
	evidence string
}

// at is the capability of record c, as it was given.
func (cs *Capabilities) at(c int32) Capability {
	r := cs.list[c]
	out := Capability{Restore: r.restore, DataLoss: r.dataLoss, Basis: r.basis}
	if r.extra >= 0 {
		x := cs.extra[r.extra]
		out.Proven, out.Evidence = x.proven, x.evidence
	}
	return out
}

// Analyze is the package-level Analyze over the resolved table: the same validation (except of
// the capabilities, already done), the same results.
func (cs *Capabilities) Analyze(acts []Activity, opts Options) (*Analysis, error) {
	return analyze(cs.Model(), acts, func() (*Capabilities, error) { return cs, nil }, opts)
}
