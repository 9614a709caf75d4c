package bleveindex

import (
	"context"
	"fmt"
	"math"
	"reflect"

	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// The text fields keep no term vectors of their own (see NewMapping): the
// composite _all keeps them, and each of its locations names the field it
// came from. A query on one text field (title:nurse, title:"head nurse",
// or a field clause a params file adds) is scored on that field, whose
// frequencies and norms are kept, and takes its locations from the same
// query on _all, limited to that field; a phrase on one field matches where
// the phrase is found in _all within that field. The hits, their scores and
// their locations are those the field's own term vectors gave.

// fieldQuery is a match (every word required) or phrase query on one text
// field, located through _all.
type fieldQuery struct {
	field string
	text  string
	kind  fieldQueryKind
	boost float64
}

type fieldQueryKind int

const (
	fieldMatch  fieldQueryKind = iota // every word of text required
	fieldPhrase                       // text as a phrase
	fieldTerm                         // text is one analysed term
)

// newFieldMatch is text's words, every one required, in field.
func newFieldMatch(field, text string) *fieldQuery {
	return &fieldQuery{field: field, text: text, kind: fieldMatch, boost: 1}
}

// newFieldPhrase is text as a phrase in field, with boost.
func newFieldPhrase(field, text string, boost float64) *fieldQuery {
	return &fieldQuery{field: field, text: text, kind: fieldPhrase, boost: boost}
}

// newFieldTerm is one analysed term in field, with boost.
func newFieldTerm(field, term string, boost float64) *fieldQuery {
	return &fieldQuery{field: field, text: term, kind: fieldTerm, boost: boost}
}

// Field is the field the query searches (query.FieldableQuery).
func (q *fieldQuery) Field() string { return q.field }

// SetField sets the field the query searches (query.FieldableQuery).
func (q *fieldQuery) SetField(f string) { q.field = f }

// query returns the Bleve query of q on field.
func (q *fieldQuery) query(field string) query.Query {
	switch q.kind {
	case fieldTerm:
		t := query.NewTermQuery(q.text)
		t.SetField(field)
		t.SetBoost(q.boost)
		return t
	case fieldPhrase:
		p := query.NewMatchPhraseQuery(q.text)
		p.SetField(field)
		p.SetBoost(q.boost)
		return p
	default:
		m := query.NewMatchQuery(q.text)
		m.SetField(field)
		m.SetOperator(query.MatchQueryOperatorAnd)
		m.SetBoost(q.boost)
		return m
	}
}

// Searcher returns the searcher that scores q on its field and locates it
// in _all.
func (q *fieldQuery) Searcher(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	phrase := q.kind == fieldPhrase
	var scorer search.Searcher
	var err error
	if phrase {
		scorer, err = phraseScorer(ctx, r, m, q.field, q.text, q.boost, options)
	} else {
		scorer, err = q.query(q.field).Searcher(ctx, r, m, options)
	}
	if err != nil || scorer == nil {
		return scorer, err
	}
	if !phrase && !options.IncludeTermVectors {
		return scorer, nil // nothing to locate, nothing to check
	}
	lopts := options
	lopts.IncludeTermVectors = true
	lopts.Explain = false
	locator, err := q.query(FieldAll).Searcher(ctx, r, m, lopts)
	if err != nil {
		_ = scorer.Close()
		return nil, err
	}
	// Bleve's phrase searcher reads term vectors whatever it is asked,
	// and its matches carry the phrase's locations: so do these.
	return &locatedSearcher{scorer: scorer, locator: locator, field: q.field, required: phrase, keep: phrase || options.IncludeTermVectors}, nil
}

// phraseScorer is what Bleve's phrase searcher scores with: the
// conjunction of the phrase's terms (any of the terms at a position) in
// field, normalised as the phrase searcher normalises it. Which matches
// hold the phrase is the locator's to say.
func phraseScorer(ctx context.Context, r index.IndexReader, m mapping.IndexMapping, field, text string, boost float64, options search.SearcherOptions) (search.Searcher, error) {
	analyzer := m.AnalyzerNamed(m.AnalyzerNameForPath(field))
	if analyzer == nil {
		return nil, fmt.Errorf("no analyzer for field %q", field)
	}
	tokens := analyzer.Analyze([]byte(text))
	if len(tokens) == 0 {
		return searcher.NewMatchNoneSearcher(r)
	}
	return phraseConjunction(ctx, r, field, phraseTerms(tokens), boost, options)
}

// phraseConjunction is the searcher Bleve's phrase searcher scores with
// (NewMultiPhraseSearcher): the conjunction of one searcher per position
// of byPos (a term's, or a disjunction of the terms at that position; an
// empty position is a gap it skips), with term vectors, normalised as the
// phrase searcher normalises it before a parent sets the query's norm.
func phraseConjunction(ctx context.Context, r index.IndexReader, field string, byPos [][]string, boost float64, options search.SearcherOptions) (search.Searcher, error) {
	options.IncludeTermVectors = true // as NewMultiPhraseSearcher builds it
	var parts []search.Searcher
	closeAll := func() {
		for _, p := range parts {
			_ = p.Close()
		}
	}
	for _, terms := range byPos {
		var ts []search.Searcher
		for _, t := range terms {
			s, err := searcher.NewTermSearcher(ctx, r, t, field, boost, options)
			if err != nil {
				for _, s := range ts {
					_ = s.Close()
				}
				closeAll()
				return nil, err
			}
			ts = append(ts, s)
		}
		switch len(ts) {
		case 0:
			continue
		case 1:
			parts = append(parts, ts[0])
		default:
			d, err := searcher.NewDisjunctionSearcher(ctx, r, ts, 1, options)
			if err != nil {
				for _, s := range ts {
					_ = s.Close()
				}
				closeAll()
				return nil, err
			}
			parts = append(parts, d)
		}
	}
	conj, err := searcher.NewConjunctionSearcher(ctx, r, parts, options)
	if err != nil {
		closeAll()
		return nil, err
	}
	conj.SetQueryNorm(1 / math.Sqrt(conj.Weight()))
	return conj, nil
}

// locatedSearcher gives each match of scorer the locations, in field, of
// the same document's match of locator (the query on _all). With required,
// a match without such locations is dropped (a phrase not found within the
// field); without keep, the locations only decide that.
type locatedSearcher struct {
	scorer, locator search.Searcher
	field           string
	required, keep  bool
	at              *search.DocumentMatch // the locator's current match
	done            bool                  // the locator is exhausted
}

func (s *locatedSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	for {
		d, err := s.scorer.Next(ctx)
		if d == nil || err != nil {
			return d, err
		}
		if ok, err := s.locate(ctx, d); ok || err != nil {
			return d, err
		}
		ctx.DocumentMatchPool.Put(d)
	}
}

func (s *locatedSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	d, err := s.scorer.Advance(ctx, id)
	if d == nil || err != nil {
		return d, err
	}
	if ok, err := s.locate(ctx, d); ok || err != nil {
		return d, err
	}
	ctx.DocumentMatchPool.Put(d)
	return s.Next(ctx)
}

// locate replaces d's locations by the locator's in s.field and reports
// whether d stays a match.
func (s *locatedSearcher) locate(ctx *search.SearchContext, d *search.DocumentMatch) (bool, error) {
	if !s.done && (s.at == nil || s.at.IndexInternalID.Compare(d.IndexInternalID) < 0) {
		if s.at != nil {
			ctx.DocumentMatchPool.Put(s.at)
		}
		at, err := s.locator.Advance(ctx, d.IndexInternalID)
		if err != nil {
			return false, err
		}
		s.at, s.done = at, at == nil
	}
	// An index built before the text fields lost their vectors gives
	// the field's own locations too: the locator's replace them.
	d.FieldTermLocations = d.FieldTermLocations[:0]
	found := false
	if s.at != nil && s.at.IndexInternalID.Equals(d.IndexInternalID) {
		for _, l := range s.at.FieldTermLocations {
			if l.Field == s.field {
				found = true
				if s.keep {
					d.FieldTermLocations = appendLocation(d.FieldTermLocations, l)
				}
			}
		}
	}
	return found || !s.required, nil
}

// appendLocation appends l to ftls with its array positions copied: they
// belong to the locator's match, whose memory the pool hands out again
// (into the slice ftls had there before, as Bleve's term scorer does).
func appendLocation(ftls []search.FieldTermLocation, l search.FieldTermLocation) []search.FieldTermLocation {
	var ap search.ArrayPositions
	if len(l.Location.ArrayPositions) > 0 {
		if n := len(ftls); n < cap(ftls) {
			ap = ftls[:n+1][n].Location.ArrayPositions[:0]
		}
		ap = append(ap, l.Location.ArrayPositions...)
	}
	l.Location.ArrayPositions = ap
	return append(ftls, l)
}

func (s *locatedSearcher) Close() error {
	err := s.scorer.Close()
	if lerr := s.locator.Close(); err == nil {
		err = lerr
	}
	return err
}

func (s *locatedSearcher) Weight() float64        { return s.scorer.Weight() }
func (s *locatedSearcher) SetQueryNorm(n float64) { s.scorer.SetQueryNorm(n) }
func (s *locatedSearcher) Count() uint64          { return s.scorer.Count() }
func (s *locatedSearcher) Min() int               { return s.scorer.Min() }
func (s *locatedSearcher) DocumentMatchPoolSize() int {
	return s.scorer.DocumentMatchPoolSize() + s.locator.DocumentMatchPoolSize() + 1
}

var locatedSearcherSize = int(reflect.TypeOf(locatedSearcher{}).Size())

func (s *locatedSearcher) Size() int {
	return locatedSearcherSize + s.scorer.Size() + s.locator.Size()
}
