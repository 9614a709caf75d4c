package httpapi

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/labstack/echo/v4"
	"github.com/labstack/echo/v4/middleware"
	"golang.org/x/time/rate"

	"github.com/careersearch/careers/internal/career"
)

// middleware registers what every request passes through, outermost
// first: its id, the access log and metrics (which see the final status,
// errors included), the security headers, panic recovery, then the limits
// from cheapest to dearest.
func (s *Server) middleware(e *echo.Echo) {
	e.Use(s.requestID, s.observe, securityHeaders, s.recoverPanics)
	// Refused before any limit or slot is taken: a client that never
	// sends its body, or a malformed request, must cost no search.
	e.Use(s.refuseBodies, s.checkRequest)
	if s.opts.MaxBodyBytes > 0 {
		e.Use(s.limitBody)
	}
	if len(s.opts.CORSOrigins) > 0 {
		e.Use(middleware.CORSWithConfig(middleware.CORSConfig{
			Skipper:       func(c echo.Context) bool { return !strings.HasPrefix(c.Request().URL.Path, "/api/") },
			AllowOrigins:  s.opts.CORSOrigins,
			AllowMethods:  []string{http.MethodGet, http.MethodHead},
			ExposeHeaders: []string{echo.HeaderXRequestID, headerGeneration, echo.HeaderRetryAfter},
			MaxAge:        600,
		}))
	}
	if s.opts.RateLimit > 0 {
		e.Use(s.rateLimit())
	}
	if s.opts.RequestTimeout > 0 {
		e.Use(s.timeout)
	}
	if s.slots != nil {
		e.Use(s.limitInFlight)
	}
}

// requestIDKey holds the request id in the echo context.
const requestIDKey = "careers.request_id"

// requestID gives every request an id: the client's X-Request-Id if it is
// a sane token (so ids can follow a request through proxies), else a new
// random one. It is returned in X-Request-Id and logged with the request.
func (s *Server) requestID(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		id := c.Request().Header.Get(echo.HeaderXRequestID)
		if !saneRequestID(id) {
			id = newRequestID()
		}
		c.Set(requestIDKey, id)
		c.Response().Header().Set(echo.HeaderXRequestID, id)
		return next(c)
	}
}

// requestID returns the id of the request c serves.
func requestID(c echo.Context) string {
	id, _ := c.Get(requestIDKey).(string)
	return id
}

// saneRequestID accepts 1 to 64 letters, digits, '-', '_' and '.': enough
// for UUIDs and the like, and nothing that could forge a log line.
func saneRequestID(id string) bool {
	if id == "" || len(id) > 64 {
		return false
	}
	for _, r := range id {
		ok := r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.'
		if !ok {
			return false
		}
	}
	return true
}

func newRequestID() string {
	var b [12]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// observe writes the access log record and the latency metrics of each
// request. It hands a returned error to the error handler itself, so that
// the status it records is the one the client got.
func (s *Server) observe(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		start := time.Now()
		if err := next(c); err != nil {
			c.Error(err)
		}
		took := time.Since(start)
		req, res := c.Request(), c.Response()
		route := c.Path()
		if route == "" {
			route = "unmatched"
		}
		s.metrics.observe(c.Echo(), route, req.Method, res.Status, took)
		s.accessLog.LogAttrs(context.Background(), slog.LevelInfo, "request",
			slog.String("request_id", requestID(c)),
			slog.String("method", req.Method),
			slog.String("path", req.URL.Path),
			slog.String("route", route),
			slog.Int("status", res.Status),
			slog.Int64("bytes", res.Size),
			slog.Float64("duration_ms", float64(took.Microseconds())/1000),
			slog.String("remote", c.RealIP()),
			slog.String("user_agent", req.UserAgent()),
		)
		return nil
	}
}

// apiSecurityHeaders go on every response. The pages of internal/web set
// their own, stricter for HTML (a Content-Security-Policy that allows their
// scripts and styles), after these and so over them.
var apiSecurityHeaders = [][2]string{
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	{"X-Frame-Options", "DENY"},
	{"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'"},
}

func securityHeaders(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		h := c.Response().Header()
		for _, kv := range apiSecurityHeaders {
			h.Set(kv[0], kv[1])
		}
		return next(c)
	}
}

// recoverPanics turns a panic into the generic 500 answer. The panic and
// its stack are logged with the request id; the client sees neither.
func (s *Server) recoverPanics(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) (err error) {
		defer func() {
			r := recover()
			if r == nil {
				return
			}
			if r == http.ErrAbortHandler {
				panic(r) // net/http's way to abort a response; it handles it
			}
			s.log.Error("panic serving request", "request_id", requestID(c), "method", c.Request().Method,
				"path", c.Request().URL.Path, "panic", fmt.Sprint(r), "stack", string(debug.Stack()))
			err = errLogged
		}()
		return next(c)
	}
}

// refuseBodies answers a GET or HEAD request that carries a body (a
// Content-Length above 0, or a chunked or other transfer encoding,
// Expect: 100-continue included) with 413 at once, without reading the
// body. No route takes one, and reading it would let a client that sends
// it slowly, or never, hold the handler. The connection is closed after
// the answer, so net/http does not read the body either.
func (s *Server) refuseBodies(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.Method != http.MethodGet && req.Method != http.MethodHead {
			return next(c)
		}
		if req.ContentLength == 0 && len(req.TransferEncoding) == 0 {
			return next(c)
		}
		c.Response().Header().Set(echo.HeaderConnection, "close")
		return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
			fmt.Sprintf("request body: %s %s takes no body; send the parameters in the query string", req.Method, req.URL.Path))
	}
}

// maxQueryParams is the most parameters a query string may hold, as Go's
// url.ParseQuery allows; no request needs more than a few dozen.
const maxQueryParams = 10000

// checkRequest refuses what would otherwise be read silently wrong: a
// query string that does not parse (a bad %-escape, ';' as a separator,
// more than maxQueryParams parameters), and request headers over
// MaxHeaderBytes (431, where net/http would answer in plain text).
func (s *Server) checkRequest(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if s.opts.MaxHeaderBytes > 0 {
			if n := headerBytes(req); n > s.opts.MaxHeaderBytes {
				return echo.NewHTTPError(http.StatusRequestHeaderFieldsTooLarge,
					fmt.Sprintf("request headers: %d bytes, more than %d", n, s.opts.MaxHeaderBytes))
			}
		}
		if err := checkQuery(req.URL.RawQuery); err != nil {
			return err
		}
		return next(c)
	}
}

// headerBytes counts the request line and headers about as they came on
// the wire.
func headerBytes(req *http.Request) int {
	n := len(req.Method) + len(req.RequestURI) + len(req.Proto) + 4
	for k, vs := range req.Header {
		for _, v := range vs {
			n += len(k) + len(v) + 4
		}
	}
	return n
}

// checkQuery returns EINVALID naming the parameter of the first pair of
// raw that does not parse, or the count when there are too many. Go's
// own parser would drop such pairs without a word, and the search would
// then run on what is left.
func checkQuery(raw string) error {
	if raw == "" {
		return nil
	}
	if n := strings.Count(raw, "&") + 1; n > maxQueryParams {
		return career.Errorf(career.EINVALID, "query string: %d parameters, more than %d", n, maxQueryParams)
	}
	for pair := range strings.SplitSeq(raw, "&") {
		key, value, _ := strings.Cut(pair, "=")
		name, err := url.QueryUnescape(key)
		if err != nil {
			return career.Errorf(career.EINVALID, "query string: parameter name %s: %v", career.Quote(key), escapeProblem(err))
		}
		if strings.Contains(pair, ";") {
			return career.Errorf(career.EINVALID, "%s: ';' in the query string; separate parameters with '&' and write ';' in a value as %%3B", paramName(name))
		}
		if _, err := url.QueryUnescape(value); err != nil {
			return career.Errorf(career.EINVALID, "%s: %v", paramName(name), escapeProblem(err))
		}
	}
	return nil
}

// paramName names a parameter in an error message.
func paramName(name string) string {
	if name == "" {
		return "query string: a parameter without a name"
	}
	if len(name) > 40 {
		return career.Quote(name)
	}
	return name
}

// escapeProblem words url's escape error.
func escapeProblem(err error) string {
	var ee url.EscapeError
	if errors.As(err, &ee) {
		return fmt.Sprintf("invalid %%-escape %q (write %%25 for a literal %%)", string(ee))
	}
	return err.Error()
}

// limitBody refuses bodies over MaxBodyBytes: at once when the request
// says its length, and while reading otherwise.
func (s *Server) limitBody(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		req := c.Request()
		if req.ContentLength > s.opts.MaxBodyBytes {
			return echo.NewHTTPError(http.StatusRequestEntityTooLarge,
				fmt.Sprintf("request body: larger than %d bytes", s.opts.MaxBodyBytes))
		}
		if req.Body != nil {
			req.Body = http.MaxBytesReader(c.Response(), req.Body, s.opts.MaxBodyBytes)
		}
		return next(c)
	}
}

// unlimitedRoutes are exempt from the rate limit: probes and scrapes must
// not be refused, and assets are cheap and cached.
var unlimitedRoutes = map[string]bool{"/healthz": true, "/readyz": true, "/metrics": true, "/static/*": true}

// rateLimit allows each client address RateLimit requests per second with
// bursts of twice that, and answers the rest 429 with Retry-After.
func (s *Server) rateLimit() echo.MiddlewareFunc {
	burst := int(math.Max(1, math.Ceil(2*s.opts.RateLimit)))
	retry := strconv.Itoa(int(math.Max(1, math.Ceil(1/s.opts.RateLimit))))
	return middleware.RateLimiterWithConfig(middleware.RateLimiterConfig{
		Skipper: func(c echo.Context) bool { return unlimitedRoutes[c.Path()] },
		Store: middleware.NewRateLimiterMemoryStoreWithConfig(middleware.RateLimiterMemoryStoreConfig{
			Rate: rate.Limit(s.opts.RateLimit), Burst: burst, ExpiresIn: 3 * time.Minute,
		}),
		DenyHandler: func(c echo.Context, _ string, _ error) error {
			s.metrics.rejected.WithLabelValues("rate_limited").Inc()
			c.Response().Header().Set(echo.HeaderRetryAfter, retry)
			return career.Errorf(career.ETOOMANY, "too many requests from your address (at most %g a second); retry after %s s", s.opts.RateLimit, retry)
		},
	})
}

// timeout cancels the request's context after RequestTimeout. The search
// stops there (Bleve checks the context) and its "cancelled" error becomes
// a 503 that says why.
func (s *Server) timeout(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		parent := c.Request().Context()
		ctx, cancel := context.WithTimeout(parent, s.opts.RequestTimeout)
		defer cancel()
		c.SetRequest(c.Request().WithContext(ctx))
		err := next(c)
		if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && parent.Err() == nil {
			if code := career.ErrorCode(err); code == career.EUNAVAILABLE || code == career.EINTERNAL {
				s.metrics.rejected.WithLabelValues("timeout").Inc()
				return career.Errorf(career.EUNAVAILABLE, "request timed out after %s; try a shorter query", s.opts.RequestTimeout)
			}
		}
		return err
	}
}

// searchRoutes run a search or a look-up on the index: the API's and the
// pages'. They share MaxInFlight slots.
var searchRoutes = map[string]bool{"/api/search": true, "/api/careers/:id": true, "/": true, "/careers/:id": true}

// limitInFlight lets MaxInFlight searches run at once. One more waits up
// to QueueWait for a slot and is then answered 503 with Retry-After, so
// excess load is refused early instead of piling up behind the index.
func (s *Server) limitInFlight(next echo.HandlerFunc) echo.HandlerFunc {
	return func(c echo.Context) error {
		if !searchRoutes[c.Path()] {
			return next(c)
		}
		select {
		case s.slots <- struct{}{}:
		default:
			wait := time.NewTimer(s.opts.QueueWait)
			defer wait.Stop()
			select {
			case s.slots <- struct{}{}:
			case <-wait.C:
				return s.busy(c)
			case <-c.Request().Context().Done():
				return s.busy(c)
			}
		}
		s.metrics.inFlight.Inc()
		defer func() {
			s.metrics.inFlight.Dec()
			<-s.slots
		}()
		return next(c)
	}
}

func (s *Server) busy(c echo.Context) error {
	s.metrics.rejected.WithLabelValues("busy").Inc()
	c.Response().Header().Set(echo.HeaderRetryAfter, "1")
	return career.Errorf(career.EUNAVAILABLE, "server busy: %d searches in flight; retry in a moment", s.opts.MaxInFlight)
}
