package e2e

import (
	"os"
	"testing"
)

// TestMain stops the package's Chromium (browser_test.go) once every test has run.
func TestMain(m *testing.M) {
	code := m.Run()
	shared.stop()
	os.Exit(code)
}
