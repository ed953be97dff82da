package main

import (
	"bytes"
	"strings"
	"testing"
)

// A run as go test -json writes it: a package that passes with a skipped MariaDB subtest,
// one that fails, and one without tests.
const stream = `{"Action":"start","Package":"sitecard/models"}
{"Action":"run","Package":"sitecard/models","Test":"TestCards"}
{"Action":"output","Package":"sitecard/models","Test":"TestCards","Output":"=== RUN   TestCards\n"}
{"Action":"run","Package":"sitecard/models","Test":"TestCards/mariadb"}
{"Action":"output","Package":"sitecard/models","Test":"TestCards/mariadb","Output":"=== RUN   TestCards/mariadb\n"}
{"Action":"output","Package":"sitecard/models","Test":"TestCards/mariadb","Output":"    testutil.go:40: skipping: TEST_DATABASE_URL is not set\n"}
{"Action":"output","Package":"sitecard/models","Test":"TestCards/mariadb","Output":"--- SKIP: TestCards/mariadb (0.00s)\n"}
{"Action":"skip","Package":"sitecard/models","Test":"TestCards/mariadb","Elapsed":0}
{"Action":"output","Package":"sitecard/models","Test":"TestCards","Output":"--- PASS: TestCards (0.20s)\n"}
{"Action":"pass","Package":"sitecard/models","Test":"TestCards","Elapsed":0.2}
{"Action":"output","Package":"sitecard/models","Output":"ok  \tsitecard/models\t1.5s\n"}
{"Action":"pass","Package":"sitecard/models","Elapsed":1.5}
{"Action":"run","Package":"sitecard/e2e","Test":"TestBrowser"}
{"Action":"output","Package":"sitecard/e2e","Test":"TestBrowser","Output":"    browser_test.go:9: the page has no title\n"}
{"Action":"output","Package":"sitecard/e2e","Test":"TestBrowser","Output":"--- FAIL: TestBrowser (3.00s)\n"}
{"Action":"fail","Package":"sitecard/e2e","Test":"TestBrowser","Elapsed":3}
{"Action":"output","Package":"sitecard/e2e","Output":"FAIL\tsitecard/e2e\t9.0s\n"}
{"Action":"fail","Package":"sitecard/e2e","Elapsed":9}
{"Action":"output","Package":"sitecard/static","Output":"?   \tsitecard/static\t[no test files]\n"}
{"Action":"skip","Package":"sitecard/static","Elapsed":0}
`

func TestTheSummaryNamesEverySkipWithItsReason(t *testing.T) {
	var out, errs bytes.Buffer
	code := run(nil, strings.NewReader(stream), &out, &errs)
	got := out.String()
	if code != 1 {
		t.Errorf("exit %d with a failed package, want 1", code)
	}
	for _, want := range []string{
		"ok  \tsitecard/models\t1.5s\n",
		"browser_test.go:9: the page has no title", // a failed test's output is shown
		"1 tests were skipped",
		"  1: skipping: TEST_DATABASE_URL is not set\n      sitecard/models TestCards/mariadb\n",
		"       9.0s  FAIL sitecard/e2e\n       1.5s  ok   sitecard/models\n", // slowest first
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "=== RUN") || strings.Contains(got, "--- PASS") {
		t.Errorf("a passing test's own output is shown, as go test would not:\n%s", got)
	}
	if strings.Contains(got, "sitecard/static") && !strings.Contains(got, "[no test files]") {
		t.Errorf("a package without tests is listed among the times:\n%s", got)
	}
}

func TestARunWithoutSkipsSaysSo(t *testing.T) {
	var out, errs bytes.Buffer
	pass := `{"Action":"pass","Package":"sitecard/lru","Elapsed":0.1}` + "\n"
	if code := run(nil, strings.NewReader(pass), &out, &errs); code != 0 {
		t.Errorf("exit %d, want 0", code)
	}
	if !strings.Contains(out.String(), "No test was skipped.") {
		t.Errorf("output:\n%s", out.String())
	}
}
