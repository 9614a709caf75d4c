package esco

import (
	"archive/zip"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// fixture is a made-up ESCO download, extracted: seven occupations in
// three ISCO major groups, with quoted fields holding commas, quotes and
// line breaks, CRLF records, a skill linked twice, two labels with one
// slug, and links to an occupation the occupations file lacks.
const fixture = "testdata/csv"

// The zips as the ESCO portal names them.
const (
	zipEnglish   = "ESCO dataset - v1.1.1 - classification - en - csv.zip"
	zipRelations = "ESCO dataset - v1.1.1 - classification -  - csv.zip"
)

var englishFiles = []string{fileOccupations, fileSkills, fileISCO}
var relationFiles = []string{fileBroader, fileRelations}

func byID(t *testing.T, res *Result) map[string]*career.Career {
	t.Helper()
	m := map[string]*career.Career{}
	for _, c := range res.Careers {
		m[c.ID] = c
	}
	return m
}

func TestImportFixture(t *testing.T) {
	res, err := Import(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, c := range res.Careers {
		ids = append(ids, c.ID)
	}
	wantIDs := []string{"esco-crepe-maker", "esco-forklift-operator", "esco-forklift-operator-2", "esco-game-developer",
		"esco-pipe-welder", "esco-software-developer", "esco-welder"}
	if diff := cmp.Diff(wantIDs, ids); diff != "" {
		t.Errorf("ids (-want +got):\n%s", diff)
	}
	src := res.Source
	if src.Dataset != "ESCO classification" || src.Release != "" || !strings.Contains(src.Attribution, "This service uses the ESCO classification of the European Commission.") {
		t.Errorf("source without a zip naming the release: %+v", src)
	}
	m := byID(t, res)
	want := &career.Career{
		ID:       "esco-software-developer",
		Title:    "Software developer",
		Category: "Professionals",
		Aliases:  []string{"programmer", "coder"},
		Related:  []string{"esco-game-developer"},
		Summary:  `Software developers write, test and fix programs for computers. They talk to the people who "own" the product, and agree on what it must do.`,
		Skills: []career.Skill{
			{Name: "debug software"}, {Name: "Python"}, {Name: "SQL"},
			{Name: "C#", Optional: true}, {Name: "C++", Optional: true},
		},
		Source: &src,
	}
	if diff := cmp.Diff(want, m["esco-software-developer"]); diff != "" {
		t.Errorf("software developer (-want +got):\n%s", diff)
	}
	game := m["esco-game-developer"]
	if game.Summary != "Game developers build playable worlds.\n\nThey tune the physics, the sound and the controls until the game feels right." {
		t.Errorf("paragraphs of the description: %q", game.Summary)
	}
	// Linked both optional and essential, "debug software" is essential.
	wantSkills := []career.Skill{{Name: "C#"}, {Name: "debug software"}, {Name: "game physics"}, {Name: "Unity (game engine)"}, {Name: "Python", Optional: true}}
	if diff := cmp.Diff(wantSkills, game.Skills); diff != "" {
		t.Errorf("game developer's skills (-want +got):\n%s", diff)
	}
	if c := m["esco-crepe-maker"]; c.Title != "Crêpe maker" || c.Category != "Craft and related trades workers" {
		t.Errorf("crêpe maker: %q in %q", c.Title, c.Category)
	}
	if c := m["esco-forklift-operator"]; c.Category != "Plant and machine operators, and assemblers" || len(c.Aliases) != 2 {
		t.Errorf("forklift operator: %+v", c)
	}
	if got := m["esco-forklift-operator-2"].Title; got != "Forklift-operator" {
		t.Errorf("the later code gets the numbered id; its title is %q", got)
	}
	if got := m["esco-pipe-welder"].Related; !cmp.Equal(got, []string{"esco-welder"}) {
		t.Errorf("pipe welder related %v", got)
	}
	if len(game.Duties) != 0 {
		t.Errorf("ESCO has no tasks, got duties %v", game.Duties)
	}
	wantStats := Stats{Occupations: 7, Aliases: 9, AliasesSkipped: 1, Essential: 14, Optional: 5, SkillLinksRepeated: 1,
		DistinctSkills: 12, Related: 4, Categories: 3, IDsSuffixed: 1, OrphanLinks: 2,
		OrphanURIs: []string{"http://example.org/occupation/gone"}}
	if diff := cmp.Diff(wantStats, res.Stats); diff != "" {
		t.Errorf("stats (-want +got):\n%s", diff)
	}
	checkFormatParse(t, res.Careers)
}

// checkFormatParse writes every career through corpus.Format and reads it
// back: no problem under the imported rules, and the same career.
func checkFormatParse(t *testing.T, careers []*career.Career) {
	t.Helper()
	docs := make([]*corpus.Doc, 0, len(careers))
	for _, c := range careers {
		data, err := corpus.Format(c)
		if err != nil {
			t.Fatal(err)
		}
		doc, probs := corpus.Parse(c.ID+".md", data, corpus.Imported)
		if len(probs) > 0 {
			t.Fatalf("%s reads back with problems:\n%v\n%s", c.ID, probs, data)
		}
		if diff := cmp.Diff(c, doc.Career); diff != "" {
			t.Fatalf("%s changed on the way through the file (-want +got):\n%s", c.ID, diff)
		}
		docs = append(docs, doc)
	}
	if probs := corpus.CrossCheck(docs); len(probs) > 0 {
		t.Fatalf("cross-file problems:\n%v", probs)
	}
}

// writeZip packs the named fixture files into dir/name, as the portal does.
func writeZip(t *testing.T, dir, name string, files []string) {
	t.Helper()
	f, err := os.Create(filepath.Join(dir, name))
	if err != nil {
		t.Fatal(err)
	}
	zw := zip.NewWriter(f)
	for _, n := range files {
		data, err := os.ReadFile(filepath.Join(fixture, n))
		if err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

func copyFixture(t *testing.T, dir string, files ...string) {
	t.Helper()
	for _, n := range files {
		data, err := os.ReadFile(filepath.Join(fixture, n))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// TestImportZips reads the same data from the two zips as downloaded, and
// from one zip beside extracted files, and gets the same careers; the zips'
// names give the release.
func TestImportZips(t *testing.T) {
	plain, err := Import(fixture)
	if err != nil {
		t.Fatal(err)
	}
	zipped := t.TempDir()
	writeZip(t, zipped, zipEnglish, englishFiles)
	writeZip(t, zipped, zipRelations, relationFiles)
	mixed := t.TempDir()
	writeZip(t, mixed, zipRelations, relationFiles)
	copyFixture(t, mixed, englishFiles...)
	for _, dir := range []string{zipped, mixed} {
		res, err := Import(dir)
		if err != nil {
			t.Fatal(err)
		}
		if res.Source.Release != "v1.1.1" || res.Source.Dataset != "ESCO classification v1.1.1" {
			t.Errorf("release from the zip's name: %+v", res.Source)
		}
		src := res.Source
		for _, c := range plain.Careers {
			c.Source = &src
		}
		if diff := cmp.Diff(plain.Careers, res.Careers); diff != "" {
			t.Errorf("%s: careers differ from the extracted files' (-csv +zip):\n%s", dir, diff)
		}
		if diff := cmp.Diff(plain.Stats.Essential, res.Stats.Essential); diff != "" {
			t.Errorf("stats differ: %s", diff)
		}
	}
}

// TestImportErrors breaks one file of the fixture at a time; each error
// names the file, the line, the row and the column at fault.
func TestImportErrors(t *testing.T) {
	all := append(append([]string(nil), englishFiles...), relationFiles...)
	tests := []struct {
		name string
		file string
		edit func(string) string // of the file's text; nil removes the file
		want string              // after the directory
	}{
		{"MissingFile", fileRelations, nil,
			`/occupationSkillRelations.csv: missing: neither the directory nor a zip in it holds occupationSkillRelations.csv (the language-independent zip`},
		{"MissingColumn", fileOccupations, func(s string) string {
			return strings.Replace(s, ",description,", ",summary,", 1)
		}, `/occupations_en.csv:1: column "description": missing from the header`},
		{"ShortRow", fileSkills, func(s string) string {
			return s + "KnowledgeSkillCompetence,http://example.org/skill/s99,knowledge\r\n"
		}, `/skills_en.csv:54: row 14: 3 fields, the header has 13`},
		{"UnclosedQuote", fileRelations, func(s string) string {
			return s + "http://example.org/occupation/o1,\"essential,knowledge,http://example.org/skill/s3\r\n"
		}, `/occupationSkillRelations.csv:23: row 22: extraneous or missing " in quoted-field`},
		{"BadRelationType", fileRelations, func(s string) string {
			return strings.Replace(s, "o3,essential,", "o3,needed,", 1)
		}, `/occupationSkillRelations.csv:13: row 12: column "relationType": "needed": want essential or optional`},
		{"UnknownISCOGroup", fileOccupations, func(s string) string {
			return strings.Replace(s, "o5,8344,", "o5,9999,", 1)
		}, `row 5: column "iscoGroup": "9999" is not an ISCO-08 unit group of ISCOGroups_en.csv`},
		{"EmptyLabel", fileOccupations, func(s string) string {
			return strings.Replace(s, ",pipe welder,", ",  ,", 1)
		}, `row 4: column "preferredLabel": empty`},
		{"BadISCOCode", fileISCO, func(s string) string {
			return strings.Replace(s, "C25,25,", "C25,2x5,", 1)
		}, `/ISCOGroups_en.csv:4: row 2: column "code": "2x5" is not an ISCO-08 code`},
		{"EmptySkillURI", fileRelations, func(s string) string {
			return strings.Replace(s, "http://example.org/skill/s8\r\n", "\r\n", 1)
		}, `column "skillUri": empty`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			copyFixture(t, dir, all...)
			p := filepath.Join(dir, tt.file)
			if tt.edit == nil {
				os.Remove(p)
			} else {
				data, _ := os.ReadFile(p)
				edited := tt.edit(string(data))
				if edited == string(data) {
					t.Fatal("the edit changed nothing")
				}
				os.WriteFile(p, []byte(edited), 0o644)
			}
			_, err := Import(dir)
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), dir+tt.want) && !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q\nwant it to contain %q", err, dir+tt.want)
			}
			if !strings.HasPrefix(err.Error(), "esco: "+dir) {
				t.Errorf("error %q does not name the file first", err)
			}
		})
	}
}

// TestImportErrorInZip names the zip and the entry.
func TestImportErrorInZip(t *testing.T) {
	dir := t.TempDir()
	copyFixture(t, dir, englishFiles...)
	f, _ := os.Create(filepath.Join(dir, zipRelations))
	zw := zip.NewWriter(f)
	w, _ := zw.Create(fileRelations)
	w.Write([]byte("occupationUri,relationType,skillType,skillUri\r\nhttp://example.org/occupation/o1,sometimes,knowledge,http://example.org/skill/s3\r\n"))
	w, _ = zw.Create(fileBroader)
	w.Write([]byte("conceptType,conceptUri,broaderType,broaderUri\r\n"))
	zw.Close()
	f.Close()
	_, err := Import(dir)
	want := filepath.Join(dir, zipRelations) + `/occupationSkillRelations.csv:2: row 1: column "relationType": "sometimes"`
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v\nwant it to contain %q", err, want)
	}
}

func TestImportNotADirectory(t *testing.T) {
	_, err := Import(filepath.Join(fixture, fileISCO))
	if err == nil || !strings.Contains(err.Error(), "not a directory") {
		t.Errorf("got %v", err)
	}
	_, err = Import(filepath.Join(t.TempDir(), "nowhere"))
	if err == nil || !strings.Contains(err.Error(), "cannot read the ESCO directory") {
		t.Errorf("got %v", err)
	}
}

func TestSlugAndTitle(t *testing.T) {
	for _, tt := range []struct{ in, slug, title string }{
		{"welder", "welder", "Welder"},
		{"ICT security administrator", "ict-security-administrator", "ICT security administrator"},
		{"eLearning developer", "elearning-developer", "eLearning developer"},
		{"crêpe maker", "crepe-maker", "Crêpe maker"},
		{"sales assistant, shoes/leather", "sales-assistant-shoes-leather", "Sales assistant, shoes/leather"},
		{"3D animator", "3d-animator", "3D animator"},
		{"!!!", "occupation", "!!!"},
	} {
		if got := slug(tt.in, 95); got != tt.slug {
			t.Errorf("slug(%q) = %q, want %q", tt.in, got, tt.slug)
		}
		if got := capitalise(tt.in); got != tt.title {
			t.Errorf("capitalise(%q) = %q, want %q", tt.in, got, tt.title)
		}
	}
	long := slug(strings.Repeat("word ", 40), 95)
	if len(long) > 95 || strings.HasSuffix(long, "-") || !corpus.ValidID(IDPrefix+long) {
		t.Errorf("long slug %q", long)
	}
}
