package pdftext

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/klippa-app/go-pdfium"
	"github.com/klippa-app/go-pdfium/enums"
	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/references"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// ServeChild makes this process the reading child the parent started: it reads one PDF
// from standard input and writes its answer on standard output, and returns the exit
// code. A binary calls it when its first argument is ChildArg, before anything else of
// the program runs (cmd/sitecard: main; a test binary: import pdftext/pdfchild). Outside
// such a start (no limits from a parent) it refuses, with exit code 2.
func ServeChild() int {
	raw, ok := os.LookupEnv(childEnv)
	if !ok {
		return 2
	}
	lim, mode, valid := decodeLimits(raw)
	if !valid {
		return 2
	}
	cache := os.Getenv(cacheEnv)
	if mode == modeWarm {
		runtime.GOMAXPROCS(1)
		if cache == "" || compileInto(cache, lim) != nil {
			return 1
		}
		return 0
	}
	return serve(os.Stdin, os.Stdout, lim, mode, cache)
}

// addressSpace bounds the child's virtual memory: the Go runtime and wazero need some
// room beyond the WebAssembly memory itself, but a file that makes the reader allocate
// without end is stopped by the kernel.
const addressSpace = 4 << 30

// serve reads one PDF from in and writes an answer to out; it returns the exit code.
// cache is the directory of a ready compiled PDFium, or "" for the interpreter.
func serve(in io.Reader, out io.Writer, lim Limits, mode, cache string) int {
	runtime.GOMAXPROCS(1) // one core for one file: the site keeps the other
	debug.SetMemoryLimit(int64(lim.MemoryMB) << 20)
	syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: addressSpace, Max: addressSpace}) //nolint:errcheck // best effort; the deadline still holds
	data, err := io.ReadAll(io.LimitReader(in, 64<<20))
	a := answer{}
	if err != nil {
		a.Error = "unreadable"
	} else {
		a = read(data, lim, mode, cache)
	}
	a.Child = true
	if err := json.NewEncoder(out).Encode(a); err != nil {
		return 1
	}
	return 0
}

// startPool starts PDFium under rc, within lim's memory.
func startPool(rc wazero.RuntimeConfig, lim Limits) (pdfium.Pool, error) {
	rc = rc.WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(uint32(lim.MemoryMB) * 16) // 64 KiB pages
	return webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1, RuntimeConfig: rc,
		FSConfig: wazero.NewFSConfig(), // no file system: the document comes as bytes
		Stdout:   io.Discard, Stderr: io.Discard, Context: context.Background()})
}

// open starts PDFium with the compiled module in cache when there is one, else with the
// interpreter. A compiled module that fails to start where the interpreter starts is a
// damaged cache: it is forgotten, and this reading goes on with the interpreter.
func open(lim Limits, cache string) (pdfium.Pool, string, error) {
	if cache != "" {
		if rc, err := compilerConfig(cache); err == nil {
			if pool, err := startPool(rc, lim); err == nil {
				return pool, engineCompiler, nil
			}
		}
	}
	pool, err := startPool(wazero.NewRuntimeConfigInterpreter(), lim)
	if err == nil && cache != "" {
		forget(cache)
	}
	return pool, engineInterpreter, err
}

// read opens the document in PDFium and takes each page's text or geometry.
func read(data []byte, lim Limits, mode, cache string) (a answer) {
	defer func() {
		if recover() != nil {
			a = answer{Error: "unreadable"}
		}
	}()
	pool, engine, err := open(lim, cache)
	if err != nil {
		return answer{Error: "unreadable"}
	}
	defer pool.Close()
	defer func() { a.Engine = engine }()
	inst, err := pool.GetInstance(30 * time.Second)
	if err != nil {
		return answer{Error: "unreadable"}
	}
	defer inst.Close()
	doc, err := inst.OpenDocument(&requests.OpenDocument{File: &data})
	switch {
	case errors.Is(err, pdfiumerrors.ErrPassword), errors.Is(err, pdfiumerrors.ErrSecurity):
		return answer{Error: "encrypted"}
	case err != nil:
		return answer{Error: "unreadable"}
	}
	count, err := inst.FPDF_GetPageCount(&requests.FPDF_GetPageCount{Document: doc.Document})
	if err != nil {
		return answer{Error: "unreadable"}
	}
	if count.PageCount > lim.MaxPages {
		return answer{Error: "too_many_pages"}
	}
	size := 0
	for i := range count.PageCount {
		if mode == modeGeometry {
			p, n, err := geometry(inst, doc.Document, i, lim.MaxText-size)
			if err != nil {
				return answer{Error: "unreadable"}
			}
			size += n
			a.Geo = append(a.Geo, p)
			if size >= lim.MaxText {
				break
			}
			continue
		}
		page := requests.Page{ByIndex: &requests.PageByIndex{Document: doc.Document, Index: i}}
		txt, err := inst.GetPageText(&requests.GetPageText{Page: page})
		if err != nil {
			return answer{Error: "unreadable"}
		}
		text := Clean(txt.Text)
		if size+len(text) > lim.MaxText {
			break
		}
		size += len(text)
		a.Pages = append(a.Pages, text)
	}
	return a
}

// geometry takes page index's glyphs, at most room bytes of their text, and its path
// objects' bounds; it returns the page and the bytes of text taken.
func geometry(inst pdfium.Pdfium, doc references.FPDF_DOCUMENT, index, room int) (Page, int, error) {
	lp, err := inst.FPDF_LoadPage(&requests.FPDF_LoadPage{Document: doc, Index: index})
	if err != nil {
		return Page{}, 0, err
	}
	defer inst.FPDF_ClosePage(&requests.FPDF_ClosePage{Page: lp.Page}) //nolint:errcheck // the instance ends with the child
	page := requests.Page{ByReference: &lp.Page}
	w, err := inst.FPDF_GetPageWidthF(&requests.FPDF_GetPageWidthF{Page: page})
	if err != nil {
		return Page{}, 0, err
	}
	h, err := inst.FPDF_GetPageHeightF(&requests.FPDF_GetPageHeightF{Page: page})
	if err != nil {
		return Page{}, 0, err
	}
	height := float64(h.PageHeight)
	p := Page{Width: finite(float64(w.PageWidth)), Height: finite(height)}

	tp, err := inst.FPDFText_LoadPage(&requests.FPDFText_LoadPage{Page: page})
	if err != nil {
		return Page{}, 0, err
	}
	defer inst.FPDFText_ClosePage(&requests.FPDFText_ClosePage{TextPage: tp.TextPage}) //nolint:errcheck // as above
	n, err := inst.FPDFText_CountChars(&requests.FPDFText_CountChars{TextPage: tp.TextPage})
	if err != nil {
		return Page{}, 0, err
	}
	taken := 0
	for i := 0; i < n.Count && taken < room; i++ {
		g, err := glyph(inst, tp.TextPage, i, height)
		if err != nil {
			return Page{}, 0, err
		}
		if g.R == 0 {
			continue // no Unicode for this glyph: nothing a reader could quote
		}
		taken += len(string(g.R))
		p.Glyphs = append(p.Glyphs, g)
	}

	objs, err := inst.FPDFPage_CountObjects(&requests.FPDFPage_CountObjects{Page: page})
	if err != nil {
		return Page{}, 0, err
	}
	for i := 0; i < objs.Count && len(p.Rules) < maxRules; i++ {
		o, err := inst.FPDFPage_GetObject(&requests.FPDFPage_GetObject{Page: page, Index: i})
		if err != nil {
			continue
		}
		t, err := inst.FPDFPageObj_GetType(&requests.FPDFPageObj_GetType{PageObject: o.PageObject})
		if err != nil || t.Type != enums.FPDF_PAGEOBJ_PATH {
			continue
		}
		b, err := inst.FPDFPageObj_GetBounds(&requests.FPDFPageObj_GetBounds{PageObject: o.PageObject})
		if err != nil {
			continue
		}
		p.Rules = append(p.Rules, box(float64(b.Left), float64(b.Top), float64(b.Right), float64(b.Bottom), height))
		dm, err := inst.FPDFPath_GetDrawMode(&requests.FPDFPath_GetDrawMode{PageObject: o.PageObject})
		p.Stroked = append(p.Stroked, err == nil && dm.Stroke)
	}
	return p, taken, nil
}

// glyph reads character i of a text page.
func glyph(inst pdfium.Pdfium, tp references.FPDF_TEXTPAGE, i int, height float64) (Glyph, error) {
	u, err := inst.FPDFText_GetUnicode(&requests.FPDFText_GetUnicode{TextPage: tp, Index: i})
	if err != nil {
		return Glyph{}, err
	}
	g := Glyph{R: rune(u.Unicode)}
	if u.Unicode == 0 || u.Unicode > 0x10ffff {
		return Glyph{}, nil
	}
	gen, err := inst.FPDFText_IsGenerated(&requests.FPDFText_IsGenerated{TextPage: tp, Index: i})
	if err != nil {
		return Glyph{}, err
	}
	g.Generated = gen.IsGenerated
	if g.Generated {
		return g, nil // PDFium's own space or line break: it has no place of its own
	}
	lb, err := inst.FPDFText_GetLooseCharBox(&requests.FPDFText_GetLooseCharBox{TextPage: tp, Index: i})
	if err != nil {
		return Glyph{}, err
	}
	g.Box = box(float64(lb.Rect.Left), float64(lb.Rect.Top), float64(lb.Rect.Right), float64(lb.Rect.Bottom), height)
	o, err := inst.FPDFText_GetCharOrigin(&requests.FPDFText_GetCharOrigin{TextPage: tp, Index: i})
	if err != nil {
		return Glyph{}, err
	}
	g.X, g.Y = finite(o.X), finite(height-o.Y)
	fs, err := inst.FPDFText_GetFontSize(&requests.FPDFText_GetFontSize{TextPage: tp, Index: i})
	if err != nil {
		return Glyph{}, err
	}
	size := fs.FontSize
	// Chromium and Ghostscript set the font at 1 point and scale it with the text matrix:
	// the size a reader sees is the font size times the matrix's vertical scale.
	if m, err := inst.FPDFText_GetMatrix(&requests.FPDFText_GetMatrix{TextPage: tp, Index: i}); err == nil {
		if s := math.Hypot(float64(m.Matrix.C), float64(m.Matrix.D)); s > 0 {
			size *= s
		}
	}
	g.Size = finite(size)
	if wt, err := inst.FPDFText_GetFontWeight(&requests.FPDFText_GetFontWeight{TextPage: tp, Index: i}); err == nil && wt.FontWeight > 0 && wt.FontWeight < 2000 {
		g.Weight = int16(wt.FontWeight)
	}
	return g, nil
}
