// Command fpdf-ko-form writes a Korean table-form 이력서 with fpdf, the way a
// small Go program would: bordered tables for 인적사항, 학력사항 and 경력사항,
// 자격증 and 어학 side by side, and a 병역 row. The PDF is committed beside it
// (resume.pdf); ../make.sh runs it again.
//
//	go run ./bench/chat-quality/corpus/held/fpdf-ko-form out.pdf
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/fonts"
)

const (
	left   = 15.0
	width  = 180.0
	rowH   = 7.0
	family = "nanum"
)

// form draws on one page; every table starts at the current y.
type form struct{ pdf *fpdf.Fpdf }

func (f form) section(title string) {
	f.pdf.Ln(4)
	f.pdf.SetFont(family, "B", 11.5)
	f.pdf.SetX(left)
	f.pdf.CellFormat(width, 7, title, "", 1, "L", false, 0, "")
	f.pdf.SetFont(family, "", 9.5)
}

// table draws a header row on grey and then the rows, at x with the given widths.
func (f form) table(x float64, widths []float64, header []string, rows [][]string) {
	f.pdf.SetFillColor(230, 230, 230)
	f.pdf.SetFont(family, "B", 9.5)
	f.pdf.SetX(x)
	for i, h := range header {
		f.pdf.CellFormat(widths[i], rowH, h, "1", 0, "C", true, 0, "")
	}
	f.pdf.Ln(-1)
	f.pdf.SetFont(family, "", 9.5)
	for _, r := range rows {
		f.pdf.SetX(x)
		for i, c := range r {
			f.pdf.CellFormat(widths[i], rowH, c, "1", 0, "C", false, 0, "")
		}
		f.pdf.Ln(-1)
	}
}

// labelled draws rows of label–value pairs, the labels on grey, as the 인적사항 box of a form.
func (f form) labelled(widths []float64, rows [][]string) {
	f.pdf.SetFillColor(230, 230, 230)
	for _, r := range rows {
		f.pdf.SetX(left)
		for i, c := range r {
			label := i%2 == 0
			if label {
				f.pdf.SetFont(family, "B", 9.5)
			} else {
				f.pdf.SetFont(family, "", 9.5)
			}
			f.pdf.CellFormat(widths[i], rowH, c, "1", 0, "C", label, 0, "")
		}
		f.pdf.Ln(-1)
	}
}

func (f form) bullets(items []string) {
	for _, it := range items {
		f.pdf.SetX(left + 2)
		f.pdf.MultiCell(width-2, 5.6, "· "+it, "", "L", false)
	}
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: fpdf-ko-form out.pdf")
		os.Exit(2)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	// A fixed date, so that the same program writes the same file.
	pdf.SetCreationDate(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	pdf.SetModificationDate(time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC))
	pdf.SetCreator("fpdf-ko-form", true)
	pdf.SetTitle("이력서 방은채", true)
	pdf.AddUTF8FontFromBytes(family, "", fonts.Regular)
	pdf.AddUTF8FontFromBytes(family, "B", fonts.Bold)
	pdf.SetMargins(left, 15, left)
	pdf.SetAutoPageBreak(true, 15)
	pdf.AddPage()
	f := form{pdf}

	pdf.SetFont(family, "B", 22)
	pdf.CellFormat(width, 14, "이 력 서", "", 1, "C", false, 0, "")

	f.section("1. 인적사항")
	f.labelled([]float64{25, 65, 25, 65}, [][]string{
		{"성명", "방은채 (Bang Eunchae)", "생년월일", "1991.06.14"},
		{"연락처", "010-3358-9062", "이메일", "eunchae.bang.arch@daum.net"},
		{"주소", "대전광역시 유성구 봉명동", "병역구분", "비대상"},
	})

	f.section("2. 학력사항")
	f.table(left, []float64{42, 52, 46, 40}, []string{"기간", "학교명", "전공", "구분"}, [][]string{
		{"2015.03 ~ 2017.02", "서울시립대학교 대학원", "건축계획", "석사 졸업"},
		{"2010.03 ~ 2015.02", "충남대학교", "건축학 (5년제)", "학사 졸업"},
		{"2007.03 ~ 2010.02", "대전둔산여자고등학교", "자연계열", "졸업"},
	})

	f.section("3. 경력사항")
	f.table(left, []float64{42, 52, 38, 48}, []string{"근무기간", "회사명", "부서 / 직위", "담당업무"}, [][]string{
		{"2021.09 ~ 현재", "온새미로건축사사무소", "설계2팀 / 소장", "공공건축 설계, 인허가"},
		{"2017.03 ~ 2021.08", "(주)해담종합건축", "디자인팀 / 주임", "공동주택 기본설계, BIM"},
	})

	f.section("4. 자격증 및 어학")
	top := pdf.GetY()
	f.table(left, []float64{55, 33}, []string{"자격증명", "취득일"}, [][]string{
		{"건축사", "2022.11"},
		{"건축기사", "2016.05"},
		{"녹색건축인증전문가", "2020.07"},
	})
	bottom := pdf.GetY()
	pdf.SetY(top)
	f.table(left+92, []float64{30, 30, 28}, []string{"어학시험", "점수 / 등급", "취득일"}, [][]string{
		{"TOEIC", "870", "2023.02"},
		{"JLPT", "N2", "2019.12"},
	})
	pdf.SetY(bottom)

	f.section("5. 주요 프로젝트")
	f.bullets([]string{
		"세종시 복합커뮤니티센터 설계공모 당선 (2023년, 연면적 8,400㎡, 팀장)",
		"대전 유성구 공공도서관 리모델링 설계 및 감리 협력 (2022 ~ 2024, 사업비 96억 원)",
		"공동주택 1,240세대 기본설계 참여 ((주)해담종합건축, 2019년)",
		"Revit 기반 BIM 설계 전환을 주도하여 실시설계 도면 작성 시간을 30% 단축",
	})

	f.section("6. 보유 기술")
	f.bullets([]string{
		"Revit, AutoCAD, Rhino + Grasshopper, SketchUp, Enscape, Photoshop",
	})

	f.section("7. 수상")
	f.bullets([]string{
		"2016 대한건축학회 학생설계공모전 우수상",
		"2023 세종시 복합커뮤니티센터 설계공모 1등 당선",
	})

	pdf.Ln(8)
	pdf.SetFont(family, "", 9.5)
	pdf.CellFormat(width, 6, "위 기재 사항은 사실과 다름없음을 확인합니다.", "", 1, "C", false, 0, "")
	pdf.CellFormat(width, 6, "2026년 11월 20일   작성자 방은채 (인)", "", 1, "R", false, 0, "")

	if err := pdf.OutputFileAndClose(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
