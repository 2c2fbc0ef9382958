package itsm

import (
	"encoding/json"
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// compareClauses orders clause numbers part by part as integers: "9.2" < "10.1" < "10.1.1".
func compareClauses(a, b string) int {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		x, _ := strconv.Atoi(as[i])
		y, _ := strconv.Atoi(bs[i])
		if x != y {
			if x < y {
				return -1
			}
			return 1
		}
	}
	return len(as) - len(bs)
}

func TestCatalogueShape(t *testing.T) {
	var got2005, got2018 []string
	for p := range Processes(Edition2005) {
		got2005 = append(got2005, p.Clause+" "+p.Name)
	}
	for p := range Processes(Edition2018) {
		got2018 = append(got2018, p.Clause+" "+p.Name)
	}
	want2005 := []string{
		"5 Planning and implementing new or changed services",
		"6.1 Service level management", "6.2 Service reporting",
		"6.3 Service continuity and availability management", "6.4 Budgeting and accounting for IT services",
		"6.5 Capacity management", "6.6 Information security management",
		"7.2 Business relationship management", "7.3 Supplier management",
		"8.2 Incident management", "8.3 Problem management",
		"9.1 Configuration management", "9.2 Change management",
		"10.1 Release management",
	}
	want2018 := []string{
		"8.1 Operational planning and control",
		"8.2.2 Plan the services", "8.2.3 Control of parties involved in the service lifecycle",
		"8.2.4 Service catalogue management", "8.2.5 Asset management", "8.2.6 Configuration management",
		"8.3.2 Business relationship management", "8.3.3 Service level management", "8.3.4 Supplier management",
		"8.4.1 Budgeting and accounting for services", "8.4.2 Demand management", "8.4.3 Capacity management",
		"8.5.1 Change management", "8.5.2 Service design and transition", "8.5.3 Release and deployment management",
		"8.6.1 Incident management", "8.6.2 Service request management", "8.6.3 Problem management",
		"8.7.1 Service availability management", "8.7.2 Service continuity management",
		"8.7.3 Information security management",
		"9.4 Service reporting",
	}
	if diff := cmp.Diff(want2005, got2005); diff != "" {
		t.Errorf("2005 (-want +got):\n%s", diff)
	}
	if diff := cmp.Diff(want2018, got2018); diff != "" {
		t.Errorf("2018 (-want +got):\n%s", diff)
	}
}

// The five 2005 process groups, plus clause 5, in clause order.
func TestProcessGroups(t *testing.T) {
	var got []string
	for g := range ProcessGroups(Edition2005) {
		n := 0
		for range g.Processes() {
			n++
		}
		got = append(got, g.Clause()+" "+g.String()+" "+strconv.Itoa(n))
	}
	want := []string{
		"5 Planning and implementing new or changed services 1",
		"6 Service delivery processes 6",
		"7 Relationship processes 2",
		"8 Resolution processes 2",
		"9 Control processes 2",
		"10 Release process 1",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	for g := range ProcessGroups(Edition2018) {
		if g.Edition() != Edition2018 {
			t.Errorf("%v: edition %v", g, g.Edition())
		}
	}
	if ProcessGroup(0).Valid() || ProcessGroup(99).Valid() || ProcessGroup(0).String() != "ProcessGroup(0)" {
		t.Error("invalid groups must not be valid")
	}
}

func TestCatalogueClauseOrderAndConsistency(t *testing.T) {
	all := slices.Collect(AllProcesses())
	seen := map[ProcessID]bool{}
	for i, p := range all {
		if seen[p.ID] {
			t.Errorf("duplicate %s", p.ID)
		}
		seen[p.ID] = true
		if p.Group.Edition() != p.Edition {
			t.Errorf("%s: group %v is of edition %v", p.ID, p.Group, p.Group.Edition())
		}
		if !strings.HasPrefix(p.Clause, p.Group.Clause()) {
			t.Errorf("%s: clause %s outside group clause %s", p.ID, p.Clause, p.Group.Clause())
		}
		if string(p.ID) != p.Edition.year()+"/"+p.Clause {
			t.Errorf("%s: ID does not match edition and clause", p.ID)
		}
		if i > 0 {
			q := all[i-1]
			if q.Edition > p.Edition || (q.Edition == p.Edition && compareClauses(q.Clause, p.Clause) >= 0) {
				t.Errorf("order: %s before %s", q.ID, p.ID)
			}
		}
	}
}

// Every process of both editions takes part in the mapping, every edge joins a 2005 process to a
// 2018 one, and partial or split edges say why.
func TestCorrespondenceCoversBothEditions(t *testing.T) {
	covered := map[ProcessID]bool{}
	for c := range Correspondences() {
		to, err := LookupProcess(c.To)
		if err != nil || to.Edition != Edition2018 {
			t.Errorf("%+v: To is not a 2018 process", c)
		}
		covered[c.To] = true
		if c.Kind == Introduced {
			if c.From != "" {
				t.Errorf("%+v: Introduced edge with a From", c)
			}
		} else {
			from, err := LookupProcess(c.From)
			if err != nil || from.Edition != Edition2005 {
				t.Errorf("%+v: From is not a 2005 process", c)
			}
			covered[c.From] = true
		}
		if (c.Kind == Split || c.Kind == Partial || c.Kind == Introduced) && c.Note == "" {
			t.Errorf("%+v: %v edge without a note", c, c.Kind)
		}
	}
	for p := range AllProcesses() {
		if !covered[p.ID] {
			t.Errorf("%s (%s) is in no correspondence", p.ID, p.Name)
		}
	}
}

func TestSuccessorsAndPredecessors(t *testing.T) {
	succ, err := Successors(IncidentManagement2005)
	if err != nil {
		t.Fatal(err)
	}
	want := []Correspondence{
		{IncidentManagement2005, IncidentManagement2018, Split, "2005 handled service requests within incident management"},
		{IncidentManagement2005, ServiceRequestManagement2018, Split, "2005 handled service requests within incident management"},
	}
	if diff := cmp.Diff(want, succ); diff != "" {
		t.Errorf("Successors (-want +got):\n%s", diff)
	}
	pred, err := Predecessors(ServiceReporting2018)
	if err != nil || len(pred) != 1 || pred[0].From != ServiceReporting2005 || pred[0].Kind != Equivalent {
		t.Errorf("Predecessors(9.4) = %+v, %v", pred, err)
	}
	pred, err = Predecessors(ControlOfParties2018)
	if err != nil || len(pred) != 1 || pred[0].Kind != Introduced {
		t.Errorf("Predecessors(8.2.3) = %+v, %v", pred, err)
	}
	// Editions must not be confused: a 2018 ID has no successors, a 2005 ID no predecessors.
	for _, call := range []func() error{
		func() error { _, err := Successors(IncidentManagement2018); return err },
		func() error { _, err := Predecessors(IncidentManagement2005); return err },
		func() error { _, err := Successors("2005/7.1"); return err },
	} {
		if err := call(); !errors.Is(err, ErrUnknownProcess) {
			t.Errorf("want ErrUnknownProcess, got %v", err)
		}
	}
}

func TestLookupProcessErrors(t *testing.T) {
	for _, id := range []ProcessID{"", "8.6.1", "2018/8.6", "2011/8.1", "2005/8.1", "2018/8.6.1 ", "2018/08.6.1"} {
		_, err := LookupProcess(id)
		var ue *UnknownProcessError
		if !errors.As(err, &ue) || ue.ID != id || !errors.Is(err, ErrUnknownProcess) {
			t.Errorf("LookupProcess(%q) = %v, want *UnknownProcessError", id, err)
		}
		if !strings.HasPrefix(err.Error(), "itsm: ") {
			t.Errorf("error not prefixed: %v", err)
		}
	}
	p, err := LookupProcess(IncidentManagement2018)
	want := Process{ID: "2018/8.6.1", Edition: Edition2018, Clause: "8.6.1", Name: "Incident management", Group: GroupResolutionAndFulfilment2018}
	if err != nil || !cmp.Equal(want, p) {
		t.Errorf("LookupProcess = %+v, %v", p, err)
	}
	if p.String() != "8.6.1 Incident management (ISO/IEC 20000-1:2018)" {
		t.Errorf("String = %q", p.String())
	}
}

func TestProcessIDText(t *testing.T) {
	type doc struct {
		P ProcessID `json:"p"`
	}
	b, err := json.Marshal(doc{P: ChangeManagement2005})
	if err != nil || string(b) != `{"p":"2005/9.2"}` {
		t.Fatalf("Marshal = %s, %v", b, err)
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil || d.P != ChangeManagement2005 {
		t.Errorf("Unmarshal = %+v, %v", d, err)
	}
	if err := json.Unmarshal([]byte(`{"p":"2005/9.9"}`), &d); !errors.Is(err, ErrUnknownProcess) {
		t.Errorf("Unmarshal unknown = %v", err)
	}
	if _, err := json.Marshal(doc{P: "nope"}); !errors.Is(err, ErrUnknownProcess) {
		t.Errorf("Marshal unknown = %v", err)
	}
	if id, err := ParseProcessID("2018/9.4"); err != nil || id != ServiceReporting2018 {
		t.Errorf("ParseProcessID = %q, %v", id, err)
	}
}

func TestEditionAndKindStrings(t *testing.T) {
	got := []string{Edition2005.String(), Edition2018.String(), Edition(0).String(),
		Equivalent.String(), Split.String(), Partial.String(), Introduced.String(), CorrespondenceKind(0).String()}
	want := []string{"ISO/IEC 20000-1:2005", "ISO/IEC 20000-1:2018", "Edition(0)",
		"equivalent", "split", "partial", "introduced", "CorrespondenceKind(0)"}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
	if n := len(slices.Collect(Processes(Edition(0)))); n != 0 {
		t.Errorf("invalid edition yields %d processes", n)
	}
}
