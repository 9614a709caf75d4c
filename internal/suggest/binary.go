package suggest

import (
	"fmt"
)

// SectionWriter takes the sections of an index (WriteSections), one at a
// time, to write them to a file.
type SectionWriter interface {
	// Int32s writes a section of int32s (little-endian in the file).
	Int32s(name string, v []int32)
	// Bytes writes a section of bytes.
	Bytes(name string, b []byte)
	// String writes a section of a string's bytes.
	String(name string, s string)
}

// WriteSections hands w the index as named sections, for a file that Open
// reads back in place: a generation of the careers index keeps its
// suggestions so, and opening it builds nothing. The sections are the
// index's own arrays, not copies.
func (ix *Index) WriteSections(w SectionWriter) {
	table := func(name string, s strs) {
		w.Int32s(name+".off", s.off)
		w.String(name, s.data)
	}
	table("terms", ix.terms)
	table("texts", ix.texts)
	table("ids", ix.ids)
	table("titles", ix.titles)
	w.Int32s("poststart", ix.postStart)
	w.Int32s("post", ix.post)
	w.Int32s("firststart", ix.firstStart)
	w.Int32s("first", ix.first)
	w.Int32s("wordstart", ix.wordStart)
	w.Int32s("words", ix.words)
	w.Int32s("careers", ix.careers)
	w.Bytes("kinds", ix.kinds)
}

// Source gives Open the sections that WriteSections wrote, read in place (a
// memory-mapped file): the index then holds no copy of them.
type Source interface {
	// Int32s returns a section as little-endian int32s.
	Int32s(name string) ([]int32, error)
	// Bytes returns a section's bytes.
	Bytes(name string) ([]byte, error)
	// String returns a section's bytes as a string, in place.
	String(name string) (string, error)
}

// Open returns the index whose sections src holds. The index reads them in
// place for as long as it is used, so src's memory must outlive it; the
// suggestions it returns are copies. Open checks that the sections agree
// in their lengths; their contents it trusts (the file that holds them is
// checksummed).
func Open(src Source) (*Index, error) {
	ix := &Index{scanBudget: scanBudget}
	var err error
	ints := func(name string) []int32 {
		if err != nil {
			return nil
		}
		var v []int32
		v, err = src.Int32s(name)
		return v
	}
	table := func(name string) strs {
		off := ints(name + ".off")
		if err != nil {
			return strs{}
		}
		var data string
		if data, err = src.String(name); err != nil {
			return strs{}
		}
		if len(off) == 0 || off[0] != 0 || int(off[len(off)-1]) != len(data) {
			err = fmt.Errorf("suggest: section %s.off does not cover %s", name, name)
		}
		return strs{off: off, data: data}
	}
	ix.terms, ix.texts, ix.ids, ix.titles = table("terms"), table("texts"), table("ids"), table("titles")
	ix.postStart, ix.post = ints("poststart"), ints("post")
	ix.firstStart, ix.first = ints("firststart"), ints("first")
	ix.wordStart, ix.words = ints("wordstart"), ints("words")
	ix.careers = ints("careers")
	if err != nil {
		return nil, err
	}
	if ix.kinds, err = src.Bytes("kinds"); err != nil {
		return nil, err
	}
	nt, ne := ix.terms.len(), ix.texts.len()
	ends := func(start []int32, list []int32) bool {
		return len(start) == nt+1 && start[0] == 0 && int(start[nt]) == len(list)
	}
	switch {
	case !ends(ix.postStart, ix.post), !ends(ix.firstStart, ix.first):
		return nil, fmt.Errorf("suggest: posting lists do not match the %d terms", nt)
	case len(ix.wordStart) != ne+1 || ix.wordStart[0] != 0 || int(ix.wordStart[ne]) != len(ix.words):
		return nil, fmt.Errorf("suggest: entry words do not match the %d entries", ne)
	case len(ix.careers) != ne || len(ix.kinds) != ne:
		return nil, fmt.Errorf("suggest: entry careers or kinds do not match the %d entries", ne)
	case ix.ids.len() != ix.titles.len():
		return nil, fmt.Errorf("suggest: %d ids and %d titles", ix.ids.len(), ix.titles.len())
	}
	for _, k := range ix.kinds {
		if int(k) >= len(kindNames) {
			return nil, fmt.Errorf("suggest: an entry of kind %d", k)
		}
	}
	return ix, nil
}
