package config_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"sitecard/internal/config"
)

// A restore without SECRET_KEY, on a machine that kept no key, is refused before anything
// is written: no data folder, no secret_key. With the key a site kept, or SECRET_KEY set,
// it loads as the site does.
func TestLoadExistingWritesNothingWithoutAKey(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	env := map[string]string{"DATA_DIR": dir}
	get := func(k string) string { return env[k] }
	if _, err := config.LoadExisting(get); err == nil || !strings.Contains(err.Error(), "SECRET_KEY") {
		t.Fatalf("no key anywhere: %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Fatalf("the refused load left %s behind (%v)", dir, err)
	}
	site, err := config.Load(get) // the site's first start keeps a key
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := config.LoadExisting(get)
	if err != nil || string(cfg.SecretKey) != string(site.SecretKey) {
		t.Errorf("with the site's kept key: %v", err)
	}
	env = map[string]string{"DATA_DIR": filepath.Join(t.TempDir(), "other"), "SECRET_KEY": strings.Repeat("k", 32)}
	if cfg, err := config.LoadExisting(get); err != nil || string(cfg.SecretKey) != strings.Repeat("k", 32) {
		t.Errorf("with SECRET_KEY set: %v", err)
	}
}
