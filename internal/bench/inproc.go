package bench

import (
	"context"
	"sync"
	"sync/atomic"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// Page is the request every engine answers: page 1 of 10 hits, with
// category counts and highlights, and no category filter.
func Page(text string) career.Query { return career.Query{Text: text, Page: 1, Size: 10} }

// RunInProcess searches queries through e from goroutines goroutines until
// ops searches are done or maxTime has passed, and returns the latencies.
// The queries are taken in order, cycling, so every engine sees the same
// mix.
func RunInProcess(ctx context.Context, e Engine, queries []Query, goroutines, ops int, maxTime time.Duration) Sample {
	var next atomic.Int64
	lat := make([][]time.Duration, goroutines)
	errs := make([]int, goroutines)
	deadline := time.Now().Add(maxTime)
	start := time.Now()
	var wg sync.WaitGroup
	for g := range goroutines {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= ops || ctx.Err() != nil || time.Now().After(deadline) {
					return
				}
				t := time.Now()
				_, err := e.Search(ctx, Page(queries[i%len(queries)].Text))
				d := time.Since(t)
				if err != nil {
					errs[g]++
					continue
				}
				lat[g] = append(lat[g], d)
			}
		})
	}
	wg.Wait()
	s := Sample{Wall: time.Since(start)}
	for g := range goroutines {
		s.Latencies = append(s.Latencies, lat[g]...)
		s.Errors += errs[g]
	}
	return s
}

// Totals runs every query once through e and returns the mean number of
// matches per query and the share of queries with none: a check that the
// engines do comparable work.
func Totals(ctx context.Context, e Engine, queries []Query) (meanTotal, zeroRate float64, err error) {
	var sum float64
	zero := 0
	for _, q := range queries {
		res, err := e.Search(ctx, Page(q.Text))
		if err != nil {
			return 0, 0, err
		}
		sum += float64(res.Total)
		if res.Total == 0 {
			zero++
		}
	}
	n := float64(len(queries))
	return sum / n, float64(zero) / n, nil
}
