// Package imaging reads the photos people upload and scales them for display: what an
// image's header promises (and so what decoding it will cost) before it is decoded, and
// a scaling in two passes that holds bounded memory however large the image.
//
// Files:
//   - imaging.go: Header, ReadHeader, Cost, Decode, Fit and Reencode.
package imaging
