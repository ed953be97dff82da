#!/usr/bin/env bash
# Rebuilds every resume.pdf of the held-back half from its source, with the producer its
# questions.json names (Debian: libreoffice-writer-nogui, chromium, wkhtmltopdf, groff,
# ghostscript, texlive-latex-extra (moderncv), texlive-xetex + texlive-lang-korean (kotex),
# fonts-nanum, fonts-noto-cjk, fonts-dejavu, fonts-liberation; Go for fpdf). CI never runs
# this: the PDFs are committed, and a rebuilt PDF differs from the committed one only in its
# dates and ids.
#
#   bash bench/chat-quality/corpus/held/make.sh              # every held document
#   bash bench/chat-quality/corpus/held/make.sh en-groff-mm  # some
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

soffice_pdf() { # dir source
	soffice --headless -env:UserInstallation=file://"$tmp"/lo --convert-to pdf --outdir "$tmp" "$1/$2" >/dev/null 2>&1
	mv "$tmp/${2%.*}.pdf" "$1/resume.pdf"
}

tex_pdf() { # engine dir
	cp "$2/source.tex" "$tmp/" && (cd "$tmp" && "$1" -interaction=nonstopmode -halt-on-error source.tex >/dev/null)
	mv "$tmp/source.pdf" "$2/resume.pdf"
}

build() {
	local id=$1 d="$here/$1" producer
	producer=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["producer"])' "$d/questions.json")
	case $producer in
	libreoffice-docx)
		python3 -B "$d/source.py"
		soffice_pdf "$d" source.docx ;;
	libreoffice-odt)
		if [ -f "$d/source.py" ]; then python3 -B "$d/source.py"; fi
		soffice_pdf "$d" source.fodt ;;
	chromium-html)
		"${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
			--print-to-pdf="$d/resume.pdf" "file://$d/source.html" 2>/dev/null ;;
	wkhtmltopdf)
		wkhtmltopdf -q --page-size A4 -T 0 -B 12mm -L 0 -R 0 --encoding utf-8 \
			"$d/source.html" "$d/resume.pdf" 2>/dev/null ;;
	groff-ps2pdf)
		# The macro package is the source's extension: source.me is groff -me, source.mm -mm.
		local src macros
		src=$(ls "$d"/source.m?)
		macros=${src##*.}
		groff -"$macros" -Tps -dpaper=a4 -P-pa4 "$src" >"$tmp/resume.ps"
		ps2pdf -sPAPERSIZE=a4 "$tmp/resume.ps" "$d/resume.pdf" ;;
	pdflatex-moderncv)
		tex_pdf pdflatex "$d" ;;
	xelatex-kotex)
		tex_pdf xelatex "$d" ;;
	fpdf)
		(cd "$d" && go run . "$d/resume.pdf") ;;
	*) echo "make.sh: no recipe for $producer ($id)" >&2; return 1 ;;
	esac
	echo "$id: $producer: $(pdfinfo "$d/resume.pdf" | sed -n 's/^Producer: *//p')"
}

if [ $# -eq 0 ]; then
	for q in "$here"/*/questions.json; do set -- "$@" "$(basename "$(dirname "$q")")"; done
fi
for id in "$@"; do build "$id"; done
