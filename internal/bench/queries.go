package bench

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/careersearch/careers/internal/eval"
)

// Query sources, as they appear in Query.Source.
const (
	SourceTitle      = "title"      // a reported job title (Sample of Reported Titles)
	SourceActivity   = "activity"   // a detailed work activity (DWA Reference)
	SourceTaskStart  = "task"       // the first 2 to 4 words of a task statement
	SourceTechnology = "technology" // a technology name (Technology Skills examples)
	SourceJudged     = "judged"     // a hand-written judged query (testdata/judgements)
)

// PoolPerSource is how many queries the pool draws from each O*NET source
// at most (the activities have fewer distinct short titles than that).
const PoolPerSource = 3000

// MaxQueryWords is the longest query of the mix, in words.
const MaxQueryWords = 6

// Query is one benchmark query and where it comes from.
type Query struct {
	Text   string
	Source string // one of the Source constants
}

// onetSource is one O*NET file and column the pool draws from.
type onetSource struct {
	name, file, column string
}

var onetSources = []onetSource{
	{SourceTitle, "Sample of Reported Titles.txt", "Reported Job Title"},
	{SourceActivity, "DWA Reference.txt", "DWA Title"},
	{SourceTaskStart, "Task Statements.txt", "Task"},
	{SourceTechnology, "Technology Skills.txt", "Example"},
}

// QueryPool returns the distinct query mix of the suite, drawn from the
// O*NET files under src.ONet with the fixed seed: up to perSource reported
// job titles, detailed work activities, task openings (the first 2 to 4
// words of a task statement, as a user types the start of a duty) and
// technology names, each of 1 to MaxQueryWords words. No two queries are
// equal without regard to case and spacing. The pool is shuffled, so any
// run of consecutive queries mixes the four sources; the same sources give
// the same pool on every machine and run.
func QueryPool(src Sources, perSource int) ([]Query, error) {
	rng := rand.New(rand.NewPCG(Seed, 2))
	seen := map[string]bool{}
	var out []Query
	for _, s := range onetSources {
		path := filepath.Join(src.ONet, s.file)
		values, err := readColumn(path, s.column)
		if err != nil {
			return nil, err
		}
		var texts []string
		for _, v := range values {
			if s.name == SourceTaskStart {
				v = taskOpening(v, 2+rng.IntN(3))
			}
			texts = append(texts, v)
		}
		out = append(out, draw(texts, s.name, perSource, seen, rng)...)
	}
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

// HandQueries returns the hand-written judged queries (only their texts)
// followed by the pool's queries that differ from them: the hand-written
// corpus is searched with the queries written for it first.
func HandQueries(src Sources, pool []Query) ([]Query, error) {
	judged, err := eval.LoadJSONL("handwritten", src.Judgements)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	var texts []string
	for _, j := range judged.Queries {
		texts = append(texts, j.Query)
	}
	rng := rand.New(rand.NewPCG(Seed, 1))
	out := draw(texts, SourceJudged, len(texts), seen, rng)
	for _, q := range pool {
		if k := strings.ToLower(q.Text); !seen[k] {
			seen[k] = true
			out = append(out, q)
		}
	}
	return out, nil
}

// draw returns up to n of texts, normalised (single spaces), of 1 to
// MaxQueryWords words and not in seen, in an order shuffled by rng; it adds
// them to seen.
func draw(texts []string, source string, n int, seen map[string]bool, rng *rand.Rand) []Query {
	var ok []string
	for _, t := range texts {
		t = strings.Join(strings.Fields(t), " ")
		k := strings.ToLower(t)
		if w := len(strings.Fields(t)); w < 1 || w > MaxQueryWords || seen[k] {
			continue
		}
		seen[k] = true
		ok = append(ok, t)
	}
	rng.Shuffle(len(ok), func(i, j int) { ok[i], ok[j] = ok[j], ok[i] })
	for _, t := range ok[min(n, len(ok)):] {
		delete(seen, strings.ToLower(t)) // not drawn: free for a later source
	}
	out := make([]Query, 0, min(n, len(ok)))
	for _, t := range ok[:min(n, len(ok))] {
		out = append(out, Query{Text: t, Source: source})
	}
	return out
}

// taskOpening returns the first n words of a task statement, cut before a
// word that opens a parenthesis and without the punctuation that ends the
// last word ("Adjust dental devices," → "Adjust dental devices").
func taskOpening(task string, n int) string {
	words := strings.Fields(task)
	var out []string
	for _, w := range words[:min(n, len(words))] {
		if strings.ContainsAny(w, "()") {
			break
		}
		out = append(out, w)
	}
	if len(out) > 0 {
		out[len(out)-1] = strings.TrimRight(out[len(out)-1], ",;:.")
	}
	return strings.Join(out, " ")
}

// readColumn returns one column of an O*NET text file (tab-separated,
// header first, CRLF lines, no quoting), one value per record.
func readColumn(path, column string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("bench: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("bench: %s: %w", path, err)
		}
		return nil, fmt.Errorf("bench: %s: empty file", path)
	}
	header := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
	col := -1
	for i, h := range header {
		if h == column {
			col = i
		}
	}
	if col < 0 {
		return nil, fmt.Errorf("bench: %s:1: no column %q in the header", path, column)
	}
	var out []string
	line := 1
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" {
			continue
		}
		fields := strings.Split(text, "\t")
		if len(fields) != len(header) {
			return nil, fmt.Errorf("bench: %s:%d: %d fields, the header has %d", path, line, len(fields), len(header))
		}
		out = append(out, fields[col])
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("bench: %s:%d: %w", path, line, err)
	}
	return out, nil
}

// window returns n queries of qs starting at start, wrapping at the end;
// n is at most len(qs), so no query appears twice in a window.
func window(qs []Query, start, n int) []Query {
	if len(qs) == 0 {
		return nil
	}
	n = min(n, len(qs))
	out := make([]Query, 0, n)
	for i := range n {
		out = append(out, qs[(start+i)%len(qs)])
	}
	return out
}
