package web

import (
	"math"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// whyCase is a hit's explanation and the "Why:" line it reads as.
type whyCase struct {
	Name    string
	Explain []career.Explanation
	Want    string
}

// ex builds one field's explanation.
func ex(field, via string, share float64, matched ...string) career.Explanation {
	return career.Explanation{Field: field, Via: via, Share: share, Matched: matched}
}

// whyCases hold every way words match, the fields in plain words, the
// rounding, the order and the cap. TestWhyLine checks whyLine against them;
// TestBrowserWhyLine (through export_test.go) checks that static/app.js
// words them the same, so they must survive JSON: no NaN here.
var whyCases = []whyCase{
	{"Example", []career.Explanation{
		ex("summary", "word", 0.13, "medical", "imaging"),
		ex("duties", "phrase", 0.62, "medical", "imaging"),
		ex("title", "word", 0.25, "imaging"),
	}, "Why: duties — “medical imaging” as a phrase (62%) · title — “imaging” (25%) · summary — “medical”, “imaging” (13%)"},
	{"ViaPhrase", []career.Explanation{ex("duties", "phrase", 1, "train", "models")}, "Why: duties — “train models” as a phrase (100%)"},
	{"ViaWord", []career.Explanation{ex("summary", "word", 1, "data")}, "Why: summary — “data” (100%)"},
	{"ViaStem", []career.Explanation{ex("duties", "stem", 1, "evaluating")}, "Why: duties — “evaluating” in another form (100%)"},
	{"ViaTypo", []career.Explanation{ex("specialisations", "typo", 1, "learning")}, "Why: specialisations — “learning” after a spelling fix (100%)"},
	{"ViaPart", []career.Explanation{ex("title", "part", 1, "radiologist")}, "Why: title — “radiologist” as part of a longer word (100%)"},
	{"ViaSynonym", []career.Explanation{ex("aliases", "synonym", 1, "chatbot")}, "Why: other titles — “chatbot” through a synonym (100%)"},
	{"ViaRelated", []career.Explanation{ex("workplace", "related", 1, "bartender")}, "Why: workplace — “bartender” through a related job name (100%)"},
	{"ViaUnknownSaysNothing", []career.Explanation{ex("summary", "telepathy", 1, "data")}, "Why: summary — “data” (100%)"},
	{"FieldUnknownAsIs", []career.Explanation{ex("category", "word", 1, "data")}, "Why: category — “data” (100%)"},
	{"WordsOfAField", []career.Explanation{ex("duties", "stem", 1, "speech", "recognition")}, "Why: duties — “speech”, “recognition” in another form (100%)"},
	{"Rounding", []career.Explanation{
		ex("duties", "word", 0.625, "a"),
		ex("summary", "word", 0.333, "b"),
		ex("title", "word", 0.042, "c"),
	}, "Why: duties — “a” (63%) · summary — “b” (33%) · title — “c” (4%)"},
	{"HalfRoundsUp", []career.Explanation{ex("duties", "word", 0.125, "a"), ex("summary", "word", 0.875, "b")},
		"Why: summary — “b” (88%) · duties — “a” (13%)"},
	{"SharesClamped", []career.Explanation{ex("duties", "word", 1.2, "a"), ex("summary", "word", -0.1, "b")},
		"Why: duties — “a” (100%) · summary — “b” (0%)"},
	{"OrderByShare", []career.Explanation{
		ex("title", "word", 0.1, "a"),
		ex("workplace", "word", 0.5, "b"),
		ex("summary", "word", 0.4, "c"),
	}, "Why: workplace — “b” (50%) · summary — “c” (40%) · title — “a” (10%)"},
	{"TiesKeepOrder", []career.Explanation{
		ex("aliases", "word", 0.33, "a"),
		ex("duties", "word", 0.33, "b"),
		ex("summary", "word", 0.33, "c"),
	}, "Why: other titles — “a” (33%) · duties — “b” (33%) · summary — “c” (33%)"},
	{"AtMostThreeFields", []career.Explanation{
		ex("title", "word", 0.05, "a"),
		ex("aliases", "word", 0.15, "a"),
		ex("specialisations", "stem", 0.2, "a"),
		ex("duties", "phrase", 0.35, "a", "b"),
		ex("summary", "word", 0.25, "a"),
	}, "Why: duties — “a b” as a phrase (35%) · summary — “a” (25%) · specialisations — “a” in another form (20%)"},
	{"FieldWithoutWordsLeftOut", []career.Explanation{
		ex("duties", "word", 0.9),
		ex("title", "word", 0.05, ""),
		ex("summary", "word", 0.05, "a"),
	}, "Why: summary — “a” (5%)"},
	{"RepeatedWordsOnce", []career.Explanation{ex("duties", "word", 1, "data", "data", "model")}, "Why: duties — “data”, “model” (100%)"},
	{"MarkupIsText", []career.Explanation{ex("duties", "word", 1, `<b>x</b>`, `"y" & 'z'`)}, "Why: duties — “<b>x</b>”, “\"y\" & 'z'” (100%)"},
	{"NoExplanation", nil, ""},
	{"NothingMatched", []career.Explanation{ex("duties", "word", 1)}, ""},
}

func TestWhyLine(t *testing.T) {
	cases := append(whyCases[:len(whyCases):len(whyCases)],
		whyCase{"NaNShareIsZero", []career.Explanation{ex("duties", "word", math.NaN(), "a"), ex("summary", "word", 0.5, "b")},
			"Why: summary — “b” (50%) · duties — “a” (0%)"},
	)
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			hit := career.Hit{ID: "x", Explain: tc.Explain}
			if got := whyLine(hit); got != tc.Want {
				t.Errorf("whyLine\n got %q\nwant %q", got, tc.Want)
			}
		})
	}
	t.Run("LeavesTheHitAlone", func(t *testing.T) {
		hit := career.Hit{Explain: []career.Explanation{ex("title", "word", 0.2, "a", "a"), ex("duties", "word", 0.8, "b")}}
		whyLine(hit)
		if hit.Explain[0].Field != "title" || len(hit.Explain[0].Matched) != 2 {
			t.Errorf("whyLine changed the hit's explanation: %+v", hit.Explain)
		}
	})
}
