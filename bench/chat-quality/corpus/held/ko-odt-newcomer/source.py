"""Writes source.fodt: a new graduate's own one-page 이력서 in LibreOffice Writer — a
label | value table for 인적사항, bordered tables with header rows for 학력, 경험 (인턴,
동아리, 졸업논문), 자격증 and 어학, and a short 자기소개. LibreOffice exports it
(../make.sh)."""

import os
import sys

# No __pycache__ beside the documents: the harness takes every folder here for a résumé.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from odf import document, para, table, table_styles  # noqa: E402

FONT = "NanumBarunGothic"

styles = f'''
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.1cm"/>
<style:text-properties style:font-name="{FONT}" fo:font-family="{FONT}" style:font-family-asian="{FONT}" fo:font-size="9.5pt" style:font-size-asian="9.5pt" fo:language="ko" fo:country="KR" style:language-asian="ko" style:country-asian="KR"/></style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:line-height="135%" fo:text-align="justify"/></style:style>
<style:style style:name="Title" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.1cm"/><style:text-properties fo:font-size="20pt" style:font-size-asian="20pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Sub" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0.35cm"/><style:text-properties fo:color="#555555"/></style:style>
<style:style style:name="H" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.3cm" fo:margin-bottom="0.1cm" fo:keep-with-next="always"/><style:text-properties fo:font-size="11.5pt" style:font-size-asian="11.5pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#1d4e89"/></style:style>
<style:style style:name="CellP" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0cm"/></style:style>
<style:style style:name="HeadP" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0cm"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
'''

W1 = [2.6, 5.4, 2.6, 6.4]
W2 = [3.6, 4.4, 4.4, 4.6]
W3 = [3.4, 3.6, 10.0]
W4 = [4.4, 2.6, 3.4, 3.4, 3.2]
automatic = (
    '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #9a9a9a" style:vertical-align="middle"/></style:style>'
    '<style:style style:name="Head" style:family="table-cell"><style:table-cell-properties fo:padding="0.1cm" fo:background-color="#e4ecf5" fo:border="0.5pt solid #9a9a9a" style:vertical-align="middle"/></style:style>'
    + table_styles("Personal", W1) + table_styles("School", W2) + table_styles("Exp", W3) + table_styles("Cert", W4)
    + '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
      'fo:margin-top="1.6cm" fo:margin-bottom="1.4cm" fo:margin-left="2cm" fo:margin-right="2cm"/></style:page-layout>'
)
master = '<style:master-page style:name="Standard" style:page-layout-name="pm1"/>'

body = [
    para("이 력 서", "Title"),
    para("식품 품질관리(QC) 신입 지원", "Sub"),
    para("인적사항", "H"),
    table("Personal", W1, [
        ["이름", "어지유 (Eo Jiyu)", "생년월일", "2002. 04. 09"],
        ["연락처", "010-7265-0418", "이메일", "jiyu.eo02@naver.com"],
        ["주소", "강원특별자치도 춘천시 효자동", "지원분야", "품질관리 (QC/QA)"],
    ], header=False, label_col=True),
    para("학력", "H"),
    table("School", W2, [
        ["기간", "학교", "전공", "학점"],
        ["2021.03 ~ 2026.02 (졸업예정)", "강원대학교", "식품생명공학과", "4.02 / 4.5 (전공 4.21)"],
        ["2018.03 ~ 2021.02", "춘천 봄내고등학교", "자연계열", "졸업"],
    ]),
    para("경험", "H"),
    table("Exp", W3, [
        ["기간", "구분", "내용"],
        ["2025.07 ~ 2025.08", "인턴 (8주)", "(주)늘봄푸드 품질관리팀 — 원료 입고 검사, 미생물 시험 보조(일반세균·대장균군), HACCP 점검표 작성"],
        ["2023.03 ~ 2024.12", "동아리", "교내 제빵 동아리 ‘반죽’ 회장 (부원 32명) — 학기마다 바자회를 열어 수익금 180만 원 기부"],
        ["2025.03 ~ 2025.12", "졸업논문", "「저염 김치의 저장 기간에 따른 유산균 수 변화」 (지도교수 평가 A+)"],
        ["2024.01 ~ 2024.02", "현장실습", "춘천 지역 두부 공장 생산라인 실습 (4주)"],
        ["2022.06 ~ 2022.08", "아르바이트", "프랜차이즈 베이커리 매장 판매·위생 관리"],
    ]),
    para("자격증 및 어학", "H"),
    table("Cert", W4, [
        ["자격증 / 시험", "등급·점수", "취득일", "발급기관", "비고"],
        ["식품기사", "최종합격", "2025.11", "한국산업인력공단", ""],
        ["HACCP 팀원 교육", "수료 (16시간)", "2025.05", "한국식품안전관리인증원", ""],
        ["TOEIC", "790점", "2025.02", "한국TOEIC위원회", ""],
        ["OPIc (영어)", "IM2", "2024.08", "ACTFL", ""],
        ["컴퓨터활용능력", "2급", "2021.12", "대한상공회의소", "엑셀 함수·차트"],
    ]),
    para("수상", "H"),
    para("2024.11  교내 식품 창업 아이디어 경진대회 장려상 (팀장, 저당 떡 제품 기획)", "Body"),
    para("자기소개", "H"),
    para("인턴십 동안 원료 입고 검사에서 이물 혼입 사례 2건을 찾아 협력업체 개선 요청서를 직접 작성했습니다. "
         "숫자와 기록으로 품질을 지키는 일이 적성에 맞는다는 것을 확인했고, 졸업논문에서도 120일 동안 "
         "유산균 수를 주 2회 측정하며 기록 관리의 중요성을 배웠습니다. 입사 후에는 미생물 시험과 HACCP "
         "문서 관리부터 빠르게 익혀 현장에서 믿을 수 있는 품질관리 담당자가 되겠습니다.", "Body"),
]

open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.fodt"), "w", encoding="utf-8").write(
    document(body, automatic, styles, master, title="이력서 어지유"))
