package suggest

import (
	"encoding/binary"
	"fmt"
)

// Sections returns the index as named byte sections (integers
// little-endian), for a file that Open reads back in place: a generation
// of the careers index keeps its suggestions so, and opening it builds
// nothing.
func (ix *Index) Sections() map[string][]byte {
	out := map[string][]byte{}
	ints := func(name string, v []int32) {
		b := make([]byte, 4*len(v))
		for i, x := range v {
			binary.LittleEndian.PutUint32(b[4*i:], uint32(x))
		}
		out[name] = b
	}
	table := func(name string, s strs) {
		ints(name+".off", s.off)
		out[name] = []byte(s.data)
	}
	table("terms", ix.terms)
	table("texts", ix.texts)
	table("ids", ix.ids)
	table("titles", ix.titles)
	ints("poststart", ix.postStart)
	ints("post", ix.post)
	ints("firststart", ix.firstStart)
	ints("first", ix.first)
	ints("wordstart", ix.wordStart)
	ints("words", ix.words)
	ints("careers", ix.careers)
	out["kinds"] = append([]byte(nil), ix.kinds...)
	return out
}

// Source gives Open the sections that Sections wrote, read in place (a
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
