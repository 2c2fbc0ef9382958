package main

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/sla"
)

// Options are the inputs of a review besides the data. The zero value reviews as of the end of
// the data in the default zones, silently. A plain value, safe to copy.
type Options struct {
	// AsOf is the review instant. The zero value means the end of the availability data (the
	// latest instant the monitor reports), never the machine's clock.
	AsOf time.Time
	// Zone is where instants are shown. Nil means DefaultZone. The agreement's months and days
	// are always those of its own zone (agreementZone), whatever Zone says.
	Zone *time.Location
	// LogZone reads the incident log's wall-clock times, which carry no zone. Nil means
	// DefaultLogZone.
	LogZone *time.Location
	// Source names the data in the report ("embedded" or a directory).
	Source string
	// Progress, when set, is told each long step as it starts.
	Progress func(step string)
	// Warn, when set, is told what the reader of the review should know about its inputs (an
	// as-of instant after the data, months left out).
	Warn func(msg string)
}

// Default zones. The Building Permit Hub serves British Columbia; the incident log was
// published by the University of São Paulo and its times are local there.
const (
	DefaultZone    = "America/Vancouver"
	DefaultLogZone = "America/Sao_Paulo"
)

// Report is the whole monthly service review: every figure the renderers show, computed by the
// library. It holds display-ready text (figures rounded down as the packages show them) and
// integer values for the charts, so every rendering is deterministic. The zero value is an empty
// review; Review returns a new one that nothing changes afterwards, so it is safe for concurrent
// reads (every section type below is likewise plain data).
type Report struct {
	Title string    `json:"title"`
	AsOf  time.Time `json:"asOf"`
	// Zone is where instants are shown; CalendarZone bounds the agreement's months and days.
	Zone         string `json:"zone"`
	CalendarZone string `json:"calendarZone"`
	// DataEnd is the end of the availability data; Skipped counts the calendar months between
	// it and a later as-of instant, left out as they hold no data.
	DataEnd     time.Time          `json:"dataEnd"`
	Skipped     int                `json:"monthsSkipped"`
	Source      string             `json:"source"`
	Service     ServiceSection     `json:"service"`
	Impact      ImpactSection      `json:"impact"`
	Incidents   IncidentSection    `json:"incidents"`
	Continuity  ContinuitySection  `json:"continuity"`
	Improvement ImprovementSection `json:"improvement"`
}

// DataError is bad input found in the user's data: the file (relative to the data directory),
// the line when known (0 when not), and the cause, for errors.Is/As. A plain value.
type DataError struct {
	File string
	Line int
	Err  error
}

func (e *DataError) Error() string {
	// The libraries name the place in their own messages ("nodes.csv:1:", "status_changes.csv
	// line 2, column 4", "line 1"): that place moves in front, after the full path, so the
	// message names the location once.
	msg := e.Err.Error()
	line, col := e.Line, 0
	base := regexp.QuoteMeta(path.Base(e.File))
	re := regexp.MustCompile(`(?:` + base + `)?(?::(\d+)(?::(\d+))?|,? ?line (\d+)(?:, column (\d+))?)`)
	if m := re.FindStringSubmatchIndex(msg); m != nil && (m[2] >= 0 || m[6] >= 0) && (m[0] == 0 || msg[m[0]-1] == ' ') {
		num := func(k int) int {
			if m[2*k] < 0 {
				return 0
			}
			n, _ := strconv.Atoi(msg[m[2*k]:m[2*k+1]])
			return n
		}
		line, col = max(num(1), num(3)), max(num(2), num(4))
		before, after := msg[:m[0]], msg[m[1]:]
		switch {
		case strings.HasSuffix(before, ": ") && strings.HasPrefix(after, ": "):
			after = after[2:]
		case strings.HasSuffix(before, " ") && strings.HasPrefix(after, " "):
			after = after[1:]
		}
		msg = before + after
	}
	switch {
	case line > 0 && col > 0:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, line, col, msg)
	case line > 0:
		return fmt.Sprintf("%s:%d: %s", e.File, line, msg)
	}
	return fmt.Sprintf("%s: %s", e.File, msg)
}

func (e *DataError) Unwrap() error { return e.Err }

// ErrNoData is wrapped when a file is well formed but holds nothing to review.
var ErrNoData = errors.New("no data to review")

// ErrAsOf: the review instant lies more than MaxYearsAfterData after the end of the
// availability data, where nothing is left to review and durations would pass what they hold.
var ErrAsOf = errors.New("as-of instant too far after the data")

// MaxYearsAfterData bounds how far after the end of the availability data a review may be
// dated.
const MaxYearsAfterData = 100

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
	cal, err := time.LoadLocation(agreementZone)
	if err != nil {
		return nil, err
	}
	r := &Report{Title: "Monthly service review", Zone: opts.Zone.String(), CalendarZone: cal.String(), Source: opts.Source}

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
	r.DataEnd = hub.end.In(opts.Zone)
	if limit := hub.end.AddDate(MaxYearsAfterData, 0, 0); asOf.After(limit) {
		return nil, fmt.Errorf("%w: %s is more than %d years after the end of the availability data (%s)",
			ErrAsOf, asOf.UTC().Format(time.RFC3339), MaxYearsAfterData, hub.end.UTC().Format(time.RFC3339))
	}
	if asOf.After(hub.end) {
		for m := range sla.Monthly(cal).Covering(interval.Interval{Start: hub.end, End: asOf}) {
			if !m.Start.Before(hub.end) {
				r.Skipped++
			}
		}
		if opts.Warn != nil {
			opts.Warn(fmt.Sprintf("as-of instant %s is %s after the end of the availability data (%s); %s later calendar months hold no data and are left out",
				asOf.UTC().Format(time.RFC3339), fmtDur(asOf.Sub(hub.end)), hub.end.UTC().Format(time.RFC3339), num(int64(r.Skipped))))
		}
	}
	model, err := hubModel(hub)
	if err != nil {
		return nil, err
	}

	step("service reporting")
	if r.Service, err = serviceReport(hub, asOf, cal, opts.Zone); err != nil {
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
	if r.Continuity, err = continuityReport(hub, model, asOf, cal, opts.Zone); err != nil {
		return nil, err
	}

	step("improvement cycle")
	if r.Improvement, err = improvementReport(r, asOf, cal); err != nil {
		return nil, err
	}
	return r, nil
}
