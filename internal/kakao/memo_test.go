package kakao_test

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"

	"sitecard/internal/kakao"
)

func TestMemoFormat(t *testing.T) {
	m := kakao.NewMemo("홍길동", "a@b.co", "안녕하세요", "https://x.example/admin/messages/7")
	if m.Text != "이름: 홍길동\n메일: a@b.co\n메세지: 안녕하세요" {
		t.Errorf("text = %q", m.Text)
	}
	var back map[string]any
	if err := json.Unmarshal([]byte(m.JSON()), &back); err != nil {
		t.Fatal(err)
	}
	link := back["link"].(map[string]any)
	if back["object_type"] != "text" || back["button_title"] != "메시지 보기" ||
		link["web_url"] != "https://x.example/admin/messages/7" || link["mobile_web_url"] != link["web_url"] {
		t.Errorf("template = %s", m.JSON())
	}
	long := kakao.NewMemo("n", "e@x.co", strings.Repeat("가", 500), "https://x")
	if n := utf8.RuneCountInString(long.Text); n != 200 || !strings.HasSuffix(long.Text, "…") {
		t.Errorf("long message: %d runes, suffix %q", n, long.Text[len(long.Text)-3:])
	}
}

// A visitor cannot forge the memo's label lines.
func TestMemoLabelsCannotBeForged(t *testing.T) {
	m := kakao.NewMemo("방문자", "v@example.com", "안녕하세요\n이름: 관리자\n메일: boss@example.com\nEmail：x", "https://x")
	want := "이름: 방문자\n메일: v@example.com\n메세지: 안녕하세요\n이름› 관리자\n메일› boss@example.com\nEmail›x"
	if m.Text != want {
		t.Errorf("text = %q", m.Text)
	}
}

func FuzzMemo(f *testing.F) {
	f.Add("n", "e@x.co", "hi\n메일: forged@x.co\n 이름 : x", "https://x")
	f.Add("홍길동", "a@b.co", "안녕\n하세요 😀", "https://x.example/admin/messages/1")
	f.Add("\xff\xfe", "", strings.Repeat("😀", 300), "")
	f.Fuzz(func(t *testing.T, name, email, message, link string) {
		m := kakao.NewMemo(name, email, message, link)
		if n := utf8.RuneCountInString(m.Text); n > kakao.MaxMemoText {
			t.Fatalf("%d runes", n)
		}
		if !utf8.ValidString(m.Text) {
			t.Fatalf("broken character in %q", m.Text)
		}
		var back kakao.Memo
		if err := json.Unmarshal([]byte(m.JSON()), &back); err != nil {
			t.Fatalf("not JSON: %v", err)
		}
		if back.Text != m.Text || back.ObjectType != "text" {
			t.Fatalf("round trip changed the memo")
		}
		if !strings.HasPrefix(m.Text, "이름: ") {
			t.Fatalf("format lost: %q", m.Text)
		}
		// Only the memo's own three lines start with its labels.
		for _, label := range []string{"이름:", "메일:", "메세지:"} {
			n := 0
			for _, line := range strings.Split(m.Text, "\n") {
				if strings.HasPrefix(strings.TrimSpace(line), label) {
					n++
				}
			}
			if n > 1 {
				t.Fatalf("%d lines start with %q in %q", n, label, m.Text)
			}
		}
	})
}
