// Package pdftext reads PDF files as Chrome does: with PDFium, Chrome's own PDF engine,
// compiled to WebAssembly and run by wazero (pure Go, no cgo). Extract gives each page's
// text; Geometry gives each page's glyphs with their boxes, baselines, font sizes and
// weights, and its ruling lines, for a reader that rebuilds the layout (internal/pdflayout).
//
// A PDF is hostile input: a broken cross-reference table, a page tree that lists itself
// or a page count of two billion can make a reader panic, spin or eat memory. So the
// reading happens in a short-lived child process, the running binary itself started again
// with the argument ChildArg, with a deadline, a memory bound and a page bound. Whatever
// the file does, the site only ever sees text or one of the errors below; the child's
// WebAssembly runtime, which costs a few hundred megabytes while it works, is gone when it
// ends.
//
// Nothing happens by merely linking this package: a binary that reads PDFs dispatches
// ChildArg to ServeChild itself (cmd/sitecard does, first thing in main), and a test
// binary opts in by importing sitecard/internal/pdftext/pdfchild.
package pdftext

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Why a PDF could not be read. Each is final for that file: it is not tried again.
var (
	ErrUnreadable   = errors.New("pdftext: not a PDF that can be read")
	ErrEncrypted    = errors.New("pdftext: the PDF is protected by a password")
	ErrTooManyPages = errors.New("pdftext: the PDF has too many pages")
	ErrTooSlow      = errors.New("pdftext: reading the PDF took too long")
	// ErrNoChild says the running binary does not serve ChildArg: a wiring mistake, not
	// the file's fault.
	ErrNoChild = errors.New("pdftext: the running binary does not serve " + ChildArg + " (see pdftext.ServeChild)")
)

// Limits bound one reading.
type Limits struct {
	MaxPages int           // more pages than this is ErrTooManyPages
	Timeout  time.Duration // the whole reading, start-up included
	MemoryMB int           // the WebAssembly memory PDFium may use, and the child's heap goal
	MaxText  int           // bytes of text kept (UTF-8); the rest is dropped
	// CacheDir is where PDFium compiled to machine code is kept between readings (see
	// cache.go); "" reads with wazero's interpreter, as a directory that is not private
	// to the site's user does.
	CacheDir string
}

// DefaultLimits suit a résumé: a few pages of text, read in a fraction of a second once
// PDFium is compiled into DefaultCacheDir.
func DefaultLimits() Limits {
	return Limits{MaxPages: 40, Timeout: 20 * time.Second, MemoryMB: 256, MaxText: 1 << 20, CacheDir: DefaultCacheDir()}
}

// ChildArg is the first argument of a reading child: the running binary is started again
// as "<binary> pdftext-child", and its main hands the process to ServeChild.
const ChildArg = "pdftext-child"

// childEnv carries the child's limits and mode; it also marks a child, so that a binary
// that does not dispatch ChildArg (and so runs its ordinary main again) cannot start
// children of its own without end.
const childEnv = "SITECARD_PDFTEXT_CHILD"

// cacheEnv names the directory of the compiled PDFium a child reads with (set only when
// it is ready), or the one a warming child compiles into.
const cacheEnv = "SITECARD_PDFTEXT_CACHE"

// What the child is asked for.
const (
	modeText     = "text"
	modeGeometry = "geometry"
	modeWarm     = "warm" // compile PDFium into the cache; no document
)

// The engines a child reads with.
const (
	engineInterpreter = "interpreter"
	engineCompiler    = "compiler"
)

// answer is what the child writes on its standard output.
type answer struct {
	Child bool     `json:"child"` // always true: tells an answer from another program's output
	Pages []string `json:"pages,omitempty"`
	Geo   []Page   `json:"geo,omitempty"`
	Error string   `json:"error,omitempty"` // one of the codes below
	// Engine is the runtime that read: engineCompiler or engineInterpreter.
	Engine string `json:"engine,omitempty"`
}

// The errors' codes between the child and the parent.
var codes = map[string]error{
	"unreadable": ErrUnreadable, "encrypted": ErrEncrypted, "too_many_pages": ErrTooManyPages,
}

// Extract returns the text of each page of a PDF, read in a child process within lim.
func Extract(ctx context.Context, data []byte, lim Limits) ([]string, error) {
	a, err := ask(ctx, data, lim, modeText, 4*lim.MaxText+4096, true)
	return a.Pages, err
}

// Geometry returns each page's glyphs and ruling lines, read in a child process within lim.
func Geometry(ctx context.Context, data []byte, lim Limits) ([]Page, error) {
	// A glyph costs at most about 60 bytes of JSON (most are 40), and one byte of text at
	// the least; a rule about 40.
	a, err := ask(ctx, data, lim, modeGeometry, 64*lim.MaxText+maxRules*40*lim.MaxPages+4096, true)
	return a.Geo, err
}

// ask runs one child and returns its answer; warmCold has PDFium compiled afterwards
// when the cache was cold (always, but in a test of the cache itself).
func ask(ctx context.Context, data []byte, lim Limits, mode string, maxOut int, warmCold bool) (answer, error) {
	if _, child := os.LookupEnv(childEnv); child {
		return answer{}, ErrNoChild
	}
	self, err := os.Executable()
	if err != nil {
		return answer{}, fmt.Errorf("pdftext: find the running binary: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, ChildArg)
	cmd.Env = append(os.Environ(), childEnv+"="+encodeLimits(lim, mode))
	dir, ready := cacheFor(lim.CacheDir)
	if ready {
		cmd.Env = append(cmd.Env, cacheEnv+"="+dir)
	}
	cmd.Stdin = bytes.NewReader(data)
	out := &capped{max: maxOut}
	errOut := &capped{max: 4096}
	cmd.Stdout, cmd.Stderr = out, errOut
	cmd.WaitDelay = time.Second
	runErr := cmd.Run()
	switch err := ctx.Err(); {
	case errors.Is(err, context.DeadlineExceeded):
		return answer{}, ErrTooSlow
	case err != nil:
		return answer{}, err
	}
	var a answer
	jerr := json.Unmarshal(out.Bytes(), &a)
	if jerr == nil && !a.Child || jerr != nil && out.Len() > 0 && out.Bytes()[0] != '{' {
		// Some other program's output: the binary ran its ordinary main.
		return answer{}, fmt.Errorf("%w (its output: %.80q)", ErrNoChild, out.String())
	}
	if warmCold && jerr == nil && dir != "" && (!ready || a.Engine == engineInterpreter) {
		// The cache is cold (or the child found it damaged and forgot it), and this
		// reading used the interpreter: PDFium is compiled now, in a child of its own, so
		// that the next readings are fast. (Only once a child has answered: the binary
		// is known to serve ChildArg.)
		go warm(self, dir)
	}
	if jerr != nil {
		// No answer: the child died (out of its memory bound, or worse). The file is at
		// fault, since a readable PDF is answered.
		if runErr != nil {
			return answer{}, fmt.Errorf("%w (%v: %s)", ErrUnreadable, runErr, strings.TrimSpace(errOut.String()))
		}
		return answer{}, fmt.Errorf("%w (no answer)", ErrUnreadable)
	}
	if a.Error != "" {
		if e, ok := codes[a.Error]; ok {
			return answer{}, e
		}
		return answer{}, fmt.Errorf("%w (%s)", ErrUnreadable, a.Error)
	}
	return a, nil
}

// HasText reports whether any page holds readable text (a scan has none).
func HasText(pages []string) bool {
	for _, p := range pages {
		if strings.IndexFunc(p, unicode.IsLetter) >= 0 {
			return true
		}
	}
	return false
}

// Clean makes a page's text plain: lines end in \n, control characters (a PDF's stray
// \x01, PDFium's soft hyphens and markers) become spaces, and runs of spaces fold.
func Clean(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune('\n')
			space = false
			continue
		case r == '\u00ad' || r == '\ufffe' || r == '\ufeff' || r == '\u0002':
			continue // soft hyphens and PDFium's markers: nothing a reader sees
		case unicode.IsControl(r) || unicode.IsSpace(r) || r == unicode.ReplacementChar:
			if !space {
				b.WriteRune(' ')
			}
			space = true
			continue
		}
		b.WriteRune(r)
		space = false
	}
	lines := strings.Split(b.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimSpace(l)
	}
	return strings.TrimSpace(strings.Join(lines, "\n"))
}

func encodeLimits(l Limits, mode string) string {
	return fmt.Sprintf("%d,%d,%d,%s", l.MaxPages, l.MemoryMB, l.MaxText, mode)
}

func decodeLimits(s string) (Limits, string, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 4 || parts[3] != modeText && parts[3] != modeGeometry && parts[3] != modeWarm {
		return Limits{}, "", false
	}
	var n [3]int
	for i, p := range parts[:3] {
		v, err := strconv.Atoi(p)
		if err != nil || v <= 0 {
			return Limits{}, "", false
		}
		n[i] = v
	}
	return Limits{MaxPages: n[0], MemoryMB: n[1], MaxText: n[2]}, parts[3], true
}

// capped is a buffer that keeps at most max bytes and drops the rest.
type capped struct {
	bytes.Buffer
	max int
}

func (c *capped) Write(p []byte) (int, error) {
	if room := c.max - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
