package bleveindex

import (
	"bytes"
	"cmp"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/search"
)

// highlighter cuts a hit's passages out of its texts (from the careers
// file) at the hit's term locations. It gives, passage for passage, what Bleve's simple highlighter
// gave with a word-edged fragmenter, the html formatter (<mark>) and "…" as
// the separator (highlight_test.go compares the two on every judged query
// and on random text), because the passages are part of what users and the
// golden files see. It is cheaper: the career's texts are visited once
// per hit rather than once per field, the locations are flattened into one
// sorted slice instead of a pointer per location, fragments are values in a
// reused heap, and each passage is written into a reused buffer, so a hit
// costs about one allocation per passage.
//
// Bleve's behaviour is kept even where it is odd, and each oddity is named
// where it is reproduced: fragments of different items of a multi-valued
// field count as overlapping when their byte ranges overlap, and only the
// locations overlapping a field's first location are merged before marking.
type highlighter struct {
	size    int  // fragment length in characters
	num     int  // passages per field at most
	oneLine bool // runs of white space become one space, none at the ends
	scratch sync.Pool
}

const (
	markOpen   = "<mark>"
	markClose  = "</mark>"
	passageCut = "…"
)

func newHighlighter(size, num int, oneLine bool) *highlighter {
	return &highlighter{size: size, num: num, oneLine: oneLine,
		scratch: sync.Pool{New: func() any { return new(hlScratch) }}}
}

// hlItem is one stored value of a field: the field itself, or one element
// of a multi-valued field such as duties.
type hlItem struct {
	field int // index into the fields asked for
	ap    []uint64
	text  []byte
}

// hlLoc is one term location of a field.
type hlLoc struct {
	ap         search.ArrayPositions
	start, end int
	term       int // index of the term among the field's matched terms
	markEnd    int // end of the mark, after Bleve's merge of overlaps
	merged     bool
}

// hlSpan is a fragment: a byte range of one item, with its score.
type hlSpan struct {
	item       int
	start, end int
	score      float64
}

// hlScratch is the memory one highlighting reuses.
type hlScratch struct {
	items []hlItem
	locs  []hlLoc
	seen  []uint32 // per term, the stamp of the last fragment that counted it
	stamp uint32
	spans []hlSpan
	heap  []hlSpan
	best  []hlSpan
	w     passageWriter
}

// textSource gives a career's text values as they were given to Bleve,
// which Bleve's term locations point into: a record of the careers file
// (storedCareer), or in tests a Bleve document.
type textSource interface {
	// visitTexts calls visit with each value: its field, its array
	// position (nil for a field of one value) and its text, which visit
	// must not keep or change.
	visitTexts(visit func(field string, ap []uint64, text []byte))
}

// highlight puts into out, under each of fields that h has locations in,
// the field's best passages as HTML.
func (hl *highlighter) highlight(h *search.DocumentMatch, doc textSource, fields []string, out map[string][]string) {
	s := hl.scratch.Get().(*hlScratch)
	defer hl.scratch.Put(s)
	s.items = s.items[:0]
	doc.visitTexts(func(name string, ap []uint64, text []byte) {
		for i, want := range fields {
			if name == want {
				if _, ok := h.Locations[want]; ok {
					s.items = append(s.items, hlItem{field: i, ap: ap, text: text})
				}
				return
			}
		}
	})
	for i, f := range fields {
		tlm, ok := h.Locations[f]
		if !ok {
			continue
		}
		if passages := hl.field(s, tlm, i); len(passages) > 0 {
			out[f] = passages
		}
	}
	clear(s.items) // drop the references to the document
}

// field returns the passages of the field with index fi.
func (hl *highlighter) field(s *hlScratch, tlm search.TermLocationMap, fi int) []string {
	s.locs = s.locs[:0]
	terms := 0
	for _, locs := range tlm {
		for _, l := range locs {
			s.locs = append(s.locs, hlLoc{ap: l.ArrayPositions, start: int(l.Start), end: int(l.End), term: terms})
		}
		terms++
	}
	// Bleve's order (highlight.OrderTermLocations): by item, then start; the
	// end only breaks ties Bleve leaves to chance, which one token per
	// position never makes.
	slices.SortFunc(s.locs, func(a, b hlLoc) int {
		if c := a.ap.Compare(b.ap); c != 0 {
			return c
		}
		if c := cmp.Compare(a.start, b.start); c != 0 {
			return c
		}
		return cmp.Compare(a.end, b.end)
	})
	mergeFirst(s.locs)
	if len(s.seen) < terms {
		s.seen = make([]uint32, terms)
		s.stamp = 0
	}

	s.heap = s.heap[:0]
	for ii := range s.items {
		it := &s.items[ii]
		if it.field != fi {
			continue
		}
		lo, hi := itemRange(s.locs, it.ap)
		ot := s.locs[lo:hi]
		s.spans = cutFragments(s.spans[:0], it.text, ot, hl.size)
		for _, sp := range s.spans {
			sp.item = ii
			sp.score = s.score(ot, sp)
			s.push(sp)
		}
	}

	// The best fragments that do not overlap, by Bleve's rule (its loop,
	// step for step, since ties in score go by heap order).
	best := s.best[:0]
	if len(s.heap) > 0 {
		cand := s.pop()
	outer:
		for len(best) < hl.num {
			for _, b := range best {
				if spansOverlap(cand, b) {
					if len(s.heap) < 1 {
						break outer
					}
					cand = s.pop()
					continue outer
				}
			}
			best = append(best, cand)
			if len(s.heap) < 1 {
				break
			}
			cand = s.pop()
		}
	}
	s.best = best
	if len(best) == 0 {
		return nil
	}
	out := make([]string, len(best))
	for i, b := range best {
		it := &s.items[b.item]
		lo, hi := itemRange(s.locs, it.ap)
		s.w.oneLine = hl.oneLine
		s.w.passage(it.text, s.locs[lo:hi], b.start, b.end)
		out[i] = string(s.w.buf)
	}
	return out
}

// mergeFirst reproduces Bleve's TermLocations.MergeOverlapping, which
// compares every location with the first one only (it never moves on), so
// only locations overlapping the field's first location join its mark.
func mergeFirst(locs []hlLoc) {
	for i := range locs {
		locs[i].markEnd = locs[i].end
		locs[i].merged = false
	}
	if len(locs) == 0 {
		return
	}
	first := &locs[0]
	for i := 1; i < len(locs); i++ {
		l := &locs[i]
		// Bleve compares the array positions with reflect.DeepEqual: nil
		// and empty differ.
		if (first.ap == nil) != (l.ap == nil) || !slices.Equal(first.ap, l.ap) {
			continue
		}
		if l.start >= first.start && l.start < first.markEnd || first.start >= l.start && first.start < l.end {
			first.markEnd = l.end
			l.merged = true
		}
	}
}

// itemRange returns the run of sorted locs whose array positions are ap.
func itemRange(locs []hlLoc, ap []uint64) (lo, hi int) {
	lo = len(locs)
	for i := range locs {
		if slices.Equal(locs[i].ap, ap) {
			lo = i
			break
		}
	}
	hi = lo
	for hi < len(locs) && slices.Equal(locs[hi].ap, ap) {
		hi++
	}
	return lo, hi
}

// score counts the distinct terms with a location inside sp, as Bleve's
// simple fragment scorer does.
func (s *hlScratch) score(ot []hlLoc, sp hlSpan) float64 {
	s.stamp++
	if s.stamp == 0 { // wrapped: old stamps could collide
		clear(s.seen)
		s.stamp = 1
	}
	n := 0
	for _, l := range ot {
		if l.start >= sp.start && l.end <= sp.end && s.seen[l.term] != s.stamp {
			s.seen[l.term] = s.stamp
			n++
		}
	}
	return float64(n)
}

// push and pop are container/heap's, on values, highest score first.
func (s *hlScratch) push(sp hlSpan) {
	s.heap = append(s.heap, sp)
	h := s.heap
	for j := len(h) - 1; ; {
		i := (j - 1) / 2
		if i == j || !(h[j].score > h[i].score) {
			break
		}
		h[i], h[j] = h[j], h[i]
		j = i
	}
}

func (s *hlScratch) pop() hlSpan {
	h := s.heap
	n := len(h) - 1
	h[0], h[n] = h[n], h[0]
	for i := 0; ; {
		j1 := 2*i + 1
		if j1 >= n || j1 < 0 {
			break
		}
		j := j1
		if j2 := j1 + 1; j2 < n && h[j2].score > h[j1].score {
			j = j2
		}
		if !(h[j].score > h[i].score) {
			break
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
	sp := h[n]
	s.heap = h[:n]
	return sp
}

// spansOverlap is Bleve's Fragment.Overlaps: byte ranges only, whatever the
// items, so two elements of a multi-valued field can exclude each other.
func spansOverlap(f, other hlSpan) bool {
	return other.start >= f.start && other.start < f.end || f.start >= other.start && f.start < other.end
}

// cutFragments appends the fragments of one item's text for its sorted
// locations ot: Bleve's simple fragmenter (one fragment per location, of
// size characters, backed up towards the previous location and centred on
// the terms it holds), with the edges then moved to word boundaries unless
// that drops a match. A text of at most size characters is one fragment.
func cutFragments(dst []hlSpan, orig []byte, ot []hlLoc, size int) []hlSpan {
	if atMostRunes(orig, size) {
		return append(dst, hlSpan{start: 0, end: len(orig)})
	}
	first := len(dst)
	if size > 0 && isASCII(orig) {
		dst = cutASCII(dst, orig, ot, size)
	} else {
		dst = cutRunes(dst, orig, ot, size)
	}
	for j := first; j < len(dst); j++ {
		wordEdges(&dst[j], orig, ot)
	}
	return dst
}

// cutRunes is Bleve's simple fragmenter, step for step, bailing out of a
// location wherever it meets a broken rune as that does.
func cutRunes(dst []hlSpan, orig []byte, ot []hlLoc, size int) []hlSpan {
	maxbegin := 0
outer:
	for i, tl := range ot {
		start := tl.start
		end := start
		used := 0
		for end < len(orig) && used < size {
			if orig[end] < utf8.RuneSelf {
				end++
				used++
				continue
			}
			r, n := utf8.DecodeRune(orig[end:])
			if r == utf8.RuneError {
				continue outer
			}
			end += n
			used++
		}
		// Use what is left of the size before the term, without going
		// back past the previous term's end.
		for start > 0 && used < size {
			if start > len(orig) {
				continue outer
			}
			r, n := lastRune(orig[:start])
			if r == utf8.RuneError {
				continue outer
			}
			if start-n < maxbegin {
				break
			}
			start -= n
			used++
		}
		// Centre the terms: move back by half the smaller of the room after
		// the last whole term and the room before the start.
		minend := end
		for _, in := range ot[i:] {
			if in.end > end {
				break
			}
			minend = in.end
		}
		room := utf8.RuneCount(orig[minend:end])
		roomStart := 0
		if start >= maxbegin {
			roomStart = utf8.RuneCount(orig[maxbegin:start])
		}
		room = min(room, roomStart)
		for offset := room / 2; offset > 0; offset-- {
			r, n := lastRune(orig[:start])
			if r == utf8.RuneError {
				continue outer
			}
			start -= n
			r, n = lastRune(orig[:end])
			if r == utf8.RuneError {
				continue outer
			}
			end -= n
		}
		dst = append(dst, hlSpan{start: start, end: end})
		maxbegin = tl.end
	}
	if len(ot) == 0 {
		end, used := 0, 0
		for end < len(orig) && used < size {
			r, n := utf8.DecodeRune(orig[end:])
			if r == utf8.RuneError {
				break
			}
			end += n
			used++
		}
		dst = append(dst, hlSpan{start: 0, end: end})
	}
	return dst
}

// cutASCII is cutRunes on a text of one byte per character, where every
// walk is arithmetic and nothing bails (size > 0).
func cutASCII(dst []hlSpan, orig []byte, ot []hlLoc, size int) []hlSpan {
	maxbegin := 0
	for i, tl := range ot {
		start := tl.start
		if start > len(orig) {
			continue // out of the text: the walk back bails
		}
		end := min(len(orig), start+size)
		used := end - start
		// Back towards the previous term's end, with what is left.
		if start > maxbegin {
			back := min(size-used, start-maxbegin)
			start -= back
		}
		minend := end
		for _, in := range ot[i:] {
			if in.end > end {
				break
			}
			minend = in.end
		}
		room := end - minend
		roomStart := 0
		if start >= maxbegin {
			roomStart = start - maxbegin
		}
		offset := min(room, roomStart) / 2
		dst = append(dst, hlSpan{start: start - offset, end: end - offset})
		maxbegin = tl.end
	}
	if len(ot) == 0 {
		dst = append(dst, hlSpan{start: 0, end: min(len(orig), size)})
	}
	return dst
}

// isASCII reports whether b holds only ASCII bytes.
func isASCII(b []byte) bool {
	var or byte
	for _, c := range b {
		or |= c
	}
	return or < utf8.RuneSelf
}

// lastRune is utf8.DecodeLastRune, quick on ASCII.
func lastRune(b []byte) (rune, int) {
	if n := len(b); n > 0 && b[n-1] < utf8.RuneSelf {
		return rune(b[n-1]), 1
	}
	return utf8.DecodeLastRune(b)
}

// atMostRunes is utf8.RuneCount(b) <= n without counting a long text
// through.
func atMostRunes(b []byte, n int) bool {
	if len(b) <= n {
		return true
	}
	for i := 0; i < len(b); n-- {
		if n == 0 {
			return false
		}
		if b[i] < utf8.RuneSelf {
			i++
		} else {
			_, size := utf8.DecodeRune(b[i:])
			i += size
		}
	}
	return true
}

// wordEdges moves a fragment's edges to word boundaries, so that a passage
// never starts with "…lyse" or ends in "abnormalitie…", unless that would
// cut off a term the fragment holds.
func wordEdges(f *hlSpan, orig []byte, ot []hlLoc) {
	firstTerm, lastTerm := f.end, f.start
	for _, tl := range ot {
		if tl.start >= f.start && tl.end <= f.end {
			firstTerm = min(firstTerm, tl.start)
			lastTerm = max(lastTerm, tl.end)
		}
	}
	if f.start > 0 && !isSpaceBefore(orig, f.start) {
		// Drop the partial word at the start (one byte past the space, as
		// the fragmenter always did).
		if i := bytes.IndexFunc(orig[f.start:], unicode.IsSpace); i >= 0 && f.start+i < firstTerm {
			f.start += i + 1
		}
	}
	if f.end < len(orig) && !isSpaceAt(orig, f.end) {
		if i := bytes.LastIndexFunc(orig[:f.end], unicode.IsSpace); i > lastTerm && i > f.start {
			f.end = i
		}
	}
}

func isSpaceBefore(b []byte, i int) bool {
	r, _ := utf8.DecodeLastRune(b[:i])
	return unicode.IsSpace(r)
}

func isSpaceAt(b []byte, i int) bool {
	r, _ := utf8.DecodeRune(b[i:])
	return unicode.IsSpace(r)
}

// passageWriter writes a passage as HTML into a reused buffer: the text
// escaped as html.EscapeString does, and, with oneLine, each run of white
// space made one space and none kept at the ends, as
// strings.Join(strings.Fields(p), " ") does (marks and "…" hold no space,
// so the text's spaces are the passage's).
type passageWriter struct {
	buf     []byte
	oneLine bool
	pending bool // a space is owed before the next character
}

// passage writes the fragment [start, end) of text, the locations of ot
// inside it marked, with "…" where text goes on, as Bleve's html formatter
// and simple highlighter do.
func (w *passageWriter) passage(text []byte, ot []hlLoc, start, end int) {
	w.buf, w.pending = w.buf[:0], false
	if start != 0 {
		w.buf = append(w.buf, passageCut...)
	}
	curr := start
	for _, l := range ot {
		if l.merged || l.start < curr {
			continue
		}
		if l.markEnd > end {
			break
		}
		w.text(text[curr:l.start])
		writeOwed(w, markOpen)
		w.text(text[l.start:l.markEnd])
		writeOwed(w, markClose)
		curr = l.markEnd
	}
	w.text(text[curr:end])
	if end != len(text) {
		writeOwed(w, passageCut)
	}
}

// text writes b escaped (and made one line).
func (w *passageWriter) text(b []byte) {
	classes := &escapeOnly
	if w.oneLine {
		classes = &escapeAndSpace
	}
	run := 0 // start of the bytes not written yet
	for i := 0; i < len(b); {
		n := 1
		switch classes[b[i]] {
		case bytePlain:
			i++
			continue
		case byteEscape:
			writeOwed(w, b[run:i])
			writeOwed(w, htmlEscapes[b[i]])
			i++
			run = i
			continue
		case byteMulti:
			var r rune
			r, n = utf8.DecodeRune(b[i:])
			if !unicode.IsSpace(r) {
				i += n
				continue
			}
		}
		// A space, in one-line mode.
		writeOwed(w, b[run:i])
		w.pending = len(w.buf) > 0
		i += n
		run = i
	}
	writeOwed(w, b[run:])
}

// What text does with a byte.
const (
	bytePlain  = iota // copied
	byteEscape        // replaced by its html escape
	byteSpace         // an ASCII space
	byteMulti         // starts (or continues) a rune that may be a space
)

// escapeOnly and escapeAndSpace classify the bytes for text without and
// with oneLine.
var escapeOnly, escapeAndSpace = byteClasses(false), byteClasses(true)

func byteClasses(oneLine bool) (c [256]uint8) {
	for b := range c {
		switch {
		case b < utf8.RuneSelf && htmlEscapes[b] != "":
			c[b] = byteEscape
		case !oneLine:
			c[b] = bytePlain
		case b >= utf8.RuneSelf:
			c[b] = byteMulti
		case unicode.IsSpace(rune(b)):
			c[b] = byteSpace
		}
	}
	return c
}

// writeOwed appends s, after the space owed if s is not empty.
func writeOwed[T string | []byte](w *passageWriter, s T) {
	if len(s) == 0 {
		return
	}
	if w.pending {
		w.buf = append(w.buf, ' ')
		w.pending = false
	}
	w.buf = append(w.buf, s...)
}

// htmlEscapes are html.EscapeString's replacements.
var htmlEscapes = [utf8.RuneSelf]string{'&': "&amp;", '\'': "&#39;", '<': "&lt;", '>': "&gt;", '"': "&#34;"}
