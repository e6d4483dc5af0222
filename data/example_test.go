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
