package querylang

import (
	"strings"
	"unicode"
)

// Everyday speech wraps what a person looks for in words that say how
// they feel about it or how much, not what it is: "I like animals",
// "travel a lot", "sell things", "good with numbers", "jobs outdoors". A
// search engine that weighs those words as it weighs the others finds
// "Auto Lot Attendant" for "travel a lot" and "Internet of Things" for
// "sell things". The fillers below are such words, from general English
// usage (preference verbs, intensifiers and quantity phrases, vague
// nouns, the words that name a job in general); a plain query drops them
// before it is searched, unless nothing else is left ("jobs" alone is
// searched as typed).
//
// A filler phrase is matched before a filler word, so that "a lot" goes
// while "parking lot" stays; words are compared in lower case with the
// punctuation around them ignored.

// fillerPhrases are runs of words that are fillers together, not alone.
var fillerPhrases = [][]string{
	{"a", "lot", "of"}, {"a", "lot"}, {"lots", "of"}, {"a", "bunch", "of"},
	{"kind", "of"}, {"kinds", "of"}, {"sort", "of"}, {"sorts", "of"}, {"type", "of"}, {"types", "of"},
	{"good", "at"}, {"good", "with"}, {"great", "at"}, {"great", "with"},
	{"interested", "in"}, {"passionate", "about"}, {"fond", "of"}, {"keen", "on"},
	{"a", "job"}, {"a", "career"},
	{"for", "a", "living"},
}

// fillerWords are words that are fillers wherever they stand.
var fillerWords = map[string]bool{
	// Preference and wish.
	"like": true, "likes": true, "love": true, "loves": true, "enjoy": true, "enjoys": true,
	"want": true, "wants": true, "wanna": true, "prefer": true, "interested": true,
	"passionate": true,
	// Intensifiers and hedges.
	"really": true, "truly": true, "quite": true, "super": true, "totally": true,
	"kinda": true, "sorta": true, "maybe": true, "probably": true, "lots": true,
	// Vague nouns.
	"stuff": true, "thing": true, "things": true, "something": true, "anything": true,
	"everything": true, "somewhere": true, "anywhere": true,
	// Praise words that say nothing of the work.
	"good": true, "great": true, "nice": true, "cool": true, "awesome": true,
	// A job in general (the singular stays: "job coach", "career counselor").
	"jobs": true, "careers": true,
}

// StripFillers returns text without its everyday fillers, and the fillers
// it took out, as typed. The words it keeps are joined by single spaces.
func StripFillers(text string) (kept string, dropped []string) {
	words := strings.Fields(text)
	norm := make([]string, len(words))
	for i, w := range words {
		norm[i] = strings.ToLower(strings.TrimFunc(w, func(r rune) bool {
			return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\''
		}))
	}
	out := make([]string, 0, len(words))
	for i := 0; i < len(words); {
		if n := fillerPhraseAt(norm, i); n > 0 {
			dropped = append(dropped, strings.Join(words[i:i+n], " "))
			i += n
			continue
		}
		if fillerWords[norm[i]] {
			dropped = append(dropped, words[i])
			i++
			continue
		}
		out = append(out, words[i])
		i++
	}
	return strings.Join(out, " "), dropped
}

// fillerPhraseAt returns the length of the longest filler phrase that
// starts at words[i], or 0.
func fillerPhraseAt(words []string, i int) int {
	best := 0
	for _, p := range fillerPhrases {
		if len(p) <= best || i+len(p) > len(words) {
			continue
		}
		match := true
		for j, w := range p {
			if words[i+j] != w {
				match = false
				break
			}
		}
		if match {
			best = len(p)
		}
	}
	return best
}
