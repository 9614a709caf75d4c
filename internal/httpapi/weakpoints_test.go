package httpapi_test

import (
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/httpapi"
)

// TestMalformedRequests: what Go's query parser would drop without a word,
// a parameter given twice where one is read, and headers over the bound
// are each answered with the JSON error naming the parameter or problem,
// on the real router over a real index.
func TestMalformedRequests(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	e := fullServer(live, httpapi.Options{MaxHeaderBytes: 64 << 10})
	many := "/api/search?" + strings.Repeat("a=1&", 10000) + "q=data"
	long := strings.Repeat("x", 60_000)
	tests := []struct {
		name    string
		target  string
		header  string // a header value of that many bytes, if set
		status  int
		message string // fragment of the error message
		maxLen  int    // if set, the message is at most this long
	}{
		{"bad escape in q", "/api/search?q=%zz", "", 400, `q: invalid %-escape "%zz"`, 0},
		{"bad escape in a name", "/api/search?%zz=1", "", 400, "parameter name", 0},
		{"semicolon separator", "/api/search?q=data;size=2", "", 400, "q: ';' in the query string", 0},
		{"semicolon after a valid pair", "/api/search?size=2&q=a;b", "", 400, "q: ';'", 0},
		{"escaped semicolon is fine", "/api/search?q=data%3B", "", 200, "", 0},
		{"over 10000 parameters", many, "", 400, "10001 parameters, more than 10000", 0},
		{"q twice", "/api/search?q=a&q=b", "", 400, "q: given 2 times", 0},
		{"size twice", "/api/search?q=data&size=1&size=50", "", 400, "size: given 2 times", 0},
		{"page twice", "/api/search?q=data&page=1&page=2", "", 400, "page: given 2 times", 0},
		{"explain twice", "/api/search?q=data&explain=true&explain=false", "", 400, "explain: given 2 times", 0},
		{"category twice is a filter", "/api/search?q=data&category=Data+Roles&category=Health+Roles", "", 200, "", 0},
		{"suggest q twice", "/api/suggest?q=da&q=im", "", 400, "q: given 2 times", 0},
		{"suggest size twice", "/api/suggest?q=da&size=1&size=2", "", 400, "size: given 2 times", 0},
		{"similar size twice", "/api/careers/labeller/similar?size=1&size=2", "", 400, "size: given 2 times", 0},
		{"page route size twice", "/?q=data&size=1&size=2", "", 400, "", 0},
		{"long category echoed as a prefix", "/api/search?category=" + long, "", 400, `category: unknown category "xxxxxxxx`, 160},
		{"long size echoed as a prefix", "/api/search?size=" + long, "", 400, "size:", 160},
		{"huge header", "/api/search?q=data", "70000", 431, "request headers:", 0},
		{"huge category", "/api/search?category=" + long + long, "", 431, "more than 65536", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.target, nil)
			if tt.header != "" {
				req.Header.Set("X-Filler", strings.Repeat("y", 70000))
			}
			rec := httptest.NewRecorder()
			e.ServeHTTP(rec, req)
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tt.status, rec.Body)
			}
			if tt.status == 200 || strings.HasPrefix(tt.target, "/?") {
				return
			}
			ej := decodeError(t, rec)
			if ej.Error.Code != "invalid_argument" || !strings.Contains(ej.Error.Message, tt.message) {
				t.Errorf("error %+v, want one saying %q", ej.Error, tt.message)
			}
			if tt.maxLen > 0 && len(ej.Error.Message) > tt.maxLen {
				t.Errorf("message of %d bytes echoes the parameter: %.200s", len(ej.Error.Message), ej.Error.Message)
			}
		})
	}
}

// TestHeadOnEveryRoute: CORS advertises GET and HEAD, and every route
// answers HEAD with GET's status.
func TestHeadOnEveryRoute(t *testing.T) {
	e := fullServer(newLive(t, bleveindex.DefaultOptions()), httpapi.Options{})
	for _, target := range []string{"/api/search?q=data", "/api/careers/labeller", "/api/careers/labeller/similar",
		"/api/suggest?q=da", "/api/categories", "/api/openapi.json", "/healthz", "/readyz", "/metrics", "/", "/careers/labeller"} {
		if rec := do(e, "HEAD", target, nil); rec.Code != 200 {
			t.Errorf("HEAD %s: %d", target, rec.Code)
		}
	}
	if rec := do(e, "HEAD", "/api/careers/astronaut", nil); rec.Code != 404 || rec.Body.Len() != 0 {
		t.Errorf("HEAD of a missing career: %d %q", rec.Code, rec.Body)
	}
}

// TestPageErrors: the page routes answer their errors with the HTML error
// page, whether the page failed or a limit refused it first, with words
// for people rather than Go's error strings, and timeouts are counted.
func TestPageErrors(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())

	t.Run("timeout", func(t *testing.T) {
		reg := prometheus.NewRegistry()
		g := newGated(live)
		e := fullServer(g, httpapi.Options{RequestTimeout: 50 * time.Millisecond, Registry: reg})
		rec := do(e, "GET", "/?q=data", nil)
		body := rec.Body.String()
		if rec.Code != 503 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
			t.Fatalf("%d %s: %.300s", rec.Code, rec.Header().Get("Content-Type"), body)
		}
		if !strings.Contains(body, "timed out after 50ms") || strings.Contains(body, "context deadline exceeded") {
			t.Errorf("page does not say it timed out in words: %s", body)
		}
		if m := metricsText(t, e); !strings.Contains(m, `careers_http_rejected_total{reason="timeout"} 1`) {
			t.Errorf("timeout not counted:\n%s", grep(m, "rejected"))
		}
	})

	t.Run("busy", func(t *testing.T) {
		g := newGated(live)
		e := fullServer(g, httpapi.Options{MaxInFlight: 1, QueueWait: 10 * time.Millisecond})
		first := make(chan *httptest.ResponseRecorder)
		go func() { first <- do(e, "GET", "/api/search?q=data", nil) }()
		<-g.entered
		for _, target := range []string{"/?q=data", "/careers/labeller"} {
			rec := do(e, "GET", target, nil)
			if rec.Code != 503 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") ||
				!strings.Contains(rec.Body.String(), "server busy") || rec.Header().Get("Retry-After") != "1" {
				t.Errorf("%s while busy: %d %v %.300s", target, rec.Code, rec.Header(), rec.Body)
			}
			if csp := rec.Header().Get("Content-Security-Policy"); !strings.Contains(csp, "style-src") {
				t.Errorf("%s: the error page gets the API's CSP %q, which blocks its style sheet", target, csp)
			}
		}
		close(g.release)
		<-first
	})

	t.Run("no index", func(t *testing.T) {
		root := t.TempDir()
		noIndex, _ := bleveindex.NewLive(root, bleveindex.DefaultOptions(), quietLog)
		e := fullServer(noIndex, httpapi.Options{})
		for _, target := range []string{"/?q=data", "/api/search?q=data", "/readyz", "/healthz"} {
			rec := do(e, "GET", target, nil)
			if strings.Contains(rec.Body.String(), root) || strings.Contains(rec.Body.String(), filepath.Base(root)) {
				t.Errorf("%s tells the client the server's path %s: %s", target, root, rec.Body)
			}
			if target != "/healthz" && (rec.Code != 503 || !strings.Contains(rec.Body.String(), "careers index")) {
				t.Errorf("%s without an index: %d %.300s", target, rec.Code, rec.Body)
			}
		}
	})
}

// TestSimilarIsAnArray: a career nothing resembles has "similar": [], as
// the OpenAPI document says, not null.
func TestSimilarIsAnArray(t *testing.T) {
	e := httpapi.New(newLonelyLive(t), quietLog, httpapi.Options{})
	rec := do(e, "GET", "/api/careers/office-editor/similar", nil)
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"similar":[]`) {
		t.Errorf("%d %s", rec.Code, rec.Body)
	}
}

// TestDamagedIndex: when no generation on disk opens, searches answer 503
// and /healthz says why, without the server's paths.
func TestDamagedIndex(t *testing.T) {
	e := fullServer(newDamagedLive(t), httpapi.Options{})
	rec := do(e, "GET", "/healthz", nil)
	body := rec.Body.String()
	if rec.Code != 200 || !strings.Contains(body, `"index":"damaged"`) || !strings.Contains(body, "checksum") || strings.Contains(body, "/tmp") {
		t.Errorf("/healthz: %d %s", rec.Code, body)
	}
	for _, target := range []string{"/api/search?q=data", "/readyz", "/?q=data"} {
		rec := do(e, "GET", target, nil)
		body := rec.Body.String()
		if rec.Code != 503 || !strings.Contains(body, "cannot be opened") || strings.Contains(body, "/tmp") {
			t.Errorf("%s: %d %.400s", target, rec.Code, body)
		}
	}
}
