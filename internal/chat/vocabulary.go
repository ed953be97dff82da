package chat

import (
	"strings"
	"sync"
	"unicode"
)

// The bilingual lexicon: groups of words that mean the same to a visitor, in Korean and
// English, so that a question in one language finds a fact written in the other. A
// group may hold phrases ("free time", "여가 시간"): they are looked up as two words of
// a question, never matched in a fact. Each word is stored by the key the ranker reads
// it by (its stem), so "certifications" finds the group of "certificate".
//
// It is a lexicon, not a list of rules: a question word it lacks is ranked by its own
// form, and weighs what its rarity on the card says.
func vocabulary() [][]string {
	return [][]string{
		// Contact and person.
		{"email", "e-mail", "mail", "@email", "email address", "e-mail address", "mail address", "메일", "이메일", "전자우편", "전자 메일", "이메일 주소", "메일 주소"},
		{"phone", "telephone", "tel", "mobile phone", "cell phone", "phone number", "@phone", "전화", "전화번호", "휴대폰", "핸드폰", "휴대전화"},
		{"contact", "reach", "contact details", "연락", "연락처", "@email", "@phone"},
		{"website", "homepage", "blog", "url", "@url", "웹사이트", "홈페이지", "사이트", "블로그"},
		{"github", "깃허브", "깃헙"},
		{"linkedin", "링크드인"},
		{"name", "이름", "성함", "성명"},
		{"@kind", "live", "living", "reside", "resident", "based", "located", "location", "address", "hometown", "home town",
			"거주", "거주지", "주소", "위치", "사는", "살고", "사세요", "살아요", "지역", "사는 곳", "현주소", "인적사항"},
		{"@kind", "city", "town", "도시", "시"},
		{"country", "nationality", "citizenship", "국가", "국적", "나라"},
		{"born", "birth", "birthday", "birthdate", "date of birth", "age", "old", "생년월일", "출생", "생일", "나이", "출생지"},
		{"personal details", "personal information", "personal data", "인적사항", "인적 사항", "신상"},
		// Work.
		{"work", "job", "career", "company", "employer", "employment", "employ", "workplace", "occupation",
			"경력", "직장", "회사", "근무", "재직", "일하", "일했", "다니", "직무", "직업", "일 하", "근무처", "직장 경력"},
		{"experience", "경험", "경력"},
		{"position", "role", "title", "job title", "rank", "직책", "직위", "직급", "직함", "역할", "포지션", "인적사항"},
		{"department", "team", "division", "부서", "팀", "소속"},
		{"lead", "led", "manage", "manager", "management", "supervise", "leader", "리드", "팀장", "관리", "매니저", "리더", "이끌"},
		{"responsibility", "duty", "task", "담당", "담당업무", "업무", "맡"},
		{"current", "currently", "now", "nowadays", "moment", "at present", "@current", "현재", "지금", "요즘", "재직중", "재직 중"},
		{"previous", "former", "prior", "past", "earlier", "before", "@past", "이전", "예전", "지난", "전직", "전"},
		{"first", "earliest", "@earliest", "처음", "첫"},
		{"@in:experience", "intern", "internship", "placement", "industrial placement", "work placement", "co-op", "trainee", "인턴", "인턴십", "현장실습", "실습"},
		{"@in:experience", "part-time", "part time", "summer job", "side job", "아르바이트", "알바", "파트타임"},
		{"@in:experience", "freelance", "freelancer", "contract", "프리랜서", "계약직"},
		{"salary", "wage", "pay rise", "expected pay", "compensation", "연봉", "급여", "월급", "희망 연봉"},
		{"notice period", "notice", "start date", "availability", "입사 가능일", "입사가능일", "입사 가능 시기"},
		{"@frame", "achievement", "accomplishment", "result", "impact", "성과", "업적", "실적"},
		{"@frame", "reduce", "cut", "decrease", "lower", "shorten", "줄이", "줄였", "단축", "감소", "절감"},
		{"@frame", "improve", "increase", "raise", "boost", "개선", "향상", "증가", "높이"},
		// Education.
		{"education", "school", "university", "college", "study", "major", "graduate", "alma mater", "academic",
			"학력", "학교", "대학", "대학교", "전공", "졸업", "공부", "출신", "나오", "나왔", "다녔"},
		{"@kind", "@in:education", "degree", "diploma", "qualification", "학위", "졸업장"},
		{"@in:education", "master", "msc", "ms", "ma", "mmath", "mba", "meng", "mphil", "mres", "m.sc", "graduate school", "석사", "대학원"},
		{"@in:education", "bachelor", "bsc", "bs", "ba", "beng", "b.sc", "bfa", "undergraduate", "undergrad", "undergraduate degree", "first degree", "학사", "학부"},
		{"@in:education", "phd", "ph.d", "doctorate", "doctoral", "박사"},
		{"@in:education", "high school", "고등학교", "고교"},
		{"thesis", "dissertation", "논문", "학위논문"},
		{"@kind", "@in:education", "gpa", "grade", "학점", "평점", "성적"},
		{"scholarship", "장학금", "장학생"},
		{"exchange", "exchange student", "교환학생", "교환"},
		{"course", "training", "bootcamp", "교육", "연수", "교육과정", "과정", "수료"},
		// Credentials.
		{"license", "licence", "certificate", "certification", "certify", "credential", "qualification",
			"자격증", "자격", "면허", "취득", "자격사항"},
		{"@frame", "hold", "possess", "own", "보유", "소지", "갖고", "가지"},
		{"driving", "driver", "drive", "driving licence", "driving license", "driver's license", "운전", "운전면허"},
		// Awards, publications, activities.
		{"award", "prize", "honor", "honour", "win", "won", "recognition", "medal", "수상", "상장", "상", "시상", "메달", "수상 경력", "수상경력", "수상 내역"},
		{"paper", "publication", "publish", "journal", "article", "논문", "출판", "게재", "저널", "저술"},
		{"@kind", "@in:talks", "conference", "학회", "학술대회", "컨퍼런스", "콘퍼런스"},
		{"talk", "presentation", "speaker", "speak at", "spoke", "spoken", "keynote", "발표", "강연", "연사", "세미나"},
		{"research", "연구"},
		{"patent", "특허"},
		{"hobby", "interest", "pastime", "free time", "spare time", "leisure", "weekend", "outside work", "fun", "for fun",
			"취미", "관심사", "여가", "주말", "여가 시간", "쉬는 날", "관심 분야"},
		{"project", "portfolio", "side project", "open source", "open-source", "프로젝트", "포트폴리오", "사이드 프로젝트", "오픈소스", "오픈 소스"},
		{"volunteer", "volunteering", "volunteer work", "charity", "봉사", "봉사활동", "봉사 활동", "자원봉사"},
		{"activity", "club", "extracurricular", "community", "society", "member", "membership", "organizer", "meetup",
			"활동", "대외활동", "동아리", "모임", "커뮤니티", "회원", "운영진"},
		{"military", "army", "navy", "air force", "marine", "military service", "conscription", "armed forces", "soldier", "discharge",
			"병역", "군대", "군복무", "군 복무", "복무", "군필", "육군", "해군", "공군", "해병대", "병장", "제대", "전역", "만기제대", "군"},
		{"summary", "introduce", "introduction", "yourself", "profile", "objective", "about me", "소개", "자기소개", "요약", "프로필"},
		{"strength", "strong point", "장점", "강점"},
		{"core", "key", "main", "principal", "핵심", "주요"},
		// Time.
		{"year", "년", "년간", "연"},
		{"month", "개월", "달"},
		{"period", "duration", "how long", "기간", "동안", "얼마나"},
		{"@frame", "since", "start", "began", "join", "joined", "부터", "입사", "시작"},
		{"leave", "left", "quit", "resign", "퇴사", "그만"},
		// Languages and their tests.
		{"language", "speak", "fluent", "fluency", "proficiency", "foreign language", "어학", "외국어", "언어", "구사", "회화"},
		{"@in:languages", "english", "영어"}, {"@in:languages", "japanese", "일본어", "일어"},
		{"@in:languages", "chinese", "mandarin", "중국어"}, {"@in:languages", "korean", "한국어"},
		{"french", "프랑스어", "불어", "delf", "dalf"},
		{"german", "독일어", "goethe", "testdaf"},
		{"spanish", "스페인어", "dele"},
		{"native", "mother tongue", "모국어", "원어민"},
		{"@kind", "score", "grade", "level", "점수", "등급", "급", "레벨"},
		// Skills, and the names tools go by in Korean.
		{"skill", "stack", "tech", "technology", "tool", "framework", "programming", "competency", "expertise", "tech stack",
			"software", "program", "package", "programming language", "프로그래밍 언어", "개발 언어", "기술", "스킬", "기술스택", "기술 스택", "역량", "도구", "프레임워크", "다루", "툴",
			"소프트웨어", "프로그램", "활용"},

		{"python", "파이썬"}, {"java", "자바"}, {"javascript", "자바스크립트"}, {"typescript", "타입스크립트"},
		{"kotlin", "코틀린"}, {"swift", "스위프트"}, {"rust", "러스트"}, {"golang", "고랭"},
		{"react", "리액트"}, {"spring", "스프링"}, {"docker", "도커"}, {"kubernetes", "k8s", "쿠버네티스"},
		{"aws", "amazon web services", "아마존 웹 서비스"}, {"linux", "리눅스"}, {"excel", "엑셀"},
		{"database", "db", "데이터베이스"}, {"data", "데이터"}, {"cloud", "클라우드"}, {"server", "서버"},
		{"machine learning", "ml", "머신러닝", "기계학습"}, {"artificial intelligence", "ai", "인공지능"},
		{"deep learning", "딥러닝"}, {"design", "디자인", "설계"}, {"marketing", "마케팅"}, {"sales", "영업", "판매"},
		{"accounting", "회계"}, {"finance", "금융", "재무"}, {"security", "보안"}, {"network", "네트워크"},
		{"payment", "결제"}, {"mobile app", "app", "앱", "애플리케이션", "어플"}, {"web", "웹"},
		{"abroad", "overseas", "foreign", "international", "해외", "외국"},
		{"remote", "재택", "원격"},
		{"@kind", "sport", "exercise", "athletics", "운동", "스포츠"},
		{"fundraising", "fundraise", "raise", "raised", "donation", "모금", "기부", "후원"},
		// Professions and fields a question names in the other language.
		{"nursing", "nurse", "간호", "간호사", "간호학", "간호학과"}, {"doctor", "physician", "의사"}, {"hospital", "병원"},
		{"teacher", "teach", "teaching", "lecture", "교사", "강의", "가르치", "가르쳐"}, {"student", "학생"},
		{"engineer", "engineering", "엔지니어", "공학"}, {"developer", "개발자"}, {"designer", "디자이너"},
		{"planner", "planning", "기획", "기획자"}, {"analyst", "analysis", "분석", "분석가"}, {"researcher", "연구원"},
		{"chemistry", "chemical", "화학"}, {"biology", "생물", "생물학"}, {"computer science", "컴퓨터공학", "전산학"},
		{"logistics", "물류"}, {"inventory", "재고"}, {"warehouse", "창고", "물류센터"},
		{"customer", "client", "고객"}, {"budget", "예산"}, {"lab", "laboratory", "연구실"},
		{"grant", "funding", "연구비"}, {"supervisor", "advisor", "지도교수"},
		{"team", "팀", "팀원"}, {"@frame", "people", "명", "인원"},
	}
}

// narrower are the kinds of things a lexicon word names, matched when a question asks
// for the kind ("취미가 뭐예요?" finds "수영과 필라테스") but never for one another: a
// question about yoga is not answered by pilates. Each line is a pair of translations.
func narrower() map[string][][]string {
	sports := [][]string{
		{"swimming", "swim", "수영"}, {"running", "marathon", "러닝", "달리기", "마라톤"}, {"cycling", "bike", "자전거"},
		{"tennis", "테니스"}, {"football", "soccer", "축구"}, {"basketball", "농구"}, {"baseball", "야구"}, {"golf", "골프"},
		{"yoga", "요가"}, {"pilates", "필라테스"}, {"climbing", "bouldering", "클라이밍"}, {"rowing", "조정"},
		{"hiking", "등산"}, {"badminton", "배드민턴"}, {"ski", "skiing", "스키"}, {"surfing", "서핑"}, {"boxing", "복싱"},
	}
	countries, cities := places()
	return map[string][][]string{
		// "Which country", "어느 도시": a line that names one.
		"country": countries,
		"city":    cities,
		// A language's tests: "영어 점수" finds the TOEIC, "토익" does not find "영어".
		"english":  {{"toeic", "토익"}, {"toefl", "토플"}, {"ielts", "아이엘츠"}, {"opic", "오픽"}, {"teps", "텝스"}},
		"japanese": {{"jlpt", "일본어능력시험"}, {"jpt"}},
		"chinese":  {{"hsk"}},
		"korean":   {{"topik", "토픽"}},
		"sport":    sports,
		"degree": {
			{"master", "msc", "ms", "ma", "mmath", "mba", "meng", "mphil", "mres", "석사"},
			{"bachelor", "bsc", "bs", "ba", "beng", "학사"}, {"phd", "doctorate", "박사"},
		},
		"hobby": {
			{"hiking", "등산"}, {"swimming", "swim", "수영"}, {"reading", "독서"}, {"cooking", "요리"}, {"travel", "여행"},
			{"photography", "photo", "사진"}, {"running", "marathon", "러닝", "달리기", "마라톤"}, {"cycling", "bike", "자전거"},
			{"camping", "캠핑"}, {"fishing", "낚시"}, {"tennis", "테니스"}, {"football", "soccer", "축구"}, {"basketball", "농구"},
			{"baseball", "야구"}, {"golf", "골프"}, {"yoga", "요가"}, {"pilates", "필라테스"}, {"piano", "피아노"},
			{"choir", "singing", "sing", "합창", "합창단", "노래"}, {"drawing", "painting", "그림"}, {"board game", "보드게임"},
			{"movie", "film", "영화"}, {"music", "음악"}, {"jazz", "재즈"}, {"climbing", "bouldering", "클라이밍"},
			{"ceramics", "pottery", "도예"}, {"knitting", "뜨개질"}, {"baking", "베이킹"}, {"coffee", "espresso", "커피"},
			{"gardening", "정원"}, {"chess", "체스"}, {"dance", "dancing", "춤", "댄스"},
		},
	}
}

// A group may begin with a mark: "@kind" for a kind of fact that names no section
// ("score", "city"), "@frame" for words that frame a question ("hold", "보유").
//
// "@in:education" names the section a kind of thing is under (see sectionWords).
//
// lexiconIndex maps each key of the lexicon (a word's stem, or two stems for a phrase)
// to its entry: the words of its groups, and the terms they match by, worked out once.
// It is built on first use, and only read after: every question looks its words up.
var lexiconIndex = sync.OnceValue(func() map[string]*lexEntry {
	words := map[string][]string{}
	groups := append(vocabulary(), commonVocabulary()...)
	for _, kinds := range narrower() {
		groups = append(groups, kinds...)
	}
	for _, g := range groups {
		for _, w := range g {
			if strings.HasPrefix(w, "@") {
				continue // a mark (the indexer's, or the group's), not a word
			}
			if k := lexiconKey(w); k != "" {
				words[k] = append(words[k], g...)
			}
		}
	}
	// A kind of fact is a group that names a section, or is marked so.
	kinds := map[string]bool{}
	for _, s := range sectionNames() {
		for _, names := range s {
			for _, n := range names {
				kinds[lexiconKey(n)] = true
			}
		}
	}
	index := make(map[string]*lexEntry, len(words))
	for k, ws := range words {
		e := &lexEntry{first: ws[0], alts: groupAlts(nil, ws)}
		for _, w := range ws {
			e.kind = e.kind || w == "@kind" || kinds[lexiconKey(w)]
			e.frame = e.frame || w == "@frame"
			e.place = e.place || w == "@place"
		}
		for strings.HasPrefix(e.first, "@") && len(ws) > 1 {
			ws = ws[1:]
			e.first = ws[0]
		}
		index[k] = e
	}
	return index
})

// lexEntry is what the lexicon knows of a key: its first group's first word (which
// says whether two question words ask the same thing), the terms that match it, and
// whether it names a kind of fact.
type lexEntry struct {
	first string
	alts  []alt
	// kind says the group names a kind of fact (a section's subject: "자격증", "degree",
	// "hobby"), not a thing (a language, a tool, a city): a question may name the kind
	// of what the answer says without the answer naming it.
	kind bool
	// frame says it asks how rather than what ("hold" in "what certifications do you
	// hold?"): it weighs as a question's frame.
	frame bool
	// place says it names a country or a city, matched whole (see places).
	place bool
}

// lexiconKey is how a word or phrase of the lexicon, or of a question, is looked up: the
// stems of its words, apart by spaces.
func lexiconKey(phrase string) string {
	var keys []string
	for _, w := range words(phrase) {
		if hasHangul(w) {
			if stem, _ := koreanStem(w); stem != "" {
				w = stem
			}
			keys = append(keys, w)
			continue
		}
		keys = append(keys, stemEnglish(w))
	}
	return strings.Join(keys, " ")
}

// synonymGroup returns the lexicon's entry for a key, or nil.
func synonymGroup(key string) *lexEntry { return lexiconIndex()[key] }

// sectionNames are the headings résumés use for each kind of section, the first of each
// language being the name a passage carries.
func sectionNames() [][2][]string {
	return [][2][]string{
		{{"경력", "경력사항", "경력 사항", "직장 경력", "근무 경력", "업무 경력", "주요 경력", "경력기술서", "경력 기술서", "경력 요약", "경력 기술", "재직 이력", "근무 이력"},
			{"Experience", "Work Experience", "Professional Experience", "Relevant Experience", "Employment", "Employment History", "Work History", "Career", "Career History", "Professional History", "Work",
				"Positions", "Academic Positions", "Current Position", "Current Positions", "Appointments", "Academic Appointments", "Previous Appointments", "Professional Appointments", "Previous Positions"}},
		{{"학력", "학력사항", "학력 사항", "교육", "학력 및 교육"}, {"Education", "Academic Background", "Academics", "Education and Training", "Academic Qualifications", "Qualifications"}},
		{{"자격증", "자격", "자격 사항", "자격사항", "면허", "자격증 및 면허", "면허 및 자격", "자격 및 면허", "자격증/면허", "보유 자격증"},
			{"Certifications", "Certificates", "Licenses", "Licences", "Licenses & Certifications", "Certifications & Licenses", "Licences & Certificates", "Certificates and Licences", "Professional Qualifications"}},
		{{"수상", "수상 경력", "수상경력", "수상 내역", "수상내역", "수상 및 성과"}, {"Awards", "Honors", "Honours", "Awards & Honors", "Honors & Awards", "Prizes", "Achievements", "Awards and Achievements", "Distinctions"}},
		{{"논문", "논문 및 발표", "출판", "연구", "연구 실적", "연구실적", "학회 발표 및 논문", "발표 및 논문"}, {"Publications", "Papers", "Research", "Publications & Talks", "Selected Publications", "Journal Articles"}},
		{{"발표", "학회 발표", "강연", "발표 및 강연"}, {"Talks", "Invited Talks", "Presentations", "Conference Presentations", "Conference Talks", "Speaking", "Talks & Presentations"}},
		{{"어학", "어학 능력", "어학능력", "외국어", "외국어 능력", "언어"}, {"Languages", "Language Skills", "Language"}},
		{{"기술", "기술 스택", "기술스택", "보유 기술", "역량", "핵심 역량", "보유 역량", "기술 역량", "전문 분야", "보유 기술 및 역량"}, {"Skills", "Technical Skills", "Tech Stack", "Core Competencies", "Competencies", "Tools", "Skills & Tools", "Expertise", "Software"}},
		{{"관심사", "취미", "관심 분야", "취미 및 관심사", "관심사 및 취미", "취미/특기", "특기"}, {"Interests", "Hobbies", "Hobbies & Interests", "Interests & Hobbies", "Outside Work"}},
		{{"프로젝트", "주요 프로젝트", "개인 프로젝트", "사이드 프로젝트", "프로젝트 상세", "프로젝트 경험", "프로젝트 경력"}, {"Projects", "Selected Projects", "Personal Projects", "Side Projects", "Project Details", "Project Experience", "Key Projects"}},
		{{"활동", "대외활동", "대외 활동", "봉사활동", "봉사 활동", "동아리"}, {"Activities", "Volunteering", "Volunteer Work", "Extracurricular Activities", "Leadership", "Community"}},
		{{"자기소개", "소개", "요약", "프로필"}, {"Summary", "Profile", "About", "About Me", "Objective", "Personal Statement", "Professional Summary"}},
		{{"연락처"}, {"Contact", "Contact Information", "Contact Details", "Contacts"}},
		{{"강의", "강의 경력", "교육 경력", "강의 및 지도"}, {"Teaching", "Teaching Experience", "Teaching and Supervision", "Teaching & Supervision", "Supervision"}},
		{{"연구비", "연구 과제", "연구과제", "과제 수행"}, {"Grants", "Funding", "Research Funding", "Grants and Funding", "Grants & Funding"}},
		{{"추천인"}, {"References", "Referees"}},
		{{"병역", "병역 사항", "병역사항"}, {"Military Service"}},
		{{"교육 이수", "교육 이수 내역", "연수"}, {"Training", "Courses", "Certifications & Training"}},
	}
}

// sectionWords are the terms of a section's names in both languages, by its English
// name ("education": 학력, 학력사항, education, academic…), as a fact's label has them.
func sectionWords(english string) []string {
	var out []string
	for _, s := range sectionNames() {
		if !strings.EqualFold(s[1][0], english) {
			continue
		}
		for _, names := range s {
			for _, n := range names {
				out = append(out, Terms(n)...)
			}
		}
	}
	return out
}

// headingLabel says whether a line is a section heading a résumé uses, and if so the
// label its passages carry: the document's own words with the other language's name.
func headingLabel(line string) (string, bool) {
	whole := normalizeHeading(line)
	if whole == "" {
		return "", false
	}
	// "자격증 · Certificates", "수상 / Awards", "기술 Skills": a heading in both languages.
	// "Talks & Awards", "Skills and languages", "자격증 및 어학": two kinds under one
	// heading, found by either (the first the vocabulary knows names it, and the
	// heading's own words stay beside).
	keys := []string{whole}
	parts := strings.FieldsFunc(strings.NewReplacer(" and ", "&", " 및 ", "&", ",", "&").Replace(whole), func(r rune) bool { return strings.ContainsRune("·/|()&", r) })
	if len(parts) > 1 {
		for _, part := range parts {
			keys = append(keys, normalizeHeading(part))
		}
	}
	if i := strings.IndexFunc(whole, isHangul); i >= 0 && strings.IndexFunc(whole, isLatin) >= 0 {
		var ko, en []string
		for _, w := range strings.Fields(whole) {
			if hasHangul(w) {
				ko = append(ko, w)
			} else {
				en = append(en, w)
			}
		}
		keys = append(keys, normalizeHeading(strings.Join(ko, " ")), normalizeHeading(strings.Join(en, " ")))
	}
	for _, key := range keys { // the whole heading first, then its parts in order
		for _, s := range sectionNames() {
			ko, en := s[0], s[1]
			for _, n := range append(append([]string{}, ko...), en...) {
				if key != "" && strings.EqualFold(normalizeHeading(n), key) {
					label := ko[0] + " · " + en[0]
					// The document's own words stay: "Side Projects" says more than "Projects".
					if own := strings.TrimSpace(line); whole != normalizeHeading(ko[0]) && whole != normalizeHeading(en[0]) {
						label += " · " + own
					}
					return label, true
				}
			}
		}
	}
	return "", false
}

func isLatin(r rune) bool { return r < 0x250 && unicode.IsLetter(r) }

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
