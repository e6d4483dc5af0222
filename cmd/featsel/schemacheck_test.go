package main

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"
	"testing"
)

// schemaCheck validates JSON documents against a JSON Schema (draft
// 2020-12) written with only the keywords the report schema uses: type
// (a name or a list of names), properties, required,
// additionalProperties (false or a schema), items, enum (of strings),
// minimum, oneOf, and $ref to the schema's own $defs. A schema with any
// other keyword is refused when it is read, so that no keyword is half
// checked: a new one needs its check here first. It remembers which of
// the schema's properties the documents it validated held (see unseen).
type schemaCheck struct {
	root map[string]any
	// seen holds the schema locations of the properties met, as
	// "#/$defs/train/properties/lambda".
	seen map[string]bool
}

// schemaDialect is the only $schema the checker accepts.
const schemaDialect = "https://json-schema.org/draft/2020-12/schema"

// schemaKeywords are the keywords the checker knows; those of the first
// line are annotations with nothing to check.
var schemaKeywords = []string{
	"$schema", "title", "description",
	"$defs", "$ref", "type", "properties", "required", "additionalProperties", "items", "enum", "minimum", "oneOf",
}

var schemaTypes = []string{"null", "boolean", "object", "array", "number", "integer", "string"}

// newSchemaCheck reads a schema and checks that it keeps to the subset.
func newSchemaCheck(b []byte) (*schemaCheck, error) {
	var root map[string]any
	if err := json.Unmarshal(b, &root); err != nil {
		return nil, err
	}
	if root["$schema"] != schemaDialect {
		return nil, fmt.Errorf("$schema is %v, want %s", root["$schema"], schemaDialect)
	}
	c := &schemaCheck{root: root, seen: map[string]bool{}}
	return c, c.checkSchema(root, "#")
}

// checkSchema refuses, at pointer at, a keyword outside the subset, a
// keyword of the wrong shape and a $ref that resolves to nothing.
func (c *schemaCheck) checkSchema(s map[string]any, at string) error {
	for k, v := range s {
		if !slices.Contains(schemaKeywords, k) {
			return fmt.Errorf("%s: keyword %q is not one the checker knows", at, k)
		}
		var err error
		switch k {
		case "$schema":
			if at != "#" {
				err = fmt.Errorf("%s: $schema below the root", at)
			}
		case "title", "description":
			if _, ok := v.(string); !ok {
				err = fmt.Errorf("%s: %s is not a string", at, k)
			}
		case "$defs", "properties":
			err = c.checkSchemas(v, at+"/"+k)
		case "$ref":
			err = c.checkRef(v, at)
		case "type":
			err = checkType(v, at)
		case "required", "enum":
			err = checkStrings(v, at+"/"+k)
		case "additionalProperties":
			if v != false {
				err = c.checkSubschema(v, at+"/"+k)
			}
		case "items":
			err = c.checkSubschema(v, at+"/"+k)
		case "minimum":
			if _, ok := v.(float64); !ok {
				err = fmt.Errorf("%s: minimum is not a number", at)
			}
		case "oneOf":
			list, ok := v.([]any)
			if !ok || len(list) == 0 {
				return fmt.Errorf("%s: oneOf is not a list of schemas", at)
			}
			for i, sub := range list {
				if err = c.checkSubschema(sub, fmt.Sprintf("%s/oneOf/%d", at, i)); err != nil {
					break
				}
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// checkSchemas checks an object whose values are schemas.
func (c *schemaCheck) checkSchemas(v any, at string) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: not an object of schemas", at)
	}
	for name, sub := range m {
		if err := c.checkSubschema(sub, at+"/"+name); err != nil {
			return err
		}
	}
	return nil
}

func (c *schemaCheck) checkSubschema(v any, at string) error {
	m, ok := v.(map[string]any)
	if !ok {
		return fmt.Errorf("%s: not a schema object", at)
	}
	return c.checkSchema(m, at)
}

func (c *schemaCheck) checkRef(v any, at string) error {
	ref, ok := v.(string)
	if !ok {
		return fmt.Errorf("%s: $ref is not a string", at)
	}
	if _, err := c.resolve(ref); err != nil {
		return fmt.Errorf("%s: %w", at, err)
	}
	return nil
}

func checkType(v any, at string) error {
	names, ok := v.([]any)
	if !ok {
		names = []any{v}
	}
	for _, n := range names {
		if s, ok := n.(string); !ok || !slices.Contains(schemaTypes, s) {
			return fmt.Errorf("%s: type %v is not one of %s", at, n, strings.Join(schemaTypes, ", "))
		}
	}
	return nil
}

func checkStrings(v any, at string) error {
	list, ok := v.([]any)
	if !ok {
		return fmt.Errorf("%s: not a list", at)
	}
	for _, e := range list {
		if _, ok := e.(string); !ok {
			return fmt.Errorf("%s: %v is not a string", at, e)
		}
	}
	return nil
}

// resolve returns the schema a $ref names: "#" or "#/$defs/NAME".
func (c *schemaCheck) resolve(ref string) (map[string]any, error) {
	if ref == "#" {
		return c.root, nil
	}
	name, ok := strings.CutPrefix(ref, "#/$defs/")
	if !ok {
		return nil, fmt.Errorf("$ref %q is not # or #/$defs/NAME", ref)
	}
	defs, _ := c.root["$defs"].(map[string]any)
	s, ok := defs[name].(map[string]any)
	if !ok {
		return nil, fmt.Errorf("$ref %q names no definition", ref)
	}
	return s, nil
}

// validate checks the JSON document doc against the schema ref names ("#"
// for the whole schema) and returns every violation, each with the JSON
// pointer of the value at fault.
func (c *schemaCheck) validate(doc []byte, ref string) []string {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return []string{err.Error()}
	}
	s, err := c.resolve(ref)
	if err != nil {
		return []string{err.Error()}
	}
	return c.check(v, s, "", ref)
}

// check validates the value v, at pointer at, against the schema s found
// at location where in the schema.
func (c *schemaCheck) check(v any, s map[string]any, at, where string) []string {
	var errs []string
	fail := func(format string, args ...any) {
		errs = append(errs, fmt.Sprintf("%s: %s", cmp.Or(at, "/"), fmt.Sprintf(format, args...)))
	}
	if ref, ok := s["$ref"].(string); ok {
		sub, err := c.resolve(ref)
		if err != nil {
			fail("%v", err)
		} else {
			errs = append(errs, c.check(v, sub, at, ref)...)
		}
	}
	if t, ok := s["type"]; ok && !hasType(v, t) {
		fail("%s is not of type %v", jsonKind(v), t)
		return errs // the other keywords would only repeat it
	}
	if enum, ok := s["enum"].([]any); ok && !slices.Contains(enum, v) {
		fail("%s is not one of %v", short(v), enum)
	}
	if m, ok := s["minimum"].(float64); ok {
		if n, isNumber := v.(json.Number); isNumber {
			if f, err := n.Float64(); err == nil && f < m {
				fail("%s is less than the minimum %v", n, m)
			}
		}
	}
	if obj, ok := v.(map[string]any); ok {
		errs = append(errs, c.checkObject(obj, s, at, where)...)
	}
	if items, ok := s["items"].(map[string]any); ok {
		if list, isList := v.([]any); isList {
			for i, e := range list {
				errs = append(errs, c.check(e, items, fmt.Sprintf("%s/%d", at, i), where+"/items")...)
			}
		}
	}
	if oneOf, ok := s["oneOf"].([]any); ok {
		var matched int
		var branchErrs []string
		seen := c.seen
		for i, sub := range oneOf {
			c.seen = map[string]bool{} // a branch that fails holds none of its properties
			e := c.check(v, sub.(map[string]any), at, fmt.Sprintf("%s/oneOf/%d", where, i))
			if len(e) == 0 {
				matched++
				maps.Copy(seen, c.seen)
			}
			for _, msg := range e {
				branchErrs = append(branchErrs, fmt.Sprintf("oneOf/%d: %s", i, msg))
			}
		}
		c.seen = seen
		if matched != 1 {
			fail("matches %d of oneOf's %d schemas, want 1: %s", matched, len(oneOf), strings.Join(branchErrs, "; "))
		}
	}
	return errs
}

// checkObject applies required, properties and additionalProperties.
func (c *schemaCheck) checkObject(obj map[string]any, s map[string]any, at, where string) []string {
	var errs []string
	if required, ok := s["required"].([]any); ok {
		for _, k := range required {
			if _, present := obj[k.(string)]; !present {
				errs = append(errs, fmt.Sprintf("%s: lacks the required %q", cmp.Or(at, "/"), k))
			}
		}
	}
	props, _ := s["properties"].(map[string]any)
	for _, k := range slices.Sorted(maps.Keys(obj)) {
		if sub, ok := props[k].(map[string]any); ok {
			c.seen[where+"/properties/"+k] = true
			errs = append(errs, c.check(obj[k], sub, at+"/"+k, where+"/properties/"+k)...)
			continue
		}
		switch extra := s["additionalProperties"].(type) {
		case bool: // only false passes checkSchema
			errs = append(errs, fmt.Sprintf("%s: %q is not a property the schema allows", cmp.Or(at, "/"), k))
		case map[string]any:
			errs = append(errs, c.check(obj[k], extra, at+"/"+k, where+"/additionalProperties")...)
		}
	}
	return errs
}

// unseen returns the schema locations of the properties that no document
// validated so far held, sorted: the shapes of a report that no test
// produced.
func (c *schemaCheck) unseen() []string {
	var out []string
	var walk func(s map[string]any, where string)
	walk = func(s map[string]any, where string) {
		props, _ := s["properties"].(map[string]any)
		for k, sub := range props {
			loc := where + "/properties/" + k
			if !c.seen[loc] {
				out = append(out, loc)
			}
			walk(sub.(map[string]any), loc)
		}
		for _, k := range []string{"items", "additionalProperties"} {
			if sub, ok := s[k].(map[string]any); ok {
				walk(sub, where+"/"+k)
			}
		}
	}
	defs, _ := c.root["$defs"].(map[string]any)
	for name, d := range defs {
		walk(d.(map[string]any), "#/$defs/"+name)
	}
	walk(c.root, "#")
	slices.Sort(out)
	return out
}

// hasType says whether v is of the type t names (a name or a list).
func hasType(v any, t any) bool {
	names, ok := t.([]any)
	if !ok {
		names = []any{t}
	}
	for _, n := range names {
		if n == jsonKind(v) || n == "number" && jsonKind(v) == "integer" {
			return true
		}
	}
	return false
}

// jsonKind names the type of a decoded value; a number with no fraction
// is an integer, as JSON Schema counts (1.0 is one).
func jsonKind(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any:
		return "array"
	case string:
		return "string"
	case json.Number:
		if f, err := v.Float64(); err == nil && f == math.Trunc(f) {
			return "integer"
		}
		return "number"
	}
	panic(fmt.Sprintf("schemacheck: value %T from encoding/json", v))
}

// short quotes a value for a message.
func short(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// TestSchemaCheck: the checker accepts known-good documents and refuses
// known-bad ones with a message naming the value at fault, and refuses
// schemas outside its subset.
func TestSchemaCheck(t *testing.T) {
	schema := `{
	  "$schema": "https://json-schema.org/draft/2020-12/schema",
	  "oneOf": [{"$ref": "#/$defs/run"}, {"$ref": "#/$defs/list"}],
	  "$defs": {
	    "run": {
	      "type": "object", "additionalProperties": false, "required": ["status", "n"],
	      "properties": {
	        "status": {"type": "string", "enum": ["ok", "failed"]},
	        "n": {"type": "integer", "minimum": 0},
	        "loss": {"type": ["number", "null"]},
	        "names": {"type": "array", "items": {"type": "string"}},
	        "by": {"type": "object", "additionalProperties": {"type": "number"}}
	      }
	    },
	    "list": {"type": "object", "additionalProperties": false, "required": ["runs"],
	      "properties": {"runs": {"type": "array", "items": {"$ref": "#/$defs/run"}}}}
	  }
	}`
	c, err := newSchemaCheck([]byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		doc, ref string
		want     string // a part of the one violation; "" for none
	}{
		{`{"status": "ok", "n": 3}`, "#/$defs/run", ""},
		{`{"status": "ok", "n": 3.0, "loss": null, "names": ["a"], "by": {"a": 0.5}}`, "#/$defs/run", ""},
		{`{"status": "ok", "n": 3, "loss": 1e-300}`, "#", ""},
		{`{"runs": [{"status": "failed", "n": 0}]}`, "#", ""},
		{`{"status": "ok"}`, "#/$defs/run", `/: lacks the required "n"`},
		{`{"status": "ok", "n": 3, "extra": 1}`, "#/$defs/run", `/: "extra" is not a property the schema allows`},
		{`{"status": "done", "n": 3}`, "#/$defs/run", `/status: "done" is not one of [ok failed]`},
		{`{"status": "ok", "n": 2.5}`, "#/$defs/run", "/n: number is not of type integer"},
		{`{"status": "ok", "n": -1}`, "#/$defs/run", "/n: -1 is less than the minimum 0"},
		{`{"status": "ok", "n": "3"}`, "#/$defs/run", "/n: string is not of type integer"},
		{`{"status": "ok", "n": 3, "loss": "NaN"}`, "#/$defs/run", "/loss: string is not of type [number null]"},
		{`{"status": "ok", "n": 3, "names": ["a", 2]}`, "#/$defs/run", "/names/1: integer is not of type string"},
		{`{"status": "ok", "n": 3, "by": {"a": true}}`, "#/$defs/run", "/by/a: boolean is not of type number"},
		{`{"runs": [{"status": "ok", "n": 1, "x": 0}]}`, "#/$defs/list", `/runs/0: "x" is not a property`},
		{`{"runs": [], "status": "ok", "n": 1}`, "#", "matches 0 of oneOf's 2 schemas"},
		{`[]`, "#/$defs/run", "/: array is not of type object"},
		{`{"status": "ok", "n": 1}`, "#/$defs/nope", `$ref "#/$defs/nope" names no definition`},
	} {
		errs := c.validate([]byte(tc.doc), tc.ref)
		switch {
		case tc.want == "" && len(errs) > 0:
			t.Errorf("validate(%s, %s) = %q, want no violation", tc.doc, tc.ref, errs)
		case tc.want != "" && (len(errs) != 1 || !strings.Contains(errs[0], tc.want)):
			t.Errorf("validate(%s, %s) = %q, want one violation with %q", tc.doc, tc.ref, errs, tc.want)
		}
	}
	// unseen: the properties no valid document held; a oneOf branch that
	// fails holds none (its "loss" here).
	c, err = newSchemaCheck([]byte(schema))
	if err != nil {
		t.Fatal(err)
	}
	c.validate([]byte(`{"runs": [], "loss": 1}`), "#")
	if errs := c.validate([]byte(`{"runs": [{"status": "ok", "n": 2}]}`), "#"); len(errs) > 0 {
		t.Fatal(errs)
	}
	if got, want := c.unseen(), []string{"#/$defs/run/properties/by", "#/$defs/run/properties/loss", "#/$defs/run/properties/names"}; !slices.Equal(got, want) {
		t.Errorf("unseen() = %q, want %q", got, want)
	}
	for _, tc := range []struct{ schema, want string }{
		{`{"type": "object"}`, "$schema is <nil>"},
		{`{"$schema": "http://json-schema.org/draft-07/schema#"}`, "$schema is http://json-schema.org/draft-07/schema#"},
		{`{"$schema": "` + schemaDialect + `", "properties": {"a": {"pattern": "^x"}}}`, `#/properties/a: keyword "pattern" is not one the checker knows`},
		{`{"$schema": "` + schemaDialect + `", "type": "float"}`, "type float is not one of"},
		{`{"$schema": "` + schemaDialect + `", "items": {"$ref": "#/$defs/x"}}`, `#/items: $ref "#/$defs/x" names no definition`},
		{`{"$schema": "` + schemaDialect + `", "$ref": "other.json"}`, `$ref "other.json" is not # or #/$defs/NAME`},
		{`{"$schema": "` + schemaDialect + `", "enum": [1, 2]}`, "#/enum: 1 is not a string"},
		{`{"$schema": "` + schemaDialect + `", "additionalProperties": true}`, "#/additionalProperties: not a schema object"},
	} {
		if _, err := newSchemaCheck([]byte(tc.schema)); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("newSchemaCheck(%s) = %v, want an error with %q", tc.schema, err, tc.want)
		}
	}
}
