// Package wordnet reads the Princeton WordNet 3.0 database files (as
// Debian's wordnet-base installs them in /usr/share/wordnet) and derives
// from them a table of related words for job titles: for each noun that
// names a person (WordNet's noun.person lexicographer file), its synonyms,
// the broader terms it is a kind of, and the words it derives from
// ("welder" from "weld").
//
// WordNet is a general-language resource; it knows nothing of any career
// benchmark, which is why it may feed query expansion where O*NET's own
// title lists may not.
package wordnet

import (
	"bufio"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/kljensen/snowball/english"

	"github.com/careersearch/careers/internal/career"
)

// lexPerson is the number of the noun.person lexicographer file.
const lexPerson = 18

type synsetKey struct {
	pos    byte
	offset int
}

type pointer struct {
	symbol string
	target synsetKey
	// source and target word numbers (1-based); 0 means the whole synset.
	sourceWord, targetWord int
}

type synset struct {
	lexFile  int
	words    []string
	pointers []pointer
}

// DB holds the parsed noun and verb synsets.
type DB struct {
	synsets map[synsetKey]*synset
	// senses lists each noun's synsets, most frequent sense first, as
	// index.noun orders them.
	senses map[string][]synsetKey
	// nouns lists the nouns in index.noun order, so output is stable.
	nouns []string
	// tagged holds every lemma of every part of speech (nouns, verbs,
	// adjectives, adverbs) with the number of its senses seen in
	// WordNet's sense-tagged texts (tagsense_cnt, summed over parts of
	// speech): a measure of how common the word is, to tell which of two
	// words that share a stem owns it.
	tagged map[string]int
	// inflected holds the irregular forms of the exception lists.
	inflected map[string]bool
	// irregular maps each irregular form of the exception lists to its
	// base forms ("ran": "run"), and pos each lemma to the parts of speech
	// it has ('n', 'v', 'a', 'r'): what the stem splits need to know the
	// inflections of a word.
	irregular map[string][]string
	pos       map[string]string
	// irregularVerbs holds, for each verb of verb.exc, its forms there
	// ("stop": "stopped", "stopping"), which stand for regular ones.
	irregularVerbs map[string][]string
}

// Load parses the synsets of data.noun, data.verb, data.adj and data.adv
// in dir, the noun senses of index.noun, and the lemmas of index.verb,
// index.adj and index.adv.
// Errors name the file and line.
func Load(dir string) (*DB, error) {
	db := &DB{synsets: map[synsetKey]*synset{}, senses: map[string][]synsetKey{}, tagged: map[string]int{},
		irregular: map[string][]string{}, pos: map[string]string{}, irregularVerbs: map[string][]string{}}
	for _, f := range []struct {
		name string
		pos  byte
	}{{"data.noun", 'n'}, {"data.verb", 'v'}, {"data.adj", 'a'}, {"data.adv", 'r'}} {
		if err := db.loadFile(filepath.Join(dir, f.name), f.pos); err != nil {
			return nil, err
		}
	}
	if err := db.loadIndex(filepath.Join(dir, "index.noun")); err != nil {
		return nil, err
	}
	for _, f := range []struct {
		name string
		pos  byte
	}{{"index.verb", 'v'}, {"index.adj", 'a'}, {"index.adv", 'r'}} {
		if err := db.loadLemmas(filepath.Join(dir, f.name), f.pos); err != nil {
			return nil, err
		}
	}
	db.inflected = map[string]bool{}
	for _, name := range []string{"noun.exc", "verb.exc", "adj.exc", "adv.exc"} {
		if err := db.loadExceptions(filepath.Join(dir, name), name == "verb.exc"); err != nil {
			return nil, err
		}
	}
	return db, nil
}

// loadExceptions reads the irregular forms of an exception list
// ("geese goose", "stopped stop").
func (db *DB) loadExceptions(path string, verbs bool) error {
	return eachLine(path, func(text string) error {
		f := strings.Fields(text)
		if len(f) < 2 {
			return fmt.Errorf("base form: missing after %q", text)
		}
		form := lemma(f[0])
		db.inflected[form] = true
		for _, base := range f[1:] {
			db.irregular[form] = append(db.irregular[form], lemma(base))
			if verbs {
				db.irregularVerbs[lemma(base)] = append(db.irregularVerbs[lemma(base)], form)
			}
		}
		return nil
	})
}

// Words returns the English words WordNet knows: every lemma of one word
// (letters only, lower case) of any part of speech, and the irregular
// forms of its exception lists. IsWord adds the regular inflections.
func (db *DB) Words() map[string]bool {
	out := map[string]bool{}
	for w := range db.tagged {
		if plainWord(w) {
			out[w] = true
		}
	}
	for w := range db.inflected {
		if plainWord(w) {
			out[w] = true
		}
	}
	return out
}

// plainWord reports whether w is one word of lower-case letters.
func plainWord(w string) bool {
	if w == "" {
		return false
	}
	for _, r := range w {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// loadLemmas reads the lemmas of an index file with their tagsense_cnt.
func (db *DB) loadLemmas(path string, pos byte) error {
	return eachLine(path, func(text string) error {
		f := strings.Fields(text)
		if len(f) < 6 {
			return fmt.Errorf("lemma: short line")
		}
		pcnt, err := strconv.Atoi(f[3])
		if err != nil || pcnt < 0 || pcnt > len(f)-6 {
			return fmt.Errorf("p_cnt: %q is not a count that fits the line", f[3])
		}
		w := lemma(f[0])
		db.tagged[w] += tagsenseCount(f, pcnt)
		db.addPOS(w, pos)
		return nil
	})
}

// addPOS notes that w is a lemma of part of speech pos.
func (db *DB) addPOS(w string, pos byte) {
	if strings.IndexByte(db.pos[w], pos) < 0 {
		db.pos[w] += string(pos)
	}
}

// tagsenseCount reads tagsense_cnt from the fields of an index line whose
// p_cnt is pcnt (checked by the caller to fit the line); an unreadable
// count reads as 0.
func tagsenseCount(f []string, pcnt int) int {
	n, err := strconv.Atoi(f[5+pcnt])
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// eachLine calls fn with each line of path that is not licence header
// (lines that open with two spaces) or blank. Errors
// from fn are prefixed with the file and line; an empty file is an error.
func eachLine(path string, fn func(text string) error) error {
	fh, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("wordnet: %w", err)
	}
	defer fh.Close()
	sc := bufio.NewScanner(fh)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	line := 0
	for sc.Scan() {
		line++
		text := sc.Text()
		if strings.HasPrefix(text, "  ") || strings.TrimSpace(text) == "" {
			continue
		}
		if err := fn(text); err != nil {
			return fmt.Errorf("wordnet: %s:%d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("wordnet: %s: %w", path, err)
	}
	if line == 0 {
		return fmt.Errorf("wordnet: %s: empty file", path)
	}
	return nil
}

// loadIndex reads the sense order of each noun from index.noun:
//
//	lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
func (db *DB) loadIndex(path string) error {
	return eachLine(path, func(text string) error {
		f := strings.Fields(text)
		if len(f) < 6 {
			return fmt.Errorf("lemma: short line")
		}
		n, err := strconv.Atoi(f[2])
		if err != nil || n < 1 {
			return fmt.Errorf("synset_cnt: %q is not a count", f[2])
		}
		pcnt, err := strconv.Atoi(f[3])
		if err != nil || pcnt < 0 {
			return fmt.Errorf("p_cnt: %q is not a count", f[3])
		}
		// lemma pos synset_cnt p_cnt, the pointer symbols, sense_cnt
		// tagsense_cnt, then exactly synset_cnt offsets. Counts that do
		// not match the line would otherwise take pointer symbols or
		// counts for offsets. (Each count is bounded first so the sum
		// cannot overflow.)
		if pcnt > len(f) || n > len(f) || len(f) != 6+pcnt+n {
			return fmt.Errorf("synset_offset: line has %d fields, want 6 + p_cnt %d + synset_cnt %d", len(f), pcnt, n)
		}
		w := lemma(f[0])
		for _, o := range f[len(f)-n:] {
			off, err := strconv.Atoi(o)
			if err != nil {
				return fmt.Errorf("synset_offset: %q is not a number", o)
			}
			db.senses[w] = append(db.senses[w], synsetKey{'n', off})
		}
		db.nouns = append(db.nouns, w)
		db.tagged[w] += tagsenseCount(f, pcnt)
		db.addPOS(w, 'n')
		return nil
	})
}

// loadFile reads the synsets of one data file.
func (db *DB) loadFile(path string, pos byte) error {
	return eachLine(path, func(text string) error {
		key, s, err := parseLine(text, pos)
		if err != nil {
			return err
		}
		db.synsets[key] = s
		return nil
	})
}

// parseLine reads one synset line:
//
//	offset lex_filenum ss_type w_cnt (word lex_id)... p_cnt (ptr offset pos src/tgt)... [frames] | gloss
func parseLine(text string, pos byte) (synsetKey, *synset, error) {
	if i := strings.Index(text, " | "); i >= 0 {
		text = text[:i]
	}
	f := strings.Fields(text)
	if len(f) < 4 {
		return synsetKey{}, nil, fmt.Errorf("offset: short line")
	}
	offset, err := strconv.Atoi(f[0])
	if err != nil {
		return synsetKey{}, nil, fmt.Errorf("offset: %q is not a number", f[0])
	}
	lex, err := strconv.Atoi(f[1])
	if err != nil {
		return synsetKey{}, nil, fmt.Errorf("lex_filenum: %q is not a number", f[1])
	}
	wcnt, err := strconv.ParseInt(f[3], 16, 32)
	if err != nil || wcnt < 1 {
		return synsetKey{}, nil, fmt.Errorf("w_cnt: %q is not a hexadecimal count", f[3])
	}
	i := 4
	s := &synset{lexFile: lex}
	for n := 0; n < int(wcnt); n++ {
		if i+1 >= len(f) {
			return synsetKey{}, nil, fmt.Errorf("word %d: line ends early", n+1)
		}
		s.words = append(s.words, lemma(f[i]))
		i += 2
	}
	if i >= len(f) {
		return synsetKey{}, nil, fmt.Errorf("p_cnt: line ends early")
	}
	pcnt, err := strconv.Atoi(f[i])
	if err != nil {
		return synsetKey{}, nil, fmt.Errorf("p_cnt: %q is not a number", f[i])
	}
	i++
	for n := 0; n < pcnt; n++ {
		if i+3 >= len(f) {
			return synsetKey{}, nil, fmt.Errorf("pointer %d: line ends early", n+1)
		}
		off, err := strconv.Atoi(f[i+1])
		if err != nil {
			return synsetKey{}, nil, fmt.Errorf("pointer %d: offset %q is not a number", n+1, f[i+1])
		}
		st := f[i+3]
		if len(st) != 4 {
			return synsetKey{}, nil, fmt.Errorf("pointer %d: source/target %q is not four hexadecimal digits", n+1, st)
		}
		// ParseUint, not ParseInt: a sign ("-1-1") is not a hexadecimal
		// digit, and word numbers are two digits, 0 to ff.
		src, err1 := strconv.ParseUint(st[:2], 16, 8)
		tgt, err2 := strconv.ParseUint(st[2:], 16, 8)
		if err1 != nil || err2 != nil {
			return synsetKey{}, nil, fmt.Errorf("pointer %d: source/target %q is not four hexadecimal digits", n+1, st)
		}
		p := f[i+2]
		if p == "s" {
			p = "a"
		}
		s.pointers = append(s.pointers, pointer{symbol: f[i], target: synsetKey{p[0], off}, sourceWord: int(src), targetWord: int(tgt)})
		i += 4
	}
	return synsetKey{pos, offset}, s, nil
}

// lemma turns WordNet's spelling of a word ("maitre_d'(a)", "Cartographer")
// into a lower-case phrase with spaces.
func lemma(w string) string {
	if i := strings.IndexByte(w, '('); i > 0 {
		w = w[:i] // adjective markers such as (a), (p)
	}
	return strings.ToLower(strings.ReplaceAll(w, "_", " "))
}

// JobWords returns, for every word or phrase whose most frequent sense
// names a person, the phrases related to it, without repeats and
// in a stable order: synonyms first ("mixologist": "bartender"), then
// broader terms ("skycap": "porter"), then the verbs it derives from
// ("welder": "weld").
func (db *DB) JobWords() career.RelatedWords {
	out := career.RelatedWords{}
	seen := map[string]map[string]bool{}
	add := func(word string, r career.RelatedPhrase) {
		if r.Phrase == word {
			return
		}
		if seen[word] == nil {
			seen[word] = map[string]bool{}
		}
		if seen[word][r.Phrase] {
			return
		}
		seen[word][r.Phrase] = true
		out[word] = append(out[word], r)
	}
	for _, w := range db.nouns {
		// The word's most frequent sense, when it names a person: "nurse"
		// the carer of the sick, not the nanny. A word whose most frequent
		// sense is not a person is no job word: "python" is a snake before
		// it is a spirit, "lot" a plot before Abraham's nephew.
		senses := db.senses[w]
		if len(senses) == 0 {
			continue
		}
		s := db.synsets[senses[0]]
		if s == nil || s.lexFile != lexPerson {
			continue
		}
		wi := -1
		for i, x := range s.words {
			if x == w {
				wi = i
			}
		}
		for _, other := range s.words {
			add(w, career.RelatedPhrase{Phrase: other, Via: career.RelatedSynonym})
		}
		for _, p := range s.pointers {
			t := db.synsets[p.target]
			if t == nil {
				continue
			}
			switch {
			case (p.symbol == "@" || p.symbol == "@i") && t.lexFile == lexPerson:
				for _, tw := range t.words {
					add(w, career.RelatedPhrase{Phrase: tw, Via: career.RelatedBroader})
				}
			case p.symbol == "+" && p.target.pos == 'v' && p.sourceWord == wi+1 && p.targetWord > 0 && p.targetWord <= len(t.words):
				add(w, career.RelatedPhrase{Phrase: t.words[p.targetWord-1], Via: career.RelatedDerived})
			}
		}
	}
	for w, rs := range out {
		sort.SliceStable(rs, func(i, j int) bool { return rank(rs[i].Via) < rank(rs[j].Via) })
		out[w] = rs
	}
	return out
}

func rank(via string) int {
	switch via {
	case career.RelatedSynonym:
		return 0
	case career.RelatedBroader:
		return 1
	default:
		return 2
	}
}

// Derivations returns, for each one-word noun or verb, the one-word nouns
// and verbs WordNet derives it from or to ("inspect": "inspection",
// "inspector"), including the other derivations of the same verb
// ("inspection": "inspector"), without repeats and sorted. Only words that
// share their first four letters are kept: derivation links also join
// words of unlike form ("slaughter": "butcher"), which are synonyms, not
// forms of one word.
//
// A word whose stem is also the stem of a word outside its family (the
// words it is linked with, directly or through others) that is at least
// as common is left out with all its links: the index keys forms by stem,
// so it could not tell the two apart, and the stem belongs to the common
// word. "remotion" (a rare noun of "remove") stems as "remote" does, and
// keeping it would offer "remove" as a form of "remote". How common a
// word is comes from WordNet's own count of its senses seen in tagged
// text; two words never seen there are both kept, being too rare to meet.
func (db *DB) Derivations() map[string][]string {
	links := map[string]map[string]bool{}
	link := func(a, b string) {
		if a == b || strings.ContainsAny(a, " -'.") || strings.ContainsAny(b, " -'.") || !samePrefix(a, b, 4) {
			return
		}
		for _, p := range [][2]string{{a, b}, {b, a}} {
			if links[p[0]] == nil {
				links[p[0]] = map[string]bool{}
			}
			links[p[0]][p[1]] = true
		}
	}
	// A verb's derived nouns, to join them with each other.
	fromVerb := map[string][]string{}
	for key, s := range db.synsets {
		if key.pos != 'n' && key.pos != 'v' {
			continue
		}
		for _, p := range s.pointers {
			if p.symbol != "+" || p.sourceWord == 0 || p.targetWord == 0 || p.sourceWord > len(s.words) {
				continue
			}
			if p.target.pos != 'n' && p.target.pos != 'v' {
				continue
			}
			t := db.synsets[p.target]
			if t == nil || p.targetWord > len(t.words) {
				continue
			}
			a, b := s.words[p.sourceWord-1], t.words[p.targetWord-1]
			link(a, b)
			if key.pos == 'v' && p.target.pos == 'n' {
				fromVerb[a] = append(fromVerb[a], b)
			}
		}
	}
	for _, nouns := range fromVerb {
		for _, a := range nouns {
			for _, b := range nouns {
				link(a, b)
			}
		}
	}
	db.dropAmbiguous(links)
	out := make(map[string][]string, len(links))
	for w, set := range links {
		for x := range set {
			out[w] = append(out[w], x)
		}
		sort.Strings(out[w])
	}
	return out
}

// dropAmbiguous removes from links every word whose stem is shared by a
// lemma outside its family that is at least as common (and seen at all in
// tagged text), and its links both ways.
func (db *DB) dropAmbiguous(links map[string]map[string]bool) {
	family := families(db.kin())
	byStem := map[string][]string{}
	for w := range db.tagged {
		if !strings.ContainsAny(w, " -'.") {
			byStem[Stem(w)] = append(byStem[Stem(w)], w)
		}
	}
	var drop []string
	for w := range links {
		for _, x := range byStem[Stem(w)] {
			outside := family[x] == 0 || family[x] != family[w]
			if x != w && outside && db.tagged[x] > 0 && db.tagged[x] >= db.tagged[w] && !inflects(x, w, links) {
				drop = append(drop, w)
				break
			}
		}
	}
	for _, w := range drop {
		for o := range links[w] {
			delete(links[o], w)
			if len(links[o]) == 0 {
				delete(links, o)
			}
		}
		delete(links, w)
	}
}

// kin links the one-word lemmas that WordNet relates by form, over every
// part of speech: derivations ("+"), adverbs to their adjectives ("\\")
// and participles to their verbs ("<"), besides the noun and verb forms
// of links. Two words it does not join, directly or through others, are
// different words.
func (db *DB) kin() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	join := func(a, b string) {
		if a == b || strings.ContainsAny(a, " -'.") || strings.ContainsAny(b, " -'.") {
			return
		}
		for _, p := range [][2]string{{a, b}, {b, a}} {
			if out[p[0]] == nil {
				out[p[0]] = map[string]bool{}
			}
			out[p[0]][p[1]] = true
		}
	}
	for _, s := range db.synsets {
		for _, p := range s.pointers {
			if p.symbol != "+" && p.symbol != "\\" && p.symbol != "<" {
				continue
			}
			t := db.synsets[p.target]
			if t == nil || p.sourceWord > len(s.words) || p.targetWord > len(t.words) {
				continue
			}
			if p.sourceWord == 0 || p.targetWord == 0 {
				for _, a := range s.words {
					for _, b := range t.words {
						if samePrefix(a, b, 3) {
							join(a, b)
						}
					}
				}
				continue
			}
			join(s.words[p.sourceWord-1], t.words[p.targetWord-1])
		}
	}
	return out
}

// inflects reports whether x is an inflection, or a plain adjective or
// adverb, of w or of a word linked with w ("listed", "lists", "listing"
// of "list"; "predictable" of "predict"; "statistically" of
// "statistic"), which WordNet does not always link.
func inflects(x, w string, links map[string]map[string]bool) bool {
	bases := []string{w}
	for o := range links[w] {
		bases = append(bases, o)
	}
	for _, b := range bases {
		stems := []string{b}
		if t, ok := strings.CutSuffix(b, "e"); ok {
			stems = append(stems, t)
		}
		if t, ok := strings.CutSuffix(b, "y"); ok {
			stems = append(stems, t+"i")
		}
		for _, st := range stems {
			if rest, ok := strings.CutPrefix(x, st); ok {
				switch rest {
				case "s", "es", "d", "ed", "ing", "ly", "ally", "er", "ers", "al", "ical", "ically",
					"able", "ably", "ible", "ibly", "ness", "ful", "fully", "ity":
					return true
				}
			}
		}
	}
	return false
}

// families numbers the connected groups of linked words, from 1.
func families(links map[string]map[string]bool) map[string]int {
	family := map[string]int{}
	words := make([]string, 0, len(links))
	for w := range links {
		words = append(words, w)
	}
	sort.Strings(words)
	n := 0
	for _, w := range words {
		if family[w] != 0 {
			continue
		}
		n++
		stack := []string{w}
		family[w] = n
		for len(stack) > 0 {
			x := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			for y := range links[x] {
				if family[y] == 0 {
					family[y] = n
					stack = append(stack, y)
				}
			}
		}
	}
	return family
}

// Stem is the English Snowball stem of a lower-case word, before the stem
// splits: Term is what the index's analyzer makes of a word.
func Stem(word string) string {
	return english.Stem(word, false)
}

// samePrefix reports whether a and b open with the same n letters.
func samePrefix(a, b string, n int) bool {
	return len(a) >= n && len(b) >= n && a[:n] == b[:n]
}
