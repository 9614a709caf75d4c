package bleveindex

import (
	"bytes"
	"context"
	"encoding/binary"
	"hash/crc32"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/careersearch/careers/internal/career"
)

// damages are ways a generation on disk goes bad, each with what the
// error must say about it.
var damages = []struct {
	name   string
	damage func(t *testing.T, dir string)
	says   string
}{
	{"bytes flipped", func(t *testing.T, dir string) {
		editSegments(t, dir, func(b []byte) []byte { return flip(b, len(b)-40, len(b)-20) })
	}, "checksum does not match"},
	{"bytes flipped, checksum rewritten", func(t *testing.T, dir string) {
		// What zap cannot detect: Bleve then reads offsets out of range
		// and panics inside zapx; the panic must be caught.
		editSegments(t, dir, func(b []byte) []byte { return fixCRC(flip(b, len(b)-40, len(b)-20)) })
	}, "panicked"},
	{"truncated", func(t *testing.T, dir string) {
		editSegments(t, dir, func(b []byte) []byte { return b[:len(b)/2] })
	}, "checksum does not match"},
	{"emptied", func(t *testing.T, dir string) {
		editSegments(t, dir, func([]byte) []byte { return nil })
	}, "is truncated: 0 bytes"},
	{"segment deleted", func(t *testing.T, dir string) {
		segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
		for _, p := range segs {
			os.Remove(p)
		}
	}, "no segment files"},
	{"segment renamed", func(t *testing.T, dir string) {
		// Every segment file is whole, but not the one the snapshot lists:
		// Bleve loads no snapshot and then finds no mapping.
		segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
		for _, p := range segs {
			os.Rename(p, filepath.Join(filepath.Dir(p), "00000000ffff.zap"))
		}
	}, "snapshot did not load"},
	{"directory deleted", func(t *testing.T, dir string) {
		os.RemoveAll(dir)
	}, "directory is missing"},
	{"careers file bytes flipped", func(t *testing.T, dir string) {
		editCareersFile(t, dir, func(b []byte) []byte { return flip(b, len(b)/2, len(b)/2+10) })
	}, "careers file careers.bin is damaged: its checksum does not match"},
	{"careers file truncated", func(t *testing.T, dir string) {
		editCareersFile(t, dir, func(b []byte) []byte { return b[:len(b)-30] })
	}, "careers file careers.bin is damaged: its checksum does not match"},
	{"careers file emptied", func(t *testing.T, dir string) {
		editCareersFile(t, dir, func([]byte) []byte { return nil })
	}, "careers file careers.bin is truncated: 0 bytes"},
	{"careers file deleted", func(t *testing.T, dir string) {
		os.Remove(filepath.Join(dir, careersFileName))
	}, "it has no careers file (careers.bin)"},
	{"careers file table overwritten, checksum rewritten", func(t *testing.T, dir string) {
		// What the checksum cannot catch: the table must still be read
		// with care.
		editCareersFile(t, dir, func(b []byte) []byte {
			table := binary.LittleEndian.Uint64(b[len(b)-careersFooterSize+8:])
			for i := int(table); i < len(b)-careersFooterSize; i++ {
				b[i] = 0xff
			}
			return fixCareersCRC(b)
		})
	}, "careers file careers.bin is malformed"},
	{"careers file of another build", func(t *testing.T, dir string) {
		// Whole and well formed, but not the careers this index holds.
		path := filepath.Join(dir, careersFileName)
		os.Remove(path)
		if err := writeCareersFile(path, loadBasic(t)[:1]); err != nil {
			t.Fatal(err)
		}
	}, "its careers file holds 1 careers and its index 3"},
	{"tables file bytes flipped", func(t *testing.T, dir string) {
		editTablesFile(t, dir, func(b []byte) []byte { return flip(b, len(b)/2, len(b)/2+10) })
	}, "tables file tables.bin is damaged: its checksum does not match"},
	{"tables file truncated", func(t *testing.T, dir string) {
		editTablesFile(t, dir, func(b []byte) []byte { return b[:len(b)-30] })
	}, "tables file tables.bin is damaged: its checksum does not match"},
	{"tables file emptied", func(t *testing.T, dir string) {
		editTablesFile(t, dir, func([]byte) []byte { return nil })
	}, "tables file tables.bin is truncated: 0 bytes"},
	{"tables file deleted", func(t *testing.T, dir string) {
		os.Remove(filepath.Join(dir, tablesFileName))
	}, "it has no tables file (tables.bin)"},
	{"tables file directory overwritten, checksum rewritten", func(t *testing.T, dir string) {
		// What the checksum cannot catch: sections that lie outside the
		// file must be refused, not mapped.
		editTablesFile(t, dir, func(b []byte) []byte {
			at := binary.LittleEndian.Uint64(b[len(b)-tablesFooterSize:])
			for i := int(at) + 4; i < len(b)-tablesFooterSize; i++ {
				b[i] = 0xff
			}
			return fixTablesCRC(b)
		})
	}, "tables file tables.bin is malformed"},
	{"tables file section overwritten, checksum rewritten", func(t *testing.T, dir string) {
		editTablesFile(t, dir, func(b []byte) []byte {
			sec := tablesSectionAt(t, b, "titlelens.off")
			binary.LittleEndian.PutUint32(b[sec+4:], 0xffffff)
			return fixTablesCRC(b)
		})
	}, `tables file tables.bin: its section "titlelens.off" is not ascending`},
	{"tables file vocabulary overwritten, checksum rewritten", func(t *testing.T, dir string) {
		editTablesFile(t, dir, func(b []byte) []byte {
			b[tablesSectionAt(t, b, vocabKey)] = '['
			return fixTablesCRC(b)
		})
	}, "reading vocabulary of gen-"},
	{"tables file of an older format", func(t *testing.T, dir string) {
		// A generation built before the format changed: refused by its
		// header, so that `careers index --if-stale` rebuilds it.
		editTablesFile(t, dir, func(b []byte) []byte {
			b[len(tablesFileMagic)-1] = 1
			return fixTablesCRC(b)
		})
	}, "tables file tables.bin is of format 1 and this version reads format 2: it was built by an older version"},
	{"tables file of another build", func(t *testing.T, dir string) {
		// Whole and well formed, but not the careers this index holds.
		path := filepath.Join(dir, tablesFileName)
		os.Remove(path)
		m, err := NewMapping(ScoringBM25)
		if err != nil {
			t.Fatal(err)
		}
		one := []string{""}
		if err := writeTables(path, m.AnalyzerNamed(AnalyzerName), loadBasic(t)[:1], one, one, one, nil); err != nil {
			t.Fatal(err)
		}
	}, "its careers file holds 3 careers and its tables file 1"},
}

// editTablesFile rewrites the tables file of the generation in dir.
func editTablesFile(t *testing.T, dir string, edit func([]byte) []byte) {
	t.Helper()
	p := filepath.Join(dir, tablesFileName)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, edit(b), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixTablesCRC rewrites a tables file's checksum to match its contents.
func fixTablesCRC(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[len(b)-8:], crc32.Checksum(b[:len(b)-8], castagnoli))
	return b
}

// tablesSectionAt returns where the named section of a tables file starts.
func tablesSectionAt(t *testing.T, b []byte, name string) int {
	t.Helper()
	d := b[binary.LittleEndian.Uint64(b[len(b)-tablesFooterSize:]):]
	n := binary.LittleEndian.Uint32(d)
	d = d[4:]
	for range n {
		l := int(binary.LittleEndian.Uint16(d))
		if string(d[2:2+l]) == name {
			return int(binary.LittleEndian.Uint64(d[2+l:]))
		}
		d = d[2+l+16:]
	}
	t.Fatalf("no section %s", name)
	return 0
}

// editCareersFile rewrites the careers file of the generation in dir.
func editCareersFile(t *testing.T, dir string, edit func([]byte) []byte) {
	t.Helper()
	p := filepath.Join(dir, careersFileName)
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, edit(b), 0o644); err != nil {
		t.Fatal(err)
	}
}

// fixCareersCRC rewrites a careers file's checksum to match its contents.
func fixCareersCRC(b []byte) []byte {
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.Checksum(b[:len(b)-4], castagnoli))
	return b
}

func editSegments(t *testing.T, dir string, edit func([]byte) []byte) {
	t.Helper()
	segs, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	if len(segs) == 0 {
		t.Fatal("no segment file to damage")
	}
	for _, p := range segs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, edit(b), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func flip(b []byte, from, to int) []byte {
	for i := from; i < to; i++ {
		b[i] ^= 0xff
	}
	return b
}

// fixCRC rewrites zap's trailing CRC-32 to match the (damaged) contents.
func fixCRC(b []byte) []byte {
	binary.BigEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

// logged collects log records.
type logged struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logged) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logged) count(s string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return strings.Count(l.buf.String(), s)
}

// reloadCounter records OnReload's calls.
type reloadCounter struct {
	mu             sync.Mutex
	opened, failed int
	errs           []error
}

func (r *reloadCounter) hook(_ string, err error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if err != nil {
		r.failed++
		r.errs = append(r.errs, err)
		return
	}
	r.opened++
}

func (r *reloadCounter) counts() (int, int) {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.opened, r.failed
}

// TestDamagedGenerationIsNeverSwappedIn: the server serves a good
// generation; a rebuild links a generation that is then damaged. Reload
// fails with an error that says what is wrong, counted once and logged
// once however often the watcher polls, and searches go on from the good
// one; a later good build is picked up.
func TestDamagedGenerationIsNeverSwappedIn(t *testing.T) {
	careers := loadBasic(t)
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			root := t.TempDir()
			first, err := Build(context.Background(), root, careers, BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			var logs logged
			var reloads reloadCounter
			live := NewLiveObserved(root, DefaultOptions(), slog.New(slog.NewTextHandler(&logs, nil)), reloads.hook)
			defer live.Close()
			second, err := Build(context.Background(), root, careers[:3], BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			d.damage(t, filepath.Join(root, second.Generation))

			_, err = live.Reload()
			if err == nil || !strings.Contains(err.Error(), d.says) || strings.Contains(err.Error(), "mapping JSON") {
				t.Fatalf("reload: %v, want an error saying %q", err, d.says)
			}
			ctx, cancel := context.WithCancel(context.Background())
			go live.Watch(ctx, time.Millisecond)
			time.Sleep(100 * time.Millisecond) // about a hundred polls
			cancel()
			if _, failed := reloads.counts(); failed != 1 {
				t.Errorf("counted %d failures, want 1", failed)
			}
			if n := logs.count("level=ERROR"); n != 1 {
				t.Errorf("logged %d times, want once:\n%s", n, logs.buf.String())
			}
			res, err := live.Search(context.Background(), career.Query{Text: "data"})
			if err != nil || res.Generation != first.Generation || res.Total == 0 {
				t.Fatalf("search after the failed reload: %v %+v", err, res)
			}
			info, _ := live.Info(context.Background())
			if !strings.Contains(info.Problem, second.Generation) || !strings.Contains(info.Problem, d.says) || strings.Contains(info.Problem, root) {
				t.Errorf("problem %q, want one naming %s and %q without the path", info.Problem, second.Generation, d.says)
			}

			third, err := Build(context.Background(), root, careers, BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			if ok, err := live.Reload(); !ok || err != nil {
				t.Fatalf("the next good build: %v %v", ok, err)
			}
			info, _ = live.Info(context.Background())
			if info.Generation != third.Generation || info.Problem != "" {
				t.Errorf("after a good build: %+v", info)
			}
		})
	}
}

// TestStartWithDamagedGeneration: at start-up Live serves the newest
// generation that opens, and without any it starts anyway, answering
// EUNAVAILABLE with the reason and no path.
func TestStartWithDamagedGeneration(t *testing.T) {
	careers := loadBasic(t)
	for _, d := range damages {
		t.Run(d.name, func(t *testing.T) {
			root := t.TempDir()
			first, err := Build(context.Background(), root, careers, BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			second, err := Build(context.Background(), root, careers[:3], BuildOptions{})
			if err != nil {
				t.Fatal(err)
			}
			d.damage(t, filepath.Join(root, second.Generation))

			var reloads reloadCounter
			live := NewLiveObserved(root, DefaultOptions(), slog.New(slog.NewTextHandler(&logged{}, nil)), reloads.hook)
			res, err := live.Search(context.Background(), career.Query{Text: "data"})
			if err != nil || res.Generation != first.Generation {
				t.Fatalf("start-up did not fall back to %s: %v", first.Generation, err)
			}
			if _, failed := reloads.counts(); failed != 1 {
				t.Errorf("counted %d failures, want 1", failed)
			}
			if info, _ := live.Info(context.Background()); !strings.Contains(info.Problem, d.says) {
				t.Errorf("problem %q", info.Problem)
			}
			live.Close()

			// Now the older one goes bad too: nothing opens.
			d.damage(t, filepath.Join(root, first.Generation))
			live = NewLiveObserved(root, DefaultOptions(), slog.New(slog.NewTextHandler(&logged{}, nil)), nil)
			defer live.Close()
			_, err = live.Search(context.Background(), career.Query{Text: "data"})
			if career.ErrorCode(err) != career.EUNAVAILABLE || !strings.Contains(err.Error(), d.says) ||
				!strings.Contains(err.Error(), "careers index") || strings.Contains(err.Error(), root) {
				t.Errorf("search without a generation that opens: %v", err)
			}
			if info, err := live.Info(context.Background()); err == nil || !strings.Contains(info.Problem, second.Generation) {
				t.Errorf("info: %+v %v", info, err)
			}
		})
	}
}

// TestOpenDamagedSaysWhy: the CLI's Open names the damage and the
// directory, not a mapping it never had.
func TestOpenDamagedSaysWhy(t *testing.T) {
	root := t.TempDir()
	r, err := Build(context.Background(), root, loadBasic(t), BuildOptions{})
	if err != nil {
		t.Fatal(err)
	}
	editSegments(t, filepath.Join(root, r.Generation), func(b []byte) []byte { return b[:len(b)-100] })
	_, err = Open(root, DefaultOptions())
	if err == nil || !strings.Contains(err.Error(), "store/") || !strings.Contains(err.Error(), filepath.Join(root, r.Generation)) ||
		strings.Contains(err.Error(), "mapping JSON") {
		t.Errorf("got %v", err)
	}
}
