#!/bin/sh
# Rebuilds every dev résumé PDF of the corpus from its source, with the producer its
# questions.json names (see README.md). CI never runs this: the PDFs are committed.
# Run from anywhere:
#   bench/chat-quality/make.sh                    every dev document
#   bench/chat-quality/make.sh ko-html en-moderncv  dev documents by id
#   bench/chat-quality/make.sh path/to/<id>       a document folder anywhere
set -eu
here=$(cd "$(dirname "$0")" && pwd)
dev="$here/corpus/dev"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# chromium prints an HTML page as "Save as PDF" does (the page sets A4 with @page).
chromium_pdf() {
	"${CHROMIUM_PATH:-chromium}" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
		--user-data-dir="$tmp/chromium" --print-to-pdf="$1/resume.pdf" "file://$1/source.html" 2>/dev/null
}

# LibreOffice exports a .docx or .odt as Writer's "Export as PDF" does.
soffice_pdf() {
	soffice -env:UserInstallation="file://$tmp/lo" --headless --convert-to pdf --outdir "$tmp/out" "$1" >/dev/null 2>&1
	mv "$tmp/out/$(basename "${1%.*}").pdf" "$(dirname "$1")/resume.pdf"
}

# LaTeX runs in a scratch folder, so that only the PDF lands beside the source.
latex_pdf() {
	mkdir -p "$tmp/tex"
	(cd "$(dirname "$2")" && "$1" -interaction=nonstopmode -halt-on-error -output-directory="$tmp/tex" "$(basename "$2")" >"$tmp/tex/run.log") ||
		{ tail -20 "$tmp/tex/run.log" >&2; return 1; }
	mv "$tmp/tex/$(basename "${2%.tex}").pdf" "$(dirname "$2")/resume.pdf"
}

build() {
	case "$1" in
	*/*) d=$(cd "$1" && pwd) ;;
	*) d="$dev/$1" ;;
	esac
	producer=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["producer"])' "$d/questions.json")
	case "$producer" in
	chromium-html) chromium_pdf "$d" ;;
	libreoffice-docx) python3 "$d/source.py" && soffice_pdf "$d/source.docx" ;;
	libreoffice-odt) python3 "$d/source.py" && soffice_pdf "$d/source.odt" ;;
	groff-ps2pdf) groff -ms -Tps "$d/source.ms" | ps2pdf - "$d/resume.pdf" ;;
	pdflatex-moderncv) latex_pdf pdflatex "$d/source.tex" ;;
	xelatex-kotex) latex_pdf xelatex "$d/source.tex" ;;
	wkhtmltopdf) wkhtmltopdf -q -s A4 -B 0 -L 0 -R 0 -T 0 "$d/source.html" "$d/resume.pdf" 2>/dev/null ;;
	# fpdf: the folder holds a Go program of the module (source.go), run from the module root.
	fpdf) (cd "$here/../.." && go run "$d" "$d/resume.pdf") ;;
	*) echo "make.sh: $d: no recipe for producer $producer" >&2; return 1 ;;
	esac
	echo "$(basename "$d"): $(pdfinfo "$d/resume.pdf" 2>/dev/null | sed -n 's/^Producer: *//p')"
}

if [ $# -eq 0 ]; then
	set -- $(ls "$dev")
fi
for id in "$@"; do
	build "$id"
done
