package incident_test

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/incident"
	"github.com/itsmkit/itsmkit/sla"
)

func Example_lifecycle() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	inc, _ := incident.Open("INC42", at, "desk", incident.Fields{Impact: 2, Urgency: 1, Priority: 2})
	inc, _ = inc.Start(at.Add(10*time.Minute), "ana")
	inc, _ = inc.Hold(at.Add(time.Hour), "ana", incident.AwaitingCaller)
	inc, _ = inc.Reply(at.Add(2*time.Hour), "caller") // back to In Progress
	inc, _ = inc.Resolve(at.Add(3*time.Hour), "ana", "config fixed")
	inc, _ = inc.Reopen(at.Add(4*time.Hour), "caller")
	inc, _ = inc.Resolve(at.Add(5*time.Hour), "ana", "config fixed again")
	inc, _ = inc.Close(at.Add(48*time.Hour), "system")
	_, err := inc.Reopen(at.Add(49*time.Hour), "caller")
	fmt.Println(inc.Status, "reopens:", inc.Reopens, "events:", len(inc.History))
	fmt.Println(err)
	// Output:
	// Closed reopens: 1 events: 8
	// incident: INC42: reopen: Closed → In Progress is not allowed (Closed is terminal)
}

func ExampleMatrix_Priority() {
	m := incident.DefaultMatrix()
	p, _ := m.Priority(2, 1)
	fmt.Println(p)
	_, err := m.Priority(4, 1)
	fmt.Println(err)
	// Output:
	// 2
	// incident: impact/urgency outside the priority matrix: impact 4, urgency 1 in a 3×3 matrix
}

func ExampleInferMatrix() {
	seen := []incident.Observation{
		{Impact: 1, Urgency: 1, Priority: 1}, {Impact: 2, Urgency: 2, Priority: 3},
		{Impact: 3, Urgency: 3, Priority: 4}, {Impact: 3, Urgency: 3, Priority: 4},
	}
	inf := incident.InferMatrix(slices.Values(seen))
	fmt.Println(inf.Matrix)
	for _, d := range incident.DefaultMatrix().Disagreements(slices.Values(seen)) {
		fmt.Printf("impact %v urgency %v: log says %v, matrix says %v\n", d.Impact, d.Urgency, d.Priority, d.Want)
	}
	// Output:
	// 1 - - / - 3 - / - - 4
	// impact 3 urgency 3: log says 4, matrix says 5
	// impact 3 urgency 3: log says 4, matrix says 5
}

// Reference case S4: weekdays 08:00–17:00, opened Friday 21:00, measured Monday 09:30 against
// an 8-hour target.
func ExampleEvaluate() {
	var spec sla.CalendarSpec
	for wd := time.Monday; wd <= time.Friday; wd++ {
		spec.Week[wd] = []sla.Slot{{Start: sla.Clock(8, 0), End: sla.Clock(17, 0)}}
	}
	cal, _ := sla.NewCalendar(time.UTC, spec)
	def := incident.Definition{
		Name:     "resolution",
		Start:    incident.Always(),
		Pause:    incident.OnHoldFor(incident.AwaitingCaller),
		Stop:     incident.InState(incident.Resolved),
		Targets:  []incident.Target{{Duration: 8 * time.Hour}},
		Calendar: cal,
	}
	opened := time.Date(2014, 12, 12, 21, 0, 0, 0, time.UTC)
	inc, _ := incident.Open("INC1", opened, "desk", incident.Fields{Priority: 3})
	m, _ := incident.Evaluate(def, inc, time.Date(2014, 12, 15, 9, 30, 0, 0, time.UTC))
	fmt.Println(m.Stage, m.Business, m.BusinessPercent.FloorString(2)+"%", m.Actual, m.ActualPercent.FloorString(2)+"%")
	fmt.Println("breach at", m.BreachAt.Format("Mon 15:04"), "breached:", m.Breached)
	// Output:
	// in progress 1h30m0s 18.75% 60h30m0s 756.25%
	// breach at Mon 16:00 breached: false
}

func ExampleImport() {
	const export = `number,incident_state,sys_updated_at,opened_at,impact,urgency,priority,sys_mod_count
INC1,New,29/2/2016 01:23,29/2/2016 01:16,2 - Medium,2 - Medium,3 - Moderate,0
INC1,Active,29/2/2016 02:00,29/2/2016 01:16,2 - Medium,2 - Medium,3 - Moderate,1
INC1,-100,29/2/2016 02:10,29/2/2016 01:16,2 - Medium,2 - Medium,3 - Moderate,2
INC1,Resolved,29/2/2016 01:50,29/2/2016 01:16,2 - Medium,2 - Medium,3 - Moderate,3
INC1,Closed,5/3/2016 12:00,29/2/2016 01:16,2 - Medium,2 - Medium,3 - Moderate,4
INC1,Active,6/3/2016 09:00,29/2/2016 01:16,2 - Medium,2 - Medium,3 - Moderate,5
`
	log, err := incident.Import(strings.NewReader(export), incident.ImportOptions{Location: time.UTC})
	fmt.Println(len(log.Incidents), "incident,", log.Report.Events, "events, error:", err)
	for _, u := range log.Report.Unusable {
		fmt.Println(u)
	}
	for _, a := range log.Report.Anomalies {
		fmt.Println(a)
	}
	// Output:
	// 1 incident, 5 events, error: <nil>
	// incident: line 4, column 2 (incident_state): unknown state: "-100"
	// line 5: INC1: earlier time at 2016-02-29 01:50, after a row at 2016-02-29 02:00
	// line 7: INC1: event after terminal state Closed → In Progress
}

func ExampleMTTR() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	var incs []incident.Incident
	for i, hours := range []int{1, 2, 3, 10} {
		inc, _ := incident.Open(fmt.Sprint("INC", i), at, "desk", incident.Fields{Priority: 3})
		inc, _ = inc.Resolve(at.Add(time.Duration(hours)*time.Hour), "ana", "done")
		incs = append(incs, inc)
	}
	for _, g := range incident.MTTR(incs, incident.ByPriority) {
		fmt.Printf("P%s: n=%d mean %v median %v p90 %v\n", g.Key, g.Stats.N, g.Stats.Mean, g.Stats.P50, g.Stats.P90)
	}
	// Output:
	// P3: n=4 mean 4h0m0s median 2h0m0s p90 10h0m0s
}

func ExampleBacklog() {
	at := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	a, _ := incident.Open("A", at, "desk", incident.Fields{})
	a, _ = a.Resolve(at.Add(36*time.Hour), "x", "done")
	b, _ := incident.Open("B", at.Add(12*time.Hour), "desk", incident.Fields{})
	points, err := incident.Backlog([]incident.Incident{a, b}, at, at.Add(72*time.Hour), 24*time.Hour)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, p := range points {
		fmt.Println(p.At.Format("Jan 2"), p.Open)
	}
	// Output:
	// Mar 2 1
	// Mar 3 2
	// Mar 4 1
}

func ExampleNewReader() {
	const export = `number,incident_state,sys_updated_at,opened_at,impact,urgency,priority
INC7,Awaiting User Info,1/3/2016 09:14,29/2/2016 04:40,2 - Medium,2 - Medium,3 - Moderate
INC7,Resolved,31/2/2016 09:52,29/2/2016 04:40,2 - Medium,2 - Medium,3 - Moderate
`
	rd, _ := incident.NewReader(strings.NewReader(export), incident.ImportOptions{Location: time.UTC})
	for {
		row, err := rd.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(row.ID, row.Event.Status, row.Event.At.Format(time.DateTime))
	}
	// Output:
	// INC7 On Hold (Awaiting Caller) 2016-03-01 09:14:00
	// incident: line 3, column 3 (sys_updated_at): unparseable time: "31/2/2016 09:52"
}

// A deadline agreed by hand stays put while the incident waits for a vendor; a duration target
// would have moved by the two hours of the pause.
func ExampleTimer_WithDeadline() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	inc, _ := incident.Open("INC9", at, "desk", incident.Fields{Priority: 2})
	inc, _ = inc.Hold(at.Add(time.Hour), "ana", incident.AwaitingVendor)
	inc, _ = inc.Resume(at.Add(3*time.Hour), "ana")
	def := incident.Definition{
		Name: "resolution", Start: incident.Always(), Pause: incident.OnHoldFor(),
		Stop: incident.InState(incident.Resolved), Targets: []incident.Target{{Duration: 4 * time.Hour}},
	}
	byDuration := incident.NewTimer(def, inc.Opened)
	byDeadline := incident.NewTimer(def, inc.Opened).WithDeadline(at.Add(4 * time.Hour))
	for _, ev := range inc.History {
		byDuration, _ = byDuration.Observe(ev)
		byDeadline, _ = byDeadline.Observe(ev)
	}
	asOf := at.Add(5 * time.Hour)
	m1, _ := byDuration.Measure(asOf)
	m2, _ := byDeadline.Measure(asOf)
	fmt.Println("duration target: breach at", m1.BreachAt.Format("15:04"), "breached:", m1.Breached)
	fmt.Println("fixed deadline:  breach at", m2.BreachAt.Format("15:04"), "breached:", m2.Breached)
	// Output:
	// duration target: breach at 15:00 breached: false
	// fixed deadline:  breach at 13:00 breached: true
}

func ExampleAttainment() {
	ms := []incident.Measurement{
		{Stage: incident.Completed},
		{Stage: incident.Completed, Breached: true},
		{Stage: incident.Running, Breached: true}, // can no longer meet its target
		{Stage: incident.Running},                 // still within target: not counted yet
		{Stage: incident.Cancelled},               // not counted
	}
	a := incident.Attainment(ms)
	fmt.Printf("%d of %d met: %s%%\n", a.Hits, a.Total, a.Percent.FloorString(2))
	// Output:
	// 1 of 3 met: 33.33%
}

func ExampleHoldTimes() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	inc, _ := incident.Open("INC3", at, "desk", incident.Fields{})
	inc, _ = inc.Hold(at.Add(time.Hour), "ana", incident.AwaitingCaller)
	inc, _ = inc.Hold(at.Add(3*time.Hour), "ana", incident.AwaitingVendor)
	inc, _ = inc.Resume(at.Add(4*time.Hour), "ana")
	for _, h := range incident.HoldTimes([]incident.Incident{inc}, at.Add(8*time.Hour), nil) {
		fmt.Println(h.Reason, h.Total)
	}
	// Output:
	// Awaiting Caller 2h0m0s
	// Awaiting Vendor 1h0m0s
}

// A share's percentage is an sla.Ratio; check Known before showing it: no data is not 0 %.
func ExampleShare_Known() {
	var share sla.Ratio = incident.Attainment(nil).Percent
	fmt.Println(incident.Attainment(nil).Known(), share.FloorString(2))
	a := incident.Attainment([]incident.Measurement{{Stage: incident.Completed}, {Stage: incident.Completed, Breached: true}})
	share = a.Percent
	fmt.Println(a.Known(), share.FloorString(2))
	// Output:
	// false 0.00
	// true 50.00
}

// The SLA timeline of a resolution timer: attached at the opening, paused while awaiting the
// caller, resumed by the caller's reply, completed at the resolution.
func ExampleTimer_Timeline() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	inc, _ := incident.Open("INC7", at, "desk", incident.Fields{Priority: 3})
	inc, _ = inc.Hold(at.Add(time.Hour), "ana", incident.AwaitingCaller)
	inc, _ = inc.Reply(at.Add(2*time.Hour), "caller")
	inc, _ = inc.Resolve(at.Add(3*time.Hour), "ana", "fixed")
	timer := incident.NewTimer(incident.ResolutionTimer("resolution", []incident.Target{{Duration: 8 * time.Hour}}, nil), inc.Opened)
	for _, ev := range inc.History {
		timer, _ = timer.Observe(ev)
	}
	for _, tr := range timer.Timeline() {
		fmt.Println(tr)
	}
	// Output:
	// 2026-03-02T09:00:00Z not started → in progress (start: always)
	// 2026-03-02T10:00:00Z in progress → paused (pause: on hold)
	// 2026-03-02T11:00:00Z paused → in progress (resume: pause no longer holds (on hold))
	// 2026-03-02T12:00:00Z in progress → completed (stop: state in (Resolved, Closed))
}

// One incident's history measured at three instants, the earliest first: Evaluate replays the
// events up to each instant, which a Timer fed the whole history (Measure) cannot do.
// Service hours are weekdays 09:00–17:00 in Berlin; the caller keeps the ticket on hold from
// Tuesday 11:00 to Wednesday 10:00, which pauses the resolution timer.
func ExampleEvaluate_instants() {
	berlin, _ := time.LoadLocation("Europe/Berlin")
	var spec sla.CalendarSpec
	for wd := time.Monday; wd <= time.Friday; wd++ {
		spec.Week[wd] = []sla.Slot{{Start: sla.Clock(9, 0), End: sla.Clock(17, 0)}}
	}
	cal, _ := sla.NewCalendar(berlin, spec)
	targets := func(d time.Duration) []incident.Target { return []incident.Target{{Duration: d}} }
	defs := []incident.Definition{
		incident.ResponseTimer("response", targets(2*time.Hour), cal),
		incident.ResolutionTimer("resolution", targets(8*time.Hour), cal, incident.AwaitingCaller),
	}
	at := func(day, hour, minute int) time.Time { return time.Date(2026, 3, day, hour, minute, 0, 0, berlin) }

	inc, _ := incident.Open("INC7", at(2, 16, 0), "desk", incident.Fields{Priority: 2}) // Monday
	inc, _ = inc.Start(at(3, 9, 30), "ana")
	inc, _ = inc.Hold(at(3, 11, 0), "ana", incident.AwaitingCaller)
	inc, _ = inc.Reply(at(4, 10, 0), "caller")
	inc, _ = inc.Resolve(at(4, 15, 30), "ana", "fixed")

	for _, asOf := range []time.Time{at(2, 16, 30), at(3, 12, 0), at(4, 16, 0)} {
		fmt.Println("as of", asOf.Format("Mon 15:04"))
		for _, def := range defs {
			m, _ := incident.Evaluate(def, inc, asOf)
			fmt.Printf("  %-10s %-11s %v of %v (%s%%), paused %v, breach at %s, breached %t\n",
				m.Definition, m.Stage, m.Business, m.Target, m.BusinessPercent.FloorString(1),
				m.BusinessPaused, m.BreachAt.In(berlin).Format("Mon 15:04"), m.Breached)
		}
	}

	timer := incident.NewTimer(defs[1], inc.Opened)
	for _, ev := range inc.History {
		timer, _ = timer.Observe(ev)
	}
	_, err := timer.Measure(at(3, 12, 0))
	fmt.Println(err)
	// Output:
	// as of Mon 16:30
	//   response   in progress 30m0s of 2h0m0s (25.0%), paused 0s, breach at Tue 10:00, breached false
	//   resolution in progress 30m0s of 8h0m0s (6.2%), paused 0s, breach at Tue 16:00, breached false
	// as of Tue 12:00
	//   response   completed   1h30m0s of 2h0m0s (75.0%), paused 0s, breach at Tue 10:00, breached false
	//   resolution paused      3h0m0s of 8h0m0s (37.5%), paused 1h0m0s, breach at Tue 17:00, breached false
	// as of Wed 16:00
	//   response   completed   1h30m0s of 2h0m0s (75.0%), paused 0s, breach at Tue 10:00, breached false
	//   resolution completed   8h30m0s of 8h0m0s (106.2%), paused 7h0m0s, breach at Wed 15:00, breached true
	// incident: timer "resolution": as-of instant before the last observed event: asked for 2026-03-03T12:00:00+01:00, last event at 2026-03-04T15:30:00+01:00 (Evaluate measures the history at any instant)
}

// A service desk records an incident with its impact and urgency; the priority comes from the
// matrix. A priority typed by hand that disagrees with the matrix is refused.
func ExampleOpenPrioritised() {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	m := incident.DefaultMatrix()
	inc, _ := incident.OpenPrioritised("INC43", at, "desk", incident.Fields{Impact: 1, Urgency: 2}, m)
	fmt.Println(inc.ID, "priority", inc.Priority)
	_, err := incident.OpenPrioritised("INC44", at, "desk", incident.Fields{Impact: 1, Urgency: 2, Priority: 4}, m)
	fmt.Println(err)
	_, err = incident.OpenPrioritised("INC45", at, "desk", incident.Fields{Impact: 4, Urgency: 1}, m)
	fmt.Println(err)
	// Output:
	// INC43 priority 2
	// incident: INC44: open: invalid field: priority is 4; the matrix gives 2 for impact 1, urgency 2
	// incident: INC45: open: impact/urgency outside the priority matrix: impact 4, urgency 1 in a 3×3 matrix
}
