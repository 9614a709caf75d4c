package eval

import (
	"fmt"
	"path/filepath"
	"sort"
)

// ONetPlain builds the plain-language benchmark: queries in everyday words
// (tasks, interests, informal job names, lifestyle), judged by the team
// from O*NET's occupation descriptions and task statements, kept as JSONL
// at path (testdata/judgements-plain). Unlike the titles and tasks
// benchmarks its judgements are the project's own, so it is the one that
// may run on the import with aliases: nothing in an alias list fed the
// grades.
//
// Every judged id must be an occupation of the database in onetDir, so a
// mistyped code is an error naming the file and line rather than a silent miss
// that would lower the figures for no reason.
func ONetPlain(path, onetDir string) (*Benchmark, error) {
	b, err := LoadJSONL("plain", path)
	if err != nil {
		return nil, err
	}
	occupations := filepath.Join(onetDir, "Occupation Data.txt")
	rows, err := readTSV(occupations, "O*NET-SOC Code")
	if err != nil {
		return nil, err
	}
	known := make(map[string]bool, len(rows))
	for _, r := range rows {
		known[r[0]] = true
	}
	for _, q := range b.Queries {
		var unknown []string
		for id := range q.Judgements {
			if !known[id] {
				unknown = append(unknown, id)
			}
		}
		if len(unknown) > 0 {
			sort.Strings(unknown)
			return nil, fmt.Errorf("eval: %s: judgements of %q: %v are not occupations of %s", q.Source, q.Query, unknown, occupations)
		}
	}
	return b, nil
}
