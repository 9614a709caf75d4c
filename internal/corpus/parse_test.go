package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
)

func TestParseValid(t *testing.T) {
	data, err := os.ReadFile("testdata/valid.md")
	if err != nil {
		t.Fatal(err)
	}
	doc, probs := Parse("testdata/valid.md", data, Basic)
	if len(probs) > 0 {
		t.Fatalf("unexpected problems:\n%v", probs)
	}
	want := &career.Career{
		ID:       "data-labeller",
		Title:    "Data Labeller",
		Category: "AI Research & Data Roles",
		Aliases:  []string{"Annotation Specialist"},
		Related:  []string{"other-career"},
		Summary: "A data labeller marks up images, text and audio so that models can learn from them. " +
			"They follow written guidelines and flag unclear cases.\n\nSecond paragraph of the summary.",
		Duties: []career.Item{
			{Name: "Label images", Description: "Draw boxes around objects in photographs."},
			{Name: "Review labels", Description: "Check a sample of other people's work for mistakes."},
		},
		Specialisations: []career.Item{{Name: "Medical annotation", Description: "Marks up X-ray and MRI scans for clinical models."}},
		Workplace:       "Most labellers work remotely for annotation vendors, often part time.",
	}
	if diff := cmp.Diff(want, doc.Career); diff != "" {
		t.Errorf("career mismatch (-want +got):\n%s", diff)
	}
	if doc.IDLine != 2 || !cmp.Equal(doc.RelatedLines, []int{8}) {
		t.Errorf("positions: id line %d, related lines %v", doc.IDLine, doc.RelatedLines)
	}
}

// validBody is a complete body that individual cases break one piece at a time.
const validFront = "---\nid: x\ntitle: X\ncategory: C\n---\n"
const validBody = `
## Summary

Words here.

## Duties

- **Do**: a thing.

## Specialisations

- **Kind**: a kind.

## Workplace

An office.
`

// TestParseProblems checks that every validation error names the line and
// the field, so that a writer can go straight to it.
func TestParseProblems(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // "line: field: message fragment"
	}{
		{"NoFrontMatter", "## Summary\n\nHi\n", []string{"1: front matter: missing"}},
		{"UnclosedFrontMatter", "---\nid: x\n", []string{"1: front matter: missing"}},
		{"BadYAML", "---\nid: x\ntitle: [unclosed\n---\n" + validBody, []string{"front matter: invalid YAML"}},
		{"MissingCategory", "---\nid: x\ntitle: X\n---\n" + validBody, []string{"1: category: missing"}},
		{"EmptyTitle", "---\nid: x\ntitle: \"\"\ncategory: C\n---\n" + validBody, []string{"3: title: empty"}},
		{"BadID", "---\nid: Not A Slug\ntitle: X\ncategory: C\n---\n" + validBody, []string{"2: id: \"Not A Slug\" is not a slug"}},
		{"UnknownField", "---\nid: x\ntitle: X\ncategory: C\ncolour: red\n---\n" + validBody, []string{"5: colour: unknown field"}},
		{"DuplicateField", "---\nid: x\nid: y\ntitle: X\ncategory: C\n---\n" + validBody, []string{"3: id: given twice"}},
		{"AliasesNotList", "---\nid: x\ntitle: X\ncategory: C\naliases: one\n---\n" + validBody, []string{"5: aliases: must be a list"}},
		{"EmptyAlias", "---\nid: x\ntitle: X\ncategory: C\naliases:\n  - \"\"\n---\n" + validBody, []string{"6: aliases: entries must be non-empty"}},
		{"RelatedSelf", "---\nid: x\ntitle: X\ncategory: C\nrelated:\n  - x\n---\n" + validBody, []string{"6: related: a career cannot be related to itself"}},
		{"BadJobZone", "---\nid: x\ntitle: X\ncategory: C\njob_zone: 9\n---\n" + validBody, []string{"5: job_zone: must be a whole number from 1 to 5"}},
		{"SourceIncomplete", "---\nid: x\ntitle: X\ncategory: C\nsource:\n  dataset: D\n---\n" + validBody, []string{"5: source: dataset, license and attribution are required"}},
		{"MissingSection", validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n- **Do**: a thing.\n\n## Workplace\n\nAn office.\n",
			[]string{"specialisations: section '## Specialisations' missing"}},
		{"UnknownSection", validFront + validBody + "\n## Salary\n\nLots.\n", []string{"23: unknown section \"Salary\""}},
		{"DuplicateSection", validFront + validBody + "\n## Duties\n\n- **A**: b.\n", []string{"23: duties: section given twice"}},
		{"OutOfOrder", validFront + "\n## Duties\n\n- **Do**: a thing.\n\n## Summary\n\nWords.\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"11: summary: out of order"}},
		{"TextBeforeSection", validFront + "\nStray text.\n" + validBody, []string{"7: text before the first section"}},
		{"EmptySummary", validFront + "\n## Summary\n\n## Duties\n\n- **Do**: a thing.\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"7: summary: empty"}},
		{"ListInSummary", validFront + "\n## Summary\n\n- a list\n\n## Duties\n\n- **Do**: a thing.\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"9: summary: only paragraphs are allowed here, found a list", "7: summary: empty"}},
		{"ItemWithoutBold", validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n- Do a thing.\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"13: duties: items must read '**Name**: description', the name in bold", "11: duties: 0 items"}},
		{"ItemWithoutColon", validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n- **Do** a thing.\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"13: duties: items must read '**Name**: description', a colon after the name"}},
		{"ItemWithoutDescription", validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n- **Do**: a thing.\n- **Empty**:\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"14: duties: item \"Empty\" has no description"}},
		{"EmptyItem", validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n- **Do**: a thing.\n-\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"duties: empty item"}},
		{"NestedList", validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n- **Do**: a thing.\n  - nested\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"13: duties: an item must be a single paragraph"}},
		{"NumberedList", validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n1. **Do**: a thing.\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n",
			[]string{"13: duties: only a bullet list"}},
		{"InvalidUTF8", "---\nid: x\n\xff\xfe", []string{"1: not valid UTF-8"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse("f.md", []byte(tt.src), Basic)
			got := make([]string, len(probs))
			for i, p := range probs {
				if p.File != "f.md" {
					t.Errorf("problem names file %q, want f.md", p.File)
				}
				got[i] = p.String()
			}
			for _, w := range tt.want {
				found := false
				for _, g := range got {
					if strings.Contains(g, "f.md:"+w) || (!strings.ContainsAny(w[:1], "0123456789") && strings.Contains(g, w)) {
						found = true
					}
				}
				if !found {
					t.Errorf("want a problem %q, got:\n%s", w, strings.Join(got, "\n"))
				}
			}
		})
	}
}

func TestEditorialRules(t *testing.T) {
	src := validFront + validBody
	_, probs := Parse("f.md", []byte(src), Editorial)
	want := []string{
		"f.md:1: aliases: at least 1 required, got 0",
		"f.md:1: related: at least 3 required, got 0",
		"f.md:7: summary: 2 words, at least 120 required",
		"f.md:11: duties: 1 items, at least 5 required",
		"f.md:15: specialisations: 1 items, at least 3 required",
		"f.md:19: workplace: 2 words, at least 60 required",
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	long := validFront + strings.Replace(validBody, "Words here.", strings.Repeat("word ", 251), 1)
	_, probs = Parse("f.md", []byte(long), Editorial)
	if !strings.Contains(probs.Error(), "f.md:7: summary: 251 words, at most 250 allowed") {
		t.Errorf("overlong summary not reported:\n%v", probs)
	}
}

func TestImportedProfileAllowsMissingSections(t *testing.T) {
	src := "---\nid: 11-1011.00\ntitle: Chief Executives\ncategory: Management\nsource:\n  dataset: O*NET\n  license: CC BY 4.0\n  attribution: x\n---\n\n## Summary\n\nRuns things.\n\n## Duties\n\n- **Core task**: Direct operations.\n"
	doc, probs := Parse("f.md", []byte(src), Imported)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if doc.Career.Source == nil || doc.Career.Source.Dataset != "O*NET" {
		t.Errorf("source not read: %+v", doc.Career.Source)
	}
}

func TestCRLFAndBOM(t *testing.T) {
	data, _ := os.ReadFile("testdata/valid.md")
	crlf := "\ufeff" + strings.ReplaceAll(string(data), "\n", "\r\n")
	doc, probs := Parse("crlf.md", []byte(crlf), Basic)
	if len(probs) > 0 {
		t.Fatalf("problems: %v", probs)
	}
	if doc.Career.ID != "data-labeller" || len(doc.Career.Duties) != 2 {
		t.Errorf("parsed %+v", doc.Career)
	}
}

func TestLoadCrossChecks(t *testing.T) {
	dir := t.TempDir()
	write := func(name, id string, related ...string) {
		var rel string
		if len(related) > 0 {
			rel = "related:\n"
			for _, r := range related {
				rel += "  - " + r + "\n"
			}
		}
		src := "---\nid: " + id + "\ntitle: T\ncategory: C\n" + rel + "---\n" + validBody
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("a.md", "a", "b", "ghost")
	write("sub/b.md", "b")
	write("sub/c.md", "a")
	write("broken.md", "")
	os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("ignored"), 0o644)

	l, err := Load([]string{dir}, Basic, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, p := range l.Problems {
		got = append(got, strings.TrimPrefix(p.String(), dir+"/"))
	}
	want := []string{
		"a.md:7: related: no career has id \"ghost\"",
		"broken.md:2: id: empty (basic rules)",
		"sub/c.md:2: id: \"a\" is already used by " + filepath.Join(dir, "a.md"),
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

func TestLoadEmptyDir(t *testing.T) {
	_, err := Load([]string{t.TempDir()}, Basic, nil)
	if career.ErrorCode(err) != career.EINVALID {
		t.Errorf("empty corpus: got %v, want an invalid-argument error", err)
	}
}

// TestFormatRoundTrip checks that what importers write reads back as the
// same career, including text that looks like Markdown syntax.
func TestFormatRoundTrip(t *testing.T) {
	c := &career.Career{
		ID: "29-2034.00", Title: "Radiologic Technologists & Technicians", Category: "Health Science",
		Aliases: []string{"X-Ray Tech", "CT: Technologist"},
		Related: []string{"29-2035.00"},
		Summary: "Take *x-rays* and [CAT] scans_or_not <b>bold</b> #1.\n\nA second paragraph with `code` and a\\backslash.",
		Duties: []career.Item{
			{Name: "Core task", Description: "- Operate or oversee operation of radiologic equipment."},
			{Name: "1. Numbered", Description: "100% + ~5 | pipes > arrows!"},
		},
		JobZone: 3,
		Source:  &career.Source{Dataset: "O*NET 30.1", License: "CC BY 4.0", Attribution: "U.S. DOL"},
	}
	data, err := Format(c)
	if err != nil {
		t.Fatal(err)
	}
	doc, probs := Parse("rt.md", data, Imported)
	if len(probs) > 0 {
		t.Fatalf("problems reading back:\n%v\n--- file:\n%s", probs, data)
	}
	if diff := cmp.Diff(c, doc.Career); diff != "" {
		t.Errorf("round trip (-want +got):\n%s\n--- file:\n%s", diff, data)
	}
}

// TestShippedCorpus keeps the real corpus valid under the editorial rules.
func TestShippedCorpus(t *testing.T) {
	l, err := Load([]string{"../../corpus"}, Editorial, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Problems) > 0 {
		t.Fatalf("corpus problems:\n%v", l.Problems)
	}
	if len(l.Docs) < 54 {
		t.Errorf("corpus has %d careers, want at least 54", len(l.Docs))
	}
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.md")
	seeds2, _ := filepath.Glob("../../corpus/*/*.md")
	for _, s := range append(seeds, seeds2[:min(5, len(seeds2))]...) {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(validFront + validBody))
	f.Add([]byte("---\n---\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, probs := Parse("fuzz.md", data, Basic)
		if doc == nil || doc.Career == nil {
			t.Fatal("nil document")
		}
		for _, p := range probs {
			if p.File != "fuzz.md" || p.Line < 0 {
				t.Fatalf("bad problem %+v", p)
			}
		}
		if len(probs) == 0 {
			// A valid file must survive a format/parse round trip.
			out, err := Format(doc.Career)
			if err != nil {
				t.Fatal(err)
			}
			again, probs := Parse("again.md", out, Basic)
			if len(probs) > 0 {
				t.Fatalf("formatted file invalid: %v\n%s", probs, out)
			}
			if !cmp.Equal(doc.Career, again.Career) {
				t.Fatalf("round trip changed the career:\n%s", cmp.Diff(doc.Career, again.Career))
			}
		}
	})
}
