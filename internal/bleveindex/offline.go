package bleveindex

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/careersearch/careers/internal/career"
)

// The careers go into a new generation through scorch's offline builder:
// it writes segments of BatchSize documents to a scratch folder and merges
// them into one segment at the end, with none of the snapshots, persister
// or merger of a live index (nothing reads a generation before it is
// linked). The builder analyses each batch itself on the goroutine that
// feeds it, so the analysis is done here instead, by one worker per core,
// and the builder is handed documents whose fields are already analysed
// (analysedDoc): it then only builds and merges segments, on a goroutine of
// its own, while the workers prepare the next chunk.

// prepareChunk is how many careers the workers prepare at a time. An
// analysed document is large (every token's locations, twice with _all), so
// few are kept waiting beside the builder's batch.
const prepareChunk = 64

// streamIndex feeds the careers to an offline builder at dir (which must
// not exist) and returns, per career, the title lengths and duty shapes the
// suggestion tables need, and finish, which writes the last batch and merges
// every segment into one (the caller computes the tables meanwhile). The
// per-generation tables are written after, by reopening the index.
func streamIndex(ctx context.Context, dir string, m mapping.IndexMapping, careers []*career.Career, opts BuildOptions) (lens, dlens, dstarts []string, finish func() error, err error) {
	if len(careers) == 0 {
		// The builder cannot finish without a segment; an empty index
		// is made the ordinary way.
		idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return nil, nil, nil, nil, fmt.Errorf("index: creating %s: %w", dir, err)
		}
		if err := idx.Close(); err != nil {
			return nil, nil, nil, nil, fmt.Errorf("index: closing %s: %w", dir, err)
		}
		return nil, nil, nil, func() error { return nil }, nil
	}
	b, err := newOfflineBuilder(dir, m, opts.BatchSize, mergeWidth(len(careers), opts.BatchSize))
	if err != nil {
		return nil, nil, nil, nil, fmt.Errorf("index: creating %s: %w", dir, err)
	}
	analyzer := m.AnalyzerNamed(AnalyzerName)
	lens = make([]string, len(careers))
	dlens = make([]string, len(careers))
	dstarts = make([]string, len(careers))

	// The feeder hands prepared chunks to the builder in order; a chunk is
	// prepared while the one before is being written.
	type chunk struct {
		docs []index.Document
		done int
	}
	chunks := make(chan chunk, 1)
	var (
		feedMu  sync.Mutex
		feedErr error
	)
	failed := func() error {
		feedMu.Lock()
		defer feedMu.Unlock()
		return feedErr
	}
	fed := make(chan struct{})
	go func() {
		defer close(fed)
		for ch := range chunks {
			if failed() != nil {
				continue // drain, so the producer never blocks
			}
			for _, d := range ch.docs {
				if err := b.Index(d); err != nil {
					feedMu.Lock()
					feedErr = fmt.Errorf("index: %s: %w", d.ID(), err)
					feedMu.Unlock()
					break
				}
			}
			if failed() == nil && opts.Progress != nil {
				opts.Progress(ch.done, len(careers))
			}
		}
	}()
	stop := func(err error) error {
		close(chunks)
		<-fed
		if err == nil {
			err = failed()
		}
		return err
	}

	workers := runtime.GOMAXPROCS(0)
	for start := 0; start < len(careers); start += prepareChunk {
		if err := ctx.Err(); err != nil {
			return nil, nil, nil, nil, stop(fmt.Errorf("index: %w", err))
		}
		if err := failed(); err != nil {
			return nil, nil, nil, nil, stop(nil)
		}
		end := min(start+prepareChunk, len(careers))
		docs := make([]index.Document, end-start)
		errs := make([]error, workers)
		var wg sync.WaitGroup
		for w := 0; w < workers; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				for i := start + w; i < end; i += workers {
					d, err := prepare(m, analyzer, careers[i])
					if err != nil {
						errs[w] = err
						return
					}
					docs[i-start] = analysedDoc{d.doc}
					lens[i], dlens[i], dstarts[i] = d.lens, d.dutyLens, d.dutyStarts
				}
			}(w)
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return nil, nil, nil, nil, stop(err)
			}
		}
		chunks <- chunk{docs: docs, done: end}
	}
	if err := stop(nil); err != nil {
		return nil, nil, nil, nil, err
	}
	finish = func() error {
		if err := b.Close(); err != nil {
			return fmt.Errorf("index: writing %s: %w", dir, err)
		}
		return nil
	}
	return lens, dlens, dstarts, finish, nil
}

// newOfflineBuilder sets dir up as bleve.NewBuilder does (the index's meta
// file, the mapping as internal data, the segments under dir/store), but
// returns scorch's builder itself, which takes documents already mapped and
// analysed. Its scratch folder is inside dir, so that a failed build leaves
// nothing elsewhere and the final rename stays on one file system.
func newOfflineBuilder(dir string, m mapping.IndexMapping, batchSize, mergeMax int) (*scorch.Builder, error) {
	if err := m.Validate(); err != nil {
		return nil, err
	}
	mappingJSON, err := util.MarshalJSON(m)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	metaJSON, err := json.Marshal(struct {
		Storage   string `json:"storage"`
		IndexType string `json:"index_type"`
	}{scorch.Name, scorch.Name})
	if err != nil {
		return nil, err
	}
	if err := os.WriteFile(filepath.Join(dir, "index_meta.json"), metaJSON, 0o644); err != nil {
		return nil, err
	}
	return scorch.NewBuilder(map[string]interface{}{
		"path":            filepath.Join(dir, "store"),
		"buildPathPrefix": dir,
		"batchSize":       batchSize,
		"mergeMax":        mergeMax,
		"internal":        map[string][]byte{string(util.MappingInternalKey): mappingJSON},
	})
}

// mergeWidth is how many segments the builder merges at a time: enough to
// reach one segment in two rounds (its default, ten, takes three rounds
// from 200 segments, and each round rewrites the whole index), and no more
// (one round over every segment held more of them in memory at once).
func mergeWidth(careers, batchSize int) int {
	segments := (careers + batchSize - 1) / batchSize
	return max(scorch.DefaultBuilderMergeMax, int(math.Ceil(math.Sqrt(float64(segments)))))
}

// prepared is one career mapped and analysed, with what the suggestion
// tables need from its analysis.
type prepared struct {
	doc                  *bdoc.Document
	lens                 string
	dutyLens, dutyStarts string
}

// prepare maps a career to its Bleve document and analyses every field as
// scorch would (the fields, then the composite _all from them), so that the
// builder has nothing left to analyse.
func prepare(m mapping.IndexMapping, analyzer analysis.Analyzer, c *career.Career) (prepared, error) {
	d, err := toDocument(c)
	if err != nil {
		return prepared{}, err
	}
	doc := bdoc.NewDocument(c.ID)
	if err := m.MapDocument(doc, d); err != nil {
		return prepared{}, fmt.Errorf("index: %s: %w", c.ID, err)
	}
	doc.AddIDField()
	composite := doc.HasComposite()
	doc.VisitFields(func(f index.Field) {
		if !f.Options().IsIndexed() {
			return
		}
		f.Analyze()
		if composite && f.Name() != "_id" {
			doc.VisitComposite(func(cf index.CompositeField) {
				cf.Compose(f.Name(), f.AnalyzedLength(), f.AnalyzedTokenFrequencies())
			})
		}
	})
	p := prepared{doc: doc}
	p.lens, p.dutyLens, p.dutyStarts = shapes(analyzer, doc, c)
	dropFieldVectors(doc)
	return p, nil
}

// toDocument returns what is indexed for a career. Its texts are those the
// careers file keeps (appendRecord): the highlights read Bleve's offsets
// into them.
func toDocument(c *career.Career) (document, error) {
	skills, norms := skillStrings(c.Skills)
	return document{
		Skills: skills, SkillTerms: skills, SkillNames: norms,
		Title: c.Title, Aliases: c.Aliases, Summary: c.Summary,
		Duties: itemStrings(c.Duties), Specialisations: itemStrings(c.Specialisations),
		Workplace: c.Workplace, Category: c.Category,
	}, nil
}

// shapes returns titleLens and dutyShape of a career from the analysis of
// its document, which has analysed the same texts with the same analyzer:
// the distinct terms of the title and of each alias, and for each duty its
// token count and the position of the first token past its name. Without
// term vectors on duties (no token offsets), the duties are analysed again.
func shapes(a analysis.Analyzer, doc *bdoc.Document, c *career.Career) (lens, dutyLens, dutyStarts string) {
	title := 0
	aliases := make([]int, len(c.Aliases))
	dl := make([]int, len(c.Duties))
	ds := make([]int, len(c.Duties))
	vectors := true
	for _, f := range doc.Fields {
		pos := f.ArrayPositions()
		switch f.Name() {
		case career.FieldTitle:
			title = len(f.AnalyzedTokenFrequencies())
		case career.FieldAliases:
			if len(pos) == 1 && int(pos[0]) < len(aliases) {
				aliases[pos[0]] = len(f.AnalyzedTokenFrequencies())
			}
		case career.FieldDuties:
			if len(pos) != 1 || int(pos[0]) >= len(dl) {
				continue
			}
			if !f.Options().IncludeTermVectors() {
				vectors = false
				continue
			}
			i := pos[0]
			dl[i] = f.AnalyzedLength()
			it := c.Duties[i]
			if it.Description == "" || it.Name == "" {
				continue
			}
			// The token the stream had first after the name: the
			// smallest start past it.
			first := -1
			for _, tf := range f.AnalyzedTokenFrequencies() {
				for _, loc := range tf.Locations {
					if loc.Start > len(it.Name) && (first < 0 || loc.Start < first) {
						first, ds[i] = loc.Start, loc.Position
					}
				}
			}
		}
	}
	parts := make([]string, 0, 1+len(aliases))
	parts = append(parts, strconv.Itoa(title))
	for _, n := range aliases {
		parts = append(parts, strconv.Itoa(n))
	}
	lens = strings.Join(parts, " ")
	if !vectors {
		dutyLens, dutyStarts = dutyShape(a, c)
		return lens, dutyLens, dutyStarts
	}
	return lens, joinInts(dl), joinInts(ds)
}

func joinInts(ns []int) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, " ")
}

// analysedDoc hands scorch's builder a document whose fields and composite
// fields are analysed already: the builder's own analysis pass (Analyze on
// each field, Compose into _all, the _id field) becomes a no-op.
type analysedDoc struct{ *bdoc.Document }

func (analysedDoc) AddIDField() {}

func (d analysedDoc) VisitFields(visit index.FieldVisitor) {
	for _, f := range d.Fields {
		visit(analysedField{f})
	}
}

func (d analysedDoc) VisitComposite(visit index.CompositeFieldVisitor) {
	for _, f := range d.CompositeFields {
		visit(analysedComposite{f})
	}
}

type analysedField struct{ index.Field }

func (analysedField) Analyze() {}

type analysedComposite struct{ index.CompositeField }

func (analysedComposite) Analyze() {}

func (analysedComposite) Compose(string, int, index.TokenFrequencies) {}
