package itsm_test

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"testing"

	"github.com/itsmkit/itsmkit/itsm"
)

// Every exported method of Model, Analyzer, Evaluation and Incremental, called on a nil pointer
// and on the zero value, and every function taking one, answers nothing or ErrZeroValue, never a
// panic (DESIGN §4.10; the package doc promises it for a nil model and the zero Analyzer and
// Evaluation). The methods are found by reflection, so a method added later is covered too. The
// zero Model is an empty model, not a fault: its methods only must not panic. IDAt, IsService,
// Groups and StatusAt index a node (0 ≤ i < Len(), like a slice); an empty model has no node to
// index, so they are left out.
func TestNilAndZeroInputs(t *testing.T) {
	indexed := map[string]bool{"IDAt": true, "IsService": true, "Groups": true, "StatusAt": true}
	receivers := []struct {
		name  string
		v     any
		fault bool // error results must wrap ErrZeroValue
	}{
		{"nil *Model", (*itsm.Model)(nil), true},
		{"zero Model", &itsm.Model{}, false},
		{"nil *Analyzer", (*itsm.Analyzer)(nil), true},
		{"zero Analyzer", &itsm.Analyzer{}, true},
		{"nil *Evaluation", (*itsm.Evaluation)(nil), true},
		{"zero Evaluation", &itsm.Evaluation{}, true},
		{"nil *Incremental", (*itsm.Incremental)(nil), true},
		{"zero Incremental", &itsm.Incremental{}, true},
	}
	errType := reflect.TypeFor[error]()
	called := 0
	for _, r := range receivers {
		rv := reflect.ValueOf(r.v)
		for i := range rv.NumMethod() {
			name := rv.Type().Method(i).Name
			if indexed[name] {
				continue
			}
			m := rv.Method(i)
			mt := m.Type()
			n := mt.NumIn()
			if mt.IsVariadic() {
				n-- // no variadic arguments
			}
			args := make([]reflect.Value, n)
			for k := range args {
				args[k] = reflect.Zero(mt.In(k))
			}
			what := fmt.Sprintf("%s.%s", r.name, name)
			out, panicked := callSafely(m, args)
			called++
			if panicked != nil {
				t.Errorf("%s panics: %v", what, panicked)
				continue
			}
			for k, o := range out {
				if res, ok := drainSeq(o); !ok {
					t.Errorf("%s: walking the result panics: %v", what, res)
				}
				if k == len(out)-1 && mt.Out(k) == errType && r.fault {
					if err, _ := o.Interface().(error); !errors.Is(err, itsm.ErrZeroValue) {
						t.Errorf("%s: error %v, want ErrZeroValue", what, err)
					}
				}
			}
		}
	}
	if called < 60 {
		t.Errorf("only %d methods called: the receivers' method sets shrank?", called)
	}
	m := shop(t)
	for name, f := range map[string]func() error{
		"NewAnalyzer(nil)":            func() error { _, err := itsm.NewAnalyzer(nil, itsm.Policy{}); return err },
		"EncodeJSON(w, nil)":          func() error { return itsm.EncodeJSON(&bytes.Buffer{}, nil) },
		"EncodeJSON(nil, m)":          func() error { return itsm.EncodeJSON(nil, m) },
		"DecodeJSON(nil)":             func() error { _, err := itsm.DecodeJSON(nil); return err },
		"LoadMicroserviceGraphs(nil)": func() error { _, err := itsm.LoadMicroserviceGraphs(nil); return err },
		"WriteDOT(w, nil)":            func() error { return itsm.WriteDOT(&bytes.Buffer{}, nil, itsm.DOTOptions{}) },
		"WriteDOT(nil, m)":            func() error { return itsm.WriteDOT(nil, m, itsm.DOTOptions{}) },
		"WriteDOT zero Evaluation": func() error {
			return itsm.WriteDOT(&bytes.Buffer{}, m, itsm.DOTOptions{Evaluation: &itsm.Evaluation{}})
		},
		"(*Model)(nil).MarshalJSON":    func() error { _, err := (*itsm.Model)(nil).MarshalJSON(); return err },
		"(*Model)(nil).UnmarshalJSON":  func() error { return (*itsm.Model)(nil).UnmarshalJSON([]byte(`{}`)) },
		"(*Observation)(nil).Unmarsh…": func() error { return (*itsm.Observation)(nil).UnmarshalJSON([]byte(`{}`)) },
	} {
		var err error
		func() {
			defer func() {
				if p := recover(); p != nil {
					err = fmt.Errorf("panic: %v", p)
				}
			}()
			err = f()
		}()
		if !errors.Is(err, itsm.ErrZeroValue) {
			t.Errorf("%s: %v, want ErrZeroValue", name, err)
		}
	}
	// EncodeJSON(w, nil) used to dereference the nil model; a nil *Model reads as empty.
	var nilModel *itsm.Model
	if nilModel.Len() != 0 || len(nilModel.Cycles()) != 0 || nilModel.Graph() == nil {
		t.Error("a nil model is not empty")
	}
	if _, ok := nilModel.Index("db-1"); ok {
		t.Error("a nil model has a node")
	}
}

// callSafely calls m, turning a panic into a value.
func callSafely(m reflect.Value, args []reflect.Value) (out []reflect.Value, panicked any) {
	defer func() { panicked = recover() }()
	return m.Call(args), nil
}

// drainSeq walks v when it is an iter.Seq (a func(yield func(T) bool)), reporting a panic.
func drainSeq(v reflect.Value) (panicked any, ok bool) {
	t := v.Type()
	if t.Kind() != reflect.Func || t.NumIn() != 1 || t.NumOut() != 0 || v.IsNil() {
		return nil, true
	}
	y := t.In(0)
	if y.Kind() != reflect.Func || y.NumOut() != 1 || y.Out(0).Kind() != reflect.Bool {
		return nil, true
	}
	yield := reflect.MakeFunc(y, func([]reflect.Value) []reflect.Value { return []reflect.Value{reflect.ValueOf(true)} })
	defer func() {
		if p := recover(); p != nil {
			panicked, ok = p, false
		}
	}()
	v.Call([]reflect.Value{yield})
	return nil, true
}
