package regularize

// Score compares a selected set with the truly informative features:
// precision is the fraction of selected features that are informative,
// recall the fraction of informative features selected, and F1 their
// harmonic mean. An empty selection has precision 1 (nothing selected is
// wrong) and an empty truth recall 1.
func Score(selected, informative []bool) (precision, recall, f1 float64) {
	if len(selected) != len(informative) {
		panic("regularize: Score: slice length mismatch")
	}
	var tp, sel, inf int
	for j := range selected {
		if selected[j] {
			sel++
		}
		if informative[j] {
			inf++
		}
		if selected[j] && informative[j] {
			tp++
		}
	}
	precision, recall = 1, 1
	if sel > 0 {
		precision = float64(tp) / float64(sel)
	}
	if inf > 0 {
		recall = float64(tp) / float64(inf)
	}
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	return precision, recall, f1
}
