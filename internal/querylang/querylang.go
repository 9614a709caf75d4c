// Package querylang parses the expert query language of the search box:
// bare words, "exact phrases", -exclusions, +requirements and field:word
// restrictions, into a Query that a search adapter translates.
//
// The language is forgiving: anything that is not one of these constructs is
// plain text, so ordinary queries ("AI/ML", "C++", "x-ray", "ratio 3:1",
// "x - y") never fail. Only a few mistakes are errors, each a *career.Error
// of kind career.EINVALID whose message names the parameter q and the
// 1-based character (rune) position of the mistake:
//
//   - an empty phrase "" (or one of spaces only)
//   - a known field followed by nothing, as in "title:" or "title: engineer"
//   - a query whose only words are excluded, as in "-manager"
//
// An opening quote without a closing one is not an error: people type a
// stray quote by mistake far more often than they mean a phrase to run to
// the end. The quote is taken out, what follows is read as words
// (`title:"data` as title:data), and Query.DroppedQuotes says where it
// was, so that the caller can tell. Positions stay those of the string
// given to Parse.
//
// The rules in detail:
//
//   - Words are separated by white space (unicode.IsSpace). A word runs to
//     the next white space, whatever punctuation it holds, quotes included:
//     `don't`, `12"` and `node.js` are words.
//   - A double quote at the start of a term opens a phrase, which ends at the
//     next double quote; runs of white space inside it become one space. The
//     closing quote also ends the term, so `"a b"c` is the phrase "a b" and
//     the word c. There is no escape for a quote inside a phrase.
//   - A leading '+' (require) or '-' (exclude) is an operator when it is
//     followed by a quote, or by a word that holds at least one letter or
//     digit and does not itself start with '+' or '-'. Otherwise the whole
//     word is plain text: "x - y", "+/-", "->" and "--verbose" are words.
//   - name:value restricts value (a word or a phrase) to a field when name
//     is one of the fields given to Parse, compared without regard to case;
//     the Clause carries the spelling from that list. Any other name is
//     plain text: "3:1", "http://x", "ratio:2" are words. The operator comes
//     first: -workplace:onsite, +title:"data engineer".
//   - A query with at least one exclusion needs at least one other clause
//     holding a letter or digit; "-foo" or "-foo -" alone is an error. An
//     empty query is not an error here: it parses to a Query with no
//     clauses, and the caller decides what that means.
package querylang

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/careersearch/careers/internal/career"
)

// Occur says how a clause takes part in matching.
type Occur int

const (
	// Should clauses score a career; the query's plain words.
	Should Occur = iota
	// Must clauses have to match (+word).
	Must
	// MustNot clauses must not match (-word).
	MustNot
)

// String returns "should", "must" or "must_not".
func (o Occur) String() string {
	switch o {
	case Should:
		return "should"
	case Must:
		return "must"
	case MustNot:
		return "must_not"
	}
	return "unknown"
}

// prefix is the operator that writes o in the query language.
func (o Occur) prefix() string {
	switch o {
	case Must:
		return "+"
	case MustNot:
		return "-"
	}
	return ""
}

// Clause is one term of a query: a word or a phrase, optionally restricted to
// a field, with how it occurs.
type Clause struct {
	// Field is the field the clause is restricted to, spelt as in the list
	// given to Parse, or "" for every field.
	Field string
	// Text is the word as typed, or the phrase without its quotes and with
	// white space collapsed to single spaces. Never empty.
	Text string
	// Phrase is true for a quoted phrase.
	Phrase bool
	Occur  Occur
	// Pos is the 1-based character (rune) position of the clause's first
	// character, its operator included, in the parsed string.
	Pos int
}

// Query is a parsed query: its clauses in the order typed.
type Query struct {
	Clauses []Clause
	// DroppedQuotes are the 1-based positions of the opening quotes that
	// were never closed, and so were taken out.
	DroppedQuotes []int
}

// Plain returns the text of every clause that is not excluded, joined by
// spaces: the words a user is looking for, for highlighting and suggestions.
func (q *Query) Plain() string {
	var texts []string
	for _, c := range q.Clauses {
		if c.Occur != MustNot {
			texts = append(texts, c.Text)
		}
	}
	return strings.Join(texts, " ")
}

// HasSyntax reports whether the query uses any construct of the language: a
// phrase, an operator or a field. A query without syntax is plain words.
func (q *Query) HasSyntax() bool {
	for _, c := range q.Clauses {
		if c.Phrase || c.Occur != Should || c.Field != "" {
			return true
		}
	}
	return false
}

// String renders the query canonically: clauses separated by one space,
// phrases in double quotes. For a Query returned by Parse, parsing the result
// with the same fields gives the same clauses (positions aside).
func (q *Query) String() string {
	var b strings.Builder
	for i, c := range q.Clauses {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(c.Occur.prefix())
		if c.Field != "" {
			b.WriteString(c.Field)
			b.WriteByte(':')
		}
		if c.Phrase {
			b.WriteByte('"')
			b.WriteString(c.Text)
			b.WriteByte('"')
		} else {
			b.WriteString(c.Text)
		}
	}
	return b.String()
}

// Parse parses s, the q parameter, with fields as the names that may restrict
// a term (for example career.TextFields). Errors are *career.Error of kind
// career.EINVALID naming q and a 1-based character position.
func Parse(s string, fields []string) (*Query, error) {
	r := []rune(s)
	// orig maps an index of r to the 1-based position in s, so that
	// positions stay those of s after stray quotes are taken out.
	orig := make([]int, len(r))
	for i := range orig {
		orig[i] = i + 1
	}
	var dropped []int
	for {
		q, err := parse(r, orig, fields)
		var u unclosedQuote
		if errors.As(err, &u) {
			// Take the stray quote out and parse again: `nurse "icu` is
			// nurse icu, `title:"data` is title:data. Each round takes one
			// quote out, so this ends.
			dropped = append(dropped, orig[u.i])
			r = append(r[:u.i:u.i], r[u.i+1:]...)
			orig = append(orig[:u.i:u.i], orig[u.i+1:]...)
			continue
		}
		if err != nil {
			return nil, err
		}
		slices.Sort(dropped)
		q.DroppedQuotes = dropped
		return q, nil
	}
}

// unclosedQuote is the opening quote at index i that nothing closes.
type unclosedQuote struct{ i int }

func (u unclosedQuote) Error() string { return "unclosed quote" }

func parse(r []rune, orig []int, fields []string) (*Query, error) {
	p := parser{r: r, orig: orig, fields: fields}
	q := &Query{}
	for {
		p.skipSpace()
		if p.i >= len(p.r) {
			break
		}
		c, err := p.clause()
		if err != nil {
			return nil, err
		}
		q.Clauses = append(q.Clauses, c)
	}
	if err := checkExclusions(q); err != nil {
		return nil, err
	}
	return q, nil
}

// checkExclusions refuses a query whose only words are excluded: a search
// engine cannot list "everything but".
func checkExclusions(q *Query) error {
	first := 0
	for _, c := range q.Clauses {
		if c.Occur == MustNot {
			if first == 0 {
				first = c.Pos
			}
			continue
		}
		if hasWordRune(c.Text) {
			return nil
		}
	}
	if first == 0 {
		return nil
	}
	return errorAt(first, "a query needs at least one word that is not excluded")
}

type parser struct {
	r      []rune
	orig   []int // the position in the string given to Parse of each rune
	i      int   // index of the next rune; its position is i+1
	fields []string
}

func (p *parser) skipSpace() {
	for p.i < len(p.r) && unicode.IsSpace(p.r[p.i]) {
		p.i++
	}
}

// clause parses one clause starting at p.i, which is not white space.
func (p *parser) clause() (Clause, error) {
	c := Clause{Pos: p.orig[p.i]}
	if op := p.r[p.i]; (op == '+' || op == '-') && p.isOperator() {
		c.Occur = Must
		if op == '-' {
			c.Occur = MustNot
		}
		p.i++
	}
	if field, ok := p.fieldPrefix(); ok {
		start := p.i
		p.i += len([]rune(field)) + 1 // name and colon
		if p.i >= len(p.r) || unicode.IsSpace(p.r[p.i]) {
			return Clause{}, errorAt(p.orig[start], "%s: needs a word or a quoted phrase after it", field)
		}
		c.Field = field
	}
	if p.r[p.i] == '"' {
		text, err := p.phrase()
		if err != nil {
			return Clause{}, err
		}
		c.Text, c.Phrase = text, true
		return c, nil
	}
	start := p.i
	p.i = p.wordEnd(p.i)
	c.Text = string(p.r[start:p.i])
	return c, nil
}

// isOperator reports whether the '+' or '-' at p.i is an operator rather
// than the start of a plain word.
func (p *parser) isOperator() bool {
	next := p.i + 1
	if next >= len(p.r) {
		return false
	}
	switch r := p.r[next]; {
	case r == '"':
		return true
	case r == '+' || r == '-' || unicode.IsSpace(r):
		return false
	}
	for _, r := range p.r[next:p.wordEnd(next)] {
		if isWordRune(r) {
			return true
		}
	}
	return false
}

// fieldPrefix reports whether the term at p.i starts with "name:" for a name
// in p.fields, and returns the name as spelt there.
func (p *parser) fieldPrefix() (string, bool) {
	if p.r[p.i] == '"' {
		return "", false
	}
	end := p.i
	for end < len(p.r) && p.r[end] != ':' && !unicode.IsSpace(p.r[end]) {
		end++
	}
	if end == p.i || end >= len(p.r) || p.r[end] != ':' {
		return "", false
	}
	name := string(p.r[p.i:end])
	for _, f := range p.fields {
		if f != "" && strings.EqualFold(f, name) {
			return f, true
		}
	}
	return "", false
}

// phrase parses a quoted phrase starting at the quote at p.i.
func (p *parser) phrase() (string, error) {
	open := p.i
	end := open + 1
	for end < len(p.r) && p.r[end] != '"' {
		end++
	}
	if end >= len(p.r) {
		return "", unclosedQuote{open}
	}
	p.i = end + 1
	text := strings.Join(strings.FieldsFunc(string(p.r[open+1:end]), unicode.IsSpace), " ")
	if text == "" {
		return "", errorAt(p.orig[open], `empty phrase ""`)
	}
	return text, nil
}

// wordEnd returns the index of the first white space at or after i, or the
// end of the input.
func (p *parser) wordEnd(i int) int {
	for i < len(p.r) && !unicode.IsSpace(p.r[i]) {
		i++
	}
	return i
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsNumber(r) }

func hasWordRune(s string) bool { return strings.IndexFunc(s, isWordRune) >= 0 }

// errorAt returns an EINVALID error about q at the 1-based position pos.
func errorAt(pos int, format string, args ...any) error {
	return career.Errorf(career.EINVALID, "q: %s at position %d", fmt.Sprintf(format, args...), pos)
}
