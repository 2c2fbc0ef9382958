package itsm_test

import (
	"io/fs"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/internal/dataset"
	"github.com/itsmkit/itsmkit/itsm"
)

func microserviceModels(t testing.TB) map[string]*itsm.Model {
	t.Helper()
	sub, err := fs.Sub(dataset.FS(), dataset.MicroserviceGraphs)
	if err != nil {
		t.Fatal(err)
	}
	models, err := itsm.LoadMicroserviceGraphs(sub)
	if err != nil {
		t.Fatal(err)
	}
	return models
}

func radiusOf(radii []itsm.Radius, id itsm.ID) itsm.Radius {
	for _, r := range radii {
		if r.Node == id {
			return r
		}
	}
	return itsm.Radius{}
}

func spofOf(spofs []itsm.SPOF, id itsm.ID) []itsm.ID {
	for _, s := range spofs {
		if s.Service == id {
			return s.Nodes
		}
	}
	return nil
}

// TestBlastRadiusMicroservices pins the blast-radius ranking and single points of failure of the
// six shipped systems. With all-of groups a failure takes down exactly its transitive callers, so
// every figure was checked by an independent reverse reachability over edges.csv (a separate
// script, not this code), and the small systems by hand; the dataset README names the cycles and
// hubs these follow from.
func TestBlastRadiusMicroservices(t *testing.T) {
	models := microserviceModels(t)
	type radius struct {
		node  itsm.ID
		down  []itsm.ID
		worse []itsm.ID
	}
	cases := []struct {
		system  string
		top     []itsm.ID // the worst radii, in rank order
		topDown int       // services the first one takes down (itself included)
		radii   []radius
		spofs   map[itsm.ID][]itsm.ID
	}{
		{
			system: "online-boutique",
			// productcatalogservice is shared by frontend, checkoutservice and recommendationservice.
			top: []itsm.ID{"productcatalogservice"}, topDown: 4,
			radii: []radius{
				{"productcatalogservice", []itsm.ID{"checkoutservice", "frontend", "productcatalogservice", "recommendationservice"}, nil},
				{"redis-cart", []itsm.ID{"cartservice", "checkoutservice", "frontend"}, nil},
				// The only optional edge of the dataset: losing it degrades the front end.
				{"shoppingassistantservice", []itsm.ID{"shoppingassistantservice"}, []itsm.ID{"frontend"}},
				{"frontend", []itsm.ID{"frontend"}, nil},
			},
			spofs: map[itsm.ID][]itsm.ID{
				"frontend":              {"adservice", "cartservice", "checkoutservice", "currencyservice", "emailservice", "paymentservice", "productcatalogservice", "recommendationservice", "redis-cart", "shippingservice"},
				"checkoutservice":       {"cartservice", "currencyservice", "emailservice", "paymentservice", "productcatalogservice", "redis-cart", "shippingservice"},
				"recommendationservice": {"productcatalogservice"},
				"cartservice":           {"redis-cart"},
			},
		},
		{
			system: "sockshop",
			// rabbitmq feeds shipping and queue-master; orders needs shipping; front-end needs orders.
			top: []itsm.ID{"rabbitmq", "carts", "carts-db"}, topDown: 4,
			radii: []radius{{"rabbitmq", []itsm.ID{"front-end", "orders", "queue-master", "shipping"}, nil}},
			spofs: map[itsm.ID][]itsm.ID{
				"orders":       {"carts", "carts-db", "orders-db", "payment", "rabbitmq", "shipping", "user", "user-db"},
				"queue-master": {"rabbitmq"},
				"shipping":     {"rabbitmq"},
			},
		},
		{
			system: "deathstarbench-hotelreservation",
			// Every service registers with Consul.
			top: []itsm.ID{"consul"}, topDown: 10,
			spofs: map[itsm.ID][]itsm.ID{
				"search": {"consul", "geo", "memcached-rate", "mongodb-geo", "mongodb-rate", "rate"},
			},
		},
		{
			system: "deathstarbench-socialnetwork",
			top:    []itsm.ID{"user-memcached", "user-mongodb"}, topDown: 7,
			radii: []radius{
				// The cycle social-graph-service ⇄ user-service shares fate: either takes the other down.
				{"social-graph-service", []itsm.ID{"compose-post-service", "home-timeline-service", "nginx-thrift", "social-graph-service", "user-service"}, nil},
				{"user-service", []itsm.ID{"compose-post-service", "home-timeline-service", "nginx-thrift", "social-graph-service", "user-service"}, nil},
			},
			spofs: map[itsm.ID][]itsm.ID{
				"social-graph-service": {"social-graph-mongodb", "social-graph-redis", "user-memcached", "user-mongodb", "user-service"},
				"user-service":         {"social-graph-mongodb", "social-graph-redis", "social-graph-service", "user-memcached", "user-mongodb"},
			},
		},
		{
			system: "deathstarbench-mediamicroservices",
			top:    []itsm.ID{"review-storage-memcached", "review-storage-mongodb", "review-storage-service"}, topDown: 10,
		},
		{
			system: "trainticket",
			// ts-station-service is a fan-in hub (11 callers); its database takes it down with it.
			top: []itsm.ID{"ts-station-mongo", "ts-station-service"}, topDown: 23,
			spofs: map[itsm.ID][]itsm.ID{
				"ts-station-service": {"ts-station-mongo"},
			},
		},
	}
	for _, c := range cases {
		t.Run(c.system, func(t *testing.T) {
			a := mustAnalyzer(t, models[c.system], itsm.Policy{})
			radii, err := a.BlastRadius(nil)
			if err != nil {
				t.Fatal(err)
			}
			if len(radii) != models[c.system].Len() {
				t.Errorf("%d radii for %d nodes", len(radii), models[c.system].Len())
			}
			var top []itsm.ID
			for _, r := range radii[:len(c.top)] {
				top = append(top, r.Node)
			}
			if diff := cmp.Diff(c.top, top); diff != "" {
				t.Errorf("top radii (-want +got):\n%s", diff)
			}
			if got := len(radii[0].Down); got != c.topDown {
				t.Errorf("top radius takes down %d, want %d", got, c.topDown)
			}
			for _, r := range c.radii {
				if len(r.down) == 0 {
					continue
				}
				got := radiusOf(radii, r.node)
				if diff := cmp.Diff(r.down, got.Down); diff != "" {
					t.Errorf("%s down (-want +got):\n%s", r.node, diff)
				}
				if diff := cmp.Diff(r.worse, got.Worse); diff != "" {
					t.Errorf("%s worse (-want +got):\n%s", r.node, diff)
				}
			}
			spofs, err := a.SinglePointsOfFailure(nil)
			if err != nil {
				t.Fatal(err)
			}
			for svc, want := range c.spofs {
				if diff := cmp.Diff(want, spofOf(spofs, svc)); diff != "" {
					t.Errorf("SPOFs of %s (-want +got):\n%s", svc, diff)
				}
			}
		})
	}
}

// TestTrainTicketCycle: TrainTicket's two cycles share ts-seat-service, so the three services form
// one strongly connected component and fall together.
func TestTrainTicketCycle(t *testing.T) {
	m := microserviceModels(t)["trainticket"]
	if diff := cmp.Diff([][]itsm.ID{{"ts-seat-service", "ts-travel-service", "ts-travel2-service"}}, m.Cycles()); diff != "" {
		t.Fatalf("cycles (-want +got):\n%s", diff)
	}
	a := mustAnalyzer(t, m, itsm.Policy{})
	radii, err := a.BlastRadius(nil)
	if err != nil {
		t.Fatal(err)
	}
	seat := radiusOf(radii, "ts-seat-service")
	for _, id := range []itsm.ID{"ts-seat-service", "ts-travel-service", "ts-travel2-service", "ts-preserve-service", "ts-ui-dashboard"} {
		if !slicesContains(seat.Down, id) {
			t.Errorf("ts-seat-service down does not take %s down: %v", id, seat.Down)
		}
	}
	travel := radiusOf(radii, "ts-travel-service")
	if !slicesContains(travel.Down, "ts-travel2-service") {
		t.Errorf("ts-travel-service does not take ts-travel2-service down through the cycle: %v", travel.Down)
	}
	// Explanations inside the cycle reach the failed database.
	ev := mustEvaluate(t, a, itsm.Observation{ID: "ts-travel-mongo", State: D})
	causes, err := ev.Causes("ts-travel2-service")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff([]itsm.ID{"ts-travel-mongo"}, causes); diff != "" {
		t.Errorf("causes (-want +got):\n%s", diff)
	}
	path, _ := ev.Path("ts-travel2-service")
	var ids []itsm.ID
	for _, x := range path {
		ids = append(ids, x.ID)
	}
	if diff := cmp.Diff([]itsm.ID{"ts-travel2-service", "ts-seat-service", "ts-travel-service", "ts-travel-mongo"}, ids); diff != "" {
		t.Errorf("path (-want +got):\n%s", diff)
	}
}

func slicesContains(xs []itsm.ID, x itsm.ID) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
