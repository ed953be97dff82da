package handlers

import (
	"context"
	"strconv"

	"github.com/gofiber/fiber/v2"

	"sitecard/models"
	"sitecard/services"
)

// inbox lists and manages messages.
type inbox struct {
	*site
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
	v := &InboxView{AdminView: h.adminView(c, "inbox", "admin.inbox"), Messages: ms, State: state, States: models.MessageStates()}
	return h.render.send(c, fiber.StatusOK, "admin/messages", v)
}

func (h *inbox) show(c *fiber.Ctx) error {
	id, err := paramID(c)
	if err != nil {
		return err
	}
	m, hist, err := h.outbox.Open(c.UserContext(), actor(c), id)
	if err != nil {
		return err
	}
	v := &MessageView{AdminView: h.adminView(c, "inbox", "admin.inbox"), Message: m, History: hist}
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
