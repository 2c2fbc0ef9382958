package sla

import (
	"errors"
	"fmt"
	"strings"

	"github.com/itsmkit/itsmkit/internal/exact"
)

// quiet shows a wrapped cause without the package prefixes its layers put in front ("sla: ",
// "itsm: " from Money, and the internal "exact: " and "interval: "), so that a message names sla
// once and no internal package leaks into it. errors.Is and errors.As still reach the cause.
type quiet struct{ err error }

func (q quiet) Error() string {
	s := q.err.Error()
	for {
		t := s
		for _, p := range [...]string{"sla: ", "itsm: ", "exact: ", "interval: "} {
			t = strings.TrimPrefix(t, p)
		}
		if t == s {
			return s
		}
		s = t
	}
}

func (q quiet) Unwrap() error { return q.err }

// numberCause words an error of the internal decimal parser as sla's own: the 1-based column of
// the first offending byte and the reason.
func numberCause(err error) error {
	var se *exact.SyntaxError
	if errors.As(err, &se) {
		return fmt.Errorf("column %d: %s", se.Offset+1, se.Reason)
	}
	return quiet{err}
}
