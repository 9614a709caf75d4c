package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/careersearch/careers/internal/bleveindex"
)

// ReloadResult is what the rebuild-under-load test measured. Times are in
// milliseconds, one per rebuild.
type ReloadResult struct {
	Rebuilds int
	// Rebuild is `careers index` done in-process: reading and validating
	// the hand-written corpus, then bleveindex.Build up to the switch of
	// the current link.
	Rebuild []float64
	// Pickup runs from the switch to the first /healthz answer of the
	// running server that names the new generation.
	Pickup []float64
	// Total is Rebuild + Pickup: from the start of the rebuild until the
	// server answers from the new index.
	Total []float64
	// Load is the search traffic (concurrency 8) during the test.
	Load Stats
}

// MeasureReload starts the production server (Live with Watch at the
// shipped reload interval) on a fresh index of the hand-written corpus under
// root, puts it under search load at concurrency 8, rebuilds the corpus
// rebuilds times and times each pick-up. The rebuilds start at staggered
// moments so that they fall at different phases of the server's polling.
func MeasureReload(ctx context.Context, root string, src Sources, queries []Query, rebuilds int) (*ReloadResult, error) {
	careers, err := LoadCorpus(CorpusHand, src)
	if err != nil {
		return nil, err
	}
	if _, err := bleveindex.Build(ctx, root, careers, bleveindex.BuildOptions{}); err != nil {
		return nil, err
	}
	srv, err := StartServer(ctx, EngineOurs, root, ReloadInterval)
	if err != nil {
		return nil, err
	}
	defer srv.Stop()
	client := NewClient(16)
	urls := make([]string, len(queries))
	for i, q := range queries {
		urls[i] = SearchURL(srv.Addr, q.Text)
	}
	lctx, stopLoad := context.WithCancel(ctx)
	loaded := make(chan Sample, 1)
	go func() { loaded <- Load(lctx, client, urls, 8, 1<<30, 2*time.Minute, nil) }()

	r := &ReloadResult{Rebuilds: rebuilds}
	health := "http://" + srv.Addr + "/healthz"
	for k := range rebuilds {
		time.Sleep(300*time.Millisecond + time.Duration(k)*ReloadInterval/time.Duration(rebuilds))
		start := time.Now()
		careers, err := LoadCorpus(CorpusHand, src)
		if err != nil {
			stopLoad()
			return nil, err
		}
		rep, err := bleveindex.Build(ctx, root, careers, bleveindex.BuildOptions{})
		if err != nil {
			stopLoad()
			return nil, err
		}
		built := time.Now()
		if err := waitFor(ctx, health, rep.Generation, 10*time.Second); err != nil {
			stopLoad()
			return nil, err
		}
		picked := time.Now()
		r.Rebuild = append(r.Rebuild, ms(built.Sub(start)))
		r.Pickup = append(r.Pickup, ms(picked.Sub(built)))
		r.Total = append(r.Total, ms(picked.Sub(start)))
	}
	time.Sleep(200 * time.Millisecond)
	stopLoad()
	s := <-loaded
	r.Load = Summarise(s)
	return r, nil
}

// waitFor polls url every 2 ms until its body contains want.
func waitFor(ctx context.Context, url, want string, limit time.Duration) error {
	c := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if resp, err := c.Get(url); err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if strings.Contains(string(body), want) {
				return nil
			}
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(2 * time.Millisecond):
		}
	}
	return fmt.Errorf("bench: server did not pick up %s within %s", want, limit)
}
