package itsm

// This file is the ISO/IEC 20000-1 process catalogue: the processes of the 2005 edition (in its
// five process groups, plus clause 5 on new or changed services), the operational processes of
// the 2018 edition (clause 8, plus service reporting, which 2018 moved to clause 9.4), and how the
// two editions correspond. The catalogue is fixed data: names and clause numbers, never the text
// of the standard.
//
// # Identifiers
//
// A ProcessID is "<year>/<clause>", for example "2005/8.2" (incident management, 2005) or
// "2018/8.6.1" (incident management, 2018). The edition is part of the ID because the same clause
// number means different things in the two editions (2005 clause 8.2 is incident management;
// 2018 clause 8.2 is the service portfolio).
//
// # Order
//
// Every iteration is in clause order, 2005 before 2018, comparing clause numbers part by part as
// integers (9.2 before 10.1).
//
// # Correspondence
//
// The mapping between editions is a list of edges from a 2005 process to a 2018 process, each
// with a kind (equivalent, split, partial) and a note; a 2018 process with no 2005 predecessor
// has one edge of kind Introduced with an empty From. Every process of both editions appears in
// at least one edge.

import (
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"
)

// ErrUnknownProcess is wrapped by every *UnknownProcessError.
var ErrUnknownProcess = errors.New("itsm: unknown ISO/IEC 20000 process")

// UnknownProcessError reports an ID that names no process of the catalogue. It wraps
// ErrUnknownProcess.
// The zero value names the empty ID.
// Safe for concurrent use; it is not modified once returned.
type UnknownProcessError struct {
	ID ProcessID
}

func (e *UnknownProcessError) Error() string {
	return fmt.Sprintf("itsm: unknown ISO/IEC 20000 process %q (want \"2005/<clause>\" or \"2018/<clause>\" of a catalogued process)", string(e.ID))
}

// Unwrap returns ErrUnknownProcess.
func (e *UnknownProcessError) Unwrap() error { return ErrUnknownProcess }

// Edition is an edition of ISO/IEC 20000-1. The zero value is no edition and is invalid.
// It is a plain value, safe for concurrent use.
type Edition int

// Editions of ISO/IEC 20000-1 in the catalogue.
const (
	Edition2005 Edition = iota + 1 // ISO/IEC 20000-1:2005, processes in five groups
	Edition2018                    // ISO/IEC 20000-1:2018, clause 8 operational processes
)

// String returns the standard's reference, "ISO/IEC 20000-1:2005" or "ISO/IEC 20000-1:2018".
func (e Edition) String() string {
	switch e {
	case Edition2005:
		return "ISO/IEC 20000-1:2005"
	case Edition2018:
		return "ISO/IEC 20000-1:2018"
	}
	return "Edition(" + strconv.Itoa(int(e)) + ")"
}

func (e Edition) year() string {
	switch e {
	case Edition2005:
		return "2005"
	case Edition2018:
		return "2018"
	}
	return ""
}

// ProcessGroup is a group of processes within one edition: the five process groups of 2005 (and
// clause 5), the six clause 8 groups of 2018 (and clause 8.1, clause 9 for service reporting).
// The zero value is invalid. Groups are ordered by clause, 2005 first.
// It is a plain value, safe for concurrent use.
type ProcessGroup int

// Process groups, in clause order.
const (
	GroupNewOrChangedServices2005     ProcessGroup = iota + 1 // 2005 clause 5
	GroupServiceDelivery2005                                  // 2005 clause 6
	GroupRelationship2005                                     // 2005 clause 7
	GroupResolution2005                                       // 2005 clause 8
	GroupControl2005                                          // 2005 clause 9
	GroupRelease2005                                          // 2005 clause 10
	GroupOperationalPlanning2018                              // 2018 clause 8.1
	GroupServicePortfolio2018                                 // 2018 clause 8.2
	GroupRelationshipAndAgreement2018                         // 2018 clause 8.3
	GroupSupplyAndDemand2018                                  // 2018 clause 8.4
	GroupDesignBuildTransition2018                            // 2018 clause 8.5
	GroupResolutionAndFulfilment2018                          // 2018 clause 8.6
	GroupServiceAssurance2018                                 // 2018 clause 8.7
	GroupPerformanceEvaluation2018                            // 2018 clause 9
)

type groupInfo struct {
	edition Edition
	clause  string
	name    string
}

var groups = [...]groupInfo{
	GroupNewOrChangedServices2005:     {Edition2005, "5", "Planning and implementing new or changed services"},
	GroupServiceDelivery2005:          {Edition2005, "6", "Service delivery processes"},
	GroupRelationship2005:             {Edition2005, "7", "Relationship processes"},
	GroupResolution2005:               {Edition2005, "8", "Resolution processes"},
	GroupControl2005:                  {Edition2005, "9", "Control processes"},
	GroupRelease2005:                  {Edition2005, "10", "Release process"},
	GroupOperationalPlanning2018:      {Edition2018, "8.1", "Operational planning and control"},
	GroupServicePortfolio2018:         {Edition2018, "8.2", "Service portfolio"},
	GroupRelationshipAndAgreement2018: {Edition2018, "8.3", "Relationship and agreement"},
	GroupSupplyAndDemand2018:          {Edition2018, "8.4", "Supply and demand"},
	GroupDesignBuildTransition2018:    {Edition2018, "8.5", "Service design, build and transition"},
	GroupResolutionAndFulfilment2018:  {Edition2018, "8.6", "Resolution and fulfilment"},
	GroupServiceAssurance2018:         {Edition2018, "8.7", "Service assurance"},
	GroupPerformanceEvaluation2018:    {Edition2018, "9", "Performance evaluation"},
}

func (g ProcessGroup) info() (groupInfo, bool) {
	if g <= 0 || int(g) >= len(groups) {
		return groupInfo{}, false
	}
	return groups[g], true
}

// Valid reports whether g is one of the defined groups.
func (g ProcessGroup) Valid() bool { _, ok := g.info(); return ok }

// String returns the group's name as the standard titles it, e.g. "Resolution processes".
func (g ProcessGroup) String() string {
	if i, ok := g.info(); ok {
		return i.name
	}
	return "ProcessGroup(" + strconv.Itoa(int(g)) + ")"
}

// Edition returns the edition the group belongs to (zero for an invalid group).
func (g ProcessGroup) Edition() Edition { i, _ := g.info(); return i.edition }

// Clause returns the group's clause number, e.g. "8" or "8.6" (empty for an invalid group).
func (g ProcessGroup) Clause() string { i, _ := g.info(); return i.clause }

// Processes returns the group's processes in clause order.
func (g ProcessGroup) Processes() iter.Seq[Process] {
	return func(yield func(Process) bool) {
		for _, p := range catalogue {
			if p.Group == g && !yield(p) {
				return
			}
		}
	}
}

// ProcessGroups returns the groups of one edition in clause order; an invalid edition yields
// nothing.
func ProcessGroups(e Edition) iter.Seq[ProcessGroup] {
	return func(yield func(ProcessGroup) bool) {
		for g := ProcessGroup(1); int(g) < len(groups); g++ {
			if groups[g].edition == e && !yield(g) {
				return
			}
		}
	}
}

// ProcessID identifies a catalogued process: "<year>/<clause>", e.g. "2018/8.6.1". The zero
// value names no process.
// It is a plain value, safe for concurrent use.
type ProcessID string

// Process IDs of the 2005 edition.
const (
	NewOrChangedServices2005      ProcessID = "2005/5"
	ServiceLevelManagement2005    ProcessID = "2005/6.1"
	ServiceReporting2005          ProcessID = "2005/6.2"
	ContinuityAndAvailability2005 ProcessID = "2005/6.3"
	BudgetingAndAccounting2005    ProcessID = "2005/6.4"
	CapacityManagement2005        ProcessID = "2005/6.5"
	InformationSecurity2005       ProcessID = "2005/6.6"
	BusinessRelationship2005      ProcessID = "2005/7.2"
	SupplierManagement2005        ProcessID = "2005/7.3"
	IncidentManagement2005        ProcessID = "2005/8.2"
	ProblemManagement2005         ProcessID = "2005/8.3"
	ConfigurationManagement2005   ProcessID = "2005/9.1"
	ChangeManagement2005          ProcessID = "2005/9.2"
	ReleaseManagement2005         ProcessID = "2005/10.1"
)

// Process IDs of the 2018 edition.
const (
	OperationalPlanningAndControl2018 ProcessID = "2018/8.1"
	PlanTheServices2018               ProcessID = "2018/8.2.2"
	ControlOfParties2018              ProcessID = "2018/8.2.3"
	ServiceCatalogueManagement2018    ProcessID = "2018/8.2.4"
	AssetManagement2018               ProcessID = "2018/8.2.5"
	ConfigurationManagement2018       ProcessID = "2018/8.2.6"
	BusinessRelationship2018          ProcessID = "2018/8.3.2"
	ServiceLevelManagement2018        ProcessID = "2018/8.3.3"
	SupplierManagement2018            ProcessID = "2018/8.3.4"
	BudgetingAndAccounting2018        ProcessID = "2018/8.4.1"
	DemandManagement2018              ProcessID = "2018/8.4.2"
	CapacityManagement2018            ProcessID = "2018/8.4.3"
	ChangeManagement2018              ProcessID = "2018/8.5.1"
	DesignAndTransition2018           ProcessID = "2018/8.5.2"
	ReleaseAndDeployment2018          ProcessID = "2018/8.5.3"
	IncidentManagement2018            ProcessID = "2018/8.6.1"
	ServiceRequestManagement2018      ProcessID = "2018/8.6.2"
	ProblemManagement2018             ProcessID = "2018/8.6.3"
	AvailabilityManagement2018        ProcessID = "2018/8.7.1"
	ContinuityManagement2018          ProcessID = "2018/8.7.2"
	InformationSecurity2018           ProcessID = "2018/8.7.3"
	ServiceReporting2018              ProcessID = "2018/9.4"
)

// Process is one catalogued process. The zero value is no process. Process is a plain value,
// safe to copy and share.
// Safe for concurrent use.
type Process struct {
	ID      ProcessID    `json:"id"`
	Edition Edition      `json:"-"`
	Clause  string       `json:"clause"`
	Name    string       `json:"name"`
	Group   ProcessGroup `json:"-"`
}

// String returns "<clause> <name> (<edition>)", e.g. "8.6.1 Incident management (ISO/IEC 20000-1:2018)".
func (p Process) String() string {
	return p.Clause + " " + p.Name + " (" + p.Edition.String() + ")"
}

func proc(g ProcessGroup, id ProcessID, name string) Process {
	_, clause, _ := strings.Cut(string(id), "/")
	return Process{ID: id, Edition: groups[g].edition, Clause: clause, Name: name, Group: g}
}

// catalogue holds every process in clause order, 2005 first (a test checks the order).
var catalogue = [...]Process{
	proc(GroupNewOrChangedServices2005, NewOrChangedServices2005, "Planning and implementing new or changed services"),
	proc(GroupServiceDelivery2005, ServiceLevelManagement2005, "Service level management"),
	proc(GroupServiceDelivery2005, ServiceReporting2005, "Service reporting"),
	proc(GroupServiceDelivery2005, ContinuityAndAvailability2005, "Service continuity and availability management"),
	proc(GroupServiceDelivery2005, BudgetingAndAccounting2005, "Budgeting and accounting for IT services"),
	proc(GroupServiceDelivery2005, CapacityManagement2005, "Capacity management"),
	proc(GroupServiceDelivery2005, InformationSecurity2005, "Information security management"),
	proc(GroupRelationship2005, BusinessRelationship2005, "Business relationship management"),
	proc(GroupRelationship2005, SupplierManagement2005, "Supplier management"),
	proc(GroupResolution2005, IncidentManagement2005, "Incident management"),
	proc(GroupResolution2005, ProblemManagement2005, "Problem management"),
	proc(GroupControl2005, ConfigurationManagement2005, "Configuration management"),
	proc(GroupControl2005, ChangeManagement2005, "Change management"),
	proc(GroupRelease2005, ReleaseManagement2005, "Release management"),

	proc(GroupOperationalPlanning2018, OperationalPlanningAndControl2018, "Operational planning and control"),
	proc(GroupServicePortfolio2018, PlanTheServices2018, "Plan the services"),
	proc(GroupServicePortfolio2018, ControlOfParties2018, "Control of parties involved in the service lifecycle"),
	proc(GroupServicePortfolio2018, ServiceCatalogueManagement2018, "Service catalogue management"),
	proc(GroupServicePortfolio2018, AssetManagement2018, "Asset management"),
	proc(GroupServicePortfolio2018, ConfigurationManagement2018, "Configuration management"),
	proc(GroupRelationshipAndAgreement2018, BusinessRelationship2018, "Business relationship management"),
	proc(GroupRelationshipAndAgreement2018, ServiceLevelManagement2018, "Service level management"),
	proc(GroupRelationshipAndAgreement2018, SupplierManagement2018, "Supplier management"),
	proc(GroupSupplyAndDemand2018, BudgetingAndAccounting2018, "Budgeting and accounting for services"),
	proc(GroupSupplyAndDemand2018, DemandManagement2018, "Demand management"),
	proc(GroupSupplyAndDemand2018, CapacityManagement2018, "Capacity management"),
	proc(GroupDesignBuildTransition2018, ChangeManagement2018, "Change management"),
	proc(GroupDesignBuildTransition2018, DesignAndTransition2018, "Service design and transition"),
	proc(GroupDesignBuildTransition2018, ReleaseAndDeployment2018, "Release and deployment management"),
	proc(GroupResolutionAndFulfilment2018, IncidentManagement2018, "Incident management"),
	proc(GroupResolutionAndFulfilment2018, ServiceRequestManagement2018, "Service request management"),
	proc(GroupResolutionAndFulfilment2018, ProblemManagement2018, "Problem management"),
	proc(GroupServiceAssurance2018, AvailabilityManagement2018, "Service availability management"),
	proc(GroupServiceAssurance2018, ContinuityManagement2018, "Service continuity management"),
	proc(GroupServiceAssurance2018, InformationSecurity2018, "Information security management"),
	proc(GroupPerformanceEvaluation2018, ServiceReporting2018, "Service reporting"),
}

// LookupProcess returns the catalogued process with the given ID, or an *UnknownProcessError.
func LookupProcess(id ProcessID) (Process, error) {
	for _, p := range catalogue {
		if p.ID == id {
			return p, nil
		}
	}
	return Process{}, &UnknownProcessError{ID: id}
}

// ParseProcessID checks that s names a catalogued process and returns its ID, or an
// *UnknownProcessError.
func ParseProcessID(s string) (ProcessID, error) {
	p, err := LookupProcess(ProcessID(s))
	if err != nil {
		return "", err
	}
	return p.ID, nil
}

// Valid reports whether id names a catalogued process.
func (id ProcessID) Valid() bool { _, err := LookupProcess(id); return err == nil }

// Process returns the catalogued process id names, or an *UnknownProcessError.
func (id ProcessID) Process() (Process, error) { return LookupProcess(id) }

// MarshalText returns the ID; an ID that names no catalogued process is an *UnknownProcessError.
func (id ProcessID) MarshalText() ([]byte, error) {
	if !id.Valid() {
		return nil, &UnknownProcessError{ID: id}
	}
	return []byte(id), nil
}

// UnmarshalText accepts only the ID of a catalogued process.
func (id *ProcessID) UnmarshalText(b []byte) error {
	p, err := ParseProcessID(string(b))
	if err != nil {
		return err
	}
	*id = p
	return nil
}

// Processes returns the processes of one edition in clause order; an invalid edition yields
// nothing.
func Processes(e Edition) iter.Seq[Process] {
	return func(yield func(Process) bool) {
		for _, p := range catalogue {
			if p.Edition == e && !yield(p) {
				return
			}
		}
	}
}

// AllProcesses returns every catalogued process: the 2005 edition in clause order, then 2018.
func AllProcesses() iter.Seq[Process] {
	return func(yield func(Process) bool) {
		for _, p := range catalogue {
			if !yield(p) {
				return
			}
		}
	}
}

// CorrespondenceKind says how much of a 2005 process a 2018 process covers. The zero value is
// invalid.
// It is a plain value, safe for concurrent use.
type CorrespondenceKind int

// Kinds of correspondence between the editions.
const (
	// Equivalent: the same process with the same scope; 2018 may word or extend it.
	Equivalent CorrespondenceKind = iota + 1
	// Split: the 2005 process was divided; this 2018 process holds one part of it.
	Split
	// Partial: the two processes overlap in part only.
	Partial
	// Introduced: the 2018 process has no 2005 predecessor (From is empty).
	Introduced
)

var correspondenceKindNames = [...]string{Equivalent: "equivalent", Split: "split", Partial: "partial", Introduced: "introduced"}

// String returns "equivalent", "split", "partial" or "introduced".
func (k CorrespondenceKind) String() string {
	if k > 0 && int(k) < len(correspondenceKindNames) {
		return correspondenceKindNames[k]
	}
	return "CorrespondenceKind(" + strconv.Itoa(int(k)) + ")"
}

// Correspondence is one edge of the mapping from the 2005 to the 2018 edition. From is a 2005
// process (empty for Introduced), To a 2018 process. The zero value is no edge.
// A plain value, safe for concurrent use.
type Correspondence struct {
	From ProcessID
	To   ProcessID
	Kind CorrespondenceKind
	Note string // why the mapping is partial or split; empty for plain equivalents
}

// correspondences is ordered by From's clause, then To's clause; Introduced edges come last in
// To's clause order.
var correspondences = [...]Correspondence{
	{NewOrChangedServices2005, PlanTheServices2018, Partial, "2018 plans every service in the portfolio, not only new or changed ones"},
	{NewOrChangedServices2005, DesignAndTransition2018, Split, "design, build and transition of new or changed services is the main successor of clause 5"},
	{ServiceLevelManagement2005, ServiceCatalogueManagement2018, Split, "the 2005 service catalogue requirement became its own clause"},
	{ServiceLevelManagement2005, ServiceLevelManagement2018, Split, "agreements, targets and reviews stay with service level management"},
	{ServiceReporting2005, ServiceReporting2018, Equivalent, "moved out of the operational processes into clause 9 (performance evaluation)"},
	{ContinuityAndAvailability2005, AvailabilityManagement2018, Split, "2005 combined continuity and availability in one process"},
	{ContinuityAndAvailability2005, ContinuityManagement2018, Split, "2005 combined continuity and availability in one process"},
	{BudgetingAndAccounting2005, BudgetingAndAccounting2018, Equivalent, ""},
	{CapacityManagement2005, DemandManagement2018, Partial, "forecasting business demand was part of 2005 capacity planning; 2018 makes demand management its own clause"},
	{CapacityManagement2005, CapacityManagement2018, Equivalent, ""},
	{InformationSecurity2005, InformationSecurity2018, Equivalent, ""},
	{BusinessRelationship2005, BusinessRelationship2018, Equivalent, ""},
	{SupplierManagement2005, SupplierManagement2018, Equivalent, "2018 adds internal suppliers and customers acting as suppliers"},
	{IncidentManagement2005, IncidentManagement2018, Split, "2005 handled service requests within incident management"},
	{IncidentManagement2005, ServiceRequestManagement2018, Split, "2005 handled service requests within incident management"},
	{ProblemManagement2005, ProblemManagement2018, Equivalent, ""},
	{ConfigurationManagement2005, AssetManagement2018, Partial, "2005 configuration management only interfaced with financial asset accounting; 2018 asks for asset management"},
	{ConfigurationManagement2005, ConfigurationManagement2018, Equivalent, ""},
	{ChangeManagement2005, ChangeManagement2018, Equivalent, ""},
	{ReleaseManagement2005, ReleaseAndDeployment2018, Equivalent, "2018 names deployment explicitly"},
	{"", OperationalPlanningAndControl2018, Introduced, "2005 had no operational planning clause; its clause 4 planned the management system as a whole"},
	{"", ControlOfParties2018, Introduced, "governance of parties that operate parts of the service lifecycle"},
}

// Correspondences returns every edge of the 2005 → 2018 mapping: edges with a 2005 process in
// its clause order (then the 2018 clause), then the Introduced edges in 2018 clause order.
func Correspondences() iter.Seq[Correspondence] {
	return func(yield func(Correspondence) bool) {
		for _, c := range correspondences {
			if !yield(c) {
				return
			}
		}
	}
}

// Successors returns the 2018 correspondences of a 2005 process, in 2018 clause order, or an
// *UnknownProcessError when id is not a catalogued 2005 process.
func Successors(id ProcessID) ([]Correspondence, error) {
	p, err := LookupProcess(id)
	if err != nil || p.Edition != Edition2005 {
		return nil, &UnknownProcessError{ID: id}
	}
	var out []Correspondence
	for _, c := range correspondences {
		if c.From == id {
			out = append(out, c)
		}
	}
	return out, nil
}

// Predecessors returns the 2005 correspondences of a 2018 process (one Introduced edge when it
// has no predecessor), in 2005 clause order, or an *UnknownProcessError when id is not a
// catalogued 2018 process.
func Predecessors(id ProcessID) ([]Correspondence, error) {
	p, err := LookupProcess(id)
	if err != nil || p.Edition != Edition2018 {
		return nil, &UnknownProcessError{ID: id}
	}
	var out []Correspondence
	for _, c := range correspondences {
		if c.To == id {
			out = append(out, c)
		}
	}
	return out, nil
}
