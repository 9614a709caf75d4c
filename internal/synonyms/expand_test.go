package synonyms

import (
	"fmt"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// render writes alternatives compactly: "0-2 work from home (WFH)", with
// "!" after a phrase that is an acronym and after a matched acronym.
func render(alts []Alternative) []string {
	var out []string
	for _, a := range alts {
		s := fmt.Sprintf("%d-%d %s", a.Start, a.End, a.Phrase)
		if a.Acronym {
			s += "!"
		}
		s += " (" + a.Matched
		if a.MatchedAcronym {
			s += "!"
		}
		out = append(out, s+")")
	}
	return out
}

func TestExpand(t *testing.T) {
	set := mustLoad(t, "testdata/small.txt")
	tests := []struct {
		name  string
		words []string
		want  []string
	}{
		{"NoMatch", []string{"nurse"}, nil},
		{"Empty", nil, nil},
		{"MultiWordEntry", []string{"work", "from", "home", "jobs"}, []string{
			"0-3 remote work (work from home)",
			"0-3 wfh! (work from home)",
			"0-3 telework (work from home)",
		}},
		{"AcronymAnyCase", []string{"wfh"}, []string{
			"0-1 remote work (WFH!)",
			"0-1 work from home (WFH!)",
			"0-1 telework (WFH!)",
		}},
		{"LongestMatchWins", []string{"Machine", "Learning", "Operations"}, []string{
			"0-3 mlops! (machine learning operations)",
		}},
		{"ShorterMatchWhenLongerIsIncomplete", []string{"machine", "learning", "engineer"}, []string{
			"0-2 ml! (machine learning)",
		}},
		{"OverlapLeftmostWins", []string{"a", "b", "c"}, []string{"0-2 alpha (a b)"}},
		{"NonOverlappingBothCount", []string{"ml", "developer"}, []string{
			"0-1 machine learning (ML!)",
			"1-2 programmer (developer)",
		}},
		{"HyphenatedWordAsOne", []string{"x-ray", "tech"}, []string{
			"0-1 xray (x-ray)",
			"0-1 radiograph (x-ray)",
		}},
		{"HyphenatedWordAsTwo", []string{"x", "ray"}, []string{
			"0-2 xray (x-ray)",
			"0-2 radiograph (x-ray)",
		}},
		{"OneWordEntryAgainstHyphen", []string{"xray"}, []string{
			"0-1 x ray (xray)",
			"0-1 radiograph (xray)",
		}},
		{"MatchCoversWholeWordsOnly", []string{"ci/cd-pipeline"}, nil},
		{"SlashAcronym", []string{"CI/CD"}, []string{"0-1 cicd! (CI/CD!)"}},
		{"PunctuationWordsAreSkipped", []string{"remote", "-", "work"}, []string{
			"0-3 work from home (remote work)",
			"0-3 wfh! (remote work)",
			"0-3 telework (remote work)",
		}},
		{"Possessive", []string{"bachelor's", "degree"}, []string{"0-2 undergraduate degree (bachelor's degree)"}},
		{"PluralOfWord", []string{"software", "developers"}, []string{"1-2 programmer (developer)"}},
		{"PluralIes", []string{"secretaries"}, []string{"0-1 administrative assistant (secretary)"}},
		{"PluralMen", []string{"salesmen"}, []string{"0-1 salesperson (salesman)"}},
		{"PluralOnlyOnLastWord", []string{"machines", "learning"}, nil},
		{"AcronymPlural", []string{"LLMs"}, []string{"0-1 large language model (LLM!)"}},
		{"AcronymPluralLowerCase", []string{"llms"}, []string{"0-1 large language model (LLM!)"}},
		{"ShortAcronymPluralInCapitals", []string{"ITs", "support"}, []string{"0-1 information technology (IT!)"}},
		{"ShortAcronymPluralLowerCaseIsAWord", []string{"its", "support"}, nil},
		{"ContextGuardWithout", []string{"cv"}, nil},
		{"ContextGuardOtherSense", []string{"cv", "writer"}, nil},
		{"ContextGuardMet", []string{"CV", "for", "AI"}, []string{"0-1 computer vision (CV!)"}},
		{"ContextGuardMultiWordTerm", []string{"cv", "and", "machine", "learning"}, []string{
			"0-1 computer vision (CV!)",
			"2-4 ml! (machine learning)",
		}},
		{"ContextGuardPluralTerm", []string{"cv", "images"}, []string{"0-1 computer vision (CV!)"}},
		{"ContextGuardBothWays", []string{"computer", "vision", "ai"}, []string{"0-2 cv! (computer vision)"}},
		{"ContextGuardNotSatisfiedInsideMatch", []string{"computer", "vision"}, nil},
		{"ContextGuardIT", []string{"it", "manager"}, []string{"0-1 information technology (IT!)"}},
		{"ContextGuardITStopWord", []string{"what", "is", "it", "like"}, nil},
		{"OneWay", []string{"pr", "manager"}, []string{"0-1 public relations (PR!)"}},
		{"OneWayNotBack", []string{"public", "relations"}, nil},
		{"TwoGroupsSameSpan", []string{"md", "company"}, []string{
			"0-1 managing director (MD!)",
			"0-1 medical doctor (MD!)",
		}},
		{"TwoGroupsOneContext", []string{"MD", "hospital"}, []string{"0-1 medical doctor (MD!)"}},
		{"Accents", []string{"Télétravail"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			alts := set.Expand(tt.words)
			if diff := cmp.Diff(tt.want, render(alts)); diff != "" {
				t.Errorf("Expand(%q) (-want +got):\n%s", tt.words, diff)
			}
			checkAlternatives(t, tt.words, alts)
		})
	}
}

func TestExpandLine(t *testing.T) {
	set := mustLoad(t, "testdata/small.txt")
	alts := set.Expand([]string{"LLM"})
	if len(alts) != 1 || alts[0].Line != 5 {
		t.Errorf("Expand(LLM) = %+v, want one alternative from line 5", alts)
	}
}

func TestNilSet(t *testing.T) {
	var s *Set
	if s.Expand([]string{"nlp"}) != nil || s.IsAcronym("NLP") || s.Len() != 0 || s.Name() != "" {
		t.Error("a nil Set is not empty")
	}
}

func TestAcronym(t *testing.T) {
	set := mustLoad(t, "testdata/small.txt")
	tests := []struct {
		word string
		base string
		ok   bool
	}{
		{"LLM", "llm", true},
		{"llm", "llm", true},
		{"LLMs", "llm", true},
		{"llms", "llm", true},
		{"LLM's", "llm", true},
		{"MLOps", "mlops", true},
		{"mlops", "mlops", true},
		{"IT", "it", true},
		{"ITs", "it", true},
		{"its", "", false},
		{"Its", "", false},
		{"CVs", "cv", true},
		{"cvs", "", false},
		{"ci", "ci", true}, // a word of the acronym CI/CD
		{"CI/CD", "", false},
		{"developer", "", false},
		{"", "", false},
		{"x-ray", "", false},
	}
	for _, tt := range tests {
		base, ok := set.Acronym(tt.word)
		if base != tt.base || ok != tt.ok {
			t.Errorf("Acronym(%q) = %q, %v, want %q, %v", tt.word, base, ok, tt.base, tt.ok)
		}
		if set.IsAcronym(tt.word) != tt.ok {
			t.Errorf("IsAcronym(%q) = %v", tt.word, !tt.ok)
		}
	}
}

func TestWords(t *testing.T) {
	for in, want := range map[string][]string{
		"X-Ray technician's": {"X", "Ray", "technician"},
		"CI/CD, LLMs":        {"CI", "CD", "LLMs"},
		"  o'Brien  ":        {"oBrien"},
		"Résumé writer":      {"Résumé", "writer"},
		"---":                {},
	} {
		got := Words(in)
		if diff := cmp.Diff(want, got); diff != "" {
			t.Errorf("Words(%q) (-want +got):\n%s", in, diff)
		}
	}
}

func TestNormalisation(t *testing.T) {
	set, err := Parse("t.txt", strings.NewReader("resume, curriculum vitae\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := render(set.Expand(Words("Résumé")))
	if diff := cmp.Diff([]string{"0-1 curriculum vitae (resume)"}, got); diff != "" {
		t.Errorf("accented query (-want +got):\n%s", diff)
	}
}

// checkAlternatives checks the invariants of Expand's result: spans within
// the words, matched spans that do not overlap unless identical, and no
// phrase repeated for the same span.
func checkAlternatives(t *testing.T, words []string, alts []Alternative) {
	t.Helper()
	type span struct{ start, end int }
	seen := map[span]map[string]bool{}
	for _, a := range alts {
		if a.Start < 0 || a.End > len(words) || a.Start >= a.End {
			t.Fatalf("span %d-%d outside %d words", a.Start, a.End, len(words))
		}
		if a.Phrase == "" || a.Matched == "" || a.Line < 1 {
			t.Fatalf("incomplete alternative %+v", a)
		}
		s := span{a.Start, a.End}
		for o := range seen {
			if o != s && o.start < s.end && s.start < o.end {
				t.Fatalf("spans %v and %v overlap", o, s)
			}
		}
		if seen[s] == nil {
			seen[s] = map[string]bool{}
		}
		if seen[s][a.Phrase] {
			t.Fatalf("phrase %q twice for %v", a.Phrase, s)
		}
		seen[s][a.Phrase] = true
	}
}

func FuzzExpand(f *testing.F) {
	set := mustLoad(f, "../../config/synonyms.txt")
	for _, q := range []string{"CV engineer AI", "x-ray technicians", "LLMs and MLOps", "it support", "ITs"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		words := strings.Fields(q)
		checkAlternatives(t, words, set.Expand(words))
		words = Words(q)
		checkAlternatives(t, words, set.Expand(words))
		for _, w := range words {
			if base, ok := set.Acronym(w); ok && !set.acronyms[base] {
				t.Fatalf("Acronym(%q) = %q, not an acronym of the file", w, base)
			}
		}
	})
}

func ExampleSet_Expand() {
	set, _ := Parse("example.txt", strings.NewReader(`
remote work, work from home, WFH
CV, computer vision @context: AI, machine learning
`))
	for _, q := range []string{"WFH data analyst", "CV for AI startups", "CV writing"} {
		fmt.Printf("%s:\n", q)
		for _, a := range set.Expand(Words(q)) {
			fmt.Printf("  words %d-%d also as %q (via %s)\n", a.Start, a.End, a.Phrase, a.Matched)
		}
	}
	// Output:
	// WFH data analyst:
	//   words 0-1 also as "remote work" (via WFH)
	//   words 0-1 also as "work from home" (via WFH)
	// CV for AI startups:
	//   words 0-1 also as "computer vision" (via CV)
	// CV writing:
}

func BenchmarkExpand(b *testing.B) {
	set := mustLoad(b, "../../config/synonyms.txt")
	words := Words("senior machine learning engineer for CV and NLP models, remote work from home, x-ray")
	b.ReportAllocs()
	for b.Loop() {
		set.Expand(words)
	}
}

// An @instead rule's alternatives say so, and the first replacement is
// the one its words are searched as; the marker may come before or after
// a context.
func TestExpandInstead(t *testing.T) {
	set, err := Parse("t.txt", strings.NewReader("grease monkey => mechanic, auto mechanic @instead\nown boss => self-employed @context: be, my @instead\ncar => vehicle\n"))
	if err != nil {
		t.Fatal(err)
	}
	got := set.Expand(Words("grease monkey car"))
	want := []Alternative{
		{Start: 0, End: 2, Phrase: "mechanic", Matched: "grease monkey", Line: 1, Instead: true, First: true},
		{Start: 0, End: 2, Phrase: "auto mechanic", Matched: "grease monkey", Line: 1, Instead: true},
		{Start: 2, End: 3, Phrase: "vehicle", Matched: "car", Line: 3},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Expand (-want +got):\n%s", diff)
	}
	if got := set.Expand(Words("be my own boss")); len(got) != 1 || !got[0].Instead || !got[0].First {
		t.Errorf("own boss in context: %+v", got)
	}
	if got := set.Expand(Words("own boss")); len(got) != 0 {
		t.Errorf("own boss without its context: %+v", got)
	}
}
