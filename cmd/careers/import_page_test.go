package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// pageTestdata holds the page parser's hand-written test pages.
var pageTestdata = filepath.Join("..", "..", "internal", "importer", "page", "testdata")

func testPage(name string) string { return filepath.Join(pageTestdata, name) }

// runImportPage runs `careers import page args...` in-process. getenv sees
// only the given variables, so the machine's CAREERS_* do not leak in.
func runImportPage(t *testing.T, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string { return vars[k] }
	err = run(context.Background(), append([]string{"import", "page"}, args...), getenv, &out, &errb)
	return out.String(), errb.String(), err
}

// readCareer parses a written file with the corpus parser and fails the
// test on any problem.
func readCareer(t *testing.T, path string) *career.Career {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	doc, probs := corpus.Parse(path, data, corpus.Imported)
	if len(probs) > 0 {
		t.Fatalf("%s does not parse:\n%v\n%s", path, probs, data)
	}
	return doc.Career
}

func TestImportPageCommand(t *testing.T) {
	out := t.TempDir()
	stdout, stderr, err := runImportPage(t, nil, "--out", out,
		testPage("wind-turbine-technician.txt"), testPage("archivist-crlf.txt"),
		testPage("broken-no-summary.txt"), testPage("orthoptist-case.txt"),
		testPage("glassblower-no-workplace.txt"), testPage("broken-no-duties.txt"))
	if !errors.Is(err, errReported) {
		t.Fatalf("err = %v, want errReported for the broken pages\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}

	want := map[string]struct {
		title, category string
		duties, types   int
		workplace       bool
	}{
		"wind-turbine-technician.md": {"Wind Turbine Technician", "Field & Maintenance Roles", 5, 3, true},
		"archivist.md":               {"Archivist", "Records & Heritage Roles", 4, 3, true},
		"orthoptist.md":              {"Orthoptist", "Eye Care Roles", 4, 3, true},
		"glassblower.md":             {"Glassblower", "Hot Shop Roles", 3, 0, false},
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(want) {
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		t.Errorf("files in --out: %v, want the %d good pages only", got, len(want))
	}
	for name, w := range want {
		c := readCareer(t, filepath.Join(out, name))
		if c.ID+".md" != name || c.Title != w.title || c.Category != w.category ||
			len(c.Duties) != w.duties || len(c.Specialisations) != w.types || (c.Workplace != "") != w.workplace {
			t.Errorf("%s: got %s %q [%s] %d duties %d types workplace=%v", name, c.ID, c.Title, c.Category,
				len(c.Duties), len(c.Specialisations), c.Workplace != "")
		}
		if !strings.Contains(stdout, "wrote "+filepath.Join(out, name)+": "+w.title) {
			t.Errorf("output does not report writing %s:\n%s", name, stdout)
		}
	}

	for _, frag := range []string{
		"broken-no-summary.txt: summary: no summary section",
		"broken-no-duties.txt: duties: no duties section",
	} {
		if !strings.Contains(stderr, frag) {
			t.Errorf("stderr lacks %q:\n%s", frag, stderr)
		}
	}
	for _, frag := range []string{
		"dropped line 26 (promotional): Good technicians are calm",
		"Solar Panel Installer [Field & Maintenance Roles] (listed by " + testPage("wind-turbine-technician.txt") + ")",
		"Curator [Museum Careers]",
		"Blacksmith [Hot Shop Roles]",
		"4 written, 0 skipped, 2 failed",
	} {
		if !strings.Contains(stdout, frag) {
			t.Errorf("stdout lacks %q:\n%s", frag, stdout)
		}
	}
	// Careers that the navigation names and that were imported in the same
	// run are not missing; a listed career appears once however many pages
	// list it.
	missing := stdout[strings.Index(stdout, "listed in the pages' navigation"):]
	for _, title := range []string{"Orthoptist", "Archivist", "Glassblower", "Wind Turbine Technician"} {
		if strings.Contains(missing, "  "+title+" [") {
			t.Errorf("%s reported missing although it was imported:\n%s", title, missing)
		}
	}
	if n := strings.Count(missing, "Solar Panel Installer"); n != 1 {
		t.Errorf("Solar Panel Installer listed %d times:\n%s", n, missing)
	}
}

func TestImportPageForce(t *testing.T) {
	out := t.TempDir()
	page := testPage("archivist-crlf.txt")
	path := filepath.Join(out, "archivist.md")
	if _, stderr, err := runImportPage(t, nil, "--out", out, page); err != nil {
		t.Fatalf("first import: %v\n%s", err, stderr)
	}
	original, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	edited := []byte("hand edits that must survive\n")
	if err := os.WriteFile(path, edited, 0o644); err != nil {
		t.Fatal(err)
	}

	t.Run("SkipsExistingFile", func(t *testing.T) {
		stdout, stderr, err := runImportPage(t, nil, "--out", out, page)
		if err != nil {
			t.Fatalf("a skipped page is not a failure: %v\n%s", err, stderr)
		}
		if !strings.Contains(stdout, "skipped "+page+": "+path+" exists (--force overwrites it)") ||
			!strings.Contains(stdout, "0 written, 1 skipped, 0 failed") {
			t.Errorf("stdout:\n%s", stdout)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, edited) {
			t.Errorf("file overwritten without --force:\n%s", got)
		}
	})
	t.Run("ForceOverwrites", func(t *testing.T) {
		stdout, stderr, err := runImportPage(t, nil, "--out", out, "--force", page)
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		if got, _ := os.ReadFile(path); !bytes.Equal(got, original) {
			t.Errorf("--force wrote\n%s\nwant\n%s", got, original)
		}
		if !strings.Contains(stdout, "1 written") {
			t.Errorf("stdout:\n%s", stdout)
		}
		readCareer(t, path)
		if entries, _ := os.ReadDir(out); len(entries) != 1 {
			t.Errorf("left behind: %v", entries)
		}
	})
	t.Run("ForceKeepsIDsUnique", func(t *testing.T) {
		// The same career under another name in --out: writing
		// archivist.md beside it would give two careers one id.
		sub := filepath.Join(out, "heritage")
		os.MkdirAll(sub, 0o755)
		if err := os.Rename(path, filepath.Join(sub, "kept.md")); err != nil {
			t.Fatal(err)
		}
		stdout, _, err := runImportPage(t, nil, "--out", out, "--force", page)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(stdout, `id "archivist" is already used by `+filepath.Join(sub, "kept.md")) {
			t.Errorf("stdout:\n%s", stdout)
		}
		if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
			t.Errorf("%s written beside a career with the same id", path)
		}
	})
}

func TestImportPageCategory(t *testing.T) {
	out := t.TempDir()
	page := testPage("arborist-no-nav.txt")
	path := filepath.Join(out, "arborist.md")

	stdout, stderr, err := runImportPage(t, nil, "--out", out, page)
	if !errors.Is(err, errReported) || !strings.Contains(stderr, "arborist-no-nav.txt: category: none: the page's navigation does not list \"Arborist\" under a category heading; give one with --category") {
		t.Fatalf("err = %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
	if _, err := os.Stat(path); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("%s written without a category", path)
	}

	if _, stderr, err := runImportPage(t, nil, "--out", out, "--category", "Tree Care Roles", page); err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	if c := readCareer(t, path); c.Category != "Tree Care Roles" || len(c.Duties) != 2 {
		t.Errorf("got %+v", c)
	}

	// The navigation's category wins over --category.
	stdout, _, err = runImportPage(t, nil, "--out", out, "--category", "Tree Care Roles", testPage("glassblower-no-workplace.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if c := readCareer(t, filepath.Join(out, "glassblower.md")); c.Category != "Hot Shop Roles" {
		t.Errorf("category = %q", c.Category)
	}
	if !strings.Contains(stdout, `--category "Tree Care Roles" not used`) {
		t.Errorf("stdout:\n%s", stdout)
	}
}

func TestImportPageDefaultOut(t *testing.T) {
	// Without --out, pages go to the first corpus directory, and careers
	// already there count as present.
	dir := filepath.Join(t.TempDir(), "corpus")
	os.MkdirAll(dir, 0o755)
	held := "---\nid: records-manager\ntitle: Records Manager\ncategory: Records & Heritage Roles\naliases:\n  - Records Officer\n---\n\n## Summary\n\nKeeps records.\n\n## Duties\n\n- **Filing**: Files records.\n"
	if err := os.WriteFile(filepath.Join(dir, "records-manager.md"), []byte(held), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, err := runImportPage(t, map[string]string{"CAREERS_CORPUS_DIRS": dir}, testPage("archivist-crlf.txt"))
	if err != nil {
		t.Fatalf("%v\n%s", err, stderr)
	}
	readCareer(t, filepath.Join(dir, "archivist.md"))
	if strings.Contains(stdout, "Records Manager [") || !strings.Contains(stdout, "Conservator [Records & Heritage Roles]") {
		t.Errorf("missing careers wrong:\n%s", stdout)
	}
}

func TestImportPageArgs(t *testing.T) {
	if _, _, err := runImportPage(t, nil, "--out", t.TempDir()); err == nil {
		t.Error("no FILE accepted")
	}
	file := filepath.Join(t.TempDir(), "file")
	os.WriteFile(file, nil, 0o644)
	if _, _, err := runImportPage(t, nil, "--out", file, testPage("archivist-crlf.txt")); err == nil || !strings.Contains(err.Error(), "is not a directory") {
		t.Errorf("--out a file: err = %v", err)
	}
	stdout, stderr, err := runImportPage(t, nil, "--out", t.TempDir(), filepath.Join(t.TempDir(), "nope.txt"), testPage("archivist-crlf.txt"))
	if !errors.Is(err, errReported) || !strings.Contains(stderr, "nope.txt") || !strings.Contains(stdout, "1 written, 0 skipped, 1 failed") {
		t.Errorf("unreadable page: err = %v\nstdout:\n%s\nstderr:\n%s", err, stdout, stderr)
	}
}

// TestImportedPageIndexesBesideHandwritten: a page imported into a folder
// of the shipped corpus is indexed by a plain `careers index` with the
// default configuration, checked by the imported rules, while the
// hand-written careers are still checked by the editorial rules (a
// hand-written file that breaks them still stops the build, and the
// problem names the rules).
func TestImportedPageIndexesBesideHandwritten(t *testing.T) {
	root := t.TempDir()
	corpusDir := filepath.Join(root, "corpus")
	if err := os.CopyFS(corpusDir, os.DirFS("../../corpus")); err != nil {
		t.Fatal(err)
	}
	base := []string{"CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", filepath.Join(root, "index")}
	if _, stderr, err := runCmd(t, env(base...), "import", "page", testPage("wind-turbine-technician.txt"),
		"--out", filepath.Join(corpusDir, "imported")); err != nil {
		t.Fatalf("import page: %v\n%s", err, stderr)
	}
	out, stderr, err := runCmd(t, env(base...), "index")
	if err != nil {
		t.Fatalf("index with an imported page beside the hand-written careers: %v\n%s", err, stderr)
	}
	if !strings.Contains(out, "indexed 55 careers") {
		t.Errorf("index: %s, want 55 careers (54 hand-written and the page)", out)
	}
	out, _, err = runCmd(t, env(base...), "search", "--json", "wind turbine")
	if err != nil || !strings.Contains(out, `"id": "wind-turbine-technician"`) && !strings.Contains(out, `"id":"wind-turbine-technician"`) {
		t.Errorf("search for the imported page: %v\n%s", err, out)
	}
	out, _, err = runCmd(t, env(base...), "check")
	if err != nil || !strings.Contains(out, "54 hand-written (editorial rules)") || !strings.Contains(out, "1 imported (imported rules)") {
		t.Errorf("check: %v\n%s", err, out)
	}

	// A hand-written career that loses its aliases breaks the editorial
	// rules: the build stops and says which rules.
	hand := filepath.Join(corpusDir, "research-data", "ai-data-analyst.md")
	data, err := os.ReadFile(hand)
	if err != nil {
		t.Fatal(err)
	}
	i := strings.Index(string(data), "aliases:")
	j := strings.Index(string(data), "related:")
	if i < 0 || j < i {
		t.Fatalf("%s: no aliases before related", hand)
	}
	if err := os.WriteFile(hand, append(data[:i:i], data[j:]...), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, err = runCmd(t, env(base...), "index")
	if err == nil || !strings.Contains(stderr, "ai-data-analyst.md:1: aliases: at least 1 required, got 0 (editorial rules)") {
		t.Errorf("index with a hand-written career without aliases: %v\n%s", err, stderr)
	}
}
