package synonyms

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// A token is one normalised word of a query or of an entry: lower-cased,
// common Latin accents folded, split on everything that is not a letter or a
// digit ("X-Ray" → "x", "ray"; "CI/CD" → "ci", "cd"; "Résumé" → "resume").
// A possessive "'s" is dropped ("bachelor's" → "bachelor") and other
// apostrophes inside a word join it ("o'brien" → "obrien").
type token struct {
	norm string // normalised form
	raw  string // the same letters and digits as typed, case kept
	word int    // index of the caller's word it came from
	// first and last say whether the token starts or ends its word: a
	// match covers whole words only.
	first, last bool
}

// Words splits text into the words Expand expects, as typed (case kept, so
// that "ITs" and "its" stay distinguishable): runs of letters and digits,
// possessive "'s" dropped. Passing whitespace-separated words to Expand
// works too; this is the split the file's entries get.
func Words(text string) []string {
	toks := appendTokens(nil, text, 0)
	out := make([]string, len(toks))
	for i, t := range toks {
		out[i] = t.raw
	}
	return out
}

// appendTokens appends the tokens of s, all attributed to word w.
func appendTokens(dst []token, s string, w int) []token {
	start := len(dst)
	var raw, norm strings.Builder
	flush := func() {
		if norm.Len() > 0 {
			dst = append(dst, token{norm: norm.String(), raw: raw.String(), word: w})
		}
		raw.Reset()
		norm.Reset()
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case isLetterOrDigit(r):
			raw.WriteRune(r)
			appendFolded(&norm, r)
		case unicode.IsMark(r):
			// A combining accent of a decomposed letter: part of the word.
		case isApostrophe(r) && norm.Len() > 0:
			next, nsize := utf8.DecodeRuneInString(s[i:])
			if !isLetterOrDigit(next) {
				flush()
				continue
			}
			if next == 's' || next == 'S' {
				after, _ := utf8.DecodeRuneInString(s[i+nsize:])
				if i+nsize >= len(s) || !isLetterOrDigit(after) {
					i += nsize // possessive: drop "'s"
					flush()
					continue
				}
			}
			// "o'brien": the apostrophe joins the word.
		default:
			flush()
		}
	}
	flush()
	for k := start; k < len(dst); k++ {
		dst[k].first = k == start
		dst[k].last = k == len(dst)-1
	}
	return dst
}

func isLetterOrDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
	}
	return r != utf8.RuneError && (unicode.IsLetter(r) || unicode.IsNumber(r))
}

func isApostrophe(r rune) bool { return r == '\'' || r == '\u2019' || r == '\u02bc' }

// appendFolded writes the lower-case form of r with the accents of the
// Latin-1 letters removed ("É" → "e", "ß" → "ss", "æ" → "ae").
func appendFolded(b *strings.Builder, r rune) {
	if 'A' <= r && r <= 'Z' {
		b.WriteByte(byte(r) + 'a' - 'A')
		return
	}
	if r < utf8.RuneSelf {
		b.WriteByte(byte(r))
		return
	}
	r = unicode.ToLower(r)
	if f, ok := latinFold[r]; ok {
		b.WriteString(f)
		return
	}
	b.WriteRune(r)
}

var latinFold = func() map[rune]string {
	m := map[rune]string{'ß': "ss", 'æ': "ae", 'œ': "oe", 'ø': "o", 'ð': "d", 'þ': "th"}
	for base, accented := range map[string]string{
		"a": "àáâãäå", "c": "ç", "e": "èéêë", "i": "ìíîï", "n": "ñ",
		"o": "òóôõö", "u": "ùúûü", "y": "ýÿ",
	} {
		for _, r := range accented {
			m[r] = base
		}
	}
	return m
}()

// joinNorm returns the normalised forms of toks separated by spaces.
func joinNorm(toks []token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.norm)
	}
	return b.String()
}

// acronymText reports whether an entry as written is an acronym: it has
// capitals and no lower-case letters ("NLP", "CI/CD", "3PL"), or it is one
// word with two or more capitals ("MLOps", "GenAI", "IoT").
func acronymText(s string) bool {
	upper, lower := 0, 0
	for _, r := range s {
		switch {
		case unicode.IsUpper(r):
			upper++
		case unicode.IsLower(r):
			lower++
		}
	}
	if upper == 0 {
		return false
	}
	return lower == 0 || upper >= 2 && !strings.ContainsRune(s, ' ')
}

// plural reports whether the query token t is a plural of the entry word w.
// An acronym takes a plain "s", and if it has fewer than three letters only
// when typed in capitals ("LLMs", "llms", "ITs", but not "its" or "cvs").
// Another word takes "s", "es", "y" → "ies" or "man" → "men", and only if it
// has at least three letters ("developers", "secretaries", "salesmen").
func plural(t token, w string, acronym bool) bool {
	if len(w) < 3 && !acronym {
		return false
	}
	if acronym {
		if t.norm != w+"s" {
			return false
		}
		if len(w) >= 3 {
			return true
		}
		base, ok := strings.CutSuffix(t.raw, "s")
		return ok && acronymText(base) && !strings.ContainsFunc(base, unicode.IsLower)
	}
	n := t.norm
	switch {
	case n == w+"s", n == w+"es":
		return true
	case strings.HasSuffix(w, "y") && n == w[:len(w)-1]+"ies":
		return true
	case strings.HasSuffix(w, "man") && n == w[:len(w)-3]+"men":
		return true
	}
	return false
}

// singulars returns the words of which norm may be a plural, the keys under
// which an entry whose first word matches it through plural is filed.
func singulars(norm string) []string {
	var out []string
	if s, ok := strings.CutSuffix(norm, "s"); ok && s != "" {
		out = append(out, s)
		if s, ok := strings.CutSuffix(norm, "es"); ok && s != "" {
			out = append(out, s)
		}
		if s, ok := strings.CutSuffix(norm, "ies"); ok && s != "" {
			out = append(out, s+"y")
		}
	}
	if s, ok := strings.CutSuffix(norm, "men"); ok {
		out = append(out, s+"man")
	}
	return out
}
