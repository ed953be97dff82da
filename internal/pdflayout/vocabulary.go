package pdflayout

import (
	"strings"
	"unicode"
)

// The headings a résumé commonly has, in both languages. A heading need not be here: one
// set like these (see builder.isHeading) starts a section too. The list only has to
// know enough of a résumé's headings to learn how that résumé sets them.
var headings = with(words2set(`
profile summary about objective experience employment career work history projects project education
skills technical skills languages language certifications certificates licenses awards honors honours
publications interests hobbies references contact contact details personal details personal information
volunteering activities achievements training courses military service extracurricular activities
professional experience work experience research teaching patents memberships statement profile
인적사항 개인정보 신상정보 학력 학력사항 경력 경력사항 경력기술서 경력기술 프로젝트 기술 보유기술 기술스택 기술 스택 자격증 자격사항 자격증/어학 어학 어학능력
외국어 수상 수상경력 수상내역 병역 병역사항 자기소개 자기소개서 소개 활동 대외활동 교육 교육사항 교육이수 연구 논문 취미 특기 연락처 기본정보
`),
	// headings of several words, each known whole
	"personal statement", "personal profile", "professional summary", "career summary",
	"career objective", "key skills", "core skills", "core competencies", "areas of expertise", "employment history",
	"key achievements", "additional information", "further information", "research interests", "selected publications",
	"conference talks", "invited talks", "honours and awards", "honors and awards", "awards and honours", "awards and honors",
	"skills and languages", "languages and skills", "licences and certifications", "licenses and certifications",
	"certificates and licences", "work experience", "relevant experience", "volunteer experience", "professional development",
	"professional memberships", "personal projects", "side projects", "open source", "보유 기술", "주요 경력", "경력 요약",
	"주요 프로젝트", "대외 활동", "자격 사항", "어학 능력", "병역 사항", "학력 사항", "경력 사항", "수상 경력", "교육 이수")

// with adds phrases to set and returns it.
func with(set map[string]bool, phrases ...string) map[string]bool {
	for _, p := range phrases {
		set[p] = true
	}
	return set
}

// columnNames are a table's usual column headers.
var columnNames = words2set(`
기간 재학기간 근무기간 기 간 학교 학교명 전공 학위 비고 회사 회사명 부서 직위 직급 담당업무 업무 자격증 자격증명 취득일 발급기관 발행처 시험 시험명
점수 등급 급수 취득일자 언어 수준 구분 내용 기관 교육기관 교육명 수상명 수여기관 일자 날짜 연도 졸업 구분 역할 성과
군별 계급 병과 복무기간 전역 입대 제대 소재지 근무지 연봉 퇴직사유 이직사유 학점 평점 소재 상태 발급일 만료일 유효기간
period dates date from to school university institution degree major field company employer position title role
certificate issuer issued language level score test grade award year notes description skill
employer organisation organization location place result results qualification qualifications subject subjects
skills area tools tool proficiency duration years period of study role and duties duties responsibilities
achievements details remarks comments status type category institute college course grade/result
`)

// personalLabels are the labels of personal and contact details.
var personalLabels = words2set(`
성명 이름 한글 영문 한문 생년월일 나이 성별 주소 현주소 연락처 전화 전화번호 휴대폰 핸드폰 휴대전화 이메일 e-mail email
국적 병역 병역사항 병역구분 면제사유 보훈대상 보훈 장애여부 결혼여부 결혼 본적 호적 신장 체중 혈액형
희망연봉 희망직무 지원분야 지원부문 지원직무 입사가능일 홈페이지 깃허브 블로그 포트폴리오 팩스 우편번호 영문명 한글명 한자
name phone mobile tel telephone address city location email website web github linkedin blog portfolio birth birthday
nationality citizenship gender sex age fax skype twitter
`)

// contactSections are headings under which lines are label: value pairs.
var contactSections = words2set(`contact contact details personal details personal information 인적사항 개인정보 신상정보 연락처 기본정보`)

func words2set(s string) map[string]bool {
	m := map[string]bool{}
	for _, line := range strings.Fields(s) {
		m[line] = true
	}
	// two-word headings written on one line above
	for _, two := range []string{"technical skills", "contact details", "personal details", "personal information",
		"military service", "extracurricular activities", "professional experience", "work experience", "work history",
		"date of birth", "기술 스택", "marital status", "military status", "place of birth", "visa status", "work permit",
		"driving licence", "driver's license", "notice period"} {
		m[two] = true
	}
	return m
}

// normal is a label's form for the lists above: lower case, without ornaments, spaces
// folded, and without a trailing colon.
func normal(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	s = strings.TrimFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(strings.Fields(s), " ")
}

// knownHeading reports a line that is a heading the list knows, in letters spaced or not.
func knownHeading(s string) bool {
	n := normal(s)
	if headings[n] {
		return true
	}
	return headings[strings.ReplaceAll(n, " ", "")]
}
