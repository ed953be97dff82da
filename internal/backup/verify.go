package backup

import (
	"archive/tar"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
)

// maxSmallEntry bounds header.json, manifest.json and manifest.hmac: a few kilobytes
// each in a real file.
const maxSmallEntry = 1 << 20

// Verify reads the whole file and checks it before a restore writes anything: its entries
// in their order (the header, each table's entries together, the manifest, its MAC); every
// line a row no longer than opt.MaxLine; the manifest's MAC under SECRET_KEY (version 2);
// and every table against the manifest. h is the header ReadHeader read from the file.
func Verify(r io.Reader, h *Header, opt RestoreOptions) (*Manifest, error) {
	if opt.MaxLine <= 0 {
		return nil, errors.New("restore: no line limit is set (RestoreOptions.MaxLine)")
	}
	zr, err := gzip.NewReader(r)
	if err != nil {
		return nil, ErrNotBackup
	}
	tr := tar.NewReader(zr)
	sums := map[string]*tableSum{}
	var order []string
	var manRaw, macRaw []byte
	current := ""
	const (
		wantHeader = iota
		inTables
		afterManifest
		afterMAC
	)
	stage := wantHeader
	for {
		th, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, &Damaged{Table: current, Reason: "it ends early or is corrupt (" + err.Error() + ")"}
		}
		switch {
		case th.Name == headerEntry && stage == wantHeader:
			b, err := readSmall(tr)
			if err != nil || sha256.Sum256(b) != h.sum {
				return nil, &Damaged{Reason: "its header is not the one read first (the file changed while it was read)"}
			}
			stage = inTables
		case strings.HasPrefix(th.Name, "tables/") && stage == inTables:
			name := tableOf(th.Name)
			if !slices.Contains(h.Tables, name) {
				return nil, &Damaged{Table: name, Reason: "the table is not in the header"}
			}
			a := sums[name]
			if a == nil {
				a = &tableSum{h: sha256.New(), max: opt.MaxLine}
				sums[name] = a
				order = append(order, name)
			} else if name != current {
				return nil, &Damaged{Table: name, Reason: "its entries are not together"}
			}
			current = name
			if _, err := io.Copy(a, tr); err != nil {
				return nil, lineError(name, err, opt.MaxLine)
			}
			if err := a.endEntry(); err != nil {
				return nil, lineError(name, err, opt.MaxLine)
			}
		case th.Name == manifestEntry && stage == inTables:
			if manRaw, err = readSmall(tr); err != nil {
				return nil, &Damaged{Reason: "the manifest does not read"}
			}
			stage = afterManifest
		case th.Name == macEntry && stage == afterManifest && h.Authenticated():
			if macRaw, err = readSmall(tr); err != nil {
				return nil, ErrNotAuthentic
			}
			stage = afterMAC
		default:
			return nil, &Damaged{Table: current, Reason: fmt.Sprintf("an entry %q where none belongs", th.Name)}
		}
	}
	// gzip checks its own checksum at the end: a flipped bit anywhere shows here if not before.
	if _, err := io.Copy(io.Discard, zr); err != nil {
		return nil, &Damaged{Table: current, Reason: err.Error()}
	}
	if manRaw == nil {
		return nil, &Damaged{Reason: "it has no manifest: it ends early"}
	}
	if h.Authenticated() && (macRaw == nil || !checkMAC(opt.Secret, manRaw, macRaw)) {
		return nil, ErrNotAuthentic
	}
	man := new(Manifest)
	if err := json.Unmarshal(manRaw, man); err != nil {
		return nil, &Damaged{Reason: "the manifest does not read"}
	}
	if h.Authenticated() && man.Header != hex.EncodeToString(h.sum[:]) {
		return nil, ErrNotAuthentic // a header from another file of this site
	}
	if !slices.Equal(manifestNames(man), order) || !slices.Equal(order, h.Tables) {
		for _, name := range h.Tables {
			if sums[name] == nil {
				return nil, &Damaged{Table: name, Reason: "the table is missing"}
			}
		}
		return nil, &Damaged{Reason: "the tables of the header, the file and the manifest differ"}
	}
	for _, t := range man.Tables {
		a := sums[t.Name]
		if hex.EncodeToString(a.h.Sum(nil)) != t.SHA256 || a.bytes != t.Bytes || a.rows != t.Rows {
			return nil, &Damaged{Table: t.Name, Reason: "its checksum does not match the manifest"}
		}
	}
	return man, nil
}

func manifestNames(man *Manifest) []string {
	out := make([]string, len(man.Tables))
	for i, t := range man.Tables {
		out[i] = t.Name
	}
	return out
}

// readSmall reads a small entry whole, refusing one over maxSmallEntry.
func readSmall(r io.Reader) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSmallEntry+1))
	if err == nil && len(b) > maxSmallEntry {
		err = errors.New("the entry is too large")
	}
	return b, err
}

func tableOf(entry string) string {
	name := strings.TrimPrefix(entry, "tables/")
	name, _, _ = strings.Cut(name, ".jsonl")
	return name
}
