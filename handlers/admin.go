package handlers

import (
	"errors"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
	"sitecard/services"
	"sitecard/validate"
)

// admin serves the dashboard, the member's own account and the member list.
type admin struct {
	site    *site
	auth    *auth
	cards   *services.Cards
	members *services.Members
	views   *services.Views
}

// AdminView is the data every dashboard page needs.
type AdminView struct {
	View
	Member  *models.Member
	IsAdmin bool
	Section string
	Notice  string
}

func (h *admin) adminView(c *fiber.Ctx, section, title string) AdminView {
	v := h.auth.view(c)
	m := h.auth.member(c)
	av := AdminView{View: v, Member: m, IsAdmin: m != nil && m.Role == models.RoleAdmin, Section: section}
	av.Title = av.T(title) + " · sitecard"
	if c.Query("saved") == "1" {
		av.Notice = av.T("admin.saved")
	}
	return av
}

// DashboardView is /admin.
type DashboardView struct {
	AdminView
	Cards   []models.Card
	Stats   *services.Stats
	NewCard *FormView
}

func (h *admin) dashboard(c *fiber.Ctx) error {
	return h.renderDashboard(c, fiber.StatusOK, nil, nil)
}

func (h *admin) renderDashboard(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors) error {
	a := actor(c)
	cards, err := h.cards.CardsOf(c.UserContext(), a)
	if err != nil {
		return err
	}
	stats, err := h.views.Stats(c.UserContext(), a)
	if err != nil {
		return err
	}
	v := DashboardView{AdminView: h.adminView(c, "dashboard", "admin.title"), Cards: cards, Stats: stats}
	rules := validate.CardSettings()
	rules["name_ko"] = validate.CardProfile()["name_ko"]
	v.NewCard = newForm(&v.View, "new-card", rules, values, errs)
	return h.site.render.send(c, status, "admin/dashboard", &v)
}

func (h *admin) createCard(c *fiber.Ctx) error {
	values := formValues(c, "slug", "name_ko")
	card, err := h.cards.Create(c.UserContext(), actor(c), values)
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderDashboard(c, formStatus(c), values, ve.Errors)
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/cards/"+strconv.FormatInt(card.ID, 10))
}

// AccountView is /admin/account.
type AccountView struct {
	AdminView
	Profile  *FormView
	Password *FormView
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
	return h.site.render.send(c, status, "admin/account", &v)
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

func (h *admin) savePassword(c *fiber.Ctx) error {
	err := h.members.ChangePassword(c.UserContext(), actor(c).ID, formValues(c, "current", "password"))
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderAccount(c, formStatus(c), nil, nil, ve.Errors)
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/account?saved=1")
}

// MembersView is /admin/members.
type MembersView struct {
	AdminView
	List   *services.MemberPage
	Create *FormView
	Alert  string
	Roles  []string
}

func (h *admin) memberList(c *fiber.Ctx) error {
	return h.renderMembers(c, fiber.StatusOK, nil, nil, "")
}

func (h *admin) renderMembers(c *fiber.Ctx, status int, values map[string]string, errs validate.Errors, alert string) error {
	page, _ := strconv.Atoi(c.Query("page", "1"))
	list, err := h.members.List(c.UserContext(), actor(c), c.Query("q"), page, 20)
	if err != nil {
		return err
	}
	v := MembersView{AdminView: h.adminView(c, "members", "admin.members"), List: list, Alert: alert, Roles: []string{models.RoleMember, models.RoleAdmin}}
	v.Create = newForm(&v.View, "new-member", validate.NewMember(), values, errs)
	return h.site.render.send(c, status, "admin/members", &v)
}

func (h *admin) createMember(c *fiber.Ctx) error {
	values := formValues(c, "login", "password", "display_name", "email", "role")
	_, err := h.members.Create(c.UserContext(), actor(c), values)
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderMembers(c, formStatus(c), values, ve.Errors, "")
	}
	if err != nil {
		return err
	}
	return redirect(c, "/admin/members?saved=1")
}

// memberAction applies one admin action (role, disable, enable, delete) to a member.
func (h *admin) memberAction(c *fiber.Ctx) error {
	id, err := c.ParamsInt("id")
	if err != nil {
		return fiber.ErrNotFound
	}
	a, ctx, mid := actor(c), c.UserContext(), int64(id)
	switch c.Params("action") {
	case "role":
		err = h.members.SetRole(ctx, a, mid, c.FormValue("role"))
	case "disable":
		err = h.members.SetDisabled(ctx, a, mid, true)
	case "enable":
		err = h.members.SetDisabled(ctx, a, mid, false)
	case "delete":
		err = h.members.Delete(ctx, a, mid)
	default:
		return fiber.ErrNotFound
	}
	var ve *services.ValidationError
	switch {
	case errors.Is(err, services.ErrLastAdmin):
		v := h.auth.view(c)
		return h.renderMembers(c, fiber.StatusConflict, nil, nil, v.T("admin.last_admin"))
	case errors.As(err, &ve):
		return fiber.NewError(fiber.StatusUnprocessableEntity, "invalid role")
	case err != nil:
		return serviceError(err)
	}
	return redirect(c, "/admin/members?saved=1")
}

// serviceError maps the services' named errors to HTTP errors.
func serviceError(err error) error {
	switch {
	case errors.Is(err, services.ErrNotFound):
		return fiber.ErrNotFound
	case errors.Is(err, services.ErrForbidden):
		return fiber.ErrForbidden
	}
	return err
}
