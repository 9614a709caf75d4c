// Package page turns career pages, as people save them from career sites as
// plain text, into careers of the domain model, together with the other
// careers that the page's navigation lists.
package page

import (
	"bytes"
	"fmt"
	"html"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

// MaxSize is the largest page Parse accepts. Saved career pages are a few
// kilobytes; anything near this size is some other file given by mistake.
const MaxSize = 1 << 20

// Page is a parsed career page.
type Page struct {
	// File is the name the page was parsed under, used in every finding.
	File string
	// Career holds what the page says about its career. Category is empty
	// when the navigation does not list the page's own title under a
	// category heading; the caller must then supply one.
	Career *career.Career
	// Field is the subject of the navigation list ("Geospatial" from
	// "Geospatial-Related Careers and Degrees"), or "" without one.
	Field string
	// Listed are the other careers the navigation names, in page order,
	// each once.
	Listed []Listing
	// Dropped are the non-blank lines that went into no field, with why,
	// so that a caller can show what the import left out. Site navigation
	// after the FAQ heading is expected to be dropped and is not listed.
	Dropped []Dropped
}

// Listing is a career named in a page's navigation.
type Listing struct {
	Title string
	// Category is the heading the career is listed under; "" when it is
	// listed under none.
	Category string
}

// Dropped is a line of the page that was left out of the career.
type Dropped struct {
	Line   int
	Reason string
	Text   string
}

// Reasons for dropping a line.
const (
	ReasonOutside   = "outside any section"
	ReasonIntro     = "introduces the list"
	ReasonAfterList = "not a bullet, after the list"
	ReasonPromo     = "promotional"
	ReasonNoName    = "bullet not in the form 'Name: description'"
	ReasonRepeated  = "under a repeated heading"
)

// Field names used in findings; they match the corpus file's section names
// so that a finding reads the same whichever stage reports it.
const (
	fieldSummary         = "summary"
	fieldDuties          = "duties"
	fieldSpecialisations = "specialisations"
	fieldWorkplace       = "workplace"
)

// Parse parses one saved career page. name is used in findings only.
//
// A page without a recognisable summary or duties section, or with one
// that holds nothing usable, is an error: career.Problems with the file,
// the section as field, and the heading's line when there is a heading.
func Parse(name string, data []byte) (*Page, error) {
	lines, err := splitLines(name, data)
	if err != nil {
		return nil, err
	}
	p := &parser{file: name, lines: lines, page: &Page{File: name, Career: &career.Career{}}}
	p.findTitle()
	p.scan()
	p.build()
	if len(p.problems) > 0 {
		p.problems.Sort()
		return nil, p.problems
	}
	return p.page, nil
}

// line is one line of the page, trimmed, with its bullet marker split off.
type line struct {
	n      int
	text   string // the whole trimmed line
	bullet bool
	body   string // for a bullet, the text after the marker
}

// splitLines checks the encoding and cuts the page into lines. Line endings
// may be LF, CRLF or (from old Mac tools) a lone CR.
func splitLines(name string, data []byte) ([]line, error) {
	if len(data) > MaxSize {
		return nil, career.Problems{{File: name, Message: fmt.Sprintf("%d bytes: larger than a career page can be (%d)", len(data), MaxSize)}}
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	data = bytes.ReplaceAll(data, []byte("\r"), []byte("\n"))
	if !utf8.Valid(data) {
		n := 1
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			if r == '\n' {
				n++
			}
			i += size
		}
		return nil, career.Problems{{File: name, Line: n, Message: "not valid UTF-8; save the page as UTF-8 text"}}
	}
	raw := strings.Split(string(data), "\n")
	lines := make([]line, len(raw))
	for i, s := range raw {
		l := line{n: i + 1, text: trim(clean(s))}
		l.body, l.bullet = cutBullet(l.text)
		lines[i] = l
	}
	return lines, nil
}

// refRE matches a whole character reference as Markdown resolves it: named
// or numeric, with the closing semicolon.
var refRE = regexp.MustCompile(`^&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});$`)

// clean decodes the character references left over from the site's HTML
// ("R&amp;D", "&nbsp;") and turns control characters into spaces. Both
// matter beyond looks: the corpus file is Markdown, which would decode a
// reference that the page showed as text, and a line of "&nbsp;" would be
// an empty paragraph there.
//
// References are decoded until none is left ("&amp;lt;" becomes "<"), in
// one pass: whenever the output ends with ";", its tail is tried as a
// reference, so decoded text that completes another one is decoded too.
func clean(s string) string {
	if strings.Contains(s, "&") {
		out := make([]byte, 0, len(s))
		for i := 0; i < len(s); i++ {
			out = append(out, s[i])
			for out[len(out)-1] == ';' {
				amp := bytes.LastIndexByte(out, '&')
				if amp < 0 || len(out)-amp > 40 || !refRE.Match(out[amp:]) {
					break
				}
				ref := string(out[amp:])
				d := html.UnescapeString(ref)
				// Unknown names stay, and so do names that html reads
				// only in part ("&ampxyz;" as "&" + "xyz;"): Markdown
				// leaves both as text.
				if d == ref || (len(d) > 1 && strings.HasSuffix(d, ";")) {
					break
				}
				out = append(out[:amp], d...)
			}
		}
		s = string(out)
	}
	return strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return ' '
		}
		return r
	}, s)
}

// trim removes white space and the invisible characters that copying from a
// browser leaves at line ends.
func trim(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u200b' || r == '\u200e' || r == '\u200f' || r == '\ufeff'
	})
}

// cutBullet reports whether s is a bullet line and returns its text without
// the marker. "-", "*" and "+" need a space after them, so that "-5 °C" or
// "*Note*" stay text; typographic bullets do not.
func cutBullet(s string) (string, bool) {
	r, size := utf8.DecodeRuneInString(s)
	rest := s[size:]
	switch r {
	case '-', '*', '+':
		if rest == "" || (rest[0] != ' ' && rest[0] != '\t') {
			return "", false
		}
	case '•', '◦', '▪', '▫', '●', '○', '‣', '∙', '·', '–', '—', '■', '□', '➤', '►', '✓', '✔':
	default:
		// "1." or "1)" numbered lists.
		i := 0
		for i < len(s) && i < 3 && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		if i == 0 || i >= len(s) || (s[i] != '.' && s[i] != ')') || i+1 >= len(s) || s[i+1] != ' ' {
			return "", false
		}
		rest = s[i+1:]
	}
	return trim(rest), true
}

// collapse folds runs of white space into single spaces.
func collapse(s string) string { return strings.Join(strings.Fields(s), " ") }
