package rank

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestKeys(t *testing.T) {
	keys := Keys()
	if len(keys) != 20 || keys[0] != "boosts" || keys[2] != "rerank_window" || keys[len(keys)-1] != "skill_weight" {
		t.Errorf("keys %v", keys)
	}
}

func TestParseParams(t *testing.T) {
	for _, tt := range []struct {
		name, body string
		want       func(*Params)
	}{
		{"empty.yaml", "", func(*Params) {}},
		{"one.yaml", "title_weight: 25\n", func(p *Params) { p.TitleWeight = 25 }},
		{"several.yaml", "# a comment\nfeedback_terms: 0\nform_weight: 0.3\nrerank_window: 50\n",
			func(p *Params) { p.FeedbackTerms, p.FormWeight, p.Window = 0, 0.3, 50 }},
		{"boosts.yaml", "boosts:\n  title: 2\n", func(p *Params) { p.Boosts = map[string]float64{"title": 2} }},
		{"params.json", `{"skill_weight": 10, "boosts": {"_all": 1, "duties": 0.5}}`,
			func(p *Params) { p.SkillWeight, p.Boosts = 10, map[string]float64{"_all": 1, "duties": 0.5} }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := ParseParams(tt.name, []byte(tt.body))
			if err != nil {
				t.Fatal(err)
			}
			want := Defaults()
			tt.want(&want)
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("(-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseParamsErrors(t *testing.T) {
	for _, tt := range []struct{ name, body, want string }{
		{"unknown.yaml", "title_weight: 2\ncolour: red\n", "unknown.yaml:2: colour: unknown key (known: boosts, "},
		{"config.yaml", "search:\n  title_weight: 2\n", "config.yaml:1: search: unknown key"},
		{"range.yaml", "form_weight: 0.1\ntitle_gate: 1.5\n", "range.yaml:2: title_gate is outside 0..1"},
		{"negative.yaml", "skill_weight: -1\n", "negative.yaml:1: skill_weight is outside 0..1000"},
		{"zero.yaml", "no_duties_weight: 0\n", "zero.yaml:1: no_duties_weight is outside (0, 1]"},
		{"window.yaml", "rerank_window: 1000000\n", "window.yaml:1: rerank_window is outside 0..1000"},
		{"type.yaml", "\nitem_weight: lots\n", "type.yaml:2: item_weight: line 2: cannot unmarshal"},
		{"int.yaml", "feedback_docs: 2.5\n", "int.yaml:1: feedback_docs: 2.5 is not a whole number"},
		{"field.yaml", "boosts:\n  _all: 1\n  salary: 3\n", "field.yaml:3: boosts.salary is not a field"},
		{"boostneg.yaml", "boosts:\n  title: -1\n", "boostneg.yaml:2: boosts.title weight -1 is negative"},
		{"twice.yaml", "title_weight: 1\ntitle_weight: 2\n", "twice.yaml"},
		{"list.yaml", "- title_weight\n", "list.yaml:1: want a mapping"},
		{"syntax.yaml", "title_weight: [\n", "syntax.yaml: yaml:"},
		{"nan.yaml", "form_weight: .nan\n", "nan.yaml:1: form_weight is not a finite number"},
		{"inf.yaml", "title_weight: .inf\n", "inf.yaml:1: title_weight is not a finite number"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseParams(tt.name, []byte(tt.body))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

func TestLoadParams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "p.yaml")
	if err := os.WriteFile(path, []byte("proximity_weight: 0.2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	p, err := LoadParams(path)
	if err != nil || p.ProximityWeight != 0.2 || p.TitleWeight != Defaults().TitleWeight {
		t.Errorf("LoadParams: %+v, %v", p, err)
	}
	if _, err := LoadParams(filepath.Join(t.TempDir(), "none.yaml")); err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("missing file: %v", err)
	}
}

// FuzzParseParams: any bytes give parameters that pass Validate, or an
// error that names the file.
func FuzzParseParams(f *testing.F) {
	for _, s := range []string{"", "title_weight: 25\n", `{"boosts": {"_all": 2}}`, "boosts:\n  salary: 1\n", "rerank_window: -1\n", "a: [\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := ParseParams("fuzz.yaml", data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "fuzz.yaml") {
				t.Errorf("error does not name the file: %v", err)
			}
			return
		}
		if err := p.Validate(); err != nil {
			t.Errorf("accepted invalid parameters: %v", err)
		}
	})
}

func TestChanges(t *testing.T) {
	if c := Defaults().Changes(); len(c) != 0 {
		t.Errorf("defaults change %v", c)
	}
	p, err := ParseParams("p.yaml", []byte("title_weight: 25\nboosts:\n  title: 2\n"))
	if err != nil {
		t.Fatal(err)
	}
	p, _ = p.Without("feedback")
	want := []string{"boosts map[title:2] (shipped map[_all:1])", "title_weight 25 (shipped 40)", "feedback_terms 0 (shipped 10)"}
	if diff := cmp.Diff(want, p.Changes()); diff != "" {
		t.Errorf("(-want +got):\n%s", diff)
	}
}
