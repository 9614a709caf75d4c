package career

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"unicode"
)

// Query is a search request in domain terms. The zero value of Page and Size
// is filled in by Normalize.
type Query struct {
	Text       string
	Categories []string
	// Skills narrows the search to careers that list every one of these
	// skills, compared whole and without regard to case or spacing.
	Skills []string
	Page   int
	Size   int
	// Explain asks for an explanation of each hit's score.
	Explain bool
	// AllCategories asks for every category of the index with its number
	// of careers beside the result (Result.AllCategories), from the same
	// index generation as the hits: a page that lists every category
	// must not take them from a generation swapped in meanwhile.
	AllCategories bool
}

// Meaning is an everyday phrase of a query and what it was searched as.
type Meaning struct {
	Typed    string `json:"typed"`
	Searched string `json:"searched"`
}

// Result is one page of ranked hits with facet counts.
type Result struct {
	Query  string  `json:"query"`
	Total  uint64  `json:"total"`
	Page   int     `json:"page"`
	Size   int     `json:"size"`
	TookMS float64 `json:"took_ms"`
	Hits   []Hit   `json:"hits"`
	Facets Facets  `json:"facets"`
	// Corrected is the query as searched when words the index does not
	// know were replaced by close words it does ("medcal" → "medical").
	Corrected string `json:"corrected,omitempty"`
	// DidYouMean is a query to try instead, offered (not searched) when
	// the query finds little and a rare word in it is a few letters off a
	// frequent word of the index ("machine leaning" → "machine learning").
	DidYouMean string `json:"did_you_mean,omitempty"`
	// Relaxed says what a strict query gave up to find anything:
	// "phrases" (quoted phrases searched as words) or "required words".
	Relaxed string `json:"relaxed,omitempty"`
	// Missing lists the words of the query, English words spelled right,
	// that no career holds: searched as typed, never corrected.
	Missing []string `json:"missing,omitempty"`
	// UnclosedQuote is the 1-based position of a quote that nothing
	// closed: it was taken out and the words after it searched as words.
	UnclosedQuote int `json:"unclosed_quote,omitempty"`
	// Meant lists the everyday phrases of the query that were searched as
	// what they mean ("grease monkey" as "mechanic"), not as written.
	Meant []Meaning `json:"meant,omitempty"`
	// AllCategories holds every category of the index with its number of
	// careers, when the query asked for them.
	AllCategories []FacetValue `json:"-"`
	// Generation names the index generation that answered, so that a
	// server can say which one it was (the API sends it as a header).
	Generation string `json:"-"`
}

// Hit is one ranked career with the passages that matched.
type Hit struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Category string  `json:"category"`
	Score    float64 `json:"score"`
	// Summary is the start of the career's summary, plain text.
	Summary string `json:"summary"`
	// Highlights maps a field name to HTML-escaped fragments in which the
	// matched words are wrapped in <mark>…</mark>.
	Highlights map[string][]string `json:"highlights"`
	// Explain says which fields matched which query words, how, and what
	// share of the score each field earned; only when asked for.
	Explain []Explanation `json:"explain,omitempty"`
	// Raised lists what multiplied the hit's score for what it shares with
	// the first hits rather than for its own match of the query; only with
	// Explain, and only for hits inside the re-scored window.
	Raised []Raise `json:"raised,omitempty"`
}

// Raise is one factor by which the re-scoring raised a hit's score.
type Raise struct {
	// By is RaisedByRelated or RaisedByFeedback.
	By string `json:"by"`
	// Factor multiplied the score (above 1, rounded to two decimals).
	Factor float64 `json:"factor"`
	// Careers are the first hits the hit is linked with as related
	// careers (RaisedByRelated).
	Careers []CareerRef `json:"careers,omitempty"`
	// Words are the feedback words the hit holds, as the duties they were
	// drawn from write them (RaisedByFeedback).
	Words []string `json:"words,omitempty"`
}

// Ways a hit's score is raised (Raise.By).
const (
	// RaisedByRelated: the hit and some of the first hits list each other
	// as related careers.
	RaisedByRelated = "related"
	// RaisedByFeedback: the hit holds words of the duties that answer a
	// task query best among the first hits.
	RaisedByFeedback = "feedback"
)

// CareerRef names a career.
type CareerRef struct {
	ID    string `json:"id"`
	Title string `json:"title"`
}

// Explanation is one field's part in a hit's score.
type Explanation struct {
	Field   string   `json:"field"`
	Matched []string `json:"matched"`
	// Via is how the words matched: "phrase" (together, in order), "word"
	// (as typed), "stem" (another form of the word), "typo" (after a
	// spelling correction), "part" (a part of a compound word the index
	// lacks: "radiologist" in "neuroradiologist"), "synonym" (from the
	// synonym file) or
	// "related" (a word related to a job name the corpus lacks, from
	// WordNet: "bartender" for "mixologist").
	Via   string  `json:"via"`
	Share float64 `json:"share"`
}

// Facets holds the facet counts of a result.
type Facets struct {
	Category []FacetValue `json:"category"`
	// Skills are the skills most often listed by the matching careers
	// (after every filter), with how many list each; selected ones are
	// always included.
	Skills []FacetValue `json:"skills"`
}

// FacetValue is one value of a facet with its count of matching careers.
type FacetValue struct {
	Value    string `json:"value"`
	Count    int    `json:"count"`
	Selected bool   `json:"selected"`
}

// Searcher answers queries against an index of careers.
//
// Search returns EINVALID for a bad query (unknown category, page or size
// out of range) and EUNAVAILABLE when no index is open. Career returns
// ENOTFOUND for an unknown id.
//
// Suggest returns completions of what the user is typing (EINVALID for an
// overlong q). Similar returns ENOTFOUND for an unknown id.
type Searcher interface {
	Search(ctx context.Context, q Query) (*Result, error)
	Career(ctx context.Context, id string) (*Career, error)
	Categories(ctx context.Context) ([]FacetValue, error)
	Info(ctx context.Context) (IndexInfo, error)
	Suggest(ctx context.Context, q string, n int) ([]Suggestion, error)
	Similar(ctx context.Context, id string, n int) ([]SimilarCareer, error)
}

// SimilarCareer is a career ranked by what it shares with another.
type SimilarCareer struct {
	ID       string  `json:"id"`
	Title    string  `json:"title"`
	Category string  `json:"category"`
	Score    float64 `json:"score"`
	// Curated is true for careers the corpus lists as related; they come
	// first, in the corpus's order.
	Curated bool `json:"curated"`
	// Shared lists the most telling words the two careers have in common.
	Shared []string `json:"shared"`
}

// Limits bound what a single query may ask for.
type Limits struct {
	DefaultSize    int
	MaxSize        int
	MaxQueryLength int
	MaxPage        int
	// MaxTerms bounds the words of a query (runs of letters and digits);
	// 0 means no bound.
	MaxTerms int
}

// Normalize fills defaults into q and checks it against the limits. It
// returns EINVALID naming the offending parameter.
func (l Limits) Normalize(q Query) (Query, error) {
	if q.Page == 0 {
		q.Page = 1
	}
	if q.Size == 0 {
		q.Size = l.DefaultSize
	}
	if q.Page < 1 {
		return q, Errorf(EINVALID, "page: must be at least 1, got %d", q.Page)
	}
	if q.Size < 1 || q.Size > l.MaxSize {
		return q, Errorf(EINVALID, "size: must be between 1 and %d, got %d", l.MaxSize, q.Size)
	}
	if l.MaxQueryLength > 0 && len([]rune(q.Text)) > l.MaxQueryLength {
		return q, Errorf(EINVALID, "q: longer than %d characters", l.MaxQueryLength)
	}
	if l.MaxTerms > 0 {
		if n := countWords(q.Text); n > l.MaxTerms {
			return q, Errorf(EINVALID, "q: more than %d words (%d)", l.MaxTerms, n)
		}
	}
	if l.MaxPage > 0 && q.Page > l.MaxPage {
		return q, Errorf(EINVALID, "page: must be at most %d, got %d", l.MaxPage, q.Page)
	}
	seen := make(map[string]bool, len(q.Categories))
	cats := q.Categories[:0:0]
	for _, c := range q.Categories {
		if c == "" || seen[c] {
			continue
		}
		seen[c] = true
		cats = append(cats, c)
	}
	q.Categories = cats
	seenSkill := make(map[string]bool, len(q.Skills))
	skills := q.Skills[:0:0]
	for _, s := range q.Skills {
		if len([]rune(s)) > maxSkillLength {
			return q, Errorf(EINVALID, "skill: longer than %d characters", maxSkillLength)
		}
		key := strings.Join(strings.Fields(strings.ToLower(s)), " ")
		if key == "" || seenSkill[key] {
			continue
		}
		seenSkill[key] = true
		skills = append(skills, s)
	}
	if len(skills) > MaxSkills {
		return q, Errorf(EINVALID, "skill: at most %d skills, got %d", MaxSkills, len(skills))
	}
	q.Skills = skills
	return q, nil
}

// MaxSkills bounds the skill filters of one query; maxSkillLength the
// length of one.
const (
	MaxSkills      = 10
	maxSkillLength = 200
)

// countWords counts the runs of letters and digits in s. Unlike a count of
// whitespace-separated words it also counts "a-b-c" as three, which is how
// many terms the index analyses out of it, so it bounds the cost of a query.
func countWords(s string) int {
	n := 0
	in := false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsNumber(r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// ParseParams reads a search from URL parameters: q, category and skill
// (both repeatable), page, size and explain. Errors name the parameter; a
// parameter other than category and skill given twice is an error rather
// than a silent choice.
func ParseParams(p map[string][]string) (Query, error) {
	var q Query
	for _, name := range []string{"q", "page", "size", "explain"} {
		if err := Single(p, name); err != nil {
			return q, err
		}
	}
	if v := p["q"]; len(v) > 0 {
		q.Text = v[0]
	}
	q.Categories = p["category"]
	q.Skills = p["skill"]
	if v := p["explain"]; len(v) > 0 {
		switch v[0] {
		case "true", "1":
			q.Explain = true
		case "false", "0", "":
		default:
			return q, Errorf(EINVALID, "explain: %s is not true or false", Quote(v[0]))
		}
	}
	for _, name := range []string{"page", "size"} {
		v := p[name]
		if len(v) == 0 || v[0] == "" {
			continue
		}
		n, err := strconv.Atoi(v[0])
		if err != nil {
			return q, Errorf(EINVALID, "%s: %s is not a whole number", name, Quote(v[0]))
		}
		if n < 1 {
			return q, Errorf(EINVALID, "%s: must be at least 1, got %d", name, n)
		}
		if name == "page" {
			q.Page = n
		} else {
			q.Size = n
		}
	}
	return q, nil
}

// Single returns EINVALID naming the parameter when p gives name more than
// once.
func Single(p map[string][]string, name string) error {
	if n := len(p[name]); n > 1 {
		return Errorf(EINVALID, "%s: given %d times, expected once", name, n)
	}
	return nil
}

// quoteMax is how many characters of a client's value an error message
// repeats: enough to recognise it, not enough to echo a 60 KB parameter.
const quoteMax = 40

// Quote quotes a client's value for an error message, cut to its first
// quoteMax characters (with its length) when it is longer.
func Quote(v string) string {
	r := []rune(v)
	if len(r) <= quoteMax {
		return strconv.Quote(v)
	}
	return fmt.Sprintf("%s… (%d characters)", strconv.Quote(string(r[:quoteMax])), len(r))
}
