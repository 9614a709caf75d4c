package rank

import (
	"cmp"
	"math"
	"math/bits"
	"slices"

	"github.com/careersearch/careers/internal/career"
)

// The ranking re-scores the top hits of a search (the window) from where
// the query's words occur in them, on top of the index's own tf-idf score:
//
//   - title similarity: how much of the query a title (or an alias) holds,
//     times how much of that title the query covers, so "Registered Nurse"
//     ranks "Registered Nurses" first, while a long task phrase that shares
//     one word with a title gains little;
//   - item coverage: how much of the query a single duty or specialisation
//     holds (squared), so a career with one duty that says it all outranks
//     one whose duties mention the words here and there; a duty counts a
//     little more when it holds a longer query's words close together
//     (ProximityWeight, closeness) or when a task query's verb opens it;
//   - skill similarity: how well one listed skill answers the query.
//
// They are weighted by the words' rarity (idf) and multiply the base
// score: final = base × (1 + TitleWeight·title + ItemWeight·item) ×
// (1 + SkillWeight·skill²), item counting only when the query does not
// read as a job title, and the task weights replacing the others when it
// reads as a task (Rerank). Feedback words and related careers then
// raise it (ApplyFeedback, BoostRelated). docs/RELEVANCE.md gives the
// measurements behind each part.

// Field names the ranking reads occurrences in, besides career's text
// fields: the skill names as technology terms and as whole names.
const (
	FieldSkillTerms = "skill_terms"
	FieldSkillNames = "skill_names"
)

// Occurrence is one occurrence of an index term in a candidate: its field,
// the field's item (the duty, alias or skill by position; HasItem false
// for a field of one value) and its position in it.
type Occurrence struct {
	Field, Term string
	Item, Pos   uint64
	HasItem     bool
}

// Candidate is one hit of the window.
type Candidate struct {
	ID string
	// Doc is the number the tables know the career by, if they number
	// careers (Tables.Career); tables that look careers up by id ignore
	// it.
	Doc int
	// Base is the index's score; Score the re-scored one.
	Base, Score float64
	// Occurrences are where the query's terms occur in it, in any order,
	// repeats allowed.
	Occurrences []Occurrence
	// evidence is the candidate's evidence once EvidenceOf has it
	// (hasEvidence).
	evidence    Evidence
	hasEvidence bool
}

// Tables are what the ranking reads of the generation the candidates come
// from.
type Tables interface {
	// Career returns what the ranking reads of one candidate's career,
	// by its id and Doc (tables may number careers so that no lookup by
	// id is needed for each candidate of each search).
	Career(id string, doc int) Career
	// AvgDutyLen is the mean duty length of the generation (0: unknown).
	AvgDutyLen() float64
	// Links returns the careers the career lists as related; LinkedFrom
	// the careers that list it.
	Links(id string) []string
	LinkedFrom(id string) []string
}

// Career is what the ranking reads of one career in the tables.
type Career struct {
	// TitleLens holds the length in terms of the career's title, then of
	// each alias.
	TitleLens []int32
	// DutyLens holds the length in terms of each duty; DutyStarts where
	// each duty's description starts (the position after its label).
	DutyLens, DutyStarts []int32
	// NoDuties says the career lists neither duties nor skills.
	NoDuties bool
	// Skills holds the career's listed skills by position: each one's
	// number of words and flags.
	Skills []SkillShape
}

// SkillShape is what the ranking knows of one listed skill.
type SkillShape struct {
	Size, Flags int
}

// Skill flags, as Career.Skills holds them.
const (
	SkillHot = 1 << iota
	SkillInDemand
	SkillOptional
)

// Weights of a listed skill by its flags: a skill a career cannot do
// without counts more than an incidental one (docs/RELEVANCE.md, "Skills").
const (
	skillWeightInDemand = 1.0
	skillWeightHot      = 0.85
	skillWeightPlain    = 0.7
	skillWeightOptional = 0.4
)

// SkillFlagWeight is the weight of a skill with flags.
func SkillFlagWeight(flags int) float64 {
	switch {
	case flags&SkillOptional != 0:
		return skillWeightOptional
	case flags&SkillInDemand != 0:
		return skillWeightInDemand
	case flags&SkillHot != 0:
		return skillWeightHot
	}
	return skillWeightPlain
}

// Query is the shape of a query as the ranking sees it.
type Query struct {
	// Terms are the query's distinct terms in order, with their idf.
	Terms []string
	IDF   map[string]float64
	// Task says the query reads as a task ("Adjust dental devices").
	Task bool
	// Related maps the terms of words standing for query words (synonyms
	// and root words of a job word) to the query words' terms: a title
	// "Lawyers" covers "prosecutor".
	Related map[string][]string
	// Forms maps the terms of other forms of query words to the words'
	// terms; a form counts FormWeight of its word.
	Forms map[string][]string
	// Names are the query's runs that are whole skill names (as the
	// index's skill-names field holds them); WholeName says the query is
	// one of them and SkillWhole that it names a skill as a whole.
	Names      map[string]bool
	WholeName  bool
	SkillWhole bool
}

// Ranker re-scores the windows of one search. It is not safe for
// concurrent use: it keeps scratch space and each candidate's features.
type Ranker struct {
	p Params
	t Tables
	q Query
	// bit numbers each query term; weights holds their idf in that order.
	bit      map[string]uint64
	weights  []float64
	totalIDF float64
	alias    map[string]uint64
	forms    map[string]uint64
	// proximity is ProximityWeight for a query of three words or more.
	proximity float64
	// bestDuty holds, after Rerank of a task query, the duty of each
	// candidate that holds the query best (for feedback).
	bestDuty map[string]int
	// fed holds what feedback gave each candidate (for explanations).
	fed   map[string]Fed
	feats map[string]Evidence
	// Scratch of the similarity.
	simBuf     []wordHit
	tfBuf      [64]int
	spanBuf    []wordAt
	skillHeld  map[uint64]uint64
	skillExact map[uint64]bool
}

// Fed is what feedback gave one candidate: the feedback words it holds and
// the factor.
type Fed struct {
	Words  []string
	Factor float64
}

// New returns the ranker of one search for q over t.
func New(p Params, t Tables, q Query) *Ranker {
	r := &Ranker{p: p, t: t, q: q, bit: make(map[string]uint64, len(q.Terms))}
	for _, term := range q.Terms {
		if _, dup := r.bit[term]; dup || len(r.weights) == 64 {
			continue
		}
		r.bit[term] = 1 << uint(len(r.weights))
		r.weights = append(r.weights, q.IDF[term])
		r.totalIDF += q.IDF[term]
	}
	if len(r.weights) >= 3 {
		r.proximity = p.ProximityWeight
	}
	r.alias = r.standIns(q.Related)
	if p.FormWeight > 0 {
		r.forms = r.standIns(q.Forms)
	}
	return r
}

// standIns maps each term that stands for query words (a related word's
// or another form's, by the query words' terms) to those words' bits; a
// term that is itself asked, or stands for no asked word, is left out.
func (r *Ranker) standIns(by map[string][]string) map[string]uint64 {
	var out map[string]uint64
	for t, words := range by {
		if _, asked := r.bit[t]; asked {
			continue
		}
		var src uint64
		for _, w := range words {
			src |= r.bit[w]
		}
		if src == 0 {
			continue
		}
		if out == nil {
			out = map[string]uint64{}
		}
		out[t] |= src
	}
	return out
}

// Task reports whether the query reads as a task.
func (r *Ranker) Task() bool { return r.q.Task }

// Asked reports whether term is a query term or stands for one.
func (r *Ranker) Asked(term string) bool {
	_, asked := r.bit[term]
	_, aliased := r.alias[term]
	return asked || aliased
}

// BestDuty returns the duty of candidate id that holds the query best, as
// the last Rerank of a task query found it; ok false when none does.
func (r *Ranker) BestDuty(id string) (duty int, ok bool) {
	d, ok := r.bestDuty[id]
	return d, ok && d >= 0
}

// Fed returns what feedback gave candidate id.
func (r *Ranker) Fed(id string) (Fed, bool) {
	f, ok := r.fed[id]
	return f, ok
}

// RelatedWeight is the weight of the related-career raise for the query.
func (r *Ranker) RelatedWeight() float64 {
	if r.q.Task {
		return r.p.TaskRelatedWeight
	}
	return r.p.RelatedWeight
}

// Signals are what the re-scoring takes from a whole window rather than
// from each candidate: whether some title covers the query (the title
// gate), the feedback words of a task query and the careers the first
// candidates list as related. A filtered search takes them from the
// unfiltered window, so that ticking a category never reorders the careers
// it keeps.
type Signals struct {
	// Gated: some candidate's title covers the query well, so the query
	// reads as a job title. Decided is false until a window has said.
	Gated, Decided bool
	// Skilled: some candidate lists a skill that holds every query word,
	// so the query names a skill and duties that repeat it say little.
	Skilled bool
	// Titled: some title is the query itself.
	Titled bool
	// Feedback holds the feedback words by term with their weights, and
	// FeedbackWords each as its duty writes it.
	Feedback      map[string]float64
	FeedbackWords map[string]string
	// Listed counts each candidate's links with the First candidates.
	Listed map[string]int
	First  []string
}

// Evidence is what the re-scoring reads of one candidate: computed once
// per candidate and search, however many times the window is re-scored
// (feedback and related careers only recombine them) and in however many
// windows it is (a filtered search re-scores the unfiltered window too).
type Evidence struct {
	Title, Item, Skill float64
	// Cover is the best share of the query one listed skill holds, flags
	// and name length aside.
	Cover float64
	// Duty is the duty that holds the query best, or -1.
	Duty int
	// NoDuties: the career lists neither duties nor skills.
	NoDuties bool
}

// Known reports whether the ranker has met candidate id (and keeps its
// evidence: its occurrences are not needed again).
func (r *Ranker) Known(id string) bool {
	_, ok := r.feats[id]
	return ok
}

// EvidenceOf returns c's evidence, computing it on first use.
func (r *Ranker) EvidenceOf(c *Candidate) Evidence {
	if c.hasEvidence {
		return c.evidence
	}
	f, ok := r.feats[c.ID]
	if !ok {
		if r.feats == nil {
			r.feats = make(map[string]Evidence, 128)
		}
		car := r.t.Career(c.ID, c.Doc)
		f = r.similarity(c.Occurrences, car.TitleLens, car.DutyLens, car.DutyStarts)
		if r.p.SkillWeight > 0 {
			f.Skill, f.Cover = r.skillSimilarity(car.Skills, c.Occurrences)
		}
		f.NoDuties = car.NoDuties
		r.feats[c.ID] = f
	}
	c.evidence, c.hasEvidence = f, true
	return f
}

// Rerank re-scores a window from its candidates' base scores (or, after
// ApplyFeedback, from the raised ones) and sorts it. How much title
// similarity counts depends on the query: if some candidate's title covers
// it well, it reads as a job title and titles decide; if none does, it
// reads as a task and a partial title overlap means little. That is decided
// over this window unless sig has decided already.
func (r *Ranker) Rerank(cands []*Candidate, sig *Signals) {
	var bestTitle, bestCover float64
	for _, c := range cands {
		f := r.EvidenceOf(c)
		bestTitle = math.Max(bestTitle, f.Title)
		bestCover = math.Max(bestCover, f.Cover)
	}
	if !sig.Decided {
		sig.Gated, sig.Decided = bestTitle >= r.p.TitleGate, true
		sig.Skilled = !sig.Gated && bestCover >= 1-1e-9
		// Some title is the query itself ("Traders" for "Trader"): the
		// query names a job, whatever tool shares its name.
		sig.Titled = bestTitle >= 1-1e-9
	}
	iw, tw := r.p.ItemWeight, r.p.TitleWeight
	switch {
	case r.q.Task:
		tw, iw = r.p.TaskTitleWeight, r.p.TaskItemWeight
	case sig.Gated:
		iw = 0 // reads as a job title: duties that repeat its words say little
	case sig.Skilled:
		iw = 0 // names a skill: a duty that mentions it is a passing mention
	}
	// Skill similarity counts (squared, as item coverage) when the query
	// names a skill; a skill named inside a longer query counts unless
	// the query reads as a job title or a task.
	sw := r.p.SkillWeight
	if !r.q.SkillWhole && (sig.Gated || r.q.Task) || sig.Titled {
		sw = 0
	}
	if r.q.Task {
		r.bestDuty = make(map[string]int, len(cands))
		for _, c := range cands {
			r.bestDuty[c.ID] = c.evidence.Duty
		}
	}
	for _, c := range cands {
		f := &c.evidence
		c.Score *= (1 + tw*f.Title + iw*f.Item) * (1 + sw*f.Skill*f.Skill)
		if r.p.NoDutiesWeight > 0 && f.NoDuties {
			c.Score *= r.p.NoDutiesWeight
		}
	}
	Sort(cands)
}

// Sort orders candidates by score, then id, so pages are stable.
func Sort(cands []*Candidate) {
	slices.SortStableFunc(cands, func(a, b *Candidate) int {
		if a.Score != b.Score {
			return cmp.Compare(b.Score, a.Score)
		}
		return cmp.Compare(a.ID, b.ID)
	})
}

// ApplyFeedback gives each candidate back its base score, raised by the
// share of the feedback words' weight it holds: base × (1 + FeedbackWeight
// × share). holds lists, for each candidate, the feedback terms it holds,
// heaviest first. It keeps what each got, for explanations.
func (r *Ranker) ApplyFeedback(cands []*Candidate, holds map[string][]string, sig *Signals) {
	total := 0.0
	for _, w := range sig.Feedback {
		total += w
	}
	r.fed = make(map[string]Fed, len(holds))
	for _, c := range cands {
		held := 0.0
		terms := holds[c.ID]
		for _, t := range terms {
			held += sig.Feedback[t]
		}
		factor := 1.0
		if total > 0 {
			factor = 1 + r.p.FeedbackWeight*held/total
		}
		c.Score = c.Base * factor
		if len(terms) > 0 {
			written := make([]string, len(terms))
			for i, t := range terms {
				written[i] = sig.FeedbackWords[t]
			}
			r.fed[c.ID] = Fed{Words: written, Factor: factor}
		}
	}
}

// ListedBy counts, for each candidate, its links with the first
// RelatedDocs candidates: one for each of them that lists it as related,
// and one for each of them it lists (relatedness goes both ways, and a
// list may name only some of a career's kin). It keeps the first
// candidates in sig.First, for explanations.
func (r *Ranker) ListedBy(cands []*Candidate, sig *Signals) {
	docs := r.p.RelatedDocs
	listed := make(map[string]int, 64)
	sig.First = sig.First[:0]
	for _, c := range cands[:min(docs, len(cands))] {
		sig.First = append(sig.First, c.ID)
		for _, id := range r.t.Links(c.ID) {
			listed[id]++
		}
	}
	// And the careers that list one of the first (read from the other
	// side: the first are few, the window is not).
	for _, f := range sig.First {
		for _, id := range r.t.LinkedFrom(f) {
			if id != f {
				listed[id]++
			}
		}
	}
	sig.Listed = listed
}

// BoostRelated raises the candidates linked as related careers to the
// first ones (sig.Listed): a career that several good answers point to,
// or that points to them, is likely a good answer too (the cluster
// hypothesis, on the corpus's own links). A candidate with n such links
// has its score multiplied by 1 + weight × n / RelatedDocs; the window is
// then sorted again.
func (r *Ranker) BoostRelated(cands []*Candidate, sig *Signals) {
	docs, weight := r.p.RelatedDocs, r.RelatedWeight()
	if docs <= 0 || weight <= 0 || len(sig.Listed) == 0 {
		return
	}
	for _, c := range cands {
		c.Score *= 1 + weight*float64(sig.Listed[c.ID])/float64(docs)
	}
	Sort(cands)
}

// RelatedFactor is what BoostRelated multiplied candidate id's score by.
func (r *Ranker) RelatedFactor(id string, sig *Signals) float64 {
	n := sig.Listed[id]
	if n == 0 || r.p.RelatedDocs <= 0 {
		return 1
	}
	return 1 + r.RelatedWeight()*float64(n)/float64(r.p.RelatedDocs)
}

// isRankedField reports a field whose items the similarity weighs.
func isRankedField(f string) bool {
	switch f {
	case career.FieldTitle, career.FieldAliases, career.FieldDuties, career.FieldSpecialisations:
		return true
	}
	return false
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

// similarity computes title similarity and item coverage (and the best
// duty) of one candidate.
func (r *Ranker) similarity(occs []Occurrence, lens, dlens, dstarts []int32) Evidence {
	f := Evidence{Duty: -1}
	if r.totalIDF == 0 {
		return f
	}
	// The occurrences of query words (or of words standing for them) in
	// the ranked fields, by element (the title, one alias, one duty) and
	// position, so that each element is one run. Which query words an
	// element holds is a set of bits; a query has far fewer than 64
	// distinct words (search.max_terms), and a word past the 64th is
	// simply not counted.
	hits := r.simBuf[:0]
	// elsewhere: the query words the career holds outside its aliases,
	// as typed or through a word standing for them.
	// One look-up of each occurrence's term serves both.
	var elsewhere uint64
	for _, o := range occs {
		bit, asked := r.bit[o.Term]
		if !asked {
			bit, asked = r.alias[o.Term]
		}
		if o.Field != career.FieldAliases {
			elsewhere |= bit
		}
		if !isRankedField(o.Field) {
			continue
		}
		form := false
		if !asked {
			if bit, form = r.forms[o.Term]; !form {
				continue
			}
		}
		hits = append(hits, wordHit{field: o.Field, item: o.Item, pos: o.Pos, bit: bit, form: form})
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
	// Two clauses of a query may find one word: once is enough.
	hits = slices.Compact(hits)
	r.simBuf = hits
	avg := r.t.AvgDutyLen()
	// How often each query word occurs in each duty, for the duty's BM25.
	countTF := len(dlens) > 0 && avg > 0
	dutyShare := 0.0
	for start := 0; start < len(hits); {
		field, pos := hits[start].field, hits[start].item
		end := start
		// held: the words the element holds; inForm: those it holds only
		// in another form; tfBuf: how often it holds each word (duties).
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
				if r.q.Task && h.bit == 1 && (h.pos == 1 || int(pos) < len(dstarts) && int(h.pos) == int(dstarts[pos])) {
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
					w *= r.p.FormWeight
				}
				covered += w
				n++
			}
		}
		queryShare := covered / r.totalIDF
		switch field {
		case career.FieldTitle, career.FieldAliases:
			if field == career.FieldAliases && n < 2 && len(r.weights) >= 2 && held&^elsewhere != 0 {
				// One word of a longer query that the career holds only
				// in one of its alternate titles is a passing mention:
				// "Internet of Things" says nothing about "sell things".
				continue
			}
			size := 0
			if field == career.FieldTitle && len(lens) > 0 {
				size = int(lens[0])
			} else if field == career.FieldAliases && int(pos)+1 < len(lens) {
				size = int(lens[pos+1])
			}
			titleShare := 1.0
			if size > 0 {
				titleShare = math.Min(1, float64(n)/float64(size))
			}
			f.Title = math.Max(f.Title, queryShare*titleShare)
		default:
			// One word of a longer query in a duty is a passing mention,
			// not a duty that says what the query asks.
			if n >= 2 || len(r.q.IDF) == 1 {
				share := queryShare
				if countTF && field == career.FieldDuties && int(pos) < len(dlens) {
					share = r.dutyBM25(r.tfBuf[:len(r.weights)], int(dlens[pos]), inForm)
					if opens {
						share *= 1 + OpeningBonus
					}
					if r.proximity > 0 {
						share *= 1 + r.proximity*closeness(spans)
					}
				}
				// Squared: a duty that holds the whole query counts four
				// times one that holds half of it.
				f.Item = math.Max(f.Item, share*share)
				// The best duty, the first of equals.
				if field == career.FieldDuties && (f.Duty < 0 || share > dutyShare) {
					f.Duty, dutyShare = int(pos), share
				}
			}
		}
	}
	return f
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

// OpeningBonus raises the coverage of a duty that a task query's first
// word (its verb) opens: "Measure product dimensions" is best answered by
// a duty that says "Measure ..." (docs/RELEVANCE.md).
const OpeningBonus = 0.3

// BM25 parameters of the per-duty score (docs/RELEVANCE.md): full length
// normalisation, because duties are short passages of one kind.
const (
	dutyK1 = 1.2
	dutyB  = 1.0
)

// dutyBM25 scores one duty holding the query words tf times each (those
// in inForm only in another form, which count FormWeight of the word) with
// BM25 against the generation's mean duty length, and scales it to [0, 1]:
// 1 for a duty of mean length that holds every query word very often.
// Unlike the plain share of the query's idf, it tells a short duty that is
// about the query from a long one that mentions it in passing.
func (r *Ranker) dutyBM25(tf []int, length int, inForm uint64) float64 {
	norm := 1 - dutyB + dutyB*float64(length)/r.t.AvgDutyLen()
	score := 0.0
	for i, w := range r.weights {
		if inForm&(1<<uint(i)) != 0 {
			w *= r.p.FormWeight
		}
		if c := float64(tf[i]); c > 0 {
			score += w * c * (dutyK1 + 1) / (c + dutyK1*norm)
		}
	}
	return math.Min(1, score/r.totalIDF/(dutyK1+1))
}

// skillSimilarity is how well one candidate's listed skills answer the
// query: for its best skill, the idf-weighted share of the query that the
// skill holds, times the square root of the share of the skill's words the
// query covers ("AutoCAD" is more of "Autodesk AutoCAD" than of "Autodesk
// AutoCAD Civil 3D"), times the skill's flag weight; 1 for a skill that
// is the whole query. cover is the best share of the query alone, flags
// and name length aside: 1 when some skill holds every query word.
func (r *Ranker) skillSimilarity(shapes []SkillShape, occs []Occurrence) (sim, cover float64) {
	if r.totalIDF == 0 && len(r.q.Names) == 0 {
		return 0, 0
	}
	if r.skillHeld == nil {
		r.skillHeld = make(map[uint64]uint64, 8)
		r.skillExact = make(map[uint64]bool, 2)
	}
	clear(r.skillHeld)
	clear(r.skillExact)
	for _, o := range occs {
		if !o.HasItem {
			continue
		}
		switch o.Field {
		case career.FieldSkills, FieldSkillTerms:
			if bit, ok := r.bit[o.Term]; ok {
				r.skillHeld[o.Item] |= bit
			}
		case FieldSkillNames:
			if r.q.Names[o.Term] {
				r.skillExact[o.Item] = true
			}
		}
	}
	one := func(pos uint64, bitsHeld uint64) {
		if pos >= uint64(len(shapes)) {
			return
		}
		size, flags := shapes[pos].Size, shapes[pos].Flags
		share := 0.0
		if r.totalIDF > 0 {
			for i, w := range r.weights {
				if bitsHeld&(1<<uint(i)) != 0 {
					share += w
				}
			}
			share /= r.totalIDF
		}
		n := bits.OnesCount64(bitsHeld)
		nameShare := math.Min(1, float64(n)/float64(max(1, size)))
		s := share * math.Sqrt(nameShare)
		if r.skillExact[pos] && r.q.WholeName {
			s, share = 1, 1
		}
		cover = math.Max(cover, share)
		sim = math.Max(sim, s*SkillFlagWeight(flags))
	}
	for pos, b := range r.skillHeld {
		one(pos, b)
	}
	for pos := range r.skillExact {
		if _, done := r.skillHeld[pos]; !done {
			one(pos, 0)
		}
	}
	return sim, cover
}

// TitleFade is 1 for queries of up to three words and falls with the
// square of the length past that: long queries are tasks, not titles.
func TitleFade(words int) float64 {
	if words <= 3 {
		return 1
	}
	return math.Pow(3/float64(words), 2)
}
