package web_test

import (
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/httpapi"
	"github.com/careersearch/careers/internal/web"
)

// TestSiteName: every page names the configured site in its title,
// header, footer and meta description, and says nothing of the shipped
// corpus's subject unless configured to.
func TestSiteName(t *testing.T) {
	ix := mustOpenIndex(t)
	e := httpapi.New(ix, quietLog, httpapi.Options{})
	web.RegisterSite(e, ix, quietLog, web.Site{Name: "Trade Finder", Description: "Careers in the building trades & more."})
	for _, target := range []string{"/", "/?q=prompt", "/careers/prompt-engineer", "/no-such-page"} {
		p := get(t, e, target)
		body := p.Body.String()
		for _, want := range []string{
			"· Trade Finder</title>",
			`<meta name="description" content="Careers in the building trades &amp; more.">`,
			"<span>Trade Finder</span>",
			"Trade Finder — Careers in the building trades &amp; more.",
		} {
			if target == "/" && strings.HasPrefix(want, "·") {
				want = "Trade Finder</title>"
			}
			if !strings.Contains(body, want) {
				t.Errorf("%s lacks %q", target, want)
			}
		}
		// The 404 page holds no career text: nothing there may speak of
		// the shipped corpus's subject.
		if target == "/no-such-page" && strings.Contains(body, "artificial intelligence") {
			t.Errorf("%s speaks of artificial intelligence although the site does not", target)
		}
	}
}
