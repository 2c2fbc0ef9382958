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
// or zero table has no model: Analyze refuses it (ErrZeroValue, which is also ErrInvalid), Of
// finds nothing, Model is nil and Len 0.
type Capabilities struct {
	model *itsm.Model
	count int             // nodes with a capability
	own   []time.Duration // per node: own restore time, never when unknown
	basis []uint8         // per node: its Basis (0 when no restore time), | noDataBit; 0 when no capability
	loss  []time.Duration // per node: DataLoss, unset when not given
	extra []int32         // per node: 1 + index into extras, 0 when Proven and Evidence are zero
	// extras holds Proven and Evidence apart: most capabilities leave them empty, so the per-node
	// arrays stay small and hold no pointers the garbage collector would scan.
	extras []capExtra
	fl     flat // the model's groups in flat arrays, for every analysis over the table
}

type capExtra struct {
	proven   time.Time
	evidence string
}

// NewCapabilities validates caps (keyed by node ID) against m and resolves them. Errors: a nil
// model (ErrInvalid), an invalid capability (the first in node order), a key that names no
// service or resource of m (ErrUnknownReference, the smallest such key). The map is only read.
func NewCapabilities(m *itsm.Model, caps map[itsm.ID]Capability) (*Capabilities, error) {
	if m == nil {
		return nil, errAt(ErrInvalid, "model", "", "nil model")
	}
	n := m.Len()
	cs := &Capabilities{model: m, own: make([]time.Duration, n), basis: make([]uint8, n), loss: make([]time.Duration, n), extra: make([]int32, n)}
	cs.fl = newFlat(m)
	if len(caps) == 0 {
		for i := range n {
			cs.own[i], cs.loss[i] = never, unset
		}
		return cs, nil
	}
	// Look every node up in the map (in node order, so the result and any error do not depend on
	// map order); only when some entry matched no node, look for the smallest such ID to report.
	for i := range n {
		id := m.IDAt(i)
		c, ok := caps[id]
		if !ok {
			cs.own[i], cs.loss[i] = never, unset
			continue
		}
		if err := c.validate(string(id)); err != nil {
			return nil, err
		}
		cs.count++
		cs.own[i], cs.basis[i], cs.loss[i] = c.Restore, uint8(c.Basis), c.DataLoss.Or(unset)
		if !c.restoreKnown() {
			cs.own[i] = never
		}
		if c.NoData {
			cs.basis[i] |= noDataBit
		}
		if c.Proven != (time.Time{}) || c.Evidence != "" {
			cs.extras = append(cs.extras, capExtra{c.Proven, c.Evidence})
			cs.extra[i] = int32(len(cs.extras))
		}
	}
	if cs.count < len(caps) {
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

// noDataBit marks, in Capabilities.basis, a node whose capability says it holds no data.
const noDataBit = 0x80

// has reports whether node i has a capability that states a restore time.
func (cs *Capabilities) has(i int) bool { return cs.basis[i]&^noDataBit != 0 }

// entry reports whether node i has a capability at all (a NoData-only one included).
func (cs *Capabilities) entry(i int) bool { return cs.basis[i] != 0 }

// noData reports whether node i's capability says it holds no data.
func (cs *Capabilities) noData(i int) bool { return cs.basis[i]&noDataBit != 0 }

// tested reports whether node i has a tested capability.
func (cs *Capabilities) tested(i int) bool { return Basis(cs.basis[i]&^noDataBit) == Tested }

// at is the capability of node i as it was given (the zero Capability when it has none).
func (cs *Capabilities) at(i int) Capability {
	if !cs.entry(i) {
		return Capability{}
	}
	c := Capability{Basis: Basis(cs.basis[i] &^ noDataBit), NoData: cs.noData(i)}
	if cs.has(i) {
		c.Restore = cs.own[i]
	}
	if d := cs.loss[i]; d != unset {
		c.DataLoss = Some(d)
	}
	if x := cs.extra[i]; x > 0 {
		c.Proven, c.Evidence = cs.extras[x-1].proven, cs.extras[x-1].evidence
	}
	return c
}

// Model returns the model the table was resolved against (nil for a nil or zero table).
func (cs *Capabilities) Model() *itsm.Model {
	if cs == nil {
		return nil
	}
	return cs.model
}

// Len is the number of nodes with a capability (a NoData-only one included).
func (cs *Capabilities) Len() int {
	if cs == nil {
		return 0
	}
	return cs.count
}

// Of returns the capability of a node as it was given; ok is false when the node is unknown or
// has none.
func (cs *Capabilities) Of(id itsm.ID) (Capability, bool) {
	if cs == nil || cs.model == nil {
		return Capability{}, false
	}
	i, ok := cs.model.Index(id)
	if !ok || !cs.entry(i) {
		return Capability{}, false
	}
	return cs.at(i), true
}

// Analyze is the package-level Analyze over the resolved table: the same validation (except of
// the capabilities, already done), the same results.
func (cs *Capabilities) Analyze(acts []Activity, opts Options) (*Analysis, error) {
	if cs == nil || cs.model == nil {
		return nil, errAt(ErrZeroValue, "capabilities", "", "not made by NewCapabilities")
	}
	return analyze(cs.Model(), acts, func() (*Capabilities, error) { return cs, nil }, opts)
}
