// Package jsonresume writes a card as a JSON Resume (jsonresume.org, schema 1.x, vendored
// in schema.json): the basics and profiles, and each section as the résumé's own list.
//
//   - jsonresume.go: a card as a JSON Resume (resume.json), in Korean or English.
//   - read.go: the import: a file checked against the schema, its problems said field by
//     field, its lists read into a card's sections.
//   - schema.json: the vendored schema (@jsonresume/schema), pinned by schema.json.sha256
//     and fetched by fetch-schema.sh.
package jsonresume
