package eval_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/eval"
)

func TestExplore(t *testing.T) {
	b, _ := eval.LoadJSONL("handwritten", "../../testdata/judgements")
	l, _ := corpus.Load([]string{"../../corpus"}, corpus.Editorial, nil)
	for _, scoring := range []string{"tfidf", "bm25"} {
		root := t.TempDir()
		bleveindex.Build(context.Background(), root, l.Careers(), bleveindex.BuildOptions{Scoring: scoring})
		for _, v := range []struct{ name string; f func(*bleveindex.Options) }{
			{"default", func(o *bleveindex.Options) {}},
			{"noboost", func(o *bleveindex.Options) { for k := range o.Boosts { o.Boosts[k] = 1 } }},
			{"nophrase", func(o *bleveindex.Options) { o.PhraseBoost = 0 }},
			{"noall", func(o *bleveindex.Options) { o.AllWordsBoost = 0 }},
			{"phrase4", func(o *bleveindex.Options) { o.PhraseBoost = 4 }},
			{"all4", func(o *bleveindex.Options) { o.AllWordsBoost = 4 }},
			{"title2", func(o *bleveindex.Options) { o.Boosts["title"] = 2; o.Boosts["aliases"] = 1.5 }},
			{"duties3", func(o *bleveindex.Options) { o.Boosts["duties"] = 3 }},
		} {
			o := bleveindex.DefaultOptions()
			v.f(&o)
			ix, err := bleveindex.Open(root, o)
			if err != nil { t.Fatal(err) }
			r, _ := eval.Run(context.Background(), ix, b, 0)
			fmt.Printf("%-6s %-9s nDCG %.3f MRR %.3f R1 %.3f R10 %.3f\n", scoring, v.name, r.NDCG10, r.MRR10, r.Recall1, r.Recall10)
			ix.Close()
		}
	}
}
