package esco

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// sharedData returns the shared data directory that sits beside the module
// root (../shared/data from the directory holding go.mod), skipping the test
// if name is not there.
func sharedData(t *testing.T, name string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("no go.mod above the test directory")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", name)
	if _, err := os.Stat(p); err != nil {
		t.Skipf("SKIPPED: the real ESCO data is not here (%v); this test imports %s when it is", err, p)
	}
	return p
}

// TestImportEscoRealData imports ESCO 1.1.1 as downloaded (the relations
// and skills from the zips, beside three extracted files) and checks the
// counts ../shared/data/esco-1.1.1/SOURCE.md states and a few known facts.
func TestImportEscoRealData(t *testing.T) {
	dir := sharedData(t, "esco-1.1.1")
	start := time.Now()
	res, err := Import(dir)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported in %s: %+v", time.Since(start), res.Stats)
	st := res.Stats
	if n := len(res.Careers); n != 3007 || st.Occupations != 3007 {
		t.Errorf("%d careers, want 3,007", n)
	}
	// occupationSkillRelations.csv has 123,855 links; 67 name the one
	// occupation that occupations_en.csv lacks.
	if got := st.Essential + st.Optional + st.SkillLinksRepeated + st.OrphanLinks - 1; got != 123855 {
		t.Errorf("skill links %d essential + %d optional + %d repeated + orphans = %d, want 123,855", st.Essential, st.Optional, st.SkillLinksRepeated, got)
	}
	if st.Essential != 64891 || st.Optional != 58897 || len(st.OrphanURIs) != 1 || st.WithoutSkills != 0 {
		t.Errorf("stats %+v", st)
	}
	// 1,248 occupation→occupation links, each both ways, less the orphan's.
	if st.Related != 2494 || st.Categories != 10 || res.Source.Release != "v1.1.1" {
		t.Errorf("related %d (want 2,494), categories %d (want 10), release %q", st.Related, st.Categories, res.Source.Release)
	}
	m := byID(t, res)
	welder := m["esco-welder"]
	if welder == nil || welder.Title != "Welder" || welder.Category != "Craft and related trades workers" {
		t.Fatalf("welder: %+v", welder)
	}
	if !hasSkill(welder, career.Skill{Name: "operate welding equipment"}) || !contains(welder.Related, "esco-pipe-welder") {
		t.Errorf("welder's skills or related: %+v", welder)
	}
	ds := m["esco-data-scientist"]
	if ds == nil || ds.Category != "Professionals" || !hasSkill(ds, career.Skill{Name: "Hadoop", Optional: true}) {
		t.Errorf("data scientist: %+v", ds)
	}
	python := 0
	for _, c := range res.Careers {
		for _, s := range c.Skills {
			if s.Name == "Python (computer programming)" {
				python++
			}
		}
		if len(c.Duties) != 0 || c.Summary == "" {
			t.Errorf("%s: %d duties, summary %q", c.ID, len(c.Duties), c.Summary)
		}
	}
	if python != 50 {
		t.Errorf("%d careers list Python (computer programming), want 50", python)
	}
	checkFormatParse(t, res.Careers)
}

func hasSkill(c *career.Career, s career.Skill) bool {
	for _, x := range c.Skills {
		if x == s {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// BenchmarkImportEsco reads the whole of ESCO 1.1.1 (the relations and
// skills from the zips) into careers; the write to files is measured by
// cmd/careers' BenchmarkImportEscoCommand.
func BenchmarkImportEsco(b *testing.B) {
	dir := sharedDataB(b, "esco-1.1.1")
	for b.Loop() {
		res, err := Import(dir)
		if err != nil {
			b.Fatal(err)
		}
		if len(res.Careers) != 3007 {
			b.Fatalf("%d careers", len(res.Careers))
		}
	}
}

func sharedDataB(b *testing.B, name string) string {
	p := filepath.Join("..", "..", "..", "..", "shared", "data", name)
	if _, err := os.Stat(p); err != nil {
		b.Skipf("SKIPPED: the real ESCO data is not here (%v)", err)
	}
	return p
}
