package handlers_test

import (
	"context"
	"fmt"
	"html"
	"regexp"
	"strings"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/server"
	"sitecard/internal/testutil"
	"sitecard/models"
	"sitecard/services"
)

var (
	rowCard    = regexp.MustCompile(`<tr class="card-row" data-card="([^"]+)"`)
	rowMessage = regexp.MustCompile(`<tr class="message-row[^"]*" data-id="(\d+)"`)
	rowMember  = regexp.MustCompile(`<tr class="member-row" data-login="([^"]+)"`)
	pagerLink  = regexp.MustCompile(`<a href="([^"]+)"(?: rel="[a-z]+")?>([^<]+)</a>`)
)

// link returns the pager link with the given text on a page, or "".
func link(body, text string) string {
	for _, m := range pagerLink.FindAllStringSubmatch(body, -1) {
		if m[2] == text {
			return html.UnescapeString(m[1])
		}
	}
	return ""
}

// The dashboard lists cards 20 at a time with a search; a page past the end is the last.
func TestDashboardPagesAndSearchesCards(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := context.Background()
	admin := services.Actor{ID: f.adminID, Admin: true}
	for i := range 43 {
		if _, err := f.srv.Cards.Create(ctx, admin, map[string]string{"slug": fmt.Sprintf("team-%02d", i), "name_ko": fmt.Sprintf("팀원 %02d", i)}); err != nil {
			t.Fatal(err)
		}
	}
	c := newClient(t, f.srv)
	c.login("admin", adminPassword)
	r := c.get("/admin")
	if n := len(rowCard.FindAllString(r.body, -1)); n != 20 {
		t.Errorf("first page: %d cards, want 20", n)
	}
	if len(r.body) > 200<<10 {
		t.Errorf("the dashboard is %d KB", len(r.body)>>10)
	}
	last := link(r.body, "마지막")
	if last != "/admin?page=3" {
		t.Fatalf("link to the last page: %q", last)
	}
	// 45 cards: demo, alice's and 43 more.
	r = c.get(last)
	if n := len(rowCard.FindAllString(r.body, -1)); n != 5 || !strings.Contains(r.body, `<span aria-current="page">3 / 3</span>`) {
		t.Errorf("last page: %d cards", n)
	}
	if again := c.get("/admin?page=500"); strings.Join(rowCard.FindAllString(again.body, -1), "") != strings.Join(rowCard.FindAllString(r.body, -1), "") {
		t.Error("a page past the end is not the last page")
	}
	r = c.get("/admin?q=TEAM-1")
	got := rowCard.FindAllStringSubmatch(r.body, -1)
	if len(got) != 10 || got[0][1] != "team-10" || !strings.Contains(r.body, "카드 10개") {
		t.Errorf("search team-1: %d cards %v", len(got), got)
	}
	if r := c.get("/admin?q=%00%25_"); r.status != 200 || !strings.Contains(r.body, "검색 결과가 없습니다") {
		t.Errorf("a search of NUL and wildcards: %d", r.status)
	}
	// A member sees only their own cards, however the search is written.
	alice := newClient(t, f.srv)
	alice.login("alice", "alice-pass-1")
	if got := rowCard.FindAllStringSubmatch(alice.get("/admin?q=a").body, -1); len(got) != 1 || got[0][1] != "alice" {
		t.Errorf("alice's dashboard lists %v", got)
	}
}

// The inbox pages through every message, newest first, in each state: walking "older"
// from the newest page visits each message once, and the oldest page ends with the first.
func TestInboxPagesThroughEveryState(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		f := newFixture(t, cfg)
		ctx := context.Background()
		now := time.Now().UTC()
		var all, failed []int64
		for i := range 130 {
			state := models.MessageSent
			if i%2 == 0 {
				state = models.MessageFailed
			}
			m := &models.Message{CardID: &f.cardID, MemberID: &f.aliceID, Name: fmt.Sprintf("방문자 %d", i), Email: "v@example.com",
				Body: "안녕하세요", ClientIP: "192.0.2.1", State: state, CreatedAt: now, UpdatedAt: now}
			if err := models.InsertMessage(ctx, f.srv.DB, m); err != nil {
				t.Fatal(err)
			}
			all = append([]int64{m.ID}, all...)
			if state == models.MessageFailed {
				failed = append([]int64{m.ID}, failed...)
			}
		}
		c := newClient(t, f.srv)
		c.login("admin", adminPassword)
		for _, tc := range []struct {
			start string
			want  []int64
		}{{"/admin/messages", all}, {"/admin/messages?state=failed", failed}} {
			var seen []string
			page := tc.start
			for range 10 {
				r := c.get(page)
				if len(r.body) > 200<<10 {
					t.Errorf("%s is %d KB", page, len(r.body)>>10)
				}
				for _, m := range rowMessage.FindAllStringSubmatch(r.body, -1) {
					seen = append(seen, m[1])
				}
				if page = link(r.body, "더 이전"); page == "" {
					break
				}
				if strings.Contains(tc.start, "state=") && !strings.Contains(page, "state=failed") {
					t.Errorf("the next page lost the filter: %s", page)
				}
			}
			if want := fmt.Sprint(tc.want); fmt.Sprint(toIDs(seen)) != want {
				t.Errorf("%s: walking older pages saw %d messages, want %d in order", tc.start, len(seen), len(tc.want))
			}
			r := c.get(tc.start)
			oldest := c.get(link(r.body, "가장 오래된"))
			ids := rowMessage.FindAllStringSubmatch(oldest.body, -1)
			if len(ids) == 0 || ids[len(ids)-1][1] != fmt.Sprint(tc.want[len(tc.want)-1]) {
				t.Errorf("%s: the oldest page does not end with the first message", tc.start)
			}
			if link(oldest.body, "더 이전") != "" || link(oldest.body, "더 최근") == "" {
				t.Errorf("%s: the oldest page offers an older page, or no newer one", tc.start)
			}
			newer := c.get(link(oldest.body, "더 최근"))
			if got := rowMessage.FindAllStringSubmatch(newer.body, -1); len(got) == 0 || got[len(got)-1][1] == ids[0][1] {
				t.Errorf("%s: the page newer than the oldest repeats it", tc.start)
			}
		}
		if r := c.get("/admin/messages?before=x&after=%00&state=%00"); r.status != 200 || len(rowMessage.FindAllString(r.body, -1)) != 50 {
			t.Errorf("broken cursors: %d", r.status)
		}
	})
}

func toIDs(s []string) []int64 {
	out := make([]int64, len(s))
	for i, v := range s {
		fmt.Sscan(v, &out[i]) //nolint:errcheck // the pattern matched digits
	}
	return out
}

// The members list pages with its search kept on every link.
func TestMembersListPagesWithItsSearch(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	for i := range 45 {
		if _, err := f.srv.Members.Create(context.Background(), services.Actor{ID: f.adminID, Admin: true},
			map[string]string{"login": fmt.Sprintf("crew%02d", i), "password": "crew-pass-1", "role": models.RoleMember}); err != nil {
			t.Fatal(err)
		}
	}
	c := newClient(t, f.srv)
	c.login("admin", adminPassword)
	r := c.get("/admin/members?q=crew")
	if n := len(rowMember.FindAllString(r.body, -1)); n != 20 {
		t.Errorf("first page of crew: %d", n)
	}
	next := link(r.body, "다음")
	if next != "/admin/members?page=2&q=crew" {
		t.Fatalf("next link %q", next)
	}
	r = c.get(link(c.get(next).body, "다음"))
	if got := rowMember.FindAllStringSubmatch(r.body, -1); len(got) != 5 || got[4][1] != "crew44" {
		t.Errorf("last page of crew: %v", got)
	}
}

// The views chart names its first, middle and last day under the bars, and its numbers
// open from a summary of their own, as a table with a header.
func TestViewsChartHasDatesAndATable(t *testing.T) {
	clock := &testutil.Clock{}
	f := newFixtureWith(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"), server.WithClock(clock.Now))
	c := newClient(t, f.srv)
	c.login("admin", adminPassword)
	body := c.get("/admin").body
	today := clock.Now().UTC().Truncate(24 * time.Hour)
	days := []string{today.AddDate(0, 0, -29).Format("01-02"), today.AddDate(0, 0, -14).Format("01-02"), today.Format("01-02")}
	mustContain(t, "chart", body, `<div class="chart-days" aria-hidden="true"><span>`+days[0]+`</span><span>`+days[1]+`</span><span>`+days[2]+`</span></div>`,
		`<summary>날짜별 숫자 보기</summary>`, `<th scope="col">날짜</th>`)
}
