package handlers

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/kakao"
	"sitecard/models"
	"sitecard/services"
)

// JobInfo tells the status page about the refresh job; the server fills it in.
type JobInfo struct {
	Name     string
	Schedule string
	NextRun  func() (time.Time, error)
	Runs     *services.Jobs
}

// kakaoAdmin is the KakaoTalk connection panel.
type kakaoAdmin struct {
	admin  *admin
	tokens *services.Tokens
	outbox *services.Outbox
	job    JobInfo
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
}

// KakaoMemberView is one member's connection with times made readable.
type KakaoMemberView struct {
	services.TokenStatus
	AccessIn, RefreshIn, RefreshedAgo string
}

// KakaoJobView is the refresh job's state.
type KakaoJobView struct {
	Name, Schedule, LastError, LastResult string
	LastRunAt, NextRunAt                  *time.Time
	LastRunAgo, NextRunIn                 string
}

func (h *kakaoAdmin) build(c *fiber.Ctx) (*KakaoView, error) {
	v := &KakaoView{AdminView: h.admin.adminView(c, "kakao", "admin.kakao"), Configured: h.tokens.Client().Configured()}
	sts, err := h.tokens.Status(c.UserContext(), actor(c))
	if err != nil {
		return nil, err
	}
	now := time.Now()
	for _, st := range sts {
		mv := KakaoMemberView{TokenStatus: st}
		if st.AccessExpiresAt != nil {
			mv.AccessIn, mv.RefreshIn = relative(now, *st.AccessExpiresAt), relative(now, *st.RefreshExpiresAt)
		}
		if st.LastRefreshAt != nil {
			mv.RefreshedAgo = relative(now, *st.LastRefreshAt)
		}
		v.Members = append(v.Members, mv)
		if st.MemberID == actor(c).ID {
			v.Self = &v.Members[len(v.Members)-1]
		}
	}
	run, err := h.job.Runs.Get(c.UserContext(), h.job.Name)
	if err != nil {
		return nil, err
	}
	v.Job = KakaoJobView{Name: h.job.Name, Schedule: h.job.Schedule, LastRunAt: run.LastRunAt, LastError: run.LastError, LastResult: run.LastResult}
	if run.LastRunAt != nil {
		v.Job.LastRunAgo = relative(now, *run.LastRunAt)
	}
	if next, err := h.job.NextRun(); err == nil && !next.IsZero() {
		v.Job.NextRunAt = &next
		v.Job.NextRunIn = relative(now, next)
	}
	return v, nil
}

// relative says "in 5h 59m" or "3m ago".
func relative(now, t time.Time) string {
	d := t.Sub(now).Round(time.Minute)
	if d == 0 {
		return "just now"
	}
	suffix, prefix := "", "in "
	if d < 0 {
		d, suffix, prefix = -d, " ago", ""
	}
	days := int(d.Hours()) / 24
	h := int(d.Hours()) % 24
	m := int(d.Minutes()) % 60
	switch {
	case days > 0:
		return prefix + strconv.Itoa(days) + "d " + strconv.Itoa(h) + "h" + suffix
	case h > 0:
		return prefix + strconv.Itoa(h) + "h " + strconv.Itoa(m) + "m" + suffix
	}
	return prefix + strconv.Itoa(m) + "m" + suffix
}

func (h *kakaoAdmin) page(c *fiber.Ctx) error { return h.renderPage(c, fiber.StatusOK, "") }

func (h *kakaoAdmin) renderPage(c *fiber.Ctx, status int, alert string) error {
	v, err := h.build(c)
	if err != nil {
		return err
	}
	v.Alert = alert
	if n := c.Query("done"); n != "" {
		v.Notice = v.T("kakao." + n)
	}
	return h.admin.site.render.send(c, status, "admin/kakao", v)
}

// status is the self-polling fragment, or the same data as JSON.
func (h *kakaoAdmin) status(c *fiber.Ctx) error {
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
		return c.JSON(fiber.Map{"members": members, "job": fiber.Map{"name": v.Job.Name, "schedule": v.Job.Schedule,
			"last_run_at": rfc3339(v.Job.LastRunAt), "next_run_at": rfc3339(v.Job.NextRunAt), "last_error": v.Job.LastError}})
	}
	c.Set(fiber.HeaderCacheControl, "no-store")
	c.Type("html", "utf-8")
	body, err := h.admin.site.render.render("admin/kakao_status", v, true)
	if err != nil {
		return err
	}
	return c.Send(body)
}

func rfc3339(t *time.Time) any {
	if t == nil {
		return nil
	}
	return t.UTC().Format(time.RFC3339)
}

func (h *kakaoAdmin) connect(c *fiber.Ctx) error {
	if !h.tokens.Client().Configured() {
		v := h.admin.auth.view(c)
		return h.renderPage(c, fiber.StatusConflict, v.T("kakao.not_configured"))
	}
	b := make([]byte, 16)
	rand.Read(b) //nolint:errcheck
	state := hex.EncodeToString(b)
	sess, err := h.admin.auth.sessions.Get(c)
	if err != nil {
		return err
	}
	sess.Set(sessionKakaoState, state)
	if err := sess.Save(); err != nil {
		return err
	}
	return c.Redirect(h.tokens.Client().AuthorizeURL(state), fiber.StatusSeeOther)
}

func (h *kakaoAdmin) callback(c *fiber.Ctx) error {
	v := h.admin.auth.view(c)
	if e := c.Query("error"); e != "" {
		msg := v.T("kakao.failed") + ": " + c.Query("error_description", e)
		if e == "access_denied" {
			msg = v.T("kakao.denied")
		}
		return h.renderPage(c, fiber.StatusOK, msg)
	}
	sess, err := h.admin.auth.sessions.Get(c)
	if err != nil {
		return err
	}
	want, _ := sess.Get(sessionKakaoState).(string)
	code := c.Query("code")
	m := h.admin.auth.member(c)
	if code == "" || want == "" || c.Query("state") != want {
		// A reload after success has no state left: the code was used, so say it is done.
		if want == "" && code != "" && h.tokens.Connected(c.UserContext(), m.ID) {
			return c.Redirect("/admin/kakao?done=connected", fiber.StatusSeeOther)
		}
		return h.renderPage(c, fiber.StatusBadRequest, v.T("kakao.bad_state"))
	}
	if _, err := h.tokens.Connect(c.UserContext(), m.ID, code); err != nil {
		var ke *kakao.Error
		if errors.As(err, &ke) {
			return h.renderPage(c, fiber.StatusBadGateway, v.T("kakao.failed")+": "+ke.Code+" "+ke.Msg)
		}
		return err
	}
	sess.Delete(sessionKakaoState)
	if err := sess.Save(); err != nil {
		return err
	}
	if _, err := h.outbox.ReleaseWaiting(c.UserContext(), m.ID); err != nil {
		return err
	}
	return c.Redirect("/admin/kakao?done=connected", fiber.StatusSeeOther)
}

func (h *kakaoAdmin) action(c *fiber.Ctx) error {
	ctx, m := c.UserContext(), h.admin.auth.member(c)
	v := h.admin.auth.view(c)
	var err error
	done := ""
	switch c.Params("action") {
	case "disconnect":
		err, done = h.tokens.Disconnect(ctx, m.ID), "disconnected"
	case "refresh":
		_, err = h.tokens.Refresh(ctx, m.ID, "")
		done = "refreshed"
		if err == nil {
			_, err = h.outbox.ReleaseWaiting(ctx, m.ID)
		}
	case "test":
		var access string
		access, err = h.tokens.AccessToken(ctx, m.ID)
		if err == nil {
			err = h.tokens.Client().SendMemo(ctx, access, kakao.NewMemo("sitecard", m.Email, "테스트 메시지입니다. This is a test.",
				h.admin.site.cfg.BaseURL.String()+"/admin/kakao"))
		}
		done = "test_sent"
	default:
		return fiber.ErrNotFound
	}
	if errors.Is(err, services.ErrNotConnected) {
		return h.renderPage(c, fiber.StatusConflict, v.T("kakao.state.disconnected"))
	}
	var ke *kakao.Error
	if errors.As(err, &ke) {
		return h.renderPage(c, fiber.StatusBadGateway, v.T("kakao.failed")+": "+ke.Error())
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/kakao?done="+done)
}

// inbox lists and manages messages.
type inbox struct {
	admin  *admin
	outbox *services.Outbox
}

// InboxView is /admin/messages.
type InboxView struct {
	AdminView
	Messages []models.Message
	State    string
	States   []string
}

// MessageView is /admin/messages/:id.
type MessageView struct {
	AdminView
	Message *models.Message
	History []models.MessageAttempt
}

func (h *inbox) list(c *fiber.Ctx) error {
	state := c.Query("state")
	ms, err := h.outbox.Messages(c.UserContext(), actor(c), state, 200)
	if err != nil {
		return err
	}
	v := &InboxView{AdminView: h.admin.adminView(c, "inbox", "admin.inbox"), Messages: ms, State: state, States: services.MessageStates()}
	return h.admin.site.render.send(c, fiber.StatusOK, "admin/messages", v)
}

func (h *inbox) show(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	m, hist, err := h.outbox.Message(c.UserContext(), actor(c), id)
	if err != nil {
		return serviceError(err)
	}
	if m.ReadAt == nil {
		h.outbox.MarkRead(c.UserContext(), actor(c), id) //nolint:errcheck // reading matters more than the mark
	}
	v := &MessageView{AdminView: h.admin.adminView(c, "inbox", "admin.inbox"), Message: m, History: hist}
	return h.admin.site.render.send(c, fiber.StatusOK, "admin/message", v)
}

func (h *inbox) action(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	ctx, a := c.UserContext(), actor(c)
	switch c.Params("action") {
	case "retry":
		err = h.outbox.Retry(ctx, a, id)
	case "read":
		err = h.outbox.MarkRead(ctx, a, id)
	case "delete":
		if err = h.outbox.Delete(ctx, a, id); err == nil {
			return redirect(c, "/admin/messages")
		}
	default:
		return fiber.ErrNotFound
	}
	if err != nil {
		return serviceError(err)
	}
	return redirect(c, "/admin/messages/"+strconv.FormatInt(id, 10))
}
