package web

import (
	"context"
	"html/template"
	"net/http"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

// maxHighlightQuery bounds the query text a career page highlights.
const maxHighlightQuery = 500

type careerData struct {
	layoutData
	Career *career.Career
	// Highlight is the query whose words are marked, "" for none.
	Highlight       string
	Heading         template.HTML
	Aliases         []template.HTML
	Summary         []template.HTML
	Duties          []itemView
	Specialisations []itemView
	Skills          []skillView
	Workplace       []template.HTML
	Related         []relatedView
	// BackURL returns to the search the user came from.
	BackURL     string
	CategoryURL string
	// PlainURL is this page without highlighting.
	PlainURL string
}

type itemView struct {
	Name        template.HTML
	Description template.HTML
}

// skillView is one listed skill: its name (the query's words marked), its
// note, the marks of O*NET's flags, and the search for careers that list it.
type skillView struct {
	Name     template.HTML
	Note     template.HTML
	Marks    []string
	Optional bool
	URL      string
}

type relatedView struct {
	URL      string
	Title    string
	Category string
}

func (h *handler) handleCareer(c echo.Context) error {
	ctx := c.Request().Context()
	cr, err := h.searcher.Career(ctx, c.Param("id"))
	if err != nil {
		return err
	}
	text := strings.TrimSpace(c.QueryParam("q"))
	if len([]rune(text)) > maxHighlightQuery {
		text = ""
	}
	t := queryTerms(text)
	data := careerData{
		layoutData:  layoutData{Title: cr.Title, Query: text},
		Career:      cr,
		Highlight:   text,
		Heading:     t.mark(cr.Title),
		Summary:     t.paragraphs(cr.Summary),
		Workplace:   t.paragraphs(cr.Workplace),
		BackURL:     searchURL{Text: text}.String(),
		CategoryURL: searchURL{Categories: []string{cr.Category}}.String(),
		PlainURL:    careerURL(cr.ID, ""),
	}
	for _, a := range cr.Aliases {
		data.Aliases = append(data.Aliases, t.mark(a))
	}
	data.Duties = items(t, cr.Duties)
	data.Specialisations = items(t, cr.Specialisations)
	for _, sk := range cr.Skills {
		v := skillView{Name: t.mark(sk.Name), Note: t.mark(sk.Note), Optional: sk.Optional, URL: searchURL{Skills: []string{sk.Name}}.String()}
		if sk.InDemand {
			v.Marks = append(v.Marks, "in demand")
		}
		if sk.HotTechnology {
			v.Marks = append(v.Marks, "hot technology")
		}
		if sk.Optional {
			v.Marks = append(v.Marks, "optional")
		}
		data.Skills = append(data.Skills, v)
	}
	data.Related = h.related(ctx, cr)
	return h.render(c, http.StatusOK, "career", data)
}

func items(t terms, list []career.Item) []itemView {
	out := make([]itemView, len(list))
	for i, it := range list {
		out[i] = itemView{Name: t.mark(it.Name), Description: t.mark(it.Description)}
	}
	return out
}

// related looks up the title of each related career. A related id that
// names no career is left out (the corpus check reports those); other
// failures are logged and the rest still shown.
func (h *handler) related(ctx context.Context, cr *career.Career) []relatedView {
	var out []relatedView
	for _, id := range cr.Related {
		rc, err := h.searcher.Career(ctx, id)
		if err != nil {
			if career.ErrorCode(err) != career.ENOTFOUND {
				h.log.Warn("looking up a related career", "career", cr.ID, "related", id, "err", err)
			}
			continue
		}
		out = append(out, relatedView{URL: careerURL(rc.ID, ""), Title: rc.Title, Category: rc.Category})
	}
	return out
}
