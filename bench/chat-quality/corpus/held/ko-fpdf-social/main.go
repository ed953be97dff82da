// Command ko-fpdf-social writes a social worker's 경력기술서 with fpdf, as a small Go
// program would: a contact block of "label: value" lines, section titles on a tinted
// bar, each post as labelled lines (기관, 기간, 직위) and dash items wrapped by
// MultiCell, and a footer with the page number on every page. The PDF is committed
// beside it (resume.pdf); ../make.sh runs it again.
//
//	go run ./bench/chat-quality/corpus/held/ko-fpdf-social out.pdf
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/fonts"
)

const (
	left   = 18.0
	width  = 174.0
	family = "nanum"
)

// doc draws the résumé top to bottom; every call starts at the current y.
type doc struct{ pdf *fpdf.Fpdf }

func (d doc) section(title string) {
	d.pdf.Ln(3)
	d.pdf.SetFillColor(226, 236, 230)
	d.pdf.SetFont(family, "B", 11.5)
	d.pdf.SetX(left)
	d.pdf.CellFormat(width, 7.5, "  "+title, "", 1, "L", true, 0, "")
	d.pdf.Ln(1.5)
}

// pairs writes "label: value" lines, the label in bold.
func (d doc) pairs(rows [][2]string) {
	for _, r := range rows {
		d.pdf.SetX(left)
		d.pdf.SetFont(family, "B", 9.5)
		d.pdf.CellFormat(24, 5.6, r[0]+":", "", 0, "L", false, 0, "")
		d.pdf.SetFont(family, "", 9.5)
		d.pdf.MultiCell(width-24, 5.6, r[1], "", "L", false)
	}
}

// items writes dash items, wrapped under their first word.
func (d doc) items(lines ...string) {
	d.pdf.SetFont(family, "", 9.5)
	for _, l := range lines {
		d.pdf.SetX(left + 3)
		d.pdf.CellFormat(4, 5.4, "-", "", 0, "L", false, 0, "")
		d.pdf.MultiCell(width-7, 5.4, l, "", "L", false)
	}
}

// post is one job: its title line, then labelled lines, then its items.
func (d doc) post(title string, meta [][2]string, lines ...string) {
	d.pdf.Ln(1.5)
	d.pdf.SetX(left)
	d.pdf.SetFont(family, "B", 10.5)
	d.pdf.CellFormat(width, 6.5, title, "", 1, "L", false, 0, "")
	d.pairs(meta)
	d.items(lines...)
}

func (d doc) text(s string) {
	d.pdf.SetFont(family, "", 9.5)
	d.pdf.SetX(left)
	d.pdf.MultiCell(width, 5.6, s, "", "L", false)
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: ko-fpdf-social out.pdf")
		os.Exit(2)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	// A fixed date, so that the same program writes the same file.
	when := time.Date(2026, 11, 28, 10, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(when)
	pdf.SetModificationDate(when)
	pdf.SetCreator("ko-fpdf-social", true)
	pdf.SetTitle("경력기술서 옥다솜", true)
	pdf.AddUTF8FontFromBytes(family, "", fonts.Regular)
	pdf.AddUTF8FontFromBytes(family, "B", fonts.Bold)
	pdf.SetMargins(left, 16, left)
	pdf.SetAutoPageBreak(true, 18)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-13)
		pdf.SetFont(family, "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 5, fmt.Sprintf("옥다솜 경력기술서 — %d쪽", pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})
	pdf.AddPage()
	d := doc{pdf}

	pdf.SetFont(family, "B", 20)
	pdf.SetX(left)
	pdf.CellFormat(width, 10, "옥다솜", "", 1, "L", false, 0, "")
	pdf.SetFont(family, "", 11)
	pdf.SetX(left)
	pdf.CellFormat(width, 7, "사회복지사 1급 · 지역사회 노인복지 9년", "", 1, "L", false, 0, "")
	pdf.Ln(2)
	d.pairs([][2]string{
		{"연락처", "010-2573-9186"},
		{"이메일", "dasom.ok.sw@gmail.com"},
		{"주소", "충청북도 청주시 흥덕구 복대동"},
		{"생년월일", "1992년 3월 7일"},
		{"희망 분야", "노인복지관 사례관리 팀장, 지역사회 돌봄 사업"},
	})

	d.section("요약")
	d.text("청주와 세종의 노인복지관에서 9년 동안 독거노인 사례관리와 지역사회 돌봄 사업을 맡아 왔습니다. " +
		"사례관리 대상자 60명을 직접 담당했고, 2023년부터는 사례관리팀 5명을 이끌고 있습니다.")

	d.section("경력")
	d.post("청주시 흥덕노인복지관 (사회복지법인 늘푸른마음)",
		[][2]string{{"기간", "2021년 4월 ~ 현재 (5년 7개월)"}, {"직위", "사례관리팀 팀장 (2023.01 ~), 이전 선임 사회복지사"}},
		"독거노인 통합 사례관리 대상 연 180명 관리, 팀원 5명 슈퍼비전",
		"‘우리 동네 안부 이웃’ 사업 기획: 주민 봉사자 74명 양성, 고독사 위험군 주 2회 방문 체계 구축",
		"공동모금회 배분사업 공모 3건 선정 (총 1억 2천만 원)",
		"2024년 복지관 평가에서 사례관리 영역 최우수(A) 등급")
	d.post("세종 한울노인종합복지관",
		[][2]string{{"기간", "2017년 2월 ~ 2021년 3월"}, {"직위", "사회복지사 (재가복지팀)"}},
		"재가 어르신 도시락 배달과 밑반찬 지원 사업 운영 (하루 120가구)",
		"치매 예방 프로그램 ‘기억 산책’ 운영, 참여자 인지 점수(MMSE) 사전·사후 비교 보고서 작성",
		"코로나19 기간 비대면 안부 확인 전화 시스템 도입")
	d.post("청주 가온지역아동센터",
		[][2]string{{"기간", "2015년 7월 ~ 2017년 1월"}, {"직위", "생활복지사 (계약직)"}},
		"초등학생 30명 방과 후 학습 지도와 급식 관리")

	d.section("학력")
	d.pairs([][2]string{
		{"석사", "충북대학교 행정대학원 사회복지학 석사 (2019.03 ~ 2021.02), 논문: 농촌 독거노인의 사회적 고립과 우울"},
		{"학사", "서원대학교 사회복지학과 (2011.03 ~ 2015.02), 학점 3.85 / 4.5"},
	})

	d.section("자격 및 교육")
	d.items(
		"사회복지사 1급 (보건복지부, 2015.02)",
		"정신건강임상심리사 2급 (한국산업인력공단, 2018.11)",
		"노인 학대 예방 전문 교육 40시간 수료 (2020)",
		"자동차 운전면허 1종 보통 (2012)")

	d.section("기타")
	d.items(
		"컴퓨터: 사회복지시설정보시스템(W4C), 한글·엑셀, 캔바로 홍보물 제작",
		"외국어: 영어 읽기 가능 수준, 수어 기초 과정 수료 (2019)",
		"봉사: 대학 시절부터 호스피스 병동 자원봉사 (누적 300시간)")

	if err := pdf.OutputFileAndClose(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
