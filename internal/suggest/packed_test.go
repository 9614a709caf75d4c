package suggest

import (
	"slices"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// TestPackedTextsComeBackExactly: every entry's text, whichever form it is
// stored in, reads back as the very text of its career, and each form is
// used (a shape for punctuation and lower-case words, the literal text for
// accents and mixed case).
func TestPackedTextsComeBackExactly(t *testing.T) {
	careers := append(fixture(), synthetic(realCareers(t), 2000)...)
	careers = append(careers,
		&career.Career{ID: "cook", Title: "Cooks, Short Order", Aliases: []string{"short order cook", "SQL Developer", "e-Commerce Lead", "Helpers--Extraction Workers", "Chef \x01 Cook"}})
	ix := Build(careers)
	texts := make([][]string, len(careers)) // by career number (none is nil)
	for i, c := range careers {
		texts[i] = append([]string{c.Title}, c.Aliases...)
		for _, s := range c.Specialisations {
			texts[i] = append(texts[i], s.Name)
		}
	}
	forms := map[int]int{}
	for e := range int32(ix.Len()) {
		r, ws := ix.entryRecord(e, nil)
		forms[r.form]++
		en := ix.entry(e)
		if !slices.Contains(texts[en.career], en.text) {
			t.Fatalf("entry %d reads %q (form %d, words %v), not a text of career %d: %q", e, en.text, r.form, ws, en.career, texts[en.career])
		}
	}
	for _, f := range []int{textLiteral, textCapitalised, textShaped} {
		if forms[f] == 0 {
			t.Errorf("no entry stored in form %d: %v", f, forms)
		}
	}
	for _, tt := range []struct {
		text string
		form int
	}{
		{"Cooks, Short Order", textShaped},
		{"short order cook", textShaped},
		{"SQL Developer", textShaped},
		{"Data Scientist", textCapitalised},
		{"e-Commerce Lead", textShaped},
		{"Résumé Writer", textLiteral},
		{"Chef \x01 Cook", textLiteral},
	} {
		found := false
		for e := range int32(ix.Len()) {
			if ix.entry(e).text == tt.text {
				found = true
				if r, _ := ix.entryRecord(e, nil); r.form != tt.form {
					t.Errorf("%q stored in form %d, want %d", tt.text, r.form, tt.form)
				}
			}
		}
		if !found {
			t.Errorf("%q is not an entry", tt.text)
		}
	}
}

// TestPostingsRoundTrip: packed posting lists read back as written, gaps
// of one byte and of several.
func TestPostingsRoundTrip(t *testing.T) {
	lists := [][]int32{{0, 1, 2, 200, 70000, 1 << 30}, nil, {5}, {127, 128, 16511, 16512}}
	packed, at, n := packLists(lists)
	for i, want := range lists {
		var got []int32
		p := newPostings(packed[at[i]:at[i+1]])
		for e, ok := p.next(); ok; e, ok = p.next() {
			got = append(got, e)
		}
		if !slices.Equal(got, want) || int(n[i+1]-n[i]) != len(want) {
			t.Errorf("list %d: read %v (count %d), wrote %v", i, got, n[i+1]-n[i], want)
		}
	}
}

// FuzzEntryRecords: whatever bytes the entries hold (a tables file written
// wrong, its checksum right), suggesting neither panics nor returns a text
// of no career.
func FuzzEntryRecords(f *testing.F) {
	built := Build(fixture())
	f.Add([]byte(built.entries))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff})
	f.Add([]byte{3, 0, 1, 0})
	f.Fuzz(func(t *testing.T, b []byte) {
		s := written(built)
		entries := make([]byte, len(s["entries"]))
		copy(entries, b)
		s["entries"] = entries
		ix, err := Open(source{s})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"p", "prompt eng", "a", "data", "r"} {
			for _, sg := range ix.Suggest(q, 10) {
				if sg.ID == "" || sg.Kind == "" {
					t.Fatalf("Suggest(%q): %+v", q, sg)
				}
			}
		}
	})
}
