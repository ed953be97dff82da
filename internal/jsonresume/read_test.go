package jsonresume

import (
	"errors"
	"strings"
	"testing"
)

// Dates written the Korean way are read as ISO dates; anything else is left for the
// schema to refuse.
func TestFromDotted(t *testing.T) {
	for in, want := range map[string]string{"2022.04": "2022-04", "2022.4": "2022-04", "2022.04.15": "2022-04-15", "2022. 4. 5.": "2022-04-05",
		" 2019.12 ": "2019-12", "2022.13": "", "2022.04.32": "", "2022-04": "", "04.2022": "", "2022": ""} {
		got, ok := fromDotted(in)
		if got != want || ok != (want != "") {
			t.Errorf("fromDotted(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
}

// Whatever bytes come in, Read returns a card or an Invalid with problems, never panics,
// and a card always has a name.
func FuzzRead(f *testing.F) {
	r, err := NewReader()
	if err != nil {
		f.Fatal(err)
	}
	f.Add([]byte(`{"basics":{"name":"박서윤"},"work":[{"name":"A","startDate":"2022.04","highlights":["x"]}]}`))
	f.Add([]byte(`{"basics":{"name":"X","profiles":[{"url":"https://github.com/x"}]},"skills":[{"name":"Go","level":"Master"}]}`))
	f.Add([]byte(`{"basics":{"name":"X"},"awards":[{"title":"t","summary":"s — https://e.com"}],"languages":[{"language":"Korean"}]}`))
	f.Add([]byte(`{"work":[{"startDate":"soon"}],"education":[{"courses":"x"}]}`))
	f.Add([]byte(`[1,2`))
	f.Fuzz(func(t *testing.T, data []byte) {
		c, notes, err := r.ReadNotes(data)
		var inv *Invalid
		switch {
		case errors.As(err, &inv):
			if len(inv.Problems) == 0 {
				t.Fatal("refused with no problem")
			}
		case err != nil:
			t.Fatalf("an error that is not Invalid: %v", err)
		case c.NameKo == "" && c.NameEn == "":
			t.Fatal("a card with no name")
		}
		for _, n := range notes {
			if n.Code != NoteDottedDate || n.Want == "" {
				t.Fatalf("note %+v", n)
			}
		}
	})
}

// Files as editors and exporters leave them: Windows Notepad saves UTF-8 with a byte
// order mark, and many exporters write an ongoing job's end as "" rather than leaving it
// out. Both are read, the empty end as no end (the job goes on); the other dates stay.
func TestReadsTheFilesEditorsLeave(t *testing.T) {
	r, err := NewReader()
	if err != nil {
		t.Fatal(err)
	}
	doc := `{"basics":{"name":"Seoyun Park"},"work":[{"name":"Example Corp","position":"Engineer","startDate":"2022-04","endDate":""}],` +
		`"education":[{"institution":"KAIST","startDate":"2014","endDate":" "}],"awards":[{"title":"Prize","date":""}]}`
	for name, data := range map[string][]byte{"byte order mark": append([]byte("\ufeff"), doc...), "plain": []byte(doc)} {
		card, err := r.Read(data)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if card.NameEn != "Seoyun Park" {
			t.Errorf("%s: English name %q", name, card.NameEn)
		}
		var periods []string
		for _, s := range card.Sections {
			for _, it := range s.Items {
				periods = append(periods, it.Period)
			}
		}
		if len(periods) != 3 || !strings.HasPrefix(periods[0], "2022-04") || !strings.HasPrefix(periods[1], "2014") {
			t.Errorf("%s: periods %q", name, periods)
		}
	}
}
