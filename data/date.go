package data

import (
	"math"
	"time"
)

// msPerDay is the unit of a date column, in the unit dates are read to.
const msPerDay = 24 * 60 * 60 * 1000

// parseDate reads an ISO 8601 date as days since 1970-01-01: YYYY-MM-DD,
// optionally followed by a time of day, a T or a space then HH:MM,
// HH:MM:SS or HH:MM:SS.fff (any number of decimals, rounded to the
// millisecond), and then an optional Z (UTC; other zones are not read).
// An impossible date or time, such as 2023-02-30 or 24:00, is not a date.
// Counting in whole milliseconds, the days format back (formatDate) to
// the same number, exactly, for every year from 0000 to 9999.
func parseDate(s string) (days float64, ok bool) {
	if !dateLike(s) {
		return 0, false
	}
	y, m, d := number(s[0:4]), number(s[5:7]), number(s[8:10])
	var hour, minute, sec, ms int
	if rest := s[10:]; rest != "" {
		if len(rest) < 6 || rest[0] != 'T' && rest[0] != ' ' || rest[3] != ':' || !digits(rest[1:3]) || !digits(rest[4:6]) {
			return 0, false
		}
		hour, minute, rest = number(rest[1:3]), number(rest[4:6]), rest[6:]
		if len(rest) >= 3 && rest[0] == ':' && digits(rest[1:3]) {
			sec, rest = number(rest[1:3]), rest[3:]
			if len(rest) >= 2 && rest[0] == '.' {
				n := 1
				for n < len(rest) && '0' <= rest[n] && rest[n] <= '9' {
					n++
				}
				if n == 1 {
					return 0, false
				}
				frac := rest[1:n]
				// Rounded to the millisecond from the first four digits:
				// the ones after cannot change the way it rounds.
				ms = int(math.Round(float64(number((frac + "000")[:4])) / 10))
				rest = rest[n:]
			}
		}
		if rest != "" && rest != "Z" || hour > 23 || minute > 59 || sec > 59 {
			return 0, false
		}
	}
	t := time.Date(y, time.Month(m), d, hour, minute, sec, 0, time.UTC)
	if t.Year() != y || int(t.Month()) != m || t.Day() != d {
		return 0, false // time.Date normalises 2023-02-30 to March 2
	}
	return float64(t.UnixMilli()+int64(ms)) / msPerDay, true
}

func isDate(s string) bool {
	_, ok := parseDate(s)
	return ok
}

// dateLike reports whether s starts as a date, YYYY-MM-DD, right or not.
func dateLike(s string) bool {
	return len(s) >= 10 && s[4] == '-' && s[7] == '-' && digits(s[0:4]) && digits(s[5:7]) && digits(s[8:10])
}

// formatDate writes days since 1970-01-01 as parseDate reads them back:
// YYYY-MM-DD, then THH:MM:SS when there is a time of day, and .fff when
// it has milliseconds.
func formatDate(days float64) string {
	t := time.UnixMilli(int64(math.Round(days * msPerDay))).UTC()
	switch {
	case t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0:
		return t.Format("2006-01-02")
	case t.Nanosecond() == 0:
		return t.Format("2006-01-02T15:04:05")
	}
	return t.Format("2006-01-02T15:04:05.000")
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// number returns the value of a string of decimal digits.
func number(s string) int {
	n := 0
	for i := range len(s) {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
