package bench

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func TestTargets(t *testing.T) {
	fig := func(p50, p99 time.Duration, rate float64) Figure {
		return Figure{Stats: Stats{N: 100, P50: p50, P99: p99, PerSec: rate}}
	}
	r := &Results{
		Queries: []Query{{Text: "nurse", Source: SourceTitle}, {Text: "Adjust dental", Source: SourceTaskStart}},
		Corpora: []*CorpusResults{{
			Plan: Plan{Corpus: CorpusONet}, Careers: 1016, Queries: 2,
			Search: map[string]map[int]Figure{
				EngineOurs:        {1: fig(400*time.Microsecond, time.Millisecond, 3000)},
				EngineOursExplain: {1: fig(520*time.Microsecond, time.Millisecond, 2000)},
			},
			HTTP: map[string]map[int]Figure{
				EngineOurs:   {8: fig(time.Millisecond, 14*time.Millisecond, 2000)},
				EngineSQLite: {8: fig(time.Millisecond, time.Millisecond, 1100)},
				EnginePlain:  {8: fig(time.Millisecond, time.Millisecond, 1000)},
			},
		}, {
			Plan: Plan{Corpus: CorpusGen}, Careers: 100_000,
			Builds: map[string]BuildFigures{
				EngineOurs:   {Runs: 1, BuildMS: 29_000, PeakRSS: 1100 << 20, Size: 600 << 20},
				EngineSQLite: {Runs: 1, BuildMS: 9_000, PeakRSS: 500 << 20, Size: 500 << 20},
			},
			Search: map[string]map[int]Figure{
				EngineOurs:   {1: fig(20*time.Millisecond, 45*time.Millisecond, 40)},
				EnginePlain:  {1: fig(19*time.Millisecond, 60*time.Millisecond, 40)},
				EngineSQLite: {1: fig(30*time.Millisecond, 60*time.Millisecond, 30)},
			},
			Memory: map[string]ServerMemory{EngineOurs: {Rest: 300 << 20, Load: 500 << 20}},
		}},
		Reload: &ReloadResult{Rebuilds: 2, Rebuild: []float64{100, 200}, Pickup: []float64{300, 900}, Total: []float64{400, 1100},
			Load: Stats{N: 500, Errors: 1}},
	}
	type key struct {
		issue int
		name  string
	}
	got := map[key]bool{}
	for _, tg := range r.Targets() {
		got[key{tg.Issue, tg.Name}] = tg.Met
	}
	want := map[key]bool{
		{17, "1,016 careers: HTTP c=8 req/s ≥ 1.5× plain Bleve"}:                      true,  // 2.00×
		{17, "1,016 careers: HTTP c=8 req/s ≥ 2× SQLite FTS5"}:                        false, // 1.82×
		{17, "1,016 careers: HTTP c=8 p99 ≤ 15 ms"}:                                   true,
		{17, "1,016 careers: HTTP c=8 no errors"}:                                     true,
		{17, "1,016 careers: in-process p50 ≤ 0.5 ms (1 goroutine)"}:                  true,
		{17, "1,016 careers: in-process p50 with explain=true ≤ 1.2× without"}:        false, // 1.30×
		{18, "100,000 careers: build ≤ 30 s"}:                                         true,
		{18, "100,000 careers: build peak RSS ≤ 1 GB"}:                                false,
		{18, "100,000 careers: index size ≤ 1.2× SQLite FTS5's"}:                      true,
		{18, "100,000 careers: server RSS under load ≤ 600 MB"}:                       true,
		{18, "100,000 careers: in-process p99 ≤ 40 ms (1 goroutine)"}:                 false,
		{18, "100,000 careers: in-process p50 below plain-bleve's (1 goroutine)"}:     false,
		{18, "100,000 careers: in-process p50 below sqlite-fts5's (1 goroutine)"}:     true,
		{18, "no failed request while the hand-written corpus is rebuilt under load"}: false,
	}
	for k, met := range want {
		if m, ok := got[k]; !ok || m != met {
			t.Errorf("issue %d %s: met=%v (present %v), want %v", k.issue, k.name, m, ok, met)
		}
	}
	if len(got) != len(want) {
		t.Errorf("%d targets, want %d: %v", len(got), len(want), got)
	}
	var b bytes.Buffer
	r.Markdown(&b)
	md := b.String()
	for _, s := range []string{
		"## Targets of issue 17 (onet: O*NET 30.1 import without aliases, distinct queries)",
		"## Targets of issue 18 (gen: generated from the O*NET 30.1 import with aliases)",
		"| 1,016 careers: in-process p50 with explain=true ≤ 1.2× without | 0.52 ms vs 0.40 ms = 1.30× | not met |",
		"| 1,016 careers: HTTP c=8 req/s ≥ 2× SQLite FTS5 | 2000 vs 1100 req/s = 1.82× | not met |",
		"| onet | 8 | careers |",
		"| onet | 2 | 1 | careers explain=true | 0.52 |",
		"| onet | O*NET 30.1 import without aliases | 2 |",
		"Query pool: 2 distinct queries of 1–6 words from O*NET 30.1 (1 reported titles, 0 activities, 1 task openings, 0 technology names)",
		"| 750 / 1100 ms | 500 | 1 |",
	} {
		if !strings.Contains(md, s) {
			t.Errorf("Markdown lacks %q", s)
		}
	}
	if strings.Contains(md, "issue 7") {
		t.Error("Markdown still judges issue 7's targets")
	}
	// The explain row sits right after ours and before the peers.
	if i, j := strings.Index(md, "| onet | 2 | 1 | careers explain=true"), strings.Index(md, "| onet | 2 | 1 | careers |"); i < 0 || j < 0 || i < j {
		t.Errorf("explain row at %d, ours at %d", i, j)
	}
}
