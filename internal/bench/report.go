package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// Target is one goal of an issue, judged on the figures of a run.
type Target struct {
	Issue    int
	Name     string
	Measured string
	Met      bool
}

// TargetIssues are the issues whose targets the report judges, in order.
var TargetIssues = []int{17, 18}

// Targets judges the run against the targets of issue 17 (the 1,016
// O*NET careers without aliases: speed over HTTP and in process) and issue
// 18 (the generated corpus: build, size, memory, search). A target whose
// figures are missing (a corpus or peer not run) is left out.
func (r *Results) Targets() []Target {
	var ts []Target
	add := func(issue int, name, measured string, met bool) {
		ts = append(ts, Target{issue, name, measured, met})
	}
	rate := func(f, p Figure) (string, float64) {
		x := f.PerSec / p.PerSec
		return fmt.Sprintf("%.0f vs %.0f req/s = %.2f×", f.PerSec, p.PerSec, x), x
	}
	if c := r.corpus(CorpusONet); c != nil {
		n := fmt.Sprintf("%s careers", thousands(c.Careers))
		if f, ok := c.HTTP[EngineOurs][8]; ok {
			if p, ok := c.HTTP[EnginePlain][8]; ok {
				m, x := rate(f, p)
				add(17, n+": HTTP c=8 req/s ≥ 1.5× plain Bleve", m, x >= 1.5)
			}
			if p, ok := c.HTTP[EngineSQLite][8]; ok {
				m, x := rate(f, p)
				add(17, n+": HTTP c=8 req/s ≥ 2× SQLite FTS5", m, x >= 2)
			}
			add(17, n+": HTTP c=8 p99 ≤ 15 ms", msf(f.P99), f.P99 <= 15*time.Millisecond)
			add(17, n+": HTTP c=8 no errors", fmt.Sprintf("%d errors in %d requests", f.Errors, f.N+f.Errors), f.Errors == 0)
		}
		if f, ok := c.Search[EngineOurs][1]; ok {
			add(17, n+": in-process p50 ≤ 0.5 ms (1 goroutine)", msf(f.P50), f.P50 <= 500*time.Microsecond)
			if e, ok := c.Search[EngineOursExplain][1]; ok && f.P50 > 0 {
				x := float64(e.P50) / float64(f.P50)
				add(17, n+": in-process p50 with explain=true ≤ 1.2× without",
					fmt.Sprintf("%s vs %s = %.2f×", msf(e.P50), msf(f.P50), x), x <= 1.2)
			}
		}
	}
	if c := r.corpus(CorpusGen); c != nil {
		n := fmt.Sprintf("%s careers", thousands(c.Careers))
		if b, ok := c.Builds[EngineOurs]; ok {
			add(18, n+": build ≤ 30 s", fmt.Sprintf("%.1f s", b.BuildMS/1000), b.BuildMS <= 30_000)
			add(18, n+": build peak RSS ≤ 1 GB", MB(b.PeakRSS), b.PeakRSS <= 1<<30)
			if s, ok := c.Builds[EngineSQLite]; ok {
				x := float64(b.Size) / float64(s.Size)
				add(18, n+": index size ≤ 1.2× SQLite FTS5's", fmt.Sprintf("%s vs %s = %.2f×", MB(b.Size), MB(s.Size), x), x <= 1.2)
			}
		}
		if m, ok := c.Memory[EngineOurs]; ok && m.Load > 0 {
			add(18, n+": server RSS under load ≤ 600 MB", MB(m.Load), m.Load <= 600<<20)
		}
		if f, ok := c.Search[EngineOurs][1]; ok {
			add(18, n+": in-process p99 ≤ 40 ms (1 goroutine)", msf(f.P99), f.P99 <= 40*time.Millisecond)
			for _, e := range []string{EnginePlain, EngineSQLite} {
				if p, ok := c.Search[e][1]; ok {
					add(18, n+": in-process p50 below "+e+"'s (1 goroutine)",
						fmt.Sprintf("%s vs %s", msf(f.P50), msf(p.P50)), f.P50 < p.P50)
				}
			}
		}
	}
	if rl := r.Reload; rl != nil && len(rl.Total) > 0 {
		add(18, "no failed request while the hand-written corpus is rebuilt under load",
			fmt.Sprintf("%d failed of %d", rl.Load.Errors, rl.Load.N+rl.Load.Errors), rl.Load.Errors == 0)
	}
	return ts
}

func (r *Results) corpus(name string) *CorpusResults {
	for _, c := range r.Corpora {
		if c.Plan.Corpus == name {
			return c
		}
	}
	return nil
}

// Markdown writes the results as Markdown tables.
func (r *Results) Markdown(w io.Writer) {
	p := func(format string, args ...any) { fmt.Fprintf(w, format, args...) }
	m := r.Machine
	p("# Benchmark results\n\n")
	p("Run %s, took %s. Machine: %d CPUs (%s), %s, %s; load average %s at the start, %s at the end.\n\n",
		r.Started.Format("2006-01-02 15:04 MST"), r.Took.Round(time.Second), m.CPUs, m.CPU, m.MemTotal, m.GoVersion, m.LoadAvg, m.LoadAvgEnd)
	src := map[string]int{}
	for _, q := range r.Queries {
		src[q.Source]++
	}
	p("Query pool: %d distinct queries of 1–%d words from O*NET 30.1 (%d reported titles, %d activities, %d task openings, %d technology names), shuffled with a fixed seed; the hand-written corpus is searched with its %d judged queries first, then the pool. ",
		len(r.Queries), MaxQueryWords, src[SourceTitle], src[SourceActivity], src[SourceTaskStart], src[SourceTechnology], r.judged())
	p("Every round takes the next queries of the mix, the same for every engine, so no query repeats within a round. ")
	p("Each search is a page of 10 with category counts and highlights. ")
	p("Figures are medians over repeated rounds (below); **÷** columns are ours ÷ that peer (below 1 is better for times, sizes and memory; above 1 is better for q/s). Rounds interleave the engines, so a noisy moment of the machine hits all of them.\n\n")
	p("| corpus | what it is | distinct queries searched | rounds | searches per in-process round | HTTP round bound | builds |\n|---|---|---:|---:|---|---|---:|\n")
	for _, c := range r.Corpora {
		pl := c.Plan
		p("| %s | %s | %s | %d | %d (≤ %s) | %d requests or %s | %d |\n", pl.Corpus, CorpusDescription(pl.Corpus), thousands(c.Queries),
			pl.Rounds, pl.SearchOps, pl.SearchTime, pl.Requests, pl.HTTPTime, pl.BuildRuns)
	}
	p("\n")
	for _, n := range r.Notes {
		p("Note: %s\n\n", n)
	}

	p("## Index build (each in its own process)\n\n")
	p("| corpus | careers | engine | builds | build | peak RSS | corpus RSS | size on disk | build ÷ FTS5 | RSS ÷ FTS5 | size ÷ FTS5 |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range r.Corpora {
		s, hasPeer := c.Builds[EngineSQLite]
		for _, e := range []string{EngineOurs, EngineSQLite, EnginePlain} {
			b, ok := c.Builds[e]
			if !ok {
				continue
			}
			p("| %s | %s | %s | %d | %s | %s | %s | %s |", c.Plan.Corpus, thousands(c.Careers), e, b.Runs,
				secs(b.BuildMS), MB(b.PeakRSS), MB(b.CorpusRSS), MB(b.Size))
			if e == EngineOurs && hasPeer {
				p(" %s | %s | %s |\n", ratio(b.BuildMS, s.BuildMS), ratio(float64(b.PeakRSS), float64(s.PeakRSS)), ratio(float64(b.Size), float64(s.Size)))
			} else {
				p("  |  |  |\n")
			}
		}
	}
	p("\nPeak RSS is the build's own peak (reset after the corpus is loaded), with the corpus in memory; corpus RSS is that baseline. Plain Bleve has an index of its own, built once: the same documents and analysis with the texts stored in Bleve (ours store none), for its highlighter.\n\n")

	p("## In-process search (top 10, facets, highlights)\n\n")
	p("| corpus | queries | goroutines | engine | p50 ms | p95 ms | p99 ms | q/s | q/s noise | mean matches | zero results | p50 ÷ | p99 ÷ | q/s ÷ |\n|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range r.Corpora {
		gs := sortedKeys(c.Search[EngineOurs])
		for _, g := range gs {
			ours := c.Search[EngineOurs][g]
			for _, e := range append([]string{EngineOurs, EngineOursExplain}, engines()[1:]...) {
				f, ok := c.Search[e][g]
				if !ok {
					continue
				}
				t := c.Totals[e]
				if e == EngineOursExplain {
					t = c.Totals[EngineOurs]
				}
				p("| %s | %d | %d | %s | %s | %s | %s | %.0f | ±%.0f%% | %.0f | %.0f%% |", c.Plan.Corpus, c.Queries, g, e,
					num(f.P50), num(f.P95), num(f.P99), f.PerSec, 50*Spread(f.Rates), t[0], 100*t[1])
				if e == EngineOurs || e == EngineOursExplain {
					p("  |  |  |\n")
				} else {
					p(" %s | %s | %s |\n", ratio(float64(ours.P50), float64(f.P50)), ratio(float64(ours.P99), float64(f.P99)), ratio(ours.PerSec, f.PerSec))
				}
			}
		}
	}
	p("\nqueries is the number of distinct queries the corpus was searched with. q/s noise is half the spread (max − min) of the rounds' q/s, as a share of the median. The *%s* row is ours asked to explain every hit (one goroutine, the same rounds); its cost against ours is in the targets.\n\n", EngineOursExplain)

	p("## HTTP on 127.0.0.1 (server in its own process, Go load generator)\n\n")
	p("| corpus | concurrency | engine | requests | errors | p50 ms | p95 ms | p99 ms | req/s | req/s noise | p50 ÷ | p99 ÷ | req/s ÷ |\n|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range r.Corpora {
		for _, cc := range sortedKeys(c.HTTP[EngineOurs]) {
			ours := c.HTTP[EngineOurs][cc]
			for _, e := range engines() {
				f, ok := c.HTTP[e][cc]
				if !ok {
					continue
				}
				p("| %s | %d | %s | %d | %d | %s | %s | %s | %.0f | ±%.0f%% |", c.Plan.Corpus, cc, e, f.N, f.Errors,
					num(f.P50), num(f.P95), num(f.P99), f.PerSec, 50*Spread(f.Rates))
				if e == EngineOurs {
					p("  |  |  |\n")
				} else {
					p(" %s | %s | %s |\n", ratio(float64(ours.P50), float64(f.P50)), ratio(float64(ours.P99), float64(f.P99)), ratio(ours.PerSec, f.PerSec))
				}
			}
		}
	}
	p("\nRequests are summed over the rounds; each round is bounded by a request count and a time (see BENCHMARKS.md). Ours is httpapi.New on a Live index with the shipped server options; the peers are a minimal net/http JSON handler.\n\n")

	p("## Server memory (RSS of the server process)\n\n")
	p("| corpus | engine | at rest | of which anon | peak under load | of which anon | rest ÷ | load ÷ | load anon ÷ |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, c := range r.Corpora {
		ours := c.Memory[EngineOurs]
		for _, e := range engines() {
			m, ok := c.Memory[e]
			if !ok {
				continue
			}
			p("| %s | %s | %s | %s | %s | %s |", c.Plan.Corpus, e, MB(m.Rest), MB(m.RestAnon), MB(m.Load), MB(m.LoadAnon))
			if e == EngineOurs {
				p("  |  |  |\n")
			} else {
				p(" %s | %s | %s |\n", ratio(float64(ours.Rest), float64(m.Rest)), ratio(float64(ours.Load), float64(m.Load)),
					ratio(float64(ours.LoadAnon), float64(m.LoadAnon)))
			}
		}
	}
	p("\nRSS counts the index files' pages mapped into the process (Bleve's segments, SQLite's mmap, once per connection) as they are touched; anon is the rest (heap, stacks, SQLite's page caches).\n\n")

	if rl := r.Reload; rl != nil && len(rl.Total) > 0 {
		p("## Rebuild and pick-up under load (hand-written corpus, concurrency 8, reload interval %s)\n\n", ReloadInterval)
		p("| rebuilds | rebuild median / worst | pick-up median / worst | total median / worst | requests | failed | p99 ms |\n|---:|---:|---:|---:|---:|---:|---:|\n")
		p("| %d | %.0f / %.0f ms | %.0f / %.0f ms | %.0f / %.0f ms | %d | %d | %s |\n\n", rl.Rebuilds,
			Median(rl.Rebuild), slices.Max(rl.Rebuild), Median(rl.Pickup), slices.Max(rl.Pickup),
			Median(rl.Total), slices.Max(rl.Total), rl.Load.N, rl.Load.Errors, num(rl.Load.P99))
		p("The peers have no live reload.\n\n")
	}

	for _, issue := range TargetIssues {
		var rows []Target
		for _, t := range r.Targets() {
			if t.Issue == issue {
				rows = append(rows, t)
			}
		}
		if len(rows) == 0 {
			continue
		}
		p("## Targets of issue %d (%s)\n\n| target | measured | met |\n|---|---|---|\n", issue, issueCorpus[issue])
		for _, t := range rows {
			met := "not met"
			if t.Met {
				met = "met"
			}
			p("| %s | %s | %s |\n", t.Name, t.Measured, met)
		}
		p("\n")
	}
}

// issueCorpus says which corpus an issue's targets are measured on.
var issueCorpus = map[int]string{
	17: "onet: " + CorpusDescription(CorpusONet) + ", distinct queries",
	18: "gen: " + CorpusDescription(CorpusGen),
}

// judged is how many hand-written judged queries the hand-written corpus
// was searched with.
func (r *Results) judged() int {
	if c := r.corpus(CorpusHand); c != nil {
		return c.Sources[SourceJudged]
	}
	return 0
}

func sortedKeys[V any](m map[int]V) []int {
	var ks []int
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func num(d time.Duration) string {
	v := float64(d) / float64(time.Millisecond)
	switch {
	case v < 10:
		return fmt.Sprintf("%.2f", v)
	case v < 100:
		return fmt.Sprintf("%.1f", v)
	}
	return fmt.Sprintf("%.0f", v)
}

func msf(d time.Duration) string { return num(d) + " ms" }

func secs(ms float64) string {
	if ms < 1000 {
		return fmt.Sprintf("%.0f ms", ms)
	}
	return fmt.Sprintf("%.1f s", ms/1000)
}

func ratio(a, b float64) string {
	if b == 0 {
		return "–"
	}
	return fmt.Sprintf("%.2f", a/b)
}

func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
