package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
	"github.com/careersearch/careers/internal/importer/esco"
)

// defaultEscoOut is where import esco writes when --out is not given: beside
// the hand-written corpus, not in it.
const defaultEscoOut = "corpus-esco"

func (a *app) importEscoCmd() *cobra.Command {
	var (
		out   string
		force bool
	)
	cmd := &cobra.Command{
		Use:   "esco DIR",
		Short: "Import the ESCO classification (CSV edition) as one corpus file per occupation",
		Long: `import esco reads the ESCO classification as the ESCO portal serves it: DIR holds
the English classification zip ("ESCO dataset - v1.1.1 - classification - en -
csv.zip": occupations_en.csv, skills_en.csv, ISCOGroups_en.csv) and the
language-independent one ("ESCO dataset - v1.1.1 - classification -  -
csv.zip": occupationSkillRelations.csv, broaderRelationsOccPillar.csv), or
those CSV files extracted, or a mix. It writes one career file per
occupation into --out, named after its id: "esco-" and the slug of its
preferred label.

The title is the preferred label, the aliases the alternative labels, the
summary the description, the category the ISCO-08 major group
("Professionals"), the skills the essential skills followed by the optional
ones (marked optional), and the related careers the broader and narrower
occupations. ESCO lists no tasks, so the careers have no duties. Every file
carries a source block with the credit the ESCO licence asks for.

Every file is read back with the imported rules before anything is written
to --out; on any problem --out is left as it was. --out must be empty or
missing; --force replaces a previous import (a directory holding only
esco-*.md files), never any other directory.`,
		Example: `  careers import esco ../shared/data/esco-1.1.1 --out corpus-esco`,
		Args:    cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.importEsco(args[0], out, force)
		},
	}
	cmd.Flags().StringVar(&out, "out", defaultEscoOut, "directory to write the career files into")
	cmd.Flags().BoolVar(&force, "force", false, "replace --out if it holds a previous ESCO import")
	return cmd
}

var escoFileRE = regexp.MustCompile(`^esco-[a-z0-9]+(?:-[a-z0-9]+)*\.md$`)

func (a *app) importEsco(dir, out string, force bool) error {
	const what = "import esco"
	start := time.Now()
	if out == "" {
		return errors.New(what + ": --out is empty")
	}
	out = filepath.Clean(out)
	if err := checkImportOut(what, "ESCO", out, force, escoFileRE); err != nil {
		return err
	}
	res, err := esco.Import(dir)
	if err != nil {
		return err
	}
	parent := filepath.Dir(out)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	// A dot name, so that a corpus reader walking parent skips it.
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(out)+".tmp-")
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	done := false
	defer func() {
		if !done {
			os.RemoveAll(tmp)
		}
	}()
	probs, err := a.writeReadBack(what, tmp, res.Careers)
	if err != nil {
		return err
	}
	if len(probs) > 0 {
		for _, p := range probs {
			fmt.Fprintln(a.stderr, p.String())
		}
		fmt.Fprintf(a.stderr, "%s: %d problems in the formatted careers; nothing was written to %s\n", what, len(probs), out)
		return errReported
	}
	if err := swapDir(what, tmp, out); err != nil {
		return err
	}
	done = true

	st := res.Stats
	fmt.Fprintf(a.stdout, "imported %d occupations from %s into %s in %s\n",
		st.Occupations, dir, out, time.Since(start).Round(time.Millisecond))
	fmt.Fprintf(a.stdout, "  skills:     %d essential, %d optional (%d distinct); %d repeated links skipped; %d occupations have none\n",
		st.Essential, st.Optional, st.DistinctSkills, st.SkillLinksRepeated, st.WithoutSkills)
	fmt.Fprintf(a.stdout, "  aliases:    %d (%d repeating a label skipped)\n", st.Aliases, st.AliasesSkipped)
	fmt.Fprintf(a.stdout, "  categories: %d ISCO-08 major groups\n", st.Categories)
	fmt.Fprintf(a.stdout, "  related:    %d links (broader and narrower occupations)\n", st.Related)
	if st.OrphanLinks > 0 {
		fmt.Fprintf(a.stdout, "  skipped:    %d links to %d concepts that occupations_en.csv and skills_en.csv lack: %s\n",
			st.OrphanLinks, len(st.OrphanURIs), strings.Join(st.OrphanURIs, ", "))
	}
	if st.IDsSuffixed > 0 {
		fmt.Fprintf(a.stdout, "  ids:        %d labels shared a slug and got a numbered id\n", st.IDsSuffixed)
	}
	fmt.Fprintf(a.stdout, "  source:     %s (%s)\n", res.Source.Dataset, res.Source.License)
	return nil
}

// writeReadBack formats every career into dir and reads each file back with
// the imported rules. A career that does not read back as it was formatted
// is a problem too, so Format and Parse cannot drift apart unnoticed.
//
// Several workers share the careers: formatting and parsing use every core,
// and creating thousands of small files is bound by the file system's
// latency, which concurrent writes hide (3,007 ESCO files took 4.5 s one at
// a time on a loaded machine).
func (a *app) writeReadBack(what, dir string, careers []*career.Career) (career.Problems, error) {
	type written struct {
		doc   *corpus.Doc
		probs career.Problems
		err   error
	}
	results := make([]written, len(careers))
	next := make(chan int)
	finished := make(chan struct{}, len(careers))
	var wg sync.WaitGroup
	for w := 0; w < writeWorkers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				c := careers[i]
				r := &results[i]
				data, err := corpus.Format(c)
				if err != nil {
					r.err = err
					finished <- struct{}{}
					continue
				}
				name := filepath.Join(dir, c.ID+".md")
				r.doc, r.probs = corpus.Parse(name, data, corpus.Imported)
				if len(r.probs) == 0 && !reflect.DeepEqual(r.doc.Career, c) {
					r.probs = append(r.probs, career.Problem{File: name, Line: 1,
						Message: "does not read back as it was written (corpus.Format and corpus.Parse disagree)"})
				}
				if err := os.WriteFile(name, data, 0o644); err != nil {
					r.err = fmt.Errorf("%s: %w", what, err)
				}
				finished <- struct{}{}
			}
		}()
	}
	go func() {
		defer close(next)
		for i := range careers {
			select {
			case next <- i:
			case <-a.ctx.Done():
				return
			}
		}
	}()
	prog := newProgress(a.stderr, "writing")
	for n := 1; n <= len(careers); n++ {
		select {
		case <-finished:
			prog.update(n, len(careers))
		case <-a.ctx.Done():
			wg.Wait()
			return nil, a.ctx.Err()
		}
	}
	wg.Wait()
	var probs career.Problems
	docs := make([]*corpus.Doc, 0, len(careers))
	for _, r := range results {
		if r.err != nil {
			return nil, r.err
		}
		probs = append(probs, r.probs...)
		docs = append(docs, r.doc)
	}
	probs = append(probs, corpus.CrossCheck(docs)...)
	probs.Sort()
	return probs, nil
}

// writeWorkers is how many careers writeReadBack handles at once.
const writeWorkers = 8

// checkImportOut refuses an --out that exists and is not empty, unless force
// is set and it holds nothing but files whose names a previous import of
// dataset writes (names).
func checkImportOut(what, dataset, out string, force bool, names *regexp.Regexp) error {
	entries, err := os.ReadDir(out)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: --out: %w", what, err)
	}
	if len(entries) == 0 {
		return nil
	}
	if !force {
		return career.Errorf(career.EINVALID, "%s: --out %s is not empty; use --force to replace a previous import", what, out)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || !names.MatchString(e.Name()) {
			return career.Errorf(career.EINVALID,
				"%s: --out %s holds %s, which no %s import wrote; not replacing it, even with --force", what, out, e.Name(), dataset)
		}
	}
	return nil
}

// swapDir puts tmp in out's place: out appears whole or not at all.
func swapDir(what, tmp, out string) error {
	if _, err := os.Lstat(out); errors.Is(err, fs.ErrNotExist) {
		if err := os.Rename(tmp, out); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return nil
	}
	old := tmp + ".old"
	if err := os.Rename(out, old); err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := os.Rename(tmp, out); err != nil {
		os.Rename(old, out)
		return fmt.Errorf("%s: %w", what, err)
	}
	if err := os.RemoveAll(old); err != nil {
		return fmt.Errorf("%s: removing the previous import: %w", what, err)
	}
	return nil
}
