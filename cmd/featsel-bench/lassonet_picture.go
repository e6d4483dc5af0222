package main

import (
	"image"
	"image/color"
	"image/png"
	"io"
	"slices"
)

// pictureScale is the side, in screen pixels, of one image pixel.
const pictureScale = 8

// chosenColor marks a chosen pixel.
var chosenColor = color.RGBA{R: 230, G: 30, B: 30, A: 255}

// writePixelPicture draws the chosen pixels of width×height images as a
// PNG: each chosen pixel red, the others in grey after mean, the mean
// image of the rows the selection saw (brighter where the images are), so
// that one sees where on the objects the chosen pixels fall.
func writePixelPicture(w io.Writer, mean []float64, chosen []bool, width, height int) error {
	if len(mean) != width*height || len(chosen) != width*height {
		panic("featsel-bench: picture size mismatch")
	}
	top := slices.Max(mean)
	img := image.NewRGBA(image.Rect(0, 0, width*pictureScale, height*pictureScale))
	for j := range mean {
		c := chosenColor
		if !chosen[j] {
			grey := uint8(30)
			if top > 0 {
				grey += uint8(170 * mean[j] / top)
			}
			c = color.RGBA{R: grey, G: grey, B: grey, A: 255}
		}
		x0, y0 := j%width*pictureScale, j/width*pictureScale
		for y := y0; y < y0+pictureScale; y++ {
			for x := x0; x < x0+pictureScale; x++ {
				img.SetRGBA(x, y, c)
			}
		}
	}
	return png.Encode(w, img)
}
