"""Writes source.docx: a two-page Korean/English résumé as people write one in Word —
bilingual headings, Word's Symbol-font bullets, dates in four formats, a running header
and a page-number footer, a page break before the projects. All names and facts are invented."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from docxlib import field, para, run, write  # noqa: E402

H = "Heading1"


def job(what, when):
    return para(run(what, bold=True), run("    " + when, color="606060"), space_after=40)


def bullet(text):
    return para(text, bullet=True, space_after=20)


body = [
    para(run("서지민 Jimin Seo", bold=True, size=20), space_after=40),
    para(run("iOS 개발자 · iOS Developer", size=12, color="2F5496")),
    para("jimin.seo@example.com | 010-3390-5127 | 부산광역시 해운대구 (Busan, Korea)"),
    para("요약 Summary", style=H),
    para("Swift와 SwiftUI로 금융·여행 앱을 만들어 온 8년 차 iOS 개발자입니다. I care about accessibility, "
         "crash-free releases and small, well-tested modules."),
    para("경력 Experience", style=H),
    job("여행가자 (Yeohaeng-gaja Inc.) — Lead iOS Engineer", "2021-07 ~ 현재"),
    bullet("항공·숙소 예약 앱의 iOS 팀(5명)을 이끌고 있습니다."),
    bullet("Rewrote checkout in SwiftUI; conversion rose by 11% and crash-free sessions reached 99.8%."),
    bullet("앱 시작 시간을 2.4초에서 0.9초로 줄였습니다."),
    job("동남은행 디지털본부 (Dongnam Bank) — iOS 개발자", "2019.03 – 2021.06"),
    bullet("모바일 뱅킹 앱의 간편 송금과 Face ID 로그인을 개발했습니다."),
    bullet("Led the VoiceOver accessibility audit that fixed 120 issues before the 2020 release."),
    job("Pixelwave Studio — Junior iOS Developer", "Mar 2016 – Feb 2019"),
    bullet("Built 9 client apps for retail and education; two reached the App Store top 50 in Korea."),
    job("삼정소프트 — 인턴 (Intern)", "2015년 9월 ~ 2016년 2월"),
    bullet("사내 근태 관리 앱의 iPad 버전을 만들었습니다."),
    para("학력 Education", style=H),
    job("부경대학교 컴퓨터공학과 학사 (B.S. Computer Engineering)", "2012.03 – 2016.02"),
    para("기술 Skills", style=H),
    bullet("Swift, SwiftUI, UIKit, Combine, Objective-C"),
    bullet("Xcode Instruments, XCTest, Fastlane, Firebase Crashlytics"),
    bullet("GraphQL, REST, Core Data, Realm"),
    para("자격증 Certifications", style=H),
    bullet("정보처리기사 (2016)"),
    bullet("Stanford CS193p (SwiftUI) 온라인 과정 수료 (2018)"),
    para("어학 Languages", style=H),
    bullet("한국어: 모국어 (native)"),
    bullet("English: business fluent — TOEIC Speaking Level 7 (2022)"),
    para(run("", size=1), space_after=0) + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>',
    para("주요 프로젝트 Projects", style=H),
    job("여행가자 앱 결제 모듈 재작성 (Checkout rewrite)", "2023.01 – 2023.06"),
    bullet("UIKit 결제 화면 14개를 SwiftUI로 옮기고 스냅숏 테스트 300개를 추가했습니다."),
    bullet("Apple Pay and Toss Pay support; payment failures fell by a third."),
    job("오픈소스 \"HangulKit\"", "2020 – 현재"),
    bullet("한글 초성 검색과 자모 분리를 위한 Swift 패키지, GitHub 스타 850개."),
    para("발표 Talks", style=H),
    bullet("let us: Go! 2023 — \"SwiftUI로 결제 화면 옮기기\""),
    bullet("iOS Dev Korea 밋업 2021 — \"VoiceOver부터 시작하는 접근성\""),
    para("기타 (Etc.)", style=H),
    bullet("주말에는 광안리에서 서핑을 합니다 (since 2017)."),
    bullet("부산 개발자 모임 \"Busan Mobile\" 공동 운영자."),
]

header = para("서지민 · iOS Developer · Résumé", style="Header", align="right")
footer = para("- ", field("PAGE"), " -", style="Footer", align="center")
write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.docx"), "".join(body), header=header, footer=footer)
