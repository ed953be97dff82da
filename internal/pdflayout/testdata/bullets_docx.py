#!/usr/bin/env python3
"""Writes bullets.docx: a mixed Korean/English résumé as Word writes one, with its bullets
in Symbol and Wingdings (private-use code points U+F0B7, U+F0A7, U+F0D8, U+F076, U+F0FC),
a heading no vocabulary knows ("기타 (Etc.)"), and bold headings. LibreOffice turns it
into bullets.pdf (see make.sh)."""
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
# (num id, code point, font) as Word's bullet library writes them
BULLETS = [(1, "\uf0b7", "Symbol"), (2, "\uf0a7", "Wingdings"), (3, "\uf0d8", "Wingdings"),
           (4, "\uf076", "Wingdings"), (5, "\uf0fc", "Wingdings")]

def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")

def para(text, bold=False, size=None, num=None):
    ppr = ""
    if num:
        ppr = f'<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr></w:pPr>'
    rpr = ""
    if bold or size:
        rpr = "<w:rPr>" + ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size}"/>' if size else "") + "</w:rPr>"
    return f'<w:p>{ppr}<w:r>{rpr}<w:t xml:space="preserve">{esc(text)}</w:t></w:r></w:p>'

body = [
    para("이서진 (Seojin Lee)", bold=True, size=36),
    para("Email: seojin.lee@example.kr"),
    para("휴대폰: 010-4821-7730"),
    para("경력 (Experience)", bold=True, size=28),
    para("한빛데이터 (Hanbit Data), 데이터 엔지니어, 2019.03 – 현재", bold=True),
    para("주문 데이터 파이프라인을 Kafka와 Flink로 다시 설계하여 지연 시간을 여섯 시간에서 십이 분으로 줄였습니다.", num=1),
    para("Built the customer churn dashboard used by the sales team every Monday.", num=1),
    para("Ran the migration of 40 TB of logs from Hadoop to object storage without downtime.", num=2),
    para("기술 (Skills)", bold=True, size=28),
    para("Python, Go, SQL, Apache Spark", num=3),
    para("Docker, Kubernetes, Terraform", num=4),
    para("기타 (Etc.)", bold=True, size=28),
    para("Volunteer Korean tutor at the Busan Migrant Centre since 2021.", num=5),
    para("마라톤 풀코스 세 번 완주 (춘천, 서울, 경주).", num=5),
]

document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{"".join(body)}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1134" w:header="709" w:footer="709" w:gutter="0"/></w:sectPr></w:body></w:document>'

abstract = "".join(
    f'<w:abstractNum w:abstractNumId="{n}"><w:multiLevelType w:val="hybridMultilevel"/><w:lvl w:ilvl="0">'
    f'<w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="{ch}"/><w:lvlJc w:val="left"/>'
    f'<w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr>'
    f'<w:rPr><w:rFonts w:ascii="{font}" w:hAnsi="{font}" w:hint="default"/></w:rPr></w:lvl></w:abstractNum>'
    for n, ch, font in BULLETS)
nums = "".join(f'<w:num w:numId="{n}"><w:abstractNumId w:val="{n}"/></w:num>' for n, _, _ in BULLETS)
numbering = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {W}>{abstract}{nums}</w:numbering>'

styles = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles {W}><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Liberation Sans" w:hAnsi="Liberation Sans" w:eastAsia="NanumGothic"/><w:sz w:val="21"/><w:lang w:val="en-US" w:eastAsia="ko-KR"/></w:rPr></w:rPrDefault></w:docDefaults></w:styles>'

content_types = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/></Types>'''
rels = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>'''
doc_rels = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>'''

with zipfile.ZipFile("bullets.docx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, data in [("[Content_Types].xml", content_types), ("_rels/.rels", rels),
                       ("word/_rels/document.xml.rels", doc_rels), ("word/document.xml", document),
                       ("word/numbering.xml", numbering), ("word/styles.xml", styles)]:
        z.writestr(zipfile.ZipInfo(name, (2026, 12, 1, 0, 0, 0)), data)
