package bleveindex

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/synonyms"
)

// buildWith builds careers into a fresh root with opts and opens it with
// the shipped options, changed by tune.
func buildWith(tb testing.TB, careers []*career.Career, opts BuildOptions, tune func(*Options)) *Index {
	tb.Helper()
	root := tb.TempDir()
	if _, err := Build(context.Background(), root, careers, opts); err != nil {
		tb.Fatal(err)
	}
	o := shippedOptions(tb)
	if tune != nil {
		tune(&o)
	}
	ix, err := Open(root, o)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func loadShipped(tb testing.TB) []*career.Career {
	tb.Helper()
	l, err := corpus.Load([]string{"../../corpus"}, corpus.Editorial, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return l.Careers()
}

func ids(res *career.Result) []string {
	out := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		out[i] = h.ID
	}
	return out
}

// A job named in words the corpus lacks is found through the related
// words the build keeps, says so, and is not "corrected" into a typo fix.
func TestRelatedWordsFindJobsNamedOtherwise(t *testing.T) {
	careers := loadShipped(t)
	table := career.RelatedWords{
		// Unknown to the corpus: kept, with the phrases it has.
		"promptsmith": {
			{Phrase: "prompt engineer", Via: career.RelatedSynonym},
			{Phrase: "zzyzx wizard", Via: career.RelatedSynonym}, // not in the corpus: dropped
		},
		"docsmith": {{Phrase: "technical writer", Via: career.RelatedBroader}},
		// Known to the corpus: its meaning there wins, the entry is dropped.
		"engineer": {{Phrase: "writer", Via: career.RelatedSynonym}},
	}
	with := buildWith(t, careers, BuildOptions{Related: table}, nil)
	without := buildWith(t, careers, BuildOptions{}, nil)
	ctx := context.Background()

	for _, q := range []string{"promptsmith", "Promptsmiths"} {
		res, err := with.Search(ctx, career.Query{Text: q, Explain: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 || res.Hits[0].ID != "prompt-engineer" {
			t.Fatalf("%q: top %v, want prompt-engineer first", q, ids(res))
		}
		if res.Corrected != "" {
			t.Errorf("%q: corrected to %q; a job name is no typo", q, res.Corrected)
		}
		var via []string
		for _, e := range res.Hits[0].Explain {
			via = append(via, e.Via)
		}
		found := false
		for _, v := range via {
			found = found || v == "related"
		}
		if !found {
			t.Errorf("%q: explanation vias %v, want one \"related\"", q, via)
		}
	}
	res, err := with.Search(ctx, career.Query{Text: "docsmith"})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "ai-technical-writer" {
		t.Errorf("docsmith: top %v, want ai-technical-writer first", ids(res))
	}

	// Queries of known words rank exactly as without the table.
	for _, q := range []string{"engineer", "machine learning engineer", "remote work"} {
		a, err := with.Search(ctx, career.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		b, err := without.Search(ctx, career.Query{Text: q})
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(ids(a), ids(b)) {
			t.Errorf("%q: with related words %v, without %v; known words must rank alike", q, ids(a), ids(b))
		}
	}

	if got := with.relatedTerms("engineer", with.synonyms("engineer")); len(got) != 0 {
		t.Errorf("engineer: related %v, want none (the corpus knows the word)", got)
	}
	got := with.relatedTerms("senior promptsmith", with.synonyms("senior promptsmith"))
	if len(got) != 1 || len(got[0].phrases) != 1 || got[0].phrases[0].Phrase != "prompt engineer" {
		t.Errorf("senior promptsmith: related %+v, want only \"prompt engineer\"", got)
	}
}

// testCareer makes a career with the given title, summary and duties.
func testCareer(id, title, summary string, duties ...string) *career.Career {
	c := &career.Career{ID: id, Title: title, Category: "Testing", Summary: summary}
	for _, d := range duties {
		c.Duties = append(c.Duties, career.Item{Name: d})
	}
	return c
}

// A career that lists no duties is a description only; it ranks below a
// full career page unless it matches much better.
func TestNoDutiesWeight(t *testing.T) {
	careers := []*career.Career{
		testCareer("thin", "Data Wranglers", "Data wranglers wrangle data of every kind."),
		testCareer("full", "Senior Data Wranglers", "Senior wranglers who prepare messy data for analysis.",
			"Wrangle data from many sources into clean tables.",
			"Check wrangled data for gaps and errors.",
			"Document how data was cleaned."),
	}
	ctx := context.Background()
	for _, tc := range []struct {
		weight float64
		first  string
	}{{1, "thin"}, {0.1, "full"}} {
		ix := buildWith(t, careers, BuildOptions{}, func(o *Options) { o.Rank.NoDutiesWeight = tc.weight })
		res, err := ix.Search(ctx, career.Query{Text: "data wranglers"})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); len(got) != 2 || got[0] != tc.first {
			t.Errorf("no_duties_weight %v: order %v, want %s first", tc.weight, got, tc.first)
		}
	}
	// A career that lists skills and no duties (as ESCO's do) is no mere
	// description: it is not weighed down.
	withSkills := *careers[0]
	withSkills.Skills = []career.Skill{{Name: "Spreadsheets"}, {Name: "SQL"}}
	ix := buildWith(t, []*career.Career{&withSkills, careers[1]}, BuildOptions{}, func(o *Options) { o.Rank.NoDutiesWeight = 0.1 })
	res, err := ix.Search(ctx, career.Query{Text: "data wranglers"})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); len(got) != 2 || got[0] != "thin" {
		t.Errorf("a career with skills and no duties: order %v, want it first as without the weight", got)
	}
}

// A query that opens with a word that opens duties, and is in no title,
// reads as a task.
func TestReadsAsTask(t *testing.T) {
	careers := []*career.Career{
		testCareer("hyg", "Dental Hygienists", "Clean teeth and teach care of the mouth.",
			"Adjust dental chairs and lights for each patient.",
			"Clean teeth and remove deposits.",
			"Record the state of the gums."),
		testCareer("tech", "Dental Laboratory Technicians", "Make and repair dental devices in a laboratory.",
			"Adjust dental devices such as dentures to fit.",
			"Adjust the bite of crowns.",
			"Record the work done on each device."),
		testCareer("adj", "Claims Adjusters", "Settle insurance claims.",
			"Inspect damaged property.", "Negotiate settlements."),
	}
	ix := buildWith(t, careers, BuildOptions{}, func(o *Options) { o.Rank.TaskMinOpenings = 3 })
	for _, tc := range []struct {
		query string
		task  bool
	}{
		{"Adjust dental devices", true},      // "adjust" opens three duties, no title has it
		{"adjust", false},                    // one word: could be anything
		{"Dental Hygienist", false},          // opens a title
		{"Record dental work", false},        // "record" opens only two duties
		{"Claims Adjuster", false},           // a title
		{"Inspect damaged property", false},  // opens one duty
		{"ADJUST crowns; and bridges", true}, // case and punctuation do not matter
	} {
		if got := ix.readsAsTask(tc.query); got != tc.task {
			t.Errorf("readsAsTask(%q) = %v, want %v", tc.query, got, tc.task)
		}
	}
	off := buildWith(t, careers, BuildOptions{}, func(o *Options) { o.Rank.TaskMinOpenings = 0 })
	if off.readsAsTask("Adjust dental devices") {
		t.Error("task_min_openings 0 must turn the test off")
	}
}

// A synonym's terms stand, in the ranking, for the query words they
// replace, as related words do: a duty that says "telework" covers
// "remote work".
func TestSynonymsStandInForTheirWords(t *testing.T) {
	ix := buildWith(t, loadShipped(t), BuildOptions{}, nil)
	ctx, release, err := ix.withState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	sq := ix.splitSkills(ctx, "remote work")
	rk, err := ix.newRanker(ctx, sq.text, sq.words, sq, sq.related)
	if err != nil {
		t.Fatal(err)
	}
	for _, term := range ix.analyze("telework telecommuting") {
		if !rk.Asked(term) {
			t.Errorf("%q does not stand for the query's words", term)
		}
	}
	if rk.Asked("distribut") {
		t.Error(`"distributed" alone stands for a query word; only the whole synonym "distributed team" does`)
	}
}

// A word that a synonym entry of two words or more matches is used in the
// entry's sense: its own related words are not added.
func TestNoRelatedWordsInsideASynonymPhrase(t *testing.T) {
	careers := loadShipped(t)
	table := career.RelatedWords{"boss": {{Phrase: "manager", Via: career.RelatedSynonym}}}
	ix := buildWith(t, careers, BuildOptions{Related: table}, nil)
	if got := ix.relatedTerms("demanding boss", ix.synonyms("demanding boss")); len(got) != 1 {
		t.Errorf(`"demanding boss": related matches %v, want the one for boss`, got)
	}
	// "own boss" is an everyday phrase of the shipped synonym file.
	if got := ix.relatedTerms("be my own boss", ix.synonyms("be my own boss")); len(got) != 0 {
		t.Errorf(`"be my own boss": related matches %v, want none`, got)
	}
}

// An idiom of an @instead rule is searched as what it means: its words as
// written are not searched, the answer says what it was searched as, and
// the rule's other replacements count as synonyms of the first.
func TestIdiomsAreSearchedAsWhatTheyMean(t *testing.T) {
	set, err := synonyms.Parse("t.txt", strings.NewReader("prompt whisperer => prompt engineer, prompt engineering @instead\n"))
	if err != nil {
		t.Fatal(err)
	}
	ix := buildWith(t, loadShipped(t), BuildOptions{}, func(o *Options) { o.Synonyms = set })
	res, err := ix.Search(context.Background(), career.Query{Text: "become a prompt whisperer", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	want := []career.Meaning{{Typed: "prompt whisperer", Searched: "prompt engineer"}}
	if !reflect.DeepEqual(res.Meant, want) {
		t.Errorf("Meant = %+v, want %+v", res.Meant, want)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "prompt-engineer" {
		t.Fatalf("hits %v, want prompt-engineer first", ids(res))
	}
	if res.Query != "become a prompt whisperer" {
		t.Errorf("Query = %q, want the query as typed", res.Query)
	}
	// Without the rule the same words are searched as written.
	plain := buildWith(t, loadShipped(t), BuildOptions{}, nil)
	res, err = plain.Search(context.Background(), career.Query{Text: "become a prompt whisperer", Size: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Meant) != 0 {
		t.Errorf("shipped synonyms: Meant = %+v, want none", res.Meant)
	}
}

// A synonym rule that spans a filler ("good with numbers" is the filler
// "good with" and "numbers"; the rule's entry is "with numbers") still
// applies once the filler is dropped.
func TestSynonymsSpanningAFiller(t *testing.T) {
	set, err := synonyms.Parse("t.txt", strings.NewReader("with numbers => mathematics\n"))
	if err != nil {
		t.Fatal(err)
	}
	ix := buildWith(t, loadShipped(t), BuildOptions{}, func(o *Options) { o.Synonyms = set })
	res, err := ix.Search(context.Background(), career.Query{Text: "good with numbers", Size: 10})
	if err != nil {
		t.Fatal(err)
	}
	for _, h := range res.Hits {
		for _, frags := range h.Highlights {
			for _, f := range frags {
				if strings.Contains(f, "<mark>mathematics</mark>") {
					return
				}
			}
		}
	}
	t.Errorf("no hit marks mathematics: %v", ids(res))
}
