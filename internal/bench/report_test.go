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
		Corpora: []*CorpusResults{{
			Plan: Plan{Corpus: CorpusONet}, Careers: 1016,
			Search: map[string]map[int]Figure{EngineOurs: {1: fig(300*time.Microsecond, time.Millisecond, 3000)}},
			HTTP: map[string]map[int]Figure{
				EngineOurs:   {8: fig(time.Millisecond, 25*time.Millisecond, 2000)},
				EngineSQLite: {8: fig(time.Millisecond, time.Millisecond, 500)},
				EnginePlain:  {8: fig(time.Millisecond, time.Millisecond, 1500)},
			},
		}},
		Reload: &ReloadResult{Rebuilds: 2, Rebuild: []float64{100, 200}, Pickup: []float64{300, 900}, Total: []float64{400, 1100}},
	}
	got := map[string]bool{}
	for _, tg := range r.Targets() {
		got[tg.Name] = tg.Met
	}
	want := map[string]bool{
		"1,016 careers: in-process p50 ≤ 0.4 ms (1 goroutine)":                          true,
		"1,016 careers: HTTP c=8 req/s ≥ 3× SQLite FTS5":                                true,
		"1,016 careers: HTTP c=8 req/s ≥ 1.5× plain Bleve":                              false,
		"1,016 careers: HTTP c=8 p99 ≤ 20 ms":                                           false,
		"1,016 careers: HTTP c=8 no errors":                                             true,
		"rebuild of the hand-written corpus + pick-up under load < 1 s (every rebuild)": false,
		"no failed request during the rebuilds":                                         true,
	}
	for name, met := range want {
		if m, ok := got[name]; !ok || m != met {
			t.Errorf("%s: met=%v (present %v), want %v", name, m, ok, met)
		}
	}
	var b bytes.Buffer
	r.Markdown(&b)
	for _, s := range []string{"## Targets of issue 7", "| onet | 8 | careers |", "median 750 ms, worst 1100 ms"} {
		if !strings.Contains(b.String(), s) {
			t.Errorf("Markdown lacks %q", s)
		}
	}
}
