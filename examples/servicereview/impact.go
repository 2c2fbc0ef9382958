package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// microSystem is the shipped microservice system whose blast radius the review ranks.
const microSystem = "online-boutique"

// ImpactSection is the dependency impact part of the review.
type ImpactSection struct {
	Service string `json:"service"`
	// Outages and Down are the main service's own outages over the review range.
	Outages int    `json:"outages"`
	Down    string `json:"down"`
	// Coinciding counts the main service's outages that overlapped an outage of some
	// dependency, and Overlap the share of its down time during which some dependency was down.
	Coinciding   int           `json:"coinciding"`
	Overlap      string        `json:"overlap"`
	Dependencies []Coincidence `json:"dependencies"`
	// Longest are the main service's longest outages with the dependencies down during them.
	Longest []OutageView `json:"longest"`
	// Explained counts the main service's outages that overlapped an outage of a dependency
	// whose failure, the model says, takes the service down.
	Explained int            `json:"explained"`
	Failures  []FailureScope `json:"failures"`
	Graph     GraphView      `json:"graph"`
	Micro     MicroImpact    `json:"micro"`
	// Strips are every service's outages over the review range, for the outage timeline chart.
	Strips Strips `json:"strips"`
}

// Strips are the down intervals of every service over one range, in seconds from its start.
type Strips struct {
	Start   string  `json:"start"`
	Seconds int64   `json:"seconds"`
	Rows    []Strip `json:"rows"`
}

// Strip is one service's down intervals, [from, to) in seconds from Strips.Start.
type Strip struct {
	Name string     `json:"name"`
	Down [][2]int64 `json:"down"`
	// Monitored is the part of the range the monitor watched the service, [from, to).
	Monitored [2]int64 `json:"monitored"`
}

// Coincidence is one dependency's outages beside the main service's.
type Coincidence struct {
	ID      string `json:"id"`
	Name    string `json:"name"`
	Outages int    `json:"outages"`
	Down    string `json:"down"`
	// Together is the time both were down; Hit the main service's outages it overlapped.
	Together        string `json:"together"`
	TogetherSeconds int64  `json:"togetherSeconds"`
	Hit             int    `json:"hit"`
}

// OutageView is one outage of the main service and the dependencies down during it.
type OutageView struct {
	Start string   `json:"start"`
	Down  string   `json:"down"`
	With  []string `json:"with"`
}

// FailureScope is what the model says one dependency's failure does.
type FailureScope struct {
	ID         string   `json:"id"`
	Name       string   `json:"name"`
	Group      string   `json:"group"`
	State      string   `json:"state"`
	Reason     string   `json:"reason"`
	Customers  []string `json:"customers"`
	Users      int      `json:"users"`
	Agreements []string `json:"agreements"`
}

// GraphView is a dependency graph with the state of each node under one scenario, for the
// chart.
type GraphView struct {
	Caption string       `json:"caption"`
	Nodes   []GraphNode  `json:"nodes"`
	Edges   []GraphEdge  `json:"edges"`
	Groups  []GraphGroup `json:"groups"`
}

// GraphGroup is one dependency group of the top node: its rule and members, and whether the
// members' failures only degrade it.
type GraphGroup struct {
	Name     string   `json:"name"`
	Rule     string   `json:"rule"`
	Members  []string `json:"members"`
	Degrades bool     `json:"degrades"`
}

// GraphNode is one node of a GraphView; Level 0 is the top (the service users reach).
type GraphNode struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	State string `json:"state"`
	Level int    `json:"level"`
}

// GraphEdge is a dependency: From needs To.
type GraphEdge struct {
	From  string `json:"from"`
	To    string `json:"to"`
	Group string `json:"group"`
}

// MicroImpact is the blast-radius ranking of one microservice system.
type MicroImpact struct {
	System string   `json:"system"`
	Nodes  int      `json:"nodes"`
	Cycles []string `json:"cycles"`
	// Blast ranks every single failure, worst first (the order of itsm's BlastRadius).
	Blast []Blast `json:"blast"`
	// SPOFs are, per service some single failure takes down, the nodes whose loss alone does.
	SPOFs []EntrySPOF `json:"spofs"`
}

// Blast is what the failure of one node alone does to its system (itsm.Analyzer.BlastRadius):
// the services that end down (the failed node included when it is a service) and those made
// worse without going down.
type Blast struct {
	Node     string   `json:"node"`
	Down     int      `json:"down"`
	Worse    int      `json:"worse"`
	TakesOut []string `json:"takesOut"`
	Degrades []string `json:"degrades"`
}

// EntrySPOF lists the single points of failure of one service (itsm.Analyzer.
// SinglePointsOfFailure); Entry marks a service nothing depends on, where users come in.
type EntrySPOF struct {
	Service string   `json:"service"`
	Entry   bool     `json:"entry"`
	Points  []string `json:"points"`
}

func impactReport(fsys fs.FS, h hubData, m *itsm.Model, asOf time.Time, zone *time.Location) (ImpactSection, error) {
	main := h.main()
	out := ImpactSection{Service: main.Name}
	rng, err := reviewRange(h, asOf)
	if err != nil {
		return out, err
	}
	hubDown := interval.Clip(main.TL.Intervals(sla.Down), rng)
	out.Outages, out.Down = len(hubDown), fmtDur(hubDown.Total())
	var anyDep interval.Set
	for _, s := range h.sites[1:] {
		dd := interval.Clip(s.TL.Intervals(sla.Down), rng)
		anyDep = interval.Union(anyDep, dd)
		both := interval.Intersect(hubDown, dd)
		out.Dependencies = append(out.Dependencies, Coincidence{
			ID: string(s.ID), Name: s.Name, Outages: len(dd), Down: fmtDur(dd.Total()),
			Together: fmtDur(both.Total()), TogetherSeconds: int64(both.Total() / time.Second), Hit: overlapping(hubDown, dd),
		})
	}
	out.Coinciding = overlapping(hubDown, anyDep)
	if total := hubDown.Total(); total > 0 {
		share, err := exact.FromRatio(int64(interval.Intersect(hubDown, anyDep).Total()), int64(total))
		if err != nil {
			return out, err
		}
		out.Overlap = share.MulInt(100).FloorString(1) + "%"
	}
	slices.SortStableFunc(out.Dependencies, func(a, b Coincidence) int {
		return cmp.Or(cmp.Compare(b.TogetherSeconds, a.TogetherSeconds), cmp.Compare(a.ID, b.ID))
	})

	an, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		return out, err
	}
	for _, s := range h.sites[1:] {
		ev, err := an.Evaluate([]itsm.Observation{{ID: s.ID, State: itsm.Down}})
		if err != nil {
			return out, err
		}
		st, _ := ev.Status(main.ID)
		x, err := ev.Explain(main.ID)
		if err != nil {
			return out, err
		}
		aff := ev.Affected()
		fs := FailureScope{ID: string(s.ID), Name: s.Name, Group: roleOf(s.ID).Group, State: st.State.String(), Reason: x.Reason(), Users: len(aff.Users)}
		for _, c := range aff.Customers {
			fs.Customers = append(fs.Customers, string(c.Customer))
		}
		for _, a := range aff.Agreements {
			if a.Agreement != "" {
				fs.Agreements = append(fs.Agreements, a.Agreement)
			}
		}
		out.Failures = append(out.Failures, fs)
	}
	// Outages the model explains: those overlapping a dependency whose loss takes the service
	// down.
	var fatal interval.Set
	for k, s := range h.sites[1:] {
		if out.Failures[k].State == itsm.Down.String() {
			fatal = interval.Union(fatal, interval.Clip(s.TL.Intervals(sla.Down), rng))
		}
	}
	out.Explained = overlapping(hubDown, fatal)
	longest := slices.Clone(hubDown)
	slices.SortStableFunc(longest, func(a, b interval.Interval) int {
		return cmp.Or(cmp.Compare(b.Duration(), a.Duration()), a.Start.Compare(b.Start))
	})
	for _, o := range longest[:min(len(longest), topDays)] {
		v := OutageView{Start: o.Start.In(zone).Format("2006-01-02 15:04"), Down: fmtDur(o.Duration())}
		for _, s := range h.sites[1:] {
			if both := interval.Clip(s.TL.Intervals(sla.Down), o).Total(); both > 0 {
				v.With = append(v.With, s.Name+" "+fmtDur(both))
			}
		}
		out.Longest = append(out.Longest, v)
	}
	out.Strips = Strips{Start: rng.Start.In(zone).Format("2006-01-02 15:04"), Seconds: int64(rng.Duration() / time.Second)}
	for _, s := range h.sites {
		st := Strip{Name: s.Name}
		if w := s.TL.Window(); w.End.After(rng.Start) && w.Start.Before(rng.End) {
			st.Monitored = [2]int64{int64(latest(w.Start, rng.Start).Sub(rng.Start) / time.Second), int64(earliest(w.End, rng.End).Sub(rng.Start) / time.Second)}
		}
		for _, iv := range interval.Clip(s.TL.Intervals(sla.Down), rng) {
			st.Down = append(st.Down, [2]int64{int64(iv.Start.Sub(rng.Start) / time.Second), int64(iv.End.Sub(rng.Start) / time.Second)})
		}
		out.Strips.Rows = append(out.Strips.Rows, st)
	}
	if out.Graph, err = hubGraph(h, an, scenarioSite(h)); err != nil {
		return out, err
	}
	out.Micro, err = microImpact(fsys)
	return out, err
}

// overlapping counts the intervals of a that overlap some interval of b (both normalised).
func overlapping(a, b interval.Set) int {
	n, j := 0, 0
	for _, x := range a {
		for j < len(b) && !b[j].End.After(x.Start) {
			j++
		}
		if j < len(b) && b[j].Start.Before(x.End) {
			n++
		}
	}
	return n
}

// hubGraph evaluates the loss of one dependency over the model and lays the graph out for the
// chart: the service on top, its dependencies below.
func hubGraph(h hubData, an *itsm.Analyzer, failed itsm.ID) (GraphView, error) {
	var obs []itsm.Observation
	if failed != "" {
		obs = append(obs, itsm.Observation{ID: failed, State: itsm.Down})
	}
	ev, err := an.Evaluate(obs)
	if err != nil {
		return GraphView{}, err
	}
	g := GraphView{Caption: "every dependency operational"}
	for _, s := range h.sites {
		if s.ID == failed {
			g.Caption = s.Name + " down"
		}
	}
	m := an.Model()
	for _, s := range h.sites {
		st, _ := ev.Status(s.ID)
		level := 1
		if s.Main {
			level = 0
		}
		g.Nodes = append(g.Nodes, GraphNode{ID: string(s.ID), Name: s.Name, State: st.State.String(), Level: level})
	}
	main := h.main()
	svc, _ := m.Service(main.ID)
	for _, gr := range svc.Requires {
		gg := GraphGroup{Name: gr.Name, Rule: gr.Rule.Op.String()}
		for _, e := range gr.Members {
			g.Edges = append(g.Edges, GraphEdge{From: string(main.ID), To: string(e.Target), Group: gr.Name})
			gg.Members = append(gg.Members, string(e.Target))
			gg.Degrades = gg.Degrades || e.Map.Kind == itsm.Lower
		}
		g.Groups = append(g.Groups, gg)
	}
	return g, nil
}

func microImpact(fsys fs.FS) (MicroImpact, error) {
	out := MicroImpact{System: microSystem}
	sub, err := fs.Sub(fsys, dataset.MicroserviceGraphs)
	if err != nil {
		return out, err
	}
	models, err := itsm.LoadMicroserviceGraphs(sub)
	if err != nil {
		return out, microError(err)
	}
	m, ok := models[microSystem]
	if !ok {
		return out, &DataError{File: path.Join(dataset.MicroserviceGraphs, "nodes.csv"), Err: fmt.Errorf("%w: no system %q", ErrNoData, microSystem)}
	}
	out.Nodes = m.Len()
	for _, c := range m.Cycles() {
		var ids []string
		for _, id := range c {
			ids = append(ids, string(id))
		}
		out.Cycles = append(out.Cycles, strings.Join(ids, " ⇄ "))
	}
	an, err := itsm.NewAnalyzer(m, itsm.Policy{})
	if err != nil {
		return out, err
	}
	radii, err := an.BlastRadius(nil)
	if err != nil {
		return out, err
	}
	for _, r := range radii {
		b := Blast{Node: string(r.Node), Down: len(r.Down), Worse: len(r.Worse)}
		for _, id := range r.Down {
			b.TakesOut = append(b.TakesOut, string(id))
		}
		for _, id := range r.Worse {
			b.Degrades = append(b.Degrades, string(id))
		}
		out.Blast = append(out.Blast, b)
	}
	spofs, err := an.SinglePointsOfFailure(nil)
	if err != nil {
		return out, err
	}
	for _, sp := range spofs {
		e := EntrySPOF{Service: string(sp.Service)}
		for _, id := range sp.Nodes {
			e.Points = append(e.Points, string(id))
		}
		if _, dependent := first(m.Dependents(sp.Service)); !dependent {
			e.Entry = true
		}
		out.SPOFs = append(out.SPOFs, e)
	}
	return out, nil
}

// first returns the first value of a walk, and false when it yields nothing.
func first[T any](seq iter.Seq[T]) (T, bool) {
	for v := range seq {
		return v, true
	}
	var zero T
	return zero, false
}

func microError(err error) error {
	var de *itsm.DatasetError
	var pe *fs.PathError
	switch {
	case errors.As(err, &pe):
		return &DataError{File: path.Join(dataset.MicroserviceGraphs, pe.Path), Err: errors.New("cannot open: " + pe.Err.Error())}
	case errors.As(err, &de):
		return &DataError{File: path.Join(dataset.MicroserviceGraphs, de.File), Line: de.Line, Err: err}
	}
	return &DataError{File: dataset.MicroserviceGraphs, Err: err}
}
