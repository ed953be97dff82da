"""Writes source.docx: a Korean table-form 이력서 as people fill in Word's 이력서 templates
(인적사항, 학력사항, 경력사항 tables with header rows, 자격증 and 어학 side by side, 병역,
and a 경력기술서 in Word's Symbol-font bullets). All names and facts are invented."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from docxlib import cell, para, run, table, write  # noqa: E402

H = "Heading1"
body = [
    para("이 력 서", style="Title"),
    para("인적사항", style=H),
    table([
        ["성명", "박도현", "영문", "PARK DOHYEON"],
        ["생년월일", "1991년 8월 22일", "연락처", "010-4821-3370"],
        ["이메일", "dohyeon.park@example.kr", "주소", "대전광역시 유성구 궁동"],
    ], [1500, 3300, 1500, 3300], header=False),
    para("학력사항", style=H),
    table([
        ["기간", "학교", "전공/학위", "비고"],
        ["2007.03 ~ 2010.02", "대전둔산고등학교", "자연계열", "졸업"],
        ["2010.03 ~ 2016.02", "충남대학교", "화학공학과 / 학사", "학점 3.82 / 4.5"],
        ["2016.03 ~ 2018.02", "포항공과대학교 (POSTECH)", "화학공학과 / 석사", "촉매반응공학 연구실"],
    ], [2100, 2700, 2700, 2100]),
    para("경력사항", style=H),
    table([
        ["근무기간", "회사명", "부서/직위", "담당업무"],
        ["2018.03 ~ 2020.08", "한결화학(주)", "공정기술팀 / 연구원", "반도체용 고순도 과산화수소 정제 공정 개선"],
        ["2020.09 ~ 현재", "미래배터리솔루션(주)", "셀개발팀 / 선임연구원", "리튬이온 배터리 양극재 소성 공정 개발"],
    ], [2100, 2400, 2400, 2700]),
    para("자격증 및 어학", style=H),
    # Two tables side by side, as the 이력서 templates lay them out: a borderless table of
    # two cells, each holding a table of its own.
    table([[
        cell(table([
            ["취득일", "자격증명", "발행처"],
            ["2015.11", "화공기사", "산업인력공단"],
            ["2019.05", "위험물산업기사", "산업인력공단"],
            ["2021.08", "6시그마 GB", "한국표준협회"],
        ], [1200, 1800, 1600]) + para(space_after=0), 4700),
        cell(table([
            ["구분", "점수/등급", "취득일"],
            ["TOEIC", "875점", "2022.06"],
            ["OPIc", "IM2", "2021.03"],
            ["HSK", "4급", "2016.12"],
        ], [1400, 1600, 1700]) + para(space_after=0), 4900),
    ]], [4700, 4900], header=False, borders=False),
    para("병역사항", style=H),
    table([
        ["구분", "군별", "계급", "복무기간"],
        ["군필", "육군", "병장", "2011.02 ~ 2012.11"],
    ], [2400, 2400, 2400, 2400]),
    para("보유 기술", style=H),
    para("Aspen Plus, MATLAB, Minitab, AutoCAD, Python (데이터 분석), SEM/XRD 분석"),
    para("경력기술서", style=H),
    para(run("미래배터리솔루션(주) 셀개발팀 (2020년 9월 ~ 현재)", bold=True)),
    para("NCM 양극재 소성 온도 프로파일을 최적화해 수율을 92%에서 96%로 높였습니다.", bullet=True),
    para("충북 오창 파일럿 라인 3개의 신규 구축에 공정 담당으로 참여했습니다.", bullet=True),
    para("협력사 5곳의 공정 감사를 맡아 불량률 기준을 새로 정했습니다.", bullet=True),
    para(run("한결화학(주) 공정기술팀 (2018년 3월 ~ 2020년 8월)", bold=True)),
    para("고순도 과산화수소 정제 공정을 개선해 금속 불순물을 30% 줄였습니다.", bullet=True),
    para("정제 컬럼 세정 방법에 관한 특허 1건을 출원했습니다 (출원번호 10-2019-0083312).", bullet=True),
    para("자기소개", style=H),
    para("석사 과정에서 촉매 반응을 연구한 뒤 화학 공정과 배터리 소재 공정에서 7년 가까이 일했습니다. "
         "현장 데이터를 직접 분석해 공정 조건을 바꾸는 일을 가장 좋아합니다. 주말에는 사회인 야구팀에서 포수로 뜁니다."),
    para("위의 기재 사항은 사실과 다름이 없습니다.", align="center"),
    para("2026년 11월 20일   작성자 박도현 (인)", align="right"),
]

write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.docx"), "".join(body))
