package esco

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// source finds the CSV files of an ESCO download in a directory: loose
// (extracted) or inside the zips as the ESCO portal serves them, or both.
// A loose file wins over a zip entry of the same name.
type source struct {
	dir     string
	loose   map[string]string // file name → path
	entries map[string]zipEntry
	zips    []*zip.ReadCloser
	// release is the ESCO version the zips' names give ("1.1.1"), or "".
	release string
}

type zipEntry struct {
	zipPath string
	f       *zip.File
}

// The ESCO portal names its downloads "ESCO dataset - v1.1.1 - classification - en - csv.zip".
var releaseRE = regexp.MustCompile(`(?i)\bv([0-9]+(?:\.[0-9]+)+)\b`)

func openSource(dir string) (*source, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, &InputError{File: dir, Msg: "cannot read the ESCO directory: " + errMsg(err), Err: err}
	}
	if !info.IsDir() {
		return nil, &InputError{File: dir, Msg: "not a directory: give the directory holding the ESCO zips or their extracted CSV files"}
	}
	list, err := os.ReadDir(dir)
	if err != nil {
		return nil, &InputError{File: dir, Msg: "cannot list: " + errMsg(err), Err: err}
	}
	s := &source{dir: dir, loose: map[string]string{}, entries: map[string]zipEntry{}}
	var zips []string
	for _, e := range list { // ReadDir sorts by name, so the choice below is stable
		name := e.Name()
		if !e.Type().IsRegular() && e.Type()&fs.ModeSymlink == 0 {
			continue
		}
		switch strings.ToLower(filepath.Ext(name)) {
		case ".csv":
			s.loose[name] = filepath.Join(dir, name)
		case ".zip":
			zips = append(zips, filepath.Join(dir, name))
		}
	}
	sort.Strings(zips)
	for _, zp := range zips {
		zr, err := zip.OpenReader(zp)
		if err != nil {
			s.Close()
			return nil, &InputError{File: zp, Msg: "not a readable zip: " + errMsg(err), Err: err}
		}
		s.zips = append(s.zips, zr)
		for _, f := range zr.File {
			base := path.Base(f.Name)
			if strings.HasSuffix(strings.ToLower(base), ".csv") {
				if _, dup := s.entries[base]; !dup {
					s.entries[base] = zipEntry{zipPath: zp, f: f}
				}
			}
		}
		if m := releaseRE.FindStringSubmatch(filepath.Base(zp)); m != nil && s.release == "" {
			s.release = m[1]
		}
	}
	return s, nil
}

// Close closes the zips.
func (s *source) Close() error {
	var errs []error
	for _, z := range s.zips {
		errs = append(errs, z.Close())
	}
	return errors.Join(errs...)
}

// open opens the named CSV file; label names it in errors: the file's path,
// or the zip's path followed by the entry.
func (s *source) open(name, hint string) (rc io.ReadCloser, label string, err error) {
	if p, ok := s.loose[name]; ok {
		f, err := os.Open(p)
		if err != nil {
			return nil, p, &InputError{File: p, Msg: "cannot open: " + errMsg(err), Err: err}
		}
		return f, p, nil
	}
	if e, ok := s.entries[name]; ok {
		label := e.zipPath + "/" + e.f.Name
		rc, err := e.f.Open()
		if err != nil {
			return nil, label, &InputError{File: label, Msg: "cannot read from the zip: " + errMsg(err), Err: err}
		}
		return rc, label, nil
	}
	p := filepath.Join(s.dir, name)
	return nil, p, &InputError{File: p, Err: fs.ErrNotExist,
		Msg: fmt.Sprintf("missing: neither the directory nor a zip in it holds %s (%s)", name, hint)}
}

// errMsg drops the path an fs error repeats, since InputError names the file.
func errMsg(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return fmt.Sprint(err)
}
