package httpapi_test

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/httpapi"
)

// generous bounds a single pathological request: far above what any takes
// (milliseconds), low enough to catch one that runs away. It is not a
// speed target.
const generous = 20 * time.Second

// TestPathologicalQueries sends hostile input through the real router and
// a real index with the shipped limits, and wants every answer quick and
// clean: 200 with a well-formed result, or the JSON error naming what was
// wrong, never a 500 or a hang.
func TestPathologicalQueries(t *testing.T) {
	opts := bleveindex.DefaultOptions()
	opts.Limits = career.Limits{DefaultSize: 10, MaxSize: 100, MaxQueryLength: 500, MaxPage: 1000, MaxTerms: 32}
	e := httpapi.New(newLive(t, opts), quietLog, httpapi.Options{RequestTimeout: 5 * time.Second, MaxBodyBytes: 1 << 16})

	words := func(n int, f func(i int) string) string {
		w := make([]string, n)
		for i := range w {
			w[i] = f(i)
		}
		return strings.Join(w, " ")
	}
	tenKB := strings.Repeat("data", 2560)
	tests := []struct {
		name    string
		q       url.Values
		status  int
		message string // fragment of the error message
	}{
		{"HundredsOfTerms", url.Values{"q": {words(240, func(i int) string { return string(rune('a' + i%26)) })}}, 400, "q: more than 32 words (240)"},
		{"HyphenatedTermsCountAsWords", url.Values{"q": {words(1, func(int) string { return strings.Repeat("ab-", 40) })}}, 400, "q: more than 32 words (40)"},
		{"AtTheTermLimit", url.Values{"q": {words(32, func(i int) string { return fmt.Sprintf("data%d", i) })}}, 200, ""},
		{"TenKilobytes", url.Values{"q": {tenKB}}, 400, "q: longer than 500 characters"},
		{"TenKilobyteCategory", url.Values{"category": {tenKB}}, 400, "category: unknown category"},
		{"ThousandCategories", url.Values{"category": repeat("Data Roles", 1000)}, 200, ""},
		{"DeepestPage", url.Values{"page": {"1000"}, "size": {"100"}}, 200, ""},
		{"DeepestPageWithText", url.Values{"q": {"data"}, "page": {"1000"}, "size": {"100"}}, 200, ""},
		{"PastDeepestPage", url.Values{"q": {"data"}, "page": {"1001"}}, 400, "page: must be at most 1000"},
		{"HugePageNumber", url.Values{"page": {"99999999999999999999999"}}, 400, "page: \"99999999999999999999999\" is not a whole number"},
		{"NegativeSize", url.Values{"size": {"-5"}}, 400, "size: must be at least 1"},
		{"PrefixWildcard", url.Values{"q": {"a*"}}, 200, ""},
		{"OnlyWildcards", url.Values{"q": {"* ? *?* **"}}, 200, ""},
		{"WildcardsEverywhere", url.Values{"q": {words(30, func(i int) string { return fmt.Sprintf("%c*", 'a'+i%26) })}}, 200, ""},
		{"FuzzyAndRegexpSyntax", url.Values{"q": {`data~2 /.*/ title:ai +must -not "closed"`}}, 200, ""},
		{"QueryStringOperators", url.Values{"q": {`+-&&||!(){}[]^"~*?:\/`}}, 200, ""},
		{"NulAndControls", url.Values{"q": {"data\x00\x01\x1b[31m"}}, 200, ""},
		{"InvalidUTF8", url.Values{"q": {"data \xff\xfe imaging"}}, 200, ""},
		{"LongSingleWord", url.Values{"q": {strings.Repeat("x", 500)}}, 200, ""},
		{"OnlyPunctuation", url.Values{"q": {strings.Repeat("!?.,;", 100)}}, 200, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			start := time.Now()
			rec := do(e, "GET", "/api/search?"+tt.q.Encode(), nil)
			if took := time.Since(start); took > generous {
				t.Errorf("took %s", took)
			}
			if rec.Code != tt.status {
				t.Fatalf("status %d, want %d: %.300s", rec.Code, tt.status, rec.Body)
			}
			if tt.status != 200 {
				if ej := decodeError(t, rec); ej.Error.Code != "invalid_argument" || !strings.Contains(ej.Error.Message, tt.message) {
					t.Errorf("error %+v, want %q", ej.Error, tt.message)
				}
				return
			}
			var res career.Result
			dec := json.NewDecoder(strings.NewReader(rec.Body.String()))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&res); err != nil || res.Hits == nil || res.Facets.Category == nil {
				t.Errorf("not a clean result (%v): %.300s", err, rec.Body)
			}
		})
	}
}

// TestTermSearcherBackstop takes the query limits away and sends a query
// of thousands of distinct words: Bleve's own fan-out bound
// (bleveindex.MaxTermSearchers) must refuse it with 400, not run it or
// answer 500.
func TestTermSearcherBackstop(t *testing.T) {
	opts := bleveindex.DefaultOptions()
	opts.Limits = career.Limits{DefaultSize: 10, MaxSize: 100}
	e := httpapi.New(newLive(t, opts), quietLog, httpapi.Options{})
	var b strings.Builder
	for i := range 3000 {
		fmt.Fprintf(&b, "term%d ", i)
	}
	start := time.Now()
	rec := do(e, "GET", "/api/search?"+url.Values{"q": {b.String()}}.Encode(), nil)
	if took := time.Since(start); took > generous {
		t.Errorf("took %s", took)
	}
	if rec.Code != 400 {
		t.Fatalf("status %d: %.300s", rec.Code, rec.Body)
	}
	if ej := decodeError(t, rec); !strings.Contains(ej.Error.Message, "too many terms") {
		t.Errorf("error %+v", ej.Error)
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}
