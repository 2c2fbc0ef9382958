package pdca

import (
	"encoding/json"
	"strconv"
	"testing"
	"time"
)

// longCycleEvents is a cycle with 100 planned actions and 2,000 measurements (a year of
// measurements every ~4 hours on two metrics), run to Closed: 2,211 events.
func longCycleEvents() []Event {
	ev := []Event{opened("L"), SetObjective(h(1), availability("99.5", "99.9")), SetObjective(h(1), mttr("45", "30")),
		SetMeasurementPlan(h(1), "every 4 hours")}
	for i := range 100 {
		ev = append(ev, PlanAction(h(1), Action{ID: "A" + strconv.Itoa(i), Description: "step", Due: h(100 + i)}))
	}
	ev = append(ev, Approve(h(2), "cab"), Advance(h(3)))
	for i := range 100 {
		ev = append(ev, CompleteAction(h(4+i), "A"+strconv.Itoa(i)))
	}
	for i := range 1000 {
		at := h(104 + 4*i)
		ev = append(ev,
			Measure(Measurement{Metric: "availability", Value: MustParseValue("99.9" + strconv.Itoa(i%10)), Unit: "%", At: at}),
			Measure(Measurement{Metric: "mttr", Value: IntValue(int64(20 + i%20)), Unit: "min", At: at}))
	}
	end := h(104 + 4*1000)
	return append(ev, Advance(end), Advance(end), Decide(end, Adopt, "done"),
		PlanAction(end, Action{ID: "F", Description: "follow up"}), Advance(end))
}

func BenchmarkReplay(b *testing.B) {
	events := longCycleEvents()
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Replay(events); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkReplayFloor is the least any replay does over the same events: walk them once,
// check their order in time, and keep a copy.
func BenchmarkReplayFloor(b *testing.B) {
	events := longCycleEvents()
	b.ReportAllocs()
	for b.Loop() {
		kept := make([]Event, 0, 16)
		last := time.Time{}
		for _, e := range events {
			if e.At.Before(last) {
				b.Fatal("unordered")
			}
			last = e.At
			kept = append(kept, e)
		}
		if len(kept) != len(events) {
			b.Fatal(len(kept))
		}
	}
}

func BenchmarkDecodeCycle(b *testing.B) {
	data, err := json.Marshal(mustRun(b, longCycleEvents()...))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeCycle(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeCycleFloor decodes the same document with plain encoding/json into the same
// event structs, with no limits, no path tracking and no replay.
func BenchmarkDecodeCycleFloor(b *testing.B) {
	data, err := json.Marshal(mustRun(b, longCycleEvents()...))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		var doc struct {
			Format string  `json:"format"`
			Events []Event `json:"events"`
		}
		if err := json.Unmarshal(data, &doc); err != nil {
			b.Fatal(err)
		}
	}
}

func TestLongCycleCloses(t *testing.T) {
	c := mustRun(t, longCycleEvents()...)
	eq(t, Closed, c.Phase())
	eq(t, 2211, len(c.Events()))
	// The latest measurements (i = 999): availability 99.99 %, MTTR 39 min, missed.
	r := c.Results()
	eq(t, "99.99", r[0].Measurement.Value.String())
	eq(t, true, r[0].Achieved)
	eq(t, "39", r[1].Measurement.Value.String())
	eq(t, false, r[1].Achieved)
}
