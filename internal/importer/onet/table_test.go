package onet

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestImportOnetTableReader(t *testing.T) {
	in := "\ufeffA\tB\r\nx\t y \r\n\t\n"
	tb, err := newTable(strings.NewReader(in), "t.txt", "B")
	if err != nil {
		t.Fatal(err)
	}
	row, err := tb.next()
	if err != nil || tb.get(row, "A") != "x" || tb.get(row, "B") != "y" || tb.line != 2 {
		t.Fatalf("row %q, line %d, err %v", row, tb.line, err)
	}
	row, err = tb.next()
	if err != nil || len(row) != 2 || tb.line != 3 {
		t.Fatalf("empty fields: row %q, line %d, err %v", row, tb.line, err)
	}
	if _, err := tb.next(); !errors.Is(err, io.EOF) {
		t.Fatalf("after the last line: %v, want io.EOF", err)
	}

	long := "A\n" + strings.Repeat("x", maxLine+1) + "\n"
	tb, err = newTable(strings.NewReader(long), "t.txt", "A")
	if err != nil {
		t.Fatal(err)
	}
	var ie *InputError
	if _, err := tb.next(); !errors.As(err, &ie) || ie.Line != 2 {
		t.Fatalf("over-long line: %v, want an *InputError on line 2", err)
	}
}

// FuzzTable feeds arbitrary bytes to the row reader: it must not panic, every
// record it returns has the header's number of fields, and every error is an
// *InputError on a line that exists.
func FuzzTable(f *testing.F) {
	seeds, _ := filepath.Glob(filepath.Join(fixtureDir, "*.txt"))
	for _, s := range seeds {
		data, err := os.ReadFile(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte(""))
	f.Add([]byte("O*NET-SOC Code\r\n\r\n"))
	f.Add([]byte("O*NET-SOC Code\tO*NET-SOC Code\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		tb, err := newTable(bytes.NewReader(data), "f.txt", colCode)
		if err != nil {
			checkFuzzErr(t, err, lines)
			return
		}
		for {
			row, err := tb.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				checkFuzzErr(t, err, lines)
				return
			}
			if len(row) != tb.ncols {
				t.Fatalf("line %d: %d fields, header has %d", tb.line, len(row), tb.ncols)
			}
			if tb.line < 2 || tb.line > lines {
				t.Fatalf("record on line %d of %d", tb.line, lines)
			}
			_ = tb.get(row, colCode)
		}
	})
}

// FuzzClusters feeds arbitrary bytes to the career-cluster reader.
func FuzzClusters(f *testing.F) {
	data, err := os.ReadFile(fixtureClusters)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data)
	f.Add([]byte("Career Cluster,Code\n\"a;b\",15-9001.00\n"))
	known := map[string]bool{"15-9001.00": true, "15-9001.01": true, "29-9002.00": true, "47-9003.00": true}
	f.Fuzz(func(t *testing.T, data []byte) {
		lines := bytes.Count(data, []byte("\n")) + 1
		rows, err := readClusters(bytes.NewReader(data), "c.csv", known)
		if err != nil {
			checkFuzzErr(t, err, lines)
			return
		}
		codes := []string{"15-9001.00", "15-9001.01", "15-9001.02", "29-9002.00", "47-9003.00"}
		for code, r := range rows {
			if !known[code] || len(r.clusters) == 0 {
				t.Fatalf("row %s: %+v", code, r)
			}
		}
		cat, _, _ := assignClusters(codes, rows)
		for _, c := range codes {
			if cat[c] == "" {
				t.Fatalf("%s has no category", c)
			}
		}
	})
}

func checkFuzzErr(t *testing.T, err error, lines int) {
	t.Helper()
	var ie *InputError
	if !errors.As(err, &ie) {
		t.Fatalf("error %v (%T) is not an *InputError", err, err)
	}
	if ie.Line < 0 || ie.Line > lines {
		t.Fatalf("error on line %d of %d: %v", ie.Line, lines, err)
	}
}
