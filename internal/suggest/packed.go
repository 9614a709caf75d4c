package suggest

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// The index keeps its posting lists and entries packed, because a
// generation of the careers index holds millions of entries and maps them
// from its tables file: arrays of int32 (one per posting, per entry word,
// and a copy of every text) made the suggestion index two thirds of that
// file. A posting list is read in order from its start, so varints there
// cost a few instructions where a fixed width would cost bytes.
//
// A posting list is its ascending entry numbers as varints of the gap to
// the previous one less one (the first: the number itself), so that the
// dense lists of common words take a byte a posting.
//
// An entry is a record: the varint of its number of words, each word's
// term number in text order, a byte of its kind (low two bits) and text
// form (the next two), its career, then its text in the form the byte
// names. Term numbers and careers are little-endian in as few bytes as the
// largest needs (width): fixed, so that matching a candidate, which reads
// only the words at the record's start, decodes them without a branch per
// byte. The forms of the text:
//
//	textLiteral      the text's bytes
//	textCapitalised  nothing: the words joined by spaces, each with its
//	                 first letter in upper case ("Short Order Cooks")
//	textShaped       a shape: the text with each word replaced by a byte
//	                 that says how it is written (shapeLower, shapeTitle,
//	                 shapeUpper), the rest as written ("\x02, \x02 \x02"
//	                 for "Cooks, Short Order")
//
// A text is stored in the smallest form that gives back exactly its bytes
// (packEntry renders it to check); any other text (accented or mixed-case
// words) is stored literally.
const (
	textLiteral = iota
	textCapitalised
	textShaped
)

// Shape bytes; a text that holds one of them is stored literally.
const (
	shapeLower = 1 + iota
	shapeTitle
	shapeUpper
)

// appendUvarint appends v as a varint (encoding/binary's format).
func appendUvarint(b []byte, v uint64) []byte {
	for v >= 0x80 {
		b = append(b, byte(v)|0x80)
		v >>= 7
	}
	return append(b, byte(v))
}

// uvarint reads the varint at s[i:] and returns it and the index after it;
// a varint cut short by the end of s reads as what it holds so far, so that
// a malformed record cannot read past its end.
func uvarint(s string, i int) (uint64, int) {
	if i < len(s) && s[i] < 0x80 {
		return uint64(s[i]), i + 1
	}
	var v uint64
	for shift := 0; i < len(s) && shift < 64; shift += 7 {
		b := s[i]
		i++
		v |= uint64(b&0x7f) << shift
		if b < 0x80 {
			break
		}
	}
	return v, i
}

// postings is a packed posting list, read in order.
type postings struct {
	s    string
	i    int
	last int32
}

func newPostings(s string) postings { return postings{s: s, last: -1} }

// next returns the next entry, or false at the end of the list.
func (p *postings) next() (int32, bool) {
	if p.i >= len(p.s) {
		return 0, false
	}
	if b := p.s[p.i]; b < 0x80 { // most gaps: one byte, read inline
		p.i++
		p.last += int32(b) + 1
		return p.last, true
	}
	var gap uint64
	gap, p.i = uvarint(p.s, p.i)
	p.last += int32(gap) + 1
	return p.last, true
}

// packLists packs lists (each ascending) end to end and returns them with
// at, where list t starts, and n, how many entries precede list t.
func packLists(lists [][]int32) (packed string, at, n []int32) {
	var b []byte
	at = make([]int32, len(lists)+1)
	n = make([]int32, len(lists)+1)
	for t, l := range lists {
		last := int32(-1)
		for _, e := range l {
			b = appendUvarint(b, uint64(e-last-1))
			last = e
		}
		at[t+1], n[t+1] = int32(len(b)), n[t]+int32(len(l))
	}
	return string(b), at, n
}

// width returns the bytes a number below n takes in an entry record.
func width(n int) int {
	switch {
	case n <= 1<<8:
		return 1
	case n <= 1<<16:
		return 2
	case n <= 1<<24:
		return 3
	}
	return 4
}

func appendFixed(b []byte, v int32, width int) []byte {
	for k := range width {
		b = append(b, byte(v>>(8*k)))
	}
	return b
}

// fixed reads a number of width bytes at s[i:], which must hold them.
func fixed(s string, i, width int) int32 {
	var v int32
	for k := range width {
		v |= int32(s[i+k]) << (8 * k)
	}
	return v
}

// packEntry appends entry e's record, of an index of careers careers and
// the given terms.
func packEntry(b []byte, en entry, careers int, words []int32, terms strs) []byte {
	b = appendUvarint(b, uint64(len(words)))
	for _, w := range words {
		b = appendFixed(b, w, width(terms.len()))
	}
	head := len(b)
	b = append(b, en.kind)
	b = appendFixed(b, en.career, width(careers))
	var buf strings.Builder
	if renderText(&buf, textCapitalised, "", words, terms) && buf.String() == en.text {
		b[head] |= textCapitalised << 2
		return b
	}
	if shape, ok := shapeOf(en.text, words, terms); ok {
		b[head] |= textShaped << 2
		return append(b, shape...)
	}
	return append(b, en.text...)
}

// shapeOf returns text's shape when rendering it gives back text exactly.
func shapeOf(text string, words []int32, terms strs) (string, bool) {
	if strings.ContainsAny(text, "\x01\x02\x03") {
		return "", false
	}
	var nz normalizer
	toks := nz.words(text, nil)
	if len(toks) != len(words) {
		return "", false
	}
	var shape []byte
	at := 0
	for i, tk := range toks {
		shape = append(shape, text[at:tk.start]...)
		written, term := text[tk.start:tk.end], terms.at(int(words[i]))
		switch written {
		case term:
			shape = append(shape, shapeLower)
		case capitalise(term):
			shape = append(shape, shapeTitle)
		case strings.ToUpper(term):
			shape = append(shape, shapeUpper)
		default:
			return "", false
		}
		at = tk.end
	}
	shape = append(shape, text[at:]...)
	var buf strings.Builder
	if !renderText(&buf, textShaped, string(shape), words, terms) || buf.String() != text {
		return "", false
	}
	return string(shape), true
}

func capitalise(w string) string {
	r, size := utf8.DecodeRuneInString(w)
	if r == utf8.RuneError {
		return w
	}
	return string(unicode.ToUpper(r)) + w[size:]
}

// renderText writes the text of an entry of the given form from its words
// and its payload (the literal text, or the shape); false for a shape that
// names more words than the entry has, which a valid record never does.
func renderText(b *strings.Builder, form int, payload string, words []int32, terms strs) bool {
	switch form {
	case textCapitalised:
		for i, w := range words {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(capitalise(terms.at(int(w))))
		}
	case textShaped:
		next := 0
		for i := 0; i < len(payload); i++ {
			c := payload[i]
			if c > shapeUpper || c == 0 {
				b.WriteByte(c)
				continue
			}
			if next >= len(words) {
				return false
			}
			term := terms.at(int(words[next]))
			next++
			switch c {
			case shapeLower:
				b.WriteString(term)
			case shapeTitle:
				b.WriteString(capitalise(term))
			case shapeUpper:
				b.WriteString(strings.ToUpper(term))
			}
		}
	default:
		b.WriteString(payload)
	}
	return true
}

// record is entry e's record, decoded up to its text.
type record struct {
	kind   uint8
	form   int
	career int32
	// payload is what follows the words: the literal text or the shape.
	payload string
}

// entryWords appends entry e's words to ws[:0] and returns them with the
// rest of its record. A malformed record (the file is checksummed, so
// written wrong) reads as no words, which nothing matches; term numbers
// are checked where they index the terms (entryRecord), not here, where
// they are only compared.
func (ix *Index) entryWords(e int32, ws []int32) ([]int32, string) {
	ws = ws[:0]
	if e < 0 || int(e)+1 >= len(ix.entryAt) {
		return ws, "" // from a malformed posting list
	}
	a, b := ix.entryAt[e], ix.entryAt[e+1]
	if a >= b || int(b) > len(ix.entries) {
		return ws, ""
	}
	s := ix.entries[a:b]
	var n uint64
	i := 1
	if s[0] < 0x80 {
		n = uint64(s[0])
	} else {
		n, i = uvarint(s, 0)
	}
	ww := ix.wordWidth
	if n > uint64(len(s)-i)/uint64(ww) {
		return ws, ""
	}
	end := i + int(n)*ww
	words := s[i:end]
	switch ww {
	case 1:
		for k := 0; k < len(words); k++ {
			ws = append(ws, int32(words[k]))
		}
	case 2:
		for k := 0; k+1 < len(words); k += 2 {
			ws = append(ws, int32(words[k])|int32(words[k+1])<<8)
		}
	default:
		for k := 0; k+ww <= len(words); k += ww {
			ws = append(ws, fixed(words, k, ww))
		}
	}
	return ws, s[end:]
}

// entryRecord returns entry e's record, its words appended to ws[:0]; a
// malformed one reads as an entry of no words.
func (ix *Index) entryRecord(e int32, ws []int32) (record, []int32) {
	ws, s := ix.entryWords(e, ws)
	cw := width(ix.ids.len())
	if len(ws) == 0 || len(s) < 1+cw {
		return record{}, ws[:0]
	}
	r := record{kind: s[0] & 3, form: int(s[0]>>2) & 3, career: fixed(s, 1, cw)}
	if int(r.kind) >= len(kindNames) || r.career < 0 || int(r.career) >= ix.ids.len() {
		return record{}, ws[:0]
	}
	for _, w := range ws {
		if w < 0 || int(w) >= ix.terms.len() {
			return record{}, ws[:0]
		}
	}
	r.payload = s[1+cw:]
	return r, ws
}

// wordsOf returns entry e's words, decoded into s.ws: a candidate is
// matched, checked for an earlier term and rendered in turn, and its
// words are decoded once for all.
func (s *search) wordsOf(e int32) []int32 {
	if s.wsValid && s.wsEntry == e {
		return s.ws
	}
	s.ws, _ = s.ix.entryWords(e, s.ws)
	s.wsEntry, s.wsValid = e, true
	return s.ws
}
