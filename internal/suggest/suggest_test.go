package suggest

import (
	"fmt"
	"html"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
)

func specs(names ...string) []career.Item {
	items := make([]career.Item, len(names))
	for i, n := range names {
		items[i] = career.Item{Name: n, Description: "ignored " + n}
	}
	return items
}

// fixture is a small corpus that exercises ranking, accents, hyphens and
// HTML in texts.
func fixture() []*career.Career {
	return []*career.Career{
		{ID: "prompt-engineer", Title: "Prompt Engineer",
			Aliases:         []string{"Prompt Designer", "prompt engineer", "AI Prompt Engineer"},
			Specialisations: specs("Prompt Evaluation Specialist", "Engineering Prompt Librarian"),
			Summary:         "Promotes prompts. Summary words are not indexed: zebra."},
		{ID: "promotion-manager", Title: "Promotion Manager", Aliases: []string{"Promo Lead"}},
		{ID: "ml-engineer", Title: "Machine Learning Engineer",
			Aliases:         []string{"ML Engineer", "Engineer, Machine Learning"},
			Specialisations: specs("Prompt Tuning Engineer")},
		{ID: "hax-designer", Title: "HAX (Human-AI Experience) Designer",
			Aliases:         []string{"Human-AI Experience Designer", "Human-AI Interaction Designer"},
			Specialisations: specs("HAX Researcher", "Human-AI Collaboration Designer")},
		{ID: "resume-writer", Title: "Résumé Writer", Aliases: []string{"CV Writer", "RESUME COACH"}},
		{ID: "rnd-lead", Title: "R&D <Lead>", Aliases: []string{"Research & Development Lead"}},
		{ID: "data-scientist", Title: "Data Scientist", Aliases: []string{"Data Science Lead"},
			Specialisations: specs("Data Science Manager", "Big Data Scientist")},
		{ID: "strasse", Title: "Straßenbau Planer"},
	}
}

// show renders suggestions compactly: kind:text@id.
func show(ss []career.Suggestion) []string {
	out := []string{}
	for _, s := range ss {
		out = append(out, s.Kind+":"+s.Text+"@"+s.ID)
	}
	return out
}

func TestSuggest(t *testing.T) {
	ix := Build(fixture())
	tests := []struct {
		name string
		q    string
		n    int
		want []string
	}{
		{"PrefixRanking", "prom", 10, []string{
			// first word matches: titles, aliases, specialisations;
			// shorter first, then alphabetical
			"title:Prompt Engineer@prompt-engineer",
			"title:Promotion Manager@promotion-manager",
			"alias:Promo Lead@promotion-manager",
			"alias:Prompt Designer@prompt-engineer",
			"specialisation:Prompt Tuning Engineer@ml-engineer",
			"specialisation:Prompt Evaluation Specialist@prompt-engineer",
			// mid-text matches come last
			"alias:AI Prompt Engineer@prompt-engineer",
			"specialisation:Engineering Prompt Librarian@prompt-engineer",
		}},
		{"MultiWord", "prompt eng", 10, []string{
			"title:Prompt Engineer@prompt-engineer",
			"specialisation:Prompt Tuning Engineer@ml-engineer",
			"alias:AI Prompt Engineer@prompt-engineer",
			"specialisation:Engineering Prompt Librarian@prompt-engineer",
		}},
		{"WordsInAnyOrderRankLower", "eng prom", 10, []string{
			"specialisation:Engineering Prompt Librarian@prompt-engineer",
			"title:Prompt Engineer@prompt-engineer",
			"alias:AI Prompt Engineer@prompt-engineer",
			"specialisation:Prompt Tuning Engineer@ml-engineer",
		}},
		{"EarlierWordAsPrefix", "mach learn eng", 10, []string{
			"title:Machine Learning Engineer@ml-engineer",
			"alias:Engineer, Machine Learning@ml-engineer",
		}},
		{"EachTypedWordNeedsItsOwnWord", "engineer engineer", 10, []string{}},
		{"NoMatch", "zebra", 10, []string{}},
		{"OnlyWordStarts", "ngineer", 10, []string{}},
		{"CaseInsensitive", "PROMPT DESIGNER", 10, []string{"alias:Prompt Designer@prompt-engineer"}},
		{"AccentsInText", "resume", 10, []string{
			"title:Résumé Writer@resume-writer",
			"alias:RESUME COACH@resume-writer",
		}},
		{"AccentsInQuery", "résumé co", 10, []string{"alias:RESUME COACH@resume-writer"}},
		{"DecomposedAccentsInQuery", "re\u0301sume\u0301 wri", 10, []string{"title:Résumé Writer@resume-writer"}},
		{"FullCaseFoldingUpper", "STRASSE", 10, []string{"title:Straßenbau Planer@strasse"}},
		{"FullCaseFolding", "straß", 10, []string{"title:Straßenbau Planer@strasse"}},
		{"FullCaseFoldingExpands", "strass", 10, []string{"title:Straßenbau Planer@strasse"}},
		{"Hyphen", "human-ai", 10, []string{
			"alias:Human-AI Experience Designer@hax-designer",
			"alias:Human-AI Interaction Designer@hax-designer",
			"specialisation:Human-AI Collaboration Designer@hax-designer",
			"title:HAX (Human-AI Experience) Designer@hax-designer",
		}},
		{"HyphenAsSpace", "human ai inter", 10, []string{"alias:Human-AI Interaction Designer@hax-designer"}},
		{"Acronym", "HAX", 10, []string{
			"title:HAX (Human-AI Experience) Designer@hax-designer",
			"specialisation:HAX Researcher@hax-designer",
		}},
		{"PunctuationOnlyQuery", " -- ( ) ", 10, []string{}},
		{"Empty", "", 10, []string{}},
		{"Whitespace", " \t\n ", 10, []string{}},
		{"LimitN", "prom", 3, []string{
			"title:Prompt Engineer@prompt-engineer",
			"title:Promotion Manager@promotion-manager",
			"alias:Promo Lead@promotion-manager",
		}},
		{"LimitNCutsSecondTier", "prom", 7, []string{
			"title:Prompt Engineer@prompt-engineer",
			"title:Promotion Manager@promotion-manager",
			"alias:Promo Lead@promotion-manager",
			"alias:Prompt Designer@prompt-engineer",
			"specialisation:Prompt Tuning Engineer@ml-engineer",
			"specialisation:Prompt Evaluation Specialist@prompt-engineer",
			"alias:AI Prompt Engineer@prompt-engineer",
		}},
		{"ZeroN", "prom", 0, []string{}},
		{"NegativeN", "prom", -1, []string{}},
		{"SummaryAndDescriptionsNotIndexed", "ignored", 10, []string{}},
		{"Ampersand", "r d", 10, []string{
			"title:R&D <Lead>@rnd-lead",
			"alias:Research & Development Lead@rnd-lead",
		}},
		{"DataRanking", "data sci", 10, []string{
			"title:Data Scientist@data-scientist",
			"alias:Data Science Lead@data-scientist",
			"specialisation:Data Science Manager@data-scientist",
			"specialisation:Big Data Scientist@data-scientist",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := show(ix.Suggest(tt.q, tt.n))
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Suggest(%q, %d) mismatch (-want +got):\n%s", tt.q, tt.n, diff)
			}
		})
	}
}

func TestSuggestFields(t *testing.T) {
	ix := Build(fixture())
	got := ix.Suggest("ml eng", 1)
	want := []career.Suggestion{{
		Text: "ML Engineer", Kind: KindAlias, ID: "ml-engineer",
		Title: "Machine Learning Engineer", Highlight: "<mark>ML</mark> <mark>Eng</mark>ineer",
	}}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("mismatch (-want +got):\n%s", diff)
	}
}

func TestHighlight(t *testing.T) {
	ix := Build(fixture())
	tests := []struct {
		name, q, text, want string
	}{
		{"Prefix", "prom", "Prompt Engineer", "<mark>Prom</mark>pt Engineer"},
		{"TwoWords", "prompt eng", "Prompt Engineer", "<mark>Prompt</mark> <mark>Eng</mark>ineer"},
		{"MidText", "prom", "AI Prompt Engineer", "AI <mark>Prom</mark>pt Engineer"},
		{"OutOfOrder", "eng prom", "Prompt Engineer", "<mark>Prom</mark>pt <mark>Eng</mark>ineer"},
		{"HTMLEscaped", "r", "R&D <Lead>", "<mark>R</mark>&amp;D &lt;Lead&gt;"},
		{"HTMLEscapedInsideMark", "d", "R&D <Lead>", "R&amp;<mark>D</mark> &lt;Lead&gt;"},
		{"HTMLEscapedAmpersandText", "research dev", "Research & Development Lead",
			"<mark>Research</mark> &amp; <mark>Dev</mark>elopment Lead"},
		{"Accent", "resu", "Résumé Writer", "<mark>Résu</mark>mé Writer"},
		{"AccentWholeWord", "resume", "Résumé Writer", "<mark>Résumé</mark> Writer"},
		{"Hyphen", "human-ai", "Human-AI Experience Designer", "<mark>Human</mark>-<mark>AI</mark> Experience Designer"},
		{"HyphenMidTitle", "human-ai", "HAX (Human-AI Experience) Designer", "HAX (<mark>Human</mark>-<mark>AI</mark> Experience) Designer"},
		{"ExpandingFold", "strass", "Straßenbau Planer", "<mark>Straß</mark>enbau Planer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, s := range ix.Suggest(tt.q, 100) {
				if s.Text == tt.text {
					if s.Highlight != tt.want {
						t.Errorf("Suggest(%q) highlights %q as %q, want %q", tt.q, s.Text, s.Highlight, tt.want)
					}
					return
				}
			}
			t.Errorf("Suggest(%q) does not offer %q", tt.q, tt.text)
		})
	}
}

func TestBuild(t *testing.T) {
	t.Run("DuplicateTextsOfOneCareerOnce", func(t *testing.T) {
		ix := Build([]*career.Career{{ID: "a", Title: "Prompt Engineer", Aliases: []string{"prompt-engineer", "Prompt Engineer"},
			Specialisations: specs("PROMPT ENGINEER")}})
		if ix.Len() != 1 {
			t.Errorf("Len = %d, want 1", ix.Len())
		}
		if got := show(ix.Suggest("prompt", 10)); !slices.Equal(got, []string{"title:Prompt Engineer@a"}) {
			t.Errorf("got %v", got)
		}
	})
	t.Run("SameTextOfTwoCareersTwice", func(t *testing.T) {
		ix := Build([]*career.Career{
			{ID: "b", Title: "Analyst", Aliases: []string{"Data Analyst"}},
			{ID: "a", Title: "Data Analyst"},
		})
		want := []string{"title:Data Analyst@a", "alias:Data Analyst@b"}
		if got := show(ix.Suggest("data", 10)); !slices.Equal(got, want) {
			t.Errorf("got %v, want %v", got, want)
		}
	})
	t.Run("EmptyTextsAndNilCareersSkipped", func(t *testing.T) {
		ix := Build([]*career.Career{nil, {ID: "a", Title: "Writer", Aliases: []string{"", " — ", "&"}}})
		if ix.Len() != 1 {
			t.Errorf("Len = %d, want 1", ix.Len())
		}
	})
	t.Run("Empty", func(t *testing.T) {
		for _, ix := range []*Index{Build(nil), nil} {
			if ix.Len() != 0 || ix.Suggest("a", 10) != nil {
				t.Errorf("empty index answers")
			}
		}
	})
	t.Run("Len", func(t *testing.T) {
		// 8 careers: 8 titles, 12 aliases (one repeats its title),
		// 7 specialisations.
		if got := Build(fixture()).Len(); got != 8+11+7 {
			t.Errorf("Len = %d, want %d", got, 8+11+7)
		}
	})
}

// TestNormalize pins the normalisation rules.
func TestNormalize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Prompt Engineer", "prompt engineer"},
		{"Résumé", "resume"},
		{"re\u0301sume\u0301", "resume"},
		{"HUMAN-AI", "human ai"},
		{"Straße ẞ", "strasse ss"},
		{"ﬁnance", "finance"},
		{"İstanbul", "istanbul"},
		{"ΣΟΦΙΑ σοφία", "σοφια σοφια"},
		{"Ｆｕｌｌ１", "full1"},
		{"C++ / C# dev's", "c c dev s"},
		{"x²", "x2"},
		{"日本語 テスト", "日本語 テスト"},
		{"\u0301 lone", "lone"},
		{"\xff bad", "bad"},
	}
	for _, tt := range tests {
		var nz normalizer
		var words []string
		for _, tk := range nz.words(tt.in, nil) {
			words = append(words, tk.norm)
		}
		if got := strings.Join(words, " "); got != tt.want {
			t.Errorf("normalise(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// entryWords returns the normalised words of every entry of ix.
func entryWords(ix *Index) [][]string {
	var nz normalizer
	out := make([][]string, ix.Len())
	for e := range out {
		en := ix.entry(int32(e))
		for _, tk := range nz.words(en.text, nil) {
			out[e] = append(out[e], tk.norm)
		}
	}
	return out
}

// reference is the specification of Suggest, by brute force over every
// entry (whose words are given): tier, then the static order of entries.
func reference(ix *Index, entryWords [][]string, q string, n int) []career.Suggestion {
	var nz normalizer
	var typed []string
	for _, tk := range nz.words(q, nil) {
		typed = append(typed, tk.norm)
	}
	if len(typed) == 0 || n <= 0 {
		return nil
	}
	type hit struct {
		e    int
		tier int
	}
	var hits []hit
	for e, words := range entryWords {
		if matchBrute(typed, words, true) {
			hits = append(hits, hit{e, 0})
		} else if matchBrute(typed, words, false) {
			hits = append(hits, hit{e, 1})
		}
	}
	slices.SortStableFunc(hits, func(a, b hit) int { return a.tier - b.tier })
	var out []career.Suggestion
	for _, h := range hits[:min(n, len(hits))] {
		en := ix.entry(int32(h.e))
		out = append(out, career.Suggestion{Text: en.text, Kind: kindNames[en.kind], ID: ix.ids.at(int(en.career))})
	}
	return out
}

// matchBrute tries every way of giving each typed word its own word.
func matchBrute(typed, words []string, fixFirst bool) bool {
	used := make([]bool, len(words))
	var try func(i int) bool
	try = func(i int) bool {
		if i == len(typed) {
			return true
		}
		for j, w := range words {
			if used[j] || !strings.HasPrefix(w, typed[i]) || (fixFirst && (i == 0) != (j == 0)) {
				continue
			}
			used[j] = true
			if try(i + 1) {
				return true
			}
			used[j] = false
		}
		return false
	}
	return try(0)
}

func stripHighlight(h string) string {
	h = strings.ReplaceAll(h, "<mark>", "")
	h = strings.ReplaceAll(h, "</mark>", "")
	return html.UnescapeString(h)
}

// checkAgainstReference compares Suggest with the brute-force reference and
// checks that every highlight is the text, escaped, with marks.
func checkAgainstReference(t *testing.T, ix *Index, words [][]string, q string, n int) {
	t.Helper()
	got := ix.Suggest(q, n)
	want := reference(ix, words, q, n)
	var trimmed []career.Suggestion
	var nz normalizer
	var typed []string
	for _, tk := range nz.words(q, nil) {
		typed = append(typed, tk.norm)
	}
	for _, s := range got {
		var words []string
		for _, tk := range nz.words(s.Text, nil) {
			words = append(words, tk.norm)
		}
		if !matchBrute(typed, words, false) {
			t.Fatalf("Suggest(%q) offers %q, which does not match", q, s.Text)
		}
		if stripHighlight(s.Highlight) != s.Text {
			t.Fatalf("Suggest(%q): highlight %q does not render %q", q, s.Highlight, s.Text)
		}
		if strings.Count(s.Highlight, "<mark>") == 0 {
			t.Fatalf("Suggest(%q): highlight %q marks nothing", q, s.Highlight)
		}
		trimmed = append(trimmed, career.Suggestion{Text: s.Text, Kind: s.Kind, ID: s.ID})
	}
	if diff := cmp.Diff(want, trimmed); diff != "" {
		t.Fatalf("Suggest(%q, %d) differs from the reference (-want +got):\n%s", q, n, diff)
	}
}

// TestAgainstReference runs random queries over a random index with a small
// vocabulary, so that texts share many words and prefixes, and compares
// every answer with the brute-force reference.
func TestAgainstReference(t *testing.T) {
	r := rand.New(rand.NewPCG(7, 11))
	vocab := []string{"ai", "aide", "air", "data", "database", "dat", "design", "designer", "de", "eng",
		"engineer", "engineering", "prompt", "prom", "promo", "Résumé", "resume", "x", "xa", "human-ai"}
	text := func() string {
		words := make([]string, 1+r.IntN(4))
		for i := range words {
			words[i] = vocab[r.IntN(len(vocab))]
		}
		return strings.Join(words, " ")
	}
	var careers []*career.Career
	for i := range 300 {
		c := &career.Career{ID: fmt.Sprintf("c%03d", i), Title: text()}
		for range r.IntN(4) {
			c.Aliases = append(c.Aliases, text())
		}
		for range r.IntN(3) {
			c.Specialisations = append(c.Specialisations, career.Item{Name: text()})
		}
		careers = append(careers, c)
	}
	ix := Build(careers)
	words := entryWords(ix)
	for range 1000 {
		typed := make([]string, 1+r.IntN(3))
		for i := range typed {
			w := vocab[r.IntN(len(vocab))]
			typed[i] = w[:1+r.IntN(len(w))]
		}
		q, n := strings.Join(typed, " "), []int{1, 3, 10, 50, 1000}[r.IntN(5)]
		// The default scan, a scan that gives up part-way, and
		// intersect alone must all give the reference answer.
		for _, budget := range []int{scanBudget, 5, 0} {
			ix.scanBudget = budget
			checkAgainstReference(t, ix, words, q, n)
		}
	}
}

func FuzzSuggest(f *testing.F) {
	for _, q := range []string{"prom", "prompt eng", "eng prom", "résumé", "RESUME", "human-ai", "HAX",
		"r&d", "<", "straß", "", " ", "data sci big", "ml ml", "re\u0301s", "\xff"} {
		f.Add(q, 10)
	}
	ix := Build(fixture())
	words := entryWords(ix)
	f.Fuzz(func(t *testing.T, q string, n int) {
		n = n % 64
		for _, budget := range []int{scanBudget, 0} {
			ix.scanBudget = budget
			checkAgainstReference(t, ix, words, q, n)
		}
	})
}

// TestConcurrent runs queries from several goroutines (for -race).
func TestConcurrent(t *testing.T) {
	ix, intersecting := Build(fixture()), Build(fixture())
	intersecting.scanBudget = 0
	done := make(chan bool)
	for i := range 4 {
		ix := ix
		if i%2 == 1 {
			ix = intersecting
		}
		go func() {
			for range 200 {
				ix.Suggest("résumé", 5)
				ix.Suggest("prompt eng", 5)
			}
			done <- true
		}()
	}
	for range 4 {
		<-done
	}
}
