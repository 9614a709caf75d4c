package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

func (s *Server) handleSearch(c echo.Context) error {
	q, err := ParseQuery(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := s.searcher.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, res)
}

// ParseQuery reads a search from URL parameters: q, category (repeatable),
// page and size. Errors name the parameter.
func ParseQuery(p map[string][]string) (career.Query, error) {
	var q career.Query
	if v := p["q"]; len(v) > 0 {
		if len(v) > 1 {
			return q, career.Errorf(career.EINVALID, "q: given %d times, expected once", len(v))
		}
		q.Text = v[0]
	}
	q.Categories = p["category"]
	for _, name := range []string{"page", "size"} {
		v := p[name]
		if len(v) == 0 || v[0] == "" {
			continue
		}
		n, err := strconv.Atoi(v[0])
		if err != nil {
			return q, career.Errorf(career.EINVALID, "%s: %q is not a whole number", name, v[0])
		}
		if n < 1 {
			return q, career.Errorf(career.EINVALID, "%s: must be at least 1, got %d", name, n)
		}
		if name == "page" {
			q.Page = n
		} else {
			q.Size = n
		}
	}
	return q, nil
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
