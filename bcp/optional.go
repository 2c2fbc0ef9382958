package bcp

import (
	"encoding/json"
	"fmt"
)

// Optional is a value that is either set or unset. Objectives use it because zero is a real
// objective (an RPO of zero means "no data may be lost") and must not double as "not stated".
// The zero value is unset. Optional values are immutable and safe for concurrent use.
type Optional[T comparable] struct {
	value T
	set   bool
}

// Some returns a set Optional holding v.
func Some[T comparable](v T) Optional[T] { return Optional[T]{value: v, set: true} }

// Get returns the value and whether it is set.
func (o Optional[T]) Get() (T, bool) { return o.value, o.set }

// IsSet reports whether a value is present.
func (o Optional[T]) IsSet() bool { return o.set }

// Or returns the value when set and def otherwise.
func (o Optional[T]) Or(def T) T {
	if o.set {
		return o.value
	}
	return def
}

// Equal reports whether both are unset or both hold the same value (used by go-cmp).
func (o Optional[T]) Equal(p Optional[T]) bool {
	return o.set == p.set && (!o.set || o.value == p.value)
}

// String prints the value, or "unset".
func (o Optional[T]) String() string {
	if !o.set {
		return "unset"
	}
	return fmt.Sprint(o.value)
}

// MarshalJSON writes the value, or null when unset.
func (o Optional[T]) MarshalJSON() ([]byte, error) {
	if !o.set {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// UnmarshalJSON reads a value; null leaves it unset. A nil *Optional has nowhere to put it:
// ErrInvalid.
func (o *Optional[T]) UnmarshalJSON(b []byte) error {
	if o == nil {
		return errAt(ErrInvalid, "optional", "", "unmarshal into a nil *Optional")
	}
	if string(b) == "null" {
		*o = Optional[T]{}
		return nil
	}
	var v T
	if err := json.Unmarshal(b, &v); err != nil {
		return err
	}
	*o = Some(v)
	return nil
}
