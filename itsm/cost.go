package itsm

import (
	"cmp"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"slices"
	"time"
)

// ErrNegative: a rate, budget or duration is negative (cost and recovery calculations; mixed
// currencies are ErrCurrencyMismatch and amounts outside int64 minor units ErrMoneyOverflow).
var ErrNegative = errors.New("itsm: negative amount or duration")

// Pricer prices an outage of one subscription: what the provider expects to lose (service credits,
// penalties, lost revenue) when the subscribed service has status st for d. The status is the
// service's derived one, flags included, so a pricer can tell planned work from an outage: a
// service whose status carries InMaintenance is down (or degraded) because of planned
// maintenance (every cause deciding it is in maintenance), which most contracts do not count as
// an outage, and Acknowledged marks an outage someone is handling (still an outage). itsm cannot
// import sla, so an agreement's credit terms reach impact analysis through this interface:
// sla.Exposures implements it from each agreement's budget so far, credit tiers and maintenance
// policy (and its Budgets feed TimeToBreach); RateTable is the plain per-hour table; PricerFunc
// adapts a function. The zero (nil) Pricer prices nothing: costs come out empty. Evaluations may
// be priced from several goroutines, so an implementation must be safe for concurrent use, as
// RateTable is.
type Pricer interface {
	Price(sub Subscription, st Status, d time.Duration) (Money, error)
}

// PricerFunc adapts a function to Pricer.
// The zero (nil) PricerFunc must not be used as a Pricer (pass a nil Pricer to price nothing).
// It is safe for concurrent use when the function is.
type PricerFunc func(sub Subscription, st Status, d time.Duration) (Money, error)

// Price calls f; a nil f charges nothing.
func (f PricerFunc) Price(sub Subscription, st Status, d time.Duration) (Money, error) {
	if f == nil {
		return Money{}, nil
	}
	return f(sub, st, d)
}

// Rate is the hourly cost of one customer's agreement being down, of it being degraded (any
// state worse than operational but not down: degraded or unknown), and of it being in planned
// maintenance (a status carrying InMaintenance, whatever its state worse than operational). The
// zero value charges nothing: in particular a zero Maintenance rate makes planned maintenance
// free, as sla's default maintenance policy (excluded from the denominator) has it; set it to the
// Down rate to charge planned work like an outage (revenue lost whatever the reason). An
// Acknowledged outage is priced by its state: it is still an outage.
// A plain value, safe for concurrent use.
type Rate struct {
	Customer    ID     `json:"customer"`
	Agreement   string `json:"agreement,omitempty"`
	Down        Money  `json:"down,omitzero"`
	Degraded    Money  `json:"degraded,omitzero"`
	Maintenance Money  `json:"maintenance,omitzero"`
}

// RateTable prices subscriptions by their customer and agreement, per hour, pro rata: the cost of
// d is rate × d / 1 h in minor units, rounded down (towards zero), the rate chosen by the status
// (see Rate: the maintenance rate for a status in maintenance, otherwise the down or degraded
// rate). Subscriptions without a rate cost nothing. The first matching rate wins. A nil table
// charges nothing; safe for concurrent use.
type RateTable []Rate

// Price implements Pricer.
func (t RateTable) Price(sub Subscription, st Status, d time.Duration) (Money, error) {
	if d < 0 {
		return Money{}, fmt.Errorf("%w: duration %v", ErrNegative, d)
	}
	for _, r := range t {
		if r.Customer != sub.Customer || r.Agreement != sub.Agreement {
			continue
		}
		var per Money
		switch {
		case !bad(st.State):
			return Money{Currency: r.Down.Currency}, nil
		case st.Flags&InMaintenance != 0:
			per = r.Maintenance
		case st.State == Down:
			per = r.Down
		default:
			per = r.Degraded
		}
		return prorate(per, d)
	}
	return Money{}, nil
}

// prorate returns per × d / hour rounded down, exactly (128-bit intermediate rather than
// Money.Share: it runs once per affected subscription and needs no big arithmetic).
func prorate(per Money, d time.Duration) (Money, error) {
	if per.Minor < 0 {
		return Money{}, fmt.Errorf("%w: rate %v", ErrNegative, per)
	}
	hi, lo := bits.Mul64(uint64(per.Minor), uint64(d))
	if hi >= uint64(time.Hour) {
		return Money{}, fmt.Errorf("%w: %v per hour for %v", ErrMoneyOverflow, per, d)
	}
	q, _ := bits.Div64(hi, lo, uint64(time.Hour))
	if q > math.MaxInt64 {
		return Money{}, fmt.Errorf("%w: %v per hour for %v", ErrMoneyOverflow, per, d)
	}
	return Money{Minor: int64(q), Currency: per.Currency}, nil
}

// CostLine is the cost of one subscription in an outage: the service's state and flags (the
// status it was priced at) and the cost.
// The zero value costs nothing.
// A plain value, safe for concurrent use.
type CostLine struct {
	Agreement string `json:"agreement,omitempty"`
	Service   ID     `json:"service"`
	State     State  `json:"state"`
	Flags     Flags  `json:"flags,omitempty"`
	Cost      Money  `json:"cost,omitzero"`
}

// CustomerCost is the cost of an outage to one customer: the lines of its affected subscriptions
// (by service, then agreement) and their total. The total starts from the zero Money, which adds
// to any currency; lines in different currencies are an ErrCurrencyMismatch.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type CustomerCost struct {
	Customer ID         `json:"customer"`
	Total    Money      `json:"total,omitzero"`
	Lines    []CostLine `json:"lines,omitempty"`
}

// OutageCost prices the evaluated situation lasting d: for every subscription whose service is not
// operational, p's price for that status (state and flags: planned maintenance is the pricer's to
// read, see Pricer) and duration; per customer, in customer ID order. Only customers with a
// non-zero cost are listed, and only lines with a non-zero cost. A negative d is ErrNegative; a nil p charges nothing.
func (ev *Evaluation) OutageCost(d time.Duration, p Pricer) ([]CustomerCost, error) {
	if ev.zero() {
		return nil, errZeroEvaluation
	}
	if d < 0 {
		return nil, fmt.Errorf("%w: duration %v", ErrNegative, d)
	}
	if p == nil {
		return []CustomerCost{}, nil
	}
	aff := ev.Affected()
	byCust := map[ID]*CustomerCost{}
	for _, ag := range aff.Agreements {
		sub := Subscription{Customer: ag.Customer, Service: ag.Service, Agreement: ag.Agreement}
		c, err := p.Price(sub, ag.Status, d)
		if err != nil {
			return nil, fmt.Errorf("itsm: price of %s/%s/%s: %w", sub.Customer, sub.Service, sub.Agreement, err)
		}
		if c.IsZero() {
			continue
		}
		cc := byCust[ag.Customer]
		if cc == nil {
			cc = &CustomerCost{Customer: ag.Customer}
			byCust[ag.Customer] = cc
		}
		if cc.Total, err = cc.Total.Add(c); err != nil {
			return nil, fmt.Errorf("itsm: customer %q: %w", ag.Customer, err)
		}
		cc.Lines = append(cc.Lines, CostLine{Agreement: ag.Agreement, Service: ag.Service, State: ag.Status.State, Flags: ag.Status.Flags, Cost: c})
	}
	out := make([]CustomerCost, 0, len(byCust))
	for _, cc := range byCust {
		out = append(out, *cc)
	}
	slices.SortFunc(out, func(x, y CustomerCost) int { return cmp.Compare(x.Customer, y.Customer) })
	return out, nil
}

// Budget is what remains of one agreement's error budget (downtime it may still have in the
// current period), with how fast a degraded service burns it: DegradedBurn is the per-mille of
// real time a degraded (or unknown) hour costs (0: degraded time does not count; 1000: it counts
// as down time). MaintenanceBurns says whether planned maintenance burns it: time a service of
// the agreement spends in maintenance (its status carries InMaintenance, whatever its state
// worse than operational) burns at full speed, as down time, when set (sla's MaintenanceDown),
// and not at all when clear (the zero value: maintenance is excluded from the period's counted
// time or counted as good time, sla's default MaintenanceExcluded and MaintenanceUp).
// The zero value names no customer and has no budget left; degraded and maintenance time do not
// burn it.
// A plain value, safe for concurrent use.
type Budget struct {
	Customer         ID            `json:"customer"`
	Agreement        string        `json:"agreement,omitempty"`
	Remaining        time.Duration `json:"remaining,omitempty"`
	DegradedBurn     int           `json:"degradedBurn,omitempty"`
	MaintenanceBurns bool          `json:"maintenanceBurns,omitempty"`
}

// burn is the per-mille of real time that a service of the agreement at status st burns of b.
func (b Budget) burn(st Status) int {
	switch {
	case !bad(st.State):
		return 0
	case st.Flags&InMaintenance != 0:
		if b.MaintenanceBurns {
			return 1000
		}
		return 0
	case st.State == Down:
		return 1000
	}
	return b.DegradedBurn
}

// Breach is when one agreement breaches if the evaluated situation lasts: In from now (zero when
// the budget is already spent), because of Service with State and Flags (of the agreement's
// services, the one burning its budget fastest).
// A plain value, safe for concurrent use.
type Breach struct {
	Customer  ID            `json:"customer"`
	Agreement string        `json:"agreement,omitempty"`
	Service   ID            `json:"service"`
	State     State         `json:"state"`
	Flags     Flags         `json:"flags,omitempty"`
	In        time.Duration `json:"in"`
}

// TimeToBreach returns, for every budget whose agreement has a service burning it, how long the
// situation may last before the budget is spent: the remaining budget at full burn (a service
// down, or in maintenance when the budget's MaintenanceBurns is set), divided by the degraded burn
// rate for a degraded or unknown one (rounded down to the nanosecond). The agreement burns at the
// rate of its fastest-burning service (the worst state among equals, then the first in ID order),
// which names the breach. A service in planned maintenance (its status carries InMaintenance)
// does not burn a budget whose MaintenanceBurns is clear. A time that does not fit in a
// time.Duration (a long budget burnt slowly: 300 days at 1‰ is 821 years) saturates at the largest
// Duration, math.MaxInt64 nanoseconds (about 292 years): read it as "not in any period that
// matters", never as an exact figure. Agreements that do not burn are left out. Sorted soonest
// first, then by customer and agreement.
func (ev *Evaluation) TimeToBreach(budgets []Budget) ([]Breach, error) {
	if ev.zero() {
		return nil, errZeroEvaluation
	}
	type key struct {
		c ID
		a string
	}
	services := map[key][]AgreementImpact{} // the agreement's affected services, in service order
	for _, ag := range ev.Affected().Agreements {
		k := key{ag.Customer, ag.Agreement}
		services[k] = append(services[k], ag)
	}
	var out []Breach
	for i, b := range budgets {
		if b.DegradedBurn < 0 || b.DegradedBurn > 1000 {
			return nil, fmt.Errorf("%w: budgets[%d] degraded burn %d‰ outside 0..1000", ErrNegative, i, b.DegradedBurn)
		}
		var w AgreementImpact
		rate := 0
		for _, ag := range services[key{b.Customer, b.Agreement}] {
			r := b.burn(ag.Status)
			if r > rate || (r == rate && r > 0 && severity(ag.Status.State) > severity(w.Status.State)) {
				w, rate = ag, r
			}
		}
		if rate == 0 {
			continue
		}
		rem := max(b.Remaining, 0)
		in := rem
		if rate < 1000 {
			in = slowBurn(rem, rate)
		}
		out = append(out, Breach{Customer: b.Customer, Agreement: b.Agreement, Service: w.Service, State: w.Status.State, Flags: w.Status.Flags, In: in})
	}
	slices.SortFunc(out, func(x, y Breach) int {
		return cmp.Or(cmp.Compare(x.In, y.In), cmp.Compare(x.Customer, y.Customer), cmp.Compare(x.Agreement, y.Agreement))
	})
	return out, nil
}

// slowBurn is how long rem lasts when burnt at perMille ‰ (1..1000) of real time: rem × 1000 /
// perMille, rounded down, exactly (128-bit intermediate), saturating at the largest Duration.
// bits.Div64 panics when the quotient does not fit in 64 bits (hi ≥ the divisor), so that case
// saturates before dividing.
func slowBurn(rem time.Duration, perMille int) time.Duration {
	hi, lo := bits.Mul64(uint64(rem), 1000)
	if hi >= uint64(perMille) {
		return math.MaxInt64
	}
	q, _ := bits.Div64(hi, lo, uint64(perMille))
	return time.Duration(min(q, math.MaxInt64))
}

// Repair is what repairing one failed input restores: the services and customers whose state
// improves, and the hourly cost that stops (the Pricer's price for one hour of each service's
// status before the repair, minus that of its status after: flags included, so repairing an input
// behind planned maintenance saves what the pricer charges for maintenance).
// The zero value restores nothing.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Repair struct {
	Node              ID    `json:"node"`
	Services          []ID  `json:"services,omitempty"`
	CustomersRestored int   `json:"customersRestored,omitempty"`
	Saves             Money `json:"saves,omitzero"`
}

// RecoveryOrder ranks the failed inputs (nodes whose own observation is not operational) by what
// repairing each alone — observing it operational — restores: the hourly cost saved (p may be nil:
// no cost), then customers, then services improved, then ID. Cost: one incremental update per
// failed input. Mixed currencies in the savings are an ErrCurrencyMismatch.
func (ev *Evaluation) RecoveryOrder(p Pricer) ([]Repair, error) {
	if ev.zero() {
		return nil, errZeroEvaluation
	}
	a := ev.a
	in := ev.Incremental()
	var out []Repair
	var currency Currency
	for v, s := range ev.obsS {
		if s == 0 || !bad(State(s)) {
			continue
		}
		id := a.m.IDAt(v)
		changes, err := in.Apply(Observation{ID: id, State: Operational})
		if err != nil {
			return nil, err
		}
		r := Repair{Node: id}
		cust := map[int32]bool{}
		for _, c := range changes {
			u, _ := a.m.Index(c.ID)
			if !a.m.IsService(u) || severity(c.After.State) >= severity(c.Before.State) {
				continue
			}
			r.Services = append(r.Services, c.ID)
			for _, sub := range a.subs(int32(u)) {
				cust[sub.customer] = true
				if p == nil {
					continue
				}
				s := Subscription{Customer: a.customers[sub.customer], Service: c.ID, Agreement: sub.agreement}
				before, err := p.Price(s, c.Before, time.Hour)
				if err != nil {
					return nil, err
				}
				after, err := p.Price(s, c.After, time.Hour)
				if err != nil {
					return nil, err
				}
				diff, err := before.Sub(after)
				if err != nil {
					return nil, err
				}
				if r.Saves, err = r.Saves.Add(diff); err != nil {
					return nil, err
				}
			}
		}
		r.CustomersRestored = len(cust)
		slices.Sort(r.Services)
		if r.Saves.Currency != (Currency{}) {
			if currency != (Currency{}) && currency != r.Saves.Currency {
				return nil, fmt.Errorf("%w: %s and %s", ErrCurrencyMismatch, currency, r.Saves.Currency)
			}
			currency = r.Saves.Currency
		}
		out = append(out, r)
		if _, err := in.Apply(Observation{ID: id, State: State(s), Flags: ev.obsF[v]}); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, func(x, y Repair) int {
		return cmp.Or(cmp.Compare(y.Saves.Minor, x.Saves.Minor), cmp.Compare(y.CustomersRestored, x.CustomersRestored),
			cmp.Compare(len(y.Services), len(x.Services)), cmp.Compare(x.Node, y.Node))
	})
	return out, nil
}

// LiftSet returns a small set of failed inputs whose repair lifts node id out of its current state:
// in each group at that state, for an all-of group every failing member must recover, for any-of
// one, for at-least and weighted groups enough members to cross the threshold; each chosen member
// needs its own lift set, found the same way down to the observed inputs. Members are chosen
// greedily by the size of their own lift sets, then by ID; the result is the union, in ID order.
// The choice is the smallest possible when the members' lift sets are disjoint (replicas failing on
// their own, the usual k-of-n case); with shared causes it is greedy, since the exact answer is a
// set cover. Every group at the node's level is lifted, and the node's own observation is repaired
// when it is at that level. An operational node needs nothing (nil); the set is empty when a rule
// made the state (nothing applicable, a Fixed mapping) and no repair can lift it. Inside a cycle,
// a member that leads back to a node being lifted contributes its repairable Causes. When the
// greedy choice cannot vouch for its set (that, or a member a rule holds part of the way up), the
// set is repaired on a copy of the evaluation and completed until it lifts the node or nothing
// repairable is left; that check costs a copy of the evaluation (linear in the model).
func (ev *Evaluation) LiftSet(id ID) ([]ID, error) {
	if ev.zero() {
		return nil, errZeroEvaluation
	}
	vi, ok := ev.a.m.Index(id)
	if !ok {
		return nil, fmt.Errorf("%w: %q", ErrUnknownID, id)
	}
	v := int32(vi)
	set, sure := ev.liftSet(v)
	if set == nil {
		return nil, nil
	}
	if !sure {
		set = ev.completeLift(v, set)
	}
	return ev.a.idsOf(set), nil
}

// completeLift makes sure a lift set that the greedy choice could not vouch for lifts v: a member
// that no repair lifts all the way (a rule holds it) may still lift far enough, with others, for
// its group, so the set is repaired on a copy and what the repaired situation still needs is added
// until v is lifted or nothing repairable is left. Each round adds at least one input, so it ends.
func (ev *Evaluation) completeLift(v int32, set []int32) []int32 {
	level := State(ev.st[v])
	in := ev.Incremental()
	chosen := map[int32]bool{}
	add := set
	for len(add) > 0 {
		obs := make([]Observation, 0, len(add))
		for _, x := range add {
			chosen[x] = true
			obs = append(obs, Observation{ID: ev.a.m.IDAt(int(x)), State: Operational})
		}
		if _, err := in.Apply(obs...); err != nil {
			break // only a non-monotone policy's cycle can refuse; keep what was found
		}
		if s := State(in.ev.st[v]); !bad(s) || s < level {
			break
		}
		more, _ := in.ev.liftSet(v)
		add = add[:0:0]
		for _, x := range more {
			if !chosen[x] {
				add = append(add, x)
			}
		}
	}
	out := make([]int32, 0, len(chosen))
	for x := range chosen {
		out = append(out, x)
	}
	slices.Sort(out)
	return out
}

// liftKey names "node v below level l" in the lift memo.
type liftKey struct {
	v int32
	l State
}

// liftSet computes lift sets bottom-up over the failing members with an explicit stack, so deep
// chains cost no call depth. Each member is lifted only as far as its group needs (below the
// level whose mapped state would keep the group up), and the greedy simulation assumes the worst
// state a lifted member can then have, so the chosen set is always enough.
//
// sure reports that every group on the way could be lifted by the members' own lift sets, so the
// greedy simulation vouches for the set; otherwise LiftSet checks it by repairing (completeLift).
func (ev *Evaluation) liftSet(root int32) (set []int32, sure bool) {
	memo := map[liftKey]liftResult{}
	guessed := false
	onStack := map[liftKey]bool{}
	start := liftKey{root, State(ev.st[root])}
	stack := []liftKey{start}
	for len(stack) > 0 {
		k := stack[len(stack)-1]
		if _, done := memo[k]; done {
			stack = stack[:len(stack)-1]
			continue
		}
		if !onStack[k] {
			onStack[k] = true
			for _, c := range ev.liftChildren(k) {
				if _, done := memo[c]; !done && !onStack[c] {
					stack = append(stack, c)
				}
			}
			continue
		}
		memo[k] = ev.liftOne(k, memo, &guessed)
		onStack[k] = false
		stack = stack[:len(stack)-1]
	}
	sure = !guessed
	for _, r := range memo {
		sure = sure && r.ok
	}
	return memo[start].set, sure
}

// liftResult is a lift set and whether it is complete (every group could be lifted).
type liftResult struct {
	set []int32
	ok  bool
}

// liftGroups are the groups of v at level at least l: all of them must drop below l for v to.
func (ev *Evaluation) liftGroups(v int32, l State) []int32 {
	a := ev.a
	var out []int32
	for gi := a.groupStart[v]; gi < a.groupStart[v+1]; gi++ {
		if gs, _, _ := ev.evalGroup(v, gi); gs != NotApplicable && gs >= l {
			out = append(out, gi)
		}
	}
	return out
}

// memberTarget is how far the member over edge e must be lifted for the state its group sees to
// drop below l: its own state must drop below the returned raw level. ok is false when even an
// operational member would be seen at l or worse (a Fixed mapping); after is the worst state the
// group can then see (mapping and unknown policy applied, flags gone with the repair).
func (ev *Evaluation) memberTarget(e int32, l State) (below, after State, ok bool) {
	seen := func(raw State) State {
		st := Status{State: raw}
		mp := Mapping{}
		if ev.a.mapCode != nil {
			return effectiveRow(st, ev.a.mapTable[ev.a.mapCode[e]], &ev.a.p)
		}
		return effective(st, mp, &ev.a.p)
	}
	if s := seen(Operational); s >= l && s != NotApplicable {
		return 0, 0, false
	}
	prev := seen(Operational)
	for r := Degraded; r <= Down; r++ {
		if s := seen(r); s >= l && s != NotApplicable {
			return r, prev, true
		}
		prev = seen(r)
	}
	return Down + 1, prev, true
}

// effectiveRow is effective with a precomputed mapping row, for a status whose handled policies
// are already applied: the unknown policy, the mapping, the unknown policy again.
func effectiveRow(st Status, row [NotApplicable + 1]State, p *Policy) State {
	return p.readUnknown(row[p.readUnknown(st.State)])
}

// memberLevel is the level a member of a group with rule r must drop below for the group to drop
// below l: the level itself for all-of and any-of; for at-least and weighted, "up" (below Unknown)
// unless the group must become operational and has a degraded threshold, which needs the member
// operational.
func memberLevel(r Rule, l State) State {
	if r.Op != AtLeast && r.Op != Weighted {
		return l
	}
	if l == Degraded && (r.DegradedBelow.Count > 0 || r.DegradedBelow.Percent > 0) {
		return Degraded
	}
	return Unknown
}

// liftChildren are the (member, level) pairs that lifting v below l depends on.
func (ev *Evaluation) liftChildren(k liftKey) []liftKey {
	a := ev.a
	v := k.v
	if !bad(State(ev.st[v])) || State(ev.st[v]) < k.l {
		return nil
	}
	var out []liftKey
	for _, gi := range ev.liftGroups(v, k.l) {
		lo, _ := a.groupRange(v, gi)
		ml := memberLevel(a.rules[gi], k.l)
		for j, t := range a.members(v, gi) {
			e := lo + int32(j)
			if severity(ev.effective(t, e)) < severity(ml) || !bad(State(ev.st[t])) {
				continue
			}
			if below, _, ok := ev.memberTarget(e, ml); ok && State(ev.st[t]) >= below {
				out = append(out, liftKey{t, below})
			}
		}
	}
	return out
}

// liftOne is the set of inputs that brings k.v below level k.l, given the lift sets of its members
// in memo; incomplete when a rule holds one of its groups.
func (ev *Evaluation) liftOne(k liftKey, memo map[liftKey]liftResult, guessed *bool) liftResult {
	v, l := k.v, k.l
	s := State(ev.st[v])
	if !bad(s) || s < l {
		return liftResult{ok: true}
	}
	ok := true
	chosen := map[int32]bool{}
	if o := State(ev.obsS[v]); (o != 0 && bad(o) && o >= l) || ev.cause[v] == causeUnobserved {
		chosen[v] = true // its own observation must be repaired too
	}
	for _, gi := range ev.liftGroups(v, l) {
		if !ev.liftGroup(v, gi, l, memo, chosen, guessed) {
			ok = false
		}
	}
	out := make([]int32, 0, len(chosen))
	for x := range chosen {
		out = append(out, x)
	}
	slices.Sort(out)
	return liftResult{set: out, ok: ok}
}

// repairableCauses are the causes of t (see Causes) that a repair can lift: failed observed inputs
// and unobserved leaves, not the nodes a rule holds.
func (ev *Evaluation) repairableCauses(t int32) []int32 {
	cs := ev.causes(t)
	return slices.DeleteFunc(cs, func(x int32) bool {
		o := State(ev.obsS[x])
		return !(o != 0 && bad(o)) && ev.cause[x] != causeUnobserved
	})
}

// liftGroup adds to chosen the inputs that bring group gi of v below level l, greedily, and
// reports whether that is enough (a rule may hold the group).
func (ev *Evaluation) liftGroup(v, gi int32, l State, memo map[liftKey]liftResult, chosen map[int32]bool, guessed *bool) bool {
	a := ev.a
	r := a.rules[gi]
	lo, _ := a.groupRange(v, gi)
	targets := a.members(v, gi)
	eff := make([]State, len(targets))
	type cand struct {
		j     int
		set   []int32
		after State
	}
	var cands []cand
	ml := memberLevel(r, l)
	for j, t := range targets {
		e := lo + int32(j)
		eff[j] = ev.effective(t, e)
		if severity(eff[j]) < severity(ml) || !bad(State(ev.st[t])) {
			continue
		}
		below, after, ok := ev.memberTarget(e, ml)
		if !ok || State(ev.st[t]) < below {
			continue
		}
		res, done := memo[liftKey{t, below}]
		set := res.set
		if !done {
			set, res.ok = ev.repairableCauses(t), true // a member leading back into the cycle being lifted
			*guessed = true
		}
		if !res.ok {
			// No repair lifts the member all the way (a rule holds it), but repairing its causes
			// may lift it far enough for this group: try them, and let LiftSet check the result.
			set = slices.Concat(set, ev.repairableCauses(t))
			*guessed = true
		}
		if len(set) == 0 {
			continue // a rule holds this member: no repair lifts it
		}
		cands = append(cands, cand{j: j, set: set, after: after})
	}
	slices.SortStableFunc(cands, func(x, y cand) int {
		return cmp.Or(cmp.Compare(len(x.set), len(y.set)), cmp.Compare(targets[x.j], targets[y.j]))
	})
	groupState := func() State {
		var cnt Counts
		for j := range targets {
			w := 1
			if r.Op == Weighted {
				w = int(a.weight[lo+int32(j)])
			}
			cnt.add(eff[j], w)
		}
		return decide(r, cnt)
	}
	for _, cd := range cands {
		if groupState() < l {
			return true
		}
		eff[cd.j] = cd.after
		for _, x := range cd.set {
			chosen[x] = true
		}
	}
	return groupState() < l
}
