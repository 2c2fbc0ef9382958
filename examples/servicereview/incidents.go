package main

import (
	"bufio"
	"cmp"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"iter"
	"path"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/incident"
	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/sla"
)

// incidentLogFile is the event log inside its dataset folder.
const incidentLogFile = "incident_event_log.csv.gz"

// IncidentSection is the incident management part of the review.
type IncidentSection struct {
	File string `json:"file"`
	From string `json:"from"`
	To   string `json:"to"`
	// Period is the log's own span of months: the log is another organisation's, not the
	// service under review's.
	Period    string  `json:"period"`
	Rows      int     `json:"rows"`
	Events    int     `json:"events"`
	Incidents int     `json:"incidents"`
	ByPrio    []Count `json:"byPriority"`
	ByChannel []Count `json:"byChannel"`
	ByMonth   []Count `json:"byMonth"`
	Matrix    Matrix  `json:"matrix"`
	MTTA      []Times `json:"mtta"`
	MTTR      []Times `json:"mttr"`
	// Trend is the MTTR of priorities 1 and 2 per opening month, over the log's full months
	// (at least a tenth of the busiest month's volume).
	Trend   []TrendRow `json:"mttrTrend"`
	SLA     SLAView    `json:"sla"`
	Reopens string     `json:"reopenRate"`
	Holds   []Hold     `json:"onHold"`
	Quality Quality    `json:"dataQuality"`

	log incident.Log // the replayed log, kept for tests that recheck the figures against it
}

// Count is a number of incidents in one group.
type Count struct {
	Key string `json:"key"`
	N   int    `json:"n"`
}

// Matrix is the priority matrix the log used, cell by cell, and how it compares with the
// common 3×3 default.
type Matrix struct {
	Inferred string       `json:"inferred"`
	Default  string       `json:"default"`
	Cells    []MatrixCell `json:"cells"`
	// Conflicts are cells seen with more than one priority; Disagreements rows whose priority
	// the default matrix would not give.
	Conflicts     int    `json:"conflicts"`
	Disagreements int    `json:"disagreements"`
	Observations  int    `json:"observations"`
	Note          string `json:"note"`
}

// MatrixCell is one impact × urgency cell: the priority the log gave it, the rows that used
// it and the default matrix's priority.
type MatrixCell struct {
	Impact   int `json:"impact"`
	Urgency  int `json:"urgency"`
	Priority int `json:"priority"` // 0: never used
	Default  int `json:"default"`
	Rows     int `json:"rows"`
}

// Times summarises a duration per priority.
type Times struct {
	Priority string `json:"priority"`
	N        int    `json:"n"`
	Mean     string `json:"mean"`
	P50      string `json:"p50"`
	P90      string `json:"p90"`
	Max      string `json:"max"`
	Excluded int    `json:"excluded"`
	// MeanSeconds is the mean in whole seconds (truncated), for comparisons.
	MeanSeconds int64 `json:"meanSeconds"`
}

// TrendRow is the MTTR of one priority over the incidents opened in one month.
type TrendRow struct {
	Month    string        `json:"month"`
	Priority string        `json:"priority"`
	N        int           `json:"n"`
	Mean     string        `json:"mean"`
	MeanNs   time.Duration `json:"meanNanoseconds"`
}

// SLAView compares the log's own made_sla with an example resolution timer.
type SLAView struct {
	Definition string `json:"definition"`
	MadeSLA    string `json:"madeSLA"`
	// Timer is the attainment of the timers that attached (an incident never open in the log,
	// first seen resolved, gets none); NotAttached counts the others.
	Timer       string `json:"timer"`
	TimerHits   int    `json:"timerHits"`
	TimerTotal  int    `json:"timerTotal"`
	NotAttached int    `json:"notAttached"`
	// Paused is the attainment of the same timer paused while the incident is on hold.
	Paused    string   `json:"pausedOnHold"`
	Agreement []string `json:"agreement"`
	// ByPriority compares the two per final priority.
	ByPriority []SLARow `json:"byPriority"`
}

// SLARow is one priority's incidents, timers met and made_sla.
type SLARow struct {
	Priority  string `json:"priority"`
	Incidents int    `json:"incidents"`
	Attached  int    `json:"attached"`
	TimerMet  int    `json:"timerMet"`
	MadeSLA   int    `json:"madeSLA"`
	// MadeSLAAttached counts made_sla among the incidents a timer attached to, so it compares
	// with TimerMet over the same incidents.
	MadeSLAAttached int `json:"madeSLAAttached"`
}

// Hold is the on-hold time of one reason.
type Hold struct {
	Reason    string `json:"reason"`
	Incidents int    `json:"incidents"`
	Total     string `json:"total"`
	Mean      string `json:"mean"`
}

// Quality is what the importer could not use or found wrong.
type Quality struct {
	Unusable      int     `json:"unusableRows"`
	UnusableLines []int   `json:"unusableLines"`
	UnusableWhy   string  `json:"unusableWhy"`
	MidLife       int     `json:"midLife"`
	Anomalies     []Count `json:"anomalies"`
	Moves         []Count `json:"moves"`
}

// Example resolution timer (the definition the incident package's own real-data figures use):
// from opening to the first resolution, Monday–Friday 08:00–18:00 in the log's zone, targets
// P1 4 h, P2 8 h, P3 40 h (a working week), P4 80 h, never paused.
func resolutionTimer(loc *time.Location) (incident.Definition, error) {
	var spec sla.CalendarSpec
	for wd := time.Monday; wd <= time.Friday; wd++ {
		spec.Week[wd] = []sla.Slot{{Start: sla.Clock(8, 0), End: sla.Clock(18, 0)}}
	}
	cal, err := sla.NewCalendar(loc, spec)
	if err != nil {
		return incident.Definition{}, err
	}
	return incident.Definition{
		Name: "resolution", Start: incident.Always(),
		Stop: incident.InState(incident.Resolved, incident.Closed), Cancel: incident.InState(incident.Canceled),
		Targets:  []incident.Target{{Priority: 1, Duration: 4 * time.Hour}, {Priority: 2, Duration: 8 * time.Hour}, {Priority: 3, Duration: 40 * time.Hour}, {Priority: 4, Duration: 80 * time.Hour}},
		Calendar: cal, RetroactiveStart: true,
	}, nil
}

// loadLog imports the event log, naming the file and line of anything fatal.
func loadLog(fsys fs.FS, loc *time.Location) (incident.Log, string, error) {
	name := path.Join(dataset.IncidentEventLog, incidentLogFile)
	f, err := fsys.Open(name)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = errors.New("cannot open: " + pe.Err.Error())
		}
		return incident.Log{}, name, &DataError{File: name, Err: err}
	}
	defer f.Close()
	// Import reads gzip or plain CSV whatever the file is called; a gzip stream that ends early
	// is reported as such rather than as a malformed last line.
	br := bufio.NewReader(f)
	magic, _ := br.Peek(2)
	gz := len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b
	log, err := incident.Import(br, incident.ImportOptions{Location: loc})
	if err != nil {
		var pe *incident.ParseError
		if gz && gzipTruncated(fsys, name) {
			msg := "the gzip stream is truncated"
			if errors.As(err, &pe) {
				msg += fmt.Sprintf(" (it ends inside line %d)", pe.Line)
			}
			return log, name, &DataError{File: name, Err: fmt.Errorf("%s: %w", msg, io.ErrUnexpectedEOF)}
		}
		if errors.As(err, &pe) {
			return log, name, &DataError{File: name, Line: pe.Line, Err: err}
		}
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			return log, name, &DataError{File: name, Line: 1, Err: fmt.Errorf("%w: empty file", ErrNoData)}
		}
		return log, name, &DataError{File: name, Err: err}
	}
	if len(log.Incidents) == 0 {
		return log, name, &DataError{File: name, Line: 2, Err: fmt.Errorf("%w: no incident rows after the header", ErrNoData)}
	}
	return log, name, nil
}

// gzipTruncated reports whether a gzip file ends before its stream does (read again only when
// the import failed).
func gzipTruncated(fsys fs.FS, name string) bool {
	f, err := fsys.Open(name)
	if err != nil {
		return false
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF)
	}
	_, err = io.Copy(io.Discard, zr)
	return errors.Is(err, io.ErrUnexpectedEOF)
}

func incidentReport(fsys fs.FS, loc *time.Location) (IncidentSection, error) {
	log, name, err := loadLog(fsys, loc)
	out := IncidentSection{File: name}
	if err != nil {
		return out, err
	}
	incs := log.Incidents
	first, last := logSpan(incs)
	out.From, out.To = first.In(loc).Format("2006-01-02 15:04"), last.In(loc).Format("2006-01-02 15:04")
	out.Period = first.In(loc).Format("2006-01") + " to " + last.In(loc).Format("2006-01")
	out.Rows, out.Events, out.Incidents = log.Report.Rows, log.Report.Events, len(incs)
	out.ByPrio = counts(incident.Volumes(incs, incident.ByPriority))
	out.ByChannel = counts(incident.Volumes(incs, func(i incident.Incident) string { return i.Channel }))
	out.ByMonth = counts(incident.Volumes(incs, func(i incident.Incident) string { return i.Opened.In(loc).Format("2006-01") }))
	out.Matrix = matrixView(log)
	out.MTTA = times(incident.MTTA(incs, incident.ByPriority))
	out.MTTR = times(incident.MTTR(incs, incident.ByPriority))
	out.Trend = trend(incs, out.ByMonth, loc)
	if out.SLA, err = slaView(log, loc, last); err != nil {
		return out, err
	}
	rr := incident.ReopenRate(incs)
	out.Reopens = fmt.Sprintf("%s%% (%s of %s resolved incidents)", rr.Percent.FloorString(2), itoa(rr.Hits), itoa(rr.Total))
	for _, h := range incident.HoldTimes(incs, last, nil) {
		mean := time.Duration(0)
		if h.Incidents > 0 {
			mean = h.Total / time.Duration(h.Incidents)
		}
		out.Holds = append(out.Holds, Hold{Reason: h.Reason.String(), Incidents: h.Incidents, Total: fmtDur(h.Total), Mean: fmtDur(mean)})
	}
	out.Quality = quality(log.Report)
	out.log = log
	return out, nil
}

// logSpan is the first opening and the last event of the log.
func logSpan(incs []incident.Incident) (first, last time.Time) {
	for _, inc := range incs {
		if first.IsZero() || inc.Opened.Before(first) {
			first = inc.Opened
		}
		if n := len(inc.History); n > 0 && inc.History[n-1].At.After(last) {
			last = inc.History[n-1].At
		}
	}
	return first, last
}

func counts(cs []incident.Count) []Count {
	out := make([]Count, 0, len(cs))
	for _, c := range cs {
		key := c.Key
		if key == "" {
			key = "(none)"
		}
		out = append(out, Count{Key: key, N: c.N})
	}
	return out
}

// observations yields every (impact, urgency) → priority triple of the log, one per event.
func observations(log incident.Log) iter.Seq[incident.Observation] {
	return func(yield func(incident.Observation) bool) {
		for _, inc := range log.Incidents {
			for _, ev := range inc.History {
				if !yield(incident.Observation{Impact: ev.Impact, Urgency: ev.Urgency, Priority: ev.Priority, Line: ev.Line, ID: inc.ID}) {
					return
				}
			}
		}
	}
}

func matrixView(log incident.Log) Matrix {
	inf := incident.InferMatrix(observations(log))
	def := incident.DefaultMatrix()
	out := Matrix{
		Inferred: inf.Matrix.String(), Default: def.String(), Conflicts: len(inf.Conflicts),
		Disagreements: len(def.Disagreements(observations(log))), Observations: inf.Rows,
	}
	rows := map[[2]incident.Level]int{}
	for _, c := range inf.Cells {
		n := 0
		for _, k := range c.Counts {
			n += k
		}
		rows[[2]incident.Level{c.Impact, c.Urgency}] = n
	}
	ni, nu := inf.Matrix.Size()
	di, du := def.Size()
	ni, nu = max(ni, di), max(nu, du)
	var differ []string
	for i := 1; i <= ni; i++ {
		for u := 1; u <= nu; u++ {
			p, _ := inf.Matrix.Priority(incident.Level(i), incident.Level(u))
			d, _ := def.Priority(incident.Level(i), incident.Level(u))
			out.Cells = append(out.Cells, MatrixCell{Impact: i, Urgency: u, Priority: int(p), Default: int(d), Rows: rows[[2]incident.Level{incident.Level(i), incident.Level(u)}]})
			switch {
			case p == 0:
				differ = append(differ, fmt.Sprintf("(%d,%d) never used", i, u))
			case p != d:
				differ = append(differ, fmt.Sprintf("(%d,%d) → %d, default %d", i, u, p, d))
			}
		}
	}
	out.Note = "differs from the default: none"
	if len(differ) > 0 {
		out.Note = "differs from the default: " + joinComma(differ)
	}
	return out
}

func times(gs []incident.Group) []Times {
	var out []Times
	for _, g := range gs {
		out = append(out, Times{
			Priority: g.Key, N: g.Stats.N, Mean: fmtDur(g.Stats.Mean), P50: fmtDur(g.Stats.P50),
			P90: fmtDur(g.Stats.P90), Max: fmtDur(g.Stats.Max), Excluded: g.Excluded, MeanSeconds: int64(g.Stats.Mean / time.Second),
		})
	}
	return out
}

func slaView(log incident.Log, loc *time.Location, asOf time.Time) (SLAView, error) {
	d, err := resolutionTimer(loc)
	if err != nil {
		return SLAView{}, err
	}
	out := SLAView{Definition: "resolution within 4h for priority 1, 8h for 2, 40h for 3, 80h for 4, of business time (Mon–Fri 08:00–18:00 " + loc.String() + "), from opening to first resolution, not paused"}
	measure := func(d incident.Definition) ([]incident.Measurement, error) {
		ms := make([]incident.Measurement, len(log.Incidents))
		for i, inc := range log.Incidents {
			m, err := incident.Evaluate(d, inc, asOf)
			if err != nil {
				return nil, fmt.Errorf("incident %s: %w", inc.ID, err)
			}
			ms[i] = m
		}
		return ms, nil
	}
	ms, err := measure(d)
	if err != nil {
		return out, err
	}
	made := 0
	agree := map[[2]bool]int{}
	byP := map[string]*SLARow{}
	var keys []string
	for i, m := range ms {
		rec := log.Recorded[i]
		if rec.MadeSLA {
			made++
		}
		key := log.Incidents[i].Priority.String()
		row := byP[key]
		if row == nil {
			row = &SLARow{Priority: key}
			byP[key] = row
			keys = append(keys, key)
		}
		row.Incidents++
		if rec.MadeSLA {
			row.MadeSLA++
		}
		if m.Stage == incident.NotStarted {
			out.NotAttached++
			continue
		}
		row.Attached++
		if rec.MadeSLA {
			row.MadeSLAAttached++
		}
		if !m.Breached {
			row.TimerMet++
		}
		agree[[2]bool{!m.Breached, rec.MadeSLA}]++
	}
	slices.Sort(keys)
	for _, k := range keys {
		out.ByPriority = append(out.ByPriority, *byP[k])
	}
	n := len(log.Incidents)
	out.MadeSLA = fmt.Sprintf("%s%% (%s of %s)", percent(made, n), itoa(made), itoa(n))
	a := incident.Attainment(ms)
	out.TimerHits, out.TimerTotal = a.Hits, a.Total
	out.Timer = fmt.Sprintf("%s%% (%s of %s)", a.Percent.FloorString(2), itoa(a.Hits), itoa(a.Total))
	out.Agreement = []string{
		"both met: " + itoa(agree[[2]bool{true, true}]),
		"both missed: " + itoa(agree[[2]bool{false, false}]),
		"timer met, made_sla false: " + itoa(agree[[2]bool{true, false}]),
		"timer missed, made_sla true: " + itoa(agree[[2]bool{false, true}]),
	}
	d.Pause = incident.OnHoldFor()
	if ms, err = measure(d); err != nil {
		return out, err
	}
	p := incident.Attainment(ms)
	out.Paused = fmt.Sprintf("%s%% (%s of %s)", p.Percent.FloorString(2), itoa(p.Hits), itoa(p.Total))
	return out, nil
}

func quality(r incident.Report) Quality {
	q := Quality{Unusable: len(r.Unusable), MidLife: r.MidLife}
	for _, u := range r.Unusable {
		if len(q.UnusableLines) < 10 {
			q.UnusableLines = append(q.UnusableLines, u.Line)
		}
	}
	if len(r.Unusable) > 0 {
		q.UnusableWhy = r.Unusable[0].Error()
	}
	// Every kind the importer reported, in the order of the kinds.
	var kinds []incident.AnomalyKind
	for _, a := range r.Anomalies {
		if !slices.Contains(kinds, a.Kind) {
			kinds = append(kinds, a.Kind)
		}
	}
	slices.Sort(kinds)
	for _, k := range kinds {
		q.Anomalies = append(q.Anomalies, Count{Key: k.String(), N: r.Count(k)})
	}
	moves := map[string]int{}
	for _, a := range r.Anomalies {
		if a.Kind == incident.IllegalMove || a.Kind == incident.AfterTerminal {
			moves[a.From.String()+" → "+a.To.String()]++
		}
	}
	for k, n := range moves {
		q.Moves = append(q.Moves, Count{Key: k, N: n})
	}
	slices.SortFunc(q.Moves, func(a, b Count) int { return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Key, b.Key)) })
	return q
}

// percent is hits/total in percent with two decimals, rounded down.
func percent(hits, total int) string {
	if total == 0 {
		return "no data"
	}
	r, _ := sla.RatioOf(int64(hits)*100, int64(total))
	return r.FloorString(2)
}

func joinComma(s []string) string { return strings.Join(s, "; ") }

// trend is the MTTR of priorities 1 and 2 by opening month, over the months with at least a
// tenth of the busiest month's incidents (the log's sparse tail months say little).
func trend(incs []incident.Incident, byMonth []Count, loc *time.Location) []TrendRow {
	busiest := 0
	for _, c := range byMonth {
		busiest = max(busiest, c.N)
	}
	full := map[string]bool{}
	for _, c := range byMonth {
		if c.N*10 >= busiest {
			full[c.Key] = true
		}
	}
	key := func(i incident.Incident) string {
		return i.Priority.String() + " " + i.Opened.In(loc).Format("2006-01")
	}
	var out []TrendRow
	for _, g := range incident.MTTR(incs, key) {
		prio, month, _ := strings.Cut(g.Key, " ")
		if (prio != "1" && prio != "2") || !full[month] || g.Stats.N == 0 {
			continue
		}
		out = append(out, TrendRow{Month: month, Priority: prio, N: g.Stats.N, Mean: fmtDur(g.Stats.Mean), MeanNs: g.Stats.Mean})
	}
	return out
}
