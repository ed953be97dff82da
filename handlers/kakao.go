package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/session"

	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// kakaoPanel is the KakaoTalk connection panel: connect, disconnect, refresh, test, and
// the self-polling status.
type kakaoPanel struct {
	*site
	sessions *session.Store
	tokens   KakaoAccount
	channels ChannelSettings
	job      RefreshStatus
}

const sessionKakaoState = "kakao_state"

// KakaoView is the panel and its status fragment.
type KakaoView struct {
	AdminView
	Configured bool
	Members    []KakaoMemberView
	Job        KakaoJobView
	Alert      string
	Self       *KakaoMemberView
	// Channels are the signed-in member's channels and their health.
	Channels []messages.ChannelStatus
	// BaseURL is set when the panel is open at another host than BASE_URL's, where
	// connecting has to happen.
	BaseURL string
}

// KakaoMemberView is one member's connection with times made readable.
type KakaoMemberView struct {
	messages.TokenStatus
	AccessIn, RefreshIn, RefreshedAgo string
}

// KakaoJobView is the refresh job's state.
type KakaoJobView struct {
	Name, Schedule, Every, LastError, LastResult string
	Reason                                       models.Reason
	LastRunAt, NextRunAt                         *time.Time
	LastRunAgo, NextRunIn                        string
}

func (h *kakaoPanel) build(c *fiber.Ctx) (*KakaoView, error) {
	v := &KakaoView{AdminView: h.adminView(c, "kakao", "admin.kakao"), Configured: h.tokens.Configured()}
	if base := h.cfg.BaseURL; c.Hostname() != base.Host {
		v.BaseURL = base.String()
	}
	sts, err := h.tokens.Status(c.UserContext(), actor(c))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	for _, st := range sts {
		mv := KakaoMemberView{TokenStatus: st}
		if st.AccessExpiresAt != nil {
			mv.AccessIn, mv.RefreshIn = v.Relative(now, *st.AccessExpiresAt), v.Relative(now, *st.RefreshExpiresAt)
		}
		if st.LastRefreshAt != nil {
			mv.RefreshedAgo = v.Relative(now, *st.LastRefreshAt)
		}
		v.Members = append(v.Members, mv)
		if st.MemberID == actor(c).ID {
			v.Self = &v.Members[len(v.Members)-1]
		}
	}
	if v.Channels, err = h.channels.Status(c.UserContext(), actor(c).ID); err != nil {
		return nil, err
	}
	job, err := h.job.Status(c.UserContext())
	if err != nil {
		return nil, err
	}
	v.Job = KakaoJobView{Name: job.Name, Schedule: job.Schedule, Every: v.Every(job.Interval), LastRunAt: job.Run.LastRunAt, LastError: job.Run.LastError, Reason: job.Run.Reason,
		LastResult: job.Run.LastResult, NextRunAt: job.NextRunAt}
	if job.Run.LastRunAt != nil {
		v.Job.LastRunAgo = v.Relative(now, *job.Run.LastRunAt)
	}
	if job.NextRunAt != nil {
		v.Job.NextRunIn = v.Relative(now, *job.NextRunAt)
	}
	return v, nil
}

func (h *kakaoPanel) page(c *fiber.Ctx) error { return h.renderPage(c, fiber.StatusOK, "") }

func (h *kakaoPanel) renderPage(c *fiber.Ctx, status int, alert string) error {
	v, err := h.build(c)
	if err != nil {
		return err
	}
	v.Alert = alert
	// Only the outcomes the panel's own redirects name are shown; anything else is ignored.
	switch n := c.Query("done"); n {
	case "connected", "disconnected", "refreshed", "test_sent":
		v.Notice = v.T("kakao." + n)
	}
	return h.render.send(c, status, "admin/kakao", v)
}

// failed shows the panel again with the reason an action failed.
func (h *kakaoPanel) failed(c *fiber.Ctx, err error) error {
	return h.renderPage(c, classify(err).status, h.explain(c, err))
}

// status is the self-polling fragment, or the same data as JSON.
func (h *kakaoPanel) status(c *fiber.Ctx) error {
	v, err := h.build(c)
	if err != nil {
		return err
	}
	if wantsJSON(c) {
		members := make([]fiber.Map, 0, len(v.Members))
		for _, m := range v.Members {
			members = append(members, fiber.Map{"member_id": m.MemberID, "login": m.Login, "state": m.State,
				"access_expires_at": rfc3339(m.AccessExpiresAt), "refresh_expires_at": rfc3339(m.RefreshExpiresAt),
				"last_refresh_at": rfc3339(m.LastRefreshAt), "last_error": m.LastError})
		}
		channels := make([]fiber.Map, 0, len(v.Channels))
		for _, ch := range v.Channels {
			channels = append(channels, fiber.Map{"channel": ch.Channel, "enabled": ch.Enabled, "health": ch.Health(),
				"last_ok_at": rfc3339(ch.LastOKAt), "last_error_at": rfc3339(ch.LastErrorAt), "reason": ch.Reason})
		}
		return c.JSON(fiber.Map{"members": members, "channels": channels, "job": fiber.Map{"name": v.Job.Name, "schedule": v.Job.Schedule,
			"last_run_at": rfc3339(v.Job.LastRunAt), "next_run_at": rfc3339(v.Job.NextRunAt), "last_error": v.Job.LastError}})
	}
	return h.render.partial(c, fiber.StatusOK, "kakao-status", v)
}

func rfc3339(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (h *kakaoPanel) connect(c *fiber.Ctx) error {
	// Kakao sends the browser back to BASE_URL's host, and the session (with the state to
	// check) belongs to the host the owner signed in at: start the dance at BASE_URL. The
	// marker stops a loop behind a proxy that rewrites the Host header.
	if base := h.cfg.BaseURL; c.Hostname() != base.Host && c.Query("moved") == "" {
		return c.Redirect(base.String()+"/admin/kakao/connect?moved=1", fiber.StatusSeeOther)
	}
	b := make([]byte, 16)
	rand.Read(b) //nolint:errcheck // crypto/rand does not fail
	state := hex.EncodeToString(b)
	to, err := h.tokens.AuthorizeURL(state)
	if err != nil {
		return h.failed(c, err)
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(sessionKakaoState, state)
	if err := sess.Save(); err != nil {
		return err
	}
	return c.Redirect(to, fiber.StatusSeeOther)
}

func (h *kakaoPanel) callback(c *fiber.Ctx) error {
	if e := c.Query("error"); e != "" {
		key := "kakao.failed"
		if e == "access_denied" {
			key = "kakao.denied"
		}
		return h.renderPage(c, fiber.StatusOK, h.t(c, key))
	}
	sess, err := h.sessions.Get(c)
	if err != nil {
		return err
	}
	want, _ := sess.Get(sessionKakaoState).(string)
	code := c.Query("code")
	m := memberOf(c)
	if code == "" || want == "" || c.Query("state") != want {
		// A reload after success has no state left: the code was used, so say it is done.
		if want == "" && code != "" && h.tokens.Connected(c.UserContext(), m.ID) {
			return c.Redirect("/admin/kakao?done=connected", fiber.StatusSeeOther)
		}
		return h.renderPage(c, fiber.StatusBadRequest, h.t(c, "kakao.bad_state"))
	}
	if err := h.tokens.Connect(c.UserContext(), m.ID, code); err != nil {
		if errors.Is(err, services.ErrUpstream) {
			return h.failed(c, err)
		}
		return err
	}
	sess.Delete(sessionKakaoState)
	if err := sess.Save(); err != nil {
		return err
	}
	return c.Redirect("/admin/kakao?done=connected", fiber.StatusSeeOther)
}

// action runs one panel button for the signed-in member and shows the outcome.
func (h *kakaoPanel) action(done string, fn func(c *fiber.Ctx, memberID int64) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		err := fn(c, actor(c).ID)
		if errors.Is(err, services.ErrNotConnected) || errors.Is(err, services.ErrUpstream) {
			return h.failed(c, err)
		}
		if err != nil {
			return err
		}
		return redirect(c, "/admin/kakao?done="+done)
	}
}

func (h *kakaoPanel) disconnect() fiber.Handler {
	return h.action("disconnected", func(c *fiber.Ctx, id int64) error { return h.tokens.Disconnect(c.UserContext(), id) })
}

func (h *kakaoPanel) refresh() fiber.Handler {
	return h.action("refreshed", func(c *fiber.Ctx, id int64) error { return h.tokens.Refresh(c.UserContext(), id) })
}

func (h *kakaoPanel) test() fiber.Handler {
	return h.action("test_sent", func(c *fiber.Ctx, id int64) error {
		return h.tokens.SendTest(c.UserContext(), id, h.render.view(c).Lang)
	})
}
