package data

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

// column returns a table of one feature column c holding values and a
// target y of classes 0 and 1, in turn.
func column(values ...string) string {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write([]string{"c", "y"})
	for i, v := range values {
		w.Write([]string{v, []string{"0", "1"}[i%2]})
	}
	w.Flush()
	return b.String()
}

// sameValues compares values with NaN equal to NaN.
func sameValues(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
}

var nan = math.NaN()

// TestDetectKinds: each kind is detected from the values of a column and
// encoded as documented. Days are counted by hand from 1970-01-01:
// 2000-01-01 is day 10957 (30 years of 365 days and 7 leap days), and
// January and February 2000 add 31 + 29.
func TestDetectKinds(t *testing.T) {
	tests := []struct {
		name     string
		values   []string
		opts     CSVOptions
		kind     Kind
		levels   []string
		features []string
		x        []float64
	}{
		{"numbers", []string{"1", "2.5", "-3e2"}, CSVOptions{}, KindNumber, nil, []string{"c"}, []float64{1, 2.5, -300}},
		{"0 and 1 are numbers", []string{"0", "1", "1"}, CSVOptions{}, KindNumber, nil, []string{"c"}, []float64{0, 1, 1}},
		{"infinity is missing", []string{"1", "inf", "2"}, CSVOptions{Missing: MissingMean}, KindNumber, nil, []string{"c"}, []float64{1, nan, 2}},
		{"yes/no", []string{"Yes", "no", "YES", "No"}, CSVOptions{}, KindFlag, []string{"no", "yes"}, []string{"c"}, []float64{1, 0, 1, 0}},
		{"true/false", []string{"true", "FALSE"}, CSVOptions{}, KindFlag, []string{"false", "true"}, []string{"c"}, []float64{1, 0}},
		{"y/n", []string{"y", "N", "n"}, CSVOptions{}, KindFlag, []string{"n", "y"}, []string{"c"}, []float64{1, 0, 0}},
		{"one word of a pair", []string{"yes", "yes"}, CSVOptions{}, KindFlag, []string{"no", "yes"}, []string{"c"}, []float64{1, 1}},
		{"flag with a missing value", []string{"yes", "", "no"}, CSVOptions{Missing: MissingMean}, KindFlag, []string{"no", "yes"}, []string{"c"}, []float64{1, nan, 0}},
		{"two pairs make a category", []string{"yes", "true"}, CSVOptions{}, KindCategory, []string{"true", "yes"}, []string{"c=true", "c=yes"}, []float64{0, 1, 1, 0}},
		{"dates", []string{"1970-01-02", "2000-03-01", "1969-12-31"}, CSVOptions{}, KindDate, nil, []string{"c"}, []float64{1, 10957 + 31 + 29, -1}},
		{"dates and times", []string{"1970-01-01T12:00", "1970-01-02 06:00:00", "1970-01-01T00:00:00Z", "1970-01-01T00:00:00.5"}, CSVOptions{}, KindDate, nil, []string{"c"},
			[]float64{0.5, 1.25, 0, 500.0 / msPerDay}},
		{"an impossible day makes a category", []string{"2023-02-28", "2023-02-30"}, CSVOptions{}, KindCategory, []string{"2023-02-28", "2023-02-30"},
			[]string{"c=2023-02-28", "c=2023-02-30"}, []float64{1, 0, 0, 1}},
		{"a zone makes a category", []string{"2023-02-28T10:00+01:00", "2023-02-28"}, CSVOptions{}, KindCategory, []string{"2023-02-28", "2023-02-28T10:00+01:00"},
			[]string{"c=2023-02-28", "c=2023-02-28T10:00+01:00"}, []float64{0, 1, 1, 0}},
		{"category", []string{"south", "north", " south ", "east"}, CSVOptions{}, KindCategory, []string{"east", "north", "south"},
			[]string{"c=east", "c=north", "c=south"}, []float64{0, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0}},
		{"levels as spelled, case apart", []string{"b", "B", "a"}, CSVOptions{}, KindCategory, []string{"B", "a", "b"},
			[]string{"c=B", "c=a", "c=b"}, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0}},
		{"a number among words", []string{"10", "x", "y", "x"}, CSVOptions{}, KindCategory, []string{"10", "x", "y"},
			[]string{"c=10", "c=x", "c=y"}, []float64{1, 0, 0, 0, 1, 0, 0, 0, 1, 0, 1, 0}},
		{"missing values are a level, last", []string{"b", "", "a", "NA"}, CSVOptions{}, KindCategory, []string{"a", "b", ""},
			[]string{"c=a", "c=b", "c=(missing)"}, []float64{0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1}},
		{"categorical numbers", []string{"3", "1", "2", "1"}, CSVOptions{Categorical: []string{"c"}}, KindCategory, []string{"1", "2", "3"},
			[]string{"c=1", "c=2", "c=3"}, []float64{0, 0, 1, 1, 0, 0, 0, 1, 0, 1, 0, 0}},
		{"numeric dates", []string{"1970-01-03", "", "1970-01-01"}, CSVOptions{Numeric: []string{"c"}, Missing: MissingMean}, KindDate, nil, []string{"c"}, []float64{2, nan, 0}},
		{"numeric flags", []string{"N", "y"}, CSVOptions{Numeric: []string{"c"}}, KindFlag, []string{"n", "y"}, []string{"c"}, []float64{0, 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			ds, err := ReadCSV(strings.NewReader(column(tc.values...)), tc.opts)
			if err != nil {
				t.Fatal(err)
			}
			want := Column{Name: "c", Kind: tc.kind, Levels: tc.levels}
			if len(ds.Schema) != 1 || ds.Schema[0].Kind != want.Kind || !slices.Equal(ds.Schema[0].Levels, want.Levels) {
				t.Errorf("schema %+v, want [%+v]", ds.Schema, want)
			}
			if !slices.Equal(ds.Features, tc.features) || !slices.Equal(ds.Source, make([]int, len(tc.features))) {
				t.Errorf("features %q, source %v; want %q, all 0", ds.Features, ds.Source, tc.features)
			}
			if !sameValues(features(ds), tc.x) {
				t.Errorf("X = %v, want %v", features(ds), tc.x)
			}
		})
	}
}

func TestKindString(t *testing.T) {
	for k, want := range map[Kind]string{KindNumber: "number", KindFlag: "flag", KindDate: "date", KindCategory: "category", 7: "Kind(7)"} {
		if got := k.String(); got != want {
			t.Errorf("Kind(%d).String() = %q, want %q", int(k), got, want)
		}
	}
}

// TestMixedTable: columns of every kind side by side, each where the file
// has it, the target among them, and X in the order of the file.
func TestMixedTable(t *testing.T) {
	const in = "id_like,region,smoker,y,born,score\n" +
		"1,south,yes,a,1970-01-02,0.5\n" +
		"2,north,no,b,1970-01-03,1.5\n" +
		"3,south,no,a,,2.5\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Target: "y", Missing: MissingMean})
	if err != nil {
		t.Fatal(err)
	}
	wantSchema := []Column{{Name: "id_like"}, {Name: "region", Kind: KindCategory, Levels: []string{"north", "south"}},
		{Name: "smoker", Kind: KindFlag, Levels: []string{"no", "yes"}}, {Name: "born", Kind: KindDate}, {Name: "score"}}
	if !slices.EqualFunc(ds.Schema, wantSchema, sameColumn) {
		t.Errorf("schema %+v, want %+v", ds.Schema, wantSchema)
	}
	if want := []string{"id_like", "region=north", "region=south", "smoker", "born", "score"}; !slices.Equal(ds.Features, want) {
		t.Errorf("features %q, want %q", ds.Features, want)
	}
	if want := []int{0, 1, 1, 2, 3, 4}; !slices.Equal(ds.Source, want) {
		t.Errorf("source %v, want %v", ds.Source, want)
	}
	want := []float64{
		1, 0, 1, 1, 1, 0.5,
		2, 1, 0, 0, 2, 1.5,
		3, 0, 1, 0, nan, 2.5,
	}
	if !sameValues(features(ds), want) || ds.MissingRows != 1 || !slices.Equal(ds.Y, []float64{0, 1, 0}) {
		t.Errorf("X = %v, missing rows %d, Y %v; want %v, 1, [0 1 0]", features(ds), ds.MissingRows, ds.Y, want)
	}
}

func sameColumn(a, b Column) bool {
	return a.Name == b.Name && a.Kind == b.Kind && slices.Equal(a.Levels, b.Levels)
}

// ids returns n distinct values prefix0, prefix1, ….
func ids(prefix string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = fmt.Sprint(prefix, i)
	}
	return out
}

// TestIdentifier: a detected category whose every value differs is
// refused from 20 values on, missing values apart, with what to do;
// Categorical encodes it anyway.
func TestIdentifier(t *testing.T) {
	table := func(name string, values []string) string {
		return strings.Replace(column(values...), "c,y", name+",y", 1)
	}
	const advice = "leave it out with --ignore customer_id, or encode it with --categorical customer_id"
	tests := []struct {
		name, in string
		opts     CSVOptions
		want     string // the message; empty: no error
	}{
		{"20 distinct", table("customer_id", ids("c", 20)), CSVOptions{},
			`column "customer_id": every one of its 20 values is distinct (an identifier?): ` + advice},
		{"19 distinct", table("customer_id", ids("c", 19)), CSVOptions{}, ""},
		{"20 distinct and missing values", table("customer_id", append(ids("c", 20), "", "NA")), CSVOptions{},
			`column "customer_id": every one of its 20 values is distinct (an identifier?): ` + advice},
		{"one repeat", table("customer_id", append(ids("c", 20), "c3")), CSVOptions{}, ""},
		{"categorical", table("customer_id", ids("c", 20)), CSVOptions{Categorical: []string{"customer_id"}}, ""},
		{"distinct numbers are numbers", table("customer_id", ids("", 20)), CSVOptions{}, ""},
		{"a name for the shell", table("customer id", ids("c", 20)), CSVOptions{},
			`column "customer id": every one of its 20 values is distinct (an identifier?): leave it out with --ignore 'customer id', or encode it with --categorical 'customer id'`},
		{"more than MaxLevels", table("customer_id", append(ids("c", MaxLevels+1), "c1")), CSVOptions{},
			fmt.Sprintf(`%d:1: column "customer_id": value "c%d": more than %d distinct values (an identifier?): `, MaxLevels+2, MaxLevels, MaxLevels) + advice},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(tc.in), tc.opts)
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("err = %v, want none", err)
			case tc.want == "":
			case err == nil || err.Error() != tc.want || !errors.Is(err, ErrIdentifier):
				t.Errorf("err = %v\nwant %s", err, tc.want)
			}
		})
	}
}

// TestManyDistinctValues: a column of numbers or dates with more distinct
// values than MaxLevels is read as one all the same (its first values, kept
// as words, too); a word after them is an error that says what the column
// is.
func TestManyDistinctValues(t *testing.T) {
	n := MaxLevels + 500
	numbers, dates := make([]string, n), make([]string, n)
	var wantNumbers, wantDates []float64
	for i := range n {
		numbers[i] = fmt.Sprint(i, ".5")
		dates[i] = fmt.Sprintf("1970-01-01T00:00:%02d.%03d", i/1000, i%1000)
		wantNumbers = append(wantNumbers, float64(i)+0.5)
		wantDates = append(wantDates, float64(i)/msPerDay)
	}
	for _, tc := range []struct {
		values []string
		kind   Kind
		want   []float64
	}{{numbers, KindNumber, wantNumbers}, {dates, KindDate, wantDates}} {
		ds, err := ReadCSV(strings.NewReader(column(tc.values...)), CSVOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if ds.Schema[0].Kind != tc.kind || !slices.Equal(ds.X, tc.want) {
			t.Errorf("%v column: read as %v, X[:3] = %v, X differs from the values: %v", tc.kind, ds.Schema[0].Kind, ds.X[:3], !slices.Equal(ds.X, tc.want))
		}
	}
	_, err := ReadCSV(strings.NewReader(column(append(numbers, "n/k")...)), CSVOptions{})
	pe, ok := errors.AsType[*ParseError](err)
	if !ok || !errors.Is(err, ErrNotNumber) || pe.Line != n+2 || pe.Value != "n/k" || !strings.Contains(err.Error(), "--ignore c") {
		t.Errorf("a word after %d numbers: %v", n, err)
	}
}

// TestDecimalComma: numbers written with a decimal comma are refused as
// numbers, at the first of them, rather than read as a category.
func TestDecimalComma(t *testing.T) {
	_, err := ReadCSV(strings.NewReader("a;y\n1;0\n2,5;1\n3,25;0\n"), CSVOptions{})
	pe, ok := errors.AsType[*ParseError](err)
	if !ok || !errors.Is(err, ErrNotNumber) || pe.Line != 3 || pe.Value != "2,5" || !strings.Contains(err.Error(), "a decimal comma?") {
		t.Errorf("err = %v", err)
	}
	ds, err := ReadCSV(strings.NewReader("a;y\n1;0\n2,5;1\n3,25;0\n"), CSVOptions{Categorical: []string{"a"}})
	if err != nil || ds.Schema[0].Kind != KindCategory {
		t.Errorf("categorical: %v, %v", ds, err)
	}
}

// TestStrayWord: a column most of whose distinct values are numbers is
// refused at its first word (a typo, a code for a missing value) rather
// than read as a category, unless Categorical names it.
func TestStrayWord(t *testing.T) {
	in := "a,y\n1,0\n2,1\noops,0\n4,1\n"
	_, err := ReadCSV(strings.NewReader(in), CSVOptions{})
	pe, ok := errors.AsType[*ParseError](err)
	if !ok || !errors.Is(err, ErrNotNumber) || pe.Line != 4 || pe.Value != "oops" || !strings.Contains(err.Error(), "though 3 of the column's 4 distinct values are") || !strings.Contains(err.Error(), "--categorical a") {
		t.Errorf("err = %v", err)
	}
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Categorical: []string{"a"}})
	if err != nil || ds.Schema[0].Kind != KindCategory {
		t.Errorf("categorical: %v, %v", ds, err)
	}
}

// TestNumericErrors: a column named by Numeric takes its kind from its
// first value, and a value of another kind is an error at its place.
func TestNumericErrors(t *testing.T) {
	tests := []struct {
		name   string
		values []string
		want   error
		line   int
		value  string
	}{
		{"text", []string{"1", "2", "abc"}, ErrNotNumber, 4, "abc"},
		{"text first", []string{"abc", "1"}, ErrNotNumber, 2, "abc"},
		{"an impossible day", []string{"2023-02-28", "2023-02-30"}, ErrNotDate, 3, "2023-02-30"},
		{"an impossible day first", []string{"2023-02-30", "2023-02-28"}, ErrNotDate, 2, "2023-02-30"},
		{"a word in a flag", []string{"yes", "true"}, ErrNotFlag, 3, "true"},
		{"a date among numbers", []string{"1", "2023-02-28"}, ErrNotNumber, 3, "2023-02-28"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(column(tc.values...)), CSVOptions{Numeric: []string{"c"}})
			pe, ok := errors.AsType[*ParseError](err)
			if !ok || !errors.Is(err, tc.want) || pe.Line != tc.line || pe.Column != 1 || pe.Value != tc.value || pe.Name != "c" {
				t.Errorf("err = %v, want %v on line %d, column 1, value %q", err, tc.want, tc.line, tc.value)
			}
		})
	}
}

// TestColumnOptions: Ignore leaves columns out; the options that name
// columns are checked against the header and one another.
func TestColumnOptions(t *testing.T) {
	const in = "a,b,c,y\n1,x,2023-01-01,0\n2,y,2023-01-02,1\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Ignore: []string{"b"}, Numeric: []string{"a"}})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.Features, []string{"a", "c"}) || !slices.Equal(ds.Ignored, []string{"b"}) || !slices.Equal(ds.X, []float64{1, 19358, 2, 19359}) {
		t.Errorf("features %q, ignored %q, X %v", ds.Features, ds.Ignored, ds.X)
	}
	tests := []struct {
		name string
		opts CSVOptions
		want error
		msg  string
	}{
		{"unknown ignored", CSVOptions{Ignore: []string{"z"}}, ErrUnknownColumn, `1: value "z": no such column to ignore (CSVOptions.Ignore); the columns are a, b, c, y`},
		{"unknown categorical", CSVOptions{Categorical: []string{"z"}}, ErrUnknownColumn, "no such column to encode as a category (CSVOptions.Categorical)"},
		{"unknown numeric", CSVOptions{Numeric: []string{"z"}}, ErrUnknownColumn, "no such column to read as numbers (CSVOptions.Numeric)"},
		{"target ignored", CSVOptions{Ignore: []string{"y"}}, ErrColumnOption, `value "y": conflicting column options: CSVOptions.Ignore names the target`},
		{"target categorical", CSVOptions{Target: "a", Categorical: []string{"a"}}, ErrColumnOption, "CSVOptions.Categorical names the target"},
		{"ignored and categorical", CSVOptions{Ignore: []string{"b"}, Categorical: []string{"b"}}, ErrColumnOption, "CSVOptions.Ignore and Categorical both name it"},
		{"categorical and numeric", CSVOptions{Categorical: []string{"a"}, Numeric: []string{"a"}}, ErrColumnOption, "CSVOptions.Categorical and Numeric both name it"},
		{"ignored feature", CSVOptions{Features: []string{"a"}, Ignore: []string{"a"}}, ErrColumnOption, "CSVOptions.Features and Ignore both name it"},
		{"schema and features", CSVOptions{Schema: []Column{{Name: "a"}}, Features: []string{"a"}}, nil, "do not apply with a Schema"},
		{"categorical to predict", CSVOptions{ForPrediction: true, Categorical: []string{"b"}}, nil, "do not apply to a table to predict"},
		{"a flag without words", CSVOptions{Schema: []Column{{Name: "a", Kind: KindFlag}}}, nil, `column "a": a flag without its two words`},
		{"a repeated level", CSVOptions{Schema: []Column{{Name: "b", Kind: KindCategory, Levels: []string{"x", "x"}}}}, nil, "a repeated level"},
		{"missing level first", CSVOptions{Schema: []Column{{Name: "b", Kind: KindCategory, Levels: []string{"", "x"}}}}, nil, "the empty level"},
		{"schema names the target", CSVOptions{Schema: []Column{{Name: "y"}}}, ErrNoFeature, "a feature column is not in the file"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadCSV(strings.NewReader(in), tc.opts)
			if err == nil || tc.want != nil && !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.msg) {
				t.Errorf("err = %v, want %v with %q", err, tc.want, tc.msg)
			}
		})
	}
}

// TestMissingByKind: the missing-value policy applies to numbers, flags
// and dates; a category reads missing values as a level whatever it says,
// and its levels are those of the rows kept.
func TestMissingByKind(t *testing.T) {
	const in = "n,f,d,c,y\n" +
		"1,yes,2023-01-01,a,0\n" +
		"2,no,2023-01-02,,1\n" +
		",no,2023-01-03,only-here,0\n" +
		"4,,2023-01-04,b,1\n" +
		"5,yes,,b,0\n"
	_, err := ReadCSV(strings.NewReader(in), CSVOptions{})
	if !errors.Is(err, ErrMissing) || !strings.Contains(err.Error(), "(3 missing cells in 3 columns)") {
		t.Errorf("MissingError: %v", err)
	}
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Missing: MissingDrop})
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{1, 1, 19358, 1, 0, 2, 0, 19359, 0, 1}
	if ds.Rows() != 2 || ds.DroppedRows != 3 || ds.MissingRows != 3 || !slices.Equal(ds.Schema[3].Levels, []string{"a", ""}) || !slices.Equal(features(ds), want) {
		t.Errorf("drop: %d rows, %d dropped, %d missing, levels %q, X %v; want 2, 3, 3, [a ''], %v",
			ds.Rows(), ds.DroppedRows, ds.MissingRows, ds.Schema[3].Levels, features(ds), want)
	}
	ds, err = ReadCSV(strings.NewReader(in), CSVOptions{Missing: MissingMean})
	if err != nil {
		t.Fatal(err)
	}
	if ds.Rows() != 5 || ds.MissingRows != 3 || !slices.Equal(ds.Features, []string{"n", "f", "d", "c=a", "c=b", "c=only-here", "c=(missing)"}) {
		t.Errorf("mean: %d rows, %d missing, features %q", ds.Rows(), ds.MissingRows, ds.Features)
	}
}

// TestReadWithSchema: a table to predict read with its training table's
// schema has the training columns in the training order, whatever the
// file's; a level training never saw is a block of zeros, counted; a
// value of the wrong kind elsewhere is an error at its place.
func TestReadWithSchema(t *testing.T) {
	train, err := ReadCSV(strings.NewReader("n,c,f,d,y\n1,a,yes,2023-01-01,0\n2,b,no,2023-01-02,1\n3,,no,2023-01-03,0\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	opts := CSVOptions{Schema: train.Schema, ForPrediction: true, Target: "y"}
	ds, err := ReadCSV(strings.NewReader("extra,f,d,c,n\nq,YES,2023-01-05,b,7\nq,no,2023-01-04,z,8\nq,no,2023-01-04,,9\n"), opts)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{
		7, 0, 1, 0, 1, 19362,
		8, 0, 0, 0, 0, 19361,
		9, 0, 0, 1, 0, 19361,
	}
	if !slices.Equal(ds.Features, train.Features) || !slices.EqualFunc(ds.Schema, train.Schema, sameColumn) || !slices.Equal(features(ds), want) {
		t.Errorf("features %q, schema %+v, X %v; want %q, %+v, %v", ds.Features, ds.Schema, features(ds), train.Features, train.Schema, want)
	}
	if !sameCounts(ds.Unseen, map[string]int{"c": 1}) || !slices.Equal(ds.Ignored, []string{"extra"}) || ds.Y != nil {
		t.Errorf("unseen %v, ignored %q, Y %v", ds.Unseen, ds.Ignored, ds.Y)
	}

	// A missing value in a category without the missing level is unseen.
	noMissing := []Column{{Name: "c", Kind: KindCategory, Levels: []string{"a", "b"}}}
	ds, err = ReadCSV(strings.NewReader("c,y\na,0\nNA,1\nb,0\n"), CSVOptions{Schema: noMissing, ForPrediction: true, Target: "y"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(features(ds), []float64{1, 0, 0, 0, 0, 1}) || !sameCounts(ds.Unseen, map[string]int{"c": 1}) {
		t.Errorf("missing as unseen: X %v, unseen %v", features(ds), ds.Unseen)
	}

	// Absent columns are not read, a category's block NaN throughout.
	absent := CSVOptions{Schema: train.Schema, ForPrediction: true, Absent: []string{"c", "d"}}
	ds, err = ReadCSV(strings.NewReader("n,f,c\n1,no,text\n"), absent)
	if err != nil {
		t.Fatal(err)
	}
	if !sameValues(features(ds), []float64{1, nan, nan, nan, 0, nan}) || ds.MissingRows != 0 || ds.Unseen != nil {
		t.Errorf("absent: X %v, missing rows %d, unseen %v", features(ds), ds.MissingRows, ds.Unseen)
	}

	bad := []struct {
		name, in string
		want     error
		col      int
		value    string
	}{
		{"text in a number", "n,c,f,d\n1,a,no,2023-01-01\nx,a,no,2023-01-01\n", ErrNotNumber, 1, "x"},
		{"another word in a flag", "n,c,f,d\n1,a,no,2023-01-01\n2,a,true,2023-01-01\n", ErrNotFlag, 3, "true"},
		{"an impossible date", "n,c,f,d\n1,a,no,2023-01-01\n2,a,no,2023-02-29\n", ErrNotDate, 4, "2023-02-29"},
		{"a column lacking", "n,c,f\n1,a,no\n", ErrNoFeature, 0, "d"},
	}
	for _, tc := range bad {
		_, err := ReadCSV(strings.NewReader(tc.in), opts)
		pe, ok := errors.AsType[*ParseError](err)
		if !ok || !errors.Is(err, tc.want) || pe.Column != tc.col || pe.Value != tc.value {
			t.Errorf("%s: %v, want %v at column %d, value %q", tc.name, err, tc.want, tc.col, tc.value)
		}
	}
}

func sameCounts(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestScalerOneHot: the scaler leaves a category's columns as they are,
// so that a block of zeros (an unseen level) stays zeros, and
// standardises numbers, flags and dates.
func TestScalerOneHot(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("n,c,f,y\n1,a,yes,0\n2,b,no,1\n3,a,no,0\n"), CSVOptions{})
	if err != nil {
		t.Fatal(err)
	}
	s := FitScaler(ds)
	// n: mean 2, population sd √(2/3); f: mean 1/3, sd √2/3.
	wantMean := []float64{2, 0, 0, 1.0 / 3}
	wantScale := []float64{math.Sqrt(2.0 / 3), 1, 1, math.Sqrt(2) / 3}
	for j := range wantMean {
		if math.Abs(s.Mean[j]-wantMean[j]) > 1e-15 || math.Abs(s.Scale[j]-wantScale[j]) > 1e-15 {
			t.Errorf("feature %s: mean %v, scale %v; want %v, %v", ds.Features[j], s.Mean[j], s.Scale[j], wantMean[j], wantScale[j])
		}
	}
	unseen := &Dataset{Features: ds.Features, Schema: ds.Schema, Source: ds.Source, X: []float64{2, 0, 0, 1}, rows: 1}
	s.Apply(unseen)
	if unseen.X[1] != 0 || unseen.X[2] != 0 {
		t.Errorf("an unseen level standardised to %v", unseen.X[1:3])
	}
}

// TestMixedRoundTrip: a mixed table written with WriteCSV, whole or with
// some columns, reads back (with its schema, or detected afresh) as the
// same columns and X; Subset and Columns keep the schema in step with X.
func TestMixedRoundTrip(t *testing.T) {
	const in = "n;c;f;d;y\n" +
		"1.5;south;Yes;2023-01-01;a\n" +
		"2;north;no;2023-01-02 12:30;b\n" +
		"NA;;no;2023-01-03T00:00:00.25Z;a\n" +
		"4;south;yes;;b\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{Missing: MissingMean})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ds.WriteCSV(&buf, []bool{true, true, true, true, true, true}); err != nil {
		t.Fatal(err)
	}
	const written = "n,c,f,d,y\n" +
		"1.5,south,yes,2023-01-01,a\n" +
		"2,north,no,2023-01-02T12:30:00,b\n" +
		",,no,2023-01-03T00:00:00.250,a\n" +
		"4,south,yes,,b\n"
	if buf.String() != written {
		t.Errorf("wrote\n%s\nwant\n%s", buf.String(), written)
	}
	for _, opts := range []CSVOptions{{Missing: MissingMean}, {Missing: MissingMean, Schema: ds.Schema}} {
		again, err := ReadCSV(strings.NewReader(buf.String()), opts)
		if err != nil {
			t.Fatal(err)
		}
		if !slices.EqualFunc(again.Schema, ds.Schema, sameColumn) || !slices.Equal(again.Features, ds.Features) ||
			!slices.Equal(again.Source, ds.Source) || !sameValues(again.X, ds.X) || !slices.Equal(again.Y, ds.Y) {
			t.Errorf("read back (schema given: %v): %+v %v, want %+v %v", opts.Schema != nil, again.Schema, again.X, ds.Schema, ds.X)
		}
	}

	// Keep c's block and d, of rows 3 and 1.
	mask := []bool{false, true, true, true, false, true}
	part := ds.Subset([]int{3, 1}).Columns(mask)
	wantSchema := []Column{ds.Schema[1], ds.Schema[3]}
	if !slices.EqualFunc(part.Schema, wantSchema, sameColumn) || !slices.Equal(part.Source, []int{0, 0, 0, 1}) ||
		!slices.Equal(part.Features, []string{"c=north", "c=south", "c=(missing)", "d"}) || !sameValues(features(part), []float64{0, 1, 0, nan, 1, 0, 0, 19359.5208333333333}) {
		t.Errorf("Subset.Columns: schema %+v, source %v, features %q, X %v", part.Schema, part.Source, part.Features, features(part))
	}
	buf.Reset()
	if err := part.WriteCSV(&buf, []bool{true, true, true, true}); err != nil {
		t.Fatal(err)
	}
	if want := "c,d,y\nsouth,,b\nnorth,2023-01-02T12:30:00,b\n"; buf.String() != want {
		t.Errorf("wrote %q, want %q", buf.String(), want)
	}
	buf.Reset()
	if err := ds.WriteCSV(&buf, mask); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "c,d,y\nsouth,2023-01-01,a\n") {
		t.Errorf("masked write: %q", buf.String())
	}

	for _, split := range [][]bool{{true, true, false, true, true, true}, {true, false, true, false, true, true}} {
		func() {
			defer func() {
				if r := recover(); r != "data: column mask keeps part of a category's block" {
					t.Errorf("mask %v: recovered %v", split, r)
				}
			}()
			ds.Columns(split)
		}()
	}
	func() {
		defer func() {
			if r := recover(); r != "data: column mask keeps part of a category's block" {
				t.Errorf("WriteCSV, partial block: recovered %v", r)
			}
		}()
		ds.WriteCSV(&buf, []bool{true, false, true, true, true, true})
	}()
}

// TestDates: what parseDate reads and refuses, and formatDate writing
// each back to the same number. Days from 1970-01-01 counted by hand.
func TestDates(t *testing.T) {
	tests := []struct {
		in   string
		days float64
		ok   bool
	}{
		{"1970-01-01", 0, true},
		{"2000-02-29", 10957 + 31 + 28, true},
		{"1969-12-31T18:00", -0.25, true},
		{"0000-01-01", -719528, true}, // 1970 years of the proleptic Gregorian calendar
		{"9999-12-31T23:59:59.999", 2932896 + (msPerDay-1.0)/msPerDay, true},
		{"1970-01-01T00:00:00.0004", 0, true},
		{"1970-01-01T00:00:00.0005", 1 / float64(msPerDay), true},
		{"2023-02-29", 0, false},
		{"2023-04-31", 0, false},
		{"2023-13-01", 0, false},
		{"2023-00-10", 0, false},
		{"2023-1-01", 0, false},
		{"2023-01-01T24:00", 0, false},
		{"2023-01-01T10:60", 0, false},
		{"2023-01-01T10", 0, false},
		{"2023-01-01T10:00:00.", 0, false},
		{"2023-01-01t10:00", 0, false},
		{"2023-01-01T10:00+01:00", 0, false},
		{"2023-01-01Z", 0, false},
		{"20230101", 0, false},
	}
	for _, tc := range tests {
		days, ok := parseDate(tc.in)
		if ok != tc.ok || ok && math.Abs(days-tc.days) > 1e-12 {
			t.Errorf("parseDate(%q) = %v, %v; want %v, %v", tc.in, days, ok, tc.days, tc.ok)
		}
		if !ok {
			continue
		}
		if back, ok := parseDate(formatDate(days)); !ok || back != days {
			t.Errorf("parseDate(formatDate(%v)) = %v, %v (formatted %q)", days, back, ok, formatDate(days))
		}
	}
}

// TestUnits: a category's block is one unit, named by its column, and a
// mask over the units keeps the block's features together.
func TestUnits(t *testing.T) {
	ds, err := ReadCSV(strings.NewReader("a,c,b,y\n1,p,2,0\n2,q,3,1\n3,r,4,0\n"), CSVOptions{Categorical: []string{"c"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ds.Units(), []string{"a", "c", "b"}; !slices.Equal(got, want) {
		t.Errorf("Units() = %v, want %v", got, want)
	}
	if got, want := ds.UnitFeatures([]bool{false, true, true}), []bool{false, true, true, true, true}; !slices.Equal(got, want) {
		t.Errorf("UnitFeatures([false true true]) = %v, want %v (features %v)", got, want, ds.Features)
	}
	plain := &Dataset{Features: []string{"x", "z"}}
	if got := plain.Units(); !slices.Equal(got, plain.Features) {
		t.Errorf("Units() without a schema = %v, want the features %v", got, plain.Features)
	}
}

// TestID: the identifier column is copied as read, one cell per row kept
// (after MissingDrop), and is neither a feature nor listed as ignored; an
// unknown name, or a target's, is an error.
func TestID(t *testing.T) {
	in := "id,a,y\nr1,1,0\nr2,,1\n r3 ,3,1\n"
	ds, err := ReadCSV(strings.NewReader(in), CSVOptions{ID: "id", Missing: MissingDrop})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(ds.IDs, []string{"r1", " r3 "}) || !slices.Equal(ds.Features, []string{"a"}) || len(ds.Ignored) != 0 {
		t.Errorf("IDs %q, features %v, ignored %v", ds.IDs, ds.Features, ds.Ignored)
	}
	if _, err := ReadCSV(strings.NewReader(in), CSVOptions{ID: "z"}); !errors.Is(err, ErrUnknownColumn) {
		t.Errorf("an unknown identifier: %v", err)
	}
	// A target, times or events named as the identifier: said so, not
	// "no such column".
	surv := "id,t,e,a\nr1,1,1,5\nr2,2,0,6\n"
	for _, c := range []struct {
		in   string
		opts CSVOptions
		want string
	}{
		{in, CSVOptions{ID: "y"}, `1: value "y": conflicting column options: it holds the target, not identifiers`},
		{surv, CSVOptions{Target: "t", Event: "e", ID: "t"}, "it holds the times"},
		{surv, CSVOptions{Target: "t", Event: "e", ID: "e"}, "it holds the events"},
		{surv, CSVOptions{Targets: []string{"t", "a"}, ID: "a"}, "it holds a target"},
	} {
		_, err := ReadCSV(strings.NewReader(c.in), c.opts)
		if !errors.Is(err, ErrColumnOption) || err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: %v, want %q", c.opts, err, c.want)
		}
	}
}

// features returns the features of every row of ds (Dataset.RowTo),
// row-major: X as the network sees it, a packed category's one-hot block
// included.
func features(ds *Dataset) []float64 {
	var all []float64
	for i := range ds.Rows() {
		all = append(all, ds.RowTo(nil, i)...)
	}
	return all
}
