"""Writes source.docx: a Korean engineer's bilingual résumé as she keeps it in Word —
headings in both languages, jobs on a line with the dates at a right tab stop, Word bullets
(level 0 U+F0B7 in Symbol, level 1 U+F0A7 "§" in Wingdings), a numbered list, and dates in
the four ways people write them (2021.03, Mar 2019, 2017-06, 2015년 9월). LibreOffice
exports it (../make.sh)."""

import os
import sys

# No __pycache__ beside the documents: the harness takes every folder here for a résumé.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wordml import p, r, tab, write  # noqa: E402

RIGHT = [("right", 9900)]


def h(ko, en):
    return p(r(f"{ko}  ", b=True, sz=12, color="1F3864"), r(en, b=True, sz=11, color="1F3864"), bottom="1F3864", before=200, after=80)


def job(title, org, when):
    return p(r(title, b=True), r("  |  " + org), tab(), r(when, i=True), tabs=RIGHT, before=100, after=30)


def b(text, lvl=0):
    return p(r(text), style="ListParagraph", num=1, lvl=lvl)


body = [
    p(r("탁은비", b=True, sz=22), r("   Eunbi Tak", sz=14, color="595959"), after=20),
    p(r("반도체 식각 공정 엔지니어 · Semiconductor Etch Process Engineer", sz=11, color="1F3864"), after=20),
    p(r("경기도 화성시 동탄 (Hwaseong, Korea)  |  010-5821-3360  |  eunbi.tak.etch@gmail.com"), after=120),
    h("요약", "Summary"),
    p(r("건식 식각(dry etch) 공정 개발 9년 차 엔지니어입니다. 3D NAND 고종횡비 식각과 수율 개선을 주로 맡아 왔고, "
        "I am comfortable leading cross-site tool qualifications with equipment vendors in English.")),
    h("경력", "Experience"),
    job("Senior Process Engineer, Etch", "새결반도체 (Saegyeol Semiconductor), 화성", "2021.03 – 현재"),
    b("3D NAND 채널 홀 식각 공정 책임 — 200단 이상 제품의 종횡비 60:1 식각 조건 확보"),
    b("Yield improvement task force lead (2023)"),
    b("식각 후 bowing 불량을 원인 분석하여 웨이퍼 수율 2.8%p 향상", 1),
    b("Reduced chamber seasoning time from 45 to 20 minutes per PM cycle", 1),
    b("신규 식각 장비 12대 셋업 및 양산 이관 (Tool qualification with vendor engineers)"),
    b("후배 엔지니어 4명 멘토링, 사내 식각 기초 교육 강사"),
    job("Process Engineer", "Veldhoven Microsystems Korea, 평택", "Mar 2019 – Feb 2021"),
    b("Customer-site etch process support for DRAM capacitor patterning"),
    b("해외 본사(네덜란드)와 주간 기술 회의 진행, 영문 보고서 작성", 1),
    b("Field escalations closed within 48 hours on average", 1),
    b("장비 레시피 표준화로 고객사 3곳의 공정 편차 축소"),
    job("연구원 (Assistant Engineer)", "미래나노텍 (Mirae Nanotech), 수원", "2017-06 – 2019-02"),
    b("플라즈마 식각용 세라믹 부품 내구성 평가"),
    b("Wrote the lab's first SPC dashboard in Python (pandas, matplotlib)"),
    h("학력", "Education"),
    job("석사 M.S. in Materials Science and Engineering", "아주대학교 대학원", "2015년 9월 – 2017년 8월"),
    b("논문: 불소계 플라즈마에서의 실리콘 질화막 식각 선택비 연구"),
    job("학사 B.S. in Materials Science and Engineering", "아주대학교", "2011년 3월 – 2015년 8월"),
    h("특허 및 수상", "Patents & Awards"),
    p(r("고종횡비 홀 식각 방법 (국내 특허 등록, 2024)"), num=2),
    p(r("Saegyeol Semiconductor CEO Award for yield innovation, Dec 2023"), num=2),
    p(r("한국진공학회 학술대회 우수 포스터상, 2016-11"), num=2),
    h("기술 및 어학", "Skills & Languages"),
    b("Tools: Lam Kiyo-class and TEL-class etchers (conductor / dielectric), OES endpoint, SEM/TEM cross-section 분석"),
    b("Data: JMP, Python, Spotfire, 6σ Green Belt (2020)"),
    b("Languages: 한국어 (모국어), English — OPIc AL, TOEIC 940 (2022.10), 일본어 기초"),
]

write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.docx"), body,
      latin="Calibri", east="맑은 고딕", size=10, second="wingdings", margins=(900, 1000, 900, 1000),
      title="Eunbi Tak résumé")
