package page

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

// Headings are matched on whole lines, ignoring case, with the article
// optional ("a", "an" or "the", right or wrong), because sites and the people
// who copy from them are not consistent about either.
var (
	summaryRE   = regexp.MustCompile(`(?i)^what\s+is\s+(?:(?:a|an|the)\s+)?(.+?)\s*\?*$`)
	dutiesRE    = regexp.MustCompile(`(?i)^what\s+does\s+(?:(?:a|an|the)\s+)?(.+?)\s+(?:actually\s+)?do\s*\?*$`)
	workplaceRE = regexp.MustCompile(`(?i)^what\s+is\s+the\s+(?:workplace|work(?:ing)?\s+environment)\s+(?:of|for)\s+(?:(?:a|an|the)\s+)?(.+?)(?:\s+like)?\s*\?*$`)
	dutiesSubRE = regexp.MustCompile(`(?i)^(?:key\s+)?(?:duties(?:\s+(?:and|&)\s+responsibilities)?|responsibilities)\s*:?$`)
	typesRE     = regexp.MustCompile(`(?i)^types\s+of\s+(.+?)\s*:?$`)
	faqRE       = regexp.MustCompile(`(?i)^(?:frequently\s+asked\s+questions|faqs?)\s*:?$`)
	relatedRE   = regexp.MustCompile(`(?i)^(?:(.+?)[\s-]+)?related\s+careers(?:\s+(?:and|&)\s+degrees)?\s*:?$`)
	careersRE   = regexp.MustCompile(`(?i)^(.+?)\s+careers\s*:?$`)
	degreesRE   = regexp.MustCompile(`(?i)^(?:.+\s)?degrees\s*:?$`)
	// promoRE finds the calls to action that sites mix into the text.
	promoRE = regexp.MustCompile(`(?i)\b(?:career\s+(?:test|quiz|assessment)|(?:take|try|start)\s+(?:the|our|a)\s+(?:free\s+)?(?:career\s+)?(?:test|quiz|assessment)|sign\s+up|subscribe\b|read\s+more\s+about|click\s+here|create\s+(?:a|your)\s+(?:free\s+)?account)`)
)

// section collects the lines under one recognised heading.
type section struct {
	field   string
	heading line
	lines   []line
	// drop, when set, makes every line of the section a dropped line with
	// this reason: text before the first heading, or under a repeated one.
	drop string
	// sub records that the "Duties and Responsibilities" sub-heading was
	// seen, so that a second one reads as text.
	sub bool
}

func (s *section) hasBullets() bool {
	for _, l := range s.lines {
		if l.bullet {
			return true
		}
	}
	return false
}

type parser struct {
	file     string
	lines    []line
	page     *Page
	problems career.Problems

	// titleKey is the comparison form of the title that the headings agree
	// on; spellings are the ways it is written, in page order.
	titleKey  string
	spellings []string
	titleLine int

	sections map[string]*section
	dropped  []*section
	nav      nav
}

func (p *parser) problem(line int, field, format string, args ...any) {
	p.problems = append(p.problems, career.Problem{File: p.file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *parser) drop(l line, reason string) {
	if promoRE.MatchString(l.text) {
		reason = ReasonPromo
	}
	p.page.Dropped = append(p.page.Dropped, Dropped{Line: l.n, Reason: reason, Text: l.text})
}

// findTitle decides which career the page is about by a vote of the
// headings that name it. A single vote would do for a clean page, but saved
// pages carry site chrome ("What is a career test?") that looks the same.
func (p *parser) findTitle() {
	votes := map[string]int{}
	var order []string
	for _, l := range p.lines {
		if l.bullet || !headingShaped(l.text) {
			continue
		}
		if faqRE.MatchString(l.text) || relatedRE.MatchString(l.text) {
			break // the navigation names other careers
		}
		t := titleIn(l.text)
		if t == "" {
			continue
		}
		k := Key(t)
		if votes[k] == 0 {
			order = append(order, k)
		}
		votes[k]++
	}
	for _, k := range order {
		if p.titleKey == "" || votes[k] > votes[p.titleKey] {
			p.titleKey = k
		}
	}
}

// titleIn returns the title named by a summary, duties or workplace
// heading, or "".
func titleIn(s string) string {
	for _, re := range []*regexp.Regexp{workplaceRE, dutiesRE, summaryRE} {
		if m := re.FindStringSubmatch(s); m != nil {
			if titleShaped(m[1]) {
				return m[1]
			}
			return ""
		}
	}
	return ""
}

// names reports whether re matches line l and names the page's own career.
func (p *parser) names(re *regexp.Regexp, l line) bool {
	m := re.FindStringSubmatch(l.text)
	if m == nil || p.titleKey == "" || Key(m[1]) != p.titleKey {
		return false
	}
	if p.titleLine == 0 {
		p.titleLine = l.n
	}
	p.spellings = append(p.spellings, m[1])
	return true
}

// scan sorts the lines into sections and hands the navigation to nav.
func (p *parser) scan() {
	p.sections = map[string]*section{}
	cur := &section{drop: ReasonOutside}
	p.dropped = append(p.dropped, cur)
	for _, l := range p.lines {
		if p.nav.active() {
			p.nav.line(l)
			continue
		}
		if l.text == "" || l.bullet || !headingShaped(l.text) {
			cur.lines = append(cur.lines, l)
			continue
		}
		switch t := l.text; {
		case faqRE.MatchString(t):
			p.nav.faq = true
		case relatedRE.MatchString(t):
			p.nav.line(l)
		// The workplace heading also reads as "What is <something>?", so it
		// is tried before the summary heading.
		case p.names(workplaceRE, l):
			cur = p.open(fieldWorkplace, l)
		case p.names(summaryRE, l):
			cur = p.open(fieldSummary, l)
		case p.names(dutiesRE, l):
			cur = p.open(fieldDuties, l)
		case dutiesSubRE.MatchString(t):
			switch {
			case cur.field == fieldDuties && !cur.sub && !cur.hasBullets():
				cur.sub = true
			case p.sections[fieldDuties] == nil:
				// The sub-heading stands in for a missing "What does … do?".
				cur = p.open(fieldDuties, l)
				cur.sub = true
			default:
				cur.lines = append(cur.lines, l)
			}
		case typesRE.MatchString(t):
			cur = p.open(fieldSpecialisations, l)
		case careersRE.MatchString(t):
			// "<Field> Careers" opens the navigation list when the page
			// has no FAQ or "Related Careers" heading before it.
			p.nav.line(l)
		default:
			cur.lines = append(cur.lines, l)
		}
	}
}

// open starts the section of field at heading l. A repeated heading starts
// a section whose lines are all dropped: merging two summaries would make
// one that neither copy of the page had.
func (p *parser) open(field string, l line) *section {
	if _, dup := p.sections[field]; dup {
		s := &section{drop: ReasonRepeated}
		p.dropped = append(p.dropped, s)
		p.page.Dropped = append(p.page.Dropped, Dropped{Line: l.n, Reason: ReasonRepeated, Text: l.text})
		return s
	}
	s := &section{field: field, heading: l}
	p.sections[field] = s
	return s
}

// build fills the career from the sections and reports what is missing.
func (p *parser) build() {
	c := p.page.Career
	for _, s := range p.dropped {
		for _, l := range s.lines {
			if l.text != "" {
				p.drop(l, s.drop)
			}
		}
	}
	want := "<Title>"
	if p.titleKey != "" {
		c.Title = p.title()
		want = c.Title
	}
	if s := p.sections[fieldSummary]; s == nil {
		p.problem(0, fieldSummary, "no summary section: expected a heading line %q followed by paragraphs", "What is a/an "+want+"?")
	} else if c.Summary = p.prose(s); c.Summary == "" {
		p.problem(s.heading.n, fieldSummary, "no text under %q", s.heading.text)
	}
	if s := p.sections[fieldDuties]; s == nil {
		p.problem(0, fieldDuties, "no duties section: expected a heading line %q or %q followed by bullets '- Name: description'",
			"What does a/an "+want+" do?", "Duties and Responsibilities")
	} else if c.Duties = p.items(s); len(c.Duties) == 0 {
		p.problem(s.heading.n, fieldDuties, "no bullet in the form '- Name: description' under %q", s.heading.text)
	}
	if s := p.sections[fieldSpecialisations]; s != nil {
		c.Specialisations = p.items(s)
	}
	if s := p.sections[fieldWorkplace]; s != nil {
		c.Workplace = p.prose(s)
	}
	p.navigation()
	if c.Title != "" {
		// Re-choose now that the navigation may have offered a spelling.
		c.Title = p.title()
		c.ID = Slug(c.Title)
		if c.ID == "" {
			p.problem(p.titleLine, "title", "cannot make an id from %q: it has no letters or digits", c.Title)
		}
	}
	sort.SliceStable(p.page.Dropped, func(i, j int) bool { return p.page.Dropped[i].Line < p.page.Dropped[j].Line })
}

// title picks how to spell the title: the first spelling in mixed case, so
// that "WHAT IS AN ARCHIVIST?" does not make the title "ARCHIVIST" when
// another heading or the navigation writes "Archivist".
func (p *parser) title() string {
	if len(p.spellings) == 0 {
		return ""
	}
	for _, s := range p.spellings {
		if mixedCase(s) {
			return collapse(s)
		}
	}
	return collapse(p.spellings[0])
}

func mixedCase(s string) bool {
	return strings.ToLower(s) != s && strings.ToUpper(s) != s
}

// prose returns the paragraphs of a text section separated by blank lines.
// A saved page usually has one paragraph per line; when blank lines appear
// between text lines, they separate paragraphs and the lines between them
// are one wrapped paragraph.
func (p *parser) prose(s *section) string {
	wrapped, text, gap := false, false, false
	for _, l := range s.lines {
		switch {
		case l.text == "":
			gap = text
		case gap:
			wrapped = true
		default:
			text = true
		}
	}
	var paras, cur []string
	flush := func() {
		if len(cur) > 0 {
			paras = append(paras, collapse(strings.Join(cur, " ")))
			cur = nil
		}
	}
	for _, l := range s.lines {
		switch {
		case l.text == "":
			flush()
		case promoRE.MatchString(l.text):
			p.drop(l, ReasonPromo)
		case l.bullet:
			// Prose sections have no lists in a corpus file; keep the text.
			flush()
			if l.body != "" {
				paras = append(paras, collapse(l.body))
			}
		case wrapped:
			cur = append(cur, l.text)
		default:
			paras = append(paras, collapse(l.text))
		}
	}
	flush()
	return strings.Join(paras, "\n\n")
}

// items reads a list section: an intro, bullets "Name: description", and
// anything after the first bullet that is not one, which on career sites is
// promotion rather than part of the list.
func (p *parser) items(s *section) []career.Item {
	var items []career.Item
	inList := false
	for _, l := range s.lines {
		switch {
		case l.text == "":
		case !l.bullet && !inList:
			p.drop(l, ReasonIntro)
		case !l.bullet:
			p.drop(l, ReasonAfterList)
		default:
			inList = true
			it, ok := splitItem(l.body)
			if !ok {
				p.drop(l, ReasonNoName)
				continue
			}
			items = append(items, it)
		}
	}
	return items
}

// splitItem cuts "Name: description" (or "Name – description") at the first
// separator. A name longer than a short phrase means the colon belongs to a
// sentence, not to a name.
func splitItem(s string) (career.Item, bool) {
	at, width := -1, 0
	for _, sep := range []string{": ", " – ", " — ", " - "} {
		if i := strings.Index(s, sep); i >= 0 && (at < 0 || i < at) {
			at, width = i, len(sep)
		}
	}
	if at < 0 {
		return career.Item{}, false
	}
	name := collapse(strings.Trim(s[:at], "*_ \t"))
	desc := collapse(strings.TrimPrefix(strings.TrimPrefix(s[at+width:], "**"), "__"))
	if name == "" || desc == "" || !nameShaped(name) {
		return career.Item{}, false
	}
	return career.Item{Name: name, Description: desc}, true
}

// headingShaped reports whether s could be a heading: short, and not a
// sentence (no full stop at the end, no sentence break inside).
func headingShaped(s string) bool {
	if utf8.RuneCountInString(s) > 120 {
		return false
	}
	if strings.HasSuffix(s, ".") || strings.HasSuffix(s, "!") || strings.HasSuffix(s, ",") || strings.HasSuffix(s, ";") {
		return false
	}
	return !strings.Contains(s, ". ") && !strings.Contains(s, "? ") && !strings.Contains(s, "! ")
}

// titleShaped reports whether s could be a career title.
func titleShaped(s string) bool {
	return utf8.RuneCountInString(s) <= 80 && len(strings.Fields(s)) <= 12 && Key(s) != ""
}

// nameShaped reports whether s could be the name of a duty or type.
func nameShaped(s string) bool {
	return utf8.RuneCountInString(s) <= 80 && len(strings.Fields(s)) <= 10
}
