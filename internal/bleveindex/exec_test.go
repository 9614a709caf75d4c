package bleveindex

import (
	"cmp"
	"context"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2/search"
	gocmp "github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/rank"
)

// passHit is what a pass kept of one hit, its occurrences in order.
type passHit struct {
	ID    string
	Score float64
	Occ   []rank.Occurrence
}

func passHits(hs search.DocumentMatchCollection) []passHit {
	out := make([]passHit, 0, len(hs))
	for _, h := range hs {
		occ := occurrencesOf(h, nil)
		slices.SortFunc(occ, func(a, b rank.Occurrence) int {
			return cmp.Or(cmp.Compare(a.Field, b.Field), cmp.Compare(a.Term, b.Term), cmp.Compare(a.Item, b.Item), cmp.Compare(a.Pos, b.Pos))
		})
		out = append(out, passHit{h.ID, h.Score, slices.Compact(occ)})
	}
	return out
}

// Reading the kept hits' term locations after the pass (locateAfter, for
// queries that match far more careers than they keep) gives the same hits,
// scores, counts and locations as reading them in the pass, filtered or
// not.
func TestLocateAfterMatchesOnePass(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	ctx, release, err := ix.withState(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer release()
	st, _, _ := ix.state(ctx)
	selected := make([]bool, len(ix.meta.Categories))
	selected[0] = true
	for _, q := range []string{"remote work", "machine learning models", "medical imaging", "audit models for bias", "python", "write"} {
		sq := ix.splitSkills(ctx, q)
		tq := ix.textQuery(sq)
		for _, sel := range [][]bool{nil, selected} {
			for _, k := range []int{3, 100} {
				var got [2][]any
				for i, after := range []bool{false, true} {
					p, err := ix.run(ctx, st.reader, tq, passOptions{k: k, selected: sel, all: true, locations: true, locateAfter: after})
					if err != nil {
						t.Fatal(err)
					}
					hits := passHits(p.hits)
					if len(hits) == 0 || len(hits[0].Occ) == 0 {
						t.Fatalf("%q: no hit or no locations: the test would compare nothing", q)
					}
					got[i] = []any{hits, passHits(p.all), p.total, p.counts}
				}
				if diff := gocmp.Diff(got[0], got[1]); diff != "" {
					t.Errorf("%q (k %d, filtered %v): one pass and locate after differ (-one +after):\n%s", q, k, sel != nil, diff)
				}
			}
		}
	}
}
