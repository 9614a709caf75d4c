package rank

import (
	"fmt"
	"strings"
)

// Feature is one signal of the ranking that the server's configuration
// may turn off (search.ranking.<Name>: false). Turning a feature off sets
// the parameters named in Keys to the value that disables it; the weights
// themselves stay constants of this package.
type Feature struct {
	// Name is the key under search.ranking.
	Name string
	// Doc says in one line what the feature does while it is on.
	Doc string
	// Off are the parameters (their yaml keys) that turning it off sets;
	// Uses are every parameter that tunes it, Off among them.
	Off  []string
	Uses []string
	off  func(*Params)
}

// Features are the ranking's switches, in the order the configuration
// lists them. With both titles and duties off nothing is re-scored, so
// the re-scoring's other signals (skills, related, feedback, no_duties)
// stop counting too.
var Features = []Feature{
	{"phrases", "the query's words side by side (as a phrase) outrank the same words apart",
		[]string{"phrase_boost"}, []string{"phrase_boost"}, func(p *Params) { p.PhraseBoost = 0 }},
	{"titles", "a title or alias that holds the query raises the career (the title gate still reads a title query as one)",
		[]string{"title_weight", "task_title_weight"}, []string{"title_weight", "task_title_weight", "title_gate"}, func(p *Params) { p.TitleWeight, p.TaskTitleWeight = 0, 0 }},
	{"duties", "one duty or specialisation that holds the query raises the career",
		[]string{"item_weight", "task_item_weight"}, []string{"item_weight", "task_item_weight"}, func(p *Params) { p.ItemWeight, p.TaskItemWeight = 0, 0 }},
	{"tasks", "a query whose first word opens duties reads as a task and is weighed as one (and gets feedback)",
		[]string{"task_min_openings"}, []string{"task_min_openings"}, func(p *Params) { p.TaskMinOpenings = 0 }},
	{"forms", "other forms of a query word (\"inspection\" for \"inspect\") count at a fraction of the word",
		[]string{"form_weight"}, []string{"form_weight"}, func(p *Params) { p.FormWeight = 0 }},
	{"proximity", "a duty that holds a long query's words close together counts more",
		[]string{"proximity_weight"}, []string{"proximity_weight"}, func(p *Params) { p.ProximityWeight = 0 }},
	{"feedback", "a task query is re-ranked with the words of the duties that answer it best",
		[]string{"feedback_terms"}, []string{"feedback_docs", "feedback_terms", "feedback_weight"}, func(p *Params) { p.FeedbackTerms = 0 }},
	{"related", "careers linked as related to the first hits rise",
		[]string{"related_docs"}, []string{"related_docs", "related_weight", "task_related_weight"}, func(p *Params) { p.RelatedDocs = 0 }},
	{"skills", "a query naming a listed skill, tool or technology finds and raises the careers that list it",
		[]string{"skill_boost", "skill_weight"}, []string{"skill_boost", "skill_weight"}, func(p *Params) { p.SkillBoost, p.SkillWeight = 0, 0 }},
	{"no_duties", "a career that lists neither duties nor skills (a description only) is lowered",
		[]string{"no_duties_weight"}, []string{"no_duties_weight"}, func(p *Params) { p.NoDutiesWeight = 1 }},
}

// FeatureNames lists the names of Features, for messages.
func FeatureNames() []string {
	names := make([]string, len(Features))
	for i, f := range Features {
		names[i] = f.Name
	}
	return names
}

// Without returns p with the named feature turned off; an unknown name is
// an error that lists the known ones.
func (p Params) Without(feature string) (Params, error) {
	for _, f := range Features {
		if f.Name == feature {
			f.off(&p)
			return p, nil
		}
	}
	return p, fmt.Errorf("unknown ranking feature %q (known: %s)", feature, strings.Join(FeatureNames(), ", "))
}

// FeatureOf returns the feature that the parameter with the yaml key
// tunes, or false when it tunes no one feature (boosts, rerank_window).
func FeatureOf(key string) (Feature, bool) {
	for _, f := range Features {
		for _, k := range f.Uses {
			if k == key {
				return f, true
			}
		}
	}
	return Feature{}, false
}
