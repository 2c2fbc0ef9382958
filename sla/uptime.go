package sla

import (
	"bufio"
	"cmp"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
)

// ErrUpptime is wrapped by every error about an Upptime status history.
var ErrUpptime = errors.New("sla: bad Upptime data")

// Bounds on what the Upptime readers accept, so a hostile file cannot make them allocate
// without limit.
const (
	maxUpptimeRows  = 1 << 20
	maxUpptimeBytes = 64 << 20
)

// UpptimeChange is one status change of an Upptime-monitored site, as recorded in the
// monitor's commit history (one row of status_changes.csv). Plain value; the zero value has an
// invalid status.
// Safe for concurrent use.
type UpptimeChange struct {
	At           time.Time
	Site         string // site name as written in the commit
	Slug         string // empty for sites since removed or renamed
	Status       Status // Operational or Down
	HTTPCode     int    // 0: no response
	ResponseTime time.Duration
	Commit       string
}

// UpptimeSite is a monitored site as the monitor itself summarises it. Plain value; treat the
// slice as read-only when shared.
// The zero value is an unnamed site with no history.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type UpptimeSite struct {
	Name, Slug, URL string
	// Uptime is the monitor's all-time uptime in percent, as published ("95.11%").
	Uptime Ratio
	// DailyMinutesDown is the monitor's per-UTC-day downtime in whole minutes, by day.
	DailyMinutesDown []DayMinutes
	// Start and LastUpdated bound the monitor's all-time window (history/<slug>.yml).
	Start, LastUpdated time.Time
}

// DayMinutes is a whole number of minutes on one civil day.
// The zero value is no minutes on the zero day.
// A plain value, safe for concurrent use.
type DayMinutes struct {
	Day     Date
	Minutes int64
}

// Upptime is the status history of an Upptime repository: its sites and every status change.
// The zero value has no sites. Safe for concurrent reads.
type Upptime struct {
	Sites   []UpptimeSite   // in summary.json order
	Changes []UpptimeChange // in file order (time order)
}

// LoadUpptime reads dir/history/summary.json, dir/history/<slug>.yml for every site, and
// dir/status_changes.csv from fsys.
func LoadUpptime(fsys fs.FS, dir string) (Upptime, error) {
	var u Upptime
	open := func(name string) (io.ReadCloser, error) {
		f, err := fsys.Open(path.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("%w: %w", ErrUpptime, err)
		}
		return f, nil
	}
	f, err := open("history/summary.json")
	if err != nil {
		return u, err
	}
	u.Sites, err = ReadUpptimeSummary(f)
	f.Close()
	if err != nil {
		return u, err
	}
	for k := range u.Sites {
		s := &u.Sites[k]
		f, err := open("history/" + s.Slug + ".yml")
		if err != nil {
			return u, err
		}
		s.Start, s.LastUpdated, err = readUpptimeSiteFile(f, s.Slug+".yml")
		f.Close()
		if err != nil {
			return u, err
		}
	}
	f, err = open("status_changes.csv")
	if err != nil {
		return u, err
	}
	defer f.Close()
	u.Changes, err = ReadUpptimeChanges(f)
	return u, err
}

// Site returns the site with the given slug.
func (u Upptime) Site(slug string) (UpptimeSite, bool) {
	for _, s := range u.Sites {
		if s.Slug == slug {
			return s, true
		}
	}
	return UpptimeSite{}, false
}

// Events returns the status changes recorded under slug, in time order. Rows without a slug
// (sites since removed or renamed) are not attributed to any site; select them from Changes by
// name if they should be.
func (u Upptime) Events(slug string) []StatusEvent {
	var out []StatusEvent
	for _, c := range u.Changes {
		if c.Slug == slug {
			out = append(out, StatusEvent{At: c.At, Status: c.Status})
		}
	}
	slices.SortStableFunc(out, func(a, b StatusEvent) int { return a.At.Compare(b.At) })
	return out
}

// Timeline returns the status timeline of the site with the given slug over the monitor's own
// window [Start, LastUpdated) of that site: the site is up (Operational) when monitoring begins,
// and the status changes recorded under its slug (Events) move it down and up. A change dated
// before Start sets the status the window opens with; one after LastUpdated is cut off. A site
// with no status change at all never changed: it was up for the whole window, which is not an
// error. The slug must name a site (ErrUpptime otherwise).
//
// This is the one history every figure of a site should come from: the monitor's uptime is
// computed over the same window.
func (u Upptime) Timeline(slug string) (Timeline, error) {
	site, ok := u.Site(slug)
	if !ok {
		return Timeline{}, fmt.Errorf("%w: no site %q", ErrUpptime, slug)
	}
	tl, err := TimelineFromEvents(Interval{Start: site.Start, End: site.LastUpdated}, u.Events(slug), WithInitial(Operational))
	if err != nil {
		return Timeline{}, fmt.Errorf("%w: site %q: %w", ErrUpptime, slug, quiet{err})
	}
	return tl, nil
}

// DailyDown returns the Down time of tl per civil day in loc, for every day that has any, in
// day order. One sweep: linear in the days and the down intervals.
func DailyDown(tl Timeline, loc *time.Location) []DayDown {
	var out []DayDown
	down := tl.Intervals(Down)
	if len(down) == 0 {
		return nil
	}
	span := Interval{Start: down[0].Start, End: down[len(down)-1].End}
	k := 0 // first interval that may still reach into the current day
	for day := range Daily(loc).Covering(span) {
		var d time.Duration
		for j := k; j < len(down) && down[j].Start.Before(day.End); j++ {
			d += down[j].Intersect(day).Duration()
		}
		for k < len(down) && !down[k].End.After(day.End) {
			k++
		}
		if d > 0 {
			out = append(out, DayDown{Day: DateOf(day.Start, loc), Down: d})
		}
	}
	return out
}

// DayDown is the down time on one civil day.
// The zero value is no down time on the zero day.
// A plain value, safe for concurrent use.
type DayDown struct {
	Day  Date
	Down time.Duration
}

// DropShorter returns the set without the intervals shorter than d, for example outages a
// monitor never reported.
func DropShorter(s IntervalSet, d time.Duration) IntervalSet {
	var out IntervalSet
	for _, iv := range s {
		if iv.Duration() >= d {
			out = append(out, iv)
		}
	}
	return out
}

var upptimeHeader = []string{"timestamp", "site_name", "slug", "status", "http_code", "response_time_ms", "commit"}

// ReadUpptimeChanges reads status_changes.csv (header timestamp, site_name, slug, status,
// http_code, response_time_ms, commit; status "up", "down" or "degraded"). Errors name the line
// and column.
func ReadUpptimeChanges(r io.Reader) ([]UpptimeChange, error) {
	cr := csv.NewReader(io.LimitReader(r, maxUpptimeBytes))
	cr.FieldsPerRecord = len(upptimeHeader)
	cr.ReuseRecord = true
	perr := func(line, col int, input string, err error) error {
		return &ParseError{What: "status_changes.csv", Input: input, Line: line, Column: col, Err: fmt.Errorf("%w: %w", ErrUpptime, err)}
	}
	// csv.ParseError's own text repeats the line: report its position once, and its cause.
	readErr := func(err error) error {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return perr(pe.Line, pe.Column, "", pe.Err)
		}
		return perr(0, 0, "", err)
	}
	head, err := cr.Read()
	if err == io.EOF {
		return nil, perr(1, 0, "", errors.New("empty file"))
	}
	if err != nil {
		return nil, readErr(err)
	}
	for k, h := range upptimeHeader {
		if strings.TrimPrefix(head[k], "\ufeff") != h {
			return nil, perr(1, k+1, head[k], fmt.Errorf("want column %q", h))
		}
	}
	var out []UpptimeChange
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, readErr(err)
		}
		line, _ := cr.FieldPos(0)
		if len(out) >= maxUpptimeRows {
			return nil, perr(line, 0, "", fmt.Errorf("more than %d rows", maxUpptimeRows))
		}
		var c UpptimeChange
		c.At, err = parseInstant(rec[0])
		if err != nil {
			return nil, perr(line, 1, rec[0], err)
		}
		c.Site, c.Slug = rec[1], rec[2]
		switch rec[3] {
		case "up":
			c.Status = Operational
		case "down":
			c.Status = Down
		case "degraded":
			c.Status = Degraded
		default:
			return nil, perr(line, 4, rec[3], errors.New("want up, down or degraded"))
		}
		if c.HTTPCode, err = strconv.Atoi(rec[4]); err != nil || c.HTTPCode < 0 || c.HTTPCode > 999 {
			return nil, perr(line, 5, rec[4], errors.New("want an HTTP code"))
		}
		ms, err := strconv.ParseInt(rec[5], 10, 64)
		if err != nil || ms < 0 || ms > int64(24*time.Hour/time.Millisecond) {
			return nil, perr(line, 6, rec[5], errors.New("want milliseconds"))
		}
		c.ResponseTime = time.Duration(ms) * time.Millisecond
		c.Commit = rec[6]
		out = append(out, c)
	}
}

// ReadUpptimeSummary reads history/summary.json: the sites with their published uptime and
// dailyMinutesDown (sorted by day).
func ReadUpptimeSummary(r io.Reader) ([]UpptimeSite, error) {
	var raw []struct {
		Name             string           `json:"name"`
		URL              string           `json:"url"`
		Slug             string           `json:"slug"`
		Uptime           string           `json:"uptime"`
		DailyMinutesDown map[string]int64 `json:"dailyMinutesDown"`
	}
	dec := json.NewDecoder(io.LimitReader(r, maxUpptimeBytes))
	if err := dec.Decode(&raw); err != nil {
		return nil, &ParseError{What: "summary.json", Err: fmt.Errorf("%w: %w", ErrUpptime, err)}
	}
	out := make([]UpptimeSite, 0, len(raw))
	for k, s := range raw {
		where := func(field, input string, err error) error {
			return &ParseError{What: fmt.Sprintf("summary.json [%d].%s", k, field), Input: input, Err: fmt.Errorf("%w: %w", ErrUpptime, err)}
		}
		if s.Slug == "" || strings.ContainsAny(s.Slug, "/\\") || s.Slug == ".." {
			return nil, where("slug", s.Slug, errors.New("want a plain slug"))
		}
		up, err := exact.ParseDecimal(strings.TrimSuffix(s.Uptime, "%"))
		if err != nil {
			return nil, where("uptime", s.Uptime, err)
		}
		site := UpptimeSite{Name: s.Name, Slug: s.Slug, URL: s.URL, Uptime: up}
		// Keys in text order, so the first bad day reported does not depend on map order.
		for _, day := range slices.Sorted(maps.Keys(s.DailyMinutesDown)) {
			m := s.DailyMinutesDown[day]
			d, err := ParseDate(day)
			if err != nil || m < 0 || m > 25*60 {
				return nil, where("dailyMinutesDown", day, errors.New("want YYYY-MM-DD: minutes in 0..1500"))
			}
			site.DailyMinutesDown = append(site.DailyMinutesDown, DayMinutes{Day: d, Minutes: m})
		}
		slices.SortFunc(site.DailyMinutesDown, func(a, b DayMinutes) int { return cmp.Compare(a.Day.dayNumber(), b.Day.dayNumber()) })
		out = append(out, site)
	}
	return out, nil
}

// readUpptimeSiteFile reads startTime and lastUpdated from history/<slug>.yml (flat
// "key: value" lines).
func readUpptimeSiteFile(r io.Reader, name string) (start, last time.Time, err error) {
	sc := bufio.NewScanner(io.LimitReader(r, 1<<20))
	line := 0
	for sc.Scan() {
		line++
		key, val, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		val = strings.Trim(strings.TrimSpace(val), `"'`)
		var dst *time.Time
		switch strings.TrimSpace(key) {
		case "startTime":
			dst = &start
		case "lastUpdated":
			dst = &last
		default:
			continue
		}
		t, perr := parseInstant(val)
		if perr != nil {
			return start, last, &ParseError{What: name, Input: val, Line: line, Err: fmt.Errorf("%w: %w", ErrUpptime, perr)}
		}
		*dst = t
	}
	if err := sc.Err(); err != nil {
		return start, last, &ParseError{What: name, Err: fmt.Errorf("%w: %w", ErrUpptime, err)}
	}
	if start.IsZero() || last.IsZero() || last.Before(start) {
		return start, last, &ParseError{What: name, Err: fmt.Errorf("%w: want startTime before lastUpdated", ErrUpptime)}
	}
	return start, last, nil
}

// parseInstant reads an RFC 3339 time as time.Parse does, but refuses a fraction finer than a
// nanosecond ("00:00:00.0000000001Z"), which time.Parse silently cuts to 0.
func parseInstant(s string) (time.Time, error) {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, errors.New("want an RFC 3339 time")
	}
	// time.Parse has checked the layout: the seconds end at byte 19, a fraction follows.
	if len(s) > 19 && (s[19] == '.' || s[19] == ',') {
		k := 20
		for k < len(s) && s[k] >= '0' && s[k] <= '9' {
			if k >= 29 && s[k] != '0' {
				return time.Time{}, errors.New("want an RFC 3339 time: a fraction of a second finer than a nanosecond")
			}
			k++
		}
	}
	return t, nil
}
