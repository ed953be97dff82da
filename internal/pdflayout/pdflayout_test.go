package pdflayout_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"unicode"
	"unicode/utf8"

	"sitecard/internal/pdflayout"
	"sitecard/internal/pdftext"
)

// The PDFs under testdata were made by the producers named in make.sh (groff and
// ps2pdf, Chromium, LibreOffice from .docx and .fodt, fpdf); the tests read them as
// committed, through the sandboxed child, as an upload is read.
var read = struct {
	sync.Mutex
	docs map[string]pdflayout.Document
}{docs: map[string]pdflayout.Document{}}

func doc(t *testing.T, name string) pdflayout.Document {
	t.Helper()
	read.Lock()
	defer read.Unlock()
	if d, ok := read.docs[name]; ok {
		return d
	}
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	d, err := pdflayout.Read(context.Background(), data, pdftext.DefaultLimits())
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	read.docs[name] = d
	checkInvariants(t, name, d)
	return d
}

// checkInvariants holds for every document: no private-use character, no fact over
// MaxFact characters, nothing empty.
func checkInvariants(t *testing.T, name string, d pdflayout.Document) {
	t.Helper()
	for _, f := range d.Facts {
		if strings.IndexFunc(f.Text+f.Section, isPrivate) >= 0 {
			t.Errorf("%s: a private-use character in %q / %q", name, f.Section, f.Text)
		}
		if n := utf8.RuneCountInString(f.Text); n > pdflayout.MaxFact || n == 0 {
			t.Errorf("%s: a fact of %d characters: %q", name, n, f.Text)
		}
	}
}

func isPrivate(r rune) bool { return unicode.Is(unicode.Co, r) }

// find returns the first fact whose text contains all of parts.
func find(d pdflayout.Document, parts ...string) (pdflayout.Fact, bool) {
	for _, f := range d.Facts {
		ok := true
		for _, p := range parts {
			ok = ok && strings.Contains(f.Text, p)
		}
		if ok {
			return f, true
		}
	}
	return pdflayout.Fact{}, false
}

func want(t *testing.T, d pdflayout.Document, section string, kind pdflayout.Kind, parts ...string) pdflayout.Fact {
	t.Helper()
	f, ok := find(d, parts...)
	if !ok {
		t.Errorf("no fact with %q; facts:\n%s", parts, dump(d))
		return f
	}
	if f.Section != section || f.Kind != kind {
		t.Errorf("%q: section %q kind %v, want %q %v", f.Text, f.Section, f.Kind, section, kind)
	}
	return f
}

func dump(d pdflayout.Document) string {
	var b strings.Builder
	for _, f := range d.Facts {
		b.WriteString("  p" + string(rune('0'+f.Page)) + " " + f.Kind.String() + " [" + f.Section + "] " + f.Text + "\n")
	}
	return b.String()
}

func geometry(t *testing.T, name string) []pdftext.Page {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	pages, err := pdftext.Geometry(context.Background(), data, pdftext.DefaultLimits())
	if err != nil {
		t.Fatal(err)
	}
	return pages
}

// groff and fpdf write no space characters: words are apart by gaps alone, and the
// reader spaces them as pdftotext does.
func TestWordsAreSpacedByTheGapsBetweenThem(t *testing.T) {
	for _, name := range []string{"prose.pdf", "gaps.pdf"} {
		spaces := 0
		for _, p := range geometry(t, name) {
			for _, g := range p.Glyphs {
				if g.R == ' ' && !g.Generated {
					spaces++
				}
			}
		}
		if name == "gaps.pdf" && spaces != 0 {
			t.Fatalf("gaps.pdf has %d space characters; the test needs none", spaces)
		}
		d := doc(t, name)
		if _, ok := find(d, "I lead a team of seven modellers"); !ok {
			t.Errorf("%s: words glued or lost:\n%s", name, dump(d))
		}
	}
	want(t, doc(t, "gaps.pdf"), "Experience", pdflayout.Sentence, "Senior hydrologist at Basalt Water since 2018.")
}

// A word hyphenated at a line's end is whole again, and the lines of its paragraph are
// one text.
func TestAWordHyphenatedAtALineEndIsWhole(t *testing.T) {
	prose := doc(t, "prose.pdf")
	for _, w := range []string{"across Queensland.", "lead at Riverbend Hydrology.", "our reporting templates"} {
		if _, ok := find(prose, w); !ok {
			t.Errorf("prose.pdf: no %q:\n%s", w, dump(prose))
		}
	}
	want(t, doc(t, "gaps.pdf"), "Summary", pdflayout.Sentence, "the calibration and development guides the team still follows today.")
}

// A sidebar and a main column are each read in order, never line by line across; the
// list markers Chromium draws as shapes start bullets.
func TestTwoColumnsAreReadEachInOrder(t *testing.T) {
	d := doc(t, "twocol.pdf")
	want(t, d, "Skills", pdflayout.Pair, "Python: 4 of 5")
	want(t, d, "EXPERIENCE", pdflayout.Bullet, "Rebuilt the nightly sales pipeline on Apache Flink, cutting the delay from six hours to twelve minutes for every store in the network.")
	want(t, d, "Education", pdflayout.Sentence, "MSc in Computer Science")
	want(t, d, "LANGUAGES", pdflayout.Line, "English, fluent (C1)")
	want(t, d, "", pdflayout.Line, "Mira Castellanos") // the name atop the main column, read after the sidebar, is no heading
	sidebar := []string{"Python", "Valencia", "Catalan", "PyCon", "DataConf"}
	for _, f := range d.Facts {
		side := false
		for _, s := range sidebar {
			side = side || strings.Contains(f.Text, s)
		}
		if side && (strings.Contains(f.Text, "Naranja") || strings.Contains(f.Text, "pipeline") || strings.Contains(f.Text, "Flink")) {
			t.Errorf("a fact mixes the columns: %q", f.Text)
		}
	}
}

// A LibreOffice text frame beside the body is a block of its own.
func TestATextFrameIsABlockOfItsOwn(t *testing.T) {
	d := doc(t, "frame.pdf")
	want(t, d, "Interests", pdflayout.Sentence, "Sea kayaking and coastal birdwatching")
	want(t, d, "Languages", pdflayout.Line, "Welsh, beginner")
	want(t, d, "Experience", pdflayout.Sentence, "I run the on-call rota for the grid telemetry platform and wrote its incident handbook.")
	want(t, d, "Contact", pdflayout.Pair, "Email: o.reyes@example.co.uk")
}

// A table's data row is one fact that names its columns; its header row is no fact.
func TestATableRowCarriesItsHeaders(t *testing.T) {
	d := doc(t, "tables.pdf")
	want(t, d, "학력사항", pdflayout.Row, "기간 2015.03 – 2017.02 · 학교 KAIST · 전공 전산학 · 학위 석사")
	// LibreOffice cut 정보컴퓨터공학 between two syllables in its narrow cell.
	want(t, d, "학력사항", pdflayout.Row, "학교 부산대학교 · 전공 정보컴퓨터공학 · 학위 학사")
	for _, f := range d.Facts {
		if strings.Contains(f.Text, "기간 학교") || f.Text == "기간" || strings.HasPrefix(f.Text, "자격증 취득일") || strings.HasPrefix(f.Text, "어학시험 점수") {
			t.Errorf("a header row became a fact: %q", f.Text)
		}
	}
}

// Two tables side by side are two tables: each row stays with its own table's headers.
func TestTablesSideBySideAreTwoTables(t *testing.T) {
	d := doc(t, "tables.pdf")
	want(t, d, "자격증 및 어학", pdflayout.Row, "자격증 정보처리기사 · 취득일 2016.11")
	want(t, d, "자격증 및 어학", pdflayout.Row, "어학시험 TOEIC · 점수 925")
	want(t, d, "자격증 및 어학", pdflayout.Row, "어학시험 JLPT · 점수 N2")
	for _, f := range d.Facts {
		if strings.Contains(f.Text, "정보처리기사") && strings.Contains(f.Text, "TOEIC") {
			t.Errorf("the side-by-side tables merged: %q", f.Text)
		}
	}
	// One grid that holds both, as a Korean form often is: each half of a row is a fact.
	g := doc(t, "grid.pdf")
	want(t, g, "자격증 / 어학", pdflayout.Row, "자격증명 정보보안기사 · 취득일 2019.06")
	want(t, g, "자격증 / 어학", pdflayout.Row, "어학시험 TOEIC · 점수 890")
	want(t, g, "자격증 / 어학", pdflayout.Row, "취득일 2018.12")
	for _, f := range g.Facts {
		if strings.Contains(f.Text, "정보보안기사") && strings.Contains(f.Text, "TOEIC") {
			t.Errorf("the grid's two tables merged: %q", f.Text)
		}
	}
}

// A bullet of any glyph starts a fact and is not part of it, Word's private-use Symbol
// and Wingdings bullets (as LibreOffice writes them from .docx) too.
func TestBulletsOfEveryGlyphStartAFact(t *testing.T) {
	d := doc(t, "glyphs.pdf")
	for _, b := range []string{"•", "◦", "▪", "■", "●", "○", "·", "-", "*", "➢", "✓", "1.", "2)"} {
		f := want(t, d, "EXPERIENCE", pdflayout.Bullet, "the "+b+" glyph")
		if !strings.HasPrefix(f.Text, "Item after") {
			t.Errorf("bullet %q kept: %q", b, f.Text)
		}
	}
	private := map[rune]bool{}
	for _, p := range geometry(t, "bullets.pdf") {
		for _, g := range p.Glyphs {
			if g.R >= 0xf000 && g.R <= 0xf0ff {
				private[g.R] = true
			}
		}
	}
	for _, r := range []rune{0xf0b7, 0xf0a7, 0xf0d8, 0xf076, 0xf0fc} {
		if !private[r] {
			t.Errorf("bullets.pdf has no U+%04X: the test needs LibreOffice's private-use bullets", r)
		}
	}
	w := doc(t, "bullets.pdf")
	want(t, w, "경력 (Experience)", pdflayout.Bullet, "주문 데이터 파이프라인을 Kafka") // U+F0B7
	want(t, w, "경력 (Experience)", pdflayout.Bullet, "Built the customer churn dashboard")
	want(t, w, "경력 (Experience)", pdflayout.Bullet, "Ran the migration of 40 TB") // U+F0A7
	want(t, w, "기술 (Skills)", pdflayout.Bullet, "Python, Go, SQL, Apache Spark")  // U+F0D8
	want(t, w, "기술 (Skills)", pdflayout.Bullet, "Docker, Kubernetes, Terraform")  // U+F076
	want(t, w, "기타 (Etc.)", pdflayout.Bullet, "Volunteer Korean tutor")           // U+F0FC
	want(t, w, "기타 (Etc.)", pdflayout.Bullet, "마라톤 풀코스 세 번 완주")
}

// A heading no vocabulary knows starts a section by how it is set.
func TestAnUnknownHeadingStartsASection(t *testing.T) {
	want(t, doc(t, "bullets.pdf"), "기타 (Etc.)", pdflayout.Bullet, "Volunteer Korean tutor at the Busan Migrant Centre since 2021.")
	want(t, doc(t, "twocol.pdf"), "Talks & Awards", pdflayout.Sentence, "Speaker at PyCon Spain 2023 on streaming joins")
	want(t, doc(t, "glyphs.pdf"), "Talks & Awards", pdflayout.Line, "Keynote at GopherCon Korea 2024")
}

// Letter-spaced headings read as their word: typed with spaces (fpdf) or spaced by CSS
// (Chromium).
func TestALetterSpacedHeadingReadsAsItsWord(t *testing.T) {
	g := doc(t, "glyphs.pdf")
	want(t, g, "EXPERIENCE", pdflayout.Heading, "EXPERIENCE")
	want(t, g, "LANGUAGES", pdflayout.Heading, "LANGUAGES")
	want(t, doc(t, "twocol.pdf"), "EXPERIENCE", pdflayout.Heading, "EXPERIENCE")
	want(t, doc(t, "twocol.pdf"), "LANGUAGES", pdflayout.Heading, "LANGUAGES")
}

// A running header and footer on both pages are dropped; the pages' content stays.
func TestARunningHeaderAndFooterAreDropped(t *testing.T) {
	d := doc(t, "tables.pdf")
	for _, f := range d.Facts {
		for _, furniture := range []string{"CONFIDENTIAL", "페이지", "경력기술서"} {
			if strings.Contains(f.Text, furniture) || strings.Contains(f.Section, furniture) {
				t.Errorf("page furniture in a fact: [%s] %q", f.Section, f.Text)
			}
		}
	}
	f := want(t, d, "경력사항", pdflayout.Sentence, "주문 이벤트 스트림을 처리하는 서비스를 Go로 다시 작성했습니다.")
	if f.Page != 2 {
		t.Errorf("page %d, want 2", f.Page)
	}
	want(t, d, "", pdflayout.Line, "황보민재")
}

// Stars and dots become a level beside their skill.
func TestRatingsBecomeALevel(t *testing.T) {
	tw := doc(t, "twocol.pdf")
	want(t, tw, "Skills", pdflayout.Pair, "Python: 4 of 5")
	want(t, tw, "Skills", pdflayout.Pair, "Kubernetes: 2 of 5")
	g := doc(t, "glyphs.pdf")
	want(t, g, "LANGUAGES", pdflayout.Pair, "Korean: 5 of 5")
	want(t, g, "LANGUAGES", pdflayout.Pair, "English: 3 of 5")
	want(t, g, "LANGUAGES", pdflayout.Pair, "Spanish: 2 of 5")
	want(t, doc(t, "tables.pdf"), "보유기술", pdflayout.Row, "Go: 5점 중 4 (4/5)")
	for _, name := range []string{"twocol.pdf", "glyphs.pdf", "tables.pdf"} {
		for _, f := range doc(t, name).Facts {
			if f.Kind != pdflayout.Bullet && strings.ContainsAny(f.Text, "★☆○□") || strings.Contains(f.Text, "●●") {
				t.Errorf("%s: rating glyphs left: %q", name, f.Text)
			}
		}
	}
}

// A contact block is label: value pairs, not the heading of what follows.
func TestAContactBlockIsPairs(t *testing.T) {
	tw := doc(t, "twocol.pdf")
	want(t, tw, "Contact", pdflayout.Pair, "Email: mira@castellanos.example")
	want(t, tw, "Contact", pdflayout.Pair, "City: Valencia, Spain")
	b := doc(t, "bullets.pdf")
	want(t, b, "", pdflayout.Pair, "휴대폰: 010-4821-7730")
	want(t, b, "", pdflayout.Pair, "Email: seojin.lee@example.kr")
	want(t, b, "", pdflayout.Line, "이서진 (Seojin Lee)")
}

// Prose is a fact per sentence, in both languages.
func TestProseIsOneFactPerSentence(t *testing.T) {
	p := doc(t, "prose.pdf")
	want(t, p, "Profile", pdflayout.Sentence, "Before that I spent four years as a graduate engineer designing stormwater networks.")
	k := doc(t, "tables.pdf")
	want(t, k, "", pdflayout.Sentence, "데이터 플랫폼을 만드는 백엔드 개발자입니다.")
	want(t, k, "", pdflayout.Sentence, "대용량 주문 데이터를 다루는 일을 좋아합니다.")
}

// A table drawn without rules (an HTML table printed by Chromium) is a table too: its
// header names the columns of each row and is no fact itself.
func TestATableWithoutRulesCarriesItsHeaders(t *testing.T) {
	d := doc(t, "borderless.pdf")
	want(t, d, "Education", pdflayout.Row, "Period 2012 – 2016 · School University of Leeds · Degree MEng Civil Engineering")
	want(t, d, "Education", pdflayout.Row, "Period 2010 – 2012 · School Loreto College · Degree A levels")
	for _, f := range d.Facts {
		if strings.Contains(f.Text, "Period · School") || f.Text == "Period School Degree" {
			t.Errorf("the header row became a fact: %q", f.Text)
		}
	}
}

// A label cell down a table's first column (학력사항 beside its rows) is the table's
// section, not a column of every row.
func TestALabelDownATableIsItsSection(t *testing.T) {
	g := doc(t, "grid.pdf")
	want(t, g, "학력사항", pdflayout.Row, "기간 2016.03 – 2020.02 · 학교 서울시립대학교 · 전공 컴퓨터과학")
	for _, f := range g.Facts {
		if f.Kind == pdflayout.Row && strings.Contains(f.Text, "학력사항") {
			t.Errorf("the label is in a row: %q", f.Text)
		}
	}
}

// Two columns set on one grid of baselines (CSS columns, printed by Chromium) are still
// two flows: each is read whole, its paragraphs joined across their lines.
func TestColumnsOnOneGridAreReadEachInOrder(t *testing.T) {
	d := doc(t, "columns.pdf")
	want(t, d, "Profile", pdflayout.Sentence, "Backend engineer who has spent nine years building payment systems for marketplaces in Madrid and Lisbon, with a taste for boring, well-tested code.")
	want(t, d, "Experience", pdflayout.Sentence, "Engineer at Tiendalia, Madrid, from 2015 to 2017, on the checkout and the fraud rules.")
	want(t, d, "Education", pdflayout.Sentence, "MSc in Computer Science, Universidad Politécnica de Madrid, 2015.")
	want(t, d, "Skills", pdflayout.Sentence, "Go, Kotlin, PostgreSQL, Kafka, Terraform, and writing design documents people read.")
	want(t, d, "Interests", pdflayout.Sentence, "Long-distance cycling; I rode from Madrid to Lisbon in five days in 2022.")
}

// A form whose cells are stroked rectangles (fpdf's bordered cells: no ruling line of
// their own) is read as tables: numbered section headings ("1. 인적사항") start their
// sections, the labels and values are pairs (병역구분 too, a label the vocabulary need
// not know beside ones it knows), each row carries its header, and two tables side by
// side are two tables. Before, every column was read apart, header first.
func TestAFormOfStrokedCellsIsReadAsTables(t *testing.T) {
	d := doc(t, "form.pdf")
	want(t, d, "인적사항", pdflayout.Pair, "성명: 윤서진 (Yoon Seojin)")
	want(t, d, "인적사항", pdflayout.Pair, "생년월일: 1990.04.12")
	want(t, d, "인적사항", pdflayout.Pair, "주소: 광주광역시 북구 용봉동")
	want(t, d, "인적사항", pdflayout.Pair, "병역구분: 군필")
	want(t, d, "학력사항", pdflayout.Row, "기간 2009.03 ~ 2013.02 · 학교명 전남대학교 · 전공 토목공학 · 구분 학사 졸업")
	want(t, d, "자격증 및 어학", pdflayout.Row, "자격증명 토목기사 · 취득일 2012.11")
	want(t, d, "자격증 및 어학", pdflayout.Row, "자격증명 측량기사 · 취득일 2014.05")
	want(t, d, "자격증 및 어학", pdflayout.Row, "어학시험 TOEIC · 점수 790 · 취득일 2021.03")
	want(t, d, "보유 기술", pdflayout.Bullet, "AutoCAD Civil 3D, MIDAS Civil")
	for _, f := range d.Facts {
		if strings.Contains(f.Text, "기간 학교명") || strings.Contains(f.Text, "자격증명 취득일") || strings.HasPrefix(f.Section, "1.") {
			t.Errorf("a header row or a numbered heading: [%s] %q", f.Section, f.Text)
		}
	}
}

// LibreOffice adds room between Hangul and Latin letters or figures (Asian typography):
// "7년" prints as "7 년" though the text has no space there, and pdftotext reads it so.
// On a page that writes its spaces as characters, that room is no space; a written
// space ("TF 리더") stays.
func TestHangulBesideLatinOrFiguresIsOneWord(t *testing.T) {
	d := doc(t, "autospace.pdf")
	want(t, d, "경력사항", pdflayout.Sentence, "품질보증팀에서 7년 7개월 동안 일했고, 고객 클레임을 180 PPM에서 35 PPM으로 낮춘 TF 리더였습니다.")
	want(t, d, "경력사항", pdflayout.Sentence, "IATF 16949 인증 심사를 3회 맡아 부적합 0건으로 마쳤습니다.")
}

// A heading no vocabulary knows, set and ruled as the known ones are, is a heading even
// right under the name and the title (where a large title line is none).
func TestARuledHeadingUnderTheTitleStartsASection(t *testing.T) {
	d := doc(t, "levels.pdf")
	want(t, d, "In brief", pdflayout.Heading, "In brief")
	want(t, d, "In brief", pdflayout.Sentence, "Hydrology graduate who has gauged rivers in three counties")
}

// A header row of phrases ("Area | Tools and level") is a header, never a fact: each row
// carries it.
func TestAHeaderOfPhrasesIsAHeader(t *testing.T) {
	d := doc(t, "levels.pdf")
	want(t, d, "Skills", pdflayout.Row, "Area Software · Tools and level HEC-RAS, QGIS, Python (basic)")
	want(t, d, "Skills", pdflayout.Row, "Area Field · Tools and level River gauging, drone surveys")
	for _, f := range d.Facts {
		if f.Text == "Area · Tools and level" {
			t.Errorf("the header row is a fact: %q", f.Text)
		}
	}
}

// A level in words under a rated skill ("English ●●●●●" / "native") stays with it.
func TestARatingKeepsItsLevelInWords(t *testing.T) {
	d := doc(t, "levels.pdf")
	want(t, d, "Languages", pdflayout.Pair, "English: 5 of 5 · native")
	want(t, d, "Languages", pdflayout.Pair, "Spanish: 3 of 5 · conversational, B1")
}

// PDFium gives each letter of a ligature ("fi", "fl", "ff") the whole ligature's box:
// they are one word, and a doubled letter is no fake bold to drop.
func TestALigatureIsPartOfItsWord(t *testing.T) {
	d := doc(t, "levels.pdf")
	want(t, d, "Certificates", pdflayout.Heading, "Certificates")
	want(t, d, "In brief", pdflayout.Sentence, "wants to model floods and their effects for a local authority.")
}

// Items set a little apart in a narrow column (one paragraph each) are facts of their
// own, even where one fills its line; an item wrapped within stays whole. The pitch of
// the column's wrapped lines tells one from the other.
func TestParagraphsSetApartAreFactsOfTheirOwn(t *testing.T) {
	d := doc(t, "spacing.pdf")
	want(t, d, "Certificates", pdflayout.Line, "Chartered Environmentalist")
	f := want(t, d, "Certificates", pdflayout.Sentence, "Sediment sampling from small boats, level 2")
	if strings.Contains(f.Text, "Chartered") {
		t.Errorf("two items in one fact: %q", f.Text)
	}
	want(t, d, "Certificates", pdflayout.Sentence, "Flood risk modelling with TUFLOW and HEC-RAS, advanced")
	want(t, d, "Experience", pdflayout.Sentence, "Flood modeller at Northbank Water since 2021, where I run the catchment models for three rivers and report each storm's peak flows to the board.")
}

// An entry's dates (and place) on a line of their own under its title are one fact with
// it, in both languages; dated lines that are entries each stay apart.
func TestADateUnderItsEntryIsPartOfIt(t *testing.T) {
	d := doc(t, "dated.pdf")
	want(t, d, "경력", pdflayout.Line, "(주)새솔에너지 · 사업개발팀 과장 · 2021년 4월 – 현재 (4년 8개월)")
	want(t, d, "경력", pdflayout.Line, "Field Engineer — Northwind Power · Aberdeen, UK · 09/2016 – 03/2021")
	want(t, d, "경력", pdflayout.Bullet, "Commissioned four offshore substations.")
	want(t, d, "자격증", pdflayout.Line, "2014.05 · 전기기사")
	f := want(t, d, "자격증", pdflayout.Line, "2016.11 · 신재생에너지발전설비기사")
	if strings.Contains(f.Text, "전기기사 ·") {
		t.Errorf("two dated entries in one fact: %q", f.Text)
	}
}

// A table ruled across only (XeLaTeX's booktabs: top, middle and bottom rules, no vertical
// line) is a table: each row carries its header, the header is no fact, and the section
// headings ruled as wide as the table stay headings.
func TestATableRuledAcrossOnlyCarriesItsHeaders(t *testing.T) {
	d := doc(t, "booktabs.pdf")
	want(t, d, "자격증", pdflayout.Row, "자격증명 수질환경기사 · 발급기관 한국산업인력공단 · 취득일 2016.08")
	want(t, d, "자격증", pdflayout.Row, "자격증명 대기환경기사 · 발급기관 한국산업인력공단 · 취득일 2018.05")
	want(t, d, "어학", pdflayout.Line, "TOEIC 865점 (2022.03)")
	want(t, d, "자기소개", pdflayout.Sentence, "하천 수질 측정망을 운영합니다.")
	for _, f := range d.Facts {
		if f.Section == "자격증명" || f.Section == "발급기관" || strings.Contains(f.Text, "발급기관 취득일") {
			t.Errorf("a column read apart or a header row: [%s] %q", f.Section, f.Text)
		}
	}
}

// moderncv's header: the name with the phone on its line is the name, then a pair; the
// icon font's letters (M a phone, E a mail, W a web page) are dropped; a bare domain is a
// web page.
func TestContactIconsAreDroppedAndDetailsArePairs(t *testing.T) {
	d := doc(t, "moderncv.pdf")
	want(t, d, "", pdflayout.Line, "Petra Lindgren")
	want(t, d, "", pdflayout.Pair, "Phone: +46 70 123 45 67")
	want(t, d, "", pdflayout.Pair, "Email: petra.lindgren@example.se")
	want(t, d, "", pdflayout.Pair, "Web: ice-lab.example.org")
	for _, f := range d.Facts {
		if len(f.Text) == 1 || strings.HasPrefix(f.Text, "M +") || strings.HasPrefix(f.Text, "W ") {
			t.Errorf("an icon's letter in a fact: %q", f.Text)
		}
	}
}

// pdfLaTeX without T1 fonts draws an accent as a glyph of its own over its letter
// ("Ume˚ a"): it is put on the letter.
func TestAnAccentDrawnApartIsOnItsLetter(t *testing.T) {
	d := doc(t, "moderncv.pdf")
	want(t, d, "Academic positions", pdflayout.Line, "2021–present Research Fellow, Umeå University, Umeå")
	for _, f := range d.Facts {
		if strings.ContainsAny(f.Text, "˚´¨") {
			t.Errorf("an accent apart: %q", f.Text)
		}
	}
}

// Terms beside their definitions in a narrow column (a definition list set as a grid:
// 영어 | 비즈니스 회화 …, one definition wrapping under itself) are read term by term,
// never as two columns of their own.
func TestTermsBesideTheirDefinitionsAreOneFactEach(t *testing.T) {
	d := doc(t, "terms.pdf")
	want(t, d, "어학", pdflayout.Sentence, "영어 · 비즈니스 회화, TOEIC Speaking 170점 (2024.05)")
	want(t, d, "어학", pdflayout.Line, "중국어 · HSK 6급 (2020.11)")
	want(t, d, "어학", pdflayout.Line, "일본어 · 기초 회화")
	want(t, d, "수상", pdflayout.Line, "2022 한별물산 올해의 영업인상")
	want(t, d, "경력사항", pdflayout.Sentence, "동남아 5개국 거래처를 맡아 연 매출 180억 원을 관리합니다.")
}
