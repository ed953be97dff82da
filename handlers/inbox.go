package handlers

import (
	"context"
	"errors"
	"net/url"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
	"sitecard/services"
	"sitecard/services/messages"
)

// inbox lists and manages messages.
type inbox struct {
	*site
	outbox Inbox
	book   AddressBook
}

// InboxView is /admin/messages.
type InboxView struct {
	AdminView
	*messages.MessagePage
	States []string
	Pager  *PagerView
}

// messagesPerPage is how many messages the inbox lists at once.
const messagesPerPage = 50

// MessageView is /admin/messages/:id.
type MessageView struct {
	AdminView
	*messages.MessageDetail
	// Shared is the visitor's own contact, if they shared it with the message.
	Shared *models.SharedContact
}

func (h *inbox) list(c *fiber.Ctx) error {
	// A cursor that is not a number is no cursor: the newest page.
	at := models.Cursor{Oldest: c.Query("page") == "oldest"}
	at.Before, _ = strconv.ParseInt(c.Query("before"), 10, 64)
	at.After, _ = strconv.ParseInt(c.Query("after"), 10, 64)
	page, err := h.outbox.Messages(c.UserContext(), actor(c), c.Query("state"), at, messagesPerPage)
	if err != nil {
		return err
	}
	v := &InboxView{AdminView: h.adminView(c, "inbox", "admin.inbox"), MessagePage: page, States: models.MessageStates()}
	v.Pager = v.inboxPager(page)
	return h.render.send(c, fiber.StatusOK, "admin/messages", v)
}

// inboxPager links the newest, newer, older and oldest pages of the inbox, keeping its
// state filter.
func (v *View) inboxPager(p *messages.MessagePage) *PagerView {
	if p.Newer == nil && p.Older == nil {
		return nil
	}
	at := func(key, value string) string {
		q := url.Values{}
		if p.State != "" {
			q.Set("state", p.State)
		}
		if key != "" {
			q.Set(key, value)
		}
		if len(q) == 0 {
			return "/admin/messages"
		}
		return "/admin/messages?" + q.Encode()
	}
	pv := &PagerView{Label: v.T("admin.page")}
	if p.Newer != nil {
		pv.Links = append(pv.Links, PagerLink{Href: at("", ""), Text: v.T("admin.newest")},
			PagerLink{Href: at("after", strconv.FormatInt(p.Newer.After, 10)), Text: v.T("admin.newer"), Rel: "prev"})
	}
	if p.Older != nil {
		pv.Links = append(pv.Links, PagerLink{Href: at("before", strconv.FormatInt(p.Older.Before, 10)), Text: v.T("admin.older"), Rel: "next"},
			PagerLink{Href: at("page", "oldest"), Text: v.T("admin.oldest")})
	}
	return pv
}

func (h *inbox) show(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	d, err := h.outbox.Open(c.UserContext(), actor(c), id)
	if err != nil {
		return err
	}
	v := &MessageView{AdminView: h.adminView(c, "inbox", "admin.inbox"), MessageDetail: d}
	if v.Shared, err = h.book.OfMessage(c.UserContext(), actor(c), id); err != nil && !errors.Is(err, models.ErrNotFound) {
		return err
	}
	return h.render.send(c, fiber.StatusOK, "admin/message", v)
}

// action applies fn to the message and goes back to it (or, with back set, to the list).
func (h *inbox) action(fn func(ctx context.Context, a services.Actor, id int64) error, back bool) fiber.Handler {
	return func(c *fiber.Ctx) error {
		id, err := paramID(c)
		if err != nil {
			return err
		}
		if err := fn(c.UserContext(), actor(c), id); err != nil {
			return err
		}
		if back {
			return redirect(c, "/admin/messages")
		}
		return redirect(c, "/admin/messages/"+strconv.FormatInt(id, 10))
	}
}
