package esco

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTableQuotedFields(t *testing.T) {
	src := "a,b\r\n\"one, two\",\"say \"\"hi\"\"\nthen go\"\r\nplain,\r\n"
	tb, err := newTable(strings.NewReader(src), "f.csv", "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]string
	for {
		err := tb.next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, [2]string{tb.get("a"), tb.get("b")})
	}
	want := [][2]string{{"one, two", "say \"hi\"\nthen go"}, {"plain", ""}}
	if len(got) != 2 || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("got %q, want %q", got, want)
	}
	// The second record starts on line 3, after the line break inside the first.
	if tb.row != 2 {
		t.Errorf("row %d", tb.row)
	}
}

func TestTableErrors(t *testing.T) {
	tests := []struct{ name, src, want string }{
		{"Empty", "", "esco: f.csv:1: empty file: no header row"},
		{"BOMHeader", "\ufeffa,b\r\n1\r\n", "esco: f.csv:2: row 1: 1 fields, the header has 2"},
		{"DuplicateColumn", "a,a,b\r\n", `esco: f.csv:1: header names column "a" twice`},
		{"MissingColumn", "a,c\r\n", `esco: f.csv:1: column "b": missing from the header (want "a", "b"; found "a", "c")`},
		{"BareQuote", "a,b\r\nx,y\"z\r\n", `esco: f.csv:2: row 1: bare " in non-quoted-field`},
		{"InvalidUTF8", "a,b\r\nx,\xff\r\n", `esco: f.csv:2: row 1: column "b": not valid UTF-8`},
		{"UnclosedQuoteAcrossLines", "a,b\r\nx,\"y\r\nz\r\n", `esco: f.csv:3: row 1: extraneous or missing " in quoted-field (character 3 of the line) in the record that starts on line 2`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tb, err := newTable(strings.NewReader(tt.src), "f.csv", "a", "b")
			for err == nil {
				err = tb.next()
			}
			if errors.Is(err, io.EOF) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want %q", err, tt.want)
			}
		})
	}
}

// FuzzTable reads arbitrary bytes as an ESCO CSV file: no panic, and every
// error names the file and a line.
func FuzzTable(f *testing.F) {
	files, _ := filepath.Glob("testdata/csv/*.csv")
	for _, p := range files {
		if data, err := os.ReadFile(p); err == nil {
			f.Add(data[:min(len(data), 2000)])
		}
	}
	f.Add([]byte("a,b\r\n\"x\"\"\",\"y\nz\"\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		tb, err := newTable(bytes.NewReader(data), "fuzz.csv", "a")
		for err == nil {
			err = tb.next()
			if err == nil && len(tb.rec) != tb.ncols {
				t.Fatalf("record of %d fields passed, header has %d", len(tb.rec), tb.ncols)
			}
		}
		if errors.Is(err, io.EOF) {
			return
		}
		var ie *InputError
		if !errors.As(err, &ie) || ie.File != "fuzz.csv" {
			t.Fatalf("error %v is not an InputError naming the file", err)
		}
		if ie.Line < 1 && ie.Msg != "" && !strings.HasPrefix(ie.Msg, "read failed") {
			t.Fatalf("error %v names no line", err)
		}
	})
}
