package bleveindex

import (
	"context"
	"strings"

	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/searcher"

	"github.com/careersearch/careers/internal/career"
)

// Bleve's own bounds on how far one query may fan out. They back up
// career.Limits (query length, words, page depth), which bound what a
// client may ask; these bound what Bleve builds from it, so that a query
// that slips past the first (say a prefix or fuzzy term in a future query
// language that expands to thousands of index terms) fails with EINVALID
// instead of taking the server's memory and time.
const (
	// MaxClauses bounds each disjunction Bleve builds, including the
	// expansion of one prefix, fuzzy, wildcard or regexp term into index
	// terms (bleve's searcher.DisjunctionMaxClauseCount, which is global to
	// the process; 0 there means no bound).
	MaxClauses = 1024
	// MaxTermSearchers bounds the leaf term searchers of one whole search
	// (bleve's search.MaxTermSearchersKey). A free-text query builds about
	// 21 per distinct word, so search.max_terms (default 32) stays well
	// below it.
	MaxTermSearchers = 4096
)

func init() {
	searcher.DisjunctionMaxClauseCount = MaxClauses
}

// withSearchLimits returns ctx carrying the per-search term-searcher bound.
func withSearchLimits(ctx context.Context) context.Context {
	return context.WithValue(ctx, search.MaxTermSearchersKey, MaxTermSearchers)
}

// limitError turns Bleve's fan-out errors into EINVALID; other errors pass
// unchanged. Bleve reports them with formatted messages only.
func limitError(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	if strings.Contains(msg, "TooManyClauses") || strings.Contains(msg, "TooManyTermSearchers") {
		return career.Errorf(career.EINVALID, "q: the query expands to too many terms to search at once; use fewer or more specific words")
	}
	return err
}
