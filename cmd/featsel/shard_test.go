package main

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/featsel/featsel/regularize"
)

// TestParseShard: --shard I/N, and auto from a Slurm job array's or a
// Kubernetes Indexed Job's variables; what cannot be a shard is refused.
func TestParseShard(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		flag string
		env  func(string) string
		want regularize.Shard
		msg  string
	}{
		{"2/5", env(), regularize.Shard{Index: 2, Count: 5}, ""},
		{"auto", env("SLURM_ARRAY_TASK_ID", "7", "SLURM_ARRAY_TASK_MIN", "3", "SLURM_ARRAY_TASK_STEP", "2", "SLURM_ARRAY_TASK_COUNT", "4"), regularize.Shard{Index: 2, Count: 4}, ""},
		{"auto", env("SLURM_ARRAY_TASK_ID", "1", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "4"), regularize.Shard{Index: 1, Count: 4}, ""},
		{"auto", env("JOB_COMPLETION_INDEX", "3", "FEATSEL_SHARD_COUNT", "4"), regularize.Shard{Index: 3, Count: 4}, ""},
		{"5/5", env(), regularize.Shard{}, `--shard: "5/5" is not I/N with 0 <= I < N, nor auto`},
		{"1of4", env(), regularize.Shard{}, `is not I/N`},
		{"auto", env(), regularize.Shard{}, "neither a Slurm job array (SLURM_ARRAY_TASK_ID) nor a Kubernetes Indexed Job (JOB_COMPLETION_INDEX)"},
		{"auto", env("JOB_COMPLETION_INDEX", "0"), regularize.Shard{}, "needs FEATSEL_SHARD_COUNT"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "4", "SLURM_ARRAY_TASK_MIN", "0", "SLURM_ARRAY_TASK_COUNT", "4"), regularize.Shard{}, "shard 4 of 4 from the environment"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "x", "SLURM_ARRAY_TASK_MIN", "0"), regularize.Shard{}, `SLURM_ARRAY_TASK_ID="x" is not a whole number`},
	} {
		got, err := parseShard(tc.flag, tc.env)
		switch {
		case tc.msg == "" && (err != nil || got != tc.want):
			t.Errorf("%s: %v, %v; want %v", tc.flag, got, err, tc.want)
		case tc.msg != "" && (err == nil || !strings.Contains(err.Error(), tc.msg)):
			t.Errorf("%s: %v, want an error with %q", tc.flag, err, tc.msg)
		}
	}
}

// TestShardsMergeCommand: stability selection split into 4 shards, two
// given as I/4 and two as auto under a Slurm array's variables, merges
// into the report one run writes (the same stable features,
// probabilities, curve and choice); merging 3 of the 4 fails with exit 1
// and names the missing shard; flags that belong to the merge are refused
// on a shard, before any work.
func TestShardsMergeCommand(t *testing.T) {
	dir := t.TempDir()
	run := []string{"path", "--stability", "6", "--folds", "2", "--epochs", "15", "--multiplier", "2", "--max-lambdas", "10"}
	part := func(i int) string { return filepath.Join(dir, fmt.Sprintf("p%d.part", i)) }
	for i := range 4 {
		args := append(append([]string{}, run...), "--shard", "auto", "--part", part(i))
		if i < 2 {
			args[len(args)-3] = fmt.Sprintf("%d/4", i)
		} else {
			t.Setenv("SLURM_ARRAY_TASK_ID", fmt.Sprint(8+i)) // tasks 10 and 11 of 8 to 11
			t.Setenv("SLURM_ARRAY_TASK_MIN", "8")
			t.Setenv("SLURM_ARRAY_TASK_COUNT", "4")
		}
		if code, _, stderr := runArgs(args...); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
	}
	merged, whole := filepath.Join(dir, "merged.json"), filepath.Join(dir, "whole.json")
	if code, _, stderr := runArgs("merge", part(0), part(1), part(2), part(3), "--report", merged); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runArgs(append(run, "--report", whole)...); code != 0 {
		t.Fatalf("whole: exit %d: %s", code, stderr)
	}
	var a, b map[string]any
	if err := json.Unmarshal(mustRead(t, merged), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mustRead(t, whole), &b); err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"stability", "cv", "chosen", "best", "path", "features", "epochs", "rule"} {
		if !reflect.DeepEqual(a[key], b[key]) {
			t.Errorf("%s: merged %v, one run %v", key, a[key], b[key])
		}
	}
	if a["stability"] == nil || a["cv"] == nil {
		t.Fatalf("the reports lack the stability selection or the folds: %v", a)
	}
	code, _, stderr := runArgs("merge", part(0), part(1), part(3))
	if code != 1 || !strings.Contains(stderr, "the parts lack shard 2/4 of the 4") {
		t.Errorf("3 of 4 parts: exit %d, %q", code, stderr)
	}
	code, _, stderr = runArgs(append(append([]string{}, run...), "--shard", "0/4", "--part", part(0), "--save", filepath.Join(dir, "m.json"))...)
	if code != 2 || !strings.Contains(stderr, "--save with --shard: a shard writes its part only; give --save to featsel merge") {
		t.Errorf("--save on a shard: exit %d, %q", code, stderr)
	}
}

// TestCompareShardsMerge: a comparison's methods split over 2 shards merge
// into the comparison one run reports, each method's numbers the same but
// its seconds; merge refuses path's outputs for a comparison's parts.
func TestCompareShardsMerge(t *testing.T) {
	dir := t.TempDir()
	run := []string{"compare", "--epochs", "3", "--methods", "graph,prox-adam,ista"}
	for i := range 2 {
		args := append(append([]string{}, run...), "--shard", fmt.Sprintf("%d/2", i), "--part", filepath.Join(dir, fmt.Sprintf("c%d.part", i)))
		if code, _, stderr := runArgs(args...); code != 0 {
			t.Fatalf("shard %d: exit %d: %s", i, code, stderr)
		}
	}
	merged, whole := filepath.Join(dir, "merged.json"), filepath.Join(dir, "whole.json")
	parts := []string{filepath.Join(dir, "c0.part"), filepath.Join(dir, "c1.part")}
	if code, _, stderr := runArgs(append([]string{"merge", "--report", merged}, parts...)...); code != 0 {
		t.Fatalf("merge: exit %d: %s", code, stderr)
	}
	if code, _, stderr := runArgs(append(run, "--report", whole)...); code != 0 {
		t.Fatalf("whole: exit %d: %s", code, stderr)
	}
	var a, b struct{ Methods []map[string]any }
	if err := json.Unmarshal(mustRead(t, merged), &a); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(mustRead(t, whole), &b); err != nil {
		t.Fatal(err)
	}
	if len(a.Methods) != 3 || len(b.Methods) != 3 {
		t.Fatalf("%d and %d methods, want 3", len(a.Methods), len(b.Methods))
	}
	for i := range a.Methods {
		delete(a.Methods[i], "seconds")
		delete(b.Methods[i], "seconds")
		if !reflect.DeepEqual(a.Methods[i], b.Methods[i]) {
			t.Errorf("method %d: merged %v, one run %v", i, a.Methods[i], b.Methods[i])
		}
	}
	code, _, stderr := runArgs(append([]string{"merge", "--save", filepath.Join(dir, "m.json")}, parts...)...)
	if code != 2 || !strings.Contains(stderr, "--save and --write-selected are for the parts of featsel path") {
		t.Errorf("merge --save of a comparison: exit %d, %q", code, stderr)
	}
	if code, _, stderr = runArgs("merge"); code != 2 || !strings.Contains(stderr, "name the parts to merge") {
		t.Errorf("merge without parts: exit %d, %q", code, stderr)
	}
	notPart := write(t, dir, "x.part", "a,b\n1,2\n")
	if code, _, stderr = runArgs("merge", notPart); code != 1 || !strings.Contains(stderr, "x.part: not a usable featsel part: not a part file") {
		t.Errorf("merge of a file that is no part: exit %d, %q", code, stderr)
	}
}

// TestMergeNamesFlags: parts of runs with other flags are refused with
// the flags that differ, and parts of path and compare as such.
func TestMergeNamesFlags(t *testing.T) {
	dir := t.TempDir()
	shard := func(name, i string, args ...string) string {
		part := filepath.Join(dir, name)
		args = append(args, "--epochs", "3", "--shard", i+"/2", "--part", part)
		if code, _, stderr := runArgs(args...); code != 0 {
			t.Fatalf("%s: exit %d: %s", name, code, stderr)
		}
		return part
	}
	a := shard("a.part", "0", "path", "--max-lambdas", "3", "--seed", "1", "-q")
	b := shard("b.part", "1", "path", "--max-lambdas", "3", "--seed", "2", "--standardize=false")
	c := shard("c.part", "1", "compare", "--methods", "graph,ista")
	code, _, stderr := runArgs("merge", a, b)
	for _, want := range []string{b + " and " + a + " are shards of different runs, made with other flags: ",
		"--seed (2 in " + b + ", 1 in " + a + "), --standardize (false in " + b + ", not given in " + a + ")"} {
		if code != 1 || !strings.Contains(stderr, want) {
			t.Errorf("parts of two seeds: exit %d, %q, want %q", code, stderr, want)
		}
	}
	if code, _, stderr := runArgs("merge", a, c); code != 1 || !strings.Contains(stderr, c+" is a part of featsel compare, "+a+" of featsel path") {
		t.Errorf("parts of path and compare: exit %d, %q", code, stderr)
	}
}
