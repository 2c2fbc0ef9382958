package incident

import (
	"slices"
	"testing"
)

// P1: the common 3×3 matrix.
func TestDefaultMatrixP1(t *testing.T) {
	m := DefaultMatrix()
	want := map[[2]Level]Level{
		{1, 1}: 1, {1, 2}: 2, {1, 3}: 3,
		{2, 1}: 2, {2, 2}: 3, {2, 3}: 4,
		{3, 1}: 3, {3, 2}: 4, {3, 3}: 5,
	}
	got := map[[2]Level]Level{}
	for i := Level(1); i <= 3; i++ {
		for u := Level(1); u <= 3; u++ {
			p, err := m.Priority(i, u)
			noErr(t, err)
			got[[2]Level{i, u}] = p
		}
	}
	equal(t, want, got)
	equal(t, "1 2 3 / 2 3 4 / 3 4 5", m.String())
}

func TestMatrixAnySize(t *testing.T) {
	m, err := NewMatrix([][]Level{{1, 1, 2, 3}, {2, 3, 4, 0}})
	noErr(t, err)
	i, u := m.Size()
	equal(t, [2]int{2, 4}, [2]int{i, u})
	p, err := m.Priority(2, 3)
	noErr(t, err)
	equal(t, Level(4), p)
	for _, c := range [][2]Level{{2, 4}, {3, 1}, {0, 1}, {1, 5}} {
		_, err := m.Priority(c[0], c[1])
		isErr(t, err, ErrOutsideMatrix, c)
	}
	_, err = NewMatrix([][]Level{{1, 2}, {3}})
	isErr(t, err, ErrMatrixShape)
	_, err = NewMatrix(nil)
	isErr(t, err, ErrMatrixShape)
	_, err = NewMatrix([][]Level{{-1}})
	isErr(t, err, ErrMatrixShape)

	cells := m.Cells()
	cells[0][0] = 9 // a copy: the matrix is unchanged
	p, _ = m.Priority(1, 1)
	equal(t, Level(1), p)
}

// P2 in small: a log whose (3,3) cell says 4 and whose (1,3) cell never occurs, with one row
// that disagrees with the rest of its cell.
func TestInferMatrixP2(t *testing.T) {
	obs := []Observation{
		{1, 1, 1, 2, "A"}, {1, 2, 2, 3, "A"}, {2, 1, 2, 4, "B"}, {2, 2, 3, 5, "B"}, {2, 2, 3, 6, "C"},
		{2, 2, 4, 7, "C"}, {2, 3, 4, 8, "D"}, {3, 1, 3, 9, "D"}, {3, 2, 4, 10, "E"}, {3, 3, 4, 11, "E"},
		{0, 1, 1, 12, "F"}, // no impact: skipped
	}
	inf := InferMatrix(slices.Values(obs))
	equal(t, "1 2 - / 2 3 4 / 3 4 4", inf.Matrix.String())
	equal(t, 10, inf.Rows)
	equal(t, []Cell{{Impact: 2, Urgency: 2, Counts: map[Level]int{3: 2, 4: 1}}}, inf.Conflicts)
	_, err := inf.Matrix.Priority(1, 3)
	isErr(t, err, ErrOutsideMatrix, "(1,3) never occurs")

	got := DefaultMatrix().Disagreements(slices.Values(obs))
	want := []Disagreement{
		{Observation: obs[5], Want: 3},
		{Observation: obs[9], Want: 5},
		{Observation: obs[10], Want: 0},
	}
	equal(t, want, got)
}

func TestInferMatrixTies(t *testing.T) {
	inf := InferMatrix(slices.Values([]Observation{{Impact: 1, Urgency: 1, Priority: 2}, {Impact: 1, Urgency: 1, Priority: 1}}))
	equal(t, "1", inf.Matrix.String(), "a tie goes to the higher priority")
	equal(t, Inference{}, InferMatrix(slices.Values([]Observation(nil))))
}
