package bcp

import (
	"fmt"
	"slices"

	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// CapabilitiesFromHistory turns real outage history into tested capabilities: for every node
// with a status timeline, its own restore time is the longest Down interval during which none of
// its direct dependencies (that have a timeline) was down — an outage of its own, not one it
// waited out — and it counts as proven at the end of that outage. An outage still open when the
// timeline ends proves no restore (its length is only a lower bound) and is left out. A node whose
// every outage overlaps one of a dependency or is still open, or that was never down, gets no
// capability: the history says nothing about how long it takes to restore. Timelines are keyed by node ID; a key that is not a
// node of the model is ErrUnknownReference. Linear in the size of the timelines after sorting.
func CapabilitiesFromHistory(m *itsm.Model, timelines map[itsm.ID]sla.Timeline) (map[itsm.ID]Capability, error) {
	if m == nil {
		return nil, errAt(ErrInvalid, "model", "", "nil model")
	}
	ids := make([]itsm.ID, 0, len(timelines))
	for id := range timelines {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make(map[itsm.ID]Capability, len(ids))
	for _, id := range ids {
		i, ok := m.Index(id)
		if !ok {
			return nil, errAt(ErrUnknownReference, "timelines", string(id), "no such service or resource")
		}
		var depDown interval.Set
		for _, g := range m.Groups(i) {
			for _, e := range g.Members {
				if tl, ok := timelines[e.Target]; ok {
					depDown = interval.Union(depDown, tl.Intervals(sla.Down))
				}
			}
		}
		var longest interval.Interval
		j := 0 // both sets are sorted and disjoint: one merge-like sweep
		tl := timelines[id]
		for _, iv := range tl.Intervals(sla.Down) {
			if !iv.End.Before(tl.Window().End) {
				continue // still down when the record ends: not a restore, and no duration yet
			}
			for j < len(depDown) && !depDown[j].End.After(iv.Start) {
				j++
			}
			if j < len(depDown) && depDown[j].Start.Before(iv.End) {
				continue
			}
			if iv.Duration() > longest.Duration() {
				longest = iv
			}
		}
		if longest.Empty() {
			continue
		}
		out[id] = Capability{Restore: longest.Duration(), Basis: Tested, Proven: longest.End,
			Evidence: fmt.Sprintf("longest own outage %s – %s", longest.Start.UTC().Format("2006-01-02 15:04:05"), longest.End.UTC().Format("2006-01-02 15:04:05 MST"))}
	}
	return out, nil
}
