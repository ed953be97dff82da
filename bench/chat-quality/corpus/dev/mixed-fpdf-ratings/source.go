// Command source writes resume.pdf of the corpus's fpdf document: a two-page Korean and
// English résumé as a résumé builder written in Go makes it, with fpdf and the site's own
// Korean font — bilingual headings, a running header and footer, dates in three formats
// and skills rated with stars. The person and every fact are invented.
//
//	go run ./bench/chat-quality/corpus/dev/mixed-fpdf-ratings bench/chat-quality/corpus/dev/mixed-fpdf-ratings/resume.pdf
package main

import (
	"fmt"
	"os"
	"time"

	"github.com/go-pdf/fpdf"

	"sitecard/internal/fonts"
)

// rated is a skill and its level out of five, drawn as ★★★★☆.
type rated struct {
	name  string
	level int
	note  string
}

func stars(level int) string {
	s := ""
	for i := 1; i <= 5; i++ {
		if i <= level {
			s += "★"
		} else {
			s += "☆"
		}
	}
	return s
}

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: source out.pdf")
		os.Exit(2)
	}
	pdf := fpdf.New("P", "mm", "A4", "")
	// A fixed date, so that the same source gives the same file.
	date := time.Date(2026, 11, 20, 9, 0, 0, 0, time.UTC)
	pdf.SetCreationDate(date)
	pdf.SetModificationDate(date)
	pdf.SetCatalogSort(true)
	pdf.SetTitle("최윤서 이력서 Résumé", true)
	pdf.AddUTF8FontFromBytes("nanum", "", fonts.Regular)
	pdf.AddUTF8FontFromBytes("nanum", "B", fonts.Bold)
	pdf.SetMargins(18, 20, 18)
	pdf.SetAutoPageBreak(true, 18)
	pdf.AliasNbPages("{nb}")
	pdf.SetHeaderFuncMode(func() {
		pdf.SetFont("nanum", "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.SetY(9)
		pdf.CellFormat(0, 4, "최윤서 Choi Yunseo | 이력서 Résumé", "B", 1, "R", false, 0, "")
		pdf.SetY(20)
		pdf.SetTextColor(0, 0, 0)
	}, false)
	pdf.SetFooterFunc(func() {
		pdf.SetY(-13)
		pdf.SetFont("nanum", "", 8)
		pdf.SetTextColor(110, 110, 110)
		pdf.CellFormat(0, 4, fmt.Sprintf("Page %d / {nb}", pdf.PageNo()), "", 0, "C", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
	})

	heading := func(s string) {
		pdf.Ln(3)
		pdf.SetFont("nanum", "B", 12)
		pdf.SetTextColor(30, 70, 120)
		pdf.CellFormat(0, 7, s, "B", 1, "L", false, 0, "")
		pdf.SetTextColor(0, 0, 0)
		pdf.Ln(1.5)
	}
	text := func(s string) {
		pdf.SetFont("nanum", "", 9.5)
		pdf.MultiCell(0, 5, s, "", "L", false)
	}
	item := func(s string) {
		pdf.SetFont("nanum", "", 9.5)
		pdf.SetX(22)
		pdf.CellFormat(4, 5, "-", "", 0, "L", false, 0, "")
		pdf.MultiCell(0, 5, s, "", "L", false)
	}
	job := func(when, what string) {
		pdf.SetFont("nanum", "B", 10)
		pdf.CellFormat(120, 6, what, "", 0, "L", false, 0, "")
		pdf.SetFont("nanum", "", 9)
		pdf.CellFormat(0, 6, when, "", 1, "R", false, 0, "")
	}
	ratings := func(rows []rated) {
		for _, r := range rows {
			pdf.SetFont("nanum", "", 9.5)
			pdf.CellFormat(62, 6, r.name, "", 0, "L", false, 0, "")
			pdf.SetTextColor(200, 140, 0)
			pdf.CellFormat(30, 6, stars(r.level), "", 0, "L", false, 0, "")
			pdf.SetTextColor(0, 0, 0)
			pdf.CellFormat(0, 6, r.note, "", 1, "L", false, 0, "")
		}
	}

	pdf.AddPage()
	pdf.SetFont("nanum", "B", 20)
	pdf.CellFormat(0, 10, "최윤서  Choi Yunseo", "", 1, "L", false, 0, "")
	pdf.SetFont("nanum", "", 11)
	pdf.CellFormat(0, 6, "데이터 분석가 · Data Analyst", "", 1, "L", false, 0, "")
	pdf.SetFont("nanum", "", 9)
	pdf.CellFormat(0, 5, "yunseo.choi@example.com  ·  010-7734-2096  ·  서울 송파구", "", 1, "L", false, 0, "")

	heading("요약 Summary")
	text("이커머스와 모빌리티 데이터를 6년째 분석하고 있습니다. A/B 테스트 설계와 수요 예측 모델이 전문이며, " +
		"분석 결과를 제품 결정으로 이어지게 하는 일을 좋아합니다.")

	heading("경력 Experience")
	job("2022-04 ~ 현재", "라온마켓 (Raon Market) · 그로스팀 Senior Data Analyst")
	item("주간 A/B 테스트 30여 건을 설계하고 분석하는 실험 플랫폼을 운영합니다.")
	item("장바구니 추천 로직 개선으로 객단가(AOV)를 7.5% 올렸습니다.")
	job("Mar 2019 – Mar 2022", "타다닥 모빌리티 (Tadadak Mobility) · Data Analyst")
	item("배차 수요 예측 모델(LightGBM)을 개발해 승객 대기 시간을 18% 줄였습니다.")
	item("Built the weekly KPI dashboards in Tableau for 40+ city operators.")
	job("2018년 1월 ~ 2019년 2월", "한국리서치랩 · 인턴 연구원 (Research Intern)")
	item("설문 데이터 정제와 가중치 산출 자동화 (R).")

	heading("학력 Education")
	job("2014.03 – 2018.02", "연세대학교 응용통계학과 학사 (B.S. in Applied Statistics)")
	text("졸업 논문: 온라인 리뷰 평점의 편향 보정")

	heading("기술 Skills")
	ratings([]rated{
		{"Python (pandas, scikit-learn)", 5, ""},
		{"SQL (BigQuery, PostgreSQL)", 5, ""},
		{"R", 4, ""},
		{"Tableau", 4, ""},
		{"Apache Spark", 3, ""},
		{"dbt", 2, ""},
	})

	heading("어학 Languages")
	ratings([]rated{
		{"한국어 Korean", 5, "모국어 Native"},
		{"영어 English", 4, "TOEFL iBT 104 (2021)"},
		{"스페인어 Spanish", 2, "DELE A2 (2019)"},
	})

	heading("자격증 Certificates")
	item("ADsP 데이터분석 준전문가 (2017)")
	item("SQLD SQL 개발자 (2018)")
	item("Google Analytics Certification (2021)")

	pdf.AddPage()
	heading("프로젝트 상세 Project details")
	job("2023", "실험 플랫폼 \"Ripple\" 구축")
	text("실험 배정부터 결과 리포트까지 자동화해 분석가의 반복 작업을 주당 20시간 줄였습니다. " +
		"Python과 BigQuery로 만들었고, 사내 12개 팀이 사용합니다.")
	pdf.Ln(2)
	job("2020", "서울 배차 수요 예측")
	text("서울 25개 구를 30분 단위로 예측하는 모델로, 피크 시간 차량 재배치 계획에 쓰였습니다.")

	heading("활동 Activities")
	item("데이터 분석 스터디 \"통계 산책\" 운영 (2019 – 현재, 회원 60명)")
	item("PyCon Korea 2023 발표: \"A/B 테스트의 함정\"")

	heading("관심사 Interests")
	text("보드게임 카페 순례, 주말 베이킹 (Baking sourdough)")

	if err := pdf.OutputFileAndClose(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
