package bleveindex

import (
	"container/heap"
	"context"
	"fmt"
	"slices"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/rank"
)

// This file runs a query in one pass over Bleve's matches, in place of
// Bleve's collector: Bleve matches and scores; the pass keeps the top
// hits, applies the category filter and counts the categories of every
// match from an array of the generation (docTable). Bleve's collector
// would visit each match's doc values for the facet, look up each kept
// hit's external id in its stored fields, and need a second search for
// the counts of a filtered page; here all of that is an array read.

// docTable holds, by Bleve's internal document number, what the pass
// needs of each career. A generation is opened read-only, so its segments
// are never merged and the numbers never change while it is open.
type docTable struct {
	ids []string // external id; "" for a number that holds no career
	cat []int32  // ordinal of the category in Index.meta.Categories; -1 none
	// rank holds what the ranking reads of each career (genTables), so
	// that a candidate costs no lookup by id.
	rank []rank.Career
}

// loadDocTable walks the postings of the _id and category fields: no
// stored document is read.
func loadDocTable(ctx context.Context, reader index.IndexReader, cats []string) (*docTable, error) {
	t := &docTable{}
	grow := func(n uint64) {
		for uint64(len(t.ids)) <= n {
			t.ids = append(t.ids, "")
			t.cat = append(t.cat, -1)
		}
	}
	walk := func(field string, each func(term string, num uint64)) error {
		dict, err := reader.FieldDict(field)
		if err != nil {
			return err
		}
		defer dict.Close()
		for {
			de, err := dict.Next()
			if err != nil {
				return err
			}
			if de == nil {
				return nil
			}
			tfr, err := reader.TermFieldReader(ctx, []byte(de.Term), field, false, false, false)
			if err != nil {
				return err
			}
			for {
				d, err := tfr.Next(nil)
				if err != nil {
					tfr.Close()
					return err
				}
				if d == nil {
					break
				}
				each(de.Term, d.ID.Value())
			}
			tfr.Close()
		}
	}
	if err := walk("_id", func(id string, num uint64) { grow(num); t.ids[num] = id }); err != nil {
		return nil, fmt.Errorf("reading career ids: %w", err)
	}
	ord := make(map[string]int32, len(cats))
	for i, c := range cats {
		ord[c] = int32(i)
	}
	if err := walk(career.FieldCategory, func(c string, num uint64) {
		if o, ok := ord[c]; ok {
			grow(num)
			t.cat[num] = o
		}
	}); err != nil {
		return nil, fmt.Errorf("reading career categories: %w", err)
	}
	return t, nil
}

// loadDocs reads the generation's docTable.
func (ix *Index) loadDocs() error {
	adv, err := ix.idx.Advanced()
	if err != nil {
		return err
	}
	reader, err := adv.Reader()
	if err != nil {
		return err
	}
	defer reader.Close()
	ix.docs, err = loadDocTable(context.Background(), reader, ix.meta.Categories)
	if err != nil {
		return err
	}
	// What the ranking and the window's skills facet read, by document
	// number.
	ix.docs.rank = make([]rank.Career, len(ix.docs.ids))
	for n, id := range ix.docs.ids {
		if id != "" {
			ix.docs.rank[n] = ix.rankCareer(id)
		}
	}
	if ix.skills != nil {
		ix.skills.numberDocs(ix.docs.ids)
	}
	return nil
}

// id returns the external id of a match.
func (t *docTable) id(reader index.IndexReader, dm *search.DocumentMatch) (string, error) {
	if n := dm.IndexInternalID.Value(); n < uint64(len(t.ids)) && t.ids[n] != "" {
		return t.ids[n], nil
	}
	return reader.ExternalID(dm.IndexInternalID)
}

// category returns the category ordinal of a match, or -1.
func (t *docTable) category(dm *search.DocumentMatch) int32 {
	if n := dm.IndexInternalID.Value(); n < uint64(len(t.cat)) {
		return t.cat[n]
	}
	return -1
}

// pass is what one pass over a query's matches found.
type pass struct {
	// hits are the best k matches that pass the category filter, best
	// first (score, then Bleve's document order, as Bleve's collector
	// orders them), with their ids and locations.
	hits search.DocumentMatchCollection
	// all are the best k matches without the category filter, when a
	// filter was given and all was asked for.
	all search.DocumentMatchCollection
	// total counts the matches that pass the filter; counts holds, by
	// category ordinal, the matches of each category without the filter.
	total  uint64
	counts []int
}

// passOptions say what one pass keeps.
type passOptions struct {
	k int
	// selected, when not nil, is the category filter by ordinal.
	selected []bool
	// all asks for the best k unfiltered matches too (for the window
	// signals of a filtered search).
	all bool
	// locations asks Bleve for term locations; locateAfter reads them
	// after the pass, for the kept hits only: worth a second searcher when
	// the query matches many more careers than it keeps.
	locations, locateAfter bool
}

// run makes one pass over the matches of q.
func (ix *Index) run(ctx context.Context, reader index.IndexReader, q query.Query, o passOptions) (*pass, error) {
	if ix.meta.Scoring == ScoringBM25 {
		ctx = context.WithValue(ctx, search.GetScoringModelCallbackKey,
			search.GetScoringModelCallbackFn(func() string { return index.BM25Scoring }))
	}
	ctx = search.ContextWithTermSearchersCounter(ctx)
	// With locateAfter the pass itself reads no term locations: only the
	// hits it keeps need them, and they are read afterwards for those
	// alone (locate).
	s, err := q.Searcher(ctx, reader, ix.idx.Mapping(), search.SearcherOptions{IncludeTermVectors: o.locations && !o.locateAfter})
	if err != nil {
		return nil, limitError(err)
	}
	defer s.Close()
	k := max(o.k, 1)
	heaps := 1
	if o.all && o.selected != nil {
		heaps = 2
	}
	// Deep pages grow the pool as they go rather than up front.
	pool := search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+heaps*(min(k, 200)+1), 0)
	sctx := &search.SearchContext{DocumentMatchPool: pool, IndexReader: reader}
	p := &pass{counts: make([]int, len(ix.meta.Categories))}
	kept := &topHeap{}
	var all *topHeap
	if heaps == 2 {
		all = &topHeap{}
	}
	// keep offers dm to h; it returns whether h holds it now.
	keep := func(h *topHeap, dm *search.DocumentMatch) (held bool, evicted *search.DocumentMatch) {
		if len(*h) < k {
			heap.Push(h, dm)
			return true, nil
		}
		if !better(dm, (*h)[0]) {
			return false, nil
		}
		worst := (*h)[0]
		(*h)[0] = dm
		heap.Fix(h, 0)
		return true, worst
	}
	var hit uint64
	for {
		if hit&1023 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		dm, err := s.Next(sctx)
		if err != nil {
			return nil, limitError(err)
		}
		if dm == nil {
			break
		}
		dm.HitNumber = hit
		hit++
		c := ix.docs.category(dm)
		if c >= 0 {
			p.counts[c]++
		}
		pass := o.selected == nil || c >= 0 && int(c) < len(o.selected) && o.selected[c]
		inKept, inAll := false, false
		var out1, out2 *search.DocumentMatch
		if pass {
			p.total++
			inKept, out1 = keep(kept, dm)
		}
		if all != nil {
			inAll, out2 = keep(all, dm)
		}
		// A match leaves for the pool when no heap holds it any more.
		if !inKept && !inAll {
			pool.Put(dm)
		}
		if all == nil {
			pool.Put(out1)
			continue
		}
		// Both heaps may evict the same match: it goes back once.
		if out2 == out1 {
			out2 = nil
		}
		for _, out := range [2]*search.DocumentMatch{out1, out2} {
			if out != nil && !kept.holds(out) && !all.holds(out) {
				pool.Put(out)
			}
		}
	}
	var err2 error
	finish := func(h *topHeap) search.DocumentMatchCollection {
		out := make(search.DocumentMatchCollection, len(*h))
		for i := len(out) - 1; i >= 0; i-- {
			out[i] = heap.Pop(h).(*search.DocumentMatch)
		}
		for _, dm := range out {
			if dm.ID == "" {
				id, err := ix.docs.id(reader, dm)
				if err != nil && err2 == nil {
					err2 = err
				}
				dm.ID = id
			}
		}
		return out
	}
	p.hits = finish(kept)
	if all != nil {
		p.all = finish(all)
	}
	if err2 != nil {
		return nil, err2
	}
	if o.locations && o.locateAfter {
		if err := ix.locate(ctx, reader, q, p); err != nil {
			return nil, err
		}
	}
	// The windows are re-scored apart (scores change in place): the
	// unfiltered one gets copies.
	for i, dm := range p.all {
		c := *dm
		p.all[i] = &c
	}
	return p, nil
}

// locate reads the term locations of the hits a pass kept: a second
// searcher for the query, advanced from kept hit to kept hit, so that the
// postings' locations are decoded for those documents alone, not for
// every match (at 100,000 careers a query matches tens of thousands).
// The hits keep the pass's scores.
func (ix *Index) locate(ctx context.Context, reader index.IndexReader, q query.Query, p *pass) error {
	kept := make([]*search.DocumentMatch, 0, len(p.hits)+len(p.all))
	seen := make(map[*search.DocumentMatch]bool, cap(kept))
	for _, hs := range [2]search.DocumentMatchCollection{p.hits, p.all} {
		for _, dm := range hs {
			if !seen[dm] {
				seen[dm] = true
				kept = append(kept, dm)
			}
		}
	}
	if len(kept) == 0 {
		return nil
	}
	slices.SortFunc(kept, func(a, b *search.DocumentMatch) int { return a.IndexInternalID.Compare(b.IndexInternalID) })
	s, err := locationQuery(q).Searcher(ctx, reader, ix.idx.Mapping(), search.SearcherOptions{IncludeTermVectors: true})
	if err != nil {
		return limitError(err)
	}
	defer s.Close()
	sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize()+1, 0), IndexReader: reader}
	var at *search.DocumentMatch
	for _, dm := range kept {
		if at == nil || at.IndexInternalID.Compare(dm.IndexInternalID) < 0 {
			if at, err = s.Advance(sctx, dm.IndexInternalID); err != nil {
				return limitError(err)
			}
			if at == nil {
				break
			}
		}
		if at.IndexInternalID.Equals(dm.IndexInternalID) {
			// at is the searcher's; the hit takes its locations (the
			// searcher never reuses a match it has not been given back).
			dm.FieldTermLocations = at.FieldTermLocations
			at.FieldTermLocations = nil
		}
	}
	return nil
}

// locationQuery is q for reading the kept hits' locations: without its
// whole-query phrase on _all (textQuery's optional clause), whose
// locations are some of those its words' own clauses already give, and
// whose searcher would read every term vector of every career holding all
// the words to find them again. At 100,000 careers that phrase was half
// of a search's time.
func locationQuery(q query.Query) query.Query {
	b, ok := q.(*query.BooleanQuery)
	if !ok || b.Should == nil {
		return q
	}
	d, ok := b.Should.(*query.DisjunctionQuery)
	if !ok {
		return q
	}
	for _, c := range d.Disjuncts {
		if p, ok := c.(*phraseQuery); !ok || p.Field() != FieldAll {
			return q
		}
	}
	c := *b
	c.Should = nil
	return &c
}

// better reports whether a ranks before b: a higher score, or the same
// score and earlier in the index (as Bleve's collector breaks ties).
func better(a, b *search.DocumentMatch) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	return a.HitNumber < b.HitNumber
}

// topHeap is a min-heap of the best matches: the worst kept is on top.
type topHeap []*search.DocumentMatch

func (h topHeap) Len() int           { return len(h) }
func (h topHeap) Less(i, j int) bool { return better(h[j], h[i]) }
func (h topHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *topHeap) Push(x any)        { *h = append(*h, x.(*search.DocumentMatch)) }
func (h *topHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// holds reports whether h keeps dm (a linear scan: only called when a
// filtered search keeps two heaps and one of them evicts).
func (h topHeap) holds(dm *search.DocumentMatch) bool {
	for _, x := range h {
		if x == dm {
			return true
		}
	}
	return false
}

// searchState is what one search shares among its steps: one reader of
// the generation (opened once, closed once), the document frequencies
// read so far and the documents loaded so far, so that no step reads
// them again. It travels in the search's context (withState) because the
// steps that read the index are many and deep.
type searchState struct {
	reader index.IndexReader
	n      uint64 // careers in the generation
	dfs    map[string]uint64
	docs   map[string]*storedCareer
}

type stateKey struct{}

// withState opens the search's reader and returns ctx carrying it, and
// the function that closes it.
func (ix *Index) withState(ctx context.Context) (context.Context, func(), error) {
	if _, ok := ctx.Value(stateKey{}).(*searchState); ok {
		return ctx, func() {}, nil
	}
	adv, err := ix.idx.Advanced()
	if err != nil {
		return nil, nil, err
	}
	reader, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	n, err := reader.DocCount()
	if err != nil {
		reader.Close()
		return nil, nil, err
	}
	st := &searchState{reader: reader, n: n, dfs: make(map[string]uint64, 16)}
	return context.WithValue(ctx, stateKey{}, st), func() { reader.Close() }, nil
}

// state returns the search's state, opening one for this call alone when
// ctx carries none (a step called outside Search).
func (ix *Index) state(ctx context.Context) (*searchState, func(), error) {
	if st, ok := ctx.Value(stateKey{}).(*searchState); ok {
		return st, func() {}, nil
	}
	ctx, release, err := ix.withState(ctx)
	if err != nil {
		return nil, nil, err
	}
	return ctx.Value(stateKey{}).(*searchState), release, nil
}

// document reads a career's record from the careers file, once per
// search.
func (ix *Index) document(ctx context.Context, id string) (*storedCareer, error) {
	st, ok := ctx.Value(stateKey{}).(*searchState)
	if !ok {
		return ix.careers.read(id)
	}
	if d, ok := st.docs[id]; ok {
		return d, nil
	}
	d, err := ix.careers.read(id)
	if err != nil {
		return nil, err
	}
	if st.docs == nil {
		st.docs = make(map[string]*storedCareer, 16)
	}
	st.docs[id] = d
	return d, nil
}
