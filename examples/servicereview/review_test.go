package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"encoding/xml"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/incident"
	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
	"pgregory.net/rapid"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// trimmed is the trimmed copy of the datasets the golden files are made from (see
// testdata/data/README.md).
const trimmed = "testdata/data"

// runCLI runs the command and returns its exit status, standard output and standard error.
func runCLI(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := run(args, env{stdout: &out, stderr: &errb})
	return code, out.String(), errb.String()
}

// cliRun is one run of the command and the report it computed.
type cliRun struct {
	code        int
	out, stderr string
	report      *Report
}

// defaultRun runs the command with no flags over the embedded data, once for every test that
// needs it (a full review takes about 12 s under -race).
var defaultRun = sync.OnceValue(func() cliRun {
	var out, errb bytes.Buffer
	var c cliRun
	c.code = run(nil, env{stdout: &out, stderr: &errb, reviewed: func(r *Report) { c.report = r }})
	c.out, c.stderr = out.String(), errb.String()
	return c
})

// fullReview is the report of the default run.
func fullReview() (*Report, error) {
	c := defaultRun()
	if c.code != exitOK || c.report == nil {
		return nil, fmt.Errorf("the default run failed with status %d: %s", c.code, c.stderr)
	}
	return c.report, nil
}

// golden compares got with a file under testdata, or rewrites the file with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if d := cmp.Diff(string(want), got); d != "" {
		t.Errorf("%s differs from the review (-want +got; go test -update rewrites it):\n%s", path, d)
	}
}

// TestGolden renders the whole review of the trimmed data in every format and compares each
// with its golden file.
func TestGolden(t *testing.T) {
	for _, tc := range []struct{ format, file string }{
		{"text", "review.golden.txt"},
		{"markdown", "review.golden.md"},
		{"json", "review.golden.json"},
	} {
		t.Run(tc.format, func(t *testing.T) {
			code, out, errs := runCLI("-data", trimmed, "-format", tc.format)
			if code != exitOK {
				t.Fatalf("exit %d: %s", code, errs)
			}
			if errs != "" {
				t.Errorf("stderr not empty without a terminal: %q", errs)
			}
			golden(t, tc.file, out)
		})
	}
}

// TestDeterministic: two reviews of the same data render byte for byte the same.
func TestDeterministic(t *testing.T) {
	var outs [2]string
	for k := range outs {
		r, err := Review(os.DirFS(trimmed), Options{Source: trimmed})
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := writeJSON(&b, r); err != nil {
			t.Fatal(err)
		}
		if err := writeHTML(&b, r); err != nil {
			t.Fatal(err)
		}
		outs[k] = b.String()
	}
	if outs[0] != outs[1] {
		t.Error("two runs over the same data differ")
	}
}

// TestDefaultRun runs the command as the README says, with no flags, over the embedded data.
func TestDefaultRun(t *testing.T) {
	c := defaultRun()
	if c.code != exitOK {
		t.Fatalf("exit %d: %s", c.code, c.stderr)
	}
	if c.stderr != "" {
		t.Errorf("stderr not empty without a terminal: %q", c.stderr)
	}
	var b strings.Builder
	if err := writeText(&b, c.report); err != nil {
		t.Fatal(err)
	}
	if c.out != b.String() {
		t.Error("the default run's output is not the text rendering of its report")
	}
	out := c.out
	for _, want := range []string{
		"1. Service reporting: Building Permit Hub and its dependencies",
		"2. Dependency impact", "3. Incident management", "4. Continuity", "5. Improvement",
		"As of 2026-08-22 07:18 PDT (instants shown in America/Vancouver;",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// TestHeadlineFigures checks the review's figures against the packages' own real-data figures,
// computed here by the same package calls their tests pin (sla TestUpptimeMonthly, incident
// TestRealDataUCI, itsm TestMicroserviceCycles), not typed a second time.
func TestHeadlineFigures(t *testing.T) {
	r, err := fullReview()
	if err != nil {
		t.Fatal(err)
	}

	t.Run("availability per UTC month (sla)", func(t *testing.T) {
		// The sla test pins calendar months in UTC; report the same data in UTC.
		h, err := loadHub(dataset.FS(), dataset.BuildingPermitHub)
		if err != nil {
			t.Fatal(err)
		}
		ru, err := serviceReport(h, r.AsOf, time.UTC, time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		u, err := sla.LoadUpptime(dataset.FS(), dataset.BuildingPermitHub)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]string{}
		for _, s := range u.Sites {
			w := interval.Interval{Start: s.Start, End: s.LastUpdated}
			tl, err := sla.TimelineFromEvents(w, u.Events(s.Slug), sla.WithInitial(sla.Operational))
			if err != nil {
				t.Fatal(err)
			}
			for m := range sla.Monthly(time.UTC).Covering(w) {
				rep, err := sla.Availability(tl, nil, m, sla.Policy{})
				if err != nil {
					t.Fatal(err)
				}
				want[s.Slug+" "+m.Start.Format("2006-01")] = rep.Format(3)
			}
		}
		got := map[string]string{}
		for _, m := range ru.Months {
			got[m.Service+" "+m.Month] = fmt.Sprintf("%d.%03d%%", m.AvailabilityPPM/10000, m.AvailabilityPPM%10000/10)
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("monthly availability (-sla +review):\n%s", d)
		}
		if len(got) != 16 {
			t.Errorf("%d service-months, want 8 sites × 2 months", len(got))
		}
	})

	t.Run("incident log (incident)", func(t *testing.T) {
		loc, err := time.LoadLocation(DefaultLogZone)
		if err != nil {
			t.Fatal(err)
		}
		// The log as the review imported it (incident.Import; its counts are checked against
		// the dataset README below), so the figures are recomputed without a second import.
		log := r.Incidents.log
		in := r.Incidents
		// The dataset README's own counts.
		if in.Rows != 141712 || in.Incidents != 24918 {
			t.Errorf("rows %d, incidents %d; the README says 141,712 and 24,918", in.Rows, in.Incidents)
		}
		if d := cmp.Diff(times(incident.MTTR(log.Incidents, incident.ByPriority)), in.MTTR); d != "" {
			t.Errorf("MTTR per priority:\n%s", d)
		}
		if d := cmp.Diff(times(incident.MTTA(log.Incidents, incident.ByPriority)), in.MTTA); d != "" {
			t.Errorf("MTTA per priority:\n%s", d)
		}
		if got, want := in.Matrix.Inferred, incident.InferMatrix(observations(log)).Matrix.String(); got != want {
			t.Errorf("inferred matrix %q, incident says %q", got, want)
		}
		rr := incident.ReopenRate(log.Incidents)
		if !strings.HasPrefix(in.Reopens, rr.Percent.FloorString(2)+"%") {
			t.Errorf("reopen rate %q, incident says %s", in.Reopens, rr.Percent.FloorString(2))
		}
		d, err := resolutionTimer(loc)
		if err != nil {
			t.Fatal(err)
		}
		_, last := logSpan(log.Incidents)
		ms := make([]incident.Measurement, len(log.Incidents))
		for i, inc := range log.Incidents {
			if ms[i], err = incident.Evaluate(d, inc, last); err != nil {
				t.Fatal(err)
			}
		}
		a := incident.Attainment(ms)
		if in.SLA.TimerHits != a.Hits || in.SLA.TimerTotal != a.Total {
			t.Errorf("timer attainment %d/%d, incident says %d/%d", in.SLA.TimerHits, in.SLA.TimerTotal, a.Hits, a.Total)
		}
		// Every anomaly is counted once under its kind.
		got := map[string]int{}
		total := 0
		for _, c := range in.Quality.Anomalies {
			got[c.Key] = c.N
			total += c.N
		}
		if total != len(log.Report.Anomalies) {
			t.Errorf("%d anomalies counted, the import reported %d", total, len(log.Report.Anomalies))
		}
		for _, k := range []incident.AnomalyKind{incident.EarlierTime, incident.LowerSeq, incident.IllegalMove, incident.AfterTerminal} {
			if got[k.String()] != log.Report.Count(k) {
				t.Errorf("%s: %d, the import says %d", k, got[k.String()], log.Report.Count(k))
			}
		}
	})

	t.Run("continuity study (bcp)", func(t *testing.T) {
		u, err := sla.LoadUpptime(dataset.FS(), dataset.BuildingPermitHub)
		if err != nil {
			t.Fatal(err)
		}
		p, err := bcp.StudyPermitHub(u)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for _, g := range p.Analysis.Gaps() {
			want = append(want, fmt.Sprintf("%s %s %s", g.Kind, g.Node, fmtDurSec(g.Shortfall)))
		}
		var got []string
		for _, g := range r.Continuity.Gaps {
			got = append(got, fmt.Sprintf("%s %s %s", g.Kind, g.Node, g.Shortfall))
		}
		if d := cmp.Diff(want, got); d != "" {
			t.Errorf("gaps (-bcp +review):\n%s", d)
		}
		if len(r.Continuity.Order) != len(p.Analysis.RecoveryOrder()) {
			t.Errorf("%d recovery steps, bcp has %d", len(r.Continuity.Order), len(p.Analysis.RecoveryOrder()))
		}
	})

	t.Run("improvement", func(t *testing.T) {
		imp := r.Improvement
		// The month under review is still running at the end of the data: the review meeting is
		// Act for the figures to date, so the cycle decides and proposes follow-ups, but it stays
		// in Act: closing needs the complete month's figures.
		if imp.Phase != "act (figures to date)" || len(imp.Objectives) != 3 {
			t.Fatalf("cycle %s with %d objectives, want in act with availability, time to restore and time to resolve", imp.Phase, len(imp.Objectives))
		}
		if imp.Decision != "adapt" || !strings.Contains(imp.Rationale, "figures to date") || !strings.Contains(imp.Closes, "month has ended") {
			t.Errorf("decision %q (%q), closes %q: want adapt on figures to date, closing when the month has ended", imp.Decision, imp.Rationale, imp.Closes)
		}
		for _, it := range imp.Register {
			if it.ID == "IMP-2026-08" && it.Status != "approved" {
				t.Errorf("the cycle's own item is %s while the month runs, want approved (not completed)", it.Status)
			}
		}
		// The availability measured is the figure of section 1 for the month under review.
		var hub MonthFigure
		for _, m := range r.Service.Months {
			if m.Service == r.Service.Services[0].ID {
				hub = m
			}
		}
		if got, want := imp.Objectives[0].Measured, hub.avail.FloorString(2)+"%"; got != want {
			t.Errorf("availability measured %s, section 1 says %s", got, want)
		}
		// Every missed objective has a follow-up in Act and a proposed item in the register
		// whose KPI is the objective's metric; the follow-ups name the figures they come from.
		checkFollowUps(t, imp)
		wantIn := map[string]string{
			"A-avail":   r.Impact.Dependencies[0].Name,
			"A-restore": "87 failures in 2026-08 to date",
			"A-mttr":    "priority 1 incident opened in 2016-05",
		}
		for _, a := range imp.Actions {
			if w, ok := wantIn[a.ID]; ok && !strings.Contains(a.Description, w) {
				t.Errorf("follow-up %s %q does not name %q", a.ID, a.Description, w)
			}
		}
		var lines []string
		for _, b := range summary(r).blocks {
			if p, ok := b.(para); ok {
				lines = append(lines, string(p))
			}
		}
		if got := strings.Join(lines, "\n"); !strings.Contains(got, "Improvement: cycle PDCA-2026-08 in act (figures to date): 0 of 3 on target; 3 actions proposed to the register.") {
			t.Errorf("summary does not state the cycle in act on figures to date:\n%s", got)
		}
	})

	t.Run("microservice cycles and blast radius (itsm)", func(t *testing.T) {
		sub, err := fs.Sub(dataset.FS(), dataset.MicroserviceGraphs)
		if err != nil {
			t.Fatal(err)
		}
		models, err := itsm.LoadMicroserviceGraphs(sub)
		if err != nil {
			t.Fatal(err)
		}
		m := models[microSystem]
		if got := r.Impact.Micro.Nodes; got != m.Len() {
			t.Errorf("%d nodes, the model has %d", got, m.Len())
		}
		// The failure of productcatalogservice takes down itself and exactly its transitive
		// dependents (all-of groups throughout), the itsm test's fan-in hub.
		deps := []string{"productcatalogservice"}
		for id := range m.TransitiveDependents("productcatalogservice") {
			deps = append(deps, string(id))
		}
		for _, b := range r.Impact.Micro.Blast {
			if b.Node == "productcatalogservice" {
				if d := cmp.Diff(sorted(deps), sorted(b.TakesOut)); d != "" {
					t.Errorf("productcatalogservice takes out:\n%s", d)
				}
			}
		}
	})
}

func sorted(s []string) []string {
	s = append([]string(nil), s...)
	slices.Sort(s)
	return s
}

// checkPage decodes a whole HTML page as XML and checks every <svg>: it has a <title> and at
// least two axis labels (text of class axis-label).
func checkPage(t *testing.T, page string) {
	t.Helper()
	dec := xml.NewDecoder(strings.NewReader(page))
	dec.Strict = true
	svgs, depth := 0, 0
	var titled bool
	var labels int
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the page is not well-formed: %v", err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "svg" {
				svgs++
				depth, titled, labels = 1, false, 0
				continue
			}
			if depth > 0 {
				depth++
				if x.Name.Local == "title" && depth == 2 {
					titled = true
				}
				for _, a := range x.Attr {
					if x.Name.Local == "text" && a.Name.Local == "class" && a.Value == "axis-label" {
						labels++
					}
				}
			}
		case xml.EndElement:
			if depth > 0 {
				depth--
				if depth == 0 {
					if !titled {
						t.Errorf("chart %d has no <title>", svgs)
					}
					if labels < 2 {
						t.Errorf("chart %d has %d axis labels, want 2", svgs, labels)
					}
				}
			}
		}
	}
	if svgs != 5 {
		t.Errorf("%d charts, want 5 (availability, burn-down, outage strips, dependency graph, priority matrix)", svgs)
	}
}

// TestHTML writes the page through the command for the trimmed data, and renders the page of
// the embedded data, and checks that both are well-formed with titled, labelled charts.
func TestHTML(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "review.html")
	code, _, errs := runCLI("-data", trimmed, "-html", page, "-format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	b, err := os.ReadFile(page)
	if err != nil {
		t.Fatal(err)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("%d files in the output directory, want only the page (no temporary file left)", len(entries))
	}
	r, err := fullReview()
	if err != nil {
		t.Fatal(err)
	}
	var full strings.Builder
	if err := writeHTML(&full, r); err != nil {
		t.Fatal(err)
	}
	for name, p := range map[string]string{"trimmed": string(b), "embedded": full.String()} {
		t.Run(name, func(t *testing.T) {
			checkPage(t, p)
			// The y axis starts at a multiple of 10 % at or below the lowest month, says so in
			// the title, and marks the break.
			if !strings.Contains(p, "<title>Availability per calendar month against the 99.9% target (y axis 90–100%, not from 0)</title>") {
				t.Error("the availability chart is missing or its title lacks the axis range")
			}
			if !strings.Contains(p, "axis break: 0–90% not drawn") {
				t.Error("the availability chart does not mark its axis break")
			}
			// Wide tables scroll in their own box so the page keeps its width.
			if strings.Count(p, "<table>") != strings.Count(p, "<div class=\"scroll\"><table>") {
				t.Error("a table is not inside a scrolling box")
			}
		})
	}
}

// copyTree copies the trimmed data to a new directory the test may break.
func copyTree(t *testing.T) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(trimmed, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(trimmed, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

func gz(t *testing.T, text string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	if _, err := w.Write([]byte(text)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestBadData breaks one file of a copy of the data at a time: the command names the file
// (and the line), exits with status 1, prints nothing on standard output and leaves no page.
func TestBadData(t *testing.T) {
	logFile := filepath.Join(dataset.IncidentEventLog, incidentLogFile)
	changes := filepath.Join(dataset.BuildingPermitHub, "status_changes.csv")
	summary := filepath.Join(dataset.BuildingPermitHub, "history", "summary.json")
	header, err := os.ReadFile(filepath.Join(trimmed, changes))
	if err != nil {
		t.Fatal(err)
	}
	firstLine, _, _ := strings.Cut(string(header), "\n")
	for _, tc := range []struct {
		name  string
		file  string
		data  []byte // nil: remove the file
		wants []string
	}{
		{"missing incident log", logFile, nil, []string{logFile, "cannot open"}},
		{"missing summary", summary, nil, []string{summary, "cannot open"}},
		{"missing status changes", changes, nil, []string{changes, "cannot open"}},
		{"missing edges", filepath.Join(dataset.MicroserviceGraphs, "edges.csv"), nil, []string{filepath.Join(dataset.MicroserviceGraphs, "edges.csv"), "cannot open"}},
		{"wrong nodes header", filepath.Join(dataset.MicroserviceGraphs, "nodes.csv"), []byte("sys,node,kind\n"), []string{filepath.Join(dataset.MicroserviceGraphs, "nodes.csv") + ":1:", "header"}},
		{"wrong log header", logFile, gz(t, "id,state,when\nINC1,New,1/1/2016 10:00\n"), []string{logFile + ":1:", "header"}},
		{"wrong status header", changes, []byte("when,site,slug,status,code,ms,commit\n"), []string{changes + ":1:", "timestamp"}},
		{"empty log", logFile, []byte{}, []string{logFile + ":1:"}},
		{"log with only a header", logFile, gz(t, firstLogLine(t)+"\n"), []string{logFile + ":2:", "no incident rows"}},
		{"status changes with only a header", changes, []byte(firstLine + "\n"), []string{changes + ":2:", "no status changes"}},
		{"bad status row", changes, []byte(firstLine + "\n2026-07-14T15:41:25Z,Building Permit Hub,building-permit-hub,sideways,200,100,abc\n"), []string{changes + ":2:4: sla: ", "sideways"}},
		{"truncated gzip log", logFile, truncatedLog(t), []string{logFile + ": the gzip stream is truncated"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := copyTree(t)
			target := filepath.Join(dir, tc.file)
			if tc.data == nil {
				if err := os.Remove(target); err != nil {
					t.Fatal(err)
				}
			} else if err := os.WriteFile(target, tc.data, 0o644); err != nil {
				t.Fatal(err)
			}
			out := t.TempDir()
			page := filepath.Join(out, "review.html")
			code, stdout, stderr := runCLI("-data", dir, "-html", page)
			if code != exitData {
				t.Errorf("exit %d, want %d", code, exitData)
			}
			if stdout != "" {
				t.Errorf("standard output not empty: %.200q", stdout)
			}
			for _, w := range tc.wants {
				if !strings.Contains(stderr, filepath.ToSlash(filepath.Join(dir, w))) && !strings.Contains(stderr, w) {
					t.Errorf("message %q lacks %q", stderr, w)
				}
			}
			if !strings.Contains(stderr, dir) {
				t.Errorf("message %q does not name the file under %s", stderr, dir)
			}
			if base := filepath.Base(tc.file); strings.Count(stderr, base) != 1 {
				t.Errorf("message %q names %s more than once", stderr, base)
			}
			if entries, _ := os.ReadDir(out); len(entries) != 0 {
				t.Errorf("%d files written, want none", len(entries))
			}
		})
	}
}

// truncatedLog is the trimmed incident log cut in the middle of its gzip stream.
func truncatedLog(t *testing.T) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(trimmed, dataset.IncidentEventLog, incidentLogFile))
	if err != nil {
		t.Fatal(err)
	}
	return b[:len(b)/2]
}

func firstLogLine(t *testing.T) string {
	t.Helper()
	f, err := os.Open(filepath.Join(trimmed, dataset.IncidentEventLog, incidentLogFile))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	b := make([]byte, 4096)
	n, _ := io.ReadFull(zr, b)
	line, _, _ := strings.Cut(string(b[:n]), "\n")
	return line
}

// TestUsage: bad flags exit with status 2 and say which flag.
func TestUsage(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-format", "pdf"}, "-format"},
		{[]string{"-zone", "Mars/Olympus"}, "-zone"},
		{[]string{"-asof", "yesterday"}, "-asof"},
		{[]string{"-data", "testdata/nowhere"}, "-data"},
		{[]string{"-html", os.TempDir()}, "is a directory"},
		{[]string{"extra"}, "unexpected argument"},
		{[]string{"-nosuchflag"}, "flag provided but not defined"},
	} {
		code, out, errs := runCLI(tc.args...)
		if code != exitUsage || out != "" || !strings.Contains(errs, tc.want) {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", tc.args, code, out, errs)
		}
	}
}

// TestHelp: -h prints the flags and succeeds.
func TestHelp(t *testing.T) {
	code, out, errs := runCLI("-h")
	if code != exitOK || out != "" || !strings.Contains(errs, "-asof") {
		t.Errorf("exit %d, stdout %q, stderr %q", code, out, errs)
	}
}

// TestAsOf: an explicit review instant and zone change the period; an instant before the data
// is refused.
func TestAsOf(t *testing.T) {
	code, out, errs := runCLI("-data", trimmed, "-asof", "2026-08-01T00:00:00Z", "-zone", "UTC")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "As of 2026-08-01 00:00 UTC (instants shown in UTC;") || strings.Contains(out, "2026-08  no") {
		t.Errorf("a review as of 1 August UTC should end with July:\n%.600s", out)
	}
	code, _, errs = runCLI("-data", trimmed, "-asof", "2020-01-01T00:00:00Z")
	if code != exitData || !strings.Contains(errs, "not after the start of the data") {
		t.Errorf("as of 2020: exit %d, %q", code, errs)
	}
}

// TestAsOfAfterData: an as-of instant years after the data warns on standard error, leaves the
// months without data out and says so, and shows no month as 0 or 100 % for want of data.
func TestAsOfAfterData(t *testing.T) {
	code, out, errs := runCLI("-data", trimmed, "-asof", "2030-01-01T00:00:00Z")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "warning: as-of instant 2030-01-01T00:00:00Z is 1,227d 9h after the end of the availability data") {
		t.Errorf("stderr %q lacks the warning", errs)
	}
	if !strings.Contains(strings.Join(strings.Fields(out), " "), "the 40 calendar months after it hold no data and are left out") {
		t.Errorf("the review does not say which months it left out:\n%.900s", out)
	}
	for _, bad := range []string{"2026-09  ", "2029-12  ", "CAD 0.00 (", "no monitoring data"} {
		if strings.Contains(out, bad) {
			t.Errorf("output has %q", bad)
		}
	}
}

// TestOneBudget: as of a day after monitoring began, the month table, the burn-down line and
// the burn-down points show one budget (sla's Budget.UseReport over the counted time), days
// before the data carry none, and no running month reads breached beside a positive remaining
// budget.
func TestOneBudget(t *testing.T) {
	asOf := time.Date(2026, 7, 15, 0, 0, 0, 0, time.UTC)
	r, err := Review(os.DirFS(trimmed), Options{AsOf: asOf})
	if err != nil {
		t.Fatal(err)
	}
	bd := r.Service.BurnDown
	var hub MonthFigure
	for _, m := range r.Service.Months {
		if m.Service == r.Service.Services[0].ID && m.Month == bd.Month {
			hub = m
		}
		if !m.Complete && m.Outcome == "breached" && !strings.HasPrefix(m.Remaining, "-") {
			t.Errorf("%s %s: breached with %s remaining", m.Name, m.Month, m.Remaining)
		}
	}
	if got, want := []string{bd.Budget, bd.Consumed, bd.Remaining}, []string{hub.Budget, hub.Consumed, hub.Remaining}; !slices.Equal(got, want) {
		t.Errorf("burn-down budget, consumed, remaining %q; month table %q", got, want)
	}
	// 0.1 % of July less the 13 d 15 h 41 m before monitoring began: 25 min, not 44 min.
	if hub.Budget != "25m" {
		t.Errorf("budget %s, want 25m", hub.Budget)
	}
	for _, p := range bd.Points {
		if p.Day < "2026-07-14" && p.RemainingMin != nil {
			t.Errorf("%s: a budget point before monitoring began", p.Day)
		}
	}
	if last := bd.Points[len(bd.Points)-1]; last.RemainingMin == nil || fmtDur(time.Duration(*last.RemainingMin)*time.Minute) != hub.Remaining {
		t.Errorf("last point %v min, month table remaining %s", last.RemainingMin, hub.Remaining)
	}
}

// TestZoneIsDisplayOnly: -zone changes how instants are shown, never the agreement's months.
func TestZoneIsDisplayOnly(t *testing.T) {
	months := func(zone string) []string {
		loc, err := time.LoadLocation(zone)
		if err != nil {
			t.Fatal(err)
		}
		r, err := Review(os.DirFS(trimmed), Options{Zone: loc})
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, m := range r.Service.Months {
			out = append(out, m.Service+" "+m.Month+" "+m.Availability+" "+m.Credit)
		}
		return out
	}
	if d := cmp.Diff(months("America/Vancouver"), months("Asia/Tokyo")); d != "" {
		t.Errorf("months differ with -zone (-Vancouver +Tokyo):\n%s", d)
	}
}

// TestREADMEExcerpt keeps the README honest: every line of its output excerpt is a line the
// default run prints, in the same order ("…" marks the lines left out).
func TestREADMEExcerpt(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, ok := strings.Cut(string(b), "<!-- excerpt:begin -->\n```\n")
	excerpt, _, ok2 := strings.Cut(rest, "```\n<!-- excerpt:end -->")
	if !ok || !ok2 {
		t.Fatal("README.md has no output excerpt between the excerpt markers")
	}
	c := defaultRun()
	if c.code != exitOK {
		t.Fatalf("default run: exit %d: %s", c.code, c.stderr)
	}
	out := strings.Split(c.out, "\n")
	at := 0
	for _, line := range strings.Split(strings.TrimSuffix(excerpt, "\n"), "\n") {
		if line == "…" {
			continue
		}
		found := false
		for ; at < len(out); at++ {
			if out[at] == line {
				found = true
				at++
				break
			}
		}
		if !found {
			t.Errorf("README excerpt line not printed by the default run (in this order): %q", line)
			return
		}
	}
}

// TestOtherSites reviews data whose service is not the Hub (its slug renamed): the continuity
// section falls back to the generic study over the review's own model.
func TestOtherSites(t *testing.T) {
	dir := copyTree(t)
	hub := filepath.Join(dir, dataset.BuildingPermitHub)
	for _, name := range []string{"history/summary.json", "status_changes.csv"} {
		p := filepath.Join(hub, name)
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, bytes.ReplaceAll(b, []byte(",building-permit-hub,"), []byte(",my-portal,")), 0o644); err != nil {
			t.Fatal(err)
		}
		if name == "history/summary.json" {
			b = bytes.ReplaceAll(b, []byte(`"building-permit-hub"`), []byte(`"my-portal"`))
			if err := os.WriteFile(p, b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := os.Rename(filepath.Join(hub, "history/building-permit-hub.yml"), filepath.Join(hub, "history/my-portal.yml")); err != nil {
		t.Fatal(err)
	}
	r, err := Review(os.DirFS(dir), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.Service.Services[0].ID != "my-portal" {
		t.Errorf("service under review %q, want my-portal", r.Service.Services[0].ID)
	}
	if !strings.HasPrefix(r.Continuity.Study, "generic study") {
		t.Errorf("study %q, want the generic fallback", r.Continuity.Study)
	}
	if len(r.Continuity.Activities) == 0 || r.Continuity.Scenario.Title == "" {
		t.Error("the generic study has no activities or no scenario")
	}
	var b bytes.Buffer
	if err := writeHTML(&b, r); err != nil {
		t.Fatal(err)
	}
	checkPage(t, b.String())
}

// TestNoDependencies reviews a service monitored alone: no dependency to lose, no coincidences,
// and still a complete, well-formed review.
func TestNoDependencies(t *testing.T) {
	dir := copyTree(t)
	p := filepath.Join(dir, dataset.BuildingPermitHub, "history", "summary.json")
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	// Keep only the first site of the JSON array.
	var sites []json.RawMessage
	if err := json.Unmarshal(b, &sites); err != nil || len(sites) < 2 {
		t.Fatalf("summary.json: %v, %d sites", err, len(sites))
	}
	if b, err = json.Marshal(sites[:1]); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, b, 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errs := runCLI("-data", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	for _, want := range []string{"Scenario: no dependency to lose.", "5. Improvement"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
}

// truncatedFile is a data file and its content, for the truncation property.
type truncatedFile struct {
	name string
	data []byte
}

var truncatable = sync.OnceValue(func() []truncatedFile {
	var out []truncatedFile
	for _, name := range []string{
		filepath.Join(dataset.BuildingPermitHub, "status_changes.csv"),
		filepath.Join(dataset.BuildingPermitHub, "history", "summary.json"),
		filepath.Join(dataset.IncidentEventLog, incidentLogFile),
	} {
		b, err := os.ReadFile(filepath.Join(trimmed, name))
		if err != nil {
			panic(err)
		}
		out = append(out, truncatedFile{name: filepath.ToSlash(name), data: b})
	}
	return out
})

// testTruncated cuts one data file at any byte: reading it either succeeds or fails with a
// DataError that names that file, never a panic or an error that does not say where.
func testTruncated(t *rapid.T) {
	files := truncatable()
	f := files[rapid.IntRange(0, len(files)-1).Draw(t, "file")]
	n := rapid.IntRange(0, len(f.data)).Draw(t, "length")
	fsys := fstest.MapFS{}
	for _, g := range files {
		fsys[g.name] = &fstest.MapFile{Data: g.data}
	}
	for _, yml := range []string{"building-permit-hub", "external-dependencies-authentication-service", "external-dependencies-bc-address-geocoder",
		"external-dependencies-ltsa-parcel-map-bc", "external-dependencies-bc-admin-boundaries", "external-dependencies-epsg-registry",
		"external-service-archistar-platform-canada", "external-dependencies-keycloak-authentication"} {
		name := dataset.BuildingPermitHub + "/history/" + yml + ".yml"
		b, err := os.ReadFile(filepath.Join(trimmed, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: b}
	}
	fsys[f.name] = &fstest.MapFile{Data: f.data[:n]}
	var err error
	if strings.HasPrefix(f.name, dataset.IncidentEventLog) {
		_, _, err = loadLog(fsys, time.UTC)
	} else {
		_, err = loadHub(fsys, dataset.BuildingPermitHub)
	}
	if err == nil {
		return
	}
	var de *DataError
	if !errors.As(err, &de) || de.File != f.name {
		t.Fatalf("cut at %d: error %v does not name %s", n, err, f.name)
	}
}

func TestTruncated(t *testing.T) { rapid.Check(t, testTruncated) }

func FuzzTruncated(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testTruncated)) }

// TestProgress: with a terminal the steps go to standard error, and standard output is the same
// review as without one.
func TestProgress(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-data", trimmed}, env{stdout: &out, stderr: &errb, progress: true}); code != exitOK {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	for _, step := range []string{"reading availability history", "reading and replaying the incident log", "improvement cycle"} {
		if !strings.Contains(errb.String(), step) {
			t.Errorf("progress lacks %q: %q", step, errb.String())
		}
	}
	_, plain, _ := runCLI("-data", trimmed)
	if out.String() != plain {
		t.Error("progress changed the review on standard output")
	}
}

// TestImprovementClosed runs the improvement cycle of the default run's figures once the month
// has ended: Act decides, and every missed objective gets a follow-up action that enters the
// register as a proposed item, while achieved ones get none.
func TestImprovementClosed(t *testing.T) {
	r, err := fullReview()
	if err != nil {
		t.Fatal(err)
	}
	zone, err := time.LoadLocation(DefaultZone)
	if err != nil {
		t.Fatal(err)
	}
	end := sla.Monthly(zone).Containing(r.AsOf).End
	imp, err := improvementReport(r, end, zone)
	if err != nil {
		t.Fatal(err)
	}
	if imp.Phase != "closed" || imp.Decision == "" || len(imp.Objectives) != 3 {
		t.Fatalf("cycle %s, decision %q, %d objectives: want closed with a decision on 3", imp.Phase, imp.Decision, len(imp.Objectives))
	}
	if imp.Closes != "" || strings.Contains(imp.Rationale, "to date") {
		t.Errorf("closed cycle says %q, rationale %q", imp.Closes, imp.Rationale)
	}
	for _, o := range imp.Objectives {
		if strings.Contains(o.Source, "to date") {
			t.Errorf("objective %s measured %q on a month that has ended", o.Metric, o.Source)
		}
	}
	for _, it := range imp.Register {
		if it.ID == "IMP-2026-08" && it.Status != "completed" {
			t.Errorf("the cycle's own item is %s once the cycle closed, want completed", it.Status)
		}
	}
	checkFollowUps(t, imp)
}

// checkFollowUps: at least one objective was missed, and each missed objective (and only those)
// has a follow-up action in Act and a proposed register item with the objective's metric as KPI,
// its description and owner the follow-up's.
func checkFollowUps(t *testing.T, imp ImprovementSection) {
	t.Helper()
	var missed []string
	for _, o := range imp.Objectives {
		if !o.Achieved {
			missed = append(missed, o.Metric)
		}
	}
	if len(missed) == 0 {
		t.Fatal("no objective missed; the figures should miss all three")
	}
	var followUps []ActionView
	for _, a := range imp.Actions {
		if a.Phase == "act" {
			followUps = append(followUps, a)
		}
	}
	var kpis []string
	for _, it := range imp.Register {
		if it.Status != "proposed" {
			continue
		}
		kpis = append(kpis, it.KPI)
		found := false
		for _, a := range followUps {
			found = found || (a.Description == it.Description && a.Owner == it.Owner && a.Due == it.Due)
		}
		if !found || it.Source == "" || it.Owner == "" || it.Due == "" {
			t.Errorf("register item %s (%s, %s, due %s) is not a follow-up of Act", it.ID, it.Source, it.Owner, it.Due)
		}
	}
	if d := cmp.Diff(missed, kpis); d != "" || len(followUps) != len(missed) {
		t.Errorf("%d follow-ups for %d missed objectives; register KPIs (-missed +proposed):\n%s", len(followUps), len(missed), d)
	}
}

// TestProvisionalCredit: a running month earns a credit only once its outcome is breached (its
// whole budget spent). Before, its credit is provisional and stays out of the owed totals. As
// of 2026-07-14 16:00 UTC Archistar has 7 min down in its first 9 min (21.57 %, the 100 % tier)
// but 18 min of its 25 min budget left: over pace, not breached, so nothing is owed.
func TestProvisionalCredit(t *testing.T) {
	r, err := Review(os.DirFS(trimmed), Options{AsOf: time.Date(2026, 7, 14, 16, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	var arch *MonthFigure
	for k, m := range r.Service.Months {
		if m.Name == "Archistar Platform (Canada)" && m.Month == "2026-07" {
			arch = &r.Service.Months[k]
		}
		if m.Outcome == "breached" && m.Provisional {
			t.Errorf("%s %s: breached yet provisional", m.Name, m.Month)
		}
	}
	if arch == nil {
		t.Fatal("no Archistar 2026-07 row")
	}
	type row struct {
		Outcome, Credit string
		Minor           int64
		Provisional     bool
	}
	if d := cmp.Diff(row{"over pace", "provisional: CAD 2500.00 (100%)", 0, true},
		row{arch.Outcome, arch.Credit, *arch.CreditMinor, arch.Provisional}); d != "" {
		t.Errorf("Archistar 2026-07 (-want +got):\n%s", d)
	}
	want := []CreditSum{{Month: "2026-07", ToClient: "CAD 0.00", FromSupp: "CAD 0.00", ProvisionalFromSupp: "CAD 2500.00"}}
	if d := cmp.Diff(want, r.Service.Credits); d != "" {
		t.Errorf("credits (-want +got):\n%s", d)
	}
	var out bytes.Buffer
	if err := writeText(&out, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "CAD 0.00 (+ provisional CAD 2500.00, not owed)") {
		t.Errorf("the credits table does not show the provisional credit beside the total:\n%s", out.String())
	}
	// A month breached while still running earns its credit: the default run's August.
	r, err = Review(os.DirFS(trimmed), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range r.Service.Months {
		if !m.Complete && m.Outcome == "breached" && (m.Provisional || strings.HasPrefix(m.Credit, "provisional")) {
			t.Errorf("%s %s: breached but credit %q", m.Name, m.Month, m.Credit)
		}
	}
}

// TestMonitored: a month that has ended is complete whatever share of it was monitored, and
// says how much: August 2026 ends with no data after the 22nd.
func TestMonitored(t *testing.T) {
	r, err := Review(os.DirFS(trimmed), Options{AsOf: time.Date(2026, 10, 15, 0, 0, 0, 0, time.UTC)})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range r.Service.Months {
		if m.Service == r.Service.Services[0].ID && m.Month == "2026-08" {
			if !m.Complete || !strings.HasSuffix(m.Monitored, " of 31d") || m.Monitored == "31d of 31d" || !strings.HasPrefix(m.Monitored, m.Counted+" ") {
				t.Errorf("2026-08: complete %v, monitored %q, counted %q", m.Complete, m.Monitored, m.Counted)
			}
			return
		}
	}
	t.Error("no 2026-08 row for the main service")
}

func TestFmtDurations(t *testing.T) {
	d := func(s string) time.Duration {
		x, err := time.ParseDuration(s)
		if err != nil {
			t.Fatal(err)
		}
		return x
	}
	got := map[string][2]string{}
	for _, in := range []string{"0s", "45s", "29m55.9s", "2h45m53s", "3h15m48s", "2h", "2h0m5s", "72h", "164h44m12s", "-45m53s", "1230416h"} {
		got[in] = [2]string{fmtDur(d(in)), fmtDurSec(d(in))}
	}
	want := map[string][2]string{
		"0s": {"0s", "0s"}, "45s": {"45s", "45s"}, "29m55.9s": {"29m", "29m55s"}, "2h45m53s": {"2h45m", "2h45m53s"},
		"3h15m48s": {"3h15m", "3h15m48s"}, "2h": {"2h", "2h"}, "2h0m5s": {"2h", "2h0m5s"}, "72h": {"3d", "3d"},
		"164h44m12s": {"6d 20h", "6d 20h44m12s"}, "-45m53s": {"-45m", "-45m53s"},
		// 51,267 days as the on-hold totals show them, grouped like the counts.
		"1230416h": {"51,267d 8h", "51,267d 8h"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	// The continuity section's parts add up as shown: 29m55s + 2h45m53s = 3h15m48s.
	if a, b := fmtDurSec(d("29m55s")+d("2h45m53s")), "3h15m48s"; a != b {
		t.Errorf("sum %s, want %s", a, b)
	}
}

// TestHTMLThroughSymlink: a page named by a symbolic link is written to the link's target and
// the link stays a link; a replaced page keeps its file mode.
func TestHTMLThroughSymlink(t *testing.T) {
	dir := t.TempDir()
	target := filepath.Join(dir, "real.html")
	if err := os.WriteFile(target, []byte("old"), 0o600); err != nil {
		t.Fatal(err)
	}
	link := filepath.Join(dir, "link.html")
	if err := os.Symlink(target, link); err != nil {
		t.Skip("no symbolic links here:", err)
	}
	if code, _, errs := runCLI("-data", trimmed, "-html", link, "-format", "json"); code != exitOK {
		t.Fatalf("exit %d: %s", code, errs)
	}
	fi, err := os.Lstat(link)
	if err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Fatalf("link replaced: %v %v", fi.Mode(), err)
	}
	b, err := os.ReadFile(target)
	if err != nil || !strings.HasPrefix(string(b), "<!DOCTYPE html>") {
		t.Fatalf("target holds %.40q (%v), want the page", b, err)
	}
	if fi, err := os.Stat(target); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("target mode %v (%v), want 0600 kept", fi.Mode().Perm(), err)
	}
}

// TestAsOfFarAfterData: an as-of instant more than a century after the data is refused with a
// message saying so (durations that far out would saturate), and nothing is written.
func TestAsOfFarAfterData(t *testing.T) {
	code, out, errs := runCLI("-data", trimmed, "-asof", "9999-12-31T23:59:59Z")
	if code != exitData || out != "" || !strings.Contains(errs, "more than 100 years after the end of the availability data") {
		t.Errorf("exit %d, stdout %.100q, stderr %q", code, out, errs)
	}
}
