package bench

import (
	"context"
	"fmt"
	"os"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/careersearch/careers/internal/bleveindex"
	"github.com/careersearch/careers/internal/career"
)

// plainDoc is what the plain peer indexes of a career: the text fields
// (items as bleveindex gives them, Item.String) and the category.
type plainDoc struct {
	Title           string   `json:"title"`
	Aliases         []string `json:"aliases"`
	Summary         string   `json:"summary"`
	Duties          []string `json:"duties"`
	Specialisations []string `json:"specialisations"`
	Workplace       string   `json:"workplace"`
	Category        string   `json:"category"`
}

// BuildPlain builds the plain peer's index at dir (which must not exist):
// our analysis and mapping, with the text fields and the category stored
// in Bleve, as a newcomer stores them for Bleve's highlighter and the
// hits' titles, through Bleve's offline builder. The peer cannot search
// our generations: they store nothing in Bleve (each career is kept once,
// in the generation's careers file), so its highlighter would have no
// text and its hits no titles.
func BuildPlain(ctx context.Context, dir string, careers []*career.Career) error {
	m, err := bleveindex.NewMapping(bleveindex.ScoringTFIDF)
	if err != nil {
		return err
	}
	im, ok := m.(*mapping.IndexMappingImpl)
	if !ok {
		return fmt.Errorf("bench: the mapping is a %T", m)
	}
	for _, f := range append([]string{career.FieldCategory}, career.TextFields...) {
		for _, fm := range im.DefaultMapping.Properties[f].Fields {
			fm.Store = true
		}
	}
	if len(careers) == 0 {
		idx, err := bleve.NewUsing(dir, m, scorch.Name, scorch.Name, nil)
		if err != nil {
			return err
		}
		return idx.Close()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b, err := bleve.NewBuilder(dir, m, map[string]interface{}{"buildPathPrefix": dir, "batchSize": 1000})
	if err != nil {
		return fmt.Errorf("bench: plain index: %w", err)
	}
	for i, c := range careers {
		if i%1024 == 0 && ctx.Err() != nil {
			b.Close()
			return ctx.Err()
		}
		d := plainDoc{Title: c.Title, Aliases: c.Aliases, Summary: c.Summary, Workplace: c.Workplace,
			Category: c.Category, Duties: items(c.Duties), Specialisations: items(c.Specialisations)}
		if err := b.Index(c.ID, d); err != nil {
			b.Close()
			return fmt.Errorf("bench: plain index: %s: %w", c.ID, err)
		}
	}
	return b.Close()
}

func items(its []career.Item) []string {
	out := make([]string, len(its))
	for i, it := range its {
		out[i] = it.String()
	}
	return out
}
