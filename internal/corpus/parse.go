// Package corpus reads and writes career files: UTF-8 Markdown with YAML
// front matter, one career per file, and validates them with file, line and
// field in every finding.
package corpus

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"github.com/yuin/goldmark/util"
	"gopkg.in/yaml.v3"

	"github.com/careersearch/careers/internal/career"
)

// Section headings of a career file, in order.
const (
	SectionSummary         = "Summary"
	SectionDuties          = "Duties"
	SectionSpecialisations = "Specialisations"
	SectionSkills          = "Skills"
	SectionWorkplace       = "Workplace"
)

var sectionOrder = []string{SectionSummary, SectionDuties, SectionSpecialisations, SectionSkills, SectionWorkplace}

var slugRE = regexp.MustCompile(`^[a-z0-9]+(?:[-.][a-z0-9]+)*$`)

// ValidID reports whether id is a slug usable as a career id: lower-case
// letters, digits, and single hyphens or dots between them.
func ValidID(id string) bool { return len(id) <= 100 && slugRE.MatchString(id) }

// Doc is a parsed career file with the positions the cross-file checks need.
type Doc struct {
	File   string
	Career *career.Career
	// IDLine and RelatedLines locate front-matter values for later findings.
	IDLine       int
	RelatedLines []int
}

var md = goldmark.New()

// Parse parses one career file. It returns the document (as much of it as
// could be read) and every problem found in it; a non-empty problem list
// means the career must not be indexed.
func Parse(file string, data []byte, rules Rules) (*Doc, career.Problems) {
	p := &fileParser{file: file, doc: &Doc{File: file, Career: &career.Career{}}}
	p.parse(data, rules)
	return p.doc, p.problems
}

type fileParser struct {
	file     string
	doc      *Doc
	problems career.Problems
}

func (p *fileParser) addf(line int, field, format string, args ...any) {
	p.problems = append(p.problems, career.Problem{File: p.file, Line: line, Field: field, Message: fmt.Sprintf(format, args...)})
}

func (p *fileParser) parse(data []byte, rules Rules) {
	if !utf8.Valid(data) {
		p.addf(1, "", "not valid UTF-8")
		return
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	// Normalise line endings once so that line numbers and text agree.
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	front, body, bodyLine, ok := splitFrontMatter(data)
	if !ok {
		p.addf(1, "front matter", "missing: the file must start with a line '---', the YAML fields, and a closing '---'")
		return
	}
	p.parseFrontMatter(front, rules)
	p.parseBody(body, bodyLine, rules)
}

// splitFrontMatter separates the YAML block from the Markdown body. bodyLine
// is the 1-based line number of the body's first line.
func splitFrontMatter(data []byte) (front, body []byte, bodyLine int, ok bool) {
	if !bytes.HasPrefix(data, []byte("---\n")) {
		return nil, nil, 0, false
	}
	rest := data[4:]
	line := 2
	for len(rest) > 0 || line == 2 {
		i := bytes.IndexByte(rest, '\n')
		var l []byte
		if i < 0 {
			l = rest
		} else {
			l = rest[:i]
		}
		if string(bytes.TrimRight(l, " \t")) == "---" {
			front = data[4 : len(data)-len(rest)]
			if i < 0 {
				return front, nil, line + 1, true
			}
			return front, rest[i+1:], line + 1, true
		}
		if i < 0 {
			break
		}
		rest = rest[i+1:]
		line++
	}
	return nil, nil, 0, false
}

// frontMatter is the YAML header. Source and JobZone are written by
// importers; a hand-written career has neither.
type frontMatter struct {
	ID       string         `yaml:"id"`
	Title    string         `yaml:"title"`
	Category string         `yaml:"category"`
	Aliases  []string       `yaml:"aliases,omitempty"`
	Related  []string       `yaml:"related,omitempty"`
	JobZone  int            `yaml:"job_zone,omitempty"`
	Source   *career.Source `yaml:"source,omitempty"`
}

var yamlLineRE = regexp.MustCompile(`line (\d+):\s*(.*)`)

func (p *fileParser) parseFrontMatter(front []byte, rules Rules) {
	c := p.doc.Career
	var root yaml.Node
	if err := yaml.Unmarshal(front, &root); err != nil {
		line, msg := 1, err.Error()
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			n, _ := strconv.Atoi(m[1])
			line, msg = n+1, m[2]
		}
		p.addf(line, "front matter", "invalid YAML: %s", strings.TrimPrefix(msg, "yaml: "))
		return
	}
	if len(root.Content) == 0 {
		p.addf(2, "front matter", "empty")
		return
	}
	m := root.Content[0]
	if m.Kind != yaml.MappingNode {
		p.addf(m.Line+1, "front matter", "must be a mapping of fields")
		return
	}
	lineOf := map[string]int{}
	for i := 0; i+1 < len(m.Content); i += 2 {
		k, v := m.Content[i], m.Content[i+1]
		line := k.Line + 1 // +1 for the opening '---'
		if _, dup := lineOf[k.Value]; dup {
			p.addf(line, k.Value, "given twice")
			continue
		}
		lineOf[k.Value] = line
		switch k.Value {
		case "id", "title", "category":
			if v.Kind != yaml.ScalarNode {
				p.addf(line, k.Value, "must be a single line of text")
				continue
			}
			s := strings.TrimSpace(v.Value)
			switch k.Value {
			case "id":
				c.ID = s
				p.doc.IDLine = line
			case "title":
				c.Title = s
			case "category":
				c.Category = s
			}
		case "aliases", "related":
			if v.Kind != yaml.SequenceNode {
				p.addf(line, k.Value, "must be a list")
				continue
			}
			for _, e := range v.Content {
				s := strings.TrimSpace(e.Value)
				if e.Kind != yaml.ScalarNode || s == "" {
					p.addf(e.Line+1, k.Value, "entries must be non-empty text")
					continue
				}
				if k.Value == "aliases" {
					c.Aliases = append(c.Aliases, s)
				} else {
					c.Related = append(c.Related, s)
					p.doc.RelatedLines = append(p.doc.RelatedLines, e.Line+1)
				}
			}
		case "job_zone":
			var z int
			if err := v.Decode(&z); err != nil || z < 1 || z > 5 {
				p.addf(line, k.Value, "must be a whole number from 1 to 5")
				continue
			}
			c.JobZone = z
		case "source":
			var s career.Source
			if err := v.Decode(&s); err != nil {
				p.addf(line, k.Value, "must be a mapping with dataset, license and attribution")
				continue
			}
			if s.Dataset == "" || s.License == "" || s.Attribution == "" {
				p.addf(line, k.Value, "dataset, license and attribution are required")
			}
			c.Source = &s
		default:
			p.addf(line, k.Value, "unknown field (known: id, title, category, aliases, related, job_zone, source)")
		}
	}
	for _, f := range []struct {
		name string
		val  string
	}{{"id", c.ID}, {"title", c.Title}, {"category", c.Category}} {
		if f.val == "" {
			line, ok := lineOf[f.name]
			if !ok {
				line = 1
				p.addf(line, f.name, "missing")
			} else {
				p.addf(line, f.name, "empty")
			}
		}
	}
	if c.ID != "" && !ValidID(c.ID) {
		p.addf(lineOf["id"], "id", "%q is not a slug (lower-case letters, digits and single hyphens or dots)", c.ID)
	}
	if c.Source == nil && len(c.Aliases) < rules.MinAliases {
		p.addf(lineOrOne(lineOf, "aliases"), "aliases", "at least %d required, got %d", rules.MinAliases, len(c.Aliases))
	}
	if c.Source == nil && len(c.Related) < rules.MinRelated {
		p.addf(lineOrOne(lineOf, "related"), "related", "at least %d required, got %d", rules.MinRelated, len(c.Related))
	}
	seen := map[string]bool{}
	for i, r := range c.Related {
		if r == c.ID {
			p.addf(p.doc.RelatedLines[i], "related", "a career cannot be related to itself")
		}
		if seen[r] {
			p.addf(p.doc.RelatedLines[i], "related", "%q listed twice", r)
		}
		seen[r] = true
	}
}

func lineOrOne(m map[string]int, k string) int {
	if l, ok := m[k]; ok {
		return l
	}
	return 1
}

// section is the Markdown under one "## Heading".
type section struct {
	name  string
	line  int
	nodes []ast.Node
}

func (p *fileParser) parseBody(body []byte, bodyLine int, rules Rules) {
	c := p.doc.Career
	lineAt := func(offset int) int { return bodyLine + bytes.Count(body[:offset], []byte("\n")) }
	nodeLine := func(n ast.Node) int {
		for c := n; c != nil; c = c.FirstChild() {
			if c.Type() == ast.TypeBlock && c.Lines().Len() > 0 {
				return lineAt(c.Lines().At(0).Start)
			}
		}
		// A block without text (an empty list item) still has a position.
		if pos := n.Pos(); pos >= 0 && pos <= len(body) {
			return lineAt(pos)
		}
		return bodyLine
	}
	doc := md.Parser().Parse(text.NewReader(body))
	var sections []*section
	var cur *section
	for n := doc.FirstChild(); n != nil; n = n.NextSibling() {
		if h, ok := n.(*ast.Heading); ok && h.Level <= 2 {
			title := strings.TrimSpace(inlineText(h, body))
			cur = &section{name: title, line: nodeLine(h)}
			if h.Level == 1 {
				p.addf(cur.line, "", "level-1 heading %q: sections are '## Heading'", title)
			}
			sections = append(sections, cur)
			continue
		}
		if cur == nil {
			p.addf(nodeLine(n), "", "text before the first section; the body must start with '## %s'", SectionSummary)
			cur = &section{name: "", line: nodeLine(n)} // collects and ignores
			continue
		}
		cur.nodes = append(cur.nodes, n)
	}
	found := map[string]*section{}
	// Missing sections are reported at the file's last line.
	endLine := bodyLine + bytes.Count(body, []byte("\n"))
	if len(body) == 0 || body[len(body)-1] == '\n' {
		endLine--
	}
	order := 0
	for _, s := range sections {
		canon := canonicalSection(s.name)
		if canon == "" {
			if s.name != "" {
				p.addf(s.line, "", "unknown section %q (expected %s)", s.name, strings.Join(sectionOrder, ", "))
			}
			continue
		}
		if _, dup := found[canon]; dup {
			p.addf(s.line, strings.ToLower(canon), "section given twice")
			continue
		}
		found[canon] = s
		idx := indexOf(sectionOrder, canon)
		if idx < order {
			p.addf(s.line, strings.ToLower(canon), "out of order (expected %s)", strings.Join(sectionOrder, ", "))
		}
		order = idx
	}
	required := map[string]bool{SectionSummary: true, SectionDuties: true,
		SectionSpecialisations: rules.RequireSpecialisations, SectionWorkplace: rules.RequireWorkplace,
		SectionSkills: rules.MinSkills > 0}
	for _, name := range sectionOrder {
		field := strings.ToLower(name)
		s, ok := found[name]
		if !ok {
			if required[name] {
				p.addf(endLine, field, "section '## %s' missing", name)
			}
			continue
		}
		switch name {
		case SectionSummary, SectionWorkplace:
			txt := p.paragraphs(s, field, body, nodeLine)
			words := len(strings.Fields(txt))
			min, max := rules.MinSummaryWords, rules.MaxSummaryWords
			if name == SectionWorkplace {
				min, max = rules.MinWorkplaceWords, rules.MaxWorkplaceWords
				c.Workplace = txt
			} else {
				c.Summary = txt
			}
			if words == 0 {
				if required[name] {
					p.addf(s.line, field, "empty")
				}
			} else if words < min {
				p.addf(s.line, field, "%d words, at least %d required", words, min)
			} else if max > 0 && words > max {
				p.addf(s.line, field, "%d words, at most %d allowed", words, max)
			}
		case SectionDuties, SectionSpecialisations:
			items := p.items(s, field, body, nodeLine)
			min := rules.MinDuties
			if name == SectionDuties {
				c.Duties = items
			} else {
				c.Specialisations = items
				min = rules.MinSpecialisations
			}
			if len(items) < min && (required[name] || len(items) > 0) {
				p.addf(s.line, field, "%d items, at least %d required", len(items), min)
			}
		case SectionSkills:
			c.Skills = p.skills(s, field, body, nodeLine)
			if len(c.Skills) < rules.MinSkills {
				p.addf(s.line, field, "%d skills, at least %d required", len(c.Skills), rules.MinSkills)
			}
		}
	}
}

func canonicalSection(name string) string {
	n := strings.ToLower(strings.TrimSpace(name))
	switch n {
	case "summary":
		return SectionSummary
	case "duties":
		return SectionDuties
	case "specialisations", "specializations":
		return SectionSpecialisations
	case "skills":
		return SectionSkills
	case "workplace":
		return SectionWorkplace
	}
	return ""
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return -1
}

// paragraphs returns the text of a prose section, paragraphs separated by a
// blank line. Lists and other blocks are findings, not silently dropped.
func (p *fileParser) paragraphs(s *section, field string, src []byte, nodeLine func(ast.Node) int) string {
	var paras []string
	for _, n := range s.nodes {
		if n.Kind() != ast.KindParagraph {
			p.addf(nodeLine(n), field, "only paragraphs are allowed here, found %s", blockName(n))
			continue
		}
		if t := collapse(inlineText(n, src)); t != "" {
			paras = append(paras, t)
		}
	}
	return strings.Join(paras, "\n\n")
}

// items reads a bullet list of "**Name**: description" entries.
func (p *fileParser) items(s *section, field string, src []byte, nodeLine func(ast.Node) int) []career.Item {
	var items []career.Item
	p.listItems(s, field, "'- **Name**: description'", nodeLine, func(li ast.Node, line int) {
		it, msg := parseItem(li, src)
		if msg != "" {
			p.addf(line, field, "%s", msg)
			return
		}
		items = append(items, it)
	})
	return items
}

// listItems calls each for every item of the section's one bullet list,
// after reporting any other block (form says what an item looks like).
func (p *fileParser) listItems(s *section, field, form string, nodeLine func(ast.Node) int, each func(li ast.Node, line int)) {
	lists := 0
	for _, n := range s.nodes {
		list, ok := n.(*ast.List)
		if !ok || list.IsOrdered() {
			p.addf(nodeLine(n), field, "only a bullet list of %s items is allowed here, found %s", form, blockName(n))
			continue
		}
		lists++
		if lists > 1 {
			p.addf(nodeLine(n), field, "a second list; keep all items in one list")
		}
		for li := list.FirstChild(); li != nil; li = li.NextSibling() {
			each(li, nodeLine(li))
		}
	}
}

func parseItem(li ast.Node, src []byte) (career.Item, string) {
	const want = "items must read '**Name**: description'"
	first := li.FirstChild()
	if first == nil {
		return career.Item{}, "empty item"
	}
	if first.NextSibling() != nil {
		return career.Item{}, "an item must be a single paragraph (no nested lists or blocks)"
	}
	if first.Kind() != ast.KindParagraph && first.Kind() != ast.KindTextBlock {
		return career.Item{}, want
	}
	strong, ok := first.FirstChild().(*ast.Emphasis)
	if !ok || strong.Level != 2 {
		if strings.TrimSpace(inlineText(first, src)) == "" {
			return career.Item{}, "empty item"
		}
		return career.Item{}, want + ", the name in bold"
	}
	name := collapse(inlineText(strong, src))
	var rest strings.Builder
	for n := strong.NextSibling(); n != nil; n = n.NextSibling() {
		writeInline(&rest, n, src)
	}
	desc := collapse(rest.String())
	if !strings.HasPrefix(desc, ":") {
		// Also accept the colon inside the bold name: "**Name:** description".
		if strings.HasSuffix(name, ":") {
			name = strings.TrimSpace(strings.TrimSuffix(name, ":"))
		} else {
			return career.Item{}, want + ", a colon after the name"
		}
	} else {
		desc = strings.TrimSpace(desc[1:])
	}
	switch {
	case name == "":
		return career.Item{}, "item name is empty"
	case desc == "":
		return career.Item{}, fmt.Sprintf("item %q has no description", name)
	}
	return career.Item{Name: name, Description: desc}, ""
}

func blockName(n ast.Node) string {
	switch n.Kind() {
	case ast.KindList:
		return "a list"
	case ast.KindHeading:
		return "a heading"
	case ast.KindFencedCodeBlock, ast.KindCodeBlock:
		return "a code block"
	case ast.KindHTMLBlock:
		return "HTML"
	case ast.KindBlockquote:
		return "a quote"
	case ast.KindThematicBreak:
		return "a horizontal rule"
	}
	return strings.ToLower(n.Kind().String())
}

// inlineText returns the plain text of n's inline content.
func inlineText(n ast.Node, src []byte) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		writeInline(&b, c, src)
	}
	return b.String()
}

func writeInline(b *strings.Builder, n ast.Node, src []byte) {
	switch t := n.(type) {
	case *ast.Text:
		v := t.Segment.Value(src)
		if !t.IsRaw() {
			v = util.UnescapePunctuations(v)
			v = util.ResolveNumericReferences(v)
			v = util.ResolveEntityNames(v)
		}
		b.Write(v)
		if t.SoftLineBreak() || t.HardLineBreak() {
			b.WriteByte(' ')
		}
		return
	case *ast.String:
		b.Write(t.Value)
		return
	case *ast.CodeSpan, *ast.Emphasis, *ast.Link:
		// fall through to children
	case *ast.AutoLink:
		b.Write(t.URL(src))
		return
	case *ast.RawHTML:
		return
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		writeInline(b, c, src)
	}
}

// collapse folds runs of white space into single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
