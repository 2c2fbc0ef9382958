package itsm_test

import (
	"fmt"

	"github.com/itsmkit/itsmkit/itsm"
)

func ExampleProcessGroups() {
	for p := range itsm.ProcessGroups(itsm.Edition2005) {
		fmt.Printf("%s %s:", p.Clause(), p)
		for q := range p.Processes() {
			fmt.Printf(" [%s]", q.Name)
		}
		fmt.Println()
	}
	// Output:
	// 5 Planning and implementing new or changed services: [Planning and implementing new or changed services]
	// 6 Service delivery processes: [Service level management] [Service reporting] [Service continuity and availability management] [Budgeting and accounting for IT services] [Capacity management] [Information security management]
	// 7 Relationship processes: [Business relationship management] [Supplier management]
	// 8 Resolution processes: [Incident management] [Problem management]
	// 9 Control processes: [Configuration management] [Change management]
	// 10 Release process: [Release management]
}

func ExampleSuccessors() {
	succ, err := itsm.Successors(itsm.ContinuityAndAvailability2005)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range succ {
		to, _ := itsm.LookupProcess(c.To)
		fmt.Printf("%s -> %s (%s: %s)\n", c.From, to, c.Kind, c.Note)
	}
	_, err = itsm.LookupProcess("2018/8.8")
	fmt.Println(err)
	// Output:
	// 2005/6.3 -> 8.7.1 Service availability management (ISO/IEC 20000-1:2018) (split: 2005 combined continuity and availability in one process)
	// 2005/6.3 -> 8.7.2 Service continuity management (ISO/IEC 20000-1:2018) (split: 2005 combined continuity and availability in one process)
	// itsm: unknown ISO/IEC 20000 process "2018/8.8" (want "2005/<clause>" or "2018/<clause>" of a catalogued process)
}
