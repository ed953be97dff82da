#!/usr/bin/env bash
# Vendors the fonts the server draws with (the share image, the PDF résumé), with their
# checksums, from Debian's packages. Run it only to change the fonts; the files are
# committed and embedded in the binary.
#   NanumSquare Regular and Bold (fonts-nanum; SIL Open Font License 1.1): every Hangul
#   syllable and basic Latin, about 730 KB each.
#   Noto Sans Regular and Bold (fonts-noto-core; SIL Open Font License 1.1): Latin-1,
#   Latin Extended-A and B, Greek and Cyrillic, about 510 KB each, for the letters
#   NanumSquare lacks (é, ß, Ł, …).
set -euo pipefail
cd "$(dirname "$0")"
[ -f /usr/share/fonts/truetype/nanum/NanumSquareB.ttf ] || apt-get install -y fonts-nanum
[ -f /usr/share/fonts/truetype/noto/NotoSans-Bold.ttf ] || apt-get install -y fonts-noto-core
: >fonts.sha256
nanum=$(dpkg-query -W -f='${Version}' fonts-nanum)
for f in NanumSquareR.ttf NanumSquareB.ttf; do
  cp "/usr/share/fonts/truetype/nanum/$f" "$f"
  printf '%s  fonts-nanum %s %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$nanum" "$f" >>fonts.sha256
done
sed -n '/License/,$p' /usr/share/doc/fonts-nanum/copyright >NanumSquare-LICENSE.txt
noto=$(dpkg-query -W -f='${Version}' fonts-noto-core)
for f in NotoSans-Regular.ttf NotoSans-Bold.ttf; do
  cp "/usr/share/fonts/truetype/noto/$f" "$f"
  printf '%s  fonts-noto-core %s %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$noto" "$f" >>fonts.sha256
done
{
  sed -n '1,15p' /usr/share/doc/fonts-noto-core/copyright   # the fonts' copyright and grant
  sed -n '39,152p' /usr/share/doc/fonts-noto-core/copyright  # the licence's text
} >NotoSans-LICENSE.txt
cat fonts.sha256
