// Package eval measures ranking quality: it runs judged queries through a
// career.Searcher, the same path the API uses, and computes nDCG, MRR and
// recall, so that a ranking change is judged by numbers rather than taste.
package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// Judged is a query with graded relevance judgements: 2 for the career the
// query is about, 1 for one that is also relevant.
type Judged struct {
	Query      string         `json:"query"`
	Judgements map[string]int `json:"judgements"`
	// Source is the file and line the query was read from ("" when built
	// in code), for errors about its judgements.
	Source string `json:"-"`
}

// Benchmark is a named set of judged queries.
type Benchmark struct {
	Name    string
	Queries []Judged
}

// LoadJSONL reads judged queries from every .jsonl file under path (a file
// or a directory), one JSON object per line. Errors name the file and line.
func LoadJSONL(name, path string) (*Benchmark, error) {
	files := []string{path}
	if info, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	} else if info.IsDir() {
		files, _ = filepath.Glob(filepath.Join(path, "*.jsonl"))
		sort.Strings(files)
	}
	b := &Benchmark{Name: name}
	for _, f := range files {
		fh, err := os.Open(f)
		if err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
		sc := bufio.NewScanner(fh)
		line := 0
		for sc.Scan() {
			line++
			text := strings.TrimSpace(sc.Text())
			if text == "" {
				continue
			}
			var j Judged
			if err := json.Unmarshal([]byte(text), &j); err != nil {
				fh.Close()
				return nil, fmt.Errorf("eval: %s:%d: %w", f, line, err)
			}
			if strings.TrimSpace(j.Query) == "" || len(j.Judgements) == 0 {
				fh.Close()
				return nil, fmt.Errorf("eval: %s:%d: query and judgements are required", f, line)
			}
			for id, g := range j.Judgements {
				if g < 1 || g > 2 {
					fh.Close()
					return nil, fmt.Errorf("eval: %s:%d: judgement of %s must be 1 or 2, got %d", f, line, id, g)
				}
			}
			j.Source = fmt.Sprintf("%s:%d", f, line)
			b.Queries = append(b.Queries, j)
		}
		fh.Close()
		if err := sc.Err(); err != nil {
			return nil, fmt.Errorf("eval: %s: %w", f, err)
		}
	}
	if len(b.Queries) == 0 {
		return nil, fmt.Errorf("eval: no judged queries in %s", path)
	}
	return b, nil
}

// K is the rank cut-off of every metric.
const K = 10

// Report holds the metrics of one benchmark run; every metric is a mean
// over queries.
type Report struct {
	Benchmark string  `json:"benchmark"`
	Queries   int     `json:"queries"`
	NDCG10    float64 `json:"ndcg@10"`
	MRR10     float64 `json:"mrr@10"`
	Recall1   float64 `json:"recall@1"`
	Recall10  float64 `json:"recall@10"`
	// RPrecision is the share of the first R hits that are relevant, R
	// being how many careers are (at most K).
	RPrecision     float64 `json:"r-precision"`
	ZeroResultRate float64 `json:"zero_result_rate"`
	MedianQueryMS  float64 `json:"median_query_ms"`
	// Worst lists the queries with the lowest reciprocal rank, for reading.
	Worst []QueryResult `json:"worst,omitempty"`
}

// QueryResult is one query's outcome.
type QueryResult struct {
	Query string   `json:"query"`
	RR    float64  `json:"rr"`
	NDCG  float64  `json:"ndcg"`
	Top   []string `json:"top"`
	Want  []string `json:"want"`
}

// Run searches every query (top K, no filters) and computes the metrics.
func Run(ctx context.Context, s career.Searcher, b *Benchmark, worst int) (*Report, error) {
	r := &Report{Benchmark: b.Name, Queries: len(b.Queries)}
	times := make([]float64, 0, len(b.Queries))
	var results []QueryResult
	for _, j := range b.Queries {
		start := time.Now()
		res, err := s.Search(ctx, career.Query{Text: j.Query, Size: K})
		if err != nil {
			return nil, fmt.Errorf("eval: query %q: %w", j.Query, err)
		}
		times = append(times, float64(time.Since(start).Microseconds())/1000)
		ids := make([]string, len(res.Hits))
		for i, h := range res.Hits {
			ids[i] = h.ID
		}
		if len(ids) == 0 {
			r.ZeroResultRate++
		}
		rr, ndcg := ReciprocalRank(ids, j.Judgements), NDCG(ids, j.Judgements, K)
		r.MRR10 += rr
		r.NDCG10 += ndcg
		r.Recall1 += Recall(ids, j.Judgements, 1)
		r.Recall10 += Recall(ids, j.Judgements, K)
		r.RPrecision += RPrecision(ids, j.Judgements)
		results = append(results, QueryResult{Query: j.Query, RR: rr, NDCG: ndcg, Top: FirstN(ids, 3), Want: wanted(j.Judgements)})
	}
	n := float64(len(b.Queries))
	r.MRR10 /= n
	r.NDCG10 /= n
	r.Recall1 /= n
	r.Recall10 /= n
	r.RPrecision /= n
	r.ZeroResultRate /= n
	sort.Float64s(times)
	r.MedianQueryMS = times[len(times)/2]
	sort.SliceStable(results, func(a, b int) bool {
		if results[a].RR != results[b].RR {
			return results[a].RR < results[b].RR
		}
		return results[a].NDCG < results[b].NDCG
	})
	r.Worst = FirstN(results, worst)
	return r, nil
}

// FirstN returns at most the first n elements of s.
func FirstN[T any](s []T, n int) []T {
	if len(s) > n {
		return s[:n]
	}
	return s
}

// wanted lists the judged ids, best grade first.
func wanted(j map[string]int) []string {
	ids := make([]string, 0, len(j))
	for id := range j {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(a, b int) bool {
		if j[ids[a]] != j[ids[b]] {
			return j[ids[a]] > j[ids[b]]
		}
		return ids[a] < ids[b]
	})
	return ids
}

// ReciprocalRank is 1/rank of the first relevant id in the top K, or 0.
func ReciprocalRank(ids []string, j map[string]int) float64 {
	for i, id := range FirstN(ids, K) {
		if j[id] > 0 {
			return 1 / float64(i+1)
		}
	}
	return 0
}

// Recall is the share of relevant ids found in the top k.
func Recall(ids []string, j map[string]int, k int) float64 {
	rel := 0
	for _, g := range j {
		if g > 0 {
			rel++
		}
	}
	if rel == 0 {
		return 0
	}
	found := 0
	for _, id := range FirstN(ids, k) {
		if j[id] > 0 {
			found++
		}
	}
	return float64(found) / float64(rel)
}

// RPrecision is the share of the first R ids that are relevant, where R
// is the number of relevant ids, capped at K: 1 when the relevant careers
// fill the top of the ranking.
func RPrecision(ids []string, j map[string]int) float64 {
	rel := 0
	for _, g := range j {
		if g > 0 {
			rel++
		}
	}
	rel = min(rel, K)
	if rel == 0 {
		return 0
	}
	found := 0
	for _, id := range FirstN(ids, rel) {
		if j[id] > 0 {
			found++
		}
	}
	return float64(found) / float64(rel)
}

// NDCG is the normalised discounted cumulative gain at k with gain
// 2^grade-1, so that the career a query is about counts three times as
// much as one that is also relevant.
func NDCG(ids []string, j map[string]int, k int) float64 {
	dcg := 0.0
	for i, id := range FirstN(ids, k) {
		dcg += gain(j[id]) / math.Log2(float64(i+2))
	}
	grades := make([]int, 0, len(j))
	for _, g := range j {
		grades = append(grades, g)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(grades)))
	ideal := 0.0
	for i, g := range FirstN(grades, k) {
		ideal += gain(g) / math.Log2(float64(i+2))
	}
	if ideal == 0 {
		return 0
	}
	return dcg / ideal
}

func gain(grade int) float64 { return math.Pow(2, float64(grade)) - 1 }
