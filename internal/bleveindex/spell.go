package bleveindex

import (
	"context"
	"encoding/json"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

const vocabKey = "careers_vocab"

// vocabulary is every word of the corpus as written (lower-cased) with its
// number of occurrences: the index's own words, from which spelling
// corrections are drawn.
type vocabulary struct {
	count map[string]int
	// byLen lists the words of each length, so a candidate search looks
	// only at words whose length is within the allowed edits.
	byLen map[int][]string
	// sorted holds every word, for prefix look-ups.
	sorted []string
}

// hasVariant reports whether some corpus word starts with all of word but
// its last letter: then word is another form of a corpus word ("analyse"
// beside "analysis") that the stemmer did not join, not a typo.
func (v *vocabulary) hasVariant(word string) bool {
	r := []rune(word)
	prefix := string(r[:len(r)-1])
	i := sort.SearchStrings(v.sorted, prefix)
	return i < len(v.sorted) && strings.HasPrefix(v.sorted[i], prefix)
}

// words splits text into lower-case words of letters and digits.
func words(text string) []string {
	return strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

func vocabData(careers []*career.Career) ([]byte, error) {
	count := map[string]int{}
	add := func(s string) {
		for _, w := range words(s) {
			count[w]++
		}
	}
	for _, c := range careers {
		add(c.Title)
		add(c.Summary)
		add(c.Workplace)
		for _, a := range c.Aliases {
			add(a)
		}
		for _, it := range c.Duties {
			add(it.String())
		}
		for _, it := range c.Specialisations {
			add(it.String())
		}
	}
	return json.Marshal(count)
}

func loadVocab(raw []byte) (*vocabulary, error) {
	v := &vocabulary{byLen: map[int][]string{}}
	if err := json.Unmarshal(raw, &v.count); err != nil {
		return nil, err
	}
	for w := range v.count {
		n := utf8.RuneCountInString(w)
		v.byLen[n] = append(v.byLen[n], w)
		v.sorted = append(v.sorted, w)
	}
	sort.Strings(v.sorted)
	for _, ws := range v.byLen {
		sort.Strings(ws)
	}
	return v, nil
}

// maxEdits is the typo budget for a word: none up to 4 letters (short words
// have too many neighbours), one up to 7, two beyond.
func maxEdits(word string) int {
	switch n := utf8.RuneCountInString(word); {
	case n <= 4:
		return 0
	case n <= 7:
		return 1
	default:
		return 2
	}
}

// correct returns the most frequent corpus word within the typo budget of
// word, or "" when there is none.
func (v *vocabulary) correct(word string) string {
	k := maxEdits(word)
	if k == 0 || v == nil {
		return ""
	}
	n := utf8.RuneCountInString(word)
	best, bestDist, bestCount := "", k+1, 0
	for l := n - k; l <= n+k; l++ {
		for _, cand := range v.byLen[l] {
			d := editDistance(word, cand, k)
			if d > k {
				continue
			}
			c := v.count[cand]
			if d < bestDist || d == bestDist && c > bestCount {
				best, bestDist, bestCount = cand, d, c
			}
		}
	}
	return best
}

// editDistance is the Damerau–Levenshtein (optimal string alignment)
// distance of a and b, or limit+1 once it is certain to exceed limit.
func editDistance(a, b string, limit int) int {
	ra, rb := []rune(a), []rune(b)
	if abs(len(ra)-len(rb)) > limit {
		return limit + 1
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		rowMin := cur[0]
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return limit + 1
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// correctUnknown replaces each word of text that the index does not hold
// (in any form) by the closest frequent corpus word within its typo budget,
// and returns the corrected text, or "" if nothing changed. A query whose
// words are all known is never touched, so correct spelling ranks as
// before. Corrected words are recorded in via as "typo".
func (ix *Index) correctUnknown(ctx context.Context, text string, via map[string]string) (string, error) {
	ws := words(text)
	var check []string
	for _, w := range ws {
		if maxEdits(w) > 0 {
			check = append(check, ix.analyze(w)...)
		}
	}
	if len(check) == 0 {
		return "", nil
	}
	dfs, _, err := ix.docFreqs(ctx, check)
	if err != nil {
		return "", err
	}
	changed := false
	for i, w := range ws {
		if maxEdits(w) == 0 {
			continue
		}
		known := true
		for _, t := range ix.analyze(w) {
			if dfs[t] == 0 {
				known = false
			}
		}
		if known || ix.vocab.hasVariant(w) {
			continue
		}
		if c := ix.vocab.correct(w); c != "" {
			ws[i] = c
			via[c] = "typo"
			changed = true
		}
	}
	if !changed {
		return "", nil
	}
	return strings.Join(ws, " "), nil
}
