package bcp_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/itsmkit/itsmkit/bcp"
	"github.com/itsmkit/itsmkit/itsm"
)

// zeroValues holds a pointer to the zero value of every bcp type with methods (a pointer, so
// that value and pointer receivers are both in its method set). TestZeroValueMethods checks
// against the package source that no such type is missing, so a new type must be added here.
var zeroValues = []any{
	new(bcp.Activity),
	new(bcp.Analysis),
	new(bcp.Basis),
	new(bcp.Capabilities),
	new(bcp.Code),
	new(bcp.Cover),
	new(bcp.Curve),
	new(bcp.Dimension),
	new(bcp.Error),
	new(bcp.Exercise),
	new(bcp.ExerciseKind),
	new(bcp.Finding),
	new(bcp.GapKind),
	new(bcp.Impact),
	new(bcp.Loss),
	new(bcp.LossKind),
	new(bcp.Objectives),
	new(bcp.Optional[time.Duration]),
	new(bcp.Optional[int]),
	new(bcp.PermitHub),
	new(bcp.Result),
	new(bcp.Review),
	new(bcp.Scale),
	new(bcp.Severity),
	new(bcp.Source),
	new(bcp.TierTable),
}

// argSamples are the arguments tried beside the zero ones: plausible values that get past the
// first checks, so a method on a zero receiver reaches its real work.
var argSamples = map[reflect.Type]reflect.Value{
	reflect.TypeFor[itsm.ID]():                     reflect.ValueOf(itsm.ID("x")),
	reflect.TypeFor[string]():                      reflect.ValueOf("x"),
	reflect.TypeFor[time.Time]():                   reflect.ValueOf(time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)),
	reflect.TypeFor[*time.Location]():              reflect.ValueOf(time.UTC),
	reflect.TypeFor[time.Duration]():               reflect.ValueOf(time.Hour),
	reflect.TypeFor[bcp.Level]():                   reflect.ValueOf(bcp.Level(1)),
	reflect.TypeFor[[]byte]():                      reflect.ValueOf([]byte("1")),
	reflect.TypeFor[bcp.Optional[time.Duration]](): reflect.ValueOf(bcp.Some(time.Hour)),
	reflect.TypeFor[bcp.Optional[int]]():           reflect.ValueOf(bcp.Some(1)),
	reflect.TypeFor[bcp.Scenario](): reflect.ValueOf(bcp.Scenario{Name: "s", Lost: []itsm.ID{"x"},
		Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), RestartDependents: true}),
	reflect.TypeFor[[]bcp.Activity](): reflect.ValueOf([]bcp.Activity{{ID: "a", Needs: []itsm.ID{"x"},
		Objectives: bcp.Objectives{MTPD: bcp.Some(time.Hour)}}}),
}

// untypedErrors are the methods whose errors are not *bcp.Error by contract.
var untypedErrors = map[string]bool{"UnmarshalJSON": true} // json's own syntax errors

// typesWithMethods lists, from the package source, every exported type with an exported method.
func typesWithMethods(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.go")
	noErr(t, err)
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(fset, f, nil, parser.SkipObjectResolution)
		noErr(t, err, f)
		for _, d := range af.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || !fd.Name.IsExported() {
				continue
			}
			x := fd.Recv.List[0].Type
			if s, ok := x.(*ast.StarExpr); ok {
				x = s.X
			}
			switch g := x.(type) {
			case *ast.IndexExpr:
				x = g.X
			case *ast.IndexListExpr:
				x = g.X
			}
			if id, ok := x.(*ast.Ident); ok && id.IsExported() {
				seen[id.Name] = true
			}
		}
	}
	var out []string
	for n := range seen {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

func baseName(t reflect.Type) string {
	n := t.Name()
	if i := strings.IndexByte(n, '['); i >= 0 {
		n = n[:i]
	}
	return n
}

// callAll calls every method of recv (a value of a pointer type) with zero arguments and with
// the samples; only pointer-receiver methods when nilRecv (a nil pointer has no value to copy).
func callAll(t *testing.T, recv reflect.Value, nilRecv bool) {
	t.Helper()
	pt := recv.Type()
	et := pt.Elem()
	for j := range pt.NumMethod() {
		m := pt.Method(j)
		if _, onValue := et.MethodByName(m.Name); nilRecv && onValue {
			continue
		}
		for _, sample := range []bool{false, true} {
			args := []reflect.Value{recv}
			for k := 1; k < m.Type.NumIn(); k++ {
				at := m.Type.In(k)
				v, ok := argSamples[at]
				if !ok && at.Kind() == reflect.Interface && at.Implements(reflect.TypeFor[io.Writer]()) {
					v, ok = reflect.ValueOf(io.Discard), true
				}
				if !ok || (!sample && at.Kind() != reflect.Interface) {
					v = reflect.Zero(at)
				}
				args = append(args, v)
			}
			name := fmt.Sprintf("%s.%s (nil receiver %v, sample arguments %v)", pt, m.Name, nilRecv, sample)
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Errorf("%s panicked: %v", name, r)
					}
				}()
				for _, out := range m.Func.Call(args) {
					// Run what a method returns as a sequence (Nodes), so its body runs too.
					if ft := out.Type(); ft.Kind() == reflect.Func && ft.NumIn() == 1 && !out.IsNil() {
						yt := ft.In(0)
						if yt.Kind() == reflect.Func && yt.NumOut() == 1 && yt.Out(0).Kind() == reflect.Bool {
							out.Call([]reflect.Value{reflect.MakeFunc(yt, func([]reflect.Value) []reflect.Value {
								return []reflect.Value{reflect.ValueOf(true)}
							})})
						}
					}
					if err, ok := out.Interface().(error); ok && err != nil && !untypedErrors[m.Name] {
						var be *bcp.Error
						if !errors.As(err, &be) {
							t.Errorf("%s: error %v is not a *bcp.Error", name, err)
						}
					}
				}
			}()
		}
	}
}

// TestZeroValueMethods calls every exported method of every bcp type with methods on its zero
// value (and on a nil pointer for pointer receivers), with zero and with plausible arguments:
// none may panic, and an error must be a typed *bcp.Error. The list of types is checked against
// the package source, so a new type with methods fails here until it is listed.
func TestZeroValueMethods(t *testing.T) {
	listed := map[string]bool{}
	for _, z := range zeroValues {
		v := reflect.ValueOf(z)
		listed[baseName(v.Type().Elem())] = true
		callAll(t, v, false)
		callAll(t, reflect.Zero(v.Type()), true)
	}
	for _, n := range typesWithMethods(t) {
		if !listed[n] {
			t.Errorf("type %s has exported methods but is not in zeroValues", n)
		}
	}
}

// TestZeroAnalysis pins what the zero Analysis, a nil *Analysis, the zero Capabilities and the
// zero PermitHub answer: empty results, and ErrZeroValue (also ErrInvalid) where a result would
// have to be computed from a model.
func TestZeroAnalysis(t *testing.T) {
	for _, a := range []*bcp.Analysis{{}, nil} {
		eq(t, []bcp.Row(nil), a.RecoveryOrder())
		eq(t, []bcp.ActivityPoints(nil), a.SinglePoints())
		eq(t, []bcp.Gap(nil), a.Gaps())
		eq(t, []bcp.ActivityResult(nil), a.Activities())
		eq(t, []bcp.Finding(nil), a.Findings())
		eq(t, []bcp.Link(nil), a.Cause("x"))
		eq(t, []string(nil), a.Demand("x"))
		_, ok := a.Node("x")
		eq(t, false, ok)
		n := 0
		for range a.Nodes() {
			n++
		}
		eq(t, 0, n)
		_, err := a.Scenario(bcp.Scenario{Name: "s", Lost: []itsm.ID{"x"}, Start: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}, nil)
		errIs(t, err, bcp.ErrZeroValue)
		errIs(t, err, bcp.ErrInvalid, "ErrZeroValue is a kind of ErrInvalid")
		eq(t, false, errors.Is(err, bcp.ErrUnknownReference))
	}
	for _, cs := range []*bcp.Capabilities{{}, nil} {
		eq(t, (*itsm.Model)(nil), cs.Model())
		eq(t, 0, cs.Len())
		_, ok := cs.Of("x")
		eq(t, false, ok)
		_, err := cs.Analyze(nil, bcp.Options{})
		errIs(t, err, bcp.ErrZeroValue)
		errIs(t, err, bcp.ErrInvalid)
	}
	var b strings.Builder
	err := bcp.PermitHub{}.WriteReport(&b)
	errIs(t, err, bcp.ErrZeroValue)
	eq(t, "", b.String(), "nothing written")
	eq(t, "<nil>", (*bcp.Error)(nil).Error())
}
