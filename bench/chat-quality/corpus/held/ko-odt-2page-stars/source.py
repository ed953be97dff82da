"""Writes source.fodt: an automotive embedded engineer's 이력서 및 경력기술서 over two pages
in LibreOffice Writer — a running header (name and title) and a footer with page x / y
fields on every page, an 경력 요약 table with a header row, project blocks in Writer's own
bullet lists (▪ and –), and skills and languages rated with ★ and ● in a table. LibreOffice
exports it (../make.sh)."""

import os
import sys

# No __pycache__ beside the documents: the harness takes every folder here for a résumé.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from odf import document, para, table, table_styles  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

FONT = "NanumGothic"

styles = f'''
<style:default-style style:family="paragraph"><style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.08cm"/>
<style:text-properties style:font-name="{FONT}" fo:font-family="{FONT}" style:font-family-asian="{FONT}" fo:font-size="9.5pt" style:font-size-asian="9.5pt" fo:language="ko" fo:country="KR" style:language-asian="ko" style:country-asian="KR"/></style:default-style>
<style:style style:name="Body" style:family="paragraph"><style:paragraph-properties fo:line-height="140%"/></style:style>
<style:style style:name="Name" style:family="paragraph"><style:text-properties fo:font-size="19pt" style:font-size-asian="19pt" fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Role" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0.3cm"/><style:text-properties fo:font-size="11pt" style:font-size-asian="11pt" fo:color="#8a3b12"/></style:style>
<style:style style:name="H" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.35cm" fo:margin-bottom="0.12cm" fo:keep-with-next="always" fo:border-bottom="0.8pt solid #8a3b12" fo:padding-bottom="0.05cm"/><style:text-properties fo:font-size="12pt" style:font-size-asian="12pt" fo:font-weight="bold" style:font-weight-asian="bold" fo:color="#8a3b12"/></style:style>
<style:style style:name="Proj" style:family="paragraph"><style:paragraph-properties fo:margin-top="0.2cm" fo:keep-with-next="always"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Meta" style:family="paragraph"><style:paragraph-properties fo:keep-with-next="always"/><style:text-properties fo:color="#555555" fo:font-size="9pt" style:font-size-asian="9pt"/></style:style>
<style:style style:name="CellP" style:family="paragraph"><style:paragraph-properties fo:margin-bottom="0cm"/></style:style>
<style:style style:name="HeadP" style:family="paragraph"><style:paragraph-properties fo:text-align="center" fo:margin-bottom="0cm"/><style:text-properties fo:font-weight="bold" style:font-weight-asian="bold"/></style:style>
<style:style style:name="Header" style:family="paragraph"><style:paragraph-properties fo:text-align="end" fo:border-bottom="0.5pt solid #999999" fo:padding-bottom="0.05cm"/><style:text-properties fo:font-size="8pt" style:font-size-asian="8pt" fo:color="#666666"/></style:style>
<style:style style:name="Footer" style:family="paragraph"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="8pt" style:font-size-asian="8pt" fo:color="#666666"/></style:style>
<text:list-style style:name="Dots">
 <text:list-level-style-bullet text:level="1" text:bullet-char="▪"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="0.6cm" fo:text-indent="-0.4cm" fo:margin-left="0.6cm"/></style:list-level-properties></text:list-level-style-bullet>
 <text:list-level-style-bullet text:level="2" text:bullet-char="–"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" text:list-tab-stop-position="1.2cm" fo:text-indent="-0.4cm" fo:margin-left="1.2cm"/></style:list-level-properties></text:list-level-style-bullet>
</text:list-style>
'''

W1 = [2.4, 6.0, 2.4, 6.2]
W2 = [4.6, 3.4, 2.6, 6.4]
W3 = [5.0, 3.0, 9.0]
automatic = (
    '<style:style style:name="Cell" style:family="table-cell"><style:table-cell-properties fo:padding="0.09cm" fo:border="0.5pt solid #b0b0b0"/></style:style>'
    '<style:style style:name="Head" style:family="table-cell"><style:table-cell-properties fo:padding="0.09cm" fo:background-color="#f3e6dc" fo:border="0.5pt solid #b0b0b0"/></style:style>'
    + table_styles("Personal", W1) + table_styles("Career", W2) + table_styles("Skills", W3)
    + '<style:page-layout style:name="pm1"><style:page-layout-properties fo:page-width="21cm" fo:page-height="29.7cm" '
      'fo:margin-top="1.2cm" fo:margin-bottom="1.0cm" fo:margin-left="2cm" fo:margin-right="2cm"/>'
      '<style:header-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-bottom="0.4cm"/></style:header-style>'
      '<style:footer-style><style:header-footer-properties fo:min-height="0.6cm" fo:margin-top="0.4cm"/></style:footer-style></style:page-layout>'
)
master = ('<style:master-page style:name="Standard" style:page-layout-name="pm1">'
          '<style:header><text:p text:style-name="Header">제갈윤후 · 이력서 및 경력기술서 (차량 제어기 SW)</text:p></style:header>'
          '<style:footer><text:p text:style-name="Footer">- <text:page-number text:select-page="current">1</text:page-number> / '
          '<text:page-count>2</text:page-count> -</text:p></style:footer></style:master-page>')


def items(*entries):
    """A Writer bullet list; an entry that is a list is a nested level."""
    out = '<text:list text:style-name="Dots">'
    for e in entries:
        if isinstance(e, list):
            out += ('<text:list-item><text:list>' + "".join(f'<text:list-item>{para(x)}</text:list-item>' for x in e)
                    + '</text:list></text:list-item>')
        else:
            out += f'<text:list-item>{para(e)}</text:list-item>'
    return out + "</text:list>"


def project(title, meta, *entries):
    return para(title, "Proj") + para(meta, "Meta") + items(*entries)


body = [
    para("제갈윤후", "Name"),
    para("차량 제어기 임베디드 소프트웨어 엔지니어 · 경력 14년", "Role"),
    table("Personal", W1, [
        ["생년", "1987년", "연락처", "010-3127-8846"],
        ["이메일", "yunhu.jegal@outlook.kr", "거주지", "경기도 용인시 기흥구"],
        ["병역", "공군 병장 만기 전역", "희망 근무지", "용인·수원·화성 지역"],
    ], header=False, label_col=True),
    para("경력 요약", "H"),
    table("Career", W2, [
        ["회사", "기간", "직위", "주요 업무"],
        ["(주)온누리모빌리티", "2020.07 ~ 현재", "책임연구원", "전동식 조향장치(EPS) 제어기 SW 개발 리드"],
        ["대성전장(주)", "2015.01 ~ 2020.06", "선임연구원", "차체 제어기(BCM)·스마트키 SW 개발"],
        ["세림테크", "2012.08 ~ 2014.12", "연구원", "산업용 모터 드라이버 펌웨어"],
    ]),
    para("학력", "H"),
    para("2010.03 ~ 2012.08  아주대학교 대학원 전자공학과 석사 (제어 및 로봇 연구실)", "Body"),
    para("2005.03 ~ 2010.02  한국항공대학교 항공전자공학과 학사", "Body"),
    para("경력기술서", "H"),
    project("EPS 제어기 SW 플랫폼 (온누리모빌리티)", "2021.01 ~ 2024.06 · SW 팀장 (팀원 9명) · 고객: 국내 완성차 2개사",
            "AUTOSAR Classic 4.4 기반 SW 플랫폼 설계, 3개 차종 양산 적용",
            "ISO 26262 ASIL D 개발 프로세스 수립, 기능안전 감사 무결점 통과",
            ["MISRA C 위반 건수 1,200건 → 40건 이하로 감소", "단위 테스트 커버리지 MC/DC 100% 달성"],
            "양산 후 필드 클레임 0건 (2024년 기준)"),
    project("EPS 무선 SW 업데이트 (OTA) 대응", "2024.07 ~ 현재 · 기술 리드",
            "UDS 기반 부트로더 재설계로 플래싱 시간 14분 → 6분 단축",
            "사이버보안 요구사항(ISO/SAE 21434) 분석과 보안 부팅 구현"),
    project("스마트키 시스템 (대성전장)", "2016.03 ~ 2019.12 · 모듈 담당",
            "LF/RF 통신 드라이버와 인증 로직 개발, 연 40만 대 양산",
            "CAN 통신 진단 툴 자체 개발로 검증 인력 2명분 절감"),
    project("산업용 BLDC 모터 드라이버 (세림테크)", "2012.08 ~ 2014.12",
            "STM32 기반 센서리스 벡터 제어 펌웨어 개발",
            "모터 효율 3%p 향상, 특허 출원 1건 공동 발명자"),
    para("보유 기술", "H"),
    table("Skills", W3, [
        ["기술", "수준", "비고"],
        ["C / Embedded C", "★★★★★", "14년, MISRA C 준수 코딩"],
        ["AUTOSAR Classic", "★★★★☆", "Vector MICROSAR 구성 및 RTE 설계"],
        ["ISO 26262 기능안전", "★★★★☆", "기능안전 엔지니어 교육 이수 (2019)"],
        ["CAN / CAN-FD / UDS 진단", "★★★★☆", "CANoe, CAPL 스크립트"],
        ["Python (테스트 자동화)", "★★★☆☆", "HIL 테스트 스크립트"],
        ["Simulink / 모델 기반 개발", "★★☆☆☆", "코드 생성 결과 검토 수준"],
    ]),
    para("어학 및 자격", "H"),
    table("Langs", W3, [
        ["항목", "수준", "비고"],
        ["영어", "●●●●○", "해외 고객 기술 미팅 진행, OPIc IH (2022)"],
        ["중국어", "●●○○○", "HSK 3급, 기초 회화"],
        ["정보처리기사", "취득", "2011.08"],
        ["A-SPICE Provisional Assessor", "취득", "2023.03, intacs 인증"],
    ]),
    para("자기소개", "H"),
    para("14년 동안 모터 드라이버에서 조향 제어기까지 안전이 중요한 제어 소프트웨어를 만들어 왔습니다. 팀장으로서 기능안전과 "
         "SW 품질을 일정 안에서 지키는 방법을 정착시켰고, 앞으로는 차량 통합 제어기와 SDV 환경의 플랫폼 설계로 역할을 넓히고 싶습니다.", "Body"),
]

automatic += table_styles("Langs", W3)
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.fodt"), "w", encoding="utf-8").write(
    document(body, automatic, styles, master, title="제갈윤후 이력서 및 경력기술서"))
