package report

import (
	"bytes"
	"encoding/base64"
	"html"
	"math"
	"regexp"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
)

// TestWriteHTML: the page holds its facts, ranking, text and pictures
// itself (PNG data inline, no script, no address elsewhere), and escapes
// what it is given.
func TestWriteHTML(t *testing.T) {
	pl := plot.New()
	pl.Title.Text = "a picture"
	p := Page{
		Title: "featsel path: t.csv", Command: "featsel path --data t.csv",
		Warnings: []string{"the refitted model scores less"},
		Facts:    []Fact{{"data", "t.csv: 10 rows"}},
		Ranking:  &Ranking{Caption: "Importance", Value: "left at λ", Rows: []Rank{{Name: "<script>x</script>", Value: "1", Bar: 1, Kept: true}, {Name: "b", Value: "0.5", Bar: 0.25}}},
		Text:     "λ  selected\n0  2 <- chosen",
		Pictures: []Picture{single("path.png", pl, plot.NewLegend(), 4*vg.Centimeter, 3*vg.Centimeter)},
	}
	var b bytes.Buffer
	if err := p.WriteHTML(&b); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{"<title>featsel path: t.csv</title>", "<code>featsel path --data t.csv</code>",
		`class="warning">the refitted model scores less`, "<th>data</th><td>t.csv: 10 rows</td>", "&lt;script&gt;x&lt;/script&gt;",
		`<tr class="dropped"><td>2</td><td>b</td>`, `style="width: 25.0%"`, "0  2 &lt;- chosen", "<figcaption>path.png</figcaption>"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
	if strings.Contains(page, "<script") || strings.Contains(page, "http://") || strings.Contains(page, "https://") {
		t.Error("the page has a script or an address outside it")
	}
	src := regexp.MustCompile(`<img src="data:image/png;base64,([^"]+)"`).FindStringSubmatch(page)
	if src == nil {
		t.Fatal("no inline PNG")
	}
	// The attribute's value, as a browser reads it (html/template writes + as &#43;).
	if png, err := base64.StdEncoding.DecodeString(html.UnescapeString(src[1])); err != nil || !bytes.HasPrefix(png, []byte("\x89PNG")) {
		t.Errorf("the inline picture is not a PNG: %v", err)
	}
}

// TestLogShare: a bar from 0.05 at the smallest λ to 1 at the largest, by
// the logarithm, and 0.05 where there is no scale.
func TestLogShare(t *testing.T) {
	for _, tc := range []struct{ v, lo, hi, want float64 }{
		{0.01, 0.01, 1, 0.05}, {1, 0.01, 1, 1}, {0.1, 0.01, 1, 0.525}, {0.5, 0.5, 0.5, 0.05}, {0, 0.01, 1, 0.05},
	} {
		if got := logShare(tc.v, tc.lo, tc.hi); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("logShare(%v, %v, %v) = %v, want %v", tc.v, tc.lo, tc.hi, got, tc.want)
		}
	}
}
