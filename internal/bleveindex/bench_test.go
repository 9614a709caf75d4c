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
func BenchmarkSearch(b *testing.B)        { benchSearch(b, false) }
func BenchmarkSearchExplain(b *testing.B) { benchSearch(b, true) }

func benchSearch(b *testing.B, explain bool) {
	ix := mustBuild(b, "../../corpus", corpus.Editorial)
	qs := benchQueries(b)
	ctx := context.Background()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if _, err := ix.Search(ctx, career.Query{Text: qs[i%len(qs)], Explain: explain}); err != nil {
			b.Fatal(err)
		}
	}
}
