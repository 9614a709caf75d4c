package suggest

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

// TestBuildOrdersAsStableSort checks the order Build gives the entries
// against the definition it replaces: a stable sort, in the order the
// texts were added, on kind, length in runes, normalised words joined by
// spaces, text and career id. The corpus is drawn from few words and few
// ids, so that every key ties often (the same text in several careers,
// careers sharing an id) and only the order of addition tells entries
// apart.
func TestBuildOrdersAsStableSort(t *testing.T) {
	words := []string{"Data", "data", "Engineer", "Analyst", "Lead", "Résumé", "resume", "R&D", "ai"}
	r := rand.New(rand.NewPCG(18, 2))
	text := func() string {
		n := 1 + r.IntN(3)
		parts := make([]string, n)
		for i := range parts {
			parts[i] = words[r.IntN(len(words))]
		}
		return strings.Join(parts, " ")
	}
	var careers []*career.Career
	for i := range 400 {
		c := &career.Career{ID: fmt.Sprintf("c%d", r.IntN(60)), Title: text()}
		for range r.IntN(4) {
			c.Aliases = append(c.Aliases, text())
		}
		for range r.IntN(3) {
			c.Specialisations = append(c.Specialisations, career.Item{Name: text()})
		}
		if i%50 == 0 {
			careers = append(careers, nil)
		}
		careers = append(careers, c)
	}
	ix := Build(careers)
	if ix.Len() < 1000 {
		t.Fatalf("only %d entries: not a test of ties", ix.Len())
	}
	var nz normalizer
	joined := func(s string) string {
		var ws []string
		for _, tk := range nz.words(s, nil) {
			ws = append(ws, tk.norm)
		}
		return strings.Join(ws, " ")
	}
	got := make([]entry, ix.Len())
	for e := range got {
		got[e] = ix.entry(int32(e))
	}
	// The order of addition: career by career (a career's entries never
	// tie on the words, so their order among themselves is free).
	want := slices.Clone(got)
	slices.SortStableFunc(want, func(a, b entry) int { return cmp.Compare(a.career, b.career) })
	ties := 0
	slices.SortStableFunc(want, func(a, b entry) int {
		c := cmp.Or(
			cmp.Compare(a.kind, b.kind),
			cmp.Compare(utf8.RuneCountInString(a.text), utf8.RuneCountInString(b.text)),
			strings.Compare(joined(a.text), joined(b.text)),
			strings.Compare(a.text, b.text),
			strings.Compare(ix.ids.at(int(a.career)), ix.ids.at(int(b.career))),
		)
		if c == 0 {
			ties++
		}
		return c
	})
	if ties == 0 {
		t.Fatal("no entries tie on every key: not a test of the last tie-break")
	}
	for e := range got {
		if got[e] != want[e] {
			t.Fatalf("entry %d is %+v, the stable sort puts %+v there", e, got[e], want[e])
		}
	}
}
