package web

import (
	"fmt"
	"math"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// whyCase is a hit's explanation and the "Why:" line it reads as.
type whyCase struct {
	Name    string
	Explain []career.Explanation
	Want    string
	Raised  []career.Raise
}

// related and fed build the raises of a hit.
func related(factor float64, titles ...string) career.Raise {
	r := career.Raise{By: career.RaisedByRelated, Factor: factor}
	for i, t := range titles {
		r.Careers = append(r.Careers, career.CareerRef{ID: fmt.Sprintf("c%d", i), Title: t})
	}
	return r
}

func fed(factor float64, words ...string) career.Raise {
	return career.Raise{By: career.RaisedByFeedback, Factor: factor, Words: words}
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
	}, "Why: duties — “medical imaging” as a phrase (62%) · title — “imaging” (25%) · summary — “medical”, “imaging” (13%)", nil},
	{"ViaPhrase", []career.Explanation{ex("duties", "phrase", 1, "train", "models")}, "Why: duties — “train models” as a phrase (100%)", nil},
	{"ViaWord", []career.Explanation{ex("summary", "word", 1, "data")}, "Why: summary — “data” (100%)", nil},
	{"ViaStem", []career.Explanation{ex("duties", "stem", 1, "evaluating")}, "Why: duties — “evaluating” in another form (100%)", nil},
	{"ViaTypo", []career.Explanation{ex("specialisations", "typo", 1, "learning")}, "Why: specialisations — “learning” after a spelling fix (100%)", nil},
	{"ViaPart", []career.Explanation{ex("title", "part", 1, "radiologist")}, "Why: title — “radiologist” as part of a longer word (100%)", nil},
	{"ViaSynonym", []career.Explanation{ex("aliases", "synonym", 1, "chatbot")}, "Why: other titles — “chatbot” through a synonym (100%)", nil},
	{"ViaRelated", []career.Explanation{ex("workplace", "related", 1, "bartender")}, "Why: workplace — “bartender” through a related job name (100%)", nil},
	{"ViaUnknownSaysNothing", []career.Explanation{ex("summary", "telepathy", 1, "data")}, "Why: summary — “data” (100%)", nil},
	{"FieldUnknownAsIs", []career.Explanation{ex("category", "word", 1, "data")}, "Why: category — “data” (100%)", nil},
	{"WordsOfAField", []career.Explanation{ex("duties", "stem", 1, "speech", "recognition")}, "Why: duties — “speech”, “recognition” in another form (100%)", nil},
	{"Rounding", []career.Explanation{
		ex("duties", "word", 0.625, "a"),
		ex("summary", "word", 0.333, "b"),
		ex("title", "word", 0.042, "c"),
	}, "Why: duties — “a” (63%) · summary — “b” (33%) · title — “c” (4%)", nil},
	{"HalfRoundsUp", []career.Explanation{ex("duties", "word", 0.125, "a"), ex("summary", "word", 0.875, "b")},
		"Why: summary — “b” (88%) · duties — “a” (13%)", nil},
	{"SharesClamped", []career.Explanation{ex("duties", "word", 1.2, "a"), ex("summary", "word", -0.1, "b")},
		"Why: duties — “a” (100%) · summary — “b” (0%)", nil},
	{"OrderByShare", []career.Explanation{
		ex("title", "word", 0.1, "a"),
		ex("workplace", "word", 0.5, "b"),
		ex("summary", "word", 0.4, "c"),
	}, "Why: workplace — “b” (50%) · summary — “c” (40%) · title — “a” (10%)", nil},
	{"TiesKeepOrder", []career.Explanation{
		ex("aliases", "word", 0.33, "a"),
		ex("duties", "word", 0.33, "b"),
		ex("summary", "word", 0.33, "c"),
	}, "Why: other titles — “a” (33%) · duties — “b” (33%) · summary — “c” (33%)", nil},
	{"AtMostThreeFields", []career.Explanation{
		ex("title", "word", 0.05, "a"),
		ex("aliases", "word", 0.15, "a"),
		ex("specialisations", "stem", 0.2, "a"),
		ex("duties", "phrase", 0.35, "a", "b"),
		ex("summary", "word", 0.25, "a"),
	}, "Why: duties — “a b” as a phrase (35%) · summary — “a” (25%) · specialisations — “a” in another form (20%)", nil},
	{"FieldWithoutWordsLeftOut", []career.Explanation{
		ex("duties", "word", 0.9),
		ex("title", "word", 0.05, ""),
		ex("summary", "word", 0.05, "a"),
	}, "Why: summary — “a” (5%)", nil},
	{"RepeatedWordsOnce", []career.Explanation{ex("duties", "word", 1, "data", "data", "model")}, "Why: duties — “data”, “model” (100%)", nil},
	{"MarkupIsText", []career.Explanation{ex("duties", "word", 1, `<b>x</b>`, `"y" & 'z'`)}, "Why: duties — “<b>x</b>”, “\"y\" & 'z'” (100%)", nil},
	{"NoExplanation", nil, "", nil},
	{"RaisedAfterTheFields", []career.Explanation{ex("duties", "word", 1, "hair")},
		"Why: duties — “hair” (100%) · related to “Barbers”, “Hairdressers, Hairstylists, and Cosmetologists” among the first hits (×2.2) · shares “clippers”, “scissors” with the first hits’ best duties (×1.71)",
		[]career.Raise{related(2.2, "Barbers", "Hairdressers, Hairstylists, and Cosmetologists"), fed(1.71, "clippers", "scissors")}},
	{"RaisedNamesAtMostThree", nil,
		"Why: related to “A”, “B”, “C” and 2 more among the first hits (×3) · shares “w”, “x”, “y” and 1 more with the first hits’ best duties (×1.5)",
		[]career.Raise{related(3, "A", "B", "C", "D", "E"), fed(1.5, "w", "x", "y", "z")}},
	{"RaisedFactorRounded", nil, "Why: related to “A” among the first hits (×1.24)", []career.Raise{related(1.2351, "A")}},
	{"RaisedRepeatedAndEmptyNamesOnce", nil, "Why: shares “w” with the first hits’ best duties (×1.1)", []career.Raise{fed(1.1, "w", "", "w")}},
	{"RaisedWithoutNamesOrGainLeftOut", []career.Explanation{ex("title", "word", 1, "a")}, "Why: title — “a” (100%)",
		[]career.Raise{related(1.5), fed(1, "w"), fed(0.9, "x"), {By: "telepathy", Factor: 2}}},
	{"NothingMatched", []career.Explanation{ex("duties", "word", 1)}, "", nil},
}

func TestWhyLine(t *testing.T) {
	cases := append(whyCases[:len(whyCases):len(whyCases)],
		whyCase{"NaNShareIsZero", []career.Explanation{ex("duties", "word", math.NaN(), "a"), ex("summary", "word", 0.5, "b")},
			"Why: summary — “b” (50%) · duties — “a” (0%)", nil},
	)
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			hit := career.Hit{ID: "x", Explain: tc.Explain, Raised: tc.Raised}
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
