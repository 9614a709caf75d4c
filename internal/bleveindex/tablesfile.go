package bleveindex

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"hash"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"syscall"
	"unsafe"
)

// Each generation keeps the tables a search reads besides the Bleve index
// (suggestions, title and duty lengths, related careers, vocabulary, ...)
// in a file of its own beside it (tablesFileName), mapped into memory
// when the generation opens. They used to be JSON values inside Bleve's
// Bolt store; scorch holds every internal value in the heap while the
// index is open, and each was decoded again into maps of strings, so a
// generation of 100,000 careers cost hundreds of megabytes of heap before
// its first search, and twice that while a rebuilt one was picked up. Now
// the big tables are arrays read in place from the mapping: opening costs
// the few small tables still decoded, and the pages of the others are
// file-backed, shared with the page cache and dropped under pressure.
//
// Layout (integers little-endian):
//
//	header    "ctables\x02" (8 bytes: name and format version; format 1
//	          held the lengths as int64 and the suggestion index in arrays
//	          of int32)
//	sections  each at a multiple of 8 bytes from the start, so that
//	          arrays of int32 can be read in place
//	directory uint32 count, then per section: uint16 name length, the
//	          name, uint64 offset, uint64 length
//	footer    directory offset (uint64), CRC-32 (Castagnoli) of every
//	          byte before it (uint32), 4 zero bytes
//
// A section is bytes, an array of int32, or a string table: a
// section "NAME.off" of n+1 uint32 offsets into a section "NAME" that
// holds the n strings end to end.
//
// The file is mapped with syscall.Mmap (read-only, shared): the standard
// library's, and unlike golang.org/x/exp/mmap's ReaderAt, which copies on
// every read, it gives slices over the mapping itself. Nothing read from
// the mapping may outlive the Index: strings handed out are copied.
const (
	tablesFileName   = "tables.bin"
	tablesFileMagic  = "ctables\x02"
	tablesFooterSize = 16
)

// tablesWriter writes a tables file section by section.
type tablesWriter struct {
	f   *os.File
	w   *bufio.Writer
	crc hash.Hash32
	at  uint64
	dir []tablesSection
	err error
}

type tablesSection struct {
	name      string
	off, size uint64
}

func createTablesFile(path string) (*tablesWriter, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	t := &tablesWriter{f: f, crc: crc32.New(castagnoli)}
	t.w = bufio.NewWriterSize(io.MultiWriter(f, t.crc), 1<<16)
	t.write([]byte(tablesFileMagic))
	return t, nil
}

func (t *tablesWriter) write(b []byte) {
	if t.err != nil {
		return
	}
	_, t.err = t.w.Write(b)
	t.at += uint64(len(b))
}

// pad aligns the next section to 8 bytes.
func (t *tablesWriter) pad() {
	var zero [8]byte
	if r := t.at % 8; r != 0 {
		t.write(zero[:8-r])
	}
}

// bytes writes a section of raw bytes.
func (t *tablesWriter) bytes(name string, b []byte) {
	t.begin(name, len(b))
	t.write(b)
}

// begin starts a section of size bytes; its contents follow through
// write.
func (t *tablesWriter) begin(name string, size int) {
	t.pad()
	t.dir = append(t.dir, tablesSection{name, t.at, uint64(size)})
}

// words writes n little-endian numbers of width bytes each, value(i)
// giving the i-th, through a small buffer: no copy of the array is made.
func (t *tablesWriter) words(name string, n, width int, value func(i int) uint64) {
	t.begin(name, n*width)
	var buf [1 << 12]byte
	at := 0
	for i := range n {
		if at+width > len(buf) {
			t.write(buf[:at])
			at = 0
		}
		if width == 4 {
			binary.LittleEndian.PutUint32(buf[at:], uint32(value(i)))
		} else {
			binary.LittleEndian.PutUint64(buf[at:], value(i))
		}
		at += width
	}
	t.write(buf[:at])
}

func (t *tablesWriter) int32s(name string, v []int32) {
	t.words(name, len(v), 4, func(i int) uint64 { return uint64(uint32(v[i])) })
}

func (t *tablesWriter) uint32s(name string, v []uint32) {
	t.words(name, len(v), 4, func(i int) uint64 { return uint64(v[i]) })
}

// The suggest index writes itself through these (suggest.SectionWriter).

func (t *tablesWriter) Int32s(name string, v []int32) { t.int32s("suggest."+name, v) }
func (t *tablesWriter) String(name string, s string) {
	t.begin("suggest."+name, len(s))
	if t.err == nil {
		_, t.err = t.w.WriteString(s)
		t.at += uint64(len(s))
	}
}

// strings writes a string table: NAME.off and NAME.
func (t *tablesWriter) strings(name string, ss []string) {
	off := make([]uint32, len(ss)+1)
	n := 0
	for i, s := range ss {
		n += len(s)
		off[i+1] = uint32(n)
	}
	if n > math.MaxUint32 {
		t.err = fmt.Errorf("string table %s holds more than 4 GB", name)
		return
	}
	t.uint32s(name+".off", off)
	t.begin(name, n)
	for _, s := range ss {
		if t.err == nil {
			_, t.err = t.w.WriteString(s)
			t.at += uint64(len(s))
		}
	}
}

// close writes the directory and footer and closes the file.
func (t *tablesWriter) close() error {
	t.pad()
	dirAt := t.at
	var b []byte
	b = binary.LittleEndian.AppendUint32(b, uint32(len(t.dir)))
	for _, s := range t.dir {
		b = binary.LittleEndian.AppendUint16(b, uint16(len(s.name)))
		b = append(b, s.name...)
		b = binary.LittleEndian.AppendUint64(b, s.off)
		b = binary.LittleEndian.AppendUint64(b, s.size)
	}
	t.write(b)
	t.write(binary.LittleEndian.AppendUint64(nil, dirAt))
	if t.err == nil {
		t.err = t.w.Flush()
	}
	if t.err == nil {
		var foot [8]byte
		binary.LittleEndian.PutUint32(foot[:], t.crc.Sum32())
		_, t.err = t.f.Write(foot[:])
	}
	if t.err == nil {
		t.err = t.f.Sync()
	}
	if err := t.f.Close(); t.err == nil {
		t.err = err
	}
	return t.err
}

// tablesFile is an open tables file: its mapping and its sections.
type tablesFile struct {
	data     []byte
	sections map[string][]byte
}

// littleEndian reports whether this machine is little-endian, so that an
// int32 section can be used as []int32 in place.
var littleEndian = binary.NativeEndian.Uint16([]byte{1, 0}) == 1

// openTablesFile opens and maps the tables file of the generation in dir
// after checking its checksum. On failure it returns a reason that holds
// no path, as checkSegments does.
func openTablesFile(dir string) (*tablesFile, string) {
	f, reason := openGenerationFile(dir, "tables", tablesFileName)
	if f == nil {
		return nil, reason
	}
	defer f.Close()
	tf, reason := readTablesFile(f)
	if reason != "" {
		return nil, fmt.Sprintf("tables file %s %s", tablesFileName, reason)
	}
	return tf, ""
}

func readTablesFile(f *os.File) (*tablesFile, string) {
	unreadable := func(err error) string { return fmt.Sprintf("cannot be read (%s)", pathless(err, f.Name())) }
	fi, err := f.Stat()
	if err != nil {
		return nil, unreadable(err)
	}
	size := fi.Size()
	if size < int64(len(tablesFileMagic)+4+tablesFooterSize) {
		return nil, fmt.Sprintf("is truncated: %d bytes, shorter than its header and footer", size)
	}
	if size > math.MaxInt-1 {
		return nil, "is too large to map"
	}
	// The checksum is computed through read calls, not the mapping, so
	// that checking it does not make every page resident in this process.
	crc := crc32.New(castagnoli)
	if _, err := io.Copy(crc, io.NewSectionReader(f, 0, size-8)); err != nil {
		return nil, unreadable(err)
	}
	var foot [tablesFooterSize]byte
	if _, err := f.ReadAt(foot[:], size-tablesFooterSize); err != nil {
		return nil, unreadable(err)
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(foot[8:]) {
		return nil, "is damaged: its checksum does not match its contents (truncated or overwritten)"
	}
	data, err := syscall.Mmap(int(f.Fd()), 0, int(size), syscall.PROT_READ, syscall.MAP_SHARED)
	if err != nil {
		return nil, fmt.Sprintf("cannot be mapped (%v)", err)
	}
	tf := &tablesFile{data: data, sections: map[string][]byte{}}
	fail := func(reason string) (*tablesFile, string) {
		tf.close()
		return nil, reason
	}
	if magic := string(data[:len(tablesFileMagic)]); magic != tablesFileMagic {
		name, version := tablesFileMagic[:len(tablesFileMagic)-1], tablesFileMagic[len(tablesFileMagic)-1]
		if magic[:len(name)] == name {
			by := "an older"
			if magic[len(name)] > version {
				by = "a newer"
			}
			return fail(fmt.Sprintf("is of format %d and this version reads format %d: it was built by %s version", magic[len(name)], version, by))
		}
		return fail("is not a tables file (its header is wrong)")
	}
	end := uint64(size - tablesFooterSize)
	dirAt := binary.LittleEndian.Uint64(foot[:])
	if dirAt < uint64(len(tablesFileMagic)) || dirAt+4 > end {
		return fail("is malformed: its directory lies outside the file")
	}
	d := data[dirAt:end]
	n := binary.LittleEndian.Uint32(d)
	d = d[4:]
	for range n {
		if len(d) < 2 {
			return fail("is malformed: its directory is cut short")
		}
		l := int(binary.LittleEndian.Uint16(d))
		if len(d) < 2+l+16 {
			return fail("is malformed: its directory is cut short")
		}
		name := string(d[2 : 2+l])
		off, sz := binary.LittleEndian.Uint64(d[2+l:]), binary.LittleEndian.Uint64(d[2+l+8:])
		d = d[2+l+16:]
		if off < uint64(len(tablesFileMagic)) || off%8 != 0 || sz > dirAt || off > dirAt-sz {
			return fail(fmt.Sprintf("is malformed: its section %q lies outside the file", name))
		}
		tf.sections[name] = data[off : off+sz : off+sz]
	}
	if len(d) != 0 {
		return fail("is malformed: its directory is longer than it says")
	}
	return tf, ""
}

// close unmaps the file; nothing read from it in place may be used after.
func (tf *tablesFile) close() error {
	if tf == nil || tf.data == nil {
		return nil
	}
	err := syscall.Munmap(tf.data)
	tf.data, tf.sections = nil, nil
	return err
}

// errTables is the error of a missing or malformed section.
type errTables struct{ section, what string }

func (e errTables) Error() string { return fmt.Sprintf("its section %q %s", e.section, e.what) }

// raw returns a section's bytes.
func (tf *tablesFile) raw(name string) ([]byte, error) {
	b, ok := tf.sections[name]
	if !ok {
		return nil, errTables{name, "is missing"}
	}
	return b, nil
}

// int32s returns a section as []int32, in place.
func (tf *tablesFile) int32s(name string) ([]int32, error) {
	b, err := tf.raw(name)
	if err != nil {
		return nil, err
	}
	if len(b)%4 != 0 {
		return nil, errTables{name, "is not an array of 32-bit numbers"}
	}
	if len(b) == 0 {
		return []int32{}, nil
	}
	if !littleEndian {
		out := make([]int32, len(b)/4)
		for i := range out {
			out[i] = int32(binary.LittleEndian.Uint32(b[4*i:]))
		}
		return out, nil
	}
	return unsafe.Slice((*int32)(unsafe.Pointer(&b[0])), len(b)/4), nil
}

// uint32s returns a section as []uint32, in place.
func (tf *tablesFile) uint32s(name string) ([]uint32, error) {
	v, err := tf.int32s(name)
	if err != nil || len(v) == 0 {
		return []uint32{}, err
	}
	return unsafe.Slice((*uint32)(unsafe.Pointer(&v[0])), len(v)), nil
}

// offsets returns NAME.off, checked against want entries (-1: any) and
// the length of what it indexes: ascending, ending within size.
func (tf *tablesFile) offsets(name string, want, size int) ([]uint32, error) {
	off, err := tf.uint32s(name + ".off")
	if err != nil {
		return nil, err
	}
	if len(off) == 0 || want >= 0 && len(off) != want+1 {
		return nil, errTables{name + ".off", fmt.Sprintf("does not hold %d entries", want)}
	}
	if off[0] != 0 || int(off[len(off)-1]) != size {
		return nil, errTables{name + ".off", "does not cover its table"}
	}
	for i := 1; i < len(off); i++ {
		if off[i] < off[i-1] {
			return nil, errTables{name + ".off", "is not ascending"}
		}
	}
	return off, nil
}

// strTable is a table of strings end to end, read in place.
type strTable struct {
	off  []uint32
	data string
}

// stringTable reads the string table NAME of n strings (-1: any).
func (tf *tablesFile) stringTable(name string, n int) (strTable, error) {
	b, err := tf.raw(name)
	if err != nil {
		return strTable{}, err
	}
	off, err := tf.offsets(name, n, len(b))
	if err != nil {
		return strTable{}, err
	}
	return strTable{off: off, data: unsafe.String(unsafe.SliceData(b), len(b))}, nil
}

func (s strTable) len() int { return max(len(s.off)-1, 0) }

// at returns string i, in place: copy it before it leaves the Index.
func (s strTable) at(i int) string { return s.data[s.off[i]:s.off[i+1]] }

// intTable is a table of int32 lists: list i is vals[off[i]:off[i+1]]
// (lengths, or career ordinals, which are checked where they are used, not
// here: checking them all would make every page resident at open).
type intTable struct {
	off  []uint32
	vals []int32
}

func (tf *tablesFile) intTable(name string, n int) (intTable, error) {
	vals, err := tf.int32s(name)
	if err != nil {
		return intTable{}, err
	}
	off, err := tf.offsets(name, n, len(vals))
	return intTable{off: off, vals: vals}, err
}

// list returns list i; nil when it is empty, as the maps it replaces.
func (t intTable) list(i int) []int32 {
	a, b := t.off[i], t.off[i+1]
	if a == b {
		return nil
	}
	return t.vals[a:b:b]
}

// intLists writes n lists of int32s as NAME.off and NAME, list(i) giving
// the i-th; it is called twice per list (offsets, then values), so that no
// list outlives its writing.
func (t *tablesWriter) intLists(name string, n int, list func(i int) []int32) {
	off := make([]uint32, n+1)
	for i := range n {
		off[i+1] = off[i] + uint32(len(list(i)))
	}
	t.uint32s(name+".off", off)
	t.begin(name, 4*int(off[n]))
	var buf [1 << 12]byte
	at := 0
	for i := range n {
		for _, v := range list(i) {
			if at+4 > len(buf) {
				t.write(buf[:at])
				at = 0
			}
			binary.LittleEndian.PutUint32(buf[at:], uint32(v))
			at += 4
		}
	}
	t.write(buf[:at])
}

// ordLists writes lists of ordinals as NAME.off and NAME (int32).
func (t *tablesWriter) ordLists(name string, lists [][]int32) {
	t.intLists(name, len(lists), func(i int) []int32 { return lists[i] })
}

// TablesSection is one section of a generation's tables file and its size.
type TablesSection struct {
	Name  string
	Bytes int64
}

// TablesSections lists the sections of the tables file of the current
// generation under root, in file order, with the file's whole size: what
// each table costs on disk (careers-bench tables).
func TablesSections(root string) (sections []TablesSection, total int64, err error) {
	gen, err := CurrentGeneration(root)
	if err != nil {
		return nil, 0, err
	}
	dir := gen
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(root, gen)
	}
	tf, reason := openTablesFile(dir)
	if tf == nil {
		return nil, 0, fmt.Errorf("generation %s: %s", gen, reason)
	}
	defer tf.close()
	for name, b := range tf.sections {
		sections = append(sections, TablesSection{name, int64(len(b))})
	}
	base := uintptr(unsafe.Pointer(unsafe.SliceData(tf.data)))
	at := func(s TablesSection) uintptr {
		b := tf.sections[s.Name]
		if len(b) == 0 {
			return 0
		}
		return uintptr(unsafe.Pointer(unsafe.SliceData(b))) - base
	}
	sort.Slice(sections, func(i, j int) bool { return at(sections[i]) < at(sections[j]) })
	return sections, int64(len(tf.data)), nil
}
