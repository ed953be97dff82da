"""Writes source.fodt: a development-cooperation project manager's bilingual résumé in
Writer, whose left sidebar (contact, languages, skills, certificates) is a text frame
anchored to the page with the main text wrapping to its right, as people make a sidebar
in Writer. LibreOffice exports it (../make.sh)."""

import os
import sys

# No __pycache__ beside the documents: the harness takes every folder here for a résumé.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from odf import document, para  # noqa: E402

FONT = "NanumBarunGothic"

styles = f'''
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.08cm"/>
<style:text-properties style:font-name="{FONT}" fo:font-family="{FONT}" style:font-family-asian="{FONT}" fo:font-size="9.5pt" style:font-size-asian="9.5pt" fo:language="en" fo:country="GB" style:language-asian="ko" style:country-asian="KR"/></style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:line-height="138%"/></style:style>
<style:style style:name="Name" style:family="paragraph"><style:text-properties fo:font-size="21pt" style:font-size-asian="21pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#124e5c"/></style:style>
<style:style style:name="Role" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.25cm"/><style:text-properties fo:font-size="11pt" style:font-size-asian="11pt"/></style:style>
<style:style style:name="H" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="11.5pt" style:font-size-asian="11.5pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#124e5c"/></style:style>
<style:style style:name="Job" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.15cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="When" style:family="paragraph"><style:paragraph-properties fo:keep-with-next="always"/><style:text-properties fo:color="#666666" fo:font-style="italic"/></style:style>
<style:style style:name="SideH" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.08cm"/><style:text-properties fo:font-size="9pt" style:font-size-asian="9pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#ffffff" fo:letter-spacing="0.06cm"/></style:style>
<style:style style:name="Side" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.06cm"/><style:text-properties fo:font-size="8.8pt" style:font-size-asian="8.8pt" fo:color="#f2f2f2"/></style:style>
<style:style style:name="Frame" style:family="graphic"><style:graphic-properties text:anchor-type="paragraph" svg:x="0cm" svg:y="0cm" fo:margin-left="0.2cm" fo:margin-right="0.2cm" fo:margin-top="0.2cm" fo:margin-bottom="0.2cm" style:wrap="parallel" style:number-wrapped-paragraphs="no-limit" style:wrap-contour="false" style:vertical-pos="top" style:vertical-rel="paragraph-content" style:horizontal-pos="center" style:horizontal-rel="paragraph-content" fo:padding="0.15cm" fo:border="0.06pt solid #000000"/></style:style>
<text:list-style style:name="Dash">
 <text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.5cm" fo:text-indent="-0.35cm" fo:margin-left="0.5cm"/></style:list-level-properties></text:list-level-style-bullet>
</text:list-style>
'''

automatic = (
    '<style:style style:name="fr1" style:family="graphic" style:parent-style-name="Frame"><style:graphic-properties style:wrap="right" style:number-wrapped-paragraphs="no-limit" '
    'fo:background-color="#124e5c" fo:padding="0.45cm" fo:border="none" style:vertical-pos="from-top" style:vertical-rel="page" '
    'style:horizontal-pos="from-left" style:horizontal-rel="page" fo:margin-right="0.6cm"/></style:style>'
    '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
    'fo:margin-top="1.4cm" fo:margin-bottom="1.2cm" fo:margin-left="1.2cm" fo:margin-right="1.6cm"/></style:page-layout>'
)
master = '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>'


def items(*entries):
    return ('<text:list text:style-name="Dash">' + "".join(f"<text:list-item>{para(e)}</text:list-item>" for e in entries)
            + "</text:list>")


side = "".join([
    para("CONTACT · 연락처", "SideH"),
    para("서울특별시 은평구 (Seoul)", "Side"),
    para("+82 10-2947-6051", "Side"),
    para("haneul.mo.dev@gmail.com", "Side"),
    para("LANGUAGES · 언어", "SideH"),
    para("한국어 — 모국어", "Side"),
    para("English — fluent (IELTS 8.0, 2019)", "Side"),
    para("Français — B2 (DELF B2, 2017)", "Side"),
    para("Kinyarwanda — basic", "Side"),
    para("SKILLS · 역량", "SideH"),
    para("Logframe & results-based M&E", "Side"),
    para("사업 예산 관리 · 조달", "Side"),
    para("Stakeholder workshops", "Side"),
    para("KoboToolbox, Stata, QGIS", "Side"),
    para("CERTIFICATES · 자격", "SideH"),
    para("PMP (PMI), 2022", "Side"),
    para("국제개발협력 전문가 과정 수료, 2016", "Side"),
    para("재난안전 현장요원 교육 (HEAT), 2020", "Side"),
])
frame = (f'<draw:frame draw:style-name="fr1" draw:name="Sidebar" text:anchor-type="page" text:anchor-page-number="1" '
         f'svg:x="0cm" svg:y="0cm" svg:width="5.6cm" svg:height="29.7cm" draw:z-index="0">'
         f'<draw:text-box>{side}</draw:text-box></draw:frame>')

body = [
    frame,
    para("모하늘  Haneul Mo", "Name"),
    para("국제개발협력 프로젝트 매니저 · International Development Project Manager", "Role"),
    para("Profile · 소개", "H"),
    para("10년 동안 동아프리카와 동남아시아에서 보건·농촌개발 ODA 사업을 운영했습니다. I have managed grants of up to USD 9 million "
         "and I work closely with ministries, NGOs and community leaders.", "Body"),
    para("Experience · 경력", "H"),
    para("Country Programme Manager — 다솜나눔재단 (Dasom Nanum Foundation), Kigali, Rwanda", "Job"),
    para("2021.09 – present", "When"),
    items("모자보건 사업 3개 (총 USD 9 million) 총괄, 현지 직원 27명 관리",
          "Built a community health worker training programme reaching 1,400 workers in 6 districts",
          "르완다 보건부와 MOU 체결 (2022), 중간평가 결과 ‘매우 우수’ 등급"),
    para("Project Officer — 같이걷는길 (Gachi NGO), Vientiane, Laos", "Job"),
    para("Mar 2017 – Aug 2021", "When"),
    items("농촌 식수 위생(WASH) 사업: 마을 48곳에 급수 시설 설치",
          "Managed procurement and the project budget of USD 2.4 million; zero audit findings in 2019 and 2020",
          "코로나19 기간 중 원격 모니터링 체계 도입"),
    para("Programme Assistant — 한국국제보건협회 (서울)", "Job"),
    para("2015.10 – 2017.02", "When"),
    items("Proposal writing for public ODA calls: 5 of 8 proposals funded",
          "해외 봉사단 파견 교육 운영"),
    para("Education · 학력", "H"),
    para("MSc in Development Studies — University of Sussex, UK (2014 – 2015), dissertation on cash transfers in rural Malawi", "Body"),
    para("학사 — 한국외국어대학교 프랑스어학과 (2009.03 – 2014.02), 국제학 부전공", "Body"),
    para("Other · 기타", "H"),
    para("Volunteer: 2013년 세네갈 다카르 교육 봉사 (6개월). 취미는 사진과 트레일 러닝이며, 2023년 르완다 국제 하프마라톤을 완주했습니다.", "Body"),
]

open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.fodt"), "w", encoding="utf-8").write(
    document(body, automatic, styles, master, title="Haneul Mo CV"))
