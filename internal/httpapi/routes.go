package httpapi

import "github.com/labstack/echo/v4"

// routes registers every API route in one place. openapi.yaml (served at
// /api/openapi.json) describes each, and the pages' routes; TestOpenAPI
// fails if a route is missing there or answers otherwise than it says.
func (s *Server) routes(e *echo.Echo) {
	e.GET("/api/search", s.handleSearch)
	e.GET("/api/careers/:id", s.handleCareer)
	e.GET("/api/careers/:id/similar", s.handleSimilar)
	e.GET("/api/suggest", s.handleSuggest)
	e.GET("/api/categories", s.handleCategories)
	e.GET("/api/openapi.json", s.handleOpenAPI)
	e.GET("/healthz", s.handleHealth)
	e.GET("/readyz", s.handleReady)
	e.GET("/metrics", s.handleMetrics)
}
