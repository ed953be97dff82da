package static_test

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"strings"
	"testing"

	"sitecard/static"
)

// htmxVersion and htmxSHA256 pin the vendored htmx; static/fetch-htmx.sh writes the file.
const (
	htmxVersion = "2.0.11"
	htmxSHA256  = "d6fdc75f204e6bdefa99b69bf1e6d4ac69b8a364f77929f45c13476b4000f717"
)

func TestVendoredHTMXIsThePinnedRelease(t *testing.T) {
	body, err := static.FS.ReadFile("vendor/htmx.min.js")
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(body)
	if got := hex.EncodeToString(sum[:]); got != htmxSHA256 {
		t.Fatalf("vendor/htmx.min.js sha256 = %s, want %s (htmx.org@%s); run static/fetch-htmx.sh %s", got, htmxSHA256, htmxVersion, htmxVersion)
	}
	if !strings.Contains(string(body), `version:"`+htmxVersion+`"`) {
		t.Errorf("vendor/htmx.min.js does not declare version %s", htmxVersion)
	}
	recorded, err := os.ReadFile("vendor/htmx.min.js.sha256")
	if err != nil || !strings.HasPrefix(string(recorded), htmxSHA256+"  htmx.org@"+htmxVersion) {
		t.Errorf("vendor/htmx.min.js.sha256 = %q disagrees with the pin", recorded)
	}
}
