package data_test

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/featsel/featsel/data"
)

// Read a CSV table, split it and standardise it on the training part.
func ExampleReadCSV() {
	const table = `height;weight;age;smoker
1.70;65;31;no
1.82;90;45;yes
1.65;NA;52;no
1.75;72;28;yes
1.60;55;61;no
1.90;95;39;yes
`
	ds, err := data.ReadCSV(strings.NewReader(table), data.CSVOptions{Target: "smoker", Missing: data.MissingMean})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d rows, features %v, delimiter %q\n", ds.Rows(), ds.Features, ds.Delimiter)
	fmt.Printf("task %v, classes %v, %d row with a missing value\n", ds.Task, ds.Classes, ds.MissingRows)

	train, val, _, err := data.Prepare(ds, 0.34, rand.New(rand.NewPCG(1, 2)))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d training rows, %d validation rows\n", train.Rows(), val.Rows())
	// Output:
	// 6 rows, features [height weight age], delimiter ';'
	// task classification, classes [no yes], 1 row with a missing value
	// 4 training rows, 2 validation rows
}

// A malformed file gives a *ParseError with its position.
func ExampleParseError() {
	_, err := data.ReadCSV(strings.NewReader("a,b,y\n1,2,x\n3,oops,z\n"), data.CSVOptions{Numeric: []string{"b"}})
	fmt.Println(err)
	// Output:
	// 3:2: column "b": value "oops": not a number
}

// Read a table with text columns: each is detected as a flag, a date or a
// category (a block of columns, one per level), which Schema records; a
// table to predict is read with that schema.
func ExampleReadCSV_kinds() {
	const table = `region,member,joined,spend,churned
south,yes,2021-03-01,120.5,no
north,no,2022-11-15,80,yes
south,no,,95,no
east,yes,2020-01-20,210,no
`
	ds, err := data.ReadCSV(strings.NewReader(table), data.CSVOptions{Missing: data.MissingMean})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range ds.Schema {
		fmt.Println(c.Name, c.Kind, c.Levels)
	}
	fmt.Println(ds.Features)
	fmt.Println(ds.RowTo(nil, 0))

	const later = "spend,joined,member,region\n99,2023-06-30,YES,west\n"
	rows, err := data.ReadCSV(strings.NewReader(later), data.CSVOptions{Schema: ds.Schema, ForPrediction: true})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(rows.RowTo(nil, 0), rows.Unseen)
	// Output:
	// region category [east north south]
	// member flag [no yes]
	// joined date []
	// spend number []
	// [region=east region=north region=south member joined spend]
	// [0 0 1 1 18687 120.5]
	// [0 0 0 1 19538 99] map[region:1]
}
