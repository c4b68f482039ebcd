package export

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"strconv"
)

// Card is what an image shows: a title, a subtitle, lines of text (filters,
// parameters) and a bar chart.
type Card struct {
	Title    string
	Subtitle string
	Lines    []string
	Bars     []Bar
}

// Image size limits: Tableau renders views up to a few thousand pixels.
const (
	MinImageSide = 16
	MaxImageSide = 8192
)

var (
	colBackground = color.RGBA{0xFF, 0xFF, 0xFF, 0xFF}
	colBorder     = color.RGBA{0xC8, 0xCC, 0xD0, 0xFF}
	colTitle      = color.RGBA{0x1F, 0x2A, 0x36, 0xFF}
	colText       = color.RGBA{0x4A, 0x55, 0x60, 0xFF}
	colBar        = color.RGBA{0x4E, 0x79, 0xA7, 0xFF}
	colAxis       = color.RGBA{0x99, 0x99, 0x99, 0xFF}
)

// PNG draws the card on a width x height image (in pixels, scale included)
// and encodes it. scale (1, or 2 for high resolution) multiplies the text
// and line sizes. The output depends only on the arguments.
func PNG(c Card, width, height, scale int) ([]byte, error) {
	if width < MinImageSide || height < MinImageSide || width > MaxImageSide || height > MaxImageSide {
		return nil, fmt.Errorf("export: image size %dx%d is outside %d..%d pixels", width, height, MinImageSide, MaxImageSide)
	}
	scale = max(scale, 1)
	img := image.NewRGBA(image.Rect(0, 0, width, height))
	fill(img, img.Bounds(), colBackground)
	b := 2 * scale
	// The border.
	fill(img, image.Rect(0, 0, width, b), colBorder)
	fill(img, image.Rect(0, height-b, width, height), colBorder)
	fill(img, image.Rect(0, 0, b, height), colBorder)
	fill(img, image.Rect(width-b, 0, width, height), colBorder)

	margin := 12 * scale
	y := margin
	y = drawText(img, margin, y, c.Title, 3*scale, colTitle) + 6*scale
	if c.Subtitle != "" {
		y = drawText(img, margin, y, c.Subtitle, 2*scale, colText) + 6*scale
	}
	for _, l := range c.Lines {
		y = drawText(img, margin, y, l, 2*scale, colText) + 4*scale
	}
	drawBars(img, image.Rect(margin, y+8*scale, width-margin, height-margin), c.Bars, scale)

	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func fill(img *image.RGBA, r image.Rectangle, c color.RGBA) {
	draw.Draw(img, r.Intersect(img.Bounds()), &image.Uniform{C: c}, image.Point{}, draw.Src)
}

// drawText writes s at (x, y) with each font pixel px image pixels wide,
// clipped to the image, and returns the y below the line.
func drawText(img *image.RGBA, x, y int, s string, px int, c color.RGBA) int {
	for _, r := range s {
		if x >= img.Bounds().Max.X {
			break
		}
		rows := glyphRows(r)
		for gy, bits := range rows {
			for gx := 0; gx < glyphW; gx++ {
				if bits&(1<<(glyphW-1-gx)) != 0 {
					fill(img, image.Rect(x+gx*px, y+gy*px, x+(gx+1)*px, y+(gy+1)*px), c)
				}
			}
		}
		x += glyphAdvance * px
	}
	return y + glyphH*px
}

// drawBars draws a horizontal bar chart of bars in r, labels at the left.
func drawBars(img *image.RGBA, r image.Rectangle, bars []Bar, scale int) {
	if len(bars) == 0 || r.Dx() < 40*scale || r.Dy() < 10*scale {
		return
	}
	top := 0
	for _, b := range bars {
		top = max(top, b.Value)
	}
	labelW := 0
	for _, b := range bars {
		labelW = max(labelW, len(b.Label))
	}
	px := scale
	x0 := r.Min.X + (labelW+1)*glyphAdvance*px
	slot := r.Dy() / len(bars)
	barH := min(slot*2/3, 24*scale)
	fill(img, image.Rect(x0-px, r.Min.Y, x0, r.Min.Y+slot*len(bars)), colAxis)
	for i, b := range bars {
		y := r.Min.Y + i*slot + (slot-barH)/2
		drawText(img, r.Min.X, y+(barH-glyphH*px)/2, b.Label, px, colText)
		w := 0
		if top > 0 {
			w = (r.Max.X - x0 - 8*glyphAdvance*px) * b.Value / top
		}
		fill(img, image.Rect(x0, y, x0+max(w, 1), y+barH), colBar)
		drawText(img, x0+w+4*px, y+(barH-glyphH*px)/2, strconv.Itoa(b.Value), px, colText)
	}
}
