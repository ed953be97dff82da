package ogimage_test

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"sitecard/internal/ogimage"
)

// A long name is shrunk to fit rather than drawn over the photo.
func TestLongNamesFit(t *testing.T) {
	d, err := ogimage.New()
	if err != nil {
		t.Fatal(err)
	}
	photo := image.NewNRGBA(image.Rect(0, 0, 40, 30))
	for i := range photo.Pix {
		photo.Pix[i] = 0x20
		if i%4 == 3 {
			photo.Pix[i] = 0xff // opaque
		}
	}
	out, err := d.PNG(ogimage.Card{Name: strings.Repeat("아주긴이름", 6), JobTitle: "개발자", Photo: photo})
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	// Right of the text column and left of the photo, the card stays white.
	if c := color.NRGBAModel.Convert(img.At(760, 300)).(color.NRGBA); c != (color.NRGBA{255, 255, 255, 255}) {
		t.Errorf("the name runs into the photo: %v at (760, 300)", c)
	}
	// The photo is in its circle.
	if c := color.NRGBAModel.Convert(img.At(930, 315)).(color.NRGBA); c.R > 0x40 {
		t.Errorf("no photo in the circle: %v", c)
	}
}

// Every letter is drawn: accented Latin comes from the fallback font, Hangul from
// NanumSquare, and no letter resolves to an empty box (.notdef) in the face chosen for it.
func TestAccentedLettersAreDrawn(t *testing.T) {
	d, err := ogimage.New()
	if err != nil {
		t.Fatal(err)
	}
	text := "é ü ñ ç ß ø Ł 박서윤 École nationale supérieure · résumé Łódź Øresund Straße"
	if missing := d.Undrawn(text); len(missing) != 0 {
		t.Errorf("drawn as empty boxes: %q", missing)
	}
	// Drawn, é is not the box NanumSquare would draw: it is as wide as Noto Sans's e
	// with its accent, near the width of "e".
	if we, wé := d.Width("e", 44), d.Width("é", 44); wé > we+2 || wé < we-2 {
		t.Errorf("é is %d px wide, e %d px", wé, we)
	}
	if _, err := d.PNG(ogimage.Card{Name: "Zoë Łukasz", AltName: "조이", JobTitle: "Ingénieure système", Initials: "ZŁ"}); err != nil {
		t.Fatal(err)
	}
}

// A long job title (32 characters, in Korean and in English, with and without spaces)
// stays left of the photo's circle: wrapped on two lines, or cut with "…".
func TestLongJobTitlesStayLeftOfThePhoto(t *testing.T) {
	d, err := ogimage.New()
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range []string{"Senior Platform Engineer, Paymen", "시니어 백엔드 엔지니어 겸 결제 플랫폼 기술 리드 및 팀장",
		"ThisIsAVeryLongJobTitleWithoutSp", "결제플랫폼시니어백엔드엔지니어겸기술리드팀장역할을맡고있는사람", "Ingénieure système, École des Ponts"} {
		lines := d.Wrap(title)
		if len(lines) == 0 || len(lines) > 2 {
			t.Errorf("%q: %d lines", title, len(lines))
		}
		for _, l := range lines {
			if w := d.Width(l, ogimage.TitleSize); w > ogimage.TextRoom {
				t.Errorf("%q: the line %q is %d px, the room %d", title, l, w, ogimage.TextRoom)
			}
		}
		if joined := strings.Join(lines, " "); !strings.HasSuffix(joined, "…") && joined != strings.Join(strings.Fields(title), " ") {
			t.Errorf("%q: wrapped as %q, losing words without saying so", title, lines)
		}
		out, err := d.PNG(ogimage.Card{Name: "박서윤", AltName: "Seoyun Park", JobTitle: title, Initials: "박"})
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(out))
		if err != nil {
			t.Fatal(err)
		}
		// Between the text column and the circle, over the title's rows, the card is white.
		for y := 340; y < 540; y++ {
			for x := 130 + ogimage.TextRoom + 4; x < 780; x++ {
				if c := color.NRGBAModel.Convert(img.At(x, y)).(color.NRGBA); c != (color.NRGBA{255, 255, 255, 255}) {
					t.Fatalf("%q runs under the photo: %v at (%d, %d)", title, c, x, y)
				}
			}
		}
	}
}

func BenchmarkPNG(b *testing.B) {
	d, err := ogimage.New()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := d.PNG(ogimage.Card{Name: "홍길동", AltName: "Gildong Hong", JobTitle: "백엔드 개발자", Initials: "홍"}); err != nil {
			b.Fatal(err)
		}
	}
}
