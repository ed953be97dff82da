package chat

import "strings"

// The bilingual résumé vocabulary: groups of words that mean the same to a visitor, in
// Korean and English, so that a question in one language finds a fact written in the
// other. Written once, here, as data; vocabulary_test.go checks it.
func vocabulary() [][]string {
	return [][]string{
		// Contact.
		{"email", "e-mail", "mail", "메일", "이메일", "전자우편"},
		{"phone", "telephone", "tel", "call", "mobile", "contact", "number", "전화", "연락처", "휴대폰", "핸드폰", "번호"},
		{"website", "site", "homepage", "blog", "url", "웹사이트", "홈페이지", "사이트", "블로그"},
		{"github", "gitlab", "깃허브", "깃헙"},
		{"linkedin", "링크드인"},
		{"name", "who", "이름", "성함", "누구"},
		{"live", "located", "location", "city", "based", "address", "거주", "사는", "살아", "지역", "주소", "위치"},
		// Sections.
		{"skill", "stack", "tech", "technology", "technologies", "tool", "framework", "language", "programming",
			"competency", "기술", "스킬", "기술스택", "역량", "도구", "프레임워크", "다루", "쓰"},
		{"education", "school", "university", "college", "degree", "study", "studied", "major", "graduate", "graduated",
			"alma", "학력", "학교", "대학", "대학교", "전공", "졸업", "공부", "출신", "나오"},
		{"master", "masters", "msc", "ms", "ma", "mba", "meng", "postgraduate", "graduate school", "석사", "대학원"},
		{"bachelor", "bachelors", "bsc", "bs", "ba", "beng", "undergraduate", "학사", "학부"},
		{"phd", "doctorate", "doctoral", "doctor", "박사"},
		{"work", "job", "experience", "career", "company", "employer", "employment", "employed", "worked", "working",
			"position", "role", "occupation", "경력", "경험", "직장", "회사", "근무", "재직", "일", "일하", "일했", "다니", "직무", "직책"},
		{"current", "currently", "now", "present", "nowadays", "현재", "지금", "요즘", "재직중", "재직 중"},
		{"license", "licence", "certificate", "certification", "certified", "credential", "자격증", "자격", "면허"},
		{"award", "prize", "honor", "honour", "won", "win", "recognition", "수상", "상장", "상", "받은"},
		{"paper", "publication", "published", "publish", "journal", "conference", "research", "article", "논문", "발표", "학회", "저널", "출판", "연구"},
		{"hobby", "hobbies", "interest", "interests", "free time", "spare time", "pastime", "fun", "weekend",
			"취미", "관심사", "관심", "여가", "주말"},
		{"project", "portfolio", "built", "build", "side project", "프로젝트", "포트폴리오", "만든", "개발한"},
		{"volunteer", "volunteering", "activity", "activities", "club", "extracurricular", "community", "봉사", "활동", "대외활동", "동아리"},
		{"military", "army", "service", "병역", "군대", "군복무", "복무"},
		{"summary", "introduce", "yourself", "about", "profile", "소개", "자기소개", "요약", "프로필"},
		{"year", "years", "long", "since", "period", "when", "년", "기간", "언제", "얼마나"},
		// Languages and their tests.
		{"language", "languages", "speak", "fluent", "어학", "외국어", "언어", "구사"},
		{"english", "영어", "toeic", "토익", "toefl", "토플", "ielts", "아이엘츠", "opic", "오픽"},
		{"japanese", "일본어", "jlpt", "일본"},
		{"chinese", "중국어", "hsk", "중국"},
		{"korean", "한국어", "topik", "토픽"},
		{"toeic", "토익"},
		{"jlpt", "일본어능력시험"},
	}
}

// synonymGroup returns every word of the groups w belongs to, or nil.
func synonymGroup(w string) []string {
	var out []string
	for _, g := range vocabulary() {
		for _, x := range g {
			if x == w {
				out = append(out, g...)
				break
			}
		}
	}
	return out
}

// sectionNames are the headings résumés use for each kind of section, the first of each
// language being the name a passage carries.
func sectionNames() [][2][]string {
	return [][2][]string{
		{{"경력", "경력사항", "경력 사항", "직장 경력", "근무 경력", "업무 경력", "주요 경력"}, {"Experience", "Work Experience", "Professional Experience", "Employment", "Employment History", "Work History", "Career", "Work"}},
		{{"학력", "학력사항", "학력 사항", "교육"}, {"Education", "Academic Background", "Academics"}},
		{{"자격증", "자격", "자격 사항", "자격사항", "면허", "자격증 및 면허"}, {"Certifications", "Certificates", "Licenses", "Licences", "Licenses & Certifications", "Certifications & Licenses"}},
		{{"수상", "수상 경력", "수상경력", "수상 내역", "수상내역"}, {"Awards", "Honors", "Honours", "Awards & Honors", "Honors & Awards", "Prizes"}},
		{{"논문", "논문 및 발표", "발표", "출판", "연구"}, {"Publications", "Papers", "Research", "Publications & Talks", "Talks"}},
		{{"어학", "어학 능력", "외국어", "언어"}, {"Languages", "Language Skills", "Language"}},
		{{"기술", "기술 스택", "기술스택", "보유 기술", "역량", "핵심 역량"}, {"Skills", "Technical Skills", "Tech Stack", "Core Competencies", "Tools"}},
		{{"관심사", "취미", "관심 분야", "취미 및 관심사", "관심사 및 취미"}, {"Interests", "Hobbies", "Hobbies & Interests", "Interests & Hobbies", "Outside Work"}},
		{{"프로젝트", "주요 프로젝트", "개인 프로젝트", "사이드 프로젝트"}, {"Projects", "Selected Projects", "Personal Projects", "Side Projects"}},
		{{"활동", "대외활동", "대외 활동", "봉사활동", "봉사 활동", "동아리"}, {"Activities", "Volunteering", "Volunteer Work", "Extracurricular Activities", "Leadership", "Community"}},
		{{"자기소개", "소개", "요약", "프로필"}, {"Summary", "Profile", "About", "About Me", "Objective"}},
		{{"연락처"}, {"Contact", "Contact Information"}},
		{{"병역", "병역 사항", "병역사항"}, {"Military Service"}},
		{{"교육 이수", "교육 이수 내역", "연수"}, {"Training", "Courses", "Certifications & Training"}},
	}
}

// headingLabel says whether a line is a section heading a résumé uses, and if so the
// label its passages carry: the document's own words with the other language's name.
func headingLabel(line string) (string, bool) {
	key := normalizeHeading(line)
	if key == "" {
		return "", false
	}
	for _, s := range sectionNames() {
		ko, en := s[0], s[1]
		for _, n := range append(append([]string{}, ko...), en...) {
			if strings.EqualFold(normalizeHeading(n), key) {
				return ko[0] + " · " + en[0], true
			}
		}
	}
	return "", false
}

// normalizeHeading drops what decorates a heading: bullets, numbering, brackets, colons.
func normalizeHeading(line string) string {
	s := strings.TrimSpace(line)
	s = strings.TrimLeft(s, "■□●○◆◇▶▷►•·-*#0123456789.)( \t")
	s = strings.Trim(s, "[]【】<>:：|—– \t")
	s = strings.ReplaceAll(s, "&", "&")
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) > 40 {
		return ""
	}
	return strings.ToLower(s)
}
