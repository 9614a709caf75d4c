package wordnet

import (
	"bufio"
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"

	"github.com/careersearch/careers/internal/career"
)

// Tables are what the engine takes from WordNet: the job words with their
// related phrases and the forms of words, which a rebuild uses, and the
// English words, which tell a typo from a word no career holds.
type Tables struct {
	Related career.RelatedWords
	Forms   career.WordForms
	// Words holds the lemmas of one word and their irregular forms; use
	// IsWord, which also knows the regular inflections.
	Words map[string]bool
	// Stems maps the words whose Snowball stem an unrelated word owns to
	// the index term they get instead (StemSplits).
	Stems map[string]string
}

// Derive computes the tables from a loaded database.
func (db *DB) Derive() Tables {
	return Tables{Related: db.JobWords(), Forms: db.Derivations(), Words: db.Words(), Stems: db.StemSplits()}
}

// detachments are WordNet's rules for taking the regular inflection off a
// word (its "morphy"): "shifts" → "shift", "boxes" → "box", "studies" →
// "study", "baked" → "bake", "nightly" is a lemma of its own.
var detachments = [][2]string{
	{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"},
	{"men", "man"}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""},
	{"ing", "e"}, {"ing", ""}, {"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"},
	{"'s", ""}, {"s'", "s"},
}

// IsWord reports whether word (any case) is an English word: a lemma or
// irregular form WordNet lists, or a regular inflection of one.
func (t Tables) IsWord(word string) bool {
	w := strings.ToLower(word)
	if t.Words[w] {
		return true
	}
	for _, d := range detachments {
		if base, ok := strings.CutSuffix(w, d[0]); ok && base != "" && t.Words[base+d[1]] {
			return true
		}
	}
	return false
}

// FromDir loads the WordNet 3.0 database in dir and derives the tables.
func FromDir(dir string) (Tables, error) {
	db, err := Load(dir)
	if err != nil {
		return Tables{}, err
	}
	return db.Derive(), nil
}

// tablesHeader opens the text form of the tables. Its first line names
// the format and is checked when reading.
const tablesHeader = `# careers word tables 1
# Derived from Princeton WordNet 3.0 by cmd/wordtables (make wordtables);
# WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved.
# Its licence is in LICENSE-WordNet beside this file.
# job<TAB>word<TAB>via<TAB>phrase: a phrase related to a word that names a
#   job, via synonym, broader or derived, in the order a search uses them.
# form<TAB>word<TAB>form: another form of a word.
# word<TAB>word: an English word (a lemma of one word, or an irregular form).
# stem<TAB>word<TAB>term: the index term of a word whose Snowball stem an
#   unrelated, more common word owns.
`

// Write writes the tables as sorted text: job lines by word (each word's
// phrases in their order), then form lines by word and form. The same
// tables always give the same bytes.
func (t Tables) Write(w io.Writer) error {
	bw := bufio.NewWriter(w)
	bw.WriteString(tablesHeader)
	words := make([]string, 0, len(t.Related))
	for word := range t.Related {
		words = append(words, word)
	}
	sort.Strings(words)
	for _, word := range words {
		for _, r := range t.Related[word] {
			fmt.Fprintf(bw, "job\t%s\t%s\t%s\n", word, r.Via, r.Phrase)
		}
	}
	words = words[:0]
	for word := range t.Forms {
		words = append(words, word)
	}
	sort.Strings(words)
	for _, word := range words {
		forms := append([]string(nil), t.Forms[word]...)
		sort.Strings(forms)
		for _, f := range forms {
			fmt.Fprintf(bw, "form\t%s\t%s\n", word, f)
		}
	}
	words = words[:0]
	for word := range t.Words {
		words = append(words, word)
	}
	sort.Strings(words)
	for _, word := range words {
		fmt.Fprintf(bw, "word\t%s\n", word)
	}
	words = words[:0]
	for word := range t.Stems {
		words = append(words, word)
	}
	sort.Strings(words)
	for _, word := range words {
		fmt.Fprintf(bw, "stem\t%s\t%s\n", word, t.Stems[word])
	}
	return bw.Flush()
}

// WriteGzip writes the text form compressed, with no name or time in the
// gzip header, so the output depends on the tables alone.
func (t Tables) WriteGzip(w io.Writer) error {
	zw, err := gzip.NewWriterLevel(w, gzip.BestCompression)
	if err != nil {
		return err
	}
	if err := t.Write(zw); err != nil {
		return err
	}
	return zw.Close()
}

// ReadTables reads the text form written by Write. Errors name the line.
func ReadTables(r io.Reader) (Tables, error) {
	return readTables(r, keepAll)
}

// What readTables keeps of the tables. It checks every line whatever it
// keeps, except with keepStems, which every process that analyses text
// needs at start and which reads the stem lines alone (in two fifths of the
// time: BenchmarkDecodeStems); the tests read the embedded file whole.
const (
	keepAll   = iota
	keepWords // the English words and the stem splits
	keepStems // the stem splits alone
)

// readTables reads the text form, keeping the tables keep says.
func readTables(r io.Reader, keep int) (Tables, error) {
	t := Tables{Stems: map[string]string{}}
	if keep == keepAll {
		t.Related, t.Forms = career.RelatedWords{}, career.WordForms{}
	}
	if keep != keepStems {
		t.Words = map[string]bool{}
	}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	first := strings.SplitN(tablesHeader, "\n", 2)[0]
	for sc.Scan() {
		line++
		if line > 1 && keep == keepStems && !bytes.HasPrefix(sc.Bytes(), []byte("stem\t")) {
			continue
		}
		text := sc.Text()
		if line == 1 && text != first {
			return Tables{}, fmt.Errorf("word tables: line 1: %q is not %q", text, first)
		}
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		switch {
		case f[0] == "job" && len(f) == 4 && f[1] != "" && f[3] != "":
			switch f[2] {
			case career.RelatedSynonym, career.RelatedBroader, career.RelatedDerived:
			default:
				return Tables{}, fmt.Errorf("word tables: line %d: via %q is not synonym, broader or derived", line, f[2])
			}
			if t.Related != nil {
				t.Related[f[1]] = append(t.Related[f[1]], career.RelatedPhrase{Phrase: f[3], Via: f[2]})
			}
		case f[0] == "form" && len(f) == 3 && f[1] != "" && f[2] != "":
			if t.Forms != nil {
				t.Forms[f[1]] = append(t.Forms[f[1]], f[2])
			}
		case f[0] == "word" && len(f) == 2 && f[1] != "":
			if t.Words != nil {
				t.Words[f[1]] = true
			}
		case f[0] == "stem" && len(f) == 3 && f[1] != "":
			if len(f[2]) <= len(SplitMark) || !strings.HasSuffix(f[2], SplitMark) {
				return Tables{}, fmt.Errorf("word tables: line %d: stem term %q does not end in %q after a word", line, f[2], SplitMark)
			}
			t.Stems[f[1]] = f[2]
		default:
			return Tables{}, fmt.Errorf("word tables: line %d: want \"job\\tword\\tvia\\tphrase\", \"form\\tword\\tform\", \"word\\tword\" or \"stem\\tword\\tterm\", got %q", line, text)
		}
	}
	if err := sc.Err(); err != nil {
		return Tables{}, fmt.Errorf("word tables: line %d: %w", line+1, err)
	}
	if line == 0 {
		return Tables{}, fmt.Errorf("word tables: empty")
	}
	return t, nil
}

//go:generate go run ../../cmd/wordtables -dict /usr/share/wordnet -out data/tables.txt.gz

// embeddedTables is data/tables.txt.gz, made by cmd/wordtables from
// WordNet 3.0 and committed, so that a build needs no WordNet installed.
//
//go:embed data/tables.txt.gz
var embeddedTables []byte

var (
	embeddedOnce, wordsOnce, stemsOnce sync.Once
	embedded, words, stems             Tables
	embeddedErr, wordsErr, stemsErr    error
)

// Embedded returns the tables built into the binary, as a rebuild uses
// them. They are decoded once; callers must not change them.
func Embedded() (Tables, error) {
	embeddedOnce.Do(func() { embedded, embeddedErr = decodeEmbedded(keepAll) })
	return embedded, embeddedErr
}

// EmbeddedWords returns the English words built into the binary (Tables
// with Words and Stems alone), for a process that searches: it needs no related
// words or forms (each generation stores what it uses of them), and holding
// them would cost a server about 9 MB of heap for nothing (13 MB against 4).
func EmbeddedWords() (Tables, error) {
	wordsOnce.Do(func() { words, wordsErr = decodeEmbedded(keepWords) })
	return words, wordsErr
}

// EmbeddedStems returns the stem splits built into the binary, which the
// index's analyzer applies to every word, so that a build and a query
// always split the same words.
func EmbeddedStems() (map[string]string, error) {
	stemsOnce.Do(func() { stems, stemsErr = decodeEmbedded(keepStems) })
	return stems.Stems, stemsErr
}

// Term returns the term the index's analyzer makes of a lower-case word
// (after its stop words): its split term if it has one, else its Snowball
// stem. Without the embedded table (it cannot fail to decode in a built
// binary, TestEmbeddedStems) it is the Snowball stem.
func Term(word string) string {
	s, _ := EmbeddedStems()
	if t, ok := s[word]; ok {
		return t
	}
	return Stem(word)
}

func decodeEmbedded(keep int) (Tables, error) {
	zr, err := gzip.NewReader(bytes.NewReader(embeddedTables))
	if err != nil {
		return Tables{}, fmt.Errorf("embedded word tables: %w", err)
	}
	t, err := readTables(zr, keep)
	if err != nil {
		return Tables{}, fmt.Errorf("embedded %w", err)
	}
	return t, nil
}
