"""Writes source.odt: a newcomer's own one-page English résumé in LibreOffice Writer, laid
out with tables (education and experience with header rows, a two-column skills table),
a few bullets and a footer. LibreOffice exports it (bench/chat-quality/make.sh).
The person and every fact are invented."""

import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
from odtlib import PAGE_COUNT, PAGE_NUMBER, bullets, h, p, table, table_styles, write  # noqa: E402

edu_w = [28, 62, 50, 30]
work_w = [34, 50, 86]
skill_w = [45, 125]
body = "".join([
    p("Hannah Brierley", "Name"),
    p("Graduate Civil Engineer · Bristol, UK · hannah.brierley@example.co.uk · 07700 900 561", "Role"),
    h("Personal statement"),
    p("Recent civil engineering graduate looking for a graduate scheme in water or flood-risk "
      "engineering. I did a 12-month industrial placement with a water utility and I am working "
      "towards chartership with the ICE."),
    h("Education"),
    table("Edu", edu_w, [
        ["Dates", "Institution", "Qualification", "Result"],
        ["2021 – 2025", "University of Bristol", "MEng Civil Engineering", "First (74%)"],
        ["2019 – 2021", "Cotham Sixth Form", "A levels: Maths, Physics, Geography", "A*, A, A"],
    ]),
    p("Final-year project: modelling sustainable drainage for a new housing estate in Keynsham with InfoDrainage."),
    h("Work experience"),
    table("Work", work_w, [
        ["Dates", "Employer", "Role and duties"],
        ["Jul 2023 – Jul 2024", "Severnside Water (placement)", "Placement engineer: sewer condition surveys, "
         "a pumping station upgrade and CCTV survey reviews."],
        ["Summers 2021, 2022", "Brierley & Sons Builders", "Site labourer, then assistant to the site manager."],
        ["2020 – 2023", "Clifton Lido", "Lifeguard, weekends and holidays."],
    ]),
    h("Skills"),
    table("Skill", skill_w, [
        ["Area", "Tools and level"],
        ["Software", "AutoCAD Civil 3D, InfoDrainage, Revit (basic), Excel, Python (basic)"],
        ["Site", "CSCS card (green), first aid at work (2024)"],
        ["Languages", "English (native), French (conversational)"],
    ]),
    h("Achievements"),
    bullets("ICE South West student prize for the best placement report, 2024",
            "Captain of the university women's rowing second eight, 2023–24",
            "Raised £2,300 for WaterAid by cycling from Bristol to London in 2022"),
    h("References"),
    p("Available on request."),
])

path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "source.odt")
write(path, body, header="", footer=f"Hannah Brierley — CV — page {PAGE_NUMBER} of {PAGE_COUNT}",
      extra_styles=table_styles("Edu", edu_w) + table_styles("Work", work_w) + table_styles("Skill", skill_w),
      left=20, right=20, font="Liberation Sans", lang="en", country="GB")
