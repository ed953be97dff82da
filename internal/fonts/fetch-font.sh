#!/usr/bin/env bash
# Vendors the fonts the server draws with (the share image, the PDF résumé): NanumSquare
# Regular and Bold (SIL Open Font License 1.1; every Hangul syllable in about 730 KB each),
# from Debian's fonts-nanum package, with their checksums. Run it only to change the fonts;
# the files are committed and embedded in the binary.
set -euo pipefail
cd "$(dirname "$0")"
[ -f /usr/share/fonts/truetype/nanum/NanumSquareB.ttf ] || apt-get install -y fonts-nanum
version=$(dpkg-query -W -f='${Version}' fonts-nanum)
: >fonts.sha256
for f in NanumSquareR.ttf NanumSquareB.ttf; do
  cp "/usr/share/fonts/truetype/nanum/$f" "$f"
  printf '%s  fonts-nanum %s %s\n' "$(sha256sum "$f" | cut -d' ' -f1)" "$version" "$f" >>fonts.sha256
done
sed -n '/License/,$p' /usr/share/doc/fonts-nanum/copyright >NanumSquare-LICENSE.txt
cat fonts.sha256
