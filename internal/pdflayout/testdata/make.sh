#!/bin/sh
# Remakes the test PDFs with the producers that made them; the tests need none of them.
# Debian: groff ghostscript chromium libreoffice-writer-nogui python3 fonts-dejavu fonts-nanum
set -eu
cd "$(dirname "$0")"
groff -ms -Tps prose.ms > prose.ps && ps2pdf prose.ps prose.pdf && rm prose.ps         # no space characters
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=twocol.pdf twocol.html
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=borderless.pdf borderless.html
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=columns.pdf columns.html
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=spacing.pdf spacing.html
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=dated.pdf dated.html
chromium --headless --no-sandbox --disable-gpu --no-pdf-header-footer --print-to-pdf=terms.pdf terms.html
python3 bullets_docx.py                                                                 # writes bullets.docx
soffice --headless --convert-to pdf bullets.docx tables.fodt frame.fodt grid.fodt autospace.fodt levels.fodt
xelatex -interaction=batchmode booktabs.tex && rm -f booktabs.aux booktabs.log             # Debian: texlive-xetex texlive-lang-korean
pdflatex -interaction=batchmode moderncv.tex && rm -f moderncv.aux moderncv.log moderncv.out  # texlive-latex-extra
go run fpdfgen.go                                                                       # gaps.pdf, glyphs.pdf, form.pdf
