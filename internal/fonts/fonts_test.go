package fonts_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"sitecard/internal/fonts"
)

// The embedded fonts are the vendored files (fetch-font.sh).
func TestFontsAreTheRecordedFiles(t *testing.T) {
	recorded, err := os.ReadFile("fonts.sha256")
	if err != nil {
		t.Fatal(err)
	}
	for name, file := range map[string]struct {
		body []byte
		pkg  string
	}{"NanumSquareR.ttf": {fonts.Regular, "fonts-nanum"}, "NanumSquareB.ttf": {fonts.Bold, "fonts-nanum"},
		"NotoSans-Regular.ttf": {fonts.LatinRegular, "fonts-noto-core"}, "NotoSans-Bold.ttf": {fonts.LatinBold, "fonts-noto-core"}} {
		sum := sha256.Sum256(file.body)
		if !strings.Contains(string(recorded), hex.EncodeToString(sum[:])+"  "+file.pkg) || !strings.Contains(string(recorded), name) {
			t.Errorf("%s is not the recorded file: run internal/fonts/fetch-font.sh", name)
		}
	}
}

// Every letter of Latin-1 and Latin Extended-A, and the Hangul of names and schools, is
// drawn by one of the two fonts, in both weights; the stretches keep words whole.
// (NanumSquare draws the 2,350 syllables of KS X 1001 and a few more, not all 11,172.)
func TestEveryLetterHasAFont(t *testing.T) {
	for name, pair := range map[string][2][]byte{"regular": {fonts.Regular, fonts.LatinRegular}, "bold": {fonts.Bold, fonts.LatinBold}} {
		fb, err := fonts.NewFallback(pair[0], pair[1])
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range "박서윤홍길동김이최정강조윤장임한국대학교컴퓨터공학과경력학력자격증수상프로젝트기술언어모국어" {
			if fb.Pick(r) != 0 {
				t.Errorf("%s: %q is not set in NanumSquare", name, r)
			}
		}
		for _, span := range [][2]rune{{0x20, 0x7e}, {0xa0, 0xff}, {0x100, 0x17f}} {
			for r := span[0]; r <= span[1]; r++ {
				if r == 0xad { // the soft hyphen is not drawn
					continue
				}
				if fb.Pick(r) < 0 {
					t.Errorf("%s: no font draws %U %q", name, r, r)
				}
			}
		}
		if fb.Pick('é') != 1 || fb.Pick('한') != 0 || fb.Pick('A') != 0 || fb.Pick('•') != 1 {
			t.Errorf("%s: é in %d, 한 in %d, A in %d", name, fb.Pick('é'), fb.Pick('한'), fb.Pick('A'))
		}
		runs := fb.Runs("박서윤 · École supérieure, résumé 2020")
		var got []string
		for _, r := range runs {
			got = append(got, r.Text)
			for _, c := range r.Text {
				if !fb.Has(r.Font, c) {
					t.Errorf("%s: %q set in font %d, which lacks it", name, c, r.Font)
				}
			}
		}
		// A line one font draws whole is set in it whole: one weight of letters for a
		// Latin name with accents, however its words fall.
		// NanumSquare draws Ł, Ø and ß but not é or ñ: without this rule "Łukasz
		// Øster-Straße" was NanumSquare and "Ñúñez" Noto Sans in one name.
		for _, line := range []string{"my résumé", "Łukasz Øster-Straße Ñúñez", "Ñúñez García", "Zoë Ångström, Ph.D."} {
			if r := fb.Runs(line); len(r) != 1 || r[0].Text != line || r[0].Font != 1 {
				t.Errorf("%s: %q is set in more than Noto Sans: %+v", name, line, r)
			}
		}
		if r := fb.Runs("Łukasz Øster-Straße"); len(r) != 1 || r[0].Font != 0 {
			t.Errorf("%s: a line NanumSquare draws whole left it: %+v", name, r)
		}
		if r := fb.Runs("Seoyun Park"); len(r) != 1 || r[0].Font != 0 {
			t.Errorf("%s: a plain Latin line left NanumSquare: %+v", name, r)
		}
		if r := fb.Runs("박서윤 résumé"); len(r) != 2 || r[0].Text != "박서윤 " || r[1].Text != "résumé" {
			t.Errorf("%s: a word split across fonts: %+v", name, r)
		}
		if strings.Join(got, "|") != "박서윤 · |École supérieure, résumé |2020" {
			t.Errorf("%s: runs %q", name, got)
		}
	}
}

// Runs always gives the text back whole, in order, each stretch in a font that draws its
// letters whenever one of the fonts can.
func FuzzRuns(f *testing.F) {
	fb, err := fonts.NewFallback(fonts.Regular, fonts.LatinRegular)
	if err != nil {
		f.Fatal(err)
	}
	for _, s := range []string{"박서윤 · École", "my résumé", "", "  ", "Łódź\n한국", "\xff\xfe bad utf-8 é", "•••"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var b strings.Builder
		for _, r := range fb.Runs(s) {
			if r.Text == "" || r.Font < 0 || r.Font > 1 {
				t.Fatalf("run %+v", r)
			}
			b.WriteString(r.Text)
			for _, c := range r.Text {
				if !fb.Has(r.Font, c) && fb.Pick(c) >= 0 && !strings.ContainsRune(" \t\n", c) {
					t.Fatalf("%q set in font %d, which lacks it, though font %d has it", c, r.Font, fb.Pick(c))
				}
			}
		}
		if b.String() != s {
			t.Fatalf("runs of %q give back %q", s, b.String())
		}
	})
}
