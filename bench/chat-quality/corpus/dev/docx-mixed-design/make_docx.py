#!/usr/bin/env python3
"""Writes source.docx the way Word saves a résumé with bullets: the list is a
w:numbering whose level is a Symbol-font bullet (U+F0B7), as Word's default
bullet is. LibreOffice then exports it to resume.pdf (see ../make.sh)."""
import sys
import zipfile
from xml.sax.saxutils import escape

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'

CONTENT_TYPES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>
</Types>'''

RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>
</Relationships>'''

DOC_RELS = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>'''

CORE = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<dc:title>채윤아 Yuna Chae - Resume</dc:title><dc:creator>Yuna Chae</dc:creator>
</cp:coreProperties>'''

STYLES = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles %s>
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Calibri" w:hAnsi="Calibri" w:eastAsia="맑은 고딕" w:cs="Calibri"/><w:sz w:val="20"/><w:lang w:val="en-US" w:eastAsia="ko-KR"/></w:rPr></w:rPrDefault>
<w:pPrDefault><w:pPr><w:spacing w:after="60" w:line="264" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>
<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>
<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:pPr><w:spacing w:after="40"/></w:pPr><w:rPr><w:b/><w:sz w:val="40"/><w:color w:val="2E4057"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="220" w:after="80"/><w:pBdr><w:bottom w:val="single" w:sz="6" w:space="1" w:color="2E4057"/></w:pBdr><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:b/><w:sz w:val="24"/><w:color w:val="2E4057"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="JobTitle"><w:name w:val="Job Title"/><w:basedOn w:val="Normal"/><w:pPr><w:keepNext/><w:spacing w:before="120" w:after="20"/></w:pPr><w:rPr><w:b/><w:sz w:val="21"/></w:rPr></w:style>
<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:pPr><w:ind w:left="720"/><w:spacing w:after="20"/></w:pPr></w:style>
</w:styles>''' % W

# Word's default bullet: the Symbol font's private-use U+F0B7.
NUMBERING = '''<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering %s>
<w:abstractNum w:abstractNumId="0"><w:multiLevelType w:val="hybridMultilevel"/>
<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="\uf0b7"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>
<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New" w:hint="default"/></w:rPr></w:lvl>
</w:abstractNum>
<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>''' % W


def run(text, bold=False, size=None, color=None):
    rpr = ''
    if bold:
        rpr += '<w:b/>'
    if color:
        rpr += '<w:color w:val="%s"/>' % color
    if size:
        rpr += '<w:sz w:val="%d"/>' % size
    if rpr:
        rpr = '<w:rPr>%s</w:rPr>' % rpr
    return '<w:r>%s<w:t xml:space="preserve">%s</w:t></w:r>' % (rpr, escape(text))


def para(*runs, style=None, bullet=False, tab=None):
    ppr = ''
    if style:
        ppr += '<w:pStyle w:val="%s"/>' % style
    if bullet:
        ppr += '<w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
    if tab:
        ppr += '<w:tabs><w:tab w:val="right" w:pos="%d"/></w:tabs>' % tab
    if ppr:
        ppr = '<w:pPr>%s</w:pPr>' % ppr
    body = ''.join(r if r.startswith('<w:') else run(r) for r in runs)
    return '<w:p>%s%s</w:p>' % (ppr, body)


TAB = '<w:r><w:tab/></w:r>'


def job(title, where, when):
    return para(run(title, bold=True), run(' · ' + where), TAB, run(when, color='555555'), style='JobTitle', tab=10200)


def bullets(*items):
    return ''.join(para(i, style='ListParagraph', bullet=True) for i in items)


body = [
    para('채윤아  Yuna Chae', style='Title'),
    para(run('Senior Product Designer (UX/UI) · 프로덕트 디자이너', color='555555', size=22)),
    para('Berlin, Germany / 서울  ·  +49 176 5531 0928  ·  yuna.chae.design@proton.me  ·  yunachae.design'),
    para('Summary', style='Heading1'),
    para('8년차 프로덕트 디자이너입니다. 핀테크와 모빌리티 앱의 사용자 경험을 설계해 왔고, '
         'I build design systems, run usability research and prototype until the flow feels obvious.'),
    para('Experience · 경력', style='Heading1'),
    job('Senior Product Designer', 'Flink Mobility GmbH, Berlin', 'Mar 2023 – Present'),
    bullets('Redesigned the ride-sharing checkout flow; checkout conversion rose from 62% to 71% in six months.',
            'Led the design system “Kompass”: 140 components in Figma, adopted by 5 product squads.',
            'Ran 36 moderated usability interviews in Germany and Poland, in English and German.',
            'Mentor two junior designers; review every squad’s hand-off to engineering once a week.'),
    job('프로덕트 디자이너', '(주)바른핀테크, 서울', '2020-01 – 2023-02'),
    bullets('간편송금 화면 개편: 송금 완료율을 12%p 높이고 고객센터 문의를 월 1,900건 줄였습니다.',
            '접근성 가이드(WCAG 2.1 AA)를 만들고 스크린리더 사용자 테스트를 분기마다 진행했습니다.',
            '디자이너 4명으로 이루어진 파트를 이끌며 주간 디자인 크리틱을 운영했습니다.'),
    job('UI 디자이너', '스튜디오 오름 (디자인 에이전시), 서울', '2018.03 – 2019.12'),
    bullets('브랜드 웹사이트 27개와 공공기관 모바일 앱 3종의 UI를 디자인했습니다.',
            'Motion guidelines for a museum kiosk project, built in After Effects and Lottie.'),
    para('Education · 학력', style='Heading1'),
    job('홍익대학교 시각디자인과 학사 (BFA, Visual Communication Design)', '서울', '2014년 3월 – 2018년 2월'),
    job('Exchange semester, Interaction Design', 'Aalto University, Finland', 'Aug 2016 – Dec 2016'),
    para('Skills · 기술', style='Heading1'),
    bullets('Design: Figma, ProtoPie, Framer, Adobe Illustrator, After Effects',
            'Research: usability testing, Maze, diary studies, card sorting',
            'Front-end: HTML and CSS (enough to build a prototype), Lottie'),
    para('Languages · 언어', style='Heading1'),
    bullets('한국어: 모국어 (native)',
            'English: fluent, IELTS 7.5 (2022-06)',
            'Deutsch: B1, Goethe-Zertifikat (2024.10)'),
    para('Awards & Talks · 수상 및 발표', style='Heading1'),
    bullets('Red Dot Design Award 2021, Brand & Communication Design, for the 바른핀테크 송금 앱',
            '홍익대학교 졸업전시 우수상 (2017년 11월)',
            'Talk at UX Camp Berlin, Jun 2024: “Designing for trust in payments”'),
]

SECT = '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1000" w:right="850" w:bottom="1000" w:left="850" w:header="500" w:footer="500" w:gutter="0"/></w:sectPr>'
DOCUMENT = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document %s><w:body>%s%s</w:body></w:document>' % (W, ''.join(body), SECT)

out = sys.argv[1] if len(sys.argv) > 1 else 'source.docx'
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    # Fixed timestamps, so that the same script writes the same file.
    for name, data in [('[Content_Types].xml', CONTENT_TYPES), ('_rels/.rels', RELS),
                       ('docProps/core.xml', CORE), ('word/_rels/document.xml.rels', DOC_RELS),
                       ('word/document.xml', DOCUMENT), ('word/styles.xml', STYLES),
                       ('word/numbering.xml', NUMBERING)]:
        zi = zipfile.ZipInfo(name, date_time=(2026, 12, 1, 0, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(zi, data.encode('utf-8'))
