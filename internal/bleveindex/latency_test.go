package bleveindex

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// BenchmarkSearchLatency measures the per-query latency distribution of the
// core engine (Explain false; highlights are always on for text queries) and
// of the same queries with explanations, in one interleaved run: each
// repetition runs every judged query once in each mode, alternating which
// mode goes first, so that machine noise falls on both alike. It reports
// p50 and p95 per mode and the ratio of the p95s:
//
//	go test -run '^$' -bench BenchmarkSearchLatency -benchtime 20x -count 5 ./internal/bleveindex
//
// ns/op is the time of one repetition (every query, both modes) and means
// little on its own.
func BenchmarkSearchLatency(b *testing.B) {
	ix := mustBuild(b, "../../corpus", corpus.Editorial)
	qs := benchQueries(b)
	ctx := context.Background()
	plain := make([]time.Duration, 0, b.N*len(qs))
	explain := make([]time.Duration, 0, b.N*len(qs))
	run := func(text string, exp bool) time.Duration {
		start := time.Now()
		if _, err := ix.Search(ctx, career.Query{Text: text, Explain: exp}); err != nil {
			b.Fatal(err)
		}
		return time.Since(start)
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j, q := range qs {
			if (i+j)%2 == 0 {
				plain = append(plain, run(q, false))
				explain = append(explain, run(q, true))
			} else {
				explain = append(explain, run(q, true))
				plain = append(plain, run(q, false))
			}
		}
	}
	b.StopTimer()
	p95Plain, p95Explain := latencyPercentile(plain, 95), latencyPercentile(explain, 95)
	b.ReportMetric(latencyMicros(latencyPercentile(plain, 50)), "p50-plain-µs")
	b.ReportMetric(latencyMicros(p95Plain), "p95-plain-µs")
	b.ReportMetric(latencyMicros(latencyPercentile(explain, 50)), "p50-explain-µs")
	b.ReportMetric(latencyMicros(p95Explain), "p95-explain-µs")
	b.ReportMetric(float64(p95Explain)/float64(p95Plain), "p95-ratio")
}

// latencyPercentile returns the p-th percentile of ds by the nearest-rank method,
// sorting ds in place.
func latencyPercentile(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	k := (p*len(ds) + 99) / 100 // ceil(p/100 · n), 1-based
	if k < 1 {
		k = 1
	}
	return ds[k-1]
}

func latencyMicros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }
