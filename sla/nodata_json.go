package sla

import "encoding/json"

// A figure that has no value ("no data", an undefined rate or mean) is written as JSON null,
// never as the 0 its Ratio field holds: a reader of the JSON must not take it for 0 %. The
// flags that say so (Known, …Defined, NoData) are written too. Decoding is plain encoding/json:
// null leaves the field at zero, which is what the flags then mean.

// orNull is r when ok, else nil (JSON null).
func orNull(r Ratio, ok bool) *Ratio {
	if !ok {
		return nil
	}
	return &r
}

// MarshalJSON writes the report's fields, with Availability null when the report is unknown.
func (r Report) MarshalJSON() ([]byte, error) {
	type plain Report
	return json.Marshal(struct {
		plain
		Availability *Ratio
	}{plain(r), orNull(r.Availability, r.Known)})
}

// MarshalJSON writes the result's fields, with Margin, Allowed, Overrun, BestCase,
// PeriodAllowed and PeriodOverrun null when the report is unknown (not measured).
func (o ObjectiveResult) MarshalJSON() ([]byte, error) {
	type plain ObjectiveResult
	k := o.Report.Known
	return json.Marshal(struct {
		plain
		Margin, Allowed, Overrun, BestCase, PeriodAllowed, PeriodOverrun *Ratio
	}{plain(o), orNull(o.Margin, k), orNull(o.Allowed, k), orNull(o.Overrun, k),
		orNull(o.BestCase, k), orNull(o.PeriodAllowed, k), orNull(o.PeriodOverrun, k)})
}

// MarshalJSON writes the status's fields, with AttainmentToDate null when nothing was observed,
// BurnRate null when it is undefined and ConsumedShare null when it is undefined.
func (s BudgetStatus) MarshalJSON() ([]byte, error) {
	type plain BudgetStatus
	return json.Marshal(struct {
		plain
		ConsumedShare, BurnRate, AttainmentToDate *Ratio
	}{plain(s), orNull(s.ConsumedShare, s.ShareDefined), orNull(s.BurnRate, s.BurnRateDefined), orNull(s.AttainmentToDate, s.Known)})
}

// MarshalJSON writes the credit's fields. For a period without data (Known false) there is no
// figure and no amount: Availability, Raw and Amount are null, as a Report's Availability is,
// rather than a 0 % availability or a 0.00 credit that could be read as computed.
func (c Credit) MarshalJSON() ([]byte, error) {
	type plain Credit
	var raw, amount *Money
	if c.Known {
		raw, amount = &c.Raw, &c.Amount
	}
	return json.Marshal(struct {
		plain
		Availability *Ratio
		Raw, Amount  *Money
	}{plain(c), orNull(c.Availability, c.Known), raw, amount})
}

// MarshalJSON writes the figures, with each undefined mean and the undefined availability null.
func (r Reliability) MarshalJSON() ([]byte, error) {
	type plain Reliability
	return json.Marshal(struct {
		plain
		MTTR, MTBF, MTTF, MTTA, Availability *Ratio
	}{plain(r), orNull(r.MTTR, r.MTTRDefined), orNull(r.MTBF, r.MTBFDefined), orNull(r.MTTF, r.MTTFDefined),
		orNull(r.MTTA, r.MTTADefined), orNull(r.Availability, r.AvailabilityDefined)})
}

// MarshalJSON writes the report's fields, with Attainment null when no observed slice had any
// event.
func (r SLOReport) MarshalJSON() ([]byte, error) {
	type plain SLOReport
	return json.Marshal(struct {
		plain
		Attainment *Ratio
	}{plain(r), orNull(r.Attainment, r.Known)})
}

// MarshalJSON writes the window's burn, with Rate null when the window had no data.
func (w WindowBurn) MarshalJSON() ([]byte, error) {
	type plain WindowBurn
	return json.Marshal(struct {
		plain
		Rate *Ratio
	}{plain(w), orNull(w.Rate, !w.NoData)})
}
