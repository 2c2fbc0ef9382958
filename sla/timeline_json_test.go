package sla

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/itsmkit/itsmkit/internal/interval"
)

// json.Marshal of a Timeline used to give {} (its fields are unexported): a researcher saving
// a timeline lost every status silently, and decoding gave an empty timeline. It now writes
// its window and segments and reads them back through TimelineFromIntervals.
func TestTimelineJSONRoundTrip(t *testing.T) {
	w := iv(utc(2024, 1, 1, 0, 0), utc(2024, 1, 2, 0, 0))
	tl, err := TimelineFromOutages(w, []interval.Interval{iv(utc(2024, 1, 1, 1, 0), utc(2024, 1, 1, 2, 0))},
		WithMaintenance(iv(utc(2024, 1, 1, 1, 30), utc(2024, 1, 1, 3, 0))),
		WithIntervals(StatusInterval{iv(utc(2024, 1, 1, 5, 0), utc(2024, 1, 1, 6, 0)), Degraded}))
	if err != nil {
		t.Fatal(err)
	}
	b, err := json.Marshal(tl)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), `"status":"maintenance"`) {
		t.Fatalf("statuses missing: %s", b)
	}
	var back Timeline
	if err := json.Unmarshal(b, &back); err != nil || !back.Equal(tl) {
		t.Fatalf("round trip: %v\n%s", err, b)
	}
	// The zero timeline round-trips too.
	b, _ = json.Marshal(Timeline{})
	if err := json.Unmarshal(b, &back); err != nil || !back.Equal(Timeline{}) {
		t.Fatalf("zero timeline: %v %s", err, b)
	}
	// Segments that do not tile the window are refused with a typed error.
	for _, bad := range []string{
		`{"window":{"Start":"2024-01-01T00:00:00Z","End":"2024-01-01T02:00:00Z"},"segments":[{"Start":"2024-01-01T00:00:00Z","End":"2024-01-01T01:00:00Z","status":"up"}]}`,
		`{"window":{"Start":"2024-01-01T00:00:00Z","End":"2024-01-01T01:00:00Z"},"segments":[{"Start":"2024-01-01T00:00:00Z","End":"2024-01-01T01:00:00Z","status":"up"},{"Start":"2024-01-01T00:30:00Z","End":"2024-01-01T01:00:00Z","status":"down"}]}`,
		`{"window":{"Start":"2024-01-01T02:00:00Z","End":"2024-01-01T01:00:00Z"},"segments":[]}`,
		`{"window":{"Start":"2024-01-01T00:00:00Z","End":"2024-01-01T01:00:00Z"},"segments":[{"Start":"2024-01-01T00:00:00Z","End":"2024-01-01T01:00:00Z","status":"sideways"}]}`,
	} {
		if err := json.Unmarshal([]byte(bad), &back); !errors.Is(err, ErrBadInterval) && !errors.Is(err, ErrBadStatus) {
			t.Errorf("%s: want ErrBadInterval or ErrBadStatus, got %v", bad, err)
		}
	}
}

// FuzzTimelineJSON: decoding never panics; a decoded timeline encodes to JSON that decodes to
// an equal timeline.
func FuzzTimelineJSON(f *testing.F) {
	w := iv(utc(2024, 1, 1, 0, 0), utc(2024, 1, 1, 3, 0))
	tl, _ := TimelineFromOutages(w, []interval.Interval{iv(utc(2024, 1, 1, 1, 0), utc(2024, 1, 1, 2, 0))})
	seed, _ := json.Marshal(tl)
	f.Add(seed)
	f.Add([]byte(`{"window":{"Start":"2024-01-01T00:00:00Z","End":"2024-01-01T00:00:00Z"},"segments":[]}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var got Timeline
		if err := json.Unmarshal(b, &got); err != nil {
			return
		}
		again, err := json.Marshal(got)
		if err != nil {
			t.Fatal(err)
		}
		var back Timeline
		if err := json.Unmarshal(again, &back); err != nil || !back.Equal(got) {
			t.Fatalf("%s → %s: %v", b, again, err)
		}
	})
}
