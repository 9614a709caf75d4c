package httpapi

import (
	"net/http"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

func (s *Server) handleSearch(c echo.Context) error {
	q, err := career.ParseParams(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := s.searcher.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

func (s *Server) handleCareer(c echo.Context) error {
	cr, err := s.searcher.Career(c.Request().Context(), c.Param("id"))
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, cr)
}

func (s *Server) handleCategories(c echo.Context) error {
	cats, err := s.searcher.Categories(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"categories": cats})
}

type health struct {
	Status     string    `json:"status"`
	Careers    int       `json:"careers"`
	Categories int       `json:"categories"`
	BuiltAt    time.Time `json:"built_at"`
	Generation string    `json:"generation"`
}

func (s *Server) handleHealth(c echo.Context) error {
	info, err := s.searcher.Info(c.Request().Context())
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, health{Status: "ok", Careers: info.Careers, Categories: info.Categories,
		BuiltAt: info.BuiltAt, Generation: info.Generation})
}
