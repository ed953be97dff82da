"""Writes source.docx: a ship's chief engineer's two-page CV as kept in Word — a running
header with his name, a "Page X of Y" footer made of PAGE and NUMPAGES fields, Word bullets
with a second level of "o" in Courier New (Word's other default), a sea-service table with
a header row repeated on each page, and a certificates table. LibreOffice exports it
(../make.sh)."""

import os
import sys

# No __pycache__ beside the documents: the harness takes every folder here for a résumé.
sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from wordml import C, field, p, r, tab, tbl, write  # noqa: E402

NAVY = "1F3A5F"
HEAD = "DCE6F0"


def h(text):
    return p(r(text.upper(), b=True, sz=11, color=NAVY, spacing=20), bottom=NAVY, before=220, after=80)


def b(text, lvl=0):
    return p(r(text), style="ListParagraph", num=1, lvl=lvl)


def hc(text):
    return C(text, fill=HEAD, b=True)


header = p(r("Declan Moravec — Chief Engineer (Unlimited) — Curriculum Vitae", sz=8, color="7F7F7F"), jc="right", bottom="BFBFBF")
footer = p(r("Page ", sz=8, color="7F7F7F"), field("PAGE", sz=8), r(" of ", sz=8, color="7F7F7F"), field("NUMPAGES", sz=8), jc="center")

body = [
    p(r("Declan Moravec", b=True, sz=24, color=NAVY), after=0),
    p(r("Chief Engineer (Motor), STCW III/2 Unlimited", sz=12), after=40),
    p(r("Gdynia, Poland  ·  +48 601 733 218  ·  declan.moravec@example.eu  ·  Nationality: Irish"), after=120),
    h("Profile"),
    p(r("Marine engineer with 17 years at sea, the last six as chief engineer on LNG carriers and large container ships. "
        "I run engine departments of up to 14 people and have taken two newbuilds from shipyard trials into service.")),
    h("Sea service"),
    tbl([
        [hc("Dates"), hc("Vessel / type"), hc("Rank"), hc("Company"), hc("Engine")],
        ["Mar 2022 – Sep 2026", "LNG Aurora Borealis, LNG carrier 174,000 m³", "Chief Engineer", "Kestrel Gas Shipping", "WinGD X-DF dual fuel"],
        ["Jan 2020 – Jun 2021", "Cape Lindholm, container ship 14,000 TEU", "Chief Engineer", "Nordhav Container Lines", "MAN B&W 11G95"],
        ["Jun 2016 – Dec 2019", "Cape Lindholm and sister ships", "Second Engineer", "Nordhav Container Lines", "MAN B&W 11G95"],
        ["Aug 2012 – May 2016", "Bulk carriers, 82,000 dwt", "Third, then Second Engineer", "Baltrade Bulk", "MAN B&W 6S60"],
        ["Sep 2009 – Jul 2012", "Ro-ro ferries, Irish Sea", "Engine Cadet, Fourth Engineer", "Celtic Strand Ferries", "Wärtsilä 4-stroke"],
    ], [1900, 2600, 1500, 1900, 1800], header_rows=1),
    h("Highlights"),
    b("Newbuild supervision at the shipyard for LNG Aurora Borealis (Jul 2021 – Feb 2022)"),
    b("sea trials, gas trials and guarantee period; 41 guarantee claims closed", 1),
    b("commissioned the boil-off gas reliquefaction plant", 1),
    b("Cut fuel consumption on Cape Lindholm by 7% with hull cleaning intervals and slow-steaming tuning"),
    b("Zero port state control detentions across 38 inspections as chief engineer"),
    b("Led the engine room through a main-engine crankcase inspection campaign after a bearing failure"),
    b("replaced two main bearings at anchor in 5 days, with no off-hire claim", 1),
    h("Certificates"),
    tbl([
        [hc("Certificate"), hc("Issued by"), hc("Valid until")],
        ["Certificate of Competency, Chief Engineer Unlimited (STCW III/2)", "Marine Survey Office, Dublin", "Apr 2029"],
        ["Advanced training for liquefied gas tanker operations (STCW V/1-2)", "Polish Maritime Administration", "Apr 2029"],
        ["IGF Code advanced training (gas-fuelled ships)", "Gdynia Maritime Training Centre", "Jan 2028"],
        ["ENG1 seafarer medical", "MCA-approved doctor", "Jun 2027"],
        ["High-voltage operational level (above 1,000 V)", "Gdynia Maritime Training Centre", "—"],
    ], [4800, 3200, 1700], header_rows=1),
    h("Education"),
    b("BEng (Hons) Marine Engineering, Cork Institute of Maritime Studies, 2009"),
    b("Engine cadetship with a sea-time phase on Irish Sea ferries, 2009–2012"),
    h("Skills"),
    b("Two-stroke and dual-fuel engines, cargo machinery on LNG carriers, planned maintenance in AMOS"),
    b("Budgeting: engine department spares and stores budget of USD 1.2 million a year"),
    b("Languages: English (native), Polish (conversational), Irish (school level)"),
    h("References"),
    p(r("Available on request.")),
]

write(os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.docx"), body,
      latin="Calibri", east="Calibri", size=10, header=header, footer=footer, second="courier",
      margins=(1100, 1000, 1000, 1000), title="Declan Moravec CV", lang="en-GB")
