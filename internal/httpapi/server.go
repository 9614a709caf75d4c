// Package httpapi is the HTTP adapter: an echo server that answers the JSON
// search API from a career.Searcher, with one error shape for every failure.
package httpapi

import (
	"errors"
	"log/slog"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

// Server holds what the handlers need.
type Server struct {
	searcher career.Searcher
	log      *slog.Logger
}

// New returns the echo instance with every route registered. Other
// adapters (the web pages) may add routes to it before it serves.
func New(s career.Searcher, log *slog.Logger) *echo.Echo {
	if log == nil {
		log = slog.Default()
	}
	srv := &Server{searcher: s, log: log}
	e := echo.New()
	e.HideBanner = true
	e.HidePort = true
	e.HTTPErrorHandler = srv.handleError
	e.JSONSerializer = jsonSerializer{}
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
	career.EINTERNAL:    http.StatusInternalServerError,
}

// handleError writes every error as JSON. Internal errors are logged in full
// and answered with a generic message.
func (s *Server) handleError(err error, c echo.Context) {
	if c.Response().Committed {
		return
	}
	code := career.ErrorCode(err)
	msg := career.ErrorMessage(err)
	status := statusOf[code]
	var he *echo.HTTPError
	if errors.As(err, &he) {
		// echo's own errors: unknown route, wrong method.
		status = he.Code
		switch {
		case he.Code == http.StatusNotFound:
			code, msg = career.ENOTFOUND, "no such route: "+c.Request().URL.Path
		case he.Code == http.StatusMethodNotAllowed:
			code, msg = career.EINVALID, "method not allowed"
		case he.Code < 500:
			code, msg = career.EINVALID, http.StatusText(he.Code)
		default:
			code, msg = career.EINTERNAL, "internal error"
		}
	}
	if code == career.EINTERNAL {
		s.log.Error("request failed", "method", c.Request().Method, "path", c.Request().URL.Path, "err", err)
	}
	if c.Request().Method == http.MethodHead {
		c.NoContent(status)
		return
	}
	c.JSON(status, errorBody{Error: errorDetail{Code: code, Message: msg}})
}
