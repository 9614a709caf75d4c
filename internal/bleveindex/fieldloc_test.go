package bleveindex

import (
	"context"
	"fmt"
	"math"
	"path/filepath"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/careersearch/careers/internal/career"
)

// TestFieldQueryAsFieldVectors checks that a query on one text field,
// located through _all in a generation whose text fields keep no vectors,
// finds the hits, scores and locations Bleve's own query on the field finds
// in an index that keeps the field's vectors (as generations built before
// did); and that on such an older index fieldQuery answers the same too.
func TestFieldQueryAsFieldVectors(t *testing.T) {
	careers := shapeCorpus(t)
	m, err := NewMapping(ScoringTFIDF)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	_, _, _, finish, err := streamIndex(context.Background(), filepath.Join(dir, "new"), m, careers, BuildOptions{BatchSize: 7})
	if err != nil {
		t.Fatal(err)
	}
	if err := finish(); err != nil {
		t.Fatal(err)
	}
	built, err := bleve.OpenUsing(filepath.Join(dir, "new"), map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer built.Close()
	// Bleve's online path keeps every field's vectors.
	old := onlineIndex(t, filepath.Join(dir, "old"), m, careers)
	defer old.Close()

	bleveQuery := func(field, text string, phrase bool) query.Query {
		if phrase {
			p := bleve.NewMatchPhraseQuery(text)
			p.SetField(field)
			return p
		}
		q := bleve.NewMatchQuery(text)
		q.SetField(field)
		q.SetOperator(query.MatchQueryOperatorAnd)
		return q
	}
	ours := func(field, text string, phrase bool) query.Query {
		if phrase {
			return newFieldPhrase(field, text, 1)
		}
		return newFieldMatch(field, text)
	}
	probes := []struct {
		field, text string
		phrase      bool
	}{
		{career.FieldTitle, "engineer", false},
		{career.FieldTitle, "software engineer", true},
		{career.FieldDuties, "review code", false},
		{career.FieldDuties, "review code", true},
		{career.FieldDuties, "the patients", true},
		{career.FieldSummary, "help people", true},
		{career.FieldAliases, "trainer", false},
		{career.FieldWorkplace, "office", false},
		{career.FieldSpecialisations, "research", false},
		{career.FieldWorkplace, "engineer office", true}, // words that meet only in _all
	}
	found := 0
	for _, p := range probes {
		name := fmt.Sprintf("%s:%q phrase=%v", p.field, p.text, p.phrase)
		want := hitsOf(t, old, bleveQuery(p.field, p.text, p.phrase))
		for idxName, idx := range map[string]bleve.Index{"new": built, "old": old} {
			got := hitsOf(t, idx, ours(p.field, p.text, p.phrase))
			if len(got) != len(want) {
				t.Errorf("%s on %s: %d hits, want %d", name, idxName, len(got), len(want))
				continue
			}
			for id, w := range want {
				g, ok := got[id]
				if !ok || math.Abs(g.score-w.score) > 1e-12 || !slices.Equal(g.locs, w.locs) {
					t.Errorf("%s on %s: %s got %v, want %v", name, idxName, id, g, w)
				}
			}
		}
		found += len(want)
	}
	// The term clauses a params file's field boosts add (textQuery).
	for _, f := range []string{career.FieldTitle, career.FieldDuties, career.FieldSummary} {
		tq := bleve.NewTermQuery("engin")
		tq.SetField(f)
		tq.SetBoost(1.5)
		want := hitsOf(t, old, tq)
		got := hitsOf(t, built, newFieldTerm(f, "engin", 1.5))
		if len(got) != len(want) {
			t.Errorf("%s term: %d hits, want %d", f, len(got), len(want))
		}
		for id, w := range want {
			if g := got[id]; math.Abs(g.score-w.score) > 1e-12 || !slices.Equal(g.locs, w.locs) {
				t.Errorf("%s term: %s got %v, want %v", f, id, g, w)
			}
		}
		found += len(want)
	}
	if found == 0 {
		t.Fatal("no probe finds anything: not a test")
	}
}

type probeHit struct {
	score float64
	locs  []string
}

func hitsOf(t *testing.T, idx bleve.Index, q query.Query) map[string]probeHit {
	t.Helper()
	req := bleve.NewSearchRequestOptions(q, 1000, 0, false)
	req.IncludeLocations = true
	res, err := idx.Search(req)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]probeHit{}
	for _, h := range res.Hits {
		var locs []string
		for field, tlm := range h.Locations {
			for term, ls := range tlm {
				for _, l := range ls {
					locs = append(locs, fmt.Sprintf("%s/%s@%d:%d-%d%v", field, term, l.Pos, l.Start, l.End, l.ArrayPositions))
				}
			}
		}
		slices.Sort(locs)
		out[h.ID] = probeHit{h.Score, locs}
	}
	return out
}

var _ search.Searcher = (*locatedSearcher)(nil)
