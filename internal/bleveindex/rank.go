package bleveindex

import (
	"context"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/rank"
)

// The ranking itself is internal/rank: this file hands it what it needs
// from a generation (the tables, the query's shape with its idf) and turns
// Bleve's matches into its candidates and back.

// ranker is one search's rank.Ranker, with the query terms' idf (for
// explanations).
type ranker struct {
	*rank.Ranker
	idf map[string]float64
}

// newRanker returns the ranker of a search for text, whose analysed terms
// (with the technology terms of its skills) are terms.
func (ix *Index) newRanker(ctx context.Context, text string, terms []string, sq skillQuery, related []relatedMatch) (*ranker, error) {
	idf, err := ix.idfs(ctx, terms)
	if err != nil {
		return nil, err
	}
	q := rank.Query{Terms: terms, IDF: idf, Task: ix.readsAsTask(text),
		WholeName: sq.wholeName, SkillWhole: sq.whole}
	if len(sq.names) > 0 {
		q.Names = make(map[string]bool, len(sq.names))
		for _, n := range sq.names {
			q.Names[n] = true
		}
	}
	// The terms of synonyms and root words from the related-words table
	// count, in the ranking, as the query words they stand for:
	// "Bartenders" is a title match for "mixologist". Broader terms do
	// not: "worker" is no title match for "skycap".
	for _, m := range related {
		src := ix.analyze(strings.Join(m.words, " "))
		for _, p := range m.phrases {
			if p.Via == career.RelatedBroader {
				continue
			}
			for _, t := range ix.analyze(p.Phrase) {
				if q.Related == nil {
					q.Related = map[string][]string{}
				}
				q.Related[t] = append(q.Related[t], src...)
			}
		}
	}
	// A one-word synonym counts as the words it stands for: a duty that
	// says "telework" covers "remote work". A longer one does not: a
	// duty holding "distributed" alone says nothing of "distributed
	// team", and the ranking weighs words, not phrases.
	for _, a := range sq.alts {
		alt := ix.analyze(a.phrase)
		if len(alt) != 1 {
			continue
		}
		if q.Related == nil {
			q.Related = map[string][]string{}
		}
		q.Related[alt[0]] = append(q.Related[alt[0]], ix.analyze(strings.Join(a.words, " "))...)
	}
	// The other forms of a query word count as part of the word, as they
	// do in the query: a title "Inspectors" covers some of "inspection".
	if ix.opts.Rank.FormWeight > 0 {
		for _, t := range terms {
			for _, f := range ix.forms[t] {
				if q.Forms == nil {
					q.Forms = map[string][]string{}
				}
				q.Forms[f] = append(q.Forms[f], t)
			}
		}
	}
	return &ranker{Ranker: rank.New(ix.opts.Rank, genTables{ix}, q), idf: idf}, nil
}

// genTables are a generation's tables as the ranking reads them.
type genTables struct{ ix *Index }

// Career reads the career by its document number (docTable.rank), or by
// id when the number is not its own.
func (g genTables) Career(id string, doc int) rank.Career {
	if t := g.ix.docs; t != nil && doc >= 0 && doc < len(t.rank) && t.ids[doc] == id {
		return t.rank[doc]
	}
	return g.ix.rankCareer(id)
}
func (g genTables) AvgDutyLen() float64           { return g.ix.avgDutyLen }
func (g genTables) Links(id string) []string      { return g.ix.linksOf(id) }
func (g genTables) LinkedFrom(id string) []string { return g.ix.linkedFromOf(id) }

// rankCareer gathers what the ranking reads of career id from the
// generation's tables by id.
func (ix *Index) rankCareer(id string) rank.Career {
	c := rank.Career{TitleLens: ix.titleLensOf(id), DutyLens: ix.dutyLensOf(id), DutyStarts: ix.dutyStartsOf(id), NoDuties: ix.hasNoDuties(id)}
	if ix.skills != nil {
		c.Skills = ix.skills.rankShapes[id]
	}
	return c
}

// windowBuffers are what one window's candidates take, pooled across
// searches: a window of 100 O*NET careers holds thousands of occurrences.
type windowBuffers struct {
	// cands holds the candidates in the window's order; ptrs the same
	// candidates, which the ranking reorders.
	cands []rank.Candidate
	ptrs  []*rank.Candidate
	occs  []rank.Occurrence
}

var windowPool = sync.Pool{New: func() any { return &windowBuffers{} }}

// release clears the buffers (they hold strings of the search) and pools
// them.
func (b *windowBuffers) release() {
	clear(b.cands)
	clear(b.ptrs)
	clear(b.occs)
	b.cands, b.ptrs, b.occs = b.cands[:0], b.ptrs[:0], b.occs[:0]
	windowPool.Put(b)
}

// candidates turns a window of Bleve's matches into the ranking's
// candidates, with their occurrences (only for the matches the ranker has
// not met yet: it keeps each one's features). The candidates live in
// buffers taken from windowPool: their occurrences are read only while
// the window is re-scored, and the caller releases them after.
func (rk *ranker) candidates(hits search.DocumentMatchCollection) *windowBuffers {
	b := windowPool.Get().(*windowBuffers)
	b.cands = slices.Grow(b.cands[:0], len(hits))[:len(hits)]
	b.ptrs = slices.Grow(b.ptrs[:0], len(hits))[:len(hits)]
	// One array holds every new candidate's occurrences.
	n := 0
	known := make([]bool, len(hits))
	for i, h := range hits {
		if known[i] = rk.Known(h.ID); !known[i] {
			n += len(h.FieldTermLocations)
		}
	}
	buf := slices.Grow(b.occs[:0], n)
	for i, h := range hits {
		c := &b.cands[i]
		c.ID, c.Base, c.Score, c.Doc = h.ID, h.Score, h.Score, -1
		if len(h.IndexInternalID) == 8 {
			c.Doc = int(h.IndexInternalID.Value())
		}
		if !known[i] {
			start := len(buf)
			buf = occurrencesOf(h, buf)
			c.Occurrences = buf[start:len(buf):len(buf)]
		}
		b.ptrs[i] = c
	}
	b.occs = buf
	return b
}

// occurrencesOf appends the occurrences of h's matched terms to buf, in
// no order and possibly repeated (two clauses may find one word), from the
// flat term locations Bleve found (a window hit is never completed into
// maps before it is ranked).
func occurrencesOf(h *search.DocumentMatch, buf []rank.Occurrence) []rank.Occurrence {
	for _, l := range h.FieldTermLocations {
		o := rank.Occurrence{Field: l.Field, Term: l.Term, Pos: l.Location.Pos}
		if len(l.Location.ArrayPositions) > 0 {
			o.Item, o.HasItem = l.Location.ArrayPositions[0], true
		}
		buf = append(buf, o)
	}
	return buf
}

// idfs returns 1+ln((N+1)/(df+1)) of each term over the _all field; a
// term the index lacks has df 0.
func (ix *Index) idfs(ctx context.Context, terms []string) (map[string]float64, error) {
	dfs, n, err := ix.docFreqs(ctx, terms)
	if err != nil {
		return nil, err
	}
	out := make(map[string]float64, len(terms))
	for t, df := range dfs {
		out[t] = 1 + math.Log(float64(n+1)/float64(df+1))
	}
	return out, nil
}

// docFreqs counts the careers holding each term, and all careers; each
// term is read once per search.
func (ix *Index) docFreqs(ctx context.Context, terms []string) (map[string]uint64, uint64, error) {
	st, release, err := ix.state(ctx)
	if err != nil {
		return nil, 0, err
	}
	defer release()
	out := make(map[string]uint64, len(terms))
	for _, t := range terms {
		if df, ok := st.dfs[t]; ok {
			out[t] = df
			continue
		}
		tfr, err := st.reader.TermFieldReader(ctx, []byte(t), FieldAll, false, false, false)
		if err != nil {
			return nil, 0, err
		}
		out[t] = tfr.Count()
		st.dfs[t] = out[t]
		tfr.Close()
	}
	return out, st.n, nil
}

func lensOf(str string) []int32 {
	if str == "" {
		return nil
	}
	f := strings.Fields(str)
	out := make([]int32, len(f))
	for i, x := range f {
		n, _ := strconv.ParseInt(x, 10, 32)
		out[i] = int32(n)
	}
	return out
}

// readsAsTask reports whether text reads as a task rather than a job
// title (rank.Params.ReadsAsTask), from the generation's duty openings
// and title words.
func (ix *Index) readsAsTask(text string) bool {
	return ix.opts.Rank.ReadsAsTask(words(text),
		func(w string) int { return ix.openings[w] },
		func(w string) bool { return ix.titleWords[w] })
}
