package pdca

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

var cmpCycle = cmp.AllowUnexported(Cycle{}, Value{})

func TestCycleJSONRoundTrip(t *testing.T) {
	c := mustRun(t, fullCycleEvents()...)
	b, err := json.Marshal(c)
	noErr(t, err)
	truth(t, strings.HasPrefix(string(b), `{"format":"itsmkit.pdca.cycle/v1","events":[{"kind":"opened"`))
	var d Cycle
	noErr(t, json.Unmarshal(b, &d))
	if diff := cmp.Diff(c, d, cmpCycle); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
	// Non-decimal exact values survive as fractions.
	v := mustRun(t, opened("F"), SetObjective(h(1), Objective{Metric: "m", Unit: "u", Direction: HigherIsBetter,
		Baseline: MustParseValue("1/3"), Target: MustParseValue("2/3"), Deadline: h(2)}))
	b, err = json.Marshal(v)
	noErr(t, err)
	truth(t, strings.Contains(string(b), `"baseline":"1/3"`))
	d, err = DecodeCycle(b)
	noErr(t, err)
	eq(t, "2/3", d.Objectives()[0].Target.String())
	_, err = json.Marshal(Cycle{})
	isErr(t, err, ErrFirstEvent)
}

func TestDecodeCycleErrors(t *testing.T) {
	good, err := json.Marshal(mustRun(t, fullCycleEvents()...))
	noErr(t, err)
	cases := []struct {
		name string
		doc  string
		path string
		is   error
	}{
		{"not JSON", `{`, "", nil},
		{"wrong format", `{"format":"itsmkit.pdca.cycle/v9","events":[]}`, "format", nil},
		{"no events", `{"format":"itsmkit.pdca.cycle/v1","events":[]}`, "events", ErrFirstEvent},
		{"unknown field", `{"format":"itsmkit.pdca.cycle/v1","events":[],"x":1}`, "x", nil},
		{"format not first", `{"events":[],"format":"itsmkit.pdca.cycle/v1"}`, "events", nil},
		{"events twice", `{"format":"itsmkit.pdca.cycle/v1","events":[],"events":[]}`, "events", nil},
		{"events missing", `{"format":"itsmkit.pdca.cycle/v1"}`, "events", nil},
		{"events not an array", `{"format":"itsmkit.pdca.cycle/v1","events":{}}`, "events", nil},
		{"not an object", `[]`, "", nil},
		{"trailing data", string(good) + `{}`, "", nil},
		{"bad enum in event", `{"format":"itsmkit.pdca.cycle/v1","events":[{"kind":"jump","at":"2026-01-05T08:00:00Z"}]}`, "events[0]", nil},
		{"unknown field in event", `{"format":"itsmkit.pdca.cycle/v1","events":[{"kind":"opened","at":"2026-01-05T08:00:00Z","color":1}]}`, "events[0]", nil},
		{"unknown process", `{"format":"itsmkit.pdca.cycle/v1","events":[{"kind":"opened","at":"2026-01-05T08:00:00Z","opening":{"id":"C","subject":{"kind":"process","process":"2018/8.9"}}}]}`, "events[0]", itsm.ErrUnknownProcess},
		{"rule broken", strings.Replace(string(good), `"kind":"approved"`, `"kind":"advanced"`, 1), "events[6]", ErrPlanIncomplete},
		{"bad value", strings.Replace(string(good), `"99.93"`, `"1e400"`, 1), "events[10]", ErrValue},
		{"opening on an advanced event", strings.Replace(string(good), `{"kind":"advanced","at":"2026-01-05T11:00:00Z"}`, `{"kind":"advanced","at":"2026-01-05T11:00:00Z","opening":{"id":"X"}}`, 1), "events[7].opening", ErrUnusedField},
		{"text on a completed action", strings.Replace(string(good), `"actionID":"A1"}`, `"actionID":"A1","text":"x"}`, 1), "events[8].text", ErrUnusedField},
		{"metric beside a measurement", strings.Replace(string(good), `{"kind":"measured",`, `{"kind":"measured","metric":"mttr",`, 1), "events[10].metric", ErrUnusedField},
		{"status on a planned action", strings.Replace(string(good), `"due":"2026-01-07T08:00:00Z"}`, `"due":"2026-01-07T08:00:00Z","status":"done"}`, 1), "events[4].action.status", ErrUnusedField},
		{"measurement on an approval", strings.Replace(string(good), `"actor":"cab"}`, `"actor":"cab","measurement":{"metric":"m"}}`, 1), "events[6].measurement", ErrUnusedField},
		{"too large", `{"format":"itsmkit.pdca.cycle/v1","events":[` + strings.Repeat(" ", MaxDocumentBytes) + `]}`, "", ErrLimit},
		{"too many events", tooManyEvents(t), "events", ErrLimit},
	}
	for _, tc := range cases {
		_, err := DecodeCycle([]byte(tc.doc))
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("%s: got %v, want *DecodeError", tc.name, err)
			continue
		}
		if de.Path != tc.path {
			t.Errorf("%s: path %q, want %q (%v)", tc.name, de.Path, tc.path, err)
		}
		if tc.is != nil && !errors.Is(err, tc.is) {
			t.Errorf("%s: %v does not wrap %v", tc.name, err, tc.is)
		}
		if !strings.HasPrefix(err.Error(), "pdca: ") {
			t.Errorf("%s: message not prefixed: %v", tc.name, err)
		}
	}
}

// A field an event's kind does not use would be dropped by Apply; decoding refuses it with its
// path instead of losing it silently. The same field with its zero value carries nothing and is
// accepted.
func TestDecodeUnusedField(t *testing.T) {
	good, err := json.Marshal(mustRun(t, fullCycleEvents()...))
	noErr(t, err)
	doc := strings.Replace(string(good), `{"kind":"advanced","at":"2026-01-05T11:00:00Z"}`, `{"kind":"advanced","at":"2026-01-05T11:00:00Z","opening":{"id":"X"}}`, 1)
	_, err = DecodeCycle([]byte(doc))
	isErr(t, err, ErrUnusedField)
	eq(t, `pdca: decode events[7].opening: field not used by this kind of event (advanced)`, err.Error())

	zero := strings.Replace(string(good), `{"kind":"advanced","at":"2026-01-05T11:00:00Z"}`, `{"kind":"advanced","at":"2026-01-05T11:00:00Z","text":"","metric":""}`, 1)
	c, err := DecodeCycle([]byte(zero))
	noErr(t, err)
	eq(t, len(fullCycleEvents()), len(c.Events()))
}

// tooManyEvents is a valid cycle of MaxEvents+1 events: opened, then the same objective again
// and again.
func tooManyEvents(t *testing.T) string {
	var b strings.Builder
	b.WriteString(`{"format":"itsmkit.pdca.cycle/v1","events":[`)
	first, err := json.Marshal(opened("L"))
	noErr(t, err)
	b.Write(first)
	set, err := json.Marshal(SetObjective(h(1), mttr("45", "30")))
	noErr(t, err)
	for range MaxEvents {
		b.WriteByte(',')
		b.Write(set)
	}
	b.WriteString("]}")
	// One event fewer decodes.
	ok := strings.Replace(b.String(), ","+string(set), "", 1)
	c, err := DecodeCycle([]byte(ok))
	noErr(t, err)
	eq(t, MaxEvents, len(c.Events()))
	return b.String()
}

// FuzzDecodeCycle: any input either decodes to a cycle that re-encodes to a fixed point, or
// gives a *DecodeError; never a panic.
func FuzzDecodeCycle(f *testing.F) {
	for _, events := range [][]Event{fullCycleEvents(), planEvents(), {opened("x")}} {
		b, err := json.Marshal(mustRun(f, events...))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"format":"itsmkit.pdca.cycle/v1","events":[{"kind":"opened","at":"2026-01-05T08:00:00Z","opening":{"id":"C","subject":{"kind":"system"}}}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, err := DecodeCycle(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("not a *DecodeError: %v", err)
			}
			return
		}
		b, err := json.Marshal(c)
		if err != nil {
			t.Fatalf("decoded cycle does not encode: %v", err)
		}
		d, err := DecodeCycle(b)
		if err != nil {
			t.Fatalf("re-decode: %v\n%s", err, b)
		}
		if diff := cmp.Diff(c, d, cmpCycle); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s", diff)
		}
	})
}

func item(id string, p Priority, due time.Time) Item {
	return Item{ID: id, Source: SourceIncidentReview, Subject: Subject{Kind: SubjectProcess, Process: itsm.IncidentManagement2018},
		Description: "improve " + id, Justification: "recurring incidents", Size: SizeSmall, Priority: p,
		KPI: "MTTR", Owner: "ops", Raised: t0, Due: due}
}

func TestRegisterLifecycle(t *testing.T) {
	var r Register
	var err error
	for _, it := range []Item{item("I1", PriorityLow, h(10)), item("I2", PriorityHigh, time.Time{}), item("I3", PriorityHigh, h(50)), item("I4", PriorityHigh, h(20))} {
		r, err = r.Add(it)
		noErr(t, err)
	}
	var order []string
	for _, it := range r.Prioritised() {
		order = append(order, it.ID)
	}
	// High first, earliest due first, no due date last; then low.
	eq(t, []string{"I4", "I3", "I2", "I1"}, order)

	r2, c, err := r.Approve("I4", "C4", "cab", h(1))
	noErr(t, err)
	it, _ := r.Item("I4")
	eq(t, ItemProposed, it.Status) // the receiver is unchanged
	it, _ = r2.Item("I4")
	eq(t, ItemApproved, it.Status)
	eq(t, "C4", it.Cycle)
	eq(t, "I4", c.Item())
	eq(t, Plan, c.Phase())

	_, _, err = r2.Approve("I4", "C5", "cab", h(1))
	isErr(t, err, ErrItem)
	_, _, err = r2.Approve("nope", "C5", "cab", h(1))
	isErr(t, err, ErrItem)
	_, _, err = r2.Approve("I3", "C5", "", h(1))
	isErr(t, err, ErrItem)
	_, _, err = r2.Approve("I3", "C5", "cab", t0.Add(-time.Hour))
	isErr(t, err, ErrItem)
	_, _, err = r2.Approve("I3", "", "cab", h(1))
	isErr(t, err, ErrInvalidEvent)

	r3, err := r2.Reject("I1", "cab", "not worth it", h(2))
	noErr(t, err)
	_, err = r3.Reject("I1", "cab", "again", h(2))
	isErr(t, err, ErrItem)
	_, err = r3.Reject("I2", "cab", "", h(2))
	isErr(t, err, ErrItem)

	_, err = r3.Complete("I4", c)
	isErr(t, err, ErrItem) // cycle still running
	c, err = c.Apply(AbandonCycle(h(3), "superseded"))
	noErr(t, err)
	_, err = r3.Complete("I4", mustRun(t, opened("other")))
	isErr(t, err, ErrItem)
	r4, err := r3.Complete("I4", c)
	noErr(t, err)
	it, _ = r4.Item("I4")
	eq(t, ItemCompleted, it.Status)
	eq(t, Abandoned, it.Outcome)
	eq(t, "abandoned: superseded", it.Note)

	var overdue []string
	for _, it := range r4.OverdueItems(h(20)) {
		overdue = append(overdue, it.ID)
	}
	eq(t, []string(nil), overdue) // I1 rejected, I4 completed, I3 due later, I2 no due date
	for _, it := range r2.OverdueItems(h(21)) {
		overdue = append(overdue, it.ID)
	}
	eq(t, []string{"I1", "I4"}, overdue)
	eq(t, 4, r4.Len())

	// JSON round trip.
	b, err := json.Marshal(r4)
	noErr(t, err)
	var back Register
	noErr(t, json.Unmarshal(b, &back))
	if diff := cmp.Diff(r4, back, cmp.AllowUnexported(Register{})); diff != "" {
		t.Errorf("register round trip (-want +got):\n%s", diff)
	}
	b, err = json.Marshal(Register{})
	noErr(t, err)
	eq(t, `{"format":"itsmkit.pdca.register/v1","items":[]}`, string(b))
}

func TestRegisterBadItems(t *testing.T) {
	bad := []func(*Item){
		func(it *Item) { it.ID = "" },
		func(it *Item) { it.Source = 0 },
		func(it *Item) { it.Description = "" },
		func(it *Item) { it.Justification = "" },
		func(it *Item) { it.Size = 9 },
		func(it *Item) { it.Priority = 0 },
		func(it *Item) { it.KPI = "" },
		func(it *Item) { it.Owner = "" },
		func(it *Item) { it.Raised = time.Time{} },
		func(it *Item) { it.Subject = Subject{Kind: SubjectProcess, Process: "2005/4.1"} },
		func(it *Item) { it.Status = ItemApproved }, // Add takes proposed items only
	}
	for i, mutate := range bad {
		it := item("X", PriorityLow, time.Time{})
		mutate(&it)
		_, err := Register{}.Add(it)
		var ie *ItemError
		if !errors.As(err, &ie) || !errors.Is(err, ErrItem) || !strings.HasPrefix(err.Error(), "pdca: register:") {
			t.Errorf("case %d: got %v, want *ItemError", i, err)
		}
	}
	r, err := Register{}.Add(item("X", PriorityLow, time.Time{}))
	noErr(t, err)
	_, err = r.Add(item("X", PriorityLow, time.Time{}))
	isErr(t, err, ErrItem)
	_, err = NewRegister(item("X", PriorityLow, time.Time{}), item("X", PriorityLow, time.Time{}))
	isErr(t, err, ErrItem)
	approved := item("Y", PriorityLow, time.Time{})
	approved.Status = ItemApproved
	_, err = NewRegister(approved)
	isErr(t, err, ErrItem) // approved without a cycle
	_, err = Register{}.Add(Item{ID: "Z", Source: SourceAudit, Subject: Subject{Kind: SubjectProcess, Process: "2018/1"},
		Description: "d", Justification: "j", Size: SizeSmall, Priority: PriorityLow, KPI: "k", Owner: "o", Raised: t0})
	isErr(t, err, ErrUnknownProcess)
}

func FuzzDecodeRegister(f *testing.F) {
	r, _ := NewRegister(item("I1", PriorityHigh, h(5)), item("I2", PriorityLow, time.Time{}))
	b, _ := json.Marshal(r)
	f.Add(b)
	f.Add([]byte(`{"format":"itsmkit.pdca.register/v1","items":[]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		r, err := DecodeRegister(data)
		if err != nil {
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("not a *DecodeError: %v", err)
			}
			return
		}
		b, err := json.Marshal(r)
		if err != nil {
			t.Fatalf("decoded register does not encode: %v", err)
		}
		if _, err := DecodeRegister(b); err != nil {
			t.Fatalf("re-decode: %v", err)
		}
	})
}
