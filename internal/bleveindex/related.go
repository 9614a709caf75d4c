package bleveindex

import (
	"encoding/json"

	"github.com/blevesearch/bleve/v2/analysis"
	"sort"
	"strings"

	"github.com/careersearch/careers/internal/career"
)

// relatedKey stores the related-words table of a generation.
const relatedKey = "careers_related"

// relatedData keeps, of table, the words (or phrases) that hold a word the
// corpus lacks, each with its related phrases whose words the corpus all
// has. Words the corpus knows are left to the ordinary query: their
// meaning there is what the corpus says, not what a thesaurus says.
func relatedData(a analysis.Analyzer, known map[string]bool, table career.RelatedWords) ([]byte, int, error) {
	if len(table) == 0 {
		data, err := json.Marshal(career.RelatedWords{})
		return data, 0, err
	}
	allKnown := func(s string) bool {
		terms := a.Analyze([]byte(s))
		for _, t := range terms {
			if !known[string(t.Term)] {
				return false
			}
		}
		return len(terms) > 0
	}
	keep := career.RelatedWords{}
	for key, phrases := range table {
		if allKnown(key) {
			continue
		}
		for _, p := range phrases {
			if allKnown(p.Phrase) && p.Phrase != key {
				keep[key] = append(keep[key], p)
			}
		}
	}
	data, err := json.Marshal(keep)
	return data, len(keep), err
}

// knownStems returns the index terms of the corpus's words: known
// means known in some form, as the index sees words ("administrator" is
// known to a corpus that says "administrators").
func knownStems(a analysis.Analyzer, words map[string]int) map[string]bool {
	known := map[string]bool{}
	for w := range words {
		for _, t := range a.Analyze([]byte(w)) {
			known[string(t.Term)] = true
		}
	}
	return known
}

// formsKey stores the word-forms table of a generation.
const formsKey = "careers_forms"

// formsData turns a table of word forms into one keyed by index term: for
// each term of the corpus, one word of each other form that the corpus
// also has and that the analyzer does not fold into the term already
// ("inspect": "inspector"; but not "survey": "surveying", which stems to
// "survey" anyway).
func formsData(a analysis.Analyzer, known map[string]bool, written map[string]int, forms career.WordForms) ([]byte, int, error) {
	term := func(w string) string {
		toks := a.Analyze([]byte(w))
		if len(toks) != 1 {
			return ""
		}
		return string(toks[0].Term)
	}
	// term -> other form's term -> a word of that form: one the corpus
	// has as written if any (explanations show it), else the shortest.
	better := func(o, cur string) bool {
		if (written[o] > 0) != (written[cur] > 0) {
			return written[o] > 0
		}
		return len(o) < len(cur) || len(o) == len(cur) && o < cur
	}
	word := map[string]map[string]string{}
	for w, others := range forms {
		tw := term(w)
		if tw == "" || !known[tw] {
			continue
		}
		for _, o := range others {
			to := term(o)
			if to == "" || to == tw || !known[to] {
				continue
			}
			if word[tw] == nil {
				word[tw] = map[string]string{}
			}
			if cur, ok := word[tw][to]; !ok || better(o, cur) {
				word[tw][to] = o
			}
		}
	}
	out := make(map[string][]string, len(word))
	for t, byTerm := range word {
		for _, w := range byTerm {
			out[t] = append(out[t], w)
		}
		sort.Strings(out[t])
	}
	data, err := json.Marshal(out)
	return data, len(out), err
}

// relatedMatch is one run of query words that the related-words table
// holds, with the phrases it offers.
type relatedMatch struct {
	words   []string // the query words, lower case
	phrases []career.RelatedPhrase
}

// relatedTerms finds the runs of words of text (longest first, up to three
// words) that the related-words table holds, leaving out the words that
// alts, text's synonyms, match in an entry of two words or more.
func (ix *Index) relatedTerms(text string, alts []synonymAlt) []relatedMatch {
	if len(ix.related) == 0 {
		return nil
	}
	ws := words(text)
	inPhrase := phraseWords(alts)
	var out []relatedMatch
	for i := 0; i < len(ws); {
		n := min(3, len(ws)-i)
		for ; n > 0; n-- {
			if rs, ok := ix.lookupRelated(strings.Join(ws[i:i+n], " ")); ok {
				if !allIn(ws[i:i+n], inPhrase) {
					out = append(out, relatedMatch{words: ws[i : i+n], phrases: rs})
				}
				break
			}
		}
		i += max(n, 1)
	}
	return out
}

// phraseWords returns the words (lower case) that a synonym entry of two
// words or more matches: such a word is used in the phrase's sense, so its
// own related words do not apply ("boss" in "be my own boss" is no
// supervisor).
func phraseWords(alts []synonymAlt) map[string]bool {
	var out map[string]bool
	for _, a := range alts {
		if len(a.words) < 2 {
			continue
		}
		if out == nil {
			out = map[string]bool{}
		}
		for _, w := range a.words {
			out[strings.ToLower(w)] = true
		}
	}
	return out
}

// lookupRelated finds key, or its singular ("mixologists").
func (ix *Index) lookupRelated(key string) ([]career.RelatedPhrase, bool) {
	if rs, ok := ix.related[key]; ok {
		return rs, true
	}
	for _, suf := range []struct{ from, to string }{{"ies", "y"}, {"es", ""}, {"s", ""}} {
		if strings.HasSuffix(key, suf.from) {
			if rs, ok := ix.related[strings.TrimSuffix(key, suf.from)+suf.to]; ok {
				return rs, true
			}
		}
	}
	return nil, false
}

// relatedWords lists the distinct phrases the table offers for text, in a
// stable order, for explanations.
func (ix *Index) relatedWords(text string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ix.relatedTerms(text, ix.synonyms(text)) {
		for _, p := range m.phrases {
			if !seen[p.Phrase] {
				seen[p.Phrase] = true
				out = append(out, p.Phrase)
			}
		}
	}
	sort.Strings(out)
	return out
}
