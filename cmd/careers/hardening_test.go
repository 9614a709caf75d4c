package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestServeSlowClients runs the real `serve` command on a loopback port
// and opens 64 connections of each kind of slow client: searches still
// answer 200 within a second, a body on a GET route is refused at once,
// and the server's read timeouts close what never finishes.
func TestServeSlowClients(t *testing.T) {
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic",
		"CAREERS_LOG_LEVEL", "warn", "CAREERS_SERVER_READ_HEADER_TIMEOUT", "300ms", "CAREERS_SERVER_IDLE_TIMEOUT", "500ms",
		"CAREERS_SERVER_REQUEST_TIMEOUT", "1s")
	if _, errOut, err := runCmd(t, getenv, "index"); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut)
	}
	base, stop := startServer(t, getenv)
	defer stop()
	addr := strings.TrimPrefix(base, "http://")

	kinds := []struct {
		name, send string
		status     int // the answer expected at once; 0: none, the connection is closed
	}{
		{"partial body", "GET /api/search?q=data HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789", 413},
		{"stalled chunked body", "GET /api/search?q=data HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", 413},
		{"expect 100-continue", "GET /?q=data HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n", 413},
		{"partial headers", "GET /api/search?q=data HTTP/1.1\r\nHost: x\r\n", 0},
		{"nothing at all", "", 0},
		{"idle keep-alive", "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n", 200},
	}
	const n = 64
	var conns []net.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	type kindConn struct {
		c      net.Conn
		status int
		name   string
	}
	var all []kindConn
	for _, k := range kinds {
		for range n {
			c, err := net.DialTimeout("tcp", addr, time.Second)
			if err != nil {
				t.Fatal(err)
			}
			conns = append(conns, c)
			io.WriteString(c, k.send)
			all = append(all, kindConn{c, k.status, k.name})
		}
	}

	// With all of them open, searches are answered.
	client := &http.Client{Timeout: 5 * time.Second}
	for i := range 5 {
		start := time.Now()
		resp, err := client.Get(fmt.Sprintf("%s/api/search?q=data&page=%d", base, i%2+1))
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if took := time.Since(start); resp.StatusCode != 200 || took > time.Second {
			t.Errorf("search %d with %d slow connections open: %d after %s", i, len(conns), resp.StatusCode, took)
		}
	}

	// Each gets its answer, if any, and then the server closes it: within
	// the read timeouts (0.3 s for headers, 0.3 + 1 + 1 s for a whole
	// request, 0.5 s idle), well inside the 10 s allowed here.
	var wg sync.WaitGroup
	for _, kc := range all {
		wg.Add(1)
		go func(kc kindConn) {
			defer wg.Done()
			kc.c.SetReadDeadline(time.Now().Add(10 * time.Second))
			r := bufio.NewReader(kc.c)
			if kc.status != 0 {
				resp, err := http.ReadResponse(r, nil)
				if err != nil {
					t.Errorf("%s: no answer: %v", kc.name, err)
					return
				}
				io.Copy(io.Discard, resp.Body)
				if resp.StatusCode != kc.status {
					t.Errorf("%s: %d, want %d", kc.name, resp.StatusCode, kc.status)
				}
			}
			_, err := r.ReadByte()
			var ne net.Error
			if errors.As(err, &ne) && ne.Timeout() {
				t.Errorf("%s: the server kept the connection open", kc.name)
			}
		}(kc)
	}
	wg.Wait()
}

// TestServeDamagedGeneration starts the real `serve` command on an index
// whose current generation is damaged: it serves the older generation
// still on disk; with that damaged too it still starts, answers 503 on
// search while /healthz says why, and serves the next good build.
func TestServeDamagedGeneration(t *testing.T) {
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	getenv := env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic",
		"CAREERS_SERVER_RELOAD_INTERVAL", "20ms", "CAREERS_LOG_LEVEL", "warn")
	index := func() string {
		if _, errOut, err := runCmd(t, getenv, "index"); err != nil {
			t.Fatalf("index: %v\n%s", err, errOut)
		}
		return currentGen(t, indexDir)
	}
	damage := func(gen string) {
		segs, _ := filepath.Glob(filepath.Join(indexDir, gen, "store", "*.zap"))
		for _, p := range segs {
			b, _ := os.ReadFile(p)
			for i := len(b) - 40; i < len(b)-20; i++ {
				b[i] ^= 0xff
			}
			os.WriteFile(p, b, 0o644)
		}
	}
	get := func(url string) (int, string) {
		t.Helper()
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, string(body)
	}
	older := index()
	newer := index()
	damage(newer)

	base, stop := startServer(t, getenv)
	if code, body := get(base + "/readyz"); code != 200 || !strings.Contains(body, older) {
		t.Errorf("readyz with the older generation on disk: %d %s", code, body)
	}
	if _, body := get(base + "/healthz"); !strings.Contains(body, `"problem":"index generation `+newer+` cannot be opened`) {
		t.Errorf("healthz: %s", body)
	}
	if _, body := get(base + "/metrics"); !strings.Contains(body, "careers_index_reload_failures_total 1") {
		t.Errorf("the damaged generation is not counted:\n%s", body)
	}
	stop()

	damage(older)
	base, stop = startServer(t, getenv)
	defer stop()
	if code, body := get(base + "/api/search?q=data"); code != 503 || !strings.Contains(body, "cannot be opened") || strings.Contains(body, indexDir) {
		t.Errorf("search with no generation that opens: %d %s", code, body)
	}
	if code, body := get(base + "/healthz"); code != 200 || !strings.Contains(body, `"index":"damaged"`) || strings.Contains(body, indexDir) {
		t.Errorf("healthz: %d %s", code, body)
	}
	good := index()
	waitFor(t, func() bool {
		code, body := get(base + "/readyz")
		return code == 200 && strings.Contains(body, good)
	}, "the server to serve the next good build")
}
