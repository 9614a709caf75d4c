package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalPlain runs the wiring of `careers eval --benchmark plain` end to
// end on the importer's fixture database: import with aliases, index, eval
// with a judged file of its own. A judged id the database does not hold is
// an error naming the file and line.
func TestEvalPlain(t *testing.T) {
	dir := t.TempDir()
	corpusDir, indexDir := filepath.Join(dir, "onet"), filepath.Join(dir, "index")
	if _, errOut, err := runOnet(t, onetFixture, "--out", corpusDir); err != nil {
		t.Fatalf("import onet: %v\n%s", err, errOut)
	}
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "imported")
	if _, errOut, err := runCmd(t, getenv, "index"); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut)
	}
	judged := filepath.Join(dir, "plain.jsonl")
	write := func(body string) {
		if err := os.WriteFile(judged, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(`{"query": "escape room puzzles", "judgements": {"15-9001.00": 2}}` + "\n" +
		`{"query": "fix lanterns in the park", "judgements": {"47-9003.00": 2}}` + "\n")
	out, errOut, err := runCmd(t, getenv, "eval", "--benchmark", "plain", "--plain", judged, "--onet", onetFixture)
	if err != nil {
		t.Fatalf("eval: %v\n%s", err, errOut)
	}
	// Both queries name their occupation in its description, so each
	// finds it first: every metric is 1.
	if !strings.Contains(out, "plain              2   1.000   1.000   1.000   1.000   1.000   0.0%") {
		t.Errorf("eval output:\n%s", out)
	}

	write(`{"query": "escape room puzzles", "judgements": {"15-9001.00": 2}}` + "\n" +
		`{"query": "night nurse", "judgements": {"29-1141.00": 2}}` + "\n")
	_, _, err = runCmd(t, getenv, "eval", "--benchmark", "plain", "--plain", judged, "--onet", onetFixture)
	if err == nil || !strings.Contains(err.Error(), judged+":2:") || !strings.Contains(err.Error(), "29-1141.00") {
		t.Errorf("eval with an unknown occupation: error %v, want one naming %s:2 and the id", err, judged)
	}
}
