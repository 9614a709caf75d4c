package bleveindex

import (
	"cmp"
	"context"
	"html"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/querylang"
	"github.com/careersearch/careers/internal/rank"
	"github.com/careersearch/careers/internal/synonyms"
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
			return nil, career.Errorf(career.EINVALID, "category: unknown category %s", career.Quote(c))
		}
	}
	skills := make([]string, len(q.Skills))
	for i, s := range q.Skills {
		skills[i] = normalizeSkill(s)
		if ix.skills == nil || ix.skills.names[skills[i]] == nil {
			return nil, career.Errorf(career.EINVALID, "skill: no career lists %q", s)
		}
	}
	// One reader serves every step of the search (exec.go, searchState).
	ctx, release, err := ix.withState(ctx)
	if err != nil {
		return nil, translate(err)
	}
	defer release()
	text := strings.TrimSpace(q.Text)
	parsed, err := querylang.Parse(text, queryFields)
	if err != nil {
		return nil, err
	}
	plain := strings.TrimSpace(parsed.Plain())
	via := map[string]string{}
	var corrected, didYouMean string
	var sp spelling
	if !parsed.HasSyntax() {
		// Experts who write syntax get exactly what they wrote.
		sp, err = ix.correctUnknown(ctx, plain, via)
		if err != nil {
			return nil, translate(err)
		}
		corrected = sp.corrected
		if corrected != "" {
			plain = corrected
		} else if sp.offered == "" {
			// A rare word that looks like a typo is only pointed out: the
			// query is still searched as typed.
			didYouMean, err = ix.didYouMean(ctx, plain, sp.dfs)
			if err != nil {
				return nil, translate(err)
			}
		}
	}
	var meant []career.Meaning
	var meantAlts, fillerAlts []synonymAlt
	if !parsed.HasSyntax() {
		// Everyday fillers ("a lot", "things", "I like") are not what a
		// person looks for; they go unless nothing else would be left.
		// A synonym rule that spans one ("good with numbers") still
		// applies.
		if kept, dropped := querylang.StripFillers(plain); len(dropped) > 0 && len(ix.analyze(kept)) > 0 {
			fillerAlts = ix.synonyms(plain)
			plain = kept
		}
		// Idioms ("grease monkey") are searched as what they mean.
		plain, meant, meantAlts = ix.meaning(plain)
	}
	// A strict query that finds nothing is relaxed step by step, and the
	// answer says which step found something.
	relaxed := ""
	sq := ix.splitSkills(ctx, plain)
	sq.alts = append(sq.alts, meantAlts...)
	for _, a := range fillerAlts {
		if !slices.ContainsFunc(sq.alts, func(b synonymAlt) bool { return b.phrase == a.phrase }) {
			sq.alts = append(sq.alts, a)
		}
	}
	for level := 0; ; level++ {
		res, err := ix.search(ctx, q, skills, sq, ix.expertQuery(parsed, sq, level), via)
		if err != nil {
			return nil, err
		}
		if res.Total > 0 || !parsed.HasSyntax() || level == len(relaxSteps) {
			res.Query = q.Text
			res.Corrected = corrected
			res.DidYouMean = didYouMean
			res.Missing = sp.missing
			if sp.offered != "" && res.Total == 0 {
				// A real word no career holds: offer the close corpus word
				// only when the words as typed find nothing at all.
				res.DidYouMean = sp.offered
			}
			res.Relaxed = relaxed
			res.Meant = meant
			if len(parsed.DroppedQuotes) > 0 {
				res.UnclosedQuote = parsed.DroppedQuotes[0]
			}
			if q.AllCategories {
				res.AllCategories, _ = ix.Categories(ctx)
			}
			res.TookMS = float64(time.Since(start).Microseconds()) / 1000
			return res, nil
		}
		relaxed = relaxSteps[level]
	}
}

// relaxSteps name what each relaxation level gave up.
var relaxSteps = []string{"phrases", "required words"}

// expertQuery builds the query for parsed: bare words are ranked (any of
// them may match); quoted phrases, field clauses and +words are required;
// -clauses are excluded. Level 1 turns required phrases into required
// words; level 2 requires nothing but keeps the exclusions.
func (ix *Index) expertQuery(parsed *querylang.Query, sq skillQuery, level int) query.Query {
	core := ix.textQuery(sq)
	if !parsed.HasSyntax() {
		return core
	}
	b := bleve.NewBooleanQuery()
	var must []query.Query
	for _, c := range parsed.Clauses {
		field := c.Field
		if field == "" {
			field = FieldAll
		}
		var cq query.Query
		if field == career.FieldSkills {
			cq = ix.skillFieldQuery(c.Text, c.Phrase && level == 0)
		} else if field != FieldAll {
			// A text field keeps no term vectors: fieldQuery locates
			// it through _all (fieldloc.go).
			if c.Phrase && level == 0 {
				cq = newFieldPhrase(field, c.Text, 1)
			} else {
				cq = newFieldMatch(field, c.Text)
			}
		} else if c.Phrase && level == 0 {
			p := bleve.NewMatchPhraseQuery(c.Text)
			p.SetField(field)
			cq = p
		} else {
			m := bleve.NewMatchQuery(c.Text)
			m.SetField(field)
			m.SetOperator(query.MatchQueryOperatorAnd)
			cq = m
		}
		switch {
		case c.Occur == querylang.MustNot:
			b.AddMustNot(cq)
		case level < 2 && (c.Occur == querylang.Must || c.Phrase || c.Field != ""):
			must = append(must, cq)
		}
	}
	if len(must) == 0 {
		b.AddMust(core)
	} else {
		b.AddMust(must...)
		b.AddShould(core)
	}
	return b
}

// search runs one ranked, faceted, highlighted search for q, with text
// (the query's words) used for ranking, highlights and explanations.
func (ix *Index) search(ctx context.Context, q career.Query, skills []string, sq skillQuery, textQuery query.Query, via map[string]string) (*career.Result, error) {
	var err error
	text := sq.text
	asked := !sq.empty()
	// A skill filter narrows the query itself: the window signals and the
	// category counts are those of the careers that list the skills.
	// Categories only filter, in the pass (exec.go).
	unfiltered := textQuery
	if len(skills) > 0 {
		unfiltered = withFilter(textQuery, skillFilter(skills))
	}
	if !asked {
		return ix.browse(ctx, q, skills, unfiltered)
	}
	from := (q.Page - 1) * q.Size
	window := ix.opts.Rank.Window
	weighs := ix.opts.Rank.TitleWeight > 0 || ix.opts.Rank.ItemWeight > 0
	// The ranker re-scores the first Window hits: fetch them all when
	// the page lies inside the window, and cut the page out afterwards.
	var rk *ranker
	if q.Explain || from+q.Size <= window && weighs {
		rk, err = ix.newRanker(ctx, text, append(slices.Clip(sq.words), sq.tech...), sq, sq.related)
		if err != nil {
			return nil, translate(err)
		}
	}
	rerank := rk != nil && from+q.Size <= window && weighs
	var selected []bool
	if len(q.Categories) > 0 {
		selected = make([]bool, len(ix.meta.Categories))
		for _, c := range q.Categories {
			for i, name := range ix.meta.Categories {
				if name == c {
					selected[i] = true
				}
			}
		}
	}
	st, release, err := ix.state(ctx)
	if err != nil {
		return nil, translate(err)
	}
	defer release()
	// One pass keeps the window (or the hits down to the page), the
	// unfiltered window of a filtered search for the window signals, and
	// counts the categories.
	k := max(from+q.Size, window)
	matches, err := ix.estimateMatches(ctx, sq.words)
	if err != nil {
		return nil, translate(err)
	}
	p, err := ix.run(ctx, st.reader, unfiltered, passOptions{
		k:           k,
		selected:    selected,
		all:         rerank,
		locations:   true,
		locateAfter: matches > locateAfterRatio*uint64(k),
	})
	if err != nil {
		return nil, translate(err)
	}
	hits := p.hits
	var sig *rank.Signals
	if rerank {
		if selected != nil {
			// The window signals come from the unfiltered window.
			if sig, err = ix.rescore(ctx, rk, p.all, nil); err != nil {
				return nil, err
			}
		}
		if sig, err = ix.rescore(ctx, rk, hits, sig); err != nil {
			return nil, err
		}
	} else {
		sortHits(hits)
	}
	// The skills facet counts the skills of the first Window hits after
	// every filter, in memory: Bleve's terms facet over every match read
	// each match's skills and cost O*NET searches 20 times their time
	// (docs/RELEVANCE.md, "Skills").
	skillCounts := ix.skillFacetHits(hits[:min(window, len(hits))], skills)
	end := min(from+q.Size, len(hits))
	hits = hits[min(from, end):end]
	counts := markSelected(ix.countValues(p.counts), q.Categories)
	out := &career.Result{
		Query:  q.Text,
		Total:  p.total,
		Page:   q.Page,
		Size:   q.Size,
		Hits:   make([]career.Hit, 0, len(hits)),
		Facets: career.Facets{Category: counts, Skills: skillCounts},
	}
	var qw *queryWords
	if q.Explain && rk != nil {
		qw = ix.queryWords(text, via)
	}
	for _, h := range hits {
		// Only the shown hits get their locations as maps, for the
		// highlighter and the explanations.
		if h.Locations == nil {
			h.Complete(nil)
		}
		hit, err := ix.hit(ctx, h, true, qw, rk)
		if err != nil {
			return nil, err
		}
		if qw != nil && sig != nil {
			hit.Raised = ix.raised(h.ID, rk, sig)
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// locateAfterRatio: a query expected to match more than this many times
// the hits it keeps reads the term locations after its pass, for the kept
// hits alone. Alternated in one process over 400 queries of the bench mix,
// p50 with 8 against never: 1.36 against 1.44 ms on the O*NET import,
// 3.9 against 4.4 ms on 20,000 generated careers; 2 instead of 8: 1.47 ms
// on O*NET (the second searcher costs more than it saves on small sets).
const locateAfterRatio = 8

// estimateMatches bounds how many careers a query of terms matches: the
// sum of the terms' document frequencies (read once per search).
func (ix *Index) estimateMatches(ctx context.Context, terms []string) (uint64, error) {
	dfs, _, err := ix.docFreqs(ctx, terms)
	if err != nil {
		return 0, err
	}
	var n uint64
	for _, df := range dfs {
		n += df
	}
	return n, nil
}

// countValues turns counts by category ordinal into facet values: the
// categories with matches, most first.
func (ix *Index) countValues(counts []int) []career.FacetValue {
	out := make([]career.FacetValue, 0, len(counts))
	for i, n := range counts {
		if n > 0 {
			out = append(out, career.FacetValue{Value: ix.meta.Categories[i], Count: n})
		}
	}
	sortFacets(out)
	return out
}

// browse lists careers by id when the query has no words: every career,
// or those that list the skills, with the category filter and counts.
func (ix *Index) browse(ctx context.Context, q career.Query, skills []string, unfiltered query.Query) (*career.Result, error) {
	main := unfiltered
	if len(q.Categories) > 0 {
		main = withFilter(unfiltered, categoryFilter(q.Categories))
	}
	from := (q.Page - 1) * q.Size
	req := bleve.NewSearchRequestOptions(main, q.Size, from, false)
	req.SortBy([]string{"_id"})
	facets := bleve.NewFacetRequest(career.FieldCategory, len(ix.meta.Categories)+1)
	if len(q.Categories) == 0 && len(skills) > 0 {
		req.AddFacet(facetName, facets)
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, translate(err)
	}
	var counts []career.FacetValue
	switch {
	case len(skills) == 0:
		counts, _ = ix.Categories(ctx)
	case len(q.Categories) == 0:
		counts = facetValues(res.Facets[facetName])
	default:
		counts, err = ix.facetCounts(ctx, unfiltered)
		if err != nil {
			return nil, err
		}
	}
	counts = markSelected(counts, q.Categories)
	var ids []string
	if ix.skills != nil && len(ix.skills.names) > 0 {
		if ids, err = ix.firstIDs(ctx, main, false); err != nil {
			return nil, err
		}
	}
	skillCounts := ix.skillFacet(ids, skills)
	out := &career.Result{
		Query:  q.Text,
		Total:  res.Total,
		Page:   q.Page,
		Size:   q.Size,
		Hits:   make([]career.Hit, 0, len(res.Hits)),
		Facets: career.Facets{Category: counts, Skills: skillCounts},
	}
	for _, h := range res.Hits {
		hit, err := ix.hit(ctx, h, false, nil, nil)
		if err != nil {
			return nil, err
		}
		out.Hits = append(out.Hits, hit)
	}
	return out, nil
}

// sortHits orders hits by score, then id, so pages are stable.
func sortHits(hits search.DocumentMatchCollection) {
	slices.SortStableFunc(hits, func(a, b *search.DocumentMatch) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// hitIDs returns the ids of hits.
func hitIDs(hits search.DocumentMatchCollection) []string {
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.ID
	}
	return out
}

// firstIDs returns the ids of the first RerankWindow matches of q, by
// score (or by id when nothing was asked), for the skills facet of a
// search whose page was not re-scored.
func (ix *Index) firstIDs(ctx context.Context, q query.Query, asked bool) ([]string, error) {
	req := bleve.NewSearchRequestOptions(q, max(ix.opts.Rank.Window, 1), 0, false)
	if asked {
		req.SortBy([]string{"-_score", "_id"})
	} else {
		req.SortBy([]string{"_id"})
	}
	res, err := ix.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, translate(err)
	}
	return hitIDs(res.Hits), nil
}

// rescore re-scores a window with the ranking (internal/rank): title
// similarity and item coverage, then, for a task query, the feedback
// words, then the careers the first hits list as related; it leaves the
// hits in their new order with their new scores. With sig nil the window
// signals (rank.Signals) are taken from this window and returned;
// otherwise sig's are used.
func (ix *Index) rescore(ctx context.Context, rk *ranker, hits search.DocumentMatchCollection, sig *rank.Signals) (*rank.Signals, error) {
	own := sig == nil
	if own {
		sig = &rank.Signals{}
	}
	window := rk.candidates(hits)
	defer window.release()
	cands := window.ptrs
	rk.Rerank(cands, sig)
	if own {
		// A task query's window is re-scored with the words of the duties
		// that answer it best (see feedback).
		fb, written, err := ix.feedback(ctx, rk, cands)
		if err != nil {
			return nil, translate(err)
		}
		sig.Feedback, sig.FeedbackWords = fb, written
	}
	if len(sig.Feedback) > 0 {
		holds, err := ix.feedbackHolds(ctx, hits, sig.Feedback)
		if err != nil {
			return nil, translate(err)
		}
		rk.ApplyFeedback(cands, holds, sig)
		rk.Rerank(cands, sig)
	}
	if own {
		rk.ListedBy(cands, sig)
	}
	rk.BoostRelated(cands, sig)
	// window.cands are in the hits' order; the ranking's order (score,
	// then id: a total order, the ids being distinct) is theirs again.
	for i, h := range hits {
		h.Score = window.cands[i].Score
	}
	sortHits(hits)
	return sig, nil
}

// textQuery builds the ranking query for free text. Its core is
// term-centric: each query word is sought in the composite _all field, and
// the words are combined in a disjunction whose coordination factor rewards
// careers that contain more of the words, wherever they occur. Field
// weights and phrases are added beside it (a boolean "should"), not inside
// it, so that weighing the title does not dilute the word coverage of a
// career whose words are all in its duties.
func (ix *Index) textQuery(sq skillQuery) query.Query {
	if sq.empty() {
		return bleve.NewMatchAllQuery()
	}
	text := sq.text
	terms := sq.words
	skill := ix.skillClause(sq)
	if len(terms) == 0 {
		if skill != nil {
			return skill
		}
		return bleve.NewMatchNoneQuery()
	}
	fade := rank.TitleFade(len(terms))
	weight := func(f string) float64 {
		if f == career.FieldTitle || f == career.FieldAliases {
			return ix.boost(f) * fade
		}
		return ix.boost(f)
	}
	termsIn := func(f string) []query.Query {
		out := make([]query.Query, len(terms))
		for i, t := range terms {
			if f != FieldAll {
				out[i] = newFieldTerm(f, t, weight(f))
				continue
			}
			tq := bleve.NewTermQuery(t)
			tq.SetField(f)
			tq.SetBoost(weight(f))
			out[i] = tq
		}
		return out
	}
	core := termsIn(FieldAll)
	// A synonym stands in for the words it replaces: it joins the core, so
	// a career that says "telework" matches "remote work".
	for _, alt := range phrases(sq.alts) {
		core = append(core, ix.phraseInAll(alt, 1))
	}
	// Words related to a person word the corpus lacks ("bartender" for
	// "mixologist") join the core too, weighed by how they are related.
	for _, m := range sq.related {
		for _, r := range m.phrases {
			core = append(core, ix.phraseInAll(r.Phrase, rank.RelatedPhraseWeight(r.Via)))
		}
	}
	// Other forms of a word ("inspection" for "inspect") join the core,
	// weaker than the word as typed.
	if ix.opts.Rank.FormWeight > 0 {
		for _, t := range terms {
			for _, f := range ix.forms[t] {
				tq := bleve.NewTermQuery(f)
				tq.SetField(FieldAll)
				tq.SetBoost(weight(FieldAll) * ix.opts.Rank.FormWeight)
				core = append(core, tq)
			}
		}
	}
	// The listed skills: one clause, however many words it holds.
	if skill != nil {
		core = append(core, skill)
	}
	main := bleve.NewDisjunctionQuery(core...)
	var extras []query.Query
	for _, f := range career.TextFields {
		if weight(f) > 0 {
			extras = append(extras, termsIn(f)...)
		}
	}
	if len(terms) > 1 && ix.opts.Rank.PhraseBoost > 0 {
		for _, f := range scoredFields {
			if weight(f) <= 0 {
				continue
			}
			if f != FieldAll {
				extras = append(extras, newFieldPhrase(f, text, weight(f)*ix.opts.Rank.PhraseBoost))
				continue
			}
			extras = append(extras, newPhraseQuery(text, f, weight(f)*ix.opts.Rank.PhraseBoost))
		}
	}
	if len(extras) == 0 {
		return main
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(main)
	b.AddShould(extras...)
	return b
}

// phraseInAll is the clause that seeks phrase in _all with boost: a
// phrase query, or, when the phrase is one term, that term's query.
// Bleve's phrase searcher for one term is a conjunction of that term's
// searcher alone, which scores, weighs and locates exactly as the term's
// searcher does, but reads every match's term vectors and builds its
// location maps to check positions there is nothing to check between.
func (ix *Index) phraseInAll(phrase string, boost float64) query.Query {
	toks := ix.analyzer.Analyze([]byte(phrase))
	if len(toks) == 1 {
		tq := bleve.NewTermQuery(string(toks[0].Term))
		tq.SetField(FieldAll)
		tq.SetBoost(boost)
		return tq
	}
	// The analysis just done is the phrase query's: _all's analyzer.
	p := newPhraseQuery(phrase, FieldAll, boost)
	p.terms = phraseTerms(toks)
	return p
}

// synonymAlt is one phrase the synonym set offers for some query words.
type synonymAlt struct {
	phrase string
	words  []string // the query words it stands for, as typed
}

// synonyms returns the alternatives the synonym set offers for text, each
// phrase once for the same words.
func (ix *Index) synonyms(text string) []synonymAlt {
	if ix.opts.Synonyms == nil {
		return nil
	}
	words := synonyms.Words(text)
	seen := map[string]bool{}
	var out []synonymAlt
	for _, a := range ix.opts.Synonyms.Expand(words) {
		from := words[a.Start:a.End]
		key := a.Phrase + "\x00" + strings.Join(from, " ")
		if !seen[key] {
			seen[key] = true
			out = append(out, synonymAlt{phrase: a.Phrase, words: from})
		}
	}
	return out
}

// meaning replaces the phrases of text that an @instead rule of the
// synonym file matches ("grease monkey") with the rule's first
// replacement ("mechanic"), so that they are searched as what they mean:
// the words as written would find "Grease Buffers" and monkeys. It
// returns the text as it is to be searched, what was replaced, and the
// rule's other replacements as synonyms of the first.
func (ix *Index) meaning(text string) (string, []career.Meaning, []synonymAlt) {
	if ix.opts.Synonyms == nil {
		return text, nil, nil
	}
	words := synonyms.Words(text)
	all := ix.opts.Synonyms.Expand(words)
	if !slices.ContainsFunc(all, func(a synonyms.Alternative) bool { return a.Instead }) {
		return text, nil, nil
	}
	var out []string
	var meant []career.Meaning
	var alts []synonymAlt
	for i := 0; i < len(words); {
		k := slices.IndexFunc(all, func(a synonyms.Alternative) bool { return a.First && a.Start == i })
		if k < 0 {
			out = append(out, words[i])
			i++
			continue
		}
		first := all[k]
		out = append(out, first.Phrase)
		meant = append(meant, career.Meaning{Typed: strings.Join(words[first.Start:first.End], " "), Searched: first.Phrase})
		for _, a := range all {
			if a.Instead && !a.First && a.Start == i {
				alts = append(alts, synonymAlt{phrase: a.Phrase, words: strings.Fields(first.Phrase)})
			}
		}
		i = first.End
	}
	return strings.Join(out, " "), meant, alts
}

// phrases returns the distinct phrases of alts.
func phrases(alts []synonymAlt) []string {
	var out []string
	for _, a := range alts {
		if !slices.Contains(out, a.phrase) {
			out = append(out, a.phrase)
		}
	}
	return out
}

// queryFields are the fields a query may name (field:word).
var queryFields = append(append([]string{}, career.TextFields...), career.FieldSkills)

// skillFieldQuery is the query of a skills:word (or skills:"phrase")
// clause: the words in the English skills field, or, for a technology
// word, in the skill terms.
func (ix *Index) skillFieldQuery(text string, phrase bool) query.Query {
	var qs []query.Query
	var plain []string
	for _, w := range strings.Fields(text) {
		if t := typedWord(w); isTechWord(t) || ix.skills != nil && ix.skills.terms[t] && len([]rune(t)) <= 2 {
			tq := bleve.NewTermQuery(t)
			tq.SetField(FieldSkillTerms)
			qs = append(qs, tq)
			continue
		}
		plain = append(plain, w)
	}
	if len(plain) > 0 {
		joined := strings.Join(plain, " ")
		if phrase {
			p := bleve.NewMatchPhraseQuery(joined)
			p.SetField(career.FieldSkills)
			qs = append(qs, p)
		} else {
			m := bleve.NewMatchQuery(joined)
			m.SetField(career.FieldSkills)
			m.SetOperator(query.MatchQueryOperatorAnd)
			qs = append(qs, m)
		}
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return bleve.NewConjunctionQuery(qs...)
}

// FieldAll is the composite of every text field.
const FieldAll = "_all"

// scoredFields are the fields a query is scored against, each with its
// boost from Options; a field without a boost is not searched.
var scoredFields = append([]string{FieldAll}, career.TextFields...)

func (ix *Index) boost(field string) float64 { return ix.opts.Rank.Boosts[field] }

// analyze returns the distinct terms of text as the index analyses it.
func (ix *Index) analyze(text string) []string {
	toks := ix.analyzer.Analyze([]byte(text))
	seen := make(map[string]bool, len(toks))
	out := make([]string, 0, len(toks))
	for _, t := range toks {
		term := string(t.Term)
		if !seen[term] {
			seen[term] = true
			out = append(out, term)
		}
	}
	return out
}

// withFilter restricts q to the careers filter matches, as a boolean
// query's filter: Bleve checks it on each hit without scoring it, so a
// filter does not reorder what it keeps. (Under a conjunction the category
// term was scored, its rarity outweighing the text, and Bleve advanced the
// text query's optional phrase clauses so that a filtered page lost their
// scores on some builds and not others.)
func withFilter(q, filter query.Query) query.Query {
	if b, ok := q.(*query.BooleanQuery); ok && b.Filter == nil {
		c := *b // a copy: q itself also counts the facets, unfiltered
		c.AddFilter(filter)
		return &c
	}
	b := bleve.NewBooleanQuery()
	b.AddMust(q)
	b.AddFilter(filter)
	return b
}

// categoryFilter matches the careers of any of cats (see withFilter).
func categoryFilter(cats []string) query.Query {
	qs := make([]query.Query, len(cats))
	for i, c := range cats {
		t := bleve.NewTermQuery(c)
		t.SetField(career.FieldCategory)
		qs[i] = t
	}
	return bleve.NewDisjunctionQuery(qs...)
}

func (ix *Index) facetCounts(ctx context.Context, q query.Query) ([]career.FacetValue, error) {
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

func (ix *Index) hit(ctx context.Context, h *search.DocumentMatch, highlight bool, qw *queryWords, rk *ranker) (career.Hit, error) {
	hit := career.Hit{ID: h.ID, Score: h.Score, Highlights: map[string][]string{}}
	// One read of the career's record serves the title, category, summary,
	// highlights and explanation.
	doc, err := ix.document(ctx, h.ID)
	if err != nil {
		return hit, translate(err)
	}
	hit.Title, hit.Category = string(doc.title), string(doc.category)
	hit.Summary = truncate(string(doc.summary), ix.opts.FragmentSize)
	if highlight && len(h.Locations) > 0 {
		// Paragraph breaks inside a passage read as one line (oneLine).
		ix.highlighter.highlight(h, doc, career.TextFields, hit.Highlights)
		if qw != nil {
			hit.Explain = ix.explain(h, doc, qw, rk.idf)
		}
		if ix.skills != nil && hasSkillMatch(h.Locations) {
			if hl := skillHighlights(h.Locations, ix.skills.texts(h.ID)); len(hl) > 0 {
				hit.Highlights[career.FieldSkills] = hl
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
	var cut string
	if utf8.ValidString(s) {
		// The first n characters, without a copy of the text as runes.
		end := 0
		for range n {
			_, size := utf8.DecodeRuneInString(s[end:])
			end += size
		}
		cut = s[:end]
	} else {
		cut = string([]rune(s)[:n])
	}
	if i := strings.LastIndexAny(cut, " \t\n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-") + "…"
}
