package bleveindex

import (
	"context"
	"math"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/careersearch/careers/internal/career"
)

// Suggest completes what the user is typing from titles, aliases and
// specialisation names, through a prefix index built when the generation
// is opened.
func (ix *Index) Suggest(_ context.Context, q string, n int) ([]career.Suggestion, error) {
	if max := ix.opts.Limits.MaxQueryLength; max > 0 && len([]rune(q)) > max {
		return nil, career.Errorf(career.EINVALID, "q: longer than %d characters", max)
	}
	if n < 1 || n > ix.opts.Limits.MaxSize {
		return nil, career.Errorf(career.EINVALID, "size: must be between 1 and %d, got %d", ix.opts.Limits.MaxSize, n)
	}
	out := ix.suggest.Suggest(q, n)
	if out == nil {
		out = []career.Suggestion{}
	}
	return out, nil
}

// similarTerms is how many of a career's most telling words make up the
// query that finds careers like it.
const similarTerms = 30

// Similar ranks other careers by what they share with the career id: its
// most telling words (tf-idf over its title, specialisations, duties and
// summary) sought in every other career, without embeddings. The careers
// the corpus lists as related come first, in its order.
func (ix *Index) Similar(ctx context.Context, id string, n int) ([]career.SimilarCareer, error) {
	if n < 1 || n > ix.opts.Limits.MaxSize {
		return nil, career.Errorf(career.EINVALID, "size: must be between 1 and %d, got %d", ix.opts.Limits.MaxSize, n)
	}
	c, err := ix.Career(ctx, id)
	if err != nil {
		return nil, err
	}
	var out []career.SimilarCareer
	seen := map[string]bool{id: true}
	for _, rid := range c.Related {
		if len(out) >= n || seen[rid] {
			continue
		}
		r, err := ix.Career(ctx, rid)
		if err != nil {
			continue // a related id of another corpus generation; skip it
		}
		seen[rid] = true
		out = append(out, career.SimilarCareer{ID: r.ID, Title: r.Title, Category: r.Category, Curated: true, Shared: []string{}})
	}
	if len(out) >= n {
		return out, nil
	}
	terms, err := ix.tellingTerms(ctx, c)
	if err != nil {
		return nil, err
	}
	if len(terms) == 0 {
		return out, nil
	}
	clauses := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t.term)
		tq.SetField(FieldAll)
		tq.SetBoost(t.weight)
		clauses[i] = tq
	}
	b := bleve.NewBooleanQuery()
	b.AddShould(clauses...)
	b.AddMustNot(bleve.NewDocIDQuery(keys(seen)))
	req := bleve.NewSearchRequestOptions(b, n-len(out), 0, false)
	req.SortBy([]string{"-_score", "_id"})
	req.IncludeLocations = true
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, translate(err)
	}
	for _, h := range res.Hits {
		doc, err := ix.document(ctx, h.ID)
		if err != nil {
			return nil, translate(err)
		}
		out = append(out, career.SimilarCareer{ID: h.ID, Title: string(doc.title), Category: string(doc.category), Score: h.Score,
			Shared: sharedWords(h.Locations, terms, 5)})
	}
	return out, nil
}

type weightedTerm struct {
	term   string // as indexed (stemmed)
	word   string // as first written in the career's text
	weight float64
}

// tellingTerms returns a career's words weighted by tf-idf, best first.
func (ix *Index) tellingTerms(ctx context.Context, c *career.Career) ([]weightedTerm, error) {
	var text strings.Builder
	text.WriteString(c.Title + " " + c.Title + " ")
	for _, s := range c.Specialisations {
		text.WriteString(s.String() + " ")
	}
	for _, d := range c.Duties {
		text.WriteString(d.String() + " ")
	}
	if len(c.Duties)+len(c.Specialisations) < 3 {
		// Summaries are prose full of general words; use them only when
		// the career has little else to go on.
		text.WriteString(c.Summary)
	}
	src := []byte(text.String())
	tf := map[string]int{}
	word := map[string]string{}
	for _, tok := range ix.analyzer.Analyze(src) {
		t := string(tok.Term)
		tf[t]++
		if _, ok := word[t]; !ok && tok.End <= len(src) {
			word[t] = strings.ToLower(string(src[tok.Start:tok.End]))
		}
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, translate(err)
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, translate(err)
	}
	defer reader.Close()
	total, err := reader.DocCount()
	if err != nil {
		return nil, translate(err)
	}
	terms := make([]weightedTerm, 0, len(tf))
	for t, f := range tf {
		tfr, err := reader.TermFieldReader(ctx, []byte(t), FieldAll, false, false, false)
		if err != nil {
			return nil, translate(err)
		}
		df := tfr.Count()
		tfr.Close()
		if df <= 1 {
			continue // only this career has it: it can match nothing else
		}
		idf := math.Log(float64(total+1) / float64(df+1))
		if idf <= 0 {
			continue
		}
		terms = append(terms, weightedTerm{term: t, word: word[t], weight: math.Sqrt(float64(f)) * idf})
	}
	sort.Slice(terms, func(i, j int) bool {
		if terms[i].weight != terms[j].weight {
			return terms[i].weight > terms[j].weight
		}
		return terms[i].term < terms[j].term
	})
	if len(terms) > similarTerms {
		terms = terms[:similarTerms]
	}
	return terms, nil
}

func keys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// sharedWords names the heaviest terms a hit matched, in the words of the
// career it is similar to.
func sharedWords(locs search.FieldTermLocationMap, terms []weightedTerm, n int) []string {
	out := []string{}
	for _, t := range terms {
		if len(out) == n {
			break
		}
		if _, ok := locs[FieldAll][t.term]; ok {
			out = append(out, t.word)
			continue
		}
		for _, f := range career.TextFields {
			if _, ok := locs[f][t.term]; ok {
				out = append(out, t.word)
				break
			}
		}
	}
	return out
}
