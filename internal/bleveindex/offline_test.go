package bleveindex

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// shapeCorpus is the hand-written corpus and a few careers made to test
// the edges of the shapes: an empty alias, duties with and without a
// description, a description that opens with a stop word or an acronym, a
// possessive in a title.
func shapeCorpus(t *testing.T) []*career.Career {
	t.Helper()
	l, err := corpus.Load([]string{"../../corpus"}, corpus.Editorial, nil)
	if err != nil || len(l.Problems) > 0 {
		t.Fatalf("load: %v %v", err, l.Problems)
	}
	careers := l.Careers()
	return append(careers,
		&career.Career{ID: "edge-1", Title: "Owner's Representative of the Works", Category: "Test",
			Aliases: []string{"", "The LLMs' Trainer", "a an the"},
			Duties: []career.Item{
				{Name: "Core task", Description: "the parts are measured by the team"},
				{Name: "Review", Description: "LLMs and APIs are tested"},
				{Name: "Plan the work"},
				{Description: "Only a description here"},
				{},
			}},
		&career.Career{ID: "edge-2", Title: "", Category: "Test"},
	)
}

// TestShapesFromAnalysisMatchReanalysis checks that the title lengths and
// duty shapes read from a prepared document's analysis are those that
// analysing the texts again gives (titleLens, dutyShape): the build no
// longer analyses these texts twice, and the ranker's figures must not
// change for it.
func TestShapesFromAnalysisMatchReanalysis(t *testing.T) {
	m, err := NewMapping(ScoringTFIDF)
	if err != nil {
		t.Fatal(err)
	}
	a := m.AnalyzerNamed(AnalyzerName)
	careers := shapeCorpus(t)
	for _, c := range careers {
		p, err := prepare(m, a, c)
		if err != nil {
			t.Fatal(err)
		}
		wantLens := titleLens(a, c)
		wantDL, wantDS := dutyShape(a, c)
		if p.lens != wantLens || p.dutyLens != wantDL || p.dutyStarts != wantDS {
			t.Errorf("%s: shapes (%q, %q, %q), analysing again gives (%q, %q, %q)",
				c.ID, p.lens, p.dutyLens, p.dutyStarts, wantLens, wantDL, wantDS)
		}
	}
	// The edge career's duties: "Core task: the parts ..." opens its
	// description at "parts", position 4 (the stop word keeps its place).
	p, _ := prepare(m, a, careers[len(careers)-2])
	if p.dutyStarts != "4 2 0 0 0" {
		t.Errorf("edge duty starts %q, want 4 2 0 0 0", p.dutyStarts)
	}
}

// TestOfflineBuildIndexesAsOnline builds the same careers through the
// offline builder (the documents analysed beforehand) and through Bleve's
// ordinary indexing, and checks that both answer every probe alike: the
// same hits with the same scores, on each field and on _all (which would
// double its counts if the builder composed it again), the same stored
// fields and the same highlighted fragments (term vectors).
func TestOfflineBuildIndexesAsOnline(t *testing.T) {
	careers := shapeCorpus(t)
	m, err := NewMapping(ScoringTFIDF)
	if err != nil {
		t.Fatal(err)
	}
	// The generation's mapping stores no text (the careers file holds
	// it); stored here, so that Bleve's highlighter can compare the two
	// indexes' term locations and the stored values can be compared.
	for _, f := range career.TextFields {
		for _, fm := range m.(*mapping.IndexMappingImpl).DefaultMapping.Properties[f].Fields {
			fm.Store = true
		}
	}
	dir := t.TempDir()
	online := onlineIndex(t, filepath.Join(dir, "online"), m, careers)
	defer online.Close()
	// Batches of 7 make a few segments merged in one round; batches of
	// one make more segments than a merge takes, merged in groups first.
	for _, batchSize := range []int{7, 1} {
		t.Run(fmt.Sprintf("batch%d", batchSize), func(t *testing.T) {
			if batchSize == 1 && len(careers) <= mergeWidth(len(careers), 1) {
				t.Fatalf("%d careers make one merge round: not a test of two", len(careers))
			}
			offlineDir := filepath.Join(dir, fmt.Sprintf("offline%d", batchSize))
			_, _, _, finish, err := streamIndex(context.Background(), offlineDir, m, careers, BuildOptions{BatchSize: batchSize})
			if err != nil {
				t.Fatal(err)
			}
			if err := finish(); err != nil {
				t.Fatal(err)
			}
			compareIndexes(t, offlineDir, online, careers)
		})
	}
}

// compareIndexes checks that the index at offlineDir answers the probes as
// online does.
func compareIndexes(t *testing.T, offlineDir string, online bleve.Index, careers []*career.Career) {
	t.Helper()
	// The layout the server and the damage checks expect: one segment
	// beside root.bolt, and nothing left of the build.
	entries, err := os.ReadDir(filepath.Join(offlineDir, "store"))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if strings.Join(names, " ") != finalSegment+" root.bolt" {
		t.Errorf("store holds %v, want %s and root.bolt", names, finalSegment)
	}
	if entries, _ := os.ReadDir(offlineDir); len(entries) != 2 {
		t.Errorf("%s holds %d entries, want index_meta.json and store", offlineDir, len(entries))
	}
	offline, err := bleve.OpenUsing(offlineDir, map[string]interface{}{"read_only": true})
	if err != nil {
		t.Fatal(err)
	}
	defer offline.Close()

	n1, _ := offline.DocCount()
	n2, _ := online.DocCount()
	if n1 != n2 || int(n1) != len(careers) {
		t.Fatalf("doc counts: offline %d, online %d, careers %d", n1, n2, len(careers))
	}
	probes := []struct{ field, text string }{
		{"_all", "data"}, {"_all", "nurse patients"}, {"_all", "llm"}, {"_all", "design systems"},
		{career.FieldTitle, "engineer"}, {career.FieldAliases, "trainer"},
		{career.FieldDuties, "review code"}, {career.FieldSummary, "help people"},
		{career.FieldSkills, "python"}, {FieldSkillTerms, "python"}, {career.FieldSpecialisations, "research"},
		{career.FieldWorkplace, "office"},
	}
	for _, p := range probes {
		q := bleve.NewMatchQuery(p.text)
		q.SetField(p.field)
		req := bleve.NewSearchRequestOptions(q, len(careers), 0, false)
		req.Fields = []string{"*"}
		req.Highlight = bleve.NewHighlight()
		a, err := offline.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		b, err := online.Search(req)
		if err != nil {
			t.Fatal(err)
		}
		if a.Total != b.Total {
			t.Errorf("%s:%q: offline %d hits, online %d", p.field, p.text, a.Total, b.Total)
			continue
		}
		if p.field == "_all" && a.Total == 0 {
			t.Errorf("%s:%q finds nothing: not a probe", p.field, p.text)
		}
		score := map[string]float64{}
		for _, h := range b.Hits {
			score[h.ID] = h.Score
		}
		fragments := map[string]string{}
		for _, h := range b.Hits {
			fragments[h.ID] = flatten(h.Fragments)
		}
		for _, h := range a.Hits {
			if s, ok := score[h.ID]; !ok || math.Abs(s-h.Score) > 1e-9 {
				t.Errorf("%s:%q: %s scores %v offline, %v online", p.field, p.text, h.ID, h.Score, s)
			}
			f := flatten(h.Fragments)
			if !ownVectorFields[p.field] {
				// A text field keeps no term vectors of its own
				// (dropFieldVectors): a search locates it in _all.
				if f != flatten(nil) {
					t.Errorf("%s:%q: %s has the field's own locations offline: %s", p.field, p.text, h.ID, f)
				}
				continue
			}
			if f != fragments[h.ID] {
				t.Errorf("%s:%q: %s fragments differ:\n%s\n%s", p.field, p.text, h.ID, f, fragments[h.ID])
			}
		}
	}
	for _, c := range careers[:5] {
		req := bleve.NewSearchRequest(bleve.NewDocIDQuery([]string{c.ID}))
		req.Fields = []string{"*"}
		a, _ := offline.Search(req)
		b, _ := online.Search(req)
		if len(a.Hits) != 1 || len(b.Hits) != 1 || a.Hits[0].Fields[career.FieldTitle] != c.Title ||
			a.Hits[0].Fields[career.FieldTitle] != b.Hits[0].Fields[career.FieldTitle] ||
			fmt.Sprint(a.Hits[0].Fields[career.FieldDuties]) != fmt.Sprint(b.Hits[0].Fields[career.FieldDuties]) {
			t.Errorf("%s: stored fields differ", c.ID)
		}
	}
}

func flatten(frags map[string][]string) string {
	var b strings.Builder
	for _, f := range career.TextFields {
		b.WriteString(f + ":" + strings.Join(frags[f], "|") + ";")
	}
	return b.String()
}

func TestBuildRefusesRepeatedID(t *testing.T) {
	careers := loadBasic(t)
	twice := append(careers[:len(careers):len(careers)], careers[0])
	_, err := Build(context.Background(), t.TempDir(), twice, BuildOptions{})
	if err == nil || !strings.Contains(err.Error(), careers[0].ID) {
		t.Fatalf("got %v, want an error naming the repeated id %q", err, careers[0].ID)
	}
}

// TestBuildEmptyCorpus: the offline builder cannot write an index without
// documents, so an empty corpus goes the ordinary way and still builds.
func TestBuildEmptyCorpus(t *testing.T) {
	rep, err := Build(context.Background(), t.TempDir(), nil, BuildOptions{})
	if err != nil || rep.Careers != 0 {
		t.Fatalf("empty build: %v %+v", err, rep)
	}
}

// TestBuildReportsProgressInOrder checks the progress callback: rising
// counts that end at the number of careers.
func TestBuildReportsProgressInOrder(t *testing.T) {
	careers := loadBasic(t)
	var seen []int
	_, err := Build(context.Background(), t.TempDir(), careers, BuildOptions{BatchSize: 2, Progress: func(done, total int) {
		if total != len(careers) {
			t.Errorf("total %d, want %d", total, len(careers))
		}
		seen = append(seen, done)
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) == 0 || seen[len(seen)-1] != len(careers) {
		t.Fatalf("progress %v, want it to end at %d", seen, len(careers))
	}
	for i := 1; i < len(seen); i++ {
		if seen[i] <= seen[i-1] {
			t.Fatalf("progress %v does not rise", seen)
		}
	}
}

// onlineIndex indexes careers at dir through Bleve's own online path (one
// batch, every field analysed by scorch), the reference the offline build
// and the field queries are held to.
func onlineIndex(t *testing.T, dir string, m mapping.IndexMapping, careers []*career.Career) bleve.Index {
	t.Helper()
	idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
	if err != nil {
		t.Fatal(err)
	}
	batch := idx.NewBatch()
	for _, c := range careers {
		d, err := toDocument(c)
		if err != nil {
			t.Fatal(err)
		}
		if err := batch.Index(c.ID, d); err != nil {
			t.Fatal(err)
		}
	}
	if err := idx.Batch(batch); err != nil {
		t.Fatal(err)
	}
	return idx
}
