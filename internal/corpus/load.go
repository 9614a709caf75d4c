package corpus

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// Loaded is a whole corpus read from disk.
type Loaded struct {
	Docs     []*Doc
	Problems career.Problems
}

// Careers returns the parsed careers in file order.
func (l *Loaded) Careers() []*career.Career {
	out := make([]*career.Career, len(l.Docs))
	for i, d := range l.Docs {
		out[i] = d.Career
	}
	return out
}

// Files lists the Markdown files under dirs, sorted, so that every run reads
// them in the same order.
func Files(dirs []string) ([]string, error) {
	var files []string
	for _, dir := range dirs {
		info, err := os.Stat(dir)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		if !info.IsDir() {
			files = append(files, dir)
			continue
		}
		err = filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() && path != dir && strings.HasPrefix(d.Name(), ".") {
				return filepath.SkipDir
			}
			if !d.IsDir() && strings.HasSuffix(d.Name(), ".md") && !strings.HasPrefix(d.Name(), ".") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("corpus: reading %s: %w", dir, err)
		}
	}
	sort.Strings(files)
	return files, nil
}

// Newest returns the latest modification time of the career files and
// directories under dirs; a directory's time changes when a file is added
// or removed, so an index built after it is up to date.
func Newest(dirs []string) (time.Time, error) {
	var newest time.Time
	for _, dir := range dirs {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if d.IsDir() || strings.HasSuffix(d.Name(), ".md") {
				info, err := d.Info()
				if err != nil {
					return err
				}
				if info.ModTime().After(newest) {
					newest = info.ModTime()
				}
			}
			return nil
		})
		if err != nil {
			return time.Time{}, fmt.Errorf("corpus: %w", err)
		}
	}
	return newest, nil
}

// ParseByOrigin parses one file with the rules that fit where it came
// from: a file an importer wrote (it carries a source block) by the
// imported rules whatever rules says, since a dataset or a saved page
// cannot supply what the editorial rules ask of hand-written careers; any
// other file by rules. Each problem names the rules it was checked by.
func ParseByOrigin(file string, data []byte, rules Rules) (*Doc, career.Problems) {
	doc, probs := Parse(file, data, rules)
	if doc.Career.Source != nil && rules.Name != Imported.Name {
		rules = Imported
		doc, probs = Parse(file, data, rules)
	}
	for i := range probs {
		probs[i].Rules = rules.Name
	}
	return doc, probs
}

// Load reads every career file under dirs and validates each one and the
// corpus as a whole (unique ids, related ids that exist). It reports every
// problem of every file; err is only for failures to read. progress, if not
// nil, is called after each file with the count done and the total.
func Load(dirs []string, rules Rules, progress func(done, total int)) (*Loaded, error) {
	files, err := Files(dirs)
	if err != nil {
		return nil, err
	}
	if len(files) == 0 {
		return nil, career.Errorf(career.EINVALID, "corpus: no .md files in %s", strings.Join(dirs, ", "))
	}
	l := &Loaded{}
	for i, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, fmt.Errorf("corpus: %w", err)
		}
		doc, probs := ParseByOrigin(f, data, rules)
		l.Problems = append(l.Problems, probs...)
		if len(probs) == 0 {
			l.Docs = append(l.Docs, doc)
		} else if doc.Career.ID != "" {
			// Keep it for the cross-file checks but not for indexing.
			l.Docs = append(l.Docs, doc)
		}
		if progress != nil {
			progress(i+1, len(files))
		}
	}
	l.Problems = append(l.Problems, CrossCheck(l.Docs)...)
	l.Problems.Sort()
	return l, nil
}

// CrossCheck finds the problems that involve several files: duplicate ids
// and related ids that name no career.
func CrossCheck(docs []*Doc) career.Problems {
	var probs career.Problems
	byID := make(map[string]*Doc, len(docs))
	for _, d := range docs {
		id := d.Career.ID
		if id == "" {
			continue
		}
		if first, dup := byID[id]; dup {
			probs = append(probs, career.Problem{File: d.File, Line: d.IDLine, Field: "id",
				Message: fmt.Sprintf("%q is already used by %s", id, first.File)})
			continue
		}
		byID[id] = d
	}
	for _, d := range docs {
		for i, r := range d.Career.Related {
			if _, ok := byID[r]; !ok {
				line := 0
				if i < len(d.RelatedLines) {
					line = d.RelatedLines[i]
				}
				probs = append(probs, career.Problem{File: d.File, Line: line, Field: "related",
					Message: fmt.Sprintf("no career has id %q", r)})
			}
		}
	}
	return probs
}
