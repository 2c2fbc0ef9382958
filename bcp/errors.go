package bcp

import (
	"errors"
	"strings"
)

// Sentinel errors. Every error the package returns wraps one of them inside an *Error that says
// where the problem is, so callers can test the kind with errors.Is and the place with errors.As.
var (
	// ErrDecreasingTime: the steps of an impact or loss curve are not in strictly increasing
	// order of elapsed time.
	ErrDecreasingTime = errors.New("bcp: curve times not strictly increasing")
	// ErrNegativeDuration: a duration (objective, curve time, restore time, interval) is negative.
	ErrNegativeDuration = errors.New("bcp: negative duration")
	// ErrUnknownReference: an ID names no node of the model (or no activity).
	ErrUnknownReference = errors.New("bcp: unknown reference")
	// ErrDuplicateID: two activities, tiers or capabilities share an ID.
	ErrDuplicateID = errors.New("bcp: duplicate ID")
	// ErrLevel: an impact level outside its scale, or a scale without levels.
	ErrLevel = errors.New("bcp: level outside scale")
	// ErrCurrency: amounts in different currencies are combined, or a code is not ISO 4217-shaped.
	ErrCurrency = errors.New("bcp: currency mismatch or malformed")
	// ErrInvalid: any other malformed value (empty ID, percent above 100, unordered tier table,
	// overflow of a money amount).
	ErrInvalid = errors.New("bcp: invalid value")
	// ErrZeroValue: a method of a value only a constructor makes (Analysis from Analyze,
	// Capabilities from NewCapabilities) was called on its zero value or a nil pointer. Methods
	// that list or look up something answer such a value with an empty result; those that
	// compute from it (Analysis.Scenario, Capabilities.Analyze, PermitHub.WriteReport) return
	// this error. It is a kind of ErrInvalid: errors.Is(err, ErrInvalid) holds for it too.
	ErrZeroValue = errors.New("bcp: zero value where a constructed one is needed")
)

// Error locates a problem: Where is a path such as `activity "intake" impact.curves[1].steps[2]`,
// ID the offending object's ID when there is one. Err is one of the sentinels above. The zero
// value is not meaningful; Error values are immutable and safe for concurrent use.
type Error struct {
	Where  string
	ID     string
	Detail string
	Err    error
}

func (e *Error) Error() string {
	if e == nil {
		return "<nil>"
	}
	var b strings.Builder
	msg := "bcp: invalid value"
	if e.Err != nil {
		msg = e.Err.Error()
	}
	b.WriteString(msg)
	if e.Where != "" {
		b.WriteString(" at ")
		b.WriteString(e.Where)
	}
	if e.ID != "" {
		b.WriteString(" (id ")
		b.WriteString(quote(e.ID))
		b.WriteString(")")
	}
	if e.Detail != "" {
		b.WriteString(": ")
		b.WriteString(e.Detail)
	}
	return b.String()
}

// Unwrap returns the sentinel (nil for a nil *Error).
func (e *Error) Unwrap() error {
	if e == nil {
		return nil
	}
	return e.Err
}

// Is makes an ErrZeroValue error match ErrInvalid too (a zero value where a constructed one is
// needed is invalid input), so callers that test for ErrInvalid keep working.
func (e *Error) Is(target error) bool {
	return e != nil && target == ErrInvalid && e.Err == ErrZeroValue
}

// errAt builds an *Error. A detail taken from another package's error loses that package's
// prefix ("sla: ", "itsm: ", "bcp: "), so the message names bcp once.
func errAt(kind error, where, id, detail string) error {
	for {
		t := detail
		for _, p := range [...]string{"bcp: ", "sla: ", "itsm: "} {
			t = strings.TrimPrefix(t, p)
		}
		if t == detail {
			break
		}
		detail = t
	}
	return &Error{Where: where, ID: id, Detail: detail, Err: kind}
}

func quote(s string) string { return "\"" + s + "\"" }
