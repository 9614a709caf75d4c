package bleveindex

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// GenerationError says why a generation could not be opened. Reason names
// the damage without the server's paths, so it may be shown to clients;
// Error adds the directory for the log.
type GenerationError struct {
	// Gen is the generation's directory name (gen-<time>).
	Gen string
	// Dir is its full path.
	Dir string
	// Reason is what is wrong, in words that hold no path.
	Reason string
	// Err is Bleve's error, if it gave one.
	Err error
}

func (e *GenerationError) Error() string {
	return fmt.Sprintf("index: generation %s cannot be opened: %s; rebuild it with `careers index`", e.Dir, e.Reason)
}

func (e *GenerationError) Unwrap() error { return e.Err }

// segmentFooterMin is the shortest a zap segment file can be: its footer
// alone ends in the version and a CRC-32 of everything before the CRC.
const segmentFooterMin = 4 + 4 + 4 + 8 + 8 + 8 + 8

// checkSegments verifies the checksum of every segment file of the
// generation in dir, as zap writes it in the last four bytes of each, and
// returns what is wrong ("" when all hold). It reads each file once, which
// costs about what the first searches would read anyway.
func checkSegments(dir string) string {
	store := filepath.Join(dir, "store")
	entries, err := os.ReadDir(store)
	if err != nil {
		return fmt.Sprintf("its store directory cannot be read (%s)", pathless(err, dir))
	}
	segments := 0
	for _, e := range entries {
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".zap") {
			continue
		}
		segments++
		if reason := checkSegment(filepath.Join(store, e.Name())); reason != "" {
			return fmt.Sprintf("segment file store/%s %s", e.Name(), reason)
		}
	}
	if segments == 0 {
		return "it has no segment files (store/*.zap)"
	}
	return ""
}

// checkSegment checks one zap file's trailing CRC-32.
func checkSegment(path string) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("cannot be read (%s)", pathless(err, path))
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return fmt.Sprintf("cannot be read (%s)", pathless(err, path))
	}
	if fi.Size() < segmentFooterMin {
		return fmt.Sprintf("is truncated: %d bytes, shorter than a segment's footer", fi.Size())
	}
	h := crc32.NewIEEE()
	if _, err := io.CopyN(h, f, fi.Size()-4); err != nil {
		return fmt.Sprintf("cannot be read (%s)", pathless(err, path))
	}
	var stored [4]byte
	if _, err := io.ReadFull(f, stored[:]); err != nil {
		return fmt.Sprintf("cannot be read (%s)", pathless(err, path))
	}
	if h.Sum32() != binary.BigEndian.Uint32(stored[:]) {
		return "is damaged: its checksum does not match its contents (truncated or overwritten)"
	}
	return ""
}

// openFailure words Bleve's error on opening a generation whose segments
// passed their checksums. A snapshot that fails to load leaves Bleve with
// no mapping, and it then reports "error parsing mapping JSON": say what
// that means.
func openFailure(err error, dir, gen string) string {
	msg := err.Error()
	if strings.Contains(msg, "error parsing mapping JSON") {
		return "its snapshot did not load (a segment file it lists is missing or unreadable)"
	}
	var pe *os.PathError
	if errors.As(err, &pe) {
		return fmt.Sprintf("%s: %s", filepath.Base(pe.Path), pe.Err)
	}
	return "Bleve could not open it: " + strings.ReplaceAll(msg, dir, gen)
}

// pathless is err's message with path replaced by its last element, for
// messages that clients may see.
func pathless(err error, path string) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return strings.ReplaceAll(err.Error(), path, filepath.Base(path))
}

// openGenerationFile opens the file name of the generation in dir, which
// holds its kind ("careers", "tables"). On failure it returns a reason that
// holds no path: a missing file means a generation built by an older
// version.
func openGenerationFile(dir, kind, name string) (*os.File, string) {
	path := filepath.Join(dir, name)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Sprintf("it has no %s file (%s); it was built by an older version", kind, name)
		}
		return nil, fmt.Sprintf("%s file %s cannot be read (%s)", kind, name, pathless(err, path))
	}
	return f, ""
}
