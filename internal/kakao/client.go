package kakao

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Config is what the client needs from the settings.
type Config struct {
	RestAPIKey   string
	ClientSecret string
	RedirectURI  string
	AuthURL      string // https://kauth.kakao.com
	APIURL       string // https://kapi.kakao.com
	// HTTPClient makes the calls (tests shorten its timeout); nil: one with a 10 s
	// timeout.
	HTTPClient *http.Client
}

// Client calls Kakao. Every request has a 10 s deadline at most.
type Client struct {
	cfg  Config
	http *http.Client
}

// New returns a client.
func New(cfg Config) *Client {
	cfg.AuthURL = strings.TrimRight(cfg.AuthURL, "/")
	cfg.APIURL = strings.TrimRight(cfg.APIURL, "/")
	h := cfg.HTTPClient
	if h == nil {
		h = &http.Client{Timeout: 10 * time.Second}
	}
	return &Client{cfg: cfg, http: h}
}

// Configured reports whether a REST API key is set.
func (c *Client) Configured() bool { return c.cfg.RestAPIKey != "" }

// AuthorizeURL is where the browser goes to grant talk_message; state comes back.
func (c *Client) AuthorizeURL(state string) string {
	q := url.Values{
		"client_id": {c.cfg.RestAPIKey}, "redirect_uri": {c.cfg.RedirectURI},
		"response_type": {"code"}, "scope": {"talk_message"}, "state": {state},
	}
	return c.cfg.AuthURL + "/oauth/authorize?" + q.Encode()
}

// Token is what /oauth/token returns. RefreshToken is empty when Kakao kept the old one.
type Token struct {
	AccessToken           string `json:"access_token"`
	TokenType             string `json:"token_type"`
	ExpiresIn             int64  `json:"expires_in"`
	RefreshToken          string `json:"refresh_token"`
	RefreshTokenExpiresIn int64  `json:"refresh_token_expires_in"`
	Scope                 string `json:"scope"`
}

// Exchange trades an authorization code for tokens. A code works once.
func (c *Client) Exchange(ctx context.Context, code string) (*Token, error) {
	form := url.Values{"grant_type": {"authorization_code"}, "client_id": {c.cfg.RestAPIKey},
		"redirect_uri": {c.cfg.RedirectURI}, "code": {code}}
	return c.token(ctx, "token", form)
}

// Refresh gets a new access token; a new refresh token comes only when the old one has
// less than a month left.
func (c *Client) Refresh(ctx context.Context, refreshToken string) (*Token, error) {
	form := url.Values{"grant_type": {"refresh_token"}, "client_id": {c.cfg.RestAPIKey}, "refresh_token": {refreshToken}}
	return c.token(ctx, "refresh", form)
}

func (c *Client) token(ctx context.Context, op string, form url.Values) (*Token, error) {
	// The credentials go in the body: Basic auth gets KOE101 (docs/kakao.md §2).
	if c.cfg.ClientSecret != "" {
		form.Set("client_secret", c.cfg.ClientSecret)
	}
	status, body, err := c.do(ctx, "POST", c.cfg.AuthURL+"/oauth/token", "", form)
	if err != nil {
		return nil, &Error{Op: op, Class: Transient, Err: err}
	}
	if status != http.StatusOK {
		var e struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
			Code        string `json:"error_code"`
		}
		json.Unmarshal(body, &e) //nolint:errcheck // a body that is not JSON leaves e empty
		return nil, &Error{Op: op, Status: status, Code: firstNonEmpty(e.Code, e.Error), Msg: e.Description, Class: classifyOAuth(status, e.Code, e.Error)}
	}
	var t Token
	if err := json.Unmarshal(body, &t); err != nil || t.AccessToken == "" {
		return nil, &Error{Op: op, Status: status, Msg: "malformed token response", Class: Transient}
	}
	return &t, nil
}

// SendMemo sends a text template to the token owner's own KakaoTalk.
func (c *Client) SendMemo(ctx context.Context, accessToken string, m Memo) error {
	_, err := c.api(ctx, "memo", "POST", "/v2/api/talk/memo/default/send", accessToken, url.Values{"template_object": {m.JSON()}})
	return err
}

// TokenInfo returns the seconds the access token has left.
func (c *Client) TokenInfo(ctx context.Context, accessToken string) (int64, error) {
	body, err := c.api(ctx, "token_info", "GET", "/v1/user/access_token_info", accessToken, nil)
	if err != nil {
		return 0, err
	}
	var info struct {
		ExpiresIn int64 `json:"expires_in"`
	}
	json.Unmarshal(body, &info) //nolint:errcheck
	return info.ExpiresIn, nil
}

// Logout revokes the tokens.
func (c *Client) Logout(ctx context.Context, accessToken string) error {
	_, err := c.api(ctx, "logout", "POST", "/v1/user/logout", accessToken, url.Values{})
	return err
}

// Unlink revokes the tokens and withdraws consent.
func (c *Client) Unlink(ctx context.Context, accessToken string) error {
	_, err := c.api(ctx, "unlink", "POST", "/v1/user/unlink", accessToken, url.Values{})
	return err
}

func (c *Client) api(ctx context.Context, op, method, path, accessToken string, form url.Values) ([]byte, error) {
	status, body, err := c.do(ctx, method, c.cfg.APIURL+path, accessToken, form)
	if err != nil {
		return nil, &Error{Op: op, Class: Transient, Err: err}
	}
	if status != http.StatusOK {
		var e struct {
			Msg  string `json:"msg"`
			Code int    `json:"code"`
		}
		json.Unmarshal(body, &e) //nolint:errcheck
		return nil, &Error{Op: op, Status: status, Code: strconv.Itoa(e.Code), Msg: e.Msg, Class: classifyAPI(status, e.Code)}
	}
	return body, nil
}

func (c *Client) do(ctx context.Context, method, u, bearer string, form url.Values) (int, []byte, error) {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		return 0, nil, err
	}
	if form != nil {
		// A different content type can itself produce a misleading -401 (docs/kakao.md §4).
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded;charset=utf-8")
	}
	if bearer != "" {
		req.Header.Set("Authorization", "Bearer "+bearer)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return 0, nil, fmt.Errorf("read: %w", err)
	}
	return resp.StatusCode, b, nil
}

func firstNonEmpty(a, b string) string {
	if a != "" {
		return a
	}
	return b
}
