package bleveindex

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/eval"
	"github.com/careersearch/careers/internal/querylang"
)

func TestEditDistance(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"medical", "medical", 0},
		{"medcal", "medical", 1},
		{"imagng", "imaging", 1},
		{"lerning", "learning", 1},
		{"maching", "machine", 1},
		{"teh", "the", 1},
		{"kitten", "sitting", 3},
		{"résumé", "resume", 2},
	} {
		if got := editDistance(tt.a, tt.b, 5); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
	if got := editDistance("abcdefgh", "zzzzzzzz", 2); got != 3 {
		t.Errorf("limit not honoured: %d", got)
	}
}

func TestCorrect(t *testing.T) {
	v, _ := loadVocab([]byte(`{"medical": 9, "medial": 1, "imaging": 4, "learning": 7, "machine": 5, "data": 50}`))
	for in, want := range map[string]string{
		"medcal":  "medical",
		"imagng":  "imaging",
		"lerning": "learning",
		"machne":  "machine",
		"dta":     "", // four letters or fewer: no edits
		"zzzzzz":  "",
	} {
		if got := v.correct(in); got != want {
			t.Errorf("correct(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestLikelier(t *testing.T) {
	v, _ := loadVocab([]byte(`{"learning": 40, "leaning": 1, "large": 30, "barge": 3, "model": 9, "modes": 1, "data": 50}`))
	for in, want := range map[string]string{
		"leaning":  "learning",
		"barge":    "large", // 30 is ten times 3
		"modes":    "",      // "model" is not ten times as frequent
		"learning": "",      // the frequent word itself has nothing likelier
		"zzzzzz":   "",
	} {
		if got := v.likelier(in, nil); got != want {
			t.Errorf("likelier(%q) = %q, want %q", in, got, want)
		}
	}
	if got := v.likelier("leaning", func(string) bool { return false }); got != "" {
		t.Errorf("likelier ignored keep: %q", got)
	}
}

func TestSameWord(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"healthy", "health", true},
		{"environmental", "environments", true},
		{"ethicist", "ethics", true},
		{"redesign", "design", true},
		{"leaning", "learning", false},
		{"chance", "change", false}, // one changed letter is a typo
		{"barge", "large", false},
		{"wrote", "write", false},
	} {
		if got := sameWord(tt.a, []string{tt.a}, tt.b, []string{tt.b}); got != tt.want {
			t.Errorf("sameWord(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
	if !sameWord("analyses", []string{"analys"}, "analysed", []string{"analys"}) {
		t.Error("words with the same terms are forms of one word")
	}
}

// TestDidYouMean runs queries on the shipped corpus in which a real but
// rare word is one letter off a frequent one: the answer offers the query
// with the frequent word and is otherwise exactly the answer to the query
// as typed, with the same hits in the same order.
func TestDidYouMean(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	ctx := context.Background()
	for _, tt := range []struct {
		q    career.Query
		want string
	}{
		// "barge" occurs once, in "barge-in"; "large" dozens of times.
		{career.Query{Text: "barge language models"}, "large language models"},
		{career.Query{Text: "Technical waiting"}, "technical writing"},
		{career.Query{Text: "chance management", Page: 2, Size: 5}, "change management"},
		{career.Query{Text: "barge language models", Categories: []string{"AI Product & Design Roles"}}, "large language models"},
		// Nothing to offer:
		{career.Query{Text: "large language models"}, ""},   // frequent words
		{career.Query{Text: "environmental impact"}, ""},    // "environments" is another form
		{career.Query{Text: "risk rises"}, ""},              // "risks" is already in the query
		{career.Query{Text: `"barge" language models`}, ""}, // expert syntax
		{career.Query{Text: "+barge language"}, ""},
		{career.Query{Text: "barge-in"}, ""}, // one word ("in" is a stop word): finds what it means
		{career.Query{Text: "memos"}, ""},
	} {
		got, err := ix.Search(ctx, tt.q)
		if err != nil {
			t.Fatalf("%q: %v", tt.q.Text, err)
		}
		if got.DidYouMean != tt.want || got.Corrected != "" {
			t.Errorf("%q: did_you_mean %q (corrected %q), want %q", tt.q.Text, got.DidYouMean, got.Corrected, tt.want)
		}
		want := searchAsTyped(t, ix, tt.q)
		if diff := cmp.Diff(rankOf(want), rankOf(got)); diff != "" {
			t.Errorf("%q: the suggestion changed the answer (-as typed +got):\n%s", tt.q.Text, diff)
		}
	}
	// A word the index does not know is corrected, and then nothing is
	// offered besides.
	res, err := ix.Search(ctx, career.Query{Text: "medcal imaging"})
	if err != nil || res.Corrected != "medical imaging" || res.DidYouMean != "" {
		t.Errorf("medcal imaging: corrected %q, did_you_mean %q, %v", res.Corrected, res.DidYouMean, err)
	}
}

// TestJudgedQueriesGetNoDidYouMean: a correctly spelt query gets no
// suggestion. Every judged query of the hand-written corpus is one.
func TestJudgedQueriesGetNoDidYouMean(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	j, err := eval.LoadJSONL("handwritten", "../../testdata/judgements")
	if err != nil {
		t.Fatal(err)
	}
	for _, jq := range j.Queries {
		res, err := ix.Search(context.Background(), career.Query{Text: jq.Query})
		if err != nil {
			t.Fatalf("%q: %v", jq.Query, err)
		}
		if res.DidYouMean != "" || res.Corrected != "" {
			t.Errorf("judged query %q: did_you_mean %q, corrected %q", jq.Query, res.DidYouMean, res.Corrected)
		}
	}
}

// searchAsTyped is Search without the spelling steps: the one ranked
// search of q's text as typed.
func searchAsTyped(t *testing.T, ix *Index, q career.Query) *career.Result {
	t.Helper()
	q, err := ix.opts.Limits.Normalize(q)
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := querylang.Parse(strings.TrimSpace(q.Text), career.TextFields)
	if err != nil {
		t.Fatal(err)
	}
	plain := strings.TrimSpace(parsed.Plain())
	sq := ix.splitSkills(context.Background(), plain)
	res, err := ix.search(context.Background(), q, nil, sq, ix.expertQuery(parsed, sq, 0), map[string]string{})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// ranking is what a search found, in order.
type ranking struct {
	Total  uint64
	IDs    []string
	Scores []float64
	Facets []career.FacetValue
}

func rankOf(res *career.Result) ranking {
	r := ranking{Total: res.Total, Facets: res.Facets.Category}
	for _, h := range res.Hits {
		r.IDs = append(r.IDs, h.ID)
		r.Scores = append(r.Scores, h.Score)
	}
	return r
}

func TestSplitCompound(t *testing.T) {
	v, err := loadVocab([]byte(`{"neuro":1,"radiologists":3,"silver":2,"smith":1,"technician":4,"copy":5,"holder":2,"holders":1}`))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ word, head, tail string }{
		{"neuroradiologist", "neuro", "radiologist"}, // tail as a singular
		{"silversmith", "silver", "smith"},
		{"copyholder", "copy", "holder"},
		{"biotechnician", "", ""}, // "bio" is no corpus word: no split
		{"technician", "", ""},    // nothing left for a head
		{"smithy", "", ""},        // tail too short
	} {
		h, tl := v.splitCompound(tc.word)
		if h != tc.head || tl != tc.tail {
			t.Errorf("splitCompound(%q) = %q, %q; want %q, %q", tc.word, h, tl, tc.head, tc.tail)
		}
	}
}

// An unknown compound of two corpus words is searched as the two words
// and says so.
func TestCompoundQuery(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	res, err := ix.Search(context.Background(), career.Query{Text: "promptwriter", Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "prompt writer" {
		t.Fatalf("corrected %q, want \"prompt writer\"", res.Corrected)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	parts := false
	for _, e := range res.Hits[0].Explain {
		parts = parts || e.Via == "part"
	}
	if !parts {
		t.Errorf("top hit %s explains %+v, want a via \"part\"", res.Hits[0].ID, res.Hits[0].Explain)
	}
}

// An unknown word that is an English word is no typo: it is searched as
// typed and named as missing, and a close corpus word is offered only when
// nothing is found; a word that is no English word is still corrected.
func TestRealWordsAreNotCorrected(t *testing.T) {
	careers := []*career.Career{
		testCareer("guard", "Security Guards", "Guards patrol the right shifts at factories.", "Patrol shifts.", "Check badges."),
		testCareer("medic", "Medics", "Medics treat injuries on site.", "Treat injuries.", "Restock kits."),
	}
	english := map[string]bool{"night": true, "shifts": true, "psychology": true, "right": true, "medics": true}
	ix := buildWith(t, careers, BuildOptions{}, func(o *Options) {
		o.IsWord = func(w string) bool { return english[w] }
	})
	ctx := context.Background()

	res, err := ix.Search(ctx, career.Query{Text: "night shifts"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "" || res.DidYouMean != "" || !slices.Equal(res.Missing, []string{"night"}) || len(res.Hits) != 1 {
		t.Errorf("night shifts: corrected %q, did you mean %q, missing %v, %d hits; want searched as typed, night missing, the guards found by shifts",
			res.Corrected, res.DidYouMean, res.Missing, len(res.Hits))
	}

	// Found by nothing: the close corpus word is offered, not searched.
	res, err = ix.Search(ctx, career.Query{Text: "night"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || res.Corrected != "" || res.DidYouMean != "right" || !slices.Equal(res.Missing, []string{"night"}) {
		t.Errorf("night: %d hits, corrected %q, did you mean %q, missing %v; want none, right offered", res.Total, res.Corrected, res.DidYouMean, res.Missing)
	}
	res, err = ix.Search(ctx, career.Query{Text: "psychology"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 0 || res.DidYouMean != "" || !slices.Equal(res.Missing, []string{"psychology"}) {
		t.Errorf("psychology: %d hits, did you mean %q, missing %v; want none and nothing offered", res.Total, res.DidYouMean, res.Missing)
	}

	// Not an English word: corrected as before.
	res, err = ix.Search(ctx, career.Query{Text: "patorl"})
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "patrol" || len(res.Missing) != 0 || len(res.Hits) != 1 {
		t.Errorf("patorl: corrected %q, missing %v, %d hits; want patrol", res.Corrected, res.Missing, len(res.Hits))
	}
}

// The letter-mask filter never skips a word within the typo budget: on
// random pairs, whenever the distance is within k, the masks agree.
func TestLetterMaskNeverSkipsACandidate(t *testing.T) {
	words := []string{"nurse", "nures", "nurses", "purse", "welder", "wedler", "welders", "analyst", "analysts", "anlayst", "électricien", "electricien", "c++", "node.js", "nodejs", "rigger", "trigger"}
	for _, a := range words {
		for _, b := range words {
			for k := 1; k <= 2; k++ {
				if editDistance(a, b, k) <= k && tooFar(letterMask(a), letterMask(b), k) {
					t.Errorf("%q and %q are within %d edits, but their masks say too far", a, b, k)
				}
			}
		}
	}
}

func FuzzLetterMask(f *testing.F) {
	f.Add("nurse", "purse")
	f.Add("électricien", "electricien")
	f.Add("c++", "c#")
	f.Fuzz(func(t *testing.T, a, b string) {
		for k := 1; k <= 2; k++ {
			if editDistance(a, b, k) <= k && tooFar(letterMask(a), letterMask(b), k) {
				t.Errorf("%q and %q are within %d edits, but their masks say too far", a, b, k)
			}
		}
	})
}
