package page

import (
	"strings"
	"unicode/utf8"
)

// nav reads the site navigation at the end of a page:
//
//	Frequently Asked Questions
//	<Field>-Related Careers and Degrees
//	<Field> Careers
//	<Category>
//	- <Career>
//	…
//	Degrees
//
// Every part may be missing. A category is the heading line right above a
// run of bullets; heading lines with no bullets under them (the "<Field>
// Careers" sub-heading, empty categories) name nothing.
type nav struct {
	// faq is set after the FAQ heading: what follows is questions and
	// answers, whose bullets name no careers, until a list heading starts.
	faq     bool
	started bool
	done    bool
	field   string
	// category is the heading the next bullets belong to; "" directly
	// under a list heading.
	category   string
	categories int
	listed     []Listing
}

// active reports whether the navigation has begun; it runs to the end of
// the page, since nothing after it belongs to the career.
func (n *nav) active() bool { return n.faq || n.started }

func (n *nav) line(l line) {
	if n.done || l.text == "" {
		return
	}
	if l.bullet {
		if t := listingTitle(l.body); n.started && t != "" {
			n.listed = append(n.listed, Listing{Title: t, Category: n.category})
		}
		return
	}
	if !headingShaped(l.text) {
		return
	}
	t := l.text
	if m := relatedRE.FindStringSubmatch(t); m != nil {
		n.start(m[1])
		return
	}
	if m := careersRE.FindStringSubmatch(t); m != nil {
		// "<Field> Careers" is the sub-heading of the list; another
		// "<Something> Careers" after categories began is a category.
		if (n.field == "" && n.categories == 0) || Key(m[1]) == Key(n.field) {
			n.start(m[1])
			return
		}
	}
	if degreesRE.MatchString(t) {
		n.done = true
		return
	}
	if n.started {
		n.category = collapse(strings.TrimSuffix(t, ":"))
		n.categories++
	}
}

func (n *nav) start(field string) {
	n.started = true
	n.category = ""
	if n.field == "" {
		n.field = collapse(field)
	}
}

// listingTitle returns the career a navigation bullet names, or "" when the
// bullet is too long to be a title.
func listingTitle(s string) string {
	s = collapse(strings.TrimRight(s, ".,;: "))
	if utf8.RuneCountInString(s) > 80 || Key(s) == "" {
		return ""
	}
	return s
}

// navigation takes the page's own category and spelling from the
// navigation list, and lists the other careers once each.
func (p *parser) navigation() {
	c := p.page.Career
	p.page.Field = p.nav.field
	seen := map[string]bool{}
	for _, ls := range p.nav.listed {
		if p.titleKey != "" && SameTitle(ls.Title, c.Title) {
			if c.Category == "" && ls.Category != "" {
				c.Category = ls.Category
			}
			p.spellings = append(p.spellings, ls.Title)
			continue
		}
		k := Key(ls.Title)
		if seen[k] {
			continue
		}
		seen[k] = true
		p.page.Listed = append(p.page.Listed, ls)
	}
}
