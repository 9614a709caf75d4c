package bleveindex

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/synonyms"
)

var update = flag.Bool("update", false, "rewrite the expected results of the golden search tests")

// goldenSearch is one case of a searches.json file, in the shape of
// Bleve's own test/tests: a search and its expected total, ordered hits
// and facet counts.
type goldenSearch struct {
	Comment string `json:"comment"`
	Search  struct {
		Q        string   `json:"q"`
		Category []string `json:"category,omitempty"`
		Page     int      `json:"page,omitempty"`
		Size     int      `json:"size,omitempty"`
	} `json:"search"`
	Result goldenResult `json:"result"`
}

type goldenResult struct {
	Total  uint64         `json:"total"`
	Hits   []string       `json:"hits"`
	Facets map[string]int `json:"facets"`
}

// goldenDatasets maps each dataset under testdata/golden to its documents
// and validation rules.
var goldenDatasets = []struct {
	name  string
	docs  string
	rules corpus.Rules
}{
	{"basic", "testdata/golden/basic/docs", corpus.Basic},
	{"corpus", "../../corpus", corpus.Editorial},
}

func TestGolden(t *testing.T) {
	for _, ds := range goldenDatasets {
		t.Run(ds.name, func(t *testing.T) {
			ix := mustBuild(t, ds.docs, ds.rules)
			file := filepath.Join("testdata/golden", ds.name, "searches.json")
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var searches []goldenSearch
			if err := json.Unmarshal(raw, &searches); err != nil {
				t.Fatalf("%s: %v", file, err)
			}
			for i := range searches {
				s := &searches[i]
				res, err := ix.Search(context.Background(), career.Query{
					Text: s.Search.Q, Categories: s.Search.Category, Page: s.Search.Page, Size: s.Search.Size,
				})
				if err != nil {
					t.Fatalf("%q: %v", s.Search.Q, err)
				}
				got := goldenResult{Total: res.Total, Hits: []string{}, Facets: map[string]int{}}
				for _, h := range res.Hits {
					got.Hits = append(got.Hits, h.ID)
				}
				for _, f := range res.Facets.Category {
					if f.Count > 0 {
						got.Facets[f.Value] = f.Count
					}
				}
				if *update {
					s.Result = got
					continue
				}
				if diff := cmp.Diff(s.Result, got); diff != "" {
					t.Errorf("%s: q=%q category=%v (%s) (-want +got):\n%s", file, s.Search.Q, s.Search.Category, s.Comment, diff)
				}
			}
			if *update {
				out, _ := json.MarshalIndent(searches, "", "  ")
				if err := os.WriteFile(file, append(out, '\n'), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// mustBuild indexes the careers under dir into a temporary index and
// opens it; the index is closed when the test ends.
func mustBuild(tb testing.TB, dir string, rules corpus.Rules) *Index {
	tb.Helper()
	l, err := corpus.Load([]string{dir}, rules, nil)
	if err != nil {
		tb.Fatal(err)
	}
	if len(l.Problems) > 0 {
		tb.Fatalf("corpus problems:\n%v", l.Problems)
	}
	root := tb.TempDir()
	if _, err := Build(context.Background(), root, l.Careers(), BuildOptions{}); err != nil {
		tb.Fatal(err)
	}
	ix, err := Open(root, shippedOptions(tb))
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

// shippedOptions are the default options with the shipped synonym file, as
// the commands use them.
func shippedOptions(tb testing.TB) Options {
	tb.Helper()
	syn, err := synonyms.Load("../../config/synonyms.txt")
	if err != nil {
		tb.Fatal(err)
	}
	o := DefaultOptions()
	o.Synonyms = syn
	return o
}
