package services

import (
	"time"

	"sitecard/models"
)

func pct(n int) *int { return &n }

// DemoCard is the card seeded on first start: the shape of the original site, clearly a
// demo, written in Korean with an English version of every text.
func DemoCard(now time.Time) *models.Card {
	return &models.Card{
		Slug: "demo", IsPrimary: true, Published: true, IsDemo: true, ChatEnabled: true,
		NameKo: "홍길동", NameEn: "Gildong Hong",
		JobTitle: "백엔드 개발자", JobTitleEn: "Backend Developer",
		Email: "gildong@example.com", Phone: "+82-10-0000-0000", Site: "https://example.com",
		Summary:   "Go와 웹 서비스를 만드는 개발자입니다. 이 카드는 데모이며, 관리자 화면에서 바꿀 수 있습니다.",
		SummaryEn: "A developer who builds web services in Go. This card is a demo: change it in the dashboard.",
		CreatedAt: now, UpdatedAt: now,
		Sections: []*models.Section{
			{Kind: models.SectionSkills, Title: "기술", TitleEn: "Skills", Items: []*models.Item{
				{Title: "Go", Percent: pct(90)},
				{Title: "Python / FastAPI", Percent: pct(80)},
				{Title: "SQL (MariaDB, SQLite)", Percent: pct(75)},
				{Title: "HTML / CSS / htmx", Percent: pct(70)},
				{Title: "Docker / AWS", Percent: pct(60)},
			}},
			{Kind: models.SectionLicense, Title: "자격증", TitleEn: "Licenses", Items: []*models.Item{
				{Title: "정보처리기사", TitleEn: "Engineer Information Processing", Subtitle: "한국산업인력공단", SubtitleEn: "HRD Korea", Period: "2021"},
				{Title: "SQLD", TitleEn: "SQL Developer (SQLD)", Subtitle: "한국데이터산업진흥원", SubtitleEn: "Korea Data Agency", Period: "2020"},
			}},
			{Kind: models.SectionWork, Title: "경력", TitleEn: "Work", Items: []*models.Item{
				{Title: "Example Corp.", Subtitle: "백엔드 엔지니어", SubtitleEn: "Backend Engineer", Period: "2022 –",
					Detail: "결제·알림 API 설계와 운영", DetailEn: "Designed and ran the payment and notification APIs"},
				{Title: "Startup Lab", Subtitle: "웹 개발자", SubtitleEn: "Web Developer", Period: "2020 – 2022",
					Detail: "사내 관리 도구와 고객용 웹 개발", DetailEn: "Built the internal tools and the customer web app"},
			}},
			{Kind: models.SectionEducation, Title: "학력", TitleEn: "Education", Items: []*models.Item{
				{Title: "한국대학교", TitleEn: "Hankuk University", Subtitle: "컴퓨터공학 학사", SubtitleEn: "B.S. in Computer Science", Period: "2014 – 2020"},
			}},
			{Kind: models.SectionAwards, Title: "수상·프로젝트", TitleEn: "Awards & projects", Items: []*models.Item{
				{Title: "사내 해커톤 대상", TitleEn: "Grand prize, company hackathon", Subtitle: "Example Corp.", Period: "2023"},
				{Title: "sitecard", Subtitle: "개인 명함 사이트 (오픈 소스)", SubtitleEn: "Personal card website (open source)", Period: "2026", URL: "https://example.com/sitecard"},
			}},
		},
		Links: []*models.Link{
			{Kind: "github", Label: "GitHub", URL: "https://github.com/"},
			{Kind: "facebook", Label: "Facebook", URL: "https://www.facebook.com/"},
			{Kind: "google", Label: "Google", URL: "https://www.google.com/"},
			{Kind: "instagram", Label: "Instagram", URL: "https://www.instagram.com/"},
			{Kind: "youtube", Label: "YouTube", URL: "https://www.youtube.com/"},
		},
	}
}
