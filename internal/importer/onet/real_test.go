package onet

import (
	"os"
	"path/filepath"
	"testing"
	"time"
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
		t.Skipf("the real data is not here (%v); this test imports %s when it is", err, p)
	}
	return p
}

// TestImportOnetRealData imports the whole O*NET 30.1 database and checks that
// every career formats into a corpus file that reads back unchanged with no
// problem under the imported rules.
func TestImportOnetRealData(t *testing.T) {
	dir := sharedData(t, "onet-30.1")
	clusters := filepath.Join(sharedData(t, "onet-career-clusters"), "All_Career_Clusters.csv")
	start := time.Now()
	res, err := Import(dir, Options{ClustersFile: clusters})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("imported in %s: %+v", time.Since(start), res.Stats)
	if n := len(res.Careers); n != 1016 {
		t.Errorf("%d careers, want 1,016", n)
	}
	// Counts stated in ../shared/data/onet-30.1/SOURCE.md.
	st := res.Stats
	if st.CoreTasks != 13643 || st.SupplementalTasks != 4308 || st.UnratedTasks != 845 {
		t.Errorf("tasks: %d core, %d supplemental, %d n/a; want 13643, 4308, 845", st.CoreTasks, st.SupplementalTasks, st.UnratedTasks)
	}
	if st.JobZones != 923 || st.Related != 18460 || st.RelatedDropped != 0 {
		t.Errorf("job zones %d (want 923), related %d (want 18460), dropped %d", st.JobZones, st.Related, st.RelatedDropped)
	}
	if st.Aliases+st.AliasesSkipped != 56505 {
		t.Errorf("aliases %d + skipped %d, want 56,505 rows", st.Aliases, st.AliasesSkipped)
	}
	if st.Categories != 16 {
		t.Errorf("%d career clusters, want 16", st.Categories)
	}
	checkFormatParse(t, res.Careers)

	res, err = Import(dir, Options{NoAliases: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Stats.Categories != 23 {
		t.Errorf("%d SOC major groups, want 23", res.Stats.Categories)
	}
	checkFormatParse(t, res.Careers)
}
