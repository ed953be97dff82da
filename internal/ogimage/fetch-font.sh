#!/usr/bin/env bash
# Vendors the share image's font, NanumSquare Bold (SIL Open Font License 1.1: every
# Hangul syllable in 733 KB), from Debian's fonts-nanum package, with its checksum. Run it
# only to change the font; the file is committed and embedded in the binary.
set -euo pipefail
cd "$(dirname "$0")"
[ -f /usr/share/fonts/truetype/nanum/NanumSquareB.ttf ] || apt-get install -y fonts-nanum
cp /usr/share/fonts/truetype/nanum/NanumSquareB.ttf NanumSquareB.ttf
sed -n '/License/,$p' /usr/share/doc/fonts-nanum/copyright >NanumSquare-LICENSE.txt
printf '%s  fonts-nanum %s NanumSquareB.ttf\n' "$(sha256sum NanumSquareB.ttf | cut -d' ' -f1)" "$(dpkg-query -W -f='${Version}' fonts-nanum)" >NanumSquareB.ttf.sha256
cat NanumSquareB.ttf.sha256
