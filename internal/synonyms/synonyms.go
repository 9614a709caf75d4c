// Package synonyms reads the curated synonym file (config/synonyms.txt) and
// finds in a query the phrases that have equivalents ("WFH" ≈ "work from
// home", "NLP" ≈ "natural language processing", "CV" ≈ "computer vision" when
// the query is about AI), longest first, so that the query path can search
// the alternatives too and say that a hit matched through a synonym.
//
// The file format is described in the header of config/synonyms.txt and on
// Parse. A Set is immutable and safe for concurrent use; a nil *Set has no
// synonyms.
package synonyms

import (
	"sort"
	"strings"
)

// Set is a parsed synonym file.
type Set struct {
	name     string
	groups   []group
	byFirst  map[string][]ref // first normalised word of a matchable entry → entries
	acronyms map[string]bool  // normalised words of the acronym entries
}

// Entry is one entry of a group, or one term of a context.
type Entry struct {
	// Text is the entry as written in the file, runs of spaces collapsed
	// ("CI/CD", "work from home").
	Text string
	// Words are its normalised words ("ci", "cd").
	Words []string
	// Acronym: written in capitals ("NLP", "CI/CD") or as one word with
	// two or more capitals ("MLOps", "GenAI"). It matches in any case, and
	// takes a plural "s" ("LLMs"); the caller should not stem it.
	Acronym bool
}

// Phrase returns the normalised words separated by single spaces.
func (e Entry) Phrase() string { return strings.Join(e.Words, " ") }

// group is one line of the file.
type group struct {
	line    int
	entries []Entry
	// left is the number of entries before "=>" in a one-way rule, which
	// only they match and only entries[left:] replace; 0 for a group of
	// equivalents, in which every entry matches and replaces the others.
	left    int
	context []Entry // at least one must be in the query besides the match
	// instead: a one-way rule whose words mean its first replacement and
	// are searched as that (@instead).
	instead bool
}

func (g *group) matchable(e int) bool { return g.left == 0 || e < g.left }

// replacements returns the indexes of the entries that replace entry e.
func (g *group) replacements(e int) []int {
	var out []int
	for i := range g.entries {
		if g.left > 0 && i >= g.left || g.left == 0 && i != e {
			out = append(out, i)
		}
	}
	return out
}

type ref struct{ g, e int }

// Alternative is one way to say some words of a query differently.
type Alternative struct {
	// Start and End delimit the query words it replaces: words[Start:End].
	Start, End int
	// Phrase is the replacement, normalised words separated by single
	// spaces ("work from home", "ci cd").
	Phrase string
	// Acronym says that the replacement is an acronym: search it unstemmed.
	Acronym bool
	// Matched is the entry the query words matched, as the file writes it
	// ("WFH"), for a "matched through a synonym" explanation.
	Matched string
	// MatchedAcronym says that the matched entry is an acronym, so the
	// query words it covers should not be stemmed either.
	MatchedAcronym bool
	// Line is the line of the group in the file.
	Line int
	// Instead says the words mean the rule's replacements and are not
	// to be searched as written (@instead); First marks the first
	// replacement, the one the words are searched as.
	Instead, First bool
}

// Name returns the name the set was parsed under (its file).
func (s *Set) Name() string {
	if s == nil {
		return ""
	}
	return s.name
}

// Len returns the number of groups.
func (s *Set) Len() int {
	if s == nil {
		return 0
	}
	return len(s.groups)
}

// IsAcronym reports whether word is an acronym of the file, in any case or
// as a plural ("AI", "ai", "AIs", "LLMs"); see Acronym.
func (s *Set) IsAcronym(word string) bool {
	_, ok := s.Acronym(word)
	return ok
}

// Acronym reports whether word is one of the words of the file's acronym
// entries and returns its normalised singular form: "NLP" and "nlp" give
// "nlp"; "LLMs" and "llms" give "llm"; "ITs" gives "it" but "its" does not
// (an acronym of fewer than three letters takes a plural only when typed in
// capitals). word is one word; anything that splits into several gives false.
func (s *Set) Acronym(word string) (string, bool) {
	if s == nil {
		return "", false
	}
	toks := appendTokens(nil, word, 0)
	if len(toks) != 1 {
		return "", false
	}
	t := toks[0]
	if s.acronyms[t.norm] {
		return t.norm, true
	}
	if base, ok := strings.CutSuffix(t.norm, "s"); ok && s.acronyms[base] && plural(t, base, true) {
		return base, true
	}
	return "", false
}

// candidate is a match of a group's entry on tokens [start, end).
type candidate struct {
	start, end int
	g, e       int
	plural     bool
}

// Expand returns the alternatives of the phrases found in words, the words
// of a query in order. A word may be anything the user typed: it is
// normalised like the file's entries (lower-cased, split on what is not a
// letter or a digit), and a match always covers whole words, so both
// {"x-ray"} and {"x", "ray"} match the entry "x-ray".
//
// A match is an entry's words in sequence, the last one possibly in a
// plural form (see Acronym for acronyms; "s", "es", "ies", "men" for other
// words of three letters or more). An entry with a context matches only if
// one of the context's terms is in the query outside the match. Matches do
// not overlap: the longest wins, then the leftmost, then the exact one over
// a plural, then the earlier line; two groups matching the very same words
// both count. Each match gives one Alternative per replacement entry,
// ordered by Start, then line, then the file's order; the same phrase is
// not repeated for the same words.
func (s *Set) Expand(words []string) []Alternative {
	if s == nil || len(words) == 0 || len(s.groups) == 0 {
		return nil
	}
	var toks []token
	for i, w := range words {
		toks = appendTokens(toks, w, i)
	}
	var cands []candidate
	for i, t := range toks {
		if !t.first {
			continue
		}
		keys := append([]string{t.norm}, singulars(t.norm)...)
		for _, key := range keys {
			for _, r := range s.byFirst[key] {
				g := &s.groups[r.g]
				end, pl, ok := matchAt(g.entries[r.e], toks, i)
				if !ok || !toks[end-1].last || !g.contextIn(toks, i, end) {
					continue
				}
				cands = append(cands, candidate{start: i, end: end, g: r.g, e: r.e, plural: pl})
			}
		}
	}
	if len(cands) == 0 {
		return nil
	}
	sort.Slice(cands, func(a, b int) bool {
		x, y := cands[a], cands[b]
		if lx, ly := x.end-x.start, y.end-y.start; lx != ly {
			return lx > ly
		}
		if x.start != y.start {
			return x.start < y.start
		}
		if x.plural != y.plural {
			return !x.plural
		}
		if x.g != y.g {
			return x.g < y.g
		}
		return x.e < y.e
	})
	var chosen []candidate
next:
	for _, c := range cands {
		for _, a := range chosen {
			if c.start < a.end && a.start < c.end {
				if c.start == a.start && c.end == a.end && c.g != a.g {
					continue
				}
				continue next
			}
		}
		chosen = append(chosen, c)
	}
	sort.Slice(chosen, func(a, b int) bool {
		x, y := chosen[a], chosen[b]
		if x.start != y.start {
			return x.start < y.start
		}
		return x.g < y.g
	})
	type key struct {
		start, end int
		phrase     string
	}
	seen := make(map[key]bool)
	var out []Alternative
	for _, c := range chosen {
		g := &s.groups[c.g]
		m := g.entries[c.e]
		start, end := toks[c.start].word, toks[c.end-1].word+1
		typed := joinNorm(toks[c.start:c.end])
		for i, ri := range g.replacements(c.e) {
			r := g.entries[ri]
			k := key{start, end, r.Phrase()}
			if k.phrase == typed || seen[k] {
				continue
			}
			seen[k] = true
			out = append(out, Alternative{
				Start: start, End: end,
				Phrase: k.phrase, Acronym: r.Acronym,
				Matched: m.Text, MatchedAcronym: m.Acronym,
				Line:    g.line,
				Instead: g.instead, First: g.instead && i == 0,
			})
		}
	}
	return out
}

// matchAt reports whether e matches toks from i on, where the match ends,
// and whether its last word matched as a plural.
func matchAt(e Entry, toks []token, i int) (end int, isPlural, ok bool) {
	n := len(e.Words)
	if n == 0 || i+n > len(toks) {
		return 0, false, false
	}
	for k, w := range e.Words {
		t := toks[i+k]
		if t.norm == w {
			continue
		}
		if k == n-1 && plural(t, w, e.Acronym) {
			isPlural = true
			continue
		}
		return 0, false, false
	}
	return i + n, isPlural, true
}

// contextIn reports whether the group has no context or one of its terms
// is in toks outside [start, end).
func (g *group) contextIn(toks []token, start, end int) bool {
	if len(g.context) == 0 {
		return true
	}
	for _, c := range g.context {
		for j := range toks {
			if j >= start && j < end {
				continue
			}
			if e, _, ok := matchAt(c, toks, j); ok && (e <= start || j >= end) {
				return true
			}
		}
	}
	return false
}
