// Package suggest completes what a user is typing into career titles,
// aliases and specialisation names, from a prefix index that is built once
// from the corpus and then only read: in memory (Build), or written as
// sections (WriteSections) and read back in place from a mapped file
// (Open). Its posting lists and entries are packed (packed.go).
//
// The index is a sorted vocabulary of normalised words with, per word, the
// entries (texts) that contain it. A typed prefix is a binary search that
// yields a contiguous range of words; because entries are numbered in their
// static ranking order, the best matches are the lowest entry numbers, and a
// scan of the posting lists can stop early. When several typed words have
// long lists that rarely meet, the lists are intersected as bitsets instead.
// There are no per-prefix tables and no wildcard scans.
package suggest

import (
	"cmp"
	"html"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

// Kinds of suggestion, in ranking order.
const (
	KindTitle          = "title"
	KindAlias          = "alias"
	KindSpecialisation = "specialisation"
)

var kindNames = [...]string{KindTitle, KindAlias, KindSpecialisation}

// maxQueryWords bounds the typed words considered; a longer query matches
// nothing (no title, alias or specialisation is that long in practice).
const maxQueryWords = 16

// entry is one suggestible text.
type entry struct {
	text   string
	career int32 // into Index.ids and Index.titles
	kind   uint8 // into kindNames
}

// strs is a table of strings end to end: string i is
// data[off[i]:off[i+1]]. One string and an array of offsets weigh far
// less than a string header per entry, and can be read in place from a
// file (Open).
type strs struct {
	off  []int32
	data string
}

func makeStrs(ss []string) strs {
	off := make([]int32, len(ss)+1)
	var b strings.Builder
	for i, s := range ss {
		b.WriteString(s)
		off[i+1] = int32(b.Len())
	}
	return strs{off: off, data: b.String()}
}

func (s strs) len() int { return max(len(s.off)-1, 0) }

func (s strs) at(i int) string { return s.data[s.off[i]:s.off[i+1]] }

// Index is a read-only prefix index over titles, aliases and specialisation
// names. It is safe for concurrent use.
type Index struct {
	// terms holds the distinct normalised words, sorted.
	terms strs
	// post[postAt[t]:postAt[t+1]] is the packed list (packed.go) of the
	// entries that contain terms[t], ascending, each once; postN[t+1] -
	// postN[t] of them.
	postAt, postN []int32
	post          string
	// first[firstAt[t]:firstAt[t+1]], packed likewise, are the entries
	// whose first word is terms[t]; firstN[t+1] - firstN[t] of them.
	firstAt, firstN []int32
	first           string
	// Entries are numbered in static ranking order: kind, then shorter
	// text, then alphabetical. entries[entryAt[e]:entryAt[e+1]] is entry
	// e's record (packed.go): its kind (into kindNames), its career (into
	// ids and titles), its words as term numbers in text order, its text.
	entryAt []int32
	entries string
	// wordWidth is the bytes of a term number in a record: width(terms).
	wordWidth int
	ids       strs
	titles    strs
	// bitsetPool holds *[]uint64 with a bit per entry, for intersect.
	bitsetPool sync.Pool
	// scanBudget is scanBudget, or less in tests to exercise intersect.
	scanBudget int
}

// Build indexes the title, aliases and specialisation names of careers.
// A text that normalises to the same words as an earlier text of the same
// career (an alias that repeats the title in other case, say) is indexed
// once, under the earlier kind. Nil careers are skipped.
func Build(careers []*career.Career) *Index {
	ix := &Index{scanBudget: scanBudget}
	var nz normalizer
	termOf := map[string]int32{} // provisional term numbers
	var provTerms []string

	// A draft is an entry before the entries are ordered. Its words (the
	// provisional term numbers of its normalised words) are
	// draftWords[wstart:wstart+wlen]: one array for all, not a slice
	// each, since a large corpus has millions of entries.
	type draft struct {
		entry
		runes  int32 // length of text in runes
		wstart int32
		wlen   int32
	}
	n := 0
	for _, c := range careers {
		if c != nil {
			n += 1 + len(c.Aliases) + len(c.Specialisations)
		}
	}
	drafts := make([]draft, 0, n)
	var draftWords []int32
	var toks []token
	var ids, titles []string
	for _, c := range careers {
		if c == nil {
			continue
		}
		ci := int32(len(ids))
		ids = append(ids, c.ID)
		titles = append(titles, c.Title)
		seen := map[string]bool{}
		add := func(text string, kind uint8) {
			toks = nz.words(text, toks[:0])
			if len(toks) == 0 {
				return
			}
			var key strings.Builder
			for i, tk := range toks {
				if i > 0 {
					key.WriteByte(' ')
				}
				key.WriteString(tk.norm)
			}
			k := key.String()
			if seen[k] {
				return
			}
			seen[k] = true
			start := int32(len(draftWords))
			for _, tk := range toks {
				t, ok := termOf[tk.norm]
				if !ok {
					t = int32(len(provTerms))
					termOf[tk.norm] = t
					provTerms = append(provTerms, tk.norm)
				}
				draftWords = append(draftWords, t)
			}
			drafts = append(drafts, draft{
				entry:  entry{text: text, career: ci, kind: kind},
				runes:  int32(utf8.RuneCountInString(text)),
				wstart: start,
				wlen:   int32(len(toks)),
			})
		}
		add(c.Title, 0)
		for _, a := range c.Aliases {
			add(a, 1)
		}
		for _, s := range c.Specialisations {
			add(s.Name, 2)
		}
	}

	wordsOf := func(d draft) []int32 { return draftWords[d.wstart : d.wstart+d.wlen] }

	// Number the terms in sorted order, first: the entries' sort then
	// compares words by number instead of by their strings.
	order := make([]int32, len(provTerms))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(a, b int32) int { return strings.Compare(provTerms[a], provTerms[b]) })
	final := make([]int32, len(provTerms))
	terms := make([]string, len(provTerms))
	for f, p := range order {
		final[p] = int32(f)
		terms[f] = provTerms[p]
	}
	// Comparing the word lists word by word orders them as comparing
	// their words joined by spaces would: a word is letters and digits,
	// all of which sort after the space. Terms are distinct, so their
	// numbers order as their strings do.
	compareWords := func(a, b []int32) int {
		for i := range min(len(a), len(b)) {
			if c := cmp.Compare(final[a[i]], final[b[i]]); c != 0 {
				return c
			}
		}
		return cmp.Compare(len(a), len(b))
	}
	// The careers' ids ranked, equal ids equally, so that the sort
	// compares numbers.
	byID := make([]int32, len(ids))
	for i := range byID {
		byID[i] = int32(i)
	}
	slices.SortFunc(byID, func(a, b int32) int { return strings.Compare(ids[a], ids[b]) })
	idRank := make([]int32, len(ids))
	for r, ci := range byID {
		if r > 0 && ids[ci] == ids[byID[r-1]] {
			idRank[ci] = idRank[byID[r-1]]
		} else {
			idRank[ci] = int32(r)
		}
	}
	// The order is total, so an unstable O(n log n) sort gives what a
	// stable sort on the keys before the last did: two drafts equal on
	// all of them come from two careers (a career's drafts differ in
	// their words), and the last key, the career's place in careers, is
	// the order they were added in (TestBuildOrdersAsStableSort).
	slices.SortFunc(drafts, func(a, b draft) int {
		return cmp.Or(
			cmp.Compare(a.kind, b.kind),
			cmp.Compare(a.runes, b.runes),
			compareWords(wordsOf(a), wordsOf(b)),
			strings.Compare(a.text, b.text),
			cmp.Compare(idRank[a.career], idRank[b.career]),
			cmp.Compare(a.career, b.career),
		)
	})

	ix.terms = makeStrs(terms)
	ix.wordWidth = width(len(terms))
	ix.ids, ix.titles = makeStrs(ids), makeStrs(titles)

	// Entries and their words; the entries that hold each term, and those
	// that it opens.
	postLists := make([][]int32, len(terms))
	firstLists := make([][]int32, len(terms))
	var ws []int32
	var packed []byte
	ix.entryAt = make([]int32, 1, len(drafts)+1)
	for e, d := range drafts {
		ws = ws[:0]
		for _, p := range wordsOf(d) {
			ws = append(ws, final[p])
		}
		for i, t := range ws {
			if !slices.Contains(ws[:i], t) {
				postLists[t] = append(postLists[t], int32(e))
			}
		}
		firstLists[ws[0]] = append(firstLists[ws[0]], int32(e))
		packed = packEntry(packed, d.entry, len(ids), ws, ix.terms)
		ix.entryAt = append(ix.entryAt, int32(len(packed)))
	}
	ix.entries = string(packed)
	ix.post, ix.postAt, ix.postN = packLists(postLists)
	ix.first, ix.firstAt, ix.firstN = packLists(firstLists)
	return ix
}

// Len returns the number of suggestible texts in the index.
func (ix *Index) Len() int {
	if ix == nil {
		return 0
	}
	return max(len(ix.entryAt)-1, 0)
}

// entry returns entry e; its text may lie in a mapped file (Open).
func (ix *Index) entry(e int32) entry {
	r, ws := ix.entryRecord(e, nil)
	if r.form == textLiteral {
		return entry{text: r.payload, career: r.career, kind: r.kind}
	}
	var b strings.Builder
	renderText(&b, r.form, r.payload, ws, ix.terms)
	return entry{text: b.String(), career: r.career, kind: r.kind}
}

// Suggest returns at most n titles, aliases and specialisation names in
// which every word of q starts a different word of the text ("prompt eng"
// finds "Prompt Engineer"). Matching ignores case, accents and punctuation.
//
// Texts whose first word starts with q's first word come first; then titles
// before aliases before specialisations, shorter texts first, and
// alphabetical order. The same text of two careers is offered for each. An
// empty q, or one without letters or digits, returns nothing; so does n <= 0.
func (ix *Index) Suggest(q string, n int) []career.Suggestion {
	if ix == nil || n <= 0 || ix.Len() == 0 {
		return nil
	}
	var s search
	s.ix = ix
	toks := s.nz.words(q, nil)
	if len(toks) == 0 || len(toks) > maxQueryWords {
		return nil
	}
	s.typed = make([]string, len(toks))
	s.lo = make([]int32, len(toks))
	s.hi = make([]int32, len(toks))
	for i, tk := range toks {
		s.typed[i] = tk.norm
		s.lo[i], s.hi[i] = ix.prefixRange(tk.norm)
		if s.lo[i] == s.hi[i] {
			return nil
		}
	}
	n = min(n, ix.Len())

	// Scan the posting lists, best entries first. That is quick unless
	// several typed words have long lists and few texts hold them all;
	// then intersect the lists as bitsets instead.
	firstTier, rest, ok := s.scanTiers(n)
	if !ok {
		firstTier, rest = s.intersect(n)
	}

	out := make([]career.Suggestion, 0, len(firstTier)+len(rest))
	for _, e := range firstTier {
		out = append(out, s.suggestion(e, true))
	}
	for _, e := range rest {
		out = append(out, s.suggestion(e, false))
	}
	return out
}

// prefixRange returns the range of terms that start with p.
func (ix *Index) prefixRange(p string) (lo, hi int32) {
	nt := ix.terms.len()
	l := sort.Search(nt, func(i int) bool { return ix.terms.at(i) >= p })
	h := l + sort.Search(nt-l, func(i int) bool {
		return !strings.HasPrefix(ix.terms.at(l+i), p)
	})
	return int32(l), int32(h)
}

// search is the state of one Suggest call.
type search struct {
	ix    *Index
	nz    normalizer
	typed []string
	// lo[i], hi[i]: the term range of typed word i.
	lo, hi []int32
	// scratch for matching typed words to an entry's words, and for the
	// words of the entry at hand
	owner []int8
	// ws holds the words of entry wsEntry, when wsValid
	ws      []int32
	wsEntry int32
	wsValid bool
	seen    []bool
}

// scanBudget is the least number of candidates that scanTiers examines for
// a query of several words before it gives up for intersect; the budget
// grows with the lists that intersect would read (a candidate costs about
// as much as 32 postings there).
const scanBudget = 1024

// scanTiers returns the best entries of the first tier (first word matches
// the first typed word) and of the rest, at most n in all, by scanning
// posting lists. With several typed words it gives up (ok false) when it
// runs out of budget; with one, every candidate is a match and the scan
// stops early anyway.
func (s *search) scanTiers(n int) (firstTier, rest []int32, ok bool) {
	budget := -1
	if len(s.typed) > 1 {
		budget = s.ix.scanBudget
		if budget > 0 {
			var total int32
			for i := range s.typed {
				total += s.ix.postN[s.hi[i]] - s.ix.postN[s.lo[i]]
			}
			budget = max(budget, int(total/32))
		}
	}
	top := newTopK(n)
	if !s.scan(top, true, &budget) {
		return nil, nil, false
	}
	firstTier = top.sorted()
	if len(firstTier) < n {
		top = newTopK(n - len(firstTier))
		if !s.scan(top, false, &budget) {
			return nil, nil, false
		}
		rest = top.sorted()
	}
	return firstTier, rest, true
}

// scan collects into top the best entries of one tier: those whose first
// word matches the first typed word (firstTier), or those that match
// otherwise. It returns false if it ran out of budget (negative: none).
func (s *search) scan(top *topK, firstTier bool, budget *int) bool {
	ix := s.ix
	// Pick the shortest posting list that holds every candidate.
	driver := -1 // a typed word, or -1 for the first-word list
	var best int32
	if firstTier {
		best = ix.firstN[s.hi[0]] - ix.firstN[s.lo[0]]
	} else {
		best = -1
	}
	for i := range s.typed {
		if firstTier && i == 0 {
			continue
		}
		size := ix.postN[s.hi[i]] - ix.postN[s.lo[i]]
		if best < 0 || size < best {
			driver, best = i, size
		}
	}

	at, post := ix.postAt, ix.post
	lo, hi := s.lo[0], s.hi[0]
	if driver < 0 {
		at, post = ix.firstAt, ix.first
	} else {
		lo, hi = s.lo[driver], s.hi[driver]
	}
	for t := lo; t < hi; t++ {
		list := newPostings(post[at[t]:at[t+1]])
		for e, ok := list.next(); ok; e, ok = list.next() {
			if top.full() && e >= top.max() {
				break // the list is ascending: nothing better follows
			}
			if *budget == 0 {
				return false
			}
			*budget--
			if driver >= 0 && s.seenEarlier(e, lo, t) {
				continue
			}
			var ok bool
			if firstTier {
				ok = s.matchFirst(e)
			} else {
				ok = !s.matchFirst(e) && s.match(e)
			}
			if ok {
				top.push(e)
			}
		}
	}
	return true
}

// intersect returns what scanTiers does, by intersecting bitsets of the
// entries that hold a word of each typed word's range. Its cost is the
// total length of those lists, whatever the number of matches. The
// intersection is exact when no typed word's range contains another's (no
// entry word can then match two typed words); otherwise each candidate is
// checked.
func (s *search) intersect(n int) (firstTier, rest []int32) {
	ix := s.ix
	cand, tmp, first := ix.bitset(), ix.bitset(), ix.bitset()
	defer ix.bitsetPool.Put(cand)
	defer ix.bitsetPool.Put(tmp)
	defer ix.bitsetPool.Put(first)

	// The distinct ranges, shortest list first.
	type span struct{ lo, hi, size int32 }
	var spans []span
	nested := false
	for i := range s.typed {
		dup := false
		for j := range i {
			if s.lo[i] < s.hi[j] && s.lo[j] < s.hi[i] {
				nested = true // prefix ranges are disjoint or nested
			}
			dup = dup || s.lo[i] == s.lo[j] && s.hi[i] == s.hi[j]
		}
		if !dup {
			spans = append(spans, span{s.lo[i], s.hi[i], ix.postN[s.hi[i]] - ix.postN[s.lo[i]]})
		}
	}
	slices.SortFunc(spans, func(a, b span) int { return cmp.Compare(a.size, b.size) })

	c := *cand
	setBits(c, ix.post, ix.postAt, spans[0].lo, spans[0].hi)
	for _, sp := range spans[1:] {
		t := *tmp
		clear(t)
		setBits(t, ix.post, ix.postAt, sp.lo, sp.hi)
		nonzero := uint64(0)
		for i := range c {
			c[i] &= t[i]
			nonzero |= c[i]
		}
		if nonzero == 0 {
			return nil, nil
		}
	}
	f := *first
	setBits(f, ix.first, ix.firstAt, s.lo[0], s.hi[0])

	for i, w := range c {
		for w != 0 {
			e := int32(i*64 + bits.TrailingZeros64(w))
			w &= w - 1
			isFirst := f[e>>6]&(1<<(e&63)) != 0
			if nested {
				isFirst = isFirst && s.matchFirst(e)
				if !isFirst && (len(rest) == n || !s.match(e)) {
					continue
				}
			}
			if isFirst {
				firstTier = append(firstTier, e)
				if len(firstTier) == n {
					return firstTier, nil
				}
			} else if len(rest) < n {
				rest = append(rest, e)
			}
		}
	}
	return firstTier, rest[:min(len(rest), n-len(firstTier))]
}

// bitset returns a cleared bitset with a bit per entry.
func (ix *Index) bitset() *[]uint64 {
	if b, ok := ix.bitsetPool.Get().(*[]uint64); ok {
		clear(*b)
		return b
	}
	b := make([]uint64, (ix.Len()+63)/64)
	return &b
}

// setBits sets the bits of the entries of the packed lists of terms
// [lo, hi).
func setBits(b []uint64, packed string, at []int32, lo, hi int32) {
	for t := lo; t < hi; t++ {
		// postings.next, inlined: this loop reads every posting of
		// the range.
		s, e := packed[at[t]:at[t+1]], int32(-1)
		for i := 0; i < len(s); {
			gap := uint64(s[i])
			if gap < 0x80 {
				i++
			} else {
				gap, i = uvarint(s, i)
			}
			e += int32(gap) + 1
			if e < 0 || int(e>>6) >= len(b) {
				break // a malformed list
			}
			b[e>>6] |= 1 << (e & 63)
		}
	}
}

// seenEarlier reports whether entry e also has a word in terms [lo, t), so
// that the scan met it at an earlier term.
func (s *search) seenEarlier(e, lo, t int32) bool {
	for _, w := range s.wordsOf(e) {
		if lo <= w && w < t {
			return true
		}
	}
	return false
}

// matchFirst reports whether entry e's first word starts with the first
// typed word and the other typed words start other words of e.
func (s *search) matchFirst(e int32) bool {
	ws := s.wordsOf(e)
	if len(ws) == 0 || ws[0] < s.lo[0] || ws[0] >= s.hi[0] {
		return false
	}
	return len(s.typed) == 1 || s.assign(ws, true)
}

// match reports whether every typed word starts a different word of entry e.
func (s *search) match(e int32) bool {
	ws := s.wordsOf(e)
	if len(s.typed) == 1 {
		for _, w := range ws {
			if s.lo[0] <= w && w < s.hi[0] {
				return true
			}
		}
		return false
	}
	return s.assign(ws, false)
}

// assign matches each typed word to a different word of ws that it is a
// prefix of (bipartite matching by augmenting paths); with fixFirst, typed
// word 0 is held to ws[0]. On success s.owner[j] is the typed word that
// matched ws[j], or -1.
func (s *search) assign(ws []int32, fixFirst bool) bool {
	if len(s.typed) > len(ws) {
		return false
	}
	// Quick rejection: each typed word needs its own word, so at least
	// as many words as typed words must fall in some typed word's range.
	inAny := 0
	for _, w := range ws {
		for i := range s.typed {
			if s.lo[i] <= w && w < s.hi[i] {
				inAny++
				break
			}
		}
	}
	if inAny < len(s.typed) {
		return false
	}
	s.owner = s.owner[:0]
	for range ws {
		s.owner = append(s.owner, -1)
	}
	if cap(s.seen) < len(ws) {
		s.seen = make([]bool, len(ws))
	}
	s.seen = s.seen[:len(ws)]
	first := 0
	if fixFirst {
		s.owner[0] = 0
		first = 1
	}
	for i := first; i < len(s.typed); i++ {
		clear(s.seen)
		if !s.augment(ws, i, first) {
			return false
		}
	}
	return true
}

func (s *search) augment(ws []int32, i, from int) bool {
	for j := from; j < len(ws); j++ {
		if s.seen[j] || ws[j] < s.lo[i] || ws[j] >= s.hi[i] {
			continue
		}
		s.seen[j] = true
		if s.owner[j] < 0 || s.augment(ws, int(s.owner[j]), from) {
			s.owner[j] = int8(i)
			return true
		}
	}
	return false
}

// suggestion renders entry e, highlighting the typed prefixes.
func (s *search) suggestion(e int32, firstTier bool) career.Suggestion {
	ix := s.ix
	en := ix.entry(e)
	ws := s.wordsOf(e)
	s.assign(ws, firstTier) // sets s.owner: which typed word each word matched
	toks := s.nz.words(en.text, nil)
	var b strings.Builder
	at := 0
	for j, tk := range toks {
		if j >= len(s.owner) || s.owner[j] < 0 {
			continue
		}
		end := s.nz.prefixEnd(en.text, tk.start, tk.end, s.typed[s.owner[j]])
		b.WriteString(html.EscapeString(en.text[at:tk.start]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(en.text[tk.start:end]))
		b.WriteString("</mark>")
		at = end
	}
	b.WriteString(html.EscapeString(en.text[at:]))
	// The index's strings may lie in a file mapped for as long as the
	// index is open; what leaves it is copied.
	return career.Suggestion{
		Text:      strings.Clone(en.text),
		Kind:      kindNames[en.kind],
		ID:        strings.Clone(ix.ids.at(int(en.career))),
		Title:     strings.Clone(ix.titles.at(int(en.career))),
		Highlight: b.String(),
	}
}

// topK keeps the k smallest entry numbers pushed, in a max-heap.
type topK struct {
	k int
	h []int32
}

func newTopK(k int) *topK { return &topK{k: k, h: make([]int32, 0, min(k, 64))} }

func (t *topK) full() bool         { return len(t.h) >= t.k }
func (t *topK) max() int32         { return t.h[0] }
func (t *topK) less(i, j int) bool { return t.h[i] > t.h[j] }

// push adds e, which must be below max() when the heap is full.
func (t *topK) push(e int32) {
	if t.full() {
		t.h[0] = e
		t.down(0)
		return
	}
	t.h = append(t.h, e)
	for i := len(t.h) - 1; i > 0; {
		p := (i - 1) / 2
		if !t.less(i, p) {
			break
		}
		t.h[i], t.h[p] = t.h[p], t.h[i]
		i = p
	}
}

func (t *topK) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(t.h) {
			return
		}
		c := l
		if r := l + 1; r < len(t.h) && t.less(r, l) {
			c = r
		}
		if !t.less(c, i) {
			return
		}
		t.h[i], t.h[c] = t.h[c], t.h[i]
		i = c
	}
}

// sorted returns the kept entries in ascending order.
func (t *topK) sorted() []int32 {
	slices.Sort(t.h)
	return t.h
}
