package bleveindex

import (
	"bytes"
	"context"
	"maps"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/careersearch/careers/internal/rank"
)

// feedback returns, for a query that reads as a task, the words that the
// duties answering it best use besides the query's (pseudo-relevance
// feedback): the duty that holds the query best in each of the
// FeedbackDocs first hits gives its words, each weighed by its share of
// the duty and its rarity, and the FeedbackTerms heaviest are kept, with
// their weights. On the O*NET import, "Trim client hair" gets "clipper",
// "scissor", "hairstyl" and "groom" from the barbers' and groomers'
// duties. Duties are where a task is said, so a title query is left
// alone. It returns nil when there is nothing to add; written holds each
// word as the first duty that holds it writes it (lower case).
func (ix *Index) feedback(ctx context.Context, rk *ranker, cands []*rank.Candidate) (words map[string]float64, written map[string]string, err error) {
	o := ix.opts
	if !rk.Task() || o.Rank.FeedbackTerms <= 0 || o.Rank.FeedbackDocs <= 0 || o.Rank.FeedbackWeight <= 0 {
		return nil, nil, nil
	}
	weight := map[string]float64{}
	written = map[string]string{}
	for _, c := range cands[:min(o.Rank.FeedbackDocs, len(cands))] {
		pos, ok := rk.BestDuty(c.ID)
		if !ok {
			continue
		}
		text, err := ix.dutyText(ctx, c.ID, pos)
		if err != nil {
			return nil, nil, err
		}
		toks := ix.analyzer.Analyze([]byte(text))
		for _, t := range toks {
			weight[string(t.Term)] += 1 / float64(len(toks))
			if _, ok := written[string(t.Term)]; !ok && t.End <= len(text) {
				written[string(t.Term)] = strings.ToLower(text[t.Start:t.End])
			}
		}
	}
	terms := make([]string, 0, len(weight))
	for t := range weight {
		if !rk.Asked(t) {
			terms = append(terms, t)
		}
	}
	if len(terms) == 0 {
		return nil, nil, nil
	}
	idf, err := ix.idfs(ctx, terms)
	if err != nil {
		return nil, nil, err
	}
	words = rk.FeedbackWords(weight, idf)
	if len(words) == 0 {
		return nil, nil, nil
	}
	kept := make(map[string]string, len(words))
	for t := range words {
		kept[t] = written[t]
	}
	return words, kept, nil
}

// dutyText returns the text of one duty of a career.
func (ix *Index) dutyText(ctx context.Context, id string, pos int) (string, error) {
	doc, err := ix.document(ctx, id)
	if err != nil {
		return "", err
	}
	return doc.duty(pos), nil
}

// feedbackHolds returns, for each hit that holds some of the feedback
// words, those it holds, heaviest first. Only the window is read, through
// the words' postings, so the cost does not grow with the number of
// matches; a career outside the window stays outside.
func (ix *Index) feedbackHolds(ctx context.Context, hits search.DocumentMatchCollection, words map[string]float64) (map[string][]string, error) {
	st, release, err := ix.state(ctx)
	if err != nil {
		return nil, err
	}
	defer release()
	reader := st.reader
	// Postings are read in internal id order.
	byID := slices.Clone(hits)
	slices.SortFunc(byID, func(a, b *search.DocumentMatch) int { return bytes.Compare(a.IndexInternalID, b.IndexInternalID) })
	holds := make(map[string][]string, len(hits))
	// Heaviest first, so that an explanation names the words in order.
	terms := slices.Collect(maps.Keys(words))
	rank.HeaviestFirst(terms, words)
	for _, t := range terms {
		tfr, err := reader.TermFieldReader(ctx, []byte(t), FieldAll, false, false, false)
		if err != nil {
			return nil, err
		}
		var doc *index.TermFieldDoc
		for _, h := range byID {
			if doc != nil && bytes.Compare(doc.ID, h.IndexInternalID) >= 0 {
				if bytes.Equal(doc.ID, h.IndexInternalID) {
					holds[h.ID] = append(holds[h.ID], t)
				}
				continue
			}
			if doc, err = tfr.Advance(h.IndexInternalID, nil); err != nil {
				tfr.Close()
				return nil, err
			}
			if doc == nil {
				break
			}
			if bytes.Equal(doc.ID, h.IndexInternalID) {
				holds[h.ID] = append(holds[h.ID], t)
			}
		}
		tfr.Close()
	}
	return holds, nil
}
