package incident

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"
)

const uciHeader = "number,incident_state,active,reassignment_count,reopen_count,sys_mod_count,made_sla,caller_id,opened_by,opened_at,sys_created_by,sys_created_at,sys_updated_by,sys_updated_at,contact_type,location,category,subcategory,u_symptom,cmdb_ci,impact,urgency,priority,assignment_group,assigned_to,knowledge,u_priority_confirmation,notify,problem_id,rfc,vendor,caused_by,closed_code,resolved_by,resolved_at,closed_at"

// uciRow builds a row of the UCI layout from a few values; unset columns get plausible values.
func uciRow(id, state string, seq int, updated string, over map[string]string) string {
	v := map[string]string{
		"number": id, "incident_state": state, "active": "true", "reassignment_count": "0", "reopen_count": "0",
		"sys_mod_count": itoa(seq), "made_sla": "true", "caller_id": "Caller 1", "opened_by": "Opened by  1",
		"opened_at": "29/2/2016 01:16", "sys_created_by": "?", "sys_created_at": "?", "sys_updated_by": "Updated by 1",
		"sys_updated_at": updated, "contact_type": "Phone", "location": "Location 1", "category": "Category 1",
		"subcategory": "Subcategory 1", "u_symptom": "?", "cmdb_ci": "?", "impact": "2 - Medium", "urgency": "2 - Medium",
		"priority": "3 - Moderate", "assignment_group": "Group 1", "assigned_to": "?", "knowledge": "false",
		"u_priority_confirmation": "false", "notify": "Do Not Notify", "problem_id": "?", "rfc": "?", "vendor": "?",
		"caused_by": "?", "closed_code": "code 5", "resolved_by": "?", "resolved_at": "?", "closed_at": "?",
	}
	for k, x := range over {
		v[k] = x
	}
	cols := strings.Split(uciHeader, ",")
	out := make([]string, len(cols))
	for i, c := range cols {
		out[i] = v[c]
	}
	return strings.Join(out, ",")
}

func itoa(n int) string { return strconv.Itoa(n) }

func csvOf(rows ...string) string { return uciHeader + "\n" + strings.Join(rows, "\n") + "\n" }

var smallLog = csvOf(
	uciRow("INC1", "New", 0, "29/2/2016 01:23", nil),
	uciRow("INC1", "Active", 1, "29/2/2016 02:00", map[string]string{"assignment_group": "Group 2", "reassignment_count": "1"}),
	uciRow("INC1", "Awaiting User Info", 2, "29/2/2016 03:00", map[string]string{"assignment_group": "Group 2"}),
	uciRow("INC1", "Active", 3, "29/2/2016 05:00", map[string]string{"assignment_group": "Group 2"}),
	uciRow("INC1", "Resolved", 4, "29/2/2016 06:00", map[string]string{"assignment_group": "Group 2"}),
	uciRow("INC1", "Active", 5, "29/2/2016 07:00", map[string]string{"assignment_group": "Group 2", "reopen_count": "1"}),
	uciRow("INC1", "Resolved", 6, "29/2/2016 08:00", map[string]string{"assignment_group": "Group 2", "reopen_count": "1"}),
	uciRow("INC1", "Closed", 7, "5/3/2016 09:00", map[string]string{"assignment_group": "Group 2", "reopen_count": "1", "active": "false"}),
	uciRow("INC2", "Active", 1, "29/2/2016 04:00", map[string]string{"opened_at": "29/2/2016 03:00"}),
	uciRow("INC2", "-100", 2, "29/2/2016 04:30", nil),
	uciRow("INC2", "New", 0, "29/2/2016 03:50", nil),
	uciRow("INC2", "Closed", 3, "29/2/2016 05:00", nil),
	uciRow("INC2", "Closed", 4, "29/2/2016 05:30", nil),
)

func TestImportSmallLog(t *testing.T) {
	log, err := Import(strings.NewReader(smallLog), ImportOptions{Location: time.UTC})
	noErr(t, err)
	equal(t, 2, len(log.Incidents))
	inc := log.Incidents[0]
	equal(t, "INC1", inc.ID)
	equal(t, Closed, inc.State)
	equal(t, 1, inc.Reopens)
	equal(t, 1, inc.Reassignments)
	equal(t, log.Recorded[0].Reopens, inc.Reopens, "agrees with the log's reopen_count")
	equal(t, time.Date(2016, 2, 29, 1, 16, 0, 0, time.UTC), inc.Opened)
	equal(t, 8, len(inc.History))
	equal(t, Status{OnHold, AwaitingCaller}, inc.History[2].Status)
	equal(t, 4, inc.History[2].Line)
	at, _ := inc.ResolvedAt()
	equal(t, time.Date(2016, 2, 29, 8, 0, 0, 0, time.UTC), at)

	r := log.Report
	equal(t, 13, r.Rows)
	equal(t, 12, r.Events)
	equal(t, 1, len(r.Unusable))
	equal(t, "incident: line 11, column 2 (incident_state): unknown state: \"-100\"", r.Unusable[0].Error())
	equal(t, 1, r.MidLife, "INC2 starts Active")
	var got []string
	for _, a := range r.Anomalies {
		got = append(got, a.String())
	}
	equal(t, []string{
		"line 12: INC2: earlier time at 2016-02-29 03:50, after a row at 2016-02-29 04:00",
		"line 12: INC2: lower update counter 0 after 1",
		"line 12: INC2: illegal move In Progress → New",
		"line 13: INC2: illegal move New → Closed",
		"line 14: INC2: event after terminal state Closed → Closed",
	}, got)
	equal(t, 1, r.Count(EarlierTime))
	equal(t, 1, r.Count(LowerSeq))
	equal(t, 2, r.Count(IllegalMove))
	equal(t, 1, r.Count(AfterTerminal))
	equal(t, time.Date(2016, 2, 29, 4, 0, 0, 0, time.UTC), log.Incidents[1].History[1].At, "replayed at the previous row's time")
}

func gz(t tb, s string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	_, err := w.Write([]byte(s))
	noErr(t, err)
	noErr(t, w.Close())
	return b.Bytes()
}

func TestImportGzipEqualsPlain(t *testing.T) {
	plain, err := Import(strings.NewReader(smallLog), ImportOptions{Location: time.UTC})
	noErr(t, err)
	zipped, err := Import(bytes.NewReader(gz(t, smallLog)), ImportOptions{Location: time.UTC})
	noErr(t, err)
	equal(t, plain.Incidents, zipped.Incidents)
	equal(t, plain.Recorded, zipped.Recorded)
	equal(t, plain.Report.Anomalies, zipped.Report.Anomalies)
	equal(t, plain.Report.Unusable[0].Error(), zipped.Report.Unusable[0].Error())
}

func TestImportZone(t *testing.T) {
	lisbon, err := time.LoadLocation("America/Sao_Paulo")
	noErr(t, err)
	log, err := Import(strings.NewReader(smallLog), ImportOptions{Location: lisbon})
	noErr(t, err)
	equal(t, time.Date(2016, 2, 29, 4, 16, 0, 0, time.UTC), log.Incidents[0].Opened.UTC(), "01:16 in São Paulo (UTC−3)")
}

// Bad input gives typed errors with line and column; fatal ones end the import.
func TestImportErrors(t *testing.T) {
	good := uciRow("INC1", "New", 0, "29/2/2016 01:23", nil)
	dropImpact := strings.Replace(uciHeader, ",impact,", ",impct,", 1)
	cases := []struct {
		name  string
		input string
		opts  ImportOptions
		err   error
		line  int
		col   int
		fatal bool
	}{
		{"no zone", smallLog, ImportOptions{}, ErrNoLocation, 0, 0, true},
		{"bad vocabulary", smallLog, ImportOptions{Location: time.UTC, States: Vocabulary{"Parked": {State: OnHold}}}, ErrInvalidStatus, 0, 0, true},
		{"empty", "", ImportOptions{}, ErrHeader, 1, 0, true},
		{"other format", "id,name,value\n1,a,2\n", ImportOptions{}, ErrHeader, 1, 0, true},
		{"missing column", dropImpact + "\n" + good + "\n", ImportOptions{}, ErrMissingColumn, 1, 0, true},
		{"bad time", csvOf(good, uciRow("INC1", "Active", 1, "31/2/2016 01:23", nil)), ImportOptions{}, ErrTime, 3, 14, false},
		{"bad time text", csvOf(uciRow("INC1", "Active", 1, "2016-02-29T01:23", nil)), ImportOptions{}, ErrTime, 2, 14, false},
		{"impact outside matrix", csvOf(uciRow("INC1", "New", 0, "29/2/2016 01:23", map[string]string{"impact": "4 - Tiny"})), ImportOptions{}, ErrOutsideMatrix, 2, 21, false},
		{"urgency outside matrix", csvOf(uciRow("INC1", "New", 0, "29/2/2016 01:23", map[string]string{"urgency": "7 - Whenever"})), ImportOptions{}, ErrOutsideMatrix, 2, 22, false},
		{"bad level", csvOf(uciRow("INC1", "New", 0, "29/2/2016 01:23", map[string]string{"priority": "High"})), ImportOptions{}, ErrValue, 2, 23, false},
		{"bad count", csvOf(uciRow("INC1", "New", 0, "29/2/2016 01:23", map[string]string{"sys_mod_count": "-1"})), ImportOptions{}, ErrValue, 2, 6, false},
		{"bad bool", csvOf(uciRow("INC1", "New", 0, "29/2/2016 01:23", map[string]string{"made_sla": "yes"})), ImportOptions{}, ErrValue, 2, 7, false},
		{"unknown state", csvOf(uciRow("INC1", "-100", 0, "29/2/2016 01:23", nil)), ImportOptions{}, ErrState, 2, 2, false},
		{"no number", csvOf(uciRow("?", "New", 0, "29/2/2016 01:23", nil)), ImportOptions{}, ErrValue, 2, 1, false},
		{"short row", csvOf(good, "INC1,New,true"), ImportOptions{}, ErrFieldCount, 3, 4, false},
		{"bare quote", csvOf(good, `INC1,"New,true`), ImportOptions{}, ErrSyntax, 3, 16, true}, // csv: character position
		{"line too long", csvOf(good, strings.Repeat("x", 2000)), ImportOptions{MaxLineBytes: 1000}, ErrLineTooLong, 3, 0, true},
	}
	for _, c := range cases {
		if c.opts.Location == nil && c.err != ErrNoLocation {
			c.opts.Location = time.UTC
		}
		log, err := Import(strings.NewReader(c.input), c.opts)
		if !c.fatal {
			noErr(t, err, c.name+": a bad row is reported, not fatal")
			truth(t, len(log.Report.Unusable) == 1, c.name+": one unusable row")
			err = log.Report.Unusable[0]
		}
		isErr(t, err, c.err, c.name)
		if c.err == ErrNoLocation || c.err == ErrInvalidStatus {
			continue
		}
		pe := asErr[*ParseError](t, err, c.name)
		equal(t, c.line, pe.Line, c.name+": line")
		if c.col > 0 || c.fatal {
			equal(t, c.col, pe.Column, c.name+": column")
		}
		equal(t, c.fatal, pe.Fatal(), c.name+": fatal")
		truth(t, strings.HasPrefix(pe.Error(), "incident: line "), c.name+": message "+pe.Error())
	}
}

// Partial results are kept: a fatal error returns what was read before it; Strict stops at the
// first unusable row and returns it with the incidents read so far.
func TestImportPartialResults(t *testing.T) {
	input := csvOf(
		uciRow("INC1", "New", 0, "29/2/2016 01:23", nil),
		uciRow("INC1", "Active", 1, "29/2/2016 02:00", nil),
		uciRow("INC2", "New", 0, "29/2/2016 03:00", map[string]string{"impact": "9 - Odd"}),
		uciRow("INC3", "New", 0, "29/2/2016 04:00", nil),
		`INC4,"broken`,
	)
	log, err := Import(strings.NewReader(input), ImportOptions{Location: time.UTC})
	isErr(t, err, ErrSyntax)
	equal(t, []string{"INC1", "INC3"}, ids(log))
	equal(t, 4, log.Report.Rows)
	equal(t, 1, len(log.Report.Unusable))

	log, err = Import(strings.NewReader(input), ImportOptions{Location: time.UTC, Strict: true})
	isErr(t, err, ErrOutsideMatrix)
	equal(t, 4, asErr[*ParseError](t, err).Line)
	equal(t, []string{"INC1"}, ids(log))
}

func ids(log Log) []string {
	var out []string
	for _, inc := range log.Incidents {
		out = append(out, inc.ID)
	}
	return out
}

// The reader streams: Next returns rows one by one, recovers after a bad row and keeps
// returning a fatal error.
func TestReaderNext(t *testing.T) {
	rd, err := NewReader(strings.NewReader(csvOf(
		uciRow("INC1", "New", 0, "29/2/2016 01:23", nil),
		uciRow("INC1", "Bogus", 1, "29/2/2016 01:24", nil),
		uciRow("INC1", "Active", 2, "29/2/2016 01:25", nil),
		`"`,
	)), ImportOptions{Location: time.UTC})
	noErr(t, err)
	row, err := rd.Next()
	noErr(t, err)
	equal(t, "INC1", row.ID)
	_, err = rd.Next()
	isErr(t, err, ErrState)
	row, err = rd.Next()
	noErr(t, err)
	equal(t, Status{State: InProgress}, row.Event.Status)
	equal(t, 4, rd.Line())
	_, err = rd.Next()
	isErr(t, err, ErrSyntax)
	_, err2 := rd.Next()
	equal(t, err.Error(), err2.Error(), "sticky")
	_, err = NewReader(strings.NewReader(smallLog), ImportOptions{Location: time.UTC})
	noErr(t, err)
}

func TestParseTime(t *testing.T) {
	for in, want := range map[string]time.Time{
		"29/2/2016 01:16":  time.Date(2016, 2, 29, 1, 16, 0, 0, time.UTC),
		"1/12/2016 9:05":   time.Date(2016, 12, 1, 9, 5, 0, 0, time.UTC),
		"01/02/2017 23:59": time.Date(2017, 2, 1, 23, 59, 0, 0, time.UTC),
	} {
		got, ok := parseTime(in, time.UTC)
		truth(t, ok, in)
		equal(t, want, got, in)
	}
	for _, in := range []string{"", "?", "29/2/2017 01:16", "32/1/2016 00:00", "1/13/2016 00:00", "1/1/2016 24:00", "1/1/2016 00:60", "1/1/2016", "1/1/16 00:00", "1/1/2016 00:00:00", "1//2016 00:00", "12345/1/2016 00:00", "1/1/2016 00:00 "} {
		_, ok := parseTime(in, time.UTC)
		truth(t, !ok, "rejects "+strconvQuote(in))
	}
}

func strconvQuote(s string) string { return strconv.Quote(s) }

// testImporterNeverPanics feeds small mutated exports to the importer: it must return a value or
// a typed error, account for every row, and keep histories in time order.
func testImporterNeverPanics(t *rapid.T) {
	states := []string{"New", "Active", "Awaiting User Info", "Awaiting Vendor", "Resolved", "Closed", "-100", ""}
	times := []string{"29/2/2016 01:23", "29/2/2016 01:00", "1/3/2016 10:00", "30/2/2016 00:00", "x", "?"}
	n := rapid.IntRange(0, 8).Draw(t, "rows")
	rows := make([]string, n)
	for i := range rows {
		rows[i] = uciRow(
			rapid.SampledFrom([]string{"INC1", "INC2", "?"}).Draw(t, "id"),
			rapid.SampledFrom(states).Draw(t, "state"),
			rapid.IntRange(0, 9).Draw(t, "seq"),
			rapid.SampledFrom(times).Draw(t, "time"),
			map[string]string{"impact": rapid.SampledFrom([]string{"1 - High", "3 - Low", "4 - X", "?"}).Draw(t, "impact")},
		)
		if rapid.Bool().Draw(t, "mangle") {
			r := []byte(rows[i])
			j := rapid.IntRange(0, len(r)-1).Draw(t, "at")
			r[j] = rapid.SampledFrom([]byte{',', '"', '\n', 'x', 0}).Draw(t, "byte")
			rows[i] = string(r)
		}
	}
	input := csvOf(rows...)
	if rapid.Bool().Draw(t, "gzip") {
		input = string(gz(t, input))
	}
	log, err := Import(strings.NewReader(input), ImportOptions{Location: time.UTC})
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) || !pe.Fatal() {
			t.Fatalf("untyped or non-fatal error returned: %v", err)
		}
	}
	if got := log.Report.Events + len(log.Report.Unusable); got != log.Report.Rows {
		t.Fatalf("rows %d, events %d + unusable %d", log.Report.Rows, log.Report.Events, len(log.Report.Unusable))
	}
	for _, inc := range log.Incidents {
		for i := 1; i < len(inc.History); i++ {
			if inc.History[i].At.Before(inc.History[i-1].At) {
				t.Fatalf("%s: history out of time order", inc.ID)
			}
		}
	}
}

func TestImporterNeverPanics(t *testing.T) { rapid.Check(t, testImporterNeverPanics) }

func FuzzImporterNeverPanics(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testImporterNeverPanics)) }

// FuzzImport feeds raw bytes (small inputs) to the importer.
func FuzzImport(f *testing.F) {
	f.Add([]byte(smallLog))
	f.Add([]byte(csvOf(uciRow("INC1", "New", 0, "29/2/2016 01:23", nil))))
	f.Add([]byte("number,incident_state\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 1<<14 {
			return
		}
		log, err := Import(bytes.NewReader(data), ImportOptions{Location: time.UTC, MaxLineBytes: 4096})
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("untyped error %v", err)
			}
			if !strings.HasPrefix(err.Error(), "incident: ") {
				t.Fatalf("message without package prefix: %v", err)
			}
		}
		if log.Report.Events+len(log.Report.Unusable) != log.Report.Rows {
			t.Fatalf("rows not accounted for: %+v", log.Report)
		}
		_, _ = io.Discard.Write(nil)
	})
}

// Histories are right across arena chunk boundaries and for incidents whose rows are not
// contiguous in the file.
func TestImportManyIncidents(t *testing.T) {
	var rows []string
	line := 1
	wantLines := map[string][]int{}
	add := func(id, state string, seq int) {
		rows = append(rows, uciRow(id, state, seq, "1/3/2016 10:00", nil))
		line++
		wantLines[id] = append(wantLines[id], line)
	}
	for i := range 1500 {
		id := fmt.Sprintf("INC%05d", i)
		add(id, "New", 0)
		add(id, "Active", 1)
		if i%7 == 0 {
			add("INC99999", "Active", i) // one incident spread over the whole file
		}
		add(id, "Resolved", 2)
	}
	log, err := Import(strings.NewReader(csvOf(rows...)), ImportOptions{Location: time.UTC})
	noErr(t, err)
	equal(t, 1501, len(log.Incidents))
	equal(t, len(rows), log.Report.Events)
	gotLines := map[string][]int{}
	for _, inc := range log.Incidents {
		for _, ev := range inc.History {
			gotLines[inc.ID] = append(gotLines[inc.ID], ev.Line)
		}
		if inc.ID != "INC99999" {
			equal(t, len(inc.History), cap(inc.History), inc.ID+": a window of a chunk is clipped")
		}
	}
	equal(t, wantLines, gotLines)
}
