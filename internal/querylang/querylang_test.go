package querylang

import (
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/careersearch/careers/internal/career"
)

// fields are the public text fields, as the Bleve adapter passes them.
var fields = career.TextFields

func word(text string, pos int) Clause { return Clause{Text: text, Pos: pos} }

func phrase(text string, pos int) Clause { return Clause{Text: text, Phrase: true, Pos: pos} }

func must(c Clause) Clause    { c.Occur = Must; return c }
func mustNot(c Clause) Clause { c.Occur = MustNot; return c }

func in(field string, c Clause) Clause { c.Field = field; return c }

type parseTest struct {
	name string
	in   string
	want []Clause // nil for no clauses
	err  string   // the whole message when Parse must fail
}

var parseTests = []parseTest{
	// Plain words.
	{name: "Empty", in: ""},
	{name: "OnlySpace", in: " \t\n "},
	{name: "Words", in: "machine learning", want: []Clause{word("machine", 1), word("learning", 9)}},
	{name: "AnyWhiteSpaceSeparates", in: " a\tb\nc\u00a0d ", want: []Clause{word("a", 2), word("b", 4), word("c", 6), word("d", 8)}},
	{name: "NonASCIIPositionsCountRunes", in: "médecin généraliste", want: []Clause{word("médecin", 1), word("généraliste", 9)}},

	// Phrases.
	{name: "Phrase", in: `"risk assessment"`, want: []Clause{phrase("risk assessment", 1)}},
	{name: "PhraseSpaceCollapsed", in: "\" risk \t assessment \"", want: []Clause{phrase("risk assessment", 1)}},
	{name: "PhraseOneWord", in: `nurse "icu"`, want: []Clause{word("nurse", 1), phrase("icu", 7)}},
	{name: "PhraseEndsTerm", in: `"a b"c`, want: []Clause{phrase("a b", 1), word("c", 6)}},
	{name: "PhraseThenOperator", in: `"a b"-c`, want: []Clause{phrase("a b", 1), mustNot(word("c", 6))}},
	{name: "TwoPhrasesTouching", in: `"a""b"`, want: []Clause{phrase("a", 1), phrase("b", 4)}},
	{name: "QuoteInsideWordIsText", in: `12" screen`, want: []Clause{word(`12"`, 1), word("screen", 5)}},
	{name: "QuotesInsideWordAreText", in: `foo"bar baz"`, want: []Clause{word(`foo"bar`, 1), word(`baz"`, 9)}},
	{name: "PhraseWithPunctuation", in: `"C++ / AI-ML"`, want: []Clause{phrase("C++ / AI-ML", 1)}},

	// Operators.
	{name: "Exclude", in: "engineer -manager", want: []Clause{word("engineer", 1), mustNot(word("manager", 10))}},
	{name: "ExcludePhrase", in: `-"project manager" engineer`, want: []Clause{mustNot(phrase("project manager", 1)), word("engineer", 20)}},
	{name: "Require", in: "+python data", want: []Clause{must(word("python", 1)), word("data", 9)}},
	{name: "RequireOnly", in: "+python", want: []Clause{must(word("python", 1))}},
	{name: "RequirePhrase", in: `+"machine learning"`, want: []Clause{must(phrase("machine learning", 1))}},
	{name: "RequireAndExclude", in: "-sales +python", want: []Clause{mustNot(word("sales", 1)), must(word("python", 8))}},
	{name: "ExcludeNumber", in: "windows -3", want: []Clause{word("windows", 1), mustNot(word("3", 9))}},
	{name: "ExcludeLeadingPunctuation", in: "dev -.net", want: []Clause{word("dev", 1), mustNot(word(".net", 5))}},
	{name: "ExcludePunctuatedWord", in: "dev -AI/ML", want: []Clause{word("dev", 1), mustNot(word("AI/ML", 5))}},

	// Lone and doubled operators are text.
	{name: "LoneMinus", in: "x - y", want: []Clause{word("x", 1), word("-", 3), word("y", 5)}},
	{name: "LonePlus", in: "x + y", want: []Clause{word("x", 1), word("+", 3), word("y", 5)}},
	{name: "MinusAtEnd", in: "x -", want: []Clause{word("x", 1), word("-", 3)}},
	{name: "PlusAtEnd", in: "x +", want: []Clause{word("x", 1), word("+", 3)}},
	{name: "OnlyMinus", in: "-", want: []Clause{word("-", 1)}},
	{name: "PlusMinus", in: "+/- tolerance", want: []Clause{word("+/-", 1), word("tolerance", 5)}},
	{name: "Arrow", in: "a -> b", want: []Clause{word("a", 1), word("->", 3), word("b", 6)}},
	{name: "DoubleDash", in: "--verbose", want: []Clause{word("--verbose", 1)}},
	{name: "PlusPlus", in: "++i", want: []Clause{word("++i", 1)}},
	{name: "MinusPlus", in: "-+x", want: []Clause{word("-+x", 1)}},

	// Punctuation inside words.
	{name: "Slash", in: "AI/ML engineer", want: []Clause{word("AI/ML", 1), word("engineer", 7)}},
	{name: "CPlusPlus", in: "C++ developer", want: []Clause{word("C++", 1), word("developer", 5)}},
	{name: "Hyphen", in: "x-ray technician", want: []Clause{word("x-ray", 1), word("technician", 7)}},
	{name: "Dot", in: "node.js", want: []Clause{word("node.js", 1)}},
	{name: "EMail", in: "e-mail marketing", want: []Clause{word("e-mail", 1), word("marketing", 8)}},
	{name: "DigitLetter", in: "3D artist", want: []Clause{word("3D", 1), word("artist", 4)}},
	{name: "Apostrophe", in: "don't", want: []Clause{word("don't", 1)}},
	{name: "CSharp", in: "C# .NET", want: []Clause{word("C#", 1), word(".NET", 4)}},

	// Fields.
	{name: "FieldWord", in: "title:engineer", want: []Clause{in("title", word("engineer", 1))}},
	{name: "FieldCaseInsensitive", in: "Title:Engineer", want: []Clause{in("title", word("Engineer", 1))}},
	{name: "FieldPhrase", in: `duties:"patient care"`, want: []Clause{in("duties", phrase("patient care", 1))}},
	{name: "FieldExcluded", in: "nurse -workplace:onsite", want: []Clause{word("nurse", 1), mustNot(in("workplace", word("onsite", 7)))}},
	{name: "FieldRequired", in: "+title:engineer", want: []Clause{must(in("title", word("engineer", 1)))}},
	{name: "FieldRequiredPhrase", in: `+title:"data engineer"`, want: []Clause{must(in("title", phrase("data engineer", 1)))}},
	{name: "FieldEveryName", in: "aliases:a summary:b specialisations:c", want: []Clause{in("aliases", word("a", 1)), in("summary", word("b", 11)), in("specialisations", word("c", 21))}},
	{name: "FieldValueKeepsColons", in: "title::x summary:a:b", want: []Clause{in("title", word(":x", 1)), in("summary", word("a:b", 10))}},
	{name: "FieldValueKeepsOperators", in: "title:-x", want: []Clause{in("title", word("-x", 1))}},
	{name: "FieldValueKeepsQuotes", in: `title:x"y`, want: []Clause{in("title", word(`x"y`, 1))}},

	// Colons that are not fields.
	{name: "Ratio", in: "ratio 3:1", want: []Clause{word("ratio", 1), word("3:1", 7)}},
	{name: "URL", in: "http://x", want: []Clause{word("http://x", 1)}},
	{name: "UnknownField", in: "salary:high", want: []Clause{word("salary:high", 1)}},
	{name: "UnknownFieldEmpty", in: "salary: high", want: []Clause{word("salary:", 1), word("high", 9)}},
	{name: "LeadingColon", in: ":title", want: []Clause{word(":title", 1)}},
	{name: "FieldNameAfterPunctuation", in: "--title:x", want: []Clause{word("--title:x", 1)}},
	{name: "CategoryIsNotATextField", in: "category:health", want: []Clause{word("category:health", 1)}},

	// Errors.
	{name: "EmptyPhrase", in: `""`, err: `q: empty phrase "" at position 1`},
	{name: "SpacePhrase", in: `a "  "`, err: `q: empty phrase "" at position 3`},
	{name: "EmptyPhraseRequired", in: `x +""`, err: `q: empty phrase "" at position 4`},
	{name: "FieldNothing", in: "title:", err: "q: title: needs a word or a quoted phrase after it at position 1"},
	{name: "FieldSpace", in: "title: engineer", err: "q: title: needs a word or a quoted phrase after it at position 1"},
	{name: "FieldNothingExcluded", in: "x -title:", err: "q: title: needs a word or a quoted phrase after it at position 4"},
	{name: "FieldNothingSpeltAsList", in: "x DUTIES:", err: "q: duties: needs a word or a quoted phrase after it at position 3"},
	{name: "FieldNothingAfterNonASCII", in: "ingénieur title:", err: "q: title: needs a word or a quoted phrase after it at position 11"},
	{name: "FieldEmptyPhrase", in: `title:""`, err: `q: empty phrase "" at position 7`},
	{name: "OnlyExclusion", in: "-manager", err: "q: a query needs at least one word that is not excluded at position 1"},
	{name: "OnlyExclusions", in: "  -sales -manager", err: "q: a query needs at least one word that is not excluded at position 3"},
	{name: "OnlyExcludedPhrase", in: `-"project manager"`, err: "q: a query needs at least one word that is not excluded at position 1"},
	{name: "OnlyExcludedField", in: "-workplace:onsite", err: "q: a query needs at least one word that is not excluded at position 1"},
	{name: "ExclusionAndPunctuation", in: "- -sales ->", err: "q: a query needs at least one word that is not excluded at position 3"},
	{name: "ExclusionAfterNonASCII", in: "– -sales", err: "q: a query needs at least one word that is not excluded at position 3"},
	{name: "FirstErrorWins", in: `"" "x`, err: `q: empty phrase "" at position 1`},
}

func TestParse(t *testing.T) {
	for _, tt := range parseTests {
		t.Run(tt.name, func(t *testing.T) {
			q, err := Parse(tt.in, fields)
			if tt.err != "" {
				if err == nil {
					t.Fatalf("Parse(%q) = %q, want error %q", tt.in, q.String(), tt.err)
				}
				var e *career.Error
				if !errors.As(err, &e) || e.Code != career.EINVALID {
					t.Fatalf("Parse(%q) error %#v, want a *career.Error with code %s", tt.in, err, career.EINVALID)
				}
				if err.Error() != tt.err {
					t.Fatalf("Parse(%q) error:\n got %s\nwant %s", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%q): %v", tt.in, err)
			}
			if !reflect.DeepEqual(q.Clauses, tt.want) {
				t.Fatalf("Parse(%q):\n got %+v\nwant %+v", tt.in, q.Clauses, tt.want)
			}
		})
	}
}

// sameClauses reports whether a and b have the same clauses, positions aside.
func sameClauses(a, b *Query) bool {
	if len(a.Clauses) != len(b.Clauses) {
		return false
	}
	for i := range a.Clauses {
		x, y := a.Clauses[i], b.Clauses[i]
		x.Pos, y.Pos = 0, 0
		if x != y {
			return false
		}
	}
	return true
}

func TestString(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"  machine   learning ", "machine learning"},
		{"  +Title:\"data \t engineer\"   -x  ", `+title:"data engineer" -x`},
		{`"a b"c`, `"a b" c`},
		{`"a"-b`, `"a" -b`},
		{"WORKPLACE:remote x - y", "workplace:remote x - y"},
		{`foo"bar baz"`, `foo"bar baz"`},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in, fields)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := q.String(); got != tt.want {
			t.Errorf("Parse(%q).String() = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestRoundTrip(t *testing.T) {
	for _, tt := range parseTests {
		if tt.err != "" {
			continue
		}
		checkRoundTrip(t, tt.in)
	}
}

// checkRoundTrip parses s, which must be valid, renders it and parses the
// rendering again: the clauses must be the same and the rendering stable.
func checkRoundTrip(t *testing.T, s string) {
	t.Helper()
	q, err := Parse(s, fields)
	if err != nil {
		t.Fatalf("Parse(%q): %v", s, err)
	}
	rendered := q.String()
	q2, err := Parse(rendered, fields)
	if err != nil {
		t.Fatalf("Parse(%q) (rendered from %q): %v", rendered, s, err)
	}
	if !sameClauses(q, q2) {
		t.Fatalf("round trip of %q through %q:\n got %+v\nwant %+v", s, rendered, q2.Clauses, q.Clauses)
	}
	if again := q2.String(); again != rendered {
		t.Fatalf("rendering of %q is not stable: %q then %q", s, rendered, again)
	}
}

func TestPlainAndHasSyntax(t *testing.T) {
	tests := []struct {
		in     string
		plain  string
		syntax bool
	}{
		{"", "", false},
		{"machine learning", "machine learning", false},
		{"AI/ML C++ x - y 3:1 http://x don't", "AI/ML C++ x - y 3:1 http://x don't", false},
		{`"machine learning"`, "machine learning", true},
		{"+python data", "python data", true},
		{`engineer -manager -"team lead"`, "engineer", true},
		{`title:engineer duties:"patient care"`, "engineer patient care", true},
		{"Salary:high", "Salary:high", false},
	}
	for _, tt := range tests {
		q, err := Parse(tt.in, fields)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.in, err)
		}
		if got := q.Plain(); got != tt.plain {
			t.Errorf("Parse(%q).Plain() = %q, want %q", tt.in, got, tt.plain)
		}
		if got := q.HasSyntax(); got != tt.syntax {
			t.Errorf("Parse(%q).HasSyntax() = %v, want %v", tt.in, got, tt.syntax)
		}
	}
}

func TestNoFields(t *testing.T) {
	q, err := Parse("title:engineer", nil)
	if err != nil {
		t.Fatal(err)
	}
	if want := []Clause{word("title:engineer", 1)}; !reflect.DeepEqual(q.Clauses, want) {
		t.Fatalf("got %+v, want %+v", q.Clauses, want)
	}
}

func TestOccurString(t *testing.T) {
	for o, want := range map[Occur]string{Should: "should", Must: "must", MustNot: "must_not", Occur(9): "unknown"} {
		if got := o.String(); got != want {
			t.Errorf("Occur(%d).String() = %q, want %q", int(o), got, want)
		}
	}
}

var positionRE = regexp.MustCompile(`^q: .+ at position ([0-9]+)$`)

func FuzzParse(f *testing.F) {
	for _, tt := range parseTests {
		f.Add(tt.in)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q, err := Parse(s, fields)
		if err != nil {
			var e *career.Error
			if !errors.As(err, &e) || e.Code != career.EINVALID {
				t.Fatalf("Parse(%q) error %#v, want a *career.Error with code %s", s, err, career.EINVALID)
			}
			m := positionRE.FindStringSubmatch(e.Message)
			if m == nil {
				t.Fatalf("Parse(%q) error %q names no position", s, e.Message)
			}
			pos, _ := strconv.Atoi(m[1])
			if n := utf8.RuneCountInString(s); pos < 1 || pos > n+1 {
				t.Fatalf("Parse(%q) error %q: position outside 1..%d", s, e.Message, n+1)
			}
			return
		}
		n := utf8.RuneCountInString(s)
		for _, c := range q.Clauses {
			if c.Text == "" || c.Pos < 1 || c.Pos > n {
				t.Fatalf("Parse(%q): bad clause %+v", s, c)
			}
		}
		r := []rune(s)
		for _, d := range q.DroppedQuotes {
			if d < 1 || d > n || r[d-1] != '"' {
				t.Fatalf("Parse(%q): dropped quote at %d, where there is none", s, d)
			}
		}
		checkRoundTrip(t, s)
	})
}

func ExampleParse() {
	q, err := Parse(`+title:"data engineer" python -workplace:onsite`, career.TextFields)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range q.Clauses {
		fmt.Printf("%-8s %-6q %q phrase=%v at %d\n", c.Occur, c.Field, c.Text, c.Phrase, c.Pos)
	}
	fmt.Println(q.Plain())
	fmt.Println(q.String())

	q, err = Parse(`nurse "intensive care`, career.TextFields)
	fmt.Println(q, q.DroppedQuotes, err)
	// Output:
	// must     "title" "data engineer" phrase=true at 1
	// should   ""     "python" phrase=false at 24
	// must_not "workplace" "onsite" phrase=false at 31
	// data engineer python
	// +title:"data engineer" python -workplace:onsite
	// nurse intensive care [7] <nil>
}

// TestErrorsAreEINVALID guards the contract the HTTP layer relies on: every
// failure maps to 400 through career.ErrorCode.
func TestErrorsAreEINVALID(t *testing.T) {
	for _, tt := range parseTests {
		if tt.err == "" {
			continue
		}
		_, err := Parse(tt.in, fields)
		if got := career.ErrorCode(err); got != career.EINVALID {
			t.Errorf("Parse(%q): code %s, want %s", tt.in, got, career.EINVALID)
		}
		if !strings.HasPrefix(career.ErrorMessage(err), "q: ") {
			t.Errorf("Parse(%q): message %q does not name q", tt.in, career.ErrorMessage(err))
		}
	}
}

// TestUnclosedQuote: a quote that nothing closes is dropped and its words
// searched as words, with where it was.
func TestUnclosedQuote(t *testing.T) {
	for _, tt := range []struct {
		in      string
		want    []Clause
		dropped []int
	}{
		{`"risk assessment`, []Clause{word("risk", 2), word("assessment", 7)}, []int{1}},
		{`nurse "icu`, []Clause{word("nurse", 1), word("icu", 8)}, []int{7}},
		{`x " y`, []Clause{word("x", 1), word("y", 5)}, []int{3}},
		{`"a" "b`, []Clause{phrase("a", 1), word("b", 6)}, []int{5}},
		{`café "x`, []Clause{word("café", 1), word("x", 7)}, []int{6}},
		{`日本語 "x`, []Clause{word("日本語", 1), word("x", 6)}, []int{5}},
		{`title:"data`, []Clause{in("title", word("data", 1))}, []int{7}},
		// An excluded phrase left open excludes its first word.
		{`x -"y`, []Clause{word("x", 1), mustNot(word("y", 3))}, []int{4}},
		// Positions after a dropped quote are still those typed.
		{`"x title:`, nil, nil},
		{`"a "b "c`, []Clause{phrase("a", 1), word("b", 5), word("c", 8)}, []int{7}},
	} {
		q, err := Parse(tt.in, fields)
		if tt.want == nil {
			if err == nil || !strings.Contains(err.Error(), `title: needs a word or a quoted phrase after it at position 4`) {
				t.Errorf("Parse(%q): %v, want the field error at position 4, as typed", tt.in, err)
			}
			continue
		}
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.in, err)
			continue
		}
		if !reflect.DeepEqual(tt.want, q.Clauses) {
			t.Errorf("Parse(%q) clauses %+v, want %+v", tt.in, q.Clauses, tt.want)
		}
		if !slices.Equal(q.DroppedQuotes, tt.dropped) {
			t.Errorf("Parse(%q) dropped quotes %v, want %v", tt.in, q.DroppedQuotes, tt.dropped)
		}
	}
	// Only a quote that opens nothing is an error of its own kind: an
	// empty phrase still is one.
	if _, err := Parse(`"" "x`, fields); err == nil || !strings.Contains(err.Error(), `empty phrase`) {
		t.Errorf(`Parse("\"\" \"x"): %v, want the empty phrase error`, err)
	}
}
