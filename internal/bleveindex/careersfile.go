package bleveindex

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"slices"
	"sort"
	"strings"

	"github.com/golang/snappy"

	"github.com/careersearch/careers/internal/career"
)

// Each generation keeps its careers once, in a file of its own beside the
// Bleve index (careersFileName), rather than as Bleve stored fields: Bleve
// indexes the texts and stores none of them. Stored fields held every text
// twice (each field, then the whole career as JSON), and loading a shown
// hit's stored document decompressed and copied every field.
//
// Layout (integers little-endian; "uvarint" and "varint" are
// encoding/binary's; a string is a uvarint length and its bytes):
//
//	header  "careers\x01" (8 bytes: name and format version)
//	records one per career, in the order they were indexed, each a
//	        snappy block
//	strings one snappy block: uvarint count, then each string: the values
//	        that repeat across careers (categories, skill names and notes,
//	        related ids, sources), each once; records refer to them by
//	        number
//	table   one entry per career, sorted by id:
//	        id (a string), uvarint record offset, uvarint record length
//	footer  strings offset (uint64), table offset (uint64), careers
//	        (uint32), CRC-32 (Castagnoli) of every byte before it (uint32)
//
// A record, once uncompressed:
//
//	title (string), category (uvarint: a number in strings), summary,
//	workplace (strings)
//	aliases          uvarint count+1 (0: nil), each a string
//	duties,          uvarint count+1 (0: nil), each the item's text as
//	specialisations  indexed (Item.String, a string), the length of its
//	                 name and where its description starts (uvarints)
//	related          uvarint count+1, each a number in strings
//	skills           uvarint count+1, each its name and note (numbers in
//	                 strings) and a byte of flags (1 hot technology,
//	                 2 in demand, 4 optional)
//	job zone         varint
//	source           uvarint 0 for none, or 1 and its dataset, release,
//	                 licence, URL and attribution (numbers in strings)
//
// Each record is compressed on its own (snappy, as zap compresses stored
// fields), so that a hit reads and decompresses its own record and no
// other; uncompressed, the file was half as large again.
//
// The highlighter needs the texts exactly as indexed (Bleve's term
// locations are byte offsets into them), so they are kept as given and an
// item's name and description are slices of its text, not copies. A hit on
// a results page decodes up to the specialisations; Career decodes the
// rest. The id is the table's key and is not repeated in the record.
// TestCareersFileKeepsEveryField fails when career.Career, Skill or Source
// gains a field that the record does not keep.
//
// The whole file's checksum is verified when a generation is opened, as
// the segments' are (damage.go), so that a damaged careers file keeps the
// generation from being served.
const (
	careersFileName   = "careers.bin"
	careersFileMagic  = "careers\x01"
	careersFooterSize = 8 + 8 + 4 + 4
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Flags of a stored skill, fixed by the file format (not rank's flags,
// which may change).
const (
	storedHot = 1 << iota
	storedInDemand
	storedOptional
)

// stringTable numbers the strings that records refer to, in the order
// they are first met.
type stringTable struct {
	num  map[string]uint64
	list []string
}

func (t *stringTable) add(s string) uint64 {
	if n, ok := t.num[s]; ok {
		return n
	}
	n := uint64(len(t.list))
	t.num[s] = n
	t.list = append(t.list, s)
	return n
}

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
	strs := &stringTable{num: map[string]uint64{}}
	var rec, comp []byte
	for i, c := range careers {
		if rec, err = appendRecord(rec[:0], c, strs); err != nil {
			return err
		}
		comp = snappy.Encode(comp[:cap(comp)], rec)
		w.Write(comp)
		offs[i], lens[i] = pos, uint64(len(comp))
		pos += uint64(len(comp))
	}
	stringsAt := pos
	var b []byte
	b = binary.AppendUvarint(b, uint64(len(strs.list)))
	for _, s := range strs.list {
		b = appendString(b, s)
	}
	comp = snappy.Encode(nil, b)
	w.Write(comp)
	pos += uint64(len(comp))
	order := make([]int, len(careers))
	for i := range order {
		order[i] = i
	}
	sort.Slice(order, func(a, b int) bool { return careers[order[a]].ID < careers[order[b]].ID })
	tableAt := pos
	for _, i := range order {
		b = appendString(b[:0], careers[i].ID)
		b = binary.AppendUvarint(b, offs[i])
		b = binary.AppendUvarint(b, lens[i])
		w.Write(b)
	}
	var foot [careersFooterSize]byte
	binary.LittleEndian.PutUint64(foot[0:], stringsAt)
	binary.LittleEndian.PutUint64(foot[8:], tableAt)
	binary.LittleEndian.PutUint32(foot[16:], uint32(len(careers)))
	w.Write(foot[:20])
	if err := w.Flush(); err != nil {
		return err
	}
	binary.LittleEndian.PutUint32(foot[20:], crc.Sum32())
	if _, err := f.Write(foot[20:]); err != nil {
		return err
	}
	return f.Sync()
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// appendCount writes a list's length, keeping a nil list apart from an
// empty one so that Career gives back what was indexed.
func appendCount(b []byte, isNil bool, n int) []byte {
	if isNil {
		return binary.AppendUvarint(b, 0)
	}
	return binary.AppendUvarint(b, uint64(n)+1)
}

// appendRecord appends c's record to b, numbering its repeated strings in
// strs.
func appendRecord(b []byte, c *career.Career, strs *stringTable) ([]byte, error) {
	b = appendString(b, c.Title)
	b = binary.AppendUvarint(b, strs.add(c.Category))
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
	b = appendCount(b, c.Related == nil, len(c.Related))
	for _, r := range c.Related {
		b = binary.AppendUvarint(b, strs.add(r))
	}
	b = appendCount(b, c.Skills == nil, len(c.Skills))
	for _, s := range c.Skills {
		b = binary.AppendUvarint(b, strs.add(s.Name))
		b = binary.AppendUvarint(b, strs.add(s.Note))
		var flags byte
		if s.HotTechnology {
			flags |= storedHot
		}
		if s.InDemand {
			flags |= storedInDemand
		}
		if s.Optional {
			flags |= storedOptional
		}
		b = append(b, flags)
	}
	b = binary.AppendVarint(b, int64(c.JobZone))
	if c.Source == nil {
		return binary.AppendUvarint(b, 0), nil
	}
	b = binary.AppendUvarint(b, 1)
	for _, s := range [...]string{c.Source.Dataset, c.Source.Release, c.Source.License, c.Source.URL, c.Source.Attribution} {
		b = binary.AppendUvarint(b, strs.add(s))
	}
	return b, nil
}

// careersFile is an open careers file: its table and strings in memory,
// its records read from disk when a hit is shown.
type careersFile struct {
	f *os.File
	// ids are the careers' ids, sorted; offs and lens locate each one's
	// record.
	ids  []string
	offs []uint64
	lens []uint32
	// strs are the strings records refer to by number.
	strs []string
}

// errNoCareer is what careersFile.read returns for an unknown id.
var errNoCareer = errors.New("no such career")

// openCareersFile opens the careers file of the generation in dir, checks
// its checksum and reads its table. On failure it returns a reason that
// holds no path, as checkSegments does.
func openCareersFile(dir string) (*careersFile, string) {
	f, reason := openGenerationFile(dir, "careers", careersFileName)
	if f == nil {
		return nil, reason
	}
	cf, reason := readCareersTable(f)
	if reason != "" {
		f.Close()
		return nil, fmt.Sprintf("careers file %s %s", careersFileName, reason)
	}
	return cf, ""
}

// readCareersTable verifies f and reads its strings and table.
func readCareersTable(f *os.File) (*careersFile, string) {
	unreadable := func(err error) string { return fmt.Sprintf("cannot be read (%s)", pathless(err, f.Name())) }
	fi, err := f.Stat()
	if err != nil {
		return nil, unreadable(err)
	}
	size := fi.Size()
	if size < int64(len(careersFileMagic)+careersFooterSize) {
		return nil, fmt.Sprintf("is truncated: %d bytes, shorter than its header and footer", size)
	}
	// The whole file is read once to check it, through a small buffer (a
	// large corpus's file is hundreds of megabytes); strings and table are
	// kept.
	crc := crc32.New(castagnoli)
	if _, err := io.Copy(crc, io.NewSectionReader(f, 0, size-4)); err != nil {
		return nil, unreadable(err)
	}
	var head [len(careersFileMagic)]byte
	var foot [careersFooterSize]byte
	if _, err := f.ReadAt(head[:], 0); err != nil {
		return nil, unreadable(err)
	}
	if _, err := f.ReadAt(foot[:], size-careersFooterSize); err != nil {
		return nil, unreadable(err)
	}
	if crc.Sum32() != binary.LittleEndian.Uint32(foot[20:]) {
		return nil, "is damaged: its checksum does not match its contents (truncated or overwritten)"
	}
	if string(head[:]) != careersFileMagic {
		return nil, "is not a careers file of this version (its header is wrong)"
	}
	stringsAt, tableAt := binary.LittleEndian.Uint64(foot[0:]), binary.LittleEndian.Uint64(foot[8:])
	n := int(binary.LittleEndian.Uint32(foot[16:]))
	end := uint64(size - careersFooterSize)
	if stringsAt < uint64(len(careersFileMagic)) || stringsAt > tableAt || tableAt > end {
		return nil, "is malformed: its strings or table lie outside the file"
	}
	tail := make([]byte, end-stringsAt)
	if _, err := f.ReadAt(tail, int64(stringsAt)); err != nil {
		return nil, unreadable(err)
	}
	strBlock, err := unsnappy(tail[:tableAt-stringsAt])
	if err != nil {
		return nil, "is malformed: its strings do not uncompress"
	}
	d := decoder{b: strBlock}
	ns := d.uvarint()
	if ns > uint64(len(d.b)) { // a string takes a byte at least
		return nil, "is malformed: its strings are cut short"
	}
	cf := &careersFile{f: f, strs: make([]string, ns)}
	for i := range cf.strs {
		cf.strs[i] = string(d.bytes())
	}
	if d.bad || len(d.b) != 0 {
		return nil, "is malformed: its strings are not as many as it says"
	}
	table := tail[tableAt-stringsAt:]
	if n > len(table)/3 { // an entry takes three bytes at least
		return nil, fmt.Sprintf("is malformed: its table is too short for %d careers", n)
	}
	cf.ids, cf.offs, cf.lens = make([]string, 0, n), make([]uint64, 0, n), make([]uint32, 0, n)
	d = decoder{b: table}
	for i := 0; i < n; i++ {
		id := d.bytes()
		off, ln := d.uvarint(), d.uvarint()
		if d.bad {
			return nil, fmt.Sprintf("is malformed: its table ends before entry %d of %d", i+1, n)
		}
		if off < uint64(len(careersFileMagic)) || off > stringsAt || ln > stringsAt-off {
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
	comp := make([]byte, cf.lens[i])
	if _, err := cf.f.ReadAt(comp, int64(cf.offs[i])); err != nil {
		return nil, fmt.Errorf("index: reading the record of %s: %w", id, err)
	}
	buf, err := unsnappy(comp)
	if err != nil {
		return nil, fmt.Errorf("index: the record of %s in %s: %w", id, careersFileName, errMalformed)
	}
	sc, err := decodeRecord(buf, cf.strs)
	if err != nil {
		return nil, fmt.Errorf("index: the record of %s in %s: %w", id, careersFileName, err)
	}
	sc.id = cf.ids[i]
	return sc, nil
}

// storedCareer is one decoded record: what a result page shows of a
// career. Its texts are slices of the record's buffer; the rest of the
// career (rest) is decoded only by career.
type storedCareer struct {
	id                           string
	category                     string
	title, summary, workplace    []byte
	aliases                      [][]byte
	duties, specialisations      []storedItem
	aliasesNil, dutiesNil, spNil bool
	rest                         []byte
	strs                         []string
}

// storedItem is a duty or specialisation: its text as indexed, and where
// in it its name ends and its description starts.
type storedItem struct {
	text       []byte
	name, desc int
}

var errMalformed = errors.New("malformed record")

// unsnappy uncompresses a snappy block, refusing one that claims to grow
// more than snappy can (a damaged length would otherwise allocate
// gigabytes).
func unsnappy(comp []byte) ([]byte, error) {
	n, err := snappy.DecodedLen(comp)
	if err != nil {
		return nil, err
	}
	if n > 64*len(comp)+64 {
		return nil, errMalformed
	}
	return snappy.Decode(make([]byte, n), comp)
}

func decodeRecord(b []byte, strs []string) (*storedCareer, error) {
	d := decoder{b: b, strs: strs}
	sc := &storedCareer{strs: strs, title: d.bytes(), category: d.str(), summary: d.bytes(), workplace: d.bytes()}
	var n int
	if n, sc.aliasesNil = d.count(); n > 0 {
		sc.aliases = make([][]byte, n)
		for i := range sc.aliases {
			sc.aliases[i] = d.bytes()
		}
	}
	sc.duties, sc.dutiesNil = d.items()
	sc.specialisations, sc.spNil = d.items()
	if d.bad {
		return nil, errMalformed
	}
	sc.rest = d.b
	return sc, nil
}

// decoder reads a record's or table's values; bad is set, and the rest
// read as empty, once a value runs past the end or names no string.
type decoder struct {
	b    []byte
	strs []string
	bad  bool
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

func (d *decoder) varint() int64 {
	if d.bad {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.bad = true
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) byte() byte {
	if d.bad || len(d.b) == 0 {
		d.bad = true
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
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

// str reads a number in the file's strings.
func (d *decoder) str() string {
	n := d.uvarint()
	if d.bad || n >= uint64(len(d.strs)) {
		d.bad = true
		return ""
	}
	return d.strs[n]
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

func (d *decoder) items() ([]storedItem, bool) {
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
	c := &career.Career{ID: sc.id, Title: string(sc.title), Category: sc.category,
		Summary: string(sc.summary), Workplace: string(sc.workplace)}
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
	c.Specialisations = items(sc.specialisations, sc.spNil)

	d := decoder{b: sc.rest, strs: sc.strs}
	if n, isNil := d.count(); !isNil {
		c.Related = make([]string, n)
		for i := range c.Related {
			c.Related[i] = d.str()
		}
	}
	if n, isNil := d.count(); !isNil {
		c.Skills = make([]career.Skill, n)
		for i := range c.Skills {
			s := &c.Skills[i]
			s.Name, s.Note = d.str(), d.str()
			flags := d.byte()
			s.HotTechnology, s.InDemand, s.Optional = flags&storedHot != 0, flags&storedInDemand != 0, flags&storedOptional != 0
		}
	}
	c.JobZone = int(d.varint())
	switch d.uvarint() {
	case 0:
	case 1:
		c.Source = &career.Source{Dataset: d.str(), Release: d.str(), License: d.str(), URL: d.str(), Attribution: d.str()}
	default:
		d.bad = true
	}
	if d.bad || len(d.b) != 0 {
		return nil, fmt.Errorf("index: the record of %s in %s: %w", sc.id, careersFileName, errMalformed)
	}
	return c, nil
}
