package web

import (
	"html/template"
	"strconv"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

func TestSafeFragment(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"AsTheIndexWritesIt", "the <mark>prompt</mark> &amp; its &lt;tests&gt; &#39;x&#39;", "the <mark>prompt</mark> &amp; its &lt;tests&gt; &#39;x&#39;"},
		{"PlainText", "no marks here", "no marks here"},
		{"ScriptTag", "<script>alert(1)</script>", "&lt;script&gt;alert(1)&lt;/script&gt;"},
		{"ImageTag", `<img src=x onerror="alert(1)">`, "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;"},
		{"MarkWithAttributes", `<mark onclick="x">a</mark>`, "&lt;mark onclick=&#34;x&#34;&gt;a"},
		{"UnclosedMark", "<mark>a", "<mark>a</mark>"},
		{"StrayClose", "a</mark>b", "ab"},
		{"NestedMarks", "<mark><mark>a</mark></mark>", "<mark>a</mark>"},
		{"UppercaseMark", "<MARK>a</MARK>", "&lt;MARK&gt;a&lt;/MARK&gt;"},
		{"EscapedTagStaysText", "&lt;script&gt;", "&lt;script&gt;"},
		{"NumericEntityOfTag", "&#60;b&#62;", "&lt;b&gt;"},
		{"BareAmpersand", "R&D", "R&amp;D"},
		{"LoneBracket", "a < b > c", "a &lt; b &gt; c"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(safeFragment(tc.in)); got != tc.want {
				t.Errorf("safeFragment(%q)\n got %q\nwant %q", tc.in, got, tc.want)
			}
		})
	}
}

// FuzzSafeFragment checks the invariant the page relies on: whatever the
// index returns, the output holds no markup but <mark> and </mark>, which
// open and close in turn.
func FuzzSafeFragment(f *testing.F) {
	for _, s := range []string{"a <mark>b</mark> c", "<script>", "<mark><mark>", "</mark>", "&lt;&#x3c;", "<<mark>>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		out := string(safeFragment(s))
		open := false
		rest := out
		for rest != "" {
			switch {
			case strings.HasPrefix(rest, markOpen):
				if open {
					t.Fatalf("nested <mark> in %q", out)
				}
				open = true
				rest = rest[len(markOpen):]
			case strings.HasPrefix(rest, markClose):
				if !open {
					t.Fatalf("</mark> without <mark> in %q", out)
				}
				open = false
				rest = rest[len(markClose):]
			case rest[0] == '<' || rest[0] == '>' || rest[0] == '"' || rest[0] == '\'':
				t.Fatalf("unescaped %q in %q (from %q)", rest[0], out, s)
			default:
				rest = rest[1:]
			}
		}
		if open {
			t.Fatalf("unclosed <mark> in %q", out)
		}
	})
}

func TestPlainText(t *testing.T) {
	if got := plainText(safeFragment("AI <mark>Data</mark> &amp; <mark>Privacy</mark>")); got != "AI Data & Privacy" {
		t.Errorf("plainText = %q", got)
	}
}

func TestMarkTerms(t *testing.T) {
	for _, tc := range []struct{ query, text, want string }{
		{"testing", "Tests, tested & testing <ok>", "<mark>Tests</mark>, <mark>tested</mark> &amp; <mark>testing</mark> &lt;ok&gt;"},
		{"the data", "the data of the model", "the <mark>data</mark> of the model"},
		{"engineer's", "an engineer's job", "an <mark>engineer</mark>&#39;s job"},
		{"", "nothing <b>", "nothing &lt;b&gt;"},
		{"ML", "ML and ml", "<mark>ML</mark> and <mark>ml</mark>"},
		{"café", "Café culture", "<mark>Café</mark> culture"},
		// The index's stem splits: "animals" is not "animated", "like" not
		// "likely".
		{"I like animals", "Animated films are likely to please animal lovers who like them",
			"Animated films are likely to please <mark>animal</mark> lovers who <mark>like</mark> them"},
	} {
		got := string(queryTerms(tc.query).mark(tc.text))
		if got != tc.want {
			t.Errorf("query %q on %q\n got %q\nwant %q", tc.query, tc.text, got, tc.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	got := queryTerms("").paragraphs("one\n\n two \n\n\n\nthree")
	want := []template.HTML{"one", "two", "three"}
	if len(got) != len(want) {
		t.Fatalf("paragraphs = %q", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("paragraph %d = %q, want %q", i, got[i], want[i])
		}
	}
}

func TestPageNumbers(t *testing.T) {
	for _, tc := range []struct {
		page, last int
		want       string
	}{
		{1, 1, "1"},
		{1, 3, "1 2 3"},
		{1, 10, "1 2 3 … 10"},
		{6, 20, "1 … 4 5 6 7 8 … 20"},
		{4, 8, "1 2 3 4 5 6 7 8"},
		{20, 20, "1 … 18 19 20"},
		{5, 20, "1 2 3 4 5 6 7 … 20"},
	} {
		var parts []string
		for _, n := range pageNumbers(tc.page, tc.last) {
			if n == 0 {
				parts = append(parts, "…")
			} else {
				parts = append(parts, strconv.Itoa(n))
			}
		}
		if got := strings.Join(parts, " "); got != tc.want {
			t.Errorf("pageNumbers(%d, %d) = %s, want %s", tc.page, tc.last, got, tc.want)
		}
	}
}

func TestSearchURL(t *testing.T) {
	for _, tc := range []struct {
		u    searchURL
		want string
	}{
		{searchURL{}, "/"},
		{searchURL{Page: 1}, "/"},
		{searchURL{Text: "a b&c", Categories: []string{"X & Y", "Z"}, Page: 3, Size: 5}, "/?q=a+b%26c&category=X+%26+Y&category=Z&page=3&size=5"},
	} {
		if got := tc.u.String(); got != tc.want {
			t.Errorf("%+v: %s, want %s", tc.u, got, tc.want)
		}
	}
	if got := careerURL("prompt-engineer", " a b "); got != "/careers/prompt-engineer?q=a+b" {
		t.Errorf("careerURL = %s", got)
	}
}

func TestHeading(t *testing.T) {
	for _, tc := range []struct {
		total uint64
		text  string
		cats  int
		want  string
	}{
		{23, "", 0, "All careers"},
		{8, "", 1, "8 careers in 1 category"},
		{0, "", 2, "No careers in 2 categories"},
		{1, "x", 0, "1 career matches “x”"},
		{0, "x", 0, "No careers match “x”"},
		{12, "data", 2, "12 careers match “data” in 2 categories"},
	} {
		if got := heading(tc.total, tc.text, tc.cats); got != tc.want {
			t.Errorf("heading(%d, %q, %d) = %q, want %q", tc.total, tc.text, tc.cats, got, tc.want)
		}
	}
}

func TestFacets(t *testing.T) {
	all := []career.FacetValue{{Value: "B", Count: 5}, {Value: "A", Count: 9}, {Value: "C", Count: 1}}
	counts := []career.FacetValue{{Value: "B", Count: 2}, {Value: "D", Count: 1}}
	got := facets(all, counts, []string{"C", "E"})
	want := []facetView{{"A", 0, false}, {"B", 2, false}, {"C", 0, true}, {"D", 1, false}, {"E", 0, true}}
	if len(got) != len(want) {
		t.Fatalf("facets = %+v", got)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("facet %d = %+v, want %+v", i, got[i], want[i])
		}
	}
}
