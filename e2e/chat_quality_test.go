package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

// chatQuestion is one question of bench/chat-quality/questions.json: the answer must
// hold one of want, or, with refuse, say the card and résumé do not tell.
type chatQuestion struct {
	Lang   string   `json:"lang"`
	Q      string   `json:"q"`
	Want   []string `json:"want"`
	Refuse bool     `json:"refuse"`
}

// The chatbot's quality on résumés as people make them: each résumé of bench/chat-quality
// is printed to PDF by Chromium, uploaded to a card that holds only a name, and asked its
// questions in Korean and English through the JSON API. It prints the accuracy per résumé
// and language, and fails under 90 %.
func TestChatQuality(t *testing.T) {
	dir, err := filepath.Abs("../bench/chat-quality")
	if err != nil {
		t.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "questions.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sets map[string][]chatQuestion
	if err := json.Unmarshal(raw, &sets); err != nil {
		t.Fatal(err)
	}
	names := make([]string, 0, len(sets))
	for name := range sets {
		names = append(names, name)
	}
	sort.Strings(names)
	// Each résumé is printed once, as its author would: Chromium's "Save as PDF", A4.
	browserCtx := browser(t)
	pdfs := map[string][]byte{}
	for _, name := range names {
		do(t, browserCtx, chromedp.Navigate("file://"+filepath.Join(dir, name+".html")), chromedp.WaitReady("body"))
		printed, err := chromedp.Call(browserCtx, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69}) // A4
		if err != nil {
			t.Fatalf("%s: print: %v", name, err)
		}
		pdfs[name] = printed.Data
	}
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		chatQuality(t, cfg, names, sets, pdfs)
	})
}

// chatQuality uploads each résumé to a card of its own on cfg's database, asks its
// questions, and reports the accuracy.
func chatQuality(t *testing.T, cfg *config.Config, names []string, sets map[string][]chatQuestion, pdfs map[string][]byte) {
	srv := testutil.Server(t, cfg, server.WithFastPasswordHashing())
	ctx := context.Background()
	owner, err := srv.Members.Setup(ctx, map[string]string{"login": "owner", "password": "owner-pass-1"})
	if err != nil {
		t.Fatal(err)
	}
	actor := services.Actor{ID: owner.ID, Admin: true}
	type score struct{ right, total int }
	scores := map[string]*score{}
	add := func(key string, ok bool) {
		if scores[key] == nil {
			scores[key] = &score{}
		}
		scores[key].total++
		if ok {
			scores[key].right++
		}
	}
	for _, name := range names {
		pdf := pdfs[name]
		card, err := srv.Cards.Create(ctx, actor, map[string]string{"slug": "cq-" + name, "name_ko": "이력서 " + name})
		if err != nil {
			t.Fatal(err)
		}
		if err := srv.Cards.UpdateSettings(ctx, actor, card.ID, map[string]string{"slug": card.Slug, "published": "on"}); err != nil {
			t.Fatal(err)
		}
		if err := srv.Cards.AttachFile(ctx, actor, card.ID, services.Resume, pdf); err != nil {
			t.Fatalf("%s: upload: %v", name, err)
		}
		if err := srv.Indexer.Index(ctx, card.ID); err != nil {
			t.Fatal(err)
		}
		if os.Getenv("CHAT_QUALITY_PASSAGES") != "" {
			chunks, _ := models.ChunksOf(ctx, srv.DB, card.ID)
			for _, c := range chunks {
				t.Logf("%s passage %d (%s):\n%s", name, c.Seq, c.Source, c.Content)
			}
		}
		for _, q := range sets[name] {
			answer := askAPI(t, srv, card.Slug, q.Q)
			refused := strings.HasPrefix(answer, "잘 모르겠습니다") || strings.HasPrefix(answer, "I don't know")
			ok := refused
			if !q.Refuse {
				ok = false
				for _, w := range q.Want {
					ok = ok || strings.Contains(strings.ToLower(answer), strings.ToLower(w))
				}
				ok = ok && !refused
				add(name+"/"+q.Lang, ok)
				add("answers", ok)
			} else {
				add(name+"/refusals", ok)
				add("refusals", ok)
			}
			if !ok {
				t.Logf("miss %s %q → %q", name, q.Q, answer)
			}
		}
	}
	keys := make([]string, 0, len(scores))
	for k := range scores {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var report strings.Builder
	for _, k := range keys {
		s := scores[k]
		fmt.Fprintf(&report, "%-16s %3d / %3d  %5.1f %%\n", k, s.right, s.total, 100*float64(s.right)/float64(s.total))
	}
	t.Logf("chat quality:\n%s", report.String())
	for _, k := range []string{"answers", "refusals"} {
		if s := scores[k]; 10*s.right < 9*s.total {
			t.Errorf("%s: %d of %d right, under 90 %%", k, s.right, s.total)
		}
	}
}

// askAPI asks the JSON API and returns the answer.
func askAPI(t *testing.T, srv *server.Server, slug, question string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"question": question, "card": slug})
	req := httptest.NewRequest("POST", "/chat/", strings.NewReader(string(body)))
	req.Header.Set("Content-Type", "application/json")
	resp, err := srv.App.Test(req, -1)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out struct {
		Answer string `json:"answer"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || resp.StatusCode != 200 {
		t.Fatalf("%q: status %d, %v", question, resp.StatusCode, err)
	}
	return out.Answer
}
