package backup

import (
	"bytes"
	"errors"
	"io"
	"runtime"
	"strings"
	"testing"
)

// endless is n bytes of b, made as they are read.
type endless struct {
	b byte
	n int64
}

func (e *endless) Read(p []byte) (int, error) {
	if e.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), e.n)]
	for i := range p {
		p[i] = e.b
	}
	e.n -= int64(len(p))
	return len(p), nil
}

// The load pass reads a row of any length with a buffer of the bound at most: a file
// changed after it was checked is refused there too, without holding its row.
func TestLineReaderRefusesALineOverTheBound(t *testing.T) {
	const max = 1 << 20
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	l := newLineReader(io.MultiReader(strings.NewReader("{"), &endless{'a', 512 << 20}), max)
	_, err := l.next()
	runtime.ReadMemStats(&after)
	if !errors.Is(err, errLongLine) {
		t.Fatalf("a 512 MB line: %v", err)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 8*max {
		t.Errorf("refusing it allocated %d MB", alloc>>20)
	}
	for what, in := range map[string]string{"a blank line": "\n", "white space": "   {}\n", "a list": "[1]\n"} {
		if _, err := newLineReader(strings.NewReader(in), max).next(); !errors.Is(err, errNotARow) {
			t.Errorf("%s: %v", what, err)
		}
	}
	if _, err := newLineReader(strings.NewReader(`{"a":1}`), max).next(); !errors.Is(err, errCutOffRow) {
		t.Errorf("a row without its newline: %v", err)
	}
	l = newLineReader(strings.NewReader("{\"a\":1}\n"+"{"+strings.Repeat(" ", max-2)+"}\n"), max)
	for i := range 2 {
		if line, err := l.next(); err != nil || line[0] != '{' || bytes.HasSuffix(line, []byte("\n")) {
			t.Fatalf("row %d at the bound: %q… %v", i+1, line[:min(len(line), 8)], err)
		}
	}
	if _, err := l.next(); !errors.Is(err, io.EOF) {
		t.Errorf("after the last row: %v", err)
	}
}
