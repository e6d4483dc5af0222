package model

import (
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"reflect"
	"sync"

	"github.com/featsel/featsel/data"
)

// Architectures are saved by name: a model file holds the registered name
// and the architecture's settings (its exported fields, with
// encoding/json), and Load rebuilds it from the type registered under that
// name. The standard MLP is registered as "mlp".
var (
	archMu    sync.RWMutex
	archNames = map[reflect.Type]string{}
	archTypes = map[string]reflect.Type{}
)

func init() {
	if err := RegisterArchitecture("mlp", MLP{}); err != nil {
		panic(err)
	}
}

// RegisterArchitecture lets networks of arch's type be saved in model
// files under name, and loaded again: a program registers its
// architectures (at start, before it saves or loads) under names that
// stay the same from one version of the program to the next. The
// architecture's settings are its exported fields, which must survive a
// round trip through encoding/json; its weights are saved by parameter
// name. arch may be a value or a pointer. Registering the same type under
// the same name again does nothing.
func RegisterArchitecture(name string, arch Architecture) error {
	if name == "" || arch == nil {
		return fmt.Errorf("model: RegisterArchitecture needs a name and an architecture")
	}
	t := reflect.TypeOf(arch)
	archMu.Lock()
	defer archMu.Unlock()
	if other, ok := archTypes[name]; ok && other != t {
		return fmt.Errorf("model: architecture name %q is taken by %v", name, other)
	}
	if other, ok := archNames[t]; ok && other != name {
		return fmt.Errorf("model: architecture %v is registered as %q", t, other)
	}
	archNames[t], archTypes[name] = name, t
	return nil
}

// SavedArch is an architecture in a model file: its registered name and
// its settings.
type SavedArch struct {
	Name     string          `json:"name"`
	Settings json.RawMessage `json:"settings"`
}

// describe returns the saved form of arch, or an error when its type is
// not registered.
func describe(arch Architecture) (SavedArch, error) {
	archMu.RLock()
	name, ok := archNames[reflect.TypeOf(arch)]
	archMu.RUnlock()
	if !ok {
		return SavedArch{}, fmt.Errorf("model: cannot save a network of architecture %T: register it with model.RegisterArchitecture", arch)
	}
	b, err := json.Marshal(arch)
	if err != nil {
		return SavedArch{}, fmt.Errorf("model: saving architecture %q: %w", name, err)
	}
	return SavedArch{Name: name, Settings: b}, nil
}

// rebuildsLike checks that the saved architecture, rebuilt, declares the
// parameters of net, by name and shape: settings that do not survive
// encoding/json (unexported fields) show here, not when the file is
// loaded.
func (s SavedArch) rebuildsLike(net *Net) error {
	arch, err := s.rebuild()
	if err == nil {
		var again *Net
		shape := &data.Dataset{Features: make([]string, net.features), Task: net.task, Classes: make([]string, net.outputs)}
		if net.task == data.Regression && net.outputs > 1 {
			shape.Targets = make([]string, net.outputs)
		}
		if again, err = newNet(shape, []int(net.units), arch, rand.New(rand.NewPCG(0, 0))); err == nil && !sameParams(again, net) {
			err = errors.New("it declares other parameters")
		}
	}
	if err != nil {
		return fmt.Errorf("model: cannot save architecture %q: rebuilt from its settings %s, %v (are its settings exported fields?)", s.Name, s.Settings, err)
	}
	return nil
}

// sameParams reports whether a and b have parameters of the same names and
// shapes, in the same order.
func sameParams(a, b *Net) bool {
	if len(a.params) != len(b.params) {
		return false
	}
	for i, p := range a.params {
		q := b.params[i]
		if p.Name != q.Name || !p.Value.Shape().Eq(q.Value.Shape()) {
			return false
		}
	}
	return true
}

// rebuild returns the architecture a SavedArch describes.
func (s SavedArch) rebuild() (Architecture, error) {
	archMu.RLock()
	t, ok := archTypes[s.Name]
	archMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("architecture %q is not registered in this program (model.RegisterArchitecture)", s.Name)
	}
	v := reflect.New(t) // *T, for a value type T, or **E for a pointer type
	if t.Kind() == reflect.Pointer {
		v.Elem().Set(reflect.New(t.Elem()))
	}
	if err := json.Unmarshal(s.Settings, v.Interface()); err != nil {
		return nil, fmt.Errorf("architecture %q: %v", s.Name, err)
	}
	return v.Elem().Interface().(Architecture), nil
}
