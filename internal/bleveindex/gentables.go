package bleveindex

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
	"strings"
	"unsafe"

	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/suggest"
)

// A generation's per-career tables live in its tables file
// (tablesfile.go), by ordinal: a career's position in the id-sorted table
// of its careers file, so that the two need no second list of ids.
//
// Sections:
//
//	titlelens   int32 lists: the term counts of the title and each alias
//	            (titleLens), for the ranker
//	dutylens    int32 lists: the term counts of each duty
//	dutystarts  int32 lists: where each duty's description starts
//	avgdutylen  float64: the mean of every dutylens value
//	noduties    a byte per career: 1 for a career that lists neither
//	            duties nor skills
//	links       int32 lists: the careers (ordinals) each lists as
//	            related, in its order, ids of no career here left out
//	linkedfrom  int32 lists: the careers that list each, ascending
//	titles      strings: each career's title
//	titlewords  strings, sorted: the words of titles and aliases as
//	            written (lower case, words)
//	titlestems  strings, sorted: the index terms of the titles
//	suggest.*   the suggestion index (suggest.Index.WriteSections)
//	careers_vocab, careers_skills, careers_duty_openings,
//	careers_related, careers_forms
//	            JSON, decoded when the generation opens (they are small
//	            beside the rest, or read by code that wants maps)

// careerTables are a generation's per-career tables, read in place.
type careerTables struct {
	// ids are the careers file's ids (sorted); ord maps each to its
	// ordinal.
	ids                             []string
	ord                             map[string]int32
	titleLens, dutyLens, dutyStarts intTable
	noDuties                        []byte
	links, linkedFrom               intTable
	titles                          strTable
	avgDutyLen                      float64
}

// writeTables writes the tables file of careers to path. lens, dlens and
// dstarts are streamIndex's, in the order of careers.
func writeTables(path string, a analysis.Analyzer, careers []*career.Career, lens, dlens, dstarts []string, jsonTables map[string][]byte) error {
	n := len(careers)
	byOrd := make([]int, n) // ordinal -> index into careers
	for i := range byOrd {
		byOrd[i] = i
	}
	sort.Slice(byOrd, func(i, j int) bool { return careers[byOrd[i]].ID < careers[byOrd[j]].ID })
	ord := make(map[string]int32, n)
	for o, i := range byOrd {
		ord[careers[i].ID] = int32(o)
	}
	noDuties := make([]byte, n)
	links, linkedFrom := make([][]int32, n), make([][]int32, n)
	titles := make([]string, n)
	titleWords, stems := map[string]bool{}, map[string]bool{}
	total, count := 0, 0
	for o, i := range byOrd {
		c := careers[i]
		for _, l := range lensOf(dlens[i]) {
			total += int(l)
			count++
		}
		if len(c.Duties) == 0 && len(c.Skills) == 0 {
			noDuties[o] = 1
		}
		for _, r := range c.Related {
			if to, ok := ord[r]; ok {
				links[o] = append(links[o], to)
			}
		}
		titles[o] = c.Title
		for _, t := range append([]string{c.Title}, c.Aliases...) {
			for _, w := range words(t) {
				titleWords[w] = true
			}
		}
		for _, tok := range a.Analyze([]byte(c.Title)) {
			stems[string(tok.Term)] = true
		}
	}
	for from, to := range links {
		for _, o := range to {
			linkedFrom[o] = append(linkedFrom[o], int32(from))
		}
	}
	avg := 0.0
	if count > 0 {
		avg = float64(total) / float64(count)
	}
	t, err := createTablesFile(path)
	if err != nil {
		return err
	}
	// One table at a time, each parsed from its strings as it is written,
	// so that the build holds no more than one besides the corpus.
	t.intLists("titlelens", n, func(o int) []int32 { return lensOf(lens[byOrd[o]]) })
	t.intLists("dutylens", n, func(o int) []int32 { return lensOf(dlens[byOrd[o]]) })
	t.intLists("dutystarts", n, func(o int) []int32 { return lensOf(dstarts[byOrd[o]]) })
	t.bytes("avgdutylen", binary.LittleEndian.AppendUint64(nil, math.Float64bits(avg)))
	t.bytes("noduties", noDuties)
	t.ordLists("links", links)
	t.ordLists("linkedfrom", linkedFrom)
	t.strings("titles", titles)
	t.strings("titlewords", sortedKeys(titleWords))
	t.strings("titlestems", sortedKeys(stems))
	suggest.Build(careers).WriteSections(t)
	keys := make([]string, 0, len(jsonTables))
	for k := range jsonTables {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		t.bytes(k, jsonTables[k])
	}
	return t.close()
}

func sortedKeys(set map[string]bool) []string {
	out := make([]string, 0, len(set))
	for k := range set {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// careers returns how many careers the tables of tf describe (-1: it
// does not say).
func (tf *tablesFile) careers() int {
	if off, ok := tf.sections["titlelens.off"]; ok && len(off) >= 4 {
		return len(off)/4 - 1
	}
	return -1
}

// loadCareerTables reads the per-career tables of tf for the careers
// file's ids.
func loadCareerTables(tf *tablesFile, ids []string) (*careerTables, error) {
	n := len(ids)
	ct := &careerTables{ids: ids, ord: make(map[string]int32, n)}
	for i, id := range ids {
		ct.ord[id] = int32(i)
	}
	var err error
	if ct.titleLens, err = tf.intTable("titlelens", n); err != nil {
		return nil, err
	}
	if ct.dutyLens, err = tf.intTable("dutylens", n); err != nil {
		return nil, err
	}
	if ct.dutyStarts, err = tf.intTable("dutystarts", n); err != nil {
		return nil, err
	}
	avg, err := tf.raw("avgdutylen")
	if err != nil {
		return nil, err
	}
	if len(avg) != 8 {
		return nil, errTables{"avgdutylen", "is not one 64-bit number"}
	}
	ct.avgDutyLen = math.Float64frombits(binary.LittleEndian.Uint64(avg))
	if ct.noDuties, err = tf.raw("noduties"); err != nil {
		return nil, err
	}
	if len(ct.noDuties) != n {
		return nil, errTables{"noduties", fmt.Sprintf("does not hold %d careers", n)}
	}
	if ct.links, err = tf.intTable("links", n); err != nil {
		return nil, err
	}
	if ct.linkedFrom, err = tf.intTable("linkedfrom", n); err != nil {
		return nil, err
	}
	if ct.titles, err = tf.stringTable("titles", n); err != nil {
		return nil, err
	}
	return ct, nil
}

// suggestSource hands suggest.Open the tables file's suggest.* sections,
// in place.
type suggestSource struct{ tf *tablesFile }

func (s suggestSource) Int32s(name string) ([]int32, error) { return s.tf.int32s("suggest." + name) }
func (s suggestSource) String(name string) (string, error) {
	b, err := s.tf.raw("suggest." + name)
	return unsafe.String(unsafe.SliceData(b), len(b)), err
}

// stringSet reads a sorted string table into a set.
func (tf *tablesFile) stringSet(name string) (map[string]bool, error) {
	st, err := tf.stringTable(name, -1)
	if err != nil {
		return nil, err
	}
	set := make(map[string]bool, st.len())
	for i := range st.len() {
		set[strings.Clone(st.at(i))] = true
	}
	return set, nil
}

// ordinal returns a career's ordinal in the generation's tables.
func (ix *Index) ordinal(id string) (int, bool) {
	o, ok := ix.tables.ord[id]
	return int(o), ok
}

// The ranker's tables, by id (rank.Tables) and by ordinal. The slices are
// read in place from the tables file: the caller must not change them,
// nor keep them beyond the search.

func (ix *Index) titleLensOf(id string) []int32 {
	if o, ok := ix.ordinal(id); ok {
		return ix.tables.titleLens.list(o)
	}
	return nil
}

func (ix *Index) dutyLensOf(id string) []int32 {
	if o, ok := ix.ordinal(id); ok {
		return ix.tables.dutyLens.list(o)
	}
	return nil
}

func (ix *Index) dutyStartsOf(id string) []int32 {
	if o, ok := ix.ordinal(id); ok {
		return ix.tables.dutyStarts.list(o)
	}
	return nil
}

func (ix *Index) hasNoDuties(id string) bool {
	o, ok := ix.ordinal(id)
	return ok && ix.tables.noDuties[o] == 1
}

// linksOf returns the ids of the careers id lists as related.
func (ix *Index) linksOf(id string) []string {
	if o, ok := ix.ordinal(id); ok {
		return ix.idsOf(ix.tables.links.list(o))
	}
	return nil
}

// linkedFromOf returns the ids of the careers that list id as related.
func (ix *Index) linkedFromOf(id string) []string {
	if o, ok := ix.ordinal(id); ok {
		return ix.idsOf(ix.tables.linkedFrom.list(o))
	}
	return nil
}

func (ix *Index) idsOf(ords []int32) []string {
	if len(ords) == 0 {
		return nil
	}
	out := make([]string, 0, len(ords))
	for _, o := range ords {
		if o >= 0 && int(o) < len(ix.tables.ids) {
			out = append(out, ix.tables.ids[o])
		}
	}
	return out
}

// careerTitle returns a career's title ("" for an unknown id), copied
// out of the tables file.
func (ix *Index) careerTitle(id string) string {
	if o, ok := ix.ordinal(id); ok {
		return strings.Clone(ix.tables.titles.at(o))
	}
	return ""
}
