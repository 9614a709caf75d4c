package page

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// FuzzParse feeds Parse variations of the test pages. Whatever the input,
// Parse must not panic, must fail only with findings that name the file,
// and a page it accepts must make a career that the corpus accepts and
// reads back unchanged.
func FuzzParse(f *testing.F) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		f.Fatal(err)
	}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := Parse("fuzz.txt", data)
		if err != nil {
			var probs career.Problems
			if !errors.As(err, &probs) || len(probs) == 0 {
				t.Fatalf("error is not career.Problems: %#v", err)
			}
			for _, pr := range probs {
				if pr.File != "fuzz.txt" || pr.Message == "" {
					t.Fatalf("finding without file or message: %+v", pr)
				}
			}
			return
		}
		c := p.Career
		if !corpus.ValidID(c.ID) || c.Title == "" || c.Summary == "" || len(c.Duties) == 0 {
			t.Fatalf("accepted an incomplete career: %+v", c)
		}
		for _, s := range []string{c.Title, c.Category, c.Summary, c.Workplace} {
			if strings.ContainsRune(s, '\r') {
				t.Fatalf("carriage return kept in %q", s)
			}
		}
		c2 := *c
		if c2.Category == "" {
			c2.Category = "Fuzzed"
		}
		out, err := corpus.Format(&c2)
		if err != nil {
			t.Fatal(err)
		}
		doc, probs := corpus.Parse(c2.ID+".md", out, corpus.Imported)
		if len(probs) > 0 {
			t.Fatalf("corpus rejects the imported career:\n%v\nfile:\n%s", probs, out)
		}
		if !reflect.DeepEqual(doc.Career, &c2) {
			t.Fatalf("read back as\n%#v\nwant\n%#v\nfile:\n%s", doc.Career, &c2, out)
		}
	})
}
