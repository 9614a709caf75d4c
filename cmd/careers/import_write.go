package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"sync"

	"github.com/careersearch/careers/internal/career"
	"github.com/careersearch/careers/internal/corpus"
)

// importTo writes the careers that load returns into out, one corpus file
// each, as a dataset import does: --out must be empty or, with force, hold
// only files whose names a previous import of dataset writes (names);
// every file is read back with the imported rules before anything is put
// in place; out then appears whole, replacing the previous import, or not
// at all. what names the command in errors ("import onet").
func (a *app) importTo(what, dataset, out string, force bool, names *regexp.Regexp, load func() ([]*career.Career, error)) error {
	if out == "" {
		return errors.New(what + ": --out is empty")
	}
	out = filepath.Clean(out)
	if err := checkImportOut(what, dataset, out, force, names); err != nil {
		return err
	}
	careers, err := load()
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
	probs, err := a.writeReadBack(what, tmp, careers)
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
