package rank

import (
	"fmt"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// BenchmarkEvidence computes the evidence of a window of 100 candidates,
// each holding a three-word query's terms some fifty times over its title,
// duties, summary, _all and skills, as a window of O*NET careers does:
//
//	go test -run '^$' -bench Evidence -count 5 ./internal/rank
func BenchmarkEvidence(b *testing.B) {
	idf := map[string]float64{"repair": 2, "engin": 3, "aircraft": 5}
	q := query(idf, "repair", "engin", "aircraft")
	tb := tables{titleLens: map[string][]int32{}, dutyLens: map[string][]int32{}, dutyStarts: map[string][]int32{}, avgDutyLen: 9}
	cands := make([]Candidate, 100)
	for i := range cands {
		id := fmt.Sprintf("c%03d", i)
		tb.titleLens[id] = []int32{3}
		tb.dutyLens[id] = []int32{8, 10, 12, 9, 11, 7, 14, 10}
		var occs []Occurrence
		occs = append(occs, in(career.FieldTitle, 0, "aircraft", "engin")...)
		for d := uint64(0); d < 8; d++ {
			occs = append(occs, at(career.FieldDuties, "repair", d, 1), at(career.FieldDuties, "engin", d, 3+d%4))
			if d%3 == 0 {
				occs = append(occs, at(career.FieldDuties, "aircraft", d, 6))
			}
		}
		for p := uint64(0); p < 20; p++ {
			occs = append(occs, Occurrence{Field: "_all", Term: []string{"repair", "engin", "aircraft"}[p%3], Pos: p * 7})
		}
		occs = append(occs, Occurrence{Field: career.FieldSummary, Term: "aircraft", Pos: 4})
		occs = append(occs, in(career.FieldSkills, 2, "aircraft")...)
		cands[i] = Candidate{ID: id, Base: 1, Score: 1, Occurrences: occs}
	}
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		r := New(Defaults(), tb, q)
		for i := range cands {
			c := cands[i]
			r.EvidenceOf(&c)
		}
	}
}
