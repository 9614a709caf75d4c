package bleveindex

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/careersearch/careers/internal/career"
)

// edgeCareers are careers at the edges of the record format: lists nil
// and empty, items without a name or a description, a description that
// is itself "Name: text", text outside ASCII, and every part of a career
// that the record keeps as JSON.
func edgeCareers() []*career.Career {
	return []*career.Career{
		{ID: "a-bare", Title: "Bare", Category: "Test", Summary: ""},
		{ID: "b-empty-lists", Title: "Empty lists", Category: "Test", Aliases: []string{}, Duties: []career.Item{},
			Specialisations: []career.Item{}},
		{ID: "c-items", Title: "Items", Category: "Test", Summary: "Plans menus.\n\nCooks them.",
			Aliases: []string{"", "Chef de partie", "Küchenchef"},
			Duties: []career.Item{{Name: "Cook", Description: "Prepare food: sauces and stocks."}, {Name: "Only a name"},
				{Description: "Only a description"}, {}, {Name: "Résumé: CV", Description: "naïve café — 日本語"}},
			Specialisations: []career.Item{{Name: "Pastry", Description: "Bakes."}},
			Workplace:       "A hot kitchen.",
			Related:         []string{"a-bare"},
			Skills:          []career.Skill{{Name: "Knife work", Note: "daily"}, {Name: "Excel"}},
			JobZone:         3,
			Source:          &career.Source{Dataset: "Hand-made", License: "CC0", Attribution: "tests"}},
	}
}

// TestCareersFileRoundTrip writes careers to a careers file and reads
// each back: Career gets the career as it was indexed, and the texts are
// those the Bleve document was given (toDocument), value for value.
func TestCareersFileRoundTrip(t *testing.T) {
	careers := append(loadBasic(t), edgeCareers()...)
	dir := t.TempDir()
	if err := writeCareersFile(filepath.Join(dir, careersFileName), careers); err != nil {
		t.Fatal(err)
	}
	cf, reason := openCareersFile(dir)
	if reason != "" {
		t.Fatal(reason)
	}
	defer cf.Close()
	if len(cf.ids) != len(careers) {
		t.Fatalf("%d careers in the table, want %d", len(cf.ids), len(careers))
	}
	for _, c := range careers {
		sc, err := cf.read(c.ID)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		got, err := sc.career()
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		if d := cmp.Diff(c, got); d != "" {
			t.Errorf("%s: career (-written +read):\n%s", c.ID, d)
		}
		d, err := toDocument(c)
		if err != nil {
			t.Fatal(err)
		}
		want := map[string][]string{
			career.FieldTitle: {d.Title}, career.FieldSummary: {d.Summary}, career.FieldWorkplace: {d.Workplace},
			career.FieldAliases: d.Aliases, career.FieldDuties: d.Duties, career.FieldSpecialisations: d.Specialisations,
		}
		texts := map[string][]string{}
		sc.visitTexts(func(field string, ap []uint64, text []byte) {
			if multi := field == career.FieldAliases || field == career.FieldDuties || field == career.FieldSpecialisations; multi != (ap != nil) ||
				multi && int(ap[0]) != len(texts[field]) {
				t.Errorf("%s: %s value %d has array position %v", c.ID, field, len(texts[field]), ap)
			}
			texts[field] = append(texts[field], string(text))
		})
		for f, vs := range want {
			if len(vs) == 0 {
				vs = nil
			}
			if d := cmp.Diff(vs, texts[f]); d != "" {
				t.Errorf("%s: %s texts (-indexed +stored):\n%s", c.ID, f, d)
			}
		}
		if sc.duty(0) != strings.Join(d.Duties[:min(1, len(d.Duties))], "") || sc.duty(-1) != "" || sc.duty(len(d.Duties)) != "" {
			t.Errorf("%s: duty(0) %q", c.ID, sc.duty(0))
		}
	}
	if _, err := cf.read("nobody"); !errors.Is(err, errNoCareer) {
		t.Errorf("unknown id: %v", err)
	}
}

// TestCareersFileKeepsEveryField fills every field of a career, its
// skills and its source (by reflection, so a field added later is filled
// too) and reads the career back whole: a field the record does not keep
// fails here.
func TestCareersFileKeepsEveryField(t *testing.T) {
	var c career.Career
	fill(reflect.ValueOf(&c).Elem(), "v")
	c.Duties = []career.Item{{Name: "Name", Description: "Description"}, {Name: "Only"}}
	dir := t.TempDir()
	if err := writeCareersFile(filepath.Join(dir, careersFileName), []*career.Career{&c}); err != nil {
		t.Fatal(err)
	}
	cf, reason := openCareersFile(dir)
	if reason != "" {
		t.Fatal(reason)
	}
	defer cf.Close()
	sc, err := cf.read(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	got, err := sc.career()
	if err != nil {
		t.Fatal(err)
	}
	if d := cmp.Diff(&c, got); d != "" {
		t.Errorf("(-written +read):\n%s", d)
	}
}

// fill sets every field of v to a value that is not its zero, naming
// strings after their path.
func fill(v reflect.Value, path string) {
	switch v.Kind() {
	case reflect.String:
		v.SetString(path)
	case reflect.Bool:
		v.SetBool(true)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		v.SetInt(int64(len(path)))
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(uint64(len(path)))
	case reflect.Float32, reflect.Float64:
		v.SetFloat(float64(len(path)) / 2)
	case reflect.Pointer:
		v.Set(reflect.New(v.Type().Elem()))
		fill(v.Elem(), path)
	case reflect.Slice:
		v.Set(reflect.MakeSlice(v.Type(), 2, 2))
		for i := 0; i < 2; i++ {
			fill(v.Index(i), fmt.Sprintf("%s[%d]", path, i))
		}
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fill(v.Field(i), path+"."+v.Type().Field(i).Name)
			}
		}
	default:
		panic("fill: no value for a " + v.Kind().String() + " at " + path)
	}
}

// TestCareerFromCareersFile: Index.Career answers from the careers file,
// the whole career as it was indexed.
func TestCareerFromCareersFile(t *testing.T) {
	careers := append(loadBasic(t), edgeCareers()...)
	root := t.TempDir()
	if _, err := Build(context.Background(), root, careers, BuildOptions{}); err != nil {
		t.Fatal(err)
	}
	ix, err := Open(root, DefaultOptions())
	if err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	for _, c := range careers {
		got, err := ix.Career(context.Background(), c.ID)
		if err != nil {
			t.Fatalf("%s: %v", c.ID, err)
		}
		if d := cmp.Diff(c, got); d != "" {
			t.Errorf("%s (-indexed +read):\n%s", c.ID, d)
		}
	}
}

// TestCareersFileRecordsSplitItems: a duty's name and description come
// back from its indexed text whatever colons either holds.
func TestCareersFileRecordsSplitItems(t *testing.T) {
	for _, it := range []career.Item{{Name: "a", Description: "b"}, {Name: "a: b"}, {Description: ": x"}, {Name: ":", Description: ":"}} {
		strs := &stringTable{num: map[string]uint64{}}
		b, err := appendRecord(nil, &career.Career{ID: "x", Duties: []career.Item{it}}, strs)
		if err != nil {
			t.Fatal(err)
		}
		sc, err := decodeRecord(b, strs.list)
		if err != nil {
			t.Fatal(err)
		}
		c, err := sc.career()
		if err != nil || len(c.Duties) != 1 || c.Duties[0] != it {
			t.Errorf("%+v came back as %+v (%v)", it, c.Duties, err)
		}
	}
}

// FuzzCareersRecord: any bytes decode to a record or an error, never a
// panic, and a decoded record's texts and career can be read.
func FuzzCareersRecord(f *testing.F) {
	strs := &stringTable{num: map[string]uint64{}}
	for _, c := range edgeCareers() {
		b, err := appendRecord(nil, c, strs)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte{})
	f.Add([]byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01})
	f.Fuzz(func(t *testing.T, b []byte) {
		if raw, err := unsnappy(b); err == nil {
			if sc, err := decodeRecord(raw, strs.list); err == nil {
				sc.career()
			}
		}
		sc, err := decodeRecord(b, strs.list)
		if err != nil {
			return
		}
		sc.visitTexts(func(string, []uint64, []byte) {})
		sc.duty(0)
		sc.career() // may fail; must not panic
	})
}

// FuzzCareersFile: any file whose checksum holds opens or is refused with
// a reason, never a panic, and every id its table lists can be read.
func FuzzCareersFile(f *testing.F) {
	dir := f.TempDir()
	path := filepath.Join(dir, "seed")
	if err := writeCareersFile(path, edgeCareers()); err != nil {
		f.Fatal(err)
	}
	seed, err := os.ReadFile(path)
	if err != nil {
		f.Fatal(err)
	}
	f.Add(seed[:len(seed)-4])
	f.Add([]byte(careersFileMagic))
	f.Add(append([]byte(careersFileMagic), make([]byte, careersFooterSize-4)...))
	f.Fuzz(func(t *testing.T, body []byte) {
		// The body is given its checksum: what it would take a byte
		// flip to slip past it is what the table reader must survive.
		data := binary.LittleEndian.AppendUint32(body, crc32.Checksum(body, castagnoli))
		d := t.TempDir()
		if err := os.WriteFile(filepath.Join(d, careersFileName), data, 0o644); err != nil {
			t.Fatal(err)
		}
		cf, reason := openCareersFile(d)
		if reason != "" {
			if !strings.HasPrefix(reason, "careers file careers.bin ") || strings.Contains(reason, d) {
				t.Fatalf("reason %q", reason)
			}
			return
		}
		defer cf.Close()
		for _, id := range cf.ids {
			if sc, err := cf.read(id); err == nil {
				sc.career()
			}
		}
	})
}
