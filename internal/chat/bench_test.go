package chat_test

import (
	"fmt"
	"strings"
	"testing"

	"sitecard/internal/chat"
)

// resumeText is a 30-page résumé of about 3,000 characters a page, in Korean and English.
func resumeText() string {
	var b strings.Builder
	for page := 1; page <= 30; page++ {
		fmt.Fprintf(&b, "Page %d. Project %d: built a service in Go and PostgreSQL for team %d; 결제 시스템과 알림 서비스를 운영했습니다.\n", page, page, page)
		for line := 0; line < 25; line++ {
			fmt.Fprintf(&b, "업무 %d-%d: 데이터 파이프라인과 API 서버를 설계하고 배포했습니다. Worked on performance and reliability.\n", page, line)
		}
	}
	b.WriteString("이메일 (Email): gildong@example.com\n")
	return b.String()
}

// BenchmarkRetrieve30PageResume is one question's retrieval on the embedded default:
// rank the facts of a 30-page résumé and pick those to quote.
func BenchmarkRetrieve30PageResume(b *testing.B) {
	passages, err := chat.Split(resumeText())
	if err != nil {
		b.Fatal(err)
	}
	l := chat.NewLexical(passages)
	questions := []string{"What's your email?", "이메일 주소가 뭐예요?", "결제 시스템 경험이 있나요?", "Which projects used PostgreSQL?"}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		q := chat.NewQuery(questions[i%len(questions)])
		l.Answer(q)
	}
	b.ReportMetric(float64(len(passages)), "passages")
}
