package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/corpus"
)

// The importer's made-up fixture (seven occupations, extracted CSV files).
var escoFixture = filepath.Join("..", "..", "internal", "importer", "esco", "testdata", "csv")

func runEsco(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), append([]string{"import", "esco"}, args...), getenv, &out, &errb)
	return out.String(), errb.String(), err
}

func TestImportEscoCommand(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "esco")
	stdout, stderr, err := runEsco(t, escoFixture, "--out", out)
	if err != nil {
		t.Fatalf("import esco: %v\nstderr: %s", err, stderr)
	}
	want := "esco-crepe-maker.md esco-forklift-operator-2.md esco-forklift-operator.md esco-game-developer.md esco-pipe-welder.md esco-software-developer.md esco-welder.md"
	if got := strings.Join(mdFiles(t, out), " "); got != want {
		t.Fatalf("files = %s, want %s", got, want)
	}
	if got := mdFiles(t, parent); len(got) != 1 {
		t.Errorf("left beside --out: %v", got)
	}
	for _, frag := range []string{"imported 7 occupations", "14 essential, 5 optional (12 distinct); 1 repeated links skipped",
		"9 (1 repeating a label skipped)", "3 ISCO-08 major groups", "4 links", "2 links to 1 concepts", "1 labels shared a slug"} {
		if !strings.Contains(stdout, frag) {
			t.Errorf("output lacks %q:\n%s", frag, stdout)
		}
	}
	// A corpus directory read with the editorial rules holds imported
	// careers to the imported profile.
	loaded, err := corpus.Load([]string{out}, corpus.Editorial, nil)
	if err != nil || len(loaded.Problems) > 0 || len(loaded.Docs) != 7 {
		t.Fatalf("load: %v, %d docs, problems %v", err, len(loaded.Docs), loaded.Problems)
	}
	data, err := os.ReadFile(filepath.Join(out, "esco-software-developer.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{"title: Software developer\n", "category: Professionals\n", "This service uses the ESCO classification of the European Commission.",
		"\n## Skills\n\n- **debug software**\n- **Python**\n- **SQL**\n- **C\\#** (optional)\n- **C++** (optional)\n"} {
		if !strings.Contains(string(data), frag) {
			t.Errorf("file lacks %q:\n%s", frag, data)
		}
	}

	// A second import into the same --out needs --force.
	if _, _, err := runEsco(t, escoFixture, "--out", out); err == nil || !strings.Contains(err.Error(), "not empty; use --force") {
		t.Errorf("second import without --force: %v", err)
	}
	if _, stderr, err := runEsco(t, escoFixture, "--out", out, "--force"); err != nil {
		t.Errorf("--force over a previous import: %v\n%s", err, stderr)
	}
	// --force never replaces a directory some other hand filled.
	os.WriteFile(filepath.Join(out, "notes.md"), []byte("mine"), 0o644)
	if _, _, err := runEsco(t, escoFixture, "--out", out, "--force"); err == nil || !strings.Contains(err.Error(), "holds notes.md, which no ESCO import wrote") {
		t.Errorf("--force over a foreign file: %v", err)
	}
}

func TestImportEscoBadInputWritesNothing(t *testing.T) {
	src := t.TempDir()
	for _, n := range []string{"occupations_en.csv", "skills_en.csv", "ISCOGroups_en.csv", "broaderRelationsOccPillar.csv"} {
		data, err := os.ReadFile(filepath.Join(escoFixture, n))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(src, n), data, 0o644)
	}
	out := filepath.Join(t.TempDir(), "esco")
	_, _, err := runEsco(t, src, "--out", out)
	if err == nil || !strings.Contains(err.Error(), "occupationSkillRelations.csv: missing") {
		t.Errorf("got %v", err)
	}
	if _, err := os.Stat(out); !os.IsNotExist(err) {
		t.Errorf("--out was created: %v", err)
	}
}

// BenchmarkImportEscoCommand is `careers import esco` on the whole of ESCO
// 1.1.1: read, format, read back and write 3,007 files (the target
// is under 10 s).
func BenchmarkImportEscoCommand(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "esco-1.1.1")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("SKIPPED: the real ESCO data is not here (%v)", err)
	}
	getenv := func(string) string { return "" }
	for b.Loop() {
		out := filepath.Join(b.TempDir(), "esco")
		var stdout, stderr bytes.Buffer
		if err := run(context.Background(), []string{"import", "esco", dir, "--out", out}, getenv, &stdout, &stderr); err != nil {
			b.Fatalf("%v\n%s", err, stderr.String())
		}
	}
}

// TestIndexOnetAndEscoTogether imports the O*NET and ESCO fixtures into
// two directories and builds one index of both: their ids never collide,
// and a search answers from each.
func TestIndexOnetAndEscoTogether(t *testing.T) {
	parent := t.TempDir()
	onetOut, escoOut := filepath.Join(parent, "onet"), filepath.Join(parent, "esco")
	if _, stderr, err := runOnet(t, onetFixture, "--out", onetOut); err != nil {
		t.Fatalf("import onet: %v\n%s", err, stderr)
	}
	if _, stderr, err := runEsco(t, escoFixture, "--out", escoOut); err != nil {
		t.Fatalf("import esco: %v\n%s", err, stderr)
	}
	indexDir := filepath.Join(parent, "index")
	getenv := env("CAREERS_CORPUS_DIRS", onetOut+","+escoOut, "CAREERS_INDEX_PATH", indexDir)
	if out, errOut, err := runCmd(t, getenv, "index"); err != nil || !strings.Contains(out, "indexed 13 careers") {
		t.Fatalf("index: %v\n%s\n%s", err, out, errOut)
	}
	for query, id := range map[string]string{"welder": "esco-welder", "crêpe": "esco-crepe-maker", "lantern": "47-9003.00"} {
		out, _, err := runCmd(t, getenv, "search", "--json", query)
		if err != nil || !strings.Contains(out, `"id": "`+id+`"`) {
			t.Errorf("search %q: %v, want %s in\n%.500s", query, err, id, out)
		}
	}
}
