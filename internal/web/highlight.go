package web

import (
	"html"
	"html/template"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/kljensen/snowball/english"

	"github.com/careersearch/careers/internal/wordnet"
)

const (
	markOpen  = "<mark>"
	markClose = "</mark>"
)

// safeFragment turns a highlighted fragment from the index into HTML that
// is safe to insert as it is. The index escapes the text and adds only
// <mark> and </mark>; rather than trust that, the fragment is rebuilt: every
// text run is unescaped and escaped again (so a stray '<' or '>' becomes
// text), <mark> tags are kept only where they open and close in turn, and
// an open mark is closed at the end. Nothing but escaped text and <mark>
// elements can come out.
func safeFragment(s string) template.HTML {
	var b strings.Builder
	b.Grow(len(s) + 16)
	open := false
	for s != "" {
		i := strings.IndexByte(s, '<')
		text := s
		if i >= 0 {
			text = s[:i]
		}
		b.WriteString(template.HTMLEscapeString(html.UnescapeString(text)))
		if i < 0 {
			break
		}
		s = s[i:]
		switch {
		case strings.HasPrefix(s, markOpen):
			if !open {
				b.WriteString(markOpen)
				open = true
			}
			s = s[len(markOpen):]
		case strings.HasPrefix(s, markClose):
			if open {
				b.WriteString(markClose)
				open = false
			}
			s = s[len(markClose):]
		default:
			b.WriteString("&lt;")
			s = s[1:]
		}
	}
	if open {
		b.WriteString(markClose)
	}
	return template.HTML(b.String())
}

// plainText is the text a safe fragment shows, without its marks.
func plainText(h template.HTML) string {
	s := strings.ReplaceAll(string(h), markOpen, "")
	s = strings.ReplaceAll(s, markClose, "")
	return html.UnescapeString(s)
}

// terms is the set of stemmed words of a query, for highlighting them in a
// career's page the way the index matched them: lower-cased, stop words
// left out, English Snowball stems with the index's stem splits
// ("animals" does not mark "animated").
type terms map[string]bool

// queryTerms returns the terms of a query.
func queryTerms(q string) terms {
	t := terms{}
	for _, w := range words(q) {
		if k := termOf(q[w[0]:w[1]]); k != "" {
			t[k] = true
		}
	}
	return t
}

// termOf returns the term a word is indexed under, or "" for a stop word.
func termOf(word string) string {
	w := strings.ToLower(word)
	if english.IsStopWord(w) {
		return ""
	}
	return wordnet.Term(w)
}

// words returns the start and end of every word of s: runs of letters,
// digits and marks.
func words(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// mark escapes s and wraps the words whose stems are in t in <mark>.
func (t terms) mark(s string) template.HTML {
	if len(t) == 0 || !utf8.ValidString(s) {
		return template.HTML(template.HTMLEscapeString(s))
	}
	var b strings.Builder
	last := 0
	for _, w := range words(s) {
		if !t[termOf(s[w[0]:w[1]])] {
			continue
		}
		b.WriteString(template.HTMLEscapeString(s[last:w[0]]))
		b.WriteString(markOpen)
		b.WriteString(template.HTMLEscapeString(s[w[0]:w[1]]))
		b.WriteString(markClose)
		last = w[1]
	}
	b.WriteString(template.HTMLEscapeString(s[last:]))
	return template.HTML(b.String())
}

// paragraphs splits text at blank lines and marks each paragraph.
func (t terms) paragraphs(s string) []template.HTML {
	var out []template.HTML
	for _, p := range strings.Split(s, "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, t.mark(p))
		}
	}
	return out
}
