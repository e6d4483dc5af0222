package report

import (
	"encoding/json"
	"math"
)

// Number is a float64 that a report holds: JSON has no NaN or infinity,
// so a number that is not finite (the R² of a constant target, the loss of
// a diverged run) is written as null and read back as NaN. A report is
// valid JSON whatever the numbers.
type Number float64

// MarshalJSON implements json.Marshaler.
func (n Number) MarshalJSON() ([]byte, error) {
	if math.IsNaN(float64(n)) || math.IsInf(float64(n), 0) {
		return []byte("null"), nil
	}
	return json.Marshal(float64(n))
}

// UnmarshalJSON implements json.Unmarshaler.
func (n *Number) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*n = Number(math.NaN())
		return nil
	}
	var v float64
	err := json.Unmarshal(b, &v)
	*n = Number(v)
	return err
}

// numbers converts a slice of float64.
func numbers(vs []float64) []Number {
	out := make([]Number, len(vs))
	for i, v := range vs {
		out[i] = Number(v)
	}
	return out
}
