package bench

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"sync"
	"sync/atomic"
	"time"
)

// NewClient returns an HTTP client that keeps up to conns connections to
// one host alive, as a load generator should.
func NewClient(conns int) *http.Client {
	return &http.Client{
		Timeout: 30 * time.Second,
		Transport: &http.Transport{
			MaxIdleConns:        conns,
			MaxIdleConnsPerHost: conns,
			DisableCompression:  true,
			IdleConnTimeout:     time.Minute,
		},
	}
}

// SearchURL is the API request for one page of query text.
func SearchURL(addr, text string) string {
	return "http://" + addr + "/api/search?size=10&q=" + url.QueryEscape(text)
}

// Load sends GET requests for urls (in order, cycling) from concurrency
// workers until requests have been sent, maxTime has passed or ctx is done.
// A request fails unless it answers 200 and its whole body is read. If
// sample is set, it is called every 20 ms while the load runs (the suite
// reads the server's memory with it).
func Load(ctx context.Context, c *http.Client, urls []string, concurrency, requests int, maxTime time.Duration, sample func()) Sample {
	var next atomic.Int64
	lat := make([][]time.Duration, concurrency)
	errs := make([]int, concurrency)
	deadline := time.Now().Add(maxTime)
	done := make(chan struct{})
	if sample != nil {
		go func() {
			t := time.NewTicker(20 * time.Millisecond)
			defer t.Stop()
			for {
				select {
				case <-done:
					return
				case <-t.C:
					sample()
				}
			}
		}()
	}
	start := time.Now()
	var wg sync.WaitGroup
	for w := range concurrency {
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= requests || ctx.Err() != nil || time.Now().After(deadline) {
					return
				}
				t := time.Now()
				ok := get(ctx, c, urls[i%len(urls)])
				d := time.Since(t)
				if !ok {
					if ctx.Err() != nil {
						return // cut off by the caller, not failed
					}
					errs[w]++
					continue
				}
				lat[w] = append(lat[w], d)
			}
		})
	}
	wg.Wait()
	close(done)
	s := Sample{Wall: time.Since(start)}
	for w := range concurrency {
		s.Latencies = append(s.Latencies, lat[w]...)
		s.Errors += errs[w]
	}
	return s
}

func get(ctx context.Context, c *http.Client, u string) bool {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return false
	}
	resp, err := c.Do(req)
	if err != nil {
		return false
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return err == nil && resp.StatusCode == http.StatusOK
}
