package httpapi

import (
	"net/http"

	"github.com/labstack/echo/v4"
)

// routes registers every API route in one place. openapi.yaml (served at
// /api/openapi.json) describes each, and the pages' routes; TestOpenAPI
// fails if a route is missing there or answers otherwise than it says.
//
// Every route answers HEAD as it answers GET, without the body (CORS
// advertises both).
func (s *Server) routes(e *echo.Echo) {
	getHead := []string{http.MethodGet, http.MethodHead}
	e.Match(getHead, "/api/search", s.handleSearch)
	e.Match(getHead, "/api/careers/:id", s.handleCareer)
	e.Match(getHead, "/api/careers/:id/similar", s.handleSimilar)
	e.Match(getHead, "/api/suggest", s.handleSuggest)
	e.Match(getHead, "/api/categories", s.handleCategories)
	e.Match(getHead, "/api/openapi.json", s.handleOpenAPI)
	e.Match(getHead, "/healthz", s.handleHealth)
	e.Match(getHead, "/readyz", s.handleReady)
	e.Match(getHead, "/metrics", s.handleMetrics)
}
