package bleveindex

import (
	"context"
	"testing"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/eval"
)

// benchQueries are the judged queries of the hand-written corpus.
func benchQueries(b *testing.B) []string {
	j, err := eval.LoadJSONL("handwritten", "../../testdata/judgements")
	if err != nil {
		b.Fatal(err)
	}
	qs := make([]string, len(j.Queries))
	for i, q := range j.Queries {
		qs[i] = q.Query
	}
	return qs
}

// BenchmarkSearch is the production query path on the shipped corpus;
// BenchmarkSearchExplain the same with explanations on every hit. Compare
// them in one run:
//
//	go test -run '^$' -bench 'BenchmarkSearch' -count 10 ./internal/bleveindex | benchstat -
//
// BenchmarkSearchFiltered ticks one category per query (each category in
// turn): such a search re-scores the unfiltered window too, for the window
// signals and the facet counts, so compare it with BenchmarkSearch.
func BenchmarkSearch(b *testing.B)         { benchSearch(b, false, false) }
func BenchmarkSearchExplain(b *testing.B)  { benchSearch(b, true, false) }
func BenchmarkSearchFiltered(b *testing.B) { benchSearch(b, false, true) }

func benchSearch(b *testing.B, explain, filtered bool) {
	ix := mustBuild(b, "../../corpus", corpus.Editorial)
	qs := benchQueries(b)
	ctx := context.Background()
	cats, err := ix.Categories(ctx)
	if err != nil || len(cats) == 0 {
		b.Fatalf("categories: %v %v", cats, err)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := career.Query{Text: qs[i%len(qs)], Explain: explain}
		if filtered {
			q.Categories = []string{cats[i%len(cats)].Value}
		}
		if _, err := ix.Search(ctx, q); err != nil {
			b.Fatal(err)
		}
	}
}
