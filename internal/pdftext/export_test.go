package pdftext

import (
	"context"
	"os"
)

// ReadWith reads data's text as Extract does and also says which engine read it.
func ReadWith(ctx context.Context, data []byte, lim Limits) ([]string, string, error) {
	a, err := ask(ctx, data, lim, modeText, 4*lim.MaxText+4096, true)
	return a.Pages, a.Engine, err
}

// ReadWithoutWarming is ReadWith, but a cold cache stays cold: no child compiles after.
func ReadWithoutWarming(ctx context.Context, data []byte, lim Limits) ([]string, string, error) {
	a, err := ask(ctx, data, lim, modeText, 4*lim.MaxText+4096, false)
	return a.Pages, a.Engine, err
}

// CacheReady reports whether base holds this build's compiled PDFium, and its directory.
func CacheReady(base string) (string, bool) { return cacheFor(base) }

// Warm compiles PDFium into base's cache as a cold reading does afterwards, and waits.
func Warm(base string) {
	self, _ := os.Executable()
	if dir, _ := cacheFor(base); dir != "" {
		warm(self, dir)
	}
}

// CompileChild runs one warming child on base's cache, without the lock that keeps a
// second one from starting.
func CompileChild(base string) error {
	self, _ := os.Executable()
	dir, _ := cacheFor(base)
	return compileChild(self, dir)
}
