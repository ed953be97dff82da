package handlers

import (
	"strconv"
	"strings"

	"github.com/gofiber/fiber/v2"

	"sitecard/services"
)

// record appends to the audit trail: the signed-in member (unless the entry names its
// actor) from the request's client address. A trail that cannot be written is logged,
// not shown: the change it records is already made.
func (s *site) record(c *fiber.Ctx, e services.AuditEntry) {
	if e.Actor == 0 {
		if m := memberOf(c); m != nil {
			e.Actor = m.ID
		}
	}
	e.ClientIP = s.proxies.clientIP(c)
	if err := s.audit.Record(c.UserContext(), e); err != nil {
		s.log.Error("audit trail", "action", e.Action, "err", err)
	}
}

// AuditView is /admin/audit.
type AuditView struct {
	AdminView
	List  *services.AuditPage
	Pager *PagerView
}

// auditPerPage is how many entries a page of the trail shows.
const auditPerPage = 50

func (h *admin) auditLog(c *fiber.Ctx) error {
	page, _ := strconv.Atoi(c.Query("page", "1"))
	list, err := h.audit.List(c.UserContext(), actor(c), page, auditPerPage)
	if err != nil {
		return err
	}
	v := AuditView{AdminView: h.adminView(c, "audit", "audit.title"), List: list}
	v.Pager = v.pager("/admin/audit", nil, list.Paging)
	return h.render.send(c, fiber.StatusOK, "admin/audit", &v)
}

// AuditDetail says an entry's detail in the page's language: each word the catalog
// knows ("password", "on", "webhook") is translated, the rest (a number, a file name) is
// shown as it is.
func (v *View) AuditDetail(detail string) string {
	words := strings.Fields(detail)
	for i, w := range words {
		if key := "audit.d." + w; v.catalog.Has(key) {
			words[i] = v.T(key)
		}
	}
	return strings.Join(words, " ")
}
