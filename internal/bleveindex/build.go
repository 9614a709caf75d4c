package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/careersearch/careers/internal/career"
)

// On-disk layout under the index root (config index.path):
//
//	current         symlink to the generation being served
//	gen-<time>/     a complete generation, never modified once linked: the
//	                Bleve index (index_meta.json, store/) and the careers
//	                file (careers.bin, careersfile.go)
//	.build-<time>/  a build in progress; removed by the next build if left
//	.lock           held by the one build allowed at a time
//
// A build writes a new generation beside the old one and then renames a new
// symlink over "current", which is atomic: a reader sees the old index or
// the new one, never a half-built one, and a crash at any point leaves the
// old one intact.
const (
	currentName   = "current"
	genPrefix     = "gen-"
	buildPrefix   = ".build-"
	lockName      = ".lock"
	metaKey       = "careers_meta"
	genTimeFormat = "20060102T150405.000000000Z"
)

// meta is stored inside each index (as Bleve internal data) so that an
// index describes itself.
type meta struct {
	BuiltAt    time.Time `json:"built_at"`
	Careers    int       `json:"careers"`
	Categories []string  `json:"categories"`
	Scoring    string    `json:"scoring"`
}

// BuildOptions tune a rebuild.
type BuildOptions struct {
	// Scoring is Bleve's scoring model: "tfidf" (the default) or "bm25".
	Scoring string
	// BatchSize is how many careers the build holds analysed at once
	// (500 when 0), shared among the workers, each of which writes a
	// segment of its share before they are all merged: larger batches
	// merge less and hold more analysed documents in memory.
	BatchSize int
	// Progress, if set, is called as careers are handed to the builder,
	// with the number so far; the final merge follows the last call.
	Progress func(done, total int)
	// BeforeSwap, if set, runs after the new generation is complete and
	// verified and before it is linked; an error aborts the build. Tests use
	// it to inject failures at the last possible moment.
	BeforeSwap func(dir string) error
	// Related maps words that name a person to related phrases from a
	// general-language thesaurus (WordNet: "mixologist" → "bartender").
	// The build keeps the words the corpus lacks and, for each, the
	// phrases whose words it has, so that a query naming a job in other
	// words still finds it. nil builds without.
	Related career.RelatedWords
	// Forms maps words to other forms of them (WordNet's derivations:
	// "inspect" → "inspection"). The build keeps, as index terms, the
	// pairs whose two forms the corpus both has and that the stemmer
	// does not already join. nil builds without.
	Forms career.WordForms
}

// BuildReport says what a build did.
type BuildReport struct {
	Path       string
	Generation string
	Careers    int
	Categories int
	// RelatedWords is how many job words the related-words table kept.
	RelatedWords int
	// WordForms is how many index terms the word-forms table kept.
	WordForms int
	Took      time.Duration
}

// Build indexes careers into a new generation under root and makes it
// current. The previous generation stays in place until the one after, so
// that a server still reading it is not disturbed. On any error the current
// index is left as it was.
func Build(ctx context.Context, root string, careers []*career.Career, opts BuildOptions) (*BuildReport, error) {
	start := time.Now()
	if opts.BatchSize <= 0 {
		opts.BatchSize = 500
	}
	if opts.Scoring == "" {
		opts.Scoring = ScoringTFIDF
	}
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	unlock, err := lock(root)
	if err != nil {
		return nil, err
	}
	defer unlock()
	removeLeftovers(root)

	stamp := time.Now().UTC().Format(genTimeFormat)
	tmp := filepath.Join(root, buildPrefix+stamp)
	gen := genPrefix + stamp
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(tmp)
		}
	}()

	wrote, err := writeIndex(ctx, tmp, careers, opts)
	if err != nil {
		return nil, err
	}
	// Reopen what was written and count, so that a truncated build is
	// caught here rather than by a user.
	if err := verify(tmp, careers); err != nil {
		return nil, err
	}
	if opts.BeforeSwap != nil {
		if err := opts.BeforeSwap(tmp); err != nil {
			return nil, fmt.Errorf("index: before swap: %w", err)
		}
	}
	if err := os.Rename(tmp, filepath.Join(root, gen)); err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	ok = true
	if err := link(root, gen); err != nil {
		os.RemoveAll(filepath.Join(root, gen))
		return nil, err
	}
	removeOldGenerations(root, gen)
	return &BuildReport{Path: root, Generation: gen, Careers: len(careers), Categories: wrote.categories,
		RelatedWords: wrote.relatedWords, WordForms: wrote.wordForms, Took: time.Since(start)}, nil
}

// written says what writeIndex wrote besides the careers.
type written struct {
	categories   int
	relatedWords int
	wordForms    int
}

func writeIndex(ctx context.Context, dir string, careers []*career.Career, opts BuildOptions) (written, error) {
	m, err := NewMapping(opts.Scoring)
	if err != nil {
		return written{}, fmt.Errorf("index: mapping: %w", err)
	}
	cats, err := categoriesOf(careers)
	if err != nil {
		return written{}, err
	}
	lens, dlens, dstarts, finish, err := streamIndex(ctx, dir, m, careers, opts)
	if err != nil {
		return written{}, err
	}
	// The builder merges its segments on one core while the tables are
	// computed on the other.
	merged := make(chan error, 1)
	go func() { merged <- finish() }()
	analyzer := m.AnalyzerNamed(AnalyzerName)
	// The metadata goes in as Bleve internal data; the tables a search
	// reads go in the tables file beside the index (tablesfile.go), which
	// the server maps instead of holding them in its heap.
	raw, _ := json.Marshal(meta{BuiltAt: time.Now().UTC(), Careers: len(careers), Categories: cats, Scoring: opts.Scoring})
	tables := map[string][]byte{}
	relatedWords, wordForms := 0, 0
	// Every word of the corpus as written, counted (the vocabulary), and
	// their stems, for the tables that keep only what the corpus can match.
	asWritten := corpusWords(careers)
	known := knownStems(analyzer, asWritten)
	if err := writeCareersFile(filepath.Join(dir, careersFileName), careers); err != nil {
		<-merged
		return written{}, fmt.Errorf("index: careers file: %w", err)
	}
	for _, t := range []struct {
		key, what string
		data      func() ([]byte, error)
	}{
		{vocabKey, "vocabulary", func() ([]byte, error) { return vocabData(asWritten) }},
		{skillsKey, "skills", func() ([]byte, error) { return skillsData(careers) }},
		{openingsKey, "duty openings", func() ([]byte, error) { return openingsData(careers) }},
		{relatedKey, "related words", func() ([]byte, error) {
			data, n, err := relatedData(analyzer, known, opts.Related)
			relatedWords = n
			return data, err
		}},
		{formsKey, "word forms", func() ([]byte, error) {
			data, n, err := formsData(analyzer, known, asWritten, opts.Forms)
			wordForms = n
			return data, err
		}},
	} {
		data, err := t.data()
		if err != nil {
			<-merged
			return written{}, fmt.Errorf("index: %s: %w", t.what, err)
		}
		tables[t.key] = data
	}
	if err := <-merged; err != nil {
		return written{}, err
	}
	// The tables file, the suggestion index above all, takes memory in
	// proportion to the corpus, as the final merge does: written after
	// it, the build's peak is the larger of the two, not their sum.
	if err := writeTables(filepath.Join(dir, tablesFileName), analyzer, careers, lens, dlens, dstarts, tables); err != nil {
		return written{}, fmt.Errorf("index: tables file: %w", err)
	}
	if err := ctx.Err(); err != nil {
		return written{}, fmt.Errorf("index: %w", err)
	}
	// The builder takes internal data only when it starts, and the
	// metadata needs the whole corpus, so it is written by opening the
	// finished index for writing.
	idx, err := bleve.OpenUsing(dir, nil)
	if err != nil {
		return written{}, fmt.Errorf("index: opening %s: %w", dir, err)
	}
	closed := false
	defer func() {
		if !closed {
			idx.Close()
		}
	}()
	if err := idx.SetInternal([]byte(metaKey), raw); err != nil {
		return written{}, fmt.Errorf("index: writing metadata: %w", err)
	}
	closed = true
	if err := idx.Close(); err != nil {
		return written{}, fmt.Errorf("index: closing %s: %w", dir, err)
	}
	return written{categories: len(cats), relatedWords: relatedWords, wordForms: wordForms}, nil
}

// categoriesOf returns the careers' categories, sorted, and refuses an id
// seen twice: the offline builder would keep both copies in the merged
// segment.
func categoriesOf(careers []*career.Career) ([]string, error) {
	seen := make(map[string]struct{}, len(careers))
	catSet := map[string]bool{}
	for _, c := range careers {
		if _, dup := seen[c.ID]; dup {
			return nil, fmt.Errorf("index: career id %q appears twice", c.ID)
		}
		seen[c.ID] = struct{}{}
		catSet[c.Category] = true
	}
	cats := make([]string, 0, len(catSet))
	for c := range catSet {
		cats = append(cats, c)
	}
	sort.Strings(cats)
	return cats, nil
}

// verify reopens the generation in dir and checks that the index, the
// careers file and the tables file all hold every career.
func verify(dir string, careers []*career.Career) error {
	want := len(careers)
	cf, reason := openCareersFile(dir)
	if reason != "" {
		return fmt.Errorf("index: new generation: %s", reason)
	}
	defer cf.Close()
	if len(cf.ids) != want {
		return fmt.Errorf("index: new careers file holds %d careers, expected %d", len(cf.ids), want)
	}
	tf, reason := openTablesFile(dir)
	if reason != "" {
		return fmt.Errorf("index: new generation: %s", reason)
	}
	defer tf.close()
	if _, err := loadCareerTables(tf, cf.ids); err != nil {
		return fmt.Errorf("index: new tables file: %w", err)
	}
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return fmt.Errorf("index: reopening new index: %w", err)
	}
	defer idx.Close()
	n, err := idx.DocCount()
	if err != nil {
		return fmt.Errorf("index: counting new index: %w", err)
	}
	if int(n) != want {
		return fmt.Errorf("index: new index holds %d careers, expected %d", n, want)
	}
	return nil
}

// link points root/current at gen by renaming a fresh symlink over it.
func link(root, gen string) error {
	tmp := filepath.Join(root, ".current-"+gen)
	os.Remove(tmp)
	if err := os.Symlink(gen, tmp); err != nil {
		return fmt.Errorf("index: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(root, currentName)); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("index: %w", err)
	}
	// Make the rename durable before reporting success.
	if d, err := os.Open(root); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// CurrentGeneration returns the directory the current link points to.
func CurrentGeneration(root string) (string, error) {
	target, err := os.Readlink(filepath.Join(root, currentName))
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return "", career.Errorf(career.EUNAVAILABLE, "no index at %s: build it with `careers index`", root)
		}
		return "", fmt.Errorf("index: %w", err)
	}
	return target, nil
}

func lock(root string) (func(), error) {
	f, err := os.OpenFile(filepath.Join(root, lockName), os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, fmt.Errorf("index: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		f.Close()
		if errors.Is(err, syscall.EWOULDBLOCK) {
			return nil, career.Errorf(career.EUNAVAILABLE, "another `careers index` is rebuilding %s; wait for it to finish", root)
		}
		return nil, fmt.Errorf("index: locking %s: %w", root, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// removeLeftovers deletes what a killed build left behind. It runs with the
// lock held, so no live build owns these.
func removeLeftovers(root string) {
	entries, _ := os.ReadDir(root)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), buildPrefix) || strings.HasPrefix(e.Name(), ".current-") {
			os.RemoveAll(filepath.Join(root, e.Name()))
		}
	}
}

// removeOldGenerations keeps the new generation and the one before it (a
// server may still be answering from it until it reloads) and deletes the
// rest.
func removeOldGenerations(root, keep string) {
	entries, _ := os.ReadDir(root)
	var gens []string
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), genPrefix) && e.Name() != keep {
			gens = append(gens, e.Name())
		}
	}
	sort.Strings(gens)
	if len(gens) <= 1 {
		return
	}
	for _, g := range gens[:len(gens)-1] {
		os.RemoveAll(filepath.Join(root, g))
	}
}
