package config

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
)

// defaultDataDir is DATA_DIR when it is unset, as Load has it.
const defaultDataDir = "data"

// LoadExisting is Load for a command that must not write before it has checked its input
// (restore): with SECRET_KEY unset, it uses the key a site kept in DATA_DIR/secret_key,
// and with no such key it refuses, instead of generating one. A backup's tokens open only
// under the key that sealed them, so a new key could only make a restore fail later,
// after leaving a file behind.
func LoadExisting(getenv func(string) string) (*Config, error) {
	if strings.TrimSpace(getenv("SECRET_KEY")) == "" {
		dir := strings.TrimSpace(getenv("DATA_DIR"))
		if dir == "" {
			dir = defaultDataDir
		}
		b, err := os.ReadFile(filepath.Join(dir, "secret_key"))
		if err != nil || len(strings.TrimSpace(string(b))) < 32 {
			return nil, errors.New("SECRET_KEY: not set, and no key kept in DATA_DIR/secret_key: set the SECRET_KEY of the site the backup was written by (nothing was written)")
		}
	}
	return Load(getenv)
}
