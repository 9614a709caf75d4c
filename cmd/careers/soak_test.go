package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// soakPlan sizes a soak run. The short plan runs in `make test`; `make
// soak` sets CAREERS_SOAK=long for the long one.
type soakPlan struct {
	corpora     [2]string     // "golden", "variant" (golden less two careers, ids renamed) or "shipped"
	rebuilds    int           // `careers index` runs while the load runs
	workers     int           // concurrent clients
	minRequests int64         // the load goes on at least this long...
	maxRequests int64         // ...and stops at this many requests
	timeLimit   time.Duration // or after this long, whatever happens
}

func soakPlanFromEnv() soakPlan {
	if os.Getenv("CAREERS_SOAK") == "long" {
		return soakPlan{corpora: [2]string{"golden", "shipped"}, rebuilds: 300, workers: 8,
			minRequests: 100_000, maxRequests: 2_000_000, timeLimit: 20 * time.Minute}
	}
	return soakPlan{corpora: [2]string{"golden", "variant"}, rebuilds: 20, workers: 8,
		minRequests: 400, maxRequests: 100_000, timeLimit: 2 * time.Minute}
}

// soakTargets are the requests of the load: API searches (with and
// without text, filters and pages), look-ups that exist in one corpus
// only, a filter on a category of one corpus only, the probes and pages.
var soakTargets = []string{
	"/api/search?q=data",
	"/api/search?q=medical+imaging",
	"/api/search?q=image+analyst&size=5",
	"/api/search?size=100",
	"/api/search?q=work&page=2&size=2",
	"/api/search?q=data&category=Content+Roles",
	"/api/categories",
	"/api/careers/labeller",
	"/api/careers/labeller-b",
	"/api/careers/prompt-engineer",
	"/readyz",
	"/healthz",
	"/",
	"/?q=data",
}

// TestSoak proves that rebuilds never interrupt search. It runs the real
// server, drives it with a bounded load from several clients on loopback,
// and meanwhile runs `careers index` again and again, alternating two
// corpora with different careers. Every answer must be well formed and
// equal to what one corpus alone gives (no mix of two generations), and
// come with the generation header of a build of that same corpus.
// Afterwards no old generation is still open, only the current and the
// previous generation are on disk, and the heap is back near its baseline.
func TestSoak(t *testing.T) {
	plan := soakPlanFromEnv()
	corpora := map[string]string{}
	for _, name := range plan.corpora {
		switch name {
		case "golden":
			corpora[name] = tempCorpus(t)
		case "variant":
			corpora[name] = variantCorpus(t)
		case "shipped":
			corpora[name] = shippedCorpus(t)
		}
	}
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic",
		"CAREERS_SERVER_RELOAD_INTERVAL", "10ms", "CAREERS_LOG_LEVEL", "warn")

	var gensMu sync.Mutex
	corpusOfGen := map[string]string{}
	build := func(name string) string {
		out, errOut, err := runCmd(t, getenv, "index", "--corpus", corpora[name])
		if err != nil {
			t.Fatalf("index %s: %v\n%s", name, err, errOut)
		}
		m := regexp.MustCompile(`into .*/(gen-\S+) in `).FindStringSubmatch(out)
		if m == nil {
			t.Fatalf("index output names no generation: %q", out)
		}
		gensMu.Lock()
		corpusOfGen[m[1]] = name
		gensMu.Unlock()
		return m[1]
	}

	build(plan.corpora[0])
	base, stop := startServer(t, getenv)
	client := &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: plan.workers}}
	defer client.CloseIdleConnections()

	// What each corpus alone answers.
	expected := map[string]map[string]canonical{}
	for i, name := range plan.corpora {
		if i > 0 {
			waitForGeneration(t, client, base, build(name))
		}
		expected[name] = map[string]canonical{}
		for _, target := range soakTargets {
			r, err := fetch(client, base+target)
			if err != nil {
				t.Fatalf("%s %s: %v", name, target, err)
			}
			expected[name][target] = r.canon
		}
	}
	for _, target := range soakTargets {
		distinct := strings.HasPrefix(target, "/api/search") || target == "/api/categories" || target == "/readyz" || target == "/healthz"
		if distinct && expected[plan.corpora[0]][target] == expected[plan.corpora[1]][target] {
			t.Fatalf("%s answers the same for both corpora; it cannot tell generations apart", target)
		}
	}
	baseline := heapAfterGC()

	// The load.
	var (
		sent, failed atomic.Int64
		rebuildsDone atomic.Bool
		failMu       sync.Mutex
		failures     []string
		seenMu       sync.Mutex
		seen         = map[string]string{} // generation → corpus its answers came from
	)
	fail := func(format string, args ...any) {
		failed.Add(1)
		failMu.Lock()
		if len(failures) < 10 {
			failures = append(failures, fmt.Sprintf(format, args...))
		}
		failMu.Unlock()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range plan.workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; ; i += plan.workers {
				n := sent.Load()
				if n >= plan.maxRequests || time.Since(start) > plan.timeLimit || (rebuildsDone.Load() && n >= plan.minRequests) {
					return
				}
				sent.Add(1)
				target := soakTargets[i%len(soakTargets)]
				r, err := fetch(client, base+target)
				if err != nil {
					fail("%s: %v", target, err)
					continue
				}
				var from []string
				for name, exp := range expected {
					if r.canon == exp[target] {
						from = append(from, name)
					}
				}
				switch {
				case len(from) == 0:
					fail("%s: answer %d matches neither corpus (mixed generations or malformed): %.300s", target, r.canon.status, r.canon.body)
				case len(from) == 1 && r.generation != "":
					seenMu.Lock()
					if prev, ok := seen[r.generation]; ok && prev != from[0] {
						fail("%s: generation %s answered from both corpora", target, r.generation)
					}
					seen[r.generation] = from[0]
					seenMu.Unlock()
				}
			}
		}()
	}

	// The rebuilds, alternating corpora, while the load runs.
	var lastGen string
	for i := range plan.rebuilds {
		if time.Since(start) > plan.timeLimit {
			t.Fatalf("only %d rebuilds within %s", i, plan.timeLimit)
		}
		lastGen = build(plan.corpora[i%2])
	}
	rebuildsDone.Store(true)
	wg.Wait()
	took := time.Since(start)

	for _, f := range failures {
		t.Error(f)
	}
	if n := failed.Load(); n > 0 {
		t.Fatalf("%d of %d requests failed", n, sent.Load())
	}
	// Every generation header names a build, of the corpus its answers match.
	gensMu.Lock()
	corpora2 := map[string]bool{}
	for gen, from := range seen {
		built, ok := corpusOfGen[gen]
		if !ok || built != from {
			t.Errorf("generation %s: answers from %s, built from %q", gen, from, built)
		}
		corpora2[from] = true
	}
	gensMu.Unlock()
	if len(seen) < 3 || len(corpora2) < 2 {
		t.Errorf("the load saw only %d generations (%v): the swaps did not happen under load", len(seen), corpora2)
	}
	t.Logf("%d requests by %d clients in %s across %d rebuilds; %d generations seen", sent.Load(), plan.workers, took.Round(time.Millisecond), plan.rebuilds, len(seen))

	// Afterwards: the server moves to the last build; no file of an older
	// generation stays open; only the current and previous generations
	// remain on disk; the heap is back near its baseline.
	waitForGeneration(t, client, base, lastGen)
	deadline := time.Now().Add(10 * time.Second)
	for {
		open := openIndexFiles(t, indexDir)
		stale := 0
		for _, f := range open {
			if !strings.HasPrefix(f, lastGen+"/") {
				stale++
			}
		}
		if stale == 0 && len(open) > 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("files of old generations still open: %v", open)
		}
		time.Sleep(20 * time.Millisecond)
	}
	checkGenerationsOnDisk(t, indexDir, lastGen)
	client.CloseIdleConnections()
	after := heapAfterGC()
	t.Logf("heap after GC: baseline %d KiB, after %d KiB", baseline>>10, after>>10)
	// Leaked generations are caught above, by their open files; this
	// bound catches memory kept per request (16 MiB is a few KiB for each
	// request of the short run).
	if after > baseline+16<<20 {
		t.Errorf("heap grew from %d KiB to %d KiB", baseline>>10, after>>10)
	}
	stop()
}

// canonical is an answer reduced to what must be equal for equal index
// content: status, content type, and the body without timings and
// build-specific fields.
type canonical struct {
	status int
	ctype  string
	body   string
}

type soakResponse struct {
	canon      canonical
	generation string
}

func fetch(client *http.Client, url string) (soakResponse, error) {
	resp, err := client.Get(url)
	if err != nil {
		return soakResponse{}, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return soakResponse{}, fmt.Errorf("reading the body: %w", err)
	}
	r := soakResponse{generation: resp.Header.Get("X-Index-Generation")}
	r.canon.status = resp.StatusCode
	r.canon.ctype = resp.Header.Get("Content-Type")
	if resp.Header.Get("X-Request-Id") == "" {
		return r, fmt.Errorf("%d without X-Request-Id", resp.StatusCode)
	}
	switch {
	case strings.HasPrefix(r.canon.ctype, "application/json"):
		var m map[string]any
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&m); err != nil {
			return r, fmt.Errorf("%d: malformed JSON: %v: %.200s", resp.StatusCode, err, body)
		}
		delete(m, "took_ms")
		if strings.Contains(url, "/healthz") {
			if g, _ := m["generation"].(string); g != "" {
				r.generation = g
			}
			for _, k := range []string{"built_at", "generation"} {
				delete(m, k)
			}
		}
		if strings.Contains(url, "/readyz") {
			delete(m, "generation")
		}
		canon, _ := json.Marshal(m)
		r.canon.body = string(canon)
	case strings.HasPrefix(r.canon.ctype, "text/html"):
		if !bytes.Contains(body, []byte("</html>")) {
			return r, fmt.Errorf("%d: truncated page: %.200s", resp.StatusCode, body)
		}
		// Pages show timings; their status and type are compared.
	default:
		return r, fmt.Errorf("%d: unexpected content type %q", resp.StatusCode, r.canon.ctype)
	}
	return r, nil
}

// startServer runs `careers serve` in-process on a loopback port and
// returns its base URL and a function that stops it and checks it exited
// cleanly.
func startServer(t *testing.T, getenv func(string) string) (string, func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	addrc := make(chan string, 1)
	var stderr syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- runWith(ctx, []string{"serve", "--addr", "127.0.0.1:0"}, getenv, io.Discard, &stderr,
			func(addr string) { addrc <- addr })
	}()
	var base string
	select {
	case addr := <-addrc:
		base = "http://" + addr
	case err := <-done:
		cancel()
		t.Fatalf("serve exited: %v\n%s", err, stderr.String())
	case <-time.After(10 * time.Second):
		cancel()
		t.Fatal("server did not start")
	}
	stopped := false
	stop := func() {
		if stopped {
			return
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve: %v\n%s", err, stderr.String())
			}
		case <-time.After(30 * time.Second):
			t.Error("server did not shut down")
		}
	}
	t.Cleanup(stop)
	return base, stop
}

// waitForGeneration polls /readyz until the server answers from gen.
func waitForGeneration(t *testing.T, client *http.Client, base, gen string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := client.Get(base + "/readyz")
		if err == nil {
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.Header.Get("X-Index-Generation") == gen {
				return
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server did not switch to %s", gen)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// openIndexFiles lists the files under indexDir that this process holds
// open (or maps), relative to indexDir.
func openIndexFiles(t *testing.T, indexDir string) []string {
	t.Helper()
	real, err := filepath.EvalSymlinks(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		p = strings.TrimSuffix(p, " (deleted)")
		if rel, ok := strings.CutPrefix(p, real+"/"); ok && !seen[rel] && rel != ".lock" {
			seen[rel] = true
			out = append(out, rel)
		}
	}
	fds, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skipf("no /proc: %v", err)
	}
	for _, fd := range fds {
		if target, err := os.Readlink("/proc/self/fd/" + fd.Name()); err == nil {
			add(target)
		}
	}
	if maps, err := os.ReadFile("/proc/self/maps"); err == nil {
		for _, line := range strings.Split(string(maps), "\n") {
			if i := strings.Index(line, "/"); i >= 0 {
				add(line[i:])
			}
		}
	}
	sort.Strings(out)
	return out
}

// checkGenerationsOnDisk wants current → gen, gen and one previous
// generation, and nothing left by builds.
func checkGenerationsOnDisk(t *testing.T, indexDir, gen string) {
	t.Helper()
	if target, err := os.Readlink(filepath.Join(indexDir, "current")); err != nil || target != gen {
		t.Errorf("current → %q (%v), want %s", target, err, gen)
	}
	entries, err := os.ReadDir(indexDir)
	if err != nil {
		t.Fatal(err)
	}
	var gens, other []string
	for _, e := range entries {
		switch name := e.Name(); {
		case strings.HasPrefix(name, "gen-"):
			gens = append(gens, name)
		case name == "current" || name == ".lock":
		default:
			other = append(other, name)
		}
	}
	if len(gens) != 2 || (gens[0] != gen && gens[1] != gen) {
		t.Errorf("generations on disk %v, want %s and the one before", gens, gen)
	}
	if len(other) > 0 {
		t.Errorf("leftovers in the index directory: %v", other)
	}
}

func heapAfterGC() uint64 {
	var m runtime.MemStats
	for range 3 {
		runtime.GC()
	}
	runtime.ReadMemStats(&m)
	return m.HeapAlloc
}

// shippedCorpus copies the shipped corpus into a temporary directory, so
// that edits to it during the test do not matter.
func shippedCorpus(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "shipped")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir("../../corpus", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".md") {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, filepath.Base(path)), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// variantCorpus is the golden test corpus less its two Content Roles
// careers, with every id renamed (labeller → labeller-b): another corpus
// whose every search answers differently.
func variantCorpus(t *testing.T) string {
	t.Helper()
	src := tempCorpus(t)
	dst := filepath.Join(t.TempDir(), "variant")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	idLine := regexp.MustCompile(`(?m)^id: (\S+)$`)
	for _, e := range entries {
		data := mustRead(t, filepath.Join(src, e.Name()))
		if strings.Contains(data, "category: Content Roles") {
			continue
		}
		data = idLine.ReplaceAllString(data, "id: $1-b")
		if err := os.WriteFile(filepath.Join(dst, e.Name()), []byte(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dst
}
