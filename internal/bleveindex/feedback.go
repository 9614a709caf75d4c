package bleveindex

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/careersearch/careers/internal/career"
)

// feedback returns, for a query that reads as a task, the words that the
// duties answering it best have in common (pseudo-relevance feedback):
// the duty that holds the query best in each of the FeedbackDocs first
// hits gives its words, each weighed by its share of the duty and its
// rarity, and the FeedbackTerms heaviest that are not query words are
// kept, with boosts up to FeedbackWeight. O*NET's "Acquire supplies or
// equipment" is thus also searched with the words the duties that say it
// use ("purchase", "inventory"). Duties are where a task is said, so a
// title query is left alone. It returns nil when there is nothing to add.
func (ix *Index) feedback(ctx context.Context, rk *ranker, hits search.DocumentMatchCollection) (map[string]float64, error) {
	o := ix.opts
	if !rk.task || o.FeedbackTerms <= 0 || o.FeedbackDocs <= 0 || o.FeedbackWeight <= 0 {
		return nil, nil
	}
	weight := map[string]float64{}
	for _, h := range hits[:min(o.FeedbackDocs, len(hits))] {
		pos, ok := rk.bestDuty[h.ID]
		if !ok || pos < 0 {
			continue
		}
		text, err := ix.dutyText(h.ID, pos)
		if err != nil {
			return nil, err
		}
		toks := ix.analyzer.Analyze([]byte(text))
		for _, t := range toks {
			weight[string(t.Term)] += 1 / float64(len(toks))
		}
	}
	terms := make([]string, 0, len(weight))
	for t := range weight {
		_, asked := rk.bit[t]
		_, aliased := rk.alias[t]
		if !asked && !aliased {
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 {
		return nil, nil
	}
	idf, err := ix.idfs(ctx, terms)
	if err != nil {
		return nil, err
	}
	for _, t := range terms {
		weight[t] *= idf[t]
	}
	sort.Slice(terms, func(a, b int) bool {
		if weight[terms[a]] != weight[terms[b]] {
			return weight[terms[a]] > weight[terms[b]]
		}
		return terms[a] < terms[b]
	})
	terms = terms[:min(o.FeedbackTerms, len(terms))]
	top := weight[terms[0]]
	out := make(map[string]float64, len(terms))
	for _, t := range terms {
		out[t] = o.FeedbackWeight * weight[t] / top
	}
	return out, nil
}

// dutyText returns the text of one duty of a career.
func (ix *Index) dutyText(id string, pos int) (string, error) {
	doc, err := ix.idx.Document(id)
	if err != nil || doc == nil {
		return "", err
	}
	var text string
	doc.VisitFields(func(f index.Field) {
		if tf, ok := f.(index.TextField); ok && f.Name() == career.FieldDuties {
			if ap := f.ArrayPositions(); len(ap) > 0 && int(ap[0]) == pos {
				text = tf.Text()
			}
		}
	})
	return text, nil
}

// withFeedback adds the feedback words to q as optional terms: they
// reorder what q matches and match nothing by themselves.
func withFeedback(q query.Query, words map[string]float64) query.Query {
	terms := make([]string, 0, len(words))
	for t := range words {
		terms = append(terms, t)
	}
	sort.Strings(terms)
	should := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(FieldAll)
		tq.SetBoost(words[t])
		should[i] = tq
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddShould(should...)
	return b
}

// dropLocations forgets where the feedback words occur in hits, so that
// highlights and explanations show the query's words only.
func dropLocations(hits search.DocumentMatchCollection, words map[string]float64) {
	for _, h := range hits {
		for _, terms := range h.Locations {
			for t := range words {
				delete(terms, t)
			}
		}
	}
}
