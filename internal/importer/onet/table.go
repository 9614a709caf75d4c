package onet

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// InputError is malformed or missing input: the file, the 1-based line
// (0 when the whole file is at fault) and what is wrong with it.
type InputError struct {
	File string
	Line int
	Msg  string
	Err  error // the underlying error, if any (e.g. fs.ErrNotExist)
}

func (e *InputError) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("onet: %s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("onet: %s: %s", e.File, e.Msg)
}

func (e *InputError) Unwrap() error { return e.Err }

func errAt(file string, line int, format string, args ...any) *InputError {
	return &InputError{File: file, Line: line, Msg: fmt.Sprintf(format, args...)}
}

// maxLine bounds one line of a file; the longest O*NET line is a few
// kilobytes.
const maxLine = 1 << 20

// table reads one O*NET text file: tab-separated, a header row naming the
// columns, then one record per line, CRLF or LF line endings, no quoting.
// Every record must have exactly as many fields as the header.
type table struct {
	file  string
	sc    *bufio.Scanner
	line  int // line number of the record last returned
	ncols int
	col   map[string]int
}

// newTable reads the header of r and checks that it names every column in
// need. file names r in errors.
func newTable(r io.Reader, file string, need ...string) (*table, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	t := &table{file: file, sc: sc, line: 1}
	if !sc.Scan() {
		if err := sc.Err(); err != nil {
			return nil, t.scanErr(err, 1)
		}
		return nil, errAt(file, 1, "empty file: no header row")
	}
	header := strings.TrimPrefix(sc.Text(), "\ufeff")
	if !utf8.ValidString(header) {
		return nil, errAt(file, 1, "header is not valid UTF-8")
	}
	names := strings.Split(header, "\t")
	t.ncols = len(names)
	t.col = make(map[string]int, len(names))
	for i, n := range names {
		n = strings.TrimSpace(n)
		if _, dup := t.col[n]; dup {
			return nil, errAt(file, 1, "header names column %q twice", n)
		}
		t.col[n] = i
	}
	for _, n := range need {
		if _, ok := t.col[n]; !ok {
			return nil, errAt(file, 1, "header has no %q column (want %s; found %s)",
				n, quoteAll(need), quoteAll(names))
		}
	}
	return t, nil
}

// next returns the next record, or io.EOF after the last one.
func (t *table) next() ([]string, error) {
	if !t.sc.Scan() {
		if err := t.sc.Err(); err != nil {
			return nil, t.scanErr(err, t.line+1)
		}
		return nil, io.EOF
	}
	t.line++
	s := strings.TrimSuffix(t.sc.Text(), "\r")
	if !utf8.ValidString(s) {
		return nil, errAt(t.file, t.line, "not valid UTF-8")
	}
	row := strings.Split(s, "\t")
	if len(row) != t.ncols {
		return nil, errAt(t.file, t.line, "%d fields, the header has %d", len(row), t.ncols)
	}
	return row, nil
}

// get returns the named column of row, trimmed. The name must be one the
// header was checked for.
func (t *table) get(row []string, name string) string {
	return strings.TrimSpace(row[t.col[name]])
}

// errf returns an error about the record last returned.
func (t *table) errf(format string, args ...any) *InputError {
	return errAt(t.file, t.line, format, args...)
}

func (t *table) scanErr(err error, line int) *InputError {
	if errors.Is(err, bufio.ErrTooLong) {
		return &InputError{File: t.file, Line: line, Msg: fmt.Sprintf("line longer than %d bytes", maxLine), Err: err}
	}
	return &InputError{File: t.file, Line: line, Msg: "read failed: " + err.Error(), Err: err}
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", strings.TrimSpace(n))
	}
	return strings.Join(q, ", ")
}
