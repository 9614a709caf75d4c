package rank

import (
	"math"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

func TestReadsAsTask(t *testing.T) {
	openings := map[string]int{"adjust": 5, "measur": 1, "claim": 4}
	titles := map[string]bool{"claim": true}
	tests := []struct {
		words []string
		want  bool
	}{
		{[]string{"adjust", "dental", "devices"}, true},
		{[]string{"adjust"}, false},                    // one word: a title as much as a task
		{[]string{"measur", "parts"}, false},           // opens too few duties
		{[]string{"claim", "adjuster"}, false},         // a title word
		{[]string{"dental", "adjust"}, false},          // the verb must come first
		{[]string{"adjust", "dental", "x", "y"}, true}, // length past two does not matter
	}
	p := Defaults()
	for _, tt := range tests {
		got := p.ReadsAsTask(tt.words, func(w string) int { return openings[w] }, func(w string) bool { return titles[w] })
		if got != tt.want {
			t.Errorf("ReadsAsTask(%v) = %v, want %v", tt.words, got, tt.want)
		}
	}
	p.TaskMinOpenings = 0
	if p.ReadsAsTask([]string{"adjust", "dental"}, func(string) int { return 9 }, func(string) bool { return false }) {
		t.Error("TaskMinOpenings 0 turns the test off")
	}
}

func TestFeedbackWords(t *testing.T) {
	p := Defaults()
	p.FeedbackTerms = 2
	r := New(p, tables{}, query(map[string]float64{"trim": 2}, "trim"))
	shares := map[string]float64{"trim": 0.5, "clipper": 0.2, "scissor": 0.2, "core": 0.3, "groom": 0.1}
	idf := map[string]float64{"clipper": 3, "scissor": 2, "core": 1.1, "groom": 3}
	got := r.FeedbackWords(shares, idf)
	// "trim" is asked; "core" is too common (idf below 1 + ln 2); of the
	// rest the two heaviest by share × idf: clipper .6, scissor .4 (groom .3).
	want := map[string]float64{"clipper": 1, "scissor": 0.4 / 0.6}
	if len(got) != len(want) {
		t.Fatalf("FeedbackWords = %v, want %v", got, want)
	}
	for w, v := range want {
		if math.Abs(got[w]-v) > 1e-12 {
			t.Errorf("weight of %s = %v, want %v", w, got[w], v)
		}
	}
	p.FeedbackTerms = 0
	if got := New(p, tables{}, query(nil)).FeedbackWords(shares, idf); got != nil {
		t.Errorf("FeedbackTerms 0: %v, want none", got)
	}
}

func TestRelatedPhraseWeight(t *testing.T) {
	syn, der, broad := RelatedPhraseWeight(career.RelatedSynonym), RelatedPhraseWeight(career.RelatedDerived), RelatedPhraseWeight(career.RelatedBroader)
	if !(syn > der && der > broad && broad > 0) || RelatedPhraseWeight("other") != 0 {
		t.Errorf("synonym %v, derived %v, broader %v; want falling, above 0", syn, der, broad)
	}
}
