package incident

import (
	"errors"
	"testing"
	"time"
)

// Construction from caller values is strict: every invalid field is refused with a *FieldError
// that names the field and wraps ErrInvalidField.
func TestOpenRejectsInvalidFields(t *testing.T) {
	cases := []struct {
		name  string
		id    string
		at    time.Time
		by    string
		f     Fields
		field string
	}{
		{"empty id", "", t0, "desk", Fields{}, "id"},
		{"blank id", "  ", t0, "desk", Fields{}, "id"},
		{"zero time", "INC1", time.Time{}, "desk", Fields{}, "opened"},
		{"empty by", "INC1", t0, "", Fields{}, "by"},
		{"impact 9 is fine", "INC1", t0, "desk", Fields{Impact: 9}, ""},
		{"impact above MaxLevel", "INC1", t0, "desk", Fields{Impact: MaxLevel + 1}, "impact"},
		{"urgency -1", "INC1", t0, "desk", Fields{Urgency: -1}, "urgency"},
		{"priority 5000", "INC1", t0, "desk", Fields{Priority: 5000}, "priority"},
		{"state not new", "INC1", t0, "desk", Fields{Status: Status{State: InProgress}}, "status"},
	}
	for _, c := range cases {
		_, err := Open(c.id, c.at, c.by, c.f)
		if c.field == "" {
			noErr(t, err, c.name)
			continue
		}
		isErr(t, err, ErrInvalidField, c.name)
		fe := asErr[*FieldError](t, err, c.name)
		equal(t, c.field, fe.Field, c.name)
	}
}

func TestOpenErrorText(t *testing.T) {
	_, err := Open("INC1", t0, "desk", Fields{Priority: 5000})
	equal(t, "incident: INC1: open: invalid field: priority 5000 outside 0..1000 (0 = not given)", err.Error())
	_, err = Open("", t0, "desk", Fields{})
	equal(t, "incident: open: invalid field: id is empty", err.Error())
}

// A zero Incident is not an incident: Evaluate and every action say so with ErrNotOpened
// instead of measuring "not started" or reporting an Unknown → In Progress move.
func TestZeroIncidentNotOpened(t *testing.T) {
	def := Definition{Name: "resolve", Start: InState(New), Stop: InState(Resolved), Targets: []Target{{0, 4 * time.Hour}}}
	_, err := Evaluate(def, Incident{}, t0)
	isErr(t, err, ErrNotOpened, "Evaluate")
	var zero Incident
	acts := map[string]func() (Incident, error){
		"start":        func() (Incident, error) { return zero.Start(t0, "a") },
		"resume":       func() (Incident, error) { return zero.Resume(t0, "a") },
		"resolve":      func() (Incident, error) { return zero.Resolve(t0, "a", "fixed") },
		"reopen":       func() (Incident, error) { return zero.Reopen(t0, "a") },
		"hold":         func() (Incident, error) { return zero.Hold(t0, "a", AwaitingCaller) },
		"close":        func() (Incident, error) { return zero.Close(t0, "a") },
		"reprioritise": func() (Incident, error) { return zero.Reprioritise(t0, "a", 1, 1, DefaultMatrix()) },
	}
	for name, act := range acts {
		_, err := act()
		isErr(t, err, ErrNotOpened, name)
		var te *TransitionError
		if errors.As(err, &te) {
			t.Fatalf("%s: got a TransitionError %v, want ErrNotOpened alone", name, err)
		}
	}
	_, err = zero.Start(t0, "a")
	equal(t, "incident: start: incident not opened (no history; start one with Open)", err.Error())
}

// Actions take caller values too: a zero instant, an empty actor or a level out of range is
// refused.
func TestActionRejectsInvalidFields(t *testing.T) {
	inc := mustOpen(t)
	_, err := inc.Start(time.Time{}, "a")
	equal(t, "at", asErr[*FieldError](t, err, "zero at").Field)
	_, err = inc.Start(t0.Add(time.Hour), "")
	equal(t, "by", asErr[*FieldError](t, err, "empty by").Field)
	ev := inc.History[0]
	ev.At = t0.Add(time.Hour)
	ev.Urgency = -1
	_, err = inc.Apply(ev)
	equal(t, "urgency", asErr[*FieldError](t, err, "apply urgency").Field)
}

// An action's error names incident once, even when the cause comes from a lower layer.
func TestActionErrorNamesIncidentOnce(t *testing.T) {
	inc := mustOpen(t)
	_, err := inc.Reprioritise(t0.Add(time.Minute), "a", 9, 9, DefaultMatrix())
	isErr(t, err, ErrOutsideMatrix)
	equal(t, "incident: INC1: reprioritise: impact/urgency outside the priority matrix: impact 9, urgency 9 in a 3×3 matrix", err.Error())
	_, err = inc.Hold(t0.Add(time.Minute), "a", 0)
	isErr(t, err, ErrInvalidStatus)
	equal(t, "incident: INC1: hold: invalid status: On Hold needs a reason", err.Error())
}
