package sla

import (
	"errors"
	"fmt"
	"strings"

	"github.com/itsmkit/itsmkit/internal/exact"
)

// ErrBadTarget: a target outside 0–100 % or not a plain decimal.
var ErrBadTarget = errors.New("sla: bad target")

// maxTargetPlaces bounds the decimals a target may have; more would not be a real contract term.
const maxTargetPlaces = 12

var hundred = exact.FromInt(100)

// Target is an availability objective in percent, held exactly ("99.95" is 9995/100, never a
// float). The zero value is a 0 % target, met by any availability. Targets are immutable values,
// safe for concurrent use.
type Target struct {
	pct    Ratio
	places int // decimals as written, for display
}

// ParseTarget reads a percentage such as "99.95" or "99.95 %" exactly. It fails with a
// *ParseError wrapping ErrBadTarget for anything that is not a plain decimal in [0, 100] with
// at most 12 decimals ("100.5", "-1", "1e2", "99,9", "").
func ParseTarget(s string) (Target, error) {
	perr := func(msg string) error {
		return &ParseError{What: "target", Input: s, Err: fmt.Errorf("%w: %s", ErrBadTarget, msg)}
	}
	t := strings.TrimSpace(s)
	t = strings.TrimSpace(strings.TrimSuffix(t, "%"))
	if len(t) > 64 {
		return Target{}, perr("too long")
	}
	r, err := exact.ParseDecimal(t)
	if err != nil {
		return Target{}, perr("want a decimal percentage such as 99.95")
	}
	places := 0
	if _, frac, ok := strings.Cut(t, "."); ok {
		places = len(frac)
	}
	if places > maxTargetPlaces {
		return Target{}, perr(fmt.Sprintf("more than %d decimals", maxTargetPlaces))
	}
	if r.Sign() < 0 || r.Cmp(hundred) > 0 {
		return Target{}, perr("outside 0–100 %")
	}
	return Target{pct: r, places: places}, nil
}

// NewTarget returns the target pct percent, shown with at least places decimals (more when pct
// needs them). pct must lie in [0, 100] and have at most 12 decimals.
func NewTarget(pct Ratio, places int) (Target, error) {
	if places > maxTargetPlaces {
		return Target{}, fmt.Errorf("%w: %d places, at most %d", ErrBadTarget, places, maxTargetPlaces)
	}
	if pct.Sign() < 0 || pct.Cmp(hundred) > 0 {
		return Target{}, fmt.Errorf("%w: %s %% outside 0–100 %%", ErrBadTarget, pct)
	}
	for p := max(0, places); p <= maxTargetPlaces; p++ {
		if r, err := pct.Round(p, exact.Floor); err == nil && r.Equal(pct) {
			return Target{pct: pct, places: p}, nil
		}
	}
	return Target{}, fmt.Errorf("%w: %s %% has more than %d decimals", ErrBadTarget, pct, maxTargetPlaces)
}

// Percent is the target in percent (99.95).
func (t Target) Percent() Ratio { return t.pct }

// Ratio is the target as a fraction of one (0.9995).
func (t Target) Ratio() Ratio {
	r, _ := t.pct.Quo(hundred) // hundred is not zero
	return r
}

// AllowedLoss is the fraction of the counted time that may be lost, 1 − target (0.0005 for
// 99.95 %), exact: the error budget as a fraction.
func (t Target) AllowedLoss() Ratio { return exact.FromInt(1).Sub(t.Ratio()) }

// Equal reports whether two targets have the same value and the same written precision, so
// that go-cmp and == style comparisons of structs holding a Target work.
func (t Target) Equal(o Target) bool { return t.places == o.places && t.pct.Equal(o.pct) }

// Places is the number of decimals the target was written with; figures compared against it
// are shown with at least this many (see ShownPlaces).
func (t Target) Places() int { return t.places }

// ShownPlaces is the number of decimals availability is shown with next to this target: the
// target's own, and at least two.
func (t Target) ShownPlaces() int { return max(2, t.places) }

// Met reports whether an availability (in percent) meets the target; exactly at target is met.
func (t Target) Met(availability Ratio) bool { return availability.Cmp(t.pct) >= 0 }

// Margin is availability − target in percentage points: negative when breached.
func (t Target) Margin(availability Ratio) Ratio { return availability.Sub(t.pct) }

// String formats the target as written, with a percent sign: "99.95%".
func (t Target) String() string {
	s, _ := t.pct.RoundString(t.places, exact.Floor) // exact: pct has at most places decimals
	return s + "%"
}

// MarshalText writes String's form.
func (t Target) MarshalText() ([]byte, error) { return []byte(t.String()), nil }

// UnmarshalText reads what ParseTarget reads.
func (t *Target) UnmarshalText(b []byte) error {
	v, err := ParseTarget(string(b))
	if err != nil {
		return err
	}
	*t = v
	return nil
}

// MaxPlaces is the most decimals a figure is shown with (FormatPercent, Report.Format and
// Ratio's FloorString, RoundString and Round): more places are taken as MaxPlaces, so a
// caller's places cannot make 10^places exhaust memory. Negative places show none.
const MaxPlaces = exact.MaxPlaces

// FormatPercent shows a percentage with places decimals (0 to MaxPlaces) rounded down, so a
// figure is never shown better than it is: 99.996 prints "99.99", and "100.00" only for
// exactly 100.
func FormatPercent(pct Ratio, places int) string { return pct.FloorString(places) }
