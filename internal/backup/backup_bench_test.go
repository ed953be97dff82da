package backup_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"path/filepath"
	"testing"
	"time"

	"sitecard/internal/backup"
	"sitecard/internal/testutil"
)

// BenchmarkWrite measures a backup of a site with 64 MB of uploads (random bytes, which
// gzip cannot shrink) and 20,000 messages; MB/s is per megabyte of table data. The aim
// is about a second per 100 MB: go test -bench Write -benchtime 3x ./internal/backup.
func BenchmarkWrite(b *testing.B) {
	cfg := testutil.Config(b, "sqlite://"+filepath.ToSlash(filepath.Join(b.TempDir(), "b.db")))
	db := testutil.DB(b, cfg)
	ctx := context.Background()
	now := time.Now().UTC()
	body := make([]byte, 1<<20)
	for i := range 64 {
		rand.Read(body) //nolint:errcheck // crypto/rand does not fail
		if _, err := db.NewRaw("INSERT INTO uploads (name, content_type, body, created_at) VALUES (?, 'image/png', ?, ?)", fmt.Sprintf("%032x.png", i), body, now).Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
	tx, _ := db.BeginTx(ctx, nil)
	for i := range 20000 {
		if _, err := tx.NewRaw(`INSERT INTO messages (name, email, body, client_ip, state, attempts, last_error, created_at, updated_at)
			VALUES (?, 'v@example.com', ?, '192.0.2.1', 'sent', 1, '', ?, ?)`, fmt.Sprintf("방문자 %d", i), "안녕하세요, 카드를 보고 연락드립니다. 이력서에 있는 프로젝트에 대해 묻고 싶습니다.", now, now).Exec(ctx); err != nil {
			b.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		b.Fatal(err)
	}
	var size int64
	b.ResetTimer()
	for range b.N {
		man, err := backup.Write(ctx, db, io.Discard, backup.Options{Secret: cfg.SecretKey, Purpose: "sitecard/tokens/v1", Schema: "bench"})
		if err != nil {
			b.Fatal(err)
		}
		size = 0
		for _, t := range man.Tables {
			size += t.Bytes
		}
	}
	b.SetBytes(size)
}
