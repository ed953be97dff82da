package handlers

import (
	"context"
	"errors"
	"net/http"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/emersion/go-vcard"
	"github.com/emersion/go-webdav"
	"github.com/emersion/go-webdav/carddav"
	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/adaptor"

	"sitecard/models"
	"sitecard/services"
)

// davMethods are Fiber's methods and WebDAV's, which the address book needs.
func davMethods() []string {
	return append(slices.Clone(fiber.DefaultMethods), "PROPFIND", "PROPPATCH", "REPORT", "MKCOL", "COPY", "MOVE", "LOCK", "UNLOCK")
}

// The address book's paths: the member is the principal at /dav/, their one book of
// shared contacts below it.
const (
	davPrefix = "/dav/"
	davHome   = "/dav/addressbooks/"
	davBook   = "/dav/addressbooks/contacts/"
)

// dav serves each member's address book of the contacts visitors shared (CardDAV, RFC
// 6352), read-only, to a client signed in with the member's login and an app password.
type dav struct {
	*site
	book AddressBook
}

type davMember struct{}

// serve authenticates the request with HTTP Basic (login and app password) and hands it
// to go-webdav's CardDAV handler, scoped to that member. Any other password, the account
// one included, gets 401.
func (h *dav) serve() fiber.Handler {
	handler := &carddav.Handler{Backend: &davBackend{book: h.book}}
	serveHTTP := adaptor.HTTPHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		login, password, ok := r.BasicAuth()
		if !ok {
			davUnauthorized(w)
			return
		}
		id, err := h.book.AuthenticateApp(r.Context(), login, password)
		if errors.Is(err, services.ErrBadAppPassword) {
			davUnauthorized(w)
			return
		}
		if err != nil {
			http.Error(w, "the address book is not available", http.StatusServiceUnavailable)
			return
		}
		handler.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), davMember{}, id)))
	}))
	return func(c *fiber.Ctx) error {
		c.Set(fiber.HeaderCacheControl, "no-store")
		return serveHTTP(c)
	}
}

func davUnauthorized(w http.ResponseWriter) {
	w.Header().Set("WWW-Authenticate", `Basic realm="sitecard address book", charset="UTF-8"`)
	http.Error(w, "sign in with your login and an app password from your account page", http.StatusUnauthorized)
}

// davBackend is one request's view of the signed-in member's address book.
type davBackend struct {
	book AddressBook
}

var errReadOnly = webdav.NewHTTPError(http.StatusForbidden, errors.New("the address book is read-only: contacts come from visitors' messages"))

func memberOfDAV(ctx context.Context) int64 { id, _ := ctx.Value(davMember{}).(int64); return id }

func (b *davBackend) CurrentUserPrincipal(ctx context.Context) (string, error) { return davPrefix, nil }

func (b *davBackend) AddressBookHomeSetPath(ctx context.Context) (string, error) { return davHome, nil }

func (b *davBackend) book0() carddav.AddressBook {
	return carddav.AddressBook{Path: davBook, Name: "sitecard", Description: "Contacts visitors shared with their messages",
		MaxResourceSize: 16 << 10,
		SupportedAddressData: []carddav.AddressDataType{
			{ContentType: vcard.MIMEType, Version: "3.0"}, {ContentType: vcard.MIMEType, Version: "4.0"},
		}}
}

func (b *davBackend) ListAddressBooks(ctx context.Context) ([]carddav.AddressBook, error) {
	return []carddav.AddressBook{b.book0()}, nil
}

func (b *davBackend) GetAddressBook(ctx context.Context, p string) (*carddav.AddressBook, error) {
	if strings.TrimSuffix(p, "/") != strings.TrimSuffix(davBook, "/") {
		return nil, webdav.NewHTTPError(http.StatusNotFound, errors.New("no such address book"))
	}
	ab := b.book0()
	return &ab, nil
}

func (b *davBackend) CreateAddressBook(ctx context.Context, _ *carddav.AddressBook) error {
	return errReadOnly
}

func (b *davBackend) DeleteAddressBook(ctx context.Context, _ string) error { return errReadOnly }

func object(c *models.SharedContact) carddav.AddressObject {
	body, _ := services.ContactVCard(c, "3.0")
	return carddav.AddressObject{Path: davBook + strconv.FormatInt(c.ID, 10) + ".vcf", ModTime: c.CreatedAt,
		ContentLength: int64(len(body)), ETag: strconv.FormatInt(c.ID, 10) + "-" + strconv.FormatInt(c.CreatedAt.Unix(), 10),
		Card: services.ContactCard(c, "3.0")}
}

func (b *davBackend) GetAddressObject(ctx context.Context, p string, _ *carddav.AddressDataRequest) (*carddav.AddressObject, error) {
	dir, file := path.Split(p)
	id, err := strconv.ParseInt(strings.TrimSuffix(file, ".vcf"), 10, 64)
	if dir != davBook || !strings.HasSuffix(file, ".vcf") || err != nil {
		return nil, webdav.NewHTTPError(http.StatusNotFound, errors.New("no such contact"))
	}
	c, err := b.book.Contact(ctx, memberOfDAV(ctx), id)
	if errors.Is(err, models.ErrNotFound) {
		return nil, webdav.NewHTTPError(http.StatusNotFound, errors.New("no such contact"))
	}
	if err != nil {
		return nil, err
	}
	o := object(c)
	return &o, nil
}

func (b *davBackend) ListAddressObjects(ctx context.Context, p string, _ *carddav.AddressDataRequest) ([]carddav.AddressObject, error) {
	if _, err := b.GetAddressBook(ctx, p); err != nil {
		return nil, err
	}
	list, err := b.book.Contacts(ctx, memberOfDAV(ctx))
	if err != nil {
		return nil, err
	}
	out := make([]carddav.AddressObject, len(list))
	for i := range list {
		out[i] = object(&list[i])
	}
	return out, nil
}

func (b *davBackend) QueryAddressObjects(ctx context.Context, p string, q *carddav.AddressBookQuery) ([]carddav.AddressObject, error) {
	all, err := b.ListAddressObjects(ctx, p, &q.DataRequest)
	if err != nil {
		return nil, err
	}
	// No filter matches every contact (RFC 6352 §10.5); go-webdav's "any of none" matches
	// none.
	if q == nil || len(q.PropFilters) == 0 {
		return all, nil
	}
	return carddav.Filter(q, all)
}

func (b *davBackend) PutAddressObject(ctx context.Context, _ string, _ vcard.Card, _ *carddav.PutAddressObjectOptions) (*carddav.AddressObject, error) {
	return nil, errReadOnly
}

func (b *davBackend) DeleteAddressObject(ctx context.Context, _ string) error { return errReadOnly }
