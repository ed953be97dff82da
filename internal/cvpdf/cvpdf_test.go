package cvpdf_test

import (
	"strings"
	"testing"

	"sitecard/internal/cvpdf"
)

// An entry taller than what is left of a page starts the next page rather than breaking
// across two: with many long entries the document grows pages, and every one is A4.
func TestLongResumesTakePages(t *testing.T) {
	cv := cvpdf.CV{Lang: "ko", Name: "홍길동", Sections: []cvpdf.Section{{Title: "경력"}}}
	for range 30 {
		cv.Sections[0].Entries = append(cv.Sections[0].Entries, cvpdf.Entry{Title: "예시 주식회사", Period: "2020 – 2024",
			Subtitle: "백엔드 엔지니어", Detail: strings.Repeat("결제 시스템의 처리량을 세 배로 늘렸습니다. ", 12)})
	}
	out, err := cvpdf.PDF(cv)
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(string(out), "/Type /Page\n"); n < 3 {
		t.Errorf("%d pages for 30 long entries", n)
	}
	if strings.Count(string(out), "/MediaBox [0 0 595.28 841.89]") == 0 {
		t.Error("not A4")
	}
}

func BenchmarkPDF(b *testing.B) {
	cv := cvpdf.CV{Lang: "ko", Name: "홍길동", AltName: "Gildong Hong", JobTitle: "백엔드 개발자", Summary: "Go와 웹 서비스를 만드는 개발자입니다.",
		Contacts: []string{"gildong@example.com", "+82-10-0000-0000"}}
	for _, title := range []string{"기술", "자격증", "경력", "학력", "수상·프로젝트"} {
		s := cvpdf.Section{Title: title}
		for range 3 {
			s.Entries = append(s.Entries, cvpdf.Entry{Title: "예시 주식회사", Period: "2020 – 2024", Subtitle: "백엔드 엔지니어", Detail: "결제·알림 API 설계와 운영"})
		}
		cv.Sections = append(cv.Sections, s)
	}
	for b.Loop() {
		if _, err := cvpdf.PDF(cv); err != nil {
			b.Fatal(err)
		}
	}
}
