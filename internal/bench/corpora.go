package bench

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/eval"
	"github.com/careersearch/careers/internal/importer/onet"
)

// Corpus names.
const (
	CorpusHand = "hand" // the hand-written corpus
	CorpusONet = "onet" // the O*NET import
	CorpusGen  = "gen"  // careers generated from the O*NET import
)

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
		res, err := onet.Import(src.ONet, onet.Options{})
		if err != nil {
			return nil, err
		}
		return res.Careers, nil
	case CorpusGen:
		base, err := LoadCorpus(CorpusONet, src)
		if err != nil {
			return nil, err
		}
		return Generate(base, src.GenSize, Seed), nil
	}
	return nil, fmt.Errorf("bench: unknown corpus %q (hand, onet or gen)", name)
}

// QueriesPerSource is how many reported titles and DWA titles the mix
// draws from each.
const QueriesPerSource = 100

// Query is one benchmark query and where it comes from.
type Query struct {
	Text   string
	Source string // "title", "dwa" or "judged"
}

// Queries returns the fixed query mix: every hand-written judged query, and
// per O*NET source (reported titles, DWA titles) perSource queries drawn
// with a fixed seed, all of 1 to 6 words, interleaved in a fixed order.
// The judgements themselves are not used: only the query texts.
func Queries(src Sources, perSource int) ([]Query, error) {
	judged, err := eval.LoadJSONL("handwritten", src.Judgements)
	if err != nil {
		return nil, err
	}
	titles, err := eval.ONetTitles(src.ONet)
	if err != nil {
		return nil, err
	}
	dwas, err := eval.ONetTasks(src.ONet)
	if err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(Seed, 1))
	var out []Query
	out = append(out, pick(judged, "judged", len(judged.Queries), rng)...)
	out = append(out, pick(titles, "title", perSource, rng)...)
	out = append(out, pick(dwas, "dwa", perSource, rng)...)
	rng.Shuffle(len(out), func(i, j int) { out[i], out[j] = out[j], out[i] })
	return out, nil
}

// pick draws up to n distinct queries of 1–6 words from b.
func pick(b *eval.Benchmark, source string, n int, rng *rand.Rand) []Query {
	var ok []string
	seen := map[string]bool{}
	for _, j := range b.Queries {
		t := strings.Join(strings.Fields(j.Query), " ")
		if w := len(strings.Fields(t)); w >= 1 && w <= 6 && !seen[strings.ToLower(t)] {
			seen[strings.ToLower(t)] = true
			ok = append(ok, t)
		}
	}
	rng.Shuffle(len(ok), func(i, j int) { ok[i], ok[j] = ok[j], ok[i] })
	out := make([]Query, 0, min(n, len(ok)))
	for _, t := range ok[:min(n, len(ok))] {
		out = append(out, Query{Text: t, Source: source})
	}
	return out
}
