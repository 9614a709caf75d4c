package rank

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"strings"

	"gopkg.in/yaml.v3"
)

// Keys lists the yaml keys of Params, in the order of its fields: the
// names a parameter file uses.
func Keys() []string {
	t := reflect.TypeFor[Params]()
	keys := make([]string, t.NumField())
	for i := range keys {
		keys[i], _, _ = strings.Cut(t.Field(i).Tag.Get("yaml"), ",")
	}
	return keys
}

// LoadParams reads a parameter file for an experiment: a YAML (or JSON)
// mapping of Params keys whose values replace those of Defaults. A boosts
// mapping replaces the default boosts whole.
func LoadParams(path string) (Params, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Params{}, fmt.Errorf("parameter file: %w", err)
	}
	return ParseParams(path, data)
}

// ParseParams is LoadParams on data read from the file name; every error
// names the file and, where it has one, the line and key.
func ParseParams(name string, data []byte) (Params, error) {
	p := Defaults()
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return Params{}, fmt.Errorf("%s: %w", name, err)
	}
	if len(root.Content) == 0 {
		return p, nil // an empty file keeps the defaults
	}
	doc := root.Content[0]
	if doc.Kind != yaml.MappingNode {
		return Params{}, fmt.Errorf("%s:%d: want a mapping of ranking parameters (%s)", name, doc.Line, strings.Join(Keys(), ", "))
	}
	known := map[string]bool{}
	kind := map[string]reflect.Kind{}
	for i, k := range Keys() {
		known[k] = true
		kind[k] = reflect.TypeFor[Params]().Field(i).Type.Kind()
	}
	lines := map[string]int{}
	seen := map[string]bool{}
	for i := 0; i+1 < len(doc.Content); i += 2 {
		k, v := doc.Content[i], doc.Content[i+1]
		if !known[k.Value] {
			return Params{}, fmt.Errorf("%s:%d: %s: unknown key (known: %s)", name, k.Line, k.Value, strings.Join(Keys(), ", "))
		}
		if seen[k.Value] {
			return Params{}, fmt.Errorf("%s:%d: %s: given twice", name, k.Line, k.Value)
		}
		seen[k.Value] = true
		lines[k.Value] = k.Line
		if k.Value == "boosts" {
			p.Boosts = nil // replaced whole, not merged into the defaults
			if v.Kind == yaml.MappingNode {
				for j := 0; j+1 < len(v.Content); j += 2 {
					lines["boosts."+v.Content[j].Value] = v.Content[j].Line
				}
			}
		}
		// yaml.v3 truncates 2.5 into an int field without a word.
		if kind[k.Value] == reflect.Int && v.Kind == yaml.ScalarNode && v.ShortTag() == "!!float" {
			return Params{}, fmt.Errorf("%s:%d: %s: %s is not a whole number", name, v.Line, k.Value, v.Value)
		}
		// Decode the one key alone, so that a value of the wrong type is
		// reported with its key.
		one := &yaml.Node{Kind: yaml.MappingNode, Content: []*yaml.Node{k, v}}
		if err := one.Decode(&p); err != nil {
			var te *yaml.TypeError
			if errors.As(err, &te) && len(te.Errors) > 0 {
				err = errors.New(strings.Join(te.Errors, "; "))
			}
			return Params{}, fmt.Errorf("%s:%d: %s: %w", name, k.Line, k.Value, err)
		}
	}
	if err := p.Validate(); err != nil {
		var pe *ParamError
		if errors.As(err, &pe) && lines[pe.Key] > 0 {
			return Params{}, fmt.Errorf("%s:%d: %w", name, lines[pe.Key], err)
		}
		return Params{}, fmt.Errorf("%s: %w", name, err)
	}
	return p, nil
}

// Changes lists, as "key value (shipped value)", the parameters of p that
// differ from Defaults, in the order of Keys: what an experiment changed.
func (p Params) Changes() []string {
	d := Defaults()
	vp, vd := reflect.ValueOf(p), reflect.ValueOf(d)
	var out []string
	for i, k := range Keys() {
		a, b := vp.Field(i).Interface(), vd.Field(i).Interface()
		if !reflect.DeepEqual(a, b) {
			out = append(out, fmt.Sprintf("%s %v (shipped %v)", k, a, b))
		}
	}
	return out
}
