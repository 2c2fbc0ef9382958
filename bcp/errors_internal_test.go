package bcp

import (
	"errors"
	"fmt"
	"testing"
)

// A detail taken from another package's error does not repeat that package's prefix: the
// message names bcp once.
func TestErrAtNamesBCPOnce(t *testing.T) {
	cause := fmt.Errorf("sla: bad period: kind 0")
	err := errAt(ErrInvalid, "terms[0].period", "gold", cause.Error())
	if got, want := err.Error(), `bcp: invalid value at terms[0].period (id "gold"): bad period: kind 0`; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if !errors.Is(err, ErrInvalid) {
		t.Errorf("%v does not match ErrInvalid", err)
	}
}
