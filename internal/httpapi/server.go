// Package httpapi is the HTTP adapter: an echo server that answers the JSON
// search API from a career.Searcher, with one error shape for every failure,
// the limits, security headers, access log and metrics that every request
// passes through, and the OpenAPI document that describes it all.
package httpapi

import (
	"errors"
	"log/slog"
	"net/http"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/careersearch/careers/internal/career"
)

// Options bound and instrument the server. The zero value sets no limits,
// no CORS and a private metrics registry; cmd/careers fills it from the
// server.* config keys.
type Options struct {
	// RequestTimeout bounds each request: its context is cancelled then, so
	// a search stops and the client gets 503. 0: no bound.
	RequestTimeout time.Duration
	// MaxInFlight bounds the searches (API searches, career look-ups and
	// the pages that make them) running at once. 0: no bound.
	MaxInFlight int
	// QueueWait is how long a search waits for a slot when MaxInFlight are
	// running, before it is answered 503 with Retry-After.
	QueueWait time.Duration
	// RateLimit is the requests per second allowed to one client address,
	// with bursts of twice that; more are answered 429 with Retry-After.
	// Health, readiness, metrics and static assets are exempt. 0: off.
	RateLimit float64
	// CORSOrigins may call /api/ from a browser on another origin ("*" for
	// any). Empty: no CORS headers, so browsers allow the same origin only.
	CORSOrigins []string
	// MaxBodyBytes bounds a request body; larger ones get 413. 0: no bound.
	// (GET and HEAD requests, all the routes have, may carry none.)
	MaxBodyBytes int64
	// MaxHeaderBytes bounds the request line and headers; larger ones get
	// 431 in the JSON error shape. 0: no bound here (http.Server's own
	// MaxHeaderBytes still answers 431 in plain text beyond its limit, so
	// set that one higher).
	MaxHeaderBytes int
	// Registry receives the server's metrics and is what /metrics serves
	// (one server per registry: the names are registered once); nil: a new
	// registry of the server's own.
	Registry *prometheus.Registry
	// AccessLog gets one record per request; nil: the server's logger.
	AccessLog *slog.Logger
}

// Server holds what the handlers need.
type Server struct {
	// searcher answers the API; it counts searches for the metrics.
	searcher career.Searcher
	// raw is the searcher as given, for probes that must not be counted.
	raw       career.Searcher
	log       *slog.Logger
	accessLog *slog.Logger
	opts      Options
	metrics   *metrics
	// slots holds a token per search in flight (nil: no bound).
	slots chan struct{}
}

// New returns the echo instance with every route and middleware
// registered. Other adapters (the web pages) may add routes to it before it
// serves; they pass through the same middleware.
func New(s career.Searcher, log *slog.Logger, opts Options) *echo.Echo {
	if log == nil {
		log = slog.Default()
	}
	if opts.Registry == nil {
		opts.Registry = prometheus.NewRegistry()
	}
	srv := &Server{raw: s, log: log, accessLog: opts.AccessLog, opts: opts}
	if srv.accessLog == nil {
		srv.accessLog = log
	}
	srv.metrics = newMetrics(opts.Registry, s)
	srv.searcher = srv.metrics.countSearches(s)
	if opts.MaxInFlight > 0 {
		srv.slots = make(chan struct{}, opts.MaxInFlight)
	}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = srv.handleError
	e.JSONSerializer = jsonSerializer{}
	// The client is the connection's peer: X-Forwarded-For and X-Real-IP
	// are not trusted, so a client cannot dodge its rate limit with them.
	e.IPExtractor = echo.ExtractIPDirect()
	srv.middleware(e)
	srv.routes(e)
	return e
}

// errorBody is the one JSON error shape of the API.
type errorBody struct {
	Error errorDetail `json:"error"`
}

type errorDetail struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

// statusOf maps error kinds to HTTP status codes: the one table.
var statusOf = map[string]int{
	career.EINVALID:     http.StatusBadRequest,
	career.ENOTFOUND:    http.StatusNotFound,
	career.EUNAVAILABLE: http.StatusServiceUnavailable,
	career.ETOOMANY:     http.StatusTooManyRequests,
	career.EINTERNAL:    http.StatusInternalServerError,
}

// errLogged is an internal error that was already logged in full (a panic
// with its stack): it is answered like any internal error but not logged
// again.
var errLogged = errors.New("internal error (logged)")

// handleError writes every error as JSON. Internal errors are logged in full
// with the request id and answered with a generic message.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code := career.ErrorCode(err)
	msg := career.ErrorMessage(err)
	status, ok := statusOf[code]
	if !ok {
		status = http.StatusInternalServerError
	}
	var he *echo.HTTPError
	if errors.As(err, &he) {
		// echo's own errors: unknown route, wrong method, body too large.
		status = he.Code
		switch {
		case he.Code == http.StatusNotFound:
			code, msg = career.ENOTFOUND, "no such route: "+c.Request().URL.Path
		case he.Code == http.StatusMethodNotAllowed:
			code, msg = career.EINVALID, "method not allowed"
		case he.Code < 500:
			code, msg = career.EINVALID, http.StatusText(he.Code)
			if m, ok := he.Message.(string); ok && m != "" {
				msg = m
			}
		default:
			code, msg = career.EINTERNAL, "internal error"
		}
	}
	if code == career.EINTERNAL && !errors.Is(err, errLogged) {
		s.log.Error("request failed", "request_id", requestID(c), "method", c.Request().Method,
			"path", c.Request().URL.Path, "err", err)
	}
	if c.Request().ContentLength != 0 {
		// An unread body: close the connection after the answer rather
		// than let net/http wait for the body to reuse it.
		c.Response().Header().Set(echo.HeaderConnection, "close")
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	c.JSON(status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}
