package web_test

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
)

// skillServer serves three careers that list skills, on a real index.
func skillServer(t *testing.T) http.Handler {
	t.Helper()
	mk := func(id, title string, skills ...career.Skill) *career.Career {
		return &career.Career{ID: id, Title: title, Category: "Data", Summary: "Works with data every day.",
			Duties: []career.Item{{Name: "Analyse data", Description: "Finds what the numbers say."}}, Skills: skills}
	}
	careers := []*career.Career{
		mk("analyst", "Data Analyst", career.Skill{Name: "Python", InDemand: true, Note: "Cleans the data."}, career.Skill{Name: "SQL"}),
		mk("scientist", "Data Scientist", career.Skill{Name: "Python", HotTechnology: true}, career.Skill{Name: "C++", Optional: true}),
		mk("clerk", "Data Clerk", career.Skill{Name: "Microsoft Excel"}),
	}
	root := t.TempDir()
	if _, err := bleveindex.Build(context.Background(), root, careers, bleveindex.BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := bleveindex.Open(root, bleveindex.DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return newServer(ix)
}

// The search page shows a hit's matched skills as chips and the skills
// facet as checkboxes of the search form; ticking one (a plain GET, as
// without JavaScript) keeps only the careers that list it.
func TestSearchPageSkills(t *testing.T) {
	h := skillServer(t)
	p := get(t, h, "/?q=python")
	if p.Code != http.StatusOK {
		t.Fatalf("status %d", p.Code)
	}
	chips := p.all(byTag("li", "skill-chip"))
	if len(chips) != 2 || text(chips[0]) != "Python" {
		t.Errorf("skill chips: %d, first %q", len(chips), text(chips[0]))
	}
	if marks := p.all(byTag("mark", "")); len(marks) == 0 {
		t.Error("no <mark> in the chips")
	}
	p = get(t, h, "/?q=data")
	var skills []string
	for _, in := range p.all(byTag("input", "")) {
		if attr(in, "name") == "skill" {
			skills = append(skills, attr(in, "value"))
			if attr(in, "form") != "search" {
				t.Errorf("skill checkbox %q is not in the search form", attr(in, "value"))
			}
		}
	}
	if !slices.Contains(skills, "Python") || !slices.Contains(skills, "Microsoft Excel") {
		t.Errorf("skills facet: %v", skills)
	}
	p = get(t, h, "/?q=data&skill=python")
	var titles []string
	for _, a := range p.all(byTag("h2", "hit-title")) {
		titles = append(titles, text(a))
	}
	slices.Sort(titles)
	if !slices.Equal(titles, []string{"Data Analyst", "Data Scientist"}) {
		t.Errorf("skill=python: %v", titles)
	}
	checked := false
	for _, in := range p.all(byTag("input", "")) {
		if attr(in, "name") == "skill" && attr(in, "value") == "Python" {
			checked = hasAttr(in, "checked")
		}
	}
	if !checked {
		t.Error("the ticked skill is not checked")
	}
	// The pager and the clear link keep or drop the skill like categories.
	if !strings.Contains(p.Body.String(), `href="/?q=data"`) {
		t.Error("no link that clears the filters")
	}
	if p := get(t, h, "/?q=data&skill=Cobol"); p.Code != http.StatusBadRequest {
		t.Errorf("unknown skill: status %d", p.Code)
	}
}

// The career page lists the skills with their flags, each a search.
func TestCareerPageSkills(t *testing.T) {
	p := get(t, skillServer(t), "/careers/analyst")
	items := p.all(byTag("ul", "skills"))
	if len(items) != 1 {
		t.Fatalf("%d skill lists", len(items))
	}
	got := text(items[0])
	for _, want := range []string{"Python", "in demand", "Cleans the data.", "SQL"} {
		if !strings.Contains(got, want) {
			t.Errorf("skills section %q lacks %q", got, want)
		}
	}
	if !strings.Contains(p.Body.String(), `href="/?skill=Python"`) {
		t.Error("a skill does not link to the careers that list it")
	}
}
