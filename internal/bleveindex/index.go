package bleveindex

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/rank"
	"github.com/careersearch/careers/internal/suggest"
	"github.com/careersearch/careers/internal/synonyms"
)

// Scoring models Bleve supports.
const (
	ScoringTFIDF = "tfidf"
	ScoringBM25  = "bm25"
)

// Options tune how an open index answers searches. docs/RELEVANCE.md
// records how the ranking defaults were chosen.
type Options struct {
	Limits career.Limits
	// FragmentSize is the length in characters of a highlighted fragment.
	FragmentSize int
	// Fragments is how many fragments are shown per field at most.
	Fragments int
	// Rank holds the ranking's constants (rank.Defaults is the shipped
	// ranking); they are not configuration.
	Rank rank.Params
	// Synonyms, if set, add alternatives to the query's words at query
	// time ("telework" for "remote work"); nil turns them off.
	Synonyms *synonyms.Set
	// IsWord, if set, tells English words (a dictionary: WordNet's lemmas
	// and their forms). A query word that no career holds but that is an
	// English word is not a typo: it is searched as typed, and the answer
	// names it as missing ("No career here mentions ...") and only offers
	// a correction, rather than silently searching another word ("night"
	// is not "right"). nil: every unknown word may be corrected.
	IsWord func(word string) bool
}

// DefaultOptions returns the shipped ranking and display settings.
func DefaultOptions() Options {
	return Options{
		Limits:       career.Limits{DefaultSize: 10, MaxSize: 100, MaxQueryLength: 500, MaxPage: 1000, MaxTerms: 32},
		FragmentSize: 200,
		Fragments:    3,
		Rank:         rank.Defaults(),
	}
}

// Index is one open, read-only generation of the index. It is safe for
// concurrent use.
type Index struct {
	idx         bleve.Index
	dir         string
	gen         string
	meta        meta
	opts        Options
	categories  map[string]bool
	allCounts   []career.FacetValue
	highlighter *highlighter
	analyzer    analysis.Analyzer
	// suggest is the prefix index of titles, aliases and specialisations,
	// read in place from the tables file.
	suggest *suggest.Index
	vocab   *vocabulary
	// tables holds the per-career tables (title and duty lengths, where
	// duty descriptions start, the careers that list no duties, related
	// careers both ways, titles), read in place from the tables file;
	// gentables.go has their accessors. avgDutyLen is the mean duty
	// length over the generation.
	tables     *careerTables
	avgDutyLen float64
	// tablesFile is the generation's mapped tables file; what is read
	// from it in place lives until Close.
	tablesFile *tablesFile
	// openings counts the words that open duties; titleWords holds the
	// words of titles and aliases as written (lower case).
	openings   map[string]int
	titleWords map[string]bool
	// titleStems holds the terms of the titles (not the aliases).
	titleStems map[string]bool
	// related maps person words the corpus lacks to related phrases it
	// has (see BuildOptions.Related).
	related career.RelatedWords
	// forms maps index terms to the terms of other forms of the same word
	// (see BuildOptions.Forms); formWord holds a word of each such term,
	// for explanations.
	forms    map[string][]string
	formWord map[string]string
	// skills holds every skill name and each career's skill shapes
	// (skills.go); nil for a generation built before skills.
	skills *skillIndex
	// docs holds each career's id and category by Bleve's document
	// number, for the one pass over a query's matches (exec.go).
	docs *docTable
	// careers is the generation's careers file: the texts and careers
	// that Bleve indexes but does not store.
	careers *careersFile
}

// Open opens the current generation under root, read-only.
func Open(root string, opts Options) (*Index, error) {
	gen, err := CurrentGeneration(root)
	if err != nil {
		return nil, err
	}
	return openGeneration(root, gen, opts)
}

// openGeneration opens root/gen. Any failure, a panic inside Bleve
// included, is a *GenerationError that names what is wrong with it.
func openGeneration(root, gen string, opts Options) (ix *Index, err error) {
	dir := filepath.Join(root, gen)
	if _, err := os.Stat(dir); err != nil {
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: "its directory is missing", Err: err}
	}
	// Bleve trusts its segment files: flipped bytes can make it slice out
	// of range and panic, and a truncated one makes it open an empty
	// snapshot and fail on the mapping. The checksums name the damage.
	if reason := checkSegments(dir); reason != "" {
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: reason}
	}
	cf, reason := openCareersFile(dir)
	if reason != "" {
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: reason}
	}
	tf, reason := openTablesFile(dir)
	if reason != "" {
		cf.Close()
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: reason}
	}
	defer func() {
		if ix == nil {
			cf.Close()
			tf.close()
		}
	}()
	var idx bleve.Index
	defer func() {
		if r := recover(); r != nil {
			if idx != nil {
				func() {
					defer func() { recover() }()
					idx.Close()
				}()
			}
			ix, err = nil, &GenerationError{Gen: gen, Dir: dir, Reason: fmt.Sprintf("Bleve panicked while opening it: %v", r)}
		}
	}()
	idx, err = bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: openFailure(err, dir, gen), Err: err}
	}
	if n, _ := idx.DocCount(); int(n) != len(cf.ids) {
		idx.Close()
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: fmt.Sprintf("its careers file holds %d careers and its index %d", len(cf.ids), n)}
	}
	if n := tf.careers(); n != len(cf.ids) {
		idx.Close()
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: fmt.Sprintf("its careers file holds %d careers and its tables file %d", len(cf.ids), n)}
	}
	ix, err = readGeneration(idx, tf, cf.ids, dir, gen, opts)
	if err != nil {
		return nil, &GenerationError{Gen: gen, Dir: dir, Reason: strings.ReplaceAll(strings.TrimPrefix(err.Error(), "index: "), dir, gen), Err: err}
	}
	ix.careers = cf
	ix.tablesFile = tf
	return ix, nil
}

// readGeneration reads what a search needs besides the Bleve index from
// idx, an open generation, and tf, its tables file, for the careers of
// its careers file (ids, sorted); it closes idx on failure.
func readGeneration(idx bleve.Index, tf *tablesFile, ids []string, dir, gen string, opts Options) (*Index, error) {
	ix := &Index{idx: idx, dir: dir, gen: gen, opts: opts}
	raw, err := idx.GetInternal([]byte(metaKey))
	if err != nil || raw == nil {
		idx.Close()
		return nil, fmt.Errorf("index: %s has no careers metadata; rebuild it with `careers index`", dir)
	}
	if err := json.Unmarshal(raw, &ix.meta); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index: reading metadata of %s: %w", dir, err)
	}
	fail := func(what string, err error) (*Index, error) {
		idx.Close()
		return nil, fmt.Errorf("index: reading %s of %s: tables file %s: %w", what, dir, tablesFileName, err)
	}
	if ix.suggest, err = suggest.Open(suggestSource{tf}); err != nil {
		return fail("suggestions", err)
	}
	if ix.tables, err = loadCareerTables(tf, ids); err != nil {
		return fail("career tables", err)
	}
	ix.avgDutyLen = ix.tables.avgDutyLen
	// The small tables are JSON, decoded into the heap (the decoder
	// copies every string out of the mapping).
	jsonTable := func(key string, into any) error {
		raw, err := tf.raw(key)
		if err != nil {
			return err
		}
		return json.Unmarshal(raw, into)
	}
	var counts map[string]int
	if err := jsonTable(vocabKey, &counts); err != nil {
		return fail("vocabulary", err)
	}
	ix.vocab = newVocabulary(counts)
	ix.analyzer = idx.Mapping().AnalyzerNamed(AnalyzerName)
	if ix.analyzer == nil {
		idx.Close()
		return nil, fmt.Errorf("index: %s has no %s analyzer; rebuild it with `careers index`", dir, AnalyzerName)
	}
	if err := jsonTable(openingsKey, &ix.openings); err != nil {
		return fail("duty openings", err)
	}
	if err := jsonTable(relatedKey, &ix.related); err != nil {
		return fail("related words", err)
	}
	var byTerm map[string][]string
	if err := jsonTable(formsKey, &byTerm); err != nil {
		return fail("word forms", err)
	}
	ix.forms, ix.formWord = make(map[string][]string, len(byTerm)), map[string]string{}
	for t, ws := range byTerm {
		for _, w := range ws {
			for _, f := range ix.analyze(w) {
				ix.forms[t] = append(ix.forms[t], f)
				// The word an explanation shows for f: the shortest that
				// gives it, then the first in order, whatever the map's
				// order (it used to be the last one visited, so a search
				// explained "contain" as "container" in one process and
				// as "contain" in the next).
				if o, ok := ix.formWord[f]; !ok || len(w) < len(o) || len(w) == len(o) && w < o {
					ix.formWord[f] = w
				}
			}
		}
	}
	rawSkills, err := tf.raw(skillsKey)
	if err != nil {
		return fail("skills", err)
	}
	if ix.skills, err = ix.loadSkills(rawSkills); err != nil {
		return fail("skills", err)
	}
	if ix.titleWords, err = tf.stringSet("titlewords"); err != nil {
		return fail("title words", err)
	}
	if ix.titleStems, err = tf.stringSet("titlestems"); err != nil {
		return fail("title terms", err)
	}
	ix.categories = make(map[string]bool, len(ix.meta.Categories))
	for _, c := range ix.meta.Categories {
		ix.categories[c] = true
	}
	if ix.opts.FragmentSize <= 0 {
		ix.opts.FragmentSize = 160
	}
	if ix.opts.Fragments <= 0 {
		ix.opts.Fragments = 3
	}
	ix.highlighter = newHighlighter(ix.opts.FragmentSize, ix.opts.Fragments, true)
	if err := ix.loadDocs(); err != nil {
		idx.Close()
		return nil, fmt.Errorf("index: %s: %w", dir, err)
	}
	// The counts of the whole index never change for a generation, so they
	// are counted once, from the docTable: /api/categories and the empty
	// query use them.
	all := make([]int, len(ix.meta.Categories))
	for _, c := range ix.docs.cat {
		if c >= 0 {
			all[c]++
		}
	}
	ix.allCounts = ix.countValues(all)
	return ix, nil
}

// Close releases the index files. Nothing read in place from the tables
// file may be used after.
func (ix *Index) Close() error {
	err := ix.idx.Close()
	if cerr := ix.careers.Close(); err == nil {
		err = cerr
	}
	if terr := ix.tablesFile.close(); err == nil {
		err = terr
	}
	return err
}

// Generation names the generation directory this index was opened from.
func (ix *Index) Generation() string { return ix.gen }

// Info describes the index.
func (ix *Index) Info(context.Context) (career.IndexInfo, error) {
	return career.IndexInfo{
		Careers:    ix.meta.Careers,
		Categories: len(ix.meta.Categories),
		BuiltAt:    ix.meta.BuiltAt,
		Generation: ix.gen,
	}, nil
}

// Categories returns every category with its number of careers.
func (ix *Index) Categories(context.Context) ([]career.FacetValue, error) {
	out := make([]career.FacetValue, len(ix.allCounts))
	copy(out, ix.allCounts)
	return out, nil
}

// Career returns one career by id, from the careers file.
func (ix *Index) Career(ctx context.Context, id string) (*career.Career, error) {
	if err := ctx.Err(); err != nil {
		return nil, translate(err)
	}
	sc, err := ix.careers.read(id)
	if errors.Is(err, errNoCareer) {
		return nil, career.Errorf(career.ENOTFOUND, "no career with id %q", id)
	}
	if err != nil {
		return nil, err
	}
	return sc.career()
}

// translate turns Bleve's failures into domain errors.
func translate(err error) error {
	switch {
	case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
		return career.Errorf(career.EUNAVAILABLE, "search cancelled: %v", err)
	}
	return fmt.Errorf("index: %w", err)
}

// BuiltAt returns when the current generation under root was built.
func BuiltAt(root string) (time.Time, error) {
	ix, err := Open(root, DefaultOptions())
	if err != nil {
		return time.Time{}, err
	}
	defer ix.Close()
	return ix.meta.BuiltAt, nil
}
