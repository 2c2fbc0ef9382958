package itsm

import (
	"hash/maphash"
	"math/bits"
)

// idTable finds an object by ID. It is an open-addressing hash table of packed refs with no
// pointers in it, so a model of millions of objects costs the garbage collector nothing to scan
// and one lookup touches one slot before it compares strings. The keys are the IDs already held by
// the model's sorted slices; a slot stores where to find them.
//
// A slot is fingerprint<<40 | kind<<32 | pos: 24 bits of the hash (so a probe compares strings
// only on a likely match), the object kind (never zero, so a zero slot is empty) and the position
// (the node index for services and resources). The seed is per model, so a hostile document
// cannot aim collisions at a known hash function; it changes nothing visible, as the table is
// only ever probed for one ID.
type idTable struct {
	seed    maphash.Seed
	slots   []uint64
	mask    uint64
	touched uint64 // what hashAhead's reads summed to; stored so the compiler keeps the reads
}

func (t *idTable) init(n int) {
	size := uint64(8)
	if want := uint64(n) * 2; want > size {
		size = 1 << bits.Len64(want-1)
	}
	t.seed = maphash.MakeSeed()
	t.slots = make([]uint64, size)
	t.mask = size - 1
}

func packRef(fp uint64, r ref) uint64 { return fp<<40 | uint64(r.kind)<<32 | uint64(uint32(r.pos)) }

func unpackRef(s uint64) ref { return ref{kind: objectKind(s >> 32 & 0xff), pos: int32(uint32(s))} }

// idOf returns the ID of the object r locates.
func (m *Model) idOf(r ref) ID {
	if r.kind == kindService || r.kind == kindResource {
		return m.nodeIDs[r.pos]
	}
	switch r.kind {
	case kindProvider:
		return m.providers[r.pos].ID
	case kindAccessPoint:
		return m.accessPoints[r.pos].ID
	case kindCustomer:
		return m.customers[r.pos].ID
	case kindUser:
		return m.users[r.pos].ID
	case kindDesk:
		return m.desks[r.pos].ID
	}
	return ""
}

func (m *Model) hash(id ID) uint64 { return maphash.String(m.idTab.seed, string(id)) }

// probe returns the slot holding id, whose hash is h, or the empty slot where it would go, and
// the fingerprint.
func (m *Model) probe(id ID, h uint64) (int, uint64) {
	t := &m.idTab
	fp := h >> 40
	for i := h & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 || (s>>40 == fp && m.idOf(unpackRef(s)) == id) {
			return int(i), fp
		}
	}
}

// lookup finds the object with the given ID.
func (m *Model) lookup(id ID) (ref, bool) {
	if m == nil || len(m.idTab.slots) == 0 {
		return ref{}, false
	}
	i, _ := m.probe(id, m.hash(id))
	s := m.idTab.slots[i]
	return unpackRef(s), s != 0
}

// insert records that id, whose hash is h, belongs to r, unless an object already holds it: then
// it returns that object and false. The table must have been sized for every insert by init.
func (m *Model) insert(id ID, h uint64, r ref) (ref, bool) {
	i, fp := m.probe(id, h)
	if s := m.idTab.slots[i]; s != 0 {
		return unpackRef(s), false
	}
	m.idTab.slots[i] = packRef(fp, r)
	return r, true
}

// resolveBatch is how many lookups resolveNodes keeps in flight. Looking up a million random IDs
// is bound by memory latency, not work: each lookup misses the cache on its slot, on the ID it
// finds there and on that ID's bytes. Doing each stage for a batch before the next stage makes
// the misses of a batch independent of each other, so the processor overlaps them.
const resolveBatch = 32

// resolveNodes sets out[k] to the node index of the service or resource named targets[k], or -1
// when targets[k] names no node (empty, unknown, or another kind of object: the caller looks
// those up again to say which).
func (m *Model) resolveNodes(targets []ID, out []int32) {
	t := &m.idTab
	if len(t.slots) == 0 {
		for k := range targets {
			out[k] = -1
		}
		return
	}
	var (
		hash [resolveBatch]uint64
		slot [resolveBatch]uint64
		cand [resolveBatch]int32
		id   [resolveBatch]ID
	)
	for base := 0; base < len(targets); base += resolveBatch {
		batch := targets[base:min(base+resolveBatch, len(targets))]
		for k := range batch {
			h := maphash.String(t.seed, string(batch[k]))
			hash[k] = h
			slot[k] = t.slots[h&t.mask]
		}
		for k := range batch {
			// Walk on from the first slot to the first one whose fingerprint matches: the slots
			// after it are usually in the same cache line, so collisions cost no further miss.
			cand[k] = -1
			fp := hash[k] >> 40
			for i, s := hash[k]&t.mask, slot[k]; s != 0; i = (i + 1) & t.mask {
				if s = t.slots[i]; s == 0 {
					cand[k] = -2 // no object has this ID
					break
				}
				if s>>40 == fp {
					if r := unpackRef(s); r.kind == kindService || r.kind == kindResource {
						cand[k] = r.pos
						id[k] = m.nodeIDs[r.pos]
					}
					break
				}
			}
		}
		for k := range batch {
			c := cand[k]
			if c >= 0 && id[k] == batch[k] {
				out[base+k] = c
				continue
			}
			out[base+k] = -1
			if c == -2 {
				continue
			}
			// A fingerprint matched another ID or another kind of object: probe properly.
			if r, ok := m.lookup(batch[k]); ok && (r.kind == kindService || r.kind == kindResource) {
				out[base+k] = r.pos
			}
		}
	}
}

// hashAhead sets hs[k] to the hash of ids[k] and reads the slot each hash starts at, so that
// inserting the batch afterwards finds its slots in cache: the reads are independent, and the
// processor overlaps their misses.
func (m *Model) hashAhead(ids []ID, hs []uint64) {
	t := &m.idTab
	var touch uint64
	for k, id := range ids {
		h := m.hash(id)
		hs[k] = h
		touch |= t.slots[h&t.mask]
	}
	m.idTab.touched += touch
}
