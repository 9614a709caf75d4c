package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// handwrittenLine returns eval's figures for the handwritten benchmark,
// without the median query time (which differs from run to run).
func handwrittenLine(t *testing.T, out string) string {
	t.Helper()
	for line := range strings.Lines(out) {
		if f := strings.Fields(line); len(f) > 1 && f[0] == "handwritten" {
			return strings.Join(f[:len(f)-1], " ")
		}
	}
	t.Fatalf("no handwritten figures in:\n%s", out)
	return ""
}

// TestEvalParams runs `careers eval --params FILE` on the shipped corpus
// and its judged queries: a file that takes title similarity out of the
// ranking is applied (eval names what it changed and a figure moves), the
// same as turning the titles feature off in the configuration, and a file
// with an unknown key or a value out of range is refused naming the file,
// line and key.
func TestEvalParams(t *testing.T) {
	dir := t.TempDir()
	indexDir := filepath.Join(dir, "index")
	getenv := env("CAREERS_CORPUS_DIRS", "../../corpus", "CAREERS_INDEX_PATH", indexDir)
	if _, errOut, err := runCmd(t, getenv, "index"); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut)
	}
	judgements := "../../testdata/judgements"
	write := func(name, body string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	eval := func(getenv func(string) string, args ...string) (string, string, error) {
		return runCmd(t, getenv, append([]string{"eval", "--judgements", judgements, "--worst", "0"}, args...)...)
	}

	out, errOut, err := eval(getenv)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, errOut)
	}
	if strings.Contains(out, "ranking:") {
		t.Errorf("the shipped ranking is announced as changed:\n%s", out)
	}
	shipped := handwrittenLine(t, out)

	noTitles := write("no-titles.yaml", "# title similarity out\ntitle_weight: 0\ntask_title_weight: 0\n")
	out, errOut, err = eval(getenv, "--params", noTitles)
	if err != nil {
		t.Fatalf("eval --params: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "ranking: rank.Defaults except title_weight 0 (shipped 40), task_title_weight 0 (shipped 5)\n") {
		t.Errorf("eval --params does not say what it changed:\n%s", out)
	}
	withoutTitles := handwrittenLine(t, out)
	if withoutTitles == shipped {
		t.Errorf("title similarity out of the ranking, yet the figures are the shipped ones: %s", shipped)
	}

	// The configuration's switch is the same ranking, and says so.
	out, errOut, err = eval(env("CAREERS_CORPUS_DIRS", "../../corpus", "CAREERS_INDEX_PATH", indexDir, "CAREERS_SEARCH_RANKING_TITLES", "false"))
	if err != nil {
		t.Fatalf("eval with titles off: %v\n%s", err, errOut)
	}
	if got := handwrittenLine(t, out); got != withoutTitles || !strings.Contains(out, "title_weight 0 (shipped 40)") {
		t.Errorf("search.ranking.titles false: %s, want the figures of the parameter file: %s\n%s", got, withoutTitles, out)
	}

	// With --json the figures stay JSON on stdout and the note goes to stderr.
	out, errOut, err = eval(getenv, "--params", noTitles, "--json")
	if err != nil {
		t.Fatalf("eval --params --json: %v\n%s", err, errOut)
	}
	var reports []map[string]any
	if err := json.Unmarshal([]byte(out), &reports); err != nil || len(reports) != 1 {
		t.Errorf("eval --json stdout is not the reports: %v\n%s", err, out)
	}
	if !strings.Contains(errOut, "ranking: rank.Defaults except title_weight 0") {
		t.Errorf("eval --params --json stderr: %q", errOut)
	}

	for _, tt := range []struct{ name, body, want string }{
		{"unknown.yaml", "title_weight: 30\ncolour: red\n", "unknown.yaml:2: colour: unknown key"},
		{"range.yaml", "title_gate: 2\n", "range.yaml:1: title_gate is outside 0..1"},
		{"type.json", `{"feedback_terms": "many"}`, "type.json:1: feedback_terms:"},
	} {
		path := write(tt.name, tt.body)
		_, _, err := eval(getenv, "--params", path)
		if err == nil || !strings.Contains(err.Error(), "--params: "+filepath.Join(dir, tt.want)) {
			t.Errorf("%s: got %v, want an error naming %q", tt.name, err, tt.want)
		}
	}
	if _, _, err := eval(getenv, "--params", filepath.Join(dir, "none.yaml")); err == nil || !strings.Contains(err.Error(), "none.yaml") {
		t.Errorf("a missing parameter file: %v", err)
	}

	// A ranking constant set in the environment, as it could be once, is
	// refused with what replaced it.
	_, _, err = eval(env("CAREERS_CORPUS_DIRS", "../../corpus", "CAREERS_INDEX_PATH", indexDir, "CAREERS_SEARCH_TITLE_WEIGHT", "20"))
	if err == nil || !strings.Contains(err.Error(), "search.title_weight is no longer configuration") || !strings.Contains(err.Error(), "search.ranking.titles") {
		t.Errorf("CAREERS_SEARCH_TITLE_WEIGHT: %v", err)
	}
}
