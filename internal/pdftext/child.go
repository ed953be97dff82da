package pdftext

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	pdfiumerrors "github.com/klippa-app/go-pdfium/errors"
	"github.com/klippa-app/go-pdfium/requests"
	"github.com/klippa-app/go-pdfium/webassembly"
	"github.com/tetratelabs/wazero"
	"github.com/tetratelabs/wazero/api"
	"github.com/tetratelabs/wazero/experimental"
)

// The child is the running binary started again with childEnv set: every binary that
// links this package (sitecard and its test binaries alike) can read PDFs this way
// without a second executable to install or find. init turns such a start into the
// child before anything else of the program runs.
func init() {
	if raw, ok := os.LookupEnv(childEnv); ok {
		lim, valid := decodeLimits(raw)
		if !valid {
			os.Exit(2)
		}
		os.Exit(serve(os.Stdin, os.Stdout, lim))
	}
}

// addressSpace bounds the child's virtual memory: the Go runtime and wazero need some
// room beyond the WebAssembly memory itself, but a file that makes the reader allocate
// without end is stopped by the kernel.
const addressSpace = 4 << 30

// serve reads one PDF from in and writes an answer to out; it returns the exit code.
func serve(in io.Reader, out io.Writer, lim Limits) int {
	runtime.GOMAXPROCS(1) // one core for one file: the site keeps the other
	debug.SetMemoryLimit(int64(lim.MemoryMB) << 20)
	syscall.Setrlimit(syscall.RLIMIT_AS, &syscall.Rlimit{Cur: addressSpace, Max: addressSpace}) //nolint:errcheck // best effort; the deadline still holds
	data, err := io.ReadAll(io.LimitReader(in, 64<<20))
	a := answer{}
	if err != nil {
		a.Error = "unreadable"
	} else {
		a = read(data, lim)
	}
	if err := json.NewEncoder(out).Encode(a); err != nil {
		return 1
	}
	return 0
}

// read opens the document in PDFium and takes each page's text.
func read(data []byte, lim Limits) (a answer) {
	defer func() {
		if recover() != nil {
			a = answer{Error: "unreadable"}
		}
	}()
	rc := wazero.NewRuntimeConfigInterpreter().
		WithCoreFeatures(api.CoreFeaturesV2 | experimental.CoreFeaturesExceptionHandling).
		WithMemoryLimitPages(uint32(lim.MemoryMB) * 16) // 64 KiB pages
	pool, err := webassembly.Init(webassembly.Config{MinIdle: 1, MaxIdle: 1, MaxTotal: 1, RuntimeConfig: rc,
		FSConfig: wazero.NewFSConfig(), // no file system: the document comes as bytes
		Stdout:   io.Discard, Stderr: io.Discard, Context: context.Background()})
	if err != nil {
		return answer{Error: "unreadable"}
	}
	defer pool.Close()
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
