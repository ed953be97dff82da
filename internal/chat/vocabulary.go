package chat

import (
	"strings"
	"sync"
)

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
		{"live", "lives", "located", "location", "city", "based", "address", "personal details", "거주", "사는", "살아", "사", "지역", "주소", "위치", "인적사항"},
		// Sections.
		{"skill", "stack", "tech", "technology", "technologies", "tool", "framework", "language", "programming",
			"competency", "기술", "스킬", "기술스택", "역량", "도구", "프레임워크", "다루", "쓰"},
		{"education", "school", "university", "college", "degree", "study", "studied", "major", "graduate", "graduated",
			"alma", "학력", "학교", "대학", "대학교", "전공", "졸업", "공부", "출신", "나오"},
		{"master", "masters", "msc", "ms", "ma", "mba", "meng", "mmath", "mphil", "mres", "postgraduate", "graduate school", "석사", "대학원"},
		{"degree", "diploma", "학위", "졸업장"},
		{"bachelor", "bachelors", "bsc", "bs", "ba", "beng", "undergraduate", "학사", "학부"},
		{"phd", "doctorate", "doctoral", "doctor", "박사"},
		{"work", "job", "experience", "career", "company", "employer", "employment", "employed", "worked", "working",
			"position", "role", "occupation", "경력", "경험", "직장", "회사", "근무", "재직", "일", "일하", "일했", "다니", "직무", "직책"},
		{"current", "currently", "now", "present", "nowadays", "현재", "지금", "요즘", "재직중", "재직 중"},
		{"previous", "former", "before", "past", "earlier", "last", "이전", "전", "예전", "지난", "전에"},
		{"license", "licence", "certificate", "certification", "certified", "credential", "hold", "held", "earned", "obtained",
			"자격증", "자격", "면허", "취득"},
		{"award", "prize", "honor", "honour", "won", "win", "recognition", "수상", "상장", "상", "받은"},
		{"paper", "publication", "published", "publish", "journal", "conference", "research", "article", "write", "wrote", "written",
			"talk", "talks", "presentation", "presented", "speaker", "논문", "발표", "학회", "학술대회", "저널", "출판", "연구", "쓴", "썼", "저술"},
		{"hobby", "hobbies", "interest", "interests", "free time", "spare time", "pastime", "fun", "weekend",
			"취미", "관심사", "관심", "여가", "주말"},
		{"project", "portfolio", "built", "build", "side", "side project", "open source", "프로젝트", "포트폴리오", "사이드", "만든", "개발한", "오픈소스"},
		{"volunteer", "volunteering", "activity", "activities", "club", "extracurricular", "community", "involved", "participate",
			"member", "organizer", "meetup", "봉사", "활동", "대외활동", "동아리", "모임", "참여", "운영진"},
		{"military", "army", "service", "병역", "군대", "군복무", "복무"},
		{"summary", "introduce", "yourself", "about", "profile", "소개", "자기소개", "요약", "프로필"},
		{"year", "years", "long", "since", "period", "when", "년", "기간", "언제", "얼마나"},
		// Languages and their tests.
		{"language", "languages", "speak", "fluent", "어학", "외국어", "언어", "구사"},
		{"english", "영어", "toeic", "토익", "toefl", "토플", "ielts", "아이엘츠", "opic", "오픽"},
		{"japanese", "일본어", "jlpt", "일본"},
		{"chinese", "중국어", "hsk", "중국"},
		{"korean", "한국어", "topik", "토픽"},
		{"french", "프랑스어", "불어", "delf", "dalf"},
		{"german", "독일어", "goethe"},
		{"spanish", "스페인어", "dele"},
		{"score", "점수", "grade", "level", "급"},
		{"toeic", "토익"},
		{"jlpt", "일본어능력시험"},
	}
}

// synonymGroup returns every word of the groups w belongs to, or nil.
func synonymGroup(w string) []string { return vocabularyIndex()[w] }

// vocabularyIndex maps each word of the vocabulary to the words of its groups. It is built
// once, on first use, and only read after: a question looks its words up many times.
var vocabularyIndex = sync.OnceValue(func() map[string][]string {
	index := map[string][]string{}
	for _, g := range vocabulary() {
		for _, w := range g {
			index[w] = append(index[w], g...)
		}
	}
	return index
})

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
	whole := normalizeHeading(line)
	if whole == "" {
		return "", false
	}
	// "자격증 · Certificates", "수상 / Awards": a heading in both languages.
	keys := []string{whole}
	for _, sep := range []string{"·", "/", "|", "(", ")"} {
		if strings.Contains(whole, sep) {
			for _, part := range strings.FieldsFunc(whole, func(r rune) bool { return strings.ContainsRune("·/|()", r) }) {
				keys = append(keys, normalizeHeading(part))
			}
			break
		}
	}
	for _, s := range sectionNames() {
		ko, en := s[0], s[1]
		for _, n := range append(append([]string{}, ko...), en...) {
			for _, key := range keys {
				if key != "" && strings.EqualFold(normalizeHeading(n), key) {
					label := ko[0] + " · " + en[0]
					// The document's own words stay: "Side Projects" says more than "Projects".
					if own := strings.TrimSpace(line); !strings.EqualFold(key, normalizeHeading(ko[0])) && !strings.EqualFold(key, normalizeHeading(en[0])) && key == whole {
						label += " · " + own
					}
					return label, true
				}
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
