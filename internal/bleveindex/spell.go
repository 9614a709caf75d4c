package bleveindex

import (
	"context"
	"encoding/json"
	"math/bits"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/careersearch/careers/internal/career"
)

const vocabKey = "careers_vocab"

// vocabulary is every word of the corpus as written (lower-cased) with its
// number of occurrences: the index's own words, from which spelling
// corrections are drawn.
type vocabulary struct {
	count map[string]int
	// byLen lists the words of each length, so a candidate search looks
	// only at words whose length is within the allowed edits.
	byLen map[int][]string
	// masks holds, beside byLen, each word's letterMask: a word whose
	// letters differ from another's in more than 2k letters is more than
	// k edits away, and is skipped without computing the distance.
	masks map[int][]uint64
	// sorted holds every word, for prefix look-ups.
	sorted []string
	// byFreq lists the words of each length with their counts, most
	// frequent first, so that a search for a much more frequent word than
	// a given one stops at the first word that is not.
	byFreq map[int][]wordCount
}

type wordCount struct {
	word string
	n    int
	mask uint64
}

// letterMask is the set of letters of w: a–z and 0–9 each have a bit, any
// other letter shares one of the rest. One edit changes the set by at
// most two letters (a substitution takes one out and puts one in).
func letterMask(w string) uint64 {
	var m uint64
	for _, r := range w {
		switch {
		case r >= 'a' && r <= 'z':
			m |= 1 << uint(r-'a')
		case r >= '0' && r <= '9':
			m |= 1 << uint(26+r-'0')
		default:
			m |= 1 << uint(36+r%28)
		}
	}
	return m
}

// tooFar reports whether two words' letter masks already put them more
// than k edits apart.
func tooFar(a, b uint64, k int) bool {
	return bits.OnesCount64(a^b) > 2*k
}

// hasVariant reports whether some corpus word starts with all of word but
// its last letter: then word is another form of a corpus word ("analyse"
// beside "analysis") that the stemmer did not join, not a typo.
func (v *vocabulary) hasVariant(word string) bool {
	r := []rune(word)
	prefix := string(r[:len(r)-1])
	i := sort.SearchStrings(v.sorted, prefix)
	return i < len(v.sorted) && strings.HasPrefix(v.sorted[i], prefix)
}

// words splits text into lower-case words of letters and digits.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// vocabData stores the corpus's words as written with their counts
// (corpusWords), for spelling correction.
func vocabData(counts map[string]int) ([]byte, error) {
	return json.Marshal(counts)
}

// corpusWords counts every word of careers, as written (lower case).
func corpusWords(careers []*career.Career) map[string]int {
	count := map[string]int{}
	add := func(s string) {
		for _, w := range words(s) {
			count[w]++
		}
	}
	for _, c := range careers {
		add(c.Title)
		add(c.Summary)
		add(c.Workplace)
		for _, a := range c.Aliases {
			add(a)
		}
		for _, it := range c.Duties {
			add(it.String())
		}
		for _, it := range c.Specialisations {
			add(it.String())
		}
	}
	return count
}

func loadVocab(raw []byte) (*vocabulary, error) {
	var counts map[string]int
	if err := json.Unmarshal(raw, &counts); err != nil {
		return nil, err
	}
	return newVocabulary(counts), nil
}

// newVocabulary indexes the corpus's words and their counts for spelling
// correction.
func newVocabulary(counts map[string]int) *vocabulary {
	v := &vocabulary{count: counts, byLen: map[int][]string{}}
	for w := range v.count {
		n := utf8.RuneCountInString(w)
		v.byLen[n] = append(v.byLen[n], w)
		v.sorted = append(v.sorted, w)
	}
	sort.Strings(v.sorted)
	v.byFreq = make(map[int][]wordCount, len(v.byLen))
	v.masks = make(map[int][]uint64, len(v.byLen))
	for n, ws := range v.byLen {
		sort.Strings(ws)
		wcs := make([]wordCount, len(ws))
		ms := make([]uint64, len(ws))
		for i, w := range ws {
			ms[i] = letterMask(w)
			wcs[i] = wordCount{w, v.count[w], ms[i]}
		}
		v.masks[n] = ms
		sort.SliceStable(wcs, func(i, j int) bool { return wcs[i].n > wcs[j].n })
		v.byFreq[n] = wcs
	}
	return v
}

// maxEdits is the typo budget for a word: none up to 4 letters (short words
// have too many neighbours), one up to 7, two beyond.
func maxEdits(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n <= 4:
		return 0
	case n <= 7:
		return 1
	default:
		return 2
	}
}

// correct returns the most frequent corpus word within the typo budget of
// word, or "" when there is none.
func (v *vocabulary) correct(word string) string {
	k := maxEdits(word)
	if k == 0 || v == nil {
		return ""
	}
	n := utf8.RuneCountInString(word)
	mask := letterMask(word)
	best, bestDist, bestCount := "", k+1, 0
	for l := n - k; l <= n+k; l++ {
		masks := v.masks[l]
		for i, cand := range v.byLen[l] {
			if i < len(masks) && tooFar(mask, masks[i], k) {
				continue
			}
			d := editDistance(word, cand, k)
			if d > k {
				continue
			}
			c := v.count[cand]
			if d < bestDist || d == bestDist && c > bestCount {
				best, bestDist, bestCount = cand, d, c
			}
		}
	}
	return best
}

// rareRatio is how many times more often than a rare word a corpus word
// must occur to be offered in its place.
const rareRatio = 10

// likelier returns the corpus word within the typo budget of word, other
// than word, that occurs at least rareRatio times as often as word (as
// written) and for which keep is true: the closest, then the most
// frequent; "" when there is none. It is what a rare but real word was
// probably meant to be ("leaning" for "learning"). Only the frequent
// words are compared, most frequent first, so it stops early.
func (v *vocabulary) likelier(word string, keep func(cand string) bool) string {
	k := maxEdits(word)
	if k == 0 || v == nil {
		return ""
	}
	floor := rareRatio * max(v.count[word], 1)
	n := utf8.RuneCountInString(word)
	mask := letterMask(word)
	best, bestDist, bestCount := "", k+1, 0
	for l := n - k; l <= n+k; l++ {
		for _, cand := range v.byFreq[l] {
			if cand.n < floor {
				break
			}
			if cand.word == word || tooFar(mask, cand.mask, k) {
				continue
			}
			d := editDistance(word, cand.word, k)
			if d > k || d > bestDist || d == bestDist && cand.n <= bestCount {
				continue
			}
			if keep == nil || keep(cand.word) {
				best, bestDist, bestCount = cand.word, d, cand.n
			}
		}
	}
	return best
}

// splitCompound splits a word the corpus lacks into two words it has, the
// tail as long as possible ("silversmith" → "silver", "smith";
// "neuroradiologist" → "neuro", "radiologist" when the corpus has both):
// the head has three letters or more, the tail five or more, and each is a
// corpus word or the singular of one (the tail). Both are "" when no split
// works. A tail alone is not enough: "Biotechnician" searched as
// "technician" finds any technician.
func (v *vocabulary) splitCompound(word string) (head, tail string) {
	if v == nil {
		return "", ""
	}
	r := []rune(word)
	for i := 3; i+5 <= len(r); i++ {
		t := string(r[i:])
		if v.count[t] > 0 || v.count[t+"s"] > 0 || v.count[t+"es"] > 0 {
			h := string(r[:i])
			if v.count[h] == 0 {
				continue
			}
			return h, t
		}
	}
	return "", ""
}

// editDistance is the Damerau–Levenshtein (optimal string alignment)
// distance of a and b, or limit+1 once it is certain to exceed limit.
func editDistance(a, b string, limit int) int {
	// The spelling checks compare a query word with every corpus word of
	// a near length: words are short, so the rows live on the stack and
	// ASCII words are compared as bytes.
	var ba, bb [64]rune
	ra, rb := toRunes(a, ba[:0]), toRunes(b, bb[:0])
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	var rows [3][65]int
	prev2, prev, cur := rows[0][:], rows[1][:], rows[2][:]
	if len(rb)+1 > len(prev) {
		prev2, prev, cur = make([]int, len(rb)+1), make([]int, len(rb)+1), make([]int, len(rb)+1)
	}
	for j := 0; j <= len(rb); j++ {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// toRunes appends the runes of s to buf (on the caller's stack when s is
// short).
func toRunes(s string, buf []rune) []rune {
	for _, r := range s {
		buf = append(buf, r)
	}
	return buf
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// spelling is what correctUnknown found in a query's words.
type spelling struct {
	// corrected is the query with its typos corrected, "" if none.
	corrected string
	// offered is the query with its unknown English words replaced by
	// close corpus words, "" if none: offered, never searched.
	offered string
	// missing lists the English words of the query that no career holds.
	missing []string
	// dfs are the document frequencies looked up, for didYouMean.
	dfs map[string]uint64
}

// correctUnknown replaces each word of text that the index does not hold
// (in any form) by the closest frequent corpus word within its typo budget,
// and returns the corrected text, or "" if nothing changed. A query whose
// words are all known is never touched, so correct spelling ranks as
// before. Corrected words are recorded in via as "typo". An unknown word
// that is an English word (Options.IsWord) is not corrected but listed as
// missing, and its correction only offered. It also returns the document
// frequencies it looked up (of the terms of the words with a typo budget),
// for didYouMean.
func (ix *Index) correctUnknown(ctx context.Context, text string, via map[string]string) (spelling, error) {
	var sp spelling
	ws := words(text)
	var check []string
	for _, w := range ws {
		if maxEdits(w) > 0 {
			check = append(check, ix.analyze(w)...)
		}
	}
	if len(check) == 0 {
		return sp, nil
	}
	dfs, _, err := ix.docFreqs(ctx, check)
	if err != nil {
		return sp, err
	}
	sp.dfs = dfs
	changed, offered := false, append([]string(nil), ws...)
	offer := false
	for i, w := range ws {
		if maxEdits(w) == 0 {
			continue
		}
		known := true
		for _, t := range ix.analyze(w) {
			if dfs[t] == 0 {
				known = false
			}
		}
		if known || ix.vocab.hasVariant(w) || ix.isSkillWord(w) {
			continue
		}
		if _, ok := ix.lookupRelated(w); ok {
			// A word that names a job ("prosecutor") is no typo: the
			// related-words table answers it.
			continue
		}
		if ix.opts.IsWord != nil && ix.opts.IsWord(w) {
			// A real word that no career holds ("psychology", "night")
			// is searched as typed: the answer says no career mentions
			// it, and a close corpus word is only offered.
			sp.missing = append(sp.missing, w)
			if c := ix.vocab.correct(w); c != "" {
				offered[i], offer = c, true
			}
			continue
		}
		if c := ix.vocab.correct(w); c != "" {
			ws[i] = c
			via[c] = "typo"
			changed = true
		} else if head, tail := ix.vocab.splitCompound(w); tail != "" {
			ws[i] = head + " " + tail
			via[head], via[tail] = "part", "part"
			changed = true
		}
	}
	if offer {
		typed := words(text)
		for i, w := range ws {
			if offered[i] == typed[i] {
				offered[i] = w // the typos corrected, in the offer too
			}
		}
		sp.offered = strings.Join(offered, " ")
	}
	if changed {
		sp.corrected = strings.Join(ws, " ")
	}
	return sp, nil
}

// Thresholds of didYouMean.
const (
	// rareDocs is the most careers a word may occur in to be taken for a
	// typo of a much more frequent word.
	rareDocs = 2
	// fewHits: a query whose words all occur together in fewer careers
	// than this finds little.
	fewHits = 3
)

// didYouMean returns text with each rare word replaced by a much more
// frequent corpus word one or two typos away ("machine leaning" → "machine
// learning"), when text finds little (fewer than fewHits careers hold all
// its words) and the replacement finds more; otherwise "". A rare word is
// one of at least five letters that the index holds in at most rareDocs
// careers; a query of a single word is left alone, having no other words
// to judge it by. It never changes what text itself finds: the answer only
// offers the suggestion. dfs holds the document frequencies correctUnknown
// looked up for the same text.
func (ix *Index) didYouMean(ctx context.Context, text string, dfs map[string]uint64) (string, error) {
	all := ix.analyze(text)
	if len(all) < 2 {
		// One word alone gives nothing to judge it by: "memos" may well
		// be meant, and finds what it means.
		return "", nil
	}
	inQuery := map[string]bool{}
	for _, t := range all {
		inQuery[t] = true
	}
	ws := words(text)
	changed := false
	for i, w := range ws {
		if maxEdits(w) == 0 {
			continue
		}
		terms := ix.analyze(w)
		if len(terms) == 0 {
			continue // a stop word
		}
		if ix.isSkillWord(w) {
			continue // a skill's name ("Ansible") is no typo of a common word
		}
		rare := true
		for _, t := range terms {
			if dfs[t] == 0 || dfs[t] > rareDocs {
				rare = false
			}
		}
		if !rare {
			continue
		}
		c := ix.vocab.likelier(w, func(cand string) bool {
			// Not a stop word, not another form of w, and not a word the
			// query already has ("risk rises" is not "risk risks").
			ct := ix.analyze(cand)
			return len(ct) > 0 && !sameWord(w, terms, cand, ct) && !allIn(ct, inQuery)
		})
		if c != "" {
			ws[i] = c
			changed = true
		}
	}
	if !changed {
		return "", nil
	}
	suggestion := strings.Join(ws, " ")
	before, err := ix.countAll(ctx, text)
	if err != nil || before >= fewHits {
		return "", err
	}
	after, err := ix.countAll(ctx, suggestion)
	if err != nil || after <= before {
		return "", err
	}
	return suggestion, nil
}

// sameWord reports whether a and b (with their analysed terms at and bt)
// look like two forms of one word rather than a word and a typo of it: the
// same terms, or words of different lengths where the longer one starts
// with all of the shorter one but its last two letters ("health",
// "healthy"; "environments", "environmental") or ends with all of it
// ("design", "redesign"). Words of one length differ by changed or swapped
// letters, which is what typos do.
func sameWord(a string, at []string, b string, bt []string) bool {
	if strings.Join(at, " ") == strings.Join(bt, " ") {
		return true
	}
	short, long := []rune(a), []rune(b)
	if len(short) > len(long) {
		short, long = long, short
	}
	if len(short) == len(long) {
		return false
	}
	stem := string(short[:max(len(short)-2, 0)])
	return strings.HasPrefix(string(long), stem) || strings.HasSuffix(string(long), string(short))
}

// allIn reports whether every one of terms is in set.
func allIn(terms []string, set map[string]bool) bool {
	for _, t := range terms {
		if !set[t] {
			return false
		}
	}
	return true
}

// countAll counts the careers that hold every term of text, in any field:
// a size-0 search without facets, highlights or stored fields.
func (ix *Index) countAll(ctx context.Context, text string) (uint64, error) {
	terms := ix.analyze(text)
	if len(terms) == 0 {
		return 0, nil
	}
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(FieldAll)
		qs[i] = tq
	}
	st, release, err := ix.state(ctx)
	if err != nil {
		return 0, err
	}
	defer release()
	p, err := ix.run(ctx, st.reader, bleve.NewConjunctionQuery(qs...), passOptions{k: 1})
	if err != nil {
		return 0, err
	}
	return p.total, nil
}

// openingsKey stores how often each word opens a duty. Duties open with a
// verb ("Adjust", "Monitor"), so a query that opens with such a word, and
// not with a word of any title, reads as a task rather than a job title.
const openingsKey = "careers_duty_openings"

func openingsData(careers []*career.Career) ([]byte, error) {
	count := map[string]int{}
	for _, c := range careers {
		for _, it := range c.Duties {
			for _, s := range []string{it.Name, it.Description} {
				if ws := words(s); len(ws) > 0 {
					count[ws[0]]++
				}
			}
		}
	}
	return json.Marshal(count)
}

// isSkillWord reports whether w (lower case, letters and digits) is a
// word of some listed skill's name: such words ("autocad", "kubernetes")
// are never corrected, though the career texts may lack them.
func (ix *Index) isSkillWord(w string) bool {
	return ix.skills != nil && ix.skills.terms[w]
}
