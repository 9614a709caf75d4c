package bleveindex

import (
	"context"
	"html"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/careersearch/careers/internal/career"
)

const facetName = "category"

// Search runs q and returns one page of hits with highlights and
// disjunctive category counts: the counts ignore the category filter, so
// each one tells how many hits ticking that category would add.
func (ix *Index) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	start := time.Now()
	q, err := ix.opts.Limits.Normalize(q)
	if err != nil {
		return nil, err
	}
	for _, c := range q.Categories {
		if !ix.categories[c] {
			return nil, career.Errorf(career.EINVALID, "category: unknown category %q", c)
		}
	}
	text := strings.TrimSpace(q.Text)
	textQuery := ix.textQuery(text)

	main := textQuery
	if len(q.Categories) > 0 {
		main = bleve.NewConjunctionQuery(textQuery, categoryFilter(q.Categories))
	}
	req := bleve.NewSearchRequestOptions(main, q.Size, (q.Page-1)*q.Size, false)
	req.Fields = []string{career.FieldTitle, career.FieldCategory, career.FieldSummary}
	if text == "" {
		req.SortBy([]string{"_id"})
	} else {
		req.SortBy([]string{"-_score", "_id"})
		req.IncludeLocations = true
	}
	if len(q.Categories) == 0 && text != "" {
		req.AddFacet(facetName, bleve.NewFacetRequest(career.FieldCategory, len(ix.meta.Categories)+1))
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, translate(err)
	}

	var counts []career.FacetValue
	switch {
	case text == "":
		counts, _ = ix.Categories(ctx)
	case len(q.Categories) == 0:
		counts = facetValues(res.Facets[facetName])
	default:
		counts, err = ix.facetCounts(ctx, textQuery, nil)
		if err != nil {
			return nil, err
		}
	}
	counts = markSelected(counts, q.Categories)

	out := &career.Result{
		Query:  q.Text,
		Total:  res.Total,
		Page:   q.Page,
		Size:   q.Size,
		Hits:   make([]career.Hit, 0, len(res.Hits)),
		Facets: career.Facets{Category: counts},
	}
	for _, h := range res.Hits {
		hit, err := ix.hit(h, text != "")
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// textQuery builds the ranking query for free text: every field matched
// with its weight, the whole text as a phrase in each field (so the words
// together outrank the words apart), and a bonus when every word occurs
// somewhere in the career.
func (ix *Index) textQuery(text string) query.Query {
	if text == "" {
		return bleve.NewMatchAllQuery()
	}
	var clauses []query.Query
	multiWord := len(strings.Fields(text)) > 1
	for _, f := range career.TextFields {
		boost := ix.opts.Boosts[f]
		if boost == 0 {
			boost = 1
		}
		m := bleve.NewMatchQuery(text)
		m.SetField(f)
		m.SetBoost(boost)
		clauses = append(clauses, m)
		if multiWord && ix.opts.PhraseBoost > 0 {
			p := bleve.NewMatchPhraseQuery(text)
			p.SetField(f)
			p.SetBoost(boost * ix.opts.PhraseBoost)
			clauses = append(clauses, p)
		}
	}
	if multiWord && ix.opts.AllWordsBoost > 0 {
		var perWord []query.Query
		for _, w := range strings.Fields(text) {
			var any []query.Query
			for _, f := range career.TextFields {
				m := bleve.NewMatchQuery(w)
				m.SetField(f)
				any = append(any, m)
			}
			perWord = append(perWord, bleve.NewDisjunctionQuery(any...))
		}
		all := bleve.NewConjunctionQuery(perWord...)
		all.SetBoost(ix.opts.AllWordsBoost)
		clauses = append(clauses, all)
	}
	return bleve.NewDisjunctionQuery(clauses...)
}

func categoryFilter(cats []string) query.Query {
	qs := make([]query.Query, len(cats))
	for i, c := range cats {
		t := bleve.NewTermQuery(c)
		t.SetField(career.FieldCategory)
		qs[i] = t
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func (ix *Index) facetCounts(ctx context.Context, q query.Query, _ []string) ([]career.FacetValue, error) {
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	req.AddFacet(facetName, bleve.NewFacetRequest(career.FieldCategory, len(ix.meta.Categories)+1))
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, translate(err)
	}
	return facetValues(res.Facets[facetName]), nil
}

func facetValues(fr *search.FacetResult) []career.FacetValue {
	if fr == nil || fr.Terms == nil {
		return []career.FacetValue{}
	}
	terms := fr.Terms.Terms()
	out := make([]career.FacetValue, 0, len(terms))
	for _, t := range terms {
		out = append(out, career.FacetValue{Value: t.Term, Count: t.Count})
	}
	sortFacets(out)
	return out
}

// sortFacets orders by count, then name, so the order is stable.
func sortFacets(fs []career.FacetValue) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Count != fs[j].Count {
			return fs[i].Count > fs[j].Count
		}
		return fs[i].Value < fs[j].Value
	})
}

// markSelected flags the selected categories, adding those that have no
// match so the user can still see and untick them.
func markSelected(counts []career.FacetValue, selected []string) []career.FacetValue {
	for _, s := range selected {
		found := false
		for i := range counts {
			if counts[i].Value == s {
				counts[i].Selected = true
				found = true
			}
		}
		if !found {
			counts = append(counts, career.FacetValue{Value: s, Count: 0, Selected: true})
		}
	}
	return counts
}

func (ix *Index) hit(h *search.DocumentMatch, highlight bool) (career.Hit, error) {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	hit := career.Hit{
		ID:         h.ID,
		Title:      str(career.FieldTitle),
		Category:   str(career.FieldCategory),
		Score:      h.Score,
		Summary:    truncate(str(career.FieldSummary), ix.opts.FragmentSize),
		Highlights: map[string][]string{},
	}
	if highlight && len(h.Locations) > 0 {
		doc, err := ix.idx.Document(h.ID)
		if err != nil {
			return hit, translate(err)
		}
		if doc != nil {
			for _, f := range career.TextFields {
				if _, ok := h.Locations[f]; !ok {
					continue
				}
				frags := ix.highlighter.BestFragmentsInField(h, doc, f, ix.opts.Fragments)
				for i := range frags {
					// Paragraph breaks inside a passage read as one line.
					frags[i] = strings.Join(strings.Fields(frags[i]), " ")
				}
				if len(frags) > 0 {
					hit.Highlights[f] = frags
				}
			}
		}
	}
	if len(hit.Highlights) == 0 {
		hit.Highlights[career.FieldSummary] = []string{html.EscapeString(hit.Summary)}
	}
	return hit, nil
}

// truncate cuts s at a word boundary near n characters, marking the cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexAny(cut, " \t\n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-") + "…"
}
