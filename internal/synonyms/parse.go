package synonyms

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

// maxLine bounds the length of one line of a synonym file.
const maxLine = 64 << 10

// Load reads and parses the synonym file at path.
func Load(path string) (*Set, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return Parse(path, f)
}

// Parse reads a synonym file; name is used in problems ("name:12: ...").
// On any problem it returns them all, as career.Problems, and no Set.
//
// The format, one group per line (UTF-8):
//
//	# a comment: from "#" at the start of a line or after a space to its end
//	remote work, work from home, WFH, telework
//	programme => program
//	CV, computer vision @context: AI, machine learning, image
//	grease monkey => mechanic @instead
//
// A group of equivalents lists two or more entries separated by commas;
// each one matches in a query and is replaced by each of the others. A
// one-way rule "a, b => c, d" matches a and b only and replaces them with c
// and d. Entries are words and phrases of letters, digits, spaces and the
// separators - / . ' & (no commas); they are compared normalised (see
// Words), so "x-ray" and "X Ray" are the same entry and "xray" another. An
// entry written in capitals, or one word with two or more capitals, is an
// acronym (see Entry). "@context:" ends a line with comma-separated terms
// (entries too): the group applies only when the query holds one of them
// besides the words matched. "@instead" on a one-way rule makes it a
// replacement: the words it matches mean its first replacement, and are
// searched as that instead of as written (an idiom: "grease monkey" is
// no monkey). A line holds each marker at most once, in either order. An
// entry may be matched by one group only, unless every group that
// matches it has a context.
func Parse(name string, r io.Reader) (*Set, error) {
	p := &parser{name: name, set: &Set{
		name:     name,
		byFirst:  make(map[string][]ref),
		acronyms: make(map[string]bool),
	}, owner: make(map[string]owner)}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 4096), maxLine)
	n := 0
	for sc.Scan() {
		n++
		text := sc.Text()
		if n == 1 {
			text = strings.TrimPrefix(text, "\uFEFF")
		}
		p.parseLine(n, text)
	}
	if err := sc.Err(); err != nil {
		if !errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		p.problemf(n+1, "line longer than %d bytes", maxLine)
	}
	if len(p.problems) > 0 {
		p.problems.Sort()
		return nil, p.problems
	}
	return p.set, nil
}

type parser struct {
	name     string
	set      *Set
	problems career.Problems
	owner    map[string]owner // phrase of a matchable entry → where it is
}

type owner struct {
	line    int
	guarded bool
}

func (p *parser) problemf(line int, format string, args ...any) {
	p.problems = append(p.problems, career.Problem{File: p.name, Line: line, Message: fmt.Sprintf(format, args...)})
}

// stripComment removes a comment: "#" at the start or after white space.
func stripComment(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] == '#' && (i == 0 || s[i-1] == ' ' || s[i-1] == '\t') {
			return s[:i]
		}
	}
	return s
}

func (p *parser) parseLine(n int, text string) {
	text = strings.TrimSuffix(text, "\r")
	if !utf8.ValidString(text) {
		p.problemf(n, "not valid UTF-8")
		return
	}
	text = strings.TrimSpace(stripComment(text))
	if text == "" {
		return
	}
	body, markers, hasMarker := strings.Cut(text, "@")
	var context []Entry
	instead, hasContext := false, false
	if hasMarker {
		for _, marker := range strings.Split(markers, "@") {
			kind, terms, hasTerms := strings.Cut(marker, ":")
			kind = strings.ToLower(strings.TrimSpace(kind))
			switch {
			case kind == "instead" && !hasTerms:
				if instead {
					p.problemf(n, "@instead twice")
					return
				}
				instead = true
			case kind == "context" && hasTerms:
				if hasContext {
					p.problemf(n, "more than one @context: on a line")
					return
				}
				hasContext = true
				if strings.TrimSpace(terms) == "" {
					p.problemf(n, "@context: needs at least one term")
					return
				}
				var ok bool
				if context, ok = p.entries(n, terms, "context term"); !ok {
					return
				}
			default:
				word, _, _ := strings.Cut(strings.TrimSpace(marker), " ")
				p.problemf(n, "unknown marker %q: the markers are \"@context:\" and \"@instead\"", "@"+word)
				return
			}
		}
	}
	g := group{line: n, context: context, instead: instead}
	left, right, oneWay := strings.Cut(body, "=>")
	if instead && !oneWay {
		p.problemf(n, "@instead needs a one-way rule (a => b): in a group of equivalents every entry is also searched as written")
		return
	}
	if oneWay {
		if strings.Contains(right, "=>") {
			p.problemf(n, "more than one \"=>\"")
			return
		}
		if strings.TrimSpace(left) == "" {
			p.problemf(n, "nothing before \"=>\"")
			return
		}
		if strings.TrimSpace(right) == "" {
			p.problemf(n, "nothing after \"=>\"")
			return
		}
		l, okl := p.entries(n, left, "entry")
		r, okr := p.entries(n, right, "entry")
		if !okl || !okr {
			return
		}
		g.entries, g.left = append(l, r...), len(l)
	} else {
		var ok bool
		if g.entries, ok = p.entries(n, body, "entry"); !ok {
			return
		}
		if len(g.entries) < 2 {
			p.problemf(n, "group needs at least two entries")
			return
		}
	}
	seen := make(map[string]string, len(g.entries))
	for _, e := range g.entries {
		ph := e.Phrase()
		if prev, dup := seen[ph]; dup {
			if prev == e.Text {
				p.problemf(n, "%q is twice in the group", e.Text)
			} else {
				p.problemf(n, "%q and %q are the same entry (compared as %q)", prev, e.Text, ph)
			}
			return
		}
		seen[ph] = e.Text
	}
	guarded := len(g.context) > 0
	for i, e := range g.entries {
		if !g.matchable(i) {
			continue
		}
		ph := e.Phrase()
		if o, dup := p.owner[ph]; dup && !(o.guarded && guarded) {
			p.problemf(n, "%q is already matched by the group at line %d (an entry may be in two groups only if both have a @context:)", e.Text, o.line)
			return
		}
	}
	gi := len(p.set.groups)
	for i, e := range g.entries {
		if g.matchable(i) {
			p.owner[e.Phrase()] = owner{line: n, guarded: guarded}
			p.set.byFirst[e.Words[0]] = append(p.set.byFirst[e.Words[0]], ref{gi, i})
		}
	}
	for _, e := range append(g.entries[:len(g.entries):len(g.entries)], g.context...) {
		if !e.Acronym {
			continue
		}
		for _, w := range e.Words {
			// The single letters of "R&D" are not acronyms by themselves.
			if len(e.Words) == 1 || utf8.RuneCountInString(w) > 1 {
				p.set.acronyms[w] = true
			}
		}
	}
	p.set.groups = append(p.set.groups, g)
}

// entries parses a comma-separated list; what names its items in problems.
func (p *parser) entries(n int, list, what string) ([]Entry, bool) {
	var out []Entry
	for _, item := range strings.Split(list, ",") {
		text := strings.Join(strings.Fields(item), " ")
		if text == "" {
			p.problemf(n, "empty %s (two commas in a row, or a comma at an end)", what)
			return nil, false
		}
		if i := strings.IndexFunc(text, notAllowed); i >= 0 {
			r, _ := utf8.DecodeRuneInString(text[i:])
			p.problemf(n, "%s %q: %q is not allowed (only letters, digits, spaces and - / . ' &)", what, text, r)
			return nil, false
		}
		var words []string
		for _, t := range appendTokens(nil, text, 0) {
			words = append(words, t.norm)
		}
		if len(words) == 0 {
			p.problemf(n, "%s %q has no letters or digits", what, text)
			return nil, false
		}
		out = append(out, Entry{Text: text, Words: words, Acronym: acronymText(text)})
	}
	return out, true
}

func notAllowed(r rune) bool {
	switch r {
	case ' ', '-', '/', '.', '\'', '\u2019', '&':
		return false
	}
	return !(unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r))
}
