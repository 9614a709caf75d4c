package main

import (
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/careersearch/careers/internal/bleveindex"
)

// runTables prints what each section of the current generation's tables
// file weighs on disk, and the sums by table family (the suggestion
// index's sections, a string table with its offsets), largest first.
func runTables(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet("tables", flag.ContinueOnError)
	root := fs.String("index", "", "index root (holds `current`)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *root == "" {
		return fmt.Errorf("tables: -index is required")
	}
	sections, total, err := bleveindex.TablesSections(*root)
	if err != nil {
		return err
	}
	mb := func(n int64) string { return fmt.Sprintf("%9.2f MB", float64(n)/1e6) }
	fmt.Fprintf(stdout, "tables file: %s in %d sections\n", mb(total), len(sections))
	sort.SliceStable(sections, func(i, j int) bool { return sections[i].Bytes > sections[j].Bytes })
	family := map[string]int64{}
	for _, s := range sections {
		fmt.Fprintf(stdout, "  %-28s %s\n", s.Name, mb(s.Bytes))
		f := strings.TrimSuffix(s.Name, ".off")
		if strings.HasPrefix(f, "suggest.") {
			f = "suggest.*"
		}
		family[f] += s.Bytes
	}
	names := make([]string, 0, len(family))
	for f := range family {
		names = append(names, f)
	}
	sort.Slice(names, func(i, j int) bool { return family[names[i]] > family[names[j]] })
	fmt.Fprintln(stdout, "by table (a string or list table with its offsets):")
	for _, f := range names {
		fmt.Fprintf(stdout, "  %-28s %s\n", f, mb(family[f]))
	}
	return nil
}
