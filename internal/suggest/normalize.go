package suggest

import (
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/cases"
	"golang.org/x/text/unicode/norm"
)

// A token is one word of a text: its byte span in the original text and its
// normalised form.
type token struct {
	start, end int
	norm       string
}

// normalizer turns text into matchable words: compatibility decomposition
// (NFKD), accents and other combining marks dropped, Unicode case folding,
// and a split on everything that is not a letter or a digit. It works rune by
// rune, so that a prefix of a normalised word maps back to a span of the
// original text for highlighting.
//
// A normalizer is not safe for concurrent use (a cases.Caser is stateful);
// each Build and each Suggest call has its own.
type normalizer struct {
	caser cases.Caser
	ready bool
	buf   []byte
	cache map[rune]string // normalised forms of the non-ASCII runes seen
}

// isWordRune reports whether r belongs to a word of the original text.
// Combining marks do, so that "re\u0301sume\u0301" stays one word.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// appendRune appends the normalised form of r to dst: nothing for a mark or
// a separator, one or more folded letters or digits otherwise ("É" → "e",
// "ß" → "ss", "ﬁ" → "fi").
func (n *normalizer) appendRune(dst []byte, r rune) []byte {
	if r < utf8.RuneSelf {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			return append(dst, byte(r))
		case 'A' <= r && r <= 'Z':
			return append(dst, byte(r)+'a'-'A')
		}
		return dst
	}
	if f, ok := n.cache[r]; ok {
		return append(dst, f...)
	}
	if !n.ready {
		n.caser = cases.Fold()
		n.cache = make(map[rune]string)
		n.ready = true
	}
	start := len(dst)
	dst = n.foldRune(dst, r)
	n.cache[r] = string(dst[start:])
	return dst
}

func (n *normalizer) foldRune(dst []byte, r rune) []byte {
	var tmp [utf8.UTFMax]byte
	decomposed := norm.NFKD.Bytes(tmp[:utf8.EncodeRune(tmp[:], r)])
	n.buf = n.buf[:0]
	for _, d := range string(decomposed) {
		if !unicode.IsMark(d) {
			n.buf = utf8.AppendRune(n.buf, d)
		}
	}
	if len(n.buf) == 0 {
		return dst
	}
	n.caser.Reset()
	folded := n.caser.Bytes(n.buf)
	// Folding can yield a mark (U+0130 "İ" folds to "i" + U+0307) or, in
	// principle, something to decompose again; keep letters and digits only.
	for _, f := range string(norm.NFKD.Bytes(folded)) {
		if unicode.IsLetter(f) || unicode.IsDigit(f) {
			dst = utf8.AppendRune(dst, f)
		}
	}
	return dst
}

// words appends the words of s to dst. A word whose runes all normalise to
// nothing (a lone combining mark) is dropped.
func (n *normalizer) words(s string, dst []token) []token {
	var w []byte
	start := -1
	flush := func(end int) {
		if start >= 0 && len(w) > 0 {
			dst = append(dst, token{start: start, end: end, norm: string(w)})
		}
		start, w = -1, w[:0]
	}
	for i, r := range s {
		if !isWordRune(r) {
			flush(i)
			continue
		}
		if start < 0 {
			start = i
		}
		w = n.appendRune(w, r)
	}
	flush(len(s))
	return dst
}

// prefixEnd returns the byte offset in s at which the part of the word
// s[start:end] that the typed prefix p (normalised) covers ends. The span is
// extended over trailing runes that normalise to nothing, so that a mark is
// never cut off from its letter.
func (n *normalizer) prefixEnd(s string, start, end int, p string) int {
	var acc []byte
	i := start
	for i < end && len(acc) < len(p) {
		r, size := utf8.DecodeRuneInString(s[i:])
		acc = n.appendRune(acc, r)
		i += size
	}
	for i < end {
		r, size := utf8.DecodeRuneInString(s[i:])
		if len(n.appendRune(nil, r)) > 0 {
			break
		}
		i += size
	}
	return i
}
