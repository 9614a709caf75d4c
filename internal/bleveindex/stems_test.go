package bleveindex

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// Words that Snowball folds together but are different words ("animals"
// and "animated" are both "anim", "like" and "likely" both "like") are
// kept apart by the stem splits, in the index and in the query alike,
// while the forms of one word still meet: "animals" finds the career that
// says "animal" and not the one that says "animated"; "animation" finds
// the animated films; highlights mark only the query's own word.
func TestStemSplitsKeepWordsApart(t *testing.T) {
	careers := []*career.Career{
		testCareer("keepers", "Zoo Keepers", "Zoo keepers feed and clean up after the animals in their care.",
			"Watch each animal for signs of illness."),
		testCareer("animators", "Animators", "Animators draw the frames of animated films and games.",
			"Time the motion of characters."),
		testCareer("forecasters", "Weather Forecasters", "Forecasters say which weather is likely tomorrow.",
			"Read satellite images."),
	}
	ix := buildWith(t, careers, BuildOptions{}, nil)
	mark := regexp.MustCompile(`<mark>(.*?)</mark>`)
	for _, tc := range []struct {
		query  string
		want   []string
		marked []string // the only words a hit may highlight, lower case
	}{
		{"animals", []string{"keepers"}, []string{"animals", "animal"}},
		{"animal", []string{"keepers"}, []string{"animals", "animal"}},
		{"I like animals", []string{"keepers"}, []string{"animals", "animal"}},
		{"animation", []string{"animators"}, []string{"animated", "animators"}},
		{"likely", []string{"forecasters"}, []string{"likely"}},
	} {
		res, err := ix.Search(context.Background(), career.Query{Text: tc.query, Size: 10})
		if err != nil {
			t.Fatal(err)
		}
		if got := ids(res); !slices.Equal(got, tc.want) {
			t.Errorf("%q: %v, want %v", tc.query, got, tc.want)
		}
		for _, h := range res.Hits {
			for field, frags := range h.Highlights {
				for _, frag := range frags {
					for _, m := range mark.FindAllStringSubmatch(frag, -1) {
						if !slices.Contains(tc.marked, strings.ToLower(m[1])) {
							t.Errorf("%q: %s's %s highlights %q: %s", tc.query, h.ID, field, m[1], frag)
						}
					}
				}
			}
		}
	}
}

// BenchmarkAnalyze runs the shipped corpus's summaries and duties through
// the careers_en analyzer, as a build does for every career: the stem
// splits add a map look-up only when a word is first met (the memo answers
// after that), so this measures what a build's analysis costs per career.
func BenchmarkAnalyze(b *testing.B) {
	m, err := NewMapping(ScoringTFIDF)
	if err != nil {
		b.Fatal(err)
	}
	a := m.AnalyzerNamed(AnalyzerName)
	var texts [][]byte
	for _, c := range loadShipped(b) {
		texts = append(texts, []byte(c.Summary))
		for _, d := range c.Duties {
			texts = append(texts, []byte(d.String()))
		}
	}
	b.ResetTimer()
	for b.Loop() {
		for _, t := range texts {
			a.Analyze(t)
		}
	}
}
