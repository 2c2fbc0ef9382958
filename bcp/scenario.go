package bcp

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// Scenario is a disruption to rehearse: the loss of a set of services or resources, starting at
// Start. A whole site is lost by naming it when the model has it as a Facility resource that the
// resources at the site require (the usual "located in" relation of a CMDB); without one, list
// everything at the site. With Duration set, every lost node is back
// exactly Duration after the start (a site unavailable for 48 h); unset, each lost node takes its
// own restore capability. By default nodes that were not lost but went down with them need no
// restore of their own: they are back when their dependencies are (a service that resumes by
// itself once its dependencies return). With RestartDependents, each of them also takes its own
// restore capability once its dependencies are back (a server whose rack lost power must be
// restarted), the reading Analyze uses for every node; see the package doc, "Two readings of
// recovery time". The zero value is invalid.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Scenario struct {
	Name     string                  `json:"name"`
	Lost     []itsm.ID               `json:"lost"`
	Start    time.Time               `json:"start"`
	Duration Optional[time.Duration] `json:"duration"`
	// RestartDependents: every node the evaluation derives Down or Unknown without being lost
	// takes its own restore time (its capability; unknown when it has none) after its
	// dependencies are back, instead of being back with them. Nodes that stay up (through
	// redundancy) or are only degraded restart nothing.
	RestartDependents bool `json:"restartDependents,omitempty"`
}

// Terms are the credit terms of one agreement, for SLA credits owed in a scenario: its billing
// period, service hours (nil: 24×7 in the period's zone), fee per period and credit policy.
// The zero value is invalid (no agreement).
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Terms struct {
	Agreement string
	Period    sla.Period
	Calendar  *sla.Calendar
	Fee       sla.Money
	Credit    sla.CreditPolicy
}

// ActivityImpact is what a scenario does to one activity that it reaches.
// The zero value is the impact on no activity.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type ActivityImpact struct {
	Activity string
	// State is the worst derived state of the nodes the activity needs (itsm impact evaluation).
	State itsm.State
	// Outage is how long after the start the last needed node is back (unset when a node it waits
	// for has no known restore time: a lost one, or with RestartDependents one that went down with
	// them); Bottleneck is the node at the end of its critical path, the lost node whose return it
	// waits for. Which nodes needed restoring is ScenarioResult.RestartDependents.
	Outage     Optional[time.Duration]
	Bottleneck itsm.ID
	// Resumed is Outage + WRT: when the activity works again.
	Resumed Optional[time.Duration]
	// MTPD is the effective MTPD; BreachAt the instant it runs out (zero when unset); Breached
	// whether the activity resumes after it (or may never resume). Margin is MTPD − Resumed,
	// negative when breached.
	MTPD     Optional[time.Duration]
	BreachAt time.Time
	Breached bool
	Margin   Optional[time.Duration]
	// Timeline is the impact at every breakpoint of the activity's impact curves before Resumed,
	// then at Resumed (or only the breakpoints, when Resumed is unknown).
	Timeline []Point
	// Loss is the money lost by Resumed (zero when unknown or no loss curve).
	Loss sla.Money
}

// CreditOwed is the service credit one agreement earns for one billing period touched by a
// scenario's outage of its service.
//
// When the outage has no known end (a node it waits for has no known restore time: a lost
// supplier without a capability when the scenario sets no Duration, the normal case, or with
// RestartDependents a node that went down with the lost ones), the credit cannot be computed and
// the agreement gets one row saying so: Unknown is true, Reason names the node whose restore
// time is missing, Credit is not Known (its Fee is the terms' fee and its Amount zero: nothing
// computed, not "nothing owed"), Period is the billing period the outage starts in (the later
// periods it may reach are unknown too) and Outage is empty at the start instant (its end is
// unknown). Such a row is never an error.
// The zero value owes nothing.
// A plain value, safe for concurrent use.
type CreditOwed struct {
	Agreement string
	Customer  itsm.ID
	Service   itsm.ID
	Period    sla.Interval
	Outage    sla.Interval
	Credit    sla.Credit
	// Unknown: the outage has no known end, so the credit could not be computed; Reason says
	// why ("" when the credit is known).
	Unknown bool
	Reason  string
}

// ScenarioResult is the outcome of a scenario: the activities it reaches (input order) and the
// credits owed (by customer, service, agreement, period), rows whose credit is unknown included
// (CreditOwed.Unknown). RestartDependents says which reading of recovery the outage times use:
// false, only the lost nodes needed restoring (what went down with them came back with them);
// true, what went down with them took its own restore time too, as in Analyze.
// The zero value is a scenario that reaches nothing and owes nothing.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type ScenarioResult struct {
	Name              string
	Start             time.Time
	RestartDependents bool
	Activities        []ActivityImpact
	Credits           []CreditOwed
}

// Scenario plays s against the analysis: the lost nodes are observed Down and the itsm impact
// evaluation derives every node's state (redundancy and cycles as itsm defines them); activities
// whose needs are not all operational are reached. A degraded activity is treated as disrupted
// for the same time (conservative). Outage times come from a roll-up in which only the lost
// nodes need restoring (and, with s.RestartDependents, the nodes that went down with them).
// Credits are computed for every affected subscription whose agreement has Terms, over each
// billing period the service's outage touches; a subscription of a service that is down but
// whose agreement has no terms owes nothing here. An outage with no known end is not an error:
// the activity's Outage is unset and the agreement's credit is a row marked Unknown. Errors are
// for malformed input only (and ErrZeroValue on the zero Analysis). Cost: one impact evaluation
// and one roll-up, linear in the model.
func (a *Analysis) Scenario(s Scenario, terms []Terms) (ScenarioResult, error) {
	where := "scenario " + quote(s.Name)
	if !a.built() {
		return ScenarioResult{}, errAt(ErrZeroValue, where, s.Name, "the zero Analysis holds no model: get one from Analyze")
	}
	if s.Start.IsZero() {
		return ScenarioResult{}, errAt(ErrInvalid, where+".start", s.Name, "no start instant")
	}
	if d, ok := s.Duration.Get(); ok && d < 0 {
		return ScenarioResult{}, errAt(ErrNegativeDuration, where+".duration", s.Name, d.String())
	}
	if len(s.Lost) == 0 {
		return ScenarioResult{}, errAt(ErrInvalid, where+".lost", s.Name, "nothing lost")
	}
	n := a.model.Len()
	lost := make([]bool, n)
	obs := make([]itsm.Observation, 0, len(s.Lost))
	for j, id := range s.Lost {
		i, ok := a.model.Index(id)
		if !ok {
			return ScenarioResult{}, errAt(ErrUnknownReference, fmt.Sprintf("%s.lost[%d]", where, j), string(id), "no such service or resource")
		}
		if lost[i] {
			return ScenarioResult{}, errAt(ErrDuplicateID, fmt.Sprintf("%s.lost[%d]", where, j), string(id), "lost twice")
		}
		lost[i] = true
		obs = append(obs, itsm.Observation{ID: id, State: itsm.Down})
	}
	byAgreement := make(map[string]Terms, len(terms))
	for j, t := range terms {
		tw := fmt.Sprintf("terms[%d]", j)
		if t.Agreement == "" {
			return ScenarioResult{}, errAt(ErrInvalid, tw+".agreement", "", "empty agreement")
		}
		if _, dup := byAgreement[t.Agreement]; dup {
			return ScenarioResult{}, errAt(ErrDuplicateID, tw+".agreement", t.Agreement, "")
		}
		if err := t.Period.Validate(); err != nil {
			return ScenarioResult{}, errAt(ErrInvalid, tw+".period", t.Agreement, err.Error())
		}
		if t.Fee.Minor < 0 {
			return ScenarioResult{}, errAt(ErrInvalid, tw+".fee", t.Agreement, "negative fee")
		}
		byAgreement[t.Agreement] = t
	}

	an, err := itsm.NewAnalyzer(a.model, itsm.Policy{})
	if err != nil {
		return ScenarioResult{}, errAt(ErrInvalid, where, s.Name, err.Error())
	}
	ev, err := an.Evaluate(obs)
	if err != nil {
		return ScenarioResult{}, errAt(ErrInvalid, where, s.Name, err.Error())
	}
	// Outage times: a lost node takes the scenario's duration or its own restore time; anything
	// else is back as soon as what it needs is, or, restarting dependents, after its own restore
	// time once what it needs is back when it went down. Over the whole model, so that services
	// reached only through agreements get an outage time too.
	achv, crit, _ := a.rollUpWith(true, func(i int32) (time.Duration, bool, bool) {
		if !lost[i] {
			if s.RestartDependents {
				if st := ev.StatusAt(int(i)).State; st == itsm.Down || st == itsm.Unknown {
					return a.own[i], false, false
				}
			}
			return 0, false, false
		}
		if d, ok := s.Duration.Get(); ok {
			return d, false, true // back exactly Duration after the start, not Duration after its dependencies
		}
		return a.own[i], false, false
	}, nil)
	res := ScenarioResult{Name: s.Name, Start: s.Start, RestartDependents: s.RestartDependents}
	for k, act := range a.acts {
		worst := itsm.Operational
		for _, i := range a.needs[k] {
			if st := ev.StatusAt(int(i)).State; st != itsm.NotApplicable && st > worst {
				worst = st
			}
		}
		if worst == itsm.Operational {
			continue
		}
		res.Activities = append(res.Activities, a.activityImpact(k, act, worst, achv, crit, s.Start))
	}
	credits, err := a.credits(ev, achv, crit, s, byAgreement)
	if err != nil {
		return ScenarioResult{}, err
	}
	res.Credits = credits
	return res, nil
}

func (a *Analysis) activityImpact(k int, act Activity, state itsm.State, achv []time.Duration, crit []int32, start time.Time) ActivityImpact {
	out, v := a.worstNeed(k, achv)
	ai := ActivityImpact{Activity: act.ID, State: state, Outage: opt(out)}
	if v >= 0 {
		for crit[v] >= 0 {
			v = crit[v]
		}
		ai.Bottleneck = a.model.IDAt(int(v))
	}
	resumed := never
	if out != never {
		resumed = addSat(out, act.Objectives.WRT.Or(0))
		ai.Resumed = opt(resumed)
	}
	ai.MTPD, _ = act.MTPD()
	if m, ok := ai.MTPD.Get(); ok {
		ai.BreachAt = start.Add(m)
		ai.Breached = resumed > m
		if resumed != never {
			ai.Margin = Some(m - resumed)
		}
	}
	for _, b := range act.Impact.Breakpoints() {
		if resumed != never && b >= resumed {
			break
		}
		ai.Timeline = append(ai.Timeline, act.Impact.At(b))
	}
	if resumed != never {
		p := act.Impact.At(resumed)
		ai.Timeline = append(ai.Timeline, p)
		ai.Loss = p.Loss
	}
	return ai
}

// credits computes what every affected agreement with terms owes: the service is down from the
// start until its outage time (services merely degraded owe nothing), measured over each
// billing period the outage touches. An outage with no known end gives one Unknown row.
func (a *Analysis) credits(ev *itsm.Evaluation, achv []time.Duration, crit []int32, s Scenario, terms map[string]Terms) ([]CreditOwed, error) {
	if len(terms) == 0 {
		return nil, nil
	}
	var out []CreditOwed
	for _, ag := range ev.Affected().Agreements {
		t, ok := terms[ag.Agreement]
		if !ok || ag.Status.State != itsm.Down {
			continue
		}
		i, _ := a.model.Index(ag.Service)
		d := achv[i]
		if d == never {
			// The policy and fee are still checked (as for a known outage), through the credit of
			// a report without data.
			c, _, err := t.Credit.CreditForReport(sla.Report{}, t.Fee)
			if err != nil {
				return nil, creditErr(t, err)
			}
			out = append(out, CreditOwed{Agreement: ag.Agreement, Customer: ag.Customer, Service: ag.Service,
				Period: t.Period.Containing(s.Start), Outage: interval.Interval{Start: s.Start, End: s.Start},
				Credit: c, Unknown: true, Reason: a.noKnownEnd(int32(i), achv, crit)})
			continue
		}
		outage := interval.Interval{Start: s.Start, End: s.Start.Add(d)}
		for period := range t.Period.Covering(outage) {
			cal := t.Calendar
			if cal == nil {
				cal = sla.AlwaysOn(t.Period.Location)
			}
			tl, err := sla.TimelineFromOutages(period, []interval.Interval{outage})
			if err != nil {
				return nil, errAt(ErrInvalid, "terms "+quote(t.Agreement), t.Agreement, err.Error())
			}
			rep, err := sla.Availability(tl, cal, period, sla.Policy{})
			if err != nil {
				return nil, errAt(ErrInvalid, "terms "+quote(t.Agreement), t.Agreement, err.Error())
			}
			c, known, err := t.Credit.CreditForReport(rep, t.Fee)
			if err != nil {
				return nil, creditErr(t, err)
			}
			if !known {
				continue
			}
			out = append(out, CreditOwed{Agreement: ag.Agreement, Customer: ag.Customer, Service: ag.Service,
				Period: period, Outage: outage.Intersect(period), Credit: c})
		}
	}
	slices.SortStableFunc(out, func(x, y CreditOwed) int {
		if c := strings.Compare(string(x.Customer), string(y.Customer)); c != 0 {
			return c
		}
		if c := strings.Compare(string(x.Service), string(y.Service)); c != 0 {
			return c
		}
		if c := strings.Compare(x.Agreement, y.Agreement); c != 0 {
			return c
		}
		return x.Period.Start.Compare(y.Period.Start)
	})
	return out, nil
}

func creditErr(t Terms, err error) error {
	kind := ErrInvalid
	if errors.Is(err, sla.ErrCurrencyMismatch) {
		kind = ErrCurrency
	}
	return errAt(kind, "terms "+quote(t.Agreement), t.Agreement, err.Error())
}

// noKnownEnd explains an outage of node i with no known end: the node on its critical path where
// "unknown" starts (the deepest node whose time is unknown while the one it waited for last is
// known, or that waits for nothing): its own restore time is missing.
func (a *Analysis) noKnownEnd(i int32, achv []time.Duration, crit []int32) string {
	v := i
	for crit[v] >= 0 && achv[crit[v]] == never {
		v = crit[v]
	}
	what := "it has no known restore time"
	if v != i {
		what = fmt.Sprintf("it waits for %s, which has no known restore time", quote(string(a.model.IDAt(int(v)))))
	}
	return fmt.Sprintf("outage of %s has no known end: %s (set the scenario's Duration or a capability)",
		quote(string(a.model.IDAt(int(i)))), what)
}
