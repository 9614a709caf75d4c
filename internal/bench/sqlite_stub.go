//go:build !sqlite_fts5

package bench

import (
	"context"

	"github.com/careersearch/careers/internal/career"
)

// SQLiteBuilt reports whether this binary has the SQLite FTS5 peer.
const SQLiteBuilt = false

// BuildSQLite reports ErrPeerNotBuilt: this binary was built without the
// sqlite_fts5 tag.
func BuildSQLite(context.Context, string, []*career.Career) error { return ErrPeerNotBuilt }

// OpenSQLite reports ErrPeerNotBuilt: this binary was built without the
// sqlite_fts5 tag.
func OpenSQLite(string) (Engine, error) { return nil, ErrPeerNotBuilt }
