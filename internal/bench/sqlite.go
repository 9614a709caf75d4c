//go:build sqlite_fts5

package bench

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"html"
	"os"
	"strings"
	"time"
	"unicode"

	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	sqlite3 "github.com/mattn/go-sqlite3"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
)

// SQLiteBuilt reports whether this binary has the SQLite FTS5 peer.
const SQLiteBuilt = true

// The driver the peer searches with maps the database file; the build uses
// plain reads, so that its peak RSS is not inflated by mapped pages.
const (
	sqliteDriver      = "sqlite3_bench"
	sqliteBuildDriver = "sqlite3_bench_build"
)

func init() {
	sql.Register(sqliteBuildDriver, &sqlite3.SQLiteDriver{})
	sql.Register(sqliteDriver, &sqlite3.SQLiteDriver{
		ConnectHook: func(c *sqlite3.SQLiteConn) error {
			// Map the file like Bleve maps its segments, so reads come
			// from the page cache without copying into SQLite's own.
			_, err := c.Exec("PRAGMA mmap_size = 4294967296", nil)
			return err
		},
	})
}

// sqliteWeights are the bm25 column weights: the production field boosts,
// in the order of career.TextFields (the FTS5 columns).
func sqliteWeights() []string {
	b := bleveindex.DefaultOptions().Rank.Boosts
	w := make([]string, len(career.TextFields))
	for i, f := range career.TextFields {
		v, ok := b[f]
		if !ok {
			v = 1
		}
		w[i] = fmt.Sprint(v)
	}
	return w
}

// BuildSQLite writes the FTS5 database of careers to path (replacing it):
// an FTS5 table of the text fields with the porter tokenizer, bm25 with the
// production field weights as its rank, and a plain table of id and
// category for the category counts. It is built as an offline bulk load
// would be: one transaction, no journal, then 'optimize' to merge the
// FTS5 b-trees into one.
func BuildSQLite(ctx context.Context, path string, careers []*career.Career) error {
	os.Remove(path)
	db, err := sql.Open(sqliteBuildDriver, "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	db.SetMaxOpenConns(1)
	cols := strings.Join(career.TextFields, ", ")
	stmts := []string{
		"PRAGMA journal_mode = OFF",
		"PRAGMA synchronous = OFF",
		"CREATE TABLE docs(rowid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, category TEXT NOT NULL)",
		"CREATE VIRTUAL TABLE fts USING fts5(" + cols + ", tokenize = 'porter unicode61')",
	}
	for _, s := range stmts {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("sqlite: %s: %w", s, err)
		}
	}
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	insDoc, err := tx.PrepareContext(ctx, "INSERT INTO docs(rowid, id, category) VALUES (?, ?, ?)")
	if err != nil {
		return err
	}
	insFTS, err := tx.PrepareContext(ctx, "INSERT INTO fts(rowid, "+cols+") VALUES (?, ?, ?, ?, ?, ?, ?)")
	if err != nil {
		return err
	}
	for i, c := range careers {
		row := int64(i + 1)
		if _, err := insDoc.ExecContext(ctx, row, c.ID, c.Category); err != nil {
			return fmt.Errorf("sqlite: %s: %w", c.ID, err)
		}
		if _, err := insFTS.ExecContext(ctx, row, c.Title, strings.Join(c.Aliases, "\n"),
			joinItems(c.Specialisations), joinItems(c.Duties), c.Summary, c.Workplace); err != nil {
			return fmt.Errorf("sqlite: %s: %w", c.ID, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return err
	}
	rank := "bm25(" + strings.Join(sqliteWeights(), ", ") + ")"
	for _, s := range []string{
		"INSERT INTO fts(fts) VALUES ('optimize')",
		"INSERT INTO fts(fts, rank) VALUES ('rank', '" + rank + "')",
	} {
		if _, err := db.ExecContext(ctx, s); err != nil {
			return fmt.Errorf("sqlite: %s: %w", s, err)
		}
	}
	return db.Close()
}

func joinItems(items []career.Item) string {
	s := make([]string, len(items))
	for i, it := range items {
		s[i] = it.String()
	}
	return strings.Join(s, "\n")
}

// SQLite is the FTS5 peer, answering the same page as the API: top hits by
// bm25, category counts by GROUP BY over every match, snippet() on the
// returned hits only.
type SQLite struct {
	db          *sql.DB
	top, counts *sql.Stmt
}

// OpenSQLite opens the database at path read-only.
func OpenSQLite(path string) (Engine, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, err
	}
	db, err := sql.Open(sqliteDriver, "file:"+path+"?mode=ro")
	if err != nil {
		return nil, err
	}
	db.SetMaxIdleConns(64)
	s := &SQLite{db: db}
	// ORDER BY rank is sorted inside FTS5; the select list (and so
	// snippet()) is evaluated only for the rows LIMIT lets through.
	s.top, err = db.Prepare(`SELECT docs.id, docs.category, fts.title, fts.summary, fts.rank,
		snippet(fts, -1, '<mark>', '</mark>', '…', 32)
		FROM fts JOIN docs ON docs.rowid = fts.rowid
		WHERE fts MATCH ?1 ORDER BY fts.rank LIMIT ?2 OFFSET ?3`)
	if err != nil {
		db.Close()
		return nil, err
	}
	s.counts, err = db.Prepare(`SELECT docs.category, count(*) FROM fts JOIN docs ON docs.rowid = fts.rowid
		WHERE fts MATCH ?1 GROUP BY docs.category`)
	if err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// Close closes the database.
func (s *SQLite) Close() error { return s.db.Close() }

// Search answers one page.
func (s *SQLite) Search(ctx context.Context, q career.Query) (*career.Result, error) {
	start := time.Now()
	q = pageDefaults(q)
	out := &career.Result{Query: q.Text, Page: q.Page, Size: q.Size, Hits: []career.Hit{},
		Facets: career.Facets{Category: []career.FacetValue{}}}
	match := ftsQuery(q.Text)
	if match == "" {
		return out, nil
	}
	rows, err := s.counts.QueryContext(ctx, match)
	if err != nil {
		return nil, err
	}
	for rows.Next() {
		var fv career.FacetValue
		if err := rows.Scan(&fv.Value, &fv.Count); err != nil {
			rows.Close()
			return nil, err
		}
		out.Total += uint64(fv.Count)
		out.Facets.Category = append(out.Facets.Category, fv)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	sortFacets(out.Facets.Category)
	rows, err = s.top.QueryContext(ctx, match, q.Size, (q.Page-1)*q.Size)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var h career.Hit
		var summary, snip string
		if err := rows.Scan(&h.ID, &h.Category, &h.Title, &summary, &h.Score, &snip); err != nil {
			return nil, err
		}
		h.Score = -h.Score // bm25() is lower-is-better
		h.Summary = truncate(summary, 200)
		if strings.Contains(snip, "<mark>") {
			h.Highlights = map[string][]string{"text": {snip}}
		} else {
			h.Highlights = map[string][]string{career.FieldSummary: {html.EscapeString(h.Summary)}}
		}
		out.Hits = append(out.Hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out.TookMS = float64(time.Since(start).Microseconds()) / 1000
	return out, nil
}

// ftsQuery turns free text into an FTS5 query as the engine reads text:
// the words, English stop words dropped (the list Bleve's analyzer uses),
// each one quoted, any of them matching.
func ftsQuery(text string) string {
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var terms []string
	seen := map[string]bool{}
	for _, w := range words {
		if stopWords[w] || seen[w] {
			continue
		}
		seen[w] = true
		terms = append(terms, `"`+w+`"`)
	}
	return strings.Join(terms, " OR ")
}

var stopWords = func() map[string]bool {
	m := map[string]bool{}
	for _, line := range bytes.Split(en.EnglishStopWords, []byte("\n")) {
		if i := bytes.IndexByte(line, '|'); i >= 0 {
			line = line[:i]
		}
		for _, w := range strings.Fields(string(line)) {
			m[w] = true
		}
	}
	return m
}()
