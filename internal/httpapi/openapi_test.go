package httpapi_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"regexp"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers/gorillamux"
	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/httpapi"
	"github.com/careersearch/careers/internal/web"
)

func init() {
	// The pages and assets are validated as text: their status, content
	// type and headers are what the document can say about them.
	for _, ct := range []string{"text/html", "text/css", "text/javascript", "image/svg+xml", "application/openmetrics-text"} {
		openapi3filter.RegisterBodyDecoder(ct, openapi3filter.PlainBodyDecoder)
	}
}

// loadOpenAPI parses and validates the OpenAPI document in data.
func loadOpenAPI(t *testing.T, data []byte) *openapi3.T {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatalf("loading the OpenAPI document: %v", err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatalf("the OpenAPI document is invalid: %v", err)
	}
	return doc
}

// fullServer is the server as cmd/careers wires it: the API and the pages.
func fullServer(live career.Searcher, opts httpapi.Options) *echo.Echo {
	e := httpapi.New(live, quietLog, opts)
	web.Register(e, live, quietLog)
	return e
}

// TestOpenAPI validates real responses of the real router, over a real
// index, against the served OpenAPI document: successes and every kind of
// error, on every route. Every route the server registers must be in the
// document, and every operation of the document must be exercised here.
func TestOpenAPI(t *testing.T) {
	live := newLive(t, bleveindex.DefaultOptions())
	e := fullServer(live, httpapi.Options{})

	// The served document is the embedded one, and valid.
	rec := do(e, "GET", "/api/openapi.json", nil)
	if rec.Code != 200 || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		t.Fatalf("/api/openapi.json: %d %v", rec.Code, rec.Header())
	}
	doc := loadOpenAPI(t, rec.Body.Bytes())
	if doc.Paths.Find("/api/search") == nil {
		t.Fatal("served document lacks /api/search")
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}

	// Servers that produce the rarer answers.
	noIndex, err := bleveindex.NewLive(t.TempDir(), bleveindex.DefaultOptions(), quietLog)
	if err != nil {
		t.Fatal(err)
	}
	unavailable := fullServer(noIndex, httpapi.Options{})
	shipped := fullServer(newShippedLive(t), httpapi.Options{}) // for did_you_mean
	limited := fullServer(live, httpapi.Options{RateLimit: 0.001, MaxBodyBytes: 8})
	timedOut := fullServer(live, httpapi.Options{RequestTimeout: time.Nanosecond})
	headerBound := fullServer(live, httpapi.Options{MaxHeaderBytes: 1 << 10})
	lonely := fullServer(newLonelyLive(t), httpapi.Options{}) // one career: nothing is similar
	damaged := fullServer(newDamagedLive(t), httpapi.Options{})
	e.GET("/api/boom", func(echo.Context) error { panic("boom") }) // for the 500 shape; not a documented route
	static := staticURLs(t, e)

	type request struct {
		server http.Handler
		method string
		target string
		body   string
		status int
	}
	get := func(target string, status int) request { return request{e, "GET", target, "", status} }
	reqs := []request{
		get("/api/search?q=medical+imaging", 200),
		get("/api/search?q=work&category=Content+Roles&category=Health+Roles&page=1&size=2", 200),
		get("/api/search", 200),
		get("/api/search?q=zzzzqqq", 200),
		{shipped, "GET", "/api/search?q=barge+language+models", "", 200},
		{shipped, "GET", "/?q=barge+language+models", "", 200},
		{shipped, "GET", "/api/search?q=write+documentation+for+APIs&explain=true", "", 200}, // raised
		{shipped, "GET", "/api/search?q=write+documentation+for+APIs&explain=true&category=AI+Content+%26+Communication+Roles", "", 200},
		get("/api/search?page=3&size=3", 200),
		get("/api/search?size=500", 400),
		get("/api/search?page=two", 400),
		get("/api/search?category=Pilots", 400),
		get("/api/search?q=a&q=b", 400),
		{timedOut, "GET", "/api/search?q=data", "", 503},
		{unavailable, "GET", "/api/search?q=data", "", 503},
		{limited, "GET", "/api/search?q=data", "a body too long", 413},
		{limited, "GET", "/api/search?q=data", "", 200},
		{limited, "GET", "/api/search?q=data", "", 429},
		get("/api/careers/labeller", 200),
		get("/api/careers/astronaut", 404),
		{unavailable, "GET", "/api/careers/labeller", "", 503},
		get("/api/careers/labeller/similar", 200),
		get("/api/careers/labeller/similar?size=2", 200),
		get("/api/careers/astronaut/similar", 404),
		get("/api/careers/labeller/similar?size=0", 400),
		{lonely, "GET", "/api/careers/office-editor/similar", "", 200}, // "similar": [], not null
		get("/api/suggest?q=data", 200),
		get("/api/suggest?q=", 200),
		get("/api/suggest?q=data&size=x", 400),
		{unavailable, "GET", "/api/suggest?q=data", "", 503},
		get("/api/categories", 200),
		{unavailable, "GET", "/api/categories", "", 503},
		get("/api/openapi.json", 200),
		get("/healthz", 200),
		{unavailable, "GET", "/healthz", "", 200},
		{damaged, "GET", "/healthz", "", 200},
		{damaged, "GET", "/api/search?q=data", "", 503},
		{headerBound, "GET", "/api/search?q=" + strings.Repeat("x", 2000), "", 431},
		{headerBound, "GET", "/?q=" + strings.Repeat("x", 2000), "", 431},
		get("/api/search?q=%zz", 400),
		{e, "HEAD", "/api/search?q=data", "", 200},
		{e, "HEAD", "/api/careers/labeller", "", 200},
		{e, "HEAD", "/api/careers/labeller/similar", "", 200},
		{e, "HEAD", "/api/suggest?q=da", "", 200},
		{e, "HEAD", "/api/categories", "", 200},
		{e, "HEAD", "/api/openapi.json", "", 200},
		{e, "HEAD", "/healthz", "", 200},
		{e, "HEAD", "/readyz", "", 200},
		{e, "HEAD", "/metrics", "", 200},
		get("/readyz", 200),
		{unavailable, "GET", "/readyz", "", 503},
		get("/metrics", 200),
		get("/", 200),
		get("/?q=medical+imaging&category=Health+Roles&page=1&size=5", 200),
		get("/?size=0", 400),
		{unavailable, "GET", "/?q=data", "", 503},
		{timedOut, "GET", "/?q=data", "", 503},
		{e, "HEAD", "/", "", 200},
		get("/careers/labeller", 200),
		get("/careers/astronaut", 404),
		{e, "HEAD", "/careers/labeller", "", 200},
		get(static["app.css"], 200),
		get(static["app.js"], 200),
		get(static["favicon.svg"], 200),
		get("/static/app.css", 200),
		get("/static/nothing.css", 404),
		{e, "HEAD", "/static/app.js", "", 200},
	}
	exercised := map[string]bool{}
	for _, r := range reqs {
		name := r.method + " " + r.target
		req := httptest.NewRequest(r.method, r.target, strings.NewReader(r.body))
		rec := httptest.NewRecorder()
		r.server.ServeHTTP(rec, req)
		if rec.Code != r.status {
			t.Errorf("%s: status %d, want %d: %.300s", name, rec.Code, r.status, rec.Body)
			continue
		}
		route, params, err := router.FindRoute(req)
		if err != nil {
			t.Errorf("%s: not in the document: %v", name, err)
			continue
		}
		exercised[route.Method+" "+route.Path] = true
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route},
			Status:                 rec.Code,
			Header:                 rec.Header(),
			Options:                &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		in.SetBodyBytes(rec.Body.Bytes())
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			t.Errorf("%s: %d response does not match the document: %v\n%.500s", name, rec.Code, err, rec.Body)
		}
	}

	// The panic route is not documented, but its answer has the documented
	// error shape.
	if rec := do(e, "GET", "/api/boom", nil); rec.Code != 500 {
		t.Errorf("panic: %d", rec.Code)
	} else {
		validateSchema(t, doc, "Error", rec)
	}

	// Every registered route is documented...
	for _, r := range e.Routes() {
		path := openAPIPath(r.Path)
		if r.Path == "/*" || r.Path == "/api/boom" {
			continue // the pages' 404 for unknown paths; the test's panic route
		}
		item := doc.Paths.Find(path)
		if item == nil || item.GetOperation(r.Method) == nil {
			t.Errorf("route %s %s is not in openapi.yaml", r.Method, r.Path)
		}
	}
	// ...and every documented operation was exercised above.
	for _, path := range doc.Paths.InMatchingOrder() {
		for method := range doc.Paths.Find(path).Operations() {
			if !exercised[method+" "+path] {
				t.Errorf("%s %s is documented but not exercised by TestOpenAPI", method, path)
			}
		}
	}
}

// openAPIPath turns an echo route path into the document's: ":id" →
// "{id}", the assets' "*" → "{file}".
func openAPIPath(p string) string {
	p = regexp.MustCompile(`:(\w+)`).ReplaceAllString(p, "{$1}")
	return strings.Replace(p, "/static/*", "/static/{file}", 1)
}

// staticURLs returns the versioned asset URLs the search page links to.
func staticURLs(t *testing.T, e http.Handler) map[string]string {
	t.Helper()
	body := do(e, "GET", "/", nil).Body.String()
	out := map[string]string{}
	for _, m := range regexp.MustCompile(`/static/([\w.]+)\?v=\w+`).FindAllStringSubmatch(body, -1) {
		out[m[1]] = m[0]
	}
	var names []string
	for n := range out {
		names = append(names, n)
	}
	sort.Strings(names)
	if strings.Join(names, " ") != "app.css app.js favicon.svg" {
		t.Fatalf("assets linked from the page: %v", names)
	}
	return out
}

// validateSchema checks a JSON body against a named schema of the document.
func validateSchema(t *testing.T, doc *openapi3.T, name string, rec *httptest.ResponseRecorder) {
	t.Helper()
	var v any
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	if err := doc.Components.Schemas[name].Value.VisitJSON(v); err != nil {
		t.Errorf("body does not match %s: %v: %s", name, err, rec.Body)
	}
}
