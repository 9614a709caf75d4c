package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strings"
	"sync"
	"time"

	"github.com/careersearch/careers/internal/bench"
	"github.com/careersearch/careers/internal/bleveindex"
)

// runMem measures where our server's memory goes on one index root (issue
// 18): the Go heap an open generation holds (with a heap profile, so each
// table shows under the function that loads it), then the server's
// resident memory at rest and under HTTP search load, and, with -pickup,
// while a second copy of the generation is picked up under that load.
func runMem(ctx context.Context, args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("mem", flag.ContinueOnError)
	root := fs.String("index", "", "index root (holds `current`)")
	heap := fs.String("heap", "", "write the heap profile of an opened generation to this file")
	d := fs.Duration("time", 20*time.Second, "how long to search under load")
	conc := fs.Int("goroutines", 8, "concurrent requests")
	pickup := fs.Bool("pickup", false, "then copy the generation, point `current` at the copy after half of -time under load, and report the peak until it is picked up and the old one closed")
	src := sourceFlags(fs)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *root == "" {
		return fmt.Errorf("mem: -index is required")
	}
	if err := openedHeap(*root, *heap, stdout); err != nil {
		return err
	}
	queries, err := bench.QueryPool(*src, bench.PoolPerSource)
	if err != nil {
		return err
	}
	reload := time.Duration(0)
	if *pickup {
		reload = 250 * time.Millisecond
	}
	srv, err := bench.StartServer(ctx, bench.EngineOurs, *root, reload)
	if err != nil {
		return err
	}
	defer srv.Stop()
	time.Sleep(time.Second)
	rest := srv.Mem()
	fmt.Fprintf(stdout, "server at rest: RSS %s, anon %s\n", bench.MB(rest.RSS), bench.MB(rest.Anon))
	urls := make([]string, len(queries))
	for i, q := range queries {
		urls[i] = bench.SearchURL(srv.Addr, q.Text)
	}
	client := bench.NewClient(*conc)
	var mu sync.Mutex
	var peak bench.Mem
	sample := func() {
		m := srv.Mem()
		mu.Lock()
		peak.RSS, peak.Anon = max(peak.RSS, m.RSS), max(peak.Anon, m.Anon)
		mu.Unlock()
	}
	s := bench.Load(ctx, client, urls, *conc, 1<<30, *d, sample)
	fmt.Fprintf(stdout, "server under load (c=%d, %d requests, %d failed): peak RSS %s, peak anon %s\n",
		*conc, len(s.Latencies), s.Errors, bench.MB(peak.RSS), bench.MB(peak.Anon))
	if !*pickup {
		return nil
	}
	copyGen, restore, err := copyCurrent(*root)
	if err != nil {
		return err
	}
	defer restore()
	peak = bench.Mem{}
	// The load runs until the copy has been picked up and the old
	// generation's last searches are done (2 s more), or 5 minutes.
	lctx, stopLoad := context.WithCancel(ctx)
	defer stopLoad()
	loaded := make(chan bench.Sample, 1)
	go func() { loaded <- bench.Load(lctx, client, urls, *conc, 1<<30, 5*time.Minute, sample) }()
	time.Sleep(*d / 2)
	if err := os.Symlink(copyGen, filepath.Join(*root, "current.tmp")); err != nil {
		return err
	}
	if err := os.Rename(filepath.Join(*root, "current.tmp"), filepath.Join(*root, "current")); err != nil {
		return err
	}
	switched := time.Now()
	picked := false
	for !picked && time.Since(switched) < 5*time.Minute {
		time.Sleep(100 * time.Millisecond)
		if h, err := client.Get("http://" + srv.Addr + "/healthz"); err == nil {
			b, _ := io.ReadAll(h.Body)
			h.Body.Close()
			picked = strings.Contains(string(b), copyGen)
		}
	}
	took := time.Since(switched)
	time.Sleep(2 * time.Second)
	stopLoad()
	s = <-loaded
	fmt.Fprintf(stdout, "server under load across a pick-up (picked up: %v after %.1f s; %d requests, %d failed): peak RSS %s, peak anon %s\n",
		picked, took.Seconds(), len(s.Latencies), s.Errors, bench.MB(peak.RSS), bench.MB(peak.Anon))
	after := srv.Mem()
	fmt.Fprintf(stdout, "server after the pick-up: RSS %s, anon %s\n", bench.MB(after.RSS), bench.MB(after.Anon))
	return nil
}

// openedHeap opens the current generation in this process and reports the
// live heap it holds after a collection; with path set it writes the heap
// profile there.
func openedHeap(root, path string, stdout io.Writer) error {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	ix, err := bleveindex.Open(root, bleveindex.DefaultOptions())
	if err != nil {
		return err
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	fmt.Fprintf(stdout, "opened generation: live heap %s\n", bench.MB(int64(after.HeapAlloc)-int64(before.HeapAlloc)))
	if path != "" {
		f, err := os.Create(path)
		if err != nil {
			ix.Close()
			return err
		}
		err = pprof.Lookup("heap").WriteTo(f, 0)
		f.Close()
		if err != nil {
			ix.Close()
			return err
		}
	}
	runtime.KeepAlive(ix)
	return ix.Close()
}

// copyCurrent copies the generation `current` names under root to a new
// generation directory (hard links would share page-cache pages; a copy is
// what a rebuild produces) and returns its name and a function that points
// `current` back and removes the copy.
func copyCurrent(root string) (string, func(), error) {
	link := filepath.Join(root, "current")
	target, err := os.Readlink(link)
	if err != nil {
		return "", nil, err
	}
	src := target
	if !filepath.IsAbs(src) {
		src = filepath.Join(root, target)
	}
	name := "gen-99991231T235959.000000000Z"
	dst := filepath.Join(root, name)
	os.RemoveAll(dst)
	err = filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		out := filepath.Join(dst, rel)
		if info.IsDir() {
			return os.MkdirAll(out, 0o755)
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(out, data, info.Mode())
	})
	if err != nil {
		return "", nil, err
	}
	restore := func() {
		os.Symlink(target, link+".tmp")
		os.Rename(link+".tmp", link)
		os.RemoveAll(dst)
	}
	return name, restore, nil
}
