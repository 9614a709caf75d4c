package httpapi_test

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/httpapi"
)

// newServer builds a real index from the golden test documents and returns
// the real router in front of it, without limits.
func newServer(t *testing.T) *echo.Echo {
	t.Helper()
	return httpapi.New(newLive(t, bleveindex.DefaultOptions()), quietLog, httpapi.Options{})
}

// newLive builds a real index from the golden test documents (7 careers in
// 3 categories) in a temporary directory and serves it with opts.
func newLive(t *testing.T, opts bleveindex.Options) *bleveindex.Live {
	t.Helper()
	return newLiveFrom(t, "../bleveindex/testdata/golden/basic/docs", corpus.Basic, opts)
}

// newShippedLive serves a real index of the shipped corpus (54 careers),
// whose vocabulary is large enough for spelling suggestions.
func newShippedLive(t *testing.T) *bleveindex.Live {
	t.Helper()
	return newLiveFrom(t, "../../corpus", corpus.Editorial, bleveindex.DefaultOptions())
}

// newLiveFrom builds a real index from the careers under dir, checked with
// rules, in a temporary directory and serves it with opts.
func newLiveFrom(t *testing.T, dir string, rules corpus.Rules, opts bleveindex.Options) *bleveindex.Live {
	t.Helper()
	root := t.TempDir()
	buildIndex(t, root, dir, rules)
	live, err := bleveindex.NewLive(root, opts, quietLog)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	return live
}

// buildIndex builds a real index of the careers under dir in root and
// returns the generation's name.
func buildIndex(t *testing.T, root, dir string, rules corpus.Rules) string {
	t.Helper()
	l, err := corpus.Load([]string{dir}, rules, nil)
	if err != nil || len(l.Problems) > 0 {
		t.Fatalf("load: %v %v", err, l.Problems)
	}
	r, err := bleveindex.Build(context.Background(), root, l.Careers(), bleveindex.BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return r.Generation
}

// newLonelyLive serves a real index of one career, so that nothing is
// similar to it.
func newLonelyLive(t *testing.T) *bleveindex.Live {
	t.Helper()
	dir := t.TempDir()
	data, err := os.ReadFile("../bleveindex/testdata/golden/basic/docs/office-editor.md")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "office-editor.md"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	return newLiveFrom(t, dir, corpus.Basic, bleveindex.DefaultOptions())
}

// newDamagedLive builds a real index, overwrites bytes near the end of
// its segment file (where zap keeps the offsets Bleve trusts) and serves
// what is left: no generation opens.
func newDamagedLive(t *testing.T) *bleveindex.Live {
	t.Helper()
	root := t.TempDir()
	gen := buildIndex(t, root, "../bleveindex/testdata/golden/basic/docs", corpus.Basic)
	segs, _ := filepath.Glob(filepath.Join(root, gen, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment file")
	}
	for _, p := range segs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		for i := len(b) - 40; i < len(b)-20; i++ {
			b[i] ^= 0xff
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	live, err := bleveindex.NewLive(root, bleveindex.DefaultOptions(), quietLog)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { live.Close() })
	return live
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

type errorJSON struct {
	Error struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	} `json:"error"`
}

func TestHandlers(t *testing.T) {
	e := newServer(t)
	shipped := httpapi.New(newShippedLive(t), quietLog, httpapi.Options{})
	tests := []struct {
		name       string
		server     http.Handler // e when nil
		target     string
		status     int
		errCode    string
		errMessage string // fragment
		check      func(t *testing.T, body []byte)
	}{
		{name: "SearchRanked", target: "/api/search?q=medical+imaging", status: 200, check: func(t *testing.T, body []byte) {
			var r career.Result
			json.Unmarshal(body, &r)
			if r.Total != 3 || r.Hits[0].ID != "imaging-phrase" || r.Page != 1 || r.Size != 10 || r.Query != "medical imaging" {
				t.Errorf("result %+v", r)
			}
			if !strings.Contains(strings.Join(r.Hits[0].Highlights["summary"], ""), "<mark>medical</mark>") {
				t.Errorf("no highlight: %v", r.Hits[0].Highlights)
			}
			if r.Hits[0].Category != "Health Roles" || r.Hits[0].Summary == "" || r.Hits[0].Score <= 0 {
				t.Errorf("hit %+v", r.Hits[0])
			}
		}},
		{name: "SearchDidYouMean", server: shipped, target: "/api/search?q=barge+language+models", status: 200, check: func(t *testing.T, body []byte) {
			// "barge" is a real but rare word ("barge-in"), a letter off
			// the frequent "large": offered, while the hits stay those of
			// the query as typed.
			var r, plain career.Result
			json.Unmarshal(body, &r)
			if r.DidYouMean != "large language models" || r.Corrected != "" || r.Query != "barge language models" || r.Total == 0 {
				t.Errorf("did_you_mean %q, corrected %q, query %q, total %d", r.DidYouMean, r.Corrected, r.Query, r.Total)
			}
			var m map[string]any
			json.Unmarshal(body, &m)
			if _, ok := m["did_you_mean"]; !ok {
				t.Error("response lacks did_you_mean")
			}
			// A correctly spelt query is offered nothing.
			rec := httptest.NewRecorder()
			shipped.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=large+language+models", nil))
			json.Unmarshal(rec.Body.Bytes(), &plain)
			if rec.Code != 200 || plain.DidYouMean != "" || strings.Contains(rec.Body.String(), "did_you_mean") {
				t.Errorf("large language models: %d, did_you_mean %q", rec.Code, plain.DidYouMean)
			}
		}},
		{name: "SearchExplainsRaises", server: shipped, target: "/api/search?q=write+documentation+for+APIs&explain=true", status: 200, check: func(t *testing.T, body []byte) {
			// A task query on the shipped corpus, whose careers list
			// related careers: hits say what raised them, with the first
			// hits named and the feedback words as written.
			var r career.Result
			json.Unmarshal(body, &r)
			by := map[string]bool{}
			for _, h := range r.Hits {
				for _, raise := range h.Raised {
					by[raise.By] = true
					if raise.Factor <= 1 || raise.By == career.RaisedByRelated && (len(raise.Careers) == 0 || raise.Careers[0].Title == "") ||
						raise.By == career.RaisedByFeedback && len(raise.Words) == 0 {
						t.Errorf("%s raised %+v", h.ID, raise)
					}
				}
			}
			if !by[career.RaisedByRelated] || !by[career.RaisedByFeedback] {
				t.Errorf("raised by %v, want related and feedback among the hits", by)
			}
			rec := httptest.NewRecorder()
			shipped.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=write+documentation+for+APIs", nil))
			if rec.Code != 200 || strings.Contains(rec.Body.String(), `"raised"`) {
				t.Errorf("without explain: %d, body says raised", rec.Code)
			}
		}},
		{name: "SearchShape", target: "/api/search?q=work", status: 200, check: func(t *testing.T, body []byte) {
			var m map[string]any
			json.Unmarshal(body, &m)
			for _, k := range []string{"query", "total", "page", "size", "took_ms", "hits", "facets"} {
				if _, ok := m[k]; !ok {
					t.Errorf("response lacks %q", k)
				}
			}
			hit := m["hits"].([]any)[0].(map[string]any)
			for _, k := range []string{"id", "title", "category", "score", "summary", "highlights"} {
				if _, ok := hit[k]; !ok {
					t.Errorf("hit lacks %q", k)
				}
			}
		}},
		{name: "DisjunctiveFacets", target: "/api/search?q=work&category=Content+Roles", status: 200, check: func(t *testing.T, body []byte) {
			var r career.Result
			json.Unmarshal(body, &r)
			if r.Total != 1 {
				t.Errorf("total %d, want 2", r.Total)
			}
			got := map[string]career.FacetValue{}
			for _, f := range r.Facets.Category {
				got[f.Value] = f
			}
			// Health Roles keeps its count although it is filtered out: it
			// tells how many hits ticking it would add.
			if !got["Content Roles"].Selected || got["Health Roles"].Selected || got["Health Roles"].Count != 1 || got["Content Roles"].Count != 1 {
				t.Errorf("facets %+v", r.Facets.Category)
			}
		}},
		{name: "EmptyQueryListsAll", target: "/api/search?size=100", status: 200, check: func(t *testing.T, body []byte) {
			var r career.Result
			json.Unmarshal(body, &r)
			if r.Total != 7 || len(r.Hits) != 7 || len(r.Facets.Category) != 3 {
				t.Errorf("result %+v", r)
			}
		}},
		{name: "Pagination", target: "/api/search?page=3&size=3", status: 200, check: func(t *testing.T, body []byte) {
			var r career.Result
			json.Unmarshal(body, &r)
			if len(r.Hits) != 1 || r.Hits[0].ID != "remote-writer" {
				t.Errorf("page 3: %+v", r.Hits)
			}
		}},
		{name: "SizeTooLarge", target: "/api/search?q=x&size=101", status: 400, errCode: "invalid_argument", errMessage: "size:"},
		{name: "SizeZero", target: "/api/search?size=0", status: 400, errCode: "invalid_argument", errMessage: "size: must be at least 1"},
		{name: "PageNotNumber", target: "/api/search?page=two", status: 400, errCode: "invalid_argument", errMessage: "page: \"two\" is not a whole number"},
		{name: "PageZero", target: "/api/search?page=0", status: 400, errCode: "invalid_argument", errMessage: "page:"},
		{name: "SkillFilter", server: shipped, target: "/api/search?q=data+analysis&skill=python&skill=PYTHON", status: 200, check: func(t *testing.T, body []byte) {
			// Only careers that list Python, with the skills facet
			// counting what they list and Python ticked.
			var r career.Result
			json.Unmarshal(body, &r)
			if r.Total == 0 {
				t.Fatal("no hits")
			}
			var py *career.FacetValue
			for i, f := range r.Facets.Skills {
				if f.Value == "Python" {
					py = &r.Facets.Skills[i]
				}
			}
			if py == nil || !py.Selected || py.Count != int(min(r.Total, 100)) {
				t.Errorf("skills facet %+v, total %d", r.Facets.Skills, r.Total)
			}
			rec := httptest.NewRecorder()
			shipped.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/api/search?q=data+analysis", nil))
			var all career.Result
			json.Unmarshal(rec.Body.Bytes(), &all)
			if all.Total <= r.Total {
				t.Errorf("the filter kept %d of %d", r.Total, all.Total)
			}
		}},
		{name: "SkillQueryHighlights", server: shipped, target: "/api/search?q=Python", status: 200, check: func(t *testing.T, body []byte) {
			var r career.Result
			json.Unmarshal(body, &r)
			if len(r.Hits) == 0 || len(r.Hits[0].Highlights[career.FieldSkills]) == 0 || !strings.Contains(r.Hits[0].Highlights[career.FieldSkills][0], "<mark>Python</mark>") {
				t.Errorf("first hit's highlights %+v", r.Hits)
			}
		}},
		{name: "UnknownSkill", server: shipped, target: "/api/search?skill=Cobol", status: 400, errCode: "invalid_argument", errMessage: "skill: no career lists \"Cobol\""},
		{name: "TooManySkills", target: "/api/search?skill=a&skill=b&skill=c&skill=d&skill=e&skill=f&skill=g&skill=h&skill=i&skill=j&skill=k", status: 400, errCode: "invalid_argument", errMessage: "skill: at most 10 skills, got 11"},
		{name: "UnknownCategory", target: "/api/search?category=Pilots", status: 400, errCode: "invalid_argument", errMessage: "category: unknown category \"Pilots\""},
		{name: "QueryTooLong", target: "/api/search?q=" + strings.Repeat("a", 501), status: 400, errCode: "invalid_argument", errMessage: "q: longer than"},
		{name: "QueryTwice", target: "/api/search?q=a&q=b", status: 400, errCode: "invalid_argument", errMessage: "q: given 2 times"},
		{name: "Career", target: "/api/careers/labeller", status: 200, check: func(t *testing.T, body []byte) {
			var c career.Career
			json.Unmarshal(body, &c)
			if c.ID != "labeller" || c.Title != "Data Labeller" || len(c.Duties) != 1 || c.Workplace == "" {
				t.Errorf("career %+v", c)
			}
		}},
		{name: "CareerNotFound", target: "/api/careers/astronaut", status: 404, errCode: "not_found", errMessage: "astronaut"},
		{name: "Categories", target: "/api/categories", status: 200, check: func(t *testing.T, body []byte) {
			var r struct{ Categories []career.FacetValue }
			json.Unmarshal(body, &r)
			if len(r.Categories) != 3 || r.Categories[0].Value != "Data Roles" || r.Categories[0].Count != 3 {
				t.Errorf("categories %+v", r.Categories)
			}
		}},
		{name: "Health", target: "/healthz", status: 200, check: func(t *testing.T, body []byte) {
			var h map[string]any
			json.Unmarshal(body, &h)
			if h["status"] != "ok" || h["index"] != "open" || h["careers"].(float64) != 7 || h["built_at"] == "" ||
				!strings.HasPrefix(h["generation"].(string), "gen-") {
				t.Errorf("health %v", h)
			}
		}},
		{name: "Ready", target: "/readyz", status: 200, check: func(t *testing.T, body []byte) {
			var r map[string]any
			json.Unmarshal(body, &r)
			if r["status"] != "ready" || r["careers"].(float64) != 7 || !strings.HasPrefix(r["generation"].(string), "gen-") {
				t.Errorf("ready %v", r)
			}
		}},
		{name: "UnknownRoute", target: "/api/nothing", status: 404, errCode: "not_found", errMessage: "no such route"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var srv http.Handler = e
			if tt.server != nil {
				srv = tt.server
			}
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tt.target, nil))
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %s", rec.Code, tt.status, rec.Body)
			}
			if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("content type %q", ct)
			}
			if tt.errCode != "" {
				var ej errorJSON
				if err := json.Unmarshal(rec.Body.Bytes(), &ej); err != nil {
					t.Fatalf("error body not JSON: %s", rec.Body)
				}
				if ej.Error.Code != tt.errCode || !strings.Contains(ej.Error.Message, tt.errMessage) {
					t.Errorf("error %+v, want %s containing %q", ej.Error, tt.errCode, tt.errMessage)
				}
			}
			if tt.check != nil {
				tt.check(t, rec.Body.Bytes())
			}
		})
	}
}

func TestMissingIndexIs503(t *testing.T) {
	live, err := bleveindex.NewLive(t.TempDir(), bleveindex.DefaultOptions(), quietLog)
	if err != nil {
		t.Fatal(err)
	}
	e := httpapi.New(live, quietLog, httpapi.Options{})
	// Alive, but not ready.
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/healthz", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), `"index":"missing"`) {
		t.Errorf("/healthz without an index: %d %s", rec.Code, rec.Body)
	}
	for _, target := range []string{"/api/search?q=x", "/readyz", "/api/categories", "/api/careers/x"} {
		rec := httptest.NewRecorder()
		e.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
		var ej errorJSON
		json.Unmarshal(rec.Body.Bytes(), &ej)
		if rec.Code != 503 || ej.Error.Code != "unavailable" || !strings.Contains(ej.Error.Message, "careers index") {
			t.Errorf("%s: %d %s", target, rec.Code, rec.Body)
		}
	}
}

func TestCancelledRequestContext(t *testing.T) {
	e := newServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	req := httptest.NewRequest(http.MethodGet, "/api/search?q=data", nil).WithContext(ctx)
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	if rec.Code != http.StatusServiceUnavailable {
		t.Errorf("cancelled request: %d %s, want 503", rec.Code, rec.Body)
	}
}
