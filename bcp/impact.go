package bcp

import (
	"fmt"
	"math"
	"math/bits"
	"time"

	"github.com/itsmkit/itsmkit/sla"
)

// Dimension is one kind of harm a disruption does to an activity. The zero value is invalid.
// It is a plain value, safe for concurrent use.
type Dimension int

const (
	Financial Dimension = iota + 1
	Operational
	Reputational
	Regulatory // legal and regulatory
	Customer
)

var dimensionNames = [...]string{"", "financial", "operational", "reputational", "regulatory", "customer"}

func (d Dimension) String() string {
	if d < Financial || d > Customer {
		return fmt.Sprintf("Dimension(%d)", int(d))
	}
	return dimensionNames[d]
}

// Level is a position on a Scale: 0 (the zero value) is the mildest level,
// len(Scale.Names)-1 the worst.
// It is a plain value, safe for concurrent use.
type Level int

// Scale is an ordered list of impact level names, mildest first, with the index of the first
// level the business cannot accept (every level at or above it is unacceptable). Example: names
// N, L, M, H, C with Unacceptable 4 ("C"). The zero value has no levels and is invalid. A plain
// value: do not change Names while it is in use.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Scale struct {
	Names        []string `json:"names"`
	Unacceptable Level    `json:"unacceptable"`
}

// Name returns the name of level l, or "L<n>" when l is outside the scale.
func (s Scale) Name(l Level) string {
	if l < 0 || int(l) >= len(s.Names) {
		return fmt.Sprintf("L%d", int(l))
	}
	return s.Names[l]
}

// LevelOf returns the level with the given name.
func (s Scale) LevelOf(name string) (Level, bool) {
	for i, n := range s.Names {
		if n == name {
			return Level(i), true
		}
	}
	return 0, false
}

// Step says that from After (elapsed time since the disruption began, inclusive) on, the impact
// stands at Level, until the next step. The zero value is level 0 from the start.
// A plain value, safe for concurrent use.
type Step struct {
	After time.Duration `json:"after"`
	Level Level         `json:"level"`
}

// Curve is the step function of one dimension's impact over elapsed disruption time. Before the
// first step the impact is level 0. Steps must have strictly increasing, non-negative times. The
// zero value (no dimension) is invalid inside an Impact.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Curve struct {
	Dimension Dimension `json:"dimension"`
	Steps     []Step    `json:"steps"`
}

// At returns the level in effect after elapsed time d.
func (c Curve) At(d time.Duration) Level {
	var l Level
	for _, s := range c.Steps {
		if s.After > d {
			break
		}
		l = s.Level
	}
	return l
}

// LossKind says how Loss steps are read. The zero value means "no money figure".
// It is a plain value, safe for concurrent use.
type LossKind int

const (
	// LossRate: each step's amount is lost per Loss.Per of elapsed time, from its After on.
	LossRate LossKind = iota + 1
	// LossCumulative: each step's amount is the total lost once After has elapsed.
	LossCumulative
)

func (k LossKind) String() string {
	switch k {
	case LossRate:
		return "rate"
	case LossCumulative:
		return "cumulative"
	}
	return fmt.Sprintf("LossKind(%d)", int(k))
}

// LossStep is one step of a financial loss curve. The zero value is nothing lost from the start.
// A plain value, safe for concurrent use.
type LossStep struct {
	After  time.Duration `json:"after"`
	Amount sla.Money     `json:"amount"`
}

// Loss is the money an activity loses over elapsed disruption time, either as a stepped rate
// (revenue per hour, per day: Per) or as stepped cumulative totals. The zero value is "no money
// figure" and contributes nothing to exposure. All steps share one currency.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Loss struct {
	Kind  LossKind      `json:"kind,omitempty"`
	Per   time.Duration `json:"per,omitempty"`
	Steps []LossStep    `json:"steps,omitempty"`
}

// Currency of the curve: that of its first step with a currency; the zero Currency when none.
func (l Loss) Currency() sla.Currency {
	for _, s := range l.Steps {
		if s.Amount.Currency.Code != "" {
			return s.Amount.Currency
		}
	}
	return sla.Currency{}
}

// At returns the money lost once elapsed time d has passed since the disruption began. For a
// rate the sum of amount × time over the segments is computed exactly (128 bits) and divided by
// Per once, rounded down to a whole minor unit. ok is false if the figure overflows an int64.
func (l Loss) At(d time.Duration) (sla.Money, bool) {
	cur := l.Currency()
	switch l.Kind {
	case LossCumulative:
		var m int64
		for _, s := range l.Steps {
			if s.After > d {
				break
			}
			m = s.Amount.Minor
		}
		return sla.Money{Minor: m, Currency: cur}, true
	case LossRate:
		var hi, lo uint64
		for i, s := range l.Steps {
			if s.After >= d {
				break
			}
			end := d
			if i+1 < len(l.Steps) && l.Steps[i+1].After < end {
				end = l.Steps[i+1].After
			}
			ph, pl := bits.Mul64(uint64(s.Amount.Minor), uint64(end-s.After))
			var c uint64
			lo, c = bits.Add64(lo, pl, 0)
			hi, c = bits.Add64(hi, ph, c)
			if c != 0 {
				return sla.Money{}, false
			}
		}
		if hi >= uint64(l.Per) {
			return sla.Money{}, false
		}
		q, _ := bits.Div64(hi, lo, uint64(l.Per))
		if q > math.MaxInt64 {
			return sla.Money{}, false
		}
		return sla.Money{Minor: int64(q), Currency: cur}, true
	}
	return sla.Money{}, true
}

// Impact is an activity's impact-over-time: one step curve per dimension on a shared scale, and
// optionally the money lost. The zero value has no curves: nothing ever becomes unacceptable, so
// an MTPD cannot be derived from it.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Impact struct {
	Scale  Scale   `json:"scale"`
	Curves []Curve `json:"curves,omitempty"`
	Loss   Loss    `json:"loss,omitzero"`
}

// Point is the impact after some elapsed time: the level of every curve (in Curves order), the
// worst of them, whether that is unacceptable, and the money lost so far.
// The zero value is the impact at no elapsed time on no curve.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Point struct {
	Elapsed      time.Duration
	Levels       []Level
	Worst        Level
	Unacceptable bool
	Loss         sla.Money
}

// At evaluates every curve after elapsed time d. A loss that overflows is reported as the
// largest amount.
func (im Impact) At(d time.Duration) Point {
	p := Point{Elapsed: d, Levels: make([]Level, len(im.Curves))}
	for i, c := range im.Curves {
		p.Levels[i] = c.At(d)
		p.Worst = max(p.Worst, p.Levels[i])
	}
	p.Unacceptable = len(im.Curves) > 0 && p.Worst >= im.Scale.Unacceptable
	m, ok := im.Loss.At(d)
	if !ok {
		m = sla.Money{Minor: math.MaxInt64, Currency: im.Loss.Currency()}
	}
	p.Loss = m
	return p
}

// Unacceptable returns the earliest elapsed time at which any dimension reaches the scale's
// unacceptable level, and that dimension (the first in Curves order on ties). ok is false when
// no curve ever does.
func (im Impact) Unacceptable() (at time.Duration, dim Dimension, ok bool) {
	for _, c := range im.Curves {
		for _, s := range c.Steps {
			if s.Level >= im.Scale.Unacceptable {
				if !ok || s.After < at {
					at, dim, ok = s.After, c.Dimension, true
				}
				break
			}
		}
	}
	return at, dim, ok
}

// Breakpoints returns every elapsed time at which some curve or the loss changes, sorted and
// without duplicates: the instants worth showing in an impact-over-time table.
func (im Impact) Breakpoints() []time.Duration {
	var out []time.Duration
	for _, c := range im.Curves {
		for _, s := range c.Steps {
			out = append(out, s.After)
		}
	}
	for _, s := range im.Loss.Steps {
		out = append(out, s.After)
	}
	return sortedUnique(out)
}

// validate checks the scale has levels and marks one above the mildest as unacceptable: level 0
// is "no impact" (before a curve's first step every dimension is at level 0), so it cannot be
// unacceptable.
func (s Scale) validate(where string) error {
	if len(s.Names) == 0 {
		return errAt(ErrLevel, where, "", "scale has no levels")
	}
	if s.Unacceptable < 1 || int(s.Unacceptable) >= len(s.Names) {
		return errAt(ErrLevel, where+".unacceptable", "", fmt.Sprintf("level %d is not above the mildest of a scale of %d", s.Unacceptable, len(s.Names)))
	}
	return nil
}

// Validate checks the scale (when curves use it or one is given), every curve (known dimension, once each; strictly increasing
// non-negative times; levels on the scale) and the loss curve. where prefixes error locations.
func (im Impact) Validate(where string) error {
	if len(im.Curves) > 0 || len(im.Scale.Names) > 0 {
		if err := im.Scale.validate(where + ".scale"); err != nil {
			return err
		}
	}
	var seen [Customer + 1]bool
	for i, c := range im.Curves {
		cw := fmt.Sprintf("%s.curves[%d]", where, i)
		if c.Dimension < Financial || c.Dimension > Customer {
			return errAt(ErrInvalid, cw+".dimension", "", fmt.Sprintf("unknown dimension %d", c.Dimension))
		}
		if seen[c.Dimension] {
			return errAt(ErrInvalid, cw+".dimension", "", "second curve for "+c.Dimension.String())
		}
		seen[c.Dimension] = true
		for j, s := range c.Steps {
			sw := fmt.Sprintf("%s.steps[%d]", cw, j)
			if s.After < 0 {
				return errAt(ErrNegativeDuration, sw+".after", "", s.After.String())
			}
			if j > 0 && s.After <= c.Steps[j-1].After {
				return errAt(ErrDecreasingTime, sw+".after", "", fmt.Sprintf("%s after %s", s.After, c.Steps[j-1].After))
			}
			if s.Level < 0 || int(s.Level) >= len(im.Scale.Names) {
				return errAt(ErrLevel, sw+".level", "", fmt.Sprintf("level %d outside a scale of %d", s.Level, len(im.Scale.Names)))
			}
		}
	}
	return im.Loss.validate(where + ".loss")
}

func (l Loss) validate(where string) error {
	if l.Kind == 0 && len(l.Steps) == 0 {
		return nil
	}
	if l.Kind != LossRate && l.Kind != LossCumulative {
		return errAt(ErrInvalid, where+".kind", "", fmt.Sprintf("unknown loss kind %d", l.Kind))
	}
	if l.Kind == LossRate && l.Per <= 0 {
		if l.Per < 0 {
			return errAt(ErrNegativeDuration, where+".per", "", l.Per.String())
		}
		return errAt(ErrInvalid, where+".per", "", "a loss rate needs a positive period")
	}
	cur := l.Currency()
	for j, s := range l.Steps {
		sw := fmt.Sprintf("%s.steps[%d]", where, j)
		if s.After < 0 {
			return errAt(ErrNegativeDuration, sw+".after", "", s.After.String())
		}
		if j > 0 && s.After <= l.Steps[j-1].After {
			return errAt(ErrDecreasingTime, sw+".after", "", fmt.Sprintf("%s after %s", s.After, l.Steps[j-1].After))
		}
		if s.Amount.Minor < 0 {
			return errAt(ErrInvalid, sw+".amount", "", "negative amount "+s.Amount.String())
		}
		if c := s.Amount.Currency; c.Code != "" {
			if _, err := sla.NewCurrency(c.Code, c.Exponent); err != nil {
				return errAt(ErrCurrency, sw+".amount", "", err.Error())
			}
		} else if s.Amount.Minor != 0 {
			return errAt(ErrCurrency, sw+".amount", "", "an amount without a currency")
		}
		if s.Amount.Currency != cur && (s.Amount.Currency.Code != "" || s.Amount.Minor != 0) {
			return errAt(ErrCurrency, sw+".amount", "", s.Amount.Currency.Code+" in a "+cur.Code+" curve")
		}
		if l.Kind == LossCumulative && j > 0 && s.Amount.Minor < l.Steps[j-1].Amount.Minor {
			return errAt(ErrInvalid, sw+".amount", "", "a cumulative loss cannot decrease")
		}
	}
	return nil
}
