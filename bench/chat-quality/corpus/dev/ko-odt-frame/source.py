"""Writes source.odt: a two-page Korean 경력기술서 as people lay it out in LibreOffice Writer —
a running header and footer with the page number, a sidebar in a text frame anchored to
the first page, a career table with a header row, and bulleted details. LibreOffice
exports it (bench/chat-quality/make.sh). All names and facts are invented."""

import os
import zipfile
from xml.sax.saxutils import escape

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'office:version="1.3"')


def p(text, style="Body"):
    return f'<text:p text:style-name="{style}">{escape(text)}</text:p>'


def h(text):
    return f'<text:h text:style-name="Head" text:outline-level="1">{escape(text)}</text:h>'


def bullets(*items):
    lis = "".join(f'<text:list-item><text:p text:style-name="Item">{escape(i)}</text:p></text:list-item>' for i in items)
    return f'<text:list text:style-name="Dots">{lis}</text:list>'


def table(name, widths, rows):
    cols = "".join(f'<table:table-column table:style-name="{name}.C{i}"/>' for i in range(len(widths)))
    out = [f'<table:table table:name="{name}" table:style-name="{name}">{cols}']
    for i, row in enumerate(rows):
        cells = "".join(f'<table:table-cell table:style-name="Cell" office:value-type="string">'
                        f'{p(c, "TH" if i == 0 else "TD")}</table:table-cell>' for c in row)
        if i == 0:
            out.append(f"<table:table-header-rows><table:table-row>{cells}</table:table-row></table:table-header-rows>")
        else:
            out.append(f"<table:table-row>{cells}</table:table-row>")
    out.append("</table:table>")
    return "".join(out)


def table_styles(name, widths):
    s = (f'<style:style style:name="{name}" style:family="table"><style:table-properties '
         f'style:width="{sum(widths)}mm" table:align="left" fo:margin-top="1mm" fo:margin-bottom="2mm"/></style:style>')
    for i, w in enumerate(widths):
        s += (f'<style:style style:name="{name}.C{i}" style:family="table-column">'
              f'<style:table-column-properties style:column-width="{w}mm"/></style:style>')
    return s


sidebar = "".join([
    p("연락처", "SideHead"), p("010-5538-2417", "Side"), p("seojin.namgung@example.kr", "Side"), p("인천광역시 연수구", "Side"),
    p("핵심 역량", "SideHead"), p("수요 예측 · 재고 최적화", "Side"), p("WMS 구축 · SAP MM/SD", "Side"), p("3PL 계약 협상", "Side"),
    p("어학", "SideHead"), p("영어: 비즈니스 회화", "Side"), p("일본어: JLPT N1 (2017)", "Side"),
    p("자격", "SideHead"), p("물류관리사 (2013)", "Side"), p("CPIM, APICS (2019)", "Side"),
])

career_widths = [34, 30, 24, 42]
body = "".join([
    p("남궁서진", "Name"),
    p("SCM · 물류 운영 매니저", "Role"),
    # The sidebar: a text frame anchored to page 1, the body text running beside it.
    '<text:p text:style-name="Body"><draw:frame draw:style-name="Frame" draw:name="Sidebar" text:anchor-type="page" '
    'text:anchor-page-number="1" svg:x="12mm" svg:y="42mm" svg:width="46mm" svg:height="120mm" draw:z-index="0">'
    f'<draw:text-box>{sidebar}</draw:text-box></draw:frame></text:p>',
    h("경력 요약"),
    p("물류와 공급망 관리 분야에서 12년간 일했습니다. 물류센터 3곳의 WMS 도입과 재고 회전율 개선을 이끌었고, "
      "현재 수도권 물류센터 운영을 총괄하고 있습니다."),
    h("경력사항"),
    table("Career", career_widths, [
        ["기간", "회사", "직책", "주요 업무"],
        ["2019.07 ~ 현재", "그린로지스(주)", "SCM팀장", "수도권 물류센터 3곳 운영 총괄"],
        ["2015.01 ~ 2019.06", "한성유통(주)", "물류기획 과장", "WMS 구축, 3PL 계약 관리"],
        ["2013.02 ~ 2014.12", "동방해운(주)", "사원", "수출입 통관, 선적 스케줄 관리"],
    ]),
    h("그린로지스(주) — SCM팀장"),
    bullets("팀원 14명과 함께 하루 평균 2만 2천 건의 출고를 처리합니다.",
            "재고 회전율을 연 8.2회에서 11.5회로 높였습니다.",
            "김포 센터 자동 분류기 도입 프로젝트를 예산 38억 원으로 완료했습니다 (2021년 11월)."),
    h("한성유통(주) — 물류기획 과장"),
    bullets("SAP 기반 WMS를 평택 센터에 구축해 피킹 오류율을 1.2%에서 0.3%로 줄였습니다.",
            "3PL 업체 4곳과 연간 계약을 협상해 운송비를 9% 절감했습니다."),
    # Page 2 starts where the author put a page break, as people do before the details.
    '<text:h text:style-name="HeadPage" text:outline-level="1">주요 프로젝트</text:h>',
    bullets("수요 예측 고도화 (2022): 주간 예측 오차(MAPE)를 24%에서 15%로 개선",
            "반품 물류 프로세스 재설계 (2018): 반품 처리 기간을 7일에서 3일로 단축",
            "일본 수입 화주 전담 (2014): 도쿄·오사카 거래처 11곳 통관 관리"),
    h("학력"),
    p("인하대학교 물류전문대학원 물류경영 석사, 2016년 8월 졸업 (야간 과정)"),
    p("인하대학교 아태물류학부 학사, 2012년 2월 졸업"),
    h("교육 이수"),
    p("대한상공회의소 SCM 전문가 과정 (2020년, 120시간)"),
    h("병역"),
    p("해군 병장 만기 전역 (2006.03 ~ 2008.02)"),
    h("기타"),
    p("주말에는 인천 송도에서 조정(rowing) 동호회 활동을 합니다."),
])

styles = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-styles {NS}>
<office:font-face-decls><style:font-face style:name="NanumGothic" svg:font-family="NanumGothic"/></office:font-face-decls>
<office:styles>
<style:default-style style:family="paragraph"><style:text-properties style:font-name="NanumGothic" style:font-name-asian="NanumGothic"
 fo:font-size="10pt" style:font-size-asian="10pt" fo:language="ko" fo:country="KR" style:language-asian="ko" style:country-asian="KR"/></style:default-style>
<style:style style:name="Standard" style:family="paragraph"/>
<style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="end"/>
 <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt" fo:color="#666666"/></style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/>
 <style:text-properties fo:font-size="8pt" style:font-size-asian="8pt" fo:color="#666666"/></style:style>
</office:styles>
<office:automatic-styles>
<style:page-layout style:name="PL"><style:page-layout-properties fo:page-width="210mm" fo:page-height="297mm"
 fo:margin-top="12mm" fo:margin-bottom="12mm" fo:margin-left="64mm" fo:margin-right="16mm"/>
 <style:header-style><style:header-footer-properties fo:min-height="6mm" fo:margin-bottom="5mm"/></style:header-style>
 <style:footer-style><style:header-footer-properties fo:min-height="6mm" fo:margin-top="5mm"/></style:footer-style>
</style:page-layout>
</office:automatic-styles>
<office:master-styles><style:master-page style:name="Standard" style:page-layout-name="PL">
<style:header><text:p text:style-name="Header">남궁서진 | 경력기술서 CONFIDENTIAL</text:p></style:header>
<style:footer><text:p text:style-name="Footer">페이지 <text:page-number text:select-page="current">1</text:page-number> / <text:page-count>2</text:page-count></text:p></style:footer>
</style:master-page></office:master-styles>
</office:document-styles>"""

content = f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content {NS}>
<office:automatic-styles>
<style:style style:name="Body" style:family="paragraph" style:parent-style-name="Standard"><style:paragraph-properties fo:margin-bottom="1.5mm" fo:line-height="135%"/></style:style>
<style:style style:name="Name" style:family="paragraph"><style:text-properties fo:font-size="22pt" style:font-size-asian="22pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Role" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="4mm"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:color="#3465a4"/></style:style>
<style:style style:name="Head" style:family="paragraph"><style:paragraph-properties fo:margin-top="4mm" fo:margin-bottom="1.5mm" fo:border-bottom="0.5pt solid #3465a4" fo:padding-bottom="0.5mm" fo:keep-with-next="always"/>
 <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1f3b73"/></style:style>
<style:style style:name="HeadPage" style:family="paragraph" style:parent-style-name="Head"><style:paragraph-properties fo:break-before="page" fo:margin-top="4mm" fo:margin-bottom="1.5mm" fo:border-bottom="0.5pt solid #3465a4" fo:padding-bottom="0.5mm"/>
 <style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1f3b73"/></style:style>
<style:style style:name="Item" style:family="paragraph" style:parent-style-name="Body"/>
<style:style style:name="SideHead" style:family="paragraph"><style:paragraph-properties fo:margin-top="3mm" fo:margin-bottom="1mm"/>
 <style:text-properties fo:font-size="10.5pt" style:font-size-asian="10.5pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1f3b73"/></style:style>
<style:style style:name="Side" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.8mm"/><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
<style:style style:name="TH" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold" fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
<style:style style:name="TD" style:family="paragraph"><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="1mm" fo:border="0.5pt solid #808080"/></style:style>
{table_styles("Career", career_widths)}
<style:style style:name="Frame" style:family="graphic"><style:graphic-properties style:wrap="none" style:vertical-pos="from-top" style:horizontal-pos="from-left"
 style:vertical-rel="page" style:horizontal-rel="page" fo:background-color="#eef2f8" fo:padding="3mm" fo:border="none"/></style:style>
</office:automatic-styles>
<office:body><office:text>
<text:list-style style:name="Dots"><text:list-level-style-bullet text:level="1" text:bullet-char="•">
<style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-4mm" fo:margin-left="5mm"/></style:list-level-properties>
</text:list-level-style-bullet></text:list-style>
{body}
</office:text></office:body></office:document-content>"""

manifest = """<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>
<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>
<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>
</manifest:manifest>"""

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.odt")
with zipfile.ZipFile(path, "w") as z:
    def add(name, data, method=zipfile.ZIP_DEFLATED):
        z.writestr(zipfile.ZipInfo(name, (2026, 1, 1, 0, 0, 0)), data, method)
    add("mimetype", "application/vnd.oasis.opendocument.text", zipfile.ZIP_STORED)  # first and stored, as ODF requires
    add("META-INF/manifest.xml", manifest)
    add("content.xml", content)
    add("styles.xml", styles)
