package main

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// The example agreement, stated here and nowhere else: an availability objective per calendar
// month of the agreement's own zone, the credit tiers the sla tests pin as reference case K1
// (the shape public cloud agreements commonly publish), and monthly fees. The Hub's agreement is with its customer; every
// dependency is held to the same terms by an underpinning contract, so its credits are owed to
// the Hub's provider.
const (
	// agreementTarget is 99.9 %, where the K1 tiers start, so a month that attains the objective
	// never earns a credit and every month that misses it does.
	agreementTarget = "99.9"
	// K1: below 99.9 % and at least 99.0 % → 10 %; below 99.0 % and at least 95.0 % → 25 %;
	// below 95.0 % → 100 %.
	creditTiers = "[99, 99.9) 10%; [95, 99) 25%; [0, 95) 100%"
	// agreementZone bounds the agreement's calendar months and days. It is part of the
	// contract: -zone changes only how instants are shown, never which month a minute of down
	// time counts in.
	agreementZone = "America/Vancouver"
	currency      = "CAD"
	mainFee       = "10000.00"
	dependencyFee = "2500.00"
	topDays       = 5
	topMonths     = 5
)

// Agreement states the example terms in the report.
type Agreement struct {
	ID        string `json:"id"`
	Objective string `json:"objective"`
	// TargetPPM is the objective in parts per million, for the charts.
	TargetPPM     int64    `json:"targetPPM"`
	Period        string   `json:"period"`
	Policy        string   `json:"policy"`
	CreditTiers   []string `json:"creditTiers"`
	MainFee       string   `json:"mainFee"`
	DependencyFee string   `json:"dependencyFee"`
}

// ServiceSection is the service reporting part of the review.
type ServiceSection struct {
	Agreement Agreement        `json:"agreement"`
	Services  []ServiceSummary `json:"services"`
	Months    []MonthFigure    `json:"months"`
	// WorstMonths are the measured service-months with the most lost time.
	WorstMonths []MonthFigure `json:"worstMonths"`
	// WorstDays are the days with the most down time: the main service's, then its
	// dependencies'.
	WorstDays []DayFigure `json:"worstDays"`
	// Reliability is the main service's failures per month.
	Reliability         []ReliabilityRow `json:"reliability"`
	WorstDependencyDays []DayFigure      `json:"worstDependencyDays"`
	Credits             []CreditSum      `json:"credits"`
	BurnDown            BurnDown         `json:"burnDown"`
	Alerts              []AlertState     `json:"alerts"`
}

// ServiceSummary is one monitored service over the whole history.
type ServiceSummary struct {
	ID           string `json:"id"`
	Name         string `json:"name"`
	Role         string `json:"role"`
	Monitored    string `json:"monitored"`
	Outages      int    `json:"outages"`
	Down         string `json:"down"`
	Availability string `json:"availability"`
	Published    string `json:"published"`
	// MTTR is the mean time to restore and MTBF the mean up time between failures
	// (sla.ReliabilityOf).
	MTTR string `json:"mttr"`
	MTBF string `json:"mtbf"`
}

// MonthFigure is one service over one calendar month against the agreement.
type MonthFigure struct {
	Service string `json:"service"`
	Name    string `json:"name"`
	Month   string `json:"month"`
	// Complete is true once the calendar month has ended, whatever share of it was monitored.
	Complete bool   `json:"complete"`
	Counted  string `json:"counted"`
	// Monitored is the counted time out of the month's length ("21d 7h of 31d"): a complete
	// month may hold days without data.
	Monitored string `json:"monitored"`
	Down      string `json:"down"`
	// LostSeconds is the lost time rounded up to whole seconds, for ranking.
	LostSeconds  int64  `json:"lostSeconds"`
	Availability string `json:"availability"`
	// AvailabilityPercent is the availability in percent rounded down to 6 decimals (exact
	// decimal text); null when the month has no monitoring data.
	AvailabilityPercent *string `json:"availabilityPercent"`
	// AvailabilityPPM is the availability in parts per million rounded down, for the charts;
	// -1 for no data.
	AvailabilityPPM int64 `json:"-"`
	// Outcome is the agreement's verdict (sla's Outcome): for a complete month "attained",
	// "breached" or "no data"; for a month still running "breached" once it can no longer
	// attain (its loss exceeds the budget of the time counted and still to come), else "over
	// pace" when the figure to date is below the objective, else "on track".
	Outcome       string `json:"outcome"`
	Margin        string `json:"margin,omitempty"`
	Budget        string `json:"budget,omitempty"`
	Consumed      string `json:"consumed,omitempty"`
	ConsumedShare string `json:"consumedShare,omitempty"`
	Remaining     string `json:"remaining,omitempty"`
	BurnRate      string `json:"burnRate,omitempty"`
	// Credit is the credit the month earns; for a running month not yet breached it reads
	// "provisional: …", the credit the figure to date would earn, and none is earned yet; for a
	// running month already breached "at least …": the tier of the best it can still reach.
	Credit string `json:"credit,omitempty"`
	// CreditMinor is the credit earned in the currency's minor unit (cents): 0 while the credit
	// is provisional; null without data.
	CreditMinor *int64 `json:"creditMinor"`
	// Provisional is true for a running month whose credit to date is not earned: its outcome
	// is not breached, so the rest of the month may still attain the objective.
	Provisional bool `json:"provisional,omitempty"`
	// provisional is the provisional claim's amount, kept out of the owed totals.
	provisional sla.Money

	avail exact.Rat // exact availability, when AvailabilityPPM ≥ 0
	end   time.Time // end of the month
}

// ReliabilityRow is the main service's failure statistics over one month (to date for the
// month of the as-of instant).
type ReliabilityRow struct {
	Month    string `json:"month"`
	Failures int    `json:"failures"`
	MTTR     string `json:"mttr"`
	MTBF     string `json:"mtbf"`
	// MTTRNs is the exact mean time to restore, rounded down to the nanosecond; 0 without
	// failures.
	MTTRNs time.Duration `json:"mttrNanoseconds"`
}

// DayFigure is the down time of one service on one local day.
type DayFigure struct {
	Service string `json:"service"`
	Name    string `json:"name"`
	Day     string `json:"day"`
	Down    string `json:"down"`
	Seconds int64  `json:"seconds"`
}

// CreditSum is the credits of one month: owed to the customer by the provider of the main
// service, and owed to that provider by its suppliers. Provisional credits of a running month
// (not yet breached) are not owed and stay out of the totals; they are shown beside them.
type CreditSum struct {
	Month    string `json:"month"`
	Complete bool   `json:"complete"`
	ToClient string `json:"toCustomer"`
	FromSupp string `json:"fromSuppliers"`
	// ProvisionalToClient and ProvisionalFromSupp are the provisional credits left out of the
	// totals; empty when there are none.
	ProvisionalToClient string `json:"provisionalToCustomer,omitempty"`
	ProvisionalFromSupp string `json:"provisionalFromSuppliers,omitempty"`
}

// BurnDown is the main service's error budget over the month of the review's last data, day by
// day, from sla's Budget.UseReport on each day's report to date: the budget is the objective's
// share of the month's time less the time without data so far (the same budget as the month
// table's), so days before monitoring began carry no budget and no point.
type BurnDown struct {
	Service string `json:"service"`
	Month   string `json:"month"`
	// Budget, Consumed, Remaining and EvenPace are the figures of the last point, as the month
	// table shows them.
	Budget    string `json:"budget"`
	Consumed  string `json:"consumed"`
	Remaining string `json:"remaining"`
	EvenPace  string `json:"evenPace"`
	// Days is the number of days in the month; Points runs from its first day to the last day
	// with data up to the as-of instant.
	Days   int         `json:"days"`
	Points []BurnPoint `json:"points"`
	// Until is the instant of the last point: the end of its day, or the as-of instant.
	Until string `json:"until"`
	// Known is false when the month has no monitoring data yet.
	Known bool `json:"known"`
}

// BurnPoint is the budget at the end of one day, beside the even pace, in whole minutes
// (rounded toward zero); null on a day before any data.
type BurnPoint struct {
	Day          string `json:"day"`
	BudgetMin    *int64 `json:"budgetMinutes"`
	RemainingMin *int64 `json:"remainingMinutes"`
	// IdealMin is what an even pace would leave: the objective's share of the month's time
	// still to come.
	IdealMin *int64 `json:"evenPaceMinutes"`
}

// AlertState is one multi-window burn-rate alert at the as-of instant.
type AlertState struct {
	Name     string `json:"name"`
	Severity string `json:"severity"`
	Factor   string `json:"factor"`
	Long     string `json:"long"`
	Short    string `json:"short"`
	Firing   bool   `json:"firing"`
	Reason   string `json:"reason"`
}

// terms is the parsed example agreement.
type terms struct {
	target  sla.Target
	policy  sla.CreditPolicy
	mainFee sla.Money
	depFee  sla.Money
}

func parseTerms() (terms, error) {
	var t terms
	var err error
	if t.target, err = sla.ParseTarget(agreementTarget); err != nil {
		return t, err
	}
	table, err := sla.ParseCreditTable(creditTiers)
	if err != nil {
		return t, err
	}
	t.policy = sla.CreditPolicy{Table: table, Rounding: sla.RoundDown}
	cur, err := sla.CurrencyOf(currency)
	if err != nil {
		return t, err
	}
	if t.mainFee, err = sla.ParseMoney(mainFee, cur); err != nil {
		return t, err
	}
	t.depFee, err = sla.ParseMoney(dependencyFee, cur)
	return t, err
}

// reviewRange is the time the review covers: from the first monitored instant to the as-of
// instant or the end of the data, whichever comes first (months after the data hold nothing to
// review and are left out).
func reviewRange(h hubData, asOf time.Time) (interval.Interval, error) {
	if !asOf.After(h.start) {
		return interval.Interval{}, fmt.Errorf("as-of instant %s is not after the start of the data (%s)", asOf.UTC().Format(time.RFC3339), h.start.UTC().Format(time.RFC3339))
	}
	return interval.Interval{Start: h.start, End: earliest(asOf, h.end)}, nil
}

// serviceReport measures every site against the agreement: calendar months and days in cal
// (the agreement's zone), instants shown in show.
func serviceReport(h hubData, asOf time.Time, zone, show *time.Location) (ServiceSection, error) {
	var out ServiceSection
	t, err := parseTerms()
	if err != nil {
		return out, err
	}
	rng, err := reviewRange(h, asOf)
	if err != nil {
		return out, err
	}
	out.Agreement = Agreement{
		ID: hubAgreement, Objective: t.target.String() + " availability", TargetPPM: ppm(t.target.Percent()),
		Period: "calendar month in " + zone.String() + ", the agreement's zone", Policy: "24×7; time without monitoring data excluded from the denominator",
		MainFee: t.mainFee.String() + " per month", DependencyFee: t.depFee.String() + " per month (underpinning contracts)",
	}
	for _, tier := range t.policy.Table.Tiers() {
		out.Agreement.CreditTiers = append(out.Agreement.CreditTiers, fmt.Sprintf("%s → %s%%", tier.Range, tier.Percent.FloorString(0)))
	}
	// Each month's credits as statements (sla.Statement): the customer's, over the service's
	// agreement, and the provider's as the customer of its suppliers' underpinning contracts.
	type claims struct {
		complete       bool
		toCust, fromSu []sla.CreditClaim
		// provTo and provFrom are the provisional credits, not owed.
		provTo, provFrom sla.Money
		// known counts the months with data on each side; none means "no data", not 0.
		custKnown, suppKnown int
	}
	credits := map[string]*claims{}
	var months []string
	for _, s := range h.sites {
		sum, err := summarise(s, rng, asOf, show)
		if err != nil {
			return out, err
		}
		out.Services = append(out.Services, sum)
		id := hubAgreement
		if !s.Main {
			id = underpinning(s.ID)
		}
		ag := sla.Agreement{
			ID: id, Service: string(s.ID), Period: sla.Monthly(zone),
			Objectives: []sla.Objective{{Name: "availability", Target: t.target}},
		}
		res, err := ag.Evaluate(s.TL, rng, asOf)
		if err != nil {
			return out, err
		}
		fee := t.depFee
		if s.Main {
			fee = t.mainFee
		}
		for _, pr := range res {
			claim := sla.ClaimFor(ag, pr.Results[0], fee, t.policy)
			mf, err := monthFigure(s, pr, claim, t, zone)
			if err != nil {
				return out, err
			}
			out.Months = append(out.Months, mf)
			c := credits[mf.Month]
			if c == nil {
				c = &claims{complete: mf.Complete}
				credits[mf.Month] = c
				months = append(months, mf.Month)
			}
			known := 0
			if mf.AvailabilityPercent != nil {
				known = 1
			}
			// The statement pays nothing for a provisional claim; its would-be credit is shown
			// beside the totals.
			claims := []sla.CreditClaim{claim}
			if s.Main {
				c.toCust = append(c.toCust, claims...)
				c.custKnown += known
				if c.provTo, err = addProvisional(c.provTo, mf); err != nil {
					return out, err
				}
			} else {
				c.fromSu = append(c.fromSu, claims...)
				c.suppKnown += known
				if c.provFrom, err = addProvisional(c.provFrom, mf); err != nil {
					return out, err
				}
			}
		}
		days := dayFigures(s, rng, zone)
		if s.Main {
			for _, pr := range res {
				rel := sla.ReliabilityOf(s.TL, pr.Period.Intersect(rng), nil)
				row := ReliabilityRow{Month: pr.Period.Start.In(zone).Format("2006-01"), Failures: len(rel.Failures),
					MTTR: relDur(rel, rel.MTTR, rel.MTTRDefined), MTBF: relDur(rel, rel.MTBF, rel.MTBFDefined)}
				if rel.MTTRDefined {
					row.MTTRNs = rel.Duration(rel.MTTR)
				}
				out.Reliability = append(out.Reliability, row)
			}
			out.WorstDays = topN(days, topDays)
		} else {
			out.WorstDependencyDays = append(out.WorstDependencyDays, days...)
		}
	}
	out.WorstDependencyDays = topN(out.WorstDependencyDays, topDays)
	slices.Sort(months)
	for _, m := range months {
		c := credits[m]
		to, err := statementTotal(c.toCust, t.mainFee.Currency)
		if err != nil {
			return out, err
		}
		from, err := statementTotal(c.fromSu, t.depFee.Currency)
		if err != nil {
			return out, err
		}
		if c.custKnown == 0 {
			to = noData
		}
		if c.suppKnown == 0 {
			from = noData
		}
		out.Credits = append(out.Credits, CreditSum{Month: m, Complete: c.complete, ToClient: to, FromSupp: from,
			ProvisionalToClient: provisionalText(c.provTo), ProvisionalFromSupp: provisionalText(c.provFrom)})
	}
	for _, m := range out.Months {
		if m.AvailabilityPPM >= 0 && m.LostSeconds > 0 {
			out.WorstMonths = append(out.WorstMonths, m)
		}
	}
	slices.SortStableFunc(out.WorstMonths, func(a, b MonthFigure) int {
		return cmp.Or(cmp.Compare(b.LostSeconds, a.LostSeconds), cmp.Compare(a.Month, b.Month), cmp.Compare(a.Service, b.Service))
	})
	if len(out.WorstMonths) > topMonths {
		out.WorstMonths = out.WorstMonths[:topMonths]
	}
	if out.BurnDown, err = burnDown(h.main(), t.target, asOf, rng.End, zone, show); err != nil {
		return out, err
	}
	out.Alerts, err = alerts(h.main(), t.target, asOf)
	return out, err
}

// addProvisional adds a month's provisional credit to a month's sum of them.
func addProvisional(sum sla.Money, mf MonthFigure) (sla.Money, error) {
	if !mf.Provisional {
		return sum, nil
	}
	if sum.Currency.Code == "" {
		return mf.provisional, nil
	}
	return sum.Add(mf.provisional)
}

// provisionalText shows a sum of provisional credits, or nothing when there are none.
func provisionalText(m sla.Money) string {
	if m.Currency.Code == "" || m.Minor == 0 {
		return ""
	}
	return m.String()
}

// underpinning names the underpinning contract with a dependency's provider (the edge
// agreement of the model).
func underpinning(id itsm.ID) string { return "UC-" + string(id) }

// statementTotal is the total of a customer's credit statement for one period, in its one
// currency.
func statementTotal(claims []sla.CreditClaim, cur sla.Currency) (string, error) {
	st, err := sla.Statement(claims, sla.Ratio{})
	if err != nil {
		return "", err
	}
	total := sla.Money{Currency: cur}
	for _, m := range st.Totals {
		if total, err = total.Add(m); err != nil {
			return "", err
		}
	}
	return total.String(), nil
}

// summarise is one site over the review range. The monitor's own uptime figure covers its whole
// window, so it is shown only when the review reaches the monitor's last update.
func summarise(s site, rng interval.Interval, asOf time.Time, show *time.Location) (ServiceSummary, error) {
	role := "dependency"
	if s.Main {
		role = "service"
	}
	sum := ServiceSummary{ID: string(s.ID), Name: s.Name, Role: role, Published: noFigure}
	if !asOf.Before(s.Watch.LastUpdated) {
		sum.Published = sla.FormatPercent(s.Watch.Uptime, 2) + "%"
	}
	w := interval.Interval{Start: latest(s.Watch.Start, rng.Start), End: earliest(s.Watch.LastUpdated, rng.End)}
	if !w.Start.Before(w.End) {
		sum.Monitored, sum.Availability, sum.Down, sum.MTTR, sum.MTBF = "not yet monitored", noData, noData, noFigure, noFigure
		return sum, nil
	}
	tl := s.TL.Clip(w)
	r, err := sla.Availability(tl, nil, w, sla.Policy{})
	if err != nil {
		return ServiceSummary{}, err
	}
	rel := sla.ReliabilityOf(tl, w, nil)
	sum.MTTR, sum.MTBF = relDur(rel, rel.MTTR, rel.MTTRDefined), relDur(rel, rel.MTBF, rel.MTBFDefined)
	sum.Monitored = w.Start.In(show).Format("2006-01-02 15:04") + " – " + w.End.In(show).Format("2006-01-02 15:04")
	sum.Outages = len(tl.Intervals(sla.Down))
	sum.Down = fmtDur(tl.Total(sla.Down))
	sum.Availability = r.Format(3)
	return sum, nil
}

func monthFigure(s site, pr sla.PeriodResult, claim sla.CreditClaim, t terms, zone *time.Location) (MonthFigure, error) {
	or := pr.Results[0]
	rep := or.Report
	mf := MonthFigure{
		Service: string(s.ID), Name: s.Name, Month: pr.Period.Start.In(zone).Format("2006-01"), Complete: pr.Complete,
		Counted: fmtDur(rep.Counted), Monitored: fmtDur(rep.Counted) + " of " + fmtDur(pr.Period.Duration()), Down: fmtDur(rep.Down), Availability: rep.Format(t.target.ShownPlaces()),
		AvailabilityPPM: -1, Outcome: or.Outcome.String(), end: pr.Period.End,
	}
	if !rep.Known {
		mf.Availability, mf.Outcome = noData, noData
		return mf, nil
	}
	mf.LostSeconds = ceilSeconds(rep.Lost)
	mf.AvailabilityPPM = ppm(rep.Availability)
	pct := rep.Availability.FloorString(6)
	mf.AvailabilityPercent = &pct
	mf.avail = rep.Availability
	mf.Margin = signed(or.Margin, 3) + " pp"
	b, err := sla.NewPeriodBudget(t.target, nil, pr.Period)
	if err != nil {
		return mf, err
	}
	st, err := b.UseReport(rep)
	if err != nil {
		return mf, err
	}
	mf.Budget = fmtRatDur(st.Allowed) // over the counted time (and the time still to come)
	mf.Consumed = fmtRatDur(st.Consumed)
	mf.Remaining = fmtRatDur(st.Remaining)
	if st.ShareDefined {
		mf.ConsumedShare = st.ConsumedShare.MulInt(100).FloorString(1) + "%"
	}
	if st.BurnRateDefined {
		mf.BurnRate = st.BurnRate.FloorString(2)
	}
	// sla's statement decides what a month earns: a running month that is not certainly
	// breached is provisional (its credit to date is shown, none is earned), and one that is
	// certainly breached earns the tier of the best it can still reach, a lower bound.
	stmt, err := sla.Statement([]sla.CreditClaim{claim}, sla.Ratio{})
	if err != nil {
		return mf, err
	}
	c := stmt.Lines[0].Credit
	minor := c.Amount.Minor
	shown := c.Amount
	if c.Provisional {
		shown = c.Pending
	}
	mf.Credit = shown.String()
	if c.InTier {
		mf.Credit += " (" + c.Tier.Percent.FloorString(0) + "%)"
	}
	switch {
	case c.Provisional && c.Pending.Minor != 0:
		mf.Provisional, mf.provisional = true, c.Pending
		mf.Credit = "provisional: " + mf.Credit
	case c.LowerBound:
		mf.Credit = "at least " + mf.Credit
	}
	mf.CreditMinor = &minor
	return mf, nil
}

// earliest and latest pick one of two instants.
func earliest(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func latest(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// noData is how every figure without monitoring data reads: never 0, 100 % or a full budget.
const noData = "no data"

func dayFigures(s site, rng interval.Interval, zone *time.Location) []DayFigure {
	var out []DayFigure
	for _, d := range sla.DailyDown(s.TL.Clip(rng), zone) {
		out = append(out, DayFigure{Service: string(s.ID), Name: s.Name, Day: d.Day.String(), Down: fmtDur(d.Down), Seconds: int64(d.Down / time.Second)})
	}
	return out
}

func topN(days []DayFigure, n int) []DayFigure {
	days = slices.Clone(days)
	slices.SortStableFunc(days, func(a, b DayFigure) int {
		return cmp.Or(cmp.Compare(b.Seconds, a.Seconds), cmp.Compare(a.Day, b.Day), cmp.Compare(a.Service, b.Service))
	})
	if len(days) > n {
		days = days[:n]
	}
	return days
}

// burnDown follows the main service's budget through the month of the review's last data
// instant (the last instant before it, so a review at midnight looks back at the month just
// ended), up to that instant; the last point is the month's status at the as-of instant, as the
// month table shows it.
func burnDown(s site, target sla.Target, asOf, last time.Time, cal, show *time.Location) (BurnDown, error) {
	month := sla.Monthly(cal).Containing(last.Add(-time.Nanosecond))
	out := BurnDown{Service: s.Name, Month: month.Start.In(cal).Format("2006-01")}
	b, err := sla.NewPeriodBudget(target, nil, month)
	if err != nil {
		return out, err
	}
	for range sla.Daily(cal).Covering(month) {
		out.Days++
	}
	minutes := func(ns exact.Rat) *int64 {
		n, _ := ns.QuoInt(int64(time.Minute))
		m, _ := n.Int64(exact.Down)
		return &m
	}
	for day := range sla.Daily(cal).Covering(month) {
		end := earliest(day.End, asOf)
		final := !day.End.Before(last)
		if final {
			end = earliest(month.End, asOf)
		}
		rep, err := sla.AvailabilityToDate(s.TL, nil, month, end, sla.Policy{})
		if err != nil {
			return out, err
		}
		st, err := b.UseReport(rep)
		if err != nil {
			return out, err
		}
		p := BurnPoint{Day: day.Start.In(cal).Format("2006-01-02")}
		if st.Known {
			even := st.Allowed.Sub(st.AllowedToDate)
			p.BudgetMin, p.RemainingMin, p.IdealMin = minutes(st.Allowed), minutes(st.Remaining), minutes(even)
			out.Known = true
			out.Budget, out.Consumed, out.Remaining, out.EvenPace = fmtRatDur(st.Allowed), fmtRatDur(st.Consumed), fmtRatDur(st.Remaining), fmtRatDur(even)
		}
		out.Points = append(out.Points, p)
		out.Until = earliest(earliest(day.End, asOf), last).In(show).Format("2006-01-02 15:04")
		if final {
			break
		}
	}
	return out, nil
}

// alerts evaluates the Workbook's multi-window burn-rate alerts for the main service at the
// as-of instant, over the time the monitor observed.
func alerts(s site, target sla.Target, asOf time.Time) ([]AlertState, error) {
	p, err := sla.Workbook30Day(target)
	if err != nil {
		return nil, err
	}
	observed := interval.Union(s.TL.Intervals(sla.Operational), interval.Union(s.TL.Intervals(sla.Degraded), s.TL.Intervals(sla.Down)))
	ev := p.EvaluateIntervals(s.TL.Intervals(sla.Down), observed, asOf)
	var out []AlertState
	for _, a := range ev.Alerts {
		out = append(out, AlertState{
			Name: a.Alert.Name, Severity: a.Alert.Severity.String(), Factor: a.Alert.Factor.FloorString(2),
			Long: fmtDur(a.Alert.Long), Short: fmtDur(a.Alert.Short), Firing: a.Firing, Reason: tidy(a.Reason),
		})
	}
	return out, nil
}

// noFigure is a figure that is not defined or not shown (a mean without failures, the
// monitor's figure before its last update); noData is kept for figures missing for want of data.
const noFigure = "–"

// relDur shows an exact mean of a reliability figure, or noFigure when it is undefined.
func relDur(r sla.Reliability, ns sla.Ratio, ok bool) string {
	if !ok {
		return noFigure
	}
	return fmtDur(r.Duration(ns))
}

// fmtDur shows a duration in the review's one style, rounded down: seconds below a minute
// ("45s", "0s"), hours and minutes below 72 hours ("2h50m", "45m", "3h"), and days and hours
// from 72 hours on ("38d 7h", "3d", "51,267d 8h": days grouped in thousands as counts are).
func fmtDur(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	var s string
	switch {
	case d < time.Minute:
		s = strconv.FormatInt(int64(d/time.Second), 10) + "s"
	case d < 72*time.Hour:
		h, m := d/time.Hour, d%time.Hour/time.Minute
		switch {
		case h == 0:
			s = fmt.Sprintf("%dm", m)
		case m == 0:
			s = fmt.Sprintf("%dh", h)
		default:
			s = fmt.Sprintf("%dh%dm", h, m)
		}
	default:
		days, h := d/(24*time.Hour), d%(24*time.Hour)/time.Hour
		s = num(int64(days)) + "d"
		if h != 0 {
			s += fmt.Sprintf(" %dh", h)
		}
	}
	if neg {
		return "-" + s
	}
	return s
}

// fmtDurSec shows a duration to the second, rounded down, for figures whose parts are summed
// (a recovery chain, a margin): "29m55s", "2h45m53s", "3h15m48s", "2h", "2h0m5s", "3d",
// "6d 20h44m7s". Zero parts after the last non-zero one are left out.
func fmtDurSec(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	d = d.Truncate(time.Second)
	var s string
	if d >= 72*time.Hour {
		s = num(int64(d/(24*time.Hour))) + "d"
		d %= 24 * time.Hour
		if d != 0 {
			s += " "
		}
	}
	h, m, sec := d/time.Hour, d%time.Hour/time.Minute, d%time.Minute/time.Second
	if h != 0 {
		s += fmt.Sprintf("%dh", h)
	}
	if m != 0 || h != 0 && sec != 0 {
		s += fmt.Sprintf("%dm", m)
	}
	if sec != 0 || s == "" {
		s += fmt.Sprintf("%ds", sec)
	}
	if neg {
		return "-" + s
	}
	return s
}

// goDuration matches a duration in Go's notation ("1h0m0s", "3h15m48s", "5m0s") inside a
// library's message.
var goDuration = regexp.MustCompile(`\b(?:\d+h)?\d+m\d+(?:\.\d+)?s\b`)

// tidy rewrites a library's message into the review's styles: durations as fmtDur shows them
// and percentages without a space before the sign.
func tidy(msg string) string { return tidyWith(msg, fmtDur) }

// tidyWith is tidy with durations shown by show.
func tidyWith(msg string, show func(time.Duration) string) string {
	msg = goDuration.ReplaceAllStringFunc(msg, func(g string) string {
		d, err := time.ParseDuration(g)
		if err != nil {
			return g
		}
		return show(d)
	})
	return strings.ReplaceAll(msg, " %", "%")
}

// fmtRatDur shows an exact number of nanoseconds as a duration, rounded toward zero.
func fmtRatDur(ns exact.Rat) string {
	n, err := ns.Int64(exact.Down)
	if err != nil {
		return "overflow"
	}
	return fmtDur(time.Duration(n))
}

func ceilSeconds(ns exact.Rat) int64 {
	s, _ := ns.Quo(exact.FromInt(int64(time.Second)))
	n, _ := s.Int64(exact.Ceil)
	return n
}

// ppm is a percentage in parts per million of the whole, rounded down.
func ppm(pct exact.Rat) int64 {
	n, _ := pct.MulInt(10000).Int64(exact.Floor)
	return n
}

// signed formats x with places decimals rounded down and an explicit sign.
func signed(x exact.Rat, places int) string {
	s := x.FloorString(places)
	if !strings.HasPrefix(s, "-") {
		s = "+" + s
	}
	return s
}
