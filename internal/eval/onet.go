package eval

import (
	"bufio"
	"fmt"
	"math/rand"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// The O*NET benchmarks take their judgements from O*NET's own files, which
// nobody on this team wrote. Neither file may feed the index or a synonym
// list, or the benchmark would grade its own answers.

// ONetTitles builds the titles benchmark: each distinct reported title (as
// typed) is a query, and the occupations it is listed under are relevant.
func ONetTitles(dir string) (*Benchmark, error) {
	rows, err := readTSV(filepath.Join(dir, "Sample of Reported Titles.txt"), "O*NET-SOC Code", "Reported Job Title")
	if err != nil {
		return nil, err
	}
	byTitle := map[string]map[string]int{}
	var order []string
	for _, r := range rows {
		code, title := r[0], strings.TrimSpace(r[1])
		if byTitle[title] == nil {
			byTitle[title] = map[string]int{}
			order = append(order, title)
		}
		byTitle[title][code] = 1
	}
	b := &Benchmark{Name: "titles"}
	for _, t := range order {
		b.Queries = append(b.Queries, Judged{Query: t, Judgements: byTitle[t]})
	}
	return b, nil
}

// ONetTasks builds the tasks benchmark: each detailed work activity (DWA)
// title is a query, and the occupations with a task linked to it are
// relevant.
func ONetTasks(dir string) (*Benchmark, error) {
	dwas, err := readTSV(filepath.Join(dir, "DWA Reference.txt"), "DWA ID", "DWA Title")
	if err != nil {
		return nil, err
	}
	links, err := readTSV(filepath.Join(dir, "Tasks to DWAs.txt"), "O*NET-SOC Code", "DWA ID")
	if err != nil {
		return nil, err
	}
	rel := map[string]map[string]int{}
	for _, l := range links {
		code, dwa := l[0], l[1]
		if rel[dwa] == nil {
			rel[dwa] = map[string]int{}
		}
		rel[dwa][code] = 1
	}
	b := &Benchmark{Name: "tasks"}
	for _, d := range dwas {
		if j := rel[d[0]]; len(j) > 0 {
			b.Queries = append(b.Queries, Judged{Query: d[1], Judgements: j})
		}
	}
	sort.SliceStable(b.Queries, func(i, j int) bool { return b.Queries[i].Query < b.Queries[j].Query })
	return b, nil
}

// Defaults of the skills benchmark: how many examples it samples, with
// which seed, and the most occupations an example may be listed by.
const (
	SkillsSample       = 400
	SkillsSeed         = 14
	SkillsMaxListed    = 10
	skillsBenchmarkTag = "skills"
)

// ONetSkills builds the skills benchmark: a seeded sample of n technology
// and tool examples (Technology Skills.txt, Tools Used.txt) that at most
// SkillsMaxListed occupations list; each example's name, as O*NET writes
// it, is a query, and the occupations that list it are relevant. Unlike
// the titles and tasks benchmarks, its judgements are what the importer
// indexes: it measures whether a listed skill is found, and ranked above
// careers that only mention its words.
func ONetSkills(dir string, n int, seed int64) (*Benchmark, error) {
	listed := map[string]map[string]int{}
	spelling := map[string]string{}
	for _, file := range []string{"Technology Skills.txt", "Tools Used.txt"} {
		rows, err := readTSV(filepath.Join(dir, file), "O*NET-SOC Code", "Example")
		if err != nil {
			return nil, err
		}
		for _, r := range rows {
			name := strings.Join(strings.Fields(r[1]), " ")
			key := strings.ToLower(name)
			if listed[key] == nil {
				listed[key] = map[string]int{}
				spelling[key] = name
			}
			listed[key][r[0]] = 1
		}
	}
	var keys []string
	for k, codes := range listed {
		if len(codes) <= SkillsMaxListed {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	rng := rand.New(rand.NewSource(seed))
	rng.Shuffle(len(keys), func(i, j int) { keys[i], keys[j] = keys[j], keys[i] })
	if n > 0 && len(keys) > n {
		keys = keys[:n]
	}
	sort.Strings(keys)
	b := &Benchmark{Name: skillsBenchmarkTag}
	for _, k := range keys {
		b.Queries = append(b.Queries, Judged{Query: spelling[k], Judgements: listed[k]})
	}
	return b, nil
}

// readTSV returns the named columns of a tab-separated file with a header
// row, checking the header and the field count of every row.
func readTSV(path string, columns ...string) ([][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("eval: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	if !sc.Scan() {
		return nil, fmt.Errorf("eval: %s: empty file", path)
	}
	header := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
	idx := make([]int, len(columns))
	for i, c := range columns {
		idx[i] = -1
		for j, h := range header {
			if h == c {
				idx[i] = j
			}
		}
		if idx[i] < 0 {
			return nil, fmt.Errorf("eval: %s:1: no column %q in the header", path, c)
		}
	}
	var rows [][]string
	line := 1
	for sc.Scan() {
		line++
		fields := strings.Split(strings.TrimRight(sc.Text(), "\r"), "\t")
		if len(fields) != len(header) {
			return nil, fmt.Errorf("eval: %s:%d: %d fields, the header has %d", path, line, len(fields), len(header))
		}
		row := make([]string, len(columns))
		for i, j := range idx {
			row[i] = fields[j]
		}
		rows = append(rows, row)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", path, err)
	}
	return rows, nil
}
