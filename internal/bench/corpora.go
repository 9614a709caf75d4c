package bench

import (
	"fmt"
	"path/filepath"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/importer/onet"
)

// Corpus names.
const (
	CorpusHand = "hand" // the hand-written corpus
	CorpusONet = "onet" // the O*NET import without aliases (issue 17's figures)
	CorpusGen  = "gen"  // careers generated from the O*NET import with aliases (issue 18's figures)
)

// CorpusDescription says in a few words what the named corpus is, for the
// results table.
func CorpusDescription(name string) string {
	switch name {
	case CorpusHand:
		return "the hand-written careers"
	case CorpusONet:
		return "O*NET 30.1 import without aliases"
	case CorpusGen:
		return "generated from the O*NET 30.1 import with aliases"
	}
	return name
}

// Sources says where the suite reads its inputs; paths are relative to the
// repository root unless absolute.
type Sources struct {
	Root       string // repository root
	Hand       string // hand-written corpus directory
	ONet       string // O*NET text database directory
	Judgements string // hand-written judged queries (*.jsonl)
	GenSize    int    // careers in the generated corpus
}

// DefaultSources are the inputs of `make bench`, relative to root.
func DefaultSources(root string) Sources {
	return Sources{
		Root:       root,
		Hand:       filepath.Join(root, "corpus"),
		ONet:       filepath.Join(root, "..", "shared", "data", "onet-30.1"),
		Judgements: filepath.Join(root, "testdata", "judgements"),
		GenSize:    100_000,
	}
}

// LoadCorpus reads or makes the named corpus. The hand-written corpus must
// have no validation problem, as for `careers index`.
func LoadCorpus(name string, src Sources) ([]*career.Career, error) {
	switch name {
	case CorpusHand:
		l, err := corpus.Load([]string{src.Hand}, corpus.Editorial, nil)
		if err != nil {
			return nil, err
		}
		if len(l.Problems) > 0 {
			return nil, fmt.Errorf("bench: %s has %d problems: %w", src.Hand, len(l.Problems), l.Problems)
		}
		return l.Careers(), nil
	case CorpusONet:
		// Issue 17 measures the search without the 46,000 alternate
		// titles, so that the figures are of the ranking, not of aliases.
		res, err := onet.Import(src.ONet, onet.Options{NoAliases: true})
		if err != nil {
			return nil, err
		}
		return res.Careers, nil
	case CorpusGen:
		// The copies draw subsets of the aliases, so the generated corpus
		// starts from the import with them (issue 18's corpus).
		res, err := onet.Import(src.ONet, onet.Options{})
		if err != nil {
			return nil, err
		}
		return Generate(res.Careers, src.GenSize, Seed), nil
	}
	return nil, fmt.Errorf("bench: unknown corpus %q (hand, onet or gen)", name)
}
