package bcp

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
)

// ExerciseKind is the kind of continuity exercise, from discussion only to a real interruption.
// The zero value is invalid.
// It is a plain value, safe for concurrent use.
type ExerciseKind int

const (
	// Tabletop: a discussion of a scenario; proves understanding, not restore times.
	Tabletop ExerciseKind = iota + 1
	// Walkthrough: the steps are walked through without restoring anything.
	Walkthrough
	// Simulation: recovery is performed in a simulated environment.
	Simulation
	// ParallelTest: recovery systems are brought up beside production.
	ParallelTest
	// FullInterruption: production is switched off and recovered for real.
	FullInterruption
)

var exerciseNames = [...]string{"", "tabletop", "walkthrough", "simulation", "parallel test", "full interruption"}

func (k ExerciseKind) String() string {
	if k < Tabletop || k > FullInterruption {
		return fmt.Sprintf("ExerciseKind(%d)", int(k))
	}
	return exerciseNames[k]
}

// Restores reports whether the kind actually restores systems, so that its measured times can
// stand as tested capabilities. Tabletops and walkthroughs do not.
func (k ExerciseKind) Restores() bool { return k >= Simulation && k <= FullInterruption }

// Result is the outcome of an exercise. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Result int

const (
	// Passed: every stated RTO/RPO objective was met by a measured actual.
	Passed Result = iota + 1
	// Failed: at least one measured actual exceeded its objective.
	Failed
	// Inconclusive: no objective was stated, or one was stated but not measured.
	Inconclusive
)

func (r Result) String() string {
	switch r {
	case Passed:
		return "passed"
	case Failed:
		return "failed"
	case Inconclusive:
		return "inconclusive"
	}
	return fmt.Sprintf("Result(%d)", int(r))
}

// Improvement is an improvement item raised by an exercise (or an analysis). It is a plain value
// that a continual-improvement register (package pdca) can take over; bcp does not import pdca.
// The zero value is invalid (no title).
// Safe for concurrent use.
type Improvement struct {
	Title    string    `json:"title"`
	Detail   string    `json:"detail,omitempty"`
	Owner    string    `json:"owner,omitempty"`
	Severity Severity  `json:"severity"`
	Source   string    `json:"source"` // the exercise (or analysis) that raised it
	Raised   time.Time `json:"raised"`
}

// Exercise records one continuity exercise: what was exercised (Scope: activity or node IDs),
// the objectives under test, what was actually achieved, and the findings the participants
// raised. The zero value is invalid (no ID). Exercises are plain values.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Exercise struct {
	ID         string                  `json:"id"`
	Kind       ExerciseKind            `json:"kind"`
	Date       time.Time               `json:"date"`
	Scope      []string                `json:"scope"`
	Objectives Objectives              `json:"objectives"`
	ActualRTO  Optional[time.Duration] `json:"actualRTO"`
	ActualRPO  Optional[time.Duration] `json:"actualRPO"`
	Findings   []Improvement           `json:"findings,omitempty"`
}

// Validate checks ID, kind, date, scope and that no duration is negative.
func (e Exercise) Validate() error {
	where := "exercise " + quote(e.ID)
	switch {
	case strings.TrimSpace(e.ID) == "":
		return errAt(ErrInvalid, "exercise", "", "empty ID")
	case e.Kind < Tabletop || e.Kind > FullInterruption:
		return errAt(ErrInvalid, where+".kind", e.ID, fmt.Sprintf("unknown kind %d", e.Kind))
	case e.Date.IsZero():
		return errAt(ErrInvalid, where+".date", e.ID, "no date")
	case len(e.Scope) == 0:
		return errAt(ErrInvalid, where+".scope", e.ID, "empty scope")
	}
	if err := e.Objectives.Validate(where + ".objectives"); err != nil {
		return err
	}
	if d, ok := e.ActualRTO.Get(); ok && d < 0 {
		return errAt(ErrNegativeDuration, where+".actualRTO", e.ID, d.String())
	}
	if d, ok := e.ActualRPO.Get(); ok && d < 0 {
		return errAt(ErrNegativeDuration, where+".actualRPO", e.ID, d.String())
	}
	for i, f := range e.Findings {
		if strings.TrimSpace(f.Title) == "" {
			return errAt(ErrInvalid, fmt.Sprintf("%s.findings[%d].title", where, i), e.ID, "empty title")
		}
	}
	return nil
}

// Result compares the measured actuals with the stated RTO and RPO objectives: Failed if any
// actual exceeds its objective, Inconclusive if an objective was not measured or none was
// stated, Passed otherwise. An actual equal to its objective meets it.
func (e Exercise) Result() Result {
	stated, unmeasured := 0, false
	for _, p := range [...][2]Optional[time.Duration]{{e.Objectives.RTO, e.ActualRTO}, {e.Objectives.RPO, e.ActualRPO}} {
		obj, ok := p[0].Get()
		if !ok {
			continue
		}
		stated++
		act, ok := p[1].Get()
		if !ok {
			unmeasured = true
			continue
		}
		if act > obj {
			return Failed
		}
	}
	if stated == 0 || unmeasured {
		return Inconclusive
	}
	return Passed
}

// Improvements returns the participants' findings followed by one item per missed objective,
// each stamped with the exercise as source and date as raised instant.
func (e Exercise) Improvements() []Improvement {
	out := make([]Improvement, 0, len(e.Findings)+2)
	for _, f := range e.Findings {
		if f.Source == "" {
			f.Source = e.ID
		}
		if f.Raised.IsZero() {
			f.Raised = e.Date
		}
		out = append(out, f)
	}
	miss := func(name string, obj, act Optional[time.Duration]) {
		o, ok1 := obj.Get()
		a, ok2 := act.Get()
		if ok1 && ok2 && a > o {
			out = append(out, Improvement{
				Title:    fmt.Sprintf("%s missed in exercise %s", name, e.ID),
				Detail:   fmt.Sprintf("achieved %s against an objective of %s (%s over) for %s", a, o, a-o, strings.Join(e.Scope, ", ")),
				Severity: Critical,
				Source:   e.ID,
				Raised:   e.Date,
			})
		}
	}
	miss("RTO", e.Objectives.RTO, e.ActualRTO)
	miss("RPO", e.Objectives.RPO, e.ActualRPO)
	return out
}

// Basis says how a capability is known. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Basis int

const (
	// Estimated: a figure stated by the owner, not proven.
	Estimated Basis = iota + 1
	// Tested: proven by an exercise (or observed in a real outage) on a known date.
	Tested
)

func (b Basis) String() string {
	switch b {
	case Estimated:
		return "estimated"
	case Tested:
		return "tested"
	}
	return fmt.Sprintf("Basis(%d)", int(b))
}

// Capability is what recovery of one node has been shown (or is estimated) to take: its own
// restore time once everything it depends on is back, the data loss its backups allow (RPO
// capability), how that is known, and when and by what it was proven. The zero value is invalid
// (no basis).
//
// NoData says the node holds no data of its own (a rack, a network link, a stateless application
// server, a composition of other services): no RPO applies to it, so it is neither an RPO gap nor
// an unknown data-loss finding, and its RequiredRPO is unset; the RPO still passes through it to
// what it depends on. It contradicts a DataLoss figure (ErrInvalid when both are given). A node
// whose restore time is unknown can still be marked: a Capability with NoData alone (zero Basis,
// Restore, Proven) states only that, and its restore time stays unknown.
// A plain value, safe for concurrent use.
type Capability struct {
	Restore  time.Duration           `json:"restore"`
	DataLoss Optional[time.Duration] `json:"dataLoss"`
	Basis    Basis                   `json:"basis"`
	Proven   time.Time               `json:"proven,omitzero"`
	Evidence string                  `json:"evidence,omitempty"`
	NoData   bool                    `json:"noData,omitempty"`
}

// restoreKnown reports whether c states a restore time (a NoData-only capability does not).
func (c Capability) restoreKnown() bool { return c.Basis != 0 }

func (c Capability) validate(id string) error {
	where := func(field string) string { return "capability " + quote(id) + "." + field }
	if c.Restore < 0 {
		return errAt(ErrNegativeDuration, where("restore"), id, c.Restore.String())
	}
	if d, ok := c.DataLoss.Get(); ok && d < 0 {
		return errAt(ErrNegativeDuration, where("dataLoss"), id, d.String())
	}
	if c.NoData && c.DataLoss.IsSet() {
		return errAt(ErrInvalid, where("noData"), id, "a node that holds no data has no data-loss figure")
	}
	if c.NoData && c.Basis == 0 { // NoData alone: the restore time stays unknown
		if c.Restore != 0 || !c.Proven.IsZero() {
			return errAt(ErrInvalid, where("basis"), id, "a restore time needs a basis")
		}
		return nil
	}
	if c.Basis != Estimated && c.Basis != Tested {
		return errAt(ErrInvalid, where("basis"), id, fmt.Sprintf("unknown basis %d", c.Basis))
	}
	if c.Basis == Tested && c.Proven.IsZero() {
		return errAt(ErrInvalid, where("proven"), id, "a tested capability needs the date it was proven")
	}
	return nil
}

// CapabilitiesFrom turns exercises that actually restore systems (Restores) and measured an
// actual RTO into tested capabilities of every node in their scope (each scope entry is taken as
// a node ID; Analyze rejects one that is not a node of its model): the most recent such
// exercise wins (ties by exercise ID). The actual RTO stands as the node's own restore time,
// which is pessimistic when the exercise restored the node together with its dependencies.
// The result is keyed by node ID.
func CapabilitiesFrom(exs []Exercise) (map[itsm.ID]Capability, error) {
	idx := make([]int, 0, len(exs))
	for i, e := range exs {
		if err := e.Validate(); err != nil {
			return nil, err
		}
		if e.Kind.Restores() && e.ActualRTO.IsSet() {
			idx = append(idx, i)
		}
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		if c := exs[a].Date.Compare(exs[b].Date); c != 0 {
			return c
		}
		return strings.Compare(exs[a].ID, exs[b].ID)
	})
	out := make(map[itsm.ID]Capability)
	for _, i := range idx {
		e := exs[i]
		for _, id := range e.Scope {
			out[itsm.ID(id)] = Capability{Restore: e.ActualRTO.Or(0), DataLoss: e.ActualRPO, Basis: Tested, Proven: e.Date, Evidence: e.ID}
		}
	}
	return out, nil
}
