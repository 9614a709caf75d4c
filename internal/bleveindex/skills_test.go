package bleveindex

import (
	"context"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode"

	"github.com/careersearch/careers/internal/career"
)

// TestSkillTokenizer is the table the skill-terms analysis was chosen
// from: technology names come out as people type them.
func TestSkillTokenizer(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want []string
	}{
		{"C++", []string{"c++"}},
		{"C#", []string{"c#"}},
		{".NET", []string{".net"}},
		{"Microsoft .NET Framework", []string{"microsoft", ".net", "framework"}},
		{"ASP.NET", []string{"asp.net"}},
		{"Node.js", []string{"node.js"}},
		{"R", []string{"r"}},
		{"Go", []string{"go"}},
		{"SAP ERP", []string{"sap", "erp"}},
		{"Microsoft Excel", []string{"microsoft", "excel"}},
		{"Autodesk AutoCAD", []string{"autodesk", "autocad"}},
		{"Notepad++", []string{"notepad++"}},
		{"C++/CLI", []string{"c++", "cli"}},
		{"Blackbaud The Raiser's Edge", []string{"blackbaud", "the", "raiser", "edge"}},
		{"TCP/IP", []string{"tcp", "ip"}},
		{"U.S. Navy", []string{"u.s", "navy"}},
		{"10-key calculators", []string{"10", "key", "calculators"}},
		{"... and +more", []string{"and", "more"}},
		{"", []string{}},
	} {
		got := skillTerms(tc.in)
		if !reflect.DeepEqual(got, tc.want) {
			t.Errorf("skillTerms(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsTechWord(t *testing.T) {
	for w, want := range map[string]bool{
		"c++": true, "c#": true, ".net": true, "node.js": true, "asp.net": true, "notepad++": true,
		"python": false, "r": false, "go": false, "u.s": false, "e.g": false, "+": false, "#1": false, "...": false,
	} {
		if got := isTechWord(w); got != want {
			t.Errorf("isTechWord(%q) = %v, want %v", w, got, want)
		}
	}
}

// skillCorpus holds careers that list technologies and careers whose text
// holds the letters and common words those names are made of.
func skillCorpus() []*career.Career {
	mk := func(id, title, summary string, duties []string, skills ...career.Skill) *career.Career {
		c := &career.Career{ID: id, Title: title, Category: "Test", Summary: summary}
		for _, d := range duties {
			c.Duties = append(c.Duties, career.Item{Name: d})
		}
		c.Skills = skills
		return c
	}
	s := func(name string) career.Skill { return career.Skill{Name: name} }
	return []*career.Career{
		mk("cpp-dev", "Systems Programmer", "Writes fast programs for machines.", []string{"Write low-level code", "Profile programs"},
			career.Skill{Name: "C++", InDemand: true}, s("Linux")),
		mk("c-dev", "Firmware Engineer", "Writes firmware in plain C for devices with grade C parts.", []string{"Write firmware in C", "Test boards"},
			s("C"), s("Oscilloscopes")),
		mk("csharp-dev", "Application Developer", "Builds business applications.", []string{"Build desktop applications", "Maintain code"},
			s("C#"), s("Microsoft .NET Framework")),
		mk("node-dev", "Web Developer", "Builds web sites and services.", []string{"Build web services", "Fix bugs"},
			s("Node.js"), s("JavaScript")),
		mk("statistician", "Statistician", "Analyses data with statistical models.", []string{"Analyse survey data", "Build statistical models"},
			career.Skill{Name: "R", HotTechnology: true}, career.Skill{Name: "Python", InDemand: true}, s("SAS")),
		mk("go-dev", "Backend Engineer", "Builds servers.", []string{"Build backend services", "Run services"},
			s("Go"), s("Docker")),
		mk("manager", "Office Manager", "Runs an office; reads reports and makes rules for records.", []string{"Go to meetings with staff", "Keep records of expenses in spreadsheets", "Analyse data for reports"},
			s("Microsoft Excel"), s("Microsoft Word")),
		mk("accountant", "Accountant", "Keeps accounts and excels at detail.", []string{"Prepare accounts", "Reconcile ledgers"},
			career.Skill{Name: "SAP ERP", InDemand: true}, career.Skill{Name: "Microsoft Excel", InDemand: true}),
		mk("drafter", "Drafter", "Draws plans of buildings.", []string{"Draw plans", "Revise drawings"},
			career.Skill{Name: "Autodesk AutoCAD", HotTechnology: true}, s("CAD software")),
		mk("civil-drafter", "Civil Drafter", "Draws plans of roads.", []string{"Draw road plans", "Revise drawings"},
			s("Autodesk AutoCAD Civil 3D")),
		mk("welder", "Welder", "Joins metal parts with heat.", []string{"Weld metal parts", "Grind welds smooth"},
			s("Arc welding"), s("Welding torches")),
		mk("analyst", "Data Analyst", "Analyses data for businesses and reports what it shows; sometimes writes a little Python.", []string{"Analyse data with Python scripts", "Report findings"},
			s("SQL"), career.Skill{Name: "Tableau", Optional: true}),
		mk("scientist", "Data Scientist", "Builds models from data.", []string{"Analyse data", "Train models"},
			career.Skill{Name: "Python", Optional: true}, s("Tableau")),
		mk("plain", "Gardener", "Grows plants. R and D are not for them; they go outside.", []string{"Go to the garden", "Water plants"}),
	}
}

func skillIndexFor(t *testing.T) *Index {
	t.Helper()
	root := t.TempDir()
	if _, err := Build(context.Background(), root, skillCorpus(), BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(root, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ix.Close() })
	return ix
}

// TestSkillQueries: each technology name finds the careers that list it
// first, and nothing that merely holds its letters or its common words.
func TestSkillQueries(t *testing.T) {
	ix := skillIndexFor(t)
	for _, tc := range []struct {
		q string
		// first must be the first hits, in any order; only, when set,
		// says nothing else may match.
		first []string
		only  bool
		// never lists careers that must not be found.
		never []string
	}{
		{q: "C++", first: []string{"cpp-dev"}, only: true},
		{q: "c++", first: []string{"cpp-dev"}, only: true},
		{q: "C#", first: []string{"csharp-dev"}, only: true},
		{q: ".NET", first: []string{"csharp-dev"}, only: true},
		{q: "Node.js", first: []string{"node-dev"}, only: true},
		{q: "R", first: []string{"statistician"}, only: true},
		{q: "r", first: []string{"statistician"}, only: true},
		{q: "Go", first: []string{"go-dev"}, only: true},
		{q: "C", first: []string{"c-dev"}, never: []string{"cpp-dev", "csharp-dev"}},
		{q: "SAP ERP", first: []string{"accountant"}},
		{q: "Microsoft Excel", first: []string{"accountant", "manager"}},
		{q: "Excel", first: []string{"accountant", "manager"}},
		{q: "AutoCAD", first: []string{"drafter", "civil-drafter"}, only: true},
		{q: "CAD", first: []string{"drafter"}},
		{q: "welding", first: []string{"welder"}},
		{q: "Python", first: []string{"statistician", "scientist"}},
		{q: "statistics in R", first: []string{"statistician"}, never: []string{"plain"}},
	} {
		res, err := ix.Search(context.Background(), career.Query{Text: tc.q, Size: 20})
		if err != nil {
			t.Fatalf("%q: %v", tc.q, err)
		}
		got := ids(res)
		if len(got) < len(tc.first) {
			t.Errorf("%q: found %v, want %v first", tc.q, got, tc.first)
			continue
		}
		head := slices.Clone(got[:len(tc.first)])
		want := slices.Clone(tc.first)
		slices.Sort(head)
		slices.Sort(want)
		if !slices.Equal(head, want) {
			t.Errorf("%q: first hits %v, want %v (all: %v)", tc.q, got[:len(tc.first)], tc.first, got)
		}
		if tc.only && len(got) != len(tc.first) {
			t.Errorf("%q: found %v, want only %v", tc.q, got, tc.first)
		}
		for _, n := range tc.never {
			if slices.Contains(got, n) {
				t.Errorf("%q: found %s, which does not list it (all: %v)", tc.q, n, got)
			}
		}
		if res.Corrected != "" || res.DidYouMean != "" {
			t.Errorf("%q: corrected to %q / did you mean %q", tc.q, res.Corrected, res.DidYouMean)
		}
	}
}

// TestSkillRanking: a listed skill outranks a passing mention; an
// in-demand skill counts more than an optional one.
func TestSkillRanking(t *testing.T) {
	ix := skillIndexFor(t)
	res, err := ix.Search(context.Background(), career.Query{Text: "Python"})
	if err != nil {
		t.Fatal(err)
	}
	got := ids(res)
	// The statistician lists Python in demand, the scientist as optional;
	// the analyst only mentions it, in the summary and one duty.
	if want := []string{"statistician", "scientist", "analyst"}; !slices.Equal(got, want) {
		t.Errorf("Python: %v, want %v", got, want)
	}
	if hl := res.Hits[0].Highlights[career.FieldSkills]; !slices.Equal(hl, []string{"<mark>Python</mark>"}) {
		t.Errorf("Python: skills highlight %q", hl)
	}
	res, err = ix.Search(context.Background(), career.Query{Text: "AutoCAD"})
	if err != nil {
		t.Fatal(err)
	}
	// The shorter name that is more of the query comes first.
	if got := ids(res); !slices.Equal(got, []string{"drafter", "civil-drafter"}) {
		t.Errorf("AutoCAD: %v", got)
	}
	if hl := res.Hits[1].Highlights[career.FieldSkills]; !slices.Equal(hl, []string{"Autodesk <mark>AutoCAD</mark> Civil 3D"}) {
		t.Errorf("AutoCAD: skills highlight %q", hl)
	}
	res, err = ix.Search(context.Background(), career.Query{Text: "C++"})
	if err != nil {
		t.Fatal(err)
	}
	if hl := res.Hits[0].Highlights[career.FieldSkills]; !slices.Equal(hl, []string{"<mark>C++</mark>"}) {
		t.Errorf("C++: skills highlight %q", hl)
	}
}

// TestSkillFilterAndFacet: skill= keeps the careers that list every
// skill named, whole and in any case, and the facet counts skills.
func TestSkillFilterAndFacet(t *testing.T) {
	ix := skillIndexFor(t)
	ctx := context.Background()
	res, err := ix.Search(ctx, career.Query{Text: "analyse data"})
	if err != nil {
		t.Fatal(err)
	}
	facet := map[string]int{}
	for _, f := range res.Facets.Skills {
		facet[f.Value] = f.Count
	}
	if facet["Python"] != 2 || facet["Tableau"] != 2 {
		t.Errorf("analyse data: skills facet %+v", res.Facets.Skills)
	}
	res, err = ix.Search(ctx, career.Query{Text: "analyse data", Skills: []string{"python"}})
	if err != nil {
		t.Fatal(err)
	}
	got := ids(res)
	slices.Sort(got)
	if !slices.Equal(got, []string{"scientist", "statistician"}) {
		t.Errorf("analyse data, skill python: %v", got)
	}
	var py *career.FacetValue
	for i, f := range res.Facets.Skills {
		if f.Value == "Python" {
			py = &res.Facets.Skills[i]
		}
	}
	if py == nil || !py.Selected || py.Count != 2 {
		t.Errorf("skill facet after ticking Python: %+v", res.Facets.Skills)
	}
	res, err = ix.Search(ctx, career.Query{Skills: []string{"Python", "  tableau "}})
	if err != nil {
		t.Fatal(err)
	}
	if got := ids(res); !slices.Equal(got, []string{"scientist"}) {
		t.Errorf("skills Python and Tableau: %v", got)
	}
	// Whole names only: "Python Scripting" is not "Python".
	res, err = ix.Search(ctx, career.Query{Skills: []string{"Microsoft"}})
	if err == nil || !strings.Contains(err.Error(), `skill: no career lists "Microsoft"`) {
		t.Errorf("unknown skill: %v %v", err, res)
	}
	if career.ErrorCode(err) != career.EINVALID {
		t.Errorf("unknown skill: code %v", career.ErrorCode(err))
	}
}

// TestSkillFieldSyntax: skills:word searches only the listed skills.
func TestSkillFieldSyntax(t *testing.T) {
	ix := skillIndexFor(t)
	for q, want := range map[string][]string{
		"skills:python":        {"scientist", "statistician"},
		"skills:C++":           {"cpp-dev"},
		`skills:"arc welding"`: {"welder"},
	} {
		res, err := ix.Search(context.Background(), career.Query{Text: q})
		if err != nil {
			t.Fatalf("%q: %v", q, err)
		}
		got := ids(res)
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%q: %v, want %v", q, got, want)
		}
	}
}

// FuzzSkillTokenizer: every token is the input's bytes at its offsets,
// holds a letter or digit, and never ends with a dot; positions count up.
func FuzzSkillTokenizer(f *testing.F) {
	for _, s := range []string{"C++", "Microsoft .NET Framework", "Node.js", "Blackbaud The Raiser's Edge", "...", "+#.", "a.b.c", "ünïcödé C#", "\xff\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		toks := skillTokenizer{}.Tokenize([]byte(in))
		for i, tok := range toks {
			if tok.Start < 0 || tok.End > len(in) || tok.Start >= tok.End {
				t.Fatalf("%q: token %d at %d:%d", in, i, tok.Start, tok.End)
			}
			if string(tok.Term) != in[tok.Start:tok.End] {
				t.Fatalf("%q: token %q is not the input at %d:%d", in, tok.Term, tok.Start, tok.End)
			}
			if tok.Position != i+1 {
				t.Fatalf("%q: token %d at position %d", in, i, tok.Position)
			}
			if strings.HasSuffix(string(tok.Term), ".") {
				t.Fatalf("%q: token %q ends with a dot", in, tok.Term)
			}
			if !strings.ContainsFunc(string(tok.Term), func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) {
				t.Fatalf("%q: token %q holds no letter or digit", in, tok.Term)
			}
		}
	})
}

// A hit matched by its skills explains itself with the skills it lists.
func TestSkillExplain(t *testing.T) {
	ix := skillIndexFor(t)
	res, err := ix.Search(context.Background(), career.Query{Text: "C++", Explain: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Hits) == 0 {
		t.Fatal("no hits")
	}
	ex := res.Hits[0].Explain
	if len(ex) != 1 || ex[0].Field != career.FieldSkills || !slices.Equal(ex[0].Matched, []string{"C++"}) || ex[0].Share != 1 {
		t.Errorf("explain %+v", ex)
	}
}
