// Package pdftext reads the text of PDF files as Chrome does: with PDFium, Chrome's own
// PDF engine, compiled to WebAssembly and run by wazero (pure Go, no cgo).
//
// A PDF is hostile input: a broken cross-reference table, a page tree that lists itself
// or a page count of two billion can make a reader panic, spin or eat memory. So the
// reading happens in a short-lived child process, the running binary itself started again
// (see Serve), with a deadline, a memory bound and a page bound. Whatever the file does,
// the site only ever sees text or one of the errors below; the child's WebAssembly
// runtime, which costs a few hundred megabytes while it works, is gone when it ends.
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
)

// Limits bound one reading.
type Limits struct {
	MaxPages int           // more pages than this is ErrTooManyPages
	Timeout  time.Duration // the whole reading, start-up included
	MemoryMB int           // the WebAssembly memory PDFium may use, and the child's heap goal
	MaxText  int           // bytes of text kept; the rest is dropped
}

// DefaultLimits suit a résumé: a few pages of text, read in about a second.
func DefaultLimits() Limits {
	return Limits{MaxPages: 40, Timeout: 20 * time.Second, MemoryMB: 256, MaxText: 1 << 20}
}

// childEnv marks the child process; its value is the limits, encoded.
const childEnv = "SITECARD_PDFTEXT_CHILD"

// answer is what the child writes on its standard output.
type answer struct {
	Pages []string `json:"pages,omitempty"`
	Error string   `json:"error,omitempty"` // one of the codes below
}

// The errors' codes between the child and the parent.
var codes = map[string]error{
	"unreadable": ErrUnreadable, "encrypted": ErrEncrypted, "too_many_pages": ErrTooManyPages,
}

// Extract returns the text of each page of a PDF, read in a child process within lim.
func Extract(ctx context.Context, data []byte, lim Limits) ([]string, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("pdftext: find the running binary: %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, lim.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, self)
	cmd.Env = append(os.Environ(), childEnv+"="+encodeLimits(lim))
	cmd.Stdin = bytes.NewReader(data)
	out := &capped{max: 4*lim.MaxText + 4096}
	var errOut capped
	errOut.max = 4096
	cmd.Stdout, cmd.Stderr = out, &errOut
	cmd.WaitDelay = time.Second
	runErr := cmd.Run()
	switch err := ctx.Err(); {
	case errors.Is(err, context.DeadlineExceeded):
		return nil, ErrTooSlow
	case err != nil:
		return nil, err
	}
	var a answer
	if jerr := json.Unmarshal(out.Bytes(), &a); jerr != nil {
		// No answer: the child died (out of its memory bound, or worse). The file is at
		// fault, since a readable PDF is answered.
		if runErr != nil {
			return nil, fmt.Errorf("%w (%v: %s)", ErrUnreadable, runErr, strings.TrimSpace(errOut.String()))
		}
		return nil, fmt.Errorf("%w (no answer)", ErrUnreadable)
	}
	if a.Error != "" {
		if e, ok := codes[a.Error]; ok {
			return nil, e
		}
		return nil, fmt.Errorf("%w (%s)", ErrUnreadable, a.Error)
	}
	return a.Pages, nil
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

func encodeLimits(l Limits) string {
	return fmt.Sprintf("%d,%d,%d", l.MaxPages, l.MemoryMB, l.MaxText)
}

func decodeLimits(s string) (Limits, bool) {
	parts := strings.Split(s, ",")
	if len(parts) != 3 {
		return Limits{}, false
	}
	var n [3]int
	for i, p := range parts {
		v, err := strconv.Atoi(p)
		if err != nil || v <= 0 {
			return Limits{}, false
		}
		n[i] = v
	}
	return Limits{MaxPages: n[0], MemoryMB: n[1], MaxText: n[2]}, true
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
