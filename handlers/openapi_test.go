package handlers_test

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sitecard/internal/config"
	"sitecard/internal/testutil"
)

// /openapi.json is a valid OpenAPI 3.1 document (checked against the OpenAPI schema), and
// the APIs' real answers, good and bad, each have their status documented and a body
// that validates against the documented schema.
func TestOpenAPIDescribesTheAnswers(t *testing.T) {
	cfg := testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db")
	// One message a minute from one address: the third post is the rate-limited answer.
	cfg.ContactPerIP, cfg.ContactPerCard = config.Rate{N: 1, Window: time.Minute}, config.Rate{N: 0, Window: time.Hour}
	f := newFixture(t, cfg)
	doc := do(t, f.srv, "GET", "/openapi.json")
	if doc.status != 200 || !strings.HasPrefix(doc.header.Get("Content-Type"), "application/json") {
		t.Fatalf("/openapi.json: %d %q", doc.status, doc.header.Get("Content-Type"))
	}
	raw, err := os.ReadFile("testdata/openapi-3.1.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(raw)
	if recorded, _ := os.ReadFile("testdata/openapi-3.1.schema.json.sha256"); !strings.HasPrefix(string(recorded), hex.EncodeToString(sum[:])) {
		t.Fatal("testdata/openapi-3.1.schema.json is not the recorded file: run handlers/testdata/fetch-openapi-schema.sh")
	}
	oas, err := jsonschema.UnmarshalJSON(strings.NewReader(string(raw)))
	if err != nil {
		t.Fatal(err)
	}
	parsed, err := jsonschema.UnmarshalJSON(strings.NewReader(doc.body))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("https://spec.openapis.org/oas/3.1/schema/2021-04-15", oas); err != nil {
		t.Fatal(err)
	}
	if err := c.AddResource("http://localhost/openapi.json", parsed); err != nil {
		t.Fatal(err)
	}
	meta, err := c.Compile("https://spec.openapis.org/oas/3.1/schema/2021-04-15")
	if err != nil {
		t.Fatal(err)
	}
	if err := meta.Validate(parsed); err != nil {
		t.Fatalf("/openapi.json is not a valid OpenAPI 3.1 document: %v", err)
	}
	paths := parsed.(map[string]any)["paths"].(map[string]any)
	// check validates one real answer against the documented response of an operation.
	check := func(name, path, method string, r response) {
		t.Helper()
		op, _ := paths[path].(map[string]any)[method].(map[string]any)
		resp, ok := op["responses"].(map[string]any)[strconv.Itoa(r.status)].(map[string]any)
		if !ok {
			t.Errorf("%s: %s %s answered %d, which is not documented", name, method, path, r.status)
			return
		}
		if ref, ok := resp["$ref"].(string); ok {
			resp = parsed.(map[string]any)["components"].(map[string]any)["responses"].(map[string]any)[strings.TrimPrefix(ref, "#/components/responses/")].(map[string]any)
		}
		content, _ := resp["content"].(map[string]any)
		if content == nil {
			return // no body documented (304)
		}
		ct := strings.Split(r.header.Get("Content-Type"), ";")[0]
		media, ok := content[ct].(map[string]any)
		if !ok {
			t.Errorf("%s: answered %d as %s, documented %v", name, r.status, ct, content)
			return
		}
		ref := media["schema"].(map[string]any)["$ref"].(string)
		s, err := c.Compile("http://localhost/openapi.json" + ref)
		if err != nil {
			t.Fatal(err)
		}
		body, err := jsonschema.UnmarshalJSON(strings.NewReader(r.body))
		if err != nil {
			t.Errorf("%s: the body is not JSON: %v %.200s", name, err, r.body)
			return
		}
		if err := s.Validate(body); err != nil {
			t.Errorf("%s: %d does not match %s: %v", name, r.status, ref, err)
		}
	}
	post := func(path, body string, headers ...string) response {
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(headers); i += 2 {
			req.Header.Set(headers[i], headers[i+1])
		}
		return newClient(t, f.srv).send(req)
	}
	check("message", "/kakao/", "post", post("/kakao/", `{"name":"a","email":"a@b.co","message":"m","card":"alice"}`, "Idempotency-Key", "k1"))
	check("same key, other body", "/kakao/", "post", post("/kakao/", `{"name":"a","email":"a@b.co","message":"other","card":"alice"}`, "Idempotency-Key", "k1"))
	check("rate limited", "/kakao/", "post", post("/kakao/", `{"name":"a","email":"a@b.co","message":"m2","card":"alice"}`))
	check("invalid", "/kakao/", "post", post("/kakao/", `{"name":"","email":"x","message":"m","card":"alice"}`))
	check("not JSON", "/kakao/", "post", post("/kakao/", `{"name":`))
	check("unknown card", "/kakao/", "post", post("/kakao/", `{"name":"a","email":"a@b.co","message":"m","card":"nobody"}`))
	check("too large", "/kakao/", "post", post("/kakao/", `{"message":"`+strings.Repeat("a", 70<<10)+`"}`))
	form := httptest.NewRequest("POST", "/kakao/", strings.NewReader("name=a"))
	form.Header.Set("Content-Type", "text/plain")
	check("not JSON at all", "/kakao/", "post", newClient(t, f.srv).send(form))
	check("answer", "/chat/", "post", post("/chat/", `{"question":"email?","card":"alice"}`))
	check("empty question", "/chat/", "post", post("/chat/", `{"question":"","card":"alice"}`))
	check("chat, unknown card", "/chat/", "post", post("/chat/", `{"question":"hi","card":"nobody"}`))
	resume := do(t, f.srv, "GET", "/c/alice/resume.json")
	check("résumé", "/c/{slug}/resume.json", "get", resume)
	check("résumé unchanged", "/c/{slug}/resume.json", "get", do(t, f.srv, "GET", "/c/alice/resume.json", "If-None-Match", resume.header.Get("ETag")))
	check("résumé, unknown card", "/c/{slug}/resume.json", "get", do(t, f.srv, "GET", "/c/nobody/resume.json"))
	wf := "/.well-known/webfinger?resource="
	check("webfinger", "/.well-known/webfinger", "get", do(t, f.srv, "GET", wf+url.QueryEscape("acct:alice@localhost:8000")))
	check("webfinger, unknown", "/.well-known/webfinger", "get", do(t, f.srv, "GET", wf+url.QueryEscape("acct:nobody@localhost:8000")))
	check("webfinger, malformed", "/.well-known/webfinger", "get", do(t, f.srv, "GET", wf+"nonsense"))
	admin := newClient(t, f.srv)
	admin.login("admin", adminPassword)
	check("status", "/admin/kakao/status", "get", admin.get("/admin/kakao/status", "Accept", "application/json"))
	check("status, signed out", "/admin/kakao/status", "get", do(t, f.srv, "GET", "/admin/kakao/status", "Accept", "application/json"))
}
