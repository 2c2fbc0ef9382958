package incident

import (
	"cmp"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"strings"
)

// Level is a rank on an impact, urgency or priority scale: 1 is the highest (most severe), larger
// numbers are lower. The zero value means "not given".
// It is a plain value, safe for concurrent use.
type Level int

// String returns the number, or "-" for the zero value.
func (l Level) String() string {
	if l == 0 {
		return "-"
	}
	return strconv.Itoa(int(l))
}

// Matrix derives priority from impact and urgency. It is data: rows are impact levels 1..N,
// columns urgency levels 1..M, and a cell holds a priority, or 0 when the combination is not
// defined. The zero value is an empty matrix in which every lookup fails. A Matrix is immutable
// and safe for concurrent use.
type Matrix struct {
	rows, cols int
	cells      []Level // row-major
}

// ErrOutsideMatrix is wrapped by errors for an impact or urgency the matrix has no row or column
// for, or a combination whose cell is undefined.
var ErrOutsideMatrix = errors.New("impact/urgency outside the priority matrix")

// ErrMatrixShape is returned by NewMatrix for ragged or empty tables or negative priorities.
var ErrMatrixShape = errors.New("malformed priority matrix")

// NewMatrix builds a matrix from rows of priorities: cells[i][j] is the priority of impact i+1
// and urgency j+1; 0 leaves a cell undefined. The input is copied.
func NewMatrix(cells [][]Level) (Matrix, error) {
	if len(cells) == 0 || len(cells[0]) == 0 {
		return Matrix{}, fmt.Errorf("incident: %w: no cells", ErrMatrixShape)
	}
	m := Matrix{rows: len(cells), cols: len(cells[0]), cells: make([]Level, 0, len(cells)*len(cells[0]))}
	for i, row := range cells {
		if len(row) != m.cols {
			return Matrix{}, fmt.Errorf("incident: %w: impact row %d has %d cells, want %d", ErrMatrixShape, i+1, len(row), m.cols)
		}
		for j, p := range row {
			if p < 0 {
				return Matrix{}, fmt.Errorf("incident: %w: cell (%d,%d) is %d", ErrMatrixShape, i+1, j+1, p)
			}
		}
		m.cells = append(m.cells, row...)
	}
	return m, nil
}

// DefaultMatrix is the common 3×3 matrix (reference case P1): priority = impact + urgency − 1,
// from 1 (critical) to 5 (planning).
func DefaultMatrix() Matrix {
	m, _ := NewMatrix([][]Level{{1, 2, 3}, {2, 3, 4}, {3, 4, 5}})
	return m
}

// Size returns the number of impact levels (rows) and urgency levels (columns).
func (m Matrix) Size() (impacts, urgencies int) { return m.rows, m.cols }

// Contains reports whether impact and urgency name a row and a column of the matrix.
func (m Matrix) Contains(impact, urgency Level) bool {
	return impact >= 1 && int(impact) <= m.rows && urgency >= 1 && int(urgency) <= m.cols
}

// Priority returns the priority of an impact and urgency, or an error wrapping ErrOutsideMatrix.
func (m Matrix) Priority(impact, urgency Level) (Level, error) {
	if !m.Contains(impact, urgency) {
		return 0, fmt.Errorf("incident: %w: impact %v, urgency %v in a %d×%d matrix", ErrOutsideMatrix, impact, urgency, m.rows, m.cols)
	}
	p := m.cells[(int(impact)-1)*m.cols+int(urgency)-1]
	if p == 0 {
		return 0, fmt.Errorf("incident: %w: cell (impact %v, urgency %v) is undefined", ErrOutsideMatrix, impact, urgency)
	}
	return p, nil
}

// Equal reports whether two matrices have the same shape and cells (go-cmp uses it).
func (m Matrix) Equal(o Matrix) bool {
	return m.rows == o.rows && m.cols == o.cols && slices.Equal(m.cells, o.cells)
}

// Cells returns a copy of the table, row by row (impact), as NewMatrix takes it.
func (m Matrix) Cells() [][]Level {
	out := make([][]Level, m.rows)
	for i := range out {
		out[i] = slices.Clone(m.cells[i*m.cols : (i+1)*m.cols])
	}
	return out
}

// String renders the matrix as rows separated by " / ", "-" for undefined cells:
// "1 2 3 / 2 3 4 / 3 4 5".
func (m Matrix) String() string {
	var b strings.Builder
	for i := range m.rows {
		if i > 0 {
			b.WriteString(" / ")
		}
		for j := range m.cols {
			if j > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(m.cells[i*m.cols+j].String())
		}
	}
	return b.String()
}

// Observation is one (impact, urgency) → priority triple seen in a log, with where it was seen.
// The zero value observes nothing.
// A plain value, safe for concurrent use.
type Observation struct {
	Impact, Urgency, Priority Level
	Line                      int    // source line, 0 if unknown
	ID                        string // incident, if known
}

// Cell counts how often one (impact, urgency) cell was seen with each priority.
// The zero value has seen nothing.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Cell struct {
	Impact, Urgency Level
	Counts          map[Level]int // priority → rows
}

// Inference is a matrix read off a log: each cell gets the priority most rows gave it (ties go
// to the higher priority, i.e. the smaller number), and the cells seen with more than one
// priority are listed as Conflicts. Cells no row used stay undefined.
// The zero value is the inference from no observation: an empty matrix, no conflict.
// Safe for concurrent use as long as nobody modifies it: copies share its slices.
type Inference struct {
	Matrix    Matrix
	Cells     []Cell // every cell seen, by impact then urgency
	Conflicts []Cell // cells seen with more than one priority, same order
	Rows      int    // observations used
	// Skipped counts observations not used: a level below 1 (not given) or above MaxLevel.
	Skipped int
}

// MaxLevel is the largest impact, urgency or priority level the package reads: the importer
// rejects larger ones and InferMatrix skips them, so an inferred matrix holds at most
// MaxLevel × MaxLevel cells.
const MaxLevel = 1000

// InferMatrix reads the matrix a log actually used. Observations with a level below 1 or above
// MaxLevel are skipped and counted (they carry no usable information, and a huge level would
// make a huge matrix). The matrix is as large as the largest levels seen.
func InferMatrix(obs iter.Seq[Observation]) Inference {
	type key struct{ i, u Level }
	seen := map[key]map[Level]int{}
	var inf Inference
	var rows, cols Level
	for o := range obs {
		if o.Impact < 1 || o.Urgency < 1 || o.Priority < 1 || o.Impact > MaxLevel || o.Urgency > MaxLevel || o.Priority > MaxLevel {
			inf.Skipped++
			continue
		}
		inf.Rows++
		k := key{o.Impact, o.Urgency}
		if seen[k] == nil {
			seen[k] = map[Level]int{}
		}
		seen[k][o.Priority]++
		rows, cols = max(rows, o.Impact), max(cols, o.Urgency)
	}
	if inf.Rows == 0 {
		return inf
	}
	m := Matrix{rows: int(rows), cols: int(cols), cells: make([]Level, int(rows)*int(cols))}
	for k, counts := range seen {
		best, bestN := Level(0), -1
		for p, n := range counts {
			if n > bestN || n == bestN && p < best {
				best, bestN = p, n
			}
		}
		m.cells[(int(k.i)-1)*m.cols+int(k.u)-1] = best
		c := Cell{Impact: k.i, Urgency: k.u, Counts: counts}
		inf.Cells = append(inf.Cells, c)
		if len(counts) > 1 {
			inf.Conflicts = append(inf.Conflicts, c)
		}
	}
	byCell := func(a, b Cell) int {
		return cmp.Or(cmp.Compare(a.Impact, b.Impact), cmp.Compare(a.Urgency, b.Urgency))
	}
	slices.SortFunc(inf.Cells, byCell)
	slices.SortFunc(inf.Conflicts, byCell)
	inf.Matrix = m
	return inf
}

// Disagreement is an observation whose priority differs from what a matrix gives (Want 0 means
// the matrix has no such cell).
// The zero value describes no disagreement.
// A plain value, safe for concurrent use.
type Disagreement struct {
	Observation
	Want Level
}

// Disagreements returns, in input order, the observations whose priority m would not give.
func (m Matrix) Disagreements(obs iter.Seq[Observation]) []Disagreement {
	var out []Disagreement
	for o := range obs {
		want, err := m.Priority(o.Impact, o.Urgency)
		if err != nil {
			want = 0
		}
		if want != o.Priority {
			out = append(out, Disagreement{Observation: o, Want: want})
		}
	}
	return out
}
