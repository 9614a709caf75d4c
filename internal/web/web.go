// Package web serves the HTML search pages from a career.Searcher.
package web

import (
	"log/slog"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

// Register adds the page routes to e.
func Register(e *echo.Echo, s career.Searcher, log *slog.Logger) {}
