package incident

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
)

// No data is null in JSON, never 0: an empty share, an empty sample, a percentage of a zero
// target; the same values with data are figures.
func TestNoDataJSONIsNull(t *testing.T) {
	m := Measurement{Definition: "d", Stage: Completed, Target: 0, Business: time.Hour}
	cases := []struct {
		name string
		v    any
		want string
	}{
		{"empty share", Share{}, `{"Hits":0,"Total":0,"Percent":null}`},
		{"share", ratio(1, 4), `{"Hits":1,"Total":4,"Percent":"25"}`},
		{"empty sample", Stats{}, `{"N":0,"Mean":null,"Min":null,"P50":null,"P90":null,"P95":null,"Max":null}`},
		{"sample", Summarize([]time.Duration{time.Second}), `{"N":1,"Mean":1000000000,"Min":1000000000,"P50":1000000000,"P90":1000000000,"P95":1000000000,"Max":1000000000}`},
	}
	for _, c := range cases {
		b, err := json.Marshal(c.v)
		if err != nil {
			t.Fatal(err)
		}
		if diff := cmp.Diff(c.want, string(b)); diff != "" {
			t.Errorf("%s (-want +got):\n%s", c.name, diff)
		}
	}
	b, err := json.Marshal(m)
	if err != nil || !strings.Contains(string(b), `"ActualPercent":null,"BusinessPercent":null`) {
		t.Errorf("zero target: %s %v", b, err)
	}
	if strings.Contains(string(b), "Deadline") {
		t.Errorf("no fixed deadline, yet one in JSON: %s", b)
	}
	m.Deadline = time.Date(2026, 3, 2, 13, 0, 0, 0, time.UTC)
	if b, err = json.Marshal(m); err != nil || !strings.Contains(string(b), `"Deadline":"2026-03-02T13:00:00Z"`) {
		t.Errorf("fixed deadline: %s %v", b, err)
	}
	m.Deadline = time.Time{}
	m.Target = 2 * time.Hour
	m.BusinessPercent = ratio(1, 2).Percent
	b, err = json.Marshal(m)
	if err != nil || !strings.Contains(string(b), `"BusinessPercent":"50"`) {
		t.Errorf("two-hour target: %s %v", b, err)
	}
}

// A timer whose target is no time at all has no percentage: Explain says so instead of 0 %.
func TestExplainZeroTarget(t *testing.T) {
	m := Measurement{Definition: "resolution", Stage: Completed, Breached: true, Business: time.Hour, StartedBy: "start: always"}
	if diff := cmp.Diff("resolution: completed, breached: 1h0m0s business of 0s target (no target time); start: always", m.Explain()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
