package suggest

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"strings"
	"sync"
	"testing"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// realCareers loads the hand-written corpus, or nothing if it is missing.
func realCareers(tb testing.TB) []*career.Career {
	tb.Helper()
	l, err := corpus.Load([]string{"../../corpus"}, corpus.Basic, nil)
	if err != nil {
		tb.Logf("no corpus (%v): synthetic careers only", err)
		return nil
	}
	return l.Careers()
}

// synthetic returns the real careers followed by generated ones, n in all,
// deterministically. Words are drawn with a Zipf distribution from the real
// corpus's title, alias and specialisation words (the most frequent ones)
// followed by 30,000 made-up words, so that common prefixes ("a", "ai",
// "eng") have long posting lists, as in a real corpus.
func synthetic(real []*career.Career, n int) []*career.Career {
	r := rand.New(rand.NewPCG(2024, 5))
	var nz normalizer
	seen := map[string]bool{}
	var vocab []string
	addWords := func(s string) {
		for _, tk := range nz.words(s, nil) {
			w := s[tk.start:tk.end]
			if !seen[strings.ToLower(w)] {
				seen[strings.ToLower(w)] = true
				vocab = append(vocab, w)
			}
		}
	}
	for _, c := range real {
		addWords(c.Title)
		for _, a := range c.Aliases {
			addWords(a)
		}
		for _, s := range c.Specialisations {
			addWords(s.Name)
		}
	}
	const cons, vows = "bcdfghklmnprstvz", "aeiou"
	for target := len(vocab) + 30000; len(vocab) < target; {
		var b strings.Builder
		for range 2 + r.IntN(3) {
			b.WriteByte(cons[r.IntN(len(cons))])
			b.WriteByte(vows[r.IntN(len(vows))])
		}
		w := b.String()
		if !seen[w] {
			seen[w] = true
			vocab = append(vocab, strings.ToUpper(w[:1])+w[1:])
		}
	}
	zipf := rand.NewZipf(r, 1.07, 2, uint64(len(vocab)-1))
	text := func(min, max int) string {
		words := make([]string, min+r.IntN(max-min+1))
		for i := range words {
			words[i] = vocab[zipf.Uint64()]
		}
		return strings.Join(words, " ")
	}
	out := append([]*career.Career(nil), real[:min(len(real), n)]...)
	for i := len(out); i < n; i++ {
		c := &career.Career{ID: fmt.Sprintf("synthetic-%06d", i), Title: text(2, 4)}
		for range 3 {
			c.Aliases = append(c.Aliases, text(2, 3))
		}
		for range 2 {
			c.Specialisations = append(c.Specialisations, career.Item{Name: text(2, 3)})
		}
		out = append(out, c)
	}
	return out
}

// benchQueries are typical queries, then hard ones: long lists that rarely
// meet ("b n b") and typed words that need several words of one range
// ("h h h").
var benchQueries = []string{
	"prom", "prompt eng", "eng prom", "ai", "a", "ai eng", "data sc", "machine learning e",
	"human-ai", "résumé", "e", "de ma", "ka", "kobe", "a e", "zzzz", "ai data sci",
	"a c s", "b n b", "manager o manager", "h h h",
}

var (
	benchOnce sync.Once
	bench1k   *Index
	bench100k *Index
)

func benchIndexes(b *testing.B) {
	b.Helper()
	benchOnce.Do(func() {
		real := realCareers(b)
		bench1k = Build(synthetic(real, 1000))
		bench100k = Build(synthetic(real, 100000))
	})
}

func benchSuggest(b *testing.B, ix *Index) {
	b.Run("mix", func(b *testing.B) {
		b.ReportAllocs()
		i := 0
		for b.Loop() {
			ix.Suggest(benchQueries[i%len(benchQueries)], 10)
			i++
		}
	})
	for _, q := range benchQueries {
		b.Run(strings.ReplaceAll(q, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				ix.Suggest(q, 10)
			}
		})
	}
}

func BenchmarkSuggest1k(b *testing.B) {
	benchIndexes(b)
	benchSuggest(b, bench1k)
}

func BenchmarkSuggest100k(b *testing.B) {
	benchIndexes(b)
	benchSuggest(b, bench100k)
}

// BenchmarkBuild100k measures building the 100k index and reports its size
// (live heap after Build) and its word count.
func BenchmarkBuild100k(b *testing.B) {
	careers := synthetic(realCareers(b), 100000)
	var ix *Index
	var before, after runtime.MemStats
	for b.Loop() {
		ix = nil
		runtime.GC()
		runtime.ReadMemStats(&before)
		ix = Build(careers)
		runtime.GC()
		runtime.ReadMemStats(&after)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MB")
	b.ReportMetric(float64(len(ix.entries)+len(ix.post)+len(ix.first))/(1<<20), "packed-MB")
	b.ReportMetric(float64(ix.Len()), "entries")
	b.ReportMetric(float64(ix.terms.len()), "terms")
}
