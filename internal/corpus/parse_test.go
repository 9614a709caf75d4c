package corpus

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

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
		Skills: []career.Skill{
			{Name: "Label Studio", Note: "Draws the boxes and tags the text.", InDemand: true},
			{Name: "C++"},
			{Name: "C#", HotTechnology: true, Optional: true},
			{Name: "Sign language", Optional: true},
			{Name: "Microsoft Excel", Note: "Tracks the batches done and the error rate."},
		},
		Workplace: "Most labellers work remotely for annotation vendors, often part time.",
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

// skillsFile is a valid file whose Skills section (starting at line 19,
// its first item at line 21) is the given list.
func skillsFile(list string) string {
	return validFront + "\n## Summary\n\nWords.\n\n## Duties\n\n- **Do**: a thing.\n\n## Specialisations\n\n- **K**: k.\n\n## Skills\n\n" +
		list + "\n## Workplace\n\nW.\n"
}

// TestSkillProblems checks each way a Skills entry can be wrong, with the
// line of the entry and the field "skills".
func TestSkillProblems(t *testing.T) {
	tests := []struct {
		name, list string
		want       string
	}{
		{"UnknownFlag", "- **Python** (hot)\n", `21: skills: skill "Python": unknown flag "hot" (known: hot technology, in demand, optional)`},
		{"FlagTwice", "- **Python** (in demand, In Demand)\n", `21: skills: skill "Python": flag "in demand" given twice`},
		{"EmptyFlags", "- **Python** ()\n", `21: skills: skill "Python": empty parentheses`},
		{"EmptyFlagBetweenCommas", "- **Python** (in demand,,optional)\n", `21: skills: skill "Python": an empty flag between commas`},
		{"UnclosedFlags", "- **Python** (in demand: note\n", `21: skills: skill "Python": the flags have no closing parenthesis`},
		{"Duplicate", "- **Python**\n- **SQL**\n- **python**: again\n", `23: skills: duplicate skill "python" (case-insensitive; first at line 21)`},
		{"NotBold", "- **SQL**\n- Python\n", `22: skills: skills must read '- **Name** (flags): note' (flags and note optional), the name in bold`},
		{"EmptyName", "- **SQL**\n- **<span></span>**: x\n", `22: skills: empty name`},
		{"TextAfterName", "- **Python** scripting\n", `21: skills: skill "Python": skills must read`},
		{"TextAfterFlags", "- **Python** (in demand) scripting\n", `found "scripting" after the name`},
		{"ColonInsideBold", "- **Python:** writes scripts\n", `21: skills: skill "Python:": the colon goes after the bold name`},
		{"ColonWithoutNote", "- **Python**:\n", `21: skills: skill "Python": a colon with no note`},
		{"LongName", "- **" + strings.Repeat("n", 151) + "**\n", `21: skills: skill name of 151 characters, at most 150 allowed`},
		{"LongNote", "- **Python**: " + strings.Repeat("é", 301) + "\n", `21: skills: skill "Python": note of 301 characters, at most 300 allowed`},
		{"EmptyItem", "- **SQL**\n-\n", `22: skills: empty item`},
		{"NestedList", "- **SQL**\n  - nested\n", `21: skills: a skill must be a single paragraph`},
		{"Paragraph", "Python and SQL.\n", `21: skills: only a bullet list of '- **Name** (flags): note' items is allowed here, found paragraph`},
		{"TwoLists", "- **SQL**\n\n1. **R**\n", `23: skills: only a bullet list`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, probs := Parse("f.md", []byte(skillsFile(tt.list)), Basic)
			if !strings.Contains(probs.Error(), tt.want) {
				t.Errorf("want a problem containing %q, got:\n%v", tt.want, probs)
			}
		})
	}
}

func TestSkillsSectionPlace(t *testing.T) {
	misplaced := validFront + "\n## Summary\n\nWords.\n\n## Skills\n\n- **SQL**\n\n## Duties\n\n- **Do**: a thing.\n\n## Specialisations\n\n- **K**: k.\n\n## Workplace\n\nW.\n"
	_, probs := Parse("f.md", []byte(misplaced), Basic)
	if !strings.Contains(probs.Error(), "f.md:15: duties: out of order (expected Summary, Duties, Specialisations, Skills, Workplace)") {
		t.Errorf("misplaced Skills not reported:\n%v", probs)
	}
	twice := skillsFile("- **SQL**\n") + "\n## Skills\n\n- **R**\n"
	_, probs = Parse("f.md", []byte(twice), Basic)
	if !strings.Contains(probs.Error(), "f.md:27: skills: section given twice") {
		t.Errorf("second Skills section not reported:\n%v", probs)
	}
	// The section is optional below MinSkills 1, and case-insensitive.
	doc, probs := Parse("f.md", []byte(strings.Replace(skillsFile("- **SQL**\n"), "## Skills", "## skills", 1)), Basic)
	if len(probs) > 0 || len(doc.Career.Skills) != 1 {
		t.Errorf("lower-case heading: %v, %+v", probs, doc.Career.Skills)
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
		"f.md:21: skills: section '## Skills' missing",
		"f.md:19: workplace: 2 words, at least 60 required",
	}
	var got []string
	for _, p := range probs {
		got = append(got, p.String())
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
	_, probs = Parse("f.md", []byte(skillsFile("- **SQL**\n- **Python**\n- **R**\n- **Go**\n")), Editorial)
	if !strings.Contains(probs.Error(), "f.md:19: skills: 4 skills, at least 5 required") {
		t.Errorf("too few skills not reported:\n%v", probs)
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
		Specialisations: []career.Item{{Name: "CT", Description: "Cross-sections."}},
		Skills: []career.Skill{
			{Name: "Python", Note: "Writes the scripts that clean and join the data.", HotTechnology: true, InDemand: true},
			{Name: "SQL", Note: "Queries the warehouse."},
			{Name: "Forklift"},
			{Name: "Sign language", Optional: true},
		},
		Workplace: "Hospitals.",
		JobZone:   3,
		Source:    &career.Source{Dataset: "O*NET 30.1", License: "CC BY 4.0", Attribution: "U.S. DOL"},
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

// TestFormatSkillsRoundTrip checks that technology names keep their exact
// spelling through the writer and the parser, with every flag combination.
func TestFormatSkillsRoundTrip(t *testing.T) {
	names := []string{"C++", "C#", "F#", ".NET", "Node.js", "R", "Go", "SAP ERP", "Microsoft Excel",
		"*nix", "-rf", "1. Numbered", "Bash (Unix shell)", "A&B", "a_b_c", "[brackets]", "<html>", "back\\slash",
		"100%", "#hashtag", "~tilde~", "pipe|s", "`tick`", "!important", "key: value", "x**y", "Objective-C", "ASP.NET Core",
		"T-SQL", "+plus", "Ünïcödé", "(parenthesised)", "a\\", "C++/CLI"}
	c := &career.Career{
		ID: "x", Title: "X", Category: "C", Summary: "Words.",
		Source: &career.Source{Dataset: "D", License: "L", Attribution: "A"},
	}
	for i, n := range names {
		sk := career.Skill{Name: n, HotTechnology: i&1 != 0, InDemand: i&2 != 0, Optional: i&4 != 0}
		if i%3 == 0 {
			sk.Note = "Used for " + n + " work: (" + names[len(names)-1-i] + ") **not bold** - 2. _x_"
		}
		c.Skills = append(c.Skills, sk)
	}
	data, err := Format(c)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(data), "\n## Skills\n\n- **C++**: Used for C++ work: (C++/CLI)") {
		t.Errorf("unexpected layout:\n%s", data)
	}
	if !strings.Contains(string(data), "\n- **C\\#** (hot technology)\n- **F\\#** (in demand)\n") {
		t.Errorf("flags not written in place:\n%s", data)
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
	f.Add([]byte(skillsFile("- **C++** (hot technology, in demand): Builds the engine.\n- **C#**\n- **.NET** (OPTIONAL)\n- **Node.js**: A *note* with `code`.\n")))
	f.Add([]byte(skillsFile("- **Python** (hot)\n- **python**\n- **R**:\n- **x** (in demand\n")))
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

// FuzzFormatSkill checks that any skill the parser would accept is written
// so that it reads back unchanged: the writer's escaping against goldmark.
func FuzzFormatSkill(f *testing.F) {
	for _, n := range []string{"C++", "C#", ".NET", "Node.js", "R", "*nix", "1. x", "a\\", "<b>", "x**y"} {
		f.Add(n, "", uint8(0))
		f.Add(n, "A note: with *stars* and [links](x) & `ticks`.", uint8(7))
	}
	f.Fuzz(func(t *testing.T, name, note string, flags uint8) {
		sk := career.Skill{Name: collapse(name), Note: collapse(note),
			HotTechnology: flags&1 != 0, InDemand: flags&2 != 0, Optional: flags&4 != 0}
		if !utf8.ValidString(name) || !utf8.ValidString(note) || sk.Name == "" || strings.HasSuffix(sk.Name, ":") ||
			utf8.RuneCountInString(sk.Name) > MaxSkillName || utf8.RuneCountInString(sk.Note) > MaxSkillNote ||
			strings.ContainsAny(name+note, "\x00\ufffd") {
			t.Skip("not a skill the format accepts")
		}
		c := &career.Career{ID: "x", Title: "X", Category: "C", Summary: "Words.", Skills: []career.Skill{sk},
			Source: &career.Source{Dataset: "D", License: "L", Attribution: "A"}}
		data, err := Format(c)
		if err != nil {
			t.Fatal(err)
		}
		doc, probs := Parse("f.md", data, Imported)
		if len(probs) > 0 {
			t.Fatalf("problems reading back %q:\n%v\n--- file:\n%s", sk.Name, probs, data)
		}
		if diff := cmp.Diff(c.Skills, doc.Career.Skills); diff != "" {
			t.Fatalf("round trip (-want +got):\n%s\n--- file:\n%s", diff, data)
		}
	})
}
