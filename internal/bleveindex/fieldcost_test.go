package bleveindex

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/importer/onet"
)

// BenchmarkFieldCost measures what each field adds to a generation's
// segment on the O*NET import without aliases: the segment as shipped
// (nothing stored, term vectors on _all and the skill fields only), with
// the text fields stored in Bleve, and per field: for a text field, what
// its own term vectors would add if it kept them (-vectors), what its
// locations in _all weigh (-in-all-vectors: the mapping's vectors off,
// so that its analysis records none for _all either), and the whole field
// (its postings, and its share of _all); for a skill field, its term
// vectors and the whole field. It builds the segment about thirty times
// (several minutes here); the sizes are in the metrics, in bytes:
//
//	go test -run '^$' -bench FieldCost -benchtime 1x ./internal/bleveindex
func BenchmarkFieldCost(b *testing.B) {
	dir := filepath.Join("..", "..", "..", "shared", "data", "onet-30.1")
	if _, err := os.Stat(dir); err != nil {
		b.Skipf("the O*NET data is not here (%v); this benchmark imports %s when it is", err, dir)
	}
	res, err := onet.Import(dir, onet.Options{NoAliases: true})
	if err != nil {
		b.Fatal(err)
	}
	size := func(edit func(im *mapping.IndexMappingImpl)) float64 {
		m, err := NewMapping(ScoringTFIDF)
		if err != nil {
			b.Fatal(err)
		}
		if edit != nil {
			edit(m.(*mapping.IndexMappingImpl))
		}
		out := filepath.Join(b.TempDir(), "gen")
		_, _, _, finish, err := streamIndex(context.Background(), out, m, res.Careers, BuildOptions{BatchSize: 500})
		if err != nil {
			b.Fatal(err)
		}
		if err := finish(); err != nil {
			b.Fatal(err)
		}
		segs, _ := filepath.Glob(filepath.Join(out, "store", "*.zap"))
		var n int64
		for _, s := range segs {
			fi, err := os.Stat(s)
			if err != nil {
				b.Fatal(err)
			}
			n += fi.Size()
		}
		return float64(n)
	}
	fields := func(im *mapping.IndexMappingImpl, names []string, edit func(*mapping.FieldMapping)) {
		for _, f := range names {
			for _, fm := range im.DefaultMapping.Properties[f].Fields {
				edit(fm)
			}
		}
	}
	b.ResetTimer()
	for range b.N {
		base := size(nil)
		b.ReportMetric(base, "segment-B")
		stored := size(func(im *mapping.IndexMappingImpl) {
			fields(im, append([]string{career.FieldCategory}, career.TextFields...), func(fm *mapping.FieldMapping) { fm.Store = true })
		})
		b.ReportMetric(stored-base, "texts-stored-B")
		for _, f := range append(append([]string{}, career.TextFields...), career.FieldSkills, FieldSkillTerms, FieldSkillNames) {
			off := size(func(im *mapping.IndexMappingImpl) {
				fields(im, []string{f}, func(fm *mapping.FieldMapping) { fm.IncludeTermVectors = false })
			})
			whole := size(func(im *mapping.IndexMappingImpl) {
				fields(im, []string{f}, func(fm *mapping.FieldMapping) {
					fm.Index, fm.IncludeTermVectors, fm.IncludeInAll = false, false, false
				})
			})
			b.ReportMetric(base-whole, f+"-whole-B")
			if ownVectorFields[f] {
				b.ReportMetric(base-off, f+"-vectors-B")
				continue
			}
			b.ReportMetric(base-off, f+"-in-all-vectors-B")
			ownVectorFields[f] = true // as generations before kept them
			own := size(nil)
			delete(ownVectorFields, f)
			b.ReportMetric(own-base, f+"-vectors-B")
		}
	}
}
