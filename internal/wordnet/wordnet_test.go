package wordnet

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

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
	if got, want := len(db.synsets), 10+4; got != want {
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
	if got, want := len(db.nouns), 17; got != want {
		t.Errorf("%d nouns, want %d", got, want)
	}
	if db.nouns[0] != "amelia earhart" || db.nouns[len(db.nouns)-1] != "worker" {
		t.Errorf("nouns not in index.noun order: %q", db.nouns)
	}
}

// TestJobWordsMini compares JobWords on the hand-written database with the
// exact table: synonyms, then broader terms, then derived verbs; no word
// related to itself, no phrase twice, non-person hypernyms not followed,
// and the first person sense of a word used even when an earlier sense is
// not a person.
func TestJobWordsMini(t *testing.T) {
	got := loadMini(t).JobWords()
	want := career.RelatedWords{
		// @i (instance hypernym) is followed; capitals are lowered.
		"amelia earhart": {broader("pilot"), broader("aviator")},
		// "pilot" the flier (second sense), not the flame (first sense,
		// lex 06): no "pilot light". Its derivation to the verb "pilot"
		// is a self-relation and dropped.
		"pilot":   {syn("aviator"), broader("worker"), broader("labourer")},
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
	for _, absent := range []string{"person", "individual", "pilot light"} {
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
	for _, name := range []string{"data.noun", "data.verb", "index.noun"} {
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
	for _, name := range []string{"data.noun", "data.verb", "index.noun"} {
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

// loadReal loads the installed WordNet 3.0, skipping the test where it
// is not installed (CI installs it, so there it fails instead).
func loadReal(t *testing.T) *DB {
	t.Helper()
	if _, err := os.Stat(filepath.Join(realDir, "data.noun")); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("WordNet database missing on CI (install wordnet-base): %v", err)
		}
		t.Skipf("WordNet database not installed: %v", err)
	}
	db, err := Load(realDir)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func hasRelated(rs []career.RelatedPhrase, phrase, via string) bool {
	for _, r := range rs {
		if r.Phrase == phrase && r.Via == via {
			return true
		}
	}
	return false
}

// TestJobWordsReal checks a few facts of WordNet 3.0 as Debian's
// wordnet-base installs it.
func TestJobWordsReal(t *testing.T) {
	db := loadReal(t)
	words := db.JobWords()
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
	var selfDerived bool
	for _, p := range db.synsets[db.senses["nurse"][0]].pointers {
		if t := db.synsets[p.target]; p.symbol == "+" && p.target.pos == 'v' && t != nil && p.targetWord > 0 && t.words[p.targetWord-1] == "nurse" {
			selfDerived = true
		}
	}
	if !selfDerived {
		t.Error("WordNet's nurse no longer derives from the verb nurse; pick another self-relation example")
	}
	if hasRelated(words["nurse"], "nurse", career.RelatedDerived) {
		t.Errorf("nurse is related to itself: %v", words["nurse"])
	}
	// "nurse" is first the carer of the sick; the nanny sense comes second.
	for _, r := range words["nurse"] {
		if r.Phrase == "nanny" || r.Phrase == "nursemaid" {
			t.Errorf("nurse has %v from its second sense: %v", r, words["nurse"])
		}
	}
	// Not people: no entry.
	for _, w := range []string{"entity", "person", "pilot light"} {
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
	if _, err := os.Stat(filepath.Join(realDir, "data.noun")); err != nil {
		b.Skipf("WordNet database not installed: %v", err)
	}
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
	want := map[string][]string{
		"weld": {"welder"}, "welder": {"weld"},
		"solder": {"solderer"}, "solderer": {"solder"},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("Derivations (-want +got):\n%s", diff)
	}
}

// TestDerivationsReal checks a few forms in WordNet 3.0, and that every
// form is a form of its word: shared first letters, both ways.
func TestDerivationsReal(t *testing.T) {
	db := loadReal(t)
	forms := db.Derivations()
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
