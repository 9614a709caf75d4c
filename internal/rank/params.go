// Package rank is the ranking of careers: the constants that weigh each
// signal, and (as it moves here from the Bleve adapter) the re-scoring of
// a window of candidates from where the query's words occur in them. It
// imports no index library: the adapter hands it candidates and tables.
package rank

import (
	"fmt"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
)

// Params are the ranking's constants. They are not configuration: the
// shipped values are measured (docs/RELEVANCE.md gives each one with its
// reason), and an experiment changes them through a parameter file
// (`careers eval --params FILE`), not through the server's config.
type Params struct {
	// Boosts weighs the composite field "_all" and each text field; a
	// field without a weight is not scored on its own (it still counts
	// through _all).
	Boosts map[string]float64 `yaml:"boosts" json:"boosts"`
	// PhraseBoost multiplies a field's weight when the query matches there
	// as a phrase, so "medical imaging" together outranks the words apart.
	PhraseBoost float64 `yaml:"phrase_boost" json:"phrase_boost"`
	// Window is how many top hits the ranker re-scores.
	Window int `yaml:"rerank_window" json:"rerank_window"`
	// TitleWeight scales the re-scoring by title similarity, ItemWeight by
	// the share of the query that one duty or specialisation holds.
	TitleWeight float64 `yaml:"title_weight" json:"title_weight"`
	ItemWeight  float64 `yaml:"item_weight" json:"item_weight"`
	// TitleGate: when some hit's title similarity reaches it, the query
	// reads as a job title and item coverage is not counted.
	TitleGate float64 `yaml:"title_gate" json:"title_gate"`
	// NoDutiesWeight multiplies the re-ranked score of a career that lists
	// neither duties nor skills (a description only, such as O*NET's
	// residual "All Other" occupations): such a page says less than a full
	// one that matches as well. 1 leaves scores alone.
	NoDutiesWeight float64 `yaml:"no_duties_weight" json:"no_duties_weight"`
	// TaskTitleWeight and TaskItemWeight replace TitleWeight and
	// ItemWeight for a query that reads as a task ("Adjust dental
	// devices"): a title that shares a word with a task says little about
	// who does it, and one duty that says what the query says is the best
	// evidence.
	TaskTitleWeight float64 `yaml:"task_title_weight" json:"task_title_weight"`
	TaskItemWeight  float64 `yaml:"task_item_weight" json:"task_item_weight"`
	// TaskMinOpenings: a query reads as a task when its first word opens
	// at least this many duties and is in no title; 0 turns the test off.
	TaskMinOpenings int `yaml:"task_min_openings" json:"task_min_openings"`
	// ProximityWeight raises a duty's coverage of a query of three words
	// or more by ProximityWeight × how close together the duty holds
	// them; 0 turns it off.
	ProximityWeight float64 `yaml:"proximity_weight" json:"proximity_weight"`
	// FormWeight weighs, in the query and in the re-scoring, the other
	// forms of a query word ("inspector" and "inspection" for "inspect");
	// 0 turns them off.
	FormWeight float64 `yaml:"form_weight" json:"form_weight"`
	// FeedbackDocs, FeedbackTerms and FeedbackWeight tune the feedback
	// of a query that reads as a task: the FeedbackTerms heaviest words of
	// the best duty of each of the first FeedbackDocs hits raise each
	// re-scored hit by FeedbackWeight × the share of their weight it
	// holds. FeedbackTerms 0 turns it off.
	FeedbackDocs   int     `yaml:"feedback_docs" json:"feedback_docs"`
	FeedbackTerms  int     `yaml:"feedback_terms" json:"feedback_terms"`
	FeedbackWeight float64 `yaml:"feedback_weight" json:"feedback_weight"`
	// RelatedDocs and RelatedWeight: a re-scored hit with n related-career
	// links to the first RelatedDocs hits (either way) has its score
	// multiplied by 1 + RelatedWeight × n / RelatedDocs (TaskRelatedWeight
	// for a query that reads as a task). RelatedDocs 0 turns it off.
	RelatedDocs       int     `yaml:"related_docs" json:"related_docs"`
	RelatedWeight     float64 `yaml:"related_weight" json:"related_weight"`
	TaskRelatedWeight float64 `yaml:"task_related_weight" json:"task_related_weight"`
	// SkillBoost weighs, in the query, the clause that looks for the
	// query's words among the careers' listed skills; 0 turns skill
	// search off.
	SkillBoost float64 `yaml:"skill_boost" json:"skill_boost"`
	// SkillWeight scales the re-scoring by skill similarity: a re-scored
	// hit's score is multiplied by 1 + SkillWeight × (how well one listed
	// skill answers the query)².
	SkillWeight float64 `yaml:"skill_weight" json:"skill_weight"`
}

// FieldAll is the composite field of every text field, the one the
// shipped ranking scores.
const FieldAll = "_all"

// Defaults returns the shipped ranking: each value is measured in
// docs/RELEVANCE.md.
func Defaults() Params {
	return Params{
		Boosts:            map[string]float64{FieldAll: 1},
		PhraseBoost:       2,
		Window:            100,
		TitleWeight:       40,
		ItemWeight:        10,
		TitleGate:         0.5,
		NoDutiesWeight:    0.1,
		TaskTitleWeight:   5,
		TaskItemWeight:    30,
		TaskMinOpenings:   3,
		FormWeight:        0.15,
		ProximityWeight:   0.05,
		FeedbackDocs:      3,
		FeedbackTerms:     10,
		FeedbackWeight:    2,
		RelatedDocs:       5,
		RelatedWeight:     0.5,
		TaskRelatedWeight: 1.5,
		SkillBoost:        1,
		SkillWeight:       40,
	}
}

// BoostFields are the fields a boost may weigh: the composite field and
// each text field of a career.
var BoostFields = []string{FieldAll, "title", "aliases", "summary", "duties", "specialisations", "workplace"}

// ParamError is a parameter out of its range, by its yaml key.
type ParamError struct {
	Key string // "title_gate", or "boosts.<field>"
	Why string // "is outside 0..1"
}

func (e *ParamError) Error() string { return e.Key + " " + e.Why }

// Validate reports the first parameter out of its range as a *ParamError
// naming it by its yaml key. The upper bounds keep an experiment from
// asking for more work per query than a search can afford (a window of a
// million hits) or for a weight no measurement came near.
func (p Params) Validate() error {
	for _, f := range slices.Sorted(maps.Keys(p.Boosts)) {
		w := p.Boosts[f]
		if !slices.Contains(BoostFields, f) {
			return &ParamError{"boosts." + f, "is not a field (" + strings.Join(BoostFields, ", ") + ")"}
		}
		if math.IsNaN(w) || math.IsInf(w, 0) {
			return &ParamError{"boosts." + f, "is not a finite number"}
		}
		if w < 0 {
			return &ParamError{"boosts." + f, fmt.Sprintf("weight %v is negative", w)}
		}
	}
	// NaN passes every comparison below, so it is refused first.
	v := reflect.ValueOf(p)
	for i, key := range Keys() {
		if f := v.Field(i); f.Kind() == reflect.Float64 && (math.IsNaN(f.Float()) || math.IsInf(f.Float(), 0)) {
			return &ParamError{key, "is not a finite number"}
		}
	}
	checks := []struct {
		key string
		bad bool
		why string
	}{
		{"phrase_boost", p.PhraseBoost < 0, "is negative"},
		{"rerank_window", p.Window < 0 || p.Window > 1000, "is outside 0..1000"},
		{"title_weight", p.TitleWeight < 0, "is negative"},
		{"item_weight", p.ItemWeight < 0, "is negative"},
		{"title_gate", p.TitleGate < 0 || p.TitleGate > 1, "is outside 0..1"},
		{"no_duties_weight", p.NoDutiesWeight <= 0 || p.NoDutiesWeight > 1, "is outside (0, 1]"},
		{"task_title_weight", p.TaskTitleWeight < 0, "is negative"},
		{"task_item_weight", p.TaskItemWeight < 0, "is negative"},
		{"task_min_openings", p.TaskMinOpenings < 0, "is negative"},
		{"proximity_weight", p.ProximityWeight < 0 || p.ProximityWeight > 10, "is outside 0..10"},
		{"form_weight", p.FormWeight < 0 || p.FormWeight > 1, "is outside 0..1"},
		{"feedback_docs", p.FeedbackDocs < 0 || p.FeedbackDocs > 20, "is outside 0..20"},
		{"feedback_terms", p.FeedbackTerms < 0 || p.FeedbackTerms > 50, "is outside 0..50"},
		{"feedback_weight", p.FeedbackWeight < 0 || p.FeedbackWeight > 10, "is outside 0..10"},
		{"related_docs", p.RelatedDocs < 0 || p.RelatedDocs > 100, "is outside 0..100"},
		{"related_weight", p.RelatedWeight < 0 || p.RelatedWeight > 10, "is outside 0..10"},
		{"task_related_weight", p.TaskRelatedWeight < 0 || p.TaskRelatedWeight > 10, "is outside 0..10"},
		{"skill_boost", p.SkillBoost < 0 || p.SkillBoost > 10, "is outside 0..10"},
		{"skill_weight", p.SkillWeight < 0 || p.SkillWeight > 1000, "is outside 0..1000"},
	}
	for _, c := range checks {
		if c.bad {
			return &ParamError{c.key, c.why}
		}
	}
	return nil
}
