package eval_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/eval"
)

// floors are the recorded minimums per benchmark and metric, from
// testdata/floors.json; docs/RELEVANCE.md says how they were measured.
type floors map[string]map[string]float64

const tolerance = 0.005

func loadFloors(t *testing.T) floors {
	t.Helper()
	raw, err := os.ReadFile("testdata/floors.json")
	if err != nil {
		t.Fatal(err)
	}
	var f floors
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return f
}

func checkFloors(t *testing.T, r *eval.Report, f floors) {
	t.Helper()
	got := map[string]float64{"ndcg@10": r.NDCG10, "mrr@10": r.MRR10, "recall@1": r.Recall1, "recall@10": r.Recall10}
	t.Logf("%s: %d queries nDCG@10 %.3f MRR@10 %.3f R@1 %.3f R@10 %.3f zero %.1f%%",
		r.Benchmark, r.Queries, r.NDCG10, r.MRR10, r.Recall1, r.Recall10, 100*r.ZeroResultRate)
	for metric, min := range f[r.Benchmark] {
		if got[metric] < min-tolerance {
			t.Errorf("%s %s = %.3f, below its floor %.3f: a ranking change made search worse", r.Benchmark, metric, got[metric], min)
		}
	}
	for _, w := range r.Worst {
		t.Logf("  rr %.2f ndcg %.2f %q top %v want %v", w.RR, w.NDCG, w.Query, w.Top, eval.FirstN(w.Want, 3))
	}
}

func buildIndex(t *testing.T, dirs []string, rules corpus.Rules, opts bleveindex.Options) *bleveindex.Index {
	t.Helper()
	l, err := corpus.Load(dirs, rules, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Problems) > 0 {
		t.Fatalf("corpus problems: %v", l.Problems)
	}
	root := t.TempDir()
	if _, err := bleveindex.Build(context.Background(), root, l.Careers(), bleveindex.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := bleveindex.Open(root, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestHandwritten guards the ranking of the shipped corpus.
func TestHandwritten(t *testing.T) {
	b, err := eval.LoadJSONL("handwritten", "../../testdata/judgements")
	if err != nil {
		t.Fatal(err)
	}
	if len(b.Queries) < 40 {
		t.Errorf("%d judged queries, want at least 40", len(b.Queries))
	}
	ix := buildIndex(t, []string{"../../corpus"}, corpus.Editorial, bleveindex.DefaultOptions())
	r, err := eval.Run(context.Background(), ix, b, 10)
	if err != nil {
		t.Fatal(err)
	}
	checkFloors(t, r, loadFloors(t))
}
