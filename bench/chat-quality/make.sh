#!/bin/sh
# Rebuilds every dev résumé PDF of the corpus from its source, with the producer people use
# (see README.md). CI never runs this: the PDFs are committed. Run from anywhere:
#   bench/chat-quality/make.sh            every dev document
#   bench/chat-quality/make.sh ko-html    one (or several) by id
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
	d="$dev/$1"
	case "$1" in
	*-html | *-html-*) chromium_pdf "$d" ;;
	*-docx-*) python3 "$d/source.py" && soffice_pdf "$d/source.docx" ;;
	*-groff-*) groff -ms -Tps "$d/source.ms" | ps2pdf - "$d/resume.pdf" ;;
	*-moderncv*) latex_pdf pdflatex "$d/source.tex" ;;
	*-kotex*) latex_pdf xelatex "$d/source.tex" ;;
	*-wkhtml-*) wkhtmltopdf -q -s A4 -B 0 -L 0 -R 0 -T 0 "$d/source.html" "$d/resume.pdf" 2>/dev/null ;;
	*-fpdf-*) (cd "$here/../.." && go run "./bench/chat-quality/corpus/dev/$1" "$d/resume.pdf") ;;
	*-odt-*) python3 "$d/source.py" && soffice_pdf "$d/source.odt" ;;
	*) echo "make.sh: no recipe for $1" >&2; return 1 ;;
	esac
	echo "$1: $(pdfinfo "$d/resume.pdf" 2>/dev/null | sed -n 's/^Producer: *//p')"
}

if [ $# -eq 0 ]; then
	set -- $(ls "$dev")
fi
for id in "$@"; do
	build "$id"
done
