package incident

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// MaxLineBytes bounds a record, not just a physical line: a quoted field of many short lines
// must not grow without bound (decoders bound what they allocate). The error names the line
// where the record began.
func TestImportRecordBound(t *testing.T) {
	r1 := uciRow("INC1", "New", 0, "1/1/2016 10:00", nil)
	long := uciRow("INC1", "Active", 1, "1/1/2016 11:00", map[string]string{"category": `"` + strings.Repeat("a\n", 40000) + `"`})
	log, err := Import(strings.NewReader(csvOf(r1, long)), ImportOptions{Location: time.UTC})
	pe := asErr[*ParseError](t, err, "80 kB record of 2-byte lines")
	isErr(t, pe, ErrLineTooLong)
	equal(t, 3, pe.Line, "the record starts on line 3")
	equal(t, 1, len(log.Incidents), "partial results kept")

	// Under the bound, quoted newlines and doubled quotes are ordinary data.
	short := uciRow("INC1", "Active", 1, "1/1/2016 11:00", map[string]string{"category": `"a ""b""` + strings.Repeat("\nc", 100) + `"`})
	r3 := uciRow("INC1", "Resolved", 2, "1/1/2016 12:00", map[string]string{"impact": "7 - X"})
	log, err = Import(strings.NewReader(csvOf(r1, short, r3)), ImportOptions{Location: time.UTC, MaxLineBytes: 4096})
	noErr(t, err)
	equal(t, `a "b"`+strings.Repeat("\nc", 100), log.Incidents[0].History[1].Category)
	equal(t, 104, log.Report.Unusable[0].Line, "line numbers count the newlines inside quotes")
}

// Wall times in a DST gap or overlap resolve like java.time and Temporal's "compatible" mode
// (time.Date leaves the choice open and in practice moves a gap reading back an hour): a skipped
// reading is read with the offset before the jump, a repeated one is its first occurrence.
func TestParseTimeDST(t *testing.T) {
	load := func(name string) *time.Location {
		loc, err := time.LoadLocation(name)
		noErr(t, err, name)
		return loc
	}
	sp, ny, lh := load("America/Sao_Paulo"), load("America/New_York"), load("Australia/Lord_Howe")
	cases := []struct {
		in   string
		loc  *time.Location
		want time.Time // in UTC
	}{
		// São Paulo sprang forward at 2016-10-16 00:00 (−03 → −02): 00:30 does not exist.
		{"16/10/2016 00:30", sp, time.Date(2016, 10, 16, 3, 30, 0, 0, time.UTC)},
		{"15/10/2016 23:59", sp, time.Date(2016, 10, 16, 2, 59, 0, 0, time.UTC)},
		{"16/10/2016 01:00", sp, time.Date(2016, 10, 16, 3, 0, 0, 0, time.UTC)},
		// It fell back at 2017-02-19 00:00 (−02 → −03): 18/2 23:30 happens twice.
		{"18/2/2017 23:30", sp, time.Date(2017, 2, 19, 1, 30, 0, 0, time.UTC)},
		{"19/2/2017 00:30", sp, time.Date(2017, 2, 19, 3, 30, 0, 0, time.UTC)},
		// New York: 2024-03-10 02:30 is skipped; 2024-11-03 01:30 repeats.
		{"10/3/2024 02:30", ny, time.Date(2024, 3, 10, 7, 30, 0, 0, time.UTC)},
		{"3/11/2024 01:30", ny, time.Date(2024, 11, 3, 5, 30, 0, 0, time.UTC)},
		// Lord Howe shifts by 30 minutes: 2024-10-06 02:00 → 02:30 (+10:30 → +11).
		{"6/10/2024 02:15", lh, time.Date(2024, 10, 5, 15, 45, 0, 0, time.UTC)}, // 02:45 +11
		// and 2024-04-07 02:00 → 01:30 (+11 → +10:30): 01:45 repeats.
		{"7/4/2024 01:45", lh, time.Date(2024, 4, 6, 14, 45, 0, 0, time.UTC)},
	}
	for _, c := range cases {
		got, ok := parseTime(c.in, c.loc)
		truth(t, ok, c.in)
		equal(t, c.want, got.UTC(), c.in+" "+c.loc.String())
	}
}

// An event dated before its incident's opened_at is reported, located by line, and kept as dated.
func TestImportBeforeOpened(t *testing.T) {
	log, err := Import(strings.NewReader(csvOf(
		uciRow("INC1", "New", 0, "29/2/2016 01:00", map[string]string{"opened_at": "29/2/2016 01:16"}),
		uciRow("INC1", "Active", 1, "29/2/2016 02:00", map[string]string{"opened_at": "29/2/2016 01:16"}),
	)), ImportOptions{Location: time.UTC})
	noErr(t, err)
	equal(t, []Anomaly{{Kind: BeforeOpened, Line: 2, ID: "INC1", At: time.Date(2016, 2, 29, 1, 0, 0, 0, time.UTC), Prev: time.Date(2016, 2, 29, 1, 16, 0, 0, time.UTC)}}, log.Report.Anomalies)
	equal(t, time.Date(2016, 2, 29, 1, 0, 0, 0, time.UTC), log.Incidents[0].History[0].At)
}

// cutReader yields data, then fails as a gzip stream cut short does.
type cutReader struct{ data []byte }

func (c *cutReader) Read(p []byte) (int, error) {
	if len(c.data) == 0 {
		return 0, io.ErrUnexpectedEOF
	}
	n := copy(p, c.data)
	c.data = c.data[n:]
	return n, nil
}

// An input that fails part-way (a gzip stream cut short, a read error) is ErrSyntax on the line
// where the unfinished record begins: line 1 when the header itself is cut (it used to say line
// 2), and the line after the last complete record even when that record's quoted field spans
// several lines (it used to count from that record's first line).
func TestImportCutLine(t *testing.T) {
	zipped := gz(t, csvOf(uciRow("INC1", "New", 0, "29/2/2016 01:23", nil)))
	for _, n := range []int{12, 30, 60} { // inside the compressed header
		_, err := Import(bytes.NewReader(zipped[:n]), ImportOptions{Location: time.UTC})
		pe := asErr[*ParseError](t, err, n)
		isErr(t, pe, ErrSyntax, n)
		equal(t, 1, pe.Line, "gzip cut after ", n, " bytes: ", err)
		equal(t, "incident: line 1: malformed CSV: unexpected EOF", err.Error())
	}
	_, err := NewReader(&cutReader{[]byte(uciHeader[:40])}, ImportOptions{Location: time.UTC})
	equal(t, 1, asErr[*ParseError](t, err).Line, "plain header cut")

	r1 := uciRow("INC1", "New", 0, "1/1/2016 10:00", nil)
	multi := uciRow("INC1", "Active", 1, "1/1/2016 11:00", map[string]string{"category": "\"a\nb\r\nc\""}) // lines 3–5
	in := csvOf(r1, multi) + "INC1,Act"
	log, err := Import(&cutReader{[]byte(in)}, ImportOptions{Location: time.UTC})
	pe := asErr[*ParseError](t, err)
	isErr(t, pe, ErrSyntax)
	equal(t, 6, pe.Line, "the cut record begins after the three-line one")
	equal(t, 2, len(log.Incidents[0].History), "rows before the cut kept")
	_, err = Import(&cutReader{[]byte(csvOf(r1) + "INC1,Act")}, ImportOptions{Location: time.UTC})
	equal(t, 3, asErr[*ParseError](t, err).Line)
}
