package bleveindex

import (
	"context"
	"testing"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// A category filter keeps hits and never reorders them: the filtered
// ranking is the unfiltered one restricted to the ticked categories, with
// the same scores, build after build. (Under a scored conjunction the
// category term's rarity reordered pages, and Bleve dropped phrase scores
// on some builds.)
func TestCategoryFilterKeepsTheRanking(t *testing.T) {
	queries := []string{"remote work", "medical imaging", "machine learning models", "\"risk assessment\"", "bias -hiring", "design prompts"}
	selections := [][]string{
		{"AI Content & Communication Roles", "AI Product & Design Roles"},
		{"Technical & Engineering Roles"},
		{"AI Ethics, Policy & Governance Roles", "AI Research & Data Roles", "Generative & Creative AI Roles"},
	}
	for build := 0; build < 4; build++ { // builds differ in Bleve's internal document order
		ix := mustBuild(t, "../../corpus", corpus.Editorial)
		ctx := context.Background()
		for _, q := range queries {
			all, err := ix.Search(ctx, career.Query{Text: q, Size: 100})
			if err != nil {
				t.Fatal(err)
			}
			for _, cats := range selections {
				in := map[string]bool{}
				for _, c := range cats {
					in[c] = true
				}
				var want []career.Hit
				for _, h := range all.Hits {
					if in[h.Category] {
						want = append(want, h)
					}
				}
				got, err := ix.Search(ctx, career.Query{Text: q, Categories: cats, Size: 100})
				if err != nil {
					t.Fatal(err)
				}
				if got.Relaxed != "" && len(want) == 0 {
					continue // nothing strict in these categories: relaxed by design
				}
				if int(got.Total) != len(want) || len(got.Hits) != len(want) {
					t.Errorf("build %d, %q in %v: %d hits (total %d), want %d", build, q, cats, len(got.Hits), got.Total, len(want))
					continue
				}
				for i := range want {
					if got.Hits[i].ID != want[i].ID || got.Hits[i].Score != want[i].Score {
						t.Errorf("build %d, %q in %v: hit %d is %s (%.6f), want %s (%.6f)", build, q, cats, i+1,
							got.Hits[i].ID, got.Hits[i].Score, want[i].ID, want[i].Score)
						break
					}
				}
			}
		}
	}
}

// A search asked for every category returns the generation's list beside
// its hits (the web page's category list), and without the ask none.
func TestSearchReturnsAllCategories(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	ctx := context.Background()
	want, err := ix.Categories(ctx)
	if err != nil || len(want) < 2 {
		t.Fatalf("categories %v %v", want, err)
	}
	for _, q := range []career.Query{
		{Text: "medical imaging", AllCategories: true},
		{Text: "", AllCategories: true},
		{Text: "qzxv nothing matches", AllCategories: true, Categories: []string{want[0].Value}},
	} {
		res, err := ix.Search(ctx, q)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.AllCategories) != len(want) {
			t.Errorf("%q: %d categories, want %d", q.Text, len(res.AllCategories), len(want))
			continue
		}
		for i := range want {
			if res.AllCategories[i] != want[i] {
				t.Errorf("%q: category %d = %+v, want %+v", q.Text, i, res.AllCategories[i], want[i])
			}
		}
	}
	res, err := ix.Search(ctx, career.Query{Text: "medical imaging"})
	if err != nil {
		t.Fatal(err)
	}
	if res.AllCategories != nil {
		t.Errorf("not asked for, got %d categories", len(res.AllCategories))
	}
}
