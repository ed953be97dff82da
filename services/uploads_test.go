package services_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"sync"
	"testing"
	"time"

	"sitecard/internal/budget"
	"sitecard/internal/testutil"
	"sitecard/services"
)

// Photos are decoded a few at a time: a burst of large uploads waits its turn, and those
// that wait too long are told to try again instead of all decoding at once (6 of them
// raised memory by a gigabyte). Nothing else fails.
func TestLargePhotosAreDecodedFewAtATime(t *testing.T) {
	// One at a time, and a short wait for the others.
	s := newSite(t, testutil.Config(t, "sqlite://"+t.TempDir()+"/t.db"), stackOptions{budget: budget.New(80 << 20), photoWait: 20 * time.Millisecond})
	// 4000×4000: 64 MB once decoded, a few kilobytes as a file.
	img := image.NewNRGBA(image.Rect(0, 0, 4000, 4000))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+3] = 200, 255
	}
	img.Set(0, 0, color.NRGBA{0, 0, 255, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	var (
		mu         sync.Mutex
		ok, busy   int
		wg         sync.WaitGroup
		unexpected []error
	)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := s.srv.Cards.AttachFile(context.Background(), services.Actor{ID: s.alice}, s.cardID, services.Photo, buf.Bytes())
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err == nil:
				ok++
			case errors.Is(err, services.ErrImagesBusy):
				busy++
			default:
				unexpected = append(unexpected, err)
			}
		}()
	}
	wg.Wait()
	if len(unexpected) > 0 || ok == 0 || busy == 0 {
		t.Errorf("%d stored, %d told to wait, errors %v: want some of each and no other error", ok, busy, unexpected)
	}
}
