// Command wordtables derives, from a WordNet 3.0 dict directory, the word
// tables a rebuild of the careers index uses (job words with their related
// phrases, and the forms of words), the English words and the stem splits
// the analyzer applies, and writes them as the gzip-compressed
// sorted text that package wordnet embeds. The output depends on the
// database alone: the same dict gives the same bytes.
//
//	go run ./cmd/wordtables -dict /usr/share/wordnet -out internal/wordnet/data/tables.txt.gz
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/careersearch/careers/internal/wordnet"
)

func main() {
	if err := run(context.Background(), os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "wordtables:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("wordtables", flag.ContinueOnError)
	fs.SetOutput(stderr)
	dict := fs.String("dict", "/usr/share/wordnet", "WordNet 3.0 dict directory (data.noun, index.noun, ...)")
	out := fs.String("out", "internal/wordnet/data/tables.txt.gz", "file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	t, err := wordnet.FromDir(*dict)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := t.WriteGzip(&buf); err != nil {
		return err
	}
	// Write beside the target and rename, so a failed run leaves the old
	// table in place.
	tmp, err := os.CreateTemp(filepath.Dir(*out), ".tables-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(buf.Bytes()); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), *out); err != nil {
		return err
	}
	phrases, forms := 0, 0
	for _, rs := range t.Related {
		phrases += len(rs)
	}
	for _, fs := range t.Forms {
		forms += len(fs)
	}
	fmt.Fprintf(stdout, "wrote %s (%d bytes): %d job words with %d related phrases, %d words with %d forms, %d words with split stems\n",
		*out, buf.Len(), len(t.Related), phrases, len(t.Forms), forms, len(t.Stems))
	return nil
}
