package main

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/itsmkit/itsmkit/internal/exact"
	"github.com/itsmkit/itsmkit/internal/interval"
	"github.com/itsmkit/itsmkit/itsm"
	"github.com/itsmkit/itsmkit/sla"
)

// The example agreement, stated here and nowhere else: an availability objective per calendar
// month, the credit tiers of REFERENCE K1, and monthly fees. The Hub's agreement is with its
// customer; every dependency is held to the same terms by an underpinning contract, so its
// credits are owed to the Hub's provider.
const (
	agreementTarget = "99.5"
	// K1: below 99.9 % and at least 99.0 % → 10 %; below 99.0 % and at least 95.0 % → 25 %;
	// below 95.0 % → 100 %. The first tier starts above the objective, as K1 is published: a
	// month between 99.5 % and 99.9 % attains the objective and still earns 10 %.
	creditTiers   = "[99, 99.9) 10%; [95, 99) 25%; [0, 95) 100%"
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
	Service  string `json:"service"`
	Name     string `json:"name"`
	Month    string `json:"month"`
	Complete bool   `json:"complete"`
	Counted  string `json:"counted"`
	Down     string `json:"down"`
	// LostSeconds is the lost time rounded up to whole seconds, for ranking.
	LostSeconds  int64  `json:"lostSeconds"`
	Availability string `json:"availability"`
	// AvailabilityPPM is the availability in parts per million rounded down; -1 for no data.
	AvailabilityPPM int64  `json:"availabilityPPM"`
	Outcome         string `json:"outcome"`
	Margin          string `json:"margin,omitempty"`
	Budget          string `json:"budget,omitempty"`
	Consumed        string `json:"consumed,omitempty"`
	ConsumedShare   string `json:"consumedShare,omitempty"`
	Remaining       string `json:"remaining,omitempty"`
	BurnRate        string `json:"burnRate,omitempty"`
	Credit          string `json:"credit,omitempty"`
	CreditMinor     int64  `json:"creditMinor"`

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
// service, and owed to that provider by its suppliers.
type CreditSum struct {
	Month    string `json:"month"`
	Complete bool   `json:"complete"`
	ToClient string `json:"toCustomer"`
	FromSupp string `json:"fromSuppliers"`
}

// BurnDown is the main service's error budget over the month containing the as-of instant,
// day by day, in whole minutes.
type BurnDown struct {
	Service   string `json:"service"`
	Month     string `json:"month"`
	BudgetMin int64  `json:"budgetMinutes"`
	// Days is the number of days in the month; Points runs from its first day to the as-of day.
	Days   int         `json:"days"`
	Points []BurnPoint `json:"points"`
	// Until is the instant of the last point: the end of its day, or the as-of instant.
	Until string `json:"until"`
	// Known is false when the month has no monitoring data yet.
	Known bool `json:"known"`
}

// BurnPoint is the remaining budget at the end of one day, beside the even pace.
type BurnPoint struct {
	Day          string `json:"day"`
	RemainingMin int64  `json:"remainingMinutes"`
	IdealMin     int64  `json:"idealMinutes"`
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

// review range: from the first monitored instant to the as-of instant.
func reviewRange(h hubData, asOf time.Time) (interval.Interval, error) {
	if !asOf.After(h.start) {
		return interval.Interval{}, fmt.Errorf("as-of instant %s is not after the start of the data (%s)", asOf.UTC().Format(time.RFC3339), h.start.UTC().Format(time.RFC3339))
	}
	return interval.Interval{Start: h.start, End: asOf}, nil
}

func serviceReport(h hubData, asOf time.Time, zone *time.Location) (ServiceSection, error) {
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
		Period: "calendar month in " + zone.String(), Policy: "24×7; time without monitoring data excluded from the denominator",
		MainFee: t.mainFee.String() + " per month", DependencyFee: t.depFee.String() + " per month (underpinning contracts)",
	}
	for _, tier := range t.policy.Table.Tiers() {
		out.Agreement.CreditTiers = append(out.Agreement.CreditTiers, fmt.Sprintf("%s → %s %%", tier.Range, tier.Percent.FloorString(0)))
	}
	// Each month's credits as statements (sla.Statement): the customer's, over the service's
	// agreement, and the provider's as the customer of its suppliers' underpinning contracts.
	type claims struct {
		complete       bool
		toCust, fromSu []sla.CreditClaim
	}
	credits := map[string]*claims{}
	var months []string
	for _, s := range h.sites {
		sum, err := summarise(s, rng, zone)
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
			mf, err := monthFigure(s, pr, t, fee, zone)
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
			claim := sla.ClaimFor(ag, pr.Results[0], fee, t.policy)
			if s.Main {
				c.toCust = append(c.toCust, claim)
			} else {
				c.fromSu = append(c.fromSu, claim)
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
		out.Credits = append(out.Credits, CreditSum{Month: m, Complete: c.complete, ToClient: to, FromSupp: from})
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
	if out.BurnDown, err = burnDown(h.main(), t.target, asOf, zone); err != nil {
		return out, err
	}
	out.Alerts, err = alerts(h.main(), t.target, asOf)
	return out, err
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

func summarise(s site, rng interval.Interval, zone *time.Location) (ServiceSummary, error) {
	role := "dependency"
	if s.Main {
		role = "service"
	}
	tl := s.TL.Clip(rng)
	r, err := sla.Availability(tl, nil, tl.Window(), sla.Policy{})
	if err != nil {
		return ServiceSummary{}, err
	}
	w := tl.Window()
	rel := sla.ReliabilityOf(tl, w, nil)
	return ServiceSummary{
		MTTR: relDur(rel, rel.MTTR, rel.MTTRDefined), MTBF: relDur(rel, rel.MTBF, rel.MTBFDefined),
		ID: string(s.ID), Name: s.Name, Role: role,
		Monitored:    w.Start.In(zone).Format("2006-01-02 15:04") + " – " + w.End.In(zone).Format("2006-01-02 15:04"),
		Outages:      len(tl.Intervals(sla.Down)),
		Down:         fmtDur(tl.Total(sla.Down)),
		Availability: r.Format(3),
		Published:    sla.FormatPercent(s.Watch.Uptime, 2) + " %",
	}, nil
}

func monthFigure(s site, pr sla.PeriodResult, t terms, fee sla.Money, zone *time.Location) (MonthFigure, error) {
	or := pr.Results[0]
	rep := or.Report
	mf := MonthFigure{
		Service: string(s.ID), Name: s.Name, Month: pr.Period.Start.In(zone).Format("2006-01"), Complete: pr.Complete,
		Counted: fmtDur(rep.Counted), Down: fmtDur(rep.Down), Availability: rep.Format(t.target.ShownPlaces()),
		AvailabilityPPM: -1, Outcome: or.Outcome.String(), end: pr.Period.End,
	}
	if !rep.Known {
		return mf, nil
	}
	mf.LostSeconds = ceilSeconds(rep.Lost)
	mf.AvailabilityPPM = ppm(rep.Availability)
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
	mf.Budget = fmtDur(st.Budget.AllowedDuration()) // over the counted time, as Remaining
	mf.Consumed = fmtRatDur(st.Consumed)
	mf.Remaining = fmtRatDur(st.Remaining)
	if st.ShareDefined {
		mf.ConsumedShare = st.ConsumedShare.MulInt(100).FloorString(1) + " %"
	}
	if st.BurnRateDefined {
		mf.BurnRate = st.BurnRate.FloorString(2)
	}
	c, ok, err := t.policy.CreditForReport(rep, fee)
	if err != nil || !ok {
		return mf, err
	}
	mf.CreditMinor = c.Amount.Minor
	mf.Credit = c.Amount.String()
	if c.InTier {
		mf.Credit += " (" + c.Tier.Percent.FloorString(0) + " %)"
	}
	return mf, nil
}

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

// burnDown follows the main service's budget through the month that holds the as-of instant
// (the last instant before it, so a review at midnight looks back at the month just ended).
func burnDown(s site, target sla.Target, asOf time.Time, zone *time.Location) (BurnDown, error) {
	month := sla.Monthly(zone).Containing(asOf.Add(-time.Nanosecond))
	out := BurnDown{Service: s.Name, Month: month.Start.In(zone).Format("2006-01")}
	b, err := sla.NewPeriodBudget(target, nil, month)
	if err != nil {
		return out, err
	}
	allowed := b.AllowedDuration()
	out.BudgetMin = int64(allowed / time.Minute)
	total := int64(month.Duration() / time.Second)
	for range sla.Daily(zone).Covering(month) {
		out.Days++
	}
	for day := range sla.Daily(zone).Covering(month) {
		end := day.End
		if end.After(asOf) {
			end = asOf
		}
		rep, err := sla.AvailabilityToDate(s.TL, nil, month, end, sla.Policy{})
		if err != nil {
			return out, err
		}
		lost := time.Duration(ceilNanos(rep.Lost))
		out.Known = rep.Known
		out.Until = end.In(zone).Format("2006-01-02 15:04")
		// The even pace leaves allowed × (time left in the month) / (month), in whole minutes.
		left := total - int64(end.Sub(month.Start)/time.Second)
		out.Points = append(out.Points, BurnPoint{
			Day:          day.Start.In(zone).Format("2006-01-02"),
			RemainingMin: int64((allowed - lost) / time.Minute),
			IdealMin:     int64(allowed/time.Second) * left / total / 60,
		})
		if !day.End.Before(asOf) {
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
			Long: fmtDur(a.Alert.Long), Short: fmtDur(a.Alert.Short), Firing: a.Firing, Reason: a.Reason,
		})
	}
	return out, nil
}

// relDur shows an exact mean of a reliability figure, or "–" when it is undefined.
func relDur(r sla.Reliability, ns sla.Ratio, ok bool) string {
	if !ok {
		return "–"
	}
	return fmtDur(r.Duration(ns))
}

// fmtDur shows a duration rounded down to the minute (to the second below one minute):
// "45h23m", "0s".
func fmtDur(d time.Duration) string {
	neg := d < 0
	if neg {
		d = -d
	}
	var s string
	switch {
	case d == 0:
		s = "0s"
	case d < time.Minute:
		s = d.Truncate(time.Second).String()
	default:
		s = strings.TrimSuffix(d.Truncate(time.Minute).String(), "0s")
		if strings.HasSuffix(s, "h0m") {
			s = strings.TrimSuffix(s, "0m")
		}
	}
	if neg {
		return "-" + s
	}
	return s
}

// fmtRatDur shows an exact number of nanoseconds as a duration, rounded toward zero.
func fmtRatDur(ns exact.Rat) string {
	n, err := ns.Int64(exact.Down)
	if err != nil {
		return "overflow"
	}
	return fmtDur(time.Duration(n))
}

func ceilNanos(ns exact.Rat) int64 {
	n, _ := ns.Int64(exact.Ceil)
	return n
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
