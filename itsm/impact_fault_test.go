package itsm_test

import (
	"bytes"
	"errors"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/itsm"
)

// Hand-built values reach the entry points as errors, never panics (DESIGN §4.10): a nil model,
// the zero Analyzer and Evaluation (documented as not usable), a nil Pricer.
func TestZeroValuesAreErrors(t *testing.T) {
	m := shop(t)
	a := mustAnalyzer(t, m, itsm.Policy{})
	down := mustEvaluate(t, a, itsm.Observation{ID: "db-1", State: D}, itsm.Observation{ID: "db-2", State: D})
	cases := []struct {
		name string
		f    func() error
		want error
	}{
		{"NewAnalyzer(nil)", func() error { _, err := itsm.NewAnalyzer(nil, itsm.Policy{}); return err }, itsm.ErrZeroValue},
		{"zero Analyzer", func() error { _, err := (&itsm.Analyzer{}).Evaluate(nil); return err }, itsm.ErrZeroValue},
		{"zero Analyzer blast radius", func() error { _, err := (&itsm.Analyzer{}).BlastRadius(nil); return err }, itsm.ErrZeroValue},
		{"WriteDOT nil model", func() error { return itsm.WriteDOT(&bytes.Buffer{}, nil, itsm.DOTOptions{}) }, itsm.ErrZeroValue},
		{"WriteDOT zero evaluation", func() error {
			return itsm.WriteDOT(&bytes.Buffer{}, m, itsm.DOTOptions{Evaluation: &itsm.Evaluation{}})
		}, itsm.ErrZeroValue},
		{"OutageCost negative duration", func() error { _, err := down.OutageCost(-time.Hour, nil); return err }, itsm.ErrNegative},
	}
	for _, c := range cases {
		err := c.f()
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", c.name, err, c.want)
		}
	}
	// A nil Pricer (or a nil PricerFunc) charges nothing, as RecoveryOrder already reads it.
	for _, p := range []itsm.Pricer{nil, itsm.PricerFunc(nil)} {
		got, err := down.OutageCost(time.Hour, p)
		if err != nil || len(got) != 0 {
			t.Errorf("OutageCost with %T(nil): %v, %v; want no cost", p, got, err)
		}
	}
}
