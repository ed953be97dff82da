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
