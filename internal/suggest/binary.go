package suggest

import (
	"fmt"
)

// SectionWriter takes the sections of an index (WriteSections), one at a
// time, to write them to a file.
type SectionWriter interface {
	// Int32s writes a section of int32s (little-endian in the file).
	Int32s(name string, v []int32)
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
	table("ids", ix.ids)
	table("titles", ix.titles)
	w.Int32s("postat", ix.postAt)
	w.Int32s("postn", ix.postN)
	w.String("post", ix.post)
	w.Int32s("firstat", ix.firstAt)
	w.Int32s("firstn", ix.firstN)
	w.String("first", ix.first)
	w.Int32s("entryat", ix.entryAt)
	w.String("entries", ix.entries)
}

// Source gives Open the sections that WriteSections wrote, read in place (a
// memory-mapped file): the index then holds no copy of them.
type Source interface {
	// Int32s returns a section as little-endian int32s.
	Int32s(name string) ([]int32, error)
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
	str := func(name string) string {
		if err != nil {
			return ""
		}
		var v string
		v, err = src.String(name)
		return v
	}
	table := func(name string) strs {
		off, data := ints(name+".off"), str(name)
		if err == nil && (len(off) == 0 || off[0] != 0 || int(off[len(off)-1]) != len(data)) {
			err = fmt.Errorf("suggest: section %s.off does not cover %s", name, name)
		}
		return strs{off: off, data: data}
	}
	ix.terms, ix.ids, ix.titles = table("terms"), table("ids"), table("titles")
	ix.postAt, ix.postN, ix.post = ints("postat"), ints("postn"), str("post")
	ix.firstAt, ix.firstN, ix.first = ints("firstat"), ints("firstn"), str("first")
	ix.entryAt, ix.entries = ints("entryat"), str("entries")
	ix.wordWidth = width(ix.terms.len())
	if err != nil {
		return nil, err
	}
	// The per-term arrays are checked whole (they are small); the entry
	// offsets and records where they are read (entryRecord), since
	// checking millions of them would make every page resident at open.
	nt := ix.terms.len()
	// spans reports whether at holds nt+1 ascending offsets from 0 to size
	// (-1: any).
	spans := func(at []int32, size int) bool {
		if len(at) != nt+1 || at[0] != 0 || size >= 0 && int(at[nt]) != size {
			return false
		}
		for t := 1; t <= nt; t++ {
			if at[t] < at[t-1] {
				return false
			}
		}
		return true
	}
	switch {
	case !spans(ix.postAt, len(ix.post)), !spans(ix.postN, -1),
		!spans(ix.firstAt, len(ix.first)), !spans(ix.firstN, -1):
		return nil, fmt.Errorf("suggest: posting lists do not match the %d terms", nt)
	case len(ix.entryAt) == 0 || ix.entryAt[0] != 0 || int(ix.entryAt[len(ix.entryAt)-1]) != len(ix.entries):
		return nil, fmt.Errorf("suggest: section entryat does not cover entries")
	case ix.ids.len() != ix.titles.len():
		return nil, fmt.Errorf("suggest: %d ids and %d titles", ix.ids.len(), ix.titles.len())
	}
	return ix, nil
}
