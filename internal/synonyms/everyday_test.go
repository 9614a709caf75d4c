package synonyms

import (
	"bufio"
	"os"
	"slices"
	"strings"
	"testing"
)

// shippedFile is the synonym file the commands use by default.
const shippedFile = "../../config/synonyms.txt"

// everydayHeading starts the section of everyday words in the shipped file.
const everydayHeading = "# --- Everyday words"

// TestEverydayWords checks that rules of the shipped file's everyday-words
// section expand what people type into the careers' words, and that the
// guards and the longer entries keep a word's other senses out.
func TestEverydayWords(t *testing.T) {
	set := mustLoad(t, shippedFile)
	tests := []struct {
		query string
		want  []string // phrases that must be among the alternatives
		not   []string // phrases that must not be
		none  bool     // no alternative at all
		// searchedAs is the phrase an @instead rule searches the words as.
		searchedAs string
	}{
		{query: "fix my car", want: []string{"repair", "vehicle", "automotive"}},
		{query: "fixing cars", want: []string{"repair", "vehicle"}},
		{query: "grease monkey", want: []string{"mechanic"}},
		{query: "sparky", want: []string{"electrician"}},
		{query: "paper pusher", want: []string{"clerk"}},
		{query: "teens", want: []string{"adolescent"}},
		{query: "look after kids", want: []string{"care for", "children"}},
		{query: "my boss", want: []string{"manager"}},
		// The longer entry wins: one's own boss is not a manager.
		{query: "be my own boss", want: []string{"self employed", "entrepreneur"}, not: []string{"manager", "supervisor"}},
		{query: "TVs", want: []string{"television"}},
		{query: "railway jobs", want: []string{"railroad"}},
		{query: "PC games", want: []string{"video game"}},
		// Guards: the word fires only next to a word of the sense meant.
		{query: "shop", none: true},
		{query: "clothes shop", want: []string{"retail", "clothing"}},
		{query: "data store", none: true},
		{query: "doc", none: true},
		{query: "doc at a hospital", want: []string{"physician"}},
		{query: "plant manager", none: true},
		{query: "grow plants", want: []string{"horticulture"}},
		{query: "game theory", none: true},
		{query: "auto scaling", none: true},
		{query: "auto repair", want: []string{"automotive"}},
		{query: "make money", none: true},
		{query: "work with money", want: []string{"finance"}},
		{query: "sick leave", none: true},
		{query: "sick kids", want: []string{"ill", "children"}},
		{query: "draw conclusions", none: true},
		{query: "draw pictures", want: []string{"illustrate"}},
		{query: "hard drive repair", none: true},
		{query: "drive a truck", want: []string{"driver"}},
		// Longer entries take a phrase away from a wrong shorter rule.
		{query: "draw blood", want: []string{"phlebotomy"}, not: []string{"illustrate"}},
		{query: "work in a machine shop", want: []string{"machinist"}, not: []string{"retail"}},
		{query: "PET scan", want: []string{"positron emission tomography"}, not: []string{"animal"}},
		{query: "hot dog vendor", not: []string{"canine", "animal"}},
		{query: "eye doctor", want: []string{"optometrist"}, not: []string{"physician"}},
		{query: "pub/sub", not: []string{"bar", "tavern"}},
		// What people are like, are good at, care about, and can stand.
		{query: "I'm a people person", want: []string{"interpersonal"}},
		{query: "calm under pressure", want: []string{"stress tolerance"}},
		{query: "good with words", want: []string{"writing"}},
		{query: "work with animals", want: []string{"animal care"}},
		{query: "save lives", want: []string{"emergency", "rescue"}},
		{query: "well paid", want: []string{"high salary"}},
		{query: "on my feet all day", want: []string{"standing"}},
		{query: "work at heights", want: []string{"scaffolding"}},
		{query: "fix computers", want: []string{"repair", "troubleshoot"}},
		{query: "sell houses", want: []string{"real estate", "sales"}},
		{query: "sporty", want: []string{"athletic"}},
		{query: "outdoorsy type", want: []string{"outdoors"}},
		{query: "work with people", want: []string{"interact", "interpersonal"}},
		// Idioms and negations are searched as what they mean.
		{query: "green thumb", searchedAs: "gardening"},
		{query: "night owl", searchedAs: "night shift"},
		{query: "head for figures", searchedAs: "mathematics", not: []string{"supervisor"}},
		{query: "jobs with no degree", searchedAs: "apprentice"},
		{query: "jobs with no experience", searchedAs: "entry level"},
		{query: "not a desk job", searchedAs: "physical", not: []string{"office"}},
		{query: "rough sleepers", searchedAs: "homeless"},
		// Longer entries win over a shorter rule that would be wrong here.
		{query: "boss people around", searchedAs: "supervise", not: []string{"manager"}},
		{query: "cut down trees", want: []string{"logging"}, not: []string{"arborist"}},
		{query: "tech school", want: []string{"vocational"}, not: []string{"technician"}},
		// Guards and omissions keep other senses silent.
		{query: "vet", none: true},
		{query: "army vet", want: []string{"veteran"}, not: []string{"veterinarian"}},
		{query: "vet clinic", want: []string{"veterinarian"}, not: []string{"veteran"}},
		{query: "pupil dilation", none: true},
		{query: "primary school pupils", want: []string{"student"}},
		{query: "bio", none: true},
		{query: "bio lab", want: []string{"biology"}},
		{query: "debate", none: true},
		{query: "argue cases", want: []string{"persuasion"}},
		{query: "fast moving consumer goods", none: true},
		{query: "in the field of medicine", none: true},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			alts := set.Expand(Words(tt.query))
			checkAlternatives(t, Words(tt.query), alts)
			var got []string
			for _, a := range alts {
				got = append(got, a.Phrase)
			}
			if tt.none && len(got) > 0 {
				t.Fatalf("Expand(%q) = %v, want none", tt.query, render(alts))
			}
			for _, w := range tt.want {
				if !slices.Contains(got, w) {
					t.Errorf("Expand(%q) = %v, want %q among them", tt.query, render(alts), w)
				}
			}
			if tt.searchedAs != "" && !slices.ContainsFunc(alts, func(a Alternative) bool { return a.First && a.Phrase == tt.searchedAs }) {
				t.Errorf("Expand(%q) = %v, want it searched as %q", tt.query, render(alts), tt.searchedAs)
			}
			for _, n := range tt.not {
				if slices.Contains(got, n) {
					t.Errorf("Expand(%q) = %v, want no %q", tt.query, render(alts), n)
				}
			}
		})
	}
}

// TestEverydayWordsOneWay checks the section's promise that its rules go
// one way only: an everyday word is searched as the careers' word, never
// the careers' word as the everyday one.
func TestEverydayWordsOneWay(t *testing.T) {
	f, err := os.Open(shippedFile)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	start := 0
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if strings.HasPrefix(sc.Text(), everydayHeading) {
			start = n
			break
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if start == 0 {
		t.Fatalf("%s has no line starting %q", shippedFile, everydayHeading)
	}
	set := mustLoad(t, shippedFile)
	rules := 0
	for _, g := range set.groups {
		if g.line <= start {
			continue
		}
		rules++
		if g.left == 0 {
			t.Errorf("%s:%d: a group of equivalents in the everyday-words section; write it one way (=>)", shippedFile, g.line)
		}
	}
	if rules < 450 {
		t.Errorf("%d rules in the everyday-words section, want at least 450", rules)
	}
}
