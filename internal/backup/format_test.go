package backup

import (
	"bytes"
	"encoding/json"
	"reflect"
	"testing"
	"time"
)

// Every kind of value a driver hands over comes back from the file as the same value.
func TestValuesRoundTrip(t *testing.T) {
	at := time.Date(2026, 11, 28, 15, 4, 5, 123456000, time.UTC)
	for _, c := range []struct {
		in     any
		binary bool
		want   any
	}{
		{nil, false, nil}, {int64(-42), false, int64(-42)}, {3.5, false, 3.5}, {true, false, true},
		{"한글 \"quoted\" <tag>\n", false, "한글 \"quoted\" <tag>\n"}, {at, false, at},
		{[]byte("text from MariaDB"), false, "text from MariaDB"},
		{[]byte{0, 1, 2, 255}, true, []byte{0, 1, 2, 255}},
		{[]byte{0xff, 0xfe}, false, []byte{0xff, 0xfe}}, // not UTF-8: kept as bytes
	} {
		line := appendValue(nil, c.in, c.binary)
		dec := json.NewDecoder(bytes.NewReader(line))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			t.Fatalf("%v: %s does not read: %v", c.in, line, err)
		}
		got, err := decodeValue(v)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%#v → %s → %#v (%v), want %#v", c.in, line, got, err, c.want)
		}
	}
	if _, err := decodeValue(map[string]any{"$x": "?"}); err == nil {
		t.Error("an unknown object was read as a value")
	}
}

// Whatever bytes a restore is handed, it answers with an error or a manifest, never a
// panic or both nothing and no error.
func FuzzVerify(f *testing.F) {
	f.Add([]byte("hello"))
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255})
	f.Fuzz(func(t *testing.T, data []byte) {
		opt := RestoreOptions{Secret: []byte("k"), Purpose: "p", MaxLine: 1 << 10}
		h, err := ReadHeader(bytes.NewReader(data), opt, "9")
		if err == nil && h == nil {
			t.Fatal("no header and no error")
		}
		if h == nil {
			h = &Header{Version: Version, Tables: []string{"members"}}
		}
		if man, err := Verify(bytes.NewReader(data), h, opt); err == nil && man == nil {
			t.Fatal("no manifest and no error")
		}
	})
}

// Whatever a file's value and whatever a column's declared type, the check answers with
// the value to write or a reason, never a panic; a boolean it lets through is 0 or 1, and
// an integer is in its column's range.
func FuzzValueCheck(f *testing.F) {
	for _, c := range [][2]string{{"BOOLEAN", `"yes"`}, {"tinyint(1)", `1`}, {"VARCHAR(3)", `"가나다라"`}, {"TIMESTAMP", `{"$t":"x"}`},
		{"int(11)", `99999999999`}, {"mediumblob", `{"$b":"AAE="}`}, {"bigint(20) unsigned", `-1`}, {"TEXT", `null`}} {
		f.Add(c[0], []byte(c[1]), false)
	}
	f.Fuzz(func(t *testing.T, decl string, value []byte, mysql bool) {
		dec := json.NewDecoder(bytes.NewReader(value))
		dec.UseNumber()
		var raw any
		if dec.Decode(&raw) != nil {
			return
		}
		v, err := decodeValue(raw)
		if err != nil {
			return
		}
		col := parseType(decl, mysql)
		got, why := col.check(v)
		if why != "" {
			return
		}
		switch col.kind {
		case kindBool:
			if got != int64(0) && got != int64(1) && got != nil {
				t.Fatalf("%s took %#v as %#v", decl, v, got)
			}
		case kindInt:
			if i, ok := got.(int64); ok && (i < col.min || i > col.max) {
				t.Fatalf("%s took %d, out of %d..%d", decl, i, col.min, col.max)
			}
		}
	})
}
