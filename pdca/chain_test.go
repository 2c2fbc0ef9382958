package pdca

import (
	"math/big"
	"testing"
	"time"

	"pgregory.net/rapid"
)

// testChainSeeding: a chain of cycles built with Next links each to its predecessor, every
// baseline is the predecessor's last measured value, Chain recovers the order from any
// permutation, and the trend's change is the last measurement minus the first baseline in the
// metric's direction.
func testChainSeeding(t *rapid.T) {
	dir := rapid.SampledFrom([]Direction{HigherIsBetter, LowerIsBetter}).Draw(t, "dir")
	n := rapid.IntRange(1, 6).Draw(t, "cycles")
	at := t0
	tick := func() time.Time {
		at = at.Add(time.Duration(rapid.IntRange(0, 500).Draw(t, "gap")) * time.Hour)
		return at
	}
	var cycles []Cycle
	first := IntValue(int64(rapid.IntRange(-50, 50).Draw(t, "baseline")))
	baseline := first
	var last Value
	for i := range n {
		id := "C" + string(rune('a'+i))
		var c Cycle
		var err error
		if i == 0 {
			c, err = Open(tick(), Opening{ID: id, Subject: SystemSubject()})
		} else {
			c, err = Next(cycles[i-1], tick(), Opening{ID: id})
			if err == nil && !c.Baselines()[0].Value.Equal(last) {
				t.Fatalf("%s: baseline %s, predecessor measured %s", id, c.Baselines()[0].Value, last)
			}
		}
		if err != nil {
			t.Fatal(err)
		}
		step := IntValue(int64(rapid.IntRange(1, 10).Draw(t, "step")))
		target := Value{r: baseline.r.Add(step.r)}
		if dir == LowerIsBetter {
			target = Value{r: baseline.r.Sub(step.r)}
		}
		last = ValueFromBig(big.NewRat(int64(rapid.IntRange(-600, 600).Draw(t, "measured")), 10))
		events := []Event{
			SetObjective(tick(), Objective{Metric: "m", Unit: "u", Direction: dir, Baseline: baseline, Target: target, Deadline: at.Add(time.Hour)}),
			SetMeasurementPlan(at, "p"), Approve(at, "cab"), Advance(at),
		}
		if i > 0 { // the predecessor's follow-up, carried into this cycle's plan
			events = append(events, CompleteAction(at, "F"+cycles[i-1].ID()))
		}
		c, err = c.ApplyAll(append(events,
			Measure(Measurement{Metric: "m", Unit: "u", Value: last, At: tick()}),
			Advance(at), Advance(at), Decide(at, Adapt, ""),
			PlanAction(at, Action{ID: "F" + id, Description: "follow up"}), Advance(at))...)
		if err != nil {
			t.Fatal(err)
		}
		cycles = append(cycles, c)
		baseline = last
	}
	shuffled := rapid.Permutation(cycles).Draw(t, "order")
	chain, err := Chain(shuffled, cycles[n-1].ID())
	if err != nil {
		t.Fatal(err)
	}
	for i := range chain {
		if chain[i].ID() != cycles[i].ID() {
			t.Fatalf("chain[%d] = %s, want %s", i, chain[i].ID(), cycles[i].ID())
		}
	}
	tr, err := TrendOf(chain, "m")
	if err != nil {
		t.Fatal(err)
	}
	want := new(big.Rat).Sub(last.Big(), first.Big())
	if dir == LowerIsBetter {
		want.Neg(want)
	}
	if !tr.HasChange || tr.Change.Big().Cmp(want) != 0 || len(tr.Points) != n {
		t.Fatalf("trend change %s (has %v, %d points), want %s", tr.Change, tr.HasChange, len(tr.Points), want.RatString())
	}
	// Only the newest cycle's follow-up is still pending: the others were carried forward.
	if od := OverdueActions(cycles, at.Add(time.Hour)); len(od) != 0 {
		t.Fatalf("follow-ups without due dates reported overdue: %v", od)
	}
}

func TestChainSeeding(t *testing.T) { rapid.Check(t, testChainSeeding) }
func FuzzChainSeeding(f *testing.F) { f.Fuzz(rapid.MakeFuzz(testChainSeeding)) }
