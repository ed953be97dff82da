package handlers_test

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"sitecard/internal/testutil"
)

// resumeSchema compiles the vendored JSON Resume schema with an independent validator.
func resumeSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open("../internal/jsonresume/schema.json")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The card as a JSON Resume validates against the published schema, in Korean and in
// English, carries every section, and is served as JSON with an ETag that answers 304.
func TestResumeJSONValidates(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	schema := resumeSchema(t)
	for lang, wants := range map[string][]string{
		"ko": {`"name": "홍길동"`, `"label": "백엔드 개발자"`, `"position": "백엔드 엔지니어"`, `"startDate": "2020"`, `"endDate": "2022"`,
			`"institution": "한국대학교"`, `"name": "정보처리기사"`, `"level": "90%"`, `"network": "GitHub"`, `"canonical": "http://localhost:8000/c/demo/resume.json?lang=ko"`},
		"en": {`"name": "Gildong Hong"`, `"label": "Backend Developer"`, `"position": "Backend Engineer"`, `"institution": "Hankuk University"`,
			`"language": "English"`, `"title": "Grand prize, company hackathon"`},
	} {
		r := do(t, f.srv, "GET", "/c/demo/resume.json?lang="+lang)
		if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") || r.header.Get("ETag") == "" {
			t.Fatalf("%s: %d %q %q", lang, r.status, r.header.Get("Content-Type"), r.header.Get("ETag"))
		}
		doc, err := jsonschema.UnmarshalJSON(strings.NewReader(r.body))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(doc); err != nil {
			t.Errorf("%s: the résumé does not validate: %v", lang, err)
		}
		mustContain(t, lang, r.body, wants...)
		var parsed map[string]any
		if err := json.Unmarshal([]byte(r.body), &parsed); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"basics", "work", "education", "certificates", "awards", "skills", "languages", "meta"} {
			if parsed[k] == nil {
				t.Errorf("%s: no %s", lang, k)
			}
		}
		if again := do(t, f.srv, "GET", "/c/demo/resume.json?lang="+lang, "If-None-Match", r.header.Get("ETag")); again.status != 304 {
			t.Errorf("%s: the same ETag got %d, want 304", lang, again.status)
		}
	}
	if r := do(t, f.srv, "GET", "/c/nobody/resume.json"); r.status != 404 {
		t.Errorf("an unknown card: %d", r.status)
	}
}
