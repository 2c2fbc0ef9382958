package main

import (
	"errors"
	"fmt"
	"io/fs"
	"time"

	"github.com/itsmkit/itsmkit/internal/dataset"
)

// Options are the inputs of a review besides the data.
type Options struct {
	// AsOf is the review instant. The zero value means the end of the availability data (the
	// latest instant the monitor reports), never the machine's clock.
	AsOf time.Time
	// Zone bounds calendar months and days. Nil means DefaultZone.
	Zone *time.Location
	// LogZone reads the incident log's wall-clock times, which carry no zone. Nil means
	// DefaultLogZone.
	LogZone *time.Location
	// Source names the data in the report ("embedded" or a directory).
	Source string
	// Progress, when set, is told each long step as it starts.
	Progress func(step string)
}

// Default zones. The Building Permit Hub serves British Columbia; the incident log was
// published by the University of São Paulo and its times are local there.
const (
	DefaultZone    = "America/Vancouver"
	DefaultLogZone = "America/Sao_Paulo"
)

// Report is the whole monthly service review: every figure the renderers show, computed by the
// library. It holds display-ready text (figures rounded down as the packages show them) and
// integer values for the charts, so every rendering is deterministic.
type Report struct {
	Title       string             `json:"title"`
	AsOf        time.Time          `json:"asOf"`
	Zone        string             `json:"zone"`
	Source      string             `json:"source"`
	Service     ServiceSection     `json:"service"`
	Impact      ImpactSection      `json:"impact"`
	Incidents   IncidentSection    `json:"incidents"`
	Continuity  ContinuitySection  `json:"continuity"`
	Improvement ImprovementSection `json:"improvement"`
}

// DataError is bad input found in the user's data: the file (relative to the data directory),
// the line when known, and the cause.
type DataError struct {
	File string
	Line int
	Err  error
}

func (e *DataError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s: %v", e.File, e.Err)
}

func (e *DataError) Unwrap() error { return e.Err }

// ErrNoData is wrapped when a file is well formed but holds nothing to review.
var ErrNoData = errors.New("no data to review")

// Review computes the service review over fsys, laid out as the embedded datasets are
// (dataset.BuildingPermitHub, dataset.IncidentEventLog, dataset.MicroserviceGraphs folders).
func Review(fsys fs.FS, opts Options) (*Report, error) {
	var err error
	if opts.Zone == nil {
		if opts.Zone, err = time.LoadLocation(DefaultZone); err != nil {
			return nil, err
		}
	}
	if opts.LogZone == nil {
		if opts.LogZone, err = time.LoadLocation(DefaultLogZone); err != nil {
			return nil, err
		}
	}
	if opts.Source == "" {
		opts.Source = "embedded"
	}
	step := func(s string) {
		if opts.Progress != nil {
			opts.Progress(s)
		}
	}
	r := &Report{Title: "Monthly service review", Zone: opts.Zone.String(), Source: opts.Source}

	step("reading availability history")
	hub, err := loadHub(fsys, dataset.BuildingPermitHub)
	if err != nil {
		return nil, err
	}
	asOf := opts.AsOf
	if asOf.IsZero() {
		asOf = hub.end
	}
	r.AsOf = asOf.In(opts.Zone)
	model, err := hubModel(hub)
	if err != nil {
		return nil, err
	}

	step("service reporting")
	if r.Service, err = serviceReport(hub, asOf, opts.Zone); err != nil {
		return nil, err
	}

	step("dependency impact")
	if r.Impact, err = impactReport(fsys, hub, model, asOf, opts.Zone); err != nil {
		return nil, err
	}

	step("reading and replaying the incident log")
	if r.Incidents, err = incidentReport(fsys, opts.LogZone); err != nil {
		return nil, err
	}

	step("continuity analysis")
	if r.Continuity, err = continuityReport(hub, model, asOf, opts.Zone); err != nil {
		return nil, err
	}

	step("improvement cycle")
	if r.Improvement, err = improvementReport(r, asOf, opts.Zone); err != nil {
		return nil, err
	}
	return r, nil
}
