package suggest

import (
	"encoding/binary"
	"fmt"
	"slices"
	"strings"
	"testing"
)

// sections is a SectionWriter, and a Source over what it took, copied
// into fresh memory as a file read back would be.
type sections map[string][]byte

func (s sections) Bytes(name string, b []byte) { s[name] = slices.Clone(b) }
func (s sections) String(name, v string)       { s[name] = []byte(v) }
func (s sections) Int32s(name string, v []int32) {
	b := make([]byte, 4*len(v))
	for i, x := range v {
		binary.LittleEndian.PutUint32(b[4*i:], uint32(x))
	}
	s[name] = b
}

// written returns the sections of ix.
func written(ix *Index) sections {
	s := sections{}
	ix.WriteSections(s)
	return s
}

// source reads sections back.
type source struct{ s sections }

func (s source) Bytes(name string) ([]byte, error) {
	b, ok := s.s[name]
	if !ok {
		return nil, fmt.Errorf("no section %s", name)
	}
	return slices.Clone(b), nil
}

func (s source) String(name string) (string, error) {
	b, err := s.Bytes(name)
	return string(b), err
}

func (s source) Int32s(name string) ([]int32, error) {
	b, err := s.Bytes(name)
	if err != nil || len(b)%4 != 0 {
		return nil, fmt.Errorf("section %s: not int32s (%v)", name, err)
	}
	v := make([]int32, len(b)/4)
	for i := range v {
		v[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
	}
	return v, nil
}

// TestOpenAnswersAsBuild: an index written with WriteSections and read back
// with Open holds the same tables and answers every query as the one
// built, on the hand-written corpus and generated careers.
func TestOpenAnswersAsBuild(t *testing.T) {
	careers := synthetic(realCareers(t), 3000)
	built := Build(careers)
	opened, err := Open(source{written(built)})
	if err != nil {
		t.Fatal(err)
	}
	if opened.Len() != built.Len() || opened.Len() == 0 {
		t.Fatalf("opened %d entries, built %d", opened.Len(), built.Len())
	}
	queries := append(slices.Clone(benchQueries), "data", "nurse", "soft dev", "Résumé", "x y z")
	for _, c := range careers[:200] {
		if w := strings.Fields(c.Title); len(w) > 0 {
			queries = append(queries, w[0][:min(3, len(w[0]))], c.Title)
		}
	}
	for _, q := range queries {
		for _, n := range []int{1, 10, 100} {
			want, got := built.Suggest(q, n), opened.Suggest(q, n)
			if !slices.Equal(want, got) {
				t.Fatalf("Suggest(%q, %d): opened %v, built %v", q, n, got, want)
			}
		}
	}
}

// TestOpenRefusesMismatchedSections: sections that do not agree in their
// lengths are refused with what is wrong, not served to panic later.
func TestOpenRefusesMismatchedSections(t *testing.T) {
	built := Build(fixture())
	for _, tt := range []struct {
		name    string
		damage  func(sections)
		wantErr string
	}{
		{"missing section", func(s sections) { delete(s, "post") }, "no section post"},
		{"posting list cut", func(s sections) { s["post"] = s["post"][:len(s["post"])-1] }, "posting lists"},
		{"posting counts cut", func(s sections) { s["firstn"] = s["firstn"][4:] }, "posting lists"},
		{"terms offsets cut", func(s sections) { s["terms"] = s["terms"][:len(s["terms"])-1] }, "terms.off does not cover terms"},
		{"entries cut", func(s sections) { s["entries"] = s["entries"][1:] }, "entryat does not cover entries"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			s := written(built)
			tt.damage(s)
			_, err := Open(source{s})
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Fatalf("Open: %v, want an error with %q", err, tt.wantErr)
			}
		})
	}
}
