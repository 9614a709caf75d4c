package esco

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"
)

// InputError is malformed or missing input: the file (a path, or a zip's
// path followed by the entry's name), the 1-based line and record row (0
// when the whole file is at fault), the column and what is wrong.
type InputError struct {
	File   string
	Line   int
	Row    int    // data record, the header not counted; 0 for the header
	Column string // the header's name of the column, when one is at fault
	Msg    string
	Err    error // the underlying error, if any (e.g. fs.ErrNotExist)
}

func (e *InputError) Error() string {
	var b strings.Builder
	b.WriteString("esco: ")
	b.WriteString(e.File)
	if e.Line > 0 {
		fmt.Fprintf(&b, ":%d", e.Line)
	}
	b.WriteString(": ")
	if e.Row > 0 {
		fmt.Fprintf(&b, "row %d: ", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, "column %q: ", e.Column)
	}
	b.WriteString(e.Msg)
	return b.String()
}

func (e *InputError) Unwrap() error { return e.Err }

// table reads one ESCO CSV file: comma-separated, double-quoted fields that
// may hold commas, quotes and line breaks, a header row naming the columns,
// and every record as wide as the header.
type table struct {
	file  string
	r     *csv.Reader
	row   int // data row of the record last returned, 1-based
	ncols int
	names []string
	col   map[string]int
	rec   []string
}

// newTable reads the header of r and checks that it names every column in
// need. file names r in errors.
func newTable(r io.Reader, file string, need ...string) (*table, error) {
	cr := csv.NewReader(r)
	cr.ReuseRecord = true
	cr.FieldsPerRecord = -1 // checked here, to say which row and how
	t := &table{file: file, r: cr}
	header, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, &InputError{File: file, Line: 1, Msg: "empty file: no header row"}
	}
	if err != nil {
		return nil, t.readErr(err)
	}
	names := make([]string, len(header))
	t.col = make(map[string]int, len(header))
	for i, n := range header {
		n = strings.TrimSpace(n)
		if i == 0 {
			n = strings.TrimPrefix(n, "\ufeff")
		}
		if !utf8.ValidString(n) {
			return nil, &InputError{File: file, Line: 1, Msg: "header is not valid UTF-8"}
		}
		if _, dup := t.col[n]; dup {
			return nil, &InputError{File: file, Line: 1, Msg: fmt.Sprintf("header names column %q twice", n)}
		}
		names[i] = n
		t.col[n] = i
	}
	for _, n := range need {
		if _, ok := t.col[n]; !ok {
			return nil, &InputError{File: file, Line: 1, Column: n,
				Msg: fmt.Sprintf("missing from the header (want %s; found %s)", quoteAll(need), quoteAll(names))}
		}
	}
	t.ncols = len(header)
	t.names = names
	return t, nil
}

// next reads the next record, or returns io.EOF after the last one. The
// record is valid until the next call.
func (t *table) next() error {
	rec, err := t.r.Read()
	if errors.Is(err, io.EOF) {
		return io.EOF
	}
	if err != nil {
		return t.readErr(err)
	}
	t.row++
	t.rec = rec
	if len(rec) != t.ncols {
		line, _ := t.r.FieldPos(0)
		return &InputError{File: t.file, Line: line, Row: t.row,
			Msg: fmt.Sprintf("%d fields, the header has %d", len(rec), t.ncols)}
	}
	for i, f := range rec {
		if !utf8.ValidString(f) {
			return t.errAt(i, "not valid UTF-8")
		}
	}
	return nil
}

// get returns the named column of the current record, trimmed. The name
// must be one the header was checked for.
func (t *table) get(name string) string {
	return strings.TrimSpace(t.rec[t.col[name]])
}

// errf returns an error about the named column of the current record, at
// the line where that field starts.
func (t *table) errf(column, format string, args ...any) *InputError {
	return t.errAt(t.col[column], format, args...)
}

func (t *table) errAt(i int, format string, args ...any) *InputError {
	line, _ := t.r.FieldPos(i)
	return &InputError{File: t.file, Line: line, Row: t.row, Column: t.names[i], Msg: fmt.Sprintf(format, args...)}
}

// readErr turns encoding/csv's error (bare quotes, an unclosed quote) into
// one that names the file, and the line and character where it went wrong.
func (t *table) readErr(err error) *InputError {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		msg := pe.Err.Error()
		if pe.Column > 0 {
			msg = fmt.Sprintf("%s (character %d of the line)", msg, pe.Column)
		}
		if pe.StartLine != pe.Line {
			msg += fmt.Sprintf(" in the record that starts on line %d", pe.StartLine)
		}
		row := 0
		if pe.StartLine > 1 {
			row = t.row + 1
		}
		return &InputError{File: t.file, Line: pe.Line, Row: row, Msg: msg, Err: err}
	}
	return &InputError{File: t.file, Msg: "read failed: " + err.Error(), Err: err}
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
