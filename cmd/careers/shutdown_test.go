package main

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/config"
	"github.com/careersearch/careers/internal/httpapi"
	"github.com/careersearch/careers/internal/web"
)

// heldHandler wraps the real handler: a search announces itself on entered and
// waits for release before it is served, so the test knows it is in flight.
type heldHandler struct {
	h       http.Handler
	entered chan struct{}
	release chan struct{}
}

func (h *heldHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/search" {
		h.entered <- struct{}{}
		<-h.release
	}
	h.h.ServeHTTP(w, r)
}

// startHeld serves the real handler over a real index through serve, with
// searches held, and returns the base URL, the hold, and serve's result.
func startHeld(t *testing.T, grace time.Duration) (string, *heldHandler, context.CancelFunc, chan error) {
	t.Helper()
	corpusDir := tempCorpus(t)
	indexDir := filepath.Join(t.TempDir(), "index")
	if _, errOut, err := runCmd(t, env("CAREERS_CORPUS_DIRS", corpusDir, "CAREERS_INDEX_PATH", indexDir, "CAREERS_CORPUS_RULES", "basic"), "index"); err != nil {
		t.Fatalf("index: %v\n%s", err, errOut)
	}
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	live, err := bleveindex.NewLive(indexDir, bleveindex.DefaultOptions(), log)
	if err != nil {
		t.Fatal(err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	h := &heldHandler{h: newHandler(live, httpapi.Options{}, web.DefaultSite, log), entered: make(chan struct{}, 1), release: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	a := &app{ctx: ctx, getenv: env(), stdout: io.Discard, stderr: io.Discard}
	go func() { done <- serve(ctx, ln, h, live, config.Server{ShutdownGrace: grace}, a, log) }()
	return "http://" + ln.Addr().String(), h, cancel, done
}

// TestGracefulShutdown stops the server (as SIGTERM does) while a search
// is in flight: the server stops taking connections at once, the search
// finishes and is answered in full, then serve returns without error.
func TestGracefulShutdown(t *testing.T) {
	base, h, cancel, done := startHeld(t, 30*time.Second)
	defer cancel()
	type result struct {
		status int
		body   string
		err    error
	}
	inFlight := make(chan result, 1)
	go func() {
		resp, err := http.Get(base + "/api/search?q=medical+imaging")
		if err != nil {
			inFlight <- result{err: err}
			return
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		inFlight <- result{resp.StatusCode, string(body), err}
	}()
	<-h.entered
	cancel() // shutdown begins with the search in flight

	// New connections are refused once the listener is closed...
	waitFor(t, func() bool {
		c, err := net.DialTimeout("tcp", strings.TrimPrefix(base, "http://"), time.Second)
		if err == nil {
			c.Close()
		}
		return err != nil
	}, "the listener to close")
	// ...but serve waits for the search in flight.
	select {
	case err := <-done:
		t.Fatalf("serve returned with a request in flight: %v", err)
	case <-time.After(50 * time.Millisecond):
	}
	close(h.release)
	r := <-inFlight
	if r.err != nil || r.status != 200 || !strings.Contains(r.body, `"id":"imaging-phrase"`) {
		t.Errorf("the request in flight: %d %v %.200s", r.status, r.err, r.body)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not return after the last request finished")
	}
}

// TestShutdownGraceExpires holds a search past the grace period: serve
// cuts it off, says so, and returns.
func TestShutdownGraceExpires(t *testing.T) {
	base, h, cancel, done := startHeld(t, 100*time.Millisecond)
	defer close(h.release)
	clientErr := make(chan error, 1)
	go func() {
		resp, err := http.Get(base + "/api/search?q=data")
		if err == nil {
			_, err = io.ReadAll(resp.Body)
			resp.Body.Close()
		}
		clientErr <- err
	}()
	<-h.entered
	cancel()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "shutdown grace of 100ms") {
			t.Errorf("serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not give up after the grace period")
	}
	if err := <-clientErr; err == nil {
		t.Error("the request held past the grace period was answered")
	}
}
