package bleveindex

import (
	"cmp"
	"context"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/blevesearch/bleve/v2/search"

	"github.com/careersearch/careers/internal/career"
)

// ranker re-scores the top hits from where the query's words occur in
// them, on top of Bleve's tf-idf score:
//
//   - title similarity: how much of the query a title (or an alias) holds,
//     times how much of that title the query covers, so "Registered Nurse"
//     ranks "Registered Nurses" first, while a long task phrase that shares
//     one word with a title gains little;
//   - item coverage: how much of the query a single duty or specialisation
//     holds (squared), so a career with one duty that says it all outranks
//     one whose duties mention the words here and there; a duty counts a
//     little more when it holds a longer query's words close together
//     (ProximityWeight, closeness).
//
// Both are weighted by the words' rarity (idf), and multiply the base score:
// final = base × (1 + TitleWeight·title + ItemWeight·item), item counting
// only when the query does not read as a job title, and TaskTitleWeight
// replacing TitleWeight when it reads as a task (see rerank). A career
// that lists no duties has its score multiplied by NoDutiesWeight.
type ranker struct {
	idf        map[string]float64
	totalIDF   float64
	title      float64
	item       float64
	gate       float64
	noDuties   float64
	avgDutyLen float64
	// taskTitle and taskItem are the weights for a query that reads as a
	// task.
	taskTitle float64
	taskItem  float64
	// gen is the generation whose in-memory tables (title and duty
	// lengths, careers without duties) the re-scoring reads.
	gen *Index
	// task is set when the query reads as a task (see readsAsTask).
	task bool
	// bit numbers each query term; weights holds their idf in that order.
	bit     map[string]uint64
	weights []float64
	// simBuf, tfBuf and spanBuf are scratch space of similarityOf.
	simBuf  []wordHit
	tfBuf   [64]int
	spanBuf []wordAt
	// alias maps a related phrase's terms to the bits of the query words
	// they stand for, so that a title "Lawyers" covers "prosecutor".
	alias map[string]uint64
	// forms maps the terms of other forms of the query words to the bits
	// of the words; a form counts formWeight of its word.
	forms      map[string]uint64
	formWeight float64
	// proximity is ProximityWeight for a query of three words or more,
	// else 0.
	proximity float64
	// bestDuty holds, after rerank of a task query, the duty of each hit
	// that holds the query best (for feedback).
	bestDuty map[string]int
	// explain asks applyFeedback to keep, in fed, the feedback words each
	// hit holds and the factor they gave it.
	explain bool
	fed     map[string]fedHit
	// skill is SkillWeight; names are the query's runs that are whole
	// skill names, and wholeName says the query is one of them.
	// skillHeld and skillExact are scratch of skillSimilarity.
	skill      float64
	names      map[string]bool
	wholeName  bool
	skillWhole bool
	skillHeld  map[uint64]uint64
	skillExact map[uint64]bool
	// feats caches each hit's features (featuresOf); occBuf is its
	// scratch.
	feats  map[string]features
	occBuf []occ
}

// fedHit is what feedback gave one hit: the words it holds and the factor.
type fedHit struct {
	words  []string
	factor float64
}

// aliasRelated lets the terms of synonyms and root words from the
// related-words table count, in the ranker, as the query words they stand
// for: "Bartenders" is a title match for "mixologist". Broader terms do
// not: "worker" is no title match for "skycap".
func (ix *Index) aliasRelated(r *ranker, related []relatedMatch) {
	for _, m := range related {
		var src uint64
		for _, t := range ix.analyze(strings.Join(m.words, " ")) {
			src |= r.bit[t]
		}
		if src == 0 {
			continue
		}
		for _, p := range m.phrases {
			if p.Via == career.RelatedBroader {
				continue
			}
			for _, t := range ix.analyze(p.Phrase) {
				if _, asked := r.bit[t]; asked {
					continue
				}
				if r.alias == nil {
					r.alias = map[string]uint64{}
				}
				r.alias[t] |= src
			}
		}
	}
}

// aliasForms lets the other forms of a query word count, in the ranker,
// as part of the word, as they do in the query: a title "Inspectors"
// covers some of "inspection".
func (ix *Index) aliasForms(r *ranker) {
	if ix.opts.Rank.FormWeight <= 0 {
		return
	}
	r.formWeight = ix.opts.Rank.FormWeight
	for t, bit := range r.bit {
		for _, f := range ix.forms[t] {
			if _, asked := r.bit[f]; asked {
				continue
			}
			if r.forms == nil {
				r.forms = map[string]uint64{}
			}
			r.forms[f] |= bit
		}
	}
}

func (ix *Index) newRanker(ctx context.Context, text string, terms []string) (*ranker, error) {
	// (text decides whether the query reads as a task; terms are its
	// analysed words.)
	r := &ranker{skill: ix.opts.Rank.SkillWeight, title: ix.opts.Rank.TitleWeight, item: ix.opts.Rank.ItemWeight, gate: ix.opts.Rank.TitleGate, noDuties: ix.opts.Rank.NoDutiesWeight, taskTitle: ix.opts.Rank.TaskTitleWeight, taskItem: ix.opts.Rank.TaskItemWeight, avgDutyLen: ix.avgDutyLen, gen: ix}
	idf, err := ix.idfs(ctx, terms)
	if err != nil {
		return nil, err
	}
	r.idf = idf
	r.task = ix.readsAsTask(text)
	r.bit = make(map[string]uint64, len(terms))
	for _, t := range terms {
		if _, dup := r.bit[t]; dup || len(r.weights) == 64 {
			continue
		}
		r.bit[t] = 1 << uint(len(r.weights))
		r.weights = append(r.weights, idf[t])
		r.totalIDF += idf[t]
	}
	if len(r.weights) >= 3 {
		r.proximity = ix.opts.Rank.ProximityWeight
	}
	return r, nil
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

// windowSignals are what the re-scoring takes from a whole window rather
// than from each hit: whether some title covers the query (the title
// gate), the feedback words of a task query and the careers the first
// hits list as related. A filtered search takes them from the unfiltered
// window, so that ticking a category never reorders the careers it keeps.
type windowSignals struct {
	// gated: some hit's title covers the query well, so the query reads
	// as a job title. decided is false until a window has said.
	gated, decided bool
	// skilled: some hit lists a skill that holds every query word, so
	// the query names a skill and duties that repeat it say little.
	skilled  bool
	titled   bool
	feedback map[string]float64
	// feedbackWords holds each feedback word as its duty writes it.
	feedbackWords map[string]string
	listed        map[string]int
	// first holds the first hits that listed counts links with.
	first []string
}

// rerank re-scores a window of top hits and sorts them again. How much
// title similarity counts depends on the query: if some hit's title covers
// the query well, the query reads as a job title and titles decide; if none
// does, it reads as a task and a partial title overlap means little. That
// is decided over this window unless sig has decided already.
func (r *ranker) rerank(hits search.DocumentMatchCollection, sig *windowSignals) {
	g := r.gen
	sims := make([]similarity, len(hits))
	var best similarity
	bestCover := 0.0
	for i, h := range hits {
		f := r.featuresOf(h)
		sims[i] = f.sim
		best.title = math.Max(best.title, sims[i].title)
		best.item = math.Max(best.item, sims[i].item)
		bestCover = math.Max(bestCover, f.cover)
	}
	if !sig.decided {
		sig.gated, sig.decided = best.title >= r.gate, true
		sig.skilled = !sig.gated && bestCover >= 1-1e-9
		// Some title is the query itself ("Traders" for "Trader"): the
		// query names a job, whatever tool shares its name.
		sig.titled = best.title >= 1-1e-9
	}
	iw, tw := r.item, r.title
	switch {
	case r.task:
		tw, iw = r.taskTitle, r.taskItem
	case sig.gated:
		iw = 0 // reads as a job title: duties that repeat its words say little
	case sig.skilled:
		iw = 0 // names a skill: a duty that mentions it is a passing mention
	}
	// Skill similarity counts (squared, as item coverage) when the query
	// names a skill; a skill named inside a longer query counts unless
	// the query reads as a job title or a task.
	sw := r.skill
	if !r.skillWhole && (sig.gated || r.task) || sig.titled {
		sw = 0
	}
	if r.task {
		r.bestDuty = make(map[string]int, len(hits))
		for i, h := range hits {
			r.bestDuty[h.ID] = sims[i].duty
		}
	}
	for i, h := range hits {
		h.Score *= (1 + tw*sims[i].title + iw*sims[i].item) * (1 + sw*sims[i].skill*sims[i].skill)
		if g.noDuties[h.ID] && r.noDuties > 0 {
			h.Score *= r.noDuties
		}
	}
	sortHits(hits)
}

// sortHits orders hits by score, then id, so pages are stable.
func sortHits(hits search.DocumentMatchCollection) {
	sort.SliceStable(hits, func(a, b int) bool {
		if hits[a].Score != hits[b].Score {
			return hits[a].Score > hits[b].Score
		}
		return hits[a].ID < hits[b].ID
	})
}

// listedBy counts, for each hit, its links with the first docs hits: one
// for each of them that lists it as related, and one for each of them it
// lists (relatedness goes both ways, and a list may name only some of a
// career's kin). It keeps the first hits in sig.first, for explanations.
func (r *ranker) listedBy(hits search.DocumentMatchCollection, docs int, sig *windowSignals) map[string]int {
	listed := make(map[string]int, 64)
	sig.first = sig.first[:0]
	for _, h := range hits[:min(docs, len(hits))] {
		sig.first = append(sig.first, h.ID)
		for _, id := range r.gen.links[h.ID] {
			listed[id]++
		}
	}
	// The first hits are few (RelatedDocs): a scan beats a set.
	isFirst := func(id string) bool {
		for _, f := range sig.first {
			if f == id {
				return true
			}
		}
		return false
	}
	for _, h := range hits {
		for _, id := range r.gen.links[h.ID] {
			if id != h.ID && isFirst(id) {
				listed[h.ID]++
			}
		}
	}
	return listed
}

// relatedWeight is the weight of the related-career boost for rk's query.
func (ix *Index) relatedWeight(rk *ranker) float64 {
	if rk.task {
		return ix.opts.Rank.TaskRelatedWeight
	}
	return ix.opts.Rank.RelatedWeight
}

// boostRelated raises the hits linked as related careers to the first
// hits (listed, from listedBy): a career that several good answers point
// to, or that points to them, is likely a good answer too (the cluster
// hypothesis, on the corpus's own links). A hit with n such links has its
// score multiplied by 1 + weight × n / docs; hits are then sorted again.
func boostRelated(hits search.DocumentMatchCollection, listed map[string]int, docs int, weight float64) {
	if docs <= 0 || weight <= 0 || len(listed) == 0 {
		return
	}
	for _, h := range hits {
		h.Score *= 1 + weight*float64(listed[h.ID])/float64(docs)
	}
	sortHits(hits)
}

// features are what the re-scoring reads of one hit: computed once per
// hit and search, however many times the window is re-scored (feedback
// and the related careers only recombine them) and in however many
// windows the hit is (a filtered search re-scores the unfiltered window
// too).
type features struct {
	sim   similarity
	cover float64
}

// featuresOf returns h's features, computing them on first use from the
// term locations Bleve found (before DocumentMatch.Complete turns them
// into maps: only the shown hits are completed).
func (r *ranker) featuresOf(h *search.DocumentMatch) features {
	if f, ok := r.feats[h.ID]; ok {
		return f
	}
	if r.feats == nil {
		r.feats = make(map[string]features, 128)
	}
	g := r.gen
	r.occBuf = occurrencesOf(h, r.occBuf[:0])
	f := features{sim: r.similarityOf(r.occBuf, g.lens[h.ID], g.dutyLens[h.ID], g.dutyStarts[h.ID])}
	if r.skill > 0 && g.skills != nil {
		f.sim.skill, f.cover = r.skillSimilarity(r.occBuf, g.skills.shapes[h.ID])
	}
	r.feats[h.ID] = f
	return f
}

// occ is one occurrence of an index term in a hit: its field, the
// field's item (the duty, alias or skill by position; hasItem false for a
// field of one value) and its position in it.
type occ struct {
	field, term string
	item, pos   uint64
	hasItem     bool
}

// occurrencesOf appends the occurrences of h's matched terms to buf, in
// no order and possibly repeated (two clauses may find one word: the
// similarity drops repeats). h holds them either flat (as Bleve found
// them) or, once completed, as maps.
func occurrencesOf(h *search.DocumentMatch, buf []occ) []occ {
	for _, l := range h.FieldTermLocations {
		o := occ{field: l.Field, term: l.Term, pos: l.Location.Pos}
		if len(l.Location.ArrayPositions) > 0 {
			o.item, o.hasItem = l.Location.ArrayPositions[0], true
		}
		buf = append(buf, o)
	}
	for f, tl := range h.Locations {
		for t, ls := range tl {
			for _, l := range ls {
				o := occ{field: f, term: t, pos: l.Pos}
				if len(l.ArrayPositions) > 0 {
					o.item, o.hasItem = l.ArrayPositions[0], true
				}
				buf = append(buf, o)
			}
		}
	}
	return buf
}

type similarity struct {
	title, item float64
	// skill is skillSimilarity's.
	skill float64
	// duty is the position of the duty that holds the query best, or -1.
	duty int
}

func (r *ranker) similarityOf(occs []occ, lens, dlens, dstarts []int) similarity {
	if r.totalIDF == 0 {
		return similarity{}
	}
	// The occurrences of query words (or of words standing for them) in
	// the ranked fields, by element (the title, one alias, one duty) and
	// position, so that each element is one run. Which query words an
	// element holds is a set of bits; a query has far fewer than 64
	// distinct words (search.max_terms), and a word past the 64th is
	// simply not counted.
	hits := r.simBuf[:0]
	for _, o := range occs {
		if !rankedField[o.field] {
			continue
		}
		bit, asked := r.bit[o.term]
		form := false
		if !asked {
			if bit, asked = r.alias[o.term]; !asked {
				if bit, form = r.forms[o.term]; !form {
					continue
				}
			}
		}
		hits = append(hits, wordHit{field: o.field, item: o.item, pos: o.pos, bit: bit, form: form})
	}
	slices.SortFunc(hits, func(a, b wordHit) int {
		if c := cmp.Compare(a.field, b.field); c != 0 {
			return c
		}
		if c := cmp.Compare(a.item, b.item); c != 0 {
			return c
		}
		if c := cmp.Compare(a.pos, b.pos); c != 0 {
			return c
		}
		if c := cmp.Compare(a.bit, b.bit); c != 0 {
			return c
		}
		if a.form != b.form {
			if a.form {
				return 1
			}
			return -1
		}
		return 0
	})
	hits = slices.Compact(hits)
	r.simBuf = hits
	// How often each query word occurs in each duty, for the duty's BM25.
	countTF := len(dlens) > 0 && r.avgDutyLen > 0
	s := similarity{duty: -1}
	dutyShare := 0.0
	for start := 0; start < len(hits); {
		field, pos := hits[start].field, hits[start].item
		end := start
		// held: the words the element holds; inForm: those it holds only
		// in another form; tf: how often it holds each word (duties).
		var held, inWord uint64
		clear(r.tfBuf[:len(r.weights)])
		spans := r.spanBuf[:0]
		opens := false
		for ; end < len(hits) && hits[end].field == field && hits[end].item == pos; end++ {
			h := hits[end]
			held |= h.bit
			if !h.form {
				inWord |= h.bit
			}
			if countTF && field == career.FieldDuties {
				if r.proximity > 0 && !h.form {
					spans = append(spans, wordAt{h.pos, h.bit})
				}
				if bits.OnesCount64(h.bit) == 1 {
					r.tfBuf[bits.TrailingZeros64(h.bit)]++
				}
				// The query's first word (a task's verb) opening the
				// duty or its description.
				if r.task && h.bit == 1 && (h.pos == 1 || int(pos) < len(dstarts) && int(h.pos) == dstarts[pos]) {
					opens = true
				}
			}
		}
		r.spanBuf = spans
		start = end
		inForm := held &^ inWord
		covered, n := 0.0, 0
		for i, w := range r.weights {
			if held&(1<<uint(i)) != 0 {
				if inForm&(1<<uint(i)) != 0 {
					w *= r.formWeight
				}
				covered += w
				n++
			}
		}
		queryShare := covered / r.totalIDF
		switch field {
		case career.FieldTitle, career.FieldAliases:
			size := 0
			if field == career.FieldTitle && len(lens) > 0 {
				size = lens[0]
			} else if field == career.FieldAliases && int(pos)+1 < len(lens) {
				size = lens[pos+1]
			}
			titleShare := 1.0
			if size > 0 {
				titleShare = math.Min(1, float64(n)/float64(size))
			}
			s.title = math.Max(s.title, queryShare*titleShare)
		default:
			// One word of a longer query in a duty is a passing mention,
			// not a duty that says what the query asks.
			if n >= 2 || len(r.idf) == 1 {
				share := queryShare
				if countTF && field == career.FieldDuties && int(pos) < len(dlens) {
					share = r.dutyBM25(r.tfBuf[:len(r.weights)], dlens[pos], inForm)
					if opens {
						share *= 1 + openingBonus
					}
					if r.proximity > 0 {
						share *= 1 + r.proximity*closeness(spans)
					}
				}
				// Squared: a duty that holds the whole query counts four
				// times one that holds half of it.
				s.item = math.Max(s.item, share*share)
				// The best duty, the first of equals.
				if field == career.FieldDuties && (s.duty < 0 || share > dutyShare) {
					s.duty, dutyShare = int(pos), share
				}
			}
		}
	}
	return s
}

// wordHit is one occurrence of a query word (by bit; a related word may
// stand for several) in a ranked field, form telling it is in another
// form of the word.
type wordHit struct {
	field     string
	item, pos uint64
	bit       uint64
	form      bool
}

// wordAt is where a query word (by bit; an alias may stand for several)
// occurs in a duty.
type wordAt struct {
	pos uint64
	bit uint64
}

// closeness says how close together a duty holds the query words it
// holds: their number over the shortest stretch of the duty (in
// positions) that holds them all, so 1 when they stand side by side and
// less the further apart they are; 0 when it holds fewer than two. It
// sorts ws.
func closeness(ws []wordAt) float64 {
	if len(ws) < 2 {
		return 0
	}
	slices.SortFunc(ws, func(a, b wordAt) int { return cmp.Compare(a.pos, b.pos) })
	var all uint64
	for _, w := range ws {
		all |= w.bit
	}
	words := bits.OnesCount64(all)
	if words < 2 {
		return 0
	}
	// Shortest window [i, j) of ws whose bits cover all: count, per word,
	// its occurrences inside the window.
	var inside [64]int
	var have uint64
	shortest := uint64(math.MaxUint64)
	add := func(b uint64, d int) {
		for b != 0 {
			k := bits.TrailingZeros64(b)
			inside[k] += d
			if inside[k] > 0 {
				have |= 1 << uint(k)
			} else {
				have &^= 1 << uint(k)
			}
			b &= b - 1
		}
	}
	j := 0
	for i := range ws {
		for j < len(ws) && have != all {
			add(ws[j].bit, 1)
			j++
		}
		if have != all {
			break
		}
		shortest = min(shortest, ws[j-1].pos-ws[i].pos+1)
		add(ws[i].bit, -1)
	}
	if shortest == math.MaxUint64 {
		return 0
	}
	return math.Min(1, float64(words)/float64(shortest))
}

// openingBonus raises the coverage of a duty that a task query's first
// word (its verb) opens: "Measure product dimensions" is best answered by
// a duty that says "Measure ..." (docs/RELEVANCE.md).
const openingBonus = 0.3

// BM25 parameters of the per-duty score (docs/RELEVANCE.md): full length
// normalisation, because duties are short passages of one kind.
const (
	dutyK1 = 1.2
	dutyB  = 1.0
)

// dutyBM25 scores one duty holding the query words counted in r.tf (those
// in inForm only in another form, which count formWeight of the word)
// with BM25 against the generation's mean duty length, and scales it to
// [0, 1]: 1 for a duty of mean length that holds every query word very
// often. Unlike the plain share of the query's idf, it tells a short duty
// that is about the query from a long one that mentions it in passing.
func (r *ranker) dutyBM25(tf []int, length int, inForm uint64) float64 {
	norm := 1 - dutyB + dutyB*float64(length)/r.avgDutyLen
	score := 0.0
	for i, w := range r.weights {
		if inForm&(1<<uint(i)) != 0 {
			w *= r.formWeight
		}
		if c := float64(tf[i]); c > 0 {
			score += w * c * (dutyK1 + 1) / (c + dutyK1*norm)
		}
	}
	return math.Min(1, score/r.totalIDF/(dutyK1+1))
}

// rankedField holds the fields whose items the similarity weighs.
var rankedField = map[string]bool{career.FieldTitle: true, career.FieldAliases: true, career.FieldDuties: true, career.FieldSpecialisations: true}

func lensOf(str string) []int {
	if str == "" {
		return nil
	}
	f := strings.Fields(str)
	out := make([]int, len(f))
	for i, x := range f {
		out[i], _ = strconv.Atoi(x)
	}
	return out
}

// titleFade is 1 for queries of up to three words and falls with the
// square of the length past that: long queries are tasks, not titles.
func titleFade(words int) float64 {
	if words <= 3 {
		return 1
	}
	return math.Pow(3/float64(words), 2)
}

// readsAsTask reports whether text reads as a task rather than a job
// title: it has two words or more, and its first word opens at least
// TaskMinOpenings duties of the corpus (duties open with a verb) and is in
// no title or alias. "Adjust dental devices" reads as a task; "Dental
// Hygienist" and "Claims Adjuster" do not.
func (ix *Index) readsAsTask(text string) bool {
	if ix.opts.Rank.TaskMinOpenings <= 0 {
		return false
	}
	ws := words(text)
	return len(ws) > 1 && ix.openings[ws[0]] >= ix.opts.Rank.TaskMinOpenings && !ix.titleWords[ws[0]]
}
