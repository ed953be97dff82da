package chat_test

import (
	"strings"
	"testing"

	"sitecard/internal/chat"
)

// A résumé's facts as the indexer writes them, with the lines the issue saw leak.
var leakyResume = strings.Join([]string{
	"인적사항 · Personal details: 김하늘 (Haneul Kim)",
	"인적사항 · Personal details: 서울특별시 마포구 거주",
	"경력 · Experience: 2021.03 ~ 현재 · 한빛소프트 · 플랫폼팀 선임 · 배포 파이프라인의 Docker Compose 전면 전환을 이끌었습니다.",
	"경력 · Experience: 2018.07 ~ 2021.02 · 누리커머스 · 백엔드 개발 · 정산 배치를 하루 6시간에서 50분으로 줄였습니다.",
	"경력 · Experience: I work in TUFLOW and HEC-RAS for flood models.",
	"학력 · Education: 2014.03 ~ 2018.02 · 부산대학교 · 컴퓨터공학 · 학사",
	"자격증 · Certifications: 2020 년 정보처리기사 취득",
	"자격증 · Certifications: AWS Solutions Architect – Associate (2022)",
	"병역 · Military Service: 육군 병장 만기제대 (2012.03 ~ 2013.12, 14 일 조기 전역)",
	"관심사 · Interests: 주말마다 등산을 하고 재즈 음반을 모읍니다.",
	"어학 · Languages: TOEIC 915 (2023)",
}, "\n")

// What a visitor asks that the résumé does not say is refused, whatever common word or
// part of a word it shares with a line: 전면 inside 운전면허, 년 in "2020 년", 일 in
// "14 일", "work" in "I work in TUFLOW".
func TestRefusalsDoNotLeakThroughCommonWords(t *testing.T) {
	for _, q := range []string{
		"운전면허 있으세요?", "Do you have a driving licence?", "What is your notice period?", "notice period?",
		"Are you willing to work night shifts?", "Have you ever worked in Australia?", "Do you speak Japanese?",
		"Kubernetes 써 보셨어요?", "How is the weather in Busan today?", "희망 연봉이 얼마예요?",
	} {
		if got := chat.BestLines(q, []string{leakyResume}); len(got) != 0 {
			t.Errorf("%q quoted %q", q, got)
		}
	}
}

// Questions asked the way visitors ask, in either language, find the fact: synonyms and
// the other language through the lexicon (보유, 도시, 병역/military service), endings
// stripped (았어요, 하면서, 인가요), and a word the lexicon lacks ("지내요", "모으")
// does not force a refusal.
func TestQuestionsFindTheirFactInEitherLanguage(t *testing.T) {
	for q, want := range map[string]string{
		"여가 시간엔 뭐 하면서 지내요?":                  "등산",
		"What do you do in your free time?":  "등산",
		"보유 자격증이 뭐예요?":                       "정보처리기사",
		"What certifications do you hold?":   "정보처리기사",
		"어느 도시에 사세요?":                        "마포구",
		"Which city do you live in?":         "마포구",
		"Did you do military service?":       "육군",
		"병역은 마쳤나요?":                          "육군",
		"지금 어느 회사에 다니세요?":                    "한빛소프트",
		"Where do you work now?":             "한빛소프트",
		"What was your previous job?":        "누리커머스",
		"이전 직장은 어디였어요?":                      "누리커머스",
		"정산 배치 시간을 얼마나 줄였어요?":                "50분",
		"Where did you get your bachelor's?": "부산대학교",
		"학부는 어디 나왔어요?":                       "부산대학교",
		"What's your TOEIC score?":           "915",
		"토익 점수가 몇 점인가요?":                     "915",
		"Do you use TUFLOW?":                 "TUFLOW",
	} {
		got := chat.BestLines(q, []string{leakyResume})
		if len(got) == 0 || !strings.Contains(got[0], want) {
			t.Errorf("%q: quoted %q, want %q first", q, got, want)
		}
	}
}

// A section of the résumé answers "what … do you have" whole, up to three facts, and
// only from one section.
func TestAnswersQuoteUpToThreeFactsOfOneSection(t *testing.T) {
	got := chat.BestLines("자격증이 있나요?", []string{leakyResume})
	if len(got) != 2 || !strings.Contains(got[0], "정보처리기사") || !strings.Contains(got[1], "AWS") {
		t.Errorf("quoted %q", got)
	}
	for _, q := range []string{"경력을 알려주세요", "Tell me about your experience"} {
		got := chat.BestLines(q, []string{leakyResume})
		if len(got) == 0 || len(got) > 3 {
			t.Fatalf("%q quoted %d facts: %q", q, len(got), got)
		}
		for _, f := range got {
			if !strings.HasPrefix(f, "경력 · Experience: ") {
				t.Errorf("%q quoted a fact of another section: %q", q, f)
			}
		}
	}
}

// A country or city is matched whole, or as the beginning of a place name with its
// administrative unit (서울특별시), in either language; never as the beginning of another
// compound (부산대학교 is not where the weather is asked about).
func TestPlacesAreMatchedWholeInEitherLanguage(t *testing.T) {
	for q, want := range map[string]string{
		"Do you live in Seoul?":           "마포구",
		"서울 사세요?":                         "마포구",
		"Which country are you based in?": "South Korea",
	} {
		resume := leakyResume + "\n인적사항 · Personal details: Seoul, South Korea"
		got := chat.BestLines(q, []string{resume})
		if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("%q: quoted %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"부산 날씨 어때요?", "How is the weather in Busan today?", "Have you lived in Japan?"} {
		if got := chat.BestLines(q, []string{leakyResume}); len(got) != 0 {
			t.Errorf("%q quoted %q", q, got)
		}
	}
}

// The lexicon's everyday résumé words find a fact written in the other language, and a
// noun whose last syllable is also a particle keeps it (대만 is not 대 with 만, 회의 is
// not 회 with 의).
func TestEverydayWordsCrossLanguages(t *testing.T) {
	resume := strings.Join([]string{
		"경력 · Experience: 2019.03 ~ 현재 · 서울한빛병원 중환자실 간호사 · 3교대 근무",
		"경력 · Experience: 2020년 코로나19 선별진료소 파견 근무 (3개월)",
		"경력 · Experience: 2016.01 ~ 2019.02 · 대만 타이베이 지사 해외영업 · 신규 거래처 14곳 발굴",
		"경력 · Experience: Cut the defect rate from 4.8% to 1.2% on the injection moulding line.",
		"수상 · Awards: 2018 사내 우수사원 표창",
	}, "\n")
	for q, want := range map[string]string{
		"Do you work shifts?":                        "3교대",
		"Did you work at a COVID screening clinic?":  "선별진료소",
		"Have you worked in Taiwan?":                 "타이베이",
		"대만에서 일한 적 있어요?":                             "타이베이",
		"How many new customers did you find?":       "14곳",
		"불량률은 얼마나 줄였어요?":                             "4.8%",
		"Did you win an award for excellence?":       "우수사원",
		"Have you worked in an intensive care unit?": "중환자실",
	} {
		got := chat.BestLines(q, []string{resume})
		if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("%q: quoted %q, want %q", q, got, want)
		}
	}
}

// A kind of fact is found in the section it is under, even when the fact never names
// the kind ("what's your degree in?" finds the line under Education); the frame of a
// question ("how long", "at the moment", "finish") forces no refusal.
func TestKindsAreFoundInTheirSection(t *testing.T) {
	resume := strings.Join([]string{
		"학력 · Education: B.S. in Computer Engineering, University of Waterloo · 2010 – 2014",
		"경력 · Experience: Staff Engineer — Northwind Labs · 05/2021 – present",
		"경력 · Experience: Placement engineer — Severn Water · Jul 2023 – Jul 2024 (12 months)",
		"기술 · Skills: HTML, CSS, JavaScript",
		"발표 · Talks: 2023 “Designing for trust”, UX Camp Berlin",
	}, "\n")
	for q, want := range map[string]string{
		"What's your degree in?":              "Computer Engineering",
		"When did you finish university?":     "Waterloo",
		"Where do you work at the moment?":    "Northwind",
		"How long was your placement?":        "12 months",
		"Can you write any code?":             "HTML",
		"Have you spoken at any conferences?": "UX Camp",
	} {
		got := chat.BestLines(q, []string{resume})
		if len(got) == 0 || !strings.Contains(strings.Join(got, "\n"), want) {
			t.Errorf("%q: quoted %q, want %q", q, got, want)
		}
	}
	for _, q := range []string{"Do you have a master's degree?", "석사 학위 있으세요?", "Do you speak Japanese?"} {
		if got := chat.BestLines(q, []string{resume}); len(got) != 0 {
			t.Errorf("%q quoted %q", q, got)
		}
	}
}

// "What did you do at X?" quotes X's entry with what follows it, its bullets, up to the
// next entry; in either language.
func TestWhatWasDoneQuotesTheEntrysBullets(t *testing.T) {
	resume := strings.Join([]string{
		"경력 · Experience: Senior Gameplay Programmer, Northwind Studio, Seoul · 2022.02 – present",
		"경력 · Experience: Lead engineer on “Ember Coast”, an action RPG for PC and PS5.",
		"경력 · Experience: Built the combo system in Unreal Engine 5, in 2023.",
		"경력 · Experience: Gameplay Programmer, Tidewater Games, Busan · 2018.03 – 2022.01",
		"경력 · Experience: Ported two mobile titles to the Nintendo Switch.",
		"학력 · Education: 2012 – 2016 B.S. in Computer Science, Lisbon University, Portugal",
		"경력 · Experience: 2016 – 2018 Junior developer, Alfama Soft, Lisbon, Portugal",
		"경력 · Experience: Ran the QA automation for a banking app.",
	}, "\n")
	for q, want := range map[string][]string{
		"What game did you ship at Northwind?": {"Northwind", "Ember Coast", "combo"},
		"What did you do at Tidewater Games?":  {"Tidewater", "Nintendo Switch"},
		"포르투갈에서는 무슨 일 하셨어요?":                   {"Alfama", "QA automation"},
	} {
		got := strings.Join(chat.BestLines(q, []string{resume}), "\n")
		for _, w := range want {
			if !strings.Contains(got, w) {
				t.Errorf("%q: quoted %q, want %q", q, got, w)
			}
		}
		if strings.Contains(q, "Northwind") && strings.Contains(got, "Tidewater") {
			t.Errorf("%q: quoted the next entry too: %q", q, got)
		}
	}
}

// A thing the lexicon knows that the card never says, by any of its names, is not
// answered by the lines that share the question's other words: a language beside a
// Languages section, weekend work beside a weekend hobby, the US beside an address, a
// salary beside "Apple Pay", a master's degree beside "19 ms" (a unit after a number).
func TestKnownThingsTheCardNeverSaysAreRefused(t *testing.T) {
	resume := strings.Join([]string{
		"인적사항 · Personal details: 서울특별시 마포구 · Berlin, Germany",
		"어학 · Languages: 영어 · TOEIC 820 (2023)",
		"경력 · Experience: 동남은행 디지털본부 — iOS 개발자 2019.03 – 2021.06",
		"경력 · Experience: 모바일 뱅킹 앱의 간편 송금을 개발했습니다.",
		"프로젝트 · Projects: Apple Pay and Toss Pay support; payment failures fell by a third.",
		"관심사 · Interests: 주말 베이킹 (Baking sourdough)",
		"경력 · Experience: Brought the average frame time down from 19 ms to 14 ms; crash-free sessions at 99.8%.",
	}, "\n") + "\n" + leakyResume
	for _, q := range []string{"Do you speak Japanese?", "주말 근무 가능해요?", "Have you ever lived in the US?", "희망 연봉이 얼마예요?",
		"석사 하셨어요?", "Do you have an MS?"} {
		if got := chat.BestLines(q, []string{resume}); len(got) != 0 {
			t.Errorf("%q quoted %q", q, got)
		}
	}
	for q, want := range map[string]string{"Do you speak English?": "TOEIC", "iOS 개발 해보셨어요?": "iOS", "What do you do at weekends?": "베이킹",
		"What is your crash-free rate?": "99.8%"} {
		if got := strings.Join(chat.BestLines(q, []string{resume}), "\n"); !strings.Contains(got, want) {
			t.Errorf("%q: quoted %q, want %q", q, got, want)
		}
	}
}

// A "label: value" fact under a heading of many kinds is found by its label's kind: the
// military service written as "병역: …" under 기타 answers before a line that mentions it.
func TestLabelledFactsInMixedSectionsHaveTheirKind(t *testing.T) {
	resume := strings.Join([]string{
		"학력 · Education: B.S. in Computer Science, Hanyang University · 2012.03 – 2018.02",
		"학력 · Education: On leave 2014–2016 for military service.",
		"기타 (Etc.): 병역: 육군 만기전역 (2014–2016)",
		"기타 (Etc.): 취미: 보드게임 디자인, 클라이밍",
	}, "\n") + "\n" + leakyResume
	for q, want := range map[string]string{"Did you do military service?": "육군", "군대 다녀오셨어요?": "육군"} {
		got := chat.BestLines(q, []string{resume})
		if len(got) == 0 || !strings.Contains(got[0], want) {
			t.Errorf("%q: quoted %q, want %q first", q, got, want)
		}
	}
	if got := strings.Join(chat.BestLines("취미가 뭐예요?", []string{resume}), "\n"); !strings.Contains(got, "보드게임") {
		t.Errorf("취미가 뭐예요?: quoted %q", got)
	}
}

// An internship, a placement, a part-time or freelance job is an experience: the entry
// under Experience answers before a line elsewhere that mentions the word.
func TestInternshipsAreExperiences(t *testing.T) {
	resume := strings.Join([]string{
		"경력 · Experience: Dates Jul 2023 – Jul 2024 · Employer Severn Water (placement) · Role and duties Placement engineer: sewer condition surveys and pumping station upgrades, with a team of five and the regional asset manager",
		"수상 · Awards: Student prize for the best placement report, 2024",
		"경력 · Experience: Dates 2020 – 2023 · Employer Clifton Lido · Role and duties Lifeguard, part-time at weekends and in the holidays",
		"관심사 · Interests: I read about part-time farming.",
	}, "\n") + "\n" + leakyResume
	for q, want := range map[string]string{
		"Have you done an industrial placement?": "Severn Water",
		"인턴십 해 본 적 있어요?":                         "Severn Water",
		"Have you had a part-time job?":          "Clifton Lido",
	} {
		got := chat.BestLines(q, []string{resume})
		if len(got) == 0 || !strings.Contains(got[0], want) {
			t.Errorf("%q: quoted %q, want %q first", q, got, want)
		}
	}
}
