package pdftext_test

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"sitecard/internal/pdftext"
	"sitecard/internal/testutil"
)

// waitReady polls base until its compiled PDFium is ready, with a deadline: the warming
// child compiles in the background after a cold reading.
func waitReady(t *testing.T, base string) {
	t.Helper()
	deadline := time.Now().Add(3 * time.Minute)
	for {
		if _, ok := pdftext.CacheReady(base); ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatal("the compiled PDFium was never ready")
		}
		time.Sleep(100 * time.Millisecond) // polling with a deadline, not standing in for a result
	}
}

// warmCopy returns a new cache directory holding a ready compiled PDFium: a copy of the
// user's cache, which every test that reads a PDF shares, so that compiling (seconds) is
// paid once, not by each test that needs a warm cache.
func warmCopy(t *testing.T) string {
	t.Helper()
	shared := pdftext.DefaultCacheDir()
	if shared == "" {
		t.Skip("no user cache directory")
	}
	if _, ready := pdftext.CacheReady(shared); !ready {
		pdftext.Warm(shared)
	}
	from, ready := pdftext.CacheReady(shared)
	if !ready {
		t.Fatal("the shared cache is not ready")
	}
	base := t.TempDir()
	to := filepath.Join(base, filepath.Base(from))
	err := filepath.WalkDir(from, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, ready := pdftext.CacheReady(base); !ready {
		t.Fatal("the copy is not ready")
	}
	return base
}

// entries lists the files under dir, relative to it.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	var out []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			out = append(out, rel)
		}
		return nil
	})
	return out
}

// A cold cache never slows a reading: the first is read by the interpreter, PDFium is
// compiled afterwards, and the next readings use the compiled module and read the same.
func TestTheCompilerReadsOnceTheCacheIsWarm(t *testing.T) {
	t.Parallel() // most of it is waiting for a compilation
	ctx := context.Background()
	lim := pdftext.DefaultLimits()
	lim.CacheDir = t.TempDir()
	doc := testutil.PDFText(t, "Experience at Acme Robotics", "Education: MSc, Hanbit University")

	cold, engine, err := pdftext.ReadWith(ctx, doc, lim)
	if err != nil || engine != "interpreter" {
		t.Fatalf("cold: %q %s %v, want the interpreter", cold, engine, err)
	}
	waitReady(t, lim.CacheDir)
	warm, engine, err := pdftext.ReadWith(ctx, doc, lim)
	if err != nil || engine != "compiler" {
		t.Fatalf("warm: %q %s %v, want the compiler", warm, engine, err)
	}
	if !reflect.DeepEqual(cold, warm) {
		t.Errorf("the compiler read %q, the interpreter %q", warm, cold)
	}
	interp := lim
	interp.CacheDir = ""
	g1, err1 := pdftext.Geometry(ctx, doc, interp)
	g2, err2 := pdftext.Geometry(ctx, doc, lim)
	if err1 != nil || err2 != nil || !reflect.DeepEqual(g1, g2) {
		t.Errorf("the geometry differs between the engines (%v, %v)", err1, err2)
	}
}

// Two children that compile into one cache at once both succeed and leave one whole
// compiled module (wazero writes a temporary file and renames it), which then reads.
func TestTwoChildrenCompilingAtOnceLeaveOneModule(t *testing.T) {
	t.Parallel()
	base := t.TempDir()
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i := range errs {
		wg.Go(func() { errs[i] = pdftext.CompileChild(base) })
	}
	wg.Wait()
	if errs[0] != nil || errs[1] != nil {
		t.Fatalf("compiling at once: %v", errs)
	}
	dir, ready := pdftext.CacheReady(base)
	if !ready {
		t.Fatal("not ready after two compilations")
	}
	var modules []string
	for _, e := range entries(t, filepath.Join(dir, "wazero")) {
		if strings.Contains(e, ".tmp") {
			t.Errorf("a temporary file is left: %s", e)
		}
		modules = append(modules, e)
	}
	if len(modules) != 1 {
		t.Errorf("compiled modules %q, want one", modules)
	}
	lim := pdftext.DefaultLimits()
	lim.CacheDir = base
	if pages, engine, err := pdftext.ReadWith(context.Background(), testutil.PDFText(t, "Hanbit"), lim); err != nil || engine != "compiler" || len(pages) != 1 || pages[0] != "Hanbit" {
		t.Errorf("after: %q %s %v", pages, engine, err)
	}
}

// A damaged compiled module (truncated, or its machine code overwritten) never costs a
// reading: the interpreter reads and the cache is forgotten; a reading compiles it anew
// afterwards (waited for once: compiling takes seconds).
func TestADamagedCacheIsReadAroundAndRebuilt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	doc := testutil.PDFText(t, "Hanbit Data")
	for name, damage := range map[string]func(string) error{
		"truncated": func(p string) error { return os.Truncate(p, 100) },
		"its machine code overwritten": func(p string) error {
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for i := len(b) / 3; i < len(b)/2; i++ {
				b[i] ^= 0x5a
			}
			return os.WriteFile(p, b, 0o600)
		},
	} {
		t.Run(name, func(t *testing.T) {
			lim := pdftext.DefaultLimits()
			lim.CacheDir = warmCopy(t)
			dir, ready := pdftext.CacheReady(lim.CacheDir)
			files := entries(t, filepath.Join(dir, "wazero"))
			if !ready || len(files) != 1 {
				t.Fatalf("warm: ready %v, files %q", ready, files)
			}
			if err := damage(filepath.Join(dir, "wazero", files[0])); err != nil {
				t.Fatal(err)
			}
			read := pdftext.ReadWithoutWarming
			if name == "truncated" {
				read = pdftext.ReadWith
			}
			pages, engine, err := read(ctx, doc, lim)
			if err != nil || engine != "interpreter" || len(pages) != 1 || pages[0] != "Hanbit Data" {
				t.Fatalf("damaged: %q %s %v, want the interpreter's reading", pages, engine, err)
			}
			if name != "truncated" {
				if _, ready := pdftext.CacheReady(lim.CacheDir); ready || len(entries(t, filepath.Join(dir, "wazero"))) != 0 {
					t.Errorf("the damaged module is not forgotten: ready %v", ready)
				}
				return
			}
			waitReady(t, lim.CacheDir)
			if _, engine, err := pdftext.ReadWith(ctx, doc, lim); err != nil || engine != "compiler" {
				t.Errorf("rebuilt: %s %v", engine, err)
			}
		})
	}
}

// Machine code runs outside WebAssembly's sandbox, so a cache directory anyone else can
// write, or a symbolic link, is never used nor written: the interpreter reads.
func TestACacheOthersCouldWriteIsNotUsed(t *testing.T) {
	open := filepath.Join(t.TempDir(), "open")
	if err := os.Mkdir(open, 0o777); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(open, 0o777); err != nil { // past the umask
		t.Fatal(err)
	}
	private := warmCopy(t)
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(private, link); err != nil {
		t.Fatal(err)
	}
	for name, base := range map[string]string{"world-writable": open, "a symbolic link": link, "relative": "cache"} {
		lim := pdftext.DefaultLimits()
		lim.CacheDir = base
		pages, engine, err := pdftext.ReadWith(context.Background(), testutil.PDFText(t, "Hanbit"), lim)
		if err != nil || engine != "interpreter" || len(pages) != 1 {
			t.Errorf("%s: %q %s %v, want the interpreter", name, pages, engine, err)
		}
	}
	if files := entries(t, open); len(files) != 0 {
		t.Errorf("written into a world-writable directory: %q", files)
	}
	if _, err := os.Stat("cache"); err == nil {
		t.Error("a relative cache directory was made")
	}
}
