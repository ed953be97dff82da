package pdftext

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"runtime"
	"runtime/debug"
	"syscall"
	"time"

	"github.com/tetratelabs/wazero"
)

// Why a compilation cache. PDFium is 5.8 MB of WebAssembly. wazero's interpreter starts
// it in about 0.7 s and then runs it slowly; its compiler runs it several times faster but
// spends about 6 s compiling it first. Each reading is a fresh child process, so without a
// cache every reading would pay the compiler's 6 s, which is why the interpreter was
// chosen when the reader was written (2026-11-28). With the compiled module kept on disk,
// a child loads it in about 0.1 s, and a two-page résumé is read several times faster
// than by the interpreter (bench/README.md).
//
// The cache holds machine code the child runs outside WebAssembly's sandbox, so it is
// used only from a directory that nobody but the site's own user can write: created
// 0700, not a symbolic link, owned by the running user. Any other directory is ignored
// and the interpreter reads, as before.
//
// A reading never waits for the compiler: while the cache is cold (the first reading
// after an install or an upgrade), the child reads with the interpreter, and a separate
// child compiles PDFium into the cache afterwards, once, whoever asks at the same time.

// Files in a cache's directory, beside wazero's own.
const (
	readyFile   = "ready"   // written once the compiled module is complete
	warmingFile = "warming" // held while one child compiles (created exclusively)
)

// warmTimeout bounds a warming child: compiling takes seconds, and a stale lock older
// than this is taken over.
const warmTimeout = 2 * time.Minute

// staleAfter is how long a cache left by another build (another wazero or PDFium) is
// kept before a warming child removes it.
const staleAfter = 7 * 24 * time.Hour

// DefaultCacheDir is where the compiled PDFium is kept: the user's cache directory
// (XDG_CACHE_HOME or ~/.cache), or "" when there is none (the interpreter then reads).
func DefaultCacheDir() string {
	dir, err := os.UserCacheDir()
	if err != nil || dir == "" {
		return ""
	}
	return filepath.Join(dir, "sitecard", "pdfium")
}

// build names the code that produced a compiled module, so that a cache written by one
// build is never loaded by another. wazero keys its entries by the module's hash and the
// CPU, and stamps them with its own version, but a test binary or `go run` carries no
// module versions and wazero then stamps "dev" whatever its version; the path of
// wazero's source file, which holds its module version (…/wazero@v1.12.0/…), tells them
// apart.
func build() string {
	h := sha256.New()
	if f := runtime.FuncForPC(reflect.ValueOf(wazero.NewRuntimeConfigCompiler).Pointer()); f != nil {
		file, _ := f.FileLine(f.Entry())
		h.Write([]byte(file))
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, d := range info.Deps {
			h.Write([]byte(d.Path + "@" + d.Version + "\n"))
		}
	}
	h.Write([]byte(runtime.GOOS + "/" + runtime.GOARCH))
	return hex.EncodeToString(h.Sum(nil)[:8])
}

// cacheFor returns this build's cache directory under base, made if need be, and whether
// its compiled module is ready; "" when base is unset or not private to this user.
func cacheFor(base string) (dir string, ready bool) {
	if base == "" || !filepath.IsAbs(base) {
		return "", false
	}
	if err := os.MkdirAll(base, 0o700); err != nil || !private(base) {
		return "", false
	}
	dir = filepath.Join(base, build())
	if err := os.Mkdir(dir, 0o700); err != nil && !errors.Is(err, os.ErrExist) || !private(dir) {
		return "", false
	}
	_, err := os.Stat(filepath.Join(dir, readyFile))
	return dir, err == nil
}

// private reports whether dir is a real directory, owned by the running user, that no
// one else may write.
func private(dir string) bool {
	fi, err := os.Lstat(dir)
	if err != nil || !fi.IsDir() || fi.Mode().Perm()&0o022 != 0 {
		return false
	}
	st, ok := fi.Sys().(*syscall.Stat_t)
	return ok && int(st.Uid) == os.Geteuid()
}

// compilerConfig is the runtime config of a child that reads with the compiled module
// kept in dir.
func compilerConfig(dir string) (wazero.RuntimeConfig, error) {
	cc, err := wazero.NewCompilationCacheWithDir(filepath.Join(dir, "wazero"))
	if err != nil {
		return nil, err
	}
	return wazero.NewRuntimeConfigCompiler().WithCompilationCache(cc), nil
}

// forget makes dir cold again: its compiled module failed to load (a truncated or
// damaged file), so the next reading uses the interpreter and a warming child compiles
// it anew.
func forget(dir string) {
	os.Remove(filepath.Join(dir, readyFile)) //nolint:errcheck // gone or not, the cache is cold
	os.RemoveAll(filepath.Join(dir, "wazero"))
}

// warm compiles PDFium into dir in a child of its own, unless another child already is.
// It returns when that child ends; ask runs it after a reading, in its own goroutine.
// The child compiles within the default limits, whatever the reading's were.
func warm(self, dir string) {
	lock := filepath.Join(dir, warmingFile)
	f, err := os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if errors.Is(err, os.ErrExist) {
		if fi, serr := os.Stat(lock); serr != nil || time.Since(fi.ModTime()) < warmTimeout {
			return // another child is compiling
		}
		os.Remove(lock) //nolint:errcheck // a warming child that died: take its place
		f, err = os.OpenFile(lock, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	}
	if err != nil {
		return
	}
	f.Close()
	defer os.Remove(lock)
	if compileChild(self, dir) == nil {
		prune(filepath.Dir(dir), dir)
	}
}

// compileChild runs one warming child on dir and waits for it.
func compileChild(self, dir string) error {
	ctx, cancel := context.WithTimeout(context.Background(), warmTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, self, ChildArg)
	cmd.Env = append(os.Environ(), childEnv+"="+encodeLimits(DefaultLimits(), modeWarm), cacheEnv+"="+dir)
	cmd.WaitDelay = time.Second
	return cmd.Run()
}

// prune removes the caches other builds left under base and have not used for a week.
func prune(base, keep string) {
	entries, err := os.ReadDir(base)
	if err != nil {
		return
	}
	for _, e := range entries {
		p := filepath.Join(base, e.Name())
		if fi, err := e.Info(); err == nil && e.IsDir() && p != keep && time.Since(fi.ModTime()) > staleAfter {
			os.RemoveAll(p) //nolint:errcheck // best effort
		}
	}
}

// compileInto is the warming child's work: compile PDFium with dir's cache (wazero writes
// the module to a temporary file and renames it, so two at once never see half a file),
// check that it starts, and mark the cache ready.
func compileInto(dir string, lim Limits) error {
	if !private(dir) {
		return errors.New("pdftext: the cache directory is not private")
	}
	rc, err := compilerConfig(dir)
	if err != nil {
		return err
	}
	pool, err := startPool(rc, lim)
	if err != nil {
		return err
	}
	pool.Close() //nolint:errcheck // the child ends
	tmp, err := os.CreateTemp(dir, readyFile+".*")
	if err != nil {
		return err
	}
	tmp.Close()
	return os.Rename(tmp.Name(), filepath.Join(dir, readyFile))
}
