package bleveindex

import (
	"context"
	"fmt"
	"slices"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/careersearch/careers/internal/career"
)

// TestPhraseQueryAnswersAsBleve checks phraseQuery against Bleve's match
// phrase query on a real index: the same careers, the same scores and the
// same phrase locations, alone and as the optional clause of a search,
// for phrases that hold stop words, repeat a word, or whose words stand
// apart, across fields or across the items of a list.
func TestPhraseQueryAnswersAsBleve(t *testing.T) {
	careers := []*career.Career{
		{ID: "a", Title: "Patient Care Nurse", Category: "Health", Summary: "Confer with the patient and the family about care plans.",
			Duties: []career.Item{{Name: "Triage", Description: "Confer with doctors."}, {Name: "Records", Description: "Patient files kept up to date."}}},
		{ID: "b", Title: "Physical Therapy Aide", Category: "Health", Summary: "Helps therapists.",
			Duties: []career.Item{{Name: "Plan", Description: "Confer with physical therapy staff to discuss patient information."}}},
		{ID: "c", Title: "Data Data Analyst", Category: "Tech", Summary: "Cleans data data sets and writes reports of findings.",
			Duties: []career.Item{{Name: "Reports", Description: "Write reports of findings for the board."}, {Name: "Write", Description: "Reports"}}},
		{ID: "d", Title: "Report Writer", Category: "Tech", Summary: "Write. Reports follow later; write reports weekly.",
			Workplace: "An office where people confer with the patient."},
		// The words at the phrase's positions, but in two items of a
		// list, or in two fields of _all.
		{ID: "f", Title: "Ward Clerk", Category: "Health", Summary: "Files.",
			Duties: []career.Item{{Name: "Confer", Description: ""}, {Name: "Nurses", Description: "see every patient"}}},
		{ID: "g", Title: "Confer", Category: "Health", Summary: "All day every patient."},
		{ID: "e", Title: "Confer", Category: "Other", Summary: "Patient", Duties: []career.Item{{Name: "Confer", Description: "with the"}, {Name: "patient", Description: "waits"}}},
	}
	root := t.TempDir()
	if _, err := Build(context.Background(), root, careers, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(root, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()

	type hit struct {
		id    string
		score float64
		locs  []string
	}
	run := func(q query.Query) []hit {
		req := bleve.NewSearchRequestOptions(q, 100, 0, false)
		req.IncludeLocations = true
		req.SortBy([]string{"_id"})
		res, err := ix.idx.SearchInContext(context.Background(), req)
		if err != nil {
			t.Fatal(err)
		}
		var out []hit
		for _, h := range res.Hits {
			var locs []string
			for f, tlm := range h.Locations {
				for term, ls := range tlm {
					for _, l := range ls {
						locs = append(locs, fmt.Sprintf("%s/%s@%d:%d-%d%v", f, term, l.Pos, l.Start, l.End, l.ArrayPositions))
					}
				}
			}
			slices.Sort(locs)
			out = append(out, hit{h.ID, h.Score, locs})
		}
		return out
	}
	for _, text := range []string{
		"confer with the patient", "write reports of", "data data", "data", "patient care nurse",
		"confer patient", "reports write", "the the", "physical therapy staff discuss",
	} {
		for _, field := range []string{FieldAll} {
			for _, boost := range []float64{1, 2.5} {
				theirs := query.NewMatchPhraseQuery(text)
				theirs.SetField(field)
				theirs.SetBoost(boost)
				ours := newPhraseQuery(text, field, boost)
				name := fmt.Sprintf("%q in %s ×%g", text, field, boost)
				if got, want := run(ours), run(theirs); !slices.EqualFunc(got, want, func(a, b hit) bool {
					return a.id == b.id && a.score == b.score && slices.Equal(a.locs, b.locs)
				}) {
					t.Errorf("%s alone:\n ours  %v\n bleve %v", name, got, want)
				}
				// As the optional clause of a search, advanced by its
				// parent from match to match.
				words := bleve.NewMatchQuery(text)
				words.SetField(field)
				with := func(p query.Query) query.Query {
					b := bleve.NewBooleanQuery()
					b.AddMust(words)
					b.AddShould(p)
					return b
				}
				if got, want := run(with(ours)), run(with(theirs)); !slices.EqualFunc(got, want, func(a, b hit) bool {
					return a.id == b.id && a.score == b.score && slices.Equal(a.locs, b.locs)
				}) {
					t.Errorf("%s as a clause:\n ours  %v\n bleve %v", name, got, want)
				}
			}
		}
	}
	// Explaining searches get Bleve's own searcher and its explanations.
	s, err := newPhraseQuery("write reports", FieldAll, 1).Searcher(context.Background(), mustReader(t, ix), ix.idx.Mapping(), search.SearcherOptions{Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, ok := s.(*phraseSearcher); ok {
		t.Error("an explaining search got phraseSearcher, whose explanations are not Bleve's phrase's")
	}
}

func mustReader(t *testing.T, ix *Index) index.IndexReader {
	t.Helper()
	adv, err := ix.idx.Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}
