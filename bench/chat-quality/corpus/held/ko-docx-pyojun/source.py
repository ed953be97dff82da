"""Writes source.docx: a 표준이력서 as a Word user fills in the Korean standard form — one
bordered table per part, a photo box merged down three rows, labels spanning columns,
자격증 and 어학 side by side in one six-column table, 병역 and 보훈 in a row, a
자기소개서 in prose below. LibreOffice exports it (../make.sh)."""

import os
import sys

# No __pycache__ beside the documents: the harness takes every folder here for a résumé.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wordml import C, p, r, tbl, write  # noqa: E402

G = "E7E6E6"  # the form's grey label cells


def label(text, span=1, vmerge=None):
    return C(text, span=span, vmerge=vmerge, fill=G, b=True, jc="center")


def head(text):
    return p(r(text, b=True, sz=12), before=220, after=60)


body = [
    p(r("이 력 서", b=True, sz=22), jc="center", after=200),
    head("1. 인적사항"),
    tbl([
        [C("사 진\n(3×4)", vmerge="restart", jc="center"), label("성명(한글)"), "석도윤", label("성명(영문)"), "Seok Doyun"],
        [C("", vmerge="continue"), label("생년월일"), "1990. 08. 23", label("휴대전화"), "010-4418-2093"],
        [C("", vmerge="continue"), label("전자우편"), C("doyun.seok@daum.net", span=3)],
        [label("현주소", span=2), C("전북특별자치도 전주시 덕진구 송천동 (우 54848)", span=3)],
        [label("희망직무", span=2), "재무회계 / 결산", label("희망연봉"), "회사 내규에 따름"],
    ], [1500, 1500, 2400, 1500, 2800]),
    head("2. 학력사항"),
    tbl([
        [label("기간"), label("학교명"), label("전공"), label("학위"), label("소재지")],
        ["2020.03 ~ 2022.02", "전주대학교 경영대학원", "세무학 (주말 과정)", "석사", "전주"],
        ["2009.03 ~ 2015.02", "전북대학교", "경영학부 회계학 전공", "학사 (평점 3.91 / 4.5)", "전주"],
        ["2006.03 ~ 2009.02", "전주 덕진고등학교", "인문계", "졸업", "전주"],
    ], [1900, 2300, 2200, 2000, 1300], header_rows=1),
    head("3. 경력사항"),
    tbl([
        [label("근무기간"), label("회사명"), label("부서"), label("직위"), label("담당업무")],
        ["2019.09 ~ 현재", "(주)청람정밀화학", "재무팀", "과장", "월·분기 결산, 연결재무제표 작성, 외부감사 대응, 법인세 세무조정"],
        ["2014.12 ~ 2019.08", "다온세무회계", "세무1팀", "주임", "법인세·부가가치세 신고, 기장 대리 (거래처 약 40곳), 연말정산"],
    ], [1900, 1900, 1100, 900, 3900], header_rows=1),
    head("4. 자격증 및 어학"),
    tbl([
        [label("자격증명"), label("취득일"), label("발행처"), label("어학시험"), label("점수/등급"), label("취득일")],
        ["재경관리사", "2017.12", "삼일회계법인", "TOEIC", "845점", "2023.05"],
        ["전산세무 1급", "2014.06", "한국세무사회", "TOEIC Speaking", "Level 6", "2022.11"],
        ["전산회계 1급", "2012.11", "한국세무사회", "JLPT", "N2", "2016.12"],
    ], [1800, 1100, 1700, 1800, 1400, 1100], header_rows=1),
    head("5. 병역 및 기타"),
    tbl([
        [label("병역구분"), "군필", label("군별/계급"), "육군 / 병장", label("복무기간"), "2010.03 ~ 2011.12"],
        [label("병과"), "경리", label("전역사유"), "만기전역", label("보훈대상"), "비대상"],
        [label("OA 능력"), C("Excel (피벗·VLOOKUP·매크로), 더존 iCUBE, SAP FI 모듈 사용자", span=5)],
    ], [1300, 1300, 1500, 1700, 1300, 2400]),
    head("6. 자기소개서"),
    p(r("[성장과정] ", b=True), r("전주에서 나고 자랐으며, 가게 장부를 직접 쓰시던 부모님 곁에서 숫자가 맞아떨어지는 즐거움을 일찍 알았습니다. "
      "군 복무 중에는 경리병으로 부대 예산 집행 서류를 맡아 증빙 관리의 중요성을 배웠습니다."), after=100),
    p(r("[경력 및 강점] ", b=True), r("세무회계 사무소에서 5년 가까이 중소기업 40여 곳의 신고를 맡으며 마감 일정을 한 번도 놓치지 않았습니다. "
      "현 직장에서는 결산 기간을 영업일 기준 8일에서 5일로 줄였고, 자회사 2곳을 포함한 연결재무제표 작성을 처음부터 구축했습니다. "
      "2023년에는 K-IFRS 리스 기준서 적용 프로젝트를 주도했습니다."), after=100),
    p(r("[지원동기] ", b=True), r("제조업 원가 구조를 이해하는 재무 담당자로서, 해외 법인이 있는 회사에서 연결 결산과 내부회계관리제도 업무로 역할을 넓히고 싶습니다."), after=100),
    p(r("위의 기재 사항은 사실과 틀림이 없습니다."), jc="center", before=300),
    p(r("2026년 11월 20일          지원자: 석도윤 (인)"), jc="right"),
]

write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.docx"), body,
      latin="맑은 고딕", east="맑은 고딕", size=9.5, title="이력서 석도윤")
