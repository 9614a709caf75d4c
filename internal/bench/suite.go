package bench

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"time"
)

// Plan sizes the measurements of one corpus.
type Plan struct {
	Corpus     string
	Rounds     int           // repeated runs of every search and HTTP figure (0: Config.Rounds)
	BuildRuns  int           // builds per engine (each in its own process)
	Queries    int           // distinct queries of the mix used (a prefix; 0: all)
	Totals     int           // queries of the warm-up pass that counts matches (0: SearchOps)
	SearchOps  int           // searches per in-process round (at most the queries used)
	SearchTime time.Duration // bound of an in-process round
	Requests   int           // requests per HTTP round (at most the queries used)
	HTTPTime   time.Duration // bound of an HTTP round
}

// Config is one run of the suite.
type Config struct {
	Sources
	Work        string // scratch directory for indexes
	Rounds      int    // default repeated runs of every search and HTTP figure
	Plans       []Plan
	Goroutines  []int // in-process concurrency
	Concurrency []int // HTTP concurrency
	Rebuilds    int   // rebuilds in the reload test
	Log         io.Writer
}

// DefaultConfig is `make bench`: 7 to 13 minutes on 2 cores, depending on
// how busy the machine is; the one build of the generated corpus is the
// largest part. Every round takes the next queries of its corpus's mix, so
// no query repeats within a round, and none across rounds until the mix
// (about 10,000 queries) is used up.
func DefaultConfig(src Sources, work string, log io.Writer) Config {
	return Config{
		Sources: src, Work: work, Rounds: 3, Log: log,
		Goroutines: []int{1, 2}, Concurrency: []int{1, 8, 32}, Rebuilds: 7,
		Plans: []Plan{
			{Corpus: CorpusHand, Rounds: 5, BuildRuns: 3, Totals: 300, SearchOps: 1000, SearchTime: 5 * time.Second, Requests: 3000, HTTPTime: time.Second},
			{Corpus: CorpusONet, Rounds: 5, BuildRuns: 3, Totals: 300, SearchOps: 1000, SearchTime: 5 * time.Second, Requests: 3000, HTTPTime: time.Second},
			{Corpus: CorpusGen, Rounds: 3, BuildRuns: 1, Totals: 60, SearchOps: 60, SearchTime: 10 * time.Second, Requests: 64, HTTPTime: 4 * time.Second},
		},
	}
}

// QuickConfig is a smoke run of every step with tiny budgets and a
// generated corpus of 5,000 careers; its figures mean little.
func QuickConfig(src Sources, work string, log io.Writer) Config {
	c := DefaultConfig(src, work, log)
	c.GenSize = 5000
	c.Rounds = 2
	c.Rebuilds = 2
	for i := range c.Plans {
		p := &c.Plans[i]
		p.Rounds, p.BuildRuns, p.Totals, p.SearchOps, p.SearchTime = 2, 1, 40, 40, time.Second
		p.Requests, p.HTTPTime = 40, 500*time.Millisecond
	}
	return c
}

// Engines in the order they are reported; ours first.
var Engines = []string{EngineOurs, EnginePlain, EngineSQLite}

// EngineOursExplain is ours asked to explain every hit's score
// (explain=true), measured in process with one goroutine beside ours.
const EngineOursExplain = EngineOurs + " explain=true"

// Results is everything one run measured.
type Results struct {
	Machine Machine
	Started time.Time
	Took    time.Duration
	Queries []Query // the O*NET query pool (the hand-written corpus adds the judged queries)
	Corpora []*CorpusResults
	Reload  *ReloadResult
	Notes   []string
}

// CorpusResults are the figures of one corpus.
type CorpusResults struct {
	Plan    Plan
	Careers int
	Queries int                       // distinct queries searched (none repeated within a round)
	Sources map[string]int            // of which, by Query.Source
	Builds  map[string]BuildFigures   // by engine (ours, sqlite)
	Search  map[string]map[int]Figure // by engine, goroutines
	Totals  map[string][2]float64     // mean matches, zero-result share
	HTTP    map[string]map[int]Figure // by engine, concurrency
	Memory  map[string]ServerMemory   // by engine
}

// Figure is the median over rounds of a run's stats, with the rounds' q/s
// for the noise.
type Figure struct {
	Stats
	Rates []float64
}

// BuildFigures are the medians over a corpus's builds of one engine.
type BuildFigures struct {
	Runs      int
	BuildMS   float64
	PeakRSS   int64
	CorpusRSS int64
	Size      int64
	BuildsMS  []float64
}

// ServerMemory is a server process's resident memory.
type ServerMemory struct {
	Rest     int64 // RSS after opening the index, before any request
	RestAnon int64 // of which not mapped files
	Load     int64 // peak RSS during the HTTP runs (sampled every 20 ms, and VmHWM)
	LoadAnon int64 // peak of the anonymous part (sampled)
}

// Machine describes where the suite ran.
type Machine struct {
	CPUs       int
	CPU        string
	MemTotal   string
	GoVersion  string
	LoadAvg    string // at the start
	LoadAvgEnd string
}

func (c Config) logf(format string, args ...any) {
	if c.Log != nil {
		fmt.Fprintf(c.Log, "%s "+format+"\n", append([]any{time.Now().Format("15:04:05")}, args...)...)
	}
}

// Run runs the suite.
func Run(ctx context.Context, cfg Config) (*Results, error) {
	r := &Results{Machine: ReadMachine(), Started: time.Now()}
	pool, err := QueryPool(cfg.Sources, PoolPerSource)
	if err != nil {
		return nil, err
	}
	r.Queries = pool
	hand, err := HandQueries(cfg.Sources, pool)
	if err != nil {
		return nil, err
	}
	if !SQLiteBuilt {
		r.Notes = append(r.Notes, ErrPeerNotBuilt.Error())
	}
	for _, p := range cfg.Plans {
		queries := pool
		if p.Corpus == CorpusHand {
			queries = hand
		}
		cr, err := runCorpus(ctx, cfg, p, queries)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p.Corpus, err)
		}
		r.Corpora = append(r.Corpora, cr)
	}
	cfg.logf("reload: %d rebuilds of the hand-written corpus under load", cfg.Rebuilds)
	r.Reload, err = MeasureReload(ctx, filepath.Join(cfg.Work, "reload"), cfg.Sources, hand, cfg.Rebuilds)
	if err != nil {
		return nil, fmt.Errorf("reload: %w", err)
	}
	r.Took = time.Since(r.Started)
	r.Machine.LoadAvgEnd = ReadMachine().LoadAvg
	return r, nil
}

func engines() []string {
	if SQLiteBuilt {
		return Engines
	}
	return Engines[:2]
}

func runCorpus(ctx context.Context, cfg Config, p Plan, all []Query) (*CorpusResults, error) {
	if p.Rounds <= 0 {
		p.Rounds = cfg.Rounds
	}
	queries := all
	if p.Queries > 0 && p.Queries < len(all) {
		queries = all[:p.Queries]
	}
	if len(queries) == 0 {
		return nil, fmt.Errorf("no queries")
	}
	// next hands out the queries of each round: the following n of the
	// mix, the same for every engine of the round, none twice in a round.
	cursor := 0
	next := func(n int) []Query {
		w := window(queries, cursor, n)
		cursor += len(w)
		return w
	}
	cr := &CorpusResults{Plan: p, Builds: map[string]BuildFigures{},
		Search: map[string]map[int]Figure{}, Totals: map[string][2]float64{},
		HTTP: map[string]map[int]Figure{}, Memory: map[string]ServerMemory{}}
	dirs := map[string]string{
		EngineOurs:   filepath.Join(cfg.Work, p.Corpus, "bleve"),
		EnginePlain:  filepath.Join(cfg.Work, p.Corpus, "plain"),
		EngineSQLite: filepath.Join(cfg.Work, p.Corpus, "sqlite"),
	}

	// Builds, each in a process of its own.
	for _, e := range []string{EngineSQLite, EngineOurs, EnginePlain} {
		if e == EngineSQLite && !SQLiteBuilt {
			continue
		}
		// The plain peer's build is no target: built once, to search.
		builds := p.BuildRuns
		if e == EnginePlain {
			builds = 1
		}
		var runs []BuildResult
		for i := range builds {
			cfg.logf("%s: build %s (%d/%d)", p.Corpus, e, i+1, builds)
			args := []string{"build", "-corpus", p.Corpus, "-engine", e, "-dir", dirs[e],
				"-hand", cfg.Hand, "-onet", cfg.ONet, "-judgements", cfg.Judgements,
				"-gen-size", strconv.Itoa(cfg.GenSize)}
			out, _, err := RunChild(ctx, args...)
			if err != nil {
				return nil, err
			}
			var br BuildResult
			if err := json.Unmarshal(out, &br); err != nil {
				return nil, fmt.Errorf("build %s: %w", e, err)
			}
			runs = append(runs, br)
			cr.Careers = br.Careers
		}
		cr.Builds[e] = medianBuild(runs)
	}

	// In-process search: every engine open at once, rounds interleaved so
	// that a noisy moment of the machine hits all engines alike.
	open := map[string]Engine{}
	defer func() {
		for name, e := range open {
			if name != EngineOursExplain {
				e.Close()
			}
		}
	}()
	totals := p.Totals
	if totals <= 0 {
		totals = p.SearchOps
	}
	// The warm-up takes the mix's last queries, so that the rounds start
	// with its first (for the hand-written corpus, the judged queries) and
	// meet the warm-up's queries again only once the mix is used up.
	warm := window(queries, len(queries)-min(totals, len(queries)), totals)
	for _, name := range engines() {
		e, err := OpenEngine(name, dirs[name])
		if err != nil {
			return nil, fmt.Errorf("opening %s: %w", name, err)
		}
		open[name] = e
		cfg.logf("%s: warm-up and totals, %s", p.Corpus, name)
		mean, zero, err := Totals(ctx, e, warm)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		cr.Totals[name] = [2]float64{mean, zero}
	}
	open[EngineOursExplain] = Explaining{open[EngineOurs]}
	runs := map[string]map[int][]Stats{}
	for _, g := range cfg.Goroutines {
		for round := range p.Rounds {
			qs := next(p.SearchOps)
			names := engines()
			if g == 1 {
				names = append([]string{EngineOurs, EngineOursExplain}, names[1:]...)
			}
			for _, name := range names {
				cfg.logf("%s: in-process %s, %d goroutines, round %d", p.Corpus, name, g, round+1)
				s := RunInProcess(ctx, open[name], qs, g, len(qs), p.SearchTime)
				if runs[name] == nil {
					runs[name] = map[int][]Stats{}
				}
				runs[name][g] = append(runs[name][g], Summarise(s))
			}
		}
	}
	for name, byG := range runs {
		cr.Search[name] = map[int]Figure{}
		for g, st := range byG {
			cr.Search[name][g] = figure(st)
		}
	}
	delete(open, EngineOursExplain) // the same engine as ours
	for name, e := range open {
		e.Close()
		delete(open, name)
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	// HTTP: a server process per engine, all started before the load.
	servers := map[string]*Child{}
	defer func() {
		for _, s := range servers {
			s.Stop()
		}
	}()
	for _, name := range engines() {
		cfg.logf("%s: starting %s server", p.Corpus, name)
		s, err := StartServer(ctx, name, dirs[name], ReloadInterval)
		if err != nil {
			return nil, err
		}
		servers[name] = s
		time.Sleep(200 * time.Millisecond)
		m := s.Mem()
		cr.Memory[name] = ServerMemory{Rest: m.RSS, RestAnon: m.Anon}
	}
	hruns := map[string]map[int][]Stats{}
	peak := map[string]Mem{}
	for ci, c := range cfg.Concurrency {
		client := NewClient(c)
		for round := range p.Rounds + 1 {
			if round == 0 && ci > 0 {
				continue // servers are warm after the first level
			}
			n := p.Requests
			if round == 0 {
				n = min(n, 2*totals) // warm-up round, not counted
			}
			qs := next(n)
			for _, name := range engines() {
				s := servers[name]
				urls := make([]string, len(qs))
				for i, q := range qs {
					urls[i] = SearchURL(s.Addr, q.Text)
				}
				sample := func() {
					m, pk := s.Mem(), peak[name]
					pk.RSS, pk.Anon = max(pk.RSS, m.RSS), max(pk.Anon, m.Anon)
					peak[name] = pk
				}
				if round == 0 {
					// Warm-up round, not counted.
					cfg.logf("%s: HTTP %s, concurrency %d, warm-up", p.Corpus, name, c)
					Load(ctx, client, urls, c, len(urls), p.HTTPTime, sample)
					continue
				}
				cfg.logf("%s: HTTP %s, concurrency %d, round %d", p.Corpus, name, c, round)
				smp := Load(ctx, client, urls, c, len(urls), p.HTTPTime, sample)
				if hruns[name] == nil {
					hruns[name] = map[int][]Stats{}
				}
				hruns[name][c] = append(hruns[name][c], Summarise(smp))
			}
		}
		client.CloseIdleConnections()
	}
	for name, byC := range hruns {
		cr.HTTP[name] = map[int]Figure{}
		for c, st := range byC {
			cr.HTTP[name][c] = figure(st)
		}
		m := cr.Memory[name]
		m.Load = max(peak[name].RSS, servers[name].Mem().HWM)
		m.LoadAnon = peak[name].Anon
		cr.Memory[name] = m
	}
	cr.Sources = map[string]int{}
	used := append(window(queries, 0, min(cursor, len(queries))), warm...)
	seen := map[string]bool{}
	for _, q := range used {
		if !seen[q.Text] {
			seen[q.Text] = true
			cr.Sources[q.Source]++
		}
	}
	cr.Queries = len(seen)
	return cr, ctx.Err()
}

func figure(runs []Stats) Figure {
	f := Figure{Stats: MedianStats(runs)}
	for _, r := range runs {
		f.Rates = append(f.Rates, r.PerSec)
	}
	return f
}

func medianBuild(runs []BuildResult) BuildFigures {
	var t, peak, corpus, size []float64
	for _, r := range runs {
		t = append(t, r.BuildMS)
		peak = append(peak, float64(r.PeakRSS))
		corpus = append(corpus, float64(r.CorpusRSS))
		size = append(size, float64(r.Size))
	}
	return BuildFigures{Runs: len(runs), BuildMS: Median(t), PeakRSS: int64(Median(peak)),
		CorpusRSS: int64(Median(corpus)), Size: int64(Median(size)), BuildsMS: t}
}

// ReadMachine describes this machine.
func ReadMachine() Machine {
	m := Machine{CPUs: runtime.NumCPU(), GoVersion: runtime.Version()}
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
				m.CPU = strings.TrimSpace(v)
				break
			}
		}
	}
	if b, err := os.ReadFile("/proc/meminfo"); err == nil {
		for _, line := range strings.Split(string(b), "\n") {
			if v, ok := strings.CutPrefix(line, "MemTotal:"); ok {
				kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
				m.MemTotal = fmt.Sprintf("%.1f GiB", kb/(1<<20))
			}
		}
	}
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(b))
		if len(f) >= 3 {
			m.LoadAvg = strings.Join(f[:3], " ")
		}
	}
	return m
}
