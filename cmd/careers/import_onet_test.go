package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/corpus"
)

// The importer's made-up fixture database (six occupations) and cluster file.
var (
	onetFixture         = filepath.Join("..", "..", "internal", "importer", "onet", "testdata", "onet")
	onetFixtureClusters = filepath.Join("..", "..", "internal", "importer", "onet", "testdata", "clusters.csv")
)

func runOnet(t *testing.T, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(string) string { return "" }
	err = run(context.Background(), append([]string{"import", "onet"}, args...), getenv, &out, &errb)
	return out.String(), errb.String(), err
}

func mdFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	sort.Strings(names)
	return names
}

func TestImportOnetCommand(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "x")
	stdout, stderr, err := runOnet(t, onetFixture, "--clusters", onetFixtureClusters, "--out", out)
	if err != nil {
		t.Fatalf("import onet: %v\nstderr: %s", err, stderr)
	}
	want := []string{"15-9001.00.md", "15-9001.01.md", "15-9001.02.md", "29-9002.00.md", "47-9003.00.md", "53-9004.00.md"}
	if got := mdFiles(t, out); strings.Join(got, " ") != strings.Join(want, " ") {
		t.Fatalf("files = %v, want %v", got, want)
	}
	if got := mdFiles(t, parent); len(got) != 1 {
		t.Errorf("left beside --out: %v", got)
	}
	for _, frag := range []string{"imported 6 occupations", "12 (8 core, 3 supplemental, 1 not rated)", "9 (2 repeating",
		"4 career clusters", "took their SOC siblings' (15-9001.02)", "use their SOC major group (53-9004.00)", "O*NET 30.1 Database"} {
		if !strings.Contains(stdout, frag) {
			t.Errorf("output lacks %q:\n%s", frag, stdout)
		}
	}

	loaded, err := corpus.Load([]string{out}, corpus.Imported, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Problems) > 0 || len(loaded.Docs) != 6 {
		t.Fatalf("%d docs, problems:\n%v", len(loaded.Docs), loaded.Problems)
	}
	// A hand-written corpus directory read with the editorial rules holds
	// imported careers to the imported profile.
	loaded, err = corpus.Load([]string{out}, corpus.Editorial, nil)
	if err != nil || len(loaded.Problems) > 0 {
		t.Fatalf("editorial load: %v %v", err, loaded.Problems)
	}
	data, err := os.ReadFile(filepath.Join(out, "47-9003.00.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, frag := range []string{"category: Architecture & Construction", "job_zone: 2", "license: CC BY 4.0",
		"- **Core task**: Mount lanterns", "- **Supplemental task**: Replace worn wiring"} {
		if !bytes.Contains(data, []byte(frag)) {
			t.Errorf("47-9003.00.md lacks %q:\n%s", frag, data)
		}
	}

	t.Run("RefusesNonEmptyOut", func(t *testing.T) {
		before := mdFiles(t, out)
		_, _, err := runOnet(t, onetFixture, "--out", out, "--no-aliases")
		if err == nil || !strings.Contains(err.Error(), "--force") {
			t.Fatalf("err = %v, want a refusal naming --force", err)
		}
		if got := mdFiles(t, out); len(got) != len(before) {
			t.Errorf("files changed: %v", got)
		}
	})

	t.Run("ForceReplacesImport", func(t *testing.T) {
		stdout, stderr, err := runOnet(t, onetFixture, "--out", out, "--no-aliases", "--force")
		if err != nil {
			t.Fatalf("%v\n%s", err, stderr)
		}
		if !strings.Contains(stdout, "aliases:    none (--no-aliases)") || !strings.Contains(stdout, "SOC major groups") {
			t.Errorf("output:\n%s", stdout)
		}
		data, err := os.ReadFile(filepath.Join(out, "15-9001.00.md"))
		if err != nil {
			t.Fatal(err)
		}
		if bytes.Contains(data, []byte("aliases:")) || !bytes.Contains(data, []byte("category: Computer and Mathematical Occupations")) {
			t.Errorf("not replaced:\n%s", data)
		}
		if got := mdFiles(t, parent); len(got) != 1 {
			t.Errorf("left beside --out: %v", got)
		}
	})

	t.Run("ForceKeepsOtherDirectories", func(t *testing.T) {
		other := filepath.Join(parent, "handwritten")
		if err := os.MkdirAll(other, 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(other, "prompt-engineer.md"), []byte("---\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, err := runOnet(t, onetFixture, "--out", other, "--force")
		if err == nil || !strings.Contains(err.Error(), "prompt-engineer.md") {
			t.Fatalf("err = %v, want a refusal naming prompt-engineer.md", err)
		}
		if got := mdFiles(t, other); len(got) != 1 {
			t.Errorf("files changed: %v", got)
		}
	})
}

func TestImportOnetCommandBadInputWritesNothing(t *testing.T) {
	db := t.TempDir()
	entries, err := os.ReadDir(onetFixture)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, err := os.ReadFile(filepath.Join(onetFixture, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if e.Name() == "Job Zones.txt" {
			data = append(data, "15-9001.00\t4\t08/2024\n"...) // three fields, not four
		}
		if err := os.WriteFile(filepath.Join(db, e.Name()), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	parent := t.TempDir()
	out := filepath.Join(parent, "x")
	_, _, err = runOnet(t, db, "--out", out)
	if err == nil || !strings.Contains(err.Error(), "Job Zones.txt:7:") {
		t.Fatalf("err = %v, want one naming Job Zones.txt:7", err)
	}
	if got := mdFiles(t, parent); len(got) != 0 {
		t.Errorf("written despite the error: %v", got)
	}
}

func TestImportOnetCommandArgs(t *testing.T) {
	if _, _, err := runOnet(t); err == nil {
		t.Error("no DIR: want an error")
	}
	_, _, err := runOnet(t, filepath.Join(t.TempDir(), "nothing"), "--out", filepath.Join(t.TempDir(), "x"))
	if err == nil || !strings.Contains(err.Error(), "nothing: cannot read the database directory") {
		t.Errorf("err = %v, want the missing directory named", err)
	}
}
