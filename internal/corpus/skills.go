package corpus

import (
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"github.com/careersearch/careers/internal/career"
)

// Limits of a skill entry. A name is what people type into a search box, so
// a long one is almost certainly a sentence in the wrong place (O*NET 30.1's
// longest technology example has 111 characters); a note says in a line
// what the role does with the skill.
const (
	MaxSkillName = 150
	MaxSkillNote = 300
)

// The flags a skill may carry in parentheses after its name, in the order
// the writer puts them.
const (
	FlagHotTechnology = "hot technology"
	FlagInDemand      = "in demand"
	FlagOptional      = "optional"
)

var skillFlags = []string{FlagHotTechnology, FlagInDemand, FlagOptional}

const skillForm = "'- **Name** (flags): note'"

// skills reads the Skills section: a bullet list of
//
//   - **Name** (hot technology, in demand, optional): note
//
// where the flags and the note are optional. Names must be unique, ignoring
// case, because a career that lists "SQL" and "sql" lists one skill.
func (p *fileParser) skills(s *section, field string, src []byte, nodeLine func(ast.Node) int) []career.Skill {
	var skills []career.Skill
	firstLine := map[string]int{}
	p.listItems(s, field, skillForm, nodeLine, func(li ast.Node, line int) {
		sk, msg := parseSkill(li, src)
		if msg != "" {
			p.addf(line, field, "%s", msg)
			return
		}
		key := strings.ToLower(sk.Name)
		if first, dup := firstLine[key]; dup {
			p.addf(line, field, "duplicate skill %q (case-insensitive; first at line %d)", sk.Name, first)
			return
		}
		firstLine[key] = line
		skills = append(skills, sk)
	})
	return skills
}

func parseSkill(li ast.Node, src []byte) (career.Skill, string) {
	const want = "skills must read " + skillForm + " (flags and note optional)"
	first := li.FirstChild()
	if first == nil {
		return career.Skill{}, "empty item"
	}
	if first.NextSibling() != nil {
		return career.Skill{}, "a skill must be a single paragraph (no nested lists or blocks)"
	}
	if first.Kind() != ast.KindParagraph && first.Kind() != ast.KindTextBlock {
		return career.Skill{}, want
	}
	strong, ok := first.FirstChild().(*ast.Emphasis)
	if !ok || strong.Level != 2 {
		if strings.TrimSpace(inlineText(first, src)) == "" {
			return career.Skill{}, "empty item"
		}
		return career.Skill{}, want + ", the name in bold"
	}
	var sk career.Skill
	sk.Name = collapse(inlineText(strong, src))
	switch n := utf8.RuneCountInString(sk.Name); {
	case n == 0:
		return career.Skill{}, "empty name"
	case n > MaxSkillName:
		return career.Skill{}, fmt.Sprintf("skill name of %d characters, at most %d allowed", n, MaxSkillName)
	case strings.HasSuffix(sk.Name, ":"):
		return career.Skill{}, fmt.Sprintf("skill %q: the colon goes after the bold name, as in %s", sk.Name, skillForm)
	}
	var b strings.Builder
	for n := strong.NextSibling(); n != nil; n = n.NextSibling() {
		writeInline(&b, n, src)
	}
	rest := collapse(b.String())
	if strings.HasPrefix(rest, "(") {
		end := strings.IndexByte(rest, ')')
		if end < 0 {
			return career.Skill{}, fmt.Sprintf("skill %q: the flags have no closing parenthesis", sk.Name)
		}
		if msg := setFlags(&sk, rest[1:end]); msg != "" {
			return career.Skill{}, fmt.Sprintf("skill %q: %s", sk.Name, msg)
		}
		rest = strings.TrimSpace(rest[end+1:])
	}
	switch {
	case rest == "":
	case strings.HasPrefix(rest, ":"):
		sk.Note = strings.TrimSpace(rest[1:])
		if sk.Note == "" {
			return career.Skill{}, fmt.Sprintf("skill %q: a colon with no note after it (write the note or drop the colon)", sk.Name)
		}
		if n := utf8.RuneCountInString(sk.Note); n > MaxSkillNote {
			return career.Skill{}, fmt.Sprintf("skill %q: note of %d characters, at most %d allowed", sk.Name, n, MaxSkillNote)
		}
	default:
		return career.Skill{}, fmt.Sprintf("skill %q: %s, found %q after the name", sk.Name, want, rest)
	}
	return sk, ""
}

// setFlags reads the comma-separated flags inside the parentheses, in any
// order and case.
func setFlags(sk *career.Skill, list string) string {
	if strings.TrimSpace(list) == "" {
		return "empty parentheses; give flags (" + strings.Join(skillFlags, ", ") + ") or drop them"
	}
	seen := map[string]bool{}
	for _, f := range strings.Split(list, ",") {
		f = strings.ToLower(collapse(f))
		if seen[f] {
			return fmt.Sprintf("flag %q given twice", f)
		}
		seen[f] = true
		switch f {
		case FlagHotTechnology:
			sk.HotTechnology = true
		case FlagInDemand:
			sk.InDemand = true
		case FlagOptional:
			sk.Optional = true
		case "":
			return "an empty flag between commas"
		default:
			return fmt.Sprintf("unknown flag %q (known: %s)", f, strings.Join(skillFlags, ", "))
		}
	}
	return ""
}

// skillFlagList returns the skill's flags in their written order.
func skillFlagList(sk career.Skill) []string {
	var flags []string
	if sk.HotTechnology {
		flags = append(flags, FlagHotTechnology)
	}
	if sk.InDemand {
		flags = append(flags, FlagInDemand)
	}
	if sk.Optional {
		flags = append(flags, FlagOptional)
	}
	return flags
}
