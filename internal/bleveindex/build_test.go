package bleveindex

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

func loadBasic(tb testing.TB) []*career.Career {
	tb.Helper()
	l, err := corpus.Load([]string{"testdata/golden/basic/docs"}, corpus.Basic, nil)
	if err != nil || len(l.Problems) > 0 {
		tb.Fatalf("load: %v %v", err, l.Problems)
	}
	return l.Careers()
}

func TestOpenMissingIndex(t *testing.T) {
	_, err := Open(filepath.Join(t.TempDir(), "none"), DefaultOptions())
	if career.ErrorCode(err) != career.EUNAVAILABLE || !strings.Contains(err.Error(), "careers index") {
		t.Errorf("got %v, want an unavailable error naming the command that builds the index", err)
	}
}

// TestFailedRebuildKeepsPreviousIndex injects a failure at the last moment
// of a rebuild and checks that the previous index still opens and answers.
func TestFailedRebuildKeepsPreviousIndex(t *testing.T) {
	root := t.TempDir()
	careers := loadBasic(t)
	first, err := Build(context.Background(), root, careers, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	boom := errors.New("disk full (injected)")
	_, err = Build(context.Background(), root, careers[:2], BuildOptions{BeforeSwap: func(string) error { return boom }})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the injected error", err)
	}
	// A cancelled build fails too, part-way through writing.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := Build(ctx, root, careers, BuildOptions{BatchSize: 1}); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled build: got %v", err)
	}
	gen, err := CurrentGeneration(root)
	if err != nil || gen != first.Generation {
		t.Fatalf("current = %q (%v), want %q", gen, err, first.Generation)
	}
	ix, err := Open(root, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	res, err := ix.Search(context.Background(), career.Query{Text: "medical imaging"})
	if err != nil || res.Total == 0 {
		t.Fatalf("previous index does not answer: %v %+v", err, res)
	}
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), buildPrefix) {
			t.Errorf("failed build left %s behind", e.Name())
		}
	}
}

func TestBuildCleansLeftoversAndOldGenerations(t *testing.T) {
	root := t.TempDir()
	careers := loadBasic(t)
	var gens []string
	for i := 0; i < 3; i++ {
		r, err := Build(context.Background(), root, careers, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		gens = append(gens, r.Generation)
	}
	// What a killed build leaves: a half-written directory.
	os.MkdirAll(filepath.Join(root, buildPrefix+"killed"), 0o755)
	r, err := Build(context.Background(), root, careers, BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(root)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	want := map[string]bool{currentName: true, lockName: true, gens[2]: true, r.Generation: true}
	for _, n := range names {
		if !want[n] {
			t.Errorf("unexpected %s left in the index directory (have %v)", n, names)
		}
	}
}

func TestConcurrentBuildRefused(t *testing.T) {
	root := t.TempDir()
	os.MkdirAll(root, 0o755)
	unlock, err := lock(root)
	if err != nil {
		t.Fatal(err)
	}
	defer unlock()
	_, err = Build(context.Background(), root, loadBasic(t), BuildOptions{})
	if career.ErrorCode(err) != career.EUNAVAILABLE || !strings.Contains(err.Error(), "another `careers index`") {
		t.Errorf("got %v, want a clear refusal", err)
	}
}

// TestLiveSwapsWithoutFailing rebuilds repeatedly while searches run and
// checks that every search succeeds and the new generation is served.
func TestLiveSwapsWithoutFailing(t *testing.T) {
	root := t.TempDir()
	careers := loadBasic(t)
	if _, err := Build(context.Background(), root, careers, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	live, err := NewLive(root, DefaultOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()

	var failures, done atomic.Int64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				res, err := live.Search(context.Background(), career.Query{Text: "data"})
				if err != nil || res.Total == 0 {
					failures.Add(1)
					t.Errorf("search during swap: %v", err)
				}
				done.Add(1)
			}
		}()
	}
	var last string
	for i := 0; i < 5; i++ {
		r, err := Build(context.Background(), root, careers, BuildOptions{})
		if err != nil {
			t.Fatal(err)
		}
		last = r.Generation
		if _, err := live.Reload(); err != nil {
			t.Fatal(err)
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(stop)
	wg.Wait()
	info, _ := live.Info(context.Background())
	if info.Generation != last {
		t.Errorf("serving %s, want %s", info.Generation, last)
	}
	if failures.Load() > 0 || done.Load() == 0 {
		t.Errorf("%d of %d searches failed", failures.Load(), done.Load())
	}
}

func TestLiveWithoutIndexAnswersUnavailable(t *testing.T) {
	root := t.TempDir()
	live, err := NewLive(root, DefaultOptions(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer live.Close()
	if _, err := live.Search(context.Background(), career.Query{}); career.ErrorCode(err) != career.EUNAVAILABLE {
		t.Fatalf("got %v, want unavailable", err)
	}
	if _, err := Build(context.Background(), root, loadBasic(t), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go live.Watch(ctx, 10*time.Millisecond)
	deadline := time.Now().Add(10 * time.Second)
	for {
		if _, err := live.Search(context.Background(), career.Query{}); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("watcher did not pick up the new index")
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func TestSearchErrors(t *testing.T) {
	ix := mustBuild(t, "testdata/golden/basic/docs", corpus.Basic)
	ctx := context.Background()
	for _, tt := range []struct {
		q    career.Query
		want string
	}{
		{career.Query{Size: 101}, "size:"},
		{career.Query{Page: -1}, "page:"},
		{career.Query{Categories: []string{"Astronaut Roles"}}, "category: unknown category"},
		{career.Query{Text: strings.Repeat("x", 501)}, "q: longer than 500"},
	} {
		_, err := ix.Search(ctx, tt.q)
		if career.ErrorCode(err) != career.EINVALID || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want invalid %q", tt.q, err, tt.want)
		}
	}
	if _, err := ix.Career(ctx, "nobody"); career.ErrorCode(err) != career.ENOTFOUND {
		t.Errorf("unknown id: %v", err)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := ix.Search(cctx, career.Query{Text: "data"}); err == nil {
		t.Errorf("cancelled context: no error")
	}
}

func TestHighlights(t *testing.T) {
	ix := mustBuild(t, "testdata/golden/basic/docs", corpus.Basic)
	res, err := ix.Search(context.Background(), career.Query{Text: "medical imaging", Size: 1})
	if err != nil {
		t.Fatal(err)
	}
	h := res.Hits[0]
	got := strings.Join(h.Highlights["summary"], " ")
	if !strings.Contains(got, "<mark>medical</mark> <mark>imaging</mark>") {
		t.Errorf("summary highlights %q lack the marked phrase", got)
	}
	c, err := ix.Career(context.Background(), h.ID)
	if err != nil || c.Title != h.Title || len(c.Duties) == 0 {
		t.Errorf("Career(%s) = %+v, %v", h.ID, c, err)
	}
	// A hit with nothing to highlight shows the start of its summary.
	res, _ = ix.Search(context.Background(), career.Query{Size: 1})
	if s := res.Hits[0].Highlights["summary"]; len(s) != 1 || s[0] == "" {
		t.Errorf("empty query hit highlights = %v", res.Hits[0].Highlights)
	}
}

func TestTruncate(t *testing.T) {
	if got := truncate("short", 10); got != "short" {
		t.Errorf("got %q", got)
	}
	if got := truncate("one two three four five", 12); got != "one two…" {
		t.Errorf("got %q", got)
	}
}

func TestSuggestAndSimilar(t *testing.T) {
	ix := mustBuild(t, "../../corpus", corpus.Editorial)
	ctx := context.Background()
	sug, err := ix.Suggest(ctx, "prom", 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(sug) == 0 || sug[0].Text != "Prompt Engineer" || sug[0].ID != "prompt-engineer" || !strings.Contains(sug[0].Highlight, "<mark>Prom</mark>") {
		t.Errorf("suggest prom: %+v", sug)
	}
	if _, err := ix.Suggest(ctx, "x", 0); career.ErrorCode(err) != career.EINVALID {
		t.Errorf("size 0: %v", err)
	}

	c, _ := ix.Career(ctx, "ai-healthcare-specialist")
	sim, err := ix.Similar(ctx, "ai-healthcare-specialist", 8)
	if err != nil {
		t.Fatal(err)
	}
	if len(sim) != 8 {
		t.Fatalf("got %d similar careers, want 8", len(sim))
	}
	for i, r := range c.Related {
		if i >= len(sim) || sim[i].ID != r || !sim[i].Curated {
			t.Errorf("similar[%d] = %+v, want curated %s first", i, sim[i], r)
		}
	}
	seen := map[string]bool{}
	for _, s := range sim {
		if s.ID == "ai-healthcare-specialist" || seen[s.ID] {
			t.Errorf("similar lists %s twice or itself", s.ID)
		}
		seen[s.ID] = true
		if !s.Curated && len(s.Shared) == 0 {
			t.Errorf("%s: no shared words", s.ID)
		}
	}
	if _, err := ix.Similar(ctx, "astronaut", 5); career.ErrorCode(err) != career.ENOTFOUND {
		t.Errorf("unknown id: %v", err)
	}
}

func TestTypoCorrectionAndExplain(t *testing.T) {
	ix := mustBuild(t, "testdata/golden/basic/docs", corpus.Basic)
	ctx := context.Background()
	res, err := ix.Search(ctx, career.Query{Text: "medcal imagng", Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Corrected != "medical imaging" || res.Hits[0].ID != "imaging-phrase" {
		t.Fatalf("corrected %q, first %s", res.Corrected, res.Hits[0].ID)
	}
	ex := res.Hits[0].Explain
	if len(ex) == 0 || ex[0].Field != "summary" || ex[0].Via != "phrase" {
		t.Errorf("explain %+v", ex)
	}
	sum := 0.0
	for _, e := range ex {
		sum += e.Share
	}
	if sum < 0.97 || sum > 1.03 {
		t.Errorf("shares add up to %.2f", sum)
	}
	// A correctly spelt query is never corrected, and short words get no edits.
	for _, q := range []string{"medical imaging", "dta"} {
		res, _ = ix.Search(ctx, career.Query{Text: q})
		if res.Corrected != "" {
			t.Errorf("%q corrected to %q", q, res.Corrected)
		}
	}
	res, _ = ix.Search(ctx, career.Query{Text: "analyse images", Explain: true})
	if e := res.Hits[0].Explain; len(e) == 0 || e[0].Via != "stem" {
		t.Errorf("stemmed match explained as %+v", e)
	}
	res, _ = ix.Search(ctx, career.Query{Text: "satelite", Explain: true}) // one letter off "satellite"
	if res.Corrected != "satellite" || res.Hits[0].Explain[0].Via != "typo" {
		t.Errorf("typo: %q %+v", res.Corrected, res.Hits[0].Explain)
	}
}

func TestQueryLanguageRelaxes(t *testing.T) {
	ix := mustBuild(t, "testdata/golden/basic/docs", corpus.Basic)
	ctx := context.Background()
	for _, tt := range []struct {
		q, relaxed string
		first      string
	}{
		{`"medical imaging"`, "", "imaging-phrase"},
		{`"imaging medical"`, "phrases", "imaging-phrase"},
		{`+astronaut imaging`, "required words", "image-analyst"},
	} {
		res, err := ix.Search(ctx, career.Query{Text: tt.q})
		if err != nil {
			t.Fatal(err)
		}
		if res.Relaxed != tt.relaxed || len(res.Hits) == 0 || res.Hits[0].ID != tt.first || res.Query != tt.q {
			t.Errorf("%s: relaxed %q, hits %v", tt.q, res.Relaxed, res.Hits)
		}
	}
	// A stray quote is taken out and the words searched, and the answer
	// says where it was.
	res, err := ix.Search(ctx, career.Query{Text: `imaging "medical`})
	if err != nil || res.UnclosedQuote != 9 || res.Total != 3 || res.Relaxed != "" {
		t.Errorf("unclosed quote: %v %+v", err, res)
	}
}

func TestAcronymsAreNotStemmed(t *testing.T) {
	m, err := NewMapping(ScoringTFIDF)
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(AnalyzerName)
	for in, want := range map[string]string{
		"MLOps":    "mlops",
		"LLMs":     "llm",
		"AIs":      "ai",
		"NLP":      "nlp",
		"learning": "learn", // ordinary words are still stemmed
		"images":   "imag",
	} {
		toks := a.Analyze([]byte(in))
		if len(toks) != 1 || string(toks[0].Term) != want {
			t.Errorf("%s analysed to %v, want %s", in, toks, want)
		}
	}
}
