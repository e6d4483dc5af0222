package data

import "bufio"

// DetectDelimiter peeks at the header line of r without consuming it and
// returns the delimiter it uses: whichever of ',', ';' and tab occurs most
// often outside quotes, ',' when none does.
func DetectDelimiter(r *bufio.Reader) rune {
	head, _ := r.Peek(r.Size())
	counts := map[byte]int{}
	quoted := false
	for _, c := range head {
		if c == '\n' && !quoted {
			break
		}
		switch c {
		case '"':
			quoted = !quoted
		case ',', ';', '\t':
			if !quoted {
				counts[c]++
			}
		}
	}
	best := byte(',')
	for _, c := range []byte{';', '\t'} {
		if counts[c] > counts[best] {
			best = c
		}
	}
	return rune(best)
}
