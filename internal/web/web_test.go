package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"github.com/careersearch/careers/internal/career"
)

// checkSecurityHeaders asserts the headers every page must carry.
func checkSecurityHeaders(t *testing.T, p *page) {
	t.Helper()
	csp := p.Header().Get("Content-Security-Policy")
	for _, want := range []string{"default-src 'none'", "script-src 'self'", "frame-ancestors 'none'"} {
		if !strings.Contains(csp, want) {
			t.Errorf("Content-Security-Policy %q lacks %q", csp, want)
		}
	}
	if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
		t.Errorf("Content-Security-Policy allows inline or eval'd script: %q", csp)
	}
	for name, want := range map[string]string{
		"X-Content-Type-Options": "nosniff",
		"Referrer-Policy":        "same-origin",
		"X-Frame-Options":        "DENY",
	} {
		if got := p.Header().Get(name); got != want {
			t.Errorf("%s = %q, want %q", name, got, want)
		}
	}
}

func checkHTML(t *testing.T, p *page, status int) {
	t.Helper()
	if p.Code != status {
		t.Fatalf("status %d, want %d; body:\n%s", p.Code, status, p.Body)
	}
	if ct := p.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Fatalf("Content-Type %q, want text/html", ct)
	}
	checkSecurityHeaders(t, p)
	if got := attr(p.all(byTag("html", ""))[0], "lang"); got != "en" {
		t.Errorf(`<html lang=%q>, want "en"`, got)
	}
	if len(p.all(byTag("main", ""))) != 1 {
		t.Errorf("want exactly one <main> landmark")
	}
	// The only script is the external one: no inline script, no handlers.
	for _, s := range p.all(byTag("script", "")) {
		if attr(s, "src") == "" || s.FirstChild != nil {
			t.Errorf("inline script found: %s", text(s))
		}
	}
	for _, n := range p.all(func(*html.Node) bool { return true }) {
		for _, a := range n.Attr {
			if strings.HasPrefix(a.Key, "on") || a.Key == "style" {
				t.Errorf("<%s> has attribute %s, which the CSP forbids", n.Data, a.Key)
			}
		}
	}
	// Every form control is labelled.
	for _, in := range p.all(func(n *html.Node) bool {
		return n.Data == "input" && attr(n, "type") != "hidden"
	}) {
		if id := attr(in, "id"); id != "" && len(p.all(func(n *html.Node) bool { return n.Data == "label" && attr(n, "for") == id })) > 0 {
			continue
		}
		if in.Parent != nil && in.Parent.Data == "label" {
			continue
		}
		t.Errorf("input %q has no label", attr(in, "name"))
	}
}

func hitTitles(p *page) []string {
	var out []string
	for _, h := range p.all(byTag("h2", "hit-title")) {
		out = append(out, text(h))
	}
	return out
}

func TestSearchPage(t *testing.T) {
	ix := mustOpenIndex(t)
	srv := newServer(ix)
	ctx := context.Background()

	t.Run("Browse", func(t *testing.T) {
		p := get(t, srv, "/")
		checkHTML(t, p, http.StatusOK)
		if h := text(p.all(byTag("h1", ""))[0]); h != "All careers" {
			t.Errorf("heading %q, want All careers", h)
		}
		all, _ := ix.Categories(ctx)
		fs := p.facets()
		if len(fs) != len(all) {
			t.Fatalf("%d category checkboxes, want %d", len(fs), len(all))
		}
		for i, f := range fs {
			if f.Checked {
				t.Errorf("category %q ticked with no filter", f.Value)
			}
			if i > 0 && fs[i-1].Value > f.Value {
				t.Errorf("categories not in name order: %q before %q", fs[i-1].Value, f.Value)
			}
		}
		if n := len(hitTitles(p)); n != 10 {
			t.Errorf("%d hits on the first page, want 10", n)
		}
		if !strings.Contains(p.Body.String(), "Showing 1–10 of 23") {
			t.Errorf("page does not say which hits it shows")
		}
	})

	t.Run("EscapesQuery", func(t *testing.T) {
		const q = `<script>alert(1)</script>`
		p := get(t, srv, "/?q="+url.QueryEscape(q))
		checkHTML(t, p, http.StatusOK)
		body := p.Body.String()
		if strings.Contains(body, q) || strings.Contains(body, "<script>alert") {
			t.Fatalf("the query is rendered unescaped:\n%s", body)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)&lt;/script&gt;") {
			t.Errorf("the escaped query is not shown")
		}
		in := p.all(func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "q" })
		if len(in) != 1 || attr(in[0], "value") != q {
			t.Errorf("search box does not hold the query as typed")
		}
		if got := len(p.all(byTag("script", ""))); got != 1 {
			t.Errorf("%d <script> elements, want only the page's own", got)
		}
	})

	t.Run("Highlights", func(t *testing.T) {
		p := get(t, srv, "/?q=prompt")
		checkHTML(t, p, http.StatusOK)
		hits := p.all(byTag("li", "hit"))
		if len(hits) == 0 {
			t.Fatal("no hits for prompt")
		}
		first := &page{doc: hits[0]}
		link := first.all(byTag("a", ""))[0]
		if got, want := attr(link, "href"), "/careers/prompt-engineer?q=prompt"; got != want {
			t.Errorf("first hit links %q, want %q", got, want)
		}
		if marks := first.all(byTag("mark", "")); len(marks) == 0 || !strings.EqualFold(text(marks[0]), "prompt") {
			t.Errorf("first hit has no <mark>prompt</mark>")
		}
		if len(p.all(byTag("p", "fragment"))) == 0 {
			t.Errorf("no highlighted fragments")
		}
		if !strings.Contains(p.Body.String(), " ms") {
			t.Errorf("time taken not shown")
		}
	})

	t.Run("FacetState", func(t *testing.T) {
		unfiltered, err := ix.Search(ctx, career.Query{Text: "data"})
		if err != nil {
			t.Fatal(err)
		}
		want := map[string]int{}
		for _, f := range unfiltered.Facets.Category {
			want[f.Value] = f.Count
		}
		a, b := "AI Research & Data Roles", "Technical & Engineering Roles"
		p := get(t, srv, "/?q=data&category="+url.QueryEscape(a)+"&category="+url.QueryEscape(b))
		checkHTML(t, p, http.StatusOK)
		for _, f := range p.facets() {
			if f.Checked != (f.Value == a || f.Value == b) {
				t.Errorf("category %q ticked = %v", f.Value, f.Checked)
			}
			// Disjunctive: ticking categories does not change the counts.
			if f.Count != strconv.Itoa(want[f.Value]) {
				t.Errorf("category %q count %s, want %d", f.Value, f.Count, want[f.Value])
			}
		}
		for _, c := range p.all(byTag("p", "category-badge")) {
			if got := text(c); got != a && got != b {
				t.Errorf("hit in category %q, outside the filter", got)
			}
		}
		total := want[a] + want[b]
		if h := text(p.all(byTag("h1", ""))[0]); !strings.HasPrefix(h, strconv.Itoa(total)+" careers match") {
			t.Errorf("heading %q, want %d careers", h, total)
		}
	})

	t.Run("Pagination", func(t *testing.T) {
		a := "Technical & Engineering Roles"
		p := get(t, srv, "/?q=engineer&category="+url.QueryEscape(a)+"&size=2")
		checkHTML(t, p, http.StatusOK)
		nav := p.all(func(n *html.Node) bool { return n.Data == "nav" && attr(n, "aria-label") == "Result pages" })
		if len(nav) != 1 {
			t.Fatal("no pagination")
		}
		links := (&page{doc: nav[0]}).all(byTag("a", ""))
		if len(links) < 3 {
			t.Fatalf("%d pagination links, want at least 3", len(links))
		}
		for _, l := range links {
			u, err := url.Parse(attr(l, "href"))
			if err != nil {
				t.Fatal(err)
			}
			v := u.Query()
			if v.Get("q") != "engineer" || v.Get("category") != a || v.Get("size") != "2" {
				t.Errorf("page link %q loses the query or filters", attr(l, "href"))
			}
		}
		cur := (&page{doc: nav[0]}).all(func(n *html.Node) bool { return attr(n, "aria-current") == "page" })
		if len(cur) != 1 || text(cur[0]) != "1" {
			t.Errorf("page 1 is not marked current")
		}
		next := (&page{doc: nav[0]}).all(func(n *html.Node) bool { return attr(n, "rel") == "next" })
		if len(next) != 1 {
			t.Fatal("no next link")
		}

		p2 := get(t, srv, attr(next[0], "href"))
		checkHTML(t, p2, http.StatusOK)
		if strings.Join(hitTitles(p2), ",") == strings.Join(hitTitles(p), ",") {
			t.Errorf("page 2 shows the hits of page 1")
		}
		prev := p2.all(func(n *html.Node) bool { return attr(n, "rel") == "prev" })
		if len(prev) != 1 || strings.Contains(attr(prev[0], "href"), "page=") {
			t.Errorf("page 2 has no link back to page 1")
		}
		for _, f := range p2.facets() {
			if f.Checked != (f.Value == a) {
				t.Errorf("page 2: category %q ticked = %v", f.Value, f.Checked)
			}
		}
		hidden := p2.all(func(n *html.Node) bool { return n.Data == "input" && attr(n, "name") == "size" })
		if len(hidden) != 1 || attr(hidden[0], "value") != "2" {
			t.Errorf("the form does not keep size=2")
		}

		past := get(t, srv, "/?q=engineer&page=50")
		checkHTML(t, past, http.StatusOK)
		if !strings.Contains(past.Body.String(), "Go to the first page") {
			t.Errorf("a page past the last does not offer the first")
		}
	})

	t.Run("ZeroResults", func(t *testing.T) {
		p := get(t, srv, "/?q=xylophone")
		checkHTML(t, p, http.StatusOK)
		body := p.Body.String()
		if !strings.Contains(body, "No careers match “xylophone”") || !strings.Contains(body, "fewer or more general words") {
			t.Errorf("zero results are not explained:\n%s", body)
		}
		p = get(t, srv, "/?q=prompt&category="+url.QueryEscape("AI Research & Data Roles"))
		checkHTML(t, p, http.StatusOK)
		clear := p.all(func(n *html.Node) bool { return n.Data == "a" && text(n) == "search all categories" })
		if len(clear) != 1 || attr(clear[0], "href") != "/?q=prompt" {
			t.Errorf("zero results with a filter do not suggest removing it")
		}
	})

	t.Run("BadParams", func(t *testing.T) {
		for _, tc := range []struct{ target, message string }{
			{"/?page=abc", `page: &#34;abc&#34; is not a whole number`},
			{"/?page=0", "page: must be at least 1"},
			{"/?size=1000", "size: must be between 1 and 100"},
			{"/?category=" + url.QueryEscape("<b>Nope</b>"), "category: unknown category &#34;&lt;b&gt;Nope&lt;/b&gt;&#34;"},
			{"/?q=a&q=b", "q: given 2 times"},
		} {
			p := get(t, srv, tc.target)
			checkHTML(t, p, http.StatusBadRequest)
			if !strings.Contains(p.Body.String(), tc.message) {
				t.Errorf("GET %s: page lacks %q:\n%s", tc.target, tc.message, p.Body)
			}
		}
	})
}

func TestCareerPage(t *testing.T) {
	ix := mustOpenIndex(t)
	srv := newServer(ix)

	t.Run("Sections", func(t *testing.T) {
		p := get(t, srv, "/careers/prompt-engineer")
		checkHTML(t, p, http.StatusOK)
		if h := text(p.all(byTag("h1", ""))[0]); h != "Prompt Engineer" {
			t.Errorf("h1 %q", h)
		}
		var headings []string
		for _, h := range p.all(byTag("h2", "")) {
			headings = append(headings, text(h))
		}
		got := strings.Join(headings, "|")
		for _, want := range []string{"Also known as", "Summary", "Duties", "Specialisations", "Workplace", "Related careers"} {
			if !strings.Contains(got, want) {
				t.Errorf("no %q section; headings: %s", want, got)
			}
		}
		aliases := p.all(func(n *html.Node) bool { return n.Data == "li" && n.Parent != nil && hasClass(n.Parent, "alias-list") })
		if len(aliases) != 4 || text(aliases[0]) != "Prompt Designer" {
			t.Errorf("aliases not listed")
		}
		related := map[string]string{}
		for _, a := range (&page{doc: p.all(byTag("ul", "related"))[0]}).all(byTag("a", "")) {
			related[attr(a, "href")] = text(a)
		}
		// ai-trainer is related but not in the test corpus: left out.
		want := map[string]string{
			"/careers/generative-ai-engineer":   "Generative AI Engineer",
			"/careers/ai-conversation-designer": "AI Conversation Designer",
			"/careers/generative-ai-specialist": "Generative AI Specialist",
		}
		if len(related) != len(want) {
			t.Errorf("related links %v, want %v", related, want)
		}
		for href, title := range want {
			if related[href] != title {
				t.Errorf("related link %s = %q, want %q", href, related[href], title)
			}
		}
		if len(p.all(byTag("mark", ""))) != 0 {
			t.Errorf("marks on a page reached without a query")
		}
	})

	t.Run("HighlightsQuery", func(t *testing.T) {
		p := get(t, srv, "/careers/prompt-engineer?q="+url.QueryEscape("testing prompts"))
		checkHTML(t, p, http.StatusOK)
		marked := map[string]bool{}
		for _, m := range p.all(byTag("mark", "")) {
			marked[strings.ToLower(text(m))] = true
		}
		// Stemmed as the index does: "testing" marks test and tests too.
		for _, w := range []string{"prompt", "prompts", "test", "testing"} {
			if !marked[w] {
				t.Errorf("%q is not highlighted; marked: %v", w, marked)
			}
		}
		back := p.all(func(n *html.Node) bool { return n.Data == "a" && strings.Contains(text(n), "Results for") })
		if len(back) != 1 || attr(back[0], "href") != "/?q=testing+prompts" {
			t.Errorf("no link back to the results")
		}
	})

	t.Run("EscapesQuery", func(t *testing.T) {
		p := get(t, srv, "/careers/prompt-engineer?q="+url.QueryEscape(`<script>alert(1)</script> prompt`))
		checkHTML(t, p, http.StatusOK)
		if strings.Contains(p.Body.String(), "<script>alert") {
			t.Fatal("the query is rendered unescaped")
		}
	})

	t.Run("SourceAndEscaping", func(t *testing.T) {
		p := get(t, srv, "/careers/database-architect")
		checkHTML(t, p, http.StatusOK)
		body := p.Body.String()
		if !strings.Contains(body, "cost &lt; budget &amp; latency") {
			t.Errorf("career text not escaped")
		}
		for _, want := range []string{"Source", "CC BY 4.0", "Adapted from the Example Occupations", "O*NET job zone 4 of 5", "Considerable preparation: usually a bachelor"} {
			if !strings.Contains(body, want) {
				t.Errorf("page lacks %q", want)
			}
		}
	})

	t.Run("NotFound", func(t *testing.T) {
		p := get(t, srv, "/careers/no-such-career")
		checkHTML(t, p, http.StatusNotFound)
		if !strings.Contains(p.Body.String(), "no career with id &#34;no-such-career&#34;") {
			t.Errorf("404 page lacks the message:\n%s", p.Body)
		}
		p = get(t, srv, "/careers/"+url.PathEscape("<img src=x>"))
		checkHTML(t, p, http.StatusNotFound)
		if strings.Contains(p.Body.String(), "<img src=x>") {
			t.Errorf("the id is rendered unescaped")
		}
	})
}

func TestOtherRoutes(t *testing.T) {
	ix := mustOpenIndex(t)
	srv := newServer(ix)

	t.Run("UnknownPageIsHTML", func(t *testing.T) {
		p := get(t, srv, "/no/such/page")
		checkHTML(t, p, http.StatusNotFound)
	})

	t.Run("UnknownAPIRouteStaysJSON", func(t *testing.T) {
		p := get(t, srv, "/api/nope")
		if p.Code != http.StatusNotFound || !strings.HasPrefix(p.Header().Get("Content-Type"), "application/json") {
			t.Fatalf("GET /api/nope: %d %s", p.Code, p.Header().Get("Content-Type"))
		}
		var body struct{ Error struct{ Code string } }
		if err := json.Unmarshal(p.Body.Bytes(), &body); err != nil || body.Error.Code != career.ENOTFOUND {
			t.Errorf("GET /api/nope: body %s", p.Body)
		}
	})

	t.Run("Head", func(t *testing.T) {
		for _, target := range []string{"/", "/careers/prompt-engineer", "/static/app.css"} {
			rec := httptest.NewRecorder()
			srv.ServeHTTP(rec, httptest.NewRequest(http.MethodHead, target, nil))
			if rec.Code != http.StatusOK {
				t.Errorf("HEAD %s: %d", target, rec.Code)
			}
		}
	})

	t.Run("APIStillServes", func(t *testing.T) {
		p := get(t, srv, "/api/search?q=prompt")
		if p.Code != http.StatusOK {
			t.Fatalf("GET /api/search: %d", p.Code)
		}
	})

	t.Run("Static", func(t *testing.T) {
		home := get(t, srv, "/")
		var css string
		for _, l := range home.all(byTag("link", "")) {
			if attr(l, "rel") == "stylesheet" {
				css = attr(l, "href")
			}
		}
		if !strings.HasPrefix(css, "/static/app.css?v=") {
			t.Fatalf("stylesheet link %q has no version", css)
		}
		for target, ctype := range map[string]string{
			css:                   "text/css",
			"/static/app.js":      "text/javascript",
			"/static/favicon.svg": "image/svg+xml",
		} {
			p := get(t, srv, target)
			if p.Code != http.StatusOK || !strings.HasPrefix(p.Header().Get("Content-Type"), ctype) {
				t.Errorf("GET %s: %d %s", target, p.Code, p.Header().Get("Content-Type"))
			}
			checkSecurityHeaders(t, p)
		}
		if cc := get(t, srv, css).Header().Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("versioned asset Cache-Control %q", cc)
		}
		if cc := get(t, srv, "/static/app.css?v=old").Header().Get("Cache-Control"); cc != "no-cache" {
			t.Errorf("asset of another version Cache-Control %q", cc)
		}
		for _, target := range []string{"/static/nope.js", "/static/", "/static/../web.go"} {
			if p := get(t, srv, target); p.Code != http.StatusNotFound {
				t.Errorf("GET %s: %d, want 404", target, p.Code)
			}
		}
	})
}

// fakeSearcher answers with canned results or errors, to reach the cases a
// real index does not produce.
type fakeSearcher struct {
	result *career.Result
	err    error
}

func (f fakeSearcher) Search(context.Context, career.Query) (*career.Result, error) {
	return f.result, f.err
}

func (f fakeSearcher) Career(_ context.Context, id string) (*career.Career, error) {
	if f.err != nil {
		return nil, f.err
	}
	return nil, career.Errorf(career.ENOTFOUND, "no career with id %q", id)
}

func (f fakeSearcher) Categories(context.Context) ([]career.FacetValue, error) { return nil, nil }
func (f fakeSearcher) Suggest(context.Context, string, int) ([]career.Suggestion, error) {
	return nil, nil
}
func (f fakeSearcher) Similar(context.Context, string, int) ([]career.SimilarCareer, error) {
	return nil, nil
}

func (f fakeSearcher) Info(context.Context) (career.IndexInfo, error) { return career.IndexInfo{}, nil }

func TestUntrustedFragments(t *testing.T) {
	res := &career.Result{Query: "x", Total: 1, Page: 1, Size: 10, Hits: []career.Hit{{
		ID: "x", Title: "X <Title>", Category: "Cat",
		Highlights: map[string][]string{
			career.FieldTitle:   {"X <b>&lt;Title&gt;</b>"},
			career.FieldDuties:  {`<script>alert(1)</script> <mark>x</mark>`, `<img src=x onerror=alert(1)> <mark>y`},
			career.FieldSummary: {`</mark><mark><mark>z</mark></mark> <a href="javascript:alert(1)">a</a>`},
		},
	}}}
	p := get(t, newServer(fakeSearcher{result: res}), "/?q=x")
	checkHTML(t, p, http.StatusOK)
	for _, n := range p.all(func(n *html.Node) bool { return true }) {
		switch n.Data {
		case "img", "b", "a", "script":
			if href := attr(n, "href"); n.Data == "a" && !strings.HasPrefix(href, "/") && !strings.HasPrefix(href, "#") {
				t.Errorf("link to %q from a fragment", href)
			}
			if n.Data == "b" || n.Data == "img" || (n.Data == "script" && attr(n, "src") == "") {
				t.Errorf("<%s> from a fragment reached the page", n.Data)
			}
		case "mark":
			if n.FirstChild == nil || n.FirstChild.Type != html.TextNode {
				t.Errorf("mark without text")
			}
		}
	}
	if got := text(p.all(byTag("h2", "hit-title"))[0]); got != "X <Title>" {
		t.Errorf("title %q", got)
	}
	if !strings.Contains(p.Body.String(), "&lt;script&gt;alert(1)&lt;/script&gt;") {
		t.Errorf("fragment text not shown escaped:\n%s", p.Body)
	}
}

func TestErrorKinds(t *testing.T) {
	for _, tc := range []struct {
		name   string
		err    error
		status int
		shown  string
	}{
		{"Unavailable", career.Errorf(career.EUNAVAILABLE, "index is missing: rebuild it with `careers index`"), http.StatusServiceUnavailable, "rebuild it with"},
		{"Internal", &json.SyntaxError{Offset: 3}, http.StatusInternalServerError, "internal error"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(fakeSearcher{err: tc.err})
			for _, target := range []string{"/", "/careers/x"} {
				p := get(t, srv, target)
				checkHTML(t, p, tc.status)
				if !strings.Contains(p.Body.String(), tc.shown) {
					t.Errorf("GET %s: page lacks %q", target, tc.shown)
				}
			}
		})
	}
}

func TestSearchPageSaysWhatItCorrected(t *testing.T) {
	e := newServer(mustOpenIndex(t))
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, httptest.NewRequest("GET", "/?q=machne+lerning", nil))
	if rec.Code != 200 || !strings.Contains(rec.Body.String(), "Showing results for “machine learning”") {
		t.Errorf("%d, no correction notice:\n%s", rec.Code, rec.Body.String())
	}
}

// "drain" is a real word of the test corpus, in one career, a letter off
// the frequent "train": the page offers "train models", linking its search
// with the same categories, and shows the hits of the query as typed.
func TestSearchPageOffersDidYouMean(t *testing.T) {
	ix := mustOpenIndex(t)
	e := newServer(ix)
	const cat = "Technical & Engineering Roles"
	p := get(t, e, "/?q=drain+models&category="+url.QueryEscape(cat))
	checkHTML(t, p, 200)
	notes := p.all(byTag("p", "did-you-mean"))
	if len(notes) != 1 || text(notes[0]) != "Did you mean train models?" {
		t.Fatalf("want one did-you-mean notice, got %d:\n%s", len(notes), p.Body)
	}
	links := (&page{doc: notes[0]}).all(byTag("a", ""))
	if want := "/?q=train+models&category=Technical+%26+Engineering+Roles"; len(links) != 1 || attr(links[0], "href") != want {
		t.Errorf("did-you-mean links %v, want one to %s", links, want)
	}
	res, err := ix.Search(context.Background(), career.Query{Text: "drain models", Categories: []string{cat}})
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, h := range res.Hits {
		want = append(want, h.Title)
	}
	if got := hitTitles(p); len(got) == 0 || strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("hits %q, want those of the query as typed %q", got, want)
	}
	// The suggested search, correctly spelt, offers nothing.
	if p := get(t, e, attr(links[0], "href")); len(p.all(byTag("p", "did-you-mean"))) != 0 {
		t.Errorf("train models offers a suggestion:\n%s", p.Body)
	}
}

// Each hit of a search says in plain words why it matched: the fields,
// the words and how they matched, and each field's share of the score.
func TestSearchPageSaysWhyHitsMatched(t *testing.T) {
	ix := mustOpenIndex(t)
	srv := newServer(ix)

	p := get(t, srv, "/?q="+url.QueryEscape("speech recognition"))
	checkHTML(t, p, http.StatusOK)
	hits := p.all(byTag("li", "hit"))
	if len(hits) == 0 {
		t.Fatal("no hits for speech recognition")
	}
	for i, h := range hits {
		whys := (&page{doc: h}).all(byTag("p", "why"))
		if len(whys) != 1 {
			t.Fatalf("hit %d has %d why lines, want 1", i+1, len(whys))
		}
		line := text(whys[0])
		// At most three fields, then what raised the hit, if anything.
		fields, raises := 0, 0
		for _, part := range strings.Split(strings.TrimPrefix(line, "Why: "), " · ") {
			switch {
			case strings.HasSuffix(part, "%)") && raises == 0:
				fields++
			case strings.HasPrefix(part, "related to “") || strings.HasPrefix(part, "shares “"):
				raises++
			default:
				fields = 99
			}
		}
		if !strings.HasPrefix(line, "Why: ") || fields == 0 || fields > 3 {
			t.Errorf("hit %d: why line %q", i+1, line)
		}
		// Under the highlights: the last paragraph of the hit.
		if last := (&page{doc: h}).all(byTag("p", "")); last[len(last)-1] != whys[0] {
			t.Errorf("hit %d: the why line is not under the highlights", i+1)
		}
	}
	first := text((&page{doc: hits[0]}).all(byTag("p", "why"))[0])
	// The first hit and the Generative AI Engineer, among the first hits
	// too, are linked as related careers.
	const want = "Why: specialisations — “speech recognition” as a phrase (47%) · duties — “speech”, “recognition” (41%) · summary — “speech” (12%) · related to “Generative AI Engineer” among the first hits (×1.2)"
	if first != want {
		t.Errorf("first hit:\n got %q\nwant %q", first, want)
	}

	// A corrected query says so per field.
	p = get(t, srv, "/?q=machne+lerning")
	checkHTML(t, p, http.StatusOK)
	if whys := p.all(byTag("p", "why")); len(whys) == 0 || !strings.HasPrefix(text(whys[0]), "Why: summary — “machine learning” as a phrase (") {
		t.Errorf("machne lerning: why lines %v", whys)
	}

	// Browsing has no query, so nothing to explain.
	if p := get(t, srv, "/"); len(p.all(byTag("p", "why"))) != 0 {
		t.Errorf("the browse page explains its hits")
	}
}

// recordingSearcher remembers the query it was asked.
type recordingSearcher struct {
	fakeSearcher
	got *career.Query
}

func (r recordingSearcher) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	*r.got = q
	return r.fakeSearcher.Search(ctx, q)
}

// The page asks the searcher for explanations, and the words of an
// explanation are text, never markup.
func TestSearchPageAsksForExplanations(t *testing.T) {
	res := &career.Result{Query: "x", Total: 1, Page: 1, Size: 10, Hits: []career.Hit{{
		ID: "x", Title: "X", Category: "Cat", Summary: "s",
		Explain: []career.Explanation{{Field: career.FieldAliases, Matched: []string{`<img src=x onerror=alert(1)>`}, Via: "synonym", Share: 1}},
	}}}
	var got career.Query
	p := get(t, newServer(recordingSearcher{fakeSearcher{result: res}, &got}), "/?q=x&explain=false")
	checkHTML(t, p, http.StatusOK)
	if !got.Explain {
		t.Errorf("the page searched without explanations: %+v", got)
	}
	whys := p.all(byTag("p", "why"))
	if want := "Why: other titles — “<img src=x onerror=alert(1)>” through a synonym (100%)"; len(whys) != 1 || text(whys[0]) != want {
		t.Fatalf("why lines %d, want one reading %q:\n%s", len(whys), want, p.Body)
	}
	if len(p.all(byTag("img", ""))) != 0 {
		t.Errorf("a matched word became markup:\n%s", p.Body)
	}
}
