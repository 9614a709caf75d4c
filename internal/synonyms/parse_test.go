package synonyms

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
)

func TestParseErrors(t *testing.T) {
	tests := []struct {
		name, in string
		want     []string // the problems, in order
	}{
		{"OneEntry", "remote work\n", []string{"t.txt:1: group needs at least two entries"}},
		{"LineCountsCommentsAndBlanks", "# comment\n\nnlp\n", []string{"t.txt:3: group needs at least two entries"}},
		{"EmptyEntry", "a, , b\n", []string{"t.txt:1: empty entry (two commas in a row, or a comma at an end)"}},
		{"TrailingComma", "a, b,\n", []string{"t.txt:1: empty entry (two commas in a row, or a comma at an end)"}},
		{"Symbol", "C++, cpp\n", []string{`t.txt:1: entry "C++": '+' is not allowed (only letters, digits, spaces and - / . ' &)`}},
		{"NoLetters", "a, --\n", []string{`t.txt:1: entry "--" has no letters or digits`}},
		{"SameEntryNormalised", "x-ray, X Ray\n", []string{`t.txt:1: "x-ray" and "X Ray" are the same entry (compared as "x ray")`}},
		{"SameEntryTwice", "a, b, a\n", []string{`t.txt:1: "a" is twice in the group`}},
		{"NothingAfterArrow", "a =>\n", []string{`t.txt:1: nothing after "=>"`}},
		{"NothingBeforeArrow", "=> b\n", []string{`t.txt:1: nothing before "=>"`}},
		{"TwoArrows", "a => b => c\n", []string{`t.txt:1: more than one "=>"`}},
		{"UnknownMarker", "a, b @ctx: c\n", []string{`t.txt:1: unknown marker "@ctx:": the markers are "@context:" and "@instead"`}},
		{"InsteadWithTerms", "a => b @instead: c\n", []string{`t.txt:1: unknown marker "@instead:": the markers are "@context:" and "@instead"`}},
		{"InsteadTwice", "a => b @instead @instead\n", []string{"t.txt:1: @instead twice"}},
		{"InsteadOnAGroup", "a, b @instead\n", []string{"t.txt:1: @instead needs a one-way rule (a => b): in a group of equivalents every entry is also searched as written"}},
		{"EmptyContext", "a, b @context:\n", []string{"t.txt:1: @context: needs at least one term"}},
		{"TwoContexts", "a, b @context: c @context: d\n", []string{"t.txt:1: more than one @context: on a line"}},
		{"BadContextTerm", "a, b @context: c,\n", []string{"t.txt:1: empty context term (two commas in a row, or a comma at an end)"}},
		{"EntryInTwoGroups", "a, b\nc, d\nB, e\n", []string{`t.txt:3: "B" is already matched by the group at line 1 (an entry may be in two groups only if both have a @context:)`}},
		{"EntryInTwoGroupsOneGuarded", "cv, resume\ncv, computer vision @context: ai\n", []string{`t.txt:2: "cv" is already matched by the group at line 1 (an entry may be in two groups only if both have a @context:)`}},
		{"NotUTF8", "a, b\nc, \xff\n", []string{"t.txt:2: not valid UTF-8"}},
		{"LineTooLong", "a, b\n" + strings.Repeat("a", maxLine+1) + "\n", []string{"t.txt:2: line longer than 65536 bytes"}},
		{"AllProblemsListed", "a\nb, c\nd,,e\n", []string{
			"t.txt:1: group needs at least two entries",
			"t.txt:3: empty entry (two commas in a row, or a comma at an end)",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Parse("t.txt", strings.NewReader(tt.in))
			if err == nil {
				t.Fatalf("no error, %d groups", set.Len())
			}
			if set != nil {
				t.Error("a Set along with the error")
			}
			var probs career.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("error %T %v, want career.Problems", err, err)
			}
			var got []string
			for _, p := range probs {
				got = append(got, p.String())
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("problems (-want +got):\n%s", diff)
			}
		})
	}
}

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		name, in string
		groups   int
	}{
		{"Empty", "", 0},
		{"OnlyComments", "# one\n   # two\n\n", 0},
		{"CRLFAndBOM", "\uFEFFa, b\r\nc, d\r\n", 2},
		{"HashInsideWordIsNotAComment", "a#b, c\n", -1}, // '#' inside an entry is refused
		{"OneWayOneEach", "a => b\n", 1},
		{"OneWayRightSideRepeatsElsewhere", "a => z\nb => z\nz, y\n", 3},
		{"BothGuarded", "cv, resume @context: writer\ncv, computer vision @context: ai\n", 2},
		{"ContextMarkerAnyCase", "a, b @Context: c\n", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set, err := Parse("t.txt", strings.NewReader(tt.in))
			if tt.groups < 0 {
				if err == nil {
					t.Fatal("accepted")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if set.Len() != tt.groups {
				t.Errorf("%d groups, want %d", set.Len(), tt.groups)
			}
		})
	}
}

func TestEntries(t *testing.T) {
	set := mustLoad(t, "testdata/small.txt")
	tests := []struct {
		line    int
		entries []Entry
		left    int
	}{
		{2, []Entry{
			{"remote work", []string{"remote", "work"}, false},
			{"work from home", []string{"work", "from", "home"}, false},
			{"WFH", []string{"wfh"}, true},
			{"telework", []string{"telework"}, false},
		}, 0},
		{4, []Entry{
			{"machine learning operations", []string{"machine", "learning", "operations"}, false},
			{"MLOps", []string{"mlops"}, true},
		}, 0},
		{12, []Entry{
			{"PR", []string{"pr"}, true},
			{"public relations", []string{"public", "relations"}, false},
		}, 1},
		{17, []Entry{
			{"CI/CD", []string{"ci", "cd"}, true},
			{"CICD", []string{"cicd"}, true},
		}, 0},
		{18, []Entry{
			{"bachelor's degree", []string{"bachelor", "degree"}, false},
			{"undergraduate degree", []string{"undergraduate", "degree"}, false},
		}, 0},
	}
	for _, tt := range tests {
		var g *group
		for i := range set.groups {
			if set.groups[i].line == tt.line {
				g = &set.groups[i]
			}
		}
		if g == nil {
			t.Errorf("no group at line %d", tt.line)
			continue
		}
		if diff := cmp.Diff(tt.entries, g.entries); diff != "" {
			t.Errorf("line %d entries (-want +got):\n%s", tt.line, diff)
		}
		if g.left != tt.left {
			t.Errorf("line %d: left = %d, want %d", tt.line, g.left, tt.left)
		}
	}
}

func TestAcronymText(t *testing.T) {
	for s, want := range map[string]bool{
		"NLP": true, "CI/CD": true, "3PL": true, "MLOps": true, "GenAI": true, "IoT": true,
		"x-ray": false, "Kubernetes": false, "machine learning": false, "K8s": false,
		"ML ops": false, "123": false, "A&E": true,
	} {
		if got := acronymText(s); got != want {
			t.Errorf("acronymText(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestLoadMissing(t *testing.T) {
	_, err := Load(filepath.Join(t.TempDir(), "none.txt"))
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("Load of a missing file: %v, want ErrNotExist", err)
	}
}

// TestRealFile loads the shipped file and checks a few of its promises.
func TestRealFile(t *testing.T) {
	set := mustLoad(t, "../../config/synonyms.txt")
	if set.Len() < 100 {
		t.Errorf("%d groups, want at least 100", set.Len())
	}
	for _, tt := range []struct {
		query string
		want  string // one expected alternative phrase, "" for none at all
	}{
		{"NLP engineer", "natural language processing"},
		{"remote work", "work from home"},
		{"work from home", "telework"},
		{"x-ray technician", "radiographer"},
		{"MRI technologist", "magnetic resonance imaging"},
		{"LLMs", "large language model"},
		{"rlhf", "reinforcement learning from human feedback"},
		{"CV engineer AI", "computer vision"},
		{"CV", ""},
		{"cv writer", ""},
		{"IT support", "technical support"},
		{"IT manager", "information technology"},
		{"what is it", ""},
		{"RN", "registered nurse"},
		{"paediatric nurse", "pediatric"},
	} {
		alts := set.Expand(Words(tt.query))
		if tt.want == "" {
			if len(alts) > 0 {
				t.Errorf("%q: %v, want none", tt.query, render(alts))
			}
			continue
		}
		found := false
		for _, a := range alts {
			found = found || a.Phrase == tt.want
		}
		if !found {
			t.Errorf("%q: %v, want %q among them", tt.query, render(alts), tt.want)
		}
	}
}

func mustLoad(tb testing.TB, path string) *Set {
	tb.Helper()
	set, err := Load(path)
	if err != nil {
		tb.Fatal(err)
	}
	return set
}

func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.txt")
	for _, s := range append(seeds, "../../config/synonyms.txt") {
		if data, err := os.ReadFile(s); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte("a, b => c @context: d, e f\n"))
	f.Add([]byte("x-ray, X Ray\n@context:\n=>\n,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		set, err := Parse("fuzz.txt", strings.NewReader(string(data)))
		if err != nil {
			if set != nil {
				t.Fatal("a Set along with the error")
			}
			var probs career.Problems
			if !errors.As(err, &probs) || len(probs) == 0 {
				t.Fatalf("error %T %v, want career.Problems", err, err)
			}
			for _, p := range probs {
				if p.File != "fuzz.txt" || p.Line < 1 || !strings.HasPrefix(p.String(), "fuzz.txt:") {
					t.Fatalf("problem names no line: %+v", p)
				}
			}
			return
		}
		// Whatever the file, expanding its own text stays within bounds.
		words := strings.Fields(string(data))
		checkAlternatives(t, words, set.Expand(words))
	})
}
