package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"slices"
	"testing"
)

// TestSelectionReference checks the embedded references against what the
// benchmark runs: the synthetic tables are still the ones the references
// were computed on, and every split holds out a fifth of the rows, sorted
// and in range.
func TestSelectionReference(t *testing.T) {
	var ref reference
	if err := json.Unmarshal(selectionRef, &ref); err != nil {
		t.Fatal(err)
	}
	files := map[string]refDataset{}
	for _, rd := range ref.Datasets {
		files[rd.File] = rd
		if len(rd.Splits) != 5 {
			t.Errorf("%s: %d splits, want 5", rd.File, len(rd.Splits))
		}
		for s, sp := range rd.Splits {
			want := rd.Rows - rd.Rows*4/5 // train_test_split's test size: ceil(0.2·n)
			if len(sp.Test) != want || !slices.IsSorted(sp.Test) || sp.Test[0] < 0 || sp.Test[len(sp.Test)-1] >= rd.Rows {
				t.Errorf("%s split %d: %d test rows (want %d, sorted, in [0, %d))", rd.File, s, len(sp.Test), want, rd.Rows)
			}
		}
	}
	for _, s := range synthetic {
		rd, ok := files[s.file]
		if !ok {
			t.Errorf("%s: no reference", s.file)
			continue
		}
		ds, _ := s.make()
		var buf bytes.Buffer
		if err := writeTable(&buf, ds); err != nil {
			t.Fatal(err)
		}
		if sum := sha256.Sum256(buf.Bytes()); hex.EncodeToString(sum[:]) != rd.SHA256 {
			t.Errorf("%s: the generated table is not the one of the references; run selection_ref.py again", s.file)
		}
	}
}

func TestNoise(t *testing.T) {
	n, m := noise([]int{0, 2, 7, 9}, []int{0, 1, 2})
	if n != 2 || m != 1 {
		t.Errorf("noise = %v, missed = %v; want 2, 1", n, m)
	}
}

// TestSelectionCheck: bad arguments are refused before any work.
func TestSelectionCheck(t *testing.T) {
	for _, args := range [][]string{{"--datasets", "nope.csv"}, {"--splits", "0"}, {"--splits", "6"}, {"--folds", "1"}, {"extra"}} {
		var stderr bytes.Buffer
		if code := runSelection(args, io.Discard, &stderr); code != 2 || stderr.Len() == 0 {
			t.Errorf("%v: exit %d, %q; want 2 and a message", args, code, stderr.String())
		}
	}
}

// TestSelectionSplit runs one split of a synthetic table end to end, with
// a small network: the score is the model's on the split's test rows and
// the counts are those of its selection.
func TestSelectionSplit(t *testing.T) {
	ref, err := references()
	if err != nil {
		t.Fatal(err)
	}
	o := selectionOptions{cfg: defaultSelect(), splits: 1}
	o.cfg.Folds = 0
	o.cfg.Path.Hidden = []int{8}
	o.cfg.Path.Multiplier = 1.5
	for _, rd := range ref.Datasets {
		if rd.File != "sparse_linear.csv" {
			continue
		}
		row, err := o.dataset(rd, io.Discard)
		if err != nil {
			t.Fatal(err)
		}
		if len(row.ours) != 1 || !(row.ours[0] > 0.5) || row.oursKept[0] < 1 || row.oursNoise[0]+5-row.oursMissed[0] != row.oursKept[0] {
			t.Errorf("R² %v, kept %v, noise %v, missed %v", row.ours, row.oursKept, row.oursNoise, row.oursMissed)
		}
		if row.l1[0] != rd.Splits[0].L1Score {
			t.Errorf("L1's score %v, want the reference's %v", row.l1[0], rd.Splits[0].L1Score)
		}
		return
	}
	t.Fatal("no sparse_linear.csv in the references")
}
