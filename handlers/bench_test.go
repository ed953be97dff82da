package handlers_test

import (
	"testing"

	"github.com/valyala/fasthttp"

	"sitecard/testutil"
)

// BenchmarkCardPage measures the hot path: a cached card page through the whole
// middleware chain, without the network.
func BenchmarkCardPage(b *testing.B) {
	for _, tc := range []struct{ name, accept, encoding string }{
		{"plain", "", ""},
		{"english-gzip", "en-US,en;q=0.9", "gzip, deflate, br"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := testutil.Server(b, testutil.Config(b, "sqlite://"+b.TempDir()+"/b.db"))
			h := srv.App.Handler()
			var ctx fasthttp.RequestCtx
			b.ReportAllocs()
			for b.Loop() {
				ctx.Request.Reset()
				ctx.Response.Reset()
				ctx.Request.SetRequestURI("/")
				if tc.accept != "" {
					ctx.Request.Header.Set("Accept-Language", tc.accept)
				}
				if tc.encoding != "" {
					ctx.Request.Header.Set("Accept-Encoding", tc.encoding)
				}
				h(&ctx)
				if ctx.Response.StatusCode() != 200 {
					b.Fatalf("status %d", ctx.Response.StatusCode())
				}
			}
		})
	}
}
