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
	Highlight string
	Heading   template.HTML
	// Aliases are the first alternate titles shown, those holding a word
	// of the search first; MoreAliases the rest, folded away so that a
	// career with a hundred titles still shows its summary first.
	Aliases         []template.HTML
	MoreAliases     []template.HTML
	Summary         []template.HTML
	Duties          []itemView
	Specialisations []itemView
	Skills          []skillView
	Workplace       []template.HTML
	Related         []relatedView
	// Preparation says the job zone in words, "" when there is none.
	Preparation string
	// BackURL returns to the search the user came from.
	BackURL     string
	CategoryURL string
	// PlainURL is this page without highlighting.
	PlainURL string
}

type itemView struct {
	Name        template.HTML
	Description template.HTML
	// Label is set instead of Name when the name is a kind that several
	// items share ("Core task", "Supplemental task") rather than a title:
	// it is shown after the description, not as a bold heading.
	Label string
}

// shownAliases is how many alternate titles a career page shows before
// folding the rest away.
const shownAliases = 12

// preparation says what each O*NET job zone asks of a newcomer, in our
// words.
var preparation = map[int]string{
	1: "Little or no preparation: a short demonstration or a few days of training on the job is usually enough.",
	2: "Some preparation: usually a high-school diploma, and some months of training or experience.",
	3: "Medium preparation: usually vocational training, an apprenticeship or an associate's degree, and a year or two of experience.",
	4: "Considerable preparation: usually a bachelor's degree and several years of experience.",
	5: "Extensive preparation: usually a graduate degree, and often years of experience beyond it.",
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
	data.Aliases, data.MoreAliases = aliases(t, cr.Aliases)
	if p, ok := preparation[cr.JobZone]; ok {
		data.Preparation = p
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
	names := map[string]int{}
	for _, it := range list {
		names[it.Name]++
	}
	out := make([]itemView, len(list))
	for i, it := range list {
		if names[it.Name] > 1 && it.Description != "" {
			out[i] = itemView{Label: it.Name, Description: t.mark(it.Description)}
			continue
		}
		out[i] = itemView{Name: t.mark(it.Name), Description: t.mark(it.Description)}
	}
	return out
}

// aliases splits a career's alternate titles into those shown and those
// folded away: the ones holding a word of the search come first, then the
// rest in the career's order.
func aliases(t terms, list []string) (shown, more []template.HTML) {
	var hit, rest []template.HTML
	for _, a := range list {
		m := t.mark(a)
		if strings.Contains(string(m), "<mark>") {
			hit = append(hit, m)
		} else {
			rest = append(rest, m)
		}
	}
	all := append(hit, rest...)
	if len(all) <= shownAliases+2 {
		return all, nil // folding away one or two saves nothing
	}
	return all[:shownAliases], all[shownAliases:]
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
