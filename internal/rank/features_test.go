package rank

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// changedKeys names, by yaml key, the parameters that differ between a and b.
func changedKeys(a, b Params) []string {
	va, vb := reflect.ValueOf(a), reflect.ValueOf(b)
	var keys []string
	for i, k := range Keys() {
		if !reflect.DeepEqual(va.Field(i).Interface(), vb.Field(i).Interface()) {
			keys = append(keys, k)
		}
	}
	return keys
}

func TestWithout(t *testing.T) {
	for _, tt := range []struct {
		feature string
		want    func(*Params)
	}{
		{"phrases", func(p *Params) { p.PhraseBoost = 0 }},
		{"titles", func(p *Params) { p.TitleWeight, p.TaskTitleWeight = 0, 0 }},
		{"duties", func(p *Params) { p.ItemWeight, p.TaskItemWeight = 0, 0 }},
		{"tasks", func(p *Params) { p.TaskMinOpenings = 0 }},
		{"forms", func(p *Params) { p.FormWeight = 0 }},
		{"proximity", func(p *Params) { p.ProximityWeight = 0 }},
		{"feedback", func(p *Params) { p.FeedbackTerms = 0 }},
		{"related", func(p *Params) { p.RelatedDocs = 0 }},
		{"skills", func(p *Params) { p.SkillBoost, p.SkillWeight = 0, 0 }},
		{"no_duties", func(p *Params) { p.NoDutiesWeight = 1 }},
	} {
		t.Run(tt.feature, func(t *testing.T) {
			want := Defaults()
			tt.want(&want)
			got, err := Defaults().Without(tt.feature)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(want, got); diff != "" {
				t.Errorf("Without(%q) (-want +got):\n%s", tt.feature, diff)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("turned off, the parameters are invalid: %v", err)
			}
			// The feature says truly what it sets, and every default it
			// sets was on (else the switch would do nothing).
			f, _ := featureNamed(tt.feature)
			if ch := changedKeys(Defaults(), got); !slices.Equal(ch, f.Off) {
				t.Errorf("Off says %v, Without changes %v", f.Off, ch)
			}
			for _, k := range f.Off {
				if !slices.Contains(f.Uses, k) {
					t.Errorf("%s is in Off but not in Uses", k)
				}
				if g, ok := FeatureOf(k); !ok || g.Name != tt.feature {
					t.Errorf("FeatureOf(%q) = %q, %v", k, g.Name, ok)
				}
			}
		})
	}
	if len(Features) != 10 {
		t.Errorf("%d features; the table above tests 10", len(Features))
	}
}

func featureNamed(name string) (Feature, bool) {
	for _, f := range Features {
		if f.Name == name {
			return f, true
		}
	}
	return Feature{}, false
}

func TestWithoutUnknown(t *testing.T) {
	p, err := Defaults().Without("colour")
	if err == nil || !strings.Contains(err.Error(), `"colour"`) || !strings.Contains(err.Error(), "feedback") {
		t.Errorf("unknown feature: %v", err)
	}
	if diff := cmp.Diff(Defaults(), p); diff != "" {
		t.Errorf("an unknown feature changed the parameters:\n%s", diff)
	}
}

// Without leaves the receiver alone: the map of boosts is shared, the
// fields it sets are copies.
func TestWithoutCopies(t *testing.T) {
	p := Defaults()
	q, _ := p.Without("skills")
	q, _ = q.Without("titles")
	if p.SkillWeight != 40 || p.TitleWeight != 40 || q.SkillWeight != 0 || q.TitleWeight != 0 || q.FormWeight != p.FormWeight {
		t.Errorf("p %+v q %+v", p, q)
	}
}

// Every key a feature uses is a parameter, and only boosts and the window
// belong to no feature.
func TestFeatureKeys(t *testing.T) {
	var loose []string
	for _, k := range Keys() {
		if _, ok := FeatureOf(k); !ok {
			loose = append(loose, k)
		}
	}
	if !slices.Equal(loose, []string{"boosts", "rerank_window"}) {
		t.Errorf("parameters of no feature: %v", loose)
	}
	for _, f := range Features {
		if f.Doc == "" || strings.Contains(f.Doc, "\n") {
			t.Errorf("%s: want a one-line description", f.Name)
		}
		for _, k := range f.Uses {
			if !slices.Contains(Keys(), k) {
				t.Errorf("%s uses %q, no parameter", f.Name, k)
			}
		}
	}
}
