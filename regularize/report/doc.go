// Package report turns featsel's results into what people and programs
// read: the JSON reports of the train, compare and path workflows, the
// tables printed for people, and the pictures. The command featsel is a
// thin layer over it, so a Go program can write, print and draw exactly
// what the command does.
//
// A report is built from a library result ([NewTrain], [NewCompare],
// [NewPath]), printed with its Print method and marshalled with
// encoding/json; the pictures are [Picture] values that render to PNG.
package report
