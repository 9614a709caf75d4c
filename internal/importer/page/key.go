package page

import (
	"strings"
	"unicode"
)

// Key returns the form in which titles are compared: lower case, "&" read
// as "and", apostrophes dropped and any other punctuation as a space. "AI
// Ethics & Policy Lead" and "ai ethics and policy lead" have the same key.
func Key(title string) string {
	var b strings.Builder
	space := false
	word := func() {
		if space && b.Len() > 0 {
			b.WriteByte(' ')
		}
		space = false
	}
	for _, r := range title {
		switch {
		case r == '\'' || r == '’':
		case r == '&':
			space = true
			word()
			b.WriteString("and")
			space = true
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word()
			b.WriteRune(unicode.ToLower(r))
		default:
			space = true
		}
	}
	return b.String()
}

// SameTitle reports whether a and b name the same career: equal keys, or
// equal once a bracketed abbreviation is left out, so that "Natural Language
// Processing (NLP) Engineer" matches "Natural Language Processing Engineer".
func SameTitle(a, b string) bool {
	ka, kb := Key(a), Key(b)
	if ka == "" || kb == "" {
		return false
	}
	return ka == kb || Key(stripBrackets(a)) == Key(stripBrackets(b))
}

func stripBrackets(s string) string {
	var b strings.Builder
	depth := 0
	for _, r := range s {
		switch {
		case r == '(':
			depth++
		case r == ')' && depth > 0:
			depth--
		case depth == 0:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxSlug is the longest id the corpus accepts.
const maxSlug = 100

// Slug makes a career id from a title: lower-case ASCII letters and digits
// joined by single hyphens, accents folded ("Él" becomes "el"), "&" written
// as "and". It returns "" when the title has nothing to make an id from.
func Slug(title string) string {
	words := strings.Fields(asciiFold(Key(title)))
	var b strings.Builder
	for _, w := range words {
		if b.Len()+1+len(w) > maxSlug {
			break
		}
		if b.Len() > 0 {
			b.WriteByte('-')
		}
		b.WriteString(w)
	}
	return b.String()
}

// asciiFold keeps ASCII letters and digits, folds the common accented Latin
// letters, and turns anything else into a word break.
func asciiFold(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' '):
			b.WriteRune(r)
		case folds[r] != "":
			b.WriteString(folds[r])
		default:
			b.WriteByte(' ')
		}
	}
	return b.String()
}

var folds = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ð': "d", 'þ': "th", 'ł': "l", 'đ': "d", 'ı': "i"}
	for base, accented := range map[string]string{
		"a": "àáâãäåāăą", "c": "çćĉċč", "d": "ď", "e": "èéêëēĕėęě", "g": "ĝğġģ", "h": "ĥħ",
		"i": "ìíîïĩīĭįİ", "j": "ĵ", "k": "ķ", "l": "ĺļľŀ", "n": "ñńņňŉ", "o": "òóôõöōŏő",
		"r": "ŕŗř", "s": "śŝşšș", "t": "ţťŧț", "u": "ùúûüũūŭůűų", "w": "ŵ", "y": "ýÿŷ", "z": "źżž",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()
