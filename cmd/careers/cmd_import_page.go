package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/importer/page"
)

// pageImport holds the flags of `careers import page`.
type pageImport struct {
	out      string
	category string
	force    bool
}

func (a *app) importPageCmd() *cobra.Command {
	var o pageImport
	cmd := &cobra.Command{
		Use:   "page FILE...",
		Short: "Turn saved career pages into corpus files",
		Long: `page reads career pages saved from a career site as plain text and writes
one corpus file per page, named <id>.md, into --out (default: the first
corpus.dirs entry).

A page has the headings "What is a <Title>?" (the summary), "What does a
<Title> do?" with "Duties and Responsibilities" and bullets "- Name:
description" (the duties), "Types of <Titles>" (the specialisations) and
"What is the workplace of a <Title> like?" (the workplace), then the site's
navigation. The career's category is the navigation heading its own title is
listed under, or --category when the navigation lists it under none.
Promotional lines are dropped and listed.

A page without a summary or duties section is reported and nothing is written
for it; the other pages still import. An existing file is never overwritten
without --force. The files are checked with the "imported" rules; before
` + "`careers check`" + ` accepts them under the editorial rules they need aliases,
related careers and texts of the required length, in your own words.

At the end, the command lists the careers that the pages' navigation names
but --out does not hold. It exits non-zero if any page failed.`,
		Example: `  careers import page saved/*.txt --out corpus/drafts
  careers import page archivist.txt --category "Heritage Roles" --force`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if o.out == "" {
				cfg, err := a.config(cmd)
				if err != nil {
					return err
				}
				o.out = cfg.Corpus.Dirs[0]
			}
			return a.importPages(args, o)
		},
	}
	cmd.Flags().StringVar(&o.out, "out", "", "directory to write the corpus files to (default: the first of corpus.dirs)")
	cmd.Flags().StringVar(&o.category, "category", "", "category for pages whose navigation does not give one")
	cmd.Flags().BoolVar(&o.force, "force", false, "overwrite existing files")
	return cmd
}

// skipped is a page that was parsed but deliberately not written.
type skipped struct{ reason string }

func (s *skipped) Error() string { return s.reason }

// held is what --out already holds, to find clashing ids and the listed
// careers that are missing.
type held struct {
	byID   map[string]string // id → file
	titles map[string]bool   // page.Key of every title and alias
}

func (h *held) add(c *career.Career, file string) {
	if c.ID != "" {
		h.byID[c.ID] = file
	}
	for _, t := range append([]string{c.Title}, c.Aliases...) {
		if k := page.Key(t); k != "" {
			h.titles[k] = true
		}
	}
}

func (h *held) has(title string) bool {
	return h.titles[page.Key(title)] || h.byID[page.Slug(title)] != ""
}

// readHeld reads the careers under out. Files with problems still count:
// a draft that fails validation still holds its id.
func readHeld(out string) (*held, error) {
	h := &held{byID: map[string]string{}, titles: map[string]bool{}}
	info, err := os.Stat(out)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return h, nil
	case err != nil:
		return nil, fmt.Errorf("import page: --out: %w", err)
	case !info.IsDir():
		return nil, career.Errorf(career.EINVALID, "import page: --out %s is not a directory", out)
	}
	files, err := corpus.Files([]string{out})
	if err != nil {
		return nil, fmt.Errorf("import page: %w", err)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("import page: %w", err)
		}
		doc, _ := corpus.Parse(f, data, corpus.Imported)
		h.add(doc.Career, f)
	}
	return h, nil
}

// listedBy is a career named in the navigation of a page.
type listedBy struct {
	page.Listing
	file string
}

func (a *app) importPages(files []string, o pageImport) error {
	o.out = filepath.Clean(o.out)
	h, err := readHeld(o.out)
	if err != nil {
		return err
	}
	written := map[string]string{} // id → page file, for this run
	var nWritten, nSkipped, nFailed int
	var listed []listedBy
	for _, file := range files {
		if err := a.ctx.Err(); err != nil {
			return err
		}
		p, path, err := a.importPage(file, o, h, written)
		var skip *skipped
		switch {
		case errors.As(err, &skip):
			nSkipped++
			fmt.Fprintf(a.stdout, "skipped %s: %s\n", file, skip.reason)
		case err != nil:
			nFailed++
			a.printFailure(file, err)
		default:
			nWritten++
			c := p.Career
			written[c.ID] = file
			h.add(c, path)
			a.printWritten(p, path, o.category)
		}
		if p != nil {
			for _, l := range p.Listed {
				listed = append(listed, listedBy{l, file})
			}
		}
	}
	a.printMissing(listed, h, o.out)
	fmt.Fprintf(a.stdout, "%d written, %d skipped, %d failed\n", nWritten, nSkipped, nFailed)
	if nFailed > 0 {
		return errReported
	}
	return nil
}

// importPage parses one page and writes its corpus file. It returns the
// parsed page whenever parsing succeeded, so that its navigation still
// counts when the file is skipped.
func (a *app) importPage(file string, o pageImport, h *held, written map[string]string) (*page.Page, string, error) {
	data, err := os.ReadFile(file)
	if err != nil {
		return nil, "", fmt.Errorf("import page: %w", err)
	}
	p, err := page.Parse(file, data)
	if err != nil {
		return nil, "", err
	}
	c := p.Career
	if c.Category == "" {
		if o.category == "" {
			return p, "", career.Problems{{File: file, Field: "category",
				Message: fmt.Sprintf("none: the page's navigation does not list %q under a category heading; give one with --category", c.Title)}}
		}
		c.Category = o.category
	}
	// The source block says the file came from an importer, so the
	// corpus checks it by the imported rules next to hand-written careers
	// (a page has no aliases or related careers to give).
	c.Source = &career.Source{
		Dataset:     "career page saved as text",
		License:     "that of the site the page was saved from",
		Attribution: "Imported by careers import page from " + filepath.Base(file),
	}
	path, err := outPath(o.out, c.ID)
	if err != nil {
		return p, "", err
	}
	if from, ok := written[c.ID]; ok {
		return p, path, &skipped{fmt.Sprintf("%s was written from %s in this run", path, from)}
	}
	// A career with this id elsewhere under --out would make two careers
	// with one id; --force only replaces the file at path.
	if prev, ok := h.byID[c.ID]; ok && prev != path {
		return p, path, &skipped{fmt.Sprintf("id %q is already used by %s", c.ID, prev)}
	}
	out, err := corpus.Format(c)
	if err != nil {
		return p, path, fmt.Errorf("import page: %w", err)
	}
	// Check before writing, so that nothing is written for a career the
	// corpus would reject, and again after, to check what is on disk.
	if err := verify(path, out, c); err != nil {
		return p, path, fmt.Errorf("import page: %w", err)
	}
	if err := writeCareer(path, out, o.force); err != nil {
		return p, path, err
	}
	back, err := os.ReadFile(path)
	if err == nil {
		err = verify(path, back, c)
	}
	if err != nil {
		os.Remove(path)
		return p, path, fmt.Errorf("import page: reading back %s: %w", path, err)
	}
	return p, path, nil
}

// outPath returns where the career with id goes. Ids are slugs, so this
// cannot leave out; it is checked anyway because the path is written to.
func outPath(out, id string) (string, error) {
	if !corpus.ValidID(id) {
		return "", career.Errorf(career.EINVALID, "import page: %q is not a valid id", id)
	}
	path := filepath.Join(out, id+".md")
	if rel, err := filepath.Rel(out, path); err != nil || rel != id+".md" {
		return "", career.Errorf(career.EINVALID, "import page: %s would be outside --out %s", path, out)
	}
	return path, nil
}

// verify parses a formatted career as the corpus will, with the rules for
// imports (no aliases, related careers or minimum lengths, which a page
// cannot supply), and checks that it reads back as the career formatted.
func verify(path string, data []byte, want *career.Career) error {
	doc, probs := corpus.Parse(path, data, corpus.Imported)
	if len(probs) > 0 {
		return probs
	}
	if !reflect.DeepEqual(doc.Career, want) {
		return fmt.Errorf("%s does not read back as the career of the page (corpus.Format and corpus.Parse disagree)", path)
	}
	return nil
}

// writeCareer writes data to path. Without force it creates the file only
// if nothing is there. With force it writes a temporary file beside path
// and renames it over, so that a failed write keeps the old file and a
// symbolic link at path is replaced, not followed out of --out.
func writeCareer(path string, data []byte, force bool) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("import page: %w", err)
	}
	if !force {
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if errors.Is(err, fs.ErrExist) {
			return &skipped{path + " exists (--force overwrites it)"}
		}
		if err != nil {
			return fmt.Errorf("import page: %w", err)
		}
		_, werr := f.Write(data)
		if err := errors.Join(werr, f.Close()); err != nil {
			os.Remove(path)
			return fmt.Errorf("import page: writing %s: %w", path, err)
		}
		return nil
	}
	// The leading dot keeps a leftover temporary file out of the corpus.
	tmp, err := os.CreateTemp(filepath.Dir(path), ".import-*.md")
	if err != nil {
		return fmt.Errorf("import page: %w", err)
	}
	_, werr := tmp.Write(data)
	err = errors.Join(werr, tmp.Chmod(0o644), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("import page: writing %s: %w", path, err)
	}
	return nil
}

func (a *app) printWritten(p *page.Page, path, flagCategory string) {
	c := p.Career
	workplace := "workplace"
	if c.Workplace == "" {
		workplace = "no workplace"
	}
	fmt.Fprintf(a.stdout, "wrote %s: %s [%s], %d duties, %d specialisations, %s\n",
		path, c.Title, c.Category, len(c.Duties), len(c.Specialisations), workplace)
	if flagCategory != "" && flagCategory != c.Category {
		fmt.Fprintf(a.stdout, "  category taken from the navigation; --category %q not used\n", flagCategory)
	}
	for _, d := range p.Dropped {
		fmt.Fprintf(a.stdout, "  dropped line %d (%s): %s\n", d.Line, d.Reason, abbreviate(d.Text, 60))
	}
}

func (a *app) printFailure(file string, err error) {
	fmt.Fprintf(a.stderr, "failed %s:\n", file)
	var probs career.Problems
	if errors.As(err, &probs) {
		for _, p := range probs {
			fmt.Fprintf(a.stderr, "  %s\n", p)
		}
		return
	}
	fmt.Fprintf(a.stderr, "  %v\n", err)
}

// printMissing lists, once each, the careers the navigation named that
// --out does not hold, by title, alias or id.
func (a *app) printMissing(listed []listedBy, h *held, out string) {
	seen := map[string]bool{}
	var lines []string
	for _, l := range listed {
		k := page.Key(l.Title)
		if seen[k] || h.has(l.Title) {
			continue
		}
		seen[k] = true
		category := l.Category
		if category == "" {
			category = "no category"
		}
		lines = append(lines, fmt.Sprintf("  %s [%s] (listed by %s)", l.Title, category, l.file))
	}
	if len(lines) == 0 {
		return
	}
	fmt.Fprintf(a.stdout, "listed in the pages' navigation but not in %s:\n%s\n", out, strings.Join(lines, "\n"))
}

// abbreviate shortens s to at most n runes for a one-line report.
func abbreviate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
