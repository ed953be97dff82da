package handlers_test

import (
	"net/http"
	"testing"
	"time"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// KakaoTalk's health follows its deliveries, as email's and the webhook's do: while
// Kakao's API fails, the status fragment and the channels page say "failing", not
// healthy; the next delivery that arrives makes it healthy again.
func TestKakaoIsNotHealthyWhileItsDeliveriesFail(t *testing.T) {
	testutil.ForEachDB(t, func(t *testing.T, cfg *config.Config) {
		k := newKakaoSite(t, cfg)
		alice := newClient(t, k.srv)
		alice.login("alice", "alice-pass-1")
		k.connect(t, alice)
		health := func(want string) {
			t.Helper()
			status := alice.get("/admin/kakao/status", "HX-Request", "true")
			mustContain(t, "status fragment", status.body, `data-channel="kakao" data-health="`+want+`"`)
			page := alice.get("/admin/channels")
			mustContain(t, "channels page", page.body, `id="channel-kakao" data-health="`+want+`"`)
		}
		sendAPI(t, k.srv, "alice", "첫 메시지")
		k.deliver(t)
		health("healthy")
		k.fake.FailNext(http.StatusInternalServerError, 1)
		sendAPI(t, k.srv, "alice", "두 번째")
		k.deliver(t)
		health("failing")
		k.clock.Advance(time.Hour) // past the retry's backoff
		k.deliver(t)
		health("healthy")
	})
}
