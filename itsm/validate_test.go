package itsm_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/itsmkit/itsmkit/itsm"
)

// modelBase returns a valid builder: provider p, service web (needs db and app), service app (needs
// db), resource db, an access point, a customer subscribed to web, a user there and a desk.
func modelBase() *itsm.Builder {
	return itsm.NewBuilder().
		AddProvider(itsm.Provider{ID: "p"}).
		AddService(
			itsm.Service{ID: "web", Provider: "p", Requires: []itsm.Group{allOfGroup("db", "app")}},
			itsm.Service{ID: "app", Provider: "p", Requires: []itsm.Group{allOfGroup("db")}},
		).
		AddResource(itsm.Resource{ID: "db", Kind: itsm.Data, Provider: "p"}).
		AddAccessPoint(itsm.AccessPoint{ID: "ap", Service: "web"}).
		AddCustomer(itsm.Customer{ID: "c"}).
		AddSubscription(itsm.Subscription{Customer: "c", Service: "web", Agreement: "sla-1"}).
		AddUser(itsm.User{ID: "u", Customer: "c", AccessPoints: []itsm.ID{"ap"}}).
		AddDesk(itsm.ServiceDesk{ID: "desk", Customers: []itsm.ID{"c"}, Services: []itsm.ID{"web"}, Channels: []itsm.Channel{itsm.Phone}})
}

func allOfGroup(targets ...itsm.ID) itsm.Group {
	g := itsm.Group{Rule: itsm.Rule{Op: itsm.AllOf}}
	for _, t := range targets {
		g.Members = append(g.Members, itsm.Edge{Target: t})
	}
	return g
}

type modelFinding struct {
	Code string
	IDs  []itsm.ID
}

func modelFindings(t *testing.T, err error) []modelFinding {
	t.Helper()
	if err == nil {
		return nil
	}
	var ve *itsm.ValidationError
	if !errors.As(err, &ve) {
		t.Fatalf("error %v is not a *ValidationError", err)
	}
	var out []modelFinding
	for _, p := range ve.Problems {
		if !errors.Is(err, p.Code) || !strings.HasPrefix(p.Error(), "itsm: ") {
			t.Errorf("problem %v: code not reachable or unprefixed", p)
		}
		out = append(out, modelFinding{Code: p.Code.Error(), IDs: p.IDs})
	}
	return out
}

func TestValidateTable(t *testing.T) {
	svc := func(id itsm.ID, gs ...itsm.Group) itsm.Service {
		return itsm.Service{ID: id, Provider: "p", Requires: gs}
	}
	group := func(rule itsm.Rule, edges ...itsm.Edge) itsm.Group { return itsm.Group{Rule: rule, Members: edges} }
	e := func(id itsm.ID) itsm.Edge { return itsm.Edge{Target: id} }
	for _, tc := range []struct {
		name string
		add  func(b *itsm.Builder)
		opts []itsm.BuildOption
		want []modelFinding
	}{
		{name: "valid", add: func(*itsm.Builder) {}},
		{name: "duplicate across kinds", add: func(b *itsm.Builder) { b.AddCustomer(itsm.Customer{ID: "db"}) },
			want: []modelFinding{{itsm.ErrDuplicateID.Error(), []itsm.ID{"db"}}}},
		{name: "duplicate service", add: func(b *itsm.Builder) { b.AddService(svc("app")) },
			want: []modelFinding{{itsm.ErrDuplicateID.Error(), []itsm.ID{"app"}}}},
		{name: "empty ID", add: func(b *itsm.Builder) { b.AddProvider(itsm.Provider{}) },
			want: []modelFinding{{itsm.ErrEmptyID.Error(), nil}}},
		{name: "unknown target", add: func(b *itsm.Builder) { b.AddService(svc("s", allOfGroup("nope"))) },
			want: []modelFinding{{itsm.ErrUnknownReference.Error(), []itsm.ID{"s", "nope"}}}},
		{name: "target is a customer", add: func(b *itsm.Builder) { b.AddService(svc("s", allOfGroup("c"))) },
			want: []modelFinding{{itsm.ErrWrongKind.Error(), []itsm.ID{"s", "c"}}}},
		{name: "unknown provider", add: func(b *itsm.Builder) { b.AddResource(itsm.Resource{ID: "r", Kind: itsm.Staff, Provider: "q"}) },
			want: []modelFinding{{itsm.ErrUnknownReference.Error(), []itsm.ID{"r", "q"}}}},
		{name: "self dependency", add: func(b *itsm.Builder) { b.AddService(svc("s", allOfGroup("db", "s"))) },
			want: []modelFinding{{itsm.ErrSelfDependency.Error(), []itsm.ID{"s"}}}},
		{name: "empty group", add: func(b *itsm.Builder) { b.AddService(svc("s", allOfGroup())) },
			want: []modelFinding{{itsm.ErrEmptyGroup.Error(), []itsm.ID{"s"}}}},
		{name: "duplicate member", add: func(b *itsm.Builder) { b.AddService(svc("s", allOfGroup("db", "db"))) },
			want: []modelFinding{{itsm.ErrDuplicateMember.Error(), []itsm.ID{"s", "db"}}}},
		{name: "no operator", add: func(b *itsm.Builder) { b.AddService(svc("s", group(itsm.Rule{}, e("db")))) },
			want: []modelFinding{{itsm.ErrInvalidRule.Error(), []itsm.ID{"s"}}}},
		{name: "invert of two", add: func(b *itsm.Builder) { b.AddService(svc("s", group(itsm.Rule{Op: itsm.Invert}, e("db"), e("app")))) },
			want: []modelFinding{{itsm.ErrInvalidRule.Error(), []itsm.ID{"s"}}}},
		{name: "threshold above size", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 3}}, e("db"), e("app"))))
		}, want: []modelFinding{{itsm.ErrThreshold.Error(), []itsm.ID{"s"}}}},
		{name: "percent over 100", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AtLeast, DegradedBelow: itsm.Threshold{Percent: 101}}, e("db"))))
		}, want: []modelFinding{{itsm.ErrThreshold.Error(), []itsm.ID{"s"}}}},
		{name: "count and percent", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: 1, Percent: 50}}, e("db"))))
		}, want: []modelFinding{{itsm.ErrThreshold.Error(), []itsm.ID{"s"}}}},
		{name: "negative threshold", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AtLeast, DownBelow: itsm.Threshold{Count: -1}}, e("db"))))
		}, want: []modelFinding{{itsm.ErrThreshold.Error(), []itsm.ID{"s"}}}},
		{name: "weighted within total weight", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.Weighted, DownBelow: itsm.Threshold{Count: 4}},
				itsm.Edge{Target: "db", Weight: 3}, e("app")))) // unset weight counts as 1: total 4
		}},
		{name: "weighted above total weight", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.Weighted, DownBelow: itsm.Threshold{Count: 5}},
				itsm.Edge{Target: "db", Weight: 3}, e("app"))))
		}, want: []modelFinding{{itsm.ErrThreshold.Error(), []itsm.ID{"s"}}}},
		{name: "negative weight", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AllOf}, itsm.Edge{Target: "db", Weight: -2})))
		}, want: []modelFinding{{itsm.ErrNegativeWeight.Error(), []itsm.ID{"s", "db"}}}},
		{name: "raise without levels", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AllOf}, itsm.Edge{Target: "db", Map: itsm.Mapping{Kind: itsm.Raise}})))
		}, want: []modelFinding{{itsm.ErrInvalidMapping.Error(), []itsm.ID{"s", "db"}}}},
		{name: "fixed without state", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AllOf}, itsm.Edge{Target: "db", Map: itsm.Mapping{Kind: itsm.Fixed}})))
		}, want: []modelFinding{{itsm.ErrInvalidMapping.Error(), []itsm.ID{"s", "db"}}}},
		{name: "fixed down is fine", add: func(b *itsm.Builder) {
			b.AddService(svc("s", group(itsm.Rule{Op: itsm.AllOf}, itsm.Edge{Target: "db", Map: itsm.Mapping{Kind: itsm.Fixed, Fixed: itsm.Down}})))
		}},
		{name: "invalid resource kind", add: func(b *itsm.Builder) { b.AddResource(itsm.Resource{ID: "r"}) },
			want: []modelFinding{{itsm.ErrInvalidKind.Error(), []itsm.ID{"r"}}}},
		{name: "other provider without agreement", add: func(b *itsm.Builder) {
			b.AddProvider(itsm.Provider{ID: "q"}).AddService(itsm.Service{ID: "ext", Provider: "q"}, svc("s", allOfGroup("ext")))
		}, want: []modelFinding{{itsm.ErrMissingAgreement.Error(), []itsm.ID{"s", "ext"}}}},
		{name: "other provider with agreement", add: func(b *itsm.Builder) {
			b.AddProvider(itsm.Provider{ID: "q"}).AddService(itsm.Service{ID: "ext", Provider: "q"},
				svc("s", group(itsm.Rule{Op: itsm.AllOf}, itsm.Edge{Target: "ext", Agreement: "uc-9"})))
		}},
		{name: "access point of a resource", add: func(b *itsm.Builder) { b.AddAccessPoint(itsm.AccessPoint{ID: "ap2", Service: "db"}) },
			want: []modelFinding{{itsm.ErrWrongKind.Error(), []itsm.ID{"ap2", "db"}}}},
		{name: "subscription to nothing", add: func(b *itsm.Builder) { b.AddSubscription(itsm.Subscription{Customer: "c", Service: "zz"}) },
			want: []modelFinding{{itsm.ErrUnknownReference.Error(), []itsm.ID{"c", "zz"}}}},
		{name: "subscription of nobody", add: func(b *itsm.Builder) { b.AddSubscription(itsm.Subscription{Customer: "x", Service: "web"}) },
			want: []modelFinding{{itsm.ErrUnknownReference.Error(), []itsm.ID{"x", "web"}}}},
		{name: "duplicate subscription", add: func(b *itsm.Builder) {
			b.AddSubscription(itsm.Subscription{Customer: "c", Service: "web", Agreement: "sla-1"})
		}, want: []modelFinding{{itsm.ErrDuplicateSubscription.Error(), []itsm.ID{"c", "web"}}}},
		{name: "second agreement is fine", add: func(b *itsm.Builder) {
			b.AddSubscription(itsm.Subscription{Customer: "c", Service: "web", Agreement: "sla-2"})
		}},
		{name: "user of unknown customer", add: func(b *itsm.Builder) { b.AddUser(itsm.User{ID: "v", Customer: "nobody"}) },
			want: []modelFinding{{itsm.ErrUnknownReference.Error(), []itsm.ID{"v", "nobody"}}}},
		{name: "user without customer", add: func(b *itsm.Builder) { b.AddUser(itsm.User{ID: "v"}) },
			want: []modelFinding{{itsm.ErrEmptyID.Error(), []itsm.ID{"v", ""}}}},
		{name: "user at unknown access point", add: func(b *itsm.Builder) {
			b.AddUser(itsm.User{ID: "v", Customer: "c", AccessPoints: []itsm.ID{"nowhere"}})
		}, want: []modelFinding{{itsm.ErrUnknownReference.Error(), []itsm.ID{"v", "nowhere"}}}},
		{name: "user not subscribed", add: func(b *itsm.Builder) {
			b.AddCustomer(itsm.Customer{ID: "c2"}).AddUser(itsm.User{ID: "v", Customer: "c2", AccessPoints: []itsm.ID{"ap"}})
		}, want: []modelFinding{{itsm.ErrNotSubscribed.Error(), []itsm.ID{"v", "c2", "web"}}}},
		{name: "desk references", add: func(b *itsm.Builder) {
			b.AddDesk(itsm.ServiceDesk{ID: "d2", Customers: []itsm.ID{"zz"}, Services: []itsm.ID{"db"}, Channels: []itsm.Channel{0}})
		}, want: []modelFinding{
			{itsm.ErrInvalidChannel.Error(), []itsm.ID{"d2"}},
			{itsm.ErrUnknownReference.Error(), []itsm.ID{"d2", "zz"}},
			{itsm.ErrWrongKind.Error(), []itsm.ID{"d2", "db"}},
		}},
		{name: "cycle allowed by default", add: func(b *itsm.Builder) {
			b.AddService(svc("x", allOfGroup("y")), svc("y", allOfGroup("x")))
		}},
		{name: "cycle rejected in strict mode", opts: []itsm.BuildOption{itsm.Strict()}, add: func(b *itsm.Builder) {
			b.AddService(svc("x", allOfGroup("y")), svc("y", allOfGroup("z")), svc("z", allOfGroup("x", "db")))
		}, want: []modelFinding{{itsm.ErrCycle.Error(), []itsm.ID{"x", "y", "z"}}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := modelBase()
			tc.add(b)
			_, err := b.Build(tc.opts...)
			if d := cmp.Diff(tc.want, modelFindings(t, err)); d != "" {
				t.Errorf("problems (-want +got):\n%s\nerror: %v", d, err)
			}
		})
	}
}

// TestValidateAllAtOnce: every problem is reported in one error, in a deterministic order.
func TestValidateAllAtOnce(t *testing.T) {
	b := modelBase().
		AddService(itsm.Service{ID: "s", Requires: []itsm.Group{allOfGroup("s", "ghost"), {Rule: itsm.Rule{Op: itsm.AllOf}}}}).
		AddCustomer(itsm.Customer{ID: "db"}).
		AddUser(itsm.User{ID: "v", Customer: "nobody"})
	_, err := b.Build()
	want := []modelFinding{
		{itsm.ErrDuplicateID.Error(), []itsm.ID{"db"}},
		{itsm.ErrEmptyGroup.Error(), []itsm.ID{"s"}},
		{itsm.ErrSelfDependency.Error(), []itsm.ID{"s"}},
		{itsm.ErrUnknownReference.Error(), []itsm.ID{"s", "ghost"}},
		{itsm.ErrUnknownReference.Error(), []itsm.ID{"v", "nobody"}},
	}
	if d := cmp.Diff(want, modelFindings(t, err)); d != "" {
		t.Errorf("problems (-want +got):\n%s", d)
	}
	for _, code := range []error{itsm.ErrDuplicateID, itsm.ErrEmptyGroup, itsm.ErrSelfDependency, itsm.ErrUnknownReference} {
		if !errors.Is(err, code) {
			t.Errorf("errors.Is(err, %v) is false", code)
		}
	}
	var p itsm.Problem
	if !errors.As(err, &p) || p.Code != itsm.ErrDuplicateID {
		t.Errorf("errors.As Problem: %v", p)
	}
	wantMsg := `itsm: invalid model: 5 problems; ID "db" is used by a resource and a customer; service "s" requires[1]: group has no members; ` +
		`service "s" requires[0] members[0]: "s" depends on itself; service "s" requires[0] members[1]: target "ghost" names nothing; ` +
		`user "v" customer: customer "nobody" names nothing`
	if err.Error() != wantMsg {
		t.Errorf("message:\n got %s\nwant %s", err, wantMsg)
	}
}

// TestValidateManyProblems: the message stays short however many problems there are.
func TestValidateManyProblems(t *testing.T) {
	b := itsm.NewBuilder()
	for range 100 {
		b.AddProvider(itsm.Provider{})
	}
	_, err := b.Build()
	var ve *itsm.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 100 {
		t.Fatalf("got %v", err)
	}
	if !strings.HasSuffix(err.Error(), "; and 80 more") {
		t.Errorf("message %q", err)
	}
}

// TestValidateMaxProblems: a limit keeps the first problems and counts the rest.
func TestValidateMaxProblems(t *testing.T) {
	b := itsm.NewBuilder()
	for range 100 {
		b.AddProvider(itsm.Provider{})
	}
	_, err := b.Build(itsm.MaxProblems(5))
	var ve *itsm.ValidationError
	if !errors.As(err, &ve) || len(ve.Problems) != 5 || ve.Omitted != 95 {
		t.Fatalf("got %v", err)
	}
	if !strings.HasPrefix(err.Error(), "itsm: invalid model: 100 problems; ") || !strings.HasSuffix(err.Error(), "; and 95 more") {
		t.Errorf("message %q", err)
	}
	// DecodeJSON applies its default, and WithBuildOptions overrides it.
	var doc strings.Builder
	doc.WriteString(`{"format": "itsmkit.model/v1", "services": [{"id": "s", "requires": [{"rule": {"op": "any-of"}, "members": [`)
	for i := range 20_000 {
		if i > 0 {
			doc.WriteString(",")
		}
		fmt.Fprintf(&doc, `{"target": "t%d"}`, i)
	}
	doc.WriteString(`]}]}]}`)
	_, err = itsm.DecodeJSON(strings.NewReader(doc.String()))
	if !errors.As(err, &ve) || len(ve.Problems) != itsm.DefaultMaxProblems || ve.Omitted != 20_000-itsm.DefaultMaxProblems {
		t.Errorf("decode default: %d listed, %d omitted", len(ve.Problems), ve.Omitted)
	}
	_, err = itsm.DecodeJSON(strings.NewReader(doc.String()), itsm.WithBuildOptions(itsm.MaxProblems(0)))
	if !errors.As(err, &ve) || len(ve.Problems) != 20_000 || ve.Omitted != 0 {
		t.Errorf("decode unlimited: %d listed, %d omitted", len(ve.Problems), ve.Omitted)
	}
}
