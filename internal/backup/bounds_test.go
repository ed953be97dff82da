package backup

import (
	"archive/tar"
	"bytes"
	"compress/gzip"
	"errors"
	"strings"
	"testing"
)

// fileWithHeader is a gzipped tar whose first entry is header.json with body.
func fileWithHeader(t *testing.T, body string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	tw := tar.NewWriter(zw)
	if err := tw.WriteHeader(&tar.Header{Name: headerEntry, Mode: 0o600, Size: int64(len(body))}); err != nil {
		t.Fatal(err)
	}
	if _, err := tw.Write([]byte(body)); err != nil {
		t.Fatal(err)
	}
	if err := tw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Issue 24 §5: the small entries of a backup (its header, manifest and MAC) are read
// whole, so each is bounded: a header padded past a megabyte (which gzip shrinks to a few
// kilobytes, so that the file itself looks small) is refused as no backup before it is
// held or parsed, while the same header at its usual size is read on, to the key check.
func TestAHeaderPastItsBoundIsRefusedUnread(t *testing.T) {
	header := func(pad int) string {
		return `{"format":"` + Format + `","version":2,"schema":"20261125000001_schema",` + strings.Repeat(" ", pad) + `"key_check":"x"}`
	}
	opt := RestoreOptions{Secret: []byte("0123456789abcdef0123456789abcdef"), Purpose: "sitecard/tokens/v1"}
	if _, err := ReadHeader(bytes.NewReader(fileWithHeader(t, header(100))), opt, "20261201000801_x"); !errors.Is(err, ErrWrongKey) {
		t.Fatalf("a header of the usual size: %v, want it read up to the key check (ErrWrongKey)", err)
	}
	big := fileWithHeader(t, header(maxSmallEntry+1))
	if len(big) > 64<<10 {
		t.Fatalf("the padded file is %d bytes: the test wants a small file that unpacks large", len(big))
	}
	if _, err := ReadHeader(bytes.NewReader(big), opt, "20261201000801_x"); !errors.Is(err, ErrNotBackup) {
		t.Errorf("a header over %d bytes: %v, want ErrNotBackup", maxSmallEntry, err)
	}
}
