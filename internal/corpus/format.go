package corpus

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/careersearch/careers/internal/career"
)

// Format renders a career as a corpus file, the inverse of Parse. Importers
// write through it so that what they write is read back by the same parser.
func Format(c *career.Career) ([]byte, error) {
	fm := frontMatter{
		ID: c.ID, Title: c.Title, Category: c.Category,
		Aliases: c.Aliases, Related: c.Related, JobZone: c.JobZone, Source: c.Source,
	}
	var b bytes.Buffer
	b.WriteString("---\n")
	enc := yaml.NewEncoder(&b)
	enc.SetIndent(2)
	if err := enc.Encode(fm); err != nil {
		return nil, fmt.Errorf("corpus: formatting %s: %w", c.ID, err)
	}
	enc.Close()
	b.WriteString("---\n")
	writeProse(&b, SectionSummary, c.Summary)
	writeItems(&b, SectionDuties, c.Duties)
	if len(c.Specialisations) > 0 {
		writeItems(&b, SectionSpecialisations, c.Specialisations)
	}
	if len(c.Skills) > 0 {
		writeSkills(&b, c.Skills)
	}
	if c.Workplace != "" {
		writeProse(&b, SectionWorkplace, c.Workplace)
	}
	return b.Bytes(), nil
}

func writeProse(b *bytes.Buffer, name, text string) {
	fmt.Fprintf(b, "\n## %s\n\n", name)
	paras := strings.Split(text, "\n\n")
	for i, p := range paras {
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString(escapeMarkdown(collapse(p)))
		b.WriteString("\n")
	}
}

func writeItems(b *bytes.Buffer, name string, items []career.Item) {
	fmt.Fprintf(b, "\n## %s\n\n", name)
	for _, it := range items {
		fmt.Fprintf(b, "- **%s**: %s\n", escapeMarkdown(collapse(it.Name)), escapeMarkdown(collapse(it.Description)))
	}
}

// writeSkills writes one "- **Name** (flags): note" line per skill, the
// flags in their canonical order.
func writeSkills(b *bytes.Buffer, skills []career.Skill) {
	fmt.Fprintf(b, "\n## %s\n\n", SectionSkills)
	for _, sk := range skills {
		b.WriteString("- **")
		b.WriteString(escapeMarkdown(collapse(sk.Name)))
		b.WriteString("**")
		if flags := skillFlagList(sk); len(flags) > 0 {
			b.WriteString(" (" + strings.Join(flags, ", ") + ")")
		}
		if note := collapse(sk.Note); note != "" {
			b.WriteString(": " + escapeMarkdown(note))
		}
		b.WriteString("\n")
	}
}

// escapeMarkdown backslash-escapes the characters that would otherwise start
// Markdown syntax inside imported text, so that the text reads back as it was.
func escapeMarkdown(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '\\', '*', '_', '`', '[', ']', '<', '>', '#', '|', '~':
			b.WriteByte('\\')
		case '-', '+':
			if i == 0 {
				b.WriteByte('\\')
			}
		case '.', ')':
			// "1." at the start of a line would make a numbered list.
			if isDigits(s[:i]) && i > 0 {
				b.WriteByte('\\')
			}
		case '&':
			// Written as an entity, which the parser resolves back to '&';
			// a literal "&amp;" in the text becomes "&amp;amp;".
			b.WriteString("&amp;")
			continue
		case '!':
			if i+1 < len(s) && s[i+1] == '[' {
				b.WriteByte('\\')
			}
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
