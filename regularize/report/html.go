package report

import (
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"
)

// Page is a run's report made into one HTML page that holds all it shows:
// the pictures inline as PNG data, its style in the page, no script and
// no address outside it, so that it can be mailed or archived as one
// file and opened anywhere.
type Page struct {
	// Title heads the page; Command is the command line that made it.
	Title, Command string
	// Warnings are shown first, as the run gave them on stderr.
	Warnings []string
	// Facts are the settings and the data of the run.
	Facts []Fact
	// Ranking ranks the features, when the run ranks them.
	Ranking *Ranking
	// Text is the report as the command prints it, its tables included.
	Text     string
	Pictures []Picture
}

// Fact is a name and its value.
type Fact struct{ Name, Value string }

// Ranking is a table of the features, most important first, each with a
// value and a bar of its length relative to the longest.
type Ranking struct {
	Caption, Value string // the table's caption and the value's heading
	Rows           []Rank
}

// Rank is a row of a Ranking: Bar in [0, 1], Kept for a feature the run
// kept (chosen, or selected).
type Rank struct {
	Name, Value string
	Bar         float64
	Kept        bool
}

// pageTemplate lays a Page out; html/template escapes every value.
var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
	// A bar's width as CSS, in a form html/template passes as it is.
	"percent": func(f float64) template.CSS {
		return template.CSS(fmt.Sprintf("%.1f%%", 100*min(max(f, 0), 1)))
	},
}).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; padding: 0 1rem; color: #222; }
h1 { font-size: 1.5rem; margin-bottom: 0.2rem; }
h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ddd; }
code, pre { font-family: ui-monospace, monospace; font-size: 0.85rem; }
pre { background: #f6f6f6; padding: 0.8rem; white-space: pre-wrap; }
.warning { background: #fff4ce; border-left: 4px solid #c90; padding: 0.5rem 0.8rem; margin: 0.5rem 0; }
table { border-collapse: collapse; }
td, th { padding: 0.15rem 0.8rem 0.15rem 0; text-align: left; vertical-align: top; }
th { font-weight: 600; }
td.value { font-variant-numeric: tabular-nums; white-space: nowrap; }
.bar { background: #4a7fb5; height: 0.7rem; }
tr.dropped td { color: #888; }
tr.dropped .bar { background: #bbb; }
figure { margin: 1rem 0; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: 0.85rem; color: #555; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
{{with .Command}}<p><code>{{.}}</code></p>{{end}}
{{range .Warnings}}<p class="warning">{{.}}</p>
{{end}}
<h2>Settings and data</h2>
<table>
{{range .Facts}}<tr><th>{{.Name}}</th><td>{{.Value}}</td></tr>
{{end}}</table>
{{with .Ranking}}<h2>{{.Caption}}</h2>
<table>
<tr><th>#</th><th>feature</th><th>{{.Value}}</th><th></th></tr>
{{range $i, $r := .Rows}}<tr{{if not $r.Kept}} class="dropped"{{end}}><td>{{inc $i}}</td><td>{{$r.Name}}</td><td class="value">{{$r.Value}}</td><td style="width: 12rem"><div class="bar" style="width: {{percent $r.Bar}}"></div></td></tr>
{{end}}</table>
{{end}}
<h2>Report</h2>
<pre>{{.Text}}</pre>
{{with .Pictures}}<h2>Pictures</h2>
{{range .}}<figure><img src="{{.Src}}" alt="{{.Name}}"><figcaption>{{.Name}}</figcaption></figure>
{{end}}{{end}}
</body>
</html>
`))

// inlined is a picture ready for the page: its name and its PNG as a
// data URL.
type inlined struct {
	Name string
	Src  template.URL
}

// WriteHTML writes the page.
func (p Page) WriteHTML(w io.Writer) error {
	var pics []inlined
	for _, pic := range p.Pictures {
		b, err := pic.PNG()
		if err != nil {
			return fmt.Errorf("report: drawing %s: %w", pic.Name, err)
		}
		pics = append(pics, inlined{pic.Name, template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(b))})
	}
	return pageTemplate.Execute(w, struct {
		Page
		Pictures []inlined
	}{p, pics})
}

// printed returns what print writes.
func printed(print func(io.Writer)) string {
	var b strings.Builder
	print(&b)
	return b.String()
}
