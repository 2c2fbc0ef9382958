package incident

import (
	"bufio"
	"bytes"
	"cmp"
	"compress/gzip"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"iter"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Errors of the importer, wrapped by *ParseError. ErrHeader, ErrMissingColumn, ErrSyntax and
// ErrLineTooLong end an import; the others make one row unusable and the import goes on (unless
// ImportOptions.Strict).
var (
	ErrHeader        = errors.New("not a ServiceNow incident audit header")
	ErrMissingColumn = errors.New("missing column")
	ErrSyntax        = errors.New("malformed CSV")
	ErrLineTooLong   = errors.New("line too long")
	ErrNoLocation    = errors.New("no time zone given")
	ErrFieldCount    = errors.New("wrong number of fields")
	ErrTime          = errors.New("unparseable time")
	ErrState         = errors.New("unknown state")
	ErrValue         = errors.New("bad value")
)

// ParseError locates a problem in an audit export: line (1 is the header) and column (1-based,
// 0 when the problem is not in one column), the column's name and the offending value.
// The zero value locates nothing.
// Safe for concurrent use; it is not modified once returned.
type ParseError struct {
	Line   int
	Column int
	Name   string
	Value  string
	Err    error
}

func (e *ParseError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "incident: line %d", e.Line)
	if e.Column > 0 {
		fmt.Fprintf(&b, ", column %d", e.Column)
	}
	if e.Name != "" {
		fmt.Fprintf(&b, " (%s)", e.Name)
	}
	fmt.Fprintf(&b, ": %v", e.Err)
	if e.Value != "" {
		fmt.Fprintf(&b, ": %q", e.Value)
	}
	return b.String()
}

// Unwrap returns the cause (one of the Err values of this package, possibly wrapping more).
func (e *ParseError) Unwrap() error { return e.Err }

// Fatal reports whether the error ends the import (as opposed to making one row unusable).
func (e *ParseError) Fatal() bool {
	return errors.Is(e.Err, ErrHeader) || errors.Is(e.Err, ErrMissingColumn) ||
		errors.Is(e.Err, ErrSyntax) || errors.Is(e.Err, ErrLineTooLong)
}

// ImportOptions control how an audit export is read. The zero value is not usable: Location is
// required because the export's times carry no zone.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type ImportOptions struct {
	// Location interprets the export's wall-clock times (D/M/YYYY HH:MM).
	Location *time.Location
	// States maps the export's state names; nil means ServiceNowStates().
	States Vocabulary
	// Matrix bounds impact and urgency; the zero Matrix means DefaultMatrix() (3×3). Priorities
	// are taken from the export as they are, not recomputed.
	Matrix Matrix
	// Strict stops at the first unusable row instead of reporting it and going on.
	Strict bool
	// MaxLineBytes bounds one record: a physical line, or several when a quoted field holds
	// newlines. 0 means 64 KiB.
	MaxLineBytes int
}

// Row is one parsed row of an audit export: an event of one incident plus the incident-level
// columns the export repeats on every row.
// The zero value is an empty row.
// A plain value, safe for concurrent use.
type Row struct {
	ID     string
	Event  Event
	Opened time.Time
	// Caller, Channel, AccessPoint (location) and Service (configuration item) describe the
	// incident as of this row.
	Caller, Channel, AccessPoint, Service string
	Recorded
}

// Recorded holds an export's own figures for an incident, kept to compare with what this package
// derives. Zero times mean the export had "?".
// A plain value, safe for concurrent use.
type Recorded struct {
	MadeSLA       bool
	Active        bool
	Reopens       int
	Reassignments int
	ResolvedAt    time.Time
	ClosedAt      time.Time
}

// The columns the importer understands; the first seven are required.
const (
	colNumber = iota
	colState
	colUpdatedAt
	colOpenedAt
	colImpact
	colUrgency
	colPriority
	colModCount
	colUpdatedBy
	colActive
	colReassign
	colReopen
	colMadeSLA
	colCaller
	colContact
	colLocation
	colCategory
	colSubcategory
	colCI
	colGroup
	colAssignee
	colClosedCode
	colResolvedAt
	colClosedAt
	numCols
	numRequired = colModCount
)

var colNames = [numCols]string{
	"number", "incident_state", "sys_updated_at", "opened_at", "impact", "urgency", "priority",
	"sys_mod_count", "sys_updated_by", "active", "reassignment_count", "reopen_count", "made_sla",
	"caller_id", "contact_type", "location", "category", "subcategory", "cmdb_ci",
	"assignment_group", "assigned_to", "closed_code", "resolved_at", "closed_at",
}

// Reader reads an audit export row by row without holding it in memory. Input compressed with
// gzip is recognised by its magic number and decompressed on the fly. A Reader is not safe for
// concurrent use.
// The zero Reader is not usable; make one with NewReader.
type Reader struct {
	opts   ImportOptions
	csv    *csv.Reader
	idx    [numCols]int // column index of each known column, -1 when absent
	fields int          // header width
	line   int          // line of the last record read
	end    int          // last line of the last record read (later than line when a quoted field spans lines); 0 before the header
	lim    *lineLimiter
	intern map[string]string
	// last parsed text and time per column: opened_at, resolved_at and closed_at repeat on
	// every row of an incident, so most times need no parsing.
	lastText [numCols]string
	lastTime [numCols]time.Time
	err      error // sticky fatal error
}

// lineLimiter fails once a record exceeds max bytes, bounding what csv buffers. A record ends at
// a newline outside quotes, so a quoted field cannot grow a record without bound by holding many
// short lines; physical lines are still counted for error messages. Quote parity is enough: an
// escaped quote ("") toggles twice, and a stray quote is a CSV syntax error anyway.
type lineLimiter struct {
	r       io.Reader
	max     int
	current int  // bytes of the current record so far
	quoted  bool // inside a quoted field
	line    int  // physical lines completed
	first   int  // physical lines completed before the current record began
}

func (l *lineLimiter) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	for off := 0; off < n; {
		i := bytes.IndexAny(p[off:n], "\"\n")
		if i < 0 {
			i = n - off
		}
		if l.current+i > l.max {
			return off + l.max - l.current, ErrLineTooLong
		}
		l.current += i
		off += i
		if off == n {
			break
		}
		if p[off] == '"' {
			l.quoted = !l.quoted
			l.current++
		} else {
			l.line++
			if l.quoted {
				l.current++
			} else {
				l.current, l.first = 0, l.line
			}
		}
		off++
	}
	return n, err
}

// NewReader reads and checks the header of an audit export. Errors are *ParseError values (line
// 1) or wrap ErrNoLocation.
func NewReader(r io.Reader, opts ImportOptions) (*Reader, error) {
	if opts.Location == nil {
		return nil, fmt.Errorf("incident: import: %w", ErrNoLocation)
	}
	if opts.States == nil {
		opts.States = ServiceNowStates()
	}
	for name, st := range opts.States {
		if err := st.Validate(); err != nil {
			return nil, fmt.Errorf("incident: import: state %q: %w", name, quiet{err})
		}
	}
	if opts.Matrix.rows == 0 {
		opts.Matrix = DefaultMatrix()
	}
	if opts.MaxLineBytes <= 0 {
		opts.MaxLineBytes = 64 << 10
	}
	br := bufio.NewReaderSize(r, 64<<10)
	var in io.Reader = br
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w: gzip: %v", ErrSyntax, err)}
		}
		in = zr
	}
	lim := &lineLimiter{r: in, max: opts.MaxLineBytes}
	cr := csv.NewReader(lim)
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = true
	rd := &Reader{opts: opts, csv: cr, lim: lim, intern: map[string]string{}}
	head, err := cr.Read()
	if err != nil {
		if err == io.EOF {
			return nil, &ParseError{Line: 1, Err: fmt.Errorf("%w: empty input", ErrHeader)}
		}
		return nil, rd.fatal(err) // nothing read yet: the error is on line 1
	}
	rd.read(head)
	for i := range rd.idx {
		rd.idx[i] = -1
	}
	for j, name := range head {
		name = strings.TrimSpace(strings.TrimPrefix(name, "\ufeff"))
		for c, want := range colNames {
			if name == want && rd.idx[c] < 0 {
				rd.idx[c] = j
			}
		}
	}
	rd.fields = len(head)
	var missing []string
	for c := range numRequired {
		if rd.idx[c] < 0 {
			missing = append(missing, colNames[c])
		}
	}
	switch {
	case len(missing) == numRequired:
		return nil, &ParseError{Line: 1, Err: ErrHeader, Value: truncate(strings.Join(head, ","))}
	case len(missing) > 0:
		return nil, &ParseError{Line: 1, Err: ErrMissingColumn, Value: strings.Join(missing, ", ")}
	}
	return rd, nil
}

func truncate(s string) string {
	if len(s) > 80 {
		return s[:80] + "…"
	}
	return s
}

// read records where the record just read lies: its first line, and its last one, which is later
// when a quoted field holds newlines (csv keeps them as "\n", one per physical line).
func (rd *Reader) read(rec []string) {
	if len(rec) == 0 { // csv never returns an empty record; keep the last position
		return
	}
	rd.line, _ = rd.csv.FieldPos(0)
	last, _ := rd.csv.FieldPos(len(rec) - 1)
	rd.end = last + strings.Count(rec[len(rec)-1], "\n")
}

// fatal records a sticky fatal error, located on the line where the record being read begins:
// the one after the last record read (line 1 for the header), or the line csv or the record bound
// names.
func (rd *Reader) fatal(err error) error {
	var pe *csv.ParseError
	switch {
	case errors.As(err, &pe):
		rd.err = &ParseError{Line: pe.Line, Column: pe.Column, Err: fmt.Errorf("%w: %v", ErrSyntax, pe.Err)}
	case errors.Is(err, ErrLineTooLong):
		rd.err = &ParseError{Line: rd.lim.first + 1, Err: fmt.Errorf("%w: a record over %d bytes", ErrLineTooLong, rd.opts.MaxLineBytes)}
	default: // the input failed (a gzip stream cut short, a read error)
		rd.err = &ParseError{Line: rd.end + 1, Err: fmt.Errorf("%w: %v", ErrSyntax, err)}
	}
	return rd.err
}

// Next returns the next row. At the end it returns io.EOF. A row it cannot use gives a
// *ParseError that is not Fatal: reading can go on with the next call. A Fatal error is returned
// again by every later call.
func (rd *Reader) Next() (Row, error) {
	if rd.err != nil {
		return Row{}, rd.err
	}
	rec, err := rd.csv.Read()
	if err == io.EOF {
		return Row{}, io.EOF
	}
	if err != nil {
		return Row{}, rd.fatal(err)
	}
	rd.read(rec)
	if len(rec) != rd.fields {
		return Row{}, &ParseError{Line: rd.line, Column: min(len(rec), rd.fields) + 1, Err: fmt.Errorf("%w: %d, header has %d", ErrFieldCount, len(rec), rd.fields)}
	}
	return rd.parse(rec)
}

// Line returns the line of the last row read (1 after the header).
func (rd *Reader) Line() int { return rd.line }

func (rd *Reader) bad(c int, rec []string, err error) *ParseError {
	return &ParseError{Line: rd.line, Column: rd.idx[c] + 1, Name: colNames[c], Value: truncate(rec[rd.idx[c]]), Err: err}
}

// str returns column c, "" when absent or "?", interned.
func (rd *Reader) str(rec []string, c int) string {
	if rd.idx[c] < 0 {
		return ""
	}
	v := rec[rd.idx[c]]
	if v == "?" {
		return ""
	}
	if s, ok := rd.intern[v]; ok {
		return s
	}
	if len(rd.intern) < 1<<20 {
		s := strings.Clone(v)
		rd.intern[s] = s
		return s
	}
	return strings.Clone(v)
}

func (rd *Reader) parse(rec []string) (Row, error) {
	var row Row
	row.ID = rd.str(rec, colNumber)
	if row.ID == "" {
		return Row{}, rd.bad(colNumber, rec, fmt.Errorf("%w: no incident number", ErrValue))
	}
	st, ok := rd.opts.States.Lookup(rec[rd.idx[colState]])
	if !ok {
		return Row{}, rd.bad(colState, rec, ErrState)
	}
	var err error
	timeCol := func(c int, required bool) time.Time {
		if err != nil || rd.idx[c] < 0 {
			return time.Time{}
		}
		v := rec[rd.idx[c]]
		if v == "?" && !required {
			return time.Time{}
		}
		if v == rd.lastText[c] && v != "" {
			return rd.lastTime[c]
		}
		t, ok := parseTime(v, rd.opts.Location)
		if !ok {
			err = rd.bad(c, rec, ErrTime)
			return t
		}
		rd.lastText[c], rd.lastTime[c] = v, t // v shares the record's string; one line per column stays alive
		return t
	}
	level := func(c int, required bool) Level {
		if err != nil || rd.idx[c] < 0 {
			return 0
		}
		v := rec[rd.idx[c]]
		if v == "?" && !required {
			return 0
		}
		l, ok := parseLevel(v)
		if !ok {
			err = rd.bad(c, rec, fmt.Errorf("%w: want a level like \"2 - Medium\"", ErrValue))
		}
		return l
	}
	count := func(c int) int {
		if err != nil || rd.idx[c] < 0 || rec[rd.idx[c]] == "?" {
			return 0
		}
		n, e := strconv.Atoi(rec[rd.idx[c]])
		if e != nil || n < 0 {
			err = rd.bad(c, rec, fmt.Errorf("%w: want a count", ErrValue))
		}
		return n
	}
	boolean := func(c int) bool {
		if err != nil || rd.idx[c] < 0 {
			return false
		}
		switch rec[rd.idx[c]] {
		case "true":
			return true
		case "false", "?":
			return false
		}
		err = rd.bad(c, rec, fmt.Errorf("%w: want true or false", ErrValue))
		return false
	}
	ev := &row.Event
	ev.Line = rd.line
	ev.At = timeCol(colUpdatedAt, true)
	row.Opened = timeCol(colOpenedAt, true)
	ev.Impact = level(colImpact, true)
	ev.Urgency = level(colUrgency, true)
	ev.Priority = level(colPriority, true)
	if err == nil && !rd.opts.Matrix.Contains(ev.Impact, ev.Urgency) {
		c := colImpact
		if ev.Impact >= 1 && int(ev.Impact) <= rd.opts.Matrix.rows {
			c = colUrgency
		}
		err = rd.bad(c, rec, ErrOutsideMatrix)
	}
	ev.Seq = count(colModCount)
	row.Reassignments = count(colReassign)
	row.Reopens = count(colReopen)
	row.MadeSLA = boolean(colMadeSLA)
	row.Active = boolean(colActive)
	row.ResolvedAt = timeCol(colResolvedAt, false)
	row.ClosedAt = timeCol(colClosedAt, false)
	if err != nil {
		return Row{}, err
	}
	ev.Status = st
	ev.By = rd.str(rec, colUpdatedBy)
	ev.Group = rd.str(rec, colGroup)
	ev.Assignee = rd.str(rec, colAssignee)
	ev.Category = rd.str(rec, colCategory)
	ev.Subcategory = rd.str(rec, colSubcategory)
	if st.State == Resolved || st.State == Closed {
		ev.ResolutionCode = rd.str(rec, colClosedCode)
	}
	row.Caller = rd.str(rec, colCaller)
	row.Channel = rd.str(rec, colContact)
	row.AccessPoint = rd.str(rec, colLocation)
	row.Service = rd.str(rec, colCI)
	return row, nil
}

// parseTime reads D/M/YYYY HH:MM (no zero padding needed) as a wall time in loc (see wallTime for
// readings in a DST gap or overlap).
func parseTime(s string, loc *time.Location) (time.Time, bool) {
	var n [5]int
	sep := [4]byte{'/', '/', ' ', ':'}
	k := 0
	digits := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			if digits == 4 {
				return time.Time{}, false
			}
			n[k] = n[k]*10 + int(c-'0')
			digits++
		case k < 4 && c == sep[k] && digits > 0:
			k++
			digits = 0
		default:
			return time.Time{}, false
		}
	}
	if k != 4 || digits == 0 {
		return time.Time{}, false
	}
	d, m, y, hh, mm := n[0], n[1], n[2], n[3], n[4]
	if y < 1000 || m < 1 || m > 12 || d < 1 || hh > 23 || mm > 59 {
		return time.Time{}, false
	}
	if d > time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day() {
		return time.Time{}, false
	}
	return wallTime(y, time.Month(m), d, hh, mm, loc), true
}

// wallTime returns the instant a wall-clock reading stands for in loc, resolving DST the way
// java.time and JavaScript's Temporal ("compatible") do, since time.Date leaves it open: a
// reading the clock skips (spring forward) is read with the offset in force before the jump, so
// it lands as far after the jump as it was after the last reading shown (00:30 in a one-hour gap
// at 00:00 becomes 01:30); a reading the clock shows twice (fall back) is its first occurrence.
func wallTime(y int, mo time.Month, d, hh, mm int, loc *time.Location) time.Time {
	t := time.Date(y, mo, d, hh, mm, 0, 0, loc)
	naive := time.Date(y, mo, d, hh, mm, 0, 0, time.UTC)
	_, off := t.Zone()
	shown := t.Add(time.Duration(off) * time.Second).In(time.UTC) // t's wall reading, as if UTC
	if !shown.Equal(naive) {
		// In a gap. Find the jump: Go moved the reading backward (t before the jump) or forward.
		start, end := t.ZoneBounds()
		jump := start
		if shown.Before(naive) {
			jump = end
		}
		_, before := jump.Add(-time.Second).Zone()
		return naive.Add(-time.Duration(before) * time.Second).In(loc)
	}
	// An overlap has a second instant showing the same reading: prefer the earlier one.
	start, _ := t.ZoneBounds()
	if !start.IsZero() {
		if _, prev := start.Add(-time.Second).Zone(); prev > off {
			if alt := t.Add(-time.Duration(prev-off) * time.Second); alt.Before(start) {
				return alt
			}
		}
	}
	return t
}

// parseLevel reads "2 - Medium" (or a bare "2") as level 2.
func parseLevel(s string) (Level, bool) {
	num, _, _ := strings.Cut(s, " ")
	n, err := strconv.Atoi(num)
	if err != nil || n < 1 || n > MaxLevel {
		return 0, false
	}
	return Level(n), true
}

// AnomalyKind classifies what replay found wrong with the order or the lifecycle of a log. The
// zero value is no kind.
// It is a plain value, safe for concurrent use.
type AnomalyKind int

// Anomaly kinds.
const (
	// EarlierTime: an event dated before the previous row of the same incident.
	EarlierTime AnomalyKind = iota + 1
	// LowerSeq: an update counter lower than the previous row's of the same incident.
	LowerSeq
	// IllegalMove: a state change the lifecycle forbids (e.g. New → Closed).
	IllegalMove
	// AfterTerminal: any event after Closed or Canceled (a reopen of a closed incident, or an
	// edit of a closed record).
	AfterTerminal
	// BeforeOpened: an event dated before its incident's opened_at. It is replayed as dated;
	// durations measured from the opening (MTTA, MTTR) exclude an incident whose milestone
	// precedes it.
	BeforeOpened
)

var anomalyNames = [...]string{"", "earlier time", "lower update counter", "illegal move", "event after terminal state", "event before opening"}

// String names the kind in words.
func (k AnomalyKind) String() string {
	if k <= 0 || int(k) >= len(anomalyNames) {
		return fmt.Sprintf("AnomalyKind(%d)", int(k))
	}
	return anomalyNames[k]
}

// Anomaly is one out-of-order event or impossible transition found in a log, with its line.
// The zero value describes no anomaly.
// A plain value, safe for concurrent use.
type Anomaly struct {
	Kind AnomalyKind
	Line int
	ID   string
	// From and To are the statuses around an IllegalMove or AfterTerminal event.
	From, To Status
	// At and Prev are the event's time and the previous row's (EarlierTime) or the opening
	// (BeforeOpened); Seq and PrevSeq the update counters (LowerSeq).
	At, Prev     time.Time
	Seq, PrevSeq int
}

func (a Anomaly) String() string {
	switch a.Kind {
	case EarlierTime:
		return fmt.Sprintf("line %d: %s: %s at %s, after a row at %s", a.Line, a.ID, a.Kind, a.At.Format("2006-01-02 15:04"), a.Prev.Format("2006-01-02 15:04"))
	case LowerSeq:
		return fmt.Sprintf("line %d: %s: %s %d after %d", a.Line, a.ID, a.Kind, a.Seq, a.PrevSeq)
	case BeforeOpened:
		return fmt.Sprintf("line %d: %s: %s: at %s, opened %s", a.Line, a.ID, a.Kind, a.At.Format("2006-01-02 15:04"), a.Prev.Format("2006-01-02 15:04"))
	}
	return fmt.Sprintf("line %d: %s: %s %s → %s", a.Line, a.ID, a.Kind, a.From, a.To)
}

// Report is the data-quality report of an import: every row that could not be used and every
// anomaly, each located by line.
// The zero Report is a clean import: nothing skipped, no anomaly.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Report struct {
	Rows      int           // data rows read (header excluded)
	Events    int           // rows replayed into histories
	Unusable  []*ParseError // rows not used, in line order
	Anomalies []Anomaly     // in line order (order anomalies first for the same line)
	// MidLife counts incidents whose first usable event is not New: the log began after they
	// were opened, or their first rows were unusable.
	MidLife int
}

// Count returns how many anomalies of a kind the report holds.
func (r Report) Count(k AnomalyKind) int {
	n := 0
	for _, a := range r.Anomalies {
		if a.Kind == k {
			n++
		}
	}
	return n
}

// Log is a replayed audit export: incidents sorted by ID, the export's own figures for each (same
// index), and the data-quality report. A Log is a value; share it read-only.
// The zero Log is empty.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Log struct {
	Incidents []Incident
	Recorded  []Recorded
	Report    Report
}

// Observations yields the (impact, urgency, priority) of every replayed event, with its line and
// incident, in incident then history order: the input of InferMatrix and Matrix.Disagreements.
func (l Log) Observations() iter.Seq[Observation] {
	return func(yield func(Observation) bool) {
		for _, inc := range l.Incidents {
			for _, ev := range inc.History {
				if !yield(Observation{Impact: ev.Impact, Urgency: ev.Urgency, Priority: ev.Priority, Line: ev.Line, ID: inc.ID}) {
					return
				}
			}
		}
	}
}

// Import reads a whole audit export (gzip or plain CSV) and replays it; see Replay.
func Import(r io.Reader, opts ImportOptions) (Log, error) {
	rd, err := NewReader(r, opts)
	if err != nil {
		return Log{}, err
	}
	return Replay(rd)
}

// pending is an incident being read: its first and latest rows and its events so far, which
// become its history without a copy.
type pending struct {
	first, last Row
	events      []Event
	inArena     bool // events is a window of an arena chunk (see arena)
}

// arena stores events in chunks so that an incident whose rows are contiguous in the file (the
// usual case) gets its history as a window of a chunk: one allocation per 4,096 events instead of
// a growing slice per incident.
type arena struct {
	chunk   []Event
	current *pending // the incident whose events end the chunk
}

const arenaChunk = 4096

func (a *arena) add(p *pending, ev Event) {
	switch {
	case p.inArena && a.current == p && len(a.chunk) < cap(a.chunk):
		a.chunk = append(a.chunk, ev)
		p.events = p.events[:len(p.events)+1]
	case len(p.events) == 0:
		if len(a.chunk) == cap(a.chunk) {
			a.chunk = make([]Event, 0, arenaChunk)
		}
		start := len(a.chunk)
		a.chunk = append(a.chunk, ev)
		p.events, p.inArena, a.current = a.chunk[start:len(a.chunk)], true, p
	default: // rows of the incident not contiguous, or the chunk is full: own array from now on
		p.events = append(p.events[:len(p.events):len(p.events)], ev)
		p.inArena = false
	}
}

// Replay reads every row from rd and replays each incident's events into its history. Rows are
// grouped by incident and replayed in file order, which is the audit's own order: an event dated
// before the previous row of its incident is reported (EarlierTime) and replayed at that previous
// row's time, so histories stay in time order. Replay follows the log: an impossible transition
// is reported as an Anomaly and then applied anyway, because the log is the record of what
// happened.
//
// On a fatal error, or on the first unusable row with Strict, Replay returns the incidents read so
// far together with the error: partial results are not lost.
func Replay(rd *Reader) (Log, error) {
	var log Log
	byID := map[string]*pending{}
	var events arena
	var order []string
	var stop error
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) || pe.Fatal() {
				stop = err
				break
			}
			log.Report.Rows++
			log.Report.Unusable = append(log.Report.Unusable, pe)
			if rd.opts.Strict {
				stop = err
				break
			}
			continue
		}
		log.Report.Rows++
		p := byID[row.ID]
		if p == nil {
			p = &pending{first: row}
			byID[row.ID] = p
			order = append(order, row.ID)
		} else {
			last := p.last
			if row.Event.At.Before(last.Event.At) {
				log.Report.Anomalies = append(log.Report.Anomalies, Anomaly{Kind: EarlierTime, Line: row.Event.Line, ID: row.ID, At: row.Event.At, Prev: last.Event.At})
				row.Event.At = last.Event.At // keep histories in time order
			}
			if row.Event.Seq < last.Event.Seq {
				log.Report.Anomalies = append(log.Report.Anomalies, Anomaly{Kind: LowerSeq, Line: row.Event.Line, ID: row.ID, Seq: row.Event.Seq, PrevSeq: last.Event.Seq})
			}
		}
		if row.Event.At.Before(p.first.Opened) {
			log.Report.Anomalies = append(log.Report.Anomalies, Anomaly{Kind: BeforeOpened, Line: row.Event.Line, ID: row.ID, At: row.Event.At, Prev: p.first.Opened})
		}
		p.last = row
		events.add(p, row.Event)
	}
	slices.Sort(order)
	log.Incidents = make([]Incident, 0, len(order))
	log.Recorded = make([]Recorded, 0, len(order))
	for _, id := range order {
		p := byID[id]
		inc, anomalies := replayRows(p)
		log.Incidents = append(log.Incidents, inc)
		log.Recorded = append(log.Recorded, p.last.Recorded)
		log.Report.Anomalies = append(log.Report.Anomalies, anomalies...)
		log.Report.Events += len(p.events)
		delete(byID, id)
		if inc.History[0].State != New {
			log.Report.MidLife++
		}
	}
	slices.SortStableFunc(log.Report.Anomalies, func(a, b Anomaly) int { return cmp.Compare(a.Line, b.Line) })
	return log, stop
}

// replayRows builds one incident from its events, forcing moves the lifecycle forbids and
// reporting them. Incident-level values (caller, channel, …) are those of the latest row.
func replayRows(p *pending) (Incident, []Anomaly) {
	evs := slices.Clip(p.events)
	if !p.inArena && cap(p.events) > len(evs)+len(evs)/4 {
		evs = slices.Clone(evs) // do not keep append's slack for the life of the Log
	}
	inc := Incident{
		ID:          p.first.ID,
		Service:     p.last.Service,
		AccessPoint: p.last.AccessPoint,
		Caller:      p.last.Caller,
		Channel:     p.last.Channel,
		Opened:      p.first.Opened,
		Fields:      evs[0].Fields,
		History:     evs,
	}
	var out []Anomaly
	for _, ev := range evs[1:] {
		if !CanMove(inc.Status, ev.Status) {
			k := IllegalMove
			if inc.State.Terminal() {
				k = AfterTerminal
			}
			out = append(out, Anomaly{Kind: k, Line: ev.Line, ID: inc.ID, From: inc.Status, To: ev.Status, At: ev.At})
		}
		inc.record(ev)
	}
	return inc, out
}
