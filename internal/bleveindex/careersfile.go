package bleveindex

import (
	"bufio"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"github.com/careersearch/careers/internal/career"
)

// Each generation keeps its careers once, in a file of its own beside the
// Bleve index (careersFileName), rather than as Bleve stored fields: Bleve
// indexes the texts and stores none of them. Stored fields held every text
// twice (each field, then the whole career as JSON), were about half of
// the index on disk, and loading a shown hit's stored document walked
// every field through zap's stored-field decoder.
//
// Layout (integers little-endian; "uvarint" is encoding/binary's):
//
//	header  "careers\x01" (8 bytes: name and format version)
//	records one per career, in the order they were indexed
//	table   one entry per career, sorted by id:
//	        uvarint len(id), id, uvarint record offset, uvarint record length
//	footer  table offset (uint64), careers (uint32),
//	        CRC-32 (Castagnoli) of every byte before it (uint32)
//
// A record is the career's text fields as Bleve was given them, each a
// uvarint length and the bytes:
//
//	title, category, summary, workplace
//	aliases:         uvarint count+1 (0: none, nil), then each text
//	duties:          uvarint count+1, then each item's text (Item.String),
//	specialisations: uvarint length of its name, uvarint start of its description
//	rest:            the career as JSON with the fields above and its id
//	                 emptied (skills, links, source...), to the record's end
//
// The highlighter needs the texts exactly as indexed (Bleve's term
// locations are byte offsets into them), so they are kept as given and
// the items' names and descriptions are slices of them, not copies. A hit
// on a results page decodes the text part only; Career decodes the rest
// too. The id is the table's key and is not repeated in the record.
//
// The whole file's checksum is verified when a generation is opened, as
// the segments' are (damage.go), so that a damaged careers file keeps the
// generation from being served.
const (
	careersFileName   = "careers.bin"
	careersFileMagic  = "careers\x01"
	careersFooterSize = 8 + 4 + 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// writeCareersFile writes the careers file at path.
func writeCareersFile(path string, careers []*career.Career) (err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if err != nil {
		return err
	}
	defer func() {
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}()
	crc := crc32.New(castagnoli)
	w := bufio.NewWriterSize(io.MultiWriter(f, crc), 1<<16)
	pos := uint64(len(careersFileMagic))
	w.WriteString(careersFileMagic)
	offs := make([]uint64, len(careers))
	lens := make([]uint64, len(careers))
	var rec []byte
	for i, c := range careers {
		if rec, err = appendRecord(rec[:0], c); err != nil {
			return err
		}
		w.Write(rec)
		offs[i], lens[i] = pos, uint64(len(rec))
		pos += uint64(len(rec))
	}
	order := make([]int, len(careers))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return careers[order[a]].ID < careers[order[b]].ID })
	tableAt := pos
	var entry []byte
	for _, i := range order {
		entry = appendString(entry[:0], careers[i].ID)
		entry = binary.AppendUvarint(entry, offs[i])
		entry = binary.AppendUvarint(entry, lens[i])
		w.Write(entry)
	}
	var foot [careersFooterSize]byte
	binary.LittleEndian.PutUint64(foot[0:], tableAt)
	binary.LittleEndian.PutUint32(foot[8:], uint32(len(careers)))
	w.Write(foot[:12])
	if err := w.Flush(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(foot[12:], crc.Sum32())
	if _, err := f.Write(foot[12:]); err != nil {
		return err
	}
	return f.Sync()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendRecord appends c's record to b.
func appendRecord(b []byte, c *career.Career) ([]byte, error) {
	b = appendString(b, c.Title)
	b = appendString(b, c.Category)
	b = appendString(b, c.Summary)
	b = appendString(b, c.Workplace)
	b = appendCount(b, c.Aliases == nil, len(c.Aliases))
	for _, a := range c.Aliases {
		b = appendString(b, a)
	}
	for _, items := range [2][]career.Item{c.Duties, c.Specialisations} {
		b = appendCount(b, items == nil, len(items))
		for _, it := range items {
			text := it.String()
			desc := len(text) - len(it.Description)
			if !strings.HasPrefix(text, it.Name) || text[desc:] != it.Description {
				return nil, fmt.Errorf("index: %s: an item's text does not hold its name and description", c.ID)
			}
			b = appendString(b, text)
			b = binary.AppendUvarint(b, uint64(len(it.Name)))
			b = binary.AppendUvarint(b, uint64(desc))
		}
	}
	rest := *c
	rest.ID, rest.Title, rest.Category, rest.Summary, rest.Workplace = "", "", "", "", ""
	rest.Aliases, rest.Duties, rest.Specialisations = nil, nil, nil
	raw, err := json.Marshal(&rest)
	if err != nil {
		return nil, fmt.Errorf("index: %s: %w", c.ID, err)
	}
	return append(b, raw...), nil
}

// appendCount writes a list's length, keeping a nil list apart from an
// empty one so that Career gives back what was indexed.
func appendCount(b []byte, isNil bool, n int) []byte {
	if isNil {
		return binary.AppendUvarint(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

// careersFile is an open careers file: its table in memory, its records
// read from disk when a hit is shown.
type careersFile struct {
	f *os.File
	// ids are the careers' ids, sorted; offs and lens locate each one's
	// record.
	ids  []string
	offs []uint64
	lens []uint32
}

// errNoCareer is what careersFile.read returns for an unknown id.
var errNoCareer = errors.New("no such career")

// openCareersFile opens the careers file of the generation in dir, checks
// its checksum and reads its table. On failure it returns a reason that
// holds no path, as checkSegments does.
func openCareersFile(dir string) (*careersFile, string) {
	path := filepath.Join(dir, careersFileName)
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Sprintf("it has no careers file (%s); it was built by an older version", careersFileName)
		}
		return nil, fmt.Sprintf("careers file %s cannot be read (%s)", careersFileName, pathless(err, path))
	}
	cf, reason := readCareersTable(f)
	if reason != "" {
		f.Close()
		return nil, fmt.Sprintf("careers file %s %s", careersFileName, reason)
	}
	return cf, ""
}

// readCareersTable verifies f and reads its table.
func readCareersTable(f *os.File) (*careersFile, string) {
	fi, err := f.Stat()
	if err != nil {
		return nil, fmt.Sprintf("cannot be read (%s)", pathless(err, f.Name()))
	}
	size := fi.Size()
	if size < int64(len(careersFileMagic)+careersFooterSize) {
		return nil, fmt.Sprintf("is truncated: %d bytes, shorter than its header and footer", size)
	}
	// The whole file is read once to check it, through a small buffer (a
	// large corpus's file is hundreds of megabytes); the table is kept.
	crc := crc32.New(castagnoli)
	if _, err := io.Copy(crc, io.NewSectionReader(f, 0, size-4)); err != nil {
		return nil, fmt.Sprintf("cannot be read (%s)", pathless(err, f.Name()))
	}
	var head [len(careersFileMagic)]byte
	var foot [careersFooterSize]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return nil, fmt.Sprintf("cannot be read (%s)", pathless(err, f.Name()))
	}
	if _, err := f.ReadAt(foot[:], size-careersFooterSize); err != nil {
		return nil, fmt.Sprintf("cannot be read (%s)", pathless(err, f.Name()))
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(foot[12:]) {
		return nil, "is damaged: its checksum does not match its contents (truncated or overwritten)"
	}
	if string(head[:]) != careersFileMagic {
		return nil, "is not a careers file of this version (its header is wrong)"
	}
	tableAt := binary.LittleEndian.Uint64(foot[0:])
	n := int(binary.LittleEndian.Uint32(foot[8:]))
	recordsEnd := uint64(size - careersFooterSize)
	if tableAt < uint64(len(careersFileMagic)) || tableAt > recordsEnd {
		return nil, "is malformed: its table lies outside the file"
	}
	table := make([]byte, recordsEnd-tableAt)
	if _, err := f.ReadAt(table, int64(tableAt)); err != nil {
		return nil, fmt.Sprintf("cannot be read (%s)", pathless(err, f.Name()))
	}
	if n > len(table)/3 { // an entry takes three bytes at least
		return nil, fmt.Sprintf("is malformed: its table is too short for %d careers", n)
	}
	cf := &careersFile{f: f, ids: make([]string, 0, n), offs: make([]uint64, 0, n), lens: make([]uint32, 0, n)}
	d := decoder{b: table}
	for i := 0; i < n; i++ {
		id := d.bytes()
		off, ln := d.uvarint(), d.uvarint()
		if d.bad {
			return nil, fmt.Sprintf("is malformed: its table ends before entry %d of %d", i+1, n)
		}
		if off < uint64(len(careersFileMagic)) || ln > tableAt-off || off > tableAt {
			return nil, fmt.Sprintf("is malformed: the record of %q lies outside the records", id)
		}
		if i > 0 && string(id) <= cf.ids[i-1] {
			return nil, fmt.Sprintf("is malformed: its table is not in id order at %q", id)
		}
		cf.ids = append(cf.ids, string(id))
		cf.offs = append(cf.offs, off)
		cf.lens = append(cf.lens, uint32(ln))
	}
	if len(d.b) != 0 {
		return nil, "is malformed: bytes follow the last table entry"
	}
	return cf, ""
}

// Close closes the file.
func (cf *careersFile) Close() error { return cf.f.Close() }

// read returns the stored record of the career id, or errNoCareer.
func (cf *careersFile) read(id string) (*storedCareer, error) {
	i, ok := slices.BinarySearch(cf.ids, id)
	if !ok {
		return nil, fmt.Errorf("%w: %q", errNoCareer, id)
	}
	buf := make([]byte, cf.lens[i])
	if _, err := cf.f.ReadAt(buf, int64(cf.offs[i])); err != nil {
		return nil, fmt.Errorf("index: reading the record of %s: %w", id, err)
	}
	sc, err := decodeRecord(buf)
	if err != nil {
		return nil, fmt.Errorf("index: the record of %s in %s: %w", id, careersFileName, err)
	}
	sc.id = cf.ids[i]
	return sc, nil
}

// storedCareer is one decoded record. Its texts are slices of the record's
// buffer; rest is decoded only by career.
type storedCareer struct {
	id                                  string
	title, category, summary, workplace []byte
	aliases                             [][]byte
	duties, specialisations             []storedItem
	aliasesNil, dutiesNil, specsNil     bool
	rest                                []byte
}

// storedItem is a duty or specialisation: its text as indexed, and where
// in it its name ends and its description starts.
type storedItem struct {
	text       []byte
	name, desc int
}

func decodeRecord(b []byte) (*storedCareer, error) {
	d := decoder{b: b}
	sc := &storedCareer{title: d.bytes(), category: d.bytes(), summary: d.bytes(), workplace: d.bytes()}
	var n int
	if n, sc.aliasesNil = d.count(); n > 0 {
		sc.aliases = make([][]byte, n)
		for i := range sc.aliases {
			sc.aliases[i] = d.bytes()
		}
	}
	items := func() ([]storedItem, bool) {
		n, isNil := d.count()
		if n == 0 {
			return nil, isNil
		}
		out := make([]storedItem, n)
		for i := range out {
			text := d.bytes()
			name, desc := d.uvarint(), d.uvarint()
			if d.bad || name > uint64(len(text)) || desc > uint64(len(text)) {
				d.bad = true
				return nil, false
			}
			out[i] = storedItem{text: text, name: int(name), desc: int(desc)}
		}
		return out, false
	}
	sc.duties, sc.dutiesNil = items()
	sc.specialisations, sc.specsNil = items()
	if d.bad {
		return nil, errors.New("malformed record")
	}
	sc.rest = d.b
	return sc, nil
}

// decoder reads a record's or table's values; bad is set, and the rest
// read as empty, once a value runs past the end.
type decoder struct {
	b   []byte
	bad bool
}

func (d *decoder) uvarint() uint64 {
	if d.bad {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) bytes() []byte {
	n := d.uvarint()
	if d.bad || n > uint64(len(d.b)) {
		d.bad = true
		return nil
	}
	s := d.b[:n:n]
	d.b = d.b[n:]
	return s
}

// count reads a list's length as appendCount wrote it.
func (d *decoder) count() (n int, isNil bool) {
	v := d.uvarint()
	if d.bad || v == 0 {
		return 0, !d.bad
	}
	if v-1 > uint64(len(d.b)) { // every element takes a byte at least
		d.bad = true
		return 0, false
	}
	return int(v - 1), false
}

// positions holds the array positions of the items of a multi-valued
// field, shared, so that visiting a career's texts allocates none.
var positions = func() [][]uint64 {
	p := make([][]uint64, 256)
	for i := range p {
		p[i] = []uint64{uint64(i)}
	}
	return p
}()

func arrayPosition(i int) []uint64 {
	if i < len(positions) {
		return positions[i]
	}
	return []uint64{uint64(i)}
}

// visitTexts calls visit with each text value of the career as it was
// given to Bleve: its field, its array position (nil for a field of one
// value) and the text, in the order Bleve's document held them.
func (sc *storedCareer) visitTexts(visit func(field string, ap []uint64, text []byte)) {
	visit(career.FieldTitle, nil, sc.title)
	for i, a := range sc.aliases {
		visit(career.FieldAliases, arrayPosition(i), a)
	}
	visit(career.FieldSummary, nil, sc.summary)
	for i, it := range sc.duties {
		visit(career.FieldDuties, arrayPosition(i), it.text)
	}
	for i, it := range sc.specialisations {
		visit(career.FieldSpecialisations, arrayPosition(i), it.text)
	}
	visit(career.FieldWorkplace, nil, sc.workplace)
}

// duty returns the text of the duty at pos, or "".
func (sc *storedCareer) duty(pos int) string {
	if pos < 0 || pos >= len(sc.duties) {
		return ""
	}
	return string(sc.duties[pos].text)
}

// career rebuilds the whole career.
func (sc *storedCareer) career() (*career.Career, error) {
	var c career.Career
	if err := json.Unmarshal(sc.rest, &c); err != nil {
		return nil, fmt.Errorf("index: decoding career %s: %w", sc.id, err)
	}
	c.ID, c.Title, c.Category = sc.id, string(sc.title), string(sc.category)
	c.Summary, c.Workplace = string(sc.summary), string(sc.workplace)
	if !sc.aliasesNil {
		c.Aliases = make([]string, len(sc.aliases))
		for i, a := range sc.aliases {
			c.Aliases[i] = string(a)
		}
	}
	items := func(in []storedItem, isNil bool) []career.Item {
		if isNil {
			return nil
		}
		out := make([]career.Item, len(in))
		for i, it := range in {
			out[i] = career.Item{Name: string(it.text[:it.name]), Description: string(it.text[it.desc:])}
		}
		return out
	}
	c.Duties = items(sc.duties, sc.dutiesNil)
	c.Specialisations = items(sc.specialisations, sc.specsNil)
	return &c, nil
}
