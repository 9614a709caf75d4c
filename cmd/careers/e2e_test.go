package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// env is a getenv that sees only the given variables, so tests do not
// depend on the machine's environment.
func env(kv ...string) func(string) string {
	m := map[string]string{}
	for i := 0; i+1 < len(kv); i += 2 {
		m[kv[i]] = kv[i+1]
	}
	return func(k string) string { return m[k] }
}

// runCmd runs the program in-process and returns its output.
func runCmd(t *testing.T, getenv func(string) string, args ...string) (string, string, error) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	err := run(context.Background(), args, getenv, &stdout, &stderr)
	return stdout.String(), stderr.String(), err
}

// tempCorpus copies the golden test documents into a temporary corpus.
func tempCorpus(t *testing.T) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "corpus")
	os.MkdirAll(dir, 0o755)
	src := "../../internal/bleveindex/testdata/golden/basic/docs"
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		data, _ := os.ReadFile(filepath.Join(src, e.Name()))
		os.WriteFile(filepath.Join(dir, e.Name()), data, 0o644)
	}
	return dir
}

// TestEndToEnd builds an index from a temporary corpus with `careers
// index`, runs the real server on port 0, queries it over HTTP, rebuilds
// the index under it and sees the server pick the rebuild up, then stops
// it with its context as a signal would.
func TestEndToEnd(t *testing.T) {
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic",
		"CAREERS_SERVER_RELOAD_INTERVAL", "20ms", "CAREERS_LOG_LEVEL", "warn")

	out, errOut, err := runCmd(t, getenv, "index")
	if err != nil {
		t.Fatalf("index: %v\n%s", err, errOut)
	}
	if !strings.Contains(out, "indexed 7 careers in 3 categories") {
		t.Errorf("index output %q", out)
	}

	base, stop := startServer(t, getenv)

	var res career.Result
	getJSON(t, base+"/api/search?q=medical+imaging", &res)
	if res.Total == 0 || res.Hits[0].ID != "imaging-phrase" {
		t.Fatalf("search: %+v", res)
	}
	var health struct {
		Careers    int    `json:"careers"`
		Generation string `json:"generation"`
	}
	getJSON(t, base+"/healthz", &health)
	if health.Careers != 7 {
		t.Errorf("healthz %+v", health)
	}

	// Add a career and rebuild: the running server must pick it up.
	extra := strings.Replace(mustRead(t, filepath.Join(corpusDir, "labeller.md")), "id: labeller", "id: astronaut-labeller", 1)
	extra = strings.Replace(extra, "title: Data Labeller", "title: Astronaut Labeller", 1)
	os.WriteFile(filepath.Join(corpusDir, "astronaut.md"), []byte(extra), 0o644)
	if _, errOut, err := runCmd(t, getenv, "index"); err != nil {
		t.Fatalf("rebuild: %v\n%s", err, errOut)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		var h struct {
			Careers int `json:"careers"`
		}
		getJSON(t, base+"/healthz", &h)
		if h.Careers == 8 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("server did not pick up the rebuilt index")
		}
		time.Sleep(20 * time.Millisecond)
	}
	getJSON(t, base+"/api/search?q=astronaut", &res)
	if res.Total != 1 || res.Hits[0].ID != "astronaut-labeller" {
		t.Errorf("new career not found: %+v", res)
	}

	stop() // as SIGINT would: the context ends and serve shuts down cleanly
}

func TestIndexRefusesInvalidCorpusAndKeepsOldIndex(t *testing.T) {
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic")
	if _, errOut, err := runCmd(t, getenv, "index"); err != nil {
		t.Fatalf("index: %v %s", err, errOut)
	}
	os.WriteFile(filepath.Join(corpusDir, "bad.md"), []byte("---\nid: bad\ntitle: Bad\n---\n\n## Summary\n\nx\n"), 0o644)
	os.WriteFile(filepath.Join(corpusDir, "bad2.md"), []byte("no front matter"), 0o644)
	_, errOut, err := runCmd(t, getenv, "index")
	if err == nil {
		t.Fatal("index of an invalid corpus succeeded")
	}
	for _, want := range []string{"bad.md:1: category: missing", "bad.md:8: duties: section '## Duties' missing", "bad2.md:1: front matter: missing", "the index was not rebuilt"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	out, _, err := runCmd(t, getenv, "search", "medical", "imaging")
	if err != nil || !strings.Contains(out, "imaging-phrase") {
		t.Errorf("old index does not answer: %v\n%s", err, out)
	}
}

func TestCheckReportsEveryProblem(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "a.md"), []byte("---\nid: a\ntitle: A\n---\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "b.md"), []byte("---\nid: b\ntitle: B\ncategory: C\nrelated: [nobody]\n---\n"), 0o644)
	out, _, err := runCmd(t, env(), "check", "--rules", "basic", dir)
	if err == nil {
		t.Fatal("check passed an invalid corpus")
	}
	for _, want := range []string{"a.md:1: category: missing", "a.md:4: summary: section '## Summary' missing", "b.md:5: related: no career has id \"nobody\"", "b.md:6: duties: section"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, env(), "check", "../../corpus")
	if err != nil || !strings.Contains(out, "no problems") {
		t.Errorf("shipped corpus: %v\n%s", err, out)
	}
}

func TestSearchCommand(t *testing.T) {
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_CORPUS_RULES", "basic")
	if _, errOut, err := runCmd(t, getenv, "index", "--index", indexDir); err != nil {
		t.Fatalf("index: %v %s", err, errOut)
	}
	out, _, err := runCmd(t, getenv, "search", "--index", indexDir, "medical imaging")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"3 careers match \"medical imaging\"", " 1. Radiology Data Specialist  [Health Roles]", "**medical** **imaging**", "Categories:"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, getenv, "search", "--index", indexDir, "--json", "--category", "Health Roles", "medical imaging")
	if err != nil {
		t.Fatal(err)
	}
	var res career.Result
	if err := json.Unmarshal([]byte(out), &res); err != nil || res.Total != 2 {
		t.Errorf("--json: %v %+v", err, res)
	}
	_, _, err = runCmd(t, getenv, "search", "--index", indexDir, "--size", "500", "x")
	if err == nil || !strings.Contains(err.Error(), "size:") {
		t.Errorf("bad size: %v", err)
	}
	_, _, err = runCmd(t, getenv, "search", "--index", filepath.Join(t.TempDir(), "none"), "x")
	if err == nil || !strings.Contains(err.Error(), "careers index") {
		t.Errorf("missing index: %v", err)
	}
}

func TestIndexIfStale(t *testing.T) {
	corpusDir := tempCorpus(t)
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_CORPUS_RULES", "basic", "CAREERS_INDEX_PATH", filepath.Join(t.TempDir(), "ix"))
	out, _, err := runCmd(t, getenv, "index", "--if-stale")
	if err != nil || !strings.Contains(out, "indexed 7") {
		t.Fatalf("first build: %v %s", err, out)
	}
	out, _, _ = runCmd(t, getenv, "index", "--if-stale")
	if !strings.Contains(out, "up to date") {
		t.Errorf("second run rebuilt: %s", out)
	}
	future := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(corpusDir, "labeller.md"), future, future)
	out, _, _ = runCmd(t, getenv, "index", "--if-stale")
	if !strings.Contains(out, "indexed 7") {
		t.Errorf("changed corpus not rebuilt: %s", out)
	}
}

func getJSON(t *testing.T, url string, v any) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 {
		t.Fatalf("GET %s: %d %s", url, resp.StatusCode, body)
	}
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v: %s", url, err, body)
	}
}

func mustRead(t *testing.T, path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestIndexTakesRelatedWordsFromWordNet: `careers index` uses the word
// tables built into the binary by default, so a job the corpus names
// otherwise is found with no WordNet installed; a WordNet directory named
// in index.wordnet that is missing stops the rebuild with the key and the
// fix named, and leaves the old index serving; "none" builds without.
func TestIndexTakesRelatedWordsFromWordNet(t *testing.T) {
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	base := []string{"CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic"}
	out, errOut, err := runCmd(t, env(base...), "index")
	if err != nil {
		t.Fatalf("index: %v %s", err, errOut)
	}
	if !strings.Contains(out, "word tables (built in, from WordNet 3.0): ") || !strings.Contains(out, "job words the corpus lacks") {
		t.Errorf("index does not say where its word tables came from:\n%s", out)
	}
	// "Radiographer" is in no career; WordNet says a radiographer is a
	// medical specialist.
	out, _, err = runCmd(t, env(base...), "search", "--json", "--explain", "radiographer")
	if err != nil {
		t.Fatal(err)
	}
	var res struct {
		Corrected string `json:"corrected"`
		Hits      []struct {
			ID      string `json:"id"`
			Explain []struct {
				Via string `json:"via"`
			} `json:"explain"`
		} `json:"hits"`
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	if len(res.Hits) == 0 || res.Hits[0].ID != "imaging-phrase" || res.Corrected != "" {
		t.Fatalf("radiographer: %s\nwant imaging-phrase (Radiology Data Specialist) first, uncorrected", out)
	}
	if len(res.Hits[0].Explain) == 0 || res.Hits[0].Explain[0].Via != "related" {
		t.Errorf("radiographer: explanation %+v, want via related", res.Hits[0].Explain)
	}

	missing := env(append(base, "CAREERS_INDEX_WORDNET", filepath.Join(t.TempDir(), "no-wordnet"))...)
	_, _, err = runCmd(t, missing, "index")
	if err == nil || !strings.Contains(err.Error(), "index.wordnet") || !strings.Contains(err.Error(), "leave index.wordnet unset") {
		t.Fatalf("index from a missing WordNet directory: %v, want an error naming index.wordnet and the fix", err)
	}
	out, _, err = runCmd(t, env(base...), "search", "radiographer")
	if err != nil || !strings.Contains(out, "imaging-phrase") {
		t.Errorf("old index does not answer after the failed rebuild: %v\n%s", err, out)
	}

	// index.wordnet "none" (in a config file) builds without.
	cfg := filepath.Join(t.TempDir(), "careers.yaml")
	os.WriteFile(cfg, []byte("index:\n  wordnet: none\n"), 0o644)
	if _, errOut, err := runCmd(t, env(base...), "--config", cfg, "index"); err != nil {
		t.Fatalf("index with index.wordnet none: %v %s", err, errOut)
	}
	out, _, err = runCmd(t, env(base...), "search", "--json", "--explain", "radiographer")
	if err != nil {
		t.Fatal(err)
	}
	// (Hits may still be raised by related careers: "raised", not "explain".)
	res.Hits = nil
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	for _, h := range res.Hits {
		for _, e := range h.Explain {
			if e.Via == "related" {
				t.Errorf("built without WordNet, yet %s matched through a related word:\n%s", h.ID, out)
			}
		}
	}
}

// search --skill keeps the careers that list the skill and prints the
// skills facet with it ticked; a skill query prints the matched skills.
func TestSearchCommandSkills(t *testing.T) {
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_CORPUS_DIRS", "../../corpus", "CAREERS_INDEX_WORDNET", "")
	if _, errOut, err := runCmd(t, getenv, "index", "--index", indexDir); err != nil {
		t.Fatalf("index: %v %s", err, errOut)
	}
	out, _, err := runCmd(t, getenv, "search", "--index", indexDir, "--skill", "python", "data", "analysis")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"Skills listed most among the first hits", "[x] Python ("} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, getenv, "search", "--index", indexDir, "--no-color", "Python")
	if err != nil || !strings.Contains(out, "skills: **Python**") {
		t.Errorf("Python: %v\n%s", err, out)
	}
	if _, _, err := runCmd(t, getenv, "search", "--index", indexDir, "--skill", "Cobol", "x"); err == nil || !strings.Contains(err.Error(), `skill: no career lists "Cobol"`) {
		t.Errorf("unknown skill: %v", err)
	}
}
