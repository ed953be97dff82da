package main

import (
	"bytes"
	"mime/multipart"
)

// newMultipart writes a form of one file into buf and returns its content type.
func newMultipart(buf *bytes.Buffer, field, name string, data []byte) string {
	w := multipart.NewWriter(buf)
	fw, _ := w.CreateFormFile(field, name) // writes to a bytes.Buffer do not fail
	fw.Write(data)                         //nolint:errcheck
	w.Close()                              //nolint:errcheck
	return w.FormDataContentType()
}
