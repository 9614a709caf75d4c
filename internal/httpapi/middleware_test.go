package httpapi_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/httpapi"
	"github.com/careersearch/careers/internal/web"
)

// do sends one request to h and returns the recorded response. Headers
// come as name, value pairs; a "RemoteAddr" pair sets the client address.
func do(h http.Handler, method, target string, body io.Reader, hdr ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, body)
	for i := 0; i+1 < len(hdr); i += 2 {
		if hdr[i] == "RemoteAddr" {
			req.RemoteAddr = hdr[i+1]
			continue
		}
		req.Header.Set(hdr[i], hdr[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

// decodeError returns the JSON error of a response, failing the test if
// the body is not the one error shape.
func decodeError(t *testing.T, rec *httptest.ResponseRecorder) errorJSON {
	t.Helper()
	var ej errorJSON
	dec := json.NewDecoder(bytes.NewReader(rec.Body.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ej); err != nil || ej.Error.Code == "" || ej.Error.Message == "" {
		t.Fatalf("%d: not the JSON error shape (%v): %s", rec.Code, err, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		t.Errorf("error content type %q", ct)
	}
	return ej
}

// syncBuffer collects log output written from several goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// records parses JSON log lines.
func (s *syncBuffer) records(t *testing.T) []map[string]any {
	t.Helper()
	var out []map[string]any
	sc := bufio.NewScanner(strings.NewReader(s.String()))
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("log line is not JSON: %v: %s", err, sc.Text())
		}
		out = append(out, m)
	}
	return out
}

func jsonLog(w io.Writer) *slog.Logger { return slog.New(slog.NewJSONHandler(w, nil)) }

func TestRequestID(t *testing.T) {
	e := newServer(t)
	generated := regexp.MustCompile(`^[0-9a-f]{24}$`)
	a := do(e, "GET", "/api/categories", nil).Header().Get("X-Request-Id")
	b := do(e, "GET", "/api/categories", nil).Header().Get("X-Request-Id")
	if !generated.MatchString(a) || !generated.MatchString(b) || a == b {
		t.Errorf("generated ids %q %q", a, b)
	}
	if got := do(e, "GET", "/healthz", nil, "X-Request-Id", "abc-123.DEF_4").Header().Get("X-Request-Id"); got != "abc-123.DEF_4" {
		t.Errorf("a sane client id is kept: got %q", got)
	}
	for _, bad := range []string{"has space", strings.Repeat("x", 65), "quote\"", "naïve"} {
		if got := do(e, "GET", "/healthz", nil, "X-Request-Id", bad).Header().Get("X-Request-Id"); !generated.MatchString(got) {
			t.Errorf("client id %q must be replaced, got %q", bad, got)
		}
	}
	for _, target := range []string{"/api/nothing", "/api/search?size=0", "/api/careers/astronaut"} {
		if got := do(e, "GET", target, nil).Header().Get("X-Request-Id"); !generated.MatchString(got) {
			t.Errorf("%s: error response lacks a request id: %q", target, got)
		}
	}
}

func TestSecurityHeaders(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	e := httpapi.New(live, quietLog, httpapi.Options{})
	web.Register(e, live, quietLog)
	for _, target := range []string{"/api/search?q=data", "/api/search?size=0", "/api/nothing", "/healthz", "/readyz", "/metrics",
		"/api/openapi.json", "/", "/careers/labeller", "/careers/nobody", "/static/app.css", "/no/such/page"} {
		rec := do(e, "GET", target, nil)
		h := rec.Header()
		if h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" || h.Get("Referrer-Policy") == "" ||
			!strings.Contains(h.Get("Content-Security-Policy"), "frame-ancestors 'none'") {
			t.Errorf("%s (%d): security headers %v", target, rec.Code, h)
		}
		isPage := strings.HasPrefix(h.Get("Content-Type"), "text/html") || strings.HasPrefix(target, "/static/")
		if isPage && !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") {
			t.Errorf("%s: the pages' own CSP was overwritten: %q", target, h.Get("Content-Security-Policy"))
		}
		apiRoute := strings.HasPrefix(target, "/api/search") || target == "/healthz" || target == "/metrics"
		if apiRoute && h.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'none'" {
			t.Errorf("%s: API CSP %q", target, h.Get("Content-Security-Policy"))
		}
	}
}

func TestAccessLog(t *testing.T) {
	var logs syncBuffer
	e := httpapi.New(newLive(t, bleveindex.DefaultOptions()), quietLog, httpapi.Options{AccessLog: jsonLog(&logs)})
	ids := map[string]int{}
	for target, status := range map[string]int{"/api/search?q=data": 200, "/api/search?size=0": 400, "/api/careers/nobody": 404, "/api/nothing": 404} {
		rec := do(e, "GET", target, nil, "User-Agent", "test-agent")
		if rec.Code != status {
			t.Fatalf("%s: %d", target, rec.Code)
		}
		ids[rec.Header().Get("X-Request-Id")] = status
	}
	recs := logs.records(t)
	if len(recs) != len(ids) {
		t.Fatalf("%d access records for %d requests:\n%s", len(recs), len(ids), logs.String())
	}
	for _, r := range recs {
		id, _ := r["request_id"].(string)
		status, ok := ids[id]
		if !ok || r["msg"] != "request" || r["status"] != float64(status) || r["method"] != "GET" || r["user_agent"] != "test-agent" ||
			r["remote"] == "" || r["duration_ms"] == nil || r["route"] == "" {
			t.Errorf("record %v (want status %d)", r, status)
		}
		if strings.Contains(r["path"].(string), "?") {
			t.Errorf("the query string is logged: %v", r)
		}
	}
}

func TestPanicIsGeneric500(t *testing.T) {
	var logs syncBuffer
	e := httpapi.New(newLive(t, bleveindex.DefaultOptions()), jsonLog(&logs), httpapi.Options{})
	e.GET("/api/boom", func(echo.Context) error { panic("opening /srv/secret/index: boom") })
	rec := do(e, "GET", "/api/boom", nil)
	if rec.Code != 500 {
		t.Fatalf("status %d", rec.Code)
	}
	ej := decodeError(t, rec)
	if ej.Error.Code != "internal" || ej.Error.Message != "internal error" {
		t.Errorf("error %+v", ej.Error)
	}
	if body := rec.Body.String(); strings.Contains(body, "/srv/secret") || strings.Contains(body, "goroutine") || strings.Contains(body, ".go:") {
		t.Errorf("the answer leaks details: %s", body)
	}
	id := rec.Header().Get("X-Request-Id")
	var found bool
	for _, r := range logs.records(t) {
		if r["msg"] == "panic serving request" {
			found = true
			if r["request_id"] != id || !strings.Contains(r["panic"].(string), "/srv/secret") || !strings.Contains(r["stack"].(string), "goroutine") {
				t.Errorf("panic record %v", r)
			}
		}
		if r["msg"] == "request failed" {
			t.Errorf("the panic is logged twice: %v", r)
		}
	}
	if !found {
		t.Errorf("panic not logged:\n%s", logs.String())
	}
	// The server goes on serving.
	if rec := do(e, "GET", "/api/categories", nil); rec.Code != 200 {
		t.Errorf("after a panic: %d", rec.Code)
	}
}

func TestCORS(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	off := httpapi.New(live, quietLog, httpapi.Options{})
	rec := do(off, "GET", "/api/search?q=data", nil, "Origin", "https://evil.example")
	if rec.Code != 200 || rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS must be off by default: %d %v", rec.Code, rec.Header())
	}
	on := httpapi.New(live, quietLog, httpapi.Options{CORSOrigins: []string{"https://app.example"}})
	rec = do(on, "GET", "/api/search?q=data", nil, "Origin", "https://app.example")
	if rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example" ||
		!strings.Contains(rec.Header().Get("Access-Control-Expose-Headers"), "X-Request-Id") {
		t.Errorf("allowed origin: %v", rec.Header())
	}
	rec = do(on, "GET", "/api/search?q=data", nil, "Origin", "https://evil.example")
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("other origin allowed: %v", rec.Header())
	}
	rec = do(on, "OPTIONS", "/api/search", nil, "Origin", "https://app.example", "Access-Control-Request-Method", "GET")
	if rec.Code != http.StatusNoContent || rec.Header().Get("Access-Control-Allow-Origin") != "https://app.example" ||
		!strings.Contains(rec.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight: %d %v", rec.Code, rec.Header())
	}
	rec = do(on, "GET", "/healthz", nil, "Origin", "https://app.example")
	if rec.Header().Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("CORS applies to /api/ only: %v", rec.Header())
	}
}

func TestRateLimit(t *testing.T) {
	// One request in 100 s (a burst of one): no token comes back while the
	// test runs, however slow the machine.
	reg := prometheus.NewRegistry()
	e := httpapi.New(newLive(t, bleveindex.DefaultOptions()), quietLog, httpapi.Options{RateLimit: 0.01, Registry: reg})
	client := []string{"RemoteAddr", "192.0.2.1:1234"}
	if rec := do(e, "GET", "/api/categories", nil, client...); rec.Code != 200 {
		t.Fatalf("first request: %d", rec.Code)
	}
	rec := do(e, "GET", "/api/search?q=data", nil, client...)
	if rec.Code != http.StatusTooManyRequests || rec.Header().Get("Retry-After") != "100" {
		t.Fatalf("over the limit: %d %v", rec.Code, rec.Header())
	}
	if ej := decodeError(t, rec); ej.Error.Code != "rate_limited" {
		t.Errorf("error %+v", ej.Error)
	}
	// Spoofed forwarding headers do not make a new client.
	if rec := do(e, "GET", "/api/categories", nil, "RemoteAddr", "192.0.2.1:999", "X-Forwarded-For", "198.51.100.7", "X-Real-Ip", "198.51.100.8"); rec.Code != 429 {
		t.Errorf("X-Forwarded-For dodged the limit: %d", rec.Code)
	}
	// Probes and metrics are never limited; another address has its own budget.
	for _, target := range []string{"/healthz", "/readyz", "/metrics"} {
		if rec := do(e, "GET", target, nil, client...); rec.Code != 200 {
			t.Errorf("%s limited: %d", target, rec.Code)
		}
	}
	if rec := do(e, "GET", "/api/categories", nil, "RemoteAddr", "192.0.2.2:1234"); rec.Code != 200 {
		t.Errorf("another client: %d", rec.Code)
	}
	if m := metricsText(t, e); !strings.Contains(m, `careers_http_rejected_total{reason="rate_limited"} 2`) {
		t.Errorf("rejections not counted:\n%s", grep(m, "rejected"))
	}
}

// gated is a searcher whose searches announce themselves on entered and
// then wait for release (or their context) before searching for real.
type gated struct {
	career.Searcher
	entered chan struct{}
	release chan struct{}
}

func newGated(s career.Searcher) *gated {
	return &gated{Searcher: s, entered: make(chan struct{}, 16), release: make(chan struct{})}
}

func (g *gated) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	g.entered <- struct{}{}
	select {
	case <-g.release:
	case <-ctx.Done():
	}
	return g.Searcher.Search(ctx, q)
}

func TestRequestTimeout(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	// A search that would never end is cut off at the timeout: Bleve sees
	// the cancelled context and the client gets 503 with the JSON error.
	g := newGated(live)
	e := httpapi.New(g, quietLog, httpapi.Options{RequestTimeout: 50 * time.Millisecond})
	rec := do(e, "GET", "/api/search?q=data", nil)
	if rec.Code != 503 {
		t.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	if ej := decodeError(t, rec); ej.Error.Code != "unavailable" || !strings.Contains(ej.Error.Message, "timed out after 50ms") {
		t.Errorf("error %+v", ej.Error)
	}
	// A deadline already past when Bleve starts: the real index refuses.
	e = httpapi.New(live, quietLog, httpapi.Options{RequestTimeout: time.Nanosecond})
	rec = do(e, "GET", "/api/search?q=data", nil)
	if ej := decodeError(t, rec); rec.Code != 503 || !strings.Contains(ej.Error.Message, "timed out") {
		t.Errorf("expired deadline: %d %+v", rec.Code, ej)
	}
	// Parameter errors are still reported as such.
	if rec := do(e, "GET", "/api/search?size=0", nil); rec.Code != 400 {
		t.Errorf("bad size under a timeout: %d", rec.Code)
	}
}

func TestMaxInFlight(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	g := newGated(live)
	reg := prometheus.NewRegistry()
	e := httpapi.New(g, quietLog, httpapi.Options{MaxInFlight: 1, QueueWait: 20 * time.Millisecond, Registry: reg})
	first := make(chan *httptest.ResponseRecorder)
	go func() { first <- do(e, "GET", "/api/search?q=data", nil) }()
	<-g.entered // the one slot is taken

	rec := do(e, "GET", "/api/search?q=imaging", nil)
	if rec.Code != 503 || rec.Header().Get("Retry-After") != "1" {
		t.Fatalf("over max_in_flight: %d %v", rec.Code, rec.Header())
	}
	if ej := decodeError(t, rec); ej.Error.Code != "unavailable" || !strings.Contains(ej.Error.Message, "busy") {
		t.Errorf("error %+v", ej.Error)
	}
	// Routes that do not search are not queued.
	for _, target := range []string{"/api/categories", "/healthz", "/metrics"} {
		if rec := do(e, "GET", target, nil); rec.Code != 200 {
			t.Errorf("%s while busy: %d", target, rec.Code)
		}
	}
	if m := metricsText(t, e); !strings.Contains(m, "careers_searches_in_flight 1") || !strings.Contains(m, `careers_http_rejected_total{reason="busy"} 1`) {
		t.Errorf("metrics while busy:\n%s", grep(m, "flight|rejected"))
	}
	close(g.release)
	if rec := <-first; rec.Code != 200 {
		t.Errorf("the search in flight: %d", rec.Code)
	}

	// A search that waits in the queue gets the slot when it frees.
	g = newGated(live)
	e = httpapi.New(g, quietLog, httpapi.Options{MaxInFlight: 1, QueueWait: time.Minute})
	go func() { first <- do(e, "GET", "/api/search?q=data", nil) }()
	<-g.entered
	second := make(chan *httptest.ResponseRecorder)
	go func() { second <- do(e, "GET", "/api/search?q=imaging", nil) }()
	select {
	case rec := <-second:
		t.Fatalf("the second search did not wait: %d", rec.Code)
	case <-time.After(20 * time.Millisecond):
	}
	g.release <- struct{}{} // first search finishes, second takes the slot
	if rec := <-first; rec.Code != 200 {
		t.Errorf("first: %d", rec.Code)
	}
	<-g.entered
	g.release <- struct{}{}
	if rec := <-second; rec.Code != 200 {
		t.Errorf("queued: %d %s", rec.Code, rec.Body)
	}
}

// TestBodiesRefused: no route takes a body, so a GET or HEAD request that
// carries one is refused at once, without reading it (the client may never
// send it), and the connection is closed after the answer so that net/http
// does not read it either. Other methods keep server.max_body_bytes.
func TestBodiesRefused(t *testing.T) {
	e := httpapi.New(newLive(t, bleveindex.DefaultOptions()), quietLog, httpapi.Options{MaxBodyBytes: 16})
	chunked := func(r *http.Request) { r.ContentLength = -1; r.TransferEncoding = []string{"chunked"} }
	expect := func(r *http.Request) { r.Header.Set("Expect", "100-continue") }
	tests := []struct {
		name    string
		method  string
		body    string
		edit    func(*http.Request)
		status  int
		message string // fragment of the error
	}{
		{"GET with a small body", "GET", "small", nil, 413, "GET /api/search takes no body"},
		{"GET with a large body", "GET", strings.Repeat("x", 17), nil, 413, "takes no body"},
		{"GET chunked", "GET", "x", chunked, 413, "takes no body"},
		{"GET expecting 100-continue", "GET", "x", expect, 413, "takes no body"},
		{"HEAD with a body", "HEAD", "x", nil, 413, ""},
		{"GET without a body", "GET", "", nil, 200, ""},
		{"POST over max_body_bytes", "POST", strings.Repeat("x", 17), nil, 413, "larger than 16 bytes"},
		{"POST within max_body_bytes", "POST", "small", nil, 405, "method not allowed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest(tt.method, "/api/search?q=data", strings.NewReader(tt.body))
			if tt.edit != nil {
				tt.edit(req)
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if tt.status == 200 {
				return
			}
			if got := rec.Header().Get("Connection"); got != "close" {
				t.Errorf("Connection: %q, want close (else net/http reads the body before the answer)", got)
			}
			if tt.method == "HEAD" {
				return
			}
			if ej := decodeError(t, rec); ej.Error.Code != "invalid_argument" || !strings.Contains(ej.Error.Message, tt.message) {
				t.Errorf("error %+v, want one saying %q", ej.Error, tt.message)
			}
		})
	}
}

func TestMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	live := newLive(t, bleveindex.DefaultOptions())
	hook := httpapi.ReloadObserver(reg)
	e := httpapi.New(live, quietLog, httpapi.Options{Registry: reg})
	do(e, "GET", "/api/search?q=data", nil)
	do(e, "GET", "/api/search?q=data", nil)
	do(e, "GET", "/api/search?q=zzzzqqq", nil)
	do(e, "GET", "/api/search?size=0", nil)
	do(e, "GET", "/api/careers/nobody", nil)
	do(e, "GET", "/readyz", nil) // probes are not counted as searches
	hook("gen-1", nil)
	hook("gen-2", nil)
	hook("gen-3", context.Canceled)
	m := metricsText(t, e)
	for _, want := range []string{
		`careers_http_request_duration_seconds_count{method="GET",route="/api/search",status="2xx"} 3`,
		`careers_http_request_duration_seconds_count{method="GET",route="/api/search",status="4xx"} 1`,
		`careers_http_request_duration_seconds_count{method="GET",route="/api/careers/:id",status="4xx"} 1`,
		`careers_http_request_duration_seconds_bucket{method="GET",route="/api/search",status="2xx",le="10"} 3`,
		"careers_searches_total 3",
		"careers_search_zero_results_total 1",
		"careers_index_documents 7",
		"careers_index_reloads_total 2",
		"careers_index_reload_failures_total 1",
		"careers_index_built_timestamp_seconds 1.",
	} {
		if !strings.Contains(m, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if t.Failed() {
		t.Log(grep(m, "careers_"))
	}
}

// TestMetricsLabelsAreBounded sends invented methods, paths and statuses:
// every label keeps to its fixed set, so /metrics holds the same series
// after a thousand of them as after the first few.
func TestMetricsLabelsAreBounded(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	e := fullServer(live, httpapi.Options{Registry: prometheus.NewRegistry()})
	send := func(i int) {
		do(e, fmt.Sprintf("QWERTY%d", i), "/healthz", nil)
		do(e, fmt.Sprintf("M%d", i), fmt.Sprintf("/invented/%d", i), nil)
		do(e, "GET", fmt.Sprintf("/api/nothing-%d", i), nil)
		do(e, "GET", fmt.Sprintf("/api/careers/nobody-%d", i), nil)
		do(e, "GET", fmt.Sprintf("/page-%d", i), nil)
	}
	for i := range 5 {
		send(i)
	}
	metricsText(t, e) // the scrape's own series
	series := func() map[string]bool {
		out := map[string]bool{}
		for _, l := range strings.Split(metricsText(t, e), "\n") {
			if strings.HasPrefix(l, "careers_http_request_duration_seconds_count") {
				name, _, _ := strings.Cut(l, "} ")
				out[name] = true
			}
		}
		return out
	}
	before := series()
	for i := 5; i < 1000; i++ {
		send(i)
	}
	after := series()
	if len(after) != len(before) {
		t.Errorf("%d series after 5 rounds, %d after 1000:\n%s", len(before), len(after), grep(metricsText(t, e), "_count"))
	}
	allowed := regexp.MustCompile(`^careers_http_request_duration_seconds_count\{method="(GET|HEAD|POST|PUT|DELETE|PATCH|OPTIONS|other)",route="(/[^"]*|unmatched)",status="[1-5]xx"$`)
	routes := map[string]bool{"unmatched": true}
	for _, r := range e.Routes() {
		routes[r.Path] = true
	}
	for name := range after {
		m := allowed.MatchString(name)
		route := regexp.MustCompile(`route="([^"]*)"`).FindStringSubmatch(name)
		if !m || !routes[route[1]] {
			t.Errorf("series outside the fixed label sets: %s", name)
		}
	}
}

func metricsText(t *testing.T, e http.Handler) string {
	t.Helper()
	rec := do(e, "GET", "/metrics", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
		t.Fatalf("/metrics: %d %v", rec.Code, rec.Header())
	}
	return rec.Body.String()
}

// grep returns the lines of s that match pattern.
func grep(s, pattern string) string {
	re := regexp.MustCompile(pattern)
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if re.MatchString(l) {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}
