package bench

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/careersearch/careers/internal/career"
)

// TestPlainPeer: the plain peer's own index answers its untuned request
// with what a newcomer's page shows: titles, categories, summaries and
// Bleve's highlights from the texts it stores, and the category facet.
func TestPlainPeer(t *testing.T) {
	careers := []*career.Career{
		{ID: "nurse", Title: "Nurse", Category: "Health", Summary: "Cares for patients in hospitals.",
			Duties: []career.Item{{Name: "Core task", Description: "Monitor patients."}}},
		{ID: "radiographer", Title: "Radiographer", Category: "Health", Summary: "Takes medical images.",
			Duties: []career.Item{{Name: "Core task", Description: "Operate imaging machines in a hospital."}}},
		{ID: "baker", Title: "Baker", Category: "Food", Summary: "Bakes bread.",
			Duties: []career.Item{{Name: "Core task", Description: "Mix dough."}}},
	}
	dir := filepath.Join(t.TempDir(), "plain")
	if err := BuildPlain(context.Background(), dir, careers); err != nil {
		t.Fatal(err)
	}
	e, err := OpenPlain(dir)
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
	for _, h := range res.Hits {
		if h.Title == "" || h.Category != "Health" || h.Summary == "" {
			t.Errorf("hit without its stored fields: %+v", h)
		}
		marked := false
		for _, frags := range h.Highlights {
			for _, f := range frags {
				marked = marked || strings.Contains(f, "<mark>hospital")
			}
		}
		if !marked {
			t.Errorf("%s: no highlight of the query: %v", h.ID, h.Highlights)
		}
	}
}
