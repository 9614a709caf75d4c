// Package web serves the HTML search pages from a career.Searcher: a search
// page with category filters and pagination, and a page per career, rendered
// on the server with html/template so that they work without JavaScript, and
// enhanced by a small embedded script that searches as the user types.
package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"html/template"
	"io/fs"
	"log/slog"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// contentSecurityPolicy allows scripts, styles, images and fetches from this
// origin only: no inline script or style, no plug-ins, no framing.
const contentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; " +
	"connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

// securityHeaders are set on every page and asset this package serves.
var securityHeaders = [][2]string{
	{"Content-Security-Policy", contentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "same-origin"},
	{"X-Frame-Options", "DENY"},
	{"Cross-Origin-Opener-Policy", "same-origin"},
}

// handler holds what the page handlers need.
type handler struct {
	searcher career.Searcher
	log      *slog.Logger
	pages    map[string]*template.Template
	static   fs.FS
	// versions maps an asset name to a hash of its content, appended to its
	// URL so that browsers may cache assets for good.
	versions map[string]string
}

// Site names the site on every page.
type Site struct {
	// Name is shown in the header, the browser title and the footer.
	Name string
	// Description is the footer's line and the pages' meta description.
	Description string
}

// DefaultSite is the site when none is configured (config site.*).
var DefaultSite = Site{
	Name:        "Careers",
	Description: "Search careers by skill, task or workplace, and see what each role does, its duties and where it is done.",
}

// Register adds the page routes to e, for the default site; see
// RegisterSite.
func Register(e *echo.Echo, s career.Searcher, log *slog.Logger) {
	RegisterSite(e, s, log, DefaultSite)
}

// RegisterSite adds the page routes to e: GET (and HEAD) / for the search
// page, /careers/:id for a career, /static/* for the embedded assets, and
// an HTML 404 page for unknown paths outside /api/; every page names site.
func RegisterSite(e *echo.Echo, s career.Searcher, log *slog.Logger, site Site) {
	if site.Name == "" {
		site.Name = DefaultSite.Name
	}
	h, err := newHandler(s, log, site)
	if err != nil {
		// The templates are embedded and covered by tests: failing to
		// parse them is a programming error.
		panic(err)
	}
	h.routes(e)
	// Errors on the page routes that arise outside their handlers (a
	// server busy, a request timed out, a rate limit, a bad query string)
	// reach echo's error handler: show them as the HTML error page too.
	// Other routes keep the handler they had (the API's JSON errors).
	next := e.HTTPErrorHandler
	e.HTTPErrorHandler = func(err error, c echo.Context) {
		if c.Response().Committed || !pageRoutes[c.Path()] {
			next(err, c)
			return
		}
		var he *echo.HTTPError
		if errors.As(err, &he) {
			// echo's own (body refused, headers too large): JSON, as for
			// any client that is not a browser.
			next(err, c)
			return
		}
		hdr := c.Response().Header()
		for _, kv := range securityHeaders {
			hdr.Set(kv[0], kv[1])
		}
		if err := h.renderError(c, err); err != nil {
			next(err, c)
		}
	}
}

// pageRoutes are the routes whose errors are HTML pages.
var pageRoutes = map[string]bool{"/": true, "/careers/:id": true}

// routes registers every page route in one place.
func (h *handler) routes(e *echo.Echo) {
	getHead := []string{http.MethodGet, http.MethodHead}
	e.Match(getHead, "/", h.handleSearch, secure)
	e.Match(getHead, "/careers/:id", h.handleCareer, secure)
	e.Match(getHead, "/static/*", h.handleStatic, secure)
	e.GET("/*", h.handleNotFound, secure)
}

func newHandler(s career.Searcher, log *slog.Logger, site Site) (*handler, error) {
	if log == nil {
		log = slog.Default()
	}
	static, err := fs.Sub(staticFS, "static")
	if err != nil {
		return nil, err
	}
	h := &handler{searcher: s, log: log, static: static, versions: map[string]string{}}
	err = fs.WalkDir(static, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(static, path)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		h.versions[path] = hex.EncodeToString(sum[:6])
		return nil
	})
	if err != nil {
		return nil, err
	}
	funcs := template.FuncMap{"static": h.staticURL, "site": func() Site { return site }}
	h.pages = map[string]*template.Template{}
	for _, name := range []string{"search", "career", "error"} {
		t, err := template.New(name).Funcs(funcs).ParseFS(templateFS, "templates/layout.html", "templates/"+name+".html")
		if err != nil {
			return nil, err
		}
		h.pages[name] = t
	}
	return h, nil
}

// staticURL returns the URL of an embedded asset with its content hash.
func (h *handler) staticURL(name string) string {
	return "/static/" + name + "?v=" + h.versions[name]
}

// secure sets the security headers.
func secure(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		hdr := c.Response().Header()
		for _, kv := range securityHeaders {
			hdr.Set(kv[0], kv[1])
		}
		return next(c)
	}
}

// layoutData is what templates/layout.html reads; each page embeds it.
type layoutData struct {
	// Title is the page title, before the site name.
	Title string
	// Query fills the search box in the header.
	Query string
	// Size is kept as a hidden field when the URL gave one.
	Size int
	// Live marks the search page, where the script searches as one types.
	Live bool
}

// render executes a page template into a buffer first, so that a template
// error becomes a clean 500 rather than half a page.
func (h *handler) render(c echo.Context, status int, name string, data any) error {
	var buf bytes.Buffer
	if err := h.pages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		return career.Errorf(career.EINTERNAL, "web: rendering %s: %v", name, err)
	}
	c.Response().Header().Set("Cache-Control", "no-cache")
	return c.HTMLBlob(status, buf.Bytes())
}

// statusOf maps error kinds to HTTP status codes.
var statusOf = map[string]int{
	career.EINVALID:     http.StatusBadRequest,
	career.ENOTFOUND:    http.StatusNotFound,
	career.EUNAVAILABLE: http.StatusServiceUnavailable,
	career.ETOOMANY:     http.StatusTooManyRequests,
	career.EINTERNAL:    http.StatusInternalServerError,
}

// errorHeadings are the headings of the error page by kind.
var errorHeadings = map[string]string{
	career.EINVALID:     "That search could not be run",
	career.ENOTFOUND:    "Page not found",
	career.EUNAVAILABLE: "Search is unavailable",
	career.ETOOMANY:     "Too many requests",
	career.EINTERNAL:    "Something went wrong",
}

type errorData struct {
	layoutData
	Status  int
	Heading string
	Message string
	// NotFound selects the hint for a missing page.
	NotFound bool
}

// renderError shows err as an HTML page with the status of its kind.
// Internal errors are logged in full and shown with a generic message.
func (h *handler) renderError(c echo.Context, err error) error {
	code := career.ErrorCode(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	if code == career.EINTERNAL {
		h.log.Error("page failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	q := c.QueryParam("q")
	if len(q) > 200 {
		q = ""
	}
	heading := errorHeadings[code]
	if code == career.ENOTFOUND && strings.HasPrefix(c.Request().URL.Path, "/careers/") {
		heading = "Career not found"
	}
	data := errorData{
		layoutData: layoutData{Title: heading, Query: q},
		Status:     status,
		Heading:    heading,
		Message:    career.ErrorMessage(err),
		NotFound:   code == career.ENOTFOUND,
	}
	if rerr := h.render(c, status, "error", data); rerr != nil {
		h.log.Error("rendering the error page failed", "err", rerr)
		return c.String(http.StatusInternalServerError, "internal error")
	}
	return nil
}

// handleNotFound answers unknown paths with the HTML 404 page; paths under
// /api/ keep the API's JSON error.
func (h *handler) handleNotFound(c echo.Context) error {
	if p := c.Request().URL.Path; p == "/api" || strings.HasPrefix(p, "/api/") {
		return echo.ErrNotFound
	}
	return h.renderError(c, career.Errorf(career.ENOTFOUND, "There is no page at %s.", c.Request().URL.Path))
}

// handleStatic serves the embedded assets. A request that names the current
// content hash may be cached for good; any other is revalidated.
func (h *handler) handleStatic(c echo.Context) error {
	name := c.Param("*")
	v, ok := h.versions[name]
	if !ok {
		return h.renderError(c, career.Errorf(career.ENOTFOUND, "There is no file at %s.", c.Request().URL.Path))
	}
	if c.QueryParam("v") == v {
		c.Response().Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		c.Response().Header().Set("Cache-Control", "no-cache")
	}
	http.ServeFileFS(c.Response(), c.Request(), h.static, name)
	return nil
}
