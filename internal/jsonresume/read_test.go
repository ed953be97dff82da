package jsonresume

import (
	"errors"
	"strings"
	"testing"

	"sitecard/models"
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

// A date written to the day (an award on 2023-05-01, as the schema's own sample writes
// them) comes out of the card to the day, so that export, import, export gives the same
// document; a month or a year stays as precise as it was, and the owner's dotted days
// too.
func TestDatesKeepTheirDay(t *testing.T) {
	for period, want := range map[string][2]string{
		"2023-05-01": {"2023-05-01", ""}, "2016-09-01 – 2018-06-30": {"2016-09-01", "2018-06-30"},
		"2022.04.15 – 2023.1.2": {"2022-04-15", "2023-01-02"}, "2019.03 – 2021": {"2019-03", "2021"}, "2022-04 –": {"2022-04", ""},
		"2020": {"2020", ""}, "2019-3": {"2019-03", ""},
	} {
		if start, end := dates(period); start != want[0] || end != want[1] {
			t.Errorf("dates(%q) = %q, %q; want %q, %q", period, start, end, want[0], want[1])
		}
	}
	r, err := NewReader()
	if err != nil {
		t.Fatal(err)
	}
	card, err := r.Read([]byte(`{"basics":{"name":"Seoyun Park"},"awards":[{"title":"Prize","date":"2023-05-01"}],` +
		`"certificates":[{"name":"AWS","date":"2021-11-01"}],"work":[{"name":"A","startDate":"2020-02-03","endDate":"2021-12-31"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	out := Build(card, Options{Network: func(*models.Link) string { return "" }})
	if out.Awards[0].Date != "2023-05-01" || out.Certificates[0].Date != "2021-11-01" ||
		out.Work[0].StartDate != "2020-02-03" || out.Work[0].EndDate != "2021-12-31" {
		t.Errorf("exported dates: award %q, certificate %q, work %q – %q", out.Awards[0].Date, out.Certificates[0].Date,
			out.Work[0].StartDate, out.Work[0].EndDate)
	}
}
