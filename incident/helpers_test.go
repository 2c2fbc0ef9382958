package incident

import (
	"errors"
	"fmt"

	"github.com/google/go-cmp/cmp"
)

// tb is what the checks need: *testing.T, *testing.B and *rapid.T all have it.
type tb interface {
	Helper()
	Fatalf(format string, args ...any)
}

// Small checks in the spirit of testify/require (testify's yaml dependency is not in go.sum).

func noErr(t tb, err error, msg ...any) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: unexpected error: %v", fmt.Sprint(msg...), err)
	}
}

func equal[T any](t tb, want, got T, msg ...any) {
	t.Helper()
	if d := cmp.Diff(want, got); d != "" {
		t.Fatalf("%s (-want +got):\n%s", fmt.Sprint(msg...), d)
	}
}

func isErr(t tb, err, target error, msg ...any) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: error %v, want %v", fmt.Sprint(msg...), err, target)
	}
}

func asErr[E error](t tb, err error, msg ...any) E {
	t.Helper()
	var e E
	if !errors.As(err, &e) {
		t.Fatalf("%s: error %v (%T), want %T", fmt.Sprint(msg...), err, err, e)
	}
	return e
}

func truth(t tb, ok bool, msg ...any) {
	t.Helper()
	if !ok {
		t.Fatalf("%s: not true", fmt.Sprint(msg...))
	}
}
