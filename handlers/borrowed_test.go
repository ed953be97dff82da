package handlers_test

import (
	"testing"

	"sitecard/internal/testutil"
	"sitecard/services"
)

// Issue 24 §4: the app copies every string it reads from a request at one boundary
// (Fiber's Immutable), so a value kept past the handler is the request's own and stays
// so when fasthttp and Fiber reuse their buffers for the next request. The icon of a
// service is drawn once and kept under the service's name as it came in the path; after
// other requests have passed through the app (their paths written over the first one's
// buffers), the GitHub icon is still kept under "github" and is not drawn again.
func TestKeptRequestValuesOutliveTheRequestsBuffers(t *testing.T) {
	f := newFixture(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"))
	ctx := serveRaw(t, f, "GET /icons/github.png HTTP/1.1\r\nHost: example.com\r\n\r\n")
	first := string(ctx.Response.Body())
	overwrite(ctx.URI().PathOriginal()[len("/icons/"):], 'z')
	overwrite(ctx.URI().Path()[len("/icons/"):], 'z')
	for range 20 {
		serveAny(t, f, "GET /icons/zzzzzz.png HTTP/1.1\r\nHost: example.com\r\n\r\n")
	}
	kept, err := f.srv.Drawn.Get(services.DrawnKey{Kind: services.DrawnIcon, Variant: "github"}, func() ([]byte, error) {
		return []byte("drawn again"), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if string(kept) != first {
		t.Errorf("the GitHub icon is no longer kept under \"github\" (%d draws): its key was the request's bytes",
			f.srv.Drawn.Draws(services.DrawnIcon))
	}
}
