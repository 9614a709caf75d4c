package bench

import (
	"context"
	"errors"
	"html"
	"path/filepath"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
)

// Engine names, as they appear in the results.
const (
	EngineOurs   = "careers"     // bleveindex.Index.Search with DefaultOptions
	EnginePlain  = "plain-bleve" // an untuned Bleve request on the same documents
	EngineSQLite = "sqlite-fts5" // the SQLite FTS5 peer
)

// Engine answers one page of results in the API's shape.
type Engine interface {
	Search(ctx context.Context, q career.Query) (*career.Result, error)
	Close() error
}

// SQLiteFile is the name of the peer's database inside its directory.
const SQLiteFile = "fts.db"

// ErrPeerNotBuilt is returned by the SQLite peer in a binary built without
// the sqlite_fts5 tag.
var ErrPeerNotBuilt = errors.New("bench: SQLite FTS5 peer not built (build with -tags sqlite_fts5)")

// OpenEngine opens the named engine on the index under dir: for ours, dir
// is a bleveindex root; for plain Bleve, the index BuildPlain wrote; for
// SQLite, the database file is dir/fts.db.
func OpenEngine(name, dir string) (Engine, error) {
	switch name {
	case EngineOurs:
		return bleveindex.Open(dir, bleveindex.DefaultOptions())
	case EnginePlain:
		return OpenPlain(dir)
	case EngineSQLite:
		return OpenSQLite(filepath.Join(dir, SQLiteFile))
	}
	return nil, errors.New("bench: unknown engine " + name)
}

// Explaining is an engine asked to explain every hit's score
// (career.Query.Explain), as `explain=true` asks over HTTP.
type Explaining struct{ Engine }

// Search searches with Explain set.
func (e Explaining) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	q.Explain = true
	return e.Engine.Search(ctx, q)
}

// Plain is the floor our query path must beat: the Bleve request a newcomer
// would write against an index of the same documents with our analysis
// (BuildPlain). One match query on the composite
// _all field (every text field), a term facet on category, the default
// HTML highlighter on the stored fields, top 10, default scoring.
type Plain struct {
	idx bleve.Index
}

// OpenPlain opens the index BuildPlain wrote at dir read-only with Bleve
// itself.
func OpenPlain(dir string) (*Plain, error) {
	idx, err := bleve.OpenUsing(dir, map[string]interface{}{"read_only": true})
	if err != nil {
		return nil, err
	}
	return &Plain{idx: idx}, nil
}

// Close closes the index.
func (p *Plain) Close() error { return p.idx.Close() }

// Search runs the untuned request and converts its answer to a page.
func (p *Plain) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	start := time.Now()
	q = pageDefaults(q)
	mq := bleve.NewMatchQuery(q.Text)
	mq.SetField("_all")
	req := bleve.NewSearchRequestOptions(mq, q.Size, (q.Page-1)*q.Size, false)
	req.Fields = []string{career.FieldTitle, career.FieldCategory, career.FieldSummary}
	req.AddFacet("category", bleve.NewFacetRequest(career.FieldCategory, 64))
	req.Highlight = bleve.NewHighlight()
	res, err := p.idx.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	out := &career.Result{Query: q.Text, Total: res.Total, Page: q.Page, Size: q.Size,
		Hits: make([]career.Hit, 0, len(res.Hits))}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, plainHit(h))
	}
	if fr := res.Facets["category"]; fr != nil && fr.Terms != nil {
		for _, t := range fr.Terms.Terms() {
			out.Facets.Category = append(out.Facets.Category, career.FacetValue{Value: t.Term, Count: t.Count})
		}
	}
	sortFacets(out.Facets.Category)
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

func plainHit(h *search.DocumentMatch) career.Hit {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	hit := career.Hit{ID: h.ID, Title: str(career.FieldTitle), Category: str(career.FieldCategory),
		Score: h.Score, Summary: truncate(str(career.FieldSummary), 200), Highlights: h.Fragments}
	if hit.Highlights == nil {
		hit.Highlights = map[string][]string{career.FieldSummary: {html.EscapeString(hit.Summary)}}
	}
	return hit
}

func pageDefaults(q career.Query) career.Query {
	if q.Page < 1 {
		q.Page = 1
	}
	if q.Size < 1 {
		q.Size = 10
	}
	return q
}

func sortFacets(fs []career.FacetValue) {
	sort.Slice(fs, func(i, j int) bool {
		if fs[i].Count != fs[j].Count {
			return fs[i].Count > fs[j].Count
		}
		return fs[i].Value < fs[j].Value
	})
}

// truncate cuts s at a word boundary near n characters, as the API's
// summaries are cut.
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndexAny(cut, " \t\n"); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.-") + "…"
}
