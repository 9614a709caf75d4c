package eval

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writeONet writes a two-occupation Occupation Data.txt in O*NET's layout
// (tab-separated, CRLF) and returns its directory.
func writeONet(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	body := "O*NET-SOC Code\tTitle\tDescription\r\n" +
		"39-5011.00\tBarbers\tCut hair.\r\n" +
		"53-7051.00\tIndustrial Truck and Tractor Operators\tDrive forklifts.\r\n"
	if err := os.WriteFile(filepath.Join(dir, "Occupation Data.txt"), []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestONetPlainLoads(t *testing.T) {
	onetDir := writeONet(t)
	path := filepath.Join(t.TempDir(), "plain.jsonl")
	body := `{"query": "cut hair", "judgements": {"39-5011.00": 2}}` + "\n\n" +
		`{"query": "drive a forklift", "judgements": {"53-7051.00": 2, "39-5011.00": 1}}` + "\n"
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	b, err := ONetPlain(path, onetDir)
	if err != nil {
		t.Fatal(err)
	}
	if b.Name != "plain" || len(b.Queries) != 2 || b.Queries[1].Judgements["53-7051.00"] != 2 {
		t.Errorf("got %+v", b)
	}
	if want := path + ":3"; b.Queries[1].Source != want {
		t.Errorf("source %q, want %q", b.Queries[1].Source, want)
	}
}

func TestONetPlainLoadErrors(t *testing.T) {
	onetDir := writeONet(t)
	dir := t.TempDir()
	for _, c := range []struct {
		name, body, onet, want string
	}{
		// A code in the right form that the database does not hold, and a
		// SOC code without the O*NET suffix: both name file, line and ids.
		{"unknown.jsonl", `{"query": "a", "judgements": {"39-5011.00": 2}}` + "\n" +
			`{"query": "b", "judgements": {"99-9999.00": 1, "53-7051": 2}}` + "\n",
			onetDir, "unknown.jsonl:2: judgements of \"b\": [53-7051 99-9999.00]"},
		{"grade.jsonl", `{"query": "a", "judgements": {"39-5011.00": 5}}` + "\n", onetDir, "grade.jsonl:1:"},
		{"nodata.jsonl", `{"query": "a", "judgements": {"39-5011.00": 2}}` + "\n", filepath.Join(dir, "missing"), "Occupation Data.txt"},
	} {
		path := filepath.Join(dir, c.name)
		if err := os.WriteFile(path, []byte(c.body), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := ONetPlain(path, c.onet)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one containing %q", c.name, err, c.want)
		}
	}
}
