package importers

import (
	"archive/zip"
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"

	"cartera/data"
)

// Limits that keep a hostile or broken file from exhausting memory.
const (
	maxUnzipped   = 1 << 30  // an .xlsx that unpacks to more than 1 GiB is refused (zip bombs)
	maxXMLInRAM   = 16 << 20 // larger sheets stream through a temporary file
	maxCellBytes  = 32 << 10 // a longer cell is an error, not a value
	maxColumns    = 1024     // columns past this are ignored
	sniffBytes    = 64 << 10
	progressEvery = 1000
)

// Book is an opened spreadsheet or CSV file.
type Book struct {
	Path     string
	Sheets   []string // one, named after the file, for CSV
	Encoding string   // CSV: "UTF-8", "Windows-1252" or "UTF-16"
	Delim    rune     // CSV delimiter
	size     int64
	xlsx     *excelize.File
	date1904 bool
}

// Open reads enough of path to know what it is. Files that are not a
// spreadsheet or CSV get a sentence saying what to do.
func Open(path string) (*Book, error) {
	name := filepath.Base(path)
	st, err := os.Stat(path)
	if err != nil {
		return nil, data.Wrap(err, data.ENOTFOUND, "%s could not be opened.", name)
	}
	if st.IsDir() {
		return nil, data.Errorf(data.EINVALID, "%s is a folder, not a file.", name)
	}
	if st.Size() == 0 {
		return nil, data.Errorf(data.EINVALID, "%s is empty.", name)
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, data.Wrap(err, data.ENOTFOUND, "%s could not be opened.", name)
	}
	head := make([]byte, sniffBytes)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	f.Close()
	b := &Book{Path: path, size: st.Size()}
	ext := strings.ToLower(filepath.Ext(path))
	switch {
	case bytes.HasPrefix(head, []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}): // OLE2 compound file
		if ext == ".xlsx" || bytes.Contains(head, utf16("EncryptedPackage")) {
			return nil, data.Errorf(data.EINVALID, "%s is protected with a password. Open it in Excel, remove the password (File › Info › Protect Workbook) and save it again.", name)
		}
		return nil, data.Errorf(data.EINVALID, "%s is an old Excel 97-2003 (.xls) file. Open it in Excel or LibreOffice and save it as .xlsx (Excel Workbook), then import that file.", name)
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		if bytes.Contains(head[:min(len(head), 200)], []byte("application/vnd.oasis.opendocument")) {
			return nil, data.Errorf(data.EINVALID, "%s is an OpenDocument (.ods) file. Open it in LibreOffice and save it as .xlsx (Excel 2007-365), then import that file.", name)
		}
		return b, b.openXLSX()
	case ext == ".xlsx" || ext == ".xlsm" || ext == ".xls" || ext == ".ods":
		return nil, data.Errorf(data.EINVALID, "%s is not a valid spreadsheet: the file is damaged or is not what its name says.", name)
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}) || bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		// UTF-16 with its byte-order mark: Excel's "Unicode text" and some CSV exports
		b.Sheets = []string{strings.TrimSuffix(name, filepath.Ext(name))}
		b.Encoding = "UTF-16"
		text, _, _ := transform.Bytes(utf16Decoder(), head[:len(head)&^1])
		b.Delim = sniffDelimiter(lfOnly(text))
		return b, nil
	case looksBinary(head):
		return nil, data.Errorf(data.EINVALID, "%s is not a spreadsheet or a CSV file.", name)
	}
	b.Sheets = []string{strings.TrimSuffix(name, filepath.Ext(name))}
	b.Encoding = "UTF-8"
	if !utf8.Valid(trimPartialRune(head, n == sniffBytes)) {
		b.Encoding = "Windows-1252"
	}
	b.Delim = sniffDelimiter(lfOnly(head))
	return b, nil
}

func utf16Decoder() transform.Transformer {
	return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder() // the BOM says which end
}

// lfOnly ends lines with LF: CR LF (Windows) and a lone CR (old Macs,
// some Excel exports) alike.
func lfOnly(b []byte) []byte {
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

// crToLF turns a lone CR into LF as a CSV streams past (a CR before LF
// stays: the CSV reader drops it), so files whose lines end in CR alone
// are read line by line instead of as one endless line.
type crToLF struct {
	r       *bufio.Reader
	pending bool // the last byte given was a CR standing for a line end
}

func (c *crToLF) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		b, err := c.r.ReadByte()
		if err != nil {
			if n > 0 {
				return n, nil
			}
			return 0, err
		}
		if c.pending && b == '\n' { // CR LF: the CR became LF already
			c.pending = false
			continue
		}
		c.pending = b == '\r'
		if b == '\r' {
			b = '\n'
		}
		p[n] = b
		n++
		if c.r.Buffered() == 0 {
			break
		}
	}
	return n, nil
}

func utf16(s string) []byte {
	out := make([]byte, 0, 2*len(s))
	for _, r := range s {
		out = append(out, byte(r), 0)
	}
	return out
}

// looksBinary says a file with NUL bytes or many control characters is not text.
func looksBinary(head []byte) bool {
	ctl := 0
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' {
			ctl++
		}
	}
	return ctl > len(head)/100+1
}

// trimPartialRune drops a UTF-8 sequence cut by the end of the sniffed bytes.
func trimPartialRune(b []byte, cut bool) []byte {
	if !cut {
		return b
	}
	for i := 0; i < utf8.UTFMax && len(b) > 0; i++ {
		if r, _ := utf8.DecodeLastRune(b); r != utf8.RuneError {
			break
		}
		b = b[:len(b)-1]
	}
	return b
}

// sniffDelimiter picks among , ; tab | the one that splits the first lines
// into the same, largest number of fields (outside quotes).
func sniffDelimiter(head []byte) rune {
	lines := strings.Split(strings.ReplaceAll(string(head), "\r\n", "\n"), "\n")
	if len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut
	}
	if len(lines) > 30 {
		lines = lines[:30]
	}
	best, bestScore := ',', -1
	for _, d := range []rune{',', ';', '\t', '|'} {
		counts := map[int]int{}
		for _, l := range lines {
			if strings.TrimSpace(l) != "" {
				counts[countOutsideQuotes(l, d)]++
			}
		}
		// The most common count of separators per line, weighted by how many lines agree.
		for c, n := range counts {
			if c > 0 && n*100+c > bestScore {
				best, bestScore = d, n*100+c
			}
		}
	}
	return best
}

func countOutsideQuotes(line string, d rune) int {
	n, quoted := 0, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted = !quoted
		case r == d && !quoted:
			n++
		}
	}
	return n
}

// Limits on one part of an .xlsx, read from the zip's directory before
// anything is unpacked: a sheet or a table of texts that unpacks to far
// more than its packed size is a bomb (a 0.9 MB file whose one cell held
// 900 MB took a minute and 4 GB to refuse), and the table of shared texts
// is held in memory whole. Variables for tests.
var (
	maxSharedStrings uint64 = 128 << 20 // the texts table excelize keeps in RAM
	maxPartRatio     uint64 = 200       // unpacked / packed, for parts above minRatioBytes
	minRatioBytes    uint64 = 64 << 20
)

// checkParts refuses a workbook whose parts would take too much memory or
// are built to expand, before excelize reads any of them.
func checkParts(path, name string) error {
	z, err := zip.OpenReader(path)
	if err != nil {
		return nil // excelize says what is wrong with it
	}
	defer z.Close()
	for _, f := range z.File {
		size, packed := f.UncompressedSize64, max(f.CompressedSize64, 1)
		switch {
		case strings.EqualFold(f.Name, "xl/sharedStrings.xml") && size > maxSharedStrings:
			return data.Errorf(data.EINVALID, "%s holds %d MB of texts; a ledger needs far less. Save it as CSV, or split it into smaller files.", name, size>>20)
		case size > minRatioBytes && size/packed > maxPartRatio:
			return data.Errorf(data.EINVALID, "%s is built to unpack to %d MB from %d KB (a zip bomb, or not a real workbook); it was not read.", name, size>>20, max(packed>>10, 1))
		}
	}
	return nil
}

func (b *Book) openXLSX() error {
	name := filepath.Base(b.Path)
	if err := checkParts(b.Path, name); err != nil {
		return err
	}
	f, err := excelize.OpenFile(b.Path, excelize.Options{UnzipSizeLimit: maxUnzipped, UnzipXMLSizeLimit: maxXMLInRAM})
	if err != nil {
		switch {
		case errors.Is(err, excelize.ErrWorkbookPassword), errors.Is(err, excelize.ErrWorkbookFileFormat):
			return data.Wrap(err, data.EINVALID, "%s is protected with a password. Open it in Excel, remove the password (File › Info › Protect Workbook) and save it again.", name)
		case strings.Contains(err.Error(), "unzip size exceeds"):
			return data.Wrap(err, data.EINVALID, "%s unpacks to more than 1 GB; split it into smaller files.", name)
		case errors.Is(err, zip.ErrFormat), errors.Is(err, zip.ErrChecksum), errors.Is(err, io.ErrUnexpectedEOF):
			return data.Wrap(err, data.EINVALID, "%s is damaged: it is not a complete Excel file. Save it again from Excel, or ask for a new copy.", name)
		}
		return data.Wrap(err, data.EINVALID, "%s could not be read as an Excel workbook.", name)
	}
	b.xlsx = f
	b.Sheets = nil
	for _, s := range f.GetSheetList() {
		if v, _ := f.GetSheetVisible(s); v {
			b.Sheets = append(b.Sheets, s)
		}
	}
	if len(b.Sheets) == 0 {
		f.Close()
		return data.Errorf(data.EINVALID, "%s has no sheets.", name)
	}
	if p, err := f.GetWorkbookProps(); err == nil && p.Date1904 != nil {
		b.date1904 = *p.Date1904
	}
	return nil
}

// Close releases the file.
func (b *Book) Close() error {
	if b.xlsx != nil {
		return b.xlsx.Close()
	}
	return nil
}

// IsSpreadsheet says whether cells come from an .xlsx (numbers raw) rather than CSV text.
func (b *Book) IsSpreadsheet() bool { return b.xlsx != nil }

// rowFunc receives each row's 1-based number in the sheet and its cells;
// cells is reused between calls. frac is how far through the file the
// reader is (0-1), or -1 when it cannot tell.
type rowFunc func(row int, cells []string, frac float64) error

// errStop ends a read early without an error.
var errStop = errors.New("stop")

// Rows streams a sheet's rows to fn until it returns an error or the
// context is cancelled.
func (b *Book) Rows(ctx context.Context, sheet string, fn rowFunc) error {
	var err error
	if b.xlsx != nil {
		err = b.xlsxRows(ctx, sheet, fn)
	} else {
		err = b.csvRows(ctx, fn)
	}
	if errors.Is(err, errStop) {
		return nil
	}
	return err
}

func (b *Book) sheetName(sheet string) (string, error) {
	if sheet == "" {
		return b.Sheets[0], nil
	}
	for _, s := range b.Sheets {
		if strings.EqualFold(s, sheet) {
			return s, nil
		}
	}
	return "", data.Errorf(data.ENOTFOUND, "%s has no sheet called %q; it has: %s.", filepath.Base(b.Path), sheet, strings.Join(b.Sheets, ", "))
}

func (b *Book) xlsxRows(ctx context.Context, sheet string, fn rowFunc) error {
	sheet, err := b.sheetName(sheet)
	if err != nil {
		return err
	}
	rows, err := b.xlsx.Rows(sheet)
	if err != nil {
		return data.Wrap(err, data.EINVALID, "Sheet %q of %s could not be read.", sheet, filepath.Base(b.Path))
	}
	defer rows.Close()
	opts := excelize.Options{RawCellValue: true}
	for n := 1; rows.Next(); n++ {
		if n%progressEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		cells, err := rows.Columns(opts)
		if err != nil {
			return data.Wrap(err, data.EINVALID, "Row %d of sheet %q in %s could not be read.", n, sheet, filepath.Base(b.Path))
		}
		if len(cells) > maxColumns {
			cells = cells[:maxColumns]
		}
		if col := tooLong(cells); col > 0 {
			return data.Errorf(data.EINVALID, "%s, sheet %q, row %d, column %d, holds more than %d KB of text; that is not a ledger value.", filepath.Base(b.Path), sheet, n, col, maxCellBytes>>10)
		}
		if err := fn(n, cells, -1); err != nil {
			return err
		}
	}
	if err := rows.Error(); err != nil {
		return data.Wrap(err, data.EINVALID, "Sheet %q of %s could not be read to the end.", sheet, filepath.Base(b.Path))
	}
	return nil
}

// tooLong returns the 1-based column of the first cell longer than a
// ledger value can be, or 0.
func tooLong(cells []string) int {
	for i, c := range cells {
		if len(c) > maxCellBytes {
			return i + 1
		}
	}
	return 0
}

// countingReader tells how many bytes have been read, for progress.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

func (b *Book) csvRows(ctx context.Context, fn rowFunc) error {
	f, err := os.Open(b.Path)
	if err != nil {
		return data.Wrap(err, data.ENOTFOUND, "%s could not be opened.", filepath.Base(b.Path))
	}
	defer f.Close()
	counter := &countingReader{r: f}
	var r io.Reader = bufio.NewReaderSize(counter, 256<<10)
	switch b.Encoding {
	case "Windows-1252":
		r = transform.NewReader(r, charmap.Windows1252.NewDecoder())
	case "UTF-16":
		r = transform.NewReader(r, utf16Decoder())
	default:
		r = skipBOM(r.(*bufio.Reader))
	}
	r = &crToLF{r: bufio.NewReader(r)}
	cr := csv.NewReader(r)
	cr.Comma = b.Delim
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	cr.ReuseRecord = true
	for n := 1; ; n++ {
		if n%progressEvery == 0 && ctx.Err() != nil {
			return ctx.Err()
		}
		rec, err := cr.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return data.Wrap(err, data.EINVALID, "%s, line %d, could not be read: %s.", filepath.Base(b.Path), pe.Line, pe.Err.Error())
			}
			return data.Wrap(err, data.EINVALID, "%s could not be read.", filepath.Base(b.Path))
		}
		if len(rec) > maxColumns {
			rec = rec[:maxColumns]
		}
		if col := tooLong(rec); col > 0 {
			line, _ := cr.FieldPos(0)
			return data.Errorf(data.EINVALID, "%s, line %d, column %d, holds more than %d KB of text; that is not a ledger value.", filepath.Base(b.Path), line, col, maxCellBytes>>10)
		}
		if !utf8ValidAll(rec) {
			line, _ := cr.FieldPos(0)
			return data.Errorf(data.EINVALID, "%s, line %d, has characters that are not valid UTF-8 text; save the file again as CSV UTF-8.", filepath.Base(b.Path), line)
		}
		line, _ := cr.FieldPos(0)
		if err := fn(line, rec, float64(counter.n)/float64(b.size)); err != nil {
			return err
		}
	}
}

func utf8ValidAll(ss []string) bool {
	for _, s := range ss {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

func skipBOM(r *bufio.Reader) io.Reader {
	if b, err := r.Peek(3); err == nil && bytes.Equal(b, []byte{0xef, 0xbb, 0xbf}) {
		r.Discard(3)
	}
	return r
}
