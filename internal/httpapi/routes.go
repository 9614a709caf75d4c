package httpapi

import "github.com/labstack/echo/v4"

// routes registers every API route in one place.
func (s *Server) routes(e *echo.Echo) {
	e.GET("/api/search", s.handleSearch)
	e.GET("/api/careers/:id", s.handleCareer)
	e.GET("/api/categories", s.handleCategories)
	e.GET("/healthz", s.handleHealth)
}
