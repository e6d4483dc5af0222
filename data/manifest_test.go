package data

import (
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestReadManifest: the tables of a manifest with their targets and
// informative columns, relative paths taken from its directory; a bad
// manifest is refused naming its line and column.
func TestReadManifest(t *testing.T) {
	path := writeTemp(t, "m.csv", "\ufeffpath, target, informative\na.csv,y,x0;x1\n/abs/b.csv,,\n\"c d.csv\",label, x2 \n")
	got, err := ReadManifest(path)
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Dir(path)
	want := []Entry{
		{Path: filepath.Join(dir, "a.csv"), Name: "a.csv", Target: "y", Informative: []string{"x0", "x1"}, Line: 2},
		{Path: "/abs/b.csv", Name: "/abs/b.csv", Line: 3},
		{Path: filepath.Join(dir, "c d.csv"), Name: "c d.csv", Target: "label", Informative: []string{"x2"}, Line: 4},
	}
	if !slices.EqualFunc(got, want, func(a, b Entry) bool {
		return a.Path == b.Path && a.Name == b.Name && a.Target == b.Target && slices.Equal(a.Informative, b.Informative) && a.Line == b.Line
	}) {
		t.Errorf("got %+v\nwant %+v", got, want)
	}
	for _, c := range []struct{ content, msg string }{
		{"file,target,informative\na.csv,y,\n", ":1: value \"file,target,informative\": a manifest's header is path,target,informative"},
		{"path,target,informative\na.csv,y\n", `:2: value "a.csv,y": 2 fields, want 3: path,target,informative`},
		{"path,target,informative\na.csv,y,x0,x1\n", "4 fields, want 3"},
		{"", "an empty manifest"},
		{"path,target,informative\n,y,x\n", `:2:1: column "path": value "": no table's path`},
		{"path,target,informative\n", "a manifest without tables"},
	} {
		_, err := ReadManifest(writeTemp(t, "bad.csv", c.content))
		var pe *ParseError
		if err == nil || !errors.As(err, &pe) || !strings.Contains(err.Error(), c.msg) {
			t.Errorf("%q: %v, want a *ParseError with %q", c.content, err, c.msg)
		}
	}
}
