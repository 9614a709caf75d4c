package httpapi_test

import (
	"bufio"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/httpapi"
)

// slowClients are requests a careless or hostile client leaves unfinished;
// each writes its part and then goes silent. answered says whether the
// server should answer it at once (413: a body on a GET route), without
// waiting for what never comes.
var slowClients = []struct {
	name     string
	send     string
	answered bool
}{
	{"partial body", "GET /api/search?q=data HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789", true},
	{"stalled chunked body", "GET /api/search?q=data HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nab", true},
	{"expect 100-continue", "GET /api/search?q=data HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n", true},
	{"page with a partial body", "GET /?q=data HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n0123456789", true},
	{"partial headers", "GET /api/search?q=data HTTP/1.1\r\nHost: x\r\n", false},
	{"nothing at all", "", false},
}

// TestSlowClientsDoNotBlockSearches opens 64 connections of each kind of
// slow client against a real server on a loopback port, with 32 search
// slots and no server timeouts at all (so nothing but the handler's own
// behaviour is tested): searches still answer 200 within a second, and
// a body on a GET route is refused without waiting for it.
func TestSlowClientsDoNotBlockSearches(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	srv := &http.Server{Handler: fullServer(live, httpapi.Options{MaxInFlight: 32, QueueWait: 250 * time.Millisecond, MaxBodyBytes: 1 << 16})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	addr := ln.Addr().String()
	client := &http.Client{Timeout: 5 * time.Second}

	for _, sc := range slowClients {
		t.Run(sc.name, func(t *testing.T) {
			const n = 64
			conns := make([]net.Conn, 0, n)
			defer func() {
				for _, c := range conns {
					c.Close()
				}
			}()
			for range n {
				c, err := net.DialTimeout("tcp", addr, time.Second)
				if err != nil {
					t.Fatal(err)
				}
				conns = append(conns, c)
				if sc.send != "" {
					if _, err := io.WriteString(c, sc.send); err != nil {
						t.Fatal(err)
					}
				}
			}
			if sc.answered {
				var wg sync.WaitGroup
				for _, c := range conns {
					wg.Add(1)
					go func(c net.Conn) {
						defer wg.Done()
						c.SetReadDeadline(time.Now().Add(5 * time.Second))
						resp, err := http.ReadResponse(bufio.NewReader(c), nil)
						if err != nil {
							t.Errorf("no answer: %v", err)
							return
						}
						body, _ := io.ReadAll(resp.Body)
						if resp.StatusCode != 413 || !strings.Contains(string(body), "takes no body") || !resp.Close {
							t.Errorf("answer %d close=%v: %s", resp.StatusCode, resp.Close, body)
						}
					}(c)
				}
				wg.Wait()
			}
			// With all of them open (or answered), searches are served.
			for i := range 3 {
				start := time.Now()
				resp, err := client.Get(fmt.Sprintf("http://%s/api/search?q=data&page=%d", addr, i+1))
				if err != nil {
					t.Fatal(err)
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if took := time.Since(start); resp.StatusCode != 200 || took > time.Second {
					t.Errorf("search with %d slow clients open: %d after %s", n, resp.StatusCode, took)
				}
			}
		})
	}
}

// TestHeadHasNoBody checks HEAD on a real connection: GET's status and
// headers, and no body.
func TestHeadHasNoBody(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	srv := &http.Server{Handler: fullServer(live, httpapi.Options{})}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.Serve(ln)
	defer srv.Close()
	for _, target := range []string{"/api/search?q=data", "/api/careers/labeller", "/api/careers/labeller/similar", "/api/suggest?q=da",
		"/api/categories", "/api/openapi.json", "/healthz", "/readyz", "/metrics"} {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), time.Second)
		if err != nil {
			t.Fatal(err)
		}
		fmt.Fprintf(c, "HEAD %s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", target)
		c.SetReadDeadline(time.Now().Add(5 * time.Second))
		raw, _ := io.ReadAll(c)
		c.Close()
		head, rest, _ := strings.Cut(string(raw), "\r\n\r\n")
		if !strings.HasPrefix(head, "HTTP/1.1 200") || rest != "" {
			t.Errorf("HEAD %s: %q then %d bytes of body", target, head, len(rest))
		}
	}
}
