package main

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"os"
	"strings"

	"github.com/mattn/go-isatty"
	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/career"
)

func (a *app) searchCmd() *cobra.Command {
	var (
		q       career.Query
		asJSON  bool
		noColor bool
	)
	cmd := &cobra.Command{
		Use:   "search QUERY...",
		Short: "Search the index and print ranked careers with the passages that matched",
		Long: `search runs a query against the built index, the same way the HTTP API does,
and prints the ranked careers with their category and highlighted passages.
With --json it prints exactly what GET /api/search returns.`,
		Example: `  careers search "medical imaging"
  careers search remote work --category "AI Content & Communication Roles" --json
  careers search data analysis --skill Python`,
		RunE: func(cmd *cobra.Command, args []string) error {
			q.Text = strings.Join(args, " ")
			ix, err := a.openIndex(cmd)
			if err != nil {
				return err
			}
			defer ix.Close()
			res, err := ix.Search(a.ctx, q)
			if err != nil {
				return err
			}
			if asJSON {
				enc := json.NewEncoder(a.stdout)
				enc.SetIndent("", "  ")
				enc.SetEscapeHTML(false) // as the API writes it
				return enc.Encode(res)
			}
			color := !noColor && isTerminal(a.stdout)
			printResult(a.stdout, res, color)
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&q.Categories, "category", nil, "only careers of this role category (repeatable)")
	cmd.Flags().StringArrayVar(&q.Skills, "skill", nil, "only careers that list this skill, named whole in any case (repeatable; all must be listed)")
	cmd.Flags().IntVar(&q.Page, "page", 1, "page of results")
	cmd.Flags().IntVar(&q.Size, "size", 0, "results per page (default search.default_size)")
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the API's JSON")
	cmd.Flags().BoolVar(&q.Explain, "explain", false, "say for each hit which fields matched which words, their share of the score, and what raised it for what it shares with the first hits")
	cmd.Flags().BoolVar(&noColor, "no-color", false, "never colour the highlights")
	cmd.Flags().String("index", "", "index directory (config index.path)")
	a.bind(cmd, "index.path", "index")
	return cmd
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && isatty.IsTerminal(f.Fd())
}

func printResult(w io.Writer, res *career.Result, color bool) {
	plural := "s"
	if res.Total == 1 {
		plural = ""
	}
	if res.Corrected != "" {
		fmt.Fprintf(w, "Showing results for %q (no career uses some of the words typed)\n", res.Corrected)
	}
	for _, m := range res.Meant {
		fmt.Fprintf(w, "Searched %q as %q, what it means\n", m.Typed, m.Searched)
	}
	if res.Query == "" {
		fmt.Fprintf(w, "%d career%s (%.1f ms)\n", res.Total, plural, res.TookMS)
	} else {
		fmt.Fprintf(w, "%d career%s match %q (%.1f ms)\n", res.Total, plural, res.Query, res.TookMS)
	}
	for i, h := range res.Hits {
		n := (res.Page-1)*res.Size + i + 1
		fmt.Fprintf(w, "\n%2d. %s  [%s]  %s  score %.3f\n", n, h.Title, h.Category, h.ID, h.Score)
		for _, e := range h.Explain {
			fmt.Fprintf(w, "    why: %s matched %s (%s), %.0f%% of the score\n", e.Field, strings.Join(e.Matched, ", "), e.Via, 100*e.Share)
		}
		for _, r := range h.Raised {
			switch r.By {
			case career.RaisedByRelated:
				titles := make([]string, len(r.Careers))
				for i, c := range r.Careers {
					titles[i] = c.Title
				}
				fmt.Fprintf(w, "    raised ×%g: related to %s, among the first hits\n", r.Factor, strings.Join(titles, "; "))
			case career.RaisedByFeedback:
				fmt.Fprintf(w, "    raised ×%g: holds %s, words of the first hits' best duties\n", r.Factor, strings.Join(r.Words, ", "))
			}
		}
		if sk := h.Highlights[career.FieldSkills]; len(sk) > 0 {
			chips := make([]string, len(sk))
			for i, frag := range sk {
				chips[i] = terminalText(frag, color)
			}
			fmt.Fprintf(w, "    %s: %s\n", career.FieldSkills, strings.Join(chips, " · "))
		}
		// The title, then the passages as the web page orders them
		// (career.Passages): the one that says most of the query first.
		for _, frag := range h.Highlights[career.FieldTitle] {
			fmt.Fprintf(w, "    %s: %s\n", career.FieldTitle, terminalText(frag, color))
		}
		for _, p := range career.Passages(h.Highlights) {
			fmt.Fprintf(w, "    %s: %s\n", p.Field, terminalText(p.Text, color))
		}
	}
	if len(res.Facets.Category) > 0 {
		fmt.Fprintln(w, "\nCategories:")
		for _, f := range res.Facets.Category {
			mark := " "
			if f.Selected {
				mark = "x"
			}
			fmt.Fprintf(w, "  [%s] %s (%d)\n", mark, f.Value, f.Count)
		}
	}
	if len(res.Facets.Skills) > 0 {
		fmt.Fprintln(w, "\nSkills listed most among the first hits (--skill NAME to keep only careers that list one):")
		for _, f := range res.Facets.Skills {
			mark := " "
			if f.Selected {
				mark = "x"
			}
			fmt.Fprintf(w, "  [%s] %s (%d)\n", mark, f.Value, f.Count)
		}
	}
	if pages := (int(res.Total) + res.Size - 1) / res.Size; pages > 1 {
		fmt.Fprintf(w, "\nPage %d of %d (--page N for more)\n", res.Page, pages)
	}
}

// terminalText turns a highlighted HTML fragment into terminal text: bold
// yellow matches on a terminal, **matches** elsewhere.
func terminalText(frag string, color bool) string {
	on, off := "**", "**"
	if color {
		on, off = "\x1b[1;33m", "\x1b[0m"
	}
	frag = strings.ReplaceAll(frag, "<mark>", on)
	frag = strings.ReplaceAll(frag, "</mark>", off)
	return html.UnescapeString(frag)
}
