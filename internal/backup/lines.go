package backup

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash"
	"io"
)

// A table's entry is read a line at a time, and no line may be longer than the longest
// row a site writes (RestoreOptions.MaxLine): a file that says one row is gigabytes long,
// or a table that is gigabytes of white space, is refused once it passes the bound, after
// holding no more than a row's worth of it.

// errLongLine and its kin are what a table's bytes can be wrong in, before any JSON.
var (
	errLongLine  = errors.New("long line")
	errNotARow   = errors.New("a line that is not a row")
	errCutOffRow = errors.New("a row cut off")
)

// lineError turns one of the errors above into the refusal that names the table.
func lineError(table string, err error, max int) error {
	switch {
	case errors.Is(err, errLongLine):
		return &Damaged{Table: table, Reason: fmt.Sprintf("a row is longer than the longest a site writes (%d bytes)", max)}
	case errors.Is(err, errNotARow):
		return &Damaged{Table: table, Reason: "a line is not a row: each line must be one JSON object"}
	case errors.Is(err, errCutOffRow):
		return &Damaged{Table: table, Reason: "a row is cut off at the end of its entry"}
	}
	return &Damaged{Table: table, Reason: "it ends early or is corrupt (" + err.Error() + ")"}
}

// tableSum hashes and counts a table's bytes as they pass, refusing a line over max
// bytes or one that does not start as an object, without keeping any of it.
type tableSum struct {
	h           hash.Hash
	rows, bytes int64
	line        int // bytes of the current line so far
	max         int
}

func (a *tableSum) Write(p []byte) (int, error) {
	n := len(p)
	a.h.Write(p)
	a.bytes += int64(n)
	for len(p) > 0 {
		if a.line == 0 && p[0] != '{' {
			return 0, errNotARow
		}
		i := bytes.IndexByte(p, '\n')
		if i < 0 {
			a.line += len(p)
			if a.line > a.max {
				return 0, errLongLine
			}
			break
		}
		if a.line += i; a.line > a.max {
			return 0, errLongLine
		}
		a.rows++
		a.line = 0
		p = p[i+1:]
	}
	return n, nil
}

// endEntry checks that an entry ended on a whole row.
func (a *tableSum) endEntry() error {
	if a.line != 0 {
		return errCutOffRow
	}
	return nil
}

// lineReader reads an entry's lines, each without its newline, refusing one over max
// bytes: its buffer grows to one row at most.
type lineReader struct {
	r   *bufio.Reader
	max int
	buf []byte
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 64<<10), max: max}
}

// next returns the next line (valid until the following call), or io.EOF after the last.
func (l *lineReader) next() ([]byte, error) {
	l.buf = l.buf[:0]
	for {
		chunk, err := l.r.ReadSlice('\n')
		if len(l.buf)+len(chunk) > l.max+1 {
			return nil, errLongLine
		}
		l.buf = append(l.buf, chunk...)
		switch {
		case err == nil:
			line := l.buf[:len(l.buf)-1]
			if len(line) == 0 || line[0] != '{' {
				return nil, errNotARow
			}
			return line, nil
		case errors.Is(err, bufio.ErrBufferFull):
			continue
		case errors.Is(err, io.EOF):
			if len(l.buf) == 0 {
				return nil, io.EOF
			}
			return nil, errCutOffRow
		default:
			return nil, err
		}
	}
}
