package graph_test

import (
	"fmt"
	"slices"

	"github.com/itsmkit/itsmkit/internal/graph"
)

func ExampleGraph_SCC() {
	// 0 → 1 → 2 → 1 (a cycle of 1 and 2), 2 → 3.
	g, err := graph.New(4, []graph.Edge{{From: 0, To: 1}, {From: 1, To: 2}, {From: 2, To: 1}, {From: 2, To: 3}})
	if err != nil {
		fmt.Println(err)
		return
	}
	c := g.SCC()
	fmt.Println("components:", c.Count())
	fmt.Println("order:", c.Order())
	fmt.Println("cycles:", c.Cycles())
	fmt.Println("reaches 3:", slices.Collect(g.Reachable(graph.Backward, 3)))
	// Output:
	// components: 3
	// order: [0 1 2 3]
	// cycles: [[1 2]]
	// reaches 3: [2 1 0]
}
