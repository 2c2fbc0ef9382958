package itsm_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/itsm"
)

// Build a small model: a web shop that needs its database and one of two payment gateways.
func ExampleBuilder() {
	b := itsm.NewBuilder().
		AddProvider(itsm.Provider{ID: "shop-it", Name: "Shop IT"}).
		AddService(itsm.Service{
			ID: "webshop", Name: "Web shop", Provider: "shop-it",
			Usage:      []string{"browse", "order"},
			Management: []string{"catalogue upload"},
			Requires: []itsm.Group{
				{Name: "storage", Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "orders-db"}}},
				{Name: "payment", Rule: itsm.Rule{Op: itsm.AnyOf}, Members: []itsm.Edge{{Target: "pay-a"}, {Target: "pay-b"}}},
			},
		}).
		AddResource(
			itsm.Resource{ID: "orders-db", Kind: itsm.Data, Provider: "shop-it"},
			itsm.Resource{ID: "pay-a", Kind: itsm.Supplier, Provider: "shop-it"},
			itsm.Resource{ID: "pay-b", Kind: itsm.Supplier, Provider: "shop-it"},
		).
		AddCustomer(itsm.Customer{ID: "retail"}).
		AddSubscription(itsm.Subscription{Customer: "retail", Service: "webshop", Agreement: "SLA-7"})
	m, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(m.Len(), "nodes")
	for i := range m.Len() {
		fmt.Println(i, m.IDAt(i), m.IsService(i))
	}
	fmt.Println(slices.Collect(m.ServicesOf("retail")))
	// Output:
	// 4 nodes
	// 0 orders-db false
	// 1 pay-a false
	// 2 pay-b false
	// 3 webshop true
	// [webshop]
}

// Validation reports every problem at once, each with the IDs involved.
func ExampleBuilder_Build_validation() {
	_, err := itsm.NewBuilder().
		AddService(
			itsm.Service{ID: "a", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: "a"}, {Target: "ghost"}}}}},
			itsm.Service{ID: "b", Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 3}},
				Members: []itsm.Edge{{Target: "a"}}}}},
		).
		AddUser(itsm.User{ID: "u", Customer: "nobody"}).
		Build()
	var ve *itsm.ValidationError
	if errors.As(err, &ve) {
		for _, p := range ve.Problems {
			fmt.Println(p.IDs, p.Detail)
		}
	}
	fmt.Println(errors.Is(err, itsm.ErrSelfDependency))
	// Output:
	// [a] service "a" requires[0] members[0]: "a" depends on itself
	// [a ghost] service "a" requires[0] members[1]: target "ghost" names nothing
	// [b] service "b" requires[0]: downBelow threshold 3 exceeds the group's 1 members
	// [u nobody] user "u" customer: customer "nobody" names nothing
	// true
}

// Strict mode rejects cycles and names the strongly connected component.
func ExampleStrict() {
	loop := func(id, dep itsm.ID) itsm.Service {
		return itsm.Service{ID: id, Requires: []itsm.Group{{Rule: itsm.Rule{Op: itsm.AllOf}, Members: []itsm.Edge{{Target: dep}}}}}
	}
	b := itsm.NewBuilder().AddService(loop("user-service", "social-graph-service"), loop("social-graph-service", "user-service"))
	m, _ := b.Build()
	fmt.Println(m.Cycles())
	_, err := b.Build(itsm.Strict())
	fmt.Println(err)
	// Output:
	// [[social-graph-service user-service]]
	// itsm: invalid model: 1 problem; cycle among 2 nodes: ["social-graph-service" "user-service"]
}

// Walk dependencies and dependents of the example document.
func ExampleModel_TransitiveDependents() {
	f, err := os.Open("testdata/model.json")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer f.Close()
	m, err := itsm.DecodeJSON(f)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("email needs:", slices.Collect(m.Dependencies("email")))
	fmt.Println("dc-north reaches:", slices.Collect(m.TransitiveDependents("dc-north")))
	for svc := range m.TransitiveDependents("ops-team") {
		if _, ok := m.Service(svc); ok {
			fmt.Println(svc, "users:", slices.Collect(m.UsersOf(svc)))
		}
	}
	// Output:
	// email needs: [mx-1 mx-2 mail-store identity internet]
	// dc-north reaches: [mx-1 email]
	// identity users: [alice]
	// email users: [alice bob]
}

// Decoding errors name the JSON path.
func ExampleDecodeJSON_error() {
	doc := `{"format": "itsmkit.model/v1", "resources": [{"id": "r1", "kind": "data"}, {"id": "r2", "kind": "data", "size": 3}]}`
	_, err := itsm.DecodeJSON(strings.NewReader(doc))
	fmt.Println(err)
	// Output:
	// itsm: decode $.resources[1].size (byte 73): malformed model document: unknown field "size"
}

// Load the shipped microservice dependency graphs and list their cycles.
func ExampleLoadMicroserviceGraphs() {
	sub, _ := fs.Sub(dataset.FS(), dataset.MicroserviceGraphs)
	models, err := itsm.LoadMicroserviceGraphs(sub)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, sys := range slices.Sorted(func(yield func(string) bool) {
		for k := range models {
			if !yield(k) {
				return
			}
		}
	}) {
		m := models[sys]
		fmt.Println(sys, m.Len(), m.Graph().EdgeCount(), m.Cycles())
	}
	// Output:
	// deathstarbench-hotelreservation 23 31 []
	// deathstarbench-mediamicroservices 31 36 []
	// deathstarbench-socialnetwork 26 33 [[social-graph-service user-service]]
	// online-boutique 12 16 []
	// sockshop 13 14 []
	// trainticket 68 154 [[ts-seat-service ts-travel-service ts-travel2-service]]
}
