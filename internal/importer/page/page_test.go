package page

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

func mustParseFile(t *testing.T, file string) *Page {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", file))
	if err != nil {
		t.Fatal(err)
	}
	p, err := Parse(file, data)
	if err != nil {
		t.Fatalf("Parse(%s): %v", file, err)
	}
	return p
}

func names(items []career.Item) []string {
	var out []string
	for _, it := range items {
		out = append(out, it.Name)
	}
	return out
}

func reasons(ds []Dropped) []string {
	var out []string
	for _, d := range ds {
		out = append(out, fmt.Sprintf("%d %s", d.Line, d.Reason))
	}
	return out
}

func TestParse(t *testing.T) {
	tests := []struct {
		file            string
		id, title       string
		category, field string
		// summary and workplace: the start of each paragraph.
		summary, workplace []string
		duties, types      []string
		listed             []Listing
		dropped            []string
	}{
		{
			file: "wind-turbine-technician.txt",
			id:   "wind-turbine-technician", title: "Wind Turbine Technician",
			category: "Field & Maintenance Roles", field: "Renewable Energy",
			// Lines wrapped inside blank-line separated paragraphs are joined.
			summary:   []string{"A wind turbine technician keeps the generators of a wind farm turning. They climb", "Operators of onshore"},
			duties:    []string{"Scheduled Servicing", "Fault Finding", "Blade Inspection", "Electrical Repairs", "Safety Reporting"},
			types:     []string{"Onshore Service Technician", "Offshore Technician", "Blade Repair Specialist"},
			workplace: []string{"Most of the day", "Paperwork and planning"},
			listed: []Listing{
				{"Solar Panel Installer", "Field & Maintenance Roles"},
				{"Geothermal Plant Operator", "Field & Maintenance Roles"},
				{"Energy Analyst", "Planning & Design Roles"},
				{"Grid Integration Engineer", "Planning & Design Roles"},
			},
			dropped: []string{"1 " + ReasonOutside, "2 " + ReasonOutside, "14 " + ReasonIntro, "22 " + ReasonIntro, "26 " + ReasonPromo, "31 " + ReasonPromo},
		},
		{
			file: "archivist-crlf.txt",
			id:   "archivist", title: "Archivist",
			category: "Records & Heritage Roles", field: "Heritage",
			summary:   []string{"An archivist decides", "They work with letters"},
			duties:    []string{"Appraisal", "Cataloguing", "Preservation", "Reference Service"},
			types:     []string{"Business Archivist", "Digital Archivist", "Community Archivist"},
			workplace: []string{"Archivists work in search rooms"},
			// "Museum Careers" is a category, not the list's sub-heading,
			// because the field is "Heritage".
			listed: []Listing{
				{"Records Manager", "Records & Heritage Roles"},
				{"Conservator", "Records & Heritage Roles"},
				{"Curator", "Museum Careers"},
				{"Exhibition Designer", "Museum Careers"},
			},
			dropped: []string{"7 " + ReasonIntro, "14 " + ReasonIntro},
		},
		{
			// Headings in capitals and lower case, the wrong article, "*"
			// bullets, and a promotional line inside the types list.
			file: "orthoptist-case.txt",
			id:   "orthoptist", title: "Orthoptist",
			category: "Eye Care Roles", field: "Eye Care",
			summary:   []string{"An orthoptist assesses", "Much of their caseload"},
			duties:    []string{"Vision Screening", "Eye Movement Tests", "Treatment Plans", "Stroke Assessments"},
			types:     []string{"Paediatric Orthoptist", "Neuro-Orthoptist", "Research Orthoptist"},
			workplace: []string{"Orthoptists work in hospital"},
			listed:    []Listing{{"Optometrist", "Eye Care Roles"}, {"Dispensing Optician", "Eye Care Roles"}},
			dropped:   []string{"7 " + ReasonIntro, "16 " + ReasonPromo},
		},
		{
			// No workplace section, and a types section with no bullets.
			file: "glassblower-no-workplace.txt",
			id:   "glassblower", title: "Glassblower",
			category: "Hot Shop Roles", field: "Craft",
			summary: []string{"A glassblower shapes molten glass"},
			duties:  []string{"Gathering", "Shaping", "Annealing"},
			listed:  []Listing{{"Blacksmith", "Hot Shop Roles"}},
			dropped: []string{"10 " + ReasonIntro},
		},
		{
			// No navigation (so no category), numbered bullets, a "Name -
			// description" bullet and one without a name.
			file: "arborist-no-nav.txt",
			id:   "arborist", title: "Arborist",
			summary:   []string{"An arborist cares for individual trees"},
			duties:    []string{"Tree Surveys", "Pruning"},
			workplace: []string{"Almost all of the work is outdoors"},
			dropped:   []string{"8 " + ReasonNoName},
		},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			p := mustParseFile(t, tt.file)
			c := p.Career
			for _, f := range []struct{ name, got, want string }{
				{"id", c.ID, tt.id}, {"title", c.Title, tt.title},
				{"category", c.Category, tt.category}, {"field", p.Field, tt.field},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
			checkParagraphs(t, "summary", c.Summary, tt.summary)
			checkParagraphs(t, "workplace", c.Workplace, tt.workplace)
			if got := names(c.Duties); !reflect.DeepEqual(got, tt.duties) {
				t.Errorf("duties = %q, want %q", got, tt.duties)
			}
			if got := names(c.Specialisations); !reflect.DeepEqual(got, tt.types) {
				t.Errorf("specialisations = %q, want %q", got, tt.types)
			}
			for _, it := range append(c.Duties, c.Specialisations...) {
				if it.Description == "" || strings.ContainsAny(it.Description, "\r\n") {
					t.Errorf("item %q: description %q", it.Name, it.Description)
				}
			}
			if !reflect.DeepEqual(p.Listed, tt.listed) {
				t.Errorf("listed = %q, want %q", p.Listed, tt.listed)
			}
			if got := reasons(p.Dropped); !reflect.DeepEqual(got, tt.dropped) {
				t.Errorf("dropped = %q, want %q", got, tt.dropped)
			}
		})
	}
}

// checkParagraphs checks that text has one paragraph per prefix in want,
// each starting with it.
func checkParagraphs(t *testing.T, field, text string, want []string) {
	t.Helper()
	var got []string
	if text != "" {
		got = strings.Split(text, "\n\n")
	}
	if len(got) != len(want) {
		t.Errorf("%s has %d paragraphs, want %d:\n%s", field, len(got), len(want), text)
		return
	}
	for i, p := range got {
		if !strings.HasPrefix(p, want[i]) || strings.ContainsAny(p, "\r\n") {
			t.Errorf("%s paragraph %d = %q, want it to start with %q", field, i+1, p, want[i])
		}
	}
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		file string
		want []string // every problem, as printed
	}{
		{"broken-no-summary.txt", []string{
			`broken-no-summary.txt: summary: no summary section: expected a heading line "What is a/an Ferry Deckhand?" followed by paragraphs`,
		}},
		{"broken-no-duties.txt", []string{
			`broken-no-duties.txt: duties: no duties section: expected a heading line "What does a/an Piano Tuner do?" or "Duties and Responsibilities" followed by bullets '- Name: description'`,
		}},
		{"broken-empty-duties.txt", []string{
			`broken-empty-duties.txt:4: duties: no bullet in the form '- Name: description' under "What does a Locksmith do?"`,
		}},
		{"broken-empty.txt", []string{
			`broken-empty.txt: summary: no summary section: expected a heading line "What is a/an <Title>?" followed by paragraphs`,
			`broken-empty.txt: duties: no duties section: expected a heading line "What does a/an <Title> do?" or "Duties and Responsibilities" followed by bullets '- Name: description'`,
		}},
	}
	for _, tt := range tests {
		t.Run(strings.TrimSuffix(tt.file, ".txt"), func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", tt.file))
			if err != nil {
				t.Fatal(err)
			}
			p, err := Parse(tt.file, data)
			if p != nil || err == nil {
				t.Fatalf("Parse = %v, %v; want an error", p, err)
			}
			var probs career.Problems
			if !errors.As(err, &probs) {
				t.Fatalf("error %T is not career.Problems: %v", err, err)
			}
			var got []string
			for _, pr := range probs {
				got = append(got, pr.String())
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("problems:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// page builds a page from lines joined with LF.
func page(lines ...string) []byte { return []byte(strings.Join(lines, "\n")) }

func TestParseEdgeCases(t *testing.T) {
	minimal := func(title string) []string {
		return []string{
			"What is a " + title + "?", "They look after bees.",
			"What does a " + title + " do?", "- Hive Checks: Open hives weekly and look for disease.",
		}
	}
	t.Run("LoneCRAndBOM", func(t *testing.T) {
		data := "\ufeff" + strings.Join(minimal("Beekeeper"), "\r")
		p, err := Parse("cr.txt", []byte(data))
		if err != nil {
			t.Fatal(err)
		}
		if p.Career.ID != "beekeeper" || p.Career.Summary != "They look after bees." || len(p.Career.Duties) != 1 {
			t.Errorf("got %+v", p.Career)
		}
	})
	t.Run("ChromeHeadingLosesTheVote", func(t *testing.T) {
		// Site chrome that reads like a summary heading comes first, but
		// the career's own headings outnumber it.
		lines := append([]string{"What is a career test?", "Find out in five minutes."}, minimal("Beekeeper")...)
		lines = append(lines, "What is the workplace of a Beekeeper like?", "Apiaries and honey rooms.")
		p, err := Parse("chrome.txt", page(lines...))
		if err != nil {
			t.Fatal(err)
		}
		if p.Career.Title != "Beekeeper" || p.Career.Workplace != "Apiaries and honey rooms." {
			t.Errorf("got %+v", p.Career)
		}
		if got, want := reasons(p.Dropped), []string{"1 " + ReasonPromo, "2 " + ReasonOutside}; !reflect.DeepEqual(got, want) {
			t.Errorf("dropped = %q, want %q", got, want)
		}
	})
	t.Run("RepeatedHeadingIsDropped", func(t *testing.T) {
		lines := append(minimal("Beekeeper"), "What is a Beekeeper?", "A second, different summary.")
		p, err := Parse("dup.txt", page(lines...))
		if err != nil {
			t.Fatal(err)
		}
		if p.Career.Summary != "They look after bees." {
			t.Errorf("summary = %q", p.Career.Summary)
		}
		if got, want := reasons(p.Dropped), []string{"5 " + ReasonRepeated, "6 " + ReasonRepeated}; !reflect.DeepEqual(got, want) {
			t.Errorf("dropped = %q, want %q", got, want)
		}
	})
	t.Run("DutiesSubHeadingWithoutQuestion", func(t *testing.T) {
		p, err := Parse("sub.txt", page("What is an Apiarist?", "Keeps bees.", "Duties & Responsibilities:", "• Swarm Control: Split colonies before they swarm."))
		if err != nil {
			t.Fatal(err)
		}
		if got := names(p.Career.Duties); !reflect.DeepEqual(got, []string{"Swarm Control"}) {
			t.Errorf("duties = %q", got)
		}
	})
	t.Run("TitleWithAmpersandAndAccent", func(t *testing.T) {
		p, err := Parse("amp.txt", page(minimal("Café Health & Safety Officer")...))
		if err != nil {
			t.Fatal(err)
		}
		if p.Career.ID != "cafe-health-and-safety-officer" {
			t.Errorf("id = %q", p.Career.ID)
		}
	})
	t.Run("UncategorisedListing", func(t *testing.T) {
		// Listed directly under the list heading: no category to take.
		lines := append(minimal("Beekeeper"), "Farming Careers", "- Beekeeper", "- Shepherd")
		p, err := Parse("nocat.txt", page(lines...))
		if err != nil {
			t.Fatal(err)
		}
		if p.Career.Category != "" || !reflect.DeepEqual(p.Listed, []Listing{{"Shepherd", ""}}) {
			t.Errorf("category %q, listed %q", p.Career.Category, p.Listed)
		}
	})
	t.Run("CharacterReferences", func(t *testing.T) {
		// Left over from the site's HTML: decoded, so that the Markdown
		// corpus file reads back as the same text.
		p, err := Parse("refs.txt", page("What is a Beekeeper?", "R&amp;D&nbsp;teams &amp;lt;3 bees; AT&T &ampxyz; &unknown;", "&nbsp;",
			"What does a Beekeeper do?", "- Hive Checks: Weekly."))
		if err != nil {
			t.Fatal(err)
		}
		if want := "R&D teams <3 bees; AT&T &ampxyz; &unknown;"; p.Career.Summary != want {
			t.Errorf("summary = %q, want %q", p.Career.Summary, want)
		}
		checkRoundTrip(t, p.Career)
	})
	t.Run("InvalidUTF8", func(t *testing.T) {
		_, err := Parse("latin1.txt", []byte("What is a Beekeeper?\nK\xe4fer\n"))
		if err == nil || err.Error() != "latin1.txt:2: not valid UTF-8; save the page as UTF-8 text" {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("TooLarge", func(t *testing.T) {
		_, err := Parse("big.txt", make([]byte, MaxSize+1))
		if err == nil || !strings.HasPrefix(err.Error(), "big.txt: ") {
			t.Errorf("err = %v", err)
		}
	})
	t.Run("EmptySummary", func(t *testing.T) {
		_, err := Parse("empty.txt", page("What is a Beekeeper?", "", "What does a Beekeeper do?", "- Hive Checks: Weekly."))
		if err == nil || err.Error() != `empty.txt:1: summary: no text under "What is a Beekeeper?"` {
			t.Errorf("err = %v", err)
		}
	})
}

func TestSlugAndKey(t *testing.T) {
	for _, tt := range []struct{ title, slug, key string }{
		{"AI Engineer", "ai-engineer", "ai engineer"},
		{"Natural Language Processing (NLP) Engineer", "natural-language-processing-nlp-engineer", "natural language processing nlp engineer"},
		{"Women’s Health Nurse", "womens-health-nurse", "womens health nurse"},
		{"R&D Manager", "r-and-d-manager", "r and d manager"},
		{"Señor Técnico", "senor-tecnico", "señor técnico"},
		{"???", "", ""},
		{"化学者", "", "化学者"},
	} {
		if got := Slug(tt.title); got != tt.slug {
			t.Errorf("Slug(%q) = %q, want %q", tt.title, got, tt.slug)
		}
		if got := Key(tt.title); got != tt.key {
			t.Errorf("Key(%q) = %q, want %q", tt.title, got, tt.key)
		}
	}
	if long := Slug(strings.Repeat("word ", 40)); len(long) > 100 || !corpus.ValidID(long) {
		t.Errorf("long slug %q", long)
	}
	if !SameTitle("Natural Language Processing (NLP) Engineer", "natural language processing engineer") {
		t.Error("SameTitle ignores a bracketed abbreviation")
	}
}

// TestCorpusRoundTrip checks that every good page becomes a corpus file that
// the corpus parser accepts under the imported profile and reads back as the
// same career.
func TestCorpusRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if strings.HasPrefix(filepath.Base(f), "broken-") {
			continue
		}
		t.Run(filepath.Base(f), func(t *testing.T) {
			p := mustParseFile(t, filepath.Base(f))
			checkRoundTrip(t, p.Career)
		})
	}
}

func checkRoundTrip(t *testing.T, c *career.Career) {
	t.Helper()
	c2 := *c
	if c2.Category == "" {
		c2.Category = "Imported Pages" // what --category supplies
	}
	data, err := corpus.Format(&c2)
	if err != nil {
		t.Fatal(err)
	}
	doc, probs := corpus.Parse(c2.ID+".md", data, corpus.Imported)
	if len(probs) > 0 {
		t.Fatalf("corpus.Parse:\n%v\nof:\n%s", probs, data)
	}
	if !reflect.DeepEqual(doc.Career, &c2) {
		t.Errorf("read back as\n%+v\nwant\n%+v\nfile:\n%s", doc.Career, &c2, data)
	}
}
