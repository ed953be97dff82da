package handlers

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/jsonresume"
	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// admin serves the dashboard, the member's own account and the member list.
type admin struct {
	*site
	auth    *auth
	cards   Cards
	members Members
	views   Views
	// resumes reads JSON Resume files for a new card.
	resumes *jsonresume.Reader
	backups Backups
	// outbox tells whether the member's messages can reach any channel.
	reach Intake
	audit Audit
}

// AdminView is the data every dashboard page needs.
type AdminView struct {
	View
	Member  *models.Member
	IsAdmin bool
	Section string
	Notice  string
}

// adminView is the start of every dashboard page's view. The guard in front of the
// dashboard has put the signed-in member in the request's locals.
func (s *site) adminView(c *fiber.Ctx, section, title string) AdminView {
	v := s.render.view(c)
	m := memberOf(c)
	av := AdminView{View: v, Member: m, IsAdmin: m != nil && m.Role == models.RoleAdmin, Section: section}
	av.Title = av.T(title) + " · sitecard"
	if c.Query("saved") == "1" {
		av.Notice = av.T("admin.saved")
	}
	if n, err := strconv.Atoi(c.Query("dotted")); err == nil && n > 0 && n <= 1000 {
		av.Notice = fmt.Sprintf(av.T("import.dotted_read"), n)
	}
	return av
}

// DashboardView is /admin.
type DashboardView struct {
	AdminView
	Cards   []CardStats
	Stats   *services.Stats
	Chart   *Chart
	NewCard *FormView
	// Query is the card search, Found how many cards it finds, Pager the links between
	// its pages.
	Query string
	Found int
	Pager *PagerView
	// ImportProblems says, in plain words, why a JSON Resume file was refused.
	ImportProblems []string
	// LastBackup is when the last backup was made (admins see the backup panel).
	LastBackup *time.Time
	// Reach is where the member's new messages would go (messages.Reach's key): the
	// dashboard warns when it is nowhere ("saved") or only to failing channels.
	Reach string
}

const localsImportProblems = "import.problems"

// cardsPerPage is how many cards the dashboard lists at once.
const cardsPerPage = 20

// CardStats is one card of the dashboard's list with its last 30 days.
type CardStats struct {
	models.Card
	Views30, Clicks30 int64
	Spark             string
	Clicks            []LinkClicks
}

// LinkClicks is a link or button and how often it was clicked.
type LinkClicks struct {
	Label  string
	Clicks int64
}

func (h *admin) dashboard(c *fiber.Ctx) error {
	return h.renderDashboard(c, fiber.StatusOK, nil, nil)
}

func (h *admin) renderDashboard(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors) error {
	a := actor(c)
	page, _ := strconv.Atoi(c.Query("page"))
	list, err := h.cards.Find(c.UserContext(), a, c.Query("q"), page, cardsPerPage)
	if err != nil {
		return err
	}
	ids := make([]int64, len(list.Cards))
	for i, card := range list.Cards {
		ids[i] = card.ID
	}
	stats, err := h.views.Stats(c.UserContext(), a, ids)
	if err != nil {
		return err
	}
	reach, err := h.reach.MemberReach(c.UserContext(), a.ID)
	if err != nil {
		return err
	}
	v := DashboardView{AdminView: h.adminView(c, "dashboard", "admin.title"), Stats: stats, Query: list.Query, Found: list.Total, Reach: reach.Key()}
	if a.Admin {
		if v.LastBackup, err = h.backups.Last(c.UserContext()); err != nil {
			return err
		}
	}
	v.Pager = v.pager("/admin", url.Values{"q": {list.Query}}, list.Paging)
	for _, card := range list.Cards {
		daily := stats.Daily[card.ID]
		if daily == nil {
			daily = make([]int64, len(stats.Days)) // no views yet: a flat line
		}
		cs := CardStats{Card: card, Spark: sparkline(daily)}
		for _, n := range daily {
			cs.Views30 += n
		}
		for _, cl := range stats.Clicks[card.ID] {
			cs.Clicks30 += cl.Clicks
			label := v.T("click." + cl.Target)
			if cl.Target == models.ClickLink {
				label = cl.LinkLabel
				if label == "" {
					label = v.T("link." + cl.LinkKind)
				}
			}
			cs.Clicks = append(cs.Clicks, LinkClicks{Label: label, Clicks: cl.Clicks})
		}
		v.Cards = append(v.Cards, cs)
	}
	v.Chart = v.chart("views-chart", v.T("chart.views"), stats.Days, stats.Total)
	rules := validate.NewCard()
	v.NewCard = newForm(&v.View, "new-card", rules, values, errs)
	v.ImportProblems, _ = c.Locals(localsImportProblems).([]string)
	return h.render.send(c, status, "admin/dashboard", &v)
}

func (h *admin) createCard(c *fiber.Ctx) error {
	values := formValues(c, "slug", "name_ko")
	var card *models.Card
	var err error
	dotted := 0 // dates the file wrote with dots, read as ISO dates
	if file, ferr := c.FormFile("resume_json"); ferr == nil && file.Size > 0 {
		// A JSON Resume file: the new card is made from it, or nothing is stored.
		data, rerr := readUpload(file, services.MaxResumeJSONBytes)
		if rerr != nil {
			return h.renderImport(c, values, []string{h.t(c, "import.too_big")})
		}
		content, notes, rerr := h.resumes.ReadNotes(data)
		for _, n := range notes {
			if n.Code == jsonresume.NoteDottedDate {
				dotted++
			}
		}
		var inv *jsonresume.Invalid
		if errors.As(rerr, &inv) {
			return h.renderImport(c, values, importWords(func(k string) string { return h.t(c, k) }, inv.Problems))
		}
		if rerr != nil {
			return rerr
		}
		card, err = h.cards.Import(c.UserContext(), actor(c), values, content)
	} else {
		card, err = h.cards.Create(c.UserContext(), actor(c), values)
	}
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderDashboard(c, formStatus(c), values, ve.Errors)
	}
	var le *services.LimitError
	if errors.As(err, &le) {
		return h.renderImport(c, values, limitProblems(func(k string) string { return h.t(c, k) }, le.Problems))
	}
	if err != nil {
		return err
	}
	if dotted > 0 {
		// No preview comes before a new card: the editor says how the dates were read.
		return redirect(c, "/admin/cards/"+strconv.FormatInt(card.ID, 10)+"?dotted="+strconv.Itoa(dotted))
	}
	return redirect(c, "/admin/cards/"+strconv.FormatInt(card.ID, 10))
}

// renderImport shows the dashboard again with why a JSON Resume file was refused.
func (h *admin) renderImport(c *fiber.Ctx, values map[string]string, problems []string) error {
	c.Locals(localsImportProblems, problems)
	return h.renderDashboard(c, fiber.StatusUnprocessableEntity, values, nil)
}

// AccountView is /admin/account.
type AccountView struct {
	AdminView
	Profile  *FormView
	Password *FormView
	// Sessions are the member's signed-in sessions, this one marked Current.
	Sessions []services.Session
	// Factor is the member's second factor; FactorAlert why a change to it was refused,
	// NeedFactor that an admin must set one up before anything else.
	Factor      services.Status
	FactorAlert string
	NeedFactor  bool
	Passkeys    []models.Passkey
	SSO         bool
	PasskeysOn  bool
}

func (h *admin) account(c *fiber.Ctx) error {
	m := h.auth.member(c)
	return h.renderAccount(c, fiber.StatusOK, map[string]string{"display_name": m.DisplayName, "email": m.Email}, nil, nil)
}

func (h *admin) renderAccount(c *fiber.Ctx, status int, profile map[string]string, profileErrs, passwordErrs validate.Errors) error {
	v := AccountView{AdminView: h.adminView(c, "account", "admin.account")}
	if profile == nil {
		m := h.auth.member(c)
		profile = map[string]string{"display_name": m.DisplayName, "email": m.Email}
	}
	v.Profile = newForm(&v.View, "profile", validate.Profile(), profile, profileErrs)
	v.Password = newForm(&v.View, "password", validate.Password(), nil, passwordErrs)
	switch c.Query("ended") {
	case "0":
		v.Notice = v.T("sessions.already_ended")
	case "1", "all":
		v.Notice = v.T("sessions.ended")
	}
	key, err := h.auth.sessionKey(c)
	if err != nil {
		return err
	}
	if v.Sessions, err = h.auth.signins.List(c.UserContext(), v.Member.ID, key); err != nil {
		return err
	}
	if v.Factor, err = h.auth.factor.Status(c.UserContext(), v.Member.ID); err != nil {
		return err
	}
	if c.Query("factor") == "wrong-password" {
		v.FactorAlert = v.T("v.wrong_password")
	}
	if h.auth.passkeys != nil { // nil when passkeys are off (an IP address for BASE_URL)
		if v.Passkeys, err = h.auth.passkeys.List(c.UserContext(), v.Member.ID); err != nil {
			return err
		}
	}
	v.SSO, v.PasskeysOn = h.auth.sso != nil, h.auth.passkeys != nil
	v.NeedFactor = h.cfg.SignIn.AdminRequireSecondFactor && v.IsAdmin && !v.Factor.On && len(v.Passkeys) == 0
	return h.render.send(c, status, "admin/account", &v)
}

func (h *admin) saveAccount(c *fiber.Ctx) error {
	values := formValues(c, "display_name", "email")
	err := h.members.UpdateProfile(c.UserContext(), actor(c).ID, values)
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderAccount(c, formStatus(c), values, ve.Errors, nil)
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/account?saved=1")
}

// endSession signs out one of the member's own sessions. A reference that is not
// (or no longer) one of theirs changes nothing and says so.
func (h *admin) endSession(c *fiber.Ctx) error {
	err := h.auth.signins.End(c.UserContext(), actor(c).ID, c.Params("ref"))
	if errors.Is(err, models.ErrNotFound) {
		return redirect(c, "/admin/account?ended=0#sessions")
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditSessionsEnded, Detail: "1"})
	return redirect(c, "/admin/account?ended=1#sessions")
}

// endOtherSessions signs out every session of the member but this one.
func (h *admin) endOtherSessions(c *fiber.Ctx) error {
	key, err := h.auth.sessionKey(c)
	if err != nil {
		return err
	}
	n, err := h.auth.signins.EndOthers(c.UserContext(), actor(c).ID, key)
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditSessionsEnded, Detail: strconv.FormatInt(n, 10)})
	return redirect(c, "/admin/account?ended=all#sessions")
}

func (h *admin) savePassword(c *fiber.Ctx) error {
	key, err := h.auth.sessionKey(c)
	if err != nil {
		return err
	}
	// The member's other sessions end with the change; this one carries on.
	err = h.members.ChangePassword(c.UserContext(), actor(c).ID, key, formValues(c, "current", "password"))
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderAccount(c, formStatus(c), nil, nil, ve.Errors)
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditPassword})
	return redirect(c, "/admin/account?saved=1")
}
