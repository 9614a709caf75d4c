package wordnet

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"

	"github.com/careersearch/careers/internal/career"
)

const (
	miniDir = "testdata/mini"
	realDir = "/usr/share/wordnet"
)

func syn(p string) career.RelatedPhrase {
	return career.RelatedPhrase{Phrase: p, Via: career.RelatedSynonym}
}

func broader(p string) career.RelatedPhrase {
	return career.RelatedPhrase{Phrase: p, Via: career.RelatedBroader}
}

func derived(p string) career.RelatedPhrase {
	return career.RelatedPhrase{Phrase: p, Via: career.RelatedDerived}
}

func loadMini(t *testing.T) *DB {
	t.Helper()
	db, err := Load(miniDir)
	if err != nil {
		t.Fatalf("Load(%s): %v", miniDir, err)
	}
	return db
}

// TestLoadMini checks the parsed form of the hand-written database: the
// licence header is skipped, words are lower-cased with spaces and without
// adjective markers, pointers keep their source/target word numbers, and
// index.noun's sense order is kept.
func TestLoadMini(t *testing.T) {
	db := loadMini(t)
	if got, want := len(db.synsets), 11+5+1+1; got != want { // nouns, verbs, adjectives, adverbs
		t.Errorf("%d synsets, want %d", got, want)
	}
	s := db.synsets[synsetKey{'n', 500}]
	if s == nil {
		t.Fatal("synset n 500 (maitre d') missing")
	}
	if diff := cmp.Diff([]string{"maitre d'", "head waiter"}, s.words); diff != "" {
		t.Errorf("maitre d' words (-want +got):\n%s", diff)
	}
	if s.lexFile != lexPerson {
		t.Errorf("maitre d' lex_filenum %d, want %d", s.lexFile, lexPerson)
	}
	welder := db.synsets[synsetKey{'n', 400}]
	wantPtrs := []pointer{
		{symbol: "+", target: synsetKey{'v', 1000}, sourceWord: 1, targetWord: 1},
		{symbol: "@", target: synsetKey{'n', 300}},
		{symbol: "+", target: synsetKey{'v', 1001}, sourceWord: 1, targetWord: 1},
		{symbol: "+", target: synsetKey{'v', 1300}, sourceWord: 2, targetWord: 1},
	}
	if diff := cmp.Diff(wantPtrs, welder.pointers, cmp.AllowUnexported(pointer{}, synsetKey{})); diff != "" {
		t.Errorf("welder pointers (-want +got):\n%s", diff)
	}
	// Verb lines carry frames after the pointers; they must not be read
	// as pointers.
	if v := db.synsets[synsetKey{'v', 1100}]; v == nil || len(v.pointers) != 1 || v.words[0] != "pilot" {
		t.Errorf("verb pilot = %+v, want one word pilot and one pointer", v)
	}
	if diff := cmp.Diff([]synsetKey{{'n', 600}, {'n', 700}}, db.senses["pilot"], cmp.AllowUnexported(synsetKey{})); diff != "" {
		t.Errorf("pilot senses (-want +got):\n%s", diff)
	}
	if got, want := len(db.nouns), 18; got != want {
		t.Errorf("%d nouns, want %d", got, want)
	}
	if db.nouns[0] != "amelia earhart" || db.nouns[len(db.nouns)-1] != "worker" {
		t.Errorf("nouns not in index.noun order: %q", db.nouns)
	}
}

// TestJobWordsMini compares JobWords on the hand-written database with the
// exact table: synonyms, then broader terms, then derived verbs; no word
// related to itself, no phrase twice, non-person hypernyms not followed,
// and no entry for a word whose most frequent sense is not a person.
func TestJobWordsMini(t *testing.T) {
	got := loadMini(t).JobWords()
	want := career.RelatedWords{
		// @i (instance hypernym) is followed; capitals are lowered.
		"amelia earhart": {broader("pilot"), broader("aviator")},
		// In this database "pilot" is first the flame (lex 06), and only
		// second the flier: no entry for it, as for "python" (a snake
		// first) in WordNet. "aviator" is a flier only.
		"aviator": {syn("pilot"), broader("worker"), broader("labourer")},
		"barkeep": {syn("mixologist"), broader("bartender"), broader("barman")},
		// worker's hypernym "person" is not noun.person (lex 03), so the
		// bartenders stop at worker and worker has only its synonym.
		"barman":    {syn("bartender"), broader("worker"), broader("labourer")},
		"bartender": {syn("barman"), broader("worker"), broader("labourer")},
		// head_waiter(a): the adjective marker is dropped.
		"head waiter": {syn("maitre d'"), broader("waiter")},
		"labourer":    {syn("worker")},
		"maitre d'":   {syn("head waiter"), broader("waiter")},
		"mixologist":  {syn("barkeep"), broader("bartender"), broader("barman")},
		// The synset's derivations belong to the word they start from:
		// welder (word 1) -> weld, solderer (word 2) -> solder. "weld"
		// is reached through two verb senses but listed once, and the
		// "+" written before the "@" still sorts after it.
		"solderer": {syn("welder"), broader("worker"), broader("labourer"), derived("solder")},
		"welder":   {syn("solderer"), broader("worker"), broader("labourer"), derived("weld")},
		"waiter":   {broader("worker"), broader("labourer")},
		"worker":   {syn("labourer")},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("JobWords (-want +got):\n%s", diff)
	}
	for _, absent := range []string{"person", "individual", "pilot light", "pilot"} {
		if _, ok := got[absent]; ok {
			t.Errorf("JobWords has %q, which names no person", absent)
		}
	}
}

// TestJobWordsStable checks that two calls give the same table.
func TestJobWordsStable(t *testing.T) {
	db := loadMini(t)
	if diff := cmp.Diff(db.JobWords(), db.JobWords()); diff != "" {
		t.Errorf("JobWords differs between calls:\n%s", diff)
	}
}

func TestLemma(t *testing.T) {
	for in, want := range map[string]string{
		"Cartographer":  "cartographer",
		"maitre_d'":     "maitre d'",
		"head(a)":       "head",
		"Maitre_d'(ip)": "maitre d'",
		"(a)":           "(a)", // no word before the marker: kept as is
		"t-man":         "t-man",
	} {
		if got := lemma(in); got != want {
			t.Errorf("lemma(%q) = %q, want %q", in, got, want)
		}
	}
}

// writeDB copies the mini database into a temporary directory, replacing
// the named files' contents, and returns the directory.
func writeDB(t *testing.T, replace map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for _, name := range []string{"data.noun", "data.verb", "data.adj", "data.adv", "index.noun", "index.verb", "index.adj", "index.adv", "noun.exc", "verb.exc", "adj.exc", "adv.exc"} {
		b, err := os.ReadFile(filepath.Join(miniDir, name))
		if err != nil {
			t.Fatal(err)
		}
		if r, ok := replace[name]; ok {
			b = []byte(r)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadErrors checks that each kind of malformed line is reported with
// the file's path, the line number and the field at fault.
func TestLoadErrors(t *testing.T) {
	const hdr = "  1 header line\n  2 \n" // two licence lines; the bad line is line 3
	const good = "00000001 18 n 01 cook 0 000 | makes meals\n"
	for _, tc := range []struct {
		name, file, line, want string
	}{
		{"short line", "data.noun", "00000002 18 n\n", "data.noun:3: offset: short line"},
		{"offset", "data.noun", "0000x002 18 n 01 cook 0 000 | g\n", "data.noun:3: offset: \"0000x002\""},
		{"lex_filenum", "data.noun", "00000002 1x n 01 cook 0 000 | g\n", "data.noun:3: lex_filenum: \"1x\""},
		{"w_cnt not hex", "data.noun", "00000002 18 n 0g cook 0 000 | g\n", "data.noun:3: w_cnt: \"0g\""},
		{"w_cnt zero", "data.noun", "00000002 18 n 00 000 | g\n", "data.noun:3: w_cnt: \"00\""},
		{"w_cnt negative", "data.noun", "00000002 18 n -1 cook 0 000 | g\n", "data.noun:3: w_cnt: \"-1\""},
		{"word missing", "data.noun", "00000002 18 n 02 cook 0 chef | g\n", "data.noun:3: word 2: line ends early"},
		{"p_cnt missing", "data.noun", "00000002 18 n 01 cook 0 | g\n", "data.noun:3: p_cnt: line ends early"},
		{"p_cnt", "data.noun", "00000002 18 n 01 cook 0 0x1 | g\n", "data.noun:3: p_cnt: \"0x1\""},
		{"pointer short", "data.noun", "00000002 18 n 01 cook 0 001 @ 00000001 n | g\n", "data.noun:3: pointer 1: line ends early"},
		{"pointer 2 short", "data.noun", "00000002 18 n 01 cook 0 002 @ 00000001 n 0000 | g\n", "data.noun:3: pointer 2: line ends early"},
		{"pointer offset", "data.noun", "00000002 18 n 01 cook 0 001 @ 0000000z n 0000 | g\n", "data.noun:3: pointer 1: offset \"0000000z\""},
		{"source/target length", "data.noun", "00000002 18 n 01 cook 0 001 @ 00000001 n 000 | g\n", "data.noun:3: pointer 1: source/target \"000\""},
		{"source/target hex", "data.noun", "00000002 18 n 01 cook 0 001 @ 00000001 n 00g0 | g\n", "data.noun:3: pointer 1: source/target \"00g0\""},
		{"source/target sign", "data.noun", "00000002 18 n 01 cook 0 001 + 00000001 v -1-1 | g\n", "data.noun:3: pointer 1: source/target \"-1-1\""},
		{"source/target plus", "data.noun", "00000002 18 n 01 cook 0 001 + 00000001 v +1+1 | g\n", "data.noun:3: pointer 1: source/target \"+1+1\""},
		{"verb line", "data.verb", "00000002 35 v 01 cook 0 001 + 00000001 n 01 | g\n", "data.verb:3: pointer 1: source/target \"01\""},
		{"index short", "index.noun", "cook n 1 0 1\n", "index.noun:3: lemma: short line"},
		{"index synset_cnt", "index.noun", "cook n x 0 1 0 00000001\n", "index.noun:3: synset_cnt: \"x\""},
		{"index synset_cnt zero", "index.noun", "cook n 0 0 1 0 00000001\n", "index.noun:3: synset_cnt: \"0\""},
		{"index p_cnt", "index.noun", "cook n 1 y 1 0 00000001\n", "index.noun:3: p_cnt: \"y\""},
		{"index offset", "index.noun", "cook n 1 0 1 0 0000000q\n", "index.noun:3: synset_offset: \"0000000q\""},
		{"index too few offsets", "index.noun", "cook n 2 1 @ 2 0 00000001\n", "index.noun:3: synset_offset: line has 8 fields, want 6 + p_cnt 1 + synset_cnt 2"},
		{"index too many offsets", "index.noun", "cook n 1 1 @ 1 0 00000001 00000002\n", "index.noun:3: synset_offset: line has 9 fields, want 6 + p_cnt 1 + synset_cnt 1"},
		{"index count larger than line", "index.noun", "cook n 9 0 1 0 00000001\n", "index.noun:3: synset_offset: line has 7 fields, want 6 + p_cnt 0 + synset_cnt 9"},
		{"index pointers larger than line", "index.noun", "cook n 1 9 @ 1 0 00000001\n", "index.noun:3: synset_offset: line has 8 fields, want 6 + p_cnt 9 + synset_cnt 1"},
		{"index huge counts", "index.noun", "cook n 9223372036854775807 9223372036854775807 1 0 00000001\n", "index.noun:3: synset_offset: line has 7 fields"},
		{"index p_cnt negative", "index.noun", "cook n 1 -1 1 0 00000001\n", "index.noun:3: p_cnt: \"-1\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			content := hdr + tc.line + good
			if tc.file == "index.noun" {
				content = hdr + tc.line + "cook n 1 0 1 0 00000001\n"
			}
			dir := writeDB(t, map[string]string{tc.file: content})
			_, err := Load(dir)
			if err == nil {
				t.Fatalf("Load: no error for %q in %s", tc.line, tc.file)
			}
			want := filepath.Join(dir, tc.want)
			if !strings.Contains(err.Error(), want) {
				t.Errorf("Load error\n  %v\nwant it to contain\n  %s", err, want)
			}
		})
	}
}

// TestLoadGoodLineAfterHeader makes sure the error-test scaffolding is
// itself valid: the same files with good lines load.
func TestLoadGoodLineAfterHeader(t *testing.T) {
	dir := writeDB(t, map[string]string{
		"data.noun":  "  1 header line\n  2 \n00000001 18 n 02 cook 0 chef 0 000 | makes meals\n",
		"index.noun": "  1 header line\n  2 \ncook n 1 0 1 0 00000001\nchef n 1 0 1 0 00000001  \n",
	})
	db, err := Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	want := career.RelatedWords{"cook": {syn("chef")}, "chef": {syn("cook")}}
	if diff := cmp.Diff(want, db.JobWords()); diff != "" {
		t.Errorf("JobWords (-want +got):\n%s", diff)
	}
}

func TestLoadMissing(t *testing.T) {
	t.Run("directory", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "no-such-dir")
		_, err := Load(dir)
		if !errors.Is(err, os.ErrNotExist) {
			t.Fatalf("Load(%s) = %v, want an error wrapping os.ErrNotExist", dir, err)
		}
		if !strings.Contains(err.Error(), filepath.Join(dir, "data.noun")) {
			t.Errorf("error %q does not name the missing file", err)
		}
	})
	for _, name := range []string{"data.verb", "index.noun"} {
		t.Run(name, func(t *testing.T) {
			dir := writeDB(t, nil)
			if err := os.Remove(filepath.Join(dir, name)); err != nil {
				t.Fatal(err)
			}
			_, err := Load(dir)
			if !errors.Is(err, os.ErrNotExist) {
				t.Fatalf("Load without %s = %v, want an error wrapping os.ErrNotExist", name, err)
			}
			if !strings.Contains(err.Error(), filepath.Join(dir, name)) {
				t.Errorf("error %q does not name %s", err, name)
			}
		})
	}
}

func TestLoadEmpty(t *testing.T) {
	for _, name := range []string{"data.noun", "data.verb", "data.adj", "data.adv", "index.noun", "index.verb", "index.adj", "index.adv", "noun.exc", "verb.exc", "adj.exc", "adv.exc"} {
		t.Run(name, func(t *testing.T) {
			dir := writeDB(t, map[string]string{name: ""})
			_, err := Load(dir)
			if err == nil {
				t.Fatalf("Load with an empty %s: no error", name)
			}
			if want := filepath.Join(dir, name) + ": empty file"; !strings.Contains(err.Error(), want) {
				t.Errorf("Load error %q, want it to contain %q", err, want)
			}
		})
	}
}

// TestLoadLongLine checks that a line longer than the scanner's buffer is
// an error naming the file, not a silent truncation.
func TestLoadLongLine(t *testing.T) {
	long := "00000002 18 n 01 " + strings.Repeat("x", 2<<20) + " 0 000 | g\n"
	dir := writeDB(t, map[string]string{"data.noun": long})
	_, err := Load(dir)
	if !errors.Is(err, bufio.ErrTooLong) {
		t.Fatalf("Load = %v, want bufio.ErrTooLong", err)
	}
	if !strings.Contains(err.Error(), filepath.Join(dir, "data.noun")) {
		t.Errorf("error %q does not name the file", err)
	}
}

// loadReal loads the installed WordNet 3.0 (Debian's wordnet-base),
// skipping the test where it is not installed: the tests that need it
// compare the embedded tables with a fresh derivation, and CI does not
// install WordNet.
func loadReal(t testing.TB) *DB {
	t.Helper()
	if _, err := os.Stat(filepath.Join(realDir, "data.noun")); err != nil {
		t.Skipf("SKIP: no WordNet 3.0 database in %s, so the embedded word tables are not re-derived and compared (apt install wordnet-base to run this): %v", realDir, err)
	}
	db, err := Load(realDir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

// mustEmbedded returns the tables built into the binary.
func mustEmbedded(t *testing.T) Tables {
	t.Helper()
	tables, err := Embedded()
	if err != nil {
		t.Fatal(err)
	}
	return tables
}

func hasRelated(rs []career.RelatedPhrase, phrase, via string) bool {
	for _, r := range rs {
		if r.Phrase == phrase && r.Via == via {
			return true
		}
	}
	return false
}

// TestJobWordsEmbedded checks a few facts of the job words derived from
// WordNet 3.0 and built into the binary.
func TestJobWordsEmbedded(t *testing.T) {
	words := mustEmbedded(t).Related
	if n := len(words); n <= 10000 {
		t.Errorf("JobWords has %d entries, want more than 10,000", n)
	}
	for _, tc := range []struct{ word, phrase, via string }{
		{"mixologist", "bartender", career.RelatedSynonym},
		{"mixologist", "barkeeper", career.RelatedSynonym},
		{"mixologist", "employee", career.RelatedBroader},
		{"welder", "weld", career.RelatedDerived},
		{"welder", "craftsman", career.RelatedBroader},
		{"skycap", "porter", career.RelatedBroader},
		{"nurse", "health professional", career.RelatedBroader},
		{"maitre d'", "headwaiter", career.RelatedSynonym},
	} {
		if !hasRelated(words[tc.word], tc.phrase, tc.via) {
			t.Errorf("%q lacks %s %q: %v", tc.word, tc.via, tc.phrase, words[tc.word])
		}
	}
	for w, want := range map[string][]career.RelatedPhrase{
		"skycap": {broader("porter")},
		"mixologist": {syn("bartender"), syn("barman"), syn("barkeep"), syn("barkeeper"),
			broader("employee")},
		"welder": {broader("craftsman"), broader("artisan"), broader("journeyman"), broader("artificer"),
			derived("weld")},
	} {
		if diff := cmp.Diff(want, words[w]); diff != "" {
			t.Errorf("%q (-want +got):\n%s", w, diff)
		}
	}
	// The nurse synset derives from the verb "nurse"; that self-relation
	// is dropped.
	if hasRelated(words["nurse"], "nurse", career.RelatedDerived) {
		t.Errorf("nurse is related to itself: %v", words["nurse"])
	}
	// "nurse" is first the carer of the sick; the nanny sense comes second.
	for _, r := range words["nurse"] {
		if r.Phrase == "nanny" || r.Phrase == "nursemaid" {
			t.Errorf("nurse has %v from its second sense: %v", r, words["nurse"])
		}
	}
	// Not people, or people only in a rarer sense ("python" is a snake
	// first, a spirit after; "lot" a plot first, Abraham's nephew after):
	// no entry.
	for _, w := range []string{"entity", "person", "pilot light", "python", "lot", "model"} {
		if rs, ok := words[w]; ok {
			t.Errorf("JobWords has %q: %v", w, rs)
		}
	}
	// Shape of every entry: no self-relation, no repeat, groups in order,
	// lower case.
	for w, rs := range words {
		seen := map[string]bool{}
		last := 0
		for _, r := range rs {
			if r.Phrase == w {
				t.Errorf("%q related to itself", w)
			}
			if seen[r.Phrase] {
				t.Errorf("%q lists %q twice", w, r.Phrase)
			}
			seen[r.Phrase] = true
			if k := rank(r.Via); k < last {
				t.Errorf("%q: %v out of order", w, rs)
			} else {
				last = k
			}
			if r.Phrase != strings.ToLower(r.Phrase) || strings.Contains(r.Phrase, "_") {
				t.Errorf("%q: phrase %q not lower case with spaces", w, r.Phrase)
			}
		}
		if w != strings.ToLower(w) || strings.Contains(w, "_") {
			t.Errorf("key %q not lower case with spaces", w)
		}
	}
}

// FuzzParseLine checks that parseLine never panics and that whatever it
// accepts is usable: at least one word, word numbers in a byte.
func FuzzParseLine(f *testing.F) {
	for _, name := range []string{"data.noun", "data.verb"} {
		b, err := os.ReadFile(filepath.Join(miniDir, name))
		if err != nil {
			f.Fatal(err)
		}
		for _, line := range strings.Split(string(b), "\n") {
			if line != "" && !strings.HasPrefix(line, "  ") {
				f.Add(line)
			}
		}
	}
	f.Add("00000002 18 n 01 cook 0 001 + 00000001 v -1-1 | g")
	f.Add("00000002 18 n ff")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		_, s, err := parseLine(text, 'n')
		if err != nil {
			if s != nil {
				t.Errorf("parseLine(%q) returned a synset and the error %v", text, err)
			}
			return
		}
		if s == nil || len(s.words) == 0 {
			t.Fatalf("parseLine(%q) = %+v without error, want at least one word", text, s)
		}
		for i, p := range s.pointers {
			if p.sourceWord < 0 || p.sourceWord > 255 || p.targetWord < 0 || p.targetWord > 255 {
				t.Errorf("parseLine(%q): pointer %d source/target %d/%d outside 0..255", text, i+1, p.sourceWord, p.targetWord)
			}
			if p.symbol == "" {
				t.Errorf("parseLine(%q): pointer %d has no symbol", text, i+1)
			}
		}
	})
}

// BenchmarkLoad measures Load plus JobWords on the installed WordNet.
func BenchmarkLoad(b *testing.B) {
	loadReal(b)
	b.ReportAllocs()
	for b.Loop() {
		db, err := Load(realDir)
		if err != nil {
			b.Fatal(err)
		}
		if len(db.JobWords()) == 0 {
			b.Fatal("no job words")
		}
	}
}

func TestDerivationsMini(t *testing.T) {
	got := loadMini(t).Derivations()
	// welder (noun word 1) derives from weld, solderer (word 2) from
	// solder; the pilot's derivation to the verb "pilot" is the same word.
	// "remotion" derives from "remove", but stems as the more common
	// "remote" does: both are left out.
	want := map[string][]string{
		"weld": {"welder"}, "welder": {"weld"},
		"solder": {"solderer"}, "solderer": {"solder"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Derivations (-want +got):\n%s", diff)
	}
}

// TestDerivationsEmbedded checks a few forms in the tables built into the
// binary, and that every form is a form of its word: shared first
// letters, both ways.
func TestDerivationsEmbedded(t *testing.T) {
	forms := mustEmbedded(t).Forms
	for word, want := range map[string][]string{
		"inspect": {"inspection", "inspector"},
		// Two nouns of one verb are forms of each other.
		"inspection": {"inspect", "inspector"},
		"extrusion":  {"extrude"},
		"roofer":     {"roof", "roofing"},
	} {
		for _, w := range want {
			if !slices.Contains(forms[word], w) {
				t.Errorf("forms of %q lack %q: %v", word, w, forms[word])
			}
		}
	}
	for word, others := range forms {
		for _, o := range others {
			if !samePrefix(word, o, 4) || strings.ContainsAny(o, " -") {
				t.Errorf("%q has %q as a form", word, o)
			}
			if !slices.Contains(forms[o], word) {
				t.Errorf("%q has form %q, but not the other way round", word, o)
			}
		}
	}
	// WordNet links "peace" to "pacify" and "vapor" to "evaporate": kin,
	// but not forms a reader would take for the same word.
	if slices.Contains(forms["peace"], "pacify") || slices.Contains(forms["vapor"], "evaporate") {
		t.Errorf("words of unlike form kept: peace %v, vapor %v", forms["peace"], forms["vapor"])
	}
}

// TestEmbeddedMatchesWordNet derives the tables afresh from the installed
// WordNet 3.0, as `make wordtables` does, and checks that the embedded file
// holds exactly them, and that the derivation is reproducible byte for
// byte.
func TestEmbeddedMatchesWordNet(t *testing.T) {
	db := loadReal(t)
	var a, b bytes.Buffer
	if err := db.Derive().Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := db.Derive().Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Fatal("two derivations from the same database differ")
	}
	zr, err := gzip.NewReader(bytes.NewReader(embeddedTables))
	if err != nil {
		t.Fatal(err)
	}
	got, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, a.Bytes()) {
		t.Errorf("internal/wordnet/data/tables.txt.gz (%d bytes of text) differs from a fresh derivation (%d bytes): run make wordtables", len(got), a.Len())
	}
	var z bytes.Buffer
	if err := db.Derive().WriteGzip(&z); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(z.Bytes(), embeddedTables) {
		t.Logf("the compressed bytes differ (another Go release compresses differently?); the text is what counts")
	}
}

// TestFormsArePairsOfOneWord: the forms the index would draw from the
// embedded table, compared as the index compares them (by stem), join
// the same word in other parts of speech and never different words that
// share letters.
func TestFormsArePairsOfOneWord(t *testing.T) {
	forms := mustEmbedded(t).Forms
	// linked reports whether the table joins a word of a's stem to a word
	// of b's stem, which is what the index would offer.
	linked := func(a, b string) bool {
		sa, sb := Stem(a), Stem(b)
		if sa == sb {
			t.Fatalf("%q and %q share the stem %q: the stemmer joins them, whatever the table says", a, b, sa)
		}
		for w, others := range forms {
			if Stem(w) != sa {
				continue
			}
			for _, o := range others {
				if Stem(o) == sb {
					return true
				}
			}
		}
		return false
	}
	for _, p := range [][2]string{
		{"inspect", "inspector"},
		{"weld", "welder"},
		{"roof", "roofer"},
		{"extrude", "extrusion"},
		{"sculpt", "sculptor"},
		{"survey", "surveyor"},
		{"carve", "carver"},
		{"teach", "teacher"},
		{"audit", "auditor"},
	} {
		if !linked(p[0], p[1]) || !linked(p[1], p[0]) {
			t.Errorf("%q and %q are forms of one word, but the table does not join them", p[0], p[1])
		}
	}
	for _, p := range [][2]string{
		{"remote", "remove"},
		{"remote", "removal"},
		{"remote", "remover"},
		{"work", "worm"},
		{"peace", "pacify"},
		{"vapor", "evaporate"},
		{"slaughter", "butcher"},
	} {
		if linked(p[0], p[1]) || linked(p[1], p[0]) {
			t.Errorf("%q and %q are different words, but the table joins them", p[0], p[1])
		}
	}
}

// TestTablesRoundTrip writes tables and reads them back unchanged, and the
// same tables always give the same bytes.
func TestTablesRoundTrip(t *testing.T) {
	in := Tables{
		Related: career.RelatedWords{
			"mixologist": {syn("bartender"), broader("employee")},
			"welder":     {broader("craftsman"), derived("weld")},
		},
		Forms: career.WordForms{"inspect": {"inspector", "inspection"}, "inspection": {"inspect"}},
		Words: map[string]bool{"inspect": true, "geese": true},
		Stems: map[string]string{"animal": "animal~", "animals": "animal~"},
	}
	var a, b bytes.Buffer
	if err := in.Write(&a); err != nil {
		t.Fatal(err)
	}
	if err := in.Write(&b); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("the same tables gave different bytes")
	}
	out, err := ReadTables(&a)
	if err != nil {
		t.Fatal(err)
	}
	// Forms are written sorted.
	in.Forms["inspect"] = []string{"inspection", "inspector"}
	if diff := cmp.Diff(in, out); diff != "" {
		t.Errorf("round trip (-want +got):\n%s", diff)
	}
}

// TestReadTablesErrors: a damaged table is an error naming the line.
func TestReadTablesErrors(t *testing.T) {
	head := strings.SplitN(tablesHeader, "\n", 2)[0] + "\n"
	for _, tc := range []struct{ name, text, want string }{
		{"empty", "", "empty"},
		{"wrong header", "# something else\n", "line 1"},
		{"unknown kind", head + "jobs\ta\tsynonym\tb\n", "line 2: want"},
		{"bad via", head + "job\ta\tcousin\tb\n", `line 2: via "cousin"`},
		{"short job", head + "job\ta\tsynonym\n", "line 2"},
		{"empty form", head + "form\ta\t\n", "line 2"},
		{"stem term without its mark", head + "stem\tanimal\tanimal\n", `line 2: stem term "animal"`},
		{"stem term of the mark alone", head + "stem\tanimal\t~\n", `line 2: stem term "~"`},
		{"short stem", head + "stem\tanimal\n", "line 2: want"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadTables(strings.NewReader(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("ReadTables: %v, want an error containing %q", err, tc.want)
			}
		})
	}
}

// FuzzReadTables: ReadTables never panics, and what it accepts writes and
// reads back the same.
func FuzzReadTables(f *testing.F) {
	head := strings.SplitN(tablesHeader, "\n", 2)[0] + "\n"
	f.Add(head + "job\tnurse\tbroader\thealth professional\nform\tinspect\tinspector\n")
	f.Add(head + "form\ta\tb\tc\n")
	f.Add(head + "word\tnight\nword\t\n")
	f.Add(head + "stem\tlikely\tlikely~\nstem\tanimal\tanim\n")
	f.Add("")
	f.Fuzz(func(t *testing.T, text string) {
		tables, err := ReadTables(strings.NewReader(text))
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := tables.Write(&buf); err != nil {
			t.Fatal(err)
		}
		again, err := ReadTables(&buf)
		if err != nil {
			t.Fatalf("re-reading what was written: %v", err)
		}
		for w, fs := range tables.Forms {
			slices.Sort(fs)
			tables.Forms[w] = fs
		}
		if diff := cmp.Diff(tables, again, cmpopts.EquateEmpty()); diff != "" {
			t.Errorf("round trip (-first +second):\n%s", diff)
		}
	})
}

// TestIsWord: English words, in any regular or irregular form, are words;
// typos and made-up words are not.
func TestIsWord(t *testing.T) {
	tables := mustEmbedded(t)
	for _, w := range []string{"night", "shifts", "psychology", "animals", "like", "remote", "grease",
		"monkey", "pusher", "teens", "studies", "boxes", "baked", "geese", "ran", "Stopped", "nursing", "welder"} {
		if !tables.IsWord(w) {
			t.Errorf("IsWord(%q) = false, want true", w)
		}
	}
	for _, w := range []string{"pyschology", "nigth", "anmals", "welderz", "xqzt", "", "zzq"} {
		if tables.IsWord(w) {
			t.Errorf("IsWord(%q) = true, want false", w)
		}
	}
	if n := len(tables.Words); n < 80000 {
		t.Errorf("%d words, want more than 80,000", n)
	}
}

// TestWordsMini: lemmas of every part of speech and the exception lists'
// irregular forms.
func TestWordsMini(t *testing.T) {
	words := loadMini(t).Words()
	for _, w := range []string{"welder", "weld", "remote", "remotely", "labourers", "welded", "remoter", "farther", "remove"} {
		if !words[w] {
			t.Errorf("Words lacks %q", w)
		}
	}
	for _, w := range []string{"maitre d'", "head waiter", "amelia earhart"} {
		if words[w] {
			t.Errorf("Words has %q, not one plain word", w)
		}
	}
}

// EmbeddedWords holds the same English words as Embedded and nothing else.
func TestEmbeddedWords(t *testing.T) {
	all := mustEmbedded(t)
	w, err := EmbeddedWords()
	if err != nil {
		t.Fatal(err)
	}
	if w.Related != nil || w.Forms != nil || len(w.Words) != len(all.Words) || !w.IsWord("night") || len(w.Stems) != len(all.Stems) {
		t.Errorf("EmbeddedWords: %d related, %d forms, %d words, %d stem splits (want 0, 0, %d, %d)",
			len(w.Related), len(w.Forms), len(w.Words), len(w.Stems), len(all.Words), len(all.Stems))
	}
}
