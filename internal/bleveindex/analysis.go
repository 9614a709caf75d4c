// Package bleveindex is the Bleve adapter: it builds the on-disk index of
// careers (English Snowball stemming on the text fields, a keyword category
// for facets), swaps rebuilt indexes in atomically, and answers searches
// with ranked, highlighted, faceted results.
package bleveindex

import (
	"bytes"
	"fmt"
	"hash/maphash"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/custom"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/analysis/tokenizer/unicode"
	bdoc "github.com/blevesearch/bleve/v2/document"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/registry"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/kljensen/snowball/english"

	defaults "github.com/careersearch/careers/config"
	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/synonyms"
	"github.com/careersearch/careers/internal/wordnet"
)

// Names registered with Bleve's registry.
const (
	SnowballFilterName = "careers_snowball_en"
	AnalyzerName       = "careers_en"
)

// snowballFilter stems English tokens with kljensen/snowball. Bleve ships a
// Snowball stemmer of its own; this one is used because it is the stemmer
// the project standardises on, maintained and pure Go.
//
// Snowball folds words by their endings, not their meaning ("animal" and
// "animated" are both "anim", "like" and "likely" both "like"), so a word
// whose stem an unrelated, more common word owns gets its own term from the
// stem splits built into the binary (wordnet.EmbeddedStems: "animal" and
// "animals" are "animal~"). They are the embedded ones whatever
// index.wordnet says, because index and queries must analyse alike.
//
// Stems are memoised: a corpus has a small vocabulary next to its token
// count, and stemming was a quarter of a large build's CPU. The memo is
// shared by every analysis and bounded, so a flood of distinct words
// (garbage queries) cannot grow it without limit.
type snowballFilter struct {
	splits map[string]string
}

const stemMemoMax = 1 << 20

var stemMemo = newMemo[string](stemMemoMax)

func (f snowballFilter) stem(word []byte) string {
	if s, ok := stemMemo.get(word); ok {
		return s
	}
	w := string(word)
	s, ok := f.splits[w]
	if !ok {
		s = english.Stem(w, false)
	}
	stemMemo.put(w, s)
	return s
}

func (f snowballFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if tok.KeyWord {
			continue
		}
		stemmed := f.stem(tok.Term)
		if stemmed != "" && stemmed != string(tok.Term) {
			tok.Term = []byte(stemmed)
		}
	}
	return input
}

// memo is a bounded concurrent map from a word to what a filter makes of
// it. It is sharded plain maps rather than a sync.Map: a lookup by the
// token's bytes then neither allocates a string nor boxes a key, and the
// lookups of a build's analysis goroutines rarely meet on one lock. In a
// large build these lookups run once per token, so their cost counts.
type memo[V any] struct {
	seed   maphash.Seed
	shards [memoShards]memoShard[V]
	size   atomic.Int64
	max    int64
}

const memoShards = 64

type memoShard[V any] struct {
	mu sync.RWMutex
	m  map[string]V
}

func newMemo[V any](max int64) *memo[V] {
	m := &memo[V]{seed: maphash.MakeSeed(), max: max}
	for i := range m.shards {
		m.shards[i].m = map[string]V{}
	}
	return m
}

func (m *memo[V]) shard(word []byte) *memoShard[V] {
	return &m.shards[maphash.Bytes(m.seed, word)%memoShards]
}

func (m *memo[V]) get(word []byte) (V, bool) {
	sh := m.shard(word)
	sh.mu.RLock()
	v, ok := sh.m[string(word)]
	sh.mu.RUnlock()
	return v, ok
}

// put remembers v for word unless the memo is full.
func (m *memo[V]) put(word string, v V) {
	if m.size.Load() >= m.max {
		return
	}
	sh := m.shard([]byte(word))
	sh.mu.Lock()
	if _, ok := sh.m[word]; !ok {
		sh.m[word] = v
		m.size.Add(1)
	}
	sh.mu.Unlock()
}

// acronymFilter keeps acronyms out of the stemmer and folds their plurals:
// "MLOps" stays "mlops" (the stemmer would make it "mlop"), "LLMs" becomes
// "llm", "AIs" "ai". It runs before lower-casing, because the case tells an
// acronym's plural from a word ("ITs" against "its"). The list is the
// acronyms of the synonym file built into the binary, not the configured
// one: index and queries must analyse alike, and a configured file may
// change between a build and a query.
type acronymFilter struct {
	set  *synonyms.Set
	memo *memo[acronymAnswer]
}

func (f acronymFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, tok := range input {
		if base, ok := f.acronym(tok.Term); ok {
			tok.Term = []byte(base)
			tok.KeyWord = true
		}
	}
	return input
}

// acronymAnswer is Acronym's answer for one token as written. The filter
// remembers them (asking was a twelfth of a large build's CPU, and a
// corpus has few distinct tokens).
type acronymAnswer struct {
	base string
	ok   bool
}

func (f acronymFilter) acronym(word []byte) (string, bool) {
	if a, ok := f.memo.get(word); ok {
		return a.base, a.ok
	}
	w := string(word)
	base, ok := f.set.Acronym(w)
	f.memo.put(w, acronymAnswer{base, ok})
	return base, ok
}

// AcronymFilterName names the acronym filter in Bleve's registry.
const AcronymFilterName = "careers_acronyms"

func init() {
	registry.RegisterTokenFilter(SnowballFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			splits, err := wordnet.EmbeddedStems()
			if err != nil {
				return nil, fmt.Errorf("stem splits: %w", err)
			}
			return snowballFilter{splits: splits}, nil
		})
	registry.RegisterTokenFilter(AcronymFilterName,
		func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
			set, err := synonyms.Parse("config/synonyms.txt (built in)", bytes.NewReader(defaults.Synonyms))
			if err != nil {
				return nil, fmt.Errorf("acronyms: %w", err)
			}
			return acronymFilter{set: set, memo: newMemo[acronymAnswer](stemMemoMax)}, nil
		})
}

// NewMapping returns the index mapping: the custom English analyzer on every
// text field, term vectors on _all and on the skill fields, and category as
// a keyword with doc values for faceting. No field is stored: each
// generation keeps its careers once, in its careers file (careersfile.go).
//
// The text fields are mapped with term vectors because Bleve's analysis
// records a field's locations only then, and the composite _all takes its
// locations from the fields' (each naming its field). prepare then drops
// each text field's own copy (dropFieldVectors), so that only _all's are
// written: a search reads a text field's locations from _all (fieldloc.go).
func NewMapping(scoring string) (mapping.IndexMapping, error) {
	im := mapping.NewIndexMapping()
	err := im.AddCustomAnalyzer(AnalyzerName, map[string]interface{}{
		"type":          custom.Name,
		"tokenizer":     unicode.Name,
		"token_filters": []string{en.PossessiveName, AcronymFilterName, lowercase.Name, en.StopName, SnowballFilterName},
	})
	if err != nil {
		return nil, err
	}
	if err := im.AddCustomAnalyzer(SkillTermsAnalyzerName, skillTermsAnalyzer()); err != nil {
		return nil, err
	}
	im.DefaultAnalyzer = AnalyzerName
	switch scoring {
	case ScoringTFIDF, "":
		im.ScoringModel = index.TFIDFScoring
	case ScoringBM25:
		im.ScoringModel = index.BM25Scoring
	default:
		return nil, fmt.Errorf("unknown scoring model %q (tfidf or bm25)", scoring)
	}
	im.StoreDynamic = false
	im.IndexDynamic = false
	im.DocValuesDynamic = false

	dm := mapping.NewDocumentStaticMapping()
	for _, f := range career.TextFields {
		fm := mapping.NewTextFieldMapping()
		fm.Analyzer = AnalyzerName
		fm.Store = false
		fm.IncludeTermVectors = true
		// Every text field also feeds the composite _all field, which
		// scores a word once for the whole career whatever field holds it.
		fm.IncludeInAll = true
		fm.DocValues = false
		dm.AddFieldMappingsAt(f, fm)
	}
	// Skills are scored on their own, never through _all (see skills.go).
	sk := mapping.NewTextFieldMapping()
	sk.Analyzer = AnalyzerName
	// The highlights take the names from memory (skillIndex).
	sk.Store = false
	sk.IncludeTermVectors = true
	sk.IncludeInAll = false
	sk.DocValues = false
	dm.AddFieldMappingsAt(career.FieldSkills, sk)
	skt := mapping.NewTextFieldMapping()
	skt.Analyzer = SkillTermsAnalyzerName
	skt.Store = false
	skt.IncludeTermVectors = true
	skt.IncludeInAll = false
	skt.DocValues = false
	dm.AddFieldMappingsAt(FieldSkillTerms, skt)
	skn := mapping.NewKeywordFieldMapping()
	skn.Analyzer = keyword.Name
	skn.Store = false
	skn.DocValues = false // the skills facet is counted in memory
	skn.IncludeTermVectors = true
	skn.IncludeInAll = false
	dm.AddFieldMappingsAt(FieldSkillNames, skn)

	cat := mapping.NewKeywordFieldMapping()
	cat.Analyzer = keyword.Name
	cat.Store = false
	cat.DocValues = true
	cat.IncludeInAll = false
	cat.IncludeTermVectors = false
	dm.AddFieldMappingsAt(career.FieldCategory, cat)

	im.DefaultMapping = dm
	im.DefaultField = career.FieldSummary
	return im, nil
}

// ownVectorFields are the fields whose own term vectors a generation keeps.
// The skills are not in _all, and a search reads their locations: which
// skills matched (skillHighlights, the ranking's skill features) and a
// skills:"phrase" clause. Every other field is located through _all.
var ownVectorFields = map[string]bool{
	FieldAll:           true,
	career.FieldSkills: true,
	FieldSkillTerms:    true,
	FieldSkillNames:    true,
}

// dropFieldVectors removes the locations of every analysed field of doc
// that keeps no term vectors of its own, after _all has taken them: zap
// writes a term's locations when its analysis has any.
func dropFieldVectors(doc *bdoc.Document) {
	for _, f := range doc.Fields {
		if ownVectorFields[f.Name()] {
			continue
		}
		for _, tf := range f.AnalyzedTokenFrequencies() {
			tf.Locations = nil
		}
	}
}

// document is what is indexed for one career.
type document struct {
	Title           string   `json:"title"`
	Aliases         []string `json:"aliases"`
	Summary         string   `json:"summary"`
	Duties          []string `json:"duties"`
	Specialisations []string `json:"specialisations"`
	Workplace       string   `json:"workplace"`
	Skills          []string `json:"skills"`
	SkillTerms      []string `json:"skill_terms"`
	SkillNames      []string `json:"skill_names"`
	Category        string   `json:"category"`
}

// titleLens encodes the number of distinct terms of the title and of each
// alias as the analyzer sees them.
func titleLens(a analysis.Analyzer, c *career.Career) string {
	count := func(s string) int {
		seen := map[string]bool{}
		for _, t := range a.Analyze([]byte(s)) {
			seen[string(t.Term)] = true
		}
		return len(seen)
	}
	parts := make([]string, 0, 1+len(c.Aliases))
	parts = append(parts, strconv.Itoa(count(c.Title)))
	for _, al := range c.Aliases {
		parts = append(parts, strconv.Itoa(count(al)))
	}
	return strings.Join(parts, " ")
}

// skillStrings returns the skill names, as written and normalised.
func skillStrings(skills []career.Skill) (names, norms []string) {
	names = make([]string, len(skills))
	norms = make([]string, len(skills))
	for i, s := range skills {
		names[i] = s.Name
		norms[i] = normalizeSkill(s.Name)
	}
	return names, norms
}

func itemStrings(items []career.Item) []string {
	out := make([]string, len(items))
	for i, it := range items {
		out[i] = it.String()
	}
	return out
}

// dutyShape encodes, for each duty, its number of terms as the analyzer
// sees them (for the ranker's per-duty length normalisation) and the
// position of the first term of its description ("Core task: Measure
// parts" → the position of "measure"), or 0 when it has none: a duty opens
// there or at its first word, and a task query whose verb opens a duty
// matches it best. Each duty is analysed once for both.
func dutyShape(a analysis.Analyzer, c *career.Career) (lens, starts string) {
	ls := make([]string, len(c.Duties))
	ss := make([]string, len(c.Duties))
	for i, it := range c.Duties {
		toks := a.Analyze([]byte(it.String()))
		start := 0
		if it.Description != "" && it.Name != "" {
			for _, t := range toks {
				if t.Start > len(it.Name) {
					start = t.Position
					break
				}
			}
		}
		ls[i], ss[i] = strconv.Itoa(len(toks)), strconv.Itoa(start)
	}
	return strings.Join(ls, " "), strings.Join(ss, " ")
}
