package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"sitecard/internal/backup/backuptest"
	"slices"
	"testing"

	"sitecard/internal/backup"
	"sitecard/internal/config"
	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

// Every table of the migrated schema, on each database, is either carried by a backup (and
// is in a backup that asks for every group) or named in backup.Exclusions with the reason:
// a migration that adds a table cannot leave it out of backups unnoticed.
func TestBackupCarriesEveryTableOfTheSchema(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		srv := testsite.Server(t, cfg)
		q := "SELECT name FROM sqlite_master WHERE type = 'table'"
		if cfg.Dialect == config.MariaDB {
			q = "SELECT table_name FROM information_schema.tables WHERE table_schema = DATABASE()"
		}
		var schema []string
		if err := srv.DB.NewRaw(q).Scan(context.Background(), &schema); err != nil {
			t.Fatal(err)
		}
		carried := map[string]bool{}
		for _, tb := range backup.Tables() {
			carried[tb.Name] = true
		}
		excluded := map[string]string{}
		for _, e := range backup.Exclusions() {
			if e.Reason == "" {
				t.Errorf("table %s is excluded without a reason", e.Name)
			}
			excluded[e.Name] = e.Reason
		}
		_, inFile := backuptest.Entries(t, writeBackup(t, srv))
		for _, name := range schema {
			switch {
			case carried[name] && excluded[name] != "":
				t.Errorf("table %s is both carried and excluded", name)
			case carried[name]:
				if _, ok := inFile["tables/"+name+".jsonl"]; !ok {
					t.Errorf("table %s is not in a backup with every group", name)
				}
			case excluded[name] == "":
				t.Errorf("table %s of the schema is neither in backup.Tables nor in backup.Exclusions", name)
			}
		}
		for name := range carried {
			if !slices.Contains(schema, name) {
				t.Errorf("backup.Tables names %s, which the schema does not have", name)
			}
		}
	})
}

// "sitecard backup" with no file name writes under the data folder, readable by its owner
// only, not into the working directory (in a clone, the repository).
func TestBackupCommandWritesUnderTheDataFolder(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+filepath.ToSlash(filepath.Join(t.TempDir(), "a.db")))
	testsite.Server(t, cfg)
	wd := t.TempDir()
	t.Chdir(wd)
	devnull, _ := os.Open(os.DevNull)
	defer devnull.Close()
	if err := Backup(context.Background(), cfg, nil, io.Discard, devnull); err != nil {
		t.Fatal(err)
	}
	if here, _ := os.ReadDir(wd); len(here) != 0 {
		t.Errorf("the working directory holds %v", here)
	}
	found, _ := filepath.Glob(filepath.Join(cfg.DataDir, "backups", "sitecard-*.tar.gz"))
	if len(found) != 1 {
		t.Fatalf("backups under the data folder: %v", found)
	}
	st, _ := os.Stat(filepath.Dir(found[0]))
	if st.Mode().Perm()&0o077 != 0 {
		t.Errorf("the backups folder is %v: others may read the password hashes", st.Mode().Perm())
	}
	b, _ := os.ReadFile(found[0])
	if _, bodies := backuptest.Entries(t, b); !bytes.Contains(bodies["header.json"], []byte(`"version": 2`)) {
		t.Errorf("the file written is not a version 2 backup")
	}
}
