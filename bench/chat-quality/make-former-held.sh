#!/usr/bin/env bash
# Rebuilds every resume.pdf of the nine documents that were the first held-back half (now in corpus/dev) from its source, with the
# real producers (Debian: libreoffice-writer-nogui, texlive-xetex,
# texlive-lang-korean, texlive-latex-extra (moderncv), lmodern, fonts-noto-cjk,
# fonts-nanum, groff, ghostscript,
# wkhtmltopdf, chromium; golang for fpdf). CI never runs this: the PDFs are committed.
#
#   bash bench/chat-quality/make-former-held.sh            # all
#   bash bench/chat-quality/make-former-held.sh groff-prose-wind
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)/corpus/dev
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

soffice_pdf() { # dir source
	soffice --headless -env:UserInstallation=file://"$tmp"/lo --convert-to pdf --outdir "$tmp" "$1/$2" >/dev/null
	mv "$tmp/${2%.*}.pdf" "$1/resume.pdf"
}

build() {
	local id=$1 d="$here/$1"
	case $id in
	odt-qa-2page | odt-frame-research)
		soffice_pdf "$d" source.fodt ;;
	docx-mixed-design)
		python3 "$d/make_docx.py" "$d/source.docx"
		soffice_pdf "$d" source.docx ;;
	xelatex-nurse)
		cp "$d/source.tex" "$tmp/" && (cd "$tmp" && xelatex -interaction=nonstopmode -halt-on-error source.tex >/dev/null)
		mv "$tmp/source.pdf" "$d/resume.pdf" ;;
	chromium-ko-2col)
		"${CHROMIUM:-chromium}" --headless --no-sandbox --disable-gpu --no-pdf-header-footer \
			--print-to-pdf="$d/resume.pdf" "file://$d/source.html" 2>/dev/null ;;
	groff-prose-wind)
		groff -ms -Tps -dpaper=a4 -P-pa4 "$d/source.ms" >"$tmp/resume.ps"
		ps2pdf -sPAPERSIZE=a4 "$tmp/resume.ps" "$d/resume.pdf" ;;
	wkhtml-band-game)
		wkhtmltopdf -q --page-size A4 -T 0 -B 10mm -L 0 -R 0 --encoding utf-8 \
			"$d/source.html" "$d/resume.pdf" 2>/dev/null ;;
	fpdf-ko-form)
		(cd "$d" && go run . "$d/resume.pdf") ;;
	moderncv-epi)
		cp "$d/source.tex" "$tmp/" && (cd "$tmp" && pdflatex -interaction=nonstopmode -halt-on-error source.tex >/dev/null)
		mv "$tmp/source.pdf" "$d/resume.pdf" ;;
	*) echo "make.sh: no recipe for $id" >&2; return 1 ;;
	esac
	echo "$id: $(pdfinfo "$d/resume.pdf" | sed -n 's/^Producer: *//p')"
}

if [ $# -eq 0 ]; then
	set -- odt-qa-2page docx-mixed-design xelatex-nurse odt-frame-research chromium-ko-2col groff-prose-wind wkhtml-band-game moderncv-epi fpdf-ko-form
fi
for id in "$@"; do build "$id"; done
