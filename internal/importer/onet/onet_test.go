package onet

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// The fixtures in testdata/onet are made-up occupations written in the
// column layout of the O*NET text files (CRLF like the real files, except
// Job Zones.txt, which uses LF); testdata/clusters.csv follows the layout of
// O*NET OnLine's career-cluster export. No row comes from O*NET.
const (
	fixtureDir      = "testdata/onet"
	fixtureClusters = "testdata/clusters.csv"
)

func importFixture(t *testing.T, opts Options) *Result {
	t.Helper()
	res, err := Import(fixtureDir, opts)
	if err != nil {
		t.Fatalf("Import: %v", err)
	}
	return res
}

func byID(res *Result) map[string]*career.Career {
	m := map[string]*career.Career{}
	for _, c := range res.Careers {
		m[c.ID] = c
	}
	return m
}

func TestImportOnetFixtures(t *testing.T) {
	res := importFixture(t, Options{ClustersFile: fixtureClusters})
	var ids []string
	for _, c := range res.Careers {
		ids = append(ids, c.ID)
	}
	wantIDs := []string{"15-9001.00", "15-9001.01", "15-9001.02", "29-9002.00", "47-9003.00", "53-9004.00"}
	if !slices.Equal(ids, wantIDs) {
		t.Fatalf("ids = %v, want %v", ids, wantIDs)
	}
	cs := byID(res)

	t.Run("Fields", func(t *testing.T) {
		c := cs["15-9001.00"]
		if c.Title != "Puzzle Engineers" {
			t.Errorf("title = %q", c.Title)
		}
		if !strings.HasPrefix(c.Summary, "Design and test puzzles") {
			t.Errorf("summary = %q", c.Summary)
		}
		if c.JobZone != 4 {
			t.Errorf("job zone = %d, want 4", c.JobZone)
		}
		if cs["53-9004.00"].JobZone != 0 {
			t.Errorf("53-9004.00 has no job zone row, got %d", cs["53-9004.00"].JobZone)
		}
	})

	t.Run("CoreTasksBeforeSupplemental", func(t *testing.T) {
		want := []career.Item{
			{Name: DutyCore, Description: "Design puzzles that fit a room's theme and difficulty target."},
			{Name: DutyCore, Description: "Estimate solving times from playtest records."},
			{Name: DutySupplemental, Description: "Draft puzzle rules and hint sequences."},
			{Name: DutyUnrated, Description: "Test puzzles with volunteer players and log where they get stuck."},
		}
		if got := cs["15-9001.00"].Duties; !reflect.DeepEqual(got, want) {
			t.Errorf("duties =\n%v\nwant\n%v", got, want)
		}
		if d := cs["53-9004.00"].Duties; len(d) != 0 {
			t.Errorf("an occupation without task rows has duties %v", d)
		}
	})

	t.Run("Aliases", func(t *testing.T) {
		// "puzzle engineers" repeats the title and "PUZZLE DESIGNER" an
		// alias, ignoring case: both are skipped.
		want := []string{"Puzzle Designer", "Escape Room Designer"}
		if got := cs["15-9001.00"].Aliases; !slices.Equal(got, want) {
			t.Errorf("aliases = %q, want %q", got, want)
		}
		if res.Stats.Aliases != 9 || res.Stats.AliasesSkipped != 2 {
			t.Errorf("stats aliases = %d, skipped %d; want 9, 2", res.Stats.Aliases, res.Stats.AliasesSkipped)
		}
	})

	t.Run("RelatedFiltered", func(t *testing.T) {
		// Ordered by Index; the code outside the import, the occupation
		// itself and the repeated code are dropped.
		want := map[string][]string{
			"15-9001.00": {"29-9002.00", "15-9001.01"},
			"15-9001.01": {"15-9001.00", "15-9001.02"},
			"47-9003.00": {"29-9002.00"},
			"53-9004.00": nil,
		}
		for id, w := range want {
			if got := cs[id].Related; !slices.Equal(got, w) {
				t.Errorf("%s related = %q, want %q", id, got, w)
			}
		}
		if res.Stats.RelatedDropped != 3 {
			t.Errorf("related dropped = %d, want 3", res.Stats.RelatedDropped)
		}
	})

	t.Run("ClusterCategories", func(t *testing.T) {
		want := map[string]string{
			"15-9001.00": "Information Technology",
			// listed as "Finance; Information Technology": the cluster
			// of its major group's single-cluster occupations wins.
			"15-9001.01": "Information Technology",
			// missing from the file: its SOC siblings' cluster.
			"15-9001.02": "Information Technology",
			"29-9002.00": "Health Science",
			"47-9003.00": "Architecture & Construction",
			// missing and no sibling: its SOC major group.
			"53-9004.00": "Transportation and Material Moving Occupations",
		}
		for id, w := range want {
			if got := cs[id].Category; got != w {
				t.Errorf("%s category = %q, want %q", id, got, w)
			}
		}
		st := res.Stats
		if !slices.Equal(st.ClustersInferred, []string{"15-9001.02"}) || !slices.Equal(st.ClustersFallback, []string{"53-9004.00"}) {
			t.Errorf("inferred %v, fallback %v", st.ClustersInferred, st.ClustersFallback)
		}
		if st.Categories != 4 || st.CategoryScheme != "career clusters" {
			t.Errorf("categories = %d %s", st.Categories, st.CategoryScheme)
		}
		if !strings.Contains(cs["15-9001.00"].Source.Attribution, "Career clusters from O*NET OnLine") {
			t.Errorf("attribution does not credit the cluster file: %q", cs["15-9001.00"].Source.Attribution)
		}
	})

	t.Run("Source", func(t *testing.T) {
		s := cs["29-9002.00"].Source
		if s == nil || s.Dataset != "O*NET 30.1 Database" || s.License != "CC BY 4.0" || s.URL == "" ||
			!strings.Contains(s.Attribution, "USDOL/ETA") {
			t.Fatalf("source = %+v", s)
		}
		if s == cs["15-9001.00"].Source {
			t.Error("careers share one *Source")
		}
	})

	t.Run("Skills", func(t *testing.T) {
		// In demand first, then hot technologies, then the rest, each in
		// file order; tools after technologies.
		want := []career.Skill{
			{Name: "Microsoft Excel", HotTechnology: true, InDemand: true},
			{Name: "C++", HotTechnology: true},
			{Name: "PuzzleForge Studio"},
			{Name: "Stopwatches"},
			{Name: "Padlocks"},
		}
		if got := cs["15-9001.00"].Skills; !reflect.DeepEqual(got, want) {
			t.Errorf("skills =\n%+v\nwant\n%+v", got, want)
		}
		// Listed twice (once in other case): kept once, with both flags.
		want = []career.Skill{{Name: "microsoft excel", HotTechnology: true, InDemand: true}, {Name: "R", HotTechnology: true}}
		if got := cs["15-9001.01"].Skills; !reflect.DeepEqual(got, want) {
			t.Errorf("merged skills =\n%+v\nwant\n%+v", got, want)
		}
		if len(cs["53-9004.00"].Skills) != 0 {
			t.Errorf("an occupation without skill rows has skills %v", cs["53-9004.00"].Skills)
		}
		st := res.Stats
		if st.Technologies != 6 || st.Tools != 5 || st.SkillsMerged != 1 || st.HotTechnologies != 4 || st.InDemand != 2 {
			t.Errorf("skill stats: technologies %d tools %d merged %d hot %d in demand %d", st.Technologies, st.Tools, st.SkillsMerged, st.HotTechnologies, st.InDemand)
		}
	})

	t.Run("Stats", func(t *testing.T) {
		st := res.Stats
		if st.Occupations != 6 || st.CoreTasks != 8 || st.SupplementalTasks != 3 || st.UnratedTasks != 1 ||
			st.WithoutTasks != 1 || st.JobZones != 5 || st.Related != 7 {
			t.Errorf("stats = %+v", st)
		}
	})
}

// NoSkills imports no skill and never opens the two files.
func TestImportOnetNoSkills(t *testing.T) {
	dir := copyFixture(t)
	os.Remove(filepath.Join(dir, fileTechnology))
	os.Remove(filepath.Join(dir, fileTools))
	res, err := Import(dir, Options{NoSkills: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range res.Careers {
		if len(c.Skills) > 0 {
			t.Errorf("%s has skills %v", c.ID, c.Skills)
		}
	}
}

func TestImportOnetSOCMajorGroups(t *testing.T) {
	cs := byID(importFixture(t, Options{}))
	want := map[string]string{
		"15-9001.00": "Computer and Mathematical Occupations",
		"15-9001.01": "Computer and Mathematical Occupations",
		"29-9002.00": "Healthcare Practitioners and Technical Occupations",
		"47-9003.00": "Construction and Extraction Occupations",
		"53-9004.00": "Transportation and Material Moving Occupations",
	}
	for id, w := range want {
		if got := cs[id].Category; got != w {
			t.Errorf("%s category = %q, want %q", id, got, w)
		}
	}
	if strings.Contains(cs["15-9001.00"].Source.Attribution, "Career clusters") {
		t.Error("attribution credits a cluster file that was not read")
	}
}

func TestImportOnetSOCTableHas23Groups(t *testing.T) {
	if len(socMajorGroups) != 23 {
		t.Errorf("%d SOC major groups, want 23", len(socMajorGroups))
	}
}

func TestImportOnetNoAliases(t *testing.T) {
	res := importFixture(t, Options{NoAliases: true})
	for _, c := range res.Careers {
		if len(c.Aliases) != 0 {
			t.Errorf("%s has aliases %q with NoAliases", c.ID, c.Aliases)
		}
	}
	if res.Stats.Aliases != 0 {
		t.Errorf("stats aliases = %d", res.Stats.Aliases)
	}
}

func TestImportOnetReadMeNamesRelease(t *testing.T) {
	dir := copyFixture(t)
	writeFile(t, filepath.Join(dir, fileReadMe), "O*NET 31.0 Database\r\nJune 2026 Release\r\n------\r\n")
	res, err := Import(dir, Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Careers[0].Source
	if s.Dataset != "O*NET 31.0 Database" || s.Release != "June 2026 Release" || !strings.Contains(s.Attribution, "O*NET 31.0 Database") {
		t.Errorf("source = %+v", s)
	}
}

// recordFS records every name opened.
type recordFS struct {
	fs.FS
	mu     sync.Mutex
	opened []string
}

func (r *recordFS) Open(name string) (fs.File, error) {
	r.mu.Lock()
	r.opened = append(r.opened, name)
	r.mu.Unlock()
	return r.FS.Open(name)
}

// The relevance benchmarks' judgements must never reach the corpus, so the
// importer must not even open their files.
func TestImportOnetReadsOnlyItsFiles(t *testing.T) {
	fsys := fstest.MapFS{}
	for _, name := range []string{fileOccupations, fileTasks, fileAltTitles, fileJobZones, fileRelated, fileTechnology, fileTools} {
		data, err := os.ReadFile(filepath.Join(fixtureDir, name))
		if err != nil {
			t.Fatal(err)
		}
		fsys[name] = &fstest.MapFile{Data: data}
	}
	for _, name := range []string{"Sample of Reported Titles.txt", "DWA Reference.txt", "Tasks to DWAs.txt", "IWA Reference.txt"} {
		fsys[name] = &fstest.MapFile{Data: []byte("O*NET-SOC Code\tX\r\n15-9001.00\tsecret\r\n")}
	}
	rec := &recordFS{FS: fsys}
	if _, err := importFS(rec, "", Options{}); err != nil {
		t.Fatal(err)
	}
	allowed := []string{fileReadMe, fileOccupations, fileTasks, fileAltTitles, fileJobZones, fileRelated, fileTechnology, fileTools}
	for _, name := range rec.opened {
		if !slices.Contains(allowed, name) {
			t.Errorf("opened %q", name)
		}
	}
}

// Every fixture career formats into a file that the corpus parser reads back
// unchanged and without problems under the imported rules.
func TestImportOnetFixturesFormatAndParse(t *testing.T) {
	res := importFixture(t, Options{ClustersFile: fixtureClusters})
	checkFormatParse(t, res.Careers)
}

func checkFormatParse(t *testing.T, careers []*career.Career) {
	t.Helper()
	var docs []*corpus.Doc
	var probs career.Problems
	for _, c := range careers {
		data, err := corpus.Format(c)
		if err != nil {
			t.Fatal(err)
		}
		doc, ps := corpus.Parse(c.ID+".md", data, corpus.Imported)
		probs = append(probs, ps...)
		if len(ps) == 0 && !reflect.DeepEqual(doc.Career, c) {
			t.Errorf("%s does not read back as written:\n got %+v\nwant %+v", c.ID, doc.Career, c)
		}
		docs = append(docs, doc)
	}
	probs = append(probs, corpus.CrossCheck(docs)...)
	const show = 10
	for i, p := range probs {
		if i == show {
			t.Errorf("… and %d more", len(probs)-show)
			break
		}
		t.Errorf("problem: %s", p)
	}
}

func TestImportOnetMalformed(t *testing.T) {
	const (
		occ  = fileOccupations
		task = fileTasks
		alt  = fileAltTitles
		jz   = fileJobZones
		rel  = fileRelated
		clu  = "clusters.csv"
	)
	tests := []struct {
		name   string
		mutate func(t *testing.T, dir string)
		file   string
		line   int
		msg    string
	}{
		{"MissingFile", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, jz)) }, jz, 0, "missing"},
		{"MissingClustersFile", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, clu)) }, clu, 0, "cannot open"},
		{"EmptyFile", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, occ), "") }, occ, 1, "no header row"},
		{"WrongHeader", func(t *testing.T, dir string) {
			setLine(t, dir, task, 1, "O*NET-SOC Code\tTask ID\tTask\tTask Kind\tIncumbents Responding\tDate\tDomain Source")
		}, task, 1, `no "Task Type" column`},
		{"WrongHeaderClusters", func(t *testing.T, dir string) {
			setLine(t, dir, clu, 1, "Cluster,Career Pathway,Code,Occupation")
		}, clu, 1, `no "Career Cluster" column`},
		{"TooManyFields", func(t *testing.T, dir string) {
			setLine(t, dir, alt, 3, "15-9001.00\tEscape Room Designer\tn/a\t10\textra")
		}, alt, 3, "5 fields, the header has 4"},
		{"TooFewFields", func(t *testing.T, dir string) {
			setLine(t, dir, occ, 4, "15-9001.02\tGlyph Wranglers")
		}, occ, 4, "2 fields, the header has 3"},
		{"BlankLine", func(t *testing.T, dir string) { setLine(t, dir, jz, 3, "") }, jz, 3, "1 fields, the header has 4"},
		{"WrongFieldCountClusters", func(t *testing.T, dir string) {
			setLine(t, dir, clu, 4, "Health Science,29-9002.00,Tide Pool Therapists")
		}, clu, 4, "wrong number of fields"},
		{"UnknownCodeTasks", func(t *testing.T, dir string) {
			setLine(t, dir, task, 5, "15-9001.09\t90004\tEstimate solving times.\tCore\t41\t08/2024\tIncumbent")
		}, task, 5, `unknown O*NET-SOC code "15-9001.09"`},
		{"UnknownCodeAltTitles", func(t *testing.T, dir string) {
			setLine(t, dir, alt, 12, "53-9004.01\tHot Air Balloon Pilot\tn/a\t08")
		}, alt, 12, `unknown O*NET-SOC code "53-9004.01"`},
		{"UnknownCodeJobZones", func(t *testing.T, dir string) { setLine(t, dir, jz, 2, "11-1011.00\t4\t08/2024\tAnalyst") }, jz, 2, "unknown O*NET-SOC code"},
		{"UnknownCodeRelated", func(t *testing.T, dir string) {
			setLine(t, dir, rel, 6, "99-9999.00\t15-9001.00\tPrimary-Short\t1")
		}, rel, 6, `unknown O*NET-SOC code "99-9999.00"`},
		{"UnknownCodeClusters", func(t *testing.T, dir string) {
			setLine(t, dir, clu, 5, "Architecture & Construction,Construction,47-9003.09,Lantern Installers")
		}, clu, 5, `unknown O*NET-SOC code "47-9003.09"`},
		{"DuplicateCodeClusters", func(t *testing.T, dir string) {
			setLine(t, dir, clu, 5, "Architecture & Construction,Construction,29-9002.00,Tide Pool Therapists")
		}, clu, 5, "listed twice (first on line 4)"},
		{"NotACode", func(t *testing.T, dir string) { setLine(t, dir, occ, 3, "15-9001.1\tCipher Analysts\tBreak ciphers.") }, occ, 3, "not an O*NET-SOC code"},
		{"NotAMajorGroup", func(t *testing.T, dir string) { setLine(t, dir, occ, 3, "98-9001.01\tCipher Analysts\tBreak ciphers.") }, occ, 3, "not a SOC major group"},
		{"DuplicateOccupation", func(t *testing.T, dir string) { setLine(t, dir, occ, 3, "15-9001.00\tCipher Analysts\tBreak ciphers.") }, occ, 3, "listed twice (first on line 2)"},
		{"EmptyDescription", func(t *testing.T, dir string) { setLine(t, dir, occ, 3, "15-9001.01\tCipher Analysts\t ") }, occ, 3, "no Description"},
		{"BadTaskType", func(t *testing.T, dir string) {
			setLine(t, dir, task, 2, "15-9001.00\t90001\tDraft puzzle rules.\tOptional\t41\t08/2024\tIncumbent")
		}, task, 2, `Task Type "Optional"`},
		{"EmptyTask", func(t *testing.T, dir string) {
			setLine(t, dir, task, 2, "15-9001.00\t90001\t\tCore\t41\t08/2024\tIncumbent")
		}, task, 2, "empty Task"},
		{"BadJobZone", func(t *testing.T, dir string) { setLine(t, dir, jz, 4, "15-9001.02\t6\t08/2024\tAnalyst") }, jz, 4, `Job Zone "6"`},
		{"SecondJobZone", func(t *testing.T, dir string) { setLine(t, dir, jz, 4, "15-9001.00\t3\t08/2024\tAnalyst") }, jz, 4, "second job zone for 15-9001.00 (first on line 2)"},
		{"BadRelatedIndex", func(t *testing.T, dir string) {
			setLine(t, dir, rel, 2, "15-9001.00\t15-9001.01\tPrimary-Short\tfirst")
		}, rel, 2, `Index "first"`},
		{"InvalidUTF8", func(t *testing.T, dir string) { setLine(t, dir, alt, 2, "15-9001.00\tPuzzle \xffDesigner\tn/a\t02") }, alt, 2, "not valid UTF-8"},
		{"MissingTechnology", func(t *testing.T, dir string) { os.Remove(filepath.Join(dir, fileTechnology)) }, fileTechnology, 0, "missing"},
		{"BadHotTechnology", func(t *testing.T, dir string) {
			setLine(t, dir, fileTechnology, 3, "15-9001.00\tMicrosoft Excel\t43232110\tSpreadsheet software\tYes\tY")
		}, fileTechnology, 3, `Hot Technology "Yes": want Y or N`},
		{"BadInDemand", func(t *testing.T, dir string) {
			setLine(t, dir, fileTechnology, 3, "15-9001.00\tMicrosoft Excel\t43232110\tSpreadsheet software\tY\t")
		}, fileTechnology, 3, `In Demand "": want Y or N`},
		{"EmptyExample", func(t *testing.T, dir string) {
			setLine(t, dir, fileTools, 2, "15-9001.00\t \t41111901\tTimers")
		}, fileTools, 2, "empty Example"},
		{"UnknownCodeTools", func(t *testing.T, dir string) {
			setLine(t, dir, fileTools, 2, "15-9009.00\tStopwatches\t41111901\tTimers")
		}, fileTools, 2, `unknown O*NET-SOC code "15-9009.00"`},
		{"BadReadMe", func(t *testing.T, dir string) { writeFile(t, filepath.Join(dir, fileReadMe), "Hello\n") }, fileReadMe, 1, "release's name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := copyFixture(t)
			tt.mutate(t, dir)
			_, err := Import(dir, Options{ClustersFile: filepath.Join(dir, clu)})
			var ie *InputError
			if !errors.As(err, &ie) {
				t.Fatalf("err = %v (%T), want *InputError", err, err)
			}
			if filepath.Base(ie.File) != tt.file || ie.Line != tt.line {
				t.Errorf("error at %s:%d, want %s:%d (%v)", filepath.Base(ie.File), ie.Line, tt.file, tt.line, err)
			}
			if !strings.Contains(ie.Msg, tt.msg) {
				t.Errorf("message %q does not contain %q", ie.Msg, tt.msg)
			}
			// The message names the file, with its directory, and the line.
			want := filepath.Join(dir, tt.file)
			if tt.line > 0 {
				want += ":" + strconv.Itoa(tt.line) + ":"
			}
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not name %q", err, want)
			}
			if tt.name == "MissingFile" && !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("missing file: errors.Is(err, fs.ErrNotExist) is false")
			}
		})
	}
}

// copyFixture copies the fixture database and cluster file into a temporary
// directory that a test may change.
func copyFixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	entries, err := os.ReadDir(fixtureDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		copyFile(t, filepath.Join(fixtureDir, e.Name()), filepath.Join(dir, e.Name()))
	}
	copyFile(t, fixtureClusters, filepath.Join(dir, "clusters.csv"))
	return dir
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}

func writeFile(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(name, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// setLine replaces line n (1-based) of a file, keeping its line ending.
func setLine(t *testing.T, dir, file string, n int, text string) {
	t.Helper()
	name := filepath.Join(dir, file)
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(string(data), "\n")
	if n < 1 || n > len(lines) {
		t.Fatalf("%s has no line %d", file, n)
	}
	end := "\n"
	if strings.HasSuffix(lines[n-1], "\r\n") {
		end = "\r\n"
	}
	lines[n-1] = text + end
	writeFile(t, name, strings.Join(lines, ""))
}
