//go:build sqlite_fts5

package bench

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

func TestSQLitePeer(t *testing.T) {
	if got, want := ftsQuery("Work in a hospital, (ICU)!"), `"work" OR "hospital" OR "icu"`; got != want {
		t.Errorf("ftsQuery = %s, want %s", got, want)
	}
	careers := []*career.Career{
		{ID: "nurse", Title: "Nurse", Category: "Health", Summary: "Cares for patients in hospitals.",
			Duties: []career.Item{{Name: "Core task", Description: "Monitor patients."}}},
		{ID: "radiographer", Title: "Radiographer", Category: "Health", Summary: "Takes medical images.",
			Duties: []career.Item{{Name: "Core task", Description: "Operate imaging machines in a hospital."}}},
		{ID: "baker", Title: "Baker", Category: "Food", Summary: "Bakes bread.",
			Duties: []career.Item{{Name: "Core task", Description: "Mix dough."}}},
	}
	path := filepath.Join(t.TempDir(), SQLiteFile)
	if err := BuildSQLite(context.Background(), path, careers); err != nil {
		t.Fatal(err)
	}
	e, err := OpenSQLite(path)
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	res, err := e.Search(context.Background(), Page("hospitals"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Total != 2 || len(res.Hits) != 2 || len(res.Facets.Category) != 1 || res.Facets.Category[0].Count != 2 {
		t.Fatalf("result = %+v", res)
	}
	if h := res.Hits[0].Highlights["text"]; len(h) != 1 || h[0] == "" {
		t.Errorf("no snippet: %+v", res.Hits[0])
	}
	if res, _ := e.Search(context.Background(), Page("the of")); res.Total != 0 {
		t.Errorf("stop words alone matched %d", res.Total)
	}
}
