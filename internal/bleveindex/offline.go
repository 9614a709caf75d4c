package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/util"
	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapx "github.com/blevesearch/zapx/v17"

	"github.com/careersearch/careers/internal/career"
)

// The careers go into a new generation as scorch's offline builder would
// put them (segments of BatchSize documents, merged into one segment), but
// with the work spread over the cores: scorch.Builder analyses and builds
// every segment under one mutex, so a build used one core for most of its
// time. Here each worker takes the next batch of careers, analyses it and
// builds and persists its zap segment itself; the segments are then merged
// in groups, the groups in parallel, and the groups' segments into the
// final one. Nothing reads a generation before it is linked, so none of a
// live index's snapshots, persister or merger is needed.
//
// The result is the layout scorch.Builder leaves, which the server,
// verify, the careers file's checks and the damage tests rely on: one
// segment, store/000000000002.zap, and store/root.bolt naming it with the
// mapping as internal data. root.bolt is written by scorch.Builder itself,
// for an index of one document whose segment the merged one then replaces:
// its snapshot records, for its one segment, the segment plugin's type and
// version and the file's name only (no size, count or checksum; see
// prepareBoltSnapshot and Builder.Close in bleve v2.6.3), and the segments
// here are built by the same plugin, zapx v17, scorch's default. Writing
// root.bolt by hand would copy unexported details of scorch's snapshot
// format (its key encoding, the file writer's id) that the public builder
// already gets right.

// segmentPlugin builds and merges the generation's segments. It must be
// the plugin scorch.Builder uses by default, since root.bolt is written by
// the builder with its plugin's type and version: another plugin's segment
// would not open (TestOfflineBuildIndexesAsOnline).
var segmentPlugin = &zapx.ZapPlugin{}

// finalSegment is the file name scorch.Builder gives the one segment of
// the index it writes (segment id 2, as a live index has after one batch).
const finalSegment = "000000000002.zap"

// streamIndex builds the careers into an index at dir (which must not
// exist) and returns, per career, the title lengths and duty shapes the
// suggestion tables need, and finish, which merges the last round of
// segments into one and writes the index's root (the caller computes the
// tables meanwhile). The per-generation tables are written after, by
// reopening the index.
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
	if err := m.Validate(); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("index: mapping: %w", err)
	}
	// The segments are written inside dir, so that a failed build leaves
	// nothing elsewhere and the final rename stays on one file system.
	scratch := filepath.Join(dir, "segments")
	if err := os.MkdirAll(scratch, 0o755); err != nil {
		return nil, nil, nil, nil, fmt.Errorf("index: creating %s: %w", dir, err)
	}
	lens = make([]string, len(careers))
	dlens = make([]string, len(careers))
	dstarts = make([]string, len(careers))
	// BatchSize careers are held analysed at once, as scorch.Builder held
	// one batch: each worker's segment takes its share. (Each worker
	// building segments of BatchSize held that many per worker, and an
	// analysed career weighs much: the O*NET import's build peaked 70 %
	// higher at 500.)
	workers := runtime.GOMAXPROCS(0)
	perSegment := max(1, opts.BatchSize/workers)
	paths, err := buildSegments(ctx, scratch, m, careers, perSegment, workers, opts.Progress, lens, dlens, dstarts)
	if err != nil {
		return nil, nil, nil, nil, err
	}
	// The first round merges groups of segments, in parallel; finish
	// merges the groups' segments into one.
	width := mergeWidth(len(careers), perSegment)
	if len(paths) > width {
		if paths, err = mergeGroups(ctx, scratch, paths, width); err != nil {
			return nil, nil, nil, nil, err
		}
	}
	// The analysed batches are garbage now, and the final merge maps every
	// segment into memory beside the tables' computation: the heap the
	// workers grew goes back to the system first, so that the two do not
	// add up in the build's peak.
	debug.FreeOSMemory()
	finish = func() error {
		final := filepath.Join(scratch, "final.zap")
		if len(paths) == 1 {
			final = paths[0]
		} else if err := mergeSegments(paths, final); err != nil {
			return fmt.Errorf("index: merging %s: %w", dir, err)
		}
		if err := writeRoot(dir, m, careers[0], final); err != nil {
			return fmt.Errorf("index: writing %s: %w", dir, err)
		}
		if err := os.RemoveAll(scratch); err != nil {
			return fmt.Errorf("index: %w", err)
		}
		return nil
	}
	return lens, dlens, dstarts, finish, nil
}

// buildSegments analyses the careers and builds one persisted segment of
// perSegment careers per batch, on workers goroutines, each taking the
// next batch; it returns the segments' paths in the careers' order, so
// that the merged index numbers its documents in that order. Progress is
// told the careers in finished segments, rising, from one goroutine at a
// time.
func buildSegments(ctx context.Context, scratch string, m mapping.IndexMapping, careers []*career.Career, perSegment, workers int, progress func(done, total int), lens, dlens, dstarts []string) ([]string, error) {
	analyzer := m.AnalyzerNamed(AnalyzerName)
	batches := (len(careers) + perSegment - 1) / perSegment
	paths := make([]string, batches)
	var (
		next     atomic.Int64
		failed   atomic.Bool
		errOnce  sync.Once
		firstErr error
		progMu   sync.Mutex
		done     int
	)
	fail := func(err error) {
		errOnce.Do(func() { firstErr = err })
		failed.Store(true)
	}
	build := func(b int) error {
		start := b * perSegment
		end := min(start+perSegment, len(careers))
		docs := make([]index.Document, 0, end-start)
		for i := start; i < end; i++ {
			if i%prepareCheck == 0 {
				if err := ctx.Err(); err != nil {
					return fmt.Errorf("index: %w", err)
				}
			}
			d, err := prepare(m, analyzer, careers[i])
			if err != nil {
				return err
			}
			docs = append(docs, d.doc)
			lens[i], dlens[i], dstarts[i] = d.lens, d.dutyLens, d.dutyStarts
		}
		seg, _, err := segmentPlugin.New(docs)
		if err != nil {
			return fmt.Errorf("index: building the segment of careers %d to %d: %w", start+1, end, err)
		}
		defer seg.Close()
		path := filepath.Join(scratch, fmt.Sprintf("batch-%06d.zap", b))
		unpersisted, ok := seg.(segment.UnpersistedSegment)
		if !ok {
			return fmt.Errorf("index: a new %T segment cannot be written to disk", seg)
		}
		if err := unpersisted.Persist(path); err != nil {
			return fmt.Errorf("index: writing the segment of careers %d to %d: %w", start+1, end, err)
		}
		paths[b] = path
		if progress != nil {
			progMu.Lock()
			done += end - start
			progress(done, len(careers))
			progMu.Unlock()
		}
		return nil
	}
	var wg sync.WaitGroup
	for w := 0; w < min(workers, batches); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !failed.Load() {
				b := int(next.Add(1)) - 1
				if b >= batches {
					return
				}
				if err := build(b); err != nil {
					fail(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	return paths, nil
}

// prepareCheck is how often, in careers, a worker looks whether the build
// was cancelled.
const prepareCheck = 64

// mergeGroups merges paths in consecutive groups of width segments, the
// groups in parallel (one per core at a time), and returns the merged
// segments' paths in order.
func mergeGroups(ctx context.Context, scratch string, paths []string, width int) ([]string, error) {
	groups := (len(paths) + width - 1) / width
	merged := make([]string, groups)
	errs := make([]error, groups)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < min(runtime.GOMAXPROCS(0), groups); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				g := int(next.Add(1)) - 1
				if g >= groups {
					return
				}
				if err := ctx.Err(); err != nil {
					errs[g] = fmt.Errorf("index: %w", err)
					return
				}
				group := paths[g*width : min((g+1)*width, len(paths))]
				merged[g] = filepath.Join(scratch, fmt.Sprintf("group-%06d.zap", g))
				if err := mergeSegments(group, merged[g]); err != nil {
					errs[g] = fmt.Errorf("index: merging segments: %w", err)
					return
				}
			}
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	return merged, nil
}

// mergeSegments merges the segments at paths, in order, into one at out
// and removes them.
func mergeSegments(paths []string, out string) (err error) {
	segs := make([]segment.Segment, 0, len(paths))
	defer func() {
		for _, s := range segs {
			if cerr := s.Close(); cerr != nil && err == nil {
				err = cerr
			}
		}
	}()
	for _, p := range paths {
		s, err := segmentPlugin.Open(p)
		if err != nil {
			return fmt.Errorf("opening segment %s: %w", p, err)
		}
		segs = append(segs, s)
	}
	if _, _, err := segmentPlugin.Merge(segs, make([]*roaring.Bitmap, len(segs)), out, nil, nil); err != nil {
		return err
	}
	for _, p := range paths {
		if err := os.Remove(p); err != nil {
			return err
		}
	}
	return nil
}

// writeRoot makes dir a scorch index whose one segment is the one at
// segPath: scorch.Builder writes the index (meta file, store/root.bolt with
// the mapping as internal data) for the first career alone, and the merged
// segment then takes the place of that one-document segment (see the
// comment at the top of this file for why this is sound).
func writeRoot(dir string, m mapping.IndexMapping, first *career.Career, segPath string) error {
	b, err := newOfflineBuilder(dir, m, 1, scorch.DefaultBuilderMergeMax)
	if err != nil {
		return err
	}
	p, err := prepare(m, m.AnalyzerNamed(AnalyzerName), first)
	if err != nil {
		return err
	}
	if err := b.Index(analysedDoc{p.doc}); err != nil {
		return err
	}
	if err := b.Close(); err != nil {
		return err
	}
	return os.Rename(segPath, filepath.Join(dir, "store", finalSegment))
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

// mergeWidth is how many segments are merged at a time: enough to reach
// one segment in two rounds (each round rewrites the whole index), and no
// more (one round over every segment held more of them in memory at once).
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
