package onet

import (
	"encoding/csv"
	"errors"
	"io"
	"sort"
	"strings"
	"unicode/utf8"
)

// clusterRow is one occupation of the career-cluster export with the
// clusters it lists, in the order listed.
type clusterRow struct {
	line     int
	clusters []string
}

// readClusters reads O*NET OnLine's "All Career Clusters" export: CSV with a
// header row, the columns "Career Cluster" and "Code" among others. A row
// may list several clusters joined with "; ". Codes must be known (in known)
// and listed once.
func readClusters(r io.Reader, file string, known map[string]bool) (map[string]clusterRow, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errAt(file, 1, "empty file: no header row")
		}
		return nil, csvErr(file, err)
	}
	col := map[string]int{}
	names := make([]string, len(header))
	for i, h := range header {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		names[i] = h
		col[h] = i
	}
	need := []string{"Career Cluster", "Code"}
	for _, n := range need {
		if _, ok := col[n]; !ok {
			return nil, errAt(file, 1, "header has no %q column (want %s; found %s)", n, quoteAll(need), quoteAll(names))
		}
	}
	out := map[string]clusterRow{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			return out, nil
		}
		if err != nil {
			return nil, csvErr(file, err)
		}
		line, _ := cr.FieldPos(0)
		for _, f := range rec {
			if !utf8.ValidString(f) {
				return nil, errAt(file, line, "not valid UTF-8")
			}
		}
		code := strings.TrimSpace(rec[col["Code"]])
		if !known[code] {
			return nil, errAt(file, line, "unknown O*NET-SOC code %q (not in %s)", code, fileOccupations)
		}
		if prev, dup := out[code]; dup {
			return nil, errAt(file, line, "%s listed twice (first on line %d)", code, prev.line)
		}
		var clusters []string
		seen := map[string]bool{}
		for _, c := range strings.Split(rec[col["Career Cluster"]], ";") {
			c = strings.Join(strings.Fields(c), " ")
			if c != "" && !seen[c] {
				seen[c] = true
				clusters = append(clusters, c)
			}
		}
		if len(clusters) == 0 {
			return nil, errAt(file, line, "no career cluster for %s", code)
		}
		out[code] = clusterRow{line: line, clusters: clusters}
	}
}

func csvErr(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		line := pe.Line
		if errors.Is(pe.Err, csv.ErrFieldCount) {
			line = pe.StartLine
		}
		return &InputError{File: file, Line: line, Msg: pe.Err.Error(), Err: err}
	}
	return &InputError{File: file, Msg: "read failed: " + err.Error(), Err: err}
}

// assignClusters picks one career cluster per occupation in codes, which
// must be sorted. The choice is deterministic:
//
//   - An occupation listed with one cluster gets it.
//   - An occupation listed with several gets the one that is most common
//     among the single-cluster occupations of its SOC major group (ties go
//     to the one listed first). The export lists clusters alphabetically, so
//     "first listed" alone would be arbitrary: 15-1299.00 "Computer
//     Occupations, All Other" would land in Business Management &
//     Administration rather than Information Technology.
//   - An occupation missing from the export gets the cluster most common
//     among the occupations that share its SOC code (the first seven
//     characters: 15-1299.04 takes after 15-1299.01…), ties to the
//     alphabetically first; inferred lists these codes.
//   - With no such sibling it keeps its SOC major group's name;
//     fallback lists these codes.
func assignClusters(codes []string, rows map[string]clusterRow) (cat map[string]string, inferred, fallback []string) {
	single := map[string]map[string]int{} // major group -> cluster -> count
	for code, r := range rows {
		if len(r.clusters) == 1 {
			g := majorGroup(code)
			if single[g] == nil {
				single[g] = map[string]int{}
			}
			single[g][r.clusters[0]]++
		}
	}
	cat = make(map[string]string, len(codes))
	for _, code := range codes {
		r, ok := rows[code]
		if !ok {
			continue
		}
		best, bestN := r.clusters[0], -1
		for _, c := range r.clusters {
			if n := single[majorGroup(code)][c]; n > bestN {
				best, bestN = c, n
			}
		}
		cat[code] = best
	}
	for _, code := range codes {
		if _, ok := rows[code]; ok {
			continue
		}
		votes := map[string]int{}
		for _, other := range codes {
			if other != code && socCode(other) == socCode(code) {
				if _, listed := rows[other]; listed {
					votes[cat[other]]++
				}
			}
		}
		if len(votes) == 0 {
			cat[code] = socMajorGroups[majorGroup(code)]
			fallback = append(fallback, code)
			continue
		}
		names := make([]string, 0, len(votes))
		for c := range votes {
			names = append(names, c)
		}
		sort.Strings(names)
		best := names[0]
		for _, c := range names[1:] {
			if votes[c] > votes[best] {
				best = c
			}
		}
		cat[code] = best
		inferred = append(inferred, code)
	}
	return cat, inferred, fallback
}
