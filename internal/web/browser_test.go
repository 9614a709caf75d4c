package web_test

import (
	"context"
	"flag"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/web"
)

// End-to-end tests in headless Chromium, driven with chromedp, against the
// real server (API and pages) on 127.0.0.1:0 over the test index. They skip
// only when no browser is installed; CI installs Debian's chromium.
//
// Screenshots of the pages go to screenshots/ at the module root (ignored
// by git). With -update-docs the results screenshot is also copied to
// docs/screenshot-search.png, the one the README shows.

var updateDocs = flag.Bool("update-docs", false, "copy the results screenshot to docs/screenshot-search.png")

// browserTimeout bounds each browser test as a whole.
const browserTimeout = 40 * time.Second

// findBrowser returns the path of Chromium or Chrome, or "".
func findBrowser() string {
	if p := os.Getenv("CAREERS_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "headless-shell"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// browser is one headless Chromium with one tab, and what the page wrote to
// its console.
type browser struct {
	ctx      context.Context
	mu       sync.Mutex
	messages []chromedp.ConsoleMessage
}

// newBrowser starts Chromium with a fresh profile. The browser, the tab
// and every action end when browserTimeout has passed or the test ends.
func newBrowser(t *testing.T) *browser {
	t.Helper()
	path := findBrowser()
	if path == "" && os.Getenv("CI") != "" {
		t.Fatal("no Chromium or Chrome found, and CI must run the browser tests: install Debian's chromium (.ci/run does)")
	}
	if path == "" {
		t.Skip("no Chromium or Chrome found (looked for /usr/bin/chromium, chromium, google-chrome; set CAREERS_CHROMIUM to a path): " +
			"skipping the browser tests; install one with `apt-get install chromium`")
	}
	profile := t.TempDir()
	root, cancelRoot := context.WithTimeout(context.Background(), browserTimeout)
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(profile),
		chromedp.NoSandbox,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		// chromedp loses track of a page restored from the back/forward
		// cache, so going back reloads the page here, as it does in a
		// browser whose cache has evicted it.
		chromedp.Flag("disable-features", "Translate,BlinkGenPropertyTrees,BackForwardCache"),
		chromedp.WindowSize(1280, 860),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(root, opts...)
	ctx, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelTab()
		cancelAlloc()
		cancelRoot()
	})
	start := time.Now()
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("starting %s: %v", path, err)
	}
	t.Logf("started %s in %v", path, time.Since(start).Round(time.Millisecond))
	b := &browser{ctx: ctx}
	messages := chromedp.Console(ctx)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.messages = append(b.messages, m)
			b.mu.Unlock()
		}
	}()
	return b
}

// stepTimeout bounds each step of a browser test.
const stepTimeout = 10 * time.Second

// do runs actions, failing the test at the first error.
func (b *browser) do(t *testing.T, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, b *browser, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// waitFor polls a JavaScript predicate until it holds, for up to 10 s. A
// poll does not survive a navigation, so it starts again after one.
func (b *browser) waitFor(t *testing.T, what, predicate string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	deadline, _ := ctx.Deadline()
	for {
		_, err := chromedp.Run(ctx, chromedp.Poll[bool](predicate,
			chromedp.WithPollingInterval(20*time.Millisecond), chromedp.WithPollingTimeout(time.Until(deadline))))
		if err == nil {
			return
		}
		if ctx.Err() != nil {
			t.Fatalf("waiting for %s (%s): %v", what, predicate, err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pressKey presses a key as a keyboard does: one keyDown that carries the
// text (so that a page cancelling the keydown also cancels the typing),
// then keyUp.
func pressKey(key, code string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		for _, p := range []input.DispatchKeyEventParams{
			{Type: input.DispatchKeyEventTypeKeyDown, Key: key, Code: code, Text: key},
			{Type: input.DispatchKeyEventTypeKeyUp, Key: key, Code: code},
		} {
			if _, err := cdp.Call(ctx, tg, input.DispatchKeyEvent, p); err != nil {
				return err
			}
		}
		return nil
	})
}

// rendered is how many times the script has redrawn the results.
func (b *browser) rendered(t *testing.T) int {
	t.Helper()
	return eval[int](t, b, `Number(document.getElementById('results').dataset.rendered || 0)`)
}

func (b *browser) waitRendered(t *testing.T, what string, after int) {
	t.Helper()
	b.waitFor(t, what, fmt.Sprintf(`Number(document.getElementById('results').dataset.rendered || 0) > %d`, after))
}

// screenshot saves a PNG of the viewport (or the whole page) under
// screenshots/ at the module root and returns its path.
func (b *browser) screenshot(t *testing.T, name string, full bool) string {
	t.Helper()
	action := chromedp.CaptureScreenshot()
	if full {
		action = chromedp.FullScreenshot(100)
	}
	ctx, cancel := context.WithTimeout(b.ctx, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("screenshot %s: %v", name, err)
	}
	dir := filepath.Join(moduleRoot(t), "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", path)
	return path
}

// checkConsole fails on any error or exception the page logged: script
// errors, failed requests, Content-Security-Policy violations.
func (b *browser) checkConsole(t *testing.T) {
	t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, m := range b.messages {
		if m.IsException() || m.Type == chromedp.ConsoleError {
			t.Errorf("browser console: %s", m)
		}
	}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test directory")
		}
		dir = parent
	}
}

// apiProbe counts the API searches the page makes, and answers one query
// slowly so that a test can check that a stale request is cancelled.
type apiProbe struct {
	next     http.Handler
	slowText string
	searches atomic.Int32
	aborted  atomic.Int32
}

func (p *apiProbe) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/api/search" {
		p.searches.Add(1)
		if p.slowText != "" && r.URL.Query().Get("q") == p.slowText {
			select {
			case <-time.After(3 * time.Second):
			case <-r.Context().Done():
				p.aborted.Add(1)
				return
			}
		}
	}
	p.next.ServeHTTP(w, r)
}

// The search flow with JavaScript: type a query, see highlighted results,
// tick two categories and see the hits and totals change (the facet counts
// stay: they are disjunctive), page forward, open a career, go back.
func TestBrowserSearch(t *testing.T) {
	b := newBrowser(t)
	started := time.Now()
	ix := mustOpenIndex(t)
	probe := &apiProbe{next: newServer(ix), slowText: "dat"}
	srv := httptest.NewServer(probe)
	defer srv.Close()

	// The two categories to tick: with "data" they hold more than one page.
	const query = "data"
	catA, catB := "AI Research & Data Roles", "Technical & Engineering Roles"
	want, err := ix.Search(context.Background(), career.Query{Text: query})
	if err != nil {
		t.Fatal(err)
	}
	counts := map[string]int{}
	for _, f := range want.Facets.Category {
		counts[f.Value] = f.Count
	}
	if counts[catA]+counts[catB] <= 10 {
		t.Fatalf("test corpus: %q matches %d careers in %q and %q; the test needs more than one page", query, counts[catA]+counts[catB], catA, catB)
	}

	b.do(t, "opening the search page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("results")))
	if !eval[bool](t, b, `document.documentElement.classList.contains('js')`) {
		t.Fatal("the script did not run")
	}
	if eval[bool](t, b, `getComputedStyle(document.querySelector('.apply-button')).display !== 'none'`) {
		t.Error("the Apply button shows although the script re-runs searches itself")
	}

	t.Run("Keyboard", func(t *testing.T) {
		b.do(t, "pressing Tab", chromedp.KeyEvent("\t"))
		if got := eval[string](t, b, `document.activeElement.className`); got != "skip-link" {
			t.Errorf("first Tab focuses %q, want the skip link", got)
		}
		if got := eval[string](t, b, `getComputedStyle(document.activeElement).outlineStyle`); got == "none" {
			t.Error("the focused skip link has no visible outline")
		}
		b.do(t, "pressing /", pressKey("/", "Slash"))
		if got := eval[string](t, b, `document.activeElement.id`); got != "q" {
			t.Errorf("/ focuses %q, want the search box", got)
		}
		if got := eval[string](t, b, `document.getElementById('q').value`); got != "" {
			t.Errorf("/ was typed into the search box: %q", got)
		}
	})

	var unfiltered []string
	t.Run("TypeAndSeeHighlights", func(t *testing.T) {
		before := b.rendered(t)
		// "dat" is answered slowly; typing on must cancel it, and its late
		// answer must not replace the results for "data".
		b.do(t, "typing dat", chromedp.SendKeys(chromedp.ID("q"), "dat"))
		waitUntil(t, "the request for dat", func() bool { return probe.searches.Load() >= 1 })
		b.do(t, "typing a", chromedp.SendKeys(chromedp.ID("q"), "a"))
		b.waitRendered(t, "results for data", before)
		heading := eval[string](t, b, `document.getElementById('results-heading').textContent`)
		if want := fmt.Sprintf("%d careers match “data”", want.Total); heading != want {
			t.Errorf("heading %q, want %q", heading, want)
		}
		waitUntil(t, "the stale request to be cancelled", func() bool { return probe.aborted.Load() == 1 })
		if n := probe.searches.Load(); n != 2 {
			t.Errorf("%d API searches for typing d-a-t, pause, a; want 2 (debounced)", n)
		}
		marks := eval[[]string](t, b, `[...document.querySelectorAll('#results .hit mark')].map(m => m.textContent.toLowerCase())`)
		if len(marks) == 0 {
			t.Fatal("no highlighted words in the results")
		}
		for _, m := range marks {
			if m != "data" {
				t.Errorf("highlighted %q for the query data", m)
			}
		}
		if got := eval[string](t, b, `location.search`); got != "?q=data" {
			t.Errorf("address %q does not hold the query", got)
		}
		link := eval[string](t, b, `document.querySelector('.hit-title a').getAttribute('href')`)
		if !strings.HasSuffix(link, "?q=data") {
			t.Errorf("result link %q does not carry the query", link)
		}
		unfiltered = eval[[]string](t, b, `[...document.querySelectorAll('.hit-title')].map(h => h.textContent)`)
	})

	facetCounts := func(t *testing.T) map[string]string {
		t.Helper()
		return eval[map[string]string](t, b, `Object.fromEntries([...document.querySelectorAll('#facets label')].map(l =>
			[l.querySelector('input').value, l.querySelector('.facet-count').textContent]))`)
	}

	t.Run("TickTwoCategories", func(t *testing.T) {
		start := facetCounts(t)
		for i, c := range []string{catA, catB} {
			before := b.rendered(t)
			b.do(t, "ticking "+c, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#facets input[value=%q]`, c))))
			b.waitRendered(t, "results filtered by "+c, before)
			total := counts[catA]
			if i == 1 {
				total += counts[catB]
			}
			heading := eval[string](t, b, `document.getElementById('results-heading').textContent`)
			if !strings.HasPrefix(heading, fmt.Sprintf("%d careers match “data” in %d categor", total, i+1)) {
				t.Errorf("after ticking %s: heading %q, want %d careers", c, heading, total)
			}
		}
		if got := facetCounts(t); !maps.Equal(got, start) {
			t.Errorf("facet counts changed on ticking (they are disjunctive): %v, were %v", got, start)
		}
		badges := eval[[]string](t, b, `[...document.querySelectorAll('#results .category-badge')].map(b => b.textContent)`)
		for _, c := range badges {
			if c != catA && c != catB {
				t.Errorf("a hit in %q, outside the ticked categories", c)
			}
		}
		titles := eval[[]string](t, b, `[...document.querySelectorAll('.hit-title')].map(h => h.textContent)`)
		if slices.Equal(titles, unfiltered) {
			t.Error("the hits did not change when filtering")
		}
		q, _ := url.ParseQuery(strings.TrimPrefix(eval[string](t, b, `location.search`), "?"))
		if !slices.Equal(q["category"], []string{catA, catB}) {
			t.Errorf("address holds categories %q", q["category"])
		}
		b.do(t, "settling the page for a screenshot",
			chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0); document.activeElement.blur()`),
			chromedp.MouseEvent(chromedp.MouseMoved, 1270, 850))
		b.screenshot(t, "search-results.png", false)
		if *updateDocs {
			copyFile(t, filepath.Join(moduleRoot(t), "screenshots", "search-results.png"), filepath.Join(moduleRoot(t), "docs", "screenshot-search.png"))
		}
	})

	var pageTwo []string
	t.Run("PageForward", func(t *testing.T) {
		b.do(t, "clicking Next", chromedp.Click(chromedp.CSS(`.pager a[rel="next"]`)))
		b.waitFor(t, "page 2", `location.search.includes('page=2') && document.readyState === 'complete'`)
		if got := eval[string](t, b, `document.querySelector('.pager a[aria-current="page"]').textContent`); got != "2" {
			t.Errorf("current page %q, want 2", got)
		}
		checked := eval[[]string](t, b, `[...document.querySelectorAll('#facets input:checked')].map(i => i.value)`)
		if !slices.Equal(checked, []string{catA, catB}) {
			t.Errorf("page 2 has %q ticked", checked)
		}
		if got := eval[string](t, b, `document.getElementById('q').value`); got != query {
			t.Errorf("page 2 search box holds %q", got)
		}
		pageTwo = eval[[]string](t, b, `[...document.querySelectorAll('.hit-title')].map(h => h.textContent)`)
		if n := counts[catA] + counts[catB] - 10; len(pageTwo) != n {
			t.Errorf("%d hits on page 2, want %d", len(pageTwo), n)
		}
	})

	t.Run("OpenCareer", func(t *testing.T) {
		title := pageTwo[0]
		b.do(t, "opening "+title, chromedp.Click(chromedp.CSS(`.hit-title a`)))
		b.waitFor(t, "the career page", `location.pathname.startsWith('/careers/') && document.readyState === 'complete'`)
		if got := eval[string](t, b, `document.querySelector('h1').textContent`); got != title {
			t.Errorf("career page %q, want %q", got, title)
		}
		if got := eval[string](t, b, `location.search`); got != "?q=data" {
			t.Errorf("career address %q does not carry the query", got)
		}
		n := eval[int](t, b, `document.querySelectorAll('.career-sections mark').length`)
		if n == 0 {
			t.Error("the query's words are not highlighted on the career page")
		}
		sections := eval[[]string](t, b, `[...document.querySelectorAll('.career h2')].map(h => h.textContent)`)
		for _, s := range []string{"Summary", "Duties", "Related careers"} {
			if !slices.Contains(sections, s) {
				t.Errorf("career page lacks %s; has %q", s, sections)
			}
		}
		b.screenshot(t, "career.png", true)
	})

	t.Run("GoBack", func(t *testing.T) {
		// Scheduled, so that the evaluation has answered before the page
		// goes: evaluating history.back() itself can fail with "Inspected
		// target navigated or closed" when the navigation wins the race
		// (seen once under CI load). waitFor polls through the navigation.
		b.do(t, "going back", chromedp.Evaluate[chromedp.Void](`setTimeout(() => history.back(), 0)`))
		b.waitFor(t, "the results page", `location.pathname === '/' && location.search.includes('page=2') && document.readyState === 'complete'`)
		titles := eval[[]string](t, b, `[...document.querySelectorAll('.hit-title')].map(h => h.textContent)`)
		if !slices.Equal(titles, pageTwo) {
			t.Errorf("back on the results: %q, want %q", titles, pageTwo)
		}
		checked := eval[[]string](t, b, `[...document.querySelectorAll('#facets input:checked')].map(i => i.value)`)
		if !slices.Equal(checked, []string{catA, catB}) {
			t.Errorf("back on the results: %q ticked", checked)
		}
	})

	b.checkConsole(t)
	t.Logf("browser flow took %v", time.Since(started).Round(time.Millisecond))
}

// Without JavaScript the page is a plain form: the Apply button submits
// the ticked categories with the query.
func TestBrowserWithoutJavaScript(t *testing.T) {
	b := newBrowser(t)
	ix := mustOpenIndex(t)
	srv := httptest.NewServer(newServer(ix))
	defer srv.Close()

	disable := chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := chromedp.Call(ctx, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	})
	b.do(t, "opening the page without JavaScript", disable, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("results")))
	if eval[bool](t, b, `document.documentElement.classList.contains('js')`) {
		t.Fatal("the script ran although JavaScript is off")
	}
	cat := "Generative & Creative AI Roles"
	b.do(t, "searching with a filter",
		chromedp.SendKeys(chromedp.ID("q"), "prompt"),
		chromedp.Click(chromedp.CSS(fmt.Sprintf(`#facets input[value=%q]`, cat))),
		chromedp.Click(chromedp.CSS(`.apply-button`)),
	)
	b.waitFor(t, "the filtered page", `location.search.includes('category=') && document.readyState === 'complete'`)
	q, _ := url.ParseQuery(strings.TrimPrefix(eval[string](t, b, `location.search`), "?"))
	if q.Get("q") != "prompt" || !slices.Equal(q["category"], []string{cat}) {
		t.Errorf("form submitted %v", q)
	}
	badges := eval[[]string](t, b, `[...document.querySelectorAll('#results .category-badge')].map(b => b.textContent)`)
	if len(badges) == 0 {
		t.Fatal("no results")
	}
	for _, c := range badges {
		if c != cat {
			t.Errorf("a hit in %q", c)
		}
	}
	if got := eval[[]string](t, b, `[...document.querySelectorAll('#facets input:checked')].map(i => i.value)`); !slices.Equal(got, []string{cat}) {
		t.Errorf("ticked after submitting: %q", got)
	}
	b.checkConsole(t)
}

// On a phone-width screen nothing overflows sideways, and controls are
// large enough to tap. Then: the CSP blocks an injected inline script.
func TestBrowserPhone(t *testing.T) {
	b := newBrowser(t)
	ix := mustOpenIndex(t)
	srv := httptest.NewServer(newServer(ix))
	defer srv.Close()

	for _, target := range []string{"/?q=data+privacy", "/careers/ai-data-curator?q=data"} {
		b.do(t, "opening "+target,
			chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile),
			chromedp.Navigate(srv.URL+target),
			chromedp.WaitVisible(chromedp.ID("main")))
		if w := eval[[]int](t, b, `[document.documentElement.scrollWidth, window.innerWidth]`); w[0] > w[1] {
			t.Errorf("%s: page is %dpx wide on a %dpx screen", target, w[0], w[1])
		}
		if h := eval[float64](t, b, `document.getElementById('q').getBoundingClientRect().height`); h < 40 {
			t.Errorf("%s: search box is %vpx high, too small to tap", target, h)
		}
	}
	b.screenshot(t, "career-phone.png", false)
	b.do(t, "opening the results", chromedp.Navigate(srv.URL+"/?q=data+privacy"), chromedp.WaitVisible(chromedp.ID("results")))
	b.screenshot(t, "search-phone.png", false)
	b.checkConsole(t)

	// The Content-Security-Policy stops a script that got into the page.
	b.do(t, "injecting an inline script", chromedp.Evaluate[chromedp.Void](
		`const s = document.createElement('script'); s.textContent = 'window.injected = true'; document.body.appendChild(s)`))
	if eval[bool](t, b, `window.injected === true`) {
		t.Error("an injected inline script ran")
	}
	waitUntil(t, "the console to report the CSP violation", func() bool {
		b.mu.Lock()
		defer b.mu.Unlock()
		for _, m := range b.messages {
			if strings.Contains(m.Text, "Content Security Policy") {
				return true
			}
		}
		return false
	})
}

func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err == nil {
		err = os.MkdirAll(filepath.Dir(to), 0o755)
	}
	if err == nil {
		err = os.WriteFile(to, data, 0o644)
	}
	if err != nil {
		t.Fatalf("copying the screenshot: %v", err)
	}
	t.Logf("updated %s", to)
}

// With the script, a query with a rare word that looks like a typo shows
// the same "Did you mean" link as the page without it, keeping the ticked
// category; following it searches the suggestion.
func TestBrowserDidYouMean(t *testing.T) {
	b := newBrowser(t)
	ix := mustOpenIndex(t)
	srv := httptest.NewServer(newServer(ix))
	defer srv.Close()

	cat := "Technical & Engineering Roles"
	b.do(t, "opening the search page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("results")))
	before := b.rendered(t)
	b.do(t, "ticking "+cat, chromedp.Click(chromedp.CSS(fmt.Sprintf(`#facets input[value=%q]`, cat))))
	b.waitRendered(t, "results filtered by "+cat, before)
	before = b.rendered(t)
	b.do(t, "typing drain models", chromedp.SendKeys(chromedp.ID("q"), "drain models"))
	b.waitFor(t, "results for drain models", fmt.Sprintf(
		`Number(document.getElementById('results').dataset.rendered || 0) > %d && document.querySelector('#results .did-you-mean') !== null`, before))
	if got := eval[string](t, b, `document.querySelector('#results .did-you-mean').textContent`); got != "Did you mean train models?" {
		t.Errorf("notice %q", got)
	}
	href := eval[string](t, b, `document.querySelector('#results .did-you-mean a').getAttribute('href')`)
	if want := "/?q=train+models&category=Technical+%26+Engineering+Roles"; href != want {
		t.Errorf("link %q, want %q", href, want)
	}
	b.do(t, "following the suggestion", chromedp.Click(chromedp.CSS(`#results .did-you-mean a`)))
	b.waitFor(t, "the suggested search", `location.search.includes('q=train') && document.readyState === 'complete'`)
	if got := eval[string](t, b, `document.getElementById('q').value`); got != "train models" {
		t.Errorf("search box holds %q", got)
	}
	if eval[bool](t, b, `document.querySelector('.did-you-mean') !== null`) {
		t.Error("the suggested search offers a suggestion")
	}
	if got := eval[[]string](t, b, `[...document.querySelectorAll('#facets input:checked')].map(i => i.value)`); !slices.Equal(got, []string{cat}) {
		t.Errorf("ticked after following the suggestion: %q", got)
	}
	b.checkConsole(t)
}

// whyLines reads each hit's "Why:" line in the page, "" for a hit without.
const whyLines = `[...document.querySelectorAll('#results .hit')].map(h => { const w = h.querySelector('.why'); return w ? w.textContent : '' })`

// With the script, each hit says why it matched in the same words as the
// page rendered on the server: for a real query, and for every way of
// matching, field, rounding, order and cap that whyLine's tests hold.
func TestBrowserWhyLine(t *testing.T) {
	b := newBrowser(t)

	// serverThenScript reads the why lines of the page the server renders
	// for query, then those the script renders when one types it.
	serverThenScript := func(t *testing.T, srv *httptest.Server, query string) (server, script []string) {
		t.Helper()
		b.do(t, "opening the results for "+query, chromedp.Navigate(srv.URL+"/?q="+url.QueryEscape(query)), chromedp.WaitVisible(chromedp.ID("results")))
		server = eval[[]string](t, b, whyLines)
		b.do(t, "opening the search page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("results")))
		before := b.rendered(t)
		b.do(t, "typing "+query, chromedp.SendKeys(chromedp.ID("q"), query))
		b.waitRendered(t, "results for "+query, before)
		script = eval[[]string](t, b, whyLines)
		if got := eval[string](t, b, `location.search`); strings.Contains(got, "explain") {
			t.Errorf("address %q holds the API's explain parameter", got)
		}
		return server, script
	}

	t.Run("RealQuery", func(t *testing.T) {
		srv := httptest.NewServer(newServer(mustOpenIndex(t)))
		defer srv.Close()
		server, script := serverThenScript(t, srv, "speech recognition")
		if len(server) == 0 || !strings.HasPrefix(server[0], "Why: specialisations — “speech recognition” as a phrase (") {
			t.Fatalf("server-rendered why lines %q", server)
		}
		for i, line := range server {
			if !strings.HasPrefix(line, "Why: ") {
				t.Errorf("server-rendered hit %d has why line %q", i+1, line)
			}
		}
		if !slices.Equal(script, server) {
			t.Fatalf("the script words why differently:\nscript %q\nserver %q", script, server)
		}
		if got := eval[string](t, b, `getComputedStyle(document.querySelector('#results .why')).color`); got == eval[string](t, b, `getComputedStyle(document.querySelector('#results .fragment')).color`) {
			t.Errorf("the why line is not muted: color %s", got)
		}
	})

	t.Run("EveryCase", func(t *testing.T) {
		res := &career.Result{Query: "x", Page: 1, Size: len(web.WhyCases)}
		for i, c := range web.WhyCases {
			res.Hits = append(res.Hits, career.Hit{ID: fmt.Sprintf("case-%d", i), Title: c.Name, Category: "Cat", Summary: "s", Explain: c.Explain, Raised: c.Raised})
		}
		res.Total = uint64(len(res.Hits))
		srv := httptest.NewServer(newServer(fakeSearcher{result: res}))
		defer srv.Close()
		server, script := serverThenScript(t, srv, "x")
		if len(server) != len(web.WhyCases) || len(script) != len(web.WhyCases) {
			t.Fatalf("%d server-rendered and %d script-rendered hits, want %d", len(server), len(script), len(web.WhyCases))
		}
		for i, c := range web.WhyCases {
			if server[i] != c.Want {
				t.Errorf("%s: server\n got %q\nwant %q", c.Name, server[i], c.Want)
			}
			if script[i] != c.Want {
				t.Errorf("%s: script\n got %q\nwant %q", c.Name, script[i], c.Want)
			}
		}
	})

	b.checkConsole(t)
}

// fragmentTexts reads each hit's passages in the page, joined by " | ".
const fragmentTexts = `[...document.querySelectorAll('#results .hit')].map(h => [...h.querySelectorAll('.fragment')].map(p => p.textContent).join(' | '))`

// With the script, each hit shows the same passages in the same order as
// the page rendered on the server: the passage with the most words of the
// query first, a duty, summary or workplace before an alias.
func TestBrowserPassages(t *testing.T) {
	b := newBrowser(t)
	hit := func(id string, hl map[string][]string) career.Hit {
		return career.Hit{ID: id, Title: id, Category: "Cat", Summary: "s", Highlights: hl}
	}
	res := &career.Result{Query: "remote work", Page: 1, Size: 10, Hits: []career.Hit{
		hit("workplace-first", map[string][]string{
			"aliases":   {"<mark>Remote</mark> Pilot"},
			"duties":    {"Build a <mark>working</mark> integration."},
			"workplace": {"Well suited to <mark>remote</mark> <mark>work</mark>."},
		}),
		hit("duty-before-alias", map[string][]string{
			"aliases": {"<mark>Remote</mark> Operator"},
			"duties":  {"Operate <mark>remote</mark> cameras."},
			"summary": {"Plain text with nothing marked."},
		}),
		hit("three-at-most", map[string][]string{
			"aliases":         {"<mark>Work</mark> A", "<mark>Work</mark> B"},
			"specialisations": {"<mark>Remote</mark> <mark>work</mark> <mark>Remote</mark>"},
			"summary":         {"<mark>work</mark> and <mark>WORK</mark>"},
		}),
	}}
	res.Total = uint64(len(res.Hits))
	srv := httptest.NewServer(newServer(fakeSearcher{result: res}))
	defer srv.Close()

	b.do(t, "opening the results", chromedp.Navigate(srv.URL+"/?q=remote+work"), chromedp.WaitVisible(chromedp.ID("results")))
	server := eval[[]string](t, b, fragmentTexts)
	b.do(t, "opening the search page", chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.ID("results")))
	before := b.rendered(t)
	b.do(t, "typing", chromedp.SendKeys(chromedp.ID("q"), "remote work"))
	b.waitRendered(t, "results for remote work", before)
	script := eval[[]string](t, b, fragmentTexts)

	want := []string{
		"Workplace Well suited to remote work. | Duty Build a working integration. | Also known as Remote Pilot",
		"Duty Operate remote cameras. | Also known as Remote Operator | Summary Plain text with nothing marked.",
		"Specialisation Remote work Remote | Summary work and WORK | Also known as Work A",
	}
	if !slices.Equal(server, want) {
		t.Errorf("server-rendered passages\n got %q\nwant %q", server, want)
	}
	if !slices.Equal(script, server) {
		t.Errorf("the script shows other passages:\nscript %q\nserver %q", script, server)
	}
	b.checkConsole(t)
}
