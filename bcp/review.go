package bcp

import (
	"fmt"
	"time"
)

// Every is a review interval in calendar units, added in wall-clock time of the caller's zone
// (so "every 12 months" lands on the same local date and time, across DST changes). The zero
// value is invalid.
// A plain value, safe for concurrent use.
type Every struct {
	Years  int `json:"years,omitempty"`
	Months int `json:"months,omitempty"`
	Days   int `json:"days,omitempty"`
}

// Review is the review cycle of a plan or activity: when it was last reviewed, how often it must
// be, and the significant changes (reorganisation, new system, supplier change) since. A
// significant change after the last review forces a review within Grace of the change. The zero
// value is invalid. Reviews are plain values.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Review struct {
	Subject string        `json:"subject"`
	Last    time.Time     `json:"last"`
	Every   Every         `json:"every"`
	Changes []time.Time   `json:"changes,omitempty"`
	Grace   time.Duration `json:"grace,omitempty"`
}

// ReviewStatus is a review cycle evaluated as of an instant.
// The zero value is the status of no review.
// A plain value, safe for concurrent use.
type ReviewStatus struct {
	Subject string
	// NextDue is the earlier of the scheduled date and (when forced) the change date plus grace.
	NextDue time.Time
	// Scheduled is Last plus the interval in the caller's zone.
	Scheduled time.Time
	// ForcedBy is the first significant change after Last and not after the as-of instant; zero
	// when no change forces a review.
	ForcedBy time.Time
	// Overdue: the as-of instant is after NextDue (a review held at the due instant is on time).
	Overdue bool
}

// maxYears bounds a review interval: beyond it calendar arithmetic would overflow, and no review
// cycle is that long.
const maxYears = 1000

// Status evaluates the review cycle as of asOf, adding the interval in loc. Changes after asOf are
// not yet known and ignored; changes at or before Last were covered by that review. A last review
// after asOf has not happened yet as of that instant: ErrInvalid.
func (r Review) Status(asOf time.Time, loc *time.Location) (ReviewStatus, error) {
	where := "review " + quote(r.Subject)
	switch {
	case loc == nil:
		return ReviewStatus{}, errAt(ErrInvalid, where, r.Subject, "nil location")
	case r.Last.IsZero():
		return ReviewStatus{}, errAt(ErrInvalid, where+".last", r.Subject, "never reviewed")
	case r.Last.After(asOf):
		return ReviewStatus{}, errAt(ErrInvalid, where+".last", r.Subject, "reviewed after the as-of instant "+asOf.Format(time.RFC3339))
	case r.Every.Years < 0 || r.Every.Months < 0 || r.Every.Days < 0:
		return ReviewStatus{}, errAt(ErrNegativeDuration, where+".every", r.Subject, fmt.Sprintf("%+v", r.Every))
	case r.Every == Every{}:
		return ReviewStatus{}, errAt(ErrInvalid, where+".every", r.Subject, "zero interval")
	case r.Grace < 0:
		return ReviewStatus{}, errAt(ErrNegativeDuration, where+".grace", r.Subject, r.Grace.String())
	case r.Every.Years > maxYears || r.Every.Months > 12*maxYears || r.Every.Days > 366*maxYears:
		return ReviewStatus{}, errAt(ErrInvalid, where+".every", r.Subject, fmt.Sprintf("%+v is longer than %d years", r.Every, maxYears))
	}
	s := ReviewStatus{Subject: r.Subject}
	s.Scheduled = r.Last.In(loc).AddDate(r.Every.Years, r.Every.Months, r.Every.Days)
	if !s.Scheduled.After(r.Last) { // calendar arithmetic overflowed
		return ReviewStatus{}, errAt(ErrInvalid, where+".every", r.Subject, fmt.Sprintf("%+v after %s is out of range", r.Every, r.Last.Format(time.RFC3339)))
	}
	s.NextDue = s.Scheduled
	for _, c := range r.Changes {
		if c.After(r.Last) && !c.After(asOf) && (s.ForcedBy.IsZero() || c.Before(s.ForcedBy)) {
			s.ForcedBy = c
		}
	}
	if !s.ForcedBy.IsZero() {
		if d := s.ForcedBy.Add(r.Grace).In(loc); d.Before(s.NextDue) {
			s.NextDue = d
		}
	}
	s.Overdue = asOf.After(s.NextDue)
	return s, nil
}
