package handlers_test

import (
	"testing"

	"github.com/valyala/fasthttp"

	"sitecard/internal/testutil"
	"sitecard/internal/testutil/testsite"
)

// BenchmarkCardPage measures the hot path: a cached card page through the whole
// middleware chain, without the network.
func BenchmarkCardPage(b *testing.B) {
	for _, tc := range []struct{ name, accept, encoding, agent string }{
		{"plain", "", "", ""},
		{"english-gzip", "en-US,en;q=0.9", "gzip, deflate, br", ""},
		// A phone's browser: counted as a view, which costs the bot check.
		{"browser", "ko-KR,ko;q=0.9", "gzip, deflate, br", "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 KAKAOTALK 10.4.5"},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := testsite.Server(b, testutil.Config(b, "sqlite://"+b.TempDir()+"/b.db"))
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
				if tc.agent != "" {
					ctx.Request.Header.Set("User-Agent", tc.agent)
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
