package career

import (
	"sort"
	"strings"
)

// Passage is one highlighted passage of a hit: its field and its text
// with the query's words between <mark> and </mark>.
type Passage struct {
	Field, Text string
	// Words is how many distinct words (ignoring case) it marks.
	Words int
}

// PassageFields are the fields whose passages a hit shows, in the order
// that breaks ties: what the career does and where before what it is also
// called, so that an obscure alternate title never hides the duty or the
// workplace text that matched as well. The title is shown on its own.
var PassageFields = []string{FieldDuties, FieldSummary, FieldWorkplace, FieldSpecialisations, FieldAliases}

// Passages orders a hit's highlighted passages as every view shows them:
// those that mark the most distinct words of the query first (the
// passage that says "remote work" before one that says "working"), then
// by PassageFields, then in the index's order. The web page's script
// (internal/web/static/app.js) orders them alike.
func Passages(highlights map[string][]string) []Passage {
	var all []Passage
	for _, f := range PassageFields {
		for _, text := range highlights[f] {
			all = append(all, Passage{Field: f, Text: text, Words: markedWords(text)})
		}
	}
	sort.SliceStable(all, func(i, j int) bool { return all[i].Words > all[j].Words })
	return all
}

// markedWords counts the distinct words (ignoring case) a passage marks.
func markedWords(text string) int {
	const open, close = "<mark>", "</mark>"
	seen := map[string]bool{}
	for {
		i := strings.Index(text, open)
		if i < 0 {
			break
		}
		text = text[i+len(open):]
		j := strings.Index(text, close)
		if j < 0 {
			j = len(text)
		}
		seen[strings.ToLower(text[:j])] = true
		text = text[j:]
	}
	return len(seen)
}
