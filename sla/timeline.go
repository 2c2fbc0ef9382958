package sla

import (
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
)

// ErrBadStatus: a status outside Operational..Maintenance.
var ErrBadStatus = errors.New("sla: bad status")

// ErrBadInterval: a reversed interval or window (end before start), or a window longer than a
// Duration holds where a figure is computed over it. Test for it with errors.Is.
var ErrBadInterval = errors.New("sla: bad interval")

// Status is the observed state of a service over some time. The zero value is Unknown (not a
// valid status of a timeline).
// It is a plain value, safe for concurrent use.
type Status int

// Statuses, in the order they are listed in reports.
const (
	Operational Status = iota + 1
	Degraded
	Down
	NoData
	Maintenance
)

const numStatus = int(Maintenance) + 1

// Statuses lists every valid status in order.
var statuses = [...]Status{Operational, Degraded, Down, NoData, Maintenance}

// precedence: where input intervals overlap, the first of these wins.
var precedence = [...]Status{Maintenance, Down, Degraded, NoData, Operational}

func (s Status) String() string {
	switch s {
	case Operational:
		return "operational"
	case Degraded:
		return "degraded"
	case Down:
		return "down"
	case NoData:
		return "no data"
	case Maintenance:
		return "maintenance"
	}
	return "unknown"
}

// Valid reports whether s is one of the defined statuses.
func (s Status) Valid() bool { return s >= Operational && s <= Maintenance }

// ParseStatus accepts the String forms and common synonyms (up, ok, down, unknown,
// maintenance), in any case.
func ParseStatus(text string) (Status, error) {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "operational", "up", "ok":
		return Operational, nil
	case "degraded":
		return Degraded, nil
	case "down", "outage":
		return Down, nil
	case "no data", "nodata", "no_data", "unknown":
		return NoData, nil
	case "maintenance":
		return Maintenance, nil
	}
	return 0, &ParseError{What: "status", Input: text, Err: ErrBadStatus}
}

// MarshalText writes String's form.
func (s Status) MarshalText() ([]byte, error) {
	if !s.Valid() {
		return nil, fmt.Errorf("%w: %d", ErrBadStatus, int(s))
	}
	return []byte(s.String()), nil
}

// UnmarshalText reads what ParseStatus reads.
func (s *Status) UnmarshalText(b []byte) error {
	v, err := ParseStatus(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// StatusEvent says that from At on the service is in Status (until the next event). The zero
// value has an invalid status. Plain value, safe to copy.
// Safe for concurrent use.
type StatusEvent struct {
	At     time.Time
	Status Status
}

// StatusInterval is a span of time in one status. The zero value is empty with an invalid
// status. Plain value, safe to copy.
// Safe for concurrent use.
type StatusInterval struct {
	Interval
	Status Status
}

// Timeline is the status of a service at every instant of a window: one normalised interval set
// per status, pairwise disjoint, together covering the window exactly. Overlapping inputs are
// resolved once, when the timeline is built, so nothing is ever counted twice. The zero
// Timeline has an empty window. A Timeline is an immutable value, safe for concurrent use.
type Timeline struct {
	window Interval
	sets   [numStatus]IntervalSet
}

// TimelineOption adjusts how a timeline is built; options apply in order.
// The zero (nil) option is ignored. Options are values, safe for concurrent use.
type TimelineOption func(*timelineConfig)

type timelineConfig struct {
	fill    Status
	initial Status
	extra   []StatusInterval
}

// WithMaintenance overlays planned maintenance windows; maintenance wins over every other
// status (see the package doc, "Building timelines").
func WithMaintenance(windows ...Interval) TimelineOption {
	return func(c *timelineConfig) {
		for _, w := range windows {
			c.extra = append(c.extra, StatusInterval{w, Maintenance})
		}
	}
}

// WithIntervals overlays status intervals, for example monitoring gaps as NoData or degraded
// spans, resolved by the same precedence as the main input.
func WithIntervals(ivs ...StatusInterval) TimelineOption {
	return func(c *timelineConfig) { c.extra = append(c.extra, ivs...) }
}

// WithFill sets the status of window time that no input covers (TimelineFromOutages and
// TimelineFromIntervals; default Operational for outages, NoData for intervals).
func WithFill(s Status) TimelineOption { return func(c *timelineConfig) { c.fill = s } }

// WithInitial sets the status before the first event (TimelineFromEvents; default NoData).
func WithInitial(s Status) TimelineOption { return func(c *timelineConfig) { c.initial = s } }

func checkWindow(w Interval) error {
	if w.End.Before(w.Start) {
		return fmt.Errorf("%w: window %w", ErrBadInterval, reversed(w))
	}
	return nil
}

// checkMeasured checks a window a figure is computed over: not reversed, and no longer than a
// time.Duration holds (about 292 years), since every total of the report is a Duration. A
// timeline's window may be longer (an "all time" history); only figures over it are refused.
func checkMeasured(w Interval) error {
	if err := checkWindow(w); err != nil {
		return err
	}
	if w.End.Sub(w.Start) == math.MaxInt64 && w.Start.Add(math.MaxInt64).Before(w.End) {
		return fmt.Errorf("%w: window %s is longer than %s", ErrBadInterval, w, time.Duration(math.MaxInt64))
	}
	return nil
}

// reversed is the error of a reversed interval, without the internal package's prefix.
func reversed(iv Interval) error {
	_, err := interval.New(iv.Start, iv.End)
	return quiet{err}
}

// TimelineFromOutages builds the timeline of window in which the outages are Down and the rest
// is Operational (or WithFill's status). Overlapping outages are merged. Outages are clipped to
// the window: the part of an outage outside it is not counted, and an outage entirely outside
// the window leaves no trace (no error, no Down time): the timeline describes the window only,
// so filter or check the outages first if one outside it is a mistake in your data. A reversed
// outage is an error naming its index.
func TimelineFromOutages(window Interval, outages []Interval, opts ...TimelineOption) (Timeline, error) {
	cfg := timelineConfig{fill: Operational}
	for _, o := range opts {
		if o != nil { // a nil option is ignored, not a panic
			o(&cfg)
		}
	}
	for k, iv := range outages {
		if iv.End.Before(iv.Start) {
			return Timeline{}, fmt.Errorf("%w: outage %d: %w", ErrBadInterval, k, reversed(iv))
		}
	}
	return build(window, cfg, func(yield func(StatusInterval) bool) {
		for _, iv := range outages {
			if !yield(StatusInterval{iv, Down}) {
				return
			}
		}
	}, len(outages), Down)
}

// TimelineFromIntervals builds the timeline of window from status intervals. Where they
// overlap, Maintenance wins over Down, Down over Degraded, Degraded over NoData, NoData over
// Operational. Time no interval covers gets WithFill's status (default NoData).
func TimelineFromIntervals(window Interval, ivs []StatusInterval, opts ...TimelineOption) (Timeline, error) {
	cfg := timelineConfig{fill: NoData}
	for _, o := range opts {
		if o != nil { // a nil option is ignored, not a panic
			o(&cfg)
		}
	}
	for k, iv := range ivs {
		if iv.End.Before(iv.Start) {
			return Timeline{}, fmt.Errorf("%w %d: %w", ErrBadInterval, k, reversed(iv.Interval))
		}
		if !iv.Status.Valid() {
			return Timeline{}, fmt.Errorf("%w: interval %d has status %d", ErrBadStatus, k, int(iv.Status))
		}
	}
	return build(window, cfg, slices.Values(ivs), 0, 0)
}

// TimelineFromEvents builds the timeline of window from state changes: each event holds until
// the next one. Events need not be sorted (they are sorted stably by time; of events at the
// same instant the last one given wins). Time before the first event has WithInitial's status
// (default NoData). Events before the window set the status at its start; events after it are
// ignored.
func TimelineFromEvents(window Interval, events []StatusEvent, opts ...TimelineOption) (Timeline, error) {
	cfg := timelineConfig{initial: NoData}
	for _, o := range opts {
		if o != nil { // a nil option is ignored, not a panic
			o(&cfg)
		}
	}
	if !cfg.initial.Valid() {
		return Timeline{}, fmt.Errorf("%w: initial status %d", ErrBadStatus, int(cfg.initial))
	}
	for k, e := range events {
		if !e.Status.Valid() {
			return Timeline{}, fmt.Errorf("%w: event %d has status %d", ErrBadStatus, k, int(e.Status))
		}
	}
	sorted := slices.Clone(events)
	slices.SortStableFunc(sorted, func(a, b StatusEvent) int { return a.At.Compare(b.At) })
	cfg.fill = cfg.initial
	return build(window, cfg, func(yield func(StatusInterval) bool) {
		for k, e := range sorted {
			end := window.End
			if k+1 < len(sorted) {
				end = sorted[k+1].At
			}
			if end.After(window.End) {
				end = window.End
			}
			if !yield(StatusInterval{Interval{Start: e.At, End: end}, e.Status}) {
				return
			}
		}
	}, 0, 0)
}

// build resolves the inputs by precedence inside the window. When all n inputs share status
// hint, that list is sized once.
func build(window Interval, cfg timelineConfig, in iter.Seq[StatusInterval], n int, hint Status) (Timeline, error) {
	if err := checkWindow(window); err != nil {
		return Timeline{}, err
	}
	if !cfg.fill.Valid() {
		return Timeline{}, fmt.Errorf("%w: fill status %d", ErrBadStatus, int(cfg.fill))
	}
	for k, iv := range cfg.extra {
		if iv.End.Before(iv.Start) {
			return Timeline{}, fmt.Errorf("%w: overlay %d: %w", ErrBadInterval, k, reversed(iv.Interval))
		}
		if !iv.Status.Valid() {
			return Timeline{}, fmt.Errorf("%w: overlay %d has status %d", ErrBadStatus, k, int(iv.Status))
		}
	}
	tl := Timeline{window: window}
	if window.Empty() {
		return tl, nil
	}
	var raw [numStatus][]Interval
	add := func(iv StatusInterval) {
		if x := iv.Interval.Intersect(window); !x.Empty() {
			raw[iv.Status] = append(raw[iv.Status], x)
		}
	}
	if n > 0 && hint.Valid() {
		raw[hint] = make([]Interval, 0, min(n, 1<<22))
	}
	for iv := range in {
		add(iv)
	}
	for _, iv := range cfg.extra {
		add(iv)
	}
	var covered IntervalSet
	for _, s := range precedence {
		if len(raw[s]) == 0 {
			continue
		}
		set := interval.NormalizeInPlace(raw[s]) // raw is ours: no second copy
		if len(covered) > 0 {
			set = interval.Difference(set, covered)
		}
		tl.sets[s] = set
		covered = interval.Union(covered, set)
	}
	tl.sets[cfg.fill] = interval.Union(tl.sets[cfg.fill], interval.Complement(covered, window))
	for s := range tl.sets {
		if len(tl.sets[s]) == 0 {
			tl.sets[s] = nil
		}
	}
	return tl, nil
}

// Window returns the timeline's window.
func (t Timeline) Window() Interval { return t.window }

// Intervals returns the time in status s (a normalised set; nil for an invalid status). The
// set is shared: do not modify it.
func (t Timeline) Intervals(s Status) IntervalSet {
	if !s.Valid() {
		return nil
	}
	return t.sets[s]
}

// Total returns the time in status s, saturating at the largest Duration (about 292 years)
// like time.Time.Sub.
func (t Timeline) Total(s Status) time.Duration { return t.Intervals(s).Total() }

// StatusAt returns the status at x; NoData outside the window.
func (t Timeline) StatusAt(x time.Time) Status {
	if !t.window.Contains(x) {
		return NoData
	}
	for _, s := range statuses {
		if t.sets[s].Contains(x) {
			return s
		}
	}
	return NoData // unreachable for a built timeline
}

// Clip returns the timeline restricted to the part of its window inside w.
func (t Timeline) Clip(w Interval) Timeline {
	out := Timeline{window: t.window.Intersect(w)}
	if out.window.Empty() {
		out.window = Interval{Start: w.Start, End: w.Start}
		return out
	}
	for _, s := range statuses {
		out.sets[s] = interval.Clip(t.sets[s], out.window)
		if len(out.sets[s]) == 0 {
			out.sets[s] = nil
		}
	}
	return out
}

// Segments yields the timeline as consecutive status intervals in time order, covering the
// window; neighbours always differ in status.
func (t Timeline) Segments() iter.Seq[StatusInterval] {
	return func(yield func(StatusInterval) bool) {
		var idx [numStatus]int
		for {
			best := Status(0)
			for _, s := range statuses {
				if idx[s] < len(t.sets[s]) && (best == 0 || t.sets[s][idx[s]].Start.Before(t.sets[best][idx[best]].Start)) {
					best = s
				}
			}
			if best == 0 {
				return
			}
			iv := t.sets[best][idx[best]]
			idx[best]++
			if !yield(StatusInterval{iv, best}) {
				return
			}
		}
	}
}

type timelineJSON struct {
	Window   Interval      `json:"window"`
	Segments []segmentJSON `json:"segments"`
}

type segmentJSON struct {
	Start  time.Time
	End    time.Time
	Status Status `json:"status"`
}

// MarshalJSON writes the window and the segments in time order:
// {"window":{"Start":…,"End":…},"segments":[{"Start":…,"End":…,"status":"down"},…]}.
func (t Timeline) MarshalJSON() ([]byte, error) {
	out := timelineJSON{Window: t.window, Segments: []segmentJSON{}}
	for s := range t.Segments() {
		out.Segments = append(out.Segments, segmentJSON{s.Start, s.End, s.Status})
	}
	return json.Marshal(out)
}

// UnmarshalJSON reads what MarshalJSON writes. The segments must tile the window in order
// (each starts where the previous ends, the first at the window's start, the last ending at
// its end): a gap, an overlap or a reversed window is ErrBadInterval, an unknown status
// ErrBadStatus.
func (t *Timeline) UnmarshalJSON(b []byte) error {
	var in timelineJSON
	if err := json.Unmarshal(b, &in); err != nil {
		return err
	}
	if err := checkWindow(in.Window); err != nil {
		return err
	}
	at := in.Window.Start
	ivs := make([]StatusInterval, 0, len(in.Segments))
	for k, s := range in.Segments {
		if !s.Start.Equal(at) || !s.End.After(s.Start) {
			return fmt.Errorf("%w: segment %d [%s, %s) does not continue at %s", ErrBadInterval, k,
				s.Start.Format(time.RFC3339Nano), s.End.Format(time.RFC3339Nano), at.Format(time.RFC3339Nano))
		}
		ivs = append(ivs, StatusInterval{Interval{Start: s.Start, End: s.End}, s.Status})
		at = s.End
	}
	if !at.Equal(in.Window.End) {
		return fmt.Errorf("%w: segments end at %s, the window at %s", ErrBadInterval,
			at.Format(time.RFC3339Nano), in.Window.End.Format(time.RFC3339Nano))
	}
	tl, err := TimelineFromIntervals(in.Window, ivs)
	if err != nil {
		return err
	}
	*t = tl
	return nil
}

// Equal reports whether two timelines have the same window and the same status everywhere.
func (t Timeline) Equal(o Timeline) bool {
	if !t.window.Start.Equal(o.window.Start) || !t.window.End.Equal(o.window.End) {
		return false
	}
	for _, s := range statuses {
		if !slices.EqualFunc(t.sets[s], o.sets[s], func(a, b Interval) bool {
			return a.Start.Equal(b.Start) && a.End.Equal(b.End)
		}) {
			return false
		}
	}
	return true
}
