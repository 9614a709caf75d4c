package web

import (
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/careersearch/careers/internal/career"
)

// maxFragments bounds the highlighted passages shown per hit.
const maxFragments = 3

// fieldLabels name the highlighted fields as the page shows them.
var fieldLabels = map[string]string{
	career.FieldTitle:           "Title",
	career.FieldAliases:         "Also known as",
	career.FieldSpecialisations: "Specialisation",
	career.FieldDuties:          "Duty",
	career.FieldSummary:         "Summary",
	career.FieldWorkplace:       "Workplace",
}

type searchData struct {
	layoutData
	// Heading and Meta sum the result up; static/app.js words them the
	// same way.
	Heading  string
	Meta     string
	Total    uint64
	From, To int
	Took     string
	Hits     []hitView
	Facets   []facetView
	// SkillFacets are the skills listed most among the first hits, as
	// checkboxes named "skill"; SkillsSelected counts the ticked ones.
	SkillFacets    []facetView
	SkillsSelected int
	Selected       int
	// NoResults says why nothing was found, when nothing was.
	NoResults  string
	Pages      []pageLink
	Prev, Next string
	// ClearFilters is the same search without the category filters.
	ClearFilters string
	// BeyondLast is true when the page asked for lies after the last one.
	BeyondLast bool
	FirstPage  string
	// Notice says what the engine did to the query: a spelling correction
	// or a relaxation of a strict query.
	Notice string
	// DidYouMean offers the engine's suggested query, or is nil.
	DidYouMean *suggestionView
}

// suggestionView is a query to try instead and the link to its search.
type suggestionView struct {
	Text string
	URL  string
}

type hitView struct {
	URL       string
	Title     template.HTML
	Category  string
	Fragments []fragmentView
	// Skills are the hit's matched skills, highlighted, shown as chips.
	Skills []template.HTML
	// Why says in plain words why the hit matched (whyLine), or is "".
	Why string
}

type fragmentView struct {
	Label string
	HTML  template.HTML
}

type facetView struct {
	Value    string
	Count    int
	Selected bool
}

type pageLink struct {
	Number  int
	URL     string
	Current bool
	// Gap stands for the pages left out between two links.
	Gap bool
}

func (h *handler) handleSearch(c echo.Context) error {
	params := c.QueryParams()
	q, err := career.ParseParams(params)
	if err != nil {
		return err
	}
	explicitSize := q.Size
	q.Categories = uniqueNonEmpty(q.Categories)
	q.Skills = uniqueNonEmpty(q.Skills)
	// Each hit says why it matched (whyLine).
	q.Explain = true
	// The category list comes with the hits, from the same generation.
	q.AllCategories = true
	res, err := h.searcher.Search(c.Request().Context(), q)
	if err != nil {
		return err
	}
	all := res.AllCategories
	text := strings.TrimSpace(q.Text)
	data := searchData{
		layoutData: layoutData{Query: q.Text, Size: explicitSize, Live: true},
		Total:      res.Total,
		Took:       formatTook(res.TookMS),
		Facets:     facets(all, res.Facets.Category, q.Categories),
		Selected:   len(q.Categories),
		// Skills vary with the query: the facet lists this result's.
		SkillFacets:    skillFacets(res.Facets.Skills),
		SkillsSelected: len(q.Skills),
	}
	switch {
	case text != "":
		data.Title = fmt.Sprintf("“%s”", text)
	case len(q.Categories)+len(q.Skills) > 0:
		data.Title = strings.Join(append(append([]string{}, q.Categories...), q.Skills...), ", ")
	}
	base := searchURL{Text: text, Categories: q.Categories, Skills: q.Skills, Size: explicitSize}
	data.ClearFilters = searchURL{Text: text, Size: explicitSize}.String()
	data.FirstPage = base.String()
	if len(res.Hits) > 0 {
		data.From = (res.Page-1)*res.Size + 1
		data.To = data.From + len(res.Hits) - 1
	} else if res.Total > 0 {
		data.BeyondLast = true
	}
	for _, hit := range res.Hits {
		data.Hits = append(data.Hits, newHitView(hit, text))
	}
	data.Pages, data.Prev, data.Next = pagination(base, res.Page, res.Size, res.Total)
	data.Heading = heading(res.Total, text, len(q.Categories))
	data.Meta = meta(res.Total, data.From, data.To, res.Page, data.Took)
	data.Notice = notice(res)
	data.NoResults = noResults(res)
	if res.DidYouMean != "" {
		// The same search with the suggested words: same categories and
		// size, first page.
		data.DidYouMean = &suggestionView{
			Text: res.DidYouMean,
			URL:  searchURL{Text: res.DidYouMean, Categories: q.Categories, Skills: q.Skills, Size: explicitSize}.String(),
		}
	}
	return h.render(c, http.StatusOK, "search", data)
}

// notice words what the engine changed about the query, or "".
func notice(res *career.Result) string {
	switch {
	case res.Corrected != "":
		return fmt.Sprintf("Showing results for “%s”: no career uses some of the words as typed.", res.Corrected)
	case len(res.Meant) > 0 && res.Total > 0:
		return fmt.Sprintf("Searched %s.", meanings(res.Meant))
	case res.Relaxed == "phrases":
		return "No career has the quoted words in that order; showing careers with the words apart."
	case res.Relaxed != "":
		return "No career has every required word; showing careers with some of them."
	case res.UnclosedQuote > 0:
		return "The quote mark in your search is never closed, so its words were searched one by one."
	case len(res.Missing) > 0 && res.Total > 0:
		return fmt.Sprintf("No career here mentions %s; these careers match your other words.", quoteWords(res.Missing))
	}
	return ""
}

// noResults says why a search found nothing: words no career mentions
// (spelled right), or else perhaps a typo.
func noResults(res *career.Result) string {
	if len(res.Meant) > 0 {
		return fmt.Sprintf("Searched %s, and no career here mentions it. Try other words for what you are looking for.", meanings(res.Meant))
	}
	if len(res.Missing) > 0 {
		return fmt.Sprintf("No career here mentions %s. Try other words for what you are looking for.", quoteWords(res.Missing))
	}
	return "Check the spelling, or try fewer or more general words."
}

// meanings words what everyday phrases were searched as: “own boss” as
// “self employed”.
func meanings(ms []career.Meaning) string {
	parts := make([]string, len(ms))
	for i, m := range ms {
		parts[i] = "“" + m.Typed + "” as “" + m.Searched + "”"
	}
	return strings.Join(parts, ", ")
}

// quoteWords joins words as “a”, “b” or “c”.
func quoteWords(ws []string) string {
	q := make([]string, len(ws))
	for i, w := range ws {
		q[i] = "“" + w + "”"
	}
	if len(q) == 1 {
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// heading words the result: "12 careers match “data” in 2 categories".
func heading(total uint64, text string, cats int) string {
	in := ""
	switch {
	case cats == 1:
		in = " in 1 category"
	case cats > 1:
		in = fmt.Sprintf(" in %d categories", cats)
	}
	switch {
	case text == "" && cats == 0:
		return "All careers"
	case text == "" && total == 0:
		return "No careers" + in
	case text == "":
		return plural(total, "career", "careers") + in
	case total == 0:
		return "No careers match “" + text + "”" + in
	case total == 1:
		return "1 career matches “" + text + "”" + in
	}
	return fmt.Sprintf("%d careers match “%s”%s", total, text, in)
}

// meta says which hits are shown and how long the search took.
func meta(total uint64, from, to, page int, took string) string {
	switch {
	case total == 0:
		return "Searched in " + took
	case from == 0:
		return fmt.Sprintf("Page %d is past the last page · %s", page, took)
	}
	return fmt.Sprintf("Showing %d–%d of %d · %s", from, to, total, took)
}

func plural(n uint64, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.FormatUint(n, 10) + " " + many
}

// newHitView prepares one hit: the title (highlighted when the index
// highlighted it), up to maxFragments passages, in the field order of
// career.TextFields, and the line that says why it matched.
func newHitView(hit career.Hit, text string) hitView {
	v := hitView{
		URL:      careerURL(hit.ID, text),
		Title:    template.HTML(template.HTMLEscapeString(hit.Title)),
		Category: hit.Category,
		Why:      whyLine(hit),
	}
	if frags := hit.Highlights[career.FieldTitle]; len(frags) > 0 {
		// Use the highlighted title only if it is the whole title.
		if f := safeFragment(frags[0]); plainText(f) == hit.Title {
			v.Title = f
		}
	}
	for _, frag := range hit.Highlights[career.FieldSkills] {
		v.Skills = append(v.Skills, safeFragment(frag))
	}
	ps := career.Passages(hit.Highlights)
	for _, p := range ps[:min(len(ps), maxFragments)] {
		label := fieldLabels[p.Field]
		if text == "" {
			label = ""
		}
		v.Fragments = append(v.Fragments, fragmentView{Label: label, HTML: safeFragment(p.Text)})
	}
	if len(v.Fragments) == 0 && hit.Summary != "" {
		v.Fragments = append(v.Fragments, fragmentView{HTML: template.HTML(template.HTMLEscapeString(hit.Summary))})
	}
	return v
}

// facets lists every category of the index in name order, so that the
// checkboxes stay put while the counts change, with the counts of this
// result (0 when absent) and the selection of the query. Values of the
// result that the index list lacks are added.
func facets(all, counts []career.FacetValue, selected []string) []facetView {
	byValue := map[string]*facetView{}
	var out []facetView
	add := func(v string) {
		if _, ok := byValue[v]; !ok {
			out = append(out, facetView{Value: v})
			byValue[v] = nil
		}
	}
	for _, f := range all {
		add(f.Value)
	}
	for _, f := range counts {
		add(f.Value)
	}
	for _, s := range selected {
		add(s)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Value < out[j].Value })
	for i := range out {
		byValue[out[i].Value] = &out[i]
	}
	for _, f := range counts {
		byValue[f.Value].Count = f.Count
	}
	for _, s := range selected {
		byValue[s].Selected = true
	}
	return out
}

// skillFacets lists the skills facet as the engine ordered it (most
// listed first, ticked ones included).
func skillFacets(values []career.FacetValue) []facetView {
	out := make([]facetView, len(values))
	for i, v := range values {
		out[i] = facetView{Value: v.Value, Count: v.Count, Selected: v.Selected}
	}
	return out
}

// pagination returns the page links (the first, the last and two either
// side of the current one, with gaps between), and the previous and next
// URLs ("" when there is none).
func pagination(base searchURL, page, size int, total uint64) (links []pageLink, prev, next string) {
	if size <= 0 || total == 0 {
		return nil, "", ""
	}
	last := int((total + uint64(size) - 1) / uint64(size))
	if page > 1 {
		base.Page = min(page-1, last)
		prev = base.String()
	}
	if page < last {
		base.Page = page + 1
		next = base.String()
	}
	if last <= 1 {
		return nil, prev, next
	}
	for _, n := range pageNumbers(page, last) {
		if n == 0 {
			links = append(links, pageLink{Gap: true})
			continue
		}
		base.Page = n
		links = append(links, pageLink{Number: n, URL: base.String(), Current: n == page})
	}
	return links, prev, next
}

// pageNumbers lists the pages to link, with 0 for a gap: 1 … 4 5 [6] 7 8 … 20.
func pageNumbers(page, last int) []int {
	var out []int
	prev := 0
	for n := 1; n <= last; n++ {
		if n == 1 || n == last || (n >= page-2 && n <= page+2) {
			if prev != 0 && n > prev+1 {
				if n == prev+2 {
					out = append(out, prev+1) // a gap of one page: show it
				} else {
					out = append(out, 0)
				}
			}
			out = append(out, n)
			prev = n
		}
	}
	return out
}

// searchURL is the address of a search page.
type searchURL struct {
	Text       string
	Categories []string
	Skills     []string
	Page       int
	Size       int
}

// String builds the URL with its parameters in a fixed, readable order:
// q, category…, skill…, page, size. Page 1 and a default size are left out.
func (u searchURL) String() string {
	var parts []string
	if u.Text != "" {
		parts = append(parts, "q="+url.QueryEscape(u.Text))
	}
	for _, c := range u.Categories {
		parts = append(parts, "category="+url.QueryEscape(c))
	}
	for _, sk := range u.Skills {
		parts = append(parts, "skill="+url.QueryEscape(sk))
	}
	if u.Page > 1 {
		parts = append(parts, "page="+strconv.Itoa(u.Page))
	}
	if u.Size > 0 {
		parts = append(parts, "size="+strconv.Itoa(u.Size))
	}
	if len(parts) == 0 {
		return "/"
	}
	return "/?" + strings.Join(parts, "&")
}

// careerURL links a career, carrying the query so that its page highlights
// the query's words.
func careerURL(id, text string) string {
	u := "/careers/" + url.PathEscape(id)
	if text = strings.TrimSpace(text); text != "" {
		u += "?q=" + url.QueryEscape(text)
	}
	return u
}

// uniqueNonEmpty drops empty and repeated values, keeping the order.
func uniqueNonEmpty(vs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range vs {
		if v != "" && !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}

// formatTook renders the time a search took.
func formatTook(ms float64) string {
	switch {
	case ms < 0.01:
		return "under 0.01 ms"
	case ms < 10:
		return strconv.FormatFloat(ms, 'f', 2, 64) + " ms"
	case ms < 1000:
		return strconv.FormatFloat(ms, 'f', 0, 64) + " ms"
	}
	return strconv.FormatFloat(ms/1000, 'f', 2, 64) + " s"
}
