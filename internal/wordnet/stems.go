package wordnet

import (
	"slices"
	"sort"
	"strings"

	"github.com/kljensen/snowball/english"
)

// SplitMark ends every term of the stem splits. The analyzer's tokenizer
// breaks words at it, so no word typed or written can be analysed into a
// split term except through the table.
const SplitMark = "~"

// StemSplits returns the words whose English Snowball stem another,
// unrelated word owns, each with the index term it gets instead.
//
// Snowball folds words by their endings, not by meaning: "animal" and
// "animated" both stem to "anim", "like" and "likely" to "like",
// "universe" and "university" to "univers". A word's family is the words
// WordNet relates to it by form (kin: derivations, pertainyms,
// participles, directly or through others), the other spellings of its
// synsets ("analyse", "analyze"), the lemmas that are its forms
// ("animated" of "animate") or that a suffix keeping the meaning makes of
// it ("reflection" of "reflect", where WordNet has no link), with their
// regular and irregular inflections; two words nothing joins are
// different words.
// For each stem that words of two or more families share, the family
// most seen in WordNet's sense-tagged texts (the tag counts of its lemmas
// that have the stem) owns the stem and keeps it; every word of each
// other family gets the term head+SplitMark, head being that family's
// commonest lemma with the stem ("animate~" for "animated", "animation",
// "animating"), so a family still matches its own forms and no other.
//
// A word that is also a form of the owning family keeps the stem
// ("nursing" is a noun of its own and a form of "nurse"). Stems where no
// family was ever seen in tagged text, or where the two commonest tie,
// are left alone: nothing tells which word the stem belongs to.
func (db *DB) StemSplits() map[string]string {
	lemmas := make([]string, 0, len(db.tagged))
	for w := range db.tagged {
		if plainWord(w) {
			lemmas = append(lemmas, w)
		}
	}
	sort.Strings(lemmas)
	// bases maps every word (a lemma or an inflection of one) to the
	// lemmas it is a form of.
	bases := map[string][]string{}
	addBase := func(form, base string) {
		if !plainWord(form) || slices.Contains(bases[form], base) {
			return
		}
		bases[form] = append(bases[form], base)
	}
	for _, w := range lemmas {
		addBase(w, w)
		for _, f := range inflections(w, db.pos[w], db.irregularVerbs[w]) {
			addBase(f, w)
		}
	}
	forms := make([]string, 0, len(db.irregular))
	for f := range db.irregular {
		forms = append(forms, f)
	}
	sort.Strings(forms)
	for _, f := range forms {
		for _, b := range db.irregular[f] {
			if _, ok := db.tagged[b]; ok {
				addBase(f, b)
			}
		}
	}
	kin := db.kin()
	join := func(a, b string) {
		for _, p := range [][2]string{{a, b}, {b, a}} {
			if kin[p[0]] == nil {
				kin[p[0]] = map[string]bool{}
			}
			kin[p[0]][p[1]] = true
		}
	}
	// A lemma that is a form of another ("animated" of "animate", "sales"
	// of "sale") is of its family.
	for _, w := range lemmas {
		for _, b := range bases[w] {
			if b != w {
				join(w, b)
			}
		}
	}
	// Lemmas of one synset that open with the same four letters are
	// spellings of one word ("analyse" and "analyze", "colour" and
	// "color"), which WordNet links only through the synset.
	for _, ss := range db.synsets {
		for i, a := range ss.words {
			for _, b := range ss.words[i+1:] {
				if a != b && plainWord(a) && plainWord(b) && samePrefix(a, b, 4) {
					join(a, b)
				}
			}
		}
	}
	// A lemma made from another of the same stem by a suffix that keeps
	// the meaning is of its family too, where WordNet has no link
	// ("reflection" of "reflect", "careful" of "care").
	lemmaStems := map[string][]string{}
	for _, w := range lemmas {
		s := english.Stem(w, false)
		lemmaStems[s] = append(lemmaStems[s], w)
	}
	for _, group := range lemmaStems {
		for _, x := range group {
			for _, b := range group {
				if x != b && derivedBySuffix(x, db.pos[x], b, db.pos[b]) {
					join(x, b)
				}
			}
		}
	}
	family := families(kin)
	next := len(family)
	for _, w := range lemmas {
		if family[w] == 0 {
			next++
			family[w] = next
		}
	}
	byStem := map[string][]string{}
	for f := range bases {
		s := english.Stem(f, false)
		byStem[s] = append(byStem[s], f)
	}
	out := map[string]string{}
	for _, words := range byStem {
		// The weight of each family at this stem: the tag counts of its
		// lemmas that have a form here.
		weight := map[int]int{}
		counted := map[string]bool{}
		for _, f := range words {
			for _, b := range bases[f] {
				if _, ok := weight[family[b]]; !ok {
					weight[family[b]] = 0
				}
				if !counted[b] {
					counted[b] = true
					weight[family[b]] += db.tagged[b]
				}
			}
		}
		if len(weight) < 2 {
			continue
		}
		owner, best, tie := 0, -1, false
		for f, n := range weight {
			switch {
			case n > best:
				owner, best, tie = f, n, false
			case n == best:
				tie = true
			}
		}
		if best == 0 || tie {
			continue
		}
		// head of each other family: its commonest lemma here, then the
		// shortest, then the first in order.
		head := map[int]string{}
		for b := range counted {
			f := family[b]
			if f == owner {
				continue
			}
			h, ok := head[f]
			if !ok || db.tagged[b] > db.tagged[h] || db.tagged[b] == db.tagged[h] && (len(b) < len(h) || len(b) == len(h) && b < h) {
				head[f] = b
			}
		}
		for _, w := range words {
			// The word goes with the owner if it is one of its forms,
			// else with its heaviest family.
			var fam, n int = 0, -1
			for _, b := range bases[w] {
				f := family[b]
				if f == owner {
					fam = owner
					break
				}
				if weight[f] > n || weight[f] == n && head[f] < head[fam] {
					fam, n = f, weight[f]
				}
			}
			if fam != owner {
				out[w] = head[fam] + SplitMark
			}
		}
	}
	return out
}

// Suffixes that make a word of the same meaning from a verb ("reflect"
// → "reflection", "manage" → "management", "detect" → "detectable") and
// from a noun or adjective ("care" → "careful", "kind" → "kindness",
// "skill" → "skilled"); and -ly making an adverb, and nothing else, of an
// adjective ("correct" → "correctly", "visual" → "visually").
// Suffixes that often make a word of its own are not here: -ly ("like" →
// "likely", "hard" → "hardly"), -al and -ic ("inform" → "informal"), -ity
// ("universe" → "university"), -ize ("organ" → "organize").
var (
	verbSuffixes = []string{"ion", "ation", "ition", "ment", "er", "or", "ance", "ence", "ive", "able", "ible"}
	nounSuffixes = []string{"ful", "ness", "ism", "ist", "less", "ed", "d"}
)

// derivedBySuffix reports whether x, a lemma of the parts of speech xpos,
// is b, a lemma of the parts of speech pos, with one of the suffixes above
// (b's final "e" dropped or "y" made "i" before it).
func derivedBySuffix(x, xpos, b, pos string) bool {
	stems := []string{b}
	if t, ok := strings.CutSuffix(b, "e"); ok {
		stems = append(stems, t)
	}
	if t, ok := strings.CutSuffix(b, "y"); ok {
		stems = append(stems, t+"i")
	}
	if xpos == "r" && strings.ContainsRune(pos, 'a') {
		for _, adverb := range []string{b + "ly", b + "ally", strings.TrimSuffix(b, "y") + "ily", strings.TrimSuffix(b, "le") + "ly"} {
			if x == adverb {
				return true
			}
		}
	}
	for _, st := range stems {
		rest, ok := strings.CutPrefix(x, st)
		if !ok {
			continue
		}
		if strings.ContainsRune(pos, 'v') && slices.Contains(verbSuffixes, rest) {
			return true
		}
		if strings.ContainsAny(pos, "na") && slices.Contains(nounSuffixes, rest) {
			return true
		}
	}
	return false
}

// inflections returns the regular inflections of a lemma of the parts of
// speech pos, the reverse of WordNet's detachment rules: plurals of nouns
// ("box" → "boxes", "study" → "studies"), the -s, -ed and -ing forms of
// verbs ("bake" → "bakes", "baked", "baking"), comparatives of adjectives
// ("late" → "later", "latest"). Irregular forms ("ran", "stopped") come
// from the exception lists instead.
// A verb whose exception list has an -ed form ("stopped") or an -ing
// form ("stopping") has no regular one in its place ("hatted", not
// "hated", for "hat").
func inflections(w string, pos string, irregular []string) []string {
	has := func(suffix string) bool {
		for _, f := range irregular {
			if strings.HasSuffix(f, suffix) {
				return true
			}
		}
		return false
	}
	var out []string
	consonantY := len(w) >= 2 && w[len(w)-1] == 'y' && !strings.ContainsRune("aeiou", rune(w[len(w)-2]))
	sForm := func() string {
		switch {
		case consonantY:
			return w[:len(w)-1] + "ies"
		case strings.HasSuffix(w, "s"), strings.HasSuffix(w, "x"), strings.HasSuffix(w, "z"),
			strings.HasSuffix(w, "ch"), strings.HasSuffix(w, "sh"):
			return w + "es"
		}
		return w + "s"
	}
	if strings.ContainsRune(pos, 'n') {
		if base, ok := strings.CutSuffix(w, "man"); ok {
			out = append(out, base+"men")
		}
		out = append(out, sForm())
	}
	if strings.ContainsRune(pos, 'v') {
		out = append(out, sForm())
	}
	if strings.ContainsRune(pos, 'v') && !has("ed") {
		switch {
		case strings.HasSuffix(w, "e"):
			out = append(out, w+"d")
		case consonantY:
			out = append(out, w[:len(w)-1]+"ied")
		default:
			out = append(out, w+"ed")
		}
	}
	if strings.ContainsRune(pos, 'v') && !has("ing") {
		switch {
		case strings.HasSuffix(w, "ie"):
			out = append(out, w[:len(w)-2]+"ying")
		case strings.HasSuffix(w, "e") && !strings.HasSuffix(w, "ee") && !strings.HasSuffix(w, "ye") && !strings.HasSuffix(w, "oe"):
			out = append(out, w[:len(w)-1]+"ing")
		default:
			out = append(out, w+"ing")
		}
	}
	if strings.ContainsRune(pos, 'a') && short(w) {
		switch {
		case strings.HasSuffix(w, "e"):
			out = append(out, w+"r", w+"st")
		case consonantY:
			out = append(out, w[:len(w)-1]+"ier", w[:len(w)-1]+"iest")
		default:
			out = append(out, w+"er", w+"est")
		}
	}
	return out
}

// short reports whether an adjective is short enough to take -er and
// -est: one vowel group ("late", "wide"), or two ending in "y" ("busy").
func short(w string) bool {
	groups, in := 0, false
	for i := 0; i < len(w); i++ {
		v := strings.IndexByte("aeiou", w[i]) >= 0 || w[i] == 'y' && i > 0
		if v && !in {
			groups++
		}
		in = v
	}
	if strings.HasSuffix(w, "e") && groups > 1 {
		groups-- // a silent final e: "late"
	}
	return groups <= 1 || groups == 2 && strings.HasSuffix(w, "y")
}
