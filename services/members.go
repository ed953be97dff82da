package services

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/mail"
	"strings"
	"sync"
	"time"

	"github.com/alexedwards/argon2id"
	"github.com/uptrace/bun"
	"golang.org/x/text/unicode/norm"

	"sitecard/internal/budget"
	"sitecard/internal/config"
	"sitecard/internal/mailer"
	"sitecard/internal/validate"
	"sitecard/models"
)

// Login throttling: after this many failures for one login and address within the
// window, further tries are refused until the window moves on.
const (
	LoginAttempts = 5
	LoginWindow   = 15 * time.Minute
)

// Members manages accounts: setup, sign-in, profiles and the admin's member list.
type Members struct {
	db        bun.IDB
	limiter   *Limiter
	now       func() time.Time
	params    *argon2id.Params
	dummyOnce sync.Once
	dummy     string
	// budget bounds the memory of the password hashes computed at once: argon2id takes
	// its memory cost (64 MB) for each, and sign-ins are open to anyone.
	budget *budget.Budget
	// mail sends reset links and notices about the account; nil when mail is off.
	mail *accountMail
}

// hashWait is how long a sign-in waits for a free hashing slot before it is told to try
// again.
const hashWait = 2 * time.Second

// ErrBusy means too many passwords are being checked at once: try again in a moment.
var ErrBusy = fail(TooMany, "", "too many sign-ins at once")

// MembersDeps is what the member service is made of.
type MembersDeps struct {
	DB bun.IDB
	// Limiter counts sign-in tries in the database, so the throttle holds across
	// instances and under simultaneous tries.
	Limiter *Limiter
	// Budget bounds the memory of the password hashes computed at once; share it with
	// the other expensive work (photo decodes). nil: a budget of its own.
	Budget *budget.Budget
	Now    func() time.Time // nil: the wall clock
	// FastHashing lowers argon2id's cost; only tests set it.
	FastHashing bool
	// Mail sends reset links and notices about the account, from From, with links under
	// BaseURL; nil: mail is off, and no reset link can be sent. Log tells of mail that
	// did not go.
	Mail    *mailer.Sender
	From    *mail.Address
	BaseURL string
	Log     *slog.Logger
}

// NewMembers returns the member service.
func NewMembers(d MembersDeps) *Members {
	s := &Members{db: d.DB, limiter: d.Limiter, now: orNow(d.Now), params: argon2id.DefaultParams, budget: d.Budget}
	if s.budget == nil {
		s.budget = budget.New(budget.Default)
	}
	if d.FastHashing {
		s.params = &argon2id.Params{Memory: 1024, Iterations: 1, Parallelism: 1, SaltLength: 16, KeyLength: 32}
	}
	if d.Mail != nil {
		log := d.Log
		if log == nil {
			log = slog.Default()
		}
		s.mail = &accountMail{sender: d.Mail, from: d.From, baseURL: strings.TrimRight(d.BaseURL, "/"), log: log}
	}
	return s
}

// hash runs fn once a hash's memory is free in the budget, waiting at most hashWait.
func (s *Members) hash(ctx context.Context, fn func()) error {
	return s.budget.Run(ctx, int64(s.params.Memory)<<10, hashWait, ErrBusy, fn)
}

// Count returns how many members exist.
func (s *Members) Count(ctx context.Context) (int, error) { return models.CountMembers(ctx, s.db) }

// Get returns one member.
func (s *Members) Get(ctx context.Context, id int64) (*models.Member, error) {
	return models.MemberByID(ctx, s.db, id)
}

// Bootstrap creates the first admin from ADMIN_LOGIN/ADMIN_PASSWORD when no member
// exists, and reports whether it did.
func (s *Members) Bootstrap(ctx context.Context, login, password string) (bool, error) {
	if login == "" || password == "" {
		return false, nil
	}
	_, err := s.Setup(ctx, map[string]string{"login": login, "password": password, "display_name": login})
	if errors.Is(err, ErrSetupDone) {
		return false, nil
	}
	var ve *ValidationError
	if errors.As(err, &ve) {
		for f, e := range ve.Errors {
			return false, fmt.Errorf("ADMIN_%s: %s", strings.ToUpper(f), e.Code)
		}
	}
	return err == nil, err
}

// Setup creates the first member, an admin, while there is none; it also gives the
// admin the cards nobody owns (the demo card).
func (s *Members) Setup(ctx context.Context, values map[string]string) (*models.Member, error) {
	values = validate.Trim(values)
	values["login"] = NormalizeLogin(values["login"])
	if err := invalid(validate.NewMember().Check(values)); err != nil {
		return nil, err
	}
	var m *models.Member
	err := s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		n, err := models.CountMembers(ctx, tx)
		if err != nil {
			return err
		}
		if n > 0 {
			return ErrSetupDone
		}
		m, err = s.insert(ctx, tx, values, models.RoleAdmin)
		if err != nil {
			return err
		}
		return models.GiveUnownedCards(ctx, tx, m.ID)
	})
	return m, err
}

// Create adds a member; only admins may.
func (s *Members) Create(ctx context.Context, actor Actor, values map[string]string) (*models.Member, error) {
	if !actor.Admin {
		return nil, ErrForbidden
	}
	values = validate.Trim(values)
	values["login"] = NormalizeLogin(values["login"])
	if err := invalid(validate.NewMember().Check(values)); err != nil {
		return nil, err
	}
	role := values["role"]
	if role != models.RoleAdmin {
		role = models.RoleMember
	}
	return s.insert(ctx, s.db, values, role)
}

// NormalizeLogin is the one form a login is stored and compared in: trimmed, lower case,
// Unicode NFC. "Admin" and "admin" are one member on both databases.
func NormalizeLogin(login string) string {
	return norm.NFC.String(strings.ToLower(strings.TrimSpace(login)))
}

func (s *Members) insert(ctx context.Context, db bun.IDB, values map[string]string, role string) (*models.Member, error) {
	if _, err := models.MemberByLogin(ctx, db, values["login"]); err == nil {
		return nil, fieldError("login", "taken")
	}
	var hash string
	var err error
	herr := s.hash(ctx, func() { hash, err = argon2id.CreateHash(values["password"], s.params) })
	if herr != nil {
		return nil, herr
	}
	if err != nil {
		return nil, fmt.Errorf("services: hash password: %w", err)
	}
	now := s.now().UTC()
	m := &models.Member{
		Login: values["login"], PasswordHash: hash, DisplayName: values["display_name"],
		Email: values["email"], Role: role, CreatedAt: now, UpdatedAt: now,
	}
	if err := models.InsertMember(ctx, db, m); err != nil {
		return nil, err
	}
	return m, nil
}

// Authenticate checks a login and password from a client address. Failures are counted
// per login and address; past the limit every try is refused with ErrThrottled, even a
// right password, so guessing gains nothing.
func (s *Members) Authenticate(ctx context.Context, login, password, ip string) (*models.Member, error) {
	login = NormalizeLogin(login)
	// Each try is counted before the password is checked, in one atomic statement: of
	// simultaneous tries, at most LoginAttempts get as far as the check in a window. A
	// success forgets the count.
	limit := Limit{"login", login + "|" + s.limiter.Client(ip), config.Rate{N: LoginAttempts, Window: LoginWindow}}
	if err := s.limiter.Allow(ctx, limit); errors.Is(err, ErrRateLimited) {
		return nil, ErrThrottled
	} else if err != nil {
		return nil, err
	}
	m, err := models.MemberByLogin(ctx, s.db, login)
	if err == nil && m.Login != login {
		// MariaDB's collation matches "admin" to "ádmin"; the rule is exact equality of the
		// normalised form, on both databases.
		err = models.ErrNotFound
	}
	ok := false
	herr := s.hash(ctx, func() {
		if err == nil && !m.Disabled {
			ok, _ = argon2id.ComparePasswordAndHash(password, m.PasswordHash)
		} else {
			// Hash anyway so that an unknown login takes as long as a wrong password.
			argon2id.ComparePasswordAndHash(password, s.dummyHash()) //nolint:errcheck
		}
	})
	if herr != nil {
		return nil, herr
	}
	if !ok {
		return nil, ErrBadCredentials // counted by the limit above
	}
	if err := s.limiter.Forget(ctx, limit); err != nil {
		return nil, err
	}
	return m, nil
}

// dummyHash is compared against when the login does not exist; it is made with the
// same parameters as real hashes so both paths cost the same.
func (s *Members) dummyHash() string {
	s.dummyOnce.Do(func() { s.dummy, _ = argon2id.CreateHash("no such member", s.params) })
	return s.dummy
}

func truncate(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n])
	}
	return s
}

// UpdateProfile changes a member's own display name and email.
func (s *Members) UpdateProfile(ctx context.Context, id int64, values map[string]string) error {
	values = validate.Trim(values)
	if err := invalid(validate.Profile().Check(values)); err != nil {
		return err
	}
	return models.UpdateMemberProfile(ctx, s.db, id, values["display_name"], values["email"], s.now().UTC())
}

// ChangePassword sets a new password after checking the current one, and ends the
// member's other sessions: every one but keep, the session that made the change.
func (s *Members) ChangePassword(ctx context.Context, id int64, keep string, values map[string]string) error {
	if err := invalid(validate.Password().Check(values)); err != nil {
		return err
	}
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	ok := false
	var hash string
	if herr := s.hash(ctx, func() {
		if ok, _ = argon2id.ComparePasswordAndHash(values["current"], m.PasswordHash); ok {
			hash, err = argon2id.CreateHash(values["password"], s.params)
		}
	}); herr != nil {
		return herr
	}
	if !ok {
		return fieldError("current", "wrong_password")
	}
	if err != nil {
		return err
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		if err := models.SetMemberPassword(ctx, tx, id, hash, s.now().UTC()); err != nil {
			return err
		}
		_, err := models.EndSessionsExcept(ctx, tx, id, keep)
		return err
	})
}

// CheckPassword checks a member's current password before a change to how they sign in.
func (s *Members) CheckPassword(ctx context.Context, id int64, password string) error {
	m, err := s.Get(ctx, id)
	if err != nil {
		return err
	}
	ok := false
	if herr := s.hash(ctx, func() { ok, _ = argon2id.ComparePasswordAndHash(password, m.PasswordHash) }); herr != nil {
		return herr
	}
	if !ok {
		return fieldError("current", "wrong_password")
	}
	return nil
}

// MemberPage is one page of the member list.
type MemberPage struct {
	Paging
	Members []models.Member
}

// List searches members; only admins may.
func (s *Members) List(ctx context.Context, actor Actor, q string, page, perPage int) (*MemberPage, error) {
	if !actor.Admin {
		return nil, ErrForbidden
	}
	q = searchText(q)
	total, err := models.CountMembersMatching(ctx, s.db, q)
	if err != nil {
		return nil, err
	}
	p := newPaging(total, page, perPage, q)
	ms, err := models.SearchMembers(ctx, s.db, q, p.Offset(), perPage)
	if err != nil {
		return nil, err
	}
	return &MemberPage{Paging: p, Members: ms}, nil
}

// SetRole changes a member's role; the last active admin cannot be demoted.
func (s *Members) SetRole(ctx context.Context, actor Actor, id int64, role string) error {
	if err := invalid(validate.Role().Check(map[string]string{"role": role})); err != nil {
		return err
	}
	return s.change(ctx, actor, id, role != models.RoleAdmin, func(ctx context.Context, tx bun.Tx) error {
		return models.SetMemberRole(ctx, tx, id, role, s.now().UTC())
	})
}

// SetDisabled disables or enables a member and ends a disabled member's sessions.
func (s *Members) SetDisabled(ctx context.Context, actor Actor, id int64, disabled bool) error {
	return s.change(ctx, actor, id, disabled, func(ctx context.Context, tx bun.Tx) error {
		if err := models.SetMemberDisabled(ctx, tx, id, disabled, s.now().UTC()); err != nil {
			return err
		}
		if !disabled {
			return nil // enabling revives no old session: they ended at the disabling
		}
		_, err := models.EndSessionsExcept(ctx, tx, id, "")
		return err
	})
}

// Delete removes a member with their cards and token; their messages stay, unowned.
func (s *Members) Delete(ctx context.Context, actor Actor, id int64) error {
	return s.change(ctx, actor, id, true, func(ctx context.Context, tx bun.Tx) error {
		return models.DeleteMember(ctx, tx, id)
	})
}

// change runs an admin's change to member id in a transaction. When the change takes
// admin rights away (losesAdmin) from an active admin, another active admin must remain.
func (s *Members) change(ctx context.Context, actor Actor, id int64, losesAdmin bool, fn func(context.Context, bun.Tx) error) error {
	if !actor.Admin {
		return ErrForbidden
	}
	return s.db.RunInTx(ctx, nil, func(ctx context.Context, tx bun.Tx) error {
		m, err := models.MemberByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if losesAdmin && m.Role == models.RoleAdmin && !m.Disabled {
			others, err := models.CountActiveAdmins(ctx, tx, id)
			if err != nil {
				return err
			}
			if others == 0 {
				return ErrLastAdmin
			}
		}
		return fn(ctx, tx)
	})
}
