"""Writes source.odt: a two-page Korean 경력기술서 as people lay it out in LibreOffice Writer —
a running header and footer with the page number, a sidebar in a text frame anchored to
the first page, a career table with a header row, and bulleted details. LibreOffice
exports it (bench/chat-quality/make.sh). All names and facts are invented."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from odtlib import PAGE_COUNT, PAGE_NUMBER, bullets, h, p, table, table_styles, write  # noqa: E402

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

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.odt")
write(path, body, header="남궁서진 | 경력기술서 CONFIDENTIAL", footer=f"페이지 {PAGE_NUMBER} / {PAGE_COUNT}",
      extra_styles=table_styles("Career", career_widths), left=64, right=16)
