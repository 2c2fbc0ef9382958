package incident

import "strings"

// quiet shows a wrapped cause without the package prefixes its layers put in front
// ("incident: ", and "sla: " or "itsm: " from the packages below), so that a message names
// incident once. errors.Is and errors.As still reach the cause.
type quiet struct{ err error }

func (q quiet) Error() string {
	s := q.err.Error()
	for {
		t := s
		for _, p := range [...]string{"incident: ", "sla: ", "itsm: "} {
			t = strings.TrimPrefix(t, p)
		}
		if t == s {
			return s
		}
		s = t
	}
}

func (q quiet) Unwrap() error { return q.err }
