package handlers

import (
	"errors"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/internal/validate"
	"sitecard/models"
	"sitecard/services"
)

// Member management, for admins: the list with search and paging, and what an admin can
// do to a member.

// MembersView is /admin/members.
type MembersView struct {
	AdminView
	List   *services.MemberPage
	Pager  *PagerView
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
	v.Pager = v.pager("/admin/members", url.Values{"q": {list.Query}}, list.Paging)
	v.Create = newForm(&v.View, "new-member", validate.NewMember(), values, errs)
	return h.render.send(c, status, "admin/members", &v)
}

func (h *admin) createMember(c *fiber.Ctx) error {
	values := formValues(c, "login", "password", "display_name", "email", "role")
	m, err := h.members.Create(c.UserContext(), actor(c), values)
	var ve *services.ValidationError
	if errors.As(err, &ve) {
		return h.renderMembers(c, formStatus(c), values, ve.Errors, "")
	}
	if err != nil {
		return err
	}
	h.record(c, services.AuditEntry{Action: services.AuditMemberCreated, Subject: m.ID, Detail: m.Role})
	return redirect(c, "/admin/members?saved=1")
}

// memberAction applies one admin action to a member, writes it to the audit trail as
// action and goes back to the list.
func (h *admin) memberAction(action string, fn func(c *fiber.Ctx, a services.Actor, id int64) error) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		err = fn(c, actor(c), id)
		if f, ok := refusedBy(c, err); ok { // the last admin
			return h.renderMembers(c, f.status, nil, nil, h.t(c, f.key))
		}
		if err != nil {
			return err
		}
		detail := ""
		if action == services.AuditRole {
			detail = c.FormValue("role")
		}
		h.record(c, services.AuditEntry{Action: action, Subject: id, Detail: detail})
		return redirect(c, "/admin/members?saved=1")
	}
}

func (h *admin) setRole(c *fiber.Ctx, a services.Actor, id int64) error {
	return h.members.SetRole(c.UserContext(), a, id, c.FormValue("role"))
}

func (h *admin) disable(c *fiber.Ctx, a services.Actor, id int64) error {
	return h.members.SetDisabled(c.UserContext(), a, id, true)
}

func (h *admin) enable(c *fiber.Ctx, a services.Actor, id int64) error {
	return h.members.SetDisabled(c.UserContext(), a, id, false)
}

func (h *admin) deleteMember(c *fiber.Ctx, a services.Actor, id int64) error {
	return h.members.Delete(c.UserContext(), a, id)
}
