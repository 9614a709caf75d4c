package web_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/labstack/echo/v4"
	"golang.org/x/net/html"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/httpapi"
	"github.com/careersearch/careers/internal/web"
)

// testCareers parses the small corpus in testdata/corpus: the hand-written
// files with the basic rules, imported ones (with a source) with the
// imported rules, as the corpus loader does.
func testCareers(tb testing.TB) []*career.Career {
	tb.Helper()
	files, err := filepath.Glob(filepath.Join("testdata", "corpus", "*.md"))
	if err != nil || len(files) == 0 {
		tb.Fatalf("no test corpus: %v", err)
	}
	var out []*career.Career
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			tb.Fatal(err)
		}
		doc, probs := corpus.Parse(f, data, corpus.Basic)
		if doc.Career.Source != nil {
			doc, probs = corpus.Parse(f, data, corpus.Imported)
		}
		if len(probs) > 0 {
			tb.Fatalf("test corpus: %v", probs)
		}
		out = append(out, doc.Career)
	}
	return out
}

var (
	indexOnce sync.Once
	indexDir  string
	indexErr  error
)

// mustOpenIndex builds the test corpus into a real Bleve index once per
// test binary (under a temporary directory removed by TestMain) and opens
// it read-only for tb.
func mustOpenIndex(tb testing.TB) *bleveindex.Index {
	tb.Helper()
	indexOnce.Do(func() {
		careers := testCareers(tb)
		indexDir, indexErr = os.MkdirTemp("", "careers-web-test-")
		if indexErr != nil {
			return
		}
		_, indexErr = bleveindex.Build(context.Background(), indexDir, careers, bleveindex.BuildOptions{})
	})
	if indexErr != nil {
		tb.Fatalf("building the test index: %v", indexErr)
	}
	ix, err := bleveindex.Open(indexDir, bleveindex.DefaultOptions())
	if err != nil {
		tb.Fatalf("opening the test index: %v", err)
	}
	tb.Cleanup(func() { ix.Close() })
	return ix
}

func TestMain(m *testing.M) {
	code := m.Run()
	if indexDir != "" {
		os.RemoveAll(indexDir)
	}
	os.Exit(code)
}

var quietLog = slog.New(slog.NewTextHandler(io.Discard, nil))

// newServer returns the whole echo server as cmd/careers wires it: the API
// and the pages over one searcher.
func newServer(s career.Searcher) *echo.Echo {
	e := httpapi.New(s, quietLog, httpapi.Options{})
	web.Register(e, s, quietLog)
	return e
}

// page is a fetched page: the recorder and its parsed document.
type page struct {
	*httptest.ResponseRecorder
	doc *html.Node
}

func get(tb testing.TB, h http.Handler, target string) *page {
	tb.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, target, nil))
	p := &page{ResponseRecorder: rec}
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "text/html") {
		doc, err := html.Parse(strings.NewReader(rec.Body.String()))
		if err != nil {
			tb.Fatalf("GET %s: parsing the page: %v", target, err)
		}
		p.doc = doc
	}
	return p
}

// all returns the elements of the page for which match is true, in
// document order.
func (p *page) all(match func(n *html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	if p.doc != nil {
		walk(p.doc)
	}
	return out
}

// byTag matches elements by tag name and, optionally, a class they carry.
func byTag(tag, class string) func(*html.Node) bool {
	return func(n *html.Node) bool {
		if n.Data != tag {
			return false
		}
		return class == "" || hasClass(n, class)
	}
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasAttr(n *html.Node, name string) bool {
	for _, a := range n.Attr {
		if a.Key == name {
			return true
		}
	}
	return false
}

// text is the text content of n.
func text(n *html.Node) string {
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// facet is one category checkbox as rendered.
type facet struct {
	Value   string
	Count   string
	Checked bool
}

func (p *page) facets() []facet {
	var out []facet
	for _, label := range p.all(byTag("label", "facet")) {
		var f facet
		for _, in := range (&page{doc: label}).all(byTag("input", "")) {
			f.Value = attr(in, "value")
			f.Checked = hasAttr(in, "checked")
		}
		for _, c := range (&page{doc: label}).all(byTag("span", "facet-count")) {
			f.Count = text(c)
		}
		out = append(out, f)
	}
	return out
}
