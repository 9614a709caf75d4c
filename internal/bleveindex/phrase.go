package bleveindex

import (
	"cmp"
	"context"
	"math"
	"slices"
	"strings"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	index "github.com/blevesearch/bleve_index_api"
)

// phraseQuery seeks a phrase in one field as Bleve's match phrase query
// does (the same careers, scores and phrase locations), but checks each
// candidate's positions on the flat term locations the conjunction of its
// words found. Bleve's phrase searcher first turns every candidate's
// locations into maps (DocumentMatch.Complete) and walks them
// recursively; a query's phrases are checked against every career that
// holds all their words, which at 100,000 careers is thousands per search,
// and that conversion was most of the phrase's cost. A search asked to
// explain its scores gets Bleve's own searcher, whose explanations the
// conjunction's would not repeat.
type phraseQuery struct {
	text  string
	field string
	boost float64
	// terms is text analysed by position (phraseTerms): given by a caller
	// that analysed it already, or kept from the first searcher, since a
	// search asks for its query's searchers twice when it reads the kept
	// hits' locations after its pass (locate).
	terms [][]string
}

// newPhraseQuery seeks text as a phrase in field with boost.
func newPhraseQuery(text, field string, boost float64) *phraseQuery {
	return &phraseQuery{text: text, field: field, boost: boost}
}

// bleveQuery is the same phrase as Bleve's match phrase query.
func (q *phraseQuery) bleveQuery() *query.MatchPhraseQuery {
	p := query.NewMatchPhraseQuery(q.text)
	p.SetField(q.field)
	p.SetBoost(q.boost)
	return p
}

// Field is the field the phrase is sought in.
func (q *phraseQuery) Field() string { return q.field }

func (q *phraseQuery) Searcher(ctx context.Context, i index.IndexReader, m mapping.IndexMapping, options search.SearcherOptions) (search.Searcher, error) {
	if options.Explain {
		return q.bleveQuery().Searcher(ctx, i, m, options)
	}
	if q.terms == nil {
		analyzer := m.AnalyzerNamed(m.AnalyzerNameForPath(q.field))
		if analyzer == nil {
			return q.bleveQuery().Searcher(ctx, i, m, options)
		}
		q.terms = phraseTerms(analyzer.Analyze([]byte(q.text)))
	}
	terms := q.terms
	if len(terms) == 0 {
		return searcher.NewMatchNoneSearcher(i)
	}
	// The candidates are found and scored exactly as Bleve's phrase
	// searcher finds and scores them.
	must, err := phraseConjunction(ctx, i, q.field, terms, q.boost, options)
	if err != nil {
		return nil, err
	}
	return &phraseSearcher{must: must, terms: terms}, nil
}

// phraseTerms turns an analysed phrase into its terms by position, as
// Bleve's match phrase query does: a position no token holds (a stop
// word removed) is an empty slot that any word fills.
func phraseTerms(tokens analysis.TokenStream) [][]string {
	if len(tokens) == 0 {
		return nil
	}
	first, last := math.MaxInt, 0
	for _, t := range tokens {
		first = min(first, t.Position)
		last = max(last, t.Position)
	}
	out := make([][]string, last-first+1)
	for _, t := range tokens {
		out[t.Position-first] = append(out[t.Position-first], string(t.Term))
	}
	return out
}

// phraseSearcher returns the candidates of its conjunction that hold the
// phrase, each with the locations of its phrase's occurrences only.
type phraseSearcher struct {
	must        search.Searcher
	terms       [][]string
	curr        *search.DocumentMatch
	initialized bool
	scratch     []search.FieldTermLocation
	aps         []uint64
	slots       [][]int32 // by phrase slot, indexes of scratch
}

func (s *phraseSearcher) init(ctx *search.SearchContext) error {
	s.initialized = true
	return s.advance(ctx)
}

func (s *phraseSearcher) advance(ctx *search.SearchContext) error {
	if s.curr != nil {
		ctx.DocumentMatchPool.Put(s.curr)
	}
	var err error
	s.curr, err = s.must.Next(ctx)
	return err
}

func (s *phraseSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	for s.curr != nil {
		var rv *search.DocumentMatch
		if s.check(s.curr) {
			rv, s.curr = s.curr, nil
		}
		if err := s.advance(ctx); err != nil {
			return nil, err
		}
		if rv != nil {
			return rv, nil
		}
	}
	return nil, nil
}

// check reports whether dm holds the phrase, and leaves in dm only the
// locations of its occurrences: the words at consecutive positions of one
// field and one array element (an empty slot takes a position of its
// own), as Bleve's findPhrasePaths requires without slop. Each slot's
// locations are sorted by field, array element and position, so that
// every occurrence of the first word finds the next words by binary
// search: a career that holds the words hundreds of times costs no more
// than sorting them.
//
// Bleve recycles each location slot of a match with the array-positions
// buffer it owns, so the locations are read from a copy (their array
// positions copied too) and written back into dm's own slots, each slot
// keeping its buffer: a slot that took another's buffer would have it
// overwritten when the match is reused.
func (s *phraseSearcher) check(dm *search.DocumentMatch) bool {
	s.scratch = s.scratch[:0]
	s.aps = s.aps[:0]
	for _, l := range dm.FieldTermLocations {
		a := len(s.aps)
		s.aps = append(s.aps, l.Location.ArrayPositions...)
		l.Location.ArrayPositions = s.aps[a:len(s.aps):len(s.aps)]
		s.scratch = append(s.scratch, l)
	}
	locs := s.scratch
	// The locations each slot may take, sorted.
	if len(s.slots) < len(s.terms) {
		s.slots = make([][]int32, len(s.terms))
	}
	for k, at := range s.terms {
		s.slots[k] = s.slots[k][:0]
		if isEmptySlot(at) {
			continue
		}
		for i := range locs {
			if holds(at, locs[i].Term) {
				s.slots[k] = append(s.slots[k], int32(i))
			}
		}
		byLoc := func(a, b int32) int { return compareLoc(&locs[a], &locs[b]) }
		if !slices.IsSortedFunc(s.slots[k], byLoc) {
			slices.SortFunc(s.slots[k], byLoc)
		}
	}
	out := dm.FieldTermLocations[:0]
	put := func(l *search.FieldTermLocation) {
		n := len(out)
		if n < cap(out) {
			out = out[:n+1]
		} else {
			out = append(out, search.FieldTermLocation{})
		}
		dst := &out[n]
		ap := dst.Location.ArrayPositions[:0]
		*dst = *l
		dst.Location.ArrayPositions = append(ap, l.Location.ArrayPositions...)
	}
	found := false
	for _, i := range s.slots[0] {
		start := &locs[i]
		at := len(out)
		put(start)
		ok := true
		for k := 1; k < len(s.terms) && ok; k++ {
			if isEmptySlot(s.terms[k]) {
				continue
			}
			if j := find(locs, s.slots[k], start, start.Location.Pos+uint64(k)); j >= 0 {
				put(&locs[j])
			} else {
				ok = false
			}
		}
		if !ok {
			out = out[:at]
			continue
		}
		found = true
	}
	dm.FieldTermLocations = out
	return found
}

// compareLoc orders locations by field, array element and position.
func compareLoc(a, b *search.FieldTermLocation) int {
	return compareAt(a, b.Field, b.Location.ArrayPositions, b.Location.Pos)
}

func compareAt(a *search.FieldTermLocation, field string, ap search.ArrayPositions, pos uint64) int {
	if c := strings.Compare(a.Field, field); c != 0 {
		return c
	}
	if c := a.Location.ArrayPositions.Compare(ap); c != 0 {
		return c
	}
	return cmp.Compare(a.Location.Pos, pos)
}

// find returns the index in locs of the location of slot (indexes of
// locs, sorted by compareLoc) in start's field and array element at pos,
// or -1.
func find(locs []search.FieldTermLocation, slot []int32, start *search.FieldTermLocation, pos uint64) int {
	lo, hi := 0, len(slot)
	for lo < hi {
		mid := int(uint(lo+hi) >> 1)
		if compareAt(&locs[slot[mid]], start.Field, start.Location.ArrayPositions, pos) < 0 {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	if lo < len(slot) && compareAt(&locs[slot[lo]], start.Field, start.Location.ArrayPositions, pos) == 0 {
		return int(slot[lo])
	}
	return -1
}

func holds(terms []string, t string) bool {
	for _, x := range terms {
		if x == t && x != "" {
			return true
		}
	}
	return false
}

func isEmptySlot(terms []string) bool {
	return len(terms) == 0 || len(terms) == 1 && terms[0] == ""
}

func (s *phraseSearcher) Advance(ctx *search.SearchContext, id index.IndexInternalID) (*search.DocumentMatch, error) {
	if !s.initialized {
		if err := s.init(ctx); err != nil {
			return nil, err
		}
	}
	if s.curr != nil {
		if s.curr.IndexInternalID.Compare(id) >= 0 {
			return s.Next(ctx)
		}
		ctx.DocumentMatchPool.Put(s.curr)
	}
	if s.curr == nil {
		return nil, nil
	}
	var err error
	s.curr, err = s.must.Advance(ctx, id)
	if err != nil {
		return nil, err
	}
	return s.Next(ctx)
}

func (s *phraseSearcher) Weight() float64            { return s.must.Weight() }
func (s *phraseSearcher) SetQueryNorm(qnorm float64) { s.must.SetQueryNorm(qnorm) }
func (s *phraseSearcher) Count() uint64              { return s.must.Count() }
func (s *phraseSearcher) Min() int                   { return 0 }
func (s *phraseSearcher) Size() int                  { return s.must.Size() }
func (s *phraseSearcher) DocumentMatchPoolSize() int { return s.must.DocumentMatchPoolSize() + 1 }
func (s *phraseSearcher) Close() error               { return s.must.Close() }
