package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"time"

	"github.com/careersearch/careers/internal/bench"
)

// runProfile profiles the production query path (bleveindex.Index.Search
// with DefaultOptions) over the query mix, on an index that `build` (or
// `run -work DIR`) left: a CPU profile and an allocation profile. With
// -http it profiles the whole HTTP path instead: the engine's server on
// 127.0.0.1 in this process, loaded by the suite's load generator (whose
// frames are in the profile too).
func runProfile(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("profile", flag.ContinueOnError)
	dir := fs.String("index", "", "index directory (a bleveindex root, or the SQLite peer's directory)")
	engine := fs.String("engine", bench.EngineOurs, "engine to profile: careers, plain-bleve or sqlite-fts5")
	out := fs.String("out", "profiles", "directory for cpu.prof and allocs.prof")
	d := fs.Duration("time", 20*time.Second, "how long to search")
	goroutines := fs.Int("goroutines", 1, "concurrent searches (HTTP: concurrent requests)")
	overHTTP := fs.Bool("http", false, "profile searches through the HTTP server")
	src := sourceFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	queries, err := bench.QueryPool(*src, bench.PoolPerSource)
	if err != nil {
		return err
	}
	var search func(n int, d time.Duration) bench.Sample
	if *overHTTP {
		h, release, err := bench.Handler(ctx, *engine, *dir, 0)
		if err != nil {
			return err
		}
		defer release()
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
		go srv.Serve(ln)
		defer srv.Close()
		urls := make([]string, len(queries))
		for i, q := range queries {
			urls[i] = bench.SearchURL(ln.Addr().String(), q.Text)
		}
		client := bench.NewClient(*goroutines)
		search = func(n int, d time.Duration) bench.Sample {
			return bench.Load(ctx, client, urls, *goroutines, n, d, nil)
		}
	} else {
		e, err := bench.OpenEngine(*engine, *dir)
		if err != nil {
			return err
		}
		defer e.Close()
		search = func(n int, d time.Duration) bench.Sample {
			return bench.RunInProcess(ctx, e, queries, *goroutines, n, d)
		}
	}
	// Warm the page cache and the index's lazily built state first.
	search(len(queries), time.Minute)
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	cpu, err := os.Create(filepath.Join(*out, "cpu.prof"))
	if err != nil {
		return err
	}
	defer cpu.Close()
	runtime.GC()
	if err := pprof.StartCPUProfile(cpu); err != nil {
		return err
	}
	st := bench.Summarise(search(1<<30, *d))
	pprof.StopCPUProfile()
	fmt.Fprintf(stdout, "%s: %d searches, %d errors, p50 %v p99 %v, %.0f/s\n", *engine, st.N, st.Errors, st.P50, st.P99, st.PerSec)
	f, err := os.Create(filepath.Join(*out, "allocs.prof"))
	if err != nil {
		return err
	}
	defer f.Close()
	if err := pprof.Lookup("allocs").WriteTo(f, 0); err != nil {
		return err
	}
	fmt.Fprintf(stderr, "wrote %s and %s; read them with `go tool pprof -top`\n", cpu.Name(), f.Name())
	return nil
}
