package httpapi

import (
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

// headerGeneration names the index generation that answered a search.
const headerGeneration = "X-Index-Generation"

func (s *Server) handleSearch(c echo.Context) error {
	q, err := career.ParseParams(c.QueryParams())
	if err != nil {
		return err
	}
	res, err := s.searcher.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	if res.Generation != "" {
		c.Response().Header().Set(headerGeneration, res.Generation)
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

// health is the answer of /healthz. The index fields are there when an
// index is open.
type health struct {
	Status string `json:"status"`
	// Index is "open"; "missing" until `careers index` has built one; or
	// "damaged" when no generation on disk could be opened.
	Index string `json:"index"`
	// Problem says why the generation `current` names is not served (it
	// could not be opened), also while an older one is.
	Problem    string     `json:"problem,omitempty"`
	Careers    int        `json:"careers"`
	Categories int        `json:"categories"`
	BuiltAt    *time.Time `json:"built_at,omitempty"`
	Generation string     `json:"generation,omitempty"`
}

// handleHealth says the process is alive: it answers 200 whenever it can
// answer at all, with the open index's description if there is one. Whether
// it can serve searches is /readyz's question.
func (s *Server) handleHealth(c echo.Context) error {
	h := health{Status: "ok", Index: "missing"}
	info, err := s.raw.Info(c.Request().Context())
	h.Problem = info.Problem
	switch {
	case err == nil:
		h.Index, h.Careers, h.Categories, h.Generation = "open", info.Careers, info.Categories, info.Generation
		h.BuiltAt = &info.BuiltAt
	case info.Problem != "":
		h.Index = "damaged"
	}
	return c.JSON(http.StatusOK, h)
}

type ready struct {
	Status     string `json:"status"`
	Careers    uint64 `json:"careers"`
	Generation string `json:"generation"`
}

// handleReady says whether searches can be served: it runs a one-hit
// search on the open index and answers 503 with the error if that fails.
func (s *Server) handleReady(c echo.Context) error {
	res, err := s.raw.Search(c.Request().Context(), career.Query{Size: 1})
	if err != nil {
		if career.ErrorCode(err) == career.EINTERNAL {
			s.log.Error("readiness search failed", "request_id", requestID(c), "err", err)
		}
		return career.Errorf(career.EUNAVAILABLE, "not ready: %s", career.ErrorMessage(err))
	}
	if res.Generation != "" {
		c.Response().Header().Set(headerGeneration, res.Generation)
	}
	return c.JSON(http.StatusOK, ready{Status: "ready", Careers: res.Total, Generation: res.Generation})
}

// sizeParam reads the optional size parameter, def when absent.
func sizeParam(c echo.Context, def int) (int, error) {
	if err := career.Single(c.QueryParams(), "size"); err != nil {
		return 0, err
	}
	v := c.QueryParam("size")
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return 0, career.Errorf(career.EINVALID, "size: %s is not a whole number", career.Quote(v))
	}
	return n, nil
}

func (s *Server) handleSuggest(c echo.Context) error {
	n, err := sizeParam(c, 8)
	if err != nil {
		return err
	}
	if err := career.Single(c.QueryParams(), "q"); err != nil {
		return err
	}
	q := c.QueryParam("q")
	sug, err := s.searcher.Suggest(c.Request().Context(), q, n)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"query": q, "suggestions": sug})
}

func (s *Server) handleSimilar(c echo.Context) error {
	n, err := sizeParam(c, 10)
	if err != nil {
		return err
	}
	sim, err := s.searcher.Similar(c.Request().Context(), c.Param("id"), n)
	if err != nil {
		return err
	}
	if sim == nil {
		sim = []career.SimilarCareer{} // the document says array: [] rather than null
	}
	return c.JSON(http.StatusOK, map[string]any{"id": c.Param("id"), "similar": sim})
}
